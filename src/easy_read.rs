//! Easy Read pages (`format: easy-read` in front matter): rows of one
//! picture and a few short sentences.
//!
//! A row starts with a picture written as a component at the start of a
//! paragraph, and holds everything after it up to the next picture, heading
//! or thematic break (`---`):
//!
//! ```markdown
//! {{ picture(name="doctor", alt="A doctor") }}
//! Your **doctor** can help you plan.
//! You can ask them questions.
//! ```
//!
//! The picture is a pictogram from `static/pictograms/<name>.svg` (the
//! theme's, or the site's own of the same name). [`Rows`] turns the parser's
//! events into rows as they stream past: the picture becomes an image event
//! (so links, alt text and the reading grade treat it like any image) inside
//! `<div class="er-row">`. A picture that cannot be shown (an unknown name,
//! no alt text) is a [`ComponentError`] at its place in the page.
//!
//! The stricter check of Easy Read text is `check::easy_read`.

use std::collections::{HashSet, VecDeque};
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

use crate::components::ComponentError;
use crate::diagnostic::did_you_mean;

/// Where pictograms live, among the site's static files (theme or site).
pub const PICTOGRAM_DIR: &str = "static/pictograms/";

/// The data file listing abbreviations that need no explaining
/// (`data/easy_read.yaml`).
pub const DATA_NAME: &str = "easy_read";

/// The arguments `picture` takes; both are required.
const ARGS: [&str; 2] = ["name", "alt"];

const ROW_OPEN: &str = "<div class=\"er-row\">\n<div class=\"er-picture\">";
const TEXT_OPEN: &str = "</div>\n<div class=\"er-text\">\n";
const ROW_CLOSE: &str = "</div>\n</div>\n";

/// Whether a paragraph starts with a `{{ picture(…) }}` call.
pub fn starts_with_picture(paragraph: &str) -> bool {
    paragraph
        .trim_start()
        .strip_prefix("{{")
        .map(str::trim_start)
        .and_then(|rest| rest.strip_prefix("picture"))
        .is_some_and(|rest| rest.trim_start().starts_with('('))
}

/// The byte length of the picture call at the start of `paragraph` (up to
/// and including its `}}`), or the whole paragraph when it is never closed.
pub fn call_len(paragraph: &str) -> usize {
    paragraph.find("}}").map_or(paragraph.len(), |i| i + 2)
}

/// `body` with every picture call blanked out (same length, so offsets
/// still point into the body). The call's last byte becomes a line break:
/// words after it on the same line then start a paragraph of their own
/// rather than an indented code block.
pub fn without_pictures(body: &str) -> String {
    let mut bytes = body.as_bytes().to_vec();
    let mut at = 0;
    for line in body.split_inclusive('\n') {
        let lead = line.len() - line.trim_start_matches(' ').len();
        if lead < 4 && starts_with_picture(line) {
            let start = at + lead;
            let end = start + call_len(&body[start..]);
            for b in &mut bytes[start..end] {
                if *b != b'\n' {
                    *b = b' ';
                }
            }
            bytes[end - 1] = b'\n';
        }
        at += line.len();
    }
    // Only ASCII bytes of whole characters were replaced.
    String::from_utf8(bytes).unwrap_or_else(|_| body.to_string())
}

/// The abbreviations Easy Read pages may use unexplained: the
/// `known_abbreviations` list of `data/easy_read.yaml`, from the site's data
/// files as (name, value). The file's shape is checked by the `easy-read` rule.
pub fn known_abbreviations<'v>(
    data: impl Iterator<Item = (&'v str, &'v serde_json::Value)>,
) -> Vec<String> {
    data.filter(|(name, _)| *name == DATA_NAME)
        .filter_map(|(_, value)| value.get("known_abbreviations")?.as_array().cloned())
        .flatten()
        .filter_map(|v| v.as_str().map(|s| s.trim().to_string()))
        .filter(|s| !s.is_empty())
        .collect()
}

/// A picture that can be shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picture {
    pub name: String,
    pub alt: String,
}

