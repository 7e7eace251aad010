//! A whole build, in the order data flows: load → render → check → write.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use jiff::civil::Date;
use rayon::prelude::*;

use crate::check::PageOutcome;
use crate::check::output_links::OutputLinks;
use crate::diagnostic::{self, Diagnostic};
use crate::markdown::{LinkContext, Rendered};
use crate::render::jobs::{self, Files, Renderer};
use crate::render::{self, LinkTargets, PageLinks};
use crate::rule::Rule;
use crate::site::{self, LoadOptions, Site};

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
    pub markdown: Vec<Rendered>,
    pub tera: tera::Tera,
    pub files: Files,
    /// Problems that do not fail the build.
    pub warnings: Vec<Diagnostic>,
    /// Those of `warnings` found on the rendered output (a built-in
    /// template's link to a page the site lacks): the preview session keeps
    /// them across edits that cannot change them.
    pub output_warnings: Vec<Diagnostic>,
    /// The search index, when this build made one (the `search` feature).
    pub search: Option<SearchStats>,
}

/// What the search indexer did (see `crate::search`), for the build
/// summary and benchmarks.
#[derive(Debug, Clone, Default)]
pub struct SearchStats {
    /// HTML pages indexed (those marked `data-pagefind-body`).
    pub pages: usize,
    /// Files written under `pagefind/`, and their size in bytes.
    pub files: usize,
    pub bytes: usize,
    /// Bytes of the index proper: `.pf_meta`, `.pf_index`, `.pf_filter` and
    /// `.pf_fragment` files (not the UI, JavaScript or WebAssembly).
    pub index_bytes: usize,
    /// About the wall time indexing added to the build: reading pages
    /// (spread over the rendering threads) and building the index files.
    pub elapsed: Duration,
    /// Time spent reading pages into pagefind (parsing, splitting and
    /// stemming words), summed over the rendering threads that did it.
    pub reading: Duration,
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
        built.search = search_index(&mut built.files).map_err(|d| vec![d])?;
    }
    Ok(built)
}

/// Render a loaded site, without the search index: indexing takes as long
/// as rendering, and the preview session re-renders on every edit (its
/// search box simply stays hidden, as the index is missing).
pub fn render_site(site: Site, as_of: Date) -> Result<Built, Vec<Diagnostic>> {
    let (prepared, mut errors) = prepare(site, as_of, Sources::Keep)?;
    let mut files = match prepared
        .renderer(as_of)
        .render_all(&jobs::plan(&prepared.site, &prepared.markdown))
    {
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
        site: prepared.site,
        markdown: prepared.markdown,
        tera: prepared.tera,
        files,
        warnings: if link_warnings.is_empty() {
            prepared.warnings
        } else {
            sorted([prepared.warnings, link_warnings.clone()].concat())
        },
        output_warnings: link_warnings,
        search: None,
    })
}

/// Everything a build needs before its outputs are rendered.
struct Prepared {
    site: Site,
    markdown: Vec<crate::markdown::Rendered>,
    tera: tera::Tera,
    warnings: Vec<Diagnostic>,
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

/// What to do with each page's Markdown source once it is rendered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sources {
    /// Keep it: the preview server re-renders pages after edits, and
    /// `careguide check` collects external links from the text.
    Keep,
    /// Free it, but for pages a print view renders again: nothing else
    /// reads it after [`pages_pass`].
    Free,
}

/// Markdown, links, rules and the template engine. Errors found so far come
/// back beside the result while the engine could be built, so that render
/// errors can still be reported with them; without an engine, they are the
/// error.
fn prepare(
    mut site: Site,
    as_of: Date,
    sources: Sources,
) -> Result<(Prepared, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let pass = pages_pass(&mut site, sources);
    errors.extend(pass.link_errors);
    let mut findings = crate::check::site_rules(&site, as_of);
    findings.extend(pass.findings);
    let markdown = pass.markdown;
    let (errs, warnings): (Vec<_>, Vec<_>) = findings.into_iter().partition(Diagnostic::is_error);
    errors.extend(errs);
    match crate::render::engine(&site) {
        Ok(tera) => Ok((
            Prepared {
                site,
                markdown,
                tera,
                warnings: sorted(warnings),
            },
            errors,
        )),
        Err(e) => {
            errors.extend(e);
            Err(sorted(errors))
        }
    }
}

