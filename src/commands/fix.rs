//! `gongdan fix`: a repaired copy of every input table in `--out DIR`, in the
//! input's own format and encoding, with a change log beside it; or, with
//! `--diff`, only the list of what would change. Inputs are never written.

use std::cell::RefCell;
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::Ordering;

use super::check::{progress_bar, write_atomically};
use super::{CommandError, Exit, load};
use crate::cli::{EncodingArg, FixArgs, FixLogFormat};
use crate::engine::display_path;
use crate::fix::Skip;
use crate::fix::datefmt::DateStats;
use crate::fix::{self, Change, Fixer};
use crate::input::{self, EncodingChoice, Format, InputOptions, Row};
use crate::report::Lang;

/// One input file and where its copy goes.
struct Job {
    path: PathBuf,
    display: String,
    dest: PathBuf,
}

/// Run `gongdan fix`.
///
/// # Errors
/// Bad config or rules, a bad command line (no `--out`, an `--out` that
/// would overwrite an input), or an output that cannot be written.
pub fn run(args: &FixArgs, cwd: &Path, stdout: &mut dyn Write) -> Result<Exit, CommandError> {
    let loaded = load(&args.common, cwd)?;
    let lang = loaded.lang;
    let choice = match args.encoding {
        Some(EncodingArg::Auto) => EncodingChoice::Auto,
        Some(EncodingArg::Utf8) => EncodingChoice::Utf8,
        Some(EncodingArg::Gb18030) => EncodingChoice::Gb18030,
        None => loaded.config.encoding.unwrap_or_default(),
    };
    // --diff writes nothing, even with --out.
    let out_dir = match (&args.out, args.diff) {
        (_, true) => None,
        (Some(o), false) => Some(o.clone()),
        (None, false) => {
            return Err(CommandError::Usage(
                "gongdan fix 需要 --out DIR（修复后的副本写到这里，从不改动原文件），或用 --diff 只查看改动 / gongdan fix needs --out DIR (the repaired copies go there; inputs are never modified), or --diff to only see the changes".to_owned(),
            ));
        }
    };
    let jobs = plan_jobs(&args.paths, out_dir.as_deref(), cwd)?;
    if let Some(dir) = &out_dir {
        refuse_overwrite(dir, &args.paths, &jobs, cwd)?;
    }

    let select = args.select.clone().or_else(|| loaded.config.select.clone());
    let mut ignore = loaded.config.ignore.clone();
    ignore.extend(args.ignore.iter().cloned());
    let active = |code: &str| crate::rules::config::selected(code, select.as_deref(), &ignore);
    let schema = loaded.schema;
    let fixer = Fixer::new(loaded.rules, &active, args.unsafe_fixes);

    let bar = progress_bar(args.quiet || args.diff);
    let mut changes: Vec<Change> = Vec::new();
    let mut failed: Vec<(String, String)> = Vec::new();
    let mut written = 0usize;
    for job in &jobs {
        if let Some(b) = &bar {
            b.set_message(job.display.clone());
            b.set_position(0);
        }
        let progress = |rows: u64| {
            if let Some(b) = &bar {
                b.set_position(rows);
            }
        };
        let mut opts = InputOptions {
            encoding: choice,
            ..InputOptions::default()
        };
        opts.forced_kind = loaded.config.forced_kind(&job.display);
        let max_cell_chars = opts.max_cell_chars;
        let opened = input::open(&job.path, &job.display, &schema, &opts);
        let unreadable = opened.issues.iter().find(|i| i.code == "GD001");
        if opened.tables.is_empty() {
            if let Some(issue) = unreadable {
                failed.push((
                    job.display.clone(),
                    lang.pick(&issue.detail_zh, &issue.detail_en).to_owned(),
                ));
                continue;
            }
        }
        // First pass: the prevailing date style of each date column.
        let mut tables = Vec::new();
        for mut source in opened.tables {
            let meta = source.meta().clone();
            let mut plan = fixer.plan(&meta, &schema);
            let cols = plan.date_columns();
            if !cols.is_empty() {
                let mut stats: Vec<(usize, DateStats)> =
                    cols.iter().map(|c| (*c, DateStats::default())).collect();
                let mut rows: Vec<Row> = Vec::new();
                let mut issues = Vec::new();
                let mut done = 0u64;
                while source.next_chunk(4096, &mut rows, &mut issues) {
                    for row in &rows {
                        for (c, s) in &mut stats {
                            s.add(row.cell(*c));
                        }
                    }
                    done += rows.len() as u64;
                    progress(done);
                    rows.clear();
                    issues.clear();
                }
                plan.set_date_styles(&stats);
            }
            tables.push((meta, plan));
        }
        // Second pass: the copy.
        let file_changes: RefCell<Vec<Change>> = RefCell::new(Vec::new());
        let skipped: RefCell<Option<Skip>> = RefCell::new(None);
        let write = |w: &mut dyn Write| -> std::io::Result<()> {
            let mut ch = file_changes.borrow_mut();
            let result = match tables.first() {
                None => std::fs::read(&job.path)
                    .and_then(|b| w.write_all(&b))
                    .map_err(Skip::Io),
                Some((meta, plan)) => {
                    let t = fix::Target {
                        path: &job.path,
                        meta,
                        plan,
                        fixer: &fixer,
                        choice,
                        max_cell_chars,
                    };
                    match meta.format {
                        Format::Csv | Format::Tsv => fix::csv::fix(&t, w, &mut ch, &progress),
                        Format::Json => fix::json::fix_document(&t, w, &mut ch),
                        Format::Jsonl => fix::json::fix_lines(&t, w, &mut ch, &progress),
                        Format::Xlsx => fix::xlsx::fix(&job.path, &tables, &fixer, w, &mut ch),
                    }
                }
            };
            result.map_err(|e| {
                let err = std::io::Error::other(format!("{e:?}"));
                *skipped.borrow_mut() = Some(e);
                err
            })
        };
        let result = match &out_dir {
            None => write(&mut std::io::sink()).map_err(|e| CommandError::Io {
                path: job.display.clone(),
                source: e,
            }),
            Some(_) => {
                if let Some(parent) = job.dest.parent() {
                    std::fs::create_dir_all(parent).map_err(|source| CommandError::Io {
                        path: parent.display().to_string(),
                        source,
                    })?;
                }
                write_atomically(&job.dest, write)
            }
        };
        match (result, skipped.into_inner()) {
            (Ok(()), _) => {
                written += 1;
                changes.extend(file_changes.into_inner());
            }
            (Err(_), Some(skip)) => {
                let why = match skip {
                    Skip::Utf16 => lang
                        .pick(
                            "UTF-16 文件只检查不修复，未复制",
                            "UTF-16 files are checked but not fixed; not copied",
                        )
                        .to_owned(),
                    Skip::Unreadable => {
                        lang.pick("无法再次读取", "cannot be read again").to_owned()
                    }
                    Skip::NotXlsx => lang
                        .pick(
                            "只能写出 .xlsx 工作簿；请在 Excel/WPS 中另存为 .xlsx 后再修复",
                            "only .xlsx workbooks are written; save it as .xlsx in Excel/WPS and fix that",
                        )
                        .to_owned(),
                    Skip::Io(e) => e.to_string(),
                };
                failed.push((job.display.clone(), why));
            }
            (Err(e), None) => return Err(e),
        }
    }
    if let Some(b) = bar {
        b.finish_and_clear();
    }

    let io_err = |source| CommandError::Io {
        path: "<stdout>".to_owned(),
        source,
    };
    if args.diff {
        fix::log::write_diff(&changes, args.show_personal_data, lang, stdout).map_err(io_err)?;
    }
    if let Some(dir) = &out_dir {
        std::fs::create_dir_all(dir).map_err(|source| CommandError::Io {
            path: dir.display().to_string(),
            source,
        })?;
        write_atomically(&dir.join("changes.csv"), |w| {
            fix::log::write_csv(&changes, args.show_personal_data, w)
        })?;
        if args.format == FixLogFormat::Json {
            write_atomically(&dir.join("changes.json"), |w| {
                fix::log::write_json(&changes, args.show_personal_data, args.unsafe_fixes, w)
            })?;
        }
    }
    summary(args, lang, &changes, written, &failed, &fixer, stdout).map_err(io_err)?;
    Ok(if failed.is_empty() {
        Exit::Clean
    } else {
        Exit::Findings
    })
}

