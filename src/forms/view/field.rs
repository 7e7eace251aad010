//! The view of one field: its html ids and input names, the boxes of a
//! date or NHS number, the options of a yes-no or choice field, the cells
//! of a table, and its condition's wording.

use super::{
    CellView, CodeView, CodingView, ColumnView, FieldView, FormWords, OptionView, PartView,
    RowView, ShowIfView, words,
};
use crate::forms::model::{
    Answer, ChoiceOption, Code, Column, Field, FieldKind, SNOMED_URI, ShowIf,
};

fn code_view(c: &Code) -> CodeView {
    CodeView {
        system_label: if c.system == SNOMED_URI {
            "SNOMED CT".into()
        } else {
            c.system.clone()
        },
        system: c.system.clone(),
        code: c.code.clone(),
        display: c.display.clone(),
    }
}

/// The html id of a field's input or group: ids are prefixed so that they
/// cannot clash with the page's own ids.
fn html_id(id: &str) -> String {
    format!("f-{id}")
}

fn show_if(s: &ShowIf, words: &FormWords) -> ShowIfView {
    let (value, text) = match &s.equals {
        Answer::Boolean { value } => {
            let (yn, wording) = if *value {
                ("yes", &words.if_yes_to)
            } else {
                ("no", &words.if_no_to)
            };
            (yn.to_string(), words::fill(wording, "", &s.field_label))
        }
        Answer::Choice { option } => (
            option.key().to_string(),
            words::fill(&words.if_ticked_for, &option.label, &s.field_label),
        ),
    };
    ShowIfView {
        field: s.field.clone(),
        html_id: html_id(&s.field),
        value,
        text,
    }
}

fn part(id: &str, part: &str, label: &str, hint: &str, digits: u32) -> PartView {
    PartView {
        part: part.into(),
        html_id: format!("{}-{part}", html_id(id)),
        name: format!("{id}.{part}"),
        label: label.into(),
        hint: hint.into(),
        digits,
    }
}

/// The view of one field; `identity` is filled in by the caller, which
/// knows the whole form.
pub(super) fn field(f: &Field, words: &FormWords) -> FieldView {
    let hid = html_id(&f.id);
    let mut v = FieldView {
        id: f.id.clone(),
        link_id: f.id.clone(),
        type_name: f.kind.name().to_string(),
        html_id: hid.clone(),
        name: f.id.clone(),
        label: f.label.clone(),
        required: f.required,
        help: f.help.clone(),
        help_id: format!("{hid}-help"),
        show_if: f.show_if.as_ref().map(|s| show_if(s, words)),
        code: f.code.as_ref().map(code_view),
        max_length: None,
        lines: 0,
        multiple: false,
        options: Vec::new(),
        columns: Vec::new(),
        rows: Vec::new(),
        parts: Vec::new(),
        text: None,
        identity: None,
    };
    match &f.kind {
        FieldKind::Text { max_length } => v.max_length = *max_length,
        FieldKind::Textarea { lines, max_length } => {
            v.lines = *lines;
            v.max_length = *max_length;
        }
        FieldKind::Date => {
            v.parts = vec![
                part(&f.id, "day", &words.day, &words.day_hint, 2),
                part(&f.id, "month", &words.month, &words.month_hint, 2),
                part(&f.id, "year", &words.year, &words.year_hint, 4),
            ];
        }
        FieldKind::NhsNumber => {
            v.parts = vec![
                part(&f.id, "nhs-1", &words.nhs_first, "", 3),
                part(&f.id, "nhs-2", &words.nhs_next, "", 3),
                part(&f.id, "nhs-3", &words.nhs_last, "", 4),
            ];
        }
        FieldKind::YesNo => v.options = yes_no_options(&hid, words),
        FieldKind::Choice { options, multiple } => {
            v.multiple = *multiple;
            v.options = choice_options(&hid, options);
        }
        FieldKind::Table { columns, rows } => {
            v.columns = table_columns(&f.id, columns);
            v.rows = table_rows(&f.id, &hid, columns, *rows);
        }
        FieldKind::Note { text } => v.text = Some(text.clone()),
        FieldKind::Phone | FieldKind::Signature => {}
    }
    v
}

/// A yes-no field's two radio buttons.
fn yes_no_options(hid: &str, words: &FormWords) -> Vec<OptionView> {
    // The value and the coding stay English ("yes", "Yes"): the answer is
    // saved as a FHIR boolean, whatever the label's language.
    [("Yes", &words.yes), ("No", &words.no)]
        .iter()
        .map(|(english, label)| {
            let value = english.to_ascii_lowercase();
            OptionView {
                label: (*label).clone(),
                html_id: format!("{hid}-{value}"),
                coding: CodingView {
                    system: String::new(),
                    code: value.clone(),
                    display: (*english).to_string(),
                    own: false,
                },
                value,
                code: None,
            }
        })
        .collect()
}

/// A choice field's options, numbered for their html ids.
fn choice_options(hid: &str, options: &[ChoiceOption]) -> Vec<OptionView> {
    options
        .iter()
        .enumerate()
        .map(|(i, o)| {
            // The system is filled in once the site's base is known.
            let coding = o.coding("");
            OptionView {
                label: o.label.clone(),
                value: o.key().to_string(),
                html_id: format!("{hid}-{}", i + 1),
                code: o.code.as_ref().map(code_view),
                coding: CodingView {
                    own: o.code.is_none(),
                    system: coding.system,
                    code: coding.code,
                    display: coding.display.unwrap_or_default(),
                },
            }
        })
        .collect()
}

fn table_columns(id: &str, columns: &[Column]) -> Vec<ColumnView> {
    columns
        .iter()
        .map(|c| ColumnView {
            label: c.label.clone(),
            slug: c.slug.clone(),
            link_id: format!("{id}.{}", c.slug),
        })
        .collect()
}

/// A table's empty rows, each cell with its own input name and label.
fn table_rows(id: &str, hid: &str, columns: &[Column], rows: u32) -> Vec<RowView> {
    (1..=rows)
        .map(|n| RowView {
            number: n,
            cells: columns
                .iter()
                .map(|c| CellView {
                    html_id: format!("{hid}-r{n}-{}", c.slug),
                    name: format!("{id}.{}.{n}", c.slug),
                    link_id: format!("{id}.{}", c.slug),
                    label: format!("{}, row {n}", c.label),
                })
                .collect(),
        })
        .collect()
}
