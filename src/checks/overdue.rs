//! `overdue` (GD601): a ticket closed after its deadline, or still open past
//! it at export time. The deadline is the ticket's own 办理时限 column when it
//! parses (a date-time, or a span such as `5个工作日`); otherwise it comes
//! from the time-limit table (`rules/data/time-limits.toml`, by appeal type,
//! urgency and channel) counted from 受理时间 on the holiday calendar.
//!
//! An open ticket is judged against the export time: `export-time` in
//! `gongdan.toml` (or an example's `export_time`) when given; otherwise the
//! latest date-time recorded in the tickets table (受理, 办结, 回访 times)
//! stands for the moment of export. Open tickets are then judged after every
//! row has been read, so only they are kept in memory. Values that do not
//! parse are left to GD704.
//!
//! [`Overdue::assess`] works on plain strings, so `gongdan stats` counts
//! 超时量 with exactly the logic of the rule.

use chrono::{Duration, NaiveDateTime, Timelike};
use serde::Deserialize;

use super::{Deferred, FieldRef, Finding, Prepared, RowCtx, RowRef};
use crate::calendar::Calendar;
use crate::input::{Schema, TableKind, datetime};
use crate::report::Lang;

/// The shipped time-limit table.
pub const TIME_LIMITS_TOML: &str = include_str!("../../rules/data/time-limits.toml");

/// One entry of the time-limit table (`[[limits]]`).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitSpec {
    /// Shown in messages: which entry gave the deadline.
    #[serde(default)]
    pub name: Option<String>,
    /// Appeal types (诉求类型) this entry applies to; empty: any.
    #[serde(default)]
    pub appeal_type: Vec<String>,
    /// Urgency values (紧急程度); empty: any.
    #[serde(default)]
    pub urgency: Vec<String>,
    /// Channels (来源渠道); empty: any.
    #[serde(default)]
    pub channel: Vec<String>,
    /// Working days on the holiday calendar…
    #[serde(default)]
    pub working_days: Option<u32>,
    /// …or calendar days…
    #[serde(default)]
    pub natural_days: Option<u32>,
    /// …or hours around the clock.
    #[serde(default)]
    pub hours: Option<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LimitsFile {
    limits: Vec<LimitSpec>,
}

/// A length of time allowed for handling.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Allowance {
    WorkingDays(u32),
    NaturalDays(u32),
    Hours(u32),
}

impl Allowance {
    /// The deadline for a ticket accepted at `start`.
    #[must_use]
    pub fn deadline(self, start: NaiveDateTime, cal: &Calendar) -> NaiveDateTime {
        match self {
            Allowance::WorkingDays(n) => cal.add_working_days(start, n),
            Allowance::NaturalDays(n) => cal.add_natural_days(start, n),
            Allowance::Hours(n) => cal.add_hours(start, n),
        }
    }

    fn describe(self) -> String {
        match self {
            Allowance::WorkingDays(n) => format!("{n}个工作日"),
            Allowance::NaturalDays(n) => format!("{n}个自然日"),
            Allowance::Hours(n) => format!("{n}小时"),
        }
    }

    /// Parse a span written in a deadline cell: `5个工作日`, `3天`, `24小时`.
    #[must_use]
    pub fn parse(text: &str) -> Option<Allowance> {
        let t = text.trim();
        let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
        let n: u32 = digits.parse().ok()?;
        let rest = t[digits.len()..].trim().trim_start_matches('个').trim();
        match rest {
            "工作日" => Some(Allowance::WorkingDays(n)),
            "天" | "日" | "自然日" => Some(Allowance::NaturalDays(n)),
            "小时" | "h" | "H" => Some(Allowance::Hours(n)),
            _ => None,
        }
    }
}

/// One compiled entry of the time-limit table.
#[derive(Clone, Debug)]
pub struct Limit {
    pub name: String,
    appeal_type: Vec<String>,
    urgency: Vec<String>,
    channel: Vec<String>,
    pub allowance: Allowance,
}

