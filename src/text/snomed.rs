//! SNOMED CT identifier (SCTID) validation, for the `snomed` and `codes`
//! rules (`check::snomed`, `check::codes`) and for form options.
//!
//! An SCTID is a number of 6 to 18 digits laid out, from the right, as:
//! a Verhoeff check digit; a two-digit partition identifier saying what kind
//! of component it is (concept, description, relationship) and whether it is
//! in the short (international) format or the long format that carries a
//! 7-digit namespace (national extensions such as the UK's `1000000`); and the
//! item identifier. The check digit catches every single-digit typo and every
//! swap of adjacent digits, so a failing code is almost certainly mistyped.
//!
//! Passing here proves an id is *well formed*, not that the concept exists or
//! is active: authors must still check codes in a SNOMED CT browser.

use std::fmt;

/// Why an id is not a valid SCTID. [`fmt::Display`] gives the message;
/// [`SnomedError::hint`] says what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SnomedError {
    Empty,
    /// A character that is not an ASCII digit, with its 0-based character
    /// position.
    NotDigits {
        ch: char,
        position: usize,
    },
    TooShort {
        len: usize,
    },
    TooLong {
        len: usize,
    },
    LeadingZero,
    /// The partition identifier is not one of 00, 01, 02, 10, 11, 12.
    BadPartition {
        partition: String,
    },
    /// A long-format (namespaced) id too short to hold its 7-digit namespace.
    NoRoomForNamespace {
        len: usize,
    },
    /// Well formed, but not a concept id (it is a description or
    /// relationship id), where a concept was expected.
    NotConcept {
        kind: Kind,
    },
    /// The last digit does not match the Verhoeff check digit of the rest.
    CheckDigit {
        expected: u8,
        found: u8,
    },
}

/// The kind of component an SCTID identifies, from its partition identifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Concept,
    Description,
    Relationship,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Concept => "concept",
            Kind::Description => "description",
            Kind::Relationship => "relationship",
        }
    }
}

impl fmt::Display for SnomedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SnomedError::Empty => f.write_str("the SNOMED CT code is empty"),
            SnomedError::NotDigits { ch, position } => write!(
                f,
                "SNOMED CT codes are digits only, but character {} is {}",
                position + 1,
                describe(*ch)
            ),
            SnomedError::TooShort { len } => write!(
                f,
                "SNOMED CT codes have 6 to 18 digits, but this one has {len}"
            ),
            SnomedError::TooLong { len } => write!(
                f,
                "SNOMED CT codes have 6 to 18 digits, but this one has {len}"
            ),
            SnomedError::LeadingZero => f.write_str("SNOMED CT codes never start with 0"),
            SnomedError::BadPartition { partition } => write!(
                f,
                "the partition identifier (the two digits before the last) is {partition}, \
                 which is not a SNOMED CT partition"
            ),
            SnomedError::NoRoomForNamespace { len } => write!(
                f,
                "the partition identifier says this code has a 7-digit namespace, \
                 but at {len} digits it is too short to hold one"
            ),
            SnomedError::NotConcept { kind } => write!(
                f,
                "this is a SNOMED CT {} id, not a concept id",
                kind.name()
            ),
            SnomedError::CheckDigit { expected, found } => write!(
                f,
                "the check digit (the last digit) is {found}, but for the digits before it \
                 it should be {expected}"
            ),
        }
    }
}

impl std::error::Error for SnomedError {}

impl SnomedError {
    /// Advice for the author.
    pub fn hint(&self) -> String {
        match self {
            SnomedError::Empty => "fill in the code from a SNOMED CT browser".into(),
            SnomedError::NotDigits { ch, .. } => match ch {
                'O' | 'o' => "the letter O looks like the digit 0; retype the code".into(),
                'l' | 'I' => "the letter looks like the digit 1; retype the code".into(),
                c if c.is_whitespace() => {
                    "remove the spaces; the code is one unbroken number".into()
                }
                _ => "copy the concept id (the number), not the term or a URL".into(),
            },
            SnomedError::TooShort { .. } | SnomedError::TooLong { .. } => {
                "check for missing or extra digits against a SNOMED CT browser".into()
            }
            SnomedError::LeadingZero => {
                "remove the leading zero; spreadsheets sometimes add or drop them".into()
            }
            SnomedError::BadPartition { .. } => {
                "concept ids end in 0 or 10 and then the check digit (…00x, or …10x for UK codes); \
                 check for a typo"
                    .into()
            }
            SnomedError::NoRoomForNamespace { .. } => {
                "check for missing digits; UK codes are usually 15 or 16 digits long".into()
            }
            SnomedError::NotConcept { .. } => {
                "use the concept id shown next to the term in the browser, not a description id"
                    .into()
            }
            SnomedError::CheckDigit { expected, .. } => format!(
                "the check digit should be {expected}; check for a typo (a changed digit or two \
                 digits swapped) against a SNOMED CT browser"
            ),
        }
    }
}

