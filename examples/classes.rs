//! Show which phrase classes of a rule find something in each line of
//! standard input, and where: `… | cargo run --example classes GD501`.

use std::io::BufRead;

use gongdan::checks::Check;
use gongdan::input::Schema;
use gongdan::rules::{Config, RuleSet};

fn main() {
    let code = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "GD502".to_owned());
    let schema = Schema::builtin().expect("built-in schema");
    let rules = RuleSet::load(&schema, &Config::default()).expect("built-in rules");
    let Some(rule) = rules.get(&code) else {
        eprintln!("no rule {code}");
        return;
    };
    let Check::Phrases(p) = &rule.check else {
        eprintln!("{code} is not a phrases rule");
        return;
    };
    for line in std::io::stdin().lock().lines() {
        let Ok(line) = line else { break };
        println!("{line}");
        for c in p.classes() {
            match c.find(&line) {
                Some((s, e)) => println!("  {}: 「{}」", c.name.zh, &line[s..e]),
                None => println!("  {}: -", c.name.zh),
            }
        }
    }
}
