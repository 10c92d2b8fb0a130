//! The ticket generator: one clean ticket at a time (with its call record
//! and flow records), then the chosen defects applied to it and labelled.
//! Tickets come out in creation-time order, one month, daytime-weighted.

use std::collections::VecDeque;
use std::io;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Timelike, Weekday};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::garble::{self, Garble};
use super::phrases as ph;
use super::vocab::{self as v, Topic};
use super::{
    AliasMode, CALL_COLUMNS, Cell, ColumnDef, DateStyles, FLOW_COLUMNS, Kind, Label, Options,
    OutFormat, Sink, Summary, TICKET_COLUMNS, TextEncoding,
};

/// Pick one element of a non-empty slice. All call sites pass constant,
/// non-empty word lists.
fn pick<'a, T, R: Rng>(rng: &mut R, xs: &'a [T]) -> &'a T {
    &xs[rng.random_range(0..xs.len())]
}

/// [`pick`] for `Copy` elements (word lists of `&'static str`).
fn pickc<T: Copy, R: Rng>(rng: &mut R, xs: &[T]) -> T {
    xs[rng.random_range(0..xs.len())]
}

fn alias_pick(rng: &mut ChaCha8Rng, cols: &[ColumnDef], mode: AliasMode) -> Vec<String> {
    cols.iter()
        .map(|(_, canon, aliases)| {
            if mode == AliasMode::Canonical || aliases.is_empty() {
                (*canon).to_string()
            } else {
                // The canonical header stays one of the choices.
                let i = rng.random_range(0..=aliases.len());
                if i == aliases.len() {
                    (*canon).to_string()
                } else {
                    aliases[i].to_string()
                }
            }
        })
        .collect()
}

pub(super) fn headers(opts: &Options) -> [Vec<String>; 3] {
    // A stream of its own, so headers do not depend on the ticket count.
    let mut rng = ChaCha8Rng::seed_from_u64(opts.seed ^ 0x6865_6164_6572_7321);
    [
        alias_pick(&mut rng, TICKET_COLUMNS, opts.aliases),
        alias_pick(&mut rng, CALL_COLUMNS, opts.aliases),
        alias_pick(&mut rng, FLOW_COLUMNS, opts.aliases),
    ]
}

// ------------------------------------------------------------ calendar

/// Public holidays and make-up working days (调休) of 2024; other years
/// count weekends only. Enough for deadlines of a synthetic month.
const HOLIDAYS_2024: &[(u32, u32)] = &[
    (1, 1),
    (2, 10),
    (2, 11),
    (2, 12),
    (2, 13),
    (2, 14),
    (2, 15),
    (2, 16),
    (2, 17),
    (4, 4),
    (4, 5),
    (4, 6),
    (5, 1),
    (5, 2),
    (5, 3),
    (5, 4),
    (5, 5),
    (6, 10),
    (9, 15),
    (9, 16),
    (9, 17),
    (10, 1),
    (10, 2),
    (10, 3),
    (10, 4),
    (10, 5),
    (10, 6),
    (10, 7),
];
const MAKEUP_2024: &[(u32, u32)] = &[
    (2, 4),
    (2, 18),
    (4, 7),
    (4, 28),
    (5, 11),
    (9, 14),
    (9, 29),
    (10, 12),
];

fn is_working_day(d: NaiveDate) -> bool {
    let md = (d.month(), d.day());
    if d.year() == 2024 {
        if MAKEUP_2024.contains(&md) {
            return true;
        }
        if HOLIDAYS_2024.contains(&md) {
            return false;
        }
    }
    !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

fn add_working_days(t: NaiveDateTime, n: u32) -> NaiveDateTime {
    let mut d = t;
    let mut left = n;
    while left > 0 {
        d += Duration::days(1);
        if is_working_day(d.date()) {
            left -= 1;
        }
    }
    d
}

/// Time limit in working days by appeal type.
fn limit_days(appeal_type: &str) -> u32 {
    match appeal_type {
        "咨询" | "表扬" => 3,
        "求助" | "其他" => 5,
        "投诉" => 10,
        _ => 15,
    }
}

/// Hourly weights of a hotline day.
const HOURS: [f64; 24] = [
    1.0, 0.5, 0.3, 0.3, 0.3, 0.5, 1.0, 3.0, 7.0, 10.0, 10.0, 9.0, 7.0, 7.0, 9.0, 9.0, 9.0, 8.0,
    6.0, 5.0, 4.0, 3.0, 2.0, 1.5,
];

/// Seconds into the day at quantile `q` of the hourly profile.
fn day_seconds(q: f64) -> i64 {
    let total: f64 = HOURS.iter().sum();
    let mut acc = 0.0;
    for (h, w) in HOURS.iter().enumerate() {
        let next = acc + w / total;
        if q < next || h == 23 {
            let frac = ((q - acc) / (w / total)).clamp(0.0, 0.999_999);
            #[allow(clippy::cast_possible_truncation)]
            return h as i64 * 3600 + (frac * 3600.0) as i64;
        }
        acc = next;
    }
    86_399
}

// ------------------------------------------------------------ model

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Handling {
    Immediate,
    Network,
    NonAccept,
}

impl Handling {
    fn label(self) -> &'static str {
        match self {
            Handling::Immediate => "当即答复",
            Handling::Network => "网络转办",
            Handling::NonAccept => "不予受理",
        }
    }
}

/// Field indices into [`TICKET_COLUMNS`]; every column has a variant so
/// that `f as usize` is its column, even where no defect targets it yet.
#[allow(dead_code)]
#[derive(Clone, Copy, PartialEq, Eq)]
enum F {
    Id,
    Created,
    Channel,
    CallId,
    Name,
    Phone,
    AppealType,
    Category,
    County,
    Content,
    Handling,
    NonacceptReason,
    Unit,
    Status,
    Deadline,
    Closed,
    Closing,
    ReturnReason,
    ExtensionReason,
    CallbackResult,
    CallbackAt,
    CallbackNote,
}

fn field_name(f: F) -> &'static str {
    TICKET_COLUMNS[f as usize].0
}

struct Ticket {
    id: String,
    created: NaiveDateTime,
    channel: &'static str,
    call_id: String,
    name: String,
    phone: String,
    appeal_type: &'static str,
    category: &'static str,
    county: &'static str,
    content: String,
    handling: Handling,
    nonaccept_reason: String,
    unit: String,
    status: &'static str,
    deadline: NaiveDateTime,
    closed: Option<NaiveDateTime>,
    closing: String,
    return_reason: String,
    extension_reason: String,
    callback_result: String,
    callback_at: Option<NaiveDateTime>,
    callback_note: String,
    /// Raw cell text that replaces the typed value (GD701/702/704).
    raw: Vec<(F, String)>,
}

struct Call {
    id: String,
    caller: String,
    callee: String,
    inbound: bool,
    start: NaiveDateTime,
    secs: u64,
    agent: String,
}

struct Flow {
    action: &'static str,
    unit: String,
    at: NaiveDateTime,
    opinion: String,
}

/// Slot values for filling a phrase template.
#[derive(Default, Clone)]
struct Ctx {
    place: String,
    county: String,
    caller: String,
    short: String,
    asset: String,
    unit: String,
    other: String,
    date: String,
    time: String,
    org: String,
    staff: String,
    reference: String,
    num: String,
    month: u32,
    /// Index of the problem chosen for the appeal; process, result and
    /// request are taken at the same index so the story holds together.
    pi: usize,
}

/// The closing elements of seed 四.1, as assembled pieces.
#[derive(Default)]
struct Elements {
    unit: String,
    staff: String,
    time: Option<String>,
    org: bool,
    process: Option<String>,
    result: Option<String>,
    contact: Option<String>,
    extra: Option<String>,
    short: String,
}

/// A GD505 template in use this run: fixed text, unit and clerk.
struct Template {
    text: &'static str,
    unit: &'static str,
    staff: String,
}

const CHANNELS: &[(&str, u32)] = &[
    ("电话", 70),
    ("微信", 9),
    ("网站", 6),
    ("小程序", 5),
    ("APP", 4),
    ("短信", 2),
    ("信箱", 2),
    ("邮件", 1),
    ("110接警", 1),
];

const MOBILE_PREFIXES: &[&str] = &[
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "147", "150", "151",
    "152", "153", "155", "156", "157", "158", "159", "166", "173", "175", "176", "177", "178",
    "180", "181", "182", "183", "185", "186", "187", "188", "189", "191", "193", "195", "198",
    "199",
];

