//! Splitting text into tokens and sentences, with byte-class tables.

/// Words after which a full stop does not end a sentence.
pub(super) const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "vs", "e.g", "i.e", "cf", "approx", "eg", "ie", "no",
];

/// The length of the longest of [`ABBREVIATIONS`] (checked by a test).
pub(super) const ABBREVIATION_MAX_LEN: usize = 6;

/// Closing punctuation that may follow a sentence's full stop.
pub(super) fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | ')' | ']' | '’' | '”' | '»')
}

pub(super) fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?')
}

/// A whitespace-separated token of the text (as `str::split_whitespace`
/// splits), by byte offsets.
#[derive(Debug, PartialEq)]
pub(super) struct Token {
    pub(super) start: usize,
    pub(super) end: usize,
    /// Its word: from its first to its last letter or digit (surrounding
    /// punctuation left out); `None` when it has none (a dash).
    pub(super) word: Option<(usize, usize)>,
    /// A sentence ends after this token: a line break follows it, it is
    /// the last, or it ends with `.`, `!` or `?` (then any closing quotes or
    /// brackets) and that is not an abbreviation's full stop.
    pub(super) ends_sentence: bool,
}

/// The tokens of a text, each with its word and whether it ends a sentence.
///
/// Sentences, tokens and words are found in one pass over the bytes: a
/// sentence can only end at whitespace (a line break, or a terminator
/// followed by whitespace or the end), so every sentence is a run of whole
/// tokens and the words of a sentence are the words of its tokens.
pub(super) struct Tokens<'a> {
    text: &'a str,
    /// Byte offset of the next token (the end of the text after the last):
    /// the whitespace before a token is skipped with the token before it.
    at: usize,
}

impl<'a> Tokens<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        let (at, _) = skip_whitespace(text, 0);
        Tokens { text, at }
    }
}

impl Iterator for Tokens<'_> {
    type Item = Token;

    /// Inlined into [`Sentences::of`]'s loop: a call per token, and the token
    /// handed back through memory, cost more than scanning a short word.
    #[inline(always)]
    fn next(&mut self) -> Option<Token> {
        let start = self.at;
        if start == self.text.len() {
            return None;
        }
        let (end, word) = scan_token(self.text, start);
        let (next, line_break) = skip_whitespace(self.text, end);
        self.at = next;
        // A token ending in a letter or digit cannot end a sentence by
        // its punctuation; that is most tokens.
        let ends_sentence = line_break
            || next == self.text.len()
            || (word.is_none_or(|(_, word_end)| word_end < end)
                && token_ends_sentence(&self.text[start..end], &self.text[end..]));
        Some(Token {
            start,
            end,
            word,
            ends_sentence,
        })
    }
}

/// How a byte reads in [`scan_token`] and [`skip_whitespace`].
#[derive(Clone, Copy, PartialEq)]
pub(super) enum ByteClass {
    /// ASCII whitespace (`char::is_whitespace`, which unlike
    /// `u8::is_ascii_whitespace` includes the vertical tab).
    Space,
    /// An ASCII letter or digit.
    Alphanumeric,
    /// Other ASCII: punctuation, symbols, control characters.
    Other,
    /// The first byte of a longer character, which must be decoded.
    Lead,
}

/// Bytes, not chars: nearly all of a page is ASCII, and an ASCII byte in
/// UTF-8 is always a whole character, so only other characters need
/// decoding. A table, because this is asked of every byte of every patient
/// page in each build.
pub(super) const BYTE_CLASS: [ByteClass; 256] = {
    let mut table = [ByteClass::Lead; 256];
    let mut b = 0;
    while b < 128 {
        let byte = b as u8;
        table[b] = if matches!(byte, b' ' | b'\t'..=b'\r') {
            ByteClass::Space
        } else if byte.is_ascii_alphanumeric() {
            ByteClass::Alphanumeric
        } else {
            ByteClass::Other
        };
        b += 1;
    }
    table
};

