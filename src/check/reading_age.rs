//! The `reading-age` rule: patient pages should be easy to read.
//!
//! Every current patient page is graded with [`readability::grade`] on the
//! words readers see ([`readability::markdown_to_plain`]). Above
//! `check.max_reading_grade` (default 8) is a warning, or an error with
//! `check.reading_grade_is_error`. The finding points at the hardest
//! sentence in the source, because that is where the author should start,
//! and the hint names the longest words.
//!
//! The build runs this on every page (pages in parallel, see
//! `check::run`), so it is linear in the size of the site; locating the sentence is done only for
//! pages that fail.

use serde::Serialize;

use super::readability::{self, Readability};
use crate::content::page::{Audience, Page, Status};
use crate::diagnostic::Diagnostic;
use crate::site::Site;

pub const RULE: &str = "reading-age";

/// Sentences quoted in a hint are cut to about this many characters.
const QUOTE_CHARS: usize = 80;

/// One page's figures, for the JSON report's `metrics.reading`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PageReading {
    pub file: String,
    /// Flesch-Kincaid grade, to one decimal place.
    pub grade: f64,
    /// Approximate reading age in years, to one decimal place.
    pub reading_age: f64,
    pub words: usize,
    pub sentences: usize,
}

/// Grade a page if it is a current patient page.
pub fn measure_page(p: &Page) -> Option<Readability> {
    (p.meta.audience == Audience::Patient && p.meta.status == Status::Current)
        .then(|| readability::grade(&readability::markdown_to_plain(p.body())))
}

/// The figures of [`measure_page`] as the report shows them.
pub fn metrics_of(p: &Page, r: &Readability) -> PageReading {
    PageReading {
        file: p.file.clone(),
        grade: one_decimal(r.grade),
        reading_age: one_decimal(r.reading_age),
        words: r.words,
        sentences: r.sentences,
    }
}

/// A finding if the page is above the limit.
pub fn check_page(site: &Site, p: &Page, r: &Readability) -> Option<Diagnostic> {
    let settings = &site.config.check;
    let max = settings.max_reading_grade;
    if r.words == 0 || r.grade <= max {
        return None;
    }
    let message = format!(
        "reading grade {:.1} (a reading age of about {}) is above the limit of {} for patient pages",
        r.grade,
        r.reading_age.round(),
        trim_number(max),
    );
    let d = if settings.reading_grade_is_error {
        Diagnostic::error(&p.file, message)
    } else {
        Diagnostic::warning(&p.file, message)
    };
    Some(locate(d, p, r).rule(RULE).hint(hint(r)))
}

fn hint(r: &Readability) -> String {
    let mut parts = Vec::new();
    let sentences: Vec<String> = r
        .hardest_sentences
        .iter()
        .take(2)
        .map(|(s, g)| format!("\"{}\" (grade {g:.0})", truncate(s, QUOTE_CHARS)))
        .collect();
    if !sentences.is_empty() {
        parts.push(format!(
            "split or simplify the hardest {}: {}",
            if sentences.len() == 1 {
                "sentence"
            } else {
                "sentences"
            },
            sentences.join("; ")
        ));
    }
    if !r.longest_words.is_empty() {
        parts.push(format!(
            "use shorter everyday words for: {}",
            r.longest_words.join(", ")
        ));
    }
    if parts.is_empty() {
        "use shorter sentences and everyday words".into()
    } else {
        parts.join("; ")
    }
}

/// Point at the hardest sentence where it can be found in the source, else
/// at the first line of the body.
fn locate(d: Diagnostic, p: &Page, r: &Readability) -> Diagnostic {
    let body = p.body();
    let found = r
        .hardest_sentences
        .first()
        .and_then(|(s, _)| find_sentence(body, s));
    match found {
        Some((offset, chars)) => d.at_offset(&p.text, p.body_offset + offset).width(chars),
        None => {
            let skipped = body.len() - body.trim_start().len();
            let start = body[..skipped].rfind('\n').map_or(0, |i| i + 1);
            let width = body[start..]
                .lines()
                .next()
                .map_or(1, |l| l.chars().count());
            d.at_offset(&p.text, p.body_offset + start).width(width)
        }
    }
}

