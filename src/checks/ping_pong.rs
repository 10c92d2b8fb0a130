//! `ping-pong`: a ticket returned two or more times, or by two or more
//! units (皮球办单, seed 三.3). Returns come from the flow records
//! ([`FlowIndex`], built once before the tickets are read; it keeps only
//! returns, so memory grows with returns) and from a 退回原因 cell holding
//! several returns, one per line (`市城投集团：不属于我公司责任范围`).

use std::collections::HashMap;

use regex::Regex;
use serde::Deserialize;

use super::call_link::normalize_id;
use super::compact::{Id, Interner};
use super::{FieldRef, Finding, RowCtx};
use crate::input::{Row, Schema, TableKind, TableMeta, datetime};

/// One return of a ticket.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Return {
    pub unit: Option<String>,
    pub at: Option<chrono::NaiveDateTime>,
    pub reason: String,
}

/// Returns per ticket, from the flow records, in compact form: ticket ids
/// packed, units interned, and of each reason only the first
/// [`REASON_CHARS`] characters, all a finding shows of it.
#[derive(Debug, Default)]
pub struct FlowIndex {
    returns: HashMap<Id, Vec<Kept>>,
    units: Interner,
}

/// Characters of a return's reason a finding shows.
pub const REASON_CHARS: usize = 30;

/// One return as the index keeps it.
#[derive(Debug)]
struct Kept {
    /// Interned unit, `u32::MAX` for none.
    unit: u32,
    at: Option<chrono::NaiveDateTime>,
    reason: Box<str>,
}

/// Whether a flow action is a return (退回, 退单, 回退, 申请退回…).
#[must_use]
pub fn is_return(action: &str) -> bool {
    let a = action.trim();
    (a.contains("退回")
        || a.contains("退单")
        || a.contains("回退")
        || a.eq_ignore_ascii_case("return"))
        && !a.contains("驳回退回")
        && !a.contains("不同意")
}

impl FlowIndex {
    /// Add one flow-record row (only returns are kept).
    pub fn add(&mut self, meta: &TableMeta, row: &Row, schema: &Schema) {
        let t = schema.table(TableKind::Flows);
        let get = |name: &str| {
            t.field(name)
                .and_then(|id| meta.column(id))
                .map(|c| row.cell(c).trim())
        };
        if !get("action").is_some_and(is_return) {
            return;
        }
        let Some(id) = get("ticket_id").map(normalize_id).filter(|s| !s.is_empty()) else {
            return;
        };
        let kept = Kept {
            unit: get("unit")
                .filter(|u| !u.is_empty())
                .map_or(u32::MAX, |u| self.units.intern(u)),
            at: get("at").and_then(datetime::parse),
            reason: short(get("opinion").unwrap_or("")).into(),
        };
        self.returns.entry(Id::new(id)).or_default().push(kept);
    }

