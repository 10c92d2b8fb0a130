//! `gongdan stats` against the seed bulletin: an export built to have the
//! per-unit counts of attachment 1 (and the per-county counts of attachment 2)
//! must print those attachments back, every row and the 合计 row, exactly;
//! likewise the overdue tables (attachments 3 and 4) and the headline figures
//! of section 一.

use gongdan::calendar::Calendar;
use gongdan::checks::overdue::Overdue;
use gongdan::input::{MemorySource, RowSource, Schema, TableKind};
use gongdan::stats::render::{Brackets, StatsFormat, StatsRender, main_rows, overdue_rows, render};
use gongdan::stats::{By, Extractor, Record, StatsConfig, tally};

const SEED: &str = include_str!("data/shaoyang-12345-bulletin-2024-03.txt");

/// The tab-separated lines of attachment `n`, up to the next attachment,
/// without the header lines repeated at page breaks (the first is kept).
fn attachment(n: u32) -> Vec<String> {
    let start = SEED
        .find(&format!("附件 {n}\n"))
        .expect("attachment present");
    let rest = &SEED[start..];
    let skip = "附件".len();
    let end = rest[skip..]
        .find("\n附件 ")
        .map_or(rest.len(), |e| e + skip);
    let mut out: Vec<String> = Vec::new();
    for line in rest[..end].lines().filter(|l| l.contains('\t')) {
        if out.first().is_some_and(|h| h == line) {
            continue;
        }
        out.push(line.to_owned());
    }
    out
}

struct Counts {
    name: String,
    assigned: u64,
    closed: u64,
    overdue: u64,
    evaluated: u64,
    satisfied: u64,
}

fn num(cell: &str) -> u64 {
    let digits: String = cell.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().expect("a count")
}

/// The unit rows of an attachment (without header and 合计).
fn counts(lines: &[String]) -> Vec<Counts> {
    lines[1..]
        .iter()
        .map(|l| l.split('\t').collect::<Vec<_>>())
        .filter(|c| c[0] != "合计")
        .map(|c| Counts {
            name: c[0].to_owned(),
            assigned: num(c[1]),
            closed: num(c[2]),
            overdue: num(c[3]),
            evaluated: num(c[4]),
            satisfied: num(c[5]),
        })
        .collect()
}

/// One record per ticket with these counts. Units are listed by count
/// ascending (a stable sort, so tied units keep their bulletin order) and
/// their tickets interleaved, so the table order must come from the sort in
/// `tally`, not from the input.
fn export(units: &mut [Counts], by: By) -> Vec<Record> {
    units.sort_by_key(|u| u.assigned);
    let max = units.iter().map(|u| u.assigned).max().unwrap_or(0);
    let mut out = Vec::new();
    for i in 0..max {
        for u in units.iter() {
            if i >= u.assigned {
                continue;
            }
            let callback = if i < u.satisfied {
                if i % 3 == 0 {
                    "非常满意"
                } else if i % 3 == 1 {
                    "满意"
                } else {
                    "基本满意"
                }
            } else if i < u.evaluated {
                if i % 2 == 0 {
                    "不满意"
                } else {
                    "非常不满意"
                }
            } else {
                "未回访"
            };
            let (unit, county) = match by {
                By::County => ("县市热线".to_owned(), u.name.clone()),
                _ => (u.name.clone(), String::new()),
            };
            out.push(Record {
                handling: if unit.contains("12345") {
                    "当即答复"
                } else {
                    "网络转办"
                }
                .to_owned(),
                unit,
                county,
                category: String::new(),
                closed: i < u.closed,
                overdue: i < u.overdue,
                callback: callback.to_owned(),
                ..Record::default()
            });
        }
    }
    out
}

