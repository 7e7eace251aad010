//! Tera set-up: the site's templates (defaults overridden file by file),
//! autoescaping, careguide's filters, and Tera errors as located diagnostics.

use std::collections::BTreeMap;

use tera::{Kwargs, State, Tera, Value};

use crate::diagnostic::{Diagnostic, TemplateError};
use crate::site::Template;

/// Build the template engine. Every template is parsed now, so a syntax
/// error anywhere fails the build even if no page uses that template.
pub fn build(templates: &BTreeMap<String, Template>) -> Result<Tera, Vec<Diagnostic>> {
    let mut tera = Tera::new();
    // Escape everything that lands in HTML or XML; JSON is produced in Rust.
    tera.autoescape_on([".html", ".htm", ".xml", ".svg"]);
    tera.register_filter("markdown", markdown_filter);
    tera.register_filter("duration", duration_filter);
    tera.register_filter("sms_stats", sms_stats_filter);
    tera.register_filter("date_text", date_text_filter);
    let sources: Vec<(&str, &str)> = templates
        .iter()
        .map(|(name, t)| (name.as_str(), t.text.as_str()))
        .collect();
    tera.add_raw_templates(sources)
        .map_err(|e| match e.kind() {
            tera::ErrorKind::Msg(m) => {
                let located = reports(m, templates, None);
                if located.is_empty() {
                    vec![to_diagnostic(&e, templates, None)]
                } else {
                    located
                }
            }
            _ => vec![to_diagnostic(&e, templates, None)],
        })?;
    Ok(tera)
}

/// Inline Markdown for short data fields (a video's description, a step's
/// body): links and emphasis, escaped like any author text.
fn markdown_filter(text: &str, _: Kwargs, _: &State) -> Value {
    let mut html = String::with_capacity(text.len() + 16);
    let parser =
        pulldown_cmark::Parser::new_ext(text, crate::markdown::options()).map(|e| match e {
            // Raw HTML in data stays text: data files are not trusted with markup.
            pulldown_cmark::Event::Html(h) | pulldown_cmark::Event::InlineHtml(h) => {
                pulldown_cmark::Event::Text(h)
            }
            // `check` refuses script addresses in data (`unsafe-html`);
            // should one get here anyway, it links nowhere.
            pulldown_cmark::Event::Start(pulldown_cmark::Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) if crate::text::url::is_script_url(&dest_url) => {
                let _ = dest_url;
                pulldown_cmark::Event::Start(pulldown_cmark::Tag::Link {
                    link_type,
                    dest_url: "#".into(),
                    title,
                    id,
                })
            }
            other => other,
        });
    pulldown_cmark::html::push_html(&mut html, parser);
    // A single paragraph is unwrapped so the filter can be used inline.
    let trimmed = html.trim_end();
    let inner = trimmed
        .strip_prefix("<p>")
        .and_then(|s| s.strip_suffix("</p>"))
        .filter(|s| !s.contains("<p>"));
    Value::safe_string(inner.unwrap_or(trimmed))
}

/// ISO 8601 durations (`PT5M30S`) in words ("5 minutes 30 seconds").
fn duration_filter(text: &str, _: Kwargs, _: &State) -> String {
    let Ok(span) = text.parse::<jiff::Span>() else {
        return text.to_string();
    };
    let mut parts = Vec::new();
    let mut push = |n: i64, unit: &str| {
        if n > 0 {
            parts.push(format!("{n} {unit}{}", if n == 1 { "" } else { "s" }));
        }
    };
    push(span.get_hours().into(), "hour");
    push(span.get_minutes(), "minute");
    push(span.get_seconds(), "second");
    if parts.is_empty() {
        text.to_string()
    } else {
        parts.join(" ")
    }
}

/// An ISO date (`2026-05-28`) as the site writes dates in text ("28 May
/// 2026", see `context::date_text`); anything else is left as written.
fn date_text_filter(text: &str, _: Kwargs, _: &State) -> String {
    match text.trim().parse::<jiff::civil::Date>() {
        Ok(d) => crate::render::context::date_text(d),
        Err(_) => text.to_string(),
    }
}

