//! A page: its front matter, checked and typed, and its Markdown body.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::config::ReviewPolicy;
use crate::content::{front_fast, frontmatter};
use crate::diagnostic::Diagnostic;
use crate::yaml::{Span, Spans};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Audience {
    Patient,
    Professional,
    Everyone,
}

impl Audience {
    pub fn as_str(self) -> &'static str {
        match self {
            Audience::Patient => "patient",
            Audience::Professional => "professional",
            Audience::Everyone => "everyone",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    #[default]
    Current,
    Archived,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub title: String,
    pub url: String,
}

/// Front matter exactly as written; dates stay text until they are checked.
/// Where each field was written is kept beside it, in a [`Spans`].
#[derive(Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFrontMatter {
    pub(super) title: String,
    pub(super) summary: String,
    pub(super) audience: Audience,
    #[serde(default)]
    pub(super) order: Option<i64>,
    pub(super) last_reviewed: String,
    #[serde(default)]
    pub(super) next_review_due: Option<String>,
    #[serde(default)]
    pub(super) status: Status,
    #[serde(default)]
    pub(super) archived_note: Option<String>,
    #[serde(default)]
    pub(super) draft: bool,
    #[serde(default)]
    pub(super) sources: Vec<Source>,
    #[serde(default)]
    pub(super) template: Option<String>,
    #[serde(default)]
    pub(super) print_view: Option<bool>,
}

/// Checked front matter.
#[derive(Debug, Clone, PartialEq)]
pub struct FrontMatter {
    pub title: String,
    pub summary: String,
    pub audience: Audience,
    pub order: Option<i64>,
    pub last_reviewed: Date,
    pub next_review_due: Date,
    pub status: Status,
    pub archived_note: Option<String>,
    pub draft: bool,
    pub sources: Vec<Source>,
    pub template: Option<String>,
    /// 1-based line of `template:` in the file (0 without one), for
    /// template-not-found errors; the same as `spans.value("template")`.
    pub template_line: usize,
    /// `print_view: true` on a section's own page (`_index.md`): also publish
    /// `<section>/print/`, one printable document holding the section page
    /// and every page below it, linked from the section page as "Print the
    /// whole pack". Default false; an error on any other page.
    pub print_view: bool,
    /// Where each key and value was written, by path (`title`,
    /// `sources.0.url`), as lines and columns of the page file: every later
    /// error about a field points there.
    pub spans: Spans,
}

/// One Markdown file of content/.
#[derive(Debug, Clone)]
pub struct Page {
    /// Path shown to users, e.g. `content/guide/lpa.md`.
    pub file: String,
    /// Path inside content/, with `/`, e.g. `guide/lpa.md`.
    pub rel_path: String,
    /// Site-relative URL with a trailing slash, `` for the home page, e.g. `guide/lpa/`.
    pub url: String,
    /// The folder (section) it belongs to, e.g. `guide` (`` for the top).
    pub section: String,
    /// True for a folder's own page, `_index.md`.
    pub is_index: bool,
    pub meta: FrontMatter,
    /// The whole file, normalised.
    pub text: String,
    pub body_offset: usize,
    pub body_first_line: usize,
}

impl Page {
    pub fn body(&self) -> &str {
        self.text.get(self.body_offset..).unwrap_or_default()
    }

    /// Free the Markdown body once nothing will read it again (see
    /// `pipeline::build`): on a large site the sources are much of the
    /// memory a build holds. The front matter stays, so that a template
    /// error can still point at the page's `template:` line. `body()` is
    /// empty afterwards.
    pub fn release_body(&mut self) {
        self.text.truncate(self.body_offset);
        self.text.shrink_to_fit();
    }
}

