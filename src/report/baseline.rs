//! Baselines: findings a team has accepted, so that a later run reports only
//! what is new (`gongdan check --write-baseline FILE`, `--baseline FILE`).
//!
//! A finding is keyed by rule, ticket id, field and a hash of the offending
//! text — never by row number or file order — so the key survives a
//! re-sorted, re-filtered or re-encoded export of the same month. Findings
//! without a ticket id (file-level ones) add the file *name* (not its path).
//! The baseline holds a count per key: if a key occurs three times and the
//! baseline holds two, one is reported. Only hashes are stored, never the
//! text itself, so the file carries no personal data.

use std::borrow::Borrow;
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::Findings;
use crate::diagnostic::Diagnostic;
use crate::privacy;

/// The version of the baseline file format this build reads and writes.
pub const VERSION: u32 = 1;

/// The `tool` a baseline file must name.
pub const TOOL: &str = "gongdan";

/// A baseline file: `{"version":1,"tool":"gongdan","entries":[…]}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Baseline {
    /// Format version, [`VERSION`].
    pub version: u32,
    /// Always [`TOOL`].
    pub tool: String,
    /// Accepted findings, sorted by key.
    pub entries: Vec<Entry>,
}

/// One accepted key and how many findings carry it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Rule code, e.g. `GD401`.
    pub rule: String,
    /// Ticket id, or null for a file-level finding.
    pub ticket_id: Option<String>,
    /// File name (not path), only for findings without a ticket id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// Canonical field name (or the column header where no field is known).
    pub field: Option<String>,
    /// Hash of the offending text (16 hex digits).
    pub hash: String,
    /// How many findings of this key are accepted.
    pub count: usize,
}

/// The identity of a finding in a baseline: everything but the count.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Key {
    /// Rule code.
    pub rule: String,
    /// Ticket id, if the finding has one.
    pub ticket_id: Option<String>,
    /// File name, only when there is no ticket id.
    pub file: Option<String>,
    /// Field name or column header.
    pub field: Option<String>,
    /// Hash of the offending text.
    pub hash: String,
}

