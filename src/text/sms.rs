//! Counting text messages (SMS) as phones send them.
//!
//! Phones send a message in one of two encodings. GSM-7 (the GSM 03.38
//! default alphabet) fits 160 characters in one text, or 153 per part when
//! the message is split (the other 7 go on the header that glues parts back
//! together). A single character outside that alphabet — a curly quote
//! pasted from a word processor, an emoji — switches the *whole* message to
//! UCS-2: 70 characters, or 67 per part. Each part is billed, so one stray
//! `’` can triple the cost of a message sent to thousands of patients.
//!
//! [`analyse`] does the counting, for the `sms` rule (`check::sms::lint`)
//! and for the counts shown on the text-message pages, so the two agree.

/// The placeholder a message may use for the practice's name. The lint
/// counts it as [`PRACTICE_CHARS`] characters, and its braces are not
/// reported as GSM extension characters: they never reach the phone.
pub const PRACTICE_PLACEHOLDER: &str = "{practice}";

/// How many characters `{practice}` is counted as: room for a long practice
/// name ("The Old Surgery and Riverside Medical Centre" is 44). A longer
/// name can add a text; see docs/checks.md.
pub const PRACTICE_CHARS: usize = 40;

/// The text with each `{practice}` made plain GSM-7 characters of the same
/// length (`(practice)`), so character findings keep their positions.
pub fn mask_placeholders(text: &str) -> String {
    text.replace(PRACTICE_PLACEHOLDER, "(practice)")
}

/// The text as a phone receives it, with a practice name of
/// [`PRACTICE_CHARS`] characters in place of each `{practice}`.
pub fn expand_placeholders(text: &str) -> String {
    text.replace(PRACTICE_PLACEHOLDER, &"x".repeat(PRACTICE_CHARS))
}

/// Count a message as a phone receives it: each `{practice}` filled with a
/// practice name of [`PRACTICE_CHARS`] characters, as `check::sms::lint` counts it. The
/// text-message page shows these figures, so a reader sees the counts the
/// check enforces.
pub fn analyse_as_sent(text: &str) -> SmsStats {
    analyse(&expand_placeholders(text))
}

/// Whether a message uses the `{practice}` placeholder.
pub fn has_practice_placeholder(text: &str) -> bool {
    text.contains(PRACTICE_PLACEHOLDER)
}

/// GOV.UK Notify rejects text messages longer than this (counted in GSM-7
/// units, so extension characters count twice).
pub const NOTIFY_MAX_CHARS: usize = 918;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Gsm7,
    Ucs2,
}

impl Encoding {
    /// Units that fit in a message sent as one text.
    pub fn single_limit(self) -> usize {
        match self {
            Encoding::Gsm7 => 160,
            Encoding::Ucs2 => 70,
        }
    }

    /// Units per part once a message is split (the rest of each part holds
    /// the concatenation header).
    pub fn part_limit(self) -> usize {
        match self {
            Encoding::Gsm7 => 153,
            Encoding::Ucs2 => 67,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Encoding::Gsm7 => "GSM-7",
            Encoding::Ucs2 => "UCS-2",
        }
    }
}

/// One character of the message and where it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CharAt {
    pub ch: char,
    /// 0-based character offset into the message (for the `check::locate`
    /// text locator).
    pub offset: usize,
    /// 1-based line within the message.
    pub line: usize,
    /// 1-based character column within that line.
    pub column: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmsStats {
    pub encoding: Encoding,
    /// Length as the network counts it: GSM-7 septets (extension characters
    /// take two) or UTF-16 code units for UCS-2 (an emoji outside the Basic
    /// Multilingual Plane takes two).
    pub units: usize,
    /// Unicode characters, as a person would count them.
    pub characters: usize,
    /// Texts the message is sent as; 0 for an empty message.
    pub segments: usize,
    /// The first character outside the GSM-7 alphabet: the reason the message
    /// is UCS-2. `None` exactly when the encoding is GSM-7.
    pub first_non_gsm: Option<CharAt>,
    /// Every character outside the GSM-7 alphabet, in order.
    pub non_gsm: Vec<CharAt>,
    /// GSM-7 extension characters (`^ { } \ [ ] ~ | €` and form feed). They
    /// cost two units only while the message is GSM-7.
    pub extension_chars: Vec<CharAt>,
}

