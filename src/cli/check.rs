//! `careguide check`: run the rules, print the report as text or JSON.

use std::process::ExitCode;

use careguide::diagnostic::Diagnostic;

use super::args::{CheckArgs, Format};
use super::print::{Loudness, Printer};

pub fn run(a: CheckArgs, out: &Printer) -> ExitCode {
    let options = careguide::pipeline::CheckOptions {
        drafts: a.drafts,
        as_of: a.as_of.unwrap_or_else(super::today),
        external: a
            .external
            .then_some(careguide::check::external::DEFAULT_TIMEOUT),
        external_allow_private: a.external_allow_private,
    };
    let mut report = careguide::pipeline::check(&a.root, &options);
    let failed = report.findings.iter().any(Diagnostic::is_error);
    let quiet = out.loud == Loudness::Quiet;
    if quiet {
        report.findings.retain(Diagnostic::is_error);
    }
    match a.format {
        Format::Text if quiet => {
            for d in &report.findings {
                eprintln!("{}\n", d.render(out.color));
            }
        }
        Format::Text => print!("{}", careguide::check::report::text(&report, out.color)),
        Format::Json => print!("{}", careguide::check::report::json(&report)),
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
