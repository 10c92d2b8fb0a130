//! Stage 5, for code-scanning tools: SARIF 2.1.0, one run, the rules that ran
//! as `tool.driver.rules`, one result per finding. Above
//! [`RenderOptions::sarif_cap`] findings, the results are summarised: one
//! result per (rule, file, column) carrying the count, since code-scanning
//! services accept only so many results per upload. The cap is
//! [`super::DEFAULT_SARIF_CAP`] unless a caller sets another.
//!
//! Artifact URIs follow SARIF 2.1.0 §3.4.3/§3.10/§3.14.14: a relative input
//! path is a relative reference with `uriBaseId` [`SRCROOT`], which
//! `run.originalUriBaseIds` maps to the working folder as an absolute
//! `file:///…/` URI; an absolute input path is an absolute `file:///` URI
//! with no `uriBaseId`. Both pass the SARIF Multitool's `validate`.

use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};
use std::path::Path;

use serde_json::{Map, Value, json};

use super::{Lang, RenderOptions, Report};
use crate::diagnostic::{Diagnostic, Severity};

/// Where the SARIF 2.1.0 JSON schema lives.
const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Key of the partial fingerprint, versioned so the hash can change later.
const FINGERPRINT_KEY: &str = "gongdan/v1";

/// The `uriBaseId` of relative artifact URIs: the folder gongdan ran in,
/// which relative input paths (as shown in every format) are relative to.
pub const SRCROOT: &str = "%SRCROOT%";

/// SARIF `level` for a severity.
#[must_use]
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// Write the SARIF log (two-space indent, trailing newline). Relative paths
/// are resolved against the process's working folder, the folder relative
/// input paths are relative to.
///
/// # Errors
/// Whatever writing to `out` returns.
pub fn render(report: &Report, opts: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let root = std::env::current_dir().ok();
    render_with_root(report, opts, root.as_deref(), out)
}

