use super::cache::{pack, pack_at};
use super::tokens::{ABBREVIATION_MAX_LEN, ABBREVIATIONS};
use super::*;

/// The sentences of a text as [`grade`] reads them.
fn split_sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    for token in Tokens::new(text) {
        let from = *start.get_or_insert(token.start);
        if token.ends_sentence {
            out.push(&text[from..token.end]);
            start = None;
        }
    }
    out
}

/// `grade` and the reference give the same report, to the bit.
fn assert_same_as_reference(text: &str) {
    let (new, old) = (grade(text), reference::grade(text));
    let bits = |r: &Readability| {
        (
            r.grade.to_bits(),
            r.reading_age.to_bits(),
            r.hardest_sentences
                .iter()
                .map(|(s, g)| (s.clone(), g.to_bits()))
                .collect::<Vec<_>>(),
        )
    };
    assert_eq!(new, old, "{text:?}");
    assert_eq!(bits(&new), bits(&old), "{text:?}");
    assert_eq!(
        split_sentences(text),
        reference::split_sentences(text),
        "{text:?}"
    );
}

#[test]
fn pack_at_packs_the_word_there() {
    let text = "Ab cdefghijklmno pqrstuvwxyz0123456789 é’ \u{0}x\u{7f} end";
    for from in 0..=text.len() {
        for to in from..=text.len() {
            if let Some(word) = text.get(from..to) {
                assert_eq!(pack_at(text, from, to), pack(word), "{word:?}");
            }
        }
    }
    assert_ne!(pack("a"), pack("a\u{0}"), "the length tells them apart");
}

#[test]
fn abbreviation_max_len_is_the_longest() {
    let longest = ABBREVIATIONS.iter().map(|a| a.len()).max();
    assert_eq!(longest, Some(ABBREVIATION_MAX_LEN));
}

#[test]
fn grade_matches_reference_on_random_text() {
    // Pieces that meet every branch: terminators and closers (ASCII and
    // not), abbreviations, brackets, every kind of whitespace (vertical
    // tab, no-break and em spaces, NEL), multi-byte letters and emoji.
    const PIECES: &[&str] = &[
        "Dr",
        "dr",
        "e.g",
        "i.e",
        "approx",
        "No",
        "Mrs",
        "(",
        ")",
        ".",
        ".",
        "!",
        "?",
        "\"",
        "'",
        "’",
        "”",
        "»",
        "]",
        "[",
        " ",
        " ",
        " ",
        "  ",
        "\t",
        "\n",
        "\u{a0}",
        "\u{2003}",
        "\u{b}",
        "\u{c}",
        "\r",
        "\u{85}",
        "the",
        "The",
        "cat",
        "sat",
        "end-of-life",
        "doesn't",
        "we’re",
        "Ünïcode",
        "é",
        "élan",
        "2024",
        "3.5",
        "—",
        "…",
        "-",
        "nhs.uk",
        "people",
        "resuscitation",
        "Palliative",
        "PALLIATIVE",
        "palliative",
        "x",
        "a",
        "I",
        "😀",
        "wherever",
        "CARE",
        "and/or",
        "_",
        "*",
        "Ω",
        "ǅ",
        "ß",
    ];
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    for _ in 0..20_000 {
        let len = next() % 80;
        let text: String = (0..len)
            .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
            .collect();
        assert_same_as_reference(&text);
    }
}

#[test]
fn grade_matches_reference_on_site_content() {
    let texts = [PATIENT_TEXT, PROFESSIONAL_TEXT, LEAFLET_TEXT];
    for text in texts {
        assert_same_as_reference(text);
    }
    let content = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(content) {
        let path = entry.expect("readable content").into_path();
        if path.extension().is_some_and(|e| e == "md") {
            let md = std::fs::read_to_string(&path).expect("utf-8 page");
            assert_same_as_reference(&markdown_to_plain(&md));
            assert_same_as_reference(&md);
            pages += 1;
        }
    }
    assert!(pages > 10, "{pages} pages");
}

