//! Raw HTML is allowed for trusted authors, but some of it is never right
//! on a health information site: scripts, inline event handlers,
//! `javascript:` links and iframes from hosts nobody approved.
//!
//! Addresses written in YAML (front-matter `sources`, data files, site.yaml
//! `contact.web` and `extra`) reach templates as text, and templates put
//! them into `href`s. Escaping cannot make a `javascript:` address safe
//! there, so they are checked too ([`check_yaml`]).

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;
use std::ops::Range;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

use super::locate::TextLocator;
use crate::config;
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
            // Script addresses: each attribute value, then the whole chunk,
            // once character references are decoded (`java&#9;script:` runs).
            let values = script_values(html);
            let body = &p.text[p.body_offset..];
            for (range, scheme) in &values {
                // The value's place in the source, when the chunk is written
                // there as it is (a chunk inside a block quote may not be).
                let (at, width) =
                    if body.get(*offset..*offset + range.end) == Some(&html[..range.end]) {
                        (*offset + range.start, html[range.clone()].chars().count())
                    } else {
                        (*offset, html.trim().chars().count())
                    };
                push(
                    at,
                    width.clamp(1, 60),
                    format!("raw HTML contains a {scheme} address"),
                    "link to a real web address instead",
                );
            }
            if values.is_empty() && mentions_javascript(html) {
                push(
                    *offset,
                    html.trim().chars().count().min(40),
                    "raw HTML contains a javascript: address".into(),
                    "link to a real web address instead",
                );
            }
        }
        // Iframes: each `<iframe>` tag's own `src`. The lines of one HTML
        // block come as separate chunks, so chunks that follow one another
        // in the source (across blanks and block-quote markers) are read
        // together, as a browser reads them.
        let body = &p.text[p.body_offset..];
        let chunks = &r.raw_html;
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
                push(at, width.clamp(1, 60), f.message, f.hint);
            }
            i = j;
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
            if let Some(scheme) = script_scheme(&source.url) {
                let front = &p.text[..p.body_offset];
                let mut d = Diagnostic::error(
                    &p.file,
                    format!("source `{}` has a {scheme} address", source.title),
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

/// Address schemes that run script when a link is followed.
const SCRIPT_SCHEMES: &[&str] = &["javascript:", "vbscript:", "data:text/html"];

/// `javascript:`, `vbscript:` or `data:text/html` in any case, with the
/// blanks and control characters browsers skip (`java\tscript:` runs too).
pub fn is_script_url(url: &str) -> bool {
    script_scheme(url).is_some()
}

/// The scheme of a script address (as listed in [`SCRIPT_SCHEMES`]), if
/// `url` is one.
fn script_scheme(url: &str) -> Option<&'static str> {
    let squeezed: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(SCRIPT_SCHEMES.iter().map(|s| s.len()).max().unwrap_or(0))
        .collect::<String>()
        .to_ascii_lowercase();
    SCRIPT_SCHEMES
        .iter()
        .copied()
        .find(|scheme| squeezed.starts_with(scheme))
}

const YAML_HINT: &str = "give a full web address starting with https://";

/// Script addresses in YAML that templates may put into an `href`: every
/// string of every data file (templates read them as `data.*`), and the
/// site.yaml settings that become links: `contact.web`, and everything
/// under `extra` (free-form, read by a site's own templates). The other
/// contact settings are written after `tel:` and `mailto:`, and `base_url`
/// must already start with `http://` or `https://`.
pub fn check_yaml(site: &Site) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for data in &site.data {
        out.extend(check_data_file(&data.file, &data.text));
    }
    out.extend(check_site_yaml(&site.config.text));
    out
}

/// Every string of one data file.
pub fn check_data_file(file: &str, text: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if let Some(root) = parse_tree(file, text) {
        script_strings(&root, &mut String::new(), &mut |path, value, at| {
            out.push(finding(file, text, path, value, at));
        });
    }
    one_per_place(out)
}

/// `contact.web` and everything under `extra` in site.yaml.
pub fn check_site_yaml(text: &str) -> Vec<Diagnostic> {
    let file = config::FILE_NAME;
    let mut out = Vec::new();
    let Some(root) = parse_tree(file, text) else {
        return out;
    };
    let mut report = |path: &str, value: &str, at: &Spanned<Node>| {
        out.push(finding(file, text, path, value, at));
    };
    for (key, value) in root.value.entries() {
        match key {
            "contact" => {
                for (_, web) in value.value.entries().filter(|(k, _)| *k == "web") {
                    script_strings(web, &mut "contact.web".to_string(), &mut report);
                }
            }
            "extra" => script_strings(value, &mut "extra".to_string(), &mut report),
            _ => {}
        }
    }
    one_per_place(out)
}

