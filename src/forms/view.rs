//! A plain, serializable view of a form for the Tera templates (`form` on a
//! form page, `forms` on the index). Everything a template needs is computed
//! here (html ids, input names, box layouts, "If yes" wording) so that the
//! templates stay free of logic and every key is always present (Tera 2 is
//! strict about undefined variables).
//!
//! This file has the view types and the form and section views; one
//! field's view (boxes, options, table cells) is in `view/field.rs`.

mod field;
mod words;

use serde::Serialize;

use super::fhir::{canonical_url, codesystem_url};
use super::model::{Answer, Field, FieldKind, Form, Section};
use field::field;
pub use words::{FORM_WORD_KEYS, FormWords};

#[derive(Debug, Clone, Serialize)]
pub struct FormView {
    pub id: String,
    pub title: String,
    pub version: String,
    pub audience: String,
    /// "For patients" / "For professionals" / "For everyone".
    pub audience_label: String,
    pub status: String,
    pub description: String,
    pub date: Option<String>,
    pub intro: Option<String>,
    /// Site-relative path of the printable page, `forms/<id>/`.
    pub path: String,
    /// Site-relative path of the Questionnaire, `forms/<id>/questionnaire.json`.
    pub questionnaire_path: String,
    /// Absolute canonical URL of the Questionnaire, once known
    /// ([`FormView::with_canonical_base`]); empty otherwise, and then the
    /// page's script resolves `questionnaire.json` against the page.
    pub canonical_url: String,
    /// Show SNOMED CT codes beside answers (professional forms only: codes
    /// mean nothing to patients and crowd the page).
    pub show_codes: bool,
    pub field_count: usize,
    pub sections: Vec<SectionView>,
}

impl FormView {
    pub fn with_canonical_base(mut self, canonical_base: &str) -> Self {
        self.canonical_url = canonical_url(canonical_base, &self.id);
        let own = codesystem_url(canonical_base, &self.id);
        // Fields appear twice: in order, and grouped in print blocks.
        let options = self
            .sections
            .iter_mut()
            .flat_map(|s| {
                let blocks = s.blocks.iter_mut().flat_map(|b| b.fields.iter_mut());
                s.fields.iter_mut().chain(blocks)
            })
            .flat_map(|f| f.options.iter_mut());
        for o in options.filter(|o| o.coding.own) {
            o.coding.system = own.clone();
        }
        self
    }

