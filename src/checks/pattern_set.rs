//! A class's patterns as one searcher that finds the same matches as their
//! alternation, `(?:p1)|(?:p2)|…`, at a fraction of the cost.
//!
//! The class patterns are large Unicode alternations with bounded gaps
//! (`(已|已经)…[^，。；]{0,20}?(修复|清理|…)`). Searched unanchored, a lazy
//! DFA has to follow a new thread from every character, and with the
//! gaps the sets of threads rarely repeat: it spends its time building
//! states. Most patterns, though, can only start with one of a few
//! characters (已, 告, 责, a digit…: what the pattern's syntax says a match
//! can start with). A pass over the text's characters finds them, and the
//! alternation of those patterns is run *anchored* at each place one
//! stands, which keeps to one thread and to states already built. Patterns
//! whose first characters are every hanzi (`[\p{Han}]{1,8}员`) or cannot be
//! told are tried anchored only within reach of the words every match of
//! theirs ends with (员, 警, 局…), or searched unanchored as before.
//!
//! The result is the leftmost-first match of the whole alternation: the
//! leftmost start where any pattern matches, and there the match the
//! alternation prefers, which is what an anchored search of the whole
//! alternation at that start gives (before the first match of the other
//! patterns, only the listed ones can match, and their own alternation
//! gives the same).

use std::panic::{RefUnwindSafe, UnwindSafe};
use std::sync::{Arc, OnceLock};

use aho_corasick::AhoCorasick;
use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::meta::{self, Regex};
use regex_automata::nfa::thompson::{self, WhichCaptures};
use regex_automata::util::pool::Pool;
use regex_automata::{Anchored, Input};
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Class, Hir, HirKind};

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
    /// The whole alternation, searched anchored where the first match of
    /// `rest` starts.
    whole: AnchoredSearcher,
    /// The alternation of the listed patterns only, searched anchored at
    /// candidate starts before the first match of `rest` (where no pattern
    /// of `rest` matches, so the alternation's choice is the listed
    /// patterns' own). Without `rest`'s threads (`[\p{Han}]{1,8}员` starts
    /// at every hanzi) its lazy DFA builds far fewer states. `None` when
    /// there is no `rest`: `whole` is the same alternation.
    listed: Option<AnchoredSearcher>,
    /// The characters the listed patterns' matches start with.
    starts: Option<Starts>,
    /// The other patterns, and how the first place one of them matches
    /// is found.
    rest: Option<Rest>,
}

/// The patterns whose first characters cannot be told (or are too many:
/// every hanzi), searched for the first place one of them matches.
#[derive(Debug)]
enum Rest {
    /// Their alternation searched unanchored, skipped when the text has
    /// none of the words every match ends with (`ends`, when they can be
    /// listed).
    Scan {
        re: Regex,
        ends: Option<AhoCorasick>,
    },
    /// Every match ends with one of `ends` and is at most `longest` bytes
    /// long (`[\p{Han}]{1,8}(员|警|长)`), so it starts within `longest`
    /// bytes before the end of a place where one of `ends` stands (and not
    /// after its start): their alternation is tried anchored at those
    /// places only, left to right. The unanchored search had to follow a
    /// new thread from every hanzi, and its lazy DFA spent its time
    /// building states.
    Windows {
        re: AnchoredSearcher,
        ends: AhoCorasick,
        longest: usize,
    },
}

/// Windows no longer than this: a longer pattern is searched unanchored.
const MAX_WINDOW: usize = 128;

