//! Drives the pipeline: find the input files, open them, run every selected
//! rule over every row (in parallel chunks), and collect a sorted
//! [`Report`]. Library code: nothing here prints.

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::checks::call_link::{CallIndex, CallRow};
use crate::checks::{Deferred, Env, Finding, Prepared, RowCtx, State};
use crate::diagnostic::{Diagnostic, Span, column_letters};
use crate::input::{
    self, FieldId, InputIssue, InputOptions, Row, RowSource, Schema, TableKind, TableMeta,
};
use crate::privacy;
use crate::report::{FileSummary, Findings, Lang, Report};
use crate::rules::{Config, Rule, RuleSet};

/// Rows pulled from a table at a time; each chunk is checked in parallel.
pub const CHUNK_ROWS: usize = 1024;

/// Longest excerpt shown, in characters.
const EXCERPT_CHARS: usize = 240;

/// How a run is set up.
#[derive(Clone, Debug)]
pub struct Options {
    pub lang: Lang,
    pub input: InputOptions,
    pub show_personal: bool,
    /// Rule selection (CLI over config): codes or prefixes.
    pub select: Option<Vec<String>>,
    pub ignore: Vec<String>,
    /// Paths are shown relative to this folder where possible.
    pub base: PathBuf,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            lang: Lang::Zh,
            input: InputOptions::default(),
            show_personal: false,
            select: None,
            ignore: Vec::new(),
            base: PathBuf::from("."),
        }
    }
}

/// Why a run could not check anything (exit code 2).
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum RunError {
    #[error("没有可读取的输入表 / no readable input table in: {0}")]
    #[diagnostic(
        code(gongdan::no_input),
        help(
            "检查路径是否正确，文件是否为带表头的 CSV/TSV/XLSX/JSON / check the paths, formats and header rows"
        )
    )]
    NoInput(String),
}

impl Report {
    /// Whether nothing at all could be read (every given file unreadable or
    /// unrecognised): the run failed rather than found defects.
    #[must_use]
    pub fn nothing_readable(&self) -> bool {
        self.files.iter().all(|f| f.kind.is_none())
    }
}

/// Everything the run reads: tables ready to stream and the problems met
/// while opening files.
#[derive(Default)]
pub struct Inputs {
    pub tables: Vec<Box<dyn RowSource>>,
    pub issues: Vec<InputIssue>,
    /// Files that gave no table (unreadable or unrecognised).
    pub skipped: Vec<FileSummary>,
}

/// A path as shown in output: relative to `base` when below it, with `/`.
#[must_use]
pub fn display_path(path: &Path, base: &Path) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path);
    let s = rel.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map_or(s.clone(), str::to_owned)
}

/// Expand paths (folders walked recursively, hidden entries skipped, files
/// with unsupported extensions inside folders ignored) and open each file.
/// Files open in parallel; order stays the sorted path order.
#[must_use]
pub fn open_inputs(paths: &[PathBuf], opts: &Options, schema: &Schema, config: &Config) -> Inputs {
    let mut files: Vec<PathBuf> = Vec::new();
    let mut issues = Vec::new();
    let mut missing = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found: Vec<PathBuf> = walkdir::WalkDir::new(p)
                .into_iter()
                .filter_entry(|e| {
                    e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.')
                })
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file() && input::is_supported(e.path()))
                // The change log `gongdan fix` leaves beside its copies.
                .filter(|e| !crate::fix::log::is_change_log(e.path()))
                .map(walkdir::DirEntry::into_path)
                .collect();
            found.sort();
            files.extend(found);
        } else if p.exists() {
            files.push(p.clone());
        } else {
            let d = display_path(p, &opts.base);
            issues.push(InputIssue::file(
                "GD001",
                &d,
                "文件或文件夹不存在",
                "no such file or folder",
            ));
            missing.push(FileSummary {
                path: d,
                sheet: None,
                kind: None,
                format: None,
                encoding: None,
                rows: 0,
            });
        }
    }
    files.dedup();
    let opened: Vec<(String, input::Opened)> = files
        .par_iter()
        .map(|f| {
            let d = display_path(f, &opts.base);
            let mut o = opts.input.clone();
            o.forced_kind = config.forced_kind(&d);
            let opened = input::open(f, &d, schema, &o);
            (d, opened)
        })
        .collect();
    let mut inputs = Inputs {
        issues,
        skipped: missing,
        ..Inputs::default()
    };
    for (d, o) in opened {
        if o.tables.is_empty() {
            inputs.skipped.push(FileSummary {
                path: d,
                sheet: None,
                kind: None,
                format: None,
                encoding: None,
                rows: 0,
            });
        }
        inputs.tables.extend(o.tables);
        inputs.issues.extend(o.issues);
    }
    inputs
}

