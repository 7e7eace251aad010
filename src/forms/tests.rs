//! Tests of the whole forms module: the FHIR mapping of every field type, the
//! R4 Questionnaire invariants, located validation errors, the template view,
//! and golden snapshots of the default forms and of broken forms.

use std::collections::HashSet;
use std::path::Path;

use serde_json::{Value, json};

use super::view::FieldView;
use super::*;
use crate::diagnostic::Diagnostic;

const ALL_TYPES: &str = r#"id: every-type
title: Every field type
version: "2.1"
audience: everyone
status: draft
description: One field of each type.
date: 2026-05-28
intro: Read this first.
sections:
  - id: about
    title: About
    intro: Some words.
    fields:
      - { id: name, label: Full name, type: text, required: true, max_length: 80 }
      - { id: story, label: Your story, type: textarea, lines: 6, help: Take your time. }
      - { id: dob, label: Date of birth, type: date }
      - { id: has-lpa, label: Has a health and welfare attorney, type: yes-no }
      - id: cpr
        label: CPR decision
        type: choice
        code: { system: snomed, code: "304251008", display: Resuscitation status }
        options:
          - { label: For attempted CPR, code: { system: snomed, code: "450475007", display: For cardiopulmonary resuscitation } }
          - { id: not-for-cpr, label: Not for attempted CPR, code: { system: snomed, code: "450476008", display: Not for attempted cardiopulmonary resuscitation } }
      - id: places
        label: Places
        type: choice
        multiple: true
        options: [{ id: home, label: Home }, { id: hospice, label: Hospice }]
      - { id: nhs, label: NHS number, type: nhs-number }
      - { id: tel, label: Phone, type: phone }
      - { id: contacts, label: People to contact, type: table, columns: [Name, Phone number], rows: 3, required: true }
      - { id: signed, label: Signature, type: signature }
      - { id: note-1, type: note, text: Thank you. }
      - { id: heading-note, label: Before you start, type: note, text: Find a quiet place. }
  - id: more
    title: More
    fields:
      - { id: lpa-name, label: Name of attorney, type: text, show_if: { field: has-lpa, equals: yes } }
      - { id: no-lpa, label: Why not, type: textarea, show_if: { field: has-lpa, equals: "no" } }
      - { id: dnacpr-where, label: Where is the form kept, type: text, show_if: { field: cpr, equals: not-for-cpr } }
      - { id: hospice-name, label: Which hospice, type: text, show_if: { field: places, equals: hospice } }
"#;

fn all_types() -> Form {
    match load("forms/every-type.yaml", ALL_TYPES) {
        Ok(f) => f,
        Err(errors) => panic!("{}", render(&errors)),
    }
}

fn q() -> Value {
    questionnaire(
        &all_types(),
        "NHS Example ICB",
        "https://example.nhs.uk/",
        "2020-01-01",
    )
}

fn render(errors: &[Diagnostic]) -> String {
    errors
        .iter()
        .map(|d| d.render(false))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every item of the questionnaire, depth first.
fn items(v: &Value) -> Vec<&Value> {
    let mut out = Vec::new();
    if let Some(list) = v.get("item").and_then(Value::as_array) {
        for i in list {
            out.push(i);
            out.extend(items(i));
        }
    }
    out
}

fn item<'a>(q: &'a Value, link_id: &str) -> &'a Value {
    items(q)
        .into_iter()
        .find(|i| i["linkId"] == link_id)
        .unwrap_or_else(|| panic!("no item {link_id}"))
}

