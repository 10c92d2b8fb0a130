//! Print the text analysis of each line of standard input: words with their
//! part of speech and mood, the events, the places, the text with places and
//! units marked (as `{place}`/`{unit}` patterns read it), and the units. For working on the
//! shared vocabulary and `rules/data/language.toml`:
//!
//! `echo 已安排志愿者上门疏通了下水道 | cargo run --example analyse`

use std::io::BufRead;

use gongdan::text::Analysis;

fn main() {
    for line in std::io::stdin().lock().lines() {
        let Ok(line) = line else { break };
        let a = Analysis::of(&line);
        let words: Vec<String> = a
            .tokens
            .iter()
            .map(|t| format!("{}/{}/{:?}", &line[t.start..t.end], t.pos, t.mood))
            .collect();
        println!("{}", words.join(" "));
        for e in &a.events {
            println!(
                "  event {} {:?} {:?} done={} reported={}",
                &line[e.start..e.end],
                e.group,
                e.mood,
                e.done,
                e.reported()
            );
        }
        for &(s, e) in &a.places {
            println!("  place {}", &line[s..e]);
        }
        println!("  shadow {}", a.shadow(&line).0);
        for u in &a.units {
            println!(
                "  unit {} specific={} own={}",
                &line[u.start..u.end],
                u.specific,
                u.own
            );
        }
    }
}
