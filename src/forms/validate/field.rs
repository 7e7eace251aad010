//! Typing one field of a form: its `type`, the keys that apply to that
//! type, and the type's own settings. Choice options have their own file,
//! options.rs, as they carry the most checks.

use std::collections::HashMap;

use serde_saphyr::{Location, Spanned};

use super::options::options;
use super::{Ctx, MAX_COLUMNS, MAX_LENGTH, MAX_LINES, MAX_ROWS, code, non_empty, not_blank};
use crate::diagnostic::did_you_mean;
use crate::forms::model::{Column, FIELD_TYPES, Field, FieldKind, raw, slug};

/// Which field types may carry a type-specific key.
fn key_applies(key: &str, kind: &str) -> bool {
    match key {
        "options" | "multiple" => kind == "choice",
        "lines" => kind == "textarea",
        "max_length" => matches!(kind, "text" | "textarea"),
        "columns" | "rows" => kind == "table",
        "text" => kind == "note",
        // que-3 and que-6: a display item has no code, required or help child.
        "required" | "code" | "help" => kind != "note",
        _ => true,
    }
}

fn key_hint(key: &str) -> &'static str {
    match key {
        "options" | "multiple" => "only `choice` fields take `options` and `multiple`",
        "lines" => "only `textarea` fields take `lines`",
        "max_length" => "only `text` and `textarea` fields take `max_length`",
        "columns" | "rows" => "only `table` fields take `columns` and `rows`",
        "text" => "only `note` fields take `text`; other fields use `label` and `help`",
        "required" => "a note only shows text, so it cannot be required (FHIR que-6)",
        "code" => "a note cannot carry a code (FHIR que-3); put the code on a question",
        "help" => "a note is already help text; put all its words in `text`",
        _ => "",
    }
}

pub(super) fn field(cx: &mut Ctx, f: &Spanned<raw::Field>) -> Option<Field> {
    let at = f.referenced;
    let f = &f.value;
    let id_text = f.id.as_ref().map_or("?", |i| i.value.as_str());
    if f.id.is_none() {
        cx.error(
            at,
            "field has no `id`",
            "add `id: …` (lower-case-hyphenated)",
        );
    }
    let kind_name = field_type(cx, at, id_text, f);
    match (&f.label, kind_name) {
        (None, Some(k)) if k != "note" => cx.error(
            at,
            format!("field `{id_text}` has no `label`"),
            "add `label: …`, the question as the reader sees it",
        ),
        (Some(l), _) => not_blank(cx, l, "label"),
        _ => {}
    }
    if let Some(help) = &f.help {
        not_blank(cx, help, "help");
    }
    let kind_name = kind_name?;
    misplaced_keys(cx, f, kind_name, id_text);
    let code = f.code.as_ref().and_then(|c| code(cx, c));
    let kind = kind(cx, at, id_text, kind_name, f);
    Some(Field {
        id: f.id.as_ref()?.value.clone(),
        label: f
            .label
            .as_ref()
            .map_or(String::new(), |l| l.value.trim().to_string()),
        required: f.required.as_ref().is_some_and(|r| r.value) && kind_name != "note",
        help: non_empty(f.help.as_ref().map(|h| h.value.as_str())),
        show_if: None,
        code: if kind_name == "note" { None } else { code },
        kind,
    })
}

/// The field's `type`, if it has a known one.
fn field_type<'f>(cx: &mut Ctx, at: Location, id_text: &str, f: &'f raw::Field) -> Option<&'f str> {
    match &f.kind {
        None => {
            cx.error(
                at,
                format!("field `{id_text}` has no `type`"),
                format!("add `type: …`, one of: {}", FIELD_TYPES.join(", ")),
            );
            None
        }
        Some(t) if !FIELD_TYPES.contains(&t.value.as_str()) => {
            let list = FIELD_TYPES.join(", ");
            let hint = match did_you_mean(&t.value, FIELD_TYPES).or_else(|| synonym(&t.value)) {
                Some(best) => format!("did you mean `{best}`? Field types are: {list}"),
                None => format!("field types are: {list}"),
            };
            cx.error(
                t.referenced,
                format!("unknown field type `{}`", t.value),
                hint,
            );
            None
        }
        Some(t) => Some(t.value.as_str()),
    }
}

/// An error for each type-specific key the field's type does not take.
fn misplaced_keys(cx: &mut Ctx, f: &raw::Field, kind_name: &str, id_text: &str) {
    let present: [(&str, Option<Location>); 10] = [
        ("options", f.options.as_ref().map(|v| v.referenced)),
        ("multiple", f.multiple.as_ref().map(|v| v.referenced)),
        ("lines", f.lines.as_ref().map(|v| v.referenced)),
        ("max_length", f.max_length.as_ref().map(|v| v.referenced)),
        ("columns", f.columns.as_ref().map(|v| v.referenced)),
        ("rows", f.rows.as_ref().map(|v| v.referenced)),
        ("text", f.text.as_ref().map(|v| v.referenced)),
        ("required", f.required.as_ref().map(|v| v.referenced)),
        ("code", f.code.as_ref().map(|v| v.referenced)),
        ("help", f.help.as_ref().map(|v| v.referenced)),
    ];
    for (key, loc) in present {
        if let Some(loc) = loc.filter(|_| !key_applies(key, kind_name)) {
            cx.error(
                loc,
                format!("`{key}` does not apply to a {kind_name} field (`{id_text}`)"),
                key_hint(key),
            );
        }
    }
}