/// Defect codes with their selection weights.
const DEFECT_WEIGHTS: &[(&str, u32)] = &[
    ("GD101", 3),
    ("GD201", 2),
    ("GD202", 2),
    ("GD203", 2),
    ("GD204", 2),
    ("GD301", 2),
    ("GD302", 2),
    ("GD303", 2),
    ("GD304", 2),
    ("GD305", 2),
    ("GD401", 3),
    ("GD402", 2),
    ("GD403", 2),
    ("GD404", 2),
    ("GD501", 3),
    ("GD502", 3),
    ("GD503", 2),
    ("GD504", 2),
    ("GD505", 1),
    ("GD601", 2),
    ("GD602", 2),
    ("GD603", 2),
    ("GD701", 2),
    ("GD702", 2),
    ("GD703", 2),
    ("GD704", 2),
];

/// Assets that are built and handed over (移交), as opposed to duties.
const INFRASTRUCTURE: &[&str] = &[
    "路灯",
    "排水井盖",
    "排水管网",
    "环卫设施",
    "供水管网",
    "燃气管道",
    "通信基站",
    "公交线路",
    "小区公共设施",
];

/// Tickets one GD505 template is pasted onto.
const TEMPLATE_USES: u64 = 5;

/// Template cities' units: units that handle several topics.
const TEMPLATE_UNITS: &[&str] = &[
    "邵阳市城市管理和综合执法局",
    "邵阳市住房和城乡建设局",
    "邵阳市公安局",
    "邵阳市市场监督管理局",
];

struct Gen<'a> {
    opts: &'a Options,
    rng: ChaCha8Rng,
    gbk: bool,
    recent: VecDeque<String>,
    last_ticket: Option<(String, Vec<Cell>)>,
    call_seq: u64,
    templates: Vec<Template>,
    summary: Summary,
    /// A GD505 burst in progress: template index, uses still to place.
    burst: Option<(usize, u64)>,
}

pub(super) fn run(opts: &Options, sink: &mut dyn Sink) -> io::Result<Summary> {
    let mut g = Gen::new(opts);
    let Some(first) = NaiveDate::from_ymd_opt(opts.year, opts.month, 1) else {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, "bad month"));
    };
    let next = if opts.month == 12 {
        NaiveDate::from_ymd_opt(opts.year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(opts.year, opts.month + 1, 1)
    };
    let days: Vec<NaiveDate> = first.iter_days().take_while(|d| Some(*d) != next).collect();
    // Tickets per day: weekends a little quieter; largest remainder.
    let weights: Vec<f64> = days
        .iter()
        .map(|d| {
            if matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
                0.8
            } else {
                1.0
            }
        })
        .collect();
    let wsum: f64 = weights.iter().sum();
    #[allow(clippy::cast_precision_loss)]
    let exact: Vec<f64> = weights
        .iter()
        .map(|w| w / wsum * opts.tickets as f64)
        .collect();
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let mut counts: Vec<u64> = exact.iter().map(|x| x.floor() as u64).collect();
    let mut rest = opts.tickets - counts.iter().sum::<u64>();
    let mut order: Vec<usize> = (0..days.len()).collect();
    order.sort_by(|&a, &b| {
        let fa = exact[a] - exact[a].floor();
        let fb = exact[b] - exact[b].floor();
        fb.total_cmp(&fa).then(a.cmp(&b))
    });
    for &i in order.iter().cycle() {
        if rest == 0 {
            break;
        }
        counts[i] += 1;
        rest -= 1;
    }
    for (day, &count) in days.iter().zip(&counts) {
        let midnight = day.and_hms_opt(0, 0, 0).unwrap_or_default();
        for j in 0..count {
            #[allow(clippy::cast_precision_loss)]
            let q = (j as f64 + g.rng.random::<f64>()) / count as f64;
            let created = midnight + Duration::seconds(day_seconds(q));
            let id = format!("SY{}{:06}", day.format("%y%m%d"), j + 1);
            g.one(id, created, sink)?;
        }
    }
    Ok(g.summary)
}

impl<'a> Gen<'a> {
    fn new(opts: &'a Options) -> Self {
        let mut rng = ChaCha8Rng::seed_from_u64(opts.seed);
        let n_templates = usize::try_from(opts.tickets / 1000)
            .unwrap_or(usize::MAX)
            .clamp(1, ph::TEMPLATES.len());
        let mut templates = Vec::new();
        for i in 0..n_templates {
            let staff = format!(
                "{}{}",
                pick(&mut rng, v::SURNAMES),
                if rng.random_bool(0.5) {
                    "某"
                } else {
                    "某某"
                }
            );
            templates.push(Template {
                text: ph::TEMPLATES
                    [(i + rng.random_range(0..ph::TEMPLATES.len())) % ph::TEMPLATES.len()],
                unit: TEMPLATE_UNITS[i % TEMPLATE_UNITS.len()],
                staff,
            });
        }
        Gen {
            opts,
            rng,
            gbk: opts.format == OutFormat::Csv && opts.encoding == TextEncoding::Gbk,
            recent: VecDeque::new(),
            last_ticket: None,
            call_seq: 0,
            templates,
            summary: Summary::default(),
            burst: None,
        }
    }

    fn chance(&mut self, p: f64) -> bool {
        self.rng.random_bool(p.clamp(0.0, 1.0))
    }

    fn mins(&mut self, lo: i64, hi: i64) -> Duration {
        Duration::seconds(self.rng.random_range(lo * 60..=hi * 60))
    }

    fn weighted<T: Copy>(&mut self, xs: &[(T, u32)]) -> T {
        let total: u32 = xs.iter().map(|x| x.1).sum();
        let mut r = self.rng.random_range(0..total);
        for &(x, w) in xs {
            if r < w {
                return x;
            }
            r -= w;
        }
        xs[0].0
    }

