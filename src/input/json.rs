//! JSON and JSON Lines reader. A JSON file is an array of objects, or an
//! object wrapping one such array (`{"data":[...]}`, as platform APIs dump
//! them); JSON Lines is one object per line, streamed. Object keys are the
//! header, so the same alias schema recognises the table.
//!
//! Values become text as a user would type them: strings as is, `12` not
//! `12.0`, `null` → empty, nested values as compact JSON.

use std::collections::{HashMap, VecDeque};
use std::fs::File;
use std::io::{BufRead, BufReader, Cursor, Read};
use std::path::Path;

use serde_json::{Map, Value};

use super::encoding::{self, Detection, Sniffed, Utf16Reader};
use super::{Format, InputIssue, InputOptions, Opened, Place, Row, RowSource, Schema, TableMeta};

/// How many JSON Lines objects are read to collect the header's keys.
const HEADER_OBJECTS: usize = 1000;

/// Open a JSON (`lines == false`) or JSON Lines file.
#[must_use]
pub fn open(
    path: &Path,
    display: &str,
    schema: &Schema,
    opts: &InputOptions,
    lines: bool,
) -> Opened {
    let place = Place {
        file: display,
        sheet: None,
    };
    let mut opened = Opened::default();
    let result = if lines {
        open_lines(path, place, schema, opts, &mut opened.issues)
    } else {
        open_array(path, place, schema, opts, &mut opened.issues)
    };
    match result {
        Ok(table) => opened.tables.push(table),
        Err(issue) => opened.issues.push(*issue),
    }
    opened
}

fn io_issue(place: Place<'_>, e: &std::io::Error) -> InputIssue {
    place.issue(
        "GD001",
        format!("无法读取文件：{e}"),
        format!("cannot read the file: {e}"),
    )
}

/// serde_json's message without its " at line L column C" tail (the
/// position is given separately).
fn json_message(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.find(" at line ") {
        Some(i) => s[..i].to_owned(),
        None => s,
    }
}

// ---------------------------------------------------------------- JSON

fn open_array(
    path: &Path,
    place: Place<'_>,
    schema: &Schema,
    opts: &InputOptions,
    issues: &mut Vec<InputIssue>,
) -> Result<Box<dyn RowSource>, Box<InputIssue>> {
    // A JSON document is parsed whole; only JSON Lines streams.
    let bytes = std::fs::read(path).map_err(|e| io_issue(place, &e))?;
    let det = match encoding::sniff(&bytes, true, opts.encoding) {
        Sniffed::Text(d) => d,
        Sniffed::Binary { zh, en } => return Err(Box::new(place.issue("GD001", zh, en))),
        Sniffed::Empty => return Err(Box::new(place.empty(schema, opts))),
    };
    let text = det.decode_all(&bytes);
    if text.trim().is_empty() {
        return Err(Box::new(place.empty(schema, opts)));
    }
    let value: Value = match serde_json::from_str(&text) {
        Ok(v) => v,
        // Several objects one after another: JSON Lines named `.json`.
        Err(e)
            if e.to_string().starts_with("trailing characters")
                && text.trim_start().starts_with('{') =>
        {
            return open_lines(path, place, schema, opts, issues);
        }
        Err(e) => {
            let (line, col) = (e.line(), e.column());
            let msg = json_message(&e);
            let mut issue = place
                .issue(
                    "GD001",
                    format!("不是合法的 JSON：第 {line} 行第 {col} 列：{msg}"),
                    format!("invalid JSON at line {line}, column {col}: {msg}"),
                )
                .at_row(line as u64);
            issue.pointer = Some(format!("line {line} column {col}"));
            return Err(Box::new(issue));
        }
    };
    let (items, prefix) = find_records(value).ok_or_else(|| {
        place.issue(
            "GD002",
            "JSON 不是对象数组（也不是只包一个对象数组的对象，如 {\"data\":[…]}），无法当作表读取",
            "the JSON is not an array of objects (nor an object wrapping one, like {\"data\":[…]}); it cannot be read as a table",
        )
    })?;
    let mut keys = Keys::default();
    for item in &items {
        if let Value::Object(map) = item {
            keys.add(map);
        }
    }
    if keys.headers.is_empty() {
        return Err(Box::new(place.empty(schema, opts)));
    }
    let meta = recognised_meta(
        &place,
        schema,
        opts,
        keys.headers,
        Format::Json,
        det.name,
        1,
    )?;
    issues.extend(place.duplicate_headers(schema, &meta));
    Ok(Box::new(JsonSource {
        meta,
        lookup: keys.index,
        items: items.into_iter(),
        index: 0,
        prefix,
        max_cell_chars: opts.max_cell_chars,
    }))
}

