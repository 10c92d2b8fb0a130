//! Stage 5, for staff at a browser: `--format html` writes one self-contained
//! page — no network assets, inline CSS and JS, opens offline. The summary,
//! the file list and the per-unit and per-rule tables are plain HTML written
//! here; the findings travel as one compact JSON blob that `html/report.js`
//! renders a page at a time, with filters by unit, rule and severity and a
//! search box. User text reaches the page only HTML-escaped (tables) or
//! through `textContent` (findings), never as markup.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::io::{self, Write};

use serde::Serialize;
use serde_json::Value;

use super::summary::{Summary, files_and_rows, unknown_unit};
use super::{FileSummary, Lang, Report};
use crate::diagnostic::{Diagnostic, Severity};

const CSS: &str = include_str!("html/report.css");
const JS: &str = include_str!("html/report.js");

/// Only inline styles and scripts and `data:` images: the page can fetch
/// nothing, so it behaves the same offline as online.
const CSP: &str =
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:";

/// Escape `text` for HTML element content and quoted attribute values.
#[must_use]
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The excerpt cut into (before, highlighted, after) by the span. The span is
/// in characters of the cell and the excerpt starts `excerpt_offset`
/// characters into the cell, so the cut is made in characters (never bytes),
/// clamped to the excerpt.
#[must_use]
pub fn split_excerpt(d: &Diagnostic) -> Option<[String; 3]> {
    let excerpt = d.excerpt.as_deref()?;
    let chars = excerpt.chars().count();
    let (start, end) = match d.span {
        Some(span) => {
            let start = span.start.saturating_sub(d.excerpt_offset).min(chars);
            let end = span
                .end
                .saturating_sub(d.excerpt_offset)
                .clamp(start, chars);
            (start, end)
        }
        None => (chars, chars),
    };
    let byte = |n: usize| {
        excerpt
            .char_indices()
            .nth(n)
            .map_or(excerpt.len(), |(b, _)| b)
    };
    let (s, e) = (byte(start), byte(end));
    Some([
        excerpt[..s].to_owned(),
        excerpt[s..e].to_owned(),
        excerpt[e..].to_owned(),
    ])
}

/// Strings repeated across findings (rule codes, units, files, columns,
/// help texts) are stored once and named by index.
#[derive(Default)]
struct Interner {
    strings: Vec<String>,
    index: HashMap<String, usize>,
}

impl Interner {
    fn id(&mut self, s: &str) -> usize {
        if let Some(&i) = self.index.get(s) {
            return i;
        }
        self.strings.push(s.to_owned());
        self.index.insert(s.to_owned(), self.strings.len() - 1);
        self.strings.len() - 1
    }

    fn opt(&mut self, s: Option<&str>) -> Value {
        s.map_or(Value::Null, |s| Value::from(self.id(s)))
    }
}

fn severity_index(s: Severity) -> u8 {
    match s {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Info => 2,
    }
}

/// The unit a finding is counted and filtered under — the same rule as the
/// summary's, so a table's count equals what its filter shows.
fn unit_of(d: &Diagnostic, lang: Lang) -> &str {
    d.unit
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| unknown_unit(lang))
}

/// The JSON blob the script reads: labels, interned strings and one array
/// per finding (the field order is `FIELDS` in `report.js`).
#[derive(Serialize)]
struct Data<'a> {
    labels: &'a Labels,
    names: BTreeMap<String, String>,
    strings: Vec<String>,
    findings: Vec<Value>,
}