/// The rules a run uses: selected by config and options.
fn active_rules<'r>(rules: &'r RuleSet, opts: &Options, config: &Config) -> Vec<&'r Rule> {
    let select = opts.select.as_deref().or(config.select.as_deref());
    let mut ignore = config.ignore.clone();
    ignore.extend(opts.ignore.iter().cloned());
    rules
        .rules
        .iter()
        .filter(|r| crate::rules::config::selected(&r.code, select, &ignore))
        .collect()
}

/// Where the ticket id and unit of a row live, per table.
struct TableInfo {
    meta: TableMeta,
    ticket_col: Option<usize>,
    unit_col: Option<usize>,
    personal: Vec<bool>,
    /// Canonical field names of this table kind, by [`FieldId`].
    field_names: Vec<String>,
}

impl TableInfo {
    fn new(meta: TableMeta, schema: &Schema) -> Self {
        let t = schema.table(meta.kind);
        let col = |name: &str| t.field(name).and_then(|id| meta.column(id));
        let mut personal = vec![false; meta.headers.len()];
        for (i, def) in t.fields.iter().enumerate() {
            if def.personal {
                if let Some(c) = meta.column(FieldId(i)) {
                    personal[c] = true;
                }
            }
        }
        TableInfo {
            ticket_col: col("ticket_id"),
            unit_col: col("unit"),
            personal,
            field_names: t.fields.iter().map(|f| f.name.clone()).collect(),
            meta,
        }
    }
}

/// Check every table and build the report. Unreadable files are findings
/// (GD001) in the report, never an early return.
#[must_use]
pub fn run(
    inputs: Inputs,
    rules: &RuleSet,
    schema: &Schema,
    config: &Config,
    opts: &Options,
) -> Report {
    run_with_progress(inputs, rules, schema, config, opts, &|_: &str, _: u64| {})
}

