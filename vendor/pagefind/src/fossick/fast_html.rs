//! A strict reader for well-formed pages (careguide patch, see
//! bench/README.md "Search on").
//!
//! lol_html is a streaming rewriter: with pagefind's selectors (`html *`
//! and a descendant selector per excluded tag) it matches every element
//! against a selector machine, builds an `Element` with a boxed end-tag
//! closure, and hands text over chunk by chunk. For a page that is plainly
//! well-formed, the same steps (`DomParserData`'s methods, shared with
//! [`super::parser::DomParser`]) can be driven from a much simpler
//! tokenizer. This one accepts only markup whose meaning is not in doubt:
//! every element but a void one closed by its own end tag, in order;
//! lowercase names; attributes quoted or plainly unquoted, none twice;
//! comments and a doctype; `<script>`, `<style>`, `<title>` and the other
//! raw-text elements read to their end tag as lol_html does. Anything else
//! (a carriage return, a NUL, `<svg>` or `<math>`, a stray `<` or end tag,
//! an element left open, text outside `<html>`, a comment opener inside a
//! script, ...) makes [`read`] return `None` before any handler has run,
//! and the page is read by lol_html as before.
//!
//! `tests/search_reader.rs` (careguide) checks that both readers give the
//! same result on tricky pages and on every page of the default site.

// Bytes are found with the memchr crate's `memchr` (careguide patch): a
// `str::find` for one character went through the generic pattern searcher
// on every call, over 400,000 calls for 1,000 pages.
use super::parser::{DomParserData, DomParserResult, TagView};
use crate::SearchOptions;

/// Elements with no content in HTML (lol_html's `is_void_element`).
const VOID: &[&str] = &[
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "hr", "img", "input", "keygen",
    "link", "meta", "param", "source", "track", "wbr",
];
/// Elements whose content lol_html reads as text up to their end tag
/// (its tree builder simulator's text types).
const RAW_TEXT: &[&str] = &[
    "script", "style", "title", "textarea", "iframe", "xmp", "noembed", "noframes", "noscript",
];
/// Elements after which lol_html tokenizes differently in ways this reader
/// does not follow (plain text to the end, foreign content).
const REFUSED: &[&str] = &["plaintext", "svg", "math"];

enum Token<'a> {
    /// A start tag: its name, its attributes (a range of `Tokens::attrs`),
    /// and whether it has content (an end tag of its own).
    Start {
        name: &'a str,
        attrs: (usize, usize),
        with_content: bool,
    },
    End,
    Text(&'a str),
}

struct Tokens<'a> {
    list: Vec<Token<'a>>,
    attrs: Vec<(&'a str, &'a str)>,
}

struct FastTag<'a> {
    name: &'a str,
    attrs: &'a [(&'a str, &'a str)],
}

impl TagView for FastTag<'_> {
    fn tag_name(&self) -> String {
        self.name.to_string()
    }
    fn has_attributes(&self) -> bool {
        !self.attrs.is_empty()
    }
    fn has_pagefind_attribute(&self) -> bool {
        self.attrs.iter().any(|(n, _)| n.starts_with("data-pagefind"))
    }
    fn get_attribute(&self, name: &str) -> Option<String> {
        self.attrs
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.to_string())
    }
}

/// Whether pages can be read this way with these options: pagefind's
/// default root (`html`) and no exclusions beyond its own.
pub fn applies(options: &SearchOptions) -> bool {
    options.root_selector == "html" && options.exclude_selectors.is_empty()
}

/// Reads `html` as [`super::parser::DomParser`] would, or `None` when the
/// page is not plainly well-formed (then nothing has been done).
pub fn read(html: &str, options: &SearchOptions) -> Option<DomParserResult> {
    let tokens = tokenize(html)?;
    let mut data = DomParserData::default();
    let mut open = Vec::new();
    for token in &tokens.list {
        match *token {
            Token::Start {
                name,
                attrs,
                with_content,
            } => {
                let tag = FastTag {
                    name,
                    attrs: &tokens.attrs[attrs.0..attrs.1],
                };
                // The handlers in the order DomParser registers them.
                if name == "html" {
                    data.html_element(&tag);
                }
                let opened = data.open_element(&tag, with_content, options);
                if name != "html" && super::parser::REMOVE_SELECTORS.contains(&name) {
                    data.exclude_current();
                }
                if name == "script" || name == "link" {
                    data.script_or_link(&tag);
                }
                if let Some(opened) = opened {
                    open.push(opened);
                }
            }
            Token::End => {
                let (node, name) = open.pop()?;
                data.close_element(&node, &name, &name);
            }
            Token::Text(text) => data.text(text),
        }
    }
    Some(data.wrap())
}

