//! Loading one page file: read, decoded (UTF-8, BOM, CRLF) and parsed.
//! A whole build (`site::load`) and the preview's update of edited pages
//! (`session`) load pages through this one function, so both see the same
//! page and the same errors.

use crate::config::ReviewPolicy;
use crate::content::page::{self, Page};
use crate::diagnostic::Diagnostic;
use crate::source;

/// The page at `rel` inside content/ (`shown` is its path as errors show
/// it, `content/<rel>`), its bytes from `read`: a build follows the
/// symlinks `walk` allowed, the preview refuses any (see
/// `walk::read_regular`).
pub fn load_page(
    shown: &str,
    rel: &str,
    review: &ReviewPolicy,
    read: impl FnOnce() -> std::io::Result<Vec<u8>>,
) -> Result<Page, Vec<Diagnostic>> {
    let bytes = read().map_err(|e| {
        vec![Diagnostic::error(
            shown,
            format!("cannot read this file: {e}"),
        )]
    })?;
    let text = source::decode(shown, &bytes).map_err(|d| vec![d])?;
    page::parse(shown, rel, text, review)
}
