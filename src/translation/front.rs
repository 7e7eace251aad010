//! Finding translations among content/'s Markdown files and reading their
//! front matter into [`Page`]s that borrow the rest from their source.

use jiff::civil::Date;
use serde::Deserialize;
use serde::de::IgnoredAny;
use serde_saphyr::Spanned;

use super::{Review, Translation, blocks};
use crate::config::SiteConfig;
use crate::content::page::{Audience, FrontMatter, Page, Source, Status};
use crate::content::walk::Found;
use crate::content::{frontmatter, source};
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::i18n;

/// A Markdown file of content/ named as a translation: `guide/lpa.ur.md`.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub found: Found,
    pub lang: String,
    /// The source's path inside content/ (`guide/lpa.md`).
    pub source: String,
}

/// Split content/'s Markdown files into source pages and translations. A
/// name whose last dot-part is shaped like a language code the site does
/// not declare is an error; only sites with `languages:` are checked, so a
/// one-language site's `notes.old.md` stays an ordinary page.
pub fn classify(
    md: Vec<Found>,
    config: &SiteConfig,
) -> (Vec<Found>, Vec<Candidate>, Vec<Diagnostic>) {
    let (mut pages, mut translations, mut errors) = (Vec::new(), Vec::new(), Vec::new());
    if config.languages.is_none() {
        return (md, translations, errors);
    }
    let default = config
        .langs
        .first()
        .map(|l| l.code.as_str())
        .unwrap_or_default();
    for f in md {
        let (dir, name) = match f.rel.rsplit_once('/') {
            Some((d, n)) => (format!("{d}/"), n),
            None => (String::new(), f.rel.as_str()),
        };
        let stem = name.strip_suffix(".md").unwrap_or(name);
        let Some((base, code)) = i18n::split_suffix(stem) else {
            pages.push(f);
            continue;
        };
        let shown = format!("content/{}", f.rel);
        if code == default {
            errors.push(
                Diagnostic::error(&shown, format!("`.{code}` is the site's default language"))
                    .hint(format!(
                        "pages in the default language have no suffix: name it {base}.md"
                    )),
            );
        } else if let Some(lang) = config.langs.iter().skip(1).find(|l| l.code == code) {
            translations.push(Candidate {
                source: format!("{dir}{base}.md"),
                lang: lang.code.clone(),
                found: f,
            });
        } else {
            errors.push(i18n::unknown_suffix(&shown, code, &config.langs));
        }
    }
    (pages, translations, errors)
}

/// Front matter of a translation, as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    title: String,
    summary: String,
    #[serde(default)]
    translation_of: Option<Spanned<String>>,
    #[serde(default)]
    translation_status: Option<Spanned<String>>,
    #[serde(default)]
    reviewed_by: Option<String>,
    #[serde(default)]
    reviewed_on: Option<Spanned<String>>,
    #[serde(default)]
    translation_marked: Option<Spanned<String>>,
    #[serde(default)]
    translation_blocks: Option<Spanned<String>>,
    // The source page's fields: a translation that leaves one out takes
    // the source's (docs/languages.md).
    #[serde(default)]
    audience: Option<Audience>,
    #[serde(default)]
    order: Option<i64>,
    #[serde(default)]
    last_reviewed: Option<Spanned<String>>,
    #[serde(default)]
    next_review_due: Option<Spanned<String>>,
    #[serde(default)]
    status: Option<Status>,
    #[serde(default)]
    archived_note: Option<String>,
    #[serde(default)]
    draft: Option<bool>,
    #[serde(default)]
    sources: Option<Vec<Source>>,
    /// Accepted (translators copy the source's front matter) but not used:
    /// print views are published in the default language only.
    #[serde(default)]
    #[allow(dead_code)]
    print_view: Option<IgnoredAny>,
}

