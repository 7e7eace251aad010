//! Raw HTML read as a browser reads it: tags, attributes and character
//! references.

use std::borrow::Cow;
use std::ops::Range;

use super::script_scheme;

/// Attribute values in a chunk of raw HTML that are script addresses once
/// their character references are decoded: each value's byte range in
/// `html` (inside its quotes) and its scheme. Any `=` starts a value, so a
/// tag split over several chunks (an HTML block can come in several) is
/// still read.
pub(super) fn script_values(html: &str) -> Vec<(Range<usize>, &'static str)> {
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
pub(super) fn mentions_javascript(html: &str) -> bool {
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
pub(super) const NAMED_REFERENCES: &[(&str, char)] = &[
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
pub(super) fn decode_references(text: &str) -> Cow<'_, str> {
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
pub(super) fn reference(after: &str) -> Option<(char, usize)> {
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
pub(super) fn event_handler(lower: &str) -> Option<String> {
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
pub(super) fn attribute_value(b: &[u8], mut start: usize) -> (Range<usize>, usize) {
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
pub(super) struct Attribute {
    pub(super) name: Range<usize>,
    pub(super) value: Option<Range<usize>>,
}

/// The attributes of the tag whose name ends at `from`, up to its `>` (or
/// the end of `html`), read as a browser reads them, and where the tag ends.
pub(super) fn attributes(html: &str, from: usize) -> (Vec<Attribute>, usize) {
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
pub(super) fn next_tag(html: &str, name: &str, from: usize) -> Option<usize> {
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

/// Where a `<meta http-equiv="refresh">` tag starts in `html`, in any case
/// and with character references decoded.
pub(super) fn meta_refresh(html: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(after) = next_tag(html, "meta", from) {
        let (attrs, end) = attributes(html, after);
        let refresh = attrs.iter().any(|a| {
            html[a.name.clone()].eq_ignore_ascii_case("http-equiv")
                && a.value.as_ref().is_some_and(|v| {
                    decode_references(&html[v.clone()])
                        .trim()
                        .eq_ignore_ascii_case("refresh")
                })
        });
        if refresh {
            return Some(after - "<meta".len());
        }
        from = end.max(after);
    }
    None
}
