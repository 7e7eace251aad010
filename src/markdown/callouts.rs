//! GitHub-style alerts (`> [!NOTE]`) as the site's callouts, labelled in
//! the page's language.

use std::borrow::Cow;

use pulldown_cmark::BlockQuoteKind;

/// The five kinds, in the order of [`CalloutLabels`]' labels, with their
/// class (a caution is the site's "urgent" callout).
const KINDS: [(BlockQuoteKind, &str); 5] = [
    (BlockQuoteKind::Note, "note"),
    (BlockQuoteKind::Tip, "tip"),
    (BlockQuoteKind::Important, "important"),
    (BlockQuoteKind::Warning, "warning"),
    (BlockQuoteKind::Caution, "urgent"),
];

/// The `callout.*` UI text keys, in the order of [`CalloutLabels::new`]'s labels.
pub const CALLOUT_KEYS: [&str; 5] = [
    "callout.note",
    "callout.tip",
    "callout.important",
    "callout.warning",
    "callout.caution",
];

/// The labels of the five callouts in one language, as they stand in
/// i18n/<code>.yaml (escaped when written).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalloutLabels {
    labels: [String; 5],
}

impl CalloutLabels {
    /// Labels for note, tip, important, warning and caution, in that order.
    pub fn new(labels: [String; 5]) -> Self {
        CalloutLabels { labels }
    }

    fn of(&self, kind: BlockQuoteKind) -> &str {
        let i = KINDS.iter().position(|(k, _)| *k == kind).unwrap_or(0);
        &self.labels[i]
    }
}

/// The opening of a GitHub-style alert's callout, with its label: in
/// English without `labels` (the built-in words, written without a copy).
pub(super) fn callout_open(
    kind: BlockQuoteKind,
    labels: Option<&CalloutLabels>,
) -> Cow<'static, str> {
    let Some(labels) = labels else {
        return Cow::Borrowed(english(kind));
    };
    let class = KINDS
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or("note", |(_, class)| class);
    Cow::Owned(format!(
        "<div class=\"callout callout-{class}\">\n<p class=\"callout-label\">{}</p>\n",
        crate::text::html::escape_attr(labels.of(kind))
    ))
}

fn english(kind: BlockQuoteKind) -> &'static str {
    match kind {
        BlockQuoteKind::Note => {
            "<div class=\"callout callout-note\">\n<p class=\"callout-label\">Information</p>\n"
        }
        BlockQuoteKind::Tip => {
            "<div class=\"callout callout-tip\">\n<p class=\"callout-label\">Tip</p>\n"
        }
        BlockQuoteKind::Important => {
            "<div class=\"callout callout-important\">\n<p class=\"callout-label\">Important</p>\n"
        }
        BlockQuoteKind::Warning => {
            "<div class=\"callout callout-warning\">\n<p class=\"callout-label\">Warning</p>\n"
        }
        BlockQuoteKind::Caution => {
            "<div class=\"callout callout-urgent\">\n<p class=\"callout-label\">Urgent</p>\n"
        }
    }
}

/// The built-in English labels, as [`CalloutLabels`] (in the order of
/// [`CALLOUT_KEYS`]): a language whose labels equal these is written
/// without labels, by the fast path.
pub fn english_labels() -> CalloutLabels {
    CalloutLabels::new(["Information", "Tip", "Important", "Warning", "Urgent"].map(String::from))
}
