//! `careguide new DIR`: a small starter site that builds with no errors;
//! `careguide eject` and `careguide docs` for working on it afterwards.

pub mod docs;
pub mod eject;

use std::path::Path;

use crate::diagnostic::Diagnostic;

const FILES: &[(&str, &str)] = &[
    ("site.yaml", include_str!("site.yaml")),
    ("content/_index.md", include_str!("home.md")),
    (
        "content/planning-ahead.md",
        include_str!("planning-ahead.md"),
    ),
    ("content/about.md", include_str!("about.md")),
    ("content/accessibility.md", include_str!("accessibility.md")),
    ("forms/my-wishes.yaml", include_str!("my-wishes.yaml")),
    (
        "templates/footer-extra.html",
        include_str!("footer-extra.html"),
    ),
    ("data/contacts.yaml", include_str!("contacts.yaml")),
    (
        ".gitignore",
        "/public\n# The build's lock file, and its staging folder while it runs\n/.public.*\n",
    ),
];

/// Where a site is published from, for `careguide new --ci`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ci {
    GitHub,
    GitLab,
}

impl Ci {
    /// The workflow file it reads, and its text.
    fn file(self) -> (&'static str, &'static str) {
        match self {
            Ci::GitHub => (
                ".github/workflows/publish.yml",
                include_str!("ci-github.yml"),
            ),
            Ci::GitLab => (".gitlab-ci.yml", include_str!("ci-gitlab.yml")),
        }
    }
}

pub fn create(dir: &Path, ci: Option<Ci>) -> Result<(), Diagnostic> {
    let shown = dir.display().to_string();
    if dir.exists() {
        let empty = std::fs::read_dir(dir)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty {
            return Err(
                Diagnostic::error(&shown, "this folder already exists and is not empty")
                    .hint("choose a new folder name; careguide new never overwrites files"),
            );
        }
    }
    for (path, text) in FILES.iter().copied().chain(ci.map(Ci::file)) {
        let target = dir.join(path);
        let write = || -> std::io::Result<()> {
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(&target, text)
        };
        write().map_err(|e| {
            Diagnostic::error(
                target.display().to_string(),
                format!("cannot write this file: {e}"),
            )
            .hint("check that you can write to the folder")
        })?;
    }
    Ok(())
}
