//! Writing the built site: into a staging folder beside the output folder,
//! then swapped in with one rename, so the output folder is always either
//! the complete previous site or the complete new one.

use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::urls::Files;

mod lock;
mod remove;
mod staging;

use lock::lock;
pub use lock::lock_path;
use remove::remove_output;
use staging::staging_prefix;
pub use staging::{Staging, clean_stale, is_plain_relative};

/// Why the output folder could not be written, as the user should hear it.
#[derive(Debug)]
pub struct WriteError {
    pub message: String,
    pub hint: String,
}

impl WriteError {
    fn io(e: io::Error) -> WriteError {
        WriteError {
            message: format!("cannot write the output folder: {e}"),
            hint: "check the folder is writable and the disk has space; the previous output is untouched".into(),
        }
    }

    /// The error as a diagnostic about the output folder `out`.
    pub fn diagnostic(&self, out: &Path) -> Diagnostic {
        Diagnostic::error(out.display().to_string(), &self.message).hint(&self.hint)
    }
}

impl From<io::Error> for WriteError {
    fn from(e: io::Error) -> Self {
        WriteError::io(e)
    }
}

/// What a finished write has to tell: the new site is in place, but the
/// previous one could not be removed entirely.
#[derive(Debug, Default)]
pub struct Leftover(pub Option<Diagnostic>);

/// A file every careguide output folder carries, so that careguide never
/// replaces a folder it did not make (say, `--out ~` by mistake).
pub const MARKER: &str = ".careguide-output";

/// Refuse output folders that would overwrite or swallow the site's sources.
pub fn check_out_dir(root: &Path, out: &Path) -> Result<(), Diagnostic> {
    let root = absolute(root);
    let out = absolute(out);
    let err = |msg: String| {
        Diagnostic::error(out.display().to_string(), msg).hint(
            "choose an output folder of its own, such as `public/` inside the site (the default)",
        )
    };
    if out == root {
        return Err(err("the output folder is the site folder itself".into()));
    }
    if root.starts_with(&out) {
        return Err(err("the output folder contains the site folder".into()));
    }
    for source in ["content", "data", "forms", "templates", "static"] {
        if out.starts_with(root.join(source)) {
            return Err(err(format!(
                "the output folder is inside the site's {source}/ folder"
            )));
        }
    }
    if out.is_file() {
        return Err(err("the output path is a file, not a folder".into()));
    }
    if let Some(problem) = unswappable(&out) {
        return Err(err(problem));
    }
    if out.is_dir() && !out.join(MARKER).exists() {
        let empty = std::fs::read_dir(&out)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty {
            return Err(Diagnostic::error(
                out.display().to_string(),
                "the output folder already holds files that careguide did not write",
            )
            .hint("careguide replaces its output folder whole; point --out at a new or empty folder, or move those files away"));
        }
    }
    Ok(())
}

/// Make `path` absolute and lexically normal, without touching the disk
/// (the output folder may not exist yet).
pub fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    // Resolve symlinks where the path exists, so `root` and `out` compare truly.
    if let Ok(c) = joined.canonicalize() {
        return c;
    }
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    match (out.parent(), out.file_name()) {
        (Some(parent), Some(name)) => parent.canonicalize().map_or(out.clone(), |p| p.join(name)),
        _ => out,
    }
}

/// Why `out` cannot be replaced by renaming a folder over it, if it cannot:
/// a symlink to nowhere (a folder cannot be renamed onto a symlink, and the
/// build would leave its whole staging copy behind) or a mount point (a
/// mount point cannot be renamed at all).
fn unswappable(out: &Path) -> Option<String> {
    // `absolute` resolved every symlink that leads somewhere; one left is dangling.
    if let Ok(meta) = std::fs::symlink_metadata(out)
        && meta.file_type().is_symlink()
    {
        let target = std::fs::read_link(out).unwrap_or_default();
        return Some(format!(
            "the output folder is a symlink to {}, which does not exist",
            target.display()
        ));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(meta), Some(parent)) = (std::fs::metadata(out), out.parent())
            && let Ok(up) = std::fs::metadata(parent)
            && meta.is_dir()
            && (meta.dev() != up.dev() || meta.ino() == up.ino())
        {
            return Some(
                "the output folder is a mount point, which careguide cannot replace (it swaps the whole folder in by renaming); use a folder inside it"
                    .into(),
            );
        }
    }
    None
}

