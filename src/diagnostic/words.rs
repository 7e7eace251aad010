//! Words in messages: author text cut short, and "did you mean" suggestions.

/// Author text quoted in a message or hint, cut to `max` characters with
/// `…`: a message is one line for people, and the snippet under it shows
/// where the text is. (A 1 MB heading id was printed whole, three times.)
pub fn shorten(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(max) {
        None => std::borrow::Cow::Borrowed(text),
        Some((cut, _)) => std::borrow::Cow::Owned(format!("{}…", &text[..cut])),
    }
}

/// The closest of `candidates` to `word`, if it is close enough to be a
/// plausible typo ("did you mean …?").
pub fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    // The distance below costs time and memory in the product of the two
    // lengths; nobody mistypes a 100-character word, and a hostile page
    // (a 1 MB heading and a 1 MB anchor) must not cost terabytes.
    const LONGEST: usize = 100;
    if word.len() > LONGEST {
        return None;
    }
    let candidates: Vec<&'a str> = candidates
        .iter()
        .copied()
        .filter(|c| c.len() <= LONGEST)
        .collect();
    let candidates = candidates.as_slice();
    // Compare file names without their shared extension: `sms.html` is not
    // a typo of `404.html` just because both end in `.html`.
    let stem = |s: &'a str| s.rsplit_once('.').map_or(s, |(a, _)| a);
    let (w, same_ext) = match word.rsplit_once('.') {
        Some((a, ext)) => (a, Some(ext)),
        None => (word, None),
    };
    candidates
        .iter()
        .map(|c| {
            let c_cmp = match same_ext {
                Some(ext) if c.ends_with(&format!(".{ext}")) => stem(c),
                _ => c,
            };
            (
                edit_distance(w, c_cmp),
                w.chars().count().max(c_cmp.chars().count()),
                *c,
            )
        })
        .filter(|(d, len, _)| *d <= (len / 3).max(1))
        .min_by_key(|(d, _, _)| *d)
        .map(|(_, _, c)| c)
}

/// Optimal string alignment distance: insertions, deletions, substitutions
/// and swaps of two neighbouring letters (the commonest typo) cost one each.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[a.len()][b.len()]
}
