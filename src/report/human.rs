//! Stage 5, the default terminal format: one miette-style block per finding
//! (rule, message, where, the cell text with the offending span underlined,
//! help and suggestion), then a summary by severity, rule and handling unit.
//!
//! miette's [`GraphicalReportHandler`] draws the message and the underlined
//! cell; the header, location of cell-less findings, help, suggestion and the
//! tables are written here so their wording follows [`Lang`].

use std::fmt;
use std::io::{self, Write};

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceCode};
use unicode_width::UnicodeWidthStr;

use super::summary::{Summary, files_and_rows};
use super::{Lang, RenderOptions, Report};
use crate::diagnostic::{Diagnostic, Severity};

/// Units listed in the per-unit table before the rest are folded into one line.
const TOP_UNITS: usize = 20;
/// Widest a unit name may be in the table (display columns).
const MAX_UNIT_WIDTH: usize = 36;

/// Render `report` for a terminal.
///
/// # Errors
/// Whatever writing to `out` returns.
pub fn render(report: &Report, opts: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let lang = report.lang;
    let paint = Paint(opts.color);
    if report.diagnostics.is_empty() {
        let (files, rows) = files_and_rows(report);
        match lang {
            Lang::Zh => writeln!(out, "未发现问题：检查了 {files} 个文件、{rows} 行。")?,
            Lang::En => writeln!(
                out,
                "No problems found: {}, {} checked.",
                plural(files as u64, "file"),
                plural(rows, "row")
            )?,
        }
        return write_suppressed(report, out);
    }
    let summary = Summary::from_report(report);
    if opts.statistics {
        return write_statistics(&summary, lang, paint, out);
    }
    let handler = GraphicalReportHandler::new_themed(if opts.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    })
    .with_width(opts.width)
    .with_links(false)
    .with_urls(false)
    .without_cause_chain()
    .without_primary_span_start()
    .with_context_lines(1);

    for d in &report.diagnostics {
        write_diagnostic(&d, lang, opts.width, paint, &handler, out)?;
        writeln!(out)?;
    }
    write_summary(report, &summary, paint, out)
}

/// One finding as a block of text.
fn write_diagnostic(
    d: &Diagnostic,
    lang: Lang,
    width: usize,
    paint: Paint,
    handler: &GraphicalReportHandler,
    out: &mut dyn Write,
) -> io::Result<()> {
    let label = match lang {
        Lang::Zh => d.severity.label_zh(),
        Lang::En => d.severity.as_str(),
    };
    writeln!(
        out,
        "{}",
        paint.severity(
            d.severity,
            &format!("{label}[{} {}]", sanitize(&d.rule), sanitize(&d.name))
        )
    )?;

    let location = sanitize(&location(d));
    let shown = CellDiagnostic::new(d, location.clone());
    let mut block = String::new();
    handler
        .render_report(&mut block, &shown)
        .map_err(|fmt::Error| io::Error::other("cannot format diagnostic"))?;
    out.write_all(block.as_bytes())?;
    if shown.source.is_none() {
        writeln!(out, "   {}", paint.dim(&format!("╰─[{location}]")))?;
    }

    let text_width = width.saturating_sub(2).max(20);
    if let Some(help) = &d.help {
        write_wrapped(
            out,
            &paint.help("help:"),
            "help:",
            &sanitize(help),
            text_width,
        )?;
    }
    if let Some(suggestion) = &d.suggestion {
        let key = lang.pick("建议:", "suggestion:");
        write_wrapped(
            out,
            &paint.suggestion(key),
            key,
            &sanitize(suggestion),
            text_width,
        )?;
    }
    Ok(())
}

/// `  key: text`, wrapped to `width` with continuation lines aligned under
/// the text. `painted` is `key` with colour codes, `key` plain for measuring.
fn write_wrapped(
    out: &mut dyn Write,
    painted: &str,
    key: &str,
    text: &str,
    width: usize,
) -> io::Result<()> {
    let indent = " ".repeat(2 + key.width() + 1);
    let opts = textwrap::Options::new(width)
        .initial_indent(&indent)
        .subsequent_indent(&indent)
        .break_words(true);
    let wrapped = textwrap::fill(text, opts);
    // Replace the first indent by the key itself; both are `indent` wide.
    let body = wrapped.get(indent.len()..).unwrap_or(&wrapped);
    writeln!(out, "  {painted} {body}")
}

