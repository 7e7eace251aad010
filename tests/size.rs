//! Size limits for production code (issue 18: "no production file over ~400
//! lines and no function over ~60 without a reason in a comment").
//!
//! Every `src/**/*.rs` is read up to its first `#[cfg(test)]` line (the unit
//! tests that follow do not count), and files that are test modules
//! (`#[cfg(test)] mod tests;`) are skipped. A file may have at most
//! [`MAX_FILE_LINES`] production lines. A `fn` body, from its `{` to its `}`,
//! may have at most [`MAX_FN_LINES`] lines unless a comment starting
//! `// long:` sits just above the `fn` (among its doc comments and
//! attributes) and says why it is long.
//!
//! The scan is a small lexer, not a parser: it blanks out comments, string
//! and character literals, then finds `fn NAME`, skips the signature to the
//! first `{` (or `;` for a declaration without a body) outside parentheses
//! and brackets, and matches braces. Nested functions count on their own and
//! inside the function around them; closures count in the function around
//! them. `scanner_*` tests below pin this down on rustfmt-shaped snippets.
//!
//! [`KNOWN`] lists the offenders that existed when the test was written,
//! each with the helper rewriting it. The test fails on a new offender, and
//! also on a listed one that is no longer over the limit, so the list only
//! shrinks (like the debts in tests/layering.rs).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const MAX_FILE_LINES: usize = 400;
const MAX_FN_LINES: usize = 60;

/// Offenders of issue 18's size rule that other work is removing: `(file
/// under src/, what, owner)`, where `what` is `"file"` (over
/// [`MAX_FILE_LINES`] production lines) or `"fn NAME"` (a body over
/// [`MAX_FN_LINES`] lines with no `// long:` reason). Remove an entry when it
/// is fixed (the test says which); never add one: split the code, or give
/// the function a `// long:` reason.
const KNOWN: &[(&str, &str, &str)] = &[];

/// One function found by [`functions`].
#[derive(Debug, PartialEq)]
struct Function {
    name: String,
    /// 1-based line of the `fn` keyword.
    line: usize,
    /// Lines from the body's `{` to its `}`, both included.
    body_lines: usize,
    /// A `// long:` comment just above says why it is long.
    reasoned: bool,
}

/// `text` with comments, string literals and character literals replaced by
/// spaces (newlines kept), so braces and `fn` inside them are not seen.
fn blank(text: &str) -> String {
    let c: Vec<char> = text.chars().collect();
    let mut out: Vec<char> = c.clone();
    let mut i = 0;
    // Replace c[from..to] by spaces, keeping newlines.
    let wipe = |out: &mut Vec<char>, from: usize, to: usize| {
        for ch in out.iter_mut().take(to.min(c.len())).skip(from) {
            if *ch != '\n' {
                *ch = ' ';
            }
        }
    };
    let ident = |ch: char| ch.is_alphanumeric() || ch == '_';
    while i < c.len() {
        let prev_ident = i > 0 && ident(c[i - 1]);
        if c[i] == '/' && c.get(i + 1) == Some(&'/') {
            let end = (i..c.len()).find(|&j| c[j] == '\n').unwrap_or(c.len());
            wipe(&mut out, i, end);
            i = end;
        } else if c[i] == '/' && c.get(i + 1) == Some(&'*') {
            // Block comments nest in Rust.
            let (mut j, mut depth) = (i + 2, 1);
            while j < c.len() && depth > 0 {
                if c[j] == '/' && c.get(j + 1) == Some(&'*') {
                    depth += 1;
                    j += 2;
                } else if c[j] == '*' && c.get(j + 1) == Some(&'/') {
                    depth -= 1;
                    j += 2;
                } else {
                    j += 1;
                }
            }
            wipe(&mut out, i, j);
            i = j;
        } else if !prev_ident && (c[i] == 'r' || (c[i] == 'b' && c.get(i + 1) == Some(&'r'))) && {
            // A raw string: r"…", r#"…"#, br#"…"#.
            let mut j = i + if c[i] == 'b' { 2 } else { 1 };
            while c.get(j) == Some(&'#') {
                j += 1;
            }
            c.get(j) == Some(&'"')
        } {
            let mut j = i + if c[i] == 'b' { 2 } else { 1 };
            let mut hashes = 0;
            while c[j] == '#' {
                hashes += 1;
                j += 1;
            }
            j += 1;
            loop {
                if j >= c.len() {
                    break;
                }
                if c[j] == '"' && (1..=hashes).all(|k| c.get(j + k) == Some(&'#')) {
                    j += 1 + hashes;
                    break;
                }
                j += 1;
            }
            wipe(&mut out, i, j);
            i = j;
        } else if c[i] == '"' {
            let mut j = i + 1;
            while j < c.len() && c[j] != '"' {
                j += if c[j] == '\\' { 2 } else { 1 };
            }
            wipe(&mut out, i, j + 1);
            i = j + 1;
        } else if c[i] == '\'' {
            // A character literal ('x', '\n', '\u{7b}'), or else a lifetime.
            if c.get(i + 1) == Some(&'\\') {
                let j = (i + 2..c.len()).find(|&j| c[j] == '\'').unwrap_or(c.len());
                wipe(&mut out, i, j + 1);
                i = j + 1;
            } else if c.get(i + 2) == Some(&'\'') {
                wipe(&mut out, i, i + 3);
                i += 3;
            } else {
                i += 1;
            }
        } else {
            i += 1;
        }
    }
    out.into_iter().collect()
}

