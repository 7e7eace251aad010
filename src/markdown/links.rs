//! Links and images: resolving `.md` links to page URLs, checking that
//! targets exist, and the hints for those that do not.

use pulldown_cmark::{CowStr, Event, LinkType, Tag};

use crate::diagnostic::shorten;

use super::{AnchorCheck, BrokenLink, Heading, LinkContext, LinkMap, Rendered};

/// Longest author text (a link, an anchor) quoted in a message, in characters.
pub(super) const QUOTED: usize = 80;

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
                .map(|i| format!("#{}", shorten(i, QUOTED)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// What resolving a link needs: where the page is, where its HTML goes, and
/// the site's pages and files.
pub(super) struct Linker<'a> {
    pub(super) page_rel: &'a str,
    /// The way back to the site root from where the HTML is published.
    pub(super) root: &'a str,
    pub(super) ctx: &'a LinkContext<'a>,
    pub(super) map: Option<&'a LinkMap<'a>>,
}

impl Linker<'_> {
    pub(super) fn mapped(&self, url: &str, anchor: Option<&str>) -> Option<String> {
        self.map.and_then(|m| m(url, anchor.unwrap_or_default()))
    }
}

pub(super) fn rewrite_inline<'a>(
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
pub(super) fn resolve<'a>(
    dest: &CowStr<'a>,
    link_type: LinkType,
    link: &Linker<'_>,
    offset: usize,
    out: &mut Rendered,
) -> CowStr<'a> {
    if matches!(link_type, LinkType::Email) || is_external(dest) {
        return dest.clone();
    }
    let (path, anchor) = match dest.split_once('#') {
        Some((p, a)) => (p, Some(a)),
        None => (dest.as_ref(), None),
    };
    let path = path.split_once('?').map_or(path, |(p, _)| p);
    let at = Written { dest, offset };
    if path.is_empty() {
        return link.same_page(at, anchor, out);
    }
    let page_dir = link.page_rel.rsplit_once('/').map_or("", |(d, _)| d);
    let target = match path.strip_prefix('/') {
        // A site-root path such as `/forms/` or `/static/leaflet.pdf`.
        Some(site_path) => normalise("", site_path),
        None => normalise(page_dir, path),
    };
    let Some(target) = target else {
        at.broken(
            out,
            format!(
                "the link `{}` leads outside the site",
                shorten(dest, QUOTED)
            ),
            "link to a page inside content/ with a relative path such as `../guide/lpa.md`".into(),
        );
        return dest.clone();
    };
    if target.ends_with(".md") && !path.starts_with('/') {
        link.page(at, &target, anchor, page_dir, out)
    } else {
        link.file(at, &target, anchor, out)
    }
}

/// A link as the author wrote it, and where it starts: what a finding
/// about it needs.
#[derive(Clone, Copy)]
struct Written<'s, 'a> {
    dest: &'s CowStr<'a>,
    offset: usize,
}

impl Written<'_, '_> {
    fn broken(self, out: &mut Rendered, message: String, hint: String) {
        out.broken.push(BrokenLink {
            dest: self.dest.to_string(),
            offset: self.offset,
            message,
            hint,
            width: None,
        });
    }

    /// An anchor to check once every page's headings are known.
    fn anchor(self, out: &mut Rendered, url: String, anchor: &str) {
        out.anchors.push(AnchorCheck {
            url,
            anchor: anchor.to_string(),
            offset: self.offset,
            dest: self.dest.to_string(),
        });
    }
}