/// `html` read by lol_html and by this reader, as debug text of what each
/// read (the second `None` when this reader declines the page): for the
/// differential tests (careguide's tests/search_reader.rs).
pub fn read_both_ways(html: &str, options: &SearchOptions) -> (String, Option<String>) {
    let mut parser = super::parser::DomParser::new(options);
    let full = match parser.write(html.as_bytes()) {
        Ok(()) => format!("{:#?}", parser.wrap()),
        Err(e) => format!("lol_html failed: {e}"),
    };
    let fast = applies(options)
        .then(|| read(html, options))
        .flatten()
        .map(|r| format!("{r:#?}"));
    (full, fast)
}

/// The whole page as tokens, or `None` if any of it is outside what this
/// reader follows. (One loop over the page's constructs, kept together so
/// that every way out is in sight.)
fn tokenize(html: &str) -> Option<Tokens<'_>> {
    let b = html.as_bytes();
    // No carriage return (lol_html keeps `\r\n`, this reader would have to
    // follow it) and no NUL anywhere (the tokenizer replaces it).
    if html.contains('\r') || html.contains('\0') {
        return None;
    }
    let mut tokens = Tokens {
        list: Vec::with_capacity(b.len() / 16),
        attrs: Vec::with_capacity(b.len() / 64),
    };
    // Names of the open elements; `seen_html` once `<html>` has opened.
    let mut stack: Vec<&str> = Vec::with_capacity(32);
    let mut seen_html = false;
    let mut i = 0;
    while i < b.len() {
        let Some(lt) = memchr::memchr(b'<', &b[i..]).map(|p| i + p) else {
            text(&mut tokens, &stack, &html[i..])?;
            break;
        };
        if lt > i {
            text(&mut tokens, &stack, &html[i..lt])?;
        }
        let rest = &b[lt..];
        if rest.starts_with(b"<!--") {
            i = comment_end(html, lt + 4)?;
        } else if rest.len() > 9 && rest[2..9].eq_ignore_ascii_case(b"doctype") {
            if seen_html || rest[1] != b'!' {
                return None;
            }
            let end = lt + memchr::memchr(b'>', &b[lt..])?;
            if b[lt..end].iter().any(|&c| c == b'"' || c == b'\'') {
                return None;
            }
            i = end + 1;
        } else if rest.len() > 1 && rest[1] == b'/' {
            let (name, next) = end_tag(html, lt + 2)?;
            if stack.pop()? != name {
                return None;
            }
            tokens.list.push(Token::End);
            i = next;
        } else if rest.len() > 1 && rest[1].is_ascii_lowercase() {
            let (name, attrs, self_closing, next) = start_tag(html, lt + 1, &mut tokens)?;
            // `<html>` once, first; every other element inside it.
            let misplaced = if name == "html" {
                seen_html
            } else {
                stack.is_empty()
            };
            if misplaced || REFUSED.contains(&name) {
                return None;
            }
            seen_html = true;
            let with_content = !VOID.contains(&name);
            if self_closing && with_content {
                return None;
            }
            tokens.list.push(Token::Start {
                name,
                attrs,
                with_content,
            });
            i = next;
            if with_content {
                stack.push(name);
                if RAW_TEXT.contains(&name) {
                    i = raw_text(html, i, name, &mut tokens)?;
                    stack.pop();
                }
            }
        } else {
            return None;
        }
    }
    (seen_html && stack.is_empty()).then_some(tokens)
}

/// Text: inside `<html>`, kept; outside it, only white space (which
/// lol_html's handlers never see either).
fn text<'a>(tokens: &mut Tokens<'a>, stack: &[&str], text: &'a str) -> Option<()> {
    if stack.is_empty() {
        return text
            .bytes()
            .all(|c| matches!(c, b' ' | b'\t' | b'\n' | b'\x0C'))
            .then_some(());
    }
    tokens.list.push(Token::Text(text));
    Some(())
}

