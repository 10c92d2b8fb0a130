//! Stage 1 of the pipeline: files on disk → tables of decoded rows.
//!
//! [`open`] sniffs a path (format, encoding, header row), recognises the table
//! kind from its header through the alias schema in [`fields`], and returns one
//! [`RowSource`] per table (an XLSX file can hold several). Rows stream out in
//! chunks so memory stays flat; problems met while reading are
//! [`InputIssue`]s, never panics.

pub mod csv;
pub mod datetime;
pub mod encoding;
pub mod fields;
pub mod json;
pub mod xlsx;

use std::fmt;
use std::path::Path;

use serde::{Deserialize, Serialize};

pub use fields::{FieldId, Schema};

/// The three tables of an export (SPEC §2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TableKind {
    /// 工单: one row per ticket.
    Tickets,
    /// 话单: one row per call.
    Calls,
    /// 流转记录: one row per action on a ticket.
    Flows,
}

impl TableKind {
    pub const ALL: [TableKind; 3] = [TableKind::Tickets, TableKind::Calls, TableKind::Flows];

    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            TableKind::Tickets => "tickets",
            TableKind::Calls => "calls",
            TableKind::Flows => "flows",
        }
    }

    #[must_use]
    pub fn label_zh(self) -> &'static str {
        match self {
            TableKind::Tickets => "工单表",
            TableKind::Calls => "话单表",
            TableKind::Flows => "流转记录表",
        }
    }

    /// Parse `tickets` / `calls` / `flows` (and the Chinese names).
    #[must_use]
    pub fn parse(s: &str) -> Option<TableKind> {
        match s.trim() {
            "tickets" | "ticket" | "工单" | "工单表" => Some(TableKind::Tickets),
            "calls" | "call" | "话单" | "话单表" => Some(TableKind::Calls),
            "flows" | "flow" | "流转记录" | "流转记录表" => Some(TableKind::Flows),
            _ => None,
        }
    }
}

impl fmt::Display for TableKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// File formats gongdan reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Csv,
    Tsv,
    Xlsx,
    Json,
    Jsonl,
}

/// What `--encoding` asked for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum EncodingChoice {
    /// Detect per file (BOM, UTF-8 validity, chardetng), and per row for GD102.
    #[default]
    Auto,
    Utf8,
    Gb18030,
}

/// Options that shape reading, from the CLI and the config file.
#[derive(Clone, Debug)]
pub struct InputOptions {
    pub encoding: EncodingChoice,
    /// Force the table kind of this file (from `[[files]]` in `gongdan.toml`).
    pub forced_kind: Option<TableKind>,
    /// Cells longer than this many characters are reported (GD003) and cut.
    pub max_cell_chars: usize,
}

impl Default for InputOptions {
    fn default() -> Self {
        InputOptions {
            encoding: EncodingChoice::Auto,
            forced_kind: None,
            max_cell_chars: 32_767, // Excel's own limit for one cell
        }
    }
}

/// Everything known about one table before its rows are read.
#[derive(Clone, Debug)]
pub struct TableMeta {
    /// Display path of the file (relative where possible).
    pub file: String,
    /// Worksheet name for XLSX.
    pub sheet: Option<String>,
    pub format: Format,
    /// Name of the encoding the file was decoded with (`UTF-8`, `GBK`, …).
    pub encoding: String,
    pub kind: TableKind,
    /// Header cells as written in the file.
    pub headers: Vec<String>,
    /// Spreadsheet row of the header (1 unless title rows precede it).
    pub header_row: u64,
    /// Column index of each field of `kind`'s schema, by [`FieldId`].
    pub columns: Vec<Option<usize>>,
}

impl TableMeta {
    /// Column index of a field, if this table has that column.
    #[must_use]
    pub fn column(&self, field: FieldId) -> Option<usize> {
        self.columns.get(field.index()).copied().flatten()
    }

    /// The header text of a column.
    #[must_use]
    pub fn header(&self, col: usize) -> &str {
        self.headers.get(col).map_or("", String::as_str)
    }

    /// JSON pointer of a record's value (JSON and JSON Lines only).
    #[must_use]
    pub fn pointer(&self, row: u64, col: Option<usize>) -> Option<String> {
        let index = row.checked_sub(self.header_row + 1)?;
        let key = col.map(|c| escape_pointer(self.header(c)));
        match (self.format, key) {
            (Format::Json | Format::Jsonl, Some(k)) => Some(format!("/{index}/{k}")),
            (Format::Json | Format::Jsonl, None) => Some(format!("/{index}")),
            _ => None,
        }
    }
}

fn escape_pointer(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// One record: its spreadsheet row number and its cells, decoded to text.
/// Cells line up with [`TableMeta::headers`]; missing trailing cells are "".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Row {
    pub number: u64,
    pub cells: Vec<String>,
}

