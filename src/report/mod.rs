//! Stage 5 of the pipeline: render a finished run. One renderer per format;
//! each writes to the `impl Write` it is given and never prints by itself.
//! [`render`] dispatches on [`OutputFormat`].

pub mod annotate; // input rows re-read with their findings, for the annotated outputs
pub mod annotated_csv; // --format csv: original rows plus 问题代码/问题说明/修改建议
pub mod baseline; // accepted findings, so a later run reports only new ones
pub mod csv_writer; // CSV records in UTF-8, UTF-8 with BOM or GB18030
pub mod findings; // the run's findings in bounded memory, spilled in sorted runs
pub mod github; // GitHub Actions workflow commands (::error file=…)
pub mod html; // one self-contained page for staff at a browser
pub mod human; // miette-style blocks plus summary tables, for a terminal
pub mod json; // one JSON document, or JSON Lines
pub mod sarif; // SARIF 2.1.0 for code-scanning tools
pub mod summary; // counts by severity, rule, unit and file
#[cfg(test)]
mod testdata; // the hand-built report the renderer tests share
pub mod workbook; // --format xlsx: the annotated workbook with summary sheets

use std::io::{self, Write};

use serde::{Deserialize, Serialize};

use crate::diagnostic::Severity;

pub use findings::Findings;

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
#[derive(Debug, Default)]
pub struct Report {
    pub files: Vec<FileSummary>,
    /// The findings; [`Findings::iter`] yields them in the order of
    /// [`crate::diagnostic::sort`].
    pub diagnostics: Findings,
    /// Rules that ran, in code order.
    pub rules: Vec<RuleInfo>,
    pub lang: Lang,
    /// Findings a `--baseline` accepted and left out of `diagnostics`; `None`
    /// when no baseline is in use.
    pub suppressed: Option<usize>,
}

/// The machine- and human-readable formats `gongdan check --format` offers
/// (the workbook and HTML reports live in their own modules).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// miette-style diagnostics and a summary by rule and unit.
    #[default]
    Human,
    /// One pretty-printed JSON document (see `docs/json-schema.md`).
    Json,
    /// One compact JSON diagnostic per line.
    Jsonl,
    /// SARIF 2.1.0, for code-scanning tools.
    Sarif,
    /// GitHub Actions workflow annotations.
    Github,
    /// One self-contained HTML page: summary, per-unit and per-rule tables,
    /// every finding, with filters and search.
    Html,
    /// Annotated workbook: the input rows with added columns and highlighted
    /// cells, plus summary sheets (needs `--output`).
    Xlsx,
    /// The input rows with the added columns, as CSV.
    Csv,
}

impl OutputFormat {
    /// Whether the format re-reads the input tables (the annotated outputs),
    /// so `commands::check` writes it rather than [`render`].
    #[must_use]
    pub fn annotates_inputs(self) -> bool {
        matches!(self, OutputFormat::Xlsx | OutputFormat::Csv)
    }
}

/// The default number of SARIF results above which findings are summarised
/// per (rule, file, column).
pub const DEFAULT_SARIF_CAP: usize = 5000;

/// How to render, independent of the format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RenderOptions {
    /// Emit ANSI colour codes (human output only). `false` means none at all.
    pub color: bool,
    /// Terminal width the human output wraps at.
    pub width: usize,
    /// `--statistics`: only counts per rule (ruff style) — human, json and
    /// jsonl; SARIF and GitHub output ignore it.
    pub statistics: bool,
    /// Above this many findings SARIF output carries one summarised result per
    /// (rule, file, column) instead of one result per finding.
    pub sarif_cap: usize,
}

impl Default for RenderOptions {
    fn default() -> Self {
        Self {
            color: false,
            width: 100,
            statistics: false,
            sarif_cap: DEFAULT_SARIF_CAP,
        }
    }
}

/// Render `report` in `format` to `out`. Deterministic: the same report gives
/// the same bytes for the same working folder (no timestamps; only SARIF
/// names the working folder, as the base of its relative artifact URIs).
///
/// # Errors
/// Whatever writing to `out` returns.
pub fn render(
    report: &Report,
    format: OutputFormat,
    opts: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        OutputFormat::Human => human::render(report, opts, out),
        OutputFormat::Json => json::render_json(report, opts, out),
        OutputFormat::Jsonl => json::render_jsonl(report, opts, out),
        OutputFormat::Sarif => sarif::render(report, opts, out),
        OutputFormat::Github => github::render(report, out),
        OutputFormat::Html => html::render(report, out),
        OutputFormat::Xlsx | OutputFormat::Csv => Err(io::Error::new(
            io::ErrorKind::Unsupported,
            "the annotated formats need the input tables: see report::workbook and report::annotated_csv",
        )),
    }?;
    // Spilled findings that could not be read back cut the output short.
    report.diagnostics.finish()
}

#[cfg(test)]
mod tests {
    use clap::ValueEnum;

    use super::*;

    fn render_all(report: &Report, opts: &RenderOptions) -> Vec<String> {
        OutputFormat::value_variants()
            .iter()
            .filter(|f| !f.annotates_inputs())
            .map(|&format| {
                let mut out = Vec::new();
                render(report, format, opts, &mut out).unwrap();
                String::from_utf8(out).unwrap()
            })
            .collect()
    }

    #[test]
    fn every_format_renders_deterministically() {
        let report = testdata::sample_report(Lang::Zh);
        let opts = RenderOptions::default();
        let first = render_all(&report, &opts);
        assert!(first.iter().all(|s| !s.is_empty() && s.ends_with('\n')));
        assert_eq!(first, render_all(&report, &opts));
    }

    #[test]
    fn format_names_are_the_cli_names() {
        let names: Vec<String> = OutputFormat::value_variants()
            .iter()
            .filter_map(|f| f.to_possible_value().map(|v| v.get_name().to_owned()))
            .collect();
        assert_eq!(
            names,
            [
                "human", "json", "jsonl", "sarif", "github", "html", "xlsx", "csv"
            ]
        );
    }

    #[test]
    fn tiny_widths_do_not_panic() {
        let report = testdata::sample_report(Lang::Zh);
        for width in [0, 1, 5] {
            let opts = RenderOptions {
                width,
                ..RenderOptions::default()
            };
            render_all(&report, &opts);
        }
    }
}