    /// The view of a translation of `source`, with each option's coding
    /// display the source form's, as in its Questionnaire: only the label a
    /// reader sees is translated. A saved answer's `valueCoding.display`
    /// comes from here, and a renderer such as LHC-Forms drops a coded
    /// answer whose display is not the Questionnaire's.
    pub fn with_displays_of(mut self, source: &Form) -> Self {
        let displays: std::collections::HashMap<(&str, &str), String> = source
            .sections
            .iter()
            .flat_map(|s| &s.fields)
            .filter_map(|f| match &f.kind {
                FieldKind::Choice { options, .. } => Some((f, options)),
                _ => None,
            })
            .flat_map(|(f, options)| {
                options.iter().filter_map(move |o| {
                    let display = o.coding("").display?;
                    Some(((f.id.as_str(), o.key()), display))
                })
            })
            .collect();
        // Fields appear twice: in order, and grouped in print blocks.
        let fields = self.sections.iter_mut().flat_map(|s| {
            let blocks = s.blocks.iter_mut().flat_map(|b| b.fields.iter_mut());
            s.fields.iter_mut().chain(blocks)
        });
        for f in fields {
            for o in &mut f.options {
                if let Some(display) = displays.get(&(f.id.as_str(), o.value.as_str())) {
                    o.coding.display = display.clone();
                }
            }
        }
        self
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct SectionView {
    pub id: String,
    pub html_id: String,
    pub title: String,
    pub intro: Option<String>,
    pub fields: Vec<FieldView>,
    /// The same fields in print blocks: a question with the fields that
    /// depend on it is one block, so paper never splits them.
    pub blocks: Vec<BlockView>,
    /// The section holds a signature: it prints on one page, so what is
    /// signed (a CPR decision, its reasons) is never apart from the signature.
    pub keep_together: bool,
}

/// Fields that print together: one field, or a question followed by the
/// fields whose `show_if` depends on it (directly or through one another).
#[derive(Debug, Clone, Serialize)]
pub struct BlockView {
    pub fields: Vec<FieldView>,
    /// More than one field: a question and its follow-ups.
    pub grouped: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct FieldView {
    pub id: String,
    /// The FHIR linkId (the same as `id`); the script uses it to build a
    /// QuestionnaireResponse.
    pub link_id: String,
    /// The YAML type name: `text`, `yes-no`, `table`…
    #[serde(rename = "type")]
    pub type_name: String,
    pub html_id: String,
    /// `name` attribute of the input (radio buttons of one question share it).
    pub name: String,
    pub label: String,
    pub required: bool,
    pub help: Option<String>,
    /// Id of the help text, for `aria-describedby`.
    pub help_id: String,
    pub show_if: Option<ShowIfView>,
    /// Code of the question itself, for professional print-outs.
    pub code: Option<CodeView>,
    pub max_length: Option<u32>,
    /// Writing lines for a textarea (0 for other types).
    pub lines: u32,
    pub multiple: bool,
    /// Choice options, or the two answers of a yes-no question.
    pub options: Vec<OptionView>,
    pub columns: Vec<ColumnView>,
    pub rows: Vec<RowView>,
    /// Boxes of a date (DD / MM / YYYY) or an NHS number (3-3-4).
    pub parts: Vec<PartView>,
    /// Text of a note.
    pub text: Option<String>,
    /// `name`, `nhs-number` or `dob` when this field identifies the person:
    /// its answer is repeated in the identifier strip at the top of every
    /// printed page (see [`identity_fields`]).
    pub identity: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ShowIfView {
    pub field: String,
    pub html_id: String,
    /// The answer that shows the field: `yes`, `no` or an option label, as
    /// the target input's `value`.
    pub value: String,
    /// "If yes:" right after its question, otherwise
    /// "If yes to ‘Has a health and welfare attorney’:".
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CodeView {
    /// "SNOMED CT" for SNOMED, otherwise the system URI.
    pub system_label: String,
    pub system: String,
    pub code: String,
    pub display: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OptionView {
    pub label: String,
    /// The input's `value`: the option's id (or its code when it has no id).
    pub value: String,
    pub html_id: String,
    /// The option's own code (SNOMED CT…), shown on professional print-outs.
    pub code: Option<CodeView>,
    /// The Coding an answer carries in a QuestionnaireResponse, for the
    /// page's script: the option's code, or its id in the form's own
    /// CodeSystem (whose URL is filled in by [`FormView::with_canonical_base`]).
    pub coding: CodingView,
}

#[derive(Debug, Clone, Serialize)]
pub struct CodingView {
    pub system: String,
    pub code: String,
    pub display: String,
    /// True when the code is in the form's own CodeSystem.
    #[serde(skip)]
    own: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ColumnView {
    pub label: String,
    pub slug: String,
    pub link_id: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RowView {
    pub number: u32,
    pub cells: Vec<CellView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CellView {
    pub html_id: String,
    pub name: String,
    pub link_id: String,
    /// Accessible name of the cell's input: "Name, row 1".
    pub label: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PartView {
    /// `day`, `month`, `year` or `nhs-1`..`nhs-3`.
    pub part: String,
    pub html_id: String,
    pub name: String,
    /// Visible label ("Day") and the printed box hint ("DD"; empty for the
    /// NHS number, whose boxes are clearest left blank).
    pub label: String,
    pub hint: String,
    /// Number of digits; the box width and `maxlength`.
    pub digits: u32,
}

/// The view of `form` with careguide's own words in English.
pub fn view(form: &Form) -> FormView {
    view_in(form, &FormWords::default())
}

/// The view of `form` with careguide's own words (the audience, the boxes'
/// labels, yes and no, conditions) from `words`.
pub fn view_in(form: &Form, words: &FormWords) -> FormView {
    let identity = identity_fields(form);
    let mut sections: Vec<SectionView> = form.sections.iter().map(|s| section(s, words)).collect();
    for s in &mut sections {
        for f in s.fields.iter_mut() {
            f.identity = identity
                .iter()
                .find(|(id, _)| *id == f.id)
                .map(|(_, role)| (*role).to_string());
        }
        s.blocks = blocks(&s.fields);
    }
    FormView {
        id: form.id.clone(),
        title: form.title.clone(),
        version: form.version.clone(),
        audience: form.audience.clone(),
        audience_label: match form.audience.as_str() {
            "patient" => &words.audience_patient,
            "professional" => &words.audience_professional,
            _ => &words.audience_everyone,
        }
        .clone(),
        status: form.status.clone(),
        description: form.description.clone(),
        date: form.date.clone(),
        intro: form.intro.clone(),
        path: format!("forms/{}/", form.id),
        questionnaire_path: format!("forms/{}/questionnaire.json", form.id),
        canonical_url: String::new(),
        show_codes: form.audience == "professional",
        field_count: sections.iter().map(|s| s.fields.len()).sum(),
        sections,
    }
}

/// The fields whose answers identify the person on every printed page: the
/// form's first NHS number field and, in its section, the first text field
/// whose label mentions a name and the first date whose label mentions
/// birth. A form without an NHS number field has none (its strip stays
/// blank boxes to fill by hand).
pub fn identity_fields(form: &Form) -> Vec<(&str, &'static str)> {
    let Some(section) = form.sections.iter().find(|s| {
        s.fields
            .iter()
            .any(|f| matches!(f.kind, FieldKind::NhsNumber))
    }) else {
        return Vec::new();
    };
    let mentions = |f: &Field, word: &str| f.label.to_lowercase().contains(word);
    let mut found = Vec::new();
    if let Some(f) = section
        .fields
        .iter()
        .find(|f| matches!(f.kind, FieldKind::Text { .. }) && mentions(f, "name"))
    {
        found.push((f.id.as_str(), "name"));
    }
    if let Some(f) = section
        .fields
        .iter()
        .find(|f| matches!(f.kind, FieldKind::NhsNumber))
    {
        found.push((f.id.as_str(), "nhs-number"));
    }
    if let Some(f) = section
        .fields
        .iter()
        .find(|f| matches!(f.kind, FieldKind::Date) && mentions(f, "birth"))
    {
        found.push((f.id.as_str(), "dob"));
    }
    found
}

/// Groups fields into print blocks: a field joins the block before it when
/// its `show_if` names a field of that block.
fn blocks(fields: &[FieldView]) -> Vec<BlockView> {
    let mut out: Vec<BlockView> = Vec::new();
    for f in fields {
        let joins = match (&f.show_if, out.last()) {
            (Some(cond), Some(last)) => last.fields.iter().any(|g| g.id == cond.field),
            _ => false,
        };
        match out.last_mut() {
            Some(last) if joins => {
                last.fields.push(f.clone());
                last.grouped = true;
            }
            _ => out.push(BlockView {
                fields: vec![f.clone()],
                grouped: false,
            }),
        }
    }
    out
}

fn section(s: &Section, words: &FormWords) -> SectionView {
    SectionView {
        keep_together: s
            .fields
            .iter()
            .any(|f| matches!(f.kind, FieldKind::Signature)),
        blocks: Vec::new(),
        id: s.id.clone(),
        html_id: format!("s-{}", s.id),
        title: s.title.clone(),
        intro: s.intro.clone(),
        fields: s
            .fields
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let mut v = field(f, words);
                if let (Some(cond), Some(view)) = (&f.show_if, v.show_if.as_mut())
                    && follows_its_question(&s.fields[..i], &cond.field)
                {
                    view.text = short_condition(&cond.equals, words);
                }
                v
            })
            .collect(),
    }
}

/// True when the question `target` comes just before, with only other
/// fields that depend on it in between: then a short "If yes:" reads as
/// clearly as on a paper form, and saves a line per field on paper.
fn follows_its_question(before: &[Field], target: &str) -> bool {
    for f in before.iter().rev() {
        if f.id == target {
            return true;
        }
        if f.show_if.as_ref().is_none_or(|c| c.field != target) {
            return false;
        }
    }
    false
}

fn short_condition(answer: &Answer, words: &FormWords) -> String {
    match answer {
        Answer::Boolean { value: true } => words.if_yes.clone(),
        Answer::Boolean { value: false } => words.if_no.clone(),
        Answer::Choice { option } => words::fill(&words.if_option, &option.label, ""),
    }
}
