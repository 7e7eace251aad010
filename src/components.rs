//! Components authors write in Markdown, in the shortcode syntax of Zola
//! (`{{ video(id="ucp-intro") }}`), each alone in its own paragraph:
//!
//! - `{{ video(id="…") }}`: a video from data/videos.yaml, as a card whose
//!   player loads from the provider only when the reader presses "Play"
//!   (static/js/video.js), with a link to the provider's page;
//! - `{{ form(id="…") }}`: a card linking to a form of forms/;
//! - `{{ contact(name="…") }}`: a contact card from data/contacts.yaml
//!   (`current`), or written in place with `phone=`, `hours=`, `email=`,
//!   `web=` and `purpose=`;
//! - `{{ urgent() }}`: the "call 999 / call 111" box.
//!
//! Every value lands in HTML escaped. An unknown component, argument or id
//! is a located error with a "did you mean".

use std::collections::BTreeMap;

use crate::diagnostic::did_you_mean;
use crate::text::html::escape_attr;

/// What components can show, gathered once from the site.
#[derive(Debug, Default, Clone)]
pub struct Components {
    videos: BTreeMap<String, Video>,
    forms: BTreeMap<String, (String, String)>,
    contacts: Vec<Contact>,
}

#[derive(Debug, Default, Clone)]
struct Video {
    title: String,
    teaches: String,
    provider: String,
    url: String,
    embed_url: String,
    available: bool,
}

#[derive(Debug, Default, Clone)]
struct Contact {
    name: String,
    purpose: String,
    phone: String,
    hours: String,
    email: String,
    web: String,
}

/// A component that cannot be shown: where in its text (byte offset and
/// width), what is wrong and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComponentError {
    pub offset: usize,
    pub width: usize,
    pub message: String,
    pub hint: String,
}

/// The components and the arguments each takes (the first is required,
/// except for `urgent`).
const KINDS: &[(&str, &[&str])] = &[
    ("video", &["id"]),
    ("form", &["id"]),
    (
        "contact",
        &["name", "purpose", "phone", "hours", "email", "web"],
    ),
    ("urgent", &[]),
];

fn text(v: &serde_json::Value, key: &str) -> String {
    v.get(key)
        .and_then(serde_json::Value::as_str)
        .unwrap_or_default()
        .to_string()
}

impl Components {
    /// From the site's data (`data.videos.videos`, `data.contacts.current`)
    /// and its forms (id → title, description).
    pub fn new(data: &serde_json::Value, forms: &[crate::forms::Form]) -> Self {
        let list = |file: &str, key: &str| -> Vec<serde_json::Value> {
            data.get(file)
                .and_then(|f| f.get(key))
                .and_then(serde_json::Value::as_array)
                .cloned()
                .unwrap_or_default()
        };
        let videos = list("videos", "videos")
            .iter()
            .map(|v| {
                let status = text(v, "status");
                (
                    text(v, "id"),
                    Video {
                        title: text(v, "title"),
                        teaches: text(v, "teaches"),
                        provider: text(v, "provider"),
                        url: text(v, "url"),
                        embed_url: text(v, "embed_url"),
                        available: status.is_empty() || status == "available",
                    },
                )
            })
            .filter(|(id, _)| !id.is_empty())
            .collect();
        let contacts = list("contacts", "current")
            .iter()
            .map(|c| Contact {
                name: text(c, "name"),
                purpose: text(c, "purpose"),
                phone: text(c, "phone"),
                hours: text(c, "hours"),
                email: text(c, "email"),
                web: text(c, "web"),
            })
            .collect();
        let forms = forms
            .iter()
            .map(|f| (f.id.clone(), (f.title.clone(), f.description.clone())))
            .collect();
        Components {
            videos,
            forms,
            contacts,
        }
    }
}

/// A paragraph that is a component: `{{ name(…) }}` and nothing else.
pub fn is_component(paragraph: &str) -> bool {
    let p = paragraph.trim();
    p.starts_with("{{")
        && p.ends_with("}}")
        && p[2..p.len() - 2].trim().contains('(')
        && !p[2..p.len() - 2].contains("{{")
}