/// The index after a comment whose body starts at `from`; `None` for the
/// comments HTML ends early or oddly (`<!-->`, `<!--->`, `--!>`).
fn comment_end(html: &str, from: usize) -> Option<usize> {
    let body = &html[from..];
    if body.starts_with('>') || body.starts_with("->") {
        return None;
    }
    let end = body.find("-->")?;
    if body[..end + 2].contains("--!") {
        return None;
    }
    Some(from + end + 3)
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\x0C')
}

/// A tag name from `from`: lowercase letters, digits and `-` only.
fn tag_name(html: &str, from: usize) -> Option<(&str, usize)> {
    let b = html.as_bytes();
    let mut end = from;
    while end < b.len() && (b[end].is_ascii_lowercase() || b[end].is_ascii_digit() || b[end] == b'-')
    {
        end += 1;
    }
    let next = *b.get(end)?;
    (end > from && b[from].is_ascii_lowercase() && (is_space(next) || next == b'/' || next == b'>'))
        .then(|| (&html[from..end], end))
}

/// `</name>` from just after `</`: the name and the index after `>`.
fn end_tag(html: &str, from: usize) -> Option<(&str, usize)> {
    let (name, end) = tag_name(html, from)?;
    (html.as_bytes()[end] == b'>').then_some((name, end + 1))
}

/// A start tag from just after `<`: name, attribute range, whether it ends
/// `/>`, and the index after `>`.
fn start_tag<'a>(
    html: &'a str,
    from: usize,
    tokens: &mut Tokens<'a>,
) -> Option<(&'a str, (usize, usize), bool, usize)> {
    let b = html.as_bytes();
    let (name, mut i) = tag_name(html, from)?;
    let first = tokens.attrs.len();
    loop {
        let spaced = i < b.len() && is_space(b[i]);
        while i < b.len() && is_space(b[i]) {
            i += 1;
        }
        match *b.get(i)? {
            b'>' => return Some((name, (first, tokens.attrs.len()), false, i + 1)),
            b'/' => {
                return (*b.get(i + 1)? == b'>')
                    .then_some((name, (first, tokens.attrs.len()), true, i + 2));
            }
            _ if !spaced => return None,
            _ => {}
        }
        let start = i;
        while i < b.len() && !is_space(b[i]) && !matches!(b[i], b'/' | b'>' | b'=') {
            if matches!(b[i], b'"' | b'\'' | b'<' | b'`' | 0) || b[i].is_ascii_uppercase() {
                return None;
            }
            i += 1;
        }
        if i == start {
            return None;
        }
        let attr = &html[start..i];
        let value = if b.get(i) == Some(&b'=') {
            i += 1;
            match *b.get(i)? {
                q @ (b'"' | b'\'') => {
                    let end = i + 1 + memchr::memchr(q, &b[i + 1..])?;
                    let value = &html[i + 1..end];
                    i = end + 1;
                    value
                }
                _ => {
                    let start = i;
                    while i < b.len() && !is_space(b[i]) && b[i] != b'>' {
                        if matches!(b[i], b'"' | b'\'' | b'<' | b'=' | b'`') {
                            return None;
                        }
                        i += 1;
                    }
                    if i == start {
                        return None;
                    }
                    &html[start..i]
                }
            }
        } else {
            ""
        };
        if tokens.attrs[first..].iter().any(|(n, _)| *n == attr) {
            return None;
        }
        tokens.attrs.push((attr, value));
    }
}

/// The text of a raw-text element from `from` up to its end tag
/// (`</name` then white space, `/` or `>`, in any case, as lol_html ends
/// it), which must be exactly `</name>`. Returns the index after it.
fn raw_text<'a>(html: &'a str, from: usize, name: &str, tokens: &mut Tokens<'a>) -> Option<usize> {
    let b = html.as_bytes();
    let mut i = from;
    let end = loop {
        let at = i + html[i..].find("</")?;
        let after = at + 2 + name.len();
        if after < b.len()
            && b[at + 2..after].eq_ignore_ascii_case(name.as_bytes())
            && (is_space(b[after]) || b[after] == b'/' || b[after] == b'>')
        {
            break at;
        }
        i = at + 2;
    };
    if name == "script" && html[from..end].contains("<!--") {
        return None;
    }
    let text = &html[from..end];
    if !text.is_empty() {
        tokens.list.push(Token::Text(text));
    }
    let after = end + 2 + name.len();
    (&html[end + 2..after] == name && b[after] == b'>').then(|| {
        tokens.list.push(Token::End);
        after + 1
    })
}
