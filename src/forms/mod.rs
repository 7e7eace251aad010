//! Placeholder until the form builder lands (see the `forms` branch).
use crate::diagnostic::Diagnostic;

#[derive(Debug, Clone)]
pub struct Form {
    pub id: String,
    pub title: String,
}

pub fn load(file: &str, _text: &str) -> Result<Form, Vec<Diagnostic>> {
    Err(vec![Diagnostic::error(file, "forms are not supported yet")])
}
