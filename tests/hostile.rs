//! Hostile input: files nobody controls must give a finding that names the
//! file and the place, never a panic, a hang or a changed input; the run
//! goes on with the other files. And `--output` never leaves a half-written
//! report behind.
//!
//! Fixtures: `tests/hostile/` (small, committed; fuzz crashes go there too)
//! plus large ones generated here.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

use assert_cmd::cargo::CommandCargoExt;
use serde_json::Value;

fn gongdan() -> Command {
    let mut cmd = Command::cargo_bin("gongdan").expect("binary");
    cmd.env("CI", "true").env_remove("RUST_BACKTRACE");
    cmd
}

/// Content and modification time of every file under `dir`.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, (Vec<u8>, SystemTime)> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let m = e.metadata().expect("metadata");
            (
                e.path().to_owned(),
                (
                    std::fs::read(e.path()).expect("read"),
                    m.modified().expect("mtime"),
                ),
            )
        })
        .collect()
}

fn assert_unchanged(
    before: &BTreeMap<PathBuf, (Vec<u8>, SystemTime)>,
    after: &BTreeMap<PathBuf, (Vec<u8>, SystemTime)>,
) {
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "files were added or removed among the inputs"
    );
    for (path, (bytes, mtime)) in before {
        let (b, m) = &after[path];
        assert!(b == bytes, "{} was modified", path.display());
        assert_eq!(m, mtime, "{} was touched", path.display());
    }
}

/// Run and wait at most `limit`; the exit code (a panic is 101, a signal
/// none) and stdout, stderr.
fn run_with_limit(mut cmd: Command, limit: Duration) -> (Option<i32>, String, String) {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let start = Instant::now();
    // Read the pipes on threads so a full pipe cannot stall the child.
    let mut out = child.stdout.take().expect("stdout");
    let mut err = child.stderr.take().expect("stderr");
    let out_t = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut out, &mut s).ok();
        s
    });
    let err_t = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut err, &mut s).ok();
        s
    });
    let status = loop {
        if let Some(s) = child.try_wait().expect("wait") {
            break s;
        }
        if start.elapsed() > limit {
            child.kill().ok();
            panic!("gongdan hung: still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    (
        status.code(),
        out_t.join().expect("stdout thread"),
        err_t.join().expect("stderr thread"),
    )
}

const GOOD: &str = "工单编号,受理时间,诉求内容\nSY0001,2024-03-19 09:12:00,市民反映小区路灯不亮\n";

/// Generated hostile files (too large to commit).
fn generate(dir: &Path) {
    let w = |name: &str, bytes: Vec<u8>| std::fs::write(dir.join(name), bytes).expect("write");
    w(
        "big-cell.csv",
        format!(
            "工单编号,诉求内容\nA1,{}\nA2,路灯不亮\n",
            "长".repeat(3 * 1024 * 1024)
        )
        .into_bytes(),
    );
    let many: Vec<String> = (0..60_000).map(|i| format!("列{i}")).collect();
    w(
        "wide-header.csv",
        format!("工单编号,诉求内容,{}\nA1,路灯不亮\n", many.join(",")).into_bytes(),
    );
    w(
        "wide-row.csv",
        format!("工单编号,诉求内容\nA1,{}\n", vec!["x"; 60_000].join(",")).into_bytes(),
    );
    let deep = 100_000;
    w(
        "deep.json",
        format!("{}{}", "[".repeat(deep), "]".repeat(deep)).into_bytes(),
    );
    w(
        "deep-value.json",
        format!(
            "[{{\"工单编号\":\"A1\",\"诉求内容\":{}1{}}}]",
            "{\"a\":".repeat(deep),
            "}".repeat(deep)
        )
        .into_bytes(),
    );
    w(
        "deep-line.jsonl",
        format!(
            "{{\"工单编号\":\"A1\",\"诉求内容\":\"x\"}}\n{{\"工单编号\":\"A2\",\"诉求内容\":{}{}}}\n",
            "[".repeat(deep),
            "]".repeat(deep)
        )
        .into_bytes(),
    );
    // One JSON Lines record over MAX_RECORD_BYTES (64 MiB) between two good ones.
    let mut huge =
        b"{\"ticket_id\":\"A0\",\"content\":\"ok\"}\n{\"ticket_id\":\"A1\",\"content\":\"".to_vec();
    huge.resize(huge.len() + (65 << 20), b'x');
    huge.extend_from_slice(b"\"}\n{\"ticket_id\":\"A2\",\"content\":\"ok\"}\n");
    w("huge-line.jsonl", huge);
    w("good.csv", GOOD.as_bytes().to_vec());
}

/// What each hostile file must produce: (file, rule, a piece of the
/// English message).
const EXPECTED: &[(&str, &str, &str)] = &[
    ("pdf-named.csv", "GD001", "PDF"),
    ("png-named.xlsx", "GD001", "PNG"),
    ("png-named.json", "GD001", "PNG"),
    ("random-bytes.csv", "GD001", "not a text file"),
    ("csv-named.xlsx", "GD001", "text file named .xlsx"),
    ("empty.xlsx", "GD001", "empty"),
    ("zip-without-workbook.xlsx", "GD001", "without a workbook"),
    ("zip-bomb.xlsx", "GD001", "zip bomb"),
    ("truncated.xlsx", "GD001", "invalid Zip archive"),
    ("far-cell.xlsx", "GD701", ""),
    ("nul-bytes.csv", "GD003", "NUL"),
    ("unclosed-quote.csv", "GD003", "quote"),
    ("json-not-a-table.json", "GD002", "not an array of objects"),
    ("json-truncated.json", "GD001", "invalid JSON at line 1"),
    ("big-cell.csv", "GD003", "over the limit of 32767"),
    (
        "wide-header.csv",
        "GD003",
        "60002 columns, over the limit of 16384",
    ),
    ("wide-row.csv", "GD003", "over the limit of 16384"),
    ("deep.json", "GD001", "recursion limit exceeded"),
    ("deep-value.json", "GD001", "recursion limit exceeded"),
    ("deep-line.jsonl", "GD003", "line 2 is not valid JSON"),
    (
        "huge-line.jsonl",
        "GD003",
        "line 2 is 65 MiB, over the limit of 64 MiB",
    ),
];

#[test]
fn every_hostile_file_is_named_and_the_run_goes_on() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile");
    for entry in std::fs::read_dir(&fixtures).expect("fixtures") {
        let path = entry.expect("entry").path();
        if path.file_name().is_some_and(|n| n != "README.md") {
            std::fs::copy(&path, dir.path().join(path.file_name().expect("name"))).expect("copy");
        }
    }
    generate(dir.path());
    let before = snapshot(dir.path());

    let mut cmd = gongdan();
    cmd.current_dir(dir.path())
        .args(["check", "--lang", "en", "--format", "json", "."]);
    let (code, out, err) = run_with_limit(cmd, Duration::from_secs(600));
    assert!(!err.contains("panicked"), "panic: {err}");
    assert!(matches!(code, Some(0..=2)), "exit {code:?}: {err}");
    let report: Value = serde_json::from_str(&out).expect("JSON report");
    let diags = report["diagnostics"].as_array().expect("diagnostics");
    for (file, rule, text) in EXPECTED {
        assert!(
            diags.iter().any(|d| d["file"] == *file
                && d["rule"] == *rule
                && d["message"].as_str().is_some_and(|m| m.contains(text))),
            "no {rule} \"…{text}…\" for {file}; got: {:#?}",
            diags
                .iter()
                .filter(|d| d["file"] == *file)
                .map(|d| (&d["rule"], &d["message"]))
                .collect::<Vec<_>>()
        );
    }
    // Every fixture, also a fuzz crash added later, is named at least once.
    for path in before.keys() {
        let name = path.file_name().and_then(|n| n.to_str()).expect("name");
        assert!(
            diags.iter().any(|d| d["file"] == name) || name == "good.csv",
            "{name} got no finding"
        );
    }
    // The good file among them was still checked.
    let files = report["files"].as_array().expect("files");
    assert!(
        files
            .iter()
            .any(|f| f["path"] == "good.csv" && f["rows"] == 1),
        "good.csv was not checked: {files:#?}"
    );
    assert_unchanged(&before, &snapshot(dir.path()));
}