fn describe(c: char) -> String {
    if c.is_whitespace() {
        "a space".into()
    } else if c.is_control() {
        format!("the control character U+{:04X}", u32::from(c))
    } else {
        format!("`{c}`")
    }
}

/// Check that `id` is a well-formed SCTID of any kind.
pub fn validate(id: &str) -> Result<(), SnomedError> {
    kind(id).map(|_| ())
}

/// Check that `id` is a well-formed SCTID for a *concept*, the only kind of
/// id careguide's code lists and form options should hold.
pub fn validate_concept(id: &str) -> Result<(), SnomedError> {
    match kind(id)? {
        Kind::Concept => Ok(()),
        kind => Err(SnomedError::NotConcept { kind }),
    }
}

/// Validate `id` and say what kind of component it identifies.
///
/// Checks run from the cheapest and most specific to the check digit, so the
/// author hears about a letter in the code before a wrong check digit.
pub fn kind(id: &str) -> Result<Kind, SnomedError> {
    if id.is_empty() {
        return Err(SnomedError::Empty);
    }
    if let Some((position, ch)) = id.chars().enumerate().find(|(_, c)| !c.is_ascii_digit()) {
        return Err(SnomedError::NotDigits { ch, position });
    }
    // Only ASCII digits from here on, so byte indexing is safe.
    let len = id.len();
    if len < 6 {
        return Err(SnomedError::TooShort { len });
    }
    if len > 18 {
        return Err(SnomedError::TooLong { len });
    }
    if id.starts_with('0') {
        return Err(SnomedError::LeadingZero);
    }
    let partition = &id[len - 3..len - 1];
    let (long, kind) = match partition.as_bytes() {
        [f @ (b'0' | b'1'), k @ (b'0' | b'1' | b'2')] => (
            *f == b'1',
            match k {
                b'0' => Kind::Concept,
                b'1' => Kind::Description,
                _ => Kind::Relationship,
            },
        ),
        _ => {
            return Err(SnomedError::BadPartition {
                partition: partition.to_string(),
            });
        }
    };
    // Long format: item id (at least 1 digit) + 7-digit namespace + partition + check.
    if long && len < 11 {
        return Err(SnomedError::NoRoomForNamespace { len });
    }
    let found = id.as_bytes()[len - 1] - b'0';
    let expected = check_digit(&id[..len - 1]).unwrap_or(0);
    if found != expected {
        return Err(SnomedError::CheckDigit { expected, found });
    }
    Ok(kind)
}

// Verhoeff's scheme, built on the dihedral group D5, detects all single-digit
// errors and all adjacent transpositions, which a simple mod-10 sum does not.

