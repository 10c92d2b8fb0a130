//! `template`: the same closing text, once names, numbers, dates and places
//! are masked, answers many tickets whose appeals differ — a template pasted
//! instead of handling (GD505). Texts are grouped by a hash of their masked
//! form; every compared ticket is kept in compact form (48 bytes) until the
//! end of the export, so memory grows with tickets.

use std::borrow::Cow;
use std::hash::{DefaultHasher, Hash, Hasher};

use regex::Regex;
use serde::Deserialize;

use super::call_link::normalize_id;
use super::compact::{Id, Interner};
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

/// A ticket whose reply is long enough to be compared, in 48 bytes:
/// hashes of its masked reply and appeal, where it stands, its packed id
/// and interned unit. Every such ticket is kept until the end of the
/// export, so nothing more.
#[derive(Debug)]
struct Member {
    reply: u64,
    appeal: u64,
    /// The packed id ([`Id::Packed`]); `[0, 0]` for none (no id packs to
    /// 0); [`TEXT_ID`] in the high half for an id that does not pack, the
    /// low half then its place in [`State::texts`].
    ticket: [u64; 2],
    row: u64,
    table: u32,
    /// Interned; `u32::MAX` for none.
    unit: u32,
}

/// Marks a member's id as one kept whole (a packed id is below 2¹²⁶).
const TEXT_ID: u64 = 1 << 63;

/// The compared tickets in file order (grouped by reply at the end), and
/// the units they name.
#[derive(Debug, Default)]
pub struct State {
    members: Vec<Member>,
    units: Interner,
    /// The ids that do not pack.
    texts: Vec<Box<str>>,
}

impl State {
    /// The id of a member as written.
    fn ticket(&self, m: &Member) -> Option<String> {
        match m.ticket {
            [0, 0] => None,
            [TEXT_ID, i] => usize::try_from(i)
                .ok()
                .and_then(|i| self.texts.get(i))
                .map(ToString::to_string),
            packed => Some(Id::Packed(packed).text()),
        }
    }
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
        // A mask that finds nothing leaves the text as it was: no copy.
        let mut s = Cow::Borrowed(text);
        for m in &self.masks {
            if let Cow::Owned(replaced) = m.replace_all(&s, "〇") {
                s = Cow::Owned(replaced);
            }
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
        let unit = ctx.text(&self.unit);
        let unit = if unit.is_empty() {
            u32::MAX
        } else {
            state.units.intern(unit)
        };
        // Not the text: every reply of the export would be held until the
        // end. The message names the group; the cell is located.
        let ticket = if ticket.is_empty() {
            [0, 0]
        } else {
            match Id::new(ticket) {
                Id::Packed(p) => p,
                Id::Text(t) => {
                    state.texts.push(t);
                    [TEXT_ID, (state.texts.len() - 1) as u64]
                }
            }
        };
        state.members.push(Member {
            reply,
            appeal,
            ticket,
            row: ctx.row.number,
            table: u32::try_from(ctx.table).unwrap_or(u32::MAX),
            unit,
        });
    }

    pub fn finish(&self, mut state: State, lang: Lang, out: &mut Vec<Deferred>) {
        let mut members = std::mem::take(&mut state.members);
        let units = &state.units;
        // Stable: each group's members stay in file order.
        members.sort_by_key(|m| m.reply);
        for g in members.chunk_by(|a, b| a.reply == b.reply) {
            if g.len() < self.min_tickets {
                continue;
            }
            let mut appeals: Vec<u64> = g.iter().map(|m| m.appeal).collect();
            appeals.sort_unstable();
            appeals.dedup();
            if appeals.len() < self.min_distinct {
                continue;
            }
            let n = g.len();
            let with_id = g.iter().filter(|m| m.ticket != [0, 0]).count();
            let shown = g
                .iter()
                .filter_map(|m| state.ticket(m))
                .take(self.list)
                .collect::<Vec<_>>()
                .join(lang.pick("、", ", "));
            let more = if with_id > self.list {
                lang.pick(" 等", " …")
            } else {
                ""
            };
            for m in g {
                let detail = match lang {
                    Lang::Zh => format!(
                        "同一段办结内容（屏蔽姓名、数字、日期、地点后相同）答复了 {n} 张工单，其中诉求内容互不相同的有 {} 种：{shown}{more}",
                        appeals.len()
                    ),
                    Lang::En => format!(
                        "the same closing text (after masking names, numbers, dates, places) answers {n} tickets with {} different appeals: {shown}{more}",
                        appeals.len()
                    ),
                };
                let mut f = Finding::at(self.field.id, detail);
                f.args.push(("count", n.to_string()));
                out.push(Deferred {
                    at: RowRef {
                        table: m.table as usize,
                        row: m.row,
                        ticket: state.ticket(m),
                        unit: (m.unit != u32::MAX).then(|| units.get(m.unit).to_owned()),
                        text: None,
                    },
                    finding: f,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// BENCHMARKS.md states this size per compared ticket.
    #[test]
    fn a_member_takes_48_bytes() {
        assert_eq!(std::mem::size_of::<Member>(), 48);
    }

    #[test]
    fn ids_come_back_as_written() {
        let mut state = State::default();
        state.texts.push("工单-甲".into());
        let member = |ticket| Member {
            reply: 0,
            appeal: 0,
            ticket,
            row: 2,
            table: 0,
            unit: u32::MAX,
        };
        let Id::Packed(p) = Id::new("SY240301000001") else {
            panic!("packs")
        };
        assert_eq!(state.ticket(&member(p)).as_deref(), Some("SY240301000001"));
        assert_eq!(
            state.ticket(&member([TEXT_ID, 0])).as_deref(),
            Some("工单-甲")
        );
        assert_eq!(state.ticket(&member([0, 0])), None);
    }
}
