//! Full-text search: pagefind builds a chunked index of the rendered pages,
//! and the index joins the rendered files under `pagefind/`, so it is
//! written (atomically) with everything else.
//!
//! Only pages that mark their text with `data-pagefind-body` (page.html
//! does, on the article) are indexed: the A to Z page, print views and
//! navigation would otherwise crowd the results.
//!
//! The work is split so that most of it overlaps rendering: [`Indexer::add`]
//! reads a page (pagefind's HTML parse, word splitting and stemming) on the
//! thread that rendered it, as soon as it is rendered, and keeps only the
//! words; [`Indexer::finish`] adds the pages in path order (pagefind numbers
//! pages in the order they are added, and the index must not depend on
//! threads) and builds and compresses the index files on every core. This
//! needs a small patch of pagefind (vendor/pagefind, see bench/README.md):
//! its published API reads pages one at a time under one lock.

use std::time::Duration;

use crate::diagnostic::Diagnostic;
use crate::urls::Files;

#[cfg(feature = "search")]
mod pagefind_index;
#[cfg(feature = "search")]
mod quiet;

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
    /// About the wall time indexing added to the build: reading pages
    /// (spread over the rendering threads) and building the index files.
    pub elapsed: Duration,
    /// Time spent reading pages into pagefind (parsing, splitting and
    /// stemming words), summed over the rendering threads that did it.
    pub reading: Duration,
}

const MARK: &str = "data-pagefind-body";

/// Whether an output is a page the index should hold: HTML whose text is
/// marked with `data-pagefind-body`.
pub fn wants(path: &str, bytes: &[u8]) -> bool {
    wanted_text(path, bytes).is_some()
}

/// The page's text, if [`wants`] takes it: checked as UTF-8 once, here.
fn wanted_text<'a>(path: &str, bytes: &'a [u8]) -> Option<&'a str> {
    if !path.ends_with(".html") {
        return None;
    }
    std::str::from_utf8(bytes)
        .ok()
        .filter(|text| text.contains(MARK))
}

/// Builds one search index from pages handed to it as they are rendered,
/// from any number of threads.
pub struct Indexer {
    #[cfg(feature = "search")]
    inner: pagefind_index::PagefindIndexer,
}

impl Indexer {
    /// A new, empty index; `None` when careguide is built without the
    /// `search` feature (there is nothing to index with).
    pub fn start() -> Result<Option<Indexer>, Diagnostic> {
        #[cfg(feature = "search")]
        {
            pagefind_index::PagefindIndexer::new().map(|inner| Some(Indexer { inner }))
        }
        #[cfg(not(feature = "search"))]
        {
            Ok(None)
        }
    }

    /// Offer one rendered output (its path under the output folder and its
    /// bytes); pages that [`wants`] refuses are skipped. A page pagefind
    /// cannot read is reported by [`finish`](Self::finish).
    pub fn add(&self, path: &str, bytes: &[u8]) {
        #[cfg(feature = "search")]
        if let Some(html) = wanted_text(path, bytes) {
            self.inner.add(path, html);
        }
        #[cfg(not(feature = "search"))]
        let _ = (path, bytes);
    }

    /// The files to add under `pagefind/`, and what indexing took.
    pub fn finish(self) -> Result<(Files, SearchStats), Diagnostic> {
        #[cfg(feature = "search")]
        {
            self.inner.finish()
        }
        #[cfg(not(feature = "search"))]
        {
            Ok((Files::new(), SearchStats::default()))
        }
    }
}

/// Index `pages` (output path, HTML) in one go, reading them in parallel:
/// the in-memory build (`pipeline::render`) and the search benchmark.
pub fn index(pages: Vec<(String, String)>) -> Result<(Files, SearchStats), Diagnostic> {
    use rayon::prelude::*;
    let Some(indexer) = Indexer::start()? else {
        return Ok((Files::new(), SearchStats::default()));
    };
    pages
        .par_iter()
        .for_each(|(path, html)| indexer.add(path, html.as_bytes()));
    indexer.finish()
}

#[cfg(feature = "search")]
fn error(message: String) -> Diagnostic {
    Diagnostic::error("(search index)", message)
        .hint("this is a fault in careguide or pagefind, not in the site; please report it")
}