/// Write `files` as the new contents of `out`.
pub fn write(out: &Path, files: &Files) -> Result<Leftover, WriteError> {
    let (written, leftover) = write_with(out, |staging| {
        files
            .par_iter()
            .try_for_each(|(path, bytes)| staging.write(path, bytes))
    })?;
    written?;
    Ok(leftover)
}

/// Make a staging folder beside `out`, let `fill` write the site into it,
/// and only if `fill` succeeds swap it in as the new `out`. If `fill`
/// fails, the staging folder is removed and `out` is left as it was. The
/// outer error is a failure of the file system around `fill`.
pub fn write_with<T, E>(
    out: &Path,
    fill: impl FnOnce(&Staging) -> Result<T, E>,
) -> Result<(Result<T, E>, Leftover), WriteError> {
    let out = absolute(out);
    if let Some(problem) = unswappable(&out) {
        return Err(WriteError {
            message: problem,
            hint: "point --out at a plain folder (careguide makes it if it does not exist)".into(),
        });
    }
    let parent = out
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    std::fs::create_dir_all(&parent)?;
    // Held until this function returns: clean-up and the swap below only
    // ever run with no other build writing to `out`.
    let _lock = lock(&out)?;
    clean_stale(&out);
    let staging = parent.join(format!("{}{}", staging_prefix(&out), std::process::id()));
    if staging.exists() {
        std::fs::remove_dir_all(&staging)?;
    }
    std::fs::create_dir(&staging)?;
    // The marker goes first: a killed build leaves a staging folder that the
    // next build recognises as its own and removes.
    if let Err(e) = std::fs::write(staging.join(MARKER), b"careguide build output\n") {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e.into());
    }
    let filler = Staging::new(staging.clone());
    match fill(&filler) {
        Ok(value) => match swap_in(&staging, &out) {
            Ok(leftover) => Ok((Ok(value), leftover)),
            Err(e) => {
                // Not swapped: `out` is as it was, and the copy goes.
                let _ = remove_output(&staging);
                Err(e.into())
            }
        },
        Err(e) => {
            let _ = remove_output(&staging);
            Ok((Err(e), Leftover::default()))
        }
    }
}

/// Put `staging` in place of `out` atomically where the OS allows it. An
/// error means `out` was not changed. Once the new site is in place, a
/// failure to remove the previous one is not an error (the output folder
/// holds one complete site, the new one) but a warning naming the folder
/// where the rest of the previous site is.
fn swap_in(staging: &Path, out: &Path) -> io::Result<Leftover> {
    if !out.exists() {
        std::fs::rename(staging, out)?;
        return Ok(Leftover::default());
    }
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        // One atomic step: the two folders trade places.
        if renameat_with(CWD, staging, CWD, out, RenameFlags::EXCHANGE).is_ok() {
            // `staging` now holds the previous site.
            return Ok(remove_previous(staging, out));
        }
    }
    // Fallback (other systems, or file systems without exchange): a short
    // window in which the old site sits under a temporary name.
    let old = staging.with_extension("old");
    std::fs::rename(out, &old)?;
    if let Err(e) = std::fs::rename(staging, out) {
        // Put the previous site back.
        let _ = std::fs::rename(&old, out);
        return Err(e);
    }
    Ok(remove_previous(&old, out))
}

