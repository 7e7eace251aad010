//! Resolving every `show_if` against the fields before it. A condition
//! names an earlier yes-no or choice field and one of its answers; it is
//! checked once every field is typed, as it needs the target's options.

use std::collections::HashMap;

use serde_saphyr::Spanned;

use super::{Ctx, Partial, fields_of};
use crate::diagnostic::did_you_mean;
use crate::forms::model::{Answer, Field, FieldKind, ShowIf, raw};

/// Where each field id is in document order, with its typed field where it
/// has one, and the section ids (a common mistake is naming one).
struct Order<'a> {
    fields: HashMap<&'a str, (usize, Option<&'a Field>)>,
    field_ids: Vec<&'a str>,
    section_ids: Vec<&'a str>,
}

/// Resolve every `show_if` against the fields before it.
pub(super) fn show_if(cx: &mut Ctx, form: &raw::Form, sections: &mut [Partial]) {
    let resolved = {
        let order = order(form, sections);
        let mut resolved: Vec<(usize, ShowIf)> = Vec::new();
        let mut pos = 0;
        for raw_section in &form.sections.value {
            for f in fields_of(&raw_section.value) {
                let here = pos;
                pos += 1;
                let Some(cond) = &f.value.show_if else {
                    continue;
                };
                let this = f.value.id.as_ref().map_or("?", |i| i.value.as_str());
                if let Some(resolved_if) = resolve(cx, &order, this, here, &cond.value) {
                    resolved.push((here, resolved_if));
                }
            }
        }
        resolved
    };
    attach(form, sections, resolved);
}

fn order<'a>(form: &'a raw::Form, sections: &'a [Partial]) -> Order<'a> {
    let mut fields: HashMap<&str, (usize, Option<&Field>)> = HashMap::new();
    let mut section_ids: Vec<&str> = Vec::new();
    let mut pos = 0;
    for (raw_section, typed) in form.sections.value.iter().zip(sections.iter()) {
        if let Some(id) = &raw_section.value.id {
            section_ids.push(&id.value);
        }
        for (i, f) in fields_of(&raw_section.value).iter().enumerate() {
            if let Some(id) = &f.value.id {
                let typed_field = typed
                    .as_ref()
                    .and_then(|(_, fs)| fs.get(i))
                    .and_then(Option::as_ref);
                fields
                    .entry(id.value.as_str())
                    .or_insert((pos, typed_field));
            }
            pos += 1;
        }
    }
    let field_ids = fields.keys().copied().collect();
    Order {
        fields,
        field_ids,
        section_ids,
    }
}

/// The condition on field `this` (at document position `here`), if it
/// names an earlier field and one of its answers.
fn resolve(
    cx: &mut Ctx,
    order: &Order,
    this: &str,
    here: usize,
    cond: &raw::ShowIf,
) -> Option<ShowIf> {
    let target = &cond.field;
    let name = target.value.as_str();
    let Some(&(target_pos, typed)) = order.fields.get(name) else {
        let hint = if order.section_ids.contains(&name) {
            "that is a section; `show_if` names a yes-no or choice field".to_string()
        } else {
            match did_you_mean(name, &order.field_ids) {
                Some(best) => format!("did you mean `{best}`?"),
                None => "name the id of an earlier yes-no or choice field".to_string(),
            }
        };
        cx.error(
            target.referenced,
            format!("`show_if` names `{name}`, but there is no field with that id"),
            hint,
        );
        return None;
    };
    if target_pos >= here {
        let (message, hint) = if target_pos == here {
            (
                format!("field `{this}` depends on itself"),
                "name an earlier field".to_string(),
            )
        } else {
            (
                format!("`show_if` names `{name}`, which comes after `{this}`"),
                format!(
                    "a condition can only depend on an answer given earlier; move `{name}` above `{this}`"
                ),
            )
        };
        cx.error(target.referenced, message, hint);
        return None;
    }
    // The target had its own errors; they are already reported.
    let target_field = typed?;
    Some(ShowIf {
        field: name.to_string(),
        field_label: target_field.label.clone(),
        equals: answer(cx, target, target_field, &cond.equals)?,
    })
}

/// The answer of `target_field` that `equals` names.
fn answer(
    cx: &mut Ctx,
    target: &Spanned<String>,
    target_field: &Field,
    equals: &Spanned<String>,
) -> Option<Answer> {
    let name = target.value.as_str();
    let want = equals.value.trim();
    match &target_field.kind {
        FieldKind::YesNo => match want {
            "yes" => Some(Answer::Boolean { value: true }),
            "no" => Some(Answer::Boolean { value: false }),
            _ => {
                cx.error(
                    equals.referenced,
                    format!("`{name}` is a yes-no field, so it cannot equal `{want}`"),
                    "use `equals: yes` or `equals: no`",
                );
                None
            }
        },
        FieldKind::Choice { options, .. } => {
            // An option's id or, for older forms, its label.
            let found = options
                .iter()
                .find(|o| o.id.as_deref() == Some(want))
                .or_else(|| options.iter().find(|o| o.label == want));
            if let Some(o) = found {
                return Some(Answer::Choice { option: o.clone() });
            }
            let keys: Vec<&str> = options.iter().map(|o| o.key()).collect();
            let hint = match did_you_mean(want, &keys) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!("use one of the option ids: {}", keys.join(", ")),
            };
            cx.error(
                equals.referenced,
                format!("`{want}` is not an option of `{name}`"),
                hint,
            );
            None
        }
        other => {
            cx.error(
                target.referenced,
                format!(
                    "`show_if` can only depend on a yes-no or choice field; `{name}` is a {} field",
                    other.name()
                ),
                "make the earlier question a yes-no or choice field",
            );
            None
        }
    }
}

/// Attach the conditions to the typed fields, by document position.
fn attach(form: &raw::Form, sections: &mut [Partial], resolved: Vec<(usize, ShowIf)>) {
    let mut pos = 0;
    let mut resolved = resolved.into_iter().peekable();
    for (raw_section, typed) in form.sections.value.iter().zip(sections.iter_mut()) {
        for i in 0..fields_of(&raw_section.value).len() {
            if resolved.peek().is_some_and(|(p, _)| *p == pos)
                && let Some((_, cond)) = resolved.next()
                && let Some(Some(f)) = typed.as_mut().and_then(|(_, fs)| fs.get_mut(i))
            {
                f.show_if = Some(cond);
            }
            pos += 1;
        }
    }
}
