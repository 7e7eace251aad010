//! The plain-English word list: phrases to avoid and the plainer words to
//! use. Kept in the site configuration (`config.check.plain_words`) and
//! read by the `plain-english` rule.

use std::collections::HashMap;

use serde_json::Value;

/// The data file holding the word list (`data/plain_english.yaml`).
pub const DATA_NAME: &str = "plain_english";

/// The plain-English list: phrases to avoid and the plainer words to use.
/// Loaded with the site (see `site::load`) so page rules can use it without
/// the data files.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Words {
    /// (the phrase's words, lower case; the phrase as listed; the plainer word)
    entries: Vec<(Vec<String>, String, String)>,
    /// First word of a phrase → indexes into `entries`.
    by_first: HashMap<String, Vec<usize>>,
}

impl Words {
    /// The list from the data files named [`DATA_NAME`] among `data`
    /// (name, parsed value) pairs. Entries that are not well formed are
    /// skipped here and reported by the rule (`check::plain_english`).
    pub fn from_data<'a>(data: impl IntoIterator<Item = (&'a str, &'a Value)>) -> Words {
        let mut words = Words::default();
        for (_, value) in data.into_iter().filter(|(name, _)| *name == DATA_NAME) {
            let Some(list) = value.get("words").and_then(|w| w.as_array()) else {
                continue;
            };
            for entry in list {
                let (Some(word), Some(plain)) = (
                    entry.get("word").and_then(|w| w.as_str()),
                    entry.get("use").and_then(|w| w.as_str()),
                ) else {
                    continue;
                };
                words.add(word, plain);
            }
        }
        words
    }

    /// Add `word` (a word or phrase) with its plainer alternative.
    pub fn add(&mut self, word: &str, plain: &str) {
        let parts: Vec<String> = word.split_whitespace().map(str::to_lowercase).collect();
        let Some(first) = parts.first().cloned() else {
            return;
        };
        self.by_first
            .entry(first)
            .or_default()
            .push(self.entries.len());
        self.entries
            .push((parts, word.trim().to_string(), plain.trim().to_string()));
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The longest listed phrase that starts the words `ranges` of `text`
    /// (byte ranges, compared ignoring case): how many words it covers, the
    /// phrase as listed, and the plainer word. "in order to" wins over "in".
    pub fn longest_at(&self, text: &str, ranges: &[(usize, usize)]) -> Option<(usize, &str, &str)> {
        let &(from, to) = ranges.first()?;
        let candidates = self.by_first.get(&text[from..to].to_lowercase())?;
        candidates
            .iter()
            .map(|&k| &self.entries[k])
            .filter(|(parts, _, _)| {
                parts.len() <= ranges.len()
                    && parts
                        .iter()
                        .zip(ranges)
                        .all(|(p, &(a, b))| text[a..b].to_lowercase() == *p)
            })
            .max_by_key(|(parts, _, _)| parts.len())
            .map(|(parts, listed, plainer)| (parts.len(), listed.as_str(), plainer.as_str()))
    }
}
