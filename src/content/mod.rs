//! Loading content/: pages, sections and data files.

pub mod data;
pub mod format;
mod front_fast;
pub mod frontmatter;
pub mod page;
pub mod source;
pub mod walk;
