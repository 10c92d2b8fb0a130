//! `unique`: a field whose value must not repeat across the whole export
//! (GD703 duplicate-ticket-id). Keeps one entry per distinct value, so
//! memory grows with tickets; the first occurrence is the reference.

use std::collections::HashMap;

use serde::Deserialize;

use super::compact::Id;
use super::{Deferred, FieldRef, Finding, RowCtx, RowRef};
use crate::diagnostic::Span;
use crate::input::Schema;

/// Parameters of `kind = "unique"`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UniqueSpec {
    pub field: String,
}

#[derive(Debug)]
pub struct Unique {
    pub field: FieldRef,
}

/// First place each value was seen: (table index, row), and the file of
/// each table index (kept once per table, not once per value).
#[derive(Debug, Default)]
pub struct State {
    /// By packed id (compact; see `compact::Id`).
    seen: HashMap<Id, (u32, u64)>,
    files: HashMap<usize, String>,
}

impl Unique {
    /// # Errors
    /// Unknown field.
    pub fn compile(spec: UniqueSpec, schema: &Schema) -> Result<Self, String> {
        Ok(Unique {
            field: FieldRef::resolve(schema, &spec.field)?,
        })
    }

    pub fn observe(&self, ctx: &RowCtx, state: &mut State, out: &mut Vec<Deferred>) {
        let Some(raw) = ctx.cell(&self.field) else {
            return;
        };
        let v = raw.trim();
        if v.is_empty() {
            return;
        }
        state
            .files
            .entry(ctx.table)
            .or_insert_with(|| ctx.meta.file.clone());
        let key = Id::new(v);
        if let Some(&(table, row)) = state.seen.get(&key) {
            let table = table as usize;
            let file = state.files.get(&table).map_or("", String::as_str);
            let detail = if table == ctx.table || file == ctx.meta.file {
                ctx.say(format!("与第 {row} 行重复"), format!("repeats row {row}"))
            } else {
                ctx.say(
                    format!("与 {file} 第 {row} 行重复"),
                    format!("repeats {file} row {row}"),
                )
            };
            let mut finding = Finding::at(self.field.id, detail);
            finding.span = Some(Span {
                start: 0,
                end: raw.chars().count(),
            });
            finding.args.push(("first", format!("{file}:{row}")));
            out.push(Deferred {
                at: RowRef {
                    table: ctx.table,
                    row: ctx.row.number,
                    ticket: Some(v.to_owned()),
                    unit: None,
                    text: Some(raw.to_owned()),
                },
                finding,
            });
        } else {
            let table = u32::try_from(ctx.table).unwrap_or(u32::MAX);
            state.seen.insert(key, (table, ctx.row.number));
        }
    }
}
