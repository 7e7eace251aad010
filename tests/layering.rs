//! Which top-level modules of `src/` may use which (issue 18: "modules that
//! depend one way").
//!
//! The scan is textual, on purpose: it reads every `src/**/*.rs`, skips
//! lines that are `//` comments, and collects each `crate::<module>` path
//! (and `crate::{a, b::c}` groups, and `careguide::<module>` in main.rs and
//! cli/, the binary, which both count as `main`). A file's module is the
//! first part of its path under `src/`, so `src/check/sms.rs` is `check`;
//! `super::` paths stay inside a module and are not counted. Test code
//! inside `src/` counts too, and a `crate::` in a string literal would
//! count: simple and predictable beats clever here.
//!
//! The test fails on any edge that is not in [`ALLOWED`], so a new
//! dependency is a decision someone writes down, and a new back-edge (a
//! lower layer using a higher one) fails CI. It also fails on an edge in the
//! list that the code no longer has, so a debt that is paid off is removed
//! from the list and cannot quietly come back.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Every allowed `from -> to` edge between top-level modules. The intended
/// order, lowest first (issue 18): diagnostic, rule, source, yaml and text analysis
/// (`text`: reading grade, SMS counts, SNOMED codes, word list, escaping)
/// <- config <- content (and forms) <- site <- markdown <- render, check <-
/// output, search <- pipeline <- session <- preview <- main; serve uses
/// nothing of the build.
const ALLOWED: &[(&str, &str)] = &[
    // Edges that follow the layers.
    ("check", "config"),
    ("check", "content"),
    ("check", "diagnostic"),
    ("check", "easy_read"),
    ("check", "forms"),
    ("check", "markdown"),
    ("check", "rule"),
    ("check", "site"),
    ("check", "text"),
    ("check", "yaml"),
    ("components", "diagnostic"),
    ("components", "forms"),
    ("components", "text"),
    ("config", "diagnostic"),
    ("config", "rule"),
    ("config", "source"),
    ("config", "text"),
    ("config", "yaml"),
    ("content", "config"),
    ("content", "diagnostic"),
    ("content", "source"),
    ("content", "yaml"),
    ("diagnostic", "rule"),
    ("easy_read", "components"),
    ("easy_read", "diagnostic"),
    ("easy_read", "text"),
    ("forms", "diagnostic"),
    ("forms", "text"),
    ("forms", "yaml"),
    ("main", "check"),
    ("main", "diagnostic"),
    ("main", "pipeline"),
    ("main", "preview"),
    ("main", "scaffold"),
    ("main", "serve"),
    ("markdown", "components"),
    ("markdown", "config"),
    ("markdown", "content"),
    ("markdown", "diagnostic"),
    ("markdown", "easy_read"),
    ("markdown", "rule"),
    ("markdown", "text"),
    ("output", "diagnostic"),
    ("output", "urls"),
    ("pipeline", "check"),
    ("pipeline", "config"),
    ("pipeline", "content"),
    ("pipeline", "diagnostic"),
    ("pipeline", "markdown"),
    ("pipeline", "output"),
    ("pipeline", "render"),
    ("pipeline", "rule"),
    ("pipeline", "search"),
    ("pipeline", "site"),
    ("pipeline", "urls"),
    ("preview", "serve"),
    ("preview", "session"),
    ("render", "components"),
    ("render", "config"),
    ("render", "content"),
    ("render", "diagnostic"),
    ("render", "forms"),
    ("render", "markdown"),
    ("render", "site"),
    ("render", "text"),
    ("render", "urls"),
    ("scaffold", "diagnostic"),
    ("scaffold", "embedded"),
    ("search", "diagnostic"),
    ("search", "urls"),
    ("serve", "diagnostic"),
    ("session", "check"),
    ("session", "content"),
    ("session", "diagnostic"),
    ("session", "markdown"),
    ("session", "pipeline"),
    ("session", "render"),
    ("session", "site"),
    ("session", "urls"),
    ("yaml", "diagnostic"),
    ("site", "config"),
    ("site", "content"),
    ("site", "diagnostic"),
    ("site", "easy_read"),
    ("site", "embedded"),
    ("site", "forms"),
    ("site", "source"),
    ("site", "text"),
    ("site", "yaml"),
    ("source", "diagnostic"),
    // Languages (issue 21): the UI text (i18n) sits just above config;
    // translation (reading and judging translated pages and forms) sits
    // between content/forms and site.
    ("check", "translation"),
    ("i18n", "config"),
    ("i18n", "diagnostic"),
    ("i18n", "yaml"),
    ("main", "translation"),
    ("markdown", "translation"),
    ("render", "i18n"),
    ("render", "translation"),
    ("site", "i18n"),
    ("site", "translation"),
    ("translation", "config"),
    ("translation", "content"),
    ("translation", "diagnostic"),
    ("translation", "forms"),
    ("translation", "i18n"),
    ("translation", "rule"),
    ("translation", "yaml"),
    // KNOWN DEBTS (issue 18): back-edges that exist today. Remove each one
    // as it is paid off; do not add to them.
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level modules named by `prefix::…` paths in `line`.
fn referenced(line: &str, prefix: &str, out: &mut Vec<String>) {
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    let mut rest = line;
    while let Some(at) = rest.find(prefix) {
        let before = rest[..at].chars().next_back();
        let after = &rest[at + prefix.len()..];
        rest = after;
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
            continue;
        }
        if let Some(group) = after.strip_prefix('{') {
            // Top-level items of `{a, b::{c, d}, e}`: split at depth-0 commas.
            let mut depth = 0;
            let mut start = 0;
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => {
                        out.push(ident(group[start..].trim_start()));
                        break;
                    }
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        out.push(ident(group[start..i].trim_start()));
                        start = i + 1;
                    }
                    _ => {}
                }
            }
        } else {
            out.push(ident(after));
        }
    }
}

