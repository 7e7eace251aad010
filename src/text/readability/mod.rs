//! Reading age of patient pages: the Flesch-Kincaid grade level.
//!
//! grade = 0.39 × (words / sentences) + 11.8 × (syllables / words) − 15.59
//!
//! The NHS aims for a reading age of 9 to 11 (about grade 4 to 6). The
//! formula only sees sentence length and word length, so the report also
//! names the hardest sentences and the longest words: those are what an
//! author can actually change.
//!
//! The counts follow textstat (the Python package the content team measures
//! with, `docs/measure_readability.py`) where that is sensible, so the two
//! agree to within about one grade:
//! - a sentence of fewer than three words (a heading such as "Planning
//!   ahead", a list item such as "your GP") does not count as a sentence,
//!   though its words do, so headings do not make a page look easier;
//! - a hyphenated word ("end-of-life") is one word;
//! - numbers are words of one syllable.
//!
//! Unlike textstat, a full stop inside "e.g.", "Dr." or "nhs.uk" does not end
//! a sentence, and averages are not rounded before the formula is applied.

mod cache;
mod grader;
mod hardest;
mod plain;
mod syllables;
#[cfg(test)]
mod tests;
mod tokens;

pub use grader::{Graded, Grader, PageText};
pub use plain::{MappedText, PlainText, markdown_to_plain};
pub use syllables::{syllables, word_syllables};

use cache::SYLLABLES;
use hardest::{Hardest, Longest};
use tokens::Tokens;

/// Readability of a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Readability {
    /// Flesch-Kincaid grade level (US school grade); can be below 0 for very
    /// simple text. 0 for text without words.
    pub grade: f64,
    /// Approximate reading age in years: grade + 5 (a US grade-1 child is
    /// about 6), with grades below 0 treated as 0.
    pub reading_age: f64,
    pub words: usize,
    /// Sentences of three or more words (see the module docs); at least 1
    /// when there are words.
    pub sentences: usize,
    pub syllables: usize,
    /// Up to three sentences with the highest grade of their own, hardest first.
    pub hardest_sentences: Vec<(String, f64)>,
    /// Up to five distinct words with the most syllables, most first (ties in
    /// order of appearance).
    pub longest_words: Vec<String>,
}

impl Readability {
    /// Whether the grade is above the limit `max` (a text without words
    /// never is).
    pub fn exceeds(&self, max: f64) -> bool {
        self.words != 0 && self.grade > max
    }
}

/// Flesch-Kincaid grade of plain text. Every line break ends a sentence, so
/// pass Markdown through [`markdown_to_plain`] first (it joins wrapped lines
/// and ends headings, list items and table cells with a line break).
pub fn grade(text: &str) -> Readability {
    Sentences::of(text).readability(text)
}

/// Runs `f` with a [`Counter`] backed by the per-thread cache. The cache is
/// borrowed once per text, not once per word: entering `LocalKey::with`
/// and the borrow flag per word cost more than many of the lookups.
fn with_syllables<R>(f: impl FnOnce(&mut Counter<'_>) -> R) -> R {
    SYLLABLES.with(|cache| match cache.try_borrow_mut() {
        Ok(mut cache) => f(&mut Counter::Cached(&mut cache)),
        // Only if grading ever re-entered itself; counting afresh is correct.
        Err(_) => f(&mut Counter::Fresh),
    })
}

/// Counts the syllables of words, from the cache when it could be borrowed
/// (a plain enum, so the per-word call is a predictable branch, not an
/// indirect call).
enum Counter<'a> {
    Cached(&'a mut cache::SyllableCache),
    Fresh,
}

impl Counter<'_> {
    /// The syllables of the word `text[from..to]`.
    fn count(&mut self, text: &str, from: usize, to: usize) -> usize {
        match self {
            Counter::Cached(cache) => cache.syllables(text, from, to),
            Counter::Fresh => word_syllables(&text[from..to]),
        }
    }
}

/// The report on a text of `words` words in `counted` sentences of three
/// or more words.
fn finish(
    words: usize,
    counted: usize,
    syllables: usize,
    longest: Longest<'_>,
    hardest: Hardest<'_>,
) -> Readability {
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
    let sentences = counted.max(1);
    let grade = fk(words, sentences, syllables);
    Readability {
        grade,
        reading_age: grade.max(0.0) + 5.0,
        words,
        sentences,
        syllables,
        hardest_sentences: hardest.sentences(),
        longest_words: longest.words(),
    }
}

