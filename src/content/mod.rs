//! Loading content/: pages, sections and data files.

pub mod data;
mod front_fast;
pub mod frontmatter;
pub mod page;
pub mod source;
pub mod translated;
pub mod walk;
