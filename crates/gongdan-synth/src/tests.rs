//! Tests of the generator: determinism, encodings, headers, labels, and
//! that unlabelled tickets really are clean on every mechanical check.

use std::collections::{BTreeSet, HashMap, HashSet};

use chrono::NaiveDateTime;

use super::*;
use gongdan::input::{Schema, TableKind};

fn opts(n: u64, seed: u64, rate: f64) -> Options {
    Options {
        tickets: n,
        seed,
        defect_rate: rate,
        ..Options::default()
    }
}

fn read_all(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|n| (n.clone(), std::fs::read(dir.join(&n)).unwrap()))
        .collect()
}

#[test]
fn same_seed_same_bytes_in_every_format() {
    for format in [
        OutFormat::Csv,
        OutFormat::Xlsx,
        OutFormat::Json,
        OutFormat::Jsonl,
    ] {
        let o = Options {
            format,
            encoding: TextEncoding::Gbk,
            crlf: true,
            aliases: AliasMode::Random,
            date_styles: DateStyles::Mixed,
            ..opts(400, 42, 0.3)
        };
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        generate(&o, a.path()).unwrap();
        generate(&o, b.path()).unwrap();
        let fa = read_all(a.path());
        assert_eq!(fa.len(), 4, "{format:?}");
        assert_eq!(fa, read_all(b.path()), "{format:?} differs between runs");

        let c = tempfile::tempdir().unwrap();
        generate(
            &Options {
                seed: 43,
                ..o.clone()
            },
            c.path(),
        )
        .unwrap();
        assert_ne!(
            fa,
            read_all(c.path()),
            "{format:?}: another seed gives the same files"
        );
    }
}

#[test]
fn in_memory_matches_files() {
    let o = opts(250, 5, 0.4);
    let dir = tempfile::tempdir().unwrap();
    let summary = generate(&o, dir.path()).unwrap();
    let export = generate_records(&o);
    assert_eq!(summary.tickets, 250);
    assert_eq!(export.tickets.rows.len(), 250);
    assert_eq!(export.calls.rows.len() as u64, summary.calls);
    assert_eq!(export.flows.rows.len() as u64, summary.flows);
    assert_eq!(export.labels.len() as u64, summary.labels);
    let mut rdr = ::csv::Reader::from_path(dir.path().join("tickets.csv")).unwrap();
    let rows: Vec<Vec<String>> = rdr
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    assert_eq!(rows, export.tickets.rows);
}

#[test]
fn gbk_crlf_csv_decodes_back() {
    let o = Options {
        encoding: TextEncoding::Gbk,
        crlf: true,
        ..opts(500, 11, 0.5)
    };
    let dir = tempfile::tempdir().unwrap();
    generate(&o, dir.path()).unwrap();
    let export = generate_records(&o);
    for (name, table) in [
        ("tickets.csv", &export.tickets),
        ("calls.csv", &export.calls),
        ("flows.csv", &export.flows),
    ] {
        let bytes = std::fs::read(dir.path().join(name)).unwrap();
        assert!(
            std::str::from_utf8(&bytes).is_err(),
            "{name} should not be UTF-8"
        );
        let text = encoding_rs::GBK
            .decode_without_bom_handling_and_without_replacement(&bytes)
            .unwrap_or_else(|| panic!("{name} is not valid GBK"));
        assert!(text.ends_with("\r\n"));
        assert!(
            !text.chars().any(|c| ('\u{E000}'..='\u{F8FF}').contains(&c)),
            "{name}: private-use character"
        );
        assert!(!text.replace("\r\n", "").contains('\r'));
        let mut rdr = ::csv::Reader::from_reader(text.as_bytes());
        let headers: Vec<String> = rdr.headers().unwrap().iter().map(str::to_string).collect();
        assert_eq!(headers, table.headers);
        let rows: Vec<Vec<String>> = rdr
            .records()
            .map(|r| r.unwrap().iter().map(|s| s.to_string()).collect())
            .collect();
        assert_eq!(&rows, &table.rows, "{name}");
    }
}