/// The production part of a file: everything before its first
/// `#[cfg(test)]` line.
fn production(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        if line.trim_start().starts_with("#[cfg(test)]") {
            break;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Every `fn NAME` with a body in `text` (production code, unblanked).
fn functions(text: &str) -> Vec<Function> {
    let raw: Vec<&str> = text.lines().collect();
    let code: Vec<char> = blank(text).chars().collect();
    let line_of = |pos: usize| 1 + code[..pos].iter().filter(|&&c| c == '\n').count();
    let ident = |ch: char| ch.is_alphanumeric() || ch == '_';
    let mut found = Vec::new();
    let mut i = 0;
    while i + 2 <= code.len() {
        let is_fn = code[i] == 'f'
            && code[i + 1] == 'n'
            && (i == 0 || !ident(code[i - 1]))
            && code.get(i + 2).is_some_and(|c| c.is_whitespace());
        if !is_fn {
            i += 1;
            continue;
        }
        // `fn NAME`; `fn(` is a function-pointer type, not an item.
        let mut j = i + 2;
        while j < code.len() && code[j].is_whitespace() {
            j += 1;
        }
        let start = j;
        while j < code.len() && ident(code[j]) {
            j += 1;
        }
        let name: String = code[start..j].iter().collect();
        if name.is_empty() {
            i += 2;
            continue;
        }
        // The signature ends at the first `{` or `;` outside () and [].
        let mut depth = 0i32;
        let mut open = None;
        while j < code.len() {
            match code[j] {
                '(' | '[' => depth += 1,
                ')' | ']' => depth -= 1,
                '{' if depth == 0 => {
                    open = Some(j);
                    break;
                }
                ';' if depth == 0 => break,
                _ => {}
            }
            j += 1;
        }
        let Some(open) = open else {
            i = j;
            continue;
        };
        let mut depth = 0;
        let mut close = code.len() - 1;
        for (k, &ch) in code.iter().enumerate().skip(open) {
            match ch {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        close = k;
                        break;
                    }
                }
                _ => {}
            }
        }
        let line = line_of(i);
        found.push(Function {
            name,
            line,
            body_lines: line_of(close) - line_of(open) + 1,
            reasoned: reason_above(&raw, line),
        });
        // Continue inside the body, so nested functions are found too.
        i = open + 1;
    }
    found
}

