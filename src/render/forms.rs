//! Form outputs: the printable page, the FHIR Questionnaire and the index.

use crate::diagnostic::Diagnostic;
use crate::render::jobs::Renderer;

pub fn page(r: &Renderer<'_>, i: usize) -> Result<(String, Vec<u8>), Diagnostic> {
    let f = &r.site.forms[i];
    Err(Diagnostic::error(
        format!("forms/{}.yaml", f.id),
        "forms are not supported yet",
    ))
}

pub fn questionnaire(r: &Renderer<'_>, i: usize) -> Result<(String, Vec<u8>), Diagnostic> {
    page(r, i)
}

pub fn index(r: &Renderer<'_>) -> Result<(String, Vec<u8>), Diagnostic> {
    page(r, 0)
}
