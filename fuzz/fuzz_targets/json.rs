//! JSON (array, wrapped array) and JSON Lines reader.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    gongdan_fuzz::read_as("json", data);
    gongdan_fuzz::read_as("jsonl", data);
});