/// One sentence of a text as [`grade`] splits and counts it.
#[derive(Debug, Clone, PartialEq)]
pub struct Sentence {
    /// Byte range in the text, from its first token to the end of its last.
    pub start: usize,
    pub end: usize,
    pub words: usize,
    pub syllables: usize,
    /// Its first word's index in [`Sentences`]' words.
    first_word: usize,
}

impl Sentence {
    /// The sentence's own Flesch-Kincaid grade (0 for a sentence without words).
    pub fn grade(&self) -> f64 {
        if self.words == 0 {
            0.0
        } else {
            fk(self.words, 1, self.syllables)
        }
    }
}

/// Every sentence of a text, split and counted as [`grade`] does, with
/// every word's place and syllables. A text is read once for both its
/// grade ([`Sentences::readability`]) and the rules that judge sentences
/// one by one, so the two always agree; the words of all sentences share
/// one list, not a list each.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sentences {
    pub list: Vec<Sentence>,
    /// Byte ranges of the words (surrounding punctuation left out), in order.
    ranges: Vec<(usize, usize)>,
    /// The syllables of each word of `ranges`.
    syllables: Vec<u32>,
}

impl Sentences {
    /// The sentences of `text`, with syllables from the per-thread cache
    /// (counting them afresh was once a quarter of a build).
    pub fn of(text: &str) -> Sentences {
        with_syllables(|c| Sentences::with(text, |text, from, to| c.count(text, from, to)))
    }

    /// The byte ranges of the words of `s`, one of these sentences.
    pub fn word_ranges(&self, s: &Sentence) -> &[(usize, usize)] {
        &self.ranges[s.first_word..s.first_word + s.words]
    }

    /// [`Sentences::of`], with the syllables of the word `text[from..to]`
    /// from `syllables_of(text, from, to)`.
    fn with(text: &str, mut syllables_of: impl FnMut(&str, usize, usize) -> usize) -> Sentences {
        // About one word in six bytes of English text: room for most pages
        // without growing the lists word by word.
        let mut out = Sentences {
            list: Vec::new(),
            ranges: Vec::with_capacity(text.len() / 6),
            syllables: Vec::with_capacity(text.len() / 6),
        };
        let mut current: Option<Sentence> = None;
        for token in Tokens::new(text) {
            let first_word = out.ranges.len();
            let s = current.get_or_insert(Sentence {
                start: token.start,
                end: token.end,
                words: 0,
                syllables: 0,
                first_word,
            });
            s.end = token.end;
            if let Some((from, to)) = token.word {
                let n = syllables_of(text, from, to);
                s.words += 1;
                s.syllables += n;
                out.ranges.push((from, to));
                out.syllables.push(n as u32);
            }
            if token.ends_sentence {
                out.list.extend(current.take());
            }
        }
        out.list.extend(current);
        out
    }

    /// The Flesch-Kincaid report on `text`, whose sentences these are.
    pub fn readability(&self, text: &str) -> Readability {
        let (mut words, mut syllables, mut counted) = (0, 0, 0);
        // The longest words and hardest sentences are kept as the text
        // goes by, borrowed: no allocation per word or sentence.
        let mut longest = Longest::default();
        let mut hardest = Hardest::default();
        for s in &self.list {
            let first = s.first_word;
            for (&(from, to), &n) in self.ranges[first..first + s.words]
                .iter()
                .zip(&self.syllables[first..first + s.words])
            {
                longest.offer(n as usize, || &text[from..to]);
            }
            words += s.words;
            syllables += s.syllables;
            if s.words >= 3 {
                counted += 1;
                hardest.offer(&text[s.start..s.end], s.grade());
            }
        }
        finish(words, counted, syllables, longest, hardest)
    }
}

fn fk(words: usize, sentences: usize, syllables: usize) -> f64 {
    let (w, s, y) = (words as f64, sentences as f64, syllables as f64);
    0.39 * (w / s) + 11.8 * (y / w) - 15.59
}

fn collapse_whitespace(s: &str) -> String {
    // Joined straight into the result, with no list of the words.
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}
