//! GD101 garbled-text (乱码) detection: finds runs of text damaged by an
//! encoding mistake in one free-text cell and, where the bytes survived,
//! recovers the original by re-decoding them.
//!
//! Place in the pipeline: `checks`. The rule engine builds one [`Detector`]
//! from the rule's `[check]` table ([`GarbleParams`]) and calls
//! [`Detector::detect`] on every free-text cell; [`repair`] turns the hits
//! into the finding's suggestion.
//!
//! Detection is by mechanism, not by lists of bad strings:
//! - signatures that only an encoding accident produces (U+FFFD, 锟斤拷 = two
//!   U+FFFD in UTF-8 read as GBK, 烫烫烫/屯屯屯 = MSVC's 0xCC/0xCD fill read as GBK);
//! - round-trip re-decoding: a suspicious run is encoded back to the bytes it
//!   was wrongly decoded from (GB18030, windows-1252, Latin-1) and those bytes
//!   are decoded as UTF-8 or GBK; the reading is kept only when it is valid
//!   and far more plausible Chinese, judged by a character-frequency table
//!   (`rules/data/hanzi-freq.txt`, derived from jieba's dictionary). A byte
//!   lost to `?`/U+FFFD inside a UTF-8 sequence is guessed from the
//!   dictionary's two-hanzi words (`rules/data/hanzi-bigram.txt`), so a
//!   recovery may hold a best guess for that one char;
//! - leaked escapes (`\u5e02`, `&#24066;`, `%E5%B8%82`, `\xe5\xb8\x82`),
//!   decoded to recover the text;
//! - characters that have no place in a ticket: C0/C1 controls, private use,
//!   zero-width (except ZWJ inside emoji sequences);
//! - runs of `?`/`？` standing in for characters an encoder could not write
//!   (see [`GarbleParams`] for why citizens' `？？？` does not fire).
//!
//! Percent-encoded text inside a URL does not fire by default: a pasted link
//! is a working address, and decoding it would not make the ticket more
//! correct (`percent_in_urls` turns it on).
//!
//! Performance: a cell holding only hanzi (rare ones only when isolated),
//! ASCII text, CJK punctuation and lone Latin-1 signs is cleared by one pass
//! over its chars with no allocation; only cells with a suspicious character
//! go to the full analysis. Measured (release, one core): about 45 MB/s over
//! 54,608 lines of news and review text.

use std::collections::{HashMap, HashSet};

use encoding_rs::{GB18030, GBK};
use serde::Deserialize;

/// The embedded frequency table: `char<TAB>round(100*log10(freq))`.
const HANZI_FREQ: &str = include_str!("../../rules/data/hanzi-freq.txt");
/// The embedded two-hanzi word list: `first<TAB>seconds`.
const HANZI_BIGRAM: &str = include_str!("../../rules/data/hanzi-bigram.txt");
/// Score bonus for a guessed char that forms a dictionary word with the
/// char before it: context beats raw frequency (情况, not 情军).
const BIGRAM_BONUS: u16 = 300;
/// Hanzi that follow a digit in tickets (3月, 5件, 2号): the guess after a
/// digit prefers them.
const AFTER_DIGIT: &str = "年月日号时分秒元个次件人栋层楼户天周岁";

/// First code point of the CJK Unified Ideographs block, indexed densely.
const CJK_BASE: u32 = 0x4E00;
/// Size of the dense table (U+4E00..=U+9FFF).
const CJK_LEN: usize = 0xA000 - 0x4E00;

/// Tunable thresholds of GD101, read from the rule's `[check]` table.
///
/// Scores are on the frequency table's scale: `100 * log10(freq)`, where a
/// very common hanzi scores about 500–600, a rare but real one 100–250, and a
/// character absent from the table scores 0.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct GarbleParams {
    /// Length of an ASCII `?` run that fires after a space
    /// (`3 ??????`), unless the clause is a question.
    pub min_question_run: usize,
    /// Length of an ASCII `?` run that fires between two hanzi or at the
    /// start of the text (longer runs after a hanzi fire only when the text
    /// also has a run of one or two between hanzi), unless the clause is a
    /// question.
    pub min_question_run_in_word: usize,
    /// Length of a run of `?` or `？` (either width) that fires when it splits
    /// a statement: an encoder replacing a lost stretch of text writes such
    /// runs (`市民通过电话反？？？？？？持续了一周`). Citizens' emphasis is
    /// told apart by what stands around it: a question, a sentence-final
    /// particle (了, 啊, 吗…), an exclamation mark, or the end of an
    /// unfinished clause.
    pub min_long_run: usize,
    /// Repetitions of 烫 or 屯 (MSVC uninitialised-memory fill) that fire.
    pub min_fill_run: usize,
    /// A hanzi scoring below this makes its cell a candidate for round-trip
    /// re-decoding (mojibake from UTF-8 read as GBK is full of such hanzi).
    pub rare_score: u16,
    /// Minimum mean score of the hanzi in a re-decoded reading.
    pub min_decoded_score: f64,
    /// Minimum gain in mean score of the re-decoded reading over the
    /// original run (for UTF-8 read as GBK, where both are hanzi).
    pub min_plausibility_gain: f64,
    /// Minimum number of hanzi a UTF-8-read-as-GBK reading must yield.
    pub min_recovered_hanzi: usize,
    /// Whether percent-encoded text inside a URL fires. Off by default: a
    /// pasted link such as `https://example.cn/s?q=%E5%B8%82` is a working
    /// address, and decoding it would not make the ticket more correct.
    pub percent_in_urls: bool,
}

impl Default for GarbleParams {
    fn default() -> Self {
        GarbleParams {
            min_question_run: 3,
            min_question_run_in_word: 2,
            min_long_run: 5,
            min_fill_run: 3,
            rare_score: 300,
            min_decoded_score: 300.0,
            min_plausibility_gain: 150.0,
            min_recovered_hanzi: 2,
            percent_in_urls: false,
        }
    }
}

/// How a run of text got garbled.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Mechanism {
    /// U+FFFD REPLACEMENT CHARACTER: bytes a decoder could not read.
    ReplacementChar,
    /// 锟斤拷 / 烫烫烫 / 屯屯屯: fixed signatures of encoding accidents.
    Mojibake,
    /// UTF-8 bytes decoded as GBK (`甯傛皯` for 市民).
    Utf8AsGbk,
    /// UTF-8 bytes decoded as Latin-1 or windows-1252 (`å¸‚æ°‘` for 市民).
    Utf8AsLatin1,
    /// GBK bytes decoded as Latin-1 or windows-1252 (`ÊÐÃñ` for 市民).
    GbkAsLatin1,
    /// `?`/`？` standing in for characters an encoder could not write.
    QuestionMarks,
    /// An escape that should have been decoded (`\u5e02`, `&#24066;`, `%E5%B8%82`).
    LeakedEscape,
    /// A control character other than tab, line feed and carriage return.
    ControlChar,
    /// A private-use character (no agreed meaning outside one system).
    PrivateUse,
    /// An invisible zero-width character (outside emoji sequences).
    ZeroWidth,
}

