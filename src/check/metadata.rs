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
        if p.meta.sources.is_empty() {
            out.push(
                at_key(Diagnostic::warning(&p.file, "the page names no sources"), p, "title")
                    .rule(RULE)
                    .hint("add `sources:` with the title and web address of each source the facts come from"),
            );
        }
        for s in &p.meta.sources {
            if !s.url.starts_with("https://") && !s.url.starts_with("http://") {
                out.push(
                    at_text(
                        Diagnostic::warning(
                            &p.file,
                            format!("source `{}` has no full web address", s.title),
                        ),
                        p,
                        &s.url,
                    )
                    .rule(RULE)
                    .hint("write the source's address in full, starting with https://"),
                );
            }
        }
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

pub fn at_key(d: Diagnostic, p: &Page, key: &str) -> Diagnostic {
    let needle = format!("{key}:");
    match p.text[..p.body_offset]
        .lines()
        .position(|l| l.starts_with(&needle))
    {
        Some(i) => d.at(&p.text, i + 1, 1).width(key.len()),
        None => d.at(&p.text, 1, 1),
    }
}

fn at_text(d: Diagnostic, p: &Page, text: &str) -> Diagnostic {
    match p.text[..p.body_offset].find(text) {
        Some(off) if !text.is_empty() => d.at_offset(&p.text, off).width(text.chars().count()),
        _ => d,
    }
}
