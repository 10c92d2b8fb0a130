//! `call-link`: tickets that cannot be linked to their call record
//! (工单关联不上话单, seed 三.5). The call records are indexed once, before
//! any ticket is read ([`CallIndex`]: memory grows with calls, not tickets);
//! `check = "unknown"` (GD202) looks the ticket's 话单编号 up, `check =
//! "mismatch"` (GD203) compares caller, direction and time.

use std::collections::HashMap;

use chrono::{Duration, NaiveDateTime};
use serde::Deserialize;

use super::cond::{Cond, CondSpec, all_hold};
use super::{Deferred, FieldRef, Finding, RowCtx, RowRef, compact};
use crate::diagnostic::{Severity, Span};
use crate::input::values::{Phone, parse_duration, parse_phone};
use crate::input::{Schema, TableKind, TableMeta, datetime};

/// One call record, as much of it as the link checks need.
#[derive(Clone, Debug, Default)]
pub struct Call {
    pub caller: Option<Phone>,
    /// `Some(true)` inbound, `Some(false)` outbound, `None` unknown.
    pub inbound: Option<bool>,
    pub start: Option<NaiveDateTime>,
    pub end: Option<NaiveDateTime>,
}

/// All call records of the export, by normalised call id, in compact form
/// (BENCHMARKS.md gives the bytes per call record): a packed id and a
/// 16-byte record, in one vector sorted once the calls table is read.
/// Ids that do not pack, and calls whose caller or times do not fit the
/// compact record, are kept whole beside it.
#[derive(Debug, Default)]
pub struct CallIndex {
    packed: Vec<([u64; 2], Slot)>,
    /// Whether `packed` is sorted by id with one entry per id.
    sealed: bool,
    other: HashMap<Box<str>, Call>,
    /// Calls with a packed id whose record did not fit a [`Slot`].
    full: HashMap<[u64; 2], Call>,
}

/// A call record in 16 bytes: caller digits packed 4 bits a digit in the
/// low 60 bits (0: none) and the direction in the top 4 (0 unknown, 1
/// outbound, 2 inbound; `u64::MAX`: the record is in `full`), start as
/// seconds since 1970 (`u32::MAX`: none), end as seconds after the start
/// (`i32::MIN`: none). A record that does not fit (a caller of 16 digits,
/// a time before 1970 or after 2106, a fraction of a second) is kept whole.
#[derive(Clone, Copy, Debug)]
struct Slot {
    caller: u64,
    start: u32,
    end: i32,
}

impl Slot {
    const FULL: u64 = u64::MAX;
    /// The caller's digits in [`Slot::caller`].
    const DIGITS: u64 = (1 << 60) - 1;

    fn of(call: &Call) -> Option<Slot> {
        let digits = match &call.caller {
            Some(p) => compact::pack_digits(&p.digits).filter(|&d| d <= Self::DIGITS)?,
            None => 0,
        };
        let start = match call.start {
            Some(t) => Some(compact::seconds(t)?),
            None => None,
        };
        let end = match (call.end, start) {
            (None, _) => i32::MIN,
            (Some(e), Some(s)) => {
                let d = compact::seconds(e)?.checked_sub(s)?;
                i32::try_from(d).ok().filter(|&d| d != i32::MIN)?
            }
            (Some(_), None) => return None,
        };
        let start = match start {
            Some(s) => u32::try_from(s).ok().filter(|&s| s != u32::MAX)?,
            None => u32::MAX,
        };
        let direction: u64 = match call.inbound {
            None => 0,
            Some(false) => 1,
            Some(true) => 2,
        };
        Some(Slot {
            caller: digits | direction << 60,
            start,
            end,
        })
    }

    fn call(self) -> Call {
        let start = (self.start != u32::MAX)
            .then(|| compact::from_seconds(i64::from(self.start)))
            .flatten();
        let digits = self.caller & Self::DIGITS;
        Call {
            caller: (digits != 0).then(|| Phone {
                digits: compact::unpack_digits(digits),
            }),
            inbound: match self.caller >> 60 {
                1 => Some(false),
                2 => Some(true),
                _ => None,
            },
            start,
            end: (self.end != i32::MIN)
                .then(|| compact::from_seconds(i64::from(self.start) + i64::from(self.end)))
                .flatten(),
        }
    }
}

