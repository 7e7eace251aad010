//! The names of careguide's check rules.
//!
//! Every [`Diagnostic`](crate::diagnostic::Diagnostic) from a rule carries a
//! [`Rule`], printed as `[reading-age]` in text output and as `"rule"` in
//! `check --format json`. `check.rules` in site.yaml is keyed by these
//! names, so a misspelt name there is a located error with a "did you
//! mean" hint instead of a setting that silently does nothing.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One rule. The variants are declared in the alphabetical order of their
/// names, so the derived `Ord` sorts `check.rules` exactly as the string
/// keys it replaced did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    /// Headings, alt text, link text, table headers, video captions.
    Accessibility,
    /// A problem that stops the site loading or rendering (`careguide check`
    /// reports it as a finding). Not a `check.rules` key: such problems are
    /// always errors.
    Build,
    /// SNOMED CT codes in `data/codes.yaml` and on forms.
    Codes,
    /// Easy Read pages: short sentences, a low grade, a picture on every
    /// row, abbreviations explained.
    EasyRead,
    /// Internal links and anchors, and with `--external` external links.
    Links,
    /// Sources, summary length, duplicate titles.
    Metadata,
    /// Long sentences, far-too-hard sentences and listed jargon.
    PlainEnglish,
    /// Flesch-Kincaid grade of patient pages.
    ReadingAge,
    /// Pages past or near `next_review_due`.
    ReviewDate,
    /// Text messages in `data/sms.yaml`.
    Sms,
    /// A malformed SNOMED CT code found by `check::snomed::lint`. Not a
    /// `check.rules` key: site findings about codes belong to `codes`.
    Snomed,
    /// Translations whose source page changed since they were marked
    /// (`translation_of`, issue 21).
    Translation,
    /// Scripts, event handlers, script URLs and iframes.
    UnsafeHtml,
}

impl Rule {
    /// Every rule, in the order of their names.
    pub const ALL: [Rule; 13] = [
        Rule::Accessibility,
        Rule::Build,
        Rule::Codes,
        Rule::EasyRead,
        Rule::Links,
        Rule::Metadata,
        Rule::PlainEnglish,
        Rule::ReadingAge,
        Rule::ReviewDate,
        Rule::Sms,
        Rule::Snomed,
        Rule::Translation,
        Rule::UnsafeHtml,
    ];

    /// The rule's name, as printed and as written in site.yaml.
    pub const fn name(self) -> &'static str {
        match self {
            Rule::Accessibility => "accessibility",
            Rule::Build => "build",
            Rule::Codes => "codes",
            Rule::EasyRead => "easy-read",
            Rule::Links => "links",
            Rule::Metadata => "metadata",
            Rule::PlainEnglish => "plain-english",
            Rule::ReadingAge => "reading-age",
            Rule::ReviewDate => "review-date",
            Rule::Sms => "sms",
            Rule::Snomed => "snomed",
            Rule::Translation => "translation",
            Rule::UnsafeHtml => "unsafe-html",
        }
    }

    /// Whether `check.rules` in site.yaml may name this rule (the rules in
    /// docs/checks.md's table).
    pub const fn is_configurable(self) -> bool {
        !matches!(self, Rule::Build | Rule::Snomed)
    }

    /// The names site.yaml's `check.rules` accepts, in order.
    pub fn configurable_names() -> Vec<&'static str> {
        Rule::ALL
            .iter()
            .filter(|r| r.is_configurable())
            .map(|r| r.name())
            .collect()
    }

    /// The configurable rule called `name`, if any.
    pub fn from_config_name(name: &str) -> Option<Rule> {
        Rule::ALL
            .into_iter()
            .find(|r| r.is_configurable() && r.name() == name)
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for Rule {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

/// Read as a `check.rules` key. An unknown name is serde's "unknown variant"
/// error listing the accepted names; `yaml::parse` turns that into an error
/// located at the key, with a "did you mean" hint.
impl<'de> Deserialize<'de> for Rule {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // `~: off` would otherwise fail with serde's "cannot deserialize
        // null into string", which means nothing to an author.
        let Some(name) = Option::<String>::deserialize(d)? else {
            return Err(serde::de::Error::custom(
                "a rule under `check.rules` has no name; write one such as `reading-age: off`",
            ));
        };
        Rule::from_config_name(&name).ok_or_else(|| {
            // serde wants a `&'static [&'static str]`; the list is fixed, so
            // build it once.
            static NAMES: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
            let names = NAMES.get_or_init(Rule::configurable_names);
            serde::de::Error::unknown_variant(&name, names)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_is_sorted_by_name_and_ord_agrees() {
        let names: Vec<&str> = Rule::ALL.iter().map(|r| r.name()).collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        assert_eq!(names, sorted);
        let mut rules = Rule::ALL;
        rules.sort();
        assert_eq!(rules, Rule::ALL);
    }

    #[test]
    fn config_names_exclude_build_and_snomed() {
        assert_eq!(
            Rule::from_config_name("reading-age"),
            Some(Rule::ReadingAge)
        );
        assert_eq!(Rule::from_config_name("build"), None);
        assert_eq!(Rule::from_config_name("snomed"), None);
        assert_eq!(Rule::from_config_name("reading_age"), None);
        assert_eq!(Rule::configurable_names().len(), 11);
    }
}
