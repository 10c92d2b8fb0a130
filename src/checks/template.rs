//! `template`: the same closing text, once names, numbers, dates and places
//! are masked, answers many tickets whose appeals differ — a template pasted
//! instead of handling (GD505). Texts are grouped by a hash of their masked
//! form; every compared ticket is kept in compact form (48 bytes) until the
//! end of the export, so memory grows with tickets.

use std::borrow::Cow;
use std::hash::{DefaultHasher, Hash, Hasher};

use regex::Regex;
use serde::Deserialize;

use super::call_link::normalize_id;
use super::compact::{Id, Interner};
use super::cond::{Cond, CondSpec, all_hold};
use super::pattern_set::{first_chars, last_chars};
use super::{Deferred, FieldRef, Finding, Prepared, RowCtx, RowRef};
use crate::input::Schema;
use crate::report::Lang;

/// Parameters of `kind = "template"`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateSpec {
    /// The reply field compared across tickets.
    pub field: String,
    /// The appeal field that must differ.
    pub content_field: String,
    /// Fire when one masked text answers at least this many tickets…
    pub min_tickets: usize,
    /// …with at least this many different appeals.
    pub min_distinct_appeals: usize,
    /// Texts shorter than this are ignored (a bare "已办结" is not a template).
    pub min_chars: usize,
    /// Regexes whose matches are masked before comparing (names, numbers,
    /// dates, places).
    pub masks: Vec<String>,
    /// Only tickets where these hold (e.g. a handling unit's report, not
    /// the hotline's own stock answers).
    #[serde(default)]
    pub when: Vec<CondSpec>,
    /// How many ticket ids a message lists before "…".
    #[serde(default = "ten")]
    pub list: usize,
}

fn ten() -> usize {
    10
}

/// The compiled check.
#[derive(Debug)]
pub struct Template {
    field: FieldRef,
    content: FieldRef,
    ticket: FieldRef,
    unit: FieldRef,
    min_tickets: usize,
    min_distinct: usize,
    min_chars: usize,
    masks: Vec<Regex>,
    /// Which masks a text may need.
    needs: MaskChars,
    when: Vec<Cond>,
    list: usize,
}

/// What a mask writes in place of its match.
const MASK: &str = "〇";

/// Which masks can match a text, told from its characters in one pass.
/// A match of a mask starts with one of its first characters and ends
/// with one of its last ones ([`first_chars`], [`last_chars`]); a text
/// without either cannot match, and the mask's search is skipped (most
/// replies have no digit, no date, no 先生). Masking only removes
/// characters and writes [`MASK`], so the characters of the original
/// text tell it for every mask but those that may start or end with the
/// mask character itself, which are searched once a mask has replaced
/// something. The first eight masks are told apart; the others are
/// always searched.
struct MaskChars {
    /// A word per code point of the Basic Multilingual Plane: bit `i`
    /// when it may start a match of mask `i`, bit `8 + i` when it may end
    /// one. A character beyond the plane may do both for every mask.
    table: Box<[u16]>,
    /// The bits of every mask told apart.
    all: u16,
    /// Masks whose characters cannot be told: always searched.
    always: u8,
    /// Masks that may start or end with [`MASK`].
    after_masking: u8,
}

impl std::fmt::Debug for MaskChars {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MaskChars")
            .field("always", &self.always)
            .field("after_masking", &self.after_masking)
            .finish_non_exhaustive()
    }
}

impl MaskChars {
    fn new(masks: &[String]) -> MaskChars {
        let mut needs = MaskChars {
            table: vec![0u16; 0x1_0000].into_boxed_slice(),
            all: 0,
            always: 0,
            after_masking: 0,
        };
        let mask = MASK.chars().next().unwrap_or_default();
        for (i, m) in masks.iter().take(8).enumerate() {
            let bit = 1u8 << i;
            let (Some(firsts), Some(lasts)) = (first_chars(m), last_chars(m)) else {
                needs.always |= bit;
                continue;
            };
            for (shift, set) in [(0, firsts), (8, lasts)] {
                let word = 1u16 << (i + shift);
                needs.all |= word;
                for (a, b) in set {
                    if (a..=b).contains(&mask) {
                        needs.after_masking |= bit;
                    }
                    for cp in u32::from(a)..=u32::from(b).min(0xFFFF) {
                        needs.table[cp as usize] |= word;
                    }
                }
            }
        }
        needs
    }

