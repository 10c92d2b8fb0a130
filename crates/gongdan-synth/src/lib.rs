//! Synthetic 12345 exports with labelled defects, deterministic from a seed.
//!
//! Not a pipeline stage: a test, demo and benchmark fixture. [`generate`]
//! streams a tickets table, its call records and its flow records to files
//! (CSV in GBK/UTF-8, XLSX, JSON, JSON Lines) plus `.labels.jsonl`, one line
//! per injected defect (`{"ticket_id", "rule", "field"}`): a label means that
//! rule should fire on that ticket. Tickets without a label are clean: full
//! five-element closings, proper reasons, times in order, callbacks done.
//! [`generate_records`] builds the same export in memory for tests.
//!
//! The vocabulary (units, counties, categories, cases) comes from the seed
//! bulletin, 邵阳市 2024-03. Names are surnames with 女士/先生/某; phone
//! numbers are random. Same options, same seed → byte-identical files.
//!
//! Label conventions, where one defect implies another: GD501 also carries
//! GD502; GD204 also GD202 (no call record has a malformed id); GD402 with
//! vague reasons also GD401; GD305 carries GD305 only (not GD301); a GD703
//! duplicate is an exact copy of the previous row, its id labelled once; a
//! GD505 template goes onto a batch of 5 tickets, each use labelled (never
//! started with fewer rows left);
//! GD101 in a 网络转办 closing garbles only a trailing, element-free sentence,
//! so the five elements stay readable (GD101 only, not GD502). GD601 on a
//! ticket still open is labelled at `deadline`, a late closing at `closed_at`.
//!
//! Layout of the output folder: `tickets.<ext>`, `calls.<ext>`,
//! `flows.<ext>`, `.labels.jsonl`. XLSX writes one workbook per table (sheet
//! 工单 / 话单 / 流转记录; a table longer than Excel's row limit continues on
//! sheets 工单2, 工单3…). JSON and JSON Lines are always UTF-8 without BOM;
//! `--encoding` applies to CSV.

mod garble;
mod generator;
mod phrases;
mod vocab;
mod write;

use std::collections::BTreeMap;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// Output file format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutFormat {
    /// Comma-separated values, in the chosen [`TextEncoding`].
    Csv,
    /// One workbook per table.
    Xlsx,
    /// A JSON array of objects keyed by header.
    Json,
    /// One JSON object per line.
    Jsonl,
}

impl OutFormat {
    /// File extension without the dot.
    #[must_use]
    pub fn ext(self) -> &'static str {
        match self {
            OutFormat::Csv => "csv",
            OutFormat::Xlsx => "xlsx",
            OutFormat::Json => "json",
            OutFormat::Jsonl => "jsonl",
        }
    }
}

/// Text encoding of CSV output.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextEncoding {
    /// GBK, as Excel and WPS save on a Chinese Windows.
    Gbk,
    /// UTF-8 without a byte-order mark.
    Utf8,
    /// UTF-8 with a byte-order mark.
    Utf8Bom,
}

/// How column headers are named.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AliasMode {
    /// The canonical header of SPEC §2 (`工单编号`).
    Canonical,
    /// For each column one of its aliases (`受理编号`, `热线单号`…), chosen
    /// from the seed: different seeds give different headers.
    Random,
}

/// How date-times are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateStyles {
    /// `2024-03-19 09:12:33` everywhere (XLSX: date cells).
    Canonical,
    /// Mostly canonical, else `2024/3/19 9:12`, `20240319091233` or
    /// `2024年3月19日 9时12分`, chosen per cell. All valid.
    Mixed,
}

