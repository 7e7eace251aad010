//! Raw HTML is allowed for trusted authors, but some of it is never right
//! on a health information site: scripts, inline event handlers,
//! `javascript:` links and iframes from hosts nobody approved.
//!
//! Addresses written in YAML (front-matter `sources`, data files, site.yaml
//! `contact.web` and `extra`) reach templates as text, and templates put
//! them into `href`s. Escaping cannot make a `javascript:` address safe
//! there, so they are checked too ([`check_yaml`]).
//!
//! The rule in parts: [`html`] reads raw HTML as a browser does (attributes,
//! character references), [`iframe`] judges iframe sources against the
//! allow-list, and [`yaml`] finds script addresses in data files and
//! site.yaml.

mod html;
mod iframe;
mod yaml;

use crate::config::SiteConfig;
use crate::content::page::Page;
use crate::diagnostic::{Diagnostic, LineIndex};
use crate::markdown::{LinkFact, Rendered};
use crate::text::url::{is_script_url, script_scheme};

use html::{event_handler, mentions_javascript, meta_refresh, script_values};
use iframe::iframe_findings;
pub use yaml::{check_yaml, markdown_script_link};

pub const RULE: crate::rule::Rule = crate::rule::Rule::UnsafeHtml;

/// The raw HTML, links and sources of one page, rule by rule. Findings
/// come out chunk by chunk in source order, then iframes, links and
/// sources.
pub fn check_page(config: &SiteConfig, p: &Page, r: &Rendered, out: &mut Vec<Diagnostic>) {
    let ix = LineIndex::new(&p.text);
    let body = &p.text[p.body_offset..];
    let mut page = Findings {
        file: &p.file,
        ix: &ix,
        body_offset: p.body_offset,
        out,
    };
    for (offset, html) in &r.raw_html {
        let lower = html.to_ascii_lowercase();
        script_element(&mut page, *offset, &lower);
        event_handler_attribute(&mut page, *offset, html, &lower);
        // Script addresses: each attribute value, then the whole chunk,
        // once character references are decoded (`java&#9;script:` runs).
        let values = script_values(html);
        script_attribute_values(&mut page, body, *offset, html, &values);
        refresh(&mut page, *offset, html);
        if values.is_empty() && mentions_javascript(html) {
            page.push(
                *offset,
                html.trim().chars().count().min(40),
                "raw HTML contains a javascript: address".into(),
                "link to a real web address instead",
            );
        }
    }
    iframes(&mut page, body, &r.raw_html, &config.check.iframe_hosts);
    script_links(&mut page, &r.links);
    script_sources(&mut page, p);
}

/// Where one page's findings go, each located in the page's source.
struct Findings<'p> {
    file: &'p str,
    ix: &'p LineIndex<'p>,
    body_offset: usize,
    out: &'p mut Vec<Diagnostic>,
}

impl Findings<'_> {
    /// An error at byte `offset` of the body, `width` characters wide.
    fn push(&mut self, offset: usize, width: usize, message: String, hint: &str) {
        self.out.push(
            Diagnostic::error(self.file, message)
                .at_index(self.ix, self.body_offset + offset)
                .width(width)
                .rule(RULE)
                .hint(hint),
        );
    }
}

/// A `<script>` element in raw HTML (`lower` is the chunk in lower case).
fn script_element(page: &mut Findings<'_>, offset: usize, lower: &str) {
    if lower.contains("<script") {
        page.push(
            offset,
            7,
            "raw HTML contains a <script>".into(),
            "pages may not run their own scripts (the site's security policy blocks inline script); put behaviour in a file under static/js/ and ask a developer",
        );
    }
}

/// An inline event handler (`onclick=` and kin).
fn event_handler_attribute(page: &mut Findings<'_>, offset: usize, html: &str, lower: &str) {
    if let Some(attr) = event_handler(lower) {
        page.push(
            offset,
            html.trim().chars().count().min(40),
            format!("raw HTML has an inline event handler `{attr}`"),
            "remove the on…= attribute; inline script is blocked by the site's security policy",
        );
    }
}

/// Attribute values that are script addresses, from [`script_values`].
fn script_attribute_values(
    page: &mut Findings<'_>,
    body: &str,
    offset: usize,
    html: &str,
    values: &[(std::ops::Range<usize>, &str)],
) {
    for (range, scheme) in values {
        // The value's place in the source, when the chunk is written
        // there as it is (a chunk inside a block quote may not be).
        let (at, width) = if body.get(offset..offset + range.end) == Some(&html[..range.end]) {
            (offset + range.start, html[range.clone()].chars().count())
        } else {
            (offset, html.trim().chars().count())
        };
        page.push(
            at,
            width.clamp(1, 60),
            format!("raw HTML contains a {scheme} address"),
            "link to a real web address instead",
        );
    }
}