/// Where a finding is, the way hotline staff find it again:
/// `tickets.csv:12 「退回原因」 (I12)`, `book.xlsx › Sheet1!C7 「退回原因」`,
/// `data.json /3/退回原因`, or just the file.
#[must_use]
pub fn location(d: &Diagnostic) -> String {
    let mut s = d.file.clone();
    if let Some(sheet) = &d.sheet {
        s.push_str(" › ");
        s.push_str(sheet);
        match (&d.cell, d.row) {
            (Some(cell), _) => {
                s.push('!');
                s.push_str(cell);
            }
            (None, Some(row)) => s.push_str(&format!(":{row}")),
            (None, None) => {}
        }
    } else if let Some(pointer) = &d.pointer {
        s.push(' ');
        s.push_str(pointer);
        return s;
    } else if let Some(row) = d.row {
        s.push_str(&format!(":{row}"));
    }
    if let Some(column) = &d.column {
        s.push_str(&format!(" 「{column}」"));
    }
    if d.sheet.is_none() {
        if let Some(cell) = &d.cell {
            s.push_str(&format!(" ({cell})"));
        }
    }
    s
}

/// A finding as miette wants it: the message, and (when there is cell text)
/// the excerpt as named source with one label on the span.
#[derive(Debug)]
struct CellDiagnostic {
    message: String,
    severity: Severity,
    source: Option<NamedSource<String>>,
    label: Option<LabeledSpan>,
}

impl CellDiagnostic {
    fn new(d: &Diagnostic, location: String) -> Self {
        let (source, label) = match &d.excerpt {
            Some(excerpt) => {
                let shown = Shown::new(excerpt);
                let chars = shown.char_count();
                // The span counts characters from the start of the cell; the
                // excerpt starts `excerpt_offset` characters into it.
                let (start, end) = match d.span {
                    Some(span) => {
                        let start = span.start.saturating_sub(d.excerpt_offset).min(chars);
                        let end = span.end.saturating_sub(d.excerpt_offset).min(chars);
                        (start, end.max(start))
                    }
                    None => (0, chars),
                };
                let (from, to) = (shown.byte_at(start), shown.byte_at(end));
                (
                    Some(NamedSource::new(location, shown.text)),
                    Some(LabeledSpan::new_primary_with_span(None, from..to)),
                )
            }
            None => (None, None),
        };
        Self {
            message: sanitize(&d.message),
            severity: d.severity,
            source,
            label,
        }
    }
}

impl fmt::Display for CellDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CellDiagnostic {}

impl miette::Diagnostic for CellDiagnostic {
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.label
            .clone()
            .map(|l| Box::new(std::iter::once(l)) as Box<dyn Iterator<Item = LabeledSpan>>)
    }
}

/// Cell text made safe to print, with the byte offset at which each original
/// character starts, so character spans can still be mapped after escaping.
struct Shown {
    text: String,
    /// `starts[i]` = byte offset of original character `i`; one extra entry
    /// for the end.
    starts: Vec<usize>,
}

impl Shown {
    fn new(raw: &str) -> Self {
        let mut text = String::with_capacity(raw.len());
        let mut starts = Vec::with_capacity(raw.len() + 1);
        let mut chars = raw.chars().peekable();
        while let Some(c) = chars.next() {
            starts.push(text.len());
            // A CRLF line break shows as a line break, not as `␍`.
            if !(c == '\r' && chars.peek() == Some(&'\n')) {
                push_visible(&mut text, c);
            }
        }
        starts.push(text.len());
        Self { text, starts }
    }

    fn char_count(&self) -> usize {
        self.starts.len() - 1
    }

    fn byte_at(&self, char_index: usize) -> usize {
        self.starts
            .get(char_index)
            .copied()
            .unwrap_or(self.text.len())
    }
}

/// Make text from an export safe for a terminal: control characters become
/// their visible Control Pictures (`␛`), invisible format characters (zero
/// width spaces, bidi overrides, BOM) become `<U+200B>`, so an escape in a cell
/// cannot colour or reorder the terminal and a span on an invisible character
/// still has something to underline. Newlines and tabs are kept, CRLF
/// becomes LF.
#[must_use]
pub fn sanitize(raw: &str) -> String {
    if !raw.chars().any(needs_escape) {
        return raw.to_owned();
    }
    Shown::new(raw).text
}

