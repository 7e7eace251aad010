//! Finding the files of a site folder (content/, data/, forms/, templates/, static/).

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostic::Diagnostic;

/// A file found under one of the site's folders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Absolute (or root-joined) path to read.
    pub path: PathBuf,
    /// Path inside the walked folder, with `/` separators.
    pub rel: String,
}

/// All regular files under `root/folder`, sorted by path. Hidden files and
/// editor leftovers are skipped. Symlinks are followed only when they stay
/// inside the site root; a loop or a link that leads outside is an error,
/// because publishing it could leak files that were never meant for the site.
pub fn files(root: &Path, folder: &str) -> (Vec<Found>, Vec<Diagnostic>) {
    let base = root.join(folder);
    let mut found = Vec::new();
    let mut errors = Vec::new();
    if !base.is_dir() {
        return (found, errors);
    }
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let walker = WalkDir::new(&base)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let shown = e
                    .path()
                    .map(|p| display(root, p))
                    .unwrap_or_else(|| folder.to_string());
                errors.push(Diagnostic::error(
                    shown,
                    format!("cannot read this folder: {e}"),
                ));
                continue;
            }
        };
        let path = entry.path();
        let shown = display(root, path);
        let file_type = entry.file_type();
        if file_type.is_symlink() {
            match path.canonicalize() {
                Ok(target) if target.starts_with(&canonical_root) && target.is_file() => {}
                Ok(target) if target.starts_with(&canonical_root) => {
                    errors.push(
                        Diagnostic::error(shown, "this symlink points to a folder")
                            .hint("careguide follows symlinks to files only; copy or move the folder into place"),
                    );
                    continue;
                }
                Ok(_) => {
                    errors.push(
                        Diagnostic::error(shown, "this symlink points outside the site folder")
                            .hint("copy the file into the site instead, so nothing outside it can be published by accident"),
                    );
                    continue;
                }
                Err(e) => {
                    errors.push(
                        Diagnostic::error(shown, format!("this symlink cannot be followed: {e}"))
                            .hint("remove the broken or looping symlink"),
                    );
                    continue;
                }
            }
        } else if !file_type.is_file() {
            continue;
        }
        let rel = path
            .strip_prefix(&base)
            .unwrap_or(path)
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        found.push(Found {
            path: path.to_path_buf(),
            rel,
        });
    }
    (found, errors)
}

/// Hidden files, editor swap and backup files.
pub fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913"
}

/// A path as shown to users: relative to the site root, with `/`.
pub fn display(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