impl Mechanism {
    /// Stable kebab-case identifier, used in JSON output and configuration.
    pub fn code(self) -> &'static str {
        match self {
            Mechanism::ReplacementChar => "replacement-char",
            Mechanism::Mojibake => "mojibake",
            Mechanism::Utf8AsGbk => "utf8-as-gbk",
            Mechanism::Utf8AsLatin1 => "utf8-as-latin1",
            Mechanism::GbkAsLatin1 => "gbk-as-latin1",
            Mechanism::QuestionMarks => "question-marks",
            Mechanism::LeakedEscape => "leaked-escape",
            Mechanism::ControlChar => "control-char",
            Mechanism::PrivateUse => "private-use",
            Mechanism::ZeroWidth => "zero-width",
        }
    }

    /// Chinese label for messages.
    pub fn label_zh(self) -> &'static str {
        match self {
            Mechanism::ReplacementChar => "替换字符（�），原字节已丢失",
            Mechanism::Mojibake => "典型乱码（锟斤拷/烫烫烫/屯屯屯）",
            Mechanism::Utf8AsGbk => "UTF-8 文本被按 GBK 解码",
            Mechanism::Utf8AsLatin1 => "UTF-8 文本被按 Latin-1/CP1252 解码",
            Mechanism::GbkAsLatin1 => "GBK 文本被按 Latin-1/CP1252 解码",
            Mechanism::QuestionMarks => "问号代替了无法编码的字符",
            Mechanism::LeakedEscape => "未解码的转义序列",
            Mechanism::ControlChar => "控制字符",
            Mechanism::PrivateUse => "私用区字符",
            Mechanism::ZeroWidth => "零宽字符",
        }
    }

    /// English label for messages.
    pub fn label_en(self) -> &'static str {
        match self {
            Mechanism::ReplacementChar => "replacement character (bytes lost)",
            Mechanism::Mojibake => "mojibake signature (锟斤拷/烫烫烫/屯屯屯)",
            Mechanism::Utf8AsGbk => "UTF-8 text decoded as GBK",
            Mechanism::Utf8AsLatin1 => "UTF-8 text decoded as Latin-1/CP1252",
            Mechanism::GbkAsLatin1 => "GBK text decoded as Latin-1/CP1252",
            Mechanism::QuestionMarks => "question marks standing in for characters",
            Mechanism::LeakedEscape => "undecoded escape sequence",
            Mechanism::ControlChar => "control character",
            Mechanism::PrivateUse => "private-use character",
            Mechanism::ZeroWidth => "zero-width character",
        }
    }
}

/// One garbled run in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GarbleHit {
    /// First char of the run (char offset, not byte offset).
    pub start: usize,
    /// One past the last char of the run (char offset).
    pub end: usize,
    /// How the run got garbled.
    pub mechanism: Mechanism,
    /// The repaired run, when the original could be recovered (an empty
    /// string means the run should simply be deleted).
    pub recovered: Option<String>,
}

/// The GD101 detector: parameters plus the frequency table, built once and
/// shared (it is `Send + Sync` and never mutated after construction).
#[derive(Clone, Debug)]
pub struct Detector {
    params: GarbleParams,
    /// Scores of U+4E00..=U+9FFF, 0 when absent from the table.
    cjk: Vec<u16>,
    /// Scores of table characters outside that block (extension A, …).
    other: HashMap<char, u16>,
    /// Two-hanzi dictionary words, as `(first << 32) | second`.
    bigrams: HashSet<u64>,
}

/// The windows-1252 characters of bytes 0x80..=0x9F (the five bytes it leaves
/// undefined decode to the C1 control of the same value, as WHATWG does).
const CP1252_HIGH: [(char, u8); 27] = [
    ('€', 0x80),
    ('‚', 0x82),
    ('ƒ', 0x83),
    ('„', 0x84),
    ('…', 0x85),
    ('†', 0x86),
    ('‡', 0x87),
    ('ˆ', 0x88),
    ('‰', 0x89),
    ('Š', 0x8A),
    ('‹', 0x8B),
    ('Œ', 0x8C),
    ('Ž', 0x8E),
    ('‘', 0x91),
    ('’', 0x92),
    ('“', 0x93),
    ('”', 0x94),
    ('•', 0x95),
    ('–', 0x96),
    ('—', 0x97),
    ('˜', 0x98),
    ('™', 0x99),
    ('š', 0x9A),
    ('›', 0x9B),
    ('œ', 0x9C),
    ('ž', 0x9E),
    ('Ÿ', 0x9F),
];

/// The byte a char stands for when text was decoded as Latin-1/windows-1252.
fn latin_byte(c: char) -> Option<u8> {
    let cp = u32::from(c);
    if (0x80..=0xFF).contains(&cp) {
        return u8::try_from(cp).ok();
    }
    CP1252_HIGH.iter().find(|(ch, _)| *ch == c).map(|(_, b)| *b)
}

/// A hanzi (CJK ideograph), including extensions and compatibility forms.
fn is_hanzi(c: char) -> bool {
    matches!(u32::from(c),
        0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF)
}

/// CJK and full-width punctuation that appears in clean text.
fn is_cjk_punct(c: char) -> bool {
    matches!(u32::from(c), 0x3000..=0x303F | 0xFE10..=0xFE1F | 0xFE30..=0xFE4F | 0xFF00..=0xFF1E | 0xFF20..=0xFFEF)
        || matches!(
            c,
            '“' | '”' | '‘' | '’' | '…' | '—' | '–' | '·' | '•' | '‰' | '※'
        )
}

/// Emoji and the characters that glue emoji sequences together.
fn is_emoji_part(c: char) -> bool {
    matches!(u32::from(c),
        0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0x2B00..=0x2BFF | 0x2190..=0x21FF
        | 0x2300..=0x23FF | 0xFE0F | 0x20E3 | 0xE0020..=0xE007F | 0x3030 | 0x303D
        | 0x3297 | 0x3299 | 0x00A9 | 0x00AE | 0x2122)
}

/// Scripts whose orthography uses ZWJ/ZWNJ between letters.
fn uses_joiners(c: char) -> bool {
    matches!(u32::from(c), 0x0600..=0x06FF | 0x0750..=0x077F | 0x0900..=0x0DFF | 0xFB50..=0xFDFF)
}

fn is_zero_width(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
    )
}

fn is_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

fn is_private_use(c: char) -> bool {
    matches!(u32::from(c), 0xE000..=0xF8FF | 0xF0000..=0xFFFFD | 0x100000..=0x10FFFD)
}

/// Question words and particles: a `?` run after one of them is a citizen's
/// question, not lost characters.
const QUESTION_WORDS: [&str; 27] = [
    "吗",
    "呢",
    "么",
    "吧",
    "嘛",
    "什么",
    "怎么",
    "为何",
    "如何",
    "哪",
    "谁",
    "几",
    "多少",
    "是否",
    "能否",
    "可否",
    "难道",
    "何时",
    "凭啥",
    "咋",
    "啥",
    "何",
    "有没有",
    "是不是",
    "嗎",
    "麼",
    "麽",
];

/// A decoded reading must consist of text, not of random symbols.
fn is_textual(c: char) -> bool {
    is_hanzi(c)
        || is_cjk_punct(c)
        || (' '..='~').contains(&c)
        || matches!(c, '\t' | '\n' | '\r' | '°' | '±' | '×' | '÷' | '§' | '¥')
        // Letterlike (℃ №), number forms (Ⅱ), arrows, enclosed numbers (①),
        // box drawing and geometric shapes (●■▲), misc symbols (★☆).
        // Math operators (∶ ≤) too.
        || matches!(u32::from(c), 0x2100..=0x22FF | 0x2460..=0x24FF | 0x2500..=0x26FF)
        // Citizens' emoji survive the round trip too (ðŸ‘ for 👍).
        || is_emoji_part(c)
}

