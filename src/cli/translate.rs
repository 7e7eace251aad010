//! `careguide translate mark FILE…` (issue 21, docs/languages.md).

use std::process::ExitCode;

use super::args::TranslateAction;
use super::print::{Loudness, Printer};

pub fn run(action: TranslateAction, out: &Printer) -> ExitCode {
    let TranslateAction::Mark { files, as_of } = action;
    match careguide::translation::mark::mark_all(&files, as_of.unwrap_or_else(super::today)) {
        Ok(marked) => {
            if out.loud != Loudness::Quiet {
                for m in marked {
                    println!(
                        "{} {} as a translation of {} ({})",
                        if m.changed {
                            "marked"
                        } else {
                            "already current:"
                        },
                        m.file,
                        m.source,
                        m.hash
                    );
                }
            }
            ExitCode::SUCCESS
        }
        Err(errors) => out.fail(&errors),
    }
}
