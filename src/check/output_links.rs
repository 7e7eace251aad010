//! Links of the rendered site: every `href` and `src` of every HTML output
//! that points inside the site must name a file the build writes.
//!
//! Links written in Markdown are checked while the Markdown is rendered,
//! against the page files; links written in templates (the footer's
//! "Accessibility statement", a navigation entry) and built from data only
//! exist once templates have run, so they are checked here, on the output.
//! A broken one is reported at the template line that writes it when that
//! line can be found, else at the page that produced it.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Mutex;

use crate::diagnostic::Diagnostic;
use crate::site::Site;

/// Outputs as they are rendered (from any thread), then [`Self::finish`].
#[derive(Default)]
pub struct OutputLinks {
    /// The site's path on its server (`/acp/`): a link written from the
    /// server's root, as the 404 page's are, must start with it.
    base_path: String,
    files: Mutex<Set<String>>,
    /// Resolved target → the pages linking to it, kept as a count and the
    /// first page: every page links to the navigation's targets, and a list
    /// of them all would hold millions of strings on a large site.
    links: Mutex<Map<String, Seen>>,
}

// Keyed by site paths the build itself makes, looked up once per link on
// every output: a fast hash, as nothing here is chosen by an attacker.
type Map<K, V> = HashMap<K, V, foldhash::fast::RandomState>;
type Set<K> = HashSet<K, foldhash::fast::RandomState>;

/// The pages that link to one target.
#[derive(Debug)]
struct Seen {
    /// The first page in [`order`] and the href as written there.
    first: (String, String),
    pages: usize,
}

/// Pages in path order, so messages do not depend on which thread rendered
/// what first; the 404 page (whose links start from the server's root) last.
fn order(page: &str) -> (bool, &str) {
    (page == "404.html", page)
}

impl OutputLinks {
    pub fn new(site: &Site) -> Self {
        OutputLinks {
            base_path: site.config.base_path(),
            ..Default::default()
        }
    }

    /// Note the output at `path` (site-relative) and, for HTML, its links.
    ///
    /// Every output of a build comes through here (tens of links on each
    /// page, thousands on the A to Z), so a link costs no allocation unless
    /// its target is new to the page: the target is resolved into one
    /// reused buffer and looked up by reference.
    pub fn record(&self, path: &str, bytes: &[u8]) {
        lock(&self.files).insert(path.to_string());
        if !path.ends_with(".html") {
            return;
        }
        let dir = folder(path.rsplit_once('/').map_or("", |(d, _)| d));
        // Each target once per page, with the first href that names it.
        let mut found: Map<String, Cow<'_, str>> = Map::default();
        let mut target = String::new();
        for raw in attribute_values(bytes) {
            // Most links have no `&` at all: memchr says so cheaply.
            let raw = if memchr::memchr(b'&', raw.as_bytes()).is_some() && raw.contains("&amp;") {
                Cow::Owned(raw.replace("&amp;", "&"))
            } else {
                Cow::Borrowed(raw)
            };
            if internal_target_into(&dir, &raw, &self.base_path, &mut target)
                && !found.contains_key(target.as_str())
            {
                found.insert(target.clone(), raw);
            }
        }
        if found.is_empty() {
            return;
        }
        let mut links = lock(&self.links);
        for (target, raw) in found {
            match links.get_mut(&target) {
                Some(seen) => {
                    seen.pages += 1;
                    if order(path) < order(&seen.first.0) {
                        seen.first = (path.to_string(), raw.into_owned());
                    }
                }
                None => {
                    links.insert(
                        target,
                        Seen {
                            first: (path.to_string(), raw.into_owned()),
                            pages: 1,
                        },
                    );
                }
            }
        }
    }

    /// A located error for every target that nothing is published at,
    /// written in one of the site's templates; a warning when a built-in
    /// template writes it, or a data value.
    pub fn finish(&self, site: &Site) -> Vec<Diagnostic> {
        let files = std::mem::take(&mut *lock(&self.files));
        let links = std::mem::take(&mut *lock(&self.links));
        let page_files: HashMap<String, &str> = site
            .pages
            .iter()
            .map(|p| (format!("{}index.html", p.url), p.file.as_str()))
            .collect();
        // One error per place that writes the link, listing where it shows.
        let mut by_place: BTreeMap<Place, Diagnostic> = BTreeMap::new();
        let mut broken: Vec<_> = links
            .into_iter()
            .filter(|(target, _)| !exists(&files, target))
            .collect();
        broken.sort_by(|a, b| a.0.cmp(&b.0));
        for (target, seen) in broken {
            let (key, diag) = broken_link(site, &page_files, target, seen);
            by_place.entry(key).or_insert(diag);
        }
        by_place.into_values().collect()
    }
}

