//! Validation passes over the parsed YAML. Each pass adds located
//! diagnostics and keeps going, so an author sees every problem of a form at
//! once; the typed [`Form`] is returned only when there are none.

use std::collections::HashMap;

use serde_saphyr::{Location, Spanned};

use super::model::{
    Answer, ChoiceOption, Code, Column, FIELD_TYPES, Field, FieldKind, Form, SNOMED_URI, Section,
    ShowIf, raw, slug,
};
use crate::diagnostic::{Diagnostic, did_you_mean};

pub const AUDIENCES: &[&str] = &["patient", "professional", "everyone"];
pub const STATUSES: &[&str] = &["draft", "active", "retired"];

/// Limits that keep a form printable on A4 (a table wider than 8 columns or a
/// 100-line textarea cannot fit) and catch slips such as `rows: 300`.
const MAX_LINES: i64 = 40;
const MAX_ROWS: i64 = 30;
const MAX_COLUMNS: usize = 8;
const MAX_LENGTH: i64 = 100_000;
/// FHIR resource ids are at most 64 characters; the form id becomes one.
const MAX_ID_LEN: usize = 64;

struct Ctx<'a> {
    file: &'a str,
    text: &'a str,
    diags: Vec<Diagnostic>,
}

impl Ctx<'_> {
    fn error(&mut self, at: Location, message: impl Into<String>, hint: impl Into<String>) {
        let line = at.line() as usize;
        let column = at.column() as usize;
        let mut d = Diagnostic::error(self.file, message);
        if line > 0 {
            // Underline the value, but never past the end of its line.
            let rest = self
                .text
                .lines()
                .nth(line - 1)
                .map_or(1, |l| l.chars().count().saturating_sub(column - 1).max(1));
            let len = (at.span().len() as usize).clamp(1, rest);
            d = d.at(self.text, line, column).width(len);
        }
        let hint = hint.into();
        if !hint.is_empty() {
            d = d.hint(hint);
        }
        self.diags.push(d);
    }
}

/// Validate a parsed form. `file` is the display path, `text` the file's text.
pub(super) fn validate(file: &str, text: &str, form: &raw::Form) -> Result<Form, Vec<Diagnostic>> {
    let mut cx = Ctx {
        file,
        text,
        diags: Vec::new(),
    };
    header(&mut cx, form);
    unique_ids(&mut cx, form);
    let mut sections = typed_sections(&mut cx, form);
    own_codes_agree(&mut cx, form);
    show_if(&mut cx, form, &mut sections);
    if !cx.diags.is_empty() {
        crate::diagnostic::sort(&mut cx.diags);
        return Err(cx.diags);
    }
    Ok(Form {
        id: form.id.value.clone(),
        title: form.title.value.trim().to_string(),
        version: form.version.value.trim().to_string(),
        audience: form.audience.value.clone(),
        status: form.status.value.clone(),
        description: form.description.value.trim().to_string(),
        date: form.date.as_ref().map(|d| d.value.clone()),
        intro: non_empty(form.intro.as_deref()),
        sections: sections
            .into_iter()
            .flatten()
            .map(|(section, fields)| Section {
                fields: fields.into_iter().flatten().collect(),
                ..section
            })
            .collect(),
        file: file.to_string(),
        text: text.to_string(),
    })
}

