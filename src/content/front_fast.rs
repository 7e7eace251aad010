//! A fast reader for the plain, common shape of front matter.
//!
//! serde-saphyr costs about 25 µs for an ordinary eleven-line front matter,
//! an eighth of a whole build, yet nearly every page is written in the same
//! small subset of YAML: `key: value` lines, one-line plain or quoted text,
//! and a `sources:` list of `title`/`url` pairs. This module reads exactly
//! that subset and returns `None` for anything else — any doubt, any error,
//! any YAML feature outside it — so that serde-saphyr then reads the page as
//! before and every error message and odd-but-valid document stays its own.
//! Whenever it returns `Some`, the value (spans included) is what
//! serde-saphyr would give; a differential test below holds it to that.

use super::page::{Audience, RawFrontMatter, Source, Status};
use crate::yaml::{Span, Spans};

/// Read `yaml` (the text between the `---` fences), with the place of every
/// key and value (relative to `yaml`), or `None` when it is not in the
/// subset this reader knows serde-saphyr agrees on.
pub(super) fn read(yaml: &str) -> Option<(RawFrontMatter, Spans)> {
    let mut f = Fields::default();
    // `sources:` was the last key and had no value: a block list must follow.
    let mut list_expected = false;
    // Indentation of the `- ` of the `sources` list, once it started.
    let mut list_indent: Option<usize> = None;
    let mut item: Option<Item> = None;

    for (i, line) in yaml.split('\n').enumerate() {
        let line_no = i + 1;
        if !line_chars_ok(line) {
            return None;
        }
        // Blank lines and whole-line comments from the first column.
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let indent = line.len() - line.trim_start_matches(' ').len();
        let rest = &line[indent..];

        if let Some(entry) = rest.strip_prefix("- ")
            && (list_expected || list_indent == Some(indent))
        {
            // A new item of `sources`; its keys line up after the `- `.
            if list_expected {
                // The list's own place, as serde-saphyr gives it: its first
                // `-`, or, for a list not indented under its key, the first
                // item's content after the `- `.
                let column = if indent == 0 { 3 } else { indent + 1 };
                f.spans
                    .push("sources", f.sources_key, Span::new(line_no, column));
            }
            list_expected = false;
            list_indent = Some(indent);
            finish_item(&mut item, &mut f.sources)?;
            let mut new = Item {
                index: f.sources.as_ref().map_or(0, Vec::len),
                ..Item::default()
            };
            new.set(entry, Span::new(line_no, indent + 3), &mut f.spans)?;
            item = Some(new);
        } else if let (Some(n), Some(it)) = (list_indent, item.as_mut())
            && indent == n + 2
        {
            it.set(rest, Span::new(line_no, indent + 1), &mut f.spans)?;
        } else if indent == 0 && !list_expected {
            finish_item(&mut item, &mut f.sources)?;
            list_indent = None;
            list_expected = f.set(rest, line_no)?;
        } else {
            return None;
        }
    }
    if list_expected {
        return None;
    }
    finish_item(&mut item, &mut f.sources)?;
    f.finish()
}

/// Every character is one YAML reads as itself on a single line: no tabs,
/// control characters, byte-order marks or Unicode line separators.
fn line_chars_ok(line: &str) -> bool {
    // Without an early exit the common all-ASCII test vectorises.
    line.bytes()
        .fold(true, |ok, b| ok & (b' '..=b'~').contains(&b))
        || line.chars().all(|c| match c {
            ' '..='~' => true,
            '\u{2028}' | '\u{2029}' | '\u{FEFF}' | '\u{FFFE}' | '\u{FFFF}' => false,
            c => c >= '\u{A0}',
        })
}

/// Split `key: value` (or `key:` alone, value `""`). Returns the key, the
/// value and the value's byte offset within `s`.
fn key_value(s: &str) -> Option<(&str, &str, usize)> {
    let colon = s.bytes().position(|b| b == b':')?;
    let key = &s[..colon];
    let after = &s[colon + 1..];
    if after.is_empty() {
        return Some((key, "", colon + 1));
    }
    let value = after.strip_prefix(' ')?;
    // More spaces before the value are valid YAML but not this subset.
    if value.is_empty() || value.starts_with(' ') {
        return None;
    }
    Some((key, value, colon + 2))
}

