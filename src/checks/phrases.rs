//! `phrases`: the heuristic text check behind the province-flagged
//! defects. A rule names *phrase classes* (each a list of literal phrases and
//! regexes, recognised anywhere in the text) and says how they combine:
//!
//! - `trigger`: the rule applies only when this class is present
//!   (`不属于…范围` for a jurisdiction claim, `正在积极处理` for a promise);
//! - `require`: every one of these must be present; the missing ones are
//!   named in `{missing}` (a return reason needs 理由, 依据 and 建议承办单位);
//! - `require_any`: at least one must be present;
//! - `forbid`: none may be present (`{found}` names those that are);
//! - `unless`: the finding is dropped when one of these is present.
//!
//! A class may read another field of the same row (`field`), count a
//! non-empty column as present (`columns`: separate 联系群众 columns), and
//! ignore occurrences right after a negation (`negations`: 未/没有/无法).
//! Classes live in the rule file, so wording is data, not code.

use std::cell::OnceCell;
use std::collections::BTreeMap;
use std::rc::Rc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

use aho_corasick::{AhoCorasick, MatchKind};
use regex::Regex;
use serde::Deserialize;

use super::cond::{Cond, CondSpec, all_hold};
use super::memo::{KeyBuilder, Memo};
use super::pattern_set::PatternSet;
use super::{FieldRef, Finding, RowCtx};
use crate::diagnostic::Span;
use crate::input::{Schema, TableKind};
use crate::report::Lang;
use crate::rules::Text;
use crate::text::{Analysis, Suffixes, unshadow};

/// A phrase class as written in a rule file (`[check.classes.NAME]`) or in
/// the shared vocabulary (`rules/classes/*.toml`, `[NAME]`).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClassSpec {
    /// Start from this shared class (`rules/classes/`) and add this class's
    /// own phrases, patterns, columns and negations to it.
    #[serde(default)]
    pub extends: Option<String>,
    /// Chinese name shown in messages (`依据`). Taken from the shared class
    /// when `extends` is given and this is left out.
    #[serde(default)]
    pub zh: String,
    /// English name shown in messages (`basis`).
    #[serde(default)]
    pub en: String,
    /// Literal phrases, matched as substrings.
    #[serde(default)]
    pub phrases: Vec<String>,
    /// Regexes (Rust `regex` syntax), for phrases with gaps
    /// (`不属.{0,6}(职责|范围)`) or forms (`〔\d{4}〕\d+号`).
    #[serde(default)]
    pub patterns: Vec<String>,
    /// Read this field of the row instead of the checked text.
    #[serde(default)]
    pub field: Option<String>,
    /// These columns, when present and not empty (and not a "no" value
    /// such as 否/未联系), also count as the class being present.
    #[serde(default)]
    pub columns: Vec<String>,
    /// An occurrence right after one of these does not count: `未` before
    /// `解决`, `没有` before `联系`.
    #[serde(default)]
    pub negations: Vec<String>,
    /// How many characters may stand between a negation and the phrase
    /// (`未能解决`: 1; `尚未进入诉讼`: 2). Default 1.
    #[serde(default = "one")]
    pub negation_gap: usize,
    /// A match counts only where its clause asserts it: not after a
    /// negator (未/没有/无法), a promise or progressive marker (将/正在/
    /// 待…后), or a request or condition (请/需/如), and not in what a light
    /// verb set up (已安排人员〔跟进处理〕). Read from the text analysis.
    #[serde(default)]
    pub asserted: bool,
    /// Events of the text analysis that count as the class: `done` (a
    /// completed action of any substantive verb: 已增设…, 疏通了…, 清理
    /// 完毕), `reported` (done, or narrated plainly in a report:
    /// 维修工上门更换表前阀), `acted` (any handling step, result or not:
    /// 查看, 核实, 组织), `pending` (an action promised or in progress:
    /// 将尽快处理, 正在协调), `told` (the citizen told: 已告知…, 电话答复…),
    /// `needed` (a step still to be taken, named with content of its own:
    /// 需重新制卡, 有待鉴定机构出具报告; not 需进一步核实).
    #[serde(default)]
    pub events: Vec<String>,
    /// The whole text is exactly one of these many characters long: the
    /// export's field limit cut it (200, 255, 4000…). A length test, not a
    /// pattern: `\A(?s:.){4000}\z` costs a large automaton per text.
    #[serde(default)]
    pub char_counts: Vec<usize>,
    /// A pattern's match counts only where it ends at the end of a word of
    /// the text analysis, and that word is no verb, numeral, measure word,
    /// adverb or locative: `[\p{Han}]{1,10}(所|站|队)` finds 城关所 and
    /// 供电所, not the 所 of 场所 (…经营场所), the 处 of 一处 or 查处, or
    /// the 警 of 警示.
    #[serde(default)]
    pub whole_words: bool,
    /// A listed phrase counts only where it does not begin inside a word of
    /// the text analysis and run on into the next (调解 in 协调|解决, 资金 in
    /// 投资|金额); from a word's start (住院 in 住院治疗) or inside one word
    /// (降雨 in 强降雨) it counts. Patterns are not affected.
    #[serde(default)]
    pub word_start: bool,
    /// A match counts only where it can name who acted: not a verb's
    /// object with no act of its own after it (查看了政务服务中心二楼的
    /// 取号机, 联系社区网格员。), nor a name after a preposition of what was
    /// dealt with or where it went (对该在押人员进行了检查, 推送至银行).
    /// Read from the text analysis.
    #[serde(default)]
    pub subjects: bool,
    /// A match counts only as a state of now: not in a clause told as
    /// history, one with a retrospective word (曾, 原本, 此前: the
    /// lexicon's `retrospective`) before the match (期间曾因业主要求暂缓
    /// 复检一天 tells of a delay that is over), nor in one told as a
    /// supposition (`hypothetical`: 如遇危险请拨打110, 万一着火).
    #[serde(default)]
    pub current: bool,
    /// `{unit}` stands only for a unit named in particular, not one named
    /// by its role alone (维保单位, 市场监管部门): where the class asks
    /// which unit a ticket should go to.
    #[serde(default)]
    pub named_units: bool,
    /// Only what follows the first match of one of these patterns is read
    /// (a concession: 但, 考虑到…): the class is absent from a text in which
    /// none of them occurs.
    #[serde(default)]
    pub after: Vec<String>,
}

impl ClassSpec {
    /// This class on top of `base`: names from this one where given, lists
    /// joined, switches from either.
    #[must_use]
    pub fn on_top_of(&self, base: &ClassSpec) -> ClassSpec {
        let pick = |a: &String, b: &String| if a.is_empty() { b.clone() } else { a.clone() };
        let join = |a: &Vec<String>, b: &Vec<String>| {
            let mut v = b.clone();
            v.extend(a.iter().cloned());
            v
        };
        ClassSpec {
            extends: None,
            zh: pick(&self.zh, &base.zh),
            en: pick(&self.en, &base.en),
            phrases: join(&self.phrases, &base.phrases),
            patterns: join(&self.patterns, &base.patterns),
            field: self.field.clone().or_else(|| base.field.clone()),
            columns: join(&self.columns, &base.columns),
            negations: join(&self.negations, &base.negations),
            negation_gap: self.negation_gap.max(base.negation_gap),
            asserted: self.asserted || base.asserted,
            events: join(&self.events, &base.events),
            char_counts: {
                let mut v = base.char_counts.clone();
                v.extend(&self.char_counts);
                v
            },
            whole_words: self.whole_words || base.whole_words,
            word_start: self.word_start || base.word_start,
            subjects: self.subjects || base.subjects,
            current: self.current || base.current,
            named_units: self.named_units || base.named_units,
            after: join(&self.after, &base.after),
        }
    }
}

