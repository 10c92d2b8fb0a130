//! `call-link`: tickets that cannot be linked to their call record
//! (工单关联不上话单, seed 三.5). The call records are indexed once, before
//! any ticket is read ([`CallIndex`]: memory grows with calls, not tickets);
//! `check = "unknown"` (GD202) looks the ticket's 话单编号 up, `check =
//! "mismatch"` (GD203) compares caller, direction and time.

use std::collections::HashMap;

use chrono::{Duration, NaiveDateTime};
use serde::Deserialize;

use super::cond::{Cond, CondSpec, all_hold};
use super::{Deferred, FieldRef, Finding, RowCtx, RowRef};
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

/// All call records of the export, by normalised call id.
#[derive(Debug, Default)]
pub struct CallIndex {
    calls: HashMap<String, Call>,
}

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
        let t = schema.table(TableKind::Calls);
        let get = |name: &str| {
            t.field(name)
                .and_then(|id| meta.column(id))
                .map(|c| row.cell(c).trim())
        };
        let Some(id) = get("call_id").map(normalize_id).filter(|s| !s.is_empty()) else {
            return;
        };
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
        self.calls.insert(id.to_owned(), call);
    }

    #[must_use]
    pub fn get(&self, id: &str) -> Option<&Call> {
        self.calls.get(normalize_id(id))
    }

    #[must_use]
    pub fn len(&self) -> usize {
        self.calls.len()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.calls.is_empty()
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

    #[test]
    fn ids_normalise() {
        assert_eq!(normalize_id(" 'C2024031900012 "), "C2024031900012");
        assert_eq!(normalize_id("\"C1\""), "C1");
    }
}
