//! Forms: YAML definitions in `forms/` that become a printable A4 page which
//! also works as an on-screen form, and an HL7 FHIR R4 Questionnaire.
//!
//! Flow: [`load`] parses one file with serde (unknown keys and wrong value
//! types stop there, with a located error), then runs validation passes that
//! report every remaining problem at once and yield a typed [`Form`].
//! [`questionnaire`] and [`view`] are pure functions of a `Form`.
//! The schema and the FHIR mapping are documented in docs/forms.md.

mod fhir;
mod model;
mod validate;
mod view;

pub use fhir::{
    canonical_url, codesystem, codesystem_url, fhir_name, has_own_codes, questionnaire,
};
pub use model::{
    Answer, ChoiceOption, Code, Column, FIELD_TYPES, Field, FieldKind, Form, SNOMED_URI, Section,
    ShowIf, slug,
};
pub use validate::{AUDIENCES, STATUSES};
pub use view::{FORM_WORD_KEYS, FormView, FormWords, view, view_in};

use crate::diagnostic::Diagnostic;

/// Parse and validate one `forms/*.yaml`. `file` is the display path (such as
/// `forms/acp-conversation-record.yaml`); every error of the form is returned
/// together, sorted by position.
pub fn load(file: &str, text: &str) -> Result<Form, Vec<Diagnostic>> {
    let raw: model::raw::Form = crate::yaml::parse(file, text, text, 1).map_err(|d| vec![d])?;
    validate::validate(file, text, &raw)
}

#[cfg(test)]
mod tests;
