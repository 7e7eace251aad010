//! `careguide build --offline`: a copy of the site that works opened
//! straight from disk (a USB stick, a shared drive), with no web server.
//!
//! From `file://` a link to a folder shows the folder's listing, not its
//! `index.html`, and a browser will not fetch the search index. So every
//! HTML output has its links to folders rewritten to name the file
//! (`guide/` → `guide/index.html`), and a small search index is shipped as
//! a classic script (`search/offline-index.js`), which static/js/search.js
//! loads when the page comes from disk. A normal build never calls this.

use serde::Serialize;

use crate::markdown::Rendered;
use crate::site::Site;

/// Where the offline search index is written (site-relative).
pub const INDEX_PATH: &str = "search/offline-index.js";

/// `html` with every relative link to a folder pointing at its `index.html`:
/// `href` and `action` attribute values, quoted with `"` or `'`, that have no
/// scheme, do not start with `/` or `#`, and whose path is empty-before-a-
/// query or ends in `/` (or is `.` or `..`).
pub fn rewrite_html(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + 1024);
    let mut rest = html;
    while let Some((before, name_len)) = next_attribute(rest) {
        let value_start = before + name_len;
        let quote = rest.as_bytes()[value_start - 1];
        out.push_str(&rest[..value_start]);
        rest = &rest[value_start..];
        let end = rest.find(quote as char).unwrap_or(rest.len());
        out.push_str(&file_link(&rest[..end]));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The offset of the next ` href=` or ` action=` attribute (any case) in
/// `s`, and the length of the name, `=` and opening quote.
fn next_attribute(s: &str) -> Option<(usize, usize)> {
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let at = i + s[i..].find('=')?;
        i = at + 1;
        if !matches!(bytes.get(at + 1), Some(b'"' | b'\'')) {
            continue;
        }
        for name in ["href", "action"] {
            let Some(start) = at.checked_sub(name.len()) else {
                continue;
            };
            let before_ok = start > 0 && bytes[start - 1].is_ascii_whitespace();
            if before_ok && s[start..at].eq_ignore_ascii_case(name) {
                return Some((start, name.len() + 2));
            }
        }
    }
    None
}

/// One link value, made to name a file when it is a relative link to a folder.
pub fn file_link(value: &str) -> String {
    let split = value.find(['?', '#']).unwrap_or(value.len());
    let (path, tail) = value.split_at(split);
    let is_relative = !path.starts_with('/')
        && !path
            .split(['/', '?', '#'])
            .next()
            .is_some_and(|first| first.contains(':'));
    if !is_relative || value.is_empty() || (path.is_empty() && tail.starts_with('#')) {
        return value.to_string();
    }
    let folder = path.is_empty()
        || path.ends_with('/')
        || path == "."
        || path == ".."
        || path.ends_with("/.")
        || path.ends_with("/..");
    if !folder {
        return value.to_string();
    }
    let sep = if path.is_empty() || path.ends_with('/') {
        ""
    } else {
        "/"
    };
    format!("{path}{sep}index.html{tail}")
}

#[derive(Serialize)]
struct Entry<'a> {
    /// Title, site-relative URL, summary, audience, and the page's text.
    t: &'a str,
    u: &'a str,
    s: &'a str,
    a: &'a str,
    x: String,
}

/// The offline search index: every page's title, address, summary,
/// audience and text, as a script that sets `window.careguideSearchIndex`.
pub fn search_index(site: &Site, markdown: &[Rendered]) -> String {
    let entries: Vec<Entry<'_>> = site
        .pages
        .iter()
        .zip(markdown)
        .map(|(p, r)| Entry {
            t: &p.meta.title,
            u: &p.url,
            s: &p.meta.summary,
            a: p.meta.audience.as_str(),
            x: text_of(&r.html),
        })
        .collect();
    let json = serde_json::to_string(&entries).unwrap_or_else(|_| "[]".into());
    format!(
        "// careguide's search index for a copy opened from disk (careguide build --offline).\nwindow.careguideSearchIndex = {json};\n"
    )
}

/// The readable text of rendered HTML: tags dropped (a space where a tag
/// was), the few entities the Markdown renderer writes decoded, and runs of
/// white space made one space.
fn text_of(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_links_name_their_index_file() {
        for (from, to) in [
            ("guide/", "guide/index.html"),
            ("../", "../index.html"),
            ("./", "./index.html"),
            ("..", "../index.html"),
            ("", ""),
            ("../lpa/#who", "../lpa/index.html#who"),
            ("search/?q=a", "search/index.html?q=a"),
            ("#top", "#top"),
            ("feed.xml", "feed.xml"),
            ("static/css/site.css", "static/css/site.css"),
            ("https://www.nhs.uk/", "https://www.nhs.uk/"),
            ("mailto:a@b.org", "mailto:a@b.org"),
            ("tel:111", "tel:111"),
            ("//cdn.example/", "//cdn.example/"),
            ("/acp/guide/", "/acp/guide/"),
        ] {
            assert_eq!(file_link(from), to, "{from}");
        }
    }

    #[test]
    fn rewrites_href_and_action_but_not_text() {
        let html = r#"<a class="x" href="guide/">G</a> <a HREF='../'>up</a> <form action="search/" method="get"></form> <p>href="guide/" as text</p> <link rel="stylesheet" href="static/css/site.css"> <a data-href="x/">no</a>"#;
        let out = rewrite_html(html);
        assert_eq!(
            out,
            r#"<a class="x" href="guide/index.html">G</a> <a HREF='../index.html'>up</a> <form action="search/index.html" method="get"></form> <p>href="guide/" as text</p> <link rel="stylesheet" href="static/css/site.css"> <a data-href="x/">no</a>"#
        );
    }

    #[test]
    fn text_of_drops_tags_and_decodes() {
        assert_eq!(
            text_of("<h1>A &amp; B</h1>\n<p>Say &quot;hi&quot;<br>now</p>"),
            "A & B Say \"hi\" now"
        );
    }
}
