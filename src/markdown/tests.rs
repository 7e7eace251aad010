use super::headings::trim_in_place;
use super::links::{normalise, relative_path};
use super::*;

fn ctx_render(body: &str) -> Rendered {
    let pages: HashMap<String, String> = [
        ("guide/lpa.md".to_string(), "guide/lpa/".to_string()),
        ("guide/_index.md".to_string(), "guide/".to_string()),
        ("_index.md".to_string(), String::new()),
    ]
    .into();
    let drafts: HashSet<String> = ["guide/secret.md".to_string()].into();
    let files: HashSet<String> = ["static/leaflet.pdf".to_string(), "forms/".to_string()].into();
    let ctx = LinkContext {
        pages: &pages,
        drafts: &drafts,
        files: &files,
        components: None,
    };
    render(body, "guide/_index.md", "guide/", &ctx)
}

/// Issue 19, finding 14: each id was found by trying `-1`, `-2`, …
/// from the start, so 40,000 identical headings took 47 s (release) and
/// over 120 s (debug build); with the search resumed where it stopped
/// they take well under a second.
#[test]
fn forty_thousand_identical_headings_take_linear_time() {
    let body = "## Same\n\nText.\n\n".repeat(40_000);
    let start = std::time::Instant::now();
    let r = ctx_render(&body);
    let took = start.elapsed();
    assert_eq!(r.headings.len(), 40_000);
    assert_eq!(r.headings[39_999].id, "same-39999");
    assert!(took.as_secs() < 10, "took {took:?}");
}

#[test]
fn heading_ids_are_unique_and_toc_is_recorded() {
    let r = ctx_render("# Title\n\n## Who can help?\n\n## Who can help?\n\n### Step {#custom}\n");
    let ids: Vec<&str> = r.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["title", "who-can-help", "who-can-help-1", "custom"]);
    assert!(
        r.html
            .contains("<h2 id=\"who-can-help-1\">Who can help?</h2>"),
        "{}",
        r.html
    );
}

#[test]
fn alerts_become_callouts() {
    let r = ctx_render("> [!WARNING]\n> A plan is not a will.\n");
    assert!(
        r.html.contains("<div class=\"callout callout-warning\">"),
        "{}",
        r.html
    );
    assert!(r.html.contains("A plan is not a will."));
    assert!(!r.html.contains("[!WARNING]"));
}

#[test]
fn md_links_become_relative_urls() {
    let r = ctx_render("[LPA](lpa.md#who) and [home](../_index.md) and [pdf](/static/leaflet.pdf)");
    assert!(r.html.contains("href=\"../guide/lpa/#who\""), "{}", r.html);
    assert!(r.html.contains("href=\"../\""), "{}", r.html);
    assert!(
        r.html.contains("href=\"../static/leaflet.pdf\""),
        "{}",
        r.html
    );
    assert!(r.broken.is_empty(), "{:?}", r.broken);
    assert_eq!(r.anchors.len(), 1);
    assert_eq!(r.anchors[0].url, "guide/lpa/");
}

#[test]
fn broken_links_are_reported_with_hints() {
    let r = ctx_render("[x](lpb.md) [y](secret.md) [z](../../out.md) [a](#nowhere)\n\n## Here\n");
    let msgs: Vec<&str> = r.broken.iter().map(|b| b.message.as_str()).collect();
    assert_eq!(r.broken.len(), 4, "{msgs:?}");
    assert!(msgs[0].contains("content/guide/lpb.md does not exist"));
    assert_eq!(r.broken[0].hint, "did you mean `lpa.md`?");
    assert_eq!(
        relative_path("guide", "professionals/codes.md"),
        "../professionals/codes.md"
    );
    assert_eq!(relative_path("", "guide/lpa.md"), "guide/lpa.md");
    assert!(msgs[1].contains("draft"));
    assert!(msgs[2].contains("outside the site"));
    assert!(msgs[3].contains("no heading `#nowhere`"));
    assert_eq!(r.broken[0].offset, 0);
    assert_eq!(r.broken[1].offset, 12);
}

