//! The request-path guard: the only way a URL becomes a lookup key.
//!
//! The preview server serves from the in-memory [`Snapshot`](super::Snapshot),
//! so no request ever reaches the file system. The guard is strict anyway
//! (defence in depth, and so the same rules hold if pages are ever served from
//! a staging folder): `conn.rs` hands us the raw request target, and we
//!
//! 1. refuse anything that is not an origin-form path (`/…`), is too long, or
//!    contains raw backslashes, control characters or non-ASCII bytes;
//! 2. cut off the query and fragment;
//! 3. percent-decode exactly once, refusing malformed escapes and any escape
//!    that decodes to a separator (`%2f`, `%5c`) or a control character (`%00`);
//! 4. refuse what is still encoded after that one decoding (`%252e` → `%2e`):
//!    something downstream might decode again;
//! 5. refuse invalid UTF-8, then rebuild the path from normal segments only:
//!    no empty segments (`//etc`), no dot segments (`.`, `..`, `...`), no `:`
//!    (drive letters, NTFS streams), no trailing dot or space (Windows aliases).

use std::fmt;

/// Longest raw request target accepted, in bytes.
pub const MAX_RAW_LEN: usize = 2048;
/// Longest single segment after decoding, in bytes (a common file-name limit).
pub const MAX_SEGMENT_LEN: usize = 255;
/// Deepest path accepted.
pub const MAX_SEGMENTS: usize = 32;

/// Why a request path was refused. Every variant is answered with 400.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    TooLong,
    NotAPath,
    Backslash,
    ControlCharacter,
    NonAscii,
    BadEscape,
    EncodedSeparator,
    DoubleEncoded,
    InvalidUtf8,
    EmptySegment,
    DotSegment,
    Colon,
    TrailingDotOrSpace,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Refusal::TooLong => "the path is too long",
            Refusal::NotAPath => "the request target must be a path starting with a single '/'",
            Refusal::Backslash => "backslashes are not allowed in paths",
            Refusal::ControlCharacter => "control characters are not allowed in paths",
            Refusal::NonAscii => "non-ASCII bytes must be percent-encoded",
            Refusal::BadEscape => "malformed percent-escape",
            Refusal::EncodedSeparator => "encoded slashes and backslashes are not allowed",
            Refusal::DoubleEncoded => "double percent-encoding is not allowed",
            Refusal::InvalidUtf8 => "the decoded path is not valid UTF-8",
            Refusal::EmptySegment => "empty path segments ('//') are not allowed",
            Refusal::DotSegment => "'.' and '..' segments are not allowed",
            Refusal::Colon => "':' is not allowed in paths",
            Refusal::TrailingDotOrSpace => "a path segment may not end with '.' or a space",
        })
    }
}

/// A request path that passed the guard: normal segments only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SafePath {
    /// Decoded segments; none is empty, `.`/`..`, or contains `/`, `\`, `:` or controls.
    pub segments: Vec<String>,
    /// The path ended with `/` (or was `/` itself): a directory URL.
    pub dir: bool,
    /// The raw query (after `?`, before `#`), if any.
    pub query: Option<String>,
}

impl SafePath {
    /// The snapshot key this path names: `"a/b"`, or `"a/b/index.html"` for a directory.
    pub fn key(&self) -> String {
        let mut key = self.segments.join("/");
        if self.dir {
            if !key.is_empty() {
                key.push('/');
            }
            key.push_str("index.html");
        }
        key
    }

    /// The path percent-encoded again, with a leading `/` and, for a directory, a trailing one.
    pub fn url(&self) -> String {
        let mut url = String::from("/");
        for (i, segment) in self.segments.iter().enumerate() {
            if i > 0 {
                url.push('/');
            }
            encode_segment(segment, &mut url);
        }
        if self.dir && !self.segments.is_empty() {
            url.push('/');
        }
        url
    }

    /// The value of `name` in the query, percent-decoded (no `+` handling needed for our own links).
    pub fn query_param(&self, name: &str) -> Option<String> {
        self.query.as_deref()?.split('&').find_map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (k == name).then(|| decode_query_value(v).unwrap_or_default())
        })
    }
}

