//! JSON and JSON Lines reader. A JSON file is an array of objects, or an
//! object wrapping one such array (`{"data":[...]}`, as platform APIs dump
//! them); JSON Lines is one object per line. Both stream: a JSON document
//! is read twice, element by element (see [`open_array`]), never held
//! whole. Object keys are the header, so the same alias schema recognises
//! the table.
//!
//! Values become text as a user would type them: strings as is, `12` not
//! `12.0`, `null` → empty, nested values as compact JSON.

use std::cell::Cell;
use std::collections::{HashMap, VecDeque};
use std::fs::File;
use std::io::{BufRead, BufReader, Cursor, Read};
use std::path::Path;
use std::rc::Rc;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::encoding::{self, Detection, Sniffed, Utf16Reader};
use super::{
    Format, InputIssue, InputOptions, MAX_COLUMNS, MAX_RECORD_BYTES, Opened, Place, Row, RowSource,
    Schema, TableMeta,
};

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
    // Two streaming passes, never the whole document in memory: the first
    // validates it (serde_json, so errors name line and column) and collects
    // the keys of the records (the header) without keeping any value; the
    // second hands the records out one array element at a time.
    let (det, stream) = decoded_stream(path, place, schema, opts)?;
    let seen = Rc::new(Cell::new(None));
    let reader = FirstByte {
        inner: BufReader::with_capacity(64 * 1024, stream),
        first: Rc::clone(&seen),
    };
    let mut de = serde_json::Deserializer::from_reader(reader);
    let parsed = TopSeed
        .deserialize(&mut de)
        .and_then(|top| de.end().map(|()| top));
    drop(de);
    let top = match parsed {
        Ok(t) => t,
        // Only whitespace: an empty file.
        Err(_) if seen.get().is_none() => return Err(Box::new(place.empty(schema, opts))),
        // Several objects one after another: JSON Lines named `.json`.
        Err(e) if e.to_string().starts_with("trailing characters") && seen.get() == Some(b'{') => {
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
    let (path_keys, keys) = find_records(top).ok_or_else(|| {
        place.issue(
            "GD002",
            "JSON 不是对象数组（也不是只包一个对象数组的对象，如 {\"data\":[…]}），无法当作表读取",
            "the JSON is not an array of objects (nor an object wrapping one, like {\"data\":[…]}); it cannot be read as a table",
        )
    })?;
    if keys.dropped > 0 {
        issues.push(place.issue(
            "GD003",
            format!("记录的键超过 {MAX_COLUMNS} 个（多出 {} 个），超过列数上限，多出的键已忽略", keys.dropped),
            format!("the records have more than {MAX_COLUMNS} distinct keys ({} more), over the column limit; the extra keys are ignored", keys.dropped),
        ));
    }
    if keys.headers.is_empty() {
        return Err(Box::new(place.empty(schema, opts)));
    }
    let prefix: String = path_keys
        .iter()
        .map(|(k, _)| format!("/{}", escape_key(k)))
        .collect();
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
    // Second pass: to the records array, then element by element.
    let (_, stream) = decoded_stream(path, place, schema, opts)?;
    let mut scanner = Scanner {
        r: BufReader::with_capacity(64 * 1024, stream),
        buf: Vec::new(),
        keep: false,
        scanned: 0,
    };
    let started = scanner.enter(&path_keys);
    Ok(Box::new(JsonSource {
        meta,
        lookup: keys.index,
        scanner,
        failed: started.err(),
        done: false,
        index: 0,
        prefix,
        max_cell_chars: opts.max_cell_chars,
    }))
}

/// The file decoded to UTF-8 as a stream, with its detected encoding.
fn decoded_stream(
    path: &Path,
    place: Place<'_>,
    schema: &Schema,
    opts: &InputOptions,
) -> Result<(Detection, Box<dyn Read + Send>), Box<InputIssue>> {
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
    let mut start = Cursor::new(head);
    start.set_position(det.bom_len as u64);
    let body = start.chain(file);
    Ok((det, Box::new(Utf16Reader::new(body, det.encoding))))
}

/// A reader that remembers the first non-whitespace byte read through it
/// (is the document empty? does it start with `{`?).
struct FirstByte<R> {
    inner: R,
    first: Rc<Cell<Option<u8>>>,
}

impl<R: Read> Read for FirstByte<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if self.first.get().is_none() {
            if let Some(b) = buf[..n].iter().find(|b| !b.is_ascii_whitespace()) {
                self.first.set(Some(*b));
            }
        }
        Ok(n)
    }
}

