//! Script addresses in YAML that templates may put into links.

use std::collections::HashSet;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

use super::{RULE, is_script_url, script_scheme};
use crate::check::locate::TextLocator;
use crate::config;
use crate::diagnostic::Diagnostic;
use crate::site::Site;

pub(super) const YAML_HINT: &str = "give a full web address starting with https://";

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
pub(super) fn one_per_place(mut found: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut seen = HashSet::new();
    found.retain(|d| d.line == 0 || seen.insert((d.line, d.column)));
    found
}

/// Parse YAML that has already loaded once (so errors were reported then)
/// into a tree that knows where each value is.
pub(super) fn parse_tree(file: &str, text: &str) -> Option<Spanned<Node>> {
    if text.trim().is_empty() {
        return None;
    }
    crate::yaml::parse(file, text, text, 1).ok()
}

/// One script address, located at its first character in the YAML file.
pub(super) fn finding(
    file: &str,
    text: &str,
    path: &str,
    value: &str,
    at: &Spanned<Node>,
) -> Diagnostic {
    let what = if path.is_empty() {
        "the value".to_string()
    } else {
        format!("`{path}`")
    };
    let message = match (script_scheme(value), markdown_script_link(value)) {
        (Some(scheme), _) => format!("{what} has a {scheme} address"),
        (None, Some(scheme)) => format!("{what} has a Markdown link to a {scheme} address"),
        (None, None) => format!("{what} has a script address"),
    };
    let d = Diagnostic::error(file, message).rule(RULE).hint(YAML_HINT);
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

/// The scheme of the first script address that a string, read as Markdown
/// (templates pass data through the `markdown` filter), links to: inline
/// `[x](javascript:…)`, with character references (`java&#115;cript:`),
/// autolinks (`<javascript:…>`) and reference links, as the Markdown
/// parser resolves them. Images too.
pub fn markdown_script_link(text: &str) -> Option<&'static str> {
    use pulldown_cmark::{Event, Parser, Tag};
    if !text.contains(['[', '<']) {
        return None;
    }
    Parser::new_ext(text, crate::markdown::options()).find_map(|e| match e {
        Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
            script_scheme(&dest_url)
        }
        _ => None,
    })
}

/// The column of the quote that closes the double-quoted string opening at
/// `line:column`, if it closes on that line.
pub(super) fn closing_quote(text: &str, line: usize, column: usize) -> Option<usize> {
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
pub(super) fn script_strings(
    node: &Spanned<Node>,
    path: &mut String,
    found: &mut impl FnMut(&str, &str, &Spanned<Node>),
) {
    let len = path.len();
    match &node.value {
        Node::Str(s) => {
            if is_script_url(s) || markdown_script_link(s).is_some() {
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
pub(super) enum Node {
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

pub(super) struct NodeVisitor;

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
