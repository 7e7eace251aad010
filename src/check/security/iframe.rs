//! Iframes judged by the `src` a browser would load.

use std::ops::Range;

use super::html::{attributes, decode_references, next_tag};

/// An iframe the allow-list does not vouch for: where (a byte range of the
/// HTML read), what and what to do.
#[derive(Debug)]
pub(super) struct IframeFinding {
    pub(super) at: Range<usize>,
    pub(super) message: String,
    pub(super) hint: &'static str,
}

pub(super) const IFRAME_HOST_HINT: &str = "add the host to `check.iframe_hosts` in site.yaml if it is trusted, or link to the page instead";
pub(super) const IFRAME_SRC_HINT: &str = "give the iframe a full address (https://host/…) from a host in `check.iframe_hosts`, or link to the page instead";

/// Each `<iframe>` tag in `html` whose `src` attribute (the first one, as
/// browsers take it; `data-src` and the like are other attributes) does
/// not load from a host in `allowed`, or that has `srcdoc` content, which
/// browsers show instead of `src`.
pub(super) fn iframe_findings(html: &str, allowed: &[String]) -> Vec<IframeFinding> {
    let mut found = Vec::new();
    let mut from = 0;
    // Each tag is read once, in linear time: a `<iframe` inside an iframe
    // tag is an attribute name there, as in a browser.
    while let Some(end) = next_tag(html, "iframe", from) {
        let tag = end - "<iframe".len()..end;
        let (attrs, tag_end) = attributes(html, end);
        from = tag_end;
        let named = |want: &str| {
            attrs
                .iter()
                .find(|a| html[a.name.clone()].eq_ignore_ascii_case(want))
        };
        if let Some(srcdoc) = named("srcdoc") {
            found.push(IframeFinding {
                at: srcdoc.name.clone(),
                message: "raw HTML has an <iframe> with srcdoc, whose content is shown instead of its src and cannot be checked".into(),
                hint: IFRAME_SRC_HINT,
            });
            continue;
        }
        let Some(src) = named("src") else {
            found.push(IframeFinding {
                at: tag,
                message: "raw HTML has an <iframe> without a src, so where it loads from cannot be checked against the allow-list".into(),
                hint: IFRAME_SRC_HINT,
            });
            continue;
        };
        let value = src.value.clone().unwrap_or(src.name.end..src.name.end);
        let (at, message, hint) = match iframe_host(&html[value.clone()]) {
            Ok(host) if allowed.iter().any(|a| a.eq_ignore_ascii_case(&host)) => continue,
            Ok(host) => (
                value,
                format!("raw HTML embeds an iframe from {host}, which is not on the allow-list"),
                IFRAME_HOST_HINT,
            ),
            Err(None) => (
                if value.is_empty() { src.name.clone() } else { value },
                "raw HTML has an <iframe> with an empty src, so where it loads from cannot be checked against the allow-list".into(),
                IFRAME_SRC_HINT,
            ),
            Err(Some(written)) => (
                value,
                format!(
                    "raw HTML has an <iframe> whose src `{written}` is not a full http(s) address with a host, so it cannot be checked against the allow-list"
                ),
                IFRAME_SRC_HINT,
            ),
        };
        found.push(IframeFinding { at, message, hint });
    }
    found
}

/// The host, in lower case, that an iframe `src` value (as written in the
/// HTML) loads from: character references decoded, and read as a browser
/// reads a URL (tabs and line breaks dropped, `\` as `/`, user name and
/// port left out). A protocol-relative `//host/…` takes the page's scheme,
/// so its host is the one loaded. `Err(None)` for an empty value,
/// `Err(Some(value))` (decoded, shortened) for one that is not an absolute
/// http(s) address with a host.
pub(super) fn iframe_host(value: &str) -> Result<String, Option<String>> {
    let url: String = decode_references(value)
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let url = url.trim_matches(|c: char| c <= ' ');
    if url.is_empty() {
        return Err(None);
    }
    let not_http = || {
        let mut shown: String = url.chars().take(60).collect();
        if url.chars().count() > 60 {
            shown.push('…');
        }
        Err(Some(shown))
    };
    let lower = url.to_ascii_lowercase();
    let rest = ["https:", "http:"]
        .iter()
        .find_map(|scheme| lower.strip_prefix(scheme))
        .unwrap_or(&lower);
    let slash = |c: Option<char>| matches!(c, Some('/' | '\\'));
    let mut chars = rest.chars();
    if !(slash(chars.next()) && slash(chars.next())) {
        return not_http();
    }
    let authority = chars
        .as_str()
        .split(['/', '\\', '?', '#'])
        .next()
        .unwrap_or("");
    let host = authority.rsplit('@').next().unwrap_or("");
    let host = match host.strip_prefix('[') {
        Some(v6) => v6
            .split_once(']')
            .map_or(host, |(h, _)| &host[..h.len() + 2]),
        None => host.split(':').next().unwrap_or(""),
    };
    if host.is_empty() {
        return not_http();
    }
    Ok(host.to_string())
}
