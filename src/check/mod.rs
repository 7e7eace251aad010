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

/// Every rule, with the site's severity overrides applied.
pub fn build_rules(site: &Site, markdown: &[Rendered], as_of: Date) -> Vec<Diagnostic> {
    let mut all = Vec::new();
    all.extend(review::check(site, as_of));
    all.extend(metadata::check(site, &site.config.check));
    all.extend(accessibility::check(site, markdown));
    all.extend(security::check(site, markdown));
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
