//! Lines and columns: byte offsets to 1-based line and character column,
//! and the window of a long source line kept for a snippet.

/// Longest source line kept whole in a diagnostic, in bytes. A longer line
/// (a 50 MB page may be one line) is cut to a window around the column, so a
/// diagnostic never holds a copy of a huge line: annotate-snippets would cut
/// it for display anyway, and thousands of findings on one line would
/// otherwise copy it thousands of times.
pub(super) const MAX_SNIPPET_BYTES: usize = 1024;
/// Bytes kept before the column when a long line is cut.
const SNIPPET_LEAD_BYTES: usize = 240;

/// The part of `line` to keep for a finding at character `column` (byte
/// `column_byte` of the line), and how many characters were cut from its
/// start. Works from the byte position so that it costs the same at the
/// end of a 50 MB line as at its start.
pub(super) fn snippet_window(line: &str, column: usize, column_byte: usize) -> (usize, &str) {
    if line.len() <= MAX_SNIPPET_BYTES {
        return (0, line);
    }
    let at = floor_char_boundary(line, column_byte.min(line.len()));
    let start = floor_char_boundary(line, at.saturating_sub(SNIPPET_LEAD_BYTES));
    let lead = line[start..at].chars().count();
    let end = floor_char_boundary(line, (start + MAX_SNIPPET_BYTES).min(line.len()));
    ((column - 1).saturating_sub(lead), &line[start..end])
}

/// Line starts of one text, so that locating many offsets in a big file
/// costs a binary search each instead of a scan from the top: with
/// [`Diagnostic::at_offset`] a page with thousands of findings was
/// quadratic (a 2 MB page of vague link texts took minutes).
pub struct LineIndex<'a> {
    text: &'a str,
    /// Where each line starts, found on first use: rules make an index for
    /// every page, and most pages have nothing to report.
    starts: std::cell::OnceCell<Vec<usize>>,
    /// The last offset located and its column: offsets usually come in
    /// order, so a column on a very long line is counted on from there.
    last: std::cell::Cell<(usize, usize)>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        LineIndex {
            text,
            starts: std::cell::OnceCell::new(),
            last: std::cell::Cell::new((0, 1)),
        }
    }

    fn starts(&self) -> &[usize] {
        self.starts.get_or_init(|| {
            // memchr's vectorised search: a build locates every page's links
            // to other pages' headings while the page's text is at hand, and
            // `match_indices` spent about 4 instructions a byte here.
            let mut starts = vec![0];
            starts.extend(memchr::memchr_iter(b'\n', self.text.as_bytes()).map(|i| i + 1));
            starts
        })
    }

    /// 1-based line and character column of a byte offset, as [`line_col`].
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(self.text, offset.min(self.text.len()));
        let starts = self.starts();
        let line = starts.partition_point(|&s| s <= offset);
        let start = starts[line - 1];
        let (last_offset, last_column) = self.last.get();
        let column = if last_offset >= start && last_offset <= offset {
            last_column + self.text[last_offset..offset].chars().count()
        } else {
            self.text[start..offset].chars().count() + 1
        };
        self.last.set((offset, column));
        (line, column)
    }

    /// The byte of 1-based `line` at which `offset` falls.
    pub(super) fn byte_in_line(&self, line: usize, offset: usize) -> usize {
        offset.min(self.text.len()) - self.starts()[line - 1]
    }

    /// The text of 1-based `line`, without its line ending.
    pub fn line_text(&self, line: usize) -> Option<&'a str> {
        let starts = self.starts();
        let start = *starts.get(line.checked_sub(1)?)?;
        let end = starts.get(line).map_or(self.text.len(), |&e| e - 1);
        Some(self.text[start..end].trim_end_matches('\r'))
    }
}

/// 1-based line and character column of a byte offset.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(source, offset.min(source.len()));
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = source[line_start..offset].chars().count() + 1;
    (line, column)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

pub(super) fn char_to_byte(text: &str, chars: usize) -> usize {
    text.char_indices()
        .nth(chars)
        .map_or(text.len(), |(i, _)| i)
}
