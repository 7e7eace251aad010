//! The mistakes people new to YAML and templates make most often, each in
//! everyday words with the source line and a caret under what to change.

mod common;

use common::{Site, basic_site, errors_of, page};

fn lpa() -> String {
    page("A", "patient", "# A\n")
}

#[test]
fn indent_out_of_line_in_front_matter() {
    let text = lpa().replace("  - title: NHS", " - title: NHS");
    insta::assert_snapshot!(errors_of(&[("content/guide/a.md", &text)]));
}

#[test]
fn indent_out_of_line_in_a_data_file() {
    let yaml = "current:\n  - name: Emergency\n    phone: \"999\"\n   purpose: Life at risk\n";
    insta::assert_snapshot!(errors_of(&[("data/contacts.yaml", yaml)]));
}

#[test]
fn duplicate_key() {
    let text = lpa().replace("audience: patient", "audience: patient\ntitle: B");
    let out = errors_of(&[("content/guide/a.md", &text)]);
    assert!(
        !out.contains("DuplicateKeyPolicy") && !out.contains("tab"),
        "{out}"
    );
    insta::assert_snapshot!(out);
}

#[test]
fn tab_indent() {
    let text = lpa().replace("    url: https", "\turl: https");
    insta::assert_snapshot!(errors_of(&[("content/guide/a.md", &text)]));
}

#[test]
fn colon_in_an_unquoted_value() {
    let text = lpa().replace("summary: A page used", "summary: Note: a page used");
    insta::assert_snapshot!(errors_of(&[("content/guide/a.md", &text)]));
}

#[test]
fn date_in_uk_order() {
    let text = lpa().replace("2026-05-28", "01/11/2026");
    let out = errors_of(&[("content/guide/a.md", &text)]);
    assert!(out.contains("did you mean 2026-11-01?"), "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn misspelt_choice() {
    let text = lpa().replace("audience: patient", "audience: patients");
    let out = errors_of(&[("content/guide/a.md", &text)]);
    assert!(out.contains("did you mean `patient`?"), "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn unclosed_template_tag() {
    let template = "{#- extra -#}\n<p>\n{% if site.contact.phone %}\nCall us.\n</p>\n";
    let out = errors_of(&[("templates/footer-extra.html", template)]);
    assert!(out.contains("templates/footer-extra.html:3:1"), "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn port_in_use() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let site = Site::new(&basic_site());
    let run = common::run_with_timeout(
        site.root(),
        &["serve", "--root", ".", "--port", &port],
        std::time::Duration::from_secs(20),
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    insta::assert_snapshot!(run.stderr.replace(&port, "PORT"));
}