fn remove_previous(previous: &Path, out: &Path) -> Leftover {
    match remove_output(previous) {
        Ok(()) => Leftover(None),
        Err(e) => Leftover(Some(
            Diagnostic::warning(
                out.display().to_string(),
                format!(
                    "the new site is in place, but part of the previous one could not be removed from {}: {e}",
                    previous.display()
                ),
            )
            .hint("check that folder's permissions and remove it; the next build tries again"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_source_folders() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join("content")).unwrap();
        assert!(check_out_dir(root, root).is_err());
        assert!(check_out_dir(root, root.parent().unwrap()).is_err());
        assert!(check_out_dir(root, &root.join("content/out")).is_err());
        assert!(check_out_dir(root, &root.join("public")).is_ok());
    }

    #[test]
    fn refuses_a_folder_it_did_not_make() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("mine");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("precious.txt"), "keep").unwrap();
        let d = check_out_dir(&dir.path().join("site"), &out).unwrap_err();
        assert!(d.message.contains("did not write"));
    }

    #[test]
    fn a_half_removed_folder_is_cleaned_by_the_next_build_and_others_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        // What a build killed while removing the previous site leaves: the
        // marker and some of the files (remove_output takes the marker last).
        let stale = dir.path().join(format!("{}4242", staging_prefix(&out)));
        std::fs::create_dir_all(stale.join("guide/lpa")).unwrap();
        std::fs::write(stale.join(MARKER), "x").unwrap();
        std::fs::write(stale.join("guide/lpa/index.html"), "old").unwrap();
        // A folder with the same kind of name that careguide did not write.
        let foreign = dir.path().join(format!("{}4343", staging_prefix(&out)));
        std::fs::create_dir_all(&foreign).unwrap();
        std::fs::write(foreign.join("notes.txt"), "keep").unwrap();
        let mut files = Files::new();
        files.insert("index.html".into(), b"new".to_vec());
        write(&out, &files).unwrap();
        assert!(!stale.exists(), "the stale staging folder is removed");
        assert!(
            foreign.join("notes.txt").exists(),
            "a folder without the marker is kept"
        );
    }

    /// Issue 19, finding 3: a mount point cannot be renamed, so it is
    /// refused before anything is written (`/proc` is one on Linux).
    #[cfg(target_os = "linux")]
    #[test]
    fn refuses_a_mount_point() {
        let problem = unswappable(Path::new("/proc")).unwrap();
        assert!(problem.contains("mount point"), "{problem}");
        let d = check_out_dir(Path::new("/tmp/site"), Path::new("/proc")).unwrap_err();
        assert!(d.message.contains("mount point"), "{}", d.message);
    }

    /// Issue 19, finding 4: no output path leaves the staging folder,
    /// whatever a setting or a file name holds.
    #[test]
    fn staging_refuses_paths_that_leave_it() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site/public");
        for rel in [
            "../x",
            "a/../../x",
            "/etc/x",
            "pagefind/../../../x",
            "a//b",
            "./a",
        ] {
            let mut files = Files::new();
            files.insert(rel.into(), b"x".to_vec());
            assert!(write(&out, &files).is_err(), "{rel}");
        }
        assert!(!dir.path().join("x").exists());
        assert!(!dir.path().join("site/x").exists());
    }

    #[test]
    fn swaps_whole_site_and_leaves_no_staging() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let mut files = Files::new();
        files.insert("a/index.html".into(), b"one".to_vec());
        write(&out, &files).unwrap();
        files.clear();
        files.insert("b/index.html".into(), b"two".to_vec());
        write(&out, &files).unwrap();
        assert!(!out.join("a/index.html").exists());
        assert_eq!(std::fs::read(out.join("b/index.html")).unwrap(), b"two");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        let leftovers: Vec<_> = leftovers
            .into_iter()
            .filter(|n| *n != *lock_path(&out).file_name().unwrap())
            .collect();
        assert_eq!(leftovers.len(), 1, "{leftovers:?}");
    }
}
