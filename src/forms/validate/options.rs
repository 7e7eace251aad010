//! The options of a choice field. Each option is checked on its own (id,
//! label, code) and against the options before it, since a saved answer
//! records the option by its id or code and must say which one was chosen.

use std::collections::HashMap;

use serde_saphyr::{Location, Spanned};

use super::{Ctx, check_id_format, code, not_blank};
use crate::forms::model::{ChoiceOption, Code, raw, slug};

/// What the options before this one used, each with its line.
#[derive(Default)]
struct Seen<'a> {
    labels: HashMap<&'a str, u64>,
    ids: HashMap<&'a str, u64>,
    codes: HashMap<(String, String), u64>,
}

pub(super) fn options(
    cx: &mut Ctx,
    at: Location,
    id: &str,
    options: Option<&Spanned<Vec<Spanned<raw::ChoiceOption>>>>,
) -> Vec<ChoiceOption> {
    let Some(options) = options.filter(|o| !o.value.is_empty()) else {
        cx.error(
            options.map_or(at, |o| o.referenced),
            format!("choice field `{id}` has no options"),
            "add `options:` with a `- label: …` line for each answer",
        );
        return Vec::new();
    };
    let mut seen = Seen::default();
    let mut out = Vec::new();
    for o in &options.value {
        let label = &o.value.label;
        not_blank(cx, label, "label");
        option_id(cx, id, &o.value, &mut seen);
        option_label(cx, id, o, &mut seen);
        let code = option_code(cx, id, &o.value, &mut seen);
        out.push(ChoiceOption {
            id: o.value.id.as_ref().map(|i| i.value.clone()),
            label: label.value.trim().to_string(),
            code,
        });
    }
    out
}

/// The option's id: well formed, and not used by an earlier option.
fn option_id<'a>(cx: &mut Ctx, id: &str, o: &'a raw::ChoiceOption, seen: &mut Seen<'a>) {
    let Some(oid) = &o.id else { return };
    check_id_format(cx, oid, "option");
    if let Some(line) = seen.ids.insert(oid.value.as_str(), oid.referenced.line()) {
        cx.error(
            oid.referenced,
            format!("option id `{}` appears twice in `{id}`", oid.value),
            format!("the same id is on line {line}; each option needs its own id, because a saved answer records it"),
        );
    }
}

/// The option's label is its own, and the option has an id or a code to be
/// recorded by.
fn option_label<'a>(
    cx: &mut Ctx,
    id: &str,
    o: &'a Spanned<raw::ChoiceOption>,
    seen: &mut Seen<'a>,
) {
    let label = &o.value.label;
    if let Some(line) = seen
        .labels
        .insert(label.value.trim(), label.referenced.line())
    {
        cx.error(
            label.referenced,
            format!("option `{}` appears twice in `{id}`", label.value.trim()),
            format!("the same label is on line {line}; each answer needs its own label"),
        );
    }
    if o.value.id.is_none() && o.value.code.is_none() {
        let suggestion = slug(&label.value);
        cx.error(
            o.referenced,
            format!(
                "option `{}` of `{id}` has neither an `id` nor a `code`",
                label.value.trim()
            ),
            format!(
                "add `id: {}` (a saved answer records the option by its id or code, so that it keeps its meaning when the label is reworded)",
                if suggestion.is_empty() { "…" } else { &suggestion }
            ),
        );
    }
}

/// The option's code: with a `display`, valid, and not used by an earlier
/// option.
fn option_code(cx: &mut Ctx, id: &str, o: &raw::ChoiceOption, seen: &mut Seen) -> Option<Code> {
    let label = &o.label;
    if let Some(raw_code) = &o.code
        && raw_code
            .value
            .display
            .as_deref()
            .is_none_or(|d| d.trim().is_empty())
    {
        cx.error(
            raw_code.referenced,
            format!(
                "the code of option `{}` has no `display`",
                label.value.trim()
            ),
            "add `display:` with the code's own term, copied from the code system's browser; receiving systems and FHIR renderers show it",
        );
    }
    let code = o.code.as_ref().and_then(|c| code(cx, c));
    if let Some(c) = &code {
        let line = o.code.as_ref().map_or(0, |c| c.referenced.line());
        if let Some(first) = seen.codes.insert((c.system.clone(), c.code.clone()), line)
            && let Some(raw_code) = &o.code
        {
            cx.error(
                raw_code.value.code.referenced,
                format!("code `{}` is used by two options of `{id}`", c.code),
                format!("the same code is on line {first}; a coded answer must say which option was chosen"),
            );
        }
    }
    code
}
