//! Broken sites: exit status 1 and the exact, located error messages.

mod common;

use common::{Site, basic_site, errors_of, page};

#[test]
fn misspelt_front_matter_key() {
    let text = page("A", "patient", "# A\n").replace("audience:", "audiance:");
    insta::assert_snapshot!(errors_of(&[("content/guide/a.md", &text)]));
}

#[test]
fn missing_required_field() {
    let text = page("A", "patient", "# A\n").replace("title: A\n", "");
    insta::assert_snapshot!(errors_of(&[("content/guide/a.md", &text)]));
}

#[test]
fn impossible_date() {
    let text = page("A", "patient", "# A\n").replace("2026-05-28", "2026-02-30");
    insta::assert_snapshot!(errors_of(&[("content/guide/a.md", &text)]));
}

#[test]
fn wrong_type() {
    let text = page("A", "patient", "# A\n")
        .replace("audience: patient", "audience: patient\norder: first");
    insta::assert_snapshot!(errors_of(&[("content/guide/a.md", &text)]));
}

#[test]
fn tab_indentation() {
    let text = page("A", "patient", "# A\n").replace("  - title: NHS", "\t- title: NHS");
    insta::assert_snapshot!(errors_of(&[("content/guide/a.md", &text)]));
}

#[test]
fn unclosed_and_empty_front_matter() {
    insta::assert_snapshot!(errors_of(&[
        ("content/guide/a.md", "---\ntitle: A\n# A\n"),
        ("content/guide/b.md", "---\n---\n# B\n"),
        ("content/guide/c.md", ""),
    ]));
}

#[test]
fn broken_links_and_anchors_are_all_reported_sorted() {
    let a = page(
        "A",
        "patient",
        "# A\n\nSee [the LPA page](lpa.md#who-can-be-a-attorney) and [this](lpaa.md).\n",
    );
    let b = page(
        "B",
        "patient",
        "# B\n\n[Home](../index.md) and [here](#nowhere)\n",
    );
    insta::assert_snapshot!(errors_of(&[
        ("content/guide/a.md", &a),
        ("content/guide/b.md", &b)
    ]));
}

#[test]
fn template_syntax_error_in_an_override() {
    insta::assert_snapshot!(errors_of(&[(
        "templates/footer-extra.html",
        "<p>\n{% if site.title %}\n{{ site.title }\n{% endif %}\n"
    )]));
}

#[test]
fn undefined_template_variable() {
    insta::assert_snapshot!(errors_of(&[(
        "templates/footer-extra.html",
        "<p>{{ site.phone_number }}</p>\n"
    )]));
}

#[test]
fn unknown_template_named_by_a_page() {
    let text =
        page("A", "patient", "# A\n").replace("audience:", "template: vidoes.html\naudience:");
    insta::assert_snapshot!(errors_of(&[("content/guide/a.md", &text)]));
}

#[test]
fn broken_site_yaml() {
    insta::assert_snapshot!(errors_of(&[(
        "site.yaml",
        "title: Test\nbase_url: https://example.org/\norganisation: O\nreview:\n  period_month: 12\n"
    )]));
}

/// A misspelt rule under `check.rules` used to be kept and never matched,
/// so the setting silently did nothing (issue 18).
#[test]
fn misspelt_rule_name_under_check_rules() {
    insta::assert_snapshot!(errors_of(&[(
        "site.yaml",
        "title: Test\nbase_url: https://example.org/\norganisation: O\ncheck:\n  rules:\n    codes: error\n    reding-age: off\n"
    )]));
}

/// A name close to no rule lists the names instead of guessing; `build`
/// is a finding's rule but not a setting (such problems are always errors).
#[test]
fn unknown_rule_names_under_check_rules() {
    insta::assert_snapshot!(errors_of(&[(
        "site.yaml",
        "title: Test\nbase_url: https://example.org/\norganisation: O\ncheck:\n  rules:\n    build: warning\n    spelling: off\n"
    )]));
}

#[test]
fn two_pages_with_one_url() {
    insta::assert_snapshot!(errors_of(&[(
        "content/guide/lpa/_index.md",
        &page("Clash", "patient", "# Clash\n")
    )]));
}

#[test]
fn non_utf8_bytes() {
    let mut files = basic_site();
    files.retain(|(p, _)| p != "content/guide/talking.md");
    let site = Site::new(&files);
    let mut bytes = page("A", "patient", "# A\n\nCaf").into_bytes();
    bytes.extend_from_slice(b"\xE9 latin-1\n");
    site.write_bytes("content/guide/a.md", &bytes);
    let run = site.build(&[]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.stderr);
}

#[test]
fn bad_data_file() {
    insta::assert_snapshot!(errors_of(&[(
        "data/videos.yaml",
        "videos:\n  - title: A\n    url: [unclosed\n"
    )]));
}

/// Issue 15: a saved answer records a choice option by its code or id, so an
/// option without either, an id used twice, a code without its term, or one
/// id naming two answers stops the build, with the place and a hint; `check`
/// reports the same errors.
#[test]
fn form_options_need_stable_codes() {
    let form = "id: x\ntitle: X\nversion: \"1\"\naudience: patient\nstatus: draft\ndescription: D\nsections:\n  - id: s\n    title: S\n    fields:\n      - id: place\n        label: Place\n        type: choice\n        options:\n          - { label: At home }\n          - { id: hospice, label: Hospice }\n          - { id: hospice, label: A hospice }\n          - { label: Not for CPR, code: { system: snomed, code: \"450476008\" } }\n      - { id: death, label: Place of death, type: choice, options: [{ id: hospice, label: In a hospice }] }\n";
    let stderr = errors_of(&[("forms/x.yaml", form)]);
    insta::assert_snapshot!(stderr);
    let mut files = basic_site();
    files.push(("forms/x.yaml".to_string(), form.to_string()));
    let site = Site::new(&files);
    let check = common::run(site.root(), &["check", "--as-of", "2026-11-25"]);
    assert_eq!(check.code, 1, "{}{}", check.stdout, check.stderr);
    let both = format!("{}{}", check.stdout, check.stderr);
    for line in stderr
        .lines()
        .filter(|l| l.starts_with("error: ") && !l.contains("nothing was written"))
    {
        // check tags each finding with the pass that found it.
        let tagged = line.replacen("error: ", "error: [build] ", 1);
        assert!(
            both.contains(&tagged),
            "check did not report {tagged:?}:\n{both}"
        );
    }
}