/// Read the picture call `call` (`{{ picture(name="…", alt="…") }}`), whose
/// pictogram must be among `files` (every static file, as published).
pub fn picture(call: &str, files: &HashSet<String>) -> Result<Picture, ComponentError> {
    let parsed = crate::components::parse::parse(call)?;
    let (name_word, name_at) = parsed.name;
    if let Some((key, at, _)) = parsed.args.iter().find(|(k, _, _)| !ARGS.contains(k)) {
        return Err(error(
            *at,
            key.chars().count(),
            format!("`picture` has no argument `{key}`"),
            match did_you_mean(key, &ARGS) {
                Some(best) => format!("did you mean `{best}`?"),
                None => "write {{ picture(name=\"doctor\", alt=\"A doctor\") }}".into(),
            },
        ));
    }
    let arg = |key: &str| parsed.args.iter().find(|(k, _, _)| *k == key);
    let Some((_, name_arg_at, name)) = arg("name") else {
        return Err(error(
            name_at,
            name_word.chars().count(),
            "this picture has no `name`".into(),
            "name a pictogram: {{ picture(name=\"doctor\", alt=\"A doctor\") }}".into(),
        ));
    };
    known_name(name, *name_arg_at, files)?;
    match arg("alt") {
        Some((_, _, alt)) if !alt.trim().is_empty() => Ok(Picture {
            name: name.clone(),
            alt: alt.trim().to_string(),
        }),
        found => Err(error(
            found.map_or(name_at, |(_, at, _)| *at),
            found.map_or(name_word.chars().count(), |_| 3),
            "this picture has no alt text".into(),
            format!(
                "say what the picture shows, for readers who cannot see it: alt=\"{}\"",
                example_alt(name)
            ),
        )),
    }
}

fn error(offset: usize, width: usize, message: String, hint: String) -> ComponentError {
    ComponentError {
        offset,
        width: width.max(1),
        message,
        hint,
    }
}

/// `name` (written at `at`, its `name=` included) is a pictogram among
/// `files`; it can only ever name a file of the pictogram folder.
fn known_name(name: &str, at: usize, files: &HashSet<String>) -> Result<(), ComponentError> {
    let known = names(files);
    let valid = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if valid && known.contains(&name) {
        return Ok(());
    }
    Err(error(
        at,
        name.chars().count() + 7,
        format!("there is no pictogram called `{name}`"),
        match did_you_mean(name, &known) {
            Some(best) => format!("did you mean `{best}`?"),
            None if !valid => format!(
                "a pictogram's name is its file name in {PICTOGRAM_DIR} without `.svg`: lower-case letters, digits and `-`, such as `doctor`"
            ),
            None => format!(
                "add {PICTOGRAM_DIR}{name}.svg to the site, or use one of: {}",
                known.join(", ")
            ),
        },
    ))
}

/// A starting point for an alt text, from a pictogram's name.
fn example_alt(name: &str) -> String {
    let words = name.replace('-', " ");
    format!("A {words}")
}

/// The names of the pictograms among `files`, sorted.
pub fn names(files: &HashSet<String>) -> Vec<&str> {
    let mut names: Vec<&str> = files
        .iter()
        .filter_map(|f| f.strip_prefix(PICTOGRAM_DIR)?.strip_suffix(".svg"))
        .filter(|n| !n.contains('/'))
        .collect();
    names.sort_unstable();
    names
}

type Item<'a> = (Event<'a>, Range<usize>);

/// The parser's events of an Easy Read page, grouped into rows (see the
/// module docs). With `enabled` false, the events pass through untouched.
pub struct Rows<'a, 'f, I> {
    body: &'a str,
    inner: I,
    enabled: bool,
    files: &'f HashSet<String>,
    /// Depth of open blocks and inlines: rows start and end only at the top.
    depth: usize,
    open: bool,
    queue: VecDeque<Item<'a>>,
    /// Pictures that could not be shown, by offset in the body.
    pub problems: Vec<(String, ComponentError)>,
}

