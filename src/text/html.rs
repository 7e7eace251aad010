//! Escaping text where it lands in HTML. Shared by the Markdown renderer and
//! the components it expands, so both escape the same way.

/// `s` with `&`, `<`, `>`, `"` and `'` escaped: safe in a quoted attribute
/// value and in element text.
pub fn escape_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_attr_into(&mut out, s);
    out
}

/// [`escape_attr`], appended to `out`.
pub fn escape_attr_into(out: &mut String, s: &str) {
    // Copied a run at a time, not a char at a time: most ids and classes
    // have nothing to escape. The escaped characters are ASCII, so the
    // cuts fall on char boundaries.
    let mut rest = s;
    while let Some(i) = rest
        .bytes()
        .position(|b| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\''))
    {
        out.push_str(&rest[..i]);
        out.push_str(match rest.as_bytes()[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        });
        rest = &rest[i + 1..];
    }
    out.push_str(rest);
}
