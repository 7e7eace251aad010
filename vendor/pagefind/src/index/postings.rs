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

use super::index_words::{PackedPage, PackedVariant, PackedWord};
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
    /// the previous page's.
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
    }

    fn push_ready(&mut self, page_number: usize, entry: &[u8]) {
        debug_assert!(self.bytes.is_empty() || page_number > self.last_page);
        put_varint(&mut self.bytes, (page_number - self.last_page) as u64);
        self.last_page = page_number;
        self.bytes.extend_from_slice(entry);
        put_varint(&mut self.bytes, 0); // no meta_locs
        let mut at = 0;
        self.size += get_varint(entry, &mut at) as usize + 1;
    }

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
}
