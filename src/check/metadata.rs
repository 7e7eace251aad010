//! Metadata: the front matter the NHS Standard for creating health content
//! expects (named sources), readable summaries, no two pages of a section
//! with the same title.

use std::collections::HashMap;

use crate::config::CheckSettings;
use crate::content::page::Page;
use crate::diagnostic::Diagnostic;
use crate::site::Site;

pub const RULE: crate::rule::Rule = crate::rule::Rule::Metadata;

pub fn check(site: &Site, settings: &CheckSettings) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut titles: HashMap<(&str, String), &Page> = HashMap::new();
    for p in &site.pages {
        sources(p, &mut out);
        let len = p.meta.summary.chars().count();
        if len < settings.summary_min || len > settings.summary_max {
            out.push(
                at_key(
                    Diagnostic::warning(
                        &p.file,
                        format!(
                            "the summary is {len} characters long; aim for {} to {}",
                            settings.summary_min, settings.summary_max
                        ),
                    ),
                    p,
                    "summary",
                )
                .rule(RULE)
                .hint("one plain sentence saying what the page is for"),
            );
        }
        let key = (p.section.as_str(), p.meta.title.to_lowercase());
        if let Some(first) = titles.get(&key) {
            out.push(
                at_key(
                    Diagnostic::warning(
                        &p.file,
                        format!("{} in the same section has the same title", first.file),
                    ),
                    p,
                    "title",
                )
                .rule(RULE)
                .hint("give each page a title that tells it apart in lists and search results"),
            );
        } else {
            titles.insert(key, p);
        }
    }
    out
}

/// Named sources, each with a full web address.
fn sources(p: &Page, out: &mut Vec<Diagnostic>) {
    if p.meta.sources.is_empty() {
        out.push(
            at_key(
                Diagnostic::warning(&p.file, "the page names no sources"),
                p,
                "title",
            )
            .rule(RULE)
            .hint(
                "add `sources:` with the title and web address of each source the facts come from",
            ),
        );
    }
    for (i, s) in p.meta.sources.iter().enumerate() {
        if !s.url.starts_with("https://") && !s.url.starts_with("http://") {
            out.push(
                at_value(
                    Diagnostic::warning(
                        &p.file,
                        format!("source `{}` has no full web address", s.title),
                    ),
                    p,
                    &format!("sources.{i}.url"),
                    s.url.chars().count(),
                )
                .rule(RULE)
                .hint("write the source's address in full, starting with https://"),
            );
        }
    }
}

/// Point `d` at the key `path` of the page's front matter, underlining it.
fn at_key(d: Diagnostic, p: &Page, path: &str) -> Diagnostic {
    match p.meta.spans.key(path) {
        Some(at) => d
            .at(&p.text, at.line, at.column)
            .width(path.rsplit('.').next().unwrap_or(path).len()),
        None => d.at(&p.text, 1, 1),
    }
}

/// Point `d` at the text of the value at `path` (inside its quotes, if
/// quoted), underlining `width` characters.
fn at_value(d: Diagnostic, p: &Page, path: &str, width: usize) -> Diagnostic {
    match p.meta.spans.value(path) {
        Some(at) if width > 0 => {
            let quoted = p
                .text
                .lines()
                .nth(at.line - 1)
                .and_then(|l| l.chars().nth(at.column - 1));
            let column = at.column + usize::from(matches!(quoted, Some('"' | '\'')));
            d.at(&p.text, at.line, column).width(width)
        }
        _ => d,
    }
}
