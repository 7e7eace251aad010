//! Reading a component call, `{{ name(key="value", …) }}`, with the byte
//! offset of each part in its paragraph for located errors.

use super::ComponentError;

/// One parsed call: its name and arguments, with byte offsets in the paragraph.
pub(super) struct Call<'a> {
    pub(super) name: (&'a str, usize),
    /// (key, offset of the key, value without its quotes)
    pub(super) args: Vec<(&'a str, usize, String)>,
}

impl Call<'_> {
    /// The value of argument `key` and where it starts, if given.
    pub(super) fn arg(&self, key: &str) -> Option<(&str, usize)> {
        self.args
            .iter()
            .find(|(k, _, _)| *k == key)
            .map(|(_, at, v)| (v.as_str(), *at))
    }

    /// [`Call::arg`], or an error at the component's name.
    pub(super) fn required(&self, key: &str) -> Result<(&str, usize), ComponentError> {
        let (name, name_at) = self.name;
        self.arg(key).ok_or_else(|| ComponentError {
            offset: name_at,
            width: name.chars().count(),
            message: format!("`{name}` needs `{key}`"),
            hint: format!("write {{{{ {name}({key}=\"…\") }}}}"),
        })
    }
}

fn err(offset: usize, width: usize, message: &str, hint: &str) -> ComponentError {
    ComponentError {
        offset,
        width,
        message: message.into(),
        hint: hint.into(),
    }
}

pub(super) fn parse(source: &str) -> Result<Call<'_>, ComponentError> {
    let start = source.find("{{").unwrap_or(0) + 2;
    let end = source.rfind("}}").unwrap_or(source.len());
    let inner = &source[start..end];
    let open = inner.find('(').unwrap_or(inner.len());
    let name = inner[..open].trim();
    let name_at = start + inner[..open].find(name).unwrap_or(0);
    let close = inner.rfind(')').ok_or_else(|| {
        err(
            start + open,
            1,
            "this component's `(` is never closed",
            "write it as {{ name(key=\"value\") }}",
        )
    })?;
    let mut args = Vec::new();
    let body = &inner[open + 1..close];
    let body_at = start + open + 1;
    let mut rest = body;
    loop {
        let trimmed = rest.trim_start_matches([' ', ',', '\n', '\r', '\t']);
        if trimmed.trim().is_empty() {
            break;
        }
        let at = body_at + (body.len() - trimmed.len());
        let (key, value, after) = argument(trimmed, at)?;
        args.push((key, at, value.to_string()));
        rest = after;
    }
    Ok(Call {
        name: (name, name_at),
        args,
    })
}

/// The argument `key="value"` at the start of `text` (which starts at
/// offset `at`): its key, its value and the text after it.
fn argument(text: &str, at: usize) -> Result<(&str, &str, &str), ComponentError> {
    let Some(eq) = text.find('=') else {
        return Err(err(
            at,
            text.trim_end().chars().count(),
            "this argument has no value",
            "write arguments as key=\"value\", separated by commas",
        ));
    };
    let key = text[..eq].trim();
    let value_part = text[eq + 1..].trim_start();
    let quote = value_part
        .chars()
        .next()
        .filter(|c| *c == '"' || *c == '\'');
    let Some(quote) = quote else {
        return Err(err(
            at,
            key.chars().count().max(1),
            &format!("the value of `{key}` must be in quotes"),
            &format!("write {key}=\"…\""),
        ));
    };
    let Some(len) = value_part[1..].find(quote) else {
        return Err(err(
            at,
            key.chars().count().max(1),
            &format!("the value of `{key}` has no closing quote"),
            "add the closing quote",
        ));
    };
    Ok((key, &value_part[1..1 + len], &value_part[1 + len + 1..]))
}