impl Rest {
    fn new(rest: &[&String]) -> Result<Option<Rest>, String> {
        if rest.is_empty() {
            return Ok(None);
        }
        let ends: Option<Vec<Vec<u8>>> = rest
            .iter()
            .map(|p| literals(p, ExtractKind::Suffix))
            .collect::<Option<Vec<_>>>()
            .map(|v| v.concat());
        let ends = match ends {
            Some(e) => Some(AhoCorasick::new(&e).map_err(|e| e.to_string())?),
            None => None,
        };
        let longest = rest
            .iter()
            .map(|p| {
                regex_syntax::Parser::new()
                    .parse(p)
                    .ok()
                    .and_then(|h| h.properties().maximum_len())
            })
            .collect::<Option<Vec<usize>>>()
            .and_then(|v| v.into_iter().max())
            .filter(|&l| l <= MAX_WINDOW);
        let alternation = alternation(rest.iter().copied());
        Ok(Some(match (ends, longest) {
            (Some(ends), Some(longest)) => Rest::Windows {
                re: AnchoredSearcher::new(&alternation)?,
                ends,
                longest,
            },
            (ends, _) => Rest::Scan {
                re: build(&alternation)?,
                ends,
            },
        }))
    }

    /// Where the first match at or after byte `from` starts.
    fn first_start(&self, text: &str, from: usize) -> Option<usize> {
        match self {
            Rest::Scan { re, ends } => {
                if ends.as_ref().is_some_and(|e| !e.is_match(&text[from..])) {
                    return None;
                }
                re.search(&Input::new(text).range(from..))
                    .map(|m| m.start())
            }
            Rest::Windows { re, ends, longest } => {
                // Every place before `next` (and at or after the window of
                // the end word in hand) has been tried.
                let mut next = from;
                for m in ends.find_overlapping_iter(&text[from..]) {
                    let (start, end) = (from + m.start(), from + m.end());
                    let mut s = next.max(end.saturating_sub(*longest));
                    while !text.is_char_boundary(s) {
                        s += 1;
                    }
                    while s <= start {
                        if re.at(text, s).is_some() {
                            return Some(s);
                        }
                        s += text[s..].chars().next().map_or(1, char::len_utf8);
                    }
                    next = next.max(s);
                }
                None
            }
        }
    }
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

type CachePool = Pool<Cache, Box<dyn Fn() -> Cache + Send + Sync + RefUnwindSafe + UnwindSafe>>;

/// An alternation searched only anchored, where the start of a match is
/// known: the lazy DFA of the forward NFA, without captures, and no
/// reverse NFA, onepass DFA or backtracker (what a `meta::Regex` builds
/// and an anchored search never uses: half of the start-up). The match it
/// gives is the leftmost-first match of the alternation anchored there,
/// the match `meta::Regex` gives for the same anchored input.
struct AnchoredSearcher {
    source: String,
    lazy: Option<(Arc<DFA>, CachePool)>,
    /// The regex engine, for a pattern the lazy DFA cannot take (a
    /// Unicode word boundary) or a search it gives up on.
    fallback: OnceLock<Result<Regex, String>>,
}

impl std::fmt::Debug for AnchoredSearcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AnchoredSearcher")
            .field("source", &self.source)
            .finish_non_exhaustive()
    }
}

impl AnchoredSearcher {
    fn new(pattern: &str) -> Result<AnchoredSearcher, String> {
        let lazy = DFA::builder()
            .configure(DFA::config().cache_capacity(CACHE))
            .thompson(thompson::Config::new().which_captures(WhichCaptures::None))
            .build(pattern)
            .ok()
            .map(|dfa| {
                let dfa = Arc::new(dfa);
                let d = Arc::clone(&dfa);
                let create: Box<dyn Fn() -> Cache + Send + Sync + RefUnwindSafe + UnwindSafe> =
                    Box::new(move || d.create_cache());
                (dfa, Pool::new(create))
            });
        let searcher = AnchoredSearcher {
            source: pattern.to_owned(),
            lazy,
            fallback: OnceLock::new(),
        };
        if searcher.lazy.is_none() {
            searcher.meta()?;
        }
        Ok(searcher)
    }

