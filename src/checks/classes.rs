//! The shared vocabulary of the text rules: phrase classes defined once in
//! `rules/classes/*.toml` (one table per class) and named by rule files, so
//! that 理由, 依据, 办理结果 or 联系群众 is fixed in one place for every rule
//! that reads it.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use super::phrases::ClassSpec;
use crate::rules::BUILTIN_CLASSES;

/// Every built-in shared class by name, or the errors of the files that
/// failed to parse.
fn library() -> &'static Result<BTreeMap<String, ClassSpec>, String> {
    static LIB: OnceLock<Result<BTreeMap<String, ClassSpec>, String>> = OnceLock::new();
    LIB.get_or_init(|| {
        let mut all = BTreeMap::new();
        for (path, text) in BUILTIN_CLASSES {
            let file: BTreeMap<String, ClassSpec> =
                toml::from_str(text).map_err(|e| format!("rules/{path}: {e}"))?;
            for (name, spec) in file {
                if all.insert(name.clone(), spec).is_some() {
                    return Err(format!("rules/{path}: class `{name}` is defined twice"));
                }
            }
        }
        // A shared class may extend another shared class.
        let names: Vec<String> = all.keys().cloned().collect();
        for name in names {
            let mut spec = all[&name].clone();
            let mut seen = vec![name.clone()];
            while let Some(base) = spec.extends.clone() {
                if seen.contains(&base) {
                    return Err(format!(
                        "shared class `{name}`: `extends` goes round in a circle"
                    ));
                }
                let b = all
                    .get(&base)
                    .ok_or_else(|| format!("shared class `{name}` extends unknown `{base}`"))?;
                let mut next = spec.on_top_of(b);
                next.extends = b.extends.clone();
                spec = next;
                seen.push(base);
            }
            all.insert(name, spec);
        }
        Ok(all)
    })
}

/// A shared class by name.
///
/// # Errors
/// When no shared class has this name, or the shared files do not parse.
pub fn shared(name: &str) -> Result<&'static ClassSpec, String> {
    let lib = library().as_ref().map_err(Clone::clone)?;
    lib.get(name).ok_or_else(|| {
        format!(
            "no shared class `{name}` in rules/classes/ (there are: {})",
            lib.keys().cloned().collect::<Vec<_>>().join(", ")
        )
    })
}

/// Names of every shared class, for documentation and tests.
///
/// # Errors
/// When the shared files do not parse.
pub fn names() -> Result<Vec<String>, String> {
    Ok(library()
        .as_ref()
        .map_err(Clone::clone)?
        .keys()
        .cloned()
        .collect())
}
