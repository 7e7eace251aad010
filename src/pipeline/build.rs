//! `careguide build`: load, plan, render, and only if everything
//! succeeded, write. Outputs stream into the staging folder as they are
//! rendered, so memory holds the model and the Markdown, never the whole
//! rendered site.

use std::time::Instant;

use rayon::prelude::*;

use super::index::Indexer;
use super::pages::Sources;
use super::{BuildOptions, Prepared, Report, prepare, sorted};
use crate::check::output_links::OutputLinks;
use crate::diagnostic::Diagnostic;
use crate::output::{Staging, WriteError};
use crate::render;
use crate::render::plan::Plan;
use crate::search::SearchStats;
use crate::site::{self, LoadOptions};

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
    let plan = Plan::new(&site).map_err(sorted)?;
    let (prepared, mut errors) = prepare(site, plan, options.as_of, Sources::Free)?;
    if !errors.is_empty() {
        // Nothing will be written; render only to report every error together.
        let renderer = prepared.renderer(options.as_of);
        if let Err((e, _)) = renderer.run(&prepared.plan, |_, _| Ok::<(), ()>(())) {
            errors.extend(e);
        }
        return Err(sorted(errors));
    }
    let (written, leftover) =
        crate::output::write_with(&options.out, |staging| fill(staging, &prepared, options))
            .map_err(|e| vec![e.diagnostic(&options.out)])?;
    let (files, search, link_warnings) = match written {
        Ok((n, stats, warnings)) => (n + 1, stats, warnings), // and the marker
        Err(Failed::Write(e)) => {
            return Err(vec![WriteError::from(e).diagnostic(&options.out)]);
        }
        Err(Failed::Render(errors)) => return Err(sorted(errors)),
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

/// Why filling the staging folder stopped.
enum Failed {
    Render(Vec<Diagnostic>),
    Write(std::io::Error),
}

/// The staging folder filled: the number of files written, the search
/// index's figures, and warnings about the links of the output.
type Filled = (usize, Option<SearchStats>, Vec<Diagnostic>);

/// Render every planned output into `staging`, then the search index.
/// Pages for the index are kept aside as they are written, and indexed
/// in path order once all are rendered.
fn fill(staging: &Staging, prepared: &Prepared, options: &BuildOptions) -> Result<Filled, Failed> {
    let site = &prepared.site;
    let renderer = prepared.renderer(options.as_of);
    let indexer = Indexer::new(site.config.search);
    let out_links = OutputLinks::new(site);
    let n = renderer
        .run(&prepared.plan, |path, bytes| {
            out_links.record(&path, &bytes);
            indexer.offer(&path, &bytes);
            if options.offline && path.ends_with(".html") {
                let html = String::from_utf8_lossy(&bytes);
                return staging.write(&path, render::offline::rewrite_html(&html).as_bytes());
            }
            staging.write(&path, &bytes)
        })
        .map_err(|(errors, io)| match io {
            Some(e) => Failed::Write(e),
            None => Failed::Render(errors),
        })?;
    let mut extra = 0;
    if options.offline && site.config.search {
        let index = render::offline::search_index(site, &prepared.markdown);
        staging
            .write(render::offline::INDEX_PATH, index.as_bytes())
            .map_err(Failed::Write)?;
        extra += 1;
    }
    let (index, stats) = indexer.finish().map_err(|d| Failed::Render(vec![d]))?;
    // Ten thousand fragment files for a site of ten thousand pages: written
    // on every core, as pages are.
    index
        .par_iter()
        .try_for_each(|(path, bytes)| {
            out_links.record(path, bytes);
            staging.write(path, bytes)
        })
        .map_err(Failed::Write)?;
    // Links written by templates and data, checked on the output; a
    // broken one fails the build like a broken link in Markdown.
    let (broken, link_warnings): (Vec<_>, Vec<_>) = out_links
        .finish(site)
        .into_iter()
        .partition(Diagnostic::is_error);
    if !broken.is_empty() {
        return Err(Failed::Render(broken));
    }
    Ok((n + index.len() + extra, stats, link_warnings))
}
