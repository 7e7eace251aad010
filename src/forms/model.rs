//! The form model, in two layers.
//!
//! [`raw`] mirrors the YAML exactly, with every value that validation may
//! complain about wrapped in [`Spanned`] so its error can point at it. Keys that
//! only make sense for some field types are all optional here, so that a misuse
//! (say, `options` on a date) is a validation error listed with every other
//! error, rather than a serde error that stops parsing at the first one.
//!
//! [`Form`] and friends are the validated, typed model that the rest of the
//! generator uses: no spans, no impossible combinations.

use serde::Serialize;

/// A validated form definition.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Form {
    pub id: String,
    pub title: String,
    pub version: String,
    /// `patient`, `professional` or `everyone`.
    pub audience: String,
    /// FHIR publication status: `draft`, `active` or `retired`.
    pub status: String,
    pub description: String,
    /// `YYYY-MM-DD`, when the form says when it was last changed.
    pub date: Option<String>,
    pub intro: Option<String>,
    pub sections: Vec<Section>,
    /// The display path and text of the YAML file, kept so that later checks
    /// (`check::codes`) can point at a line; never shown to templates.
    #[serde(skip)]
    pub file: String,
    #[serde(skip)]
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    pub id: String,
    pub title: String,
    pub intro: Option<String>,
    pub fields: Vec<Field>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Field {
    pub id: String,
    /// Empty only for a note without a heading.
    pub label: String,
    pub kind: FieldKind,
    pub required: bool,
    pub help: Option<String>,
    pub show_if: Option<ShowIf>,
    /// A code for the question itself (FHIR `item.code`), e.g. SNOMED CT
    /// "Resuscitation status". Never on a note (que-3).
    pub code: Option<Code>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum FieldKind {
    Text {
        max_length: Option<u32>,
    },
    Textarea {
        lines: u32,
        max_length: Option<u32>,
    },
    Date,
    YesNo,
    Choice {
        options: Vec<ChoiceOption>,
        multiple: bool,
    },
    NhsNumber,
    Phone,
    Table {
        columns: Vec<Column>,
        rows: u32,
    },
    Signature,
    Note {
        text: String,
    },
}

impl FieldKind {
    /// The name used in YAML (`type:`).
    pub fn name(&self) -> &'static str {
        match self {
            FieldKind::Text { .. } => "text",
            FieldKind::Textarea { .. } => "textarea",
            FieldKind::Date => "date",
            FieldKind::YesNo => "yes-no",
            FieldKind::Choice { .. } => "choice",
            FieldKind::NhsNumber => "nhs-number",
            FieldKind::Phone => "phone",
            FieldKind::Table { .. } => "table",
            FieldKind::Signature => "signature",
            FieldKind::Note { .. } => "note",
        }
    }
}

/// Every `type:` a field may have, in the order the docs list them.
pub const FIELD_TYPES: &[&str] = &[
    "text",
    "textarea",
    "date",
    "yes-no",
    "choice",
    "nhs-number",
    "phone",
    "table",
    "signature",
    "note",
];

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChoiceOption {
    /// A stable, lower-case-hyphenated id (`comfort-care`). It becomes the
    /// option's code in the form's own CodeSystem when it has no `code`, so
    /// a saved answer keeps its meaning when the label's wording changes.
    pub id: Option<String>,
    pub label: String,
    pub code: Option<Code>,
}

/// A coded concept. `system` is always a full URI here (`snomed` in YAML
/// becomes `http://snomed.info/sct`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Code {
    pub system: String,
    pub code: String,
    /// The code system's own term, as the author copied it from a browser.
    pub display: Option<String>,
}

pub const SNOMED_URI: &str = "http://snomed.info/sct";

impl ChoiceOption {
    /// The Coding an answer of this option carries: its own code when the
    /// YAML gives one, otherwise its id in the form's own CodeSystem
    /// (`own_system`, see `fhir::codesystem_url`), with the label as display.
    /// Validation guarantees an option has a code or an id.
    pub fn coding(&self, own_system: &str) -> Code {
        match &self.code {
            Some(code) => code.clone(),
            None => Code {
                system: own_system.to_string(),
                code: self.key().to_string(),
                display: Some(self.label.clone()),
            },
        }
    }

