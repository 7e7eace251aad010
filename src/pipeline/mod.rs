//! A whole build, in the order data flows: load → plan → render → check →
//! write. `build` (`build.rs`), `check` (`check.rs`) and the preview
//! ([`render_site`]) all load the site, plan its outputs
//! ([`Plan`](crate::render::plan::Plan)), run the page pass (`pages.rs`)
//! and render the plan with one [`Renderer::run`]; they differ only in
//! where the outputs go (the staging folder, memory, or a link checker).

mod build;
mod check;
mod index;
mod pages;

use std::path::PathBuf;
use std::time::Duration;

use jiff::civil::Date;

use crate::check::output_links::OutputLinks;
use crate::content::ids::PerPage;
use crate::diagnostic::{self, Diagnostic};
use crate::markdown::Rendered;
use crate::render::jobs::Renderer;
use crate::render::plan::Plan;
use crate::site::{self, LoadOptions, Site};
use crate::urls::Files;

pub use crate::check::report::CheckReport;
pub use crate::search::SearchStats;
pub use build::build;
pub use check::{CheckOptions, check};

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub out: PathBuf,
    pub drafts: bool,
    /// "Today" for review dates; fixed by `--as-of` for reproducible results.
    pub as_of: Date,
    /// Write a copy that works opened from disk (`render::offline`): links
    /// name `index.html` files and a search index ships as a script.
    pub offline: bool,
    /// Publish for this address instead of site.yaml's `base_url`
    /// (`--base-url`; already checked and ending in `/`).
    pub base_url: Option<String>,
    /// Build the search index (`--no-search` turns it off for this build;
    /// `search: false` in site.yaml for every build).
    pub search: bool,
}

/// A site rendered in memory, not yet written.
#[derive(Debug)]
pub struct Built {
    pub site: Site,
    pub markdown: PerPage<Rendered>,
    pub tera: tera::Tera,
    /// Every output, planned before rendering.
    pub plan: Plan,
    pub files: Files,
    /// Problems that do not fail the build.
    pub warnings: Vec<Diagnostic>,
    /// What the site-wide rules found, and each page's rules by page: the
    /// preview session keeps them and re-runs only the rules an edit can
    /// change.
    pub site_findings: Vec<Diagnostic>,
    pub page_findings: PerPage<Vec<Diagnostic>>,
    /// Those of `warnings` found on the rendered output (a built-in
    /// template's link to a page the site lacks): the preview session keeps
    /// them across edits that cannot change them.
    pub output_warnings: Vec<Diagnostic>,
    /// The search index, when this build made one (the `search` feature).
    pub search: Option<SearchStats>,
}

#[derive(Debug)]
pub struct Report {
    pub pages: usize,
    pub forms: usize,
    pub files: usize,
    pub warnings: Vec<Diagnostic>,
    pub elapsed: Duration,
    pub search: Option<SearchStats>,
}

/// Load and render a site in memory. Errors of every stage that could run
/// are returned together, sorted by file and position.
/// With the `search` feature, the search index is built too.
pub fn render(root: &std::path::Path, drafts: bool, as_of: Date) -> Result<Built, Vec<Diagnostic>> {
    let site = site::load(root, &LoadOptions { drafts }).map_err(sorted)?;
    let mut built = render_site(site, as_of)?;
    if built.site.config.search {
        built.search = index::add_to(&mut built.files).map_err(|d| vec![d])?;
    }
    Ok(built)
}

/// Render a loaded site, without the search index: indexing takes as long
/// as rendering, and the preview session re-renders on every edit (its
/// search box simply stays hidden, as the index is missing).
pub fn render_site(site: Site, as_of: Date) -> Result<Built, Vec<Diagnostic>> {
    let plan = Plan::new(&site).map_err(sorted)?;
    let (prepared, mut errors) = prepare(site, plan, as_of, pages::Sources::Keep)?;
    let mut files = match prepared.renderer(as_of).run_in_memory(&prepared.plan) {
        Ok(f) => f,
        Err(e) => {
            errors.extend(e);
            Files::new()
        }
    };
    let mut link_warnings = Vec::new();
    if errors.is_empty() {
        let out_links = OutputLinks::new(&prepared.site);
        for (path, bytes) in &files {
            out_links.record(path, bytes);
        }
        let (errs, warns): (Vec<_>, Vec<_>) = out_links
            .finish(&prepared.site)
            .into_iter()
            .partition(Diagnostic::is_error);
        errors.extend(errs);
        link_warnings = warns;
    }
    if !errors.is_empty() {
        return Err(sorted(errors));
    }
    files.insert(
        crate::output::MARKER.into(),
        b"careguide build output\n".to_vec(),
    );
    Ok(Built {
        warnings: if link_warnings.is_empty() {
            prepared.warnings
        } else {
            sorted([prepared.warnings, link_warnings.clone()].concat())
        },
        site: prepared.site,
        markdown: prepared.markdown,
        tera: prepared.tera,
        plan: prepared.plan,
        files,
        site_findings: prepared.site_findings,
        page_findings: prepared.page_findings,
        output_warnings: link_warnings,
        search: None,
    })
}

/// Everything a build needs before its outputs are rendered.
struct Prepared {
    site: Site,
    markdown: PerPage<Rendered>,
    tera: tera::Tera,
    /// The plan, with the A to Z's letter pages now that headings are known.
    plan: Plan,
    warnings: Vec<Diagnostic>,
    site_findings: Vec<Diagnostic>,
    page_findings: PerPage<Vec<Diagnostic>>,
}

impl Prepared {
    fn renderer(&self, as_of: Date) -> Renderer<'_> {
        Renderer {
            site: &self.site,
            tera: &self.tera,
            markdown: &self.markdown,
            as_of,
            today: as_of.to_string(),
            atoz: Default::default(),
        }
    }
}

/// Markdown, links, rules and the template engine. Errors found so far come
/// back beside the result while the engine could be built, so that render
/// errors can still be reported with them; without an engine, they are the
/// error.
fn prepare(
    mut site: Site,
    plan: Plan,
    as_of: Date,
    sources: pages::Sources,
) -> Result<(Prepared, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let pass = pages::pass(&mut site, sources);
    errors.extend(pass.link_errors);
    let site_findings = crate::check::site_rules(&site, as_of);
    let (errs, warnings): (Vec<_>, Vec<_>) = site_findings
        .iter()
        .chain(pass.findings.iter().flatten())
        .cloned()
        .partition(Diagnostic::is_error);
    errors.extend(errs);
    let plan = plan.with_atoz_letters(&site, &pass.markdown);
    match crate::render::engine(&site) {
        Ok(tera) => Ok((
            Prepared {
                site,
                markdown: pass.markdown,
                tera,
                plan,
                warnings: sorted(warnings),
                site_findings,
                page_findings: pass.findings,
            },
            errors,
        )),
        Err(e) => {
            errors.extend(e);
            Err(sorted(errors))
        }
    }
}

fn sorted(mut d: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diagnostic::sort(&mut d);
    d.dedup();
    d
}
