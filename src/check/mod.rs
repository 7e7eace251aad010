//! Content governance rules, one module per rule family. Each rule turns the
//! loaded site (and the facts gathered while rendering Markdown) into
//! [`Diagnostic`]s with a rule name. `careguide check` runs them all; `build`
//! runs them too, so errors fail the build and warnings are printed.
//! Severities can be changed per rule in site.yaml (`check.rules`).
//!
//! Some rule engines are pure functions over text that has already been read
//! and parsed ([`sms`], [`snomed`], and [`crate::text`]): they take the text and
//! where it sits in its file and return [`Diagnostic`]s (severity, rule
//! name, file, line and column, message, hint) or plain figures, and never
//! read files, print or exit. That keeps them unit-testable without a site
//! on disk. Values found in YAML are located with [`locate::TextLocator`], so
//! a finding inside a multi-line block scalar points at the right line of
//! the YAML file rather than at its key.

pub mod accessibility;
pub mod codes;
pub mod easy_read;
pub mod external;
pub mod locate;
pub mod metadata;
pub mod output_links;
pub mod plain_english;
pub mod reading_age;
pub mod report;
pub mod review;
pub mod security;
pub mod sms;
pub mod snomed;
pub mod text_messages;

use jiff::civil::Date;

use crate::config::{RuleLevel, SiteConfig};
use crate::content::ids::{PageId, PerPage};
use crate::content::page::Page;
use crate::diagnostic::{Diagnostic, Severity};
use crate::markdown::Rendered;
use crate::rule::Rule;
use crate::site::Site;

/// Rules that read front matter, site settings and data files, never a
/// page's body. An edit to a page's body alone cannot change what they find.
pub fn site_rules(site: &Site, as_of: Date) -> Vec<Diagnostic> {
    let mut all = Vec::new();
    all.extend(review::check(site, as_of));
    all.extend(metadata::check(site, &site.config.check));
    accessibility::check_site(site, &mut all);
    all.extend(text_messages::check(site));
    all.extend(codes::check(site));
    all.extend(security::check_yaml(site));
    all.extend(plain_english::check_site(site));
    all.extend(easy_read::check_site(site));
    all.extend(crate::translation::outdated::check(
        &site.config,
        &site.pages,
        as_of,
    ));
    all.extend(crate::translation::forms::check(
        &site.form_translations,
        &site.forms,
    ));
    apply_levels(site, all)
}

/// Rules that read the body of the page at `index` (its Markdown and what
/// rendering found in it), and nothing of other pages. The preview server
/// re-runs only these, for the edited pages, after a body edit: a rule that
/// reads a page's text belongs here.
pub fn page_rules(site: &Site, markdown: &PerPage<Rendered>, index: PageId) -> Vec<Diagnostic> {
    page_outcome(&site.config, &site.pages[index], &markdown[index]).findings
}

/// What [`page_rules`] found on one page, and its reading figures.
#[derive(Default)]
pub struct PageOutcome {
    pub findings: Vec<Diagnostic>,
    pub reading: Option<reading_age::PageReading>,
}

/// The page rules of `p`, whose Markdown rendered to `r`. They need the
/// site's settings and this page's text only, so a build can run them as
/// soon as the page is rendered and then free its text (see
/// the page pass, `pipeline/pages.rs`).
pub fn page_outcome(config: &SiteConfig, p: &Page, r: &Rendered) -> PageOutcome {
    // The rules read the body; a released page gets one error saying so
    // (not one per rule, and never a clean result for an empty page).
    if let Err(released) = p.body() {
        return PageOutcome {
            findings: vec![released.diagnostic()],
            reading: None,
        };
    }
    let mut all = Vec::new();
    accessibility::check_page(p, r, &mut all);
    security::check_page(config, p, r, &mut all);
    // The word list and the reading-age formula are English (issue 21).
    let english = crate::translation::is_english(crate::translation::page_language(config, p));
    if english && !rule_is_off(config, plain_english::RULE) {
        all.extend(plain_english::check_page(config, p, r));
    }
    if !rule_is_off(config, easy_read::RULE) {
        all.extend(easy_read::check_page(config, p));
    }
    // The reading grade is the one rule costly enough that `off` should
    // skip the work, not just the finding.
    let reading = if !english || rule_is_off(config, reading_age::RULE) {
        None
    } else {
        match reading_age::measure_page(p, r) {
            Ok(measured) => measured.map(|measured| {
                all.extend(reading_age::check_page(config, p, &measured));
                reading_age::metrics_of(p, &measured)
            }),
            Err(released) => {
                all.push(released.diagnostic());
                None
            }
        }
    };
    PageOutcome {
        findings: levels(config, all),
        reading,
    }
}

