//! CSV/TSV reader with encoding detection (UTF-8, GBK/GB18030, UTF-16, BOMs).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first byte picks the extension, so TSV and `.txt` sniffing run too.
    let ext = match data.first() {
        Some(b) if b % 3 == 1 => "tsv",
        Some(b) if b % 3 == 2 => "txt",
        _ => "csv",
    };
    gongdan_fuzz::read_as(ext, data);
});
