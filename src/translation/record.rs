//! What a translation records about itself in its front matter
//! (`translation_of`, `translation_marked`, `translation_blocks`, the review
//! state) and the source's keys it may set, read and checked.

use jiff::civil::Date;
use serde::Deserialize;
use serde::de::IgnoredAny;
use serde_saphyr::Spanned;

use super::{Review, blocks};
use crate::content::page::{Audience, Source, Status};
use crate::diagnostic::{Diagnostic, did_you_mean};

/// Front matter of a translation, as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Raw {
    pub title: String,
    pub summary: String,
    #[serde(default)]
    pub translation_of: Option<Spanned<String>>,
    #[serde(default)]
    pub translation_status: Option<Spanned<String>>,
    #[serde(default)]
    pub reviewed_by: Option<String>,
    #[serde(default)]
    pub reviewed_on: Option<Spanned<String>>,
    #[serde(default)]
    pub translation_marked: Option<Spanned<String>>,
    #[serde(default)]
    pub translation_blocks: Option<Spanned<String>>,
    // The source page's fields: a translation that leaves one out takes
    // the source's (docs/languages.md).
    #[serde(default)]
    pub audience: Option<Audience>,
    #[serde(default)]
    pub order: Option<i64>,
    #[serde(default)]
    pub last_reviewed: Option<Spanned<String>>,
    #[serde(default)]
    pub next_review_due: Option<Spanned<String>>,
    #[serde(default)]
    pub status: Option<Status>,
    #[serde(default)]
    pub archived_note: Option<String>,
    #[serde(default)]
    pub draft: Option<bool>,
    #[serde(default)]
    pub sources: Option<Vec<Source>>,
    /// Accepted (translators copy the source's front matter) but not used:
    /// print views are published in the default language only.
    #[serde(default)]
    #[allow(dead_code)]
    pub print_view: Option<IgnoredAny>,
}

/// The file being read, for locating errors: `first` is the line the YAML starts on.
pub struct At<'a> {
    pub shown: &'a str,
    pub text: &'a str,
    pub first: usize,
}

impl At<'_> {
    fn line(&self, s: &Spanned<String>) -> usize {
        self.first + s.referenced.line() as usize - 1
    }

    fn error(&self, s: &Spanned<String>, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(self.shown, message)
            .at(self.text, self.line(s), s.referenced.column() as usize)
            .width(s.value.chars().count().max(1))
    }
}

/// A translation's record of itself, checked.
pub struct Record {
    /// Empty when never marked (the `translation` rule reports it as a
    /// warning, so a new translation can be previewed before it is marked).
    pub translation_of: String,
    pub translation_of_line: usize,
    pub marked_on: Option<Date>,
    pub blocks: Option<Vec<blocks::Block>>,
    pub review: Review,
    pub last_reviewed: Option<Date>,
    pub next_review_due: Option<Date>,
}

/// Check `raw`'s own keys; every problem comes back together.
pub fn read(at: &At<'_>, raw: &Raw) -> Result<Record, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    for (key, value) in [("title", &raw.title), ("summary", &raw.summary)] {
        if value.trim().is_empty() {
            errors.push(
                Diagnostic::error(at.shown, format!("`{key}` must not be empty"))
                    .at(at.text, at.first, 1)
                    .hint(format!("write the {key} in the translation's language")),
            );
        }
    }
    let mark_hint = format!(
        "run `careguide translate mark {}` once the translation matches its source",
        at.shown
    );
    let (translation_of, translation_of_line) = match &raw.translation_of {
        Some(s) if s.value.len() == 12 && s.value.bytes().all(|b| b.is_ascii_hexdigit()) => {
            (s.value.to_ascii_lowercase(), at.line(s))
        }
        Some(s) => {
            let m = "`translation_of` must be the 12-character hash `translate mark` writes";
            errors.push(at.error(s, m).hint(mark_hint.clone()));
            (String::new(), 0)
        }
        None => (String::new(), 0),
    };
    let marked_on = raw.translation_marked.as_ref().and_then(|s| {
        let d = s.value.trim().parse().ok();
        if d.is_none() {
            errors.push(
                at.error(s, "`translation_marked` is not a date")
                    .hint(mark_hint.clone()),
            );
        }
        d
    });
    let recorded = raw.translation_blocks.as_ref().and_then(|s| {
        let decoded = blocks::decode(&s.value);
        if decoded.is_none() {
            let m = "`translation_blocks` is not what `translate mark` writes";
            errors.push(at.error(s, m).hint(mark_hint.clone()));
        }
        decoded
    });
    let review = review(at, raw, &mut errors);
    let last_reviewed = date(at, &raw.last_reviewed, "last_reviewed", &mut errors);
    let next_review_due = date(at, &raw.next_review_due, "next_review_due", &mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Record {
        translation_of,
        translation_of_line,
        marked_on,
        blocks: recorded,
        review,
        last_reviewed,
        next_review_due,
    })
}

fn date(
    at: &At<'_>,
    s: &Option<Spanned<String>>,
    key: &str,
    errors: &mut Vec<Diagnostic>,
) -> Option<Date> {
    let s = s.as_ref()?;
    let d = s.value.trim().parse().ok();
    if d.is_none() {
        errors.push(
            at.error(s, format!("`{key}` is not a real date"))
                .hint("write dates as YYYY-MM-DD, e.g. 2026-05-28"),
        );
    }
    d
}

/// `translation_status`, and who reviewed it when: a reviewed translation
/// must say both.
fn review(at: &At<'_>, raw: &Raw, errors: &mut Vec<Diagnostic>) -> Review {
    let (shown, text, first) = (at.shown, at.text, at.first);
    let Some(status) = &raw.translation_status else {
        return Review::Unreviewed;
    };
    let line = first + status.referenced.line() as usize - 1;
    let col = status.referenced.column() as usize;
    match status.value.trim() {
        "unreviewed" => Review::Unreviewed,
        "reviewed" => {
            let by = raw
                .reviewed_by
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty());
            let on = raw
                .reviewed_on
                .as_ref()
                .and_then(|s| s.value.trim().parse().ok());
            match (by, on) {
                (Some(by), Some(on)) => Review::Reviewed {
                    by: by.to_string(),
                    on,
                },
                _ => {
                    errors.push(
                        Diagnostic::error(shown, "a reviewed translation needs `reviewed_by` and `reviewed_on`")
                            .at(text, line, col)
                            .width(8)
                            .hint("add `reviewed_by: <name>` and `reviewed_on: YYYY-MM-DD` (a real date), or set `translation_status: unreviewed`"),
                    );
                    Review::Unreviewed
                }
            }
        }
        other => {
            let hint = match did_you_mean(other, &["unreviewed", "reviewed"]) {
                Some(s) => format!("did you mean `{s}`?"),
                None => "write `unreviewed` or `reviewed`".into(),
            };
            errors.push(
                Diagnostic::error(
                    shown,
                    format!("`translation_status: {other}` is not a review state"),
                )
                .at(text, line, col)
                .width(other.chars().count().max(1))
                .hint(hint),
            );
            Review::Unreviewed
        }
    }
}
