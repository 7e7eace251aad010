//! An in-memory build that can be updated: the preview server keeps one
//! `Session` and, on each change, re-renders only the outputs an edit
//! touched. Nothing here writes to disk.
//!
//! What a change costs:
//! - a page's body edited: that page is parsed and rendered again, plus its
//!   section's own page (which lists it); links and anchors are re-checked
//!   across the site (map look-ups, no rendering);
//! - a page's title, summary, order, audience or status edited: every page is
//!   re-rendered from the Markdown already in memory, because navigation,
//!   breadcrumbs and section lists may show it;
//! - anything else (site.yaml, data, forms, templates, static files, a page
//!   added or removed): a full rebuild in memory.
//!   In every case only the outputs whose bytes changed are reported, so the
//!   browser reloads just those pages.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use tera::Tera;

use crate::content::page;
use crate::content::source;
use crate::diagnostic::{self, Diagnostic};
use crate::markdown::Rendered;
use crate::render::jobs::{self, Files, Job, Renderer};
use crate::site::{self, LoadOptions, Site};

pub struct Session {
    root: PathBuf,
    drafts: bool,
    as_of: Date,
    site: Site,
    markdown: Vec<Rendered>,
    tera: Tera,
    files: Files,
}

/// The result of an update: output paths whose bytes changed or vanished.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Update {
    pub changed: BTreeSet<String>,
    pub warnings: Vec<Diagnostic>,
}

impl Session {
    pub fn new(root: &Path, drafts: bool, as_of: Date) -> Result<Session, Vec<Diagnostic>> {
        let site = site::load(root, &LoadOptions { drafts }).map_err(sorted)?;
        let (session, _) = Self::from_site(root, drafts, as_of, site)?;
        Ok(session)
    }

    fn from_site(
        root: &Path,
        drafts: bool,
        as_of: Date,
        site: Site,
    ) -> Result<(Session, Vec<Diagnostic>), Vec<Diagnostic>> {
        // Keep the model, Markdown and engine for later partial updates.
        let built = crate::pipeline::render_site(site, as_of)?;
        Ok((
            Session {
                root: root.to_path_buf(),
                drafts,
                as_of,
                site: built.site,
                markdown: built.markdown,
                tera: built.tera,
                files: built.files,
            },
            built.warnings,
        ))
    }

    pub fn files(&self) -> &Files {
        &self.files
    }

    pub fn site(&self) -> &Site {
        &self.site
    }

    /// Apply a change to the files at `paths` (absolute or root-relative).
    /// `full` forces a complete rebuild. On error the session is unchanged,
    /// so the last good output keeps being served.
    pub fn update(&mut self, paths: &[PathBuf], full: bool) -> Result<Update, Vec<Diagnostic>> {
        let rel: Vec<String> = paths
            .iter()
            .map(|p| crate::content::walk::display(&self.root, p))
            .collect();
        let pages_only = !full
            && !rel.is_empty()
            && rel.iter().all(|r| {
                r.starts_with("content/")
                    && r.ends_with(".md")
                    && self.site.pages.iter().any(|p| p.file == *r)
                    && self.root.join(r).is_file()
            });
        if pages_only {
            self.update_pages(&rel)
        } else {
            self.rebuild()
        }
    }

    /// Everything again, in memory; report what changed.
    fn rebuild(&mut self) -> Result<Update, Vec<Diagnostic>> {
        let site = site::load(
            &self.root,
            &LoadOptions {
                drafts: self.drafts,
            },
        )
        .map_err(sorted)?;
        let (next, warnings) = Self::from_site(&self.root, self.drafts, self.as_of, site)?;
        let changed = diff(&self.files, &next.files);
        *self = next;
        Ok(Update { changed, warnings })
    }

