//! Content governance rules for `careguide check`.
//!
//! Each rule lives in its own module and is a pure function: it takes text
//! that has already been read and parsed (plus where that text sits in its
//! file) and returns [`Diagnostic`]s — severity, rule name, file, line and
//! column, message and hint. Rules never read files, print or exit; the
//! command decides which rules run, applies the severities configured in
//! `site.yaml`, sorts the findings and renders them as text or JSON. Keeping
//! the rules pure is what lets them run unchanged inside `build` and be unit
//! tested without a site on disk.
//!
//! Values found in YAML are located with [`locate::TextLocator`], so a
//! finding inside a multi-line block scalar points at the right line of the
//! YAML file rather than at the key.
//!
//! [`Diagnostic`]: crate::diagnostic::Diagnostic

pub mod locate;
pub mod readability;
pub mod sms;
pub mod snomed;