/// The implementation before the single-pass rewrite (issue 8), kept
/// as an oracle: the new [`grade`] must give exactly its results.
mod reference {
    use super::super::tokens::{ABBREVIATIONS, is_closer};
    use super::super::{Readability, fk, word_syllables};

    // As they were when this implementation was current.
    fn same_word(a: &str, b: &str) -> bool {
        a == b || (a.len() == b.len() && a.to_lowercase() == b.to_lowercase())
    }

    fn collapse_whitespace(s: &str) -> String {
        s.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    pub fn grade(text: &str) -> Readability {
        let mut words = 0;
        let mut syllables = 0;
        let mut counted_sentences = 0;
        let mut per_sentence: Vec<(&str, f64)> = Vec::new();
        // The build grades every patient page, so this loop must stay linear
        // and cheap: syllables come from a per-thread cache (words repeat
        // across a site's pages), and the longest words are kept as the text
        // goes by, borrowed, so nothing is allocated per word.
        let mut longest = Longest::default();
        for sentence in split_sentences(text) {
            let mut s_words = 0;
            let mut s_syllables = 0;
            for token in sentence.split_whitespace() {
                let Some(word) = clean_word(token) else {
                    continue;
                };
                let n = word_syllables(word);
                longest.offer(word, n);
                s_words += 1;
                s_syllables += n;
            }
            words += s_words;
            syllables += s_syllables;
            if s_words >= 3 {
                counted_sentences += 1;
                per_sentence.push((sentence, fk(s_words, 1, s_syllables)));
            }
        }

        if words == 0 {
            return Readability {
                grade: 0.0,
                reading_age: 5.0,
                words: 0,
                sentences: 0,
                syllables: 0,
                hardest_sentences: Vec::new(),
                longest_words: Vec::new(),
            };
        }
        let sentences = counted_sentences.max(1);
        let grade = fk(words, sentences, syllables);

        // Stable sorts keep ties in reading order.
        per_sentence.sort_by(|a, b| b.1.total_cmp(&a.1));
        per_sentence.truncate(3);
        let hardest_sentences = per_sentence
            .into_iter()
            .map(|(s, g)| (collapse_whitespace(s), g))
            .collect();
        Readability {
            grade,
            reading_age: grade.max(0.0) + 5.0,
            words,
            sentences,
            syllables,
            hardest_sentences,
            longest_words: longest.words(),
        }
    }

    #[derive(Default)]
    struct Longest<'a> {
        /// (as written, syllables, order met), at most [`Longest::KEEP`].
        top: Vec<(&'a str, usize, usize)>,
        met: usize,
    }

    impl<'a> Longest<'a> {
        const KEEP: usize = 5;

        fn offer(&mut self, word: &'a str, syllables: usize) {
            self.met += 1;
            let full = self.top.len() == Self::KEEP;
            // A word only gets in by beating the shortest kept (ties go to the
            // word met first). A word pushed out never comes back: the shortest
            // kept only grows.
            if full && self.top.iter().all(|&(_, n, _)| syllables <= n) {
                return;
            }
            if self.top.iter().any(|&(w, _, _)| same_word(w, word)) {
                return;
            }
            if full {
                // Push out the shortest; of equals, the one met last.
                let out = (0..self.top.len())
                    .min_by_key(|&i| (self.top[i].1, std::cmp::Reverse(self.top[i].2)))
                    .expect("full");
                self.top.swap_remove(out);
            }
            self.top.push((word, syllables, self.met));
        }

        fn words(mut self) -> Vec<String> {
            self.top.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)));
            self.top
                .into_iter()
                .map(|(w, _, _)| w.to_string())
                .collect()
        }
    }

    /// Split into sentences: at `.`, `!` or `?` followed by whitespace (after
    /// any closing quotes or brackets), and at every line break.
    pub fn split_sentences(text: &str) -> Vec<&str> {
        // Scans bytes, not chars: every character that can end a sentence is
        // ASCII, and an ASCII byte in UTF-8 is always a whole character, so only
        // the short run after a terminator needs decoding. This loop sees every
        // byte of every patient page in each build, so it is kept cheap.
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        let mut start = 0; // byte offset of the current sentence
        let mut i = 0;
        fn push<'a>(text: &'a str, from: usize, to: usize, out: &mut Vec<&'a str>) {
            let s = text[from..to].trim();
            if !s.is_empty() {
                out.push(s);
            }
        }
        while i < bytes.len() {
            let b = bytes[i];
            if b == b'\n' {
                push(text, start, i, &mut out);
                start = i + 1;
                i += 1;
                continue;
            }
            if !matches!(b, b'.' | b'!' | b'?') {
                i += 1;
                continue;
            }
            // The run of terminators and closing quotes or brackets after it.
            let mut end = i + 1;
            let mut next = None;
            for ch in text[end..].chars() {
                if matches!(ch, '.' | '!' | '?') || is_closer(ch) {
                    end += ch.len_utf8();
                } else {
                    next = Some(ch);
                    break;
                }
            }
            let at_boundary = next.is_none_or(char::is_whitespace);
            if !at_boundary || (b == b'.' && !full_stop_ends_sentence(text, i, end)) {
                i = end;
                continue;
            }
            push(text, start, end, &mut out);
            start = end;
            i = end;
        }
        push(text, start, text.len(), &mut out);
        out
    }

    /// A full stop at byte `at` (punctuation run ending at byte `end`) ends a
    /// sentence unless it closes a known abbreviation or the next word starts
    /// with a lower-case letter ("e.g. the", "approx. five").
    fn full_stop_ends_sentence(text: &str, at: usize, end: usize) -> bool {
        let before = &text[..at];
        let word_start = before
            .rfind(|c: char| c.is_whitespace() || c == '(')
            .map_or(0, |i| {
                i + before[i..].chars().next().map_or(1, char::len_utf8)
            });
        // Compared without allocating: this runs at every full stop of every
        // patient page, and the abbreviations are ASCII.
        let word = &before[word_start..];
        if ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word)) {
            return false;
        }
        let next = text[end..].trim_start_matches([' ', '\t']).chars().next();
        !next.is_some_and(char::is_lowercase)
    }

    /// The word in a whitespace-separated token, without surrounding
    /// punctuation; `None` when the token has no letters or digits (a dash).
    fn clean_word(token: &str) -> Option<&str> {
        let word = token.trim_matches(|c: char| !c.is_alphanumeric());
        (!word.is_empty()).then_some(word)
    }
}

