//! The A to Z index: every page, every form and every topic (a page's `##`
//! headings) in one alphabetical list. It is the way in for readers without
//! JavaScript, for whom the search box never appears.
//!
//! A site with more than [`SPLIT_ENTRIES`] entries gets a page per letter
//! (`a-z/a/`, `a-z/0-9/`, `a-z/other/`) and an index page of letters: one
//! list of a 10,000-page site's topics is a 10 MB page no phone can use, and
//! building it in one piece is most of a large build's peak memory.

use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::markdown::Rendered;
use crate::render::engine;
use crate::render::jobs::{A_TO_Z_URL, Renderer};
use crate::site::Site;

/// Above this many entries, the A to Z is split into a page per letter.
pub const SPLIT_ENTRIES: usize = 1_000;

/// Letter slots: `0–9`, `A` … `Z`, `Other`.
pub const SLOTS: usize = 28;

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
    /// Its folder when the A to Z is split: `a`, `0-9`, `other`.
    pub slug: String,
    /// How many entries file under it (also when `entries` is left empty,
    /// on the index of a split A to Z).
    pub count: usize,
    /// Empty for letters with nothing under them (shown, not linked, in the jump list).
    pub entries: Vec<Entry>,
}

/// The entries filed under each letter slot, counted without making them.
pub fn counts(site: &Site, markdown: &[Rendered]) -> [usize; SLOTS] {
    let mut n = [0; SLOTS];
    for (page, rendered) in site.pages.iter().zip(markdown) {
        n[slot_of(&page.meta.title)] += 1;
        for h in rendered.headings.iter().filter(|h| is_topic(page, h)) {
            n[slot_of(&h.text)] += 1;
        }
    }
    for form in &site.forms {
        n[slot_of(&form.title)] += 1;
    }
    n
}

/// Whether the A to Z has a page per letter.
pub fn is_split(counts: &[usize; SLOTS]) -> bool {
    counts.iter().sum::<usize>() > SPLIT_ENTRIES
}

/// The folder of a letter slot's page: `0-9`, `a` … `z`, `other`.
pub fn slot_slug(slot: usize) -> String {
    match slot {
        0 => "0-9".into(),
        1..=26 => char::from(b'a' + (slot - 1) as u8).to_string(),
        _ => "other".into(),
    }
}

/// Whether a heading of `page` is an A to Z topic: a second-level
/// heading, unless it repeats the page's title (which would list the page
/// twice).
fn is_topic(page: &crate::content::page::Page, h: &crate::markdown::Heading) -> bool {
    h.level == 2 && !h.text.eq_ignore_ascii_case(&page.meta.title)
}

/// The slot a text files under: its first letter or digit.
fn slot_of(text: &str) -> usize {
    // Nearly every title and heading starts with an ASCII letter or digit;
    // a split A to Z files every entry once per letter page, so that case
    // skips the Unicode trimming and lowercasing below (same result).
    if let Some(&b) = text.as_bytes().first()
        && b.is_ascii_alphanumeric()
    {
        return ascii_slot(b.to_ascii_lowercase());
    }
    let first = text
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .chars()
        .next()
        .and_then(|c| c.to_lowercase().next())
        .unwrap_or(' ');
    if first.is_ascii() {
        ascii_slot(first as u8)
    } else {
        OTHER
    }
}

/// The slot of an ASCII character, already lowercased.
fn ascii_slot(c: u8) -> usize {
    match c {
        b'0'..=b'9' => 0,
        b'a'..=b'z' => 1 + usize::from(c - b'a'),
        _ => OTHER,
    }
}

/// The last slot: texts that start with no letter or digit of `A` to `Z`.
const OTHER: usize = SLOTS - 1;

/// Where each A to Z entry files, worked out once per render: a split A
/// to Z makes a page per letter, and filing the whole site again for each
/// of them reads every page's headings 28 times over, which at 10,000
/// pages cost more than rendering the letter pages.
#[derive(Debug, Default)]
pub struct Index {
    counts: [usize; SLOTS],
    /// Every entry with its slot, in site order: each page, then its
    /// topics; the forms last. Entries are made (and sorted) only for the
    /// slots a page shows.
    items: Vec<(u8, Item)>,
}

/// Indices are `u32`: a 100,000-page site has some 600,000 entries, and
/// this index is held beside everything else at the build's peak memory.
#[derive(Debug, Clone, Copy)]
enum Item {
    /// `site.pages[i]`, by its title.
    Page(u32),
    /// The heading `markdown[page].headings[h]`.
    Topic(u32, u32),
    Form(u32),
}

/// An index as stored in an [`Item`]. No site has 2³² pages, nor a page
/// 2³² headings (it would need a page of over 12 GB); such an entry would
/// be left out rather than stop the build.
fn narrow(i: usize) -> Option<u32> {
    u32::try_from(i).ok()
}