/// [`run`], telling `progress` after every chunk which file is being read
/// and how many rows of it are done (the CLI draws a progress bar with it;
/// the library itself never prints).
#[must_use]
pub fn run_with_progress(
    inputs: Inputs,
    rules: &RuleSet,
    schema: &Schema,
    config: &Config,
    opts: &Options,
    progress: &dyn Fn(&str, u64),
) -> Report {
    let Inputs {
        mut tables,
        issues,
        skipped,
    } = inputs;
    let active = active_rules(rules, opts, config);
    let helps = shared_helps(&active, opts.lang);
    let mut env = Env {
        export_time: config.export_time,
        calendar: config.calendar.clone(),
        ..Env::default()
    };
    let lang = opts.lang;

    // Calls and flows first: the ticket checks consult their indexes.
    tables.sort_by_key(|t| match t.meta().kind {
        TableKind::Calls => 0,
        TableKind::Flows => 1,
        TableKind::Tickets => 2,
    });
    let mut states: Vec<State> = active.iter().map(|r| r.check.new_state()).collect();
    // The indexes of calls and flows are built only for the rules that
    // consult them (the call index is some 30 MB for a province's month).
    let need_calls = active.iter().any(|r| r.check.reads_calls());
    let need_flows = active.iter().any(|r| r.check.reads_flows());
    // Findings beyond a bound go to a temporary file in sorted runs.
    let mut diags = Findings::from_env();
    let mut repeats = Repeats::new(tables.iter().any(|t| t.meta().kind == TableKind::Flows));
    let mut deferred: Vec<(usize, Deferred)> = Vec::new();
    let mut infos: Vec<TableInfo> = Vec::new();
    let mut files: Vec<FileSummary> = Vec::new();
    let mut issues = issues;

    for (ti, src) in tables.iter_mut().enumerate() {
        let info = TableInfo::new(src.meta().clone(), schema);
        let meta = &info.meta;
        let here: Vec<usize> = (0..active.len())
            .filter(|&i| active[i].tables().contains(&meta.kind))
            .collect();
        // Rules that keep state across rows observe every row in order.
        let stateful: Vec<usize> = here
            .iter()
            .copied()
            .filter(|&ri| !matches!(states[ri], State::None))
            .collect();
        for &ri in &here {
            let mut out = Vec::new();
            active[ri].check.check_table(meta, ti, lang, &mut out);
            deferred.extend(out.into_iter().map(|d| (ri, d)));
        }
        let mut count = 0u64;
        // One thread reads and decodes the next chunk while the others
        // check this one; chunks arrive in file order, so the output does
        // not depend on timing.
        std::thread::scope(|scope| {
            let (tx, rx) = std::sync::mpsc::sync_channel::<(Vec<Row>, Vec<InputIssue>)>(1);
            let src: &mut Box<dyn RowSource> = src;
            scope.spawn(move || {
                loop {
                    let mut rows = Vec::with_capacity(CHUNK_ROWS);
                    let mut found = Vec::new();
                    let more = src.next_chunk(CHUNK_ROWS, &mut rows, &mut found);
                    if (!rows.is_empty() || !found.is_empty()) && tx.send((rows, found)).is_err() {
                        break;
                    }
                    if !more {
                        break;
                    }
                }
            });
            for (rows, found) in rx {
                issues.extend(found);
                if rows.is_empty() {
                    continue;
                }
                count += rows.len() as u64;
                progress(&meta.file, count);
                // Row checks, the expensive half of cross-row work and the
                // parsing of call records run in parallel; results come
                // back in row order.
                let chunk: Vec<(Vec<Diagnostic>, Vec<Prepared>, Option<CallRow>)> = rows
                    .par_iter()
                    .map(|row| {
                        let ctx = RowCtx {
                            meta,
                            row,
                            lang,
                            env: &env,
                            table: ti,
                            analyses: Default::default(),
                        };
                        let mut out = Vec::new();
                        let mut found = Vec::new();
                        for &ri in &here {
                            found.clear();
                            active[ri].check.check_row(&ctx, &mut found);
                            for f in found.drain(..) {
                                out.push(build(
                                    active[ri],
                                    helps[ri].as_ref(),
                                    &info,
                                    At::Row(row),
                                    f,
                                    opts,
                                ));
                            }
                        }
                        let prepared = stateful
                            .iter()
                            .map(|&ri| active[ri].check.prepare(&ctx))
                            .collect();
                        let call = (need_calls && meta.kind == TableKind::Calls)
                            .then(|| CallIndex::parse(meta, row, schema))
                            .flatten();
                        (out, prepared, call)
                    })
                    .collect();
                let mut prepared_rows = Vec::with_capacity(chunk.len());
                for (d, p, call) in chunk {
                    for d in d {
                        repeats.note(diags.next_number(), &d, meta.kind);
                        diags.push(d);
                    }
                    prepared_rows.push(p);
                    // The indexes the ticket checks consult; calls and
                    // flows tables come first, so they are complete before
                    // any ticket is read.
                    if let Some((id, call)) = call {
                        env.calls
                            .get_or_insert_with(Default::default)
                            .insert(&id, call);
                    }
                }
                match meta.kind {
                    TableKind::Calls if need_calls => {
                        env.calls.get_or_insert_with(Default::default);
                    }
                    TableKind::Flows if need_flows => {
                        let index = env.flows.get_or_insert_with(Default::default);
                        rows.iter().for_each(|r| index.add(meta, r, schema));
                    }
                    _ => {}
                }
                for (row, prepared) in rows.iter().zip(prepared_rows) {
                    let ctx = RowCtx {
                        meta,
                        row,
                        lang,
                        env: &env,
                        table: ti,
                        analyses: Default::default(),
                    };
                    for (&ri, p) in stateful.iter().zip(prepared) {
                        let mut out = Vec::new();
                        active[ri].check.observe(&ctx, p, &mut states[ri], &mut out);
                        deferred.extend(out.into_iter().map(|d| (ri, d)));
                    }
                }
            }
        });
        if meta.kind == TableKind::Calls {
            if let Some(index) = env.calls.as_mut() {
                index.seal();
            }
        }
        files.push(FileSummary {
            path: meta.file.clone(),
            sheet: meta.sheet.clone(),
            kind: Some(meta.kind.as_str().to_owned()),
            format: Some(format!("{:?}", meta.format).to_lowercase()),
            encoding: Some(meta.encoding.clone()),
            rows: count,
        });
        infos.push(info);
    }
    // Every row is read: the call and flow indexes are no longer needed.
    env.calls = None;
    env.flows = None;
    let mut push_deferred = |ri: usize, d: Deferred, diags: &mut Findings| {
        let info = &infos[d.at.table];
        let d = build(
            active[ri],
            helps[ri].as_ref(),
            info,
            At::Ref(&d.at),
            d.finding,
            opts,
        );
        repeats.note(diags.next_number(), &d, info.meta.kind);
        diags.push(d);
    };
    for (ri, d) in deferred {
        push_deferred(ri, d, &mut diags);
    }
    // Each rule's findings go to the store as soon as the rule is done, in
    // the same order as before, rather than all rules' findings being
    // gathered first; the rule's state is gone by then.
    for (ri, state) in states.into_iter().enumerate() {
        let mut out = Vec::new();
        active[ri].check.finish(state, lang, &mut out);
        for d in out {
            push_deferred(ri, d, &mut diags);
        }
    }
    for issue in &issues {
        if let Some(rule) = active.iter().find(|r| r.code == issue.code) {
            diags.push(build_issue(rule, issue, opts));
        }
    }
    repeats.apply(&mut diags, lang);
    diags.seal();
    files.extend(skipped);
    files.sort_by(|a, b| (&a.path, &a.sheet).cmp(&(&b.path, &b.sheet)));
    Report {
        files,
        diagnostics: diags,
        rules: active.iter().map(|r| r.info(lang)).collect(),
        lang,
        suppressed: None,
    }
}