/// Assert the R4 Questionnaire invariants que-0..que-13 and the cardinalities
/// our output could get wrong.
pub(super) fn assert_r4_valid(q: &Value) {
    assert_eq!(q["resourceType"], "Questionnaire");
    // que-0: name is identifier-like.
    if let Some(name) = q.get("name").and_then(Value::as_str) {
        let mut cs = name.chars();
        assert!(
            cs.next().is_some_and(|c| c.is_ascii_uppercase()),
            "que-0: {name}"
        );
        assert!(
            name.len() <= 255 && cs.all(|c| c.is_ascii_alphanumeric() || c == '_'),
            "que-0: {name}"
        );
    }
    assert!(
        ["draft", "active", "retired", "unknown"].contains(&q["status"].as_str().unwrap_or("")),
        "status 1..1"
    );
    // No empty strings anywhere (FHIR forbids them).
    fn no_empty_strings(v: &Value, path: &str) {
        match v {
            Value::String(s) => assert!(!s.trim().is_empty(), "empty string at {path}"),
            Value::Array(a) => a
                .iter()
                .enumerate()
                .for_each(|(i, x)| no_empty_strings(x, &format!("{path}[{i}]"))),
            Value::Object(o) => o
                .iter()
                .for_each(|(k, x)| no_empty_strings(x, &format!("{path}.{k}"))),
            _ => {}
        }
    }
    no_empty_strings(q, "Questionnaire");
    let all = items(q);
    let mut seen = HashSet::new();
    for i in &all {
        let id = i["linkId"].as_str().expect("linkId 1..1");
        // que-2: linkIds unique across the questionnaire.
        assert!(seen.insert(id), "que-2: duplicate linkId {id}");
    }
    const TYPES: &[&str] = &[
        "group",
        "display",
        "boolean",
        "decimal",
        "integer",
        "date",
        "dateTime",
        "time",
        "string",
        "text",
        "url",
        "choice",
        "open-choice",
        "attachment",
        "reference",
        "quantity",
    ];
    for i in &all {
        let id = i["linkId"].as_str().unwrap_or("");
        let t = i["type"].as_str().expect("type 1..1");
        assert!(TYPES.contains(&t), "{id}: type {t}");
        let children = i.get("item").and_then(Value::as_array).map_or(0, Vec::len);
        let has = |k: &str| i.get(k).is_some();
        // que-1: a group has items; a display has none.
        if t == "group" {
            assert!(children > 0, "que-1: empty group {id}");
        }
        if t == "display" {
            assert_eq!(children, 0, "que-1: display {id} has items");
            assert!(!has("code"), "que-3: display {id} has a code");
            assert!(!has("required") && !has("repeats"), "que-6: display {id}");
            assert!(!has("readOnly"), "que-9: display {id} is readOnly");
        }
        assert!(
            !(has("answerOption") && has("answerValueSet")),
            "que-4: {id}"
        );
        if has("answerOption") || has("answerValueSet") {
            assert!(t == "choice" || t == "open-choice", "que-5: {id} is {t}");
        }
        if t == "group" || t == "display" {
            assert!(!has("initial"), "que-8: {id}");
        }
        if has("maxLength") {
            assert!(
                [
                    "boolean",
                    "decimal",
                    "integer",
                    "string",
                    "text",
                    "url",
                    "open-choice"
                ]
                .contains(&t),
                "que-10: maxLength on {t} ({id})"
            );
        }
        assert!(!(has("answerOption") && has("initial")), "que-11: {id}");
        let initials = i
            .get("initial")
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
        if initials > 1 {
            assert_eq!(i["repeats"], true, "que-13: {id}");
        }
        if let Some(whens) = i.get("enableWhen").and_then(Value::as_array) {
            if whens.len() > 1 {
                assert!(has("enableBehavior"), "que-12: {id}");
            }
            for w in whens {
                let question = w["question"].as_str().expect("enableWhen.question");
                assert!(
                    seen.contains(question),
                    "{id}: enableWhen names unknown {question}"
                );
                let op = w["operator"].as_str().expect("enableWhen.operator");
                let answers: Vec<&String> = w
                    .as_object()
                    .map(|o| o.keys().filter(|k| k.starts_with("answer")).collect())
                    .unwrap_or_default();
                assert_eq!(answers.len(), 1, "{id}: enableWhen answer[x] 1..1");
                if op == "exists" {
                    assert!(w.get("answerBoolean").is_some(), "que-7: {id}");
                }
            }
        }
        if let Some(options) = i.get("answerOption").and_then(Value::as_array) {
            for o in options {
                let values = o
                    .as_object()
                    .map_or(0, |o| o.keys().filter(|k| k.starts_with("value")).count());
                assert_eq!(values, 1, "{id}: answerOption value[x] 1..1");
            }
        }
    }
}

// ---- FHIR mapping of every field type ----

#[test]
fn questionnaire_header() {
    let q = q();
    assert_eq!(
        q["url"],
        "https://example.nhs.uk/forms/every-type/questionnaire.json"
    );
    assert_eq!(q["id"], "every-type");
    assert_eq!(q["name"], "EveryType");
    assert_eq!(q["version"], "2.1");
    assert_eq!(q["title"], "Every field type");
    assert_eq!(q["status"], "draft");
    assert_eq!(q["date"], "2026-05-28");
    assert_eq!(q["publisher"], "NHS Example ICB");
    assert_eq!(q["description"], "One field of each type.");
    assert_eq!(item(&q, "every-type:intro")["type"], "display");
    assert_r4_valid(&q);
}

