//! The `easy-read` rule: the stricter check of pages written in Easy Read
//! (`format: easy-read`; see `crate::easy_read` for the rows).
//!
//! On every current Easy Read page, at the place in the source:
//!
//! - a sentence of more than [`MAX_WORDS`] words;
//! - a page whose Flesch-Kincaid grade is above [`MAX_GRADE`] (located at its
//!   hardest sentence);
//! - text that is not in a row with a picture, and a picture with no words
//!   beside it;
//! - an abbreviation (a word with two or more capital letters: CPR, GP,
//!   ReSPECT) that is not explained where it is first used outside a
//!   heading. Explained means: followed by its meaning in brackets
//!   ("GP (your doctor)"), in brackets after its meaning ("lasting power of
//!   attorney (LPA)"), or followed by "means", "is short for" or "stands
//!   for" ("CPR means …"). Abbreviations listed in `data/easy_read.yaml`
//!   (`known_abbreviations:`) need no explaining.
//!
//! Sentences are split and counted as the `reading-age` rule counts them;
//! the picture calls themselves are not text. A missing or unknown picture
//! is not this rule's: it stops the build where the page is rendered.
//! Findings are warnings; `check.rules.easy-read` can change that.

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag};
use serde::Deserialize;

use crate::config::SiteConfig;
use crate::content::page::{Format, Page, Status};
use crate::diagnostic::Diagnostic;
use crate::easy_read::{call_len, starts_with_picture, without_pictures};
use crate::site::Site;
use crate::text::readability::{self, MappedText, Sentences};

pub const RULE: crate::rule::Rule = crate::rule::Rule::EasyRead;

/// The most words an Easy Read sentence may have.
pub const MAX_WORDS: usize = 15;

/// The highest Flesch-Kincaid grade of an Easy Read page (a reading age of
/// about 8).
pub const MAX_GRADE: f64 = 3.0;

pub use crate::easy_read::DATA_NAME;

/// A finding, located by byte offset in the Markdown body.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub offset: usize,
    pub width: usize,
    pub message: String,
    pub hint: String,
}

/// Whether the rule reads page `p`.
pub fn applies(p: &Page) -> bool {
    p.meta.format == Format::EasyRead && p.meta.status == Status::Current
}

/// The findings of the rule on page `p`.
pub fn check_page(config: &SiteConfig, p: &Page) -> Vec<Diagnostic> {
    if !applies(p) {
        return Vec::new();
    }
    // Run by the page pass while the body is held; a released one is
    // reported, not read as an empty page that passes.
    let text = match p.text() {
        Ok(text) => text,
        Err(released) => return vec![released.diagnostic()],
    };
    findings(&text[p.body_offset..], &config.check.known_abbreviations)
        .into_iter()
        .map(|f| {
            Diagnostic::warning(&p.file, f.message)
                .at_offset(text, p.body_offset + f.offset)
                .width(f.width)
                .rule(RULE)
                .hint(f.hint)
        })
        .collect()
}

/// The findings on an Easy Read `body`, in order of place.
pub fn findings(body: &str, known: &[String]) -> Vec<Finding> {
    let (mut out, headings) = rows(body);
    let text_only = without_pictures(body);
    let page = readability::PageText::of(&text_only);
    let plain = &page.plain;
    out.extend(long_sentences(body, plain, &page.sentences.list));
    out.extend(page_grade(body, plain, &page.sentences));
    out.extend(abbreviations(plain, &headings, known));
    out.sort_by_key(|f| f.offset);
    out
}

