//! Raw HTML is allowed for trusted authors, but some of it is never right
//! on a health information site: scripts, inline event handlers,
//! `javascript:` links and iframes from hosts nobody approved.

use crate::content::page::Page;
use crate::diagnostic::{Diagnostic, LineIndex};
use crate::markdown::Rendered;
use crate::site::Site;

pub const RULE: &str = "unsafe-html";

pub fn check(site: &Site, rendered: &[Rendered]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (p, r) in site.pages.iter().zip(rendered) {
        check_page(site, p, r, &mut out);
    }
    out
}

/// The raw HTML of one page.
pub fn check_page(site: &Site, p: &Page, r: &Rendered, out: &mut Vec<Diagnostic>) {
    let allowed = &site.config.check.iframe_hosts;
    let ix = LineIndex::new(&p.text);
    {
        let mut push = |offset: usize, width: usize, message: String, hint: &str| {
            out.push(
                Diagnostic::error(&p.file, message)
                    .at_index(&ix, p.body_offset + offset)
                    .width(width)
                    .rule(RULE)
                    .hint(hint),
            );
        };
        for (offset, html) in &r.raw_html {
            let lower = html.to_ascii_lowercase();
            if lower.contains("<script") {
                push(
                    *offset,
                    7,
                    "raw HTML contains a <script>".into(),
                    "pages may not run their own scripts (the site's security policy blocks inline script); put behaviour in a file under static/js/ and ask a developer",
                );
            }
            if let Some(attr) = event_handler(&lower) {
                push(
                    *offset,
                    html.trim().chars().count().min(40),
                    format!("raw HTML has an inline event handler `{attr}`"),
                    "remove the on…= attribute; inline script is blocked by the site's security policy",
                );
            }
            if lower.contains("javascript:") {
                push(
                    *offset,
                    html.trim().chars().count().min(40),
                    "raw HTML contains a javascript: address".into(),
                    "link to a real web address instead",
                );
            }
            if lower.contains("<iframe") {
                let host = iframe_host(&lower);
                if !host
                    .as_ref()
                    .is_some_and(|h| allowed.iter().any(|a| a.eq_ignore_ascii_case(h)))
                {
                    push(
                        *offset,
                        7,
                        format!(
                            "raw HTML embeds an iframe from {}, which is not on the allow-list",
                            host.as_deref().unwrap_or("an unknown host")
                        ),
                        "add the host to `check.iframe_hosts` in site.yaml if it is trusted, or link to the page instead",
                    );
                }
            }
        }
        for l in &r.links {
            if l.dest
                .trim_start()
                .to_ascii_lowercase()
                .starts_with("javascript:")
            {
                push(
                    l.offset,
                    l.text.chars().count() + 2,
                    "the link uses a javascript: address".into(),
                    "link to a real web address instead",
                );
            }
        }
        // Front-matter sources become links on the page; escaping cannot
        // make a `javascript:` address safe.
        for source in &p.meta.sources {
            if is_script_url(&source.url) {
                let front = &p.text[..p.body_offset];
                let mut d = Diagnostic::error(
                    &p.file,
                    format!("source `{}` has a javascript: address", source.title),
                );
                if let Some(at) = front.find(source.url.as_str()) {
                    d = d.at_index(&ix, at).width(source.url.chars().count());
                }
                out.push(
                    d.rule(RULE)
                        .hint("give the source's web address in full, starting with https://"),
                );
            }
        }
    }
}

/// `javascript:` (or `vbscript:`) in any case, with the blanks and control
/// characters browsers skip (`java\tscript:` runs too).
fn is_script_url(url: &str) -> bool {
    let squeezed: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    squeezed.starts_with("javascript:") || squeezed.starts_with("vbscript:")
}

/// The first `on…=` attribute inside a tag, if any.
fn event_handler(lower: &str) -> Option<String> {
    let bytes = lower.as_bytes();
    let mut in_tag = false;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'<' => in_tag = true,
            b'>' => in_tag = false,
            b'o' if in_tag
                && i > 0
                && (bytes[i - 1].is_ascii_whitespace()
                    || bytes[i - 1] == b'/'
                    || bytes[i - 1] == b'"'
                    || bytes[i - 1] == b'\'')
                && bytes.get(i + 1) == Some(&b'n') =>
            {
                let name: String = lower[i..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphabetic())
                    .collect();
                let rest = lower[i + name.len()..].trim_start();
                if name.len() > 2 && rest.starts_with('=') {
                    return Some(name);
                }
            }
            _ => {}
        }
    }
    None
}

fn iframe_host(lower: &str) -> Option<String> {
    let src = lower.split("src=").nth(1)?;
    let src = src.trim_start_matches(['"', '\'']);
    let after = src.split_once("//")?.1;
    Some(after.split(['/', '"', '\'', '?', ' ']).next()?.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_urls_are_recognised_however_written() {
        assert!(is_script_url("javascript:alert(1)"));
        assert!(is_script_url(" JaVa\tScRiPt:alert(1)"));
        assert!(is_script_url("vbscript:x"));
        assert!(!is_script_url("https://example.org/javascript:"));
    }

    #[test]
    fn finds_event_handlers_not_words() {
        assert_eq!(
            event_handler("<img src=x onerror=alert(1)>").as_deref(),
            Some("onerror")
        );
        assert_eq!(
            event_handler("<a href=\"x\" onclick = \"y\">").as_deref(),
            Some("onclick")
        );
        assert_eq!(event_handler("<p class=\"one\">only text</p>"), None);
        assert_eq!(event_handler("<p>once upon = a time</p>"), None);
    }

    #[test]
    fn iframe_hosts() {
        assert_eq!(
            iframe_host("<iframe src=\"https://www.youtube-nocookie.com/embed/x\">").as_deref(),
            Some("www.youtube-nocookie.com")
        );
        assert_eq!(iframe_host("<iframe>"), None);
    }
}
