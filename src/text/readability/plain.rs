//! The words readers see of a Markdown page, as plain text to grade.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Parser, Tag, TagEnd};

/// Plain text from Markdown for [`super::grade`]: keeps the words people read,
/// drops code blocks, HTML, link URLs, image alt text and footnote markers;
/// joins wrapped lines; ends every paragraph, heading, list item and table
/// cell with a line break so each counts as a sentence end.
pub fn markdown_to_plain(md: &str) -> String {
    // The renderer's own options, so the text is what readers see (smart
    // punctuation, GFM callouts without their [!NOTE] marker), and the
    // renderer can collect the same text from its own parse (see
    // `Grader`).
    let options = crate::text::markdown_options();
    let mut plain = PlainText::with_capacity(md.len());
    for event in Parser::new_ext(md, options) {
        plain.push(&event);
    }
    plain.finish()
}

/// [`markdown_to_plain`] one event at a time, for a caller that already
/// walks a page's events (the renderer grades patient pages without
/// parsing them a second time). Feed it every event in order, then
/// [`PlainText::finish`].
#[derive(Default)]
pub struct PlainText<'a> {
    out: String,
    // Depth counters rather than flags: these can nest.
    skip: usize,            // code blocks, images, metadata blocks
    links: Vec<CowStr<'a>>, // destination of each open link
    /// Where each piece of `out` came from, for [`PlainText::push_from`].
    pieces: Vec<Piece>,
}

/// A piece of plain text: its offset in the text, its offset in the
/// Markdown, and whether it is a verbatim copy of the Markdown there.
type Piece = (usize, usize, bool);

impl<'a> PlainText<'a> {
    /// With room for `len` bytes of text.
    pub fn with_capacity(len: usize) -> Self {
        PlainText {
            out: String::with_capacity(len),
            ..PlainText::default()
        }
    }

    pub fn push(&mut self, event: &Event<'a>) {
        let out = &mut self.out;
        match event {
            Event::Start(Tag::CodeBlock(_) | Tag::Image { .. } | Tag::MetadataBlock(_)) => {
                self.skip += 1;
            }
            Event::End(TagEnd::CodeBlock | TagEnd::Image | TagEnd::MetadataBlock(_)) => {
                self.skip = self.skip.saturating_sub(1);
            }
            Event::Start(Tag::Link { dest_url, .. }) => self.links.push(dest_url.clone()),
            Event::End(TagEnd::Link) => {
                self.links.pop();
            }
            Event::Text(t) | Event::Code(t) if self.skip == 0 => {
                // An autolink's text is its URL, which nobody reads as prose.
                if self.links.last().is_some_and(|url| {
                    url.as_ref() == t.as_ref() || url.strip_prefix("mailto:") == Some(t.as_ref())
                }) {
                    return;
                }
                out.push_str(t);
            }
            Event::SoftBreak | Event::HardBreak if self.skip == 0 => out.push(' '),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::BlockQuote(_)
                | TagEnd::FootnoteDefinition
                | TagEnd::DefinitionListTitle
                | TagEnd::DefinitionListDefinition,
            ) => boundary(out),
            // A list item's text can start before a nested list.
            Event::Start(Tag::List(_)) => boundary(out),
            _ => {}
        }
    }

    /// [`PlainText::push`] of the event at `range` of `body`, noting where
    /// its text came from (see [`MappedText::source_offset`]).
    pub fn push_from(&mut self, event: &Event<'a>, range: &Range<usize>, body: &str) {
        let before = self.out.len();
        self.push(event);
        if let Event::Text(t) | Event::Code(t) = event
            && self.out.len() > before
        {
            let verbatim = body.get(range.clone()) == Some(t.as_ref());
            self.pieces.push((before, range.start, verbatim));
        }
    }

    pub fn finish(mut self) -> String {
        boundary(&mut self.out);
        self.out
    }

    /// The text, with where its pieces came from when they were pushed
    /// with [`PlainText::push_from`].
    pub fn finish_mapped(mut self) -> MappedText {
        boundary(&mut self.out);
        MappedText {
            text: self.out,
            pieces: self.pieces,
        }
    }
}

/// The plain text of a Markdown body (as [`markdown_to_plain`] makes it),
/// with where each piece came from, so a rule that reads the text can
/// point at the Markdown.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MappedText {
    pub text: String,
    pieces: Vec<Piece>,
}

impl MappedText {
    /// The plain text of `body`, parsed now (the renderer collects the
    /// same from its own parse: `Grader`).
    pub fn of(body: &str) -> MappedText {
        let mut plain = PlainText::with_capacity(body.len());
        let parser = Parser::new_ext(body, crate::text::markdown_options());
        for (event, range) in parser.into_offset_iter() {
            plain.push_from(&event, &range, body);
        }
        plain.finish_mapped()
    }

    /// Where the character at `at` in the text is in the Markdown: exact
    /// inside a verbatim piece, else the start of its piece.
    pub fn source_offset(&self, at: usize) -> usize {
        let i = self.pieces.partition_point(|&(p, _, _)| p <= at);
        match i.checked_sub(1).map(|i| self.pieces[i]) {
            Some((p, src, true)) => src + (at - p),
            Some((_, src, false)) => src,
            None => 0,
        }
    }
}

pub(super) fn boundary(out: &mut String) {
    let trimmed = out.trim_end_matches([' ', '\t']).len();
    out.truncate(trimmed);
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}
