//! One module per subcommand. Each writes to the `Write` it is given and
//! returns an [`Exit`]; `main.rs` only maps that to the process exit code.

pub mod check;
pub mod fix;
pub mod rules;
pub mod sample;
pub mod stats;

use std::path::{Path, PathBuf};

use crate::cli::CommonArgs;
use crate::input::Schema;
use crate::report::Lang;
use crate::rules::{Config, RuleSet, TomlFileError};

/// Exit codes (SPEC §4).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// No error-level finding.
    Clean = 0,
    /// Error-level findings (or warnings with `--deny-warnings`).
    Findings = 1,
    /// The run itself failed.
    Failed = 2,
}

/// Why a command could not run (exit 2). Rendered by miette in `main`.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum CommandError {
    #[error("配置或规则文件有误 / bad config or rule file ({} problem(s))", .0.len())]
    #[diagnostic(code(gongdan::bad_files))]
    BadFiles(#[related] Vec<TomlFileError>),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Run(#[from] crate::engine::RunError),
    #[error("{0}")]
    #[diagnostic(code(gongdan::usage))]
    Usage(String),
    #[error("基线文件 {path} 无法使用 / baseline file {path} cannot be used: {source}")]
    #[diagnostic(code(gongdan::bad_baseline))]
    BadBaseline {
        path: String,
        source: crate::report::baseline::BaselineError,
    },
    #[error("{path}: {source}")]
    #[diagnostic(code(gongdan::io))]
    Io {
        path: String,
        source: std::io::Error,
    },
}

/// Config, schema and rules, loaded once per command.
pub struct Loaded {
    pub config: Config,
    pub schema: Schema,
    pub rules: RuleSet,
    pub lang: Lang,
}

/// Find and load the config, the alias schema and the rules.
///
/// # Errors
/// Every bad config or rule file, each pointing at its bad key.
pub fn load(common: &CommonArgs, cwd: &Path) -> Result<Loaded, CommandError> {
    let config_path: Option<PathBuf> = common.config.clone().or_else(|| Config::discover(cwd));
    let config = match &config_path {
        Some(p) => {
            // Shown relative to the working folder, as input paths are.
            let shown = p.strip_prefix(cwd).unwrap_or(p);
            Config::load(shown).map_err(|e| CommandError::BadFiles(vec![e]))?
        }
        None => Config::default(),
    };
    let mut schema = Schema::builtin().map_err(|e| {
        CommandError::BadFiles(vec![TomlFileError::new("rules/fields.toml", "", None, e)])
    })?;
    config
        .apply_aliases(&mut schema)
        .map_err(|e| CommandError::BadFiles(vec![e]))?;
    let rules = RuleSet::load(&schema, &config).map_err(CommandError::BadFiles)?;
    let lang = common.lang.or(config.lang).unwrap_or_default();
    Ok(Loaded {
        config,
        schema,
        rules,
        lang,
    })
}
