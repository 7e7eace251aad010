//! One build at a time per output folder: a lock file beside it.

use std::io;
use std::path::{Path, PathBuf};

use super::WriteError;

/// The lock file beside `out` that builds to `out` take for as long as they
/// write: two builds at once would otherwise remove each other's staging
/// folders and could both publish a site with files missing.
pub fn lock_path(out: &Path) -> PathBuf {
    let name = out
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    out.with_file_name(format!(".{name}.careguide-lock"))
}

/// Take the lock for writing `out`, or say which build holds it. The lock
/// is released when the returned file is closed (also when the process
/// dies), so a killed build never leaves a stale lock.
pub(super) fn lock(out: &Path) -> Result<std::fs::File, WriteError> {
    use std::io::{Read, Seek, Write};
    let path = lock_path(out);
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)?;
    match file.try_lock() {
        Ok(()) => {
            file.set_len(0)?;
            file.seek(io::SeekFrom::Start(0))?;
            writeln!(file, "{}", std::process::id())?;
            Ok(file)
        }
        Err(std::fs::TryLockError::WouldBlock) => {
            let mut pid = String::new();
            let _ = file.read_to_string(&mut pid);
            let pid = pid.trim();
            Err(WriteError {
                message: format!(
                    "another build is writing {} (pid {})",
                    out.display(),
                    if pid.is_empty() { "unknown" } else { pid }
                ),
                hint: format!(
                    "wait for it to finish and build again; two builds to one folder would remove each other's files (the lock is {})",
                    path.display()
                ),
            })
        }
        Err(std::fs::TryLockError::Error(e)) => Err(e.into()),
    }
}