/// Whether the comments and attributes directly above 1-based `line` hold
/// one starting `// long:`.
fn reason_above(raw: &[&str], line: usize) -> bool {
    raw[..line - 1]
        .iter()
        .rev()
        .map(|l| l.trim_start())
        .take_while(|l| l.starts_with("//") || l.starts_with("#["))
        .any(|l| l.starts_with("// long:"))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Files declared as `#[cfg(test)] mod NAME;`: all of them is test code.
fn test_modules(files: &[PathBuf]) -> BTreeSet<PathBuf> {
    let mut out = BTreeSet::new();
    for path in files {
        let text = std::fs::read_to_string(path).unwrap();
        let lines: Vec<&str> = text.lines().map(str::trim).collect();
        // A mod.rs, lib.rs or main.rs declares children in its own folder;
        // any other a.rs in a/.
        let stem = path.file_stem().unwrap().to_string_lossy();
        let dir = path.parent().unwrap();
        let dir = if ["mod", "lib", "main"].contains(&stem.as_ref()) {
            dir.to_path_buf()
        } else {
            dir.join(stem.as_ref())
        };
        for pair in lines.windows(2) {
            let declared = pair[1]
                .strip_prefix("mod ")
                .or_else(|| pair[1].strip_prefix("pub mod "))
                .and_then(|rest| rest.strip_suffix(';'));
            if let (true, Some(name)) = (pair[0] == "#[cfg(test)]", declared) {
                out.insert(dir.join(format!("{name}.rs")));
                out.insert(dir.join(name).join("mod.rs"));
            }
        }
    }
    out
}

/// Every offender under `src`: `(file, what, detail)` with `what` as in
/// [`KNOWN`].
fn offenders(src: &Path) -> (Vec<(String, String, String)>, usize) {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files.sort();
    let tests = test_modules(&files);
    let mut out = Vec::new();
    for path in files.iter().filter(|p| !tests.contains(*p)) {
        let rel = path
            .strip_prefix(src)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let text = production(&std::fs::read_to_string(path).unwrap());
        let lines = text.lines().count();
        if lines > MAX_FILE_LINES {
            out.push((
                rel.clone(),
                "file".into(),
                format!("{lines} production lines"),
            ));
        }
        for f in functions(&text) {
            if f.body_lines > MAX_FN_LINES && !f.reasoned {
                let what = format!("fn {}", f.name);
                let detail = format!("line {}: {} lines", f.line, f.body_lines);
                out.push((rel.clone(), what, detail));
            }
        }
    }
    (out, files.len())
}

/// The offenders not listed in `known` (as messages), and the listed
/// entries no longer found (as lines to delete from [`KNOWN`]).
fn compare(
    found: &[(String, String, String)],
    known: &[(&str, &str, &str)],
) -> (Vec<String>, Vec<String>) {
    let listed: BTreeSet<(&str, &str)> = known.iter().map(|(f, w, _)| (*f, *w)).collect();
    let found_keys: BTreeSet<(&str, &str)> = found
        .iter()
        .map(|(f, w, _)| (f.as_str(), w.as_str()))
        .collect();
    let new = found
        .iter()
        .filter(|(f, w, _)| !listed.contains(&(f.as_str(), w.as_str())))
        .map(|(f, w, d)| format!("src/{f}: {w} ({d})"))
        .collect();
    let gone = known
        .iter()
        .filter(|(f, w, _)| !found_keys.contains(&(*f, *w)))
        .map(|(f, w, owner)| format!("(\"{f}\", \"{w}\", \"{owner}\")"))
        .collect();
    (new, gone)
}

#[test]
fn production_files_and_functions_stay_small() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let (found, files) = offenders(&src);
    // A scan that found nothing would pass vacuously.
    assert!(files > 50, "only {files} .rs files under {}", src.display());

    let known: BTreeSet<(&str, &str)> = KNOWN.iter().map(|(f, w, _)| (*f, *w)).collect();
    assert_eq!(
        known.len(),
        KNOWN.len(),
        "an entry of KNOWN is listed twice"
    );
    let (new, gone) = compare(&found, KNOWN);
    assert!(
        new.is_empty(),
        "over the size limits ({MAX_FILE_LINES} production lines a file, {MAX_FN_LINES} lines \
         a function body):\n  {}\nSplit the file or function by job, or, if a long function \
         is clearer whole, put a `// long: <why>` comment just above it.",
        new.join("\n  ")
    );
    assert!(
        gone.is_empty(),
        "KNOWN entries in tests/size.rs that are within the limits now; remove them so \
         they cannot come back unnoticed:\n  {}",
        gone.join("\n  ")
    );
}

