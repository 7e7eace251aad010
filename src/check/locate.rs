//! Map a position inside a YAML scalar's *value* back to a line and column
//! of the YAML *file*.
//!
//! Rules such as the SMS linter find problems at a character offset of the
//! parsed string ("the curly quote at character 42"), but a [`Diagnostic`]
//! must point at the file the author edits. The parsed value and the file text
//! differ: block scalars (`|`, `>`) strip indentation, folded and plain
//! scalars turn line breaks into spaces, quoted scalars have quotes and escapes.
//!
//! Rather than re-implement YAML's folding rules, [`TextLocator::yaml_scalar`]
//! *aligns* the value with the file: every non-whitespace character of the
//! value must appear, in order, in the file, separated only by whitespace
//! (indentation, folded line breaks). That holds for literal, folded, plain
//! and quoted scalars alike. Where it does not hold (an escape such as
//! `\u2019` in a double-quoted string) the locator stops aligning and points
//! the remaining characters at the start of the scalar: a coarse location is
//! better than a wrong one.
//!
//! [`Diagnostic`]: crate::diagnostic::Diagnostic

/// Positions (1-based line, 1-based character column) for each character of
/// a text, with a fallback for characters that could not be placed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextLocator {
    positions: Vec<(usize, usize)>,
    fallback: (usize, usize),
}

impl TextLocator {
    /// `text` appears character for character in the file, starting at
    /// `line:column`; later lines of the text start at column 1 (a Markdown
    /// body, or a test).
    pub fn verbatim(text: &str, line: usize, column: usize) -> Self {
        let (mut l, mut c) = (line.max(1), column.max(1));
        let mut positions = Vec::with_capacity(text.len());
        for ch in text.chars() {
            positions.push((l, c));
            if ch == '\n' {
                l += 1;
                c = 1;
            } else {
                c += 1;
            }
        }
        TextLocator {
            positions,
            fallback: (line.max(1), column.max(1)),
        }
    }

    /// `text` is the parsed value of the YAML scalar whose node starts at
    /// 1-based `line:column` of `file_text` — the position serde-saphyr's
    /// `Spanned` reports: the `|`/`>` indicator of a block scalar, the opening
    /// quote of a quoted scalar, or the first character of a plain scalar.
    pub fn yaml_scalar(file_text: &str, text: &str, line: usize, column: usize) -> Self {
        let fallback = (line.max(1), column.max(1));
        let mut cursor = Cursor::at(file_text, fallback.0, fallback.1);
        let quote = open_scalar(&mut cursor);

        let mut positions = Vec::with_capacity(text.len());
        let mut aligned = true;
        for ch in text.chars() {
            if !aligned {
                positions.push(fallback);
                continue;
            }
            if ch.is_whitespace() {
                // Whitespace in the value may come from a folded line break
                // or be dropped indentation; point at where we are and only
                // consume it when the file has the same character.
                positions.push(cursor.pos());
                if cursor.peek() == Some(ch) {
                    cursor.next();
                }
                continue;
            }
            match place(&mut cursor, ch, quote) {
                Some(at) => positions.push(at),
                None => {
                    aligned = false;
                    positions.push(fallback);
                }
            }
        }
        TextLocator {
            positions,
            fallback,
        }
    }

    /// 1-based line and column of the character at 0-based `offset` (in
    /// characters) of the text. Offsets past the end map to the fallback.
    pub fn locate(&self, offset: usize) -> (usize, usize) {
        self.positions.get(offset).copied().unwrap_or(self.fallback)
    }
}

/// A character cursor over the file that tracks line and column.
#[derive(Clone)]
struct Cursor<'a> {
    rest: std::str::Chars<'a>,
    line: usize,
    column: usize,
}

impl<'a> Cursor<'a> {
    fn at(text: &'a str, line: usize, column: usize) -> Self {
        let mut cursor = Cursor {
            rest: text.chars(),
            line: 1,
            column: 1,
        };
        while cursor.line < line && cursor.next().is_some() {}
        while cursor.column < column && cursor.peek().is_some_and(|c| c != '\n') {
            cursor.next();
        }
        cursor
    }

    fn peek(&self) -> Option<char> {
        self.rest.clone().next()
    }

    fn pos(&self) -> (usize, usize) {
        (self.line, self.column)
    }

    fn next(&mut self) -> Option<char> {
        let c = self.rest.next()?;
        if c == '\n' {
            self.line += 1;
            self.column = 1;
        } else {
            self.column += 1;
        }
        Some(c)
    }
}

/// `d` pointed at a place serde-saphyr reported in the YAML file `text`,
/// underlining `width` characters; unchanged when the place is unknown
/// (line 0).
pub fn at_yaml_location(
    d: crate::diagnostic::Diagnostic,
    text: &str,
    loc: serde_saphyr::Location,
    width: usize,
) -> crate::diagnostic::Diagnostic {
    if loc.line() == 0 {
        return d;
    }
    d.at(text, loc.line() as usize, loc.column() as usize)
        .width(width)
}

