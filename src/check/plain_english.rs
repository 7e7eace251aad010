//! The `plain-english` rule: what a page's average reading grade hides.
//!
//! A page's Flesch-Kincaid grade is an average, so one paragraph of jargon
//! appended to an easy page barely moves it. This rule reads every current
//! patient page sentence by sentence (split and counted exactly as
//! [`readability::grade`] does) and reports, at the sentence's own line and
//! column:
//!
//! - a sentence longer than `check.max_sentence_words` words (default 25);
//! - a sentence whose own grade is "far" above the page limit: more than
//!   `check.sentence_grade_margin` grades (default 6) above
//!   `check.max_reading_grade`. With the defaults (8 and 6) that is a
//!   sentence above grade 14, a reading age of about 19: university
//!   text. A single sentence's grade swings more than a page's, so the
//!   margin is wide, and sentences of fewer than [`MIN_GRADED_WORDS`]
//!   words (headings, list items such as "Lasting power of attorney") are
//!   not graded on their own;
//! - a word or phrase from the site's plain-English list
//!   (`data/plain_english.yaml`: `utilise -> use`), at the word, with the
//!   plainer word as the hint.
//!
//! Findings are warnings; `check.rules.plain-english` can make them errors
//! or switch the rule off.

use std::collections::HashMap;

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::reading_age;
use crate::config::SiteConfig;
use crate::content::data::DataFile;
use crate::content::page::Page;
use crate::diagnostic::Diagnostic;
use crate::markdown::Rendered;
use crate::site::Site;
use crate::text::readability::{self, MappedText, PageText};

pub const RULE: crate::rule::Rule = crate::rule::Rule::PlainEnglish;

pub use crate::text::words::{DATA_NAME, Words};

/// Sentences shorter than this are not judged by their own grade: the
/// formula is meaningless for a three-word heading.
pub const MIN_GRADED_WORDS: usize = 6;

/// Sentences quoted in a hint are cut to about this many characters.
const QUOTE_CHARS: usize = 60;

/// The findings of the rule on page `p`, whose Markdown rendered to `r`:
/// its text and sentences are those the renderer kept
/// (`Rendered::text`), else read now.
pub fn check_page(config: &SiteConfig, p: &Page, r: &Rendered) -> Vec<Diagnostic> {
    if !reading_age::applies(p) {
        return Vec::new();
    }
    let settings = &config.check;
    let limits = Limits {
        max_words: settings.max_sentence_words,
        max_grade: settings.max_reading_grade + settings.sentence_grade_margin,
        page_limit: settings.max_reading_grade,
    };
    // Run by the page pass while the body is held; a released one is
    // reported, not read as an empty page that passes.
    let text = match p.text() {
        Ok(text) => text,
        Err(released) => return vec![released.diagnostic()],
    };
    let body = &text[p.body_offset..];
    // The picture calls of an Easy Read page are not text (blanked, same
    // length, so offsets into either agree).
    let body = match p.meta.format {
        crate::content::page::Format::EasyRead => {
            std::borrow::Cow::Owned(crate::easy_read::without_pictures(body))
        }
        crate::content::page::Format::Standard => std::borrow::Cow::Borrowed(body),
    };
    let page = match &r.text {
        Some(page) => std::borrow::Cow::Borrowed(page.as_ref()),
        None => std::borrow::Cow::Owned(PageText::of(&body)),
    };
    findings_in(&body, &page, &limits, &settings.plain_words)
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

/// The thresholds of the rule.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_words: usize,
    /// The highest grade a sentence may have on its own.
    pub max_grade: f64,
    /// The page limit, for the message.
    pub page_limit: f64,
}

/// A finding, located by byte offset in the Markdown body.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub offset: usize,
    /// Characters to underline.
    pub width: usize,
    pub message: String,
    pub hint: String,
}