impl Linker<'_> {
    /// `#anchor` on this page.
    fn same_page<'a>(
        &self,
        at: Written<'_, 'a>,
        anchor: Option<&str>,
        out: &mut Rendered,
    ) -> CowStr<'a> {
        let page_url = self
            .ctx
            .pages
            .get(self.page_rel)
            .cloned()
            .unwrap_or_default();
        let mapped = self.mapped(&page_url, anchor);
        at.anchor(out, page_url, anchor.unwrap_or_default());
        mapped.map_or_else(|| at.dest.clone(), CowStr::from)
    }

    /// A link to the `.md` file `target` (inside content/): the page's URL,
    /// or a finding when there is no such page.
    fn page<'a>(
        &self,
        at: Written<'_, 'a>,
        target: &str,
        anchor: Option<&str>,
        page_dir: &str,
        out: &mut Rendered,
    ) -> CowStr<'a> {
        let Some(url) = self.ctx.pages.get(target) else {
            let (message, hint) = self.missing_page(at.dest, target, page_dir);
            at.broken(out, message, hint);
            return at.dest.clone();
        };
        if let Some(a) = anchor.filter(|a| !a.is_empty()) {
            at.anchor(out, url.clone(), a);
        }
        if let Some(href) = self.mapped(url, anchor) {
            return CowStr::from(href);
        }
        if url.is_empty() && self.root.is_empty() {
            href(&["./"], anchor)
        } else {
            href(&[self.root, url], anchor)
        }
    }

    /// Why the link `dest` to the `.md` file `target` goes nowhere, and
    /// what to do about it.
    fn missing_page(&self, dest: &str, target: &str, page_dir: &str) -> (String, String) {
        if self.ctx.drafts.contains(target) {
            return (
                format!(
                    "the link `{}` points to a draft page, which this build leaves out",
                    shorten(dest, QUOTED)
                ),
                "publish the target (remove `draft: true`), build with --drafts, or remove the link"
                    .to_string(),
            );
        }
        let known: Vec<&str> = self.ctx.pages.keys().map(|k| k.as_str()).collect();
        let hint = match crate::diagnostic::did_you_mean(target, &known) {
            Some(best) => format!("did you mean `{}`?", relative_path(page_dir, best)),
            None => "link to a .md file inside content/, written relative to this page".into(),
        };
        let message = format!(
            "the link `{}` goes nowhere: content/{} does not exist",
            shorten(dest, QUOTED),
            shorten(target, QUOTED)
        );
        (message, hint)
    }

    /// A link to an asset beside the page, a static file or another output
    /// (forms, feed), or to a page named by its URL rather than its file.
    fn file<'a>(
        &self,
        at: Written<'_, 'a>,
        target: &str,
        anchor: Option<&str>,
        out: &mut Rendered,
    ) -> CowStr<'a> {
        // Looked up only when needed, since it scans every page.
        let page = || {
            self.ctx
                .pages
                .values()
                .find(|u| u.trim_end_matches('/') == target.trim_end_matches('/'))
        };
        if self.map.is_some()
            && let Some(href) = page().and_then(|url| self.mapped(url, anchor))
        {
            return CowStr::from(href);
        }
        let exists = self.ctx.files.contains(target)
            || self
                .ctx
                .files
                .contains(&format!("{}/", target.trim_end_matches('/')))
            || page().is_some();
        if !exists {
            at.broken(
                out,
                format!(
                    "the link `{}` goes nowhere: no page or file is published at /{}",
                    shorten(at.dest, QUOTED),
                    shorten(target, QUOTED)
                ),
                "check the spelling; files in static/ are published under /static/, pages are linked as .md files".into(),
            );
        }
        href(&[self.root, target], anchor)
    }
}

/// The href made of `parts` and `#anchor` (if any). Written straight into a
/// string of the exact size: `CowStr::from` would otherwise copy it into
/// one, and this runs for every link of every page.
pub(super) fn href<'a>(parts: &[&str], anchor: Option<&str>) -> CowStr<'a> {
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

pub(super) fn is_external(dest: &str) -> bool {
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
pub(super) fn normalise(dir: &str, path: &str) -> Option<String> {
    // Joined as it goes (`..` cuts the last part off), with no list of parts.
    let mut joined = String::with_capacity(dir.len() + path.len() + 1);
    let mut parts = 0;
    pub(super) fn push(joined: &mut String, parts: &mut usize, part: &str) {
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
pub(super) fn relative_path(dir: &str, target: &str) -> String {
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