#[test]
fn external_links_and_text_are_left_alone_and_escaped() {
    let r = ctx_render("[NHS](https://www.nhs.uk/) <mailto:a@b.org> \"quotes\" & <b>raw</b>");
    assert!(r.html.contains("href=\"https://www.nhs.uk/\""));
    assert!(r.html.contains("&amp;"));
    assert!(r.html.contains("“quotes”"), "smart punctuation: {}", r.html);
    assert_eq!(r.raw_html.len(), 2);
}

#[test]
fn print_rendering_prefixes_ids_and_maps_links() {
    let pages: HashMap<String, String> = [
        ("guide/lpa.md".to_string(), "guide/lpa/".to_string()),
        ("guide/_index.md".to_string(), "guide/".to_string()),
        ("about.md".to_string(), "about/".to_string()),
    ]
    .into();
    let (drafts, files) = (HashSet::new(), HashSet::new());
    let ctx = LinkContext {
        pages: &pages,
        drafts: &drafts,
        files: &files,
        components: None,
    };
    let map = |url: &str, anchor: &str| {
        (url == "guide/lpa/" || url == "guide/").then(|| {
            let slug = if url == "guide/" { "guide" } else { "lpa" };
            if anchor.is_empty() {
                format!("#{slug}")
            } else {
                format!("#{slug}--{anchor}")
            }
        })
    };
    let opts = RenderOptions {
        id_prefix: Some("guide"),
        out_url: Some("guide/print/"),
        map_link: Some(&map),
        grade_reading: None,
        keep_text: false,
        easy_read: false,
        callouts: None,
    };
    let body = "## Who\n\n[a](lpa.md#who) [b](#who) [c](../about.md) [d](/guide/lpa/)[^n]\n\n[^n]: Note.\n";
    let r = render_with(body, "guide/_index.md", "guide/", &ctx, &opts);
    assert!(r.html.contains("<h2 id=\"guide--who\">"), "{}", r.html);
    assert_eq!(r.headings[0].id, "who", "headings keep the page's own ids");
    for href in [
        "#lpa--who",
        "#guide--who",
        "../../about/",
        "#lpa",
        "#guide--fn-n",
    ] {
        assert!(
            r.html.contains(&format!("href=\"{href}\"")),
            "{href}: {}",
            r.html
        );
    }
    assert!(r.html.contains("id=\"guide--fn-n\""), "{}", r.html);
    // The default options give exactly the normal rendering.
    let normal = render(body, "guide/_index.md", "guide/", &ctx);
    let same = render_with(
        body,
        "guide/_index.md",
        "guide/",
        &ctx,
        &RenderOptions::default(),
    );
    assert_eq!(normal.html, same.html);
    assert!(
        normal.html.contains("href=\"../guide/lpa/#who\""),
        "{}",
        normal.html
    );
}

/// The implementations these replaced (issue 8), kept as oracles.
mod before {
    use std::collections::HashSet;

    pub fn slug(text: &str) -> String {
        let mut s = String::with_capacity(text.len());
        for c in text.trim().chars() {
            if c.is_alphanumeric() || c == '_' || c == '-' {
                s.extend(c.to_lowercase());
            } else if c == ' ' {
                s.push('-');
            }
        }
        if s.is_empty() { "section".into() } else { s }
    }

    pub fn unique_id(base: &str, used: &mut HashSet<String>) -> String {
        let mut id = base.to_string();
        let mut n = 1;
        while used.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        used.insert(id.clone());
        id
    }

    pub fn normalise(dir: &str, path: &str) -> Option<String> {
        let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
        for seg in path.split('/') {
            match seg {
                "" | "." => {}
                ".." => {
                    parts.pop()?;
                }
                s => parts.push(s),
            }
        }
        let trailing = path.ends_with('/') && !parts.is_empty();
        let mut joined = parts.join("/");
        if trailing {
            joined.push('/');
        }
        Some(joined)
    }

