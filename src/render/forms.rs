//! Form outputs: the printable page, the FHIR Questionnaire and the index.

use crate::diagnostic::Diagnostic;
use crate::forms;
use crate::render::engine;
use crate::render::jobs::Renderer;

/// A form's view for templates, plus `date_text`: its `date` as the site
/// writes dates in text ("28 May 2026"), so forms read like every other page.
fn with_date_text(view: &forms::FormView) -> serde_json::Value {
    let mut value = serde_json::to_value(view).unwrap_or_default();
    let text = view
        .date
        .as_deref()
        .and_then(|d| d.parse::<jiff::civil::Date>().ok())
        .map(crate::render::context::date_text);
    if let (Some(obj), Some(text)) = (value.as_object_mut(), text) {
        obj.insert("date_text".into(), text.into());
    }
    value
}

fn form_file(id: &str) -> String {
    format!("forms/{id}.yaml")
}

/// `/forms/<id>/`: the printable A4 page that also works as an on-screen form.
pub fn page(r: &Renderer<'_>, i: usize) -> Result<(String, Vec<u8>), Diagnostic> {
    let form = &r.site.forms[i];
    page_of(
        r,
        form,
        None,
        &format!("forms/{}/", form.id),
        &form_file(&form.id),
    )
}

/// The page of `form` at `url`: a form's own, or a translation's (issue 21)
/// of `source`.
pub fn page_of(
    r: &Renderer<'_>,
    form: &forms::Form,
    source: Option<&forms::Form>,
    url: &str,
    file: &str,
) -> Result<(String, Vec<u8>), Diagnostic> {
    let mut view =
        forms::view_in(form, &words_for(r, url)).with_canonical_base(&r.site.config.base_url);
    if let Some(source) = source {
        view = view.with_displays_of(source);
    }
    let mut ctx = r.base_context(url);
    ctx.insert("form", &with_date_text(&view));
    let html = r
        .tera
        .render("form.html", &ctx)
        .map_err(|e| engine::to_diagnostic(&e, &r.site.templates, Some(file)))?;
    Ok((format!("{url}index.html"), html.into_bytes()))
}

/// careguide's own words on the form page at `url`, in its language
/// (`form_words.*` in i18n/): a word the language lacks is the default
/// language's, else the built-in English.
fn words_for(r: &Renderer<'_>, url: &str) -> forms::FormWords {
    let strings = &r.site.i18n;
    let langs = &r.site.config.langs;
    let code = match langs.is_empty() {
        true => strings.default.as_str(),
        false => {
            let (i, _) = crate::translation::versions::language_of(langs, url);
            langs[i].code.as_str()
        }
    };
    let english = forms::FormWords::default();
    forms::FormWords::from_fn(|k| {
        let key = format!("form_words.{k}");
        strings
            .get(code, &key)
            .or_else(|| strings.get(&strings.default, &key))
            .or_else(|| english.word(k))
            .unwrap_or_default()
            .to_string()
    })
}

/// `/forms/<id>/questionnaire.json`: the HL7 FHIR R4 Questionnaire.
pub fn questionnaire(r: &Renderer<'_>, i: usize) -> Result<(String, Vec<u8>), Diagnostic> {
    let form = &r.site.forms[i];
    let mut json = forms::questionnaire(
        form,
        &r.site.config.organisation,
        &r.site.config.base_url,
        &r.today,
    );
    // The labels in other languages, the FHIR way (issue 21).
    let translated: Vec<(&str, serde_json::Value)> = r
        .site
        .form_translations
        .iter()
        .filter(|t| t.form == i)
        .map(|t| {
            let q = forms::questionnaire(
                &t.translated,
                &r.site.config.organisation,
                &r.site.config.base_url,
                &r.today,
            );
            (t.lang.as_str(), q)
        })
        .collect();
    crate::translation::forms::add_to_questionnaire(
        &mut json,
        &r.site.config.language,
        &translated,
    );
    let mut bytes = serde_json::to_vec_pretty(&json).map_err(|e| {
        Diagnostic::error(
            form_file(&form.id),
            format!("cannot write the Questionnaire: {e}"),
        )
    })?;
    bytes.push(b'\n');
    Ok((format!("forms/{}/questionnaire.json", form.id), bytes))
}

/// `/forms/<id>/codesystem.json`: the CodeSystem of the form's own answer
/// codes (only planned for a form that has some).
pub fn codesystem(r: &Renderer<'_>, i: usize) -> Result<(String, Vec<u8>), Diagnostic> {
    let form = &r.site.forms[i];
    let json = forms::codesystem(
        form,
        &r.site.config.organisation,
        &r.site.config.base_url,
        &r.today,
    )
    .unwrap_or(serde_json::Value::Null);
    let mut bytes = serde_json::to_vec_pretty(&json).map_err(|e| {
        Diagnostic::error(
            form_file(&form.id),
            format!("cannot write the CodeSystem: {e}"),
        )
    })?;
    bytes.push(b'\n');
    Ok((format!("forms/{}/codesystem.json", form.id), bytes))
}

/// `/forms/`: every form with its audience, description and version.
pub fn index(r: &Renderer<'_>) -> Result<(String, Vec<u8>), Diagnostic> {
    let views: Vec<serde_json::Value> = r
        .site
        .forms
        .iter()
        .map(|f| with_date_text(&forms::view(f).with_canonical_base(&r.site.config.base_url)))
        .collect();
    let mut ctx = r.base_context("forms/");
    ctx.insert("forms", &views);
    let html = r
        .tera
        .render("forms-index.html", &ctx)
        .map_err(|e| engine::to_diagnostic(&e, &r.site.templates, Some("forms/")))?;
    Ok(("forms/index.html".into(), html.into_bytes()))
}
