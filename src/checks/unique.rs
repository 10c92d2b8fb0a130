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
/// sort after the last row. A value that packs (nearly all ticket ids) and
/// its place take 24 bytes, in a vector (a hash map took ~80, and twice
/// that while it grew); the others are kept apart, whole. The file of each
/// table index is kept once per table.
#[derive(Debug, Default)]
pub struct State {
    /// (packed value, table index, row), in file order.
    packed: Vec<([u64; 2], u32, u32)>,
    /// Values that do not pack, or rows beyond `u32`: (value, table, row),
    /// in file order.
    other: Vec<(Id, u32, u64)>,
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
        let number = ctx.row.number;
        if raw.len() != v.len() {
            state.padded.insert((table, number), raw.into());
        }
        match (Id::new(v), u32::try_from(number)) {
            (Id::Packed(p), Ok(row)) => state.packed.push((p, table, row)),
            (id, _) => state.other.push((id, table, number)),
        }
    }

    /// Every later occurrence of a value, against its first: values in
    /// [`Id`] order, each value's rows in the order seen.
    pub fn finish(&self, mut state: State, lang: Lang, out: &mut Vec<Deferred>) {
        // Stable: equal values keep the order they were seen in.
        state.packed.sort_by_key(|e| e.0);
        state.other.sort_by(|a, b| a.0.cmp(&b.0));
        let (packed, other) = (&state.packed, &state.other);
        let (mut i, mut j) = (0, 0);
        let mut group: Vec<(u32, u64)> = Vec::new();
        while i < packed.len() || j < other.len() {
            group.clear();
            // The smaller of the two next values (a packed value sorts
            // before any text one, as `Id` orders them).
            let next_packed = packed.get(i).map(|e| e.0);
            let take_other = match (next_packed, other.get(j)) {
                (None, _) => true,
                (Some(_), None) => false,
                (Some(p), Some((id, _, _))) => *id < Id::Packed(p),
            };
            let id = if take_other {
                other[j].0.clone()
            } else {
                Id::Packed(packed[i].0)
            };
            if let Id::Packed(p) = &id {
                while packed.get(i).is_some_and(|e| e.0 == *p) {
                    let (_, table, row) = packed[i];
                    group.push((table, u64::from(row)));
                    i += 1;
                }
            }
            let from_packed = group.len();
            while let Some((_, table, row)) = other.get(j).filter(|e| e.0 == id) {
                group.push((*table, *row));
                j += 1;
            }
            if from_packed > 0 && group.len() > from_packed {
                // Rows past `u32` of a value that also stands on earlier
                // rows: back in the order seen (tables in order, rows
                // rising within one).
                group.sort_by_key(|&(t, r)| (t, r));
            }
            if group.len() > 1 {
                self.report(&id.text(), &group, &state, lang, out);
            }
        }
    }

    /// The findings of one value's rows (the first is the reference).
    fn report(
        &self,
        v: &str,
        group: &[(u32, u64)],
        state: &State,
        lang: Lang,
        out: &mut Vec<Deferred>,
    ) {
        let say = |zh: String, en: String| match lang {
            Lang::Zh => zh,
            Lang::En => en,
        };
        let Some(&(first_table, first_row)) = group.first() else {
            return;
        };
        let first_table = first_table as usize;
        let row = first_row;
        let file = state.files.get(&first_table).map_or("", String::as_str);
        for &(table, number) in &group[1..] {
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
                .map_or_else(|| v.to_owned(), |r| r.to_string());
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
                    ticket: Some(v.to_owned()),
                    unit: None,
                    text: Some(raw),
                },
                finding,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    /// BENCHMARKS.md states this size per ticket id that packs.
    #[test]
    fn a_packed_value_and_its_place_take_24_bytes() {
        assert_eq!(std::mem::size_of::<([u64; 2], u32, u32)>(), 24);
    }
}