/// Step `cursor` over the start of a scalar: a block scalar's header line
/// (`|-`, `>2`, maybe a comment, not content: the value starts on the next
/// line) or an opening quote, which it returns.
fn open_scalar(cursor: &mut Cursor) -> Option<char> {
    match cursor.peek() {
        Some('|' | '>') => {
            while let Some(c) = cursor.next() {
                if c == '\n' {
                    break;
                }
            }
            None
        }
        Some(q @ ('"' | '\'')) => {
            cursor.next();
            Some(q)
        }
        _ => None,
    }
}

/// Where the value's next non-space character `ch` is in the file, moving
/// `cursor` past it; `None` when the file has something else there (an
/// escape the alignment cannot follow).
fn place(cursor: &mut Cursor, ch: char, quote: Option<char>) -> Option<(usize, usize)> {
    while cursor.peek().is_some_and(char::is_whitespace) {
        cursor.next();
    }
    // `\"` and `\\` in double quotes stand for the second character.
    if quote == Some('"') && cursor.peek() == Some('\\') && ch != '\\' {
        let save = cursor.clone();
        cursor.next();
        if cursor.peek() != Some(ch) {
            *cursor = save;
        }
    } else if quote == Some('"') && ch == '\\' && cursor.peek() == Some('\\') {
        cursor.next();
    }
    if cursor.peek() != Some(ch) {
        return None;
    }
    let at = cursor.pos();
    cursor.next();
    // `''` in single quotes is one quote character.
    if quote == Some('\'') && ch == '\'' && cursor.peek() == Some('\'') {
        cursor.next();
    }
    Some(at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use serde_saphyr::Spanned;

    #[derive(Deserialize)]
    struct Doc {
        text: Spanned<String>,
    }

    /// Parse `yaml` the way a caller would and build the locator from the
    /// span serde-saphyr reports, so these tests also pin what that span is.
    fn locator(yaml: &str) -> (String, TextLocator) {
        let doc: Doc = serde_saphyr::from_str(yaml).unwrap();
        let (line, col) = (
            doc.text.referenced.line() as usize,
            doc.text.referenced.column() as usize,
        );
        let loc = TextLocator::yaml_scalar(yaml, &doc.text.value, line, col);
        (doc.text.value, loc)
    }

    fn pos_of(text: &str, loc: &TextLocator, needle: char) -> (usize, usize) {
        let i = text.chars().position(|c| c == needle).unwrap();
        loc.locate(i)
    }

    #[test]
    fn plain_scalar() {
        let (t, loc) = locator("id: x\ntext: Hello ~ there\n");
        assert_eq!(pos_of(&t, &loc, '~'), (2, 13));
        assert_eq!(loc.locate(0), (2, 7));
    }

    #[test]
    fn literal_block_scalar_maps_lines() {
        let yaml = "text: |\n  Dear patient,\n  please call ~ us.\n";
        let (t, loc) = locator(yaml);
        assert_eq!(t, "Dear patient,\nplease call ~ us.\n");
        assert_eq!(pos_of(&t, &loc, '~'), (3, 15));
        assert_eq!(loc.locate(0), (2, 3));
    }

    #[test]
    fn folded_block_scalar_with_header_comment() {
        let yaml = "text: >- # ~ not this one\n    Dear patient,\n    call ~ us.\n";
        let (t, loc) = locator(yaml);
        assert_eq!(t, "Dear patient, call ~ us.");
        assert_eq!(pos_of(&t, &loc, '~'), (3, 10));
    }

    #[test]
    fn quoted_scalars_skip_quotes_and_simple_escapes() {
        let (t, loc) = locator("text: 'It''s ~ here'\n");
        assert_eq!(t, "It's ~ here");
        assert_eq!(pos_of(&t, &loc, '~'), (1, 14));
        let (t, loc) = locator("text: \"say \\\"hi\\\" ~\"\n");
        assert_eq!(t, "say \"hi\" ~");
        assert_eq!(pos_of(&t, &loc, '~'), (1, 19));
    }

    #[test]
    fn unknown_escape_falls_back_to_scalar_start() {
        let (t, loc) = locator("text: \"a\\u2019b ~\"\n");
        assert_eq!(t, "a\u{2019}b ~");
        assert_eq!(loc.locate(0), (1, 8));
        assert_eq!(pos_of(&t, &loc, '~'), (1, 7));
    }

    #[test]
    fn verbatim_and_out_of_range() {
        let loc = TextLocator::verbatim("ab\ncd", 5, 3);
        assert_eq!(loc.locate(1), (5, 4));
        assert_eq!(loc.locate(3), (6, 1));
        assert_eq!(loc.locate(99), (5, 3));
        // A position past the end of the file must not panic.
        let loc = TextLocator::yaml_scalar("a: b", "b", 40, 40);
        assert_eq!(loc.locate(0), (40, 40));
    }
}