fn escape_key(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

// ---- First pass: the document's shape, without its values.

/// What the first pass keeps of the document: the keys of array elements,
/// and of wrapping objects only what finding the records needs.
enum Shape {
    /// An array: whether it holds an object or is empty, and its objects'
    /// keys.
    Array {
        records: bool,
        keys: Keys,
    },
    /// An object within unwrapping depth: its members in order, each with
    /// which occurrence of its key gave the value (a repeated key keeps
    /// its last value, as serde_json's Map does).
    Object(Vec<(String, usize, Shape)>),
    Other,
}

/// The top-level value: arrays and objects are looked into (two levels of
/// wrapping objects, as [`find_records`] unwraps).
struct TopSeed;

impl<'de> DeserializeSeed<'de> for TopSeed {
    type Value = Shape;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Shape, D::Error> {
        d.deserialize_any(ShapeVisitor { depth: 2 })
    }
}

struct ShapeVisitor {
    /// How many more object levels are unwrapped.
    depth: u32,
}

impl<'de> DeserializeSeed<'de> for ShapeVisitor {
    type Value = Shape;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Shape, D::Error> {
        d.deserialize_any(self)
    }
}

macro_rules! other_scalars {
    ($ret:expr) => {
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok($ret)
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Ok($ret)
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Ok($ret)
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Ok($ret)
        }
        fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
            Ok($ret)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok($ret)
        }
    };
}

impl<'de> Visitor<'de> for ShapeVisitor {
    type Value = Shape;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }
    other_scalars!(Shape::Other);
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Shape, A::Error> {
        let mut keys = Keys::default();
        let mut records = true; // an empty array counts
        let mut any = false;
        let mut object = false;
        while let Some(is_object) = seq.next_element_seed(ElementKeys { keys: &mut keys })? {
            any = true;
            object |= is_object;
        }
        if any {
            records = object;
        }
        Ok(Shape::Array { records, keys })
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Shape, A::Error> {
        if self.depth == 0 {
            while map.next_key_seed(Skip)?.is_some() {
                map.next_value_seed(Skip)?;
            }
            return Ok(Shape::Other);
        }
        // serde_json's Map keeps a repeated key at its first place with its
        // last value; so does this.
        let mut members: Vec<(String, usize, Shape)> = Vec::new();
        let mut at: HashMap<String, usize> = HashMap::new();
        while let Some(key) = map.next_key::<String>()? {
            let shape = map.next_value_seed(ShapeVisitor {
                depth: self.depth - 1,
            })?;
            match at.get(&key) {
                Some(&i) => {
                    members[i].1 += 1;
                    members[i].2 = shape;
                }
                None => {
                    at.insert(key.clone(), members.len());
                    members.push((key, 0, shape));
                }
            }
        }
        Ok(Shape::Object(members))
    }
}

/// A value passed over without keeping it. Unlike serde's `IgnoredAny`
/// (which serde_json skips without a depth limit), this goes through
/// `deserialize_any`, so nesting deeper than serde_json's recursion limit
/// ([`super::MAX_JSON_DEPTH`]) is the same "recursion limit exceeded" error,
/// with line and column, as when the whole document was parsed.
struct Skip;

impl<'de> DeserializeSeed<'de> for Skip {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Skip {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }
    other_scalars!(());
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(Skip)?.is_some() {}
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while map.next_key_seed(Skip)?.is_some() {
            map.next_value_seed(Skip)?;
        }
        Ok(())
    }
}

/// One array element: adds an object's keys to `keys`; `true` when it was
/// an object.
struct ElementKeys<'k> {
    keys: &'k mut Keys,
}

impl<'de> DeserializeSeed<'de> for ElementKeys<'_> {
    type Value = bool;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ElementKeys<'_> {
    type Value = bool;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }
    other_scalars!(false);
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<bool, A::Error> {
        while seq.next_element_seed(Skip)?.is_some() {}
        Ok(false)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            map.next_value_seed(Skip)?;
            self.keys.add_key(key);
        }
        Ok(true)
    }
}

