//! The change log of `gongdan fix`: `changes.csv` (UTF-8 with a BOM, so
//! Excel and WPS open it as UTF-8), `changes.json`, and the `--diff` text.
//! One line per changed cell; personal data masked unless asked otherwise.

use std::io::{self, Read, Write};
use std::path::Path;

use serde::Serialize;

use super::Change;
use crate::privacy;
use crate::report::Lang;

/// Columns of `changes.csv`, in order.
pub const COLUMNS: [&str; 10] = [
    "file",
    "sheet",
    "row",
    "column",
    "ticket_id",
    "rule",
    "fix",
    "class",
    "before",
    "after",
];

/// Whether `path` is a change log written by `gongdan fix` (`changes.csv`
/// or `changes.json` starting as gongdan writes them). A folder walk skips
/// it, so that checking or fixing a fixed folder does not read its log.
#[must_use]
pub fn is_change_log(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if name != "changes.csv" && name != "changes.json" {
        return false;
    }
    let mut head = [0u8; 64];
    let n = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .unwrap_or(0);
    let head = &head[..n];
    let csv_header = format!("\u{feff}{}", COLUMNS.join(","));
    head.starts_with(csv_header.as_bytes())
        || head.starts_with(b"{\n  \"version\": 1,\n  \"tool\": \"gongdan")
}

/// A change as shown: masked unless `show_personal`.
fn shown(c: &Change, show_personal: bool) -> Change {
    if show_personal {
        return c.clone();
    }
    let mask = |s: &str| {
        if c.personal {
            privacy::mask_value(s)
        } else {
            privacy::mask_text(s).into_owned()
        }
    };
    Change {
        before: mask(&c.before),
        after: mask(&c.after),
        ticket_id: privacy::mask_text(&c.ticket_id).into_owned(),
        ..c.clone()
    }
}

/// Write `changes.csv`.
///
/// # Errors
/// Writing fails.
pub fn write_csv(changes: &[Change], show_personal: bool, out: &mut dyn Write) -> io::Result<()> {
    out.write_all("\u{feff}".as_bytes())?;
    let mut w = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(out);
    w.write_record(COLUMNS)?;
    for c in changes {
        let c = shown(c, show_personal);
        w.write_record([
            c.file.as_str(),
            c.sheet.as_deref().unwrap_or(""),
            &c.row.to_string(),
            &c.column,
            &c.ticket_id,
            c.rule,
            c.fix,
            c.class.as_str(),
            &c.before,
            &c.after,
        ])?;
    }
    w.flush()
}

#[derive(Serialize)]
struct Doc<'a> {
    version: u32,
    tool: &'a str,
    unsafe_fixes: bool,
    changes: Vec<Change>,
}

/// Write `changes.json`: `{version, tool, unsafe_fixes, changes: [...]}`.
///
/// # Errors
/// Writing fails.
pub fn write_json(
    changes: &[Change],
    show_personal: bool,
    unsafe_fixes: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    let doc = Doc {
        version: 1,
        tool: concat!("gongdan ", env!("CARGO_PKG_VERSION")),
        unsafe_fixes,
        changes: changes.iter().map(|c| shown(c, show_personal)).collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &doc).map_err(io::Error::other)?;
    out.write_all(b"\n")
}

/// Write the `--diff` text: one block per changed cell.
///
/// # Errors
/// Writing fails.
pub fn write_diff(
    changes: &[Change],
    show_personal: bool,
    lang: Lang,
    out: &mut dyn Write,
) -> io::Result<()> {
    for c in changes {
        let c = shown(c, show_personal);
        let place = match &c.sheet {
            Some(s) => format!("{}[{s}]", c.file),
            None => c.file.clone(),
        };
        let ticket = if c.ticket_id.is_empty() {
            String::new()
        } else {
            lang.pick(
                &format!(" 工单 {}", c.ticket_id),
                &format!(" ticket {}", c.ticket_id),
            )
            .to_owned()
        };
        writeln!(
            out,
            "{place}:{}{} 「{}」 {} {} ({})",
            c.row,
            ticket,
            c.column,
            c.rule,
            c.fix,
            lang.pick(
                if c.class == super::FixClass::Safe {
                    "安全"
                } else {
                    "不安全"
                },
                c.class.as_str()
            ),
        )?;
        writeln!(out, "  - {}", c.before.replace('\n', "\n    "))?;
        writeln!(out, "  + {}", c.after.replace('\n', "\n    "))?;
    }
    Ok(())
}
