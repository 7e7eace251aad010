//! The search index: the one call site where rendered pages reach the
//! indexer (`crate::search`), with or without the `search` feature.

use crate::diagnostic::Diagnostic;
use crate::search::SearchStats;
use crate::urls::Files;

/// Whether an output goes into the search index; never without the
/// `search` feature.
#[cfg(feature = "search")]
pub(super) fn indexable(path: &str, bytes: &[u8]) -> bool {
    crate::search::wants(path, bytes)
}

#[cfg(not(feature = "search"))]
pub(super) fn indexable(_path: &str, _bytes: &[u8]) -> bool {
    false
}

/// Index the rendered pages in `files` and add the index to them.
pub(super) fn add_to(files: &mut Files) -> Result<Option<SearchStats>, Diagnostic> {
    if !cfg!(feature = "search") {
        return Ok(None);
    }
    let pages: Vec<(String, String)> = files
        .iter()
        .filter(|(path, bytes)| indexable(path, bytes))
        .map(|(path, bytes)| (path.clone(), String::from_utf8_lossy(bytes).into_owned()))
        .collect();
    let (index, stats) = pages_index(pages)?;
    files.extend(index);
    Ok(stats)
}

/// The search index of `pages` (output path, HTML), sorted here by path
/// (pagefind numbers pages in the order they are added, and the output
/// must not depend on threads); nothing without the `search` feature.
#[cfg(feature = "search")]
pub(super) fn pages_index(
    mut pages: Vec<(String, String)>,
) -> Result<(Files, Option<SearchStats>), Diagnostic> {
    pages.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let (index, stats) = crate::search::index(pages)?;
    Ok((index, Some(stats)))
}

#[cfg(not(feature = "search"))]
pub(super) fn pages_index(
    _pages: Vec<(String, String)>,
) -> Result<(Files, Option<SearchStats>), Diagnostic> {
    Ok((Files::new(), None))
}

/// Pages kept aside for the search index as a build streams its outputs
/// to disk, and indexed once the last is rendered.
pub(super) struct Indexer {
    on: bool,
    pages: std::sync::Mutex<Vec<(String, String)>>,
}

impl Indexer {
    /// An indexer that keeps pages only if `on` (the site's `search`).
    pub(super) fn new(on: bool) -> Indexer {
        Indexer {
            on,
            pages: Default::default(),
        }
    }

    /// Keep the output at `path` if it belongs in the index.
    pub(super) fn offer(&self, path: &str, bytes: &[u8]) {
        if self.on && indexable(path, bytes) {
            let html = String::from_utf8_lossy(bytes).into_owned();
            let mut pages = self.pages.lock().unwrap_or_else(|p| p.into_inner());
            pages.push((path.to_string(), html));
        }
    }

    /// The index of every page kept, or nothing if the site has no search.
    pub(super) fn finish(self) -> Result<(Files, Option<SearchStats>), Diagnostic> {
        if !self.on {
            return Ok((Files::new(), None));
        }
        pages_index(self.pages.into_inner().unwrap_or_else(|p| p.into_inner()))
    }
}
