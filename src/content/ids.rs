//! Typed page positions: a [`PageId`] names a page of `site.pages`, and a
//! [`PerPage`] holds one value per page (its Markdown, its findings),
//! indexed by `PageId`, so that the vectors kept beside the pages cannot
//! be indexed by just any number.

use std::ops::{Deref, DerefMut, Index, IndexMut};

use crate::content::page::Page;

/// A page of the site, by its position in `site.pages` (sorted by path).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PageId(usize);

impl PageId {
    /// The page at position `index` of `site.pages`.
    pub fn new(index: usize) -> PageId {
        PageId(index)
    }

    pub fn index(self) -> usize {
        self.0
    }

    /// Every page id of a site with `n` pages, in page order.
    pub fn all(n: usize) -> impl Iterator<Item = PageId> {
        (0..n).map(PageId)
    }
}

/// One value per page, in page order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PerPage<T>(Vec<T>);

impl<T> PerPage<T> {
    pub fn with_capacity(n: usize) -> PerPage<T> {
        PerPage(Vec::with_capacity(n))
    }

    pub fn push(&mut self, value: T) {
        self.0.push(value);
    }

    /// Each page's id with its value.
    pub fn by_id(&self) -> impl Iterator<Item = (PageId, &T)> {
        self.0.iter().enumerate().map(|(i, v)| (PageId(i), v))
    }
}

impl<T> From<Vec<T>> for PerPage<T> {
    fn from(values: Vec<T>) -> Self {
        PerPage(values)
    }
}

impl<T> FromIterator<T> for PerPage<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        PerPage(iter.into_iter().collect())
    }
}

impl<T> IntoIterator for PerPage<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a, T> IntoIterator for &'a PerPage<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// Read in page order as a slice (rules and templates go through every
/// page); indexed by [`PageId`] only.
impl<T> Deref for PerPage<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        &self.0
    }
}

impl<T> DerefMut for PerPage<T> {
    fn deref_mut(&mut self) -> &mut [T] {
        &mut self.0
    }
}

impl<T> Index<PageId> for PerPage<T> {
    type Output = T;
    fn index(&self, id: PageId) -> &T {
        &self.0[id.0]
    }
}

impl<T> IndexMut<PageId> for PerPage<T> {
    fn index_mut(&mut self, id: PageId) -> &mut T {
        &mut self.0[id.0]
    }
}

/// `site.pages[id]`: the site's own page list, by id.
impl Index<PageId> for Vec<Page> {
    type Output = Page;
    fn index(&self, id: PageId) -> &Page {
        &self[id.0]
    }
}

impl IndexMut<PageId> for Vec<Page> {
    fn index_mut(&mut self, id: PageId) -> &mut Page {
        &mut self[id.0]
    }
}
