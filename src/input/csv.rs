//! CSV/TSV reader: streams records off disk with the `csv` crate on raw
//! bytes, decodes each record once (see [`super::encoding`]), finds the header
//! below any title rows, and hands out rows numbered as a spreadsheet numbers
//! them.
//!
//! Parsing bytes rather than text is safe for GBK/GB18030 and Big5: their
//! trail bytes never collide with `,` `"` TAB CR LF.

use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, Cursor, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use csv::ByteRecord;

use super::encoding::{self, Detection, FileEncoding, Sniffed, Utf16Reader};
use super::{
    Format, InputIssue, InputOptions, Opened, Place, Row, RowSource, Schema, TableMeta,
    clean_header,
};

/// How many records may precede the header (export titles, dates, notes).
const HEADER_SEARCH: usize = 10;

/// Open a CSV (or TSV, or delimited `.txt`) file.
#[must_use]
pub fn open(path: &Path, display: &str, schema: &Schema, opts: &InputOptions, tsv: bool) -> Opened {
    let place = Place {
        file: display,
        sheet: None,
    };
    let mut opened = Opened::default();
    match open_source(path, place, schema, opts, tsv, &mut opened.issues) {
        Ok(Some(source)) => opened.tables.push(Box::new(source)),
        Ok(None) => {}
        Err(issue) => opened.issues.push(*issue),
    }
    opened
}

fn io_issue(place: Place<'_>, e: &io::Error) -> InputIssue {
    place.issue(
        "GD001",
        format!("无法读取文件：{e}"),
        format!("cannot read the file: {e}"),
    )
}

fn open_source(
    path: &Path,
    place: Place<'_>,
    schema: &Schema,
    opts: &InputOptions,
    tsv: bool,
    issues: &mut Vec<InputIssue>,
) -> Result<Option<CsvSource>, Box<InputIssue>> {
    let mut file = File::open(path).map_err(|e| io_issue(place, &e))?;
    let mut head = Vec::with_capacity(encoding::SNIFF_LEN);
    (&mut file)
        .take(encoding::SNIFF_LEN as u64)
        .read_to_end(&mut head)
        .map_err(|e| io_issue(place, &e))?;
    let complete = head.len() < encoding::SNIFF_LEN;
    let mut det = match encoding::sniff(&head, complete, opts.encoding) {
        Sniffed::Text(d) => d,
        Sniffed::Binary { zh, en } => return Err(Box::new(place.issue("GD001", zh, en))),
        Sniffed::Empty => return Err(Box::new(place.empty(schema, opts))),
    };
    let utf16 = matches!(det.encoding, FileEncoding::Utf16Le | FileEncoding::Utf16Be);
    let delimiter = if tsv {
        b'\t'
    } else if utf16 {
        sniff_delimiter(det.decode_all(&head).as_bytes())
    } else {
        sniff_delimiter(&head[det.bom_len..])
    };
    let mut start = Cursor::new(head);
    start.set_position(det.bom_len as u64);
    let body = start.chain(file);
    let stream: Box<dyn Read + Send> = if utf16 {
        Box::new(Utf16Reader::new(body, det.encoding))
    } else {
        Box::new(body)
    };
    let reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .buffer_capacity(64 * 1024)
        .from_reader(stream);
    let mut records = Records::new(reader);

    // The header: the first of the leading records that names a table kind.
    let mut first_seen: Option<(u64, Vec<String>)> = None;
    let mut tried = 0;
    let mut found = None;
    while tried < HEADER_SEARCH {
        let Some(row) = records.next().map_err(|e| io_issue(place, &e))? else {
            break;
        };
        tried += 1;
        let rec = records.current();
        det.settle(rec.as_slice());
        let mut cells = Vec::with_capacity(rec.len());
        det.decode_record(rec.as_slice(), field_ranges(rec), &mut cells);
        if cells.len() > super::MAX_COLUMNS {
            let mut wide = Row { number: row, cells };
            place.cap_columns(&mut wide, issues);
            cells = wide.cells;
        }
        clean_header(&mut cells);
        if cells.iter().all(String::is_empty) {
            continue;
        }
        if let Some((kind, columns)) = schema.recognise(&cells, opts.forced_kind) {
            found = Some((row, cells, kind, columns));
            break;
        }
        if first_seen.is_none() {
            first_seen = Some((row, cells));
        }
    }
    let Some((header_row, headers, kind, columns)) = found else {
        return Err(Box::new(match first_seen {
            None => place.empty(schema, opts),
            Some((row, cells)) => place.unrecognised(schema, opts, Some((row, &cells)), tried),
        }));
    };
    let meta = TableMeta {
        file: place.file.to_owned(),
        sheet: None,
        format: if delimiter == b'\t' {
            Format::Tsv
        } else {
            Format::Csv
        },
        encoding: det.name.to_owned(),
        kind,
        headers,
        header_row,
        columns,
    };
    issues.extend(place.duplicate_headers(schema, &meta));
    let peeked = records.next().map_err(|e| io_issue(place, &e))?;
    if peeked.is_none() {
        issues.push(place.header_only(&meta));
    }
    Ok(Some(CsvSource {
        meta,
        det,
        records,
        peeked,
        done: false,
        max_cell_chars: opts.max_cell_chars,
        // Re-opened at the end to check for an unterminated quote; the
        // transcoded UTF-16 stream has no file offsets to seek to.
        path: (!utf16).then(|| path.to_path_buf()),
        delimiter,
        pending: VecDeque::new(),
    }))
}