#[test]
fn fallback_date_and_missing_publisher() {
    let mut form = all_types();
    form.date = None;
    let q = questionnaire(&form, " ", "https://example.nhs.uk", "2020-01-01");
    assert_eq!(q["date"], "2020-01-01");
    assert!(q.get("publisher").is_none(), "no empty publisher");
    assert_eq!(
        q["url"],
        "https://example.nhs.uk/forms/every-type/questionnaire.json"
    );
    assert_r4_valid(&q);
}

#[test]
fn sections_are_groups_with_intro() {
    let q = q();
    let about = item(&q, "about");
    assert_eq!(about["type"], "group");
    assert_eq!(about["text"], "About");
    assert_eq!(
        about["item"][0],
        json!({"linkId": "about:intro", "text": "Some words.", "type": "display"})
    );
}

#[test]
fn text_and_textarea() {
    let q = q();
    let name = item(&q, "name");
    assert_eq!(name["type"], "string");
    assert_eq!(name["maxLength"], 80);
    assert_eq!(name["required"], true);
    let story = item(&q, "story");
    assert_eq!(story["type"], "text");
    assert!(story.get("required").is_none());
    let help = item(&q, "story:help");
    assert_eq!(help["type"], "display");
    assert_eq!(help["text"], "Take your time.");
    assert_eq!(
        help["extension"][0]["valueCodeableConcept"]["coding"][0]["code"],
        "help"
    );
}

#[test]
fn date_yes_no_phone_signature() {
    let q = q();
    assert_eq!(item(&q, "dob")["type"], "date");
    assert_eq!(item(&q, "has-lpa")["type"], "boolean");
    assert_eq!(item(&q, "tel")["type"], "string");
    assert_eq!(item(&q, "signed")["type"], "attachment");
}

#[test]
fn choice_with_codes() {
    let q = q();
    let cpr = item(&q, "cpr");
    assert_eq!(cpr["type"], "choice");
    assert!(cpr.get("repeats").is_none());
    assert_eq!(
        cpr["answerOption"][1],
        json!({"valueCoding": {"system": "http://snomed.info/sct", "code": "450476008", "display": "Not for attempted cardiopulmonary resuscitation"}})
    );
    assert_eq!(
        cpr["code"],
        json!([{"system": "http://snomed.info/sct", "code": "304251008", "display": "Resuscitation status"}])
    );
    assert_eq!(
        cpr["extension"][0]["valueCodeableConcept"]["coding"][0]["code"],
        "radio-button"
    );
}

#[test]
fn multiple_choice_without_codes() {
    let q = q();
    let places = item(&q, "places");
    assert_eq!(places["repeats"], true);
    // Uncoded options are coded in the form's own CodeSystem, by their id.
    let own = "https://example.nhs.uk/forms/every-type/codesystem.json";
    assert_eq!(
        places["answerOption"],
        json!([
            {"valueCoding": {"system": own, "code": "home", "display": "Home"}},
            {"valueCoding": {"system": own, "code": "hospice", "display": "Hospice"}}
        ])
    );
    assert_eq!(
        places["extension"][0]["valueCodeableConcept"]["coding"][0]["code"],
        "check-box"
    );
}

#[test]
fn nhs_number() {
    let q = q();
    let nhs = item(&q, "nhs");
    assert_eq!(nhs["type"], "string");
    assert_eq!(nhs["maxLength"], 10);
    assert_eq!(
        nhs["extension"][0]["url"],
        "http://hl7.org/fhir/StructureDefinition/regex"
    );
}

#[test]
fn table_is_a_repeating_group() {
    let q = q();
    let t = item(&q, "contacts");
    assert_eq!(t["type"], "group");
    assert_eq!(t["repeats"], true);
    assert_eq!(t["required"], true);
    assert_eq!(
        t["item"],
        json!([
            {"linkId": "contacts.name", "text": "Name", "type": "string"},
            {"linkId": "contacts.phone-number", "text": "Phone number", "type": "string"}
        ])
    );
}

#[test]
fn note_is_display() {
    let q = q();
    assert_eq!(
        item(&q, "note-1"),
        &json!({"linkId": "note-1", "text": "Thank you.", "type": "display"})
    );
    assert_eq!(
        item(&q, "heading-note")["text"],
        "Before you start\n\nFind a quiet place."
    );
}

