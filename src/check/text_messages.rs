//! The `sms` rule: every message in `data/sms.yaml` is parsed with its
//! position and linted by [`super::sms::lint`].
//!
//! The file is parsed again here, typed, rather than read from the untyped
//! `data.sms` value templates see: a misspelt key (`max_segment:`) would
//! otherwise be silently ignored and the limit never checked. Keys the
//! template needs are optional in the type and reported by this rule, so a
//! message without `text` is one located finding among the others instead
//! of a parse error that hides the rest.

use std::collections::HashMap;

use serde::Deserialize;
use serde_saphyr::{Location, Spanned};

use super::locate::TextLocator;
use super::sms::{self, Message, RULE};
use crate::content::data::DataFile;
use crate::diagnostic::Diagnostic;
use crate::site::Site;

/// The data file this rule reads (`data/sms.yaml` or `data/sms.yml`).
pub const DATA_NAME: &str = "sms";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SmsFile {
    #[serde(default)]
    messages: Vec<Spanned<RawMessage>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMessage {
    id: Option<Spanned<String>>,
    title: Option<Spanned<String>>,
    // Read only by the template; declared so that it is an allowed key.
    #[serde(default)]
    #[allow(dead_code)]
    purpose: Option<String>,
    max_segments: Option<Spanned<i64>>,
    text: Option<Spanned<String>>,
}

pub fn check(site: &Site) -> Vec<Diagnostic> {
    site.data
        .iter()
        .filter(|d| d.name == DATA_NAME)
        .flat_map(check_file)
        .collect()
}

/// Lint one sms data file.
pub fn check_file(data: &DataFile) -> Vec<Diagnostic> {
    let (file, text) = (data.file.as_str(), data.text.as_str());
    let parsed: SmsFile = match crate::yaml::parse(file, text, text, 1) {
        Ok(p) => p,
        Err(d) => return vec![d.rule(RULE)],
    };
    let mut out = Vec::new();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, m) in parsed.messages.iter().enumerate() {
        let id = message_id(file, text, i, m, &mut seen, &mut out);
        check_message(file, text, &id, m, &mut out);
    }
    out
}

/// The message's id for findings (`#3` when it has none), reporting a
/// missing or repeated id. `seen` maps ids to the line they were first on.
fn message_id<'f>(
    file: &str,
    text: &str,
    i: usize,
    m: &'f Spanned<RawMessage>,
    seen: &mut HashMap<&'f str, usize>,
    out: &mut Vec<Diagnostic>,
) -> String {
    match &m.value.id {
        Some(id) if !id.value.trim().is_empty() => {
            if let Some(first) = seen.insert(id.value.as_str(), id.referenced.line() as usize) {
                out.push(located(
                    Diagnostic::error(file, format!("message id `{}` is used twice", id.value))
                        .hint(format!(
                            "the first is on line {first}; give each message its own id"
                        )),
                    text,
                    id.referenced,
                    id.value.chars().count(),
                ));
            }
            id.value.clone()
        }
        _ => {
            out.push(located(
                Diagnostic::error(file, format!("message {} has no `id`", i + 1))
                    .hint("add a short id such as `id: invitation`; the page links to it"),
                text,
                m.referenced,
                1,
            ));
            format!("#{}", i + 1)
        }
    }
}

/// A message's title, budget and text, then the text itself ([`sms::lint`]).
fn check_message(
    file: &str,
    text: &str,
    id: &str,
    m: &Spanned<RawMessage>,
    out: &mut Vec<Diagnostic>,
) {
    let raw = &m.value;
    let at = |d: Diagnostic, loc: Location, width: usize| located(d, text, loc, width);
    if raw.title.as_ref().is_none_or(|t| t.value.trim().is_empty()) {
        out.push(at(
            Diagnostic::error(file, format!("message `{id}` has no `title`"))
                .hint("add a `title:` saying when to send it; the page shows it as a heading"),
            raw.title.as_ref().map_or(m.referenced, |t| t.referenced),
            1,
        ));
    }
    let max_segments = match &raw.max_segments {
        Some(n) if n.value < 1 => {
            out.push(at(
                Diagnostic::error(file, format!("message `{id}` has max_segments {}", n.value))
                    .hint("max_segments is how many texts the message may take: 1 or more"),
                n.referenced,
                n.value.to_string().len(),
            ));
            None
        }
        Some(n) => usize::try_from(n.value).ok(),
        None => None,
    };
    let Some(body) = raw.text.as_ref().filter(|t| !t.value.trim().is_empty()) else {
        out.push(at(
            Diagnostic::error(file, format!("message `{id}` has no `text`")).hint(
                "add the message under `text:`; use `text: |` for a message over several lines",
            ),
            raw.text.as_ref().map_or(m.referenced, |t| t.referenced),
            1,
        ));
        return;
    };
    let locator = TextLocator::yaml_scalar(
        text,
        &body.value,
        body.referenced.line() as usize,
        body.referenced.column() as usize,
    );
    let message = Message {
        id,
        text: &body.value,
        max_segments,
    };
    out.extend(sms::lint(file, text, &message, |i| locator.locate(i)));
}

fn located(d: Diagnostic, text: &str, loc: Location, width: usize) -> Diagnostic {
    super::locate::at_yaml_location(d.rule(RULE), text, loc, width)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lint(yaml: &str) -> Vec<Diagnostic> {
        check_file(&DataFile {
            file: "data/sms.yaml".into(),
            name: "sms".into(),
            text: yaml.into(),
            value: serde_json::Value::Null,
        })
    }

    #[test]
    fn a_clean_message_has_no_findings() {
        let d = lint(
            "messages:\n  - id: a\n    title: A\n    max_segments: 1\n    text: Hello from your GP practice.\n",
        );
        assert!(d.is_empty(), "{d:?}");
    }

    #[test]
    fn curly_quote_in_a_block_scalar_is_located_in_the_file() {
        let yaml = "messages:\n  - id: a\n    title: A\n    text: |\n      Hello,\n      it\u{2019}s your GP.\n";
        let d = lint(yaml);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!((d[0].line, d[0].column), (6, 9), "{}", d[0]);
        assert!(d[0].message.contains("U+2019"), "{}", d[0]);
        assert_eq!(d[0].rule, Some(RULE));
    }

    #[test]
    fn missing_keys_unknown_keys_and_duplicates() {
        let d = lint("messages:\n  - id: a\n    text: Hi there.\n  - id: a\n    title: B\n");
        let msgs: Vec<_> = d.iter().map(|d| (d.line, d.message.as_str())).collect();
        assert_eq!(
            msgs,
            [
                (2, "message `a` has no `title`"),
                (4, "message id `a` is used twice"),
                (4, "message `a` has no `text`"),
            ]
        );
        let d = lint("messages:\n  - id: a\n    max_segment: 2\n");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].line, 3);
        assert_eq!(d[0].hint.as_deref(), Some("did you mean `max_segments`?"));
    }

    #[test]
    fn zero_segments_and_wrong_types_are_errors() {
        let d = lint("messages:\n  - id: a\n    title: A\n    max_segments: 0\n    text: Hi.\n");
        assert_eq!((d.len(), d[0].line, d[0].column), (1, 4, 19), "{d:?}");
        let d = lint("messages:\n  - id: a\n    title: A\n    max_segments: two\n    text: Hi.\n");
        assert_eq!((d.len(), d[0].line), (1, 4), "{d:?}");
        assert!(lint("messages: 3\n")[0].is_error());
        // Hostile or empty input must not panic.
        let _ = lint("");
        let _ = lint("messages:\n  - text: \"\\u2019\"\n");
    }
}
