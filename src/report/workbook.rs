//! Stage 5, `--format xlsx`: the annotated workbook staff open in Excel, WPS
//! or LibreOffice. Every input table becomes a sheet with its original
//! header and rows (re-read through the input readers, see
//! [`super::annotate`]) plus three added columns 问题代码, 问题说明, 修改建议;
//! offending cells are filled by severity and carry a note with the
//! message. Then the summary sheets 按承办单位 and 按规则, and 其他问题 for
//! findings that point at no row.
//!
//! Table sheets are written in rust_xlsxwriter's constant-memory mode (row
//! by row, flushed to a temporary file), so a large export does not need the
//! whole workbook in memory.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io;
use std::path::Path;

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Note, Workbook, Worksheet};
use unicode_width::UnicodeWidthStr;

use super::annotate::{
    Index, SHEET_BY_RULE, SHEET_BY_UNIT, SHEET_OTHER, TableRows, added_cells, added_headers,
    table_names,
};
use super::annotated_csv::{unplaced_cells, unplaced_headers};
use super::summary::Summary;
use super::{Lang, Report};
use crate::diagnostic::{Diagnostic, Severity};
use crate::input::{RowSource, Schema, TableMeta};

/// Excel's last row (0-based).
const MAX_ROW: u64 = 1_048_575;
/// Excel's limit for the text of one cell.
const MAX_CELL_CHARS: usize = 32_767;
/// Longest note text; the cell's added columns hold the full messages.
const MAX_NOTE_CHARS: usize = 8_000;
/// Rows looked at to size the columns.
const WIDTH_SAMPLE_ROWS: u64 = 2_000;
/// Widest an original column gets (Excel width units, about one Latin
/// character each).
const MAX_WIDTH: f64 = 50.0;

/// The cell formats of the workbook, made once.
struct Formats {
    header: Format,
    added_header: Format,
    added: Format,
    /// Fill of an offending cell, by severity (info, warning, error).
    fill: [Format; 3],
    /// The added columns of a row, tinted by its worst severity.
    added_fill: [Format; 3],
    title: Format,
}

impl Formats {
    fn new() -> Self {
        let colors = [
            Color::RGB(0x00DD_EBF7), // info: light blue
            Color::RGB(0x00FF_EB9C), // warning: light yellow
            Color::RGB(0x00FF_C7CE), // error: light red
        ];
        let added = Format::new().set_text_wrap().set_align(FormatAlign::Top);
        Formats {
            header: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0x00D9_D9D9))
                .set_border_bottom(FormatBorder::Thin),
            added_header: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0x00F8_CBAD))
                .set_border_bottom(FormatBorder::Thin),
            fill: colors.map(|c| Format::new().set_background_color(c)),
            added_fill: colors.map(|c| added.clone().set_background_color(c)),
            added,
            title: Format::new()
                .set_italic()
                .set_font_color(Color::RGB(0x0080_8080)),
        }
    }
}

fn sev_index(s: Severity) -> usize {
    match s {
        Severity::Info => 0,
        Severity::Warning => 1,
        Severity::Error => 2,
    }
}

fn xlsx_err(e: rust_xlsxwriter::XlsxError) -> io::Error {
    io::Error::other(e)
}

