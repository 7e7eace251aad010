//! YAML parsing with errors turned into located [`Diagnostic`]s.
//!
//! serde-saphyr reports line and column for syntax errors and for the value
//! that failed to deserialize. Front matter sits below a `---` line, so callers
//! pass the line offset of the YAML inside its file and the whole file text.

use serde::de::DeserializeOwned;

mod spans;
pub use spans::{KeySpan, Span, Spanned, Spans};

use crate::diagnostic::{Diagnostic, did_you_mean};

/// Deepest nesting of lists and mappings accepted.
const MAX_DEPTH: usize = 64;

/// Limits that keep hostile YAML (alias bombs, deep nesting) from eating the machine.
fn options() -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_depth = MAX_DEPTH;
    budget.max_nodes = 200_000;
    budget.max_total_scalar_bytes = 64 * 1024 * 1024;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    options
}

/// Parse `yaml`, which starts at 1-based line `first_line` of `file_text`.
/// `file` is the path shown to the user.
pub fn parse<T: DeserializeOwned>(
    file: &str,
    file_text: &str,
    yaml: &str,
    first_line: usize,
) -> Result<T, Diagnostic> {
    serde_saphyr::from_str_with_options(yaml, options())
        .map_err(|e| to_diagnostic(file, file_text, first_line, &e))
}

fn to_diagnostic(
    file: &str,
    file_text: &str,
    first_line: usize,
    err: &serde_saphyr::Error,
) -> Diagnostic {
    let raw = err.without_snippet().to_string();
    let mut message = clean_message(&raw);
    // The budget's own words (`budget breached: Nodes { nodes: 200001 }`)
    // mean nothing to an author.
    if message.starts_with("budget breached: Nodes") || message.contains("budget breached: Alias") {
        message = "the YAML expands to too many values (anchors and aliases `*` repeat it past the limit)".into();
    } else if message.starts_with("budget breached: Depth") || message == "recursion limit exceeded"
    {
        message = format!("the YAML is nested too deeply (more than {MAX_DEPTH} levels)");
    }
    if let Some(kind) = message.strip_prefix("invalid ")
        && ["i64", "u64", "i32", "u32", "usize", "u8", "u16"].contains(&kind)
    {
        message = "this value must be a whole number".into();
    }
    // serde reports a missing key where the mapping ended; the start of the
    // YAML is where the author will add it.
    let missing = message.starts_with("missing field");
    let (line, column) = match err.location().filter(|l| l.line() > 0 && !missing) {
        Some(loc) => (first_line + loc.line() as usize - 1, loc.column() as usize),
        None => (first_line, 1),
    };
    if let Some(plain) = plain_words(file, file_text, first_line, line, column, &message) {
        return plain;
    }
    let mut diag = Diagnostic::error(file, message.clone()).at(file_text, line, column);
    diag.hint = hint_for(&message);
    if let Some(field) = backticked_after(&message, "unknown field `") {
        diag = diag.width(field.chars().count());
    }
    diag
}

/// The parser's words for the mistakes people make most often in YAML
/// (an indent out of line, a key written twice, a tab, a colon inside a
/// value, a misspelt choice), said in everyday words, with the caret under
/// the characters to change. `None` for any other message.
fn plain_words(
    file: &str,
    file_text: &str,
    first_line: usize,
    line: usize,
    column: usize,
    message: &str,
) -> Option<Diagnostic> {
    let text = file_text.lines().nth(line.checked_sub(1)?)?;
    let indent = text.len() - text.trim_start_matches(' ').len();
    // The key of this line, after its indent and any `- `.
    let key_start = indent + text[indent..].strip_prefix("- ").map_or(0, |_| 2);
    let key = text[key_start..]
        .split(':')
        .next()
        .unwrap_or_default()
        .trim_end();
    let at_key = |d: Diagnostic| {
        d.at(file_text, line, key_start + 1)
            .width(key.chars().count())
    };
    // The parser may report a tab at the end of the line before it.
    let tab = (line..line + 2).find_map(|n| {
        let l = file_text.lines().nth(n - 1)?;
        l.find('\t').map(|at| (n, l[..at].chars().count() + 1))
    });
    if let Some((tab_line, tab_column)) = tab.filter(|_| message.contains("tab")) {
        return Some(
            Diagnostic::error(file, "this line is indented with a tab")
                .at(file_text, tab_line, tab_column)
                .hint("YAML needs spaces to indent: replace the tab with spaces (set your editor to insert spaces when you press Tab)"),
        );
    }
    if let Some(rest) = message.strip_prefix("duplicate mapping key: ") {
        let name = rest.split(',').next().unwrap_or(rest).trim();
        let first = (first_line..line).find(|&n| {
            file_text.lines().nth(n - 1).is_some_and(|l| {
                let l_indent = l.len() - l.trim_start_matches(' ').len();
                let l_key = l[l_indent..].strip_prefix("- ").unwrap_or(&l[l_indent..]);
                (l_indent == indent || l_indent + 2 == key_start)
                    && l_key
                        .strip_prefix(name)
                        .is_some_and(|r| r.trim_start().starts_with(':'))
            })
        });
        let said = match first {
            Some(n) => format!("`{name}` is written twice (first on line {n})"),
            None => format!("`{name}` is written twice in the same block"),
        };
        return Some(
            at_key(Diagnostic::error(file, said))
                .hint(format!("keep one `{name}:` line and delete the other")),
        );
    }
    if message.starts_with("unknown variant `") {
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
            file,
            format!(
                "`{value}` is not one of the choices here: {}",
                allowed.join(", ")
            ),
        )
        .at(file_text, line, column)
        .width(value.chars().count());
        d.hint = Some(match did_you_mean(value, &allowed) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!("write one of: {}", allowed.join(", ")),
        });
        return Some(d);
    }
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
    // `summary: Note: this` – a second `: ` on the line, after the key's own.
    let own = text
        .find(": ")
        .or_else(|| text.strip_suffix(':').map(|s| s.len()));
    let colon_at = text
        .char_indices()
        .nth(column.saturating_sub(1))
        .map(|(b, _)| b);
    if message.starts_with("mapping values")
        && let (Some(own), Some(at)) = (own, colon_at)
        && at > own
    {
        let value = text[own + 1..].trim();
        return Some(
            Diagnostic::error(file, "this value has a colon and a space in it, which YAML reads as the start of a new key")
                .at(file_text, line, column)
                .hint(format!(
                    "put the whole value in quotes: {}: \"{}\"",
                    text[..own].trim_start_matches([' ', '-']).trim(),
                    value.replace('"', "\\\"")
                )),
        );
    }
    // An indent out of line with the lines above.
    let above = (first_line..line).rev().find_map(|n| {
        let l = file_text.lines().nth(n - 1)?;
        let trimmed = l.trim_start_matches(' ');
        if trimmed.is_empty() || trimmed.starts_with('#') {
            return None;
        }
        let i = l.len() - trimmed.len();
        Some((n, i + trimmed.strip_prefix("- ").map_or(0, |_| 2)))
    });
    let hint = match above {
        Some((n, col)) if col != key_start => format!(
            "line {n} starts its key at column {}, this line at column {}; line up the keys of one block under each other, using spaces",
            col + 1,
            key_start + 1
        ),
        _ => "line up the keys of one block under each other, using spaces; the keys of a list item start two spaces after its `- `".into(),
    };
    Some(
        at_key(Diagnostic::error(
            file,
            "this line's indent does not match the lines above it",
        ))
        .hint(hint),
    )
}

