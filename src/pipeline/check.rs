//! `careguide check`: every rule, without writing anything. The outputs
//! are rendered like a build's, through the same plan, but only their
//! links are kept (see `check::output_links`).

use std::time::Duration;

use jiff::civil::Date;

use super::pages::{self, Sources};
use super::{CheckReport, sorted};
use crate::check::output_links::OutputLinks;
use crate::content::ids::PerPage;
use crate::diagnostic::Diagnostic;
use crate::markdown::Rendered;
use crate::render::jobs::Renderer;
use crate::render::plan::Plan;
use crate::rule::Rule;
use crate::site::{self, LoadOptions, Site};

/// How to run `careguide check`.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    pub drafts: bool,
    /// "Today" for review dates.
    pub as_of: Date,
    /// Request every external link, each with this timeout (`--external`);
    /// `None` uses no network at all.
    pub external: Option<Duration>,
    /// Also request addresses on this computer and private networks
    /// (`--external-allow-private`).
    pub external_allow_private: bool,
}

/// Run every rule without writing anything. Problems that stop the site
/// from loading, or two outputs at one path, are findings too (rule
/// `build`).
pub fn check(root: &std::path::Path, options: &CheckOptions) -> CheckReport {
    let loaded = site::load(
        root,
        &LoadOptions {
            drafts: options.drafts,
        },
    )
    .and_then(|site| Plan::new(&site).map(|plan| (site, plan)));
    let (mut site, plan) = match loaded {
        Ok(loaded) => loaded,
        Err(errors) => return not_loaded(errors),
    };
    // Sources are kept: the external links are collected from them below.
    let pass = pages::pass(&mut site, Sources::Keep);
    let mut findings: Vec<Diagnostic> = pass
        .link_errors
        .into_iter()
        .map(|d| d.rule(Rule::Links))
        .collect();
    findings.extend(crate::check::site_rules(&site, options.as_of));
    findings.extend(pass.findings.into_iter().flatten());
    // A page whose Markdown links are already reported would be reported
    // again from its output; its template links are still checked.
    let reported: std::collections::HashSet<String> =
        findings.iter().map(|d| d.file.clone()).collect();
    let plan = plan.with_atoz_letters(&site, &pass.markdown);
    findings.extend(
        rendered_links(&site, &pass.markdown, &plan, options.as_of)
            .into_iter()
            .filter(|d| d.line > 0 || !reported.contains(&d.file)),
    );
    let external = crate::check::external::collect(&site, &pass.markdown);
    if let Some(timeout) = options.external {
        let found =
            crate::check::external::check(&external, timeout, options.external_allow_private);
        findings.extend(crate::check::apply_levels(&site, found));
    }
    CheckReport {
        findings: sorted(findings),
        pages: site.pages.len(),
        forms: site.forms.len(),
        data_files: site.data.len(),
        external_links: external.into_iter().map(|l| l.url).collect(),
        external_checked: options.external.is_some(),
        reading: pass.reading,
    }
}

/// The report of a site that did not load (or plan): its errors, as
/// findings of the rule `build` where they have no rule of their own.
fn not_loaded(errors: Vec<Diagnostic>) -> CheckReport {
    CheckReport {
        findings: sorted(
            errors
                .into_iter()
                .map(|d| {
                    if d.rule.is_none() {
                        d.rule(Rule::Build)
                    } else {
                        d
                    }
                })
                .collect(),
        ),
        pages: 0,
        forms: 0,
        data_files: 0,
        external_links: Vec::new(),
        external_checked: false,
        reading: Vec::new(),
    }
}

/// Render every planned output in memory, keeping only their links, and
/// report the links of templates and data that go nowhere. A template
/// that does not render is a finding too.
fn rendered_links(
    site: &Site,
    markdown: &PerPage<Rendered>,
    plan: &Plan,
    as_of: Date,
) -> Vec<Diagnostic> {
    let tera = match crate::render::engine(site) {
        Ok(t) => t,
        Err(errors) => return errors.into_iter().map(|d| d.rule(Rule::Build)).collect(),
    };
    let renderer = Renderer {
        site,
        tera: &tera,
        markdown,
        as_of,
        today: as_of.to_string(),
        atoz: Default::default(),
    };
    let out_links = OutputLinks::new(site);
    let rendered = renderer.run(plan, |path, bytes| {
        out_links.record(&path, &bytes);
        Ok::<(), ()>(())
    });
    match rendered {
        Ok(_) => out_links
            .finish(site)
            .into_iter()
            .map(|d| d.rule(Rule::Links))
            .collect(),
        Err((errors, _)) => errors.into_iter().map(|d| d.rule(Rule::Build)).collect(),
    }
}