/// Tab or comma: whichever is more frequent outside quotes in the first
/// lines (title rows above the header usually have neither).
pub(crate) fn sniff_delimiter(head: &[u8]) -> u8 {
    let (mut tabs, mut commas, mut lines, mut quoted) = (0usize, 0usize, 0, false);
    for &b in head {
        match b {
            b'"' => quoted = !quoted,
            b'\t' if !quoted => tabs += 1,
            b',' if !quoted => commas += 1,
            b'\n' if !quoted => {
                lines += 1;
                if lines == HEADER_SEARCH + 2 {
                    break;
                }
            }
            _ => {}
        }
    }
    if tabs > commas { b'\t' } else { b',' }
}

pub(crate) fn field_ranges(
    rec: &ByteRecord,
) -> impl Iterator<Item = std::ops::Range<usize>> + Clone + '_ {
    (0..rec.len()).filter_map(move |i| rec.range(i))
}

/// Records with their spreadsheet row numbers.
///
/// `csv` skips blank lines and a record may span lines (quoted newlines);
/// a spreadsheet shows a blank line as an empty row and a record as one
/// row. A record's position is where the parser resumed after the previous
/// record, so the lines it consumed are its leading blank lines, its own
/// newlines and its terminator: row = previous row + 1 + blank lines. The
/// newlines are only counted when a record took more than one line.
pub(crate) struct Records {
    reader: csv::Reader<Box<dyn Read + Send>>,
    record: ByteRecord,
    prev_row: u64,
    /// Start of the last record read, kept past the end of the input
    /// (a failed read clears the record).
    last_byte: u64,
}

impl Records {
    pub(crate) fn new(reader: csv::Reader<Box<dyn Read + Send>>) -> Self {
        Records {
            reader,
            record: ByteRecord::new(),
            prev_row: 0,
            last_byte: 0,
        }
    }

    pub(crate) fn current(&self) -> &ByteRecord {
        &self.record
    }

    /// Read the next record; its row number, or `None` at the end.
    pub(crate) fn next(&mut self) -> io::Result<Option<u64>> {
        if !self
            .reader
            .read_byte_record(&mut self.record)
            .map_err(io::Error::other)?
        {
            return Ok(None);
        }
        let (start, byte) = self
            .record
            .position()
            .map_or((0, 0), |p| (p.line(), p.byte()));
        self.last_byte = byte;
        let consumed = self.reader.position().line().saturating_sub(start);
        let blank = if consumed == 1 {
            0
        } else {
            let newlines = self
                .record
                .as_slice()
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u64;
            // Saturates on a last line without terminator (one line short).
            consumed.saturating_sub(newlines + 1)
        };
        self.prev_row += 1 + blank;
        Ok(Some(self.prev_row))
    }

