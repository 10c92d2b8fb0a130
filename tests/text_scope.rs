//! What the text rules read and how they report it: one defect found in two
//! tables is one finding, closing rules do not read the hotline's refusals,
//! a finding names the parts it found, and an empty ticket number is
//! reported at its row.

use std::path::Path;

use gongdan::diagnostic::Diagnostic;
use gongdan::engine::{self, Options};
use gongdan::input::Schema;
use gongdan::rules::{Config, RuleSet};

fn check(files: &[(&str, &str)]) -> Vec<Diagnostic> {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let schema = Schema::builtin().unwrap();
    let config = Config::default();
    let rules = RuleSet::load(&schema, &config).unwrap();
    let opts = Options {
        base: dir.path().to_path_buf(),
        show_personal: true,
        ..Options::default()
    };
    let root: &Path = dir.path();
    let inputs = engine::open_inputs(&[root.to_path_buf()], &opts, &schema, &config);
    engine::run(inputs, &rules, &schema, &config, &opts)
        .diagnostics
        .to_vec()
}

fn of<'a>(d: &'a [Diagnostic], rule: &str) -> Vec<&'a Diagnostic> {
    d.iter().filter(|x| x.rule == rule).collect()
}

#[test]
fn a_return_in_both_tables_is_one_finding() {
    let d = check(&[
        (
            "tickets.csv",
            "工单编号,受理时间,工单状态,退回原因\nT1,2024-03-01 09:00:00,已退回,此处不属于我公司责任范围\n",
        ),
        (
            "flows.csv",
            "工单编号,操作类型,操作单位,操作时间,意见\nT1,退回,市城投集团,2024-03-02 09:00:00,此处不属于我公司责任范围\n",
        ),
    ]);
    let found = of(&d, "GD401");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].file, "tickets.csv");
    assert!(
        found[0].message.contains("flows.csv"),
        "{}",
        found[0].message
    );
}

#[test]
fn different_returns_in_the_two_tables_are_two_findings() {
    let d = check(&[
        (
            "tickets.csv",
            "工单编号,受理时间,工单状态,退回原因\nT1,2024-03-01 09:00:00,已退回,此处不属于我公司责任范围\n",
        ),
        (
            "flows.csv",
            "工单编号,操作类型,操作单位,操作时间,意见\nT1,退回,市住建局,2024-03-02 09:00:00,不属我们负责，请转其他相关单位\n",
        ),
    ]);
    assert_eq!(of(&d, "GD401").len(), 2);
}

#[test]
fn closing_rules_do_not_read_the_hotlines_refusals() {
    let d = check(&[(
        "tickets.csv",
        "工单编号,受理时间,办理方式,不予受理原因,工单状态,办结时间,办结内容\n\
         T1,2024-03-01 09:00:00,不予受理,区域外诉求,已办结,2024-03-01 10:00:00,已告知市民热线暂无法受理的原因，建议其拨打长沙12345反映。\n",
    )]);
    for rule in ["GD403", "GD501", "GD502", "GD503"] {
        assert!(of(&d, rule).is_empty(), "{rule}: {:#?}", of(&d, rule));
    }
}

#[test]
fn a_finding_names_what_it_found_and_what_is_missing() {
    let d = check(&[(
        "tickets.csv",
        "工单编号,受理时间,工单状态,退回原因\nT1,2024-03-01 09:00:00,已退回,残疾人补贴发放不属于我局职责，请改派邵阳市残疾人联合会。\n",
    )]);
    let f = of(&d, "GD401");
    assert_eq!(f.len(), 1, "{f:#?}");
    let m = &f[0].message;
    assert!(m.contains("缺少依据"), "{m}");
    assert!(m.contains("已有"), "{m}");
    assert!(m.contains("建议承办单位「"), "{m}");
}

#[test]
fn a_delay_told_as_history_is_no_open_matter() {
    let d = check(&[(
        "tickets.csv",
        "工单编号,受理时间,办理方式,承办单位,工单状态,办结时间,办结内容\n\
         T1,2024-03-01 09:00:00,网络转办,某保险公司,已办结,2024-03-09 10:00:00,理赔因缺少诊断证明原件暂缓，已指导补齐材料，理赔款12000元已到账。\n",
    )]);
    assert!(of(&d, "GD503").is_empty(), "{:#?}", of(&d, "GD503"));
}

#[test]
fn an_empty_ticket_number_is_reported_at_its_row() {
    let d = check(&[(
        "tickets.csv",
        "工单编号,受理时间,来源渠道\nT1,2024-03-01 09:00:00,网站\n,2024-03-02 09:00:00,网站\n",
    )]);
    let f = of(&d, "GD701");
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(f[0].row, Some(3));
    assert_eq!(f[0].column.as_deref(), Some("工单编号"));
}
