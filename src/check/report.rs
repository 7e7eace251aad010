//! Printing `careguide check` results: text grouped by file, or JSON with
//! stable field names for CI and editors (documented in docs/checks.md).

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Severity};

/// What `careguide check` found.
#[derive(Debug)]
pub struct CheckReport {
    pub findings: Vec<Diagnostic>,
    pub pages: usize,
    pub forms: usize,
    pub data_files: usize,
    /// External links, for authors to review (no network is used by default).
    pub external_links: Vec<String>,
    /// Whether the external links were requested (`--external`).
    pub external_checked: bool,
    /// Reading grades of the patient pages.
    pub reading: Vec<crate::check::reading_age::PageReading>,
}

pub fn counts(findings: &[Diagnostic]) -> (usize, usize) {
    let errors = findings
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    (errors, findings.len() - errors)
}

pub fn summary(report: &CheckReport) -> String {
    let (errors, warnings) = counts(&report.findings);
    format!(
        "Checked {} pages, {} forms and {} data files: {errors} error{}, {warnings} warning{}",
        report.pages,
        report.forms,
        report.data_files,
        if errors == 1 { "" } else { "s" },
        if warnings == 1 { "" } else { "s" },
    )
}

/// Findings grouped under a heading per file, each rendered like rustc.
pub fn text(report: &CheckReport, color: bool) -> String {
    let mut out = String::new();
    let mut current: Option<&str> = None;
    for d in &report.findings {
        if current != Some(d.file.as_str()) {
            let n = report.findings.iter().filter(|x| x.file == d.file).count();
            out.push_str(&format!(
                "── {} ({n} finding{}) ──\n\n",
                crate::diagnostic::printable(&d.file, false),
                if n == 1 { "" } else { "s" }
            ));
            current = Some(&d.file);
        }
        out.push_str(&d.render(color));
        out.push_str("\n\n");
    }
    if report.external_checked {
        out.push_str(&format!(
            "{} external link{} requested.\n",
            report.external_links.len(),
            if report.external_links.len() == 1 {
                " was"
            } else {
                "s were"
            }
        ));
    } else if !report.external_links.is_empty() {
        let n = report.external_links.len();
        out.push_str(&format!(
            "{n} external link{} not checked (no network is used; add --external to check them).\n",
            if n == 1 { " is" } else { "s are" }
        ));
    }
    out.push_str(&summary(report));
    out.push('\n');
    out
}

#[derive(Serialize)]
struct Json<'a> {
    /// Bumped only when a field changes meaning or disappears.
    format_version: u32,
    summary: JsonSummary,
    findings: Vec<JsonFinding<'a>>,
    external_links: &'a [String],
    /// Whether `external_links` were requested (`--external`).
    external_checked: bool,
    /// Figures worth tracking over time, by kind. Added within
    /// format_version 1: readers should treat it as optional.
    metrics: JsonMetrics<'a>,
}

#[derive(Serialize)]
struct JsonMetrics<'a> {
    /// One entry per current patient page, in path order.
    reading: &'a [crate::check::reading_age::PageReading],
}

#[derive(Serialize)]
struct JsonSummary {
    pages: usize,
    forms: usize,
    data_files: usize,
    errors: usize,
    warnings: usize,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    severity: Severity,
    rule: &'a str,
    message: &'a str,
    hint: Option<&'a str>,
}

pub fn json(report: &CheckReport) -> String {
    let (errors, warnings) = counts(&report.findings);
    let value = Json {
        format_version: 1,
        summary: JsonSummary {
            pages: report.pages,
            forms: report.forms,
            data_files: report.data_files,
            errors,
            warnings,
        },
        findings: report
            .findings
            .iter()
            .map(|d| JsonFinding {
                file: &d.file,
                line: d.line,
                column: d.column,
                severity: d.severity,
                rule: d.rule.unwrap_or(crate::rule::Rule::Build).name(),
                message: &d.message,
                hint: d.hint.as_deref(),
            })
            .collect(),
        external_links: &report.external_links,
        external_checked: report.external_checked,
        metrics: JsonMetrics {
            reading: &report.reading,
        },
    };
    serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
}
