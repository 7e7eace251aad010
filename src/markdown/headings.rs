//! Headings: their opening tags, GitHub-style slugs and unique ids.

use std::collections::HashSet;
use std::fmt::Write as _;

use pulldown_cmark::{CowStr, HeadingLevel};

use super::Heading;
use crate::text::html::escape_attr_into;

pub(super) const HEADING_CLOSE: [&str; 6] = [
    "</h1>\n", "</h2>\n", "</h3>\n", "</h4>\n", "</h5>\n", "</h6>\n",
];

/// `<hN id="…" class="…" attr="…">`, the id prefixed when asked. Event
/// handlers are never passed through from heading attributes.
pub(super) fn heading_open(
    lvl: u8,
    prefix: Option<&str>,
    id: &str,
    classes: &[CowStr<'_>],
    attrs: &[(CowStr<'_>, Option<CowStr<'_>>)],
) -> String {
    // The exact length when nothing needs escaping (nearly always): the
    // string then becomes the event's `CowStr` without being copied again.
    let len = "<hN id=\"\">".len()
        + prefix.map_or(0, |p| p.len() + 2)
        + id.len()
        + if classes.is_empty() {
            0
        } else {
            " class=\"\"".len() + classes.iter().map(|c| c.len() + 1).sum::<usize>() - 1
        }
        + attrs
            .iter()
            .map(|(k, v)| 1 + k.len() + v.as_ref().map_or(0, |v| v.len() + 3))
            .sum::<usize>();
    let mut open = String::with_capacity(len);
    open.push_str("<h");
    open.push(char::from(b'0' + lvl));
    open.push_str(" id=\"");
    if let Some(prefix) = prefix {
        escape_attr_into(&mut open, prefix);
        open.push_str("--");
    }
    escape_attr_into(&mut open, id);
    open.push('"');
    if !classes.is_empty() {
        open.push_str(" class=\"");
        for (i, class) in classes.iter().enumerate() {
            if i > 0 {
                open.push(' ');
            }
            escape_attr_into(&mut open, class);
        }
        open.push('"');
    }
    for (k, v) in attrs {
        if k.to_ascii_lowercase().starts_with("on") {
            continue;
        }
        open.push(' ');
        escape_attr_into(&mut open, k);
        if let Some(v) = v {
            open.push_str("=\"");
            escape_attr_into(&mut open, v);
            open.push('"');
        }
    }
    open.push('>');
    open
}

pub(super) fn heading_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// GitHub-style heading slug: lower case, letters, digits, `-` and `_`,
/// spaces to hyphens.
pub fn slug(text: &str) -> String {
    let text = text.trim();
    let mut s = String::with_capacity(text.len());
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(&b) = bytes.get(at) {
        // Headings are nearly all ASCII: a byte at a time there, through
        // a table, where the Unicode tests and the lower-casing iterator
        // cost several times more; other characters are decoded.
        if let Some(&out) = SLUG_ASCII.get(usize::from(b)) {
            if out != 0 {
                s.push(char::from(out));
            }
            at += 1;
        } else {
            let c = text[at..].chars().next().expect("a character starts here");
            if c.is_alphanumeric() {
                s.extend(c.to_lowercase());
            }
            at += c.len_utf8();
        }
    }
    if s.is_empty() { "section".into() } else { s }
}

/// What [`slug`] makes of each ASCII character: letters lower-cased,
/// digits, `_` and `-` kept, a space made `-`, anything else (0) dropped.
pub(super) const SLUG_ASCII: [u8; 128] = {
    let mut table = [0; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = match c {
            b'a'..=b'z' | b'0'..=b'9' | b'_' | b'-' => c,
            b'A'..=b'Z' => c.to_ascii_lowercase(),
            b' ' => b'-',
            _ => 0,
        };
        b += 1;
    }
    table
};

/// `text` without leading and trailing whitespace (as `str::trim`), in its
/// own allocation: a heading's text usually has none to lose. Kept for the
/// whole build, so without spare capacity (a heading read from several
/// events has some), as `trim().to_string()` gave.
pub(super) fn trim_in_place(mut text: String) -> String {
    text.truncate(text.trim_end().len());
    let leading = text.len() - text.trim_start().len();
    text.drain(..leading);
    text.shrink_to_fit();
    text
}

/// The heading ids a page has used so far, to keep each one unique.
///
/// They are the ids of `Rendered::headings`. A page has a handful of
/// headings, and comparing with each of those costs less than a set
/// (hashing every id, a copy of every id, the set's own allocations); a
/// page with very many switches to a set so that it stays linear.
#[derive(Default)]
pub(super) struct UsedIds {
    /// Every id given, once the page has [`UsedIds::FEW`] headings.
    many: Option<HashSet<String>>,
    /// With `many`: for each base, the suffix to try next. Every smaller
    /// one was found taken and stays taken, so the search resumes there:
    /// k identical headings cost k steps, not k²/2 (40,000 took 47 s).
    next: std::collections::HashMap<String, usize>,
}

impl UsedIds {
    pub(super) const FEW: usize = 32;

    /// `base`, or else the first of `base-1`, `base-2`, … not yet used. The
    /// caller then adds a heading with that id to `headings`.
    pub(super) fn unique(&mut self, base: String, headings: &[Heading]) -> String {
        if self.many.is_none() && headings.len() >= Self::FEW {
            self.many = Some(headings.iter().map(|h| h.id.clone()).collect());
        }
        let used = |id: &str| match &self.many {
            Some(set) => set.contains(id),
            None => headings.iter().any(|h| h.id == id),
        };
        let base_len = base.len();
        let mut n = match &self.many {
            Some(_) => self.next.get(&base).copied().unwrap_or(1),
            None => 1,
        };
        let mut id = base;
        if n > 1 {
            write!(id, "-{}", n - 1).expect("a String takes any text");
        }
        while used(&id) {
            id.truncate(base_len);
            write!(id, "-{n}").expect("a String takes any text");
            n += 1;
        }
        if let Some(set) = &mut self.many {
            self.next.insert(id[..base_len].to_string(), n);
            set.insert(id.clone());
        }
        id
    }
}
