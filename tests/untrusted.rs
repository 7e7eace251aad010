//! Author text is untrusted wherever it lands. A site whose front matter,
//! data, forms and site.yaml are full of markup, quotes, ampersands and
//! CDATA ends must build into pages where none of it is live: escaped in
//! HTML text and attributes, well-formed XML (feed, sitemap), valid JSON
//! (questionnaire.json, a search index if there is one) and CSV a
//! spreadsheet reads as text. Every page carries a Content-Security-Policy
//! that forbids inline script, and no page has an inline <script>.
//!
//! Raw HTML in Markdown bodies is trusted author markup (`careguide check`
//! reports scripts in it); it is deliberately not used here.

mod common;

use std::path::Path;

use common::{Site, snapshot_dir};

/// Markup, an attribute break-out, an entity, quotes of both kinds and a CDATA end.
const EVIL: &str = r#"<script>alert(1)</script>"><img src=x onerror=alert(2)>&amp; 'q' ]]>"#;

/// YAML double-quoted form of [`EVIL`].
fn q(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

fn hostile_site() -> Vec<(String, String)> {
    let e = q(EVIL);
    let front = |title: &str, template: &str| {
        format!(
            "---\ntitle: {}\nsummary: {}\naudience: professional\nlast_reviewed: 2026-05-28\n{template}sources:\n  - title: {e}\n    url: {}\n---\n# Heading\n\nPlain words.\n",
            q(&format!("{title} {EVIL}")),
            q(&format!("A summary long enough for the check {EVIL}")),
            q(&format!("https://example.org/?a=1&b=\"2\"<x>{EVIL}")),
        )
    };
    vec![
        (
            "site.yaml".into(),
            format!(
                "title: {e}\nbase_url: https://example.org/acp/\norganisation: {e}\ndescription: {e}\ncontact:\n  phone: {e}\n  hours: {e}\n  email: {e}\n  web: {e}\nreview:\n  schedule_csv: true\n"
            ),
        ),
        ("content/_index.md".into(), front("Home", "")),
        ("content/guide/_index.md".into(), front("Guide", "")),
        (
            "content/guide/sms.md".into(),
            front("Texts", "template: sms.html\n"),
        ),
        (
            "content/guide/videos.md".into(),
            front("Videos", "template: videos.html\n"),
        ),
        (
            "content/guide/codes.md".into(),
            front("Codes", "template: codes.html\n"),
        ),
        (
            // A title a spreadsheet would run as a formula.
            "content/guide/formula.md".into(),
            front("=HYPERLINK(\"http://evil\")", ""),
        ),
        (
            "data/sms.yaml".into(),
            format!(
                "messages:\n  - id: invite\n    title: {e}\n    purpose: {e}\n    max_segments: 3\n    text: {e}\n"
            ),
        ),
        (
            "data/videos.yaml".into(),
            format!(
                "videos:\n  - id: v1\n    title: {e}\n    teaches: {e}\n    duration: PT5M\n    provider: {e}\n    url: {}\n    captions: true\n    transcript: {e}\n",
                q(&format!("https://example.org/v?{EVIL}"))
            ),
        ),
        (
            "data/codes.yaml".into(),
            format!(
                "note: {e}\ngroups:\n  - id: g1\n    title: {e}\n    intro: {e}\n    codes:\n      - code: \"450476008\"\n        term: {e}\n        use: {e}\n        source: {e}\n        verified: true\n"
            ),
        ),
        (
            "forms/evil.yaml".into(),
            format!(
                "id: evil\ntitle: {e}\nversion: \"1.0\"\naudience: professional\nstatus: draft\ndescription: {e}\nintro: {e}\nsections:\n  - id: s1\n    title: {e}\n    intro: {e}\n    fields:\n      - id: f1\n        label: {e}\n        type: text\n        help: {e}\n      - id: f2\n        label: {e}\n        type: choice\n        options:\n          - id: a\n            label: {e}\n          - id: b\n            label: {}\n      - id: f3\n        type: note\n        text: {e}\n",
                q(&format!("Other {EVIL}"))
            ),
        ),
    ]
}

fn files_with(root: &Path, ext: &str) -> Vec<(String, String)> {
    snapshot_dir(root)
        .into_iter()
        .filter(|(p, _)| p.ends_with(ext))
        .map(|(p, b)| (p, String::from_utf8(b).unwrap()))
        .collect()
}

/// Every `<script` tag in `html` loads a file.
fn inline_scripts(html: &str) -> Vec<String> {
    let lower = html.to_ascii_lowercase();
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(i) = lower[from..].find("<script") {
        let start = from + i;
        let end = lower[start..].find('>').map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if !tag.contains(" src=") {
            found.push(html[start..end.min(start + 80)].to_string());
        }
        from = end;
    }
    found
}

/// A small well-formedness check for the XML careguide writes: tags
/// balance, attribute values hold no `<`, and every `&` starts an entity.
fn check_xml(name: &str, xml: &str) {
    let entity_ok = |rest: &str| {
        ["amp;", "lt;", "gt;", "quot;", "apos;"]
            .iter()
            .any(|e| rest.starts_with(e))
            || (rest.starts_with('#') && rest[1..].find(';').is_some_and(|n| n > 0 && n < 10))
    };
    let mut stack: Vec<&str> = Vec::new();
    let mut i = 0;
    while i < xml.len() {
        let rest = &xml[i..];
        if let Some(r) = rest.strip_prefix("<?") {
            i += 2 + r.find("?>").expect("closed <?") + 2;
        } else if rest.starts_with("<!") {
            panic!("{name}: unexpected <! (a CDATA or comment from author text?) at {i}");
        } else if let Some(r) = rest.strip_prefix("</") {
            let end = r.find('>').expect("closed end tag");
            assert_eq!(stack.pop(), Some(&r[..end]), "{name}: unbalanced at {i}");
            i += 2 + end + 1;
        } else if let Some(r) = rest.strip_prefix('<') {
            let end = r.find('>').expect("closed tag");
            let tag = &r[..end];
            assert!(!tag.contains('<'), "{name}: `<` inside a tag at {i}: {tag}");
            for (j, _) in tag.match_indices('&') {
                assert!(entity_ok(&tag[j + 1..]), "{name}: bare & in a tag at {i}");
            }
            let elem = tag.split([' ', '/', '\n']).next().unwrap();
            if !tag.ends_with('/') {
                stack.push(elem);
            }
            i += 1 + end + 1;
        } else {
            let end = rest.find('<').unwrap_or(rest.len());
            let text = &rest[..end];
            assert!(
                !text.contains('>') || !text.contains("]]>"),
                "{name}: raw ]]> in text"
            );
            for (j, _) in text.match_indices('&') {
                assert!(
                    entity_ok(&text[j + 1..]),
                    "{name}: bare & in text at {}",
                    i + j
                );
            }
            i += end;
        }
    }
    assert!(stack.is_empty(), "{name}: unclosed {stack:?}");
}

/// RFC 4180 fields of one CSV line.
fn csv_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                fields.last_mut().unwrap().push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(String::new()),
            (c, _) => fields.last_mut().unwrap().push(c),
        }
    }
    assert!(!quoted, "unclosed quote in {line:?}");
    fields
}

