//! Rule examples: rows (or whole files) that must fire and must not. They
//! appear in `gongdan explain` and run as tests: the runner lives beside the
//! tests (`tests/common/examples.rs`), so the rules do not depend on the
//! engine that runs them.

use std::fmt::Write as _;

use serde::Deserialize;

use crate::input::{MemorySource, Schema, TableKind};

/// One example in a rule file.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    /// `true`: the rule must report at least one finding; `false`: none.
    pub fires: bool,
    /// What the example shows.
    #[serde(default)]
    pub note: Option<String>,
    /// Shorthand for a single tickets row: `row = { 工单编号 = "A1", … }`.
    /// Keys are column headers (any alias), values the cell text.
    #[serde(default)]
    pub row: Option<toml::Table>,
    /// Tickets rows (headers are the union of the keys).
    #[serde(default)]
    pub tickets: Vec<toml::Table>,
    /// Call-record rows.
    #[serde(default)]
    pub calls: Vec<toml::Table>,
    /// Flow-record rows.
    #[serde(default)]
    pub flows: Vec<toml::Table>,
    /// A whole input file, for input rules (GD001–GD003, GD102).
    #[serde(default)]
    pub file: Option<ExampleFile>,
    /// The export moment, for rules about open tickets.
    #[serde(default)]
    pub export_time: Option<String>,
}

/// A file given inline in an example.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExampleFile {
    /// File name; its extension picks the reader.
    pub name: String,
    /// Contents as text (written as UTF-8)…
    #[serde(default)]
    pub text: Option<String>,
    /// …or as hex bytes (`"ef bb bf …"`), for encodings and binary files.
    #[serde(default)]
    pub hex: Option<String>,
}

fn value_text(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

impl Example {
    /// A one-line description for `explain`.
    #[must_use]
    pub fn summary(&self) -> String {
        let mut s = String::new();
        if let Some(f) = &self.file {
            let _ = write!(s, "{} ", f.name);
        }
        let rows = self
            .row
            .iter()
            .chain(&self.tickets)
            .chain(&self.calls)
            .chain(&self.flows);
        for (i, r) in rows.enumerate() {
            if i > 0 {
                s.push_str(" ｜ ");
            }
            let cells: Vec<String> = r
                .iter()
                .map(|(k, v)| format!("{k}=「{}」", value_text(v).replace('\n', "⏎")))
                .collect();
            s.push_str(&cells.join(" "));
        }
        if let Some(n) = &self.note {
            let _ = write!(s, " — {n}");
        }
        s.trim().to_owned()
    }

    /// The example's rows of one table as an in-memory table, or `None`
    /// when it gives none.
    ///
    /// # Errors
    /// A header the schema does not recognise as `kind`.
    pub fn table(
        rows: &[&toml::Table],
        kind: TableKind,
        schema: &Schema,
    ) -> Result<Option<MemorySource>, String> {
        if rows.is_empty() {
            return Ok(None);
        }
        let mut headers: Vec<String> = Vec::new();
        for r in rows {
            for k in r.keys() {
                if !headers.contains(k) {
                    headers.push(k.clone());
                }
            }
        }
        let cells: Vec<Vec<String>> = rows
            .iter()
            .map(|r| {
                headers
                    .iter()
                    .map(|h| r.get(h).map(value_text).unwrap_or_default())
                    .collect()
            })
            .collect();
        let file = format!("example-{kind}.csv");
        MemorySource::new(&file, headers.clone(), cells, schema, Some(kind))
            .map(Some)
            .ok_or_else(|| format!("example {kind} header {headers:?} is not recognised as {kind}"))
    }
}
