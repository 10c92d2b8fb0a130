//! `gongdan check`: lint exports and render the findings.

use std::io::Write;
use std::path::Path;

use super::{CommandError, Exit, load};
use crate::cli::{CheckArgs, ColorArg, EncodingArg};
use crate::diagnostic::Severity;
use crate::engine::{self, Options};
use crate::input::{EncodingChoice, InputOptions};
use crate::report::baseline::Baseline;
use crate::report::csv_writer::OutputEncoding;
use crate::report::{self, OutputFormat, RenderOptions, Report, annotate, annotated_csv, workbook};

/// Run `check`. `tty` says whether stdout is a terminal (for colour).
///
/// # Errors
/// Bad config or rule files, no readable input, output not writable.
pub fn run(
    args: &CheckArgs,
    cwd: &Path,
    stdout: &mut dyn Write,
    tty: bool,
) -> Result<Exit, CommandError> {
    let loaded = load(&args.common, cwd)?;
    if args.format == OutputFormat::Xlsx && args.output.is_none() {
        return Err(CommandError::Usage(
            "--format xlsx 需要 --output 文件名（工作簿不能写到标准输出），例如 --output 检查结果.xlsx / \
             --format xlsx needs --output FILE: a workbook cannot be written to stdout"
                .to_owned(),
        ));
    }
    let (input_encoding, csv_encoding) = encodings(args);
    let encoding = match input_encoding {
        Some(EncodingArg::Auto) => EncodingChoice::Auto,
        Some(EncodingArg::Utf8) => EncodingChoice::Utf8,
        Some(EncodingArg::Gb18030) => EncodingChoice::Gb18030,
        None => loaded.config.encoding.unwrap_or_default(),
    };
    let opts = Options {
        lang: loaded.lang,
        input: InputOptions {
            encoding,
            ..InputOptions::default()
        },
        show_personal: args.show_personal_data,
        select: args.select.clone(),
        ignore: args.ignore.clone(),
        base: cwd.to_owned(),
    };
    if let Some(out) = &args.output {
        refuse_input_as_output("--output", out, &args.paths)?;
    }
    if let Some(out) = &args.write_baseline {
        refuse_input_as_output("--write-baseline", out, &args.paths)?;
        if args.output.as_ref().is_some_and(|o| same_file(o, out)) {
            return Err(CommandError::Usage(format!(
                "--write-baseline {} 与 --output 是同一个文件 / is the same file as --output",
                out.display()
            )));
        }
    }
    let baseline = match &args.baseline {
        Some(path) => Some(
            Baseline::load(path).map_err(|source| CommandError::BadBaseline {
                path: path.display().to_string(),
                source,
            })?,
        ),
        None => None,
    };
    let inputs = engine::open_inputs(&args.paths, &opts, &loaded.schema, &loaded.config);
    let bar = progress_bar(args.quiet);
    let mut report = engine::run_with_progress(
        inputs,
        &loaded.rules,
        &loaded.schema,
        &loaded.config,
        &opts,
        &|file: &str, rows: u64| {
            if let Some(b) = &bar {
                b.set_position(rows);
                b.set_message(file.to_owned());
            }
        },
    );
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    if let Some(e) = report.diagnostics.spill_error() {
        note(&e.to_string());
    }
    apply_baselines(
        &mut report,
        baseline.as_ref(),
        args.write_baseline.as_deref(),
    )?;

    let color = match args.color {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => tty && args.output.is_none() && std::env::var_os("NO_COLOR").is_none(),
    };
    let render = RenderOptions {
        color,
        width: 100,
        statistics: args.statistics,
        sarif_cap: args.sarif_cap,
    };
    if args.format.annotates_inputs() {
        let tables = engine::open_inputs(&args.paths, &opts, &loaded.schema, &loaded.config).tables;
        let ctx = Annotated {
            report: &report,
            schema: &loaded.schema,
            show_personal: args.show_personal_data,
            inputs: &args.paths,
        };
        match args.format {
            OutputFormat::Xlsx => ctx.workbook(tables, args.output.as_deref())?,
            _ => ctx.csv(tables, args.output.as_deref(), csv_encoding, stdout)?,
        }
        spilled(&report.diagnostics)?;
    } else {
        match &args.output {
            None => report::render(&report, args.format, &render, stdout).map_err(|source| {
                CommandError::Io {
                    path: "<stdout>".to_owned(),
                    source,
                }
            })?,
            Some(path) => {
                write_atomically(path, |w| report::render(&report, args.format, &render, w))?
            }
        }
    }

    if report.nothing_readable() {
        let names: Vec<&str> = report.files.iter().map(|f| f.path.as_str()).collect();
        let shown = if names.is_empty() {
            args.paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        } else {
            names.join(", ")
        };
        return Err(engine::RunError::NoInput(shown).into());
    }
    let errors = report.diagnostics.count(Severity::Error) > 0;
    let warnings = report.diagnostics.count(Severity::Warning) > 0;
    Ok(if errors || (args.deny_warnings && warnings) {
        Exit::Findings
    } else {
        Exit::Clean
    })
}

