//! The `gongdan` binary: parse the command line, call the library, map the
//! outcome to an exit code (0 clean, 1 findings, 2 the run failed).

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;
use gongdan::cli::{Cli, Command};
use gongdan::commands::{self, Exit};

/// With `--features dhat-heap`, every allocation goes through dhat, which
/// writes `dhat-heap.json` (the heap at its peak, by allocation site) when
/// `main` returns.
#[cfg(feature = "dhat-heap")]
#[global_allocator]
static ALLOC: dhat::Alloc = dhat::Alloc;

fn main() -> ExitCode {
    #[cfg(feature = "dhat-heap")]
    let _profiler = dhat::Profiler::new_heap();
    // A panic inside a workbook reader is caught and reported as GD001
    // naming the file; it prints nothing else.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !gongdan::input::xlsx::panic_is_caught_here() {
            default_hook(info);
        }
    }));
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            // clap's --help/--version are not failures.
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let cwd = std::env::current_dir().unwrap_or_else(|_| ".".into());
    let stdout = std::io::stdout();
    let tty = stdout.is_terminal();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let result = match &cli.command {
        Command::Check(a) => commands::check::run(a, &cwd, &mut out, tty),
        Command::Rules(a) => commands::rules::list(a, &cwd, &mut out),
        Command::Explain(a) => commands::rules::explain(a, &cwd, &mut out),
        Command::Stats(a) => commands::stats::run(a, &cwd, &mut out),
        Command::Sample(a) => commands::sample::run(a, &cwd, &mut out),
        Command::Fix(a) => commands::fix::run(a, &cwd, &mut out),
    };
    let _ = std::io::Write::flush(&mut out);
    match result {
        Ok(exit) => ExitCode::from(exit as u8),
        Err(e) => {
            eprintln!("{:?}", miette::Report::new(e));
            ExitCode::from(Exit::Failed as u8)
        }
    }
}
