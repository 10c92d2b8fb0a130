//! Stage 4 of the pipeline: a finding as plain data. Checks produce
//! [`Diagnostic`]s; `report/` renders them. Nothing here prints.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

/// How much a finding matters. `error` is what the province deducts points
/// for, `warning` a heuristic a person should look at, `info` a note.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    /// The lowercase English name used in JSON, config files and SARIF.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// The Chinese label shown to hotline staff.
    #[must_use]
    pub fn label_zh(self) -> &'static str {
        match self {
            Severity::Info => "提示",
            Severity::Warning => "警告",
            Severity::Error => "错误",
        }
    }
}

/// A half-open range of **character** (not byte) offsets inside a cell's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// One finding. The field order here is the field order of the JSON output,
/// which the README documents and the snapshot tests pin.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Stable rule code, e.g. `GD401`.
    pub rule: String,
    /// The rule's kebab-case name, e.g. `vague-return-reason`.
    pub name: String,
    pub severity: Severity,
    /// Which ticket, which field, what is wrong (in the chosen language).
    pub message: String,
    /// How to fix it. Shared: every finding of a rule points at one copy
    /// of its help text (serialised as a plain string).
    #[serde(with = "shared_text", default)]
    pub help: Option<Arc<str>>,
    pub ticket_id: Option<String>,
    /// 承办单位 of the ticket, for per-unit summaries.
    pub unit: Option<String>,
    /// Canonical field name (`closing_text`), as in the README's field table.
    pub field: Option<String>,
    /// The column header exactly as written in the file (`办结内容`).
    pub column: Option<String>,
    /// Path of the input file, relative to the working folder where possible.
    pub file: String,
    /// Worksheet name, for XLSX input.
    pub sheet: Option<String>,
    /// Spreadsheet row: the header is row 1, the first record row 2.
    pub row: Option<u64>,
    /// Spreadsheet cell reference such as `I12`, when a column is known.
    pub cell: Option<String>,
    /// JSON pointer to the record's value, for JSON and JSON Lines input.
    pub pointer: Option<String>,
    /// Character offsets of the offending text inside the cell.
    pub span: Option<Span>,
    /// The cell text (personal data masked), cut around the span when long.
    pub excerpt: Option<String>,
    /// Replacement text or concrete fix, where one is known.
    pub suggestion: Option<String>,
    /// Character offset of `excerpt` inside the cell (not serialised: the
    /// human renderer needs it to put the underline in the right place).
    #[serde(skip)]
    pub excerpt_offset: usize,
    /// 0-based column index, for sorting in file order.
    #[serde(skip)]
    pub column_index: Option<usize>,
}

impl Diagnostic {
    /// The sort key that makes output deterministic whatever the thread count:
    /// file, sheet, row, column, rule, then message.
    #[must_use]
    pub fn sort_key(&self) -> impl Ord + '_ {
        (
            &self.file,
            &self.sheet,
            self.row.unwrap_or(0),
            self.column_index.map_or(0, |c| c + 1),
            &self.rule,
            self.span,
            &self.message,
        )
    }
}

/// Sort findings into their stable output order.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
}

/// Spreadsheet column letters for a 0-based index: 0 → `A`, 27 → `AB`.
#[must_use]
pub fn column_letters(mut index: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + u8::try_from(index % 26).unwrap_or(0));
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_follow_excel() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27), "AB");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }
}

/// (De)serialise an `Option<Arc<str>>` as an optional plain string, the
/// same JSON as an `Option<String>`.
mod shared_text {
    use std::sync::Arc;

    use serde::{Deserialize, Deserializer, Serializer};

    // serde's `with` hands the field by reference.
    #[allow(clippy::ref_option)]
    pub fn serialize<S: Serializer>(v: &Option<Arc<str>>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(t) => s.serialize_some(&**t),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Arc<str>>, D::Error> {
        Ok(Option::<String>::deserialize(d)?.map(Arc::from))
    }
}
