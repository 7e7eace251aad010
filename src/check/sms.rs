//! Text message (SMS) rules for GP practice messages in `data/sms.yaml`.
//!
//! Phones send a message in one of two encodings. GSM-7 (the GSM 03.38
//! default alphabet) fits 160 characters in one text, or 153 per part when
//! the message is split (the other 7 go on the header that glues parts back
//! together). A single character outside that alphabet — a curly quote
//! pasted from a word processor, an emoji — switches the *whole* message to
//! UCS-2: 70 characters, or 67 per part. Each part is billed, so one stray
//! `’` can triple the cost of a message sent to thousands of patients.
//!
//! [`analyse`] does the counting; [`lint`] turns the counts into
//! [`Diagnostic`]s that point at the YAML the author edits.

use crate::diagnostic::Diagnostic;

/// Rule name on every diagnostic from this module.
pub const RULE: crate::rule::Rule = crate::rule::Rule::Sms;

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
fn mask_placeholders(text: &str) -> String {
    text.replace(PRACTICE_PLACEHOLDER, "(practice)")
}

/// The text as a phone receives it, with a practice name of
/// [`PRACTICE_CHARS`] characters in place of each `{practice}`.
fn expand_placeholders(text: &str) -> String {
    text.replace(PRACTICE_PLACEHOLDER, &"x".repeat(PRACTICE_CHARS))
}

/// Count a message as a phone receives it: each `{practice}` filled with a
/// practice name of [`PRACTICE_CHARS`] characters, as [`lint`] counts it. The
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
    /// 0-based character offset into the message (for a [`TextLocator`]).
    ///
    /// [`TextLocator`]: super::locate::TextLocator
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
fn is_gsm_basic(c: char) -> bool {
    matches!(c,
        '@' | '£' | '$' | '¥' | 'è' | 'é' | 'ù' | 'ì' | 'ò' | 'Ç' | '\n' | 'Ø' | 'ø' | '\r' | 'Å' | 'å'
        | 'Δ' | '_' | 'Φ' | 'Γ' | 'Λ' | 'Ω' | 'Π' | 'Ψ' | 'Σ' | 'Θ' | 'Ξ' | 'Æ' | 'æ' | 'ß' | 'É'
        | ' ' | '!' | '"' | '#' | '¤' | '%' | '&' | '\'' | '(' | ')' | '*' | '+' | ',' | '-' | '.' | '/'
        | '0'..='9' | ':' | ';' | '<' | '=' | '>' | '?'
        | '¡' | 'A'..='Z' | 'Ä' | 'Ö' | 'Ñ' | 'Ü' | '§'
        | '¿' | 'a'..='z' | 'ä' | 'ö' | 'ñ' | 'ü' | 'à')
}

/// The GSM 03.38 extension table: sent as escape + character, so two units.
fn is_gsm_extension(c: char) -> bool {
    matches!(
        c,
        '^' | '{' | '}' | '\\' | '[' | ']' | '~' | '|' | '€' | '\u{000C}'
    )
}

/// A GSM-7 stand-in for common characters that sneak in from word
/// processors, with a name for the report.
fn replacement(c: char) -> Option<(&'static str, &'static str)> {
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
fn describe(c: char) -> String {
    let code = format!("U+{:04X}", u32::from(c));
    match replacement(c) {
        Some((name, _)) if c.is_whitespace() => format!("{name} ({code})"),
        Some((name, _)) => format!("the {name} {c} ({code})"),
        None if c.is_control() || c.is_whitespace() => format!("the character {code}"),
        None => format!("the character {c} ({code})"),
    }
}

/// The text with every known stand-in applied, to say what fixing it buys.
fn with_replacements(text: &str) -> String {
    text.chars()
        .map(|c| replacement(c).map_or_else(|| c.to_string(), |(_, r)| r.to_string()))
        .collect()
}

/// A message as declared in `data/sms.yaml`.
#[derive(Debug, Clone, Copy)]
pub struct Message<'a> {
    /// The message's id, used in diagnostics ("message `invite`").
    pub id: &'a str,
    pub text: &'a str,
    /// The author's budget of texts; `None` means only the Notify limit applies.
    pub max_segments: Option<usize>,
}

