//! GitHub-style alerts (`> [!NOTE]`) as the site's callouts.

use pulldown_cmark::BlockQuoteKind;

/// The opening of a GitHub-style alert's callout, with its label.
pub(super) fn callout_open(kind: BlockQuoteKind) -> &'static str {
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