/// One defect, one finding: a return or extension reason that stands both
/// in the tickets' column and in a flow record's opinion (the same ticket,
/// rule and text) is reported once, on the ticket, saying where else it
/// stands. Findings may already be on disk when the last flow finding is
/// built, so each is noted by push number as it is pushed (a hash of rule,
/// ticket and text, not the text: a collision of 128 bits is not a practical
/// concern) and the store is rewritten once at the end.
struct Repeats {
    /// Whether the run has a flows table at all; without one nothing repeats.
    on: bool,
    /// Key → push number of the first tickets-table finding with it.
    tickets: HashMap<u128, u64>,
    /// Flow-record findings in push order: push number, key, file, row.
    flows: Vec<(u64, u128, usize, Option<u64>)>,
    /// The files named by `flows`.
    files: Vec<String>,
}

impl Repeats {
    fn new(on: bool) -> Self {
        Repeats {
            on,
            tickets: HashMap::new(),
            flows: Vec::new(),
            files: Vec::new(),
        }
    }

    /// The (rule, ticket, text without whitespace) of a finding, hashed.
    fn key(d: &Diagnostic) -> Option<u128> {
        let ticket = d.ticket_id.as_ref()?;
        let text: String = d
            .excerpt
            .as_deref()?
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        if text.is_empty() {
            return None;
        }
        let half = |salt: u8| {
            let mut h = DefaultHasher::new();
            (salt, &d.rule, ticket, &text).hash(&mut h);
            h.finish()
        };
        Some((u128::from(half(0)) << 64) | u128::from(half(1)))
    }

    /// Note finding number `seq`, from a table of `kind`.
    fn note(&mut self, seq: u64, d: &Diagnostic, kind: TableKind) {
        if !self.on {
            return;
        }
        match kind {
            TableKind::Tickets => {
                if let Some(key) = Self::key(d) {
                    self.tickets.entry(key).or_insert(seq);
                }
            }
            TableKind::Flows => {
                if let Some(key) = Self::key(d) {
                    let file = match self.files.iter().position(|f| *f == d.file) {
                        Some(i) => i,
                        None => {
                            self.files.push(d.file.clone());
                            self.files.len() - 1
                        }
                    };
                    self.flows.push((seq, key, file, d.row));
                }
            }
            TableKind::Calls => {}
        }
    }

