//! Stage 5, `--format csv`: each input table's original header and rows with
//! the three added columns 问题代码, 问题说明, 修改建议 (see [`super::annotate`]),
//! for tools that cannot read XLSX; and the findings that point at no row
//! as a list of their own.

use std::borrow::Cow;
use std::io::{self, Write};

use super::Lang;
use super::annotate::{TableRows, added_cells, added_headers, fix_text, severity_tag};
use super::csv_writer::{CsvWriter, OutputEncoding};
use crate::diagnostic::Diagnostic;

/// Write one table. The added columns follow the header's columns; the
/// extra fields of a ragged row (reported as GD003) follow the added
/// columns, so nothing of the row is lost and the added columns line up.
///
/// # Errors
/// Whatever writing to `out` returns.
pub fn write_table(
    rows: &mut TableRows<'_>,
    lang: Lang,
    encoding: OutputEncoding,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut w = CsvWriter::new(out, encoding, b',')?;
    let width = rows.meta().headers.len();
    let mut header: Vec<String> = rows.meta().headers.clone();
    header.extend(added_headers(lang).map(str::to_owned));
    w.write_record(&header)?;
    let mut record: Vec<String> = Vec::with_capacity(width + 3);
    while let Some(mut row) = rows.next_row() {
        record.clear();
        let extra = if row.cells.len() > width {
            row.cells.split_off(width)
        } else {
            Vec::new()
        };
        record.append(&mut row.cells);
        record.resize(width, String::new());
        record.extend(added_cells(&row.findings, lang));
        record.extend(extra);
        w.write_record(&record)?;
    }
    w.finish()?;
    Ok(())
}

/// Write the findings that point at no row (an unreadable file, a header,
/// a table never read) as a list: file, sheet, row, column, code, problem,
/// how to fix.
///
/// # Errors
/// Whatever writing to `out` returns.
pub fn write_unplaced(
    findings: &[Cow<'_, Diagnostic>],
    lang: Lang,
    encoding: OutputEncoding,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut w = CsvWriter::new(out, encoding, b',')?;
    w.write_record(unplaced_headers(lang))?;
    for d in findings {
        w.write_record(unplaced_cells(d, lang))?;
    }
    w.finish()?;
    Ok(())
}

/// Column headers of the list of findings without a row.
#[must_use]
pub fn unplaced_headers(lang: Lang) -> [&'static str; 7] {
    match lang {
        Lang::Zh => [
            "文件",
            "工作表",
            "行",
            "列",
            "问题代码",
            "问题说明",
            "修改建议",
        ],
        Lang::En => [
            "文件 File",
            "工作表 Sheet",
            "行 Row",
            "列 Column",
            "问题代码 Rule",
            "问题说明 Problem",
            "修改建议 How to fix",
        ],
    }
}

/// One finding without a row, as the cells of [`unplaced_headers`].
#[must_use]
pub fn unplaced_cells(d: &Diagnostic, lang: Lang) -> [String; 7] {
    [
        d.file.clone(),
        d.sheet.clone().unwrap_or_default(),
        d.row.map(|r| r.to_string()).unwrap_or_default(),
        d.column.clone().unwrap_or_default(),
        d.rule.clone(),
        format!("{}{}", severity_tag(d.severity, lang), d.message),
        fix_text(d, lang),
    ]
}
