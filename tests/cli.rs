//! The command line as a user meets it: exit codes, formats, languages,
//! masking, bad input, bad config, and the promise never to touch an input.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

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

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).expect("write fixture");
    p
}

const CLEAN: &str = "工单编号,受理时间,来源渠道,诉求内容,办理方式,承办单位,工单状态\nA1,2024-03-01 09:00:00,网站,咨询公积金提取,当即答复,,办理中\n";
const BAD: &str =
    "工单编号,受理时间,诉求内容\nA1,2024-03-01 09:00:00,路灯\nA1,2024-03-02 09:00:00,噪音\n";

#[test]
fn exit_0_when_clean_1_on_errors() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "ok.csv", CLEAN);
    gongdan()
        .current_dir(dir.path())
        .args(["check", "ok.csv"])
        .assert()
        .code(0);
    write(dir.path(), "bad.csv", BAD);
    gongdan()
        .current_dir(dir.path())
        .args(["check", "bad.csv"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("GD703"));
}

#[test]
fn deny_warnings_turns_warnings_into_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "ok.csv", CLEAN);
    write(dir.path(), "notes.csv", "姓名,备注\n张三,x\n");
    gongdan()
        .current_dir(dir.path())
        .args(["check", "."])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("GD002"));
    gongdan()
        .current_dir(dir.path())
        .args(["check", ".", "--deny-warnings"])
        .assert()
        .code(1);
}

#[test]
fn exit_2_when_nothing_is_readable() {
    gongdan()
        .current_dir(corpus("invalid-json"))
        .args(["check", "."])
        .assert()
        .code(2)
        .stdout(predicate::str::contains("GD001"))
        .stderr(predicate::str::contains("no readable input"));
    gongdan()
        .args(["check", "/no/such/folder"])
        .assert()
        .code(2);
}

#[test]
fn unreadable_file_among_good_ones_is_exit_1_and_the_rest_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.csv", CLEAN);
    write(dir.path(), "b.json", "[{\"工单编号\": ");
    let out = gongdan()
        .current_dir(dir.path())
        .args(["check", ".", "--format", "json"])
        .assert()
        .code(1);
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let files = v["files"].as_array().unwrap();
    assert!(
        files
            .iter()
            .any(|f| f["path"] == "a.csv" && f["kind"] == "tickets" && f["rows"] == 1)
    );
    assert!(
        v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["rule"] == "GD001" && d["file"] == "b.json")
    );
}

#[test]
fn bad_config_is_exit_2_and_points_at_the_key() {
    gongdan()
        .current_dir(corpus("bad-config"))
        .args(["check", "."])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("gongdan.toml").and(predicate::str::contains("fatal")));
}

#[test]
fn bad_rule_file_is_exit_2_and_names_the_file_and_key() {
    gongdan()
        .current_dir(corpus("bad-rule-file"))
        .args(["check", "."])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("X001-short-content.toml")
                .and(predicate::str::contains("minimum")),
        );
}

#[test]
fn bad_command_line_is_exit_2() {
    gongdan()
        .args(["check", "--format", "pdf"])
        .assert()
        .code(2);
    gongdan().args(["explain", "GD999"]).assert().code(2);
}

#[test]
fn english_messages_with_lang_en() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "bad.csv", BAD);
    gongdan()
        .current_dir(dir.path())
        .args(["check", "bad.csv", "--lang", "en"])
        .assert()
        .stdout(predicate::str::contains("Ticket id A1 is duplicated"));
}

#[test]
fn phones_are_masked_unless_asked() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "t.csv",
        "工单编号,受理时间,来电号码,诉求内容\nA1,2024-03-01 09:00:00,1381234567,我的电话13812345678\n",
    );
    let masked = gongdan()
        .current_dir(dir.path())
        .args(["check", "t.csv", "--format", "json"])
        .assert();
    let text = String::from_utf8_lossy(&masked.get_output().stdout).into_owned();
    assert!(text.contains("GD704"), "{text}");
    assert!(!text.contains("1381234567"), "phone leaked: {text}");
    let shown = gongdan()
        .current_dir(dir.path())
        .args(["check", "t.csv", "--format", "json", "--show-personal-data"])
        .assert();
    assert!(String::from_utf8_lossy(&shown.get_output().stdout).contains("1381234567"));
}