/// The time-limit table: the first entry that matches a ticket gives its
/// allowance.
#[derive(Clone, Debug)]
pub struct TimeLimits {
    pub limits: Vec<Limit>,
}

impl TimeLimits {
    /// The shipped table.
    ///
    /// # Errors
    /// Never for the shipped file (a unit test parses it); the `Result` is for
    /// tables given in config.
    pub fn builtin() -> Result<TimeLimits, String> {
        let f: LimitsFile = toml::from_str(TIME_LIMITS_TOML).map_err(|e| e.message().to_owned())?;
        TimeLimits::compile(f.limits)
    }

    /// Compile table entries.
    ///
    /// # Errors
    /// An entry without exactly one of `working_days`, `natural_days`, `hours`.
    pub fn compile(specs: Vec<LimitSpec>) -> Result<TimeLimits, String> {
        let mut limits = Vec::new();
        for (i, s) in specs.into_iter().enumerate() {
            let allowance = match (s.working_days, s.natural_days, s.hours) {
                (Some(n), None, None) => Allowance::WorkingDays(n),
                (None, Some(n), None) => Allowance::NaturalDays(n),
                (None, None, Some(n)) => Allowance::Hours(n),
                _ => {
                    return Err(format!(
                        "time limit #{} needs exactly one of working_days, natural_days, hours",
                        i + 1
                    ));
                }
            };
            limits.push(Limit {
                name: s.name.unwrap_or_else(|| format!("#{}", i + 1)),
                appeal_type: s.appeal_type,
                urgency: s.urgency,
                channel: s.channel,
                allowance,
            });
        }
        Ok(TimeLimits { limits })
    }

    /// The first entry matching the ticket's appeal type, urgency, channel.
    #[must_use]
    pub fn find(&self, appeal_type: &str, urgency: &str, channel: &str) -> Option<&Limit> {
        let ok = |list: &[String], v: &str| list.is_empty() || list.iter().any(|x| x == v.trim());
        self.limits.iter().find(|l| {
            ok(&l.appeal_type, appeal_type) && ok(&l.urgency, urgency) && ok(&l.channel, channel)
        })
    }
}

/// Parameters of `kind = "overdue"`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OverdueSpec {
    /// Seconds of slack past the deadline before a ticket counts as late.
    #[serde(default)]
    pub tolerance_s: i64,
    /// Replaces the shipped time-limit table.
    #[serde(default)]
    pub limits: Option<Vec<LimitSpec>>,
    /// Status values that mean closed (a ticket in one of these without a
    /// closing time is not judged: its lateness cannot be known).
    #[serde(default = "closed_default")]
    pub closed_status: Vec<String>,
}

fn closed_default() -> Vec<String> {
    ["已办结", "已归档", "办结", "已完成", "已结案", "已回访"]
        .map(str::to_owned)
        .to_vec()
}

/// The texts of one ticket that the overdue logic reads.
#[derive(Clone, Copy, Debug, Default)]
pub struct TicketTimes<'a> {
    pub created_at: &'a str,
    pub deadline: &'a str,
    pub closed_at: &'a str,
    pub status: &'a str,
    pub appeal_type: &'a str,
    pub urgency: &'a str,
    pub channel: &'a str,
}

/// Where a deadline came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DeadlineSource {
    /// The 办理时限 column held a date-time.
    Column,
    /// The 办理时限 column held a span (`5个工作日`), counted from 受理时间.
    ColumnSpan(Allowance),
    /// The time-limit table's entry of this name.
    Table { name: String, allowance: Allowance },
}

/// A late ticket.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Late {
    pub deadline: NaiveDateTime,
    pub source: DeadlineSource,
    /// Closing time, or `None` for a ticket still open at export time.
    pub closed_at: Option<NaiveDateTime>,
    /// The export time an open ticket was judged at.
    pub now: Option<NaiveDateTime>,
    pub by: Duration,
}