/// Character, encoding and segment counts for the text-message previews,
/// computed by the same code as the `sms` check so the page and the check
/// agree: a `{practice}` placeholder is counted as a practice name of
/// `practice_chars` characters (null when the text has none).
fn sms_stats_filter(text: &str, _: Kwargs, _: &State) -> Value {
    use crate::text::sms;
    let stats = sms::analyse_as_sent(text);
    let practice_chars = sms::has_practice_placeholder(text).then_some(sms::PRACTICE_CHARS);
    Value::from_serializable(&serde_json::json!({
        "characters": stats.characters,
        "units": stats.units,
        "segments": stats.segments,
        "encoding": stats.encoding.name(),
        "practice_chars": practice_chars,
    }))
}

/// A block tag of a template that is still open at its end.
struct OpenTag {
    name: String,
    line: usize,
    column: usize,
    width: usize,
}

/// The innermost `{% if %}`, `{% for %}`, `{% block %}`, `{% macro %}`,
/// `{% filter %}` or `{% raw %}` without its `{% end… %}`: Tera only says
/// the input ended, at a place after the last line.
fn unclosed_tag(text: &str) -> Option<OpenTag> {
    const BLOCKS: [&str; 6] = ["if", "for", "block", "macro", "filter", "raw"];
    let mut open: Vec<OpenTag> = Vec::new();
    let mut rest = 0;
    while let Some(start) = text[rest..].find("{%").map(|i| rest + i) {
        let end = text[start..].find("%}").map(|i| start + i + 2)?;
        let inner = text[start + 2..end - 2].trim_matches(|c: char| c == '-' || c.is_whitespace());
        let word = inner.split_whitespace().next().unwrap_or_default();
        let in_raw = open.last().is_some_and(|o| o.name == "raw");
        if let Some(closed) = word.strip_prefix("end") {
            if open.last().is_some_and(|o| o.name == closed) {
                open.pop();
            }
        } else if BLOCKS.contains(&word) && !in_raw {
            let line = text[..start].matches('\n').count() + 1;
            let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
            open.push(OpenTag {
                name: word.to_string(),
                line,
                column: text[line_start..start].chars().count() + 1,
                width: text[start..end].chars().count(),
            });
        }
        rest = end;
    }
    open.pop()
}

/// Turn a Tera error into a diagnostic at the template's line and column.
/// `page` names the page being rendered, when there is one.
pub fn to_diagnostic(
    err: &tera::Error,
    templates: &BTreeMap<String, Template>,
    page: Option<&str>,
) -> Diagnostic {
    use tera::ErrorKind;
    let parts = |problem: String| TemplateError {
        problem,
        page: page.map(str::to_string),
        ..TemplateError::default()
    };
    let mut diag = match err.kind() {
        ErrorKind::SyntaxError(report)
            if report.message().contains("end of input")
                && let Some(t) = templates.get(report.filename())
                && let Some(open) = unclosed_tag(&t.text) =>
        {
            unclosed(t, &open)
        }
        ErrorKind::SyntaxError(report) => located(report, templates, parts("template syntax error".into()))
            .hint("check the {% %} and {{ }} tags near here; Tera 2 ends blocks with `{% endblock name %}`"),
        ErrorKind::RenderingError(report) => {
            let d = located(report, templates, parts("template error".into()));
            let m = report.message();
            if m.contains("not found in context") || m.contains("undefined") || m.contains("not defined") {
                d.hint("the variable is not defined here; use `value | default(value=…)` or check its name in docs/authoring.md")
            } else {
                d
            }
        }
        ErrorKind::TemplateNotFound(name) => Diagnostic::template_error(
            page.unwrap_or("templates"),
            parts(format!("template `{name}` does not exist")),
        )
        .hint("create it in templates/, or use one of the built-in templates listed in docs/authoring.md"),
        ErrorKind::MissingParent { current, parent } => Diagnostic::template_error(
            format!("templates/{current}"),
            TemplateError {
                problem: format!("`{current}` extends `{parent}`, which does not exist"),
                ..TemplateError::default()
            },
        )
        .hint("fix the name in {% extends \"…\" %}"),
        ErrorKind::Msg(m) if !reports(m, templates, page).is_empty() => {
            reports(m, templates, page).swap_remove(0)
        }
        _ => Diagnostic::template_error(
            page.unwrap_or("templates"),
            parts(format!("template error: {err}")),
        ),
    };
    // Errors from inside a filter or function keep their cause in the source chain.
    let mut source = std::error::Error::source(err);
    while let Some(s) = source {
        diag.edit_template(|t| t.causes.push(s.to_string()));
        source = s.source();
    }
    diag
}

