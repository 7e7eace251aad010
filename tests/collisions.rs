//! Two outputs at one path (issue 18, "one plan"): `build`, `check` and
//! `serve` plan every output before rendering and refuse a path claimed
//! twice with the same located error, naming what else claims it. Before,
//! `build` silently kept one of the two (exit 0) while `serve` reported it.

mod common;

use std::process::Stdio;
use std::time::{Duration, Instant};

use common::{Site, basic_site, page, snapshot_dir};

/// A clash added to `basic_site()`: the files that make it, and what the
/// error must say and where.
struct Clash {
    files: Vec<(&'static str, String)>,
    message: &'static str,
    /// `file:line:column`, or the file alone for a file with no lines to
    /// show (an asset).
    at: &'static str,
}

/// One of the site's forms, so that careguide makes /forms/.
fn a_form() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/forms/my-wishes.yaml")).unwrap()
}

/// A page at /forms/, where careguide lists the forms.
fn page_at_forms() -> Clash {
    Clash {
        files: vec![
            ("forms/my-wishes.yaml", a_form()),
            ("content/forms.md", page("Forms", "everyone", "# Forms\n")),
        ],
        message: "error: the list of forms careguide makes and content/forms.md would both be published at /forms/index.html",
        at: "content/forms.md:1:1",
    }
}

/// An HTML file in content/ at a page's own URL.
fn asset_at_a_page() -> Clash {
    Clash {
        files: vec![("content/guide/lpa/index.html", "<p>Mine.</p>\n".into())],
        message: "error: content/guide/lpa.md and content/guide/lpa/index.html would both be published at /guide/lpa/index.html",
        at: "content/guide/lpa.md:1:1",
    }
}

/// Two pages with one URL.
fn two_pages() -> Clash {
    Clash {
        files: vec![(
            "content/guide/lpa/_index.md",
            page("Clash", "patient", "# Clash\n"),
        )],
        message: "error: this page and content/guide/lpa/_index.md would both be published at /guide/lpa/",
        at: "content/guide/lpa.md:1:1",
    }
}

/// An HTML file in content/ where careguide writes the A to Z (which
/// `build` silently overwrote before issue 18).
fn asset_at_the_atoz() -> Clash {
    Clash {
        files: vec![("content/a-z/index.html", "<p>Mine.</p>\n".into())],
        message: "error: the A to Z index careguide makes and content/a-z/index.html would both be published at /a-z/index.html",
        at: "content/a-z/index.html",
    }
}

/// A page where careguide writes the search page (built silently, one
/// output over the other, before issue 18).
fn page_at_search() -> Clash {
    Clash {
        files: vec![(
            "content/search.md",
            page("Search", "everyone", "# Search\n"),
        )],
        message: "error: the search page careguide makes and content/search.md would both be published at /search/index.html",
        at: "content/search.md:1:1",
    }
}

fn clashes() -> Vec<(&'static str, Clash)> {
    let mut all = vec![
        ("a page at /forms/", page_at_forms()),
        ("an asset at a page's URL", asset_at_a_page()),
        ("two pages at one URL", two_pages()),
        ("an asset at the A to Z", asset_at_the_atoz()),
    ];
    // The search page exists only in a binary that builds a search index.
    if cfg!(feature = "search") {
        all.push(("a page at the search page", page_at_search()));
    }
    all
}

/// The located error in `output`: the message, then the arrow at the file,
/// line and column, then that line of the file.
fn assert_located(what: &str, output: &str, clash: &Clash) {
    let at = output
        .find(clash.message)
        .unwrap_or_else(|| panic!("{what}: no `{}` in:\n{output}", clash.message));
    let rest = &output[at..];
    let arrow = format!("--> {}\n", clash.at);
    assert!(rest.contains(&arrow), "{what}: no `{arrow}` in:\n{output}");
    if clash.at.ends_with(":1:1") {
        assert!(
            rest.contains("1 | ---"),
            "{what}: line 1 not shown:\n{output}"
        );
    }
    assert!(
        rest.contains("help: rename or move"),
        "{what}: no hint:\n{output}"
    );
}

#[test]
fn build_refuses_two_outputs_at_one_path_and_keeps_the_previous_site() {
    for (what, clash) in clashes() {
        let site = Site::new(&basic_site());
        let first = site.build(&[]);
        assert_eq!(first.code, 0, "{what}: {}", first.stderr);
        let before = snapshot_dir(&site.out());
        for (path, text) in &clash.files {
            site.write(path, text);
        }
        let run = site.build(&[]);
        assert_eq!(run.code, 1, "{what}: {}{}", run.stdout, run.stderr);
        assert_located(what, &run.stderr, &clash);
        assert_eq!(
            run.stderr.matches("error: ").count(),
            2,
            "{what}: one error and the summary:\n{}",
            run.stderr
        );
        assert!(run.stderr.contains("nothing was written"), "{}", run.stderr);
        assert!(
            snapshot_dir(&site.out()) == before,
            "{what}: the previous output changed"
        );
    }
}

#[test]
fn check_reports_two_outputs_at_one_path() {
    for (what, clash) in clashes() {
        let mut files = basic_site();
        files.extend(clash.files.iter().map(|(p, t)| (p.to_string(), t.clone())));
        let site = Site::new(&files);
        let run = common::run(site.root(), &["check", "--as-of", "2026-11-25"]);
        assert_eq!(run.code, 1, "{what}: {}{}", run.stdout, run.stderr);
        let output = format!("{}{}", run.stdout, run.stderr);
        // check tags each finding with the pass that found it.
        let tagged = Clash {
            message: &*clash
                .message
                .replacen("error: ", "error: [build] ", 1)
                .leak(),
            ..clash
        };
        assert_located(what, &output, &tagged);
    }
}

#[test]
fn serve_reports_two_outputs_at_one_path_and_keeps_serving_the_last_good_site() {
    for (what, clash) in clashes() {
        let site = Site::new(&basic_site());
        let log = site.root().join("serve-stderr.txt");
        let server = common::serve_with(
            site.root(),
            &[],
            Stdio::from(std::fs::File::create(&log).unwrap()),
        );
        let (status, good) = common::http_get(server.port, "/guide/lpa/");
        assert_eq!(status, 200, "{what}");
        // The watcher starts just after the URL is printed.
        std::thread::sleep(Duration::from_millis(500));
        for (path, text) in &clash.files {
            site.write(path, text);
        }
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut stderr = String::new();
        while !stderr.contains(clash.message) {
            assert!(
                Instant::now() < deadline,
                "{what}: the error was never printed:\n{stderr}"
            );
            std::thread::sleep(Duration::from_millis(100));
            stderr = std::fs::read_to_string(&log).unwrap();
        }
        // The last good page is still served, unchanged; nothing is written.
        let (status, still) = common::http_get(server.port, "/guide/lpa/");
        assert_eq!(status, 200, "{what}");
        assert!(good.contains("Someone you trust."), "{what}");
        assert!(still == good, "{what}: the served page changed");
        std::thread::sleep(Duration::from_millis(200));
        drop(server);
        let stderr = std::fs::read_to_string(&log).unwrap();
        assert_located(what, &stderr, &clash);
        assert!(!site.out().exists(), "{what}");
    }
}
