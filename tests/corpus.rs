//! Golden output: every case folder under `corpus/` is checked with the
//! built binary, from inside the folder, and its JSON and human output (and
//! exit code) are compared with the snapshots stored in the folder
//! (`corpus/<case>/check_json.snap`, `check_human.snap`). Rewrite them with
//! `INSTA_UPDATE=always cargo test --test corpus` and review the diff; CI
//! never rewrites them.

use std::path::{Path, PathBuf};
use std::process::Command;

fn cases() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("corpus folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        // The labelled evaluation exports have their own test (tests/eval.rs).
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("eval"))
        })
        .collect();
    v.sort();
    v
}

fn run(dir: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_gongdan"))
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run gongdan");
    let code = out.status.code().unwrap_or(-1);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    format!("exit: {code}\n--- stdout\n{stdout}--- stderr\n{stderr}")
}

#[test]
fn corpus_output_matches_snapshots() {
    let cases = cases();
    assert!(
        cases.len() >= 15,
        "expected the corpus cases, found {}",
        cases.len()
    );
    for dir in cases {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path(&dir);
        settings.set_prepend_module_to_snapshot(false);
        settings.set_description(format!("gongdan check . (in corpus/{name})"));
        settings.bind(|| {
            insta::assert_snapshot!("check_json", run(&dir, &["check", ".", "--format", "json"]));
            insta::assert_snapshot!("check_human", run(&dir, &["check", "."]));
        });
    }
}
