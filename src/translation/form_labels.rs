//! Reading a form's labels in another language (`forms/my-wishes.ur.yaml`)
//! onto a copy of the form: every id must be the form's, each located error
//! names the nearest one.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::forms::{Answer, Field, FieldKind, Form};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    #[serde(default)]
    translation_of: Option<Spanned<String>>,
    #[serde(default)]
    translation_status: Option<Spanned<String>>,
    #[serde(default)]
    reviewed_by: Option<String>,
    #[serde(default)]
    reviewed_on: Option<String>,
    /// Written by `translate mark`; the day is for people reading the file.
    #[serde(default)]
    #[allow(dead_code)]
    translation_marked: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    intro: Option<String>,
    #[serde(default)]
    sections: BTreeMap<String, RawSection>,
    #[serde(default)]
    fields: BTreeMap<String, RawField>,
    #[serde(default)]
    options: BTreeMap<String, String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSection {
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    intro: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawField {
    #[serde(default)]
    label: Option<String>,
    #[serde(default)]
    help: Option<String>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    columns: Option<Vec<String>>,
}

/// The translated form, whether it is reviewed, and `translation_of` (empty
/// when never marked) with its line.
pub type Read = (Form, bool, String, usize);

/// The file being read, for locating errors.
struct At<'a> {
    shown: &'a str,
    text: &'a str,
    form: &'a Form,
    spans: crate::yaml::Spans,
}

impl At<'_> {
    /// Where the key `key` of the mapping `under` (`fields:`) is written.
    fn locate(&self, under: &str, key: &str) -> (usize, usize) {
        let path = format!("{}.{key}", under.trim_end_matches(':'));
        self.spans.key(&path).map_or((1, 1), |s| (s.line, s.column))
    }

    fn error(&self, under: &str, key: &str, message: String) -> Diagnostic {
        let (line, col) = self.locate(under, key);
        Diagnostic::error(self.shown, message)
            .at(self.text, line, col)
            .width(key.chars().count())
    }

    /// An id the form does not have, with the nearest one it does.
    fn unknown(&self, under: &str, key: &str, what: &str, known: &[&str]) -> Diagnostic {
        let hint = match did_you_mean(key, known) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!("use the {what} ids of {}", self.form.file),
        };
        self.error(
            under,
            key,
            format!("the form `{}` has no {what} `{key}`", self.form.id),
        )
        .hint(hint)
    }

    fn at_value(&self, s: &Spanned<String>, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(self.shown, message)
            .at(
                self.text,
                s.referenced.line() as usize,
                s.referenced.column() as usize,
            )
            .width(s.value.chars().count().max(1))
    }
}

/// Read `text` (the file `shown`) as labels of `form` in another language.
pub fn read(shown: &str, text: &str, form: &Form) -> Result<Read, Vec<Diagnostic>> {
    let raw: Raw = crate::yaml::parse(shown, text, text, 1).map_err(|d| vec![d])?;
    let at = At {
        shown,
        text,
        form,
        spans: crate::yaml::Spans::of(text),
    };
    let mut errors = Vec::new();
    let mut t = form.clone();
    if let Some(v) = &raw.title {
        t.title = v.trim().to_string();
    }
    if let Some(v) = &raw.description {
        t.description = v.trim().to_string();
    }
    if let Some(v) = &raw.intro {
        t.intro = Some(v.trim().to_string());
    }
    sections(&at, &raw, &mut t, &mut errors);
    fields(&at, &raw, &mut t, &mut errors);
    options(&at, &raw, &mut t, &mut errors);
    relabel_conditions(&mut t);
    let reviewed = reviewed(&at, &raw, &mut errors);
    let (of, line) = match &raw.translation_of {
        Some(s) if s.value.len() == 12 && s.value.bytes().all(|b| b.is_ascii_hexdigit()) => {
            (s.value.to_ascii_lowercase(), s.referenced.line() as usize)
        }
        Some(s) => {
            errors.push(
                at.at_value(
                    s,
                    "`translation_of` must be the 12-character hash `translate mark` writes",
                )
                .hint(format!("run `careguide translate mark {shown}`")),
            );
            (String::new(), 0)
        }
        None => (String::new(), 0),
    };
    if errors.is_empty() {
        Ok((t, reviewed, of, line))
    } else {
        Err(errors)
    }
}

fn sections(at: &At<'_>, raw: &Raw, t: &mut Form, errors: &mut Vec<Diagnostic>) {
    let ids: Vec<&str> = at.form.sections.iter().map(|s| s.id.as_str()).collect();
    for (id, s) in &raw.sections {
        let Some(target) = t.sections.iter_mut().find(|x| x.id == *id) else {
            errors.push(at.unknown("sections:", id, "section", &ids));
            continue;
        };
        if let Some(v) = &s.title {
            target.title = v.trim().to_string();
        }
        if let Some(v) = &s.intro {
            target.intro = Some(v.trim().to_string());
        }
    }
}

fn field_mut<'f>(t: &'f mut Form, id: &str) -> Option<&'f mut Field> {
    t.sections
        .iter_mut()
        .flat_map(|s| s.fields.iter_mut())
        .find(|f| f.id == id)
}

