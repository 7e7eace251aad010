//! Which outputs exist in which languages, for `hreflang` links, the
//! language switcher and the sitemap. The language of an output follows
//! from its URL: `ur/…` is Urdu, anything else the default language.

use std::collections::HashMap;

use crate::config::SiteConfig;
use crate::config::languages::Language;
use crate::content::page::Page;

/// Where the search results page is published (`render::jobs::SEARCH_PAGE_URL`;
/// the render layer is above this one).
const SEARCH_PAGE_URL: &str = "search/";

/// Every output that exists in more than one language, by its URL in the
/// default language: the languages it exists in (index into
/// `config.langs`) and their URLs.
#[derive(Debug, Clone, Default)]
pub struct Versions {
    by_source: HashMap<String, Vec<(usize, String)>>,
    /// Translated pages by URL: index into `site.pages`.
    translated: HashMap<String, usize>,
}

impl Versions {
    /// Pages and their translations, the search page in every language,
    /// and forms with translated labels (`forms`: each form's id and the
    /// languages, by index, it is translated to).
    pub fn new(config: &SiteConfig, pages: &[Page], forms: &[(String, Vec<usize>)]) -> Self {
        let langs = &config.langs;
        if langs.len() < 2 {
            return Versions::default();
        }
        let mut by_source: HashMap<String, Vec<(usize, String)>> = HashMap::new();
        let mut translated = HashMap::new();
        for (n, p) in pages.iter().enumerate() {
            if let Some(t) = &p.translation
                && let Some(i) = langs.iter().position(|l| l.code == t.lang)
            {
                translated.insert(p.url.clone(), n);
                by_source
                    .entry(t.source_url.clone())
                    .or_insert_with(|| vec![(0, t.source_url.clone())])
                    .push((i, p.url.clone()));
            }
        }
        if cfg!(feature = "search") && config.search {
            by_source.insert(
                SEARCH_PAGE_URL.to_string(),
                (0..langs.len())
                    .map(|i| (i, prefixed(langs, i, SEARCH_PAGE_URL)))
                    .collect(),
            );
        }
        for (id, to) in forms {
            let url = format!("forms/{id}/");
            let mut list = vec![(0, url.clone())];
            list.extend(to.iter().map(|&i| (i, prefixed(langs, i, &url))));
            by_source.insert(url, list);
        }
        for list in by_source.values_mut() {
            list.sort();
        }
        Versions {
            by_source,
            translated,
        }
    }

    /// [`Versions::new`] for a site's pages and its forms' translations.
    pub fn of(
        config: &SiteConfig,
        pages: &[Page],
        forms: &[crate::forms::Form],
        translations: &[super::forms::FormTranslation],
    ) -> Self {
        Self::new(
            config,
            pages,
            &super::forms::languages_of(forms, translations, config),
        )
    }

    /// The versions of the output at `url`, if it has any in other languages.
    pub fn versions_of(&self, langs: &[Language], url: &str) -> Option<&Vec<(usize, String)>> {
        let (i, rest) = language_of(langs, url);
        self.by_source.get(if i == 0 { url } else { rest })
    }

    /// The translated page published at `url`, if any (index into `site.pages`).
    pub fn translated_page(&self, url: &str) -> Option<usize> {
        self.translated.get(url).copied()
    }
}

/// `url` in language `i` of `langs`: the default language at the root.
pub fn prefixed(langs: &[Language], i: usize, url: &str) -> String {
    if i == 0 {
        url.to_string()
    } else {
        format!("{}/{url}", langs[i].code)
    }
}

/// The language (index into `langs`) of the output at `url`, and the URL
/// without its language folder.
pub fn language_of<'u>(langs: &[Language], url: &'u str) -> (usize, &'u str) {
    for (i, l) in langs.iter().enumerate().skip(1) {
        if let Some(rest) = url.strip_prefix(l.code.as_str()) {
            if let Some(rest) = rest.strip_prefix('/') {
                return (i, rest);
            }
            if rest.is_empty() {
                return (i, "");
            }
        }
    }
    (0, url)
}
