//! The combined print view of a section (`print_view: true` on its
//! `_index.md`): one document at `<section>/print/` with a title page, a
//! table of contents, and the section's own page followed by every page
//! below it, each starting on a new sheet.
//!
//! Each page's HTML is the one the page pass rendered from its Markdown,
//! placed in this document by `markdown::place` (not rendered again, so
//! it needs no source, which a build frees): heading ids get the page's
//! slug as a prefix (`lpa--who-can-be-an-attorney`) so they stay unique
//! across the whole document, and links to pages inside the document
//! become in-document anchors (`#lpa`, `#lpa--who-can-be-an-attorney`).
//! Links to anything else stay relative links, written from the print
//! view's own URL.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::content::ids::PageId;
use crate::content::page::{Page, Source, Status};
use crate::diagnostic::Diagnostic;
use crate::markdown::{self, LinkContext, RenderOptions, Rendered};
use crate::render::context::{self, NavItem, TocEntry};
use crate::render::jobs::Renderer;
use crate::render::{LinkTargets, engine};
use crate::site::Site;
use crate::urls::print_url;

/// Ids the print template uses itself (and `main-content` and `search`
/// from base.html); page slugs never take them.
pub const RESERVED_IDS: &[&str] = &[
    "main-content",
    "search",
    "print-title",
    "print-contents",
    "print-contents-heading",
];

/// `print` in templates/section-print.html.
#[derive(Debug, Serialize)]
pub struct PrintView<'a> {
    pub title: &'a str,
    pub summary: &'a str,
    pub organisation: &'a str,
    /// The section's URL (site-relative) and the print view's own.
    pub section_url: &'a str,
    pub url: String,
    /// The latest `last_reviewed` of all pages in the document.
    pub last_reviewed: String,
    pub last_reviewed_text: String,
    pub pages: Vec<PrintPage<'a>>,
    pub breadcrumbs: Vec<NavItem>,
}

#[derive(Debug, Serialize)]
pub struct PrintPage<'a> {
    /// The page's anchor in the document; its heading ids start with `<slug>--`.
    pub slug: String,
    pub title: &'a str,
    pub summary: &'a str,
    pub audience: &'static str,
    /// Site-relative URL of the page on its own.
    pub url: &'a str,
    /// 0 for the section's own page, 1 for its pages, 2 for pages of a sub-section…
    pub depth: usize,
    /// False when the body does not start with its own `#` heading, so the
    /// template should print the title.
    pub has_h1: bool,
    pub content: String,
    /// The page's `##` headings, with their in-document ids.
    pub toc: Vec<TocEntry>,
    pub archived: bool,
    pub archived_note: &'a str,
    pub sources: &'a [Source],
    pub last_reviewed: String,
    pub last_reviewed_text: String,
    pub next_review_text: String,
}

/// The pages of the document, in reading order: the section's own page,
/// then its pages by `order` then title, each sub-section followed at once
/// by its own pages.
pub fn pages_of<'a>(site: &'a Site, section: &'a Page) -> Vec<(&'a Page, usize)> {
    fn walk<'a>(site: &'a Site, page: &'a Page, depth: usize, out: &mut Vec<(&'a Page, usize)>) {
        out.push((page, depth));
        if page.is_index {
            for child in context::children(site, &page.url) {
                walk(site, child, depth + 1, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(site, section, 0, &mut out);
    out
}

/// A slug per page, unique in the document: the last folder of its URL,
/// with `--` runs shortened to `-` so that `<slug>--<heading id>` can never
/// equal another page's slug or heading id.
pub fn slugs(pages: &[(&Page, usize)]) -> Vec<String> {
    let mut used: HashSet<String> = RESERVED_IDS.iter().map(|s| s.to_string()).collect();
    pages
        .iter()
        .map(|(p, _)| {
            let last = p
                .url
                .trim_end_matches('/')
                .rsplit('/')
                .next()
                .unwrap_or_default();
            let mut base = markdown::slug(if last.is_empty() { "home" } else { last });
            while base.contains("--") {
                base = base.replace("--", "-");
            }
            let base = base.trim_matches('-').to_string();
            let base = if base.is_empty() {
                "page".to_string()
            } else {
                base
            };
            let mut slug = base.clone();
            let mut n = 2;
            while !used.insert(slug.clone()) {
                slug = format!("{base}-{n}");
                n += 1;
            }
            slug
        })
        .collect()
}

/// One page of the document, its stored render placed in it (see the
/// module's comment).
fn print_page<'a>(
    page: &'a Page,
    rendered: &Rendered,
    depth: usize,
    slug: &str,
    ctx: &LinkContext<'_>,
    opts: &RenderOptions<'_>,
) -> PrintPage<'a> {
    PrintPage {
        slug: slug.to_string(),
        title: &page.meta.title,
        summary: &page.meta.summary,
        audience: page.meta.audience.as_str(),
        url: &page.url,
        depth,
        has_h1: rendered.headings.first().is_some_and(|h| h.level == 1),
        toc: rendered
            .headings
            .iter()
            .filter(|h| h.level == 2)
            .map(|h| TocEntry {
                level: h.level,
                id: format!("{slug}--{}", h.id),
                text: h.text.clone(),
            })
            .collect(),
        content: markdown::place(rendered, &page.rel_path, &page.url, ctx, opts),
        archived: page.meta.status == Status::Archived,
        archived_note: page.meta.archived_note.as_deref().unwrap_or_default(),
        sources: &page.meta.sources,
        last_reviewed: page.meta.last_reviewed.to_string(),
        last_reviewed_text: context::date_text(page.meta.last_reviewed),
        next_review_text: context::date_text(page.meta.next_review_due),
    }
}

/// Where a link to a page of the document goes instead: its anchor, or
/// the anchor of its heading (`#lpa`, `#lpa--who-can-be-an-attorney`).
fn in_document<'a>(
    parts: &'a [(&'a Page, usize)],
    slugs: &'a [String],
) -> impl Fn(&str, &str) -> Option<String> + 'a {
    let by_url: HashMap<&str, &str> = parts
        .iter()
        .zip(slugs)
        .map(|((p, _), s)| (p.url.as_str(), s.as_str()))
        .collect();
    move |target: &str, anchor: &str| {
        let slug = by_url.get(target)?;
        Some(if anchor.is_empty() {
            format!("#{slug}")
        } else {
            format!("#{slug}--{anchor}")
        })
    }
}

