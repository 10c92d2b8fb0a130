//! The annotated outputs read back with other libraries: the workbook with
//! calamine (and its XML with zip), the CSV with the csv crate. Every
//! finding of the JSON report must stand on its row (or in 其他问题), the
//! summary sheets must count what the JSON summary counts, copied cells are
//! the originals except for masking, and the CSV encodings decode to the
//! same table.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use assert_cmd::Command;
use calamine::{Data, Range, Reader, Xlsx, open_workbook};
use serde_json::Value;

fn gongdan() -> Command {
    let mut c = Command::cargo_bin("gongdan").expect("binary");
    c.env("NO_COLOR", "1")
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

fn corpus(case: &str) -> String {
    format!("corpus/{case}")
}

fn json_report(args: &[&str]) -> Value {
    let out = gongdan()
        .args(["check", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).expect("JSON report")
}

fn workbook(args: &[&str], out: &Path) {
    let o = gongdan()
        .args(["check", "--format", "xlsx", "--output"])
        .arg(out)
        .args(args)
        .output()
        .unwrap();
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

fn text(range: &Range<Data>, row: usize, col: usize) -> String {
    match range.get_value((row as u32, col as u32)) {
        None | Some(Data::Empty) => String::new(),
        Some(Data::String(s)) => s.clone(),
        Some(Data::Float(f)) => format!("{f}"),
        Some(Data::Int(i)) => i.to_string(),
        Some(other) => other.to_string(),
    }
}

fn number(range: &Range<Data>, row: usize, col: usize) -> u64 {
    match range.get_value((row as u32, col as u32)) {
        None | Some(Data::Empty) => 0,
        Some(Data::Float(f)) => *f as u64,
        Some(Data::Int(i)) => *i as u64,
        Some(other) => panic!("not a number at ({row},{col}): {other:?}"),
    }
}

/// Row and column of the first cell holding `needle` in the first rows.
fn find(range: &Range<Data>, needle: &str) -> Option<(usize, usize)> {
    let (h, w) = (
        range.end().map_or(0, |e| e.0 as usize + 1),
        range.end().map_or(0, |e| e.1 as usize + 1),
    );
    (0..h.min(12)).find_map(|r| {
        (0..w)
            .find(|&c| text(range, r, c) == needle)
            .map(|c| (r, c))
    })
}

/// The sheet name each input table gets: the file stem, with the sheet
/// name for XLSX input (a repeated name gets `~2`, `~3`, …).
fn sheet_of(file: &str, sheet: Option<&str>) -> String {
    let stem = Path::new(file)
        .file_stem()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    match sheet {
        Some(s) => format!("{stem}-{s}"),
        None => stem,
    }
}

type Key = (String, Option<String>, Option<u64>, String);

/// Every finding the workbook shows, as (file, sheet, row, rule).
fn findings_in_workbook(path: &Path, report: &Value) -> BTreeMap<Key, usize> {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    let mut got = BTreeMap::new();
    let mut used: BTreeMap<String, usize> = BTreeMap::new();
    for f in report["files"].as_array().unwrap() {
        if f["kind"].is_null() {
            continue;
        }
        let file = f["path"].as_str().unwrap();
        let sheet = f["sheet"].as_str();
        let base = sheet_of(file, sheet);
        let n = used.entry(base.clone()).or_insert(0);
        *n += 1;
        let name = if *n == 1 { base } else { format!("{base}~{n}") };
        let range = wb
            .worksheet_range(&name)
            .unwrap_or_else(|e| panic!("sheet {name}: {e}"));
        let (header, codes) = find(&range, "问题代码").expect("added column 问题代码");
        let jsonl = f["format"] == "jsonl";
        for r in header + 1..range.end().unwrap().0 as usize + 1 {
            let cell = text(&range, r, codes);
            // Excel rows are 1-based; JSON Lines rows are lines (no header).
            let row = r as u64 + 1 - u64::from(jsonl);
            let problems = text(&range, r, codes + 1);
            let fixes = text(&range, r, codes + 2);
            let lines: Vec<&str> = cell.lines().collect();
            assert_eq!(problems.lines().count(), lines.len(), "{name} row {row}");
            assert_eq!(fixes.lines().count(), lines.len(), "{name} row {row}");
            for code in lines {
                *got.entry((
                    file.to_owned(),
                    sheet.map(str::to_owned),
                    Some(row),
                    code.to_owned(),
                ))
                .or_insert(0) += 1;
            }
        }
    }
    if let Ok(other) = wb.worksheet_range("其他问题") {
        for r in 1..other.end().unwrap().0 as usize + 1 {
            let sheet = text(&other, r, 1);
            let row = text(&other, r, 2);
            *got.entry((
                text(&other, r, 0),
                (!sheet.is_empty()).then_some(sheet),
                row.parse().ok(),
                text(&other, r, 4),
            ))
            .or_insert(0) += 1;
        }
    }
    got
}

fn findings_in_json(report: &Value) -> BTreeMap<Key, usize> {
    let mut want = BTreeMap::new();
    for d in report["diagnostics"].as_array().unwrap() {
        *want
            .entry((
                d["file"].as_str().unwrap().to_owned(),
                d["sheet"].as_str().map(str::to_owned),
                d["row"].as_u64(),
                d["rule"].as_str().unwrap().to_owned(),
            ))
            .or_insert(0) += 1;
    }
    want
}

/// The JSON report of demo-month, made once (a debug build is slow).
fn demo_json() -> &'static Value {
    static DEMO: OnceLock<Value> = OnceLock::new();
    DEMO.get_or_init(|| json_report(&[&corpus("demo-month")]))
}

#[test]
fn every_finding_stands_on_its_row_in_the_workbook() {
    let dir = tempfile::tempdir().unwrap();
    // One run over many cases (in path order, as the sheets are named).
    let cases: Vec<String> = [
        "demo-month",
        "gbk-encoded",
        "json-array",
        "json-lines",
        "mixed-folder",
        "ragged-rows",
        "tsv",
        "xlsx-two-sheets",
    ]
    .iter()
    .map(|c| corpus(c))
    .collect();
    let args: Vec<&str> = cases.iter().map(String::as_str).collect();
    let report = json_report(&args);
    let out = dir.path().join("cases.xlsx");
    workbook(&args, &out);
    let want = findings_in_json(&report);
    for case in &cases {
        assert!(
            want.keys().any(|k| k.0.starts_with(case.as_str())),
            "{case} has findings"
        );
    }
    assert_eq!(findings_in_workbook(&out, &report), want);
}

#[test]
fn summary_sheets_count_what_the_json_counts() {
    let dir = tempfile::tempdir().unwrap();
    for lang in ["zh", "en"] {
        let report = if lang == "zh" {
            demo_json().clone()
        } else {
            json_report(&[&corpus("demo-month"), "--lang", lang])
        };
        let out = dir.path().join(format!("demo-{lang}.xlsx"));
        workbook(&[&corpus("demo-month"), "--lang", lang], &out);
        let mut wb: Xlsx<_> = open_workbook(&out).unwrap();
        let summary = &report["summary"];

        let units = wb.worksheet_range("按承办单位").unwrap();
        let width = units.end().unwrap().1 as usize + 1;
        let total_col = width - 1;
        assert!(text(&units, 0, total_col).starts_with("合计"));
        let code_col: BTreeMap<String, usize> =
            (1..total_col).map(|c| (text(&units, 0, c), c)).collect();
        let by_unit = summary["by_unit"].as_array().unwrap();
        assert!(by_unit.len() > 3, "demo-month has several units");
        for (i, u) in by_unit.iter().enumerate() {
            let r = i + 1;
            assert_eq!(text(&units, r, 0), u["unit"].as_str().unwrap());
            assert_eq!(number(&units, r, total_col), u["count"].as_u64().unwrap());
            let by_rule = u["by_rule"].as_object().unwrap();
            for (code, &c) in &code_col {
                let n = by_rule.get(code).and_then(Value::as_u64).unwrap_or(0);
                assert_eq!(number(&units, r, c), n, "{} {code}", u["unit"]);
            }
        }
        let last = by_unit.len() + 1;
        assert!(text(&units, last, 0).starts_with("合计"));
        assert_eq!(
            number(&units, last, total_col),
            summary["total"].as_u64().unwrap()
        );

        let rules = wb.worksheet_range("按规则").unwrap();
        let fired: BTreeMap<&str, u64> = summary["by_rule"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| (r["rule"].as_str().unwrap(), r["count"].as_u64().unwrap()))
            .collect();
        let mut seen = 0;
        for r in 1..rules.end().unwrap().0 as usize + 1 {
            let code = text(&rules, r, 0);
            let n = number(&rules, r, 3);
            assert_eq!(n, fired.get(code.as_str()).copied().unwrap_or(0), "{code}");
            assert!(!text(&rules, r, 4).is_empty(), "{code} has a title");
            seen += usize::from(n > 0);
        }
        assert_eq!(seen, fired.len());
    }
}

fn read_csv(bytes: &[u8]) -> Vec<Vec<String>> {
    let text = match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => encoding_rs::GB18030.decode(bytes).0.into_owned(),
    };
    let text = text.trim_start_matches('\u{feff}');
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

fn sheet_rows(path: &Path, name: &str) -> Vec<Vec<String>> {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    let range = wb.worksheet_range(name).unwrap();
    let (h, w) = range
        .end()
        .map(|e| (e.0 as usize + 1, e.1 as usize + 1))
        .unwrap();
    (0..h)
        .map(|r| (0..w).map(|c| text(&range, r, c)).collect())
        .collect()
}

#[test]
fn copied_cells_are_the_originals_except_masked_personal_data() {
    let dir = tempfile::tempdir().unwrap();
    let original = read_csv(
        &std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/demo-month/tickets.csv"))
            .unwrap(),
    );
    let width = original[0].len();
    let mobile = regex::Regex::new(r"(?:^|\D)1[3-9]\d{9}(?:\D|$)").unwrap();

    let masked = dir.path().join("masked.xlsx");
    workbook(&[&corpus("demo-month")], &masked);
    let rows = sheet_rows(&masked, "tickets");
    assert_eq!(rows.len(), original.len());
    let mut changed = 0;
    for (orig, got) in original.iter().zip(&rows) {
        for (c, o) in orig.iter().enumerate() {
            let g = &got[c];
            if g != o {
                changed += 1;
                assert!(
                    *g == gongdan::privacy::mask_value(o) || *g == gongdan::privacy::mask_text(o),
                    "cell changed beyond masking: {o:?} → {g:?}"
                );
            }
            assert!(!mobile.is_match(g), "unmasked phone number in {g:?}");
        }
    }
    assert!(changed > 0, "phone numbers are masked");

    let shown = dir.path().join("shown.xlsx");
    workbook(&[&corpus("demo-month"), "--show-personal-data"], &shown);
    let rows = sheet_rows(&shown, "tickets");
    for (orig, got) in original.iter().zip(&rows) {
        assert_eq!(orig[..], got[..width]);
    }
}

fn zip_text(path: &Path, name: &str) -> String {
    let mut z = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    z.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

#[test]
fn header_is_frozen_filtered_and_offending_cells_carry_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("demo.xlsx");
    workbook(&[&corpus("demo-month")], &out);
    let book = zip_text(&out, "xl/workbook.xml");
    // calls, flows, tickets, then the summary sheets.
    for sheet in 1..=3 {
        let xml = zip_text(&out, &format!("xl/worksheets/sheet{sheet}.xml"));
        assert!(
            xml.contains(r#"ySplit="1""#) && xml.contains(r#"state="frozen""#),
            "sheet{sheet} frozen"
        );
        assert!(xml.contains("<autoFilter"), "sheet{sheet} autofilter");
        assert!(xml.contains("<cols>"), "sheet{sheet} column widths");
        assert!(book.contains(&format!(r#"localSheetId="{}""#, sheet - 1)));
    }
    // The tickets sheet has findings: a note (comment) per offending cell,
    // holding the message.
    let report = demo_json();
    let first = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["file"] == "corpus/demo-month/tickets.csv" && d["cell"].is_string())
        .unwrap();
    let mut z = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    let comments: Vec<String> = (0..z.len())
        .filter_map(|i| {
            let mut f = z.by_index(i).unwrap();
            if !f.name().starts_with("xl/comments") {
                return None;
            }
            let mut s = String::new();
            f.read_to_string(&mut s).unwrap();
            Some(s)
        })
        .collect();
    let cell = first["cell"].as_str().unwrap();
    let rule = first["rule"].as_str().unwrap();
    assert!(
        comments
            .iter()
            .any(|c| c.contains(&format!(r#"ref="{cell}""#)) && c.contains(&format!("[{rule}]"))),
        "a note on {cell} with {rule}"
    );
    let styles = zip_text(&out, "xl/styles.xml");
    for fill in ["FFFFC7CE", "FFFFEB9C"] {
        assert!(styles.contains(fill), "severity fill {fill}");
    }
}

#[test]
fn xlsx_needs_an_output_file() {
    let o = gongdan()
        .args(["check", &corpus("json-array"), "--format", "xlsx"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("--output"), "{err}");
    assert!(o.stdout.is_empty());
}

fn csv_stdout(args: &[&str]) -> Vec<u8> {
    let o = gongdan()
        .args(["check", "--format", "csv"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    o.stdout
}

#[test]
fn csv_in_utf8_bom_and_gb18030_crlf_decode_to_the_same_table() {
    // A GBK input and a UTF-8 one.
    for case in ["gbk-encoded", "header-aliases"] {
        let path = corpus(case);
        let bom = csv_stdout(&[&path]);
        assert!(
            bom.starts_with(&[0xEF, 0xBB, 0xBF]),
            "{case}: UTF-8 with BOM"
        );
        let utf8 = std::str::from_utf8(&bom[3..]).unwrap();
        assert!(utf8.contains("\r\n"), "{case}: CRLF");

        // --encoding gb18030 with --format csv is the output's encoding; the
        // input (UTF-8 or GBK) is still read correctly.
        let gbk = csv_stdout(&[&path, "--encoding", "gb18030"]);
        assert!(std::str::from_utf8(&gbk).is_err(), "{case}: not UTF-8");
        let (decoded, _, bad) = encoding_rs::GB18030.decode(&gbk);
        assert!(!bad);
        assert_eq!(decoded, utf8, "{case}: same table in both encodings");
        let explicit = csv_stdout(&[&path, "--output-encoding", "gb18030"]);
        assert_eq!(explicit, gbk);

        let plain = csv_stdout(&[&path, "--output-encoding", "utf-8"]);
        assert_eq!(read_csv(&plain), read_csv(&bom));
        assert!(
            !String::from_utf8(plain).unwrap().contains("\r\n"),
            "{case}: LF"
        );
    }
}

#[test]
fn csv_rows_carry_their_findings() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("检查结果.csv");
    let o = gongdan()
        .args([
            "check",
            &corpus("demo-month"),
            "--format",
            "csv",
            "--output",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    let files: Vec<PathBuf> = ["calls", "flows", "tickets"]
        .iter()
        .map(|t| dir.path().join(format!("检查结果-{t}.csv")))
        .collect();
    for f in &files {
        assert!(f.exists(), "{}", f.display());
        assert!(
            err.contains(&f.display().to_string()),
            "stderr lists {}",
            f.display()
        );
    }
    let report = demo_json();
    let mut want: BTreeMap<(String, String), usize> = BTreeMap::new();
    for d in report["diagnostics"].as_array().unwrap() {
        if d["file"] == "corpus/demo-month/tickets.csv" {
            *want
                .entry((
                    d["ticket_id"].as_str().unwrap_or("").to_owned(),
                    d["rule"].as_str().unwrap().to_owned(),
                ))
                .or_default() += 1;
        }
    }
    let rows = read_csv(&std::fs::read(&files[2]).unwrap());
    let codes = rows[0].iter().position(|h| h == "问题代码").unwrap();
    assert_eq!(rows[0][codes + 1..codes + 3], ["问题说明", "修改建议"]);
    let mut got: BTreeMap<(String, String), usize> = BTreeMap::new();
    for r in &rows[1..] {
        for code in r[codes].lines() {
            *got.entry((r[0].clone(), code.to_owned())).or_default() += 1;
        }
    }
    assert_eq!(got, want);

    // Several tables and no --output: refused, since stdout holds one.
    let o = gongdan()
        .args(["check", &corpus("demo-month"), "--format", "csv"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--output"));
}

#[test]
fn rows_below_title_rows_keep_their_row_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("input");
    std::fs::create_dir_all(&input).unwrap();
    let path = input.join("带标题.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("三月").unwrap();
    ws.write_string(0, 0, "邵阳市12345热线工单导出（2024年3月）")
        .unwrap();
    let header = [
        "工单编号",
        "受理时间",
        "来源渠道",
        "诉求内容",
        "办理方式",
        "承办单位",
        "工单状态",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(2, c as u16, *h).unwrap();
    }
    let rows = [
        [
            "T1",
            "2024-03-01 09:00:00",
            "网站",
            "咨询公积金提取",
            "当即答复",
            "",
            "已办结",
        ],
        [
            "T2",
            "2024-03-01 10:00:00",
            "网站",
            "",
            "当即答复",
            "",
            "已办结",
        ],
        [
            "T3",
            "2024-03-02 10:00:00",
            "网站",
            "路灯不亮",
            "",
            "",
            "办理中",
        ],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(3 + r as u32, c as u16, *v).unwrap();
        }
    }
    book.save(&path).unwrap();

    let arg = path.to_str().unwrap();
    let report = json_report(&[arg]);
    assert!(
        report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["row"] == 5)
    );
    let out = dir.path().join("out.xlsx");
    workbook(&[arg], &out);
    assert_eq!(
        findings_in_workbook(&out, &report),
        findings_in_json(&report)
    );
    let rows = sheet_rows(&out, "带标题-三月");
    assert!(rows[0][0].contains("标题行"), "{:?}", rows[0]);
    assert_eq!(rows[2][..7], header.map(str::to_owned));
    assert_eq!(rows[4][0], "T2", "row 5 of the input is row 5 of the sheet");
}

/// LibreOffice's headless converter, where installed (Debian:
/// `apt-get install libreoffice-calc-nogui`); the test skips otherwise.
fn soffice() -> Option<PathBuf> {
    let name = if cfg!(windows) {
        "soffice.exe"
    } else {
        "soffice"
    };
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|p| p.join(name))
        .find(|p| p.exists())
}

fn trimmed(rows: Vec<Vec<String>>) -> Vec<Vec<String>> {
    let mut rows: Vec<Vec<String>> = rows
        .into_iter()
        .map(|mut r| {
            while r.last().is_some_and(String::is_empty) {
                r.pop();
            }
            r
        })
        .collect();
    while rows.last().is_some_and(Vec::is_empty) {
        rows.pop();
    }
    rows
}

#[test]
fn libreoffice_opens_the_workbook_and_reads_the_same_cells() {
    let Some(soffice) = soffice() else {
        eprintln!("note: LibreOffice not installed, workbook-opening test skipped");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("demo.xlsx");
    workbook(&[&corpus("demo-month")], &book);
    // A private profile, as a file URL (`file:///C:/…` on Windows).
    let profile_dir = dir
        .path()
        .join("profile")
        .display()
        .to_string()
        .replace('\\', "/");
    let slash = if profile_dir.starts_with('/') {
        ""
    } else {
        "/"
    };
    let profile = format!("-env:UserInstallation=file://{slash}{profile_dir}");
    // Filter options: comma, quote, UTF-8, from row 1, …, -1 = every sheet
    // to its own file `demo-<sheet>.csv`.
    let status = std::process::Command::new(soffice)
        .args(["--headless", "--norestore", &profile, "--convert-to"])
        .arg("csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1")
        .arg("--outdir")
        .arg(dir.path())
        .arg(&book)
        .status()
        .unwrap();
    assert!(status.success(), "soffice: {status}");
    for sheet in ["calls", "flows", "tickets", "按承办单位", "按规则"] {
        let exported = dir.path().join(format!("demo-{sheet}.csv"));
        let bytes = std::fs::read(&exported)
            .unwrap_or_else(|e| panic!("LibreOffice wrote no {}: {e}", exported.display()));
        assert_eq!(
            trimmed(read_csv(&bytes)),
            trimmed(sheet_rows(&book, sheet)),
            "{sheet}: LibreOffice and calamine read the same cells"
        );
    }
}
