//! Splitting a page into YAML front matter and Markdown body.

use crate::diagnostic::Diagnostic;

/// A page split in two. `yaml_first_line` is the 1-based line of the file on
/// which the YAML starts; `body_offset` is the byte offset of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    pub yaml: &'a str,
    pub yaml_first_line: usize,
    pub body: &'a str,
    pub body_offset: usize,
    pub body_first_line: usize,
}

/// Split `text` (already normalised to LF) at its `---` fences.
pub fn split<'a>(file: &str, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let hint = "start the file with a line `---`, the YAML settings (title, summary, audience …), then another `---`";
    if text.trim().is_empty() {
        // Located at 1:1 like every other page error, so editors jump there.
        return Err(Diagnostic::error(file, "the page is empty")
            .at(text, 1, 1)
            .hint(hint));
    }
    let first_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if text[..first_end].trim_end() != "---" {
        return Err(Diagnostic::error(file, "the page has no front matter")
            .at(text, 1, 1)
            .width(text.lines().next().map_or(1, |l| l.chars().count()))
            .hint(hint));
    }
    let yaml_start = first_end;
    let rest = &text[yaml_start..];
    // Find the closing fence: a line that is exactly `---` (or `...`).
    let mut offset = yaml_start;
    for line in rest.split_inclusive('\n') {
        let bare = line.trim_end();
        if bare == "---" || bare == "..." {
            let yaml = &text[yaml_start..offset];
            let body_offset = offset + line.len();
            let yaml_first_line = 2;
            let body_first_line = text[..body_offset].matches('\n').count() + 1;
            if yaml.trim().is_empty() {
                return Err(Diagnostic::error(file, "the front matter is empty")
                    .at(text, 1, 1)
                    .width(3)
                    .hint("add at least title, summary, audience and last_reviewed between the `---` lines"));
            }
            return Ok(Split {
                yaml,
                yaml_first_line,
                body: &text[body_offset..],
                body_offset,
                body_first_line,
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::error(file, "the front matter is not closed")
        .at(text, 1, 1)
        .width(3)
        .hint("add a line `---` after the last front-matter setting"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_counts_lines() {
        let s = split("a.md", "---\ntitle: A\n---\n# Hi\n").unwrap();
        assert_eq!(s.yaml, "title: A\n");
        assert_eq!(s.yaml_first_line, 2);
        assert_eq!(s.body, "# Hi\n");
        assert_eq!(s.body_first_line, 4);
    }

    #[test]
    fn unclosed_and_missing_and_empty() {
        assert!(
            split("a.md", "---\ntitle: A\n# Hi\n")
                .unwrap_err()
                .message
                .contains("not closed")
        );
        assert!(
            split("a.md", "# Hi\n")
                .unwrap_err()
                .message
                .contains("no front matter")
        );
        assert!(
            split("a.md", "---\n---\n")
                .unwrap_err()
                .message
                .contains("front matter is empty")
        );
        assert!(split("a.md", "").unwrap_err().message.contains("empty"));
        // A thematic break inside the body is not a fence problem.
        let s = split("a.md", "---\nt: 1\n---\nx\n\n---\ny\n").unwrap();
        assert_eq!(s.body, "x\n\n---\ny\n");
    }

    #[test]
    fn file_without_trailing_newline_after_fence() {
        let s = split("a.md", "---\nt: 1\n---").unwrap();
        assert_eq!(s.body, "");
    }
}
