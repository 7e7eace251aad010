//! Markdown to HTML with pulldown-cmark: heading ids, GitHub-style alerts as
//! callouts, and links to `.md` files turned into page URLs.
//!
//! Rendering also records the facts later stages need without parsing the
//! page again: headings (for the table of contents and anchor checks), links
//! and images with their byte offsets (for located errors and the
//! accessibility lint), raw HTML (for the security lint) and, when asked,
//! the reading grade (for the reading-age rule, from the same parse).

use std::collections::{HashMap, HashSet, VecDeque};
use std::fmt::Write as _;
use std::ops::Range;

use pulldown_cmark::{
    BlockQuoteKind, CowStr, Event, HeadingLevel, LinkType, OffsetIter, Parser, Tag, TagEnd, html,
};

use crate::config::{RuleLevel, SiteConfig};
use crate::content::page::{Audience, Page, Status};
use crate::rule::Rule;
pub use crate::text::html::escape_attr;
use crate::text::html::escape_attr_into;
use crate::text::readability::{Grader, Readability};

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
    /// see `reading_age::Grader::finish` for what is kept).
    pub reading: Option<Readability>,
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
}

/// See `RenderOptions::map_link`: (target page URL, anchor) → replacement href.
pub type LinkMap<'a> = dyn Fn(&str, &str) -> Option<String> + Sync + 'a;

pub use crate::text::markdown_options as options;

/// Whether the reading grade applies to a page: current patient pages
/// (the `reading-age` and `plain-english` rules judge only those).
pub fn is_graded(p: &Page) -> bool {
    p.meta.audience == Audience::Patient && p.meta.status == Status::Current
}

/// The highest reading grade allowed on `page`, if rendering it should
/// grade it for the `reading-age` rule (see [`Grader`]): `None` for a page
/// the rule does not judge, or when site.yaml switches the rule off.
pub fn reading_limit(config: &SiteConfig, page: &Page) -> Option<f64> {
    let off = config.check.rules.get(&Rule::ReadingAge) == Some(&RuleLevel::Off);
    (!off && is_graded(page)).then_some(config.check.max_reading_grade)
}

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
    let mut rewriter = Rewriter {
        body,
        video_script: false,
        events: Parser::new_ext(body, options()).into_offset_iter(),
        queue: VecDeque::new(),
        out: Rendered::default(),
        link,
        id_prefix: opts.id_prefix,
        footnotes: HashMap::new(),
        used_ids: UsedIds::default(),
        open_links: Vec::new(),
        grader: opts.grade_reading.map(|max| Grader::new(max, body.len())),
    };
    let mut html = String::with_capacity(body.len() * 3 / 2);
    html::push_html(&mut html, &mut rewriter);
    // Every page's HTML stays in memory until the site is written: give
    // back the capacity reserved above that the page did not use.
    html.shrink_to_fit();
    let mut out = rewriter.out;
    out.html = html;
    out.reading = rewriter.grader.map(Grader::finish);
    check_own_anchors(&mut out, page_url);
    out
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

/// The parser's events rewritten for publishing (heading ids, callouts,
/// table wrappers, resolved links, prefixed footnotes), one at a time, with
/// the facts of `Rendered` recorded on the way.
struct Rewriter<'a, 'o> {
    body: &'a str,
    /// Whether video.js has been added for a `{{ video(…) }}` component.
    video_script: bool,
    events: OffsetIter<'a>,
    /// Events already rewritten and waiting to be handed out: the rest of a
    /// heading, or the second half of an event that became two.
    queue: VecDeque<Event<'a>>,
    /// Everything but the HTML, which `push_html` writes.
    out: Rendered,
    link: Linker<'o>,
    id_prefix: Option<&'o str>,
    /// Footnote numbers, kept here only when footnotes are written by hand
    /// (with prefixed ids); otherwise pulldown-cmark numbers them itself.
    footnotes: HashMap<String, usize>,
    used_ids: UsedIds,
    /// Index in `out.links` of every link and image still open, innermost
    /// last: their visible text is gathered as it goes by.
    open_links: Vec<usize>,
    /// Sees every event the parser gives, when the page is graded.
    grader: Option<Grader<'a>>,
}

impl<'a> Iterator for Rewriter<'a, '_> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        if let Some(waiting) = self.queue.pop_front() {
            return Some(waiting);
        }
        let (event, range) = self.pull()?;
        if matches!(event, Event::Start(Tag::Paragraph))
            && let Some(components) = self.link.ctx.components
            && let Some(source) = self.body.get(range.clone())
            && crate::components::is_component(source)
        {
            return Some(self.component(components, source, range.start));
        }
        Some(self.rewrite(event, range.start))
    }
}