/// A template error at the place `report` names, its message `what: the
/// report's message`, the width of a one-line span underlined.
fn located(
    report: &tera::ReportError,
    templates: &BTreeMap<String, Template>,
    mut what: TemplateError,
) -> Diagnostic {
    let template = templates.get(report.filename());
    let file = template.map_or_else(
        || format!("templates/{}", report.filename()),
        |t| t.file.clone(),
    );
    let span = report.span();
    what.problem = format!("{}: {}", what.problem, report.message());
    let mut d = Diagnostic::template_error(file, what);
    if let Some(t) = template {
        d = d.at(&t.text, span.start_line, span.start_col + 1);
        if span.end_line == span.start_line {
            d = d.width(span.end_col.saturating_sub(span.start_col));
        }
    }
    d
}

/// A block tag never closed: Tera says the input ended; point at the tag.
fn unclosed(t: &Template, open: &OpenTag) -> Diagnostic {
    let problem = format!(
        "the `{{% {} %}}` tag opened on line {} is never closed",
        open.name, open.line
    );
    Diagnostic::template_error(
        &t.file,
        TemplateError {
            problem,
            ..TemplateError::default()
        },
    )
    .at(&t.text, open.line, open.column)
    .width(open.width)
    .hint(format!(
        "add `{{% end{} %}}` where the `{}` part should end",
        open.name, open.name
    ))
}