    /// The bits of the masks (of the first eight) that may match `text`.
    fn of(&self, text: &str) -> u8 {
        let mut seen = 0u16;
        for c in text.chars() {
            seen |= self.table.get(c as usize).copied().unwrap_or(u16::MAX);
            if seen & self.all == self.all {
                break;
            }
        }
        let [starts, ends] = seen.to_le_bytes();
        (starts & ends) | self.always
    }
}

/// Whether a character stays in the compared form: a letter or digit of
/// any script, or [`MASK`]. ASCII and the common hanzi are told without
/// the Unicode tables (`char::is_alphanumeric` looks every other
/// character up).
fn kept(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        ('\u{4E00}'..='\u{9FFF}').contains(&c) || c == '〇' || c.is_alphanumeric()
    }
}

/// A ticket whose reply is long enough to be compared, in 48 bytes:
/// hashes of its masked reply and appeal, where it stands, its packed id
/// and interned unit. Every such ticket is kept until the end of the
/// export, so nothing more.
#[derive(Debug)]
struct Member {
    reply: u64,
    appeal: u64,
    /// The packed id ([`Id::Packed`]); `[0, 0]` for none (no id packs to
    /// 0); [`TEXT_ID`] in the high half for an id that does not pack, the
    /// low half then its place in [`State::texts`].
    ticket: [u64; 2],
    row: u64,
    table: u32,
    /// Interned; `u32::MAX` for none.
    unit: u32,
}

/// Marks a member's id as one kept whole (a packed id is below 2¹²⁶).
const TEXT_ID: u64 = 1 << 63;

/// The compared tickets in file order (grouped by reply at the end), and
/// the units they name.
#[derive(Debug, Default)]
pub struct State {
    members: Vec<Member>,
    units: Interner,
    /// The ids that do not pack.
    texts: Vec<Box<str>>,
}

impl State {
    /// The id of a member as written.
    fn ticket(&self, m: &Member) -> Option<String> {
        match m.ticket {
            [0, 0] => None,
            [TEXT_ID, i] => usize::try_from(i)
                .ok()
                .and_then(|i| self.texts.get(i))
                .map(ToString::to_string),
            packed => Some(Id::Packed(packed).text()),
        }
    }
}

fn hash(s: &str) -> u64 {
    let mut h = DefaultHasher::new();
    s.hash(&mut h);
    h.finish()
}

impl Template {
    /// # Errors
    /// Unknown field, bad mask regex, thresholds below 2.
    pub fn compile(spec: TemplateSpec, schema: &Schema) -> Result<Self, String> {
        if spec.min_tickets < 2 || spec.min_distinct_appeals < 2 {
            return Err("`min_tickets` and `min_distinct_appeals` must be at least 2".to_owned());
        }
        Ok(Template {
            field: FieldRef::resolve(schema, &spec.field)?,
            content: FieldRef::resolve(schema, &spec.content_field)?,
            ticket: FieldRef::resolve(schema, "ticket_id")?,
            unit: FieldRef::resolve(schema, "unit")?,
            min_tickets: spec.min_tickets,
            min_distinct: spec.min_distinct_appeals,
            min_chars: spec.min_chars,
            needs: MaskChars::new(&spec.masks),
            masks: spec
                .masks
                .iter()
                .map(|m| Regex::new(m).map_err(|e| format!("bad mask `{m}`: {e}")))
                .collect::<Result<_, _>>()?,
            when: Cond::compile_all(&spec.when, schema)?,
            list: spec.list.max(1),
        })
    }

