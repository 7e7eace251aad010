//! The per-thread syllable cache and the integer keys and hashers behind it.

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::word_syllables;

thread_local! {
    /// Syllables by spelling, shared by the pages one thread grades: a
    /// site's pages share most of their vocabulary, and counting is the
    /// costly part of grading. Cleared when it grows large, to bound memory.
    pub(super) static SYLLABLES: RefCell<SyllableCache> = RefCell::default();
}

/// [`word_syllables`] by spelling. Looked up once per word of every
/// patient page, so nearly every word (15 bytes or fewer) is keyed by an
/// integer it is packed into: hashing and comparing that takes a few
/// instructions, where a string key took a byte-by-byte hash and a
/// `memcmp` call.
#[derive(Default)]
pub(super) struct SyllableCache {
    short: HashMap<u128, usize, BuildHasherDefault<PackedHasher>>,
    long: HashMap<String, usize, BuildHasherDefault<Fnv>>,
}

impl SyllableCache {
    /// Per map, so both stay bounded.
    const MAX_CACHED: usize = 200_000;

    /// [`word_syllables`] of `text[from..to]`, remembered.
    pub(super) fn syllables(&mut self, text: &str, from: usize, to: usize) -> usize {
        match pack_at(text, from, to) {
            Some(key) => remember(&mut self.short, key, || &text[from..to]),
            None => {
                let word = &text[from..to];
                if let Some(&n) = self.long.get(word) {
                    return n;
                }
                remember(&mut self.long, word.to_string(), || word)
            }
        }
    }
}

/// The syllables of `word` from `cache` under `key`, counted and kept if
/// absent.
pub(super) fn remember<'w, K, S>(
    cache: &mut HashMap<K, usize, S>,
    key: K,
    word: impl FnOnce() -> &'w str,
) -> usize
where
    K: std::hash::Hash + Eq,
    S: std::hash::BuildHasher,
{
    if let Some(&n) = cache.get(&key) {
        return n;
    }
    let n = word_syllables(word());
    if cache.len() >= SyllableCache::MAX_CACHED {
        cache.clear();
    }
    cache.insert(key, n);
    n
}

/// A word of up to 15 bytes as one integer: its bytes, zero-padded, with
/// the length in the last byte, so distinct words give distinct keys.
pub(super) fn pack(word: &str) -> Option<u128> {
    let bytes = word.as_bytes();
    if bytes.len() > 15 {
        return None;
    }
    let mut key = [0u8; 16];
    key[..bytes.len()].copy_from_slice(bytes);
    key[15] = bytes.len() as u8;
    Some(u128::from_le_bytes(key))
}

/// [`pack`] of `text[from..to]`, read with one 16-byte load where the text
/// has 16 bytes from `from` on (all but the end of a page): copying a
/// length known only at run time into the zeroed array is a `memcpy` call,
/// for every word.
pub(super) fn pack_at(text: &str, from: usize, to: usize) -> Option<u128> {
    let n = to - from;
    if n > 15 {
        return None;
    }
    match text.as_bytes().get(from..from + 16) {
        Some(chunk) => {
            let chunk = u128::from_le_bytes(chunk.try_into().expect("16 bytes"));
            // The word's n bytes, then its length in the last byte.
            Some(chunk & FIRST_BYTES[n] | (n as u128) << 120)
        }
        None => pack(&text[from..to]),
    }
}

/// `FIRST_BYTES[n]` keeps the first `n` bytes of a little-endian `u128`:
/// a table, because a 128-bit shift by a variable amount costs a dozen
/// instructions.
pub(super) const FIRST_BYTES: [u128; 16] = {
    let mut masks = [0; 16];
    let mut n = 1;
    while n < 16 {
        masks[n] = (1 << (8 * n)) - 1;
        n += 1;
    }
    masks
};

/// Hashes a [`pack`]ed word with one folded multiply (as foldhash does):
/// the full 128-bit product mixes every input bit into both halves, so
/// the low bits that pick a bucket and the high bits of the tag both
/// depend on every byte of the word.
#[derive(Default)]
pub(super) struct PackedHasher(u64);

impl Hasher for PackedHasher {
    fn write_u128(&mut self, key: u128) {
        let (low, high) = (key as u64, (key >> 64) as u64);
        let product =
            u128::from(low ^ 0x243f_6a88_85a3_08d3) * u128::from(high ^ 0x1319_8a2e_0370_7344);
        self.0 = (product as u64) ^ ((product >> 64) as u64);
    }

    /// Not used for packed words; correct for anything else.
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u128(u128::from(self.0) << 8 | u128::from(b));
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// FNV-1a: words are a few bytes long, where it is several times faster
/// than the standard SipHash. Hash flooding is no concern: the keys are
/// the site's own text.
#[derive(Default)]
pub(super) struct Fnv(u64);

impl Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}