#[test]
fn utf8_bom_and_json_lines() {
    let dir = tempfile::tempdir().unwrap();
    generate(
        &Options {
            encoding: TextEncoding::Utf8Bom,
            ..opts(30, 1, 0.2)
        },
        dir.path(),
    )
    .unwrap();
    assert!(
        std::fs::read(dir.path().join("tickets.csv"))
            .unwrap()
            .starts_with(b"\xEF\xBB\xBF")
    );

    let dir = tempfile::tempdir().unwrap();
    generate(
        &Options {
            format: OutFormat::Jsonl,
            ..opts(30, 1, 0.2)
        },
        dir.path(),
    )
    .unwrap();
    let text = std::fs::read_to_string(dir.path().join("calls.jsonl")).unwrap();
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(v.get("话单编号").is_some());
        assert!(v.get("通话时长").unwrap().is_u64());
    }
    let dir = tempfile::tempdir().unwrap();
    generate(
        &Options {
            format: OutFormat::Json,
            ..opts(30, 1, 0.2)
        },
        dir.path(),
    )
    .unwrap();
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("tickets.json")).unwrap())
            .unwrap();
    assert_eq!(v.as_array().unwrap().len(), 30);
}

#[test]
fn labels_reference_existing_tickets() {
    let export = generate_records(&opts(2000, 3, 0.4));
    let ids: HashSet<&str> = export.tickets.rows.iter().map(|r| r[0].as_str()).collect();
    assert!(!export.labels.is_empty());
    let fields: HashSet<&str> = TICKET_COLUMNS.iter().map(|c| c.0).collect();
    for l in &export.labels {
        assert!(ids.contains(l.ticket_id.as_str()), "{l:?}");
        assert!(RULES.contains(&l.rule.as_str()), "{l:?}");
        assert!(fields.contains(l.field.as_str()), "{l:?}");
    }
    // No exact duplicate label lines.
    let set: HashSet<(&str, &str, &str)> = export
        .labels
        .iter()
        .map(|l| (l.ticket_id.as_str(), l.rule.as_str(), l.field.as_str()))
        .collect();
    assert_eq!(set.len(), export.labels.len());
}

#[test]
fn alias_headers_are_recognised_by_the_alias_table() {
    let schema = Schema::builtin().unwrap();
    let mut seen = BTreeSet::new();
    for seed in 0..40 {
        let o = Options {
            aliases: AliasMode::Random,
            ..opts(1, seed, 0.0)
        };
        let hs = headers(&o);
        for (kind, cols, hs) in [
            (TableKind::Tickets, TICKET_COLUMNS, &hs[0]),
            (TableKind::Calls, CALL_COLUMNS, &hs[1]),
            (TableKind::Flows, FLOW_COLUMNS, &hs[2]),
        ] {
            let (got, map) = schema
                .recognise(hs, None)
                .unwrap_or_else(|| panic!("{hs:?} not recognised"));
            assert_eq!(got, kind, "{hs:?}");
            let table = schema.table(kind);
            for (i, (name, canon, aliases)) in cols.iter().enumerate() {
                assert!(hs[i] == *canon || aliases.contains(&hs[i].as_str()));
                let id = table.field(name).unwrap();
                assert_eq!(map[id.index()], Some(i), "{} → {name}", hs[i]);
            }
            seen.insert(hs.join(","));
        }
    }
    assert!(seen.len() > 60, "aliases should vary with the seed");
    let canon = headers(&opts(1, 0, 0.0));
    assert_eq!(canon[0][0], "工单编号");
    assert_eq!(canon[1][0], "话单编号");
}

#[test]
fn every_rule_is_injected() {
    let export = generate_records(&opts(4000, 17, 0.9));
    let got: BTreeSet<&str> = export.labels.iter().map(|l| l.rule.as_str()).collect();
    let want: BTreeSet<&str> = RULES.iter().copied().collect();
    assert_eq!(got, want);
}

#[test]
fn no_defects_no_labels() {
    let export = generate_records(&opts(1500, 8, 0.0));
    assert!(export.labels.is_empty());
    assert_eq!(export.tickets.rows.len(), 1500);
}

#[test]
fn defect_rate_is_respected() {
    let o = opts(3000, 21, 0.2);
    let dir = tempfile::tempdir().unwrap();
    let s = generate(&o, dir.path()).unwrap();
    let share = s.defective_tickets as f64 / s.tickets as f64;
    assert!((0.15..0.25).contains(&share), "{share}");
}