    pub fn escape_attr(s: &str) -> String {
        let mut out = String::new();
        for c in s.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' => out.push_str("&quot;"),
                '\'' => out.push_str("&#39;"),
                c => out.push(c),
            }
        }
        out
    }
}

/// Texts meeting every branch: ASCII of each kind, letters that change
/// length when lower-cased, non-ASCII letters, digits, punctuation and
/// spaces, every kind of whitespace, the characters escaped in
/// attributes.
const AWKWARD: &[&str] = &[
    "",
    " ",
    "\t\n",
    "Who can help?",
    "  Step 1: talk  ",
    "CPR, DNACPR and ReSPECT",
    "snake_case and kebab-case",
    "İstanbul ΣΑΣ Straße",
    "Café – crème brûlée",
    "٣ arabic-indic ३",
    "emoji 🙂 here",
    "a\u{a0}b\u{2003}c\u{85}d",
    "Tom & Jerry <b>\"quoted\"</b> it's",
    "???",
    "---",
    "ǅ ǈ ǋ",
];

#[test]
fn slug_and_escape_match_the_previous_implementation() {
    for text in AWKWARD {
        assert_eq!(slug(text), before::slug(text), "{text:?}");
        assert_eq!(escape_attr(text), before::escape_attr(text), "{text:?}");
    }
    for a in AWKWARD {
        for b in AWKWARD {
            let text = format!("{a}{b}");
            assert_eq!(slug(&text), before::slug(&text), "{text:?}");
            assert_eq!(escape_attr(&text), before::escape_attr(&text), "{text:?}");
        }
    }
}

#[test]
fn heading_ids_match_the_previous_implementation() {
    // Duplicates, ids that collide with another's suffix, explicit ids,
    // empty and non-ASCII headings, and more headings than the list
    // of ids holds before it turns into a set.
    let titles = [
        "Help", "Help", "Help-1", "Help", "", "", "Étape", "étape", "ÉTAPE", "help-2",
    ];
    let mut body = String::new();
    let mut expected = Vec::new();
    let mut used = HashSet::new();
    for round in 0..8 {
        for (i, title) in titles.iter().enumerate() {
            if (round + i) % 7 == 3 {
                let explicit = format!("help-{}", (round + i) % 4);
                body.push_str(&format!("## {title} {{#{explicit}}}\n\n"));
                expected.push(before::unique_id(&explicit, &mut used));
            } else {
                body.push_str(&format!("## {title}\n\n"));
                expected.push(before::unique_id(&before::slug(title), &mut used));
            }
        }
    }
    let r = ctx_render(&body);
    let ids: Vec<&str> = r.headings.iter().map(|h| h.id.as_str()).collect();
    assert!(ids.len() > UsedIds::FEW, "{}", ids.len());
    assert_eq!(ids, expected);
    let texts: Vec<&str> = r.headings.iter().map(|h| h.text.as_str()).collect();
    assert_eq!(texts[..4], ["Help", "Help", "Help-1", "Help"]);
}

#[test]
fn heading_text_is_trimmed() {
    for text in ["", " ", "\u{a0}x\u{a0}", " a b ", "é "] {
        assert_eq!(trim_in_place(text.to_string()), text.trim(), "{text:?}");
    }
}

#[test]
fn normalise_matches_the_previous_implementation() {
    let dirs = ["", "guide", "guide/lpa", "/guide/", "a//b"];
    let paths = [
        "",
        "/",
        ".",
        "..",
        "../",
        "../..",
        "../../..",
        "x.md",
        "./x.md",
        "../x.md",
        "a/../b/",
        "a/./b",
        "a//b/",
        "../a/../../b",
        "forms/",
        "x/..",
        "x/../",
    ];
    for dir in dirs {
        for path in paths {
            assert_eq!(
                normalise(dir, path),
                before::normalise(dir, path),
                "{dir:?} {path:?}"
            );
        }
    }
}

