//! The closed word classes of `rules/data/language.toml`, loaded once.

use rustc_hash::FxHashSet;
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

    /// Same as `heads.iter().any(|h| w.ends_with(h))`.
    #[must_use]
    pub fn ends(&self, w: &str) -> bool {
        w.char_indices()
            .map(|(i, _)| &w[i..])
            .filter(|s| s.len() <= self.longest)
            .any(|s| self.filter.may_hold(s) && self.set.contains(s))
            || self.empty
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

    /// A clause boundary: punctuation or a line break.
    #[must_use]
    pub fn is_break(&self, w: &str) -> bool {
        self.clause_breaks.contains(w) || w.contains('\n') || w.contains('\r')
    }

    /// Any aspect, mood or negation marker.
    #[must_use]
    pub fn is_marker(&self, w: &str) -> bool {
        self.perfective.contains(w)
            || self.narrative.contains(w)
            || self.prospective.contains(w)
            || self.irrealis.contains(w)
            || self.negators.contains(w)
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

    #[test]
    fn an_empty_head_matches_everything() {
        let s = Suffixes::new(&[String::new()]);
        assert!(s.ends("任何词"));
        assert!(!Suffixes::new(&[]).ends("任何词"));
    }
}
