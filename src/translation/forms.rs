//! Form label translations (issue 21): `forms/my-wishes.ur.yaml` gives the
//! Urdu words of `forms/my-wishes.yaml` by id (title, description, intro,
//! section titles, field labels and help, note text, table columns, choice
//! options). The structure, ids and codes stay the source form's, so a
//! translated form saves the same answers. It is published at
//! `/ur/forms/my-wishes/`, and the Questionnaire carries the translations
//! the FHIR way (see [`add_to_questionnaire`]).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use serde::Deserialize;
use serde_json::{Value, json};
use serde_saphyr::Spanned;

use super::mark::Marked;
use crate::config::SiteConfig;
use crate::content::walk::Found;
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::forms::{Answer, FieldKind, Form};
use crate::i18n;

/// The FHIR extension for a translated string (on `_text`, `_title` …).
pub const TRANSLATION_EXT: &str = "http://hl7.org/fhir/StructureDefinition/translation";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    #[serde(default)]
    translation_of: Option<Spanned<String>>,
    #[serde(default)]
    translation_status: Option<Spanned<String>>,
    #[serde(default)]
    reviewed_by: Option<String>,
    #[serde(default)]
    reviewed_on: Option<String>,
    #[serde(default)]
    translation_marked: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    intro: Option<String>,
    #[serde(default)]
    sections: BTreeMap<String, RawSection>,
    #[serde(default)]
    fields: BTreeMap<String, RawField>,
    #[serde(default)]
    options: BTreeMap<String, String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSection {
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    intro: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawField {
    #[serde(default)]
    label: Option<String>,
    #[serde(default)]
    help: Option<String>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    columns: Option<Vec<String>>,
}

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
        match read(&shown, &text, &forms[index], code) {
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

/// Where `key:` is first written below the line `under:` (1-based line and column).
fn locate(text: &str, under: &str, key: &str) -> (usize, usize) {
    let start = text
        .lines()
        .position(|l| l.trim_end() == under)
        .unwrap_or(0);
    let quoted = format!("\"{key}\":");
    let plain = format!("{key}:");
    text.lines()
        .enumerate()
        .skip(start)
        .find_map(|(i, l)| {
            let t = l.trim_start();
            (t.starts_with(&plain) || t.starts_with(&quoted))
                .then(|| (i + 1, l.len() - t.len() + 1))
        })
        .unwrap_or((1, 1))
}

type Read = (Form, bool, String, usize);

fn read(shown: &str, text: &str, form: &Form, code: &str) -> Result<Read, Vec<Diagnostic>> {
    let raw: Raw = crate::yaml::parse(shown, text, text, 1).map_err(|d| vec![d])?;
    let mut errors = Vec::new();
    let unknown = |under: &str, key: &str, what: &str, known: &[&str]| -> Diagnostic {
        let (line, col) = locate(text, under, key);
        let hint = match did_you_mean(key, known) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!("use the {what} ids of {}", form.file),
        };
        Diagnostic::error(
            shown,
            format!("the form `{}` has no {what} `{key}`", form.id),
        )
        .at(text, line, col)
        .width(key.chars().count())
        .hint(hint)
    };
    let mut t = form.clone();
    if let Some(v) = &raw.title {
        t.title = v.trim().to_string();
    }
    if let Some(v) = &raw.description {
        t.description = v.trim().to_string();
    }
    if let Some(v) = &raw.intro {
        t.intro = Some(v.trim().to_string());
    }
    let section_ids: Vec<&str> = form.sections.iter().map(|s| s.id.as_str()).collect();
    for (id, s) in &raw.sections {
        let Some(target) = t.sections.iter_mut().find(|x| x.id == *id) else {
            errors.push(unknown("sections:", id, "section", &section_ids));
            continue;
        };
        if let Some(v) = &s.title {
            target.title = v.trim().to_string();
        }
        if let Some(v) = &s.intro {
            target.intro = Some(v.trim().to_string());
        }
    }
    let field_ids: Vec<String> = form
        .sections
        .iter()
        .flat_map(|s| s.fields.iter().map(|f| f.id.clone()))
        .collect();
    let field_refs: Vec<&str> = field_ids.iter().map(String::as_str).collect();
    for (id, rf) in &raw.fields {
        let Some(target) = t
            .sections
            .iter_mut()
            .flat_map(|s| s.fields.iter_mut())
            .find(|f| f.id == *id)
        else {
            errors.push(unknown("fields:", id, "field", &field_refs));
            continue;
        };
        if let Some(v) = &rf.label {
            target.label = v.trim().to_string();
        }
        if let Some(v) = &rf.help {
            target.help = Some(v.trim().to_string());
        }
        match (&mut target.kind, &rf.text, &rf.columns) {
            (FieldKind::Note { text: note }, Some(v), None) => *note = v.trim().to_string(),
            (FieldKind::Table { columns, .. }, None, Some(labels))
                if labels.len() == columns.len() =>
            {
                // Only the words change: each column keeps its slug, so its linkId stays.
                for (c, l) in columns.iter_mut().zip(labels) {
                    c.label = l.trim().to_string();
                }
            }
            (_, None, None) => {}
            (kind, _, _) => {
                let (line, col) = locate(text, "fields:", id);
                let msg = match kind {
                    FieldKind::Table { columns, .. } => format!(
                        "`{id}` has {} columns; give one label for each, in order",
                        columns.len()
                    ),
                    FieldKind::Note { .. } => format!("`{id}` is a note: translate its `text`"),
                    other => format!(
                        "`{id}` is a {} field: only `label` and `help` can be translated",
                        other.name()
                    ),
                };
                errors.push(
                    Diagnostic::error(shown, msg)
                        .at(text, line, col)
                        .width(id.chars().count()),
                );
            }
        }
    }
    let mut option_keys = Vec::new();
    for f in form.sections.iter().flat_map(|s| &s.fields) {
        if let FieldKind::Choice { options, .. } = &f.kind {
            option_keys.extend(options.iter().map(|o| format!("{}.{}", f.id, o.key())));
        }
    }
    let option_refs: Vec<&str> = option_keys.iter().map(String::as_str).collect();
    for (key, label) in &raw.options {
        let found = key.split_once('.').and_then(|(fid, oid)| {
            t.sections
                .iter_mut()
                .flat_map(|s| s.fields.iter_mut())
                .find(|f| f.id == fid)
                .and_then(|f| match &mut f.kind {
                    FieldKind::Choice { options, .. } => {
                        options.iter_mut().find(|o| o.key() == oid)
                    }
                    _ => None,
                })
        });
        match found {
            Some(o) => o.label = label.trim().to_string(),
            None => errors.push(unknown("options:", key, "option", &option_refs)),
        }
    }
    // "If yes to ‘…’" names the other field by its label, in this language.
    let labels: BTreeMap<String, String> = t
        .sections
        .iter()
        .flat_map(|s| &s.fields)
        .map(|f| (f.id.clone(), f.label.clone()))
        .collect();
    let options: BTreeMap<String, String> = t
        .sections
        .iter()
        .flat_map(|s| &s.fields)
        .flat_map(|f| match &f.kind {
            FieldKind::Choice { options, .. } => options
                .iter()
                .map(|o| (format!("{}.{}", f.id, o.key()), o.label.clone()))
                .collect::<Vec<_>>(),
            _ => Vec::new(),
        })
        .collect();
    for f in t.sections.iter_mut().flat_map(|s| s.fields.iter_mut()) {
        if let Some(cond) = &mut f.show_if {
            if let Some(l) = labels.get(&cond.field) {
                cond.field_label = l.clone();
            }
            if let Answer::Choice { option } = &mut cond.equals
                && let Some(l) = options.get(&format!("{}.{}", cond.field, option.key()))
            {
                option.label = l.clone();
            }
        }
    }
    let reviewed = match raw.translation_status.as_ref().map(|s| (s, s.value.trim())) {
        None | Some((_, "unreviewed")) => false,
        Some((_, "reviewed"))
            if raw.reviewed_by.is_some()
                && raw
                    .reviewed_on
                    .as_deref()
                    .is_some_and(|d| d.trim().parse::<Date>().is_ok()) =>
        {
            true
        }
        Some((s, value)) => {
            let msg = if value == "reviewed" {
                "a reviewed translation needs `reviewed_by` and `reviewed_on`".to_string()
            } else {
                format!("`translation_status: {value}` is not a review state")
            };
            errors.push(Diagnostic::error(shown, msg).at(text, s.referenced.line() as usize, s.referenced.column() as usize).width(value.chars().count().max(1)).hint("write `unreviewed`, or `reviewed` with `reviewed_by: <name>` and `reviewed_on: YYYY-MM-DD`"));
            false
        }
    };
    let _ = (&raw.translation_marked, code);
    let (of, line) = match &raw.translation_of {
        Some(s) if s.value.len() == 12 && s.value.bytes().all(|b| b.is_ascii_hexdigit()) => {
            (s.value.to_ascii_lowercase(), s.referenced.line() as usize)
        }
        Some(s) => {
            errors.push(
                Diagnostic::error(
                    shown,
                    "`translation_of` must be the 12-character hash `translate mark` writes",
                )
                .at(
                    text,
                    s.referenced.line() as usize,
                    s.referenced.column() as usize,
                )
                .width(s.value.chars().count().max(1))
                .hint(format!("run `careguide translate mark {shown}`")),
            );
            (String::new(), 0)
        }
        None => (String::new(), 0),
    };
    if errors.is_empty() {
        Ok((t, reviewed, of, line))
    } else {
        Err(errors)
    }
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

/// Add each translation's words to the source form's Questionnaire `q`:
/// `language` is the site's default, and every `title`/`text`/`display`
/// that a translation changes gets a `_text` (…) element with the
/// `translation` extension (`lang`, `content`). `translated` are the
/// Questionnaires of the translated forms, which have the same shape.
pub fn add_to_questionnaire(q: &mut Value, language: &str, translated: &[(&str, Value)]) {
    if let Some(obj) = q.as_object_mut() {
        obj.insert("language".into(), json!(language));
    }
    for (lang, other) in translated {
        merge(q, other, lang);
    }
}

fn merge(into: &mut Value, other: &Value, lang: &str) {
    match (into, other) {
        (Value::Object(a), Value::Object(b)) => {
            for key in ["title", "text", "display", "description"] {
                if let (Some(Value::String(mine)), Some(Value::String(theirs))) =
                    (a.get(key), b.get(key))
                    && mine != theirs
                {
                    let ext = json!({
                        "url": TRANSLATION_EXT,
                        "extension": [
                            { "url": "lang", "valueCode": lang },
                            { "url": "content", "valueString": theirs }
                        ]
                    });
                    let slot = a
                        .entry(format!("_{key}"))
                        .or_insert_with(|| json!({ "extension": [] }));
                    if let Some(Value::Array(list)) = slot
                        .as_object_mut()
                        .map(|o| o.entry("extension").or_insert_with(|| json!([])))
                    {
                        list.push(ext);
                    }
                }
            }
            for (k, v) in a.iter_mut() {
                if k.starts_with('_') {
                    continue;
                }
                if let Some(o) = b.get(k) {
                    merge(v, o, lang);
                }
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            for (x, y) in a.iter_mut().zip(b) {
                merge(x, y, lang);
            }
        }
        _ => {}
    }
}

/// The marked text of a form translation `file`, not yet written:
/// `translation_of` and `translation_marked` set at the top.
pub fn plan_mark(file: &Path, today: Date) -> Result<(Marked, String), Diagnostic> {
    let shown = file.display().to_string();
    let name = file
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let Some((id, _)) = split_name(name) else {
        return Err(Diagnostic::error(&shown, "this is not named like a form translation")
            .hint("a form's labels in another language are in forms/<form id>.<code>.yaml, e.g. forms/my-wishes.ur.yaml"));
    };
    let source: PathBuf = file.with_file_name(format!("{id}.yaml"));
    let source_shown = source.display().to_string();
    let source_text = std::fs::read_to_string(&source).map_err(|_| {
        Diagnostic::error(
            &shown,
            format!("its source form {source_shown} does not exist or cannot be read"),
        )
    })?;
    let text = std::fs::read_to_string(file)
        .map_err(|e| Diagnostic::error(&shown, format!("cannot read this file: {e}")))?;
    let hash = form_hash(&source_text);
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let old = lines
        .iter()
        .find_map(|l| l.strip_prefix("translation_of:"))
        .map(|v| v.trim().to_string());
    // New keys go after the comment lines that open the file.
    let first = lines
        .iter()
        .position(|l| !l.starts_with('#'))
        .unwrap_or(lines.len());
    for (key, value) in [
        ("translation_marked", today.to_string()),
        ("translation_of", hash.clone()),
    ] {
        let line = format!("{key}: {value}");
        match lines.iter().position(|l| l.starts_with(&format!("{key}:"))) {
            Some(i) => lines[i] = line,
            None => lines.insert(first, line),
        }
    }
    let mut out = lines.join("\n");
    out.push('\n');
    Ok((
        Marked {
            file: shown,
            source: source_shown,
            changed: old.as_deref() != Some(hash.as_str()),
            hash,
        },
        out,
    ))
}
