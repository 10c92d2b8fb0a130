//! Stage 5, machine formats for CI: `json` is one pretty-printed document
//! (`version`, `tool`, `files`, `diagnostics`, `summary`), `jsonl` one compact
//! diagnostic per line. The schema is documented in `docs/json-schema.md`; a
//! diagnostic serialises exactly the fields of [`crate::diagnostic::Diagnostic`], absent values
//! as `null`, so every object has the same keys.

use std::io::{self, Write};

use serde::Serialize;

use super::summary::Summary;
use super::{FileSummary, Findings, RenderOptions, Report};

/// Version of the JSON document layout; bumped on any incompatible change.
pub const SCHEMA_VERSION: u32 = 1;

/// The `tool` object.
#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

const TOOL: Tool = Tool {
    name: env!("CARGO_PKG_NAME"),
    version: env!("CARGO_PKG_VERSION"),
};

/// The whole `json` document, in key order.
#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    tool: Tool,
    files: &'a [FileSummary],
    diagnostics: &'a Findings,
    summary: Summary,
}

/// Write the `json` document (two-space indent, trailing newline). With
/// `--statistics` the document is instead the array `summary.by_rule`.
///
/// # Errors
/// Whatever writing to `out` returns.
pub fn render_json(report: &Report, opts: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let summary = Summary::from_report(report);
    if opts.statistics {
        serde_json::to_writer_pretty(&mut *out, &summary.by_rule)?;
    } else {
        let doc = Document {
            version: SCHEMA_VERSION,
            tool: TOOL,
            files: &report.files,
            diagnostics: &report.diagnostics,
            summary,
        };
        serde_json::to_writer_pretty(&mut *out, &doc)?;
    }
    out.write_all(b"\n")
}

/// Write one compact diagnostic per line (with `--statistics`, one
/// `{rule, name, severity, count}` per line).
///
/// # Errors
/// Whatever writing to `out` returns.
pub fn render_jsonl(report: &Report, opts: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    if opts.statistics {
        for r in Summary::from_report(report).by_rule {
            write_line(out, &r)?;
        }
    } else {
        for d in &report.diagnostics {
            write_line(out, &*d)?;
        }
    }
    Ok(())
}

fn write_line(out: &mut dyn Write, value: &impl Serialize) -> io::Result<()> {
    serde_json::to_writer(&mut *out, value)?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Diagnostic;
    use crate::report::Lang;
    use crate::report::testdata::sample_report;
    use serde_json::Value;

    fn json(report: &Report, opts: &RenderOptions) -> String {
        let mut out = Vec::new();
        render_json(report, opts, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn jsonl(report: &Report, opts: &RenderOptions) -> String {
        let mut out = Vec::new();
        render_jsonl(report, opts, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    const DIAGNOSTIC_KEYS: [&str; 17] = [
        "rule",
        "name",
        "severity",
        "message",
        "help",
        "ticket_id",
        "unit",
        "field",
        "column",
        "file",
        "sheet",
        "row",
        "cell",
        "pointer",
        "span",
        "excerpt",
        "suggestion",
    ];

    #[test]
    fn snapshot_json() {
        let text = json(&sample_report(Lang::Zh), &RenderOptions::default());
        insta::assert_snapshot!(text);
    }

    #[test]
    fn json_has_every_schema_key_in_order() {
        let text = json(&sample_report(Lang::Zh), &RenderOptions::default());
        assert!(text.ends_with("}\n"));
        assert!(
            text.starts_with("{\n  \"version\": 1,\n"),
            "two-space indent"
        );
        let doc: Value = serde_json::from_str(&text).unwrap();
        let top: Vec<&str> = doc
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(top, ["version", "tool", "files", "diagnostics", "summary"]);
        assert_eq!(doc["tool"]["name"], "gongdan");
        assert_eq!(doc["tool"]["version"], env!("CARGO_PKG_VERSION"));
        let file_keys: Vec<&str> = doc["files"][0]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            file_keys,
            ["path", "sheet", "kind", "format", "encoding", "rows"]
        );
        let diags = doc["diagnostics"].as_array().unwrap();
        assert_eq!(diags.len(), 6);
        for d in diags {
            let keys: Vec<&str> = d.as_object().unwrap().keys().map(String::as_str).collect();
            // column_index and excerpt_offset are internal (serde skip).
            assert_eq!(keys, DIAGNOSTIC_KEYS);
        }
        let summary_keys: Vec<&str> = doc["summary"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            summary_keys,
            [
                "total", "errors", "warnings", "infos", "by_rule", "by_unit", "by_file"
            ]
        );
        assert_eq!(doc["summary"]["total"], 6);
        // Absent values stay as null.
        let gd001 = diags.iter().find(|d| d["rule"] == "GD001").unwrap();
        assert!(gd001["ticket_id"].is_null());
        assert!(gd001["span"].is_null());
        let gd401 = diags.iter().find(|d| d["rule"] == "GD401").unwrap();
        assert_eq!(gd401["span"]["start"], 2);
        assert_eq!(gd401["span"]["end"], 12);
        assert_eq!(gd401["row"], 12);
    }

    #[test]
    fn jsonl_is_one_diagnostic_per_line() {
        let report = sample_report(Lang::Zh);
        let text = jsonl(&report, &RenderOptions::default());
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), report.diagnostics.len());
        for (line, d) in lines.iter().zip(&report.diagnostics) {
            let back: Diagnostic = serde_json::from_str(line).unwrap();
            // excerpt_offset and column_index are not serialised.
            let mut expected = d.into_owned();
            expected.excerpt_offset = 0;
            expected.column_index = None;
            assert_eq!(back, expected);
            let v: Value = serde_json::from_str(line).unwrap();
            assert_eq!(v.as_object().unwrap().len(), DIAGNOSTIC_KEYS.len());
        }
        assert!(text.ends_with('\n'));
        insta::assert_snapshot!(text);
    }

    #[test]
    fn statistics_are_counts_per_rule() {
        let opts = RenderOptions {
            statistics: true,
            ..RenderOptions::default()
        };
        let report = sample_report(Lang::Zh);
        let doc: Value = serde_json::from_str(&json(&report, &opts)).unwrap();
        assert_eq!(doc.as_array().unwrap().len(), 6);
        assert_eq!(doc[0]["rule"], "GD001");
        assert_eq!(doc[0]["count"], 1);
        assert_eq!(jsonl(&report, &opts).lines().count(), 6);
    }

    #[test]
    fn empty_report_is_still_a_full_document() {
        let doc: Value =
            serde_json::from_str(&json(&Report::default(), &RenderOptions::default())).unwrap();
        assert_eq!(doc["diagnostics"], Value::Array(vec![]));
        assert_eq!(doc["summary"]["total"], 0);
        assert_eq!(jsonl(&Report::default(), &RenderOptions::default()), "");
    }
}