#[test]
fn sentences_split_on_terminators_and_line_breaks_only() {
    let s = split_sentences(
        "See Dr. Patel, e.g. on Monday. Then rest! Is it \"done?\" Yes.\nHeading\nVisit nhs.uk today",
    );
    assert_eq!(
        s,
        vec![
            "See Dr. Patel, e.g. on Monday.",
            "Then rest!",
            "Is it \"done?\"",
            "Yes.",
            "Heading",
            "Visit nhs.uk today"
        ]
    );
    assert_eq!(split_sentences("3.5 mg... then. "), vec!["3.5 mg... then."]);
    assert!(split_sentences("").is_empty());
}

#[test]
fn simple_childrens_text_is_below_grade_3() {
    let r = grade("The cat sat on the mat. The dog ran to the cat. They are friends now.");
    assert!(r.grade < 3.0, "{r:?}");
    assert_eq!(r.words, 16);
    assert_eq!(r.sentences, 3);
}

#[test]
fn dense_legal_text_is_above_grade_12() {
    let r = grade(
        "Notwithstanding any provision of this instrument to the contrary, the attorney \
         shall not, without the prior written authorisation of the donor, consent to or \
         refuse the continuation of life-sustaining treatment where such consent or refusal \
         would be inconsistent with any advance decision previously executed and \
         subsequently validated in accordance with the applicable statutory requirements.",
    );
    assert!(r.grade > 12.0, "{r:?}");
    assert_eq!(r.sentences, 1);
    assert!(r.reading_age > 17.0);
}

