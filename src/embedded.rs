//! The default theme, built into the binary (see build.rs).

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));

/// An embedded default template, by name (`base.html`).
pub fn template(name: &str) -> Option<&'static str> {
    TEMPLATES
        .iter()
        .find(|(n, _)| *n == name)
        .and_then(|(_, b)| std::str::from_utf8(b).ok())
}