#[cfg(unix)]
#[test]
fn a_pipe_named_csv_is_not_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fifo = dir.path().join("pipe.csv");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("note: mkfifo not available; skipped");
        return;
    }
    let mut cmd = gongdan();
    cmd.current_dir(dir.path())
        .args(["check", "--lang", "en", "pipe.csv"]);
    let (code, out, err) = run_with_limit(cmd, Duration::from_secs(120));
    assert_eq!(code, Some(2), "{out}{err}");
    assert!(
        out.contains("pipe.csv") && out.contains("not a regular file"),
        "{out}"
    );
}

/// Every output format, and a read-only input: nothing under the inputs
/// changes, not even a modification time.
#[test]
fn inputs_are_never_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).expect("mkdir");
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    for case in [
        "json-array",
        "json-lines",
        "gbk-encoded",
        "xlsx-two-sheets",
        "ragged-rows",
    ] {
        for e in walkdir::WalkDir::new(corpus.join(case))
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
        {
            let name = format!("{case}-{}", e.file_name().to_str().expect("utf-8 name"));
            let to = inputs.join(name);
            std::fs::copy(e.path(), &to).expect("copy");
            let mut perm = std::fs::metadata(&to).expect("meta").permissions();
            perm.set_readonly(true);
            std::fs::set_permissions(&to, perm).expect("read-only");
        }
    }
    let before = snapshot(&inputs);
    assert!(before.len() >= 5);
    for format in ["human", "json", "jsonl", "sarif", "github"] {
        let out = dir.path().join(format!("report.{format}"));
        let mut cmd = gongdan();
        cmd.args(["check", "--format", format, "-o"])
            .arg(&out)
            .arg("--write-baseline")
            .arg(dir.path().join(format!("baseline.{format}.json")))
            .arg(&inputs);
        let (code, _, err) = run_with_limit(cmd, Duration::from_secs(600));
        assert!(
            matches!(code, Some(0..=2)),
            "{format}: exit {code:?}: {err}"
        );
        assert!(out.exists(), "{format}: no report written");
        assert_unchanged(&before, &snapshot(&inputs));
    }
}

