//! Loading content/: pages, sections and data files.

pub mod data;
mod front_fast;
pub mod frontmatter;
pub mod ids;
pub mod load;
pub mod page;
// Source decoding moved to the bottom layer (`crate::source`) so config can
// use it without depending on content; kept here for callers that still say
// `content::source` (session.rs).
pub use crate::source;
pub mod walk;
