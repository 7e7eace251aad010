//! Form label translations (stub replaced below).
use std::path::Path;
use jiff::civil::Date;
use crate::diagnostic::Diagnostic;
use super::mark::Marked;

pub fn plan_mark(file: &Path, _today: Date) -> Result<(Marked, String), Diagnostic> {
    Err(Diagnostic::error(file.display().to_string(), "not yet"))
}