/// The input decoding and the CSV output encoding. With `--format csv` and
/// no `--output-encoding`, `--encoding gb18030` names the encoding the clerk
/// wants the CSV in — and the inputs are still detected per file (a GBK
/// input is detected as GBK anyway), so a UTF-8 export is not misread.
fn encodings(args: &CheckArgs) -> (Option<EncodingArg>, OutputEncoding) {
    match (args.format, args.output_encoding, args.encoding) {
        (OutputFormat::Csv, None, Some(EncodingArg::Gb18030)) => (None, OutputEncoding::Gb18030),
        (_, out, input) => (input, out.unwrap_or_default()),
    }
}

/// What the annotated outputs (`--format xlsx`, `--format csv`) need besides
/// the re-opened input tables.
struct Annotated<'a> {
    report: &'a Report,
    schema: &'a crate::input::Schema,
    show_personal: bool,
    inputs: &'a [std::path::PathBuf],
}

impl Annotated<'_> {
    fn workbook(
        &self,
        tables: Vec<Box<dyn crate::input::RowSource>>,
        output: Option<&Path>,
    ) -> Result<(), CommandError> {
        // `run` refused --format xlsx without --output before checking.
        let Some(path) = output else {
            return Ok(());
        };
        let mut notes = Vec::new();
        save_atomically(path, |tmp| {
            notes = workbook::write(self.report, tables, self.schema, self.show_personal, tmp)?;
            Ok(())
        })?;
        for n in notes {
            note(&n);
        }
        Ok(())
    }

    /// One table: to `output`, or to stdout. Several: one file per table
    /// named `<stem of output>-<table>.csv` next to `output` (listed on
    /// stderr); findings without a row go to `<stem>-其他问题.csv`.
    fn csv(
        &self,
        tables: Vec<Box<dyn crate::input::RowSource>>,
        output: Option<&Path>,
        encoding: OutputEncoding,
        stdout: &mut dyn Write,
    ) -> Result<(), CommandError> {
        let lang = self.report.lang;
        let names = {
            let metas: Vec<&crate::input::TableMeta> = tables.iter().map(|t| t.meta()).collect();
            annotate::table_names(&metas, &[annotate::SHEET_OTHER])
        };
        if tables.len() > 1 && output.is_none() {
            return Err(CommandError::Usage(format!(
                "输入有 {} 个表，--format csv 每个表写一个文件：请用 --output 文件名（如 --output 检查结果.csv，将写出 检查结果-<表名>.csv）/ \
                 the input has {} tables and --format csv writes one file per table: give --output FILE (files are named FILE-<table>.csv)",
                tables.len(),
                tables.len()
            )));
        }
        let mut index = annotate::Index::new(self.report);
        let derived = |name: &str| -> Option<std::path::PathBuf> {
            let path = output?;
            let stem = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let ext = path
                .extension()
                .map_or_else(|| "csv".to_owned(), |e| e.to_string_lossy().into_owned());
            Some(path.with_file_name(format!("{stem}-{name}.{ext}")))
        };
        let several = tables.len() > 1;
        let mut written = Vec::new();
        for (src, name) in tables.into_iter().zip(names) {
            let mut rows = index.table(src, self.schema, self.show_personal);
            let target = if several {
                derived(&name)
            } else {
                output.map(Path::to_path_buf)
            };
            match target {
                Some(path) => {
                    refuse_input_as_output("--output", &path, self.inputs)?;
                    write_atomically(&path, |w| {
                        annotated_csv::write_table(&mut rows, lang, encoding, w)
                    })?;
                    written.push(path);
                }
                None => annotated_csv::write_table(&mut rows, lang, encoding, stdout).map_err(
                    |source| CommandError::Io {
                        path: "<stdout>".to_owned(),
                        source,
                    },
                )?,
            }
            index.give_back(rows);
        }
        let unplaced = index.unplaced();
        if !unplaced.is_empty() {
            match derived(annotate::SHEET_OTHER) {
                Some(path) => {
                    refuse_input_as_output("--output", &path, self.inputs)?;
                    write_atomically(&path, |w| {
                        annotated_csv::write_unplaced(&unplaced, lang, encoding, w)
                    })?;
                    written.push(path);
                }
                None => note(&match lang {
                    crate::report::Lang::Zh => format!(
                        "另有 {} 条问题不对应任何数据行（如无法读取的文件），未写入 CSV；用 --output 文件名 可另存为「-{}」文件，或用 --format json 查看",
                        unplaced.len(),
                        annotate::SHEET_OTHER
                    ),
                    crate::report::Lang::En => format!(
                        "{} findings point at no data row (e.g. an unreadable file) and are not in the CSV; with --output FILE they go to FILE-{}.csv, or see --format json",
                        unplaced.len(),
                        annotate::SHEET_OTHER
                    ),
                }),
            }
        }
        if several || written.len() > 1 {
            let list: Vec<String> = written.iter().map(|p| p.display().to_string()).collect();
            note(&match lang {
                crate::report::Lang::Zh => format!(
                    "已写出 {} 个 CSV 文件（{}）：{}",
                    list.len(),
                    encoding.name(),
                    list.join("、")
                ),
                crate::report::Lang::En => format!(
                    "wrote {} CSV files ({}): {}",
                    list.len(),
                    encoding.name(),
                    list.join(", ")
                ),
            });
        }
        Ok(())
    }
}

