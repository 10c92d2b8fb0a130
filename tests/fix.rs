//! `gongdan fix` on `corpus/fixable/`: one export with recoverable garble,
//! mixed date formats, variant values, phones with +86 and full-width
//! digits and padded ids, written as UTF-8 CSV, GBK CSV with CRLF, TSV with a
//! BOM, a two-sheet XLSX, a JSON array, a wrapped JSON object and JSON Lines.
//!
//! For every format: only logged cells differ from the input (cell by cell,
//! read back with the readers `check` uses — calamine for XLSX), `check` on
//! the copy reports none of the fixed findings and nothing new, fixing the
//! copy again changes nothing, the input is byte-identical afterwards, the
//! GBK copy is still GBK with CRLF. The change log of the whole folder is
//! compared with `corpus/fixable/expected-changes.csv`
//! (`GONGDAN_BLESS=1 cargo test --test fix` rewrites it; review the diff).
//!
//! The inputs themselves are written by the ignored test
//! `write_fixable_corpus` (`cargo test --test fix -- --ignored`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use gongdan::engine::{self, Options};
use gongdan::input::{self, InputOptions, Row, Schema};
use gongdan::rules::{Config, RuleSet};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/fixable")
}

const FILES: [&str; 7] = [
    "tickets.csv",
    "工单-gbk.csv",
    "tickets.tsv",
    "workbook.xlsx",
    "tickets.json",
    "wrapped.json",
    "tickets.jsonl",
];

fn gongdan(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_gongdan"))
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run gongdan");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Every table of a file: (sheet, row number) → cells.
fn cells(path: &Path) -> BTreeMap<(Option<String>, u64), Vec<String>> {
    let schema = Schema::builtin().unwrap();
    let opened = input::open(path, "f", &schema, &InputOptions::default());
    assert!(!opened.tables.is_empty(), "{} has no table", path.display());
    let mut out = BTreeMap::new();
    for mut t in opened.tables {
        let sheet = t.meta().sheet.clone();
        let mut rows: Vec<Row> = Vec::new();
        let mut issues = Vec::new();
        while t.next_chunk(1000, &mut rows, &mut issues) {}
        for r in rows {
            out.insert((sheet.clone(), r.number), r.cells);
        }
    }
    out
}

/// The log: (sheet, row, column) → (rule, class, before, after).
type Log = BTreeMap<(Option<String>, u64, String), (String, String, String, String)>;

fn read_log(path: &Path) -> Vec<BTreeMap<String, String>> {
    let text = std::fs::read_to_string(path).unwrap();
    let text = text
        .strip_prefix('\u{feff}')
        .expect("changes.csv starts with a BOM");
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let headers = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            headers
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_owned(), v.to_owned()))
                .collect()
        })
        .collect()
}

fn log_of(path: &Path) -> Log {
    read_log(path)
        .into_iter()
        .map(|m| {
            let sheet = Some(m["sheet"].clone()).filter(|s| !s.is_empty());
            (
                (sheet, m["row"].parse().unwrap(), m["column"].clone()),
                (
                    m["rule"].clone(),
                    m["class"].clone(),
                    m["before"].clone(),
                    m["after"].clone(),
                ),
            )
        })
        .collect()
}

/// Findings as (sheet, rule, row, column).
type Key = (Option<String>, String, Option<u64>, Option<String>);

fn findings(file: &Path) -> BTreeSet<Key> {
    let schema = Schema::builtin().unwrap();
    let config = Config::default();
    let rules = RuleSet::load(&schema, &config).unwrap();
    let opts = Options {
        base: file.parent().unwrap().to_owned(),
        ..Options::default()
    };
    let inputs = engine::open_inputs(&[file.to_owned()], &opts, &schema, &config);
    let report = engine::run(inputs, &rules, &schema, &config, &opts);
    report
        .diagnostics
        .into_iter()
        .map(|d| (d.sheet, d.rule, d.row, d.column))
        .collect()
}

fn sha(path: &Path) -> Vec<u8> {
    // Byte equality is what matters; the bytes themselves are the checksum.
    std::fs::read(path).unwrap()
}