    fn meta(&self) -> Result<&Regex, String> {
        self.fallback
            .get_or_init(|| build(&self.source))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The match anchored at byte `at` of `text`, if any.
    fn at(&self, text: &str, at: usize) -> Option<(usize, usize)> {
        let input = Input::new(text).range(at..).anchored(Anchored::Yes);
        if let Some((dfa, pool)) = &self.lazy {
            let mut cache = pool.get();
            if let Ok(m) = dfa.try_search_fwd(&mut cache, &input) {
                return m.map(|m| (at, m.offset()));
            }
        }
        self.meta()
            .ok()?
            .search(&input)
            .map(|m| (m.start(), m.end()))
    }
}

/// The characters a match can start with (every match's first
/// character is one of them), as ranges, if they can be told: the
/// pattern cannot match the empty string and reads characters, not bytes.
/// Assertions (`^`, `\b`) read nothing and are passed over.
pub(crate) fn first_chars(pattern: &str) -> Option<Vec<(char, char)>> {
    edge_chars(pattern, Edge::First)
}

/// The characters a match can end with, as [`first_chars`] tells those
/// it can start with.
pub(crate) fn last_chars(pattern: &str) -> Option<Vec<(char, char)>> {
    edge_chars(pattern, Edge::Last)
}

/// Which end of a match [`edge_chars`] reads.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Edge {
    First,
    Last,
}

fn edge_chars(pattern: &str, edge: Edge) -> Option<Vec<(char, char)>> {
    let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
    let (set, nullable) = edge_of(&hir, edge)?;
    (!nullable).then_some(set)
}

/// The first (or last) characters of `hir`'s matches, and whether it can
/// match the empty string (then what stands beside it may begin or end a
/// match too).
fn edge_of(hir: &Hir, edge: Edge) -> Option<(Vec<(char, char)>, bool)> {
    Some(match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => (Vec::new(), true),
        HirKind::Literal(lit) => {
            let text = std::str::from_utf8(&lit.0).ok()?;
            let c = match edge {
                Edge::First => text.chars().next(),
                Edge::Last => text.chars().next_back(),
            };
            match c {
                Some(c) => (vec![(c, c)], false),
                None => (Vec::new(), true),
            }
        }
        HirKind::Class(Class::Unicode(c)) => (
            c.ranges().iter().map(|r| (r.start(), r.end())).collect(),
            false,
        ),
        HirKind::Class(Class::Bytes(_)) => return None,
        HirKind::Repetition(r) => {
            let (set, nullable) = edge_of(&r.sub, edge)?;
            (set, nullable || r.min == 0)
        }
        HirKind::Capture(c) => edge_of(&c.sub, edge)?,
        HirKind::Concat(subs) => {
            let mut all = Vec::new();
            let ordered: Box<dyn Iterator<Item = &Hir>> = match edge {
                Edge::First => Box::new(subs.iter()),
                Edge::Last => Box::new(subs.iter().rev()),
            };
            for sub in ordered {
                let (set, nullable) = edge_of(sub, edge)?;
                all.extend(set);
                if !nullable {
                    return Some((all, false));
                }
            }
            (all, true)
        }
        HirKind::Alternation(subs) => {
            let mut all = Vec::new();
            let mut any_nullable = false;
            for sub in subs {
                let (set, nullable) = edge_of(sub, edge)?;
                all.extend(set);
                any_nullable |= nullable;
            }
            (all, any_nullable)
        }
    })
}

/// Few enough of the characters a text is made of (hanzi, CJK
/// punctuation) to try the pattern only where one stands: a digit, a
/// letter or a few words' first hanzi, not every hanzi (`[\p{Han}]{1,8}员`).
fn narrow(set: &[(char, char)]) -> bool {
    let common: u32 = set
        .iter()
        .map(|&(a, b)| {
            let (a, b) = (u32::from(a).max(0x3000), u32::from(b).min(0x9FFF));
            b.saturating_sub(a) + u32::from(a <= b)
        })
        .sum();
    common <= 64
}

