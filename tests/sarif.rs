//! `--format sarif` as code-scanning services read it: artifact URIs for
//! relative, absolute and Chinese-named paths (SARIF 2.1.0 §3.4.3, §3.10,
//! §3.14.14), partial fingerprints that survive a re-sorted export, the
//! summary above the result cap, and — where the SARIF Multitool is
//! installed — the official validator.
//!
//! The validator test runs only when the tool is found; install it with
//! `npm install --no-save --prefix /tmp/sarif-tool @microsoft/sarif-multitool`
//! (or point `SARIF_MULTITOOL_PREFIX` at another npm prefix). Without it the
//! test prints a note and passes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command as StdCommand;

use assert_cmd::Command;
use serde_json::Value;

fn gongdan() -> Command {
    let mut c = Command::cargo_bin("gongdan").expect("binary");
    c.env("NO_COLOR", "1");
    c
}

fn corpus(case: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus")
        .join(case)
}

const BAD: &str =
    "工单编号,受理时间,诉求内容\nA1,2024-03-01 09:00:00,路灯\nA1,2024-03-02 09:00:00,噪音\n";

/// `三月 导出` and `工单.csv`, percent-encoded as UTF-8.
const FOLDER_ZH: &str = "三月 导出";
const FOLDER_URI: &str = "%E4%B8%89%E6%9C%88%20%E5%AF%BC%E5%87%BA";
const FILE_URI: &str = "%E5%B7%A5%E5%8D%95.csv";

/// A temporary folder holding `三月 导出/工单.csv` with findings.
fn chinese_export() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join(FOLDER_ZH);
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("工单.csv"), BAD).unwrap();
    dir
}

