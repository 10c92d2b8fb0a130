//! The mojibake detector of GD103 and its repair.
#![no_main]
use std::sync::OnceLock;

use gongdan::checks::garble::{Detector, GarbleParams, repair};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    static DETECTOR: OnceLock<Detector> = OnceLock::new();
    let detector = DETECTOR.get_or_init(|| Detector::new(GarbleParams::default()));
    let text = String::from_utf8_lossy(data);
    let hits = detector.detect(&text);
    let _ = repair(&text, &hits);
});
