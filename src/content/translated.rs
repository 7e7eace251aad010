//! What a translated page (`lpa.ur.md`, issue 21) knows about itself. The
//! type lives here because [`Page`](super::page::Page) holds it; reading
//! translations and judging them is `crate::translation`'s work.

use jiff::civil::Date;

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
    pub review: Review,
    /// Whether the source's content hash differs from `translation_of`
    /// (filled in when the site loads, so templates can show a banner).
    pub outdated: bool,
    /// What changed in the source since it was marked, in words (empty when
    /// current, or when no `translation_blocks` were recorded).
    pub changes: Vec<String>,
}
