//! The `codes` rule: clinical codes in `data/codes.yaml` and on forms.
//!
//! A wrong SNOMED CT id is worse than none: a practice that copies it
//! records the wrong thing in a patient's record. So every id must be well
//! formed ([`crate::text::snomed::validate_concept`]), every listed code must name
//! the source it came from, and a code nobody has yet checked in the UK
//! SNOMED CT browser is flagged (`verified: false`) until someone has.
//!
//! Form codes are validated when a form loads (a bad one stops the build
//! with the same wording); they are checked again here so `careguide check`
//! covers every code on the site in one rule, whatever loaded them.

use serde::Deserialize;
use serde_saphyr::{Location, Spanned};

use super::locate::TextLocator;
use crate::content::data::DataFile;
use crate::diagnostic::Diagnostic;
use crate::forms::{FieldKind, Form, SNOMED_URI};
use crate::site::Site;
use crate::text::snomed::{SnomedError, validate_concept};

pub const RULE: crate::rule::Rule = crate::rule::Rule::Codes;

/// The data file this rule reads (`data/codes.yaml`).
pub const DATA_NAME: &str = "codes";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // Parsed so that misspelt keys are errors; templates use the text.
struct CodesFile {
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    groups: Vec<Group>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Group {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    intro: Option<String>,
    #[serde(default)]
    codes: Vec<Spanned<Entry>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Entry {
    code: Option<Spanned<String>>,
    #[serde(default)]
    term: Option<String>,
    #[serde(default, rename = "use")]
    usage: Option<String>,
    source: Option<Spanned<String>>,
    verified: Option<Spanned<bool>>,
}

pub fn check(site: &Site) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = site
        .data
        .iter()
        .filter(|d| d.name == DATA_NAME)
        .flat_map(check_file)
        .collect();
    for form in &site.forms {
        out.extend(check_form(form));
    }
    out
}

/// Check one code list.
pub fn check_file(data: &DataFile) -> Vec<Diagnostic> {
    let (file, text) = (data.file.as_str(), data.text.as_str());
    let parsed: CodesFile = match crate::yaml::parse(file, text, text, 1) {
        Ok(p) => p,
        Err(d) => return vec![d.rule(RULE)],
    };
    let mut out = Vec::new();
    for entry in parsed.groups.iter().flat_map(|g| &g.codes) {
        check_entry(file, text, entry, &mut out);
    }
    out
}

/// One entry of the list: its code, its source and whether it is verified.
fn check_entry(file: &str, text: &str, entry: &Spanned<Entry>, out: &mut Vec<Diagnostic>) {
    let e = &entry.value;
    let Some(code) = e.code.as_ref().filter(|c| !c.value.trim().is_empty()) else {
        out.push(
            located(
                Diagnostic::error(file, "this entry has no `code`"),
                text,
                e.code.as_ref().map_or(entry.referenced, |c| c.referenced),
                1,
            )
            .hint("add the SNOMED CT concept id, quoted: `code: \"450476008\"`"),
        );
        return;
    };
    let id = code.value.as_str();
    if let Err(err) = validate_concept(id) {
        out.push(invalid(file, text, code, &err));
    }
    let name = describe(id, e.term.as_deref());
    match &e.source {
        Some(s) if !s.value.trim().is_empty() => {}
        other => out.push(
            located(
                Diagnostic::error(file, format!("{name} has no source")),
                text,
                other.as_ref().map_or(code.referenced, |s| s.referenced),
                id.chars().count() + 2,
            )
            .hint("add `source:` with the address of the document the code came from; the NHS content standard asks for a named source for every fact"),
        ),
    }
    out.extend(unverified(file, text, &name, code, e.verified.as_ref()));
}

/// A warning unless the entry says `verified: true`.
fn unverified(
    file: &str,
    text: &str,
    name: &str,
    code: &Spanned<String>,
    verified: Option<&Spanned<bool>>,
) -> Option<Diagnostic> {
    let id = code.value.as_str();
    let (message, at, width) = match verified {
        Some(v) if v.value => return None,
        Some(v) => (
            format!("{name} is not yet verified in the UK SNOMED CT browser"),
            v.referenced,
            5,
        ),
        None => (
            format!("{name} does not say whether it is verified in the UK SNOMED CT browser"),
            code.referenced,
            id.chars().count() + 2,
        ),
    };
    Some(
        located(Diagnostic::warning(file, message), text, at, width)
            .hint("look it up in the UK SNOMED CT browser (termbrowser.nhs.uk): check it is active and the term matches, then set `verified: true`"),
    )
}

/// SNOMED CT codes on one form: the question codes and the choice options.
pub fn check_form(form: &Form) -> Vec<Diagnostic> {
    let codes = form.sections.iter().flat_map(|s| &s.fields).flat_map(|f| {
        let options = match &f.kind {
            FieldKind::Choice { options, .. } => options.as_slice(),
            _ => &[],
        };
        f.code
            .iter()
            .chain(options.iter().filter_map(|o| o.code.as_ref()))
    });
    let mut out = Vec::new();
    for code in codes.filter(|c| c.system == SNOMED_URI) {
        let Err(err) = validate_concept(&code.code) else {
            continue;
        };
        // The typed form keeps no positions; the code's first appearance in
        // the file is where an author will look for it.
        let mut d = Diagnostic::error(
            &form.file,
            format!("invalid SNOMED CT code `{}`: {err}", code.code),
        )
        .rule(RULE)
        .hint(err.hint());
        if let Some(start) = form.text.find(code.code.as_str()) {
            let (chars, width) = focus(&code.code, &err);
            let offset = code.code.char_indices().nth(chars).map_or(0, |(i, _)| i);
            d = d.at_offset(&form.text, start + offset).width(width);
        }
        out.push(d);
    }
    out
}

/// `code `304252001` (For resuscitation)`, for messages.
fn describe(id: &str, term: Option<&str>) -> String {
    match term.map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => format!("code `{id}` ({t})"),
        None => format!("code `{id}`"),
    }
}

