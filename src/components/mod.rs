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

mod cards;
mod parse;

use std::collections::BTreeMap;

use crate::diagnostic::did_you_mean;
use cards::{URGENT, contact_card, form_card, video_card};
use parse::{Call, parse};

/// What components can show, gathered once from the site.
#[derive(Debug, Default, Clone)]
pub struct Components {
    videos: BTreeMap<String, Video>,
    forms: BTreeMap<String, (String, String)>,
    contacts: Vec<Contact>,
}

#[derive(Debug, Default, Clone)]
pub(super) struct Video {
    pub(super) title: String,
    pub(super) teaches: String,
    pub(super) provider: String,
    pub(super) url: String,
    pub(super) embed_url: String,
    pub(super) available: bool,
}

#[derive(Debug, Default, Clone)]
pub(super) struct Contact {
    pub(super) name: String,
    pub(super) purpose: String,
    pub(super) phone: String,
    pub(super) hours: String,
    pub(super) email: String,
    pub(super) web: String,
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
        known_name_and_arguments(&call)?;
        match call.name.0 {
            "video" => {
                let (id, at) = call.required("id")?;
                let v = self.videos.get(id).ok_or_else(|| {
                    let known = self.videos.keys().map(String::as_str).collect();
                    unknown("video", id, at, known, "data/videos.yaml")
                })?;
                if v.available && !v.embed_url.is_empty() {
                    *scripts = true;
                }
                Ok(video_card(v, id))
            }
            "form" => {
                let (id, at) = call.required("id")?;
                let (title, description) = self.forms.get(id).ok_or_else(|| {
                    let known = self.forms.keys().map(String::as_str).collect();
                    unknown("form", id, at, known, "forms/")
                })?;
                Ok(form_card(root, id, title, description))
            }
            "contact" => Ok(contact_card(&self.contact(&call)?)),
            _ => Ok(URGENT.to_string()),
        }
    }

    /// The contact a `contact` call names: written in place when it has
    /// more arguments than `name`, else from data/contacts.yaml.
    fn contact(&self, call: &Call<'_>) -> Result<Contact, ComponentError> {
        let (name, at) = call.required("name")?;
        if call.args.len() > 1 {
            let get = |k: &str| call.arg(k).map_or_else(String::new, |(v, _)| v.to_string());
            return Ok(Contact {
                name: name.to_string(),
                purpose: get("purpose"),
                phone: get("phone"),
                hours: get("hours"),
                email: get("email"),
                web: get("web"),
            });
        }
        self.contacts
            .iter()
            .find(|c| c.name == name)
            .cloned()
            .ok_or_else(|| {
                let known = self.contacts.iter().map(|c| c.name.as_str()).collect();
                unknown("contact", name, at, known, "data/contacts.yaml")
            })
    }
}

/// An error unless the call names a component of [`KINDS`] and only the
/// arguments it takes.
fn known_name_and_arguments(call: &Call<'_>) -> Result<(), ComponentError> {
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
    Ok(())
}

/// A video, form or contact id that the site does not have, at `at`.
fn unknown(what: &str, value: &str, at: usize, known: Vec<&str>, file: &str) -> ComponentError {
    ComponentError {
        offset: at,
        width: value.chars().count() + 5,
        message: format!("there is no {what} `{value}` in {file}"),
        hint: match did_you_mean(value, &known) {
            Some(best) => format!("did you mean `{best}`?"),
            None if known.is_empty() => format!("add it to {file} first"),
            None => format!("known: {}", known.join(", ")),
        },
    }
}

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
