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
pub mod values;
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

// ---- Limits on hostile input. Each is met with a finding that names the
// file and the place (GD001 for the file, GD003 for the row), never with a
// crash or unbounded memory; the run goes on with the other files. See the
// README section "Limits and hostile input".

/// Longest cell, in characters, before it is cut for the checks (GD003).
/// Excel's own limit for one cell.
pub const MAX_CELL_CHARS: usize = 32_767;
/// Most columns a table may have (Excel's own limit, column XFD). A header
/// or row wider than this is cut there (GD003).
pub const MAX_COLUMNS: usize = 16_384;
/// Largest uncompressed size of one XLSX part (a worksheet, the shared
/// strings): a zip bomb stops here with GD001 before it is inflated.
pub const MAX_XLSX_PART_BYTES: u64 = 1 << 30;
/// Largest compression ratio of an XLSX part above [`XLSX_RATIO_FROM`]
/// bytes. Real sheets compress 5–20×; a bomb compresses a thousandfold.
pub const MAX_XLSX_RATIO: u64 = 200;
/// Parts below this uncompressed size are not held to [`MAX_XLSX_RATIO`].
pub const XLSX_RATIO_FROM: u64 = 32 << 20;
/// Most non-empty cells one worksheet may hold (about a million rows of 50
/// columns); past it the sheet is GD001 rather than exhausting memory.
pub const MAX_XLSX_CELLS: usize = 60_000_000;
/// Largest JSON record (an array element, a JSON Lines line), in bytes:
/// a bigger one is skipped with GD003 rather than held in memory.
pub const MAX_RECORD_BYTES: usize = 64 << 20;
/// Deepest nesting of JSON arrays and objects (serde_json's own recursion
/// limit): deeper input is GD001/GD003 naming the line and column, never a
/// stack overflow.
pub const MAX_JSON_DEPTH: usize = 128;

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
            max_cell_chars: MAX_CELL_CHARS,
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
    // A pipe or a device (`/dev/zero`, a FIFO named `.csv`) would block or
    // never end: only regular files are read. Errors (a missing file) are
    // left to the readers, which name them.
    if let Ok(m) = std::fs::metadata(path) {
        if !m.is_file() {
            let place = Place {
                file: display,
                sheet: None,
            };
            let mut opened = Opened::default();
            opened.issues.push(place.issue(
                "GD001",
                "不是普通文件（是目录、管道或设备），未读取",
                "not a regular file (a folder, pipe or device); not read",
            ));
            return opened;
        }
    }
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
/// A `.txt` file is read only when named on the command line: in a folder
/// it is far more often a note than a tab-separated export.
#[must_use]
pub fn is_supported(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .is_some_and(|e| {
            matches!(
                e.as_str(),
                "csv" | "tsv" | "xlsx" | "xlsm" | "xls" | "json" | "jsonl" | "ndjson"
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

// ---- Helpers shared by the readers (csv, xlsx, json).

/// Where a reader stands in a file, for building issues.
#[derive(Clone, Copy)]
pub(crate) struct Place<'a> {
    pub file: &'a str,
    pub sheet: Option<&'a str>,
}

impl Place<'_> {
    pub(crate) fn issue(
        &self,
        code: &'static str,
        zh: impl Into<String>,
        en: impl Into<String>,
    ) -> InputIssue {
        InputIssue::file(code, self.file, zh, en).in_sheet(self.sheet.map(str::to_owned))
    }

    /// "文件" / "the file", or the sheet named.
    fn what(&self) -> (String, String) {
        match self.sheet {
            Some(s) => (format!("工作表「{s}」"), format!("sheet '{s}'")),
            None => ("文件".to_owned(), "the file".to_owned()),
        }
    }

    /// GD002 for a file or sheet with no rows at all.
    pub(crate) fn empty(&self, schema: &Schema, opts: &InputOptions) -> InputIssue {
        let (zh, en) = self.what();
        let (ezh, een) = expected_headers(schema, opts.forced_kind);
        self.issue(
            "GD002",
            format!("{zh}是空的，没有表头也没有数据；{ezh}"),
            format!("{en} is empty: no header, no data; {een}"),
        )
    }

    /// GD002 for a header that matches no table kind. `first` is the first
    /// non-empty row seen (its row number and cells), to show what was found.
    pub(crate) fn unrecognised(
        &self,
        schema: &Schema,
        opts: &InputOptions,
        first: Option<(u64, &[String])>,
        tried: usize,
    ) -> InputIssue {
        let (zh, en) = self.what();
        let (ezh, een) = expected_headers(schema, opts.forced_kind);
        match first {
            Some((row, cells)) => {
                let shown: Vec<&str> = cells
                    .iter()
                    .map(String::as_str)
                    .filter(|c| !c.is_empty())
                    .take(8)
                    .collect();
                let more = if cells.len() > 8 { "…" } else { "" };
                self.issue(
                    "GD002",
                    format!("{zh}前 {tried} 行中没有可识别的表头（第 {row} 行为「{}{more}」），已跳过；{ezh}", shown.join("、")),
                    format!(
                        "no recognisable header in the first {tried} rows of {en} (row {row} is \"{}{more}\"); skipped; {een}",
                        shown.join(", ")
                    ),
                )
                .at_row(row)
            }
            None => self.issue(
                "GD002",
                format!("{zh}没有可识别的表头，已跳过；{ezh}"),
                format!("no recognisable header in {en}; skipped; {een}"),
            ),
        }
    }

    /// GD002 for a header without any data row (the table is still returned).
    pub(crate) fn header_only(&self, meta: &TableMeta) -> InputIssue {
        let (zh, en) = self.what();
        self.issue(
            "GD002",
            format!(
                "{zh}只有表头（第 {} 行，识别为{}），没有数据行",
                meta.header_row,
                meta.kind.label_zh()
            ),
            format!(
                "{en} has only a header (row {}, recognised as {}) and no data rows",
                meta.header_row, meta.kind
            ),
        )
        .at_row(meta.header_row)
    }

    /// GD003 for header cells that name the same field or repeat the same
    /// text; the first column wins.
    pub(crate) fn duplicate_headers(&self, schema: &Schema, meta: &TableMeta) -> Vec<InputIssue> {
        let (_, dups) = schema.table(meta.kind).map_columns(&meta.headers);
        let mut issues = Vec::new();
        let mut reported = Vec::new();
        for (field, first, later) in dups {
            let name = &schema.table(meta.kind).def(field).header;
            issues.push(self.dup_issue(meta, first, later, Some(name)));
            reported.push(later);
        }
        // Identical unknown columns: kept, but say so since only one is read.
        // A map of first positions keeps this linear: a hostile header may
        // have thousands of columns.
        let mut first_of: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for (later, h) in meta.headers.iter().enumerate() {
            if h.is_empty() {
                continue;
            }
            let first = *first_of.entry(h.as_str()).or_insert(later);
            if first != later && !reported.contains(&later) {
                issues.push(self.dup_issue(meta, first, later, None));
            }
        }
        issues
    }

    fn dup_issue(
        &self,
        meta: &TableMeta,
        first: usize,
        later: usize,
        field: Option<&str>,
    ) -> InputIssue {
        let (a, b) = (meta.header(first), meta.header(later));
        let (fzh, fen) = field.map_or((String::new(), String::new()), |f| {
            (
                format!("都对应字段「{f}」，"),
                format!("both map to field '{f}'; "),
            )
        });
        self.issue(
            "GD003",
            format!(
                "表头重复：第 {} 列「{b}」与第 {} 列「{a}」{fzh}以第 {} 列为准",
                later + 1,
                first + 1,
                first + 1
            ),
            format!(
                "duplicate header: column {} '{b}' repeats column {} '{a}'; {fen}column {} is used",
                later + 1,
                first + 1,
                first + 1
            ),
        )
        .at_row(meta.header_row)
        .at_column(later, b)
    }

    /// GD003 when a row has more than [`MAX_COLUMNS`] cells; the rest are
    /// dropped so a hostile row cannot make every later step wide.
    pub(crate) fn cap_columns(&self, row: &mut Row, issues: &mut Vec<InputIssue>) {
        if row.cells.len() <= MAX_COLUMNS {
            return;
        }
        let n = row.cells.len();
        row.cells.truncate(MAX_COLUMNS);
        row.cells.shrink_to_fit();
        issues.push(
            self.issue(
                "GD003",
                format!("第 {} 行有 {n} 列，超过上限 {MAX_COLUMNS} 列，其后的列已忽略；请检查分隔符或导出设置", row.number),
                format!("row {} has {n} columns, over the limit of {MAX_COLUMNS}; the columns after it are ignored; check the delimiter or the export settings", row.number),
            )
            .at_row(row.number),
        );
    }

    /// GD003 for each cell over `max` characters, which is cut to `max`.
    pub(crate) fn cap_cells(
        &self,
        meta: &TableMeta,
        row: &mut Row,
        max: usize,
        issues: &mut Vec<InputIssue>,
    ) {
        for (col, cell) in row.cells.iter_mut().enumerate() {
            // Bytes ≥ chars, so short cells skip the char count.
            if cell.len() <= max {
                continue;
            }
            let chars = cell.chars().count();
            if chars <= max {
                continue;
            }
            if let Some((cut, _)) = cell.char_indices().nth(max) {
                cell.truncate(cut);
            }
            let header = meta.header(col);
            issues.push(
                self.issue(
                    "GD003",
                    format!("第 {} 行「{header}」列的单元格有 {chars} 个字符，超过上限 {max}，已截断", row.number),
                    format!("row {} column '{header}': cell has {chars} characters, over the limit of {max}; cut", row.number),
                )
                .at_row(row.number)
                .at_column(col, header),
            );
        }
    }
}

/// "expected headers" text of GD002, per kind tried.
fn expected_headers(schema: &Schema, forced: Option<TableKind>) -> (String, String) {
    let kinds: Vec<TableKind> = forced.map_or_else(|| TableKind::ALL.to_vec(), |k| vec![k]);
    let mut zh = Vec::new();
    let mut en = Vec::new();
    for k in kinds {
        let h = schema.table(k).expected_headers();
        let Some((first, rest)) = h.split_first() else {
            continue;
        };
        zh.push(format!(
            "{}须有「{first}」及「{}」之一",
            k.label_zh(),
            rest.join("、")
        ));
        en.push(format!(
            "{k} need '{first}' and one of '{}'",
            rest.join("', '")
        ));
    }
    (
        format!("期望的表头：{}", zh.join("；")),
        format!("expected headers: {}", en.join("; ")),
    )
}

/// Header cells as matched: trimmed, without a BOM.
pub(crate) fn clean_header(cells: &mut [String]) {
    for c in cells {
        let t = c.trim_matches(|ch: char| ch.is_whitespace() || ch == '\u{feff}');
        if t.len() != c.len() {
            *c = t.to_owned();
        }
    }
}