    /// Byte offset (in the parsed stream) where the current record starts.
    pub(crate) fn current_byte(&self) -> u64 {
        self.last_byte
    }
}

/// A CSV table being read.
struct CsvSource {
    meta: TableMeta,
    det: Detection,
    records: Records,
    /// A record already read (to tell a header-only file) and not yet returned.
    peeked: Option<u64>,
    done: bool,
    max_cell_chars: usize,
    path: Option<PathBuf>,
    delimiter: u8,
    /// Issues found at the end of the file, reported with the next chunk.
    pending: VecDeque<InputIssue>,
}

impl CsvSource {
    fn place(&self) -> Place<'_> {
        Place {
            file: &self.meta.file,
            sheet: None,
        }
    }

    /// Decode the current record into a row and check its shape.
    fn row(&mut self, number: u64, issues: &mut Vec<InputIssue>) -> Option<Row> {
        let rec = self.records.current();
        let bytes = rec.as_slice();
        if self.det.settle(bytes) {
            self.meta.encoding = self.det.name.to_owned();
        }
        // `,,,,` lines (common at the end of Excel-saved CSVs) are no record.
        if bytes.is_empty() {
            return None;
        }
        let place = self.place();
        let mut cells = Vec::with_capacity(rec.len());
        if let Some(other) = self.det.decode_record(bytes, field_ranges(rec), &mut cells) {
            issues.push(
                place
                    .issue(
                        "GD102",
                        format!("第 {number} 行按 {other} 解码，而文件其余部分是 {}：可能是不同编码的导出拼接而成", self.det.name),
                        format!(
                            "row {number} decodes as {other} while the file is {}: probably exports in different encodings joined together",
                            self.det.name
                        ),
                    )
                    .at_row(number),
            );
        }
        if bytes.contains(&0) {
            self.strip_nuls(number, &mut cells, issues);
        }
        let width = self.meta.headers.len();
        if cells.len() > width && cells[width..].iter().all(String::is_empty) {
            // Trailing empty fields (a trailing delimiter) carry nothing.
            cells.truncate(width);
        }
        if cells.len() != width {
            let n = cells.len();
            let (zh, en) = if n > width {
                (
                    format!("第 {number} 行有 {n} 个字段，表头只有 {width} 列"),
                    format!("row {number} has {n} fields but the header has {width} columns"),
                )
            } else {
                (
                    format!("第 {number} 行只有 {n} 个字段，表头有 {width} 列"),
                    format!("row {number} has only {n} fields but the header has {width} columns"),
                )
            };
            issues.push(place.issue("GD003", zh, en).at_row(number));
        }
        let mut row = Row { number, cells };
        place.cap_columns(&mut row, issues);
        place.cap_cells(&self.meta, &mut row, self.max_cell_chars, issues);
        Some(row)
    }

    fn strip_nuls(&self, number: u64, cells: &mut [String], issues: &mut Vec<InputIssue>) {
        let offset = self.records.current_byte() + self.det.bom_len as u64;
        for (col, cell) in cells.iter_mut().enumerate() {
            let n = cell.matches('\0').count();
            if n == 0 {
                continue;
            }
            cell.retain(|c| c != '\0');
            let header = self.meta.header(col);
            let mut issue = self
                .place()
                .issue(
                    "GD003",
                    format!("第 {number} 行「{header}」列含 {n} 个 NUL 空字节（该行起于第 {offset} 字节），已删除"),
                    format!("row {number} column '{header}' holds {n} NUL byte(s) (row starts at byte {offset}); removed"),
                )
                .at_row(number)
                .at_column(col, header);
            issue.pointer = Some(format!("byte {offset}"));
            issues.push(issue);
        }
    }

    /// At the end: did the last record run to the end of the file inside an
    /// open quote? `csv` accepts that silently, swallowing every later line
    /// into one cell, so re-read the last record's raw bytes and replay the
    /// quoting rules on them.
    fn check_final_quote(&mut self) {
        let Some(path) = &self.path else { return };
        if self.records.prev_row == 0 {
            return;
        }
        let offset = self.records.current_byte() + self.det.bom_len as u64;
        let open = File::open(path).and_then(|mut f| {
            f.seek(SeekFrom::Start(offset))?;
            ends_in_open_quote(f, self.delimiter)
        });
        if let Ok(true) = open {
            let row = self.records.prev_row;
            let issue = self
                .place()
                .issue(
                    "GD003",
                    format!("第 {row} 行有未闭合的引号（该行起于第 {offset} 字节）：从这里到文件末尾都被读成了一个单元格"),
                    format!("row {row} has an unterminated quote (row starts at byte {offset}): everything to the end of the file was read as one cell"),
                )
                .at_row(row);
            self.pending.push_back(InputIssue {
                pointer: Some(format!("byte {offset}")),
                ..issue
            });
        }
    }
}

