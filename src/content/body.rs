//! A page's Markdown body, held from loading until a build's page pass is
//! done with it, then released: reading it afterwards is an `Err` the
//! caller must handle, never an empty page.

use super::page::Page;
use crate::diagnostic::Diagnostic;

/// Whether a page still holds its Markdown body. A build releases it once
/// the page pass is done with it (see `pipeline::pages`); reading it after
/// that is an error the caller must handle, never an empty page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Body {
    Held,
    Released,
}

/// The body of a page was asked for after it was released: a careguide
/// bug, reported as an error on the page rather than a silently empty page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Released {
    pub file: String,
}

impl Released {
    pub fn diagnostic(&self) -> Diagnostic {
        Diagnostic::error(
            &self.file,
            "careguide read this page's Markdown after it had freed it, so it cannot check or show it",
        )
        .hint("this is a bug in careguide: please report it; `careguide serve` keeps every page's text")
    }
}

impl Page {
    /// The front matter with its `---` lines: always kept, so errors about
    /// front-matter fields (lines before the body) can be shown.
    pub fn front(&self) -> &str {
        &self.text[..self.body_offset.min(self.text.len())]
    }

    /// The whole file, for locating things in the body by
    /// `body_offset + offset`; `Err` once the body is released.
    pub fn text(&self) -> Result<&str, Released> {
        match self.body {
            Body::Held => Ok(&self.text),
            Body::Released => Err(Released {
                file: self.file.clone(),
            }),
        }
    }

    /// The Markdown body; `Err` once it is released.
    pub fn body(&self) -> Result<&str, Released> {
        Ok(&self.text()?[self.body_offset..])
    }

    /// Free the Markdown body once nothing will read it again (see
    /// `pipeline::pages`): on a large site the sources are much of the
    /// memory a build holds. The front matter stays ([`Page::front`]), so
    /// that a template error can still point at the page's `template:`
    /// line; [`Page::body`] and [`Page::text`] are `Err` afterwards.
    pub fn release_body(&mut self) {
        self.text.truncate(self.body_offset);
        self.text.shrink_to_fit();
        self.body = Body::Released;
    }
}

/// Everything a page is made of, for a page assembled outside `content`
/// (a translation, in `translation::front`): its body starts out held.
pub struct PageParts {
    pub file: String,
    pub rel_path: String,
    pub url: String,
    pub section: String,
    pub is_index: bool,
    pub meta: super::page::FrontMatter,
    pub text: String,
    pub body_offset: usize,
    pub body_first_line: usize,
    pub translation: Option<Box<super::translated::Translation>>,
}

impl From<PageParts> for Page {
    fn from(p: PageParts) -> Page {
        Page {
            file: p.file,
            rel_path: p.rel_path,
            url: p.url,
            section: p.section,
            is_index: p.is_index,
            meta: p.meta,
            text: p.text,
            body: Body::Held,
            body_offset: p.body_offset,
            body_first_line: p.body_first_line,
            translation: p.translation,
        }
    }
}