fn one() -> usize {
    1
}

/// One field the rule reads, under its own conditions.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetSpec {
    pub field: String,
    #[serde(default)]
    pub when: Vec<CondSpec>,
    /// Check every non-empty line on its own when the cell holds several
    /// statements, one per line (some line is complete on its own); a
    /// statement laid out over lines (理由：…⏎依据：…⏎建议…) is judged whole.
    #[serde(default)]
    pub split_lines: bool,
    /// An empty cell (the column present, the conditions holding) is a
    /// finding too: a return with no reason at all is the vaguest return.
    #[serde(default)]
    pub fire_on_empty: bool,
}

/// Parameters of `kind = "phrases"`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhrasesSpec {
    /// Shorthand for a single target.
    #[serde(default)]
    pub field: Option<String>,
    #[serde(default)]
    pub when: Vec<CondSpec>,
    #[serde(default)]
    pub split_lines: bool,
    #[serde(default)]
    pub fire_on_empty: bool,
    /// Several targets (`[[check.targets]]`), e.g. the 退回原因 column and
    /// the opinions of 退回 flow records.
    #[serde(default)]
    pub targets: Vec<TargetSpec>,
    /// Texts shorter than this (after trimming) are skipped; 0 checks all
    /// non-empty texts.
    #[serde(default)]
    pub min_chars: usize,
    #[serde(default)]
    pub trigger: Option<String>,
    #[serde(default)]
    pub require: Vec<String>,
    #[serde(default)]
    pub require_any: Vec<String>,
    /// What any one of `require_any` stands for (不予受理的原因说明), named
    /// in the finding instead of the list of alternatives, and beside the
    /// parts found (`（已有：原因说明「属诉讼事项」）`).
    #[serde(default)]
    pub require_any_name: Option<Text>,
    #[serde(default)]
    pub forbid: Vec<String>,
    #[serde(default)]
    pub unless: Vec<String>,
    /// The finding is dropped when one of these is present *after* the
    /// trigger's match: a later completed action makes an earlier 暂缓 or
    /// 无法 history (`因材料不全暂缓，补齐后理赔款已到账`).
    #[serde(default)]
    pub unless_after: Vec<String>,
    /// A class that says the text puts its answer off (待方案确定后再回复,
    /// 结果将另行告知): found, it stands for the trigger, and only
    /// `unless_deferred` can clear the text — whatever else it reports was
    /// a step on the way, since the answer is still to come.
    #[serde(default)]
    pub deferral: Option<String>,
    #[serde(default)]
    pub unless_deferred: Vec<String>,
    /// At most one finding per row: the targets are tried in order and the
    /// first that reports ends the row (GD305 judges the reason when it
    /// names the emergency, and the appeal when the reason did not tell of
    /// one, without reporting a ticket twice).
    #[serde(default)]
    pub first_finding_only: bool,
    /// Classes defined by this rule; any class named above and not defined
    /// here comes from the shared vocabulary in `rules/classes/`.
    #[serde(default)]
    pub classes: BTreeMap<String, ClassSpec>,
}

/// Whether a line opens with a part's label (依据：, 建议承办单位：).
fn labelled_line(line: &str) -> bool {
    let labels = &crate::text::Lexicon::get().part_labels;
    line.trim_start()
        .split_once(['：', ':'])
        .is_some_and(|(head, _)| {
            head.chars().count() <= 10 && labels.iter().any(|w| head.contains(w.as_str()))
        })
}

/// Whether a line, past its leading blanks, opens with one of `words`.
fn opens_with(line: &str, words: &[String]) -> bool {
    let l = line.trim_start();
    words.iter().any(|w| l.starts_with(w.as_str()))
}

/// Whether a line opens with a part's word without a label's colon
/// (建议改派…, 依据《…》…): it goes on with the statement before it.
fn part_opening(line: &str) -> bool {
    opens_with(line, &crate::text::Lexicon::get().part_labels)
}

/// Whether a line sums up the lines before it (综上，申请延期至6月20日).
fn summing_line(line: &str) -> bool {
    opens_with(line, &crate::text::Lexicon::get().summing_openers)
}

/// Whether a line opens with the request itself (预计9月20日前办结，申请延期
/// 至…): after numbered items it concludes their statement.
fn request_line(line: &str) -> bool {
    opens_with(line, &crate::text::Lexicon::get().conclusion_openers)
}

/// Whether a line opens with an item number (1. 2、（3） 一是).
fn numbered_line(line: &str) -> bool {
    let l = line.trim_start();
    let l = l.strip_prefix(['（', '(']).unwrap_or(l);
    let digits = l.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 {
        return l[digits..].starts_with(['.', '、', '．', '）', ')']);
    }
    let numerals = l
        .chars()
        .take_while(|c| "一二三四五六七八九十".contains(*c))
        .count();
    numerals > 0 && {
        let rest = &l[numerals * 3..];
        rest.starts_with(['是', '、', '）', ')'])
    }
}

/// The statements of a multi-line cell, as byte ranges: one per line,
/// except that a line ending in a colon (经现场核实：) runs on into the
/// next, and a labelled line (建议承办单位：…), a numbered item (2.依据…) or
/// a line summing up (综上，…) continues the statement before it.
fn statements(cell: &str) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut offset = 0;
    let mut open = false;
    let mut after_item = false;
    for line in cell.split_inclusive('\n') {
        let (start, end) = (offset, offset + line.len());
        offset = end;
        if line.trim().is_empty() {
            if let Some(last) = out.last_mut() {
                last.1 = end;
            }
            continue;
        }
        match out.last_mut() {
            Some(last)
                if open
                    || labelled_line(line)
                    || part_opening(line)
                    || numbered_line(line)
                    || summing_line(line)
                    || after_item && request_line(line) =>
            {
                last.1 = end;
            }
            _ => out.push((start, end)),
        }
        open = line.trim_end().ends_with(['：', ':']);
        after_item = numbered_line(line);
    }
    out
}

/// A compiled phrase class.
#[derive(Debug)]
pub struct Class {
    pub name: Text,
    /// What the class finds in a text, shared by every class (of any rule)
    /// with the same phrases, patterns and switches.
    m: Arc<Matcher>,
    field: Option<FieldRef>,
    columns: Vec<FieldRef>,
    /// The class reads only what follows a match of this (`after`).
    after: Option<Regex>,
    /// Patterns with `{self}`: a unit that must be the row's own.
    self_named: Option<SelfNamed>,
}

/// The `{self}` patterns of a class: read on the shadow text like `{unit}`
/// patterns, a match counts only where one of the units it holds names the
/// unit the row gives as its handling unit (`承办单位`): `不属于应急管理局职责`
/// in the 应急管理局's own closing is its claim, in another's a remark.
/// Per row, so outside the shared [`Matcher`].
#[derive(Debug)]
struct SelfNamed {
    patterns: PatternSet,
    unit: FieldRef,
}

/// The searching part of a class: everything [`Class::find_in`] reads.
/// Compiled once per distinct definition and shared (see [`intern`]), so
/// the rules that name one shared class (理由, 依据, 诉讼…) hold one copy of
/// its automata and their caches, and a row's text is searched for it once
/// (`RowCtx::found`, keyed by `id`).
#[derive(Debug)]
struct Matcher {
    id: u32,
    ac: Option<AhoCorasick>,
    /// The plain patterns, searched as one alternation.
    patterns: Option<PatternSet>,
    /// Patterns with `{unit}` or `{place}`, run on the shadow text in which
    /// every specific unit is one [`crate::text::UNIT_MARK`] and every place
    /// one [`crate::text::PLACE_MARK`].
    unit_patterns: Option<PatternSet>,
    /// The negations, looked up by the suffixes of the text before a
    /// match.
    negations: Suffixes,
    negation_gap: usize,
    asserted: bool,
    done: bool,
    reported: bool,
    acted: bool,
    pending: bool,
    told: bool,
    needed: bool,
    char_counts: Vec<usize>,
    whole_words: bool,
    word_start: bool,
    subjects: bool,
    current: bool,
    named_units: bool,
}