/// What to generate.
#[derive(Clone, Debug)]
pub struct Options {
    /// Rows of the tickets table (a duplicated row, GD703, counts as a row).
    pub tickets: u64,
    /// Everything random derives from it (ChaCha8).
    pub seed: u64,
    pub format: OutFormat,
    /// CSV only; XLSX and JSON are Unicode.
    pub encoding: TextEncoding,
    /// CSV lines end with CRLF, as Excel writes them.
    pub crlf: bool,
    pub aliases: AliasMode,
    /// Share of tickets that carry at least one defect, 0.0–1.0.
    pub defect_rate: f64,
    /// The month the tickets are created in.
    pub year: i32,
    pub month: u32,
    pub date_styles: DateStyles,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            tickets: 300,
            seed: 12345,
            format: OutFormat::Csv,
            encoding: TextEncoding::Utf8,
            crlf: false,
            aliases: AliasMode::Canonical,
            defect_rate: 0.2,
            year: 2024,
            month: 3,
            date_styles: DateStyles::Canonical,
        }
    }
}

/// Parse `2024-03` into (year, month).
///
/// # Errors
/// A message when the text is not `YYYY-MM` with a month 1–12.
pub fn parse_month(s: &str) -> Result<(i32, u32), String> {
    let (y, m) = s
        .trim()
        .split_once('-')
        .ok_or_else(|| format!("`{s}`: expected YYYY-MM"))?;
    let year: i32 = y.parse().map_err(|_| format!("`{s}`: bad year"))?;
    let month: u32 = m.parse().map_err(|_| format!("`{s}`: bad month"))?;
    if !(1..=12).contains(&month) || !(1900..=9999).contains(&year) {
        return Err(format!("`{s}`: month out of range"));
    }
    Ok((year, month))
}

/// One injected defect: `rule` should fire on `ticket_id` at `field`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Label {
    pub ticket_id: String,
    /// Rule code, `GD401`.
    pub rule: String,
    /// Canonical field name of the tickets table (`return_reason`).
    pub field: String,
}

/// The rule codes the generator injects (every row-content rule of SPEC §3).
/// Name of the labels file written beside the tables. It is hidden (starts
/// with a dot) so that `gongdan check DIR` does not read it as a table.
pub const LABELS_FILE: &str = ".labels.jsonl";

pub const RULES: &[&str] = &[
    "GD101", "GD201", "GD202", "GD203", "GD204", "GD301", "GD302", "GD303", "GD304", "GD305",
    "GD401", "GD402", "GD403", "GD404", "GD501", "GD502", "GD503", "GD504", "GD505", "GD601",
    "GD602", "GD603", "GD701", "GD702", "GD703", "GD704",
];

/// What [`generate`] wrote.
#[derive(Clone, Debug, Default)]
pub struct Summary {
    /// Rows written to each table, and label lines.
    pub tickets: u64,
    pub calls: u64,
    pub flows: u64,
    pub labels: u64,
    /// Ticket rows with at least one label (a GD703 duplicate row counts).
    pub defective_tickets: u64,
    /// Labels per rule code.
    pub by_rule: BTreeMap<String, u64>,
    /// The files written, labels last.
    pub files: Vec<PathBuf>,
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} tickets ({} with defects), {} calls, {} flow records, {} labels",
            self.tickets, self.defective_tickets, self.calls, self.flows, self.labels
        )?;
        for (rule, n) in &self.by_rule {
            writeln!(f, "  {rule} {n}")?;
        }
        for p in &self.files {
            writeln!(f, "  wrote {}", p.display())?;
        }
        Ok(())
    }
}

/// One table in memory: the header row and the rows as written (dates in
/// their chosen style, canonical for XLSX date cells).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table {
    /// Header cells as written (canonical or aliases).
    pub headers: Vec<String>,
    /// Data rows, one cell per header.
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// Column index of a header.
    #[must_use]
    pub fn column(&self, header: &str) -> Option<usize> {
        self.headers.iter().position(|h| h == header)
    }
}

/// A whole export in memory, from [`generate_records`].
#[derive(Clone, Debug, Default)]
pub struct Export {
    /// 工单.
    pub tickets: Table,
    /// 话单.
    pub calls: Table,
    /// 流转记录.
    pub flows: Table,
    /// Injected defects, in ticket order.
    pub labels: Vec<Label>,
}

