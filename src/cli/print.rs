//! Printing diagnostics to the terminal as --quiet and --verbose ask.

use std::process::ExitCode;

use careguide::diagnostic::Diagnostic;

/// How much to print, from --quiet and --verbose.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Loudness {
    Quiet,
    Normal,
    Verbose,
}

/// Prints diagnostics as --quiet and --verbose ask.
pub struct Printer {
    pub color: bool,
    pub loud: Loudness,
}

impl Printer {
    pub fn all(&self, diagnostics: &[Diagnostic]) {
        match self.loud {
            Loudness::Quiet => {
                let errors: Vec<Diagnostic> = diagnostics
                    .iter()
                    .filter(|d| d.is_error())
                    .cloned()
                    .collect();
                print_all(&errors, self.color, MAX_SHOWN_PER_FILE);
            }
            Loudness::Normal => print_all(diagnostics, self.color, MAX_SHOWN_PER_FILE),
            Loudness::Verbose => print_all(diagnostics, self.color, usize::MAX),
        }
    }

    pub fn fail(&self, errors: &[Diagnostic]) -> ExitCode {
        self.all(errors);
        let n = errors.iter().filter(|d| d.is_error()).count();
        eprintln!(
            "error: the site has {n} error{}; nothing was written",
            if n == 1 { "" } else { "s" }
        );
        ExitCode::from(1)
    }
}

/// Most diagnostics printed for one file. A generated or pasted page can
/// have hundreds of thousands of findings; printing them all took minutes
/// and buried everything else, and the first ones show what to fix.
const MAX_SHOWN_PER_FILE: usize = 50;

fn print_all(diagnostics: &[Diagnostic], color: bool, max_per_file: usize) {
    let mut shown: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let mut hidden: std::collections::BTreeMap<&str, (usize, usize)> = Default::default();
    for d in diagnostics {
        let n = shown.entry(d.file.as_str()).or_default();
        if *n < max_per_file {
            *n += 1;
            eprintln!("{}\n", d.render(color));
        } else {
            let (errors, warnings) = hidden.entry(d.file.as_str()).or_default();
            if d.is_error() {
                *errors += 1;
            } else {
                *warnings += 1;
            }
        }
    }
    for (file, (errors, warnings)) in hidden {
        eprintln!(
            "note: {file}: {errors} more error{} and {warnings} more warning{} not shown (the first {MAX_SHOWN_PER_FILE} are above)\n",
            if errors == 1 { "" } else { "s" },
            if warnings == 1 { "" } else { "s" },
        );
    }
}
