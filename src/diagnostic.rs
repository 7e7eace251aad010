//! Errors and warnings that point at a place in a source file.
//!
//! Every problem careguide finds in a site becomes a [`Diagnostic`]: a severity,
//! a file, a 1-based line and column, a message and usually a hint. The span is
//! captured when the problem is found (not reconstructed later), and rendering
//! to rustc-style text happens only at the edge, in [`Diagnostic::render`].

use std::fmt;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde::Serialize;

use crate::rule::Rule;

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
        let column_byte = offset.min(index.text.len()) - index.starts()[line - 1];
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

    /// Render like rustc: `error: message`, `--> file:line:col`, the line, a caret, the hint.
    pub fn render(&self, color: bool) -> String {
        // File names and text come from the site: a name holding an escape
        // sequence must not reach the terminal raw (it could rewrite what
        // is shown, or the title, or worse).
        let printed = Diagnostic {
            file: printable(&self.file, false).into_owned(),
            message: printable(&self.message, true).into_owned(),
            hint: self
                .hint
                .as_deref()
                .map(|h| printable(h, true).into_owned()),
            source_line: self
                .source_line
                .as_deref()
                .map(|l| printable(l, false).into_owned()),
            ..self.clone()
        };
        printed.render_printable(color)
    }

    fn render_printable(&self, color: bool) -> String {
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let title = match self.rule {
            None => self.message.clone(),
            Some(rule) => format!("[{rule}] {}", self.message),
        };
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        let mut report: Vec<Group<'_>> = Vec::new();
        match &self.source_line {
            Some(text) if self.line > 0 => {
                let column = (self.column - 1).saturating_sub(self.source_skip);
                let start = char_to_byte(text, column);
                let end = char_to_byte(text, column + self.span_chars).max(start);
                let snippet = Snippet::source(text.as_str())
                    .line_start(self.line)
                    .annotation(AnnotationKind::Primary.span(start..end));
                // annotate-snippets works the column out from the text it
                // is given; for a cut line that is the wrong one, so name
                // the place ourselves.
                if self.source_skip == 0 {
                    report.push(
                        level
                            .primary_title(title)
                            .element(snippet.path(self.file.as_str())),
                    );
                } else {
                    report.push(
                        level.clone().primary_title(title).element(
                            annotate_snippets::Origin::path(self.file.as_str())
                                .line(self.line)
                                .char_column(self.column),
                        ),
                    );
                    report.push(Group::with_level(level).element(snippet));
                }
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

/// `text` with control characters (but tabs, and newlines where
/// `newlines`) and bidirectional overrides written as escapes (`\u{1b}`),
/// so that text from a site cannot drive the terminal it is printed on.
pub fn printable(text: &str, newlines: bool) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| {
        (c.is_control() && c != '\t' && !(newlines && c == '\n'))
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    };
    if !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
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

/// Longest source line kept whole in a diagnostic, in bytes. A longer line
/// (a 50 MB page may be one line) is cut to a window around the column, so a
/// diagnostic never holds a copy of a huge line: annotate-snippets would cut
/// it for display anyway, and thousands of findings on one line would
/// otherwise copy it thousands of times.
const MAX_SNIPPET_BYTES: usize = 1024;
/// Bytes kept before the column when a long line is cut.
const SNIPPET_LEAD_BYTES: usize = 240;

/// The part of `line` to keep for a finding at character `column` (byte
/// `column_byte` of the line), and how many characters were cut from its
/// start. Works from the byte position so that it costs the same at the
/// end of a 50 MB line as at its start.
fn snippet_window(line: &str, column: usize, column_byte: usize) -> (usize, &str) {
    if line.len() <= MAX_SNIPPET_BYTES {
        return (0, line);
    }
    let at = floor_char_boundary(line, column_byte.min(line.len()));
    let start = floor_char_boundary(line, at.saturating_sub(SNIPPET_LEAD_BYTES));
    let lead = line[start..at].chars().count();
    let end = floor_char_boundary(line, (start + MAX_SNIPPET_BYTES).min(line.len()));
    ((column - 1).saturating_sub(lead), &line[start..end])
}

/// Line starts of one text, so that locating many offsets in a big file
/// costs a binary search each instead of a scan from the top: with
/// [`Diagnostic::at_offset`] a page with thousands of findings was
/// quadratic (a 2 MB page of vague link texts took minutes).
pub struct LineIndex<'a> {
    text: &'a str,
    /// Where each line starts, found on first use: rules make an index for
    /// every page, and most pages have nothing to report.
    starts: std::cell::OnceCell<Vec<usize>>,
    /// The last offset located and its column: offsets usually come in
    /// order, so a column on a very long line is counted on from there.
    last: std::cell::Cell<(usize, usize)>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        LineIndex {
            text,
            starts: std::cell::OnceCell::new(),
            last: std::cell::Cell::new((0, 1)),
        }
    }

    fn starts(&self) -> &[usize] {
        self.starts.get_or_init(|| {
            // memchr's vectorised search: a build locates every page's links
            // to other pages' headings while the page's text is at hand, and
            // `match_indices` spent about 4 instructions a byte here.
            let mut starts = vec![0];
            starts.extend(memchr::memchr_iter(b'\n', self.text.as_bytes()).map(|i| i + 1));
            starts
        })
    }

    /// 1-based line and character column of a byte offset, as [`line_col`].
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(self.text, offset.min(self.text.len()));
        let starts = self.starts();
        let line = starts.partition_point(|&s| s <= offset);
        let start = starts[line - 1];
        let (last_offset, last_column) = self.last.get();
        let column = if last_offset >= start && last_offset <= offset {
            last_column + self.text[last_offset..offset].chars().count()
        } else {
            self.text[start..offset].chars().count() + 1
        };
        self.last.set((offset, column));
        (line, column)
    }

    /// The text of 1-based `line`, without its line ending.
    pub fn line_text(&self, line: usize) -> Option<&'a str> {
        let starts = self.starts();
        let start = *starts.get(line.checked_sub(1)?)?;
        let end = starts.get(line).map_or(self.text.len(), |&e| e - 1);
        Some(self.text[start..end].trim_end_matches('\r'))
    }
}

/// Author text quoted in a message or hint, cut to `max` characters with
/// `…`: a message is one line for people, and the snippet under it shows
/// where the text is. (A 1 MB heading id was printed whole, three times.)
pub fn shorten(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(max) {
        None => std::borrow::Cow::Borrowed(text),
        Some((cut, _)) => std::borrow::Cow::Owned(format!("{}…", &text[..cut])),
    }
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
    // The distance below costs time and memory in the product of the two
    // lengths; nobody mistypes a 100-character word, and a hostile page
    // (a 1 MB heading and a 1 MB anchor) must not cost terabytes.
    const LONGEST: usize = 100;
    if word.len() > LONGEST {
        return None;
    }
    let candidates: Vec<&'a str> = candidates
        .iter()
        .copied()
        .filter(|c| c.len() <= LONGEST)
        .collect();
    let candidates = candidates.as_slice();
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