/// Where a file in content/ is published: `guide/lpa.md` → `guide/lpa/`,
/// `guide/_index.md` → `guide/`, `_index.md` → ``. A page bundle, as in Zola
/// and Hugo, `guide/lpa/index.md`, is the page `guide/lpa/` too: the files
/// beside it are published beside it, so its relative image links work.
pub fn url_for(rel_path: &str) -> (String, String, bool) {
    let (dir, name) = match rel_path.rsplit_once('/') {
        Some((d, n)) => (d.to_string(), n),
        None => (String::new(), rel_path),
    };
    let stem = name.strip_suffix(".md").unwrap_or(name);
    if stem == "index" && !dir.is_empty() {
        let section = dir
            .rsplit_once('/')
            .map_or(String::new(), |(p, _)| p.to_string());
        return (format!("{dir}/"), section, false);
    }
    if stem == "_index" {
        let url = if dir.is_empty() {
            String::new()
        } else {
            format!("{dir}/")
        };
        let parent = dir
            .rsplit_once('/')
            .map_or(String::new(), |(p, _)| p.to_string());
        // A section's own page belongs to the section above it in lists.
        (
            url,
            if dir.is_empty() {
                String::new()
            } else {
                parent
            },
            true,
        )
    } else {
        let url = if dir.is_empty() {
            format!("{stem}/")
        } else {
            format!("{dir}/{stem}/")
        };
        (url, dir, false)
    }
}

/// A date written day/month/year, as in the UK (`01/11/2026`, `1-11-2026`,
/// `01.11.2026`), as the YYYY-MM-DD it means, if that day exists.
fn uk_order(value: &str) -> Option<String> {
    let parts: Vec<&str> = value.split(['/', '-', '.']).collect();
    let [d, m, y] = parts.as_slice() else {
        return None;
    };
    if y.len() != 4 || d.len() > 2 || m.len() > 2 {
        return None;
    }
    let (d, m, y): (i8, i8, i16) = (d.parse().ok()?, m.parse().ok()?, y.parse().ok()?);
    Date::new(y, m, d).ok().map(|date| date.to_string())
}

/// Parse and check one page. Returns every problem found in its front matter.
pub fn parse(
    file: &str,
    rel_path: &str,
    text: String,
    review: &ReviewPolicy,
) -> Result<Page, Vec<Diagnostic>> {
    let split = frontmatter::split(file, &text).map_err(|d| vec![d])?;
    // The fast reader takes the common shape of front matter; anything else
    // (and every error) goes to serde-saphyr, so its messages stay as they
    // are. Its spans are read in a second pass, only on this rare path.
    let (raw, spans): (RawFrontMatter, Spans) = match front_fast::read(split.yaml) {
        Some(read) => read,
        None => {
            let raw = crate::yaml::parse(file, &text, split.yaml, split.yaml_first_line)
                .map_err(|d| vec![d])?;
            (raw, Spans::of(split.yaml))
        }
    };
    let (body_offset, body_first_line) = (split.body_offset, split.body_first_line);
    let fields = Fields {
        file,
        text: &text,
        spans: spans.below(split.yaml_first_line),
    };
    let meta = fields.check(raw, rel_path, review)?;
    let (url, section, is_index) = url_for(rel_path);
    Ok(Page {
        file: file.to_string(),
        rel_path: rel_path.to_string(),
        url,
        section,
        is_index,
        meta,
        text,
        body_offset,
        body_first_line,
    })
}

/// One page's front matter being checked: the file, its text, and where
/// each field was written.
struct Fields<'a> {
    file: &'a str,
    text: &'a str,
    spans: Spans,
}

