//! Generic cell check kinds that a county can use in its own rule files
//! without recompiling: `required-field`, `allowed-values`, `pattern`,
//! `length`, `value-type`.

use regex::Regex;
use serde::Deserialize;

use super::cond::{Cond, CondSpec, all_hold};
use super::{Deferred, FieldRef, Finding, RowCtx, RowRef};
use crate::diagnostic::Span;
use crate::input::fields::FieldType;
use crate::input::{Schema, TableKind, TableMeta, datetime, values};
use crate::report::Lang;

fn resolve_all(schema: &Schema, names: &[String]) -> Result<Vec<FieldRef>, String> {
    names.iter().map(|n| FieldRef::resolve(schema, n)).collect()
}

fn kinds(fields: &[FieldRef]) -> Vec<TableKind> {
    let mut k: Vec<TableKind> = fields.iter().map(|f| f.kind).collect();
    k.sort();
    k.dedup();
    k
}

/// Parameters of `kind = "required-field"`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequiredFieldSpec {
    /// Fields that must not be empty.
    pub fields: Vec<String>,
    /// Only on rows where these conditions hold.
    #[serde(default)]
    pub when: Vec<CondSpec>,
    /// Further groups of fields, each required under its own conditions
    /// (`[[check.also]] fields = ["closed_at"], when = [{ field = "status", … }]`).
    #[serde(default)]
    pub also: Vec<RequiredGroupSpec>,
    /// Values that count as empty (placeholders such as `/`, `无`, `未回访`),
    /// compared after trimming.
    #[serde(default)]
    pub empty_values: Vec<String>,
    /// Why the unconditional fields are required (fills `{detail}`).
    #[serde(default)]
    pub reason: Option<crate::rules::Text>,
    /// Also report, once per table, when the column of an unconditional
    /// field is missing altogether.
    #[serde(default = "yes")]
    pub missing_column: bool,
}

/// A conditional group of `required-field`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequiredGroupSpec {
    pub fields: Vec<String>,
    #[serde(default)]
    pub when: Vec<CondSpec>,
    /// Why these fields are required here (fills `{detail}`).
    #[serde(default)]
    pub reason: Option<crate::rules::Text>,
}

fn yes() -> bool {
    true
}

#[derive(Debug)]
struct RequiredGroup {
    fields: Vec<FieldRef>,
    when: Vec<Cond>,
    reason: Option<crate::rules::Text>,
}

/// `required-field`: the field is empty (or the column missing).
#[derive(Debug)]
pub struct RequiredField {
    groups: Vec<RequiredGroup>,
    empty_values: Vec<String>,
    missing_column: bool,
}

impl RequiredField {
    /// # Errors
    /// Unknown field or bad condition.
    pub fn compile(spec: RequiredFieldSpec, schema: &Schema) -> Result<Self, String> {
        let mut groups = Vec::new();
        let first = RequiredGroupSpec {
            fields: spec.fields,
            when: spec.when,
            reason: spec.reason,
        };
        for g in std::iter::once(first).chain(spec.also) {
            if g.fields.is_empty() {
                return Err("`fields` is empty".to_owned());
            }
            groups.push(RequiredGroup {
                fields: resolve_all(schema, &g.fields)?,
                when: Cond::compile_all(&g.when, schema)?,
                reason: g.reason,
            });
        }
        Ok(RequiredField {
            groups,
            empty_values: spec.empty_values,
            missing_column: spec.missing_column,
        })
    }

    #[must_use]
    pub fn tables(&self) -> Vec<TableKind> {
        let all: Vec<FieldRef> = self
            .groups
            .iter()
            .flat_map(|g| g.fields.iter().cloned())
            .collect();
        kinds(&all)
    }

    pub fn check_table(&self, meta: &TableMeta, table: usize, lang: Lang, out: &mut Vec<Deferred>) {
        if !self.missing_column {
            return;
        }
        let unconditional = self
            .groups
            .iter()
            .filter(|g| g.when.is_empty())
            .flat_map(|g| &g.fields);
        for f in unconditional.filter(|f| f.kind == meta.kind) {
            if meta.column(f.id).is_none() {
                let header = &f.header;
                let detail = match lang {
                    Lang::Zh => format!("表中没有「{header}」列（{}），每一行都缺少该字段", f.name),
                    Lang::En => format!(
                        "the table has no “{header}” ({}) column, so every row lacks it",
                        f.name
                    ),
                };
                out.push(Deferred {
                    at: RowRef {
                        table,
                        row: meta.header_row,
                        ticket: None,
                        unit: None,
                        text: None,
                    },
                    finding: Finding {
                        detail,
                        args: vec![("column", header.clone())],
                        ..Finding::default()
                    },
                });
            }
        }
    }

