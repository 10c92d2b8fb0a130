//! Bytes → text for the readers: which encoding a file is in (BOM, UTF-8
//! validity, chardetng, `--encoding`), whether it is text at all (GD001), and
//! how each record is decoded — per record, because concatenated exports mix
//! GBK and UTF-8 rows (GD102).
//!
//! Detection looks at the first block of a file only ([`SNIFF_LEN`]); the
//! readers stream the rest.

use std::borrow::Cow;
use std::io::{self, Read};
use std::ops::Range;

use encoding_rs::{BIG5, Decoder, Encoding, GB18030, UTF_16BE, UTF_16LE};

use super::EncodingChoice;

/// How much of a file is looked at to detect its encoding and binary content.
pub const SNIFF_LEN: usize = 64 * 1024;

/// The encodings a text file can be read in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileEncoding {
    Utf8,
    Gb18030,
    Big5,
    /// Transcoded to UTF-8 by [`Utf16Reader`] before parsing.
    Utf16Le,
    Utf16Be,
}

/// What detection decided for one file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Detection {
    pub encoding: FileEncoding,
    /// Reported in `TableMeta::encoding`: `UTF-8`, `UTF-8-BOM`, `GB18030`, …
    pub name: &'static str,
    /// Bytes of byte-order mark to skip.
    pub bom_len: usize,
    /// Chosen by `--encoding`: then no row is re-decoded and no GD102 raised.
    pub explicit: bool,
    /// The first block was all ASCII (a long English-headed prefix): the
    /// encoding is settled by the first non-ASCII record.
    pub undecided: bool,
}

/// Result of looking at a file's first block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Sniffed {
    Text(Detection),
    /// Not text: why, in Chinese and English (GD001).
    Binary {
        zh: String,
        en: String,
    },
    /// No bytes (or only a byte-order mark).
    Empty,
}

