//! The floor: the least any generator can do with a careguide corpus.
//!
//! Reads every `.md` under `ROOT/content`, splits off the front matter (the
//! text up to the closing `---` line), renders the Markdown with
//! pulldown-cmark (careguide's options) in parallel with rayon, and writes one
//! file per page with pretty URLs (`a/b.md` → `a/b/index.html`,
//! `a/_index.md` → `a/index.html`). No templates, no checks, no links
//! resolved. The benchmark times careguide as a ratio to this.
//!
//!     cargo run --release --example floor -- ROOT OUT

use std::path::{Path, PathBuf};

use rayon::prelude::*;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 3 {
        eprintln!("usage: floor ROOT OUT");
        std::process::exit(2);
    }
    let content = Path::new(&args[1]).join("content");
    let out = PathBuf::from(&args[2]);
    let files: Vec<PathBuf> = walkdir::WalkDir::new(&content)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    let written: usize = files
        .par_iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).expect("read page");
            let body = split(&text);
            let mut html = String::with_capacity(body.len() * 3 / 2);
            pulldown_cmark::html::push_html(
                &mut html,
                pulldown_cmark::Parser::new_ext(body, careguide::markdown::options()),
            );
            let rel = path.strip_prefix(&content).expect("under content");
            let stem = rel.with_extension("");
            let dir = if stem.file_name().is_some_and(|n| n == "_index") {
                out.join(stem.parent().unwrap_or(Path::new("")))
            } else {
                out.join(stem)
            };
            std::fs::create_dir_all(&dir).expect("create folder");
            std::fs::write(dir.join("index.html"), html).expect("write page");
            1
        })
        .sum();
    println!("floor: {written} pages");
}

/// The Markdown after the front matter (`---` … `---`).
fn split(text: &str) -> &str {
    let Some(rest) = text.strip_prefix("---\n") else {
        return text;
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        offset += line.len();
        if line.trim_end() == "---" {
            return &rest[offset..];
        }
    }
    text
}
