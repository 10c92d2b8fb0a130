//! Beside the lint pipeline: the bulletin's per-unit tables (`gongdan
//! stats`) and the callback sample (`gongdan sample`). Tickets rows are
//! reduced to [`Record`]s (through the same overdue logic as GD601), tallied
//! into [`Tally`] lines, and rendered by [`render`].
//!
//! Definitions (one ticket = one row of the tickets table):
//! - 交办总量 (`assigned`): tickets whose 承办单位 (or county / category) is the
//!   group. A 当即答复 ticket with no unit counts for the hotline itself
//!   (`[stats] hotline-unit`).
//! - 已办理总量 (`closed`): tickets with a 办结时间, or a closed status
//!   (已办结, 已归档 …).
//! - 超时量 (`overdue`): tickets late by GD601's logic (closed after the
//!   deadline, or open past it at export time).
//! - 回访量 (`evaluated`): tickets whose 回访结果 is a real evaluation: one of
//!   `[stats] evaluations` (the national five levels 非常满意 … 非常不满意 and
//!   the variants 很满意 / 很不满意) or of `satisfied`. 未回访 / 未接通 /
//!   无法联系 / empty are not evaluations.
//! - 市民满意 (`satisfied`): 回访结果 in `[stats] satisfied` (default 非常满意,
//!   满意, 基本满意, and the variant 很满意); 市民不满意: the rest of the evaluated.
//!   Percentages are of 回访量, two decimals, rounded half up.

pub mod render;
pub mod sample;

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::calendar::Calendar;
use crate::checks::overdue::{Overdue, TicketTimes};
use crate::input::datetime;
use crate::input::{FieldId, Row, Schema, TableKind, TableMeta};

/// `[stats]` in `gongdan.toml`.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct StatsConfig {
    /// 回访结果 values that count as 市民满意.
    pub satisfied: Vec<String>,
    /// 回访结果 values that are real evaluations (the satisfied ones count
    /// whether listed here or not); an evaluation not satisfied is 市民不满意.
    pub evaluations: Vec<String>,
    /// Status values that mean the ticket is closed.
    pub closed_status: Vec<String>,
    /// The unit a 当即答复 ticket with an empty 承办单位 counts for.
    pub hotline_unit: String,
    /// Leading groups of the per-unit table, in order: a unit whose name
    /// contains any `|`-separated part of the first entry comes first, and so
    /// on; the others follow. Within a group, by 交办总量 descending, ties in
    /// the order the units first appear in the export. The default puts the
    /// city's districts and development zone first, then the hotline's own
    /// row — the order of the Shaoyang bulletin's attachment 1.
    pub lead_units: Vec<String>,
    /// In the overdue tables, a unit name starting with this prefix is shown
    /// as `市` + the rest (`邵阳市自来水公司` → `市自来水公司`), as the
    /// bulletin's attachment 3 does. Empty: full names.
    pub city_prefix: String,
}

impl Default for StatsConfig {
    fn default() -> Self {
        let v = |a: &[&str]| a.iter().map(|s| (*s).to_owned()).collect();
        StatsConfig {
            satisfied: v(&["非常满意", "满意", "基本满意", "很满意"]),
            evaluations: v(&[
                "非常满意",
                "满意",
                "基本满意",
                "不满意",
                "非常不满意",
                "很满意",
                "很不满意",
            ]),
            closed_status: v(&["已办结", "已归档", "办结", "已完成", "已结案", "已回访"]),
            hotline_unit: "12345 政务服务便民热线".to_owned(),
            lead_units: v(&["区人民政府|开发区", "12345"]),
            city_prefix: String::new(),
        }
    }
}

/// What a table groups by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum By {
    /// 承办单位 (attachment 1).
    #[default]
    Unit,
    /// 所属县市 (attachment 2).
    County,
    /// 事项分类.
    Category,
}

/// A callback evaluation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Evaluation {
    Satisfied,
    Unsatisfied,
    /// No real evaluation (未回访, 未接通, empty …).
    None,
}

/// One ticket, reduced to what the tables count.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Record {
    pub unit: String,
    pub county: String,
    pub category: String,
    /// 办理方式: 当即答复 / 网络转办 / …
    pub handling: String,
    pub closed: bool,
    pub overdue: bool,
    /// 回访结果 as written.
    pub callback: String,
    /// An open ticket's deadline, when no export time is configured: it is
    /// judged at the end against the latest time of the export (as GD601).
    pub open_deadline: Option<chrono::NaiveDateTime>,
    /// The latest acceptance, closing or callback time of the ticket.
    pub latest: Option<chrono::NaiveDateTime>,
}

