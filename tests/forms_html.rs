//! The form templates rendered with Tera 2 against the default forms: labels
//! reach the printed page, ids and label/ARIA references resolve, author text
//! is escaped, and nothing can submit the form.
//!
//! Set `FORMS_HTML_OUT=dir` to also write the pages (with a minimal base
//! page, form.css and form.js) for a look in a browser or a print to PDF.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use careguide::forms::{self, FormView};

const STUB_BASE: &str = r#"<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><style>body{font-family:Arial,sans-serif;margin:0 auto;max-width:60rem}</style><meta name="viewport" content="width=device-width, initial-scale=1"><title>{% block title %}{% endblock title %} – {{ site.title }}</title></head>
<body><header class="site-header"><a href="{{ root }}">{{ site.title }}</a><nav><a href="{{ root }}guide/">Guide</a></nav></header>
<main id="main">{% block content %}{% endblock content %}</main>
{% block scripts %}{% endblock scripts %}</body></html>"#;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn tera() -> tera::Tera {
    let mut t = tera::Tera::default();
    t.autoescape_on([".html"]);
    // The templates' own words (issue 21): the built-in English.
    let strings = std::sync::Arc::new(careguide::i18n::built_in_english("en-GB"));
    t.register_function("t", careguide::i18n::t_function(strings.clone()));
    t.register_function("t_date", careguide::i18n::t_date_function(strings));
    let read =
        |name: &str| std::fs::read_to_string(root().join("templates").join(name)).expect(name);
    t.add_raw_templates(vec![
        ("base.html", STUB_BASE.to_string()),
        ("form.html", read("form.html")),
        ("forms-index.html", read("forms-index.html")),
    ])
    .unwrap_or_else(|e| panic!("{e:?}"));
    t
}

fn default_views() -> Vec<FormView> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(root().join("forms"))
        .expect("forms/")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        // Labels in other languages (`my-wishes.ur.yaml`) are not forms.
        .filter(|p| {
            p.file_stem()
                .is_some_and(|s| !s.to_string_lossy().contains('.'))
        })
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).expect("readable");
            let form = forms::load(&p.display().to_string(), &text).unwrap_or_else(|e| {
                panic!("{}", e.iter().map(|d| d.render(false)).collect::<String>())
            });
            forms::view(&form).with_canonical_base("https://example.nhs.uk/")
        })
        .collect()
}

fn context(root: &str) -> tera::Context {
    let mut ctx = tera::Context::new();
    ctx.insert(
        "site",
        &serde_json::json!({"title": "Planning ahead", "organisation": "Example ICB"}),
    );
    ctx.insert("root", root);
    ctx.insert("lang", "en-GB");
    ctx
}

