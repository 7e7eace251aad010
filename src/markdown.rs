//! Markdown to HTML with pulldown-cmark: heading ids, GitHub-style alerts as
//! callouts, and links to `.md` files turned into page URLs.
//!
//! Rendering also records the facts later stages need without parsing the
//! page again: headings (for the table of contents and anchor checks), links
//! and images with their byte offsets (for located errors and the
//! accessibility lint), and raw HTML (for the security lint).

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{
    BlockQuoteKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd, html,
};

/// What a link inside a page needs to know about the rest of the site.
pub struct LinkContext<'a> {
    /// Published pages by their path inside content/ (`guide/lpa.md`) → site-relative URL.
    pub pages: &'a HashMap<String, String>,
    /// Pages left out of this build (drafts), for a better error message.
    pub drafts: &'a HashSet<String>,
    /// Every other output path a link may name: assets, static files, forms.
    pub files: &'a HashSet<String>,
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
}

/// See `RenderOptions::map_link`: (target page URL, anchor) → replacement href.
pub type LinkMap<'a> = dyn Fn(&str, &str) -> Option<String> + Sync + 'a;

pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_GFM
}

/// Render the body of the page at `page_rel` (path inside content/) whose URL is `page_url`.
pub fn render(body: &str, page_rel: &str, page_url: &str, ctx: &LinkContext<'_>) -> Rendered {
    render_with(body, page_rel, page_url, ctx, &RenderOptions::default())
}