fn summary(
    args: &FixArgs,
    lang: Lang,
    changes: &[Change],
    written: usize,
    failed: &[(String, String)],
    fixer: &Fixer,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let safe = changes
        .iter()
        .filter(|c| c.class == fix::FixClass::Safe)
        .count();
    let unsafe_n = changes.len() - safe;
    let held = fixer.held_back.load(Ordering::Relaxed);
    match (&args.out, args.diff) {
        (Some(dir), false) => writeln!(
            out,
            "{}",
            match lang {
                Lang::Zh => format!(
                    "已修复 {} 处（安全 {safe}，不安全 {unsafe_n}），{written} 个文件的副本写入 {}，变更记录见 {}",
                    changes.len(),
                    dir.display(),
                    dir.join("changes.csv").display()
                ),
                Lang::En => format!(
                    "fixed {} cell(s) ({safe} safe, {unsafe_n} unsafe); copies of {written} file(s) written to {}; change log in {}",
                    changes.len(),
                    dir.display(),
                    dir.join("changes.csv").display()
                ),
            }
        )?,
        _ => writeln!(
            out,
            "{}",
            match lang {
                Lang::Zh => format!(
                    "将修改 {} 处（安全 {safe}，不安全 {unsafe_n}）；--diff 未写入任何文件",
                    changes.len()
                ),
                Lang::En => format!(
                    "would change {} cell(s) ({safe} safe, {unsafe_n} unsafe); --diff wrote nothing",
                    changes.len()
                ),
            }
        )?,
    }
    if held > 0 {
        writeln!(
            out,
            "{}",
            match lang {
                Lang::Zh => format!(
                    "另有 {held} 处不安全的修复（需要猜测）未应用；确认后可加 --unsafe-fixes"
                ),
                Lang::En => format!(
                    "{held} unsafe fix(es) (involving a guess) not applied; add --unsafe-fixes to apply them"
                ),
            }
        )?;
    }
    for (file, why) in failed {
        writeln!(
            out,
            "{}",
            match lang {
                Lang::Zh => format!("未修复 {file}：{why}"),
                Lang::En => format!("not fixed: {file}: {why}"),
            }
        )?;
    }
    Ok(())
}

