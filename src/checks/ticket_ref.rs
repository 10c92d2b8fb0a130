//! `ticket-reference`: a ticket non-accepted as a repeat of an earlier
//! appeal must cite that earlier ticket, and the cited ticket must be in the
//! export (GD303). Citations are collected while the rows stream by and
//! resolved once every ticket id has been seen.

use regex::Regex;
use serde::Deserialize;

use super::call_link::normalize_id;
use super::compact::{Id, IdSet};
use super::cond::{Cond, CondSpec, all_hold};
use super::phrases::{Class, ClassSpec};
use super::{Deferred, FieldRef, Finding, RowCtx, RowRef};
use crate::diagnostic::Span;
use crate::input::Schema;
use crate::report::Lang;

/// Parameters of `kind = "ticket-reference"`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TicketRefSpec {
    /// Fields whose text is read, in order (the first non-empty one that
    /// claims a repeat is where the finding points).
    pub fields: Vec<String>,
    #[serde(default)]
    pub when: Vec<CondSpec>,
    /// What a cited ticket id looks like.
    #[serde(default = "default_id_pattern")]
    pub id_pattern: String,
    /// The phrases that say "this repeats an earlier appeal".
    pub repeat: ClassSpec,
}

fn default_id_pattern() -> String {
    r"[A-Za-z]{0,8}[-_]?\d[\d_-]{4,30}\d".to_owned()
}

/// The compiled check.
#[derive(Debug)]
pub struct TicketRef {
    fields: Vec<FieldRef>,
    when: Vec<Cond>,
    id: Regex,
    ticket: FieldRef,
    repeat: Class,
}

/// Ticket ids seen, and citations waiting for the end of the export.
#[derive(Debug, Default)]
pub struct State {
    /// Packed (see `compact::Id`), sorted after the last row.
    ids: IdSet,
    pending: Vec<(RowRef, usize, Vec<String>)>,
}

impl TicketRef {
    /// # Errors
    /// Unknown field, bad regex or class.
    pub fn compile(spec: TicketRefSpec, schema: &Schema) -> Result<Self, String> {
        if spec.fields.is_empty() {
            return Err("`fields` is empty".to_owned());
        }
        Ok(TicketRef {
            fields: spec
                .fields
                .iter()
                .map(|f| FieldRef::resolve(schema, f))
                .collect::<Result<_, _>>()?,
            when: Cond::compile_all(&spec.when, schema)?,
            id: Regex::new(&format!(
                r"(?:^|[^A-Za-z0-9])({})(?:$|[^A-Za-z0-9])",
                spec.id_pattern
            ))
            .map_err(|e| format!("bad `id_pattern`: {e}"))?,
            ticket: FieldRef::resolve(schema, "ticket_id")?,
            repeat: Class::compile_spec(&spec.repeat, schema)?,
        })
    }

    fn cited(&self, text: &str, own: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut pos = 0;
        while let Some(c) = self.id.captures_at(text, pos) {
            let Some(m) = c.get(1) else { break };
            let id = m.as_str();
            let is_mobile =
                id.len() == 11 && id.starts_with('1') && id.bytes().all(|b| b.is_ascii_digit());
            // A date written with dashes (2024-03-02) looks like an id.
            // 20250304000512 parses as a date-time, but twelve or more bare
            // digits cited in a refusal are a ticket number.
            let long_number = id.len() >= 12 && id.bytes().all(|b| b.is_ascii_digit());
            let is_date = !long_number && crate::input::datetime::parse(id).is_some();
            if id != own && !is_mobile && !is_date && !out.iter().any(|x| x == id) {
                out.push(id.to_owned());
            }
            pos = m.end();
        }
        out
    }

    pub fn observe(&self, ctx: &RowCtx, state: &mut State, out: &mut Vec<Deferred>) {
        let own = normalize_id(ctx.text(&self.ticket));
        if !own.is_empty() {
            state.ids.push(Id::new(own));
        }
        if !all_hold(&self.when, ctx) {
            return;
        }
        let Some((field, text, (s, e))) = self
            .fields
            .iter()
            .filter_map(|f| ctx.cell(f).map(|t| (f, t)))
            .find_map(|(f, t)| self.repeat.find(t).map(|at| (f, t, at)))
        else {
            return;
        };
        let all: String = self
            .fields
            .iter()
            .filter_map(|f| ctx.cell(f))
            .collect::<Vec<_>>()
            .join("\n");
        let cited = self.cited(&all, own);
        let at = RowRef {
            table: ctx.table,
            row: ctx.row.number,
            ticket: (!own.is_empty()).then(|| own.to_owned()),
            unit: None,
            text: Some(text.to_owned()),
        };
        let span = Span {
            start: text[..s].chars().count(),
            end: text[..e].chars().count(),
        };
        if cited.is_empty() {
            let detail = ctx.say(
                format!(
                    "以「{}」为由不予受理，但没有写明此前办理过的工单编号",
                    &text[s..e]
                ),
                format!(
                    "refused as a repeat (“{}”) but cites no earlier ticket id",
                    &text[s..e]
                ),
            );
            out.push(Deferred {
                at,
                finding: Finding {
                    field: Some(field.id),
                    span: Some(span),
                    detail,
                    ..Finding::default()
                },
            });
        } else {
            state.pending.push((at, field.id.index(), cited));
        }
    }

    pub fn finish(&self, mut state: State, lang: Lang, out: &mut Vec<Deferred>) {
        state.ids.seal();
        for (at, field, cited) in state.pending {
            if cited.iter().any(|c| state.ids.contains(&Id::new(c))) {
                continue;
            }
            let list = cited.join(lang.pick("、", ", "));
            let detail = match lang {
                Lang::Zh => format!("引用的工单 {list} 不在本次导出中，无法核实是否确为重复诉求"),
                Lang::En => format!(
                    "the cited ticket(s) {list} are not in this export, so the repeat cannot be verified"
                ),
            };
            let id = self
                .fields
                .iter()
                .find(|f| f.id.index() == field)
                .map(|f| f.id);
            out.push(Deferred {
                at,
                finding: Finding {
                    field: id,
                    detail,
                    ..Finding::default()
                },
            });
        }
    }
}
