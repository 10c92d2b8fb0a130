//! `gongdan sample`: draw the province's monthly callback spot check ahead of
//! time — N closed tickets, reproducible from a seed, optionally weighted
//! toward tickets with findings — as a callback checklist.
//!
//! The draw is weighted random sampling without replacement by keys
//! (Efraimidis–Spirakis): each ticket gets a key computed only from the seed
//! and its own ticket id (a ChaCha8 stream seeded with both), `ln(u) / w`,
//! and the N largest keys win. So the same seed and the same set of tickets
//! give the same sample whatever the file order, the row order or the thread
//! count. Unweighted, every weight is 1; weighted, a ticket's weight is 1 plus
//! 2 for each rule that reported it.

use std::io::{self, Write};

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

use super::render::StatsFormat;

/// What to verify when a ticket has no findings.
pub const DEFAULT_VERIFY: &str = "核实是否已实际办理、市民是否满意";

/// Longest closing text shown, in characters.
pub const CLOSING_CHARS: usize = 60;

/// A closed ticket that may be drawn.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Candidate {
    pub ticket_id: String,
    pub unit: String,
    /// Already masked unless personal data is shown.
    pub phone: String,
    /// Already masked and truncated.
    pub closing_text: String,
    /// `GD501 敷衍办结` … for each rule that reported this ticket.
    pub findings: Vec<String>,
}

impl Candidate {
    /// What the caller should verify.
    #[must_use]
    pub fn verify(&self) -> String {
        if self.findings.is_empty() {
            DEFAULT_VERIFY.to_owned()
        } else {
            format!("{}；并核实：{}", DEFAULT_VERIFY, self.findings.join("、"))
        }
    }
}

/// FNV-1a: a fixed, documented hash, so keys never change between builds.
fn fnv1a(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The sampling key of one ticket: larger is drawn first.
#[must_use]
pub fn key(seed: u64, ticket_id: &str, weight: f64) -> f64 {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ fnv1a(ticket_id));
    // In (0, 1]: ln(0) would be -inf for every such ticket.
    let u: f64 = 1.0 - rng.random::<f64>();
    u.ln() / weight.max(f64::MIN_POSITIVE)
}

/// Draw `n` candidates. `weighted`: weight 1 + 2 × number of findings.
/// Returns them in draw order (call the first ones first; the later ones
/// are the reserves).
#[must_use]
pub fn draw(candidates: Vec<Candidate>, n: usize, seed: u64, weighted: bool) -> Vec<Candidate> {
    let mut d = Drawer::new(n, seed, weighted);
    for c in candidates {
        d.add(c);
    }
    d.finish()
}

/// Draws one candidate at a time, keeping only the best keys seen so far,
/// so memory stays bounded by `n` rather than by the export.
pub struct Drawer {
    n: usize,
    seed: u64,
    weighted: bool,
    keyed: Vec<(f64, Candidate)>,
}

impl Drawer {
    #[must_use]
    pub fn new(n: usize, seed: u64, weighted: bool) -> Self {
        Drawer {
            n,
            seed,
            weighted,
            keyed: Vec::new(),
        }
    }

    /// Offer one closed ticket.
    pub fn add(&mut self, c: Candidate) {
        let w = if self.weighted {
            1.0 + 2.0 * c.findings.len() as f64
        } else {
            1.0
        };
        self.keyed.push((key(self.seed, &c.ticket_id, w), c));
        if self.keyed.len() > 2 * self.n + 1024 {
            self.prune();
        }
    }

    /// Keep the `n` best distinct tickets. Keys are finite (u > 0, w > 0);
    /// ties fall back to the ticket id so the order never depends on the
    /// input order, and a repeated ticket id (same key) collapses to one.
    fn prune(&mut self) {
        self.keyed.sort_by(|a, b| {
            b.0.total_cmp(&a.0)
                .then_with(|| a.1.ticket_id.cmp(&b.1.ticket_id))
        });
        self.keyed.dedup_by(|a, b| a.1.ticket_id == b.1.ticket_id);
        self.keyed.truncate(self.n);
    }

    /// The sample, in draw order.
    #[must_use]
    pub fn finish(mut self) -> Vec<Candidate> {
        self.prune();
        self.keyed.into_iter().map(|(_, c)| c).collect()
    }
}

/// Cut a text to `max` characters, with `…` when cut; line breaks become spaces.
#[must_use]
pub fn truncate(text: &str, max: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        flat
    } else {
        let mut s: String = flat.chars().take(max).collect();
        s.push('…');
        s
    }
}

const HEADERS: [&str; 6] = [
    "序号",
    "工单编号",
    "承办单位",
    "来电号码",
    "办结内容",
    "核实要点",
];

