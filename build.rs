//! Embeds the default theme (templates/ and static/ of this repository) into
//! the binary, so `careguide` works on any site folder and `careguide new`
//! needs nothing but the executable.

use std::fmt::Write;
use std::path::Path;

fn collect(dir: &Path, prefix: &str, out: &mut Vec<(String, String)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name().to_string_lossy().to_string();
        if name.starts_with('.') {
            continue;
        }
        let path = entry.path();
        let rel = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}/{name}")
        };
        if path.is_dir() {
            collect(&path, &rel, out);
        } else {
            out.push((rel, path.canonicalize().unwrap().display().to_string()));
        }
    }
}

fn main() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").unwrap();
    let mut code = String::new();
    for (name, folder) in [("TEMPLATES", "templates"), ("STATIC", "static")] {
        let dir = Path::new(&manifest).join(folder);
        println!("cargo:rerun-if-changed={}", dir.display());
        let mut files = Vec::new();
        collect(&dir, "", &mut files);
        for (rel, _) in &files {
            // Nested folders need their own rerun line to notice new files.
            if let Some((parent, _)) = rel.rsplit_once('/') {
                println!("cargo:rerun-if-changed={}", dir.join(parent).display());
            }
        }
        writeln!(code, "pub static {name}: &[(&str, &[u8])] = &[").unwrap();
        for (rel, abs) in files {
            writeln!(code, "    ({rel:?}, include_bytes!({abs:?})),").unwrap();
        }
        writeln!(code, "];").unwrap();
    }
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join("embedded.rs");
    std::fs::write(out, code).unwrap();
}