/// How likely a punctuation mark is, for guessing a lost byte: the marks
/// a Chinese text uses most, most frequent first.
fn punct_score(c: char) -> u16 {
    const ORDER: [char; 12] = [
        '，', '。', '、', '：', '；', '“', '”', '（', '）', '！', '《', '》',
    ];
    ORDER
        .iter()
        .position(|p| *p == c)
        .map_or(0, |i| 450 - 10 * i as u16)
}

impl Default for Detector {
    fn default() -> Self {
        Detector::new(GarbleParams::default())
    }
}

/// Statistics of a candidate re-decoded reading.
struct Reading {
    text: String,
    hanzi: usize,
    score_sum: f64,
}

impl Reading {
    fn mean(&self) -> f64 {
        if self.hanzi == 0 {
            0.0
        } else {
            self.score_sum / self.hanzi as f64
        }
    }
}

impl Detector {
    /// Build a detector: parses the embedded frequency table once.
    pub fn new(params: GarbleParams) -> Detector {
        let mut cjk = vec![0u16; CJK_LEN];
        let mut other = HashMap::new();
        for line in HANZI_FREQ.lines() {
            if line.starts_with('#') {
                continue;
            }
            let Some((ch, score)) = line.split_once('\t') else {
                continue;
            };
            let mut chars = ch.chars();
            let (Some(c), None, Ok(score)) = (chars.next(), chars.next(), score.parse::<u16>())
            else {
                continue;
            };
            match usize::try_from(u32::from(c).wrapping_sub(CJK_BASE)) {
                Ok(i) if i < CJK_LEN => cjk[i] = score,
                _ => {
                    other.insert(c, score);
                }
            }
        }
        let mut bigrams = HashSet::new();
        for line in HANZI_BIGRAM.lines().filter(|l| !l.starts_with('#')) {
            let Some((first, seconds)) = line.split_once('\t') else {
                continue;
            };
            let Some(first) = first.chars().next() else {
                continue;
            };
            bigrams.extend(seconds.chars().map(|c| bigram_key(first, c)));
        }
        Detector {
            params,
            cjk,
            other,
            bigrams,
        }
    }

    /// The frequency score of a char (0 for unseen or non-hanzi).
    fn score(&self, c: char) -> u16 {
        let cp = u32::from(c);
        if (CJK_BASE..CJK_BASE + CJK_LEN as u32).contains(&cp) {
            self.cjk[(cp - CJK_BASE) as usize]
        } else if is_hanzi(c) {
            self.other.get(&c).copied().unwrap_or(0)
        } else {
            0
        }
    }

    /// Fast path: true when no char of `text` needs a closer look.
    fn is_plainly_clean(&self, text: &str) -> bool {
        let bytes = text.as_bytes();
        let hex_at = |k: usize| bytes.get(k).is_some_and(u8::is_ascii_hexdigit);
        // Char index of the last rare hanzi: mojibake of UTF-8 read as GBK
        // is dense with them, while real text has a rare name char here and
        // there, so only two close together need the round trip.
        let mut last_rare: Option<usize> = None;
        let mut last_latin = false;
        for (n, (i, c)) in text.char_indices().enumerate() {
            let mut latin = false;
            if c.is_ascii() {
                let suspicious = match c {
                    '?' => true,
                    '%' => hex_at(i + 1) && hex_at(i + 2),
                    '&' => bytes.get(i + 1) == Some(&b'#'),
                    '\\' => matches!(bytes.get(i + 1), Some(b'u' | b'x' | b'\\')),
                    _ => is_control(c),
                };
                if suspicious {
                    return false;
                }
            } else if (CJK_BASE..CJK_BASE + CJK_LEN as u32).contains(&u32::from(c)) {
                // 烫, 屯 and 锟 can be common enough to pass the score test
                // but start the fill and 锟斤拷 signatures.
                if matches!(c, '烫' | '屯' | '锟') {
                    return false;
                }
                if self.score(c) < self.params.rare_score {
                    if last_rare.is_some_and(|r| n - r <= 2) {
                        return false;
                    }
                    last_rare = Some(n);
                }
            } else if is_cjk_punct(c) && c != '？' {
            } else if latin_byte(c).is_some() && !is_control(c) {
                // One Latin-1 sign (°, ×, é) is text; mojibake needs two.
                if last_latin {
                    return false;
                }
                latin = true;
            } else {
                return false;
            }
            last_latin = latin;
        }
        true
    }

    /// Find every garbled run in `text`, in order of position.
    pub fn detect(&self, text: &str) -> Vec<GarbleHit> {
        if self.is_plainly_clean(text) {
            return Vec::new();
        }
        let chars: Vec<char> = text.chars().collect();
        let mut covered = vec![false; chars.len()];
        let mut hits = Vec::new();
        self.find_signatures(&chars, &mut covered, &mut hits);
        self.find_escapes(&chars, &mut covered, &mut hits);
        self.find_latin(&chars, &mut covered, &mut hits, false);
        self.find_utf8_as_gbk(&chars, &mut covered, &mut hits, false);
        // Once a text is known to be mojibake, its short leftover runs (a
        // lone 年 between digits, a 。 at the end) are read with relaxed bars.
        if hits.iter().any(|h| is_round_trip(h.mechanism)) {
            self.find_latin(&chars, &mut covered, &mut hits, true);
            self.find_utf8_as_gbk(&chars, &mut covered, &mut hits, true);
        }
        self.find_bad_chars(&chars, &mut covered, &mut hits);
        self.find_question_marks(&chars, &mut covered, &mut hits);
        hits.sort_by_key(|h| (h.start, h.end));
        hits
    }

    fn push(
        hits: &mut Vec<GarbleHit>,
        covered: &mut [bool],
        start: usize,
        end: usize,
        mechanism: Mechanism,
        recovered: Option<String>,
    ) {
        covered[start..end].iter_mut().for_each(|c| *c = true);
        hits.push(GarbleHit {
            start,
            end,
            mechanism,
            recovered,
        });
    }

    /// 锟斤拷 (U+FFFD U+FFFD as UTF-8, read as GBK) and long 烫/屯 fills.
    fn find_signatures(&self, chars: &[char], covered: &mut [bool], hits: &mut Vec<GarbleHit>) {
        let mut i = 0;
        while i < chars.len() {
            // An odd U+FFFD read as GBK pairs with its neighbours: 锟较硷拷.
            if chars[i] == '锟'
                && let Some(k) = chars[i + 1..].iter().take(5).position(|c| *c == '拷')
                && !chars[i..].starts_with(&['锟', '斤', '拷'])
            {
                Self::push(hits, covered, i, i + k + 2, Mechanism::Mojibake, None);
                i += k + 2;
                continue;
            }
            if chars[i..].starts_with(&['锟', '斤', '拷']) {
                let start = i;
                while chars[i..].starts_with(&['锟', '斤', '拷']) {
                    i += 3;
                }
                Self::push(hits, covered, start, i, Mechanism::Mojibake, None);
                continue;
            }
            if matches!(chars[i], '烫' | '屯') {
                let c = chars[i];
                let start = i;
                while i < chars.len() && chars[i] == c {
                    i += 1;
                }
                if i - start >= self.params.min_fill_run {
                    Self::push(hits, covered, start, i, Mechanism::Mojibake, None);
                }
                continue;
            }
            i += 1;
        }
    }

