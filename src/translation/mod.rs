//! Translated pages (issue 21): `lpa.ur.md` beside `lpa.md` is the Urdu
//! translation of `lpa.md`, published at `/ur/guide/lpa/`. A translation
//! records which revision of its source it was made from (`translation_of`,
//! written by `careguide translate mark`), so `check` can tell when the
//! source has moved on (see [`outdated`]), and its review state.
//!
//! A translation's front matter sets only what is translated (`title`,
//! `summary`) and the translation's own record; everything else (audience,
//! order, dates, status, sources, template) is its source page's.

pub mod blocks;
pub mod form_fhir;
pub mod form_labels;
pub mod forms;
pub mod front;
pub mod mark;
pub mod outdated;
pub mod record;
pub mod versions;

use crate::config::SiteConfig;
use crate::content::page::Page;

pub use crate::content::translated::{Review, Translation};

/// The languages' part of loading a site (issue 21): each form's labels in
/// other languages, and the templates' UI text with every key they use
/// checked for every language. Problems go to `errors`.
pub fn load_parts<'a>(
    root: &std::path::Path,
    config: &SiteConfig,
    forms: &[crate::forms::Form],
    templates: impl IntoIterator<Item = (&'a str, &'a str)>,
    errors: &mut Vec<crate::diagnostic::Diagnostic>,
) -> (crate::i18n::Strings, Vec<forms::FormTranslation>) {
    let (form_translations, problems) = forms::load_dir(root, forms, config);
    errors.extend(problems);
    let strings = crate::i18n::load_checked(root, config, templates, errors);
    (strings, form_translations)
}

/// The language of a page: its translation's, or the site's default.
pub fn page_language<'a>(config: &'a SiteConfig, p: &'a Page) -> &'a str {
    p.translation
        .as_ref()
        .map_or(config.language.as_str(), |t| t.lang.as_str())
}

/// Whether careguide's English reading-age formula (Flesch-Kincaid) and
/// plain-English word list apply to text in `lang`.
pub fn is_english(lang: &str) -> bool {
    lang.split('-')
        .next()
        .is_some_and(|p| p.eq_ignore_ascii_case("en"))
}

/// The current content hash and blocks of a source page. Called while
/// pages are loaded (their bodies held); a released body is an error.
pub fn source_state(
    p: &Page,
) -> Result<(String, Vec<blocks::Block>), crate::diagnostic::Diagnostic> {
    let b = blocks::blocks(p.body().map_err(|r| r.diagnostic())?);
    Ok((blocks::content_hash(&p.meta.title, &p.meta.summary, &b), b))
}
