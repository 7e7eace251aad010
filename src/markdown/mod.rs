//! Markdown to HTML with pulldown-cmark: heading ids, GitHub-style alerts as
//! callouts, and links to `.md` files turned into page URLs.
//!
//! Rendering also records the facts later stages need without parsing the
//! page again: headings (for the table of contents and anchor checks), links
//! and images with their byte offsets (for located errors and the
//! accessibility lint), raw HTML (for the security lint) and, when asked,
//! the reading grade (for the reading-age rule, from the same parse).

use std::cell::Cell;
use std::collections::{HashMap, HashSet, VecDeque};
use std::rc::Rc;

use pulldown_cmark::{Parser, html};

mod callouts;
pub use callouts::{CALLOUT_KEYS, CalloutLabels, english_labels};
mod grading;
mod headings;
mod links;
mod place;
mod rewriter;
mod target;
#[cfg(test)]
mod tests;

pub use crate::text::html::escape_attr;
use crate::text::readability::{Grader, PageText, Readability};
pub use grading::{is_graded, keeps_text, reading_limit};
use headings::UsedIds;
pub use headings::slug;
use links::{Linker, QUOTED};
pub use links::{anchor_hint, relative_root};
pub use place::{Spot, place};
use rewriter::Rewriter;

/// What a link inside a page needs to know about the rest of the site.
pub struct LinkContext<'a> {
    /// Published pages by their path inside content/ (`guide/lpa.md`) → site-relative URL.
    pub pages: &'a HashMap<String, String>,
    /// Pages left out of this build (drafts), for a better error message.
    pub drafts: &'a HashSet<String>,
    /// Every other output path a link may name: assets, static files, forms.
    pub files: &'a HashSet<String>,
    /// Components authors may write (`{{ video(id="…") }}`); `None` leaves
    /// such paragraphs as text.
    pub components: Option<&'a crate::components::Components>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
    /// Byte offset in the body.
    pub offset: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkFact {
    pub dest: String,
    /// Visible text of the link (or alt text of an image).
    pub text: String,
    pub offset: usize,
    pub is_image: bool,
}

/// A link whose target page is known but whose `#anchor` can only be
/// checked once every page has been rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnchorCheck {
    /// Target page URL (site-relative).
    pub url: String,
    pub anchor: String,
    pub offset: usize,
    pub dest: String,
}

/// A link that cannot work, found while rendering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenLink {
    pub dest: String,
    pub offset: usize,
    pub message: String,
    pub hint: String,
    /// Width of the caret, when not the link's own (a component's argument).
    pub width: Option<usize>,
}

#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    pub headings: Vec<Heading>,
    pub links: Vec<LinkFact>,
    pub raw_html: Vec<(usize, String)>,
    pub tables: usize,
    pub anchors: Vec<AnchorCheck>,
    pub broken: Vec<BrokenLink>,
    /// The reading grade, when asked for (`RenderOptions::grade_reading`;
    /// see `text::readability::Grader::finish` for what is kept).
    pub reading: Option<Readability>,
    /// The page's plain text and sentences, when asked for
    /// (`RenderOptions::keep_text`), for the `plain-english` rule; the page
    /// pass frees it once the page's rules have run.
    pub text: Option<Box<PageText>>,
    /// Where `html` says something that depends on where it is published,
    /// so that [`place`] can publish it elsewhere (a print view) without
    /// rendering the Markdown again.
    pub spots: Vec<Spot>,
}

impl Rendered {
    /// Free what only the page's rules, its link checks and `careguide
    /// check` read, once they have run: a build keeps every page's
    /// `Rendered` until the site is written, and at 100,000 pages these
    /// lists are a good part of its memory. `spots` stay if the page is
    /// `printed` in a section's print view (`place` needs them).
    pub fn release_checked(&mut self, printed: bool) {
        self.links = Vec::new();
        self.raw_html = Vec::new();
        self.anchors = Vec::new();
        self.broken = Vec::new();
        if !printed {
            self.spots = Vec::new();
        }
    }
}

/// How to render a page somewhere other than at its own URL, such as inside
/// the combined print view of a section. `RenderOptions::default()` is the
/// page's own rendering, and costs nothing extra.
#[derive(Default, Clone, Copy)]
pub struct RenderOptions<'a> {
    /// Prefix every heading id (and footnote id) with `<prefix>--`, so that
    /// several pages combined into one document keep their ids unique.
    /// `Rendered::headings` keeps the ids as written on the page itself.
    pub id_prefix: Option<&'a str>,
    /// The URL the HTML is published at, when not the page's own: relative
    /// links are written to work from there.
    pub out_url: Option<&'a str>,
    /// Called for every link to a page, with the target page's URL and the
    /// anchor (`""` for none); `Some(href)` replaces the normal relative link,
    /// e.g. with an anchor inside the same combined document.
    pub map_link: Option<&'a LinkMap<'a>>,
    /// Grade the reading age of the text (the `reading-age` rule) from this
    /// same parse, into `Rendered::reading`, against this highest grade
    /// allowed (`check.max_reading_grade`).
    pub grade_reading: Option<f64>,
    /// Keep the page's plain text and its sentences, from this same parse,
    /// in `Rendered::text` (the `plain-english` rule reads them).
    pub keep_text: bool,
    /// Group the page into Easy Read rows of picture and text
    /// (`format: easy-read`; see `easy_read::Rows`).
    pub easy_read: bool,
    /// The callouts' labels in the page's language; `None` writes the
    /// built-in English ones.
    pub callouts: Option<&'a CalloutLabels>,
}

