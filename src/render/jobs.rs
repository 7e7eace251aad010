//! The list of outputs a build writes, and rendering each one. Rendering a
//! job is a pure function of the site model, so jobs run in parallel and the
//! preview server can re-run just the jobs an edit touched.

use std::collections::BTreeMap;

use rayon::prelude::*;
use tera::{Context, Tera};

use crate::diagnostic::Diagnostic;
use crate::markdown::Rendered;
use crate::render::{context, engine, feeds};
use crate::site::{Origin, Site};

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Job {
    /// A page of content/, by index into `site.pages`.
    Page(usize),
    /// A form's printable page, by index into `site.forms`.
    Form(usize),
    /// A form's FHIR Questionnaire.
    Questionnaire(usize),
    /// The CodeSystem of a form's own answer codes.
    CodeSystem(usize),
    FormsIndex,
    /// The A to Z index of pages, topics and forms, at `A_TO_Z_URL`.
    AtoZ,
    /// One letter's page of a split A to Z, by slot (see `render::atoz`).
    AtoZLetter(usize),
    /// The combined print view of a section, by index into `site.pages` of
    /// the section's own page (which sets `print_view: true`).
    SectionPrint(usize),
    NotFound,
    /// The search results page (`search/`), which the header's search box
    /// submits to; only in a build with a search index.
    Search,
    Sitemap,
    Robots,
    Feed,
    /// `review-schedule.csv`: pages by next review date, for authors; only
    /// when `review.schedule_csv` is set in site.yaml.
    ReviewSchedule,
    /// A file of static/, by its output path.
    Static(String),
    /// A non-Markdown file of content/, by index into `site.assets`.
    Asset(usize),
}

/// Where the A to Z index is published (site-relative).
pub const A_TO_Z_URL: &str = "a-z/";

/// Where the search results page is published (site-relative).
pub const SEARCH_PAGE_URL: &str = "search/";

/// The folder of the search index and its UI (site-relative).
pub const SEARCH_DIR: &str = "pagefind/";

/// Where the print view of the section at `section_url` is published.
pub fn print_url(section_url: &str) -> String {
    format!("{section_url}print/")
}

/// Every output of the site. The outputs built from the whole site (the A
/// to Z, print views, sitemap, feed) come first: each is one long job, and
/// started early they run beside the pages instead of after them.
pub fn plan(site: &Site, markdown: &[Rendered]) -> Vec<Job> {
    let mut jobs = atoz_jobs(site, markdown);
    jobs.extend(
        site.pages
            .iter()
            .enumerate()
            .filter(|(_, p)| p.is_index && p.meta.print_view)
            .map(|(i, _)| Job::SectionPrint(i)),
    );
    jobs.extend(listing_jobs(site));
    jobs.extend((0..site.pages.len()).map(Job::Page));
    for i in 0..site.forms.len() {
        jobs.push(Job::Form(i));
        jobs.push(Job::Questionnaire(i));
        if crate::forms::has_own_codes(&site.forms[i]) {
            jobs.push(Job::CodeSystem(i));
        }
    }
    if !site.forms.is_empty() {
        jobs.push(Job::FormsIndex);
    }
    jobs.extend([Job::NotFound, Job::Robots]);
    if cfg!(feature = "search") {
        jobs.push(Job::Search);
    }
    jobs.extend(site.statics.keys().cloned().map(Job::Static));
    jobs.extend((0..site.assets.len()).map(Job::Asset));
    jobs
}

/// The outputs that list every page by its front matter: the sitemap, the
/// feed and, when site.yaml asks for it, the review schedule (it names
/// source files, so it is not published by default).
pub fn listing_jobs(site: &Site) -> Vec<Job> {
    let mut jobs = vec![Job::Sitemap, Job::Feed];
    if site.config.review.schedule_csv {
        jobs.push(Job::ReviewSchedule);
    }
    jobs
}

/// The A to Z's outputs: its index, and a page per letter with entries
/// when it is split.
pub fn atoz_jobs(site: &Site, markdown: &[Rendered]) -> Vec<Job> {
    let counts = crate::render::atoz::counts(site, markdown);
    let mut jobs = vec![Job::AtoZ];
    if crate::render::atoz::is_split(&counts) {
        jobs.extend(
            (0..counts.len())
                .filter(|&s| counts[s] > 0)
                .map(Job::AtoZLetter),
        );
    }
    jobs
}