/// `careguide build`: render, and only if everything succeeded, write.
/// Outputs go to the staging folder as they are rendered, so memory holds
/// the model and the Markdown, never the whole rendered site.
pub fn build(options: &BuildOptions) -> Result<Report, Vec<Diagnostic>> {
    let start = Instant::now();
    crate::output::check_out_dir(&options.root, &options.out).map_err(|d| vec![d])?;
    let mut site = site::load(
        &options.root,
        &LoadOptions {
            drafts: options.drafts,
        },
    )
    .map_err(sorted)?;
    if let Some(url) = &options.base_url {
        site.config.base_url = url.clone();
    }
    site.config.search &= options.search;
    let search_on = site.config.search;
    let (prepared, mut errors) = prepare(site, options.as_of, Sources::Free)?;
    let renderer = prepared.renderer(options.as_of);
    let jobs = jobs::plan(&prepared.site, &prepared.markdown);
    if !errors.is_empty() {
        // Nothing will be written; render only to report every error together.
        if let Err(e) = renderer.render_all(&jobs) {
            errors.extend(e);
        }
        return Err(sorted(errors));
    }
    let cannot_write =
        |e: std::io::Error| vec![crate::output::WriteError::from(e).diagnostic(&options.out)];
    // Pages are read into the search index as they are rendered (see
    // `crate::search`).
    let indexer = match search_on {
        true => crate::search::Indexer::start().map_err(|d| vec![d])?,
        false => None,
    };
    let out_links = OutputLinks::new(&prepared.site);
    let written = crate::output::write_with(&options.out, |staging| {
        let n = renderer.render_each(&jobs, |path, bytes| {
            out_links.record(path, bytes);
            if let Some(indexer) = &indexer {
                indexer.add(path, bytes);
            }
            if options.offline && path.ends_with(".html") {
                let html = String::from_utf8_lossy(bytes);
                return staging.write(path, render::offline::rewrite_html(&html).as_bytes());
            }
            staging.write(path, bytes)
        })?;
        let mut extra = 0;
        if options.offline && search_on {
            let index = render::offline::search_index(&prepared.site, &prepared.markdown);
            staging
                .write(render::offline::INDEX_PATH, index.as_bytes())
                .map_err(|e| (Vec::new(), Some(e)))?;
            extra += 1;
        }
        let (index, stats) = match indexer {
            Some(indexer) => {
                let (files, stats) = indexer.finish().map_err(|d| (vec![d], None))?;
                (files, Some(stats))
            }
            None => (Files::new(), None),
        };
        for (path, bytes) in &index {
            out_links.record(path, bytes);
            staging
                .write(path, bytes)
                .map_err(|e| (Vec::new(), Some(e)))?;
        }
        // Links written by templates and data, checked on the output; a
        // broken one fails the build like a broken link in Markdown.
        let (broken, link_warnings): (Vec<_>, Vec<_>) = out_links
            .finish(&prepared.site)
            .into_iter()
            .partition(Diagnostic::is_error);
        if !broken.is_empty() {
            return Err((broken, None));
        }
        Ok((n + index.len() + extra, stats, link_warnings))
    })
    .map_err(|e| vec![e.diagnostic(&options.out)])?;
    let (written, leftover) = written;
    let (files, search, link_warnings) = match written {
        Ok((n, stats, warnings)) => (n + 1, stats, warnings), // and the marker
        Err((render_errors, io_error)) => {
            if let Some(e) = io_error {
                return Err(cannot_write(e));
            }
            return Err(sorted(render_errors));
        }
    };
    Ok(Report {
        pages: prepared.site.pages.len(),
        forms: prepared.site.forms.len(),
        files,
        warnings: sorted(
            [
                prepared.warnings,
                link_warnings,
                leftover.0.into_iter().collect(),
            ]
            .concat(),
        ),
        elapsed: start.elapsed(),
        search,
    })
}

/// Every page's Markdown, its located link errors and its page rules
/// (`check::page_outcome`).
struct PagesPass {
    markdown: Vec<Rendered>,
    link_errors: Vec<Diagnostic>,
    findings: Vec<Diagnostic>,
    /// Reading grades of the patient pages, in page order.
    reading: Vec<crate::check::reading_age::PageReading>,
}

