//! The words careguide itself writes on a form (not the form's own): the
//! audience, the boxes of a date or NHS number, yes and no, and the wording
//! of a condition. English by default; a page in another language gets
//! them from its UI text (`form_words.*` in i18n/, chosen by the renderer).

/// Declares [`FormWords`] (one `String` per word), [`FORM_WORD_KEYS`] (their
/// UI text keys, under `form_words.` in i18n/en.yaml, in order), the
/// English default and the lookups, from one list, so they cannot drift.
macro_rules! form_words {
    ($($(#[$doc:meta])* $field:ident: $english:literal,)*) => {
        /// The words of a form page, in one language. `{option}` and
        /// `{question}` in the condition wordings are filled in with the
        /// answer's and the question's own words.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct FormWords {
            $($(#[$doc])* pub $field: String,)*
        }

        /// The UI text keys of [`FormWords`]' fields, in their order.
        pub const FORM_WORD_KEYS: &[&str] = &[$(stringify!($field)),*];

        impl Default for FormWords {
            fn default() -> Self {
                FormWords { $($field: $english.to_string(),)* }
            }
        }

        impl FormWords {
            /// The words with each one's text from `text(key)`, a key of
            /// [`FORM_WORD_KEYS`], asked in that order.
            pub fn from_fn(mut text: impl FnMut(&str) -> String) -> Self {
                FormWords { $($field: text(stringify!($field)),)* }
            }

            /// The word under `key`, one of [`FORM_WORD_KEYS`].
            pub fn word(&self, key: &str) -> Option<&str> {
                match key {
                    $(stringify!($field) => Some(&self.$field),)*
                    _ => None,
                }
            }
        }
    };
}

form_words! {
    audience_patient: "For patients",
    audience_professional: "For professionals",
    audience_everyone: "For everyone",
    day: "Day",
    month: "Month",
    year: "Year",
    /// What a printed box holds: "DD", "MM", "YYYY".
    day_hint: "DD",
    month_hint: "MM",
    year_hint: "YYYY",
    nhs_first: "First 3 digits",
    nhs_next: "Next 3 digits",
    nhs_last: "Last 4 digits",
    yes: "Yes",
    no: "No",
    /// Right after its question: "If yes:", "If no:", "If ‘{option}’:".
    if_yes: "If yes:",
    if_no: "If no:",
    if_option: "If ‘{option}’:",
    /// Further away: "If yes to ‘{question}’:", and so on.
    if_yes_to: "If yes to ‘{question}’:",
    if_no_to: "If no to ‘{question}’:",
    if_ticked_for: "If you ticked ‘{option}’ for ‘{question}’:",
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
        let mut asked = Vec::new();
        let words = FormWords::from_fn(|k| {
            asked.push(k.to_string());
            format!("<{k}>")
        });
        assert_eq!(asked, FORM_WORD_KEYS);
        assert_eq!(FORM_WORD_KEYS.len(), 20);
        for key in FORM_WORD_KEYS {
            assert_eq!(words.word(key), Some(format!("<{key}>").as_str()));
        }
        let english = FormWords::default();
        assert_eq!(english.word("day"), Some("Day"));
        assert_eq!(
            english.word("if_ticked_for"),
            Some("If you ticked ‘{option}’ for ‘{question}’:")
        );
        assert_eq!(english.word("nope"), None);
    }
}
