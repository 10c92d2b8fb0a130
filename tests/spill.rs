//! Findings beyond the memory bound are spilled to a temporary file in
//! sorted runs: the output must not change, and the file must not stay.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn corpus(case: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus")
        .join(case)
}

/// `gongdan check` of the demo month, with the findings bound forced to
/// `bound` (or left alone) and temporary files going to `tmp`.
fn check(args: &[&str], bound: Option<&str>, tmp: &Path) -> (Option<i32>, Vec<u8>) {
    let mut c = Command::cargo_bin("gongdan").expect("binary");
    c.env("NO_COLOR", "1")
        .env("TMPDIR", tmp)
        .env("TMP", tmp)
        .env("TEMP", tmp)
        .env_remove("GONGDAN_SPILL_AFTER")
        .current_dir(corpus("demo-month"))
        .arg("check")
        .args(args)
        .arg(".");
    if let Some(b) = bound {
        c.env("GONGDAN_SPILL_AFTER", b);
    }
    let out = c.output().expect("run gongdan");
    (out.status.code(), out.stdout)
}

#[test]
fn spilled_runs_give_the_same_output_in_every_format() {
    let tmp = tempfile::tempdir().unwrap();
    for format in ["json", "jsonl", "human", "sarif", "github", "html"] {
        let args = ["--format", format];
        let (code, whole) = check(&args, None, tmp.path());
        let (spilled_code, spilled) = check(&args, Some("5"), tmp.path());
        assert!(!whole.is_empty());
        assert_eq!(code, spilled_code, "{format}");
        assert!(
            whole == spilled,
            "{format} output differs when findings spill"
        );
    }
    // The demo month has more findings than the bound: it did spill. And
    // the temporary file is gone.
    let (_, json) = check(&["--format", "json"], None, tmp.path());
    let doc: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert!(doc["diagnostics"].as_array().unwrap().len() > 50);
    let left: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
    assert!(left.is_empty(), "temporary files left: {left:?}");
}

#[test]
fn a_baseline_works_on_spilled_findings() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let base = out.path().join("baseline.json");
    let base_arg = base.to_str().unwrap();
    let (_, whole) = check(
        &["--format", "json", "--write-baseline", base_arg],
        None,
        tmp.path(),
    );
    let written = std::fs::read(&base).unwrap();
    let (_, spilled) = check(
        &["--format", "json", "--write-baseline", base_arg],
        Some("3"),
        tmp.path(),
    );
    assert_eq!(std::fs::read(&base).unwrap(), written);
    assert!(whole == spilled);
    let (_, whole) = check(
        &["--format", "json", "--baseline", base_arg],
        None,
        tmp.path(),
    );
    let (_, spilled) = check(
        &["--format", "json", "--baseline", base_arg],
        Some("3"),
        tmp.path(),
    );
    assert!(whole == spilled);
    let left: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
    assert!(left.is_empty(), "temporary files left: {left:?}");
}

#[test]
fn an_unwritable_temporary_folder_keeps_findings_in_memory() {
    let tmp = tempfile::tempdir().unwrap();
    let (_, whole) = check(&["--format", "jsonl"], None, tmp.path());
    let missing = tmp.path().join("no-such-folder");
    let mut c = Command::cargo_bin("gongdan").expect("binary");
    let out = c
        .env("NO_COLOR", "1")
        .env("TMPDIR", &missing)
        .env("TMP", &missing)
        .env("TEMP", &missing)
        .env("GONGDAN_SPILL_AFTER", "5")
        .current_dir(corpus("demo-month"))
        .args(["check", "--format", "jsonl", "."])
        .output()
        .unwrap();
    // The spill was tried, failed, and said so; nothing was lost.
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("无法写入临时文件"), "{stderr}");
    assert!(out.stdout == whole);
}
