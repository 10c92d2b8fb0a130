//! The closed word classes of `rules/data/language.toml`, loaded once.

use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::OnceLock;

use serde::Deserialize;

/// A bit per (last two bytes, length) of the words of a set, so that a
/// word the set cannot hold is turned away with a bit test instead of
/// hashing it: the analysis asks a dozen sets about every word of every
/// text, and almost every answer is no. Never a false no. (Bytes, not
/// characters: the last two bytes of a Chinese character carry twelve of
/// its bits, and nothing is decoded.)
#[derive(Debug, Clone)]
struct Filter([u64; 64]);

impl Default for Filter {
    fn default() -> Self {
        Filter([0; 64])
    }
}

impl Filter {
    #[inline]
    fn bit(w: &str) -> usize {
        let b = w.as_bytes();
        let n = b.len();
        let last = if n > 0 { u32::from(b[n - 1]) } else { 0 };
        let before = if n > 1 { u32::from(b[n - 2]) } else { 0 };
        let h = (last | before << 8 | (n as u32) << 16).wrapping_mul(0x9E37_79B1);
        // The top 12 bits: one of 4,096.
        (h >> 20) as usize
    }

    fn add(&mut self, w: &str) {
        let b = Filter::bit(w);
        self.0[b / 64] |= 1 << (b % 64);
    }

    #[inline]
    fn may_hold(&self, w: &str) -> bool {
        let b = Filter::bit(w);
        self.0[b / 64] & (1 << (b % 64)) != 0
    }
}

/// A set of words, looked up by the word jieba produced.
#[derive(Debug, Default)]
pub struct Words(FxHashSet<String>, Filter);

impl Words {
    #[must_use]
    #[inline]
    pub fn contains(&self, w: &str) -> bool {
        self.1.may_hold(w) && self.0.contains(w)
    }

    pub fn iter(&self) -> impl Iterator<Item = &String> {
        self.0.iter()
    }
}

impl<'de> Deserialize<'de> for Words {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let set: FxHashSet<String> = Vec::<String>::deserialize(d)?.into_iter().collect();
        let mut filter = Filter::default();
        for w in &set {
            filter.add(w);
        }
        Ok(Words(set, filter))
    }
}