/// Rows without pictures and pictures without words, and the byte ranges
/// of the headings (where an abbreviation may stand unexplained).
fn rows(body: &str) -> (Vec<Finding>, Vec<Range<usize>>) {
    let mut out = Vec::new();
    let mut headings = Vec::new();
    let mut depth = 0usize;
    // The open row: where its picture is, and whether it has words yet.
    let mut row: Option<(usize, usize, bool)> = None;
    let end_row = |row: &mut Option<(usize, usize, bool)>, out: &mut Vec<Finding>| {
        if let Some((at, width, false)) = row.take() {
            out.push(Finding {
                offset: at,
                width,
                message: "this picture has no words beside it".into(),
                hint: "write one or two short sentences on the lines after the picture".into(),
            });
        }
    };
    for (event, range) in Parser::new_ext(body, crate::markdown::options()).into_offset_iter() {
        let top = depth == 0;
        match &event {
            Event::Start(Tag::Paragraph) if top && starts_with_picture(&body[range.clone()]) => {
                end_row(&mut row, &mut out);
                let source = &body[range.clone()];
                let call = call_len(source);
                let has_words = !source[call..].trim().is_empty();
                let first_line = source.lines().next().unwrap_or_default();
                row = Some((range.start, first_line.chars().count(), has_words));
            }
            Event::Start(Tag::Heading { .. }) | Event::Rule if top => {
                end_row(&mut row, &mut out);
                headings.push(range.clone());
            }
            Event::Start(Tag::HtmlBlock) if top => {}
            Event::Start(_) if top => match &mut row {
                Some((_, _, has_words)) => *has_words = true,
                None => out.push(stray(body, &range)),
            },
            _ => {}
        }
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    end_row(&mut row, &mut out);
    (out, headings)
}

fn stray(body: &str, range: &Range<usize>) -> Finding {
    let first_line = body[range.clone()].lines().next().unwrap_or_default();
    Finding {
        offset: range.start,
        width: first_line.chars().count().max(1),
        message: "this text is not in a row with a picture".into(),
        hint: "start the row with a picture on the line before it: {{ picture(name=\"…\", alt=\"…\") }}".into(),
    }
}

/// Sentences longer than [`MAX_WORDS`].
fn long_sentences(
    body: &str,
    plain: &MappedText,
    sentences: &[readability::Sentence],
) -> Vec<Finding> {
    sentences
        .iter()
        .filter(|s| s.words > MAX_WORDS)
        .map(|s| {
            let sentence = &plain.text[s.start..s.end];
            let offset = plain.source_offset(s.start);
            Finding {
                offset,
                width: line_width(body, offset, sentence),
                message: format!(
                    "this sentence has {} words; Easy Read sentences have {MAX_WORDS} words or fewer",
                    s.words
                ),
                hint: format!(
                    "\"{}\": split it into short sentences, one idea in each",
                    quote(sentence)
                ),
            }
        })
        .collect()
}

/// The page's grade, when above [`MAX_GRADE`], at its hardest sentence.
fn page_grade(body: &str, plain: &MappedText, sentences: &Sentences) -> Option<Finding> {
    let graded = sentences.readability(&plain.text);
    if graded.grade <= MAX_GRADE {
        return None;
    }
    let hardest = sentences
        .list
        .iter()
        .filter(|s| s.words >= 3)
        .max_by(|a, b| a.grade().total_cmp(&b.grade()))?;
    let sentence = &plain.text[hardest.start..hardest.end];
    let offset = plain.source_offset(hardest.start);
    let mut hint = format!("the hardest sentence is \"{}\"", quote(sentence));
    if !graded.longest_words.is_empty() {
        let words: Vec<&str> = graded
            .longest_words
            .iter()
            .take(3)
            .map(String::as_str)
            .collect();
        hint.push_str(&format!(
            "; use shorter, everyday words than: {}",
            words.join(", ")
        ));
    }
    Some(Finding {
        offset,
        width: line_width(body, offset, sentence),
        message: format!(
            "this Easy Read page has a reading grade of {:.1}; Easy Read pages need grade {MAX_GRADE:.0} or below",
            graded.grade
        ),
        hint,
    })
}

/// How many characters to underline from `at`: the rest of the source
/// line, at most the sentence.
fn line_width(body: &str, at: usize, sentence: &str) -> usize {
    let line = body.get(at..).and_then(|r| r.lines().next()).unwrap_or("");
    line.chars().count().min(sentence.chars().count()).max(1)
}

fn quote(sentence: &str) -> String {
    crate::diagnostic::shorten(sentence, 60).to_string()
}

/// Whether `word` is an abbreviation: two or more capital letters. A plural
/// or possessive `s` is not part of it (`GPs`, `GP's`).
fn abbreviation(word: &str) -> Option<&str> {
    let stem = word
        .strip_suffix("'s")
        .or_else(|| word.strip_suffix("’s"))
        .or_else(|| word.strip_suffix('s'))
        .filter(|s| s.chars().any(|c| c.is_uppercase()))
        .unwrap_or(word);
    (stem.chars().filter(|c| c.is_uppercase()).count() >= 2).then_some(stem)
}

/// Whether the use of an abbreviation at `range` of `text` explains it.
fn explained(text: &str, range: &Range<usize>) -> bool {
    let before = text[..range.start].trim_end_matches(' ');
    let after = text[range.end..].trim_start_matches(['\'', '’', 's']);
    let after = after.trim_start_matches(' ');
    let in_brackets = before.ends_with('(') && after.starts_with(')');
    let meaning_follows = after.starts_with('(')
        || ["means ", "is short for ", "stands for "]
            .iter()
            .any(|w| after.starts_with(w));
    in_brackets || meaning_follows
}

/// Abbreviations not explained at their first use outside a heading.
fn abbreviations(plain: &MappedText, headings: &[Range<usize>], known: &[String]) -> Vec<Finding> {
    let text = plain.text.as_str();
    let mut done: Vec<String> = known.to_vec();
    let mut out = Vec::new();
    for (start, word) in words(text) {
        let Some(abbr) = abbreviation(word) else {
            continue;
        };
        if done.iter().any(|d| d == abbr) {
            continue;
        }
        let range = start..start + abbr.len();
        let offset = plain.source_offset(start);
        let in_heading = headings.iter().any(|h| h.contains(&offset));
        if explained(text, &range) {
            done.push(abbr.to_string());
        } else if !in_heading {
            done.push(abbr.to_string());
            out.push(Finding {
                offset,
                width: abbr.chars().count(),
                message: format!("the abbreviation \"{abbr}\" is not explained where it is first used"),
                hint: format!(
                    "say what it means the first time, e.g. \"{abbr} (…)\" or \"{abbr} means …\", or add it to `known_abbreviations` in data/{DATA_NAME}.yaml if every reader knows it"
                ),
            });
        }
    }
    out
}

/// The words of `text` (letters, digits, apostrophes inside a word), with
/// their byte offsets.
fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let is_word = |c: char| c.is_alphanumeric() || c == '\'' || c == '’';
    let mut rest = 0;
    std::iter::from_fn(move || {
        let from = rest + text[rest..].find(|c: char| c.is_alphanumeric())?;
        let len = text[from..]
            .find(|c| !is_word(c))
            .unwrap_or(text.len() - from);
        rest = from + len;
        let word = text[from..rest].trim_end_matches(['\'', '’']);
        Some((from, word))
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // read for its shape only
struct KnownFile {
    #[serde(default)]
    known_abbreviations: Vec<String>,
}

/// Check the shape of `data/easy_read.yaml`: a misspelt key would silently
/// leave every abbreviation unexplained.
pub fn check_site(site: &Site) -> Vec<Diagnostic> {
    site.data
        .iter()
        .filter(|d| d.name == DATA_NAME)
        .filter_map(|d| {
            crate::yaml::parse::<KnownFile>(&d.file, &d.text, &d.text, 1)
                .err()
                .map(|e| e.rule(RULE))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The messages of the findings on `body`, but the page's grade (a
    /// long sentence of short words is still above grade 3).
    fn messages(body: &str, known: &[&str]) -> Vec<String> {
        let known: Vec<String> = known.iter().map(|k| k.to_string()).collect();
        findings(body, &known)
            .into_iter()
            .map(|f| f.message)
            .filter(|m| !m.contains("reading grade"))
            .collect()
    }

    const ROW: &str = "{{ picture(name=\"doctor\", alt=\"A doctor\") }}\n";

    #[test]
    fn abbreviations_explained_either_way_or_known_pass() {
        for (text, abbr) in [
            ("A GP (your doctor) can help.", "GP"),
            ("Your doctor (GP) can help.", "GP"),
            ("CPR means trying to restart the heart.", "CPR"),
            ("LPA is short for lasting power of attorney.", "LPA"),
            ("The NHS can help.", "NHS"),
        ] {
            let body = format!("{ROW}{text}\nThe {abbr} helps.\n");
            assert_eq!(messages(&body, &["NHS"]), Vec::<String>::new(), "{text}");
            // Unexplained, the same use is reported.
            let body = format!("{ROW}The {abbr} helps.\n{text}\n");
            let expected = usize::from(abbr != "NHS");
            assert_eq!(messages(&body, &["NHS"]).len(), expected, "{text}");
        }
    }

    #[test]
    fn an_abbreviation_is_reported_once_at_its_first_use_outside_headings() {
        let body = format!("# About GPs\n\n{ROW}Your GP helps. Your GP's team helps. GPs help.\n");
        let found = findings(&body, &[]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            &body[found[0].offset..found[0].offset + found[0].width],
            "GP"
        );
        assert!(found[0].message.contains("\"GP\""));
        // ReSPECT has capitals inside the word; I and A are single capitals.
        let body = format!("{ROW}I have a ReSPECT form.\n");
        assert_eq!(messages(&body, &[]).len(), 1);
    }

    #[test]
    fn fifteen_words_pass_and_sixteen_do_not() {
        let fifteen = "one two three four five six seven eight nine ten one two three four five.";
        assert!(messages(&format!("{ROW}{fifteen}\n"), &[]).is_empty());
        let sixteen = fifteen.replace("five.", "five six.");
        assert_eq!(
            messages(&format!("{ROW}{sixteen}\n"), &[]),
            ["this sentence has 16 words; Easy Read sentences have 15 words or fewer"]
        );
    }

    #[test]
    fn the_picture_call_is_not_counted_as_words() {
        // Eleven words of text; with the call's words it would be over 15.
        let body = "{{ picture(name=\"doctor\", alt=\"A doctor who is kind and listens\") }} You can talk to your doctor about it at any time.\n";
        assert!(messages(body, &[]).is_empty(), "{:?}", messages(body, &[]));
        let grade = |body: &str| -> Vec<String> {
            findings(body, &[]).into_iter().map(|f| f.message).collect()
        };
        let text = "{{ picture(name=\"doctor\", alt=\"A\") }} You can talk to your doctor about it at any time.\n";
        assert_eq!(
            grade(body),
            grade(text),
            "the grade is that of the text alone"
        );
    }
}
