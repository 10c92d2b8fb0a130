//! `docs/rules.md` is generated from the rule files (`gongdan rules --format
//! markdown`); this test fails when it is stale. Regenerate with
//! `GONGDAN_BLESS=1 cargo test --test docs` and commit the result.

use gongdan::commands::rules::markdown;
use gongdan::input::Schema;
use gongdan::report::Lang;
use gongdan::rules::{Config, RuleSet};

#[test]
fn rules_document_is_up_to_date() {
    let schema = Schema::builtin().unwrap();
    let rules = RuleSet::load(&schema, &Config::default()).unwrap();
    let generated = markdown(&rules, Lang::Zh);
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
    if std::env::var_os("GONGDAN_BLESS").is_some() && std::env::var_os("CI").is_none() {
        std::fs::write(&path, &generated).unwrap();
        return;
    }
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        on_disk == generated,
        "docs/rules.md is stale: run `GONGDAN_BLESS=1 cargo test --test docs` and commit it"
    );
}