/// The records array: the document itself, or the one array of objects
/// inside a wrapping object (looked for two levels deep, for
/// `{"code":0,"data":{"list":[...]}}`). Returns the keys leading to it
/// (`["data"]`) and its objects' keys.
fn find_records(top: Shape) -> Option<(Vec<(String, usize)>, Keys)> {
    match top {
        Shape::Array { keys, .. } => Some((Vec::new(), keys)),
        Shape::Object(members) => unwrap_object(members),
        Shape::Other => None,
    }
}

fn unwrap_object(members: Vec<(String, usize, Shape)>) -> Option<(Vec<(String, usize)>, Keys)> {
    let arrays = members
        .iter()
        .filter(|(_, _, v)| matches!(v, Shape::Array { records: true, .. }))
        .count();
    if arrays > 1 {
        return None;
    }
    for (key, nth, v) in members {
        match v {
            Shape::Array {
                records: true,
                keys,
            } if arrays == 1 => return Some((vec![(key, nth)], keys)),
            Shape::Object(inner) if arrays == 0 => {
                if let Some((mut path, keys)) = unwrap_object(inner) {
                    path.insert(0, (key, nth));
                    return Some((path, keys));
                }
            }
            _ => {}
        }
    }
    None
}

// ---- Second pass: the records, one array element at a time.

/// A byte scanner over the (already validated) decoded document: walks to
/// the records array and cuts it into elements, each parsed on its own.
struct Scanner {
    r: BufReader<Box<dyn Read + Send>>,
    buf: Vec<u8>,
    /// Whether the value being scanned is still being copied into `buf`.
    keep: bool,
    /// Bytes of the value being scanned.
    scanned: u64,
}

/// One element of the records array.
enum Element {
    Value(Value),
    /// Over [`MAX_RECORD_BYTES`]: its size in bytes; skipped.
    TooLarge(u64),
}

fn changed() -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::InvalidData,
        "the file changed while it was being read",
    )
}

impl Scanner {
    fn peek(&mut self) -> std::io::Result<Option<u8>> {
        Ok(self.r.fill_buf()?.first().copied())
    }

    fn next_byte(&mut self) -> std::io::Result<u8> {
        let b = self.peek()?.ok_or_else(changed)?;
        self.r.consume(1);
        Ok(b)
    }

    fn skip_ws(&mut self) -> std::io::Result<Option<u8>> {
        loop {
            match self.peek()? {
                Some(b) if b.is_ascii_whitespace() => self.r.consume(1),
                other => return Ok(other),
            }
        }
    }

    fn expect(&mut self, want: u8) -> std::io::Result<()> {
        self.skip_ws()?;
        if self.next_byte()? == want {
            Ok(())
        } else {
            Err(changed())
        }
    }

    /// Keep one byte of the value being copied, while under the limit.
    fn keep_byte(&mut self, b: u8) {
        self.scanned += 1;
        if self.keep {
            if self.buf.len() < MAX_RECORD_BYTES {
                self.buf.push(b);
            } else {
                self.keep = false;
                self.buf = Vec::new();
            }
        }
    }

    /// Copy (when `keep`) or skip one value, the opening byte not yet read.
    /// A value over [`MAX_RECORD_BYTES`] is scanned past but not kept
    /// (`self.keep` is then false).
    fn value(&mut self, keep: bool) -> std::io::Result<()> {
        self.buf.clear();
        self.keep = keep;
        self.scanned = 0;
        let first = self.skip_ws()?.ok_or_else(changed)?;
        let mut depth = 0usize;
        loop {
            let b = self.next_byte()?;
            self.keep_byte(b);
            match b {
                b'"' => self.string_rest()?,
                b'{' | b'[' => depth += 1,
                b'}' | b']' => depth = depth.checked_sub(1).ok_or_else(changed)?,
                _ => {}
            }
            if depth == 0 {
                if first == b'{' || first == b'[' || first == b'"' {
                    return Ok(());
                }
                // A scalar ends before a delimiter or whitespace.
                match self.peek()? {
                    Some(c) if c == b',' || c == b']' || c == b'}' || c.is_ascii_whitespace() => {
                        return Ok(());
                    }
                    None => return Ok(()),
                    _ => {}
                }
            }
        }
    }