/// Check one message. `locate` maps a 0-based character offset in
/// `message.text` to a 1-based (line, column) in `file_text`; build it with
/// [`TextLocator`] (`|i| locator.locate(i)`) so a finding inside a block
/// scalar points at the right line of the YAML.
///
/// Findings: over max_segments and over 918 characters are errors, as are
/// links that are not full https URLs; UCS-2 and extension characters are
/// warnings, each naming the character and where it is.
///
/// [`TextLocator`]: super::locate::TextLocator
pub fn lint(
    file: &str,
    file_text: &str,
    message: &Message<'_>,
    locate: impl Fn(usize) -> (usize, usize),
) -> Vec<Diagnostic> {
    // Characters are judged where the author wrote them; length is judged
    // on the message as sent, with the practice's name filled in.
    let masked = mask_placeholders(message.text);
    let expanded = expand_placeholders(message.text);
    let stats = analyse(&masked);
    let sent = analyse_as_sent(message.text);
    let id = message.id;
    let at = |d: Diagnostic, offset: usize, width: usize| {
        let (line, col) = locate(offset);
        d.at(file_text, line, col).width(width).rule(RULE)
    };
    let first_line_width = message.text.lines().next().map_or(1, |l| l.chars().count());
    let mut out = Vec::new();

    if let Some(max) = message.max_segments
        && sent.segments > max
    {
        let mut hint = format!(
            "shorten it to at most {} {} characters, or raise max_segments",
            limit_for(stats.encoding, max),
            stats.encoding.name()
        );
        if stats.encoding == Encoding::Ucs2 {
            let fixed = analyse(&with_replacements(&expanded));
            if fixed.encoding == Encoding::Gsm7 {
                hint = format!(
                    "replacing curly quotes, dashes and other look-alikes with plain ones makes it GSM-7 and {} {}; {hint}",
                    fixed.segments,
                    plural(fixed.segments, "text", "texts")
                );
            }
        }
        out.push(
            at(
                Diagnostic::error(
                    file,
                    format!(
                        "message `{id}` is sent as {} {} ({} {} units{}) but max_segments is {max}",
                        sent.segments,
                        plural(sent.segments, "text", "texts"),
                        sent.units,
                        stats.encoding.name(),
                        if expanded.len() == message.text.len() {
                            String::new()
                        } else {
                            format!(", counting {{practice}} as {PRACTICE_CHARS} characters")
                        }
                    ),
                ),
                0,
                first_line_width,
            )
            .hint(hint),
        );
    }

    if sent.units > NOTIFY_MAX_CHARS {
        out.push(
            at(
                Diagnostic::error(
                    file,
                    format!(
                        "message `{id}` is {} characters long; GOV.UK Notify sends at most {NOTIFY_MAX_CHARS}",
                        sent.units
                    ),
                ),
                0,
                first_line_width,
            )
            .hint("split it into two messages or link to a page with the details"),
        );
    }

    for link in find_bad_links(&masked) {
        let width = link.text.chars().count();
        let (msg, hint) = match link.problem {
            LinkProblem::Http => (
                format!("message `{id}` links to `{}` over plain http", link.text),
                format!(
                    "use https://{}; NHS guidance is to send full https links",
                    &link.text["http://".len()..]
                ),
            ),
            LinkProblem::NoScheme => (
                format!(
                    "message `{id}` has a link without https:// (`{}`)",
                    link.text
                ),
                format!(
                    "write the full URL, https://{}, so every phone makes it a link and it is harder to spoof",
                    link.text
                ),
            ),
            LinkProblem::NoHost => (
                format!("message `{id}` has an incomplete link `{}`", link.text),
                "a link needs a full domain name, such as https://www.nhs.uk/".to_string(),
            ),
        };
        out.push(at(Diagnostic::error(file, msg), link.offset, width).hint(hint));
    }

    if let Some(first) = stats.first_non_gsm {
        let others = stats.non_gsm.len() - 1;
        let what = format!(
            "{} at line {}, column {} of message `{id}` turns the whole message into UCS-2",
            describe(first.ch),
            first.line,
            first.column,
        );
        let gsm = segments(Encoding::Gsm7, gsm_units_if_replaced(&expanded));
        let mut msg = if sent.segments > gsm {
            format!(
                "{what}: {} texts where GSM-7 would need {gsm}",
                sent.segments
            )
        } else {
            format!("{what} (70 characters per text instead of 160)")
        };
        if others > 0 {
            msg.push_str(&format!(
                " ({others} more non-GSM {} after it)",
                plural(others, "character", "characters")
            ));
        }
        let hint = match replacement(first.ch) {
            Some((_, r)) => format!(
                "replace curly quotes with straight ones (' and \"), and this character with `{r}`"
            ),
            None => "replace curly quotes with straight ones (' and \") and remove emoji and symbols outside the GSM alphabet".to_string(),
        };
        out.push(at(Diagnostic::warning(file, msg), first.offset, 1).hint(hint));
    }

    if stats.encoding == Encoding::Gsm7 && !stats.extension_chars.is_empty() {
        let first = stats.extension_chars[0];
        let list = stats
            .extension_chars
            .iter()
            .map(|c| format!("{} at {}:{}", show(c.ch), c.line, c.column))
            .collect::<Vec<_>>()
            .join(", ");
        out.push(
            at(
                Diagnostic::warning(
                    file,
                    format!(
                        "message `{id}` has {} GSM extension {} that count as two: {list}",
                        stats.extension_chars.len(),
                        plural(stats.extension_chars.len(), "character", "characters")
                    ),
                ),
                first.offset,
                1,
            )
            .hint("reword without ^ { } \\ [ ] ~ | € where you can; some older phones also show them wrongly"),
        );
    }
    out
}

