//! Errors and warnings that point at a place in a source file.
//!
//! Every problem careguide finds in a site becomes a [`Diagnostic`]: a severity,
//! a file, a 1-based line and column, a message and usually a hint. The span is
//! captured when the problem is found (not reconstructed later), and rendering
//! to rustc-style text happens only at the edge, in [`Diagnostic::render`].

use std::fmt;

use serde::Serialize;

use crate::rule::Rule;

mod lines;
mod render;
mod words;

#[cfg(test)]
use lines::MAX_SNIPPET_BYTES;
pub use lines::{LineIndex, line_col};
use lines::{char_to_byte, snippet_window};
pub use render::printable;
pub use words::{did_you_mean, shorten};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// One located finding. `line` and `column` are 1-based; column counts
/// characters, not bytes, so it matches what an editor shows. A diagnostic
/// about a whole file (or a file that cannot be read) has line 0.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The rule of a `careguide check` finding (printed e.g. `review-date`);
    /// `None` for build errors.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<Rule>,
    /// Path as shown to the user, relative to the site root where possible.
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// The text of the offending line, for the snippet.
    #[serde(skip)]
    pub source_line: Option<String>,
    /// Width of the caret, in characters (at least 1).
    #[serde(skip)]
    pub span_chars: usize,
    /// Characters cut from the start of `source_line` (a very long line is
    /// kept only around the column; see [`MAX_SNIPPET_BYTES`]).
    #[serde(skip)]
    pub source_skip: usize,
    /// For a template error: its parts, from which `message` is written.
    /// Code that groups template errors (`render::jobs::collapse`) compares
    /// these, not the message text.
    #[serde(skip)]
    pub template: Option<TemplateError>,
}

/// The parts of a template error's message: the problem, the page being
/// rendered, how many other pages failed the same way, and the causes
/// Tera chained to it. The message reads `problem (while rendering page
/// and N other pages): cause: cause`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TemplateError {
    pub problem: String,
    pub page: Option<String>,
    pub other_pages: usize,
    pub causes: Vec<String>,
}

impl TemplateError {
    /// The message these parts make.
    pub fn text(&self) -> String {
        let mut text = self.problem.clone();
        if let Some(page) = &self.page {
            text.push_str(&format!(" (while rendering {page}"));
            if self.other_pages > 0 {
                let s = if self.other_pages == 1 { "" } else { "s" };
                text.push_str(&format!(" and {} other page{s}", self.other_pages));
            }
            text.push(')');
        }
        for cause in &self.causes {
            text.push_str(&format!(": {cause}"));
        }
        text
    }
}

