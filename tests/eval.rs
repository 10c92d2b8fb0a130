//! Precision and recall per rule on labelled exports.
//!
//! Every folder `corpus/eval-*/` holds an export written by the project's
//! generator (`crates/gongdan-synth`, `cargo run --example generate`; many phrasings per defect, written
//! independently of the rules' phrase lists) and `.labels.jsonl`: one line
//! `{"ticket_id": …, "rule": …}` per defect that a rule should report. The
//! test checks the export, compares (ticket, rule) pairs with the labels,
//! prints a table, and fails when a rule falls below its bar: 0.95 for the
//! province-flagged families GD1–GD4, 0.9 for the GD5 heuristics, 1.0 for
//! the exact GD6 rules.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use gongdan::engine::{self, Options};
use gongdan::input::Schema;
use gongdan::rules::{Config, RuleSet};

fn bar(rule: &str) -> Option<f64> {
    match &rule[..3] {
        "GD1" | "GD2" | "GD3" | "GD4" => Some(0.95),
        "GD5" => Some(0.90),
        "GD6" => Some(1.0),
        _ => None,
    }
}

fn eval_dirs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut v: Vec<PathBuf> = std::fs::read_dir(root)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.is_dir()
                && p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with("eval"))
        })
        .filter(|p| p.join(".labels.jsonl").is_file())
        .collect();
    v.sort();
    v
}

fn labels(dir: &Path) -> BTreeSet<(String, String)> {
    let text = std::fs::read_to_string(dir.join(".labels.jsonl")).unwrap();
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (
                v["ticket_id"].as_str().unwrap().to_owned(),
                v["rule"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn precision_and_recall_per_rule() {
    let dirs = eval_dirs();
    assert!(
        !dirs.is_empty(),
        "no corpus/eval-*/ export with .labels.jsonl"
    );
    let schema = Schema::builtin().unwrap();
    let config = Config::default();
    let rules = RuleSet::load(&schema, &config).unwrap();
    let mut failures = Vec::new();
    for dir in dirs {
        let truth = labels(&dir);
        let opts = Options {
            base: dir.clone(),
            show_personal: true,
            ..Options::default()
        };
        let inputs = engine::open_inputs(std::slice::from_ref(&dir), &opts, &schema, &config);
        let report = engine::run(inputs, &rules, &schema, &config, &opts);
        let predicted: BTreeSet<(String, String)> = report
            .diagnostics
            .iter()
            .filter_map(|d| d.ticket_id.clone().map(|t| (t, d.rule.clone())))
            .collect();
        let mut table: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
        for p in &predicted {
            let e = table.entry(p.1.clone()).or_default();
            if truth.contains(p) {
                e.0 += 1
            } else {
                e.1 += 1
            }
        }
        for t in &truth {
            if !predicted.contains(t) {
                table.entry(t.1.clone()).or_default().2 += 1;
            }
        }
        println!(
            "\n{}:\n  rule    tp    fp    fn  precision  recall",
            dir.display()
        );
        for (rule, (tp, fp, fn_)) in &table {
            let p = if tp + fp == 0 {
                1.0
            } else {
                *tp as f64 / (tp + fp) as f64
            };
            let r = if tp + fn_ == 0 {
                1.0
            } else {
                *tp as f64 / (tp + fn_) as f64
            };
            println!("  {rule} {tp:>5} {fp:>5} {fn_:>5}     {p:.3}   {r:.3}");
            if let Some(min) = bar(rule) {
                if p < min || r < min {
                    failures.push(format!(
                        "{}: {rule} precision {p:.3} recall {r:.3} (bar {min})",
                        dir.display()
                    ));
                    let fps: Vec<&String> = predicted
                        .iter()
                        .filter(|x| &x.1 == rule && !truth.contains(x))
                        .map(|x| &x.0)
                        .take(5)
                        .collect();
                    let fns: Vec<&String> = truth
                        .iter()
                        .filter(|x| &x.1 == rule && !predicted.contains(x))
                        .map(|x| &x.0)
                        .take(5)
                        .collect();
                    println!("        e.g. false positives {fps:?}, missed {fns:?}");
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "rules below their bar:\n{}",
        failures.join("\n")
    );
}
