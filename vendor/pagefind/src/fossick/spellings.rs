//! The words of a spelling, remembered across the pages one thread reads
//! (careguide patch, see bench/README.md "Search on").
//!
//! What a spelling is indexed as (`get_indexable_words` and
//! `get_dotted_tails`: case splitting, diacritics, stemming) depends only
//! on the spelling, the page's language and the `include_characters`
//! option. pagefind 1.6.0 worked it out for every occurrence; the first
//! patch remembered it for one page; most spellings recur from page to
//! page, so each reading thread keeps them for the next page too. This is
//! a memo of a pure function: what is indexed does not change.

use hashbrown::HashMap;
use std::cell::RefCell;

use super::splitting::IndexableWord;

/// Spellings a thread remembers before it forgets them all (a few MB).
const LIMIT: usize = 50_000;

#[derive(Default)]
pub(super) struct Spellings {
    language: String,
    include_characters: Vec<char>,
    pub(super) words: HashMap<String, Spelling>,
    /// Every stemmed form the spellings index as, by number (slot), so a
    /// page can gather its positions by number instead of by string.
    pub(super) stems: Vec<String>,
    pub(super) stem_slots: HashMap<String, u32>,
    /// For the page being read: each slot's place in its list of words
    /// plus one, or 0 (reset after each page, entry by entry).
    pub(super) slot_page: Vec<u32>,
}

/// What one spelling is indexed as.
pub(super) struct Spelling {
    pub(super) words: Vec<IndexableWord>,
    /// Each word's stemmed form's slot in [`Spellings::stems`].
    pub(super) slots: Vec<u32>,
    /// How many of the words are compound parts.
    pub(super) compound_count: usize,
}

impl Spelling {
    /// `words`, their stemmed forms numbered in `stems` (new ones added).
    pub(super) fn new(
        words: Vec<IndexableWord>,
        stems: &mut Vec<String>,
        stem_slots: &mut HashMap<String, u32>,
    ) -> Self {
        let slots = words
            .iter()
            .map(|w| match stem_slots.get(w.stemmed.as_str()) {
                Some(&slot) => slot,
                None => {
                    let slot = stems.len() as u32;
                    stems.push(w.stemmed.clone());
                    stem_slots.insert(w.stemmed.clone(), slot);
                    slot
                }
            })
            .collect();
        let compound_count = words.iter().filter(|w| w.is_compound_part).count();
        Spelling {
            words,
            slots,
            compound_count,
        }
    }
}

impl Spellings {
    fn forget(&mut self) {
        self.words.clear();
        self.stems.clear();
        self.stem_slots.clear();
        self.slot_page.clear();
    }
}

thread_local! {
    static SPELLINGS: RefCell<Spellings> = RefCell::new(Spellings::default());
}

/// This thread's spellings, for a page in `language` read with
/// `include_characters` (none, if they were worked out for others).
pub(super) fn take(language: &str, include_characters: &[char]) -> Spellings {
    let mut spellings = SPELLINGS.with(RefCell::take);
    if spellings.language != language || spellings.include_characters != include_characters {
        spellings.forget();
        spellings.language = language.to_string();
        spellings.include_characters = include_characters.to_vec();
    }
    spellings
}

/// Keeps `spellings` for this thread's next page.
pub(super) fn give_back(mut spellings: Spellings) {
    if spellings.words.len() > LIMIT {
        spellings = Spellings {
            language: spellings.language,
            include_characters: spellings.include_characters,
            ..Spellings::default()
        };
    }
    SPELLINGS.with(|cell| *cell.borrow_mut() = spellings);
}
