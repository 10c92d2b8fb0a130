//! CSV/TSV copy: the file is streamed again with the `csv` crate on raw
//! bytes, record by record, and each record's raw bytes are copied as they
//! are unless a cell of it changes. A changed record keeps the bytes (and the
//! quoting) of its other fields and its line ending; only the changed field is
//! re-encoded (in the file's encoding, or the row's own for a GD102 row) and
//! quoted when it was quoted or needs to be.

use std::fs::File;
use std::io::{self, BufReader, Cursor, Read, Seek, SeekFrom, Write};

use encoding_rs::{Encoding, UTF_8};

use super::{Change, Skip, Target};
use crate::input::Format;
use crate::input::csv::{Records, field_ranges};
use crate::input::encoding::{self, FileEncoding, Sniffed};

/// Read `path` (a table described by `meta`) and write its fixed copy to
/// `out`, pushing every change. `progress` is called with the rows done.
///
/// # Errors
/// The file cannot be read again, or is UTF-16.
pub fn fix(
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
        max_cell_chars,
    } = *t;
    let mut file = File::open(path)?;
    let mut head = Vec::with_capacity(encoding::SNIFF_LEN);
    (&mut file)
        .take(encoding::SNIFF_LEN as u64)
        .read_to_end(&mut head)?;
    let complete = head.len() < encoding::SNIFF_LEN;
    let Sniffed::Text(mut det) = encoding::sniff(&head, complete, choice) else {
        return Err(Skip::Unreadable);
    };
    if matches!(det.encoding, FileEncoding::Utf16Le | FileEncoding::Utf16Be) {
        return Err(Skip::Utf16);
    }
    let delimiter = if meta.format == Format::Tsv {
        b'\t'
    } else {
        b','
    };
    let bom = det.bom_len;
    out.write_all(&head[..bom])?;
    let mut start = Cursor::new(head);
    start.set_position(bom as u64);
    let stream: Box<dyn Read + Send> = Box::new(start.chain(file));
    let reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .buffer_capacity(64 * 1024)
        .from_reader(stream);
    let mut records = Records::new(reader);
    let mut raw = BufReader::with_capacity(64 * 1024, File::open(path)?);
    raw.seek(SeekFrom::Start(bom as u64))?;
    let mut copied: u64 = 0;
    let mut pending: Option<Pending> = None;
    let mut done: u64 = 0;
    loop {
        let next = records.next()?;
        let pos = match next {
            Some(_) => records.current_byte(),
            None => u64::MAX,
        };
        // Bytes up to this record belong to the previous one (or lead in).
        let mut chunk = Vec::new();
        if pos == u64::MAX {
            raw.read_to_end(&mut chunk)?;
        } else {
            (&mut raw).take(pos - copied).read_to_end(&mut chunk)?;
            copied = pos;
        }
        match pending.take() {
            Some(p) => write_record(&p, &chunk, delimiter, out)?,
            None => out.write_all(&chunk)?,
        }
        let Some(row) = next else { break };
        done += 1;
        if done % 4096 == 0 {
            progress(done);
        }
        let rec = records.current();
        let bytes = rec.as_slice();
        det.settle(bytes);
        if row <= meta.header_row || bytes.is_empty() {
            pending = Some(Pending::default());
            continue;
        }
        let mut cells = Vec::with_capacity(rec.len());
        let other = det.decode_record(bytes, field_ranges(rec), &mut cells);
        let enc: &'static Encoding = match other {
            Some("UTF-8") => UTF_8,
            Some(_) => encoding_rs::GBK,
            None => file_encoding(det.encoding),
        };
        let mut p = Pending {
            fields: Vec::new(),
            all: Vec::new(),
        };
        let ticket = plan
            .ticket_col
            .and_then(|c| cells.get(c))
            .map(|s| s.trim().to_owned())
            .unwrap_or_default();
        for (col, text) in cells.iter().enumerate() {
            if col >= meta.headers.len()
                || text.contains('\0')
                || text.chars().count() > max_cell_chars
            {
                continue;
            }
            let Some(fix) = fixer.fix_cell(plan, col, text) else {
                continue;
            };
            let (encoded, _, unmappable) = enc.encode(&fix.after);
            if unmappable {
                continue;
            }
            p.fields.push((col, encoded.into_owned()));
            changes.push(Change {
                file: meta.file.clone(),
                sheet: None,
                row,
                column: meta.header(col).to_owned(),
                ticket_id: ticket.clone(),
                rule: fix.rule,
                fix: fix.fix,
                class: fix.class,
                before: text.clone(),
                after: fix.after,
                personal: plan.personal(col),
            });
        }
        if !p.fields.is_empty() {
            p.all = (0..rec.len())
                .map(|i| rec.get(i).unwrap_or_default().to_vec())
                .collect();
        }
        pending = Some(p);
    }
    progress(done);
    Ok(())
}