/// Render every page's Markdown in parallel and, while its text is at hand,
/// locate its links and run its page rules. With [`Sources::Free`] the
/// page's body is then freed: a build never holds every page's source and
/// every page's HTML at once, which on a large site is most of its memory.
/// Links to other pages' headings are checked at the end, once every
/// page's headings are known.
fn pages_pass(site: &mut Site, sources: Sources) -> PagesPass {
    let targets = LinkTargets::new(site);
    let printed: Vec<String> = site
        .pages
        .iter()
        .filter(|p| p.is_index && p.meta.print_view)
        .map(|p| p.url.clone())
        .collect();
    // Borrowed field by field: the pages change (their bodies are freed)
    // while the settings and drafts are read.
    let Site {
        pages,
        drafts,
        config,
        ..
    } = site;
    let ctx = LinkContext {
        pages: &targets.pages,
        drafts,
        files: &targets.files,
        components: Some(&targets.components),
    };
    let done: Vec<(Rendered, PageLinks, PageOutcome)> = pages
        .par_iter_mut()
        .map(|page| {
            let rendered = render::page_markdown(config, &ctx, page);
            let links = render::locate_links(page, &rendered);
            let findings = crate::check::page_outcome(config, page, &rendered);
            if sources == Sources::Free
                && !printed.iter().any(|url| page.url.starts_with(url.as_str()))
            {
                page.release_body();
            }
            (rendered, links, findings)
        })
        .collect();
    let mut pass = PagesPass {
        markdown: Vec::with_capacity(done.len()),
        link_errors: Vec::new(),
        findings: Vec::new(),
        reading: Vec::new(),
    };
    let mut anchors = Vec::new();
    for (rendered, links, outcome) in done {
        pass.markdown.push(rendered);
        pass.link_errors.extend(links.broken);
        anchors.extend(links.anchors);
        pass.findings.extend(outcome.findings);
        pass.reading.extend(outcome.reading);
    }
    pass.link_errors
        .extend(render::anchor_errors(site, &pass.markdown, anchors));
    pass
}

/// Index the rendered pages in `files` and add the index to them.
fn search_index(files: &mut Files) -> Result<Option<SearchStats>, Diagnostic> {
    if !cfg!(feature = "search") {
        return Ok(None);
    }
    let pages: Vec<(String, String)> = files
        .iter()
        .filter(|(path, bytes)| crate::search::wants(path, bytes))
        .map(|(path, bytes)| (path.clone(), String::from_utf8_lossy(bytes).into_owned()))
        .collect();
    let (index, stats) = crate::search::index(pages)?;
    files.extend(index);
    Ok(Some(stats))
}

fn sorted(mut d: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diagnostic::sort(&mut d);
    d.dedup();
    d
}

/// `careguide check`: render every output in memory, keeping only their
/// links, and report the links of templates and data that go nowhere (see
/// `check::output_links`). A template that does not render is a finding too.
fn rendered_links(site: &Site, markdown: &[Rendered], as_of: Date) -> Vec<Diagnostic> {
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
    let rendered = renderer.render_each(&jobs::plan(site, markdown), |path, bytes| {
        out_links.record(path, bytes);
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

/// What `careguide check` found.
#[derive(Debug)]
pub struct CheckReport {
    pub findings: Vec<Diagnostic>,
    pub pages: usize,
    pub forms: usize,
    pub data_files: usize,
    /// External links, for authors to review (no network is used by default).
    pub external_links: Vec<String>,
    /// Whether the external links were requested (`--external`).
    pub external_checked: bool,
    /// Reading grades of the patient pages.
    pub reading: Vec<crate::check::reading_age::PageReading>,
}

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
/// from loading are findings too (rule `build`).
pub fn check(root: &std::path::Path, options: &CheckOptions) -> CheckReport {
    let mut site = match site::load(
        root,
        &LoadOptions {
            drafts: options.drafts,
        },
    ) {
        Ok(s) => s,
        Err(errors) => {
            return CheckReport {
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
            };
        }
    };
    // Sources are kept: the external links are collected from them below.
    let pass = pages_pass(&mut site, Sources::Keep);
    let mut findings: Vec<Diagnostic> = pass
        .link_errors
        .into_iter()
        .map(|d| d.rule(Rule::Links))
        .collect();
    findings.extend(crate::check::site_rules(&site, options.as_of));
    findings.extend(pass.findings);
    // A page whose Markdown links are already reported would be reported
    // again from its output; its template links are still checked.
    let reported: std::collections::HashSet<String> =
        findings.iter().map(|d| d.file.clone()).collect();
    findings.extend(
        rendered_links(&site, &pass.markdown, options.as_of)
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
