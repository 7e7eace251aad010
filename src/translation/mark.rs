//! `careguide translate mark FILE…`: record in a translation's front matter
//! which revision of its source it now matches. It writes three keys,
//! replacing them if present: `translation_of` (the source's content hash),
//! `translation_marked` (the day) and `translation_blocks` (a hash per
//! heading and paragraph, so `check` can later say what changed). Every
//! other line of the file is left as it was.

use std::path::{Path, PathBuf};

use jiff::civil::Date;

use super::blocks;
use crate::config::ReviewPolicy;
use crate::content::{page, source};
use crate::diagnostic::Diagnostic;
use crate::i18n;

/// What one mark did, for the command's output.
#[derive(Debug)]
pub struct Marked {
    pub file: String,
    pub source: String,
    pub hash: String,
    /// Whether `translation_of` changed (false: it was already current).
    pub changed: bool,
}

/// The source page of a translation file: `lpa.ur.md` → `lpa.md`.
pub fn source_of(file: &Path) -> Option<PathBuf> {
    let name = file.file_name()?.to_str()?;
    let stem = name.strip_suffix(".md")?;
    let (base, _) = i18n::split_suffix(stem)?;
    Some(file.with_file_name(format!("{base}.md")))
}

/// Mark every file of `files` (page translations, or form label
/// translations `forms/<id>.<code>.yaml`) as matching its source now. If
/// any cannot be marked, nothing is written and every problem comes back.
pub fn mark_all(files: &[PathBuf], today: Date) -> Result<Vec<Marked>, Vec<Diagnostic>> {
    let mut planned = Vec::new();
    let mut errors = Vec::new();
    for f in files {
        let result = if f.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            super::forms::plan_mark(f, today)
        } else {
            plan_mark(f, today)
        };
        match result {
            Ok(p) => planned.push(p),
            Err(d) => errors.push(d),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut done = Vec::new();
    for (marked, text) in planned {
        std::fs::write(&marked.file, text).map_err(|e| {
            vec![Diagnostic::error(
                &marked.file,
                format!("cannot write this file: {e}"),
            )]
        })?;
        done.push(marked);
    }
    Ok(done)
}

/// The marked text of the page translation `file`, not yet written.
fn plan_mark(file: &Path, today: Date) -> Result<(Marked, String), Diagnostic> {
    let shown = file.display().to_string();
    let Some(src_path) = source_of(file) else {
        return Err(Diagnostic::error(&shown, "this is not named like a translation")
            .hint("a translation is named `<page>.<code>.md` beside its source, e.g. content/guide/lpa.ur.md"));
    };
    let src_shown = src_path.display().to_string();
    let src_text = read(&src_path, &src_shown).map_err(|d| {
        if src_path.exists() {
            d
        } else {
            Diagnostic::error(
                &shown,
                format!("its source page {src_shown} does not exist"),
            )
            .hint("a translation sits beside its source page: `lpa.ur.md` translates `lpa.md`")
        }
    })?;
    // Its name inside content/ matters only for `_index.md` rules.
    let src_name = src_path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("source.md");
    let src = page::parse(&src_shown, src_name, src_text, &ReviewPolicy::default())
        .map_err(|mut e| e.remove(0))?;
    let (hash, src_blocks) = super::source_state(&src)?;
    let text = read(file, &shown)?;
    let split = crate::content::frontmatter::split(&shown, &text)?;
    let yaml_start = text.find('\n').map_or(text.len(), |i| i + 1);
    let yaml_end = yaml_start + split.yaml.len();
    let mut lines: Vec<String> = split.yaml.lines().map(str::to_string).collect();
    let old = old_hash(&lines);
    let at = lines.len();
    set_keys(
        &mut lines,
        at,
        [
            ("translation_of", hash.clone()),
            ("translation_marked", today.to_string()),
            (
                "translation_blocks",
                format!("\"{}\"", blocks::encode(&src_blocks)),
            ),
        ],
    );
    let out = format!(
        "{}{}\n{}",
        &text[..yaml_start],
        lines.join("\n"),
        &text[yaml_end..]
    );
    let changed = old.as_deref() != Some(hash.as_str());
    let marked = Marked {
        file: shown,
        source: src_shown,
        changed,
        hash,
    };
    Ok((marked, out))
}

fn read(path: &Path, shown: &str) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::error(shown, format!("cannot read this file: {e}")))?;
    source::decode(shown, &bytes)
}

/// The `translation_of` already written, if any.
fn old_hash(lines: &[String]) -> Option<String> {
    lines
        .iter()
        .find_map(|l| l.strip_prefix("translation_of:"))
        .map(|v| v.trim().trim_matches(['"', '\'']).to_string())
}

/// Replace each `key: …` line of `lines`, or insert it at `at`.
fn set_keys<const N: usize>(lines: &mut Vec<String>, at: usize, keys: [(&str, String); N]) {
    let mut at = at;
    for (key, value) in keys {
        let line = format!("{key}: {value}");
        match lines.iter().position(|l| l.starts_with(&format!("{key}:"))) {
            Some(i) => lines[i] = line,
            None => {
                lines.insert(at, line);
                at += 1;
            }
        }
    }
}

/// The marked text of a form translation `file` (`forms/<id>.<code>.yaml`),
/// not yet written: `translation_of` and `translation_marked` at the top,
/// after the comment lines that open the file.
pub fn plan_mark_form(file: &Path, today: Date) -> Result<(Marked, String), Diagnostic> {
    let shown = file.display().to_string();
    let name = file
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let Some((id, _)) = super::forms::split_name(name) else {
        return Err(Diagnostic::error(&shown, "this is not named like a form translation")
            .hint("a form's labels in another language are in forms/<form id>.<code>.yaml, e.g. forms/my-wishes.ur.yaml"));
    };
    let source = file.with_file_name(format!("{id}.yaml"));
    let source_shown = source.display().to_string();
    let source_text = read(&source, &source_shown).map_err(|_| {
        Diagnostic::error(
            &shown,
            format!("its source form {source_shown} does not exist or cannot be read"),
        )
    })?;
    let text = read(file, &shown)?;
    let hash = super::forms::form_hash(&source_text);
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let old = old_hash(&lines);
    let first = lines
        .iter()
        .position(|l| !l.starts_with('#'))
        .unwrap_or(lines.len());
    set_keys(
        &mut lines,
        first,
        [
            ("translation_of", hash.clone()),
            ("translation_marked", today.to_string()),
        ],
    );
    let out = lines.join("\n") + "\n";
    let changed = old.as_deref() != Some(hash.as_str());
    let marked = Marked {
        file: shown,
        source: source_shown,
        changed,
        hash,
    };
    Ok((marked, out))
}
