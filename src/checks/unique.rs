//! `unique`: a field whose value must not repeat across the whole export
//! (GD703 duplicate-ticket-id). Keeps one compact entry per row, so memory
//! grows with tickets (40 bytes each); the first occurrence is the
//! reference, and repeats are reported once every row has been seen.

use std::collections::HashMap;

use rustc_hash::FxHashMap;

use serde::Deserialize;

use super::compact::Id;
use super::{Deferred, FieldRef, Finding, RowCtx, RowRef};
use crate::diagnostic::Span;
use crate::input::Schema;
use crate::report::Lang;

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

/// Every value with its place, in the order seen; repeats are found by a
/// sort after the last row (a vector of 40 bytes a value, where a hash map
/// took ~80, and twice that while it grew). The file of each table index
/// is kept once per table.
#[derive(Debug, Default)]
pub struct State {
    /// (packed value, table index, row), in file order.
    seen: Vec<(Id, u32, u64)>,
    /// The cell as written, for the few values with spaces around them.
    padded: FxHashMap<(u32, u64), Box<str>>,
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

    pub fn observe(&self, ctx: &RowCtx, state: &mut State) {
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
        let table = u32::try_from(ctx.table).unwrap_or(u32::MAX);
        if raw.len() != v.len() {
            state.padded.insert((table, ctx.row.number), raw.into());
        }
        state.seen.push((Id::new(v), table, ctx.row.number));
    }

    /// Every later occurrence of a value, against its first.
    pub fn finish(&self, mut state: State, lang: Lang, out: &mut Vec<Deferred>) {
        // Stable: equal values keep the order they were seen in.
        state.seen.sort_by(|a, b| a.0.cmp(&b.0));
        let say = |zh: String, en: String| match lang {
            Lang::Zh => zh,
            Lang::En => en,
        };
        for group in state.seen.chunk_by(|a, b| a.0 == b.0) {
            let Some((id, first_table, first_row)) = group.first() else {
                continue;
            };
            let first_table = *first_table as usize;
            let row = *first_row;
            let file = state.files.get(&first_table).map_or("", String::as_str);
            let v = id.text();
            for &(_, table, number) in &group[1..] {
                let here = table as usize;
                let here_file = state.files.get(&here).map_or("", String::as_str);
                let detail = if first_table == here || file == here_file {
                    say(format!("与第 {row} 行重复"), format!("repeats row {row}"))
                } else {
                    say(
                        format!("与 {file} 第 {row} 行重复"),
                        format!("repeats {file} row {row}"),
                    )
                };
                let raw = state
                    .padded
                    .get(&(table, number))
                    .map_or_else(|| v.clone(), |r| r.to_string());
                let mut finding = Finding::at(self.field.id, detail);
                finding.span = Some(Span {
                    start: 0,
                    end: raw.chars().count(),
                });
                finding.args.push(("first", format!("{file}:{row}")));
                out.push(Deferred {
                    at: RowRef {
                        table: here,
                        row: number,
                        ticket: Some(v.clone()),
                        unit: None,
                        text: Some(raw),
                    },
                    finding,
                });
            }
        }
    }
}
