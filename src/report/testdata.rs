//! A small hand-built [`Report`] the renderer tests share: a CSV cell finding
//! with a span on Chinese text, one whose excerpt starts inside the cell, a
//! cell-less row finding, an XLSX finding with a sheet and a suggestion, a
//! JSON-pointer finding, a file-level GD001, and two named units.

use super::{FileSummary, Lang, Report, RuleInfo};
use crate::diagnostic::{self, Diagnostic, Severity, Span};

/// A GD401 finding in `tickets.csv` row 12, column 退回原因 (I12), with the
/// span on the first `needle` in `cell` and the excerpt starting
/// `excerpt_offset` characters into the cell.
pub fn cell_diagnostic(cell: &str, needle: &str, excerpt_offset: usize) -> Diagnostic {
    let byte = cell.find(needle).unwrap();
    let start = cell[..byte].chars().count();
    let end = start + needle.chars().count();
    Diagnostic {
        rule: "GD401".into(),
        name: "vague-return-reason".into(),
        severity: Severity::Error,
        message: "工单 SY2024030100012 的退回原因过于简单：缺少依据、建议承办单位".into(),
        help: Some("写明不属于本单位的理由、依据（法规、三定职责、文件号）和建议承办单位".into()),
        ticket_id: Some("SY2024030100012".into()),
        unit: Some("市住建局".into()),
        field: Some("return_reason".into()),
        column: Some("退回原因".into()),
        file: "tickets.csv".into(),
        sheet: None,
        row: Some(12),
        cell: Some("I12".into()),
        pointer: None,
        span: Some(Span { start, end }),
        excerpt: Some(cell.chars().skip(excerpt_offset).collect()),
        suggestion: None,
        excerpt_offset,
        column_index: Some(8),
    }
}

fn rule(code: &str, name: &str, severity: Severity, title: &str, help: &str) -> RuleInfo {
    RuleInfo {
        code: code.into(),
        name: name.into(),
        severity,
        title: title.into(),
        help: help.into(),
    }
}