/// Fix one corpus file into a fresh folder; (folder, log).
fn fix_one(name: &str, extra: &[&str]) -> (tempfile::TempDir, Log) {
    let out = tempfile::tempdir().unwrap();
    let out_s = out.path().to_string_lossy().into_owned();
    let mut args = vec!["fix", name, "--out", &out_s, "--quiet"];
    args.extend_from_slice(extra);
    let (code, stdout, stderr) = gongdan(&corpus(), &args);
    assert_eq!(code, 0, "{name}: {stdout}{stderr}");
    let log = log_of(&out.path().join("changes.csv"));
    (out, log)
}

#[test]
fn every_format_only_logged_cells_change_and_check_is_clean_after() {
    for name in FILES {
        let input = corpus().join(name);
        let before = sha(&input);
        let (out, log) = fix_one(name, &["--show-personal-data"]);
        assert_eq!(sha(&input), before, "{name}: the input was modified");
        let copy = out.path().join(name);
        assert!(!log.is_empty(), "{name}: nothing fixed");

        // Only logged cells differ, and they differ as logged.
        let (a, b) = (cells(&input), cells(&copy));
        assert_eq!(
            a.keys().collect::<Vec<_>>(),
            b.keys().collect::<Vec<_>>(),
            "{name}: rows"
        );
        let schema = Schema::builtin().unwrap();
        let opened = input::open(&input, "f", &schema, &InputOptions::default());
        let headers: BTreeMap<Option<String>, Vec<String>> = opened
            .tables
            .iter()
            .map(|t| (t.meta().sheet.clone(), t.meta().headers.clone()))
            .collect();
        let mut seen = 0;
        for ((sheet, row), old) in &a {
            let new = &b[&(sheet.clone(), *row)];
            assert_eq!(old.len(), new.len(), "{name} row {row}");
            for (col, (o, n)) in old.iter().zip(new).enumerate() {
                let header = headers[sheet][col].clone();
                match log.get(&(sheet.clone(), *row, header.clone())) {
                    Some((_, _, before, after)) => {
                        assert_eq!((o, n), (before, after), "{name} row {row} {header}");
                        seen += 1;
                    }
                    None => assert_eq!(o, n, "{name} row {row} {header}: changed, not logged"),
                }
            }
        }
        assert_eq!(seen, log.len(), "{name}: logged changes not in the copy");

        // Checked again: the fixed findings are gone, nothing is new.
        let (old, new) = (findings(&input), findings(&copy));
        let added: Vec<_> = new.difference(&old).collect();
        assert!(added.is_empty(), "{name}: new findings {added:?}");
        for ((sheet, row, column), (rule, _, _, _)) in &log {
            let key = (
                sheet.clone(),
                rule.clone(),
                Some(*row),
                Some(column.clone()),
            );
            assert!(!new.contains(&key), "{name}: {key:?} still reported");
        }
        let gone = old.difference(&new).count();
        assert!(gone > 0, "{name}: no finding was fixed");

        // Fixed again: nothing changes.
        let again = tempfile::tempdir().unwrap();
        let (code, stdout, stderr) = gongdan(
            out.path(),
            &[
                "fix",
                name,
                "--out",
                &again.path().to_string_lossy(),
                "--quiet",
            ],
        );
        assert_eq!(code, 0, "{stdout}{stderr}");
        let second = read_log(&again.path().join("changes.csv"));
        assert!(
            second.is_empty(),
            "{name}: fixing the copy changed {second:?}"
        );
        assert_eq!(
            sha(&again.path().join(name)),
            sha(&copy),
            "{name}: not idempotent"
        );
    }
}

