//! Review dates: health content must be checked on a planned cycle.
//! Past `next_review_due` is an error; within `due_soon_days` a warning;
//! archived pages are exempt (they are kept as history, not as advice).

use jiff::civil::Date;

use crate::content::page::{Page, Status};
use crate::diagnostic::Diagnostic;
use crate::site::Site;

pub const RULE: crate::rule::Rule = crate::rule::Rule::ReviewDate;

pub fn check(site: &Site, as_of: Date) -> Vec<Diagnostic> {
    let soon = i64::from(site.config.review.due_soon_days);
    let mut out = Vec::new();
    for p in &site.pages {
        if p.meta.status == Status::Archived {
            continue;
        }
        let due = p.meta.next_review_due;
        let days = days_between(as_of, due);
        if days < 0 {
            out.push(
                locate(Diagnostic::error(&p.file, format!(
                    "the review of this page is overdue: it was due on {due}, {} day{} ago",
                    -days,
                    if days == -1 { "" } else { "s" }
                )), p)
                .rule(RULE)
                .hint("check the page against its sources, then set last_reviewed to today and next_review_due to the next date"),
            );
        } else if days <= soon {
            out.push(
                locate(
                    Diagnostic::warning(
                        &p.file,
                        format!(
                            "the review of this page is due on {due}, in {days} day{}",
                            if days == 1 { "" } else { "s" }
                        ),
                    ),
                    p,
                )
                .rule(RULE)
                .hint("plan the review now; the build fails once the date has passed"),
            );
        }
    }
    out
}

/// Point at `next_review_due:` if written, else at `last_reviewed:`.
fn locate(d: Diagnostic, p: &Page) -> Diagnostic {
    let found = ["next_review_due", "last_reviewed"]
        .into_iter()
        .find_map(|key| Some((key, p.meta.spans.key(key)?)));
    match found {
        Some((key, at)) => d.at(&p.text, at.line, at.column).width(key.len()),
        None => d,
    }
}

fn days_between(from: Date, to: Date) -> i64 {
    from.until((jiff::Unit::Day, to))
        .map_or(0, |s| i64::from(s.get_days()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_between_counts_whole_days() {
        let d = |s: &str| s.parse::<Date>().unwrap();
        assert_eq!(days_between(d("2026-11-25"), d("2029-11-20")), 1091);
        assert_eq!(days_between(d("2026-11-25"), d("2026-11-24")), -1);
    }
}
