//! The cost of reading pages into pagefind's words alone (its HTML parse,
//! word splitting and stemming), on one thread, for callgrind:
//!
//!     cargo build --release --example read_pages
//!     valgrind --tool=callgrind target/release/examples/read_pages OUT_DIR
//!
//! OUT_DIR is a built site (careguide's output); every page the index would
//! hold (`careguide::search::wants`) is read once, in path order. Whether
//! two versions read pages alike is checked by `diff -r` of whole builds and
//! by tests/search_reader.rs, not here.

fn main() {
    let Some(root) = std::env::args().nth(1) else {
        eprintln!("usage: read_pages OUT_DIR");
        std::process::exit(2);
    };
    let mut pages: Vec<(String, String)> = walkdir::WalkDir::new(&root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let path = e
                .path()
                .strip_prefix(&root)
                .ok()?
                .to_string_lossy()
                .into_owned();
            let bytes = std::fs::read(e.path()).ok()?;
            careguide::search::wants(&path, &bytes)
                .then(|| (path, String::from_utf8(bytes).expect("wants checked UTF-8")))
        })
        .collect();
    pages.sort();
    let index = pagefind::api::PagefindIndex::new(None).expect("pagefind starts");
    let reader = index.page_reader();
    let start = std::time::Instant::now();
    for (path, html) in &pages {
        let page = reader.read_html(Some(path.clone()), None, html.clone());
        assert!(page.is_ok(), "{path}: not read");
    }
    println!(
        "{} pages read in {:.2} s",
        pages.len(),
        start.elapsed().as_secs_f64()
    );
}
