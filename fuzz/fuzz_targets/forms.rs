//! Form definitions: parse, validate, and for valid forms the view and FHIR export.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    match careguide::forms::load("forms/x.yaml", text) {
        Ok(form) => {
            let _ = careguide::forms::view(&form);
            let q = careguide::forms::questionnaire(&form, "Org", "https://example.org/acp/", "2026-01-01");
            let _ = serde_json::to_string(&q);
        }
        Err(errors) => {
            assert!(!errors.is_empty());
            for e in errors {
                let _ = e.render(false);
            }
        }
    }
});