    /// The rest of a string after its opening quote, a buffer at a time
    /// (strings are most of a document's bytes).
    fn string_rest(&mut self) -> std::io::Result<()> {
        loop {
            let Scanner {
                r,
                buf,
                keep,
                scanned,
            } = self;
            let avail = r.fill_buf()?;
            if avail.is_empty() {
                return Err(changed());
            }
            let stop = avail.iter().position(|&b| b == b'"' || b == b'\\');
            let n = stop.map_or(avail.len(), |i| i + 1);
            *scanned += n as u64;
            if *keep {
                if buf.len() + n <= MAX_RECORD_BYTES {
                    buf.extend_from_slice(&avail[..n]);
                } else {
                    *keep = false;
                    *buf = Vec::new();
                }
            }
            let last = stop.map(|i| avail[i]);
            r.consume(n);
            match last {
                Some(b'"') => return Ok(()),
                Some(_) => {
                    // A backslash: the escaped byte is part of the string.
                    let e = self.next_byte()?;
                    self.keep_byte(e);
                }
                None => {}
            }
        }
    }

    /// Walk down `path` (member keys) and past the `[` of the array there.
    /// Each step is a key and which occurrence of it (a repeated key: the
    /// last one, whose value serde_json keeps).
    fn enter(&mut self, path: &[(String, usize)]) -> std::io::Result<()> {
        for (depth, (want, nth)) in path.iter().enumerate() {
            self.expect(b'{')?;
            let mut seen = 0;
            loop {
                if self.skip_ws()? == Some(b'}') {
                    return Err(changed());
                }
                self.buf.clear();
                self.keep = true;
                self.expect(b'"')?;
                self.buf.push(b'"');
                self.string_rest()?;
                let key: String = serde_json::from_slice(&self.buf).map_err(|_| changed())?;
                self.expect(b':')?;
                let wanted = self.skip_ws()?;
                let fits = if depth + 1 == path.len() {
                    wanted == Some(b'[')
                } else {
                    wanted == Some(b'{')
                };
                if key == *want {
                    if seen == *nth && fits {
                        break;
                    }
                    seen += 1;
                }
                self.value(false)?;
                if self.skip_ws()? == Some(b',') {
                    self.r.consume(1);
                }
            }
        }
        self.expect(b'[')
    }

    /// The next element of the array, or `None` at its end.
    fn element(&mut self) -> std::io::Result<Option<Element>> {
        match self.skip_ws()? {
            Some(b']') => return Ok(None),
            Some(b',') => self.r.consume(1),
            _ => {}
        }
        if self.skip_ws()? == Some(b']') {
            return Ok(None);
        }
        self.value(true)?;
        if !self.keep {
            return Ok(Some(Element::TooLarge(self.scanned)));
        }
        serde_json::from_slice(&self.buf)
            .map(|v| Some(Element::Value(v)))
            .map_err(|_| changed())
    }
}

/// The union of keys, in order of first appearance.
#[derive(Default)]
struct Keys {
    headers: Vec<String>,
    index: HashMap<String, usize>,
    /// Keys not kept: past [`MAX_COLUMNS`].
    dropped: usize,
}

impl Keys {
    fn add(&mut self, map: &Map<String, Value>) {
        for k in map.keys() {
            if !self.index.contains_key(k) {
                self.add_key(k.clone());
            }
        }
    }