/// Tera 2 checks that every filter, test, function, component and block a
/// template names exists, and reports what is missing as one plain message
/// of rendered reports (`error: Unknown filter `x`` then `--> name:line:col`).
/// Pick them apart so each problem points at its own template file, instead
/// of one unlocated error naming the folder. This is the one place that
/// reads Tera's text for a location, and why: Tera 2.4 joins these reports
/// into an `ErrorKind::Msg` string (`Tera::validate_template_references`
/// and the check after it), so no structured position survives.
fn reports(
    message: &str,
    templates: &BTreeMap<String, Template>,
    page: Option<&str>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for chunk in message.split("\n\n") {
        let Some(title) = chunk
            .lines()
            .next()
            .and_then(|l| l.trim().strip_prefix("error: "))
        else {
            continue;
        };
        let Some(place) = chunk.lines().find_map(|l| l.trim().strip_prefix("--> ")) else {
            continue;
        };
        let mut parts = place.rsplitn(3, ':');
        let (Some(col), Some(line), Some(name)) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        let (Ok(line), Ok(col)) = (line.parse::<usize>(), col.parse::<usize>()) else {
            continue;
        };
        let template = templates.get(name);
        let file = template.map_or_else(|| format!("templates/{name}"), |t| t.file.clone());
        let parts = TemplateError {
            problem: format!("template error: {title}"),
            page: page.map(str::to_string),
            ..TemplateError::default()
        };
        let mut d = Diagnostic::template_error(file, parts);
        if let Some(t) = template {
            d = d.at(&t.text, line, col);
            if let Some(quoted) = title.split('`').nth(1) {
                d = d.width(quoted.chars().count());
            }
        }
        let what = title.split_whitespace().nth(1).unwrap_or("name");
        out.push(d.hint(format!(
            "check the {what}'s name; careguide adds the filters `markdown`, `duration`, `sms_stats` and `date_text` to Tera's own"
        )));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(pairs: &[(&str, &str)]) -> BTreeMap<String, Template> {
        pairs
            .iter()
            .map(|(n, t)| {
                (
                    n.to_string(),
                    Template {
                        file: format!("templates/{n}"),
                        text: t.to_string(),
                    },
                )
            })
            .collect()
    }

    #[test]
    fn syntax_errors_are_located_in_the_template() {
        let t = set(&[("base.html", "<p>\n{% if x %}\n<b>{{ x }</b>\n")]);
        let errs = build(&t).unwrap_err();
        assert_eq!(errs[0].file, "templates/base.html");
        assert_eq!(errs[0].line, 3, "{}", errs[0]);
        assert!(
            errs[0].message.contains("template syntax error"),
            "{}",
            errs[0]
        );
    }

    #[test]
    fn unknown_filters_are_located_in_their_template() {
        let t = set(&[
            ("a.html", "<p>\n{{ x | no_such_filter }}</p>\n"),
            ("b.html", "{{ y | upper }}{{ z | nope }}"),
        ]);
        let errs = build(&t).unwrap_err();
        assert_eq!(errs.len(), 2, "{errs:?}");
        assert_eq!(
            (errs[0].file.as_str(), errs[0].line, errs[0].column),
            ("templates/a.html", 2, 8),
            "{}",
            errs[0]
        );
        assert!(errs[0].message.contains("Unknown filter `no_such_filter`"));
        assert_eq!(errs[1].file, "templates/b.html", "{}", errs[1]);
    }

    #[test]
    fn author_text_is_escaped_and_markdown_filter_is_safe() {
        let t = set(&[("a.html", "{{ title }}|{{ body | markdown }}")]);
        let tera = build(&t).unwrap();
        let mut ctx = tera::Context::new();
        ctx.insert("title", "<script>alert(1)</script>");
        ctx.insert("body", "See [NHS](https://www.nhs.uk/) <script>x</script>");
        let out = tera.render("a.html", &ctx).unwrap();
        assert!(out.starts_with("&lt;script&gt;"), "{out}");
        assert!(
            out.contains("<a href=\"https://www.nhs.uk/\">NHS</a>"),
            "{out}"
        );
        assert!(!out.contains("<script>x"), "{out}");
    }

    #[test]
    fn undefined_variables_are_errors() {
        let t = set(&[("a.html", "line one\n{{ missing.thing }}")]);
        let tera = build(&t).unwrap();
        let err = tera.render("a.html", &tera::Context::new()).unwrap_err();
        let d = to_diagnostic(&err, &t, Some("content/a.md"));
        assert_eq!(d.line, 2, "{d}");
        assert!(d.message.contains("content/a.md"), "{d}");
    }

    #[test]
    fn iso_dates_in_words() {
        let t = set(&[("a.html", "{{ a | date_text }}/{{ b | date_text }}")]);
        let tera = build(&t).unwrap();
        let mut ctx = tera::Context::new();
        ctx.insert("a", "2026-05-28");
        ctx.insert("b", "spring 2026");
        assert_eq!(
            tera.render("a.html", &ctx).unwrap(),
            "28 May 2026/spring 2026"
        );
    }

    #[test]
    fn durations_in_words() {
        let t = set(&[("a.html", "{{ a | duration }}/{{ b | duration }}")]);
        let tera = build(&t).unwrap();
        let mut ctx = tera::Context::new();
        ctx.insert("a", "PT5M");
        ctx.insert("b", "PT1H2M3S");
        assert_eq!(
            tera.render("a.html", &ctx).unwrap(),
            "5 minutes/1 hour 2 minutes 3 seconds"
        );
    }
}