// textstat 0.7.3 `flesch_kincaid_grade` figures for the same strings,
// measured on 2026-11-20 (pip install textstat; python3 -c ...).
// textstat rounds its averages to one decimal and counts syllables with
// pyphen hyphenation, so exact agreement is not expected; ±1.0 is.

const PATIENT_TEXT: &str = "An advance statement is a written note of your wishes and \
    preferences. It can say where you would like to be cared for and what matters to you. \
    It is not legally binding, but the people caring for you must take it into account. \
    You can change it at any time. Talk to your GP or nurse if you would like help to \
    write one.";

const PROFESSIONAL_TEXT: &str = "Clinicians should identify patients who may be in the last \
    year of life using validated prognostic indicators, such as the Supportive and \
    Palliative Care Indicators Tool. A structured conversation should then establish the \
    patient's priorities, including their preferred place of care and any treatments they \
    would decline. Where the patient lacks capacity, decisions must be made in their best \
    interests, consulting any attorney appointed under a lasting power of attorney for \
    health and welfare.";

const LEAFLET_TEXT: &str = "Planning ahead means thinking about the care you want in the \
    future. Some people do this when they are well. Others do it when they find out they \
    have an illness that will not get better. You can write down what you want. You can \
    also choose someone you trust to make decisions for you if you cannot make them \
    yourself. This is called a lasting power of attorney.";

fn assert_close(text: &str, textstat: f64) {
    let r = grade(text);
    assert!(
        (r.grade - textstat).abs() <= 1.0,
        "ours {:.2} vs textstat {textstat}: {r:?}",
        r.grade
    );
}

#[test]
fn agrees_with_textstat_on_patient_text() {
    assert_close(PATIENT_TEXT, TEXTSTAT_PATIENT);
}

#[test]
fn agrees_with_textstat_on_professional_text() {
    assert_close(PROFESSIONAL_TEXT, TEXTSTAT_PROFESSIONAL);
}

#[test]
fn agrees_with_textstat_on_leaflet_text() {
    assert_close(LEAFLET_TEXT, TEXTSTAT_LEAFLET);
}

// textstat: 65 words, 5 sentences, 78 syllables.
const TEXTSTAT_PATIENT: f64 = 3.6;
// textstat: 74 words, 3 sentences, 130 syllables.
const TEXTSTAT_PROFESSIONAL: f64 = 15.3;
// textstat: 69 words, 6 sentences, 86 syllables.
const TEXTSTAT_LEAFLET: f64 = 3.1;

#[test]
fn report_names_hardest_sentences_and_longest_words() {
    let r = grade(PROFESSIONAL_TEXT);
    assert_eq!(r.hardest_sentences.len(), 3);
    assert!(r.hardest_sentences[0].1 >= r.hardest_sentences[1].1);
    assert!(r.hardest_sentences[1].1 >= r.hardest_sentences[2].1);
    assert!(
        r.hardest_sentences[0]
            .0
            .starts_with("Clinicians should identify")
    );
    assert_eq!(r.longest_words.len(), 5);
    // Four syllables each; ties keep reading order.
    assert_eq!(
        r.longest_words,
        [
            "identify",
            "validated",
            "indicators",
            "Palliative",
            "conversation"
        ]
    );
    let lower: Vec<String> = r.longest_words.iter().map(|w| w.to_lowercase()).collect();
    let mut unique = lower.clone();
    unique.dedup();
    assert_eq!(lower, unique);
}

#[test]
fn short_headings_do_not_count_as_sentences() {
    let with = grade("Planning ahead\nYou can write down what you want for your future care.");
    let without = grade("You can write down what you want for your future care.");
    assert_eq!(with.sentences, 1);
    assert!(with.grade > without.grade - 0.5);
    assert_eq!(with.words, without.words + 2);
}

#[test]
fn empty_and_wordless_text() {
    for t in ["", "   \n\n", "— … !!!", "```"] {
        let r = grade(t);
        assert_eq!((r.words, r.sentences, r.grade), (0, 0, 0.0), "{t:?}");
        assert!(r.hardest_sentences.is_empty() && r.longest_words.is_empty());
    }
}

