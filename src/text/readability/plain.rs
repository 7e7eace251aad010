//! The words readers see of a Markdown page, as plain text to grade.

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
}

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

    pub fn finish(mut self) -> String {
        boundary(&mut self.out);
        self.out
    }
}

pub(super) fn boundary(out: &mut String) {
    let trimmed = out.trim_end_matches([' ', '\t']).len();
    out.truncate(trimmed);
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}
