//! The [`Indexer`](super::Indexer) with pagefind: pages are read into words
//! on the rendering threads, then added in path order and built into index
//! files once every page is in.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use pagefind::api::{FossickedPage, PageReader, PagefindIndex};

use super::{SearchStats, error, quiet};
use crate::diagnostic::Diagnostic;
use crate::urls::{Files, SEARCH_DIR};

pub struct PagefindIndexer {
    index: PagefindIndex,
    reader: PageReader,
    /// (output path, the page read into words), in the order pages were
    /// rendered; sorted by path before they are added.
    pages: Mutex<Vec<(String, FossickedPage)>>,
    /// The first page pagefind could not read.
    failed: Mutex<Option<String>>,
    /// Time spent reading pages, summed over the threads that read them.
    reading_nanos: AtomicU64,
}

impl PagefindIndexer {
    pub fn new() -> Result<Self, Diagnostic> {
        let index = quiet::run(|| PagefindIndex::new(None).map_err(|e| format!("{e}")))
            .and_then(|r| r)
            .map_err(|e| error(format!("cannot start the search indexer: {e}")))?;
        Ok(Self {
            reader: index.page_reader(),
            index,
            pages: Mutex::new(Vec::new()),
            failed: Mutex::new(None),
            reading_nanos: AtomicU64::new(0),
        })
    }

    pub fn add(&self, path: &str, html: &str) {
        let start = Instant::now();
        let html = html.to_owned();
        let read = quiet::run(|| {
            self.reader
                .read_html(Some(path.to_string()), None, html)
                .map_err(|e| format!("cannot index {path}: {e}"))
        })
        .and_then(|r| r);
        let nanos = u64::try_from(start.elapsed().as_nanos()).unwrap_or(u64::MAX);
        self.reading_nanos.fetch_add(nanos, Ordering::Relaxed);
        match read {
            Ok(page) => lock(&self.pages).push((path.to_string(), page)),
            Err(e) => {
                lock(&self.failed).get_or_insert(e);
            }
        }
    }

    pub fn finish(self) -> Result<(Files, SearchStats), Diagnostic> {
        let start = Instant::now();
        if let Some(e) = into_inner(self.failed) {
            return Err(error(format!("cannot build the search index: {e}")));
        }
        let mut pages = into_inner(self.pages);
        pages.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let page_count = pages.len();
        let mut index = self.index;
        // pagefind's API is async; a small runtime of our own runs it to the
        // end here, so the rest of the build stays plain synchronous code.
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| error(format!("cannot start the search indexer: {e}")))?;
        let built = quiet::run_all(|| {
            runtime.block_on(async {
                index
                    .add_fossicked_pages(pages.into_iter().map(|(_, page)| page).collect())
                    .await;
                index.into_files().await.map_err(|e| format!("{e}"))
            })
        })
        .and_then(|r| r)
        .map_err(|e| error(format!("cannot build the search index: {e}")))?;

        let reading = Duration::from_nanos(self.reading_nanos.load(Ordering::Relaxed));
        let mut out = Files::new();
        let mut stats = SearchStats {
            pages: page_count,
            reading,
            ..SearchStats::default()
        };
        for file in built {
            let name = file.filename.to_string_lossy().replace('\\', "/");
            if !published(&name) {
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
        // Pages were read on the rendering threads, beside rendering: the
        // wall time that reading added is about its share of those threads.
        let threads = u32::try_from(rayon::current_num_threads().max(1)).unwrap_or(1);
        stats.elapsed = reading / threads + start.elapsed();
        Ok((out, stats))
    }
}

/// Published: pagefind.js, its worker and WebAssembly and the index, which
/// static/js/search.js reads through pagefind's low-level API with our own
/// markup, plus pagefind-highlight.js for themes. Left out: the development
/// playground, and the default, modular and web-component UIs (nothing
/// here loads them).
fn published(name: &str) -> bool {
    !(name.starts_with("playground/")
        || name.starts_with("pagefind-ui.")
        || name.starts_with("pagefind-modular-ui.")
        || name.starts_with("pagefind-component-ui."))
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

fn into_inner<T>(m: Mutex<T>) -> T {
    m.into_inner().unwrap_or_else(|p| p.into_inner())
}