/// One parsed call: its name and arguments, with byte offsets in the paragraph.
struct Call<'a> {
    name: (&'a str, usize),
    args: Vec<(&'a str, usize, String)>,
}

fn parse(source: &str) -> Result<Call<'_>, ComponentError> {
    let err = |offset: usize, width: usize, message: &str, hint: &str| ComponentError {
        offset,
        width,
        message: message.into(),
        hint: hint.into(),
    };
    let start = source.find("{{").unwrap_or(0) + 2;
    let end = source.rfind("}}").unwrap_or(source.len());
    let inner = &source[start..end];
    let open = inner.find('(').unwrap_or(inner.len());
    let name = inner[..open].trim();
    let name_at = start + inner[..open].find(name).unwrap_or(0);
    let close = inner.rfind(')').ok_or_else(|| {
        err(
            start + open,
            1,
            "this component's `(` is never closed",
            "write it as {{ name(key=\"value\") }}",
        )
    })?;
    let mut args = Vec::new();
    let body = &inner[open + 1..close];
    let body_at = start + open + 1;
    let mut rest = body;
    loop {
        let trimmed = rest.trim_start_matches([' ', ',', '\n', '\r', '\t']);
        if trimmed.trim().is_empty() {
            break;
        }
        let at = body_at + (body.len() - trimmed.len());
        let Some(eq) = trimmed.find('=') else {
            return Err(err(
                at,
                trimmed.trim_end().chars().count(),
                "this argument has no value",
                "write arguments as key=\"value\", separated by commas",
            ));
        };
        let key = trimmed[..eq].trim();
        let value_part = trimmed[eq + 1..].trim_start();
        let quote = value_part
            .chars()
            .next()
            .filter(|c| *c == '"' || *c == '\'');
        let Some(quote) = quote else {
            return Err(err(
                at,
                key.chars().count().max(1),
                &format!("the value of `{key}` must be in quotes"),
                &format!("write {key}=\"…\""),
            ));
        };
        let Some(len) = value_part[1..].find(quote) else {
            return Err(err(
                at,
                key.chars().count().max(1),
                &format!("the value of `{key}` has no closing quote"),
                "add the closing quote",
            ));
        };
        args.push((key, at, value_part[1..1 + len].to_string()));
        rest = &value_part[1 + len + 1..];
    }
    Ok(Call {
        name: (name, name_at),
        args,
    })
}

