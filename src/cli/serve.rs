//! `careguide serve`: the live preview, and opening it in a browser.

use std::process::ExitCode;

use super::args::ServeArgs;
use super::print::{Loudness, Printer};

pub fn run(a: ServeArgs, out: &Printer) -> ExitCode {
    let quiet = out.loud == Loudness::Quiet;
    let config = careguide::serve::ServeConfig {
        root: a.root,
        bind: a.bind,
        port: a.port,
        poll: a.poll,
        output_dir_name: "public".into(),
        quiet,
    };
    let open = a.open;
    let on_ready = |url: &str| {
        if open {
            open_browser(url);
        }
    };
    let as_of = a.as_of.unwrap_or_else(super::today);
    match careguide::preview::run(config, a.drafts, as_of, quiet, on_ready) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
            eprintln!(
                "error: port {} is already in use by another program (perhaps another careguide serve)\nhelp: try --port 0 to pick a free port, or stop the other server",
                a.port
            );
            ExitCode::from(1)
        }
        Err(e) => {
            eprintln!("error: the preview server stopped: {e}");
            ExitCode::from(1)
        }
    }
}

/// Open `url` in the desktop's web browser; a failure is only a note, as
/// the address is printed anyway.
fn open_browser(url: &str) {
    let program: &[&str] = if cfg!(target_os = "macos") {
        &["open"]
    } else if cfg!(windows) {
        &["cmd", "/C", "start", ""]
    } else {
        &["xdg-open"]
    };
    let spawned = std::process::Command::new(program[0])
        .args(&program[1..])
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if let Err(e) = spawned {
        eprintln!("note: could not open a web browser ({e}); open {url} yourself");
    }
}
