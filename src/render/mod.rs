//! From the loaded site to output bytes: Markdown, templates, feeds, forms.

pub mod atoz;
pub mod claims;
pub mod context;
pub mod engine;
pub mod feeds;
pub mod forms;
pub mod jobs;
pub mod lang;
pub mod lang_jobs;
pub mod offline;
pub mod plan;
pub mod print;

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;
use serde::Serialize;
use tera::Tera;

use crate::config::SiteConfig;
use crate::content::ids::{PageId, PerPage};
use crate::content::page::{Page, Released};
use crate::diagnostic::{Diagnostic, LineIndex};
use crate::markdown::{self, LinkContext, RenderOptions, Rendered};
use crate::site::Site;

/// `site` in templates: the settings plus the navigation.
#[derive(Serialize)]
struct SiteView<'a> {
    #[serde(flatten)]
    config: &'a SiteConfig,
    nav: Vec<context::NavItem>,
    base_path: String,
    /// Whether /forms/ exists, for the header's Forms link.
    has_forms: bool,
}

/// The template engine with the site-wide (global) variables set once.
pub fn engine(site: &Site) -> Result<Tera, Vec<Diagnostic>> {
    let mut tera = engine::build_with(&site.templates, site.i18n.clone())?;
    let view = SiteView {
        config: &site.config,
        nav: context::nav(site),
        base_path: site.config.base_path(),
        has_forms: !site.forms.is_empty(),
    };
    let globals = tera.global_context();
    lang::globals(site, globals);
    globals.insert("site", &view);
    globals.insert("data", &site.data_value);
    // Templates show the search box (and allow its WebAssembly) only when
    // this binary builds a search index.
    globals.insert(
        "search_enabled",
        &(cfg!(feature = "search") && site.config.search),
    );
    Ok(tera)
}

/// What links in Markdown may point to: published pages by their file, and
/// every other output path. Owned here; borrowed by `LinkContext`.
pub struct LinkTargets {
    pub pages: HashMap<String, String>,
    pub files: HashSet<String>,
    /// What `{{ video(…) }}` and the other Markdown components show.
    pub components: crate::components::Components,
    /// The callouts' labels in each language.
    pub callouts: Callouts,
}

/// The callouts' labels (`callout.*` in i18n/) by language code, for the
/// languages whose labels are not the built-in English ones. A language
/// that lacks a label has the default language's.
pub struct Callouts(HashMap<String, markdown::CalloutLabels>);

impl Callouts {
    pub fn new(site: &Site) -> Self {
        let strings = &site.i18n;
        let english = markdown::english_labels();
        let label = |code: &str, key: &str| {
            strings
                .get(code, key)
                .or_else(|| strings.get(&strings.default, key))
                .map(String::from)
        };
        let mut by_lang = HashMap::new();
        for code in strings.tables.keys() {
            let labels = markdown::CALLOUT_KEYS.map(|k| label(code, k));
            // Every key has a label in a site that loaded: the built-in
            // English has them all.
            if labels.iter().all(Option::is_some) {
                let labels = markdown::CalloutLabels::new(labels.map(Option::unwrap_or_default));
                if labels != english {
                    by_lang.insert(code.clone(), labels);
                }
            }
        }
        Callouts(by_lang)
    }

    /// The labels of page `p`'s language, or `None` for the built-in English.
    pub fn of(&self, site_default: &str, p: &Page) -> Option<&markdown::CalloutLabels> {
        let code = p
            .translation
            .as_ref()
            .map_or(site_default, |t| t.lang.as_str());
        self.0.get(code)
    }
}

impl LinkTargets {
    pub fn new(site: &Site) -> Self {
        let pages: HashMap<String, String> = site
            .pages
            .iter()
            .map(|p| (p.rel_path.clone(), p.url.clone()))
            .collect();
        let mut files: HashSet<String> = site.statics.keys().cloned().collect();
        files.extend(site.assets.iter().map(|a| a.rel.clone()));
        for f in &site.forms {
            files.insert(format!("forms/{}/", f.id));
            files.insert(format!("forms/{}/questionnaire.json", f.id));
            if crate::forms::has_own_codes(f) {
                files.insert(format!("forms/{}/codesystem.json", f.id));
            }
        }
        if !site.forms.is_empty() {
            files.insert("forms/".into());
        }
        files.extend(["feed.xml", "sitemap.xml", "robots.txt", "404.html"].map(String::from));
        files.insert(crate::urls::A_TO_Z_URL.into());
        for p in site
            .pages
            .iter()
            .filter(|p| p.is_index && p.meta.print_view)
        {
            files.insert(crate::urls::print_url(&p.url));
        }
        LinkTargets {
            pages,
            files,
            components: crate::components::Components::new(&site.data_value, &site.forms),
            callouts: Callouts::new(site),
        }
    }

    pub fn context<'a>(&'a self, site: &'a Site) -> LinkContext<'a> {
        LinkContext {
            pages: &self.pages,
            drafts: &site.drafts,
            files: &self.files,
            components: Some(&self.components),
        }
    }
}