    /// `\uXXXX`, `\xHH`, `&#NNN;`, `&#xHHHH;` and `%HH` runs.
    fn find_escapes(&self, chars: &[char], covered: &mut [bool], hits: &mut Vec<GarbleHit>) {
        let mut i = 0;
        while i < chars.len() {
            let found = match chars[i] {
                '\\' => self
                    .unicode_escapes(chars, i)
                    .or_else(|| self.byte_escapes(chars, i, '\\')),
                '&' => numeric_refs(chars, i),
                '%' => self
                    .byte_escapes(chars, i, '%')
                    .filter(|_| self.params.percent_in_urls || !inside_url(chars, i)),
                _ => None,
            };
            match found {
                Some((end, text)) if !covered[i..end].iter().any(|c| *c) => {
                    Self::push(hits, covered, i, end, Mechanism::LeakedEscape, Some(text));
                    i = end;
                }
                _ => i += 1,
            }
        }
    }

    /// A run of `\uXXXX` escapes (any number of backslashes), surrogate pairs
    /// joined; returns the end and the decoded text.
    fn unicode_escapes(&self, chars: &[char], start: usize) -> Option<(usize, String)> {
        let mut i = start;
        let mut units: Vec<u16> = Vec::new();
        let mut end = start;
        loop {
            let mut j = i;
            while j < chars.len() && chars[j] == '\\' {
                j += 1;
            }
            if j == i || j >= chars.len() || chars[j] != 'u' {
                break;
            }
            let Some(v) = chars.get(j + 1..j + 5).and_then(hex_value) else {
                break;
            };
            units.push(u16::try_from(v).ok()?);
            i = j + 5;
            end = i;
        }
        if units.is_empty() {
            return None;
        }
        let text = String::from_utf16(&units).ok()?;
        Some((end, text))
    }