/// The grammar words the analysis reads (see the data file's comments).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lexicon {
    pub clause_breaks: Words,
    pub soft_breaks: Words,
    pub continuers: Words,
    pub perfective: Words,
    pub narrative: Words,
    pub prospective: Words,
    pub irrealis: Words,
    pub negators: Words,
    pub necessity: Words,
    pub vague_steps: Words,
    pub completion: Words,
    pub light_verbs: Words,
    pub directive_verbs: Words,
    pub dummy_verbs: Words,
    pub attributive_heads: Words,
    pub telling_verbs: Words,
    pub org_heads: Vec<String>,
    pub place_heads: Vec<String>,
    pub agent_heads: Vec<String>,
    pub generic_heads: Words,
    pub generic_modifiers: Words,
    /// Words that, right before a unit's head, leave it unnamed whatever
    /// stands before them (当地有关部门).
    pub vague_modifiers: Words,
    pub own_markers: Words,
    pub user_words: Vec<(String, String)>,
    /// Dictionary words that are two words run together in tickets (后会):
    /// given the lowest frequency so that jieba cuts them apart.
    pub split_words: Words,
    /// Words of a labelled part of a statement laid out over lines
    /// (理由：…⏎依据：…⏎建议承办单位：…).
    pub part_labels: Vec<String>,
    /// Words that open a line summing up the lines before it (综上, 因此):
    /// such a line concludes their statement rather than making its own.
    pub summing_openers: Vec<String>,
    /// Openers of a line making the request itself (申请延期…, 预计…): after
    /// numbered items, their statement's conclusion.
    pub conclusion_openers: Vec<String>,
    /// Common words that end like an organisation (场所, 查处, 一处, 网站)
    /// and never name one, nor does a word ending with them (经营场所,
    /// 立案查处).
    pub non_org_words: Vec<String>,
    /// Words naming the citizen a ticket serves, and the titles after a
    /// name that do (张先生): the `{citizen}` placeholder of class patterns.
    pub citizen_words: Vec<String>,
    /// Verbs that tell no step of handling (办结, 办理完毕, 反映, 经).
    pub no_handling: Words,
    /// Determiners: a verb after one is a noun (上述安排).
    pub determiners: Words,
    /// Causal markers (因, 由于): the verbs after one in its clause tell a
    /// cause, no events.
    pub causal_markers: Words,
    /// Verbs of consequence (导致, 造成): the verbs before one in its clause
    /// tell the cause, no events.
    pub consequence_verbs: Words,
    /// Verbs of saying (表示, 称): what follows one in its clause is what
    /// someone said (店主表示配合, 物业称会尽快更换), not an act reported.
    pub saying_verbs: Words,
    /// Verbs of giving (提供, 发送): with a piece of information as their
    /// object (`info_nouns`) they tell the citizen something, they do no
    /// work (向其提供了市发改委价格咨询电话).
    pub giving_verbs: Words,
    /// Pieces of information a unit gives the citizen (电话, 渠道, 途径).
    pub info_nouns: Words,
    /// Words that make a word of promise after them history (原计划, 原本
    /// 打算): what was once planned, not a promise.
    pub retrospective: Words,
    /// Words of supposition that open a clause (如遇, 万一, 一旦): what the
    /// clause tells is no present state (如遇危险请拨打110).
    pub hypothetical: Words,
    /// Words of prospect that also predict (会): before a verb of effect
    /// (`effect_verbs`, or a verb of consequence) they promise nothing.
    pub predictive: Words,
    /// Verbs of what a state brings about (影响, 产生, 带来).
    pub effect_verbs: Words,
    /// Object markers (把, and 将 where it is not "will"): 已将垃圾清运完毕
    /// hands its object to the verb after it; a negator before one does
    /// not deny a plan, and no preposition's object starts at one.
    pub object_markers: Words,
    /// Words that open a clause of purpose (为尽快查清，…): a promise or
    /// a prospect in it is not carried over its comma.
    pub purpose_openers: Words,
    /// Words that open a request (请, 敬请): a clause starting with one is a
    /// speech act of its own, outside a promise carried from before
    /// (正在走流程，请耐心等待).
    pub request_openers: Words,
    /// Two-character function words the HMM glues to an unknown word after
    /// them (应由|维保单位, 交由|养护方): such a word is cut again.
    pub glue_prefixes: Words,
    /// Words of prospect that also mean "lately" (近期): in a sentence that
    /// tells an act done (了, 已, 过) they report, they promise nothing.
    pub ambiguous_prospective: Words,
    /// Bare acknowledgements (收到, 知悉): a clause of one of them alone
    /// makes 立即/马上 in the next clause a promise (收到，马上安排人处理).
    pub acknowledgements: Words,
    /// Nouns jieba's dictionary tags as verbs (位置): read as nouns.
    pub noun_words: Words,
    /// Marks that end a label (联系情况：…): a verb right before one names a
    /// part of the statement, it does nothing.
    pub label_marks: Words,
    /// Units of measure and number words (元, 米, %, 万): a dotted number
    /// before one is a quantity (9.12元), not a month and day.
    pub quantity_units: Vec<String>,
    /// Adverbial words tagged as nouns (依法): 将 before one is no object
    /// marker.
    pub adverbial_nouns: Words,
    /// Condition adverbs (一经): the verb right after one is a condition,
    /// no event.
    pub condition_adverbs: Words,
    /// Topic markers (关于): what follows names the matter, up to a topic
    /// head (问题, 事项) or the clause's end: no events (关于您反映的项目
    /// 夜间施工扰民问题).
    pub topic_markers: Words,
    /// Nouns that close a topic (问题, 情况, 诉求).
    pub topic_heads: Words,
    /// Verbs of attitude (重视, 关注): the verbs after one in its clause are
    /// its object, no events.
    pub attitude_verbs: Words,
    /// Verbs of finding out (了解, 询问): a verb right after one, before a
    /// noun, names what was asked about.
    pub inquiry_verbs: Words,
    /// Verbs of handing over (转交, 送达): 将 + verb + one is the object marker.
    pub handing_verbs: Words,
    /// Organisation heads tagged a verb, a head only after a noun (办).
    pub noun_bound_heads: Words,
    /// Prepositions jieba glues to an administrative level (向区), and the
    /// levels: not part of a unit's name at its left edge.
    pub glued_prepositions: Words,
    /// Function characters jieba's HMM glues to a neighbour (科于, 日到):
    /// a word it made that starts or ends with one is cut again.
    pub glue_chars: String,
    pub admin_levels: Words,
    pub citizen_titles: Vec<String>,
    /// `org_heads`, `place_heads` and `agent_heads` as sets, for
    /// [`Suffixes::ends`] (built on load).
    #[serde(skip)]
    pub org_suffixes: Suffixes,
    #[serde(skip)]
    pub place_suffixes: Suffixes,
    #[serde(skip)]
    pub agent_suffixes: Suffixes,
    #[serde(skip)]
    pub non_org_suffixes: Suffixes,
    /// Every word's [`Class`] (built on load).
    #[serde(skip)]
    classes: Classes,
    /// `glue_chars` as a bit per code point up to the highest (built on
    /// load).
    #[serde(skip)]
    glue: Vec<u64>,
}

