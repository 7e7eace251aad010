//! `careguide build --offline`: a copy that works opened from disk, and the
//! normal build left as it is; the sitemap; and `review.schedule_csv`.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::{Site, basic_site, run, snapshot_dir};

/// The repository's own site (the default site), built into `out`.
fn build_default(out: &Path, offline: bool) {
    let repo = env!("CARGO_MANIFEST_DIR");
    let out = out.display().to_string();
    let mut args = vec![
        "build",
        "--root",
        repo,
        "--as-of",
        "2026-11-25",
        "--out",
        &out,
    ];
    if offline {
        args.push("--offline");
    }
    let r = run(Path::new(repo), &args);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

/// Every `href="…"` and `action="…"` value in `html`.
fn links(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attr in [" href=\"", " action=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            let end = rest.find('"').unwrap_or(rest.len());
            found.push(rest[..end].to_string());
            rest = &rest[end..];
        }
    }
    found
}

/// A link within the site: no scheme, not from the server root, not only an anchor.
fn internal(link: &str) -> bool {
    let path = link.split(['?', '#']).next().unwrap_or_default();
    !link.starts_with('#')
        && !link.starts_with('/')
        && !path.split('/').next().unwrap_or_default().contains(':')
}

#[test]
fn every_internal_link_of_an_offline_copy_names_a_file() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("copy");
    build_default(&out, true);
    let mut checked = 0;
    let mut broken = Vec::new();
    for (rel, bytes) in snapshot_dir(&out) {
        // The 404 page is served by a web server at any depth, and links
        // from the server's root; it is never opened from disk.
        if !rel.ends_with(".html") || rel == "404.html" {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        let dir: PathBuf = out.join(&rel).parent().unwrap().to_path_buf();
        for link in links(&html).into_iter().filter(|l| internal(l)) {
            let path = link.split(['?', '#']).next().unwrap();
            let target = if path.is_empty() {
                out.join(&rel)
            } else {
                dir.join(path)
            };
            checked += 1;
            if !target.is_file() {
                broken.push(format!("{rel}: {link}"));
            }
        }
    }
    assert!(checked > 500, "only {checked} links checked");
    assert!(
        broken.is_empty(),
        "links that do not name a file:\n{}",
        broken.join("\n")
    );

    // The search box finds pages from disk through a script, not a fetch.
    let index = std::fs::read_to_string(out.join("search/offline-index.js")).unwrap();
    let json = index
        .split_once("window.careguideSearchIndex = ")
        .and_then(|(_, j)| j.trim_end().strip_suffix(';'))
        .expect("the index sets window.careguideSearchIndex");
    let pages: Vec<serde_json::Value> = serde_json::from_str(json).unwrap();
    let lpa = pages
        .iter()
        .find(|p| p["u"] == "guide/lpa/")
        .expect("the LPA page is indexed");
    assert!(lpa["x"].as_str().unwrap().contains("attorney"), "{lpa}");
    assert!(
        !lpa["x"].as_str().unwrap().contains("<p>"),
        "text, not HTML"
    );
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        home.contains("action=\"search/index.html\""),
        "the header box submits to a file"
    );
    assert!(home.contains("href=\"guide/index.html\""));
}

#[test]
fn the_normal_build_differs_from_the_offline_copy_only_by_its_links() {
    let tmp = tempfile::tempdir().unwrap();
    let (normal, offline) = (tmp.path().join("normal"), tmp.path().join("offline"));
    build_default(&normal, false);
    build_default(&offline, true);
    let normal: BTreeMap<String, Vec<u8>> = snapshot_dir(&normal).into_iter().collect();
    let mut offline: BTreeMap<String, Vec<u8>> = snapshot_dir(&offline).into_iter().collect();
    assert!(!normal.contains_key("search/offline-index.js"));
    assert!(offline.remove("search/offline-index.js").is_some());
    assert_eq!(
        normal.keys().collect::<Vec<_>>(),
        offline.keys().collect::<Vec<_>>(),
        "the same files"
    );
    let mut rewritten = 0;
    for (path, bytes) in &normal {
        let other = &offline[path];
        if path.ends_with(".html") {
            let html = String::from_utf8(bytes.clone()).unwrap();
            let expected = careguide::render::offline::rewrite_html(&html);
            assert!(expected.as_bytes() == other.as_slice(), "{path}");
            // The normal build keeps its folder links.
            if path == "index.html" {
                assert!(html.contains("href=\"guide/\""), "{html}");
            }
            rewritten += usize::from(expected != html);
        } else {
            assert!(bytes == other, "{path} differs");
        }
    }
    assert!(rewritten > 30, "{rewritten} pages had links rewritten");

    // The sitemap lists every published HTML page but those that ask not to
    // be indexed (print views, the search results page) and the 404 page.
    let sitemap = String::from_utf8(normal["sitemap.xml"].clone()).unwrap();
    let mut listed = 0;
    for (path, bytes) in &normal {
        if !path.ends_with(".html") || path == "404.html" || path.starts_with("pagefind/") {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        let url = format!(
            "<loc>https://careguide.example.org/{}</loc>",
            path.trim_end_matches("index.html")
        );
        if html.contains("<meta name=\"robots\" content=\"noindex\">") {
            assert!(
                !sitemap.contains(&url),
                "{path} is noindex but in the sitemap"
            );
        } else {
            assert!(sitemap.contains(&url), "{path} is missing from the sitemap");
            listed += 1;
        }
    }
    for url in ["forms/", "a-z/", ""] {
        assert!(
            sitemap.contains(&format!("<loc>https://careguide.example.org/{url}</loc>")),
            "{url}"
        );
    }
    assert_eq!(
        listed,
        sitemap.matches("<loc>").count(),
        "nothing else is listed"
    );
}

#[test]
fn the_review_schedule_is_published_only_when_site_yaml_asks() {
    let site = Site::new(&basic_site());
    let r = site.build(&[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        !site.out().join("review-schedule.csv").exists(),
        "off by default: the schedule names source files"
    );

    site.write(
        "site.yaml",
        &format!("{}review:\n  schedule_csv: true\n", common::SITE_YAML),
    );
    let r = site.build(&[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let csv = site.read("review-schedule.csv");
    assert!(csv.starts_with("next_review_due,state,"), "{csv}");
    assert!(csv.contains("content/guide/lpa.md"), "{csv}");

    site.write(
        "site.yaml",
        &format!("{}review:\n  schedule_cvs: true\n", common::SITE_YAML),
    );
    let r = site.build(&[]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("did you mean `schedule_csv`?"),
        "{}",
        r.stderr
    );
}
