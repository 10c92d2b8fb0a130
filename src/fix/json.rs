//! JSON and JSON Lines copy. A JSON document (an array of objects, or an
//! object wrapping one) is parsed with its keys in their order
//! (`serde_json`'s `preserve_order`), its records' string values fixed, and
//! written back in the same layout: compact or indented as the input was,
//! with its line endings, byte-order mark and encoding. JSON Lines is
//! streamed line by line; a line without a change is copied byte for byte.

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Write};

use encoding_rs::{Encoding, UTF_8};
use serde::Serialize;
use serde_json::{Map, Value};

use super::Skip;
use super::csv::file_encoding;
use super::{Change, Fixer, TablePlan, Target};
use crate::input::TableMeta;
use crate::input::encoding::{self, Sniffed};

/// Fix the string values of one record; `row` is its spreadsheet row.
fn fix_object(
    map: &mut Map<String, Value>,
    row: u64,
    columns: &HashMap<&str, usize>,
    ctx: &Ctx<'_>,
    changes: &mut Vec<Change>,
) -> bool {
    let ticket = ctx
        .plan
        .ticket_col
        .and_then(|c| ctx.meta.headers.get(c))
        .and_then(|k| map.get(k))
        .and_then(Value::as_str)
        .map(|s| s.trim().to_owned())
        .unwrap_or_default();
    let mut changed = false;
    for (key, value) in map.iter_mut() {
        let Value::String(text) = value else { continue };
        let Some(&col) = columns.get(key.as_str()) else {
            continue;
        };
        let Some(fix) = ctx.fixer.fix_cell(ctx.plan, col, text) else {
            continue;
        };
        let (_, _, unmappable) = ctx.enc.encode(&fix.after);
        if unmappable {
            continue;
        }
        changes.push(Change {
            file: ctx.meta.file.clone(),
            sheet: None,
            row,
            column: key.clone(),
            ticket_id: ticket.clone(),
            rule: fix.rule,
            fix: fix.fix,
            class: fix.class,
            before: std::mem::take(text),
            after: fix.after.clone(),
            personal: ctx.plan.personal(col),
        });
        *text = fix.after;
        changed = true;
    }
    changed
}

struct Ctx<'a> {
    meta: &'a TableMeta,
    plan: &'a TablePlan,
    fixer: &'a Fixer,
    enc: &'static Encoding,
}

fn header_index(meta: &TableMeta) -> HashMap<&str, usize> {
    meta.headers
        .iter()
        .enumerate()
        .map(|(i, h)| (h.as_str(), i))
        .collect()
}

/// The JSON pointer of the records array, found as the reader finds it: the
/// document itself, or the one array of objects inside an object (two
/// levels deep at most).
fn records_pointer(v: &Value, depth: u32) -> Option<String> {
    match v {
        Value::Array(_) if depth == 2 => Some(String::new()),
        Value::Object(map) => {
            let is_records = |v: &Value| match v {
                Value::Array(a) => a.iter().any(Value::is_object) || a.is_empty(),
                _ => false,
            };
            let arrays = map.values().filter(|v| is_records(v)).count();
            if arrays > 1 {
                return None;
            }
            for (key, v) in map {
                let p = format!("/{}", key.replace('~', "~0").replace('/', "~1"));
                if arrays == 1 && is_records(v) {
                    return Some(p);
                }
                if arrays == 0 && depth > 1 && v.is_object() {
                    if let Some(rest) = records_pointer(v, depth - 1) {
                        return Some(p + &rest);
                    }
                }
            }
            None
        }
        _ => None,
    }
}

