//! Shared helper of the fuzz targets: feed bytes to gongdan's file reader
//! as a file with a given extension, and pull every row out.

use std::path::PathBuf;
use std::sync::OnceLock;

use gongdan::input::{self, InputOptions, Schema};

fn dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().expect("temp dir").keep())
}

fn schema() -> &'static Schema {
    static SCHEMA: OnceLock<Schema> = OnceLock::new();
    SCHEMA.get_or_init(|| Schema::builtin().expect("built-in schema"))
}

/// gongdan reads workbooks through calamine inside `catch_unwind`: a panic
/// there (an overflow on a cell reference of a corrupt sheet, with the
/// fuzzers' overflow checks) costs that file a GD001 finding, not the run.
/// libFuzzer's hook aborts at any panic, caught or not; this one only prints,
/// so a panic gongdan catches is no crash, and one it does not catch still
/// reaches libfuzzer-sys's own `catch_unwind`, which aborts.
fn panics_caught_by_gongdan_are_no_crash() {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        std::panic::set_hook(Box::new(|info| eprintln!("panic (caught or not): {info}")));
    });
}

/// Write `data` to `fuzz.<ext>` and read it as gongdan would.
pub fn read_as(ext: &str, data: &[u8]) {
    panics_caught_by_gongdan_are_no_crash();
    let path = dir().join(format!("fuzz.{ext}"));
    std::fs::write(&path, data).expect("write fuzz input");
    let opened = input::open(&path, "fuzz", schema(), &InputOptions::default());
    let mut issues = opened.issues;
    for mut table in opened.tables {
        let mut rows = Vec::new();
        while table.next_chunk(256, &mut rows, &mut issues) {
            rows.clear();
        }
    }
    for issue in &issues {
        assert!(!issue.file.is_empty());
        assert!(!issue.detail_en.is_empty() && !issue.detail_zh.is_empty());
    }
}