/// Values of a "did you…" column that mean no.
const NO_VALUES: [&str; 10] = [
    "否",
    "无",
    "未",
    "没有",
    "未联系",
    "未解决",
    "no",
    "n",
    "false",
    "0",
];

impl Class {
    /// Compile a class given outside a `phrases` check (e.g. the repeat
    /// phrases of `ticket-reference`), resolving `extends` in the shared
    /// vocabulary.
    ///
    /// # Errors
    /// Bad regex, unknown field or shared class, empty class.
    pub fn compile_spec(spec: &ClassSpec, schema: &Schema) -> Result<Class, String> {
        let spec = resolve_extends(spec)?;
        Class::compile(&spec, schema)
    }

    fn compile(spec: &ClassSpec, schema: &Schema) -> Result<Class, String> {
        let phrases: Vec<&String> = spec.phrases.iter().filter(|p| !p.is_empty()).collect();
        let mut plain = Vec::new();
        let mut with_unit = Vec::new();
        let citizen = crate::text::Lexicon::get().citizen_regex();
        let mut own = Vec::new();
        for p in &spec.patterns {
            let expanded;
            let p = if p.contains("{citizen}") {
                expanded = p.replace("{citizen}", &citizen);
                &expanded
            } else {
                p
            };
            if p.contains("{self}") {
                own.push(
                    p.replace("{self}", &crate::text::UNIT_MARK.to_string())
                        .replace("{unit}", &crate::text::UNIT_MARK.to_string())
                        .replace("{place}", &crate::text::PLACE_MARK.to_string()),
                );
            } else if p.contains("{unit}") || p.contains("{place}") {
                let p = p
                    .replace("{unit}", &crate::text::UNIT_MARK.to_string())
                    .replace("{place}", &crate::text::PLACE_MARK.to_string());
                with_unit.push(p);
            } else {
                plain.push(p.clone());
            }
        }
        // Everything the searcher depends on, and nothing else.
        // (Each string with its length before it: no escaping needed, and
        // no two definitions give one key.)
        let mut key = String::new();
        for list in [
            &phrases.iter().map(|p| p.as_str()).collect::<Vec<_>>(),
            &plain.iter().map(String::as_str).collect(),
            &with_unit.iter().map(String::as_str).collect(),
            &spec.negations.iter().map(String::as_str).collect(),
            &spec.events.iter().map(String::as_str).collect(),
        ] {
            key.push_str(&format!("[{}]", list.len()));
            for w in list {
                key.push_str(&format!("{}:{w}", w.len()));
            }
        }
        key.push_str(&format!(
            "{} {} {:?} {} {} {} {} {}",
            spec.negation_gap,
            spec.asserted,
            spec.char_counts,
            spec.whole_words,
            spec.word_start,
            spec.subjects,
            spec.current,
            spec.named_units
        ));
        let known = interned(&key);
        // A bad pattern is named in the error: compiled alone, the first
        // that fails gives the message (as `regex::Regex::new` words it).
        let bad_pattern = || -> Result<(), String> {
            for p in plain.iter().chain(&with_unit) {
                Regex::new(p).map_err(|e| format!("bad pattern `{p}`: {e}"))?;
            }
            Ok(())
        };
        // The searchers of a new definition, built here so that a pattern
        // that does not compile is reported before anything else. Each
        // pattern is only parsed alone (compiling every one of them twice,
        // alone and in the searcher, was a third of the start-up); when one
        // does not parse, or the searcher cannot be built, `bad_pattern`
        // names the culprit.
        let sets = if known.is_none() {
            let parses = plain
                .iter()
                .chain(&with_unit)
                .all(|p| regex_syntax::Parser::new().parse(p).is_ok());
            if !parses {
                bad_pattern()?;
            }
            let build = |ps: &[String]| {
                PatternSet::new(ps).map_err(|e| format!("patterns of class `{}`: {e}", spec.en))
            };
            match (build(&plain), build(&with_unit)) {
                (Ok(a), Ok(b)) => Some((a, b)),
                (Err(e), _) | (_, Err(e)) => {
                    bad_pattern()?;
                    return Err(e);
                }
            }
        } else {
            None
        };
        let (mut done, mut reported, mut acted, mut pending, mut told, mut needed) =
            (false, false, false, false, false, false);
        for e in &spec.events {
            match e.as_str() {
                "done" => done = true,
                "reported" => reported = true,
                "acted" => acted = true,
                "pending" => pending = true,
                "told" => told = true,
                "needed" => needed = true,
                other => {
                    return Err(format!(
                        "class `{}`: unknown event `{other}` (done, reported, acted, pending, told, needed)",
                        spec.en
                    ));
                }
            }
        }
        if spec.phrases.is_empty()
            && spec.patterns.is_empty()
            && spec.columns.is_empty()
            && spec.events.is_empty()
            && spec.char_counts.is_empty()
        {
            return Err(format!(
                "class `{}` has no phrases, patterns, events, columns or char_counts",
                spec.en
            ));
        }
        if spec.zh.is_empty() || spec.en.is_empty() {
            return Err("a class needs `zh` and `en` names (or `extends`)".to_owned());
        }
        let m = match (known, sets) {
            (Some(m), _) => m,
            (None, None) => unreachable!("a new definition's searchers are built above"),
            (None, Some((patterns, unit_patterns))) => {
                let ac = if phrases.is_empty() {
                    None
                } else {
                    Some(
                        AhoCorasick::builder()
                            .match_kind(MatchKind::LeftmostLongest)
                            .build(&phrases)
                            .map_err(|e| e.to_string())?,
                    )
                };
                intern(
                    key,
                    Matcher {
                        id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
                        ac,
                        patterns,
                        unit_patterns,
                        negations: Suffixes::new(&spec.negations),
                        negation_gap: spec.negation_gap,
                        asserted: spec.asserted,
                        done,
                        reported,
                        acted,
                        pending,
                        told,
                        needed,
                        char_counts: spec.char_counts.clone(),
                        whole_words: spec.whole_words,
                        word_start: spec.word_start,
                        subjects: spec.subjects,
                        current: spec.current,
                        named_units: spec.named_units,
                    },
                )
            }
        };
        let self_named = if own.is_empty() {
            None
        } else {
            for p in &own {
                Regex::new(p).map_err(|e| format!("bad pattern `{p}`: {e}"))?;
            }
            let patterns = PatternSet::new(&own)
                .map_err(|e| format!("patterns of class `{}`: {e}", spec.en))?
                .ok_or_else(|| format!("class `{}`: empty `{{self}}` patterns", spec.en))?;
            Some(SelfNamed {
                patterns,
                unit: FieldRef::resolve(schema, "unit")?,
            })
        };
        let after = if spec.after.is_empty() {
            None
        } else {
            let alternation = spec
                .after
                .iter()
                .map(|p| format!("(?:{p})"))
                .collect::<Vec<_>>()
                .join("|");
            Some(Regex::new(&alternation).map_err(|e| format!("bad `after` pattern: {e}"))?)
        };
        Ok(Class {
            name: Text {
                zh: spec.zh.clone(),
                en: spec.en.clone(),
            },
            m,
            after,
            self_named,
            field: spec
                .field
                .as_deref()
                .map(|f| FieldRef::resolve(schema, f))
                .transpose()?,
            columns: spec
                .columns
                .iter()
                .map(|c| FieldRef::resolve(schema, c))
                .collect::<Result<_, _>>()?,
        })
    }

