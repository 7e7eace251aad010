//! `careguide build` end to end: output files, URLs, escaping, atomic output.

mod common;

use common::{Site, basic_site, page, snapshot_dir};

#[test]
fn builds_pretty_urls_feeds_and_a_summary_line() {
    let site = Site::new(&basic_site());
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with("Built 6 pages and 0 forms"),
        "{}",
        run.stdout
    );
    for f in [
        "index.html",
        "guide/index.html",
        "guide/lpa/index.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
        "feed.xml",
    ] {
        assert!(site.out().join(f).is_file(), "missing {f}");
    }
    let sitemap = site.read("sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://example.org/acp/guide/lpa/</loc>"),
        "{sitemap}"
    );
    assert!(
        site.read("robots.txt")
            .contains("Sitemap: https://example.org/acp/sitemap.xml")
    );
    let feed = site.read("feed.xml");
    assert!(
        feed.contains("<title>Lasting power of attorney</title>"),
        "{feed}"
    );
}

#[test]
fn pages_carry_audience_description_review_dates_and_relative_links() {
    let site = Site::new(&basic_site());
    assert_eq!(site.build(&[]).code, 0);
    let lpa = site.read("guide/lpa/index.html");
    assert!(lpa.contains(r#"<meta name="audience" content="patient">"#));
    assert!(lpa.contains(
        r#"<meta name="description" content="A page used by the careguide tests, long enough.">"#
    ));
    assert!(
        lpa.contains("Page last reviewed: <time datetime=\"2026-05-28\">28 May 2026</time>"),
        "{lpa}"
    );
    assert!(lpa.contains("Next review due: <time datetime=\"2029-05-28\">28 May 2029</time>"));
    assert!(lpa.contains(r#"<div class="callout callout-warning">"#));
    assert!(lpa.contains(r#"<h2 id="who-can-be-an-attorney">"#));
    // Links work from a sub-folder: relative to the page, never from `/`.
    assert!(lpa.contains(r#"href="../../static/css/site.css""#), "{lpa}");
    let guide = site.read("guide/index.html");
    assert!(
        guide.contains(r#"href="../guide/lpa/#who-can-be-an-attorney""#),
        "{guide}"
    );
    // Breadcrumbs: Home, then the section.
    assert!(lpa.contains(r#"<a href="../../">Home</a>"#), "{lpa}");
    assert!(lpa.contains(r#"<a href="../../guide/">The guide</a>"#));
}

#[test]
fn section_lists_pages_by_order_then_title() {
    let site = Site::new(&basic_site());
    assert_eq!(site.build(&[]).code, 0);
    let guide = site.read("guide/index.html");
    let talking = guide.find("Talking about it").expect("listed");
    let lpa = guide.find(">Lasting power of attorney<").expect("listed");
    assert!(talking < lpa, "order 5 comes before pages without an order");
}

#[test]
fn author_text_is_escaped_everywhere() {
    let mut files = basic_site();
    files.push((
        "content/guide/x.md".into(),
        page("<script>alert(1)</script> & \"quotes\"", "patient", "# X\n"),
    ));
    let site = Site::new(&files);
    assert_eq!(site.build(&[]).code, 0);
    let html = site.read("guide/x/index.html");
    assert!(!html.contains("<script>alert(1)"), "{html}");
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt; &amp; &quot;quotes&quot;")
            || html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;"),
        "{html}"
    );
    let feed = site.read("feed.xml");
    assert!(
        feed.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;"),
        "{feed}"
    );
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let mut files = basic_site();
    files.push((
        "content/guide/draft.md".into(),
        page("Draft", "patient", "# Draft\n").replace("audience:", "draft: true\naudience:"),
    ));
    let site = Site::new(&files);
    assert_eq!(site.build(&[]).code, 0);
    assert!(!site.out().join("guide/draft/index.html").exists());
    assert_eq!(site.build(&["--drafts"]).code, 0);
    assert!(site.out().join("guide/draft/index.html").exists());
}

#[test]
fn a_failed_build_leaves_the_previous_output_byte_for_byte() {
    let site = Site::new(&basic_site());
    assert_eq!(site.build(&[]).code, 0);
    let before = snapshot_dir(&site.out());
    site.write(
        "content/guide/lpa.md",
        &page("LPA", "patient", "# LPA\n\n[broken](nowhere.md)\n"),
    );
    let run = site.build(&[]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("nothing was written"), "{}", run.stderr);
    assert_eq!(before, snapshot_dir(&site.out()));
    // No staging folder is left behind.
    let names: Vec<String> = std::fs::read_dir(site.root())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.contains("staging")), "{names:?}");
}

#[test]
fn crlf_and_bom_pages_build() {
    let mut files = basic_site();
    let crlf = format!(
        "\u{feff}{}",
        page("Windows page", "patient", "# Windows page\n\nText.\n").replace('\n', "\r\n")
    );
    files.push(("content/guide/windows.md".into(), crlf));
    let site = Site::new(&files);
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        site.read("guide/windows/index.html")
            .contains("Windows page")
    );
}

#[test]
fn site_overrides_a_default_template_file_by_file() {
    let mut files = basic_site();
    files.push((
        "templates/footer-extra.html".into(),
        "<p class=\"local\">Local footer for {{ site.organisation }}</p>".into(),
    ));
    let site = Site::new(&files);
    assert_eq!(site.build(&[]).code, 0);
    assert!(
        site.read("index.html")
            .contains("<p class=\"local\">Local footer for Test organisation</p>")
    );
}

#[test]
fn refuses_to_write_over_the_site_itself() {
    let site = Site::new(&basic_site());
    let run = site.build(&["--out", "."]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("the output folder is the site folder itself"),
        "{}",
        run.stderr
    );
    let run = site.build(&["--out", ".."]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("contains the site folder"),
        "{}",
        run.stderr
    );
}

#[test]
fn usage_errors_exit_2() {
    let site = Site::new(&basic_site());
    assert_eq!(
        common::run(site.root(), &["build", "--as-of", "2026-02-30"]).code,
        2
    );
    assert_eq!(common::run(site.root(), &["frobnicate"]).code, 2);
    let help = common::run(site.root(), &["build", "--help"]);
    assert_eq!(help.code, 0);
    assert!(help.stdout.contains("--drafts"));
}

#[test]
fn new_writes_a_starter_site_that_builds_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let run = common::run(dir.path(), &["new", "mysite"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = common::run(&dir.path().join("mysite"), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.is_empty(),
        "no warnings expected: {}",
        run.stderr
    );
    // What the build leaves beside the output (its lock file) is ignored by
    // the starter's .gitignore, so it never shows as a change to commit.
    let site = dir.path().join("mysite");
    let ignore = std::fs::read_to_string(site.join(".gitignore")).unwrap();
    let left: Vec<String> = std::fs::read_dir(&site)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public"))
        .collect();
    assert!(
        !left.is_empty(),
        "the build leaves its lock file beside public/"
    );
    assert!(
        ignore.lines().any(|l| l == "/.public.*"),
        "{left:?} not covered by .gitignore:\n{ignore}"
    );
    // It never overwrites.
    assert_eq!(common::run(dir.path(), &["new", "mysite"]).code, 1);
}

#[test]
fn the_text_message_page_counts_practice_as_the_check_does() {
    // 121 letters after {practice}: 131 characters as written (one text),
    // 161 as sent with a 40-character practice name (two texts). The page
    // must show what `careguide check` enforces, not what the author typed.
    let text = format!("{{practice}}{}", "a".repeat(121));
    let mut files = basic_site();
    files.push((
        "content/guide/texts.md".into(),
        page("Texts", "professional", "# Texts\n\nMessages.\n")
            .replace("audience:", "template: sms.html\naudience:"),
    ));
    files.push((
        "data/sms.yaml".into(),
        format!("messages:\n  - id: m\n    title: M\n    max_segments: 2\n    text: \"{text}\"\n"),
    ));
    let site = Site::new(&files);
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = site.read("guide/texts/index.html");
    assert!(html.contains("<dt>Characters</dt><dd>161</dd>"), "{html}");
    assert!(html.contains("<dt>Segments</dt><dd>2</dd>"), "{html}");
    assert!(
        !html.contains("units)"),
        "braces are not counted as extension characters"
    );
    assert!(
        html.contains("allow 40 characters for the practice"),
        "{html}"
    );
}