    /// The masked form a text is compared by: masks applied, then spaces
    /// and punctuation dropped.
    #[must_use]
    pub fn masked(&self, text: &str) -> String {
        let needed = self.needs.of(text);
        let mut replaced_any = 0u8;
        // A mask that finds nothing leaves the text as it was: no copy.
        let mut s = Cow::Borrowed(text);
        for (i, m) in self.masks.iter().enumerate() {
            let bit = if i < 8 { 1u8 << i } else { 0 };
            if bit != 0 && needed & bit == 0 && replaced_any & self.needs.after_masking & bit == 0 {
                continue;
            }
            if let Cow::Owned(replaced) = m.replace_all(&s, MASK) {
                s = Cow::Owned(replaced);
                replaced_any = u8::MAX;
            }
        }
        // Copied a run of kept characters at a time.
        let mut out = String::with_capacity(s.len());
        let mut run = 0;
        for (i, c) in s.char_indices() {
            if !kept(c) {
                out.push_str(&s[run..i]);
                run = i + c.len_utf8();
            }
        }
        out.push_str(&s[run..]);
        out
    }

    /// Mask and hash the reply and the appeal (parallel phase).
    #[must_use]
    pub fn prepare(&self, ctx: &RowCtx) -> Prepared {
        let text = ctx.text(&self.field);
        if text.chars().count() < self.min_chars || !all_hold(&self.when, ctx) {
            return Prepared::Nothing;
        }
        Prepared::Template {
            reply: hash(&self.masked(text)),
            appeal: hash(&self.masked(ctx.text(&self.content))),
        }
    }

    pub fn observe(&self, ctx: &RowCtx, prepared: Prepared, state: &mut State) {
        let Prepared::Template { reply, appeal } = prepared else {
            return;
        };
        let ticket = normalize_id(ctx.text(&self.ticket));
        let unit = ctx.text(&self.unit);
        let unit = if unit.is_empty() {
            u32::MAX
        } else {
            state.units.intern(unit)
        };
        // Not the text: every reply of the export would be held until the
        // end. The message names the group; the cell is located.
        let ticket = if ticket.is_empty() {
            [0, 0]
        } else {
            match Id::new(ticket) {
                Id::Packed(p) => p,
                Id::Text(t) => {
                    state.texts.push(t);
                    [TEXT_ID, (state.texts.len() - 1) as u64]
                }
            }
        };
        state.members.push(Member {
            reply,
            appeal,
            ticket,
            row: ctx.row.number,
            table: u32::try_from(ctx.table).unwrap_or(u32::MAX),
            unit,
        });
    }