/// The compiled check.
#[derive(Clone, Debug)]
pub struct Overdue {
    pub tolerance_s: i64,
    pub limits: TimeLimits,
    pub closed_status: Vec<String>,
    fields: Fields,
}

#[derive(Clone, Debug)]
struct Fields {
    ticket_id: FieldRef,
    unit: FieldRef,
    callback_at: FieldRef,
    created_at: FieldRef,
    deadline: FieldRef,
    closed_at: FieldRef,
    status: FieldRef,
    appeal_type: FieldRef,
    urgency: FieldRef,
    channel: FieldRef,
}

/// Parse a deadline cell that is a date-time; a bare date means the end of
/// that day.
fn parse_deadline(
    text: &str,
    parse: impl Fn(&str) -> Option<NaiveDateTime>,
) -> Option<NaiveDateTime> {
    let t = parse(text)?;
    let has_time =
        text.contains(':') || text.contains('：') || text.contains('时') || text.trim().len() > 10;
    if !has_time && t.num_seconds_from_midnight() == 0 {
        return t.date().and_hms_opt(23, 59, 59);
    }
    Some(t)
}

impl Overdue {
    /// # Errors
    /// A bad time-limit table, or a field missing from the schema.
    pub fn compile(spec: OverdueSpec, schema: &Schema) -> Result<Self, String> {
        let limits = match spec.limits {
            Some(l) => TimeLimits::compile(l)?,
            None => TimeLimits::builtin()?,
        };
        let f = |n: &str| FieldRef::resolve(schema, n);
        Ok(Overdue {
            tolerance_s: spec.tolerance_s.max(0),
            limits,
            closed_status: spec.closed_status,
            fields: Fields {
                ticket_id: f("ticket_id")?,
                unit: f("unit")?,
                callback_at: f("callback_at")?,
                created_at: f("created_at")?,
                deadline: f("deadline")?,
                closed_at: f("closed_at")?,
                status: f("status")?,
                appeal_type: f("appeal_type")?,
                urgency: f("urgency")?,
                channel: f("channel")?,
            },
        })
    }

    /// The check's defaults: shipped table, no tolerance. For `stats` when
    /// the rule set has no GD601.
    ///
    /// # Errors
    /// As [`Overdue::compile`].
    pub fn with_defaults(schema: &Schema) -> Result<Self, String> {
        Overdue::compile(
            OverdueSpec {
                tolerance_s: 0,
                limits: None,
                closed_status: closed_default(),
            },
            schema,
        )
    }

    #[must_use]
    pub fn tables(&self) -> Vec<TableKind> {
        vec![TableKind::Tickets]
    }

    /// The deadline of a ticket and where it came from; `None` when neither
    /// the deadline column nor 受理时间 gives one.
    #[must_use]
    pub fn deadline(
        &self,
        t: &TicketTimes,
        cal: &Calendar,
    ) -> Option<(NaiveDateTime, DeadlineSource)> {
        self.deadline_with(t, cal, datetime::parse)
    }

    fn deadline_with(
        &self,
        t: &TicketTimes,
        cal: &Calendar,
        parse: impl Fn(&str) -> Option<NaiveDateTime>,
    ) -> Option<(NaiveDateTime, DeadlineSource)> {
        if let Some(d) = parse_deadline(t.deadline, &parse) {
            return Some((d, DeadlineSource::Column));
        }
        let created = parse(t.created_at)?;
        if let Some(a) = Allowance::parse(t.deadline) {
            return Some((a.deadline(created, cal), DeadlineSource::ColumnSpan(a)));
        }
        let limit = self.limits.find(t.appeal_type, t.urgency, t.channel)?;
        Some((
            limit.allowance.deadline(created, cal),
            DeadlineSource::Table {
                name: limit.name.clone(),
                allowance: limit.allowance,
            },
        ))
    }

