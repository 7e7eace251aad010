//! The `sms` rule for GP practice messages in `data/sms.yaml`.
//!
//! [`crate::text::sms::analyse`] does the counting (GSM-7 or UCS-2, units,
//! texts); [`lint`] turns the counts into [`Diagnostic`]s that point at the
//! YAML the author edits: over the author's budget of texts, over the
//! Notify limit, characters that switch the encoding, and links that are
//! not full https addresses.

use crate::diagnostic::Diagnostic;
use crate::text::sms::{
    Encoding, NOTIFY_MAX_CHARS, PRACTICE_CHARS, SmsStats, analyse, analyse_as_sent, describe,
    expand_placeholders, is_gsm_extension, mask_placeholders, replacement, segments,
    with_replacements,
};

/// Rule name on every diagnostic from this module.
pub const RULE: crate::rule::Rule = crate::rule::Rule::Sms;

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
    let m = Counted::new(message);
    let first_line_width = message.text.lines().next().map_or(1, |l| l.chars().count());
    let mut found: Vec<Unlocated> = Vec::new();
    found.extend(over_budget(file, &m, message.max_segments).map(|d| (d, 0, first_line_width)));
    found.extend(over_notify_limit(file, &m).map(|d| (d, 0, first_line_width)));
    found.extend(bad_links(file, &m));
    found.extend(non_gsm(file, &m));
    found.extend(extension_chars(file, &m));
    found
        .into_iter()
        .map(|(d, offset, width)| {
            let (line, col) = locate(offset);
            d.at(file_text, line, col).width(width).rule(RULE)
        })
        .collect()
}

/// A finding before it is placed: the diagnostic, the character offset in
/// the message where it points, and how many characters it underlines.
type Unlocated = (Diagnostic, usize, usize);

/// A message counted two ways. Characters are judged where the author
/// wrote them (`stats`, with `{practice}` masked); length is judged on the
/// message as sent (`sent`, with the practice's name filled in).
struct Counted<'a> {
    id: &'a str,
    text: &'a str,
    masked: String,
    expanded: String,
    stats: SmsStats,
    sent: SmsStats,
}

impl<'a> Counted<'a> {
    fn new(message: &Message<'a>) -> Self {
        let masked = mask_placeholders(message.text);
        let stats = analyse(&masked);
        Counted {
            id: message.id,
            text: message.text,
            expanded: expand_placeholders(message.text),
            sent: analyse_as_sent(message.text),
            masked,
            stats,
        }
    }
}

/// More texts than the author's `max_segments`.
fn over_budget(file: &str, m: &Counted<'_>, max: Option<usize>) -> Option<Diagnostic> {
    let max = max.filter(|&max| m.sent.segments > max)?;
    let (stats, sent) = (&m.stats, &m.sent);
    let mut hint = format!(
        "shorten it to at most {} {} characters, or raise max_segments",
        limit_for(stats.encoding, max),
        stats.encoding.name()
    );
    if stats.encoding == Encoding::Ucs2 {
        let fixed = analyse(&with_replacements(&m.expanded));
        if fixed.encoding == Encoding::Gsm7 {
            hint = format!(
                "replacing curly quotes, dashes and other look-alikes with plain ones makes it GSM-7 and {} {}; {hint}",
                fixed.segments,
                plural(fixed.segments, "text", "texts")
            );
        }
    }
    let practice = if m.expanded.len() == m.text.len() {
        String::new()
    } else {
        format!(", counting {{practice}} as {PRACTICE_CHARS} characters")
    };
    let message = format!(
        "message `{}` is sent as {} {} ({} {} units{practice}) but max_segments is {max}",
        m.id,
        sent.segments,
        plural(sent.segments, "text", "texts"),
        sent.units,
        stats.encoding.name(),
    );
    Some(Diagnostic::error(file, message).hint(hint))
}

/// Longer than GOV.UK Notify sends.
fn over_notify_limit(file: &str, m: &Counted<'_>) -> Option<Diagnostic> {
    (m.sent.units > NOTIFY_MAX_CHARS).then(|| {
        Diagnostic::error(
            file,
            format!(
                "message `{}` is {} characters long; GOV.UK Notify sends at most {NOTIFY_MAX_CHARS}",
                m.id, m.sent.units
            ),
        )
        .hint("split it into two messages or link to a page with the details")
    })
}

/// Links that are not full https addresses.
fn bad_links(file: &str, m: &Counted<'_>) -> Vec<Unlocated> {
    let id = m.id;
    let mut out = Vec::new();
    for link in find_bad_links(&m.masked) {
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
        out.push((Diagnostic::error(file, msg).hint(hint), link.offset, width));
    }
    out
}

/// The first character outside GSM-7, which makes the whole message UCS-2.
fn non_gsm(file: &str, m: &Counted<'_>) -> Option<Unlocated> {
    let first = m.stats.first_non_gsm?;
    let others = m.stats.non_gsm.len() - 1;
    let what = format!(
        "{} at line {}, column {} of message `{}` turns the whole message into UCS-2",
        describe(first.ch),
        first.line,
        first.column,
        m.id,
    );
    let gsm = segments(Encoding::Gsm7, gsm_units_if_replaced(&m.expanded));
    let mut msg = if m.sent.segments > gsm {
        format!(
            "{what}: {} texts where GSM-7 would need {gsm}",
            m.sent.segments
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
    Some((Diagnostic::warning(file, msg).hint(hint), first.offset, 1))
}

/// GSM-7 extension characters, which count as two.
fn extension_chars(file: &str, m: &Counted<'_>) -> Option<Unlocated> {
    let stats = &m.stats;
    if stats.encoding != Encoding::Gsm7 || stats.extension_chars.is_empty() {
        return None;
    }
    let first = stats.extension_chars[0];
    let list = stats
        .extension_chars
        .iter()
        .map(|c| format!("{} at {}:{}", show(c.ch), c.line, c.column))
        .collect::<Vec<_>>()
        .join(", ");
    let message = format!(
        "message `{}` has {} GSM extension {} that count as two: {list}",
        m.id,
        stats.extension_chars.len(),
        plural(stats.extension_chars.len(), "character", "characters")
    );
    let hint =
        "reword without ^ { } \\ [ ] ~ | € where you can; some older phones also show them wrongly";
    Some((
        Diagnostic::warning(file, message).hint(hint),
        first.offset,
        1,
    ))
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
    use crate::text::sms::has_practice_placeholder;

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
