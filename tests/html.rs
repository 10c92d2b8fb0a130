//! `--format html` end to end: the page written for `corpus/demo-month`,
//! loaded in headless Chromium — no console errors, no network requests, the
//! count it shows equal to the JSON report's, filters by unit and rule (from
//! the select boxes and by clicking the tables) and the search box showing
//! what the JSON says they should — and a screenshot saved to
//! `target/html-report.png` for a person to look at.
//!
//! The browser test needs Debian's `chromium` (or `GONGDAN_CHROMIUM`), Node
//! and `playwright-core` from npm under `PLAYWRIGHT_CORE_PREFIX` (default
//! `~/.cache/gongdan-playwright`); `.ci/run` installs all three. Where one is
//! missing the test prints a note saying which, and passes.

use std::path::{Path, PathBuf};
use std::process::Command as StdCommand;

use assert_cmd::Command;
use gongdan::diagnostic::{Diagnostic, Severity, Span};
use gongdan::report::{FileSummary, Lang, Report, RuleInfo};
use serde_json::{Value, json};

fn gongdan() -> Command {
    let mut c = Command::cargo_bin("gongdan").expect("binary");
    c.env("NO_COLOR", "1");
    c
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Run `gongdan check PATHS --format FORMAT --output OUT ARGS` in the crate
/// root and return the file written.
fn check_to(paths: &[&Path], format: &str, out: &Path, args: &[&str]) -> Vec<u8> {
    let o = gongdan()
        .current_dir(root())
        .arg("check")
        .args(paths)
        .args(["--format", format, "--quiet", "--output"])
        .arg(out)
        .args(args)
        .output()
        .unwrap();
    assert!(matches!(o.status.code(), Some(0 | 1)), "{o:?}");
    assert!(o.stdout.is_empty(), "--output leaves stdout empty");
    std::fs::read(out).unwrap()
}

fn demo() -> PathBuf {
    root().join("corpus").join("demo-month")
}

#[test]
fn writes_one_self_contained_page_in_chinese_or_english() {
    let dir = tempfile::tempdir().unwrap();
    let zh = String::from_utf8(check_to(
        &[&demo()],
        "html",
        &dir.path().join("报告.html"),
        &[],
    ))
    .unwrap();
    assert!(zh.starts_with("<!DOCTYPE html>"));
    assert!(zh.contains("<html lang=\"zh-CN\">") && zh.contains("按承办单位统计"));
    for remote in ["http://", "https://", "src=", "href=", "url("] {
        assert!(!zh.contains(remote), "{remote}");
    }
    let en = String::from_utf8(check_to(
        &[&demo()],
        "html",
        &dir.path().join("report.html"),
        &["--lang", "en"],
    ))
    .unwrap();
    assert!(en.contains("<html lang=\"en\">") && en.contains("By handling unit"));
    // Deterministic: the same run writes the same bytes.
    let again = check_to(&[&demo()], "html", &dir.path().join("again.html"), &[]);
    assert_eq!(zh.as_bytes(), again.as_slice());
}

#[test]
fn personal_data_stays_masked_unless_asked() {
    let dir = tempfile::tempdir().unwrap();
    let masked = String::from_utf8(check_to(
        &[&demo()],
        "html",
        &dir.path().join("a.html"),
        &[],
    ))
    .unwrap();
    let shown = String::from_utf8(check_to(
        &[&demo()],
        "html",
        &dir.path().join("b.html"),
        &["--show-personal-data"],
    ))
    .unwrap();
    // GD203 in the demo month quotes the caller's number (195****5920).
    let mobile = regex::Regex::new(r"(^|[^0-9])1[3-9][0-9]{9}([^0-9]|$)").unwrap();
    assert!(masked.contains("195****5920"));
    assert!(
        !mobile.is_match(&masked),
        "a full mobile number in the masked report"
    );
    assert!(!shown.contains("195****5920"));
    assert!(
        mobile.is_match(&shown),
        "--show-personal-data shows the number"
    );
}

/// Chromium and the playwright-core driver, or why the browser test skips.
fn browser() -> Result<(PathBuf, PathBuf), String> {
    let chromium = std::env::var_os("GONGDAN_CHROMIUM")
        .map(PathBuf::from)
        .or_else(|| {
            ["chromium", "chromium-browser", "google-chrome"]
                .iter()
                .find_map(|name| which(name))
        })
        .ok_or("chromium not found (apt-get install chromium, or set GONGDAN_CHROMIUM)")?;
    if which("node").is_none() {
        return Err("node not found".into());
    }
    let prefix = std::env::var_os("PLAYWRIGHT_CORE_PREFIX")
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache/gongdan-playwright"))
        })
        .ok_or("no PLAYWRIGHT_CORE_PREFIX and no HOME")?;
    let core = prefix.join("node_modules").join("playwright-core");
    if !core.join("package.json").is_file() {
        return Err(format!(
            "playwright-core not found under {} (npm install --prefix {} playwright-core)",
            prefix.display(),
            prefix.display()
        ));
    }
    Ok((chromium, core))
}