/// A string reached through several aliases is one finding, at its anchor.
fn one_per_place(mut found: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut seen = HashSet::new();
    found.retain(|d| d.line == 0 || seen.insert((d.line, d.column)));
    found
}

/// Parse YAML that has already loaded once (so errors were reported then)
/// into a tree that knows where each value is.
fn parse_tree(file: &str, text: &str) -> Option<Spanned<Node>> {
    if text.trim().is_empty() {
        return None;
    }
    crate::yaml::parse(file, text, text, 1).ok()
}

/// One script address, located at its first character in the YAML file.
fn finding(file: &str, text: &str, path: &str, value: &str, at: &Spanned<Node>) -> Diagnostic {
    let scheme = script_scheme(value).unwrap_or("script");
    let what = if path.is_empty() {
        "the value".to_string()
    } else {
        format!("`{path}`")
    };
    let d = Diagnostic::error(file, format!("{what} has a {scheme} address"))
        .rule(RULE)
        .hint(YAML_HINT);
    // An alias points at its anchor: the string is written there.
    let loc = if at.defined.line() > 0 {
        at.defined
    } else {
        at.referenced
    };
    if loc.line() == 0 {
        return d;
    }
    let locator = TextLocator::yaml_scalar(text, value, loc.line() as usize, loc.column() as usize);
    let first = value
        .chars()
        .position(|c| !c.is_whitespace() && !c.is_control())
        .unwrap_or(0);
    let (line, column) = locator.locate(first);
    let last = value
        .trim_end()
        .chars()
        .count()
        .saturating_sub(1)
        .max(first);
    let width = match locator.locate(last) {
        (l, c) if l == line && c >= column => c - column + 1,
        // Past an escape the locator no longer aligns; a double-quoted
        // string on one line ends at its closing quote.
        _ => closing_quote(text, loc.line() as usize, loc.column() as usize)
            .filter(|&c| c > column)
            .map_or(value.chars().skip(first).count(), |c| c - column),
    };
    d.at(text, line, column).width(width.min(60))
}

/// The column of the quote that closes the double-quoted string opening at
/// `line:column`, if it closes on that line.
fn closing_quote(text: &str, line: usize, column: usize) -> Option<usize> {
    let mut chars = text.lines().nth(line.checked_sub(1)?)?.chars().enumerate();
    chars
        .nth(column.checked_sub(1)?)
        .filter(|(_, c)| *c == '"')?;
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '"' => return Some(i + 1),
            _ => {}
        }
    }
    None
}

/// Call `found` with the path (`links[0].url`) of every string under
/// `node` that is a script address.
fn script_strings(
    node: &Spanned<Node>,
    path: &mut String,
    found: &mut impl FnMut(&str, &str, &Spanned<Node>),
) {
    let len = path.len();
    match &node.value {
        Node::Str(s) => {
            if is_script_url(s) {
                found(path, s, node);
            }
        }
        Node::List(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push_str(&format!("[{i}]"));
                script_strings(item, path, found);
                path.truncate(len);
            }
        }
        Node::Map(entries) => {
            for (key, value) in entries {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key.as_deref().unwrap_or("?"));
                script_strings(value, path, found);
                path.truncate(len);
            }
        }
        Node::Other => {}
    }
}

/// Any YAML value, with the place of every value inside it. Only strings
/// matter here; other scalars are [`Node::Other`].
#[derive(Debug)]
enum Node {
    Str(String),
    List(Vec<Spanned<Node>>),
    /// Entries in file order; a key that is not a string is `None`.
    Map(Vec<(Option<String>, Spanned<Node>)>),
    Other,
}

