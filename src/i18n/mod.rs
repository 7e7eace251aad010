//! Languages of a site and the UI text of its templates.
//!
//! site.yaml's `languages:` lists the site's languages, the first being the
//! default (its pages are published at the root, the others under
//! `/<code>/`). Without it the site has one language, `language:`.
//!
//! The words the templates write themselves ("Skip to main content",
//! "Search") come from `i18n/<code>.yaml`: English is built in
//! (`i18n/en.yaml` of this repository), a site adds or overrides files in
//! its own `i18n/` folder. Templates call `{{ t(key="search.label") }}`; a
//! key that a language's file lacks is an error at the template line that
//! uses it (checked when the site loads, so every missing key is reported
//! at once, not one per rendered page).

use std::collections::BTreeMap;
use std::path::Path;

use crate::diagnostic::{Diagnostic, did_you_mean};

mod template;
pub use template::{KeyUse, key_uses, missing_keys, t_date_function, t_function};

/// The language code a file name ends with, if its last dot-part before
/// `.md`/`.yaml` is shaped like a language tag: `lpa.ur.md` → (`lpa`, `ur`),
/// `_index.pl.md` → (`_index`, `pl`). `v1.2.md` and `lpa.easy.md` are not
/// (a primary language subtag is two or three letters).
pub fn split_suffix(stem: &str) -> Option<(&str, &str)> {
    let (base, suffix) = stem.rsplit_once('.')?;
    if base.is_empty() {
        return None;
    }
    let primary = suffix.split('-').next().unwrap_or_default();
    let shaped = (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_alphabetic())
        && suffix
            .split('-')
            .skip(1)
            .all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()));
    shaped.then_some((base, suffix))
}

/// An error for a file whose suffix looks like a language code the site
/// does not declare, with the nearest declared code.
pub fn unknown_suffix(
    file: &str,
    suffix: &str,
    langs: &[crate::config::languages::Language],
) -> Diagnostic {
    let codes: Vec<&str> = langs.iter().skip(1).map(|l| l.code.as_str()).collect();
    let near = did_you_mean(suffix, &codes).or_else(|| {
        codes
            .iter()
            .find(|c| c.eq_ignore_ascii_case(suffix))
            .copied()
    });
    let hint = match (near, codes.is_empty()) {
        (Some(c), _) => format!(
            "did you mean `.{c}`? A translation is named `<page>.<code>.md` with a code from `languages:` in site.yaml"
        ),
        (None, true) => "site.yaml declares no other languages; add them under `languages:`, or rename the file without the dot if it is not a translation".into(),
        (None, false) => format!(
            "the site's other languages are {}; add `{suffix}` under `languages:` in site.yaml, or rename the file without the dot if it is not a translation",
            codes.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ")
        ),
    };
    Diagnostic::error(
        file,
        format!("`.{suffix}` looks like a language code, but site.yaml does not list it"),
    )
    .hint(hint)
}

/// Point `diag` at the key `path` of the YAML `text` (an i18n file).
fn at_key(diag: Diagnostic, text: &str, path: &str) -> Diagnostic {
    match crate::yaml::Spans::of(text).key(path) {
        Some(at) => diag
            .at(text, at.line, at.column)
            .width(path.rsplit('.').next().unwrap_or(path).chars().count()),
        None => diag,
    }
}

/// The built-in English UI text.
const BUILT_IN_EN: &str = include_str!("../../i18n/en.yaml");

/// One language's UI text: key → text, and the file each came from.
#[derive(Debug, Clone, Default)]
pub struct Table {
    pub entries: BTreeMap<String, String>,
    /// The files read, most specific last, for hints.
    pub files: Vec<String>,
}

/// Every language's UI text, by language code.
#[derive(Debug, Clone, Default)]
pub struct Strings {
    pub tables: BTreeMap<String, Table>,
    pub default: String,
}

impl Strings {
    pub fn get(&self, lang: &str, key: &str) -> Option<&str> {
        self.tables
            .get(lang)
            .and_then(|t| t.entries.get(key))
            .map(String::as_str)
    }
}

/// The built-in English UI text alone, as `code`: for rendering the
/// built-in templates outside a site (tests, tools).
pub fn built_in_english(code: &str) -> Strings {
    let mut table = Table::default();
    flatten_into(
        &mut table,
        "(built-in) i18n/en.yaml",
        BUILT_IN_EN,
        &mut Vec::new(),
    );
    Strings {
        tables: BTreeMap::from([(code.to_string(), table)]),
        default: code.to_string(),
    }
}

/// [`load`] for the site's languages, and [`missing_keys`] of `templates`;
/// problems go to `errors`.
pub fn load_checked<'a>(
    root: &Path,
    config: &crate::config::SiteConfig,
    templates: impl IntoIterator<Item = (&'a str, &'a str)>,
    errors: &mut Vec<Diagnostic>,
) -> Strings {
    let (strings, problems) = load(root, config);
    errors.extend(problems);
    errors.extend(missing_keys(templates, &strings, &config.langs));
    strings
}