/// A `<meta http-equiv="refresh">`.
fn refresh(page: &mut Findings<'_>, offset: usize, html: &str) {
    if let Some(at) = meta_refresh(html) {
        page.push(
            offset + at,
            5,
            "raw HTML has a <meta http-equiv=\"refresh\">".into(),
            "a page may not send readers elsewhere by itself (it can lead to a script address or another site, and moves people on before they have read); link to the other page instead",
        );
    }
}

/// Iframes: each `<iframe>` tag's own `src`, against the allowed hosts.
/// The lines of one HTML block come as separate chunks, so chunks that
/// follow one another in the source (across blanks and block-quote
/// markers) are read together, as a browser reads them.
fn iframes(page: &mut Findings<'_>, body: &str, chunks: &[(usize, String)], allowed: &[String]) {
    let mut i = 0;
    while i < chunks.len() {
        let mut joined = chunks[i].1.clone();
        let mut parts = vec![(0, i)];
        let mut j = i + 1;
        while j < chunks.len() && follows(body, &chunks[j - 1], &chunks[j]) {
            parts.push((joined.len(), j));
            joined.push_str(&chunks[j].1);
            j += 1;
        }
        for f in iframe_findings(&joined, allowed) {
            // The place in the source, when the chunk holding the
            // finding is written there as it is.
            let (start, k) = parts[parts
                .partition_point(|&(start, _)| start <= f.at.start)
                .saturating_sub(1)];
            let (offset, html) = (chunks[k].0, &chunks[k].1);
            let (from, to) = (f.at.start - start, f.at.end - start);
            let (at, width) = match html.get(..to) {
                Some(written) if body.get(offset..offset + to) == Some(written) => {
                    (offset + from, html[from..to].chars().count())
                }
                _ => (offset, html.trim().chars().count()),
            };
            page.push(at, width.clamp(1, 60), f.message, f.hint);
        }
        i = j;
    }
}

/// Markdown links and images to script addresses.
fn script_links(page: &mut Findings<'_>, links: &[LinkFact]) {
    for l in links {
        if let Some(scheme) = script_scheme(&l.dest) {
            page.push(
                l.offset,
                l.text.chars().count() + 2,
                format!("the link uses a {scheme} address"),
                "link to a real web address instead",
            );
        }
    }
}

/// Front-matter sources become links on the page; escaping cannot make a
/// `javascript:` address safe.
fn script_sources(page: &mut Findings<'_>, p: &Page) {
    for source in &p.meta.sources {
        if let Some(scheme) = script_scheme(&source.url) {
            let front = &p.text[..p.body_offset];
            let mut d = Diagnostic::error(
                &p.file,
                format!("source `{}` has a {scheme} address", source.title),
            );
            if let Some(at) = front.find(source.url.as_str()) {
                d = d.at_index(page.ix, at).width(source.url.chars().count());
            }
            page.out.push(
                d.rule(RULE)
                    .hint("give the source's web address in full, starting with https://"),
            );
        }
    }
}

