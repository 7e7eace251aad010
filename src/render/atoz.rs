//! The A to Z index: every page, every form and every topic (a page's `##`
//! headings) in one alphabetical list. It is the way in for readers without
//! JavaScript, for whom the search box never appears.

use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::render::engine;
use crate::render::jobs::{A_TO_Z_URL, Renderer};

#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    /// What the reader looks for: a page title, a form title or a topic.
    pub text: String,
    /// Site-relative URL, with `#anchor` for a topic.
    pub url: String,
    /// `page`, `section`, `form` or `topic`.
    pub kind: &'static str,
    /// For a topic: the title of the page it is on.
    pub page_title: Option<String>,
    pub archived: bool,
    #[serde(skip)]
    sort_key: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Letter {
    /// The heading shown: `A` … `Z`, `0–9` or `Other`.
    pub letter: String,
    /// Its anchor on the page: `letter-a`, `letter-0-9`, `letter-other`.
    pub id: String,
    /// Empty for letters with nothing under them (shown, not linked, in the jump list).
    pub entries: Vec<Entry>,
}

/// Every entry of the site, grouped by letter. All 26 letters are present
/// (in order) so the jump list reads like a printed index; `0–9` comes
/// first and `Other` last, only when they have entries.
pub fn letters(r: &Renderer<'_>) -> Vec<Letter> {
    let site = r.site;
    let mut entries = Vec::new();
    for (page, rendered) in site.pages.iter().zip(r.markdown) {
        let archived = page.meta.status == crate::content::page::Status::Archived;
        entries.push(entry(
            &page.meta.title,
            page.url.clone(),
            if page.is_index { "section" } else { "page" },
            None,
            archived,
        ));
        for h in rendered.headings.iter().filter(|h| h.level == 2) {
            // A heading that repeats the page title would list the page twice.
            if h.text.eq_ignore_ascii_case(&page.meta.title) {
                continue;
            }
            let url = format!("{}#{}", page.url, h.id);
            entries.push(entry(
                &h.text,
                url,
                "topic",
                Some(page.meta.title.clone()),
                archived,
            ));
        }
    }
    for form in &site.forms {
        entries.push(entry(
            &form.title,
            format!("forms/{}/", form.id),
            "form",
            None,
            false,
        ));
    }
    entries.sort_by(|a, b| {
        (a.sort_key.as_str(), a.page_title.as_deref(), a.url.as_str()).cmp(&(
            b.sort_key.as_str(),
            b.page_title.as_deref(),
            b.url.as_str(),
        ))
    });

    let mut groups: Vec<Letter> = std::iter::once("0–9".to_string())
        .chain(('A'..='Z').map(String::from))
        .chain(std::iter::once("Other".to_string()))
        .map(|letter| Letter {
            id: format!(
                "letter-{}",
                crate::markdown::slug(&letter.replace('–', "-"))
            ),
            letter,
            entries: Vec::new(),
        })
        .collect();
    for e in entries {
        let first = e.sort_key.chars().next().unwrap_or(' ');
        let slot = match first {
            '0'..='9' => 0,
            'a'..='z' => 1 + (first as usize - 'a' as usize),
            _ => 27,
        };
        groups[slot].entries.push(e);
    }
    let last = groups.len() - 1;
    groups
        .into_iter()
        .enumerate()
        .filter(|(i, g)| !g.entries.is_empty() || (1..last).contains(i))
        .map(|(_, g)| g)
        .collect()
}

fn entry(
    text: &str,
    url: String,
    kind: &'static str,
    page_title: Option<String>,
    archived: bool,
) -> Entry {
    // Sort and file under the first letter or digit: “Do not…” goes under D.
    let sort_key = text
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    Entry {
        text: text.trim().to_string(),
        url,
        kind,
        page_title,
        archived,
        sort_key,
    }
}

pub fn page(r: &Renderer<'_>) -> Result<(String, Vec<u8>), Diagnostic> {
    let mut ctx = r.base_context(A_TO_Z_URL);
    ctx.insert("letters", &letters(r));
    let html = r
        .tera
        .render("a-z.html", &ctx)
        .map_err(|e| engine::to_diagnostic(&e, &r.site.templates, None))?;
    Ok((format!("{A_TO_Z_URL}index.html"), html.into_bytes()))
}
