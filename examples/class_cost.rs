//! Where the text rules spend their time: `cargo run --release --example
//! class_cost FILE…` reads texts (one per line) and reports the time of the
//! text analysis and of each phrase class of each rule over all of them.

use std::time::Instant;

use gongdan::checks::Check;
use gongdan::input::Schema;
use gongdan::rules::{Config, RuleSet};
use gongdan::text::Analysis;

fn main() {
    let schema = Schema::builtin().expect("built-in schema");
    let rules = RuleSet::load(&schema, &Config::default()).expect("built-in rules");
    for path in std::env::args().skip(1) {
        let text = std::fs::read_to_string(&path).expect("readable file");
        let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
        let t = Instant::now();
        let analyses: Vec<Analysis> = lines.iter().map(|l| Analysis::of(l)).collect();
        println!(
            "{path}: {} texts, analysis {:.3} s",
            lines.len(),
            t.elapsed().as_secs_f64()
        );
        let mut costs = Vec::new();
        for rule in &rules.rules {
            let Check::Phrases(p) = &rule.check else {
                continue;
            };
            for c in p.classes() {
                let t = Instant::now();
                let mut hits = 0usize;
                for (l, a) in lines.iter().zip(&analyses) {
                    if c.find_in(l, Some(a)).is_some() {
                        hits += 1;
                    }
                }
                costs.push((
                    t.elapsed().as_secs_f64(),
                    rule.code.clone(),
                    c.name.en.clone(),
                    hits,
                ));
            }
        }
        costs.sort_by(|a, b| b.0.total_cmp(&a.0));
        let total: f64 = costs.iter().map(|c| c.0).sum();
        println!("  all classes {total:.3} s");
        for (s, code, name, hits) in costs.iter().take(25) {
            println!("  {s:.3} s  {code} {name} ({hits} hits)");
        }
    }
}