    fn surname(&mut self) -> &'static str {
        pickc(&mut self.rng, v::SURNAMES)
    }

    fn clerk(&mut self) -> String {
        let s = self.surname();
        format!("{s}{}", if self.chance(0.6) { "某" } else { "某某" })
    }

    fn mobile(&mut self) -> String {
        let p = pick(&mut self.rng, MOBILE_PREFIXES);
        format!("{p}{:08}", self.rng.random_range(0..100_000_000u32))
    }

    fn phone(&mut self) -> String {
        if self.chance(0.08) {
            format!(
                "0739-{}{:06}",
                self.rng.random_range(2..=9u32),
                self.rng.random_range(0..1_000_000u32)
            )
        } else {
            self.mobile()
        }
    }

    /// The same number as a call platform may write it.
    fn phone_variant(&mut self, phone: &str) -> String {
        if !self.chance(0.3) {
            return phone.to_string();
        }
        if let Some(rest) = phone.strip_prefix("0739-") {
            return if self.chance(0.5) {
                format!("0739{rest}")
            } else {
                format!("0739 {rest}")
            };
        }
        match self.rng.random_range(0..4) {
            0 => format!("+86{phone}"),
            1 => format!("+86 {} {} {}", &phone[..3], &phone[3..7], &phone[7..]),
            2 => format!("{} {} {}", &phone[..3], &phone[3..7], &phone[7..]),
            _ => format!("86-{phone}"),
        }
    }

    fn fill(&mut self, tpl: &str, ctx: &Ctx) -> String {
        let mut out = String::with_capacity(tpl.len() + 16);
        let mut rest = tpl;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                out.push_str(&rest[open..]);
                return out;
            };
            let key = &after[..close];
            let val = match key {
                "place" => ctx.place.clone(),
                "county" => ctx.county.clone(),
                "caller" => ctx.caller.clone(),
                "short" => ctx.short.clone(),
                "asset" => ctx.asset.clone(),
                "unit" => ctx.unit.clone(),
                "other" => ctx.other.clone(),
                "date" => ctx.date.clone(),
                "time" => ctx.time.clone(),
                "org" => ctx.org.clone(),
                "staff" => ctx.staff.clone(),
                "ref" => ctx.reference.clone(),
                "num" => ctx.num.clone(),
                "month" => ctx.month.to_string(),
                "k" => self.rng.random_range(2..=30u32).to_string(),
                "n" => self.rng.random_range(1..=32u32).to_string(),
                "m" => self.rng.random_range(1..=6u32).to_string(),
                "name" | "name2" => self.clerk(),
                "landline" => format!("0739-5{:06}", self.rng.random_range(0..1_000_000u32)),
                "invoice" => format!(
                    "2443200000{:010}",
                    self.rng.random_range(0..10_000_000_000u64)
                ),
                "channel" => {
                    pick(&mut self.rng, &["微信公众号", "12345网站", "小程序"]).to_string()
                }
                "obstacle" => pick(&mut self.rng, v::OBSTACLES).to_string(),
                "who" => pick(&mut self.rng, ph::PERFUNCTORY_WHO).to_string(),
                _ => format!("{{{key}}}"),
            };
            out.push_str(&val);
            rest = &after[close + 1..];
        }
        out.push_str(rest);
        out
    }

    fn place(&mut self, county: &v::County) -> String {
        let base = pick(&mut self.rng, county.places);
        let detail = pick(&mut self.rng, v::PLACE_DETAILS);
        let detail = self.fill(detail, &Ctx::default());
        format!("{}{base}{detail}", county.name)
    }

    fn county(&mut self, urban_only: bool) -> &'static v::County {
        let list: Vec<(&'static v::County, u32)> = v::COUNTIES
            .iter()
            .filter(|c| !urban_only || c.urban)
            .map(|c| (c, c.weight))
            .collect();
        self.weighted(&list)
    }

    fn unit_for(&mut self, topic: &Topic, county: &v::County) -> String {
        if topic.enterprise || (county.urban && self.chance(0.7)) {
            return (pickc(&mut self.rng, topic.city_units)).to_string();
        }
        if county.urban {
            return if county.name == "经开区" {
                "邵阳市经济开发区管理委员会".to_string()
            } else {
                format!("邵阳市{}人民政府", county.name)
            };
        }
        match topic.county_bureau {
            Some(b) if self.chance(0.7) => format!("{}{b}", county.name),
            _ => format!("{}人民政府", county.name),
        }
    }

    fn date_phrase(&mut self, t: NaiveDateTime) -> String {
        match self.rng.random_range(0..5) {
            0 => format!("{}月{}日", t.month(), t.day()),
            1 => format!(
                "{}月{}日{}",
                t.month(),
                t.day(),
                if t.hour() < 12 { "上午" } else { "下午" }
            ),
            2 => format!("{}年{}月{}日", t.year(), t.month(), t.day()),
            3 => format!("{}月{}日{}时许", t.month(), t.day(), t.hour()),
            _ => format!("{}月{}日", t.month(), t.day()),
        }
    }

    /// A time in office hours on the day of `t`, kept inside `lo..=hi`.
    fn office(&mut self, t: NaiveDateTime, lo: NaiveDateTime, hi: NaiveDateTime) -> NaiveDateTime {
        if (8..18).contains(&t.hour()) {
            return t;
        }
        let day = t.date().and_hms_opt(8, 30, 0).unwrap_or(t);
        let c = day + Duration::seconds(self.rng.random_range(0..9 * 3600));
        c.clamp(lo, hi.max(lo))
    }

    /// Move a unit's action out of the night into office hours (later, never
    /// earlier, so the order of actions holds).
    fn office_forward(&mut self, t: NaiveDateTime) -> NaiveDateTime {
        let h = t.hour();
        if (8..18).contains(&h) {
            return t;
        }
        let day = if h >= 18 {
            t.date() + Duration::days(1)
        } else {
            t.date()
        };
        day.and_hms_opt(8, 30, 0).unwrap_or(t)
            + Duration::seconds(self.rng.random_range(0..3 * 3600))
    }

    fn between(&mut self, a: NaiveDateTime, b: NaiveDateTime) -> NaiveDateTime {
        let span = (b - a).num_seconds().max(1);
        a + Duration::seconds(self.rng.random_range(0..span))
    }

    fn content(
        &mut self,
        topic: &Topic,
        place: &str,
        caller: &str,
        channel: &str,
        pi: usize,
    ) -> String {
        let opener = pick(&mut self.rng, v::APPEAL_OPENERS);
        let opener = opener
            .replace("{name}", caller)
            .replace("{channel}", channel);
        let ctx = Ctx::default();
        let problem = topic.problems[pi % topic.problems.len()];
        let problem = self.fill(problem, &ctx);
        let middle = pickc(
            &mut self.rng,
            &[
                "",
                "",
                "已多次反映，",
                "持续了一个多星期，",
                "影响周边居民正常生活，",
                "为什么一直没人管？？",
            ],
        );
        let request = topic.requests[pi % topic.requests.len()];
        let personal = matches!(
            topic.category,
            "人力资源与社会保障类" | "教育文体类" | "卫生健康类" | "通信类" | "金融商贸财经类"
        ) || topic.short == "燃气故障";
        let mut s = if personal {
            format!("{opener}家住{place}，{problem}，{middle}{request}。")
        } else {
            format!("{opener}{place}{problem}，{middle}{request}。")
        };
        if !self.gbk && channel != "电话" && self.chance(0.15) {
            s.push_str(pickc(&mut self.rng, &["🙏", "谢谢！👍", "😡😡"]));
        } else if channel == "网站" && self.chance(0.2) {
            s.push_str("（现场照片已上传：https://12345.shaoyang.example/att/");
            s.push_str(&self.rng.random_range(100_000..999_999u32).to_string());
            s.push_str(".jpg）");
        }
        s
    }

    /// Five-element closing text; `None` elements are left out.
    fn assemble(&mut self, e: &Elements) -> String {
        let style = self.rng.random_range(0..4);
        let org = if e.org {
            Some(format!("{}{}", e.unit, e.staff))
        } else {
            None
        };
        let mut s = String::new();
        if style == 3 {
            let mut parts = Vec::new();
            if e.org {
                parts.push(format!("办理单位：{}", e.unit));
                parts.push(format!("经办人：{}", e.staff));
            }
            if let Some(t) = &e.time {
                parts.push(format!("办理时间：{t}"));
            }
            if let Some(p) = &e.process {
                parts.push(format!("办理过程：{p}"));
            }
            if let Some(r) = &e.result {
                parts.push(format!("办理结果：{r}"));
            }
            if let Some(c) = &e.contact {
                parts.push(format!("联系情况：{c}"));
            }
            s.push_str(&parts.join("；"));
            s.push('。');
        } else {
            if style == 2 {
                s.push_str(&format!(
                    "尊敬的市民：您好！您反映的{}问题已收悉。",
                    e.short
                ));
            }
            let mut first = String::new();
            match (&org, &e.time) {
                (Some(o), Some(t)) if style == 0 => first.push_str(&format!("{o}于{t}")),
                (_, Some(t)) => first.push_str(&format!("{t}，")),
                _ => {}
            }
            let org_done = style == 0 && org.is_some() && e.time.is_some();
            match (&org, &e.process) {
                (Some(o), Some(p)) => {
                    if !org_done {
                        first.push_str(o);
                    }
                    first.push_str(p);
                }
                (Some(o), None) => {
                    if org_done {
                        first.push_str("接到工单");
                    } else {
                        first.push_str(&format!("本件由{o}负责办理"));
                    }
                }
                (None, Some(p)) => first.push_str(&format!("经{p}")),
                (None, None) => {}
            }
            let first = first.trim_end_matches('，').to_string();
            match (&e.result, first.is_empty()) {
                (Some(r), false) => s.push_str(&format!("{first}，{r}。")),
                (Some(r), true) => s.push_str(&format!("{r}。")),
                (None, false) => s.push_str(&format!("{first}。")),
                (None, true) => {}
            }
            if let Some(c) = &e.contact {
                s.push_str(c);
                s.push('。');
            }
        }
        if let Some(x) = &e.extra {
            s.push_str(x);
        }
        s
    }

    fn elements(&mut self, topic: &Topic, ctx: &Ctx, when: NaiveDateTime) -> Elements {
        let staff = pick(&mut self.rng, v::STAFF);
        let staff = self.fill(staff, ctx);
        let time = Some(self.date_phrase(when));
        let process = topic.process[ctx.pi % topic.process.len()];
        let process = Some(self.fill(process, ctx));
        let result = topic.results[ctx.pi % topic.results.len()];
        let result = Some(self.fill(result, ctx));
        let contact = pick(&mut self.rng, v::CONTACTS);
        let contact = Some(self.fill(contact, ctx));
        let extra = if self.chance(0.6) {
            let x = pick(&mut self.rng, v::CLOSING_EXTRAS);
            Some(self.fill(x, ctx))
        } else {
            None
        };
        Elements {
            unit: ctx.unit.clone(),
            staff,
            time,
            org: true,
            process,
            result,
            contact,
            extra,
            short: topic.short.to_string(),
        }
    }

    fn callback_ok(&mut self) -> (String, String) {
        let r = match self.rng.random_range(0..100) {
            0..45 => "非常满意",
            45..50 => "很满意",
            50..92 => "满意",
            _ => "基本满意",
        };
        let note = pick(&mut self.rng, v::CALLBACK_NOTES_OK);
        (r.to_string(), (*note).to_string())
    }

    fn next_call_id(&mut self, start: NaiveDateTime) -> String {
        self.call_seq += 1;
        format!(
            "{}{:04}",
            start.format("%Y%m%d%H%M%S"),
            self.call_seq % 10_000
        )
    }

    fn agent(&mut self) -> String {
        format!("10{:02}", self.rng.random_range(1..=60u32))
    }

    fn dispatch_opinion(&mut self) -> String {
        (pickc(&mut self.rng, v::DISPATCH_OPINIONS)).to_string()
    }

    fn sign_opinion(&mut self) -> String {
        (pickc(&mut self.rng, v::SIGN_OPINIONS)).to_string()
    }

    fn valid_return(&mut self, topic: &Topic, place: &str, other: &str) -> String {
        let year = self.rng.random_range(2019..=2023);
        let month = self.rng.random_range(1..=12);
        let doc = pick(&mut self.rng, v::DOCS);
        let reg = pick(&mut self.rng, v::REGULATIONS);
        let asset = topic.asset;
        if !INFRASTRUCTURE.contains(&asset) {
            // A duty, not a thing that is handed over.
            return match self.rng.random_range(0..3) {
                0 => format!(
                    "该诉求涉及{asset}，根据我单位“三定”方案，我单位无此项职责和执法权限；依据{doc}，{asset}由{other}负责，建议改派{other}办理。"
                ),
                1 => format!(
                    "退回理由：{asset}不属于我单位法定职责。依据：{doc}第三条明确{asset}由{other}主管。建议承办单位：{other}。"
                ),
                _ => format!(
                    "经核实，此事项属{other}职责（依据{other}“三定”方案及{doc}），我单位已与{other}电话沟通确认，建议转{other}承办。"
                ),
            };
        }
        match self.rng.random_range(0..4) {
            0 => format!(
                "经核实，{place}{asset}已于{year}年{month}月移交{other}管理维护，不属于我单位职责范围。依据{reg}及双方签订的移交记录（{doc}），建议改派{other}办理。"
            ),
            1 => format!(
                "退回理由：该{asset}产权及管养单位为{other}。依据：{doc}明确由{other}负责{asset}日常维护。建议承办单位：{other}。"
            ),
            2 => format!(
                "根据我单位“三定”方案，我单位不承担{asset}管护职责；按照{doc}规定，{place}{asset}由{other}负责，请转{other}处理。"
            ),
            _ => format!(
                "{place}{asset}尚在{other}建设期内，未办理移交手续（见{year}年{month}月移交清单），依据{reg}第八条由建设单位负责维护，建议由{other}承办。"
            ),
        }
    }

    fn valid_extension(&mut self, ctx: &Ctx, until: NaiveDateTime) -> String {
        let obstacle = pick(&mut self.rng, v::OBSTACLES);
        let n = self.rng.random_range(3..=10);
        format!(
            "{}{}，{obstacle}，目前已完成现场勘查并制定施工方案，预计{}月{}日前办结，特申请延期{n}个工作日。",
            ctx.place,
            ctx.asset,
            until.month(),
            until.day()
        )
    }

    /// Another unit that could plausibly own the matter: the topic's other
    /// city units, the local government, the county bureau.
    fn other_unit(&mut self, topic: &Topic, county: &v::County, unit: &str) -> String {
        let mut cands: Vec<String> = topic.city_units.iter().map(|u| (*u).to_string()).collect();
        if county.urban {
            cands.push(if county.name == "经开区" {
                "邵阳市经济开发区管理委员会".to_string()
            } else {
                format!("邵阳市{}人民政府", county.name)
            });
        } else {
            cands.push(format!("{}人民政府", county.name));
            if let Some(b) = topic.county_bureau {
                cands.push(format!("{}{b}", county.name));
            }
        }
        cands.retain(|u| u != unit);
        if cands.is_empty() {
            return "邵阳市城市管理和综合执法局".to_string();
        }
        pick(&mut self.rng, &cands).clone()
    }

    /// Generate one ticket with its calls and flows, apply defects, emit.
    #[allow(clippy::too_many_lines)]
    fn one(&mut self, id: String, created: NaiveDateTime, sink: &mut dyn Sink) -> io::Result<()> {
        let mut defect: Option<&'static str> = None;
        if self.chance(self.opts.defect_rate) {
            defect = Some(self.weighted(DEFECT_WEIGHTS));
        }
        // GD505 needs "many" tickets: a template, once chosen, is pasted onto
        // the next TEMPLATE_USES tickets (one clerk's batch); never started
        // when fewer rows remain, so every labelled use is one of many.
        let mut template: Option<usize> = None;
        if let Some((i, left)) = self.burst {
            defect = Some("GD505");
            template = Some(i);
            self.burst = (left > 1).then_some((i, left - 1));
        } else if defect == Some("GD505") {
            let rows_left = self.opts.tickets.saturating_sub(self.summary.tickets);
            if rows_left >= TEMPLATE_USES {
                let i = self.rng.random_range(0..self.templates.len());
                template = Some(i);
                self.burst = Some((i, TEMPLATE_USES - 1));
            } else {
                defect = None;
            }
        }
        if defect == Some("GD703") {
            if let Some((dup_id, row)) = self.last_ticket.take() {
                sink.row(Kind::Tickets, &row)?;
                self.summary.tickets += 1;
                // One duplicate per id: the next GD703 draws a fresh ticket.
                self.emit_labels(sink, &dup_id, &[("GD703", "ticket_id")])?;
                return Ok(());
            }
            defect = None;
        }
        let d = defect.unwrap_or("");
        let handling = match d {
            "GD301" | "GD302" | "GD303" | "GD304" | "GD305" => Handling::NonAccept,
            "GD401" | "GD402" | "GD403" | "GD404" | "GD501" | "GD502" | "GD503" | "GD504"
            | "GD505" | "GD601" => Handling::Network,
            _ => {
                let r = self.rng.random_range(0..100);
                if r < 55 {
                    Handling::Immediate
                } else if r < 97 {
                    Handling::Network
                } else {
                    Handling::NonAccept
                }
            }
        };
        let mut channel = self.weighted(CHANNELS);
        if d.starts_with("GD2") {
            channel = "电话";
        } else if d == "GD704" && channel == "电话" {
            channel = "微信";
        }
        let county = match template {
            Some(_) => self.county(true),
            None => self.county(false),
        };
        let topic: &'static Topic = match template {
            Some(i) => {
                let unit = self.templates[i].unit;
                let cands: Vec<&'static Topic> = v::TOPICS
                    .iter()
                    .filter(|t| t.city_units.contains(&unit))
                    .collect();
                pickc(&mut self.rng, &cands)
            }
            None => pick(&mut self.rng, v::TOPICS),
        };
        let caller = format!(
            "{}{}",
            self.surname(),
            if self.chance(0.5) { "女士" } else { "先生" }
        );
        let phone = self.phone();
        let place = self.place(county);
        let mut labels: Vec<(&'static str, &'static str)> = Vec::new();
        let mut calls: Vec<Call> = Vec::new();
        let mut flows: Vec<Flow> = Vec::new();
        let mut ctx = Ctx {
            place: place.clone(),
            county: county.name.to_string(),
            caller: caller.clone(),
            short: topic.short.to_string(),
            asset: topic.asset.to_string(),
            month: created.month(),
            ..Ctx::default()
        };
        ctx.pi = self.rng.random_range(0..topic.problems.len());

        let mut t = Ticket {
            id: id.clone(),
            created,
            channel,
            call_id: String::new(),
            name: caller.clone(),
            phone: phone.clone(),
            appeal_type: pickc(&mut self.rng, topic.appeal_types),
            category: topic.category,
            county: county.name,
            content: String::new(),
            handling,
            nonaccept_reason: String::new(),
            unit: v::HOTLINE.to_string(),
            status: if self.chance(0.3) {
                "已归档"
            } else {
                "已办结"
            },
            deadline: created,
            closed: None,
            closing: String::new(),
            return_reason: String::new(),
            extension_reason: String::new(),
            callback_result: String::new(),
            callback_at: None,
            callback_note: String::new(),
            raw: Vec::new(),
        };

        match handling {
            Handling::Immediate => {
                let emergency = self.chance(0.03);
                if emergency {
                    let (what, num) = pickc(&mut self.rng, v::EMERGENCIES);
                    t.content = format!("来电人称{}", self.fill(what, &ctx));
                    t.appeal_type = "求助";
                    t.category = "社会治安类";
                    t.closing = format!(
                        "话务员已第一时间三方转接{num}指挥中心处置，并告知来电人保持电话畅通、注意自身安全。"
                    );
                } else {
                    let (cat, q, a) = pickc(&mut self.rng, v::CONSULTATIONS);
                    t.category = cat;
                    t.appeal_type = "咨询";
                    let how = pickc(
                        &mut self.rng,
                        &[
                            "市民来电咨询：{q}。",
                            "来电人咨询{q}。",
                            "{county}市民咨询{q}。",
                            "{caller}来电，咨询{q}？",
                            "市民在{county}，想了解{q}。",
                        ],
                    );
                    t.content = self.fill(&how.replace("{q}", q), &ctx);
                    let src = pick(&mut self.rng, v::ANSWER_SOURCES);
                    let how = pickc(
                        &mut self.rng,
                        &[
                            "话务员根据{src}答复：",
                            "已根据{src}向{caller}解答：",
                            "经查询{src}，告知市民：",
                            "关于{q}，话务员按{src}答复：",
                            "市民咨询{q}，已答复：",
                        ],
                    );
                    let tail = pickc(
                        &mut self.rng,
                        &[
                            "市民表示清楚。",
                            "{caller}表示知晓。",
                            "市民表示明白，无其他诉求。",
                            "如仍有疑问可到{county}政务服务中心咨询，市民表示满意。",
                            "已将办事指南短信发送至市民手机，市民表示感谢。",
                            "并告知{county}政务服务中心的办公时间为工作日8:30-17:30，市民表示清楚。",
                            "{caller}表示会按上述方式办理。",
                            "市民对答复表示认可。",
                        ],
                    );
                    let how = how.replace("{q}", q);
                    let how = how.replace("{src}", src);
                    let how = self.fill(&how, &ctx);
                    let tail = self.fill(tail, &ctx);
                    t.closing = format!("{how}{a}。{tail}");
                }
                t.deadline = add_working_days(created, limit_days(t.appeal_type));
                let closed = created + self.mins(3, 25);
                t.closed = Some(closed);
                flows.push(Flow {
                    action: "办结",
                    unit: v::HOTLINE.into(),
                    at: closed,
                    opinion: "当即答复".into(),
                });
            }
            Handling::NonAccept => {
                self.non_accept(&mut t, &mut ctx, d, topic, &place, &caller, &mut labels);
                t.deadline = add_working_days(created, limit_days(t.appeal_type));
                let closed = created + self.mins(5, 60);
                t.closed = Some(closed);
                flows.push(Flow {
                    action: "办结",
                    unit: v::HOTLINE.into(),
                    at: closed,
                    opinion: "不予受理".into(),
                });
            }
            Handling::Network => {
                self.network(
                    &mut t,
                    &mut ctx,
                    d,
                    topic,
                    county,
                    &place,
                    &caller,
                    template,
                    &mut flows,
                    &mut labels,
                );
            }
        }

        // Callback (all closed tickets unless a defect says otherwise).
        if t.closed.is_some() && t.callback_at.is_none() && t.callback_result.is_empty() {
            let closed = t.closed.unwrap_or(created);
            let at = closed + self.mins(60, 48 * 60);
            let at = self.office(
                at,
                closed + Duration::minutes(30),
                closed + Duration::days(3),
            );
            t.callback_at = Some(at);
            let (r, n) = self.callback_ok();
            t.callback_result = r;
            t.callback_note = n;
        }

        // Call record for phone tickets.
        if channel == "电话" {
            let start = created - Duration::seconds(self.rng.random_range(40..900));
            let secs = self.rng.random_range(60..900u64);
            let cid = self.next_call_id(start);
            t.call_id = cid.clone();
            let caller_disp = self.phone_variant(&phone);
            let agent = self.agent();
            calls.push(Call {
                id: cid,
                caller: caller_disp,
                callee: "12345".into(),
                inbound: true,
                start,
                secs,
                agent,
            });
        }
        // Some callbacks are outbound calls: unlinked records, realistic noise.
        if let Some(at) = t.callback_at {
            if self.chance(0.25) {
                let cid = self.next_call_id(at);
                let secs = self.rng.random_range(30..240u64);
                let agent = self.agent();
                calls.push(Call {
                    id: cid,
                    caller: "12345".into(),
                    callee: phone.clone(),
                    inbound: false,
                    start: at,
                    secs,
                    agent,
                });
            }
            if flows.iter().all(|f| f.action != "回访")
                && !t.callback_result.is_empty()
                && t.callback_result != "未回访"
            {
                let opinion = format!("{}：{}", t.callback_result, t.callback_note);
                flows.push(Flow {
                    action: "回访",
                    unit: v::HOTLINE.into(),
                    at,
                    opinion,
                });
            }
        }

        // Defects on the call link, on times and on values.
        self.late_defects(&mut t, d, &mut calls, &mut flows, &mut labels);

        // A second, independent defect now and then.
        if defect.is_some() && self.chance(0.15) {
            let phone_ok = t.channel == "电话"
                && !t.call_id.is_empty()
                && !d.starts_with("GD2")
                && !d.starts_with("GD7")
                && d != "GD603";
            if phone_ok && self.chance(0.5) {
                let second = if self.chance(0.5) { "GD201" } else { "GD203" };
                self.call_defect_in(&mut t, second, &mut calls, &mut labels);
            } else if !matches!(d, "GD304" | "GD305" | "GD101" | "GD701") {
                self.garble_field(&mut t, F::Content, &mut labels);
            }
        }

        // Emit.
        let row = self.render_ticket(&t);
        sink.row(Kind::Tickets, &row)?;
        self.summary.tickets += 1;
        for c in &calls {
            let row = self.render_call(c);
            sink.row(Kind::Calls, &row)?;
            self.summary.calls += 1;
        }
        for f in &flows {
            let row = vec![
                Cell::Text(t.id.clone()),
                Cell::Text(f.action.to_string()),
                Cell::Text(f.unit.clone()),
                self.time_cell(f.at),
                Cell::Text(f.opinion.clone()),
            ];
            sink.row(Kind::Flows, &row)?;
            self.summary.flows += 1;
        }
        self.emit_labels(sink, &id, &labels)?;
        self.recent.push_back(id.clone());
        if self.recent.len() > 64 {
            self.recent.pop_front();
        }
        self.last_ticket = Some((id, row));
        Ok(())
    }

    fn emit_labels(
        &mut self,
        sink: &mut dyn Sink,
        id: &str,
        labels: &[(&'static str, &'static str)],
    ) -> io::Result<()> {
        let mut seen: Vec<(&str, &str)> = Vec::new();
        for &(rule, field) in labels {
            if seen.contains(&(rule, field)) {
                continue;
            }
            seen.push((rule, field));
            sink.label(&Label {
                ticket_id: id.to_string(),
                rule: rule.to_string(),
                field: field.to_string(),
            })?;
            self.summary.labels += 1;
            *self.summary.by_rule.entry(rule.to_string()).or_default() += 1;
        }
        if !labels.is_empty() {
            self.summary.defective_tickets += 1;
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn non_accept(
        &mut self,
        t: &mut Ticket,
        ctx: &mut Ctx,
        d: &str,
        topic: &Topic,
        place: &str,
        caller: &str,
        labels: &mut Vec<(&'static str, &'static str)>,
    ) {
        t.unit = v::HOTLINE.to_string();
        t.appeal_type = pickc(&mut self.rng, &["投诉", "求助", "咨询", "其他"]);
        t.category = "其他事件类";
        let pi = ctx.pi;
        let concrete = |g: &mut Self| g.content(topic, place, caller, "电话", pi);
        match d {
            "GD304" => {
                t.content = concrete(self);
                t.category = topic.category;
                t.nonaccept_reason = (pickc(&mut self.rng, v::NO_CONTENT_REASONS)).to_string();
                t.closing = (pickc(&mut self.rng, v::NO_CONTENT_REPLIES)).to_string();
                labels.push(("GD304", "nonaccept_reason"));
            }
            "GD305" => {
                let (what, num) = pickc(&mut self.rng, v::EMERGENCIES);
                ctx.num = num.to_string();
                t.content = format!("来电人称{}", self.fill(what, ctx));
                t.appeal_type = "求助";
                t.category = "社会治安类";
                let r = pick(&mut self.rng, ph::EMERGENCY_REASONS);
                t.nonaccept_reason = self.fill(r, ctx);
                let r = pick(&mut self.rng, ph::EMERGENCY_REPLIES);
                t.closing = self.fill(r, ctx);
                labels.push(("GD305", "nonaccept_reason"));
            }
            "GD303" => {
                t.content = format!(
                    "市民再次来电反映{place}{}问题，称此前反映后仍不满意，要求再处理",
                    topic.short
                );
                t.category = topic.category;
                if self.chance(0.5) {
                    t.nonaccept_reason = (pickc(&mut self.rng, ph::REPEAT_NO_REF)).to_string();
                } else {
                    let feb = t.created - Duration::days(self.rng.random_range(20..60));
                    ctx.reference = format!(
                        "SY{}{:06}",
                        feb.format("%y%m%d"),
                        self.rng.random_range(1..900)
                    );
                    let r = pick(&mut self.rng, ph::REPEAT_BAD_REF);
                    t.nonaccept_reason = self.fill(r, ctx);
                }
                t.closing = (pickc(&mut self.rng, ph::REPEAT_NO_REF_REPLIES)).to_string();
                labels.push(("GD303", "nonaccept_reason"));
            }
            _ => {
                // A valid non-accept: a category reason with an explanation.
                let kind = self.rng.random_range(0..10);
                if kind < 2 && !self.recent.is_empty() {
                    let i = self.rng.random_range(0..self.recent.len());
                    ctx.reference = self.recent[i].clone();
                    t.content = format!("市民再次反映{place}{}，要求再处理", topic.short);
                    t.category = topic.category;
                    let r = pick(&mut self.rng, v::REPEAT_REASONS);
                    t.nonaccept_reason = self.fill(r, ctx);
                    let r = pick(&mut self.rng, v::REPEAT_REPLIES);
                    t.closing = self.fill(r, ctx);
                } else if kind == 2 {
                    t.content = (pickc(&mut self.rng, v::NO_CONTENT_CONTENTS)).to_string();
                    t.nonaccept_reason = (pickc(&mut self.rng, v::NO_CONTENT_REASONS)).to_string();
                    t.closing = (pickc(&mut self.rng, v::NO_CONTENT_REPLIES)).to_string();
                } else {
                    let na = pick(&mut self.rng, v::NONACCEPTS);
                    let c = pick(&mut self.rng, na.contents);
                    t.content = self.fill(c, ctx);
                    t.nonaccept_reason = (pickc(&mut self.rng, na.reasons)).to_string();
                    let r = pick(&mut self.rng, na.replies);
                    t.closing = self.fill(r, ctx);
                }
                match d {
                    "GD301" => {
                        t.nonaccept_reason =
                            (pickc(&mut self.rng, ph::INVALID_NONACCEPT)).to_string();
                        labels.push(("GD301", "nonaccept_reason"));
                    }
                    "GD302" => {
                        t.closing = (pickc(&mut self.rng, ph::BARE_REPLIES)).to_string();
                        labels.push(("GD302", "closing_text"));
                    }
                    _ => {}
                }
            }
        }
    }

    #[allow(clippy::too_many_arguments, clippy::too_many_lines)]
    fn network(
        &mut self,
        t: &mut Ticket,
        ctx: &mut Ctx,
        d: &str,
        topic: &Topic,
        county: &v::County,
        place: &str,
        caller: &str,
        template: Option<usize>,
        flows: &mut Vec<Flow>,
        labels: &mut Vec<(&'static str, &'static str)>,
    ) {
        let created = t.created;
        t.content = self.content(topic, place, caller, t.channel, ctx.pi);
        let mut unit = match template {
            Some(i) => self.templates[i].unit.to_string(),
            None => self.unit_for(topic, county),
        };
        t.deadline = add_working_days(created, limit_days(t.appeal_type));
        let mut at = created + self.mins(5, 90);

        // Returns: clean single valid return, GD401 vague, GD402 ping-pong.
        let returns = match d {
            "GD401" => 1,
            "GD402" => 2 + usize::from(self.chance(0.3)),
            _ if self.chance(0.06) => 1,
            _ => 0,
        };
        let vague = d == "GD401" || (d == "GD402" && self.chance(0.5));
        let same_unit_twice = d == "GD402" && self.chance(0.25);
        let mut reasons: Vec<(String, String, NaiveDateTime)> = Vec::new();
        for r in 0..returns {
            flows.push(Flow {
                action: "派单",
                unit: v::HOTLINE.into(),
                at,
                opinion: format!("派{unit}：{}", self.dispatch_opinion()),
            });
            at += self.mins(10, 240);
            let so = self.sign_opinion();
            flows.push(Flow {
                action: "签收",
                unit: unit.clone(),
                at,
                opinion: so,
            });
            at += self.mins(30, 300);
            at = self.office_forward(at);
            let next = if same_unit_twice && r + 1 < returns {
                unit.clone()
            } else {
                let u = self.unit_for(topic, county);
                if u == unit {
                    self.other_unit(topic, county, &unit)
                } else {
                    u
                }
            };
            let suggested = if next == unit {
                self.other_unit(topic, county, &unit)
            } else {
                next.clone()
            };
            let reason = if vague {
                let p = pick(&mut self.rng, ph::VAGUE_RETURNS);
                self.fill(p, ctx)
            } else {
                self.valid_return(topic, place, &suggested)
            };
            flows.push(Flow {
                action: "退回",
                unit: unit.clone(),
                at,
                opinion: reason.clone(),
            });
            reasons.push((unit.clone(), reason, at));
            at += self.mins(20, 120);
            unit = next;
        }
        if !reasons.is_empty() {
            let style = self.rng.random_range(0..3);
            let lines: Vec<String> = reasons
                .iter()
                .enumerate()
                .map(|(i, (u, r, when))| match style {
                    0 if reasons.len() > 1 => format!("{}.{u}：{r}", i + 1),
                    1 => format!(
                        "【{u} {}月{}日 {:02}:{:02}】{r}",
                        when.month(),
                        when.day(),
                        when.hour(),
                        when.minute()
                    ),
                    _ => r.clone(),
                })
                .collect();
            t.return_reason = lines.join("\n");
            if d == "GD401" {
                labels.push(("GD401", "return_reason"));
            }
            if d == "GD402" {
                labels.push(("GD402", "return_reason"));
                if vague {
                    labels.push(("GD401", "return_reason"));
                }
            }
        }
        t.unit = unit.clone();
        ctx.unit = unit.clone();
        ctx.other = self.other_unit(topic, county, &unit);
        flows.push(Flow {
            action: "派单",
            unit: v::HOTLINE.into(),
            at,
            opinion: format!("派{unit}：{}", self.dispatch_opinion()),
        });
        at += self.mins(10, 300);
        let so = self.sign_opinion();
        flows.push(Flow {
            action: "签收",
            unit: unit.clone(),
            at,
            opinion: so,
        });
        at = self.office_forward(at);
        let signed = at;

        // Extension.
        if d == "GD404" || (d.is_empty() && self.chance(0.05)) {
            let ext_at = self.between(
                signed + Duration::hours(2),
                signed.max(t.deadline - Duration::hours(40)),
            );
            let ext_at = self.office_forward(ext_at);
            let n = self.rng.random_range(3..=7);
            let new_deadline = add_working_days(t.deadline, n);
            let reason = if d == "GD404" {
                labels.push(("GD404", "extension_reason"));
                let p = pick(&mut self.rng, ph::VAGUE_EXTENSIONS);
                self.fill(p, ctx)
            } else {
                self.valid_extension(ctx, new_deadline - Duration::days(1))
            };
            flows.push(Flow {
                action: "申请延期",
                unit: unit.clone(),
                at: ext_at,
                opinion: reason.clone(),
            });
            t.extension_reason = reason;
            t.deadline = new_deadline;
            at = ext_at;
        }

        // Closing time: inside the limit (GD601 moves it later below).
        let lo = at + Duration::hours(2);
        let hi = (t.deadline - Duration::hours(6)).max(lo + Duration::hours(1));
        let spread = (hi - lo).num_seconds();
        let closed = lo + Duration::seconds(self.rng.random_range(0..=spread * 7 / 10));
        let closed = self.office(closed, lo, hi);
        // The handling itself happens after the last flow action so far.
        let work_at = self.between(at, closed);
        let work_at = self.office(work_at, at, closed);

        let mut e = self.elements(topic, ctx, work_at);
        let plan = d.is_empty() && self.chance(0.08);
        if plan {
            let obstacle = pick(&mut self.rng, v::OBSTACLES);
            let when = t.deadline + Duration::days(self.rng.random_range(20..70));
            ctx.date = format!("{}月{}日", when.month(), when.day());
            let p = pick(&mut self.rng, v::PLANS);
            let p = self.fill(p, ctx);
            e.result = Some(format!("因{obstacle}，该问题暂时无法彻底解决，{p}"));
        }
        if d == "GD504" {
            if let Some(r) = e.result.as_mut() {
                r.push_str("，问题已得到解决");
            }
        }
        let mut callback: Option<(String, String)> = None;
        match d {
            "GD501" => {
                let o = pick(&mut self.rng, ph::PERFUNCTORY_OPENERS);
                let b = pick(&mut self.rng, ph::PERFUNCTORY_BODIES);
                let c = pick(&mut self.rng, ph::PERFUNCTORY_CLOSERS);
                t.closing = format!("{o}{}{c}", self.fill(b, ctx));
                labels.push(("GD501", "closing_text"));
                labels.push(("GD502", "closing_text"));
                if self.chance(0.6) {
                    callback = Some((
                        "不满意".into(),
                        "市民表示至今没有任何整改，评价为不满意".into(),
                    ));
                }
            }
            "GD502" => {
                // Which elements are missing: never the process alone (a
                // result usually implies one); the unit never without the
                // process (process phrases name who acted: 执法人员, 民警…);
                // always at least two kept.
                let missing: &[&str] = pickc(
                    &mut self.rng,
                    &[
                        &["contact"][..],
                        &["time"],
                        &["org", "process"],
                        &["result"],
                        &["contact", "time"],
                        &["org", "process", "time"],
                        &["process", "result"],
                        &["org", "process", "contact"],
                        &["time", "result", "contact"],
                    ],
                );
                for m in missing {
                    match *m {
                        "contact" => e.contact = None,
                        "time" => e.time = None,
                        "org" => e.org = false,
                        "result" => e.result = None,
                        _ => e.process = None,
                    }
                }
                if !e.org || e.contact.is_none() {
                    // The extra sentences name 我单位 or a phone: leave them out.
                    e.extra = None;
                }
                if !e.org && e.contact.as_deref().is_some_and(|c| c.contains("工作人员")) {
                    e.contact = Some("已电话联系市民告知处理结果，市民表示认可".to_string());
                }
                t.closing = self.assemble(&e);
                labels.push(("GD502", "closing_text"));
            }
            "GD503" => {
                let p = pick(&mut self.rng, ph::NO_PLAN_UNRESOLVED);
                e.result = Some(self.fill(p, ctx));
                e.extra = None;
                t.closing = self.assemble(&e);
                labels.push(("GD503", "closing_text"));
                callback = Some((
                    (pickc(&mut self.rng, &["不满意", "基本满意", "不满意"])).to_string(),
                    "市民表示没有给出解决时间".into(),
                ));
            }
            "GD403" => {
                let time = self.date_phrase(work_at);
                ctx.time = time;
                ctx.org = format!("{unit}工作人员{}", self.clerk());
                let p = pick(&mut self.rng, ph::NOT_OURS_CLOSINGS);
                t.closing = self.fill(p, ctx);
                labels.push(("GD403", "closing_text"));
                callback = Some(("不满意".into(), "市民表示问题没人管，互相推脱".into()));
            }
            "GD505" => {
                let i = template.unwrap_or(0);
                ctx.staff = self.templates[i].staff.clone();
                // One date style per template, as a pasted text keeps it.
                ctx.date = format!("{}月{}日", work_at.month(), work_at.day());
                let text = self.templates[i].text;
                t.closing = self.fill(text, ctx);
                labels.push(("GD505", "closing_text"));
            }
            _ => t.closing = self.assemble(&e),
        }
        if d == "GD504" {
            let n = pick(&mut self.rng, ph::CONTRADICTING_NOTES);
            let n = self.fill(n, ctx);
            callback = Some((
                (pickc(&mut self.rng, &["不满意", "非常不满意", "不满意"])).to_string(),
                n,
            ));
            labels.push(("GD504", "callback_result"));
        } else if plan {
            let r = pickc(&mut self.rng, &["满意", "基本满意", "基本满意", "不满意"]);
            let note = pick(&mut self.rng, v::CALLBACK_NOTES_PLAN);
            callback = Some((r.to_string(), (*note).to_string()));
        }

        // A clean re-do now and then: first closing judged not thorough.
        let mut close_at = closed;
        if d.is_empty() && !plan && self.chance(0.03) {
            let first_close =
                self.between(signed + Duration::hours(1), closed - Duration::minutes(30));
            let when = self.between(signed, first_close);
            let first_elements = self.elements(topic, ctx, when);
            let first_text = self.assemble(&first_elements);
            flows.push(Flow {
                action: "办结",
                unit: unit.clone(),
                at: first_close,
                opinion: first_text,
            });
            let cb = first_close + Duration::minutes(40);
            flows.push(Flow {
                action: "回访",
                unit: v::HOTLINE.into(),
                at: cb,
                opinion: "不满意：市民表示处理不彻底".into(),
            });
            flows.push(Flow {
                action: "重办",
                unit: v::HOTLINE.into(),
                at: cb + Duration::minutes(20),
                opinion: "市民不满意，请重新办理".into(),
            });
            flows.push(Flow {
                action: "签收",
                unit: unit.clone(),
                at: cb + Duration::minutes(50),
                opinion: String::new(),
            });
            close_at = closed.max(cb + Duration::hours(2));
        }

        if d == "GD601" {
            if self.chance(0.35) && t.deadline.month() == created.month() && t.deadline.day() < 28 {
                // Still open past its deadline.
                t.status = "办理中";
                flows.push(Flow {
                    action: "催办",
                    unit: v::HOTLINE.into(),
                    at: t.deadline - Duration::hours(20),
                    opinion: "该工单即将超期，请抓紧办理".into(),
                });
                t.closing.clear();
                labels.push(("GD601", "deadline"));
                return;
            }
            close_at = t.deadline + self.mins(24 * 60, 6 * 24 * 60);
            flows.push(Flow {
                action: "催办",
                unit: v::HOTLINE.into(),
                at: t.deadline - Duration::hours(20),
                opinion: "该工单即将超期，请抓紧办理".into(),
            });
            labels.push(("GD601", "closed_at"));
        }
        t.closed = Some(close_at);
        flows.push(Flow {
            action: "办结",
            unit: unit.clone(),
            at: close_at,
            opinion: t.closing.clone(),
        });
        if let Some((r, n)) = callback {
            let at = close_at + self.mins(60, 48 * 60);
            t.callback_at = Some(self.office(
                at,
                close_at + Duration::minutes(30),
                close_at + Duration::days(3),
            ));
            t.callback_result = r;
            t.callback_note = n;
        }
    }

    /// Defects applied after the clean ticket is complete.
    fn late_defects(
        &mut self,
        t: &mut Ticket,
        d: &'static str,
        calls: &mut [Call],
        flows: &mut Vec<Flow>,
        labels: &mut Vec<(&'static str, &'static str)>,
    ) {
        match d {
            "GD101" => {
                let r = self.rng.random_range(0..100);
                let f = if r < 60 && t.handling != Handling::NonAccept {
                    F::Closing
                } else if r < 85 || t.callback_note.is_empty() {
                    F::Content
                } else {
                    F::CallbackNote
                };
                self.garble_field(t, f, labels);
            }
            "GD201" | "GD202" | "GD203" | "GD204" => self.call_defect_in(t, d, calls, labels),
            "GD602" => {
                t.callback_at = None;
                t.callback_note.clear();
                t.callback_result = if self.chance(0.3) {
                    "未回访".into()
                } else {
                    String::new()
                };
                flows.retain(|f| f.action != "回访");
                labels.push(("GD602", "callback_result"));
            }
            "GD603" => {
                if self.chance(0.5) {
                    let back = self.mins(60, 3 * 24 * 60);
                    let closed = t.created - back;
                    t.closed = Some(closed);
                    for f in flows.iter_mut().filter(|f| f.action == "办结") {
                        f.at = closed;
                    }
                    labels.push(("GD603", "closed_at"));
                } else if let Some(closed) = t.closed {
                    let cb = closed - self.mins(60, 2 * 24 * 60);
                    t.callback_at = Some(cb);
                    for f in flows.iter_mut().filter(|f| f.action == "回访") {
                        f.at = cb;
                    }
                    labels.push(("GD603", "callback_at"));
                }
            }
            "GD701" => {
                let f = pickc(
                    &mut self.rng,
                    &[F::Created, F::Created, F::Channel, F::Handling, F::Content],
                );
                t.raw.push((f, String::new()));
                labels.push(("GD701", field_name(f)));
            }
            "GD702" => {
                let (f, vals) = pickc(
                    &mut self.rng,
                    &[
                        (F::Channel, ph::BAD_CHANNELS),
                        (F::AppealType, ph::BAD_APPEAL_TYPES),
                        (F::Handling, ph::BAD_HANDLINGS),
                    ],
                );
                t.raw.push((f, (pickc(&mut self.rng, vals)).to_string()));
                labels.push(("GD702", field_name(f)));
            }
            "GD704" => {
                if self.chance(0.4) {
                    let p = self.mobile();
                    let bad = match self.rng.random_range(0..3) {
                        0 => format!("{}O{}", &p[..4], &p[5..]),
                        1 => p[..10].to_string(),
                        _ => format!("0739-{}", self.rng.random_range(1000..99_999)),
                    };
                    t.raw.push((F::Phone, bad));
                    labels.push(("GD704", "caller_phone"));
                } else {
                    let f = pickc(&mut self.rng, &[F::Created, F::Closed, F::CallbackAt]);
                    t.raw
                        .push((f, (pickc(&mut self.rng, ph::BAD_DATES)).to_string()));
                    labels.push(("GD704", field_name(f)));
                }
            }
            _ => {}
        }
    }

    fn call_defect_in(
        &mut self,
        t: &mut Ticket,
        d: &'static str,
        calls: &mut [Call],
        labels: &mut Vec<(&'static str, &'static str)>,
    ) {
        let Some(call) = calls.iter_mut().find(|c| c.inbound && c.id == t.call_id) else {
            return;
        };
        match d {
            "GD201" => {
                t.call_id.clear();
                labels.push(("GD201", "call_id"));
            }
            "GD202" => {
                // One digit off in the sequence part: no such record.
                let (head, seq) = t.call_id.split_at(t.call_id.len() - 4);
                let seq: u32 = seq.parse().unwrap_or(0);
                t.call_id = format!("{head}{:04}", (seq + 5000) % 10_000);
                labels.push(("GD202", "call_id"));
            }
            "GD203" => {
                match self.rng.random_range(0..4) {
                    0 => call.caller = self.mobile(),
                    1 => {
                        call.inbound = false;
                        call.callee = std::mem::replace(&mut call.caller, "12345".into());
                    }
                    2 => call.start = t.created + self.mins(30, 180),
                    _ => call.start = t.created - self.mins(2 * 24 * 60, 5 * 24 * 60),
                }
                labels.push(("GD203", "call_id"));
            }
            _ => {
                let id = t.call_id.clone();
                t.call_id = match pickc(&mut self.rng, ph::BAD_CALL_ID_FORMS) {
                    "sci" => format!("{}.{}E+{}", &id[..1], &id[1..6], id.len() - 1),
                    "space" => format!("{} {}", &id[..8], &id[8..]),
                    "cn" => format!("话单{}", &id[..12]),
                    _ => format!("{}/{}/{}-{}", &id[..4], &id[4..6], &id[6..8], &id[8..]),
                };
                labels.push(("GD204", "call_id"));
                labels.push(("GD202", "call_id"));
            }
        }
    }

    fn garble_field(
        &mut self,
        t: &mut Ticket,
        f: F,
        labels: &mut Vec<(&'static str, &'static str)>,
    ) {
        let text = match f {
            F::Closing => t.closing.clone(),
            F::CallbackNote => t.callback_note.clone(),
            _ => t.content.clone(),
        };
        if text.chars().filter(|c| !c.is_ascii()).count() < 6 {
            return;
        }
        let chars: Vec<char> = text.chars().collect();
        // A network closing keeps its five elements readable: only the last
        // sentence (an element-free extra, added if missing) is garbled.
        let (keep, target) = if f == F::Closing && t.handling == Handling::Network {
            let extra = pick(&mut self.rng, &v::CLOSING_EXTRAS[1..]);
            let mut base = text.clone();
            for x in v::CLOSING_EXTRAS {
                if x.contains('{') {
                    continue;
                }
                if let Some(stripped) = base.strip_suffix(x) {
                    base = stripped.to_string();
                }
            }
            if base.contains("后续如有疑问") {
                if let Some(i) = base.find("后续如有疑问") {
                    base.truncate(i);
                }
            }
            (base, (*extra).to_string())
        } else if self.chance(0.5) || chars.len() < 16 {
            (String::new(), text.clone())
        } else {
            let start = self.rng.random_range(0..chars.len() / 2);
            let len = self.rng.random_range(8..=chars.len() - start);
            let head: String = chars[..start].iter().collect();
            let mid: String = chars[start..start + len].iter().collect();
            let tail: String = chars[start + len..].iter().collect();
            let g = self.garble_text(&mid);
            let out = format!("{head}{g}{tail}");
            self.set_text(t, f, out);
            labels.push(("GD101", field_name(f)));
            return;
        };
        let g = self.garble_text(&target);
        self.set_text(t, f, format!("{keep}{g}"));
        labels.push(("GD101", field_name(f)));
    }

    fn set_text(&mut self, t: &mut Ticket, f: F, s: String) {
        match f {
            F::Closing => t.closing = s,
            F::CallbackNote => t.callback_note = s,
            _ => t.content = s,
        }
    }

    fn garble_text(&mut self, text: &str) -> String {
        let set: &[(Garble, u32)] = if self.gbk {
            garble::GBK_SAFE
        } else {
            garble::ALL
        };
        for _ in 0..4 {
            let how = self.weighted(set);
            let s = garble::apply(&mut self.rng, how, text, self.gbk);
            if s != text && (!self.gbk || garble::gbk_encodable(&s)) {
                return s;
            }
        }
        garble::apply(&mut self.rng, Garble::Kunjinkao, text, self.gbk)
    }

    fn time_cell(&mut self, t: NaiveDateTime) -> Cell {
        if self.opts.date_styles == DateStyles::Canonical {
            return Cell::Time(t);
        }
        match self.rng.random_range(0..10) {
            0 => Cell::Text(format!(
                "{}/{}/{} {}:{:02}",
                t.year(),
                t.month(),
                t.day(),
                t.hour(),
                t.minute()
            )),
            1 => Cell::Text(t.format("%Y%m%d%H%M%S").to_string()),
            2 => Cell::Text(format!(
                "{}年{}月{}日 {}时{}分",
                t.year(),
                t.month(),
                t.day(),
                t.hour(),
                t.minute()
            )),
            _ => Cell::Time(t),
        }
    }

    fn opt_time(&mut self, t: Option<NaiveDateTime>) -> Cell {
        match t {
            Some(t) => self.time_cell(t),
            None => Cell::Text(String::new()),
        }
    }

    fn render_ticket(&mut self, t: &Ticket) -> Vec<Cell> {
        let mut row = vec![
            Cell::Text(t.id.clone()),
            self.time_cell(t.created),
            Cell::Text(t.channel.to_string()),
            Cell::Text(t.call_id.clone()),
            Cell::Text(t.name.clone()),
            Cell::Text(t.phone.clone()),
            Cell::Text(t.appeal_type.to_string()),
            Cell::Text(t.category.to_string()),
            Cell::Text(t.county.to_string()),
            Cell::Text(t.content.clone()),
            Cell::Text(t.handling.label().to_string()),
            Cell::Text(t.nonaccept_reason.clone()),
            Cell::Text(t.unit.clone()),
            Cell::Text(t.status.to_string()),
            self.time_cell(t.deadline),
            self.opt_time(t.closed),
            Cell::Text(t.closing.clone()),
            Cell::Text(t.return_reason.clone()),
            Cell::Text(t.extension_reason.clone()),
            Cell::Text(t.callback_result.clone()),
            self.opt_time(t.callback_at),
            Cell::Text(t.callback_note.clone()),
        ];
        for (f, s) in &t.raw {
            row[*f as usize] = Cell::Text(s.clone());
        }
        row
    }

    fn render_call(&mut self, c: &Call) -> Vec<Cell> {
        let end = c.start + Duration::seconds(i64::try_from(c.secs).unwrap_or(0));
        vec![
            Cell::Text(c.id.clone()),
            Cell::Text(c.caller.clone()),
            Cell::Text(c.callee.clone()),
            Cell::Text(if c.inbound { "呼入" } else { "呼出" }.to_string()),
            self.time_cell(c.start),
            self.time_cell(end),
            Cell::Int(c.secs),
            Cell::Text(c.agent.clone()),
        ]
    }
}