fn fields(at: &At<'_>, raw: &Raw, t: &mut Form, errors: &mut Vec<Diagnostic>) {
    let ids: Vec<&str> = at
        .form
        .sections
        .iter()
        .flat_map(|s| s.fields.iter().map(|f| f.id.as_str()))
        .collect();
    for (id, rf) in &raw.fields {
        let Some(target) = field_mut(t, id) else {
            errors.push(at.unknown("fields:", id, "field", &ids));
            continue;
        };
        if let Some(v) = &rf.label {
            target.label = v.trim().to_string();
        }
        if let Some(v) = &rf.help {
            target.help = Some(v.trim().to_string());
        }
        if let Err(message) = kind_words(&mut target.kind, rf, id) {
            errors.push(at.error("fields:", id, message));
        }
    }
}

/// A note's text and a table's column labels: the words a field's type has.
fn kind_words(kind: &mut FieldKind, rf: &RawField, id: &str) -> Result<(), String> {
    match (kind, &rf.text, &rf.columns) {
        (FieldKind::Note { text: note }, Some(v), None) => *note = v.trim().to_string(),
        (FieldKind::Table { columns, .. }, None, Some(labels)) if labels.len() == columns.len() => {
            // Only the words change: each column keeps its slug, so its linkId stays.
            for (c, l) in columns.iter_mut().zip(labels) {
                c.label = l.trim().to_string();
            }
        }
        (_, None, None) => {}
        (FieldKind::Table { columns, .. }, _, _) => {
            return Err(format!(
                "`{id}` has {} columns; give one label for each, in order",
                columns.len()
            ));
        }
        (FieldKind::Note { .. }, _, _) => {
            return Err(format!("`{id}` is a note: translate its `text`"));
        }
        (other, _, _) => {
            return Err(format!(
                "`{id}` is a {} field: only `label` and `help` can be translated",
                other.name()
            ));
        }
    }
    Ok(())
}

fn options(at: &At<'_>, raw: &Raw, t: &mut Form, errors: &mut Vec<Diagnostic>) {
    let mut keys = Vec::new();
    for f in at.form.sections.iter().flat_map(|s| &s.fields) {
        if let FieldKind::Choice { options, .. } = &f.kind {
            keys.extend(options.iter().map(|o| format!("{}.{}", f.id, o.key())));
        }
    }
    let refs: Vec<&str> = keys.iter().map(String::as_str).collect();
    for (key, label) in &raw.options {
        let found = key.split_once('.').and_then(|(fid, oid)| {
            field_mut(t, fid).and_then(|f| match &mut f.kind {
                FieldKind::Choice { options, .. } => options.iter_mut().find(|o| o.key() == oid),
                _ => None,
            })
        });
        match found {
            Some(o) => o.label = label.trim().to_string(),
            None => errors.push(at.unknown("options:", key, "option", &refs)),
        }
    }
}

/// "If yes to ‘…’" names the other field (and option) by its words, in
/// this language.
fn relabel_conditions(t: &mut Form) {
    let fields = || t.sections.iter().flat_map(|s| &s.fields);
    let labels: BTreeMap<String, String> =
        fields().map(|f| (f.id.clone(), f.label.clone())).collect();
    let options: BTreeMap<String, String> = fields()
        .flat_map(|f| match &f.kind {
            FieldKind::Choice { options, .. } => options
                .iter()
                .map(|o| (format!("{}.{}", f.id, o.key()), o.label.clone()))
                .collect::<Vec<_>>(),
            _ => Vec::new(),
        })
        .collect();
    for f in t.sections.iter_mut().flat_map(|s| s.fields.iter_mut()) {
        if let Some(cond) = &mut f.show_if {
            if let Some(l) = labels.get(&cond.field) {
                cond.field_label = l.clone();
            }
            if let Answer::Choice { option } = &mut cond.equals
                && let Some(l) = options.get(&format!("{}.{}", cond.field, option.key()))
            {
                option.label = l.clone();
            }
        }
    }
}

/// `translation_status`: `reviewed` needs `reviewed_by` and a real `reviewed_on`.
fn reviewed(at: &At<'_>, raw: &Raw, errors: &mut Vec<Diagnostic>) -> bool {
    let Some(s) = &raw.translation_status else {
        return false;
    };
    let complete = raw.reviewed_by.is_some()
        && raw
            .reviewed_on
            .as_deref()
            .is_some_and(|d| d.trim().parse::<Date>().is_ok());
    match s.value.trim() {
        "unreviewed" => false,
        "reviewed" if complete => true,
        value => {
            let message = if value == "reviewed" {
                "a reviewed translation needs `reviewed_by` and `reviewed_on`".to_string()
            } else {
                format!("`translation_status: {value}` is not a review state")
            };
            errors.push(at.at_value(s, message).hint(
                "write `unreviewed`, or `reviewed` with `reviewed_by: <name>` and `reviewed_on: YYYY-MM-DD`",
            ));
            false
        }
    }
}