/// The array of records: the document itself, or the one array of objects
/// inside a wrapping object (looked for two levels deep, for
/// `{"code":0,"data":{"list":[...]}}`). Also returns the wrapper's JSON
/// pointer prefix (`/data`).
fn find_records(value: Value) -> Option<(Vec<Value>, String)> {
    match value {
        Value::Array(items) => Some((items, String::new())),
        Value::Object(map) => unwrap_object(map, 2),
        _ => None,
    }
}

fn unwrap_object(map: Map<String, Value>, depth: u32) -> Option<(Vec<Value>, String)> {
    let is_records = |v: &Value| match v {
        Value::Array(a) => a.iter().any(Value::is_object) || a.is_empty(),
        _ => false,
    };
    let arrays = map.values().filter(|v| is_records(v)).count();
    if arrays > 1 {
        return None;
    }
    for (key, v) in map {
        let pointer = format!("/{}", key.replace('~', "~0").replace('/', "~1"));
        match v {
            Value::Array(items)
                if arrays == 1 && (items.iter().any(Value::is_object) || items.is_empty()) =>
            {
                return Some((items, pointer));
            }
            Value::Object(inner) if arrays == 0 && depth > 1 => {
                if let Some((items, rest)) = unwrap_object(inner, depth - 1) {
                    return Some((items, pointer + &rest));
                }
            }
            _ => {}
        }
    }
    None
}

/// The union of keys, in order of first appearance.
#[derive(Default)]
struct Keys {
    headers: Vec<String>,
    index: HashMap<String, usize>,
}

impl Keys {
    fn add(&mut self, map: &Map<String, Value>) {
        for k in map.keys() {
            if !self.index.contains_key(k) {
                self.index.insert(k.clone(), self.headers.len());
                self.headers.push(k.clone());
            }
        }
    }
}

/// An object's values laid out in header order; keys not in the header are
/// dropped (only possible in JSON Lines, see [`open_lines`]).
fn object_cells(
    map: Map<String, Value>,
    lookup: &HashMap<String, usize>,
    width: usize,
) -> Vec<String> {
    let mut cells = vec![String::new(); width];
    for (k, v) in map {
        if let Some(&c) = lookup.get(&k) {
            cells[c] = value_text(v);
        }
    }
    cells
}

/// A JSON value as cell text.
fn value_text(v: Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::Bool(b) => if b { "true" } else { "false" }.to_owned(),
        Value::String(s) => s,
        Value::Number(n) => match n.as_f64() {
            // 13812345678.0 is the number 13812345678 (below 2^53 exactly).
            Some(f)
                if !n.is_i64()
                    && !n.is_u64()
                    && f.fract() == 0.0
                    && f.abs() < 9_007_199_254_740_992.0 =>
            {
                format!("{}", f as i64)
            }
            _ => n.to_string(),
        },
        nested @ (Value::Array(_) | Value::Object(_)) => nested.to_string(),
    }
}

fn not_object_issue(
    place: Place<'_>,
    row: u64,
    what_zh: &str,
    what_en: &str,
    found: &Value,
) -> InputIssue {
    let kind = match found {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    };
    place
        .issue(
            "GD003",
            format!("{what_zh}不是 JSON 对象（是 {kind}），已跳过"),
            format!("{what_en} is not a JSON object (it is a {kind}); skipped"),
        )
        .at_row(row)
}

