//! The phrase classes' searcher (a literal prefilter with anchored
//! searches, src/checks/pattern_set.rs) must find exactly what the plain
//! alternation of the class's patterns finds: compared here on every class
//! of every built-in rule, over the evaluation texts (3,690 texts by twelve
//! authors and real public replies) and their shadow texts.

use gongdan::checks::Check;
use gongdan::input::Schema;
use gongdan::rules::{Config, RuleSet};
use gongdan::text::Analysis;

fn texts() -> Vec<String> {
    let data = include_str!("data/text-eval/texts.jsonl");
    let fields = [
        "content",
        "closing_text",
        "reply",
        "return_reason",
        "nonaccept_reason",
        "extension_reason",
    ];
    let mut out = Vec::new();
    for line in data.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).expect("texts.jsonl is JSON Lines");
        for f in fields {
            if let Some(t) = v.get(f).and_then(|t| t.as_str()) {
                if !t.trim().is_empty() {
                    out.push(t.to_owned());
                }
            }
        }
    }
    out
}

#[test]
fn class_searchers_find_what_the_alternations_find() {
    let schema = Schema::builtin().expect("built-in schema");
    let rules = RuleSet::load(&schema, &Config::default()).expect("built-in rules");
    let texts = texts();
    assert!(texts.len() > 3_000, "{} texts", texts.len());
    // Shadow texts carry the unit and place marks the `{unit}` patterns read.
    let shadows: Vec<String> = texts
        .iter()
        .step_by(4)
        .map(|t| Analysis::of(t).shadow(t).0.clone())
        .collect();
    let mut sets = 0;
    let mut matches = 0;
    for rule in &rules.rules {
        let Check::Phrases(p) = &rule.check else {
            continue;
        };
        for class in p.classes() {
            for set in class.pattern_sets() {
                sets += 1;
                let re = regex::Regex::new(set.source()).expect("the alternation compiles");
                for t in texts.iter().step_by(2).chain(&shadows) {
                    let want: Vec<(usize, usize)> =
                        re.find_iter(t).map(|m| (m.start(), m.end())).collect();
                    let got: Vec<(usize, usize)> = set.find_iter(t).collect();
                    assert_eq!(got, want, "{} class {}: on {t}", rule.code, class.name.en);
                    matches += want.len();
                }
            }
        }
    }
    assert!(sets > 50, "only {sets} pattern sets");
    assert!(matches > 5_000, "only {matches} matches compared");
}