impl Fields<'_> {
    /// An error about the field at `path`, pointing at its key (`at_value`
    /// false) or its value, underlining `width` characters.
    fn error(&self, path: &str, at_value: bool, width: usize, message: String) -> Diagnostic {
        let span = self
            .spans
            .get(path)
            .map_or(Span::new(1, 1), |s| if at_value { s.value } else { s.key });
        Diagnostic::error(self.file, message)
            .at(self.text, span.line, span.column)
            .width(width)
    }

    /// The date written at `key`, or an error saying what is wrong with it.
    fn date(&self, value: &str, key: &str, errors: &mut Vec<Diagnostic>) -> Option<Date> {
        let width = value.chars().count();
        let value = value.trim();
        match value.parse::<Date>() {
            Ok(d) => return Some(d),
            Err(_) if let Some(iso) = uk_order(value) => errors.push(
                self.error(key, true, width, format!("`{key}` must be written year-month-day"))
                    .hint(format!("did you mean {iso}? careguide reads dates as YYYY-MM-DD, so the year comes first")),
            ),
            Err(e) => errors.push(
                self.error(key, true, width, format!("`{key}` is not a real date: {e}"))
                    .hint("write dates as YYYY-MM-DD, e.g. 2026-05-28, and check the day exists in that month"),
            ),
        }
        None
    }

    /// Check `raw` and type it, or every problem found.
    fn check(
        self,
        raw: RawFrontMatter,
        rel_path: &str,
        review: &ReviewPolicy,
    ) -> Result<FrontMatter, Vec<Diagnostic>> {
        let mut errors = Vec::new();
        let last_reviewed = self.date(&raw.last_reviewed, "last_reviewed", &mut errors);
        let next_due = raw
            .next_review_due
            .as_ref()
            .and_then(|s| self.date(s, "next_review_due", &mut errors));
        self.check_text(&raw, &mut errors);
        if let (Some(last), Some(next)) = (last_reviewed, next_due)
            && next < last
        {
            errors.push(
                self.error(
                    "next_review_due",
                    true,
                    10,
                    "`next_review_due` is before `last_reviewed`".into(),
                )
                .hint("the next review must come after the last one"),
            );
        }
        self.check_page_kind(&raw, rel_path, &mut errors);
        if !errors.is_empty() {
            return Err(errors);
        }
        let last_reviewed = last_reviewed.expect("no errors means the date parsed");
        let next_review_due = next_due.unwrap_or_else(|| {
            last_reviewed
                .checked_add(jiff::Span::new().months(i64::from(review.period_months)))
                .unwrap_or(last_reviewed)
        });
        let template_line = self.spans.value("template").map_or(0, |s| s.line);
        Ok(FrontMatter {
            title: raw.title.trim().to_string(),
            summary: raw.summary.trim().to_string(),
            audience: raw.audience,
            order: raw.order,
            last_reviewed,
            next_review_due,
            status: raw.status,
            archived_note: raw.archived_note,
            draft: raw.draft,
            sources: raw.sources,
            template: raw.template,
            template_line,
            print_view: raw.print_view.unwrap_or(false),
            spans: self.spans,
        })
    }

    /// Title and summary written, and a note on an archived page.
    fn check_text(&self, raw: &RawFrontMatter, errors: &mut Vec<Diagnostic>) {
        if raw.title.trim().is_empty() {
            errors.push(
                self.error("title", false, 5, "`title` must not be empty".into())
                    .hint("give the page a short, plain title"),
            );
        }
        if raw.summary.trim().is_empty() {
            errors.push(
                self.error("summary", false, 7, "`summary` must not be empty".into())
                    .hint(
                        "one sentence saying what the page is for; it becomes the search-result text",
                    ),
            );
        }
        if raw.status == Status::Archived
            && raw
                .archived_note
                .as_deref()
                .is_none_or(|n| n.trim().is_empty())
        {
            errors.push(
                self.error(
                    "status",
                    false,
                    6,
                    "an archived page needs an `archived_note`".into(),
                )
                .hint("add `archived_note: …` saying why the page is kept and what replaced it"),
            );
        }
    }

    /// A template that names a file in templates/, and `print_view` only on
    /// a section's own page.
    fn check_page_kind(&self, raw: &RawFrontMatter, rel_path: &str, errors: &mut Vec<Diagnostic>) {
        if let Some(t) = &raw.template
            && (t.contains("..") || t.starts_with('/') || !t.ends_with(".html"))
        {
            errors.push(
                self.error(
                    "template",
                    true,
                    t.chars().count(),
                    format!("`template: {t}` is not a template name"),
                )
                .hint("name a file in templates/, e.g. `template: videos.html`"),
            );
        }
        if raw.print_view == Some(true) && rel_path.rsplit('/').next() != Some("_index.md") {
            errors.push(
                self.error("print_view", true, 4, "`print_view` only works on a section's own page".into())
                    .hint("set `print_view: true` in the folder's _index.md; it prints the section with all its pages"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(text: &str) -> Result<Page, Vec<Diagnostic>> {
        parse(
            "content/a.md",
            "a.md",
            text.to_string(),
            &ReviewPolicy::default(),
        )
    }

    const GOOD: &str = "---\ntitle: A page\nsummary: What it is for.\naudience: patient\nlast_reviewed: 2026-05-28\n---\n# A page\n";

    #[test]
    fn next_review_defaults_to_the_policy_period() {
        let p = page(GOOD).unwrap();
        assert_eq!(p.meta.next_review_due.to_string(), "2029-05-28");
        assert_eq!(p.url, "a/");
        assert_eq!(p.body(), "# A page\n");
        assert_eq!(p.body_first_line, 7);
    }

    #[test]
    fn impossible_date_is_located_and_explained() {
        let errs = page(&GOOD.replace("2026-05-28", "2026-02-30")).unwrap_err();
        assert_eq!((errs[0].line, errs[0].column), (5, 16), "{}", errs[0]);
        assert!(errs[0].message.contains("not a real date"), "{}", errs[0]);
    }

    #[test]
    fn unknown_audience_value_is_located() {
        let errs = page(&GOOD.replace("audience: patient", "audience: patients")).unwrap_err();
        assert_eq!(errs[0].line, 4, "{}", errs[0]);
    }

    #[test]
    fn missing_required_field() {
        let errs = page(&GOOD.replace("summary: What it is for.\n", "")).unwrap_err();
        assert!(
            errs[0].message.contains("missing field `summary`"),
            "{}",
            errs[0]
        );
    }

    #[test]
    fn archived_needs_a_note() {
        let errs = page(&GOOD.replace(
            "audience: patient\n",
            "audience: patient\nstatus: archived\n",
        ))
        .unwrap_err();
        assert!(errs[0].message.contains("archived_note"));
    }

    #[test]
    fn print_view_is_only_for_section_pages() {
        let with = GOOD.replace(
            "audience: patient\n",
            "audience: patient\nprint_view: true\n",
        );
        let errs = page(&with).unwrap_err();
        assert_eq!((errs[0].line, errs[0].column), (5, 13), "{}", errs[0]);
        let p = parse(
            "content/g/_index.md",
            "g/_index.md",
            with,
            &ReviewPolicy::default(),
        )
        .unwrap();
        assert!(p.meta.print_view);
        assert!(!page(GOOD).unwrap().meta.print_view);
    }

    #[test]
    fn lone_carriage_returns_keep_errors_inside_the_file() {
        // Fuzzing found this: YAML counted the CRs as lines and pointed past our last line.
        let text =
            crate::source::decode("content/a.md", b"---\ntitle: A\r\r\r\x00\n---\n").unwrap();
        let errs = page(&text).unwrap_err();
        assert!(errs[0].line <= text.lines().count(), "{}", errs[0]);
        assert!(errs[0].source_line.is_some(), "{}", errs[0]);
    }

    #[test]
    fn uk_dates_are_read_day_first() {
        assert_eq!(uk_order("01/11/2026").as_deref(), Some("2026-11-01"));
        assert_eq!(uk_order("1.2.2027").as_deref(), Some("2027-02-01"));
        assert_eq!(uk_order("31/02/2026"), None);
        assert_eq!(uk_order("2026-11-01"), None);
    }

    #[test]
    fn urls() {
        assert_eq!(url_for("_index.md"), (String::new(), String::new(), true));
        assert_eq!(
            url_for("guide/_index.md"),
            ("guide/".into(), String::new(), true)
        );
        assert_eq!(
            url_for("guide/lpa.md"),
            ("guide/lpa/".into(), "guide".into(), false)
        );
        assert_eq!(url_for("a/b/_index.md"), ("a/b/".into(), "a".into(), true));
        // Page bundles: a folder's index.md is an ordinary page at the folder's URL.
        assert_eq!(
            url_for("guide/lpa/index.md"),
            ("guide/lpa/".into(), "guide".into(), false)
        );
        assert_eq!(
            url_for("about/index.md"),
            ("about/".into(), String::new(), false)
        );
    }
}
