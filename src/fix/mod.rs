//! `gongdan fix`: what is mechanical is repaired in a copy of the export.
//!
//! Place in the pipeline: beside `report`. [`Fixer`] decides, cell by cell,
//! what a repaired value is, from the same compiled rules `check` uses (the
//! GD101 detector and fields, the GD702 enumerations and their documented
//! variants) and the field types of the alias schema. The writers in
//! [`csv`], [`json`] and [`xlsx`] stream the input again and write a copy in
//! the same format and encoding, changing only the cells the fixer changed;
//! every change is a [`Change`] for the change log ([`log`]).
//!
//! Fixes are classed as ruff classes them: **safe** ones are applied by
//! default, **unsafe** ones (a guess is involved) only with `--unsafe-fixes`,
//! and text that needs judgement or whose bytes are lost is never touched.

pub mod csv;
pub mod datefmt;
pub mod json;
pub mod log;
pub mod xlsx;

use std::sync::atomic::{AtomicU64, Ordering};

use encoding_rs::{Encoding, GBK, WINDOWS_1252};
use serde::Serialize;

use crate::checks::garble::{Detector, GarbleHit, Mechanism, repair};
use crate::checks::{Check, FieldRef};
use crate::input::fields::FieldType;
use crate::input::{Schema, TableMeta, datetime, values};
use crate::report::Lang;
use crate::rules::RuleSet;
use datefmt::{DateStats, DateStyle};

/// Whether a fix is applied by default.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FixClass {
    /// Mechanical and exact: applied by default.
    Safe,
    /// Involves a guess: applied only with `--unsafe-fixes`.
    Unsafe,
}

impl FixClass {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            FixClass::Safe => "safe",
            FixClass::Unsafe => "unsafe",
        }
    }
}

/// One changed cell, for the change log and `--diff`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Input file, as shown by `check`.
    pub file: String,
    pub sheet: Option<String>,
    /// Spreadsheet row (the header is row 1), or line for JSON Lines.
    pub row: u64,
    /// Column header as written in the file.
    pub column: String,
    pub ticket_id: String,
    /// The rule whose defect the fix repairs.
    pub rule: &'static str,
    /// What was done, kebab-case (`utf8-as-gbk`, `date-format`, …).
    pub fix: &'static str,
    pub class: FixClass,
    pub before: String,
    pub after: String,
    /// Whether the column holds personal data (masked in output).
    #[serde(skip)]
    pub personal: bool,
}

/// Why a file is not fixed (it is then reported, not copied).
#[derive(Debug)]
pub enum Skip {
    Io(std::io::Error),
    /// UTF-16 text: gongdan reads it but does not write it back.
    Utf16,
    /// An `.xls` or `.xlsm` workbook: only `.xlsx` is written (macros and
    /// the old binary format cannot be).
    NotXlsx,
    Unreadable,
}

impl From<std::io::Error> for Skip {
    fn from(e: std::io::Error) -> Self {
        Skip::Io(e)
    }
}

/// One table to copy: the file, what was learnt of it, and how to fix it.
pub struct Target<'a> {
    pub path: &'a std::path::Path,
    pub meta: &'a TableMeta,
    pub plan: &'a TablePlan,
    pub fixer: &'a Fixer,
    pub choice: crate::input::EncodingChoice,
    /// Cells longer than this are cut by the readers: left alone here.
    pub max_cell_chars: usize,
}

/// A proposed new value for a cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CellFix {
    pub after: String,
    pub rule: &'static str,
    pub fix: &'static str,
    pub class: FixClass,
}

