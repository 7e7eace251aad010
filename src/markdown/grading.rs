//! Which pages the renderer grades for reading age, and against what limit.

use crate::config::{RuleLevel, SiteConfig};
use crate::content::page::{Audience, Page, Status};
use crate::rule::Rule;

/// Whether the reading grade applies to a page: current patient pages
/// (the `reading-age` and `plain-english` rules judge only those).
pub fn is_graded(p: &Page) -> bool {
    p.meta.audience == Audience::Patient && p.meta.status == Status::Current
}

/// The highest reading grade allowed on `page`, if rendering it should
/// grade it for the `reading-age` rule (see [`crate::text::readability::Grader`]): `None` for a page
/// the rule does not judge, or when site.yaml switches the rule off.
pub fn reading_limit(config: &SiteConfig, page: &Page) -> Option<f64> {
    judges(config, page, Rule::ReadingAge).then_some(config.check.max_reading_grade)
}

/// Whether rendering `page` should keep its plain text for the
/// `plain-english` rule (`RenderOptions::keep_text`).
pub fn keeps_text(config: &SiteConfig, page: &Page) -> bool {
    judges(config, page, Rule::PlainEnglish)
}

/// Whether `rule`, one of the two that read a page's English sentences,
/// judges `page`: a graded page in English, with the rule not switched off.
fn judges(config: &SiteConfig, page: &Page, rule: Rule) -> bool {
    let off = config.check.rules.get(&rule) == Some(&RuleLevel::Off);
    // The formulas and the word list are English: other languages are
    // not judged (issue 21).
    let english = crate::translation::is_english(crate::translation::page_language(config, page));
    !off && english && is_graded(page)
}