/// A call-record row as the index takes it: normalised id and call.
pub type CallRow = (String, Call);

/// Normalise an id as exports write it: trim, drop Excel's leading `'`
/// text marker and surrounding quotes.
#[must_use]
pub fn normalize_id(s: &str) -> &str {
    s.trim().trim_start_matches('\'').trim_matches('"').trim()
}

/// Whether a 呼叫方向 value means an outbound call.
fn inbound(v: &str) -> Option<bool> {
    let v = v.trim().to_lowercase();
    if v.is_empty() {
        None
    } else if v.contains('出') || v.contains("去电") || v.starts_with("out") || v == "o" {
        Some(false)
    } else if v.contains('入') || v.contains("来电") || v.starts_with("in") || v == "i" {
        Some(true)
    } else {
        None
    }
}

impl CallIndex {
    /// Add one call-record row.
    pub fn add(&mut self, meta: &TableMeta, row: &crate::input::Row, schema: &Schema) {
        if let Some((id, call)) = Self::parse(meta, row, schema) {
            self.insert(&id, call);
        }
    }

    /// What [`CallIndex::add`] keeps of a call-record row: its normalised
    /// id and the call (none without an id). Stateless, so the engine runs
    /// it in parallel and inserts in file order.
    #[must_use]
    pub fn parse(meta: &TableMeta, row: &crate::input::Row, schema: &Schema) -> Option<CallRow> {
        let t = schema.table(TableKind::Calls);
        let get = |name: &str| {
            t.field(name)
                .and_then(|id| meta.column(id))
                .map(|c| crate::input::values::trim(row.cell(c)))
        };
        let id = get("call_id").map(normalize_id).filter(|s| !s.is_empty())?;
        let start = get("started_at").and_then(datetime::parse);
        let end = get("ended_at").and_then(datetime::parse).or_else(|| {
            let secs = get("duration_s").and_then(parse_duration)?;
            Some(start? + Duration::seconds(i64::try_from(secs).ok()?))
        });
        let call = Call {
            caller: get("caller").and_then(parse_phone),
            inbound: get("direction").and_then(inbound),
            start,
            end,
        };
        Some((id.to_owned(), call))
    }

    /// Add one call under its normalised id; a later record of the same id
    /// replaces an earlier one.
    pub fn insert(&mut self, id: &str, call: Call) {
        let Some(key) = compact::pack_id(id).map(compact::split) else {
            self.other.insert(id.into(), call);
            return;
        };
        let slot = Slot::of(&call).unwrap_or_else(|| {
            self.full.insert(key, call);
            Slot {
                caller: Slot::FULL,
                start: 0,
                end: 0,
            }
        });
        self.packed.push((key, slot));
        self.sealed = false;
    }

    /// Sort the index for lookups, keeping the last record of each id.
    /// The engine calls it once the calls table is read; until then
    /// lookups still work, by a slower scan.
    pub fn seal(&mut self) {
        if self.sealed {
            return;
        }
        // Stable: records of one id stay in file order, the last wins.
        self.packed.sort_by_key(|e| e.0);
        // In place, not into a second vector: the last record of each id
        // moves down over the earlier ones.
        let v = &mut self.packed;
        let mut kept = 0;
        for i in 0..v.len() {
            if kept > 0 && v[kept - 1].0 == v[i].0 {
                v[kept - 1] = v[i];
            } else {
                v[kept] = v[i];
                kept += 1;
            }
        }
        v.truncate(kept);
        v.shrink_to_fit();
        // A record replaced by a later compact one of the same id is gone.
        let packed = &self.packed;
        self.full.retain(|k, _| {
            packed
                .binary_search_by_key(k, |e| e.0)
                .is_ok_and(|i| packed[i].1.caller == Slot::FULL)
        });
        self.sealed = true;
    }