/// [`render`] with the folder [`SRCROOT`] stands for given explicitly.
/// `None` leaves `%SRCROOT%` for the consumer to define (SARIF §3.14.14).
///
/// # Errors
/// Whatever writing to `out` returns.
pub fn render_with_root(
    report: &Report,
    opts: &RenderOptions,
    root: Option<&Path>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let rules = RuleTable::new(report);
    let summarised = report.diagnostics.len() > opts.sarif_cap;
    let results: Vec<Value> = if summarised {
        summarised_results(report, &rules)
    } else {
        let mut seen: HashMap<String, usize> = HashMap::new();
        report
            .diagnostics
            .iter()
            .map(|d| {
                // Findings alike in rule, ticket, field and text (a ticket
                // listed twice) are told apart by occurrence; which one is
                // `:2` does not matter, the set of fingerprints is the same.
                let base = fingerprint(&d);
                let n = seen.entry(base.clone()).or_insert(0);
                *n += 1;
                let fp = if *n == 1 { base } else { format!("{base}:{n}") };
                result(&d, &rules, fp)
            })
            .collect()
    };
    let mut driver = Map::new();
    driver.insert("name".into(), json!(env!("CARGO_PKG_NAME")));
    driver.insert("version".into(), json!(env!("CARGO_PKG_VERSION")));
    if let Some(uri) = option_env!("CARGO_PKG_REPOSITORY").filter(|u| !u.is_empty()) {
        driver.insert("informationUri".into(), json!(uri));
    }
    driver.insert("rules".into(), Value::Array(rules.descriptors));
    let mut run = Map::new();
    run.insert("tool".into(), json!({ "driver": driver }));
    let any_relative = report
        .diagnostics
        .iter()
        .any(|d| absolute_file_uri(&d.file).is_none());
    if let Some(root_uri) = root.and_then(root_uri).filter(|_| any_relative) {
        run.insert(
            "originalUriBaseIds".into(),
            json!({ SRCROOT: { "uri": root_uri } }),
        );
    }
    run.insert("results".into(), Value::Array(results));
    run.insert(
        "properties".into(),
        json!({
            "findings": report.diagnostics.len(),
            "summarised": summarised,
        }),
    );
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [run],
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
/// unreserved characters percent-encoded (Chinese file names as UTF-8
/// escapes; a `:` too, so no first segment reads as a scheme).
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

/// An absolute path as an absolute `file:` URI (RFC 8089), or `None` for a
/// relative path. Works on the path's text, whichever platform wrote it, so
/// Windows paths come out the same on every machine:
///
/// - `/srv/导出/t.csv` → `file:///srv/%E5%AF%BC%E5%87%BA/t.csv`
/// - `C:\导出\t.csv`, `C:/…` or `\\?\C:\…` → `file:///C:/%E5%AF%BC%E5%87%BA/t.csv`
/// - `\\server\share\t.csv` or `\\?\UNC\server\share\…` → `file://server/share/t.csv`
#[must_use]
pub fn absolute_file_uri(path: &str) -> Option<String> {
    let p = path.replace('\\', "/");
    // Windows verbatim prefixes: `\\?\C:\…` and `\\?\UNC\server\…`.
    let p = if let Some(rest) = p.strip_prefix("//?/UNC/") {
        format!("//{rest}")
    } else if let Some(rest) = p.strip_prefix("//?/") {
        rest.to_owned()
    } else {
        p
    };
    let bytes = p.as_bytes();
    let drive =
        bytes.len() >= 3 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' && bytes[2] == b'/';
    if drive {
        // The drive letter keeps its colon: file:///C:/…
        return Some(format!("file:///{}{}", &p[..2], file_uri(&p[2..])));
    }
    if let Some(unc) = p.strip_prefix("//") {
        let (host, rest) = unc.split_once('/').unwrap_or((unc, ""));
        return Some(format!("file://{}/{}", file_uri(host), file_uri(rest)));
    }
    if p.starts_with('/') || Path::new(path).is_absolute() {
        return Some(format!("file://{}", file_uri(&p)));
    }
    None
}

/// The absolute `file:` URI of the folder [`SRCROOT`] stands for, ending in
/// `/` as SARIF §3.14.14 requires.
fn root_uri(root: &Path) -> Option<String> {
    let text = root.to_string_lossy();
    let mut uri = absolute_file_uri(&text)?;
    if !uri.ends_with('/') {
        uri.push('/');
    }
    Some(uri)
}

/// `artifactLocation` of a file: an absolute `file:` URI for an absolute
/// path, else a relative reference against [`SRCROOT`].
fn artifact_location(file: &str) -> Value {
    match absolute_file_uri(file) {
        Some(uri) => json!({ "uri": uri }),
        None => {
            json!({ "uri": file_uri(file.strip_prefix("./").unwrap_or(file)), "uriBaseId": SRCROOT })
        }
    }
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
    loc.insert("artifactLocation".into(), artifact_location(file));
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

/// One finding as a SARIF result, with its partial fingerprint.
fn result(d: &Diagnostic, rules: &RuleTable, fingerprint: String) -> Value {
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
        json!({ FINGERPRINT_KEY: fingerprint }),
    );
    r.insert("properties".into(), Value::Object(properties));
    Value::Object(r)
}

/// Findings of one (rule, file, column) group in summarised output.
struct Group {
    first: Diagnostic,
    count: usize,
    severity: Severity,
}

/// One result per (rule, file, column), in that order, with the count.
fn summarised_results(report: &Report, rules: &RuleTable) -> Vec<Value> {
    // Owned keys: spilled findings are read back one at a time.
    let mut groups: BTreeMap<(String, String, String), Group> = BTreeMap::new();
    for d in &report.diagnostics {
        let key = (
            d.rule.clone(),
            d.file.clone(),
            d.column.clone().unwrap_or_default(),
        );
        match groups.get_mut(&key) {
            Some(g) => {
                g.count += 1;
                g.severity = g.severity.max(d.severity);
            }
            None => {
                let severity = d.severity;
                groups.insert(
                    key,
                    Group {
                        first: d.into_owned(),
                        count: 1,
                        severity,
                    },
                );
            }
        }
    }
    groups
        .iter()
        .map(|((rule, file, column), g)| {
            let (rule, file, column) = (rule.as_str(), file.as_str(), column.as_str());
            let d = &g.first;
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
        // A fixed root keeps the snapshots the same on every machine.
        render_with_root(report, opts, Some(Path::new("/srv/gongdan")), &mut out).unwrap();
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
        report.diagnostics.seal();
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
        assert_eq!(file_uri("a:b.csv"), "a%3Ab.csv");
    }

    #[test]
    fn absolute_paths_become_file_uris_on_every_platform() {
        assert_eq!(absolute_file_uri("exports/工单.csv"), None);
        assert_eq!(absolute_file_uri("../exports/t.csv"), None);
        assert_eq!(
            absolute_file_uri("/srv/导出/t.csv").as_deref(),
            Some("file:///srv/%E5%AF%BC%E5%87%BA/t.csv")
        );
        let drive = Some("file:///C:/%E5%AF%BC%E5%87%BA/a%20b.csv");
        assert_eq!(absolute_file_uri("C:\\导出\\a b.csv").as_deref(), drive);
        assert_eq!(absolute_file_uri("C:/导出/a b.csv").as_deref(), drive);
        assert_eq!(
            absolute_file_uri("\\\\?\\C:\\导出\\a b.csv").as_deref(),
            drive
        );
        let unc = Some("file://server/share/t.csv");
        assert_eq!(
            absolute_file_uri("\\\\server\\share\\t.csv").as_deref(),
            unc
        );
        assert_eq!(
            absolute_file_uri("\\\\?\\UNC\\server\\share\\t.csv").as_deref(),
            unc
        );
        assert_eq!(root_uri(Path::new("/")).as_deref(), Some("file:///"));
        assert_eq!(
            root_uri(Path::new("/srv/工单")).as_deref(),
            Some("file:///srv/%E5%B7%A5%E5%8D%95/")
        );
    }

    #[test]
    fn relative_uris_name_their_base_and_absolute_ones_do_not() {
        let mut report = sample_report(Lang::Zh);
        let (_, v) = sarif(&report, &RenderOptions::default());
        let run = &v["runs"][0];
        assert_eq!(
            run["originalUriBaseIds"][SRCROOT]["uri"],
            "file:///srv/gongdan/"
        );
        for r in run["results"].as_array().unwrap() {
            let loc = &r["locations"][0]["physicalLocation"]["artifactLocation"];
            assert_eq!(loc["uriBaseId"], SRCROOT);
            assert!(!loc["uri"].as_str().unwrap().starts_with('/'));
        }
        report.diagnostics.rewrite(|_, mut d| {
            d.file = format!("/data/导出/{}", d.file);
            Some(d)
        });
        let (_, v) = sarif(&report, &RenderOptions::default());
        let run = &v["runs"][0];
        assert!(run.get("originalUriBaseIds").is_none());
        for r in run["results"].as_array().unwrap() {
            let loc = &r["locations"][0]["physicalLocation"]["artifactLocation"];
            assert!(loc.get("uriBaseId").is_none());
            let uri = loc["uri"].as_str().unwrap();
            assert!(uri.starts_with("file:///data/%E5%AF%BC%E5%87%BA/"), "{uri}");
        }
    }

    #[test]
    fn findings_alike_get_distinct_fingerprints() {
        let mut report = sample_report(Lang::Zh);
        let d = report.diagnostics.to_vec()[0].clone();
        let mut twin = d.clone();
        twin.row = Some(d.row.unwrap_or(1) + 100);
        report.diagnostics.push(twin);
        let (_, v) = sarif(&report, &RenderOptions::default());
        let results = v["runs"][0]["results"].as_array().unwrap();
        let fps: std::collections::BTreeSet<&str> = results
            .iter()
            .map(|r| r["partialFingerprints"][FINGERPRINT_KEY].as_str().unwrap())
            .collect();
        assert_eq!(fps.len(), results.len());
        let base = fingerprint(&d);
        assert!(fps.contains(base.as_str()));
        assert!(fps.contains(format!("{base}:2").as_str()));
    }
}