/// Head words looked up by the word's own suffixes: whether a word ends
/// with any of them costs a few set lookups (one per suffix of the word no
/// longer than the longest head), not one comparison per head.
#[derive(Debug, Default)]
pub struct Suffixes {
    set: FxHashSet<String>,
    /// The heads' [`Filter`].
    filter: Filter,
    /// Bytes of the longest head.
    longest: usize,
    /// Whether an empty head is listed (then every word ends with one).
    empty: bool,
}

impl Suffixes {
    #[must_use]
    pub fn new(heads: &[String]) -> Suffixes {
        let mut filter = Filter::default();
        for h in heads {
            filter.add(h);
        }
        Suffixes {
            set: heads.iter().cloned().collect(),
            filter,
            longest: heads.iter().map(String::len).max().unwrap_or(0),
            empty: heads.iter().any(String::is_empty),
        }
    }

    /// Whether no head is listed (then no word ends with one).
    #[must_use]
    pub fn is_none(&self) -> bool {
        self.set.is_empty() && !self.empty
    }

    /// Same as `heads.iter().any(|h| w.ends_with(h))`. Walks back from
    /// the end, so a long text costs no more than a word.
    #[must_use]
    pub fn ends(&self, w: &str) -> bool {
        if self.empty {
            return true;
        }
        suffixes(w, self.longest).any(|(_, s)| self.filter.may_hold(s) && self.set.contains(s))
    }
}

/// The suffixes of `w` no longer than `longest` bytes, shortest first, each
/// with its start in `w`.
fn suffixes(w: &str, longest: usize) -> impl Iterator<Item = (usize, &str)> {
    w.char_indices()
        .rev()
        .map(move |(i, _)| (i, &w[i..]))
        .take_while(move |(i, _)| w.len() - i <= longest)
}

/// What a word is to the analysis, as bits: the closed classes of the
/// lexicon it belongs to, and the heads it ends with. Worked out by one
/// lookup of the word and one walk over its suffixes ([`Lexicon::class`]),
/// so the analysis asks about a word once, not a dozen sets at several
/// places.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Class(u64);

