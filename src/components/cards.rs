//! The HTML of each component: escaped values in the site's card markup.

use super::{Contact, Video};
use crate::text::html::escape_attr;

/// A video card whose player loads from the provider only when the reader
/// presses "Play" (static/js/video.js, which the caller adds).
pub(super) fn video_card(v: &Video, id: &str) -> String {
    let mut html = format!(
        "<div class=\"video-card component-video\" id=\"video-{}\">\n<p class=\"video-title\">{}</p>\n",
        escape_attr(id),
        escape_attr(&v.title)
    );
    if !v.teaches.is_empty() {
        html.push_str(&format!("<p>{}</p>\n", escape_attr(&v.teaches)));
    }
    if v.available && !v.embed_url.is_empty() {
        html.push_str(&format!(
            "<div class=\"video-player\" data-embed=\"{}\" data-title=\"{}\"></div>\n",
            escape_attr(&v.embed_url),
            escape_attr(&v.title)
        ));
    }
    if !v.url.is_empty() {
        let provider = if v.provider.is_empty() {
            "provider's".to_string()
        } else {
            v.provider.clone()
        };
        html.push_str(&format!(
            "<p><a href=\"{}\">Open on the {} website<span class=\"visually-hidden\">: {}</span></a></p>\n",
            escape_attr(&v.url),
            escape_attr(&provider),
            escape_attr(&v.title)
        ));
    }
    html.push_str("</div>\n");
    html
}

/// A card linking to a form of forms/.
pub(super) fn form_card(root: &str, id: &str, title: &str, description: &str) -> String {
    format!(
        "<div class=\"card component-form\">\n<p class=\"card-title\"><a href=\"{}forms/{}/\">{}</a></p>\n<p>{}</p>\n</div>\n",
        escape_attr(root),
        escape_attr(id),
        escape_attr(title),
        escape_attr(description)
    )
}

pub(super) fn contact_card(c: &Contact) -> String {
    let mut html = format!(
        "<div class=\"card component-contact\">\n<p class=\"card-title\">{}</p>\n",
        escape_attr(&c.name)
    );
    if !c.purpose.is_empty() {
        html.push_str(&format!("<p>{}</p>\n", escape_attr(&c.purpose)));
    }
    let mut lines = Vec::new();
    if !c.phone.is_empty() {
        let hours = if c.hours.is_empty() {
            String::new()
        } else {
            format!(" ({})", escape_attr(&c.hours))
        };
        lines.push(format!(
            "<li>Phone: <a href=\"tel:{}\">{}</a>{hours}</li>",
            escape_attr(&c.phone.replace(' ', "")),
            escape_attr(&c.phone)
        ));
    }
    if !c.email.is_empty() {
        lines.push(format!(
            "<li>Email: <a href=\"mailto:{}\">{}</a></li>",
            escape_attr(&c.email),
            escape_attr(&c.email)
        ));
    }
    if c.web.starts_with("https://") || c.web.starts_with("http://") {
        lines.push(format!(
            "<li>Web: <a href=\"{}\">{}</a></li>",
            escape_attr(&c.web),
            escape_attr(&c.web)
        ));
    }
    if !lines.is_empty() {
        html.push_str(&format!("<ul>\n{}\n</ul>\n", lines.join("\n")));
    }
    html.push_str("</div>\n");
    html
}

/// The same advice as the footer's, where a page needs it in its text.
pub(super) const URGENT: &str = "<div class=\"callout callout-urgent\">\n<p class=\"callout-label\">Urgent</p>\n<p>Call <a href=\"tel:999\">999</a> if someone is seriously ill or injured, or their life is at risk.</p>\n<p>Call <a href=\"tel:111\">111</a> or go to <a href=\"https://111.nhs.uk/\">111.nhs.uk</a> if you need medical help fast but it is not an emergency.</p>\n</div>\n";