/// Where `sentence` (plain text from [`readability::markdown_to_plain`])
/// starts in the Markdown `body`: a byte offset, and how many characters to
/// underline (the rest of that source line, at most the sentence).
///
/// The plain text has lost the Markdown (emphasis marks, link URLs) and has
/// smart punctuation, so both sides are normalised the same way and the
/// start of the sentence is searched for, shortest prefix last. A sentence
/// not found (say one that starts inside a link) gives `None`.
fn find_sentence(body: &str, sentence: &str) -> Option<(usize, usize)> {
    let (hay, offsets) = normalise(body);
    let (needle, _) = normalise(sentence);
    let needle = needle.trim();
    for prefix_chars in [40, 16] {
        let prefix: String = needle.chars().take(prefix_chars).collect();
        if prefix.chars().count() < 8.min(needle.chars().count()) || prefix.is_empty() {
            continue;
        }
        if let Some(i) = hay.find(&prefix) {
            let start = offsets[i];
            let line_rest = body[start..].lines().next().unwrap_or("");
            let width = line_rest
                .chars()
                .count()
                .min(sentence.chars().count())
                .max(1);
            return Some((start, width));
        }
    }
    None
}

/// Text with Markdown markers removed, runs of whitespace made one space and
/// smart punctuation made plain (as the renderer's smart punctuation would
/// have produced it from plain), with the source byte offset of every byte.
fn normalise(text: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(text.len());
    let mut offsets = Vec::with_capacity(text.len());
    let mut push = |out: &mut String, s: &str, at: usize| {
        out.push_str(s);
        offsets.extend(std::iter::repeat_n(at, s.len()));
    };
    let mut last_space = true;
    for (at, c) in text.char_indices() {
        let mapped: &str = match c {
            '*' | '_' | '`' | '[' | ']' | '#' | '>' | '\\' => continue,
            c if c.is_whitespace() => {
                if !last_space {
                    push(&mut out, " ", at);
                    last_space = true;
                }
                continue;
            }
            '\u{2018}' | '\u{2019}' => "'",
            '\u{201C}' | '\u{201D}' => "\"",
            '\u{2013}' => "--",
            '\u{2014}' => "---",
            '\u{2026}' => "...",
            _ => {
                let mut buf = [0u8; 4];
                push(&mut out, c.encode_utf8(&mut buf), at);
                last_space = false;
                continue;
            }
        };
        push(&mut out, mapped, at);
        last_space = false;
    }
    (out, offsets)
}

/// At most `max` characters, cut at a word boundary, with an ellipsis.
fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > max / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', ' ']))
}

fn one_decimal(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// `8` rather than `8.0`, but `8.5` kept.
fn trim_number(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_sentences_through_markdown_and_smart_quotes() {
        let body =
            "# Title\n\nIt's easy. The **multidisciplinary**\nteam's \"decision\" -- final.\n";
        let plain = readability::markdown_to_plain(body);
        let r = readability::grade(&plain);
        let hardest = &r.hardest_sentences[0].0;
        assert!(hardest.starts_with("The multidisciplinary"), "{hardest}");
        let (offset, width) = find_sentence(body, hardest).unwrap();
        assert_eq!(&body[offset..offset + 3], "The");
        assert_eq!(width, "The **multidisciplinary**".len());
        assert_eq!(find_sentence(body, "Nothing like this here at all."), None);
    }

    #[test]
    fn truncates_at_a_word() {
        let s = "word ".repeat(30);
        let t = truncate(s.trim(), 20);
        assert_eq!(t, "word word word word…");
        assert_eq!(truncate("short", 20), "short");
        // Never splits a character.
        assert!(truncate(&"é".repeat(100), 10).starts_with("éééé"));
    }

    #[test]
    fn numbers_are_shown_plainly() {
        assert_eq!(trim_number(8.0), "8");
        assert_eq!(trim_number(8.5), "8.5");
        assert_eq!(one_decimal(7.349), 7.3);
    }

    #[test]
    fn normalise_never_panics_and_keeps_offsets() {
        let (s, o) = normalise("a\u{2019}b  *c*\u{2026}");
        assert_eq!(s, "a'b c...");
        assert_eq!(o.len(), s.len());
        assert_eq!(o[1], 1);
        assert!(find_sentence("", "").is_none());
    }
}