impl Class {
    pub const CLAUSE_BREAK: Class = Class(1 << 0);
    pub const SOFT_BREAK: Class = Class(1 << 1);
    pub const CONTINUER: Class = Class(1 << 2);
    pub const PERFECTIVE: Class = Class(1 << 3);
    pub const NARRATIVE: Class = Class(1 << 4);
    pub const PROSPECTIVE: Class = Class(1 << 5);
    pub const IRREALIS: Class = Class(1 << 6);
    pub const NEGATOR: Class = Class(1 << 7);
    pub const COMPLETION: Class = Class(1 << 8);
    pub const LIGHT_VERB: Class = Class(1 << 9);
    pub const DIRECTIVE_VERB: Class = Class(1 << 10);
    pub const DUMMY_VERB: Class = Class(1 << 11);
    pub const ATTRIBUTIVE_HEAD: Class = Class(1 << 12);
    pub const TELLING_VERB: Class = Class(1 << 13);
    pub const GENERIC_MODIFIER: Class = Class(1 << 14);
    pub const NO_HANDLING: Class = Class(1 << 15);
    pub const DETERMINER: Class = Class(1 << 16);
    pub const CAUSAL_MARKER: Class = Class(1 << 17);
    pub const ATTITUDE_VERB: Class = Class(1 << 18);
    pub const INQUIRY_VERB: Class = Class(1 << 19);
    pub const HANDING_VERB: Class = Class(1 << 20);
    pub const NOUN_BOUND_HEAD: Class = Class(1 << 21);
    pub const OWN_MARKER: Class = Class(1 << 22);
    /// A verb of consequence (`consequence_verbs`: 导致, 造成).
    pub const CONSEQUENCE_VERB: Class = Class(1 << 23);
    /// A word naming the citizen (`citizen_words`: 来电人, 市民).
    pub const CITIZEN: Class = Class(1 << 24);
    /// The mark that ends a label (`label_marks`: ：).
    pub const LABEL_MARK: Class = Class(1 << 25);
    /// A noun jieba's dictionary tags as a verb (`noun_words`: 位置).
    pub const NOUN_WORD: Class = Class(1 << 26);
    /// A verb of saying (`saying_verbs`: 表示, 称).
    pub const SAYING_VERB: Class = Class(1 << 27);
    /// Holds a line break (`\n` or `\r`).
    pub const LINE_BREAK: Class = Class(1 << 32);
    /// Ends with an organisation head (`org_heads`).
    pub const ORG_END: Class = Class(1 << 33);
    /// Ends with a place head (`place_heads`).
    pub const PLACE_END: Class = Class(1 << 34);
    /// Ends with an agent head (`agent_heads`).
    pub const AGENT_END: Class = Class(1 << 35);
    /// Ends with a word that names no organisation (`non_org_words`).
    pub const NON_ORG_END: Class = Class(1 << 36);
    /// Ends with a completion word of two or more characters and is
    /// longer than it (修复完毕, 整改到位).
    pub const COMPLETED_INSIDE: Class = Class(1 << 37);

    /// These classes and those of `c`.
    #[must_use]
    #[inline]
    pub const fn with(self, c: Class) -> Class {
        Class(self.0 | c.0)
    }

    /// Whether the word is in any of the classes of `c`.
    #[must_use]
    #[inline]
    pub fn has(self, c: Class) -> bool {
        self.0 & c.0 != 0
    }

    /// A clause boundary: punctuation or a line break
    /// ([`Lexicon::is_break`]).
    #[must_use]
    #[inline]
    pub fn is_break(self) -> bool {
        self.has(Class(Class::CLAUSE_BREAK.0 | Class::LINE_BREAK.0))
    }

    /// Any aspect, mood or negation marker ([`Lexicon::is_marker`]).
    #[must_use]
    #[inline]
    pub fn is_marker(self) -> bool {
        self.has(Class(
            Class::PERFECTIVE.0
                | Class::NARRATIVE.0
                | Class::PROSPECTIVE.0
                | Class::IRREALIS.0
                | Class::NEGATOR.0,
        ))
    }
}

/// Words and suffixes to their [`Class`] bits.
#[derive(Debug, Default)]
pub struct Classes {
    words: FxHashMap<String, u64>,
    words_filter: Filter,
    suffixes: FxHashMap<String, u64>,
    suffixes_filter: Filter,
    /// Bytes of the longest suffix.
    longest: usize,
    /// Bits of a listed empty head (every word ends with it).
    always: u64,
}

impl Classes {
    fn add_words(&mut self, words: &Words, c: Class) {
        for w in words.iter() {
            *self.words.entry(w.clone()).or_default() |= c.0;
            self.words_filter.add(w);
        }
    }

    fn add_list(&mut self, words: &[String], c: Class) {
        for w in words {
            *self.words.entry(w.clone()).or_default() |= c.0;
            self.words_filter.add(w);
        }
    }