impl Components {
    /// The HTML of the component written as `source` (a whole paragraph), for
    /// a page whose way back to the site's root is `root`. `scripts` is set
    /// when the page needs video.js; the caller adds it once.
    pub fn render(
        &self,
        source: &str,
        root: &str,
        scripts: &mut bool,
    ) -> Result<String, ComponentError> {
        let call = parse(source)?;
        let (name, name_at) = call.name;
        let Some((_, allowed)) = KINDS.iter().find(|(k, _)| *k == name) else {
            let names: Vec<&str> = KINDS.iter().map(|(k, _)| *k).collect();
            return Err(ComponentError {
                offset: name_at,
                width: name.chars().count().max(1),
                message: format!("there is no component called `{name}`"),
                hint: match did_you_mean(name, &names) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => format!("components are: {}", names.join(", ")),
                },
            });
        };
        for (key, at, _) in &call.args {
            if !allowed.contains(key) {
                return Err(ComponentError {
                    offset: *at,
                    width: key.chars().count().max(1),
                    message: format!("`{name}` has no argument `{key}`"),
                    hint: match did_you_mean(key, allowed) {
                        Some(best) => format!("did you mean `{best}`?"),
                        None if allowed.is_empty() => format!("write {{{{ {name}() }}}}"),
                        None => format!("its arguments are: {}", allowed.join(", ")),
                    },
                });
            }
        }
        let arg = |key: &str| {
            call.args
                .iter()
                .find(|(k, _, _)| *k == key)
                .map(|(_, at, v)| (v.as_str(), *at))
        };
        let required = |key: &str| {
            arg(key).ok_or_else(|| ComponentError {
                offset: name_at,
                width: name.chars().count(),
                message: format!("`{name}` needs `{key}`"),
                hint: format!("write {{{{ {name}({key}=\"…\") }}}}"),
            })
        };
        let unknown =
            |what: &str, value: &str, at: usize, known: Vec<&str>, file: &str| ComponentError {
                offset: at,
                width: value.chars().count() + 5,
                message: format!("there is no {what} `{value}` in {file}"),
                hint: match did_you_mean(value, &known) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None if known.is_empty() => format!("add it to {file} first"),
                    None => format!("known: {}", known.join(", ")),
                },
            };
        match name {
            "video" => {
                let (id, at) = required("id")?;
                let v = self.videos.get(id).ok_or_else(|| {
                    unknown(
                        "video",
                        id,
                        at,
                        self.videos.keys().map(String::as_str).collect(),
                        "data/videos.yaml",
                    )
                })?;
                Ok(self.video(v, id, scripts))
            }
            "form" => {
                let (id, at) = required("id")?;
                let (title, description) = self.forms.get(id).ok_or_else(|| {
                    unknown(
                        "form",
                        id,
                        at,
                        self.forms.keys().map(String::as_str).collect(),
                        "forms/",
                    )
                })?;
                Ok(format!(
                    "<div class=\"card component-form\">\n<p class=\"card-title\"><a href=\"{}forms/{}/\">{}</a></p>\n<p>{}</p>\n</div>\n",
                    escape_attr(root),
                    escape_attr(id),
                    escape_attr(title),
                    escape_attr(description)
                ))
            }
            "contact" => {
                let (name_value, at) = required("name")?;
                let written = call.args.len() > 1;
                let contact = if written {
                    let get = |k: &str| arg(k).map_or_else(String::new, |(v, _)| v.to_string());
                    Contact {
                        name: name_value.to_string(),
                        purpose: get("purpose"),
                        phone: get("phone"),
                        hours: get("hours"),
                        email: get("email"),
                        web: get("web"),
                    }
                } else {
                    self.contacts
                        .iter()
                        .find(|c| c.name == name_value)
                        .cloned()
                        .ok_or_else(|| {
                            unknown(
                                "contact",
                                name_value,
                                at,
                                self.contacts.iter().map(|c| c.name.as_str()).collect(),
                                "data/contacts.yaml",
                            )
                        })?
                };
                Ok(contact_card(&contact))
            }
            _ => Ok(URGENT.to_string()),
        }
    }

    fn video(&self, v: &Video, id: &str, scripts: &mut bool) -> String {
        let mut html = format!(
            "<div class=\"video-card component-video\" id=\"video-{}\">\n<p class=\"video-title\">{}</p>\n",
            escape_attr(id),
            escape_attr(&v.title)
        );
        if !v.teaches.is_empty() {
            html.push_str(&format!("<p>{}</p>\n", escape_attr(&v.teaches)));
        }
        if v.available && !v.embed_url.is_empty() {
            *scripts = true;
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
}

fn contact_card(c: &Contact) -> String {
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
const URGENT: &str = "<div class=\"callout callout-urgent\">\n<p class=\"callout-label\">Urgent</p>\n<p>Call <a href=\"tel:999\">999</a> if someone is seriously ill or injured, or their life is at risk.</p>\n<p>Call <a href=\"tel:111\">111</a> or go to <a href=\"https://111.nhs.uk/\">111.nhs.uk</a> if you need medical help fast but it is not an emergency.</p>\n</div>\n";

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> Components {
        let data = serde_json::json!({
            "videos": {"videos": [
                {"id": "intro", "title": "An <intro>", "embed_url": "https://www.youtube-nocookie.com/embed/abc", "url": "https://example.org/v"}
            ]},
            "contacts": {"current": [{"name": "NHS 111", "purpose": "Urgent help", "phone": "111"}]}
        });
        Components::new(&data, &[])
    }

    #[test]
    fn a_video_is_a_click_to_load_card_and_escaped() {
        let mut scripts = false;
        let html = site()
            .render("{{ video(id=\"intro\") }}", "../", &mut scripts)
            .unwrap();
        assert!(scripts);
        assert!(html.contains("data-embed=\"https://www.youtube-nocookie.com/embed/abc\""));
        assert!(html.contains("An &lt;intro&gt;"), "{html}");
        assert!(
            !html.contains("<iframe"),
            "nothing loads until the reader asks"
        );
    }

    #[test]
    fn unknown_names_arguments_and_ids_are_located() {
        let c = site();
        let mut s = false;
        let e = c
            .render("{{ vidoe(id=\"intro\") }}", "", &mut s)
            .unwrap_err();
        assert_eq!((e.offset, e.width), (3, 5));
        assert_eq!(e.hint, "did you mean `video`?");
        let e = c
            .render("{{ video(idd=\"intro\") }}", "", &mut s)
            .unwrap_err();
        assert_eq!(
            &"{{ video(idd=\"intro\") }}"[e.offset..e.offset + e.width],
            "idd"
        );
        let e = c
            .render("{{ video(id=\"intr\") }}", "", &mut s)
            .unwrap_err();
        assert!(e.message.contains("no video `intr`"), "{e:?}");
        assert_eq!(e.hint, "did you mean `intro`?");
        let e = c.render("{{ video(id=intro) }}", "", &mut s).unwrap_err();
        assert!(e.message.contains("in quotes"), "{e:?}");
    }

    #[test]
    fn contacts_come_from_data_or_are_written_in_place() {
        let c = site();
        let mut s = false;
        let html = c
            .render("{{ contact(name=\"NHS 111\") }}", "", &mut s)
            .unwrap();
        assert!(html.contains("href=\"tel:111\""), "{html}");
        let html = c
            .render(
                "{{ contact(name=\"Team\", email=\"a@b.org\") }}",
                "",
                &mut s,
            )
            .unwrap();
        assert!(html.contains("mailto:a@b.org"), "{html}");
        assert!(
            c.render("{{ urgent() }}", "", &mut s)
                .unwrap()
                .contains("999")
        );
    }

    #[test]
    fn only_a_whole_paragraph_is_a_component() {
        assert!(is_component("{{ urgent() }}"));
        assert!(!is_component("Call {{ urgent() }} now"));
        assert!(!is_component("{{ not a call }}"));
    }
}
