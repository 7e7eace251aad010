//! What templates see: plain serializable views of the site and a page.

use serde::Serialize;

use crate::content::page::{Page, Source, Status};
use crate::markdown::{Rendered, relative_root};
use crate::site::Site;

#[derive(Debug, Clone, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub title: String,
    /// Site-relative URL (`guide/lpa/`); prefix with `root` in templates.
    pub url: String,
    pub summary: String,
    pub audience: &'static str,
    pub archived: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct NavItem {
    pub title: String,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PageView<'a> {
    pub title: &'a str,
    pub summary: &'a str,
    pub audience: &'static str,
    pub url: &'a str,
    pub permalink: String,
    pub content: &'a str,
    /// `content` up to and including its first `</h1>`, when it starts with
    /// its `<h1>` (the page's title as written); empty otherwise.
    pub heading: std::borrow::Cow<'a, str>,
    /// The rest of `content` after `heading`; empty when `heading` is.
    pub body: &'a str,
    pub toc: Vec<TocEntry>,
    pub last_reviewed: String,
    pub last_reviewed_text: String,
    pub next_review_due: String,
    pub next_review_text: String,
    pub archived: bool,
    pub archived_note: &'a str,
    pub sources: &'a [Source],
    pub is_section: bool,
    pub is_home: bool,
    /// For a section's own page: its pages and sub-sections, by `order` then title.
    pub pages: Vec<Link>,
    pub breadcrumbs: Vec<NavItem>,
    /// First folder of the URL (`guide`), for marking the current navigation item.
    pub top_section: &'a str,
    /// Source file, for "edit this page" links in a site's own templates.
    pub source_file: &'a str,
    /// For a section page with `print_view: true`: the site-relative URL of
    /// its combined print view (`guide/print/`), linked as "Print the whole pack".
    pub print_url: Option<String>,
}

/// `28 May 2026`, the NHS style for dates in text.
pub fn date_text(d: jiff::civil::Date) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    format!(
        "{} {} {}",
        d.day(),
        MONTHS[(d.month() - 1) as usize],
        d.year()
    )
}

pub fn link(p: &Page) -> Link {
    Link {
        title: p.meta.title.clone(),
        url: p.url.clone(),
        summary: p.meta.summary.clone(),
        audience: p.meta.audience.as_str(),
        archived: p.meta.status == Status::Archived,
    }
}

/// Sort key for lists: `order` first (pages without one go last), then title.
pub fn sort_key(p: &Page) -> (i64, String) {
    (
        p.meta.order.unwrap_or(i64::MAX),
        p.meta.title.to_lowercase(),
    )
}

/// The pages listed on a section page: pages of the folder and the own
/// pages of its sub-folders.
pub fn children<'a>(site: &'a Site, section_url: &str) -> Vec<&'a Page> {
    let dir = section_url.trim_end_matches('/');
    let mut list: Vec<&Page> = site
        .pages
        .iter()
        .filter(|p| p.section == dir && p.url != section_url)
        .collect();
    list.sort_by_key(|p| sort_key(p));
    list
}

/// The top navigation: the own pages of top-level folders.
pub fn nav(site: &Site) -> Vec<NavItem> {
    let mut tops: Vec<&Page> = site
        .pages
        .iter()
        .filter(|p| p.is_index && !p.url.is_empty() && p.section.is_empty())
        .collect();
    tops.sort_by_key(|p| sort_key(p));
    tops.into_iter()
        .map(|p| NavItem {
            title: p.meta.title.clone(),
            url: p.url.clone(),
        })
        .collect()
}

pub fn breadcrumbs(site: &Site, page: &Page) -> Vec<NavItem> {
    let mut crumbs = Vec::new();
    if page.url.is_empty() {
        return crumbs;
    }
    let home_title = site
        .section_index("")
        .map_or_else(|| "Home".to_string(), |_| "Home".to_string());
    crumbs.push(NavItem {
        title: home_title,
        url: String::new(),
    });
    // Each ancestor folder that has its own page.
    let segments: Vec<&str> = page.url.trim_end_matches('/').split('/').collect();
    for depth in 1..segments.len() {
        let dir = segments[..depth].join("/");
        if let Some(index) = site.section_index(&dir) {
            crumbs.push(NavItem {
                title: index.meta.title.clone(),
                url: index.url.clone(),
            });
        }
    }
    crumbs
}

pub fn page_view<'a>(site: &'a Site, page: &'a Page, rendered: &'a Rendered) -> PageView<'a> {
    let toc = rendered
        .headings
        .iter()
        .filter(|h| h.level == 2 || h.level == 3)
        .map(|h| TocEntry {
            level: h.level,
            id: h.id.clone(),
            text: h.text.clone(),
        })
        .collect();
    let (heading, body) = split_heading(&rendered.html);
    PageView {
        title: &page.meta.title,
        summary: &page.meta.summary,
        audience: page.meta.audience.as_str(),
        url: &page.url,
        permalink: format!("{}{}", site.config.base_url, page.url),
        content: &rendered.html,
        heading,
        body,
        toc,
        last_reviewed: page.meta.last_reviewed.to_string(),
        last_reviewed_text: date_text(page.meta.last_reviewed),
        next_review_due: page.meta.next_review_due.to_string(),
        next_review_text: date_text(page.meta.next_review_due),
        archived: page.meta.status == Status::Archived,
        archived_note: page.meta.archived_note.as_deref().unwrap_or_default(),
        sources: &page.meta.sources,
        is_section: page.is_index,
        is_home: page.url.is_empty(),
        pages: if page.is_index {
            children(site, &page.url).into_iter().map(link).collect()
        } else {
            Vec::new()
        },
        breadcrumbs: breadcrumbs(site, page),
        top_section: page.url.split('/').next().unwrap_or_default(),
        source_file: &page.file,
        print_url: (page.is_index && page.meta.print_view)
            .then(|| crate::urls::print_url(&page.url)),
    }
}

/// Split rendered Markdown after its first `</h1>` if it starts with `<h1`,
/// so templates can put the archived banner and contents under the title.
fn split_heading(html: &str) -> (std::borrow::Cow<'_, str>, &str) {
    if !html.starts_with("<h1") {
        return (std::borrow::Cow::Borrowed(""), "");
    }
    match html.find("</h1>") {
        Some(i) => (std::borrow::Cow::Borrowed(&html[..i + 5]), &html[i + 5..]),
        // No closing tag: the whole text is the heading, closed here.
        None => (std::borrow::Cow::Owned(format!("{html}</h1>")), ""),
    }
}

/// `root` for a page: the relative way back to the site root.
pub fn root_for(url: &str) -> String {
    relative_root(url)
}