fn needs_escape(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || is_invisible_format(c)
}

fn is_invisible_format(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}')
}

fn push_visible(out: &mut String, c: char) {
    if !needs_escape(c) {
        out.push(c);
    } else if c == '\u{7f}' {
        out.push('␡');
    } else if (c as u32) < 0x20 {
        // U+2400 + code is the Control Picture of a C0 control.
        out.push(char::from_u32(0x2400 + c as u32).unwrap_or('\u{FFFD}'));
    } else {
        out.push_str(&format!("<U+{:04X}>", c as u32));
    }
}

/// ANSI colouring that is a no-op when colour is off.
#[derive(Clone, Copy)]
struct Paint(bool);

impl Paint {
    fn wrap(self, code: &str, text: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }

    fn severity(self, severity: Severity, text: &str) -> String {
        let code = match severity {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
            Severity::Info => "1;36",
        };
        self.wrap(code, text)
    }

    fn bold(self, text: &str) -> String {
        self.wrap("1", text)
    }

    fn dim(self, text: &str) -> String {
        self.wrap("2", text)
    }

    fn help(self, text: &str) -> String {
        self.wrap("36", text)
    }

    fn suggestion(self, text: &str) -> String {
        self.wrap("32", text)
    }
}

/// `1 row`, `2 rows`: English count with its noun.
fn plural(n: u64, noun: &str) -> String {
    if n == 1 {
        format!("{n} {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// The severity word in the report's language.
fn severity_word(severity: Severity, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => severity.label_zh(),
        Lang::En => severity.as_str(),
    }
}

/// `text` padded with spaces to `width` display columns (CJK counts 2).
fn pad_right(text: &str, width: usize) -> String {
    let w = text.width();
    format!("{text}{}", " ".repeat(width.saturating_sub(w)))
}

/// `text` right-aligned in `width` display columns.
fn pad_left(text: &str, width: usize) -> String {
    let w = text.width();
    format!("{}{text}", " ".repeat(width.saturating_sub(w)))
}

/// `text` cut to at most `max` display columns, ending in `…` when cut.
fn truncate(text: &str, max: usize) -> String {
    if text.width() <= max {
        return text.to_owned();
    }
    let mut s = String::new();
    let mut w = 0;
    for c in text.chars() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if w + cw + 1 > max {
            break;
        }
        s.push(c);
        w += cw;
    }
    s.push('…');
    s
}

/// A plain text table: first column left-aligned, the others right-aligned
/// when `numeric[i]`, every column as wide as its widest cell.
fn write_table(
    out: &mut dyn Write,
    paint: Paint,
    header: &[&str],
    numeric: &[bool],
    rows: &[Vec<String>],
) -> io::Result<()> {
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
    }
    let line = |cells: &[String]| -> String {
        let parts: Vec<String> = cells
            .iter()
            .zip(&widths)
            .zip(numeric)
            .map(|((c, &w), &num)| if num { pad_left(c, w) } else { pad_right(c, w) })
            .collect();
        format!("  {}", parts.join("  ").trim_end())
    };
    let head: Vec<String> = header.iter().map(|h| (*h).to_owned()).collect();
    writeln!(out, "{}", paint.bold(&line(&head)))?;
    for row in rows {
        writeln!(out, "{}", line(row))?;
    }
    Ok(())
}

