//! A class's patterns as one searcher that finds the same matches as their
//! alternation, `(?:p1)|(?:p2)|…`, at a fraction of the cost.
//!
//! The class patterns are large Unicode alternations with bounded gaps
//! (`(已|已经)…[^，。；]{0,20}?(修复|清理|…)`). Searched unanchored, a lazy
//! DFA has to follow a new thread from every character, and with the
//! gaps the sets of threads rarely repeat: it spends its time building
//! states. Most patterns, though, can only start with one of a few words
//! (已, 已经, 告知, 责令…). Those words are found with one Aho-Corasick
//! pass, and the alternation is run *anchored* at each place one of them
//! starts, which keeps to one thread and to states already built. Patterns
//! whose start cannot be listed (`[\p{Han}]{1,8}员`, `\d{1,2}月`) are
//! searched unanchored as before, in an alternation of their own.
//!
//! The result is the leftmost-first match of the whole alternation: the
//! leftmost start where any pattern matches, and there the match the
//! alternation prefers, which is what an anchored search of the whole
//! alternation at that start gives.

use aho_corasick::AhoCorasick;
use regex_automata::meta::{self, Regex};
use regex_automata::{Anchored, Input};
use regex_syntax::hir::literal::{ExtractKind, Extractor};

/// The lazy DFA's cache per search thread: room for the class
/// alternations' states, so they stay on the DFA. 2 MB, not 8: the few
/// alternations whose caches grew past 2 MB are cleared and rebuilt now and
/// then (about 2 % more instructions per row at 20 k tickets, callgrind),
/// and the whole check of a 1 M month peaks 23 MB lower (BENCHMARKS.md,
/// 2026-12-06 late). 3 MB already keeps nearly all of the memory; 1 MB
/// thrashes.
const CACHE: usize = 2 << 20;

/// Literal starts beyond this many make a pattern a fallback pattern
/// (the prefilter would fire almost everywhere anyway).
const MAX_STARTS: usize = 2_000;

#[derive(Debug)]
pub struct PatternSet {
    /// The alternation as written, `(?:p1)|(?:p2)|…`.
    source: String,
    /// The whole alternation, searched anchored at candidate starts.
    whole: Regex,
    /// The first characters of the words the listed patterns start with:
    /// single characters never overlap, so a plain (SIMD) Aho-Corasick
    /// search finds every place one of those words may start.
    starts: Option<AhoCorasick>,
    /// The other patterns' alternation, searched unanchored.
    rest: Option<Regex>,
    /// Words every match of `rest` ends with, when they can be listed: a
    /// text without any of them cannot match, and the unanchored search
    /// (the costly one) is skipped.
    rest_ends: Option<AhoCorasick>,
}

fn build(pattern: &str) -> Result<Regex, String> {
    Regex::builder()
        .configure(meta::Config::new().hybrid_cache_capacity(CACHE))
        .build(pattern)
        .map_err(|e| e.to_string())
}

fn alternation<'a>(patterns: impl Iterator<Item = &'a String>) -> String {
    patterns
        .map(|p| format!("(?:{p})"))
        .collect::<Vec<_>>()
        .join("|")
}

/// The literals every match of `pattern` starts with, if they can be
/// listed and none is empty.
fn literal_starts(pattern: &str) -> Option<Vec<Vec<u8>>> {
    literals(pattern, ExtractKind::Prefix)
}

/// The literals every match of `pattern` starts (`Prefix`) or ends
/// (`Suffix`) with, if they can be listed and none is empty.
fn literals(pattern: &str, kind: ExtractKind) -> Option<Vec<Vec<u8>>> {
    let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
    let seq = Extractor::new()
        .kind(kind)
        .limit_total(MAX_STARTS)
        .extract(&hir);
    let lits = seq.literals()?;
    if lits.is_empty() || lits.len() > MAX_STARTS || lits.iter().any(|l| l.as_bytes().is_empty()) {
        return None;
    }
    Some(lits.iter().map(|l| l.as_bytes().to_vec()).collect())
}

/// The bytes of the first character of a literal (a prefix literal starts
/// on a character boundary; a cut-off one is kept whole).
fn first_char(lit: &[u8]) -> &[u8] {
    let n = match lit.first() {
        Some(b) if *b < 0x80 => 1,
        Some(b) if *b >= 0xF0 => 4,
        Some(b) if *b >= 0xE0 => 3,
        _ => 2,
    };
    &lit[..n.min(lit.len())]
}