/// Which fixes a rule has, for `gongdan rules` and `gongdan explain`.
#[must_use]
pub fn rule_fix(code: &str) -> (&'static str, &'static str, &'static str) {
    match code {
        "GD101" => (
            "safe",
            "安全：可逐字节还原的乱码（UTF-8 被按 GBK、UTF-8 被按 Latin-1/CP1252、GBK 被按 Latin-1 解码）、泄露的 \\uXXXX 与 &#NNNNN; 转义、控制字符和零宽字符；不安全（需 --unsafe-fixes）：有字节丢失、靠猜测补字的恢复，百分号和 \\x 转义，私用区字符；不修复：锟斤拷、烫烫烫、替换字符 �、问号串（原文已丢失）",
            "safe: garble whose recovery round-trips exactly (UTF-8 read as GBK, UTF-8 read as Latin-1/CP1252, GBK read as Latin-1), leaked \\uXXXX and &#NNNNN; escapes, control and zero-width characters; unsafe (--unsafe-fixes): recoveries that guessed a lost byte, percent and \\x escapes, private-use characters; never: 锟斤拷, 烫烫烫, U+FFFD, runs of ? (the text is lost)",
        ),
        "GD702" => (
            "safe",
            "安全：规则文件中列明的写法变体（办结/已完成 → 已办结 等）及大小写、全角、首尾空格不同的取值改为规定取值",
            "safe: documented variants listed in the rule file (办结/已完成 → 已办结 …) and values differing only by case, full-width letters or surrounding spaces become the listed value",
        ),
        "GD704" => (
            "safe",
            "安全：日期时间改写为该列最常见的格式，电话号码规范化（去掉 +86、空格、横线，全角数字改半角）；不安全：年-月-日中月份大于 12 而日不大于 12 的日期按月日互换改正",
            "safe: date-times rewritten in the column's most common format, phone numbers normalised (+86, spaces, dashes, full-width digits); unsafe: a date whose month is over 12 and day is not, read with day and month swapped",
        ),
        "GD703" | "GD204" => (
            "safe",
            "安全：删除编号首尾的空格、不间断空格、全角空格和编号中的零宽字符",
            "safe: leading and trailing spaces, NBSP and full-width spaces, and zero-width characters inside ids are removed",
        ),
        _ => (
            "none",
            "无：需要人工判断，gongdan fix 不修改",
            "none: needs a person's judgement; gongdan fix leaves it",
        ),
    }
}

/// The fix line of `gongdan explain`.
#[must_use]
pub fn rule_fix_text(code: &str, lang: Lang) -> String {
    let (_, zh, en) = rule_fix(code);
    lang.pick(zh, en).to_owned()
}

/// What a column gets.
#[derive(Clone, Debug, Default)]
struct ColPlan {
    /// Free text read by GD101.
    garble: bool,
    kind: ColKind,
    personal: bool,
}

#[derive(Clone, Debug, Default)]
enum ColKind {
    #[default]
    Plain,
    /// An id: `rule` is GD703 (ticket ids) or GD204 (call ids).
    Id(&'static str),
    /// A date-time column and its prevailing style (once known).
    Date(Option<DateStyle>),
    Phone,
    /// An enumerated field of GD702.
    Enum(FieldRef),
}

/// How one table is fixed: a plan per column.
#[derive(Clone, Debug)]
pub struct TablePlan {
    cols: Vec<ColPlan>,
    pub ticket_col: Option<usize>,
}

impl TablePlan {
    /// Columns whose prevailing date style must be learnt in a first pass.
    #[must_use]
    pub fn date_columns(&self) -> Vec<usize> {
        self.cols
            .iter()
            .enumerate()
            .filter(|(_, c)| matches!(c.kind, ColKind::Date(_)))
            .map(|(i, _)| i)
            .collect()
    }

    /// Set the prevailing date styles learnt from the whole table.
    pub fn set_date_styles(&mut self, stats: &[(usize, DateStats)]) {
        for (col, s) in stats {
            if let Some(c) = self.cols.get_mut(*col) {
                c.kind = ColKind::Date(s.prevailing());
            }
        }
    }