/// serde-saphyr appends " at line X, column Y" to some messages; the
/// location is shown separately, so drop it.
fn clean_message(raw: &str) -> String {
    let first = raw.lines().next().unwrap_or(raw).trim();
    let cut = first.find(" at line ").unwrap_or(first.len());
    first[..cut].trim_end_matches(':').to_string()
}

fn backticked_after<'a>(message: &'a str, prefix: &str) -> Option<&'a str> {
    let start = message.find(prefix)? + prefix.len();
    let rest = &message[start..];
    Some(&rest[..rest.find('`')?])
}

/// Turn serde's "unknown field `x`, expected one of `a`, `b`" into a
/// "did you mean" hint, and give plain advice for common mistakes.
fn hint_for(message: &str) -> Option<String> {
    if let Some(field) = backticked_after(message, "unknown field `") {
        // serde-saphyr lists the allowed keys as "expected one of a, b, c".
        let expected: Vec<&str> = message
            .split("expected one of ")
            .nth(1)
            .map(|list| list.split(", ").map(|k| k.trim_matches('`')).collect())
            .unwrap_or_default();
        return Some(match did_you_mean(field, &expected) {
            Some(best) => format!("did you mean `{best}`?"),
            None if expected.is_empty() => format!("remove `{field}`"),
            None => format!(
                "remove `{field}`; allowed keys are: {}",
                expected.join(", ")
            ),
        });
    }
    if let Some(field) = backticked_after(message, "missing field `") {
        return Some(format!("add a line `{field}: …`"));
    }
    if message.contains("tabs") {
        return Some("indent YAML with spaces, not tabs".into());
    }
    if message == "this value must be a whole number" {
        return Some("write a number without quotes or words, such as 10".into());
    }
    if message.contains("expected string") {
        return Some("this must be a single piece of text; put it in quotes if it contains `: ` or starts with `[`".into());
    }
    if message.contains("invalid type") {
        return Some("check the value's type: text may need quotes, lists start with `- `".into());
    }
    if message.contains("budget")
        || message.contains("depth")
        || message.contains("too many values")
        || message.contains("nested too deeply")
    {
        return Some("simplify the YAML: it is too deeply nested or expands too far".into());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Meta {
        title: String,
        audience: String,
        order: Option<i64>,
    }

    #[test]
    fn unknown_key_is_located_with_did_you_mean() {
        let file = "---\ntitle: A\naudiance: patient\n---\n";
        let err = parse::<Meta>("a.md", file, "title: A\naudiance: patient\n", 2).unwrap_err();
        assert_eq!(err.line, 3, "{err}");
        assert_eq!(err.column, 1, "{err}");
        assert!(err.message.contains("unknown field `audiance`"), "{err}");
        assert_eq!(err.hint.as_deref(), Some("did you mean `audience`?"));
    }

    #[test]
    fn wrong_type_is_located() {
        let file = "---\ntitle: A\naudience: patient\norder: first\n---\n";
        let err = parse::<Meta>(
            "a.md",
            file,
            "title: A\naudience: patient\norder: first\n",
            2,
        )
        .unwrap_err();
        assert_eq!((err.line, err.column), (4, 8), "{err}");
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut y = String::from("a: &a [x,x,x,x,x,x,x,x,x,x]\n");
        for i in 0..12 {
            let prev = if i == 0 {
                "a".to_string()
            } else {
                format!("b{}", i - 1)
            };
            y.push_str(&format!("b{i}: &b{i} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
        }
        let r = parse::<serde_json::Value>("x.yaml", &y, &y, 1);
        assert!(r.is_err());
    }
}
