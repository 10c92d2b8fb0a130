//! Stage 2 of the pipeline: rule files (TOML data in `rules/`) → compiled
//! [`Rule`]s in a [`RuleSet`]. Raw files are parsed with unknown keys
//! rejected, config overrides are merged, and every check is compiled once
//! (regexes, phrase automata, field lookups) before any row is read.

pub mod config;
pub mod examples;

use std::path::Path;

use miette::{NamedSource, SourceSpan};
use serde::{Deserialize, Serialize};

use crate::checks::Check;
use crate::diagnostic::Severity;
use crate::input::{Schema, TableKind};
use crate::report::{Lang, RuleInfo};

pub use config::Config;

include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));

/// A text in both languages.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub zh: String,
    pub en: String,
}

impl Text {
    #[must_use]
    pub fn get(&self, lang: Lang) -> &str {
        lang.pick(&self.zh, &self.en)
    }
}

/// One rule file as written (the rule-file format; see README "Writing rules").
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    /// Stable code: `GD` and three digits (county rules: any code not used by
    /// a built-in rule, e.g. `X001`).
    pub code: String,
    /// kebab-case name of the defect, e.g. `vague-return-reason`.
    pub name: String,
    /// Default severity: `error`, `warning` or `info`.
    pub severity: Severity,
    /// Where the rule comes from: the seed bulletin section, SPEC, a document.
    pub source: String,
    /// One-line title.
    pub title: Text,
    /// Finding message template. Placeholders: `{ticket}`, `{column}`,
    /// `{field}`, `{value}`, `{detail}` and any the check kind supplies.
    pub message: Text,
    /// How to fix it.
    pub help: Text,
    /// Why this matters, citing the source.
    pub rationale: Text,
    /// For heuristic rules: when the rule is known to fire wrongly.
    #[serde(default)]
    pub false_positives: Option<Text>,
    /// `kind = "…"` and the check kind's parameters.
    pub check: toml::Spanned<toml::Table>,
    /// Examples that must fire (`fires = true`) and must not; run as tests.
    #[serde(default)]
    pub examples: Vec<examples::Example>,
}

/// A compiled rule, ready to run.
#[derive(Debug)]
pub struct Rule {
    pub code: String,
    pub name: String,
    pub severity: Severity,
    pub source: String,
    pub title: Text,
    pub message: Text,
    pub help: Text,
    pub rationale: Text,
    pub false_positives: Option<Text>,
    pub check: Check,
    /// The check table as compiled (after config overrides), for `explain`.
    pub check_table: toml::Table,
    pub examples: Vec<examples::Example>,
    /// Where the rule was loaded from (`builtin:gd4-returns/…` or a path).
    pub origin: String,
}

impl Rule {
    /// Tables this rule reads.
    #[must_use]
    pub fn tables(&self) -> Vec<TableKind> {
        self.check.tables()
    }

    /// Summary for renderers.
    #[must_use]
    pub fn info(&self, lang: Lang) -> RuleInfo {
        RuleInfo {
            code: self.code.clone(),
            name: self.name.clone(),
            severity: self.severity,
            title: self.title.get(lang).to_owned(),
            help: self.help.get(lang).to_owned(),
        }
    }
}

/// A rule or config file that cannot be used, pointing at the bad key.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("{message}")]
#[diagnostic(code(gongdan::bad_file))]
pub struct TomlFileError {
    pub message: String,
    #[source_code]
    pub src: NamedSource<String>,
    #[label("{label}")]
    pub span: Option<SourceSpan>,
    pub label: String,
}

impl TomlFileError {
    /// An error at a byte range of a TOML file.
    #[must_use]
    pub fn new(
        name: &str,
        text: &str,
        span: Option<std::ops::Range<usize>>,
        message: String,
    ) -> Self {
        TomlFileError {
            label: "here".to_owned(),
            span: span.map(|r| SourceSpan::from(r.start..r.end.max(r.start))),
            src: NamedSource::new(name, text.to_owned()),
            message: format!("{name}: {message}"),
        }
    }

    /// From a toml parse error, keeping its span.
    #[must_use]
    pub fn from_toml(name: &str, text: &str, err: &toml::de::Error) -> Self {
        TomlFileError::new(name, text, err.span(), err.message().to_owned())
    }
}

/// All loaded rules, in code order.
#[derive(Debug, Default)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
}