    #[must_use]
    pub fn personal(&self, col: usize) -> bool {
        self.cols.get(col).is_some_and(|c| c.personal)
    }
}

/// The cell-level fixer: compiled once per run.
pub struct Fixer {
    garble: Option<(Detector, Vec<FieldRef>)>,
    enums: Option<crate::checks::cells::AllowedValues>,
    dates: bool,
    phones: bool,
    ids: bool,
    call_ids: bool,
    /// Apply unsafe fixes too.
    pub unsafe_fixes: bool,
    /// Unsafe fixes found but not applied (without `--unsafe-fixes`).
    pub held_back: AtomicU64,
}

impl Fixer {
    /// Build from the rules (only active rules fix) and the schema.
    #[must_use]
    pub fn new(rules: RuleSet, active: &dyn Fn(&str) -> bool, unsafe_fixes: bool) -> Fixer {
        let mut fixer = Fixer {
            garble: None,
            enums: None,
            dates: active("GD704"),
            phones: active("GD704"),
            ids: active("GD703"),
            call_ids: active("GD204"),
            unsafe_fixes,
            held_back: AtomicU64::new(0),
        };
        for rule in rules.rules {
            if !active(&rule.code) {
                continue;
            }
            match (rule.code.as_str(), rule.check) {
                ("GD101", Check::Garble(g)) => {
                    fixer.garble = Some((g.detector().clone(), g.fields().to_vec()));
                }
                ("GD702", Check::AllowedValues(a)) => fixer.enums = Some(a),
                _ => {}
            }
        }
        fixer
    }

    /// The plan for one table.
    #[must_use]
    pub fn plan(&self, meta: &TableMeta, schema: &Schema) -> TablePlan {
        let table = schema.table(meta.kind);
        let mut cols = vec![ColPlan::default(); meta.headers.len()];
        for (i, def) in table.fields.iter().enumerate() {
            let Some(col) = meta.columns.get(i).copied().flatten() else {
                continue;
            };
            let Some(c) = cols.get_mut(col) else { continue };
            c.personal = def.personal;
            let field = FieldRef {
                kind: meta.kind,
                id: crate::input::FieldId(i),
                name: def.name.clone(),
                header: def.header.clone(),
            };
            if let Some((_, fields)) = &self.garble {
                c.garble = fields
                    .iter()
                    .any(|f| f.kind == field.kind && f.id == field.id);
            }
            c.kind = match def.ty {
                FieldType::Id if def.name == "ticket_id" && self.ids => ColKind::Id("GD703"),
                FieldType::Id if def.name == "call_id" && self.call_ids => ColKind::Id("GD204"),
                FieldType::Datetime if self.dates => ColKind::Date(None),
                FieldType::Phone if self.phones => ColKind::Phone,
                _ if self.enums.as_ref().is_some_and(|e| {
                    e.fields().any(|f| f.kind == field.kind && f.id == field.id)
                }) =>
                {
                    ColKind::Enum(field)
                }
                _ => ColKind::Plain,
            };
        }
        let ticket_col = table.field("ticket_id").and_then(|id| meta.column(id));
        TablePlan { cols, ticket_col }
    }

    /// The fix of one cell, if any (and if its class is enabled).
    #[must_use]
    pub fn fix_cell(&self, plan: &TablePlan, col: usize, text: &str) -> Option<CellFix> {
        let c = plan.cols.get(col)?;
        let fix = match &c.kind {
            ColKind::Id(rule) => fix_id(text).map(|after| CellFix {
                after,
                rule,
                fix: "id-whitespace",
                class: FixClass::Safe,
            }),
            ColKind::Date(Some(style)) => fix_date(text, style),
            ColKind::Date(None) | ColKind::Plain => None,
            ColKind::Phone => fix_phone(text),
            ColKind::Enum(field) => self
                .enums
                .as_ref()
                .and_then(|e| e.canonical(field, text))
                .map(|v| CellFix {
                    after: v.to_owned(),
                    rule: "GD702",
                    fix: "enum-variant",
                    class: FixClass::Safe,
                }),
        };
        let fix = match fix {
            Some(f) => Some(f),
            None if c.garble => self.fix_garble(text),
            None => None,
        }?;
        if fix.after == text {
            return None;
        }
        if fix.class == FixClass::Unsafe && !self.unsafe_fixes {
            self.held_back.fetch_add(1, Ordering::Relaxed);
            return None;
        }
        Some(fix)
    }