/// Write the annotated workbook of `report` to `path`. `tables` are the
/// input tables opened again (by [`crate::engine::open_inputs`] with the
/// options of the run). Returns notes for the user (a table cut at Excel's
/// row limit), in the report's language.
///
/// # Errors
/// The workbook cannot be built or saved.
pub fn write(
    report: &Report,
    tables: Vec<Box<dyn RowSource>>,
    schema: &Schema,
    show_personal: bool,
    path: &Path,
) -> io::Result<Vec<String>> {
    let lang = report.lang;
    let formats = Formats::new();
    let mut wb = Workbook::new();
    let names = {
        let metas: Vec<&TableMeta> = tables.iter().map(|t| t.meta()).collect();
        table_names(&metas, &[SHEET_BY_UNIT, SHEET_BY_RULE, SHEET_OTHER])
    };
    let mut index = Index::new(report);
    let mut notes = Vec::new();
    for (src, name) in tables.into_iter().zip(names) {
        let mut rows = index.table(src, schema, show_personal);
        let ws = wb.add_worksheet_with_constant_memory();
        ws.set_name(&name).map_err(xlsx_err)?;
        let cut = write_table(ws, &mut rows, lang, &formats)?;
        if cut.rows > 0 {
            let meta = rows.meta();
            notes.push(match lang {
                Lang::Zh => format!(
                    "{}：超过 Excel 的 1048576 行上限，后 {} 行未写入工作簿（其问题列在「{SHEET_OTHER}」表）；请用 --format csv",
                    where_(meta),
                    cut.rows
                ),
                Lang::En => format!(
                    "{}: over Excel's limit of 1048576 rows; the last {} rows are not in the workbook (their findings are listed in '{SHEET_OTHER}'); use --format csv",
                    where_(meta),
                    cut.rows
                ),
            });
        }
        index.add_unplaced(cut.findings);
        index.give_back(rows);
    }
    let unplaced = index.unplaced();
    let summary = Summary::from_report(report);
    write_by_unit(wb.add_worksheet(), &summary, report, &formats)?;
    write_by_rule(wb.add_worksheet(), &summary, report, &formats)?;
    if !unplaced.is_empty() {
        write_unplaced(wb.add_worksheet(), &unplaced, lang, &formats)?;
    }
    wb.save(path).map_err(xlsx_err)?;
    Ok(notes)
}

fn where_(meta: &TableMeta) -> String {
    match &meta.sheet {
        Some(s) => format!("{}:{s}", meta.file),
        None => meta.file.clone(),
    }
}

/// What did not fit in a sheet: rows past Excel's limit, and their findings.
struct Cut<'r> {
    rows: u64,
    findings: Vec<Cow<'r, Diagnostic>>,
}

/// Column widths from the text seen, in display columns (CJK counts two).
struct Widths(Vec<usize>);

impl Widths {
    fn see(&mut self, col: usize, text: &str) {
        let w = text.lines().map(UnicodeWidthStr::width).max().unwrap_or(0);
        if self.0.len() <= col {
            self.0.resize(col + 1, 0);
        }
        self.0[col] = self.0[col].max(w);
    }
}

fn excel_width(display: usize, max: f64) -> f64 {
    #[allow(clippy::cast_precision_loss)] // widths are small
    let w = display as f64 * 1.1 + 2.0;
    w.clamp(6.0, max)
}

/// Cut text to what one cell holds.
fn cell_text(s: &str, max: usize) -> std::borrow::Cow<'_, str> {
    if s.len() <= max || s.chars().count() <= max {
        std::borrow::Cow::Borrowed(s)
    } else {
        std::borrow::Cow::Owned(s.chars().take(max - 1).chain(['…']).collect())
    }
}

