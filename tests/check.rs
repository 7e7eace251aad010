//! `careguide check`: one fixture per rule, with the exact findings.

mod common;

use common::{Site, basic_site, page};

fn check(changes: &[(&str, &str)], extra: &[&str]) -> common::Run {
    let mut files = basic_site();
    for (path, text) in changes {
        files.retain(|(p, _)| p != path);
        files.push((path.to_string(), text.to_string()));
    }
    let site = Site::new(&files);
    common::run(
        site.root(),
        &[&["check", "--as-of", "2026-11-25"], extra].concat(),
    )
}

#[test]
fn a_clean_site_checks_clean() {
    let run = check(&[], &[]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout
            .ends_with("Checked 4 pages, 0 forms and 0 data files: 0 errors, 0 warnings\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn review_dates_overdue_and_due_soon() {
    let overdue = page("Old", "patient", "# Old\n").replace("2026-05-28", "2022-01-10");
    let soon = page("Soon", "patient", "# Soon\n").replace(
        "last_reviewed: 2026-05-28",
        "last_reviewed: 2024-01-01\nnext_review_due: 2026-12-20",
    );
    let archived = page("Gone", "patient", "# Gone\n")
        .replace("2026-05-28", "2019-01-01")
        .replace(
            "audience:",
            "status: archived\narchived_note: Replaced in 2022.\naudience:",
        );
    let run = check(
        &[
            ("content/guide/old.md", &overdue),
            ("content/guide/soon.md", &soon),
            ("content/guide/gone.md", &archived),
        ],
        &[],
    );
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn accessibility_lint() {
    let body = "# Title\n\n### Skipped a level\n\n![](photo.jpg)\n\n[click here](https://www.nhs.uk/) and [https://www.gov.uk/](https://www.gov.uk/)\n\n# Second title\n";
    let run = check(
        &[("content/guide/a11y.md", &page("A11y", "patient", body))],
        &[],
    );
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn unsafe_raw_html() {
    let body = "# Raw\n\n<script>alert(1)</script>\n\n<img src=\"x.png\" alt=\"x\" onerror=\"alert(1)\">\n\n[bad](javascript:alert(1))\n\n<iframe src=\"https://evil.example/x\"></iframe>\n";
    let run = check(
        &[("content/guide/raw.md", &page("Raw", "patient", body))],
        &[],
    );
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn metadata_sources_summary_and_duplicate_titles() {
    let no_sources = "---\ntitle: Talking about it\nsummary: Short.\naudience: patient\nlast_reviewed: 2026-05-28\n---\n# Talking about it\n";
    let run = check(&[("content/guide/dup.md", no_sources)], &[]);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn json_output_has_stable_fields() {
    let overdue = page("Old", "patient", "# Old\n").replace("2026-05-28", "2022-01-10");
    let run = check(&[("content/guide/old.md", &overdue)], &["--format", "json"]);
    assert_eq!(run.code, 1);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["format_version"], 1);
    assert_eq!(v["summary"]["errors"], 1);
    let f = &v["findings"][0];
    assert_eq!(f["file"], "content/guide/old.md");
    assert_eq!(f["line"], 5);
    assert_eq!(f["severity"], "error");
    assert_eq!(f["rule"], "review-date");
    assert!(f["hint"].is_string());
}

#[test]
fn severities_are_configurable_in_site_yaml() {
    let overdue = page("Old", "patient", "# Old\n").replace("2026-05-28", "2022-01-10");
    let yaml = format!(
        "{}check:\n  rules:\n    review-date: warning\n",
        common::SITE_YAML
    );
    let run = check(
        &[("content/guide/old.md", &overdue), ("site.yaml", &yaml)],
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(run.stdout.contains("warning: [review-date]"));
}

#[test]
fn the_build_runs_the_same_rules() {
    let overdue = page("Old", "patient", "# Old\n").replace("2026-05-28", "2022-01-10");
    let mut files = basic_site();
    files.push(("content/guide/old.md".into(), overdue));
    let site = Site::new(&files);
    let run = site.build(&[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("[review-date] the review of this page is overdue"),
        "{}",
        run.stderr
    );
}
