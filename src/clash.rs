//! Output paths that would overwrite one another: a page named like a file
//! careguide generates (`sitemap.xml.md` wants the folder `sitemap.xml/`
//! where the sitemap is a file), a file where another output needs a
//! folder, and paths that differ only in case (`LPA.md` and `lpa.md`),
//! which overwrite each other on the case-insensitive file systems of
//! macOS and Windows and of most web hosts' uploads. Found while loading,
//! so the message names both sides instead of a bare "File exists".

use std::collections::{BTreeMap, HashMap};

use crate::content::page::Page;
use crate::content::walk::Found;
use crate::diagnostic::Diagnostic;
use crate::site::Origin;

/// What writes one output path.
struct Output {
    path: String,
    /// Who, in words ("content/guide/lpa.md", "the sitemap careguide makes").
    who: String,
    /// The author's file to point the error at; `None` for careguide's own.
    file: Option<String>,
}

/// Every clash among the site's outputs, each reported once at an author's file.
pub fn check(
    pages: &[Page],
    assets: &[Found],
    statics: &BTreeMap<String, Origin>,
    form_ids: &[&str],
) -> Vec<Diagnostic> {
    let outputs = outputs(pages, assets, statics, form_ids);
    clashes(&outputs, pages)
}

/// Every output path of the site and what writes it: careguide's own
/// files and forms first, then pages, assets and static files.
fn outputs(
    pages: &[Page],
    assets: &[Found],
    statics: &BTreeMap<String, Origin>,
    form_ids: &[&str],
) -> Vec<Output> {
    let mut outputs = generated(form_ids);
    for p in pages {
        outputs.push(Output {
            path: format!("{}index.html", p.url),
            who: p.file.clone(),
            file: Some(p.file.clone()),
        });
    }
    for a in assets {
        let file = format!("content/{}", a.rel);
        outputs.push(Output {
            path: a.rel.clone(),
            who: file.clone(),
            file: Some(file),
        });
    }
    for (path, origin) in statics {
        let (who, file) = match origin {
            Origin::File(_) => (path.clone(), Some(path.clone())),
            Origin::Embedded(_) => (format!("careguide's built-in {path}"), None),
        };
        outputs.push(Output {
            path: path.clone(),
            who,
            file,
        });
    }
    outputs
}

/// The files careguide itself makes: the sitemap, feed and the like, and
/// each form's page and questionnaire.
fn generated(form_ids: &[&str]) -> Vec<Output> {
    let mut outputs: Vec<Output> = Vec::new();
    for (path, what) in [
        ("sitemap.xml", "the sitemap"),
        ("feed.xml", "the news feed"),
        ("robots.txt", "robots.txt"),
        ("404.html", "the \"page not found\" page"),
        ("review-schedule.csv", "the review schedule"),
    ] {
        outputs.push(Output {
            path: path.into(),
            who: format!("{what} careguide makes"),
            file: None,
        });
    }
    for id in form_ids {
        for path in [
            format!("forms/{id}/index.html"),
            format!("forms/{id}/questionnaire.json"),
        ] {
            outputs.push(Output {
                path,
                who: format!("the form `{id}`"),
                file: None,
            });
        }
    }
    if !form_ids.is_empty() {
        outputs.push(Output {
            path: "forms/index.html".into(),
            who: "the list of forms careguide makes".into(),
            file: None,
        });
    }
    outputs
}

/// The clashes among `outputs`: exact ones (but two pages, which
/// `site::duplicate_urls` reports), case-only ones, and a file where
/// another output needs a folder.
fn clashes(outputs: &[Output], pages: &[Page]) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    // Case-only clashes and exact ones (two pages with one URL are
    // reported by `site::duplicate_urls`).
    let mut by_folded: HashMap<String, usize> = HashMap::new();
    for (i, o) in outputs.iter().enumerate() {
        let Some(&j) = by_folded.get(&o.path.to_lowercase()) else {
            by_folded.insert(o.path.to_lowercase(), i);
            continue;
        };
        let first = &outputs[j];
        if first.path == o.path {
            let both_pages = o.path.ends_with("index.html")
                && pages.iter().any(|p| Some(&p.file) == o.file.as_ref())
                && pages.iter().any(|p| Some(&p.file) == first.file.as_ref());
            if !both_pages {
                errors.extend(report(first, o, |a, b| {
                    format!("{a} and {b} would both be published at /{}", o.path)
                }));
            }
        } else {
            errors.extend(report(first, o, |a, b| {
                format!(
                    "{a} and {b} would be published at /{} and /{}, which differ only in case",
                    first.path, o.path
                )
            }));
        }
    }
    // A file where another output needs a folder.
    for o in outputs {
        let mut at = 0;
        while let Some(i) = o.path[at..].find('/') {
            let folder = &o.path[..at + i];
            if let Some(&j) = by_folded.get(&folder.to_lowercase()) {
                let file = &outputs[j];
                errors.extend(report(file, o, |a, b| {
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
    first: &Output,
    second: &Output,
    message: impl Fn(&str, &str) -> String,
) -> Option<Diagnostic> {
    let file = second.file.as_ref().or(first.file.as_ref())?;
    let hint = if first.file.is_none() || second.file.is_none() {
        "rename or move the file; careguide makes that path itself"
    } else {
        "rename or move one of them (case matters on some computers and not on others, so careguide refuses both)"
    };
    Some(Diagnostic::error(file, message(&first.who, &second.who)).hint(hint))
}