#[test]
fn show_if_becomes_enable_when() {
    let q = q();
    assert_eq!(
        item(&q, "lpa-name")["enableWhen"],
        json!([{"question": "has-lpa", "operator": "=", "answerBoolean": true}])
    );
    assert_eq!(item(&q, "no-lpa")["enableWhen"][0]["answerBoolean"], false);
    assert_eq!(
        item(&q, "dnacpr-where")["enableWhen"][0]["answerCoding"],
        json!({"system": "http://snomed.info/sct", "code": "450476008", "display": "Not for attempted cardiopulmonary resuscitation"})
    );
    assert_eq!(
        item(&q, "hospice-name")["enableWhen"][0]["answerCoding"],
        json!({"system": "https://example.nhs.uk/forms/every-type/codesystem.json", "code": "hospice", "display": "Hospice"})
    );
}

#[test]
fn fhir_names_are_identifiers() {
    assert_eq!(
        fhir_name("acp-conversation-record"),
        "AcpConversationRecord"
    );
    assert_eq!(fhir_name("my-wishes"), "MyWishes");
    assert_eq!(fhir_name("form-2"), "Form2");
    assert_eq!(fhir_name("2-step"), "Form2Step");
    assert_eq!(fhir_name(""), "Form");
}

// ---- the invariant checker itself catches breakage ----

fn breaks(mutate: impl FnOnce(&mut Value)) -> String {
    let mut q = q();
    mutate(&mut q);
    let err = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| assert_r4_valid(&q)))
        .expect_err("the checker should refuse this");
    err.downcast_ref::<String>().cloned().unwrap_or_default()
}

#[test]
fn checker_catches_each_invariant() {
    assert!(breaks(|q| q["name"] = json!("every-type")).contains("que-0"));
    assert!(breaks(|q| q["item"][1]["item"] = json!([])).contains("que-1"));
    assert!(breaks(|q| q["item"][2]["item"][0]["linkId"] = json!("about")).contains("que-2"));
    assert!(breaks(|q| q["item"][0]["code"] = json!([{"code": "1"}])).contains("que-3"));
    assert!(
        breaks(|q| q["item"][1]["item"][5]["answerValueSet"] = json!("http://x")).contains("que-4")
    );
    assert!(
        breaks(|q| q["item"][1]["item"][1]["answerOption"] = json!([{"valueString": "x"}]))
            .contains("que-5")
    );
    assert!(breaks(|q| q["item"][0]["required"] = json!(true)).contains("que-6"));
    assert!(
        breaks(|q| q["item"][2]["item"][2]["enableWhen"][0]["operator"] = json!("exists"))
            .contains("que-7")
    );
    assert!(breaks(|q| q["item"][1]["initial"] = json!([{"valueString": "x"}])).contains("que-8"));
    assert!(breaks(|q| q["item"][0]["readOnly"] = json!(true)).contains("que-9"));
    assert!(breaks(|q| q["item"][1]["item"][3]["maxLength"] = json!(3)).contains("que-10"));
    assert!(
        breaks(|q| q["item"][1]["item"][5]["initial"] = json!([{"valueString": "x"}]))
            .contains("que-11")
    );
    assert!(
        breaks(|q| {
            let w = q["item"][2]["item"][0]["enableWhen"][0].clone();
            q["item"][2]["item"][0]["enableWhen"] = json!([w.clone(), w]);
        })
        .contains("que-12")
    );
    assert!(
        breaks(|q| q["item"][1]["item"][1]["initial"] =
            json!([{"valueString": "a"}, {"valueString": "b"}]))
        .contains("que-13")
    );
}

// ---- the template view ----

