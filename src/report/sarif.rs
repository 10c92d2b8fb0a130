//! Stage 5, for code-scanning tools: SARIF 2.1.0, one run, the rules that ran
//! as `tool.driver.rules`, one result per finding. Above
//! [`RenderOptions::sarif_cap`] findings, the results are summarised: one
//! result per (rule, file, column) carrying the count, since code-scanning
//! services accept only so many results per upload.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde_json::{Map, Value, json};

use super::{Lang, RenderOptions, Report};
use crate::diagnostic::{Diagnostic, Severity};

/// Where the SARIF 2.1.0 JSON schema lives.
const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Key of the partial fingerprint, versioned so the hash can change later.
const FINGERPRINT_KEY: &str = "gongdan/v1";

/// SARIF `level` for a severity.
#[must_use]
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// Write the SARIF log (two-space indent, trailing newline).
///
/// # Errors
/// Whatever writing to `out` returns.
pub fn render(report: &Report, opts: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let rules = RuleTable::new(report);
    let summarised = report.diagnostics.len() > opts.sarif_cap;
    let results: Vec<Value> = if summarised {
        summarised_results(report, &rules)
    } else {
        report
            .diagnostics
            .iter()
            .map(|d| result(d, &rules))
            .collect()
    };
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": env!("CARGO_PKG_NAME"),
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules.descriptors,
                }
            },
            "results": results,
            "properties": {
                "findings": report.diagnostics.len(),
                "summarised": summarised,
            },
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &log)?;
    out.write_all(b"\n")
}

/// `tool.driver.rules` and each rule's index in it: the rules that ran, plus
/// any rule a finding names that the list lacks (input findings such as
/// GD001 may come from outside the rule set), in code order.
struct RuleTable {
    descriptors: Vec<Value>,
    index: BTreeMap<String, usize>,
}

impl RuleTable {
    fn new(report: &Report) -> Self {
        let mut by_code: BTreeMap<String, Value> = BTreeMap::new();
        for r in &report.rules {
            by_code.insert(
                r.code.clone(),
                json!({
                    "id": r.code,
                    "name": r.name,
                    "shortDescription": { "text": r.title },
                    "help": { "text": r.help },
                    "defaultConfiguration": { "level": level(r.severity) },
                }),
            );
        }
        for d in &report.diagnostics {
            by_code.entry(d.rule.clone()).or_insert_with(|| {
                json!({
                    "id": d.rule,
                    "name": d.name,
                    "shortDescription": { "text": d.name },
                    "defaultConfiguration": { "level": level(d.severity) },
                })
            });
        }
        let index = by_code.keys().cloned().zip(0..).collect();
        Self {
            descriptors: by_code.into_values().collect(),
            index,
        }
    }

    fn index_of(&self, code: &str) -> Option<usize> {
        self.index.get(code).copied()
    }
}

/// A relative path as a URI reference: `/` separators, everything but
/// unreserved characters percent-encoded (Chinese file names included).
#[must_use]
pub fn file_uri(path: &str) -> String {
    let mut uri = String::with_capacity(path.len());
    for b in path.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            uri.push(char::from(b));
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri
}

