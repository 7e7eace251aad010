//! Parallel, sequential and incremental builds give the same bytes.
//!
//! - `careguide build` with one rayon thread and with several writes
//!   byte-identical output folders (the default site of this repository, and
//!   a generated site of a few hundred linked pages);
//! - the output folder equals the in-memory build, search index included,
//!   and the preview server's files (which have no search index);
//! - a `Session` updated edit by edit equals a clean build of the edited site.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use careguide::session::Session;
use common::{SITE_YAML, Site};

fn as_of() -> jiff::civil::Date {
    "2026-11-25".parse().unwrap()
}

/// A site of `sections` × `per` linked pages with headings, lists, tables
/// and alerts, plus a sub-section, so sections, breadcrumbs and links vary.
fn generated(sections: usize, per: usize) -> Vec<(String, String)> {
    let mut files = vec![("site.yaml".to_string(), SITE_YAML.to_string())];
    let mut home = String::from("# Home\n\n");
    for s in 0..sections {
        home.push_str(&format!("- [Section {s}](s{s}/_index.md)\n"));
        files.push((
            format!("content/s{s}/_index.md"),
            common::page(
                &format!("Section {s}"),
                "patient",
                &format!("# Section {s}\n\nPages about topic {s}.\n"),
            )
            .replacen("title:", &format!("order: {}\ntitle:", sections - s), 1),
        ));
        for p in 0..per {
            let other_s = (s * 7 + p * 3) % sections;
            let other_p = (p * 11 + 5) % per;
            let body = format!(
                "# Page {s}-{p}\n\nSome words about page {p}.\n\n## Who can help\n\nSee [page {other_s}-{other_p}](../s{other_s}/p{other_p}.md#who-can-help) and [this part](#what-to-do).\n\n### In detail\n\n- one\n- two\n\n## What to do\n\n| Who | When |\n| --- | --- |\n| GP | {p} |\n\n> [!NOTE]\n> Keep a copy. It's yours -- \"really\".\n"
            );
            // Some pages carry a warning (vague link text), so findings are
            // compared too.
            let body = if p % 10 == 2 {
                format!("{body}\nRead [here](p0.md).\n")
            } else {
                body
            };
            let audience = if p % 3 == 0 {
                "professional"
            } else {
                "patient"
            };
            files.push((
                format!("content/s{s}/p{p}.md"),
                common::page(&format!("Page {s}-{p}"), audience, &body).replacen(
                    "title:",
                    &format!("order: {}\ntitle:", (p * 7) % 5),
                    1,
                ),
            ));
        }
    }
    files.push((
        "content/_index.md".into(),
        common::page("Home", "everyone", &home),
    ));
    files.push((
        "content/s0/deeper/_index.md".into(),
        common::page(
            "Deeper",
            "patient",
            "# Deeper\n\nBack to [page 0-0](../p0.md).\n",
        ),
    ));
    files.push((
        "content/s0/deeper/leaf.md".into(),
        common::page(
            "Leaf",
            "professional",
            "# Leaf\n\nSee [deeper](_index.md).\n",
        ),
    ));
    files
}

fn build(root: &Path, out: &Path, threads: &str) {
    let output = Command::new(env!("CARGO_BIN_EXE_careguide"))
        .args(["build", "--root"])
        .arg(root)
        .arg("--out")
        .arg(out)
        .args(["--as-of", "2026-11-25"])
        .env("RAYON_NUM_THREADS", threads)
        .env("NO_COLOR", "1")
        .output()
        .expect("run careguide");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Every file under `dir`, by path relative to it.
fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for e in walkdir::WalkDir::new(dir) {
        let e = e.unwrap();
        if e.file_type().is_file() {
            let rel = e.path().strip_prefix(dir).unwrap();
            files.insert(
                rel.to_string_lossy().replace('\\', "/"),
                std::fs::read(e.path()).unwrap(),
            );
        }
    }
    files
}