/// Check a raw request target and turn it into a [`SafePath`].
pub fn guard(raw: &str) -> Result<SafePath, Refusal> {
    if raw.len() > MAX_RAW_LEN {
        return Err(Refusal::TooLong);
    }
    let end = raw.find(['?', '#']).unwrap_or(raw.len());
    let (path, rest) = raw.split_at(end);
    let query = rest
        .strip_prefix('?')
        .map(|q| q.split('#').next().unwrap_or_default().to_string());

    check_raw(path)?;
    let decoded = decode(path)?;

    let body = &decoded[1..];
    let dir = body.is_empty() || body.ends_with('/');
    let body = body.strip_suffix('/').unwrap_or(body);
    let mut segments = Vec::new();
    if !body.is_empty() {
        for segment in body.split('/') {
            check_segment(segment)?;
            segments.push(segment.to_string());
            if segments.len() > MAX_SEGMENTS {
                return Err(Refusal::TooLong);
            }
        }
    }
    let safe = SafePath {
        segments,
        dir,
        query,
    };
    // Re-encoding can triple a raw path (`<` → `%3C`). Refuse what would
    // come back too long, so every URL the server builds from an accepted
    // path (a redirect's Location) passes this guard too (found by fuzzing).
    if safe.url().len() > MAX_RAW_LEN {
        return Err(Refusal::TooLong);
    }
    Ok(safe)
}

/// The raw path, before decoding: absolute, and only printable ASCII
/// without backslashes.
fn check_raw(path: &str) -> Result<(), Refusal> {
    if !path.starts_with('/') {
        return Err(Refusal::NotAPath);
    }
    if path.starts_with("//") {
        return Err(Refusal::EmptySegment);
    }
    for b in path.bytes() {
        match b {
            b'\\' => return Err(Refusal::Backslash),
            0..=0x1f | 0x7f => return Err(Refusal::ControlCharacter),
            0x80.. => return Err(Refusal::NonAscii),
            _ => {}
        }
    }
    Ok(())
}

/// The path percent-decoded once: still-encoded bytes (`%252e` decoding to
/// `%2e`), invalid UTF-8 and control characters are refused.
fn decode(path: &str) -> Result<String, Refusal> {
    let decoded = percent_decode(path.as_bytes())?;
    if decoded
        .windows(3)
        .any(|w| w[0] == b'%' && w[1].is_ascii_hexdigit() && w[2].is_ascii_hexdigit())
    {
        return Err(Refusal::DoubleEncoded);
    }
    let decoded = String::from_utf8(decoded).map_err(|_| Refusal::InvalidUtf8)?;
    if decoded.chars().any(char::is_control) {
        return Err(Refusal::ControlCharacter);
    }
    Ok(decoded)
}

fn check_segment(segment: &str) -> Result<(), Refusal> {
    if segment.is_empty() {
        return Err(Refusal::EmptySegment);
    }
    if segment.len() > MAX_SEGMENT_LEN {
        return Err(Refusal::TooLong);
    }
    if segment.chars().all(|c| c == '.') {
        return Err(Refusal::DotSegment);
    }
    if segment.contains(':') {
        return Err(Refusal::Colon);
    }
    if segment.ends_with(['.', ' ']) {
        return Err(Refusal::TrailingDotOrSpace);
    }
    Ok(())
}

/// Decode `%XX` escapes once. Escapes of `/`, `\` and control bytes are refused.
fn percent_decode(input: &[u8]) -> Result<Vec<u8>, Refusal> {
    let mut out = Vec::with_capacity(input.len());
    let mut i = 0;
    while i < input.len() {
        let b = input[i];
        if b != b'%' {
            out.push(b);
            i += 1;
            continue;
        }
        let hi = input.get(i + 1).and_then(|c| hex(*c));
        let lo = input.get(i + 2).and_then(|c| hex(*c));
        let (Some(hi), Some(lo)) = (hi, lo) else {
            return Err(Refusal::BadEscape);
        };
        let byte = hi << 4 | lo;
        match byte {
            b'/' | b'\\' => return Err(Refusal::EncodedSeparator),
            0..=0x1f | 0x7f => return Err(Refusal::ControlCharacter),
            _ => out.push(byte),
        }
        i += 3;
    }
    Ok(out)
}