/// Counts by severity, then the tables by rule and by unit.
fn write_summary(
    report: &Report,
    summary: &Summary,
    paint: Paint,
    out: &mut dyn Write,
) -> io::Result<()> {
    let lang = report.lang;
    let (files, rows) = files_and_rows(report);
    let headline = match lang {
        Lang::Zh => format!(
            "共发现 {} 个问题：错误 {} 个，警告 {} 个，提示 {} 个（检查了 {files} 个文件、{rows} 行）。",
            summary.total, summary.errors, summary.warnings, summary.infos
        ),
        Lang::En => format!(
            "Found {}: {}, {}, {} ({}, {} checked).",
            plural(summary.total as u64, "problem"),
            plural(summary.errors as u64, "error"),
            plural(summary.warnings as u64, "warning"),
            plural(summary.infos as u64, "info"),
            plural(files as u64, "file"),
            plural(rows, "row"),
        ),
    };
    writeln!(out, "{}", paint.bold(&headline))?;
    write_suppressed(report, out)?;

    writeln!(out)?;
    writeln!(out, "{}", paint.bold(lang.pick("按规则统计", "By rule")))?;
    let rows: Vec<Vec<String>> = summary
        .by_rule
        .iter()
        .map(|r| {
            vec![
                sanitize(&r.rule),
                sanitize(&r.name),
                severity_word(r.severity, lang).to_owned(),
                r.count.to_string(),
            ]
        })
        .collect();
    let header = match lang {
        Lang::Zh => ["规则", "名称", "级别", "数量"],
        Lang::En => ["Rule", "Name", "Severity", "Count"],
    };
    write_table(out, paint, &header, &[false, false, false, true], &rows)?;

    writeln!(out)?;
    writeln!(
        out,
        "{}",
        paint.bold(lang.pick("按承办单位统计", "By handling unit"))
    )?;
    let mut rows: Vec<Vec<String>> = summary
        .by_unit
        .iter()
        .take(TOP_UNITS)
        .map(|u| {
            vec![
                truncate(&sanitize(&u.unit), MAX_UNIT_WIDTH),
                u.count.to_string(),
                u.errors.to_string(),
                u.warnings.to_string(),
                u.infos.to_string(),
            ]
        })
        .collect();
    let rest = summary.by_unit.get(TOP_UNITS..).unwrap_or_default();
    if !rest.is_empty() {
        let sum = |f: fn(&super::summary::UnitCount) -> usize| -> String {
            rest.iter().map(f).sum::<usize>().to_string()
        };
        rows.push(vec![
            match lang {
                Lang::Zh => format!("其余 {} 个单位", rest.len()),
                Lang::En => format!("{} more units", rest.len()),
            },
            sum(|u| u.count),
            sum(|u| u.errors),
            sum(|u| u.warnings),
            sum(|u| u.infos),
        ]);
    }
    let header = match lang {
        Lang::Zh => ["承办单位", "问题", "错误", "警告", "提示"],
        Lang::En => ["Unit", "Findings", "Errors", "Warnings", "Infos"],
    };
    write_table(out, paint, &header, &[false, true, true, true, true], &rows)
}

/// With a baseline: how many findings it accepted and left out.
fn write_suppressed(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let Some(n) = report.suppressed else {
        return Ok(());
    };
    match report.lang {
        Lang::Zh => writeln!(out, "基线已接受 {n} 个问题，未列出。"),
        Lang::En => writeln!(
            out,
            "{} accepted by the baseline, not shown.",
            plural(n as u64, "problem")
        ),
    }
}

