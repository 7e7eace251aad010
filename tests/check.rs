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
            .ends_with("Checked 6 pages, 0 forms and 0 data files: 0 errors, 0 warnings\n"),
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

/// A heading is Markdown like any other: raw HTML, links and images in it
/// are checked too (they were once rendered without being recorded).
#[test]
fn unsafe_html_and_images_inside_headings() {
    let body = "# Raw\n\n## Call <script src=\"https://evil.example/x.js\"></script> now\n\n## See [this](javascript:alert(1)) and <img src=\"x.png\">\n";
    let run = check(
        &[("content/guide/raw.md", &page("Raw", "patient", body))],
        &[],
    );
    assert_eq!(run.code, 1, "{}", run.stdout);
    let out = &run.stdout;
    for (finding, at) in [
        (
            "[unsafe-html] raw HTML contains a <script>",
            "content/guide/raw.md:12:9",
        ),
        (
            "[unsafe-html] the link uses a javascript: address",
            "content/guide/raw.md:14:8",
        ),
        (
            "[accessibility] the image has no alt attribute",
            "content/guide/raw.md:14:40",
        ),
    ] {
        let line = out
            .lines()
            .position(|l| l.contains(finding))
            .unwrap_or_else(|| panic!("no `{finding}` in:\n{out}"));
        assert!(
            out.lines().nth(line + 1).is_some_and(|l| l.ends_with(at)),
            "`{finding}` not at {at}:\n{out}"
        );
    }
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

#[test]
fn text_messages() {
    // Line 6: a curly quote (U+2019) in a folded block scalar; line 10: a
    // message over its one-text limit; line 13: a plain http link.
    let sms = "messages:\n  - id: curly\n    title: Curly quote\n    max_segments: 1\n    text: >-\n      Hello, it\u{2019}s your GP practice.\n  - id: long\n    title: Too long\n    max_segments: 1\n    text: \"Hello from your GP practice. We are asking some patients if they would like to talk about planning ahead for their future care. Please call us to book a time, or reply to this text.\"\n  - id: link\n    title: Plain http\n    text: Read more at http://www.nhs.uk/conditions\n";
    let run = check(&[("data/sms.yaml", sms)], &[]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn clinical_codes() {
    let codes = "groups:\n  - id: g\n    title: Codes\n    codes:\n      - code: \"450476007\"\n        term: Not for attempted CPR (check digit mistyped)\n        source: https://example.org/codes\n        verified: true\n      - code: \"450475007\"\n        term: For attempted CPR (no source)\n        verified: true\n      - code: \"304252001\"\n        term: For resuscitation (unverified)\n        source: https://example.org/codes\n        verified: false\n";
    let run = check(&[("data/codes.yaml", codes)], &[]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn script_addresses_in_yaml() {
    // data/links.yaml line 6: a nested list item's `url`; line 7: `java\tscript:`
    // in a double-quoted string (the escape is a tab, which browsers skip);
    // line 5: a real address, not flagged. site.yaml line 6: contact.web.
    let links = "teams:\n  - name: Palliative care team\n    links:\n      - title: Home page\n        url: https://www.nhs.uk/\n      - url: \"javascript:alert(1)\"\n      - url: \"java\\tscript:alert(1)\"\n";
    let site_yaml = format!("{}  web: javascript:alert(1)\n", common::SITE_YAML);
    let run = check(
        &[("data/links.yaml", links), ("site.yaml", &site_yaml)],
        &[],
    );
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(!run.stdout.contains("www.nhs.uk"), "{}", run.stdout);
    assert!(
        run.stdout.ends_with(": 3 errors, 0 warnings\n"),
        "{}",
        run.stdout
    );
    insta::assert_snapshot!(run.stdout);
}

const HARD_BODY: &str = "# Resuscitation decisions\n\nThis page is about decisions.\n\nConsideration of cardiopulmonary resuscitation necessitates comprehensive\n**multidisciplinary** deliberation regarding appropriateness and anticipated\neffectiveness. Documentation of advance decisions should be communicated to\nrelevant organisations, including ambulance services and out-of-hours providers.\n";

#[test]
fn hard_patient_page() {
    let run = check(
        &[(
            "content/guide/hard.md",
            &page("Resuscitation decisions", "patient", HARD_BODY),
        )],
        &[],
    );
    assert_eq!(run.code, 0, "a hard page is a warning by default");
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn reading_grade_can_be_an_error_with_its_own_limit() {
    let yaml = format!(
        "{}check:\n  max_reading_grade: 40\n  reading_grade_is_error: true\n",
        common::SITE_YAML
    );
    let hard = page("Resuscitation decisions", "patient", HARD_BODY);
    let run = check(
        &[("content/guide/hard.md", &hard), ("site.yaml", &yaml)],
        &[],
    );
    assert_eq!(run.code, 0, "grade is under 40: {}", run.stdout);
    let yaml = yaml.replace("40", "6.5");
    let run = check(
        &[("content/guide/hard.md", &hard), ("site.yaml", &yaml)],
        &[],
    );
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains("error: [reading-age]") && run.stdout.contains("limit of 6.5"),
        "{}",
        run.stdout
    );
    // Professional pages are not graded.
    let pro = page("Resuscitation decisions", "professional", HARD_BODY);
    let run = check(
        &[("content/guide/hard.md", &pro), ("site.yaml", &yaml)],
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
}

#[test]
fn json_reports_reading_metrics() {
    let run = check(
        &[(
            "content/guide/hard.md",
            &page("Resuscitation decisions", "patient", HARD_BODY),
        )],
        &["--format", "json"],
    );
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let reading = v["metrics"]["reading"].as_array().unwrap();
    // Every current patient page of the basic site, plus the hard one.
    let files: Vec<&str> = reading
        .iter()
        .map(|r| r["file"].as_str().unwrap())
        .collect();
    assert_eq!(
        files,
        [
            "content/guide/_index.md",
            "content/guide/hard.md",
            "content/guide/lpa.md",
            "content/guide/talking.md"
        ]
    );
    let hard = &reading[1];
    assert!(hard["grade"].as_f64().unwrap() > 8.0, "{hard}");
    assert_eq!(
        hard["reading_age"].as_f64().unwrap(),
        ((hard["grade"].as_f64().unwrap() + 5.0) * 10.0).round() / 10.0
    );
    assert!(hard["words"].as_u64().unwrap() > 30);
    assert_eq!(v["external_checked"], false);
    assert_eq!(v["findings"][0]["rule"], "reading-age");
}

#[test]
fn the_build_prints_new_rule_warnings_and_fails_on_their_errors() {
    let mut files = basic_site();
    files.push((
        "content/guide/hard.md".into(),
        page("Resuscitation decisions", "patient", HARD_BODY),
    ));
    let site = Site::new(&files);
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("warning: [reading-age]"),
        "{}",
        run.stderr
    );
    site.write(
        "data/sms.yaml",
        "messages:\n  - id: a\n    title: A\n    text: See http://www.nhs.uk/\n",
    );
    let run = site.build(&[]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("error: [sms]"), "{}", run.stderr);
}

#[test]
fn the_default_site_checks_clean() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = common::run(root, &["check", "--as-of", "2026-11-25"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(run.stdout.contains(": 0 errors,"), "{}", run.stdout);
    // The only warnings are codes the data itself marks as not yet verified.
    for line in run.stdout.lines().filter(|l| l.starts_with("warning")) {
        assert!(
            line.starts_with("warning: [codes]") && line.contains("not yet verified"),
            "{line}"
        );
    }
}

/// An easy patient page, then one paragraph of jargon: the page's average
/// grade stays low, so `reading-age` is silent, but `plain-english` finds
/// the paragraph's sentences at their own line and column.
const EASY_THEN_JARGON: &str = "# Planning ahead\n\nYou can plan ahead. Talk to your family. Talk to your GP. Say what matters to you. Write it down. Keep it safe. Tell people where it is. You can change it at any time. It is your plan. Your GP can help you. So can a nurse. Ask them when you are ready.\n\nYou can plan ahead. Talk to your family. Talk to your GP. Say what matters to you. Write it down. Keep it safe. Tell people where it is. You can change it at any time. It is your plan. Your GP can help you. So can a nurse. Ask them when you are ready.\n\nWe will  utilise the plan.\nPlease note that consideration of anticipatory interventions necessitates multidisciplinary deliberation.\n";

fn plain_english_site(body: &str, extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = vec![
        (
            "content/guide/plan.md".into(),
            page("Planning ahead", "patient", body),
        ),
        (
            "data/plain_english.yaml".into(),
            "words:\n  - word: utilise\n    use: use\n  - word: in order to\n    use: to\n".into(),
        ),
    ];
    for (p, t) in extra {
        files.retain(|(q, _)| q != p);
        files.push((p.to_string(), t.to_string()));
    }
    files
}

fn check_owned(files: &[(String, String)], extra: &[&str]) -> common::Run {
    let borrowed: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    check(&borrowed, extra)
}

#[test]
fn plain_english_finds_jargon_a_page_average_hides() {
    let files = plain_english_site(EASY_THEN_JARGON, &[]);
    let run = check_owned(&files, &["--format", "json"]);
    assert_eq!(run.code, 0, "warnings only by default: {}", run.stdout);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let reading = v["metrics"]["reading"].as_array().unwrap();
    let plan = reading
        .iter()
        .find(|r| r["file"] == "content/guide/plan.md")
        .unwrap();
    assert!(
        plan["grade"].as_f64().unwrap() < 8.0,
        "the page average stays under the limit: {plan}"
    );
    let found: Vec<(u64, u64, &str, &str)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
                f["rule"].as_str().unwrap(),
                f["hint"].as_str().unwrap_or(""),
            )
        })
        .collect();
    // The front matter is 9 lines, so the body's line 7 is the file's 16.
    assert_eq!(found.len(), 2, "{found:#?}");
    assert_eq!(found[0], (16, 10, "plain-english", "use \"use\""));
    let (line, column, rule, hint) = found[1];
    assert_eq!((line, column, rule), (17, 1, "plain-english"));
    assert!(
        hint.starts_with("\"Please note that consideration") && hint.contains("multidisciplinary"),
        "{hint}"
    );
    let message = v["findings"][1]["message"].as_str().unwrap();
    assert!(
        message.contains("far above the page limit of 8"),
        "{message}"
    );
}

#[test]
fn plain_english_long_sentences_in_text_output() {
    let long = "# Long\n\nWhen you talk to your family about what matters to you and what you would like to happen if you become very ill and cannot say what you want yourself, write it down.\n";
    let files = plain_english_site(long, &[]);
    let run = check_owned(&files, &[]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout.contains(
            "warning: [plain-english] this sentence has 33 words; patient pages keep sentences to 25 words or fewer\n  --> content/guide/plan.md:12:1"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("help: \"When you talk to your family about what matters to you and…\": split it into shorter sentences, one idea each"),
        "{}",
        run.stdout
    );
}

#[test]
fn plain_english_severity_limits_and_audience_are_configurable() {
    let as_error = format!(
        "{}check:\n  rules:\n    plain-english: error\n",
        common::SITE_YAML
    );
    let files = plain_english_site(EASY_THEN_JARGON, &[("site.yaml", &as_error)]);
    let run = check_owned(&files, &[]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.ends_with(": 2 errors, 0 warnings\n"),
        "{}",
        run.stdout
    );

    let off = as_error.replace("plain-english: error", "plain-english: off");
    let files = plain_english_site(EASY_THEN_JARGON, &[("site.yaml", &off)]);
    let run = check_owned(&files, &[]);
    assert!(!run.stdout.contains("plain-english"), "{}", run.stdout);

    // A wider margin lets the hard sentence through; the listed word stays.
    let lenient = format!(
        "{}check:\n  sentence_grade_margin: 30\n  max_sentence_words: 9\n",
        common::SITE_YAML
    );
    let files = plain_english_site(EASY_THEN_JARGON, &[("site.yaml", &lenient)]);
    let run = check_owned(&files, &["--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let messages: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        messages,
        [
            "\"utilise\" has a plainer alternative (\"utilise\" is on the plain-English list)",
            "this sentence has 10 words; patient pages keep sentences to 9 words or fewer",
        ]
    );

    // Pages for professionals are not checked.
    let pro = page("Planning ahead", "professional", EASY_THEN_JARGON);
    let files = plain_english_site(EASY_THEN_JARGON, &[("content/guide/plan.md", &pro)]);
    let run = check_owned(&files, &[]);
    assert!(!run.stdout.contains("plain-english"), "{}", run.stdout);
}

#[test]
fn a_broken_plain_english_list_is_a_located_error() {
    let files = plain_english_site(
        EASY_THEN_JARGON,
        &[(
            "data/plain_english.yaml",
            "words:\n  - word: utilise\n    use: use\n  - word: commence\n    instead: start\n",
        )],
    );
    let run = check_owned(&files, &[]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains("error: [plain-english]")
            && run.stdout.contains("data/plain_english.yaml:5:"),
        "{}",
        run.stdout
    );
}

#[test]
fn plain_english_reads_what_readers_see_not_a_components_call() {
    // A component's call is replaced by its HTML, so readers never see its
    // arguments as a sentence: the rule (like the reading grade) judges the
    // page's text as rendered. The same words written as prose are judged.
    let call = "{{ contact(name=\"Multidisciplinary interprofessional anticipatory coordination collaborative\", phone=\"020 7946 0000\") }}";
    let prose = "Multidisciplinary interprofessional anticipatory coordination collaborative organisational responsibilities.";
    let body = |para: &str| {
        format!("# Planning ahead\n\nYou can plan ahead. Talk to your family.\n\n{para}\n")
    };
    let findings = |para: &str| {
        let files = plain_english_site(&body(para), &[]);
        let run = check_owned(&files, &["--format", "json"]);
        assert_eq!(run.code, 0, "{}", run.stdout);
        let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == "plain-english")
            .map(|f| f["message"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(findings(call), Vec::<String>::new());
    let judged = findings(prose);
    assert_eq!(judged.len(), 1, "{judged:?}");
    assert!(judged[0].contains("far above the page limit"), "{judged:?}");
}