impl Index {
    pub fn new(site: &Site, markdown: &[Rendered]) -> Index {
        let mut index = Index::default();
        let mut file = |text: &str, item: Option<Item>| {
            let Some(item) = item else {
                return;
            };
            let slot = slot_of(text);
            index.counts[slot] += 1;
            // SLOTS is 28, so a slot always fits in a byte.
            index.items.push((slot as u8, item));
        };
        for (i, (page, rendered)) in site.pages.iter().zip(markdown).enumerate() {
            file(&page.meta.title, narrow(i).map(Item::Page));
            for (h, heading) in rendered.headings.iter().enumerate() {
                if is_topic(page, heading) {
                    file(
                        &heading.text,
                        narrow(i).zip(narrow(h)).map(|(i, h)| Item::Topic(i, h)),
                    );
                }
            }
        }
        for (f, form) in site.forms.iter().enumerate() {
            file(&form.title, narrow(f).map(Item::Form));
        }
        index
    }
}

/// Every entry of the site, grouped by letter, or only those of the slot
/// `only` (the other letters keep their counts). All 26 letters are present
/// (in order) so the jump list reads like a printed index; `0–9` comes
/// first and `Other` last, only when they have entries.
fn letters_of(r: &Renderer<'_>, only: Option<usize>) -> Vec<Letter> {
    let index = r.atoz_index();
    let entries = entries_of(r, index, only);
    let mut groups = empty_letters(&index.counts);
    for e in entries {
        let slot = slot_of(&e.sort_key);
        groups[slot].entries.push(e);
    }
    let last = groups.len() - 1;
    groups
        .into_iter()
        .enumerate()
        .filter(|(i, g)| g.count > 0 || (1..last).contains(i))
        .map(|(_, g)| g)
        .collect()
}

/// The entries of the slot `only` (or all), sorted as the index lists them.
fn entries_of(r: &Renderer<'_>, index: &Index, only: Option<usize>) -> Vec<Entry> {
    let site = r.site;
    let mut entries = Vec::new();
    for &(slot, item) in &index.items {
        if only.is_some_and(|s| s != usize::from(slot)) {
            continue;
        }
        entries.push(match item {
            Item::Page(i) => {
                let page = &site.pages[i as usize];
                entry(
                    &page.meta.title,
                    page.url.clone(),
                    if page.is_index { "section" } else { "page" },
                    None,
                    is_archived(page),
                )
            }
            Item::Topic(i, h) => {
                let page = &site.pages[i as usize];
                let heading =
                    &r.markdown[crate::content::ids::PageId::new(i as usize)].headings[h as usize];
                entry(
                    &heading.text,
                    format!("{}#{}", page.url, heading.id),
                    "topic",
                    Some(page.meta.title.clone()),
                    is_archived(page),
                )
            }
            Item::Form(f) => {
                let form = &site.forms[f as usize];
                entry(
                    &form.title,
                    format!("forms/{}/", form.id),
                    "form",
                    None,
                    false,
                )
            }
        });
    }
    entries.sort_by(|a, b| {
        (a.sort_key.as_str(), a.page_title.as_deref(), a.url.as_str()).cmp(&(
            b.sort_key.as_str(),
            b.page_title.as_deref(),
            b.url.as_str(),
        ))
    });
    entries
}

/// One empty group per slot, with the slot's count: `0–9`, A to Z, `Other`.
fn empty_letters(counts: &[usize; SLOTS]) -> Vec<Letter> {
    std::iter::once("0–9".to_string())
        .chain(('A'..='Z').map(String::from))
        .chain(std::iter::once("Other".to_string()))
        .enumerate()
        .map(|(slot, letter)| Letter {
            id: format!(
                "letter-{}",
                crate::markdown::slug(&letter.replace('–', "-"))
            ),
            letter,
            slug: slot_slug(slot),
            count: counts[slot],
            entries: Vec::new(),
        })
        .collect()
}

fn is_archived(page: &crate::content::page::Page) -> bool {
    page.meta.status == crate::content::page::Status::Archived
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
    let split = is_split(&r.atoz_index().counts);
    // The index of a split A to Z lists letters only: no slot is wanted.
    let letters = letters_of(r, if split { Some(SLOTS) } else { None });
    render(r, A_TO_Z_URL.to_string(), &letters, split, None)
}

/// The page of one letter slot of a split A to Z.
pub fn letter_page(r: &Renderer<'_>, slot: usize) -> Result<(String, Vec<u8>), Diagnostic> {
    let letters = letters_of(r, Some(slot));
    let current = letters
        .iter()
        .find(|l| l.slug == slot_slug(slot))
        .map(|l| l.letter.clone());
    let url = format!("{A_TO_Z_URL}{}/", slot_slug(slot));
    render(r, url, &letters, true, current)
}

fn render(
    r: &Renderer<'_>,
    url: String,
    letters: &[Letter],
    split: bool,
    current: Option<String>,
) -> Result<(String, Vec<u8>), Diagnostic> {
    let mut ctx = r.base_context(&url);
    ctx.insert("letters", letters);
    ctx.insert("split", &split);
    ctx.insert("current", &current);
    let html = r
        .tera
        .render("a-z.html", &ctx)
        .map_err(|e| engine::to_diagnostic(&e, &r.site.templates, None))?;
    Ok((format!("{url}index.html"), html.into_bytes()))
}