impl<'a, 'f, I: Iterator<Item = Item<'a>>> Rows<'a, 'f, I> {
    pub fn new(body: &'a str, inner: I, enabled: bool, files: &'f HashSet<String>) -> Self {
        Rows {
            body,
            inner,
            enabled,
            files,
            depth: 0,
            open: false,
            queue: VecDeque::new(),
            problems: Vec::new(),
        }
    }

    fn close(&mut self, at: usize) -> Option<Item<'a>> {
        self.open.then(|| {
            self.open = false;
            (Event::Html(ROW_CLOSE.into()), at..at)
        })
    }

    /// A top-level paragraph that starts with a picture: a new row. The
    /// call's own text events are dropped; the rest of the paragraph (if
    /// any) is the row's first paragraph.
    fn row(&mut self, range: Range<usize>) -> Item<'a> {
        let start = range.start;
        let source = &self.body[range.clone()];
        let lead = source.len() - source.trim_start().len();
        let call_end = start + lead + call_len(&source[lead..]);
        let mut html = String::new();
        if self.open {
            html.push_str(ROW_CLOSE);
        }
        html.push_str(ROW_OPEN);
        self.open = true;
        match picture(&self.body[start..call_end], self.files) {
            Ok(p) => {
                let dest = format!("/{PICTOGRAM_DIR}{}.svg", p.name);
                self.queue.extend([
                    (image_start(dest), start..call_end),
                    (Event::Text(p.alt.into()), start..call_end),
                    (Event::End(TagEnd::Image), start..call_end),
                ]);
            }
            Err(e) => {
                let call = self.body[start..call_end].trim().to_string();
                self.problems.push((
                    call,
                    ComponentError {
                        offset: start + e.offset,
                        ..e
                    },
                ));
            }
        }
        self.queue
            .push_back((Event::Html(TEXT_OPEN.into()), start..start));
        self.rest_of_paragraph(call_end, range);
        (Event::Html(html.into()), start..start)
    }

    /// Queue what follows the picture call in its paragraph.
    fn rest_of_paragraph(&mut self, call_end: usize, para: Range<usize>) {
        let mut started = false;
        for (event, range) in self.inner.by_ref() {
            if matches!(event, Event::End(TagEnd::Paragraph)) {
                if started {
                    self.queue.push_back((event, range));
                }
                return;
            }
            if !started {
                if range.end <= call_end || matches!(event, Event::SoftBreak | Event::HardBreak) {
                    continue;
                }
                started = true;
                self.queue
                    .push_back((Event::Start(Tag::Paragraph), para.clone()));
                if let Event::Text(t) = &event
                    && range.start < call_end
                {
                    // The call and the first words share a line.
                    let cut = (call_end - range.start).min(t.len());
                    let rest = t.get(cut..).unwrap_or_default().trim_start().to_string();
                    self.queue
                        .push_back((Event::Text(rest.into()), call_end..range.end));
                    continue;
                }
            }
            self.queue.push_back((event, range));
        }
    }
}

fn image_start<'a>(dest: String) -> Event<'a> {
    Event::Start(Tag::Image {
        link_type: LinkType::Inline,
        dest_url: CowStr::from(dest),
        title: CowStr::Borrowed(""),
        id: CowStr::Borrowed(""),
    })
}

impl<'a, I: Iterator<Item = Item<'a>>> Iterator for Rows<'a, '_, I> {
    type Item = Item<'a>;

    fn next(&mut self) -> Option<Item<'a>> {
        if !self.enabled {
            return self.inner.next();
        }
        let (event, range) = self.next_in_rows()?;
        // Authors write one sentence a line; in a row, readers see it so.
        if self.open && matches!(event, Event::SoftBreak) {
            return Some((Event::HardBreak, range));
        }
        Some((event, range))
    }
}

impl<'a, I: Iterator<Item = Item<'a>>> Rows<'a, '_, I> {
    fn next_in_rows(&mut self) -> Option<Item<'a>> {
        if let Some(waiting) = self.queue.pop_front() {
            return Some(waiting);
        }
        let Some((event, range)) = self.inner.next() else {
            let end = self.body.len();
            return self.close(end);
        };
        let top = self.depth == 0;
        match &event {
            Event::Start(Tag::Paragraph)
                if top && starts_with_picture(&self.body[range.clone()]) =>
            {
                return Some(self.row(range));
            }
            Event::Start(Tag::Heading { .. }) | Event::Rule if top => {
                if let Some(close) = self.close(range.start) {
                    if matches!(event, Event::Start(_)) {
                        self.depth += 1;
                    }
                    self.queue.push_back((event, range));
                    return Some(close);
                }
            }
            _ => {}
        }
        match event {
            Event::Start(_) => self.depth += 1,
            Event::End(_) => self.depth = self.depth.saturating_sub(1),
            _ => {}
        }
        Some((event, range))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::markdown_options as options;
    use pulldown_cmark::Parser;