fn data_json(report: &Report, labels: &Labels) -> String {
    let mut strings = Interner::default();
    // Rule code → name; one pass, as spilled findings are read back.
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    let findings = report
        .diagnostics
        .iter()
        .map(|d| {
            match names.get_mut(d.rule.as_str()) {
                Some(n) if *n != d.name => n.clone_from(&d.name),
                Some(_) => {}
                None => {
                    names.insert(d.rule.clone(), d.name.clone());
                }
            }
            let excerpt = split_excerpt(&d);
            let mut row = vec![
                Value::from(strings.id(&d.rule)),
                Value::from(severity_index(d.severity)),
                Value::from(d.message.as_str()),
                strings.opt(d.help.as_deref()),
                d.ticket_id.as_deref().map_or(Value::Null, Value::from),
                Value::from(strings.id(unit_of(&d, report.lang))),
                Value::from(strings.id(&d.file)),
                strings.opt(d.sheet.as_deref()),
                d.row.map_or(Value::Null, Value::from),
                d.cell.as_deref().map_or(Value::Null, Value::from),
                strings.opt(d.column.as_deref()),
                d.pointer.as_deref().map_or(Value::Null, Value::from),
                d.suggestion.as_deref().map_or(Value::Null, Value::from),
                Value::from(u8::from(d.excerpt_offset > 0)),
            ];
            if let Some(parts) = excerpt {
                row.extend(parts.into_iter().map(Value::from));
            }
            // Trailing nulls carry nothing; the script reads them as absent.
            while row.last().is_some_and(Value::is_null) {
                row.pop();
            }
            Value::Array(row)
        })
        .collect();
    let data = Data {
        labels,
        names,
        strings: strings.strings,
        findings,
    };
    // Serialising plain strings and numbers cannot fail.
    let json = serde_json::to_string(&data).unwrap_or_else(|_| "{}".to_owned());
    // `<` only occurs inside JSON strings, where `\u003c` means the same; this
    // keeps `</script>` and `<!--` in a cell from ending the script element.
    json.replace('<', "\\u003c")
}

/// Every label the page shows, in the report's language.
#[derive(Serialize)]
struct Labels {
    lang: &'static str,
    title: &'static str,
    subtitle: &'static str,
    summary: &'static str,
    files_read: &'static str,
    rows_read: &'static str,
    findings: &'static str,
    suppressed: &'static str,
    suppressed_note: &'static str,
    severities: [&'static str; 3],
    files: &'static str,
    path: &'static str,
    sheet: &'static str,
    kind: &'static str,
    format: &'static str,
    encoding: &'static str,
    rows: &'static str,
    unreadable: &'static str,
    by_unit: &'static str,
    by_unit_note: &'static str,
    unit: &'static str,
    total: &'static str,
    by_rule: &'static str,
    by_rule_note: &'static str,
    code: &'static str,
    name: &'static str,
    severity: &'static str,
    count: &'static str,
    rule_title: &'static str,
    list: &'static str,
    all_units: &'static str,
    all_rules: &'static str,
    all_severities: &'static str,
    search: &'static str,
    reset: &'static str,
    shown: &'static str,
    more: &'static str,
    nothing: &'static str,
    no_match: &'static str,
    ticket: &'static str,
    row: &'static str,
    sheet_at: &'static str,
    column: &'static str,
    help: &'static str,
    suggestion: &'static str,
    text: &'static str,
    noscript: &'static str,
    generated_by: &'static str,
}

impl Labels {
    fn new(lang: Lang) -> Self {
        let t = |zh, en| lang.pick(zh, en);
        Labels {
            lang: t("zh-CN", "en"),
            title: t("工单数据质量检查报告", "Ticket data-quality report"),
            subtitle: t(
                "上传省平台之前逐条修改：每条问题写明哪张工单、哪个字段、错在哪里、怎么改。",
                "Fix these before uploading to the provincial platform: each finding says which ticket, which field, what is wrong and how to fix it.",
            ),
            summary: t("概况", "Summary"),
            files_read: t("读取文件", "Files read"),
            rows_read: t("数据行", "Data rows"),
            findings: t("问题总数", "Findings"),
            suppressed: t("基线已接受", "Accepted by baseline"),
            suppressed_note: t(
                "条已记入基线的问题未列出",
                "findings accepted by the baseline are not listed",
            ),
            severities: [t("错误", "Error"), t("警告", "Warning"), t("提示", "Info")],
            files: t("读取的文件", "Files read"),
            path: t("文件", "File"),
            sheet: t("工作表", "Sheet"),
            kind: t("类型", "Kind"),
            format: t("格式", "Format"),
            encoding: t("编码", "Encoding"),
            rows: t("行数", "Rows"),
            unreadable: t("无法读取或识别", "unreadable or unrecognised"),
            by_unit: t("按承办单位统计", "By handling unit"),
            by_unit_note: t(
                "点击单位或数字，只看该单位（该规则）的问题。",
                "Click a unit or a number to list only that unit's (and rule's) findings.",
            ),
            unit: t("承办单位", "Handling unit"),
            total: t("合计", "Total"),
            by_rule: t("按规则统计", "By rule"),
            by_rule_note: t(
                "点击规则，只看该规则的问题。",
                "Click a rule to list only its findings.",
            ),
            code: t("代码", "Code"),
            name: t("名称", "Name"),
            severity: t("级别", "Severity"),
            count: t("数量", "Count"),
            rule_title: t("说明", "Title"),
            list: t("问题清单", "Findings"),
            all_units: t("全部承办单位", "All units"),
            all_rules: t("全部规则", "All rules"),
            all_severities: t("全部级别", "All severities"),
            search: t(
                "搜索工单编号、问题说明或单元格内容",
                "Search ticket id, message or cell text",
            ),
            reset: t("清除筛选", "Clear filters"),
            shown: t("显示 {n} / 共 {m} 条", "Showing {n} of {m}"),
            more: t("再列出 {k} 条（还有 {r} 条）", "List {k} more ({r} left)"),
            nothing: t("没有发现问题。", "No findings."),
            no_match: t(
                "没有符合筛选条件的问题。",
                "No finding matches the filters.",
            ),
            ticket: t("工单", "Ticket"),
            row: t("第 {r} 行", "row {r}"),
            sheet_at: t("工作表「{s}」", "sheet “{s}”"),
            column: t("字段「{c}」", "column “{c}”"),
            help: t("怎么改", "How to fix"),
            suggestion: t("建议改为", "Suggested fix"),
            text: t("单元格内容", "Cell text"),
            noscript: t(
                "问题清单需要启用浏览器脚本（JavaScript）才能显示；上面的统计表不需要。",
                "The findings list needs JavaScript enabled in the browser; the tables above do not.",
            ),
            generated_by: t("由 gongdan {v} 生成", "Generated by gongdan {v}"),
        }
    }
}

fn kind_label(kind: Option<&str>, lang: Lang) -> String {
    match kind {
        Some("tickets") => lang.pick("工单", "tickets").to_owned(),
        Some("calls") => lang.pick("话单", "call records").to_owned(),
        Some("flows") => lang.pick("流转记录", "flow records").to_owned(),
        Some(other) => other.to_owned(),
        None => String::new(),
    }
}

fn severity_class(s: Severity) -> &'static str {
    s.as_str()
}

