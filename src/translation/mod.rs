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
pub mod forms;
pub mod front;
pub mod mark;
pub mod outdated;
pub mod versions;

use jiff::civil::Date;

use crate::config::SiteConfig;
use crate::content::page::Page;

/// Whether a person has checked the translation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Review {
    Unreviewed,
    Reviewed { by: String, on: Date },
}

/// What a translated page knows about itself.
#[derive(Debug, Clone, PartialEq)]
pub struct Translation {
    /// The language code (`ur`).
    pub lang: String,
    /// The source page's path inside content/ (`guide/lpa.md`).
    pub source: String,
    /// The source page's URL (`guide/lpa/`).
    pub source_url: String,
    /// `translation_of`, and the line it is written on.
    pub translation_of: String,
    pub translation_of_line: usize,
    /// The day `translate mark` recorded, if any.
    pub marked_on: Option<Date>,
    /// The source's blocks when it was marked (`translation_blocks`).
    pub blocks: Option<Vec<blocks::Block>>,
    pub review: Review,
    /// Whether the source's content hash differs from `translation_of`
    /// (filled in when the site loads, so templates can show a banner).
    pub outdated: bool,
    /// What changed in the source since it was marked, in words (empty when
    /// current, or when no `translation_blocks` were recorded).
    pub changes: Vec<String>,
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

/// The current content hash and blocks of a source page.
pub fn source_state(p: &Page) -> (String, Vec<blocks::Block>) {
    let b = blocks::blocks(p.body());
    (blocks::content_hash(&p.meta.title, &p.meta.summary, &b), b)
}
