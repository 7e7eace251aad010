//! Validation passes over the parsed YAML. Each pass adds located
//! diagnostics and keeps going, so an author sees every problem of a form at
//! once; the typed [`Form`] is returned only when there are none.
//!
//! This file holds the passes over the whole form (header, ids, sections,
//! codes); typing one field is in `validate/field.rs`, a choice field's
//! options in `validate/options.rs`, and conditions in `validate/show_if.rs`.

mod field;
mod options;
mod show_if;

use std::collections::HashMap;

use serde_saphyr::{Location, Spanned};

use super::model::{Code, Field, Form, SNOMED_URI, Section, raw, slug};
use crate::diagnostic::{Diagnostic, did_you_mean};
use field::field;
use show_if::show_if;

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