    fn update_pages(&mut self, files: &[String]) -> Result<Update, Vec<Diagnostic>> {
        let mut site = self.site.clone();
        let mut touched = Vec::new();
        let mut lists_changed = false;
        for file in files {
            let idx = site
                .pages
                .iter()
                .position(|p| p.file == *file)
                .expect("checked by caller");
            let bytes = std::fs::read(self.root.join(file)).map_err(|e| {
                vec![Diagnostic::error(
                    file,
                    format!("cannot read this file: {e}"),
                )]
            })?;
            let text = source::decode(file, &bytes).map_err(|d| vec![d])?;
            let old = &site.pages[idx];
            let new =
                page::parse(file, &old.rel_path, text, &site.config.review).map_err(sorted)?;
            if (new.meta.draft && !self.drafts) || new.meta.print_view != old.meta.print_view {
                // A page turned into a draft disappears, and a print view
                // comes or goes (with its reserved URL): structural changes.
                return self.rebuild();
            }
            let m = (&old.meta, &new.meta);
            lists_changed |= m.0.title != m.1.title
                || m.0.summary != m.1.summary
                || m.0.order != m.1.order
                || m.0.audience != m.1.audience
                || m.0.status != m.1.status;
            site.pages[idx] = new;
            touched.push(idx);
        }
        // Re-render only the touched pages' Markdown; links into them are
        // re-checked for the whole site, since their headings may have changed.
        let mut markdown = self.markdown.clone();
        let fresh = crate::render::markdown_for(&site, &touched);
        for (i, r) in touched.iter().zip(fresh) {
            markdown[*i] = r;
        }
        let mut errors = crate::render::link_errors(&site, &markdown);
        let findings = crate::check::build_rules(&site, &markdown, self.as_of);
        let (errs, warnings): (Vec<_>, Vec<_>) =
            findings.into_iter().partition(Diagnostic::is_error);
        errors.extend(errs);
        if !errors.is_empty() {
            return Err(sorted(errors));
        }
        // The navigation lives in the engine's global context; a new engine
        // replaces the old one only if the whole update succeeds.
        let new_tera = if lists_changed {
            Some(crate::render::engine(&site)?)
        } else {
            None
        };
        let jobs: Vec<Job> = if lists_changed {
            jobs::plan(&site)
        } else {
            let mut set: BTreeSet<usize> = touched.iter().copied().collect();
            for &i in &touched {
                let section = &site.pages[i].section;
                if let Some(s) = site
                    .pages
                    .iter()
                    .position(|p| p.is_index && p.url.trim_end_matches('/') == section.as_str())
                {
                    set.insert(s);
                }
            }
            let mut jobs: Vec<Job> = set.into_iter().map(Job::Page).collect();
            jobs.extend([Job::Sitemap, Job::Feed, Job::ReviewSchedule, Job::AtoZ]);
            // Print views that hold a touched page (the search index is
            // only rebuilt by a full build).
            jobs.extend(
                site.pages
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| s.is_index && s.meta.print_view)
                    .filter(|(_, s)| {
                        touched
                            .iter()
                            .any(|&t| site.pages[t].url.starts_with(&s.url))
                    })
                    .map(|(i, _)| Job::SectionPrint(i)),
            );
            jobs
        };
        let renderer = Renderer {
            site: &site,
            tera: new_tera.as_ref().unwrap_or(&self.tera),
            markdown: &markdown,
            as_of: self.as_of,
            today: self.as_of.to_string(),
        };
        let rendered = renderer.render_all(&jobs)?;
        let mut files = self.files.clone();
        let mut changed = BTreeSet::new();
        for (path, bytes) in rendered {
            if files.get(&path) != Some(&bytes) {
                changed.insert(path.clone());
                files.insert(path, bytes);
            }
        }
        if let Some(t) = new_tera {
            self.tera = t;
        }
        self.site = site;
        self.markdown = markdown;
        self.files = files;
        Ok(Update {
            changed,
            warnings: sorted(warnings),
        })
    }
}

/// Output paths that differ between two builds (added, changed or removed).
pub fn diff(old: &Files, new: &Files) -> BTreeSet<String> {
    let mut changed: BTreeSet<String> = new
        .iter()
        .filter(|(k, v)| old.get(*k) != Some(*v))
        .map(|(k, _)| k.clone())
        .collect();
    changed.extend(old.keys().filter(|k| !new.contains_key(*k)).cloned());
    changed
}

fn sorted(mut d: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diagnostic::sort(&mut d);
    d.dedup();
    d
}