/// The encoder for a file's encoding. GB18030 files are written with the
/// GBK encoder, so that a GBK export stays GBK (a char outside GBK is then
/// not written, and its cell not fixed).
pub(crate) fn file_encoding(e: FileEncoding) -> &'static Encoding {
    match e {
        FileEncoding::Gb18030 => encoding_rs::GBK,
        FileEncoding::Big5 => encoding_rs::BIG5,
        FileEncoding::Utf8 | FileEncoding::Utf16Le | FileEncoding::Utf16Be => UTF_8,
    }
}

/// A record waiting for its raw bytes: the changed fields (column, new
/// bytes), and all its fields' unquoted bytes for the fallback.
#[derive(Default)]
struct Pending {
    fields: Vec<(usize, Vec<u8>)>,
    all: Vec<Vec<u8>>,
}

/// Write one record: its raw bytes when nothing changed, else the raw bytes
/// with the changed fields spliced in.
fn write_record(p: &Pending, raw: &[u8], delimiter: u8, out: &mut dyn Write) -> io::Result<()> {
    if p.fields.is_empty() {
        return out.write_all(raw);
    }
    // Blank lines the parser skipped before the record stay where they were.
    let lead = raw
        .iter()
        .position(|b| *b != b'\r' && *b != b'\n')
        .unwrap_or(raw.len());
    out.write_all(&raw[..lead])?;
    let body = &raw[lead..];
    let (spans, end) = split_fields(body, delimiter);
    if spans.len() != p.all.len() {
        // The raw scan disagrees with the parser: write the record afresh.
        let mut fields = p.all.clone();
        for (col, bytes) in &p.fields {
            if let Some(f) = fields.get_mut(*col) {
                f.clone_from(bytes);
            }
        }
        for (i, f) in fields.iter().enumerate() {
            if i > 0 {
                out.write_all(&[delimiter])?;
            }
            write_field(f, false, delimiter, out)?;
        }
        return out.write_all(&body[end..]);
    }
    let mut last = 0;
    for (i, span) in spans.iter().enumerate() {
        out.write_all(&body[last..span.start])?;
        match p.fields.iter().find(|(c, _)| *c == i) {
            Some((_, bytes)) => {
                let quoted = body.get(span.start) == Some(&b'"');
                write_field(bytes, quoted, delimiter, out)?;
            }
            None => out.write_all(&body[span.clone()])?,
        }
        last = span.end;
    }
    out.write_all(&body[last..])
}

fn write_field(bytes: &[u8], quoted: bool, delimiter: u8, out: &mut dyn Write) -> io::Result<()> {
    let needs = quoted
        || bytes
            .iter()
            .any(|b| matches!(*b, b'"' | b'\r' | b'\n') || *b == delimiter);
    if !needs {
        return out.write_all(bytes);
    }
    out.write_all(b"\"")?;
    for chunk in bytes.split_inclusive(|b| *b == b'"') {
        out.write_all(chunk)?;
        if chunk.last() == Some(&b'"') {
            out.write_all(b"\"")?;
        }
    }
    out.write_all(b"\"")
}

/// The raw byte span of each field of one record (quotes included), and
/// where the record ends (its line ending follows). Follows `csv`'s quoting:
/// a quote opens only at the start of a field, `""` inside quotes is a quote,
/// and text after a closing quote continues the field.
fn split_fields(body: &[u8], delimiter: u8) -> (Vec<std::ops::Range<usize>>, usize) {
    let mut spans = Vec::new();
    let mut start = 0;
    let mut i = 0;
    let mut quoted = false;
    let mut at_start = true;
    while i < body.len() {
        let b = body[i];
        if quoted {
            if b == b'"' {
                if body.get(i + 1) == Some(&b'"') {
                    i += 2;
                    continue;
                }
                quoted = false;
            }
            i += 1;
            continue;
        }
        if at_start && b == b'"' {
            quoted = true;
            at_start = false;
            i += 1;
            continue;
        }
        at_start = false;
        if b == delimiter {
            spans.push(start..i);
            start = i + 1;
            at_start = true;
        } else if b == b'\r' || b == b'\n' {
            break;
        }
        i += 1;
    }
    spans.push(start..i);
    (spans, i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_split_like_csv() {
        let body = b"a,\"b,\"\"c\"\"\",,\"d\ne\"\r\n";
        let (spans, end) = split_fields(body, b',');
        let got: Vec<&[u8]> = spans.iter().map(|s| &body[s.clone()]).collect();
        assert_eq!(got, vec![&b"a"[..], b"\"b,\"\"c\"\"\"", b"", b"\"d\ne\""]);
        assert_eq!(&body[end..], b"\r\n");
    }

    #[test]
    fn a_changed_field_keeps_the_others_bytes() {
        let p = Pending {
            fields: vec![(1, "x,y".as_bytes().to_vec())],
            all: vec![b"a".to_vec(), b"b".to_vec(), b"c".to_vec()],
        };
        let mut out = Vec::new();
        write_record(&p, b"\n\"a\",b,c\r\n", b',', &mut out).unwrap();
        assert_eq!(out, b"\n\"a\",\"x,y\",c\r\n");
    }
}
