//! The page pass: every page's Markdown rendered once, in parallel, with
//! its links located and its page rules run while its text is at hand.

use rayon::prelude::*;

use crate::check::PageOutcome;
use crate::check::reading_age::PageReading;
use crate::content::ids::PerPage;
use crate::diagnostic::Diagnostic;
use crate::markdown::{LinkContext, Rendered};
use crate::render::{self, LinkTargets, PageLinks};
use crate::site::Site;

/// What to do with each page's Markdown source once it is rendered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Sources {
    /// Keep it: the preview server re-renders pages after edits, and
    /// `careguide check` collects external links from the text.
    Keep,
    /// Free it: nothing reads it after [`pass`] (print views place the
    /// stored render, `markdown::place`).
    Free,
}

/// Every page's Markdown, its located link errors and its page rules
/// (`check::page_outcome`).
pub(super) struct PagesPass {
    pub markdown: PerPage<Rendered>,
    pub link_errors: Vec<Diagnostic>,
    /// What each page's rules found, by page: found once, here, and kept
    /// by the preview session rather than found again.
    pub findings: PerPage<Vec<Diagnostic>>,
    /// Reading grades of the patient pages, in page order.
    pub reading: Vec<PageReading>,
}

/// Render every page's Markdown in parallel and, while its text is at hand,
/// locate its links and run its page rules. With [`Sources::Free`] the
/// page's body is then freed: a build never holds every page's source and
/// every page's HTML at once, which on a large site is most of its memory.
/// Links to other pages' headings are checked at the end, once every
/// page's headings are known.
pub(super) fn pass(site: &mut Site, sources: Sources) -> PagesPass {
    let targets = LinkTargets::new(site);
    // Borrowed field by field: the pages change (their bodies are freed)
    // while the settings and drafts are read.
    let Site {
        pages,
        drafts,
        config,
        ..
    } = site;
    // Print views place a page's stored HTML by its spots (`markdown::place`);
    // other pages need them no more once rendered.
    let print_roots: Vec<String> = pages
        .iter()
        .filter(|p| p.is_index && p.meta.print_view)
        .map(|p| p.url.clone())
        .collect();
    let ctx = LinkContext {
        pages: &targets.pages,
        drafts,
        files: &targets.files,
        components: Some(&targets.components),
    };
    let done: Vec<(Rendered, PageLinks, PageOutcome)> = pages
        .par_iter_mut()
        .map(|page| one_page(config, &ctx, &targets.callouts, page, sources, &print_roots))
        .collect();
    let mut pass = PagesPass {
        markdown: PerPage::with_capacity(done.len()),
        link_errors: Vec::new(),
        findings: PerPage::with_capacity(done.len()),
        reading: Vec::new(),
    };
    let mut anchors = Vec::new();
    for (rendered, links, outcome) in done {
        pass.markdown.push(rendered);
        pass.link_errors.extend(links.broken);
        anchors.extend(links.anchors);
        pass.findings.push(outcome.findings);
        pass.reading.extend(outcome.reading);
    }
    pass.link_errors
        .extend(render::anchor_errors(site, &pass.markdown, anchors));
    pass
}

/// One page of the [`pass`]: its Markdown rendered, its links located and
/// its page rules run; then, with [`Sources::Free`], its source and what of
/// its render only those read are freed (a page under one of the
/// `print_roots` keeps the spots its section's print view places it by).
fn one_page(
    config: &crate::config::SiteConfig,
    ctx: &LinkContext<'_>,
    callouts: &render::Callouts,
    page: &mut crate::content::page::Page,
    sources: Sources,
    print_roots: &[String],
) -> (Rendered, PageLinks, PageOutcome) {
    // Pages come here straight from loading, bodies held; a released one
    // would be a bug, reported on the page.
    let mut rendered = match render::page_markdown(config, ctx, callouts, page) {
        Ok(rendered) => rendered,
        Err(released) => {
            let links = PageLinks {
                broken: vec![released.diagnostic()],
                anchors: Vec::new(),
            };
            return (Rendered::default(), links, PageOutcome::default());
        }
    };
    let links = render::locate_links(page, &rendered);
    let findings = crate::check::page_outcome(config, page, &rendered);
    // The text kept for the page's rules: they have run.
    rendered.text = None;
    if sources == Sources::Free {
        page.release_body();
        let printed = print_roots
            .iter()
            .any(|root| page.url.starts_with(root.as_str()));
        rendered.release_checked(printed);
    }
    (rendered, links, findings)
}