#[test]
fn slugs_match_github() {
    assert_eq!(slug("Who can be an attorney?"), "who-can-be-an-attorney");
    assert_eq!(slug("CPR, DNACPR and ReSPECT"), "cpr-dnacpr-and-respect");
    assert_eq!(slug("Step 1: talk"), "step-1-talk");
}

/// A print view places the page's stored HTML (`place`) instead of
/// rendering its Markdown again: for every kind of spot, the result must be
/// what rendering again would write, byte for byte.
#[test]
fn placing_the_stored_render_equals_rendering_again() {
    let pages: HashMap<String, String> = [
        ("guide/lpa.md".to_string(), "guide/lpa/".to_string()),
        ("guide/_index.md".to_string(), "guide/".to_string()),
        (
            "guide/more/deep.md".to_string(),
            "guide/more/deep/".to_string(),
        ),
        ("about.md".to_string(), "about/".to_string()),
        ("_index.md".to_string(), String::new()),
    ]
    .into();
    let drafts = HashSet::new();
    let files: HashSet<String> = ["guide/leaflet.pdf", "static/a b.png", "forms/"]
        .map(String::from)
        .into();
    let data = serde_json::json!({"videos": {"videos": [
        {"id": "intro", "title": "An <intro>", "embed_url": "https://www.youtube-nocookie.com/embed/abc", "url": "https://example.org/v"}
    ]}});
    let components = crate::components::Components::new(&data, &[]);
    let ctx = LinkContext {
        pages: &pages,
        drafts: &drafts,
        files: &files,
        components: Some(&components),
    };
    let map = |url: &str, anchor: &str| {
        (url == "guide/lpa/" || url == "guide/more/deep/").then(|| {
            let slug = if url == "guide/lpa/" { "lpa" } else { "deep" };
            if anchor.is_empty() {
                format!("#{slug}")
            } else {
                format!("#{slug}--{anchor}")
            }
        })
    };
    let body = "# Deep page\n\n## Who & \"why\" {#custom}\n\n\
        ## A [linked](../lpa.md#who) heading[^h]\n\n\
        [a](../lpa.md#who) [b](#who) [c](../../about.md) [d](/guide/lpa/) [e](../../_index.md) \
        [f](#) [g](?x=1#y) [h](../leaflet.pdf#page=2) [i](/static/a%20b.png) \
        [j](https://nhs.uk/) <mailto:a@b.org> [k](missing.md) [l](../../../out.md) [m](deep.md#x)\n\n\
        ![alt with [link](../lpa.md) and note[^n]](/static/a%20b.png \"t\")\n\n\
        {{ video(id=\"intro\") }}\n\n\
        Text[^n] and <b id=\"raw\">raw</b>.[^h]\n\n\
        | a | b |\n|---|---|\n| [t](../lpa.md) | x |\n\n\
        > [!NOTE]\n> [q](#custom)\n\n\
        [^n]: The note, with [a link](../lpa.md).\n\
        [^h]: Heading note.\n";
    let page = render(body, "guide/more/deep.md", "guide/more/deep/", &ctx);
    assert!(!page.spots.is_empty());
    for (prefix, out_url, map) in [
        (
            Some("deep"),
            Some("guide/print/"),
            Some(&map as &LinkMap<'_>),
        ),
        (Some("x-y"), Some("print/"), None),
        (Some("deep"), None, Some(&map as &LinkMap<'_>)),
    ] {
        let opts = RenderOptions {
            id_prefix: prefix,
            out_url,
            map_link: map,
            grade_reading: None,
            keep_text: false,
            easy_read: false,
            callouts: None,
        };
        let again = render_with(body, "guide/more/deep.md", "guide/more/deep/", &ctx, &opts);
        let placed = place(&page, "guide/more/deep.md", "guide/more/deep/", &ctx, &opts);
        assert_eq!(placed, again.html, "{prefix:?} {out_url:?}");
        assert_ne!(placed, page.html, "every kind of spot is placed");
    }
}