#[test]
fn select_and_ignore() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "bad.csv", BAD);
    gongdan()
        .current_dir(dir.path())
        .args(["check", "bad.csv", "--ignore", "GD703"])
        .assert()
        .code(0);
    gongdan()
        .current_dir(dir.path())
        .args(["check", "bad.csv", "--select", "GD7", "--format", "jsonl"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("\"rule\":\"GD703\""));
}

#[test]
fn inputs_are_never_modified() {
    let dir = tempfile::tempdir().unwrap();
    for case in [
        "gbk-encoded",
        "xlsx-two-sheets",
        "ragged-rows",
        "json-lines",
        "binary-named-csv",
    ] {
        for e in std::fs::read_dir(corpus(case)).unwrap().flatten() {
            if e.path().is_file() && e.path().extension().is_none_or(|x| x != "snap") {
                std::fs::copy(
                    e.path(),
                    dir.path()
                        .join(format!("{case}-{}", e.file_name().to_string_lossy())),
                )
                .unwrap();
            }
        }
    }
    let snapshot = |d: &Path| -> Vec<(String, Vec<u8>, std::time::SystemTime)> {
        let mut v: Vec<_> = std::fs::read_dir(d)
            .unwrap()
            .flatten()
            .map(|e| {
                (
                    e.file_name().to_string_lossy().into_owned(),
                    std::fs::read(e.path()).unwrap(),
                    e.metadata().unwrap().modified().unwrap(),
                )
            })
            .collect();
        v.sort();
        v
    };
    let before = snapshot(dir.path());
    for format in ["human", "json", "sarif"] {
        gongdan()
            .current_dir(dir.path())
            .args(["check", ".", "--format", format])
            .assert()
            .code(1);
    }
    let out = tempfile::tempdir().unwrap();
    let report = out.path().join("report.json");
    gongdan()
        .current_dir(dir.path())
        .args([
            "check",
            ".",
            "--format",
            "json",
            "--output",
            report.to_str().unwrap(),
        ])
        .assert()
        .code(1);
    assert!(report.is_file());
    assert_eq!(snapshot(dir.path()), before, "an input file changed");
}

#[test]
fn refuses_to_write_the_report_over_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "t.csv", CLEAN);
    gongdan()
        .current_dir(dir.path())
        .args(["check", "t.csv", "--output", "t.csv"])
        .assert()
        .code(2);
    assert_eq!(std::fs::read_to_string(input).unwrap(), CLEAN);
}

/// The report is written through a temporary file renamed into place; that
/// must replace only a regular file. A symbolic link stays a link (the file
/// it names gets the report), and a named pipe stays a pipe (as a device
/// would: `-o /dev/null` run as root once left a regular file there).
#[cfg(unix)]
#[test]
fn output_through_a_symlink_or_into_a_fifo_keeps_them() {
    use std::io::Read;
    use std::os::unix::fs::FileTypeExt;

    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "t.csv", BAD);
    // The JSON report of t.csv, written to `out` (a name in `dir`).
    let check_into = |out: &str| {
        gongdan()
            .current_dir(dir.path())
            .args(["check", "t.csv", "--format", "json", "--output", out])
            .assert()
            .code(1);
    };
    let has_findings = |text: &str| {
        let report: serde_json::Value = serde_json::from_str(text).unwrap();
        report["diagnostics"]
            .as_array()
            .is_some_and(|f| !f.is_empty())
    };
    let real = dir.path().join("real.json");
    std::fs::write(&real, "old").unwrap();
    let link = dir.path().join("link.json");
    std::os::unix::fs::symlink("real.json", &link).unwrap();
    check_into("link.json");
    assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
    assert!(has_findings(&std::fs::read_to_string(&real).unwrap()));

    let fifo = dir.path().join("pipe.json");
    match std::process::Command::new("mkfifo").arg(&fifo).status() {
        Ok(s) if s.success() => {}
        _ => {
            eprintln!("note: no mkfifo here; the named-pipe half is skipped");
            return;
        }
    }
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut text = String::new();
            std::fs::File::open(fifo)
                .and_then(|mut f| f.read_to_string(&mut text))
                .map(|_| text)
        })
    };
    check_into("pipe.json");
    // Checked before joining: had the pipe been replaced, the reader would
    // wait on it for ever.
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo(),
        "the named pipe was replaced by a regular file"
    );
    assert!(has_findings(&reader.join().unwrap().unwrap()));
}