/// A line for the user on stderr (file lists, cut tables): never mixed into
/// a report written to stdout.
fn note(message: &str) {
    let _ = writeln!(std::io::stderr(), "{message}");
}

/// `--write-baseline` writes every finding of the run (before any
/// `--baseline` is applied) and then, like `--baseline`, leaves out what the
/// baseline accepts — so the run that writes a baseline reports nothing new.
/// The count left out goes into the report's summary.
fn apply_baselines(
    report: &mut Report,
    read: Option<&Baseline>,
    write: Option<&Path>,
) -> Result<(), CommandError> {
    if let Some(path) = write {
        let written = Baseline::from_diagnostics(&report.diagnostics);
        spilled(&report.diagnostics)?;
        write_atomically(path, |w| written.write(w))?;
        report.suppressed = Some(written.suppress(&mut report.diagnostics));
    } else if let Some(b) = read {
        report.suppressed = Some(b.suppress(&mut report.diagnostics));
    }
    spilled(&report.diagnostics)
}

/// Fails when findings written to a temporary file could not be read back,
/// so a run never reports fewer findings than it found.
fn spilled(findings: &report::Findings) -> Result<(), CommandError> {
    findings.finish().map_err(|source| CommandError::Io {
        path: std::env::temp_dir().display().to_string(),
        source,
    })
}

/// Whether two paths name the same file (existing or not).
fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

/// gongdan never modifies an input file: writing the report (or a baseline,
/// as `flag` says) over one is a usage error.
fn refuse_input_as_output(
    flag: &str,
    out: &Path,
    inputs: &[std::path::PathBuf],
) -> Result<(), CommandError> {
    let Ok(out_c) = out.canonicalize() else {
        return Ok(());
    };
    for p in inputs {
        let Ok(pc) = p.canonicalize() else { continue };
        if out_c == pc
            || (pc.is_dir() && out_c.starts_with(&pc) && crate::input::is_supported(&out_c))
        {
            return Err(CommandError::Usage(format!(
                "{flag} {} 会覆盖或混入输入文件，请写到别处 / would overwrite or mix with an input file; write it elsewhere",
                out.display()
            )));
        }
    }
    Ok(())
}