    /// The class's searchers: plain patterns, then `{unit}`/`{place}`
    /// patterns (read on the shadow text).
    pub fn pattern_sets(&self) -> impl Iterator<Item = &PatternSet> {
        self.m.patterns.iter().chain(&self.m.unit_patterns)
    }

    /// Byte range of the first occurrence in `text` that is not negated
    /// (nor, for an `asserted` class, outside asserted scope). Classes that
    /// read the analysis analyse the text here; see [`Class::find_in`].
    #[must_use]
    pub fn find(&self, text: &str) -> Option<(usize, usize)> {
        let offset = self.read_from(text)?;
        let rest = &text[offset..];
        let a = self.m.needs_analysis().then(|| Analysis::of(rest));
        self.find_in(rest, a.as_ref())
            .map(|(s, e)| (s + offset, e + offset))
    }

    /// Where in `text` the class starts reading: 0, or with `after` the end
    /// of the first marker (`None`: no marker, the class is absent).
    fn read_from(&self, text: &str) -> Option<usize> {
        match &self.after {
            None => Some(0),
            Some(re) => re.find(text).map(|m| m.end()),
        }
    }

    /// [`Class::find`] with the text's analysis given (shared between the
    /// rules that read one cell).
    #[must_use]
    pub fn find_in(&self, text: &str, a: Option<&Analysis>) -> Option<(usize, usize)> {
        self.m.find_with(text, &|| a)
    }
}

/// Searchers already built, by everything they depend on.
static MATCHERS: Mutex<BTreeMap<String, Arc<Matcher>>> = Mutex::new(BTreeMap::new());
static NEXT_ID: AtomicU32 = AtomicU32::new(0);

/// The searcher built for this key, if any.
fn interned(key: &str) -> Option<Arc<Matcher>> {
    MATCHERS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .get(key)
        .cloned()
}

/// Keep a searcher for its key (or the one another thread kept first).
fn intern(key: String, m: Matcher) -> Arc<Matcher> {
    MATCHERS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .entry(key)
        .or_insert_with(|| Arc::new(m))
        .clone()
}

impl Matcher {
    /// Whether finding this class needs the text analysis.
    fn needs_analysis(&self) -> bool {
        self.asserted
            || self.done
            || self.reported
            || self.acted
            || self.pending
            || self.told
            || self.needed
            || self.whole_words
            || self.word_start
            || self.subjects
            || self.current
            || self.unit_patterns.is_some()
    }

    /// Whether a match ending at `end` may close a name (see
    /// [`ClassSpec::whole_words`]): the word its last character belongs to
    /// does not end with a word that names no organisation (场所, 查处,
    /// 一处), and the match does not stop inside a noun (警示, 工序). A
    /// match inside a word of another kind is jieba's glue (雅畈所于 as
    /// 所于/c) and counts.
    fn ends_a_word(&self, a: Option<&Analysis>, text: &str, end: usize) -> bool {
        let Some(a) = a.filter(|_| self.whole_words) else {
            return true;
        };
        let i = a.tokens.partition_point(|t| t.end < end);
        let Some(t) = a.tokens.get(i).filter(|t| t.start < end) else {
            return true;
        };
        let lex = crate::text::Lexicon::get();
        if lex
            .non_org_suffixes
            .ends(&text[t.start..t.end.min(text.len())])
        {
            return false;
        }
        t.end == end || !matches!(t.pos.as_bytes().first(), Some(b'n' | b'v' | b'a' | b'j'))
    }

    /// Whether a listed phrase at `start..end` keeps to the words of the
    /// text (see [`ClassSpec::word_start`]).
    fn starts_a_word(&self, a: Option<&Analysis>, start: usize, end: usize) -> bool {
        let Some(a) = a.filter(|_| self.word_start) else {
            return true;
        };
        let i = a.tokens.partition_point(|t| t.end <= start);
        a.tokens
            .get(i)
            .is_none_or(|t| t.start >= start || end <= t.end)
    }

    fn negated(&self, text: &str, start: usize) -> bool {
        if self.negations.is_none() {
            return false;
        }
        // A negation right before the phrase, or with up to `negation_gap`
        // characters between (未能解决, 没有及时联系): the text before the
        // phrase, cut back by 0, 1, … `negation_gap` characters (to nothing
        // when it is shorter), ends with a negation. No copies: this runs
        // for every match of every class with negations.
        let head = &text[..start];
        let mut back = head.char_indices().rev();
        let mut end = head.len();
        for _ in 0..=self.negation_gap {
            let cut = &head[..end];
            if self.negations.ends(cut) {
                return true;
            }
            end = back.next().map_or(0, |(i, _)| i);
        }
        false
    }

    /// [`Class::find_in`], the analysis asked for only when a match or an
    /// event needs it (`a` gives `None` when the class reads none).
    fn find_with<'a>(
        &self,
        text: &str,
        a: &dyn Fn() -> Option<&'a Analysis>,
    ) -> Option<(usize, usize)> {
        let ok = |s: usize| {
            !self.negated(text, s)
                && (!self.asserted || a().is_none_or(|a| a.mood_at(s).asserted()))
                && (!self.current || a().is_none_or(|a| !a.not_current(text, s)))
                // In a class of promises, 将 read as the object marker
                // promises nothing (现将答复意见回复如下), nor does a match
                // that starts inside a noun (会 of 经园务会研究, 居委会).
                && (!(self.pending && self.asserted)
                    || a().is_none_or(|a| {
                        !a.object_marker_at(text, s) && !a.inside_a_noun(s)
                    }))
        };
        // In a class of things done (`done`, `reported` events), a match
        // whose act a later deferral waits on (已通知业主整改，待整改完成后
        // 再回复) reports nothing done.
        let of_done = self.asserted && (self.done || self.reported);
        // In a class of acts, a match ending inside a word of a unit's name
        // is part of the name (排水所维修班: 维修 of the crew 维修班, not a
        // repair).
        let settled = |e: usize| {
            (!of_done || a().is_none_or(|a| !a.awaits(text, e)))
                && (!self.asserted || a().is_none_or(|a| !a.inside_a_name(e)))
                && (!self.subjects || a().is_none_or(|a| !a.object_only(text, e)))
        };
        let mut best: Option<(usize, usize)> = None;
        let mut consider = |s: usize, e: usize| {
            if best.is_none_or(|(bs, _)| s < bs) {
                best = Some((s, e));
            }
        };
        if !self.char_counts.is_empty() && ok(0) && self.char_counts.contains(&text.chars().count())
        {
            consider(0, text.len());
        }
        if let Some(ac) = &self.ac {
            if let Some(m) = ac.find_iter(text).find(|m| {
                ok(m.start())
                    && settled(m.end())
                    && (!self.word_start || self.starts_a_word(a(), m.start(), m.end()))
            }) {
                consider(m.start(), m.end());
            }
        }
        if let Some(set) = &self.patterns {
            if let Some((s, e)) = set.find_iter(text).find(|&(s, e)| {
                ok(s) && settled(e) && (!self.whole_words || self.ends_a_word(a(), text, e))
            }) {
                consider(s, e);
            }
        }
        let wants_events = self.unit_patterns.is_some()
            || self.done
            || self.reported
            || self.acted
            || self.pending
            || self.told
            || self.needed;
        if let Some(a) = a().filter(|_| wants_events) {
            if let Some(re) = &self.unit_patterns {
                let (shadow, map) = if self.named_units {
                    a.shadow_named(text)
                } else {
                    a.shadow(text)
                };
                if let Some(m) = re
                    .find_iter(shadow)
                    .map(|(s, e)| (unshadow(map, s), unshadow(map, e)))
                    .find(|&(s, e)| ok(s) && settled(e))
                {
                    consider(m.0, m.1);
                }
            }
            if self.done {
                if let Some(e) = a.first_done() {
                    consider(e.start, e.end);
                }
            }
            let events = [
                (self.reported, a.first_reported()),
                (self.acted, a.first_acted()),
                (self.pending, a.first_pending()),
                (self.told, a.first_told()),
            ];
            for (wanted, e) in events {
                if let (true, Some(e)) = (wanted, e) {
                    consider(e.start, e.end);
                }
            }
            if self.needed {
                if let Some((s, e)) = a.first_needed(text) {
                    consider(s, e);
                }
            }
        }
        best
    }
}