/// A parsed JSON array being handed out.
struct JsonSource {
    meta: TableMeta,
    lookup: HashMap<String, usize>,
    items: std::vec::IntoIter<Value>,
    index: usize,
    /// JSON pointer of the array (`/data` when wrapped).
    prefix: String,
    max_cell_chars: usize,
}

impl RowSource for JsonSource {
    fn meta(&self) -> &TableMeta {
        &self.meta
    }

    fn next_chunk(&mut self, max: usize, out: &mut Vec<Row>, issues: &mut Vec<InputIssue>) -> bool {
        let before = out.len();
        let place = Place {
            file: &self.meta.file,
            sheet: None,
        };
        while out.len() - before < max {
            let Some(item) = self.items.next() else { break };
            let index = self.index;
            self.index += 1;
            // As if the keys were a header on row 1.
            let number = index as u64 + 2;
            match item {
                Value::Object(map) => {
                    let cells = object_cells(map, &self.lookup, self.meta.headers.len());
                    let mut row = Row { number, cells };
                    place.cap_cells(&self.meta, &mut row, self.max_cell_chars, issues);
                    out.push(row);
                }
                other => {
                    let mut issue = not_object_issue(
                        place,
                        number,
                        &format!("第 {} 个元素（第 {number} 行）", index + 1),
                        &format!("element {} (row {number})", index + 1),
                        &other,
                    );
                    issue.pointer = Some(format!("{}/{index}", self.prefix));
                    issues.push(issue);
                }
            }
        }
        out.len() > before
    }
}

// ---------------------------------------------------------- JSON Lines

/// Lines of a JSON Lines file, decoded one at a time.
struct Lines {
    reader: BufReader<Box<dyn Read + Send>>,
    det: Detection,
    buf: Vec<u8>,
    line: u64,
}

/// What one line held.
enum Line {
    Object(u64, Map<String, Value>),
    /// Not an object: an issue for that line.
    Bad(InputIssue),
}

impl Lines {
    /// The next non-blank line, parsed; `Err` on an I/O error.
    fn next(
        &mut self,
        place: Place<'_>,
        issues: &mut Vec<InputIssue>,
    ) -> std::io::Result<Option<Line>> {
        loop {
            self.buf.clear();
            if self.reader.read_until(b'\n', &mut self.buf)? == 0 {
                return Ok(None);
            }
            self.line += 1;
            let line = self.line;
            let trimmed = self.buf.trim_ascii();
            if trimmed.is_empty() {
                continue;
            }
            self.det.settle(trimmed);
            let (text, mixed) = self.det.decode_text(trimmed);
            if let Some(other) = mixed {
                issues.push(
                    place
                        .issue(
                            "GD102",
                            format!("第 {line} 行按 {other} 解码，而文件其余部分是 {}：可能是不同编码的导出拼接而成", self.det.name),
                            format!(
                                "line {line} decodes as {other} while the file is {}: probably exports in different encodings joined together",
                                self.det.name
                            ),
                        )
                        .at_row(line),
                );
            }
            if text.contains('\0') {
                issues.push(
                    place
                        .issue(
                            "GD003",
                            format!("第 {line} 行含 NUL 空字节，已删除"),
                            format!("line {line} holds NUL bytes; removed"),
                        )
                        .at_row(line),
                );
            }
            let text = if text.contains('\0') {
                text.replace('\0', "")
            } else {
                text
            };
            return Ok(Some(match serde_json::from_str::<Value>(&text) {
                Ok(Value::Object(map)) => Line::Object(line, map),
                Ok(other) => Line::Bad(not_object_issue(
                    place,
                    line,
                    &format!("第 {line} 行"),
                    &format!("line {line}"),
                    &other,
                )),
                Err(e) => {
                    let msg = json_message(&e);
                    let col = e.column();
                    Line::Bad(
                        place
                            .issue(
                                "GD003",
                                format!(
                                    "第 {line} 行不是合法的 JSON（第 {col} 列）：{msg}，已跳过"
                                ),
                                format!(
                                    "line {line} is not valid JSON (column {col}): {msg}; skipped"
                                ),
                            )
                            .at_row(line),
                    )
                }
            }));
        }
    }
}