/// The typed settings of a field of type `kind_name`.
fn kind(cx: &mut Ctx, at: Location, id_text: &str, kind_name: &str, f: &raw::Field) -> FieldKind {
    match kind_name {
        "text" => FieldKind::Text {
            max_length: whole(cx, f.max_length.as_ref(), "max_length", 1, MAX_LENGTH),
        },
        "textarea" => FieldKind::Textarea {
            lines: whole(cx, f.lines.as_ref(), "lines", 1, MAX_LINES).unwrap_or(4),
            max_length: whole(cx, f.max_length.as_ref(), "max_length", 1, MAX_LENGTH),
        },
        "date" => FieldKind::Date,
        "yes-no" => FieldKind::YesNo,
        "choice" => FieldKind::Choice {
            options: options(cx, at, id_text, f.options.as_ref()),
            multiple: f.multiple.as_ref().is_some_and(|m| m.value),
        },
        "nhs-number" => FieldKind::NhsNumber,
        "phone" => FieldKind::Phone,
        "table" => table(cx, at, id_text, f),
        "signature" => FieldKind::Signature,
        _ => FieldKind::Note {
            text: match &f.text {
                None => {
                    cx.error(
                        at,
                        format!("note `{id_text}` has no `text`"),
                        "add `text: …`, the words to show",
                    );
                    String::new()
                }
                Some(t) => {
                    not_blank(cx, t, "text");
                    t.value.trim().to_string()
                }
            },
        },
    }
}

/// The field type an author probably meant when they used a name from
/// HTML, FHIR or another form builder.
fn synonym(kind: &str) -> Option<&'static str> {
    Some(match kind.to_ascii_lowercase().as_str() {
        "checkbox" | "checkboxes" | "radio" | "select" | "dropdown" | "option" | "options"
        | "multiple-choice" => "choice",
        "boolean" | "bool" | "yesno" | "yes/no" | "tick" => "yes-no",
        "string" | "input" | "short-text" | "name" => "text",
        "long-text" | "paragraph" | "multiline" | "memo" => "textarea",
        "display" | "info" | "heading" | "paragraph-text" => "note",
        "attachment" | "sign" => "signature",
        "tel" | "telephone" => "phone",
        "nhs" | "nhsnumber" | "nhs-no" => "nhs-number",
        "group" | "grid" | "repeat" => "table",
        "datetime" | "dob" => "date",
        _ => return None,
    })
}

/// A whole number in `min..=max`, or an error.
fn whole(cx: &mut Ctx, v: Option<&Spanned<i64>>, key: &str, min: i64, max: i64) -> Option<u32> {
    let v = v?;
    if (min..=max).contains(&v.value) {
        u32::try_from(v.value).ok()
    } else {
        cx.error(
            v.referenced,
            format!("`{key}: {}` is out of range", v.value),
            format!("use a whole number from {min} to {max}"),
        );
        None
    }
}

fn table(cx: &mut Ctx, at: Location, id: &str, f: &raw::Field) -> FieldKind {
    let mut columns = Vec::new();
    match &f.columns {
        Some(c) if !c.value.is_empty() => {
            if c.value.len() > MAX_COLUMNS {
                cx.error(
                    c.referenced,
                    format!("table `{id}` has {} columns", c.value.len()),
                    format!("at most {MAX_COLUMNS} columns fit across an A4 page"),
                );
            }
            let mut seen: HashMap<String, u64> = HashMap::new();
            for col in &c.value {
                let s = slug(&col.value);
                if s.is_empty() {
                    cx.error(
                        col.referenced,
                        "a column needs a name with letters or digits",
                        "",
                    );
                } else if let Some(line) = seen.insert(s.clone(), col.referenced.line()) {
                    cx.error(
                        col.referenced,
                        format!("two columns of `{id}` are both called `{s}`"),
                        format!("the other is on line {line}; each column becomes the FHIR linkId `{id}.<column>`, which must be unique"),
                    );
                }
                columns.push(Column {
                    label: col.value.trim().to_string(),
                    slug: s,
                });
            }
        }
        other => cx.error(
            other.as_ref().map_or(at, |c| c.referenced),
            format!("table `{id}` has no columns"),
            "add `columns: [Name, Phone]`",
        ),
    }
    let rows = match &f.rows {
        None => {
            cx.error(
                at,
                format!("table `{id}` has no `rows`"),
                "add `rows: N`, the number of empty rows to print",
            );
            None
        }
        r => whole(cx, r.as_ref(), "rows", 1, MAX_ROWS),
    };
    FieldKind::Table {
        columns,
        rows: rows.unwrap_or(1),
    }
}
