//! The templates' side of the UI text: `t(key="…")` and `t_date(date="…")`
//! as Tera functions, and finding every key a template uses, so a key a
//! language lacks is reported at the template line before any page renders.

use std::sync::Arc;

use super::Strings;
use crate::diagnostic::Diagnostic;

/// A `t(key="…")` call written in a template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyUse {
    pub key: String,
    /// 1-based line and column of the key's text.
    pub line: usize,
    pub column: usize,
}

/// Every `t(key="…")` in a template's text, with its place; a `t_date(`
/// uses the twelve `date.month_N` keys.
pub fn key_uses(text: &str) -> Vec<KeyUse> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if let Some(at) = line.find("t_date(") {
            let column = line[..at].chars().count() + 1;
            out.extend((1..=12).map(|m| KeyUse {
                key: format!("date.month_{m}"),
                line: i + 1,
                column,
            }));
        }
        let mut rest = 0;
        while let Some(at) = line[rest..].find("t(key=") {
            let start = rest + at;
            rest = start + 6;
            // `t(` must start a name: `print(key=` is another function.
            let before = line[..start].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let after = &line[rest..];
            let Some(q) = after.chars().next().filter(|c| *c == '"' || *c == '\'') else {
                continue;
            };
            let Some(end) = after[1..].find(q) else {
                continue;
            };
            out.push(KeyUse {
                key: after[1..1 + end].to_string(),
                line: i + 1,
                column: line[..rest + 1].chars().count() + 1,
            });
        }
    }
    out
}

/// The keys used by `templates` that a language's table lacks: an error
/// at the template line, naming the key and the language.
pub fn missing_keys<'a>(
    templates: impl IntoIterator<Item = (&'a str, &'a str)>,
    strings: &Strings,
    langs: &[crate::config::languages::Language],
) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    for (file, text) in templates {
        for u in key_uses(text) {
            for lang in langs {
                let Some(table) = strings.tables.get(&lang.code) else {
                    continue;
                };
                // A language with no file at all is reported once, at site.yaml.
                if table.files.is_empty() || table.entries.contains_key(&u.key) {
                    continue;
                }
                // The site's own file for the language, never the built-in one.
                let file_hint = table
                    .files
                    .last()
                    .filter(|f| !f.starts_with("(built-in)"))
                    .cloned()
                    .unwrap_or_else(|| format!("i18n/{}.yaml", lang.code));
                errors.push(
                    Diagnostic::error(
                        file,
                        format!(
                            "the UI text `{}` is missing for {} (`{}`)",
                            u.key, lang.name, lang.code
                        ),
                    )
                    .at(text, u.line, u.column)
                    .width(u.key.chars().count())
                    .hint(format!("add `{}: …` to {file_hint}", u.key)),
                );
            }
        }
    }
    errors
}

/// The `t` function of templates: the text of `key` in the language of the
/// output being rendered (the `lang` variable, set per output).
pub fn t_function(
    strings: Arc<Strings>,
) -> impl Fn(tera::Kwargs, &tera::State) -> tera::TeraResult<String> + Send + Sync + 'static {
    move |kwargs: tera::Kwargs, state: &tera::State| {
        // Borrowed, not `String`: tera makes a `String` argument with
        // `format!`, and every page calls `t` dozens of times. (A key that
        // is not text is still written out as text, as before.)
        let key: std::borrow::Cow<'_, str> = kwargs.must_get("key")?;
        let lang = state.get::<tera::Value>("lang")?;
        let lang = output_lang(&lang, &strings);
        strings
            .get(lang, &key)
            .or_else(|| strings.get(&strings.default, &key))
            .map(str::to_string)
            .ok_or_else(|| {
                tera::Error::message(format!(
                    "the UI text `{key}` is missing for `{lang}`: add it to i18n/{lang}.yaml"
                ))
            })
    }
}

/// The `t_date` function of templates: an ISO date (`date="2026-05-28"`)
/// written as the output's language writes dates, from `date.months` of
/// its UI text: "28 May 2026", "28 maja 2026". Anything that is not a
/// date is returned as written.
pub fn t_date_function(
    strings: Arc<Strings>,
) -> impl Fn(tera::Kwargs, &tera::State) -> tera::TeraResult<String> + Send + Sync + 'static {
    move |kwargs: tera::Kwargs, state: &tera::State| {
        let text: std::borrow::Cow<'_, str> = kwargs.must_get("date")?;
        let lang = state.get::<tera::Value>("lang")?;
        let lang = output_lang(&lang, &strings);
        let Some((y, m, d)) = parse_iso(text.trim()) else {
            return Ok(text.into_owned());
        };
        let key = format!("date.month_{m}");
        let month = strings
            .get(lang, &key)
            .or_else(|| strings.get(&strings.default, &key))
            .ok_or_else(|| {
                tera::Error::message(format!(
                    "the UI text `{key}` is missing for `{lang}`: add it to i18n/{lang}.yaml"
                ))
            })?;
        Ok(format!("{d} {month} {y}"))
    }
}

/// The language of the output being rendered, from its `lang` variable
/// (borrowed: see `t_function`), or the site's default.
fn output_lang<'a>(lang: &'a Option<tera::Value>, strings: &'a Strings) -> &'a str {
    lang.as_ref()
        .and_then(|v| v.as_str())
        .unwrap_or(&strings.default)
}

/// `YYYY-MM-DD` as (year, month, day), the day without a leading zero.
fn parse_iso(s: &str) -> Option<(&str, u32, u32)> {
    let mut parts = s.splitn(3, '-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    let (m, d): (u32, u32) = (m.parse().ok()?, d.parse().ok()?);
    (y.len() == 4 && (1..=12).contains(&m) && (1..=31).contains(&d)).then_some((y, m, d))
}
