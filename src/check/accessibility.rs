//! Accessibility lint on the source: problems an author can fix in the
//! Markdown before any browser test runs.

use crate::content::page::Page;
use crate::diagnostic::{Diagnostic, LineIndex};
use crate::markdown::Rendered;
use crate::site::Site;

pub const RULE: crate::rule::Rule = crate::rule::Rule::Accessibility;

/// Link texts that make no sense out of context (screen-reader users often
/// move from link to link).
const VAGUE: &[&str] = &[
    "click here",
    "here",
    "read more",
    "more",
    "this page",
    "link",
    "this link",
    "click",
    "this",
];

/// The part that reads one page's body.
pub fn check_page(p: &Page, r: &Rendered, out: &mut Vec<Diagnostic>) {
    // One index per page: pages can be huge and have many findings.
    let text = match p.text() {
        Ok(text) => text,
        Err(released) => return out.push(released.diagnostic()),
    };
    let ix = LineIndex::new(text);
    headings(p, text, &ix, r, out);
    links(p, &ix, r, out);
    raw_html(p, &ix, r, out);
}

/// The part that reads data files, not pages.
pub fn check_site(site: &Site, out: &mut Vec<Diagnostic>) {
    videos(site, out);
}

fn at(p: &Page, ix: &LineIndex<'_>, offset: usize, d: Diagnostic) -> Diagnostic {
    d.at_index(ix, p.body_offset + offset).rule(RULE)
}

fn headings(p: &Page, text: &str, ix: &LineIndex<'_>, r: &Rendered, out: &mut Vec<Diagnostic>) {
    let h1s: Vec<_> = r.headings.iter().filter(|h| h.level == 1).collect();
    match h1s.len() {
        0 => out.push(
            Diagnostic::error(&p.file, "the page has no main heading")
                .at(text, p.body_first_line, 1)
                .rule(RULE)
                .hint("start the page with one `# Heading` that says what the page is about"),
        ),
        1 => {}
        _ => {
            for h in &h1s[1..] {
                out.push(
                    at(
                        p,
                        ix,
                        h.offset,
                        Diagnostic::error(&p.file, "the page has more than one main (`#`) heading"),
                    )
                    .width(h.text.chars().count() + 2)
                    .hint("keep one `#` heading at the top; use `##` for the parts of the page"),
                );
            }
        }
    }
    let mut previous = 0u8;
    for h in &r.headings {
        if previous > 0 && h.level > previous + 1 {
            out.push(
                at(
                    p,
                    ix,
                    h.offset,
                    Diagnostic::error(
                        &p.file,
                        format!("heading level jumps from {previous} to {}", h.level),
                    ),
                )
                .width(h.text.chars().count() + h.level as usize + 1)
                .hint(format!(
                    "use {} here so screen-reader users can follow the outline",
                    "#".repeat(previous as usize + 1)
                )),
            );
        }
        previous = h.level;
    }
}

fn links(p: &Page, ix: &LineIndex<'_>, r: &Rendered, out: &mut Vec<Diagnostic>) {
    for l in &r.links {
        let text = l.text.trim();
        if l.is_image {
            if text.is_empty() {
                out.push(
                    at(p, ix, l.offset, Diagnostic::error(&p.file, "the image has no alt text"))
                        .width(l.dest.chars().count() + 5)
                        .hint("describe what the image shows: ![A nurse talking with a patient](photo.jpg); for pure decoration use HTML <img src=\"…\" alt=\"\">"),
                );
            }
            continue;
        }
        let lower = text.to_lowercase();
        let lower = lower.trim_end_matches(['.', ':']);
        if VAGUE.contains(&lower) {
            out.push(
                at(p, ix, l.offset, Diagnostic::warning(&p.file, format!("the link text \"{text}\" does not say where it goes")))
                    .width(text.chars().count() + 2)
                    .hint("use words that make sense on their own, such as \"how to register a lasting power of attorney\""),
            );
        } else if text == l.dest
            || text.starts_with("http://")
            || text.starts_with("https://")
            || text.starts_with("www.")
        {
            out.push(
                at(p, ix, l.offset, Diagnostic::warning(&p.file, "the link text is a bare web address"))
                    .width(text.chars().count().min(60))
                    .hint("name the page instead, e.g. [Office of the Public Guardian](https://www.gov.uk/…)"),
            );
        }
    }
}

fn raw_html(p: &Page, ix: &LineIndex<'_>, r: &Rendered, out: &mut Vec<Diagnostic>) {
    for (offset, html) in &r.raw_html {
        let lower = html.to_lowercase();
        if lower.contains("<img") && !lower.contains("alt=") {
            out.push(
                at(
                    p,
                    ix,
                    *offset,
                    Diagnostic::error(&p.file, "the image has no alt attribute"),
                )
                .width(html.trim().chars().count().min(40))
                .hint("add alt=\"what the image shows\", or alt=\"\" if it is only decoration"),
            );
        }
        if lower.contains("<table") && !lower.contains("<th") {
            out.push(
                at(
                    p,
                    ix,
                    *offset,
                    Diagnostic::warning(&p.file, "the table has no header cells"),
                )
                .width(6)
                .hint("use a Markdown table (its first row is the header) or add <th> cells"),
            );
        }
    }
}

/// Videos need captions or a transcript (WCAG 1.2.2 and 1.2.3).
fn videos(site: &Site, out: &mut Vec<Diagnostic>) {
    let Some(file) = site.data.iter().find(|d| d.name == "videos") else {
        return;
    };
    let Some(list) = file.value.get("videos").and_then(|v| v.as_array()) else {
        return;
    };
    for v in list {
        let captions = v.get("captions").and_then(|c| c.as_bool()).unwrap_or(false);
        let transcript = ["transcript", "transcript_url"].iter().any(|k| {
            v.get(*k)
                .and_then(|t| t.as_str())
                .is_some_and(|t| !t.trim().is_empty())
        });
        let available = v
            .get("status")
            .and_then(|s| s.as_str())
            .is_none_or(|s| s == "available");
        if available && !captions && !transcript {
            let title = v.get("title").and_then(|t| t.as_str()).unwrap_or("a video");
            let mut d = Diagnostic::error(&file.file, format!("the video \"{title}\" has neither captions nor a transcript"))
                .rule(RULE)
                .hint("add `transcript:` text or `transcript_url:`, or set `captions: true` once the video is captioned");
            if let Some(off) = file.text.find(&format!("title: {title}")) {
                d = d
                    .at_offset(&file.text, off)
                    .width(title.chars().count() + 7);
            }
            out.push(d);
        }
    }
}