#[test]
fn gbk_copy_stays_gbk_with_crlf_and_keeps_unchanged_bytes() {
    let name = "工单-gbk.csv";
    let (out, log) = fix_one(name, &[]);
    let original = std::fs::read(corpus().join(name)).unwrap();
    let copy = std::fs::read(out.path().join(name)).unwrap();
    assert!(std::str::from_utf8(&copy).is_err(), "the copy became UTF-8");
    let (_, _, bad) = encoding_rs::GBK.decode(&copy);
    assert!(!bad, "the copy is not GBK");
    let lf = copy.iter().filter(|b| **b == b'\n').count();
    let crlf = copy.windows(2).filter(|w| w == b"\r\n").count();
    assert_eq!(lf, crlf, "bare LF in the copy");
    // Lines without a change are byte for byte the same.
    let split = |b: &[u8]| {
        b.split(|c| *c == b'\n')
            .map(<[u8]>::to_vec)
            .collect::<Vec<_>>()
    };
    let (o, c) = (split(&original), split(&copy));
    assert_eq!(o.len(), c.len());
    let changed_rows: BTreeSet<u64> = log.keys().map(|k| k.1).collect();
    for (i, (a, b)) in o.iter().zip(&c).enumerate() {
        if !changed_rows.contains(&(i as u64 + 1)) {
            assert_eq!(a, b, "line {} changed", i + 1);
        }
    }
}

#[test]
fn xlsx_copy_keeps_both_sheets() {
    let (out, log) = fix_one("workbook.xlsx", &[]);
    let copy = out.path().join("workbook.xlsx");
    let sheets: BTreeSet<Option<String>> = cells(&copy).keys().map(|k| k.0.clone()).collect();
    assert_eq!(sheets.len(), 2, "{sheets:?}");
    let fixed_sheets: BTreeSet<Option<String>> = log.keys().map(|k| k.0.clone()).collect();
    assert_eq!(
        fixed_sheets.len(),
        2,
        "both sheets have fixes: {fixed_sheets:?}"
    );
}

#[test]
fn change_log_of_the_folder_matches_the_expected_one() {
    let out = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) = gongdan(
        &corpus(),
        &[
            "fix",
            ".",
            "--out",
            &out.path().to_string_lossy(),
            "--format",
            "json",
            "--quiet",
        ],
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    let got = std::fs::read_to_string(out.path().join("changes.csv")).unwrap();
    let expected_path = corpus().join("expected-changes.csv");
    if std::env::var_os("GONGDAN_BLESS").is_some() {
        std::fs::write(&expected_path, &got).unwrap();
    }
    let expected = std::fs::read_to_string(&expected_path).unwrap();
    assert_eq!(
        got, expected,
        "changes.csv differs from expected-changes.csv"
    );
    // Phones are masked in the log by default.
    assert!(!got.contains("13987654321"), "unmasked phone in the log");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("changes.json")).unwrap())
            .unwrap();
    let n = json["changes"].as_array().unwrap().len();
    assert_eq!(
        n,
        got.lines().count() - 1,
        "changes.json and changes.csv differ"
    );
    for key in [
        "file",
        "sheet",
        "row",
        "column",
        "ticket_id",
        "rule",
        "class",
        "before",
        "after",
    ] {
        assert!(
            json["changes"][0].get(key).is_some(),
            "no {key} in changes.json"
        );
    }
    // Every safe class only; the unsafe ones wait for --unsafe-fixes.
    assert!(!got.contains(",unsafe,"));
    assert!(stdout.contains("--unsafe-fixes"), "{stdout}");
}

#[test]
fn unsafe_fixes_only_when_asked() {
    let (_out, log) = fix_one("tickets.csv", &["--unsafe-fixes"]);
    let unsafe_rows: Vec<_> = log
        .iter()
        .filter(|(_, v)| v.1 == "unsafe")
        .map(|(k, v)| (k.1, k.2.clone(), v.3.clone()))
        .collect();
    assert!(
        unsafe_rows
            .iter()
            .any(|(_, col, after)| col == "受理时间" && after == "2024-03-16 10:00:00"),
        "{unsafe_rows:?}"
    );
}