/// Look at the first block of a file (`complete` when it is the whole file)
/// and decide whether it is text and in which encoding.
#[must_use]
pub fn sniff(head: &[u8], complete: bool, choice: EncodingChoice) -> Sniffed {
    let text = |encoding, name, bom_len, explicit| {
        Sniffed::Text(Detection {
            encoding,
            name,
            bom_len,
            explicit,
            undecided: false,
        })
    };
    // A UTF-16 BOM is unambiguous, so it wins even over `--encoding`:
    // reading UTF-16 as UTF-8 or GBK can only produce garbage.
    if head.starts_with(&[0xFF, 0xFE]) && !head.starts_with(&[0xFF, 0xFE, 0, 0]) {
        return if head.len() == 2 {
            Sniffed::Empty
        } else {
            text(FileEncoding::Utf16Le, "UTF-16LE", 2, false)
        };
    }
    if head.starts_with(&[0xFE, 0xFF]) {
        return if head.len() == 2 {
            Sniffed::Empty
        } else {
            text(FileEncoding::Utf16Be, "UTF-16BE", 2, false)
        };
    }
    let utf8_bom = head.starts_with(&[0xEF, 0xBB, 0xBF]);
    let bom_len = if utf8_bom { 3 } else { 0 };
    let body = &head[bom_len..];
    if body.is_empty() {
        return Sniffed::Empty;
    }
    if let Some((zh, en)) = binary_magic(body) {
        return Sniffed::Binary {
            zh: zh.to_owned(),
            en: en.to_owned(),
        };
    }
    if let Some(utf16) = utf16_without_bom(body) {
        return utf16;
    }
    if let Some(binary) = control_heavy(body) {
        return binary;
    }
    match choice {
        EncodingChoice::Utf8 => return text(FileEncoding::Utf8, "UTF-8", bom_len, true),
        EncodingChoice::Gb18030 => return text(FileEncoding::Gb18030, "GB18030", bom_len, true),
        EncodingChoice::Auto => {}
    }
    if utf8_bom {
        return text(FileEncoding::Utf8, "UTF-8-BOM", 3, false);
    }
    if is_utf8_prefix(body, complete) || mostly_utf8_lines(body) {
        return Sniffed::Text(Detection {
            encoding: FileEncoding::Utf8,
            name: "UTF-8",
            bom_len: 0,
            explicit: false,
            // All ASCII so far proves nothing: the first non-ASCII record
            // decides (see `Detection::settle`).
            undecided: !complete && body.is_ascii(),
        });
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(body, complete);
    // Exports come from mainland platforms: GBK unless the bytes clearly say
    // Big5. GB18030 is reported because it decodes every GBK file the same.
    match detector.guess_assess(Some(b"cn"), false) {
        (enc, true) if enc == BIG5 => text(FileEncoding::Big5, "Big5", 0, false),
        _ => text(FileEncoding::Gb18030, "GB18030", 0, false),
    }
}

/// Whether `bytes` is UTF-8, allowing a character cut at the end of a block.
fn is_utf8_prefix(bytes: &[u8], complete: bool) -> bool {
    match std::str::from_utf8(bytes) {
        Ok(_) => true,
        // `error_len() == None`: the input ended inside a character, which a
        // block boundary does; only an error in the middle is real.
        Err(e) => !complete && e.error_len().is_none(),
    }
}

/// A UTF-8 export with a few GBK rows pasted in is still a UTF-8 file (the
/// GBK rows get GD102): count the non-ASCII lines of each kind.
fn mostly_utf8_lines(bytes: &[u8]) -> bool {
    let (mut utf8, mut other) = (0usize, 0usize);
    for line in bytes.split(|&b| b == b'\n').filter(|l| !l.is_ascii()) {
        match std::str::from_utf8(line) {
            Ok(_) => utf8 += 1,
            // A line cut at the end of the block proves nothing.
            Err(e) if e.error_len().is_none() => {}
            Err(_) => other += 1,
        }
    }
    utf8 > other
}

/// Well-known binary signatures.
pub(crate) fn binary_magic(b: &[u8]) -> Option<(&'static str, &'static str)> {
    const MAGIC: &[(&[u8], &str, &str)] = &[
        (
            b"PK\x03\x04",
            "看起来是 XLSX/ZIP 文件却以文本扩展名命名（文件头为 PK）；请改成 .xlsx 扩展名或导出为 CSV",
            "looks like an XLSX/ZIP file named as text (starts with PK); rename it to .xlsx or export as CSV",
        ),
        (
            b"PK\x05\x06",
            "看起来是 XLSX/ZIP 文件却以文本扩展名命名（文件头为 PK）",
            "looks like an XLSX/ZIP file named as text (starts with PK)",
        ),
        (
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
            "看起来是旧版 Excel（.xls）或 Office 二进制文件",
            "looks like an old Excel (.xls) or Office binary file",
        ),
        (
            b"%PDF",
            "这是 PDF 文件，不是表格",
            "this is a PDF file, not a table",
        ),
        (
            b"\x89PNG",
            "这是 PNG 图片，不是表格",
            "this is a PNG image, not a table",
        ),
        (
            b"\xFF\xD8\xFF",
            "这是 JPEG 图片，不是表格",
            "this is a JPEG image, not a table",
        ),
        (
            b"GIF8",
            "这是 GIF 图片，不是表格",
            "this is a GIF image, not a table",
        ),
        (
            b"\x1F\x8B",
            "这是 gzip 压缩文件，请先解压",
            "this is a gzip archive; decompress it first",
        ),
        (
            b"7z\xBC\xAF\x27\x1C",
            "这是 7z 压缩文件，请先解压",
            "this is a 7z archive; extract it first",
        ),
        (
            b"Rar!",
            "这是 RAR 压缩文件，请先解压",
            "this is a RAR archive; extract it first",
        ),
        (
            b"\x7FELF",
            "这是可执行程序，不是表格",
            "this is an executable, not a table",
        ),
    ];
    MAGIC
        .iter()
        .find(|(m, _, _)| b.starts_with(m))
        .map(|(_, zh, en)| (*zh, *en))
}

/// UTF-16 without a BOM shows as NUL bytes on one parity only (the high
/// byte of every ASCII character). Decoded when that pattern is clear and the
/// block decodes cleanly; otherwise GD001, since it cannot be told.
fn utf16_without_bom(b: &[u8]) -> Option<Sniffed> {
    let even = b.iter().step_by(2).filter(|&&x| x == 0).count();
    let odd = b.iter().skip(1).step_by(2).filter(|&&x| x == 0).count();
    let half = b.len() / 2;
    if half == 0 || (even + odd) * 20 < b.len() {
        return None;
    }
    let (enc, name, kind, hits, other) = if odd > even {
        (UTF_16LE, "UTF-16LE", FileEncoding::Utf16Le, odd, even)
    } else {
        (UTF_16BE, "UTF-16BE", FileEncoding::Utf16Be, even, odd)
    };
    let one_sided = hits * 10 >= half && other * 50 <= hits;
    let even_len = &b[..b.len() & !1];
    let clean = one_sided
        && enc
            .decode_without_bom_handling_and_without_replacement(even_len)
            .is_some();
    if clean {
        return Some(Sniffed::Text(Detection {
            encoding: kind,
            name,
            bom_len: 0,
            explicit: false,
            undecided: false,
        }));
    }
    if one_sided {
        return Some(Sniffed::Binary {
            zh: "疑似没有字节序标记（BOM）的 UTF-16 文本，但无法可靠解码；请另存为 UTF-8 或 GBK".to_owned(),
            en: "looks like UTF-16 text without a byte-order mark but cannot be decoded reliably; save it as UTF-8 or GBK"
                .to_owned(),
        });
    }
    None
}

/// Text has few control bytes; a block with many NULs or other C0 controls
/// is binary. A handful of NULs inside a CSV stays text (GD003 per row).
fn control_heavy(b: &[u8]) -> Option<Sniffed> {
    let nul = b.iter().filter(|&&x| x == 0).count();
    let control = b
        .iter()
        .filter(|&&x| x < 0x20 && !matches!(x, b'\t' | b'\n' | b'\r' | 0x0C | 0x1B))
        .count();
    // A few stray bytes in a tiny file are still text (GD003 per row).
    if control > 4 && (nul * 10 > b.len() || control * 20 > b.len()) {
        return Some(Sniffed::Binary {
            zh: format!(
                "不是文本文件：开头 {} 字节中有 {} 个控制字节（其中 NUL {} 个）",
                b.len(),
                control,
                nul
            ),
            en: format!(
                "not a text file: {} control bytes ({} NUL) in the first {} bytes",
                control,
                nul,
                b.len()
            ),
        });
    }
    None
}

/// Decode `bytes` in a whole-file encoding, replacing what does not decode.
fn lossy(enc: &'static Encoding, bytes: &[u8]) -> String {
    enc.decode_without_bom_handling(bytes).0.into_owned()
}

fn utf8_lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

impl Detection {
    /// Settle an undecided detection on a record's bytes: the first
    /// non-ASCII record names the file's encoding (UTF-8 if it is valid
    /// UTF-8, else GB18030). Returns `true` when the encoding was settled now.
    pub fn settle(&mut self, bytes: &[u8]) -> bool {
        if !self.undecided || bytes.is_ascii() {
            return false;
        }
        self.undecided = false;
        if std::str::from_utf8(bytes).is_err() {
            self.encoding = FileEncoding::Gb18030;
            self.name = "GB18030";
        }
        true
    }

    /// The encoding of the bytes the parser sees (UTF-16 is transcoded to
    /// UTF-8 before parsing).
    fn stream_encoding(&self) -> FileEncoding {
        match self.encoding {
            FileEncoding::Utf16Le | FileEncoding::Utf16Be => FileEncoding::Utf8,
            e => e,
        }
    }

    /// Whether rows may be re-decoded in the other encoding (GD102).
    fn per_row(&self) -> bool {
        !self.explicit && matches!(self.encoding, FileEncoding::Utf8 | FileEncoding::Gb18030)
    }

    /// Decode one record — `bytes` holding its fields back to back at
    /// `ranges` — appending one `String` per field to `out`. Returns the
    /// name of the encoding used when it differs from the file's (GD102).
    ///
    /// The whole record decides: GBK text is almost never valid UTF-8, so a
    /// valid non-ASCII UTF-8 record in a GBK file is UTF-8; a record that is
    /// not UTF-8 in a UTF-8 file but decodes cleanly as GB18030 is GBK.
    /// Anything else is decoded lossily in the file's encoding (U+FFFD stays
    /// for the garble rule to report).
    pub fn decode_record(
        &self,
        bytes: &[u8],
        ranges: impl Iterator<Item = Range<usize>> + Clone,
        out: &mut Vec<String>,
    ) -> Option<&'static str> {
        let start = out.len();
        match self.stream_encoding() {
            FileEncoding::Utf8 => match std::str::from_utf8(bytes) {
                Ok(s) => push_str_fields(s, bytes, ranges, out),
                Err(_) => {
                    if self.per_row() && strict_fields(GB18030, bytes, ranges.clone(), out) {
                        return Some("GB18030");
                    }
                    out.truncate(start);
                    out.extend(ranges.map(|r| utf8_lossy(&bytes[r])));
                }
            },
            FileEncoding::Gb18030 if bytes.is_ascii() => match std::str::from_utf8(bytes) {
                Ok(s) => push_str_fields(s, bytes, ranges, out),
                Err(_) => out.extend(ranges.map(|r| utf8_lossy(&bytes[r]))),
            },
            FileEncoding::Gb18030 => {
                if self.per_row() {
                    if let Ok(s) = std::str::from_utf8(bytes) {
                        push_str_fields(s, bytes, ranges, out);
                        return Some("UTF-8");
                    }
                }
                out.extend(ranges.map(|r| lossy(GB18030, &bytes[r])));
            }
            // UTF-16 never gets here: `stream_encoding` maps it to UTF-8.
            FileEncoding::Big5 | FileEncoding::Utf16Le | FileEncoding::Utf16Be => {
                out.extend(ranges.map(|r| lossy(BIG5, &bytes[r])));
            }
        }
        None
    }

    /// Decode one piece of text (a JSON Lines line) the way
    /// [`Detection::decode_record`] decodes a one-field record.
    pub fn decode_text(&self, bytes: &[u8]) -> (String, Option<&'static str>) {
        let mut out = Vec::with_capacity(1);
        let mixed = self.decode_record(bytes, std::iter::once(0..bytes.len()), &mut out);
        (out.pop().unwrap_or_default(), mixed)
    }

    /// Decode a whole buffer in the file's encoding (JSON documents).
    #[must_use]
    pub fn decode_all<'a>(&self, bytes: &'a [u8]) -> Cow<'a, str> {
        let bytes = &bytes[self.bom_len.min(bytes.len())..];
        match self.encoding {
            FileEncoding::Utf8 => String::from_utf8_lossy(bytes),
            FileEncoding::Gb18030 => GB18030.decode_without_bom_handling(bytes).0,
            FileEncoding::Big5 => BIG5.decode_without_bom_handling(bytes).0,
            FileEncoding::Utf16Le => UTF_16LE.decode_without_bom_handling(bytes).0,
            FileEncoding::Utf16Be => UTF_16BE.decode_without_bom_handling(bytes).0,
        }
    }
}

