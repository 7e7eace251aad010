//! Finding translations among content/'s Markdown files and reading their
//! front matter into [`Page`]s that borrow the rest from their source.

use super::Translation;
use crate::config::SiteConfig;
use crate::content::page::{FrontMatter, Page};
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
    problems: &mut Vec<Diagnostic>,
) -> (Vec<Found>, Vec<Candidate>) {
    let (mut pages, mut translations) = (Vec::new(), Vec::new());
    let errors = problems;
    if config.languages.is_none() {
        return (md, translations);
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
    (pages, translations)
}

/// [`load`] with its problems going to `errors`.
pub fn read_all(
    candidates: &[Candidate],
    sources: &[Page],
    drafts: &std::collections::HashSet<String>,
    errors: &mut Vec<Diagnostic>,
) -> Vec<Page> {
    let (translations, problems) = load(candidates, sources, drafts);
    errors.extend(problems);
    translations
}

/// Add read translations to `pages` (or, for a draft in a build without
/// drafts, to `drafts`).
pub fn add(
    translations: Vec<Page>,
    pages: &mut Vec<Page>,
    drafts: &mut std::collections::HashSet<String>,
    include_drafts: bool,
) {
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
    let raw: super::record::Raw =
        crate::yaml::parse(shown, &text, split.yaml, split.yaml_first_line).map_err(|d| vec![d])?;
    let (body_offset, body_first_line, first) = (
        split.body_offset,
        split.body_first_line,
        split.yaml_first_line,
    );
    let at = super::record::At {
        shown,
        text: &text,
        first,
    };
    let rec = super::record::read(&at, &raw)?;
    let (now, now_blocks) = super::source_state(src).map_err(|d| vec![d])?;
    let outdated = !rec.translation_of.is_empty() && now != rec.translation_of;
    let changes = match (&rec.blocks, outdated) {
        (Some(old), true) => super::outdated::describe(old, &now_blocks),
        _ => Vec::new(),
    };
    let translation = Translation {
        changes,
        lang: c.lang.clone(),
        source: c.source.clone(),
        source_url: src.url.clone(),
        outdated,
        translation_of: rec.translation_of.clone(),
        translation_of_line: rec.translation_of_line,
        marked_on: rec.marked_on,
        review: rec.review.clone(),
    };
    let section = if src.section.is_empty() {
        c.lang.clone()
    } else {
        format!("{}/{}", c.lang, src.section)
    };
    Ok(Page::from(crate::content::page::PageParts {
        file: shown.to_string(),
        rel_path: c.found.rel.clone(),
        url: format!("{}/{}", c.lang, src.url),
        section,
        is_index: src.is_index,
        meta: meta(raw, &rec, src, own_spans),
        text,
        body_offset,
        body_first_line,
        translation: Some(Box::new(translation)),
    }))
}

/// The translation's front matter: its own keys, the source's for the rest.
fn meta(
    raw: super::record::Raw,
    rec: &super::record::Record,
    src: &Page,
    own_spans: crate::yaml::Spans,
) -> FrontMatter {
    FrontMatter {
        title: raw.title.trim().to_string(),
        summary: raw.summary.trim().to_string(),
        audience: raw.audience.unwrap_or(src.meta.audience),
        order: raw.order.or(src.meta.order),
        last_reviewed: rec.last_reviewed.unwrap_or(src.meta.last_reviewed),
        next_review_due: rec.next_review_due.unwrap_or(src.meta.next_review_due),
        status: raw.status.unwrap_or(src.meta.status),
        archived_note: raw.archived_note.or_else(|| src.meta.archived_note.clone()),
        draft: raw.draft.unwrap_or(false),
        sources: raw.sources.unwrap_or_else(|| src.meta.sources.clone()),
        print_view: false,
        template_line: 0,
        // Where this file's own keys are written (not the source's).
        spans: own_spans,
        ..src.meta.clone()
    }
}