    /// The returns of a ticket, in time order (file order where times tie
    /// or are missing); reasons cut to [`REASON_CHARS`] characters.
    #[must_use]
    pub fn returns(&self, ticket: &str) -> Vec<Return> {
        let mut v: Vec<Return> = self
            .returns
            .get(&Id::new(normalize_id(ticket)))
            .map(|k| {
                k.iter()
                    .map(|r| Return {
                        unit: (r.unit != u32::MAX).then(|| self.units.get(r.unit).to_owned()),
                        at: r.at,
                        reason: r.reason.to_string(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        v.sort_by_key(|r| r.at);
        v
    }
}

/// The first [`REASON_CHARS`] characters of a reason.
fn short(reason: &str) -> &str {
    reason
        .char_indices()
        .nth(REASON_CHARS)
        .map_or(reason, |(i, _)| &reason[..i])
}

/// Parameters of `kind = "ping-pong"`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PingPongSpec {
    /// Fire at this many returns of one ticket.
    #[serde(default = "two")]
    pub min_returns: usize,
    /// The multi-line return-reason field read besides the flow records.
    #[serde(default = "default_field")]
    pub field: String,
}

fn two() -> usize {
    2
}

fn default_field() -> String {
    "return_reason".to_owned()
}

/// The compiled `ping-pong` check.
#[derive(Debug)]
pub struct PingPong {
    min_returns: usize,
    field: FieldRef,
    ticket: FieldRef,
    unit_prefix: Regex,
}

impl PingPong {
    /// # Errors
    /// Unknown field; `min_returns` below 2.
    pub fn compile(spec: PingPongSpec, schema: &Schema) -> Result<Self, String> {
        if spec.min_returns < 2 {
            return Err("`min_returns` must be at least 2".to_owned());
        }
        Ok(PingPong {
            min_returns: spec.min_returns,
            field: FieldRef::resolve(schema, &spec.field)?,
            ticket: FieldRef::resolve(schema, "ticket_id")?,
            // After an optional numbering or date: "【单位】理由", "单位：理由",
            // "单位退回：理由".
            unit_prefix: Regex::new(
                r"^[\d年月日时分/\-:：\s.、．)）]*(?:[【\[]([^】\]]{2,30})[】\]]\s*[：:]?|([^：:\s]{2,30}?)(?:申请)?(?:退回|退单)?\s*[：:])",
            )
            .map_err(|e| e.to_string())?,
        })
    }

    fn cell_returns(&self, text: &str) -> Vec<Return> {
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|l| {
                let caps = self.unit_prefix.captures(l);
                let unit = caps
                    .as_ref()
                    .and_then(|c| c.get(1).or_else(|| c.get(2)))
                    .map(|m| m.as_str().to_owned());
                let reason = match caps.and_then(|c| c.get(0)) {
                    Some(m) if unit.is_some() => l[m.end()..].trim().to_owned(),
                    _ => l.to_owned(),
                };
                Return {
                    unit,
                    at: None,
                    reason,
                }
            })
            .collect()
    }

    pub fn check_row(&self, ctx: &RowCtx, out: &mut Vec<Finding>) {
        let ticket = ctx.text(&self.ticket);
        let from_flows = ctx
            .env
            .flows
            .as_ref()
            .map(|f| f.returns(ticket))
            .unwrap_or_default();
        let from_cell = self.cell_returns(ctx.text(&self.field));
        // The same returns often appear in both places; take the fuller list.
        let chain = if from_flows.len() >= from_cell.len() {
            from_flows
        } else {
            from_cell
        };
        if chain.len() < self.min_returns {
            return;
        }
        let mut units: Vec<&str> = chain.iter().filter_map(|r| r.unit.as_deref()).collect();
        units.dedup();
        let mut distinct = units.clone();
        distinct.sort_unstable();
        distinct.dedup();
        let steps: Vec<String> = chain
            .iter()
            .map(|r| {
                let reason = short(&r.reason);
                let unit = r
                    .unit
                    .as_deref()
                    .unwrap_or(ctx.lang.pick("（未注明单位）", "(unit not given)"));
                if reason.is_empty() {
                    unit.to_owned()
                } else {
                    format!("{unit}「{reason}」")
                }
            })
            .collect();
        let n = chain.len();
        let detail = ctx.say(
            format!(
                "被退回 {n} 次，涉及 {} 个单位：{}",
                distinct.len(),
                steps.join(" → ")
            ),
            format!(
                "returned {n} times by {} unit(s): {}",
                distinct.len(),
                steps.join(" → ")
            ),
        );
        let mut f = Finding {
            detail,
            ..Finding::default()
        };
        if ctx.cell(&self.field).is_some_and(|c| !c.trim().is_empty()) {
            f.field = Some(self.field.id);
        } else {
            f.field = ctx.cell(&self.ticket).map(|_| self.ticket.id);
        }
        f.args.push(("count", n.to_string()));
        f.args.push(("chain", steps.join(" → ")));
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn returns_are_recognised() {
        assert!(is_return("退回"));
        assert!(is_return("申请退回"));
        assert!(is_return("退单"));
        assert!(!is_return("派单"));
        assert!(!is_return("办结"));
    }

    #[test]
    fn cell_lines_carry_units() {
        let schema = Schema::builtin().unwrap();
        let p = PingPong::compile(
            PingPongSpec {
                min_returns: 2,
                field: "return_reason".into(),
            },
            &schema,
        )
        .unwrap();
        let r = p.cell_returns("市城投集团：不属于我公司责任范围\n【市城管局】不属我们负责\n3月5日 路灯所退回：非我所管辖");
        assert_eq!(r.len(), 3);
        assert_eq!(r[0].unit.as_deref(), Some("市城投集团"));
        assert_eq!(r[0].reason, "不属于我公司责任范围");
        assert_eq!(r[1].unit.as_deref(), Some("市城管局"));
        assert_eq!(r[1].reason, "不属我们负责");
        assert_eq!(r[2].unit.as_deref(), Some("路灯所"));
        assert_eq!(r[2].reason, "非我所管辖");
        let plain = p.cell_returns("不属于我单位职责");
        assert_eq!(plain.len(), 1);
        assert_eq!(plain[0].unit, None);
    }
}