impl StatsConfig {
    /// Classify a 回访结果.
    #[must_use]
    pub fn evaluate(&self, callback: &str) -> Evaluation {
        let c = callback.trim();
        if self.satisfied.iter().any(|s| s == c) {
            Evaluation::Satisfied
        } else if self.evaluations.iter().any(|s| s == c) {
            Evaluation::Unsatisfied
        } else {
            Evaluation::None
        }
    }
}

/// Turns tickets rows into [`Record`]s.
pub struct Extractor<'a> {
    overdue: &'a Overdue,
    calendar: &'a Calendar,
    export_time: Option<chrono::NaiveDateTime>,
    config: &'a StatsConfig,
    cols: HashMap<&'static str, Option<usize>>,
}

const FIELDS: [&str; 16] = [
    "ticket_id",
    "unit",
    "county",
    "category",
    "handling",
    "status",
    "closed_at",
    "created_at",
    "deadline",
    "appeal_type",
    "urgency",
    "channel",
    "callback_result",
    "caller_phone",
    "closing_text",
    "callback_at",
];

impl<'a> Extractor<'a> {
    /// An extractor for one table (its column layout).
    #[must_use]
    pub fn new(
        schema: &Schema,
        meta: &TableMeta,
        overdue: &'a Overdue,
        calendar: &'a Calendar,
        export_time: Option<chrono::NaiveDateTime>,
        config: &'a StatsConfig,
    ) -> Self {
        let t = schema.table(TableKind::Tickets);
        let cols = FIELDS
            .iter()
            .map(|name| {
                let col = t.field(name).and_then(|id: FieldId| meta.column(id));
                (
                    *name,
                    if meta.kind == TableKind::Tickets {
                        col
                    } else {
                        None
                    },
                )
            })
            .collect();
        Extractor {
            overdue,
            calendar,
            export_time,
            config,
            cols,
        }
    }

    /// The trimmed text of a field in a row, "" when the table lacks it.
    #[must_use]
    pub fn get<'r>(&self, row: &'r Row, field: &str) -> &'r str {
        debug_assert!(
            self.cols.contains_key(field),
            "field `{field}` is not in FIELDS"
        );
        self.cols
            .get(field)
            .copied()
            .flatten()
            .map_or("", |c| row.cell(c).trim())
    }

    /// Reduce one row.
    #[must_use]
    pub fn record(&self, row: &Row) -> Record {
        let g = |f: &str| self.get(row, f);
        let handling = g("handling");
        let mut unit = g("unit").to_owned();
        if unit.is_empty() && handling == "当即答复" {
            unit.clone_from(&self.config.hotline_unit);
        }
        let times = TicketTimes {
            created_at: g("created_at"),
            deadline: g("deadline"),
            closed_at: g("closed_at"),
            status: g("status"),
            appeal_type: g("appeal_type"),
            urgency: g("urgency"),
            channel: g("channel"),
        };
        Record {
            unit,
            county: g("county").to_owned(),
            category: g("category").to_owned(),
            handling: handling.to_owned(),
            closed: !times.closed_at.is_empty()
                || self.config.closed_status.iter().any(|s| s == times.status),
            overdue: self
                .overdue
                .assess(&times, self.calendar, self.export_time)
                .is_some(),
            open_deadline: if self.export_time.is_none()
                && datetime::parse(times.closed_at).is_none()
                && !self
                    .overdue
                    .closed_status
                    .iter()
                    .any(|s| s == times.status.trim())
            {
                self.overdue.deadline(&times, self.calendar).map(|(d, _)| d)
            } else {
                None
            },
            latest: [g("created_at"), g("closed_at"), g("callback_at")]
                .into_iter()
                .filter_map(datetime::parse)
                .max(),
            callback: g("callback_result").to_owned(),
        }
    }
}

/// One line of a per-group table.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Line {
    /// The unit, county or category (`合计` for the total).
    pub name: String,
    /// 交办总量.
    pub assigned: u64,
    /// 已办理总量.
    pub closed: u64,
    /// 超时量.
    pub overdue: u64,
    /// 回访量.
    pub evaluated: u64,
    /// 市民满意.
    pub satisfied: u64,
    /// 市民不满意.
    pub unsatisfied: u64,
}