/// The tables of an export.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Tickets,
    Calls,
    Flows,
}

/// A cell before encoding: text, a date-time in canonical style (a date
/// cell in XLSX), or a whole number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Cell {
    Text(String),
    Time(chrono::NaiveDateTime),
    Int(u64),
}

impl Cell {
    pub(crate) fn render(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Time(t) => t.format("%Y-%m-%d %H:%M:%S").to_string(),
            Cell::Int(n) => n.to_string(),
        }
    }
}

/// Where the generator sends rows and labels.
pub(crate) trait Sink {
    fn row(&mut self, kind: Kind, cells: &[Cell]) -> io::Result<()>;
    fn label(&mut self, label: &Label) -> io::Result<()>;
}

/// Column definition: canonical field name, canonical header, aliases.
pub(crate) type ColumnDef = (&'static str, &'static str, &'static [&'static str]);

/// Tickets columns in output order. Aliases are SPEC §2.1's (and
/// `rules/fields.toml`'s for 来电人, which §2.1 does not list).
pub(crate) const TICKET_COLUMNS: &[ColumnDef] = &[
    (
        "ticket_id",
        "工单编号",
        &["工单号", "受理编号", "工单流水号", "热线单号", "案件号"],
    ),
    (
        "created_at",
        "受理时间",
        &["登记时间", "来电时间", "创建时间"],
    ),
    (
        "channel",
        "来源渠道",
        &["诉求渠道", "受理渠道", "来源", "问题来源", "热线来源"],
    ),
    (
        "call_id",
        "话单编号",
        &["通话流水号", "录音编号", "呼叫流水号"],
    ),
    (
        "caller_name",
        "来电人",
        &["诉求人", "来电人姓名", "联系人", "市民姓名"],
    ),
    (
        "caller_phone",
        "来电号码",
        &["主叫号码", "联系电话", "求助号码", "联系人电话"],
    ),
    ("appeal_type", "诉求类型", &["工单类型", "来电类型"]),
    ("category", "事项分类", &["诉求分类", "业务分类"]),
    ("county", "所属县市", &["县市区", "区县"]),
    ("content", "诉求内容", &["来电内容", "工单内容", "问题描述"]),
    ("handling", "办理方式", &["处理方式"]),
    ("nonaccept_reason", "不予受理原因", &["不受理原因"]),
    (
        "unit",
        "承办单位",
        &[
            "办理单位",
            "责任单位",
            "主办单位",
            "受理部门",
            "市交办主办单位",
        ],
    ),
    ("status", "工单状态", &["办理状态", "状态"]),
    (
        "deadline",
        "办理时限",
        &["截止时间", "应办结时间", "办结期限", "处置截止时间"],
    ),
    ("closed_at", "办结时间", &["答复时间", "完成时间"]),
    (
        "closing_text",
        "办结内容",
        &[
            "办理结果",
            "答复内容",
            "处理结果",
            "办理情况",
            "处置结果",
            "回复内容",
        ],
    ),
    ("return_reason", "退回原因", &["退回理由", "退单理由"]),
    ("extension_reason", "延期原因", &["延期理由"]),
    ("callback_result", "回访结果", &["满意度", "市民评价"]),
    ("callback_at", "回访时间", &[]),
    ("callback_note", "回访情况", &["回访内容", "回访备注"]),
];