/// GSM units the text would take if it were GSM-7 with look-alikes replaced
/// and any remaining non-GSM character counted as one: an estimate of the
/// cost the author could get back.
fn gsm_units_if_replaced(text: &str) -> usize {
    with_replacements(text)
        .chars()
        .map(|c| if is_gsm_extension(c) { 2 } else { 1 })
        .sum()
}

fn show(c: char) -> String {
    if c == '\u{000C}' {
        "form feed".to_string()
    } else {
        format!("`{c}`")
    }
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

/// Most units that fit in `max` segments.
fn limit_for(encoding: Encoding, max: usize) -> usize {
    match max {
        0 => 0,
        1 => encoding.single_limit(),
        n => n * encoding.part_limit(),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LinkProblem {
    /// `http://…`
    Http,
    /// `www.example.org` or `example.org/path`: phones may not link it.
    NoScheme,
    /// `https://` with no proper domain after it.
    NoHost,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct BadLink<'a> {
    text: &'a str,
    /// 0-based character offset in the message.
    offset: usize,
    problem: LinkProblem,
}

/// Top-level domains we treat as a sign that a bare word is a web address.
/// Kept short on purpose: "e.g." or "file.txt" must not look like links.
const TLDS: &[&str] = &[
    "uk", "com", "org", "net", "gov", "nhs", "info", "io", "co", "online", "scot", "wales",
    "cymru", "london", "eu", "ie", "app", "health", "care", "me", "ly",
];

fn find_bad_links(text: &str) -> Vec<BadLink<'_>> {
    let mut out = Vec::new();
    let mut offset = 0;
    let mut rest = text;
    // Walk whitespace-separated words, keeping the character offset.
    while !rest.is_empty() {
        let ws = rest.len() - rest.trim_start().len();
        offset += rest[..ws].chars().count();
        rest = &rest[ws..];
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let word = &rest[..end];
        if let Some((lead, token)) = link_token(word) {
            let lower = token.to_ascii_lowercase();
            let problem = if lower.starts_with("http://") {
                Some(LinkProblem::Http)
            } else if let Some(after) = lower.strip_prefix("https://") {
                (!has_domain(after)).then_some(LinkProblem::NoHost)
            } else if lower.starts_with("www.") || looks_like_domain(&lower) {
                Some(LinkProblem::NoScheme)
            } else {
                None
            };
            if let Some(problem) = problem {
                out.push(BadLink {
                    text: token,
                    offset: offset + lead,
                    problem,
                });
            }
        }
        offset += word.chars().count();
        rest = &rest[end..];
    }
    out
}

/// Strip the punctuation a sentence wraps around a link: `(www.x.org).`
/// Returns the number of characters stripped from the front and the link.
fn link_token(word: &str) -> Option<(usize, &str)> {
    let start = word.trim_start_matches(['(', '<', '"', '\'', '[']);
    let lead = word.len() - start.len();
    let token = start.trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '>', '"', '\'', ']']);
    (!token.is_empty()).then_some((word[..lead].chars().count(), token))
}