fn open_lines(
    path: &Path,
    place: Place<'_>,
    schema: &Schema,
    opts: &InputOptions,
    issues: &mut Vec<InputIssue>,
) -> Result<Box<dyn RowSource>, Box<InputIssue>> {
    let mut file = File::open(path).map_err(|e| io_issue(place, &e))?;
    let mut head = Vec::with_capacity(encoding::SNIFF_LEN);
    (&mut file)
        .take(encoding::SNIFF_LEN as u64)
        .read_to_end(&mut head)
        .map_err(|e| io_issue(place, &e))?;
    let complete = head.len() < encoding::SNIFF_LEN;
    let det = match encoding::sniff(&head, complete, opts.encoding) {
        Sniffed::Text(d) => d,
        Sniffed::Binary { zh, en } => return Err(Box::new(place.issue("GD001", zh, en))),
        Sniffed::Empty => return Err(Box::new(place.empty(schema, opts))),
    };
    let utf16 = matches!(
        det.encoding,
        encoding::FileEncoding::Utf16Le | encoding::FileEncoding::Utf16Be
    );
    let mut start = Cursor::new(head);
    start.set_position(det.bom_len as u64);
    let body = start.chain(file);
    let stream: Box<dyn Read + Send> = if utf16 {
        Box::new(Utf16Reader::new(body, det.encoding))
    } else {
        Box::new(body)
    };
    let mut lines = Lines {
        reader: BufReader::with_capacity(64 * 1024, stream),
        det,
        buf: Vec::new(),
        line: 0,
    };

    // Keys come from the first objects only, so the file still streams: a
    // key first seen after them is not a column and its values are ignored.
    let mut early_issues = Vec::new();
    let mut buffered = VecDeque::new();
    let mut keys = Keys::default();
    let mut first_error = None;
    let mut objects = 0;
    while objects < HEADER_OBJECTS {
        match lines
            .next(place, &mut early_issues)
            .map_err(|e| io_issue(place, &e))?
        {
            None => break,
            Some(Line::Object(n, map)) => {
                keys.add(&map);
                objects += 1;
                buffered.push_back(Line::Object(n, map));
            }
            Some(Line::Bad(issue)) => {
                first_error.get_or_insert_with(|| issue.clone());
                buffered.push_back(Line::Bad(issue));
            }
        }
    }
    if keys.headers.is_empty() {
        return Err(Box::new(match first_error {
            Some(e) => place.issue(
                "GD001",
                format!(
                    "没有一行是 JSON 对象，不是 JSON Lines 文件；首个错误：{}",
                    e.detail_zh
                ),
                format!(
                    "no line is a JSON object, so this is not JSON Lines; first error: {}",
                    e.detail_en
                ),
            ),
            None => place.empty(schema, opts),
        }));
    }
    // Rows are numbered by line, so the pointer index is line - 1.
    let meta = recognised_meta(
        &place,
        schema,
        opts,
        keys.headers,
        Format::Jsonl,
        lines.det.name,
        0,
    )?;
    issues.extend(place.duplicate_headers(schema, &meta));
    Ok(Box::new(JsonlSource {
        meta,
        lookup: keys.index,
        lines,
        buffered,
        pending_issues: early_issues,
        done: false,
        max_cell_chars: opts.max_cell_chars,
    }))
}

/// A JSON Lines table being streamed.
struct JsonlSource {
    meta: TableMeta,
    lookup: HashMap<String, usize>,
    lines: Lines,
    /// Lines read while collecting the header, handed out first.
    buffered: VecDeque<Line>,
    /// Issues met while collecting the header, reported with the first chunk.
    pending_issues: Vec<InputIssue>,
    done: bool,
    max_cell_chars: usize,
}

impl RowSource for JsonlSource {
    fn meta(&self) -> &TableMeta {
        &self.meta
    }