fn rows(sample: &[Candidate]) -> Vec<Vec<String>> {
    sample
        .iter()
        .enumerate()
        .map(|(i, c)| {
            vec![
                (i + 1).to_string(),
                c.ticket_id.clone(),
                c.unit.clone(),
                c.phone.clone(),
                c.closing_text.clone(),
                c.verify(),
            ]
        })
        .collect()
}

/// Write the checklist.
///
/// # Errors
/// Only from the writer.
pub fn render(sample: &[Candidate], format: StatsFormat, w: &mut dyn Write) -> io::Result<()> {
    match format {
        StatsFormat::Table => {
            writeln!(w, "回访抽查清单（{} 件）", sample.len())?;
            for (i, r) in rows(sample).iter().enumerate() {
                writeln!(w)?;
                writeln!(w, "{}. {}  {}  {}", i + 1, r[1], r[2], r[3])?;
                writeln!(w, "   办结内容：{}", r[4])?;
                writeln!(w, "   核实要点：{}", r[5])?;
            }
            Ok(())
        }
        StatsFormat::Tsv => {
            writeln!(w, "{}", HEADERS.join("\t"))?;
            for r in rows(sample) {
                writeln!(w, "{}", r.join("\t"))?;
            }
            Ok(())
        }
        StatsFormat::Csv => {
            let mut c = csv::Writer::from_writer(w);
            c.write_record(HEADERS)?;
            for r in rows(sample) {
                c.write_record(&r)?;
            }
            c.flush()
        }
        StatsFormat::Json => {
            let v: Vec<serde_json::Value> = sample
                .iter()
                .map(|c| {
                    serde_json::json!({
                        "ticket_id": c.ticket_id, "unit": c.unit, "phone": c.phone,
                        "closing_text": c.closing_text, "findings": c.findings, "verify": c.verify(),
                    })
                })
                .collect();
            serde_json::to_writer_pretty(&mut *w, &v).map_err(io::Error::other)?;
            writeln!(w)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cands(ids: &[&str]) -> Vec<Candidate> {
        ids.iter()
            .map(|i| Candidate {
                ticket_id: (*i).to_owned(),
                ..Candidate::default()
            })
            .collect()
    }

    fn ids(s: &[Candidate]) -> Vec<String> {
        s.iter().map(|c| c.ticket_id.clone()).collect()
    }

    #[test]
    fn reproducible_and_order_independent() {
        let all: Vec<String> = (0..500).map(|i| format!("SY{i:06}")).collect();
        let refs: Vec<&str> = all.iter().map(String::as_str).collect();
        let a = draw(cands(&refs), 40, 7, false);
        let mut rev = refs.clone();
        rev.reverse();
        let b = draw(cands(&rev), 40, 7, false);
        assert_eq!(a.len(), 40);
        assert_eq!(ids(&a), ids(&b));
        let c = draw(cands(&refs), 40, 8, false);
        assert_ne!(ids(&a), ids(&c), "another seed, another sample");
    }

    #[test]
    fn weighting_favours_findings() {
        let mut cs = cands(
            &(0..1000)
                .map(|i| format!("T{i}"))
                .collect::<Vec<_>>()
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>(),
        );
        for c in cs.iter_mut().take(100) {
            c.findings = vec!["GD501 敷衍办结".into(); 3];
        }
        let flagged = |s: &[Candidate]| s.iter().filter(|c| !c.findings.is_empty()).count();
        let w = draw(cs.clone(), 40, 1, true);
        let u = draw(cs, 40, 1, false);
        assert!(
            flagged(&w) > flagged(&u),
            "weighted {} vs unweighted {}",
            flagged(&w),
            flagged(&u)
        );
    }

    #[test]
    fn pruning_keeps_the_exact_sample() {
        // Enough tickets to prune many times; the result must equal the
        // draw over all keys sorted at once.
        let all: Vec<String> = (0..5000).map(|i| format!("X{i}")).collect();
        let mut keyed: Vec<(f64, String)> =
            all.iter().map(|i| (key(5, i, 1.0), i.clone())).collect();
        keyed.sort_by(|a, b| b.0.total_cmp(&a.0));
        let expect: Vec<String> = keyed.into_iter().take(3).map(|k| k.1).collect();
        let got = draw(
            cands(&all.iter().map(String::as_str).collect::<Vec<_>>()),
            3,
            5,
            false,
        );
        assert_eq!(ids(&got), expect);
    }

    #[test]
    fn fewer_candidates_than_n() {
        assert_eq!(draw(cands(&["A", "B", "A"]), 40, 0, false).len(), 2);
    }

    #[test]
    fn truncates_by_characters() {
        assert_eq!(truncate("市民反映\n问题已处理", 6), "市民反映 问…");
        assert_eq!(truncate("短", 6), "短");
    }
}