/// Whether raw HTML chunk `next` carries straight on from `prev` in the
/// page body: nothing but blanks and block-quote markers between them.
fn follows(body: &str, prev: &(usize, String), next: &(usize, String)) -> bool {
    let end = prev.0 + prev.1.len();
    next.0 >= end
        && body
            .get(end..next.0)
            .is_some_and(|gap| gap.chars().all(|c| c.is_whitespace() || c == '>'))
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use super::html::*;
    use super::iframe::*;
    use super::yaml::*;
    use super::*;

    fn located(d: &[Diagnostic]) -> Vec<(usize, usize, &str)> {
        d.iter()
            .map(|d| (d.line, d.column, d.message.as_str()))
            .collect()
    }

    #[test]
    fn data_files_every_string_with_its_path_and_place() {
        let yaml = "title: javascript is not an address
teams:
  - name: A
    links:
      - url: https://www.nhs.uk/
      - url: \"java\\tscript:alert(1)\"
  - name: B
    more: [ 'VBScript:x', 3, true, ~ ]
    page: |
      data:text/html,<script>alert(1)</script>
";
        let d = check_data_file("data/x.yaml", yaml);
        assert_eq!(
            located(&d),
            [
                (6, 15, "`teams[0].links[1].url` has a javascript: address"),
                (8, 14, "`teams[1].more[0]` has a vbscript: address"),
                (10, 7, "`teams[1].page` has a data:text/html address"),
            ]
        );
        assert!(d.iter().all(|d| d.is_error() && d.rule == Some(RULE)));
        assert_eq!(d[0].hint.as_deref(), Some(YAML_HINT));
    }

    #[test]
    fn an_anchored_address_is_reported_once_where_it_is_written() {
        let yaml = "a: &bad javascript:alert(1)
b: *bad
c: [*bad, *bad]
";
        let d = check_data_file("data/x.yaml", yaml);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].line, 1, "{}", d[0]);
        // A file that is only a string, and odd keys, are walked too.
        let d = check_data_file("data/x.yaml", "\"javascript:x\"\n");
        assert_eq!(located(&d), [(1, 2, "the value has a javascript: address")]);
        let d = check_data_file("data/x.yaml", "? [a, b]\n: javascript:x\n1: javascript:y\n");
        assert_eq!(d.len(), 2, "{d:?}");
        // Hostile or empty input must not panic.
        assert!(check_data_file("data/x.yaml", "").is_empty());
        assert!(check_data_file("data/x.yaml", "a: [").is_empty());
    }

    #[test]
    fn site_yaml_contact_web_and_extra() {
        let yaml = "title: T\nbase_url: https://example.org/\norganisation: O\ncontact:\n  phone: \"javascript:1\"\n  web: JavaScript:alert(1)\nextra:\n  links: [{ url: \"vbscript:x\" }]\n  fine: https://example.org/\n";
        let d = check_site_yaml(yaml);
        assert_eq!(
            located(&d),
            [
                (6, 8, "`contact.web` has a javascript: address"),
                (8, 19, "`extra.links[0].url` has a vbscript: address"),
            ]
        );
    }

    /// The decoded scheme of each script value, with the value as written.
    fn script_values_in(html: &str) -> Vec<(&str, &'static str)> {
        script_values(html)
            .into_iter()
            .map(|(r, scheme)| (&html[r], scheme))
            .collect()
    }

    #[test]
    fn character_references_are_decoded() {
        assert_eq!(decode_references("a&#9;b&#x9;c&#X09;d"), "a\tb\tc\td");
        assert_eq!(decode_references("&#106avascript&#x3A"), "javascript:");
        assert_eq!(
            decode_references(
                "&Tab;&NewLine;&colon;&lpar;&rpar;&sol;&amp;&quot;&apos;&lt;&gt;&nbsp;"
            ),
            "\t\n:()/&\"'<>\u{A0}"
        );
        // Unknown names, names without `;`, `&#` without digits stay as written.
        assert_eq!(
            decode_references("&bogus; &colon &# &#x; & &&"),
            "&bogus; &colon &# &#x; & &&"
        );
        assert_eq!(
            decode_references("&#0;&#xD800;&#99999999999;"),
            "\u{FFFD}\u{FFFD}\u{FFFD}"
        );
        assert!(matches!(
            decode_references("no references"),
            Cow::Borrowed(_)
        ));
        assert_eq!(
            decode_references("caf\u{e9}&#233;&amp;"),
            "caf\u{e9}\u{e9}&"
        );
    }

    #[test]
    fn encoded_script_addresses_are_found() {
        for html in [
            "<a href=\"java&#9;script:alert(2)\">",
            "<a href=\"&#106;avascript:alert(1)\">",
            "<a href=\"&#106avascript:alert(1)\">",
            "<a href=\"javascript&colon;alert(1)\">",
            "<a href=\"jav&#x61;script:alert(1)\">",
            "<a href=\"jav&#x61script:alert(1)\">",
            "<a href=\"java&Tab;script:alert(1)\">",
            "<a href=\"java&NewLine;script:alert(1)\">",
            "<a href='&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)'>",
            "<a href = java&#9;script:alert(1)>x</a>",
        ] {
            let found = script_values_in(html);
            assert_eq!(found.len(), 1, "{html}: {found:?}");
            assert_eq!(found[0].1, "javascript:", "{html}");
            assert!(mentions_javascript(html), "{html}");
        }
        // The value is reported as written, inside its quotes.
        assert_eq!(
            script_values_in("<a href=\"java&#9;script:alert(2)\">x</a>"),
            [("java&#9;script:alert(2)", "javascript:")]
        );
        assert_eq!(
            script_values_in("<object data=\"&#x64;ata:text/html,x\"></object>"),
            [("&#x64;ata:text/html,x", "data:text/html")]
        );
        // A tag split over lines of an HTML block.
        assert_eq!(
            script_values_in("  href=\"vb&#115;cript:x\">"),
            [("vb&#115;cript:x", "vbscript:")]
        );
    }

    #[test]
    fn ordinary_html_is_not_a_script_address() {
        for html in [
            "<a href=\"https://example.org/?a=1&amp;b=2\">",
            "<a href=\"https://example.org/?next=x\" title=\"a = b\">",
            "<a href=\"/care&#45;plans/\">Tom &amp; Jerry</a>",
            "<img src=\"data:image/png;base64,AAAA\" alt=\"\">",
            "<p>x = y, &amp; 1 &lt; 2</p>",
            "<p title=\"unterminated",
            "<p>=",
        ] {
            assert_eq!(script_values_in(html), [], "{html}");
            assert!(!mentions_javascript(html), "{html}");
        }
        // A value with a script address inside, and text that only looks
        // like one, are still caught by the net, as the literal word always was.
        let inside = "<a href=\"https://example.org/?next=java&#9;script:x\">";
        assert_eq!(script_values_in(inside), []);
        assert!(mentions_javascript(inside));
        assert!(mentions_javascript("<p>java&#9;script: is blocked</p>"));
    }

    /// Issue 19, finding 10.
    #[test]
    fn meta_refresh_however_written() {
        for html in [
            "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
            "<META HTTP-EQUIV=Refresh CONTENT=\"0; url=https://evil.example/\">",
            "<meta content='5' http-equiv = 'REFRESH'>",
            "<meta http-equiv=\"&#114;efresh\" content=\"0\">",
        ] {
            assert!(meta_refresh(html).is_some(), "{html}");
        }
        for html in [
            "<meta charset=\"utf-8\">",
            "<meta name=\"refresh\" content=\"x\">",
            "<p>meta http-equiv=refresh</p>",
        ] {
            assert!(meta_refresh(html).is_none(), "{html}");
        }
    }

    #[test]
    fn markdown_links_to_script_addresses_in_data() {
        for text in [
            "Read [this](javascript:alert(1)) first",
            "[x](java&#115;cript:alert(1))",
            "[x](&#106;avascript:alert(1))",
            "<javascript:alert(1)>",
            "[x][r]\n\n[r]: javascript:alert(1)",
            "[x](vbscript:msgbox)",
            "[x](data:text/html,<script>alert(1)</script>)",
            "![x](javascript:alert(1))",
        ] {
            assert!(markdown_script_link(text).is_some(), "{text}");
        }
        for text in [
            "[NHS](https://www.nhs.uk/)",
            "javascript is a language",
            "<b>x</b>",
        ] {
            assert!(markdown_script_link(text).is_none(), "{text}");
        }
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
        // Encoded values do not hide the handler: its name is never encoded.
        assert_eq!(
            event_handler("<img src=x onerror=\"&#97;lert&lpar;1&rpar;\">").as_deref(),
            Some("onerror")
        );
    }

    /// Each finding as (the HTML it points at, its message).
    fn iframes_in(html: &str) -> Vec<(&str, String)> {
        let allowed = ["www.youtube-nocookie.com".to_string()];
        iframe_findings(html, &allowed)
            .into_iter()
            .map(|f| (&html[f.at], f.message))
            .collect()
    }

    fn not_allowed(host: &str) -> String {
        format!("raw HTML embeds an iframe from {host}, which is not on the allow-list")
    }

    #[test]
    fn an_iframe_from_an_allowed_host_passes() {
        for html in [
            "<iframe src=\"https://www.youtube-nocookie.com/embed/x\" title=\"Video\"></iframe>",
            "<IFRAME SRC='HTTPS://WWW.YOUTUBE-NOCOOKIE.COM/embed/x'>",
            "<iframe title=\"a > b\" src=https://www.youtube-nocookie.com:443/embed/x>",
            "<iframe data-src=\"https://evil.example/\" src=\"https://www.youtube-nocookie.com/x\">",
            // Protocol-relative: the page's scheme, then this host.
            "<iframe src=\"//www.youtube-nocookie.com/embed/x\">",
            // Only the first src counts, as in a browser.
            "<iframe src=\"https://www.youtube-nocookie.com/x\" src=\"https://evil.example/\">",
            "<p>an <iframes> word is not an iframe, nor is <iframe-ish></p>",
        ] {
            assert_eq!(iframes_in(html), [], "{html}");
        }
    }

    #[test]
    fn the_real_src_attribute_is_the_one_checked() {
        // `data-src` is another attribute, however it is written.
        let html = "<iframe data-src=\"https://www.youtube-nocookie.com/x\" src=\"https://evil.example/\">";
        assert_eq!(
            iframes_in(html),
            [("https://evil.example/", not_allowed("evil.example"))]
        );
        let html =
            "<iframe data-src=https://www.youtube-nocookie.com/x SRC = 'https://Evil.Example/x'>";
        assert_eq!(
            iframes_in(html),
            [("https://Evil.Example/x", not_allowed("evil.example"))]
        );
        // Each iframe of a chunk, each with its own src.
        let html = "<iframe src=\"https://www.youtube-nocookie.com/a\"></iframe><iframe src=\"https://evil.example/b\"></iframe>";
        assert_eq!(
            iframes_in(html),
            [("https://evil.example/b", not_allowed("evil.example"))]
        );
    }

    #[test]
    fn an_iframe_src_is_decoded_and_read_as_a_browser_reads_it() {
        for (html, written, host) in [
            (
                "<iframe src=\"https://evil&#46;example/\">",
                "https://evil&#46;example/",
                "evil.example",
            ),
            (
                "<iframe src=\"https&colon;&sol;&sol;evil.example/\">",
                "https&colon;&sol;&sol;evil.example/",
                "evil.example",
            ),
            (
                "<iframe src=\"https://www.youtube-nocookie.com@evil.example/\">",
                "https://www.youtube-nocookie.com@evil.example/",
                "evil.example",
            ),
            (
                "<iframe src=\"https://evil.example#@www.youtube-nocookie.com/\">",
                "https://evil.example#@www.youtube-nocookie.com/",
                "evil.example",
            ),
            (
                "<iframe src=\"https:\\\\evil.example\\x\">",
                "https:\\\\evil.example\\x",
                "evil.example",
            ),
            // Protocol-relative: resolved with the page's scheme, then checked.
            (
                "<iframe src=\"//evil.example/\">",
                "//evil.example/",
                "evil.example",
            ),
            (
                "<iframe src=\" /\\evil.example/\">",
                " /\\evil.example/",
                "evil.example",
            ),
        ] {
            assert_eq!(iframes_in(html), [(written, not_allowed(host))], "{html}");
        }
    }

    #[test]
    fn an_iframe_without_a_checkable_src_is_reported() {
        let missing = "raw HTML has an <iframe> without a src, so where it loads from cannot be checked against the allow-list";
        let empty = "raw HTML has an <iframe> with an empty src, so where it loads from cannot be checked against the allow-list";
        assert_eq!(
            iframes_in("<iframe></iframe>"),
            [("<iframe", missing.into())]
        );
        assert_eq!(
            iframes_in("<iframe data-src=\"https://www.youtube-nocookie.com/x\">"),
            [("<iframe", missing.into())]
        );
        assert_eq!(iframes_in("<iframe src=\"\">"), [("src", empty.into())]);
        assert_eq!(iframes_in("<iframe src>"), [("src", empty.into())]);
        assert_eq!(
            iframes_in("<iframe src=\" &#9; \">"),
            [(" &#9; ", empty.into())]
        );
        for (value, shown) in [
            ("/embed/x", "/embed/x"),
            (
                "ftp://www.youtube-nocookie.com/",
                "ftp://www.youtube-nocookie.com/",
            ),
            ("javascript&colon;alert(1)", "javascript:alert(1)"),
            (
                "https:www.youtube-nocookie.com",
                "https:www.youtube-nocookie.com",
            ),
            ("https:///", "https:///"),
            ("https://user@:443/", "https://user@:443/"),
        ] {
            let html = format!("<iframe src=\"{value}\">");
            assert_eq!(
                iframes_in(&html),
                [(
                    value,
                    format!(
                        "raw HTML has an <iframe> whose src `{shown}` is not a full http(s) address with a host, so it cannot be checked against the allow-list"
                    )
                )],
                "{html}"
            );
        }
        // An unclosed tag is one tag, read once (no quadratic re-reading).
        let html = "<iframe ".repeat(50_000);
        assert_eq!(iframes_in(&html), [("<iframe", missing.into())]);
        // srcdoc is shown instead of src, so an allowed src does not vouch for it.
        let html = "<iframe src=\"https://www.youtube-nocookie.com/x\" srcdoc=\"<p>hi</p>\">";
        assert_eq!(iframes_in(html).len(), 1);
        assert_eq!(iframes_in(html)[0].0, "srcdoc");
    }

    #[test]
    fn iframe_hosts() {
        assert_eq!(
            iframe_host("https://www.youtube-nocookie.com/embed/x"),
            Ok("www.youtube-nocookie.com".into())
        );
        assert_eq!(iframe_host("HTTP://[::1]:8080/x"), Ok("[::1]".into()));
        assert_eq!(
            iframe_host("https://a.example:8443"),
            Ok("a.example".into())
        );
        assert_eq!(iframe_host("  "), Err(None));
        assert_eq!(iframe_host("x"), Err(Some("x".into())));
    }
}
