//! A page's words while it waits to be indexed. (careguide patch, see
//! bench/README.md.)

use hashbrown::HashMap;

use super::FossickedWord;
use crate::utils::{get_varint, put_varint};

/// A page's words as `word_data` holds them, in one buffer, for pages
/// read long before they are indexed (a site's pages are all read before
/// the index is built). `word_data` takes about 20 KB for a page of 1,000
/// words: a string and a vector per word, 16 bytes per position; here each
/// word is its length and bytes, its number of positions, then each
/// position as a varint of `position << 1`, with 1 added when the weight
/// differs from the word's previous position's (24 before the first) or
/// the position has an original (diacritic) form: then the weight (one
/// byte) and the original's number plus one, or 0, follow. A position
/// mostly takes two bytes.
#[derive(Debug, Clone, Default)]
pub struct PackedWords {
    bytes: Vec<u8>,
    originals: Vec<String>,
}

/// The weight of most words (1.0 in pagefind's weights, times 24).
const USUAL_WEIGHT: u8 = 24;

impl PackedWords {
    pub fn pack(words: HashMap<String, Vec<FossickedWord>>) -> Self {
        let mut bytes = Vec::new();
        let mut originals = Vec::new();
        for (word, positions) in words {
            put_varint(&mut bytes, word.len() as u64);
            bytes.extend_from_slice(word.as_bytes());
            put_varint(&mut bytes, positions.len() as u64);
            let mut weight = USUAL_WEIGHT;
            for p in positions {
                let position = u64::from(p.position) << 1;
                if p.weight == weight && p.original_word.is_none() {
                    put_varint(&mut bytes, position);
                    continue;
                }
                put_varint(&mut bytes, position | 1);
                bytes.push(p.weight);
                weight = p.weight;
                match p.original_word {
                    None => put_varint(&mut bytes, 0),
                    Some(original) => {
                        originals.push(original);
                        put_varint(&mut bytes, originals.len() as u64);
                    }
                }
            }
        }
        bytes.shrink_to_fit();
        originals.shrink_to_fit();
        Self { bytes, originals }
    }

    /// Each word with its positions, in the order packed, without a map
    /// or a `String` per word.
    pub fn for_each(self, mut f: impl FnMut(&str, Vec<FossickedWord>)) {
        let mut originals: Vec<Option<String>> = self.originals.into_iter().map(Some).collect();
        let bytes = &self.bytes;
        let mut at = 0;
        while at < bytes.len() {
            let len = get_varint(bytes, &mut at) as usize;
            let word = std::str::from_utf8(&bytes[at..at + len])
                .expect("a packed word is the UTF-8 it was packed from");
            at += len;
            let count = get_varint(bytes, &mut at) as usize;
            let mut positions = Vec::with_capacity(count);
            let mut weight = USUAL_WEIGHT;
            for _ in 0..count {
                let tagged = get_varint(bytes, &mut at);
                let mut original_word = None;
                if tagged & 1 == 1 {
                    weight = bytes[at];
                    at += 1;
                    original_word = match get_varint(bytes, &mut at) as usize {
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
            f(word, positions);
        }
    }

    /// The words as `word_data` held them.
    #[cfg(test)]
    pub fn unpack(self) -> HashMap<String, Vec<FossickedWord>> {
        let mut words = HashMap::new();
        self.for_each(|word, positions| {
            words.insert(word.to_string(), positions);
        });
        words
    }

    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
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

    #[test]
    fn words_come_back_as_they_were_packed() {
        let mut words = HashMap::new();
        words.insert(
            "cafe".to_string(),
            vec![
                at(0, 24, None),
                at(7, 24, Some("café")),
                at(9, 24, None),
                at(200, 96, None),
                at(201, 96, None),
                at(u32::MAX, 0, Some("cafè")),
                at(3, 24, None),
            ],
        );
        words.insert("résumé".to_string(), vec![at(1, 12, None)]);
        words.insert("x".to_string(), vec![]);
        let packed = PackedWords::pack(words.clone());
        assert!(!packed.is_empty());
        assert_eq!(packed.unpack(), words);
        assert!(PackedWords::pack(HashMap::new()).is_empty());
    }
}