#[test]
fn mixed_dates_use_the_accepted_styles() {
    let export = generate_records(&Options {
        date_styles: DateStyles::Mixed,
        ..opts(300, 2, 0.0)
    });
    let col = export.tickets.column("受理时间").unwrap();
    let mut styles = HashSet::new();
    for r in &export.tickets.rows {
        let s = &r[col];
        let style = if NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").is_ok() {
            0
        } else if NaiveDateTime::parse_from_str(s, "%Y/%m/%d %H:%M").is_ok() {
            1
        } else if NaiveDateTime::parse_from_str(s, "%Y%m%d%H%M%S").is_ok() {
            2
        } else if NaiveDateTime::parse_from_str(s, "%Y年%m月%d日 %H时%M分").is_ok() {
            3
        } else {
            panic!("unexpected date {s}")
        };
        styles.insert(style);
    }
    assert_eq!(styles.len(), 4);
}

fn norm_phone(p: &str) -> String {
    let digits: String = p.chars().filter(char::is_ascii_digit).collect();
    digits
        .strip_prefix("86")
        .filter(|d| d.len() == 11)
        .map_or(digits.clone(), str::to_string)
}

fn t(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap_or_else(|e| panic!("{s}: {e}"))
}

/// Mechanical checks an honest rule would make: an unlabelled ticket must
/// pass all of them, and each labelled mechanical defect must fail its own.
#[test]
fn unlabelled_tickets_are_clean() {
    let export = generate_records(&opts(3000, 99, 0.3));
    let tk = &export.tickets;
    let col = |h: &str| tk.column(h).unwrap();
    let labelled: HashMap<&str, Vec<&str>> =
        export.labels.iter().fold(HashMap::new(), |mut m, l| {
            m.entry(l.ticket_id.as_str())
                .or_default()
                .push(l.rule.as_str());
            m
        });
    let calls: HashMap<&str, &Vec<String>> = export
        .calls
        .rows
        .iter()
        .map(|r| (r[0].as_str(), r))
        .collect();
    let mut ids = HashSet::new();
    let mut clean = 0;
    let garble_marks = [
        "\u{FFFD}",
        "锟斤拷",
        "\\u",
        "&#",
        "%E",
        "\u{200B}",
        "烫烫烫",
        "屯屯屯",
        "????",
    ];
    for r in &tk.rows {
        let id = r[col("工单编号")].as_str();
        let rules = labelled.get(id).cloned().unwrap_or_default();
        let fresh = ids.insert(id);
        if !fresh {
            assert!(rules.contains(&"GD703"), "duplicate {id} without GD703");
            continue;
        }
        if !rules.is_empty() {
            continue;
        }
        clean += 1;
        for h in [
            "受理时间",
            "来源渠道",
            "办理方式",
            "诉求内容",
            "办理时限",
            "办结时间",
            "办结内容",
            "回访结果",
            "回访时间",
        ] {
            assert!(!r[col(h)].is_empty(), "{id}: {h} empty");
        }
        for h in ["诉求内容", "办结内容", "回访情况", "退回原因", "延期原因"] {
            for m in garble_marks {
                assert!(!r[col(h)].contains(m), "{id}: {h} has {m:?}: {}", r[col(h)]);
            }
        }
        let created = t(&r[col("受理时间")]);
        let closed = t(&r[col("办结时间")]);
        let deadline = t(&r[col("办理时限")]);
        let cb = t(&r[col("回访时间")]);
        assert!(created <= closed && closed <= cb, "{id}: time order");
        assert!(closed <= deadline, "{id}: overdue");
        assert!(
            [
                "电话",
                "微信",
                "网站",
                "小程序",
                "APP",
                "短信",
                "信箱",
                "邮件",
                "110接警"
            ]
            .contains(&r[col("来源渠道")].as_str())
        );
        assert!(["当即答复", "网络转办", "不予受理"].contains(&r[col("办理方式")].as_str()));
        assert!(
            ["咨询", "求助", "投诉", "举报", "建议", "表扬", "其他"]
                .contains(&r[col("诉求类型")].as_str())
        );
        assert!(
            ["非常满意", "很满意", "满意", "基本满意", "不满意"]
                .contains(&r[col("回访结果")].as_str())
        );
        let phone = &r[col("来电号码")];
        assert!(
            phone.len() == 11 || phone.starts_with("0739-"),
            "{id}: {phone}"
        );
        if r[col("来源渠道")] == "电话" {
            let cid = r[col("话单编号")].as_str();
            let call = calls
                .get(cid)
                .unwrap_or_else(|| panic!("{id}: call {cid} missing"));
            assert_eq!(call[3], "呼入");
            assert_eq!(norm_phone(&call[1]), norm_phone(phone), "{id}");
            let start = t(&call[4]);
            let end = t(&call[5]);
            assert!(
                start <= created && created <= end + chrono::Duration::hours(24),
                "{id}: call window"
            );
            assert!(cid.len() == 18 && cid.chars().all(|c| c.is_ascii_digit()));
        }
        match r[col("办理方式")].as_str() {
            "不予受理" => {
                assert!(!r[col("不予受理原因")].is_empty(), "{id}");
                assert!(r[col("办结内容")].chars().count() > 20, "{id}");
            }
            "网络转办" => {
                let text = &r[col("办结内容")];
                assert!(
                    !text.contains("正在积极处理") && !text.contains("耐心等待"),
                    "{id}"
                );
                assert!(
                    !text.contains("不属于") && !text.contains("不归"),
                    "{id}: {text}"
                );
                let returns = r[col("退回原因")].lines().count();
                assert!(returns <= 1, "{id}");
                if returns == 1 {
                    let rr = &r[col("退回原因")];
                    assert!(
                        rr.contains('〔') || rr.contains("三定") || rr.contains('《'),
                        "{id}: {rr}"
                    );
                }
            }
            _ => {}
        }
    }
    assert!(clean > 1500, "{clean}");
}

