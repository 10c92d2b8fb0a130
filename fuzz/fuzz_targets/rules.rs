//! The rule-file parser (an extra rule folder) and the config parser.
#![no_main]
use std::path::PathBuf;
use std::sync::OnceLock;

use gongdan::input::Schema;
use gongdan::rules::RuleSet;
use gongdan::rules::config::Config;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    static SCHEMA: OnceLock<Schema> = OnceLock::new();
    let dir = DIR.get_or_init(|| tempfile::tempdir().expect("temp dir").keep());
    let schema = SCHEMA.get_or_init(|| Schema::builtin().expect("built-in schema"));
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = Config::parse("gongdan.toml", text);
    std::fs::write(dir.join("GD900.toml"), text).expect("write rule file");
    let mut config = Config::default();
    config.extra_rules = vec![dir.clone()];
    let _ = RuleSet::load(schema, &config);
});