    fn next_chunk(&mut self, max: usize, out: &mut Vec<Row>, issues: &mut Vec<InputIssue>) -> bool {
        issues.append(&mut self.pending_issues);
        let before = out.len();
        let file = self.meta.file.clone();
        let place = Place {
            file: &file,
            sheet: None,
        };
        while out.len() - before < max {
            let line = match self.buffered.pop_front() {
                Some(l) => l,
                None if self.done => break,
                None => match self.lines.next(place, issues) {
                    Ok(Some(l)) => l,
                    Ok(None) => {
                        self.done = true;
                        break;
                    }
                    Err(e) => {
                        self.done = true;
                        let after = self.lines.line;
                        issues.push(place.issue(
                            "GD001",
                            format!("读到第 {after} 行之后无法继续读取：{e}"),
                            format!("cannot read past line {after}: {e}"),
                        ));
                        break;
                    }
                },
            };
            if self.meta.encoding != self.lines.det.name {
                self.meta.encoding = self.lines.det.name.to_owned();
            }
            match line {
                Line::Object(number, map) => {
                    let cells = object_cells(map, &self.lookup, self.meta.headers.len());
                    let mut row = Row { number, cells };
                    place.cap_cells(&self.meta, &mut row, self.max_cell_chars, issues);
                    out.push(row);
                }
                Line::Bad(issue) => issues.push(issue),
            }
        }
        out.len() > before
    }
}