fn severity_label(s: Severity, labels: &Labels) -> &'static str {
    labels.severities[usize::from(severity_index(s))]
}

/// Write the HTML report.
///
/// # Errors
/// Whatever writing to `out` returns.
pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let labels = Labels::new(report.lang);
    let summary = Summary::from_report(report);
    let mut h = String::with_capacity(16 * 1024);
    head(&mut h, &labels);
    overview(&mut h, report, &summary, &labels);
    files_table(&mut h, &report.files, report.lang, &labels);
    unit_table(&mut h, &summary, report, &labels);
    rule_table(&mut h, &summary, report, &labels);
    findings_section(&mut h, &summary, report, &labels);
    out.write_all(h.as_bytes())?;
    out.write_all(b"<script id=\"gd-data\" type=\"application/json\">")?;
    out.write_all(data_json(report, &labels).as_bytes())?;
    out.write_all(b"</script>\n<script>\n")?;
    out.write_all(JS.as_bytes())?;
    out.write_all(b"</script>\n</body>\n</html>\n")
}

// `write!` to a `String` cannot fail; the results below are ignored for that
// reason.

fn head(h: &mut String, l: &Labels) {
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"gongdan {v}\">\n\
         <title>{title}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n\
         <header>\n<h1>{title}</h1>\n<p class=\"sub\">{sub}</p>\n</header>\n<main>\n",
        lang = l.lang,
        v = env!("CARGO_PKG_VERSION"),
        title = escape(l.title),
        sub = escape(l.subtitle),
    );
}

