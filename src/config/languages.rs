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
    config: &super::SiteConfig,
) -> (Vec<Language>, Vec<Diagnostic>) {
    let text = config.text.as_str();
    let Some(entries) = entries else {
        let only = Language {
            code: single.to_string(),
            name: single.to_string(),
            dir: "ltr",
        };
        return (vec![only], Vec::new());
    };
    let mut errors = Vec::new();
    let mut out: Vec<Language> = Vec::new();
    for e in entries {
        if let Some(lang) = entry(e, &out, text, &mut errors) {
            out.push(lang);
        }
    }
    if entries.is_empty() {
        errors.push(
            super::at_key(
                Diagnostic::error(SITE_YAML, "`languages` is empty"),
                config,
                "languages",
            )
            .hint("list at least the default language, e.g. `- { code: en-GB, name: English }`, or remove `languages:`"),
        );
    }
    (out, errors)
}

/// An error at a value of `languages:`.
fn at(text: &str, s: &Spanned<String>, message: String) -> Diagnostic {
    Diagnostic::error(SITE_YAML, message)
        .at(
            text,
            s.referenced.line() as usize,
            s.referenced.column() as usize,
        )
        .width(s.value.chars().count().max(1))
}

/// One entry checked against the languages before it (`seen`).
fn entry(
    e: &LanguageEntry,
    seen: &[Language],
    text: &str,
    errors: &mut Vec<Diagnostic>,
) -> Option<Language> {
    let code = e.code.value.trim();
    if !is_language_tag(code) {
        let shown = crate::diagnostic::shorten(code, 40);
        errors.push(at(text, &e.code, format!("`{shown}` is not a language code")).hint(
            "write a BCP 47 tag: a language code, then an optional script and region, e.g. `ur`, `pl`, `en-GB`, `pa-Guru-IN`",
        ));
        return None;
    }
    if seen.iter().any(|l| l.code.eq_ignore_ascii_case(code)) {
        errors.push(
            at(text, &e.code, format!("language `{code}` is listed twice"))
                .hint("list each language once; the first is the default"),
        );
        return None;
    }
    let dir = match e.dir.as_ref() {
        None => "ltr",
        Some(d) if d.value.trim() == "ltr" => "ltr",
        Some(d) if d.value.trim() == "rtl" => "rtl",
        Some(d) => {
            let message = format!("`dir: {}` is not a text direction", d.value.trim());
            errors.push(at(text, d, message).hint(
                "write `dir: rtl` for right-to-left languages such as Urdu or Arabic; leave it out for left-to-right",
            ));
            "ltr"
        }
    };
    if e.name.trim().is_empty() {
        errors.push(
            at(text, &e.code, format!("language `{code}` has no name"))
                .hint("add `name:` with the language's name in itself, e.g. `name: Polski`"),
        );
    }
    Some(Language {
        code: code.to_string(),
        name: e.name.trim().to_string(),
        dir,
    })
}
