//! A page's HTML published somewhere else (a section's print view) from
//! the one render of the page pass, not from its Markdown again: while the
//! page's own HTML is written, the rewriter notes every spot whose text
//! depends on where the HTML is published (heading and footnote ids, link
//! and image addresses, components' way back to the site root), and
//! [`place`] writes just those spots again for the other place.

use pulldown_cmark_escape::escape_href;

use super::links::{Linker, Target, relative_root};
use super::rewriter::video_script;
use super::{LinkContext, RenderOptions, Rendered};
use crate::text::html::escape_attr_into;

/// How pulldown-cmark starts a footnote reference, up to its target id.
pub(super) const FOOTNOTE_REF: &str = "<sup class=\"footnote-reference\"><a href=\"#";
/// How a footnote definition starts, up to its id, in both renderings
/// (pulldown-cmark's may lack the leading newline).
const FOOTNOTE_DEF: &str = "\n<div class=\"footnote-definition\" id=\"";

/// A place in a page's own HTML (`Rendered::html`, byte offset `at`) whose
/// text depends on where the HTML is published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spot {
    pub(super) at: usize,
    pub(super) fill: Fill,
}

/// What is written at a [`Spot`], and how far the page's own text runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Fill {
    /// The start of a heading's id: the prefix goes before it.
    HeadingId,
    /// A link's or image's address, up to its closing quote.
    Href(Target),
    /// A footnote reference's target id, up to its closing quote.
    FootnoteRef(String),
    /// A footnote definition's opening, up to the end of its id.
    FootnoteDef(String),
    /// `[n]`, a footnote reference inside an image's alt text, which a
    /// prefixed rendering writes by hand and so leaves out of the alt.
    AltNumber(usize),
    /// A component's HTML, `len` bytes, written from its source again.
    Component {
        source: String,
        script: bool,
        len: usize,
    },
}

/// `r.html` (the page at `page_rel`, `page_url`, rendered for its own URL)
/// as [`super::render_with`] would write it with `opts`: ids prefixed,
/// links written from `opts.out_url` and mapped by `opts.map_link`.
pub fn place(
    r: &Rendered,
    page_rel: &str,
    page_url: &str,
    ctx: &LinkContext<'_>,
    opts: &RenderOptions<'_>,
) -> String {
    let root = relative_root(opts.out_url.unwrap_or(page_url));
    let link = Linker {
        page_rel,
        root: &root,
        ctx,
        map: opts.map_link,
    };
    let prefix = opts.id_prefix.unwrap_or_default();
    let html = r.html.as_str();
    let mut out = String::with_capacity(html.len() + r.spots.len() * 16);
    let mut from = 0;
    for spot in &r.spots {
        let at = spot.at.min(html.len());
        let quote = || html[at..].find('"').map_or(html.len(), |i| at + i);
        let end = match &spot.fill {
            Fill::HeadingId => at,
            Fill::Href(_) | Fill::FootnoteRef(_) => quote(),
            Fill::FootnoteDef(_) => {
                let id = html[at..].find("id=\"").map_or(at, |i| at + i + 4);
                html[id..].find('"').map_or(html.len(), |i| id + i)
            }
            Fill::AltNumber(n) => at + n.to_string().len() + 2,
            Fill::Component { len, .. } => at + len,
        };
        out.push_str(&html[from..at]);
        match &spot.fill {
            Fill::HeadingId => {
                escape_attr_into(&mut out, prefix);
                out.push_str("--");
            }
            Fill::Href(target) => match link.href_of(target, page_url) {
                Some(href) => {
                    let _ = escape_href(&mut out, &href);
                }
                None => out.push_str(&html[at..end]),
            },
            Fill::FootnoteRef(name) => escape_attr_into(&mut out, &format!("{prefix}--fn-{name}")),
            Fill::FootnoteDef(name) => {
                out.push_str(FOOTNOTE_DEF);
                escape_attr_into(&mut out, &format!("{prefix}--fn-{name}"));
            }
            Fill::AltNumber(_) => {}
            Fill::Component { source, script, .. } => {
                let mut scripts = false;
                if let Some(components) = ctx.components
                    && let Ok(html) = components.render(source, &root, &mut scripts)
                {
                    out.push_str(&html);
                }
                if *script {
                    video_script(&mut out, &root);
                }
            }
        }
        from = end;
    }
    out.push_str(&html[from..]);
    out
}
