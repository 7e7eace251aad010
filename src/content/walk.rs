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
        if entry.file_type().is_dir() {
            continue;
        }
        if let Err(d) = vet(&canonical_root, path, &shown) {
            errors.push(d);
            continue;
        }
        if matches!(folder, "content" | "static")
            && let Some(d) = unpublishable_name(&shown)
        {
            errors.push(d);
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

/// The site's source folders. A symlink in one may lead to a file in any
/// of them, and nowhere else: not outside the site, and not to the site
/// folder's own files (`.env`, site.yaml) or its output.
pub const SOURCE_FOLDERS: [&str; 5] = ["content", "data", "forms", "templates", "static"];

/// Whether the file at `path` (not a folder) may be read as a source: a
/// regular file, or a symlink to a regular file inside one of the site's
/// [`SOURCE_FOLDERS`]. `canonical_root` is the site folder with its own
/// symlinks resolved. The same rules hold for a whole build and for the
/// preview's updates of single pages (`session`).
pub fn vet(canonical_root: &Path, path: &Path, shown: &str) -> Result<(), Diagnostic> {
    let meta = std::fs::symlink_metadata(path)
        .map_err(|e| Diagnostic::error(shown, format!("cannot read this file: {e}")))?;
    if meta.file_type().is_symlink() {
        let target = path.canonicalize().map_err(|e| {
            Diagnostic::error(shown, format!("this symlink cannot be followed: {e}"))
                .hint("remove the broken or looping symlink")
        })?;
        let Ok(inside) = target.strip_prefix(canonical_root) else {
            return Err(
                Diagnostic::error(shown, "this symlink points outside the site folder")
                    .hint("copy the file into the site instead, so nothing outside it can be published by accident"),
            );
        };
        if !SOURCE_FOLDERS.iter().any(|f| inside.starts_with(f)) {
            return Err(Diagnostic::error(
                shown,
                format!(
                    "this symlink points to {}, which is not in the site's content, data, forms, templates or static folder",
                    display(Path::new(""), inside)
                ),
            )
            .hint("symlinks may lead only to the site's own source files; copy the file into place if it is meant to be published"));
        }
        let target_meta = std::fs::metadata(&target)
            .map_err(|e| Diagnostic::error(shown, format!("cannot read this file: {e}")))?;
        if target_meta.is_dir() {
            return Err(
                Diagnostic::error(shown, "this symlink points to a folder").hint(
                    "careguide follows symlinks to files only; copy or move the folder into place",
                ),
            );
        }
        if !target_meta.is_file() {
            return Err(not_regular(shown, "this symlink points to"));
        }
        return Ok(());
    }
    if !meta.is_file() {
        return Err(not_regular(shown, "this is"));
    }
    Ok(())
}

/// Read a file that [`vet`] found to be a regular file (not a symlink),
/// refusing it if it has been swapped for a symlink or something else
/// since: the open does not follow a symlink, and the file opened must be
/// a regular file.
pub fn read_regular(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    #[cfg(unix)]
    let mut file = {
        use rustix::fs::{Mode, OFlags};
        let fd = rustix::fs::open(
            path,
            OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::CLOEXEC | OFlags::NONBLOCK,
            Mode::empty(),
        )?;
        std::fs::File::from(fd)
    };
    #[cfg(not(unix))]
    let mut file = std::fs::File::open(path)?;
    if !file.metadata()?.is_file() {
        return Err(std::io::Error::other("it is not a regular file"));
    }
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)?;
    Ok(bytes)
}

fn not_regular(shown: &str, what: &str) -> Diagnostic {
    Diagnostic::error(
        shown,
        format!("{what} something that is not a regular file (a FIFO, socket or device)"),
    )
    .hint("remove it; careguide reads only ordinary files (reading a FIFO would wait for ever)")
}

/// Why a file in content/ or static/ cannot be published under its name,
/// if it cannot. A file's path is its web address, so the name must need
/// no encoding to work everywhere it is written (links, the sitemap, the
/// feed, the review schedule): `#` and `?` would end the path (a page
/// `a#b.md` could never be reached), `%` would start an escape, and a
/// control character (a newline, an escape sequence) breaks the sitemap
/// and the terminal. A page's name, which becomes its URL, may not hold
/// spaces or the characters URLs must encode either.
pub fn unpublishable_name(shown: &str) -> Option<Diagnostic> {
    let is_page = shown.starts_with("content/") && shown.ends_with(".md");
    let bad = shown.chars().find(|&c| {
        c.is_control()
            || matches!(c, '#' | '?' | '%')
            || (is_page && (c.is_whitespace() || "\"<>\\^`{|}".contains(c)))
    })?;
    let shown_char = if bad.is_control() || bad.is_whitespace() {
        format!("{:?}", bad)
    } else {
        format!("`{bad}`")
    };
    Some(
        Diagnostic::error(
            shown,
            format!(
                "the file name contains {shown_char}, which cannot be part of a web address as it is"
            ),
        )
        .hint(if is_page {
            "rename the file using letters, digits, `-` and `_` (for example `my-wishes.md`); its name becomes the page's address"
        } else {
            "rename the file without `#`, `?`, `%` or control characters; its name becomes its web address"
        }),
    )
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