/// A set of characters, the places where a listed pattern may start: a
/// bit per code point of the Basic Multilingual Plane, sorted ranges
/// beyond. Every place one stands, left to right, is what an Aho-Corasick
/// search of the listed words' first characters gave (single characters
/// never overlap), at a tenth of the cost per candidate.
#[derive(Debug)]
struct Starts {
    bmp: Box<[u64; 1024]>,
    astral: Vec<(char, char)>,
}

impl Starts {
    fn new(ranges: Vec<(char, char)>) -> Starts {
        let mut bmp = Box::new([0u64; 1024]);
        let mut astral = Vec::new();
        for (a, b) in ranges {
            let (a, b) = (u32::from(a), u32::from(b));
            for cp in a..=b.min(0xFFFF) {
                let cp = cp as usize;
                bmp[cp >> 6] |= 1 << (cp & 63);
            }
            if b > 0xFFFF {
                let lo = char::from_u32(a.max(0x1_0000)).unwrap_or('\u{10000}');
                astral.push((lo, char::from_u32(b).unwrap_or(char::MAX)));
            }
        }
        astral.sort_unstable();
        // Merged, so that the range holding a character is the last one
        // starting at or before it.
        let mut merged: Vec<(char, char)> = Vec::new();
        for (a, b) in astral {
            match merged.last_mut() {
                Some(last) if a <= last.1 => last.1 = last.1.max(b),
                _ => merged.push((a, b)),
            }
        }
        Starts {
            bmp,
            astral: merged,
        }
    }

    fn contains(&self, c: char) -> bool {
        let cp = c as usize;
        if cp < 0x1_0000 {
            self.bmp[cp >> 6] & (1 << (cp & 63)) != 0
        } else {
            let i = self.astral.partition_point(|&(a, _)| a <= c);
            i > 0 && self.astral[i - 1].1 >= c
        }
    }