fn tsv(records: Vec<Record>, by: By, brackets: Brackets, city_prefix: &str) -> String {
    let t = tally(records, by, &StatsConfig::default());
    let opts = StatsRender {
        format: StatsFormat::Tsv,
        brackets,
        city_prefix: city_prefix.to_owned(),
    };
    let mut out = Vec::new();
    render(&t, &opts, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// The output's sections (title line, then tab-separated lines), split at
/// blank lines.
fn sections(out: &str) -> Vec<Vec<String>> {
    out.split("\n\n")
        .map(|s| s.lines().skip(1).map(str::to_owned).collect())
        .collect()
}

#[test]
fn attachment_1_per_unit_table_is_reproduced_exactly() {
    let expected = attachment(1);
    assert_eq!(expected.len(), 1 + 64 + 1, "header, 64 units, 合计");
    let mut units = counts(&expected);
    let records = export(&mut units, By::Unit);
    assert_eq!(records.len(), 19678);
    let out = tsv(records, By::Unit, Brackets::Ascii, "邵阳市");
    let s = sections(&out);
    assert_eq!(s[0], expected);
}

#[test]
fn attachment_3_overdue_table_is_reproduced_exactly() {
    let mut units = counts(&attachment(1));
    let out = tsv(
        export(&mut units, By::Unit),
        By::Unit,
        Brackets::Ascii,
        "邵阳市",
    );
    assert_eq!(sections(&out)[1], attachment(3));
}

#[test]
fn section_1_headline_figures() {
    let mut units = counts(&attachment(1));
    let out = tsv(export(&mut units, By::Unit), By::Unit, Brackets::Ascii, "");
    let head = out.lines().last().unwrap();
    assert_eq!(
        head,
        "工单 19678 件，已办结 19678 件，其中热线当即答复 15110 件，网络转办 4568 件；回访评价 19678 件，市民满意 19425 件，满意率 98.71%。"
    );
    assert!(SEED.contains("热线当即答复 15110 件，网络转办 4568 件"));
    assert!(SEED.contains("市民满意 19425 件，满意率 98.71%"));
}

#[test]
fn attachment_2_and_4_by_county_are_reproduced_exactly() {
    let expected = attachment(2);
    assert_eq!(expected.len(), 1 + 9 + 1);
    let mut counties = counts(&expected);
    let records = export(&mut counties, By::County);
    assert_eq!(records.len(), 2367);
    let out = tsv(records, By::County, Brackets::Full, "");
    let s = sections(&out);
    assert_eq!(s[0], expected);
    assert_eq!(s[1], attachment(4));
}

#[test]
fn csv_has_the_same_cells() {
    let expected = attachment(1);
    let mut units = counts(&expected);
    let t = tally(
        export(&mut units, By::Unit),
        By::Unit,
        &StatsConfig::default(),
    );
    let opts = StatsRender {
        format: StatsFormat::Csv,
        ..StatsRender::default()
    };
    let mut out = Vec::new();
    render(&t, &opts, &mut out).unwrap();
    let mut rd = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(out.as_slice());
    let rows: Vec<String> = rd
        .records()
        .map(|r| r.unwrap().iter().collect::<Vec<_>>().join("\t"))
        .collect();
    assert_eq!(rows, expected);
    assert_eq!(main_rows(&t, Brackets::Ascii).len(), 66);
    assert_eq!(overdue_rows(&t, "").len(), 9);
}

#[test]
fn json_carries_the_figures() {
    let mut units = counts(&attachment(2));
    let t = tally(
        export(&mut units, By::County),
        By::County,
        &StatsConfig::default(),
    );
    let opts = StatsRender {
        format: StatsFormat::Json,
        ..StatsRender::default()
    };
    let mut out = Vec::new();
    render(&t, &opts, &mut out).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["by"], "county");
    assert_eq!(v["lines"][0]["name"], "洞口");
    assert_eq!(v["lines"][0]["satisfied_pct"], "96.02");
    assert_eq!(v["total"]["overdue"], 76);
    assert_eq!(v["satisfaction_rate"], "94.30");
    assert_eq!(v["overdue"][3]["name"], "武冈");
}

/// Rows → records: the columns found through aliases, the hotline's own
/// 当即答复 tickets, closed by status, and what counts as an evaluation.
#[test]
fn rows_reduce_to_records() {
    let schema = Schema::builtin().unwrap();
    let headers = [
        "工单号",
        "办理单位",
        "县市区",
        "办理方式",
        "工单状态",
        "办结时间",
        "满意度",
    ];
    let rows = [
        ["A1", "", "洞口", "当即答复", "已办结", "", "满意"],
        ["A2", "市教育局", "", "网络转办", "办理中", "", "未回访"],
        [
            "A3",
            "市教育局",
            "",
            "网络转办",
            "",
            "2024-03-20 10:00:00",
            "不满意",
        ],
    ];
    let mut src = MemorySource::new(
        "t.csv",
        headers.iter().map(|s| (*s).to_owned()).collect(),
        rows.iter()
            .map(|r| r.iter().map(|s| (*s).to_owned()).collect())
            .collect(),
        &schema,
        Some(TableKind::Tickets),
    )
    .unwrap();
    let overdue = Overdue::with_defaults(&schema).unwrap();
    let cal = Calendar::builtin();
    let cfg = StatsConfig::default();
    let meta = src.meta().clone();
    let ex = Extractor::new(&schema, &meta, &overdue, &cal, None, &cfg);
    let mut got = Vec::new();
    let mut issues = Vec::new();
    while src.next_chunk(10, &mut got, &mut issues) {}
    let recs: Vec<Record> = got.iter().map(|r| ex.record(r)).collect();
    assert_eq!(recs[0].unit, "12345 政务服务便民热线");
    assert_eq!(recs[0].county, "洞口");
    assert!(recs[0].closed && !recs[1].closed && recs[2].closed);
    let t = tally(recs, By::Unit, &cfg);
    let edu = t.lines.iter().find(|l| l.name == "市教育局").unwrap();
    assert_eq!(
        (edu.assigned, edu.closed, edu.evaluated, edu.unsatisfied),
        (2, 1, 1, 1)
    );
    assert_eq!(t.headline.immediate, 1);
    assert_eq!(t.headline.transferred, 2);
}

#[test]
fn config_extends_the_calendar_and_sets_stats() {
    use gongdan::rules::Config;
    let text = "[calendar]\nholidays = [\"2030-10-01\"]\nworkdays = [\"2030-10-05\"]\n\n[stats]\nsatisfied = [\"非常满意\", \"满意\"]\ncity-prefix = \"邵阳市\"\n";
    let cfg = Config::parse("gongdan.toml", text).unwrap();
    let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    assert!(!cfg.calendar.is_workday(d("2030-10-01")));
    assert!(
        cfg.calendar.is_workday(d("2030-10-05")),
        "a Saturday made a working day"
    );
    assert!(
        cfg.calendar.is_workday(d("2024-02-04")),
        "the shipped data is still there"
    );
    assert_eq!(cfg.stats.satisfied, ["非常满意", "满意"]);
    assert_eq!(cfg.stats.city_prefix, "邵阳市");
    assert_eq!(
        cfg.stats.hotline_unit,
        StatsConfig::default().hotline_unit,
        "unset keys keep defaults"
    );

    assert!(Config::parse("gongdan.toml", "[calendar]\nholidays = [\"2030-13-01\"]\n").is_err());
    assert!(
        Config::parse("gongdan.toml", "[stats]\nsatisfy = []\n").is_err(),
        "unknown key"
    );
}

#[test]
fn cli_stats_and_sample_need_a_readable_tickets_table() {
    use assert_cmd::Command;
    let dir = tempfile::tempdir().unwrap();
    for args in [
        vec!["stats", "--format", "csv"],
        vec!["sample", "--n", "5", "--seed", "3"],
    ] {
        Command::cargo_bin("gongdan")
            .unwrap()
            .current_dir(dir.path())
            .args(&args)
            .arg("no-such-export.csv")
            .assert()
            .code(2);
    }
    Command::cargo_bin("gongdan")
        .unwrap()
        .args(["stats", "--help"])
        .assert()
        .success();
    Command::cargo_bin("gongdan")
        .unwrap()
        .args(["sample", "--help"])
        .assert()
        .success();
}

#[test]
fn terminal_table_aligns_by_display_width() {
    use unicode_width::UnicodeWidthStr;
    let mut counties = counts(&attachment(2));
    let t = tally(
        export(&mut counties, By::County),
        By::County,
        &StatsConfig::default(),
    );
    let mut out = Vec::new();
    render(&t, &StatsRender::default(), &mut out).unwrap();
    let out = String::from_utf8(out).unwrap();
    let table: Vec<&str> = out.lines().skip(1).take(11).collect();
    let w = table[0].width();
    assert!(table.iter().all(|l| l.width() == w), "{out}");
    assert!(
        table[1].starts_with("洞口") && table[1].ends_with("34 (3.98%)"),
        "{out}"
    );
}
