//! Edited pages: read again, swapped into the model in place, and swapped
//! back if the update fails.

use super::{Edit, Session, Update, sorted};
use crate::content::ids::PageId;
use crate::content::load::load_page;
use crate::content::page::Page;
use crate::diagnostic::Diagnostic;
use crate::markdown::Rendered;

/// The edited pages, read and parsed, before anything of the session
/// changes.
struct Fresh {
    pages: Vec<(PageId, Page)>,
    /// A title, summary, order, audience or status changed.
    lists_changed: bool,
    /// Any front-matter value changed.
    meta_changed: bool,
}

impl Session {
    /// Pages (by file) whose source changed: each is loaded as a build
    /// loads it, its Markdown rendered again, and only the outputs it can
    /// change are rendered (see [`Session::render_jobs`]).
    pub(super) fn update_pages(&mut self, files: &[String]) -> Result<Update, Vec<Diagnostic>> {
        let Some(fresh) = self.read_pages(files)? else {
            return self.rebuild();
        };
        // Swap the new pages and their Markdown in place (no copy of the
        // site), keeping the old ones to put back if the update fails.
        let touched: Vec<PageId> = fresh.pages.iter().map(|(i, _)| *i).collect();
        let mut undo_pages = Vec::new();
        for (idx, new) in fresh.pages {
            undo_pages.push((idx, std::mem::replace(&mut self.site.pages[idx], new)));
        }
        let (undo_markdown, headings_changed, topics_changed) = self.swap_markdown(&touched);
        let edit = Edit {
            touched: Some(&touched),
            lists_changed: fresh.lists_changed,
            meta_changed: fresh.meta_changed,
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

    /// Read and parse every changed page before touching the session;
    /// `None` when an edit changes the site's shape (a page turned into a
    /// draft, a print view come or gone) and only a rebuild will do.
    fn read_pages(&self, files: &[String]) -> Result<Option<Fresh>, Vec<Diagnostic>> {
        let mut fresh = Fresh {
            pages: Vec::new(),
            lists_changed: false,
            meta_changed: false,
        };
        // The rules a build applies to every file (`walk::vet`): a page
        // swapped for a symlink to outside the site is refused, unread.
        let canonical_root = self
            .root
            .canonicalize()
            .unwrap_or_else(|_| self.root.clone());
        for file in files {
            let idx = PageId::new(
                self.site
                    .pages
                    .iter()
                    .position(|p| p.file == *file)
                    .expect("checked by caller"),
            );
            let path = self.root.join(file);
            crate::content::walk::vet(&canonical_root, &path, file).map_err(|d| vec![d])?;
            let old = &self.site.pages[idx];
            let new = load_page(file, &old.rel_path, &self.site.config.review, || {
                crate::content::walk::read_regular(&path)
            })
            .map_err(sorted)?;
            if (new.meta.draft && !self.drafts) || new.meta.print_view != old.meta.print_view {
                return Ok(None);
            }
            let m = (&old.meta, &new.meta);
            fresh.meta_changed |= m.0 != m.1;
            fresh.lists_changed |= m.0.title != m.1.title
                || m.0.summary != m.1.summary
                || m.0.order != m.1.order
                || m.0.audience != m.1.audience
                || m.0.status != m.1.status;
            fresh.pages.push((idx, new));
        }
        Ok(Some(fresh))
    }

    /// Render the Markdown of the `touched` pages and swap it in. Returns
    /// the old Markdown (to undo), whether any heading id changed (links
    /// into the pages are then re-checked for the whole site) and whether
    /// any second-level heading did (the A to Z lists them as topics).
    fn swap_markdown(&mut self, touched: &[PageId]) -> (Vec<(PageId, Rendered)>, bool, bool) {
        let fresh = crate::render::markdown_with(&self.site, &self.targets, touched);
        let mut undo = Vec::new();
        let mut headings_changed = false;
        let mut topics_changed = false;
        let ids = |r: &Rendered| r.headings.iter().map(|h| h.id.clone()).collect::<Vec<_>>();
        let topics = |r: &Rendered| {
            r.headings
                .iter()
                .filter(|h| h.level == 2)
                .map(|h| (h.text.clone(), h.id.clone()))
                .collect::<Vec<_>>()
        };
        for (&i, r) in touched.iter().zip(fresh) {
            headings_changed |= ids(&self.markdown[i]) != ids(&r);
            topics_changed |= topics(&self.markdown[i]) != topics(&r);
            undo.push((i, std::mem::replace(&mut self.markdown[i], r)));
        }
        (undo, headings_changed, topics_changed)
    }
}
