//! data/*.yaml: structured content handed to templates as `data.<file stem>`.

use std::path::Path;

use serde_json::{Map, Value};

use crate::content::walk;
use crate::diagnostic::Diagnostic;
use crate::source;

/// One data file, parsed, with its text kept for located checks.
#[derive(Debug, Clone)]
pub struct DataFile {
    pub file: String,
    pub name: String,
    pub text: String,
    pub value: Value,
}

/// Load every `data/*.yaml` (and `.yml`). Nested folders become nested maps
/// (`data/team/nurses.yaml` → `data.team.nurses`).
pub fn load(root: &Path) -> (Vec<DataFile>, Vec<Diagnostic>) {
    let (found, mut errors) = walk::files(root, "data");
    let mut files = Vec::new();
    for f in found {
        let Some(stem) = f
            .rel
            .strip_suffix(".yaml")
            .or_else(|| f.rel.strip_suffix(".yml"))
        else {
            continue;
        };
        let shown = format!("data/{}", f.rel);
        let bytes = match std::fs::read(&f.path) {
            Ok(b) => b,
            Err(e) => {
                errors.push(Diagnostic::error(
                    &shown,
                    format!("cannot read this file: {e}"),
                ));
                continue;
            }
        };
        let text = match source::decode(&shown, &bytes) {
            Ok(t) => t,
            Err(d) => {
                errors.push(d);
                continue;
            }
        };
        if text.trim().is_empty() {
            errors.push(
                Diagnostic::error(&shown, "the data file is empty")
                    .hint("add YAML data, or delete the file"),
            );
            continue;
        }
        match crate::yaml::parse::<Value>(&shown, &text, &text, 1) {
            Ok(value) => files.push(DataFile {
                file: shown,
                name: stem.to_string(),
                text,
                value,
            }),
            Err(d) => errors.push(d),
        }
    }
    (files, errors)
}

/// The `data` object for templates.
pub fn to_value(files: &[DataFile]) -> Value {
    let mut root = Map::new();
    for f in files {
        let mut parts: Vec<&str> = f.name.split('/').collect();
        let last = parts.pop().unwrap_or_default();
        let mut map = &mut root;
        for p in parts {
            let entry = map
                .entry(p.to_string())
                .or_insert_with(|| Value::Object(Map::new()));
            if !entry.is_object() {
                *entry = Value::Object(Map::new());
            }
            map = entry.as_object_mut().expect("just made an object");
        }
        map.insert(last.to_string(), f.value.clone());
    }
    Value::Object(root)
}
