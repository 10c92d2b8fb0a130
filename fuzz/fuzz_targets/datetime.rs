//! The date-time parser every time field goes through.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = gongdan::input::datetime::parse(text);
    }
});
