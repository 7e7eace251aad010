//! `careguide docs [TOPIC]`: the guides, built into the binary so that they
//! can be read offline and always match the version in use.

/// (topic, what it covers, text).
pub const TOPICS: &[(&str, &str, &str)] = &[
    (
        "authoring",
        "writing pages, data, forms and templates",
        include_str!("../../docs/authoring.md"),
    ),
    (
        "publishing",
        "putting the site on GitHub Pages, GitLab Pages, Netlify, IIS, Apache or nginx",
        include_str!("../../docs/publishing.md"),
    ),
    (
        "checks",
        "the content governance rules of `careguide check`",
        include_str!("../../docs/checks.md"),
    ),
    (
        "languages",
        "pages and forms in other languages, and translations that know when they are out of date",
        include_str!("../../docs/languages.md"),
    ),
    (
        "forms",
        "form definitions",
        include_str!("../../docs/forms.md"),
    ),
    (
        "theme",
        "the built-in theme and how to change it",
        include_str!("../../docs/theme.md"),
    ),
];

/// The text of `topic`, or `None` if there is no such guide.
pub fn text(topic: &str) -> Option<&'static str> {
    TOPICS
        .iter()
        .find(|(t, _, _)| *t == topic)
        .map(|(_, _, text)| *text)
}