/// Every `from -> to` edge between different top-level modules of `src/`.
fn edges(src: &Path) -> (BTreeSet<(String, String)>, usize) {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let mut edges = BTreeSet::new();
    for path in &files {
        let rel = path.strip_prefix(src).unwrap();
        let first = rel.components().next().unwrap().as_os_str();
        let from = first.to_string_lossy().trim_end_matches(".rs").to_string();
        // src/cli/ is the binary's own module tree (declared in main.rs), so
        // it counts as `main`.
        let from = if from == "cli" {
            "main".to_string()
        } else {
            from
        };
        let text = std::fs::read_to_string(path).unwrap();
        // `use crate::{` groups may span lines: join the code lines first.
        let code: String = text
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join(" ");
        let mut names = Vec::new();
        referenced(&code, "crate::", &mut names);
        if from == "main" {
            referenced(&code, "careguide::", &mut names);
        }
        for to in names {
            if !to.is_empty() && to != from {
                edges.insert((from.clone(), to));
            }
        }
    }
    (edges, files.len())
}

#[test]
fn modules_depend_only_along_the_listed_edges() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let (found, files) = edges(&src);
    // A scan that found nothing would pass vacuously.
    assert!(files > 50, "only {files} .rs files under {}", src.display());
    assert!(found.contains(&("pipeline".into(), "render".into())));

    let allowed: BTreeSet<(String, String)> = ALLOWED
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(allowed.len(), ALLOWED.len(), "an edge is listed twice");
    let new: Vec<String> = found
        .difference(&allowed)
        .map(|(a, b)| format!("{a} -> {b}"))
        .collect();
    let gone: Vec<String> = allowed
        .difference(&found)
        .map(|(a, b)| format!("{a} -> {b}"))
        .collect();
    assert!(
        new.is_empty(),
        "modules depend on modules they are not listed as using: {new:?}\n\
         If the dependency follows the layers (lower modules never use higher ones; \
         see ALLOWED's comment), add it to ALLOWED in tests/layering.rs; if it is a \
         back-edge, move the code to the lower module instead."
    );
    assert!(
        gone.is_empty(),
        "listed edges the code no longer has: {gone:?}\n\
         Remove them from ALLOWED in tests/layering.rs so they cannot come back unnoticed."
    );
}

#[test]
fn the_scan_reads_paths_groups_and_nested_groups() {
    let mut names = Vec::new();
    referenced(
        "use crate::{check::{sms, snomed}, diagnostic::Diagnostic, site}; mycrate::no; let a = crate::render::x;",
        "crate::",
        &mut names,
    );
    assert_eq!(names, ["check", "diagnostic", "site", "render"]);
}
