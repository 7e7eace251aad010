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
    pub(super) words: HashMap<String, Vec<IndexableWord>>,
}

thread_local! {
    static SPELLINGS: RefCell<Spellings> = RefCell::new(Spellings::default());
}

/// This thread's spellings, for a page in `language` read with
/// `include_characters` (none, if they were worked out for others).
pub(super) fn take(language: &str, include_characters: &[char]) -> Spellings {
    let mut spellings = SPELLINGS.with(RefCell::take);
    if spellings.language != language || spellings.include_characters != include_characters {
        spellings.words.clear();
        spellings.language = language.to_string();
        spellings.include_characters = include_characters.to_vec();
    }
    spellings
}

/// Keeps `spellings` for this thread's next page.
pub(super) fn give_back(mut spellings: Spellings) {
    if spellings.words.len() > LIMIT {
        spellings.words = HashMap::new();
    }
    SPELLINGS.with(|cell| *cell.borrow_mut() = spellings);
}