    /// A run of `%HH` (or `\xHH` when `lead` is `\`) escapes holding non-ASCII
    /// bytes that decode as UTF-8, or as GBK when that is plausible Chinese.
    fn byte_escapes(&self, chars: &[char], start: usize, lead: char) -> Option<(usize, String)> {
        let mut bytes = Vec::new();
        let mut i = start;
        // End of the run and byte count at its last escape: characters a
        // URL encoder leaves alone may sit between escapes, not after them.
        let mut end = (start, 0);
        loop {
            if lead == '%' {
                let literal = chars[i..]
                    .iter()
                    .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '~'))
                    .count();
                if literal > 0 && i > start {
                    // All ASCII (checked just above), so `as u8` keeps the value.
                    bytes.extend(chars[i..i + literal].iter().map(|c| *c as u8));
                    i += literal;
                }
            }
            let width = if lead == '\\' {
                if chars.get(i) != Some(&'\\') || chars.get(i + 1) != Some(&'x') {
                    break;
                }
                2
            } else {
                if chars.get(i) != Some(&'%') {
                    break;
                }
                1
            };
            let Some(v) = chars.get(i + width..i + width + 2).and_then(hex_value) else {
                break;
            };
            bytes.push(u8::try_from(v).ok()?);
            i += width + 2;
            end = (i, bytes.len());
        }
        let (i, len) = end;
        bytes.truncate(len);
        if bytes.iter().filter(|b| **b >= 0x80).count() < 2 {
            return None;
        }
        if let Ok(s) = std::str::from_utf8(&bytes) {
            return s.chars().all(is_textual).then(|| (i, s.to_owned()));
        }
        let s = GBK.decode_without_bom_handling_and_without_replacement(&bytes)?;
        let reading = self.reading(s.chars());
        (s.chars().all(is_textual) && reading.mean() >= self.params.min_decoded_score)
            .then(|| (i, s.into_owned()))
    }

    fn reading(&self, chars: impl Iterator<Item = char>) -> Reading {
        let mut r = Reading {
            text: String::new(),
            hanzi: 0,
            score_sum: 0.0,
        };
        for c in chars {
            r.text.push(c);
            if is_hanzi(c) {
                r.hanzi += 1;
                r.score_sum += f64::from(self.score(c));
            }
        }
        r
    }

    /// Runs of Latin-1/windows-1252 characters re-encoded to bytes and read as
    /// UTF-8 (each valid stretch separately) or, failing that, as GBK.
    fn find_latin(
        &self,
        chars: &[char],
        covered: &mut [bool],
        hits: &mut Vec<GarbleHit>,
        relaxed: bool,
    ) {
        let mut i = 0;
        while i < chars.len() {
            if covered[i] || latin_byte(chars[i]).is_none() {
                i += 1;
                continue;
            }
            let start = i;
            let mut bytes = Vec::new();
            while i < chars.len() && !covered[i] {
                match latin_byte(chars[i]) {
                    Some(b) => bytes.push(b),
                    None => break,
                }
                i += 1;
            }
            // A run of only windows-1252 punctuation (……, ——, “”) is clean
            // text: real mojibake of hanzi always has Latin-1 letters in it.
            if bytes.len() < 2
                || !chars[start..i]
                    .iter()
                    .any(|c| ('\u{80}'..='\u{FF}').contains(c))
            {
                continue;
            }
            // A run that is not valid UTF-8 as a whole but plausible GBK is
            // GBK: a stray valid 3-byte stretch inside it is a coincidence.
            let whole_utf8 = std::str::from_utf8(&bytes).is_ok();
            let found = (!whole_utf8 && self.latin_as_gbk(&bytes, start, covered, hits, relaxed))
                || self.latin_as_utf8(&bytes, start, covered, hits, relaxed);
            if !found && !relaxed && utf8_shaped(&bytes) {
                // UTF-8 read as Latin-1 whose C1 bytes were then dropped:
                // unmistakable, but the lost bytes cannot be restored.
                Self::push(hits, covered, start, i, Mechanism::Utf8AsLatin1, None);
            }
        }
    }

    /// Valid UTF-8 stretches of a Latin run; true when any was reported.
    fn latin_as_utf8(
        &self,
        bytes: &[u8],
        base: usize,
        covered: &mut [bool],
        hits: &mut Vec<GarbleHit>,
        relaxed: bool,
    ) -> bool {
        let mut found = false;
        let mut pos = 0;
        while pos < bytes.len() {
            let (valid, skip) = match std::str::from_utf8(&bytes[pos..]) {
                Ok(s) => (s.len(), 0),
                Err(e) => (
                    e.valid_up_to(),
                    e.error_len().unwrap_or(bytes.len() - pos - e.valid_up_to()),
                ),
            };
            if valid > 0 {
                let chunk = &bytes[pos..pos + valid];
                // from_utf8 validated this prefix, so the default never applies.
                let once = std::str::from_utf8(chunk).unwrap_or_default();
                // Mojibake of mojibake (CP1252 applied twice): one more round.
                let twice = (!once.chars().all(is_textual))
                    .then(|| {
                        once.chars()
                            .map(|c| {
                                u8::try_from(c)
                                    .ok()
                                    .filter(u8::is_ascii)
                                    .or_else(|| latin_byte(c))
                            })
                            .collect::<Option<Vec<u8>>>()
                    })
                    .flatten()
                    .map(|b| String::from_utf8_lossy(&b).into_owned());
                // A second round may end in a truncated char: then the run is
                // reported without a repair.
                let lossy = twice.as_deref().is_some_and(|t| t.contains('\u{FFFD}'));
                let s = twice.as_deref().unwrap_or(once);
                let multibyte = s
                    .chars()
                    .filter(|c| !c.is_ascii() && *c != '\u{FFFD}')
                    .count();
                let reading = self.reading(s.chars());
                let plausible = reading.mean() >= self.params.min_decoded_score
                    || multibyte >= 2
                    || (relaxed && reading.hanzi == 0);
                if multibyte > 0
                    && s.chars()
                        .all(|c| is_textual(c) || (lossy && c == '\u{FFFD}'))
                    && plausible
                {
                    Self::push(
                        hits,
                        covered,
                        base + pos,
                        base + pos + valid,
                        Mechanism::Utf8AsLatin1,
                        (!lossy).then_some(reading.text),
                    );
                    found = true;
                }
            }
            pos += valid + skip.max(if valid == 0 { 1 } else { 0 });
        }
        found
    }

    /// A whole Latin run (or all but its last byte) read as GBK.
    fn latin_as_gbk(
        &self,
        bytes: &[u8],
        base: usize,
        covered: &mut [bool],
        hits: &mut Vec<GarbleHit>,
        relaxed: bool,
    ) -> bool {
        let try_len = |len: usize| {
            let s = GBK.decode_without_bom_handling_and_without_replacement(&bytes[..len])?;
            let reading = self.reading(s.chars());
            let enough = if relaxed {
                reading.hanzi == 0 || reading.mean() >= self.params.min_decoded_score
            } else {
                // Four full-width digits or punctuation marks from Latin
                // letters are no coincidence either.
                let wide = s.chars().filter(|c| !c.is_ascii()).count();
                (reading.hanzi >= self.params.min_recovered_hanzi || wide >= 4)
                    && (reading.hanzi == 0 || reading.mean() >= self.params.min_decoded_score)
            };
            (s.chars().all(is_textual) && enough).then_some(reading)
        };
        let found = try_len(bytes.len()).map(|r| (bytes.len(), r)).or_else(|| {
            (bytes.len() > 2).then(|| try_len(bytes.len() - 1).map(|r| (bytes.len() - 1, r)))?
        });
        let hit = found.is_some();
        if let Some((len, reading)) = found {
            Self::push(
                hits,
                covered,
                base,
                base + len,
                Mechanism::GbkAsLatin1,
                Some(reading.text),
            );
        }
        hit
    }

    /// Runs of GBK-encodable non-ASCII chars (with `?`/U+FFFD standing for a
    /// lost byte) re-encoded to GB18030 and read back as UTF-8.
    fn find_utf8_as_gbk(
        &self,
        chars: &[char],
        covered: &mut [bool],
        hits: &mut Vec<GarbleHit>,
        relaxed: bool,
    ) {
        let mut encoder = GB18030.new_encoder();
        let mut i = 0;
        while i < chars.len() {
            // Only a run with a rare hanzi is read back (`rare` below), and
            // the runs lie inside the stretch of uncovered non-ASCII chars
            // (and `?`) from here: a stretch without one is passed over
            // without encoding it (most cells that reach here have a `？`
            // or two rare chars far apart, and no mojibake).
            if !relaxed {
                let mut k = i;
                let mut rare = false;
                while k < chars.len() && !covered[k] && (chars[k] == '?' || !chars[k].is_ascii()) {
                    if is_hanzi(chars[k]) && self.score(chars[k]) < self.params.rare_score {
                        rare = true;
                        break;
                    }
                    k += 1;
                }
                if !rare {
                    i = k.max(i + 1);
                    continue;
                }
            }
            let start = i;
            let mut bytes: Vec<u8> = Vec::new();
            let mut lost: Vec<bool> = Vec::new();
            let mut offsets: Vec<usize> = Vec::new();
            let mut rare = false;
            while i < chars.len() && !covered[i] {
                let c = chars[i];
                let mut buf = [0u8; 8];
                let mut tmp = [0u8; 4];
                let enc: &[u8] = if c == '?' || c == '\u{FFFD}' {
                    &[]
                } else if c == '€' {
                    // WHATWG GBK decodes the lone byte 0x80 as €.
                    &[0x80]
                } else if c.is_ascii() {
                    break;
                } else {
                    let (_, _, written) = encoder.encode_from_utf8_without_replacement(
                        c.encode_utf8(&mut tmp),
                        &mut buf,
                        false,
                    );
                    if written != 2 {
                        break;
                    }
                    &buf[..2]
                };
                offsets.push(bytes.len());
                if enc.is_empty() {
                    bytes.push(0);
                    lost.push(true);
                } else {
                    bytes.extend_from_slice(enc);
                    lost.extend(enc.iter().map(|_| false));
                }
                if relaxed || (is_hanzi(c) && self.score(c) < self.params.rare_score) {
                    rare = true;
                }
                i += 1;
            }
            if i == start {
                i += 1;
                continue;
            }
            offsets.push(bytes.len());
            // A field cut to a length limit ends inside a UTF-8 sequence with
            // no `?` to mark the lost byte: add one as a phantom char past
            // the run's end, which a span may use but never reports.
            let phantom = i == chars.len() && !lost.last().is_some_and(|l| *l);
            if phantom {
                bytes.push(0);
                lost.push(true);
                offsets.push(bytes.len());
            }
            if rare {
                let spans = Utf8Spans {
                    base: start,
                    bytes: &bytes,
                    lost: &lost,
                    offsets: &offsets,
                    phantom,
                };
                self.utf8_spans(chars, &spans, covered, hits, relaxed);
            }
        }
    }

    /// Greedy scan of one GB18030 run for stretches that read as UTF-8.
    fn utf8_spans(
        &self,
        chars: &[char],
        run: &Utf8Spans<'_>,
        covered: &mut [bool],
        hits: &mut Vec<GarbleHit>,
        relaxed: bool,
    ) {
        let Utf8Spans {
            base,
            bytes,
            lost,
            offsets,
            phantom,
        } = *run;
        let n = offsets.len() - 1;
        let mut i = 0;
        while i < n {
            let mut p = offsets[i];
            let mut j = i;
            let mut reading = Reading {
                text: String::new(),
                hanzi: 0,
                score_sum: 0.0,
            };
            // (end, text length, hanzi, score sum, hanzi and CJK punctuation)
            // at the last point where the reading ends on a char boundary.
            let mut best: Option<(usize, usize, usize, f64, usize)> = None;
            // Decoded hanzi and CJK punctuation; other symbols do not count
            // (搂 is C2 A7, the UTF-8 of §: 搂搂搂 is not mojibake).
            let mut wide = 0;
            while let Some((c, len)) =
                self.next_utf8(bytes, lost, p, reading.text.chars().next_back())
            {
                if !is_textual(c) {
                    break;
                }
                reading.text.push(c);
                if is_hanzi(c) {
                    reading.hanzi += 1;
                    reading.score_sum += f64::from(self.score(c));
                }
                if is_hanzi(c) || is_cjk_punct(c) {
                    wide += 1;
                }
                p += len;
                while j < n && offsets[j + 1] <= p {
                    j += 1;
                }
                if offsets[j] == p {
                    best = Some((
                        j,
                        reading.text.len(),
                        reading.hanzi,
                        reading.score_sum,
                        wide,
                    ));
                }
            }
            if let Some((mut end, text_len, hanzi, sum, wide)) = best {
                if phantom && end == n {
                    end = n - 1;
                }
                if end <= i {
                    i += 1;
                    continue;
                }
                let mean = if hanzi == 0 { 0.0 } else { sum / hanzi as f64 };
                let orig = self.reading(chars[base + i..base + end].iter().copied());
                let orig_mean = orig.score_sum / (end - i) as f64;
                let plausible = mean >= self.params.min_decoded_score
                    && mean - orig_mean >= self.params.min_plausibility_gain;
                // Without hanzi (full-width digits, punctuation) only a long
                // valid stretch is evidence enough.
                let accept = if relaxed {
                    wide >= 1 && (hanzi == 0 || plausible)
                } else if hanzi == 0 {
                    wide >= 3
                } else {
                    hanzi >= self.params.min_recovered_hanzi && plausible
                };
                if accept {
                    reading.text.truncate(text_len);
                    Self::push(
                        hits,
                        covered,
                        base + i,
                        base + end,
                        Mechanism::Utf8AsGbk,
                        Some(reading.text),
                    );
                    i = end;
                    continue;
                }
            }
            i += 1;
        }
    }

    /// Decode one UTF-8 char at `p`; a single lost byte inside a sequence is
    /// guessed as the continuation that gives the likeliest char after
    /// `prev`: a dictionary word with it first, then the most frequent.
    fn next_utf8(
        &self,
        bytes: &[u8],
        lost: &[bool],
        p: usize,
        prev: Option<char>,
    ) -> Option<(char, usize)> {
        if p >= bytes.len() || lost[p] {
            return None;
        }
        let len = match bytes[p] {
            0x20..=0x7E => 1,
            0xC2..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF4 => 4,
            _ => return None,
        };
        let seq = bytes.get(p..p + len)?;
        let holes: Vec<usize> = (0..len).filter(|k| lost[p + k]).collect();
        match holes.as_slice() {
            [] => std::str::from_utf8(seq)
                .ok()?
                .chars()
                .next()
                .map(|c| (c, len)),
            [k] if len == 3 => {
                let mut buf = [seq[0], seq[1], seq[2]];
                let mut best: Option<(u16, char)> = None;
                for b in 0x80..=0xBFu8 {
                    buf[*k] = b;
                    if let Some(c) = std::str::from_utf8(&buf)
                        .ok()
                        .and_then(|s| s.chars().next())
                    {
                        let context = prev.is_some_and(|p| {
                            self.bigrams.contains(&bigram_key(p, c))
                                || (p.is_ascii_digit() && AFTER_DIGIT.contains(c))
                        });
                        let s = self.score(c).max(punct_score(c))
                            + if context { BIGRAM_BONUS } else { 0 };
                        if s > 0 && best.is_none_or(|(bs, _)| s > bs) {
                            best = Some((s, c));
                        }
                    }
                }
                best.map(|(_, c)| (c, len))
            }
            _ => None,
        }
    }

    /// U+FFFD, controls, private use and zero-width characters.
    fn find_bad_chars(&self, chars: &[char], covered: &mut [bool], hits: &mut Vec<GarbleHit>) {
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            let kind = if covered[i] {
                None
            } else if c == '\u{FFFD}' {
                Some((Mechanism::ReplacementChar, None))
            } else if is_control(c) {
                Some((Mechanism::ControlChar, Some(String::new())))
            } else if is_private_use(c) {
                Some((Mechanism::PrivateUse, None))
            } else if is_zero_width(c) && !legit_joiner(chars, i) {
                Some((Mechanism::ZeroWidth, Some(String::new())))
            } else {
                None
            };
            let Some((mechanism, recovered)) = kind else {
                i += 1;
                continue;
            };
            let start = i;
            let same = |c: char| match mechanism {
                Mechanism::ReplacementChar => c == '\u{FFFD}',
                Mechanism::ControlChar => is_control(c),
                Mechanism::PrivateUse => is_private_use(c),
                _ => is_zero_width(c),
            };
            while i < chars.len() && !covered[i] && same(chars[i]) {
                if mechanism == Mechanism::ZeroWidth && legit_joiner(chars, i) {
                    break;
                }
                i += 1;
            }
            Self::push(hits, covered, start, i, mechanism, recovered);
        }
    }

    /// Runs of `?`/`？` that stand in for characters.
    ///
    /// Encoders write ASCII `?` (0x3F) for what they cannot encode, while
    /// citizens type `？？？` and `???` for emphasis anywhere in an appeal
    /// (`外观很是可爱???可是…` is real review text). So a run with only
    /// full-width marks fires only when marks make up the text; an ASCII run
    /// fires when it is exactly `??` between two hanzi, at the start of the
    /// text, after a space (`3 ??????`), after a hanzi when the text
    /// also has a lone `?` or `??` between hanzi (`市民反映??小区???问题`), or
    /// when marks dominate the text — never when the clause before it asks a
    /// question (`为什么还没人管??`).
    fn find_question_marks(&self, chars: &[char], covered: &mut [bool], hits: &mut Vec<GarbleHit>) {
        let min = self.params.min_question_run_in_word;
        let marks = chars.iter().filter(|c| matches!(c, '?' | '？')).count();
        let letters = chars
            .iter()
            .filter(|c| is_hanzi(**c) || c.is_alphabetic())
            .count();
        let mostly_marks =
            marks >= min && (letters == 0 || (chars.contains(&'?') && marks >= letters));
        // A short ASCII `?` run (one or two) between hanzi stands for lost
        // characters; citizens' emphasis is `???` and longer.
        let mut short_in_word = false;
        let mut k = 0;
        while k < chars.len() {
            if chars[k] == '?' {
                let start = k;
                while k < chars.len() && chars[k] == '?' {
                    k += 1;
                }
                let prev = start.checked_sub(1).map(|p| chars[p]);
                if k - start <= 2
                    && prev.is_some_and(is_hanzi)
                    && chars.get(k).copied().is_some_and(is_hanzi)
                {
                    short_in_word = true;
                }
            } else {
                k += 1;
            }
        }
        let mut i = 0;
        while i < chars.len() {
            if covered[i] || !matches!(chars[i], '?' | '？') {
                i += 1;
                continue;
            }
            let start = i;
            while i < chars.len() && !covered[i] && matches!(chars[i], '?' | '？') {
                i += 1;
            }
            let len = i - start;
            let ascii = chars[start..i].contains(&'?');
            let prev = start.checked_sub(1).map(|k| chars[k]);
            let next = chars.get(i).copied();
            let in_word = prev.is_some_and(is_hanzi) && next.is_some_and(is_hanzi);
            let question = is_question(&chars[..start]);
            let after_gap = prev.is_some_and(char::is_whitespace);
            // A long run that splits a statement (not after a question, a
            // sentence-final particle or an exclamation, and not trailing
            // off an unfinished clause) stands for lost text.
            let emphatic = prev.is_some_and(|p| "了吗啊呢吧呀嘛么哦哈啦！!".contains(p))
                || next.is_some_and(|n| matches!(n, '！' | '!'));
            let long = len >= self.params.min_long_run
                && !question
                && !emphatic
                && (next.is_some() || prev.is_some_and(|p| matches!(p, '。' | '.')));
            let fire = (mostly_marks && len >= min && (letters == 0 || !question))
                || long
                || (ascii
                    && !question
                    && ((prev.is_none() && len >= min)
                        || (in_word && len == min)
                        || (prev.is_some_and(is_hanzi) && len >= min && short_in_word)
                        || (after_gap && len >= self.params.min_question_run)));
            if fire {
                Self::push(hits, covered, start, i, Mechanism::QuestionMarks, None);
            }
        }
    }
}