/// Read the translations `candidates` and add them to `pages` (or, for a
/// draft in a build without drafts, to `drafts`); problems go to `errors`.
pub fn add(
    candidates: &[Candidate],
    pages: &mut Vec<Page>,
    drafts: &mut std::collections::HashSet<String>,
    include_drafts: bool,
    errors: &mut Vec<Diagnostic>,
) {
    let (translations, problems) = load(candidates, pages, drafts);
    errors.extend(problems);
    for p in translations {
        if p.meta.draft && !include_drafts {
            drafts.insert(p.rel_path.clone());
        } else {
            pages.push(p);
        }
    }
}

/// Read every translation; `sources` are the site's loaded pages. A
/// translation of a draft left out of this build is left out too.
pub fn load(
    candidates: &[Candidate],
    sources: &[Page],
    drafts: &std::collections::HashSet<String>,
) -> (Vec<Page>, Vec<Diagnostic>) {
    let mut pages = Vec::new();
    let mut errors = Vec::new();
    for c in candidates {
        if drafts.contains(&c.source) {
            continue;
        }
        let shown = format!("content/{}", c.found.rel);
        let Some(src) = sources.iter().find(|p| p.rel_path == c.source) else {
            // Its neighbours in the same folder, by name.
            let dir = c.source.rsplit_once('/').map_or("", |(d, _)| d);
            let names: Vec<&str> = sources
                .iter()
                .filter(|p| p.rel_path.rsplit_once('/').map_or("", |(d, _)| d) == dir)
                .map(|p| p.rel_path.as_str())
                .collect();
            let hint = match did_you_mean(&c.source, &names) {
                Some(n) => format!(
                    "did you mean a translation of content/{n}? Name it after its source page, with the language code before `.md`"
                ),
                None => {
                    "a translation sits beside its source page: `lpa.ur.md` translates `lpa.md`"
                        .into()
                }
            };
            errors.push(
                Diagnostic::error(
                    &shown,
                    format!("this translates content/{}, which does not exist", c.source),
                )
                .hint(hint),
            );
            continue;
        };
        match read(&shown, c, src) {
            Ok(p) => pages.push(p),
            Err(e) => errors.extend(e),
        }
    }
    (pages, errors)
}

