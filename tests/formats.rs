//! The same export written as UTF-8 CSV, XLSX, JSON and JSON Lines (by the
//! project's generator, with defects of every rule) gives the same findings:
//! same rule, ticket, field and row. The UTF-8 CSV transcoded to GB18030
//! (the GBK superset Chinese Windows writes) gives them too.

use std::collections::BTreeMap;
use std::path::Path;

use gongdan::engine::{self, Options};
use gongdan::input::Schema;
use gongdan::rules::{Config, RuleSet};
use gongdan_synth::{self as synth, OutFormat, TextEncoding};

type Key = (String, Option<String>, Option<String>, Option<u64>);

fn findings(dir: &Path, schema: &Schema, rules: &RuleSet) -> BTreeMap<Key, usize> {
    let config = Config::default();
    let opts = Options {
        base: dir.to_owned(),
        ..Options::default()
    };
    let inputs = engine::open_inputs(&[dir.to_owned()], &opts, schema, &config);
    let report = engine::run(inputs, rules, schema, &config, &opts);
    let mut out = BTreeMap::new();
    for d in report.diagnostics {
        *out.entry((d.rule, d.ticket_id, d.field, d.row))
            .or_insert(0) += 1;
    }
    out
}

#[test]
fn one_export_in_every_format_gives_the_same_findings() {
    let schema = Schema::builtin().unwrap();
    let rules = RuleSet::load(&schema, &Config::default()).unwrap();
    let root = tempfile::tempdir().unwrap();
    let variants = [
        ("csv-utf8", OutFormat::Csv, TextEncoding::Utf8Bom),
        ("xlsx", OutFormat::Xlsx, TextEncoding::Utf8),
        ("json", OutFormat::Json, TextEncoding::Utf8),
        ("jsonl", OutFormat::Jsonl, TextEncoding::Utf8),
    ];
    let mut results = Vec::new();
    for (name, format, encoding) in variants {
        let dir = root.path().join(name);
        let opts = synth::Options {
            tickets: 400,
            seed: 99,
            format,
            encoding,
            crlf: true,
            defect_rate: 0.4,
            ..synth::Options::default()
        };
        synth::generate(&opts, &dir).unwrap();
        results.push((name, findings(&dir, &schema, &rules)));
    }
    // The same bytes of text, re-encoded: a GB18030 CSV export.
    let gbk = root.path().join("csv-gb18030");
    std::fs::create_dir_all(&gbk).unwrap();
    for table in ["tickets.csv", "calls.csv", "flows.csv"] {
        let text = std::fs::read_to_string(root.path().join("csv-utf8").join(table)).unwrap();
        let text = text.trim_start_matches('\u{feff}');
        let (bytes, _, lossy) = encoding_rs::GB18030.encode(text);
        assert!(!lossy, "GB18030 holds every character");
        std::fs::write(gbk.join(table), bytes).unwrap();
    }
    results.push(("csv-gb18030", findings(&gbk, &schema, &rules)));
    let (base_name, base) = &results[0];
    assert!(
        base.len() > 100,
        "the export should carry many findings, got {}",
        base.len()
    );
    for (name, got) in &results[1..] {
        // JSON Lines numbers rows by line (no header line): shift to compare.
        let got: BTreeMap<Key, usize> = if *name == "jsonl" {
            got.iter()
                .map(|((r, t, f, row), n)| {
                    ((r.clone(), t.clone(), f.clone(), row.map(|x| x + 1)), *n)
                })
                .collect()
        } else {
            got.clone()
        };
        let missing: Vec<_> = base
            .keys()
            .filter(|k| !got.contains_key(*k))
            .take(5)
            .collect();
        let extra: Vec<_> = got
            .keys()
            .filter(|k| !base.contains_key(*k))
            .take(5)
            .collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{name} differs from {base_name}: missing {missing:?}, extra {extra:?}"
        );
    }
}