/// The table of a JSON or JSON Lines file whose keys are `headers`, or the
/// GD002 issue when they match no table kind.
fn recognised_meta(
    place: &Place,
    schema: &Schema,
    opts: &InputOptions,
    headers: Vec<String>,
    format: Format,
    encoding: &str,
    header_row: u64,
) -> Result<TableMeta, Box<InputIssue>> {
    let Some((kind, columns)) = schema.recognise(&headers, opts.forced_kind) else {
        return Err(Box::new(place.unrecognised(
            schema,
            opts,
            Some((1, &headers)),
            1,
        )));
    };
    Ok(TableMeta {
        file: place.file.to_owned(),
        sheet: None,
        format,
        encoding: encoding.to_owned(),
        kind,
        headers,
        header_row,
        columns,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::TableKind;

    struct Got {
        tables: Vec<(TableMeta, Vec<Row>)>,
        issues: Vec<InputIssue>,
    }

    fn read(text: &[u8], lines: bool) -> Got {
        let dir = tempfile::tempdir().unwrap();
        let name = if lines { "t.jsonl" } else { "t.json" };
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let schema = Schema::builtin().unwrap();
        let opened = open(&path, name, &schema, &InputOptions::default(), lines);
        let mut issues = opened.issues;
        let mut tables = Vec::new();
        for mut t in opened.tables {
            let mut rows = Vec::new();
            while t.next_chunk(2, &mut rows, &mut issues) {}
            tables.push((t.meta().clone(), rows));
        }
        Got { tables, issues }
    }

    #[test]
    fn array_of_objects() {
        let src = r#"[
 {"工单编号": "A1", "受理时间": "2024-03-19 09:12", "来电号码": 13812345678.0, "满意": true},
 {"工单编号": "A2", "办结内容": null, "附件": ["a", {"b": 1}], "评分": 4.5},
 42
]"#;
        let got = read(src.as_bytes(), false);
        let (meta, rows) = &got.tables[0];
        assert_eq!(meta.kind, TableKind::Tickets);
        assert_eq!(meta.format, Format::Json);
        assert_eq!(
            meta.headers,
            [
                "工单编号",
                "受理时间",
                "来电号码",
                "满意",
                "办结内容",
                "附件",
                "评分"
            ]
        );
        assert_eq!(
            rows[0].cells,
            ["A1", "2024-03-19 09:12", "13812345678", "true", "", "", ""]
        );
        assert_eq!(rows[1].number, 3);
        assert_eq!(
            rows[1].cells,
            ["A2", "", "", "", "", r#"["a",{"b":1}]"#, "4.5"]
        );
        assert_eq!(got.issues.len(), 1);
        assert_eq!((got.issues[0].code, got.issues[0].row), ("GD003", Some(4)));
        assert_eq!(got.issues[0].pointer.as_deref(), Some("/2"));
        assert!(
            got.issues[0]
                .detail_en
                .contains("element 3 (row 4) is not a JSON object")
        );
    }

    #[test]
    fn wrapped_array() {
        for src in [
            r#"{"data": [{"ticket_id": "1", "content": "x"}]}"#,
            r#"{"code": 0, "msg": "ok", "rows": [{"ticket_id": "1", "content": "x"}]}"#,
            r#"{"code": 200, "data": {"total": 1, "records": [{"ticket_id": "1", "content": "x"}]}}"#,
        ] {
            let got = read(src.as_bytes(), false);
            assert_eq!(got.tables.len(), 1, "{src}");
            assert_eq!(got.tables[0].1[0].cells, ["1", "x"]);
        }
        let got = read(
            br#"{"a": [{"ticket_id": 1}], "b": [{"ticket_id": 2}]}"#,
            false,
        );
        assert!(got.tables.is_empty());
        assert_eq!(got.issues[0].code, "GD002");
    }

    #[test]
    fn invalid_json_names_line_and_column() {
        let got = read(b"[\n {\"ticket_id\": \"1\",\n  \"content\": x}\n]", false);
        assert!(got.tables.is_empty());
        assert_eq!(got.issues[0].code, "GD001");
        assert_eq!(
            got.issues[0].detail_en,
            "invalid JSON at line 3, column 14: expected value"
        );
        assert!(got.issues[0].detail_zh.contains("第 3 行第 14 列"));
    }

    #[test]
    fn empty_and_unrecognised_json() {
        assert_eq!(read(b"[]", false).issues[0].code, "GD002");
        assert_eq!(read(b"", false).issues[0].code, "GD002");
        let got = read(br#"[{"name": "x", "age": 3}]"#, false);
        assert_eq!(got.issues[0].code, "GD002");
        assert!(got.issues[0].detail_zh.contains("name"));
    }

    #[test]
    fn json_lines_with_a_bad_line() {
        let src = "{\"ticket_id\": \"1\", \"content\": \"a\"}\n\n{\"ticket_id\": \"2\", oops}\r\n[1]\n{\"ticket_id\": 3, \"unit\": \"城管局\"}\n";
        let got = read(src.as_bytes(), true);
        let (meta, rows) = &got.tables[0];
        assert_eq!(meta.format, Format::Jsonl);
        assert_eq!(meta.headers, ["ticket_id", "content", "unit"]);
        let numbers: Vec<u64> = rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, [1, 5]);
        assert_eq!(rows[1].cells, ["3", "", "城管局"]);
        let codes: Vec<_> = got.issues.iter().map(|i| (i.code, i.row)).collect();
        assert_eq!(codes, [("GD003", Some(3)), ("GD003", Some(4))]);
        assert!(
            got.issues[0]
                .detail_en
                .starts_with("line 3 is not valid JSON"),
            "{}",
            got.issues[0].detail_en
        );
        assert_eq!(meta.pointer(5, Some(2)).as_deref(), Some("/4/unit"));
    }

    #[test]
    fn json_lines_gbk_line_is_gd102() {
        let mut src = "{\"ticket_id\": \"1\", \"content\": \"市民反映\"}\n"
            .repeat(3)
            .into_bytes();
        src.extend(
            encoding_rs::GB18030
                .encode("{\"ticket_id\": \"2\", \"content\": \"路灯不亮\"}\n")
                .0
                .iter(),
        );
        let got = read(&src, true);
        assert_eq!(got.tables[0].1[3].cells[1], "路灯不亮");
        let codes: Vec<_> = got.issues.iter().map(|i| (i.code, i.row)).collect();
        assert_eq!(codes, [("GD102", Some(4))]);
    }

    #[test]
    fn json_lines_that_are_not() {
        let got = read(b"hello\nworld\n", true);
        assert!(got.tables.is_empty());
        assert_eq!(got.issues[0].code, "GD001");
        // JSON Lines in a `.json` file are read as JSON Lines.
        let got = read(b"{\"ticket_id\": \"1\", \"content\": \"a\"}\n{\"ticket_id\": \"2\", \"content\": \"b\"}\n", false);
        assert_eq!(got.tables[0].1.len(), 2);
    }
}