    /// The call record of an id (normalised here).
    #[must_use]
    pub fn get(&self, id: &str) -> Option<Call> {
        let id = normalize_id(id);
        let Some(key) = compact::pack_id(id).map(compact::split) else {
            return self.other.get(id).cloned();
        };
        let slot = if self.sealed {
            self.packed
                .binary_search_by_key(&key, |e| e.0)
                .ok()
                .map(|i| self.packed[i].1)
        } else {
            self.packed.iter().rev().find(|e| e.0 == key).map(|e| e.1)
        }?;
        if slot.caller == Slot::FULL {
            self.full.get(&key).cloned()
        } else {
            Some(slot.call())
        }
    }

    /// Distinct call ids.
    #[must_use]
    pub fn len(&self) -> usize {
        let packed = if self.sealed {
            self.packed.len()
        } else {
            let mut keys: Vec<[u64; 2]> = self.packed.iter().map(|e| e.0).collect();
            keys.sort_unstable();
            keys.dedup();
            keys.len()
        };
        packed + self.other.len()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.packed.is_empty() && self.other.is_empty()
    }
}

/// Which link problem a rule reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LinkCheck {
    /// The call id is not among the call records (GD202).
    Unknown,
    /// The linked call contradicts the ticket (GD203).
    Mismatch,
}

/// Parameters of `kind = "call-link"`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CallLinkSpec {
    pub check: LinkCheck,
    /// Which tickets need a call (phone channels).
    #[serde(default)]
    pub when: Vec<CondSpec>,
    /// A ticket may be created this many minutes before its call starts
    /// (clock skew between the call system and the ticket system).
    #[serde(default = "default_before")]
    pub before_minutes: i64,
    /// …and up to this many hours after the call ends.
    #[serde(default = "default_after")]
    pub after_hours: i64,
}

fn default_before() -> i64 {
    5
}

fn default_after() -> i64 {
    24
}

/// The compiled `call-link` check.
#[derive(Debug)]
pub struct CallLink {
    check: LinkCheck,
    when: Vec<Cond>,
    call_id: FieldRef,
    phone: FieldRef,
    created: FieldRef,
    before: Duration,
    after: Duration,
}

/// State: whether any ticket wanted a call while no call records were given.
#[derive(Debug, Default)]
pub struct State {
    first_unchecked: Option<(usize, u64)>,
    unchecked: u64,
}

impl CallLink {
    /// # Errors
    /// Bad condition, negative window.
    pub fn compile(spec: CallLinkSpec, schema: &Schema) -> Result<Self, String> {
        if spec.before_minutes < 0 || spec.after_hours < 0 {
            return Err("`before_minutes` and `after_hours` cannot be negative".to_owned());
        }
        Ok(CallLink {
            check: spec.check,
            when: Cond::compile_all(&spec.when, schema)?,
            call_id: FieldRef::resolve(schema, "call_id")?,
            phone: FieldRef::resolve(schema, "caller_phone")?,
            created: FieldRef::resolve(schema, "created_at")?,
            before: Duration::minutes(spec.before_minutes),
            after: Duration::hours(spec.after_hours),
        })
    }

