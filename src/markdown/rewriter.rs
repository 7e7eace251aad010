//! The rewriter: the parser's events, one at a time, changed for publishing,
//! with the facts of [`Rendered`] recorded on the way.

use std::collections::{HashMap, VecDeque};
use std::fmt::Write as _;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, OffsetIter, Tag, TagEnd};

use super::callouts::callout_open;
use super::headings::{HEADING_CLOSE, UsedIds, heading_number, heading_open, slug, trim_in_place};
use super::links::{Linker, rewrite_inline};
use super::{BrokenLink, Heading, LinkFact, Rendered};
use crate::text::html::escape_attr;
use crate::text::readability::Grader;

/// The parser's events rewritten for publishing (heading ids, callouts,
/// table wrappers, resolved links, prefixed footnotes), one at a time, with
/// the facts of `Rendered` recorded on the way.
pub(super) struct Rewriter<'a, 'o> {
    pub(super) body: &'a str,
    /// Whether video.js has been added for a `{{ video(…) }}` component.
    pub(super) video_script: bool,
    pub(super) events: OffsetIter<'a>,
    /// Events already rewritten and waiting to be handed out: the rest of a
    /// heading, or the second half of an event that became two.
    pub(super) queue: VecDeque<Event<'a>>,
    /// Everything but the HTML, which `push_html` writes.
    pub(super) out: Rendered,
    pub(super) link: Linker<'o>,
    pub(super) id_prefix: Option<&'o str>,
    /// Footnote numbers, kept here only when footnotes are written by hand
    /// (with prefixed ids); otherwise pulldown-cmark numbers them itself.
    pub(super) footnotes: HashMap<String, usize>,
    pub(super) used_ids: UsedIds,
    /// Index in `out.links` of every link and image still open, innermost
    /// last: their visible text is gathered as it goes by.
    pub(super) open_links: Vec<usize>,
    /// Sees every event the parser gives, when the page is graded.
    pub(super) grader: Option<Grader<'a>>,
}

impl<'a> Iterator for Rewriter<'a, '_> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        if let Some(waiting) = self.queue.pop_front() {
            return Some(waiting);
        }
        let (event, range) = self.pull()?;
        if matches!(event, Event::Start(Tag::Paragraph))
            && let Some(components) = self.link.ctx.components
            && let Some(source) = self.body.get(range.clone())
            && crate::components::is_component(source)
        {
            return Some(self.component(components, source, range.start));
        }
        Some(self.rewrite(event, range.start))
    }
}

impl<'a> Rewriter<'a, '_> {
    /// A paragraph that is a component (see `components`): its events are
    /// dropped (unseen by the reading-age grader) and its HTML takes their place.
    pub(super) fn component(
        &mut self,
        components: &crate::components::Components,
        source: &str,
        offset: usize,
    ) -> Event<'a> {
        for (event, _) in self.events.by_ref() {
            if matches!(event, Event::End(TagEnd::Paragraph)) {
                break;
            }
        }
        let mut scripts = false;
        match components.render(source, self.link.root, &mut scripts) {
            Ok(mut html) => {
                if scripts && !self.video_script {
                    self.video_script = true;
                    let _ = writeln!(
                        html,
                        "<script src=\"{}static/js/video.js\" defer></script>",
                        escape_attr(self.link.root)
                    );
                }
                html_event(html)
            }
            Err(e) => {
                self.out.broken.push(BrokenLink {
                    dest: source.trim().to_string(),
                    offset: offset + e.offset,
                    message: e.message,
                    hint: e.hint,
                    width: Some(e.width),
                });
                html_event("")
            }
        }
    }
}