    fn add_suffixes<'a>(&mut self, heads: impl IntoIterator<Item = &'a String>, c: Class) {
        for h in heads {
            if h.is_empty() {
                self.always |= c.0;
                continue;
            }
            *self.suffixes.entry(h.clone()).or_default() |= c.0;
            self.suffixes_filter.add(h);
            self.longest = self.longest.max(h.len());
        }
    }

    /// The classes of the word itself (no suffixes).
    #[inline]
    fn of_word(&self, w: &str) -> u64 {
        let mut bits = 0;
        if self.words_filter.may_hold(w) {
            if let Some(b) = self.words.get(w) {
                bits |= b;
            }
        }
        if w.bytes().any(|b| b == b'\n' || b == b'\r') {
            bits |= Class::LINE_BREAK.0;
        }
        bits
    }

    fn of(&self, w: &str) -> Class {
        let mut bits = self.always | self.of_word(w);
        // The word's suffixes, shortest first, up to the longest listed.
        for (i, s) in suffixes(w, self.longest) {
            if self.suffixes_filter.may_hold(s) {
                if let Some(&b) = self.suffixes.get(s) {
                    // Only a proper suffix completes inside the word.
                    bits |= if i == 0 {
                        b & !Class::COMPLETED_INSIDE.0
                    } else {
                        b
                    };
                }
            }
        }
        Class(bits)
    }
}

const SOURCE: &str = include_str!("../../rules/data/language.toml");

impl Lexicon {
    /// The built-in lexicon.
    ///
    /// # Panics
    /// Never at run time: the file is embedded and a unit test parses it.
    #[must_use]
    pub fn get() -> &'static Lexicon {
        static LEX: OnceLock<Lexicon> = OnceLock::new();
        LEX.get_or_init(|| {
            let mut lex: Lexicon =
                toml::from_str(SOURCE).expect("rules/data/language.toml parses (tested)");
            // Longest heads first, so 分公司 wins over 公司.
            lex.org_heads
                .sort_by_key(|h| std::cmp::Reverse(h.chars().count()));
            lex.place_heads
                .sort_by_key(|h| std::cmp::Reverse(h.chars().count()));
            lex.org_suffixes = Suffixes::new(&lex.org_heads);
            lex.place_suffixes = Suffixes::new(&lex.place_heads);
            lex.agent_suffixes = Suffixes::new(&lex.agent_heads);
            lex.non_org_suffixes = Suffixes::new(&lex.non_org_words);
            lex.classes = lex.build_classes();
            for c in lex.glue_chars.chars() {
                let i = c as usize;
                if lex.glue.len() <= i / 64 {
                    lex.glue.resize(i / 64 + 1, 0);
                }
                lex.glue[i / 64] |= 1 << (i % 64);
            }
            lex
        })
    }

    /// The regex the `{citizen}` placeholder stands for: a citizen word
    /// (optionally after 来电: 来电市民), 该市民, 本人, 您, or one or two
    /// characters of a name with a title (张先生, 王某某).
    #[must_use]
    pub fn citizen_regex(&self) -> String {
        let mut words: Vec<&str> = self.citizen_words.iter().map(String::as_str).collect();
        words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
        let mut titles: Vec<&str> = self.citizen_titles.iter().map(String::as_str).collect();
        titles.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
        format!(
            "(?:(?:来电)?(?:{})|该市民|本人|您|\\p{{Han}}{{1,2}}(?:{}))",
            words.join("|"),
            titles.join("|")
        )
    }

    /// Whether the words of each head list end as the sets say (tested:
    /// [`Suffixes::ends`] agrees with a scan of the list).
    #[cfg(test)]
    fn suffix_sets_agree(&self, w: &str) -> bool {
        let scan = |l: &[String]| l.iter().any(|h| w.ends_with(h.as_str()));
        scan(&self.org_heads) == self.org_suffixes.ends(w)
            && scan(&self.place_heads) == self.place_suffixes.ends(w)
            && scan(&self.agent_heads) == self.agent_suffixes.ends(w)
    }

    fn build_classes(&self) -> Classes {
        let mut c = Classes::default();
        for (words, class) in [
            (&self.clause_breaks, Class::CLAUSE_BREAK),
            (&self.soft_breaks, Class::SOFT_BREAK),
            (&self.continuers, Class::CONTINUER),
            (&self.perfective, Class::PERFECTIVE),
            (&self.narrative, Class::NARRATIVE),
            (&self.prospective, Class::PROSPECTIVE),
            (&self.irrealis, Class::IRREALIS),
            (&self.negators, Class::NEGATOR),
            (&self.completion, Class::COMPLETION),
            (&self.light_verbs, Class::LIGHT_VERB),
            (&self.directive_verbs, Class::DIRECTIVE_VERB),
            (&self.dummy_verbs, Class::DUMMY_VERB),
            (&self.attributive_heads, Class::ATTRIBUTIVE_HEAD),
            (&self.telling_verbs, Class::TELLING_VERB),
            (&self.generic_modifiers, Class::GENERIC_MODIFIER),
            (&self.no_handling, Class::NO_HANDLING),
            (&self.determiners, Class::DETERMINER),
            (&self.causal_markers, Class::CAUSAL_MARKER),
            (&self.attitude_verbs, Class::ATTITUDE_VERB),
            (&self.inquiry_verbs, Class::INQUIRY_VERB),
            (&self.handing_verbs, Class::HANDING_VERB),
            (&self.noun_bound_heads, Class::NOUN_BOUND_HEAD),
            (&self.own_markers, Class::OWN_MARKER),
            (&self.consequence_verbs, Class::CONSEQUENCE_VERB),
            (&self.label_marks, Class::LABEL_MARK),
            (&self.noun_words, Class::NOUN_WORD),
            (&self.saying_verbs, Class::SAYING_VERB),
        ] {
            c.add_words(words, class);
        }
        c.add_list(&self.citizen_words, Class::CITIZEN);
        c.add_suffixes(&self.org_heads, Class::ORG_END);
        c.add_suffixes(&self.place_heads, Class::PLACE_END);
        c.add_suffixes(&self.agent_heads, Class::AGENT_END);
        c.add_suffixes(&self.non_org_words, Class::NON_ORG_END);
        c.add_suffixes(
            self.completion.iter().filter(|w| w.chars().count() > 1),
            Class::COMPLETED_INSIDE,
        );
        c
    }

    /// The classes `w` belongs to and the heads it ends with.
    #[must_use]
    #[inline]
    pub fn class(&self, w: &str) -> Class {
        self.classes.of(w)
    }

    /// Whether `c` is one of `glue_chars`.
    #[must_use]
    #[inline]
    pub fn is_glue(&self, c: char) -> bool {
        let i = c as usize;
        self.glue
            .get(i / 64)
            .is_some_and(|b| b & (1 << (i % 64)) != 0)
    }

    /// A clause boundary: punctuation or a line break.
    #[must_use]
    pub fn is_break(&self, w: &str) -> bool {
        Class(self.classes.of_word(w)).is_break()
    }

    /// Any aspect, mood or negation marker.
    #[must_use]
    pub fn is_marker(&self, w: &str) -> bool {
        Class(self.classes.of_word(w)).is_marker()
    }
}

