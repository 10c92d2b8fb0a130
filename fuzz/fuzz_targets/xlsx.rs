//! XLSX reader (zip container, workbook and sheet XML, shared strings).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    gongdan_fuzz::read_as("xlsx", data);
});