/// Count a message. Never panics; an empty message is GSM-7 with 0 segments.
pub fn analyse(text: &str) -> SmsStats {
    let mut non_gsm = Vec::new();
    let mut extension_chars = Vec::new();
    let mut gsm_units = 0;
    let mut characters = 0;
    let (mut line, mut column) = (1, 1);
    for (offset, ch) in text.chars().enumerate() {
        characters += 1;
        let at = CharAt {
            ch,
            offset,
            line,
            column,
        };
        if is_gsm_basic(ch) {
            gsm_units += 1;
        } else if is_gsm_extension(ch) {
            gsm_units += 2;
            extension_chars.push(at);
        } else {
            non_gsm.push(at);
        }
        if ch == '\n' {
            line += 1;
            column = 1;
        } else {
            column += 1;
        }
    }
    let (encoding, units) = if non_gsm.is_empty() {
        (Encoding::Gsm7, gsm_units)
    } else {
        (Encoding::Ucs2, text.encode_utf16().count())
    };
    SmsStats {
        encoding,
        units,
        characters,
        segments: segments(encoding, units),
        first_non_gsm: non_gsm.first().copied(),
        non_gsm,
        extension_chars,
    }
}

/// Texts needed for `units` in `encoding`.
///
/// This is the count providers bill by (GOV.UK Notify's fragment count).
/// Some handsets avoid splitting an escape pair or a surrogate pair across
/// parts and so may occasionally use one more part; we report the billed
/// figure, which is what a max_segments budget is about.
pub fn segments(encoding: Encoding, units: usize) -> usize {
    match units {
        0 => 0,
        n if n <= encoding.single_limit() => 1,
        n => n.div_ceil(encoding.part_limit()),
    }
}

/// The GSM 03.38 default alphabet, in table order (0x00-0x7F, without the
/// 0x1B escape). Note `@` at 0x00 and capital `Ç` at 0x09.
pub fn is_gsm_basic(c: char) -> bool {
    matches!(c,
        '@' | '£' | '$' | '¥' | 'è' | 'é' | 'ù' | 'ì' | 'ò' | 'Ç' | '\n' | 'Ø' | 'ø' | '\r' | 'Å' | 'å'
        | 'Δ' | '_' | 'Φ' | 'Γ' | 'Λ' | 'Ω' | 'Π' | 'Ψ' | 'Σ' | 'Θ' | 'Ξ' | 'Æ' | 'æ' | 'ß' | 'É'
        | ' ' | '!' | '"' | '#' | '¤' | '%' | '&' | '\'' | '(' | ')' | '*' | '+' | ',' | '-' | '.' | '/'
        | '0'..='9' | ':' | ';' | '<' | '=' | '>' | '?'
        | '¡' | 'A'..='Z' | 'Ä' | 'Ö' | 'Ñ' | 'Ü' | '§'
        | '¿' | 'a'..='z' | 'ä' | 'ö' | 'ñ' | 'ü' | 'à')
}

/// The GSM 03.38 extension table: sent as escape + character, so two units.
pub fn is_gsm_extension(c: char) -> bool {
    matches!(
        c,
        '^' | '{' | '}' | '\\' | '[' | ']' | '~' | '|' | '€' | '\u{000C}'
    )
}

/// A GSM-7 stand-in for common characters that sneak in from word
/// processors, with a name for the report.
pub fn replacement(c: char) -> Option<(&'static str, &'static str)> {
    Some(match c {
        '\u{2018}' => ("left curly quote", "'"),
        '\u{2019}' => ("curly quote (apostrophe)", "'"),
        '\u{201C}' => ("left curly double quote", "\""),
        '\u{201D}' => ("right curly double quote", "\""),
        '\u{2013}' => ("en dash", "-"),
        '\u{2014}' => ("em dash", "-"),
        '\u{2026}' => ("ellipsis", "..."),
        '\u{00A0}' => ("non-breaking space", " "),
        '\u{2022}' => ("bullet", "-"),
        '\t' => ("tab", " "),
        'ç' => ("c with cedilla", "c"),
        'á' => ("a with acute accent", "a"),
        'í' => ("i with acute accent", "i"),
        'ó' => ("o with acute accent", "o"),
        'ú' => ("u with acute accent", "u"),
        'ê' => ("e with circumflex", "e"),
        'ë' => ("e with diaeresis", "e"),
        _ => return None,
    })
}