/// A run that fails leaves an earlier report as it was and no temp file.
#[test]
fn a_failing_run_leaves_no_half_written_output() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("good.csv"), GOOD).expect("write");
    std::fs::write(dir.path().join("bad.toml"), "[rules\nnot toml").expect("write");
    let report = dir.path().join("report.json");
    std::fs::write(&report, "earlier report").expect("write");
    let mut cmd = gongdan();
    cmd.current_dir(dir.path()).args([
        "check",
        "--config",
        "bad.toml",
        "--format",
        "json",
        "-o",
        "report.json",
        "good.csv",
    ]);
    let (code, _, err) = run_with_limit(cmd, Duration::from_secs(120));
    assert_ne!(code, Some(0), "a bad config must fail: {err}");
    assert_eq!(
        std::fs::read_to_string(&report).expect("report"),
        "earlier report"
    );
    // Into a folder that does not exist: an error naming it, nothing left.
    let mut cmd = gongdan();
    cmd.current_dir(dir.path())
        .args(["check", "-o", "missing/report.json", "good.csv"]);
    let (code, _, err) = run_with_limit(cmd, Duration::from_secs(120));
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("missing"), "{err}");
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .expect("ls")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(left.len(), 3, "stray files: {left:?}");
}

/// SIGKILL in the middle of a large run: no report appears, no visible
/// file is left; a stale hidden temp of a killed run is removed by the next
/// run that writes the same report.
#[cfg(unix)]
#[test]
fn a_killed_run_leaves_no_partial_report() {
    let dir = tempfile::tempdir().expect("tempdir");
    // Closed tickets with texts that differ row by row, so that the closing
    // rules analyse every one (repeated texts are judged once) and the report
    // is large: writing it takes long enough to be caught.
    let mut big = String::from("工单编号,受理时间,诉求内容,工单状态,办结内容\n");
    for i in 0..400_000 {
        big.push_str(&format!(
            "SY{i:07},2024-03-19 09:12:00,市民反映{i}号楼路灯不亮已有一周请尽快修复,已办结,已派人维修{i}号楼路灯\n"
        ));
    }
    std::fs::write(dir.path().join("big.csv"), big).expect("write");
    let mut child = gongdan()
        .current_dir(dir.path())
        .args(["check", "--format", "json", "-o", "report.json", "big.csv"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    // Killed the moment its report starts to be written (the temp file
    // appears), so the kill lands mid-write whatever the machine's speed; a
    // minute without a temp kills it anyway.
    let temp_written = || {
        std::fs::read_dir(dir.path()).expect("ls").any(|e| {
            let name = e.expect("entry").file_name().into_string().expect("name");
            name.starts_with(".report.json.") && name.ends_with(".tmp")
        })
    };
    let started = std::time::Instant::now();
    let killed = loop {
        if child.try_wait().expect("try_wait").is_some() {
            break false;
        }
        if temp_written() || started.elapsed() > Duration::from_secs(60) {
            child.kill().expect("SIGKILL"); // std's kill is SIGKILL on Unix
            child.wait().expect("wait");
            break true;
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    if killed {
        for e in std::fs::read_dir(dir.path()).expect("ls") {
            let name = e.expect("entry").file_name().into_string().expect("name");
            assert!(
                name == "big.csv"
                    || name == "report.json"
                    || (name.starts_with(".report.json.") && name.ends_with(".tmp")),
                "a killed run left {name}"
            );
        }
        // On a loaded machine the kill may land just after the temp was
        // renamed into place: then the report is whole, never half.
        if let Ok(report) = std::fs::read_to_string(dir.path().join("report.json")) {
            serde_json::from_str::<Value>(&report).expect("a killed run's report is whole");
        }
    } else {
        // Finished between two looks: then its report is whole.
        let report = std::fs::read_to_string(dir.path().join("report.json")).expect("report");
        serde_json::from_str::<Value>(&report).expect("a whole JSON report");
    }

    // A temp of a killed run (no such process) is cleaned by the next run.
    let stale = dir.path().join(".report.json.4000000000.tmp");
    std::fs::write(&stale, "{\"half\":").expect("write");
    std::fs::write(dir.path().join("good.csv"), GOOD).expect("write");
    let mut cmd = gongdan();
    cmd.current_dir(dir.path()).args([
        "check",
        "--format",
        "json",
        "-o",
        "report.json",
        "good.csv",
    ]);
    let (code, _, err) = run_with_limit(cmd, Duration::from_secs(120));
    assert!(matches!(code, Some(0..=2)), "{err}");
    assert!(!stale.exists(), "the stale temp was not removed");
    let report = std::fs::read_to_string(dir.path().join("report.json")).expect("report");
    serde_json::from_str::<Value>(&report).expect("a whole JSON report");
    let left: Vec<String> = std::fs::read_dir(dir.path())
        .expect("ls")
        .map(|e| e.expect("entry").file_name().into_string().expect("name"))
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "temps left: {left:?}");
}