#[test]
fn diff_writes_nothing() {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("never");
    let target_s = target.to_string_lossy().into_owned();
    let (code, stdout, stderr) = gongdan(
        &corpus(),
        &[
            "fix",
            "tickets.csv",
            "--diff",
            "--lang",
            "en",
            "--out",
            &target_s,
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("tickets.csv:"), "{stdout}");
    assert!(
        stdout.contains("  - ") && stdout.contains("  + "),
        "{stdout}"
    );
    assert!(stdout.contains("wrote nothing"), "{stdout}");
    assert!(!target.exists());
}

#[test]
fn refuses_an_out_that_would_overwrite_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("exports");
    std::fs::create_dir(&input).unwrap();
    std::fs::copy(corpus().join("tickets.csv"), input.join("tickets.csv")).unwrap();
    let before = sha(&input.join("tickets.csv"));
    for out in ["exports", "exports/fixed", "."] {
        let args: Vec<&str> = if out == "." {
            vec!["fix", "exports/tickets.csv", "--out", "exports"]
        } else {
            vec!["fix", "exports", "--out", out]
        };
        let (code, stdout, stderr) = gongdan(dir.path(), &args);
        assert_eq!(code, 2, "--out {out}: {stdout}{stderr}");
        assert!(stderr.contains("--out"), "{stderr}");
    }
    let (code, _, stderr) = gongdan(dir.path(), &["fix", "exports"]);
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(sha(&input.join("tickets.csv")), before);
    assert!(!input.join("fixed").exists());
}

// ---- The corpus case's inputs.

const HEADER: [&str; 12] = [
    "工单编号",
    "受理时间",
    "来源渠道",
    "来电号码",
    "诉求类型",
    "诉求内容",
    "办理方式",
    "承办单位",
    "工单状态",
    "办结时间",
    "办结内容",
    "回访结果",
];

/// The rows; `gbk` leaves out what GBK cannot hold (Latin mojibake, NBSP,
/// zero-width).
fn rows(gbk: bool) -> Vec<Vec<String>> {
    let utf8_as_gbk = |s: &str| {
        let (t, _, bad) = encoding_rs::GBK.decode(s.as_bytes());
        assert!(!bad);
        t.into_owned()
    };
    let utf8_as_1252 = |s: &str| {
        encoding_rs::WINDOWS_1252
            .decode(s.as_bytes())
            .0
            .into_owned()
    };
    let gbk_as_1252 = |s: &str| {
        let (b, _, _) = encoding_rs::GBK.encode(s);
        encoding_rs::WINDOWS_1252.decode(&b).0.into_owned()
    };
    let pick = |u: String, g: &str| if gbk { g.to_owned() } else { u };
    let r = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<String>>();
    vec![
        r(&["SY2403150001", "2024-03-15 09:12:33", "电话", "13812345678", "投诉", "大祥区宝庆路3号路灯不亮已一周", "网络转办", "邵阳市城市路灯管理所", "已办结", "2024-03-16 15:20:00",
            "3月16日上午，路灯所维修班组到宝庆路3号现场查看，更换损坏的镇流器，路灯已恢复照明。当天下午电话联系市民告知处理结果，市民表示满意。", "满意"]),
        r(&[" SY2403150002 ", "2024/3/15 10:05", "微信", "+86 139 8765 4321", "求助", "双清区某小区门口下水道堵塞，污水外溢", "网络转办", "邵阳市双清区人民政府", "办结", "2024-03-17 11:00:00",
            "3月17日上午，街道组织人员到小区门口疏通下水道，污水已不再外溢。当天电话联系市民告知处理结果，市民表示满意。", "满意"]),
        r(&["SY2403150003", "2024-03-15 11:40:00", "电话", "0739-5151228", "咨询", "咨询灵活就业人员社保缴费标准", "当即答复", "", "已办结", "2024年3月15日 11时45分",
            &utf8_as_gbk("市民反映的问题已处理完毕"), "非常满意"]),
        r(&[&pick("SY2403150004\u{a0}".to_owned(), "SY2403150004\u{3000}"), "20240316083000", "电话", "１３７００００１１１１", "投诉", "\\u5317\\u5854\\u533a某工地夜间施工噪音扰民", "网络转办", "邵阳市北塔区人民政府", "已完成", "2024-03-16 17:00:00",
            &pick("3月16日执法人员到现场检查，责令施工单位停止夜间施工，\u{200b}已电话告知来电人，市民表示认可。".to_owned(), "3月16日执法人员到现场检查，责令施工单位停止夜间施工，已电话告知来电人，市民表示认可。"), "很满意"]),
        r(&["\u{3000}SY2403150005", "2024-03-16 09:15:00", "网站", "", "建议", "建议在城南公园增设健身器材&#65292;方便附近居民锻炼", "网络转办", "邵阳市城市管理和综合执法局", "办理中", "", "", ""]),
        r(&["SY2403150006", "2024-16-03 10:00:00", "电话", "13600002222", "咨询", &pick(utf8_as_1252("咨询公积金提取条件"), "咨询公积金提取条件"), "当即答复", "", "已办结", "2024-03-16 10:10:00",
            "已告知市民公积金提取所需材料和办理地点。", "满意"]),
        r(&["SY2403150007", "2024-03-17 08:20:00", "电话", "13500003333", "投诉", "反映菜市场占道经营", "网络转办", "邵阳市城市管理和综合执法局", "已办结", "2024-03-18 16:00:00",
            "锟斤拷锟斤拷，已处理。", "满意"]),
        r(&["SY2403150008", "2024-03-17 09:00:00", "电话", "13500004444", "咨询", "咨询居住证办理", "当即答复", "", "已办结", "2024-03-17 09:05:00",
            &pick(gbk_as_1252("已告知市民办理居住证所需材料。"), "已告知市民办理居住证所需材料。"), "满意"]),
    ]
}