fn which(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join(name))
            .find(|p| p.is_file())
    })
}

/// Load `page` in Chromium, run `plan`, save `screenshot`, and return what
/// the driver saw.
fn drive(page: &Path, screenshot: &Path, plan: &Value) -> Option<Value> {
    let (chromium, core) = match browser() {
        Ok(found) => found,
        Err(why) => {
            eprintln!("note: skipping the browser test of the HTML report: {why}");
            return None;
        }
    };
    let plan_file = page.with_extension("plan.json");
    std::fs::write(&plan_file, plan.to_string()).unwrap();
    let out = StdCommand::new("node")
        .arg(root().join("tests/html/drive.cjs"))
        .arg(&core)
        .arg(&chromium)
        .arg(page)
        .arg(screenshot)
        .arg(&plan_file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "the browser driver failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(serde_json::from_slice(&out.stdout).expect("driver prints JSON"))
}

fn count(seen: &Value, step: &str) -> u64 {
    seen[step]["shown"]
        .as_u64()
        .unwrap_or_else(|| panic!("{step}: {}", seen[step]))
}

/// The strings a step listed under `key` (`units`, `rules`, `texts`).
fn listed<'a>(seen: &'a Value, step: &str, key: &str) -> Vec<&'a str> {
    seen[step][key]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect()
}

#[test]
fn demo_month_in_headless_chromium() {
    let dir = tempfile::tempdir().unwrap();
    let report: Value = serde_json::from_slice(&check_to(
        &[&demo()],
        "json",
        &dir.path().join("r.json"),
        &[],
    ))
    .unwrap();
    let page = dir.path().join("report.html");
    check_to(&[&demo()], "html", &page, &[]);

    let summary = &report["summary"];
    let total = summary["total"].as_u64().unwrap();
    let diags = report["diagnostics"].as_array().unwrap();
    assert!(total > 50);
    let top = &summary["by_unit"][0];
    let unit = top["unit"].as_str().unwrap();
    let unit_count = top["count"].as_u64().unwrap();
    let (unit_rule, unit_rule_count) = top["by_rule"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(r, n)| (r.as_str(), n.as_u64().unwrap()))
        .next()
        .unwrap();
    let rule_entry = summary["by_rule"]
        .as_array()
        .unwrap()
        .iter()
        .max_by_key(|r| r["count"].as_u64())
        .unwrap();
    let rule = rule_entry["rule"].as_str().unwrap();
    let rule_count = rule_entry["count"].as_u64().unwrap();
    assert!(unit_count < total && rule_count < total);
    // Search for one ticket; the JSON says how many findings mention it.
    let ticket = diags
        .iter()
        .find_map(|d| d["ticket_id"].as_str())
        .unwrap()
        .to_owned();
    let mentions = |d: &Value| {
        ["message", "ticket_id", "excerpt"]
            .iter()
            .any(|k| d[k].as_str().is_some_and(|s| s.contains(&ticket)))
    };
    let search_count = diags.iter().filter(|d| mentions(d)).count() as u64;

    let plan = json!({
        "unit": unit,
        "rule": rule,
        "unitRule": {"unit": unit, "rule": unit_rule},
        "search": ticket,
    });
    let screenshot = root().join("target").join("html-report.png");
    std::fs::create_dir_all(screenshot.parent().unwrap()).unwrap();
    let Some(seen) = drive(&page, &screenshot, &plan) else {
        return;
    };
    println!("screenshot of the HTML report: {}", screenshot.display());
    eprintln!("screenshot of the HTML report: {}", screenshot.display());

    for key in ["consoleErrors", "pageErrors", "requests", "failedRequests"] {
        assert_eq!(seen[key], json!([]), "{key}");
    }
    assert_eq!(seen["initial"]["title"], "工单数据质量检查报告");

    // Everything, a page at a time.
    assert_eq!(count(&seen, "initial"), total);
    assert_eq!(seen["initial"]["total"], total);
    assert_eq!(
        seen["initial"]["text"],
        format!("显示 {total} / 共 {total} 条")
    );
    assert_eq!(seen["initial"]["listed"], total.min(200));
    // Nothing more to list: no "list more" button.
    assert_eq!(seen["initial"]["moreVisible"], total > 200);
    assert!(seen["initial"]["marks"].as_u64().unwrap() > 0);

    // The unit select box.
    assert_eq!(count(&seen, "byUnitSelect"), unit_count);
    assert_eq!(
        seen["byUnitSelect"]["text"],
        format!("显示 {unit_count} / 共 {total} 条")
    );
    assert!(
        listed(&seen, "byUnitSelect", "units")
            .iter()
            .all(|u| *u == unit)
    );

    // Clicking a rule in the per-rule table.
    assert_eq!(count(&seen, "byRuleClick"), rule_count);
    assert_eq!(seen["byRuleClick"]["ruleSelect"], rule);
    assert!(
        listed(&seen, "byRuleClick", "rules")
            .iter()
            .all(|r| *r == rule)
    );

    // The same from the keyboard: Tab to the rule, Enter.
    assert_eq!(count(&seen, "byRuleKey"), rule_count);

    // Clicking a unit, then one of its rule counts, in the per-unit table.
    assert_eq!(count(&seen, "byUnitClick"), unit_count);
    assert_eq!(seen["byUnitClick"]["unitSelect"], unit);
    assert_eq!(count(&seen, "byUnitRuleClick"), unit_rule_count);
    assert_eq!(seen["byUnitRuleClick"]["ruleSelect"], unit_rule);

    // The search box.
    assert_eq!(count(&seen, "bySearch"), search_count);
    assert!(search_count > 0);
    assert!(
        listed(&seen, "bySearch", "texts")
            .iter()
            .all(|t| t.contains(&ticket))
    );

    assert_eq!(count(&seen, "afterReset"), total);
    assert!(std::fs::metadata(&screenshot).unwrap().len() > 10_000);
}

