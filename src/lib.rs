//! careguide: a static site generator for advance care planning guidance.
//!
//! Data flows one way: [`site::load`] reads a site folder into a plain model,
//! [`render`] turns it into output bytes (in parallel), [`check`] runs the
//! governance rules, and [`output`] swaps the result into place atomically.
//! [`pipeline`] strings the stages together for the command line.

// A `Diagnostic` is a large value, but it only travels on the error path,
// where its size costs nothing that matters; boxing it everywhere would not
// make the code clearer.
#![allow(clippy::result_large_err)]

pub mod check;
pub mod components;
pub mod config;
pub mod content;
pub mod diagnostic;
pub mod embedded;
pub mod forms;
pub mod markdown;
pub mod output;
pub mod pipeline;
pub mod render;
pub mod rule;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod session;
pub mod site;
pub mod source;
pub mod text;
pub mod urls;

pub mod preview;
pub mod yaml;