/// Why a baseline file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    /// The file cannot be read.
    #[error("{0}")]
    Io(#[from] io::Error),
    /// The file is not a baseline document.
    #[error("不是有效的基线文件 / not a valid baseline file: {0}")]
    Parse(#[from] serde_json::Error),
    /// The document is a baseline, but not one this build understands.
    #[error("{0}")]
    Format(String),
}

impl Key {
    /// The key of one finding.
    #[must_use]
    pub fn of(d: &Diagnostic) -> Self {
        let file = if d.ticket_id.is_none() {
            Some(
                Path::new(&d.file)
                    .file_name()
                    .map_or_else(|| d.file.clone(), |n| n.to_string_lossy().into_owned()),
            )
        } else {
            None
        };
        Key {
            rule: d.rule.clone(),
            ticket_id: d.ticket_id.clone(),
            file,
            field: d.field.clone().or_else(|| d.column.clone()),
            hash: text_hash(&offending_text(d)),
        }
    }
}

/// The offending text of a finding: the underlined part of the excerpt when
/// there is a span, else the whole excerpt (empty when there is none),
/// trimmed and with phone and ID numbers masked — so the hash is the same
/// with or without `--show-personal-data`.
fn offending_text(d: &Diagnostic) -> String {
    let Some(excerpt) = d.excerpt.as_deref() else {
        return String::new();
    };
    let part: String = match d.span {
        Some(s) if s.end > s.start => {
            let start = s.start.saturating_sub(d.excerpt_offset);
            let end = s.end.saturating_sub(d.excerpt_offset);
            excerpt.chars().skip(start).take(end - start).collect()
        }
        _ => excerpt.to_owned(),
    };
    let part = if part.trim().is_empty() {
        excerpt
    } else {
        part.as_str()
    };
    privacy::mask_text(part.trim()).into_owned()
}

/// 64-bit FNV-1a of `text` as 16 hex digits: stable across Rust versions and
/// platforms, which `std`'s hasher does not promise.
#[must_use]
pub fn text_hash(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

impl Baseline {
    /// A baseline accepting every finding in `diags`.
    #[must_use]
    pub fn from_diagnostics<D: Borrow<Diagnostic>>(diags: impl IntoIterator<Item = D>) -> Self {
        let mut counts: BTreeMap<Key, usize> = BTreeMap::new();
        for d in diags {
            *counts.entry(Key::of(d.borrow())).or_default() += 1;
        }
        Baseline {
            version: VERSION,
            tool: TOOL.to_owned(),
            entries: counts
                .into_iter()
                .map(|(k, count)| Entry {
                    rule: k.rule,
                    ticket_id: k.ticket_id,
                    file: k.file,
                    field: k.field,
                    hash: k.hash,
                    count,
                })
                .collect(),
        }
    }

    /// Parse a baseline document, checking its tool and version.
    ///
    /// # Errors
    /// Not JSON, not a baseline, or another tool's or version's.
    pub fn parse(text: &str) -> Result<Self, BaselineError> {
        let b: Baseline = serde_json::from_str(text)?;
        if b.tool != TOOL {
            return Err(BaselineError::Format(format!(
                "tool 为 \"{}\"，应为 \"{TOOL}\" / tool is \"{}\", expected \"{TOOL}\"",
                b.tool, b.tool
            )));
        }
        if b.version != VERSION {
            return Err(BaselineError::Format(format!(
                "不支持的版本 {} / unsupported version {} (this build reads version {VERSION})",
                b.version, b.version
            )));
        }
        Ok(b)
    }

    /// Read a baseline file.
    ///
    /// # Errors
    /// The file cannot be read or is not a valid baseline.
    pub fn load(path: &Path) -> Result<Self, BaselineError> {
        let bytes = std::fs::read(path)?;
        let text = String::from_utf8(bytes)
            .map_err(|e| BaselineError::Format(format!("不是 UTF-8 / not UTF-8: {e}")))?;
        Self::parse(text.trim_start_matches('\u{feff}'))
    }

    /// Write the document: pretty JSON, entries sorted, a final newline.
    ///
    /// # Errors
    /// Whatever writing to `out` returns.
    pub fn write(&self, out: &mut dyn Write) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, self)?;
        writeln!(out)
    }

    /// Remove from `diags` the findings this baseline accepts, up to each
    /// key's count, taken in output order. Returns how many were removed.
    pub fn suppress(&self, diags: &mut Findings) -> usize {
        let mut left: BTreeMap<Key, usize> = BTreeMap::new();
        for e in &self.entries {
            let key = Key {
                rule: e.rule.clone(),
                ticket_id: e.ticket_id.clone(),
                file: if e.ticket_id.is_none() {
                    e.file.clone()
                } else {
                    None
                },
                field: e.field.clone(),
                hash: e.hash.clone(),
            };
            *left.entry(key).or_default() += e.count;
        }
        diags.retain(|d| match left.get_mut(&Key::of(d)) {
            Some(n) if *n > 0 => {
                *n -= 1;
                false
            }
            _ => true,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Span;
    use crate::report::Lang;
    use crate::report::testdata::sample_report;

    #[test]
    fn key_ignores_row_and_path_but_not_text() {
        let report = sample_report(Lang::Zh);
        let mut a = report.diagnostics.to_vec()[0].clone();
        let mut b = a.clone();
        b.row = Some(999);
        assert_eq!(Key::of(&a), Key::of(&b));
        b.excerpt = Some("别的文字".to_owned());
        b.span = None;
        assert_ne!(Key::of(&a), Key::of(&b));
        a.ticket_id = None;
        a.file = "2024/03/tickets.csv".to_owned();
        let mut c = a.clone();
        c.file = "other/tickets.csv".to_owned();
        assert_eq!(Key::of(&a), Key::of(&c));
        assert_eq!(Key::of(&a).file.as_deref(), Some("tickets.csv"));
    }

    #[test]
    fn hash_is_of_the_span_and_masked() {
        let report = sample_report(Lang::Zh);
        let mut a = report.diagnostics.to_vec()[0].clone();
        a.excerpt = Some("请拨打13812345678联系".to_owned());
        a.excerpt_offset = 0;
        a.span = Some(Span { start: 3, end: 14 });
        let mut b = a.clone();
        b.excerpt = Some("请拨打138****5678联系".to_owned());
        assert_eq!(Key::of(&a), Key::of(&b));
        b.excerpt = Some("您好拨打13812345678".to_owned());
        b.span = Some(Span { start: 4, end: 15 });
        assert_eq!(Key::of(&a), Key::of(&b));
    }

    #[test]
    fn counts_suppress_duplicates_one_for_one() {
        let report = sample_report(Lang::Zh);
        let d = report.diagnostics.to_vec()[0].clone();
        let baseline = Baseline::from_diagnostics(&[d.clone(), d.clone()]);
        assert_eq!(baseline.entries.len(), 1);
        assert_eq!(baseline.entries[0].count, 2);
        let mut diags = Findings::from(vec![d.clone(), d.clone(), d]);
        assert_eq!(baseline.suppress(&mut diags), 2);
        assert_eq!(diags.len(), 1);
    }

    #[test]
    fn round_trips_and_rejects_other_documents() {
        let report = sample_report(Lang::Zh);
        let baseline = Baseline::from_diagnostics(&report.diagnostics);
        let mut out = Vec::new();
        baseline.write(&mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(Baseline::parse(&text).unwrap(), baseline);
        let mut diags = Findings::from(report.diagnostics.to_vec());
        assert_eq!(baseline.suppress(&mut diags), report.diagnostics.len());
        assert!(diags.is_empty());
        assert!(Baseline::parse("[]").is_err());
        assert!(Baseline::parse(r#"{"version":2,"tool":"gongdan","entries":[]}"#).is_err());
        assert!(Baseline::parse(r#"{"version":1,"tool":"ruff","entries":[]}"#).is_err());
    }
}
