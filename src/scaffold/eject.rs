//! `careguide eject [NAME…]`: copy built-in templates and static files into
//! the site, where they override the built-in ones and can be changed.

use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;

/// Every built-in file as (path in the site, bytes): `templates/base.html`,
/// `static/css/site.css`, …
fn built_in() -> Vec<(String, &'static [u8])> {
    let templates = crate::embedded::TEMPLATES
        .iter()
        .map(|(n, b)| (format!("templates/{n}"), *b));
    let statics = crate::embedded::STATIC
        .iter()
        .map(|(n, b)| (format!("static/{n}"), *b));
    templates.chain(statics).collect()
}

/// The built-in files a name asks for: a template (`base.html`), a path
/// (`static/css/site.css`, `templates/page.html`) or a folder (`static`,
/// `static/js`). No names: everything.
fn select<'a>(
    all: &'a [(String, &'static [u8])],
    names: &[String],
) -> Result<Vec<&'a (String, &'static [u8])>, Diagnostic> {
    if names.is_empty() {
        return Ok(all.iter().collect());
    }
    let mut chosen = Vec::new();
    for name in names {
        let name = name.trim_end_matches('/');
        let found: Vec<_> = all
            .iter()
            .filter(|(p, _)| {
                p == name
                    || p.strip_prefix("templates/") == Some(name)
                    || p.starts_with(&format!("{name}/"))
            })
            .collect();
        if found.is_empty() {
            let known: Vec<&str> = all.iter().map(|(p, _)| p.as_str()).collect();
            let short: Vec<&str> = known
                .iter()
                .map(|p| p.strip_prefix("templates/").unwrap_or(p))
                .collect();
            let hint = match crate::diagnostic::did_you_mean(name, &short) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!("built-in files are: {}", short.join(", ")),
            };
            return Err(Diagnostic::error(
                name,
                "there is no built-in template or static file of this name",
            )
            .hint(hint));
        }
        chosen.extend(found);
    }
    chosen.dedup_by(|a, b| a.0 == b.0);
    Ok(chosen)
}

/// Copy the chosen files into `root`; refuses (writing nothing) when any
/// already exists, unless `force`. Returns the paths written.
pub fn eject(root: &Path, names: &[String], force: bool) -> Result<Vec<String>, Diagnostic> {
    if !root.join("site.yaml").is_file() {
        return Err(Diagnostic::error(
            root.join("site.yaml").display().to_string(),
            "this is not a careguide site folder (it has no site.yaml)",
        )
        .hint("run this inside your site folder, or pass --root"));
    }
    let all = built_in();
    let chosen = select(&all, names)?;
    let existing: Vec<&str> = chosen
        .iter()
        .filter(|(p, _)| root.join(p).exists())
        .map(|(p, _)| p.as_str())
        .collect();
    if !existing.is_empty() && !force {
        return Err(Diagnostic::error(
            existing[0],
            format!(
                "{} already in your site: {}",
                if existing.len() == 1 {
                    "this file is"
                } else {
                    "these files are"
                },
                existing.join(", ")
            ),
        )
        .hint("nothing was copied; add --force to replace them with the built-in versions"));
    }
    let mut written = Vec::new();
    for (path, bytes) in chosen {
        let target: PathBuf = root.join(path);
        let write = || -> std::io::Result<()> {
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(&target, bytes)
        };
        write().map_err(|e| {
            Diagnostic::error(path, format!("cannot write this file: {e}"))
                .hint("check that you can write to the site folder")
        })?;
        written.push(path.clone());
    }
    Ok(written)
}