impl Class {
    /// Whether the class is present for this row, given the checked text:
    /// its span in that text, or `Some(None)` when it was found in another
    /// field or by a column.
    fn present(&self, ctx: &RowCtx, text: &str) -> Option<Option<(usize, usize)>> {
        let on_target = self.field.is_none();
        self.locate(ctx, text)
            .map(|(span, _)| span.filter(|_| on_target))
    }

    /// Where the class is found: its span (in the text it reads: the
    /// checked text or its own field) and that text.
    #[allow(clippy::type_complexity)]
    fn locate<'t>(
        &self,
        ctx: &'t RowCtx,
        text: &'t str,
    ) -> Option<(Option<(usize, usize)>, &'t str)> {
        let whole = match &self.field {
            Some(f) => ctx.text(f),
            None => text,
        };
        // With `after`, only the text after the first marker is read, and
        // spans are given back in the whole text's offsets.
        let offset = self.read_from(whole)?;
        let subject = &whole[offset..];
        let found = ctx.found(self.m.id, subject, || {
            // Analysed on first need only: a class whose words do not occur
            // asks for no analysis.
            let analysis: OnceCell<Rc<Analysis>> = OnceCell::new();
            let needs = self.m.needs_analysis();
            self.m.find_with(subject, &|| {
                needs.then(|| &**analysis.get_or_init(|| ctx.analysis(subject)))
            })
        });
        let own = self.self_named.as_ref().and_then(|n| {
            let unit = ctx.text(&n.unit);
            if unit.is_empty() {
                return None;
            }
            let a = ctx.analysis(subject);
            let (shadow, map) = a.shadow(subject);
            n.patterns.find_iter(shadow).find_map(|(s, e)| {
                let (ts, te) = (unshadow(map, s), unshadow(map, e));
                let asserted =
                    !self.m.negated(subject, ts) && (!self.m.asserted || a.mood_at(ts).asserted());
                let names_row_unit =
                    shadow[s..e]
                        .match_indices(crate::text::UNIT_MARK)
                        .any(|(k, m)| {
                            let (us, ue) = (unshadow(map, s + k), unshadow(map, s + k + m.len()));
                            same_unit(&subject[us..ue], unit)
                        });
                (asserted && names_row_unit).then_some((ts, te))
            })
        });
        let found = match (found, own) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        if let Some((s, e)) = found {
            return Some((Some((s + offset, e + offset)), whole));
        }
        let column_says_yes = self.columns.iter().any(|c| {
            let v = ctx.text(c);
            !v.is_empty() && !NO_VALUES.contains(&v.to_lowercase().as_str())
        });
        column_says_yes.then_some((None, whole))
    }
}

/// Whether a unit named in a text and a row's handling unit name the same
/// unit: one holds the other, spaces aside (应急管理局 and 银川市应急管理局,
/// 塔西河灌区管理所 and 灌区管理所), or the shorter abbreviates the longer
/// (人防办 and 烟台市人民防空办公室); a name of one character holds nothing.
fn same_unit(named: &str, row: &str) -> bool {
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let (a, b) = (squeeze(named), squeeze(row));
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    let n = short.chars().count();
    n >= 2 && long.contains(short.as_str()) || n >= 3 && abbreviates(short, long)
}

/// Whether `short` reads as an abbreviation of `long` (人防办 of 烟台市人民防空
/// 办公室, 市监局 of 某市市场监督管理局): its characters stand in `long` in
/// order, and its last, the kind of unit, stands among `long`'s last three
/// (办 in 办公室, 局, 司 in 分公司), so 市政府 is no abbreviation of 某市人民
/// 政府办公室.
fn abbreviates(short: &str, long: &str) -> bool {
    let Some(kind) = short.chars().last() else {
        return false;
    };
    let tail: Vec<char> = long.chars().rev().take(3).collect();
    if !tail.contains(&kind) {
        return false;
    }
    let mut rest = long.chars();
    short.chars().all(|c| rest.any(|l| l == c))
}

/// A class with its `extends` resolved against the shared vocabulary.
///
/// # Errors
/// When the shared class does not exist.
pub fn resolve_extends(spec: &ClassSpec) -> Result<ClassSpec, String> {
    match &spec.extends {
        None => Ok(spec.clone()),
        Some(name) => {
            let base = super::classes::shared(name)?;
            Ok(spec.on_top_of(base))
        }
    }
}

#[derive(Debug)]
struct Target {
    field: FieldRef,
    when: Vec<Cond>,
    split_lines: bool,
    fire_on_empty: bool,
}

/// The compiled `phrases` check.
#[derive(Debug)]
pub struct Phrases {
    targets: Vec<Target>,
    min_chars: usize,
    trigger: Option<usize>,
    require: Vec<usize>,
    require_any: Vec<usize>,
    require_any_name: Option<Text>,
    forbid: Vec<usize>,
    unless: Vec<usize>,
    unless_after: Vec<usize>,
    deferral: Option<usize>,
    unless_deferred: Vec<usize>,
    first_finding_only: bool,
    classes: Vec<Class>,
    /// The other cells the classes read (`field`, `columns`, the handling
    /// unit of `{self}` patterns): with the text, all a verdict depends on.
    context: Vec<FieldRef>,
    /// Verdicts on texts already judged (see [`super::memo`]).
    memo: Memo<Option<Arc<Outcome>>>,
}