    fn call_id<'a>(&self, ctx: &'a RowCtx) -> Option<&'a str> {
        let raw = ctx.cell(&self.call_id)?;
        let id = normalize_id(raw);
        (!id.is_empty() && all_hold(&self.when, ctx)).then_some(id)
    }

    pub fn check_row(&self, ctx: &RowCtx, out: &mut Vec<Finding>) {
        let Some(index) = &ctx.env.calls else { return };
        let Some(id) = self.call_id(ctx) else { return };
        let whole = Span {
            start: 0,
            end: ctx.cell(&self.call_id).unwrap_or("").chars().count(),
        };
        let Some(call) = index.get(id) else {
            if self.check == LinkCheck::Unknown {
                let mut f = Finding::at(
                    self.call_id.id,
                    ctx.say(
                        format!(
                            "话单编号「{id}」在提供的话单中找不到（共 {} 条话单）",
                            index.len()
                        ),
                        format!(
                            "call id “{id}” is not among the {} supplied call records",
                            index.len()
                        ),
                    ),
                );
                f.span = Some(whole);
                out.push(f);
            }
            return;
        };
        if self.check != LinkCheck::Mismatch {
            return;
        }
        let mut problems: Vec<String> = Vec::new();
        let phone_text = ctx.text(&self.phone);
        if let (Some(tp), Some(cp)) = (parse_phone(phone_text), &call.caller) {
            if !tp.matches(cp) {
                problems.push(ctx.say(
                    format!("来电号码 {} 与话单主叫 {} 不一致", tp.digits, cp.digits),
                    format!(
                        "caller {} differs from the call's caller {}",
                        tp.digits, cp.digits
                    ),
                ));
            }
        }
        if call.inbound == Some(false) {
            problems.push(ctx.say(
                "关联的是一通呼出电话，不是市民来电",
                "the linked call is outbound, not the citizen's call",
            ));
        }
        if let (Some(created), Some(start)) = (datetime::parse(ctx.text(&self.created)), call.start)
        {
            let end = call.end.unwrap_or(start);
            if created < start - self.before {
                problems.push(ctx.say(
                    format!("受理时间 {created} 早于通话开始 {start}"),
                    format!("accepted at {created}, before the call started at {start}"),
                ));
            } else if created > end + self.after {
                let hours = (created - end).num_hours();
                problems.push(ctx.say(
                    format!("受理时间 {created} 在通话结束 {end} 之后 {hours} 小时，超出 {} 小时", self.after.num_hours()),
                    format!("accepted at {created}, {hours} h after the call ended at {end} (limit {} h)", self.after.num_hours()),
                ));
            }
        }
        if !problems.is_empty() {
            let mut f = Finding::at(self.call_id.id, problems.join(ctx.lang.pick("；", "; ")));
            f.span = Some(whole);
            out.push(f);
        }
    }

    /// Count tickets that needed the call records when none were supplied.
    pub fn observe(&self, ctx: &RowCtx, state: &mut State) {
        if ctx.env.calls.is_none() && self.call_id(ctx).is_some() {
            state.unchecked += 1;
            state
                .first_unchecked
                .get_or_insert((ctx.table, ctx.meta.header_row));
        }
    }

    /// With no call records, say once that the check could not run.
    pub fn finish(&self, state: State, lang: crate::report::Lang, out: &mut Vec<Deferred>) {
        let Some((table, row)) = state.first_unchecked else {
            return;
        };
        let n = state.unchecked;
        let detail = match lang {
            crate::report::Lang::Zh => format!(
                "未能检查：没有提供话单表，{n} 张带话单编号的工单无法核对是否关联得上话单。请把同期的话单导出（话单编号、主叫号码、开始时间…）与工单一起检查。"
            ),
            crate::report::Lang::En => format!(
                "Not checked: no call records were supplied, so {n} tickets with a call id could not be linked to their calls. Check the call-record export of the same period (call id, caller, start time…) together with the tickets."
            ),
        };
        out.push(Deferred {
            at: RowRef {
                table,
                row,
                ticket: None,
                unit: None,
                text: None,
            },
            finding: Finding {
                detail,
                severity: Some(Severity::Warning),
                standalone: true,
                ..Finding::default()
            },
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directions() {
        assert_eq!(inbound("呼入"), Some(true));
        assert_eq!(inbound("呼出"), Some(false));
        assert_eq!(inbound("去电"), Some(false));
        assert_eq!(inbound("Inbound"), Some(true));
        assert_eq!(inbound("OUT"), Some(false));
        assert_eq!(inbound("未知"), None);
    }

    fn call(caller: &str, start: &str, end: Option<&str>) -> Call {
        Call {
            caller: parse_phone(caller),
            inbound: Some(true),
            start: datetime::parse(start),
            end: end.and_then(datetime::parse),
        }
    }

    #[test]
    fn compact_index_gives_back_what_went_in() {
        let mut index = CallIndex::default();
        let a = call(
            "13812345678",
            "2024-03-01 08:10:32",
            Some("2024-03-01 08:21:12"),
        );
        // A fraction of a second and a masked caller: kept whole.
        let b = call("138****5678", "2024-03-01 08:10:32.25", None);
        let c = Call {
            caller: None,
            inbound: None,
            start: None,
            end: datetime::parse("2024-03-02 09:00:00"),
        };
        index.insert("202403010810320001", a.clone());
        index.insert("C-2", b.clone());
        index.insert("话单 3", c.clone());
        // Lookups before sealing scan; after, they search.
        for sealed in [false, true] {
            if sealed {
                index.seal();
            }
            let got = index.get(" '202403010810320001 ").unwrap();
            assert_eq!(got.caller, a.caller);
            assert_eq!(
                (got.start, got.end, got.inbound),
                (a.start, a.end, a.inbound)
            );
            let got = index.get("C-2").unwrap();
            assert_eq!(got.caller, b.caller);
            assert_eq!((got.start, got.end), (b.start, b.end));
            let got = index.get("话单 3").unwrap();
            assert_eq!(
                (got.start, got.end, got.inbound),
                (c.start, c.end, c.inbound)
            );
            assert!(index.get("202403010810320002").is_none());
            assert_eq!(index.len(), 3);
        }
    }

    /// BENCHMARKS.md states this size per call record.
    #[test]
    fn a_call_record_takes_32_bytes() {
        assert_eq!(std::mem::size_of::<([u64; 2], Slot)>(), 32);
    }

    #[test]
    fn records_that_do_not_fit_the_slot_are_kept_whole() {
        let mut index = CallIndex::default();
        // 16 digits (no room beside the direction), a start before 1970,
        // no direction, an outbound call.
        let mut long = call("13812345678", "2024-03-01 08:10:32", None);
        long.caller = Some(Phone {
            digits: "1381234567812345".to_owned(),
        });
        let old = call(
            "13812345678",
            "1969-12-31 23:59:59",
            Some("1970-01-01 00:00:09"),
        );
        let mut unknown = call("13812345678", "2024-03-01 08:10:32", None);
        unknown.inbound = None;
        let mut out = call("", "2106-02-07 06:28:14", Some("2106-02-07 06:28:20"));
        out.inbound = Some(false);
        let calls = [long, old, unknown, out];
        for (i, c) in calls.iter().enumerate() {
            index.insert(&format!("A{i}"), c.clone());
        }
        index.seal();
        for (i, c) in calls.iter().enumerate() {
            let got = index.get(&format!("A{i}")).unwrap();
            assert_eq!(
                (&got.caller, got.inbound, got.start, got.end),
                (&c.caller, c.inbound, c.start, c.end),
                "record {i}"
            );
        }
        assert_eq!(index.full.len(), 2, "the long caller and the early start");
    }

    #[test]
    fn a_later_record_of_the_same_id_wins() {
        let mut index = CallIndex::default();
        index.insert("1", call("13812345678", "2024-03-01 08:10:32.5", None));
        index.insert("2", call("13800000000", "2024-03-01 09:00:00", None));
        index.insert("1", call("13912345678", "2024-03-01 10:00:00", None));
        assert_eq!(
            index.get("1").unwrap().caller.unwrap().digits,
            "13912345678"
        );
        index.seal();
        assert_eq!(index.len(), 2);
        assert_eq!(
            index.get("1").unwrap().caller.unwrap().digits,
            "13912345678"
        );
        // The replaced whole record is dropped.
        assert!(index.full.is_empty());
        index.insert("2", call("13812345678", "2024-03-01 08:10:32.5", None));
        index.seal();
        assert_eq!(
            index.get("2").unwrap().start,
            datetime::parse("2024-03-01 08:10:32.5")
        );
    }

    #[test]
    fn ids_normalise() {
        assert_eq!(normalize_id(" 'C2024031900012 "), "C2024031900012");
        assert_eq!(normalize_id("\"C1\""), "C1");
    }
}
