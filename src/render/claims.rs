//! The one check that no two outputs of a [`Plan`](super::plan::Plan)
//! overwrite each other: two pages with one URL (`guide.md` and
//! `guide/_index.md`), a page where careguide publishes something itself
//! (the A to Z, a print view, the search index), a page, asset or static
//! file named like a generated output (`forms.md` beside the forms,
//! `sitemap.xml.md` where the sitemap is a file), and paths that differ
//! only in case (`LPA.md` and `lpa.md`), which overwrite each other on the
//! case-insensitive file systems of macOS and Windows and of most web
//! hosts' uploads. Each is reported once, at the author's file, naming
//! what else claims the path.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::content::page::Page;
use crate::diagnostic::Diagnostic;
use crate::render::plan::{Job, search_dir};
use crate::site::{Origin, Site};
use crate::urls::{A_TO_Z_URL, SEARCH_DIR, print_url};

/// What writes one output path.
struct Claim<'a> {
    path: String,
    /// Who, in words ("content/guide/lpa.md", "the sitemap careguide makes").
    who: String,
    /// The author's file to point the error at; `None` for careguide's own.
    file: Option<String>,
    /// The page, when a page claims it: errors point at its first line.
    page: Option<&'a Page>,
}

/// Every collision among the outputs of `jobs`, sorted as they are found.
pub fn collisions(site: &Site, jobs: &[Job]) -> Vec<Diagnostic> {
    let mut errors = duplicate_urls(&site.pages);
    errors.extend(reserved_urls(site));
    // A page already reported above is left out of the rest, so that one
    // clash is one error.
    let reported: HashSet<String> = errors.iter().map(|d| d.file.clone()).collect();
    let claims: Vec<Claim<'_>> = claims(site, jobs)
        .into_iter()
        .filter(|c| !(c.page.is_some() && c.file.as_ref().is_some_and(|f| reported.contains(f))))
        .collect();
    errors.extend(same_paths(&claims));
    errors
}

/// Two files that would publish the same URL (`guide.md` and `guide/_index.md`).
fn duplicate_urls(pages: &[Page]) -> Vec<Diagnostic> {
    let mut seen: BTreeMap<&str, &Page> = BTreeMap::new();
    let mut errors = Vec::new();
    for p in pages {
        if let Some(first) = seen.insert(&p.url, p) {
            errors.push(
                at_page(p, format!(
                    "this page and {} would both be published at /{}",
                    first.file, p.url
                ))
                .hint(if p.rel_path.ends_with("/index.md") || first.rel_path.ends_with("/index.md") {
                    "a folder's index.md is the page at the folder's URL (a page bundle), like a .md file of the same name; keep one of them"
                } else {
                    "rename or move one of them"
                }),
            );
        }
    }
    errors
}

/// Pages that would take a URL careguide publishes itself: the A to Z
/// index (its whole folder: a large site's A to Z has a page per letter),
/// a section's print view, the search index folder.
fn reserved_urls(site: &Site) -> Vec<Diagnostic> {
    let mut reserved: BTreeMap<String, String> = BTreeMap::new();
    for p in site
        .pages
        .iter()
        .filter(|p| p.is_index && p.meta.print_view)
    {
        reserved.insert(
            print_url(&p.url),
            format!("the print view that {} asks for", p.file),
        );
    }
    let mut errors = Vec::new();
    for p in &site.pages {
        let what = if p.url.starts_with(SEARCH_DIR) {
            "the search index".to_string()
        } else if p.url.starts_with(A_TO_Z_URL) {
            "the A to Z index".to_string()
        } else if let Some(what) = reserved.get(&p.url) {
            what.clone()
        } else {
            continue;
        };
        errors.push(
            at_page(
                p,
                format!("this page and {what} would both be published at /{}", p.url),
            )
            .hint("rename or move the page; careguide makes that URL itself"),
        );
    }
    errors
}

/// An error at the first line of a page's file.
fn at_page(page: &Page, message: String) -> Diagnostic {
    Diagnostic::error(&page.file, message).at(&page.text, 1, 1)
}

/// Who claims each output of `jobs`, careguide's own outputs first (so
/// that messages name them first), then the authors' files.
fn claims<'a>(site: &'a Site, jobs: &[Job]) -> Vec<Claim<'a>> {
    // Named whether or not this build writes them (the review schedule is
    // optional): a page there would break the day it is turned on.
    let mut claims: Vec<Claim<'a>> = [
        ("sitemap.xml", "the sitemap"),
        ("feed.xml", "the news feed"),
        ("robots.txt", "robots.txt"),
        ("404.html", "the \"page not found\" page"),
        ("review-schedule.csv", "the review schedule"),
    ]
    .into_iter()
    .map(|(path, what)| ours(path.into(), format!("{what} careguide makes")))
    .collect();
    let (authors, generated): (Vec<_>, Vec<_>) = jobs
        .iter()
        .filter_map(|job| claim_of(site, job))
        // Built-in static files stand with the authors' own, which override
        // them file by file.
        .partition(|c| c.file.is_some() || site.statics.contains_key(&c.path));
    claims.extend(generated);
    claims.extend(authors);
    claims.extend(search_index_claims(site));
    claims
}

