//! Content governance rules, one module per rule family. Each rule turns the
//! loaded site (and the facts gathered while rendering Markdown) into
//! [`Diagnostic`]s with a rule name. `careguide check` runs them all; `build`
//! runs them too, so errors fail the build and warnings are printed.
//! Severities can be changed per rule in site.yaml (`check.rules`).
//!
//! Some rule engines are pure functions over text that has already been read
//! and parsed ([`sms`], [`snomed`], [`readability`]): they take the text and
//! where it sits in its file and return [`Diagnostic`]s (severity, rule
//! name, file, line and column, message, hint) or plain figures, and never
//! read files, print or exit. That keeps them unit-testable without a site
//! on disk. Values found in YAML are located with [`locate::TextLocator`], so
//! a finding inside a multi-line block scalar points at the right line of
//! the YAML file rather than at its key.

pub mod accessibility;
pub mod locate;
pub mod metadata;
pub mod readability;
pub mod report;
pub mod review;
pub mod security;
pub mod sms;
pub mod snomed;

use jiff::civil::Date;

use crate::config::RuleLevel;
use crate::diagnostic::{Diagnostic, Severity};
use crate::markdown::Rendered;
use crate::site::Site;

/// Every rule, with the site's severity overrides applied: [`site_rules`]
/// and [`page_rules`] of every page.
pub fn build_rules(site: &Site, markdown: &[Rendered], as_of: Date) -> Vec<Diagnostic> {
    let mut all = site_rules(site, as_of);
    for i in 0..site.pages.len() {
        all.extend(page_rules(site, markdown, i));
    }
    all
}

/// Rules that read front matter, site settings and data files, never a
/// page's body. An edit to a page's body alone cannot change what they find.
pub fn site_rules(site: &Site, as_of: Date) -> Vec<Diagnostic> {
    let mut all = Vec::new();
    all.extend(review::check(site, as_of));
    all.extend(metadata::check(site, &site.config.check));
    accessibility::check_site(site, &mut all);
    apply_levels(site, all)
}

/// Rules that read the body of the page at `index` (its Markdown and what
/// rendering found in it), and nothing of other pages. The preview server
/// re-runs only these, for the edited pages, after a body edit: a rule that
/// reads a page's text belongs here.
pub fn page_rules(site: &Site, markdown: &[Rendered], index: usize) -> Vec<Diagnostic> {
    let (p, r) = (&site.pages[index], &markdown[index]);
    let mut all = Vec::new();
    accessibility::check_page(p, r, &mut all);
    security::check_page(site, p, r, &mut all);
    apply_levels(site, all)
}

fn apply_levels(site: &Site, findings: Vec<Diagnostic>) -> Vec<Diagnostic> {
    findings
        .into_iter()
        .filter_map(|mut d| match site.config.check.rules.get(&d.rule) {
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
        })
        .collect()
}
