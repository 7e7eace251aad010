//! Script addresses: links that run code when followed. The `unsafe-html`
//! rule reports them (`check::security`), and the renderer never writes
//! one into an `href`.

/// Address schemes that run script when a link is followed.
const SCRIPT_SCHEMES: &[&str] = &["javascript:", "vbscript:", "data:text/html"];

/// `javascript:`, `vbscript:` or `data:text/html` in any case, with the
/// blanks and control characters browsers skip (`java\tscript:` runs too).
pub fn is_script_url(url: &str) -> bool {
    script_scheme(url).is_some()
}

/// The scheme of a script address (as listed in [`SCRIPT_SCHEMES`]), if
/// `url` is one.
pub fn script_scheme(url: &str) -> Option<&'static str> {
    let squeezed: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(SCRIPT_SCHEMES.iter().map(|s| s.len()).max().unwrap_or(0))
        .collect::<String>()
        .to_ascii_lowercase();
    SCRIPT_SCHEMES
        .iter()
        .copied()
        .find(|scheme| squeezed.starts_with(scheme))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_urls_are_recognised_however_written() {
        assert!(is_script_url("javascript:alert(1)"));
        assert!(is_script_url(" JaVa\tScRiPt:alert(1)"));
        assert!(is_script_url("vbscript:x"));
        assert!(!is_script_url("https://example.org/javascript:"));
        assert!(is_script_url("Data:Text/HTML;base64,PHNjcmlwdD4="));
        assert!(!is_script_url("data:image/png;base64,AAAA"));
        assert_eq!(script_scheme("\u{0}vbscript:x"), Some("vbscript:"));
    }
}