/// `render`, for output somewhere other than the page's own URL (see `RenderOptions`).
pub fn render_with(
    body: &str,
    page_rel: &str,
    page_url: &str,
    ctx: &LinkContext<'_>,
    opts: &RenderOptions<'_>,
) -> Rendered {
    let mut out = Rendered::default();
    let events: Vec<(Event<'_>, std::ops::Range<usize>)> = Parser::new_ext(body, options())
        .into_offset_iter()
        .collect();
    let root = relative_root(opts.out_url.unwrap_or(page_url));
    let link = Linker {
        page_rel,
        root: &root,
        ctx,
        map: opts.map_link,
    };
    // Footnote numbers, kept here only when footnotes are written by hand
    // (with prefixed ids); otherwise pulldown-cmark numbers them itself.
    let mut footnotes: HashMap<String, usize> = HashMap::new();
    let mut used_ids: HashSet<String> = HashSet::new();
    let mut result: Vec<Event<'_>> = Vec::with_capacity(events.len());

    let mut i = 0;
    while i < events.len() {
        let (event, range) = &events[i];
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                // Gather the heading's inline events to compute its text and id.
                let mut j = i + 1;
                let mut text = String::new();
                while j < events.len() && !matches!(events[j].0, Event::End(TagEnd::Heading(_))) {
                    if let Event::Text(t) | Event::Code(t) = &events[j].0 {
                        text.push_str(t);
                    }
                    j += 1;
                }
                let base = match id {
                    Some(explicit) => explicit.to_string(),
                    None => slug(&text),
                };
                let id = unique_id(&base, &mut used_ids);
                let lvl = heading_number(*level);
                let html_id = match opts.id_prefix {
                    Some(prefix) => format!("{prefix}--{id}"),
                    None => id.clone(),
                };
                out.headings.push(Heading {
                    level: lvl,
                    id,
                    text: text.trim().to_string(),
                    offset: range.start,
                });
                let mut open = format!("<h{lvl} id=\"{}\"", escape_attr(&html_id));
                if !classes.is_empty() {
                    let joined: Vec<&str> = classes.iter().map(|c| c.as_ref()).collect();
                    open.push_str(&format!(" class=\"{}\"", escape_attr(&joined.join(" "))));
                }
                for (k, v) in attrs {
                    // Event handlers are never passed through from heading attributes.
                    if k.to_ascii_lowercase().starts_with("on") {
                        continue;
                    }
                    open.push_str(&format!(" {}", escape_attr(k)));
                    if let Some(v) = v {
                        open.push_str(&format!("=\"{}\"", escape_attr(v)));
                    }
                }
                open.push('>');
                result.push(Event::Html(CowStr::from(open)));
                for (e, _) in &events[i + 1..j] {
                    result.push(rewrite_inline(e.clone(), &mut out, &link, range.start));
                }
                result.push(Event::Html(CowStr::from(format!("</h{lvl}>\n"))));
                i = j + 1;
                continue;
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let (class, label) = alert(*kind);
                result.push(Event::Html(CowStr::from(format!(
                    "<div class=\"callout callout-{class}\">\n<p class=\"callout-label\">{label}</p>\n"
                ))));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => {
                result.push(Event::Html(CowStr::from("</div>\n")));
            }
            Event::Start(Tag::Table(_)) => {
                out.tables += 1;
                result.push(Event::Html(CowStr::from("<div class=\"table-wrap\">\n")));
                result.push(event.clone());
            }
            Event::End(TagEnd::Table) => {
                result.push(event.clone());
                result.push(Event::Html(CowStr::from("</div>\n")));
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                out.raw_html.push((range.start, h.to_string()));
                result.push(event.clone());
            }
            Event::Start(Tag::Link { .. }) | Event::Start(Tag::Image { .. }) => {
                // Record the link text for the accessibility lint.
                let mut j = i + 1;
                let mut text = String::new();
                let mut depth = 0;
                while j < events.len() {
                    match &events[j].0 {
                        Event::Start(_) => depth += 1,
                        Event::End(TagEnd::Link | TagEnd::Image) if depth == 0 => break,
                        Event::End(_) => depth -= 1,
                        Event::Text(t) | Event::Code(t) => text.push_str(t),
                        _ => {}
                    }
                    j += 1;
                }
                let (dest, is_image) = match event {
                    Event::Start(Tag::Link { dest_url, .. }) => (dest_url.to_string(), false),
                    Event::Start(Tag::Image { dest_url, .. }) => (dest_url.to_string(), true),
                    _ => unreachable!("matched above"),
                };
                out.links.push(LinkFact {
                    dest,
                    text,
                    offset: range.start,
                    is_image,
                });
                result.push(rewrite_inline(event.clone(), &mut out, &link, range.start));
            }
            Event::FootnoteReference(name) if opts.id_prefix.is_some() => {
                let prefix = opts.id_prefix.unwrap_or_default();
                let next = footnotes.len() + 1;
                let n = *footnotes.entry(name.to_string()).or_insert(next);
                result.push(Event::Html(CowStr::from(format!(
                    "<sup class=\"footnote-reference\"><a href=\"#{}\">{n}</a></sup>",
                    escape_attr(&format!("{prefix}--fn-{name}"))
                ))));
            }
            Event::Start(Tag::FootnoteDefinition(name)) if opts.id_prefix.is_some() => {
                let prefix = opts.id_prefix.unwrap_or_default();
                let next = footnotes.len() + 1;
                let n = *footnotes.entry(name.to_string()).or_insert(next);
                result.push(Event::Html(CowStr::from(format!(
                    "\n<div class=\"footnote-definition\" id=\"{}\"><sup class=\"footnote-definition-label\">{n}</sup>",
                    escape_attr(&format!("{prefix}--fn-{name}"))
                ))));
            }
            Event::End(TagEnd::FootnoteDefinition) if opts.id_prefix.is_some() => {
                result.push(Event::Html(CowStr::from("</div>\n")));
            }
            _ => result.push(event.clone()),
        }
        i += 1;
    }

    // Same-page anchors are checked against this page's own headings.
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
                });
            }
        } else {
            out.anchors.push(a);
        }
    }
    out.broken.extend(footnote_or_own);

    out.html.reserve(body.len() * 3 / 2);
    html::push_html(&mut out.html, result.into_iter());
    // Every page's HTML stays in memory until the site is written: give
    // back the capacity reserved above that the page did not use.
    out.html.shrink_to_fit();
    out
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
    let page_url = ctx.pages.get(page_rel).cloned().unwrap_or_default();
    if path.is_empty() {
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
    let href_anchor = anchor.map(|a| format!("#{a}")).unwrap_or_default();
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
                let href = if url.is_empty() && root.is_empty() {
                    "./".to_string()
                } else {
                    format!("{root}{url}")
                };
                CowStr::from(format!("{href}{href_anchor}"))
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
        CowStr::from(format!("{root}{target}{href_anchor}"))
    }
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

fn alert(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "Information"),
        BlockQuoteKind::Tip => ("tip", "Tip"),
        BlockQuoteKind::Important => ("important", "Important"),
        BlockQuoteKind::Warning => ("warning", "Warning"),
        BlockQuoteKind::Caution => ("urgent", "Urgent"),
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

fn unique_id(base: &str, used: &mut HashSet<String>) -> String {
    let mut id = base.to_string();
    let mut n = 1;
    while used.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    used.insert(id.clone());
    id
}

pub fn escape_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
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
        };
        render(body, "guide/_index.md", "guide/", &ctx)
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

    #[test]
    fn slugs_match_github() {
        assert_eq!(slug("Who can be an attorney?"), "who-can-be-an-attorney");
        assert_eq!(slug("CPR, DNACPR and ReSPECT"), "cpr-dnacpr-and-respect");
        assert_eq!(slug("Step 1: talk"), "step-1-talk");
    }
}
