//! Adding the live-reload script to HTML responses of the dev server.
//!
//! Only responses are changed: the snapshot (and so the built output on disk)
//! never contains the script. The tag is an external script (a CSP may forbid
//! inline script) carrying two data attributes that live.js reads: the build it
//! was served from and the canonical URL of the page, so a reload that happened
//! while the page was loading is not missed, and a 404 page knows what it is.

/// Path of the live-reload script.
pub const SCRIPT_PATH: &str = "/__careguide/live.js";

/// The `<script>` tag for a page served from build `build` as `url`.
pub fn script_tag(build: &str, url: &str) -> String {
    format!(
        r#"<script src="{SCRIPT_PATH}" defer data-build="{}" data-url="{}"></script>"#,
        escape_attr(build),
        escape_attr(url)
    )
}

/// Insert `tag` before the last `</body>` (any case), or append it if there is none.
pub fn inject(html: &[u8], tag: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(html.len() + tag.len());
    match rfind_ignore_case(html, b"</body>") {
        Some(at) => {
            out.extend_from_slice(&html[..at]);
            out.extend_from_slice(tag.as_bytes());
            out.extend_from_slice(&html[at..]);
        }
        None => {
            out.extend_from_slice(html);
            out.extend_from_slice(tag.as_bytes());
        }
    }
    out
}

fn rfind_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .rposition(|w| w.eq_ignore_ascii_case(needle))
}

fn escape_attr(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const TAG: &str = "<script src=\"/__careguide/live.js\" defer></script>";

    fn run(html: &str) -> String {
        String::from_utf8(inject(html.as_bytes(), TAG)).unwrap()
    }

    #[test]
    fn before_the_last_closing_body_tag() {
        assert_eq!(
            run("<body><p>x</p></body></html>"),
            format!("<body><p>x</p>{TAG}</body></html>")
        );
        // The last one: an earlier `</body>` inside a code sample does not count.
        assert_eq!(
            run("<pre>&lt;/body></pre></body><pre></BODY></pre></BODY>"),
            format!("<pre>&lt;/body></pre></body><pre></BODY></pre>{TAG}</BODY>")
        );
        assert_eq!(run("<p>x</p></Body>"), format!("<p>x</p>{TAG}</Body>"));
    }

    #[test]
    fn appended_when_there_is_no_body_tag() {
        assert_eq!(run("<p>fragment"), format!("<p>fragment{TAG}"));
        assert_eq!(run(""), TAG);
    }

    #[test]
    fn tag_escapes_attributes() {
        let tag = script_tag("a-1", "/x\"><script>alert(1)</script>/");
        assert!(tag.starts_with("<script src=\"/__careguide/live.js\" defer"));
        assert!(!tag.contains("\"><script>"), "{tag}");
        assert!(tag.contains("&quot;&gt;&lt;script&gt;"), "{tag}");
    }
}