/// The text of a one-line plain, double-quoted or single-quoted scalar.
fn string(v: &str) -> Option<String> {
    if let Some(inner) = v.strip_prefix('"') {
        // Escapes are left to serde-saphyr.
        let end = inner.bytes().position(|b| b == b'"' || b == b'\\')?;
        if inner.as_bytes()[end] != b'"' || !only_spaces(&inner[end + 1..]) {
            return None;
        }
        return Some(inner[..end].to_string());
    }
    if let Some(inner) = v.strip_prefix('\'') {
        let mut text = String::with_capacity(inner.len());
        let mut rest = inner;
        loop {
            let q = rest.find('\'')?;
            text.push_str(&rest[..q]);
            rest = &rest[q + 1..];
            match rest.strip_prefix('\'') {
                Some(after) => {
                    text.push('\'');
                    rest = after;
                }
                None if only_spaces(rest) => return Some(text),
                None => return None,
            }
        }
    }
    plain(v).map(str::to_string)
}

/// A one-line plain scalar, without its trailing spaces. Anything starting
/// with an indicator, holding `: ` or ` #`, ending in `:`, or reading as
/// null is left to serde-saphyr.
fn plain(v: &str) -> Option<&str> {
    let v = v.trim_end_matches(' ');
    let b = v.as_bytes();
    if b"-?:,[]{}#&*!|>'\"%@`<=~".contains(b.first()?) || matches!(v, "null" | "Null" | "NULL") {
        return None;
    }
    for (i, &c) in b.iter().enumerate() {
        // `: ` or a final `:` would make a mapping, ` #` a comment. (`#`
        // is not first, so `i > 0`.)
        if c == b':' && b.get(i + 1).is_none_or(|&n| n == b' ') || c == b'#' && b[i - 1] == b' ' {
            return None;
        }
    }
    Some(v)
}

fn only_spaces(s: &str) -> bool {
    s.bytes().all(|b| b == b' ')
}