fn bigram_key(a: char, b: char) -> u64 {
    (u64::from(u32::from(a)) << 32) | u64::from(u32::from(b))
}

fn is_round_trip(m: Mechanism) -> bool {
    matches!(
        m,
        Mechanism::Utf8AsGbk | Mechanism::Utf8AsLatin1 | Mechanism::GbkAsLatin1
    )
}

/// Whether the clause before a `?` run asks a question.
fn is_question(before: &[char]) -> bool {
    let clause_start = before
        .iter()
        .rposition(|c| {
            matches!(
                c,
                '。' | '！' | '!' | '，' | ',' | '；' | ';' | '\n' | '.' | '?' | '？'
            )
        })
        .map_or(0, |k| k + 1);
    let clause: String = before[clause_start..].iter().collect();
    QUESTION_WORDS.iter().any(|w| clause.contains(w))
}

/// ZWJ/ZWNJ inside an emoji sequence or between letters of a joining script.
fn legit_joiner(chars: &[char], i: usize) -> bool {
    if !matches!(chars[i], '\u{200D}' | '\u{200C}') {
        return false;
    }
    let (Some(prev), Some(next)) = (i.checked_sub(1).map(|k| chars[k]), chars.get(i + 1)) else {
        return false;
    };
    (chars[i] == '\u{200D}' && is_emoji_part(prev) && is_emoji_part(*next))
        || (uses_joiners(prev) && uses_joiners(*next))
}