/// The findings of the rule on a Markdown `body`, in reading order.
pub fn findings(body: &str, limits: &Limits, words: &Words) -> Vec<Finding> {
    findings_in(body, &PageText::of(body), limits, words)
}

/// [`findings`], on the text and sentences `page` of `body`.
fn findings_in(body: &str, page: &PageText, limits: &Limits, words: &Words) -> Vec<Finding> {
    let plain = &page.plain;
    let text = plain.text.as_str();
    let mut out = Vec::new();
    for s in &page.sentences.list {
        let ranges = page.sentences.word_ranges(s);
        let sentence = &text[s.start..s.end];
        let long = s.words > limits.max_words;
        let grade = s.grade();
        let hard = s.words >= MIN_GRADED_WORDS && grade > limits.max_grade;
        if long || hard {
            let src = plain.source_offset(s.start);
            let width = line_width(body, src, sentence);
            let message = match (long, hard) {
                (true, true) => format!(
                    "this sentence has {} words (more than {}) and a reading grade of {grade:.0}, far above the page limit of {}",
                    s.words,
                    limits.max_words,
                    crate::check::reading_age::trim_number(limits.page_limit)
                ),
                (true, false) => format!(
                    "this sentence has {} words; patient pages keep sentences to {} words or fewer",
                    s.words, limits.max_words
                ),
                _ => format!(
                    "this sentence has a reading grade of {grade:.0}, far above the page limit of {}",
                    crate::check::reading_age::trim_number(limits.page_limit)
                ),
            };
            let mut hint = format!("\"{}\": ", truncate(sentence, QUOTE_CHARS));
            if long {
                hint.push_str("split it into shorter sentences, one idea each");
            }
            if hard {
                if long {
                    hint.push_str("; ");
                }
                hint.push_str("use shorter everyday words");
                let longest = longest_words(text, ranges);
                if !longest.is_empty() {
                    hint.push_str(&format!(" instead of: {}", longest.join(", ")));
                }
            }
            out.push(Finding {
                offset: src,
                width,
                message,
                hint,
            });
        }
        out.extend(listed_words(plain, body, ranges, words));
    }
    out
}

/// Listed words and phrases among a sentence's words.
fn listed_words(
    plain: &MappedText,
    body: &str,
    ranges: &[(usize, usize)],
    words: &Words,
) -> Vec<Finding> {
    let text = plain.text.as_str();
    let mut out = Vec::new();
    if words.is_empty() {
        return out;
    }
    let mut i = 0;
    while i < ranges.len() {
        let (from, to) = ranges[i];
        let matched = words.longest_at(text, &ranges[i..]);
        match matched {
            Some((len, listed, plainer)) => {
                let end = ranges[i + len - 1].1;
                let src = plain.source_offset(from);
                let shown = &text[from..end];
                // Underline the phrase when the source has it as written.
                let width = if body[src..].starts_with(shown) {
                    shown.chars().count()
                } else {
                    text[from..to].chars().count()
                };
                out.push(Finding {
                    offset: src,
                    width,
                    message: format!("\"{shown}\" has a plainer alternative (\"{listed}\" is on the plain-English list)"),
                    hint: format!("use \"{plainer}\""),
                });
                i += len;
            }
            None => i += 1,
        }
    }
    out
}

/// The three longest words of a sentence by syllables, for the hint.
fn longest_words<'a>(text: &'a str, ranges: &[(usize, usize)]) -> Vec<&'a str> {
    let mut by_length: Vec<(usize, usize, &str)> = ranges
        .iter()
        .enumerate()
        .map(|(i, &(a, b))| (readability::word_syllables(&text[a..b]), i, &text[a..b]))
        .filter(|&(n, _, _)| n >= 3)
        .collect();
    by_length.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut out: Vec<&str> = Vec::new();
    for (_, _, w) in by_length {
        if out.len() == 3 {
            break;
        }
        if !out.iter().any(|o| o.eq_ignore_ascii_case(w)) {
            out.push(w);
        }
    }
    out
}