/// Fix a JSON document.
///
/// # Errors
/// The file cannot be read, decoded or parsed again.
pub fn fix_document(
    t: &Target<'_>,
    out: &mut dyn Write,
    changes: &mut Vec<Change>,
) -> Result<(), Skip> {
    let Target {
        path,
        meta,
        plan,
        fixer,
        choice,
        ..
    } = *t;
    let bytes = std::fs::read(path)?;
    let head = &bytes[..bytes.len().min(encoding::SNIFF_LEN)];
    let Sniffed::Text(det) = encoding::sniff(head, head.len() == bytes.len(), choice) else {
        return Err(Skip::Unreadable);
    };
    let text = det.decode_all(&bytes);
    let mut doc: Value = serde_json::from_str(&text).map_err(|_| Skip::Unreadable)?;
    let pointer = records_pointer(&doc, 2).ok_or(Skip::Unreadable)?;
    let ctx = Ctx {
        meta,
        plan,
        fixer,
        enc: file_encoding(det.encoding),
    };
    let columns = header_index(meta);
    let mut changed = false;
    if let Some(Value::Array(items)) = doc.pointer_mut(&pointer) {
        for (i, item) in items.iter_mut().enumerate() {
            if let Value::Object(map) = item {
                let row = meta.header_row + 1 + i as u64;
                changed |= fix_object(map, row, &columns, &ctx, changes);
            }
        }
    }
    if !changed {
        return out.write_all(&bytes).map_err(Skip::Io);
    }
    let mut body = Vec::new();
    match indent_of(&text) {
        Some(indent) => {
            let fmt = serde_json::ser::PrettyFormatter::with_indent(indent.as_bytes());
            let mut ser = serde_json::Serializer::with_formatter(&mut body, fmt);
            doc.serialize(&mut ser).map_err(io::Error::other)?;
        }
        None => serde_json::to_writer(&mut body, &doc).map_err(io::Error::other)?,
    }
    let mut s = String::from_utf8(body).map_err(io::Error::other)?;
    if text.trim_end_matches([' ', '\t']).ends_with('\n') {
        s.push('\n');
    }
    if text.contains("\r\n") {
        s = s.replace('\n', "\r\n");
    }
    out.write_all(&bytes[..det.bom_len])?;
    let (encoded, _, _) = ctx.enc.encode(&s);
    out.write_all(&encoded)?;
    Ok(())
}

/// The indentation of an indented document (the whitespace that starts its
/// second line), or `None` for a one-line document.
fn indent_of(text: &str) -> Option<String> {
    let body = text.trim();
    let nl = body.find('\n')?;
    let rest = &body[nl + 1..];
    let indent: String = rest
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    Some(if indent.is_empty() {
        "  ".to_owned()
    } else {
        indent
    })
}

/// Fix a JSON Lines file, line by line.
///
/// # Errors
/// The file cannot be read again.
pub fn fix_lines(
    t: &Target<'_>,
    out: &mut dyn Write,
    changes: &mut Vec<Change>,
    progress: &dyn Fn(u64),
) -> Result<(), Skip> {
    let Target {
        path,
        meta,
        plan,
        fixer,
        choice,
        ..
    } = *t;
    let mut reader = BufReader::with_capacity(64 * 1024, File::open(path)?);
    let head = reader.fill_buf()?.to_vec();
    let Sniffed::Text(det) = encoding::sniff(&head, head.len() < encoding::SNIFF_LEN, choice)
    else {
        return Err(Skip::Unreadable);
    };
    out.write_all(&head[..det.bom_len])?;
    reader.consume(det.bom_len);
    let file_enc = file_encoding(det.encoding);
    let columns = header_index(meta);
    let mut line = Vec::new();
    let mut number: u64 = 0;
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line)? == 0 {
            break;
        }
        number += 1;
        if number % 4096 == 0 {
            progress(number);
        }
        let end = line.len()
            - line
                .iter()
                .rev()
                .take_while(|b| **b == b'\n' || **b == b'\r')
                .count();
        let (content, ending) = line.split_at(end);
        // A line is written back in the encoding it was read in: the file's,
        // or the other one for a GD102 line.
        let (text, enc) = match std::str::from_utf8(content) {
            Ok(s) if s.is_ascii() => (s.to_owned(), file_enc),
            Ok(s) => (s.to_owned(), UTF_8),
            Err(_) => {
                let (t, mixed) = det.decode_text(content);
                (
                    t,
                    if mixed.is_some() {
                        encoding_rs::GBK
                    } else {
                        file_enc
                    },
                )
            }
        };
        let Ok(mut map) = serde_json::from_str::<Map<String, Value>>(&text) else {
            out.write_all(&line)?;
            continue;
        };
        let ctx = Ctx {
            meta,
            plan,
            fixer,
            enc,
        };
        if !fix_object(&mut map, number, &columns, &ctx, changes) {
            out.write_all(&line)?;
            continue;
        }
        let s = serde_json::to_string(&map).map_err(io::Error::other)?;
        out.write_all(&enc.encode(&s).0)?;
        out.write_all(ending)?;
    }
    progress(number);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_records_array() {
        let v: Value = serde_json::from_str(r#"{"code":0,"data":{"rows":[{"a":1}]}}"#).unwrap();
        assert_eq!(records_pointer(&v, 2).as_deref(), Some("/data/rows"));
        let v: Value = serde_json::from_str(r#"[{"a":1}]"#).unwrap();
        assert_eq!(records_pointer(&v, 2).as_deref(), Some(""));
    }

    #[test]
    fn indentation_is_kept() {
        assert_eq!(indent_of("[\n    {\"a\": 1}\n]\n").as_deref(), Some("    "));
        assert_eq!(indent_of("[{\"a\":1}]"), None);
    }
}
