//! Byte-identical output at any thread count: every corpus case, and a
//! generated month large enough to span several row chunks, checked with
//! one and with four rayon threads, must print exactly the same bytes (JSON
//! output of every case, human output of two; exit code and stderr).

use std::path::{Path, PathBuf};
use std::process::Command;

fn cases() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("corpus folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    v.sort();
    v
}

fn run(dir: &Path, threads: usize, args: &[&str]) -> Vec<u8> {
    let out = Command::new(env!("CARGO_BIN_EXE_gongdan"))
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .env("RAYON_NUM_THREADS", threads.to_string())
        .output()
        .expect("run gongdan");
    let mut bytes = format!("exit: {:?}\n", out.status.code()).into_bytes();
    bytes.extend_from_slice(&out.stdout);
    bytes.extend_from_slice(b"\n--- stderr\n");
    bytes.extend_from_slice(&out.stderr);
    bytes
}

fn same_at_1_and_4_threads(dir: &Path, human_too: bool) {
    let json = &["check", ".", "--format", "json"][..];
    let human = &["check", "."][..];
    let runs = if human_too {
        vec![json, human]
    } else {
        vec![json]
    };
    for args in runs {
        let one = run(dir, 1, args);
        let four = run(dir, 4, args);
        assert!(
            one == four,
            "{} `{}`: output differs between 1 and 4 threads\n--- 1 thread\n{}\n--- 4 threads\n{}",
            dir.display(),
            args.join(" "),
            String::from_utf8_lossy(&one),
            String::from_utf8_lossy(&four),
        );
    }
}

#[test]
fn corpus_output_is_the_same_at_1_and_4_threads() {
    let cases = cases();
    assert!(cases.len() >= 15, "expected the corpus cases");
    for dir in cases {
        // The human output is made from the same sorted findings; one case
        // checks it too.
        let human_too = dir.ends_with("demo-month");
        same_at_1_and_4_threads(&dir, human_too);
    }
}

/// More rows than one chunk (4,096), so chunks are checked in parallel and
/// the cross-row rules see rows from several chunks.
#[test]
fn generated_month_over_several_chunks_is_the_same_at_1_and_4_threads() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("export");
    let opts = gongdan_synth::Options {
        tickets: 5_000,
        seed: 4,
        ..gongdan_synth::Options::default()
    };
    gongdan_synth::generate(&opts, &out).expect("generate");
    let json = run(&out, 1, &["check", ".", "--format", "json"]);
    assert!(
        String::from_utf8_lossy(&json).contains("\"rule\""),
        "the generated month should have findings"
    );
    same_at_1_and_4_threads(&out, true);
}