fn same(what: &str, a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) {
    let ka: Vec<&String> = a.keys().collect();
    let kb: Vec<&String> = b.keys().collect();
    assert_eq!(ka, kb, "{what}: different files");
    for (k, v) in a {
        assert!(v == &b[k], "{what}: {k} differs");
    }
}

/// The preview's files (shared with its server) as plain bytes.
fn owned(store: &careguide::session::Store) -> BTreeMap<String, Vec<u8>> {
    store
        .iter()
        .map(|(path, bytes)| (path.clone(), bytes.to_vec()))
        .collect()
}

fn parallel_equals_sequential(root: &Path) {
    let dir = tempfile::tempdir().unwrap();
    let one = dir.path().join("one");
    let many = dir.path().join("many");
    build(root, &one, "1");
    build(root, &many, "4");
    let (a, b) = (read_tree(&one), read_tree(&many));
    assert!(a.len() > 10, "{} files", a.len());
    same("1 thread vs 4 threads", &a, &b);
    // What is streamed to disk equals a build held in memory, search
    // index included (pages are indexed in path order, not thread order).
    let rendered = careguide::pipeline::render(root, false, as_of()).unwrap();
    same("written vs rendered in memory", &a, &rendered.files);
    // And what the preview server serves: the same, less the search index,
    // which only full builds make.
    let mut pages = a.clone();
    pages.retain(|path, _| !path.starts_with("pagefind/"));
    let session = Session::new(root, false, as_of()).unwrap();
    same("written vs preview server", &pages, &owned(session.files()));
}

#[test]
fn default_site_parallel_build_equals_sequential_build() {
    parallel_equals_sequential(&PathBuf::from(env!("CARGO_MANIFEST_DIR")));
}

#[test]
fn generated_site_parallel_build_equals_sequential_build() {
    let site = Site::new(&generated(6, 60));
    parallel_equals_sequential(site.root());
}

/// A change to a file's text.
type Edit = Box<dyn Fn(&str) -> String>;

#[test]
fn incremental_updates_equal_clean_builds() {
    let site = Site::new(&generated(4, 30));
    let mut session = Session::new(site.root(), false, as_of()).unwrap();
    let clean = |site: &Site| Session::new(site.root(), false, as_of()).unwrap();
    let edits: Vec<(&str, Edit)> = vec![
        (
            "content/s1/p3.md",
            Box::new(|t: &str| t.replace("Some words", "Other words")),
        ),
        (
            "content/s1/p3.md",
            Box::new(|t: &str| t.replace("title: Page 1-3", "title: A new title")),
        ),
        (
            "content/s0/p1.md",
            Box::new(|t: &str| t.replace("order: 2", "order: 9")),
        ),
        (
            "templates/footer-extra.html",
            Box::new(|_: &str| "<p>Edited footer.</p>\n".to_string()),
        ),
        (
            "content/s3/p2.md",
            Box::new(|t: &str| format!("{t}\nOne more line.\n")),
        ),
        (
            "content/s1/p2.md",
            Box::new(|t: &str| t.replace("[here]", "[the first page]")),
        ),
        (
            "content/s2/p5.md",
            Box::new(|t: &str| format!("{t}\nSee [this](p0.md).\n")),
        ),
    ];
    for (file, edit) in edits {
        let path = site.root().join(file);
        let before = std::fs::read_to_string(&path).unwrap_or_default();
        let after = edit(&before);
        site.write(file, &after);
        let update = if file.starts_with("templates/") {
            // What `careguide serve` does when only templates changed.
            session.update_templates().unwrap()
        } else {
            session.update(&[path], false).unwrap()
        };
        // Findings kept from before the edit plus those run again equal a clean run.
        let clean_warnings = careguide::pipeline::render(site.root(), false, as_of())
            .unwrap()
            .warnings;
        assert!(!clean_warnings.is_empty());
        assert_eq!(update.warnings, clean_warnings, "after editing {file}");
        same(
            &format!("after editing {file}"),
            &owned(session.files()),
            &owned(clean(&site).files()),
        );
    }
}