/// One GB18030-encoded run: its first char, its bytes, which bytes were
/// lost (`?`/U+FFFD), and the byte offset of each char (plus the end).
#[derive(Clone, Copy)]
struct Utf8Spans<'a> {
    base: usize,
    bytes: &'a [u8],
    lost: &'a [bool],
    offsets: &'a [usize],
    /// The last "char" is a phantom lost byte past the end of the text.
    phantom: bool,
}

/// Latin-1 bytes shaped like UTF-8 hanzi: at least three 3-byte lead bytes
/// (0xE3..=0xE9) each followed by a continuation byte.
fn utf8_shaped(bytes: &[u8]) -> bool {
    bytes
        .windows(2)
        .filter(|w| (0xE3..=0xE9).contains(&w[0]) && (0x80..=0xBF).contains(&w[1]))
        .count()
        >= 3
}

/// Whether position `i` lies inside a URL token (`scheme://…` or `www.…`).
fn inside_url(chars: &[char], i: usize) -> bool {
    let token_start = chars[..i]
        .iter()
        .rposition(|c| c.is_whitespace() || !c.is_ascii())
        .map_or(0, |k| k + 1);
    let token: String = chars[token_start..i].iter().collect();
    token.contains("://") || token.starts_with("www.")
}

/// The value of a run of hex digits (None unless all are hex).
fn hex_value(digits: &[char]) -> Option<u32> {
    digits
        .iter()
        .try_fold(0u32, |acc, c| Some(acc * 16 + c.to_digit(16)?))
}

/// A run of `&#NNN;` / `&#xHHHH;` references.
fn numeric_refs(chars: &[char], start: usize) -> Option<(usize, String)> {
    let mut i = start;
    let mut text = String::new();
    while chars.get(i) == Some(&'&') && chars.get(i + 1) == Some(&'#') {
        let hex = matches!(chars.get(i + 2), Some('x' | 'X'));
        let digits_start = i + 2 + usize::from(hex);
        let Some(semi) = chars[digits_start..].iter().take(8).position(|c| *c == ';') else {
            break;
        };
        let digits = &chars[digits_start..digits_start + semi];
        if digits.is_empty() {
            break;
        }
        let value = if hex {
            hex_value(digits)
        } else {
            digits
                .iter()
                .try_fold(0u32, |acc, c| Some(acc * 10 + c.to_digit(10)?))
        };
        let Some(c) = value.and_then(char::from_u32) else {
            break;
        };
        text.push(c);
        i = digits_start + semi + 1;
    }
    (!text.is_empty()).then_some((i, text))
}