/// Fields of an already validated record, sliced without re-validating.
fn push_str_fields(
    s: &str,
    bytes: &[u8],
    ranges: impl Iterator<Item = Range<usize>>,
    out: &mut Vec<String>,
) {
    for r in ranges {
        // `get` fails only when a field boundary splits a character, which
        // a valid record can only do if a field ends mid-character.
        out.push(
            s.get(r.clone())
                .map_or_else(|| utf8_lossy(&bytes[r]), str::to_owned),
        );
    }
}

/// Decode every field strictly; `false` (with `out` partly filled) when one
/// field has a malformed sequence.
fn strict_fields(
    enc: &'static Encoding,
    bytes: &[u8],
    ranges: impl Iterator<Item = Range<usize>>,
    out: &mut Vec<String>,
) -> bool {
    for r in ranges {
        match enc.decode_without_bom_handling_and_without_replacement(&bytes[r]) {
            Some(text) => out.push(text.into_owned()),
            None => return false,
        }
    }
    true
}

/// A reader that turns UTF-16 into UTF-8 on the fly, so a UTF-16 CSV is
/// parsed by the same streaming byte parser as every other file.
pub struct Utf16Reader<R> {
    inner: R,
    decoder: Decoder,
    input: Vec<u8>,
    output: Vec<u8>,
    pos: usize,
    done: bool,
}