    pub fn finish(&self, mut state: State, lang: Lang, out: &mut Vec<Deferred>) {
        let mut members = std::mem::take(&mut state.members);
        let units = &state.units;
        // Stable: each group's members stay in file order.
        members.sort_by_key(|m| m.reply);
        for g in members.chunk_by(|a, b| a.reply == b.reply) {
            if g.len() < self.min_tickets {
                continue;
            }
            let mut appeals: Vec<u64> = g.iter().map(|m| m.appeal).collect();
            appeals.sort_unstable();
            appeals.dedup();
            if appeals.len() < self.min_distinct {
                continue;
            }
            let n = g.len();
            let with_id = g.iter().filter(|m| m.ticket != [0, 0]).count();
            let shown = g
                .iter()
                .filter_map(|m| state.ticket(m))
                .take(self.list)
                .collect::<Vec<_>>()
                .join(lang.pick("、", ", "));
            let more = if with_id > self.list {
                lang.pick(" 等", " …")
            } else {
                ""
            };
            for m in g {
                let detail = match lang {
                    Lang::Zh => format!(
                        "同一段办结内容（屏蔽姓名、数字、日期、地点后相同）答复了 {n} 张工单，其中诉求内容互不相同的有 {} 种：{shown}{more}",
                        appeals.len()
                    ),
                    Lang::En => format!(
                        "the same closing text (after masking names, numbers, dates, places) answers {n} tickets with {} different appeals: {shown}{more}",
                        appeals.len()
                    ),
                };
                let mut f = Finding::at(self.field.id, detail);
                f.args.push(("count", n.to_string()));
                out.push(Deferred {
                    at: RowRef {
                        table: m.table as usize,
                        row: m.row,
                        ticket: state.ticket(m),
                        unit: (m.unit != u32::MAX).then(|| units.get(m.unit).to_owned()),
                        text: None,
                    },
                    finding: f,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// BENCHMARKS.md states this size per compared ticket.
    #[test]
    fn a_member_takes_48_bytes() {
        assert_eq!(std::mem::size_of::<Member>(), 48);
    }

    /// The masked form as it is defined: every mask in turn, then
    /// everything but letters, digits and the mask character dropped.
    fn masked_plainly(masks: &[&str], text: &str) -> String {
        let mut s = text.to_owned();
        for m in masks {
            s = Regex::new(m).unwrap().replace_all(&s, MASK).into_owned();
        }
        s.chars()
            .filter(|c| c.is_alphanumeric() || *c == '〇')
            .collect()
    }

    fn with_masks(masks: &[&str]) -> Template {
        let schema = Schema::builtin().unwrap();
        let spec = TemplateSpec {
            field: "closing_text".to_owned(),
            content_field: "content".to_owned(),
            min_tickets: 5,
            min_distinct_appeals: 3,
            min_chars: 15,
            masks: masks.iter().map(|&m| m.to_owned()).collect(),
            when: Vec::new(),
            list: 10,
        };
        Template::compile(spec, &schema).unwrap()
    }

    fn same_as_plainly(masks: &[&str], texts: &[&str]) {
        let t = with_masks(masks);
        for text in texts {
            assert_eq!(
                t.masked(text),
                masked_plainly(masks, text),
                "{masks:?} on {text:?}"
            );
        }
    }

    #[test]
    fn keeps_letters_digits_and_the_mask() {
        for c in '\0'..=char::MAX {
            assert_eq!(kept(c), c.is_alphanumeric() || c == '〇', "{c:?}");
        }
    }

    /// The rule's own masks, on texts with and without what they mask.
    #[test]
    fn masks_as_the_rule_defines() {
        let masks = [
            "\\d{2,4}年\\d{1,2}月\\d{1,2}日|\\d{1,2}月\\d{1,2}日|\\d{4}[-/.]\\d{1,2}[-/.]\\d{1,2}",
            "\\d{1,2}[:：时点]\\d{0,2}分?",
            "[\\p{Han}]{1,3}(先生|女士|同志|师傅|老师|阿姨|大爷)",
            "(工作人员|民警|科长)[\\p{Han}]{1,3}?(到|于|前往|同志)",
            "[\\p{Han}]{2,10}(路|街|小区|村|社区|号楼)",
            "[0-9０-９]+",
        ];
        same_as_plainly(
            &masks,
            &[
                "",
                "您好，您反映的问题已收悉，我单位高度重视，已安排专人处理。",
                "王先生您好，3月5日我局已安排工作人员前往现场处理，处理结果已告知。",
                "2024年3月5日14:30，民警李某到宝庆路12号楼处置，李女士表示满意。",
                "经核实，１２３号已修复；科长张同志于９点到场。Tel 0739-1234567",
                "先生",
                "生先",
                "路",
                "红旗路",
                "𝟑月𝟓日 𠀀先生 ",
            ],
        );
    }

    /// A mask that may start or end with the mask character finds
    /// what an earlier mask wrote, though the text had no such
    /// character; masks past the eighth, and those that can match the
    /// empty string, are always searched.
    #[test]
    fn masks_what_an_earlier_mask_wrote() {
        same_as_plainly(
            &["\\d+", "〇号楼", "楼〇*", "[〇]{2}"],
            &["3号楼", "号楼", "3楼", "12 34", "三号楼"],
        );
        let nine = ["a", "b", "c", "d", "e", "f", "g", "h", "x+", "y?"];
        same_as_plainly(&nine, &["xyz", "abc", "", "zzz"]);
        same_as_plainly(&["a*b?", "c"], &["甲c", "abc", ""]);
    }

    #[test]
    fn ids_come_back_as_written() {
        let mut state = State::default();
        state.texts.push("工单-甲".into());
        let member = |ticket| Member {
            reply: 0,
            appeal: 0,
            ticket,
            row: 2,
            table: 0,
            unit: u32::MAX,
        };
        let Id::Packed(p) = Id::new("SY240301000001") else {
            panic!("packs")
        };
        assert_eq!(state.ticket(&member(p)).as_deref(), Some("SY240301000001"));
        assert_eq!(
            state.ticket(&member([TEXT_ID, 0])).as_deref(),
            Some("工单-甲")
        );
        assert_eq!(state.ticket(&member([0, 0])), None);
    }
}
