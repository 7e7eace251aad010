//! The words careguide itself writes on a form (not the form's own): the
//! audience, the boxes of a date or NHS number, yes and no, and the wording
//! of a condition. English by default; a page in another language gets
//! them from its UI text (`form_words.*` in i18n/, chosen by the renderer).

/// The words of a form page, in one language. `{option}` and `{question}`
/// in the condition wordings are filled in with the answer's and the
/// question's own words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormWords {
    pub audience_patient: String,
    pub audience_professional: String,
    pub audience_everyone: String,
    pub day: String,
    pub month: String,
    pub year: String,
    /// What a printed box holds: "DD", "MM", "YYYY".
    pub day_hint: String,
    pub month_hint: String,
    pub year_hint: String,
    pub nhs_first: String,
    pub nhs_next: String,
    pub nhs_last: String,
    pub yes: String,
    pub no: String,
    /// Right after its question: "If yes:", "If no:", "If ‘{option}’:".
    pub if_yes: String,
    pub if_no: String,
    pub if_option: String,
    /// Further away: "If yes to ‘{question}’:", and so on.
    pub if_yes_to: String,
    pub if_no_to: String,
    pub if_ticked_for: String,
}

/// The UI text keys of [`FormWords`]' fields, in their order (under
/// `form_words.` in i18n/en.yaml).
pub const FORM_WORD_KEYS: [&str; 20] = [
    "audience_patient",
    "audience_professional",
    "audience_everyone",
    "day",
    "month",
    "year",
    "day_hint",
    "month_hint",
    "year_hint",
    "nhs_first",
    "nhs_next",
    "nhs_last",
    "yes",
    "no",
    "if_yes",
    "if_no",
    "if_option",
    "if_yes_to",
    "if_no_to",
    "if_ticked_for",
];

impl Default for FormWords {
    fn default() -> Self {
        FormWords::from_fn(|key| {
            match key {
                "audience_patient" => "For patients",
                "audience_professional" => "For professionals",
                "audience_everyone" => "For everyone",
                "day" => "Day",
                "month" => "Month",
                "year" => "Year",
                "day_hint" => "DD",
                "month_hint" => "MM",
                "year_hint" => "YYYY",
                "nhs_first" => "First 3 digits",
                "nhs_next" => "Next 3 digits",
                "nhs_last" => "Last 4 digits",
                "yes" => "Yes",
                "no" => "No",
                "if_yes" => "If yes:",
                "if_no" => "If no:",
                "if_option" => "If ‘{option}’:",
                "if_yes_to" => "If yes to ‘{question}’:",
                "if_no_to" => "If no to ‘{question}’:",
                _ => "If you ticked ‘{option}’ for ‘{question}’:",
            }
            .to_string()
        })
    }
}

impl FormWords {
    /// The words with each field's text from `text(key)`, a key of
    /// [`FORM_WORD_KEYS`].
    pub fn from_fn(mut text: impl FnMut(&str) -> String) -> Self {
        let [
            audience_patient,
            audience_professional,
            audience_everyone,
            day,
            month,
            year,
            day_hint,
            month_hint,
            year_hint,
            nhs_first,
            nhs_next,
            nhs_last,
            yes,
            no,
            if_yes,
            if_no,
            if_option,
            if_yes_to,
            if_no_to,
            if_ticked_for,
        ] = FORM_WORD_KEYS.map(&mut text);
        FormWords {
            audience_patient,
            audience_professional,
            audience_everyone,
            day,
            month,
            year,
            day_hint,
            month_hint,
            year_hint,
            nhs_first,
            nhs_next,
            nhs_last,
            yes,
            no,
            if_yes,
            if_no,
            if_option,
            if_yes_to,
            if_no_to,
            if_ticked_for,
        }
    }
}

impl FormWords {
    /// The word under `key`, one of [`FORM_WORD_KEYS`] (an unknown key is
    /// the last, the longest condition wording).
    pub fn word(&self, key: &str) -> &str {
        match key {
            "audience_patient" => &self.audience_patient,
            "audience_professional" => &self.audience_professional,
            "audience_everyone" => &self.audience_everyone,
            "day" => &self.day,
            "month" => &self.month,
            "year" => &self.year,
            "day_hint" => &self.day_hint,
            "month_hint" => &self.month_hint,
            "year_hint" => &self.year_hint,
            "nhs_first" => &self.nhs_first,
            "nhs_next" => &self.nhs_next,
            "nhs_last" => &self.nhs_last,
            "yes" => &self.yes,
            "no" => &self.no,
            "if_yes" => &self.if_yes,
            "if_no" => &self.if_no,
            "if_option" => &self.if_option,
            "if_yes_to" => &self.if_yes_to,
            "if_no_to" => &self.if_no_to,
            _ => &self.if_ticked_for,
        }
    }
}

/// `template` with `{option}` and `{question}` replaced, in one pass (an
/// answer's words that hold `{question}` stay as they are).
pub(super) fn fill(template: &str, option: &str, question: &str) -> String {
    let mut out = String::with_capacity(template.len() + option.len() + question.len());
    let mut rest = template;
    while let Some(at) = rest.find('{') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        if let Some(after) = tail.strip_prefix("{option}") {
            out.push_str(option);
            rest = after;
        } else if let Some(after) = tail.strip_prefix("{question}") {
            out.push_str(question);
            rest = after;
        } else {
            out.push('{');
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_replaces_both_names_once_and_leaves_other_braces() {
        assert_eq!(
            fill(
                "If you ticked ‘{option}’ for ‘{question}’:",
                "At home",
                "Where"
            ),
            "If you ticked ‘At home’ for ‘Where’:"
        );
        // An answer's own words are not read again for names.
        assert_eq!(fill("{option} {x}", "{question}", "Q"), "{question} {x}");
        assert_eq!(fill("„{question}” {", "", "Kto"), "„Kto” {");
    }

    #[test]
    fn from_fn_reads_every_key_in_order_and_word_gives_it_back() {
        let words = FormWords::from_fn(|k| format!("<{k}>"));
        for key in FORM_WORD_KEYS {
            assert_eq!(words.word(key), format!("<{key}>"));
        }
        let english = FormWords::default();
        assert_eq!(english.word("day"), "Day");
        assert_eq!(
            english.word("if_ticked_for"),
            "If you ticked ‘{option}’ for ‘{question}’:"
        );
    }
}