impl<'a> Rewriter<'a, '_> {
    /// A paragraph that is a component (see `components`): its events are
    /// dropped (unseen by the reading-age grader) and its HTML takes their place.
    fn component(
        &mut self,
        components: &crate::components::Components,
        source: &str,
        offset: usize,
    ) -> Event<'a> {
        for (event, _) in self.events.by_ref() {
            if matches!(event, Event::End(TagEnd::Paragraph)) {
                break;
            }
        }
        let mut scripts = false;
        match components.render(source, self.link.root, &mut scripts) {
            Ok(mut html) => {
                if scripts && !self.video_script {
                    self.video_script = true;
                    let _ = writeln!(
                        html,
                        "<script src=\"{}static/js/video.js\" defer></script>",
                        escape_attr(self.link.root)
                    );
                }
                html_event(html)
            }
            Err(e) => {
                self.out.broken.push(BrokenLink {
                    dest: source.trim().to_string(),
                    offset: offset + e.offset,
                    message: e.message,
                    hint: e.hint,
                    width: Some(e.width),
                });
                html_event("")
            }
        }
    }
}

impl<'a> Rewriter<'a, '_> {
    /// The parser's next event, shown to the grader first.
    fn pull(&mut self) -> Option<(Event<'a>, Range<usize>)> {
        let next = self.events.next()?;
        if let Some(grader) = &mut self.grader {
            grader.push(&next.0);
        }
        Some(next)
    }

    /// The event to publish in place of `event` (which starts at byte
    /// `offset`); any that must follow it go to the queue.
    fn rewrite(&mut self, event: Event<'a>, offset: usize) -> Event<'a> {
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => self.heading(level, id, &classes, &attrs, offset),
            Event::Start(Tag::BlockQuote(Some(kind))) => html_event(callout_open(kind)),
            Event::End(TagEnd::BlockQuote(Some(_))) => html_event("</div>\n"),
            Event::Start(Tag::Table(_)) => {
                self.out.tables += 1;
                self.queue.push_back(event);
                html_event("<div class=\"table-wrap\">\n")
            }
            Event::End(TagEnd::Table) => {
                self.queue.push_back(html_event("</div>\n"));
                event
            }
            Event::Html(ref h) | Event::InlineHtml(ref h) => {
                self.out.raw_html.push((offset, h.to_string()));
                event
            }
            Event::Start(Tag::Link { ref dest_url, .. }) => {
                self.open_link(dest_url, offset, false);
                rewrite_inline(event, &mut self.out, &self.link, offset)
            }
            Event::Start(Tag::Image { ref dest_url, .. }) => {
                self.open_link(dest_url, offset, true);
                rewrite_inline(event, &mut self.out, &self.link, offset)
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                self.open_links.pop();
                event
            }
            Event::Text(ref t) | Event::Code(ref t) => {
                for &i in &self.open_links {
                    self.out.links[i].text.push_str(t);
                }
                event
            }
            Event::FootnoteReference(name) if self.id_prefix.is_some() => {
                let n = self.footnote_number(&name);
                html_event(format!(
                    "<sup class=\"footnote-reference\"><a href=\"#{}\">{n}</a></sup>",
                    escape_attr(&self.footnote_id(&name))
                ))
            }
            Event::Start(Tag::FootnoteDefinition(name)) if self.id_prefix.is_some() => {
                let n = self.footnote_number(&name);
                html_event(format!(
                    "\n<div class=\"footnote-definition\" id=\"{}\"><sup class=\"footnote-definition-label\">{n}</sup>",
                    escape_attr(&self.footnote_id(&name))
                ))
            }
            Event::End(TagEnd::FootnoteDefinition) if self.id_prefix.is_some() => {
                html_event("</div>\n")
            }
            other => other,
        }
    }

    /// Record a link or image (its text is filled in as it goes by).
    fn open_link(&mut self, dest: &str, offset: usize, is_image: bool) {
        self.open_links.push(self.out.links.len());
        self.out.links.push(LinkFact {
            dest: dest.to_string(),
            text: String::new(),
            offset,
            is_image,
        });
    }

    /// A heading's opening tag with its id. The heading's own events are
    /// read up to its end (the id comes from their text) and queued behind
    /// it, then its closing tag.
    fn heading(
        &mut self,
        level: HeadingLevel,
        id: Option<CowStr<'a>>,
        classes: &[CowStr<'a>],
        attrs: &[(CowStr<'a>, Option<CowStr<'a>>)],
        offset: usize,
    ) -> Event<'a> {
        let mut text = String::new();
        while let Some((event, range)) = self.pull() {
            if matches!(event, Event::End(TagEnd::Heading(_))) {
                break;
            }
            if let Event::Text(t) | Event::Code(t) = &event {
                text.push_str(t);
            }
            // Rewritten like any inline event, so that a heading's links,
            // images and raw HTML are recorded for the rules too: a
            // `<script>` or a `javascript:` link is no safer in a heading.
            let event = self.rewrite(event, range.start);
            self.queue.push_back(event);
        }
        let lvl = heading_number(level);
        self.queue
            .push_back(html_event(HEADING_CLOSE[usize::from(lvl) - 1]));
        let headings = &self.out.headings;
        let id = match id {
            Some(explicit) => self.used_ids.unique(explicit.to_string(), headings),
            None => self.used_ids.unique(slug(&text), headings),
        };
        let open = heading_open(lvl, self.id_prefix, &id, classes, attrs);
        self.out.headings.push(Heading {
            level: lvl,
            id,
            text: trim_in_place(text),
            offset,
        });
        html_event(open)
    }

    fn footnote_number(&mut self, name: &str) -> usize {
        let next = self.footnotes.len() + 1;
        *self.footnotes.entry(name.to_string()).or_insert(next)
    }

    fn footnote_id(&self, name: &str) -> String {
        format!("{}--fn-{name}", self.id_prefix.unwrap_or_default())
    }
}

