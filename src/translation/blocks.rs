//! What a translation remembers of its source: a short hash of the source
//! page's content (`translation_of`) and a hash per heading and paragraph
//! (`translation_blocks`), so `check` can say what changed since.
//!
//! The hashes only detect change; they are not for security. FNV-1a is
//! written out here because its output must never change between careguide
//! versions (the standard library's hasher may), and it is a dozen lines.

/// One top-level block of a page's Markdown: a heading, or anything else
/// between blank lines (a paragraph, a list, a table, a callout).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub heading: bool,
    /// 8 hex digits of the block's normalised text.
    pub hash: String,
    /// The block's text, for messages (only for blocks of the current source).
    pub text: String,
}

fn fnv1a(bytes: &[u8], seed: u64) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325_u64 ^ seed;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Whitespace collapsed, so re-wrapping a paragraph is not a change.
fn normalise(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The blocks of `body` (Markdown without its front matter), in order.
/// Fenced code is kept whole, so a blank line inside it does not split it.
pub fn blocks(body: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    let mut fence: Option<&str> = None;
    let flush = |current: &mut Vec<&str>, out: &mut Vec<Block>| {
        if current.is_empty() {
            return;
        }
        let text = normalise(&current.join("\n"));
        current.clear();
        if text.is_empty() {
            return;
        }
        out.push(Block {
            heading: text.starts_with('#'),
            hash: format!("{:08x}", fnv1a(text.as_bytes(), 0) as u32),
            text,
        });
    };
    for line in body.lines() {
        let trimmed = line.trim_start();
        if let Some(f) = fence {
            current.push(line);
            if trimmed.starts_with(f) {
                fence = None;
            }
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(&trimmed[..3]);
            current.push(line);
        } else if trimmed.is_empty() {
            flush(&mut current, &mut out);
        } else if trimmed.starts_with('#') {
            flush(&mut current, &mut out);
            current.push(line);
            flush(&mut current, &mut out);
        } else {
            current.push(line);
        }
    }
    flush(&mut current, &mut out);
    out
}

/// The 12-hex `translation_of` of a source page: its title, summary and
/// every block.
pub fn content_hash(title: &str, summary: &str, blocks: &[Block]) -> String {
    let mut text = format!("{}\n{}\n", normalise(title), normalise(summary));
    for b in blocks {
        text.push_str(&b.hash);
        text.push('\n');
    }
    let a = fnv1a(text.as_bytes(), 0);
    let b = fnv1a(text.as_bytes(), 0x9e37_79b9_7f4a_7c15);
    format!("{:016x}", a ^ b.rotate_left(32))[..12].to_string()
}

/// `translation_blocks` as written in front matter: `h` or `p` and the
/// hash of each block, space-separated (`h1a2b3c4d p0f9e8d7c`).
pub fn encode(blocks: &[Block]) -> String {
    blocks
        .iter()
        .map(|b| format!("{}{}", if b.heading { 'h' } else { 'p' }, b.hash))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Read `translation_blocks`; `None` if any item is malformed.
pub fn decode(text: &str) -> Option<Vec<Block>> {
    text.split_whitespace()
        .map(|item| {
            let (kind, hash) = item.split_at_checked(1)?;
            let heading = match kind {
                "h" => true,
                "p" => false,
                _ => return None,
            };
            (hash.len() == 8 && hash.bytes().all(|b| b.is_ascii_hexdigit())).then(|| Block {
                heading,
                hash: hash.to_ascii_lowercase(),
                text: String::new(),
            })
        })
        .collect()
}

/// One difference between the recorded blocks and the source's blocks now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A block of the source now (index into the new blocks) that was not there.
    Added(usize),
    /// A recorded block that is gone (index into the old blocks).
    Removed(usize),
    /// A recorded block replaced by a block of the source now, in the same place.
    Changed(usize, usize),
}

/// The changes from `old` to `new`: a longest common subsequence of the
/// hashes, with a removal next to an addition of the same kind paired up as
/// a change.
pub fn diff(old: &[Block], new: &[Block]) -> Vec<Change> {
    let (n, m) = (old.len(), new.len());
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if old[i].hash == new[j].hash && old[i].heading == new[j].heading {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    let mut run = Vec::new();
    while i < n || j < m {
        if i < n && j < m && old[i].hash == new[j].hash && old[i].heading == new[j].heading {
            out.extend(pair(std::mem::take(&mut run), old, new));
            i += 1;
            j += 1;
        } else if j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j]) {
            run.push(Change::Added(j));
            j += 1;
        } else {
            run.push(Change::Removed(i));
            i += 1;
        }
    }
    out.extend(pair(run, old, new));
    out
}

/// Within each run of changes between unchanged blocks, pair the removals
/// with the additions of the same kind, in order: each pair is one block
/// that was changed in place.
fn pair(run: Vec<Change>, old: &[Block], new: &[Block]) -> Vec<Change> {
    let mut removed: Vec<Option<usize>> = run
        .iter()
        .map(|c| match c {
            Change::Removed(i) => Some(*i),
            _ => None,
        })
        .collect();
    let mut paired = Vec::new();
    for c in &run {
        if let Change::Added(j) = c {
            let partner = removed
                .iter_mut()
                .find(|r| r.is_some_and(|i| old[i].heading == new[*j].heading))
                .and_then(Option::take);
            paired.push(match partner {
                Some(i) => Change::Changed(i, *j),
                None => Change::Added(*j),
            });
        }
    }
    // Removals left unpaired come first, where they were.
    let mut out: Vec<Change> = removed.into_iter().flatten().map(Change::Removed).collect();
    out.extend(paired);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &str =
        "# Title\n\nFirst para\nwraps here.\n\n## Who\n\n- one\n- two\n\n```\ncode\n\nmore\n```\n";

    #[test]
    fn blocks_split_at_blank_lines_and_headings() {
        let b = blocks(BODY);
        let kinds: Vec<bool> = b.iter().map(|b| b.heading).collect();
        assert_eq!(kinds, [true, false, true, false, false]);
        assert_eq!(b[1].text, "First para wraps here.");
        assert!(b[4].text.contains("more"), "fenced code stays one block");
        // Re-wrapping is not a change.
        assert_eq!(blocks(&BODY.replace("para\nwraps", "para wraps")), b);
        assert_eq!(decode(&encode(&b)).unwrap().len(), 5);
    }

    #[test]
    fn diff_names_added_removed_and_changed() {
        let old = blocks("# T\n\nA\n\nB\n\nC\n");
        let new = blocks("# T\n\nA\n\nB2\n\nC\n\nD\n");
        assert_eq!(diff(&old, &new), [Change::Changed(2, 2), Change::Added(4)]);
        let fewer = blocks("# T\n\nA\n\nC\n");
        assert_eq!(diff(&old, &fewer), [Change::Removed(2)]);
        assert!(diff(&old, &old).is_empty());
    }

    #[test]
    fn content_hash_is_stable_and_short() {
        let h = content_hash("T", "S", &blocks(BODY));
        assert_eq!(h.len(), 12);
        assert_eq!(h, content_hash(" T", "S ", &blocks(BODY)));
        assert_ne!(h, content_hash("T2", "S", &blocks(BODY)));
    }
}