/// About what the default theme adds around a page's own HTML (header,
/// navigation, contents list, footer), to size the output buffer.
const THEME_BYTES: usize = 8 * 1024;

/// Rendered output: path inside the output folder → bytes.
pub type Files = BTreeMap<String, Vec<u8>>;

impl Job {
    /// The path inside the output folder this job writes.
    pub fn output_path(&self, site: &Site) -> String {
        match self {
            Job::Page(i) => format!("{}index.html", site.pages[*i].url),
            Job::Form(i) => format!("forms/{}/index.html", site.forms[*i].id),
            Job::Questionnaire(i) => format!("forms/{}/questionnaire.json", site.forms[*i].id),
            Job::CodeSystem(i) => format!("forms/{}/codesystem.json", site.forms[*i].id),
            Job::FormsIndex => "forms/index.html".into(),
            Job::NotFound => "404.html".into(),
            Job::Search => format!("{SEARCH_PAGE_URL}index.html"),
            Job::Sitemap => "sitemap.xml".into(),
            Job::Robots => "robots.txt".into(),
            Job::Feed => "feed.xml".into(),
            Job::ReviewSchedule => "review-schedule.csv".into(),
            Job::Static(path) => path.clone(),
            Job::Asset(i) => site.assets[*i].rel.clone(),
            Job::AtoZ => format!("{A_TO_Z_URL}index.html"),
            Job::AtoZLetter(slot) => {
                format!(
                    "{A_TO_Z_URL}{}/index.html",
                    crate::render::atoz::slot_slug(*slot)
                )
            }
            Job::SectionPrint(i) => format!("{}index.html", print_url(&site.pages[*i].url)),
        }
    }
}

/// Shared, read-only inputs of every job.
pub struct Renderer<'a> {
    pub site: &'a Site,
    pub tera: &'a Tera,
    pub markdown: &'a [Rendered],
    /// The `as_of` date of the build ("today" for review dates), and as text for templates.
    pub as_of: jiff::civil::Date,
    pub today: String,
    /// The A to Z's filing of every entry, made by the first A to Z job
    /// that needs it (see `atoz::Index`).
    pub atoz: std::sync::OnceLock<crate::render::atoz::Index>,
}

