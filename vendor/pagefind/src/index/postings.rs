//! A word's pages while the index is built, as bytes. (careguide patch, see
//! bench/README.md.)
//!
//! The index's word map holds, for every word, each page it is on: as
//! `PackedPage`s that is a 56-byte struct and a small heap allocation per
//! word and page, about 100 bytes for the few positions (often one or two)
//! it holds; a 100,000-page site has some 25 million of them, which made the
//! word map the largest thing in memory at the end of the build. Here each
//! page is a few varints in one buffer per word, and a chunk's words become
//! `PackedWord`s only when that chunk is encoded.

use super::index_words::{PackedPage, PackedWord};
#[cfg(test)]
use super::index_words::PackedVariant;
use crate::utils::{get_varint, put_varint};

/// A word of the index being built: its pages, and those of its other
/// (diacritic) forms, each as [`Postings`].
#[derive(Clone, Debug)]
pub struct CompactWord {
    pub word: String,
    pages: Postings,
    variants: Vec<(String, Postings)>,
}

/// Pages in page order: for each, the page number's difference from the
/// previous page's (from 0 for the first), then `locs` and `meta_locs`,
/// each as its length and its values (zigzag). The differences are what
/// the encoded index holds, so nothing is worked out again when encoding.
#[derive(Clone, Debug, Default)]
struct Postings {
    bytes: Vec<u8>,
    last_page: usize,
    /// Positions of every page plus one per page, as `chunk_index` counts.
    size: usize,
    /// Pages held: the length of the CBOR array `encode` writes first.
    count: usize,
}

impl CompactWord {
    pub fn new(word: String) -> Self {
        Self {
            word,
            pages: Postings::default(),
            variants: Vec::new(),
        }
    }

    /// Add the pages of `packed` (the same word, on pages after every page
    /// added so far).
    pub fn add(&mut self, packed: PackedWord) {
        for page in &packed.pages {
            self.pages.push(page);
        }
        for variant in packed.additional_variants {
            let postings = match self.variants.iter_mut().find(|(f, _)| *f == variant.form) {
                Some((_, postings)) => postings,
                None => {
                    self.variants.push((variant.form, Postings::default()));
                    &mut self.variants.last_mut().unwrap().1
                }
            };
            for page in &variant.pages {
                postings.push(page);
            }
        }
    }

    /// Add the word's entry on `page_number` (after every page added so
    /// far) as `PackedWords` packed it ready: the number of `locs` and
    /// each, zigzag; no `meta_locs` and no other forms.
    pub fn add_ready(&mut self, page_number: usize, entry: &[u8]) {
        self.pages.push_ready(page_number, entry);
    }

    /// What `chunk_index` counts of this word towards a chunk's size.
    pub fn size(&self) -> usize {
        self.pages.size + self.variants.iter().map(|(_, p)| p.size).sum::<usize>() + self.variants.len()
    }

    /// The word as the index encodes it: page numbers as differences from
    /// the previous page's. What [`encode_chunk`] writes is checked against
    /// minicbor's encoding of this.
    #[cfg(test)]
    pub fn into_delta_packed(self) -> PackedWord {
        PackedWord {
            word: self.word,
            pages: self.pages.decode(),
            additional_variants: self
                .variants
                .into_iter()
                .map(|(form, postings)| PackedVariant {
                    form,
                    pages: postings.decode(),
                })
                .collect(),
        }
    }
}

impl Postings {
    fn push(&mut self, page: &PackedPage) {
        debug_assert!(self.bytes.is_empty() || page.page_number > self.last_page);
        put_varint(&mut self.bytes, (page.page_number - self.last_page) as u64);
        self.last_page = page.page_number;
        for locs in [&page.locs, &page.meta_locs] {
            put_varint(&mut self.bytes, locs.len() as u64);
            for &loc in locs {
                put_varint(&mut self.bytes, ((loc << 1) ^ (loc >> 31)) as u32 as u64);
            }
        }
        self.size += page.locs.len() + page.meta_locs.len() + 1;
        self.count += 1;
    }