/// Call-record columns (SPEC §2.2; aliases from `rules/fields.toml`).
pub(crate) const CALL_COLUMNS: &[ColumnDef] = &[
    (
        "call_id",
        "话单编号",
        &[
            "通话流水号",
            "录音编号",
            "呼叫流水号",
            "话单号",
            "通话编号",
            "通话ID",
            "录音流水号",
            "呼叫编号",
        ],
    ),
    ("caller", "主叫号码", &["主叫", "来电号码", "主叫电话"]),
    ("callee", "被叫号码", &["被叫", "被叫电话"]),
    (
        "direction",
        "呼叫方向",
        &["呼叫类型", "通话类型", "呼入呼出", "方向"],
    ),
    (
        "started_at",
        "开始时间",
        &["通话开始时间", "呼叫开始时间", "接通时间", "来电时间"],
    ),
    ("ended_at", "结束时间", &["通话结束时间", "挂机时间"]),
    (
        "duration_s",
        "通话时长",
        &["时长", "通话时长(秒)", "通话秒数"],
    ),
    (
        "agent",
        "坐席工号",
        &["坐席", "话务员工号", "工号", "坐席号"],
    ),
];

/// Flow-record columns (SPEC §2.3; aliases from `rules/fields.toml`).
pub(crate) const FLOW_COLUMNS: &[ColumnDef] = &[
    (
        "ticket_id",
        "工单编号",
        &[
            "工单号",
            "受理编号",
            "工单流水号",
            "热线单号",
            "案件号",
            "工单ID",
            "单号",
        ],
    ),
    (
        "action",
        "操作类型",
        &["操作", "流转类型", "环节", "操作环节", "处理类型", "动作"],
    ),
    (
        "unit",
        "操作单位",
        &["操作部门", "处理单位", "办理单位", "承办单位"],
    ),
    ("at", "操作时间", &["处理时间", "流转时间", "时间"]),
    (
        "opinion",
        "意见",
        &[
            "操作意见",
            "处理意见",
            "办理意见",
            "流转意见",
            "备注",
            "说明",
        ],
    ),
];

/// Headers of the three tables for these options (aliases chosen from the
/// seed in [`AliasMode::Random`]).
#[must_use]
pub fn headers(opts: &Options) -> [Vec<String>; 3] {
    generator::headers(opts)
}

/// Generate an export into `out_dir` (created if missing), streaming rows as
/// they are generated: memory stays flat for any number of tickets.
///
/// # Errors
/// I/O errors creating or writing the files (XLSX errors come as
/// [`io::ErrorKind::Other`]).
pub fn generate(opts: &Options, out_dir: &Path) -> io::Result<Summary> {
    std::fs::create_dir_all(out_dir)?;
    let [th, ch, fh] = headers(opts);
    let mut sink = write::FileSink::create(opts, out_dir, [&th, &ch, &fh])?;
    let mut summary = generator::run(opts, &mut sink)?;
    summary.files = sink.finish()?;
    Ok(summary)
}

/// Generate an export in memory (for tests and small fixtures). The rows
/// are the strings a CSV export would hold. An impossible month (13) gives
/// an empty export.
#[must_use]
pub fn generate_records(opts: &Options) -> Export {
    let [th, ch, fh] = headers(opts);
    let mut sink = MemSink {
        export: Export {
            tickets: Table {
                headers: th,
                rows: Vec::new(),
            },
            calls: Table {
                headers: ch,
                rows: Vec::new(),
            },
            flows: Table {
                headers: fh,
                rows: Vec::new(),
            },
            labels: Vec::new(),
        },
    };
    // MemSink never fails: its methods only push to vectors.
    let _ = generator::run(opts, &mut sink);
    sink.export
}

struct MemSink {
    export: Export,
}

impl Sink for MemSink {
    fn row(&mut self, kind: Kind, cells: &[Cell]) -> io::Result<()> {
        let row = cells.iter().map(Cell::render).collect();
        match kind {
            Kind::Tickets => self.export.tickets.rows.push(row),
            Kind::Calls => self.export.calls.rows.push(row),
            Kind::Flows => self.export.flows.rows.push(row),
        }
        Ok(())
    }

    fn label(&mut self, label: &Label) -> io::Result<()> {
        self.export.labels.push(label.clone());
        Ok(())
    }
}

#[cfg(test)]
mod tests;
