//! The outputs a site in several languages adds (issue 21): a feed and a
//! search results page per other language (pagefind keeps an index per
//! `<html lang>`, so `/pl/search/` searches the Polish pages), and each
//! form in the languages it has labels in (`/ur/forms/my-wishes/`).

use crate::diagnostic::Diagnostic;
use crate::render::jobs::Renderer;
use crate::render::plan::Job;
use crate::render::{engine, feeds};
use crate::site::Site;
use crate::translation::versions::prefixed;
use crate::urls::SEARCH_PAGE_URL;

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LangJob {
    /// `<code>/feed.xml`, by index into `config.langs` (never 0).
    Feed(usize),
    /// `<code>/search/`, by index into `config.langs` (never 0).
    Search(usize),
    /// A form in another language, by index into `site.form_translations`.
    Form(usize),
}

/// The jobs of every language but the default.
pub fn plan(site: &Site) -> Vec<Job> {
    let n = site.config.langs.len();
    let mut jobs: Vec<Job> = (1..n).map(|i| Job::Lang(LangJob::Feed(i))).collect();
    if cfg!(feature = "search") && site.config.search {
        jobs.extend((1..n).map(|i| Job::Lang(LangJob::Search(i))));
    }
    jobs.extend((0..site.form_translations.len()).map(|i| Job::Lang(LangJob::Form(i))));
    jobs
}

fn lang_index(site: &Site, code: &str) -> usize {
    site.config
        .langs
        .iter()
        .position(|l| l.code == code)
        .unwrap_or(0)
}

impl LangJob {
    pub fn output_path(&self, site: &Site) -> String {
        let langs = &site.config.langs;
        match self {
            LangJob::Feed(i) => prefixed(langs, *i, "feed.xml"),
            LangJob::Search(i) => prefixed(langs, *i, &format!("{SEARCH_PAGE_URL}index.html")),
            LangJob::Form(t) => {
                let t = &site.form_translations[*t];
                prefixed(
                    langs,
                    lang_index(site, &t.lang),
                    &format!("forms/{}/index.html", t.translated.id),
                )
            }
        }
    }

    /// The author's file behind the output, if any, for errors about it.
    pub fn source(&self, site: &Site) -> Option<String> {
        match self {
            LangJob::Form(t) => Some(site.form_translations[*t].file.clone()),
            _ => None,
        }
    }

    /// What careguide makes here, in words, for collision errors.
    pub fn describe(&self) -> String {
        match self {
            LangJob::Feed(_) => "a language's feed careguide makes".into(),
            LangJob::Search(_) => "a language's search page careguide makes".into(),
            LangJob::Form(_) => "a form in another language".into(),
        }
    }

    pub fn render(&self, r: &Renderer<'_>) -> Result<(String, Vec<u8>), Diagnostic> {
        let site = r.site;
        let path = self.output_path(site);
        match self {
            LangJob::Feed(i) => Ok((path, feeds::atom_in(site, *i).into_bytes())),
            LangJob::Search(_) => {
                let ctx = r.base_context(path.trim_end_matches("index.html"));
                let html = r
                    .tera
                    .render("search.html", &ctx)
                    .map_err(|e| engine::to_diagnostic(&e, &site.templates, None))?;
                Ok((path, html.into_bytes()))
            }
            LangJob::Form(t) => {
                let t = &site.form_translations[*t];
                crate::render::forms::page_of(
                    r,
                    &t.translated,
                    Some(&site.forms[t.form]),
                    path.trim_end_matches("index.html"),
                    &t.file,
                )
            }
        }
    }
}