/// Load `i18n/*.yaml` of the site over the built-in English, for `langs`.
/// A language with no file at all is one error at its `languages:` entry.
pub fn load(root: &Path, config: &crate::config::SiteConfig) -> (Strings, Vec<Diagnostic>) {
    let langs = &config.langs;
    let mut errors = Vec::new();
    let mut strings = Strings {
        default: langs.first().map(|l| l.code.clone()).unwrap_or_default(),
        ..Strings::default()
    };
    for (i, lang) in langs.iter().enumerate() {
        let table = table_for(root, lang, &mut errors);
        if table.files.is_empty() {
            errors.push(
                crate::config::at_value(
                    Diagnostic::error(
                        crate::config::FILE_NAME,
                        format!(
                            "there is no UI text for {} (`{}`): i18n/{}.yaml is missing",
                            lang.name, lang.code, lang.code
                        ),
                    ),
                    config,
                    &format!("languages.{i}.code"),
                )
                .hint(format!(
                    "add i18n/{}.yaml with the templates' words in this language (the keys are those of careguide's i18n/en.yaml: `careguide docs languages`)",
                    lang.code
                )),
            );
        }
        strings.tables.insert(lang.code.clone(), table);
    }
    (strings, errors)
}

/// One language's table: the built-in English for an English code, then
/// the site's `i18n/<primary>.yaml` and `i18n/<code>.yaml`, each over the last.
fn table_for(
    root: &Path,
    lang: &crate::config::languages::Language,
    errors: &mut Vec<Diagnostic>,
) -> Table {
    let mut table = Table::default();
    let primary = lang.code.split('-').next().unwrap_or_default();
    if primary.eq_ignore_ascii_case("en") {
        flatten_into(&mut table, "(built-in) i18n/en.yaml", BUILT_IN_EN, errors);
    }
    let mut names = vec![primary.to_string()];
    if lang.code != primary {
        names.push(lang.code.clone());
    }
    for name in names {
        let shown = format!("i18n/{name}.yaml");
        let path = root.join(&shown);
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        match String::from_utf8(bytes) {
            Ok(text) => flatten_into(
                &mut table,
                &shown,
                text.trim_start_matches('\u{feff}'),
                errors,
            ),
            Err(_) => errors.push(
                Diagnostic::error(&shown, "this file is not UTF-8 text")
                    .hint("save it as UTF-8 in your editor"),
            ),
        }
    }
    table
}

/// Read one i18n file into `table`: nested mappings become dotted keys
/// (`search: {label: …}` is `search.label`); every value must be text.
fn flatten_into(table: &mut Table, file: &str, text: &str, errors: &mut Vec<Diagnostic>) {
    let value: serde_json::Value = match crate::yaml::parse(file, text, text, 1) {
        Ok(v) => v,
        Err(d) => {
            errors.push(d);
            return;
        }
    };
    table.files.push(file.to_string());
    let mut stack = vec![(String::new(), value)];
    while let Some((prefix, v)) = stack.pop() {
        match v {
            serde_json::Value::Object(map) => {
                for (k, v) in map {
                    let key = if prefix.is_empty() {
                        k
                    } else {
                        format!("{prefix}.{k}")
                    };
                    stack.push((key, v));
                }
            }
            serde_json::Value::String(s) => {
                table.entries.insert(prefix, s);
            }
            serde_json::Value::Null if prefix.is_empty() => {}
            other => errors.push(
                at_key(
                    Diagnostic::error(
                        file,
                        format!("`{prefix}` must be text, not {}", kind_of(&other)),
                    ),
                    text,
                    &prefix,
                )
                .hint("write the words in quotes if they contain `:` or start with a symbol"),
            ),
        }
    }
}

fn kind_of(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "nothing",
        serde_json::Value::Bool(_) => "true/false",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::Array(_) => "a list",
        _ => "a mapping",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffixes_shaped_like_language_tags() {
        assert_eq!(split_suffix("lpa.ur"), Some(("lpa", "ur")));
        assert_eq!(split_suffix("_index.pl"), Some(("_index", "pl")));
        assert_eq!(split_suffix("lpa.pt-BR"), Some(("lpa", "pt-BR")));
        assert_eq!(split_suffix("v1.2"), None);
        assert_eq!(split_suffix("lpa.easy"), None);
        assert_eq!(split_suffix("lpa"), None);
        assert_eq!(split_suffix(".ur"), None);
    }

    #[test]
    fn key_uses_are_located() {
        let uses = key_uses("<p>\n  {{ t(key=\"search.label\") }} {{ print(key='x') }}\n");
        assert_eq!(
            uses,
            vec![KeyUse {
                key: "search.label".into(),
                line: 2,
                column: 13
            }]
        );
    }

    #[test]
    fn built_in_english_flattens() {
        let mut table = Table::default();
        let mut errors = Vec::new();
        flatten_into(&mut table, "en.yaml", BUILT_IN_EN, &mut errors);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(
            table.entries.get("skip_link").map(String::as_str),
            Some("Skip to main content")
        );
    }
}
