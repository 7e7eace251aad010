//! The `snomed` rule: a malformed SNOMED CT code in `data/codes.yaml` or a
//! page is an error pointing at the offending digit. The validation itself
//! is [`crate::text::snomed`], shared with form options.

use crate::diagnostic::Diagnostic;
use crate::text::snomed::{SnomedError, validate_concept};

/// Rule name on every diagnostic from this module.
pub const RULE: crate::rule::Rule = crate::rule::Rule::Snomed;

/// A located finding for a code in a YAML or Markdown file, or `None` when
/// the code is a valid concept id. `line:column` is where the code starts.
pub fn lint(
    file: &str,
    file_text: &str,
    id: &str,
    line: usize,
    column: usize,
) -> Option<Diagnostic> {
    let err = validate_concept(id).err()?;
    let (column, width) = match err {
        SnomedError::NotDigits { position, .. } => (column + position, 1),
        SnomedError::CheckDigit { .. } => (column + id.chars().count().saturating_sub(1), 1),
        _ => (column, id.chars().count()),
    };
    Some(
        Diagnostic::error(file, format!("invalid SNOMED CT code `{id}`: {err}"))
            .at(file_text, line, column)
            .width(width)
            .hint(err.hint())
            .rule(RULE),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::snomed::validate;

    #[test]
    fn lint_points_at_the_offending_digit() {
        let yaml = "codes:\n  - code: \"450476007\"\n";
        let d = lint("data/codes.yaml", yaml, "450476007", 2, 12).unwrap();
        assert!(d.is_error());
        assert_eq!(d.rule, Some(RULE));
        assert_eq!((d.line, d.column, d.span_chars), (2, 20, 1));
        assert!(d.hint.as_deref().unwrap().contains("should be 8"));
        let d = lint("data/codes.yaml", yaml, "45O476008", 2, 12).unwrap();
        assert_eq!(d.column, 14);
        let d = lint("data/codes.yaml", yaml, "12345", 2, 12).unwrap();
        assert_eq!((d.column, d.span_chars), (12, 5));
        assert!(lint("data/codes.yaml", yaml, "450476008", 2, 12).is_none());
    }

    #[test]
    fn never_panics_on_arbitrary_input() {
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        for _ in 0..5000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let len = (x % 22) as usize;
            let s: String = (0..len)
                .map(|i| {
                    let r = x.rotate_left(i as u32 * 3);
                    if r.is_multiple_of(11) {
                        char::from_u32((r >> 20) as u32 % 0x11_0000).unwrap_or('é')
                    } else {
                        char::from(b'0' + (r % 10) as u8)
                    }
                })
                .collect();
            let _ = validate(&s);
            let _ = lint("f", "", &s, 1, 1);
            if let Err(e) = validate(&s) {
                assert!(!e.to_string().is_empty() && !e.hint().is_empty());
            }
        }
    }
}
