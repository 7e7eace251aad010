//! `site.yaml`: the site's settings.
//!
//! Every section is a plain struct with `deny_unknown_fields`, so a misspelt
//! key is an error with a "did you mean" hint rather than a silently ignored
//! setting. New settings get their own section here (see docs/authoring.md).

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;
use crate::rule::Rule;

pub mod rules;

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    pub title: String,
    /// Where the site will live, e.g. `https://example.org/acp/`. Used for
    /// absolute links in the sitemap, feed and FHIR canonical URLs.
    pub base_url: String,
    #[serde(default = "default_language")]
    pub language: String,
    /// Who publishes the site (shown in the footer and as FHIR publisher).
    pub organisation: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub contact: Contact,
    #[serde(default)]
    pub review: ReviewPolicy,
    /// Thresholds and severities for `careguide check`.
    #[serde(default)]
    pub check: CheckSettings,
    /// Build a search index and show the search box (`search: false` turns
    /// it off; a binary built without the `search` feature never has it).
    #[serde(default = "default_search")]
    pub search: bool,
    /// Free-form values handed to templates as `site.extra`: the place for a
    /// site's own settings that careguide itself does not interpret.
    #[serde(default)]
    pub extra: serde_json::Map<String, serde_json::Value>,
    /// The text of site.yaml, kept so that checks can point at a line
    /// (`check::security`); never shown to templates.
    #[serde(skip)]
    pub text: String,
    /// Where each setting was written, by path (`review.period_months`).
    #[serde(skip)]
    pub spans: crate::yaml::Spans,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    #[serde(default)]
    pub phone: String,
    /// Opening hours for the phone line, in words.
    #[serde(default)]
    pub hours: String,
    #[serde(default)]
    pub email: String,
    /// A web address for more help.
    #[serde(default)]
    pub web: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewPolicy {
    /// Default gap between `last_reviewed` and `next_review_due`.
    #[serde(default = "default_period")]
    pub period_months: u32,
    /// How many days before `next_review_due` a page counts as "due soon".
    #[serde(default = "default_due_soon")]
    pub due_soon_days: u32,
    /// Publish `review-schedule.csv` (pages by next review date, with their
    /// source file names) in the output folder. Off by default: the output
    /// folder is the public site, and the schedule is for authors.
    #[serde(default)]
    pub schedule_csv: bool,
}

impl Default for ReviewPolicy {
    fn default() -> Self {
        ReviewPolicy {
            period_months: default_period(),
            due_soon_days: default_due_soon(),
            schedule_csv: false,
        }
    }
}

/// Settings for the governance checks (`careguide check`, and the same rules in `build`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CheckSettings {
    /// Highest Flesch-Kincaid grade allowed on patient pages.
    #[serde(default = "default_max_grade")]
    pub max_reading_grade: f64,
    /// Make an over-hard patient page an error instead of a warning.
    #[serde(default)]
    pub reading_grade_is_error: bool,
    /// Summary length limits, in characters.
    #[serde(default = "default_summary_min")]
    pub summary_min: usize,
    #[serde(default = "default_summary_max")]
    pub summary_max: usize,
    /// Hosts whose iframes are allowed in raw HTML.
    #[serde(default)]
    pub iframe_hosts: Vec<String>,
    /// Per-rule severity overrides: `rule-name: error | warning | off`. An
    /// unknown rule name is an error at its key (see [`Rule`]'s `Deserialize`).
    #[serde(default)]
    pub rules: std::collections::BTreeMap<Rule, RuleLevel>,
    /// `plain-english`: the most words a patient-page sentence may have.
    #[serde(default = "default_max_sentence_words")]
    pub max_sentence_words: usize,
    /// `plain-english`: how many grades above `max_reading_grade` one
    /// sentence may be before it is reported.
    #[serde(default = "default_sentence_grade_margin")]
    pub sentence_grade_margin: f64,
    /// `plain-english`: the site's word list (`data/plain_english.yaml`),
    /// filled in when the site loads; not a site.yaml key.
    #[serde(skip)]
    pub plain_words: crate::text::words::Words,
}

