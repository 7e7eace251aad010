//! Diagnostics as rustc-style text for a terminal, with the source line,
//! a caret under the problem and the hint; text from the site is escaped so
//! that it cannot drive the terminal.

use std::fmt;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use super::{Diagnostic, Severity, char_to_byte};

impl Diagnostic {
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
