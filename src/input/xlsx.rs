//! XLSX (and XLS/XLSM) reader through calamine: every worksheet whose header
//! is recognisable is one table. Cells become text the way a user sees them:
//! integers without `.0` (phone numbers stored as numbers), dates in the
//! canonical `YYYY-MM-DD HH:MM:SS`, Excel date serials in date columns too.
//!
//! An XLSX sheet is read cell by cell (calamine's cell reader) into a sparse
//! list of rows, so memory follows the cells a sheet holds, never its
//! dimensions; the zip directory is checked first so a zip bomb is refused
//! before it is inflated (see the limits in [`super`]).

use std::panic::{self, AssertUnwindSafe};
use std::path::Path;

use calamine::{Data, DataRef, Reader, SheetType, Sheets, open_workbook_auto};

use super::fields::FieldType;
use super::{
    Format, InputIssue, InputOptions, MAX_COLUMNS, MAX_XLSX_CELLS, MAX_XLSX_PART_BYTES,
    MAX_XLSX_RATIO, Opened, Place, Row, RowSource, Schema, TableMeta, XLSX_RATIO_FROM,
    clean_header, datetime, encoding,
};

/// How many rows may precede the header (export titles, notes).
const HEADER_SEARCH: usize = 10;

thread_local! {
    /// Set while this thread reads a workbook inside `catch_unwind`.
    static READING_WORKBOOK: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether a panic now would be one of a workbook reader's, caught and
/// reported as GD001: the binary's panic hook stays silent for it (no
/// "thread panicked at …calamine…" on the clerk's screen).
#[must_use]
pub fn panic_is_caught_here() -> bool {
    READING_WORKBOOK.with(std::cell::Cell::get)
}

/// Open a workbook: one table per recognisable worksheet.
#[must_use]
pub fn open(path: &Path, display: &str, schema: &Schema, opts: &InputOptions) -> Opened {
    let place = Place {
        file: display,
        sheet: None,
    };
    // calamine parses untrusted zip/XML; a panic inside it must cost this
    // file only, not the run.
    READING_WORKBOOK.with(|r| r.set(true));
    let read = panic::catch_unwind(AssertUnwindSafe(|| {
        open_workbook(path, display, schema, opts)
    }));
    READING_WORKBOOK.with(|r| r.set(false));
    match read {
        Ok(opened) => opened,
        Err(_) => {
            let mut opened = Opened::default();
            opened.issues.push(place.issue(
                "GD001",
                "无法读取工作簿：解析时出现内部错误，文件可能已损坏",
                "cannot read the workbook: the parser failed internally; the file may be corrupt",
            ));
            opened
        }
    }
}

fn open_workbook(path: &Path, display: &str, schema: &Schema, opts: &InputOptions) -> Opened {
    let mut opened = Opened::default();
    let file_place = Place {
        file: display,
        sheet: None,
    };
    if let Err((zh, en)) = precheck(path) {
        opened.issues.push(file_place.issue("GD001", zh, en));
        return opened;
    }
    let mut book = match open_workbook_auto(path) {
        Ok(b) => b,
        Err(e) => {
            opened.issues.push(file_place.issue(
                "GD001",
                format!("无法打开工作簿（文件损坏或不是 Excel 文件）：{e}"),
                format!("cannot open the workbook (corrupt or not an Excel file): {e}"),
            ));
            return opened;
        }
    };
    let sheets: Vec<String> = book
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .map(|s| s.name.clone())
        .collect();
    let mut any_data = false;
    for name in sheets {
        let place = Place {
            file: display,
            sheet: Some(&name),
        };
        let sheet = match read_sheet(&mut book, &name, place, &mut opened.issues) {
            Ok(s) => s,
            Err((zh, en)) => {
                opened.issues.push(place.issue("GD001", zh, en));
                continue;
            }
        };
        if sheet
            .rows
            .iter()
            .all(|(_, cells)| cells.iter().all(|(_, d)| is_blank(d)))
        {
            continue;
        }
        any_data = true;
        match sheet_source(sheet, place, schema, opts, &mut opened.issues) {
            Some(src) => opened.tables.push(Box::new(src)),
            None => continue,
        }
    }
    if !any_data && opened.issues.is_empty() {
        opened.issues.push(file_place.empty(schema, opts));
    }
    opened
}

/// Look at the container before calamine does: a file that is not a zip
/// (nor an old OLE `.xls`) says what it is instead; a zip without a
/// workbook says so; a part that would inflate past the limits (a zip
/// bomb) is refused before it is inflated.
fn precheck(path: &Path) -> Result<(), (String, String)> {
    use std::io::Read;
    let io = |e: std::io::Error| {
        (
            format!("无法读取文件：{e}"),
            format!("cannot read the file: {e}"),
        )
    };
    let mut file = std::fs::File::open(path).map_err(io)?;
    let mut head = Vec::with_capacity(8);
    (&mut file).take(8).read_to_end(&mut head).map_err(io)?;
    if head.is_empty() {
        return Err((
            "文件是空的（0 字节），不是 Excel 工作簿".to_owned(),
            "the file is empty (0 bytes), not an Excel workbook".to_owned(),
        ));
    }
    if head.starts_with(b"\xD0\xCF\x11\xE0") {
        return Ok(()); // .xls: calamine's BIFF reader, sized by its own format
    }
    if !head.starts_with(b"PK") {
        let (zh, en) = match encoding::binary_magic(&head) {
            Some((zh, en)) => (zh.to_owned(), en.to_owned()),
            None if head
                .iter()
                .all(|b| b.is_ascii_graphic() || b.is_ascii_whitespace() || *b >= 0x80) =>
            {
                (
                    "是文本文件却以 .xlsx 命名；若是 CSV，请改成 .csv 扩展名".to_owned(),
                    "a text file named .xlsx; if it is a CSV, rename it to .csv".to_owned(),
                )
            }
            None => (
                "不是 Excel 工作簿（没有 ZIP 文件头）".to_owned(),
                "not an Excel workbook (no ZIP signature)".to_owned(),
            ),
        };
        return Err((
            format!("无法打开工作簿：{zh}"),
            format!("cannot open the workbook: {en}"),
        ));
    }
    // An unreadable zip directory (a truncated download) is left to
    // calamine, whose message names the zip error; the finding's help says
    // to export again.
    let Ok(mut zip) = zip::ZipArchive::new(std::io::BufReader::new(file)) else {
        return Ok(());
    };
    if zip.index_for_name("xl/workbook.xml").is_none()
        && zip.index_for_name("xl/workbook.bin").is_none()
        && zip.index_for_name("content.xml").is_none()
    {
        return Err((
            "无法打开工作簿：这是 ZIP 压缩包，但其中没有工作簿（xl/workbook.xml），不是 Excel 文件".to_owned(),
            "cannot open the workbook: a zip archive without a workbook (xl/workbook.xml), not an Excel file".to_owned(),
        ));
    }
    for i in 0..zip.len() {
        let Ok(part) = zip.by_index_raw(i) else {
            continue;
        };
        let (size, packed) = (part.size(), part.compressed_size().max(1));
        let bomb = size > MAX_XLSX_PART_BYTES
            || (size > XLSX_RATIO_FROM && size / packed > MAX_XLSX_RATIO);
        if bomb {
            let name = part.name().to_owned();
            let mib = size >> 20;
            return Err((
                format!(
                    "工作簿中的「{name}」解压后有 {mib} MiB（压缩比 {}:1），超过上限（{} MiB，或 {MAX_XLSX_RATIO}:1），疑似 ZIP 炸弹，未读取；请重新导出或改为 CSV",
                    size / packed,
                    MAX_XLSX_PART_BYTES >> 20
                ),
                format!(
                    "part '{name}' of the workbook inflates to {mib} MiB (ratio {}:1), over the limit ({} MiB or {MAX_XLSX_RATIO}:1): probably a zip bomb; not read; export it again or as CSV",
                    size / packed,
                    MAX_XLSX_PART_BYTES >> 20
                ),
            ));
        }
    }
    Ok(())
}

/// One worksheet's cells, row by row, sparse: memory follows the cells the
/// sheet holds, never its dimensions (one cell at XFD1048576 would make a
/// dense grid of 17 billion cells).
struct Sheet {
    /// (0-based sheet row, its cells as (0-based column, value)), rows
    /// ascending, columns ascending.
    /// Columns count from the leftmost column holding a cell, as calamine's
    /// ranges do.
    rows: Vec<(u32, Vec<(u32, Data)>)>,
}

fn read_sheet(
    book: &mut Sheets<std::io::BufReader<std::fs::File>>,
    name: &str,
    place: Place<'_>,
    issues: &mut Vec<InputIssue>,
) -> Result<Sheet, (String, String)> {
    let failed = |e: &dyn std::fmt::Display| {
        (
            format!("无法读取工作表「{name}」：{e}"),
            format!("cannot read sheet '{name}': {e}"),
        )
    };
    let mut cells: Vec<(u32, u32, Data)> = Vec::new();
    let mut too_wide = 0usize;
    let mut push = |row: u32, col: u32, d: Data, cells: &mut Vec<(u32, u32, Data)>| {
        if col as usize >= MAX_COLUMNS {
            too_wide += 1;
            return Ok(());
        }
        if cells.len() >= MAX_XLSX_CELLS {
            return Err((
                format!(
                    "工作表「{name}」的非空单元格超过上限 {MAX_XLSX_CELLS} 个，未读取；请拆分后导出或改为 CSV"
                ),
                format!(
                    "sheet '{name}' holds more than {MAX_XLSX_CELLS} non-empty cells, over the limit; not read; split it or export as CSV"
                ),
            ));
        }
        cells.push((row, col, d));
        Ok(())
    };
    match book {
        // XLSX: cell by cell off the sheet XML, never a dense grid.
        Sheets::Xlsx(x) => {
            let mut reader = match x.worksheet_cells_reader(name) {
                Ok(r) => r,
                Err(calamine::XlsxError::NotAWorksheet(_)) => {
                    return Ok(Sheet { rows: Vec::new() });
                }
                Err(e) => return Err(failed(&e)),
            };
            loop {
                match reader.next_cell() {
                    Ok(Some(cell)) => {
                        let (r, c) = cell.get_position();
                        let v = cell.get_value();
                        if matches!(v, DataRef::Empty) {
                            continue;
                        }
                        push(r, c, Data::from(v.clone()), &mut cells)?;
                    }
                    Ok(None) => break,
                    Err(e) => return Err(failed(&e)),
                }
            }
        }
        // XLS, XLSB, ODS: calamine's range, bounded by those formats.
        other => {
            let range = other.worksheet_range(name).map_err(|e| failed(&e))?;
            let (r0, c0) = range.start().unwrap_or((0, 0));
            for (r, c, d) in range.used_cells() {
                push(r0 + r as u32, c0 + c as u32, d.clone(), &mut cells)?;
            }
        }
    }
    if too_wide > 0 {
        issues.push(place.issue(
            "GD003",
            format!("工作表「{name}」有 {too_wide} 个单元格位于第 {MAX_COLUMNS} 列之后，超过列数上限，已忽略"),
            format!("sheet '{name}' has {too_wide} cells right of column {MAX_COLUMNS}, over the column limit; ignored"),
        ));
    }
    // Sheet XML lists cells row by row; sort anyway (stable) for a
    // hand-made file that does not.
    if !cells.is_sorted_by_key(|&(r, c, _)| (r, c)) {
        cells.sort_by_key(|&(r, c, _)| (r, c));
    }
    let min_col = cells.iter().map(|&(_, c, _)| c).min().unwrap_or(0);
    let mut rows: Vec<(u32, Vec<(u32, Data)>)> = Vec::new();
    for (r, c, d) in cells {
        match rows.last_mut() {
            Some((last, row)) if *last == r => row.push((c - min_col, d)),
            _ => rows.push((r, vec![(c - min_col, d)])),
        }
    }
    Ok(Sheet { rows })
}

fn is_blank(d: &Data) -> bool {
    match d {
        Data::Empty => true,
        Data::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

/// A sparse row's cells laid out from the sheet's leftmost column, at
/// least `width` long (as calamine's dense ranges gave them).
fn row_texts(cells: &[(u32, Data)], width: usize, dates: &[bool]) -> Vec<String> {
    let len = cells.last().map_or(0, |(c, _)| *c as usize + 1).max(width);
    let mut texts = vec![String::new(); len];
    for (c, d) in cells {
        let c = *c as usize;
        texts[c] = cell_text(d, dates.get(c).copied().unwrap_or(false));
    }
    texts
}

/// Find the header of one sheet and build its table.
fn sheet_source(
    sheet: Sheet,
    place: Place<'_>,
    schema: &Schema,
    opts: &InputOptions,
    issues: &mut Vec<InputIssue>,
) -> Option<XlsxSource> {
    let first = sheet.rows.first().map_or(0, |(r, _)| *r);
    let last = sheet.rows.last().map_or(0, |(r, _)| *r);
    // Rows from the sheet's first row on, blank ones included, count
    // towards the search.
    let tried = HEADER_SEARCH.min((last - first) as usize + 1);
    let mut first_seen: Option<(u64, Vec<String>)> = None;
    let mut found = None;
    for (i, (r, cells)) in sheet.rows.iter().enumerate() {
        if (*r - first) as usize >= HEADER_SEARCH {
            break;
        }
        let mut texts = row_texts(cells, 0, &[]);
        clean_header(&mut texts);
        while texts.last().is_some_and(String::is_empty) {
            texts.pop();
        }
        if texts.is_empty() {
            continue;
        }
        // Sheet rows are 1-based.
        let row = u64::from(*r) + 1;
        if let Some((kind, columns)) = schema.recognise(&texts, opts.forced_kind) {
            found = Some((i, row, texts, kind, columns));
            break;
        }
        if first_seen.is_none() {
            first_seen = Some((row, texts));
        }
    }
    let Some((index, header_row, headers, kind, columns)) = found else {
        let first = first_seen.as_ref().map(|(r, c)| (*r, c.as_slice()));
        issues.push(place.unrecognised(schema, opts, first, tried));
        return None;
    };
    let table = schema.table(kind);
    let mut dates = vec![false; headers.len()];
    for (field, col) in columns.iter().enumerate() {
        if let Some(col) = *col {
            let def = &table.fields[field];
            dates[col] = def.ty == FieldType::Datetime;
        }
    }
    let meta = TableMeta {
        file: place.file.to_owned(),
        sheet: place.sheet.map(str::to_owned),
        format: Format::Xlsx,
        encoding: "UTF-8".to_owned(),
        kind,
        headers,
        header_row,
        columns,
    };
    issues.extend(place.duplicate_headers(schema, &meta));
    let has_data = sheet.rows[index + 1..]
        .iter()
        .any(|(_, r)| !r.iter().all(|(_, d)| is_blank(d)));
    if !has_data {
        issues.push(place.header_only(&meta));
    }
    let mut rows = sheet.rows;
    rows.drain(..=index);
    Some(XlsxSource {
        meta,
        rows: rows.into_iter(),
        dates,
        max_cell_chars: opts.max_cell_chars,
    })
}

/// One worksheet being read.
struct XlsxSource {
    meta: TableMeta,
    /// The rows below the header, sparse.
    rows: std::vec::IntoIter<(u32, Vec<(u32, Data)>)>,
    /// Columns whose field is a date-time: numbers there are Excel serials.
    dates: Vec<bool>,
    max_cell_chars: usize,
}

impl RowSource for XlsxSource {
    fn meta(&self) -> &TableMeta {
        &self.meta
    }

    fn next_chunk(&mut self, max: usize, out: &mut Vec<Row>, issues: &mut Vec<InputIssue>) -> bool {
        let before = out.len();
        let place = Place {
            file: &self.meta.file,
            sheet: self.meta.sheet.as_deref(),
        };
        let width = self.meta.headers.len();
        while out.len() - before < max {
            let Some((r, cells)) = self.rows.next() else {
                break;
            };
            if cells.iter().all(|(_, d)| is_blank(d)) {
                continue;
            }
            let mut texts = row_texts(&cells, width, &self.dates);
            // Empty cells right of the header carry nothing.
            while texts.len() > width && texts.last().is_some_and(String::is_empty) {
                texts.pop();
            }
            let mut row = Row {
                number: u64::from(r) + 1,
                cells: texts,
            };
            place.cap_cells(&self.meta, &mut row, self.max_cell_chars, issues);
            out.push(row);
        }
        out.len() > before
    }
}

/// A cell as text. In a date-time column (`date_col`) a number is an Excel
/// serial and becomes a date-time.
fn cell_text(d: &Data, date_col: bool) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => serial_text(*i as f64, date_col).unwrap_or_else(|| i.to_string()),
        Data::Float(f) => serial_text(*f, date_col).unwrap_or_else(|| number_text(*f)),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
        Data::DateTime(x) if x.is_duration() => duration_text(x.as_f64()),
        Data::DateTime(x) => x
            .as_datetime()
            .map_or_else(|| number_text(x.as_f64()), |dt| datetime::format(&dt)),
        Data::DateTimeIso(s) => {
            datetime::parse(s).map_or_else(|| s.clone(), |dt| datetime::format(&dt))
        }
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => e.to_string(),
    }
}

fn serial_text(value: f64, date_col: bool) -> Option<String> {
    if !date_col {
        return None;
    }
    datetime::from_excel_serial(value).map(|dt| datetime::format(&dt))
}

/// Whole numbers without `.0` (a phone number typed as a number is
/// 13812345678, not 13812345678.0); others in the shortest form that reads
/// back the same.
fn number_text(f: f64) -> String {
    // 2^53: above it an f64 no longer holds every integer.
    if f.fract() == 0.0 && f.abs() < 9_007_199_254_740_992.0 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

/// A duration cell (`[h]:mm:ss`) as `H:MM:SS`.
fn duration_text(days: f64) -> String {
    let total = (days * 86_400.0).round() as i64;
    let sign = if total < 0 { "-" } else { "" };
    let t = total.abs();
    format!("{sign}{}:{:02}:{:02}", t / 3600, t / 60 % 60, t % 60)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::TableKind;
    use rust_xlsxwriter::{ExcelDateTime, Format as XFormat, Workbook};

    struct Got {
        tables: Vec<(TableMeta, Vec<Row>)>,
        issues: Vec<InputIssue>,
    }

    fn read(path: &Path) -> Got {
        let schema = Schema::builtin().unwrap();
        let opened = open(path, "book.xlsx", &schema, &InputOptions::default());
        let mut issues = opened.issues;
        let mut tables = Vec::new();
        for mut t in opened.tables {
            let mut rows = Vec::new();
            while t.next_chunk(1, &mut rows, &mut issues) {}
            tables.push((t.meta().clone(), rows));
        }
        Got { tables, issues }
    }

    #[test]
    fn two_sheets_dates_serials_and_a_non_table_sheet() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("book.xlsx");
        let mut wb = Workbook::new();
        let date_fmt = XFormat::new().set_num_format("yyyy-mm-dd hh:mm:ss");
        {
            let ws = wb.add_worksheet().set_name("工单").unwrap();
            ws.write_string(0, 0, "邵阳市12345工单导出（2024年3月）")
                .unwrap();
            for (c, h) in ["工单编号", "受理时间", "来电号码", "办结时间", "满意度"]
                .iter()
                .enumerate()
            {
                ws.write_string(2, c as u16, *h).unwrap();
            }
            ws.write_string(3, 0, "SY2024031900001").unwrap();
            let dt = ExcelDateTime::from_ymd(2024, 3, 19)
                .unwrap()
                .and_hms(9, 12, 33)
                .unwrap();
            ws.write_datetime_with_format(3, 1, &dt, &date_fmt).unwrap();
            ws.write_number(3, 2, 13_812_345_678.0).unwrap();
            // A serial number without a date format, in a date column.
            ws.write_number(3, 3, 45_371.5).unwrap();
            ws.write_number(3, 4, 4.5).unwrap();
            ws.write_string(5, 0, "SY2024031900002").unwrap();
            ws.write_boolean(5, 4, true).unwrap();
        }
        {
            let ws = wb.add_worksheet().set_name("话单").unwrap();
            for (c, h) in ["话单编号", "主叫号码", "开始时间"].iter().enumerate() {
                ws.write_string(0, c as u16, *h).unwrap();
            }
            ws.write_string(1, 0, "C1").unwrap();
            ws.write_number(1, 1, 13_900_000_000.0).unwrap();
            ws.write_string(1, 2, "2024/3/19 9:12").unwrap();
        }
        {
            let ws = wb.add_worksheet().set_name("说明").unwrap();
            ws.write_string(0, 0, "本表仅供内部使用").unwrap();
        }
        wb.add_worksheet().set_name("空表").unwrap();
        wb.save(&path).unwrap();

        let got = read(&path);
        assert_eq!(got.tables.len(), 2);
        let (meta, rows) = &got.tables[0];
        assert_eq!(meta.sheet.as_deref(), Some("工单"));
        assert_eq!(meta.kind, TableKind::Tickets);
        assert_eq!(meta.header_row, 3);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].number, 4);
        assert_eq!(
            rows[0].cells,
            [
                "SY2024031900001",
                "2024-03-19 09:12:33",
                "13812345678",
                "2024-03-20 12:00:00",
                "4.5"
            ]
        );
        assert_eq!(rows[1].number, 6);
        assert_eq!(rows[1].cell(4), "TRUE");
        let (meta, rows) = &got.tables[1];
        assert_eq!(
            (meta.sheet.as_deref(), meta.kind),
            (Some("话单"), TableKind::Calls)
        );
        assert_eq!(rows[0].cells, ["C1", "13900000000", "2024/3/19 9:12"]);
        // The notes sheet is GD002; the empty sheet is skipped silently.
        assert_eq!(got.issues.len(), 1, "{:?}", got.issues);
        assert_eq!(got.issues[0].code, "GD002");
        assert_eq!(got.issues[0].sheet.as_deref(), Some("说明"));
        assert!(got.issues[0].detail_zh.contains("本表仅供内部使用"));
    }

    #[test]
    fn header_only_sheet_and_duplicate_headers() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("book.xlsx");
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        for (c, h) in ["工单编号", "受理时间", "登记时间"].iter().enumerate() {
            ws.write_string(0, c as u16, *h).unwrap();
        }
        wb.save(&path).unwrap();
        let got = read(&path);
        assert_eq!(got.tables.len(), 1);
        assert!(got.tables[0].1.is_empty());
        let codes: Vec<_> = got.issues.iter().map(|i| (i.code, i.row)).collect();
        assert_eq!(codes, [("GD003", Some(1)), ("GD002", Some(1))]);
    }

    #[test]
    fn broken_workbook_is_gd001() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("book.xlsx");
        let noise: Vec<u8> = (0..5000u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 7) as u8)
            .collect();
        std::fs::write(&path, noise).unwrap();
        let got = read(&path);
        assert!(got.tables.is_empty());
        assert_eq!(got.issues.len(), 1);
        assert_eq!(got.issues[0].code, "GD001");
        assert!(
            got.issues[0]
                .detail_en
                .starts_with("cannot open the workbook"),
            "{}",
            got.issues[0].detail_en
        );
        // A zip that is no workbook is refused the same way.
        std::fs::write(&path, b"PK\x03\x04 truncated").unwrap();
        assert_eq!(read(&path).issues[0].code, "GD001");
    }

    #[test]
    fn rows_are_numbered_from_where_the_sheet_starts() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("book.xlsx");
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        // Data starts at C5: the range does not begin at A1.
        ws.write_string(4, 2, "工单编号").unwrap();
        ws.write_string(4, 3, "办结内容").unwrap();
        ws.write_string(6, 2, "A1").unwrap();
        ws.write_string(6, 3, "已办结").unwrap();
        wb.save(&path).unwrap();
        let got = read(&path);
        let (meta, rows) = &got.tables[0];
        assert_eq!(meta.header_row, 5);
        assert_eq!(rows[0].number, 7);
        assert_eq!(rows[0].cells, ["A1", "已办结"]);
    }

    #[test]
    fn error_and_iso_cells() {
        assert_eq!(
            cell_text(&Data::Error(calamine::CellErrorType::NA), false),
            "#N/A"
        );
        assert_eq!(
            cell_text(&Data::DateTimeIso("2024-03-19T09:12:33".into()), false),
            "2024-03-19 09:12:33"
        );
        assert_eq!(cell_text(&Data::Int(45_370), true), "2024-03-19 00:00:00");
        assert_eq!(cell_text(&Data::Int(45_370), false), "45370");
        // Not a plausible serial: left as the number it is.
        assert_eq!(cell_text(&Data::Float(20_240_319.0), true), "20240319");
    }

    #[test]
    fn number_and_duration_text() {
        assert_eq!(number_text(13_812_345_678.0), "13812345678");
        assert_eq!(number_text(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(number_text(2.5), "2.5");
        assert_eq!(number_text(-0.0), "0");
        assert_eq!(
            duration_text(1.0 / 24.0 + 2.0 / 1440.0 + 3.0 / 86_400.0),
            "1:02:03"
        );
    }
}