    fn push_ready(&mut self, page_number: usize, entry: &[u8]) {
        debug_assert!(self.bytes.is_empty() || page_number > self.last_page);
        put_varint(&mut self.bytes, (page_number - self.last_page) as u64);
        self.last_page = page_number;
        self.bytes.extend_from_slice(entry);
        put_varint(&mut self.bytes, 0); // no meta_locs
        let mut at = 0;
        self.size += get_varint(entry, &mut at) as usize + 1;
        self.count += 1;
    }

    /// The pages as the chunk's CBOR: an array of `[page number difference,
    /// [locs], [meta_locs]]`.
    fn encode(&self, out: &mut Vec<u8>) {
        cbor::head(out, cbor::ARRAY, self.count as u64);
        let bytes = &self.bytes;
        let mut at = 0;
        while at < bytes.len() {
            cbor::head(out, cbor::ARRAY, 3);
            cbor::head(out, cbor::UNSIGNED, get_varint(bytes, &mut at));
            for _list in 0..2 {
                let len = get_varint(bytes, &mut at);
                cbor::head(out, cbor::ARRAY, len);
                for _ in 0..len {
                    // Zigzag: the low bit is the sign, the rest is the value
                    // for a positive number and -1 - value for a negative
                    // one, which is what CBOR writes for each.
                    let z = get_varint(bytes, &mut at);
                    let major = if z & 1 == 0 { cbor::UNSIGNED } else { cbor::NEGATIVE };
                    cbor::head(out, major, z >> 1);
                }
            }
        }
    }

    #[cfg(test)]
    fn decode(self) -> Vec<PackedPage> {
        let mut pages = Vec::new();
        let mut at = 0;
        let bytes = &self.bytes;
        while at < bytes.len() {
            let page_number = get_varint(bytes, &mut at) as usize;
            let mut lists = [Vec::new(), Vec::new()];
            for list in &mut lists {
                let len = get_varint(bytes, &mut at) as usize;
                list.reserve_exact(len);
                for _ in 0..len {
                    let z = get_varint(bytes, &mut at) as u32;
                    list.push((z >> 1) as i32 ^ -((z & 1) as i32));
                }
            }
            let [locs, meta_locs] = lists;
            pages.push(PackedPage {
                page_number,
                locs,
                meta_locs,
            });
        }
        pages
    }
}

/// A chunk of the word index, `pagefind/index/*.pf_index` before gzip:
/// the bytes minicbor writes for `WordIndex { words }` with each word
/// `into_delta_packed`, written straight from the postings (careguide
/// patch, see bench/README.md). No `PackedPage` is made per word and page,
/// and each number is written here, where minicbor went through its
/// encoder and writer for every one. The tests hold it to minicbor's bytes.
pub fn encode_chunk(words: &[CompactWord]) -> Vec<u8> {
    let guess: usize = words
        .iter()
        .map(|w| {
            w.word.len()
                + w.pages.bytes.len()
                + w.variants.iter().map(|(f, p)| f.len() + p.bytes.len() + 8).sum::<usize>()
                + 16
        })
        .sum();
    let mut out = Vec::with_capacity(guess + guess / 4);
    cbor::head(&mut out, cbor::ARRAY, 1);
    cbor::head(&mut out, cbor::ARRAY, words.len() as u64);
    for word in words {
        cbor::head(&mut out, cbor::ARRAY, 3);
        cbor::text(&mut out, &word.word);
        word.pages.encode(&mut out);
        cbor::head(&mut out, cbor::ARRAY, word.variants.len() as u64);
        for (form, postings) in &word.variants {
            cbor::head(&mut out, cbor::ARRAY, 2);
            cbor::text(&mut out, form);
            postings.encode(&mut out);
        }
    }
    out
}

/// The few CBOR items a chunk holds (RFC 8949), each head in its shortest
/// form, as minicbor writes them.
mod cbor {
    pub const UNSIGNED: u8 = 0;
    pub const NEGATIVE: u8 = 1;
    const TEXT: u8 = 3;
    pub const ARRAY: u8 = 4;

    #[inline(always)]
    pub fn head(out: &mut Vec<u8>, major: u8, n: u64) {
        let m = major << 5;
        if n < 24 {
            out.push(m | n as u8);
        } else if n <= u64::from(u8::MAX) {
            out.extend_from_slice(&[m | 24, n as u8]);
        } else if n <= u64::from(u16::MAX) {
            out.push(m | 25);
            out.extend_from_slice(&(n as u16).to_be_bytes());
        } else if n <= u64::from(u32::MAX) {
            out.push(m | 26);
            out.extend_from_slice(&(n as u32).to_be_bytes());
        } else {
            out.push(m | 27);
            out.extend_from_slice(&n.to_be_bytes());
        }
    }

