//! Stage 5 of the pipeline: render a finished run. One renderer per format;
//! each writes to the `impl Write` it is given and never prints by itself.

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Diagnostic, Severity};

/// Language of messages and labels.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// Pick the string for this language.
    #[must_use]
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

/// One input table (or an unreadable file) as listed in the JSON `files` array.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FileSummary {
    pub path: String,
    pub sheet: Option<String>,
    /// `tickets`, `calls`, `flows`, or null when the file could not be read
    /// or recognised.
    pub kind: Option<String>,
    pub format: Option<String>,
    pub encoding: Option<String>,
    /// Data rows read (the header not counted).
    pub rows: u64,
}

/// What a rule is, for renderers that list rules (SARIF, summaries).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RuleInfo {
    pub code: String,
    pub name: String,
    pub severity: Severity,
    pub title: String,
    pub help: String,
}

/// A finished run: everything a renderer needs.
#[derive(Clone, Debug, Default)]
pub struct Report {
    pub files: Vec<FileSummary>,
    /// Sorted with [`crate::diagnostic::sort`].
    pub diagnostics: Vec<Diagnostic>,
    /// Rules that ran, in code order.
    pub rules: Vec<RuleInfo>,
    pub lang: Lang,
}

// STUB until the renderers land.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    Human,
    Json,
    Jsonl,
    Sarif,
    Github,
}
#[derive(Clone, Debug, Default)]
pub struct RenderOptions {
    pub color: bool,
    pub width: usize,
    pub statistics: bool,
}
/// # Errors
/// io
pub fn render(report: &Report, _f: OutputFormat, _o: &RenderOptions, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    for d in &report.diagnostics {
        writeln!(out, "{}", serde_json::to_string(d).unwrap_or_default())?;
    }
    Ok(())
}
