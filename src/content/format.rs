//! The `format:` of a page's front matter: how its body is written.

use serde::{Deserialize, Serialize};

/// How a page's body is written (`format:` in front matter).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// Ordinary Markdown.
    #[default]
    Standard,
    /// Rows of one picture and a few short sentences (see `easy_read`),
    /// held to the `easy-read` rule.
    EasyRead,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Standard => "standard",
            Format::EasyRead => "easy-read",
        }
    }
}