/// The shared sample, with messages in `lang`.
pub fn sample_report(lang: Lang) -> Report {
    let t = |zh: &str, en: &str| lang.pick(zh, en).to_owned();

    let mut gd401 = cell_diagnostic(
        "此处不属于我公司责任范围，请转其他相关单位",
        "不属于我公司责任范围",
        0,
    );
    gd401.message = t(
        "工单 SY2024030100012 的退回原因过于简单：缺少依据、建议承办单位",
        "Ticket SY2024030100012: the return reason is too thin: no basis, no suggested unit",
    );
    gd401.help = Some(
        t(
            "写明不属于本单位的理由、依据（法规、三定职责、文件号）和建议承办单位",
            "Say why the matter is not yours, on what basis, and which unit should handle it",
        )
        .into(),
    );

    let mut gd501 = cell_diagnostic(
        "经核实，该问题我单位正在积极处理，请耐心等待。",
        "正在积极处理",
        4,
    );
    gd501.rule = "GD501".into();
    gd501.name = "perfunctory-closing".into();
    gd501.message = t(
        "工单 SY2024030100015 已办结，但办结内容只有承诺，没有办理结果",
        "Ticket SY2024030100015 is closed but its closing text only promises, with no result",
    );
    gd501.help = Some(
        t(
            "写明办理过程和办理结果",
            "State what was done and the result",
        )
        .into(),
    );
    gd501.suggestion = Some(t(
        "写明已采取的措施和结果，例如：已于3月20日更换路灯，经回访市民确认已亮。",
        "State the measures and the result, e.g.: the street lamp was replaced on 20 March.",
    ));
    gd501.ticket_id = Some("SY2024030100015".into());
    gd501.unit = Some("市城管局".into());
    gd501.field = Some("closing_text".into());
    gd501.column = Some("办结内容".into());
    gd501.row = Some(15);
    gd501.cell = Some("H15".into());
    gd501.column_index = Some(7);

    let gd602 = Diagnostic {
        rule: "GD602".into(),
        name: "closed-without-callback".into(),
        severity: Severity::Info,
        message: t(
            "工单 SY2024030100020 已办结，但没有回访结果",
            "Ticket SY2024030100020 is closed but has no callback result",
        ),
        help: None,
        ticket_id: Some("SY2024030100020".into()),
        unit: Some("市城管局".into()),
        field: Some("callback_result".into()),
        column: Some("回访结果".into()),
        file: "tickets.csv".into(),
        sheet: None,
        row: Some(20),
        cell: Some("T20".into()),
        pointer: None,
        span: None,
        excerpt: None,
        suggestion: None,
        excerpt_offset: 0,
        column_index: Some(19),
    };

    let gd101 = Diagnostic {
        rule: "GD101".into(),
        name: "garbled-text".into(),
        severity: Severity::Error,
        message: t(
            "工单 SY2024030100007 的办结内容有乱码（UTF-8 被当作 GBK 读取）",
            "Ticket SY2024030100007: closing text is garbled (UTF-8 read as GBK)",
        ),
        help: Some(t("用正确的编码重新导出", "Re-export with the right encoding").into()),
        ticket_id: Some("SY2024030100007".into()),
        unit: Some("市城管局".into()),
        field: Some("closing_text".into()),
        column: Some("办结内容".into()),
        file: "book.xlsx".into(),
        sheet: Some("Sheet1".into()),
        row: Some(7),
        cell: Some("C7".into()),
        pointer: None,
        span: Some(Span { start: 0, end: 6 }),
        excerpt: Some("甯傛皯鍙嶆槧小区路灯不亮".into()),
        suggestion: Some("市民反映小区路灯不亮".into()),
        excerpt_offset: 0,
        column_index: Some(2),
    };

    let gd702 = Diagnostic {
        rule: "GD702".into(),
        name: "invalid-value".into(),
        severity: Severity::Warning,
        message: t(
            "工单 SY2024030100031 的回访结果「很好」不是允许的取值",
            "Ticket SY2024030100031: callback result 「很好」 is not an allowed value",
        ),
        help: Some(
            t(
                "使用 非常满意 / 满意 / 基本满意 / 不满意 / 非常不满意 之一",
                "Use one of 非常满意 / 满意 / 基本满意 / 不满意 / 非常不满意",
            )
            .into(),
        ),
        ticket_id: Some("SY2024030100031".into()),
        unit: Some("市住建局".into()),
        field: Some("callback_result".into()),
        column: Some("回访结果".into()),
        file: "data.json".into(),
        sheet: None,
        row: None,
        cell: None,
        pointer: Some("/3/回访结果".into()),
        span: Some(Span { start: 0, end: 2 }),
        excerpt: Some("很好".into()),
        suggestion: Some("满意".into()),
        excerpt_offset: 0,
        column_index: Some(5),
    };

    let gd001 = Diagnostic {
        rule: "GD001".into(),
        name: "unreadable-file".into(),
        severity: Severity::Error,
        message: t(
            "无法读取文件 broken.xlsx：不是有效的 XLSX 文件（zip 目录损坏）",
            "Cannot read broken.xlsx: not a valid XLSX file (broken zip directory)",
        ),
        help: Some(
            t(
                "用 Excel 或 WPS 打开后另存为 .xlsx 再检查",
                "Open it in Excel or WPS, save as .xlsx, and check again",
            )
            .into(),
        ),
        ticket_id: None,
        unit: None,
        field: None,
        column: None,
        file: "broken.xlsx".into(),
        sheet: None,
        row: None,
        cell: None,
        pointer: None,
        span: None,
        excerpt: None,
        suggestion: None,
        excerpt_offset: 0,
        column_index: None,
    };

    let mut diagnostics = vec![gd401, gd501, gd602, gd101, gd702, gd001];
    diagnostic::sort(&mut diagnostics);

    let file =
        |path: &str, sheet: Option<&str>, kind: Option<&str>, format: &str, rows| FileSummary {
            path: path.into(),
            sheet: sheet.map(Into::into),
            kind: kind.map(Into::into),
            format: Some(format.into()),
            encoding: (format == "csv").then(|| "utf-8".into()),
            rows,
        };
    Report {
        files: vec![
            file("book.xlsx", Some("Sheet1"), Some("tickets"), "xlsx", 30),
            file("broken.xlsx", None, None, "xlsx", 0),
            file("data.json", None, Some("tickets"), "json", 10),
            file("tickets.csv", None, Some("tickets"), "csv", 120),
        ],
        diagnostics: diagnostics.into(),
        rules: vec![
            rule(
                "GD001",
                "unreadable-file",
                Severity::Error,
                &t("文件无法读取", "File cannot be read"),
                &t("修复或重新导出文件", "Repair or re-export the file"),
            ),
            rule(
                "GD101",
                "garbled-text",
                Severity::Error,
                &t("乱码", "Garbled text"),
                &t("用正确的编码重新导出", "Re-export with the right encoding"),
            ),
            rule(
                "GD401",
                "vague-return-reason",
                Severity::Error,
                &t("退回理由过于简单", "Return reason too thin"),
                &t(
                    "写明理由、依据和建议承办单位",
                    "Give reason, basis and suggested unit",
                ),
            ),
            rule(
                "GD501",
                "perfunctory-closing",
                Severity::Error,
                &t("纸上办理", "Perfunctory closing"),
                &t("写明办理过程和结果", "State what was done and the result"),
            ),
            rule(
                "GD702",
                "invalid-value",
                Severity::Warning,
                &t("取值不合规", "Invalid value"),
                &t("使用允许的取值", "Use an allowed value"),
            ),
        ],
        lang,
        suppressed: None,
    }
}
