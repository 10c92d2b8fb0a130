//! Rule examples: rows (or whole files) that must fire and must not. They
//! run as tests (`tests/rules.rs`) and appear in `gongdan explain`.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::Deserialize;

use super::{Config, Rule, RuleSet};
use crate::diagnostic::Diagnostic;
use crate::engine::{self, Inputs, Options};
use crate::input::{InputOptions, MemorySource, RowSource, Schema, TableKind};
use crate::report::Lang;

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

    fn table(
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

static COUNTER: AtomicUsize = AtomicUsize::new(0);

fn decode_hex(h: &str) -> Result<Vec<u8>, String> {
    let digits: String = h.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.len() % 2 != 0 {
        return Err("odd number of hex digits".to_owned());
    }
    (0..digits.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&digits[i..i + 2], 16).map_err(|e| e.to_string()))
        .collect()
}

/// Run one example of `rule` (which belongs to `set`) and return the
/// rule's findings.
///
/// # Errors
/// When the example itself is malformed (unrecognisable header, bad hex).
pub fn run(
    set: &RuleSet,
    rule: &Rule,
    ex: &Example,
    schema: &Schema,
) -> Result<Vec<Diagnostic>, String> {
    let mut config = Config::default();
    if let Some(t) = &ex.export_time {
        config.export_time =
            Some(crate::input::datetime::parse(t).ok_or_else(|| format!("bad export_time {t}"))?);
    }
    let opts = Options {
        lang: Lang::Zh,
        input: InputOptions::default(),
        show_personal: true,
        select: Some(vec![rule.code.clone()]),
        ignore: Vec::new(),
        base: PathBuf::from("."),
    };
    let mut tmp_dir = None;
    let inputs = if let Some(f) = &ex.file {
        let bytes = match (&f.text, &f.hex) {
            (Some(t), None) => t.as_bytes().to_vec(),
            (None, Some(h)) => decode_hex(h)?,
            _ => return Err("an example file needs exactly one of `text` and `hex`".to_owned()),
        };
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("gongdan-example-{}-{n}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let path = dir.join(&f.name);
        std::fs::write(&path, bytes).map_err(|e| e.to_string())?;
        let opts = Options {
            base: dir.clone(),
            ..opts.clone()
        };
        tmp_dir = Some(dir);
        engine::open_inputs(&[path], &opts, schema, &config)
    } else {
        let tickets: Vec<&toml::Table> = ex.row.iter().chain(&ex.tickets).collect();
        let calls: Vec<&toml::Table> = ex.calls.iter().collect();
        let flows: Vec<&toml::Table> = ex.flows.iter().collect();
        let mut tables: Vec<Box<dyn RowSource>> = Vec::new();
        for (rows, kind) in [
            (tickets, TableKind::Tickets),
            (calls, TableKind::Calls),
            (flows, TableKind::Flows),
        ] {
            if let Some(t) = Example::table(&rows, kind, schema)? {
                tables.push(Box::new(t));
            }
        }
        if tables.is_empty() {
            return Err("an example needs `row`, `tickets`, `calls`, `flows` or `file`".to_owned());
        }
        Inputs {
            tables,
            ..Inputs::default()
        }
    };
    let result = engine::run(inputs, set, schema, &config, &opts);
    if let Some(dir) = tmp_dir {
        let _ = std::fs::remove_dir_all(dir);
    }
    let report = result;
    Ok(report
        .diagnostics
        .into_iter()
        .filter(|d| d.rule == rule.code)
        .collect())
}