fn csv_bytes(rows: &[Vec<String>], delimiter: u8, crlf: bool) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .terminator(if crlf {
            csv::Terminator::CRLF
        } else {
            csv::Terminator::Any(b'\n')
        })
        .from_writer(Vec::new());
    w.write_record(HEADER).unwrap();
    for r in rows {
        w.write_record(r).unwrap();
    }
    w.into_inner().unwrap()
}

fn objects(rows: &[Vec<String>]) -> Vec<serde_json::Value> {
    rows.iter()
        .map(|r| {
            let mut m = serde_json::Map::new();
            for (h, v) in HEADER.iter().zip(r) {
                m.insert((*h).to_owned(), serde_json::Value::String(v.clone()));
            }
            serde_json::Value::Object(m)
        })
        .collect()
}

#[test]
#[ignore = "writes corpus/fixable; run by hand and review the diff"]
fn write_fixable_corpus() {
    let dir = corpus();
    std::fs::create_dir_all(&dir).unwrap();
    let all = rows(false);
    // UTF-8, LF; the first cell quoted by hand to show quoting is kept.
    let mut csv = csv_bytes(&all, b',', false);
    csv.splice(0..0, b"\"".iter().copied());
    let first_comma = csv.iter().position(|b| *b == b',').unwrap();
    csv.insert(first_comma, b'"');
    std::fs::write(dir.join("tickets.csv"), csv).unwrap();
    // GBK with CRLF.
    let text = String::from_utf8(csv_bytes(&rows(true), b',', true)).unwrap();
    let (gbk, _, bad) = encoding_rs::GBK.encode(&text);
    assert!(!bad);
    std::fs::write(dir.join("工单-gbk.csv"), gbk).unwrap();
    // TSV, UTF-8 with BOM.
    let mut tsv = "\u{feff}".as_bytes().to_vec();
    tsv.extend(csv_bytes(&all, b'\t', false));
    std::fs::write(dir.join("tickets.tsv"), tsv).unwrap();
    // JSON array (indented), wrapped object (compact), JSON Lines.
    let objs = objects(&all);
    let pretty = serde_json::to_string_pretty(&objs).unwrap() + "\n";
    std::fs::write(dir.join("tickets.json"), pretty).unwrap();
    let wrapped =
        serde_json::json!({"code": 0, "msg": "ok", "data": {"total": objs.len(), "rows": objs}});
    std::fs::write(dir.join("wrapped.json"), wrapped.to_string()).unwrap();
    let lines: String = objs.iter().map(|o| o.to_string() + "\n").collect();
    std::fs::write(dir.join("tickets.jsonl"), lines).unwrap();
    // XLSX: tickets (one real date cell) and calls.
    let mut wb = rust_xlsxwriter::Workbook::new();
    let created = rust_xlsxwriter::ExcelDateTime::from_ymd(2024, 3, 31).unwrap();
    wb.set_properties(&rust_xlsxwriter::DocProperties::new().set_creation_datetime(&created));
    let ws = wb.add_worksheet();
    ws.set_name("工单").unwrap();
    for (c, h) in HEADER.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    let date = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");
    for (i, r) in all.iter().enumerate() {
        let row = i as u32 + 1;
        for (c, v) in r.iter().enumerate() {
            if i == 0 && c == 1 {
                let dt = rust_xlsxwriter::ExcelDateTime::parse_from_str(v).unwrap();
                ws.write_datetime_with_format(row, c as u16, &dt, &date)
                    .unwrap();
            } else if !v.is_empty() {
                ws.write_string(row, c as u16, v).unwrap();
            }
        }
    }
    let ws = wb.add_worksheet();
    ws.set_name("话单").unwrap();
    let calls = [
        [
            "话单编号",
            "主叫号码",
            "被叫号码",
            "呼叫方向",
            "开始时间",
            "结束时间",
        ],
        [
            "C20240315001",
            "+86 138 1234 5678",
            "12345",
            "来电",
            "2024-03-15 09:10:02",
            "2024-03-15 09:12:30",
        ],
        [
            "C20240315002",
            "13987654321",
            "12345",
            "呼入",
            "2024-03-15 10:01:00",
            "2024/3/15 10:04",
        ],
        [
            "C20240315003",
            "13700001111",
            "12345",
            "呼入",
            "2024-03-15 11:38:00",
            "2024-03-15 11:40:00",
        ],
    ];
    for (r, row) in calls.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, *v).unwrap();
        }
    }
    wb.save(dir.join("workbook.xlsx")).unwrap();
}