/// Write to `path` through a temporary file in the same folder, renamed into
/// place only when complete, so a failed run never leaves half a report.
///
/// # Errors
/// The file cannot be created, written or renamed.
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), CommandError> {
    save_atomically(path, |tmp| {
        let file = std::fs::File::create(tmp)?;
        let mut buf = std::io::BufWriter::new(file);
        write(&mut buf)?;
        buf.flush()?;
        let file = buf
            .into_inner()
            .map_err(std::io::IntoInnerError::into_error)?;
        // A pipe or a device cannot be synced (EINVAL) and has nothing to.
        if file.metadata()?.is_file() {
            file.sync_all()
        } else {
            Ok(())
        }
    })
}

/// [`write_atomically`] for writers that want a path (the XLSX writer saves
/// to a file itself): `save` writes the temporary file at the path it is
/// given, which is renamed to `path` only when complete.
///
/// Only a regular file (or a path not there yet) is replaced: a device, a
/// FIFO or a socket (`-o /dev/null`, `-o /dev/stdout`, a named pipe) is
/// written in place, since renaming over it would put a regular file where
/// the device was (as root, `/dev/null` itself). A symbolic link is
/// followed: the file it points to is replaced and the link stays.
///
/// # Errors
/// The file cannot be created, written or renamed.
pub fn save_atomically(
    path: &Path,
    save: impl FnOnce(&Path) -> std::io::Result<()>,
) -> Result<(), CommandError> {
    let err = |source| CommandError::Io {
        path: path.display().to_string(),
        source,
    };
    let target = link_target(path);
    let path = target.as_path();
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
        return save(path).map_err(err);
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    remove_stale_temps(dir, &name);
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = save(&tmp).and_then(|()| std::fs::rename(&tmp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(err)
}

/// Where writing to `path` should land: the file a symbolic link points to
/// (followed through chains of links; a dangling link gives the path it names),
/// else `path` itself.
fn link_target(path: &Path) -> std::path::PathBuf {
    let mut path = path.to_path_buf();
    // Bounded like the system's own limit on link chains (ELOOP).
    for _ in 0..40 {
        let Ok(link) = std::fs::read_link(&path) else {
            break;
        };
        path = match path.parent() {
            Some(dir) if link.is_relative() => dir.join(link),
            _ => link,
        };
    }
    path
}

/// Remove `.{name}.{pid}.tmp` files left by earlier runs that were killed
/// while writing (SIGKILL, power loss: no code runs to clean up). The temp
/// file is hidden and ends in `.tmp`, so it is never taken for a report; a
/// temp is stale when its process is gone (Linux: no `/proc/{pid}`;
/// elsewhere: older than a day).
fn remove_stale_temps(dir: &Path, name: &str) {
    let prefix = format!(".{name}.");
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file = entry.file_name();
        let Some(pid) = file
            .to_str()
            .and_then(|f| f.strip_prefix(&prefix))
            .and_then(|r| r.strip_suffix(".tmp"))
            .and_then(|p| p.parse::<u32>().ok())
        else {
            continue;
        };
        if pid == std::process::id() {
            continue;
        }
        let stale = if Path::new("/proc/self").exists() {
            !Path::new("/proc").join(pid.to_string()).exists()
        } else {
            entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age.as_secs() > 86_400)
        };
        if stale {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// A row counter on stderr while a large export is checked — only when
/// stderr is a terminal (never in CI logs or redirected output), and not with
/// `--quiet`. Drawn at most a few times a second, so it costs nothing.
pub(crate) fn progress_bar(quiet: bool) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    if quiet || !std::io::stderr().is_terminal() || std::env::var_os("CI").is_some() {
        return None;
    }
    let bar = indicatif::ProgressBar::new_spinner();
    let style =
        indicatif::ProgressStyle::with_template("{spinner} {pos} 行 / rows  {msg}  {elapsed}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner());
    bar.set_style(style);
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    Some(bar)
}