fn html_event<'a>(html: impl Into<CowStr<'a>>) -> Event<'a> {
    Event::Html(html.into())
}

const HEADING_CLOSE: [&str; 6] = [
    "</h1>\n", "</h2>\n", "</h3>\n", "</h4>\n", "</h5>\n", "</h6>\n",
];

/// `<hN id="…" class="…" attr="…">`, the id prefixed when asked. Event
/// handlers are never passed through from heading attributes.
fn heading_open(
    lvl: u8,
    prefix: Option<&str>,
    id: &str,
    classes: &[CowStr<'_>],
    attrs: &[(CowStr<'_>, Option<CowStr<'_>>)],
) -> String {
    // The exact length when nothing needs escaping (nearly always): the
    // string then becomes the event's `CowStr` without being copied again.
    let len = "<hN id=\"\">".len()
        + prefix.map_or(0, |p| p.len() + 2)
        + id.len()
        + if classes.is_empty() {
            0
        } else {
            " class=\"\"".len() + classes.iter().map(|c| c.len() + 1).sum::<usize>() - 1
        }
        + attrs
            .iter()
            .map(|(k, v)| 1 + k.len() + v.as_ref().map_or(0, |v| v.len() + 3))
            .sum::<usize>();
    let mut open = String::with_capacity(len);
    open.push_str("<h");
    open.push(char::from(b'0' + lvl));
    open.push_str(" id=\"");
    if let Some(prefix) = prefix {
        escape_attr_into(&mut open, prefix);
        open.push_str("--");
    }
    escape_attr_into(&mut open, id);
    open.push('"');
    if !classes.is_empty() {
        open.push_str(" class=\"");
        for (i, class) in classes.iter().enumerate() {
            if i > 0 {
                open.push(' ');
            }
            escape_attr_into(&mut open, class);
        }
        open.push('"');
    }
    for (k, v) in attrs {
        if k.to_ascii_lowercase().starts_with("on") {
            continue;
        }
        open.push(' ');
        escape_attr_into(&mut open, k);
        if let Some(v) = v {
            open.push_str("=\"");
            escape_attr_into(&mut open, v);
            open.push('"');
        }
    }
    open.push('>');
    open
}

/// Longest author text (a link, an anchor) quoted in a message, in characters.
const QUOTED: usize = 80;

/// Suggest the closest heading id.
pub fn anchor_hint(anchor: &str, headings: &[Heading]) -> String {
    let ids: Vec<&str> = headings.iter().map(|h| h.id.as_str()).collect();
    match crate::diagnostic::did_you_mean(anchor, &ids) {
        Some(best) => format!("did you mean `#{best}`?"),
        None if ids.is_empty() => "the target page has no headings to link to".into(),
        None => format!(
            "headings on that page: {}",
            ids.iter()
                .take(8)
                .map(|i| format!("#{}", crate::diagnostic::shorten(i, QUOTED)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// What resolving a link needs: where the page is, where its HTML goes, and
/// the site's pages and files.
struct Linker<'a> {
    page_rel: &'a str,
    /// The way back to the site root from where the HTML is published.
    root: &'a str,
    ctx: &'a LinkContext<'a>,
    map: Option<&'a LinkMap<'a>>,
}

impl Linker<'_> {
    fn mapped(&self, url: &str, anchor: Option<&str>) -> Option<String> {
        self.map.and_then(|m| m(url, anchor.unwrap_or_default()))
    }
}

fn rewrite_inline<'a>(
    event: Event<'a>,
    out: &mut Rendered,
    link: &Linker<'_>,
    offset: usize,
) -> Event<'a> {
    match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let dest = resolve(&dest_url, link_type, link, offset, out);
            Event::Start(Tag::Link {
                link_type,
                dest_url: dest,
                title,
                id,
            })
        }
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let dest = resolve(&dest_url, link_type, link, offset, out);
            Event::Start(Tag::Image {
                link_type,
                dest_url: dest,
                title,
                id,
            })
        }
        other => other,
    }
}