    pub fn check_row(&self, ctx: &RowCtx, out: &mut Vec<Finding>) {
        for g in &self.groups {
            if !all_hold(&g.when, ctx) {
                continue;
            }
            for f in &g.fields {
                let empty = ctx.cell(f).is_some_and(|v| {
                    let v = values::trim(v);
                    v.is_empty() || self.empty_values.iter().any(|e| e == v)
                });
                // A field required by two groups is reported once.
                if empty && !out.iter().any(|x| x.field == Some(f.id)) {
                    let detail = g.reason.as_ref().map_or_else(
                        || ctx.say("这一项必须填写", "it must be filled in"),
                        |r| r.get(ctx.lang).to_owned(),
                    );
                    out.push(Finding::at(f.id, detail));
                }
            }
        }
    }
}

/// One enumerated field of `allowed-values`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnumSpec {
    pub field: String,
    /// Accepted values (compared after trimming, ASCII case ignored).
    pub values: Vec<String>,
    /// Regexes for accepted variants (`热线|来电` for a phone channel).
    #[serde(default)]
    pub patterns: Vec<String>,
    /// Documented variants and the canonical value each stands for
    /// (`办结 = "已办结"`): `gongdan fix` rewrites them (a safe fix). Each
    /// target must be one of `values`.
    #[serde(default)]
    pub variants: std::collections::BTreeMap<String, String>,
}

/// Parameters of `kind = "allowed-values"`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AllowedValuesSpec {
    pub fields: Vec<EnumSpec>,
    #[serde(default)]
    pub when: Vec<CondSpec>,
}

#[derive(Debug)]
struct Enum {
    field: FieldRef,
    values: Vec<String>,
    patterns: Vec<Regex>,
    /// The values as written in the rule file.
    canonical: Vec<String>,
    /// Folded variant → canonical value.
    variants: Vec<(String, String)>,
}

/// `allowed-values`: a non-empty value outside the field's enumeration.
#[derive(Debug)]
pub struct AllowedValues {
    fields: Vec<Enum>,
    when: Vec<Cond>,
}

