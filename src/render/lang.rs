//! What templates need to know about languages (issue 21): the language
//! and direction of the output being rendered, its translations (for
//! `hreflang` links and the language switcher), the navigation in its
//! language, and a translated page's review state for its banners. The
//! language of an output follows from its URL: `/ur/…` is Urdu, anything
//! else the default language.

use serde::Serialize;
use tera::Context;

use crate::render::context::{NavItem, sort_key};
use crate::site::Site;
use crate::translation::Review;
use crate::translation::versions::{language_of, prefixed};

/// One version of a page in a language, for `hreflang` and the switcher.
#[derive(Debug, Clone, Serialize)]
pub struct Alternate {
    pub code: String,
    pub name: String,
    pub dir: &'static str,
    /// Site-relative URL (`ur/guide/lpa/`).
    pub url: String,
    pub permalink: String,
    /// The version being rendered.
    pub current: bool,
}

/// `translation` in templates: a translated page's state, for its banners.
#[derive(Debug, Clone, Serialize)]
struct TranslationView<'a> {
    reviewed: bool,
    reviewed_by: &'a str,
    reviewed_on: String,
    outdated: bool,
    /// The source page (the current version in the default language).
    source_url: &'a str,
}

/// The top navigation in language `i`: the default language's is
/// `site.nav`; another language lists its translated top-level sections.
fn nav_in(site: &Site, i: usize) -> Vec<NavItem> {
    let code = &site.config.langs[i].code;
    let mut tops: Vec<_> = site
        .pages
        .iter()
        .filter(|p| p.is_index && p.section == *code && p.url != format!("{code}/"))
        .filter(|p| p.translation.as_ref().is_some_and(|t| t.lang == *code))
        .collect();
    tops.sort_by_key(|p| sort_key(p));
    tops.into_iter()
        .map(|p| NavItem {
            title: p.meta.title.clone(),
            url: p.url.clone(),
        })
        .collect()
}

/// Set `lang`, `dir`, `lang_prefix`, `alternates`, `lang_nav` and, on a
/// translated page, `translation`, for the output at `url`.
pub fn insert(ctx: &mut Context, site: &Site, url: &str) {
    let langs = &site.config.langs;
    if langs.len() < 2 {
        return;
    }
    let (i, _) = language_of(langs, url);
    let lang = &langs[i];
    ctx.insert("lang", &lang.code);
    ctx.insert("dir", lang.dir);
    let prefix = prefixed(langs, i, "");
    // The language's home page, or the site's when it has none.
    let home = if site.versions.translated_page(&prefix).is_some() {
        prefix.as_str()
    } else {
        ""
    };
    ctx.insert("lang_home", home);
    ctx.insert("lang_prefix", &prefix);
    if i > 0 {
        ctx.insert("lang_nav", &nav_in(site, i));
    }
    if let Some(list) = site.versions.versions_of(langs, url) {
        let alternates: Vec<Alternate> = list
            .iter()
            .map(|(j, u)| Alternate {
                code: langs[*j].code.clone(),
                name: langs[*j].name.clone(),
                dir: langs[*j].dir,
                url: u.clone(),
                permalink: format!("{}{u}", site.config.base_url),
                current: *j == i,
            })
            .collect();
        ctx.insert("alternates", &alternates);
    }
    if let Some(p) = site.versions.translated_page(url) {
        insert_translation(ctx, &site.pages[p]);
    }
}

fn insert_translation(ctx: &mut Context, p: &crate::content::page::Page) {
    let Some(t) = &p.translation else {
        return;
    };
    let (reviewed, by, on) = match &t.review {
        Review::Unreviewed => (false, "", String::new()),
        Review::Reviewed { by, on } => (true, by.as_str(), on.to_string()),
    };
    ctx.insert(
        "translation",
        &TranslationView {
            reviewed,
            reviewed_by: by,
            reviewed_on: on,
            outdated: t.outdated,
            source_url: &t.source_url,
        },
    );
}

/// The globals every template starts with: the default language, no
/// translations. `insert` overrides them per output.
pub fn globals(site: &Site, globals: &mut Context) {
    let default = site.config.langs.first();
    globals.insert("lang", &site.config.language);
    globals.insert("dir", default.map_or("ltr", |l| l.dir));
    globals.insert("lang_prefix", "");
    globals.insert("lang_home", "");
    globals.insert("alternates", &Vec::<Alternate>::new());
    globals.insert("lang_nav", &crate::render::context::nav(site));
}

/// `<xhtml:link>` alternates of the page at `url`, for the sitemap.
pub fn sitemap_links(site: &Site, url: &str) -> String {
    let langs = &site.config.langs;
    let Some(list) = site.versions.versions_of(langs, url) else {
        return String::new();
    };
    let mut out = String::new();
    for (j, u) in list {
        out.push_str(&format!(
            "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
            crate::render::feeds::escape_xml(&langs[*j].code),
            crate::render::feeds::escape_xml(&format!("{}{u}", site.config.base_url)),
        ));
    }
    out
}

/// The breadcrumbs of a translated page: its language's home (named by
/// `breadcrumb.home` in that language), then each translated section above it.
pub fn breadcrumbs(site: &Site, page: &crate::content::page::Page, code: &str) -> Vec<NavItem> {
    let home = format!("{code}/");
    if page.url == home {
        return Vec::new();
    }
    let mut crumbs = vec![NavItem {
        title: site
            .i18n
            .get(code, "breadcrumb.home")
            .unwrap_or("Home")
            .to_string(),
        url: home,
    }];
    let segments: Vec<&str> = page.url.trim_end_matches('/').split('/').collect();
    for depth in 2..segments.len() {
        if let Some(index) = site.section_index(&segments[..depth].join("/")) {
            crumbs.push(NavItem {
                title: index.meta.title.clone(),
                url: index.url.clone(),
            });
        }
    }
    crumbs
}
