//! Reading source files as text: UTF-8 only, a BOM is dropped and CRLF and
//! lone CR line endings become LF, so every later offset, line and column is counted on
//! one normalised text.

use crate::diagnostic::Diagnostic;

/// Turn raw bytes into normalised text, or a located error at the first bad byte.
pub fn decode(file: &str, bytes: &[u8]) -> Result<String, Diagnostic> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            // Safe: `valid_up_to` marks the end of the valid prefix.
            let good_text = std::str::from_utf8(good).unwrap_or_default();
            let (line, col) = crate::diagnostic::line_col(good_text, good_text.len());
            // Show the line up to the bad byte (the rest cannot be displayed).
            return Err(Diagnostic::error(
                file,
                format!(
                    "the file is not valid UTF-8 text (byte 0x{:02X} at offset {})",
                    bytes[e.valid_up_to()],
                    e.valid_up_to()
                ),
            )
            .at(good_text, line, col)
            .hint("save the file as UTF-8 in your editor (\"Save with encoding: UTF-8\")"));
        }
    };
    if text.contains('\r') {
        // A lone CR (old Mac line endings) is a line break to YAML too; left
        // in, YAML's line numbers and ours would disagree (found by fuzzing:
        // an error at "line 10" of a file with one LF).
        Ok(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Ok(text.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_and_crlf_are_normalised() {
        assert_eq!(decode("a", b"\xEF\xBB\xBFa\r\nb\r\n").unwrap(), "a\nb\n");
    }

    #[test]
    fn lone_carriage_returns_are_line_breaks() {
        assert_eq!(decode("a", b"a\rb\r\nc\r").unwrap(), "a\nb\nc\n");
    }

    #[test]
    fn bad_bytes_are_located() {
        let err = decode("a.md", b"ok\nbad \xFF here").unwrap_err();
        assert_eq!((err.line, err.column), (2, 5));
        assert!(err.message.contains("not valid UTF-8"));
    }
}
