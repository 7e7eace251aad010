//! The cost of the search index alone, apart from the rest of the build:
//!
//!     python3 bench/gen.py /tmp/gen1000 1000
//!     cargo run --release --example search_bench -- /tmp/gen1000 [RUNS]
//!
//! Renders the site once, then indexes the rendered HTML RUNS times (3 by
//! default) and prints wall time and CPU time (user + system, from
//! /proc/self/stat on Linux) of each run. CPU time is the fairer number on
//! a busy machine; wall time is what a user waits.

use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(root) = args.get(1) else {
        eprintln!("usage: search_bench SITE_DIR [RUNS]");
        std::process::exit(2);
    };
    let runs: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(3);
    let as_of = "2026-06-01".parse().expect("a valid date");
    let start = Instant::now();
    let built = match careguide::pipeline::render(std::path::Path::new(root), false, as_of) {
        Ok(b) => b,
        Err(errors) => {
            for e in errors {
                eprintln!("{}", e.render(false));
            }
            std::process::exit(1);
        }
    };
    // `render` indexed once already; keep only the rendered pages.
    let pages: Vec<(String, String)> = built
        .files
        .iter()
        .filter(|(path, bytes)| careguide::search::wants(path, bytes))
        .map(|(path, bytes)| (path.clone(), String::from_utf8_lossy(bytes).into_owned()))
        .collect();
    println!(
        "{} pages rendered (and indexed once) in {:.2} s",
        built.site.pages.len(),
        start.elapsed().as_secs_f64()
    );
    for run in 1..=runs {
        let cpu = cpu_seconds();
        match careguide::search::index(pages.clone()) {
            Ok((out, stats)) => println!(
                "run {run}: {} pages indexed in {:.2} s wall ({:.2} s reading pages), {:.2} s CPU; {} files, {} KB in all, {} KB of index",
                stats.pages,
                stats.elapsed.as_secs_f64(),
                stats.reading.as_secs_f64(),
                cpu_seconds() - cpu,
                out.len(),
                stats.bytes / 1024,
                stats.index_bytes / 1024
            ),
            Err(e) => {
                eprintln!("{}", e.render(false));
                std::process::exit(1);
            }
        }
    }
}

/// User + system CPU time of this process so far; 0 where /proc is missing.
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // Fields after the command name (which may hold spaces) start at ") ".
    let rest = stat.rsplit_once(") ").map_or("", |(_, r)| r);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // utime and stime are fields 14 and 15 of the whole line (11 and 12 here),
    // in clock ticks of 1/100 s on Linux.
    (ticks(11) + ticks(12)) / 100.0
}