#[test]
fn author_text_is_escaped_wherever_it_lands() {
    let site = Site::new(&hostile_site());
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = site.out();

    let pages = files_with(&out, ".html");
    assert!(pages.len() >= 8, "{}", pages.len());
    let mut landed = 0;
    for (name, html) in &pages {
        assert!(!html.contains("<script>alert"), "{name}: live <script>");
        assert!(!html.contains("<img src=x"), "{name}: live <img>");
        assert!(!html.contains("\"><img"), "{name}: attribute break-out");
        assert!(!html.contains("]]>"), "{name}: raw ]]>");
        if html.contains("&lt;script&gt;alert(1)&lt;/script&gt;") {
            landed += 1;
        }
        let inline = inline_scripts(html);
        assert!(inline.is_empty(), "{name}: inline script {inline:?}");
        let csp = html
            .split("http-equiv=\"Content-Security-Policy\" content=\"")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .unwrap_or_else(|| panic!("{name}: no Content-Security-Policy"));
        assert!(csp.contains("script-src 'self'"), "{name}: {csp}");
        assert!(!csp.contains("unsafe-inline"), "{name}: {csp}");
        // 'wasm-unsafe-eval' (WebAssembly for the search index) is allowed;
        // JavaScript eval is not.
        assert!(!csp.contains("'unsafe-eval'"), "{name}: {csp}");
    }
    // The text did land (escaped) on every page: it is in site.yaml's title.
    assert_eq!(landed, pages.len());
    // Each data file and the form showed up.
    for (page, marker) in [
        ("guide/sms/index.html", "sms-bubble"),
        ("guide/videos/index.html", "video-card"),
        ("guide/codes/index.html", "code-group"),
        ("forms/evil/index.html", "field-label"),
    ] {
        let html = site.read(page);
        assert!(html.contains(marker), "{page} lacks {marker}");
        assert!(html.contains("&lt;script&gt;"), "{page}");
    }

    for xml in ["feed.xml", "sitemap.xml"] {
        let text = site.read(xml);
        check_xml(xml, &text);
        assert!(!text.contains("<script"), "{xml}");
    }
    assert!(site.read("feed.xml").contains("&lt;script&gt;alert(1)"));

    let json = site.read("forms/evil/questionnaire.json");
    let value: serde_json::Value = serde_json::from_str(&json).expect("questionnaire.json is JSON");
    assert_eq!(value["title"], EVIL, "the JSON keeps the text exactly");
    assert!(json.contains(&format!("\"text\": {}", q(EVIL))) || json.contains(&q(EVIL)));

    // The search index, when the search feature is present.
    for name in [
        "search-index.json",
        "search.json",
        "static/search-index.json",
    ] {
        if let Ok(text) = std::fs::read_to_string(out.join(name)) {
            serde_json::from_str::<serde_json::Value>(&text)
                .unwrap_or_else(|e| panic!("{name} is not JSON: {e}"));
        }
    }

    let csv = site.read("review-schedule.csv");
    let mut lines = csv.lines();
    let header = csv_fields(lines.next().unwrap());
    let title_col = header.iter().position(|h| h == "title").unwrap();
    let mut rows = 0;
    for line in lines {
        let fields = csv_fields(line);
        assert_eq!(fields.len(), header.len(), "{line}");
        assert!(
            !fields[title_col].starts_with(['=', '+', '-', '@']),
            "a formula reaches the spreadsheet: {line}"
        );
        rows += 1;
    }
    assert!(rows >= 6);
    assert!(csv.contains("\"'=HYPERLINK(\"\"http://evil\"\")"), "{csv}");
}
