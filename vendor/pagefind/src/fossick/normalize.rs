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
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(char::is_whitespace) {
        out.push_str(&rest[..start]);
        let run = &rest[start..];
        let len = run.find(|c: char| !c.is_whitespace()).unwrap_or(run.len());
        let run = &run[..len];
        if let Some(single) = single_unit(run) {
            out.push(single);
        } else {
            out.push(' ');
        }
        rest = &rest[start + len..];
    }
    out.push_str(rest);
    out
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
            "\u{200b}", "x.", "é", "&#10;", "\u{85}",
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
