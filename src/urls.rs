//! Where careguide puts what it makes itself, and the in-memory form of a
//! rendered site. A bottom-layer module: loading (to refuse pages at these
//! URLs), planning, rendering, search and writing all read it, and it reads
//! nothing of theirs.

use std::collections::BTreeMap;

/// Where the A to Z index is published (site-relative).
pub const A_TO_Z_URL: &str = "a-z/";

/// Where the search results page is published (site-relative).
pub const SEARCH_PAGE_URL: &str = "search/";

/// The folder of the search index and its UI (site-relative).
pub const SEARCH_DIR: &str = "pagefind/";

/// Where the print view of the section at `section_url` is published.
pub fn print_url(section_url: &str) -> String {
    format!("{section_url}print/")
}

/// Rendered output: path inside the output folder → bytes.
pub type Files = BTreeMap<String, Vec<u8>>;
