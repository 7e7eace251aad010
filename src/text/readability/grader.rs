//! Grading a page while it renders: the reading grade from the events the
//! Markdown renderer reads anyway.

use pulldown_cmark::Event;

use super::{PlainText, Readability};

/// Grades a page from the events the renderer reads anyway, so patient
/// pages are not parsed a second time for their plain text. Give it every
/// event of the body, in order, then [`Grader::finish`]. The result is
/// the same as grading [`super::markdown_to_plain`] of the body,
/// which parses with the renderer's options.
pub struct Grader<'a> {
    plain: PlainText<'a>,
    /// `check.max_reading_grade`.
    max: f64,
}

impl<'a> Grader<'a> {
    /// `body_len` is the length of the page's Markdown, reserved for its
    /// plain text (rarely longer) so that it is not grown piece by piece.
    pub fn new(max: f64, body_len: usize) -> Self {
        Grader {
            plain: PlainText::with_capacity(body_len),
            max,
        }
    }

    pub fn push(&mut self, event: &Event<'a>) {
        self.plain.push(event);
    }

    /// The page's grade. The hardest sentences and longest words are kept
    /// only for a page above the limit, the one case where they are shown
    /// (in the finding): every page's `Rendered` stays in memory for the
    /// whole build, and on a large site they would add tens of megabytes.
    pub fn finish(self) -> Readability {
        let mut measured = super::grade(&self.plain.finish());
        if !measured.exceeds(self.max) {
            measured.hardest_sentences = Vec::new();
            measured.longest_words = Vec::new();
        }
        measured
    }
}