#[cfg(test)]
mod suffix_tests {
    use super::*;

    #[test]
    fn suffix_sets_agree_with_scanning_the_lists() {
        let lex = Lexicon::get();
        let mut words: Vec<String> = Vec::new();
        for h in lex
            .org_heads
            .iter()
            .chain(&lex.place_heads)
            .chain(&lex.agent_heads)
        {
            words.push(h.clone());
            words.push(format!("邵阳市{h}"));
            words.push(format!("{h}门口"));
            let mut cut = h.chars();
            cut.next();
            words.push(cut.as_str().to_owned());
        }
        words.extend(
            [
                "",
                "a",
                "市",
                "局长",
                "派出所所长",
                "小区北门",
                "维修工",
                "中心",
            ]
            .map(String::from),
        );
        for w in &words {
            assert!(lex.suffix_sets_agree(w), "{w}");
        }
    }

    /// Every bit of [`Lexicon::class`] agrees with asking the sets and
    /// scanning the head lists.
    #[test]
    fn classes_agree_with_the_sets() {
        let lex = Lexicon::get();
        let sets: Vec<(&Words, Class)> = vec![
            (&lex.clause_breaks, Class::CLAUSE_BREAK),
            (&lex.soft_breaks, Class::SOFT_BREAK),
            (&lex.continuers, Class::CONTINUER),
            (&lex.perfective, Class::PERFECTIVE),
            (&lex.narrative, Class::NARRATIVE),
            (&lex.prospective, Class::PROSPECTIVE),
            (&lex.irrealis, Class::IRREALIS),
            (&lex.negators, Class::NEGATOR),
            (&lex.completion, Class::COMPLETION),
            (&lex.light_verbs, Class::LIGHT_VERB),
            (&lex.directive_verbs, Class::DIRECTIVE_VERB),
            (&lex.dummy_verbs, Class::DUMMY_VERB),
            (&lex.attributive_heads, Class::ATTRIBUTIVE_HEAD),
            (&lex.telling_verbs, Class::TELLING_VERB),
            (&lex.generic_modifiers, Class::GENERIC_MODIFIER),
            (&lex.no_handling, Class::NO_HANDLING),
            (&lex.determiners, Class::DETERMINER),
            (&lex.causal_markers, Class::CAUSAL_MARKER),
            (&lex.attitude_verbs, Class::ATTITUDE_VERB),
            (&lex.inquiry_verbs, Class::INQUIRY_VERB),
            (&lex.handing_verbs, Class::HANDING_VERB),
            (&lex.noun_bound_heads, Class::NOUN_BOUND_HEAD),
            (&lex.own_markers, Class::OWN_MARKER),
            (&lex.consequence_verbs, Class::CONSEQUENCE_VERB),
            (&lex.label_marks, Class::LABEL_MARK),
            (&lex.noun_words, Class::NOUN_WORD),
            (&lex.saying_verbs, Class::SAYING_VERB),
        ];
        let mut words: Vec<String> = ["", "a", "市", "\r\n", "了\n", "修复完毕", "完毕", "局长"]
            .map(String::from)
            .to_vec();
        for (set, _) in &sets {
            for w in set.iter() {
                words.push(w.clone());
                words.push(format!("{w}了"));
                words.push(format!("修{w}"));
            }
        }
        words.extend(lex.citizen_words.iter().cloned());
        words.extend(lex.citizen_words.iter().map(|w| format!("{w}们")));
        for h in lex
            .org_heads
            .iter()
            .chain(&lex.place_heads)
            .chain(&lex.agent_heads)
            .chain(&lex.non_org_words)
        {
            words.push(h.clone());
            words.push(format!("邵阳市{h}"));
            words.push(format!("{h}门口"));
        }
        for w in &words {
            let c = lex.class(w);
            for (set, bit) in &sets {
                assert_eq!(c.has(*bit), set.contains(w), "{w} {bit:?}");
            }
            let ends = |l: &[String]| l.iter().any(|h| w.ends_with(h.as_str()));
            assert_eq!(c.has(Class::ORG_END), ends(&lex.org_heads), "{w}");
            assert_eq!(c.has(Class::PLACE_END), ends(&lex.place_heads), "{w}");
            assert_eq!(c.has(Class::AGENT_END), ends(&lex.agent_heads), "{w}");
            assert_eq!(c.has(Class::NON_ORG_END), ends(&lex.non_org_words), "{w}");
            let inside = lex
                .completion
                .iter()
                .any(|k| k.chars().count() > 1 && w.ends_with(k.as_str()) && w != k);
            assert_eq!(c.has(Class::COMPLETED_INSIDE), inside, "{w}");
            let citizen = lex.citizen_words.iter().any(|k| k == w);
            assert_eq!(c.has(Class::CITIZEN), citizen, "{w}");
            let broken = lex.clause_breaks.contains(w) || w.contains('\n') || w.contains('\r');
            assert_eq!(c.is_break(), broken, "{w}");
            assert_eq!(lex.is_break(w), broken, "{w}");
            let marker = lex.perfective.contains(w)
                || lex.narrative.contains(w)
                || lex.prospective.contains(w)
                || lex.irrealis.contains(w)
                || lex.negators.contains(w);
            assert_eq!(c.is_marker(), marker, "{w}");
            assert_eq!(lex.is_marker(w), marker, "{w}");
        }
        for c in lex.glue_chars.chars() {
            assert!(lex.is_glue(c));
        }
        for c in ['市', 'a', '\u{10FFFF}', '\0'] {
            assert_eq!(lex.is_glue(c), lex.glue_chars.contains(c), "{c:?}");
        }
    }

    #[test]
    fn an_empty_head_matches_everything() {
        let s = Suffixes::new(&[String::new()]);
        assert!(s.ends("任何词"));
        assert!(!Suffixes::new(&[]).ends("任何词"));
    }
}
