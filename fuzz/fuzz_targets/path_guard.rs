//! The preview server's request-path guard: whatever passes names a key
//! inside the snapshot and nothing else.
#![no_main]

use careguide::serve::path_guard::guard;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|raw: &str| {
    let Ok(p) = guard(raw) else { return };
    let key = p.key();
    assert!(!key.starts_with('/'), "{raw:?} -> {key:?}");
    for segment in key.split('/') {
        assert!(!segment.is_empty(), "{raw:?} -> {key:?}");
        assert!(segment.chars().any(|c| c != '.'), "{raw:?} -> {key:?}");
        assert!(!segment.contains(['\\', ':', '\0']), "{raw:?} -> {key:?}");
        assert!(!segment.chars().any(char::is_control), "{raw:?} -> {key:?}");
    }
    // The canonical URL guards to the same path again.
    let again = guard(&p.url()).expect("a guarded path's URL passes the guard");
    assert_eq!(again.segments, p.segments, "{raw:?}");
});