#[test]
fn view_has_everything_a_template_needs() {
    let v = view(&all_types()).with_canonical_base("https://example.nhs.uk/");
    assert_eq!(
        v.canonical_url,
        "https://example.nhs.uk/forms/every-type/questionnaire.json"
    );
    assert_eq!(v.field_count, 16);
    assert_eq!(v.audience_label, "For everyone");
    assert!(!v.show_codes);
    let fields: Vec<&FieldView> = v.sections.iter().flat_map(|s| &s.fields).collect();
    let by_id = |id: &str| *fields.iter().find(|f| f.id == id).expect(id);
    let dob = by_id("dob");
    assert_eq!(
        dob.parts
            .iter()
            .map(|p| p.hint.as_str())
            .collect::<Vec<_>>(),
        ["DD", "MM", "YYYY"]
    );
    assert_eq!(dob.parts[0].html_id, "f-dob-day");
    let nhs = by_id("nhs");
    assert_eq!(
        nhs.parts.iter().map(|p| p.digits).collect::<Vec<_>>(),
        [3, 3, 4]
    );
    assert_eq!(by_id("story").lines, 6);
    assert_eq!(by_id("story").help_id, "f-story-help");
    assert_eq!(by_id("has-lpa").options[0].value, "yes");
    assert_eq!(
        by_id("cpr").options[1]
            .code
            .as_ref()
            .map(|c| c.code.as_str()),
        Some("450476008")
    );
    // Every option the page shows, in order or in a print block, carries the
    // full Coding an answer saves: the own CodeSystem's URL is filled in.
    let own = "https://example.nhs.uk/forms/every-type/codesystem.json";
    for s in &v.sections {
        let blocks = s.blocks.iter().flat_map(|b| &b.fields);
        for f in s
            .fields
            .iter()
            .chain(blocks)
            .filter(|f| f.type_name == "choice")
        {
            for o in &f.options {
                assert!(
                    o.coding.system == own || o.coding.system == SNOMED_URI,
                    "{}: {:?}",
                    f.id,
                    o.coding
                );
                assert!(!o.coding.code.is_empty() && !o.coding.display.is_empty());
            }
        }
    }
    let table = by_id("contacts");
    assert_eq!(table.rows.len(), 3);
    assert_eq!(table.rows[2].cells[1].label, "Phone number, row 3");
    assert_eq!(table.rows[2].cells[1].html_id, "f-contacts-r3-phone-number");
    let cond = by_id("lpa-name").show_if.as_ref().expect("show_if");
    assert_eq!(cond.text, "If yes to ‘Has a health and welfare attorney’:");
    assert_eq!(cond.html_id, "f-has-lpa");
    let cond = by_id("hospice-name").show_if.as_ref().expect("show_if");
    assert_eq!(cond.text, "If you ticked ‘Hospice’ for ‘Places’:");
    assert_eq!(by_id("note-1").text.as_deref(), Some("Thank you."));
    // Right after its question (or its question's other dependants), the
    // condition is short.
    let short = load(
        "forms/x.yaml",
        &one_section(concat!(
            "      - { id: a, label: A, type: yes-no }\n",
            "      - { id: b, label: B, type: text, show_if: { field: a, equals: yes } }\n",
            "      - { id: c, label: C, type: text, show_if: { field: a, equals: \"no\" } }\n",
            "      - { id: d, label: D, type: choice, options: [{ id: other, label: Other }] }\n",
            "      - { id: e, label: E, type: text, show_if: { field: d, equals: other } }\n",
            "      - { id: f, label: F, type: text, show_if: { field: a, equals: yes } }\n",
        )),
    )
    .map(|f| view(&f))
    .unwrap_or_else(|e| panic!("{}", render(&e)));
    let texts: Vec<&str> = short.sections[0]
        .fields
        .iter()
        .filter_map(|f| f.show_if.as_ref().map(|c| c.text.as_str()))
        .collect();
    assert_eq!(
        texts,
        ["If yes:", "If no:", "If ‘Other’:", "If yes to ‘A’:"]
    );
    // The same form with careguide's words in Polish (a translated page).
    let polish = crate::forms::FormWords::from_fn(|k| match k {
        "yes" => "Tak".into(),
        "no" => "Nie".into(),
        "day" => "Dzień".into(),
        "if_yes" => "Jeśli tak:".into(),
        "if_option" => "Jeśli „{option}”:".into(),
        "if_yes_to" => "Jeśli odpowiedź na „{question}” brzmi tak:".into(),
        "audience_patient" => "Dla pacjentów".into(),
        _ => crate::forms::FormWords::default()
            .word(k)
            .unwrap_or_default()
            .to_string(),
    });
    let translated = load(
        "forms/x.yaml",
        &one_section(concat!(
            "      - { id: a, label: A, type: yes-no }\n",
            "      - { id: b, label: B, type: text, show_if: { field: a, equals: yes } }\n",
            "      - { id: d, label: D, type: choice, options: [{ id: other, label: Inna }] }\n",
            "      - { id: e, label: E, type: text, show_if: { field: d, equals: other } }\n",
            "      - { id: f, label: F, type: text, show_if: { field: a, equals: yes } }\n",
            "      - { id: g, label: G, type: date }\n",
        )),
    )
    .map(|f| crate::forms::view_in(&f, &polish))
    .unwrap_or_else(|e| panic!("{}", render(&e)));
    let tfields = &translated.sections[0].fields;
    let texts: Vec<&str> = tfields
        .iter()
        .filter_map(|f| f.show_if.as_ref().map(|c| c.text.as_str()))
        .collect();
    assert_eq!(
        texts,
        [
            "Jeśli tak:",
            "Jeśli „Inna”:",
            "Jeśli odpowiedź na „A” brzmi tak:"
        ]
    );
    let labels: Vec<(&str, &str, &str)> = tfields[0]
        .options
        .iter()
        .map(|o| {
            (
                o.label.as_str(),
                o.value.as_str(),
                o.coding.display.as_str(),
            )
        })
        .collect();
    // The labels change; the values saved stay `yes` and `no`.
    assert_eq!(labels, [("Tak", "yes", "Yes"), ("Nie", "no", "No")]);
    assert_eq!(tfields[5].parts[0].label, "Dzień");
    assert_eq!(translated.audience_label, "Dla pacjentów");
    // A translation's options keep the source form's coding display (what
    // the Questionnaire says, and what LHC-Forms matches a saved answer by);
    // only the label a reader sees is translated.
    let source = load(
        "forms/x.yaml",
        &one_section(
            "      - { id: d, label: D, type: choice, options: [{ id: other, label: Other }] }\n",
        ),
    )
    .unwrap_or_else(|e| panic!("{}", render(&e)));
    let polish_form = load(
        "forms/x.yaml",
        &one_section(
            "      - { id: d, label: D, type: choice, options: [{ id: other, label: Inna }] }\n",
        ),
    )
    .unwrap_or_else(|e| panic!("{}", render(&e)));
    let shown = crate::forms::view_in(&polish_form, &polish).with_displays_of(&source);
    let option = &shown.sections[0].fields[0].options[0];
    assert_eq!(
        (option.label.as_str(), option.coding.display.as_str()),
        ("Inna", "Other")
    );
    let block_option = &shown.sections[0].blocks[0].fields[0].options[0];
    assert_eq!(block_option.coding.display, "Other");
    // html ids are unique across the page.
    let mut ids = HashSet::new();
    for f in &fields {
        assert!(ids.insert(f.html_id.clone()), "{}", f.html_id);
        for o in &f.options {
            assert!(ids.insert(o.html_id.clone()), "{}", o.html_id);
        }
        for p in &f.parts {
            assert!(ids.insert(p.html_id.clone()), "{}", p.html_id);
        }
        for r in &f.rows {
            for c in &r.cells {
                assert!(ids.insert(c.html_id.clone()), "{}", c.html_id);
            }
        }
    }
}