impl RuleSet {
    /// Load the built-in rules plus the config's extra rule folders, apply
    /// the config's parameter and severity overrides. Every bad file is
    /// reported, not just the first.
    ///
    /// # Errors
    /// One [`TomlFileError`] per bad rule file or bad override.
    pub fn load(schema: &Schema, config: &Config) -> Result<RuleSet, Vec<TomlFileError>> {
        let mut sources: Vec<(String, String)> = BUILTIN_RULES
            .iter()
            .map(|(p, t)| (format!("rules/{p}"), (*t).to_owned()))
            .collect();
        let mut errors = Vec::new();
        for dir in &config.extra_rules {
            collect_folder(dir, &mut sources, &mut errors);
        }
        let mut set = RuleSet::default();
        for (name, text) in &sources {
            match compile_file(name, text, schema, config) {
                Ok(rule) => {
                    if let Some(prev) = set.rules.iter().find(|r| r.code == rule.code) {
                        errors.push(TomlFileError::new(
                            name,
                            text,
                            None,
                            format!(
                                "rule code {} is already defined by {}",
                                rule.code, prev.origin
                            ),
                        ));
                    } else {
                        set.rules.push(rule);
                    }
                }
                Err(e) => errors.push(e),
            }
        }
        for code in config.severity.keys().chain(config.params.keys()) {
            if !set.rules.iter().any(|r| &r.code == code) {
                errors.push(config.error_at_key(code, format!("no rule has the code `{code}`")));
            }
        }
        if errors.is_empty() {
            set.rules.sort_by(|a, b| a.code.cmp(&b.code));
            Ok(set)
        } else {
            Err(errors)
        }
    }

    #[must_use]
    pub fn get(&self, code: &str) -> Option<&Rule> {
        let code = code.trim().to_ascii_uppercase();
        self.rules.iter().find(|r| {
            r.code.eq_ignore_ascii_case(&code) || r.name.eq_ignore_ascii_case(code.as_str())
        })
    }
}

fn collect_folder(
    dir: &Path,
    sources: &mut Vec<(String, String)>,
    errors: &mut Vec<TomlFileError>,
) {
    let mut paths: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "toml"))
        .map(walkdir::DirEntry::into_path)
        .collect();
    if !dir.is_dir() {
        errors.push(TomlFileError::new(
            &dir.display().to_string(),
            "",
            None,
            "extra rule folder does not exist".to_owned(),
        ));
    }
    paths.sort();
    for p in paths {
        match std::fs::read_to_string(&p) {
            Ok(t) => sources.push((p.display().to_string(), t)),
            Err(e) => errors.push(TomlFileError::new(
                &p.display().to_string(),
                "",
                None,
                e.to_string(),
            )),
        }
    }
}

fn compile_file(
    name: &str,
    text: &str,
    schema: &Schema,
    config: &Config,
) -> Result<Rule, TomlFileError> {
    let raw: RuleFile =
        toml::from_str(text).map_err(|e| TomlFileError::from_toml(name, text, &e))?;
    let code_ok = raw.code.len() >= 2 && raw.code.chars().all(|c| c.is_ascii_alphanumeric());
    if !code_ok {
        return Err(TomlFileError::new(
            name,
            text,
            None,
            format!("bad rule code `{}`", raw.code),
        ));
    }
    let name_ok = !raw.name.is_empty()
        && raw
            .name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !name_ok {
        return Err(TomlFileError::new(
            name,
            text,
            None,
            format!("rule name `{}` is not kebab-case", raw.name),
        ));
    }
    let check_span = raw.check.span();
    let mut table = raw.check.into_inner();
    if let Some(over) = config.params.get(&raw.code) {
        for (k, v) in over {
            if k == "kind" {
                return Err(config.error_at_key(
                    &raw.code,
                    "a config cannot change a rule's check kind".to_owned(),
                ));
            }
            table.insert(k.clone(), v.clone());
        }
    }
    let check = Check::compile(&table, schema).map_err(|msg| {
        let at = key_span(text, check_span.clone(), &msg).unwrap_or(check_span);
        TomlFileError::new(name, text, Some(at), format!("[check]: {msg}"))
    })?;
    let severity = config
        .severity
        .get(&raw.code)
        .copied()
        .unwrap_or(raw.severity);
    Ok(Rule {
        code: raw.code,
        name: raw.name,
        severity,
        source: raw.source,
        title: raw.title,
        message: raw.message,
        help: raw.help,
        rationale: raw.rationale,
        false_positives: raw.false_positives,
        check,
        check_table: table,
        examples: raw.examples,
        origin: name.to_owned(),
    })
}

/// Where inside `[check]` the key named in an error message (`unknown field
/// `minimum``) is written, so the caret lands on the key itself.
fn key_span(
    text: &str,
    check: std::ops::Range<usize>,
    msg: &str,
) -> Option<std::ops::Range<usize>> {
    let key = msg.split('`').nth(1).filter(|k| !k.is_empty())?;
    let body = text.get(check.start..)?;
    let at = body
        .find(&format!("\n{key}"))
        .map(|i| i + 1)
        .or_else(|| body.find(key))?;
    let start = check.start + at;
    Some(start..start + key.len())
}
