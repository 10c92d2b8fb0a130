//! `gongdan.toml`: column aliases, table kind per file, rule selection,
//! severity overrides, rule parameters, extra rule folders. Found from the
//! working folder upward, or given with `--config`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use regex::Regex;
use serde::Deserialize;

use super::TomlFileError;
use crate::diagnostic::Severity;
use crate::input::{EncodingChoice, Schema, TableKind};
use crate::report::Lang;

/// The config file name searched for.
pub const CONFIG_NAME: &str = "gongdan.toml";

/// The config file as written (see README "Configuration").
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    /// Default message language: `zh` or `en`.
    lang: Option<Lang>,
    /// Default `--encoding`: `auto`, `utf-8` or `gb18030`.
    encoding: Option<String>,
    /// Rules to run: codes or code prefixes (`GD1`, `GD401`). Default: all.
    select: Option<Vec<String>>,
    /// Rules not to run: codes or prefixes.
    #[serde(default)]
    ignore: Vec<String>,
    /// Folders of extra rule files (relative to this config file).
    #[serde(default)]
    extra_rules: Vec<PathBuf>,
    /// The moment the export was taken (for "still open past its deadline").
    export_time: Option<String>,
    /// Severity overrides: `GD602 = "warning"`.
    #[serde(default)]
    severity: BTreeMap<String, Severity>,
    /// Extra header aliases: `[aliases.tickets] ticket_id = ["单号"]`.
    #[serde(default)]
    aliases: BTreeMap<String, BTreeMap<String, Vec<String>>>,
    /// Force the table kind of files: `[[files]] path = "*话单*.csv", kind = "calls"`.
    #[serde(default)]
    files: Vec<RawFileKind>,
    /// Rule parameter overrides: `[params.GD203] after-hours = 12`, merged
    /// into the rule's `[check]` table.
    #[serde(default)]
    params: BTreeMap<String, toml::Table>,
    /// Extra holidays and make-up working days: `[calendar] holidays = ["2027-01-01"]`.
    #[serde(default)]
    calendar: RawCalendarExt,
    /// `gongdan stats` settings: `[stats] satisfied = ["非常满意", "满意"]`.
    #[serde(default)]
    stats: crate::stats::StatsConfig,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCalendarExt {
    /// Days off (`YYYY-MM-DD`) beyond the shipped calendar.
    #[serde(default)]
    holidays: Vec<String>,
    /// Weekend days that are working days (调休上班).
    #[serde(default)]
    workdays: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFileKind {
    /// A glob (`*`, `?`) matched against the file's path or its name.
    path: String,
    /// `tickets`, `calls` or `flows`.
    kind: String,
}

/// A loaded configuration (the default one when no file exists).
#[derive(Debug, Default)]
pub struct Config {
    /// Where it came from, when from a file.
    pub path: Option<PathBuf>,
    text: String,
    pub lang: Option<Lang>,
    pub encoding: Option<EncodingChoice>,
    pub select: Option<Vec<String>>,
    pub ignore: Vec<String>,
    pub extra_rules: Vec<PathBuf>,
    pub export_time: Option<chrono::NaiveDateTime>,
    pub severity: BTreeMap<String, Severity>,
    pub params: BTreeMap<String, toml::Table>,
    /// The holiday calendar: shipped data plus `[calendar]`.
    pub calendar: crate::calendar::Calendar,
    /// `[stats]`: settings of `gongdan stats` and `gongdan sample`.
    pub stats: crate::stats::StatsConfig,
    aliases: BTreeMap<String, BTreeMap<String, Vec<String>>>,
    files: Vec<(Regex, TableKind)>,
}

impl Config {
    /// Find `gongdan.toml` in `start` or a parent folder.
    #[must_use]
    pub fn discover(start: &Path) -> Option<PathBuf> {
        start
            .ancestors()
            .map(|d| d.join(CONFIG_NAME))
            .find(|p| p.is_file())
    }

    /// Read and validate a config file.
    ///
    /// # Errors
    /// A [`TomlFileError`] pointing at the bad key or value.
    pub fn load(path: &Path) -> Result<Config, TomlFileError> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| {
            TomlFileError::new(&name, "", None, format!("cannot read config file: {e}"))
        })?;
        let mut cfg = Config::parse(&name, &text)?;
        let base = path.parent().unwrap_or(Path::new("."));
        cfg.extra_rules = cfg.extra_rules.iter().map(|p| base.join(p)).collect();
        cfg.path = Some(path.to_owned());
        Ok(cfg)
    }

    /// Parse config text (`name` is used in error messages).
    ///
    /// # Errors
    /// A [`TomlFileError`] pointing at the bad key or value.
    pub fn parse(name: &str, text: &str) -> Result<Config, TomlFileError> {
        let raw: RawConfig =
            toml::from_str(text).map_err(|e| TomlFileError::from_toml(name, text, &e))?;
        let at =
            |needle: &str, msg: String| TomlFileError::new(name, text, find(text, needle), msg);
        let encoding = match raw.encoding.as_deref() {
            None => None,
            Some(e) => Some(parse_encoding(e).ok_or_else(|| {
                at(
                    e,
                    format!("unknown encoding `{e}` (expected auto, utf-8 or gb18030)"),
                )
            })?),
        };
        let export_time = match raw.export_time.as_deref() {
            None => None,
            Some(t) => Some(
                crate::input::datetime::parse(t)
                    .ok_or_else(|| at(t, format!("export-time `{t}` is not a date-time")))?,
            ),
        };
        let mut calendar = crate::calendar::Calendar::builtin();
        let dates = |list: &[String]| -> Result<Vec<chrono::NaiveDate>, TomlFileError> {
            list.iter()
                .map(|d| crate::calendar::parse_date(d).map_err(|m| at(d, m)))
                .collect()
        };
        calendar.extend(
            &dates(&raw.calendar.holidays)?,
            &dates(&raw.calendar.workdays)?,
        );
        let mut files = Vec::new();
        for f in &raw.files {
            let kind = TableKind::parse(&f.kind).ok_or_else(|| {
                at(
                    &f.kind,
                    format!("unknown table kind `{}` (tickets, calls, flows)", f.kind),
                )
            })?;
            files.push((glob_regex(&f.path), kind));
        }
        for table in raw.aliases.keys() {
            if TableKind::parse(table).is_none() {
                return Err(at(
                    table,
                    format!("unknown table `{table}` in [aliases] (tickets, calls, flows)"),
                ));
            }
        }
        Ok(Config {
            path: None,
            text: text.to_owned(),
            lang: raw.lang,
            encoding,
            select: raw.select,
            ignore: raw.ignore,
            extra_rules: raw.extra_rules,
            export_time,
            severity: raw.severity,
            params: raw.params,
            calendar,
            stats: raw.stats,
            aliases: raw.aliases,
            files,
        })
    }

    /// Add this config's aliases to the schema.
    ///
    /// # Errors
    /// When an alias names a field that does not exist.
    pub fn apply_aliases(&self, schema: &mut Schema) -> Result<(), TomlFileError> {
        for (table, fields) in &self.aliases {
            let Some(kind) = TableKind::parse(table) else {
                continue;
            };
            for (field, aliases) in fields {
                schema
                    .add_aliases(kind, field, aliases)
                    .map_err(|msg| self.error_at_key(field, format!("[aliases.{table}]: {msg}")))?;
            }
        }
        Ok(())
    }

    /// The table kind forced for a file, if a `[[files]]` entry matches.
    #[must_use]
    pub fn forced_kind(&self, display_path: &str) -> Option<TableKind> {
        let name = display_path.rsplit('/').next().unwrap_or(display_path);
        self.files
            .iter()
            .find(|(re, _)| re.is_match(display_path) || re.is_match(name))
            .map(|(_, k)| *k)
    }

    /// Whether a rule runs under this config's `select` / `ignore`.
    #[must_use]
    pub fn selects(&self, code: &str) -> bool {
        selected(code, self.select.as_deref(), &self.ignore)
    }

    /// An error pointing at the first place `key` appears in the config.
    #[must_use]
    pub fn error_at_key(&self, key: &str, message: String) -> TomlFileError {
        let name = self
            .path
            .as_ref()
            .map_or_else(|| CONFIG_NAME.to_owned(), |p| p.display().to_string());
        TomlFileError::new(&name, &self.text, find(&self.text, key), message)
    }
}