    /// Add one key; past [`MAX_COLUMNS`] keys, new ones are only counted.
    fn add_key(&mut self, k: String) {
        if self.index.contains_key(&k) {
            return;
        }
        if self.headers.len() >= MAX_COLUMNS {
            self.dropped += 1;
            return;
        }
        self.index.insert(k.clone(), self.headers.len());
        self.headers.push(k);
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

/// A JSON array being handed out, element by element.
struct JsonSource {
    meta: TableMeta,
    lookup: HashMap<String, usize>,
    scanner: Scanner,
    /// Why the records array could not be reached again (the file changed).
    failed: Option<std::io::Error>,
    done: bool,
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
        while out.len() - before < max && !self.done {
            let next = match self.failed.take() {
                Some(e) => Err(e),
                None => self.scanner.element(),
            };
            let item = match next {
                Ok(Some(Element::Value(item))) => item,
                Ok(Some(Element::TooLarge(bytes))) => {
                    let index = self.index;
                    self.index += 1;
                    let number = index as u64 + 2;
                    let mib = bytes >> 20;
                    let max = MAX_RECORD_BYTES >> 20;
                    let mut issue = place
                        .issue(
                            "GD003",
                            format!("第 {} 个元素（第 {number} 行）有 {mib} MiB，超过单条记录上限 {max} MiB，已跳过", index + 1),
                            format!("element {} (row {number}) is {mib} MiB, over the limit of {max} MiB for one record; skipped", index + 1),
                        )
                        .at_row(number);
                    issue.pointer = Some(format!("{}/{index}", self.prefix));
                    issues.push(issue);
                    continue;
                }
                Ok(None) => {
                    self.done = true;
                    break;
                }
                Err(e) => {
                    self.done = true;
                    let n = self.index;
                    issues.push(place.issue(
                        "GD001",
                        format!("读到第 {n} 个元素之后无法继续读取：{e}"),
                        format!("cannot read past element {n}: {e}"),
                    ));
                    break;
                }
            };
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
    /// Pass over the rest of a line without keeping it; its length.
    fn skip_line(&mut self) -> std::io::Result<u64> {
        let mut skipped = 0u64;
        loop {
            let avail = self.reader.fill_buf()?;
            if avail.is_empty() {
                return Ok(skipped);
            }
            match avail.iter().position(|&b| b == b'\n') {
                Some(i) => {
                    self.reader.consume(i + 1);
                    return Ok(skipped + i as u64 + 1);
                }
                None => {
                    let n = avail.len();
                    self.reader.consume(n);
                    skipped += n as u64;
                }
            }
        }
    }

    /// The next non-blank line, parsed; `Err` on an I/O error.
    fn next(
        &mut self,
        place: Place<'_>,
        issues: &mut Vec<InputIssue>,
    ) -> std::io::Result<Option<Line>> {
        loop {
            self.buf.clear();
            let limit = MAX_RECORD_BYTES as u64 + 1;
            if (&mut self.reader)
                .take(limit)
                .read_until(b'\n', &mut self.buf)?
                == 0
            {
                return Ok(None);
            }
            self.line += 1;
            let line = self.line;
            if self.buf.len() > MAX_RECORD_BYTES && self.buf.last() != Some(&b'\n') {
                let bytes = self.buf.len() as u64 + self.skip_line()?;
                self.buf = Vec::new();
                let (mib, max) = (bytes >> 20, MAX_RECORD_BYTES >> 20);
                return Ok(Some(Line::Bad(
                    place
                        .issue(
                            "GD003",
                            format!("第 {line} 行有 {mib} MiB，超过单条记录上限 {max} MiB，已跳过"),
                            format!("line {line} is {mib} MiB, over the limit of {max} MiB for one record; skipped"),
                        )
                        .at_row(line),
                )));
            }
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
    fn streamed_past_members_that_look_like_json() {
        // Strings holding brackets and quotes, a wrapper with a scalar
        // array, then the records two levels down, with a key first seen in
        // the last record.
        let src = r#"{"note": "a ] \" [ {", "meta": {"x": [1, 2]}, "data": {"total": 2, "list": [
            {"ticket_id": "1"}, 7, {"content": "]\"}\\", "ticket_id": "2"} ]}}"#;
        let got = read(src.as_bytes(), false);
        let (meta, rows) = &got.tables[0];
        assert_eq!(meta.headers, ["ticket_id", "content"]);
        assert_eq!(rows[0].cells, ["1", ""]);
        assert_eq!(rows[1].number, 4);
        assert_eq!(rows[1].cells, ["2", "]\"}\\"]);
        assert_eq!(got.issues.len(), 1);
        assert_eq!(got.issues[0].pointer.as_deref(), Some("/data/list/1"));
        // A repeated key: its last value, as a parsed document has it.
        let got = read(
            br#"{"data": [{"ticket_id": "1"}], "data": [{"ticket_id": "2", "content": "c"}]}"#,
            false,
        );
        assert_eq!(got.tables[0].1[0].cells, ["2", "c"]);
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