/// How to name a character in a message: `’ (curly quote (apostrophe), U+2019)`.
pub fn describe(c: char) -> String {
    let code = format!("U+{:04X}", u32::from(c));
    match replacement(c) {
        Some((name, _)) if c.is_whitespace() => format!("{name} ({code})"),
        Some((name, _)) => format!("the {name} {c} ({code})"),
        None if c.is_control() || c.is_whitespace() => format!("the character {code}"),
        None => format!("the character {c} ({code})"),
    }
}

/// The text with every known stand-in applied, to say what fixing it buys.
pub fn with_replacements(text: &str) -> String {
    text.chars()
        .map(|c| replacement(c).map_or_else(|| c.to_string(), |(_, r)| r.to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units(text: &str) -> usize {
        analyse(text).units
    }

    #[test]
    fn every_basic_gsm_character_is_one_unit() {
        let basic = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?\
                     ¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
        // 128 table positions minus the escape at 0x1B.
        assert_eq!(basic.chars().count(), 127);
        let s = analyse(basic);
        assert_eq!(s.encoding, Encoding::Gsm7);
        assert_eq!(s.units, 127);
        assert!(s.extension_chars.is_empty());
        assert_eq!(s.first_non_gsm, None);
    }

    #[test]
    fn extension_characters_count_two() {
        let ext = "^{}\\[]~|€\u{000C}";
        let s = analyse(ext);
        assert_eq!(s.encoding, Encoding::Gsm7);
        assert_eq!(s.characters, 10);
        assert_eq!(s.units, 20);
        assert_eq!(s.extension_chars.len(), 10);
        assert_eq!(units("Cost: 5€"), 9);
    }

    #[test]
    fn look_alikes_are_not_gsm() {
        // Lower-case ç, Ω as the ohm sign, the Greek small letters, backtick.
        for c in ['ç', '\u{2126}', 'α', '`', 'Ê', 'â', '\t', '\u{00A0}'] {
            assert_eq!(analyse(&c.to_string()).encoding, Encoding::Ucs2, "{c:?}");
        }
    }

    #[test]
    fn ucs2_counts_utf16_units_and_surrogate_pairs() {
        let s = analyse("Hi 😀");
        assert_eq!(s.encoding, Encoding::Ucs2);
        assert_eq!(s.characters, 4);
        assert_eq!(s.units, 5);
        // Extension characters cost one unit once the message is UCS-2.
        assert_eq!(units("€😀"), 3);
        assert_eq!(analyse(&"😀".repeat(35)).segments, 1);
        assert_eq!(analyse(&"😀".repeat(36)).segments, 2);
    }

    #[test]
    fn empty_message_has_no_segments() {
        let s = analyse("");
        assert_eq!((s.encoding, s.units, s.segments), (Encoding::Gsm7, 0, 0));
    }

    #[test]
    fn gsm_segment_edges() {
        let seg = |n: usize| analyse(&"a".repeat(n)).segments;
        assert_eq!(seg(1), 1);
        assert_eq!(seg(160), 1);
        assert_eq!(seg(161), 2);
        assert_eq!(seg(306), 2);
        assert_eq!(seg(307), 3);
        assert_eq!(seg(459), 3);
        assert_eq!(seg(460), 4);
        // An extension character at the edge tips it over.
        assert_eq!(analyse(&format!("{}€", "a".repeat(158))).segments, 1);
        assert_eq!(analyse(&format!("{}€", "a".repeat(159))).segments, 2);
    }

    #[test]
    fn ucs2_segment_edges() {
        // One curly quote plus n-1 letters: n UCS-2 units.
        let seg = |n: usize| analyse(&format!("\u{2019}{}", "a".repeat(n - 1))).segments;
        assert_eq!(seg(70), 1);
        assert_eq!(seg(71), 2);
        assert_eq!(seg(134), 2);
        assert_eq!(seg(135), 3);
        assert_eq!(seg(201), 3);
        assert_eq!(seg(202), 4);
    }
}
