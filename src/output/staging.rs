//! The staging folder a build fills beside the output folder, and the
//! removal of staging folders and previous sites careguide left behind.

use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use super::MARKER;
use super::remove::remove_output;

pub(super) fn staging_prefix(out: &Path) -> String {
    let name = out
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    format!(".{name}.careguide-staging-")
}

/// Remove staging folders left by a build that was killed.
pub fn clean_stale(out: &Path) {
    let Some(parent) = out.parent() else { return };
    let prefix = staging_prefix(out);
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with(&prefix)
            && !owner_alive(&name[prefix.len()..])
            && (e.path().join(MARKER).exists() || is_empty_dir(&e.path()))
        {
            let _ = remove_output(&e.path());
        }
    }
}

/// Whether the process that made a staging folder (its name ends in the
/// pid) is still running. The lock already keeps builds to one folder
/// apart; this also spares a build of a careguide without the lock.
fn owner_alive(suffix: &str) -> bool {
    let pid = suffix.strip_suffix(".old").unwrap_or(suffix);
    match pid.parse::<u32>() {
        Ok(pid) if pid == std::process::id() => false,
        // A live careguide by that pid (pids are reused; any other program is not an owner).
        Ok(pid) => std::fs::read_to_string(format!("/proc/{pid}/comm"))
            .is_ok_and(|comm| comm.trim_end() == "careguide"),
        Err(_) => false,
    }
}

fn is_empty_dir(p: &Path) -> bool {
    std::fs::read_dir(p)
        .map(|mut d| d.next().is_none())
        .unwrap_or(false)
}

/// A staging folder being filled by [`write_with`]; `write` may be called
/// from many threads at once.
pub struct Staging {
    dir: PathBuf,
    /// Folders already made inside it (relative), to skip repeat `mkdir`s.
    made: Mutex<HashSet<PathBuf>>,
}

impl Staging {
    /// The staging folder at `dir`, already made (with its marker).
    pub(super) fn new(dir: PathBuf) -> Staging {
        Staging {
            dir,
            made: Mutex::new(HashSet::new()),
        }
    }

    /// Write one output file at `rel` (a path inside the output folder).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        // Output paths come from file names and settings: none may leave
        // the staging folder, whatever a setting holds.
        if !is_plain_relative(rel) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("refused to write {rel:?} outside the output folder"),
            ));
        }
        if let Some(parent) = Path::new(rel).parent()
            && !parent.as_os_str().is_empty()
        {
            let known = self.lock().contains(parent);
            if !known {
                std::fs::create_dir_all(self.dir.join(parent))?;
                self.lock().insert(parent.to_path_buf());
            }
        }
        std::fs::write(self.dir.join(rel), bytes)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashSet<PathBuf>> {
        self.made.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Whether `rel` names a place inside a folder: relative, with no `..`,
/// no `.` and no empty parts.
pub fn is_plain_relative(rel: &str) -> bool {
    !rel.is_empty()
        && rel
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != ".." && !part.contains('\\'))
        && Path::new(rel)
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)))
}