impl Line {
    fn add(&mut self, r: &Record, eval: Evaluation) {
        self.assigned += 1;
        self.closed += u64::from(r.closed);
        self.overdue += u64::from(r.overdue);
        match eval {
            Evaluation::Satisfied => {
                self.evaluated += 1;
                self.satisfied += 1;
            }
            Evaluation::Unsatisfied => {
                self.evaluated += 1;
                self.unsatisfied += 1;
            }
            Evaluation::None => {}
        }
    }
}

/// `n` of `d` as a percentage with two decimals, rounded half up:
/// `percent(902, 967)` = `"93.28"`. `0.00` when `d` is 0.
#[must_use]
pub fn percent(n: u64, d: u64) -> String {
    if d == 0 {
        return "0.00".to_owned();
    }
    let bp = (u128::from(n) * 20_000 + u128::from(d)) / (2 * u128::from(d));
    format!("{}.{:02}", bp / 100, bp % 100)
}

/// The headline figures of the bulletin's section 一.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Headline {
    /// Tickets in the export.
    pub tickets: u64,
    /// Closed tickets (有效办结).
    pub closed: u64,
    /// 热线当即答复.
    pub immediate: u64,
    /// 网络转办.
    pub transferred: u64,
    /// 回访量.
    pub evaluated: u64,
    /// 市民满意.
    pub satisfied: u64,
}

/// Everything `gongdan stats` prints.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub by: By,
    /// In bulletin order.
    pub lines: Vec<Line>,
    /// The 合计 line.
    pub total: Line,
    pub headline: Headline,
}

impl Tally {
    /// Groups with 超时量 > 0, by 超时量 descending, ties in table order
    /// (attachments 3 and 4).
    #[must_use]
    pub fn overdue_lines(&self) -> Vec<&Line> {
        let mut v: Vec<&Line> = self.lines.iter().filter(|l| l.overdue > 0).collect();
        v.sort_by_key(|l| std::cmp::Reverse(l.overdue)); // stable: ties keep table order
        v
    }
}

/// Count records into a table grouped `by`.
pub fn tally(records: impl IntoIterator<Item = Record>, by: By, config: &StatsConfig) -> Tally {
    let mut t = Tallier::new(by, config);
    for r in records {
        t.add(&r);
    }
    t.finish()
}

/// Counts records one at a time, so a large export streams through in
/// memory proportional to the number of groups, not of tickets.
pub struct Tallier<'a> {
    by: By,
    config: &'a StatsConfig,
    index: HashMap<String, usize>,
    /// In first-appearance order until [`Tallier::finish`] sorts them.
    lines: Vec<Line>,
    total: Line,
    head: Headline,
    /// Latest time seen, and open tickets waiting for it: (line, deadline).
    latest: Option<chrono::NaiveDateTime>,
    open: Vec<(usize, chrono::NaiveDateTime)>,
    tolerance_s: i64,
}

impl<'a> Tallier<'a> {
    /// Judge open tickets with this tolerance (GD601's `tolerance_s`).
    #[must_use]
    pub fn with_tolerance(mut self, seconds: i64) -> Self {
        self.tolerance_s = seconds;
        self
    }

    #[must_use]
    pub fn new(by: By, config: &'a StatsConfig) -> Self {
        Tallier {
            by,
            config,
            index: HashMap::new(),
            lines: Vec::new(),
            total: Line {
                name: "合计".to_owned(),
                ..Line::default()
            },
            head: Headline::default(),
            latest: None,
            open: Vec::new(),
            tolerance_s: 0,
        }
    }

    /// Count one ticket.
    pub fn add(&mut self, r: &Record) {
        let eval = self.config.evaluate(&r.callback);
        let key = match self.by {
            By::Unit => &r.unit,
            By::County => &r.county,
            By::Category => &r.category,
        };
        let key = if key.is_empty() {
            "（未填写）"
        } else {
            key.as_str()
        };
        let i = match self.index.get(key) {
            Some(&i) => i,
            None => {
                self.lines.push(Line {
                    name: key.to_owned(),
                    ..Line::default()
                });
                self.index.insert(key.to_owned(), self.lines.len() - 1);
                self.lines.len() - 1
            }
        };
        self.lines[i].add(r, eval);
        self.total.add(r, eval);
        self.latest = self.latest.max(r.latest);
        if let Some(d) = r.open_deadline {
            self.open.push((i, d));
        }
        let head = &mut self.head;
        head.tickets += 1;
        head.closed += u64::from(r.closed);
        match r.handling.as_str() {
            "当即答复" => head.immediate += 1,
            "网络转办" => head.transferred += 1,
            _ => {}
        }
        if eval != Evaluation::None {
            head.evaluated += 1;
        }
        if eval == Evaluation::Satisfied {
            head.satisfied += 1;
        }
    }

