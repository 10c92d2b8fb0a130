//! `template`: the same closing text, once names, numbers, dates and places
//! are masked, answers many tickets whose appeals differ — a template pasted
//! instead of handling (GD505). Texts are grouped by a hash of their masked
//! form; each group keeps its members' places, so memory grows with tickets.

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};

use regex::Regex;
use serde::Deserialize;

use super::call_link::normalize_id;
use super::cond::{Cond, CondSpec, all_hold};
use super::{Deferred, FieldRef, Finding, Prepared, RowCtx, RowRef};
use crate::input::Schema;
use crate::report::Lang;

/// Parameters of `kind = "template"`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateSpec {
    /// The reply field compared across tickets.
    pub field: String,
    /// The appeal field that must differ.
    pub content_field: String,
    /// Fire when one masked text answers at least this many tickets…
    pub min_tickets: usize,
    /// …with at least this many different appeals.
    pub min_distinct_appeals: usize,
    /// Texts shorter than this are ignored (a bare "已办结" is not a template).
    pub min_chars: usize,
    /// Regexes whose matches are masked before comparing (names, numbers,
    /// dates, places).
    pub masks: Vec<String>,
    /// Only tickets where these hold (e.g. a handling unit's report, not
    /// the hotline's own stock answers).
    #[serde(default)]
    pub when: Vec<CondSpec>,
    /// How many ticket ids a message lists before "…".
    #[serde(default = "ten")]
    pub list: usize,
}

fn ten() -> usize {
    10
}

/// The compiled check.
#[derive(Debug)]
pub struct Template {
    field: FieldRef,
    content: FieldRef,
    ticket: FieldRef,
    unit: FieldRef,
    min_tickets: usize,
    min_distinct: usize,
    min_chars: usize,
    masks: Vec<Regex>,
    when: Vec<Cond>,
    list: usize,
}

#[derive(Debug, Default)]
struct Group {
    members: Vec<RowRef>,
    appeals: HashSet<u64>,
}

/// Groups of tickets by masked reply.
#[derive(Debug, Default)]
pub struct State {
    groups: HashMap<u64, Group>,
}

fn hash(s: &str) -> u64 {
    let mut h = DefaultHasher::new();
    s.hash(&mut h);
    h.finish()
}

impl Template {
    /// # Errors
    /// Unknown field, bad mask regex, thresholds below 2.
    pub fn compile(spec: TemplateSpec, schema: &Schema) -> Result<Self, String> {
        if spec.min_tickets < 2 || spec.min_distinct_appeals < 2 {
            return Err("`min_tickets` and `min_distinct_appeals` must be at least 2".to_owned());
        }
        Ok(Template {
            field: FieldRef::resolve(schema, &spec.field)?,
            content: FieldRef::resolve(schema, &spec.content_field)?,
            ticket: FieldRef::resolve(schema, "ticket_id")?,
            unit: FieldRef::resolve(schema, "unit")?,
            min_tickets: spec.min_tickets,
            min_distinct: spec.min_distinct_appeals,
            min_chars: spec.min_chars,
            masks: spec
                .masks
                .iter()
                .map(|m| Regex::new(m).map_err(|e| format!("bad mask `{m}`: {e}")))
                .collect::<Result<_, _>>()?,
            when: Cond::compile_all(&spec.when, schema)?,
            list: spec.list.max(1),
        })
    }

    /// The masked form a text is compared by: masks applied, then spaces
    /// and punctuation dropped.
    #[must_use]
    pub fn masked(&self, text: &str) -> String {
        let mut s = text.to_owned();
        for m in &self.masks {
            s = m.replace_all(&s, "〇").into_owned();
        }
        s.chars()
            .filter(|c| c.is_alphanumeric() || *c == '〇')
            .collect()
    }

    /// Mask and hash the reply and the appeal (parallel phase).
    #[must_use]
    pub fn prepare(&self, ctx: &RowCtx) -> Prepared {
        let text = ctx.text(&self.field);
        if text.chars().count() < self.min_chars || !all_hold(&self.when, ctx) {
            return Prepared::Nothing;
        }
        Prepared::Template {
            reply: hash(&self.masked(text)),
            appeal: hash(&self.masked(ctx.text(&self.content))),
        }
    }

    pub fn observe(&self, ctx: &RowCtx, prepared: Prepared, state: &mut State) {
        let Prepared::Template { reply, appeal } = prepared else {
            return;
        };
        let ticket = normalize_id(ctx.text(&self.ticket));
        let g = state.groups.entry(reply).or_default();
        g.appeals.insert(appeal);
        g.members.push(RowRef {
            table: ctx.table,
            row: ctx.row.number,
            ticket: (!ticket.is_empty()).then(|| ticket.to_owned()),
            unit: Some(ctx.text(&self.unit).to_owned()).filter(|u| !u.is_empty()),
            // Not the text: every reply of the export would be held until
            // the end. The message names the group; the cell is located.
            text: None,
        });
    }

    pub fn finish(&self, state: State, lang: Lang, out: &mut Vec<Deferred>) {
        for g in state.groups.into_values() {
            if g.members.len() < self.min_tickets || g.appeals.len() < self.min_distinct {
                continue;
            }
            let n = g.members.len();
            let ids: Vec<&str> = g
                .members
                .iter()
                .filter_map(|m| m.ticket.as_deref())
                .collect();
            let shown = ids
                .iter()
                .take(self.list)
                .copied()
                .collect::<Vec<_>>()
                .join(lang.pick("、", ", "));
            let more = if ids.len() > self.list {
                lang.pick(" 等", " …")
            } else {
                ""
            };
            for m in &g.members {
                let detail = match lang {
                    Lang::Zh => format!(
                        "同一段办结内容（屏蔽姓名、数字、日期、地点后相同）答复了 {n} 张工单，其中诉求内容互不相同的有 {} 种：{shown}{more}",
                        g.appeals.len()
                    ),
                    Lang::En => format!(
                        "the same closing text (after masking names, numbers, dates, places) answers {n} tickets with {} different appeals: {shown}{more}",
                        g.appeals.len()
                    ),
                };
                let mut f = Finding::at(self.field.id, detail);
                f.args.push(("count", n.to_string()));
                out.push(Deferred {
                    at: m.clone(),
                    finding: f,
                });
            }
        }
    }
}