    /// Drop the flow findings that repeat a ticket's and say so on the
    /// ticket's finding.
    fn apply(self, diags: &mut Findings, lang: Lang) {
        let mut drop: HashSet<u64> = HashSet::new();
        let mut notes: HashMap<u64, String> = HashMap::new();
        for (seq, key, file, row) in self.flows {
            let Some(&keep) = self.tickets.get(&key) else {
                continue;
            };
            drop.insert(seq);
            let file = &self.files[file];
            let row = row.map_or_else(String::new, |r| r.to_string());
            notes.entry(keep).or_default().push_str(&match lang {
                Lang::Zh => format!("（同一内容也见于流转记录 {file} 第 {row} 行，不重复报告）"),
                Lang::En => {
                    format!(
                        " (the same text stands in flow records {file} row {row}; reported once)"
                    )
                }
            });
        }
        if drop.is_empty() {
            return;
        }
        diags.rewrite(|seq, mut d| {
            if drop.contains(&seq) {
                return None;
            }
            if let Some(note) = notes.get(&seq) {
                d.message.push_str(note);
            }
            Some(d)
        });
    }
}

/// The row a finding is about: in hand, or referenced by a deferred finding.
enum At<'a> {
    Row(&'a Row),
    Ref(&'a crate::checks::RowRef),
}

/// Fill `{name}` placeholders.
fn fill(template: &str, args: &[(&str, String)]) -> String {
    let mut out = template.to_owned();
    for (k, v) in args {
        out = out.replace(&format!("{{{k}}}"), v);
    }
    out
}

fn mask<'a>(s: &'a str, opts: &Options) -> std::borrow::Cow<'a, str> {
    if opts.show_personal {
        std::borrow::Cow::Borrowed(s)
    } else {
        privacy::mask_text(s)
    }
}

/// Cut a long cell to a window around the span. Returns (excerpt, offset).
fn excerpt(text: &str, span: Option<Span>) -> (String, usize) {
    let n = text.chars().count();
    if n <= EXCERPT_CHARS {
        return (text.to_owned(), 0);
    }
    let centre = span.map_or(0, |s| s.start);
    let start = centre
        .saturating_sub(EXCERPT_CHARS / 3)
        .min(n - EXCERPT_CHARS);
    (
        text.chars().skip(start).take(EXCERPT_CHARS).collect(),
        start,
    )
}

/// A rule's help text, shared by all its findings when it has no
/// placeholder (`{…}`), else filled for this finding.
fn help_text(
    rule: &Rule,
    shared: Option<&Arc<str>>,
    args: &[(&str, String)],
    lang: Lang,
) -> Arc<str> {
    match shared {
        Some(h) => Arc::clone(h),
        None => fill(rule.help.get(lang), args).into(),
    }
}

/// The help texts of the active rules that need no filling, by rule.
fn shared_helps(active: &[&Rule], lang: Lang) -> Vec<Option<Arc<str>>> {
    active
        .iter()
        .map(|r| {
            let h = r.help.get(lang);
            (!h.contains('{')).then(|| Arc::from(h))
        })
        .collect()
}