#[test]
fn rules_and_explain_say_which_fix_a_rule_has() {
    let dir = corpus();
    let (code, stdout, _) = gongdan(&dir, &["rules"]);
    assert_eq!(code, 0);
    let line = |c: &str| {
        stdout
            .lines()
            .find(|l| l.starts_with(c))
            .unwrap()
            .to_owned()
    };
    assert!(line("GD101").contains("修复:安全"), "{stdout}");
    assert!(line("GD401").contains("修复:无"), "{stdout}");
    let (_, en, _) = gongdan(&dir, &["rules", "--lang", "en"]);
    assert!(
        en.lines()
            .any(|l| l.starts_with("GD702") && l.contains("safe"))
    );
    let (_, explain, _) = gongdan(&dir, &["explain", "GD101", "--lang", "en"]);
    assert!(
        explain.contains("Fix (gongdan fix)") && explain.contains("unsafe"),
        "{explain}"
    );
    let (_, explain, _) = gongdan(&dir, &["explain", "GD501"]);
    assert!(
        explain.contains("自动修复") && explain.contains("无"),
        "{explain}"
    );
}

#[test]
fn a_fixed_folder_checks_and_fixes_cleanly_with_its_log_beside_it() {
    let out = tempfile::tempdir().unwrap();
    let again = tempfile::tempdir().unwrap();
    let (o, a) = (
        out.path().to_string_lossy().into_owned(),
        again.path().to_string_lossy().into_owned(),
    );
    let (code, _, stderr) = gongdan(
        &corpus(),
        &["fix", ".", "--out", &o, "--format", "json", "-q"],
    );
    assert_eq!(code, 0, "{stderr}");
    // The logs beside the copies are not read as inputs.
    let (_, json, _) = gongdan(out.path(), &["check", ".", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    for d in doc["diagnostics"].as_array().unwrap() {
        assert!(
            !d["file"].as_str().unwrap().starts_with("changes."),
            "the change log was read: {d}"
        );
    }
    let (code, stdout, stderr) = gongdan(out.path(), &["fix", ".", "--out", &a, "-q"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(read_log(&again.path().join("changes.csv")).is_empty());
    for name in FILES {
        assert_eq!(
            sha(&out.path().join(name)),
            sha(&again.path().join(name)),
            "{name}"
        );
    }
}
