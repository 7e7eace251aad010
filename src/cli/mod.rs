//! The command line, one file per command: `args.rs` says what each command
//! accepts (clap), `build.rs`, `check.rs`, `serve.rs` and `scaffold.rs` run
//! them, `print.rs` prints diagnostics as --quiet and --verbose ask.

mod args;
mod build;
mod check;
mod print;
mod scaffold;
mod serve;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;
use jiff::civil::Date;

use args::{Cli, Command};
use print::{Loudness, Printer};

/// Parse the arguments and run the command they name.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let loud = match (cli.quiet, cli.verbose) {
        (true, _) => Loudness::Quiet,
        (_, true) => Loudness::Verbose,
        _ => Loudness::Normal,
    };
    let out = Printer { color, loud };
    match cli.command {
        Command::Build(a) => build::run(a, &out),
        Command::Serve(a) => serve::run(a, &out),
        Command::Check(a) => check::run(a, &out),
        Command::New(a) => scaffold::new(a, &out),
        Command::Eject(a) => scaffold::eject(a, &out),
        Command::Docs { topic } => scaffold::docs(&topic),
        Command::Completions { shell } => scaffold::completions(shell),
    }
}

/// Today in UTC, for commands given no --as-of.
fn today() -> Date {
    // Counted in whole days since 1970 (no time-zone data needed).
    let days = jiff::Timestamp::now().as_second().div_euclid(86_400);
    Date::new(1970, 1, 1)
        .ok()
        .and_then(|epoch| epoch.checked_add(jiff::Span::new().days(days)).ok())
        .unwrap_or(Date::MAX)
}
