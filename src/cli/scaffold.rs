//! The commands that write no site: `new`, `eject`, `docs`, `completions`.

use std::process::ExitCode;

use super::args::{CiChoice, Cli, EjectArgs, NewArgs};
use super::print::{Loudness, Printer};

pub fn new(a: NewArgs, out: &Printer) -> ExitCode {
    let ci = a.ci.map(|c| match c {
        CiChoice::Github => careguide::scaffold::Ci::GitHub,
        CiChoice::Gitlab => careguide::scaffold::Ci::GitLab,
    });
    match careguide::scaffold::create(&a.dir, ci) {
        Ok(()) => {
            if out.loud != Loudness::Quiet {
                println!(
                    "Created a starter site in {}.\nNext: cd {} && careguide serve --open\nThe guide to writing pages: careguide docs",
                    a.dir.display(),
                    a.dir.display()
                );
            }
            ExitCode::SUCCESS
        }
        Err(d) => out.fail(&[d]),
    }
}

pub fn eject(a: EjectArgs, out: &Printer) -> ExitCode {
    match careguide::scaffold::eject::eject(&a.root, &a.names, a.force) {
        Ok(written) => {
            if out.loud == Loudness::Verbose {
                for path in &written {
                    println!("{path}");
                }
            }
            if out.loud != Loudness::Quiet {
                println!(
                    "Copied {} built-in file{} into {}; the site's copies are used from now on",
                    written.len(),
                    if written.len() == 1 { "" } else { "s" },
                    a.root.display()
                );
            }
            ExitCode::SUCCESS
        }
        Err(d) => {
            eprintln!("{}\n", d.render(out.color));
            ExitCode::from(1)
        }
    }
}

pub fn docs(topic: &str) -> ExitCode {
    // A reader that stops early (`| head`) is not an error.
    let text = careguide::scaffold::docs::text(topic).unwrap_or_default();
    let _ = std::io::Write::write_all(&mut std::io::stdout(), text.as_bytes());
    ExitCode::SUCCESS
}

pub fn completions(shell: clap_complete::Shell) -> ExitCode {
    use clap::CommandFactory;
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "careguide", &mut script);
    // As with docs, a reader that stops early is not an error.
    let _ = std::io::Write::write_all(&mut std::io::stdout(), &script);
    ExitCode::SUCCESS
}