/// The Markdown of the pages at `indices` only (in that order), with the
/// link targets already gathered (the preview server keeps them across
/// body edits). Anchors into other pages are checked by [`link_errors`]
/// once all pages are known.
pub fn markdown_with(
    site: &Site,
    targets: &LinkTargets,
    indices: &[PageId],
) -> Vec<Result<Rendered, Released>> {
    let ctx = targets.context(site);
    indices
        .par_iter()
        .map(|&i| page_markdown(&site.config, &ctx, &targets.callouts, &site.pages[i]))
        .collect()
}

/// One page's Markdown, graded for the `reading-age` rule when it applies;
/// `Err` if the page's body was already released.
pub fn page_markdown(
    config: &SiteConfig,
    ctx: &LinkContext<'_>,
    callouts: &Callouts,
    p: &Page,
) -> Result<Rendered, Released> {
    let opts = RenderOptions {
        callouts: callouts.of(&config.language, p),
        grade_reading: crate::markdown::reading_limit(config, p),
        keep_text: crate::markdown::keeps_text(config, p),
        easy_read: p.meta.format == crate::content::page::Format::EasyRead,
        ..RenderOptions::default()
    };
    Ok(markdown::render_with(
        p.body()?,
        &p.rel_path,
        &p.url,
        ctx,
        &opts,
    ))
}

/// Broken links found while rendering, plus anchors into other pages,
/// which can only be checked now that every page's headings are known.
pub fn link_errors(site: &Site, rendered: &PerPage<Rendered>) -> Vec<Diagnostic> {
    link_errors_from(site, rendered, PageId::all(site.pages.len()))
}

/// [`link_errors`] of the links written on the pages at `from` only.
pub fn link_errors_from(
    site: &Site,
    rendered: &PerPage<Rendered>,
    from: impl IntoIterator<Item = PageId>,
) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    let mut anchors = Vec::new();
    for i in from {
        let links = locate_links(&site.pages[i], &rendered[i]);
        errors.extend(links.broken);
        anchors.extend(links.anchors);
    }
    errors.extend(anchor_errors(site, rendered, anchors));
    errors
}

/// A page's link problems, located in its text: the broken links, and the
/// links to a heading of another page (`other.md#heading`), which can be
/// checked only once every page is rendered (see [`anchor_errors`]).
/// Locating them needs the page's text; checking them does not, so a build
/// can free each page's text as soon as it is rendered.
#[derive(Debug, Default)]
pub struct PageLinks {
    pub broken: Vec<Diagnostic>,
    pub anchors: Vec<AnchorLink>,
}

/// A link to a heading of another page, located where it is written.
#[derive(Debug)]
pub struct AnchorLink {
    /// The URL of the page it points to.
    url: String,
    anchor: String,
    dest: String,
    /// The error to report if the heading is missing, its message not yet
    /// written (it names the other page's file and headings).
    at: Diagnostic,
}

/// Locate the links of `page`, whose Markdown rendered to `r`.
pub fn locate_links(page: &Page, r: &Rendered) -> PageLinks {
    if r.broken.is_empty() && r.anchors.is_empty() {
        return PageLinks::default();
    }
    // Links are found while the page is rendered, so its text is still
    // held; if not, the links stay unchecked and the page says why.
    let text = match page.text() {
        Ok(text) => text,
        Err(released) => {
            return PageLinks {
                broken: vec![released.diagnostic()],
                anchors: Vec::new(),
            };
        }
    };
    let ix = LineIndex::new(text);
    let at = |offset: usize, dest: &str, d: Diagnostic| {
        d.at_index(&ix, page.body_offset + offset)
            .width(dest.chars().count() + 4)
    };
    PageLinks {
        broken: r
            .broken
            .iter()
            .map(|b| {
                let d = at(b.offset, &b.dest, Diagnostic::error(&page.file, &b.message));
                match b.width {
                    Some(w) => d.width(w),
                    None => d,
                }
                .hint(&b.hint)
            })
            .collect(),
        anchors: r
            .anchors
            .iter()
            .map(|a| AnchorLink {
                url: a.url.clone(),
                anchor: a.anchor.clone(),
                dest: a.dest.clone(),
                at: at(a.offset, &a.dest, Diagnostic::error(&page.file, "")),
            })
            .collect(),
    }
}

/// The links of `anchors` that name a heading their page does not have.
pub fn anchor_errors(
    site: &Site,
    rendered: &[Rendered],
    anchors: impl IntoIterator<Item = AnchorLink>,
) -> Vec<Diagnostic> {
    let mut anchors = anchors.into_iter().peekable();
    if anchors.peek().is_none() {
        return Vec::new();
    }
    let by_url: HashMap<&str, usize> = site
        .pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.url.as_str(), i))
        .collect();
    anchors
        .filter_map(|a| {
            let &target = by_url.get(a.url.as_str())?;
            let headings = &rendered[target].headings;
            if headings.iter().any(|h| h.id == a.anchor) {
                return None;
            }
            let mut d = a.at;
            d.message = format!(
                "the link `{}` names `#{}`, which is not a heading on {}",
                crate::diagnostic::shorten(&a.dest, 80),
                crate::diagnostic::shorten(&a.anchor, 80),
                site.pages[target].file
            );
            Some(d.hint(markdown::anchor_hint(&a.anchor, headings)))
        })
        .collect()
}