impl Renderer<'_> {
    pub fn atoz_index(&self) -> &crate::render::atoz::Index {
        self.atoz
            .get_or_init(|| crate::render::atoz::Index::new(self.site, self.markdown))
    }

    pub fn render_all(&self, jobs: &[Job]) -> Result<Files, Vec<Diagnostic>> {
        let results: Vec<Result<(String, Vec<u8>), Diagnostic>> =
            jobs.par_iter().map(|j| self.render(j)).collect();
        let mut files = Files::new();
        let mut errors = Vec::new();
        for (job, r) in jobs.iter().zip(results) {
            match r {
                // Two outputs at one path would silently lose one of them
                // (an asset named like a generated file, say).
                Ok((path, _)) if files.contains_key(&path) => errors.push(
                    Diagnostic::error(self.source_of(job), format!("two outputs would both be written to /{path}"))
                        .hint("rename or move this file; careguide makes that path for another page or file"),
                ),
                Ok((path, bytes)) => {
                    files.insert(path, bytes);
                }
                Err(d) => errors.push(d),
            }
        }
        if errors.is_empty() {
            Ok(files)
        } else {
            Err(collapse(errors))
        }
    }

    /// Render `jobs` in parallel and hand each output to `sink` as soon as it
    /// is made, without keeping them: a build of any size holds only the
    /// outputs being written at that moment. When two jobs name the same
    /// path, the later one wins, as in [`Renderer::render_all`]. Returns the
    /// number of files handed over, or the render errors (collapsed as in
    /// `render_all`) and the first error of `sink`.
    pub fn render_each<E: Send>(
        &self,
        jobs: &[Job],
        sink: impl Fn(&str, &[u8]) -> Result<(), E> + Sync,
    ) -> Result<usize, (Vec<Diagnostic>, Option<E>)> {
        let mut last: std::collections::HashMap<String, usize> =
            std::collections::HashMap::with_capacity(jobs.len());
        for (i, j) in jobs.iter().enumerate() {
            last.insert(j.output_path(self.site), i);
        }
        let mut keep: Vec<usize> = last.into_values().collect();
        keep.sort_unstable();
        let failed = std::sync::Mutex::new(None);
        let results: Vec<Diagnostic> = keep
            .par_iter()
            .filter_map(|&i| match self.render(&jobs[i]) {
                Ok((path, bytes)) => {
                    if let Err(e) = sink(&path, &bytes) {
                        let mut f = failed.lock().unwrap_or_else(|p| p.into_inner());
                        if f.is_none() {
                            *f = Some(e);
                        }
                    }
                    None
                }
                Err(d) => Some(d),
            })
            .collect();
        let failed = failed.into_inner().unwrap_or_else(|p| p.into_inner());
        if results.is_empty() && failed.is_none() {
            Ok(keep.len())
        } else {
            Err((collapse(results), failed))
        }
    }

    pub fn render(&self, job: &Job) -> Result<(String, Vec<u8>), Diagnostic> {
        let site = self.site;
        match job {
            Job::Page(i) => {
                let page = &site.pages[*i];
                let template = match &page.meta.template {
                    Some(t) => t.clone(),
                    None if page.url.is_empty() && site.templates.contains_key("home.html") => {
                        "home.html".into()
                    }
                    None if page.is_index => "section.html".into(),
                    None => "page.html".into(),
                };
                if !site.templates.contains_key(&template) {
                    let mut d = Diagnostic::error(
                        &page.file,
                        format!("template `{template}` does not exist"),
                    );
                    if page.meta.template_line > 0 {
                        d = d
                            .at(&page.text, page.meta.template_line, 11)
                            .width(template.chars().count());
                    }
                    let names: Vec<&str> = site.templates.keys().map(|k| k.as_str()).collect();
                    return Err(
                        d.hint(match crate::diagnostic::did_you_mean(&template, &names) {
                            Some(best) => format!("did you mean `{best}`?"),
                            None => {
                                "add it to templates/, or remove `template:` to use the default"
                                    .into()
                            }
                        }),
                    );
                }
                let rendered = &self.markdown[*i];
                let view = context::page_view(site, page, rendered);
                let mut ctx = self.base_context(&page.url);
                ctx.insert("page", &view);
                // Rendered straight into a buffer the size of the page's
                // HTML plus room for the theme around it: the page is
                // written out as bytes, and growing the buffer from empty
                // would copy it several times.
                let mut html = Vec::with_capacity(rendered.html.len() + THEME_BYTES);
                self.tera
                    .render_to(&template, &ctx, &mut html)
                    .map_err(|e| engine::to_diagnostic(&e, &site.templates, Some(&page.file)))?;
                Ok((format!("{}index.html", page.url), html))
            }
            Job::Form(i) => crate::render::forms::page(self, *i),
            Job::Questionnaire(i) => crate::render::forms::questionnaire(self, *i),
            Job::CodeSystem(i) => crate::render::forms::codesystem(self, *i),
            Job::FormsIndex => crate::render::forms::index(self),
            Job::AtoZ => crate::render::atoz::page(self),
            Job::AtoZLetter(slot) => crate::render::atoz::letter_page(self, *slot),
            Job::SectionPrint(i) => crate::render::print::section(self, *i),
            Job::NotFound => {
                // The 404 page is served at any depth, so its links start
                // from the site's base path rather than a relative root.
                let mut ctx = self.base_context("");
                ctx.insert("root", &site.config.base_path());
                let html = self
                    .tera
                    .render("404.html", &ctx)
                    .map_err(|e| engine::to_diagnostic(&e, &site.templates, None))?;
                Ok(("404.html".into(), html.into_bytes()))
            }
            Job::Search => {
                let ctx = self.base_context(SEARCH_PAGE_URL);
                let html = self
                    .tera
                    .render("search.html", &ctx)
                    .map_err(|e| engine::to_diagnostic(&e, &site.templates, None))?;
                Ok((self.job_path(job), html.into_bytes()))
            }
            Job::Sitemap => {
                let mut others = Vec::new();
                if !site.forms.is_empty() {
                    others.push("forms/".to_string());
                }
                for j in atoz_jobs(site, self.markdown) {
                    let path = j.output_path(site);
                    others.push(path.trim_end_matches("index.html").to_string());
                }
                Ok((
                    "sitemap.xml".into(),
                    feeds::sitemap(site, &others).into_bytes(),
                ))
            }
            Job::Robots => Ok(("robots.txt".into(), feeds::robots(site).into_bytes())),
            Job::Feed => Ok(("feed.xml".into(), feeds::atom(site).into_bytes())),
            Job::ReviewSchedule => Ok((
                "review-schedule.csv".into(),
                feeds::review_schedule(site, self.as_of).into_bytes(),
            )),
            Job::Static(path) => {
                let bytes = match &site.statics[path] {
                    Origin::Embedded(b) => b.to_vec(),
                    Origin::File(f) => std::fs::read(f).map_err(|e| {
                        Diagnostic::error(path, format!("cannot read this file: {e}"))
                    })?,
                };
                Ok((path.clone(), bytes))
            }
            Job::Asset(i) => {
                let a = &site.assets[*i];
                let bytes = std::fs::read(&a.path).map_err(|e| {
                    Diagnostic::error(
                        format!("content/{}", a.rel),
                        format!("cannot read this file: {e}"),
                    )
                })?;
                Ok((a.rel.clone(), bytes))
            }
        }
    }

    fn job_path(&self, job: &Job) -> String {
        job.output_path(self.site)
    }

    /// The source file behind a job, for errors about its output.
    fn source_of(&self, job: &Job) -> String {
        let site = self.site;
        match job {
            Job::Page(i) | Job::SectionPrint(i) => site.pages[*i].file.clone(),
            Job::Form(i) | Job::Questionnaire(i) | Job::CodeSystem(i) => {
                format!("forms/{}.yaml", site.forms[*i].id)
            }
            Job::Static(path) => path.clone(),
            Job::Asset(i) => format!("content/{}", site.assets[*i].rel),
            Job::FormsIndex
            | Job::AtoZ
            | Job::AtoZLetter(_)
            | Job::NotFound
            | Job::Search
            | Job::Sitemap
            | Job::Robots
            | Job::Feed
            | Job::ReviewSchedule => "(generated)".into(),
        }
    }

    /// Variables every template gets: `root`, `nav`, `today`. `site` and
    /// `data` are in Tera's global context (set once per build).
    pub fn base_context(&self, url: &str) -> Context {
        let mut ctx = Context::new();
        ctx.insert("root", &context::root_for(url));
        ctx.insert("current_url", url);
        ctx.insert("today", &self.today);
        ctx
    }
}

/// A broken shared template fails every page the same way: report it once,
/// saying how many pages it affects.
fn collapse(errors: Vec<Diagnostic>) -> Vec<Diagnostic> {
    // A template error's problem, without the page and the causes; any
    // other error's whole message.
    let problem = |d: &Diagnostic| {
        d.template
            .as_ref()
            .map_or_else(|| d.message.clone(), |t| t.problem.clone())
    };
    let names_page = |d: &Diagnostic| d.template.as_ref().is_some_and(|t| t.page.is_some());
    let mut out: Vec<(Diagnostic, usize)> = Vec::new();
    for d in errors {
        if let Some((o, n)) = out.iter_mut().find(|(o, _)| {
            o.file == d.file
                && o.line == d.line
                && o.column == d.column
                && o.template.is_some() == d.template.is_some()
                && problem(o) == problem(&d)
        }) {
            *n += 1;
            // Name a page where one is named: the site-wide outputs (the A
            // to Z, the sitemap) render first but say less.
            if !names_page(o) && names_page(&d) {
                *o = d;
            }
        } else {
            out.push((d, 0));
        }
    }
    out.into_iter()
        .map(|(mut d, n)| {
            d.edit_template(|t| t.other_pages = n);
            d
        })
        .collect()
}