/// Turn a link as written into the href to publish, recording problems.
fn resolve<'a>(
    dest: &CowStr<'a>,
    link_type: LinkType,
    link: &Linker<'_>,
    offset: usize,
    out: &mut Rendered,
) -> CowStr<'a> {
    let (page_rel, root, ctx) = (link.page_rel, link.root, link.ctx);
    if matches!(link_type, LinkType::Email) || is_external(dest) {
        return dest.clone();
    }
    let (path, anchor) = match dest.split_once('#') {
        Some((p, a)) => (p, Some(a)),
        None => (dest.as_ref(), None),
    };
    let path = path.split_once('?').map_or(path, |(p, _)| p);
    if path.is_empty() {
        let page_url = ctx.pages.get(page_rel).cloned().unwrap_or_default();
        // `#anchor` on this page.
        let mapped = link.mapped(&page_url, anchor);
        out.anchors.push(AnchorCheck {
            url: page_url,
            anchor: anchor.unwrap_or_default().to_string(),
            offset,
            dest: dest.to_string(),
        });
        return mapped.map_or_else(|| dest.clone(), CowStr::from);
    }
    let page_dir = page_rel.rsplit_once('/').map_or("", |(d, _)| d);
    let broken = |out: &mut Rendered, message: String, hint: String| {
        out.broken.push(BrokenLink {
            dest: dest.to_string(),
            offset,
            message,
            hint,
            width: None,
        });
    };
    let target = if let Some(site_path) = path.strip_prefix('/') {
        // A site-root path such as `/forms/` or `/static/leaflet.pdf`.
        normalise("", site_path)
    } else {
        normalise(page_dir, path)
    };
    let Some(target) = target else {
        broken(
            out,
            format!(
                "the link `{}` leads outside the site",
                crate::diagnostic::shorten(dest, QUOTED)
            ),
            "link to a page inside content/ with a relative path such as `../guide/lpa.md`".into(),
        );
        return dest.clone();
    };
    if target.ends_with(".md") && !path.starts_with('/') {
        match ctx.pages.get(&target) {
            Some(url) => {
                if let Some(a) = anchor.filter(|a| !a.is_empty()) {
                    out.anchors.push(AnchorCheck {
                        url: url.clone(),
                        anchor: a.to_string(),
                        offset,
                        dest: dest.to_string(),
                    });
                }
                if let Some(href) = link.mapped(url, anchor) {
                    return CowStr::from(href);
                }
                if url.is_empty() && root.is_empty() {
                    href(&["./"], anchor)
                } else {
                    href(&[root, url], anchor)
                }
            }
            None => {
                let (message, hint) = if ctx.drafts.contains(&target) {
                    (
                        format!("the link `{}` points to a draft page, which this build leaves out", crate::diagnostic::shorten(dest, QUOTED)),
                        "publish the target (remove `draft: true`), build with --drafts, or remove the link".to_string(),
                    )
                } else {
                    let known: Vec<&str> = ctx.pages.keys().map(|k| k.as_str()).collect();
                    let hint = match crate::diagnostic::did_you_mean(&target, &known) {
                        Some(best) => format!("did you mean `{}`?", relative_path(page_dir, best)),
                        None => "link to a .md file inside content/, written relative to this page"
                            .into(),
                    };
                    (
                        format!(
                            "the link `{}` goes nowhere: content/{} does not exist",
                            crate::diagnostic::shorten(dest, QUOTED),
                            crate::diagnostic::shorten(&target, QUOTED)
                        ),
                        hint,
                    )
                };
                broken(out, message, hint);
                dest.clone()
            }
        }
    } else {
        // An asset beside the page, a static file or another output (forms, feed).
        // A page named by its URL rather than its file; looked up only when
        // needed, since it scans every page.
        let page = || {
            ctx.pages
                .values()
                .find(|u| u.trim_end_matches('/') == target.trim_end_matches('/'))
        };
        if link.map.is_some()
            && let Some(href) = page().and_then(|url| link.mapped(url, anchor))
        {
            return CowStr::from(href);
        }
        let exists = ctx.files.contains(&target)
            || ctx
                .files
                .contains(&format!("{}/", target.trim_end_matches('/')))
            || page().is_some();
        if !exists {
            broken(
                out,
                format!("the link `{}` goes nowhere: no page or file is published at /{}", crate::diagnostic::shorten(dest, QUOTED), crate::diagnostic::shorten(&target, QUOTED)),
                "check the spelling; files in static/ are published under /static/, pages are linked as .md files".into(),
            );
        }
        href(&[root, &target], anchor)
    }
}