fn overview(h: &mut String, report: &Report, s: &Summary, l: &Labels) {
    let (files, rows) = files_and_rows(report);
    let _ = write!(
        h,
        "<section id=\"summary\">\n<h2>{}</h2>\n<div class=\"tiles\">\n",
        l.summary
    );
    let mut tile = |class: &str, label: &str, value: String| {
        let _ = writeln!(
            h,
            "<div class=\"tile {class}\"><span class=\"n\">{value}</span><span class=\"l\">{}</span></div>",
            escape(label)
        );
    };
    tile("", l.files_read, files.to_string());
    tile("", l.rows_read, rows.to_string());
    tile("total", l.findings, s.total.to_string());
    tile("error", l.severities[0], s.errors.to_string());
    tile("warning", l.severities[1], s.warnings.to_string());
    tile("info", l.severities[2], s.infos.to_string());
    if let Some(n) = s.suppressed {
        tile("suppressed", l.suppressed, n.to_string());
    }
    h.push_str("</div>\n");
    if let Some(n) = s.suppressed.filter(|&n| n > 0) {
        let _ = writeln!(h, "<p class=\"note\">{n} {}</p>", escape(l.suppressed_note));
    }
    h.push_str("</section>\n");
}

fn files_table(h: &mut String, files: &[FileSummary], lang: Lang, l: &Labels) {
    // CSV and JSON inputs have no sheets: the column shows only when one does.
    let sheets = files.iter().any(|f| f.sheet.is_some());
    let _ = write!(
        h,
        "<section id=\"files\">\n<h2>{}</h2>\n<div class=\"scroll\"><table>\n<thead><tr><th>{}</th>",
        l.files, l.path
    );
    if sheets {
        let _ = write!(h, "<th>{}</th>", l.sheet);
    }
    let _ = write!(
        h,
        "<th>{}</th><th>{}</th><th>{}</th><th class=\"num\">{}</th></tr></thead>\n<tbody>\n",
        l.kind, l.format, l.encoding, l.rows
    );
    for f in files {
        let kind = match f.kind.as_deref() {
            None => format!("<span class=\"bad\">{}</span>", escape(l.unreadable)),
            k => escape(&kind_label(k, lang)),
        };
        let _ = write!(h, "<tr><td class=\"path\">{}</td>", escape(&f.path));
        if sheets {
            let _ = write!(h, "<td>{}</td>", escape(f.sheet.as_deref().unwrap_or("")));
        }
        let _ = writeln!(
            h,
            "<td>{kind}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td></tr>",
            escape(f.format.as_deref().unwrap_or("")),
            escape(f.encoding.as_deref().unwrap_or("")),
            f.rows
        );
    }
    h.push_str("</tbody>\n</table></div>\n</section>\n");
}

/// The bulletin-style table: one row per unit, one column per rule that fired.
fn unit_table(h: &mut String, s: &Summary, report: &Report, l: &Labels) {
    if s.by_unit.is_empty() {
        return;
    }
    let titles = rule_titles(report);
    let _ = write!(
        h,
        "<section id=\"units\">\n<h2>{}</h2>\n<p class=\"note\">{}</p>\n<div class=\"scroll\"><table class=\"counts\">\n<thead><tr><th>{}</th><th class=\"num\">{}</th>\
         <th class=\"num error\">{}</th><th class=\"num warning\">{}</th><th class=\"num info\">{}</th>",
        l.by_unit,
        escape(l.by_unit_note),
        l.unit,
        l.total,
        l.severities[0],
        l.severities[1],
        l.severities[2]
    );
    for r in &s.by_rule {
        let title = titles.get(r.rule.as_str()).copied().unwrap_or(&r.name);
        let _ = write!(
            h,
            "<th class=\"num code\" title=\"{}\">{}</th>",
            escape(title),
            escape(&r.rule)
        );
    }
    h.push_str("</tr></thead>\n<tbody>\n");
    for u in &s.by_unit {
        let unit = escape(&u.unit);
        let _ = write!(
            h,
            "<tr><th class=\"pick\" tabindex=\"0\" data-unit=\"{unit}\">{unit}</th>\
             <td class=\"num pick strong\" data-unit=\"{unit}\">{}</td>",
            u.count
        );
        for (n, sev) in [(u.errors, 0), (u.warnings, 1), (u.infos, 2)] {
            cell_count(h, n, &unit, &format!("data-severity=\"{sev}\""));
        }
        for r in &s.by_rule {
            let n = u.by_rule.get(&r.rule).copied().unwrap_or(0);
            cell_count(h, n, &unit, &format!("data-rule=\"{}\"", escape(&r.rule)));
        }
        h.push_str("</tr>\n");
    }
    let _ = write!(
        h,
        "</tbody>\n<tfoot><tr><th>{}</th><td class=\"num strong\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>",
        l.total, s.total, s.errors, s.warnings, s.infos
    );
    for r in &s.by_rule {
        let _ = write!(h, "<td class=\"num\">{}</td>", r.count);
    }
    h.push_str("</tr></tfoot>\n</table></div>\n</section>\n");
}