    /// GD101: repair the runs whose recovery is allowed. Repeated until the
    /// text is stable, so that fixing a fixed copy changes nothing.
    fn fix_garble(&self, text: &str) -> Option<CellFix> {
        let (detector, _) = self.garble.as_ref()?;
        let mut current = text.to_owned();
        let mut class = FixClass::Safe;
        let mut first: Option<&'static str> = None;
        let mut held = false;
        for _ in 0..4 {
            let hits = detector.detect(&current);
            let chars: Vec<char> = current.chars().collect();
            let mut applied = Vec::with_capacity(hits.len());
            let mut any = false;
            for h in hits {
                let c = hit_class(&chars, &h);
                let allowed = c.is_some_and(|c| c == FixClass::Safe || self.unsafe_fixes);
                if c == Some(FixClass::Unsafe) && !self.unsafe_fixes && first.is_none() {
                    // Counted once per cell, on the first round.
                    held = true;
                }
                if allowed {
                    any = true;
                    if c == Some(FixClass::Unsafe) {
                        class = FixClass::Unsafe;
                    }
                    first.get_or_insert(h.mechanism.code());
                }
                applied.push(GarbleHit {
                    recovered: if allowed { h.recovered } else { None },
                    ..h
                });
            }
            if !any {
                break;
            }
            match repair(&current, &applied) {
                Some(next) if next != current => current = next,
                _ => break,
            }
        }
        if held {
            self.held_back.fetch_add(1, Ordering::Relaxed);
        }
        (current != text).then(|| CellFix {
            after: current,
            rule: "GD101",
            fix: first.unwrap_or("garble"),
            class,
        })
    }
}

/// The class of a garbled run's recovery in `chars`; `None` when it cannot
/// be fixed (the original is lost).
fn hit_class(chars: &[char], h: &GarbleHit) -> Option<FixClass> {
    let recovered = h.recovered.as_deref()?;
    let run: String = chars.get(h.start..h.end)?.iter().collect();
    match h.mechanism {
        // Exact only when garbling the recovery again gives back the run:
        // no byte was lost and guessed.
        Mechanism::Utf8AsGbk | Mechanism::Utf8AsLatin1 | Mechanism::GbkAsLatin1 => {
            Some(if garbles_to(h.mechanism, recovered, &run) {
                FixClass::Safe
            } else {
                FixClass::Unsafe
            })
        }
        // \u5e02 and &#24066; say which char they are; %E5 and \xe5 runs may
        // be a pasted address or a path, so a person decides.
        Mechanism::LeakedEscape => Some(if run.starts_with("\\u") || run.starts_with("&#") {
            FixClass::Safe
        } else {
            FixClass::Unsafe
        }),
        Mechanism::ControlChar | Mechanism::ZeroWidth => Some(FixClass::Safe),
        // Some GBK systems put rare name characters in the private-use area.
        Mechanism::PrivateUse => Some(FixClass::Unsafe),
        Mechanism::ReplacementChar | Mechanism::Mojibake | Mechanism::QuestionMarks => None,
    }
}

/// Whether garbling `recovered` the way `m` says gives back `run` exactly.
/// Latin-1 and windows-1252 differ on bytes 0x80–0x9F, so both are tried.
fn garbles_to(m: Mechanism, recovered: &str, run: &str) -> bool {
    let decode = |enc: &'static Encoding, bytes: &[u8]| {
        let (s, had_errors) = enc.decode_without_bom_handling(bytes);
        !had_errors && s == run
    };
    let latin1 = |bytes: &[u8]| bytes.iter().map(|&b| char::from(b)).eq(run.chars());
    match m {
        Mechanism::Utf8AsGbk => decode(GBK, recovered.as_bytes()),
        Mechanism::Utf8AsLatin1 => {
            decode(WINDOWS_1252, recovered.as_bytes()) || latin1(recovered.as_bytes())
        }
        Mechanism::GbkAsLatin1 => {
            let (bytes, _, unmappable) = GBK.encode(recovered);
            !unmappable && (decode(WINDOWS_1252, &bytes) || latin1(&bytes))
        }
        _ => false,
    }
}

fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}') || (c.is_control() && c != '\t')
}

/// Ids: no surrounding whitespace (NBSP, U+3000 included), no invisible chars.
fn fix_id(text: &str) -> Option<String> {
    let trimmed = text.trim_matches(|c: char| c.is_whitespace() || is_invisible(c));
    let out: String = trimmed.chars().filter(|c| !is_invisible(*c)).collect();
    (out != text).then_some(out)
}

/// Phones: the digits `values::parse_phone` reads (no +86, spaces, dashes,
/// full-width digits). Masked numbers are left as they are.
fn fix_phone(text: &str) -> Option<CellFix> {
    if text.trim().is_empty() || text.contains(['*', 'x', 'X']) {
        return None;
    }
    let phone = values::parse_phone(text)?;
    if phone.digits == text {
        return None;
    }
    Some(CellFix {
        after: phone.digits,
        rule: "GD704",
        fix: "phone-format",
        class: FixClass::Safe,
    })
}

/// Dates: rewritten in the column's prevailing style when nothing is lost;
/// a month over 12 with a day up to 12 is read swapped (unsafe).
fn fix_date(text: &str, style: &DateStyle) -> Option<CellFix> {
    if text.trim().is_empty() {
        return None;
    }
    if let Some(dt) = datetime::parse(text) {
        let after = style.render(&dt)?;
        if after == text || datetime::parse(&after) != Some(dt) {
            return None;
        }
        return Some(CellFix {
            after,
            rule: "GD704",
            fix: "date-format",
            class: FixClass::Safe,
        });
    }
    let dt = datefmt::parse_swapped(text)?;
    let after = style.render(&dt)?;
    if datetime::parse(&after) != Some(dt) {
        return None;
    }
    Some(CellFix {
        after,
        rule: "GD704",
        fix: "date-day-month-swap",
        class: FixClass::Unsafe,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    fn class_of(text: &str) -> Vec<(Mechanism, Option<FixClass>)> {
        let d = Detector::default();
        let c = chars(text);
        d.detect(text)
            .iter()
            .map(|h| (h.mechanism, hit_class(&c, h)))
            .collect()
    }

    #[test]
    fn exact_recoveries_are_safe_lost_bytes_are_not() {
        let (g, _, _) = GBK.decode("市民反映的问题已处理完毕".as_bytes());
        assert_eq!(
            class_of(&g),
            vec![(Mechanism::Utf8AsGbk, Some(FixClass::Safe))]
        );
        // The rule file's example lost bytes to U+FFFD: a guess at best.
        let lossy =
            "缁忕幇鍦烘牳瀹烇紝宸插畨鎺掔淮淇�浜哄憳鏇存崲璺�鐏�锛屽苟鐢佃瘽鍛婄煡甯傛皯銆�";
        assert!(
            class_of(lossy)
                .iter()
                .all(|(_, c)| *c != Some(FixClass::Safe)),
            "{:?}",
            class_of(lossy)
        );
        assert_eq!(
            class_of("锟斤拷锟斤拷，已处理。"),
            vec![(Mechanism::Mojibake, None)]
        );
        assert_eq!(
            class_of("\\u5e02\\u6c11反映"),
            vec![(Mechanism::LeakedEscape, Some(FixClass::Safe))]
        );
    }

    #[test]
    fn ids_and_phones() {
        assert_eq!(fix_id(" A1\u{a0}").as_deref(), Some("A1"));
        assert_eq!(fix_id("\u{3000}A\u{200b}1").as_deref(), Some("A1"));
        assert_eq!(fix_id("A1"), None);
        let p = |s: &str| fix_phone(s).map(|f| f.after);
        assert_eq!(p("+86 139-8765-4321").as_deref(), Some("13987654321"));
        assert_eq!(p("１３９８７６５４３２１").as_deref(), Some("13987654321"));
        assert_eq!(p("13987654321"), None);
        assert_eq!(p("139****4321"), None);
        assert_eq!(p("不详"), None);
    }
}
