//! Embeds every rule file under `rules/` in the binary, so gongdan runs with
//! no `rules/` folder beside it.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        // `rules/data/` holds tables the code embeds itself (calendar, time
        // limits), not rule files.
        // `rules/classes/` holds the shared phrase classes, embedded apart.
        if path.is_dir()
            && path
                .file_name()
                .is_some_and(|n| n == "data" || n == "classes")
        {
            continue;
        }
        if path.is_dir() {
            // New files in a sub-folder change that folder, not `rules/`.
            println!("cargo:rerun-if-changed={}", path.display());
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "toml")
            && path.file_name().is_some_and(|n| n != "fields.toml")
        {
            out.push(path);
        }
    }
}

/// Append `pub const NAME: &[(&str, &str)]` holding every file of `dir`
/// (collected as for rules) as (path relative to `rules/`, contents).
fn embed(code: &mut String, doc: &str, name: &str, dir: &Path, rules: &Path) {
    let mut files = Vec::new();
    collect(dir, &mut files);
    files.sort();
    writeln!(
        code,
        "/// {doc}: (path relative to `rules/`, contents).\npub const {name}: &[(&str, &str)] = &["
    )
    .expect("write to String");
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let rel = f
            .strip_prefix(rules)
            .expect("collected under rules/")
            .to_string_lossy()
            .replace('\\', "/");
        writeln!(
            code,
            "    ({rel:?}, include_str!({:?})),",
            f.display().to_string()
        )
        .expect("write to String");
    }
    code.push_str("];\n");
}

fn main() {
    let root =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let rules = root.join("rules");
    println!("cargo:rerun-if-changed=rules");
    let mut code = String::new();
    embed(
        &mut code,
        "Built-in rule files",
        "BUILTIN_RULES",
        &rules,
        &rules,
    );
    embed(
        &mut code,
        "Built-in shared phrase classes",
        "BUILTIN_CLASSES",
        &rules.join("classes"),
        &rules,
    );
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("builtin_rules.rs");
    std::fs::write(out, code).expect("write OUT_DIR/builtin_rules.rs");
}