// ---- validation ----

fn errors(yaml: &str) -> Vec<Diagnostic> {
    load("forms/x.yaml", yaml).expect_err("should be refused")
}

fn one_section(fields: &str) -> String {
    format!(
        "id: x\ntitle: X\nversion: \"1\"\naudience: patient\nstatus: draft\ndescription: D\nsections:\n  - id: s\n    title: S\n    fields:\n{fields}"
    )
}

#[test]
fn unknown_key_has_did_you_mean() {
    let e = errors(&one_section("      - { id: a, lable: A, type: text }\n"));
    assert_eq!(e.len(), 1);
    assert_eq!((e[0].line, e[0].column), (11, 18));
    assert_eq!(e[0].hint.as_deref(), Some("did you mean `label`?"));
}

#[test]
fn all_errors_are_reported_at_once_with_locations() {
    let e = errors(&one_section(
        "      - { id: a, label: A, type: txt }\n      - { id: a, label: B, type: date, options: [{ label: X }] }\n      - { id: Bad_Id, label: C, type: yes-no }\n",
    ));
    let text = render(&e);
    assert_eq!(e.len(), 4, "{text}");
    assert!(
        text.contains("unknown field type `txt`") && text.contains("did you mean `text`?"),
        "{text}"
    );
    assert!(text.contains("duplicate id `a`"), "{text}");
    assert!(
        text.contains("`options` does not apply to a date field"),
        "{text}"
    );
    assert!(
        text.contains("`Bad_Id` is not a valid field id")
            && text.contains("did you mean `bad-id`?"),
        "{text}"
    );
    assert!(text.contains("--> forms/x.yaml:11:34"), "{text}");
}