/// `host[/path]` where host has a dot-separated label and an alphabetic TLD.
fn has_domain(after_scheme: &str) -> bool {
    let host = after_scheme
        .split(['/', '?', '#'])
        .next()
        .unwrap_or("")
        .split(':')
        .next()
        .unwrap_or("");
    let labels: Vec<&str> = host.split('.').collect();
    labels.len() >= 2
        && labels
            .iter()
            .all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        && labels
            .last()
            .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()))
}

/// A bare `nhs.uk/acp` or `example.org`: a domain with a known TLD.
fn looks_like_domain(lower: &str) -> bool {
    if lower.contains('@') || !has_domain(lower) {
        return false;
    }
    let host = lower.split(['/', '?', '#', ':']).next().unwrap_or("");
    host.rsplit('.')
        .next()
        .is_some_and(|tld| TLDS.contains(&tld))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::locate::TextLocator;

    fn units(text: &str) -> usize {
        analyse(text).units
    }

    fn lint_one(text: &str, max_segments: Option<usize>) -> Vec<Diagnostic> {
        let yaml = format!("text: {text}\n");
        let m = Message {
            id: "m",
            text,
            max_segments,
        };
        lint("data/sms.yaml", &yaml, &m, |i| (1, 7 + i))
    }

    #[test]
    fn the_practice_placeholder_is_understood() {
        // Its braces never reach the phone, so they are not extension characters.
        let d = lint_one("Hello from {practice}. Call us.", Some(1));
        assert!(d.is_empty(), "{d:?}");
        // It is counted as a long practice name: 120 + 40 - 10 = 150 fits in
        // one text, 130 + 40 - 10 = 160 still does, 131 does not.
        let base = |n: usize| format!("{{practice}}{}", "a".repeat(n - 10));
        assert!(lint_one(&base(130), Some(1)).is_empty());
        let d = lint_one(&base(131), Some(1));
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(
            d[0].message
                .contains("counting {practice} as 40 characters"),
            "{}",
            d[0].message
        );
        // Other braces are still reported, at their own column.
        let d = lint_one("Hello {name} from {practice}.", None);
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(
            d[0].message.contains("2 GSM extension characters"),
            "{}",
            d[0].message
        );
        assert_eq!(d[0].column, 7 + 6);
    }

    #[test]
    fn the_counts_shown_to_readers_are_the_counts_the_lint_enforces() {
        // 131 characters around {practice} (10 characters as written) make
        // 161 characters as sent: 2 texts, and the lint says so.
        let text = format!("{{practice}}{}", "a".repeat(121));
        let shown = analyse_as_sent(&text);
        assert_eq!(shown.characters, 161);
        assert_eq!(shown.units, 161);
        assert_eq!(shown.encoding, Encoding::Gsm7);
        assert_eq!(shown.segments, 2);
        assert!(shown.extension_chars.is_empty(), "braces are not sent");
        let d = lint_one(&text, Some(1));
        assert!(
            d[0].message.contains("sent as 2 texts (161 GSM-7 units"),
            "{}",
            d[0].message
        );
        // Counted as written, the same text looked like one text of 133 units.
        assert_eq!(analyse(&text).segments, 1);
        // Without the placeholder nothing changes.
        assert_eq!(analyse_as_sent("Hello"), analyse("Hello"));
        assert!(has_practice_placeholder(&text) && !has_practice_placeholder("Hi {name}"));
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

    #[test]
    fn a_curly_quote_switches_to_ucs2_and_is_reported_with_its_column() {
        let text = "Your GP would like to talk about planning ahead. We’re here Mon-Fri.";
        let s = analyse(text);
        assert_eq!(s.encoding, Encoding::Ucs2);
        let first = s.first_non_gsm.unwrap();
        assert_eq!(first.ch, '\u{2019}');
        assert_eq!((first.line, first.column), (1, 52));
        assert_eq!(s.segments, 1);
        let straight = analyse(&text.replace('\u{2019}', "'"));
        assert_eq!(straight.encoding, Encoding::Gsm7);
        // Columns restart on each line of a multi-line message.
        let s = analyse("Hello\nab“c”");
        let first = s.first_non_gsm.unwrap();
        assert_eq!((first.offset, first.line, first.column), (8, 2, 3));
        assert_eq!(s.non_gsm.len(), 2);
    }

    fn lint_text(text: &str, max: Option<usize>) -> Vec<Diagnostic> {
        let yaml = format!("invite:\n  text: \"{text}\"\n");
        let loc = TextLocator::verbatim(text, 2, 10);
        let msg = Message {
            id: "invite",
            text,
            max_segments: max,
        };
        lint("data/sms.yaml", &yaml, &msg, |i| loc.locate(i))
    }

    #[test]
    fn clean_message_has_no_findings() {
        let d = lint_text(
            "Please book a review at https://www.nhs.uk/acp today.",
            Some(1),
        );
        assert!(d.is_empty(), "{d:#?}");
    }

    #[test]
    fn over_max_segments_is_an_error_with_a_useful_hint() {
        let text = format!("It\u{2019}s time {}", "a".repeat(70));
        let d = lint_text(&text, Some(1));
        let over = d
            .iter()
            .find(|d| d.message.contains("max_segments"))
            .unwrap();
        assert!(over.is_error());
        assert_eq!(over.rule, Some(RULE));
        assert_eq!((over.line, over.column), (2, 10));
        assert!(over.message.contains("2 texts"), "{}", over.message);
        assert!(over.hint.as_ref().unwrap().contains("GSM-7 and 1 text"));
        // The UCS-2 warning names the character and its column.
        let w = d.iter().find(|d| !d.is_error()).unwrap();
        assert!(w.message.contains("U+2019"), "{}", w.message);
        assert!(w.message.contains("column 3"), "{}", w.message);
        assert_eq!((w.line, w.column), (2, 12));
        assert!(w.hint.as_ref().unwrap().contains("straight"));
    }

    #[test]
    fn notify_limit_is_918_units() {
        let ok = lint_text(&"a".repeat(918), None);
        assert!(ok.is_empty(), "{ok:#?}");
        let d = lint_text(&"a".repeat(919), None);
        assert_eq!(d.len(), 1);
        assert!(d[0].is_error() && d[0].message.contains("918"));
        // Extension characters count twice towards the limit too.
        let d = lint_text(&format!("{}€", "a".repeat(917)), None);
        assert!(
            d.iter().any(|d| d.message.contains("919 characters")),
            "{d:#?}"
        );
    }

    #[test]
    fn links_must_be_full_https_urls() {
        let bad = |t: &str| {
            lint_text(t, None)
                .into_iter()
                .filter(|d| d.is_error())
                .map(|d| (d.column, d.span_chars))
                .collect::<Vec<_>>()
        };
        assert_eq!(bad("Go to http://nhs.uk/acp now"), vec![(16, 17)]);
        assert_eq!(bad("See www.nhs.uk."), vec![(14, 10)]);
        assert_eq!(bad("See (nhs.uk/acp)"), vec![(15, 10)]);
        assert_eq!(bad("Visit example.org"), vec![(16, 11)]);
        assert_eq!(bad("Visit https://localhost/x"), vec![(16, 19)]);
        assert!(bad("Visit https://www.nhs.uk/conditions/").is_empty());
        assert!(bad("Visit HTTPS://NHS.UK").is_empty());
        // Not links: abbreviations, times, decimals, e-mail addresses, files.
        assert!(bad("e.g. at 9.30 a.m. read form.pdf or mail gp@nhs.net, i.e. soon.").is_empty());
    }

    #[test]
    fn extension_characters_are_a_warning_with_positions() {
        let d = lint_text("Cost ~5€", None);
        assert_eq!(d.len(), 1);
        assert!(!d[0].is_error());
        assert!(d[0].message.contains("`~` at 1:6"), "{}", d[0].message);
        assert!(d[0].message.contains("`€` at 1:8"), "{}", d[0].message);
        assert_eq!(d[0].column, 15);
        // Once a message is UCS-2, extension characters no longer cost extra.
        let d = lint_text("Cost ~5€ \u{2019}", None);
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("UCS-2"));
    }

    #[test]
    fn lint_points_into_a_block_scalar() {
        let yaml = "messages:\n  - id: invite\n    max_segments: 1\n    text: |\n      Hello,\n      we’re here.\n";
        let text = "Hello,\nwe\u{2019}re here.\n";
        let loc = TextLocator::yaml_scalar(yaml, text, 4, 11);
        let msg = Message {
            id: "invite",
            text,
            max_segments: Some(1),
        };
        let d = lint("data/sms.yaml", yaml, &msg, |i| loc.locate(i));
        assert_eq!(d.len(), 1);
        assert_eq!((d[0].line, d[0].column), (6, 9));
        assert_eq!(d[0].source_line.as_deref(), Some("      we’re here."));
        assert!(d[0].render(false).contains("line 2, column 3"));
    }

    /// A small xorshift generator, so the property tests need no new crate
    /// and are reproducible.
    fn random_strings(seed: u64, count: usize) -> Vec<String> {
        let mut x = seed;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let pool: Vec<char> = "aZ09 .,/:\n\r\t€^~{}’“😀ççΩ\u{000C}\u{0000}\u{FEFF}httpswww"
            .chars()
            .collect();
        (0..count)
            .map(|_| {
                let len = (next() % 400) as usize;
                (0..len)
                    .map(|_| {
                        let r = next();
                        if r.is_multiple_of(7) {
                            char::from_u32((r >> 8) as u32 % 0x11_0000).unwrap_or('x')
                        } else {
                            pool[(r >> 8) as usize % pool.len()]
                        }
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn never_panics_and_counts_are_consistent() {
        for text in random_strings(0x9E37_79B9_7F4A_7C15, 400) {
            let s = analyse(&text);
            assert_eq!(s.characters, text.chars().count());
            assert_eq!(s.first_non_gsm.is_some(), s.encoding == Encoding::Ucs2);
            assert!(s.units >= s.characters);
            if s.segments > 1 {
                assert!(s.units > s.encoding.single_limit());
                assert!(s.units <= s.segments * s.encoding.part_limit());
            }
            let loc = TextLocator::yaml_scalar(&text, &text, 1, 1);
            let msg = Message {
                id: "x",
                text: &text,
                max_segments: Some(1),
            };
            for d in lint("f.yaml", &text, &msg, |i| loc.locate(i)) {
                let _ = d.render(false);
            }
        }
    }
}