/// Whether `code` is selected: it matches a `select` entry (all when there is
/// none) and no `ignore` entry. Entries are codes or prefixes; `ALL` matches all.
#[must_use]
pub fn selected(code: &str, select: Option<&[String]>, ignore: &[String]) -> bool {
    let hit = |pat: &String| {
        let p = pat.trim().to_ascii_uppercase();
        p == "ALL" || code.to_ascii_uppercase().starts_with(&p)
    };
    select.is_none_or(|s| s.iter().any(hit)) && !ignore.iter().any(hit)
}

/// `auto`, `utf-8`/`utf8`, `gb18030`/`gbk`/`gb2312`.
#[must_use]
pub fn parse_encoding(s: &str) -> Option<EncodingChoice> {
    match s.trim().to_ascii_lowercase().as_str() {
        "auto" => Some(EncodingChoice::Auto),
        "utf-8" | "utf8" => Some(EncodingChoice::Utf8),
        "gb18030" | "gbk" | "gb2312" | "cp936" => Some(EncodingChoice::Gb18030),
        _ => None,
    }
}

fn find(text: &str, needle: &str) -> Option<std::ops::Range<usize>> {
    if needle.is_empty() {
        return None;
    }
    text.find(needle).map(|i| i..i + needle.len())
}

fn glob_regex(glob: &str) -> Regex {
    let mut re = String::from("^");
    for c in glob.replace('\\', "/").chars() {
        match c {
            '*' => re.push_str(".*"),
            '?' => re.push('.'),
            c => re.push_str(&regex::escape(&c.to_string())),
        }
    }
    re.push('$');
    // Every metacharacter was escaped above, so the pattern always compiles.
    Regex::new(&re).unwrap_or_else(|_| Regex::new("^$").expect("literal regex"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selection_by_prefix() {
        let sel = vec!["GD1".to_owned(), "GD401".to_owned()];
        assert!(selected("GD101", Some(&sel), &[]));
        assert!(selected("GD401", Some(&sel), &[]));
        assert!(!selected("GD402", Some(&sel), &[]));
        assert!(!selected("GD101", Some(&sel), &["GD10".to_owned()]));
        assert!(selected("GD999", None, &[]));
    }

    #[test]
    fn unknown_key_points_at_it() {
        let err = Config::parse("gongdan.toml", "lang = \"zh\"\nselekt = [\"GD1\"]\n").unwrap_err();
        assert!(err.message.contains("selekt"), "{}", err.message);
        let span = err.span.unwrap();
        assert_eq!(span.offset(), 12);
    }

    #[test]
    fn files_glob_forces_kind() {
        let cfg =
            Config::parse("c", "[[files]]\npath = \"*话单*.csv\"\nkind = \"calls\"\n").unwrap();
        assert_eq!(
            cfg.forced_kind("exports/3月话单.csv"),
            Some(TableKind::Calls)
        );
        assert_eq!(cfg.forced_kind("exports/工单.csv"), None);
    }

    #[test]
    fn bad_kind_is_an_error() {
        let err = Config::parse("c", "[[files]]\npath = \"a.csv\"\nkind = \"calz\"\n").unwrap_err();
        assert!(err.message.contains("calz"));
    }
}