impl Default for CheckSettings {
    fn default() -> Self {
        CheckSettings {
            max_reading_grade: default_max_grade(),
            reading_grade_is_error: false,
            summary_min: default_summary_min(),
            summary_max: default_summary_max(),
            iframe_hosts: Vec::new(),
            rules: Default::default(),
            max_sentence_words: default_max_sentence_words(),
            sentence_grade_margin: default_sentence_grade_margin(),
            plain_words: Default::default(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleLevel {
    Error,
    Warning,
    Off,
}

fn default_search() -> bool {
    true
}

fn default_language() -> String {
    "en-GB".into()
}
fn default_period() -> u32 {
    36
}
fn default_due_soon() -> u32 {
    60
}
fn default_max_grade() -> f64 {
    8.0
}
fn default_max_sentence_words() -> usize {
    25
}
fn default_sentence_grade_margin() -> f64 {
    6.0
}
fn default_summary_min() -> usize {
    30
}
fn default_summary_max() -> usize {
    200
}

pub const FILE_NAME: &str = "site.yaml";

impl SiteConfig {
    /// Load and check `site.yaml` under `root`.
    pub fn load(root: &Path) -> Result<SiteConfig, Vec<Diagnostic>> {
        let path = root.join(FILE_NAME);
        let text = std::fs::read(&path).map_err(|e| {
            vec![
                Diagnostic::error(FILE_NAME, format!("cannot read {FILE_NAME}: {e}"))
                    .hint("run careguide from a site folder, pass --root DIR, or create one with `careguide new DIR`"),
            ]
        })?;
        let text = crate::source::decode(FILE_NAME, &text).map_err(|d| vec![d])?;
        Self::parse(&text)
    }

    pub fn parse(text: &str) -> Result<SiteConfig, Vec<Diagnostic>> {
        let mut config: SiteConfig =
            crate::yaml::parse(FILE_NAME, text, text, 1).map_err(|d| vec![d])?;
        config.text = text.to_string();
        config.spans = crate::yaml::Spans::of(text);
        let mut errors = Vec::new();
        // Ranges, shapes and the language tag (issue 19).
        errors.extend(rules::check(&config));
        if !config.base_url.ends_with('/') {
            config.base_url.push('/');
        }
        if config.title.trim().is_empty() {
            errors.push(
                at_key(
                    Diagnostic::error(FILE_NAME, "title must not be empty"),
                    &config,
                    "title",
                )
                .hint("give the site a short name, e.g. `title: Planning ahead`"),
            );
        }
        if config.review.period_months == 0 {
            errors.push(
                at_key(
                    Diagnostic::error(FILE_NAME, "review.period_months must be at least 1"),
                    &config,
                    "review.period_months",
                )
                .hint("three years (36 months) is common practice"),
            );
        }
        if errors.is_empty() {
            Ok(config)
        } else {
            Err(errors)
        }
    }

    /// The path part of `base_url`, e.g. `/acp/` for `https://example.org/acp/`.
    pub fn base_path(&self) -> String {
        let after_scheme = self.base_url.split_once("://").map_or("", |(_, r)| r);
        match after_scheme.find('/') {
            Some(i) => after_scheme[i..].to_string(),
            None => "/".into(),
        }
    }
}

/// Point a diagnostic at the key `path` of site.yaml (`title`,
/// `review.period_months`), underlining the key; unlocated if not written.
pub(crate) fn at_key(diag: Diagnostic, config: &SiteConfig, path: &str) -> Diagnostic {
    match config.spans.key(path) {
        Some(at) => diag
            .at(&config.text, at.line, at.column)
            .width(path.rsplit('.').next().unwrap_or(path).len()),
        None => diag,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = "title: T\nbase_url: https://example.org/acp\norganisation: O\n";

    #[test]
    fn defaults_fill_in_and_base_url_gets_a_slash() {
        let c = SiteConfig::parse(MINIMAL).unwrap();
        assert_eq!(c.base_url, "https://example.org/acp/");
        assert_eq!(c.base_path(), "/acp/");
        assert_eq!(c.review.period_months, 36);
        assert_eq!(c.language, "en-GB");
        assert!(
            !c.review.schedule_csv,
            "the review schedule is not published unless asked"
        );
    }

    #[test]
    fn unknown_key_in_a_section_is_an_error_with_a_hint() {
        let text = format!("{MINIMAL}review:\n  period_month: 12\n");
        let errs = SiteConfig::parse(&text).unwrap_err();
        assert_eq!(errs[0].line, 5, "{}", errs[0]);
        assert_eq!(
            errs[0].hint.as_deref(),
            Some("did you mean `period_months`?")
        );
    }

    #[test]
    fn check_rules_are_keyed_by_rule() {
        let text = format!("{MINIMAL}check:\n  rules:\n    reading-age: off\n    codes: error\n");
        let c = SiteConfig::parse(&text).unwrap();
        assert_eq!(c.check.rules.get(&Rule::ReadingAge), Some(&RuleLevel::Off));
        assert_eq!(c.check.rules.get(&Rule::Codes), Some(&RuleLevel::Error));
    }

    #[test]
    fn a_rule_without_a_name_is_located_in_plain_words() {
        let text = format!("{MINIMAL}check:\n  rules:\n    ~: off\n");
        let errs = SiteConfig::parse(&text).unwrap_err();
        assert_eq!((errs[0].line, errs[0].column), (6, 5), "{}", errs[0]);
        assert!(errs[0].message.contains("has no name"), "{}", errs[0]);
    }

    #[test]
    fn range_errors_point_at_their_nested_key() {
        // `period_months` under `extra:` comes first but is not the setting.
        let text = format!(
            "{MINIMAL}extra:\n  period_months: 1\nreview:\n  period_months: 999\ncheck:\n  summary_min: 50\n  summary_max: 40\n"
        );
        let errs = SiteConfig::parse(&text).unwrap_err();
        let at = |needle: &str| {
            let e = errs.iter().find(|e| e.message.contains(needle)).unwrap();
            (e.line, e.column, e.span_chars)
        };
        assert_eq!(at("review.period_months is 999"), (7, 3, 13));
        assert_eq!(at("check.summary_min (50)"), (9, 3, 11));
    }

    #[test]
    fn base_url_must_be_absolute() {
        let errs =
            SiteConfig::parse("title: T\nbase_url: example.org\norganisation: O\n").unwrap_err();
        assert!(errs[0].message.contains("base_url"));
        assert_eq!(errs[0].line, 2);
    }
}