    /// The finished table, in bulletin order.
    #[must_use]
    pub fn finish(self) -> Tally {
        let Tallier {
            by,
            config,
            mut lines,
            mut total,
            head,
            latest,
            open,
            tolerance_s,
            ..
        } = self;
        // Open tickets past their deadline at the export's latest time.
        if let Some(now) = latest {
            for (i, deadline) in open {
                if (now - deadline).num_seconds() > tolerance_s {
                    lines[i].overdue += 1;
                    total.overdue += 1;
                }
            }
        }
        // `lines` is in first-appearance order; the sort is stable, so ties keep it.
        let group = |name: &str| -> usize {
            if by != By::Unit {
                return 0;
            }
            config
                .lead_units
                .iter()
                .position(|pat| pat.split('|').any(|p| !p.is_empty() && name.contains(p)))
                .unwrap_or(config.lead_units.len())
        };
        lines.sort_by_key(|l| (group(&l.name), std::cmp::Reverse(l.assigned)));
        Tally {
            by,
            lines,
            total,
            headline: head,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_round_half_up() {
        assert_eq!(percent(902, 967), "93.28");
        assert_eq!(percent(65, 967), "6.72");
        assert_eq!(percent(15110, 15110), "100.00");
        assert_eq!(percent(0, 2), "0.00");
        assert_eq!(percent(1, 8), "12.50");
        assert_eq!(percent(1, 0), "0.00");
    }

    fn rec(unit: &str, callback: &str) -> Record {
        Record {
            unit: unit.into(),
            closed: true,
            callback: callback.into(),
            ..Record::default()
        }
    }

    #[test]
    fn open_tickets_are_judged_at_the_latest_time_of_the_export() {
        let t = |s: &str| datetime::parse(s);
        let open = Record {
            unit: "甲".into(),
            open_deadline: t("2024-03-08 18:00:00"),
            latest: t("2024-03-01 09:00:00"),
            ..Record::default()
        };
        let not_yet = Record {
            unit: "乙".into(),
            open_deadline: t("2024-03-30 18:00:00"),
            latest: t("2024-03-20 09:00:00"),
            ..Record::default()
        };
        let later = Record {
            unit: "乙".into(),
            closed: true,
            latest: t("2024-03-22 10:00:00"),
            ..Record::default()
        };
        let tally = tally([open, not_yet, later], By::Unit, &StatsConfig::default());
        assert_eq!(tally.total.overdue, 1);
        let a = tally.lines.iter().find(|l| l.name == "甲").unwrap();
        assert_eq!(a.overdue, 1);
    }

    #[test]
    fn a_narrower_satisfied_set_makes_the_rest_unsatisfied() {
        let cfg = StatsConfig {
            satisfied: vec!["非常满意".into(), "满意".into()],
            ..StatsConfig::default()
        };
        assert_eq!(cfg.evaluate("基本满意"), Evaluation::Unsatisfied);
        assert_eq!(cfg.evaluate(" 满意 "), Evaluation::Satisfied);
        assert_eq!(cfg.evaluate("未接通"), Evaluation::None);
        assert_eq!(cfg.evaluate(""), Evaluation::None);
    }

    #[test]
    fn evaluations_and_order() {
        let cfg = StatsConfig::default();
        let rs = vec![
            rec("市教育局", "满意"),
            rec("市教育局", "未接通"),
            rec("市公安局", "不满意"),
            rec("市公安局", "基本满意"),
            rec("市公安局", "非常满意"),
            rec("大祥区人民政府", "满意"),
        ];
        let t = tally(rs, By::Unit, &cfg);
        let names: Vec<&str> = t.lines.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, ["大祥区人民政府", "市公安局", "市教育局"]);
        assert_eq!(t.lines[2].evaluated, 1, "未接通 is not an evaluation");
        assert_eq!((t.lines[1].satisfied, t.lines[1].unsatisfied), (2, 1));
        assert_eq!(t.total.assigned, 6);
    }
}