/// The href made of `parts` and `#anchor` (if any). Written straight into a
/// string of the exact size: `CowStr::from` would otherwise copy it into
/// one, and this runs for every link of every page.
fn href<'a>(parts: &[&str], anchor: Option<&str>) -> CowStr<'a> {
    let len = parts.iter().map(|p| p.len()).sum::<usize>() + anchor.map_or(0, |a| a.len() + 1);
    let mut href = String::with_capacity(len);
    for part in parts {
        href.push_str(part);
    }
    if let Some(anchor) = anchor {
        href.push('#');
        href.push_str(anchor);
    }
    CowStr::from(href)
}

fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    match dest.find(':') {
        Some(i) => {
            let scheme = &dest[..i];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && !dest[..i].contains('/')
        }
        None => false,
    }
}

/// Join `path` onto `dir` and resolve `.` and `..`; `None` if it climbs out.
fn normalise(dir: &str, path: &str) -> Option<String> {
    // Joined as it goes (`..` cuts the last part off), with no list of parts.
    let mut joined = String::with_capacity(dir.len() + path.len() + 1);
    let mut parts = 0;
    fn push(joined: &mut String, parts: &mut usize, part: &str) {
        if *parts > 0 {
            joined.push('/');
        }
        joined.push_str(part);
        *parts += 1;
    }
    for part in dir.split('/').filter(|s| !s.is_empty()) {
        push(&mut joined, &mut parts, part);
    }
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts == 0 {
                    return None;
                }
                parts -= 1;
                joined.truncate(joined.rfind('/').unwrap_or(0));
            }
            s => push(&mut joined, &mut parts, s),
        }
    }
    if path.ends_with('/') && parts > 0 {
        joined.push('/');
    }
    Some(joined)
}

/// `target` (inside content/) written relative to the folder `dir`, for hints.
fn relative_path(dir: &str, target: &str) -> String {
    let from: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    let to: Vec<&str> = target.split('/').collect();
    let common = from
        .iter()
        .zip(&to)
        .take_while(|(a, b)| a == b)
        .count()
        .min(to.len().saturating_sub(1));
    format!(
        "{}{}",
        "../".repeat(from.len() - common),
        to[common..].join("/")
    )
}

/// `../` repeated once per folder of a page URL: the way back to the site root.
pub fn relative_root(page_url: &str) -> String {
    "../".repeat(page_url.split('/').filter(|s| !s.is_empty()).count())
}

/// The opening of a GitHub-style alert's callout, with its label.
fn callout_open(kind: BlockQuoteKind) -> &'static str {
    match kind {
        BlockQuoteKind::Note => {
            "<div class=\"callout callout-note\">\n<p class=\"callout-label\">Information</p>\n"
        }
        BlockQuoteKind::Tip => {
            "<div class=\"callout callout-tip\">\n<p class=\"callout-label\">Tip</p>\n"
        }
        BlockQuoteKind::Important => {
            "<div class=\"callout callout-important\">\n<p class=\"callout-label\">Important</p>\n"
        }
        BlockQuoteKind::Warning => {
            "<div class=\"callout callout-warning\">\n<p class=\"callout-label\">Warning</p>\n"
        }
        BlockQuoteKind::Caution => {
            "<div class=\"callout callout-urgent\">\n<p class=\"callout-label\">Urgent</p>\n"
        }
    }
}

fn heading_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// GitHub-style heading slug: lower case, letters, digits, `-` and `_`,
/// spaces to hyphens.
pub fn slug(text: &str) -> String {
    let text = text.trim();
    let mut s = String::with_capacity(text.len());
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(&b) = bytes.get(at) {
        // Headings are nearly all ASCII: a byte at a time there, through
        // a table, where the Unicode tests and the lower-casing iterator
        // cost several times more; other characters are decoded.
        if let Some(&out) = SLUG_ASCII.get(usize::from(b)) {
            if out != 0 {
                s.push(char::from(out));
            }
            at += 1;
        } else {
            let c = text[at..].chars().next().expect("a character starts here");
            if c.is_alphanumeric() {
                s.extend(c.to_lowercase());
            }
            at += c.len_utf8();
        }
    }
    if s.is_empty() { "section".into() } else { s }
}

/// What [`slug`] makes of each ASCII character: letters lower-cased,
/// digits, `_` and `-` kept, a space made `-`, anything else (0) dropped.
const SLUG_ASCII: [u8; 128] = {
    let mut table = [0; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = match c {
            b'a'..=b'z' | b'0'..=b'9' | b'_' | b'-' => c,
            b'A'..=b'Z' => c.to_ascii_lowercase(),
            b' ' => b'-',
            _ => 0,
        };
        b += 1;
    }
    table
};