#[test]
fn sections_and_fields_share_one_id_space() {
    let e = errors(&one_section("      - { id: s, label: A, type: text }\n"));
    assert!(e[0].message.contains("duplicate id `s`"), "{}", render(&e));
}

#[test]
fn show_if_must_name_an_earlier_field_and_a_possible_answer() {
    let e = errors(&one_section(concat!(
        "      - { id: a, label: A, type: text, show_if: { field: b, equals: yes } }\n",
        "      - { id: b, label: B, type: yes-no, show_if: { field: nope, equals: yes } }\n",
        "      - { id: c, label: C, type: text, show_if: { field: b, equals: maybe } }\n",
        "      - { id: d, label: D, type: choice, options: [{ id: home, label: Home }], show_if: { field: a, equals: x } }\n",
        "      - { id: e, label: E, type: text, show_if: { field: d, equals: hom } }\n",
        "      - { id: f, label: F, type: text, show_if: { field: s, equals: yes } }\n",
    )));
    let text = render(&e);
    assert!(
        text.contains("`show_if` names `b`, which comes after `a`"),
        "{text}"
    );
    assert!(text.contains("no field with that id"), "{text}");
    assert!(text.contains("cannot equal `maybe`"), "{text}");
    assert!(text.contains("`a` is a text field"), "{text}");
    assert!(
        text.contains("`hom` is not an option of `d`") && text.contains("did you mean `home`?"),
        "{text}"
    );
    assert!(text.contains("that is a section"), "{text}");
    assert_eq!(e.len(), 6, "{text}");
}

#[test]
fn codes_need_a_system_and_valid_snomed_ids() {
    let e = errors(&one_section(concat!(
        "      - id: a\n        label: A\n        type: choice\n        options:\n",
        "          - { label: One, code: { code: \"450475007\", display: X } }\n",
        "          - { label: Two, code: { system: snomed, code: \"450476007\", display: X } }\n",
        "          - { label: Three, code: { system: snomd, code: \"1\", display: X } }\n",
        "          - { label: Four, code: { system: \"http://loinc.org\", code: \"LA33-6\", display: X } }\n",
        "          - { label: Five, code: { system: \"http://loinc.org\", code: \"LA33-6\", display: X } }\n",
    )));
    let text = render(&e);
    assert!(text.contains("code `450475007` has no `system`"), "{text}");
    assert!(text.contains("check digit"), "{text}");
    assert!(
        text.contains("`snomd` is not a code system") && text.contains("did you mean `snomed`?"),
        "{text}"
    );
    assert!(
        text.contains("code `LA33-6` is used by two options"),
        "{text}"
    );
    assert_eq!(e.len(), 4, "{text}");
}

#[test]
fn type_specific_rules() {
    let e = errors(&one_section(concat!(
        "      - { id: a, label: A, type: choice }\n",
        "      - { id: b, label: B, type: table }\n",
        "      - { id: c, label: C, type: table, columns: [X, x], rows: 99 }\n",
        "      - { id: d, type: note, required: true }\n",
        "      - { id: e, label: E, type: textarea, lines: 0, multiple: true }\n",
        "      - { id: f, type: text }\n",
    )));
    let text = render(&e);
    for needle in [
        "choice field `a` has no options",
        "table `b` has no columns",
        "table `b` has no `rows`",
        "two columns of `c` are both called `x`",
        "`rows: 99` is out of range",
        "note `d` has no `text`",
        "`required` does not apply to a note field",
        "`lines: 0` is out of range",
        "`multiple` does not apply to a textarea field",
        "field `f` has no `label`",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in\n{text}");
    }
    assert_eq!(e.len(), 10, "{text}");
}

#[test]
fn header_rules() {
    let yaml = "id: My Form\ntitle: X\nversion: \"\"\naudience: patients\nstatus: final\ndescription: D\ndate: 2026-02-30\nsections: []\n";
    let text = render(&errors(yaml));
    for needle in [
        "`My Form` is not a valid form id",
        "`version` is empty",
        "`patients` is not a valid audience",
        "did you mean `patient`?",
        "`final` is not a valid status",
        "`2026-02-30` is not a valid date",
        "the form has no sections",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in\n{text}");
    }
}

#[test]
fn hostile_input_does_not_panic() {
    for yaml in [
        "",
        "[]",
        "id: [",
        "sections: 3",
        "\u{0}",
        "id: x\nsections:\n  - fields:\n    - {}\n",
    ] {
        assert!(load("forms/x.yaml", yaml).is_err(), "{yaml:?}");
    }
}