/// Input files (folders walked as `check` walks them) and their copies'
/// paths: a folder's files keep their place below it, a named file goes to
/// the top of `out`.
fn plan_jobs(paths: &[PathBuf], out: Option<&Path>, cwd: &Path) -> Result<Vec<Job>, CommandError> {
    let out = out.unwrap_or(Path::new(""));
    let mut jobs: Vec<Job> = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found: Vec<PathBuf> = walkdir::WalkDir::new(p)
                .into_iter()
                .filter_entry(|e| {
                    e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.')
                })
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file() && input::is_supported(e.path()))
                .filter(|e| !fix::log::is_change_log(e.path()))
                .map(walkdir::DirEntry::into_path)
                .collect();
            found.sort();
            for f in found {
                let rel = f.strip_prefix(p).unwrap_or(&f).to_path_buf();
                jobs.push(Job {
                    display: display_path(&f, cwd),
                    dest: out.join(rel),
                    path: f,
                });
            }
        } else if p.exists() {
            let name = p.file_name().map(PathBuf::from).unwrap_or_default();
            jobs.push(Job {
                display: display_path(p, cwd),
                dest: out.join(name),
                path: p.clone(),
            });
        } else {
            return Err(CommandError::Usage(format!(
                "{} 不存在 / no such file or folder",
                p.display()
            )));
        }
    }
    let mut seen = std::collections::HashSet::new();
    jobs.retain(|j| seen.insert(absolute(&j.path, cwd)));
    let mut dests = std::collections::HashSet::new();
    for j in &jobs {
        let d = absolute(&j.dest, cwd);
        if d == absolute(&out.join("changes.csv"), cwd) || !dests.insert(d) {
            return Err(CommandError::Usage(format!(
                "两个输入文件会写到同一个副本 {}，请分开运行 / two inputs would be copied to the same file {}; run them separately",
                j.dest.display(),
                j.dest.display()
            )));
        }
    }
    Ok(jobs)
}

/// An absolute, normalised path: the longest existing ancestor resolved
/// (symbolic links included), the rest joined lexically.
fn absolute(p: &Path, cwd: &Path) -> PathBuf {
    let p = if p.is_absolute() {
        p.to_path_buf()
    } else {
        cwd.join(p)
    };
    let mut rest = Vec::new();
    let mut base = p.as_path();
    loop {
        if let Ok(c) = base.canonicalize() {
            let mut out = c;
            for part in rest.iter().rev() {
                out.push(part);
            }
            return out;
        }
        match (base.parent(), base.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_owned());
                base = parent;
            }
            _ => break,
        }
    }
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            c => out.push(c),
        }
    }
    out
}

/// Refuse an `--out` that is an input file, is or lies inside an input
/// folder, or would receive a copy on top of an input file.
fn refuse_overwrite(
    out: &Path,
    paths: &[PathBuf],
    jobs: &[Job],
    cwd: &Path,
) -> Result<(), CommandError> {
    let o = absolute(out, cwd);
    let refuse = |why: &str| {
        Err(CommandError::Usage(format!(
            "--out {} {why}；gongdan fix 从不改动原文件，请写到输入之外的文件夹 / --out {} would overwrite or mix with the inputs; gongdan fix never writes in place: choose a folder outside the inputs",
            out.display(),
            out.display()
        )))
    };
    for p in paths {
        let a = absolute(p, cwd);
        if a == o {
            return refuse("就是输入本身");
        }
        if p.is_dir() && o.starts_with(&a) {
            return refuse("在输入文件夹之内");
        }
    }
    for j in jobs {
        let src = absolute(&j.path, cwd);
        if absolute(&j.dest, cwd) == src
            || o.join("changes.csv") == src
            || o.join("changes.json") == src
        {
            return refuse("会覆盖输入文件");
        }
    }
    Ok(())
}
