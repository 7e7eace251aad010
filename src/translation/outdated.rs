//! The `translation` rule: a translation whose source page has changed
//! since `translate mark` recorded it is out of date. A warning at first;
//! an error once `check.translation_grace_days` have passed since the
//! source changed (the later of the source's `last_reviewed` and the day
//! the translation was marked: careguide cannot know the day of an edit,
//! and authors set `last_reviewed` when they change a page).

use jiff::civil::Date;

use super::blocks::{Block, Change, diff};
use crate::config::SiteConfig;
use crate::content::page::Page;
use crate::diagnostic::{Diagnostic, shorten};
use crate::rule::Rule;

pub const RULE: Rule = Rule::Translation;

/// The changes from the recorded blocks to the source's blocks now, in
/// words: "heading added: “Who can be an attorney”".
pub fn describe(old: &[Block], new: &[Block]) -> Vec<String> {
    let kind = |b: &Block| if b.heading { "heading" } else { "paragraph" };
    let quote = |b: &Block| format!("“{}”", shorten(b.text.trim_start_matches('#').trim(), 60));
    diff(old, new)
        .into_iter()
        .map(|c| match c {
            Change::Added(j) => format!("{} added: {}", kind(&new[j]), quote(&new[j])),
            Change::Changed(_, j) => format!("{} changed, now {}", kind(&new[j]), quote(&new[j])),
            Change::Removed(i) => {
                // Only the hash of a removed block is known: say where it was.
                let after = new_neighbour(old, new, i);
                format!("{} removed{after}", kind(&old[i]))
            }
        })
        .collect()
}

/// " after “…”": the nearest earlier block that is still in the source.
fn new_neighbour(old: &[Block], new: &[Block], i: usize) -> String {
    old[..i]
        .iter()
        .rev()
        .find_map(|b| new.iter().find(|n| n.hash == b.hash))
        .map_or_else(
            || " (it was at the start)".to_string(),
            |n| {
                format!(
                    " (it came after “{}”)",
                    shorten(n.text.trim_start_matches('#').trim(), 40)
                )
            },
        )
}

/// Every out-of-date translation among `pages`, judged on `as_of`.
pub fn check(config: &SiteConfig, pages: &[Page], as_of: Date) -> Vec<Diagnostic> {
    let grace = i64::from(config.check.translation_grace_days);
    pages
        .iter()
        .filter_map(|p| {
            let t = p.translation.as_ref()?;
            if t.translation_of.is_empty() {
                return Some(
                    Diagnostic::warning(&p.file, format!("this translation has never been marked as matching content/{}", t.source))
                        .at(p.front(), 1, 1)
                        .width(3)
                        .rule(RULE)
                        .hint(format!("once it matches its source, run `careguide translate mark {}`: it records `translation_of`, so check can tell when the source changes", p.file)),
                );
            }
            if !t.outdated {
                return None;
            }
            let since = t
                .marked_on
                .map_or(p.meta.last_reviewed, |m| m.max(p.meta.last_reviewed));
            let deadline = since.checked_add(jiff::Span::new().days(grace)).unwrap_or(since);
            let late = as_of > deadline;
            let message = format!(
                "this translation is out of date: content/{} changed since it was translated",
                t.source
            );
            let d = if late { Diagnostic::error(&p.file, message) } else { Diagnostic::warning(&p.file, message) };
            let what = if t.changes.is_empty() {
                "the source's words changed".to_string()
            } else {
                format!("what changed: {}", t.changes.join("; "))
            };
            let when = if late {
                format!("more than {grace} days since {since} (check.translation_grace_days)")
            } else {
                format!("an error after {deadline} (check.translation_grace_days: {grace})")
            };
            Some(
                d.at(p.front(), t.translation_of_line, 17)
                    .width(12)
                    .rule(RULE)
                    .hint(format!(
                        "{what}. Update the translation, then run `careguide translate mark {}`; {when}",
                        p.file
                    )),
            )
        })
        .collect()
}
