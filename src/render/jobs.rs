//! The list of outputs a build writes, and rendering each one. Rendering a
//! job is a pure function of the site model, so jobs run in parallel and the
//! preview server can re-run just the jobs an edit touched.

use rayon::prelude::*;
use tera::{Context, Tera};

use crate::content::ids::{PageId, PerPage};
use crate::content::page::Page;
use crate::diagnostic::Diagnostic;
use crate::markdown::Rendered;
use crate::render::{context, engine, feeds};
use crate::site::{Origin, Site};

use crate::render::plan::{Job, Plan, atoz_jobs};
/// Kept here for the modules that render with a [`Renderer`] and name it.
pub use crate::urls::A_TO_Z_URL;
use crate::urls::{Files, SEARCH_PAGE_URL};

/// About what the default theme adds around a page's own HTML (header,
/// navigation, contents list, footer), to size the output buffer.
const THEME_BYTES: usize = 8 * 1024;

/// Shared, read-only inputs of every job.
pub struct Renderer<'a> {
    pub site: &'a Site,
    pub tera: &'a Tera,
    pub markdown: &'a PerPage<Rendered>,
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

    /// Render every output of `plan` in parallel and hand each to `sink`
    /// as soon as it is made: a build writes it to disk and keeps nothing
    /// (memory holds the model and the Markdown, not the rendered site),
    /// the preview and `check` keep or read it in memory. The plan has
    /// already made sure no two outputs share a path. Returns the number of
    /// outputs, or the render errors (a broken shared template reported
    /// once, see [`collapse`]) and the first error of `sink`.
    pub fn run<E: Send>(
        &self,
        plan: &Plan,
        sink: impl Fn(String, Vec<u8>) -> Result<(), E> + Sync,
    ) -> Result<usize, (Vec<Diagnostic>, Option<E>)> {
        let failed = std::sync::Mutex::new(None);
        let jobs = plan.jobs();
        let errors: Vec<Diagnostic> = jobs
            .par_iter()
            .filter_map(|job| match self.render(job) {
                Ok((path, bytes)) => {
                    if let Err(e) = sink(path, bytes) {
                        let mut f = failed.lock().unwrap_or_else(|p| p.into_inner());
                        f.get_or_insert(e);
                    }
                    None
                }
                Err(d) => Some(d),
            })
            .collect();
        let failed = failed.into_inner().unwrap_or_else(|p| p.into_inner());
        if errors.is_empty() && failed.is_none() {
            Ok(jobs.len())
        } else {
            Err((collapse(errors), failed))
        }
    }

    /// [`Renderer::run`] into memory: every output of `plan`, by path.
    pub fn run_in_memory(&self, plan: &Plan) -> Result<Files, Vec<Diagnostic>> {
        let files = std::sync::Mutex::new(Files::new());
        self.run(plan, |path, bytes| {
            files
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .insert(path, bytes);
            Ok::<(), ()>(())
        })
        .map_err(|(errors, _)| errors)?;
        Ok(files.into_inner().unwrap_or_else(|p| p.into_inner()))
    }

    /// Render one planned output: its path and bytes.
    pub fn render(&self, job: &Job) -> Result<(String, Vec<u8>), Diagnostic> {
        let site = self.site;
        match job {
            Job::Page(i) => self.page(*i),
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
                self.template_page("404.html", &ctx, job)
            }
            Job::Search => {
                self.template_page("search.html", &self.base_context(SEARCH_PAGE_URL), job)
            }
            Job::Sitemap => Ok(("sitemap.xml".into(), self.sitemap().into_bytes())),
            Job::Robots => Ok(("robots.txt".into(), feeds::robots(site).into_bytes())),
            Job::Feed => Ok(("feed.xml".into(), feeds::atom(site).into_bytes())),
            Job::ReviewSchedule => Ok((
                "review-schedule.csv".into(),
                feeds::review_schedule(site, self.as_of).into_bytes(),
            )),
            Job::Static(path) => {
                let bytes = match &site.statics[path] {
                    Origin::Embedded(b) => b.to_vec(),
                    Origin::File(f) => read(f, path)?,
                };
                Ok((path.clone(), bytes))
            }
            Job::Asset(i) => {
                let a = &site.assets[*i];
                Ok((a.rel.clone(), read(&a.path, &format!("content/{}", a.rel))?))
            }
        }
    }

    /// A page of content/ in its template.
    fn page(&self, id: PageId) -> Result<(String, Vec<u8>), Diagnostic> {
        let site = self.site;
        let page = &site.pages[id];
        let template = self.template_of(page)?;
        let rendered = &self.markdown[id];
        let view = context::page_view(site, page, rendered);
        let mut ctx = self.base_context(&page.url);
        ctx.insert("page", &view);
        // Rendered straight into a buffer the size of the page's HTML plus
        // room for the theme around it: the page is written out as bytes,
        // and growing the buffer from empty would copy it several times.
        let mut html = Vec::with_capacity(rendered.html.len() + THEME_BYTES);
        self.tera
            .render_to(&template, &ctx, &mut html)
            .map_err(|e| engine::to_diagnostic(&e, &site.templates, Some(&page.file)))?;
        Ok((format!("{}index.html", page.url), html))
    }

    /// The template a page is rendered with: its `template:`, else the
    /// home, section or page template. One that does not exist is an error
    /// at the `template:` line, with the nearest name.
    fn template_of(&self, page: &Page) -> Result<String, Diagnostic> {
        let site = self.site;
        let template = match &page.meta.template {
            Some(t) => t.clone(),
            None if page.url.is_empty() && site.templates.contains_key("home.html") => {
                "home.html".into()
            }
            None if page.is_index => "section.html".into(),
            None => "page.html".into(),
        };
        if site.templates.contains_key(&template) {
            return Ok(template);
        }
        let mut d = Diagnostic::error(&page.file, format!("template `{template}` does not exist"));
        if page.meta.template_line > 0 {
            d = d
                .at(&page.text, page.meta.template_line, 11)
                .width(template.chars().count());
        }
        let names: Vec<&str> = site.templates.keys().map(|k| k.as_str()).collect();
        Err(
            d.hint(match crate::diagnostic::did_you_mean(&template, &names) {
                Some(best) => format!("did you mean `{best}`?"),
                None => "add it to templates/, or remove `template:` to use the default".into(),
            }),
        )
    }

    /// A page made by a template alone (the 404 page, the search page).
    fn template_page(
        &self,
        template: &str,
        ctx: &Context,
        job: &Job,
    ) -> Result<(String, Vec<u8>), Diagnostic> {
        let html = self
            .tera
            .render(template, ctx)
            .map_err(|e| engine::to_diagnostic(&e, &self.site.templates, None))?;
        Ok((job.output_path(self.site), html.into_bytes()))
    }

    /// The sitemap: every page, and the pages careguide makes that a
    /// reader may look for (the forms, the A to Z and its letters).
    fn sitemap(&self) -> String {
        let site = self.site;
        let mut others = Vec::new();
        if !site.forms.is_empty() {
            others.push("forms/".to_string());
        }
        for j in atoz_jobs(site, self.markdown) {
            let path = j.output_path(site);
            others.push(path.trim_end_matches("index.html").to_string());
        }
        feeds::sitemap(site, &others)
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

/// A file published as it is (a static file, an asset); `shown` names it
/// in errors.
fn read(path: &std::path::Path, shown: &str) -> Result<Vec<u8>, Diagnostic> {
    std::fs::read(path).map_err(|e| Diagnostic::error(shown, format!("cannot read this file: {e}")))
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
