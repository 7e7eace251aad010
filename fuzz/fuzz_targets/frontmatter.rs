//! Front-matter splitting and page parsing: any bytes a file could hold.
#![no_main]

use careguide::config::ReviewPolicy;
use careguide::content::{frontmatter, page, source};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = source::decode("content/a.md", data) else {
        return;
    };
    if let Ok(split) = frontmatter::split("content/a.md", &text) {
        // The pieces are slices of the text, at the offsets they claim.
        assert_eq!(&text[split.body_offset..], split.body);
        assert!(split.body_first_line >= 2);
    }
    match page::parse("content/a.md", "a.md", text.clone(), &ReviewPolicy::default()) {
        Ok(p) => assert_eq!(p.body(), &text[p.body_offset..]),
        Err(errors) => {
            assert!(!errors.is_empty());
            for e in errors {
                // Every error renders, and points inside the file.
                let _ = e.render(false);
                assert!(e.line <= text.lines().count().max(1) + 1, "{e}");
            }
        }
    }
});
