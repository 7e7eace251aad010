//! A page's words while it waits to be indexed. (careguide patch, see
//! bench/README.md.)

use hashbrown::HashMap;

use super::{FossickedWord, MetaFossickedWord};
use crate::utils::{get_varint, put_varint};

/// A page's words as the index will take them, packed when the page is
/// read (a site's pages are all read before the index is built).
/// `word_data` takes about 20 KB for a page of 1,000 words: a string and a
/// vector per word, 16 bytes per position.
///
/// Most words are packed ready for the index: the word's length and bytes,
/// then the length of the rest and the rest, which is what the index's
/// postings hold for the word on this page (`index::postings`): the number
/// of `locs` and each as a zigzag varint, `locs` worked out here as the
/// index works them out (`index::weighted_locs`). A position mostly takes
/// one or two bytes, and the index build only copies them.
///
/// Words whose page entry needs the whole index to work out stay as they
/// were: a word with another (diacritic) form on the page, and a word also
/// in the page's metadata (its metadata positions are numbered by the
/// index's list of metadata fields, known only once every page is in).
#[derive(Debug, Clone, Default)]
pub struct PackedWords {
    ready: Vec<u8>,
    others: Vec<(String, Vec<FossickedWord>)>,
}

impl PackedWords {
    pub fn pack(
        words: HashMap<String, Vec<FossickedWord>>,
        meta_words: &HashMap<String, Vec<MetaFossickedWord>>,
    ) -> Self {
        let mut ready = Vec::new();
        let mut others = Vec::new();
        let mut locs = Vec::new();
        let mut entry = Vec::new();
        for (word, mut positions) in words {
            if meta_words.contains_key(&word) || positions.iter().any(|p| p.original_word.is_some())
            {
                others.push((word, positions));
                continue;
            }
            locs.clear();
            crate::index::weighted_locs(&mut positions, &mut locs);
            entry.clear();
            put_varint(&mut entry, locs.len() as u64);
            for &loc in &locs {
                put_varint(&mut entry, ((loc << 1) ^ (loc >> 31)) as u32 as u64);
            }
            put_varint(&mut ready, word.len() as u64);
            ready.extend_from_slice(word.as_bytes());
            put_varint(&mut ready, entry.len() as u64);
            ready.extend_from_slice(&entry);
        }
        ready.shrink_to_fit();
        others.shrink_to_fit();
        Self { ready, others }
    }

    /// The words that the index must still work out, with their positions.
    pub fn take_others(&mut self) -> Vec<(String, Vec<FossickedWord>)> {
        std::mem::take(&mut self.others)
    }

    /// Each word packed ready, with its entry: the number of `locs`, then
    /// each (zigzag varints).
    pub fn ready(&self) -> impl Iterator<Item = (&str, &[u8])> {
        let bytes = &self.ready;
        let mut at = 0;
        std::iter::from_fn(move || {
            if at >= bytes.len() {
                return None;
            }
            let len = get_varint(bytes, &mut at) as usize;
            let word = std::str::from_utf8(&bytes[at..at + len])
                .expect("a packed word is the UTF-8 it was packed from");
            at += len;
            let len = get_varint(bytes, &mut at) as usize;
            let entry = &bytes[at..at + len];
            at += len;
            Some((word, entry))
        })
    }

    pub fn is_empty(&self) -> bool {
        self.ready.is_empty() && self.others.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(position: u32, weight: u8, original: Option<&str>) -> FossickedWord {
        FossickedWord {
            position,
            weight,
            original_word: original.map(String::from),
        }
    }

    fn zigzags(entry: &[u8]) -> Vec<i32> {
        let mut at = 0;
        let n = get_varint(entry, &mut at);
        let locs: Vec<i32> = (0..n)
            .map(|_| {
                let z = get_varint(entry, &mut at) as u32;
                (z >> 1) as i32 ^ -((z & 1) as i32)
            })
            .collect();
        assert_eq!(at, entry.len());
        locs
    }

    #[test]
    fn words_are_ready_unless_the_index_must_work_them_out() {
        let mut words = HashMap::new();
        // Out of order, two weights: sorted by weight (25 first), then
        // position; a weight change is a marker and an absolute position.
        words.insert(
            "care".to_string(),
            vec![at(9, 25, None), at(2, 25, None), at(4, 96, None), at(40, 96, None)],
        );
        words.insert("cafe".to_string(), vec![at(0, 25, None), at(7, 25, Some("café"))]);
        words.insert("title".to_string(), vec![at(1, 25, None)]);
        let mut meta = HashMap::new();
        meta.insert(
            "title".to_string(),
            vec![MetaFossickedWord {
                field_id: 0,
                position: 0,
                original_word: None,
            }],
        );
        let mut packed = PackedWords::pack(words, &meta);
        assert!(!packed.is_empty());
        let ready: Vec<_> = packed.ready().map(|(w, e)| (w.to_string(), zigzags(e))).collect();
        assert_eq!(ready, vec![("care".to_string(), vec![2, 7, -97, 4, 36])]);
        let mut others: Vec<_> = packed.take_others().into_iter().map(|(w, _)| w).collect();
        others.sort();
        assert_eq!(others, vec!["cafe", "title"]);
        assert!(PackedWords::pack(HashMap::new(), &meta).is_empty());
    }
}