/// Run `gongdan check ARGS --format sarif` in `cwd` and parse the log.
fn sarif_in(cwd: &Path, paths: &[&Path]) -> Value {
    let out = gongdan()
        .current_dir(cwd)
        .arg("check")
        .args(paths)
        .args(["--format", "sarif", "--quiet"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    serde_json::from_slice(&out.stdout).expect("SARIF is JSON")
}

fn results(log: &Value) -> &Vec<Value> {
    log["runs"][0]["results"].as_array().expect("results")
}

fn artifact(result: &Value) -> &Value {
    &result["locations"][0]["physicalLocation"]["artifactLocation"]
}

/// The `%SRCROOT%` base the log declares, if any.
fn srcroot(log: &Value) -> Option<&str> {
    log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"].as_str()
}

#[test]
fn relative_paths_are_relative_uris_against_srcroot() {
    let dir = chinese_export();
    let log = sarif_in(dir.path(), &[Path::new(FOLDER_ZH)]);
    assert!(!results(&log).is_empty());
    for r in results(&log) {
        let loc = artifact(r);
        assert_eq!(loc["uri"], format!("{FOLDER_URI}/{FILE_URI}"));
        assert_eq!(loc["uriBaseId"], "%SRCROOT%");
    }
    // The base is the working folder as an absolute file URI ending in '/'.
    let root = srcroot(&log).expect("originalUriBaseIds");
    let cwd = dir.path().canonicalize().unwrap();
    let name = cwd.file_name().unwrap().to_str().unwrap();
    assert!(root.starts_with("file:///"), "{root}");
    assert!(root.ends_with(&format!("/{name}/")), "{root}");
    assert!(!root.contains('\\'), "{root}");
}

#[test]
fn absolute_paths_are_absolute_file_uris_without_a_base() {
    let dir = chinese_export();
    let elsewhere = tempfile::tempdir().unwrap();
    let folder = dir.path().canonicalize().unwrap().join(FOLDER_ZH);
    let log = sarif_in(elsewhere.path(), &[&folder]);
    assert!(!results(&log).is_empty());
    for r in results(&log) {
        let loc = artifact(r);
        let uri = loc["uri"].as_str().unwrap();
        assert!(uri.starts_with("file:///"), "{uri}");
        assert!(uri.ends_with(&format!("/{FOLDER_URI}/{FILE_URI}")), "{uri}");
        assert!(!uri.contains('\\') && !uri.contains(' '), "{uri}");
        assert!(loc.get("uriBaseId").is_none(), "{loc}");
    }
    assert_eq!(srcroot(&log), None);
}

#[test]
fn absolute_paths_below_the_working_folder_are_shown_relative() {
    let dir = chinese_export();
    let cwd = dir.path().canonicalize().unwrap();
    let log = sarif_in(&cwd, &[&cwd.join(FOLDER_ZH)]);
    for r in results(&log) {
        assert_eq!(artifact(r)["uri"], format!("{FOLDER_URI}/{FILE_URI}"));
        assert_eq!(artifact(r)["uriBaseId"], "%SRCROOT%");
    }
    assert!(srcroot(&log).is_some());
}

/// (rule, fingerprint) → how often, for every result of a log.
fn fingerprints(log: &Value) -> BTreeMap<(String, String), usize> {
    let mut seen = BTreeMap::new();
    for r in results(log) {
        let fp = r["partialFingerprints"]["gongdan/v1"]
            .as_str()
            .unwrap_or_else(|| panic!("no fingerprint: {r}"));
        let rule = r["ruleId"].as_str().unwrap();
        *seen.entry((rule.to_owned(), fp.to_owned())).or_insert(0) += 1;
    }
    seen
}

#[test]
fn fingerprints_are_unique_and_survive_a_re_sorted_export() {
    let source = std::fs::read(corpus("demo-month").join("tickets.csv")).unwrap();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(source.as_slice());
    let mut records: Vec<csv::ByteRecord> = reader.byte_records().map(Result::unwrap).collect();
    let header = records.remove(0);
    records.reverse();
    let mut writer = csv::WriterBuilder::new()
        .flexible(true)
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    writer.write_byte_record(&header).unwrap();
    for r in &records {
        writer.write_byte_record(r).unwrap();
    }
    let resorted = writer.into_inner().unwrap();
    assert_ne!(resorted, source);

    let original = tempfile::tempdir().unwrap();
    std::fs::write(original.path().join("tickets.csv"), &source).unwrap();
    let reversed = tempfile::tempdir().unwrap();
    std::fs::write(reversed.path().join("tickets.csv"), &resorted).unwrap();
    let a = sarif_in(original.path(), &[Path::new("tickets.csv")]);
    let b = sarif_in(reversed.path(), &[Path::new("tickets.csv")]);

    let fa = fingerprints(&a);
    assert!(results(&a).len() > 10, "the demo export has findings");
    assert!(fa.values().all(|&n| n == 1), "fingerprints collide: {fa:?}");
    // The rows moved, so the regions did; the fingerprints did not.
    let rows = |log: &Value| -> Vec<Value> {
        results(log)
            .iter()
            .map(|r| r["locations"][0]["physicalLocation"]["region"]["startLine"].clone())
            .collect()
    };
    assert_ne!(rows(&a), rows(&b));
    assert_eq!(fa, fingerprints(&b));
}

#[test]
fn above_the_cap_one_result_per_rule_and_column_carries_the_count() {
    // 6,000 rows over three ticket ids (5,997 duplicates) and 3,000
    // unreadable times: 8,997 findings, above the default cap of 5,000.
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("工单编号,受理时间,诉求内容\n");
    for i in 0..6000 {
        let time = if i % 2 == 0 {
            "昨天"
        } else {
            "2024-03-01 09:00:00"
        };
        text.push_str(&format!("A{},{time},路灯\n", i % 3));
    }
    std::fs::write(dir.path().join("t.csv"), text).unwrap();
    let log = sarif_in(dir.path(), &[Path::new("t.csv")]);
    let run = &log["runs"][0];
    assert_eq!(run["properties"]["summarised"], true);
    let total = run["properties"]["findings"].as_u64().unwrap();
    assert!(total > 5000, "{total}");
    let results = results(&log);
    let mut counted = 0;
    let mut keys = Vec::new();
    for r in results {
        assert_eq!(r["properties"]["summarised"], true);
        let count = r["properties"]["count"].as_u64().unwrap();
        let message = r["message"]["text"].as_str().unwrap();
        assert!(message.contains(&count.to_string()), "{message}");
        assert!(r["partialFingerprints"]["gongdan/v1"].is_string());
        assert_eq!(artifact(r)["uri"], "t.csv");
        keys.push((
            r["ruleId"].as_str().unwrap().to_owned(),
            r["properties"]["column"].as_str().unwrap().to_owned(),
        ));
        counted += count;
    }
    assert_eq!(counted, total);
    keys.sort();
    assert_eq!(
        keys,
        [
            ("GD703".to_owned(), "工单编号".to_owned()),
            ("GD704".to_owned(), "受理时间".to_owned()),
        ]
    );
}

/// The npm prefix the SARIF Multitool is installed under, if any.
fn multitool_prefix() -> Option<PathBuf> {
    let candidates = std::env::var_os("SARIF_MULTITOOL_PREFIX")
        .map(PathBuf::from)
        .into_iter()
        .chain([
            PathBuf::from(env!("CARGO_MANIFEST_DIR")),
            std::env::temp_dir().join("sarif-tool"),
            PathBuf::from("/tmp/sarif-tool"),
        ]);
    let bin = if cfg!(windows) {
        "sarif-multitool.cmd"
    } else {
        "sarif-multitool"
    };
    candidates
        .into_iter()
        .find(|p| p.join("node_modules").join(".bin").join(bin).exists())
}

/// Validate `file` with the Multitool; the validator's own SARIF log.
fn validate(prefix: &Path, file: &Path, out: &Path) -> Value {
    // No `--level`: the default reports errors and warnings. `npx --prefix`
    // runs the locally installed tool and does not reach the registry.
    let status = StdCommand::new(if cfg!(windows) { "npx.cmd" } else { "npx" })
        .arg("--no-install")
        .arg("--prefix")
        .arg(prefix)
        .args(["sarif-multitool", "validate", "--output"])
        .arg(out)
        .arg(file)
        .status()
        .expect("npx runs");
    // The tool exits 0 even when it finds errors: read its log instead.
    assert!(status.success(), "sarif-multitool validate: {status}");
    let text = std::fs::read_to_string(out).expect("the validator wrote its log");
    serde_json::from_str(text.trim_start_matches('\u{feff}')).expect("the validator's log")
}

#[test]
fn the_sarif_multitool_accepts_relative_and_absolute_paths() {
    let Some(prefix) = multitool_prefix() else {
        eprintln!(
            "note: SARIF Multitool not installed, validator test skipped \
             (npm install --no-save --prefix /tmp/sarif-tool @microsoft/sarif-multitool)"
        );
        return;
    };
    let dir = chinese_export();
    let cwd = dir.path().canonicalize().unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let logs = [
        ("relative", sarif_in(&cwd, &[Path::new(FOLDER_ZH)])),
        (
            "absolute",
            sarif_in(elsewhere.path(), &[&cwd.join(FOLDER_ZH)]),
        ),
        (
            "demo-month",
            sarif_in(
                Path::new(env!("CARGO_MANIFEST_DIR")),
                &[&corpus("demo-month")],
            ),
        ),
    ];
    // ASCII names only: the tool's npm wrapper runs through a shell.
    let work = tempfile::tempdir().unwrap();
    for (name, log) in logs {
        let file = work.path().join(format!("{name}.sarif"));
        std::fs::write(&file, serde_json::to_vec_pretty(&log).unwrap()).unwrap();
        let report = validate(
            &prefix,
            &file,
            &work.path().join(format!("{name}.out.sarif")),
        );
        let run = &report["runs"][0];
        assert_eq!(
            run["invocations"][0]["executionSuccessful"], true,
            "{name}: {run}"
        );
        let problems: Vec<String> = run["results"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .filter(|r| r["level"].as_str().unwrap_or("warning") != "note")
            // SARIF2005 asks for `tool.driver.informationUri`, which comes
            // from Cargo.toml's `repository` once the project has one.
            .filter(|r| r["ruleId"] != "SARIF2005")
            .map(|r| format!("{} {}", r["ruleId"], r["message"]))
            .collect();
        assert!(problems.is_empty(), "{name}: {problems:#?}");
        eprintln!("{name}: the SARIF Multitool found no errors");
    }
}

#[test]
fn the_cap_is_an_option() {
    let run = |cap: &str| -> Value {
        let out = gongdan()
            .args(["check", "--format", "sarif", "--sarif-cap", cap])
            .arg(corpus("demo-month"))
            .output()
            .unwrap();
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let low = run("1");
    assert_eq!(low["runs"][0]["properties"]["summarised"], true);
    let high = run("1000000");
    assert_eq!(high["runs"][0]["properties"]["summarised"], false);
    assert!(results(&high).len() > results(&low).len());
}
