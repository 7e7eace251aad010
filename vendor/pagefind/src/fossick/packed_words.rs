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
///
/// Those are packed too, as positions: the word's length and bytes, its
/// number of positions, then each position as a varint of `position << 1`,
/// with 1 added when the weight differs from the word's previous position's
/// (24 before the first) or the position has an original (diacritic) form:
/// then the weight (one byte) and the original's number plus one, or 0,
/// follow.
#[derive(Debug, Clone, Default)]
pub struct PackedWords {
    ready: Vec<u8>,
    others: Vec<u8>,
    originals: Vec<String>,
}

/// The weight of most words (1.0 in pagefind's weights, times 24).
const USUAL_WEIGHT: u8 = 24;

impl PackedWords {
    pub fn pack(
        words: HashMap<String, Vec<FossickedWord>>,
        meta_words: &HashMap<String, Vec<MetaFossickedWord>>,
    ) -> Self {
        let mut ready = Vec::new();
        let mut others = Vec::new();
        let mut originals = Vec::new();
        let mut locs = Vec::new();
        let mut entry = Vec::new();
        for (word, mut positions) in words {
            if meta_words.contains_key(&word) || positions.iter().any(|p| p.original_word.is_some())
            {
                put_varint(&mut others, word.len() as u64);
                others.extend_from_slice(word.as_bytes());
                put_varint(&mut others, positions.len() as u64);
                let mut weight = USUAL_WEIGHT;
                for p in positions {
                    let position = u64::from(p.position) << 1;
                    if p.weight == weight && p.original_word.is_none() {
                        put_varint(&mut others, position);
                        continue;
                    }
                    put_varint(&mut others, position | 1);
                    others.push(p.weight);
                    weight = p.weight;
                    match p.original_word {
                        None => put_varint(&mut others, 0),
                        Some(original) => {
                            originals.push(original);
                            put_varint(&mut others, originals.len() as u64);
                        }
                    }
                }
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
        originals.shrink_to_fit();
        Self {
            ready,
            others,
            originals,
        }
    }

    /// The words that the index must still work out, with their positions
    /// (each once: they are gone from `self` afterwards).
    pub fn take_others(&mut self) -> Vec<(String, Vec<FossickedWord>)> {
        let bytes = std::mem::take(&mut self.others);
        let mut originals: Vec<Option<String>> = std::mem::take(&mut self.originals)
            .into_iter()
            .map(Some)
            .collect();
        let mut words = Vec::new();
        let mut at = 0;
        while at < bytes.len() {
            let len = get_varint(&bytes, &mut at) as usize;
            let word = String::from_utf8(bytes[at..at + len].to_vec())
                .expect("a packed word is the UTF-8 it was packed from");
            at += len;
            let count = get_varint(&bytes, &mut at) as usize;
            let mut positions = Vec::with_capacity(count);
            let mut weight = USUAL_WEIGHT;
            for _ in 0..count {
                let tagged = get_varint(&bytes, &mut at);
                let mut original_word = None;
                if tagged & 1 == 1 {
                    weight = bytes[at];
                    at += 1;
                    original_word = match get_varint(&bytes, &mut at) as usize {
                        0 => None,
                        n => originals[n - 1].take(),
                    };
                }
                positions.push(FossickedWord {
                    position: (tagged >> 1) as u32,
                    weight,
                    original_word,
                });
            }
            words.push((word, positions));
        }
        words
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
            vec![
                at(9, 25, None),
                at(2, 25, None),
                at(4, 96, None),
                at(40, 96, None),
            ],
        );
        let cafe = vec![
            at(0, 25, None),
            at(7, 25, Some("café")),
            at(u32::MAX, 0, Some("cafè")),
            at(3, 24, None),
        ];
        words.insert("cafe".to_string(), cafe.clone());
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
        let ready: Vec<_> = packed
            .ready()
            .map(|(w, e)| (w.to_string(), zigzags(e)))
            .collect();
        assert_eq!(ready, vec![("care".to_string(), vec![2, 7, -97, 4, 36])]);
        let mut others = packed.take_others();
        others.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(
            others,
            vec![
                ("cafe".to_string(), cafe),
                ("title".to_string(), vec![at(1, 25, None)]),
            ]
        );
        assert!(packed.take_others().is_empty(), "taken once");
        assert!(PackedWords::pack(HashMap::new(), &meta).is_empty());
    }
}