/// The pages of the document, each its stored render placed in it.
fn placed_pages<'a>(
    r: &Renderer<'a>,
    parts: &[(&'a Page, usize)],
    slugs: &[String],
    url: &str,
    map: &(dyn Fn(&str, &str) -> Option<String> + Sync),
) -> Option<Vec<PrintPage<'a>>> {
    let site = r.site;
    let targets = LinkTargets::new(site);
    let ctx = targets.context(site);
    let ids: HashMap<&str, PageId> = site
        .pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.url.as_str(), PageId::new(i)))
        .collect();
    parts
        .iter()
        .zip(slugs)
        .map(|(&(page, depth), slug)| {
            let opts = RenderOptions {
                id_prefix: Some(slug),
                out_url: Some(url),
                map_link: Some(map),
                grade_reading: None,
                keep_text: false,
                easy_read: page.meta.format == crate::content::page::Format::EasyRead,
                callouts: targets.callouts.of(&site.config.language, page),
            };
            // Every page of the document is a page of the site (its URL
            // is its own, see `render::claims`), so it was rendered.
            let rendered = ids.get(page.url.as_str()).map(|&id| &r.markdown[id])?;
            Some(print_page(page, rendered, depth, slug, &ctx, &opts))
        })
        .collect()
}

/// The print view of the section whose own page is at `index`.
pub fn section(r: &Renderer<'_>, index: PageId) -> Result<(String, Vec<u8>), Diagnostic> {
    let site = r.site;
    let section = &site.pages[index];
    let url = print_url(&section.url);
    let parts = pages_of(site, section);
    let slugs = slugs(&parts);
    let map = in_document(&parts, &slugs);
    let pages = placed_pages(r, &parts, &slugs, &url, &map).ok_or_else(|| {
        Diagnostic::error(
            &section.file,
            "careguide lost a page of this print view (a bug: please report it)",
        )
    })?;
    let latest = parts
        .iter()
        .map(|(p, _)| p.meta.last_reviewed)
        .max()
        .unwrap_or(section.meta.last_reviewed);
    let mut breadcrumbs = context::breadcrumbs(site, section);
    breadcrumbs.push(NavItem {
        title: section.meta.title.clone(),
        url: section.url.clone(),
    });
    let view = PrintView {
        title: &section.meta.title,
        summary: &section.meta.summary,
        organisation: &site.config.organisation,
        section_url: &section.url,
        url: url.clone(),
        last_reviewed: latest.to_string(),
        last_reviewed_text: context::date_text(latest),
        pages,
        breadcrumbs,
    };
    let mut tctx = r.base_context(&url);
    tctx.insert("print", &view);
    let html = r
        .tera
        .render("section-print.html", &tctx)
        .map_err(|e| engine::to_diagnostic(&e, &site.templates, Some(&section.file)))?;
    Ok((format!("{url}index.html"), html.into_bytes()))
}
