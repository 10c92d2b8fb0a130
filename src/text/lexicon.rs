//! The closed word classes of `rules/data/language.toml`, loaded once.

use std::collections::HashSet;
use std::sync::OnceLock;

use serde::Deserialize;

/// A set of words, looked up by the word jieba produced.
#[derive(Debug, Default)]
pub struct Words(HashSet<String>);

impl Words {
    #[must_use]
    pub fn contains(&self, w: &str) -> bool {
        self.0.contains(w)
    }

    pub fn iter(&self) -> impl Iterator<Item = &String> {
        self.0.iter()
    }
}

impl<'de> Deserialize<'de> for Words {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Words(Vec::<String>::deserialize(d)?.into_iter().collect()))
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
    pub own_markers: Words,
    pub user_words: Vec<(String, String)>,
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
            lex
        })
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
