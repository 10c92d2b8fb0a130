//! The rule-example runner: runs one example of a rule file through the
//! engine and returns the rule's findings. It lives beside the tests rather
//! than in `gongdan::rules`, so the rules do not depend on the engine.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use gongdan::diagnostic::Diagnostic;
use gongdan::engine::{self, Inputs, Options};
use gongdan::input::{InputOptions, RowSource, Schema, TableKind};
use gongdan::report::Lang;
use gongdan::rules::examples::Example;
use gongdan::rules::{Config, Rule, RuleSet};

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
            Some(gongdan::input::datetime::parse(t).ok_or_else(|| format!("bad export_time {t}"))?);
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