/// Rule code → title, for the tables and the rule select box.
fn rule_titles(report: &Report) -> HashMap<&str, &str> {
    report
        .rules
        .iter()
        .map(|r| (r.code.as_str(), r.title.as_str()))
        .collect()
}

fn cell_count(h: &mut String, n: usize, unit: &str, attr: &str) {
    if n == 0 {
        h.push_str("<td class=\"num zero\">0</td>");
    } else {
        let _ = write!(
            h,
            "<td class=\"num pick\" data-unit=\"{unit}\" {attr}>{n}</td>"
        );
    }
}

fn rule_table(h: &mut String, s: &Summary, report: &Report, l: &Labels) {
    if s.by_rule.is_empty() {
        return;
    }
    let titles = rule_titles(report);
    let _ = write!(
        h,
        "<section id=\"rules\">\n<h2>{}</h2>\n<p class=\"note\">{}</p>\n<div class=\"scroll\"><table>\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th class=\"num\">{}</th><th>{}</th></tr></thead>\n<tbody>\n",
        l.by_rule,
        escape(l.by_rule_note),
        l.code,
        l.rule_title,
        l.severity,
        l.count,
        l.name
    );
    for r in &s.by_rule {
        let code = escape(&r.rule);
        let _ = writeln!(
            h,
            "<tr class=\"pick\" tabindex=\"0\" data-rule=\"{code}\"><td class=\"code\">{code}</td><td>{}</td>\
             <td><span class=\"badge {}\">{}</span></td><td class=\"num strong\">{}</td><td class=\"name\">{}</td></tr>",
            escape(titles.get(r.rule.as_str()).copied().unwrap_or(&r.name)),
            severity_class(r.severity),
            severity_label(r.severity, l),
            r.count,
            escape(&r.name)
        );
    }
    h.push_str("</tbody>\n</table></div>\n</section>\n");
}

