//! Easy Read pages (`format: easy-read`): picture rows in the HTML, the
//! `easy-read` rule finding planted problems at their line and column, and
//! pictures that cannot be shown stopping the build.

mod common;

use common::{Site, basic_site, errors_of, page, run};

/// A page of the basic site in Easy Read.
fn easy(title: &str, body: &str) -> String {
    page(title, "patient", body)
        .replace("audience: patient", "audience: patient\nformat: easy-read")
}

const GOOD: &str = "# Your plan\n\n{{ picture(name=\"doctor\", alt=\"A doctor\") }}\nYour **doctor** can help you.\nYou can ask them.\n\n{{ picture(name=\"document\", alt=\"A page of writing\") }}\nThis is a **lasting power of attorney** (LPA).\nAn LPA lets someone choose for you.\n";

fn site_with(files: &[(&str, &str)]) -> Site {
    let mut all = basic_site();
    for (path, text) in files {
        all.retain(|(p, _)| p != path);
        all.push((path.to_string(), text.to_string()));
    }
    Site::new(&all)
}

/// `check --format json` findings of one rule: (line, column, message).
fn findings(site: &Site, rule: &str) -> Vec<(u64, u64, String)> {
    let out = run(
        site.root(),
        &[
            "check",
            "--root",
            ".",
            "--as-of",
            "2026-11-25",
            "--format",
            "json",
        ],
    );
    let json: serde_json::Value = serde_json::from_str(&out.stdout).expect(&out.stderr);
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == rule)
        .map(|f| {
            (
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_good_page_is_rows_of_picture_and_text_in_its_own_stylesheet() {
    let site = site_with(&[("content/guide/easy.md", &easy("Your plan", GOOD))]);
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("easy-read"), "{}", run.stderr);
    let html = site.read("guide/easy/index.html");
    assert!(
        html.contains("<div class=\"er-row\">\n<div class=\"er-picture\"><img src=\"../../static/pictograms/doctor.svg\" alt=\"A doctor\" /></div>\n<div class=\"er-text\">\n<p>Your <strong>doctor</strong> can help you.<br />\nYou can ask them.</p>\n</div>\n</div>"),
        "{html}"
    );
    assert_eq!(html.matches("class=\"er-row\"").count(), 2);
    assert!(html.contains("static/css/easy-read.css"));
    assert!(html.contains("class=\"page audience-patient easy-read\""));
    // The call itself is not text anywhere on the page.
    assert!(!html.contains("picture("), "{html}");
    assert!(site.out().join("static/pictograms/doctor.svg").exists());
    let plain = site.read("guide/lpa/index.html");
    assert!(
        !plain.contains("easy-read.css"),
        "only Easy Read pages load it"
    );
}

#[test]
fn a_site_adds_and_overrides_pictograms_in_its_own_static_folder() {
    let own = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><rect width=\"10\" height=\"10\"/></svg>\n";
    let body = "# Clinic\n\n{{ picture(name=\"clinic\", alt=\"Our clinic\") }}\nCome to our **clinic**.\n\n{{ picture(name=\"doctor\", alt=\"A doctor\") }}\nSee a doctor.\n";
    let site = site_with(&[
        ("content/guide/easy.md", &easy("Clinic", body)),
        ("static/pictograms/clinic.svg", own),
        ("static/pictograms/doctor.svg", own),
    ]);
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        site.read("guide/easy/index.html")
            .contains("static/pictograms/clinic.svg\" alt=\"Our clinic\"")
    );
    assert_eq!(
        site.read("static/pictograms/doctor.svg"),
        own,
        "the site's own replaces the theme's"
    );
}

#[test]
fn pictures_that_cannot_be_shown_stop_the_build_at_their_place() {
    let body = "# Pictures\n\n{{ picture(name=\"docter\", alt=\"A doctor\") }}\nA.\n\n{{ picture(name=\"nurse\") }}\nB.\n\n{{ picture(name=\"nurse\", alt=\" \") }}\nC.\n\n{{ picture(nam=\"nurse\", alt=\"A nurse\") }}\nD.\n\n{{ picture(name=\"../site\", alt=\"x\") }}\nE.\n";
    insta::assert_snapshot!(errors_of(&[(
        "content/guide/easy.md",
        &easy("Pictures", body)
    )]));
}

#[test]
fn a_picture_outside_an_easy_read_page_says_where_pictures_go() {
    let body = "# Plain\n\n{{ picture(name=\"nurse\", alt=\"A nurse\") }}\n";
    insta::assert_snapshot!(errors_of(&[(
        "content/guide/plain.md",
        &page("Plain", "patient", body)
    )]));
}

#[test]
fn a_misspelt_format_is_located_with_a_suggestion() {
    let text = easy("A", "# A\n").replace("format: easy-read", "format: easy-reed");
    insta::assert_snapshot!(errors_of(&[("content/guide/a.md", &text)]));
}

/// Every problem the rule looks for, planted once, next to uses it must
/// accept (an abbreviation explained either way, in a heading, or listed
/// in data/easy_read.yaml).
const PLANTED: &str = "# What a GP does

This text has no picture beside it.

{{ picture(name=\"doctor\", alt=\"A doctor\") }}
Your GP can help you make a plan for the care you want in the future, if you get ill.
A GP (your local doctor) knows you.

{{ picture(name=\"heart\", alt=\"A heart\") }}

{{ picture(name=\"document\", alt=\"A page of writing\") }}
This is a **lasting power of attorney** (LPA).
CPR means trying to restart your heart.
The NHS can help. Ask about DNACPR at the clinic.
Multidisciplinary consultations facilitate comprehensive anticipatory documentation.
";

#[test]
fn planted_problems_are_found_at_their_line_and_column() {
    let site = site_with(&[
        ("content/guide/easy.md", &easy("Planted", PLANTED)),
        ("data/easy_read.yaml", "known_abbreviations:\n  - NHS\n"),
    ]);
    // Front matter is 10 lines, so the body's `# What a GP does` is line 11.
    assert_eq!(
        findings(&site, "easy-read"),
        vec![
            (13, 1, "this text is not in a row with a picture".into()),
            (16, 1, "this sentence has 20 words; Easy Read sentences have 15 words or fewer".into()),
            (16, 6, "the abbreviation \"GP\" is not explained where it is first used".into()),
            (19, 1, "this picture has no words beside it".into()),
            (24, 29, "the abbreviation \"DNACPR\" is not explained where it is first used".into()),
            (25, 1, "this Easy Read page has a reading grade of 5.5; Easy Read pages need grade 3 or below".into()),
        ]
    );
    let text = run(
        site.root(),
        &["check", "--root", ".", "--as-of", "2026-11-25"],
    );
    let ours: Vec<&str> = text
        .stdout
        .split("\n\n")
        .filter(|block| block.contains("[easy-read]"))
        .collect();
    insta::assert_snapshot!(ours.join("\n\n"));
}

#[test]
fn the_rule_skips_other_pages_and_obeys_check_rules() {
    // The same text on an ordinary page is not held to Easy Read rules.
    let site = site_with(&[("content/guide/plain.md", &page("Plain", "patient", PLANTED))]);
    assert_eq!(findings(&site, "easy-read"), vec![]);

    let planted = easy("Planted", PLANTED);
    let strict = format!(
        "{}check:\n  rules:\n    easy-read: error\n",
        common::SITE_YAML
    );
    let site = site_with(&[("content/guide/easy.md", &planted), ("site.yaml", &strict)]);
    let run = site.build(&[]);
    assert_eq!(run.code, 1, "easy-read: error fails the build");
    assert!(
        run.stderr
            .contains("error: [easy-read] this text is not in a row with a picture"),
        "{}",
        run.stderr
    );

    let off = format!(
        "{}check:\n  rules:\n    easy-read: off\n",
        common::SITE_YAML
    );
    let site = site_with(&[("content/guide/easy.md", &planted), ("site.yaml", &off)]);
    assert_eq!(findings(&site, "easy-read"), vec![]);
}

#[test]
fn a_misspelt_key_in_the_abbreviation_list_is_an_error() {
    let site = site_with(&[
        ("content/guide/easy.md", &easy("Your plan", GOOD)),
        ("data/easy_read.yaml", "known_abbreviation:\n  - NHS\n"),
    ]);
    let found = findings(&site, "easy-read");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!((found[0].0, found[0].1), (1, 1));
    assert!(found[0].2.contains("known_abbreviation"), "{found:?}");
}

#[test]
fn alt_text_is_escaped_where_it_lands() {
    let body = "# Escaped\n\n{{ picture(name=\"doctor\", alt='A \"kind\" <b>doctor</b> & co') }}\nHello.\n";
    let site = site_with(&[("content/guide/easy.md", &easy("Escaped", body))]);
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = site.read("guide/easy/index.html");
    assert!(
        html.contains("alt=\"A &quot;kind&quot; &lt;b&gt;doctor&lt;/b&gt; &amp; co\""),
        "{html}"
    );
    assert!(!html.contains("<b>doctor"), "{html}");
}
