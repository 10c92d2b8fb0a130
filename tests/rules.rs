//! Every rule's examples run here: each `fires = true` example must give at
//! least one finding of that rule, each `fires = false` example none.

use gongdan::input::Schema;
use gongdan::rules::{Config, RuleSet};

mod common;
use common::examples;

fn builtin() -> (Schema, RuleSet) {
    let schema = Schema::builtin().expect("built-in schema");
    let rules = RuleSet::load(&schema, &Config::default()).expect("built-in rules load");
    (schema, rules)
}

/// Codes of the province-flagged rules (issue 3), which need more examples.
const TEN_EXAMPLE_PREFIXES: [&str; 4] = ["GD1", "GD2", "GD3", "GD4"];

#[test]
fn every_rule_has_enough_examples_of_both_kinds() {
    let (_, rules) = builtin();
    assert!(!rules.rules.is_empty());
    for r in &rules.rules {
        let fires = r.examples.iter().filter(|e| e.fires).count();
        let passes = r.examples.len() - fires;
        let min = if TEN_EXAMPLE_PREFIXES.iter().any(|p| r.code.starts_with(p)) && r.code != "GD102"
        {
            10
        } else {
            3
        };
        assert!(
            fires >= min && passes >= min,
            "{}: {fires} firing and {passes} passing examples, need {min} of each",
            r.code
        );
    }
}

#[test]
fn every_example_behaves_as_declared() {
    let (schema, rules) = builtin();
    let mut failures = Vec::new();
    for r in &rules.rules {
        for (i, ex) in r.examples.iter().enumerate() {
            match examples::run(&rules, r, ex, &schema) {
                Ok(found) => {
                    if ex.fires && found.is_empty() {
                        failures.push(format!(
                            "{} example {} should fire but did not: {}",
                            r.code,
                            i + 1,
                            ex.summary()
                        ));
                    } else if !ex.fires && !found.is_empty() {
                        let msgs: Vec<&str> = found.iter().map(|d| d.message.as_str()).collect();
                        failures.push(format!(
                            "{} example {} should not fire but did: {} => {msgs:?}",
                            r.code,
                            i + 1,
                            ex.summary()
                        ));
                    }
                }
                Err(e) => failures.push(format!("{} example {} is malformed: {e}", r.code, i + 1)),
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} example failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn codes_and_names_are_unique_and_well_formed() {
    let (_, rules) = builtin();
    let mut names: Vec<&str> = rules.rules.iter().map(|r| r.name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), rules.rules.len(), "rule names repeat");
    for r in &rules.rules {
        assert!(r.code.starts_with("GD") && r.code.len() == 5, "{}", r.code);
        assert!(
            r.origin.contains(&r.code),
            "{} lives in {}; the file name should carry the code",
            r.code,
            r.origin
        );
    }
}

/// Hand-labelled cases beyond the rule files' own examples
/// (`tests/data/phrase-eval/GDnnn.toml`, `[[case]]` in the example format):
/// a wider net of wordings for the heuristic rules.
#[test]
fn extra_labelled_cases_behave_as_declared() {
    #[derive(serde::Deserialize)]
    struct Cases {
        case: Vec<gongdan::rules::examples::Example>,
    }
    let (schema, rules) = builtin();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/phrase-eval");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    assert!(!files.is_empty());
    let mut failures = Vec::new();
    let mut total = 0;
    for f in files {
        let code = f.file_stem().unwrap().to_string_lossy().into_owned();
        let rule = rules
            .get(&code)
            .unwrap_or_else(|| panic!("{code}: no such rule"));
        let cases: Cases = toml::from_str(&std::fs::read_to_string(&f).unwrap()).unwrap();
        for (i, ex) in cases.case.iter().enumerate() {
            total += 1;
            let found = examples::run(&rules, rule, ex, &schema).unwrap();
            if ex.fires == found.is_empty() {
                failures.push(format!(
                    "{code} case {}: expected fires = {}: {}",
                    i + 1,
                    ex.fires,
                    ex.summary()
                ));
            }
        }
    }
    assert!(total >= 100, "only {total} cases");
    assert!(
        failures.is_empty(),
        "{} of {total} cases wrong:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// A pattern written as `'[\\p{Han}]'` (a TOML literal string with a doubled
/// backslash) reaches the regex engine as a literal backslash and matches
/// nothing; the class silently stops working. Every string in the shipped
/// rule and class files must be free of such doubled escapes.
#[test]
fn no_rule_file_string_carries_a_doubled_regex_escape() {
    fn walk(v: &toml::Value, file: &str, path: &str, bad: &mut Vec<String>) {
        match v {
            toml::Value::String(s) => {
                for esc in ["\\\\p{", "\\\\d", "\\\\s", "\\\\w", "\\\\b", "\\\\P{"] {
                    if s.contains(esc) {
                        bad.push(format!("{file} {path}: {s}"));
                    }
                }
            }
            toml::Value::Array(a) => {
                for (i, x) in a.iter().enumerate() {
                    walk(x, file, &format!("{path}[{i}]"), bad);
                }
            }
            toml::Value::Table(t) => {
                for (k, x) in t {
                    walk(x, file, &format!("{path}.{k}"), bad);
                }
            }
            _ => {}
        }
    }
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/rules");
    let mut bad = Vec::new();
    let mut files = 0;
    for entry in walkdir::WalkDir::new(root) {
        let entry = entry.expect("walk rules/");
        if entry.path().extension().is_some_and(|e| e == "toml") {
            files += 1;
            let text = std::fs::read_to_string(entry.path()).expect("read rule file");
            let value: toml::Value = toml::from_str(&text).expect("rule file parses");
            walk(&value, &entry.path().display().to_string(), "", &mut bad);
        }
    }
    assert!(files > 30, "only {files} rule files found under {root}");
    assert!(bad.is_empty(), "doubled regex escapes:\n{}", bad.join("\n"));
}
