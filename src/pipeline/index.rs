//! The search index: the one call site where rendered pages reach the
//! indexer (`crate::search`), with or without the `search` feature.

use crate::diagnostic::Diagnostic;
use crate::search::SearchStats;
use crate::urls::Files;

/// Index the rendered pages in `files` and add the index to them.
pub(super) fn add_to(files: &mut Files) -> Result<Option<SearchStats>, Diagnostic> {
    if !cfg!(feature = "search") {
        return Ok(None);
    }
    let pages: Vec<(String, String)> = files
        .iter()
        .filter(|(path, bytes)| crate::search::wants(path, bytes))
        .map(|(path, bytes)| (path.clone(), String::from_utf8_lossy(bytes).into_owned()))
        .collect();
    let (index, stats) = crate::search::index(pages)?;
    files.extend(index);
    Ok(Some(stats))
}

/// Pages are read into the search index as a build streams its outputs to
/// disk (`crate::search::Indexer`), and the index is built once the last
/// is rendered.
pub(super) struct Indexer {
    indexer: Result<Option<crate::search::Indexer>, Diagnostic>,
}

impl Indexer {
    /// An indexer that takes pages only if `on` (the site's `search`) and
    /// careguide has the `search` feature.
    pub(super) fn new(on: bool) -> Indexer {
        Indexer {
            indexer: if on {
                crate::search::Indexer::start()
            } else {
                Ok(None)
            },
        }
    }

    /// Read the output at `path` into the index if it belongs there.
    pub(super) fn offer(&self, path: &str, bytes: &[u8]) {
        if let Ok(Some(indexer)) = &self.indexer {
            indexer.add(path, bytes);
        }
    }

    /// The index of every page offered, or nothing if the site has no search.
    pub(super) fn finish(self) -> Result<(Files, Option<SearchStats>), Diagnostic> {
        match self.indexer? {
            Some(indexer) => indexer.finish().map(|(files, stats)| (files, Some(stats))),
            None => Ok((Files::new(), None)),
        }
    }
}