    /// What identifies the option within its field: its id, else its code.
    pub fn key(&self) -> &str {
        match (&self.id, &self.code) {
            (Some(id), _) => id,
            (None, Some(code)) => &code.code,
            // Unreachable after validation; the label still names it.
            (None, None) => &self.label,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Column {
    pub label: String,
    /// Lower-case-hyphenated form of the label; the column's linkId is
    /// `<field id>.<slug>`.
    pub slug: String,
}

/// Show a field only when an earlier yes-no or choice field has an answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShowIf {
    pub field: String,
    /// The target field's label, for "If yes to ‘…’:" wording.
    pub field_label: String,
    pub equals: Answer,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Answer {
    /// A yes-no answer.
    Boolean { value: bool },
    /// One option of a choice field.
    Choice { option: ChoiceOption },
}

/// Lower-case, hyphen-separated slug of a label ("Phone number" → "phone-number").
pub fn slug(label: &str) -> String {
    let mut out = String::new();
    for c in label.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

pub(super) mod raw {
    //! The YAML as written. `deny_unknown_fields` turns a mistyped key into
    //! an error with a "did you mean" hint (see `yaml::parse`).

    use serde::Deserialize;
    use serde_saphyr::Spanned;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Form {
        pub id: Spanned<String>,
        pub title: Spanned<String>,
        pub version: Spanned<String>,
        pub audience: Spanned<String>,
        pub status: Spanned<String>,
        pub description: Spanned<String>,
        #[serde(default)]
        pub date: Option<Spanned<String>>,
        #[serde(default)]
        pub intro: Option<String>,
        pub sections: Spanned<Vec<Spanned<Section>>>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Section {
        pub id: Option<Spanned<String>>,
        pub title: Option<Spanned<String>>,
        #[serde(default)]
        pub intro: Option<String>,
        #[serde(default)]
        pub fields: Option<Spanned<Vec<Spanned<Field>>>>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Field {
        pub id: Option<Spanned<String>>,
        pub label: Option<Spanned<String>>,
        #[serde(rename = "type")]
        pub kind: Option<Spanned<String>>,
        #[serde(default)]
        pub required: Option<Spanned<bool>>,
        #[serde(default)]
        pub help: Option<Spanned<String>>,
        #[serde(default)]
        pub show_if: Option<Spanned<ShowIf>>,
        #[serde(default)]
        pub code: Option<Spanned<Code>>,
        // Type-specific keys; validation checks each sits on the right type.
        #[serde(default)]
        pub options: Option<Spanned<Vec<Spanned<ChoiceOption>>>>,
        #[serde(default)]
        pub multiple: Option<Spanned<bool>>,
        #[serde(default)]
        pub lines: Option<Spanned<i64>>,
        #[serde(default)]
        pub max_length: Option<Spanned<i64>>,
        #[serde(default)]
        pub columns: Option<Spanned<Vec<Spanned<String>>>>,
        #[serde(default)]
        pub rows: Option<Spanned<i64>>,
        #[serde(default)]
        pub text: Option<Spanned<String>>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct ShowIf {
        pub field: Spanned<String>,
        pub equals: Spanned<String>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct ChoiceOption {
        #[serde(default)]
        pub id: Option<Spanned<String>>,
        pub label: Spanned<String>,
        #[serde(default)]
        pub code: Option<Spanned<Code>>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Code {
        #[serde(default)]
        pub system: Option<Spanned<String>>,
        pub code: Spanned<String>,
        #[serde(default)]
        pub display: Option<String>,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_lower_case_hyphenated() {
        assert_eq!(slug("Phone number"), "phone-number");
        assert_eq!(slug("  Name (print) "), "name-print");
        assert_eq!(slug("Relationship / role"), "relationship-role");
        assert_eq!(slug("—"), "");
    }
}
