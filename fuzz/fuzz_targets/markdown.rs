//! Markdown rendering with link resolution against a small site.
#![no_main]

use std::collections::{HashMap, HashSet};

use careguide::markdown::{LinkContext, render};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|body: &str| {
    let pages: HashMap<String, String> = [
        ("_index.md", ""),
        ("guide/_index.md", "guide/"),
        ("guide/lpa.md", "guide/lpa/"),
        ("guide/deep/x.md", "guide/deep/x/"),
    ]
    .into_iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    let drafts: HashSet<String> = ["guide/draft.md".to_string()].into();
    let files: HashSet<String> = ["static/css/site.css".to_string(), "forms/".to_string()].into();
    let ctx = LinkContext {
        pages: &pages,
        drafts: &drafts,
        files: &files,
        components: None,
    };
    let r = render(body, "guide/lpa.md", "guide/lpa/", &ctx);
    for h in &r.headings {
        assert!(h.offset <= body.len());
    }
    for l in &r.links {
        assert!(l.offset <= body.len());
    }
    for b in &r.broken {
        assert!(b.offset <= body.len());
    }
    // Heading ids are unique on a page.
    let ids: HashSet<&str> = r.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids.len(), r.headings.len());
});
