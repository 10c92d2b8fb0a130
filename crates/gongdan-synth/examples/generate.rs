//! Generate a synthetic 12345 export with labelled defects.
//!
//! ```text
//! cargo run --release --example generate -- --tickets 300 --seed 7 \
//!     --format csv --encoding gbk --crlf --out corpus/demo-month
//! ```
//!
//! Writes `tickets.<ext>`, `calls.<ext>`, `flows.<ext>` and `.labels.jsonl`
//! into `--out`; see `gongdan_synth` for what they hold.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, ValueEnum};
use gongdan_synth::{self as synth, AliasMode, DateStyles, Options, OutFormat, TextEncoding};

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Csv,
    Xlsx,
    Json,
    Jsonl,
}

#[derive(Clone, Copy, ValueEnum)]
enum EncodingArg {
    Gbk,
    #[value(name = "utf-8")]
    Utf8,
    #[value(name = "utf-8-bom")]
    Utf8Bom,
}

#[derive(Clone, Copy, ValueEnum)]
enum AliasArg {
    Canonical,
    Random,
}

#[derive(Clone, Copy, ValueEnum)]
enum DateArg {
    Canonical,
    Mixed,
}

/// Generate a synthetic 12345 hotline export (tickets, calls, flows) with
/// labelled defects, deterministic from the seed.
#[derive(Parser)]
#[command(name = "generate", version)]
struct Args {
    /// Rows of the tickets table.
    #[arg(long, default_value_t = 300)]
    tickets: u64,
    /// Random seed: same seed and options give byte-identical files.
    #[arg(long, default_value_t = 12345)]
    seed: u64,
    /// Output format: one file per table (XLSX: one workbook per table).
    #[arg(long, value_enum, default_value = "csv")]
    format: FormatArg,
    /// Text encoding of CSV files (JSON is always UTF-8).
    #[arg(long, value_enum, default_value = "utf-8")]
    encoding: EncodingArg,
    /// End CSV lines with CRLF, as Excel does.
    #[arg(long)]
    crlf: bool,
    /// Column headers: canonical, or one alias per column chosen from the seed.
    #[arg(long, value_enum, default_value = "canonical")]
    aliases: AliasArg,
    /// Share of tickets with at least one defect (0.0–1.0).
    #[arg(long, default_value_t = 0.2)]
    defect_rate: f64,
    /// Month the tickets are created in, YYYY-MM.
    #[arg(long, default_value = "2024-03")]
    month: String,
    /// Date-time formats: canonical only, or a mix of the accepted styles.
    #[arg(long, value_enum, default_value = "canonical")]
    date_styles: DateArg,
    /// Output folder (created if missing).
    #[arg(long)]
    out: PathBuf,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let (year, month) = match synth::parse_month(&args.month) {
        Ok(ym) => ym,
        Err(e) => {
            eprintln!("error: --month {e}");
            return ExitCode::from(2);
        }
    };
    if !(0.0..=1.0).contains(&args.defect_rate) {
        eprintln!("error: --defect-rate must be between 0 and 1");
        return ExitCode::from(2);
    }
    let opts = Options {
        tickets: args.tickets,
        seed: args.seed,
        format: match args.format {
            FormatArg::Csv => OutFormat::Csv,
            FormatArg::Xlsx => OutFormat::Xlsx,
            FormatArg::Json => OutFormat::Json,
            FormatArg::Jsonl => OutFormat::Jsonl,
        },
        encoding: match args.encoding {
            EncodingArg::Gbk => TextEncoding::Gbk,
            EncodingArg::Utf8 => TextEncoding::Utf8,
            EncodingArg::Utf8Bom => TextEncoding::Utf8Bom,
        },
        crlf: args.crlf,
        aliases: match args.aliases {
            AliasArg::Canonical => AliasMode::Canonical,
            AliasArg::Random => AliasMode::Random,
        },
        defect_rate: args.defect_rate,
        year,
        month,
        date_styles: match args.date_styles {
            DateArg::Canonical => DateStyles::Canonical,
            DateArg::Mixed => DateStyles::Mixed,
        },
    };
    match synth::generate(&opts, &args.out) {
        Ok(summary) => {
            eprint!("{summary}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {}: {e}", args.out.display());
            ExitCode::FAILURE
        }
    }
}