impl Diagnostic {
    pub fn error(file: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, file, message)
    }

    pub fn warning(file: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, file, message)
    }

    fn new(severity: Severity, file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            rule: None,
            file: file.into(),
            line: 0,
            column: 0,
            message: message.into(),
            hint: None,
            source_line: None,
            span_chars: 1,
            source_skip: 0,
            template: None,
        }
    }

    /// A template error in `file`, its message written from `parts`.
    pub fn template_error(file: impl Into<String>, parts: TemplateError) -> Self {
        let mut d = Self::new(Severity::Error, file, parts.text());
        d.template = Some(parts);
        d
    }

    /// Change a template error's parts with `change`, and its message with
    /// them. Does nothing to other diagnostics.
    pub fn edit_template(&mut self, change: impl FnOnce(&mut TemplateError)) {
        if let Some(parts) = &mut self.template {
            change(parts);
            self.message = parts.text();
        }
    }

    /// Point at `line:column` (1-based) of `source`, the whole text of the file.
    pub fn at(mut self, source: &str, line: usize, column: usize) -> Self {
        self.line = line.max(1);
        self.column = column.max(1);
        let line = source.lines().nth(self.line - 1);
        let line = line.map(|l| l.trim_end_matches('\r'));
        let column_byte = line.map_or(0, |l| char_to_byte(l, self.column - 1));
        self.set_source_line(line, column_byte);
        self
    }

    /// Point at a byte offset of `source`.
    pub fn at_offset(self, source: &str, offset: usize) -> Self {
        let (line, column) = line_col(source, offset);
        self.at(source, line, column)
    }

    /// Point at a byte offset of the text `index` was made from: the same as
    /// [`at_offset`](Self::at_offset), for callers that locate many offsets in one file.
    pub fn at_index(mut self, index: &LineIndex<'_>, offset: usize) -> Self {
        let (line, column) = index.line_col(offset);
        self.line = line;
        self.column = column;
        let column_byte = index.byte_in_line(line, offset);
        self.set_source_line(index.line_text(line), column_byte);
        self
    }

    fn set_source_line(&mut self, line: Option<&str>, column_byte: usize) {
        let (skip, text) = line.map_or((0, None), |l| {
            let (skip, text) = snippet_window(l, self.column, column_byte);
            (skip, Some(text.to_string()))
        });
        self.source_skip = skip;
        self.source_line = text;
    }

    /// Width of the underline, in characters.
    pub fn width(mut self, chars: usize) -> Self {
        self.span_chars = chars.max(1);
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn rule(mut self, rule: Rule) -> Self {
        self.rule = Some(rule);
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:col`, or just `file` when the whole file is meant.
    pub fn location(&self) -> String {
        if self.line == 0 {
            self.file.clone()
        } else {
            format!("{}:{}:{}", self.file, self.line, self.column)
        }
    }
}

/// Sort by file, then position, errors before warnings at the same place.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.severity, &a.message)
            .cmp(&(&b.file, b.line, b.column, b.severity, &b.message))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 19, finding 16: escape sequences in file names and text.
    #[test]
    fn escape_sequences_never_reach_the_terminal() {
        let d = Diagnostic::error(
            "content/\u{1b}]0;pwned\u{7}a\u{1b}[2J.md",
            "bad \u{1b}[31mred",
        )
        .hint("see \u{202e}txt.exe");
        for color in [false, true] {
            let shown = d.render(color);
            assert!(!shown.contains("]0;pwned\u{7}"), "{shown:?}");
            assert!(!shown.contains("\u{1b}[2J"), "{shown:?}");
            assert!(!shown.contains("\u{1b}[31mred"), "{shown:?}");
            assert!(!shown.contains('\u{202e}'), "{shown:?}");
            assert!(
                shown.contains("content/\\u{1b}]0;pwned\\u{7}a"),
                "{shown:?}"
            );
        }
    }

    #[test]
    fn renders_like_rustc_with_caret_and_hint() {
        let src = "title: x\naudiance: patient\n";
        let d = Diagnostic::error("content/a.md", "unknown key `audiance`")
            .at(src, 2, 1)
            .width(8)
            .hint("did you mean `audience`?");
        let text = d.render(false);
        assert!(text.contains("error: unknown key `audiance`"), "{text}");
        assert!(text.contains("--> content/a.md:2:1"), "{text}");
        assert!(text.contains("audiance: patient"), "{text}");
        assert!(text.contains("^^^^^^^^"), "{text}");
        assert!(text.contains("help: did you mean `audience`?"), "{text}");
    }

    #[test]
    fn a_template_error_is_written_from_its_parts() {
        let mut d = Diagnostic::template_error(
            "templates/base.html",
            TemplateError {
                problem: "template error: x".into(),
                page: Some("content/a.md".into()),
                ..TemplateError::default()
            },
        );
        assert_eq!(
            d.message,
            "template error: x (while rendering content/a.md)"
        );
        d.edit_template(|t| t.other_pages = 2);
        d.edit_template(|t| t.causes.push("bad value".into()));
        assert_eq!(
            d.message,
            "template error: x (while rendering content/a.md and 2 other pages): bad value"
        );
        // Other diagnostics have no parts to change.
        let mut plain = Diagnostic::error("a", "m");
        plain.edit_template(|t| t.other_pages = 1);
        assert_eq!(plain.message, "m");
    }

    #[test]
    fn line_col_counts_characters() {
        let src = "ab\ncé d";
        assert_eq!(line_col(src, 0), (1, 1));
        assert_eq!(line_col(src, 3), (2, 1));
        // 'é' is two bytes; the space after it is column 3.
        assert_eq!(line_col(src, 6), (2, 3));
    }

    #[test]
    fn line_index_agrees_with_line_col() {
        let src = "ab\ncé d\r\n\nlast";
        let ix = LineIndex::new(src);
        for offset in 0..=src.len() + 2 {
            assert_eq!(ix.line_col(offset), line_col(src, offset), "{offset}");
        }
        // Out of order too (the column cache must not be trusted backwards).
        assert_eq!(ix.line_col(4), line_col(src, 4));
        assert_eq!(ix.line_text(2), Some("cé d"));
        assert_eq!(ix.line_text(4), Some("last"));
        assert_eq!(ix.line_text(5), None);
        let d = Diagnostic::error("f", "m").at_index(&ix, 6);
        assert_eq!(d, Diagnostic::error("f", "m").at_offset(src, 6));
    }

    #[test]
    fn long_lines_are_kept_around_the_column() {
        let line = format!("{}TARGET{}", "é".repeat(5_000), "x".repeat(5_000));
        let d = Diagnostic::error("f", "m").at(&line, 1, 5_001).width(6);
        let kept = d.source_line.as_deref().unwrap();
        assert!(kept.len() <= MAX_SNIPPET_BYTES, "{}", kept.len());
        assert!(kept.contains("TARGET"));
        let rendered = d.render(false);
        assert!(rendered.contains("--> f:1:5001"), "{rendered}");
        // The caret still sits under TARGET.
        let lines: Vec<&str> = rendered.lines().collect();
        let code = lines.iter().position(|l| l.contains("TARGET")).unwrap();
        let at = lines[code][..lines[code].find("TARGET").unwrap()]
            .chars()
            .count();
        let caret: String = lines[code + 1].chars().skip(at).take(6).collect();
        assert_eq!(caret, "^^^^^^", "{rendered}");
    }

    #[test]
    fn shorten_cuts_on_characters() {
        assert_eq!(shorten("abc", 3), "abc");
        assert_eq!(shorten("ééé", 2), "éé…");
    }

    #[test]
    fn no_suggestion_for_huge_words() {
        let huge = "a".repeat(1 << 20);
        let near = format!("{huge}b");
        assert_eq!(did_you_mean(&huge, &[near.as_str(), "title"]), None);
        assert_eq!(
            did_you_mean("titel", &[near.as_str(), "title"]),
            Some("title")
        );
    }

    #[test]
    fn suggests_close_words_only() {
        let keys = ["title", "summary", "audience"];
        assert_eq!(did_you_mean("audiance", &keys), Some("audience"));
        assert_eq!(did_you_mean("titel", &keys), Some("title"));
        assert_eq!(did_you_mean("colour", &keys), None);
        let templates = ["404.html", "home.html", "videos.html"];
        assert_eq!(did_you_mean("sms.html", &templates), None);
        assert_eq!(did_you_mean("vidoes.html", &templates), Some("videos.html"));
    }
}
