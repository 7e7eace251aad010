//! Errors and warnings that point at a place in a source file.
//!
//! Every problem careguide finds in a site becomes a [`Diagnostic`]: a severity,
//! a file, a 1-based line and column, a message and usually a hint. The span is
//! captured when the problem is found (not reconstructed later), and rendering
//! to rustc-style text happens only at the edge, in [`Diagnostic::render`].

use std::fmt;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde::Serialize;

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
    /// Rule name for `careguide check` findings (e.g. `review-date`); empty for build errors.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub rule: String,
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
            rule: String::new(),
            file: file.into(),
            line: 0,
            column: 0,
            message: message.into(),
            hint: None,
            source_line: None,
            span_chars: 1,
        }
    }

    /// Point at `line:column` (1-based) of `source`, the whole text of the file.
    pub fn at(mut self, source: &str, line: usize, column: usize) -> Self {
        self.line = line.max(1);
        self.column = column.max(1);
        self.source_line = source
            .lines()
            .nth(self.line - 1)
            .map(|l| l.trim_end_matches('\r').to_string());
        self
    }

    /// Point at a byte offset of `source`.
    pub fn at_offset(self, source: &str, offset: usize) -> Self {
        let (line, column) = line_col(source, offset);
        self.at(source, line, column)
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

    pub fn rule(mut self, rule: impl Into<String>) -> Self {
        self.rule = rule.into();
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

    /// Render like rustc: `error: message`, `--> file:line:col`, the line, a caret, the hint.
    pub fn render(&self, color: bool) -> String {
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let title = if self.rule.is_empty() {
            self.message.clone()
        } else {
            format!("[{}] {}", self.rule, self.message)
        };
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        let mut report: Vec<Group<'_>> = Vec::new();
        match &self.source_line {
            Some(text) if self.line > 0 => {
                let start = char_to_byte(text, self.column - 1);
                let end = char_to_byte(text, self.column - 1 + self.span_chars).max(start);
                report.push(
                    level.primary_title(title).element(
                        Snippet::source(text.as_str())
                            .line_start(self.line)
                            .path(self.file.as_str())
                            .annotation(AnnotationKind::Primary.span(start..end)),
                    ),
                );
            }
            _ => {
                report.push(
                    level
                        .primary_title(title)
                        .element(annotate_snippets::Origin::path(self.location())),
                );
            }
        }
        if let Some(hint) = &self.hint {
            report.push(Group::with_title(
                Level::HELP.secondary_title(hint.as_str()),
            ));
        }
        renderer.render(&report)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

/// Sort by file, then position, errors before warnings at the same place.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.severity, &a.message)
            .cmp(&(&b.file, b.line, b.column, b.severity, &b.message))
    });
}

/// 1-based line and character column of a byte offset.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(source, offset.min(source.len()));
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = source[line_start..offset].chars().count() + 1;
    (line, column)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn char_to_byte(text: &str, chars: usize) -> usize {
    text.char_indices()
        .nth(chars)
        .map_or(text.len(), |(i, _)| i)
}

/// The closest of `candidates` to `word`, if it is close enough to be a
/// plausible typo ("did you mean …?").
pub fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    // Compare file names without their shared extension: `sms.html` is not
    // a typo of `404.html` just because both end in `.html`.
    let stem = |s: &'a str| s.rsplit_once('.').map_or(s, |(a, _)| a);
    let (w, same_ext) = match word.rsplit_once('.') {
        Some((a, ext)) => (a, Some(ext)),
        None => (word, None),
    };
    candidates
        .iter()
        .map(|c| {
            let c_cmp = match same_ext {
                Some(ext) if c.ends_with(&format!(".{ext}")) => stem(c),
                _ => c,
            };
            (
                edit_distance(w, c_cmp),
                w.chars().count().max(c_cmp.chars().count()),
                *c,
            )
        })
        .filter(|(d, len, _)| *d <= (len / 3).max(1))
        .min_by_key(|(d, _, _)| *d)
        .map(|(_, _, c)| c)
}

/// Optimal string alignment distance: insertions, deletions, substitutions
/// and swaps of two neighbouring letters (the commonest typo) cost one each.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn line_col_counts_characters() {
        let src = "ab\ncé d";
        assert_eq!(line_col(src, 0), (1, 1));
        assert_eq!(line_col(src, 3), (2, 1));
        // 'é' is two bytes; the space after it is column 3.
        assert_eq!(line_col(src, 6), (2, 3));
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
