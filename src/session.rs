//! An in-memory build that can be updated: the preview server keeps one
//! `Session` and, on each change, re-renders only the outputs an edit
//! touched. Nothing here writes to disk.
//!
//! What a change costs:
//! - a page's body edited: that page is parsed and rendered again, its
//!   links checked, and the rules that read a page's body
//!   ([`check::page_rules`]) run on it alone; the findings of every other
//!   page are kept. Links from other pages into it are re-checked only if
//!   its heading ids changed. Nothing else is rendered: section lists, the
//!   sitemap, the feed and the review schedule show front matter only;
//! - other front matter edited (sources, review dates): as above, plus the
//!   site-wide rules, the section's own page, the sitemap, the feed and the
//!   review schedule;
//! - a page's title, summary, order, audience or status edited: every page is
//!   re-rendered from the Markdown already in memory, because navigation,
//!   breadcrumbs and section lists may show it;
//! - templates only ([`Session::update_templates`]): every output is
//!   rendered again with the model and the Markdown already in memory;
//! - anything else (site.yaml, data, forms, static files, a page added or
//!   removed): a full rebuild in memory.
//!
//! Updates happen in place (the edited pages and their Markdown are
//! swapped in, and swapped back if the update fails), never on a copy of the
//! whole site. In every case only the outputs whose bytes changed are
//! reported, so the browser reloads just those pages.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use tera::Tera;

