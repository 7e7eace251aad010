//! After an edit: the rules it can change run again, and the outputs it
//! can change are rendered again through the session's plan.

use std::collections::{BTreeSet, HashSet};
use std::sync::Arc;

use super::{Edit, Session, Update, sorted};
use crate::check;
use crate::content::ids::PageId;
use crate::diagnostic::Diagnostic;
use crate::render::jobs::Renderer;
use crate::render::plan::{Job, Plan};
use crate::site::Site;
use crate::urls::{A_TO_Z_URL, Files};

/// What the rules found again after an edit: the site-wide rules' when
/// front matter changed, and each touched page's.
struct Findings {
    site: Option<Vec<Diagnostic>>,
    pages: Vec<(PageId, Vec<Diagnostic>)>,
}

impl Session {
    /// Check the site as it now is and render the outputs an edit affects:
    /// the touched pages (with their sections' pages and the site-wide lists
    /// if their front matter changed), or everything (`touched` is `None`,
    /// or the navigation changed). The engine is rebuilt when the navigation
    /// or the templates changed. Only changed outputs are stored and
    /// reported; on error nothing is.
    pub(super) fn render_jobs(&mut self, edit: Edit<'_>) -> Result<Update, Vec<Diagnostic>> {
        let findings = self.check_edit(&edit)?;
        // The navigation lives in the engine's global context; a new engine
        // replaces the old one only if the whole update succeeds.
        let new_tera = if edit.lists_changed {
            Some(crate::render::engine(&self.site)?)
        } else {
            None
        };
        // The A to Z files pages by title and topics: its letter pages
        // follow them.
        let plan = if edit.topics_changed || edit.meta_changed {
            self.plan
                .clone()
                .with_atoz_letters(&self.site, &self.markdown)
        } else {
            self.plan.clone()
        };
        let to_render = to_render(&self.site, &plan, &edit);
        let renderer = Renderer {
            site: &self.site,
            tera: new_tera.as_ref().unwrap_or(&self.tera),
            markdown: &self.markdown,
            as_of: self.as_of,
            today: self.as_of.to_string(),
            atoz: Default::default(),
        };
        let rendered = renderer.run_in_memory(&to_render)?;
        let changed = self.store(rendered, to_render.contains(&Job::AtoZ));
        self.plan = plan;
        if let Some(t) = new_tera {
            self.tera = t;
        }
        if let Some(f) = findings.site {
            self.site_findings = f;
        }
        for (i, f) in findings.pages {
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

    /// The links and rules an edit can change, run again: links written
    /// on the touched pages, links from anywhere into them only if their
    /// headings (the anchors) changed; the site-wide rules if front matter
    /// changed; the page rules of the touched pages. Templates change no
    /// finding. Any error fails the update.
    fn check_edit(&self, edit: &Edit<'_>) -> Result<Findings, Vec<Diagnostic>> {
        let site = &self.site;
        let mut errors = match edit.touched {
            Some(_) if edit.headings_changed => crate::render::link_errors(site, &self.markdown),
            Some(t) => crate::render::link_errors_from(site, &self.markdown, t.iter().copied()),
            None => Vec::new(),
        };
        let findings = Findings {
            site: (edit.touched.is_some() && edit.meta_changed)
                .then(|| check::site_rules(site, self.as_of)),
            pages: edit
                .touched
                .unwrap_or_default()
                .iter()
                .map(|&i| (i, check::page_rules(site, &self.markdown, i)))
                .collect(),
        };
        let found = findings.site.iter().flatten();
        let found = found.chain(findings.pages.iter().flat_map(|(_, f)| f));
        errors.extend(found.filter(|d| d.is_error()).cloned());
        if errors.is_empty() {
            Ok(findings)
        } else {
            Err(sorted(errors))
        }
    }

    /// Keep the outputs whose bytes changed, and return their paths. When
    /// the A to Z was rendered, a letter page it no longer has is removed
    /// (a letter can lose its last entry, or the A to Z stop being split),
    /// as a clean build would not make it.
    fn store(&mut self, rendered: Files, atoz: bool) -> BTreeSet<String> {
        let mut changed = BTreeSet::new();
        if atoz {
            let stale: Vec<String> = self
                .files
                .keys()
                .filter(|p| p.starts_with(A_TO_Z_URL) && !rendered.contains_key(*p))
                .cloned()
                .collect();
            for path in stale {
                self.files.remove(&path);
                changed.insert(path);
            }
        }
        for (path, bytes) in rendered {
            if self.files.get(&path).is_none_or(|old| **old != bytes) {
                changed.insert(path.clone());
                self.files.insert(path, Arc::new(bytes));
            }
        }
        changed
    }
}

/// The part of `plan` an edit can change. Only a body changed: section
/// lists, the sitemap, the feed and the review schedule show front matter
/// alone, so only the pages themselves, print views holding them and (if
/// a topic heading changed) the A to Z and the sitemap, which lists its
/// letter pages. Front matter changed too: also the sections' own pages,
/// the lists and the A to Z. The navigation or the templates changed:
/// everything.
fn to_render(site: &Site, plan: &Plan, edit: &Edit<'_>) -> Plan {
    let Some(touched) = edit.touched.filter(|_| !edit.lists_changed) else {
        return plan.clone();
    };
    let mut pages: HashSet<PageId> = touched.iter().copied().collect();
    if edit.meta_changed {
        for &i in touched {
            if let Some(&s) = site.section_pages.get(&site.pages[i].section) {
                pages.insert(PageId::new(s));
            }
        }
    }
    let prints = print_views_holding(site, touched);
    let lists = edit.meta_changed;
    let atoz = edit.meta_changed || edit.topics_changed;
    plan.only(|job| match job {
        Job::Page(i) => pages.contains(i),
        Job::SectionPrint(i) => prints.contains(i),
        Job::AtoZ | Job::AtoZLetter(_) => atoz,
        Job::Sitemap => lists || edit.topics_changed,
        Job::Feed | Job::ReviewSchedule => lists,
        _ => false,
    })
}

/// The section pages whose print views hold any of the `touched` pages
/// (the search index is only rebuilt by a full build).
fn print_views_holding(site: &Site, touched: &[PageId]) -> HashSet<PageId> {
    site.pages
        .iter()
        .enumerate()
        .filter(|(_, s)| s.is_index && s.meta.print_view)
        .filter(|(_, s)| {
            touched
                .iter()
                .any(|&t| site.pages[t].url.starts_with(&s.url))
        })
        .map(|(i, _)| PageId::new(i))
        .collect()
}
