//! Baselines end to end: `--write-baseline` on the demo month (GBK CSV), then
//! `--baseline` on the same export, on a re-sorted UTF-8 copy, on the export
//! with one new defective ticket, and with a broken baseline file.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn gongdan() -> Command {
    let mut c = Command::cargo_bin("gongdan").expect("binary");
    c.env("NO_COLOR", "1");
    c
}

fn demo_month() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/demo-month")
}

/// The demo month's CSV files (not its snapshots) copied into `to`.
fn copy_export(to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for name in ["tickets.csv", "calls.csv", "flows.csv"] {
        std::fs::copy(demo_month().join(name), to.join(name)).unwrap();
    }
}

/// The rows of a GBK CSV file, header first.
fn read_gbk_rows(path: &Path) -> Vec<csv::StringRecord> {
    let bytes = std::fs::read(path).unwrap();
    let (text, _, bad) = encoding_rs::GB18030.decode(&bytes);
    assert!(!bad, "{} is GBK", path.display());
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(Result::unwrap)
        .collect()
}

fn to_csv(rows: &[csv::StringRecord]) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for r in rows {
        w.write_record(r).unwrap();
    }
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

/// Run `check --format json` with `args`; the exit code and the document.
fn check_json(dir: &Path, args: &[&str]) -> (i32, Value) {
    let out = gongdan()
        .current_dir(dir)
        .args(["check", "--quiet", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "JSON output ({e}); stderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap_or(-1), doc)
}

/// A temp folder with `export/` (the demo month) and `baseline.json`
/// written from it; returns the folder and the number of findings.
fn with_baseline() -> (tempfile::TempDir, u64) {
    let dir = tempfile::tempdir().unwrap();
    copy_export(&dir.path().join("export"));
    let (code, written) = check_json(dir.path(), &["export", "--write-baseline", "baseline.json"]);
    // The run that writes the baseline reports nothing new.
    assert_eq!(code, 0);
    assert_eq!(written["summary"]["total"], 0);
    let total = written["summary"]["suppressed"].as_u64().unwrap();
    assert!(total > 0, "the demo month has findings");
    (dir, total)
}

#[test]
fn the_baseline_file_is_versioned_sorted_and_holds_no_text() {
    let (dir, total) = with_baseline();
    let text = std::fs::read_to_string(dir.path().join("baseline.json")).unwrap();
    let doc: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["tool"], "gongdan");
    let entries = doc["entries"].as_array().unwrap();
    let counted: u64 = entries.iter().map(|e| e["count"].as_u64().unwrap()).sum();
    assert_eq!(counted, total);
    for e in entries {
        let keys: Vec<&str> = e.as_object().unwrap().keys().map(String::as_str).collect();
        assert!(
            keys == ["rule", "ticket_id", "field", "hash", "count"]
                || keys == ["rule", "ticket_id", "file", "field", "hash", "count"],
            "{keys:?}"
        );
        assert_eq!(e["hash"].as_str().unwrap().len(), 16);
    }
    let keys: Vec<String> = entries.iter().map(ToString::to_string).collect();
    let mut sorted = keys.clone();
    sorted.sort_by(|a, b| {
        let key = |s: &str| {
            let v: Value = serde_json::from_str(s).unwrap();
            (
                v["rule"].as_str().unwrap_or("").to_owned(),
                v["ticket_id"].as_str().map(str::to_owned),
            )
        };
        key(a).cmp(&key(b))
    });
    assert_eq!(keys, sorted, "entries are sorted by rule, then ticket");
    // No cell text of the export (a phone number, say) is in the file.
    assert!(!text.contains("15776914818"));
    assert!(!text.contains("市民"));
}

#[test]
fn the_same_export_reports_nothing_new() {
    let (dir, total) = with_baseline();
    let (code, plain) = check_json(dir.path(), &["export"]);
    assert_eq!(code, 1, "without the baseline the demo month fails");
    assert_eq!(plain["summary"]["total"], total);
    assert!(
        plain["summary"].get("suppressed").is_none(),
        "the key is there only with a baseline"
    );
    let (code, doc) = check_json(dir.path(), &["export", "--baseline", "baseline.json"]);
    assert_eq!(code, 0);
    assert_eq!(doc["summary"]["total"], 0);
    assert_eq!(doc["summary"]["suppressed"], total);
    assert_eq!(doc["diagnostics"].as_array().unwrap().len(), 0);
    gongdan()
        .current_dir(dir.path())
        .args(["check", "--quiet", "export", "--baseline", "baseline.json"])
        .args(["--lang", "en"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(format!(
            "{total} problems accepted by the baseline"
        )));
}

#[test]
fn a_resorted_utf8_export_reports_nothing_new() {
    let (dir, total) = with_baseline();
    let resorted = dir.path().join("resorted");
    copy_export(&resorted);
    for name in ["tickets.csv", "calls.csv", "flows.csv"] {
        let mut rows = read_gbk_rows(&resorted.join(name));
        if name == "tickets.csv" {
            rows[1..].reverse();
        }
        std::fs::write(resorted.join(name), to_csv(&rows)).unwrap();
    }
    let (code, doc) = check_json(dir.path(), &["resorted", "--baseline", "baseline.json"]);
    for f in doc["files"].as_array().unwrap() {
        assert_eq!(f["encoding"], "UTF-8", "{f}");
    }
    assert_eq!(doc["summary"]["total"], 0, "{}", doc["diagnostics"]);
    assert_eq!(doc["summary"]["suppressed"], total);
    assert_eq!(code, 0);
}

#[test]
fn a_new_defective_ticket_is_all_that_is_reported() {
    let (dir, total) = with_baseline();
    let tickets = dir.path().join("export/tickets.csv");
    let rows = read_gbk_rows(&tickets);
    // A copy of a defective ticket (garbled 诉求内容, 不予受理 without a valid
    // reason) under a new id and without its call id.
    let mut new: Vec<String> = rows
        .iter()
        .find(|r| &r[0] == "SY240301000009")
        .expect("the demo month has SY240301000009")
        .iter()
        .map(str::to_owned)
        .collect();
    new[0] = "SY240331999999".to_owned();
    new[3] = String::new();
    let mut bytes = std::fs::read(&tickets).unwrap();
    if !bytes.ends_with(b"\n") {
        bytes.extend_from_slice(b"\r\n");
    }
    let line = to_csv(&[csv::StringRecord::from(new)]);
    let (gbk, _, bad) = encoding_rs::GBK.encode(&line);
    assert!(!bad);
    bytes.extend_from_slice(&gbk);
    std::fs::write(&tickets, bytes).unwrap();

    let (code, doc) = check_json(dir.path(), &["export", "--baseline", "baseline.json"]);
    let diags = doc["diagnostics"].as_array().unwrap();
    assert!(!diags.is_empty());
    for d in diags {
        assert_eq!(d["ticket_id"], "SY240331999999", "{d}");
    }
    assert_eq!(doc["summary"]["total"], diags.len());
    assert_eq!(doc["summary"]["suppressed"], total);
    assert_eq!(code, 1, "the new findings are errors");
}

#[test]
fn duplicates_beyond_the_baseline_count_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let bad =
        "工单编号,受理时间,诉求内容\nA1,2024-03-01 09:00:00,路灯\nA1,2024-03-02 09:00:00,噪音\n";
    std::fs::create_dir(dir.path().join("in")).unwrap();
    std::fs::write(dir.path().join("in/t.csv"), bad).unwrap();
    let (code, doc) = check_json(dir.path(), &["in", "--write-baseline", "b.json"]);
    assert_eq!(code, 0);
    let suppressed = doc["summary"]["suppressed"].as_u64().unwrap();
    assert!(suppressed > 0);
    // The same rows once more: each key now occurs more often than accepted.
    let twice = format!("{bad}A1,2024-03-01 09:00:00,路灯\nA1,2024-03-02 09:00:00,噪音\n");
    std::fs::write(dir.path().join("in/t.csv"), twice).unwrap();
    let (_, doc) = check_json(dir.path(), &["in", "--baseline", "b.json"]);
    assert_eq!(doc["summary"]["suppressed"], suppressed);
    assert!(doc["summary"]["total"].as_u64().unwrap() > 0);
}

#[test]
fn a_bad_baseline_file_is_exit_2_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    copy_export(&dir.path().join("export"));
    std::fs::write(dir.path().join("broken-baseline.json"), "{\"version\": 1,").unwrap();
    gongdan()
        .current_dir(dir.path())
        .args([
            "check",
            "--quiet",
            "export",
            "--baseline",
            "broken-baseline.json",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("broken-baseline.json"));
    std::fs::write(
        dir.path().join("other.json"),
        r#"{"version": 9, "tool": "gongdan", "entries": []}"#,
    )
    .unwrap();
    gongdan()
        .current_dir(dir.path())
        .args(["check", "--quiet", "export", "--baseline", "other.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("other.json").and(predicate::str::contains("version")));
    gongdan()
        .current_dir(dir.path())
        .args(["check", "--quiet", "export", "--baseline", "missing.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("missing.json"));
}

#[test]
fn a_baseline_is_never_written_over_an_input() {
    let dir = tempfile::tempdir().unwrap();
    copy_export(&dir.path().join("export"));
    let before = std::fs::read(dir.path().join("export/tickets.csv")).unwrap();
    gongdan()
        .current_dir(dir.path())
        .args(["check", "--quiet", "export"])
        .args(["--write-baseline", "export/tickets.csv"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--write-baseline"));
    assert_eq!(
        std::fs::read(dir.path().join("export/tickets.csv")).unwrap(),
        before
    );
}