/// 64-bit FNV-1a: small, and stable across Rust versions and platforms,
/// which `std`'s hasher does not promise.
fn fnv1a(parts: &[&str]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            // Unit separator, so ("ab", "c") and ("a", "bc") differ.
            h ^= 0x1f;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        for b in part.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

/// The fingerprint of a finding: rule, ticket, field and offending text, not
/// the row, so it survives re-sorted exports. Findings without a ticket
/// (file-level ones) add the file so two broken files do not collide.
#[must_use]
pub fn fingerprint(d: &Diagnostic) -> String {
    let file = if d.ticket_id.is_none() {
        d.file.as_str()
    } else {
        ""
    };
    fnv1a(&[
        &d.rule,
        d.ticket_id.as_deref().unwrap_or(""),
        d.field.as_deref().unwrap_or(""),
        d.excerpt.as_deref().unwrap_or(""),
        file,
    ])
}

/// `physicalLocation` of a finding: the file, and the row (and column index)
/// when known.
fn physical_location(file: &str, row: Option<u64>, column_index: Option<usize>) -> Value {
    let mut loc = Map::new();
    loc.insert("artifactLocation".into(), json!({ "uri": file_uri(file) }));
    if let Some(row) = row {
        let mut region = Map::new();
        region.insert("startLine".into(), json!(row));
        if let Some(col) = column_index {
            region.insert("startColumn".into(), json!(col + 1));
        }
        loc.insert("region".into(), Value::Object(region));
    }
    Value::Object(loc)
}

/// Insert `key: value` when the value is present.
fn put(map: &mut Map<String, Value>, key: &str, value: Option<&str>) {
    if let Some(v) = value {
        map.insert(key.into(), json!(v));
    }
}

/// One finding as a SARIF result.
fn result(d: &Diagnostic, rules: &RuleTable) -> Value {
    let mut location = Map::new();
    location.insert(
        "physicalLocation".into(),
        physical_location(&d.file, d.row, d.column_index),
    );
    let mut logical = Vec::new();
    if let Some(sheet) = &d.sheet {
        let qualified = match &d.cell {
            Some(cell) => format!("{sheet}!{cell}"),
            None => sheet.clone(),
        };
        logical.push(json!({ "name": sheet, "fullyQualifiedName": qualified, "kind": "sheet" }));
    }
    if let Some(ticket) = &d.ticket_id {
        logical.push(json!({ "name": ticket, "kind": "ticket" }));
    }
    if !logical.is_empty() {
        location.insert("logicalLocations".into(), Value::Array(logical));
    }

    let mut properties = Map::new();
    put(&mut properties, "ticket_id", d.ticket_id.as_deref());
    put(&mut properties, "unit", d.unit.as_deref());
    put(&mut properties, "field", d.field.as_deref());
    put(&mut properties, "column", d.column.as_deref());
    put(&mut properties, "cell", d.cell.as_deref());
    put(&mut properties, "pointer", d.pointer.as_deref());
    put(&mut properties, "suggestion", d.suggestion.as_deref());

    let mut r = Map::new();
    r.insert("ruleId".into(), json!(d.rule));
    if let Some(i) = rules.index_of(&d.rule) {
        r.insert("ruleIndex".into(), json!(i));
    }
    r.insert("level".into(), json!(level(d.severity)));
    r.insert("message".into(), json!({ "text": d.message }));
    r.insert("locations".into(), json!([location]));
    r.insert(
        "partialFingerprints".into(),
        json!({ FINGERPRINT_KEY: fingerprint(d) }),
    );
    r.insert("properties".into(), Value::Object(properties));
    Value::Object(r)
}

/// Findings of one (rule, file, column) group in summarised output.
struct Group<'a> {
    first: &'a Diagnostic,
    count: usize,
    severity: Severity,
}