/// The whole text with every recoverable hit replaced by its recovery;
/// None when no hit was recoverable. `hits` must come from [`Detector::detect`]
/// on the same text (sorted, non-overlapping).
pub fn repair(text: &str, hits: &[GarbleHit]) -> Option<String> {
    if !hits.iter().any(|h| h.recovered.is_some()) {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut hits = hits.iter().filter(|h| h.recovered.is_some()).peekable();
    let mut skip_until = 0;
    for (i, c) in text.chars().enumerate() {
        if let Some(h) = hits.peek()
            && h.start == i
        {
            out.push_str(h.recovered.as_deref().unwrap_or_default());
            skip_until = h.end;
            hits.next();
        }
        if i >= skip_until {
            out.push(c);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::WINDOWS_1252;

    /// One detector for all tests: building it parses the embedded tables.
    fn detector() -> &'static Detector {
        static DETECTOR: std::sync::OnceLock<Detector> = std::sync::OnceLock::new();
        DETECTOR.get_or_init(Detector::default)
    }

    fn hits(text: &str) -> Vec<GarbleHit> {
        detector().detect(text)
    }

    fn mechanisms(text: &str) -> Vec<Mechanism> {
        hits(text).iter().map(|h| h.mechanism).collect()
    }

    fn fixed(text: &str) -> Option<String> {
        repair(text, &hits(text))
    }

    fn assert_clean(texts: &[&str]) {
        for text in texts {
            assert_eq!(hits(text), vec![], "{text}");
        }
    }

    #[test]
    fn ordinary_chinese_does_not_fire() {
        assert_clean(&[
            "市民反映小区门口路灯不亮，请相关部门尽快处理。",
            "经核实，该路段路灯线路老化，已于3月20日更换完毕，市民表示满意。",
        ]);
    }

    #[test]
    fn gbk_chars_whose_bytes_happen_to_be_utf8_do_not_fire() {
        // 搂 is C2 A7 in GBK, the UTF-8 of §: the reading has no hanzi.
        assert_clean(&["搂搂搂搂抱抱搂梯"]);
    }

    #[test]
    fn rare_name_characters_do_not_fire() {
        assert_clean(&[
            "邵阳市洞口县、隆回县、新邵县的市民来电。",
            "塅里村垅上组的刘昇、王珺、李瑄、张彧、陈燊、赵堃、孙犇、周淼、吴嫚反映。",
            "燊堃犇淼",
        ]);
    }

    #[test]
    fn traditional_characters_do_not_fire() {
        assert_clean(&[
            "市民反映問題：邵陽市熱線服務，請盡快處理。繁體中文",
            "為什麼還沒有人處理？？",
        ]);
    }

    #[test]
    fn mixed_scripts_and_digits_do_not_fire() {
        assert_clean(&[
            "WiFi密码错误，iPhone 15无法连接，5G基站信号差，PM2.5超标。",
            "满意率98.71%，环比上升0.5%。",
            "C:\\Users\\admin\\桌面",
            "约翰·史密斯在25°C时测得3×4的结果",
        ]);
    }

    #[test]
    fn urls_and_emails_do_not_fire() {
        assert_clean(&[
            "详见 https://www.shaoyang.gov.cn/sy/index.html?id=3&type=2 或发邮件至 12345@shaoyang.gov.cn",
            "https://example.cn/s?q=%E5%B8%82%E6%B0%91",
            "a%20b",
        ]);
    }

    #[test]
    fn emoji_do_not_fire() {
        assert_clean(&[
            "谢谢👍🙏，一家人👨\u{200D}👩\u{200D}👧都很满意😊",
            "点赞👍🏻",
            "🏳️\u{200D}🌈",
        ]);
    }

    #[test]
    fn full_width_punctuation_does_not_fire() {
        assert_clean(&[
            "标点：，。！？：；“”‘’（）【】《》、…—",
            "诉求内容——噪音扰民……请尽快处理！",
        ]);
    }

    #[test]
    fn accented_latin_names_do_not_fire() {
        assert_clean(&[
            "外籍人士José在Café门口反映",
            "来自Zürich的Müller先生咨询签证延期。",
        ]);
    }

    #[test]
    fn citizens_question_marks_do_not_fire() {
        assert_clean(&[
            "为什么还没人管？？",
            "为什么还没人管??",
            "这件事拖了三个月了，到底有没有人管？？？",
            "外观很是可爱???可是晚上再一看价格就变了",
            "已经处理了吗??谢谢",
            "网址 a.cn/?x=1",
        ]);
    }

    #[test]
    fn plain_text_takes_the_fast_path() {
        let d = Detector::default();
        assert!(d.is_plainly_clean("市民反映小区门口路灯不亮，请相关部门尽快处理。"));
        assert!(!d.is_plainly_clean("甯傛皯鍙嶆槧"));
    }

    #[test]
    fn signatures() {
        assert_eq!(
            mechanisms("办结内容锟斤拷锟斤拷"),
            vec![Mechanism::Mojibake]
        );
        assert_eq!(mechanisms("烫烫烫烫烫"), vec![Mechanism::Mojibake]);
        assert_eq!(mechanisms("屯屯屯屯"), vec![Mechanism::Mojibake]);
        assert_eq!(mechanisms("水烫烫的"), vec![]);
        assert_eq!(
            mechanisms("已办结\u{FFFD}\u{FFFD}"),
            vec![Mechanism::ReplacementChar]
        );
    }

    #[test]
    fn utf8_as_gbk_is_recovered() {
        assert_eq!(fixed("甯傛皯鍙嶆槧").as_deref(), Some("市民反映"));
        assert_eq!(mechanisms("甯傛皯鍙嶆槧"), vec![Mechanism::Utf8AsGbk]);
    }

    #[test]
    fn partly_garbled_text_is_repaired_in_place() {
        let garbled = GBK.decode_without_bom_handling("反映小区问题".as_bytes()).0;
        assert_eq!(
            fixed(&format!("市民来电：{garbled}")).as_deref(),
            Some("市民来电：反映小区问题")
        );
        assert_eq!(
            fixed("办结内容：å¸‚æ°‘ 满意").as_deref(),
            Some("办结内容：市民 满意")
        );
        assert_eq!(fixed("ÊÐÃñ 12345 ·´Ó³").as_deref(), Some("市民 12345 反映"));
    }

    #[test]
    fn lost_byte_is_guessed_from_context() {
        // 情况 is E6 83 85 E5 86 B5; GBK reading loses the last byte.
        let garbled = GBK
            .decode_without_bom_handling("情况".as_bytes())
            .0
            .into_owned();
        assert_eq!(fixed(&garbled).as_deref(), Some("情况"));
    }

    #[test]
    fn field_cut_inside_a_char_is_recovered() {
        // A length limit cut the mojibake after 7 chars: 14 bytes, the
        // last of 情 lost with no `?` to mark it.
        let garbled: String = GBK
            .decode_without_bom_handling("市民反映情况".as_bytes())
            .0
            .chars()
            .take(7)
            .collect();
        assert_eq!(fixed(&garbled).as_deref(), Some("市民反映情"));
    }

    #[test]
    fn utf8_as_latin1_is_recovered() {
        assert_eq!(fixed("å¸‚æ°‘").as_deref(), Some("市民"));
        assert_eq!(mechanisms("å¸‚æ°‘"), vec![Mechanism::Utf8AsLatin1]);
    }

    #[test]
    fn emoji_in_mojibake_are_recovered() {
        let garbled = WINDOWS_1252
            .decode_without_bom_handling("满意👍".as_bytes())
            .0;
        assert_eq!(fixed(&garbled).as_deref(), Some("满意👍"));
    }

    #[test]
    fn gbk_as_latin1_is_recovered() {
        assert_eq!(fixed("ÊÐÃñ·´Ó³").as_deref(), Some("市民反映"));
        assert_eq!(mechanisms("ÊÐÃñ·´Ó³"), vec![Mechanism::GbkAsLatin1]);
    }

    #[test]
    fn escapes_are_decoded() {
        assert_eq!(fixed("\\u5e02\\u6c11反映").as_deref(), Some("市民反映"));
        assert_eq!(fixed("\\\\u5e02民").as_deref(), Some("市民"));
        assert_eq!(fixed("&#24066;&#x6C11;").as_deref(), Some("市民"));
        assert_eq!(fixed("%E5%B8%82%E6%B0%91").as_deref(), Some("市民"));
        assert_eq!(fixed("%CA%D0%C3%F1").as_deref(), Some("市民"));
        assert_eq!(fixed("\\xe5\\xb8\\x82").as_deref(), Some("市"));
        assert_eq!(
            mechanisms("https://example.cn/s?q=%E5%B8%82%E6%B0%91"),
            vec![]
        );
        assert_eq!(mechanisms("a%20b"), vec![]);
    }

    #[test]
    fn invisible_and_control_chars() {
        assert_eq!(mechanisms("市民\u{200B}反映"), vec![Mechanism::ZeroWidth]);
        assert_eq!(fixed("市民\u{200B}反映").as_deref(), Some("市民反映"));
        assert_eq!(mechanisms("市民\u{0007}反映"), vec![Mechanism::ControlChar]);
        assert_eq!(mechanisms("市民\u{E000}反映"), vec![Mechanism::PrivateUse]);
        assert_eq!(mechanisms("市民\t反映\r\n"), vec![]);
        assert_eq!(mechanisms("👨\u{200D}👩\u{200D}👧"), vec![]);
        assert_eq!(mechanisms("市民\u{200D}反映"), vec![Mechanism::ZeroWidth]);
    }

    #[test]
    fn long_runs_that_split_a_statement() {
        for garbled in [
            "市民通过电话反？？？？？？？？持续了一个多星期",
            "经系统回访，市？？？？？？？？？，系统自动办结",
            "已电话告知市民，市民表示认可。??????????",
            "家住经开区金龙路???????????，影响周边居民",
        ] {
            assert_eq!(
                mechanisms(garbled),
                vec![Mechanism::QuestionMarks],
                "{garbled}"
            );
        }
        for emphatic in [
            "我把卫生间的盒子给拆了？？？？？？差点没给气死",
            "居然硬盘只分了一个区？？？？？！！",
            "金额与发票金额不符财务没有办法入账？？？？？？？？",
            "这样的财务水准是不是有点问题？？？？？？？？？现在怎么办",
        ] {
            assert!(mechanisms(emphatic).is_empty(), "{emphatic}");
        }
    }

    #[test]
    fn question_marks() {
        assert_eq!(
            mechanisms("市民反映??小区???问题"),
            vec![Mechanism::QuestionMarks, Mechanism::QuestionMarks]
        );
        assert_eq!(mechanisms("????"), vec![Mechanism::QuestionMarks]);
        assert_eq!(mechanisms("为什么还没人管？？"), vec![]);
        assert_eq!(mechanisms("已经处理了吗??谢谢"), vec![]);
        assert_eq!(mechanisms("网址 a.cn/?x=1"), vec![]);
    }

    #[test]
    fn mechanism_codes_are_kebab_case() {
        for m in [
            Mechanism::ReplacementChar,
            Mechanism::Mojibake,
            Mechanism::Utf8AsGbk,
            Mechanism::Utf8AsLatin1,
            Mechanism::GbkAsLatin1,
            Mechanism::QuestionMarks,
            Mechanism::LeakedEscape,
            Mechanism::ControlChar,
            Mechanism::PrivateUse,
            Mechanism::ZeroWidth,
        ] {
            assert!(
                m.code()
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            );
            assert!(!m.label_zh().is_empty() && !m.label_en().is_empty());
        }
    }

    #[test]
    fn params_deny_unknown_fields() {
        let p: Result<GarbleParams, _> = toml::from_str("min_question_run = 4");
        assert_eq!(p.map(|p| p.min_question_run).ok(), Some(4));
        assert!(toml::from_str::<GarbleParams>("nope = 1").is_err());
    }

    #[test]
    fn detector_is_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Detector>();
    }
}
