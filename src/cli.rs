//! The command line (clap derive): `check`, `rules`, `explain`, `stats`, `sample`, `fix`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::report::{Lang, OutputFormat};

/// gongdan（工单）：12345 热线工单导出数据质量检查工具。
/// A data-quality linter for 12345 hotline ticket exports.
#[derive(Debug, Parser)]
#[command(name = "gongdan", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// 检查导出文件或文件夹 / check export files or folders
    Check(CheckArgs),
    /// 列出所有规则 / list the rules
    Rules(RulesArgs),
    /// 说明一条规则 / explain one rule
    Explain(ExplainArgs),
    /// 按承办单位/县市/分类统计办件量、超时量、满意率（通报附件表）/ the bulletin's per-unit tables
    Stats(StatsArgs),
    /// 抽取回访抽查工单清单 / draw the monthly callback spot check
    Sample(SampleArgs),
    /// 修复机械性问题，写出修复后的副本和变更记录（从不改动原文件）/ repair what is mechanical in a copy, with a change log
    Fix(FixArgs),
}

/// Options shared by every command that reads rules.
#[derive(Debug, Args, Clone)]
pub struct CommonArgs {
    /// 配置文件（默认从当前目录向上查找 gongdan.toml）/ config file
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// 输出语言 / message language
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// 文件或文件夹（文件夹递归查找）/ files or folders (walked recursively)
    #[arg(value_name = "PATHS", default_value = ".")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub common: CommonArgs,
    /// 输出格式 / output format
    #[arg(long, value_enum, default_value = "human")]
    pub format: OutputFormat,
    /// 写入文件而不是标准输出 / write to this file instead of stdout
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// 基线文件：只报告其中没有的问题 / report only findings not in this baseline
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// 把本次全部问题写成基线文件 / write every finding of this run to a baseline file
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// 只运行这些规则（代码或前缀，逗号分隔）/ run only these rules (codes or prefixes)
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub select: Option<Vec<String>>,
    /// 不运行这些规则 / skip these rules
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub ignore: Vec<String>,
    /// 文件编码 / file encoding
    #[arg(long, value_enum)]
    pub encoding: Option<EncodingArg>,
    /// --format csv 输出的编码（默认 utf-8-bom；只给 --encoding gb18030 时为 gb18030）/
    /// encoding of --format csv output (default utf-8-bom; gb18030 when only --encoding gb18030 is given)
    #[arg(long, value_enum, value_name = "ENCODING")]
    pub output_encoding: Option<crate::report::csv_writer::OutputEncoding>,
    /// 有警告时也以 1 退出 / exit 1 on warnings too
    #[arg(long)]
    pub deny_warnings: bool,
    /// 显示完整电话和身份证号（默认打码）/ show phone and ID numbers unmasked
    #[arg(long)]
    pub show_personal_data: bool,
    /// 只输出每条规则的问题数 / print only counts per rule
    #[arg(long)]
    pub statistics: bool,
    /// SARIF：超过此数量时按规则和列汇总 / SARIF: above this many findings, one summary result per rule and column
    #[arg(long, value_name = "N", default_value_t = crate::report::DEFAULT_SARIF_CAP)]
    pub sarif_cap: usize,
    /// 彩色输出 / colour
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorArg,
    /// 不显示进度 / no progress display on the terminal
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum EncodingArg {
    Auto,
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    #[value(name = "gb18030", alias = "gbk")]
    Gb18030,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    #[command(flatten)]
    pub common: CommonArgs,
    /// 输出格式 / output format
    #[arg(long, value_enum, default_value = "table")]
    pub format: RulesFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    Table,
    Json,
    /// The rules document (README section), generated from the rule files.
    Markdown,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// 规则代码或名称，如 GD401 或 vague-return-reason / rule code or name
    pub code: String,
    #[command(flatten)]
    pub common: CommonArgs,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// 文件或文件夹 / files or folders
    #[arg(value_name = "PATHS", default_value = ".")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub common: CommonArgs,
    /// 分组 / group by
    #[arg(long, value_enum, default_value = "unit")]
    pub by: crate::stats::By,
    /// 输出格式（tsv 与通报附件逐字一致；csv 只含分组表）/ output format
    #[arg(long, value_enum, default_value = "table")]
    pub format: crate::stats::render::StatsFormat,
    /// 百分比括号：ascii `902 (93.28%)` 或 full `821（96.02%）` / bracket style
    #[arg(long, value_enum, default_value = "ascii")]
    pub brackets: crate::stats::render::Brackets,
    /// 计为“满意”的回访结果（逗号分隔）/ callback results counted as satisfied
    #[arg(long, value_delimiter = ',', value_name = "VALUES")]
    pub satisfied: Option<Vec<String>>,
    /// 文件编码 / file encoding
    #[arg(long, value_enum)]
    pub encoding: Option<EncodingArg>,
}

#[derive(Debug, Args)]
pub struct SampleArgs {
    /// 文件或文件夹 / files or folders
    #[arg(value_name = "PATHS", default_value = ".")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub common: CommonArgs,
    /// 抽取件数 / how many tickets
    #[arg(long, default_value_t = 40)]
    pub n: usize,
    /// 随机种子：同一种子、同一导出 → 同一批工单 / seed: same seed and export, same tickets
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// 偏向有问题的工单（先运行全部规则）/ favour tickets with findings (runs the rules first)
    #[arg(long)]
    pub weighted: bool,
    /// 输出格式 / output format
    #[arg(long, value_enum, default_value = "table")]
    pub format: crate::stats::render::StatsFormat,
    /// 显示完整电话（默认打码）/ show phone numbers unmasked
    #[arg(long)]
    pub show_personal_data: bool,
    /// 文件编码 / file encoding
    #[arg(long, value_enum)]
    pub encoding: Option<EncodingArg>,
}

#[derive(Debug, Args)]
pub struct FixArgs {
    /// 文件或文件夹 / files or folders
    #[arg(value_name = "PATHS", default_value = ".")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub common: CommonArgs,
    /// 修复后的副本写入此文件夹（与输入同格式、同编码）/ folder for the repaired copies
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// 也应用不安全的修复（含猜测）/ apply unsafe fixes too (they involve a guess)
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// 只列出将要修改的单元格，不写任何文件 / print what would change; write nothing
    #[arg(long)]
    pub diff: bool,
    /// 变更记录格式：csv 只写 changes.csv；json 另写 changes.json / change log format
    #[arg(long, value_enum, default_value = "csv")]
    pub format: FixLogFormat,
    /// 只运行这些规则的修复 / fix only for these rules (codes or prefixes)
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub select: Option<Vec<String>>,
    /// 不运行这些规则的修复 / skip these rules' fixes
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub ignore: Vec<String>,
    /// 文件编码 / file encoding
    #[arg(long, value_enum)]
    pub encoding: Option<EncodingArg>,
    /// 变更记录中显示完整电话和身份证号（默认打码）/ show phone and ID numbers unmasked in the log
    #[arg(long)]
    pub show_personal_data: bool,
    /// 不显示进度 / no progress display
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FixLogFormat {
    Csv,
    Json,
}