/// `text` without leading and trailing whitespace (as `str::trim`), in its
/// own allocation: a heading's text usually has none to lose. Kept for the
/// whole build, so without spare capacity (a heading read from several
/// events has some), as `trim().to_string()` gave.
fn trim_in_place(mut text: String) -> String {
    text.truncate(text.trim_end().len());
    let leading = text.len() - text.trim_start().len();
    text.drain(..leading);
    text.shrink_to_fit();
    text
}

/// The heading ids a page has used so far, to keep each one unique.
///
/// They are the ids of `Rendered::headings`. A page has a handful of
/// headings, and comparing with each of those costs less than a set
/// (hashing every id, a copy of every id, the set's own allocations); a
/// page with very many switches to a set so that it stays linear.
#[derive(Default)]
struct UsedIds {
    /// Every id given, once the page has [`UsedIds::FEW`] headings.
    many: Option<HashSet<String>>,
    /// With `many`: for each base, the suffix to try next. Every smaller
    /// one was found taken and stays taken, so the search resumes there:
    /// k identical headings cost k steps, not k²/2 (40,000 took 47 s).
    next: std::collections::HashMap<String, usize>,
}

impl UsedIds {
    const FEW: usize = 32;

    /// `base`, or else the first of `base-1`, `base-2`, … not yet used. The
    /// caller then adds a heading with that id to `headings`.
    fn unique(&mut self, base: String, headings: &[Heading]) -> String {
        if self.many.is_none() && headings.len() >= Self::FEW {
            self.many = Some(headings.iter().map(|h| h.id.clone()).collect());
        }
        let used = |id: &str| match &self.many {
            Some(set) => set.contains(id),
            None => headings.iter().any(|h| h.id == id),
        };
        let base_len = base.len();
        let mut n = match &self.many {
            Some(_) => self.next.get(&base).copied().unwrap_or(1),
            None => 1,
        };
        let mut id = base;
        if n > 1 {
            write!(id, "-{}", n - 1).expect("a String takes any text");
        }
        while used(&id) {
            id.truncate(base_len);
            write!(id, "-{n}").expect("a String takes any text");
            n += 1;
        }
        if let Some(set) = &mut self.many {
            self.next.insert(id[..base_len].to_string(), n);
            set.insert(id.clone());
        }
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx_render(body: &str) -> Rendered {
        let pages: HashMap<String, String> = [
            ("guide/lpa.md".to_string(), "guide/lpa/".to_string()),
            ("guide/_index.md".to_string(), "guide/".to_string()),
            ("_index.md".to_string(), String::new()),
        ]
        .into();
        let drafts: HashSet<String> = ["guide/secret.md".to_string()].into();
        let files: HashSet<String> =
            ["static/leaflet.pdf".to_string(), "forms/".to_string()].into();
        let ctx = LinkContext {
            pages: &pages,
            drafts: &drafts,
            files: &files,
            components: None,
        };
        render(body, "guide/_index.md", "guide/", &ctx)
    }

    /// Issue 19, finding 14: each id was found by trying `-1`, `-2`, …
    /// from the start, so 40,000 identical headings took 47 s (release) and
    /// over 120 s (debug build); with the search resumed where it stopped
    /// they take well under a second.
    #[test]
    fn forty_thousand_identical_headings_take_linear_time() {
        let body = "## Same\n\nText.\n\n".repeat(40_000);
        let start = std::time::Instant::now();
        let r = ctx_render(&body);
        let took = start.elapsed();
        assert_eq!(r.headings.len(), 40_000);
        assert_eq!(r.headings[39_999].id, "same-39999");
        assert!(took.as_secs() < 10, "took {took:?}");
    }

    #[test]
    fn heading_ids_are_unique_and_toc_is_recorded() {
        let r =
            ctx_render("# Title\n\n## Who can help?\n\n## Who can help?\n\n### Step {#custom}\n");
        let ids: Vec<&str> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["title", "who-can-help", "who-can-help-1", "custom"]);
        assert!(
            r.html
                .contains("<h2 id=\"who-can-help-1\">Who can help?</h2>"),
            "{}",
            r.html
        );
    }

    #[test]
    fn alerts_become_callouts() {
        let r = ctx_render("> [!WARNING]\n> A plan is not a will.\n");
        assert!(
            r.html.contains("<div class=\"callout callout-warning\">"),
            "{}",
            r.html
        );
        assert!(r.html.contains("A plan is not a will."));
        assert!(!r.html.contains("[!WARNING]"));
    }

    #[test]
    fn md_links_become_relative_urls() {
        let r =
            ctx_render("[LPA](lpa.md#who) and [home](../_index.md) and [pdf](/static/leaflet.pdf)");
        assert!(r.html.contains("href=\"../guide/lpa/#who\""), "{}", r.html);
        assert!(r.html.contains("href=\"../\""), "{}", r.html);
        assert!(
            r.html.contains("href=\"../static/leaflet.pdf\""),
            "{}",
            r.html
        );
        assert!(r.broken.is_empty(), "{:?}", r.broken);
        assert_eq!(r.anchors.len(), 1);
        assert_eq!(r.anchors[0].url, "guide/lpa/");
    }

