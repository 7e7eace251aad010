//! Time one-page edits through `Session::update` directly (no server, no
//! watcher): what the preview server's rebuild costs for a body edit.
//!
//!     cargo run --release --example session_edit -- SITE [EDITS]

use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let root = std::path::PathBuf::from(args.next().expect("usage: session_edit SITE [EDITS]"));
    let edits: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(10);
    let as_of: jiff::civil::Date = "2026-11-25".parse().unwrap();
    let t = Instant::now();
    let mut session = careguide::session::Session::new(&root, false, as_of).expect("build");
    eprintln!("first build {:.0} ms", t.elapsed().as_secs_f64() * 1000.0);
    let files: Vec<String> = session
        .site()
        .pages
        .iter()
        .filter(|p| !p.is_index)
        .map(|p| p.file.clone())
        .collect();
    let mut times = Vec::new();
    for k in 0..edits {
        let file = root.join(&files[(k * 7919 + 13) % files.len()]);
        let before = std::fs::read_to_string(&file).unwrap();
        std::fs::write(&file, format!("{before}\nEdit {k}.\n")).unwrap();
        let t = Instant::now();
        let update = session
            .update(std::slice::from_ref(&file), false)
            .expect("update");
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        assert!(!update.changed.is_empty());
        std::fs::write(&file, before).unwrap();
        session.update(&[file], false).expect("restore");
    }
    times.sort_by(f64::total_cmp);
    println!(
        "{} pages: one-page edit, Session::update median {:.1} ms (min {:.1}, max {:.1})",
        files.len(),
        times[times.len() / 2],
        times[0],
        times[times.len() - 1]
    );
}
