//! Form label translations (issue 21): `forms/my-wishes.ur.yaml` gives the
//! Urdu words of `forms/my-wishes.yaml` by id (title, description, intro,
//! section titles, field labels and help, note text, table columns, choice
//! options). The structure, ids and codes stay the source form's, so a
//! translated form saves the same answers. It is published at
//! `/ur/forms/my-wishes/`, and the Questionnaire carries the translations
//! the FHIR way (see [`add_to_questionnaire`]); `form_labels` reads the file.

use std::path::Path;

use crate::config::SiteConfig;
use crate::content::walk::Found;
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::forms::Form;
use crate::i18n;

pub use super::form_fhir::{TRANSLATION_EXT, add_to_questionnaire};
pub use super::mark::plan_mark_form as plan_mark;

/// One form's labels in one language.
#[derive(Debug, Clone)]
pub struct FormTranslation {
    /// Index into `site.forms` of the source form.
    pub form: usize,
    pub lang: String,
    /// `forms/my-wishes.ur.yaml`.
    pub file: String,
    /// The source form with this language's words.
    pub translated: Form,
    pub reviewed: bool,
    /// `translation_of` (empty when never marked) and its line.
    pub translation_of: String,
    pub line: usize,
    pub text: String,
    /// The source form's file changed since `translation_of`.
    pub outdated: bool,
}

/// Each form's id and the languages (index into `config.langs`) it has
/// labels in, for [`super::versions::Versions`].
pub fn languages_of(
    forms: &[Form],
    translations: &[FormTranslation],
    config: &SiteConfig,
) -> Vec<(String, Vec<usize>)> {
    forms
        .iter()
        .enumerate()
        .filter_map(|(i, f)| {
            let langs: Vec<usize> = translations
                .iter()
                .filter(|t| t.form == i)
                .filter_map(|t| config.langs.iter().position(|l| l.code == t.lang))
                .collect();
            (!langs.is_empty()).then(|| (f.id.clone(), langs))
        })
        .collect()
}

/// The 12-hex hash of a form file's text, whitespace collapsed.
pub fn form_hash(text: &str) -> String {
    let normal = text.split_whitespace().collect::<Vec<_>>().join(" ");
    super::blocks::content_hash(&normal, "", &[])
}

/// Whether `rel` (inside forms/) is named like a translation, `<id>.<code>.yaml`:
/// the form id and the code.
pub fn split_name(rel: &str) -> Option<(&str, &str)> {
    let stem = rel
        .strip_suffix(".yaml")
        .or_else(|| rel.strip_suffix(".yml"))?;
    if stem.contains('/') {
        return None;
    }
    i18n::split_suffix(stem)
}

/// Read every form translation in `root`'s forms/ folder.
pub fn load_dir(
    root: &Path,
    forms: &[Form],
    config: &SiteConfig,
) -> (Vec<FormTranslation>, Vec<Diagnostic>) {
    // Problems with the folder itself are reported by the forms loader.
    let (found, _) = crate::content::walk::files(root, "forms");
    load(&found, forms, config)
}

/// Read every form translation among `found` (files of forms/ named
/// `<id>.<code>.yaml`), checked against `forms`.
pub fn load(
    found: &[Found],
    forms: &[Form],
    config: &SiteConfig,
) -> (Vec<FormTranslation>, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for f in found {
        let Some((id, code)) = split_name(&f.rel) else {
            continue;
        };
        let shown = format!("forms/{}", f.rel);
        if !config.langs.iter().skip(1).any(|l| l.code == code) {
            errors.push(i18n::unknown_suffix(&shown, code, &config.langs));
            continue;
        }
        let Some(index) = forms.iter().position(|form| form.id == id) else {
            let ids: Vec<&str> = forms.iter().map(|f| f.id.as_str()).collect();
            errors.push(
                Diagnostic::error(
                    &shown,
                    format!("this translates the form `{id}`, which does not exist"),
                )
                .hint(match did_you_mean(id, &ids) {
                    Some(best) => format!("did you mean `{best}.{code}.yaml`?"),
                    None => {
                        "name it after the form it translates: forms/<form id>.<code>.yaml".into()
                    }
                }),
            );
            continue;
        };
        let text = match std::fs::read(&f.path)
            .map_err(|e| e.to_string())
            .and_then(|b| String::from_utf8(b).map_err(|e| e.to_string()))
        {
            Ok(t) => t,
            Err(e) => {
                errors.push(Diagnostic::error(
                    &shown,
                    format!("cannot read this file: {e}"),
                ));
                continue;
            }
        };
        let source_text = std::fs::read_to_string(f.path.with_file_name(format!("{id}.yaml")))
            .unwrap_or_default();
        match super::form_labels::read(&shown, &text, &forms[index]) {
            Ok((translated, reviewed, of, line)) => out.push(FormTranslation {
                form: index,
                lang: code.to_string(),
                file: shown,
                translated,
                reviewed,
                outdated: !of.is_empty() && of != form_hash(&source_text),
                translation_of: of,
                line,
                text,
            }),
            Err(e) => errors.extend(e),
        }
    }
    (out, errors)
}

/// The `translation` rule for form translations: never marked, or the
/// source form changed since (a warning; forms have no grace period).
pub fn check(translations: &[FormTranslation], forms: &[Form]) -> Vec<Diagnostic> {
    translations
        .iter()
        .filter_map(|t| {
            let source = &forms[t.form].file;
            let d = if t.translation_of.is_empty() {
                Diagnostic::warning(
                    &t.file,
                    format!("this translation has never been marked as matching {source}"),
                )
                .at(&t.text, 1, 1)
            } else if t.outdated {
                Diagnostic::warning(
                    &t.file,
                    format!(
                        "this translation is out of date: {source} changed since it was translated"
                    ),
                )
                .at(&t.text, t.line, 17)
                .width(12)
            } else {
                return None;
            };
            Some(d.rule(super::outdated::RULE).hint(format!(
                "update the labels, then run `careguide translate mark {}`",
                t.file
            )))
        })
        .collect()
}
