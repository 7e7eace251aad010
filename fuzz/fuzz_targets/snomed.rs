//! The SNOMED CT identifier check (Verhoeff digit, partition, length).
#![no_main]

use careguide::check::snomed;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|id: &str| {
    let valid = snomed::validate(id).is_ok();
    if valid {
        // A valid id is 6 to 18 digits and passes Verhoeff.
        assert!(id.bytes().all(|b| b.is_ascii_digit()), "{id:?}");
        assert!((6..=18).contains(&id.len()), "{id:?}");
        assert!(snomed::verhoeff_valid(id));
    }
    if let Some(d) = snomed::check_digit(id) {
        assert!(d < 10);
    }
    let file_text = format!("code: \"{id}\"\n");
    if let Some(d) = snomed::lint("data/codes.yaml", &file_text, id, 1, 8) {
        let _ = d.render(false);
    }
    let _ = snomed::kind(id);
});