/// An invalid id, pointing at the offending character where there is one.
fn invalid(file: &str, text: &str, code: &Spanned<String>, err: &SnomedError) -> Diagnostic {
    let id = code.value.as_str();
    let (offset, width) = focus(id, err);
    let d = Diagnostic::error(file, format!("invalid SNOMED CT code `{id}`: {err}"))
        .rule(RULE)
        .hint(err.hint());
    if code.referenced.line() == 0 {
        return d;
    }
    let locator = TextLocator::yaml_scalar(
        text,
        id,
        code.referenced.line() as usize,
        code.referenced.column() as usize,
    );
    let (line, column) = locator.locate(offset);
    d.at(text, line, column).width(width)
}

/// The character to point at, and how many to underline: the stray
/// character, the check digit, or else the whole id.
fn focus(id: &str, err: &SnomedError) -> (usize, usize) {
    let len = id.chars().count();
    match err {
        SnomedError::NotDigits { position, .. } => (*position, 1),
        SnomedError::CheckDigit { .. } => (len.saturating_sub(1), 1),
        _ => (0, len),
    }
}

fn located(d: Diagnostic, text: &str, loc: Location, width: usize) -> Diagnostic {
    super::locate::at_yaml_location(d.rule(RULE), text, loc, width)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lint(yaml: &str) -> Vec<Diagnostic> {
        check_file(&DataFile {
            file: "data/codes.yaml".into(),
            name: "codes".into(),
            text: yaml.into(),
            value: serde_json::Value::Null,
        })
    }

    fn entry(code: &str, extra: &str) -> String {
        format!("groups:\n  - id: g\n    codes:\n      - code: {code}\n        term: T\n{extra}")
    }

    #[test]
    fn a_verified_code_with_a_source_is_clean() {
        let d = lint(&entry(
            "\"450476008\"",
            "        source: https://example.org/\n        verified: true\n",
        ));
        assert!(d.is_empty(), "{d:?}");
        // An unquoted id is read as text too.
        let d = lint(&entry(
            "450476008",
            "        source: https://example.org/\n        verified: true\n",
        ));
        assert!(d.is_empty(), "{d:?}");
    }

    #[test]
    fn bad_check_digit_points_at_the_last_digit() {
        let d = lint(&entry(
            "\"450476007\"",
            "        source: https://example.org/\n        verified: true\n",
        ));
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!((d[0].line, d[0].column), (4, 24), "{}", d[0]);
        assert!(d[0].hint.as_deref().unwrap().contains("should be 8"));
    }

    #[test]
    fn missing_source_and_unverified() {
        let d = lint(&entry("\"450476008\"", "        verified: false\n"));
        let got: Vec<_> = d
            .iter()
            .map(|d| (d.severity, d.line, d.message.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    crate::diagnostic::Severity::Error,
                    4,
                    "code `450476008` (T) has no source"
                ),
                (
                    crate::diagnostic::Severity::Warning,
                    6,
                    "code `450476008` (T) is not yet verified in the UK SNOMED CT browser"
                ),
            ]
        );
    }

    #[test]
    fn misspelt_key_is_an_error() {
        let d = lint(&entry("\"450476008\"", "        verifed: true\n"));
        assert_eq!(d[0].line, 6, "{d:?}");
        assert_eq!(d[0].hint.as_deref(), Some("did you mean `verified`?"));
    }

    #[test]
    fn form_codes_are_checked() {
        let mut form = crate::forms::load(
            "forms/f.yaml",
            "id: f\ntitle: F\nversion: \"1\"\naudience: patient\nstatus: active\ndescription: D\nsections:\n  - id: s\n    title: S\n    fields:\n      - id: c\n        label: C\n        type: choice\n        options:\n          - { label: A, code: { system: snomed, code: \"450476008\", display: X } }\n",
        )
        .unwrap();
        assert!(check_form(&form).is_empty());
        // Forms are validated on load, so corrupt the typed form to test the rule.
        if let FieldKind::Choice { options, .. } = &mut form.sections[0].fields[0].kind {
            options[0].code.as_mut().unwrap().code = "450476007".into();
        }
        form.text = form.text.replace("450476008", "450476007");
        let d = check_form(&form);
        assert_eq!((d.len(), d[0].line, d[0].column), (1, 15, 64), "{d:?}");
    }
}