/// What the rule concluded on one text, in byte offsets of that text.
#[derive(Debug)]
struct Outcome {
    span: Option<(usize, usize)>,
    detail: String,
    args: Vec<(&'static str, String)>,
}

/// Verdicts a rule remembers (about 1 MB per rule at most).
const MEMO_CAPACITY: usize = 32 * 1024;

impl Phrases {
    /// # Errors
    /// Unknown class or field, bad regex, no target, nothing to check.
    pub fn compile(spec: PhrasesSpec, schema: &Schema) -> Result<Self, String> {
        // Classes named by the rule but not defined in it come from the
        // shared vocabulary (`rules/classes/`).
        let mut specs: Vec<(String, ClassSpec)> = Vec::new();
        for (name, c) in &spec.classes {
            specs.push((name.clone(), resolve_extends(c)?));
        }
        let referenced = spec
            .trigger
            .iter()
            .chain(&spec.require)
            .chain(&spec.require_any)
            .chain(&spec.forbid)
            .chain(&spec.unless)
            .chain(&spec.unless_after)
            .chain(&spec.deferral)
            .chain(&spec.unless_deferred);
        for name in referenced {
            if !specs.iter().any(|(n, _)| n == name) {
                let shared = super::classes::shared(name).map_err(|e| {
                    format!("`{name}` is not defined under [check.classes] nor shared: {e}")
                })?;
                specs.push((name.clone(), shared.clone()));
            }
        }
        let names: Vec<&String> = specs.iter().map(|(n, _)| n).collect();
        let mut classes = Vec::new();
        for (name, c) in &specs {
            classes.push(Class::compile(c, schema).map_err(|e| format!("class `{name}`: {e}"))?);
        }
        let idx = |n: &String| {
            names
                .iter()
                .position(|k| *k == n)
                .ok_or_else(|| format!("`{n}` is not defined under [check.classes]"))
        };
        let list = |v: &[String]| v.iter().map(idx).collect::<Result<Vec<_>, _>>();
        let mut targets = Vec::new();
        if let Some(f) = &spec.field {
            targets.push(TargetSpec {
                field: f.clone(),
                when: spec.when.clone(),
                split_lines: spec.split_lines,
                fire_on_empty: spec.fire_on_empty,
            });
        } else if !spec.when.is_empty() {
            return Err("`when` without `field`: put it inside [[check.targets]]".to_owned());
        }
        targets.extend(spec.targets);
        if targets.is_empty() {
            return Err("give `field` or [[check.targets]]".to_owned());
        }
        let targets = targets
            .into_iter()
            .map(|t| {
                Ok(Target {
                    field: FieldRef::resolve(schema, &t.field)?,
                    when: Cond::compile_all(&t.when, schema)?,
                    split_lines: t.split_lines,
                    fire_on_empty: t.fire_on_empty,
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        let p = Phrases {
            targets,
            min_chars: spec.min_chars,
            trigger: spec.trigger.as_ref().map(idx).transpose()?,
            require: list(&spec.require)?,
            require_any: list(&spec.require_any)?,
            require_any_name: spec.require_any_name.clone(),
            forbid: list(&spec.forbid)?,
            unless: list(&spec.unless)?,
            unless_after: list(&spec.unless_after)?,
            deferral: spec.deferral.as_ref().map(idx).transpose()?,
            unless_deferred: list(&spec.unless_deferred)?,
            first_finding_only: spec.first_finding_only,
            context: classes
                .iter()
                .flat_map(|c| {
                    c.field
                        .iter()
                        .chain(&c.columns)
                        .chain(c.self_named.as_ref().map(|n| &n.unit))
                })
                .cloned()
                .collect(),
            classes,
            memo: Memo::new(MEMO_CAPACITY),
        };
        if p.trigger.is_none()
            && p.require.is_empty()
            && p.require_any.is_empty()
            && p.forbid.is_empty()
        {
            return Err(
                "give at least one of `trigger`, `require`, `require_any`, `forbid`".to_owned(),
            );
        }
        Ok(p)
    }

    #[must_use]
    pub fn tables(&self) -> Vec<TableKind> {
        let mut k: Vec<TableKind> = self.targets.iter().map(|t| t.field.kind).collect();
        k.sort();
        k.dedup();
        k
    }

    /// The class list, for tests and tooling.
    #[must_use]
    pub fn classes(&self) -> &[Class] {
        &self.classes
    }

    pub fn check_row(&self, ctx: &RowCtx, out: &mut Vec<Finding>) {
        let before = out.len();
        for t in &self.targets {
            if self.first_finding_only && out.len() > before {
                break;
            }
            let Some(cell) = ctx.cell(&t.field) else {
                continue;
            };
            if !all_hold(&t.when, ctx) {
                continue;
            }
            if cell.trim().is_empty() {
                // An empty cell is a finding unless a class read from
                // another column says the case is not this rule's (an
                // emergency told in the appeal is GD305's, even when the
                // reason was left empty).
                let excused = || {
                    self.unless.iter().any(|&u| {
                        self.classes[u].field.is_some()
                            && self.classes[u].present(ctx, "").is_some()
                    })
                };
                if t.fire_on_empty && !excused() {
                    let mut f = Finding::at(t.field.id, ctx.say("没有填写", "it is empty"));
                    f.args.push(("missing", self.require_names(ctx.lang)));
                    out.push(f);
                }
                continue;
            }
            if t.split_lines && self.several_statements(ctx, cell) {
                for (start, end) in statements(cell) {
                    self.check_text(ctx, t, &cell[start..end], start, out);
                }
            } else {
                self.check_text(ctx, t, cell, 0, out);
            }
        }
    }

    /// Whether a multi-line cell holds several statements (one return per
    /// line) rather than one statement laid out over lines (理由：…⏎依据：…
    /// ⏎建议…): several when some line is complete on its own, so the
    /// writer put a whole statement on a line; then every line is judged.
    /// Two or more lines that open with a part's label (依据：, 建议承办
    /// 单位：) make one statement whatever a single line holds.
    fn several_statements(&self, ctx: &RowCtx, cell: &str) -> bool {
        let lines: Vec<&str> = cell.split('\n').filter(|l| !l.trim().is_empty()).collect();
        let labelled = lines.iter().filter(|l| labelled_line(l)).count();
        let parts = statements(cell);
        parts.len() >= 2
            && labelled < 2
            && parts.iter().any(|&(s, e)| {
                self.require
                    .iter()
                    .all(|&r| self.classes[r].present(ctx, &cell[s..e]).is_some())
            })
    }

    /// Names of every `require` class, for a finding on an empty cell.
    fn require_names(&self, lang: crate::report::Lang) -> String {
        self.require
            .iter()
            .map(|&r| self.classes[r].name.get(lang))
            .collect::<Vec<_>>()
            .join(lang.pick("、", ", "))
    }

    /// Check one text; `base` is its byte offset inside the cell.
    fn check_text(
        &self,
        ctx: &RowCtx,
        t: &Target,
        text: &str,
        base: usize,
        out: &mut Vec<Finding>,
    ) {
        let trimmed = text.trim();
        if trimmed.is_empty() || trimmed.chars().count() < self.min_chars {
            return;
        }
        let mut key = KeyBuilder::default();
        key.add(text)
            .add(&t.split_lines)
            .add(&(ctx.lang == Lang::Zh));
        for f in &self.context {
            key.add(ctx.text(f));
        }
        let key = key.key();
        let outcome = match self.memo.get(key) {
            Some(o) => o,
            None => {
                let o = self.judge(ctx, t.split_lines, text).map(Arc::new);
                self.memo.insert(key, o.clone());
                o
            }
        };
        let Some(o) = outcome else {
            return;
        };
        let cell = ctx.cell(&t.field).unwrap_or("");
        out.push(Finding {
            field: Some(t.field.id),
            span: o.span.map(|(s, e)| Span {
                start: cell[..base + s].chars().count(),
                end: cell[..base + e].chars().count(),
            }),
            detail: o.detail.clone(),
            args: o.args.clone(),
            ..Finding::default()
        });
    }

    /// The rule's verdict on one text: `None` when it does not fire.
    fn judge(&self, ctx: &RowCtx, split_lines: bool, text: &str) -> Option<Outcome> {
        let mut span = None;
        let mut args: Vec<(&'static str, String)> = Vec::new();
        let mut trigger_end = None;
        let deferred = self
            .deferral
            .and_then(|d| self.classes[d].present(ctx, text));
        if let Some(tr) = self.trigger {
            match deferred.or_else(|| self.classes[tr].present(ctx, text)) {
                None => return None,
                Some(at) => {
                    if let Some((s, e)) = at {
                        span = Some((s, e));
                        args.push(("matched", text[s..e].to_owned()));
                        trigger_end = Some(e);
                    }
                }
            }
        }
        let unless = if deferred.is_some() {
            &self.unless_deferred
        } else {
            &self.unless
        };
        if unless
            .iter()
            .any(|&u| self.classes[u].present(ctx, text).is_some())
        {
            return None;
        }
        if let Some(mut e) = trigger_end {
            // After the trigger's last match in its sentence: 历史遗留问题，
            // 原开发企业已注销，暂时无法解决 still leaves the matter open.
            if let Some(tr) = self.trigger.filter(|_| !self.unless_after.is_empty()) {
                loop {
                    let rest = &text[e..];
                    let stop = rest
                        .find(['。', '！', '？', '；', '!', '?', ';', '\n'])
                        .unwrap_or(rest.len());
                    match self.classes[tr].present(ctx, rest) {
                        Some(Some((s2, e2))) if s2 < stop && e2 > 0 => e += e2,
                        _ => break,
                    }
                }
            }
            let rest = &text[e..];
            if self
                .unless_after
                .iter()
                .any(|&u| self.classes[u].present(ctx, rest).is_some())
            {
                return None;
            }
        }
        let lang = ctx.lang;
        let mut reasons: Vec<String> = Vec::new();
        let mut missing: Vec<&str> = Vec::new();
        // The parts that were found, with the words that showed them, so a
        // clerk sees what the judgement rests on.
        let mut evidence: Vec<String> = Vec::new();
        // With a name for the alternatives, the first one present is shown
        // among the parts found, and their absence is one missing part.
        let mut any_missing = false;
        if !self.require_any.is_empty() {
            let first = self
                .require_any
                .iter()
                .find_map(|&r| self.classes[r].present(ctx, text).map(|at| (r, at)));
            match (&self.require_any_name, first) {
                (_, None) => any_missing = true,
                (Some(name), Some((_, Some((s, e))))) => {
                    evidence.push(quoted(ctx, name.get(lang), &text[s..e]));
                }
                (Some(name), Some((r, None))) => {
                    evidence.push(elsewhere(
                        ctx,
                        name.get(lang),
                        self.classes[r].field.as_ref(),
                    ));
                }
                (None, Some(_)) => {}
            }
        }
        for &r in &self.require {
            let class = &self.classes[r];
            match class.present(ctx, text) {
                None => missing.push(class.name.get(lang)),
                Some(Some((s, e))) => {
                    evidence.push(quoted(ctx, class.name.get(lang), &text[s..e]));
                }
                Some(None) => {
                    evidence.push(elsewhere(ctx, class.name.get(lang), class.field.as_ref()))
                }
            }
        }
        // The parts found, said once: after the first missing part named.
        let found_note = if evidence.is_empty() {
            String::new()
        } else {
            let list = evidence.join(lang.pick("、", ", "));
            ctx.say(format!("（已有：{list}）"), format!(" (found: {list})"))
        };
        if !missing.is_empty() {
            let joined = missing.join(lang.pick("、", ", "));
            let found = &found_note;
            reasons.push(ctx.say(
                format!("缺少{joined}{found}"),
                format!("missing {joined}{found}"),
            ));
            args.push(("missing", joined));
        }
        if any_missing {
            let joined = match &self.require_any_name {
                Some(name) => name.get(lang).to_owned(),
                None => self
                    .require_any
                    .iter()
                    .map(|&r| self.classes[r].name.get(lang))
                    .collect::<Vec<_>>()
                    .join(lang.pick("或", " or ")),
            };
            let found = if missing.is_empty() {
                found_note.as_str()
            } else {
                ""
            };
            reasons.push(ctx.say(
                format!("没有{joined}{found}"),
                format!("no {joined}{found}"),
            ));
            args.push(("missing_any", joined));
        }
        let mut found: Vec<String> = Vec::new();
        let mut found_words: Vec<String> = Vec::new();
        for &f in &self.forbid {
            let class = &self.classes[f];
            if let Some((found_at, whole)) = class.locate(ctx, text) {
                // Quoted with the words that showed it, wherever they stand
                // (a concrete place and problem in the appeal, a denial in
                // the callback), so a clerk sees what was read.
                let words = found_at.and_then(|(s, e)| whole.get(s..e));
                let at = found_at.filter(|_| class.field.is_none());
                found.push(match words {
                    Some(w) => quoted(ctx, class.name.get(lang), w),
                    None => class.name.get(lang).to_owned(),
                });
                if let Some(w) = words {
                    let e = excerpt(w);
                    found_words.push(ctx.say(format!("「{e}」"), format!("\u{201c}{e}\u{201d}")));
                }
                if span.is_none() {
                    span = at;
                }
            }
        }
        if !found.is_empty() {
            let joined = found.join(lang.pick("、", ", "));
            reasons.push(ctx.say(format!("出现{joined}"), format!("has {joined}")));
            args.push(("found", joined));
            // The words alone, for a message that names the class itself.
            args.push(("found_words", found_words.join(lang.pick("、", ", "))));
        }
        let only_trigger =
            self.require.is_empty() && self.require_any.is_empty() && self.forbid.is_empty();
        if reasons.is_empty() && !only_trigger {
            return None;
        }
        if span.is_none() && split_lines {
            span = Some((0, text.trim_end().len()));
        }
        Some(Outcome {
            span,
            detail: reasons.join(lang.pick("；", "; ")),
            args,
        })
    }
}

/// At most twelve characters of a match, for a finding's evidence.
fn excerpt(s: &str) -> String {
    let n = s.chars().count();
    if n <= 12 {
        s.to_owned()
    } else {
        let head: String = s.chars().take(11).collect();
        format!("{head}…")
    }
}

/// A part found in the text, with the words that showed it.
fn quoted(ctx: &RowCtx<'_>, name: &str, words: &str) -> String {
    let e = excerpt(words);
    ctx.say(
        format!("{name}「{e}」"),
        format!("{name} \u{201c}{e}\u{201d}"),
    )
}

/// A part found in another column of the row, named with the column's
/// header and the start of its text ("「不予受理原因」列中的原因说明「…」").
fn elsewhere(ctx: &RowCtx<'_>, name: &str, field: Option<&FieldRef>) -> String {
    let column = field
        .filter(|f| f.kind == ctx.meta.kind)
        .and_then(|f| ctx.meta.column(f.id))
        .map(|c| ctx.meta.header(c).trim().to_owned())
        .filter(|h| !h.is_empty());
    let text = field.map_or("", |f| ctx.text(f));
    let (zh_quote, en_quote) = if text.is_empty() {
        (String::new(), String::new())
    } else {
        let e = excerpt(text);
        (format!("「{e}」"), format!(": \u{201c}{e}\u{201d}"))
    };
    match column {
        Some(h) => ctx.say(
            format!("「{h}」列中的{name}{zh_quote}"),
            format!("{name} in column \u{201c}{h}\u{201d}{en_quote}"),
        ),
        None => ctx.say(
            format!("其他列中的{name}{zh_quote}"),
            format!("{name} in another column{en_quote}"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_keep_a_labelled_line_and_numbered_items_with_what_they_continue() {
        let parts = |cell: &str| -> Vec<String> {
            statements(cell)
                .into_iter()
                .map(|(s, e)| cell[s..e].to_owned())
                .collect()
        };
        // One return per line: two statements.
        assert_eq!(
            parts("不属我局职责，依据三定方案，建议转市监局。\n不属我局职责，依据三定方案，建议转住建局。").len(),
            2
        );
        // A suggested unit on its own labelled line belongs to the return above.
        assert_eq!(
            parts("不属铁路车站职责。依据《…规定》。\n建议承办单位：青岛市交通运输综合执法支队。")
                .len(),
            1
        );
        // A line ending in a colon runs on; numbered items continue it.
        // and a line opening with a part's word (建议改派…) goes on too.
        let p = parts(
            "经现场核实：\n1.属建筑物内部排水设施；\n（2）依据《条例》；\n三是由街道托管。\n建议改派桥东街道办事处。",
        );
        assert_eq!(p.len(), 1, "{p:?}");
        let p = parts("经现场核实：\n1.属建筑物内部排水设施。\n该小区无物业。");
        assert_eq!(p.len(), 2, "{p:?}");
        assert!(p[0].ends_with("设施。\n"), "{p:?}");
        // A line summing up the items above concludes their statement.
        let p = parts(
            "一、需调取档案，约需5个工作日；\n二、需约谈产权单位。\n综上，申请延期至6月20日。",
        );
        assert_eq!(p.len(), 1, "{p:?}");
        // After numbered items, the request itself concludes them; not
        // after a statement of its own.
        let p =
            parts("1.需征求两村意见；\n2.需召开协调会。\n预计9月20日前办结，申请延期至9月20日。");
        assert_eq!(p.len(), 1, "{p:?}");
        let p = parts(
            "需调取档案，约需5个工作日，申请延期至6月1日。\n申请延期至6月20日，需等待检测报告。",
        );
        assert_eq!(p.len(), 2, "{p:?}");
        let p = parts("需调取档案，约需5个工作日。\n因此申请延期至6月20日。");
        assert_eq!(p.len(), 1, "{p:?}");
        // Not a line that merely holds such a word further on.
        let p = parts("需调取档案，约需5个工作日。\n申请延期，因此暂缓回复。");
        assert_eq!(p.len(), 2, "{p:?}");
    }

    #[test]
    fn a_unit_named_and_the_rows_unit_are_the_same_when_one_holds_the_other() {
        assert!(same_unit("应急管理局", "银川市应急管理局"));
        assert!(same_unit("塔西河灌区管理所", "灌区管理所"));
        assert!(same_unit("应急 管理局", "应急管理局"));
        assert!(!same_unit("应急管理局", "银川市住房和城乡建设局"));
        assert!(!same_unit("物业公司", "某县林草局"));
        // One character names nothing.
        assert!(!same_unit("局", "银川市应急管理局"));
        assert!(same_unit("人防办", "烟台市人民防空办公室"));
        assert!(same_unit("市监局", "某市市场监督管理局"));
        assert!(!same_unit("市政府", "某市人民政府办公室"));
        assert!(!same_unit("住建局", "某市应急管理局"));
        assert!(!same_unit("市局", "某市应急管理局"));
    }

    fn class(phrases: &[&str], patterns: &[&str], negations: &[&str]) -> Class {
        let spec = ClassSpec {
            zh: "测".into(),
            en: "t".into(),
            phrases: phrases.iter().map(|s| (*s).to_owned()).collect(),
            patterns: patterns.iter().map(|s| (*s).to_owned()).collect(),
            field: None,
            columns: vec![],
            negations: negations.iter().map(|s| (*s).to_owned()).collect(),
            negation_gap: 1,
            ..ClassSpec::default()
        };
        Class::compile(&spec, &Schema::builtin().unwrap()).unwrap()
    }

    #[test]
    fn finds_phrases_and_patterns() {
        let c = class(&["不属于"], &[r"〔\d{4}〕\d+号"], &[]);
        assert!(c.find("此处不属于我公司责任范围").is_some());
        assert!(c.find("依据邵市政办发〔2023〕11号").is_some());
        assert!(c.find("已经修好").is_none());
    }

    #[test]
    fn char_counts_match_the_whole_text_length() {
        let spec = ClassSpec {
            zh: "截断".into(),
            en: "cut".into(),
            char_counts: vec![5, 200],
            ..ClassSpec::default()
        };
        let c = Class::compile(&spec, &Schema::builtin().unwrap()).unwrap();
        assert_eq!(c.find("已经清理。"), Some((0, "已经清理。".len())));
        assert!(c.find("已经清理").is_none(), "four characters");
        assert!(c.find(&"字".repeat(200)).is_some());
        assert!(c.find(&"字".repeat(201)).is_none());
    }

    #[test]
    fn whole_words_keeps_names_and_drops_word_middles() {
        let spec = ClassSpec {
            zh: "单位".into(),
            en: "unit".into(),
            patterns: vec![r"[\p{Han}]{1,10}(所|站|队|处)".into()],
            whole_words: true,
            ..ClassSpec::default()
        };
        let c = Class::compile(&spec, &Schema::builtin().unwrap()).unwrap();
        assert!(c.find("城关派出所民警到场").is_some());
        // 所 inside 场所, 处 of 查处: no unit.
        assert!(c.find("对该公司经营场所进行检查").is_none());
        assert!(c.find("依法立案查处").is_none());
        let loose = ClassSpec {
            whole_words: false,
            ..spec
        };
        let c = Class::compile(&loose, &Schema::builtin().unwrap()).unwrap();
        assert!(c.find("对该公司经营场所进行检查").is_some());
    }

    #[test]
    fn word_start_drops_a_word_inside_another() {
        let spec = ClassSpec {
            zh: "原因".into(),
            en: "cause".into(),
            phrases: vec!["调解".into(), "住院".into()],
            word_start: true,
            ..ClassSpec::default()
        };
        let c = Class::compile(&spec, &Schema::builtin().unwrap()).unwrap();
        assert!(c.find("当事人住院治疗，无法到场").is_some());
        assert!(c.find("双方需调解，约需5天").is_some());
        assert!(c.find("正在积极协调解决中").is_none());
        let c2 = Class::compile(
            &ClassSpec {
                phrases: vec!["降雨".into()],
                ..spec.clone()
            },
            &Schema::builtin().unwrap(),
        )
        .unwrap();
        assert!(c2.find("受连续强降雨影响").is_some());
        let loose = ClassSpec {
            word_start: false,
            ..spec
        };
        let c = Class::compile(&loose, &Schema::builtin().unwrap()).unwrap();
        assert!(c.find("正在积极协调解决中").is_some());
    }

    #[test]
    fn negations_hide_an_occurrence() {
        let c = class(&["解决"], &[], &["未", "无法", "没有"]);
        assert!(c.find("问题已解决").is_some());
        assert!(c.find("问题未解决").is_none());
        assert!(c.find("暂时无法解决").is_none());
        assert!(
            c.find("未能解决").is_none(),
            "one character between is still negated"
        );
        let narrow = class(&["诉讼"], &[], &["尚未"]);
        assert!(
            narrow.find("尚未进入诉讼程序").is_some(),
            "gap 1 does not reach two characters"
        );
        let spec = ClassSpec {
            zh: "测".into(),
            en: "t".into(),
            phrases: vec!["诉讼".into()],
            negations: vec!["尚未".into()],
            negation_gap: 2,
            ..ClassSpec::default()
        };
        let wide = Class::compile(&spec, &Schema::builtin().unwrap()).unwrap();
        assert!(wide.find("尚未进入诉讼程序").is_none());
        assert!(
            c.find("没有解决，后来已解决").is_some(),
            "a later plain occurrence counts"
        );
    }

    #[test]
    fn a_class_after_a_marker_reads_only_what_follows_it() {
        let spec = ClassSpec {
            zh: "测".into(),
            en: "t".into(),
            phrases: vec!["清扫".into()],
            after: vec!["但是?".into(), "考虑到".into()],
            ..ClassSpec::default()
        };
        let c = Class::compile(&spec, &Schema::builtin().unwrap()).unwrap();
        // Found after the marker, with its span in the whole text.
        let t = "不属于我单位职责，但已组织清扫。";
        let (s, e) = c.find(t).unwrap();
        assert_eq!(&t[s..e], "清扫");
        // Before the marker, or with no marker at all, it is absent.
        assert_eq!(c.find("已组织清扫，但不属于我单位职责。"), None);
        assert_eq!(c.find("已组织清扫。"), None);
    }
}