/// A claim by careguide itself.
fn ours<'a>(path: String, who: String) -> Claim<'a> {
    Claim {
        path,
        who,
        file: None,
        page: None,
    }
}

/// Who claims the output of `job`; `None` for the outputs named for
/// every site (see [`claims`]) and the A to Z's letters, which live in
/// its folder.
fn claim_of<'a>(site: &'a Site, job: &Job) -> Option<Claim<'a>> {
    let path = job.output_path(site);
    let author = |file: String, page: Option<&'a Page>| Claim {
        path: path.clone(),
        who: file.clone(),
        file: Some(file),
        page,
    };
    Some(match job {
        Job::Form(i) | Job::Questionnaire(i) | Job::CodeSystem(i) => {
            ours(path, format!("the form `{}`", site.forms[*i].id))
        }
        Job::FormsIndex => ours(path, "the list of forms careguide makes".into()),
        Job::AtoZ => ours(path, "the A to Z index careguide makes".into()),
        Job::Search => ours(path, "the search page careguide makes".into()),
        Job::SectionPrint(i) => ours(
            path,
            format!("the print view that {} asks for", site.pages[*i].file),
        ),
        Job::Page(i) => author(site.pages[*i].file.clone(), Some(&site.pages[*i])),
        Job::Asset(i) => author(format!("content/{}", site.assets[*i].rel), None),
        Job::Static(p) => match &site.statics[p] {
            Origin::File(_) => author(p.clone(), None),
            Origin::Embedded(_) => ours(path, format!("careguide's built-in {p}")),
        },
        Job::NotFound
        | Job::Sitemap
        | Job::Robots
        | Job::Feed
        | Job::ReviewSchedule
        | Job::AtoZLetter(_) => return None,
    })
}

/// The search index is a folder of files pagefind names: a content file
/// inside it is refused whole.
fn search_index_claims(site: &Site) -> Vec<Claim<'_>> {
    let Some(dir) = search_dir(site) else {
        return Vec::new();
    };
    site.assets
        .iter()
        .filter(|a| a.rel.starts_with(dir))
        .map(|a| Claim {
            path: a.rel.clone(),
            who: "the search index careguide makes".into(),
            file: None,
            page: None,
        })
        .collect()
}

/// Exact clashes, case-only clashes and a file where another output needs
/// a folder. Two pages with one URL are reported by [`duplicate_urls`].
fn same_paths(claims: &[Claim<'_>]) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    let mut by_folded: HashMap<String, usize> = HashMap::new();
    for (i, c) in claims.iter().enumerate() {
        let Some(&j) = by_folded.get(&c.path.to_lowercase()) else {
            by_folded.insert(c.path.to_lowercase(), i);
            continue;
        };
        let first = &claims[j];
        if first.path == c.path {
            if !(first.page.is_some() && c.page.is_some()) {
                errors.extend(report(first, c, |a, b| {
                    format!("{a} and {b} would both be published at /{}", c.path)
                }));
            }
        } else {
            errors.extend(report(first, c, |a, b| {
                format!(
                    "{a} and {b} would be published at /{} and /{}, which differ only in case",
                    first.path, c.path
                )
            }));
        }
    }
    for c in claims {
        let mut at = 0;
        while let Some(i) = c.path[at..].find('/') {
            let folder = &c.path[..at + i];
            if let Some(&j) = by_folded.get(&folder.to_lowercase()) {
                let file = &claims[j];
                errors.extend(report(file, c, |a, b| {
                    format!("{b} needs a folder /{folder}/ where {a} is published as a file")
                }));
                break;
            }
            at += i + 1;
        }
    }
    errors
}

/// One error at an author's file (the second one's if both are), naming
/// both; `message` gets the first's and the second's descriptions.
fn report(
    first: &Claim<'_>,
    second: &Claim<'_>,
    message: impl Fn(&str, &str) -> String,
) -> Option<Diagnostic> {
    // At the page where one is involved (it has a first line to show),
    // else at the later author's file.
    let (file, page) = match (&first.page, &second.page, &second.file) {
        (Some(p), None, _) => (first.file.as_ref()?, Some(*p)),
        (_, _, Some(f)) => (f, second.page),
        (_, _, None) => (first.file.as_ref()?, first.page),
    };
    let hint = if first.file.is_none() || second.file.is_none() {
        "rename or move the file; careguide makes that path itself"
    } else {
        "rename or move one of them (case matters on some computers and not on others, so careguide refuses both)"
    };
    let d = Diagnostic::error(file, message(&first.who, &second.who)).hint(hint);
    Some(match page {
        Some(p) => d.at(&p.text, 1, 1),
        None => d,
    })
}