    pub fn text(out: &mut Vec<u8>, s: &str) {
        head(out, TEXT, s.len() as u64);
        out.extend_from_slice(s.as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(page_number: usize, locs: Vec<i32>, meta_locs: Vec<i32>) -> PackedPage {
        PackedPage {
            page_number,
            locs,
            meta_locs,
        }
    }

    #[test]
    fn pages_come_back_with_page_numbers_as_differences() {
        let mut word = CompactWord::new("care".into());
        word.add(PackedWord {
            word: "care".into(),
            pages: vec![page(3, vec![0, 5, -26, 200, i32::MAX], vec![])],
            additional_variants: vec![],
        });
        word.add(PackedWord {
            word: "care".into(),
            pages: vec![page(700, vec![], vec![-1, 0, 2, i32::MIN])],
            additional_variants: vec![PackedVariant {
                form: "caré".into(),
                pages: vec![page(700, vec![9], vec![])],
            }],
        });
        assert_eq!(word.size(), (5 + 1) + (4 + 1) + (1 + 1) + 1);
        let packed = word.into_delta_packed();
        let pages: Vec<_> = packed
            .pages
            .iter()
            .map(|p| (p.page_number, p.locs.clone(), p.meta_locs.clone()))
            .collect();
        assert_eq!(
            pages,
            vec![
                (3, vec![0, 5, -26, 200, i32::MAX], vec![]),
                (697, vec![], vec![-1, 0, 2, i32::MIN]),
            ]
        );
        assert_eq!(packed.additional_variants.len(), 1);
        assert_eq!(packed.additional_variants[0].form, "caré");
        assert_eq!(packed.additional_variants[0].pages[0].page_number, 700);
        assert_eq!(packed.additional_variants[0].pages[0].locs, vec![9]);
    }

    fn minicbor_bytes(words: Vec<CompactWord>) -> Vec<u8> {
        let words = words.into_iter().map(CompactWord::into_delta_packed).collect();
        let mut out = Vec::new();
        minicbor::encode(super::super::index_words::WordIndex { words }, &mut out).unwrap();
        out
    }

    /// Every size of CBOR head (numbers, arrays and strings from 0 to past
    /// 2^32), negative positions, other forms, and ready-packed entries.
    #[test]
    fn a_chunk_is_the_bytes_minicbor_writes() {
        let mut words = Vec::new();
        let long = "w".repeat(300);
        for (n, word) in ["a", "care", "caf\u{e9}", &long].into_iter().enumerate() {
            let mut w = CompactWord::new(word.to_string());
            let mut number = 0;
            for step in [0usize, 1, 22, 23, 24, 255, 256, 65_535, 65_536, 4_294_967_296] {
                number += step + n;
                let count = (step % 300) + n;
                let locs: Vec<i32> = (0..count as i32)
                    .map(|i| i.wrapping_mul(40_503).wrapping_sub(1 << 20) ^ (i << 28))
                    .chain([i32::MIN, i32::MAX, -1, 0, -24, -25, 23, 24, -256, -257])
                    .collect();
                w.add(PackedWord {
                    word: word.to_string(),
                    pages: vec![page(number, locs, vec![-3, 70_000])],
                    additional_variants: if step % 2 == 0 {
                        vec![PackedVariant { form: format!("{word}\u{301}"), pages: vec![page(number, vec![7], vec![])] }]
                    } else {
                        vec![]
                    },
                });
            }
            let mut ready = Vec::new();
            put_varint(&mut ready, 3);
            for z in [0u64, 1, 4_294_967_295] {
                put_varint(&mut ready, z);
            }
            w.add_ready(number + 5, &ready);
            words.push(w);
        }
        let many: Vec<CompactWord> = (0..70_000).map(|i| CompactWord::new(format!("w{i}"))).collect();
        assert_eq!(encode_chunk(&words), minicbor_bytes(words.clone()));
        assert_eq!(encode_chunk(&many), minicbor_bytes(many.clone()));
        assert_eq!(encode_chunk(&[]), minicbor_bytes(vec![]));
    }
}