/// The character starting at byte `at` (a char boundary), and its class.
pub(super) fn decode(text: &str, at: usize) -> (char, ByteClass) {
    let c = text[at..].chars().next().expect("a character starts here");
    let class = if c.is_whitespace() {
        ByteClass::Space
    } else if c.is_alphanumeric() {
        ByteClass::Alphanumeric
    } else {
        ByteClass::Other
    };
    (c, class)
}

/// The first non-whitespace offset at or after `at` (a char boundary), and
/// whether a line break was skipped.
pub(super) fn skip_whitespace(text: &str, mut at: usize) -> (usize, bool) {
    let bytes = text.as_bytes();
    let mut line_break = false;
    while let Some(&b) = bytes.get(at) {
        match BYTE_CLASS[usize::from(b)] {
            ByteClass::Space => {
                line_break |= b == b'\n';
                at += 1;
            }
            ByteClass::Lead => match decode(text, at) {
                (c, ByteClass::Space) => at += c.len_utf8(),
                _ => break,
            },
            _ => break,
        }
    }
    (at, line_break)
}

/// The end of the token starting at `at` (the next whitespace, or the end
/// of the text), and the span from its first to its last letter or digit:
/// what trimming everything else from both ends leaves.
pub(super) fn scan_token(text: &str, mut at: usize) -> (usize, Option<(usize, usize)>) {
    let bytes = text.as_bytes();
    // Where the first letter or digit starts (`usize::MAX` until one is
    // met) and the last one ends. This runs for every byte of every patient
    // page.
    let mut first = usize::MAX;
    let mut last = 0;
    while let Some(&b) = bytes.get(at) {
        match BYTE_CLASS[usize::from(b)] {
            ByteClass::Alphanumeric => {
                first = first.min(at);
                // The rest of a run of ASCII letters and digits (most of a
                // word) in the tightest loop.
                at += 1;
                while bytes
                    .get(at)
                    .is_some_and(|&b| BYTE_CLASS[usize::from(b)] == ByteClass::Alphanumeric)
                {
                    at += 1;
                }
                last = at;
            }
            ByteClass::Other => at += 1,
            ByteClass::Space => break,
            ByteClass::Lead => {
                let (c, class) = decode(text, at);
                match class {
                    ByteClass::Space => break,
                    ByteClass::Alphanumeric => {
                        first = first.min(at);
                        at += c.len_utf8();
                        last = at;
                    }
                    _ => at += c.len_utf8(),
                }
            }
        }
    }
    (at, (first != usize::MAX).then_some((first, last)))
}

/// A token followed by whitespace ends a sentence when it ends with a run
/// of `.`, `!`, `?` and closing quotes or brackets that holds a terminator,
/// unless the run's first terminator is an abbreviation's full stop (see
/// [`full_stop_ends_sentence`]; `after` is the text after the token).
pub(super) fn token_ends_sentence(token: &str, after: &str) -> bool {
    let mut first_terminator = None;
    for (i, c) in token.char_indices().rev() {
        if is_terminator(c) {
            first_terminator = Some((i, c));
        } else if !is_closer(c) {
            break;
        }
    }
    match first_terminator {
        None => false,
        Some((at, '.')) => full_stop_ends_sentence(&token[..at], after),
        Some(_) => true,
    }
}

/// A full stop ends a sentence unless it closes a known abbreviation or
/// the next word starts with a lower-case letter ("e.g. the", "approx.
/// five"). `before` is its token up to the stop, `after` the text after the
/// token.
pub(super) fn full_stop_ends_sentence(before: &str, after: &str) -> bool {
    // This runs at every full stop of every patient page, so bytes are
    // searched rather than chars (the characters sought are ASCII, so the
    // cuts fall on char boundaries) and nothing is allocated.
    // The word is the token's end, after any opening bracket.
    let word = match before.bytes().rposition(|b| b == b'(') {
        Some(i) => &before[i + 1..],
        None => before,
    };
    if word.len() <= ABBREVIATION_MAX_LEN
        && ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word))
    {
        return false;
    }
    let spaces = after
        .bytes()
        .take_while(|&b| b == b' ' || b == b'\t')
        .count();
    let next = after[spaces..].chars().next();
    !next.is_some_and(char::is_lowercase)
}