    #[test]
    fn broken_links_are_reported_with_hints() {
        let r =
            ctx_render("[x](lpb.md) [y](secret.md) [z](../../out.md) [a](#nowhere)\n\n## Here\n");
        let msgs: Vec<&str> = r.broken.iter().map(|b| b.message.as_str()).collect();
        assert_eq!(r.broken.len(), 4, "{msgs:?}");
        assert!(msgs[0].contains("content/guide/lpb.md does not exist"));
        assert_eq!(r.broken[0].hint, "did you mean `lpa.md`?");
        assert_eq!(
            relative_path("guide", "professionals/codes.md"),
            "../professionals/codes.md"
        );
        assert_eq!(relative_path("", "guide/lpa.md"), "guide/lpa.md");
        assert!(msgs[1].contains("draft"));
        assert!(msgs[2].contains("outside the site"));
        assert!(msgs[3].contains("no heading `#nowhere`"));
        assert_eq!(r.broken[0].offset, 0);
        assert_eq!(r.broken[1].offset, 12);
    }

    #[test]
    fn external_links_and_text_are_left_alone_and_escaped() {
        let r = ctx_render("[NHS](https://www.nhs.uk/) <mailto:a@b.org> \"quotes\" & <b>raw</b>");
        assert!(r.html.contains("href=\"https://www.nhs.uk/\""));
        assert!(r.html.contains("&amp;"));
        assert!(r.html.contains("“quotes”"), "smart punctuation: {}", r.html);
        assert_eq!(r.raw_html.len(), 2);
    }

    #[test]
    fn print_rendering_prefixes_ids_and_maps_links() {
        let pages: HashMap<String, String> = [
            ("guide/lpa.md".to_string(), "guide/lpa/".to_string()),
            ("guide/_index.md".to_string(), "guide/".to_string()),
            ("about.md".to_string(), "about/".to_string()),
        ]
        .into();
        let (drafts, files) = (HashSet::new(), HashSet::new());
        let ctx = LinkContext {
            pages: &pages,
            drafts: &drafts,
            files: &files,
            components: None,
        };
        let map = |url: &str, anchor: &str| {
            (url == "guide/lpa/" || url == "guide/").then(|| {
                let slug = if url == "guide/" { "guide" } else { "lpa" };
                if anchor.is_empty() {
                    format!("#{slug}")
                } else {
                    format!("#{slug}--{anchor}")
                }
            })
        };
        let opts = RenderOptions {
            id_prefix: Some("guide"),
            out_url: Some("guide/print/"),
            map_link: Some(&map),
            grade_reading: None,
        };
        let body = "## Who\n\n[a](lpa.md#who) [b](#who) [c](../about.md) [d](/guide/lpa/)[^n]\n\n[^n]: Note.\n";
        let r = render_with(body, "guide/_index.md", "guide/", &ctx, &opts);
        assert!(r.html.contains("<h2 id=\"guide--who\">"), "{}", r.html);
        assert_eq!(r.headings[0].id, "who", "headings keep the page's own ids");
        for href in [
            "#lpa--who",
            "#guide--who",
            "../../about/",
            "#lpa",
            "#guide--fn-n",
        ] {
            assert!(
                r.html.contains(&format!("href=\"{href}\"")),
                "{href}: {}",
                r.html
            );
        }
        assert!(r.html.contains("id=\"guide--fn-n\""), "{}", r.html);
        // The default options give exactly the normal rendering.
        let normal = render(body, "guide/_index.md", "guide/", &ctx);
        let same = render_with(
            body,
            "guide/_index.md",
            "guide/",
            &ctx,
            &RenderOptions::default(),
        );
        assert_eq!(normal.html, same.html);
        assert!(
            normal.html.contains("href=\"../guide/lpa/#who\""),
            "{}",
            normal.html
        );
    }

    /// The implementations these replaced (issue 8), kept as oracles.
    mod before {
        use std::collections::HashSet;

        pub fn slug(text: &str) -> String {
            let mut s = String::with_capacity(text.len());
            for c in text.trim().chars() {
                if c.is_alphanumeric() || c == '_' || c == '-' {
                    s.extend(c.to_lowercase());
                } else if c == ' ' {
                    s.push('-');
                }
            }
            if s.is_empty() { "section".into() } else { s }
        }

        pub fn unique_id(base: &str, used: &mut HashSet<String>) -> String {
            let mut id = base.to_string();
            let mut n = 1;
            while used.contains(&id) {
                id = format!("{base}-{n}");
                n += 1;
            }
            used.insert(id.clone());
            id
        }

