//! The hardest sentences and longest words of a page, kept as it is graded.

use super::collapse_whitespace;

/// The five distinct words (ignoring case) with the most syllables, the
/// first met winning ties, as a page's words go by.
#[derive(Default)]
pub(super) struct Longest<'a> {
    /// (as written, syllables, order met), at most [`Longest::KEEP`].
    top: Vec<(&'a str, usize, usize)>,
    met: usize,
    /// Once full, the fewest syllables kept: most words are no longer, and
    /// this turns them away with one comparison.
    floor: usize,
}

impl<'a> Longest<'a> {
    const KEEP: usize = 5;

    /// Inlined, so most words (turned away by the first test) cost no call.
    #[inline]
    pub(super) fn offer(&mut self, syllables: usize, word: impl FnOnce() -> &'a str) {
        self.met += 1;
        // A word only gets in by beating the shortest kept (ties go to the
        // word met first). A word pushed out never comes back: the shortest
        // kept only grows.
        if self.top.len() == Self::KEEP && syllables <= self.floor {
            return;
        }
        self.admit(word(), syllables);
    }

    /// [`Longest::offer`] for a word that may get in.
    fn admit(&mut self, word: &'a str, syllables: usize) {
        let full = self.top.len() == Self::KEEP;
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
        if self.top.len() == Self::KEEP {
            self.floor = self.top.iter().map(|&(_, n, _)| n).min().expect("full");
        }
    }

    pub(super) fn words(mut self) -> Vec<String> {
        self.top.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)));
        self.top
            .into_iter()
            .map(|(w, _, _)| w.to_string())
            .collect()
    }
}

pub(super) fn same_word(a: &str, b: &str) -> bool {
    // ASCII words (nearly all) are compared without lower-casing copies.
    a == b
        || (a.len() == b.len()
            && if a.is_ascii() && b.is_ascii() {
                a.eq_ignore_ascii_case(b)
            } else {
                a.to_lowercase() == b.to_lowercase()
            })
}

/// The three sentences with the highest grade, the first met winning ties,
/// as a page's sentences go by.
#[derive(Default)]
pub(super) struct Hardest<'a> {
    /// Hardest first, at most [`Hardest::KEEP`].
    top: Vec<(&'a str, f64)>,
}

impl<'a> Hardest<'a> {
    const KEEP: usize = 3;

    pub(super) fn offer(&mut self, sentence: &'a str, grade: f64) {
        // After every kept sentence at least as hard, as a stable sort of
        // all sentences would put it.
        let at = self
            .top
            .iter()
            .position(|&(_, g)| g.total_cmp(&grade).is_lt())
            .unwrap_or(self.top.len());
        if at < Self::KEEP {
            self.top.truncate(Self::KEEP - 1);
            self.top.insert(at, (sentence, grade));
        }
    }

    pub(super) fn sentences(self) -> Vec<(String, f64)> {
        self.top
            .into_iter()
            .map(|(s, g)| (collapse_whitespace(s), g))
            .collect()
    }
}
