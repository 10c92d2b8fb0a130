//! Writers: rows to CSV (GBK / UTF-8 / UTF-8 with BOM, LF or CRLF), XLSX
//! (constant-memory workbooks), JSON and JSON Lines, each as they come.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDateTime, Timelike};
use encoding_rs::GBK;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};

use super::{Cell, Kind, LABELS_FILE, Label, Options, OutFormat, Sink, TextEncoding};

/// Excel's last row index is 1_048_575; row 0 is the header.
const XLSX_MAX_DATA_ROWS: u32 = 1_048_575;

trait TableOut {
    fn write_row(&mut self, cells: &[Cell]) -> io::Result<()>;
    fn finish(self: Box<Self>) -> io::Result<()>;
}

pub(super) struct FileSink {
    tables: [Box<dyn TableOut>; 3],
    labels: BufWriter<File>,
    files: Vec<PathBuf>,
}

impl FileSink {
    pub(super) fn create(
        opts: &Options,
        dir: &Path,
        headers: [&Vec<String>; 3],
    ) -> io::Result<FileSink> {
        let names = ["tickets", "calls", "flows"];
        let sheets = ["工单", "话单", "流转记录"];
        let mut files = Vec::new();
        let mut outs: Vec<Box<dyn TableOut>> = Vec::new();
        for i in 0..3 {
            let path = dir.join(format!("{}.{}", names[i], opts.format.ext()));
            let out: Box<dyn TableOut> = match opts.format {
                OutFormat::Csv => Box::new(CsvOut::create(&path, headers[i], opts)?),
                OutFormat::Json => Box::new(JsonOut::create(&path, headers[i], false)?),
                OutFormat::Jsonl => Box::new(JsonOut::create(&path, headers[i], true)?),
                OutFormat::Xlsx => Box::new(XlsxOut::create(&path, headers[i], sheets[i], opts)?),
            };
            files.push(path);
            outs.push(out);
        }
        let label_path = dir.join(LABELS_FILE);
        let labels = BufWriter::new(File::create(&label_path)?);
        files.push(label_path);
        let mut it = outs.into_iter();
        let (Some(a), Some(b), Some(c)) = (it.next(), it.next(), it.next()) else {
            return Err(io::Error::other("three tables expected"));
        };
        Ok(FileSink {
            tables: [a, b, c],
            labels,
            files,
        })
    }

    pub(super) fn finish(self) -> io::Result<Vec<PathBuf>> {
        for t in self.tables {
            t.finish()?;
        }
        let mut l = self.labels;
        l.flush()?;
        Ok(self.files)
    }
}

impl Sink for FileSink {
    fn row(&mut self, kind: Kind, cells: &[Cell]) -> io::Result<()> {
        let i = match kind {
            Kind::Tickets => 0,
            Kind::Calls => 1,
            Kind::Flows => 2,
        };
        self.tables[i].write_row(cells)
    }

    fn label(&mut self, label: &Label) -> io::Result<()> {
        serde_json::to_writer(&mut self.labels, label)?;
        self.labels.write_all(b"\n")
    }
}

// ------------------------------------------------------------ CSV

struct CsvOut {
    w: BufWriter<File>,
    gbk: bool,
    eol: &'static str,
    line: String,
}

impl CsvOut {
    fn create(path: &Path, headers: &[String], opts: &Options) -> io::Result<CsvOut> {
        let mut w = BufWriter::with_capacity(1 << 16, File::create(path)?);
        if opts.encoding == TextEncoding::Utf8Bom {
            w.write_all(b"\xEF\xBB\xBF")?;
        }
        let mut out = CsvOut {
            w,
            gbk: opts.encoding == TextEncoding::Gbk,
            eol: if opts.crlf { "\r\n" } else { "\n" },
            line: String::new(),
        };
        let cells: Vec<Cell> = headers.iter().map(|h| Cell::Text(h.clone())).collect();
        out.write_row(&cells)?;
        Ok(out)
    }
}

/// Quote a field when it holds a comma, quote, line break or edge space.
fn push_csv_field(line: &mut String, s: &str) {
    let quote = s.contains([',', '"', '\n', '\r']) || s.starts_with(' ') || s.ends_with(' ');
    if quote {
        line.push('"');
        line.push_str(&s.replace('"', "\"\""));
        line.push('"');
    } else {
        line.push_str(s);
    }
}

impl TableOut for CsvOut {
    fn write_row(&mut self, cells: &[Cell]) -> io::Result<()> {
        self.line.clear();
        for (i, c) in cells.iter().enumerate() {
            if i > 0 {
                self.line.push(',');
            }
            push_csv_field(&mut self.line, &c.render());
        }
        self.line.push_str(self.eol);
        if self.gbk {
            // The generator only puts GBK-encodable text in GBK output.
            let (bytes, _, _) = GBK.encode(&self.line);
            self.w.write_all(&bytes)
        } else {
            self.w.write_all(self.line.as_bytes())
        }
    }

    fn finish(self: Box<Self>) -> io::Result<()> {
        let mut w = self.w;
        w.flush()
    }
}

