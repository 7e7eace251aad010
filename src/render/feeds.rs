//! Machine-readable outputs written directly in Rust: sitemap, robots.txt and
//! the Atom feed of recently reviewed pages.

use crate::content::page::{Page, Status};
use crate::site::Site;

pub fn escape_xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters are not allowed in XML 1.0.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// Every published HTML page a search engine should know: the content
/// pages, then `others` (site-relative URLs of the generated pages: the
/// forms index, the A to Z and its letters), then each form. Print views and
/// the search results page are `noindex` and left out.
pub fn sitemap(site: &Site, others: &[String]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for p in &site.pages {
        out.push_str(&format!(
            "  <url><loc>{}</loc><lastmod>{}</lastmod></url>\n",
            escape_xml(&format!("{}{}", site.config.base_url, p.url)),
            p.meta.last_reviewed
        ));
    }
    for url in others {
        out.push_str(&format!(
            "  <url><loc>{}</loc></url>\n",
            escape_xml(&format!("{}{url}", site.config.base_url))
        ));
    }
    for f in &site.forms {
        out.push_str(&format!(
            "  <url><loc>{}</loc></url>\n",
            escape_xml(&format!("{}forms/{}/", site.config.base_url, f.id))
        ));
    }
    out.push_str("</urlset>\n");
    out
}

pub fn robots(site: &Site) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n",
        site.config.base_url
    )
}

/// The 20 most recently reviewed current pages, newest first.
pub fn atom(site: &Site) -> String {
    let mut pages: Vec<&Page> = site
        .pages
        .iter()
        .filter(|p| p.meta.status == Status::Current)
        .collect();
    pages.sort_by(|a, b| {
        b.meta
            .last_reviewed
            .cmp(&a.meta.last_reviewed)
            .then_with(|| a.url.cmp(&b.url))
    });
    pages.truncate(20);
    let updated = pages.first().map_or_else(
        || "1970-01-01".to_string(),
        |p| p.meta.last_reviewed.to_string(),
    );
    let base = &site.config.base_url;
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n  <title>{}</title>\n  <subtitle>Recently reviewed pages</subtitle>\n  <link href=\"{}\"/>\n  <link rel=\"self\" href=\"{}feed.xml\"/>\n  <id>{}</id>\n  <updated>{}T00:00:00Z</updated>\n  <author><name>{}</name></author>\n",
        escape_xml(&site.config.language),
        escape_xml(&site.config.title),
        escape_xml(base),
        escape_xml(base),
        escape_xml(base),
        updated,
        escape_xml(&site.config.organisation),
    );
    for p in pages {
        let url = escape_xml(&format!("{base}{}", p.url));
        out.push_str(&format!(
            "  <entry>\n    <title>{}</title>\n    <link href=\"{url}\"/>\n    <id>{url}</id>\n    <updated>{}T00:00:00Z</updated>\n    <summary>{}</summary>\n  </entry>\n",
            escape_xml(&p.meta.title),
            p.meta.last_reviewed,
            escape_xml(&p.meta.summary),
        ));
    }
    out.push_str("</feed>\n");
    out
}

/// Pages by next review date, soonest first, as CSV for a spreadsheet.
pub fn review_schedule(site: &Site, as_of: jiff::civil::Date) -> String {
    let soon = as_of
        .checked_add(jiff::Span::new().days(i64::from(site.config.review.due_soon_days)))
        .unwrap_or(as_of);
    let mut out = String::from("next_review_due,state,last_reviewed,title,audience,file,url\n");
    for p in schedule(site) {
        let due = p.meta.next_review_due;
        let state = if due < as_of {
            "overdue"
        } else if due <= soon {
            "due soon"
        } else {
            "scheduled"
        };
        out.push_str(&format!(
            "{due},{state},{},{},{},{},{}\n",
            p.meta.last_reviewed,
            csv_field(&p.meta.title),
            p.meta.audience.as_str(),
            csv_field(&p.file),
            csv_field(&format!("{}{}", site.config.base_url, p.url)),
        ));
    }
    out
}

/// Quote a CSV field, and defuse text a spreadsheet would run as a formula.
fn csv_field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// Pages by next review date, soonest first, for the authors' schedule.
fn schedule(site: &Site) -> Vec<&Page> {
    let mut pages: Vec<&Page> = site
        .pages
        .iter()
        .filter(|p| p.meta.status == Status::Current)
        .collect();
    pages.sort_by(|a, b| {
        a.meta
            .next_review_due
            .cmp(&b.meta.next_review_due)
            .then_with(|| a.file.cmp(&b.file))
    });
    pages
}
