//! `gongdan stats`: the bulletin's per-unit (or per-county, per-category)
//! table, the overdue table and the headline figures, from an export.

use std::io::Write;
use std::path::Path;

use super::{CommandError, Exit, Loaded, load};
use crate::checks::Check;
use crate::checks::overdue::Overdue;
use crate::cli::{EncodingArg, StatsArgs};
use crate::engine::{self, Options};
use crate::input::{EncodingChoice, InputOptions, Row, TableKind};
use crate::stats::render::{StatsRender, render};
use crate::stats::{Extractor, Tallier};

/// Reading options shared by `stats` and `sample`.
pub(crate) fn options(loaded: &Loaded, encoding: Option<EncodingArg>, cwd: &Path) -> Options {
    let encoding = match encoding {
        Some(EncodingArg::Auto) => EncodingChoice::Auto,
        Some(EncodingArg::Utf8) => EncodingChoice::Utf8,
        Some(EncodingArg::Gb18030) => EncodingChoice::Gb18030,
        None => loaded.config.encoding.unwrap_or_default(),
    };
    Options {
        lang: loaded.lang,
        input: InputOptions {
            encoding,
            ..InputOptions::default()
        },
        base: cwd.to_owned(),
        ..Options::default()
    }
}

/// The overdue logic: GD601 as loaded (with config overrides), or its
/// defaults when the rule set has none.
pub(crate) fn overdue_logic(loaded: &Loaded) -> Result<Overdue, CommandError> {
    match loaded.rules.get("GD601").map(|r| &r.check) {
        Some(Check::Overdue(o)) => Ok(Overdue::clone(o)),
        _ => Overdue::with_defaults(&loaded.schema).map_err(CommandError::Usage),
    }
}

/// Read every tickets row of the inputs, calling `each` with the extractor
/// for its table. Errors when no tickets table could be read.
pub(crate) fn for_each_ticket(
    paths: &[std::path::PathBuf],
    loaded: &Loaded,
    opts: &Options,
    overdue: &Overdue,
    mut each: impl FnMut(&Extractor, &Row),
) -> Result<(), CommandError> {
    let inputs = engine::open_inputs(paths, opts, &loaded.schema, &loaded.config);
    let mut seen = false;
    for mut src in inputs.tables {
        if src.meta().kind != TableKind::Tickets {
            continue;
        }
        seen = true;
        let meta = src.meta().clone();
        let ex = Extractor::new(
            &loaded.schema,
            &meta,
            overdue,
            &loaded.config.calendar,
            loaded.config.export_time,
            &loaded.config.stats,
        );
        let mut rows = Vec::with_capacity(engine::CHUNK_ROWS);
        let mut issues = Vec::new();
        loop {
            rows.clear();
            if !src.next_chunk(engine::CHUNK_ROWS, &mut rows, &mut issues) {
                break;
            }
            for row in &rows {
                each(&ex, row);
            }
        }
    }
    if seen {
        Ok(())
    } else {
        let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        Err(engine::RunError::NoInput(shown.join(", ")).into())
    }
}

/// Run `stats`.
///
/// # Errors
/// Bad config or rule files, no readable tickets table, output not writable.
pub fn run(args: &StatsArgs, cwd: &Path, stdout: &mut dyn Write) -> Result<Exit, CommandError> {
    let mut loaded = load(&args.common, cwd)?;
    if let Some(s) = &args.satisfied {
        loaded.config.stats.satisfied.clone_from(s);
    }
    let opts = options(&loaded, args.encoding, cwd);
    let overdue = overdue_logic(&loaded)?;
    let mut tallier =
        Tallier::new(args.by, &loaded.config.stats).with_tolerance(overdue.tolerance_s);
    for_each_ticket(&args.paths, &loaded, &opts, &overdue, |ex, row| {
        tallier.add(&ex.record(row));
    })?;
    let t = tallier.finish();
    let r = StatsRender {
        format: args.format,
        brackets: args.brackets,
        city_prefix: loaded.config.stats.city_prefix.clone(),
    };
    render(&t, &r, stdout).map_err(|source| CommandError::Io {
        path: "<stdout>".to_owned(),
        source,
    })?;
    Ok(Exit::Clean)
}