fn plain_word<'a>(v: &'a str, words: &[&'a str]) -> Option<&'a str> {
    let p = plain(v)?;
    words.iter().copied().find(|w| *w == p)
}

fn boolean(v: &str) -> Option<bool> {
    plain_word(v, &["true", "false"]).map(|w| w == "true")
}

/// Only `0` or a plain decimal without a leading zero or sign `+`.
fn integer(v: &str) -> Option<i64> {
    let v = v.trim_end_matches(' ');
    let digits = v.strip_prefix('-').unwrap_or(v);
    let ok = v == "0"
        || (!digits.is_empty()
            && !digits.starts_with('0')
            && digits.bytes().all(|b| b.is_ascii_digit()));
    if ok { v.parse().ok() } else { None }
}

/// Set `*slot` once; a second time is a duplicate key, left to serde-saphyr.
fn once<T>(slot: &mut Option<T>, value: Option<T>) -> Option<()> {
    if slot.is_some() {
        return None;
    }
    *slot = Some(value?);
    Some(())
}

#[derive(Default)]
struct Fields {
    title: Option<String>,
    summary: Option<String>,
    audience: Option<Audience>,
    order: Option<i64>,
    last_reviewed: Option<String>,
    next_review_due: Option<String>,
    status: Option<Status>,
    archived_note: Option<String>,
    draft: Option<bool>,
    sources: Option<Vec<Source>>,
    template: Option<String>,
    print_view: Option<bool>,
    /// Where each key and value was written, as serde-saphyr reports them.
    spans: Spans,
    /// The place of `sources:`, until its list starts.
    sources_key: Span,
}

impl Fields {
    /// Read one top-level `key: value` line. Returns whether it was
    /// `sources:`, whose list follows on the next lines.
    fn set(&mut self, s: &str, line: usize) -> Option<bool> {
        let (key, v, offset) = key_value(s)?;
        if v.is_empty() {
            if key != "sources" || self.sources.is_some() {
                return None;
            }
            self.sources = Some(Vec::new());
            self.sources_key = Span::new(line, 1);
            return Some(true);
        }
        // Keys are ASCII, so the byte offset is the column in characters.
        self.spans
            .push(key, Span::new(line, 1), Span::new(line, offset + 1));
        match key {
            "title" => once(&mut self.title, string(v)),
            "summary" => once(&mut self.summary, string(v)),
            "audience" => once(
                &mut self.audience,
                plain_word(v, &["patient", "professional", "everyone"]).map(|w| match w {
                    "patient" => Audience::Patient,
                    "professional" => Audience::Professional,
                    _ => Audience::Everyone,
                }),
            ),
            "order" => once(&mut self.order, integer(v)),
            "last_reviewed" => once(&mut self.last_reviewed, string(v)),
            "next_review_due" => once(&mut self.next_review_due, string(v)),
            "status" => once(
                &mut self.status,
                plain_word(v, &["current", "archived"]).map(|w| match w {
                    "current" => Status::Current,
                    _ => Status::Archived,
                }),
            ),
            "archived_note" => once(&mut self.archived_note, string(v)),
            "draft" => once(&mut self.draft, boolean(v)),
            "template" => once(&mut self.template, string(v)),
            "print_view" => once(&mut self.print_view, boolean(v)),
            _ => None,
        }?;
        Some(false)
    }

    fn finish(self) -> Option<(RawFrontMatter, Spans)> {
        let raw = RawFrontMatter {
            title: self.title?,
            summary: self.summary?,
            audience: self.audience?,
            order: self.order,
            last_reviewed: self.last_reviewed?,
            next_review_due: self.next_review_due,
            status: self.status.unwrap_or_default(),
            archived_note: self.archived_note,
            draft: self.draft.unwrap_or(false),
            sources: self.sources.unwrap_or_default(),
            template: self.template,
            print_view: self.print_view,
        };
        Some((raw, self.spans))
    }
}

/// One `title`/`url` entry of `sources`, in either order.
#[derive(Default)]
struct Item {
    /// Its place in the list, from 0.
    index: usize,
    title: Option<String>,
    url: Option<String>,
}

impl Item {
    /// Read `key: value` written at `at`.
    fn set(&mut self, s: &str, at: Span, spans: &mut Spans) -> Option<()> {
        let (key, v, offset) = key_value(s)?;
        let value = Span::new(at.line, at.column + offset);
        spans.push(format!("sources.{}.{key}", self.index), at, value);
        match key {
            "title" => once(&mut self.title, string(v)),
            "url" => once(&mut self.url, string(v)),
            _ => None,
        }
    }
}

fn finish_item(item: &mut Option<Item>, sources: &mut Option<Vec<Source>>) -> Option<()> {
    if let Some(it) = item.take() {
        sources.as_mut()?.push(Source {
            title: it.title?,
            url: it.url?,
        });
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What serde-saphyr makes of `yaml`, called as `page::parse` calls it.
    fn slow(yaml: &str) -> Result<(RawFrontMatter, Spans), String> {
        crate::yaml::parse::<RawFrontMatter>("a.md", yaml, yaml, 1)
            .map(|raw| (raw, Spans::of(yaml)))
            .map_err(|d| d.message)
    }

    /// The property that matters: whenever the fast reader answers,
    /// serde-saphyr accepts the same text and gives an equal value, spans
    /// included. Returns whether the fast reader answered.
    fn agrees(yaml: &str) -> bool {
        let Some(fast) = read(yaml) else {
            return false;
        };
        match slow(yaml) {
            Ok(slow) => assert_eq!(fast, slow, "values differ for {yaml:?}"),
            Err(e) => panic!("fast reader accepted {yaml:?}; serde-saphyr says: {e}"),
        }
        true
    }

    /// A seeded generator of front matters (SplitMix64, so that a failing
    /// case can be replayed). `noise` is the percent chance of each oddity:
    /// low for nearly-ordinary pages, high for hostile ones.
    struct Gen {
        state: u64,
        noise: u64,
    }

    impl Gen {
        fn next(&mut self) -> u64 {
            self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
        fn chance(&mut self, percent: u64) -> bool {
            self.next() % 100 < percent
        }
        fn odd(&mut self) -> bool {
            let n = self.noise;
            self.chance(n)
        }
        /// From `good`, or now and then from `odd`.
        fn pick<'a>(&mut self, good: &[&'a str], odd: &[&'a str]) -> &'a str {
            let from = if self.odd() && !odd.is_empty() {
                odd
            } else {
                good
            };
            from[self.below(from.len())]
        }
    }

    /// Text a page may well hold (some of it needs quotes).
    const TEXT: &[&str] = &[
        "Care in the last weeks 4",
        "We can plan the words you want in your own words.",
        "Universal Care Plan - about the service",
        "https://www.nhs.uk/conditions/end-of-life-care/",
        "NHS: end of life care",
        "2026-09-25",
        "C# and F#",
        "café ☕ 日本 😀",
        "it's",
        "a, b",
        "a:b",
        "ok?",
        "100%",
        "q\"uote",
        "back\\slash",
        "videos.html",
        "yes",
        "123",
    ];

    /// Text that looks like something else to YAML.
    const ODD_TEXT: &[&str] = &[
        "a #b",
        "No",
        "true",
        "False",
        "-5",
        "1.5",
        "0x1F",
        ".inf",
        "null",
        "Null",
        "NULL",
        "~",
        "",
        "don''t",
        "-dash",
        "- item",
        "?q",
        "? q",
        ":x",
        "[a, b]",
        "{a: b}",
        "|",
        ">",
        "&a x",
        "*a",
        "!tag x",
        "!!str 5",
        "%x",
        "@x",
        "`x`",
        "a:",
        "a: b: c",
        " lead",
        "trail ",
        "x\ty",
        "\\n",
        "x\u{2028}y",
        "x\u{85}y",
        "\u{feff}x",
        "x\u{7f}",
        "x\u{1}",
        "<< x",
        "=",
        "a [b] {c}",
        "#x",
        "x # y",
        "'",
        "\"",
        "../x.html",
        "---",
        "...",
        "x\ny",
        "x\n  y",
        "tab\t",
        "x\r",
        "nbsp\u{a0}",
        "\u{a0}lead",
        "ideographic\u{3000}space",
        "zero\u{200b}width",
        "“curly” — dash…",
        "a  b",
        "(a) b",
        "$5",
        "/path",
        "+44 20",
        ".hidden",
        "_x",
        "^x",
        "\u{e000}private",
        "\u{fffd}",
    ];

    const DATES: &[&str] = &["2026-09-25", "2027-01-31"];
    const ODD_DATES: &[&str] = &["2026-02-30", "2026-9-5", "2026-09-25T10:00", "soon", "~"];

    /// Whole lines an ordinary page may hold.
    const GOOD_LINES: &[&str] = &["", "# a comment", "#", "#: not: a key"];

    /// Whole lines that are something else: comments YAML refuses or that
    /// are not at the start of the line, stray indentation, tabs, markers,
    /// anchors and aliases, block scalars, complex keys, flow mappings.
    const ODD_LINES: &[&str] = &[
        "  # indented comment",
        "# a \u{1} control character",
        "# a \u{feff} byte-order mark",
        "#\tafter a tab",
        "  more words",
        "   ",
        "---",
        "...",
        "%YAML 1.2",
        "\ttitle: x",
        "title: |\n  one\n  two",
        "summary: >-\n  folded\n  text",
        "extra: &a x",
        "archived_note: *a",
        "template: &t videos.html",
        "? title\n: x",
        "{title: x}",
        "- x",
        "  - title: t\n    url: u",
        "url: u",
    ];

    /// `text` as a plain, double-quoted or single-quoted scalar; now and
    /// then quoted without escaping what it holds.
    fn styled(g: &mut Gen, text: &str) -> String {
        if g.odd() {
            return match g.below(2) {
                0 => format!("\"{text}\""),
                _ => format!("'{text}'"),
            };
        }
        match g.below(4) {
            0 | 1 => text.to_string(),
            2 => format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\"")),
            _ => format!("'{}'", text.replace('\'', "''")),
        }
    }

    fn value_for(g: &mut Gen, key: &str) -> String {
        // Now and then a value of another kind altogether.
        if g.chance(g.noise / 4) {
            let t = g.pick(TEXT, ODD_TEXT);
            return styled(g, t);
        }
        let word = match key {
            "audience" => g.pick(
                &["patient", "professional", "everyone"],
                &[
                    "Patient",
                    "patients",
                    "\"patient\"",
                    "'everyone'",
                    "~",
                    "patient # c",
                    "[patient]",
                    "patient  ",
                ],
            ),
            "status" => g.pick(
                &["current", "archived"],
                &["Archived", "\"archived\"", "~", "current "],
            ),
            "order" => g.pick(
                &["0", "5", "-3", "42", "1234567", "9223372036854775807"],
                &[
                    "010",
                    "+5",
                    "1_000",
                    "0x10",
                    "0o7",
                    "5.0",
                    "\"5\"",
                    "99999999999999999999",
                    "-9223372036854775808",
                    "9223372036854775808",
                    "~",
                    "null",
                    "1e3",
                    "-0",
                    "5 # c",
                    "7 ",
                    "٣",
                ],
            ),
            "draft" | "print_view" => g.pick(
                &["true", "false"],
                &[
                    "True",
                    "FALSE",
                    "yes",
                    "no",
                    "on",
                    "\"true\"",
                    "1",
                    "~",
                    "true ",
                    "false # c",
                ],
            ),
            "last_reviewed" | "next_review_due" => {
                let d = g.pick(DATES, ODD_DATES);
                return styled(g, d);
            }
            _ => {
                let t = g.pick(TEXT, ODD_TEXT);
                return styled(g, t);
            }
        };
        word.to_string()
    }

    /// `key: value`, with now and then an odd separator or ending.
    fn entry(g: &mut Gen, key: &str, value: &str) -> String {
        let sep = g.pick(&[": "], &[":  ", ":", ":\t", " : "]);
        let end = g.pick(&[""], &["  ", " # note", "\t", " "]);
        format!("{key}{sep}{value}{end}")
    }

    fn sources(g: &mut Gen) -> Vec<String> {
        if g.odd() {
            let odd = [
                "sources: []",
                "sources: [{title: a, url: b}]",
                "sources:",
                "sources: x",
                "sources: ~",
            ];
            return vec![odd[g.below(odd.len())].into()];
        }
        let mut lines = vec!["sources:".to_string()];
        let n = [1, 1, 2, 2, 3, 0][g.below(6)];
        let dash = g
            .pick(&["2", "2", "0"], &["4", "1", "3"])
            .parse()
            .unwrap_or(2);
        for _ in 0..n {
            let mut keys = vec!["title", "url"];
            if g.chance(30) {
                keys.reverse();
            }
            if g.odd() {
                keys.pop();
            }
            if g.odd() {
                keys.push(g.pick(&["name", "title", "url"], &[]));
            }
            for (k, key) in keys.iter().enumerate() {
                let v = value_for(g, key);
                let e = entry(g, key, &v);
                if k == 0 {
                    let after = g.pick(&["- "], &["-  ", "-\t", "-"]);
                    lines.push(format!("{}{after}{e}", " ".repeat(dash)));
                } else {
                    let indent = g.pick(&["2"], &["1", "3", "0", "4"]).parse().unwrap_or(2);
                    lines.push(format!("{}{e}", " ".repeat(dash + indent)));
                }
            }
        }
        lines
    }

    /// A front matter: valid, nearly valid, or odd, as `g.noise` says.
    fn front_matter(g: &mut Gen) -> String {
        let mut keys: Vec<&str> = Vec::new();
        for key in ["title", "summary", "audience", "last_reviewed"] {
            if !g.chance(g.noise / 4) {
                keys.push(key);
            }
        }
        for key in [
            "order",
            "next_review_due",
            "status",
            "archived_note",
            "draft",
            "sources",
            "template",
            "print_view",
        ] {
            if g.chance(if key == "sources" { 70 } else { 30 }) {
                keys.push(key);
            }
        }
        if g.odd() {
            keys.push(g.pick(&["titel", "tags", "author", "Title", "<<"], &[]));
        }
        if g.odd() && !keys.is_empty() {
            keys.push(keys[g.below(keys.len())]);
        }
        for i in (1..keys.len()).rev() {
            keys.swap(i, g.below(i + 1));
        }
        let mut lines = Vec::new();
        for key in keys {
            if key == "sources" {
                lines.extend(sources(g));
            } else {
                let v = value_for(g, key);
                lines.push(entry(g, key, &v));
            }
        }
        // Whole lines added or changed: comments, blank lines, stray
        // indentation, tabs, markers, anchors and aliases, block scalars.
        if g.chance(30) {
            let at = g.below(lines.len() + 1);
            let extra = g.pick(GOOD_LINES, ODD_LINES);
            lines.insert(at, extra.to_string());
        }
        if g.odd() && !lines.is_empty() {
            let i = g.below(lines.len());
            lines[i] = format!("{}{}", g.pick(&[" ", "  "], &[]), lines[i]);
        }
        if g.odd() && !lines.is_empty() {
            let i = g.below(lines.len());
            lines[i] = lines[i].replacen("  ", "\t", 1);
        }
        let mut yaml = lines.join("\n");
        if !g.odd() {
            yaml.push('\n');
        }
        yaml
    }

    #[test]
    fn agrees_with_serde_saphyr_on_random_front_matter() {
        let cases = 20_000;
        let (mut fast, mut slow_ok) = (0, 0);
        for seed in 0..cases {
            // From ordinary pages (no oddities) to hostile ones.
            let noise = [0, 2, 8, 30][seed as usize % 4];
            let mut g = Gen { state: seed, noise };
            let yaml = front_matter(&mut g);
            if agrees(&yaml) {
                fast += 1;
            }
            if slow(&yaml).is_ok() {
                slow_ok += 1;
            }
        }
        eprintln!("{cases} cases: serde-saphyr accepted {slow_ok}, the fast reader took {fast}");
        // Not vacuous: a good share of the cases took the fast path.
        assert!(
            fast * 4 > cases,
            "only {fast} of {cases} took the fast path"
        );
    }

    /// An ordinary page, as most are written.
    const ORDINARY: &str = "title: Care in the last weeks 4
summary: \"We can plan the words you want in your own words.\"
audience: patient
order: 4
last_reviewed: 2026-09-25
next_review_due: 2027-09-25
template: videos.html
print_view: false
sources:
  - title: \"NHS: end of life care\"
    url: https://www.nhs.uk/conditions/end-of-life-care/
  - title: Dying Matters
    url: https://www.hospiceuk.org/
";

    /// Every odd line at every place, and every text in every style as
    /// every string value, of an otherwise ordinary page: the random cases
    /// meet each of these only now and then.
    #[test]
    fn every_odd_line_and_value_in_an_ordinary_page() {
        assert!(agrees(ORDINARY));
        let lines: Vec<&str> = ORDINARY.lines().collect();
        for extra in GOOD_LINES.iter().chain(ODD_LINES) {
            for at in 0..=lines.len() {
                let mut l = lines.clone();
                l.insert(at, extra);
                agrees(&(l.join("\n") + "\n"));
            }
        }
        let mut fast = 0;
        for (i, line) in lines.iter().enumerate() {
            let Some((key, _)) = line.split_once(": ") else {
                continue;
            };
            for text in TEXT.iter().chain(ODD_TEXT) {
                for quoted in [
                    text.to_string(),
                    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\"")),
                    format!("'{}'", text.replace('\'', "''")),
                    format!("\"{text}\""),
                    format!("'{text}'"),
                ] {
                    let mut l = lines.clone();
                    let changed = format!("{key}: {quoted}");
                    l[i] = &changed;
                    if agrees(&(l.join("\n") + "\n")) {
                        fast += 1;
                    }
                }
            }
        }
        assert!(fast > 500, "only {fast} took the fast path");
    }

    #[test]
    fn edge_cases_agree_or_fall_back() {
        let base = "title: A\nsummary: B\naudience: patient\nlast_reviewed: 2026-01-01\n";
        assert!(agrees(base));
        for (extra, expect_fast) in [
            ("order: 4\n", true),
            ("order: 010\n", false),
            ("draft: True\n", false),
            ("print_view: true\n", true),
            ("template: 'it''s.html'\n", true),
            ("next_review_due: \"2027-01-01\"\n", true),
            ("title: again\n", false),
            ("titel: x\n", false),
            ("sources:\n- url: u\n  title: t\n", true),
            (
                "sources:\n  - title: \"NHS: care\"\n    url: https://x/\n",
                true,
            ),
            ("sources:\n  - title: t\n     url: u\n", false),
            ("archived_note: a: b\n", false),
            ("# comment\n\n", true),
        ] {
            assert_eq!(agrees(&format!("{base}{extra}")), expect_fast, "{extra:?}");
        }
    }

    /// Every page of the repository's content/ takes the fast path and reads
    /// as serde-saphyr reads it; so does every page under
    /// `$CAREGUIDE_FRONT_MATTER_CORPUS` when it is set (e.g. a bench corpus).
    #[test]
    fn every_content_page_takes_the_fast_path() {
        let mut roots = vec![std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content")];
        roots.extend(std::env::var_os("CAREGUIDE_FRONT_MATTER_CORPUS").map(Into::into));
        for root in roots {
            let mut pages = 0;
            for entry in walkdir::WalkDir::new(&root) {
                let path = entry.unwrap().into_path();
                if path.extension().is_none_or(|e| e != "md") {
                    continue;
                }
                let name = path.display().to_string();
                let text = crate::source::decode(&name, &std::fs::read(&path).unwrap()).unwrap();
                let split = crate::content::frontmatter::split(&name, &text).unwrap();
                assert!(agrees(split.yaml), "{name} did not take the fast path");
                pages += 1;
            }
            eprintln!("{}: {pages} pages, all on the fast path", root.display());
            assert!(pages > 0, "no pages under {}", root.display());
        }
    }
}