/// Multiplication table of D5.
const D: [[u8; 10]; 10] = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
    [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
    [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
    [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
    [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
    [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
    [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
    [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
    [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];

/// Position-dependent permutation (row i is the first row permuted i times).
const P: [[u8; 10]; 8] = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
    [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
    [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
    [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
    [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
    [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
    [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];

/// Inverses in D5.
const INV: [u8; 10] = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9];

/// The Verhoeff check digit to append to `digits`; `None` if `digits` holds
/// anything but ASCII digits.
pub fn check_digit(digits: &str) -> Option<u8> {
    let mut c = 0u8;
    // Positions count from the right, and the check digit will be position 0.
    for (i, b) in digits.bytes().rev().enumerate() {
        if !b.is_ascii_digit() {
            return None;
        }
        c = D[usize::from(c)][usize::from(P[(i + 1) % 8][usize::from(b - b'0')])];
    }
    Some(INV[usize::from(c)])
}

/// Whether `digits` (check digit included) passes the Verhoeff check.
pub fn verhoeff_valid(digits: &str) -> bool {
    if digits.is_empty() {
        return false;
    }
    let mut c = 0u8;
    for (i, b) in digits.bytes().rev().enumerate() {
        if !b.is_ascii_digit() {
            return false;
        }
        c = D[usize::from(c)][usize::from(P[i % 8][usize::from(b - b'0')])];
    }
    c == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Concept ids from /work/shared/reference/acp-facts.md §3 and well-known
    /// international concepts (73211009 diabetes mellitus, 22298006
    /// myocardial infarction).
    const KNOWN_GOOD: &[&str] = &[
        "450476008",
        "450475007",
        "304253006",
        "714748000",
        "1095151000000107",
        "845151000000104",
        "767503006",
        "1129411000000100",
        "73211009",
        "22298006",
    ];

    #[test]
    fn verhoeff_reference_vectors() {
        // From Verhoeff's published examples: 236 -> 3, 12345 -> 1, 142857 -> 0.
        assert_eq!(check_digit("236"), Some(3));
        assert!(verhoeff_valid("2363"));
        assert_eq!(check_digit("12345"), Some(1));
        assert_eq!(check_digit("142857"), Some(0));
        assert!(!verhoeff_valid("2364"));
        assert!(!verhoeff_valid(""));
        assert!(!verhoeff_valid("23a3"));
        assert_eq!(check_digit("1x"), None);
    }

    #[test]
    fn known_good_concept_ids_pass() {
        for id in KNOWN_GOOD {
            assert_eq!(validate(id), Ok(()), "{id}");
            assert_eq!(validate_concept(id), Ok(()), "{id}");
            assert_eq!(kind(id), Ok(Kind::Concept), "{id}");
        }
    }

    #[test]
    fn every_single_digit_change_of_a_good_id_fails() {
        for id in KNOWN_GOOD {
            for (i, old) in id.char_indices() {
                for new in '0'..='9' {
                    if new == old {
                        continue;
                    }
                    let mut bad = id.to_string();
                    bad.replace_range(i..=i, &new.to_string());
                    assert!(validate(&bad).is_err(), "{bad} (from {id}) passed");
                }
            }
        }
    }

    #[test]
    fn every_adjacent_swap_of_a_good_id_fails() {
        for id in KNOWN_GOOD {
            let b = id.as_bytes();
            for i in 0..b.len() - 1 {
                if b[i] == b[i + 1] {
                    continue;
                }
                let mut s = b.to_vec();
                s.swap(i, i + 1);
                let bad = String::from_utf8(s).unwrap();
                assert!(validate(&bad).is_err(), "{bad} (from {id}) passed");
            }
        }
    }

    #[test]
    fn wrong_check_digit_says_which_digit_is_expected() {
        let err = validate("450476007").unwrap_err();
        assert_eq!(
            err,
            SnomedError::CheckDigit {
                expected: 8,
                found: 7
            }
        );
        assert!(err.hint().contains("the check digit should be 8"));
        assert!(err.to_string().contains("should be 8"));
    }

    #[test]
    fn shape_errors() {
        use SnomedError::*;
        assert_eq!(validate(""), Err(Empty));
        assert_eq!(validate("12345"), Err(TooShort { len: 5 }));
        assert_eq!(validate("0123456"), Err(LeadingZero));
        assert_eq!(
            validate("45047600B"),
            Err(NotDigits {
                ch: 'B',
                position: 8
            })
        );
        assert_eq!(
            validate("45O476008"),
            Err(NotDigits {
                ch: 'O',
                position: 2
            })
        );
        assert!(
            validate("45O476008")
                .unwrap_err()
                .hint()
                .contains("letter O")
        );
        assert!(matches!(validate(" 450476008"), Err(NotDigits { .. })));
        assert!(matches!(
            validate("４５０４７６００８"),
            Err(NotDigits { .. })
        ));
        assert_eq!(validate("1234567890123456789"), Err(TooLong { len: 19 }));
        assert_eq!(
            validate("450476038"),
            Err(BadPartition {
                partition: "03".into()
            })
        );
        assert_eq!(
            validate("450476208"),
            Err(BadPartition {
                partition: "20".into()
            })
        );
        // Partition 10 needs room for a 7-digit namespace.
        let payload = "123410";
        let id = format!("{payload}{}", check_digit(payload).unwrap());
        assert_eq!(validate(&id), Err(NoRoomForNamespace { len: 7 }));
    }

    #[test]
    fn description_and_relationship_ids_are_valid_but_not_concepts() {
        // Build ids with partition 01 (description) and 12 (long relationship)
        // and a correct check digit.
        let desc = format!("68097001{}", check_digit("68097001").unwrap());
        assert_eq!(kind(&desc), Ok(Kind::Description));
        assert_eq!(validate(&desc), Ok(()));
        assert_eq!(
            validate_concept(&desc),
            Err(SnomedError::NotConcept {
                kind: Kind::Description
            })
        );
        let rel = format!("99991000000{}", "12");
        let rel = format!("{rel}{}", check_digit(&rel).unwrap());
        assert_eq!(kind(&rel), Ok(Kind::Relationship));
        // The largest allowed length.
        let long = "12345678901234510";
        let long = format!("{long}{}", check_digit(long).unwrap());
        assert_eq!(long.len(), 18);
        assert_eq!(validate_concept(&long), Ok(()));
    }
}