// ------------------------------------------------------------ JSON

struct JsonOut {
    w: BufWriter<File>,
    headers: Vec<String>,
    lines: bool,
    first: bool,
}

impl JsonOut {
    fn create(path: &Path, headers: &[String], lines: bool) -> io::Result<JsonOut> {
        let mut w = BufWriter::with_capacity(1 << 16, File::create(path)?);
        if !lines {
            w.write_all(b"[")?;
        }
        Ok(JsonOut {
            w,
            headers: headers.to_vec(),
            lines,
            first: true,
        })
    }
}

impl TableOut for JsonOut {
    fn write_row(&mut self, cells: &[Cell]) -> io::Result<()> {
        let mut obj = serde_json::Map::new();
        for (h, c) in self.headers.iter().zip(cells) {
            let v = match c {
                Cell::Int(n) => serde_json::Value::from(*n),
                other => serde_json::Value::String(other.render()),
            };
            obj.insert(h.clone(), v);
        }
        if !self.lines {
            self.w.write_all(if self.first { b"\n" } else { b",\n" })?;
        }
        self.first = false;
        serde_json::to_writer(&mut self.w, &obj)?;
        if self.lines {
            self.w.write_all(b"\n")?;
        }
        Ok(())
    }

    fn finish(self: Box<Self>) -> io::Result<()> {
        let mut w = self.w;
        if !self.lines {
            w.write_all(b"\n]\n")?;
        }
        w.flush()
    }
}

// ------------------------------------------------------------ XLSX

struct XlsxOut {
    wb: Workbook,
    path: PathBuf,
    sheet_name: String,
    headers: Vec<String>,
    sheet: usize,
    row: u32,
    date: Format,
}

fn xerr(e: rust_xlsxwriter::XlsxError) -> io::Error {
    io::Error::other(e.to_string())
}

fn excel_time(t: NaiveDateTime) -> Result<ExcelDateTime, rust_xlsxwriter::XlsxError> {
    let y = u16::try_from(t.year()).unwrap_or(1900);
    #[allow(clippy::cast_possible_truncation)]
    ExcelDateTime::from_ymd(y, t.month() as u8, t.day() as u8)?.and_hms(
        t.hour() as u16,
        t.minute() as u8,
        t.second(),
    )
}

impl XlsxOut {
    fn create(
        path: &Path,
        headers: &[String],
        sheet_name: &str,
        opts: &Options,
    ) -> io::Result<XlsxOut> {
        let mut wb = Workbook::new();
        // A fixed creation time keeps the file byte-identical across runs.
        let created = ExcelDateTime::from_ymd(u16::try_from(opts.year).unwrap_or(2024), 1, 1)
            .map_err(xerr)?;
        wb.set_properties(&DocProperties::new().set_creation_datetime(&created));
        let mut out = XlsxOut {
            wb,
            path: path.to_path_buf(),
            sheet_name: sheet_name.to_string(),
            headers: headers.to_vec(),
            sheet: 0,
            row: 0,
            date: Format::new().set_num_format("yyyy-mm-dd hh:mm:ss"),
        };
        out.new_sheet()?;
        Ok(out)
    }

    fn new_sheet(&mut self) -> io::Result<()> {
        let name = if self.sheet == 0 {
            self.sheet_name.clone()
        } else {
            format!("{}{}", self.sheet_name, self.sheet + 1)
        };
        let ws = self.wb.add_worksheet_with_constant_memory();
        ws.set_name(name).map_err(xerr)?;
        for (c, h) in self.headers.iter().enumerate() {
            let col = u16::try_from(c).map_err(io::Error::other)?;
            ws.write_string(0, col, h).map_err(xerr)?;
        }
        self.sheet += 1;
        self.row = 0;
        Ok(())
    }
}

impl TableOut for XlsxOut {
    fn write_row(&mut self, cells: &[Cell]) -> io::Result<()> {
        if self.row >= XLSX_MAX_DATA_ROWS {
            self.new_sheet()?;
        }
        self.row += 1;
        let row = self.row;
        let ws = self.wb.worksheet_from_index(self.sheet - 1).map_err(xerr)?;
        for (c, cell) in cells.iter().enumerate() {
            let col = u16::try_from(c).map_err(io::Error::other)?;
            match cell {
                Cell::Text(s) if s.is_empty() => {}
                Cell::Text(s) => {
                    ws.write_string(row, col, s).map_err(xerr)?;
                }
                Cell::Int(n) => {
                    #[allow(clippy::cast_precision_loss)]
                    ws.write_number(row, col, *n as f64).map_err(xerr)?;
                }
                Cell::Time(t) => {
                    let dt = excel_time(*t).map_err(xerr)?;
                    ws.write_datetime_with_format(row, col, &dt, &self.date)
                        .map_err(xerr)?;
                }
            }
        }
        Ok(())
    }

    fn finish(self: Box<Self>) -> io::Result<()> {
        let mut wb = self.wb;
        wb.save(&self.path).map_err(xerr)
    }
}