    /// The first start at or after `from` and before `bound` (byte
    /// offsets into `text`) where `f` gives something, and what it gives.
    fn find_map<T>(
        &self,
        text: &str,
        from: usize,
        bound: Option<usize>,
        mut f: impl FnMut(usize) -> Option<T>,
    ) -> Option<T> {
        for (i, c) in text[from..].char_indices() {
            if self.contains(c) {
                if bound.is_some_and(|b| from + i >= b) {
                    return None;
                }
                if let Some(t) = f(from + i) {
                    return Some(t);
                }
            }
        }
        None
    }
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
        let whole = AnchoredSearcher::new(&source)?;
        let mut firsts: Vec<(char, char)> = Vec::new();
        let mut rest: Vec<&String> = Vec::new();
        let mut listed: Vec<&String> = Vec::new();
        for p in patterns {
            match first_chars(p).filter(|f| literal_starts(p).is_some() || narrow(f)) {
                Some(f) => {
                    firsts.extend(f);
                    listed.push(p);
                }
                None => rest.push(p),
            }
        }
        let starts = (!firsts.is_empty()).then(|| Starts::new(firsts));
        let listed = if rest.is_empty() || listed.is_empty() {
            None
        } else {
            Some(AnchoredSearcher::new(&alternation(listed.into_iter()))?)
        };
        let rest = Rest::new(&rest)?;
        Ok(Some(PatternSet {
            source,
            whole,
            listed,
            starts,
            rest,
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
        let bound = self.rest.as_ref().and_then(|r| r.first_start(text, from));
        let anchored_at = |re: &AnchoredSearcher, at: usize| re.at(text, at);
        if let Some(starts) = &self.starts {
            let listed = self.listed.as_ref().unwrap_or(&self.whole);
            if let Some(m) = starts.find_map(text, from, bound, |s| anchored_at(listed, s)) {
                return Some(m);
            }
        }
        bound.and_then(|b| anchored_at(&self.whole, b))
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
                "(^|[^0-9])(110|119|120)([^0-9]|$)",
                "(^|[^\\d.])(1[0-2]|0?[1-9])\\.(3[01]|[12]\\d|0?[1-9])([^\\d.]|$)",
            ],
            &[
                "3月5日工作人员已到现场清理，已告知市民。",
                "无管辖权，本单位已经将路灯修复并处理完毕",
                "处理完毕后再答复；无执法权",
                "",
                "没有任何匹配的文字",
                "告知来电人告知市民已处理",
                "𝟑月𝟓日已修复，\n处理完毕",
                "110",
                "拨打110报警，1110不算，请拨120。",
                "6.2已修复，12.31处理完毕，3.5.1不是",
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
    fn finds_patterns_led_by_any_hanzi_from_their_end_words() {
        // Tried anchored only within reach of an end word (员, 人员, 某):
        // overlapping end words, a window cut by a comma, matches at the
        // very start and end, and a listed pattern before or after.
        same_as_regex(
            &[
                "[\\p{Han}]{1,3}(人员|员)",
                "[\\p{Han}]某{1,2}",
                "[\\p{Han}]{2,12}(局|中心)",
                "告知(市民|来电人)",
            ],
            &[
                "工作人员到场",
                "员",
                "a员，执法人员、网格员和王某某",
                "告知市民：区城市管理局已派员",
                "，，员员员，人员",
                "市政务服务中心",
                "李某",
                "告知来电人区",
            ],
        );
        let owned = [
            "[\\p{Han}]{1,8}员".to_owned(),
            "[\\p{Han}]{2,}局".to_owned(),
        ];
        let set = PatternSet::new(&owned[..1]).unwrap().unwrap();
        assert!(matches!(set.rest, Some(Rest::Windows { .. })));
        // Unbounded: searched unanchored.
        let set = PatternSet::new(&owned[1..]).unwrap().unwrap();
        assert!(matches!(set.rest, Some(Rest::Scan { .. })));
    }

    #[test]
    fn first_characters_of_a_pattern() {
        let f = |p: &str| first_chars(p).map(Starts::new);
        let s = f("(^|[，。；])无(管辖|执法)权").unwrap();
        assert!(s.contains('无') && s.contains('，') && !s.contains('管'));
        let s = f("(\\d{1,2}月\\d{1,2}日|当日|次日)[^，]{0,15}?修复").unwrap();
        assert!(s.contains('3') && s.contains('𝟑') && s.contains('当') && !s.contains('日'));
        // What can match the empty string has no first character.
        assert!(first_chars("(已)?").is_none());
        assert!(first_chars("\\b").is_none());
        // Every hanzi may start it: not narrow.
        assert!(!narrow(&first_chars("[\\p{Han}]{1,8}员").unwrap()));
        assert!(narrow(&first_chars("\\d{1,2}月").unwrap()));
    }

    #[test]
    fn last_characters_of_a_pattern() {
        let f = |p: &str| last_chars(p).map(Starts::new);
        let s = f("[\\p{Han}]{1,3}(先生|女士)$").unwrap();
        assert!(s.contains('生') && s.contains('士') && !s.contains('先') && !s.contains('王'));
        // An optional last part: what stands before it may end a match.
        let s = f("\\d{1,2}[:：时点]\\d{0,2}分?").unwrap();
        assert!(s.contains('分') && s.contains('时') && s.contains('7') && !s.contains('月'));
        // A literal ends with its last character, not its first.
        let s = f("(工作人员|民警)[\\p{Han}]{1,3}?(前往|赴)").unwrap();
        assert!(s.contains('往') && s.contains('赴') && !s.contains('前'));
        assert!(last_chars("(已)?").is_none());
        assert!(last_chars("\\b").is_none());
        assert!(last_chars("(?-u:\\xFF)").is_none());
    }

    #[test]
    fn sorts_patterns_into_listed_starts_and_the_rest() {
        assert!(literal_starts("(已|已经)修复").is_some());
        assert!(literal_starts("告知(市民|来电人)").is_some());
        assert!(literal_starts("[\\p{Han}]{1,8}员").is_none());
        assert!(literal_starts("(^|[^\\d.])1\\.2").is_none());
    }
}