#[test]
fn rules_and_explain() {
    gongdan()
        .args(["rules"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("GD401").and(predicate::str::contains("GD703")));
    gongdan()
        .args(["explain", "GD401"])
        .assert()
        .code(0)
        .stdout(
            predicate::str::contains("vague-return-reason").and(predicate::str::contains("三.2")),
        );
    gongdan()
        .args(["explain", "duplicate-ticket-id", "--lang", "en"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("GD703"));
}

#[test]
fn json_follows_the_documented_schema() {
    let out = gongdan()
        .current_dir(corpus("ragged-rows"))
        .args(["check", ".", "--format", "json"])
        .assert()
        .code(1);
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    for key in ["version", "tool", "files", "diagnostics", "summary"] {
        assert!(v.get(key).is_some(), "missing top-level key {key}");
    }
    let keys = [
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
    let diags = v["diagnostics"].as_array().unwrap();
    assert!(!diags.is_empty());
    for d in diags {
        let obj = d.as_object().unwrap();
        let got: Vec<&str> = obj.keys().map(String::as_str).collect();
        assert_eq!(got, keys, "diagnostic keys differ from the README schema");
    }
}

#[test]
fn the_same_export_in_four_formats_gives_the_same_findings() {
    // corpus/gbk-encoded, utf8-bom, json-array and the first sheet of
    // xlsx-two-sheets hold the same five tickets.
    let key = |case: &str| -> Vec<(String, Option<String>, Option<String>, String)> {
        let out = gongdan()
            .current_dir(corpus(case))
            .args(["check", ".", "--format", "json", "--ignore", "GD002"])
            .assert();
        let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
        let mut k: Vec<_> = v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                (
                    d["rule"].as_str().unwrap().to_owned(),
                    d["ticket_id"].as_str().map(str::to_owned),
                    d["field"].as_str().map(str::to_owned),
                    d["message"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        k.sort();
        k
    };
    let gbk = key("gbk-encoded");
    assert!(!gbk.is_empty(), "the shared export should have findings");
    for other in ["utf8-bom", "json-array", "tsv", "header-aliases"] {
        let o = key(other);
        let strip = |v: &[(String, Option<String>, Option<String>, String)]| -> Vec<(String, Option<String>, Option<String>)> {
            v.iter().map(|(a, b, c, _)| (a.clone(), b.clone(), c.clone())).collect()
        };
        if other == "header-aliases" {
            // Messages quote the file's own headers, which differ here.
            assert_eq!(strip(&gbk), strip(&o), "{other} differs from gbk-encoded");
        } else {
            assert_eq!(gbk, o, "{other} differs from gbk-encoded");
        }
    }
    // The XLSX adds a calls sheet, which links the phone ticket; compare the
    // findings that do not depend on call records.
    let x: Vec<_> = key("xlsx-two-sheets")
        .into_iter()
        .filter(|d| !d.0.starts_with("GD2"))
        .collect();
    let g: Vec<_> = gbk
        .into_iter()
        .filter(|d| !d.0.starts_with("GD2"))
        .collect();
    assert_eq!(g, x, "xlsx-two-sheets differs from gbk-encoded");
}
