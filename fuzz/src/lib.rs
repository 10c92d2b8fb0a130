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

/// Write `data` to `fuzz.<ext>` and read it as gongdan would.
pub fn read_as(ext: &str, data: &[u8]) {
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