impl<R: Read> Utf16Reader<R> {
    /// Wrap `inner` (positioned after any BOM).
    pub fn new(inner: R, encoding: FileEncoding) -> Self {
        // Also a plain decoding reader for the other encodings (the JSON
        // reader streams a GB18030 document through it; UTF-8 comes out
        // with malformed bytes replaced, as `decode_all` does).
        let enc = match encoding {
            FileEncoding::Utf16Be => UTF_16BE,
            FileEncoding::Utf16Le => UTF_16LE,
            FileEncoding::Utf8 => encoding_rs::UTF_8,
            FileEncoding::Gb18030 => GB18030,
            FileEncoding::Big5 => BIG5,
        };
        Utf16Reader {
            inner,
            decoder: enc.new_decoder_without_bom_handling(),
            input: vec![0; 32 * 1024],
            output: Vec::new(),
            pos: 0,
            done: false,
        }
    }
}

impl<R: Read> Read for Utf16Reader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            if self.pos < self.output.len() {
                let n = buf.len().min(self.output.len() - self.pos);
                buf[..n].copy_from_slice(&self.output[self.pos..self.pos + n]);
                self.pos += n;
                return Ok(n);
            }
            if self.done {
                return Ok(0);
            }
            let n = self.inner.read(&mut self.input)?;
            let last = n == 0;
            // Room for the worst case, so the decoder consumes all input.
            let room = self.decoder.max_utf8_buffer_length(n).unwrap_or(n * 3 + 16);
            self.output.clear();
            self.output.resize(room, 0);
            let (_, _, written, _) =
                self.decoder
                    .decode_to_utf8(&self.input[..n], &mut self.output, last);
            self.output.truncate(written);
            self.pos = 0;
            self.done = last;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detect(b: &[u8]) -> Detection {
        match sniff(b, true, EncodingChoice::Auto) {
            Sniffed::Text(d) => d,
            other => panic!("not text: {other:?}"),
        }
    }

    fn gbk(s: &str) -> Vec<u8> {
        GB18030.encode(s).0.into_owned()
    }

    #[test]
    fn detects_boms_utf8_and_gbk() {
        assert_eq!(detect("工单编号,内容\n".as_bytes()).name, "UTF-8");
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice("工单编号\n".as_bytes());
        let d = detect(&bom);
        assert_eq!((d.name, d.bom_len), ("UTF-8-BOM", 3));
        assert_eq!(
            detect(&gbk("工单编号,反映内容\n12,市民反映路灯不亮\n")).name,
            "GB18030"
        );
        assert_eq!(
            detect(&[0xFF, 0xFE, b'a', 0]).encoding,
            FileEncoding::Utf16Le
        );
        assert_eq!(
            detect(&[0xFE, 0xFF, 0, b'a']).encoding,
            FileEncoding::Utf16Be
        );
    }

    #[test]
    fn utf8_cut_at_block_end_is_still_utf8() {
        let s = "市民反映".as_bytes();
        let cut = &s[..s.len() - 1];
        assert!(
            matches!(sniff(cut, false, EncodingChoice::Auto), Sniffed::Text(d) if d.name == "UTF-8")
        );
        assert!(
            matches!(sniff(cut, true, EncodingChoice::Auto), Sniffed::Text(d) if d.name == "GB18030")
        );
    }

    #[test]
    fn override_wins_and_disables_per_row() {
        let Sniffed::Text(d) = sniff("abc".as_bytes(), true, EncodingChoice::Gb18030) else {
            panic!()
        };
        assert!(d.explicit);
        assert_eq!(d.encoding, FileEncoding::Gb18030);
        let utf8_row = "市民".as_bytes();
        let mut out = Vec::new();
        assert_eq!(
            d.decode_record(utf8_row, std::iter::once(0..utf8_row.len()), &mut out),
            None
        );
    }

    #[test]
    fn binary_content_is_refused() {
        let Sniffed::Binary { en, .. } =
            sniff(b"PK\x03\x04\x14\x00rest", true, EncodingChoice::Auto)
        else {
            panic!()
        };
        assert!(en.contains("XLSX/ZIP"), "{en}");
        assert!(matches!(
            sniff(b"%PDF-1.7\n", true, EncodingChoice::Auto),
            Sniffed::Binary { .. }
        ));
        let noise: Vec<u8> = (0..4096u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        assert!(matches!(
            sniff(&noise, true, EncodingChoice::Auto),
            Sniffed::Binary { .. }
        ));
        assert_eq!(sniff(b"", true, EncodingChoice::Auto), Sniffed::Empty);
        assert_eq!(
            sniff(&[0xEF, 0xBB, 0xBF], true, EncodingChoice::Auto),
            Sniffed::Empty
        );
    }

    #[test]
    fn a_few_nuls_stay_text() {
        let mut b = b"ticket_id,content\n".repeat(20);
        b.extend_from_slice(b"1,ab\0c\n");
        assert!(matches!(
            sniff(&b, true, EncodingChoice::Auto),
            Sniffed::Text(_)
        ));
    }

    #[test]
    fn utf16_without_bom_is_decoded_when_clear() {
        let text: Vec<u8> = "ticket_id,content\n1,路灯\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(detect(&text).encoding, FileEncoding::Utf16Le);
    }

    #[test]
    fn per_row_redecoding_both_ways() {
        let Sniffed::Text(utf8) = sniff(b"a", true, EncodingChoice::Auto) else {
            panic!()
        };
        let row = gbk("市民反映");
        let mut out = Vec::new();
        assert_eq!(
            utf8.decode_record(&row, std::iter::once(0..row.len()), &mut out),
            Some("GB18030")
        );
        assert_eq!(out, ["市民反映"]);

        let gb = detect(&gbk("工单编号,反映内容\n"));
        let row = "市民,反映".as_bytes();
        let mut out = Vec::new();
        let ranges = [0..6, 7..13];
        assert_eq!(
            gb.decode_record(row, ranges.iter().cloned(), &mut out),
            Some("UTF-8")
        );
        assert_eq!(out, ["市民", "反映"]);
    }

    #[test]
    fn ascii_prefix_is_settled_by_the_first_non_ascii_record() {
        let Sniffed::Text(mut d) = sniff(b"ticket_id,content\n1,a\n", false, EncodingChoice::Auto)
        else {
            panic!()
        };
        assert!(d.undecided);
        assert!(!d.settle(b"2,b"));
        assert!(d.settle(&gbk("3,路灯")));
        assert_eq!(
            (d.encoding, d.name, d.undecided),
            (FileEncoding::Gb18030, "GB18030", false)
        );
        assert!(!d.settle("4,路灯".as_bytes()));
    }

    #[test]
    fn utf16_reader_transcodes() {
        let src: Vec<u8> = "工单,内容\n"
            .repeat(5000)
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        let mut r = Utf16Reader::new(&src[..], FileEncoding::Utf16Be);
        let mut s = String::new();
        r.read_to_string(&mut s).unwrap();
        assert_eq!(s, "工单,内容\n".repeat(5000));
    }
}
