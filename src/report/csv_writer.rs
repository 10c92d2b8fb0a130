//! Stage 5 helper: write CSV records in the encoding the reader of the file
//! expects — UTF-8 with a BOM (Excel opens it correctly), plain UTF-8 (for
//! tools), or GB18030 with CRLF line ends, as Excel on a Chinese Windows
//! writes and reads it. Used by the annotated CSV output; small on purpose
//! so that writing a repaired table in the input's own encoding can reuse it.

use std::io::{self, Write};

/// The encoding of a CSV file gongdan writes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputEncoding {
    /// UTF-8 without a BOM and with LF line ends, for scripts and tools.
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    /// UTF-8 with a BOM and CRLF line ends: Excel and WPS open it as UTF-8.
    #[default]
    #[value(name = "utf-8-bom", alias = "utf8-bom")]
    Utf8Bom,
    /// GB18030 (a superset of GBK) with CRLF line ends, as Excel on a
    /// Chinese Windows expects.
    #[value(name = "gb18030", alias = "gbk")]
    Gb18030,
}

impl OutputEncoding {
    /// Whether records end in CRLF (the Excel-facing encodings) or LF.
    #[must_use]
    pub fn crlf(self) -> bool {
        !matches!(self, OutputEncoding::Utf8)
    }

    /// The name shown to users.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            OutputEncoding::Utf8 => "UTF-8",
            OutputEncoding::Utf8Bom => "UTF-8-BOM",
            OutputEncoding::Gb18030 => "GB18030",
        }
    }
}

/// A CSV writer that encodes each record as it is written. Every Unicode
/// character has a GB18030 encoding, so nothing is ever lost or replaced.
pub struct CsvWriter<W: Write> {
    csv: csv::Writer<Encode<W>>,
}

impl<W: Write> CsvWriter<W> {
    /// Start a file: writes the BOM when the encoding has one.
    ///
    /// # Errors
    /// Whatever writing to `out` returns.
    pub fn new(mut out: W, encoding: OutputEncoding, delimiter: u8) -> io::Result<Self> {
        if encoding == OutputEncoding::Utf8Bom {
            out.write_all("\u{feff}".as_bytes())?;
        }
        let csv = csv::WriterBuilder::new()
            .delimiter(delimiter)
            .terminator(if encoding.crlf() {
                csv::Terminator::CRLF
            } else {
                csv::Terminator::Any(b'\n')
            })
            .flexible(true)
            .from_writer(Encode {
                out,
                gb18030: encoding == OutputEncoding::Gb18030,
                pending: Vec::new(),
            });
        Ok(CsvWriter { csv })
    }

    /// Write one record (quoted where a field needs it).
    ///
    /// # Errors
    /// Whatever writing to the underlying writer returns.
    pub fn write_record<I, T>(&mut self, record: I) -> io::Result<()>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<[u8]>,
    {
        self.csv.write_record(record).map_err(io::Error::other)
    }

    /// Flush and hand back the underlying writer.
    ///
    /// # Errors
    /// Whatever flushing returns.
    pub fn finish(self) -> io::Result<W> {
        let mut enc = self.csv.into_inner().map_err(|e| e.into_error())?;
        enc.finish()?;
        Ok(enc.out)
    }
}

/// UTF-8 bytes in, the chosen encoding out. The CSV writer flushes its
/// buffer at any byte, so a character cut at the end waits for the rest.
struct Encode<W: Write> {
    out: W,
    gb18030: bool,
    pending: Vec<u8>,
}

impl<W: Write> Encode<W> {
    fn encode_pending(&mut self, all: bool) -> io::Result<()> {
        let valid = match std::str::from_utf8(&self.pending) {
            Ok(_) => self.pending.len(),
            Err(e) if e.error_len().is_none() && !all => e.valid_up_to(),
            // Not reachable from `&str` fields; encode what there is.
            Err(_) => self.pending.len(),
        };
        let text = String::from_utf8_lossy(&self.pending[..valid]);
        let (encoded, _, _) = encoding_rs::GB18030.encode(&text);
        self.out.write_all(&encoded)?;
        self.pending.drain(..valid);
        Ok(())
    }

    fn finish(&mut self) -> io::Result<()> {
        if self.gb18030 && !self.pending.is_empty() {
            self.encode_pending(true)?;
        }
        self.out.flush()
    }
}

impl<W: Write> Write for Encode<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.gb18030 {
            self.pending.extend_from_slice(buf);
            self.encode_pending(false)?;
        } else {
            self.out.write_all(buf)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(encoding: OutputEncoding) -> Vec<u8> {
        let mut w = CsvWriter::new(Vec::new(), encoding, b',').unwrap();
        w.write_record(["工单编号", "办结内容"]).unwrap();
        w.write_record(["SY001", "已联系市民，\n路灯已修复, \"好\""])
            .unwrap();
        w.finish().unwrap()
    }

    #[test]
    fn utf8_bom_starts_with_the_bom_and_ends_lines_in_crlf() {
        let b = write(OutputEncoding::Utf8Bom);
        assert!(b.starts_with(&[0xEF, 0xBB, 0xBF]));
        let s = std::str::from_utf8(&b[3..]).unwrap();
        assert_eq!(
            s,
            "工单编号,办结内容\r\nSY001,\"已联系市民，\n路灯已修复, \"\"好\"\"\"\r\n"
        );
    }

    #[test]
    fn gb18030_round_trips_and_uses_crlf() {
        let b = write(OutputEncoding::Gb18030);
        assert!(std::str::from_utf8(&b).is_err(), "not UTF-8 any more");
        let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(&b);
        assert!(!had_errors);
        let utf8 = write(OutputEncoding::Utf8Bom);
        assert_eq!(text, std::str::from_utf8(&utf8[3..]).unwrap());
    }

    #[test]
    fn plain_utf8_has_no_bom_and_lf() {
        let b = write(OutputEncoding::Utf8);
        let s = std::str::from_utf8(&b).unwrap();
        assert!(s.starts_with("工单编号,办结内容\nSY001"));
    }
}