/// Where a finding about a broken link sorts and merges: file, line, target.
type Place = (String, usize, String);

/// The finding for the broken link to `target`, located where it is written:
/// a template, else a data value, else the first page that shows it.
fn broken_link(
    site: &Site,
    page_files: &HashMap<String, &str>,
    target: String,
    seen: Seen,
) -> (Place, Diagnostic) {
    let (first, raw) = seen.first;
    let shown_on = shown_on(&first, seen.pages);
    let message = match target.as_str() {
        "" => format!("the link `{raw}` goes nowhere: the site has no home page"),
        t => format!("the link `{raw}` goes nowhere: nothing is published at /{t}"),
    };
    let message = format!("{message} (on {shown_on})");
    let hint_page = match target.strip_suffix('/') {
        Some(dir) if !dir.is_empty() => {
            format!("add the page content/{dir}.md (or content/{dir}/index.md), or change the link")
        }
        _ => "add the file or page it names, or change the link".to_string(),
    };
    if let Some((file, text, line, column, width)) = find_in_templates(site, &target, &raw) {
        let hint = if file.starts_with("(built-in)") {
            format!(
                "{hint_page}; this link is in a built-in template, which `careguide eject {}` copies into templates/ to change",
                file.rsplit('/').next().unwrap_or_default()
            )
        } else {
            hint_page
        };
        // A built-in template's link to a page the site lacks (the footer's
        // About page) is a warning, so sites made before the link was added
        // keep building.
        let diag = if file.starts_with("(built-in)") {
            Diagnostic::warning(&file, message)
        } else {
            Diagnostic::error(&file, message)
        };
        let diag = diag.at(&text, line, column).width(width).hint(hint);
        return ((file, line, target), diag);
    }
    // Not written in a template: a value from a data file or site.yaml,
    // found by its text where possible, else the page that shows it. A
    // warning, as the value may be meant for another server (a sibling
    // folder of the site).
    match find_in_data(site, &raw) {
        Some((file, text, line, column)) => {
            let diag = Diagnostic::warning(&file, message)
                .at(&text, line, column)
                .width(raw.chars().count())
                .hint(format!(
                    "{hint_page}; a link to another website starts with https://"
                ));
            ((file, line, target), diag)
        }
        None => {
            let file = page_files
                .get(&first)
                .map_or_else(|| format!("(output) {first}"), |f| f.to_string());
            let diag = Diagnostic::warning(&file, message).hint(format!(
                "{hint_page}; it is written by a template or data file"
            ));
            ((file, 0, target), diag)
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

fn shown_on(first: &str, pages: usize) -> String {
    let url = format!("/{}", first.strip_suffix("index.html").unwrap_or(first));
    match pages {
        0 | 1 => url,
        n => format!("{url} and {} more", n - 1),
    }
}

fn exists(files: &Set<String>, target: &str) -> bool {
    if target.is_empty() || target.ends_with('/') {
        return files.contains(&format!("{target}index.html"));
    }
    files.contains(target) || files.contains(&format!("{target}/index.html"))
}

/// The values of `href="…"` and `src="…"` attributes (double-quoted, as
/// careguide's templates and Markdown write them).
fn attribute_values(html: &[u8]) -> impl Iterator<Item = &str> + '_ {
    let hrefs = memchr::memmem::find_iter(html, b" href=\"").map(|i| i + 7);
    let srcs = memchr::memmem::find_iter(html, b" src=\"").map(|i| i + 6);
    hrefs.chain(srcs).filter_map(move |start| {
        let len = memchr::memchr(b'"', &html[start..])?;
        std::str::from_utf8(&html[start..start + len]).ok()
    })
}

/// The site-relative path an href names, or `None` for a link that leaves
/// the site (a scheme, `//host`) or stays on the page (`#id`). A link that
/// climbs above the site's root resolves to `..`, which is never published.
#[cfg(test)]
fn internal_target(dir: &str, href: &str, base_path: &str) -> Option<String> {
    let mut out = String::new();
    internal_target_into(&folder(dir), href, base_path, &mut out).then_some(out)
}

/// [`internal_target`] written into `out` (cleared first); `false` for a
/// link that names nothing in the site. `dir` is the page's folder as
/// [`folder`] gives it. Bytes are searched with plain loops: links are a
/// few dozen bytes, too short for `str::find`'s set-up to pay.
fn internal_target_into(dir: &str, href: &str, base_path: &str, out: &mut String) -> bool {
    out.clear();
    if href.is_empty() || href.starts_with('#') || href.starts_with("//") {
        return false;
    }
    if let Some(colon) = href.bytes().position(|b| b == b':') {
        let scheme = &href.as_bytes()[..colon];
        if !scheme.is_empty()
            && scheme
                .iter()
                .all(|c| c.is_ascii_alphanumeric() || b"+-.".contains(c))
        {
            return false;
        }
    }
    let mut path = match href.bytes().position(|b| b == b'#' || b == b'?') {
        Some(end) => &href[..end],
        None => href,
    };
    if path.starts_with('/') {
        match path.strip_prefix(base_path.trim_end_matches('/')) {
            Some(rest) if rest.is_empty() || rest.starts_with('/') => path = rest,
            // Outside the site's folder on its server: never published.
            _ => {
                out.push_str("..");
                out.push_str(path);
                return true;
            }
        }
        if path.is_empty() {
            path = "/";
        }
    }
    // `out` holds the segments so far joined by `/`; segments are never
    // empty, so it is empty exactly when there are none.
    if !path.starts_with('/') {
        out.push_str(dir);
    }
    let mut rest = path;
    loop {
        let (part, next) = match rest.bytes().position(|b| b == b'/') {
            Some(i) => (&rest[..i], Some(&rest[i + 1..])),
            None => (rest, None),
        };
        match part {
            "" | "." => {}
            ".." if out.is_empty() => {
                out.push_str("../");
                out.push_str(path.trim_start_matches("../"));
                return true;
            }
            ".." => {
                let last = out.bytes().rposition(|b| b == b'/').unwrap_or(0);
                out.truncate(last);
            }
            p => push_segment(out, p),
        }
        match next {
            Some(next) => rest = next,
            None => break,
        }
    }
    if (path.ends_with('/') || path.ends_with("/.") || path == ".") && !out.is_empty() {
        out.push('/');
    }
    true
}

/// The folder of an output path as [`internal_target_into`] wants it: its
/// segments joined by single slashes (output paths already are).
fn folder(dir: &str) -> Cow<'_, str> {
    if dir.starts_with('/') || dir.ends_with('/') || dir.contains("//") {
        let parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
        Cow::Owned(parts.join("/"))
    } else {
        Cow::Borrowed(dir)
    }
}

fn push_segment(out: &mut String, segment: &str) {
    if !out.is_empty() {
        out.push('/');
    }
    out.push_str(segment);
}

/// Where a data file or site.yaml holds the link `raw` as a value.
fn find_in_data(site: &Site, raw: &str) -> Option<(String, String, usize, usize)> {
    let base_path = site.config.base_path();
    let mut raw = raw.strip_prefix(base_path.as_str()).unwrap_or(raw);
    raw = raw.trim_start_matches("./");
    while let Some(rest) = raw.strip_prefix("../") {
        raw = rest;
    }
    let raw = raw
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'");
    if raw.trim().is_empty() {
        return None;
    }
    let config = ("site.yaml", site.config.text.as_str());
    let data = site.data.iter().map(|d| (d.file.as_str(), d.text.as_str()));
    for (file, text) in std::iter::once(config).chain(data) {
        for (i, line) in text.lines().enumerate() {
            if let Some(at) = line.find(raw.as_str()) {
                let column = line[..at].chars().count() + 1;
                return Some((file.to_string(), text.to_string(), i + 1, column));
            }
        }
    }
    None
}

/// The template line that writes a link to `target`: a line with `href="` or
/// `src="` holding the link's last path segments as written after `{{ root }}`.
fn find_in_templates(
    site: &Site,
    target: &str,
    raw: &str,
) -> Option<(String, String, usize, usize, usize)> {
    let base_path = site.config.base_path();
    let tail = raw.strip_prefix(base_path.as_str()).unwrap_or(raw);
    let mut tail = tail.trim_start_matches("./");
    while let Some(rest) = tail.strip_prefix("../") {
        tail = rest;
    }
    let tail = tail.split(['#', '?']).next().unwrap_or_default();
    let needles: Vec<String> = if tail.is_empty() {
        Vec::new()
    } else {
        vec![
            format!("}}{tail}\""),
            format!("\"{tail}\""),
            format!("/{tail}\""),
            format!("\"{target}\""),
        ]
    };
    for template in site.templates.values() {
        for (i, line) in template.text.lines().enumerate() {
            if !(line.contains("href=\"") || line.contains("src=\"")) {
                continue;
            }
            if let Some(at) = needles
                .iter()
                .find_map(|n| line.find(n.as_str()).map(|at| (at, n)))
            {
                let (at, needle) = at;
                let start = at + 1;
                let column = line[..start].chars().count() + 1;
                let width = needle.chars().count().saturating_sub(2).max(1);
                return Some((
                    template.file.clone(),
                    template.text.clone(),
                    i + 1,
                    column,
                    width,
                ));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hrefs_resolve_against_the_page_folder() {
        assert_eq!(
            internal_target("guide/lpa", "../../about/", "/").as_deref(),
            Some("about/")
        );
        assert_eq!(
            internal_target("guide/lpa", "img.png", "/").as_deref(),
            Some("guide/lpa/img.png")
        );
        assert_eq!(internal_target("", "./", "/").as_deref(), Some(""));
        assert_eq!(
            internal_target("a", "/static/x.css?v=1", "/").as_deref(),
            Some("static/x.css")
        );
        assert_eq!(internal_target("", "https://example.org/", "/"), None);
        assert_eq!(internal_target("", "tel:111", "/"), None);
        assert_eq!(internal_target("", "#main", "/"), None);
        // Written from the server's root (the 404 page) under a sub-folder.
        assert_eq!(
            internal_target("", "/acp/about/", "/acp/").as_deref(),
            Some("about/")
        );
        assert_eq!(internal_target("", "/acp/", "/acp/").as_deref(), Some(""));
        assert_eq!(
            internal_target("", "/about/", "/acp/").as_deref(),
            Some("../about/")
        );
    }

    /// The resolver as first written (a vector of segments, joined), kept
    /// to hold the allocation-free one to the same answers.
    fn reference(dir: &str, href: &str, base_path: &str) -> Option<String> {
        if href.is_empty() || href.starts_with('#') || href.starts_with("//") {
            return None;
        }
        if let Some(colon) = href.find(':') {
            let scheme = &href[..colon];
            if !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
            {
                return None;
            }
        }
        let mut path = href.split(['#', '?']).next().unwrap_or_default();
        if path.starts_with('/') {
            match path.strip_prefix(base_path.trim_end_matches('/')) {
                Some(rest) if rest.is_empty() || rest.starts_with('/') => path = rest,
                _ => return Some(format!("..{path}")),
            }
            if path.is_empty() {
                path = "/";
            }
        }
        let mut parts: Vec<&str> = if path.starts_with('/') {
            Vec::new()
        } else {
            dir.split('/').filter(|s| !s.is_empty()).collect()
        };
        for part in path.split('/') {
            match part {
                "" | "." => {}
                ".." => {
                    if parts.pop().is_none() {
                        return Some(format!("../{}", path.trim_start_matches("../")));
                    }
                }
                p => parts.push(p),
            }
        }
        let mut target = parts.join("/");
        if (path.ends_with('/') || path.ends_with("/.") || path == ".") && !target.is_empty() {
            target.push('/');
        }
        Some(target)
    }

    #[test]
    fn resolves_every_shape_of_href_as_the_first_resolver_did() {
        let pieces = [
            "", ".", "..", "a", "b.html", "acp", "x:y", "#top", "?v=1", "é",
        ];
        let leads = [
            "", "/", "//", "/acp", "/acp/", "./", "../", "tel:", "c+d.e:",
        ];
        let mut hrefs = Vec::new();
        for lead in leads {
            for p in pieces {
                for q in pieces {
                    hrefs.push(format!("{lead}{p}/{q}"));
                    hrefs.push(format!("{lead}{p}{q}"));
                    for r in ["", "/", "..", "/../.."] {
                        hrefs.push(format!("{lead}{p}/{q}{r}"));
                    }
                }
            }
        }
        let mut checked = 0;
        for dir in ["", "a", "a/b", "a/b/c", "/a//b/"] {
            for base in ["/", "/acp/", "/acp", ""] {
                for href in &hrefs {
                    assert_eq!(
                        internal_target(dir, href, base),
                        reference(dir, href, base),
                        "dir {dir:?}, href {href:?}, base {base:?}"
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 50_000, "{checked}");
    }

    #[test]
    fn a_link_above_the_root_is_broken() {
        let files: Set<String> = Set::from_iter(["index.html".to_string()]);
        let t = internal_target("", "../x/", "/").unwrap_or_default();
        assert_eq!(t, "../x/");
        assert!(!exists(&files, &t));
    }

    #[test]
    fn folders_need_an_index() {
        let files: Set<String> = ["index.html", "about/index.html", "static/site.css"]
            .map(String::from)
            .into_iter()
            .collect();
        assert!(exists(&files, ""));
        assert!(exists(&files, "about/"));
        assert!(exists(&files, "about"));
        assert!(exists(&files, "static/site.css"));
        assert!(!exists(&files, "accessibility/"));
    }
}
