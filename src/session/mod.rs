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

mod edit;
mod jobs;

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use jiff::civil::Date;
use tera::Tera;

use crate::content::ids::{PageId, PerPage};
use crate::diagnostic::{self, Diagnostic};
use crate::markdown::Rendered;
use crate::render::plan::Plan;
use crate::site::{self, LoadOptions, Site};

/// The rendered site the preview serves, by output path: the one copy of
/// its bytes, shared (`Arc`) with the server's snapshots.
pub type Store = HashMap<String, Arc<Vec<u8>>>;

pub struct Session {
    root: PathBuf,
    drafts: bool,
    as_of: Date,
    site: Site,
    markdown: PerPage<Rendered>,
    tera: Tera,
    /// Every output, as last planned (the A to Z's letters follow the
    /// pages' headings).
    plan: Plan,
    files: Store,
    /// What links may point to; the same until pages are added or removed.
    targets: crate::render::LinkTargets,
    /// What [`crate::check::site_rules`] and, per page, the page rules
    /// found, kept from the build and updated per edit: a body edit re-runs
    /// the rules of the edited pages only.
    site_findings: Vec<Diagnostic>,
    page_findings: PerPage<Vec<Diagnostic>>,
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

    /// A session of `site`, rendered in memory; the rules' findings come
    /// from the build's own page pass, not from running the rules again.
    fn from_site(
        root: &Path,
        drafts: bool,
        as_of: Date,
        site: Site,
    ) -> Result<(Session, Vec<Diagnostic>), Vec<Diagnostic>> {
        let built = crate::pipeline::render_site(site, as_of)?;
        let files = built
            .files
            .into_iter()
            .map(|(path, bytes)| (path, Arc::new(bytes)))
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
                plan: built.plan,
                files,
                site_findings: built.site_findings,
                page_findings: built.page_findings,
                output_warnings: built.output_warnings,
            },
            built.warnings,
        ))
    }

    /// Every output as now rendered, by path.
    pub fn files(&self) -> &Store {
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
}

/// What an update changed, for [`Session::render_jobs`].
struct Edit<'a> {
    /// Pages whose file changed; `None` when only templates did.
    touched: Option<&'a [PageId]>,
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
pub fn diff(old: &Store, new: &Store) -> BTreeSet<String> {
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
