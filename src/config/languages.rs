//! `languages:` in site.yaml (issue 21): the site's languages, the first
//! being the default. Without it the site has one language, `language:`.

use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use super::FILE_NAME as SITE_YAML;
use super::rules::is_language_tag;
use crate::diagnostic::Diagnostic;

/// One entry of `languages:` in site.yaml, as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageEntry {
    pub code: Spanned<String>,
    pub name: String,
    #[serde(default)]
    pub dir: Option<Spanned<String>>,
}

/// A checked language of the site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Language {
    /// BCP 47 tag, e.g. `ur`, `en-GB`.
    pub code: String,
    /// The language's name in itself, e.g. `اردو`, for the language switcher.
    pub name: String,
    /// `ltr` or `rtl`.
    pub dir: &'static str,
}

/// Check `languages:` (located in site.yaml's `text`) and return the site's
/// languages, default first. `single` is the `language:` setting, used when
/// `languages:` is absent.
pub fn languages(
    entries: Option<&[LanguageEntry]>,
    single: &str,
    text: &str,
) -> (Vec<Language>, Vec<Diagnostic>) {
    let Some(entries) = entries else {
        return (
            vec![Language {
                code: single.to_string(),
                name: single.to_string(),
                dir: "ltr",
            }],
            Vec::new(),
        );
    };
    let mut errors = Vec::new();
    let mut out: Vec<Language> = Vec::new();
    let at = |d: Diagnostic, s: &Spanned<String>| {
        d.at(
            text,
            s.referenced.line() as usize,
            s.referenced.column() as usize,
        )
        .width(s.value.chars().count().max(1))
    };
    for e in entries {
        let code = e.code.value.trim();
        if !is_language_tag(code) {
            errors.push(
                at(
                    Diagnostic::error(
                        SITE_YAML,
                        format!(
                            "`{}` is not a language code",
                            crate::diagnostic::shorten(code, 40)
                        ),
                    ),
                    &e.code,
                )
                .hint("write a BCP 47 tag: a language code, then an optional script and region, e.g. `ur`, `pl`, `en-GB`, `pa-Guru-IN`"),
            );
            continue;
        }
        if out.iter().any(|l| l.code.eq_ignore_ascii_case(code)) {
            errors.push(
                at(
                    Diagnostic::error(SITE_YAML, format!("language `{code}` is listed twice")),
                    &e.code,
                )
                .hint("list each language once; the first is the default"),
            );
            continue;
        }
        let dir = match e.dir.as_ref().map(|d| d.value.trim()) {
            None | Some("ltr") => "ltr",
            Some("rtl") => "rtl",
            Some(other) => {
                let d = e.dir.as_ref().expect("matched Some");
                errors.push(
                    at(
                        Diagnostic::error(
                            SITE_YAML,
                            format!("`dir: {other}` is not a text direction"),
                        ),
                        d,
                    )
                    .hint("write `dir: rtl` for right-to-left languages such as Urdu or Arabic; leave it out for left-to-right"),
                );
                "ltr"
            }
        };
        if e.name.trim().is_empty() {
            errors.push(
                at(
                    Diagnostic::error(SITE_YAML, format!("language `{code}` has no name")),
                    &e.code,
                )
                .hint("add `name:` with the language's name in itself, e.g. `name: Polski`"),
            );
        }
        out.push(Language {
            code: code.to_string(),
            name: e.name.trim().to_string(),
            dir,
        });
    }
    if entries.is_empty() {
        errors.push(
            locate(
                Diagnostic::error(SITE_YAML, "`languages` is empty"),
                text,
                "languages:",
            )
            .hint("list at least the default language, e.g. `- { code: en-GB, name: English }`, or remove `languages:`"),
        );
    }
    (out, errors)
}


/// Point `diag` at the first place `needle` is written in `text`.
fn locate(diag: Diagnostic, text: &str, needle: &str) -> Diagnostic {
    match text.find(needle) {
        Some(offset) => diag
            .at_offset(text, offset)
            .width(needle.trim_end_matches(':').chars().count()),
        None => diag,
    }
}
