//! Grading a page while it renders: the reading grade, and the text the
//! plain-English rule reads, from the events the Markdown renderer reads
//! anyway.

use std::ops::Range;

use pulldown_cmark::Event;

use super::{MappedText, PlainText, Readability, Sentences};

/// Reads a page from the events the renderer reads anyway, so patient
/// pages are not parsed a second time for their plain text, and their text
/// is split into sentences once for both the grade and the plain-English
/// rule. Give it every event of the body, in order, then
/// [`Grader::finish`]. The grade is the same as grading
/// [`super::markdown_to_plain`] of the body, which parses with the
/// renderer's options.
pub struct Grader<'a> {
    plain: PlainText<'a>,
    body: &'a str,
    /// `check.max_reading_grade`, when the page is to be graded.
    max: Option<f64>,
    /// Whether to keep the text and its sentences ([`Graded::text`]).
    keep_text: bool,
}

/// What a [`Grader`] found.
#[derive(Debug, Clone, Default)]
pub struct Graded {
    pub reading: Option<Readability>,
    pub text: Option<Box<PageText>>,
}

/// A page's plain text, where it came from, and its sentences: what the
/// plain-English rule reads.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageText {
    pub plain: MappedText,
    pub sentences: Sentences,
}

impl PageText {
    /// The text of Markdown `body`, parsed now.
    pub fn of(body: &str) -> PageText {
        let plain = MappedText::of(body);
        let sentences = Sentences::of(&plain.text);
        PageText { plain, sentences }
    }
}

impl<'a> Grader<'a> {
    /// A grader of `body`, grading it against `max` if given, and keeping
    /// its text if `keep_text`.
    pub fn new(max: Option<f64>, keep_text: bool, body: &'a str) -> Self {
        Grader {
            // The plain text is rarely longer than the Markdown: reserved
            // so that it is not grown piece by piece.
            plain: PlainText::with_capacity(body.len()),
            body,
            max,
            keep_text,
        }
    }

    /// The next event of the body, found at `range`.
    pub fn push(&mut self, event: &Event<'a>, range: &Range<usize>) {
        if self.keep_text {
            self.plain.push_from(event, range, self.body);
        } else {
            self.plain.push(event);
        }
    }

    /// The page's grade and text. The hardest sentences and longest words
    /// are kept only for a page above the limit, the one case where they
    /// are shown (in the finding): every page's `Rendered` stays in memory
    /// for the whole build, and on a large site they would add tens of
    /// megabytes. The text is for the page's rules, which free it.
    pub fn finish(self) -> Graded {
        let plain = self.plain.finish_mapped();
        let sentences = Sentences::of(&plain.text);
        let reading = self.max.map(|max| {
            let mut measured = sentences.readability(&plain.text);
            if !measured.exceeds(max) {
                measured.hardest_sentences = Vec::new();
                measured.longest_words = Vec::new();
            }
            measured
        });
        let text = self
            .keep_text
            .then(|| Box::new(PageText { plain, sentences }));
        Graded { reading, text }
    }
}