/// Write one table. Each row goes to its own spreadsheet row number, so the
/// row numbers in every other report point at the same row here (title rows
/// above the header are left out and say so). Extra fields of a ragged row
/// follow the added columns.
fn write_table<'r>(
    ws: &mut Worksheet,
    rows: &mut TableRows<'r>,
    lang: Lang,
    f: &Formats,
) -> io::Result<Cut<'r>> {
    let meta = rows.meta().clone();
    let width = meta.headers.len();
    // JSON Lines numbers records by line, with no header line: shift by one.
    let shift = u64::from(meta.header_row == 0);
    let header_row = meta.header_row.max(1) - 1;
    let to_row = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
    let col_of = |c: usize| -> u16 {
        let c = if c < width { c } else { c + 3 };
        u16::try_from(c).unwrap_or(u16::MAX)
    };
    if header_row > 0 {
        let text = match lang {
            Lang::Zh => format!("（原表第 1–{header_row} 行为标题行，此处略去；行号与原表一致）"),
            Lang::En => format!(
                "(rows 1–{header_row} of the original are title rows, left out here; row numbers match the original)"
            ),
        };
        ws.write_string_with_format(0, 0, text, &f.title)
            .map_err(xlsx_err)?;
    }
    let mut widths = Widths(Vec::new());
    for (c, h) in meta.headers.iter().enumerate() {
        ws.write_string_with_format(to_row(header_row), col_of(c), h, &f.header)
            .map_err(xlsx_err)?;
        widths.see(c, h);
    }
    let added = to_col(width);
    for (i, h) in added_headers(lang).iter().enumerate() {
        ws.write_string_with_format(to_row(header_row), added + to_col(i), *h, &f.added_header)
            .map_err(xlsx_err)?;
    }
    let mut last = header_row;
    let mut last_col = added + 2;
    let mut cut = Cut {
        rows: 0,
        findings: Vec::new(),
    };
    while let Some(row) = rows.next_row() {
        let mut r = (row.number + shift).saturating_sub(1);
        if r <= last {
            r = last + 1; // readers number rows in order; never overwrite
        }
        if r > MAX_ROW {
            cut.rows += 1;
            cut.findings.extend(row.findings);
            continue;
        }
        last = r;
        let xr = to_row(r);
        // Per cell: the worst severity and the messages.
        let mut marked: BTreeMap<usize, (Severity, Vec<String>)> = BTreeMap::new();
        for d in &row.findings {
            if let Some(c) = d.column_index {
                let e = marked.entry(c).or_insert((d.severity, Vec::new()));
                e.0 = e.0.max(d.severity);
                e.1.push(format!("[{}] {}", d.rule, d.message));
            }
        }
        for (c, text) in row.cells.iter().enumerate() {
            if let Some((sev, _)) = marked.get(&c) {
                ws.write_string_with_format(
                    xr,
                    col_of(c),
                    cell_text(text, MAX_CELL_CHARS),
                    &f.fill[sev_index(*sev)],
                )
                .map_err(xlsx_err)?;
            } else if !text.is_empty() {
                ws.write_string(xr, col_of(c), cell_text(text, MAX_CELL_CHARS))
                    .map_err(xlsx_err)?;
            }
            if r < WIDTH_SAMPLE_ROWS {
                widths.see(c, text);
            }
        }
        if row.cells.len() > width {
            last_col = last_col.max(col_of(row.cells.len() - 1));
        }
        for (&c, (sev, msgs)) in &marked {
            if c >= row.cells.len() {
                // A finding on a missing (short-row) cell: show the empty cell.
                ws.write_string_with_format(xr, col_of(c), "", &f.fill[sev_index(*sev)])
                    .map_err(xlsx_err)?;
            }
            let note = Note::new(cell_text(&msgs.join("\n\n"), MAX_NOTE_CHARS))
                .set_author("gongdan")
                .add_author_prefix(false)
                .set_width(360)
                .set_height(160);
            ws.insert_note(xr, col_of(c), &note).map_err(xlsx_err)?;
        }
        if !row.findings.is_empty() {
            let worst = row
                .findings
                .iter()
                .map(|d| d.severity)
                .max()
                .unwrap_or(Severity::Info);
            for (i, text) in added_cells(&row.findings, lang).iter().enumerate() {
                let fmt = if i == 0 {
                    &f.added_fill[sev_index(worst)]
                } else {
                    &f.added
                };
                ws.write_string_with_format(
                    xr,
                    added + to_col(i),
                    cell_text(text, MAX_CELL_CHARS),
                    fmt,
                )
                .map_err(xlsx_err)?;
            }
        }
    }
    ws.set_freeze_panes(to_row(header_row + 1), 0)
        .map_err(xlsx_err)?;
    ws.autofilter(to_row(header_row), 0, to_row(last), last_col)
        .map_err(xlsx_err)?;
    for (c, &w) in widths.0.iter().enumerate() {
        ws.set_column_width(col_of(c), excel_width(w, MAX_WIDTH))
            .map_err(xlsx_err)?;
    }
    for (i, w) in [12.0, 60.0, 60.0].into_iter().enumerate() {
        ws.set_column_width(added + to_col(i), w)
            .map_err(xlsx_err)?;
    }
    Ok(cut)
}

