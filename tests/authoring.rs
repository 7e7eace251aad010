//! What authors and publishers meet first: the starter site, links written
//! in templates, page bundles.

mod common;

use common::{Site, basic_site, page, run};

#[test]
fn a_new_site_builds_and_checks_with_no_broken_links() {
    let dir = tempfile::tempdir().unwrap();
    let made = run(dir.path(), &["new", "site"]);
    assert_eq!(made.code, 0, "{}", made.stderr);
    let root = dir.path().join("site");
    for page in ["content/about.md", "content/accessibility.md"] {
        assert!(
            root.join(page).is_file(),
            "{page} is part of the starter site"
        );
    }
    let check = run(&root, &["check", "--as-of", "2026-11-25"]);
    assert_eq!(check.code, 0, "{}", check.stdout);
    assert!(
        check.stdout.contains(": 0 errors, 0 warnings"),
        "{}",
        check.stdout
    );
    let build = run(&root, &["build", "--as-of", "2026-11-25"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    assert_eq!(build.stderr, "", "no warnings");
    assert!(root.join("public/about/index.html").is_file());
    assert!(root.join("public/accessibility/index.html").is_file());
}

#[test]
fn a_broken_link_in_a_site_template_fails_the_build_at_the_template_line() {
    let mut files = basic_site();
    files.push((
        "templates/footer-extra.html".into(),
        "{#- extra -#}\n<p><a href=\"{{ root }}privacy/\">Privacy</a></p>\n".into(),
    ));
    let site = Site::new(&files);
    let run = site.build(&[]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(!site.out().exists(), "nothing may be written");
    insta::assert_snapshot!(run.stderr);
    // `check` finds it too, without writing anything.
    let check = common::run(site.root(), &["check", "--as-of", "2026-11-25"]);
    assert_eq!(check.code, 1);
    assert!(
        check.stdout.contains("templates/footer-extra.html:2:"),
        "{}",
        check.stdout
    );
}

#[test]
fn a_missing_page_the_built_in_footer_links_to_is_a_warning() {
    let files: Vec<_> = basic_site()
        .into_iter()
        .filter(|(p, _)| p != "content/about.md")
        .collect();
    let site = Site::new(&files);
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("warning: the link `../about/` goes nowhere")
            || run
                .stderr
                .contains("warning: the link `about/` goes nowhere"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("(built-in) templates/base.html:"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_page_bundle_is_published_at_its_folder_with_its_images() {
    let mut files = basic_site();
    files.push((
        "content/guide/care-home/index.md".into(),
        page(
            "Care homes",
            "patient",
            "# Care homes\n\n![A care home garden](garden.png)\n\nSee [LPA](../lpa.md).\n",
        ),
    ));
    let site = Site::new(&files);
    site.write_bytes("content/guide/care-home/garden.png", b"\x89PNG\r\n\x1a\n");
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = site.read("guide/care-home/index.html");
    assert!(
        html.contains("src=\"../../guide/care-home/garden.png\""),
        "{html}"
    );
    assert!(html.contains("href=\"../../guide/lpa/\""), "{html}");
    assert!(site.out().join("guide/care-home/garden.png").is_file());
    assert!(!site.out().join("guide/care-home/index/").exists());
    // Listed in its section like any page.
    assert!(site.read("guide/index.html").contains("care-home/"));
}

#[test]
fn a_page_file_beside_a_bundle_of_the_same_name_is_an_error_naming_both() {
    let mut files = basic_site();
    files.push((
        "content/guide/care-home/index.md".into(),
        page("Care homes", "patient", "# Care homes\n"),
    ));
    files.push((
        "content/guide/care-home.md".into(),
        page("Care homes 2", "patient", "# Care homes 2\n"),
    ));
    let site = Site::new(&files);
    let run = site.build(&[]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.stderr);
}

#[test]
fn components_in_markdown_render_and_mistakes_are_located() {
    let mut files = basic_site();
    files.push((
        "data/videos.yaml".into(),
        "videos:\n  - id: ucp-intro\n    title: What is a care plan?\n    captions: true\n    url: https://www.youtube.com/watch?v=abc\n    embed_url: https://www.youtube-nocookie.com/embed/abc\n".into(),
    ));
    files.push((
        "content/guide/watch.md".into(),
        page(
            "Watch",
            "patient",
            "# Watch\n\n{{ video(id=\"ucp-intro\") }}\n\n{{ urgent() }}\n\n{{ contact(name=\"Team\", phone=\"020 7946 0000\") }}\n",
        ),
    ));
    let site = Site::new(&files);
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = site.read("guide/watch/index.html");
    assert!(
        html.contains("data-embed=\"https://www.youtube-nocookie.com/embed/abc\""),
        "{html}"
    );
    assert!(
        !html.contains("<iframe"),
        "no request to YouTube until the reader asks"
    );
    assert_eq!(html.matches("static/js/video.js").count(), 1, "{html}");
    assert!(html.contains("<a href=\"tel:999\">999</a>"), "{html}");
    assert!(html.contains("href=\"tel:02079460000\""), "{html}");
    assert!(!html.contains("{{"), "{html}");

    site.write(
        "content/guide/watch.md",
        &page(
            "Watch",
            "patient",
            "# Watch\n\n{{ video(id=\"ucp-intr\") }}\n\n{{ urgnet() }}\n\n{{ contact(nam=\"Team\") }}\n",
        ),
    );
    let run = site.build(&[]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.stderr);
}

#[test]
fn a_broken_link_from_a_data_file_is_a_warning_at_its_line() {
    let mut files = basic_site();
    files.push((
        "data/links.yaml".into(),
        "# Links for the footer\nprivacy: privacy-notice/\n".into(),
    ));
    files.push((
        "templates/footer-extra.html".into(),
        "<p><a href=\"{{ root }}{{ data.links.privacy }}\">Privacy</a></p>\n".into(),
    ));
    let site = Site::new(&files);
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("warning: the link `../privacy-notice/` goes nowhere"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("--> data/links.yaml:2:10"),
        "{}",
        run.stderr
    );
}
