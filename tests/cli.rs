//! The command line an author and a publisher use: eject, docs, completions,
//! --base-url, search on and off, --quiet and --verbose.

mod common;

use common::{Site, basic_site, run};

#[test]
fn eject_copies_built_in_files_and_never_overwrites_without_force() {
    let site = Site::new(&basic_site());
    let first = run(site.root(), &["eject", "base.html", "static/css/site.css"]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let copied = std::fs::read_to_string(site.root().join("templates/base.html")).unwrap();
    assert_eq!(copied, careguide::embedded::template("base.html").unwrap());
    assert!(site.root().join("static/css/site.css").is_file());

    std::fs::write(site.root().join("templates/base.html"), "mine").unwrap();
    let again = run(site.root(), &["eject", "base.html", "page.html"]);
    assert_eq!(again.code, 1);
    assert!(
        again
            .stderr
            .contains("already in your site: templates/base.html"),
        "{}",
        again.stderr
    );
    assert!(again.stderr.contains("--force"), "{}", again.stderr);
    let kept = std::fs::read_to_string(site.root().join("templates/base.html")).unwrap();
    assert_eq!(kept, "mine", "refused: nothing replaced");
    assert!(
        !site.root().join("templates/page.html").exists(),
        "refused: nothing copied"
    );

    let forced = run(site.root(), &["eject", "base.html", "--force"]);
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    assert_ne!(
        std::fs::read_to_string(site.root().join("templates/base.html")).unwrap(),
        "mine"
    );

    let typo = run(site.root(), &["eject", "bsae.html"]);
    assert_eq!(typo.code, 1);
    assert!(
        typo.stderr.contains("did you mean `base.html`?"),
        "{}",
        typo.stderr
    );
    // The ejected site still builds.
    assert_eq!(site.build(&[]).code, 0);
}

#[test]
fn docs_and_completions_print_to_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let docs = run(dir.path(), &["docs"]);
    assert_eq!(docs.code, 0);
    assert!(
        docs.stdout.starts_with("# Writing a careguide site"),
        "{}",
        &docs.stdout[..80]
    );
    let publishing = run(dir.path(), &["docs", "publishing"]);
    assert!(publishing.stdout.contains("GitHub Pages"));
    let bash = run(dir.path(), &["completions", "bash"]);
    assert_eq!(bash.code, 0);
    assert!(
        bash.stdout.contains("complete -F _careguide"),
        "{}",
        bash.stdout
    );
    assert!(bash.stdout.contains("eject"));
}

#[test]
fn base_url_overrides_site_yaml_for_one_build() {
    let site = Site::new(&basic_site());
    let run = site.build(&["--base-url", "https://test.example.net/preview"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let sitemap = site.read("sitemap.xml");
    assert!(
        sitemap.contains("https://test.example.net/preview/guide/lpa/"),
        "{sitemap}"
    );
    assert!(!sitemap.contains("example.org/acp"), "{sitemap}");
    assert!(site.read("404.html").contains("href=\"/preview/a-z/\""));
    let bad = site.build(&["--base-url", "test.example.net"]);
    assert_eq!(bad.code, 2, "a usage error: {}", bad.stderr);
    assert!(bad.stderr.contains("full web address"), "{}", bad.stderr);
}

#[test]
fn search_can_be_turned_off_per_build_and_per_site() {
    let site = Site::new(&basic_site());
    let with = site.build(&[]);
    assert_eq!(with.code, 0, "{}", with.stderr);
    let has_search = site.out().join("pagefind").exists();
    assert_eq!(has_search, cfg!(feature = "search"));
    let without = site.build(&["--no-search"]);
    assert_eq!(without.code, 0, "{}", without.stderr);
    assert!(!site.out().join("pagefind").exists());
    assert!(!site.read("index.html").contains("search.js"));

    site.write(
        "site.yaml",
        &format!("{}search: false\n", common::SITE_YAML),
    );
    let off = site.build(&[]);
    assert_eq!(off.code, 0, "{}", off.stderr);
    assert!(!site.out().join("pagefind").exists());
    assert!(!site.read("index.html").contains("search.js"));
}

#[test]
fn quiet_prints_errors_only_and_verbose_says_more() {
    let mut files = basic_site();
    files.retain(|(p, _)| p != "content/about.md");
    let site = Site::new(&files);
    let quiet = site.build(&["--quiet"]);
    assert_eq!(quiet.code, 0);
    assert_eq!(quiet.stdout, "", "no summary");
    assert_eq!(quiet.stderr, "", "no warnings");
    let normal = site.build(&[]);
    assert!(normal.stdout.starts_with("Built "));
    assert!(normal.stderr.contains("warning:"));
    let verbose = site.build(&["--verbose"]);
    assert!(
        verbose.stderr.contains("building . into ./public"),
        "{}",
        verbose.stderr
    );
    let conflict = site.build(&["--quiet", "--verbose"]);
    assert_eq!(conflict.code, 2);
}

#[test]
fn new_with_ci_writes_a_workflow_that_builds_for_the_pages_address() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(run(dir.path(), &["new", "gh", "--ci", "github"]).code, 0);
    let gh = std::fs::read_to_string(dir.path().join("gh/.github/workflows/publish.yml")).unwrap();
    assert!(gh.contains("careguide build --base-url"), "{gh}");
    assert!(gh.contains("actions/deploy-pages"), "{gh}");
    assert_eq!(run(dir.path(), &["new", "gl", "--ci", "gitlab"]).code, 0);
    let gl = std::fs::read_to_string(dir.path().join("gl/.gitlab-ci.yml")).unwrap();
    assert!(gl.contains("--base-url \"$CI_PAGES_URL/\""), "{gl}");
    assert!(gl.contains("pages:"), "{gl}");
    // The workflow file is not part of the published site.
    let built = run(&dir.path().join("gh"), &["build", "--as-of", "2026-11-25"]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    assert!(!dir.path().join("gh/public/.github").exists());
}