fn to_col(i: usize) -> u16 {
    u16::try_from(i).unwrap_or(u16::MAX)
}

/// Bilingual header text for English runs.
fn head(lang: Lang, zh: &str, en: &str) -> String {
    match lang {
        Lang::Zh => zh.to_owned(),
        Lang::En => format!("{zh} {en}"),
    }
}

/// 按承办单位: one row per handling unit, a column per rule that fired and a
/// total — the layout of the bulletin's per-unit tables — and a total row.
fn write_by_unit(
    ws: &mut Worksheet,
    summary: &Summary,
    report: &Report,
    f: &Formats,
) -> io::Result<()> {
    let lang = report.lang;
    ws.set_name(SHEET_BY_UNIT).map_err(xlsx_err)?;
    let codes: Vec<&str> = summary.by_rule.iter().map(|r| r.rule.as_str()).collect();
    let total_col = to_col(codes.len() + 1);
    ws.write_string_with_format(0, 0, head(lang, "承办单位", "Unit"), &f.header)
        .map_err(xlsx_err)?;
    for (i, code) in codes.iter().enumerate() {
        let col = to_col(i + 1);
        ws.write_string_with_format(0, col, *code, &f.header)
            .map_err(xlsx_err)?;
        if let Some(rule) = report.rules.iter().find(|r| r.code == *code) {
            let note = Note::new(format!("{} {}", rule.name, rule.title))
                .set_author("gongdan")
                .add_author_prefix(false);
            ws.insert_note(0, col, &note).map_err(xlsx_err)?;
        }
    }
    ws.write_string_with_format(0, total_col, head(lang, "合计", "Total"), &f.header)
        .map_err(xlsx_err)?;
    let mut r: u32 = 1;
    for unit in &summary.by_unit {
        ws.write_string(r, 0, &unit.unit).map_err(xlsx_err)?;
        for (i, code) in codes.iter().enumerate() {
            let n = unit.by_rule.get(*code).copied().unwrap_or(0);
            if n > 0 {
                ws.write_number(r, to_col(i + 1), n as f64)
                    .map_err(xlsx_err)?;
            }
        }
        ws.write_number(r, total_col, unit.count as f64)
            .map_err(xlsx_err)?;
        r += 1;
    }
    ws.write_string_with_format(r, 0, head(lang, "合计", "Total"), &f.header)
        .map_err(xlsx_err)?;
    for (i, rule) in summary.by_rule.iter().enumerate() {
        ws.write_number_with_format(r, to_col(i + 1), rule.count as f64, &f.header)
            .map_err(xlsx_err)?;
    }
    ws.write_number_with_format(r, total_col, summary.total as f64, &f.header)
        .map_err(xlsx_err)?;
    ws.set_freeze_panes(1, 1).map_err(xlsx_err)?;
    ws.autofilter(0, 0, r.saturating_sub(1).max(1), total_col)
        .map_err(xlsx_err)?;
    let unit_width = summary
        .by_unit
        .iter()
        .map(|u| u.unit.width())
        .max()
        .unwrap_or(8);
    ws.set_column_width(0, excel_width(unit_width, MAX_WIDTH))
        .map_err(xlsx_err)?;
    ws.set_column_range_width(1, total_col, 9)
        .map_err(xlsx_err)?;
    Ok(())
}