fn render_form(t: &tera::Tera, view: &FormView) -> String {
    let mut ctx = context("../../");
    ctx.insert("form", view);
    t.render("form.html", &ctx)
        .unwrap_or_else(|e| panic!("{e:?}"))
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// The HTML with every element whose class includes `screen-only` removed
/// (with its content), as a printer would see it.
fn without_screen_only(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(class_at) = rest.find("screen-only") {
        let Some(tag_start) = rest[..class_at].rfind('<') else {
            break;
        };
        let name: String = rest[tag_start + 1..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        out.push_str(&rest[..tag_start]);
        // Skip to the matching close tag, counting nested tags of the same name.
        let (open, close) = (format!("<{name}"), format!("</{name}>"));
        let mut depth = 0usize;
        let mut i = tag_start;
        loop {
            let next_open = rest[i + 1..].find(&open).map(|p| p + i + 1);
            let Some(next_close) = rest[i..].find(&close).map(|p| p + i) else {
                i = rest.len();
                break;
            };
            match next_open {
                Some(o) if o < next_close => {
                    depth += 1;
                    i = o;
                }
                _ if depth > 0 => {
                    depth -= 1;
                    i = next_close + close.len() - 1;
                }
                _ => {
                    i = next_close + close.len();
                    break;
                }
            }
        }
        rest = &rest[i.min(rest.len())..];
    }
    out.push_str(rest);
    out
}

fn attr_values<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let needle = format!(" {attr}=\"");
    html.match_indices(&needle)
        .filter_map(|(i, _)| {
            let start = i + needle.len();
            html[start..].find('"').map(|end| &html[start..start + end])
        })
        .collect()
}

#[test]
fn every_label_is_printed() {
    let t = tera();
    for view in default_views() {
        let html = render_form(&t, &view);
        let printed = without_screen_only(&html);
        assert!(!printed.contains("All forms"), "breadcrumb is screen-only");
        assert!(printed.contains(&escape(&view.title)));
        for section in &view.sections {
            assert!(
                printed.contains(&escape(&section.title)),
                "{}",
                section.title
            );
            for field in &section.fields {
                assert!(
                    printed.contains(&escape(&field.label)),
                    "{}: {}",
                    view.id,
                    field.label
                );
                if let Some(cond) = &field.show_if {
                    assert!(printed.contains(&escape(&cond.text)), "{}", cond.text);
                }
                for option in &field.options {
                    assert!(printed.contains(&escape(&option.label)), "{}", option.label);
                }
                for column in &field.columns {
                    assert!(printed.contains(&escape(&column.label)), "{}", column.label);
                }
            }
        }
    }
}

#[test]
fn ids_are_unique_and_references_resolve() {
    let t = tera();
    for view in default_views() {
        let html = render_form(&t, &view);
        let mut ids = HashSet::new();
        for id in attr_values(&html, "id") {
            assert!(ids.insert(id), "{}: duplicate id {id}", view.id);
        }
        for target in attr_values(&html, "for") {
            assert!(
                ids.contains(target),
                "{}: label for={target} has no input",
                view.id
            );
        }
        for attr in ["aria-describedby", "aria-labelledby"] {
            for list in attr_values(&html, attr) {
                for target in list.split_whitespace() {
                    assert!(ids.contains(target), "{}: {attr} {target} missing", view.id);
                }
            }
        }
        // Every input, textarea and select is labelled: by a <label for>, or
        // an aria-label (table cells).
        for (i, _) in html.match_indices("<input") {
            let tag = &html[i..i + html[i..].find('>').unwrap_or(0)];
            let id = attr_values(tag, "id").first().copied().unwrap_or("");
            assert!(
                tag.contains("aria-label=") || attr_values(&html, "for").contains(&id),
                "{}: unlabelled {tag}",
                view.id
            );
        }
    }
}

#[test]
fn nothing_can_be_submitted_or_run_inline() {
    let t = tera();
    for view in default_views() {
        let html = render_form(&t, &view);
        assert!(!html.contains(" action="), "no form action");
        assert!(html.contains("method=\"dialog\""));
        assert!(!html.contains("type=\"submit\""));
        assert!(
            !html.contains(" required"),
            "aria-required only: a paper form must not block"
        );
        assert!(!html.contains(" style="), "no inline styles (CSP)");
        for (i, _) in html.match_indices("<script") {
            let tag = &html[i..i + html[i..].find('>').unwrap_or(0)];
            assert!(tag.contains(" src="), "inline script: {tag}");
        }
        assert!(html.contains("data-questionnaire-url=\"https://example.nhs.uk/forms/"));
        assert!(html.contains("src=\"../../static/js/form.js\""));
    }
}

#[test]
fn templates_never_mark_author_text_safe() {
    for name in ["form.html", "forms-index.html"] {
        let text = std::fs::read_to_string(root().join("templates").join(name)).expect(name);
        assert!(
            !text.contains("| safe") && !text.contains("|safe"),
            "{name}"
        );
    }
}

#[test]
fn author_text_is_escaped() {
    let yaml = r#"id: evil
title: "<script>alert(1)</script>"
version: "1"
audience: patient
status: draft
description: "\"quoted\" & <b>bold</b>"
sections:
  - id: s
    title: "<img src=x onerror=alert(1)>"
    fields:
      - { id: a, label: "<i>A</i>", type: choice, options: [{ id: x, label: "\"><script>x</script>" }], help: "<b>h</b>" }
      - { id: b, label: B, type: text, show_if: { field: a, equals: "\"><script>x</script>" } }
"#;
    let form = forms::load("forms/evil.yaml", yaml).unwrap_or_else(|e| panic!("{e:?}"));
    let html = render_form(&tera(), &forms::view(&form));
    assert!(!html.contains("<script>alert"), "{html}");
    assert!(!html.contains("<img src=x"), "{html}");
    assert!(!html.contains("<i>A</i>"), "{html}");
    assert!(!html.contains("\"><script>x"), "{html}");
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
}

#[test]
fn field_types_render_as_the_issue_asks() {
    let t = tera();
    let views = default_views();
    let ucp = views
        .iter()
        .find(|v| v.id == "urgent-care-plan-summary")
        .expect("ucp");
    let html = render_form(&t, ucp);
    // Date as DD / MM / YYYY boxes, NHS number as 3-3-4 boxes.
    assert!(html.contains("placeholder=\"DD\"") && html.contains("placeholder=\"YYYY\""));
    assert!(html.contains("id=\"f-dob-day\"") && html.contains("inputmode=\"numeric\""));
    assert!(html.contains("id=\"f-nhs-number-nhs-3\"") && html.contains("maxlength=\"4\""));
    // Choices are radios with codes as data, shown to professionals.
    assert!(html.contains("data-system=\"http://snomed.info/sct\" data-code=\"450476008\""));
    assert!(html.contains("SNOMED CT 450476008"));
    // show_if printed as words and wired for the script.
    assert!(html.contains("If yes:"));
    assert!(html.contains("If ‘Not for attempted CPR’:"));
    assert!(html.contains("data-show-if=\"has-lpa\" data-show-value=\"yes\""));
    // A real table with inputs per cell; a signature box.
    assert!(html.contains("<table class=\"form-table\" id=\"f-key-contacts\""));
    assert!(html.contains("aria-label=\"Phone number, row 3\""));
    assert!(html.contains("class=\"signature-box\""));
    assert!(html.contains("(required)") && html.contains("aria-required=\"true\""));
    // Patients do not see codes.
    let wishes = views
        .iter()
        .find(|v| v.id == "my-wishes")
        .expect("my-wishes");
    let html = render_form(&t, wishes);
    assert!(!html.contains("SNOMED CT"));
    assert!(html.contains("rows=\"5\""), "textarea writing lines");
}

#[test]
fn index_lists_every_form() {
    let t = tera();
    let views = default_views();
    let mut ctx = context("../");
    ctx.insert("forms", &views);
    let html = t
        .render("forms-index.html", &ctx)
        .unwrap_or_else(|e| panic!("{e:?}"));
    for v in &views {
        assert!(html.contains(&format!("href=\"../forms/{}/\"", v.id)));
        // The Questionnaire is for clinical systems: listed for professional
        // forms, kept out of the patient forms' main links (issue 15).
        let json = format!("href=\"../forms/{}/questionnaire.json\"", v.id);
        assert_eq!(html.contains(&json), v.audience != "patient", "{}", v.id);
        assert!(html.contains(&escape(&v.description)));
        assert!(html.contains(&escape(&v.audience_label)));
    }
    write_out("forms/index.html", &html);
}

/// Write pages for a manual look or a print to PDF (see the module docs).
fn write_out(rel: &str, html: &str) {
    let Ok(dir) = std::env::var("FORMS_HTML_OUT") else {
        return;
    };
    let dir = PathBuf::from(dir);
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(&path, html).expect("write");
    for (from, to) in [
        ("static/css/form.css", "css/form.css"),
        ("static/js/form.js", "js/form.js"),
        ("static/js/form-load.js", "js/form-load.js"),
    ] {
        let target = dir.join(to);
        std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
        std::fs::copy(root().join(from), target).expect("copy static");
    }
}

#[test]
fn write_pages_when_asked() {
    let t = tera();
    for view in default_views() {
        let html = render_form(&t, &view);
        write_out(&format!("forms/{}/index.html", view.id), &html);
        let form_text =
            std::fs::read_to_string(root().join(format!("forms/{}.yaml", view.id))).expect("yaml");
        if let Ok(form) = forms::load("x", &form_text) {
            let q = forms::questionnaire(
                &form,
                "Example ICB",
                "https://example.nhs.uk/",
                "2026-01-01",
            );
            write_out(
                &format!("forms/{}/questionnaire.json", view.id),
                &serde_json::to_string_pretty(&q).unwrap_or_default(),
            );
        }
    }
}

/// What the printed page relies on (tests/browser/print.test.mjs checks the
/// PDF itself): a question and its "If yes" follow-ups in one print block,
/// a section with a signature marked to stay whole, the fields that identify
/// the person marked for the identifier strip repeated on every sheet.
#[test]
fn print_blocks_keep_follow_ups_and_signatures_together() {
    let t = tera();
    let views = default_views();
    let ucp = views
        .iter()
        .find(|v| v.id == "urgent-care-plan-summary")
        .expect("ucp");
    let html = render_form(&t, ucp);

    // The attorney question and its three follow-ups: one block, in order.
    let block = html
        .split("<div class=\"field-block")
        .find(|b| b.contains("id=\"f-has-lpa-field\""))
        .expect("block of has-lpa");
    assert!(block.starts_with(" field-block-group\""), "{block}");
    for id in ["lpa-name", "lpa-phone", "lpa-life-sustaining"] {
        assert!(
            block.contains(&format!("id=\"f-{id}-field\"")),
            "{id} not with its question"
        );
    }
    assert!(
        !block.contains("id=\"f-has-adrt-field\""),
        "the next question starts a block"
    );

    // The CPR section holds the signature, so it is kept whole on paper.
    assert!(html.contains("<section class=\"form-section keep-together\" id=\"s-cpr\""));
    assert!(!html.contains("<section class=\"form-section keep-together\" id=\"s-ceiling\""));

    // Identifiers: the fields are marked, the strip is in the repeated header.
    for (id, role) in [
        ("name", "name"),
        ("nhs-number", "nhs-number"),
        ("dob", "dob"),
    ] {
        assert!(
            html.contains(&format!("id=\"f-{id}-field\" data-link-id=\"{id}\"")),
            "{id}"
        );
        assert!(
            html.contains(&format!("data-identity=\"{role}\"")),
            "{role}"
        );
    }
    let head = &html[html
        .find("<thead class=\"print-frame-head\">")
        .expect("thead")..html.find("</thead>").expect("end of thead")];
    for copy in [
        "data-copy=\"name\"",
        "data-copy-part=\"nhs-3\"",
        "data-copy-part=\"year\"",
    ] {
        assert!(head.contains(copy), "{copy} not in the repeated header");
    }
    assert!(head.contains("Urgent care plan summary · Version 1.1"));
}

#[test]
fn identity_fields_are_the_person_s_not_the_clinician_s() {
    let views = default_views();
    let find = |form: &str, id: &str| {
        views
            .iter()
            .find(|v| v.id == form)
            .and_then(|v| {
                v.sections
                    .iter()
                    .flat_map(|s| &s.fields)
                    .find(|f| f.id == id)
            })
            .unwrap_or_else(|| panic!("{form}/{id}"))
            .identity
            .clone()
    };
    assert_eq!(find("my-wishes", "my-name").as_deref(), Some("name"));
    assert_eq!(find("my-wishes", "my-dob").as_deref(), Some("dob"));
    assert_eq!(
        find("my-wishes", "my-nhs-number").as_deref(),
        Some("nhs-number")
    );
    // Other names and dates on the same forms are not identifiers.
    assert_eq!(find("my-wishes", "called"), None);
    assert_eq!(find("my-wishes", "date-signed"), None);
    assert_eq!(find("acp-conversation-record", "preferred-name"), None);
    assert_eq!(find("urgent-care-plan-summary", "clinician-name"), None);
    assert_eq!(find("urgent-care-plan-summary", "cpr-clinician-name"), None);
}