/// A month of 50,000 findings over 40 units and 5 rules, built directly.
fn big_report() -> Report {
    let rules = ["GD401", "GD501", "GD502", "GD601", "GD702"];
    let diagnostics = (0..50_000_u64)
        .map(|i| {
            let rule = rules[(i % 5) as usize];
            let cell = format!("经核实，该问题我单位正在积极处理，请耐心等待。第{i}号");
            Diagnostic {
                rule: rule.into(),
                name: format!("rule-{rule}"),
                severity: if i % 5 == 3 {
                    Severity::Warning
                } else {
                    Severity::Error
                },
                message: format!("工单 SY{i:010} 的办结内容只有承诺，没有办理结果"),
                help: Some("写明办理过程和办理结果".into()),
                ticket_id: Some(format!("SY{i:010}")),
                unit: Some(format!("第{}承办单位", i % 40)),
                field: Some("closing_text".into()),
                column: Some("办结内容".into()),
                file: "大月份/工单.csv".into(),
                sheet: None,
                row: Some(i + 2),
                cell: Some(format!("H{}", i + 2)),
                pointer: None,
                span: Some(Span { start: 10, end: 16 }),
                excerpt: Some(cell),
                suggestion: None,
                excerpt_offset: 0,
                column_index: Some(7),
            }
        })
        .collect();
    Report {
        files: vec![FileSummary {
            path: "大月份/工单.csv".into(),
            sheet: None,
            kind: Some("tickets".into()),
            format: Some("csv".into()),
            encoding: Some("gb18030".into()),
            rows: 50_000,
        }],
        diagnostics,
        rules: rules
            .iter()
            .map(|r| RuleInfo {
                code: (*r).into(),
                name: format!("rule-{r}"),
                severity: Severity::Error,
                title: "标题".into(),
                help: "帮助".into(),
            })
            .collect(),
        lang: Lang::Zh,
        suppressed: None,
    }
}

#[test]
fn fifty_thousand_findings_load_and_filter() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("big.html");
    let mut html = Vec::new();
    gongdan::report::html::render(&big_report(), &mut html).unwrap();
    // Message and cell text alone are ~150 bytes here.
    assert!(html.len() / 50_000 < 300, "{} bytes", html.len());
    std::fs::write(&page, &html).unwrap();
    let plan = json!({
        "unit": "第7承办单位",
        "rule": "GD502",
        "unitRule": {"unit": "第7承办单位", "rule": "GD502"},
        "search": "SY0000049999",
    });
    let shot = dir.path().join("big.png");
    let Some(seen) = drive(&page, &shot, &plan) else {
        return;
    };
    for key in ["consoleErrors", "pageErrors", "requests", "failedRequests"] {
        assert_eq!(seen[key], json!([]), "{key}");
    }
    assert!(
        seen["loadMs"].as_u64().unwrap() < 20_000,
        "{}",
        seen["loadMs"]
    );
    assert_eq!(count(&seen, "initial"), 50_000);
    assert_eq!(seen["initial"]["listed"], 200);
    assert_eq!(seen["initial"]["moreVisible"], true);
    assert_eq!(
        seen["initial"]["moreText"],
        "再列出 200 条（还有 49800 条）"
    );
    assert_eq!(seen["afterMore"]["listed"], 400);
    assert_eq!(seen["byUnitRuleClick"]["moreVisible"], true);
    assert_eq!(seen["bySearch"]["moreVisible"], false);
    assert_eq!(count(&seen, "byUnitSelect"), 1250);
    assert_eq!(count(&seen, "byRuleClick"), 10_000);
    // Units 7, 47, 87… all have i % 5 == 2: GD502.
    assert_eq!(count(&seen, "byUnitRuleClick"), 1250);
    assert_eq!(count(&seen, "bySearch"), 1);
    assert_eq!(seen["initial"]["marks"], 200);
}