#[test]
fn scanner_measures_bodies_not_signatures() {
    let text = "impl Thing {\n    pub fn long_signature<T>(\n        a: T,\n        b: &[u8; 4],\n    ) -> Result<(), String>\n    where\n        T: Clone,\n    {\n        let _ = (a, b);\n        Ok(())\n    }\n\n    fn declared(&self);\n}\n";
    let f = functions(text);
    assert_eq!(
        f,
        [Function {
            name: "long_signature".into(),
            line: 2,
            body_lines: 4,
            reasoned: false,
        }]
    );
}

#[test]
fn scanner_ignores_braces_and_fn_in_strings_comments_and_chars() {
    let text = r####"fn outer<'a>(s: &'a str, f: fn(u8) -> u8) -> usize {
    // a comment with { and fn fake() {
    let a = "fn in_string() { {";
    let b = r#"fn raw() { "quoted" {"#;
    let c = '{';
    let d = '\'';
    /* block /* nested { */ fn in_block() { */
    let g = |x: u8| { x + 1 };
    s.len() + a.len() + b.len() + usize::from(f(g(1))) + c.len_utf8() + d.len_utf8()
}
fn after() {}
"####;
    let f = functions(text);
    let names: Vec<(&str, usize, usize)> = f
        .iter()
        .map(|f| (f.name.as_str(), f.line, f.body_lines))
        .collect();
    assert_eq!(names, [("outer", 1, 10), ("after", 11, 1)]);
}

#[test]
fn scanner_finds_nested_functions_and_reasons() {
    let text = "/// Docs.\n// long: one match over every command reads best whole.\n#[allow(clippy::too_many_lines)]\nfn a() {\n    fn inner() {\n        x();\n    }\n}\n\n// not a reason\nfn b() {\n}\n";
    let f = functions(text);
    assert_eq!(f.len(), 3);
    assert_eq!(
        (f[0].name.as_str(), f[0].body_lines, f[0].reasoned),
        ("a", 5, true)
    );
    assert_eq!(
        (f[1].name.as_str(), f[1].line, f[1].reasoned),
        ("inner", 5, false)
    );
    assert_eq!((f[2].name.as_str(), f[2].reasoned), ("b", false));
}

#[test]
fn scanner_stops_at_the_test_module() {
    let text = "fn a() {}\n\n#[cfg(test)]\nmod tests {\n    fn t() {}\n}\n";
    let p = production(text);
    assert_eq!(p.lines().count(), 2);
    assert_eq!(functions(&p).len(), 1);
}

#[test]
fn a_new_offender_and_a_fixed_exception_both_fail() {
    let found = vec![
        (
            "a.rs".to_string(),
            "fn listed".to_string(),
            "line 1: 70 lines".to_string(),
        ),
        (
            "b.rs".to_string(),
            "file".to_string(),
            "401 production lines".to_string(),
        ),
    ];
    let known = [("a.rs", "fn listed", "x"), ("c.rs", "fn fixed", "y")];
    let (new, gone) = compare(&found, &known);
    assert_eq!(new, ["src/b.rs: file (401 production lines)"]);
    assert_eq!(gone, [r#"("c.rs", "fn fixed", "y")"#]);
}

#[test]
fn the_scan_counts_files_skips_test_modules_and_honours_reasons() {
    let dir = std::env::temp_dir().join(format!("careguide-size-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("m")).unwrap();
    let long_body = "    x();\n".repeat(MAX_FN_LINES);
    let big = "const A: u8 = 0;\n".repeat(MAX_FILE_LINES + 1);
    let files = [
        (
            "lib.rs",
            format!(
                "fn long() {{\n{long_body}}}\n\n// long: one table, clearer whole.\nfn reasoned() {{\n{long_body}}}\n"
            ),
        ),
        ("big.rs", big.clone()),
        ("m/mod.rs", "#[cfg(test)]\nmod tests;\n".to_string()),
        ("m/tests.rs", big),
    ];
    for (name, text) in &files {
        std::fs::write(dir.join(name), text).unwrap();
    }
    let (found, count) = offenders(&dir);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(count, 4);
    let keys: Vec<(&str, &str)> = found
        .iter()
        .map(|(f, w, _)| (f.as_str(), w.as_str()))
        .collect();
    assert_eq!(keys, [("big.rs", "file"), ("lib.rs", "fn long")]);
}
