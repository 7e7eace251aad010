//! The parser's words for the mistakes people make most often in YAML (an
//! indent out of line, a key written twice, a tab, a colon inside a value,
//! a misspelt choice), said in everyday words, with the caret under the
//! characters to change.

use super::backticked_after;
use crate::diagnostic::{Diagnostic, did_you_mean};

/// The line a parser error points at, and the key written on it.
struct Place<'a> {
    file: &'a str,
    file_text: &'a str,
    /// 1-based line of the file where the YAML starts.
    first_line: usize,
    line: usize,
    column: usize,
    /// The line's text.
    text: &'a str,
    /// Spaces before the line's key (or its `- `).
    indent: usize,
    /// Byte where the key starts, after the indent and any `- `.
    key_start: usize,
    key: &'a str,
}

impl Place<'_> {
    /// An error pointing at this line's key, underlined.
    fn at_key(&self, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(self.file, message)
            .at(self.file_text, self.line, self.key_start + 1)
            .width(self.key.chars().count())
    }

    /// The text of 1-based line `n` of the file.
    fn line_text(&self, n: usize) -> Option<&str> {
        self.file_text.lines().nth(n.checked_sub(1)?)
    }
}

/// `message` in everyday words at `line:column`, or `None` for a message
/// none of these mistakes explain.
pub(super) fn plain_words(
    file: &str,
    file_text: &str,
    first_line: usize,
    line: usize,
    column: usize,
    message: &str,
) -> Option<Diagnostic> {
    let text = file_text.lines().nth(line.checked_sub(1)?)?;
    let indent = text.len() - text.trim_start_matches(' ').len();
    let key_start = indent + text[indent..].strip_prefix("- ").map_or(0, |_| 2);
    let key = text[key_start..]
        .split(':')
        .next()
        .unwrap_or_default()
        .trim_end();
    let place = Place {
        file,
        file_text,
        first_line,
        line,
        column,
        text,
        indent,
        key_start,
        key,
    };
    if message.contains("tab")
        && let Some(d) = tab(&place)
    {
        return Some(d);
    }
    if let Some(rest) = message.strip_prefix("duplicate mapping key: ") {
        return Some(duplicate_key(&place, rest));
    }
    if message.starts_with("unknown variant `") {
        return unknown_choice(&place, message);
    }
    structure(&place, message)
}

/// A tab in the indent. The parser may report it at the end of the line before.
fn tab(p: &Place) -> Option<Diagnostic> {
    let (tab_line, tab_column) = (p.line..p.line + 2).find_map(|n| {
        let l = p.line_text(n)?;
        l.find('\t').map(|at| (n, l[..at].chars().count() + 1))
    })?;
    Some(
        Diagnostic::error(p.file, "this line is indented with a tab")
            .at(p.file_text, tab_line, tab_column)
            .hint("YAML needs spaces to indent: replace the tab with spaces (set your editor to insert spaces when you press Tab)"),
    )
}

/// A key written twice in one block, naming the line of the first.
fn duplicate_key(p: &Place, rest: &str) -> Diagnostic {
    let name = rest.split(',').next().unwrap_or(rest).trim();
    let first = (p.first_line..p.line).find(|&n| {
        p.line_text(n).is_some_and(|l| {
            let l_indent = l.len() - l.trim_start_matches(' ').len();
            let l_key = l[l_indent..].strip_prefix("- ").unwrap_or(&l[l_indent..]);
            (l_indent == p.indent || l_indent + 2 == p.key_start)
                && l_key
                    .strip_prefix(name)
                    .is_some_and(|r| r.trim_start().starts_with(':'))
        })
    });
    let said = match first {
        Some(n) => format!("`{name}` is written twice (first on line {n})"),
        None => format!("`{name}` is written twice in the same block"),
    };
    p.at_key(said)
        .hint(format!("keep one `{name}:` line and delete the other"))
}

/// A value that is not one of a setting's choices, with the closest one.
fn unknown_choice(p: &Place, message: &str) -> Option<Diagnostic> {
    let value = backticked_after(message, "unknown variant `")?;
    let allowed: Vec<&str> = message
        .split("expected one of ")
        .nth(1)
        .or_else(|| message.split("expected ").nth(1))
        .map(|l| {
            l.split([',', ' '])
                .map(|k| k.trim_matches('`'))
                .filter(|k| !k.is_empty() && *k != "or")
                .collect()
        })
        .unwrap_or_default();
    let mut d = Diagnostic::error(
        p.file,
        format!(
            "`{value}` is not one of the choices here: {}",
            allowed.join(", ")
        ),
    )
    .at(p.file_text, p.line, p.column)
    .width(value.chars().count());
    d.hint = Some(match did_you_mean(value, &allowed) {
        Some(best) => format!("did you mean `{best}`?"),
        None => format!("write one of: {}", allowed.join(", ")),
    });
    Some(d)
}

/// The parser lost the block structure: a colon inside a value, or an
/// indent out of line with the lines above.
fn structure(p: &Place, message: &str) -> Option<Diagnostic> {
    let structure = [
        "mapping values are not allowed",
        "did not find expected '-' indicator",
        "did not find expected key",
        "block sequence entries are not allowed",
        "did not find expected ',' or",
    ];
    if !structure.iter().any(|s| message.contains(s)) {
        return None;
    }
    let text = p.text;
    // `summary: Note: this` – a second `: ` on the line, after the key's own.
    let own = text
        .find(": ")
        .or_else(|| text.strip_suffix(':').map(|s| s.len()));
    let colon_at = text
        .char_indices()
        .nth(p.column.saturating_sub(1))
        .map(|(b, _)| b);
    if message.starts_with("mapping values")
        && let (Some(own), Some(at)) = (own, colon_at)
        && at > own
    {
        let value = text[own + 1..].trim();
        return Some(
            Diagnostic::error(p.file, "this value has a colon and a space in it, which YAML reads as the start of a new key")
                .at(p.file_text, p.line, p.column)
                .hint(format!(
                    "put the whole value in quotes: {}: \"{}\"",
                    text[..own].trim_start_matches([' ', '-']).trim(),
                    value.replace('"', "\\\"")
                )),
        );
    }
    Some(
        p.at_key("this line's indent does not match the lines above it")
            .hint(indent_hint(p)),
    )
}

/// How this line's key lines up with the nearest key above it.
fn indent_hint(p: &Place) -> String {
    let above = (p.first_line..p.line).rev().find_map(|n| {
        let l = p.line_text(n)?;
        let trimmed = l.trim_start_matches(' ');
        if trimmed.is_empty() || trimmed.starts_with('#') {
            return None;
        }
        let i = l.len() - trimmed.len();
        Some((n, i + trimmed.strip_prefix("- ").map_or(0, |_| 2)))
    });
    match above {
        Some((n, col)) if col != p.key_start => format!(
            "line {n} starts its key at column {}, this line at column {}; line up the keys of one block under each other, using spaces",
            col + 1,
            p.key_start + 1
        ),
        _ => "line up the keys of one block under each other, using spaces; the keys of a list item start two spaces after its `- `".into(),
    }
}