/// 按规则: every rule that ran, with its name, severity, count and title.
fn write_by_rule(
    ws: &mut Worksheet,
    summary: &Summary,
    report: &Report,
    f: &Formats,
) -> io::Result<()> {
    let lang = report.lang;
    ws.set_name(SHEET_BY_RULE).map_err(xlsx_err)?;
    let headers = [
        head(lang, "规则代码", "Code"),
        head(lang, "名称", "Name"),
        head(lang, "级别", "Severity"),
        head(lang, "问题数", "Count"),
        head(lang, "标题", "Title"),
    ];
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(0, to_col(c), h, &f.header)
            .map_err(xlsx_err)?;
    }
    // Rules that ran, and any rule that fired without being listed (none
    // today; kept so the counts always add up).
    let mut rows: BTreeMap<&str, (&str, Severity, usize, &str)> = report
        .rules
        .iter()
        .map(|r| {
            (
                r.code.as_str(),
                (r.name.as_str(), r.severity, 0, r.title.as_str()),
            )
        })
        .collect();
    for rc in &summary.by_rule {
        let e = rows
            .entry(rc.rule.as_str())
            .or_insert((rc.name.as_str(), rc.severity, 0, ""));
        e.1 = rc.severity;
        e.2 = rc.count;
    }
    let mut r: u32 = 1;
    for (code, (name, severity, count, title)) in &rows {
        let sev = match lang {
            Lang::Zh => severity.label_zh(),
            Lang::En => severity.as_str(),
        };
        ws.write_string(r, 0, *code).map_err(xlsx_err)?;
        ws.write_string(r, 1, *name).map_err(xlsx_err)?;
        if *count > 0 {
            ws.write_string_with_format(r, 2, sev, &f.fill[sev_index(*severity)])
                .map_err(xlsx_err)?;
        } else {
            ws.write_string(r, 2, sev).map_err(xlsx_err)?;
        }
        ws.write_number(r, 3, *count as f64).map_err(xlsx_err)?;
        ws.write_string(r, 4, *title).map_err(xlsx_err)?;
        r += 1;
    }
    ws.set_freeze_panes(1, 0).map_err(xlsx_err)?;
    ws.autofilter(0, 0, r.saturating_sub(1).max(1), 4)
        .map_err(xlsx_err)?;
    for (c, w) in [10.0, 34.0, 8.0, 8.0, 60.0].into_iter().enumerate() {
        ws.set_column_width(to_col(c), w).map_err(xlsx_err)?;
    }
    Ok(())
}

/// 其他问题: findings that point at no written row.
fn write_unplaced(
    ws: &mut Worksheet,
    findings: &[Cow<'_, Diagnostic>],
    lang: Lang,
    f: &Formats,
) -> io::Result<()> {
    ws.set_name(SHEET_OTHER).map_err(xlsx_err)?;
    for (c, h) in unplaced_headers(lang).iter().enumerate() {
        ws.write_string_with_format(0, to_col(c), *h, &f.header)
            .map_err(xlsx_err)?;
    }
    let mut r: u32 = 1;
    for d in findings {
        for (c, text) in unplaced_cells(d, lang).iter().enumerate() {
            let fmt = if c == 4 {
                &f.fill[sev_index(d.severity)]
            } else {
                &f.added
            };
            ws.write_string_with_format(r, to_col(c), cell_text(text, MAX_CELL_CHARS), fmt)
                .map_err(xlsx_err)?;
        }
        r += 1;
    }
    ws.set_freeze_panes(1, 0).map_err(xlsx_err)?;
    ws.autofilter(0, 0, r.saturating_sub(1).max(1), 6)
        .map_err(xlsx_err)?;
    for (c, w) in [30.0, 12.0, 6.0, 14.0, 10.0, 70.0, 60.0]
        .into_iter()
        .enumerate()
    {
        ws.set_column_width(to_col(c), w).map_err(xlsx_err)?;
    }
    Ok(())
}
