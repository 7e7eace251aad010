//! Text analysis at the bottom of the layers: it uses nothing of the site
//! model, so config, content, forms, site, markdown, render and check can
//! all call it (see tests/layering.rs).
//!
//! - [`readability`]: the Flesch-Kincaid reading grade, from the tokenizer
//!   and syllable counter to the Markdown-to-text pass;
//! - [`sms`]: GSM-7 / UCS-2 counting of text messages;
//! - [`snomed`]: SNOMED CT identifier validation;
//! - [`words`]: the plain-English word list;
//! - [`html`]: escaping text for HTML attributes and text;
//! - [`url`]: recognising script addresses (`javascript:` and kin).

pub mod html;
pub mod readability;
pub mod sms;
pub mod snomed;
pub mod url;
pub mod words;

use pulldown_cmark::Options;

/// The Markdown extensions the site is written with. Shared by the renderer
/// and by everything that reads a body the way readers see it (the reading
/// grade, the plain-English rule), so they all parse the same text.
pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_GFM
}
