//! A form as an HL7 FHIR R4 Questionnaire (JSON).
//!
//! The mapping is documented in docs/forms.md. Validation already guarantees
//! what the R4 invariants need (unique ids for que-2, no code or required on a
//! note for que-3/que-6, non-empty sections and tables for que-1); this module
//! only has to not add anything that breaks them, and the tests walk the JSON
//! to check all of que-0..que-13.

use serde_json::{Map, Value, json};

use super::model::{Answer, ChoiceOption, Code, Field, FieldKind, Form, Section, ShowIf};

const ITEM_CONTROL: &str = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl";
const ITEM_CONTROL_SYSTEM: &str = "http://hl7.org/fhir/questionnaire-item-control";
const REGEX: &str = "http://hl7.org/fhir/StructureDefinition/regex";

/// The Questionnaire's canonical URL: `<base>forms/<id>/questionnaire.json`.
pub fn canonical_url(canonical_base: &str, form_id: &str) -> String {
    let sep = if canonical_base.ends_with('/') {
        ""
    } else {
        "/"
    };
    format!("{canonical_base}{sep}forms/{form_id}/questionnaire.json")
}

/// The canonical URL of the form's own CodeSystem, which holds the codes of
/// its options that have no code of their own: `<base>forms/<id>/codesystem.json`,
/// published beside the Questionnaire.
pub fn codesystem_url(canonical_base: &str, form_id: &str) -> String {
    canonical_url(canonical_base, form_id).replace("/questionnaire.json", "/codesystem.json")
}

/// The options a form codes in its own CodeSystem: one concept per option id
/// (validation makes an id mean one label across the form), first use first.
fn own_concepts(form: &Form) -> Vec<(&str, &str)> {
    let mut out: Vec<(&str, &str)> = Vec::new();
    for f in form.sections.iter().flat_map(|s| &s.fields) {
        if let FieldKind::Choice { options, .. } = &f.kind {
            for o in options.iter().filter(|o| o.code.is_none()) {
                if !out.iter().any(|(k, _)| *k == o.key()) {
                    out.push((o.key(), &o.label));
                }
            }
        }
    }
    out
}

/// True when some option of the form has no code of its own, so the form
/// publishes a CodeSystem.
pub fn has_own_codes(form: &Form) -> bool {
    !own_concepts(form).is_empty()
}

/// The form's own CodeSystem, for `/forms/<id>/codesystem.json`, or `None`
/// when every option carries a code of its own.
pub fn codesystem(
    form: &Form,
    publisher: &str,
    canonical_base: &str,
    fallback_date: &str,
) -> Option<Value> {
    let concepts = own_concepts(form);
    if concepts.is_empty() {
        return None;
    }
    let mut cs = Map::new();
    cs.insert("resourceType".into(), json!("CodeSystem"));
    cs.insert("id".into(), json!(form.id));
    cs.insert(
        "url".into(),
        json!(codesystem_url(canonical_base, &form.id)),
    );
    cs.insert("version".into(), json!(form.version));
    cs.insert(
        "name".into(),
        json!(format!("{}Answers", fhir_name(&form.id))),
    );
    cs.insert("title".into(), json!(format!("{}: answers", form.title)));
    cs.insert("status".into(), json!(form.status));
    let date = form.date.as_deref().unwrap_or(fallback_date);
    if !date.is_empty() {
        cs.insert("date".into(), json!(date));
    }
    if !publisher.trim().is_empty() {
        cs.insert("publisher".into(), json!(publisher.trim()));
    }
    cs.insert(
        "description".into(),
        json!(format!(
            "The answers of the form ‘{}’ that have no code in a standard terminology. \
             A code is the option's id, which never changes when its wording does.",
            form.title
        )),
    );
    cs.insert("caseSensitive".into(), json!(true));
    cs.insert("content".into(), json!("complete"));
    cs.insert("count".into(), json!(concepts.len()));
    cs.insert(
        "concept".into(),
        Value::Array(
            concepts
                .iter()
                .map(|(code, display)| json!({ "code": code, "display": display }))
                .collect(),
        ),
    );
    Some(Value::Object(cs))
}