impl Row {
    /// The cell at `col`, or "" when the row is short.
    #[must_use]
    pub fn cell(&self, col: usize) -> &str {
        self.cells.get(col).map_or("", String::as_str)
    }
}

/// A problem met while reading. The engine turns it into a diagnostic of the
/// rule named by `code` (GD001 unreadable-file, GD002 unrecognised-table,
/// GD003 malformed-row, GD102 mixed-encoding), whose message template fills
/// `{detail}` from here.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputIssue {
    pub code: &'static str,
    pub file: String,
    pub sheet: Option<String>,
    /// Spreadsheet row (or line for JSON Lines), where known.
    pub row: Option<u64>,
    /// 0-based column, where known.
    pub column: Option<usize>,
    /// Column header, where known.
    pub header: Option<String>,
    /// JSON pointer or byte offset, where that is the best place to point at.
    pub pointer: Option<String>,
    pub detail_zh: String,
    pub detail_en: String,
}

impl InputIssue {
    /// An issue about a whole file.
    #[must_use]
    pub fn file(
        code: &'static str,
        file: &str,
        zh: impl Into<String>,
        en: impl Into<String>,
    ) -> Self {
        InputIssue {
            code,
            file: file.to_owned(),
            sheet: None,
            row: None,
            column: None,
            header: None,
            pointer: None,
            detail_zh: zh.into(),
            detail_en: en.into(),
        }
    }

    #[must_use]
    pub fn at_row(mut self, row: u64) -> Self {
        self.row = Some(row);
        self
    }

    #[must_use]
    pub fn in_sheet(mut self, sheet: Option<String>) -> Self {
        self.sheet = sheet;
        self
    }

    #[must_use]
    pub fn at_column(mut self, col: usize, header: &str) -> Self {
        self.column = Some(col);
        self.header = Some(header.to_owned());
        self
    }
}

/// A table whose rows can be pulled in chunks.
pub trait RowSource: Send {
    fn meta(&self) -> &TableMeta;
    /// Append up to `max` rows to `out`, and any problems met to `issues`.
    /// Returns `false` once the table is exhausted (and nothing was appended).
    fn next_chunk(&mut self, max: usize, out: &mut Vec<Row>, issues: &mut Vec<InputIssue>) -> bool;
}

/// What opening one file gave: its tables, and problems that stop a file or
/// sheet from being read (GD001, GD002).
#[derive(Default)]
pub struct Opened {
    pub tables: Vec<Box<dyn RowSource>>,
    pub issues: Vec<InputIssue>,
}

/// Open one file: pick the reader by extension (then by content), decode,
/// find and recognise the header. Never panics; an unreadable file is a GD001
/// issue in the result.
#[must_use]
pub fn open(path: &Path, display: &str, schema: &Schema, opts: &InputOptions) -> Opened {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "xlsx" | "xlsm" | "xls" => xlsx::open(path, display, schema, opts),
        "json" => json::open(path, display, schema, opts, false),
        "jsonl" | "ndjson" => json::open(path, display, schema, opts, true),
        _ => csv::open(path, display, schema, opts, ext == "tsv"),
    }
}

/// Whether a path's extension is one gongdan reads when walking a folder.
#[must_use]
pub fn is_supported(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .is_some_and(|e| {
            matches!(
                e.as_str(),
                "csv" | "tsv" | "txt" | "xlsx" | "xlsm" | "xls" | "json" | "jsonl" | "ndjson"
            )
        })
}

/// An in-memory table, for rule examples and tests: header cells and rows of
/// cells, recognised through the same schema as a file.
pub struct MemorySource {
    meta: TableMeta,
    rows: std::vec::IntoIter<Row>,
}

impl MemorySource {
    /// Build a table from header cells and rows. `None` when the header is
    /// not recognisable as `kind` (or any kind, when `kind` is `None`).
    #[must_use]
    pub fn new(
        file: &str,
        headers: Vec<String>,
        rows: Vec<Vec<String>>,
        schema: &Schema,
        kind: Option<TableKind>,
    ) -> Option<Self> {
        let (kind, columns) = schema.recognise(&headers, kind)?;
        let meta = TableMeta {
            file: file.to_owned(),
            sheet: None,
            format: Format::Csv,
            encoding: "UTF-8".to_owned(),
            kind,
            headers,
            header_row: 1,
            columns,
        };
        let rows: Vec<Row> = rows
            .into_iter()
            .enumerate()
            .map(|(i, cells)| Row {
                number: i as u64 + 2,
                cells,
            })
            .collect();
        Some(MemorySource {
            meta,
            rows: rows.into_iter(),
        })
    }
}

impl RowSource for MemorySource {
    fn meta(&self) -> &TableMeta {
        &self.meta
    }

    fn next_chunk(
        &mut self,
        max: usize,
        out: &mut Vec<Row>,
        _issues: &mut Vec<InputIssue>,
    ) -> bool {
        let before = out.len();
        out.extend(self.rows.by_ref().take(max));
        out.len() > before
    }
}
