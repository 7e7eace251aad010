//! Full-text search: after rendering, the HTML pages are handed to
//! pagefind's Rust API, which builds a chunked index in memory. The index
//! and pagefind's own UI files join the rendered files under `pagefind/`,
//! so they are written (atomically) with everything else.
//!
//! Only pages that mark their text with `data-pagefind-body` (page.html
//! does, on the article) are indexed: the A to Z page, print views and
//! navigation would otherwise crowd the results.

//!
//! The module is compiled without the `search` feature too, for
//! [`SearchStats`] alone: the build summary names them either way.

use std::time::Duration;
#[cfg(feature = "search")]
use std::time::Instant;

#[cfg(feature = "search")]
use pagefind::api::PagefindIndex;

#[cfg(feature = "search")]
use crate::diagnostic::Diagnostic;
#[cfg(feature = "search")]
use crate::urls::{Files, SEARCH_DIR};

/// What the search indexer did, for the build summary and benchmarks.
#[derive(Debug, Clone, Default)]
pub struct SearchStats {
    /// HTML pages indexed (those marked `data-pagefind-body`).
    pub pages: usize,
    /// Files written under `pagefind/`, and their size in bytes.
    pub files: usize,
    pub bytes: usize,
    /// Bytes of the index proper: `.pf_meta`, `.pf_index`, `.pf_filter` and
    /// `.pf_fragment` files (not the UI, JavaScript or WebAssembly).
    pub index_bytes: usize,
    pub elapsed: Duration,
    /// The part of `elapsed` spent reading pages into pagefind (parsing,
    /// splitting and stemming words); the rest builds and compresses the
    /// index files.
    pub reading: Duration,
}

#[cfg(feature = "search")]
const MARK: &str = "data-pagefind-body";

/// Whether an output is a page the index should hold: HTML whose text is
/// marked with `data-pagefind-body`.
#[cfg(feature = "search")]
pub fn wants(path: &str, bytes: &[u8]) -> bool {
    path.ends_with(".html") && std::str::from_utf8(bytes).is_ok_and(|text| text.contains(MARK))
}

/// Index `pages` (output path, HTML), in the order given, and return the
/// files to add under `pagefind/`.
#[cfg(feature = "search")]
pub fn index(pages: Vec<(String, String)>) -> Result<(Files, SearchStats), Diagnostic> {
    let start = Instant::now();
    let page_count = pages.len();

    // pagefind's API is async; a small runtime of our own runs it to the
    // end here, so the rest of the build stays plain synchronous code.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| error(format!("cannot start the search indexer: {e}")))?;
    // pagefind expects (`expect`s) on a few internal steps; a failure there
    // becomes a build error rather than a crash, with pagefind's message and
    // without the panic hook's report and backtrace. The hook is the
    // process's; it is swapped only for this call, which `build` makes once
    // every page is rendered, when no other thread is at work. (site.yaml's
    // language, which pagefind panicked on, is validated before this.)
    let quiet = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let built = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        runtime.block_on(async {
            let mut index = PagefindIndex::new(None).map_err(|e| format!("{e}"))?;
            for (path, html) in pages {
                index
                    .add_html_file(Some(path.clone()), None, html)
                    .await
                    .map_err(|e| format!("cannot index {path}: {e}"))?;
            }
            let added = start.elapsed();
            let files = index.get_files().await.map_err(|e| format!("{e}"))?;
            Ok::<_, String>((files, added))
        })
    }));
    std::panic::set_hook(quiet);
    let built = built
        .map_err(|payload| {
            let why = payload
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| payload.downcast_ref::<&str>().copied())
                .unwrap_or("no reason given");
            error(format!("the search indexer failed unexpectedly: {why}"))
        })?
        .map_err(|e| error(format!("cannot build the search index: {e}")))?;
    let (built, added) = built;

    let mut out = Files::new();
    let mut stats = SearchStats {
        pages: page_count,
        ..SearchStats::default()
    };
    for file in built {
        let name = file.filename.to_string_lossy().replace('\\', "/");
        // Published: pagefind.js, its worker and WebAssembly and the index,
        // which static/js/search.js reads through pagefind's low-level API
        // with our own markup, plus pagefind-highlight.js for themes. Left
        // out: the development playground, and the default, modular and
        // web-component UIs (nothing here loads them).
        if name.starts_with("playground/")
            || name.starts_with("pagefind-ui.")
            || name.starts_with("pagefind-modular-ui.")
            || name.starts_with("pagefind-component-ui.")
        {
            continue;
        }
        stats.files += 1;
        stats.bytes += file.contents.len();
        if [".pf_meta", ".pf_index", ".pf_filter", ".pf_fragment"]
            .iter()
            .any(|ext| name.ends_with(ext))
        {
            stats.index_bytes += file.contents.len();
        }
        out.insert(format!("{SEARCH_DIR}{name}"), file.contents);
    }
    stats.elapsed = start.elapsed();
    stats.reading = added;
    Ok((out, stats))
}

#[cfg(feature = "search")]
fn error(message: String) -> Diagnostic {
    Diagnostic::error("(search index)", message)
        .hint("this is a fault in careguide or pagefind, not in the site; please report it")
}
