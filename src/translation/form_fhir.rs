//! A form's translated labels in its FHIR Questionnaire (issue 21): each
//! translated `title`, `text`, `description` or answer `display` gets a
//! `_text` (…) element with the `translation` extension, as FHIR R4 carries
//! translations of a string.

use serde_json::{Value, json};

/// The FHIR extension for a translated string (on `_text`, `_title` …).
pub const TRANSLATION_EXT: &str = "http://hl7.org/fhir/StructureDefinition/translation";

/// Add each translation's words to the source form's Questionnaire `q`:
/// `language` is the site's default, and every `title`/`text`/`display`
/// that a translation changes gets a `_text` (…) element with the
/// `translation` extension (`lang`, `content`). `translated` are the
/// Questionnaires of the translated forms, which have the same shape.
pub fn add_to_questionnaire(q: &mut Value, language: &str, translated: &[(&str, Value)]) {
    if let Some(obj) = q.as_object_mut() {
        obj.insert("language".into(), json!(language));
    }
    for (lang, other) in translated {
        merge(q, other, lang);
    }
}

fn merge(into: &mut Value, other: &Value, lang: &str) {
    match (into, other) {
        (Value::Object(a), Value::Object(b)) => {
            for key in ["title", "text", "display", "description"] {
                if let (Some(Value::String(mine)), Some(Value::String(theirs))) =
                    (a.get(key), b.get(key))
                    && mine != theirs
                {
                    let ext = json!({
                        "url": TRANSLATION_EXT,
                        "extension": [
                            { "url": "lang", "valueCode": lang },
                            { "url": "content", "valueString": theirs }
                        ]
                    });
                    let slot = a
                        .entry(format!("_{key}"))
                        .or_insert_with(|| json!({ "extension": [] }));
                    if let Some(Value::Array(list)) = slot
                        .as_object_mut()
                        .map(|o| o.entry("extension").or_insert_with(|| json!([])))
                    {
                        list.push(ext);
                    }
                }
            }
            for (k, v) in a.iter_mut() {
                if k.starts_with('_') {
                    continue;
                }
                if let Some(o) = b.get(k) {
                    merge(v, o, lang);
                }
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            for (x, y) in a.iter_mut().zip(b) {
                merge(x, y, lang);
            }
        }
        _ => {}
    }
}