/// A query value: every escape decoded once, `+` as space; `None` if malformed.
/// Query values are only compared with known strings, never used as paths.
fn decode_query_value(value: &str) -> Option<String> {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hi = hex(*bytes.get(i + 1)?)?;
                let lo = hex(*bytes.get(i + 2)?)?;
                out.push(hi << 4 | lo);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

fn hex(c: u8) -> Option<u8> {
    (c as char).to_digit(16).map(|d| d as u8)
}

fn encode_segment(segment: &str, out: &mut String) {
    for b in segment.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_normal_paths() {
        let p = guard("/").unwrap();
        assert_eq!((p.key(), p.url()), ("index.html".into(), "/".into()));
        let p = guard("/guide/lpa/?x=1#top").unwrap();
        assert_eq!(p.key(), "guide/lpa/index.html");
        assert_eq!(p.query.as_deref(), Some("x=1"));
        let p = guard("/static/css/site.css").unwrap();
        assert_eq!(p.key(), "static/css/site.css");
        assert!(!p.dir);
        let p = guard("/caf%C3%A9/a%20b.html").unwrap();
        assert_eq!(p.key(), "café/a b.html");
        assert_eq!(p.url(), "/caf%C3%A9/a%20b.html");
        assert_eq!(guard("/.well-known/x").unwrap().key(), ".well-known/x");
        let p = guard("/__careguide/events?build=a-1&page=%2Fguide%2F").unwrap();
        assert_eq!(p.query_param("page").as_deref(), Some("/guide/"));
        assert_eq!(p.query_param("build").as_deref(), Some("a-1"));
        assert_eq!(p.query_param("nope"), None);
    }

    #[test]
    fn accepted_paths_round_trip_through_their_url() {
        // 805 raw bytes, 2,405 once encoded: refused rather than redirected
        // to a Location the guard itself would refuse.
        let segment = "<".repeat(200);
        let raw = format!("/{segment}/{segment}/{segment}/{segment}");
        assert_eq!(guard(&raw), Err(Refusal::TooLong));
        let ok = format!("/{segment}/{segment}/{segment}");
        let p = guard(&ok).unwrap();
        assert_eq!(guard(&p.url()).unwrap(), p);
    }

    #[test]
    fn refuses_hostile_paths() {
        use Refusal::*;
        let long = format!("/{}", "a".repeat(MAX_RAW_LEN));
        let long_segment = format!("/{}", "a".repeat(MAX_SEGMENT_LEN + 1));
        let deep = "/a".repeat(MAX_SEGMENTS + 1);
        let cases: &[(&str, Refusal)] = &[
            ("/..", DotSegment),
            ("/../etc/passwd", DotSegment),
            ("/a/../../secret.txt", DotSegment),
            ("/./index.html", DotSegment),
            ("/%2e%2e/secret.txt", DotSegment),
            ("/%2E%2e/secret.txt", DotSegment),
            ("/.%2E/secret.txt", DotSegment),
            ("/a/%2e/b", DotSegment),
            ("/...", DotSegment),
            ("/a%2f..%2fsecret.txt", EncodedSeparator),
            ("/a%2F..%2Fsecret.txt", EncodedSeparator),
            ("/..%5csecret.txt", EncodedSeparator),
            ("/..\\secret.txt", Backslash),
            ("/a\\b", Backslash),
            ("/index.html%00.css", ControlCharacter),
            ("/a%0d%0aSet-Cookie:x", ControlCharacter),
            ("/a%7f", ControlCharacter),
            ("/a%c2%85", ControlCharacter),
            ("/a\tb", ControlCharacter),
            ("//etc/passwd", EmptySegment),
            ("/a//b", EmptySegment),
            ("/C:/Windows/win.ini", Colon),
            ("/c:", Colon),
            ("/index.html::$DATA", Colon),
            ("C:/Windows", NotAPath),
            ("http://example.com/", NotAPath),
            ("*", NotAPath),
            ("", NotAPath),
            ("etc/passwd", NotAPath),
            ("/%", BadEscape),
            ("/%2", BadEscape),
            ("/%zz", BadEscape),
            ("/%252e%252e/secret.txt", DoubleEncoded),
            ("/%252f", DoubleEncoded),
            ("/%c0%ae%c0%ae/secret.txt", InvalidUtf8),
            ("/%ff", InvalidUtf8),
            ("/café", NonAscii),
            ("/index.html.", TrailingDotOrSpace),
            ("/index.html%20", TrailingDotOrSpace),
            (long.as_str(), TooLong),
            (long_segment.as_str(), TooLong),
            (deep.as_str(), TooLong),
        ];
        for (raw, want) in cases {
            assert_eq!(guard(raw), Err(*want), "{raw:?}");
        }
    }
}
