//! `careguide build`: build the site into the output folder and say what
//! was built.

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use careguide::pipeline::{BuildOptions, Report};

use super::args::BuildArgs;
use super::print::{Loudness, Printer};

pub fn run(a: BuildArgs, out: &Printer) -> ExitCode {
    let out_dir = a.out.unwrap_or_else(|| a.root.join("public"));
    let options = BuildOptions {
        root: a.root,
        out: out_dir.clone(),
        drafts: a.drafts,
        as_of: a.as_of.unwrap_or_else(super::today),
        offline: a.offline,
        base_url: a.base_url,
        search: !a.no_search,
    };
    if out.loud == Loudness::Verbose {
        eprintln!(
            "building {} into {}{}{}",
            options.root.display(),
            out_dir.display(),
            options
                .base_url
                .as_ref()
                .map_or_else(String::new, |u| format!(" for {u}")),
            if options.search {
                ""
            } else {
                " without search"
            }
        );
    }
    let progress =
        (out.loud != Loudness::Quiet && std::io::stderr().is_terminal()).then(Progress::start);
    let result = careguide::pipeline::build(&options);
    drop(progress);
    match result {
        Ok(report) => {
            out.all(&report.warnings);
            if out.loud != Loudness::Quiet {
                summary(&report, &out_dir, options.offline);
            }
            ExitCode::SUCCESS
        }
        Err(errors) => out.fail(&errors),
    }
}

/// The "Built N pages …" line, and where to open an offline copy.
fn summary(report: &Report, out_dir: &Path, offline: bool) {
    let warn = match report.warnings.len() {
        0 => String::new(),
        1 => ", 1 warning".into(),
        n => format!(", {n} warnings"),
    };
    let search = report.search.as_ref().map_or_else(String::new, |s| {
        format!(
            "; search index of {} pages, {} KB, {:.2} s",
            s.pages,
            s.index_bytes.div_ceil(1024),
            s.elapsed.as_secs_f64()
        )
    });
    println!(
        "Built {} pages and {} forms ({} files) in {:.2} s into {}{warn}{search}",
        report.pages,
        report.forms,
        report.files,
        report.elapsed.as_secs_f64(),
        out_dir.display()
    );
    if offline {
        println!(
            "Offline copy: open {} in a web browser, or copy the folder to a USB stick or shared drive",
            out_dir.join("index.html").display()
        );
    }
}

/// A "Building… 3 s" line on the terminal while a build takes more than a
/// second; cleared when dropped.
struct Progress {
    done: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Progress {
    fn start() -> Self {
        use std::sync::atomic::Ordering;
        let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = done.clone();
        let thread = std::thread::spawn(move || {
            let start = std::time::Instant::now();
            let mut shown = false;
            while !flag.load(Ordering::Acquire) {
                std::thread::park_timeout(std::time::Duration::from_millis(250));
                let secs = start.elapsed().as_secs();
                if secs >= 1 && !flag.load(Ordering::Acquire) {
                    eprint!("\rBuilding… {secs} s ");
                    shown = true;
                }
            }
            if shown {
                eprint!("\r\x1b[2K");
            }
        });
        Progress {
            done,
            thread: Some(thread),
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.done.store(true, std::sync::atomic::Ordering::Release);
        if let Some(t) = self.thread.take() {
            t.thread().unpark();
            let _ = t.join();
        }
    }
}