/// See `RenderOptions::map_link`: (target page URL, anchor) → replacement href.
pub type LinkMap<'a> = dyn Fn(&str, &str) -> Option<String> + Sync + 'a;

pub use crate::text::markdown_options as options;

/// Render the body of the page at `page_rel` (path inside content/) whose URL is `page_url`.
pub fn render(body: &str, page_rel: &str, page_url: &str, ctx: &LinkContext<'_>) -> Rendered {
    render_with(body, page_rel, page_url, ctx, &RenderOptions::default())
}

/// `render`, for output somewhere other than the page's own URL (see `RenderOptions`).
///
/// The parser's events stream through [`Rewriter`] straight into
/// `push_html`: nothing holds the page's whole event list, and only a
/// heading's own events wait (its id comes from its text, and the id is
/// written before the text).
pub fn render_with(
    body: &str,
    page_rel: &str,
    page_url: &str,
    ctx: &LinkContext<'_>,
    opts: &RenderOptions<'_>,
) -> Rendered {
    let root = relative_root(opts.out_url.unwrap_or(page_url));
    let link = Linker {
        page_rel,
        root: &root,
        ctx,
        map: opts.map_link,
    };
    let written = Rc::new(Cell::new(0));
    let mut rewriter = Rewriter {
        body,
        video_script: false,
        events: crate::easy_read::Rows::new(
            body,
            Parser::new_ext(body, options()).into_offset_iter(),
            opts.easy_read,
            ctx.files,
        ),
        queue: VecDeque::new(),
        out: Rendered::default(),
        link,
        id_prefix: opts.id_prefix,
        footnotes: HashMap::new(),
        used_ids: UsedIds::default(),
        open_links: Vec::new(),
        grader: (opts.grade_reading.is_some() || opts.keep_text)
            .then(|| Grader::new(opts.grade_reading, opts.keep_text, body)),
        written: Rc::clone(&written),
        targets: VecDeque::new(),
        heading_next: false,
        component_next: None,
        alt_depth: 0,
        callouts: opts.callouts,
    };
    let mut html = String::with_capacity(body.len() * 3 / 2);
    // Writing to a `String` cannot fail.
    let _ = html::write_html_fmt(
        Counted {
            out: &mut html,
            written,
        },
        &mut rewriter,
    );
    // Every page's HTML stays in memory until the site is written: give
    // back the capacity reserved above that the page did not use.
    html.shrink_to_fit();
    let mut out = rewriter.out;
    out.html = html;
    for (dest, e) in rewriter.events.problems {
        out.broken.push(BrokenLink {
            dest,
            offset: e.offset,
            message: e.message,
            hint: e.hint,
            width: Some(e.width),
        });
    }
    if let Some(grader) = rewriter.grader {
        let graded = grader.finish();
        (out.reading, out.text) = (graded.reading, graded.text);
    }
    check_own_anchors(&mut out, page_url);
    out
}

/// The HTML being written, and how long it is so far, which the rewriter
/// reads to note its spots.
struct Counted<'s> {
    out: &'s mut String,
    written: Rc<Cell<usize>>,
}

impl std::fmt::Write for Counted<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.out.push_str(s);
        self.written.set(self.out.len());
        Ok(())
    }
}

/// Same-page anchors are checked against this page's own headings (anchors
/// into other pages wait until every page is rendered).
fn check_own_anchors(out: &mut Rendered, page_url: &str) {
    let ids: HashSet<&str> = out.headings.iter().map(|h| h.id.as_str()).collect();
    let mut footnote_or_own = Vec::new();
    for a in std::mem::take(&mut out.anchors) {
        if a.url == page_url && !a.anchor.is_empty() {
            if !ids.contains(a.anchor.as_str()) && !a.anchor.starts_with("fn-") {
                footnote_or_own.push(BrokenLink {
                    dest: a.dest.clone(),
                    offset: a.offset,
                    message: format!(
                        "there is no heading `#{}` on this page",
                        crate::diagnostic::shorten(&a.anchor, QUOTED)
                    ),
                    hint: anchor_hint(&a.anchor, &out.headings),
                    width: None,
                });
            }
        } else {
            out.anchors.push(a);
        }
    }
    out.broken.extend(footnote_or_own);
}