/// A computer-friendly name for the form (que-0: `[A-Z]([A-Za-z0-9_]){0,254}`),
/// made from its id: `acp-conversation-record` → `AcpConversationRecord`.
pub fn fhir_name(id: &str) -> String {
    let mut name: String = id
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut cs = w.chars();
            cs.next()
                .map(|c| c.to_ascii_uppercase().to_string() + cs.as_str())
                .unwrap_or_default()
        })
        .collect();
    // A form id starts with a letter, but keep the invariant even if not.
    if !name.starts_with(|c: char| c.is_ascii_uppercase()) {
        name.insert_str(0, "Form");
    }
    name.truncate(255);
    name
}

/// FHIR R4 Questionnaire JSON for `/forms/<id>/questionnaire.json`.
/// `publisher` comes from site.yaml; `fallback_date` is used when the form
/// has no `date:`.
pub fn questionnaire(
    form: &Form,
    publisher: &str,
    canonical_base: &str,
    fallback_date: &str,
) -> Value {
    let mut q = Map::new();
    q.insert("resourceType".into(), json!("Questionnaire"));
    q.insert("id".into(), json!(form.id));
    q.insert("language".into(), json!("en-GB"));
    q.insert("url".into(), json!(canonical_url(canonical_base, &form.id)));
    q.insert("version".into(), json!(form.version));
    q.insert("name".into(), json!(fhir_name(&form.id)));
    q.insert("title".into(), json!(form.title));
    q.insert("status".into(), json!(form.status));
    let date = form.date.as_deref().unwrap_or(fallback_date);
    // FHIR forbids empty strings, so leave out what we do not have.
    if !date.is_empty() {
        q.insert("date".into(), json!(date));
    }
    if !publisher.trim().is_empty() {
        q.insert("publisher".into(), json!(publisher.trim()));
    }
    q.insert("description".into(), json!(form.description));
    q.insert("subjectType".into(), json!(["Patient"]));
    let own = codesystem_url(canonical_base, &form.id);
    let mut items: Vec<Value> = Vec::new();
    if let Some(intro) = &form.intro {
        items.push(display(format!("{}:intro", form.id), intro));
    }
    items.extend(form.sections.iter().map(|s| section(s, &own)));
    q.insert("item".into(), Value::Array(items));
    Value::Object(q)
}

fn display(link_id: String, text: &str) -> Value {
    json!({ "linkId": link_id, "text": text, "type": "display" })
}

fn section(s: &Section, own: &str) -> Value {
    let mut items = Vec::new();
    if let Some(intro) = &s.intro {
        items.push(display(format!("{}:intro", s.id), intro));
    }
    items.extend(s.fields.iter().map(|f| field(f, own)));
    json!({ "linkId": s.id, "text": s.title, "type": "group", "item": items })
}

fn coding(code: &Code, display: &str) -> Value {
    json!({ "system": code.system, "code": code.code, "display": display })
}

/// An answer's Coding. Its display is the code system's own term (the
/// option's label for the form's own codes); a Coding without one is left
/// without a display rather than given a label that is not the code's term.
fn answer_coding(option: &ChoiceOption, own: &str) -> Value {
    let code = option.coding(own);
    let mut c = Map::new();
    c.insert("system".into(), json!(code.system));
    c.insert("code".into(), json!(code.code));
    if let Some(display) = &code.display {
        c.insert("display".into(), json!(display));
    }
    Value::Object(c)
}

fn item_control(code: &str) -> Value {
    json!({
        "url": ITEM_CONTROL,
        "valueCodeableConcept": { "coding": [{ "system": ITEM_CONTROL_SYSTEM, "code": code }] }
    })
}