#[test]
fn markdown_to_plain_keeps_prose_only() {
    let md = "# Planning ahead {#plan}\n\nRead the [guide](https://example.org/guide) \
              or <https://www.nhs.uk>.\nIt is *free*.\n\n```\nlet x = 1;\n```\n\n\
              - First item\n- Second `item`\n  - nested\n\n| Term | Meaning |\n|---|---|\n| ADRT | refusal |\n\n\
              <div class=\"x\">html here</div>\n\n![a chart](c.png)\n\n> [!NOTE]\n> Call 111.\n";
    let plain = markdown_to_plain(md);
    assert_eq!(
        plain,
        "Planning ahead\nRead the guide or .\nIt is free.\nFirst item\nSecond item\nnested\n\
         Term\nMeaning\nADRT\nrefusal\nCall 111.\n"
            .replace("\nIt is", " It is")
    );
}

#[test]
fn markdown_and_grade_never_panic_on_random_input() {
    let pool: Vec<char> = "ab e.!?\n#-*`[]()<>|_ 'q’—é1\u{0}😀yio".chars().collect();
    let mut x: u64 = 0xDEAD_BEEF_CAFE_F00D;
    for _ in 0..300 {
        let mut s = String::new();
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        for k in 0..(x % 300) {
            let r = x.rotate_left((k % 60) as u32).wrapping_mul(k + 1);
            s.push(pool[(r % pool.len() as u64) as usize]);
        }
        let r = grade(&markdown_to_plain(&s));
        assert!(r.grade.is_finite());
        let r = grade(&s);
        assert!(r.grade.is_finite());
        for w in s.split_whitespace() {
            assert!(word_syllables(w) >= 1);
        }
    }
}

/// The grader, fed the renderer's events, has exactly
/// `markdown_to_plain`'s text: lines are drawn at random from pieces
/// that open, close or resemble blocks, metadata-like ones among them.
#[test]
fn grader_text_is_markdown_to_plain() {
    let pieces = [
        "---",
        "--- ",
        "----",
        "...",
        "> ---",
        "- ---",
        "1. ---",
        "   ---",
        "\t---",
        "key: v",
        "Some words here.",
        "",
        " ",
        "# Head",
        "> quote",
        "- item",
        "```",
        "***",
        "---\r",
        "\x0c",
        "Title",
        "===",
        "> > ---",
        "* ---",
        "  - ---",
        "---\t",
        "  ...",
        "<div>",
    ];
    let mut x: u64 = 0x0123_4567_89AB_CDEF;
    for _ in 0..3000 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let lines = 1 + x % 9;
        let body: Vec<&str> = (0..lines)
            .map(|k| pieces[(x.rotate_left(7 * k as u32) % pieces.len() as u64) as usize])
            .collect();
        let body = body.join("\n");
        let mut plain = PlainText::with_capacity(body.len());
        for event in pulldown_cmark::Parser::new_ext(&body, crate::text::markdown_options()) {
            plain.push(&event);
        }
        assert_eq!(plain.finish(), markdown_to_plain(&body), "{body:?}");
    }
}

#[test]
fn sentences_count_syllables_as_grade_does_with_a_warm_cache() {
    // `sentences` reads syllables from the per-thread cache that `grade`
    // fills: the counts must be those of counting each word afresh, and
    // add up to the page's own count.
    let text = "Your attorney can decide about treatment. Resuscitation is \
                cardiopulmonary resuscitation, or CPR.\nAn advance decision \
                to refuse treatment is legally binding.";
    let page = grade(text);
    for _ in 0..2 {
        let sentences = Sentences::of(text);
        for s in &sentences.list {
            let fresh: usize = sentences
                .word_ranges(s)
                .iter()
                .map(|&(from, to)| word_syllables(&text[from..to]))
                .sum();
            assert_eq!(s.syllables, fresh, "{}", &text[s.start..s.end]);
        }
        let total: usize = sentences.list.iter().map(|s| s.syllables).sum();
        assert_eq!(total, page.syllables);
    }
}
