//! YAML parsing with errors turned into located [`Diagnostic`]s.
//!
//! serde-saphyr reports line and column for syntax errors and for the value
//! that failed to deserialize. Front matter sits below a `---` line, so callers
//! pass the line offset of the YAML inside its file and the whole file text.

use serde::de::DeserializeOwned;

mod plain;
mod spans;
use plain::plain_words;
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

/// serde-saphyr appends " at line X, column Y" to some messages; the
/// location is shown separately, so drop it.
fn clean_message(raw: &str) -> String {
    let first = raw.lines().next().unwrap_or(raw).trim();
    let cut = first.find(" at line ").unwrap_or(first.len());
    first[..cut].trim_end_matches(':').to_string()
}

pub(super) fn backticked_after<'a>(message: &'a str, prefix: &str) -> Option<&'a str> {
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