    /// Whether the ticket is late, and by how much. A closed ticket is judged
    /// by its closing time; an open one by `export_time`, and not at all
    /// without one.
    #[must_use]
    pub fn assess(
        &self,
        t: &TicketTimes,
        cal: &Calendar,
        export_time: Option<NaiveDateTime>,
    ) -> Option<Late> {
        self.assess_with(t, cal, export_time, datetime::parse)
    }

    /// [`Overdue::assess`] with a given date-time parser.
    pub fn assess_with(
        &self,
        t: &TicketTimes,
        cal: &Calendar,
        export_time: Option<NaiveDateTime>,
        parse: impl Fn(&str) -> Option<NaiveDateTime>,
    ) -> Option<Late> {
        let closed_at = parse(t.closed_at);
        let (end, now) = match closed_at {
            Some(c) => (c, None),
            None if self.closed_status.iter().any(|s| s == t.status.trim()) => return None,
            None => (export_time?, export_time),
        };
        let (deadline, source) = self.deadline_with(t, cal, parse)?;
        let by = end - deadline;
        (by.num_seconds() > self.tolerance_s).then_some(Late {
            deadline,
            source,
            closed_at,
            now,
            by,
        })
    }

    fn times<'a>(&self, ctx: &'a RowCtx) -> TicketTimes<'a> {
        let f = &self.fields;
        TicketTimes {
            created_at: ctx.text(&f.created_at),
            deadline: ctx.text(&f.deadline),
            closed_at: ctx.text(&f.closed_at),
            status: ctx.text(&f.status),
            appeal_type: ctx.text(&f.appeal_type),
            urgency: ctx.text(&f.urgency),
            channel: ctx.text(&f.channel),
        }
    }

    /// Closed tickets always; open ones here only when the export time is
    /// configured (otherwise they wait for [`Overdue::finish`]).
    pub fn check_row(&self, ctx: &RowCtx, out: &mut Vec<Finding>) {
        let t = self.times(ctx);
        if ctx.env.export_time.is_none() && datetime::parse(t.closed_at).is_none() {
            return;
        }
        let Some(late) = self.assess(&t, &ctx.env.calendar, ctx.env.export_time) else {
            return;
        };
        let field = self.field_for(&late, |id| ctx.meta.column(id).is_some());
        out.push(self.finding(&late, field, ctx.lang, false));
    }

    fn field_for(
        &self,
        late: &Late,
        has: impl Fn(crate::input::FieldId) -> bool,
    ) -> crate::input::FieldId {
        let f = &self.fields;
        let field = if late.closed_at.is_some() {
            f.closed_at.id
        } else {
            f.status.id
        };
        if has(field) { field } else { f.created_at.id }
    }

    /// The latest time of the row, and for an open ticket its deadline
    /// (parallel phase; used only when no export time is configured).
    #[must_use]
    pub fn prepare(&self, ctx: &RowCtx) -> Prepared {
        if ctx.env.export_time.is_some() {
            return Prepared::Nothing;
        }
        let f = &self.fields;
        let latest = [&f.created_at, &f.closed_at, &f.callback_at]
            .iter()
            .filter_map(|r| datetime::parse(ctx.text(r)))
            .max();
        let t = self.times(ctx);
        let open = datetime::parse(t.closed_at).is_none()
            && !self.closed_status.iter().any(|s| s == t.status.trim());
        let deadline = if open {
            self.deadline(&t, &ctx.env.calendar)
        } else {
            None
        };
        Prepared::Overdue { latest, deadline }
    }

    pub fn observe(&self, ctx: &RowCtx, prepared: Prepared, state: &mut State) {
        let Prepared::Overdue { latest, deadline } = prepared else {
            return;
        };
        state.latest = state.latest.max(latest);
        if let Some((deadline, source)) = deadline {
            let field = self.field_for(
                &Late {
                    deadline,
                    source: source.clone(),
                    closed_at: None,
                    now: None,
                    by: Duration::zero(),
                },
                |id| ctx.meta.column(id).is_some(),
            );
            let some = |s: &str| (!s.is_empty()).then(|| s.to_owned());
            state.open.push((
                RowRef {
                    table: ctx.table,
                    row: ctx.row.number,
                    ticket: some(ctx.text(&self.fields.ticket_id)),
                    unit: some(ctx.text(&self.fields.unit)),
                    text: ctx.cell(&self.fields.status).map(str::to_owned),
                },
                field,
                deadline,
                source,
            ));
        }
    }

    /// Judge the open tickets against the latest time seen in the export.
    pub fn finish(&self, state: State, lang: Lang, out: &mut Vec<Deferred>) {
        let Some(now) = state.latest else { return };
        for (at, field, deadline, source) in state.open {
            let by = now - deadline;
            if by.num_seconds() <= self.tolerance_s {
                continue;
            }
            let late = Late {
                deadline,
                source,
                closed_at: None,
                now: Some(now),
                by,
            };
            out.push(Deferred {
                at,
                finding: self.finding(&late, field, lang, true),
            });
        }
    }

    fn finding(
        &self,
        late: &Late,
        field: crate::input::FieldId,
        lang: Lang,
        inferred: bool,
    ) -> Finding {
        let fmt = |d: NaiveDateTime| d.format("%Y-%m-%d %H:%M:%S").to_string();
        let (zh_src, en_src) = match &late.source {
            DeadlineSource::Column => (
                "取自「办理时限」列".to_owned(),
                "from the deadline column".to_owned(),
            ),
            DeadlineSource::ColumnSpan(a) => (
                format!("按「办理时限」列的{}自受理时间起算", a.describe()),
                format!(
                    "the deadline column's {} counted from acceptance",
                    a.describe()
                ),
            ),
            DeadlineSource::Table { name, allowance } => (
                format!(
                    "无可用的办理时限，按时限表“{name}”{}自受理时间起算",
                    allowance.describe()
                ),
                format!(
                    "no usable deadline in the export; time-limit table entry “{name}”, {} from acceptance",
                    allowance.describe()
                ),
            ),
        };
        let how_late = duration_zh(late.by);
        let (zh, en) = match (late.closed_at, late.now) {
            (Some(c), _) => (
                format!(
                    "办结时间 {} 晚于办理时限 {}（{zh_src}），超时 {how_late}",
                    fmt(c),
                    fmt(late.deadline)
                ),
                format!(
                    "closed at {}, after its deadline {} ({en_src}): {} late",
                    fmt(c),
                    fmt(late.deadline),
                    duration_en(late.by)
                ),
            ),
            (None, now) => {
                let now = now.map(fmt).unwrap_or_default();
                let (zh_now, en_now) = if inferred {
                    (
                        format!("截至导出时间（按导出中最晚的时间 {now} 推定）"),
                        format!("at export time (taken as the latest time in the export, {now})"),
                    )
                } else {
                    (
                        format!("截至导出时间 {now} "),
                        format!("at export time {now}"),
                    )
                };
                (
                    format!(
                        "{zh_now}仍未办结，已超过办理时限 {}（{zh_src}）{how_late}",
                        fmt(late.deadline)
                    ),
                    format!(
                        "still open {en_now}, {} past its deadline {} ({en_src})",
                        duration_en(late.by),
                        fmt(late.deadline)
                    ),
                )
            }
        };
        let mut finding = Finding::at(field, lang.pick(&zh, &en).to_owned());
        finding.args.push(("deadline", fmt(late.deadline)));
        finding
    }
}