#[test]
fn template_text_repeats_across_different_appeals() {
    let export = generate_records(&opts(1000, 4, 0.5));
    let tk = &export.tickets;
    let (c, a) = (
        tk.column("办结内容").unwrap(),
        tk.column("诉求内容").unwrap(),
    );
    let ids: HashSet<&str> = export
        .labels
        .iter()
        .filter(|l| l.rule == "GD505")
        .map(|l| l.ticket_id.as_str())
        .collect();
    assert!(ids.len() >= 5);
    let mask = |s: &str| {
        s.chars()
            .map(|ch| if ch.is_ascii_digit() { '#' } else { ch })
            .collect::<String>()
    };
    let mut groups: HashMap<String, HashSet<&str>> = HashMap::new();
    for r in tk.rows.iter().filter(|r| ids.contains(r[0].as_str())) {
        groups.entry(mask(&r[c])).or_default().insert(r[a].as_str());
    }
    assert!(
        groups.values().all(|appeals| appeals.len() >= 5),
        "{groups:?}"
    );

    // Too few rows for "many": no GD505 at all.
    let small = generate_records(&opts(4, 4, 1.0));
    assert!(small.labels.iter().all(|l| l.rule != "GD505"));
}

#[test]
fn xlsx_workbooks_read_back() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let o = Options {
        format: OutFormat::Xlsx,
        aliases: AliasMode::Random,
        ..opts(120, 6, 0.3)
    };
    let dir = tempfile::tempdir().unwrap();
    generate(&o, dir.path()).unwrap();
    let export = generate_records(&o);
    for (file, sheet, table) in [
        ("tickets.xlsx", "工单", &export.tickets),
        ("calls.xlsx", "话单", &export.calls),
        ("flows.xlsx", "流转记录", &export.flows),
    ] {
        let mut wb: Xlsx<_> = open_workbook(dir.path().join(file)).unwrap();
        let range = wb.worksheet_range(sheet).unwrap();
        let rows: Vec<&[Data]> = range.rows().collect();
        assert_eq!(rows.len(), table.rows.len() + 1, "{file}");
        let header: Vec<String> = rows[0].iter().map(ToString::to_string).collect();
        assert_eq!(header, table.headers);
        // Canonical-style date-times are real date cells.
        assert!(
            rows[1..]
                .iter()
                .any(|r| r.iter().any(|c| matches!(c, Data::DateTime(_)))),
            "{file}"
        );
    }
}

/// `corpus/demo-month` is generated output: regenerate it (command in its
/// README) whenever the generator changes.
#[test]
fn demo_month_is_up_to_date() {
    let o = Options {
        tickets: 320,
        seed: 4,
        format: OutFormat::Csv,
        encoding: TextEncoding::Gbk,
        crlf: true,
        aliases: AliasMode::Canonical,
        defect_rate: 0.18,
        year: 2024,
        month: 3,
        date_styles: DateStyles::Canonical,
    };
    let dir = tempfile::tempdir().unwrap();
    generate(&o, dir.path()).unwrap();
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/demo-month");
    for name in ["tickets.csv", "calls.csv", "flows.csv", super::LABELS_FILE] {
        let want = std::fs::read(demo.join(name)).unwrap();
        let got = std::fs::read(dir.path().join(name)).unwrap();
        assert!(
            want == got,
            "corpus/demo-month/{name} is stale: regenerate it"
        );
    }
}
