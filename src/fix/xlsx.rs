//! XLSX copy: every worksheet is read with calamine and written again with
//! rust_xlsxwriter, in the same order and under the same names, cell by cell
//! by value: text stays text, numbers numbers, booleans booleans, dates
//! dates (with a date format). Only string cells of recognised tables are
//! fixed. rust_xlsxwriter cannot copy formatting, formulas (their last value
//! is kept), merged cells, column widths or charts: a workbook with no
//! change is therefore copied byte for byte instead.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use calamine::{Data, Reader, SheetType, open_workbook_auto};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};

use super::{Change, Fixer, Skip, TablePlan};
use crate::input::TableMeta;

fn xlsx_err(e: XlsxError) -> Skip {
    Skip::Io(std::io::Error::other(e))
}

/// Fix a workbook. `tables` are its recognised sheets (by sheet name).
///
/// # Errors
/// The workbook cannot be read again or written.
pub fn fix(
    path: &Path,
    tables: &[(TableMeta, TablePlan)],
    fixer: &Fixer,
    out: &mut dyn Write,
    changes: &mut Vec<Change>,
) -> Result<(), Skip> {
    let xlsx = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    if !xlsx {
        return Err(Skip::NotXlsx);
    }
    let mut book = open_workbook_auto(path).map_err(|_| Skip::Unreadable)?;
    let names: Vec<String> = book
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .map(|s| s.name.clone())
        .collect();
    let by_sheet: HashMap<&str, &(TableMeta, TablePlan)> = tables
        .iter()
        .filter_map(|t| t.0.sheet.as_deref().map(|s| (s, t)))
        .collect();
    let mut workbook = Workbook::new();
    // A fixed creation time: the same input gives a byte-identical copy.
    let created = ExcelDateTime::from_ymd(2000, 1, 1).map_err(xlsx_err)?;
    workbook.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let datetime = Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let duration = Format::new().set_num_format("[h]:mm:ss");
    let before = changes.len();
    for name in names {
        let range = book.worksheet_range(&name).map_err(|_| Skip::Unreadable)?;
        let ws = workbook.add_worksheet();
        ws.set_name(&name).map_err(xlsx_err)?;
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let table = by_sheet.get(name.as_str());
        for (i, cells) in range.rows().enumerate() {
            let row = r0 + i as u32;
            let sheet_row = u64::from(row) + 1;
            let data_row = table.is_some_and(|(m, _)| sheet_row > m.header_row);
            let ticket = match table {
                Some((_, p)) if data_row => p
                    .ticket_col
                    .and_then(|c| cells.get(c))
                    .map(|d| match d {
                        Data::String(s) => s.trim().to_owned(),
                        other => other.to_string(),
                    })
                    .unwrap_or_default(),
                _ => String::new(),
            };
            for (j, d) in cells.iter().enumerate() {
                let col = u16::try_from(c0 as usize + j).map_err(|_| Skip::Unreadable)?;
                match d {
                    Data::Empty => {}
                    Data::String(s) => {
                        let mut text = s.as_str();
                        let fixed;
                        if let Some((meta, plan)) = table.filter(|_| data_row)
                            && j < meta.headers.len()
                            && let Some(fix) = fixer.fix_cell(plan, j, s)
                        {
                            changes.push(Change {
                                file: meta.file.clone(),
                                sheet: Some(name.clone()),
                                row: sheet_row,
                                column: meta.header(j).to_owned(),
                                ticket_id: ticket.clone(),
                                rule: fix.rule,
                                fix: fix.fix,
                                class: fix.class,
                                before: s.clone(),
                                after: fix.after.clone(),
                                personal: plan.personal(j),
                            });
                            fixed = fix.after;
                            text = &fixed;
                        }
                        ws.write_string(row, col, text).map_err(xlsx_err)?;
                    }
                    Data::Float(f) => {
                        ws.write_number(row, col, *f).map_err(xlsx_err)?;
                    }
                    Data::Int(n) => {
                        ws.write_number(row, col, *n as f64).map_err(xlsx_err)?;
                    }
                    Data::Bool(b) => {
                        ws.write_boolean(row, col, *b).map_err(xlsx_err)?;
                    }
                    Data::DateTime(x) => {
                        let v = x.as_f64();
                        let fmt = if x.is_duration() {
                            &duration
                        } else if v.fract() == 0.0 {
                            &date
                        } else {
                            &datetime
                        };
                        ws.write_number_with_format(row, col, v, fmt)
                            .map_err(xlsx_err)?;
                    }
                    Data::DateTimeIso(s) | Data::DurationIso(s) => {
                        ws.write_string(row, col, s).map_err(xlsx_err)?;
                    }
                    Data::Error(e) => {
                        ws.write_string(row, col, e.to_string()).map_err(xlsx_err)?;
                    }
                }
            }
        }
    }
    if changes.len() == before {
        let bytes = std::fs::read(path)?;
        return out.write_all(&bytes).map_err(Skip::Io);
    }
    let bytes = workbook.save_to_buffer().map_err(xlsx_err)?;
    out.write_all(&bytes).map_err(Skip::Io)
}