fn build(
    rule: &Rule,
    help: Option<&Arc<str>>,
    info: &TableInfo,
    src: At,
    f: Finding,
    opts: &Options,
) -> Diagnostic {
    let meta = &info.meta;
    let lang = opts.lang;
    let col = f.field.and_then(|id| meta.column(id));
    let (row_no, ticket, unit, cell) = match src {
        At::Row(r) => (
            r.number,
            info.ticket_col
                .map(|c| r.cell(c).trim().to_owned())
                .filter(|s| !s.is_empty()),
            info.unit_col
                .map(|c| r.cell(c).trim().to_owned())
                .filter(|s| !s.is_empty()),
            col.map(|c| r.cell(c).to_owned()),
        ),
        At::Ref(r) => (r.row, r.ticket.clone(), r.unit.clone(), r.text.clone()),
    };
    let personal =
        col.is_some_and(|c| info.personal.get(c).copied().unwrap_or(false)) && !opts.show_personal;
    let column = col.map(|c| meta.header(c).to_owned()).or_else(|| {
        f.args
            .iter()
            .find(|(k, _)| *k == "column")
            .map(|(_, v)| v.clone())
    });
    let field_name = f
        .field
        .and_then(|id| info.field_names.get(id.index()).cloned());
    let mut detail = f.detail.clone();
    let mut shown_cell = cell.clone();
    if personal {
        if let Some(c) = &cell {
            let masked = privacy::mask_value(c.trim());
            detail = detail.replace(c.trim(), &masked);
            shown_cell = Some(privacy::mask_value(c));
        }
    }
    let value: String = shown_cell
        .as_deref()
        .unwrap_or("")
        .trim()
        .chars()
        .take(40)
        .collect();
    let mut args: Vec<(&str, String)> = vec![
        (
            "ticket",
            ticket
                .clone()
                .unwrap_or_else(|| lang.pick("（无编号）", "(no id)").to_owned()),
        ),
        ("column", column.clone().unwrap_or_default()),
        ("field", field_name.clone().unwrap_or_default()),
        ("value", value),
        ("detail", detail),
        ("row", row_no.to_string()),
    ];
    args.extend(
        f.args
            .iter()
            .filter(|(k, _)| *k != "column")
            .map(|(k, v)| (*k, v.clone())),
    );
    let message = if f.standalone {
        f.detail.clone()
    } else {
        fill(rule.message.get(lang), &args)
    };
    let (ex, offset) = match &shown_cell {
        Some(c) => {
            let (e, o) = excerpt(c, f.span);
            (Some(mask(&e, opts).into_owned()), o)
        }
        None => (None, 0),
    };
    Diagnostic {
        rule: rule.code.clone(),
        name: rule.name.clone(),
        severity: f.severity.unwrap_or(rule.severity),
        message: mask(&message, opts).into_owned(),
        help: Some(help_text(rule, help, &args, lang)),
        ticket_id: ticket,
        unit,
        field: field_name,
        column,
        file: meta.file.clone(),
        sheet: meta.sheet.clone(),
        row: Some(row_no),
        cell: col
            .filter(|_| !matches!(meta.format, input::Format::Json | input::Format::Jsonl))
            .map(|c| format!("{}{row_no}", column_letters(c))),
        pointer: meta.pointer(row_no, col),
        span: f.span,
        excerpt: ex,
        suggestion: f.suggestion.map(|s| mask(&s, opts).into_owned()),
        excerpt_offset: offset,
        column_index: col,
    }
}

fn build_issue(rule: &Rule, issue: &InputIssue, opts: &Options) -> Diagnostic {
    let lang = opts.lang;
    let detail = lang.pick(&issue.detail_zh, &issue.detail_en).to_owned();
    let args: Vec<(&str, String)> = vec![
        ("file", issue.file.clone()),
        ("detail", detail),
        ("column", issue.header.clone().unwrap_or_default()),
        ("row", issue.row.map(|r| r.to_string()).unwrap_or_default()),
    ];
    // An issue of a whole sheet or file has no row: its message says so
    // without an empty "第  行" / "row  ".
    let template = rule.message.get(lang);
    let message = if issue.row.is_none() {
        let t = template
            .replace(" 第 {row} 行", " ")
            .replace("第 {row} 行", "")
            .replace(" row {row}", "");
        fill(&t, &args)
    } else {
        fill(template, &args)
    };
    Diagnostic {
        rule: rule.code.clone(),
        name: rule.name.clone(),
        severity: rule.severity,
        message: mask(&message, opts).into_owned(),
        help: Some(fill(rule.help.get(lang), &args).into()),
        ticket_id: None,
        unit: None,
        field: None,
        column: issue.header.clone(),
        file: issue.file.clone(),
        sheet: issue.sheet.clone(),
        row: issue.row,
        cell: match (issue.column, issue.row) {
            (Some(c), Some(r)) => Some(format!("{}{r}", column_letters(c))),
            _ => None,
        },
        pointer: issue.pointer.clone(),
        span: None,
        excerpt: None,
        suggestion: None,
        excerpt_offset: 0,
        column_index: issue.column,
    }
}