impl PatternSet {
    /// # Errors
    /// A pattern the regex engine refuses (patterns are checked one by one
    /// by the caller first, for a message that names the bad one).
    pub fn new(patterns: &[String]) -> Result<Option<PatternSet>, String> {
        if patterns.is_empty() {
            return Ok(None);
        }
        let source = alternation(patterns.iter());
        let whole = build(&source)?;
        let mut words: Vec<Vec<u8>> = Vec::new();
        let mut rest: Vec<&String> = Vec::new();
        for p in patterns {
            match literal_starts(p) {
                Some(l) => words.extend(l),
                None => rest.push(p),
            }
        }
        // Only the first character of each word: see `starts`.
        let mut firsts: Vec<&[u8]> = words.iter().map(|l| first_char(l)).collect();
        firsts.sort_unstable();
        firsts.dedup();
        let starts = if firsts.is_empty() {
            None
        } else {
            Some(AhoCorasick::new(&firsts).map_err(|e| e.to_string())?)
        };
        let ends: Option<Vec<Vec<u8>>> = rest
            .iter()
            .map(|p| literals(p, ExtractKind::Suffix))
            .collect::<Option<Vec<_>>>()
            .map(|v| v.concat());
        let rest_ends = match ends {
            Some(e) if !rest.is_empty() => Some(AhoCorasick::new(&e).map_err(|e| e.to_string())?),
            _ => None,
        };
        let rest = if rest.is_empty() {
            None
        } else {
            Some(build(&alternation(rest.into_iter()))?)
        };
        Ok(Some(PatternSet {
            source,
            whole,
            starts,
            rest,
            rest_ends,
        }))
    }

    /// The alternation this searcher stands for (for tests that compare
    /// it with `regex::Regex`).
    #[must_use]
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The leftmost-first match of the alternation starting at or after
    /// byte `from`.
    fn find_from(&self, text: &str, from: usize) -> Option<(usize, usize)> {
        let bound = self
            .rest
            .as_ref()
            .filter(|_| {
                self.rest_ends
                    .as_ref()
                    .is_none_or(|e| e.is_match(&text[from..]))
            })
            .and_then(|r| r.search(&Input::new(text).range(from..)))
            .map(|m| m.start());
        let anchored_at = |at: usize| {
            self.whole
                .search(&Input::new(text).range(at..).anchored(Anchored::Yes))
                .map(|m| (m.start(), m.end()))
        };
        if let Some(ac) = &self.starts {
            if let Some(m) = ac
                .find_iter(&text[from..])
                .map(|m| from + m.start())
                .take_while(|&s| bound.is_none_or(|b| s < b))
                .find_map(anchored_at)
            {
                return Some(m);
            }
        }
        bound.and_then(anchored_at)
    }

    /// Matches left to right, not overlapping, as `Regex::find_iter` gives
    /// them.
    pub fn find_iter<'a>(&'a self, text: &'a str) -> impl Iterator<Item = (usize, usize)> + 'a {
        let mut from = Some(0usize);
        std::iter::from_fn(move || {
            let at = from?;
            if at > text.len() {
                return None;
            }
            let m = self.find_from(text, at);
            from = m.map(|(s, e)| {
                if e > s {
                    e
                } else {
                    // An empty match: go on after its character.
                    e + text[e..].chars().next().map_or(1, char::len_utf8)
                }
            });
            m
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same_as_regex(patterns: &[&str], texts: &[&str]) {
        let owned: Vec<String> = patterns.iter().map(|p| (*p).to_owned()).collect();
        let set = PatternSet::new(&owned).unwrap().unwrap();
        let re = regex::Regex::new(&alternation(owned.iter())).unwrap();
        for t in texts {
            let want: Vec<(usize, usize)> = re.find_iter(t).map(|m| (m.start(), m.end())).collect();
            let got: Vec<(usize, usize)> = set.find_iter(t).collect();
            assert_eq!(got, want, "{t}");
        }
    }

    #[test]
    fn finds_what_the_alternation_finds() {
        same_as_regex(
            &[
                "(已|已经)[^，。；]{0,20}?(修复|清理|处理)",
                "[\\p{Han}]{1,8}(员|工)",
                "\\d{1,2}月\\d{1,2}日",
                "(^|[，。；])无(管辖|执法)权",
                "告知(市民|来电人)",
                "处理完毕([^后]|$)",
            ],
            &[
                "3月5日工作人员已到现场清理，已告知市民。",
                "无管辖权，本单位已经将路灯修复并处理完毕",
                "处理完毕后再答复；无执法权",
                "",
                "没有任何匹配的文字",
                "告知来电人告知市民已处理",
            ],
        );
    }

    #[test]
    fn prefers_the_earlier_pattern_at_the_same_start() {
        // Both patterns start at 已; the alternation takes the first.
        same_as_regex(&["已处", "已处理完毕"], &["问题已处理完毕。"]);
        same_as_regex(&["已处理完毕", "已处"], &["问题已处理完毕。"]);
        // A fallback pattern and a listed one start at the same place.
        same_as_regex(&["[\\p{Han}]{2}理", "处理完"], &["已处理完"]);
    }

    #[test]
    fn sorts_patterns_into_listed_starts_and_the_rest() {
        assert!(literal_starts("(已|已经)修复").is_some());
        assert!(literal_starts("告知(市民|来电人)").is_some());
        assert!(literal_starts("[\\p{Han}]{1,8}员").is_none());
        assert!(literal_starts("(^|[^\\d.])1\\.2").is_none());
    }
}