/// A rule switched off in site.yaml.
fn rule_is_off(config: &SiteConfig, rule: Rule) -> bool {
    config.check.rules.get(&rule) == Some(&RuleLevel::Off)
}

/// Apply `check.rules` from site.yaml: change a finding's severity, or drop
/// it when its rule is `off`.
pub fn apply_levels(site: &Site, findings: Vec<Diagnostic>) -> Vec<Diagnostic> {
    levels(&site.config, findings)
}

fn levels(config: &SiteConfig, findings: Vec<Diagnostic>) -> Vec<Diagnostic> {
    findings
        .into_iter()
        .filter_map(
            |mut d| match d.rule.and_then(|r| config.check.rules.get(&r)) {
                Some(RuleLevel::Off) => None,
                Some(RuleLevel::Error) => {
                    d.severity = Severity::Error;
                    Some(d)
                }
                Some(RuleLevel::Warning) => {
                    d.severity = Severity::Warning;
                    Some(d)
                }
                None => Some(d),
            },
        )
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::{HashMap, HashSet};

    use super::*;
    use crate::markdown::{LinkContext, RenderOptions};

    const HARD: &str = "---\ntitle: Plans\nsummary: Plans.\naudience: patient\nlast_reviewed: 2026-05-28\n---\n# Plans\n\nNotwithstanding the aforementioned considerations, practitioners should utilise comprehensive documentation methodologies whenever circumstances necessitate contemporaneous recording of individualised anticipatory arrangements, irrespective of institutional organisational preferences or administrative conventions.\n";

    #[test]
    fn a_released_page_is_an_error_not_a_clean_page() {
        let config =
            SiteConfig::parse("title: T\nbase_url: https://example.org/\norganisation: O\n")
                .unwrap();
        let mut page = crate::content::page::parse(
            "content/plans.md",
            "plans.md",
            HARD.to_string(),
            &config.review,
        )
        .unwrap();
        let (pages, drafts, files) = (HashMap::new(), HashSet::new(), HashSet::new());
        let ctx = LinkContext {
            pages: &pages,
            drafts: &drafts,
            files: &files,
            components: None,
        };
        let opts = RenderOptions {
            grade_reading: crate::markdown::reading_limit(&config, &page),
            keep_text: crate::markdown::keeps_text(&config, &page),
            ..RenderOptions::default()
        };
        let rendered =
            crate::markdown::render_with(page.body().unwrap(), "plans.md", "plans/", &ctx, &opts);
        let held = page_outcome(&config, &page, &rendered);
        let rules: Vec<_> = held.findings.iter().filter_map(|d| d.rule).collect();
        assert!(rules.contains(&Rule::PlainEnglish), "{:?}", held.findings);
        assert!(rules.contains(&Rule::ReadingAge), "{:?}", held.findings);
        assert!(held.reading.is_some());

        // Once released, the body used to read as "": the hard sentence
        // passed unseen. Now the page is one error naming it.
        page.release_body();
        let released = page_outcome(&config, &page, &rendered);
        assert_eq!(released.findings.len(), 1, "{:?}", released.findings);
        let d = &released.findings[0];
        assert!(d.is_error(), "{d}");
        assert_eq!(d.file, "content/plans.md");
        assert!(d.message.contains("after it had freed it"), "{d}");
        assert!(released.reading.is_none());
        // Each rule, called on its own, refuses too.
        let alone = plain_english::check_page(&config, &page, &rendered);
        assert!(alone.len() == 1 && alone[0].is_error(), "{alone:?}");
    }
}