/// Replay `csv`'s quoting rules over one record's raw bytes: a quote opens
/// only at the start of a field, `""` inside quotes is a quote, and text
/// after a closing quote continues the field unquoted.
fn ends_in_open_quote(mut r: impl Read, delimiter: u8) -> io::Result<bool> {
    #[derive(Clone, Copy, PartialEq)]
    enum S {
        Start,
        Plain,
        Quoted,
        QuoteInQuoted,
    }
    let mut state = S::Start;
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = r.read(&mut buf)?;
        if n == 0 {
            return Ok(state == S::Quoted);
        }
        for &b in &buf[..n] {
            let end = b == delimiter || b == b'\n' || b == b'\r';
            state = match (state, b) {
                (S::Start, b'"') => S::Quoted,
                (S::Start | S::Plain | S::QuoteInQuoted, _) if end => S::Start,
                (S::Start | S::Plain, _) => S::Plain,
                (S::Quoted, b'"') => S::QuoteInQuoted,
                (S::Quoted, _) => S::Quoted,
                (S::QuoteInQuoted, b'"') => S::Quoted,
                (S::QuoteInQuoted, _) => S::Plain,
            };
        }
    }
}

impl RowSource for CsvSource {
    fn meta(&self) -> &TableMeta {
        &self.meta
    }