fn non_empty(s: Option<&str>) -> Option<String> {
    s.map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

fn one_of(cx: &mut Ctx, value: &Spanned<String>, key: &str, allowed: &[&str]) {
    if allowed.contains(&value.value.as_str()) {
        return;
    }
    let hint = match did_you_mean(&value.value, allowed) {
        Some(best) => format!("did you mean `{best}`?"),
        None => format!("use one of: {}", allowed.join(", ")),
    };
    cx.error(
        value.referenced,
        format!("`{}` is not a valid {key}", value.value),
        hint,
    );
}

fn not_blank(cx: &mut Ctx, value: &Spanned<String>, key: &str) {
    if value.value.trim().is_empty() {
        cx.error(value.referenced, format!("`{key}` is empty"), "");
    }
}

fn header(cx: &mut Ctx, form: &raw::Form) {
    check_id_format(cx, &form.id, "form");
    not_blank(cx, &form.title, "title");
    not_blank(cx, &form.version, "version");
    not_blank(cx, &form.description, "description");
    one_of(cx, &form.audience, "audience", AUDIENCES);
    one_of(cx, &form.status, "status", STATUSES);
    if let Some(date) = &form.date {
        let v = date.value.as_str();
        let parsed = v.parse::<jiff::civil::Date>();
        if v.len() != 10 || parsed.is_err() {
            let why = parsed.err().map(|e| format!(" ({e})")).unwrap_or_default();
            cx.error(
                date.referenced,
                format!("`{v}` is not a valid date{why}"),
                "write the date as YYYY-MM-DD, e.g. 2026-05-28",
            );
        }
    }
    if form.sections.value.is_empty() {
        cx.error(
            form.sections.referenced,
            "the form has no sections",
            "add at least one section with `id`, `title` and `fields`",
        );
    }
}

fn is_id(s: &str) -> bool {
    let mut prev = '-';
    s.starts_with(|c: char| c.is_ascii_lowercase())
        && !s.ends_with('-')
        && s.chars().all(|c| {
            let ok = c.is_ascii_lowercase() || c.is_ascii_digit() || (c == '-' && prev != '-');
            prev = c;
            ok
        })
}

fn check_id_format(cx: &mut Ctx, id: &Spanned<String>, what: &str) {
    let v = id.value.as_str();
    if v.len() > MAX_ID_LEN {
        cx.error(
            id.referenced,
            format!("{what} id is {} characters long", v.len()),
            format!("ids become FHIR ids and linkIds; keep them to {MAX_ID_LEN} characters"),
        );
    } else if !is_id(v) {
        let fixed = slug(v);
        let hint = if is_id(&fixed) {
            format!("ids are lower-case-hyphenated; did you mean `{fixed}`?")
        } else {
            "ids are lower-case-hyphenated: letters a-z, digits and single hyphens, starting with a letter".to_string()
        };
        cx.error(
            id.referenced,
            format!("`{v}` is not a valid {what} id"),
            hint,
        );
    }
}

/// Sections and fields share one id space: every id becomes a FHIR linkId,
/// and que-2 requires linkIds to be unique across the whole Questionnaire.
fn unique_ids(cx: &mut Ctx, form: &raw::Form) {
    let mut seen: HashMap<String, Location> = HashMap::new();
    let mut check = |cx: &mut Ctx, id: &Spanned<String>, what: &str| {
        check_id_format(cx, id, what);
        if let Some(first) = seen.get(id.value.as_str()) {
            cx.error(
                id.referenced,
                format!("duplicate id `{}`", id.value),
                format!(
                    "`{}` is already used on line {}; sections and fields share one set of ids (they become FHIR linkIds, which must be unique)",
                    id.value,
                    first.line()
                ),
            );
        } else {
            seen.insert(id.value.clone(), id.referenced);
        }
    };
    for section in &form.sections.value {
        if let Some(id) = &section.value.id {
            check(cx, id, "section");
        }
        for field in fields_of(&section.value) {
            if let Some(id) = &field.value.id {
                check(cx, id, "field");
            }
        }
    }
}

fn fields_of(section: &raw::Section) -> &[Spanned<raw::Field>] {
    section.fields.as_ref().map_or(&[], |f| f.value.as_slice())
}

/// A section and its fields; `None` where the YAML was too broken to type.
type Partial = Option<(Section, Vec<Option<Field>>)>;

fn typed_sections(cx: &mut Ctx, form: &raw::Form) -> Vec<Partial> {
    form.sections
        .value
        .iter()
        .map(|s| {
            let at = s.referenced;
            let s = &s.value;
            let fields: Vec<Option<Field>> = fields_of(s).iter().map(|f| field(cx, f)).collect();
            if s.id.is_none() {
                cx.error(
                    at,
                    "section has no `id`",
                    "add `id: …` (lower-case-hyphenated)",
                );
            }
            match &s.title {
                None => cx.error(at, "section has no `title`", "add `title: …`"),
                Some(t) => not_blank(cx, t, "title"),
            }
            match &s.fields {
                None => cx.error(
                    at,
                    "section has no `fields`",
                    "add `fields:` with at least one field",
                ),
                // que-1: a group must have items.
                Some(f) if f.value.is_empty() => cx.error(
                    f.referenced,
                    "section has no fields",
                    "add at least one field, or remove the section",
                ),
                Some(_) => {}
            }
            Some((
                Section {
                    id: s.id.as_ref()?.value.clone(),
                    title: s.title.as_ref()?.value.trim().to_string(),
                    intro: non_empty(s.intro.as_deref()),
                    fields: Vec::new(),
                },
                fields,
            ))
        })
        .collect()
}

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

fn field(cx: &mut Ctx, f: &Spanned<raw::Field>) -> Option<Field> {
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
    let kind_name = match &f.kind {
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
    };
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
    let code = f.code.as_ref().and_then(|c| code(cx, c));
    let kind = match kind_name {
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
    };
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

fn options(
    cx: &mut Ctx,
    at: Location,
    id: &str,
    options: Option<&Spanned<Vec<Spanned<raw::ChoiceOption>>>>,
) -> Vec<ChoiceOption> {
    let Some(options) = options.filter(|o| !o.value.is_empty()) else {
        cx.error(
            options.map_or(at, |o| o.referenced),
            format!("choice field `{id}` has no options"),
            "add `options:` with a `- label: …` line for each answer",
        );
        return Vec::new();
    };
    let mut seen: HashMap<&str, u64> = HashMap::new();
    let mut ids: HashMap<&str, u64> = HashMap::new();
    let mut codes: HashMap<(String, String), u64> = HashMap::new();
    let mut out = Vec::new();
    for o in &options.value {
        let label = &o.value.label;
        not_blank(cx, label, "label");
        if let Some(oid) = &o.value.id {
            check_id_format(cx, oid, "option");
            if let Some(line) = ids.insert(oid.value.as_str(), oid.referenced.line()) {
                cx.error(
                    oid.referenced,
                    format!("option id `{}` appears twice in `{id}`", oid.value),
                    format!("the same id is on line {line}; each option needs its own id, because a saved answer records it"),
                );
            }
        }
        if let Some(line) = seen.insert(label.value.trim(), label.referenced.line()) {
            cx.error(
                label.referenced,
                format!("option `{}` appears twice in `{id}`", label.value.trim()),
                format!("the same label is on line {line}; each answer needs its own label"),
            );
        }
        if o.value.id.is_none() && o.value.code.is_none() {
            let suggestion = slug(&label.value);
            cx.error(
                o.referenced,
                format!(
                    "option `{}` of `{id}` has neither an `id` nor a `code`",
                    label.value.trim()
                ),
                format!(
                    "add `id: {}` (a saved answer records the option by its id or code, so that it keeps its meaning when the label is reworded)",
                    if suggestion.is_empty() { "…" } else { &suggestion }
                ),
            );
        }
        if let Some(raw_code) = &o.value.code
            && raw_code
                .value
                .display
                .as_deref()
                .is_none_or(|d| d.trim().is_empty())
        {
            cx.error(
                raw_code.referenced,
                format!(
                    "the code of option `{}` has no `display`",
                    label.value.trim()
                ),
                "add `display:` with the code's own term, copied from the code system's browser; receiving systems and FHIR renderers show it",
            );
        }
        let code = o.value.code.as_ref().and_then(|c| code(cx, c));
        if let Some(c) = &code {
            let line = o.value.code.as_ref().map_or(0, |c| c.referenced.line());
            if let Some(first) = codes.insert((c.system.clone(), c.code.clone()), line)
                && let Some(raw_code) = &o.value.code
            {
                cx.error(
                    raw_code.value.code.referenced,
                    format!("code `{}` is used by two options of `{id}`", c.code),
                    format!("the same code is on line {first}; a coded answer must say which option was chosen"),
                );
            }
        }
        out.push(ChoiceOption {
            id: o.value.id.as_ref().map(|i| i.value.clone()),
            label: label.value.trim().to_string(),
            code,
        });
    }
    out
}

/// The options without a code of their own become concepts of the form's
/// CodeSystem, coded by their id, and a concept has one display: so an id
/// used in several fields must name the same answer, with the same label.
fn own_codes_agree(cx: &mut Ctx, form: &raw::Form) {
    let mut seen: HashMap<&str, (&str, &str, u64)> = HashMap::new();
    for section in &form.sections.value {
        for f in fields_of(&section.value) {
            let field = f.value.id.as_ref().map_or("?", |i| i.value.as_str());
            let Some(options) = &f.value.options else {
                continue;
            };
            for o in options.value.iter().filter(|o| o.value.code.is_none()) {
                let (Some(oid), label) = (&o.value.id, o.value.label.value.trim()) else {
                    continue;
                };
                match seen.get(oid.value.as_str()) {
                    Some((first_field, first_label, line))
                        if *first_label != label && *first_field != field =>
                    {
                        cx.error(
                            oid.referenced,
                            format!(
                                "option id `{}` is `{label}` here but `{first_label}` in `{first_field}` (line {line})",
                                oid.value
                            ),
                            "one id is one answer across the form (it is the answer's code): use the same label, or give this option another id",
                        );
                    }
                    Some(_) => {}
                    None => {
                        seen.insert(&oid.value, (field, label, oid.referenced.line()));
                    }
                }
            }
        }
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

fn code(cx: &mut Ctx, c: &Spanned<raw::Code>) -> Option<Code> {
    let value = &c.value.code;
    let v = value.value.trim();
    if v.is_empty() {
        cx.error(value.referenced, "`code` is empty", "");
        return None;
    }
    let Some(system) = &c.value.system else {
        cx.error(
            c.referenced,
            format!("code `{v}` has no `system`"),
            "add `system: snomed` for SNOMED CT, or the code system's URI",
        );
        return None;
    };
    let uri = match system.value.trim() {
        "snomed" | SNOMED_URI => {
            if let Some((message, hint)) = snomed_problem(v) {
                cx.error(value.referenced, message, hint);
                return None;
            }
            SNOMED_URI.to_string()
        }
        s if looks_like_uri(s) => s.to_string(),
        s => {
            let hint = match did_you_mean(s, &["snomed"]) {
                Some(best) => format!("did you mean `{best}`?"),
                None => "use `snomed` for SNOMED CT, or a full URI such as http://loinc.org".into(),
            };
            cx.error(
                system.referenced,
                format!("`{s}` is not a code system"),
                hint,
            );
            return None;
        }
    };
    Some(Code {
        system: uri,
        code: v.to_string(),
        display: non_empty(c.value.display.as_deref()),
    })
}

fn looks_like_uri(s: &str) -> bool {
    let scheme_ok = s.split_once(':').is_some_and(|(scheme, rest)| {
        scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
            && !rest.is_empty()
    });
    scheme_ok && !s.chars().any(char::is_whitespace)
}

/// Why `id` cannot be a SNOMED CT concept id, if it cannot. The checks
/// (digits, length, partition, Verhoeff check digit) live in
/// `text::snomed`, shared with the `codes` rule, so a form and
/// data/codes.yaml are held to the same standard and word it the same way.
fn snomed_problem(id: &str) -> Option<(String, String)> {
    let err = crate::text::snomed::validate_concept(id).err()?;
    Some((
        format!("`{id}` is not a valid SNOMED CT concept id: {err}"),
        err.hint(),
    ))
}

/// Resolve every `show_if` against the fields before it.
fn show_if(cx: &mut Ctx, form: &raw::Form, sections: &mut [Partial]) {
    // Document order of every field id, with its typed field where it has one.
    let mut order: HashMap<&str, (usize, Option<&Field>)> = HashMap::new();
    let mut section_ids: Vec<&str> = Vec::new();
    let mut pos = 0;
    for (raw_section, typed) in form.sections.value.iter().zip(sections.iter()) {
        if let Some(id) = &raw_section.value.id {
            section_ids.push(&id.value);
        }
        for (i, f) in fields_of(&raw_section.value).iter().enumerate() {
            if let Some(id) = &f.value.id {
                let typed_field = typed
                    .as_ref()
                    .and_then(|(_, fs)| fs.get(i))
                    .and_then(Option::as_ref);
                order.entry(id.value.as_str()).or_insert((pos, typed_field));
            }
            pos += 1;
        }
    }
    let field_ids: Vec<&str> = order.keys().copied().collect();
    let mut resolved: Vec<(usize, ShowIf)> = Vec::new();
    let mut pos = 0;
    for raw_section in &form.sections.value {
        for f in fields_of(&raw_section.value) {
            let here = pos;
            pos += 1;
            let Some(cond) = &f.value.show_if else {
                continue;
            };
            let this = f.value.id.as_ref().map_or("?", |i| i.value.as_str());
            let target = &cond.value.field;
            let name = target.value.as_str();
            let Some(&(target_pos, typed)) = order.get(name) else {
                let hint = if section_ids.contains(&name) {
                    "that is a section; `show_if` names a yes-no or choice field".to_string()
                } else {
                    match did_you_mean(name, &field_ids) {
                        Some(best) => format!("did you mean `{best}`?"),
                        None => "name the id of an earlier yes-no or choice field".to_string(),
                    }
                };
                cx.error(
                    target.referenced,
                    format!("`show_if` names `{name}`, but there is no field with that id"),
                    hint,
                );
                continue;
            };
            if target_pos >= here {
                let (message, hint) = if target_pos == here {
                    (
                        format!("field `{this}` depends on itself"),
                        "name an earlier field".to_string(),
                    )
                } else {
                    (
                        format!("`show_if` names `{name}`, which comes after `{this}`"),
                        format!(
                            "a condition can only depend on an answer given earlier; move `{name}` above `{this}`"
                        ),
                    )
                };
                cx.error(target.referenced, message, hint);
                continue;
            }
            // The target had its own errors; they are already reported.
            let Some(target_field) = typed else { continue };
            let equals = &cond.value.equals;
            let want = equals.value.trim();
            let answer = match &target_field.kind {
                FieldKind::YesNo => match want {
                    "yes" => Some(Answer::Boolean { value: true }),
                    "no" => Some(Answer::Boolean { value: false }),
                    _ => {
                        cx.error(
                            equals.referenced,
                            format!("`{name}` is a yes-no field, so it cannot equal `{want}`"),
                            "use `equals: yes` or `equals: no`",
                        );
                        None
                    }
                },
                FieldKind::Choice { options, .. } => {
                    // An option's id or, for older forms, its label.
                    let found = options
                        .iter()
                        .find(|o| o.id.as_deref() == Some(want))
                        .or_else(|| options.iter().find(|o| o.label == want));
                    match found {
                        Some(o) => Some(Answer::Choice { option: o.clone() }),
                        None => {
                            let keys: Vec<&str> = options.iter().map(|o| o.key()).collect();
                            let hint = match did_you_mean(want, &keys) {
                                Some(best) => format!("did you mean `{best}`?"),
                                None => {
                                    format!("use one of the option ids: {}", keys.join(", "))
                                }
                            };
                            cx.error(
                                equals.referenced,
                                format!("`{want}` is not an option of `{name}`"),
                                hint,
                            );
                            None
                        }
                    }
                }
                other => {
                    cx.error(
                        target.referenced,
                        format!("`show_if` can only depend on a yes-no or choice field; `{name}` is a {} field", other.name()),
                        "make the earlier question a yes-no or choice field",
                    );
                    None
                }
            };
            if let Some(answer) = answer {
                resolved.push((
                    here,
                    ShowIf {
                        field: name.to_string(),
                        field_label: target_field.label.clone(),
                        equals: answer,
                    },
                ));
            }
        }
    }
    // Attach the conditions to the typed fields, by document position.
    let mut pos = 0;
    let mut resolved = resolved.into_iter().peekable();
    for (raw_section, typed) in form.sections.value.iter().zip(sections.iter_mut()) {
        for i in 0..fields_of(&raw_section.value).len() {
            if resolved.peek().is_some_and(|(p, _)| *p == pos)
                && let Some((_, cond)) = resolved.next()
                && let Some(Some(f)) = typed.as_mut().and_then(|(_, fs)| fs.get_mut(i))
            {
                f.show_if = Some(cond);
            }
            pos += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_ids_pass_and_typos_are_explained() {
        for id in [
            "450475007",
            "450476008",
            "304251008",
            "714748000",
            "1095151000000107",
            "816361000000101",
        ] {
            assert_eq!(snomed_problem(id), None, "{id}");
        }
        let msg = |id: &str| snomed_problem(id).map(|(m, _)| m).unwrap_or_default();
        assert!(msg("12345").contains("6 to 18"));
        assert!(msg("0450475007").contains("start with 0"));
        assert!(msg("45047A007").contains("digits only"));
        // A well-formed description id (valid check digit, partition 01).
        let description = format!(
            "45047501{}",
            crate::text::snomed::check_digit("45047501").unwrap()
        );
        assert!(
            msg(&description).contains("description id"),
            "{description}"
        );
        assert!(msg("450475008").contains("check digit"));
        assert!(
            msg("450457007").contains("check digit"),
            "a swap of neighbours is caught"
        );
    }

    #[test]
    fn ids_are_lower_case_hyphenated() {
        for ok in ["a", "name", "has-lpa", "step-2", "a1-b2"] {
            assert!(is_id(ok), "{ok}");
        }
        for bad in ["", "Name", "has_lpa", "-a", "a-", "a--b", "2a", "a b", "é"] {
            assert!(!is_id(bad), "{bad}");
        }
    }

    #[test]
    fn uris_are_recognised() {
        assert!(looks_like_uri("http://loinc.org"));
        assert!(looks_like_uri("urn:oid:2.16.840.1.113883.6.96"));
        assert!(!looks_like_uri("snomd"));
        assert!(!looks_like_uri("http: //x"));
    }
}