    fn files() -> HashSet<String> {
        [
            "static/pictograms/doctor.svg",
            "static/pictograms/nurse.svg",
            "static/css/site.css",
        ]
        .map(String::from)
        .into()
    }

    /// The HTML of `body` grouped into rows (images as pulldown-cmark
    /// writes them, before the renderer resolves their addresses).
    fn rows(body: &str) -> (String, Vec<String>) {
        let files = files();
        let mut rows = Rows::new(
            body,
            Parser::new_ext(body, options()).into_offset_iter(),
            true,
            &files,
        );
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, rows.by_ref().map(|(e, _)| e));
        (
            html,
            rows.problems.into_iter().map(|(_, e)| e.message).collect(),
        )
    }

    #[test]
    fn a_row_runs_from_its_picture_to_the_next_picture_or_heading() {
        let (html, problems) = rows(
            "# T\n\n{{ picture(name=\"doctor\", alt=\"A doctor\") }}\nOne.\nTwo.\n\n- a list\n\n{{ picture(name=\"nurse\", alt=\"A nurse\") }}\n\nAlone, then text.\n\n## Next\n\nAfter.\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            html,
            "<h1>T</h1>\n<div class=\"er-row\">\n<div class=\"er-picture\"><img src=\"/static/pictograms/doctor.svg\" alt=\"A doctor\" /></div>\n<div class=\"er-text\">\n<p>One.<br />\nTwo.</p>\n<ul>\n<li>a list</li>\n</ul>\n</div>\n</div>\n<div class=\"er-row\">\n<div class=\"er-picture\"><img src=\"/static/pictograms/nurse.svg\" alt=\"A nurse\" /></div>\n<div class=\"er-text\">\n<p>Alone, then text.</p>\n</div>\n</div>\n<h2>Next</h2>\n<p>After.</p>\n"
        );
    }

    #[test]
    fn words_on_the_picture_line_stay_and_nested_pictures_are_not_rows() {
        let (html, _) = rows("{{ picture(name=\"doctor\", alt=\"A doctor\") }} Same line.\n");
        assert!(
            html.contains("<div class=\"er-text\">\n<p>Same line.</p>"),
            "{html}"
        );
        let (html, _) = rows("> {{ picture(name=\"doctor\", alt=\"A doctor\") }}\n> Quoted.\n");
        assert!(!html.contains("er-row"), "{html}");
    }

    #[test]
    fn a_picture_that_cannot_be_shown_is_a_problem_and_the_row_stays() {
        let (html, problems) = rows("{{ picture(name=\"doctr\", alt=\"A doctor\") }}\nText.\n");
        assert_eq!(problems, ["there is no pictogram called `doctr`"]);
        assert!(html.contains("<div class=\"er-picture\"></div>"), "{html}");
        let (_, problems) = rows("{{ picture(name=\"doctor\", alt=\"\") }}\nText.\n");
        assert_eq!(problems, ["this picture has no alt text"]);
    }

    #[test]
    fn disabled_rows_change_nothing() {
        let body = "{{ picture(name=\"doctor\", alt=\"A doctor\") }}\nText.\n";
        let files = files();
        let events: Vec<_> = Rows::new(
            body,
            Parser::new_ext(body, options()).into_offset_iter(),
            false,
            &files,
        )
        .collect();
        let plain: Vec<_> = Parser::new_ext(body, options())
            .into_offset_iter()
            .collect();
        assert_eq!(events, plain);
    }

    #[test]
    fn pictures_are_blanked_to_the_same_length() {
        let body = "# T\n\n{{ picture(name=\"doctor\", alt=\"A doctor\") }} Words.\nMore.\n";
        let blank = without_pictures(body);
        assert_eq!(blank.len(), body.len());
        assert!(!blank.contains("picture"));
        assert!(blank.contains("\n Words.\nMore."), "{blank:?}");
    }
}