    fn next_chunk(&mut self, max: usize, out: &mut Vec<Row>, issues: &mut Vec<InputIssue>) -> bool {
        let before = out.len();
        while out.len() - before < max && !self.done {
            let number = match self
                .peeked
                .take()
                .map_or_else(|| self.records.next(), |n| Ok(Some(n)))
            {
                Ok(Some(n)) => n,
                Ok(None) => {
                    self.done = true;
                    self.check_final_quote();
                    break;
                }
                Err(e) => {
                    self.done = true;
                    let after = self.records.prev_row;
                    issues.push(self.place().issue(
                        "GD001",
                        format!("读到第 {after} 行之后无法继续读取：{e}"),
                        format!("cannot read past row {after}: {e}"),
                    ));
                    break;
                }
            };
            if let Some(row) = self.row(number, issues) {
                out.push(row);
            }
        }
        issues.extend(self.pending.drain(..));
        out.len() > before
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::{EncodingChoice, TableKind};
    use std::io::Write;

    struct Got {
        tables: Vec<(TableMeta, Vec<Row>)>,
        issues: Vec<InputIssue>,
    }

    impl Got {
        fn rows(&self) -> &[Row] {
            &self.tables[0].1
        }
        fn meta(&self) -> &TableMeta {
            &self.tables[0].0
        }
        fn codes(&self) -> Vec<(&str, Option<u64>)> {
            self.issues.iter().map(|i| (i.code, i.row)).collect()
        }
    }

    fn read_with(bytes: &[u8], name: &str, opts: &InputOptions) -> Got {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::File::create(&path)
            .unwrap()
            .write_all(bytes)
            .unwrap();
        let schema = Schema::builtin().unwrap();
        let opened = open(&path, name, &schema, opts, name.ends_with(".tsv"));
        let mut issues = opened.issues;
        let mut tables = Vec::new();
        for mut t in opened.tables {
            let mut rows = Vec::new();
            // Small chunks, to exercise resumption.
            while t.next_chunk(2, &mut rows, &mut issues) {}
            tables.push((t.meta().clone(), rows));
        }
        Got { tables, issues }
    }

    fn read(bytes: &[u8]) -> Got {
        read_with(bytes, "t.csv", &InputOptions::default())
    }

    fn gbk(s: &str) -> Vec<u8> {
        encoding_rs::GB18030.encode(s).0.into_owned()
    }

    #[test]
    fn plain_utf8_csv() {
        let r = read(
            "工单编号,受理时间,办结内容\r\nA1,2024-03-19 09:12,已办结\r\nA2,2024-03-20,已回复\r\n"
                .as_bytes(),
        );
        assert!(r.issues.is_empty(), "{:?}", r.issues);
        assert_eq!(r.meta().kind, TableKind::Tickets);
        assert_eq!(r.meta().encoding, "UTF-8");
        assert_eq!(r.meta().header_row, 1);
        assert_eq!(r.rows().len(), 2);
        assert_eq!(
            r.rows()[1],
            Row {
                number: 3,
                cells: vec!["A2".into(), "2024-03-20".into(), "已回复".into()]
            }
        );
    }

    #[test]
    fn gbk_file_is_decoded() {
        let r = read(&gbk(
            "工单编号,反映内容,办结内容\n12345,市民反映路灯不亮,已修复\n",
        ));
        assert_eq!(r.meta().encoding, "GB18030");
        assert_eq!(r.rows()[0].cells[1], "市民反映路灯不亮");
        assert!(r.issues.is_empty(), "{:?}", r.issues);
    }

    #[test]
    fn utf8_bom_is_stripped() {
        let mut b = vec![0xEF, 0xBB, 0xBF];
        b.extend_from_slice("工单编号,办结内容\nA1,好\n".as_bytes());
        let r = read(&b);
        assert_eq!(r.meta().encoding, "UTF-8-BOM");
        assert_eq!(r.meta().headers[0], "工单编号");
        assert_eq!(r.rows()[0].cells, ["A1", "好"]);
    }

    #[test]
    fn utf16_bom_file() {
        let mut b = vec![0xFF, 0xFE];
        b.extend(
            "工单编号\t办结内容\r\nA1\t已办结\r\n"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        );
        let r = read(&b);
        assert_eq!(r.meta().encoding, "UTF-16LE");
        assert_eq!(r.meta().format, Format::Tsv);
        assert_eq!(r.rows()[0].cells, ["A1", "已办结"]);
    }

    #[test]
    fn title_rows_before_header() {
        let r = read("邵阳市12345工单导出（2024年3月）\n导出时间：2024-04-01\n\n工单编号,受理时间\nA1,2024-03-01\n".as_bytes());
        assert_eq!(r.meta().header_row, 4);
        assert_eq!(r.rows()[0].number, 5);
    }

    #[test]
    fn ragged_rows_are_reported_and_kept() {
        let r = read(b"ticket_id,content,unit\n1,a,b\n2,a\n3,a,b,c,d\n4,a,b,,\n");
        assert_eq!(r.codes(), [("GD003", Some(3)), ("GD003", Some(4))]);
        assert!(
            r.issues[0]
                .detail_en
                .contains("row 3 has only 2 fields but the header has 3")
        );
        assert_eq!(r.issues[1].detail_zh, "第 4 行有 5 个字段，表头只有 3 列");
        assert_eq!(r.rows().len(), 4);
        assert_eq!(r.rows()[2].cells.len(), 5);
        assert_eq!(r.rows()[3].cells.len(), 3);
    }

    #[test]
    fn quoted_cells_and_row_numbers_after_them() {
        let src = "ticket_id,content\n1,\"a, b\"\n2,\"say \"\"hi\"\"\"\n3,\"line1\nline2\r\nline3\"\n\n4,x\n";
        let r = read(src.as_bytes());
        assert!(r.issues.is_empty(), "{:?}", r.issues);
        let got: Vec<(u64, &str)> = r.rows().iter().map(|x| (x.number, x.cell(1))).collect();
        // The multi-line cell is one row (4), the blank line row 5, so `4,x` is row 6.
        assert_eq!(
            got,
            [
                (2, "a, b"),
                (3, "say \"hi\""),
                (4, "line1\nline2\r\nline3"),
                (6, "x")
            ]
        );
    }

    #[test]
    fn nul_bytes_are_stripped_and_reported() {
        let r = read(b"ticket_id,content\n1,ab\0\0c\n2,ok\n");
        assert_eq!(r.codes(), [("GD003", Some(2))]);
        assert_eq!(r.issues[0].header.as_deref(), Some("content"));
        assert!(
            r.issues[0].detail_en.contains("2 NUL"),
            "{}",
            r.issues[0].detail_en
        );
        assert_eq!(r.rows()[0].cells[1], "abc");
    }

    #[test]
    fn oversized_cell_is_cut() {
        let opts = InputOptions {
            max_cell_chars: 5,
            ..InputOptions::default()
        };
        let r = read_with(
            "ticket_id,content\n1,市民反映路灯不亮\n".as_bytes(),
            "t.csv",
            &opts,
        );
        assert_eq!(r.codes(), [("GD003", Some(2))]);
        assert_eq!(r.rows()[0].cells[1], "市民反映路");
        assert!(r.issues[0].detail_zh.contains("8 个字符"));
    }

    #[test]
    fn unterminated_quote_is_reported() {
        let r = read(b"ticket_id,content\n1,ok\n2,\"never closed\n3,x\n4,y\n");
        assert_eq!(r.codes(), [("GD003", Some(3))]);
        assert!(r.issues[0].detail_en.contains("unterminated quote"));
        assert_eq!(r.rows().len(), 2);
        // A stray quote inside an unquoted field is no unterminated quote.
        let r = read(b"ticket_id,content\n1,5\"tv\n");
        assert!(r.issues.is_empty(), "{:?}", r.issues);
    }

    #[test]
    fn duplicate_headers_first_wins() {
        let r = read("工单编号,受理时间,登记时间,备注,备注\nA1,t1,t2,x,y\n".as_bytes());
        assert_eq!(r.codes(), [("GD003", Some(1)), ("GD003", Some(1))]);
        assert_eq!(r.issues[0].column, Some(2));
        assert!(
            r.issues[0]
                .detail_en
                .contains("column 3 '登记时间' repeats column 2 '受理时间'"),
            "{}",
            r.issues[0].detail_en
        );
        assert_eq!(r.issues[1].column, Some(4));
        let created = Schema::builtin()
            .unwrap()
            .table(TableKind::Tickets)
            .field("created_at")
            .unwrap();
        assert_eq!(r.meta().column(created), Some(1));
    }

    #[test]
    fn binary_file_named_csv() {
        let r = read(b"PK\x03\x04\x14\x00\x06\x00binary");
        assert!(r.tables.is_empty());
        assert_eq!(r.codes(), [("GD001", None)]);
        assert!(r.issues[0].detail_en.contains("XLSX/ZIP"));
    }

    #[test]
    fn unreadable_path() {
        let schema = Schema::builtin().unwrap();
        let o = open(
            Path::new("/nonexistent/x.csv"),
            "x.csv",
            &schema,
            &InputOptions::default(),
            false,
        );
        assert!(o.tables.is_empty());
        assert_eq!(o.issues[0].code, "GD001");
    }

    #[test]
    fn empty_and_blank_files() {
        for src in [&b""[..], b"\n\n", b"\xEF\xBB\xBF"] {
            let r = read(src);
            assert!(r.tables.is_empty());
            assert_eq!(r.codes(), [("GD002", None)]);
            assert!(
                r.issues[0].detail_en.contains("expected headers"),
                "{}",
                r.issues[0].detail_en
            );
        }
    }

    #[test]
    fn header_only_file_keeps_the_table() {
        let r = read(b"ticket_id,content\n");
        assert_eq!(r.tables.len(), 1);
        assert!(r.rows().is_empty());
        assert_eq!(r.codes(), [("GD002", Some(1))]);
    }

    #[test]
    fn unrecognised_header() {
        let r = read("姓名,年龄\n张三,30\n".as_bytes());
        assert!(r.tables.is_empty());
        assert_eq!(r.codes(), [("GD002", Some(1))]);
        assert!(
            r.issues[0].detail_zh.contains("工单编号"),
            "{}",
            r.issues[0].detail_zh
        );
        assert!(r.issues[0].detail_zh.contains("姓名"));
    }

    #[test]
    fn gbk_row_in_utf8_file_is_gd102() {
        let mut b = "工单编号,办结内容\n1,已办结\n".as_bytes().to_vec();
        b.extend(gbk("2,市民反映路灯不亮\n"));
        b.extend("3,好\n".as_bytes());
        let r = read(&b);
        assert_eq!(r.meta().encoding, "UTF-8");
        assert_eq!(r.codes(), [("GD102", Some(3))]);
        assert_eq!(r.rows()[1].cells[1], "市民反映路灯不亮");
    }

    #[test]
    fn utf8_row_in_gbk_file_is_gd102() {
        let mut b = gbk("工单编号,办结内容\n1,已办结并回访群众满意\n");
        b.extend("2,市民反映\n".as_bytes());
        let r = read(&b);
        assert_eq!(r.meta().encoding, "GB18030");
        assert_eq!(r.codes(), [("GD102", Some(3))]);
        assert_eq!(r.rows()[1].cells[1], "市民反映");
        assert_eq!(r.rows()[0].cells[1], "已办结并回访群众满意");
    }

    #[test]
    fn long_ascii_prefix_then_gbk_is_a_gbk_file() {
        let mut b = b"ticket_id,content\n".to_vec();
        for i in 0..5000 {
            b.extend(format!("{i},plain ascii text\n").bytes());
        }
        b.extend(gbk("5000,市民反映路灯不亮\n"));
        let r = read(&b);
        assert!(r.issues.is_empty(), "{:?}", &r.issues[..1]);
        assert_eq!(r.meta().encoding, "GB18030");
        assert_eq!(r.rows()[5000].cells[1], "市民反映路灯不亮");
    }

    #[test]
    fn explicit_encoding_disables_gd102() {
        let mut b = "工单编号,办结内容\n1,已办结\n".as_bytes().to_vec();
        b.extend(gbk("2,市民\n"));
        let opts = InputOptions {
            encoding: EncodingChoice::Utf8,
            ..InputOptions::default()
        };
        let r = read_with(&b, "t.csv", &opts);
        assert!(r.issues.is_empty(), "{:?}", r.issues);
        assert!(r.rows()[1].cells[1].contains('\u{fffd}'));
    }

    #[test]
    fn tab_delimited_txt_is_sniffed() {
        let r = read_with(
            "工单编号\t办结内容\nA1\t已办结, 群众满意\n".as_bytes(),
            "t.txt",
            &InputOptions::default(),
        );
        assert_eq!(r.meta().format, Format::Tsv);
        assert_eq!(r.rows()[0].cells[1], "已办结, 群众满意");
    }
}