use crate::check;
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
    /// What links may point to; the same until pages are added or removed.
    targets: crate::render::LinkTargets,
    /// Warnings of [`check::site_rules`] and, per page, of
    /// [`check::page_rules`], so a body edit re-runs the rules of the
    /// edited pages only.
    site_findings: Vec<Diagnostic>,
    page_findings: Vec<Vec<Diagnostic>>,
    /// Warnings about the links of the rendered output, from the last full
    /// render: an edit to page bodies alone cannot change a template's links.
    output_warnings: Vec<Diagnostic>,
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
        // The build succeeded, so every finding is a warning.
        let site_findings = check::site_rules(&built.site, as_of);
        let page_findings = (0..built.site.pages.len())
            .map(|i| check::page_rules(&built.site, &built.markdown, i))
            .collect();
        Ok((
            Session {
                root: root.to_path_buf(),
                drafts,
                as_of,
                targets: crate::render::LinkTargets::new(&built.site),
                site: built.site,
                markdown: built.markdown,
                tera: built.tera,
                files: built.files,
                site_findings,
                page_findings,
                output_warnings: built.output_warnings,
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
        // A site in several languages rebuilds fully: an edit to a page can
        // put its translations out of date, and translations are read by
        // `translation::front`, not `page::parse` (issue 21).
        let pages_only = !full
            && self.site.config.langs.len() < 2
            && !rel.is_empty()
            && rel.iter().all(|r| {
                r.starts_with("content/")
                    && r.ends_with(".md")
                    && self.site.pages.iter().any(|p| p.file == *r)
                    && std::fs::symlink_metadata(self.root.join(r)).is_ok_and(|m| m.is_file())
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

    /// Templates changed, nothing else: the model and the Markdown stay; the
    /// templates are read again and every output is rendered with them.
    pub fn update_templates(&mut self) -> Result<Update, Vec<Diagnostic>> {
        let (templates, errors) = site::templates(&self.root);
        if !errors.is_empty() {
            return Err(sorted(errors));
        }
        let old = std::mem::replace(&mut self.site.templates, templates);
        let result = self.render_jobs(Edit {
            touched: None,
            lists_changed: true,
            meta_changed: false,
            headings_changed: false,
            topics_changed: false,
        });
        if result.is_err() {
            self.site.templates = old;
        }
        result
    }

    fn update_pages(&mut self, files: &[String]) -> Result<Update, Vec<Diagnostic>> {
        // Read and parse every changed page before touching the session.
        let mut fresh_pages = Vec::new();
        let mut lists_changed = false;
        let mut meta_changed = false;
        for file in files {
            let idx = self
                .site
                .pages
                .iter()
                .position(|p| p.file == *file)
                .expect("checked by caller");
            // The rules a build applies to every file (`walk::vet`): a page
            // swapped for a symlink to outside the site is refused, unread.
            let canonical_root = self
                .root
                .canonicalize()
                .unwrap_or_else(|_| self.root.clone());
            crate::content::walk::vet(&canonical_root, &self.root.join(file), file)
                .map_err(|d| vec![d])?;
            let bytes = crate::content::walk::read_regular(&self.root.join(file)).map_err(|e| {
                vec![Diagnostic::error(
                    file,
                    format!("cannot read this file: {e}"),
                )]
            })?;
            let text = source::decode(file, &bytes).map_err(|d| vec![d])?;
            let old = &self.site.pages[idx];
            let new =
                page::parse(file, &old.rel_path, text, &self.site.config.review).map_err(sorted)?;
            if (new.meta.draft && !self.drafts) || new.meta.print_view != old.meta.print_view {
                // A page turned into a draft disappears, and a print view
                // comes or goes (with its reserved URL): structural changes.
                return self.rebuild();
            }
            let m = (&old.meta, &new.meta);
            meta_changed |= m.0 != m.1;
            lists_changed |= m.0.title != m.1.title
                || m.0.summary != m.1.summary
                || m.0.order != m.1.order
                || m.0.audience != m.1.audience
                || m.0.status != m.1.status;
            fresh_pages.push((idx, new));
        }
        // Swap the new pages and their Markdown in place (no copy of the
        // site), keeping the old ones to put back if the update fails.
        let touched: Vec<usize> = fresh_pages.iter().map(|(i, _)| *i).collect();
        let mut undo_pages = Vec::new();
        for (idx, new) in fresh_pages {
            undo_pages.push((idx, std::mem::replace(&mut self.site.pages[idx], new)));
        }
        // Links into the touched pages are re-checked for the whole site,
        // since their headings may have changed.
        let fresh = crate::render::markdown_with(&self.site, &self.targets, &touched);
        let mut undo_markdown = Vec::new();
        let mut headings_changed = false;
        let mut topics_changed = false;
        for (&i, r) in touched.iter().zip(fresh) {
            let ids = |r: &Rendered| r.headings.iter().map(|h| h.id.clone()).collect::<Vec<_>>();
            headings_changed |= ids(&self.markdown[i]) != ids(&r);
            // The A to Z lists second-level headings as topics.
            let topics = |r: &Rendered| {
                r.headings
                    .iter()
                    .filter(|h| h.level == 2)
                    .map(|h| (h.text.clone(), h.id.clone()))
                    .collect::<Vec<_>>()
            };
            topics_changed |= topics(&self.markdown[i]) != topics(&r);
            undo_markdown.push((i, std::mem::replace(&mut self.markdown[i], r)));
        }
        let edit = Edit {
            touched: Some(&touched),
            lists_changed,
            meta_changed,
            headings_changed,
            topics_changed,
        };
        let result = self.render_jobs(edit);
        if result.is_err() {
            for (i, r) in undo_markdown.into_iter().rev() {
                self.markdown[i] = r;
            }
            for (i, p) in undo_pages.into_iter().rev() {
                self.site.pages[i] = p;
            }
        }
        result
    }

    /// Check the site as it now is and render the outputs an edit affects:
    /// the touched pages (with their sections' pages and the site-wide lists
    /// if their front matter changed), or everything (`touched` is `None`,
    /// or the navigation changed). The engine is rebuilt when the navigation
    /// or the templates changed. Only changed outputs are stored and
    /// reported; on error nothing is.
    fn render_jobs(&mut self, edit: Edit<'_>) -> Result<Update, Vec<Diagnostic>> {
        let site = &self.site;
        let new_engine = edit.lists_changed;
        let meta_changed = edit.meta_changed;
        // Links written on the touched pages; links from anywhere into them
        // only if their headings (the anchors) changed.
        let mut errors = match edit.touched {
            Some(_) if edit.headings_changed => crate::render::link_errors(site, &self.markdown),
            Some(t) => crate::render::link_errors_from(site, &self.markdown, t.iter().copied()),
            None => Vec::new(),
        };
        // Rules: the site-wide ones again if front matter changed; the page
        // rules of the touched pages. Templates change no finding.
        let site_findings =
            (edit.touched.is_some() && meta_changed).then(|| check::site_rules(site, self.as_of));
        let page_findings: Vec<(usize, Vec<Diagnostic>)> = edit
            .touched
            .unwrap_or_default()
            .iter()
            .map(|&i| (i, check::page_rules(site, &self.markdown, i)))
            .collect();
        for d in site_findings
            .iter()
            .flatten()
            .chain(page_findings.iter().flat_map(|(_, f)| f))
        {
            if d.is_error() {
                errors.push(d.clone());
            }
        }
        if !errors.is_empty() {
            return Err(sorted(errors));
        }
        // The navigation lives in the engine's global context; a new engine
        // replaces the old one only if the whole update succeeds.
        let new_tera = if new_engine {
            Some(crate::render::engine(site)?)
        } else {
            None
        };
        let jobs: Vec<Job> = match edit.touched {
            // Only the body changed: section lists, the sitemap, the feed
            // and the review schedule show front matter alone, so only the
            // pages themselves, print views holding them and (if a topic
            // heading changed) the A to Z can change.
            Some(touched) if !new_engine && !meta_changed => {
                let set: BTreeSet<usize> = touched.iter().copied().collect();
                let mut jobs: Vec<Job> = set.into_iter().map(Job::Page).collect();
                if edit.topics_changed {
                    jobs.extend(jobs::atoz_jobs(site, &self.markdown));
                    // The sitemap lists the A to Z's letter pages.
                    jobs.push(Job::Sitemap);
                }
                jobs.extend(print_views_holding(site, touched));
                jobs
            }
            Some(touched) if !new_engine => {
                let mut set: BTreeSet<usize> = touched.iter().copied().collect();
                for &i in touched {
                    if let Some(&s) = site.section_pages.get(&site.pages[i].section) {
                        set.insert(s);
                    }
                }
                let mut jobs: Vec<Job> = set.into_iter().map(Job::Page).collect();
                jobs.extend(jobs::listing_jobs(site));
                jobs.extend(jobs::atoz_jobs(site, &self.markdown));
                jobs.extend(print_views_holding(site, touched));
                jobs
            }
            _ => jobs::plan(site, &self.markdown),
        };
        let renderer = Renderer {
            site,
            tera: new_tera.as_ref().unwrap_or(&self.tera),
            markdown: &self.markdown,
            as_of: self.as_of,
            today: self.as_of.to_string(),
            atoz: Default::default(),
        };
        let rendered = renderer.render_all(&jobs)?;
        let mut changed = BTreeSet::new();
        if jobs.contains(&Job::AtoZ) {
            // A letter of a split A to Z can lose its last entry, or the A
            // to Z stop being split: its page goes, as in a clean build.
            let stale: Vec<String> = self
                .files
                .keys()
                .filter(|p| p.starts_with(jobs::A_TO_Z_URL) && !rendered.contains_key(*p))
                .cloned()
                .collect();
            for path in stale {
                self.files.remove(&path);
                changed.insert(path);
            }
        }
        for (path, bytes) in rendered {
            if self.files.get(&path) != Some(&bytes) {
                changed.insert(path.clone());
                self.files.insert(path, bytes);
            }
        }
        if let Some(t) = new_tera {
            self.tera = t;
        }
        if let Some(f) = site_findings {
            self.site_findings = f;
        }
        for (i, f) in page_findings {
            self.page_findings[i] = f;
        }
        let warnings: Vec<Diagnostic> = self
            .site_findings
            .iter()
            .chain(self.page_findings.iter().flatten())
            .chain(&self.output_warnings)
            .cloned()
            .collect();
        Ok(Update {
            changed,
            warnings: sorted(warnings),
        })
    }
}

/// What an update changed, for [`Session::render_jobs`].
struct Edit<'a> {
    /// Pages whose file changed; `None` when only templates did.
    touched: Option<&'a [usize]>,
    /// A title, summary, order, audience or status changed (or the
    /// templates): navigation and lists may show it, render everything.
    lists_changed: bool,
    /// Any front-matter value of a touched page changed.
    meta_changed: bool,
    /// A touched page's heading ids changed: links into it are re-checked.
    headings_changed: bool,
    /// Second-level headings (the A to Z's topics) of a touched page changed.
    topics_changed: bool,
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

/// Print views of the sections that hold any of the `touched` pages (the
/// search index is only rebuilt by a full build).
fn print_views_holding(site: &Site, touched: &[usize]) -> impl Iterator<Item = Job> {
    site.pages
        .iter()
        .enumerate()
        .filter(|(_, s)| s.is_index && s.meta.print_view)
        .filter(move |(_, s)| {
            touched
                .iter()
                .any(|&t| site.pages[t].url.starts_with(&s.url))
        })
        .map(|(i, _)| Job::SectionPrint(i))
        .collect::<Vec<_>>()
        .into_iter()
}