/// Open tickets waiting for the end of the export, and the latest time seen.
#[derive(Debug, Default)]
pub struct State {
    latest: Option<NaiveDateTime>,
    open: Vec<(RowRef, crate::input::FieldId, NaiveDateTime, DeadlineSource)>,
}

/// `1天2小时5分` style.
fn duration_zh(d: Duration) -> String {
    let (days, hours, mins) = split(d);
    let mut s = String::new();
    if days > 0 {
        s.push_str(&format!("{days}天"));
    }
    if hours > 0 {
        s.push_str(&format!("{hours}小时"));
    }
    if mins > 0 || s.is_empty() {
        s.push_str(&format!("{mins}分钟"));
    }
    s
}

fn duration_en(d: Duration) -> String {
    let (days, hours, mins) = split(d);
    let mut parts = Vec::new();
    if days > 0 {
        parts.push(format!("{days} d"));
    }
    if hours > 0 {
        parts.push(format!("{hours} h"));
    }
    if mins > 0 || parts.is_empty() {
        parts.push(format!("{mins} min"));
    }
    parts.join(" ")
}

fn split(d: Duration) -> (i64, i64, i64) {
    let m = d.num_minutes().max(0);
    (m / 1440, (m % 1440) / 60, m % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_table_parses_and_matches() {
        let t = TimeLimits::builtin().unwrap();
        assert_eq!(
            t.find("咨询", "", "电话").unwrap().allowance,
            Allowance::WorkingDays(3)
        );
        assert_eq!(
            t.find("投诉", "", "").unwrap().allowance,
            Allowance::WorkingDays(5)
        );
        assert_eq!(
            t.find("投诉", "紧急", "").unwrap().allowance,
            Allowance::Hours(24)
        );
        assert_eq!(t.find("", "", "").unwrap().name, "默认");
    }

    #[test]
    fn spans_in_the_deadline_column() {
        assert_eq!(
            Allowance::parse("5个工作日"),
            Some(Allowance::WorkingDays(5))
        );
        assert_eq!(Allowance::parse("3天"), Some(Allowance::NaturalDays(3)));
        assert_eq!(Allowance::parse("24小时"), Some(Allowance::Hours(24)));
        assert_eq!(Allowance::parse("尽快"), None);
    }

    fn p(s: &str) -> Option<NaiveDateTime> {
        NaiveDateTime::parse_from_str(s.trim(), "%Y-%m-%d %H:%M:%S").ok()
    }

    fn logic() -> Overdue {
        Overdue::with_defaults(&Schema::builtin().unwrap()).unwrap()
    }

    #[test]
    fn closed_late_against_the_table() {
        let o = logic();
        let cal = Calendar::builtin();
        let t = TicketTimes {
            created_at: "2024-09-27 10:00:00",
            closed_at: "2024-10-11 09:00:00",
            appeal_type: "投诉",
            ..TicketTimes::default()
        };
        let late = o.assess_with(&t, &cal, None, p).unwrap();
        assert_eq!(
            late.deadline,
            p("2024-10-10 23:59:59").unwrap(),
            "09-29 counts, National Day does not"
        );
        assert!(matches!(late.source, DeadlineSource::Table { .. }));
        assert_eq!(late.by, Duration::seconds(9 * 3600 + 1));
    }

    #[test]
    fn open_tickets_need_an_export_time() {
        let o = logic();
        let cal = Calendar::builtin();
        let t = TicketTimes {
            created_at: "2024-03-01 09:00:00",
            deadline: "2024-03-08 18:00:00",
            status: "办理中",
            ..TicketTimes::default()
        };
        assert_eq!(o.assess_with(&t, &cal, None, p), None);
        let late = o
            .assess_with(&t, &cal, p("2024-03-09 18:00:00"), p)
            .unwrap();
        assert_eq!(late.source, DeadlineSource::Column);
        assert_eq!(late.by, Duration::days(1));
        let closed = TicketTimes {
            status: "已办结",
            ..t
        };
        assert_eq!(
            o.assess_with(&closed, &cal, p("2024-03-09 18:00:00"), p),
            None,
            "closed without a time"
        );
    }

    #[test]
    fn durations_read_well() {
        assert_eq!(duration_zh(Duration::minutes(1440 + 125)), "1天2小时5分钟");
        assert_eq!(duration_en(Duration::seconds(30)), "0 min");
    }
}