/// `--statistics`: one line per rule with its count, ruff style.
fn write_statistics(
    summary: &Summary,
    lang: Lang,
    paint: Paint,
    out: &mut dyn Write,
) -> io::Result<()> {
    let count_w = summary
        .by_rule
        .iter()
        .map(|r| r.count.to_string().len())
        .max()
        .unwrap_or(1);
    let code_w = summary
        .by_rule
        .iter()
        .map(|r| r.rule.width())
        .max()
        .unwrap_or(5);
    let sev_w = summary
        .by_rule
        .iter()
        .map(|r| severity_word(r.severity, lang).width())
        .max()
        .unwrap_or(0);
    for r in &summary.by_rule {
        let sev = pad_right(severity_word(r.severity, lang), sev_w);
        writeln!(
            out,
            "{}  {}  {}  {}",
            pad_left(&r.count.to_string(), count_w),
            paint.bold(&pad_right(&sanitize(&r.rule), code_w)),
            paint.severity(r.severity, &sev),
            sanitize(&r.name)
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Span;
    use crate::report::Findings;
    use crate::report::testdata::{cell_diagnostic, sample_report};

    fn render_to_string(report: &Report, opts: &RenderOptions) -> String {
        let mut out = Vec::new();
        render(report, opts, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn plain() -> RenderOptions {
        RenderOptions {
            color: false,
            width: 100,
            ..RenderOptions::default()
        }
    }

    /// The display column where `needle` starts in `line`.
    fn column_of(line: &str, needle: &str) -> usize {
        let at = line.find(needle).unwrap();
        line[..at].width()
    }

    /// The underline row below the snippet line that holds `text`: its first
    /// and last underlined display columns.
    fn underline_under(out: &str, text: &str) -> (usize, usize) {
        let lines: Vec<&str> = out.lines().collect();
        let i = lines.iter().position(|l| l.contains(text)).unwrap();
        let under = lines[i + 1];
        let mut first = None;
        let mut last = 0;
        let mut col = 0;
        for c in under.chars() {
            if matches!(c, '─' | '┬' | '▲') {
                first.get_or_insert(col);
                last = col;
            }
            col += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        }
        (first.unwrap(), last)
    }

    #[test]
    fn snapshot_zh() {
        insta::assert_snapshot!(render_to_string(&sample_report(Lang::Zh), &plain()));
    }

    #[test]
    fn snapshot_en() {
        insta::assert_snapshot!(render_to_string(&sample_report(Lang::En), &plain()));
    }

    #[test]
    fn snapshot_statistics() {
        let opts = RenderOptions {
            statistics: true,
            ..plain()
        };
        insta::assert_snapshot!(render_to_string(&sample_report(Lang::Zh), &opts));
    }

    #[test]
    fn no_colour_means_no_escape_codes() {
        let out = render_to_string(&sample_report(Lang::Zh), &plain());
        assert!(!out.contains('\x1b'));
        let opts = RenderOptions {
            statistics: true,
            ..plain()
        };
        assert!(!render_to_string(&sample_report(Lang::Zh), &opts).contains('\x1b'));
    }

    #[test]
    fn colour_means_escape_codes() {
        let opts = RenderOptions {
            color: true,
            ..plain()
        };
        assert!(render_to_string(&sample_report(Lang::Zh), &opts).contains('\x1b'));
    }

    #[test]
    fn escape_in_a_cell_is_shown_not_sent() {
        let mut report = sample_report(Lang::Zh);
        let mut d = cell_diagnostic("bad\x1b[31mred", "\x1b", 0);
        d.message = "控制字符\x1b[2J".into();
        report.diagnostics = vec![d].into();
        let out = render_to_string(&report, &plain());
        assert!(!out.contains('\x1b'), "{out}");
        assert!(out.contains("bad␛[31mred"));
        let (first, last) = underline_under(&out, "bad␛");
        let line = out.lines().find(|l| l.contains("bad␛")).unwrap();
        assert_eq!(first, column_of(line, "␛"));
        assert_eq!(last, first);
    }

    #[test]
    fn underline_sits_under_the_cjk_span() {
        let report = sample_report(Lang::Zh);
        let out = render_to_string(&report, &plain());
        // GD401: span on 不属于我公司责任范围 (10 characters, 20 columns).
        let line = out
            .lines()
            .find(|l| l.contains("此处不属于我公司责任范围"))
            .unwrap();
        let (first, last) = underline_under(&out, "此处不属于我公司责任范围");
        assert_eq!(first, column_of(line, "不属于"));
        assert_eq!(last, column_of(line, "，请转") - 1, "{out}");
    }

    #[test]
    fn underline_respects_excerpt_offset() {
        let report = sample_report(Lang::Zh);
        let out = render_to_string(&report, &plain());
        // GD501: the excerpt starts 4 characters into the cell.
        let line = out
            .lines()
            .find(|l| l.contains("该问题我单位正在积极处理"))
            .unwrap();
        let (first, last) = underline_under(&out, "该问题我单位正在积极处理");
        assert_eq!(first, column_of(line, "正在积极处理"));
        assert_eq!(last, column_of(line, "，请耐心") - 1, "{out}");
    }

    #[test]
    fn nothing_found_is_one_friendly_line() {
        let mut report = sample_report(Lang::Zh);
        report.diagnostics = Findings::default();
        assert_eq!(
            render_to_string(&report, &plain()),
            "未发现问题：检查了 4 个文件、160 行。\n"
        );
        report.lang = Lang::En;
        assert_eq!(
            render_to_string(&report, &plain()),
            "No problems found: 4 files, 160 rows checked.\n"
        );
    }

    #[test]
    fn unit_table_folds_the_rest() {
        let mut report = sample_report(Lang::Zh);
        report.diagnostics = (0..25)
            .map(|i| {
                let mut d = cell_diagnostic("文本", "文", 0);
                d.unit = Some(format!("单位{i:02}"));
                d
            })
            .collect();
        let out = render_to_string(&report, &plain());
        assert!(out.contains("其余 5 个单位"), "{out}");
        assert!(out.contains("单位19"));
        assert!(!out.contains("单位20 "));
    }

    #[test]
    fn location_forms() {
        let mut d = cell_diagnostic("x", "x", 0);
        assert_eq!(location(&d), "tickets.csv:12 「退回原因」 (I12)");
        d.sheet = Some("Sheet1".into());
        d.file = "book.xlsx".into();
        assert_eq!(location(&d), "book.xlsx › Sheet1!I12 「退回原因」");
        d.sheet = None;
        d.file = "data.json".into();
        d.pointer = Some("/3/退回原因".into());
        assert_eq!(location(&d), "data.json /3/退回原因");
        let mut d = cell_diagnostic("x", "x", 0);
        d.row = None;
        d.cell = None;
        d.column = None;
        assert_eq!(location(&d), "tickets.csv");
    }

    #[test]
    fn span_past_the_excerpt_is_clamped() {
        let mut report = sample_report(Lang::Zh);
        let mut d = cell_diagnostic("短文本", "短", 0);
        d.span = Some(Span { start: 2, end: 99 });
        report.diagnostics = vec![d].into();
        let out = render_to_string(&report, &plain());
        assert!(out.contains("短文本"));
    }

    #[test]
    fn empty_span_points_at_its_place() {
        let mut report = sample_report(Lang::Zh);
        let mut d = cell_diagnostic("请转其他相关单位", "其他", 0);
        d.span = Some(Span { start: 2, end: 2 });
        report.diagnostics = vec![d].into();
        let out = render_to_string(&report, &plain());
        let line = out.lines().find(|l| l.contains("请转其他")).unwrap();
        let (first, _) = underline_under(&out, "请转其他");
        assert_eq!(first, column_of(line, "其他"), "{out}");
    }

    #[test]
    fn multi_line_cell_underlines_the_right_line() {
        let mut report = sample_report(Lang::Zh);
        let cell =
            "3月2日 市水务局：不属于我局职责\n3月5日 市住建局：不属我们负责，请转其他相关单位";
        let d = cell_diagnostic(cell, "不属我们负责", 0);
        let mut across = cell_diagnostic(cell, "职责\n3月5日", 0);
        across.rule = "GD402".into();
        report.diagnostics = vec![d, across].into();
        let out = render_to_string(&report, &plain());
        let line = out.lines().find(|l| l.contains("3月5日")).unwrap();
        let (first, _) = underline_under(&out, "3月5日");
        assert_eq!(first, column_of(line, "不属我们负责"), "{out}");
        insta::assert_snapshot!(out);
    }

    #[test]
    fn long_messages_wrap_at_the_width() {
        let mut report = sample_report(Lang::Zh);
        let mut d = cell_diagnostic("文本", "文", 0);
        d.message = "退回原因过于简单".repeat(12);
        d.help = Some("写明理由".repeat(20).into());
        report.diagnostics = vec![d].into();
        let opts = RenderOptions {
            width: 60,
            ..plain()
        };
        let out = render_to_string(&report, &opts);
        for line in out
            .lines()
            .filter(|l| l.contains("退回原因") || l.contains("写明理由"))
        {
            assert!(line.width() <= 60, "{line:?} is {} wide", line.width());
        }
        assert!(out.lines().filter(|l| l.contains("写明理由")).count() > 1);
    }

    #[test]
    fn crlf_in_a_cell_is_a_plain_line_break() {
        assert_eq!(sanitize("一\r\n二\r三"), "一\n二␍三");
        let shown = Shown::new("一\r\n二");
        assert_eq!(shown.text, "一\n二");
        assert_eq!(shown.byte_at(3), "一\n".len());
    }

    #[test]
    fn truncate_counts_display_width() {
        assert_eq!(truncate("邵阳市住房和城乡建设局", 9), "邵阳市住…");
        assert_eq!(truncate("abc", 9), "abc");
        assert_eq!(pad_right("市局", 6).width(), 6);
    }
}