fn findings_section(h: &mut String, s: &Summary, report: &Report, l: &Labels) {
    let titles = rule_titles(report);
    let _ = write!(
        h,
        "<section id=\"findings\">\n<h2>{}</h2>\n<div class=\"controls\" role=\"search\">\n\
         <select id=\"f-unit\" aria-label=\"{unit}\"><option value=\"\">{}</option>",
        l.list,
        l.all_units,
        unit = escape(l.unit)
    );
    let mut units: Vec<&str> = s.by_unit.iter().map(|u| u.unit.as_str()).collect();
    units.sort_unstable();
    for u in units {
        let u = escape(u);
        let _ = write!(h, "<option value=\"{u}\">{u}</option>");
    }
    let _ = write!(
        h,
        "</select>\n<select id=\"f-rule\" aria-label=\"{}\"><option value=\"\">{}</option>",
        escape(l.code),
        l.all_rules
    );
    for r in &s.by_rule {
        let _ = write!(
            h,
            "<option value=\"{code}\">{code} {}（{}）</option>",
            escape(titles.get(r.rule.as_str()).copied().unwrap_or(&r.name)),
            r.count,
            code = escape(&r.rule)
        );
    }
    let _ = write!(
        h,
        "</select>\n<select id=\"f-severity\" aria-label=\"{}\"><option value=\"\">{}</option>\
         <option value=\"0\">{}</option><option value=\"1\">{}</option><option value=\"2\">{}</option></select>\n\
         <input id=\"f-search\" type=\"search\" placeholder=\"{search}\" aria-label=\"{search}\">\n\
         <button id=\"f-reset\" type=\"button\">{}</button>\n\
         <span id=\"f-count\" class=\"count\" aria-live=\"polite\"></span>\n</div>\n\
         <noscript><p class=\"note\">{}</p></noscript>\n\
         <ol id=\"list\" class=\"list\"></ol>\n<p id=\"empty\" class=\"empty\" hidden></p>\n\
         <button id=\"more\" type=\"button\" class=\"more\" hidden></button>\n</section>\n</main>\n\
         <footer>{}</footer>\n",
        escape(l.severity),
        l.all_severities,
        l.severities[0],
        l.severities[1],
        l.severities[2],
        l.reset,
        escape(l.noscript),
        escape(&l.generated_by.replace("{v}", env!("CARGO_PKG_VERSION"))),
        search = escape(l.search)
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Span;
    use crate::report::testdata::{cell_diagnostic, sample_report};

    fn html(report: &Report) -> String {
        let mut out = Vec::new();
        render(report, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    /// The embedded JSON blob, parsed.
    fn data(page: &str) -> Value {
        let start = page.find("type=\"application/json\">").unwrap() + 24;
        let end = start + page[start..].find("</script>").unwrap();
        serde_json::from_str(&page[start..end]).unwrap()
    }

    #[test]
    fn escape_covers_markup_and_quotes() {
        assert_eq!(
            escape(r#"<script>alert("x")</script> & 'y'"#),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;"
        );
        assert_eq!(escape("市住建局"), "市住建局");
    }

    #[test]
    fn span_is_cut_in_characters_not_bytes() {
        // Each of these characters is three bytes in UTF-8.
        let d = cell_diagnostic(
            "此处不属于我公司责任范围，请转其他相关单位",
            "不属于我公司责任范围",
            0,
        );
        let [before, mark, after] = split_excerpt(&d).unwrap();
        assert_eq!(before, "此处");
        assert_eq!(mark, "不属于我公司责任范围");
        assert_eq!(after, "，请转其他相关单位");
    }

    #[test]
    fn span_respects_excerpt_offset_and_is_clamped() {
        // The excerpt starts 4 characters into the cell.
        let d = cell_diagnostic(
            "经核实，该问题我单位正在积极处理，请耐心等待。",
            "正在积极处理",
            4,
        );
        let [before, mark, after] = split_excerpt(&d).unwrap();
        assert_eq!(before, "该问题我单位");
        assert_eq!(mark, "正在积极处理");
        assert_eq!(after, "，请耐心等待。");

        let mut past = d.clone();
        past.span = Some(Span { start: 2, end: 500 });
        let [before, mark, after] = split_excerpt(&past).unwrap();
        assert_eq!((before.as_str(), after.as_str()), ("", ""));
        assert_eq!(mark, past.excerpt.clone().unwrap());

        let mut none = d;
        none.span = None;
        let [before, mark, _] = split_excerpt(&none).unwrap();
        assert_eq!(mark, "");
        assert_eq!(Some(before), none.excerpt);
    }

    #[test]
    fn user_text_never_becomes_markup() {
        let mut report = sample_report(Lang::Zh);
        let evil = "<script>alert('x')</script> \"q\" & <!-- c";
        let mut diags = report.diagnostics.to_vec();
        let d = &mut diags[0];
        d.unit = Some(evil.into());
        d.message = evil.into();
        d.excerpt = Some(format!("前{evil}后"));
        d.ticket_id = Some(evil.into());
        report.diagnostics = diags.into();
        report.files[0].path = evil.into();
        let page = html(&report);
        // The only script elements are the two the page brings.
        assert_eq!(page.matches("<script").count(), 2, "{page}");
        assert_eq!(page.matches("</script>").count(), 2);
        assert!(!page.contains("<!-- c"));
        assert!(
            page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &quot;q&quot; &amp;")
        );
        // The blob still carries the text exactly.
        let blob = data(&page);
        assert!(
            blob["findings"][0][2].as_str() == Some(evil),
            "{}",
            blob["findings"][0]
        );
        let strings: Vec<&str> = blob["strings"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_str)
            .collect();
        assert!(strings.contains(&evil));
    }

    #[test]
    fn output_is_deterministic_and_self_contained() {
        let report = sample_report(Lang::Zh);
        let a = html(&report);
        assert_eq!(a, html(&report));
        assert!(a.starts_with("<!DOCTYPE html>"));
        assert!(a.ends_with("</html>\n"));
        for remote in ["http://", "https://", "src=", "href=", "@import", "url("] {
            assert!(!a.contains(remote), "{remote}");
        }
        assert!(a.contains("default-src 'none'"));
    }

    #[test]
    fn labels_follow_language() {
        let zh = html(&sample_report(Lang::Zh));
        assert!(zh.contains("<html lang=\"zh-CN\">"));
        assert!(zh.contains("按承办单位统计") && zh.contains("显示 {n} / 共 {m} 条"));
        let en = html(&sample_report(Lang::En));
        assert!(en.contains("<html lang=\"en\">"));
        assert!(en.contains("By handling unit") && !en.contains("按承办单位统计"));
    }

    #[test]
    fn blob_holds_every_finding_with_its_unit_counted_like_the_tables() {
        let report = sample_report(Lang::Zh);
        let page = html(&report);
        let blob = data(&page);
        let findings = blob["findings"].as_array().unwrap();
        assert_eq!(findings.len(), report.diagnostics.len());
        let strings = blob["strings"].as_array().unwrap();
        let summary = Summary::from_report(&report);
        for u in &summary.by_unit {
            let n = findings
                .iter()
                .filter(|f| strings[f[5].as_u64().unwrap() as usize] == u.unit.as_str())
                .count();
            assert_eq!(n, u.count, "{}", u.unit);
            assert!(page.contains(&format!("data-unit=\"{}\"", escape(&u.unit))));
        }
        for (f, d) in findings.iter().zip(&report.diagnostics) {
            assert_eq!(strings[f[0].as_u64().unwrap() as usize], d.rule.as_str());
            if let Some(parts) = split_excerpt(&d) {
                assert_eq!(f[14], parts[0].as_str());
                assert_eq!(f[15], parts[1].as_str());
                assert_eq!(f[16], parts[2].as_str());
            }
        }
    }

    #[test]
    fn many_findings_stay_small() {
        let mut report = sample_report(Lang::Zh);
        let base = report.diagnostics.to_vec()[0].clone();
        report.diagnostics = (0..50_000)
            .map(|i| {
                let mut d = base.clone();
                d.ticket_id = Some(format!("SY20240301{i:05}"));
                d.row = Some(i + 2);
                d.cell = Some(format!("I{}", i + 2));
                d.message =
                    format!("工单 SY20240301{i:05} 的退回原因过于简单：缺少依据、建议承办单位");
                d
            })
            .collect();
        let page = html(&report);
        let per_finding = page.len() / report.diagnostics.len();
        // The message and cell text themselves are ~190 bytes here; the rest
        // (help, unit, file, column, rule) is stored once.
        assert!(per_finding < 300, "{per_finding} bytes per finding");
    }

    #[test]
    fn baseline_count_is_shown_when_a_baseline_is_in_use() {
        let mut report = sample_report(Lang::Zh);
        assert!(!html(&report).contains("class=\"tile suppressed\""));
        report.suppressed = Some(7);
        let page = html(&report);
        assert!(page.contains("class=\"tile suppressed\""));
        assert!(page.contains("<span class=\"n\">7</span><span class=\"l\">基线已接受</span>"));
        assert!(page.contains("7 条已记入基线的问题未列出"));
    }

    #[test]
    fn empty_report_renders() {
        let page = html(&Report::default());
        assert!(page.contains("\"findings\":[]"));
    }
}