fn read(shown: &str, c: &Candidate, src: &Page) -> Result<Page, Vec<Diagnostic>> {
    let bytes = std::fs::read(&c.found.path).map_err(|e| {
        vec![Diagnostic::error(
            shown,
            format!("cannot read this file: {e}"),
        )]
    })?;
    let text = source::decode(shown, &bytes).map_err(|d| vec![d])?;
    let split = frontmatter::split(shown, &text).map_err(|d| vec![d])?;
    let own_spans = crate::yaml::Spans::of(split.yaml).below(split.yaml_first_line);
    let raw: Raw =
        crate::yaml::parse(shown, &text, split.yaml, split.yaml_first_line).map_err(|d| vec![d])?;
    let (body_offset, body_first_line, first) = (
        split.body_offset,
        split.body_first_line,
        split.yaml_first_line,
    );
    let at = |d: Diagnostic, s: &Spanned<String>| {
        d.at(
            &text,
            first + s.referenced.line() as usize - 1,
            s.referenced.column() as usize,
        )
        .width(s.value.chars().count().max(1))
    };
    let mut errors = Vec::new();
    for (key, value) in [("title", &raw.title), ("summary", &raw.summary)] {
        if value.trim().is_empty() {
            errors.push(
                Diagnostic::error(shown, format!("`{key}` must not be empty"))
                    .at(&text, first, 1)
                    .hint(format!("write the {key} in the translation's language")),
            );
        }
    }
    let mark_hint =
        format!("run `careguide translate mark {shown}` once the translation matches its source");
    let (translation_of, translation_of_line) = match &raw.translation_of {
        Some(s) if s.value.len() == 12 && s.value.bytes().all(|b| b.is_ascii_hexdigit()) => (
            s.value.to_ascii_lowercase(),
            first + s.referenced.line() as usize - 1,
        ),
        Some(s) => {
            errors.push(
                at(
                    Diagnostic::error(
                        shown,
                        "`translation_of` must be the 12-character hash `translate mark` writes",
                    ),
                    s,
                )
                .hint(mark_hint.clone()),
            );
            (String::new(), 0)
        }
        // Never marked: the `translation` rule reports it (a warning, so a
        // new translation can be previewed before it is marked).
        None => (String::new(), 0),
    };
    let review = review(shown, &text, first, &raw, &mut errors);
    let marked_on = raw
        .translation_marked
        .as_ref()
        .and_then(|s| match s.value.trim().parse() {
            Ok(d) => Some(d),
            Err(_) => {
                errors.push(
                    at(
                        Diagnostic::error(shown, "`translation_marked` is not a date"),
                        s,
                    )
                    .hint(mark_hint.clone()),
                );
                None
            }
        });
    let recorded = raw.translation_blocks.as_ref().and_then(|s| {
        let decoded = blocks::decode(&s.value);
        if decoded.is_none() {
            errors.push(
                at(
                    Diagnostic::error(
                        shown,
                        "`translation_blocks` is not what `translate mark` writes",
                    ),
                    s,
                )
                .hint(mark_hint.clone()),
            );
        }
        decoded
    });
    let date =
        |s: &Option<Spanned<String>>, key: &str, errors: &mut Vec<Diagnostic>| -> Option<Date> {
            let s = s.as_ref()?;
            s.value
                .trim()
                .parse()
                .map_err(|_| {
                    errors.push(
                        at(
                            Diagnostic::error(shown, format!("`{key}` is not a real date")),
                            s,
                        )
                        .hint("write dates as YYYY-MM-DD, e.g. 2026-05-28"),
                    );
                })
                .ok()
        };
    let last_reviewed = date(&raw.last_reviewed, "last_reviewed", &mut errors);
    let next_review_due = date(&raw.next_review_due, "next_review_due", &mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    let (now, now_blocks) = super::source_state(src);
    let outdated = !translation_of.is_empty() && now != translation_of;
    let changes = match (&recorded, outdated) {
        (Some(old), true) => super::outdated::describe(old, &now_blocks),
        _ => Vec::new(),
    };
    let translation = Translation {
        changes,
        lang: c.lang.clone(),
        source: c.source.clone(),
        source_url: src.url.clone(),
        outdated,
        translation_of,
        translation_of_line,
        marked_on,
        review,
    };
    let section = if src.section.is_empty() {
        c.lang.clone()
    } else {
        format!("{}/{}", c.lang, src.section)
    };
    Ok(Page {
        file: shown.to_string(),
        rel_path: c.found.rel.clone(),
        url: format!("{}/{}", c.lang, src.url),
        section,
        is_index: src.is_index,
        meta: FrontMatter {
            title: raw.title.trim().to_string(),
            summary: raw.summary.trim().to_string(),
            audience: raw.audience.unwrap_or(src.meta.audience),
            order: raw.order.or(src.meta.order),
            last_reviewed: last_reviewed.unwrap_or(src.meta.last_reviewed),
            next_review_due: next_review_due.unwrap_or(src.meta.next_review_due),
            status: raw.status.unwrap_or(src.meta.status),
            archived_note: raw.archived_note.or_else(|| src.meta.archived_note.clone()),
            draft: raw.draft.unwrap_or(false),
            sources: raw.sources.unwrap_or_else(|| src.meta.sources.clone()),
            print_view: false,
            template_line: 0,
            // Where this file's own keys are written (not the source's).
            spans: own_spans,
            ..src.meta.clone()
        },
        text,
        body_offset,
        body_first_line,
        translation: Some(Box::new(translation)),
    })
}

/// `translation_status`, and who reviewed it when: a reviewed translation
/// must say both.
fn review(
    shown: &str,
    text: &str,
    first: usize,
    raw: &Raw,
    errors: &mut Vec<Diagnostic>,
) -> Review {
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