        pub fn normalise(dir: &str, path: &str) -> Option<String> {
            let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
            for seg in path.split('/') {
                match seg {
                    "" | "." => {}
                    ".." => {
                        parts.pop()?;
                    }
                    s => parts.push(s),
                }
            }
            let trailing = path.ends_with('/') && !parts.is_empty();
            let mut joined = parts.join("/");
            if trailing {
                joined.push('/');
            }
            Some(joined)
        }

        pub fn escape_attr(s: &str) -> String {
            let mut out = String::new();
            for c in s.chars() {
                match c {
                    '&' => out.push_str("&amp;"),
                    '<' => out.push_str("&lt;"),
                    '>' => out.push_str("&gt;"),
                    '"' => out.push_str("&quot;"),
                    '\'' => out.push_str("&#39;"),
                    c => out.push(c),
                }
            }
            out
        }
    }

    /// Texts meeting every branch: ASCII of each kind, letters that change
    /// length when lower-cased, non-ASCII letters, digits, punctuation and
    /// spaces, every kind of whitespace, the characters escaped in
    /// attributes.
    const AWKWARD: &[&str] = &[
        "",
        " ",
        "\t\n",
        "Who can help?",
        "  Step 1: talk  ",
        "CPR, DNACPR and ReSPECT",
        "snake_case and kebab-case",
        "İstanbul ΣΑΣ Straße",
        "Café – crème brûlée",
        "٣ arabic-indic ३",
        "emoji 🙂 here",
        "a\u{a0}b\u{2003}c\u{85}d",
        "Tom & Jerry <b>\"quoted\"</b> it's",
        "???",
        "---",
        "ǅ ǈ ǋ",
    ];

    #[test]
    fn slug_and_escape_match_the_previous_implementation() {
        for text in AWKWARD {
            assert_eq!(slug(text), before::slug(text), "{text:?}");
            assert_eq!(escape_attr(text), before::escape_attr(text), "{text:?}");
        }
        for a in AWKWARD {
            for b in AWKWARD {
                let text = format!("{a}{b}");
                assert_eq!(slug(&text), before::slug(&text), "{text:?}");
                assert_eq!(escape_attr(&text), before::escape_attr(&text), "{text:?}");
            }
        }
    }

    #[test]
    fn heading_ids_match_the_previous_implementation() {
        // Duplicates, ids that collide with another's suffix, explicit ids,
        // empty and non-ASCII headings, and more headings than the list
        // of ids holds before it turns into a set.
        let titles = [
            "Help", "Help", "Help-1", "Help", "", "", "Étape", "étape", "ÉTAPE", "help-2",
        ];
        let mut body = String::new();
        let mut expected = Vec::new();
        let mut used = HashSet::new();
        for round in 0..8 {
            for (i, title) in titles.iter().enumerate() {
                if (round + i) % 7 == 3 {
                    let explicit = format!("help-{}", (round + i) % 4);
                    body.push_str(&format!("## {title} {{#{explicit}}}\n\n"));
                    expected.push(before::unique_id(&explicit, &mut used));
                } else {
                    body.push_str(&format!("## {title}\n\n"));
                    expected.push(before::unique_id(&before::slug(title), &mut used));
                }
            }
        }
        let r = ctx_render(&body);
        let ids: Vec<&str> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert!(ids.len() > UsedIds::FEW, "{}", ids.len());
        assert_eq!(ids, expected);
        let texts: Vec<&str> = r.headings.iter().map(|h| h.text.as_str()).collect();
        assert_eq!(texts[..4], ["Help", "Help", "Help-1", "Help"]);
    }

    #[test]
    fn heading_text_is_trimmed() {
        for text in ["", " ", "\u{a0}x\u{a0}", " a b ", "é "] {
            assert_eq!(trim_in_place(text.to_string()), text.trim(), "{text:?}");
        }
    }

    #[test]
    fn normalise_matches_the_previous_implementation() {
        let dirs = ["", "guide", "guide/lpa", "/guide/", "a//b"];
        let paths = [
            "",
            "/",
            ".",
            "..",
            "../",
            "../..",
            "../../..",
            "x.md",
            "./x.md",
            "../x.md",
            "a/../b/",
            "a/./b",
            "a//b/",
            "../a/../../b",
            "forms/",
            "x/..",
            "x/../",
        ];
        for dir in dirs {
            for path in paths {
                assert_eq!(
                    normalise(dir, path),
                    before::normalise(dir, path),
                    "{dir:?} {path:?}"
                );
            }
        }
    }

    #[test]
    fn slugs_match_github() {
        assert_eq!(slug("Who can be an attorney?"), "who-can-be-an-attorney");
        assert_eq!(slug("CPR, DNACPR and ReSPECT"), "cpr-dnacpr-and-respect");
        assert_eq!(slug("Step 1: talk"), "step-1-talk");
    }
}
