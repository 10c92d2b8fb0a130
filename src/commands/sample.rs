//! `gongdan sample`: draw the monthly callback spot check ahead of time, as
//! a checklist of closed tickets.

use std::collections::{BTreeSet, HashMap};
use std::io::Write;
use std::path::Path;

use super::stats::{for_each_ticket, options, overdue_logic};
use super::{CommandError, Exit, load};
use crate::cli::SampleArgs;
use crate::engine;
use crate::privacy;
use crate::stats::sample::{CLOSING_CHARS, Candidate, Drawer, render, truncate};

/// Run `sample`.
///
/// # Errors
/// Bad config or rule files, no readable tickets table, output not writable.
pub fn run(args: &SampleArgs, cwd: &Path, stdout: &mut dyn Write) -> Result<Exit, CommandError> {
    let loaded = load(&args.common, cwd)?;
    let opts = options(&loaded, args.encoding, cwd);
    let overdue = overdue_logic(&loaded)?;

    // Findings per ticket, from a full lint run, when weighting asks for them.
    let mut findings: HashMap<String, BTreeSet<String>> = HashMap::new();
    if args.weighted {
        let inputs = engine::open_inputs(&args.paths, &opts, &loaded.schema, &loaded.config);
        let report = engine::run(inputs, &loaded.rules, &loaded.schema, &loaded.config, &opts);
        for d in &report.diagnostics {
            if let Some(id) = d.ticket_id.clone() {
                let title = loaded
                    .rules
                    .get(&d.rule)
                    .map_or(d.name.clone(), |r| r.title.get(loaded.lang).to_owned());
                findings
                    .entry(id)
                    .or_default()
                    .insert(format!("{} {title}", d.rule));
            }
        }
    }

    let show = args.show_personal_data;
    let mut drawer = Drawer::new(args.n, args.seed, args.weighted);
    for_each_ticket(&args.paths, &loaded, &opts, &overdue, |ex, row| {
        let r = ex.record(row);
        let id = ex.get(row, "ticket_id");
        if !r.closed || id.is_empty() {
            return;
        }
        let phone = ex.get(row, "caller_phone");
        // Mask before cutting, so a number cut in half is still masked.
        let text = ex.get(row, "closing_text");
        let text = if show {
            text.into()
        } else {
            privacy::mask_text(text)
        };
        let text = truncate(&text, CLOSING_CHARS);
        drawer.add(Candidate {
            ticket_id: id.to_owned(),
            unit: r.unit,
            phone: if show || phone.is_empty() {
                phone.to_owned()
            } else {
                privacy::mask_value(phone)
            },
            closing_text: if show {
                text
            } else {
                privacy::mask_text(&text).into_owned()
            },
            findings: findings
                .get(id)
                .map(|s| s.iter().cloned().collect())
                .unwrap_or_default(),
        });
    })?;
    let sample = drawer.finish();
    render(&sample, args.format, stdout).map_err(|source| CommandError::Io {
        path: "<stdout>".to_owned(),
        source,
    })?;
    Ok(Exit::Clean)
}