fn field(f: &Field, own: &str) -> Value {
    let mut item = Map::new();
    item.insert("linkId".into(), json!(f.id));
    let mut children: Vec<Value> = Vec::new();
    let mut extensions: Vec<Value> = Vec::new();
    let type_ = item_type(f, own, &mut item, &mut children, &mut extensions);
    if !extensions.is_empty() {
        item.insert("extension".into(), Value::Array(extensions));
    }
    let text = match &f.kind {
        FieldKind::Note { text } if f.label.is_empty() => text.clone(),
        FieldKind::Note { text } => format!("{}\n\n{}", f.label, text),
        _ => f.label.clone(),
    };
    item.insert("text".into(), json!(text));
    item.insert("type".into(), json!(type_));
    if let Some(code) = &f.code {
        let display = code.display.as_deref().unwrap_or(&f.label);
        item.insert("code".into(), json!([coding(code, display)]));
    }
    if let Some(cond) = &f.show_if {
        item.insert("enableWhen".into(), json!([enable_when(cond, own)]));
    }
    // que-6: required never on a display item (validation refuses it too).
    if f.required && type_ != "display" {
        item.insert("required".into(), json!(true));
    }
    if let Some(help) = &f.help {
        children.push(help_item(&f.id, help));
    }
    if !children.is_empty() {
        item.insert("item".into(), Value::Array(children));
    }
    Value::Object(item)
}

/// A `show_if` as an R4 `enableWhen`.
fn enable_when(cond: &ShowIf, own: &str) -> Map<String, Value> {
    let (key, answer) = match &cond.equals {
        Answer::Boolean { value } => ("answerBoolean", json!(value)),
        Answer::Choice { option } => ("answerCoding", answer_coding(option, own)),
    };
    let mut when = Map::new();
    when.insert("question".into(), json!(cond.field));
    when.insert("operator".into(), json!("="));
    when.insert(key.into(), answer);
    when
}

/// Help text as a child display item with the `help` item control.
fn help_item(id: &str, help: &str) -> Value {
    let mut h = Map::new();
    h.insert("linkId".into(), json!(format!("{id}:help")));
    h.insert("text".into(), json!(help));
    h.insert("type".into(), json!("display"));
    h.insert("extension".into(), json!([item_control("help")]));
    Value::Object(h)
}

/// The item's FHIR `type`; the type's own keys go into `item`, its child
/// items into `children` and its extensions into `extensions`.
fn item_type(
    f: &Field,
    own: &str,
    item: &mut Map<String, Value>,
    children: &mut Vec<Value>,
    extensions: &mut Vec<Value>,
) -> &'static str {
    match &f.kind {
        FieldKind::Text { max_length } => {
            if let Some(n) = max_length {
                item.insert("maxLength".into(), json!(n));
            }
            "string"
        }
        FieldKind::Textarea { max_length, .. } => {
            if let Some(n) = max_length {
                item.insert("maxLength".into(), json!(n));
            }
            "text"
        }
        FieldKind::Date => "date",
        FieldKind::YesNo => "boolean",
        FieldKind::Choice { options, multiple } => {
            // R4 `choice` answers are Codings: a renderer matches a saved
            // answer by system and code, never by its wording.
            let opts: Vec<Value> = options
                .iter()
                .map(|o| json!({ "valueCoding": answer_coding(o, own) }))
                .collect();
            item.insert("answerOption".into(), Value::Array(opts));
            if *multiple {
                item.insert("repeats".into(), json!(true));
            }
            extensions.push(item_control(if *multiple {
                "check-box"
            } else {
                "radio-button"
            }));
            "choice"
        }
        FieldKind::NhsNumber => {
            item.insert("maxLength".into(), json!(10));
            extensions.push(json!({ "url": REGEX, "valueString": "^[0-9]{10}$" }));
            "string"
        }
        FieldKind::Phone => "string",
        FieldKind::Table { columns, .. } => {
            item.insert("repeats".into(), json!(true));
            children.extend(columns.iter().map(|c| {
                json!({ "linkId": format!("{}.{}", f.id, c.slug), "text": c.label, "type": "string" })
            }));
            "group"
        }
        // R4 has no signature type; a drawn or scanned signature is an image.
        FieldKind::Signature => "attachment",
        FieldKind::Note { .. } => "display",
    }
}
