//! `normalize_content` without regular expressions (careguide patch, see
//! bench/README.md "Search on"): pagefind 1.6.0 ran three regex replaces
//! over every text it kept, each making a new string.

/// Entities decoded; white space (Unicode's, as regex `\s` and
/// `char::is_whitespace` both mean) trimmed from both ends; inside, a run
/// of line breaks (`\n` or `\r\n`) counts as one space, and any run of two
/// or more white-space characters after that becomes one space (a single
/// one, such as a tab or a no-break space, is kept as it is). The same
/// string as pagefind's three replaces, in one pass.
pub(super) fn normalize_content(content: &str) -> String {
    let decoded = html_escape::decode_html_entities(content);
    let text = decoded.trim();
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    // `text[copied..i]` is waiting to be copied; `i` walks bytes, and
    // decodes a character only where a byte is not ASCII.
    let (mut copied, mut i) = (0, 0);
    while i < b.len() {
        // Most bytes are ASCII and not white space: one comparison each.
        if b[i] > b' ' && b[i] < 0x80 {
            i += 1;
            continue;
        }
        // A single space before a character that is not white space stays
        // as it is: no need to copy up to it (one copy per word before).
        if b[i] == b' ' && b.get(i + 1).is_some_and(|&n| n > b' ' && n < 0x80) {
            i += 2;
            continue;
        }
        let len = white_space_len(text, i);
        if len == 0 {
            i += 1;
            continue;
        }
        out.push_str(&text[copied..i]);
        let mut end = i + len;
        loop {
            let more = white_space_len(text, end);
            if more == 0 {
                break;
            }
            end += more;
        }
        let run = &text[i..end];
        out.push(single_unit(run).unwrap_or(' '));
        copied = end;
        i = end;
    }
    out.push_str(&text[copied..]);
    out
}

/// The length in bytes of the white-space character at `i` (a character
/// boundary or a continuation byte of one), 0 if there is none there.
#[inline]
fn white_space_len(text: &str, i: usize) -> usize {
    let Some(&c) = text.as_bytes().get(i) else {
        return 0;
    };
    if c < 0x80 {
        return usize::from(matches!(c, b' ' | b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r'));
    }
    if !text.is_char_boundary(i) {
        return 0;
    }
    match text[i..].chars().next() {
        Some(ch) if ch.is_whitespace() => ch.len_utf8(),
        _ => 0,
    }
}

/// A white-space run that is one unit once line breaks are merged: a
/// single character, or line breaks only (one space). `None` for two or
/// more units.
fn single_unit(run: &str) -> Option<char> {
    let mut chars = run.chars();
    let first = chars.next()?;
    if chars.next().is_none() {
        return Some(if first == '\n' { ' ' } else { first });
    }
    // Only line breaks: `\n` or `\r\n`, repeated.
    let b = run.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match (b[i], b.get(i + 1)) {
            (b'\n', _) => i += 1,
            (b'\r', Some(b'\n')) => i += 2,
            _ => return None,
        }
    }
    Some(' ')
}

#[cfg(test)]
mod tests {
    use lazy_static::lazy_static;
    use regex::Regex;

    lazy_static! {
        static ref NEWLINES: Regex = Regex::new("(\n|\r\n)+").unwrap();
        static ref TRIM_NEWLINES: Regex = Regex::new("^[\n\r\\s]+|[\n\r\\s]+$").unwrap();
        static ref EXTRANEOUS_SPACES: Regex = Regex::new("\\s{2,}").unwrap();
    }

    /// pagefind 1.6.0's `normalize_content`.
    fn by_regex(content: &str) -> String {
        let content = html_escape::decode_html_entities(content);
        let content = TRIM_NEWLINES.replace_all(&content, "");
        let content = NEWLINES.replace_all(&content, " ");
        let content = EXTRANEOUS_SPACES.replace_all(&content, " ");
        content.to_string()
    }

    #[test]
    fn same_as_the_regexes() {
        let pieces = [
            "a", "b c", " ", "\n", "\r", "\r\n", "\t", "\u{a0}", "&nbsp;", "&amp;", "\u{2003}",
            "\u{200b}", "x.", "é", "&#10;", "\u{85}", "\u{b}", "\u{3000}", "\u{2028}", "日本", "\u{1c}",
        ];
        let mut cases = vec![String::new()];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    cases.push(format!("{a}{b}{c}"));
                    cases.push(format!("{a}w{b}{c}w"));
                    cases.push(format!("w{a}{b}w{c}"));
                }
            }
        }
        cases.push("  Hello \n\n  world \r\n\r\n x\t\ty\n".into());
        for case in cases {
            assert_eq!(super::normalize_content(&case), by_regex(&case), "{case:?}");
        }
    }
}
