//! What a resolved link points to, and its href from wherever the HTML
//! is published: the page's own URL, or a print view (`super::place`).

use pulldown_cmark::CowStr;

use super::links::{Linker, href};

/// What a resolved link points to, kept so that the same link can be
/// written again for another place (`super::place`): a print view
/// publishes the page's HTML at another URL, with its own anchors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// `#anchor` (or `?…`) on the page itself.
    SamePage { anchor: Option<String> },
    /// A page, by its site-relative URL.
    Page { url: String, anchor: Option<String> },
    /// Any other output (asset, static file, form), or a page by URL.
    File {
        path: String,
        anchor: Option<String>,
    },
}

impl Linker<'_> {
    /// The href of `target` from where this linker publishes; `None`
    /// keeps the link as written (a same-page anchor nothing maps).
    pub(super) fn href_of(&self, target: &Target, page_url: &str) -> Option<CowStr<'static>> {
        match target {
            Target::SamePage { anchor } => {
                self.mapped(page_url, anchor.as_deref()).map(CowStr::from)
            }
            Target::Page { url, anchor } => {
                let anchor = anchor.as_deref();
                if let Some(href) = self.mapped(url, anchor) {
                    return Some(CowStr::from(href));
                }
                Some(if url.is_empty() && self.root.is_empty() {
                    href(&["./"], anchor)
                } else {
                    href(&[self.root, url], anchor)
                })
            }
            Target::File { path, anchor } => {
                let anchor = anchor.as_deref();
                if self.map.is_some()
                    && let Some(href) = self.page_at(path).and_then(|url| self.mapped(url, anchor))
                {
                    return Some(CowStr::from(href));
                }
                Some(href(&[self.root, path], anchor))
            }
        }
    }

    /// The URL of the page published at `path`, if one is. Looked up only
    /// when needed, since it scans every page.
    pub(super) fn page_at(&self, path: &str) -> Option<&String> {
        self.ctx
            .pages
            .values()
            .find(|u| u.trim_end_matches('/') == path.trim_end_matches('/'))
    }
}