fn fold(s: &str) -> String {
    values::trim(s)
        .chars()
        .map(|c| match c {
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

impl AllowedValues {
    /// # Errors
    /// Unknown field, bad regex, empty list.
    pub fn compile(spec: AllowedValuesSpec, schema: &Schema) -> Result<Self, String> {
        let mut fields = Vec::new();
        for e in spec.fields {
            if e.values.is_empty() {
                return Err(format!("`values` of `{}` is empty", e.field));
            }
            let patterns = e
                .patterns
                .iter()
                .map(|p| {
                    Regex::new(p).map_err(|err| format!("bad pattern for `{}`: {err}", e.field))
                })
                .collect::<Result<_, _>>()?;
            let mut variants = Vec::new();
            for (from, to) in &e.variants {
                if !e.values.contains(to) {
                    return Err(format!(
                        "variant `{from}` of `{}` maps to `{to}`, which is not in `values`",
                        e.field
                    ));
                }
                variants.push((fold(from), to.clone()));
            }
            fields.push(Enum {
                field: FieldRef::resolve(schema, &e.field)?,
                values: e.values.iter().map(|v| fold(v)).collect(),
                patterns,
                canonical: e.values.clone(),
                variants,
            });
        }
        Ok(AllowedValues {
            fields,
            when: Cond::compile_all(&spec.when, schema)?,
        })
    }

    #[must_use]
    pub fn tables(&self) -> Vec<TableKind> {
        let refs: Vec<FieldRef> = self.fields.iter().map(|e| e.field.clone()).collect();
        kinds(&refs)
    }

    /// The enumerated fields.
    pub fn fields(&self) -> impl Iterator<Item = &FieldRef> {
        self.fields.iter().map(|e| &e.field)
    }

    /// The canonical value a cell of `field` stands for, when it is written
    /// in a documented variant (`办结` → `已办结`) or differs from a listed
    /// value only by case, full-width letters or surrounding spaces. `None`
    /// when the value is already canonical, or is no known form of one.
    /// Used by `gongdan fix`.
    #[must_use]
    pub fn canonical(&self, field: &FieldRef, value: &str) -> Option<&str> {
        let e = self.fields.iter().find(|e| &e.field == field)?;
        let folded = fold(value);
        if folded.is_empty() {
            return None;
        }
        // A variant wins over its own listing: 很满意 is accepted, but the
        // rule file says it stands for 非常满意.
        let to = match e.variants.iter().find(|(from, _)| *from == folded) {
            Some((_, to)) => to.as_str(),
            None => {
                let i = e.values.iter().position(|v| *v == folded)?;
                &e.canonical[i]
            }
        };
        (to != value).then_some(to)
    }

    pub fn check_row(&self, ctx: &RowCtx, out: &mut Vec<Finding>) {
        if !all_hold(&self.when, ctx) {
            return;
        }
        for e in &self.fields {
            let Some(v) = ctx.cell(&e.field) else {
                continue;
            };
            let v = values::trim(v);
            if v.is_empty() {
                continue;
            }
            let folded = fold(v);
            if e.values.contains(&folded) || e.patterns.iter().any(|p| p.is_match(v)) {
                continue;
            }
            let list = e.values.join(" / ");
            let mut f = Finding::at(
                e.field.id,
                ctx.say(
                    format!("「{v}」不是规定的取值（{list}）"),
                    format!("“{v}” is not an allowed value ({list})"),
                ),
            );
            f.span = Some(Span {
                start: 0,
                end: ctx.cell(&e.field).unwrap_or("").chars().count(),
            });
            f.args.push(("allowed", list));
            out.push(f);
        }
    }
}

/// Parameters of `kind = "pattern"`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PatternSpec {
    pub field: String,
    /// A regex (Rust `regex` syntax).
    pub pattern: String,
    /// `must-match` (fires when the value does not match) or `must-not-match`
    /// (fires on a match, underlining it).
    pub mode: PatternMode,
    /// What the pattern stands for, shown in the message (`{expected}`).
    #[serde(default)]
    pub describe: Option<crate::rules::Text>,
    #[serde(default)]
    pub when: Vec<CondSpec>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PatternMode {
    MustMatch,
    MustNotMatch,
}

/// `pattern`: a value that must (not) match a regex. Empty values are left
/// to `required-field`.
#[derive(Debug)]
pub struct Pattern {
    pub field: FieldRef,
    re: Regex,
    mode: PatternMode,
    describe: Option<crate::rules::Text>,
    when: Vec<Cond>,
}

impl Pattern {
    /// # Errors
    /// Unknown field, bad regex.
    pub fn compile(spec: PatternSpec, schema: &Schema) -> Result<Self, String> {
        Ok(Pattern {
            field: FieldRef::resolve(schema, &spec.field)?,
            re: Regex::new(&spec.pattern).map_err(|e| format!("bad `pattern`: {e}"))?,
            mode: spec.mode,
            describe: spec.describe,
            when: Cond::compile_all(&spec.when, schema)?,
        })
    }

    pub fn check_row(&self, ctx: &RowCtx, out: &mut Vec<Finding>) {
        let Some(v) = ctx.cell(&self.field) else {
            return;
        };
        if v.trim().is_empty() || !all_hold(&self.when, ctx) {
            return;
        }
        let expected = self.describe.as_ref().map_or_else(
            || self.re.as_str().to_owned(),
            |t| t.get(ctx.lang).to_owned(),
        );
        match self.mode {
            PatternMode::MustMatch if !self.re.is_match(v.trim()) => {
                let mut f = Finding::at(
                    self.field.id,
                    ctx.say(
                        format!("不符合格式：{expected}"),
                        format!("does not match the expected form: {expected}"),
                    ),
                );
                f.span = Some(Span {
                    start: 0,
                    end: v.chars().count(),
                });
                f.args.push(("expected", expected));
                out.push(f);
            }
            PatternMode::MustNotMatch => {
                if let Some(m) = self.re.find(v) {
                    let start = v[..m.start()].chars().count();
                    let end = start + m.as_str().chars().count();
                    let mut f = Finding::at(
                        self.field.id,
                        ctx.say(
                            format!("含有「{}」", m.as_str()),
                            format!("contains “{}”", m.as_str()),
                        ),
                    );
                    f.span = Some(Span { start, end });
                    f.args.push(("expected", expected));
                    out.push(f);
                }
            }
            PatternMode::MustMatch => {}
        }
    }
}

/// Parameters of `kind = "length"`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LengthSpec {
    pub field: String,
    /// Fewest characters (after trimming) a non-empty value may have.
    #[serde(default)]
    pub min: Option<usize>,
    /// Most characters a value may have.
    #[serde(default)]
    pub max: Option<usize>,
    #[serde(default)]
    pub when: Vec<CondSpec>,
}

/// `length`: a non-empty value shorter than `min` or longer than `max` characters.
#[derive(Debug)]
pub struct Length {
    pub field: FieldRef,
    min: Option<usize>,
    max: Option<usize>,
    when: Vec<Cond>,
}

impl Length {
    /// # Errors
    /// Unknown field, neither bound given, min > max.
    pub fn compile(spec: LengthSpec, schema: &Schema) -> Result<Self, String> {
        if spec.min.is_none() && spec.max.is_none() {
            return Err("give `min`, `max` or both".to_owned());
        }
        if let (Some(a), Some(b)) = (spec.min, spec.max) {
            if a > b {
                return Err(format!("`min` ({a}) is greater than `max` ({b})"));
            }
        }
        Ok(Length {
            field: FieldRef::resolve(schema, &spec.field)?,
            min: spec.min,
            max: spec.max,
            when: Cond::compile_all(&spec.when, schema)?,
        })
    }

    pub fn check_row(&self, ctx: &RowCtx, out: &mut Vec<Finding>) {
        let Some(v) = ctx.cell(&self.field) else {
            return;
        };
        let v = values::trim(v);
        if v.is_empty() || !all_hold(&self.when, ctx) {
            return;
        }
        let n = v.chars().count();
        let detail = match (self.min, self.max) {
            (Some(min), _) if n < min => ctx.say(
                format!("只有 {n} 个字，至少应有 {min} 个字"),
                format!("has {n} characters, at least {min} expected"),
            ),
            (_, Some(max)) if n > max => ctx.say(
                format!("有 {n} 个字，超过上限 {max} 个字"),
                format!("has {n} characters, at most {max} allowed"),
            ),
            _ => return,
        };
        let mut f = Finding::at(self.field.id, detail);
        f.args.push(("length", n.to_string()));
        out.push(f);
    }
}

/// Parameters of `kind = "value-type"`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValueTypeSpec {
    /// Which typed fields to parse: any of `datetime`, `phone`, `number`,
    /// `duration`. Every field of those types (per `rules/fields.toml`) in
    /// every table is checked.
    pub types: Vec<FieldType>,
}

/// `value-type`: a typed field's value does not parse.
#[derive(Debug)]
pub struct ValueType {
    fields: Vec<(FieldRef, FieldType)>,
}

impl ValueType {
    /// # Errors
    /// An empty type list.
    pub fn compile(spec: ValueTypeSpec, schema: &Schema) -> Result<Self, String> {
        if spec.types.is_empty() {
            return Err("`types` is empty".to_owned());
        }
        let mut fields = Vec::new();
        for t in &schema.tables {
            for (i, def) in t.fields.iter().enumerate() {
                if spec.types.contains(&def.ty) {
                    let field = FieldRef {
                        kind: t.kind,
                        id: crate::input::FieldId(i),
                        name: def.name.clone(),
                        header: def.header.clone(),
                    };
                    fields.push((field, def.ty));
                }
            }
        }
        Ok(ValueType { fields })
    }

    #[must_use]
    pub fn tables(&self) -> Vec<TableKind> {
        let refs: Vec<FieldRef> = self.fields.iter().map(|(f, _)| f.clone()).collect();
        kinds(&refs)
    }

    pub fn check_row(&self, ctx: &RowCtx, out: &mut Vec<Finding>) {
        for (f, ty) in &self.fields {
            let Some(raw) = ctx.cell(f) else { continue };
            let v = values::trim(raw);
            if v.is_empty() {
                continue;
            }
            let (ok, zh, en) = match ty {
                FieldType::Datetime => (
                    datetime::parse(v).is_some(),
                    "无法识别为日期时间（应如 2024-03-19 09:12:33）",
                    "is not a date-time (expected e.g. 2024-03-19 09:12:33)",
                ),
                FieldType::Phone => (
                    values::parse_phone(v).is_some(),
                    "不是有效的电话号码（手机 11 位，固话带区号）",
                    "is not a valid phone number (11-digit mobile, or landline with area code)",
                ),
                FieldType::Number => (
                    values::parse_number(v).is_some(),
                    "不是数字",
                    "is not a number",
                ),
                FieldType::Duration => (
                    values::parse_duration(v).is_some(),
                    "不是有效的时长（秒数或 00:02:05）",
                    "is not a duration (seconds or 00:02:05)",
                ),
                FieldType::Text | FieldType::Id => (true, "", ""),
            };
            if !ok {
                let mut finding =
                    Finding::at(f.id, ctx.say(format!("「{v}」{zh}"), format!("“{v}” {en}")));
                finding.span = Some(Span {
                    start: 0,
                    end: raw.chars().count(),
                });
                out.push(finding);
            }
        }
    }
}