impl Node {
    /// The entries of a mapping with a string key (none for other values).
    fn entries(&self) -> impl Iterator<Item = (&str, &Spanned<Node>)> {
        let entries = match self {
            Node::Map(entries) => entries.as_slice(),
            _ => &[],
        };
        entries.iter().filter_map(|(k, v)| Some((k.as_deref()?, v)))
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Str(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Node, E> {
        Ok(Node::Str(v))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Node, E> {
        Ok(Node::Other)
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Node, E> {
        Ok(Node::Other)
    }

    fn visit_i128<E: de::Error>(self, _: i128) -> Result<Node, E> {
        Ok(Node::Other)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Node, E> {
        Ok(Node::Other)
    }

    fn visit_u128<E: de::Error>(self, _: u128) -> Result<Node, E> {
        Ok(Node::Other)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Node, E> {
        Ok(Node::Other)
    }

    fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<Node, E> {
        Ok(Node::Other)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Other)
    }

    fn visit_none<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Other)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Node, D::Error> {
        Node::deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<Node>>()? {
            items.push(item);
        }
        Ok(Node::List(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Node>()? {
            let key = match key {
                Node::Str(s) => Some(s),
                _ => None,
            };
            entries.push((key, map.next_value::<Spanned<Node>>()?));
        }
        Ok(Node::Map(entries))
    }
}

/// Attribute values in a chunk of raw HTML that are script addresses once
/// their character references are decoded: each value's byte range in
/// `html` (inside its quotes) and its scheme. Any `=` starts a value, so a
/// tag split over several chunks (an HTML block can come in several) is
/// still read.
fn script_values(html: &str) -> Vec<(Range<usize>, &'static str)> {
    let b = html.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'=' {
            i += 1;
            continue;
        }
        let (value, next) = attribute_value(b, i + 1);
        if let Some(scheme) = script_scheme(&decode_references(&html[value.clone()])) {
            found.push((value, scheme));
        }
        i = next.max(i + 1);
    }
    found
}

/// Whether a chunk of raw HTML says `javascript:` anywhere, once character
/// references are decoded and control characters (tabs and line breaks
/// among them) removed: the net for what [`script_values`] cannot read.
fn mentions_javascript(html: &str) -> bool {
    decode_references(html)
        .chars()
        .filter(|c| !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase()
        .contains("javascript:")
}

/// Named character references that can spell out part of an address.
/// Browsers know over two thousand; these are the ones that matter here
/// (no name stands for an ASCII letter).
const NAMED_REFERENCES: &[(&str, char)] = &[
    ("Tab", '\t'),
    ("NewLine", '\n'),
    ("colon", ':'),
    ("lpar", '('),
    ("rpar", ')'),
    ("sol", '/'),
    ("amp", '&'),
    ("AMP", '&'),
    ("quot", '"'),
    ("QUOT", '"'),
    ("apos", '\''),
    ("lt", '<'),
    ("LT", '<'),
    ("gt", '>'),
    ("GT", '>'),
    ("nbsp", '\u{A0}'),
];

/// `text` with its character references decoded as a browser decodes them
/// in an attribute value: `&#106;` and `&#x6A;`, with or without the
/// closing `;`, and the names in [`NAMED_REFERENCES`] (which need it).
/// Anything else is left as written.
fn decode_references(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        match reference(after) {
            Some((c, used)) => {
                out.push(c);
                rest = &after[used..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The character a reference stands for and the bytes it takes, `after`
/// being the text after its `&`.
fn reference(after: &str) -> Option<(char, usize)> {
    if after.starts_with('#') {
        let (radix, first) = match after.as_bytes().get(1) {
            Some(b'x' | b'X') => (16, 2),
            _ => (10, 1),
        };
        let digits = after[first..]
            .bytes()
            .take_while(|b| char::from(*b).is_digit(radix))
            .count();
        if digits == 0 {
            return None;
        }
        let value = after[first..first + digits].chars().fold(0u32, |n, d| {
            n.saturating_mul(radix)
                .saturating_add(d.to_digit(radix).unwrap_or(0))
        });
        // As browsers do: NUL, surrogates and numbers past Unicode are U+FFFD.
        let c = char::from_u32(value)
            .filter(|&c| c != '\0')
            .unwrap_or('\u{FFFD}');
        let end = first + digits;
        return Some((c, end + usize::from(after[end..].starts_with(';'))));
    }
    let name = after.bytes().take_while(u8::is_ascii_alphanumeric).count();
    if after.as_bytes().get(name) != Some(&b';') {
        return None;
    }
    NAMED_REFERENCES
        .iter()
        .find(|(n, _)| *n == &after[..name])
        .map(|&(_, c)| (c, name + 1))
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

/// The value of an attribute whose `=` is just before `start`: its byte
/// range in `b` (inside its quotes, if quoted) and where reading goes on.
fn attribute_value(b: &[u8], mut start: usize) -> (Range<usize>, usize) {
    while b.get(start).is_some_and(u8::is_ascii_whitespace) {
        start += 1;
    }
    match b.get(start) {
        Some(&quote @ (b'"' | b'\'')) => {
            let end = b[start + 1..]
                .iter()
                .position(|&c| c == quote)
                .map_or(b.len(), |k| start + 1 + k);
            (start + 1..end, end + 1)
        }
        _ => {
            let end = b[start..]
                .iter()
                .position(|&c| c.is_ascii_whitespace() || c == b'>')
                .map_or(b.len(), |k| start + k);
            (start..end, end)
        }
    }
}

/// One attribute of a tag: its name's byte range and its value's, if it
/// has one.
struct Attribute {
    name: Range<usize>,
    value: Option<Range<usize>>,
}

/// The attributes of the tag whose name ends at `from`, up to its `>` (or
/// the end of `html`), read as a browser reads them, and where the tag ends.
fn attributes(html: &str, from: usize) -> (Vec<Attribute>, usize) {
    let b = html.as_bytes();
    let mut found = Vec::new();
    let mut i = from;
    loop {
        while b
            .get(i)
            .is_some_and(|c| c.is_ascii_whitespace() || *c == b'/')
        {
            i += 1;
        }
        if i >= b.len() || b[i] == b'>' {
            return (found, i.min(b.len()));
        }
        // A name runs to a blank, `/`, `>` or `=` (a leading `=` is part of it).
        let start = i;
        i += 1;
        while b
            .get(i)
            .is_some_and(|&c| !(c.is_ascii_whitespace() || matches!(c, b'/' | b'>' | b'=')))
        {
            i += 1;
        }
        let name = start..i;
        let mut k = i;
        while b.get(k).is_some_and(u8::is_ascii_whitespace) {
            k += 1;
        }
        let value = if b.get(k) == Some(&b'=') {
            let (value, next) = attribute_value(b, k + 1);
            i = next;
            Some(value)
        } else {
            None
        };
        found.push(Attribute { name, value });
    }
}

/// Where the next `<name` tag from `from` in `html` opens, in any case: the
/// byte just after its name.
fn next_tag(html: &str, name: &str, from: usize) -> Option<usize> {
    let b = html.as_bytes();
    (from..b.len()).find_map(|i| {
        let end = i + 1 + name.len();
        (b[i] == b'<'
            && b.get(i + 1..end)
                .is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()))
            && b.get(end)
                .is_none_or(|c| c.is_ascii_whitespace() || matches!(c, b'/' | b'>')))
        .then_some(end)
    })
}

/// An iframe the allow-list does not vouch for: where (a byte range of the
/// HTML read), what and what to do.
#[derive(Debug)]
struct IframeFinding {
    at: Range<usize>,
    message: String,
    hint: &'static str,
}

const IFRAME_HOST_HINT: &str = "add the host to `check.iframe_hosts` in site.yaml if it is trusted, or link to the page instead";
const IFRAME_SRC_HINT: &str = "give the iframe a full address (https://host/…) from a host in `check.iframe_hosts`, or link to the page instead";

/// Each `<iframe>` tag in `html` whose `src` attribute (the first one, as
/// browsers take it; `data-src` and the like are other attributes) does
/// not load from a host in `allowed`, or that has `srcdoc` content, which
/// browsers show instead of `src`.
fn iframe_findings(html: &str, allowed: &[String]) -> Vec<IframeFinding> {
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
fn iframe_host(value: &str) -> Result<String, Option<String>> {
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
    use super::*;

    #[test]
    fn script_urls_are_recognised_however_written() {
        assert!(is_script_url("javascript:alert(1)"));
        assert!(is_script_url(" JaVa\tScRiPt:alert(1)"));
        assert!(is_script_url("vbscript:x"));
        assert!(!is_script_url("https://example.org/javascript:"));
        assert!(is_script_url("Data:Text/HTML;base64,PHNjcmlwdD4="));
        assert!(!is_script_url("data:image/png;base64,AAAA"));
        assert_eq!(script_scheme("\u{0}vbscript:x"), Some("vbscript:"));
    }

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
        assert!(d.iter().all(|d| d.is_error() && d.rule == RULE));
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