impl<'a> Rewriter<'a, '_> {
    /// The parser's next event, shown to the grader first.
    pub(super) fn pull(&mut self) -> Option<(Event<'a>, Range<usize>)> {
        let next = self.events.next()?;
        if let Some(grader) = &mut self.grader {
            grader.push(&next.0);
        }
        Some(next)
    }

    /// The event to publish in place of `event` (which starts at byte
    /// `offset`); any that must follow it go to the queue.
    pub(super) fn rewrite(&mut self, event: Event<'a>, offset: usize) -> Event<'a> {
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => self.heading(level, id, &classes, &attrs, offset),
            Event::Start(Tag::BlockQuote(Some(kind))) => html_event(callout_open(kind)),
            Event::End(TagEnd::BlockQuote(Some(_))) => html_event("</div>\n"),
            Event::Start(Tag::Table(_)) => {
                self.out.tables += 1;
                self.queue.push_back(event);
                html_event("<div class=\"table-wrap\">\n")
            }
            Event::End(TagEnd::Table) => {
                self.queue.push_back(html_event("</div>\n"));
                event
            }
            Event::Html(ref h) | Event::InlineHtml(ref h) => {
                self.out.raw_html.push((offset, h.to_string()));
                event
            }
            Event::Start(Tag::Link { ref dest_url, .. }) => {
                self.open_link(dest_url, offset, false);
                rewrite_inline(event, &mut self.out, &self.link, offset)
            }
            Event::Start(Tag::Image { ref dest_url, .. }) => {
                self.open_link(dest_url, offset, true);
                rewrite_inline(event, &mut self.out, &self.link, offset)
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                self.open_links.pop();
                event
            }
            Event::Text(ref t) | Event::Code(ref t) => {
                for &i in &self.open_links {
                    self.out.links[i].text.push_str(t);
                }
                event
            }
            Event::FootnoteReference(_)
            | Event::Start(Tag::FootnoteDefinition(_))
            | Event::End(TagEnd::FootnoteDefinition)
                if self.id_prefix.is_some() =>
            {
                self.footnote(event)
            }
            other => other,
        }
    }

    /// Record a link or image (its text is filled in as it goes by).
    pub(super) fn open_link(&mut self, dest: &str, offset: usize, is_image: bool) {
        self.open_links.push(self.out.links.len());
        self.out.links.push(LinkFact {
            dest: dest.to_string(),
            text: String::new(),
            offset,
            is_image,
        });
    }

    /// A heading's opening tag with its id. The heading's own events are
    /// read up to its end (the id comes from their text) and queued behind
    /// it, then its closing tag.
    pub(super) fn heading(
        &mut self,
        level: HeadingLevel,
        id: Option<CowStr<'a>>,
        classes: &[CowStr<'a>],
        attrs: &[(CowStr<'a>, Option<CowStr<'a>>)],
        offset: usize,
    ) -> Event<'a> {
        let mut text = String::new();
        while let Some((event, range)) = self.pull() {
            if matches!(event, Event::End(TagEnd::Heading(_))) {
                break;
            }
            if let Event::Text(t) | Event::Code(t) = &event {
                text.push_str(t);
            }
            // Rewritten like any inline event, so that a heading's links,
            // images and raw HTML are recorded for the rules too: a
            // `<script>` or a `javascript:` link is no safer in a heading.
            let event = self.rewrite(event, range.start);
            self.queue.push_back(event);
        }
        let lvl = heading_number(level);
        self.queue
            .push_back(html_event(HEADING_CLOSE[usize::from(lvl) - 1]));
        let headings = &self.out.headings;
        let id = match id {
            Some(explicit) => self.used_ids.unique(explicit.to_string(), headings),
            None => self.used_ids.unique(slug(&text), headings),
        };
        let open = heading_open(lvl, self.id_prefix, &id, classes, attrs);
        self.out.headings.push(Heading {
            level: lvl,
            id,
            text: trim_in_place(text),
            offset,
        });
        html_event(open)
    }

    /// A footnote reference or definition written by hand, so that its ids
    /// carry the prefix (only when `id_prefix` is set).
    fn footnote(&mut self, event: Event<'a>) -> Event<'a> {
        match event {
            Event::FootnoteReference(name) => {
                let n = self.footnote_number(&name);
                html_event(format!(
                    "<sup class=\"footnote-reference\"><a href=\"#{}\">{n}</a></sup>",
                    escape_attr(&self.footnote_id(&name))
                ))
            }
            Event::Start(Tag::FootnoteDefinition(name)) => {
                let n = self.footnote_number(&name);
                html_event(format!(
                    "\n<div class=\"footnote-definition\" id=\"{}\"><sup class=\"footnote-definition-label\">{n}</sup>",
                    escape_attr(&self.footnote_id(&name))
                ))
            }
            Event::End(TagEnd::FootnoteDefinition) => html_event("</div>\n"),
            other => other,
        }
    }

    fn footnote_number(&mut self, name: &str) -> usize {
        let next = self.footnotes.len() + 1;
        *self.footnotes.entry(name.to_string()).or_insert(next)
    }

    fn footnote_id(&self, name: &str) -> String {
        format!("{}--fn-{name}", self.id_prefix.unwrap_or_default())
    }
}

pub(super) fn html_event<'a>(html: impl Into<CowStr<'a>>) -> Event<'a> {
    Event::Html(html.into())
}
