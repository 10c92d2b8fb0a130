//! Chinese folder, file and sheet names survive every output format: a
//! county centre's export lives in `邵阳市/三月工单.csv` and an XLSX with
//! sheets 工单 and 话单. Paths go through `std::path` only, so the same holds
//! on Windows (where the separator becomes `/` in every report).

use std::path::Path;

use assert_cmd::Command;
use calamine::{Reader, Xlsx, open_workbook};
use serde_json::Value;

fn gongdan(cwd: &Path) -> Command {
    let mut c = Command::cargo_bin("gongdan").expect("binary");
    c.env("NO_COLOR", "1").current_dir(cwd);
    c
}

/// `邵阳市/三月工单.csv` (GBK, as exported) and `邵阳市/县区/三月导出.xlsx`
/// (sheets 工单, 话单, 说明) in a temporary folder.
fn export() -> tempfile::TempDir {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let dir = tempfile::tempdir().unwrap();
    let city = dir.path().join("邵阳市");
    let county = city.join("县区");
    std::fs::create_dir_all(&county).unwrap();
    std::fs::copy(
        root.join("gbk-encoded/工单导出.csv"),
        city.join("三月工单.csv"),
    )
    .unwrap();
    std::fs::copy(
        root.join("xlsx-two-sheets/三月导出.xlsx"),
        county.join("三月导出.xlsx"),
    )
    .unwrap();
    dir
}

const CSV: &str = "邵阳市/三月工单.csv";
const XLSX: &str = "邵阳市/县区/三月导出.xlsx";

fn run(cwd: &Path, format: &str, extra: &[&str]) -> (Vec<u8>, String) {
    let o = gongdan(cwd)
        .args(["check", "邵阳市", "--format", format])
        .args(extra)
        .output()
        .unwrap();
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "{format}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    (o.stdout, String::from_utf8_lossy(&o.stderr).into_owned())
}

#[test]
fn text_formats_name_chinese_files_and_sheets() {
    let dir = export();
    let cwd = dir.path();

    let (human, _) = run(cwd, "human", &[]);
    let human = String::from_utf8(human).unwrap();
    assert!(human.contains(CSV), "human names {CSV}");
    assert!(human.contains(XLSX), "human names {XLSX}");
    assert!(human.contains("说明"), "human names the sheet");

    let (json, _) = run(cwd, "json", &[]);
    let json: Value = serde_json::from_slice(&json).unwrap();
    let files: Vec<(&str, Option<&str>)> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["path"].as_str().unwrap(), f["sheet"].as_str()))
        .collect();
    assert!(files.contains(&(CSV, None)));
    assert!(files.contains(&(XLSX, Some("工单"))));
    assert!(files.contains(&(XLSX, Some("话单"))));
    let diags = json["diagnostics"].as_array().unwrap();
    assert!(diags.iter().any(|d| d["file"] == CSV));
    assert!(
        diags
            .iter()
            .any(|d| d["file"] == XLSX && d["sheet"] == "工单")
    );

    let (jsonl, _) = run(cwd, "jsonl", &[]);
    let lines: Vec<Value> = String::from_utf8(jsonl)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), diags.len());
    assert!(lines.iter().any(|d| d["file"] == CSV));

    let (github, _) = run(cwd, "github", &[]);
    let github = String::from_utf8(github).unwrap();
    assert!(github.contains(&format!("file={CSV}")), "{github}");
    assert!(github.contains(&format!("file={XLSX}")), "{github}");

    let (sarif, _) = run(cwd, "sarif", &[]);
    let sarif: Value = serde_json::from_slice(&sarif).unwrap();
    let uris: Vec<String> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap();
            percent_decode(uri)
        })
        .collect();
    assert!(uris.iter().any(|u| u == CSV), "{uris:?}");
    assert!(uris.iter().any(|u| u == XLSX), "{uris:?}");

    let (html, _) = run(cwd, "html", &[]);
    let html = String::from_utf8(html).unwrap();
    assert!(html.contains(CSV), "html names {CSV}");
    assert!(html.contains(XLSX), "html names {XLSX}");
    assert!(html.contains("话单"), "html names the sheet");
}

/// `%E9%82%B5` → the UTF-8 bytes they stand for.
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 3 <= b.len() {
            if let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap()
}

#[test]
fn annotated_outputs_keep_chinese_names() {
    let dir = export();
    let cwd = dir.path();
    let out = cwd.join("报告");
    std::fs::create_dir_all(&out).unwrap();

    // Workbook: one sheet per table, named from the Chinese file and sheet names.
    let book = out.join("检查结果.xlsx");
    run(cwd, "xlsx", &["--output", book.to_str().unwrap()]);
    let wb: Xlsx<_> = open_workbook(&book).unwrap();
    let names = wb.sheet_names();
    for want in [
        "三月工单",
        "三月导出-工单",
        "三月导出-话单",
        "按承办单位",
        "按规则",
        "其他问题",
    ] {
        assert!(names.iter().any(|n| n == want), "sheet {want} in {names:?}");
    }

    // CSV: one file per table, named from --output's stem and the table.
    let (_, stderr) = run(cwd, "csv", &["--output", "报告/检查结果.csv"]);
    for name in ["三月工单", "三月导出-工单", "三月导出-话单", "其他问题"] {
        let path = out.join(format!("检查结果-{name}.csv"));
        assert!(path.exists(), "{}", path.display());
        assert!(stderr.contains(&format!("检查结果-{name}.csv")), "{stderr}");
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with('\u{feff}'));
    }
    let other = std::fs::read_to_string(out.join("检查结果-其他问题.csv")).unwrap();
    assert!(other.contains(XLSX) && other.contains("说明"), "{other}");
}