/// How many characters to underline from `src`: the rest of its source
/// line, at most the sentence.
fn line_width(body: &str, src: usize, sentence: &str) -> usize {
    let line = body[src..].lines().next().unwrap_or("");
    line.chars().count().min(sentence.chars().count()).max(1)
}

/// Check the shape of `data/plain_english.yaml`: a misspelt key or an entry
/// without its plainer word would silently drop words from the rule.
pub fn check_site(site: &Site) -> Vec<Diagnostic> {
    site.data
        .iter()
        .filter(|d| d.name == DATA_NAME)
        .flat_map(check_file)
        .collect()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WordsFile {
    #[serde(default)]
    words: Vec<Spanned<Entry>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    word: Option<Spanned<String>>,
    #[serde(rename = "use")]
    plain: Option<Spanned<String>>,
}

/// Check one word list.
pub fn check_file(data: &DataFile) -> Vec<Diagnostic> {
    let (file, text) = (data.file.as_str(), data.text.as_str());
    let parsed: WordsFile = match crate::yaml::parse(file, text, text, 1) {
        Ok(p) => p,
        Err(d) => return vec![d.rule(RULE)],
    };
    let mut out = Vec::new();
    let mut seen: HashMap<String, u32> = HashMap::new();
    for (i, e) in parsed.words.iter().enumerate() {
        let at = |d: Diagnostic, loc: serde_saphyr::Location| {
            super::locate::at_yaml_location(d.rule(RULE), text, loc, 1)
        };
        match &e.value.word {
            Some(w) if !w.value.trim().is_empty() => {
                let key = w.value.split_whitespace().collect::<Vec<_>>().join(" ");
                let key = key.to_lowercase();
                if let Some(first) = seen.insert(key, w.referenced.line() as u32) {
                    out.push(at(
                        Diagnostic::error(file, format!("\"{}\" is listed twice", w.value.trim()))
                            .hint(format!("the first is on line {first}; keep one")),
                        w.referenced,
                    ));
                }
            }
            _ => out.push(at(
                Diagnostic::error(file, format!("entry {} has no `word`", i + 1))
                    .hint("add the word or phrase to avoid, such as `word: utilise`"),
                e.referenced,
            )),
        }
        if e.value
            .plain
            .as_ref()
            .is_none_or(|p| p.value.trim().is_empty())
        {
            out.push(at(
                Diagnostic::error(file, format!("entry {} has no `use`", i + 1))
                    .hint("add the plainer word to suggest, such as `use: use`"),
                e.referenced,
            ));
        }
    }
    out
}

/// At most `max` characters of `s` with its runs of white space folded,
/// cut at a word boundary, with an ellipsis.
fn truncate(s: &str, max: usize) -> String {
    crate::check::reading_age::truncate(&s.split_whitespace().collect::<Vec<_>>().join(" "), max)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: Limits = Limits {
        max_words: 25,
        max_grade: 14.0,
        page_limit: 8.0,
    };

    fn words() -> Words {
        let mut w = Words::default();
        w.add("utilise", "use");
        w.add("commence", "start");
        w.add("in order to", "to");
        w
    }

    #[test]
    fn plain_text_maps_back_to_the_source() {
        let body = "# Title\n\nSome **bold** words and [a link](https://x.org/) here.\n";
        let plain = MappedText::of(body);
        let at = plain.text.find("bold").unwrap();
        assert_eq!(&body[plain.source_offset(at)..][..4], "bold");
        let at = plain.text.find("here").unwrap();
        assert_eq!(&body[plain.source_offset(at)..][..4], "here");
        assert!(!plain.text.contains("https"));
    }

    #[test]
    fn the_renderers_text_gives_the_findings_of_reading_the_page_again() {
        // The build judges the text the renderer kept from its own parse
        // (`Rendered::text`); it must find what reading the body afresh
        // finds, at the same places, whatever the Markdown holds.
        let body = "# Making a plan\n\nWe will utilise the form in order to commence. \
            Multidisciplinary interprofessional stakeholders operationalise comprehensive \
            anticipatory documentation.\n\n- A list item that goes on and on and on and on \
            and on and on and on and on and on and on and on and on and on and on and on and on\n\
            - [a link](https://x.org/) to utilise\n\n> [!NOTE]\n> Commence *now*, `utilise` \
            code and **bold** words.\n\n| a | b |\n|---|---|\n| utilise | x |\n\n\
            ```\nutilise in code\n```\n\nText with a footnote[^1] to utilise.\n\n[^1]: In order to.\n";
        let (pages, drafts, files) = Default::default();
        let ctx = crate::markdown::LinkContext {
            pages: &pages,
            drafts: &drafts,
            files: &files,
            components: None,
        };
        let opts = crate::markdown::RenderOptions {
            keep_text: true,
            ..Default::default()
        };
        let rendered = crate::markdown::render_with(body, "plan.md", "plan/", &ctx, &opts);
        let kept = rendered.text.as_deref().expect("kept");
        let from_render = findings_in(body, kept, &LIMITS, &words());
        assert_eq!(from_render, findings(body, &LIMITS, &words()));
        assert!(from_render.len() >= 8, "{from_render:#?}");
    }

    #[test]
    fn easy_text_has_no_findings() {
        let body = "# Plan ahead\n\nYou can talk to your GP. They will listen. You can change your mind at any time.\n";
        assert_eq!(findings(body, &LIMITS, &words()), []);
    }

    #[test]
    fn long_hard_and_listed_are_found_where_they_are() {
        let body = "# Plan\n\nShort one here.\n\nWe will utilise the form.\n\nMultidisciplinary interprofessional stakeholders operationalise comprehensive anticipatory documentation.\n";
        let f = findings(body, &LIMITS, &words());
        assert_eq!(f.len(), 2, "{f:#?}");
        assert_eq!(&body[f[0].offset..][..7], "utilise");
        assert_eq!(f[0].hint, "use \"use\"");
        assert!(body[f[1].offset..].starts_with("Multidisciplinary"));
        assert!(f[1].message.contains("reading grade"), "{}", f[1].message);
        assert!(f[1].hint.contains("Multidisciplinary") || f[1].hint.contains("interprofessional"));
    }

    #[test]
    fn a_sentence_of_26_words_is_long_and_25_is_not() {
        let words25 = vec!["word"; 24].join(" ");
        let body = format!("The {words25}.\n\nThe {words25} more.\n");
        let f = findings(&body, &LIMITS, &Words::default());
        assert_eq!(f.len(), 1, "{f:#?}");
        assert!(f[0].message.contains("26 words"), "{}", f[0].message);
        assert_eq!(f[0].offset, body.find("\n\n").unwrap() + 2);
    }

    #[test]
    fn phrases_match_whole_words_in_any_case() {
        let body = "In order to help, we commenced nothing. Commence now, commencement aside.\n";
        let f = findings(body, &LIMITS, &words());
        let shown: Vec<_> = f
            .iter()
            .map(|f| &body[f.offset..f.offset + f.width])
            .collect();
        assert_eq!(shown, ["In order to", "Commence"]);
    }

    #[test]
    fn check_file_reports_missing_and_duplicate_entries() {
        let d = check_file(&DataFile {
            file: "data/plain_english.yaml".into(),
            name: DATA_NAME.into(),
            text: "words:\n  - word: utilise\n    use: use\n  - word: Utilise\n    use: use\n  - word: commence\n".into(),
            value: serde_json::Value::Null,
        });
        let msgs: Vec<_> = d.iter().map(|d| (d.line, d.message.as_str())).collect();
        assert_eq!(
            msgs,
            [
                (4, "\"Utilise\" is listed twice"),
                (6, "entry 3 has no `use`")
            ]
        );
    }
}