// ---- golden files ----

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn default_forms() -> Vec<(String, Form)> {
    let mut paths: Vec<_> = std::fs::read_dir(root().join("forms"))
        .expect("forms/")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        // Labels in other languages (`my-wishes.ur.yaml`) are not forms.
        .filter(|p| {
            p.file_stem()
                .is_some_and(|s| !s.to_string_lossy().contains('.'))
        })
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let name = format!(
                "forms/{}",
                p.file_name().and_then(|n| n.to_str()).unwrap_or("")
            );
            let text = std::fs::read_to_string(&p).expect("readable");
            let form = load(&name, &text).unwrap_or_else(|e| panic!("{}", render(&e)));
            (name, form)
        })
        .collect()
}

#[test]
fn default_forms_are_valid_r4_and_match_golden_json() {
    let forms = default_forms();
    assert!(forms.len() >= 3);
    for (name, form) in forms {
        assert_eq!(
            name,
            format!("forms/{}.yaml", form.id),
            "file name matches id"
        );
        let q = questionnaire(
            &form,
            "Example Integrated Care Board",
            "https://example.nhs.uk/",
            "2026-01-01",
        );
        assert_r4_valid(&q);
        let pretty = serde_json::to_string_pretty(&q).unwrap_or_default();
        insta::assert_snapshot!(format!("questionnaire-{}", form.id), pretty);
    }
}

#[test]
fn broken_forms_report_every_error() {
    let dir = root().join("tests/fixtures/forms-invalid");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixtures")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    paths.sort();
    assert!(!paths.is_empty());
    for p in paths {
        let file = p
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_string();
        let text = std::fs::read_to_string(&p).expect("readable");
        let shown = format!("tests/fixtures/forms-invalid/{file}");
        let errors = load(&shown, &text).expect_err(&file);
        let stem = file.trim_end_matches(".yaml").to_string();
        insta::assert_snapshot!(format!("invalid-{stem}"), render(&errors));
    }
}

#[test]
fn own_codes_are_published_and_survive_a_reworded_label() {
    let form = all_types();
    let cs = codesystem(
        &form,
        "NHS Example ICB",
        "https://example.nhs.uk/",
        "2020-01-01",
    )
    .expect("a form with uncoded options has a CodeSystem");
    assert_eq!(cs["resourceType"], "CodeSystem");
    assert_eq!(
        cs["url"],
        "https://example.nhs.uk/forms/every-type/codesystem.json"
    );
    assert_eq!(cs["content"], "complete");
    assert_eq!(
        cs["concept"],
        json!([{"code": "home", "display": "Home"}, {"code": "hospice", "display": "Hospice"}])
    );
    assert_eq!(cs["count"], 2);
    // The answer's code comes from the id, not the wording or position: a
    // reworded, reordered option keeps its code, so old answers keep meaning.
    let edited = ALL_TYPES.replace(
        "options: [{ id: home, label: Home }, { id: hospice, label: Hospice }]",
        "options: [{ id: hospice, label: A hospice }, { id: home, label: At home }]",
    );
    assert_ne!(edited, ALL_TYPES);
    let q2 = questionnaire(
        &load("forms/every-type.yaml", &edited).unwrap_or_else(|e| panic!("{}", render(&e))),
        "NHS Example ICB",
        "https://example.nhs.uk/",
        "2020-01-01",
    );
    let codes = |q: &Value| -> Vec<(String, String)> {
        item(q, "places")["answerOption"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| {
                let c = &o["valueCoding"];
                (
                    c["code"].as_str().unwrap().into(),
                    c["system"].as_str().unwrap().into(),
                )
            })
            .collect()
    };
    let mut before = codes(&q());
    let mut after = codes(&q2);
    before.sort();
    after.sort();
    assert_eq!(before, after);
    // A form whose options all carry their own codes publishes none.
    let coded = ALL_TYPES.replace(
        "options: [{ id: home, label: Home }, { id: hospice, label: Hospice }]",
        "options: [{ label: Home, code: { system: \"http://loinc.org\", code: \"LA1-8\", display: Home } }]",
    ).replace("      - { id: hospice-name, label: Which hospice, type: text, show_if: { field: places, equals: hospice } }\n", "");
    let coded = load("forms/every-type.yaml", &coded).unwrap_or_else(|e| panic!("{}", render(&e)));
    assert!(!has_own_codes(&coded));
    assert!(codesystem(&coded, "", "https://example.nhs.uk/", "").is_none());
}