/// One result per (rule, file, column), in that order, with the count.
fn summarised_results(report: &Report, rules: &RuleTable) -> Vec<Value> {
    let mut groups: BTreeMap<(&str, &str, &str), Group<'_>> = BTreeMap::new();
    for d in &report.diagnostics {
        let key = (
            d.rule.as_str(),
            d.file.as_str(),
            d.column.as_deref().unwrap_or(""),
        );
        groups
            .entry(key)
            .and_modify(|g| {
                g.count += 1;
                g.severity = g.severity.max(d.severity);
            })
            .or_insert(Group {
                first: d,
                count: 1,
                severity: d.severity,
            });
    }
    groups
        .into_iter()
        .map(|((rule, file, column), g)| {
            let d = g.first;
            let text = match (report.lang, column.is_empty()) {
                (Lang::Zh, false) => format!(
                    "{rule} {}：{file} 的「{column}」列有 {} 个问题（结果过多，已按规则和列汇总；完整列表请用 --format json）",
                    d.name, g.count
                ),
                (Lang::Zh, true) => format!(
                    "{rule} {}：{file} 有 {} 个问题（结果过多，已按规则汇总；完整列表请用 --format json）",
                    d.name, g.count
                ),
                (Lang::En, false) => format!(
                    "{rule} {}: {} findings in column 「{column}」 of {file} (summarised: too many results; use --format json for the full list)",
                    d.name, g.count
                ),
                (Lang::En, true) => format!(
                    "{rule} {}: {} findings in {file} (summarised: too many results; use --format json for the full list)",
                    d.name, g.count
                ),
            };
            let mut properties = Map::new();
            properties.insert("summarised".into(), json!(true));
            properties.insert("count".into(), json!(g.count));
            put(&mut properties, "field", d.field.as_deref());
            put(&mut properties, "column", d.column.as_deref());
            put(&mut properties, "first_ticket_id", d.ticket_id.as_deref());

            let mut r = Map::new();
            r.insert("ruleId".into(), json!(rule));
            if let Some(i) = rules.index_of(rule) {
                r.insert("ruleIndex".into(), json!(i));
            }
            r.insert("level".into(), json!(level(g.severity)));
            r.insert("message".into(), json!({ "text": text }));
            r.insert(
                "locations".into(),
                json!([{ "physicalLocation": physical_location(file, d.row, d.column_index) }]),
            );
            r.insert(
                "partialFingerprints".into(),
                json!({ FINGERPRINT_KEY: fnv1a(&[rule, file, column, "summary"]) }),
            );
            r.insert("properties".into(), Value::Object(properties));
            Value::Object(r)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testdata::{cell_diagnostic, sample_report};

    fn sarif(report: &Report, opts: &RenderOptions) -> (String, Value) {
        let mut out = Vec::new();
        render(report, opts, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let v = serde_json::from_str(&text).unwrap();
        (text, v)
    }

    #[test]
    fn snapshot_sarif() {
        let (text, _) = sarif(&sample_report(Lang::Zh), &RenderOptions::default());
        insta::assert_snapshot!(text);
    }

    #[test]
    fn one_result_per_finding_below_the_cap() {
        let report = sample_report(Lang::Zh);
        let (text, v) = sarif(&report, &RenderOptions::default());
        assert!(text.ends_with("}\n"));
        assert_eq!(v["version"], "2.1.0");
        assert_eq!(v["$schema"], SCHEMA);
        let run = &v["runs"][0];
        let results = run["results"].as_array().unwrap();
        assert_eq!(results.len(), report.diagnostics.len());
        assert_eq!(run["properties"]["summarised"], false);
        // Every ruleIndex points at the rule with that id, including GD602,
        // which the rule list lacks.
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        assert_eq!(rules.len(), 6);
        for r in results {
            let i = usize::try_from(r["ruleIndex"].as_u64().unwrap()).unwrap();
            assert_eq!(rules[i]["id"], r["ruleId"]);
        }
        let gd401 = results.iter().find(|r| r["ruleId"] == "GD401").unwrap();
        let region = &gd401["locations"][0]["physicalLocation"]["region"];
        assert_eq!(region["startLine"], 12);
        assert_eq!(region["startColumn"], 9);
        assert_eq!(gd401["level"], "error");
        let gd602 = results.iter().find(|r| r["ruleId"] == "GD602").unwrap();
        assert_eq!(gd602["level"], "note");
    }

    #[test]
    fn above_the_cap_results_are_summarised_per_rule_file_and_column() {
        let mut report = sample_report(Lang::Zh);
        let mut many = Vec::new();
        for i in 0..10 {
            let mut d = cell_diagnostic("此处不属于我公司责任范围", "不属于", 0);
            d.ticket_id = Some(format!("T{i}"));
            d.row = Some(2 + i);
            many.push(d);
        }
        report.diagnostics.extend(many);
        crate::diagnostic::sort(&mut report.diagnostics);
        let total = report.diagnostics.len();
        let opts = RenderOptions {
            sarif_cap: 8,
            ..RenderOptions::default()
        };
        let (text, v) = sarif(&report, &opts);
        let run = &v["runs"][0];
        let results = run["results"].as_array().unwrap();
        // 11 × GD401 in tickets.csv 「退回原因」 become one; the other five
        // findings are one group each.
        assert_eq!(results.len(), 6);
        assert_eq!(run["properties"]["summarised"], true);
        assert_eq!(run["properties"]["findings"], total);
        let counted: u64 = results
            .iter()
            .map(|r| r["properties"]["count"].as_u64().unwrap())
            .sum();
        assert_eq!(counted, u64::try_from(total).unwrap());
        let gd401 = results.iter().find(|r| r["ruleId"] == "GD401").unwrap();
        assert_eq!(gd401["properties"]["count"], 11);
        assert_eq!(
            gd401["locations"][0]["physicalLocation"]["region"]["startLine"],
            2
        );
        insta::assert_snapshot!(text);

        let at_cap = RenderOptions {
            sarif_cap: total,
            ..RenderOptions::default()
        };
        let (_, v) = sarif(&report, &at_cap);
        assert_eq!(v["runs"][0]["results"].as_array().unwrap().len(), total);
    }

    #[test]
    fn fingerprint_ignores_row_but_not_text() {
        let a = cell_diagnostic("此处不属于我公司责任范围", "不属于", 0);
        let mut b = a.clone();
        b.row = Some(99);
        assert_eq!(fingerprint(&a), fingerprint(&b));
        b.excerpt = Some("另一段文字".into());
        assert_ne!(fingerprint(&a), fingerprint(&b));
        assert_eq!(fingerprint(&a).len(), 16);
    }

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(file_uri("exports/tickets.csv"), "exports/tickets.csv");
        assert_eq!(file_uri("a b\\工单.csv"), "a%20b/%E5%B7%A5%E5%8D%95.csv");
    }
}
