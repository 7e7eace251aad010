//! Removing a folder careguide wrote: the previous site after a swap, or a
//! staging folder a build gave up or a killed build left behind.
//!
//! The tree is removed on every core. A site of 10,000 pages is about
//! 30,000 files and folders, and `std::fs::remove_dir_all` took 0.44 to
//! 0.49 s to remove one on a tmpfs, against 0.33 to 0.35 s this way (two
//! cores; a throwaway timing program, see bench/README.md). Every rebuild
//! into the same folder pays it, after the new site is in place.

use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::MARKER;

/// Remove a folder careguide wrote, its marker last. A build killed while
/// it removes a folder (the previous site after the swap, say) leaves the
/// marker behind as long as anything else is left, so that the next build
/// still knows the folder for its own and finishes the job; with the
/// marker gone first it would leave a half-removed folder for good.
pub(super) fn remove_output(dir: &Path) -> io::Result<()> {
    let entries: Vec<Entry> = listing(dir)?
        .into_iter()
        .filter(|e| e.path.file_name().is_none_or(|n| n != MARKER))
        .collect();
    remove_all(&entries)?;
    match std::fs::remove_file(dir.join(MARKER)) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    std::fs::remove_dir(dir)
}

struct Entry {
    path: PathBuf,
    /// A folder, not a link to one: a link is removed, never followed.
    is_dir: bool,
}

fn listing(dir: &Path) -> io::Result<Vec<Entry>> {
    std::fs::read_dir(dir)?
        .map(|e| {
            let e = e?;
            Ok(Entry {
                is_dir: e.file_type()?.is_dir(),
                path: e.path(),
            })
        })
        .collect()
}

/// Entries side by side, a folder's own entries side by side in turn; in
/// runs of 64 so that a folder of ten thousand fragments is shared out too.
fn remove_all(entries: &[Entry]) -> io::Result<()> {
    entries.par_iter().with_max_len(64).try_for_each(|e| {
        let removed = if e.is_dir {
            listing(&e.path)
                .and_then(|inner| remove_all(&inner))
                .and_then(|()| std::fs::remove_dir(&e.path))
        } else {
            std::fs::remove_file(&e.path)
        };
        // Already gone is what was wanted.
        match removed {
            Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(()),
            other => other,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_a_deep_tree_and_links_without_following_them() {
        let dir = tempfile::tempdir().unwrap();
        let kept = dir.path().join("kept");
        std::fs::create_dir(&kept).unwrap();
        std::fs::write(kept.join("precious.txt"), "keep").unwrap();
        let out = dir.path().join("out");
        for i in 0..300 {
            let page = out.join(format!("section-{}/page-{i}", i % 7));
            std::fs::create_dir_all(&page).unwrap();
            std::fs::write(page.join("index.html"), "x").unwrap();
        }
        std::fs::create_dir_all(out.join("pagefind/fragment")).unwrap();
        for i in 0..500 {
            std::fs::write(out.join(format!("pagefind/fragment/{i}.pf_fragment")), "y").unwrap();
        }
        std::fs::write(out.join(MARKER), "m").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(&kept, out.join("link-to-kept")).unwrap();
        remove_output(&out).unwrap();
        assert!(!out.exists(), "the whole tree is gone");
        assert!(
            kept.join("precious.txt").exists(),
            "a link inside is removed, not followed"
        );
    }
}
