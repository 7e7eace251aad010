//! The rewriter: the parser's events, one at a time, changed for publishing,
//! with the facts of [`Rendered`] recorded on the way.

use std::cell::Cell;
use std::collections::{HashMap, VecDeque};
use std::fmt::Write as _;
use std::ops::Range;
use std::rc::Rc;

use pulldown_cmark::{CowStr, Event, HeadingLevel, OffsetIter, Tag, TagEnd};

use super::callouts::callout_open;
use super::headings::{HEADING_CLOSE, UsedIds, heading_number, heading_open, slug, trim_in_place};
use super::links::{Linker, Target, rewrite_inline};
use super::place::{FOOTNOTE_REF, Fill, Spot};
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
    pub(super) events: crate::easy_read::Rows<'a, 'o, OffsetIter<'a>>,
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
    /// How much HTML `push_html` has written: every event handed out
    /// before the current one is written in full.
    pub(super) written: Rc<Cell<usize>>,
    /// What each link and image resolved to, in order, until handed out.
    pub(super) targets: VecDeque<Option<Target>>,
    /// The next `Html` event handed out is a heading's opening tag, or a
    /// component (its source, whether it added the video script).
    pub(super) heading_next: bool,
    pub(super) component_next: Option<(String, bool)>,
    /// Inside an image's alt text, which `push_html` writes as text only.
    pub(super) alt_depth: usize,
    /// The callouts' labels in the page's language (`None`: English).
    pub(super) callouts: Option<&'o super::CalloutLabels>,
}

impl<'a> Iterator for Rewriter<'a, '_> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        let event = self.next_event()?;
        self.mark(&event);
        Some(event)
    }
}

impl<'a> Rewriter<'a, '_> {
    fn next_event(&mut self) -> Option<Event<'a>> {
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

    /// Note where `event`, about to be written, puts what depends on the
    /// page's place (see [`Spot`]): its HTML starts at `written`.
    fn mark(&mut self, event: &Event<'a>) {
        let at = self.written.get();
        let in_alt = self.alt_depth > 0;
        let spot = match event {
            Event::Start(Tag::Link { .. }) => {
                let target = self.targets.pop_front().flatten();
                target.filter(|_| !in_alt).map(|t| Spot {
                    at: at + "<a href=\"".len(),
                    fill: Fill::Href(t),
                })
            }
            Event::Start(Tag::Image { .. }) => {
                self.alt_depth += 1;
                let target = self.targets.pop_front().flatten();
                target.filter(|_| !in_alt).map(|t| Spot {
                    at: at + "<img src=\"".len(),
                    fill: Fill::Href(t),
                })
            }
            Event::End(TagEnd::Image) => {
                self.alt_depth -= 1;
                None
            }
            Event::FootnoteReference(_) | Event::Start(Tag::FootnoteDefinition(_)) => {
                self.footnote_spot(event, at, in_alt)
            }
            Event::Html(_) if self.heading_next => {
                self.heading_next = false;
                Some(Spot {
                    at: at + "<hN id=\"".len(),
                    fill: Fill::HeadingId,
                })
            }
            Event::Html(html) => self.component_next.take().map(|(source, script)| Spot {
                at,
                fill: Fill::Component {
                    source,
                    script,
                    len: html.len(),
                },
            }),
            _ => None,
        };
        self.out.spots.extend(spot);
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
                let script = scripts && !self.video_script;
                if self.id_prefix.is_none() {
                    self.component_next = Some((source.to_string(), script));
                }
                if script {
                    self.video_script = true;
                    video_script(&mut html, self.link.root);
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
            grader.push(&next.0, &next.1);
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
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                html_event(callout_open(kind, self.callouts))
            }
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
                let (event, target) = rewrite_inline(event, &mut self.out, &self.link, offset);
                self.targets.push_back(target);
                event
            }
            Event::Start(Tag::Image { ref dest_url, .. }) => {
                self.open_link(dest_url, offset, true);
                let (event, target) = rewrite_inline(event, &mut self.out, &self.link, offset);
                self.targets.push_back(target);
                event
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
        self.heading_next = self.id_prefix.is_none();
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

    /// The spot of a footnote reference or definition that pulldown-cmark
    /// writes (numbered as it numbers them, in the order written).
    fn footnote_spot(&mut self, event: &Event<'_>, at: usize, in_alt: bool) -> Option<Spot> {
        match event {
            Event::FootnoteReference(name) => {
                let n = self.footnote_number(name);
                Some(if in_alt {
                    Spot {
                        at,
                        fill: Fill::AltNumber(n),
                    }
                } else {
                    Spot {
                        at: at + FOOTNOTE_REF.len(),
                        fill: Fill::FootnoteRef(name.to_string()),
                    }
                })
            }
            Event::Start(Tag::FootnoteDefinition(name)) => {
                self.footnote_number(name);
                Some(Spot {
                    at,
                    fill: Fill::FootnoteDef(name.to_string()),
                })
            }
            _ => None,
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

/// The script a page's first video component adds after itself.
pub(super) fn video_script(html: &mut String, root: &str) {
    let _ = writeln!(
        html,
        "<script src=\"{}static/js/video.js\" defer></script>",
        escape_attr(root)
    );
}

pub(super) fn html_event<'a>(html: impl Into<CowStr<'a>>) -> Event<'a> {
    Event::Html(html.into())
}
