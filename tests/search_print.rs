//! The A to Z index, the combined print view of a section and the search
//! index, checked on a small site built in a temporary folder.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use careguide::pipeline::{self, Built};

const SITE_YAML: &str = "title: Test guide\nbase_url: https://example.org/\nlanguage: en-GB\norganisation: Test ICB\ndescription: A test site.\n";

fn page(title: &str, extra: &str, body: &str) -> String {
    format!(
        "---\ntitle: {title}\nsummary: About {title}.\naudience: patient\nlast_reviewed: 2026-01-10\n{extra}---\n{body}"
    )
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A guide section with a print view, a sub-section, and a page outside it.
fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "site.yaml", SITE_YAML);
    write(
        root,
        "content/_index.md",
        &page(
            "Planning ahead",
            "",
            "# Planning ahead\n\nStart with [the guide](guide/_index.md).\n",
        ),
    );
    write(
        root,
        "content/about.md",
        &page(
            "About this site",
            "",
            "# About this site\n\n## Who wrote it\n\nUs.\n",
        ),
    );
    write(
        root,
        "content/guide/_index.md",
        &page(
            "The guide",
            "print_view: true\n",
            "# The guide\n\nRead [ReSPECT](respect.md) first.\n\n## Who can help\n\nYour GP.\n",
        ),
    );
    write(
        root,
        "content/guide/respect.md",
        &page(
            "ReSPECT",
            "order: 10\n",
            "# ReSPECT\n\n## What it is\n\nA plan. See [attorneys](lpa.md#who-can-be-an-attorney), \
             [this part](#who-can-help) and [about us](../about.md#who-wrote-it).[^1]\n\n\
             ## Who can help\n\nA nurse.\n\n[^1]: A footnote.\n",
        ),
    );
    write(
        root,
        "content/guide/lpa.md",
        &page(
            "Lasting power of attorney",
            "order: 20\n",
            "# Lasting power of attorney\n\n## Who can be an attorney\n\nSomeone you trust, such as a quokka keeper.\n\n\
             ## Who can help\n\nA solicitor. Back to [the guide](_index.md).[^1]\n\n[^1]: Another footnote.\n",
        ),
    );
    write(
        root,
        "content/guide/more/_index.md",
        &page(
            "More help",
            "order: 30\n",
            "# More help\n\nSee [care homes](care-homes.md).\n",
        ),
    );
    write(
        root,
        "content/guide/more/care-homes.md",
        &page(
            "Care homes",
            "",
            "# Care homes\n\nSee [LPA](../lpa.md).\n\n## Visiting\n\nAny time.\n",
        ),
    );
    dir
}

fn build(root: &Path) -> Built {
    let as_of = "2026-06-01".parse().unwrap();
    match pipeline::render(root, false, as_of) {
        Ok(b) => b,
        Err(e) => panic!(
            "{}",
            e.iter()
                .map(|d| d.render(false))
                .collect::<Vec<_>>()
                .join("\n")
        ),
    }
}

fn html<'a>(built: &'a Built, path: &str) -> &'a str {
    let bytes = built
        .files
        .get(path)
        .unwrap_or_else(|| panic!("no {path} in {:?}", built.files.keys()));
    std::str::from_utf8(bytes).unwrap()
}

/// Every `id="…"` in a document, in order (a simple scan; our HTML always
/// quotes attributes with double quotes).
fn ids(doc: &str) -> Vec<String> {
    attr_values(doc, " id=\"")
}

fn attr_values(doc: &str, prefix: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = doc;
    while let Some(i) = rest.find(prefix) {
        rest = &rest[i + prefix.len()..];
        let end = rest.find('"').unwrap();
        out.push(rest[..end].to_string());
        rest = &rest[end..];
    }
    out
}

#[test]
fn a_to_z_lists_every_page_and_topic() {
    let dir = site();
    let built = build(dir.path());
    let az = html(&built, "a-z/index.html");
    for title in [
        "Planning ahead",
        "About this site",
        "The guide",
        "ReSPECT",
        "Lasting power of attorney",
        "More help",
        "Care homes",
    ] {
        assert!(
            az.contains(&format!(">{title}</a>")),
            "{title} missing from the A to Z:\n{az}"
        );
    }
    assert!(
        az.contains("<a href=\"../guide/lpa/#who-can-be-an-attorney\">Who can be an attorney <span class=\"az-page\">— Lasting power of attorney</span></a>"),
        "{az}"
    );
    assert!(
        az.contains("href=\"../#\"") || az.contains("href=\"../\""),
        "the home page is listed: {az}"
    );
    // Letters in order, with a jump list linking only the letters in use.
    let l = az.find("id=\"letter-l\"").unwrap();
    let r = az.find("id=\"letter-r\"").unwrap();
    assert!(l < r);
    assert!(az.contains("<a href=\"#letter-w\">W</a>"), "{az}");
    assert!(az.contains("<span>X</span>"), "{az}");
    let all_ids = ids(az);
    let unique: HashSet<&String> = all_ids.iter().collect();
    assert_eq!(
        unique.len(),
        all_ids.len(),
        "duplicate ids on the A to Z page"
    );
}

#[test]
fn print_view_holds_every_page_in_order_with_unique_ids_and_working_links() {
    let dir = site();
    let built = build(dir.path());
    let doc = html(&built, "guide/print/index.html");

    let articles: Vec<String> = doc
        .split("<article class=\"print-page")
        .skip(1)
        .map(|a| attr_values(a, " id=\"")[0].clone())
        .collect();
    assert_eq!(articles, ["guide", "respect", "lpa", "more", "care-homes"]);

    let all_ids = ids(doc);
    let mut seen = HashSet::new();
    for id in &all_ids {
        assert!(seen.insert(id), "duplicate id `{id}` in the print view");
    }
    assert!(seen.contains(&"lpa--who-can-be-an-attorney".to_string()));
    assert!(seen.contains(&"respect--who-can-help".to_string()));
    assert!(seen.contains(&"lpa--who-can-help".to_string()));

    // Every in-document link leads to an id that exists.
    let hrefs = attr_values(doc, " href=\"");
    let internal: Vec<&String> = hrefs.iter().filter(|h| h.starts_with('#')).collect();
    for h in &internal {
        assert!(seen.contains(&h[1..].to_string()), "link {h} has no target");
    }
    for expected in [
        "#lpa--who-can-be-an-attorney",
        "#respect",
        "#respect--who-can-help",
        "#guide",
        "#care-homes",
        "#lpa",
    ] {
        assert!(
            internal.iter().any(|h| *h == expected),
            "no link to {expected}: {internal:?}"
        );
    }
    // A page outside the section stays a relative link from /guide/print/.
    assert!(
        hrefs.contains(&"../../about/#who-wrote-it".to_string()),
        "{hrefs:?}"
    );
    // No relative link leads to a page that is in the document (each page's
    // web address is printed in full, on purpose, for readers of the paper).
    let relative = hrefs.iter().filter(|h| !h.starts_with("https://"));
    assert!(
        !relative
            .clone()
            .any(|h| h.contains("guide/lpa/") || h.contains("guide/respect/")),
        "{hrefs:?}"
    );
    assert!(!relative.clone().any(|h| h.contains("more/")), "{hrefs:?}");

    // Title page: the latest review date of all the pages.
    assert!(doc.contains("<h1>The guide</h1>"), "title page");
    assert!(doc.contains("Test ICB"));
    assert!(doc.contains("datetime=\"2026-01-10\""), "{doc}");
    assert!(doc.contains("static/css/print-pack.css"));

    // The section page links to it; other sections do not have one.
    let section = html(&built, "guide/index.html");
    assert!(
        section.contains("<a href=\"../guide/print/\">Print the whole pack</a>"),
        "{section}"
    );
    assert!(!built.files.contains_key("guide/more/print/index.html"));
    assert!(!html(&built, "guide/more/index.html").contains("Print the whole pack"));

    // `careguide build` frees each page's source and most of its render
    // before the print view is made from what it keeps: the same document.
    let out = tempfile::tempdir().unwrap();
    pipeline::build(&pipeline::BuildOptions {
        root: dir.path().to_path_buf(),
        out: out.path().join("site"),
        drafts: false,
        as_of: "2026-06-01".parse().unwrap(),
        offline: false,
        base_url: None,
        search: true,
    })
    .unwrap_or_else(|e| panic!("{e:?}"));
    let written = std::fs::read_to_string(out.path().join("site/guide/print/index.html")).unwrap();
    assert_eq!(
        written, doc,
        "the built print view differs from the rendered one"
    );
}

#[test]
fn the_latest_review_date_is_on_the_title_page() {
    let dir = site();
    let lpa = dir.path().join("content/guide/lpa.md");
    let text = std::fs::read_to_string(&lpa)
        .unwrap()
        .replace("2026-01-10", "2026-03-02");
    std::fs::write(&lpa, text).unwrap();
    let built = build(dir.path());
    let doc = html(&built, "guide/print/index.html");
    assert!(
        doc.contains("<time datetime=\"2026-03-02\">2 March 2026</time>"),
        "{doc}"
    );
}

#[test]
fn pages_cannot_take_generated_urls() {
    let dir = site();
    write(dir.path(), "content/a-z.md", &page("A to Z", "", "Mine.\n"));
    write(
        dir.path(),
        "content/guide/print.md",
        &page("Print", "", "Mine.\n"),
    );
    let as_of = "2026-06-01".parse().unwrap();
    let errors = pipeline::render(dir.path(), false, as_of).unwrap_err();
    let by_file: HashMap<&str, &str> = errors
        .iter()
        .map(|d| (d.file.as_str(), d.message.as_str()))
        .collect();
    assert!(
        by_file["content/a-z.md"].contains("the A to Z index would both be published at /a-z/"),
        "{errors:?}"
    );
    assert!(
        by_file["content/guide/print.md"].contains("print view"),
        "{errors:?}"
    );
}

#[test]
fn search_box_is_a_plain_form_and_there_is_no_inline_script() {
    let dir = site();
    let built = build(dir.path());
    for (path, bytes) in &built.files {
        if path.ends_with(".html") && !path.starts_with("pagefind/") {
            let doc = std::str::from_utf8(bytes).unwrap();
            // A GET form to the results page: it works without JavaScript.
            assert_eq!(
                doc.contains("<form class=\"search\" role=\"search\""),
                cfg!(feature = "search"),
                "{path}"
            );
            if cfg!(feature = "search") {
                assert!(doc.contains("search/\" method=\"get\">"), "{path}");
            }
            assert!(!doc.contains("<script>"), "no inline script in {path}");
        }
    }
}

#[cfg(feature = "search")]
#[test]
fn search_index_is_written_and_finds_a_known_word() {
    use std::io::Read;
    let dir = site();
    let built = build(dir.path());
    let stats = built.search.as_ref().expect("search stats");
    assert_eq!(stats.pages, 7, "every content page, nothing else");
    for f in ["pagefind/pagefind.js", "pagefind/pagefind-entry.json"] {
        assert!(built.files.contains_key(f), "{f} missing");
    }
    // The search script runs on the results page only.
    assert!(html(&built, "search/index.html").contains("static/js/search.js"));
    assert!(!html(&built, "guide/lpa/index.html").contains("static/js/search.js"));
    assert!(
        !built.files.keys().any(|p| p.contains("pagefind-ui.")
            || p.contains("modular-ui")
            || p.contains("component-ui")),
        "pagefind's own UIs are not published: search.js has its own markup"
    );
    let gunzip = |bytes: &[u8]| {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(bytes)
            .read_to_end(&mut out)
            .unwrap();
        out
    };
    let contains =
        |hay: &[u8], needle: &str| hay.windows(needle.len()).any(|w| w == needle.as_bytes());
    let of_kind = |ext: &str| -> Vec<Vec<u8>> {
        built
            .files
            .iter()
            .filter(|(p, _)| p.ends_with(ext))
            .map(|(_, b)| gunzip(b))
            .collect()
    };
    assert!(!of_kind(".pf_meta").is_empty(), "no pagefind metadata");
    // The word is in the word index, and the fragment holding it is the LPA page's.
    assert!(
        of_kind(".pf_index").iter().any(|i| contains(i, "quokka")),
        "word not indexed"
    );
    let fragments = of_kind(".pf_fragment");
    assert_eq!(fragments.len(), 7);
    let lpa = fragments
        .iter()
        .find(|f| contains(f, "quokka"))
        .expect("a fragment with the word");
    assert!(
        contains(lpa, "\"url\":\"/guide/lpa/\""),
        "{}",
        String::from_utf8_lossy(lpa)
    );
    assert!(
        contains(lpa, "\"audience\":[\"patient\"]"),
        "{}",
        String::from_utf8_lossy(lpa)
    );
    assert!(
        of_kind(".pf_filter").iter().any(|f| contains(f, "patient")),
        "audience filter"
    );
}

#[cfg(not(feature = "search"))]
#[test]
fn without_search_there_is_no_index_and_no_script() {
    let dir = site();
    let built = build(dir.path());
    assert!(built.search.is_none());
    assert!(!built.files.keys().any(|p| p.starts_with("pagefind/")));
    assert!(!html(&built, "guide/lpa/index.html").contains("search.js"));
}

#[test]
fn preview_edits_update_the_a_to_z_and_print_view_like_a_clean_build() {
    use careguide::session::Session;
    let dir = site();
    let as_of: jiff::civil::Date = "2026-06-01".parse().unwrap();
    let mut session = Session::new(dir.path(), false, as_of).unwrap();
    let lpa = dir.path().join("content/guide/lpa.md");
    let text = std::fs::read_to_string(&lpa)
        .unwrap()
        .replace("## Who can help", "## Who else can help");
    std::fs::write(&lpa, text).unwrap();
    let update = session.update(std::slice::from_ref(&lpa), false).unwrap();
    assert!(
        update.changed.contains("a-z/index.html"),
        "{:?}",
        update.changed
    );
    assert!(
        update.changed.contains("guide/print/index.html"),
        "{:?}",
        update.changed
    );
    let clean = Session::new(dir.path(), false, as_of).unwrap();
    assert!(careguide::session::diff(session.files(), clean.files()).is_empty());
    assert!(
        std::str::from_utf8(&session.files()["guide/print/index.html"])
            .unwrap()
            .contains("id=\"lpa--who-else-can-help\"")
    );
}

/// A site with `pages` pages of `topics` `##` headings each, the page and
/// topic names spread over the alphabet (and one digit).
fn big_site(pages: usize, topics: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "site.yaml", SITE_YAML);
    write(
        root,
        "content/_index.md",
        &page("Home", "", "# Home\n\nWelcome.\n"),
    );
    let word = |n: usize| {
        let letters = b"abcdefghijklmnopqrstuvwxy";
        let c = char::from(letters[n % letters.len()]).to_ascii_uppercase();
        format!("{c}opic{n}")
    };
    for p in 0..pages {
        let mut body = format!("# {}\n\nText.\n", word(p + 3));
        for t in 0..topics {
            body.push_str(&format!("\n## {} {p}\n\nMore.\n", word(p * topics + t)));
        }
        write(
            root,
            &format!("content/p{p}.md"),
            &page(&word(p + 3), "", &body),
        );
    }
    // One topic under 0–9, so a slot other than a letter is split too.
    write(
        root,
        "content/numbers.md",
        &page("Numbers", "", "# Numbers\n\n## 111 and 999\n\nCall.\n"),
    );
    dir
}

#[test]
fn a_large_a_to_z_has_a_page_per_letter() {
    // 120 × (1 + 9) + 3 entries: above the 1,000 where the A to Z splits.
    let dir = big_site(120, 9);
    let built = build(dir.path());
    let index = html(&built, "a-z/index.html");
    assert!(index.contains("href=\"../a-z/a/\""), "{index}");
    assert!(index.contains("href=\"../a-z/0-9/\""), "{index}");
    assert!(!index.contains("az-entry"), "the index lists letters only");
    // Z has no entry: listed, not linked, and no page.
    assert!(index.contains("<span>Z</span>"));
    assert!(!built.files.contains_key("a-z/z/index.html"));

    let b = html(&built, "a-z/b/index.html");
    assert!(b.contains("<h1>A to Z: B</h1>"), "{b}");
    assert!(
        b.contains("href=\"../../a-z/b/\" aria-current=\"page\""),
        "{b}"
    );
    let entries = attr_values(b, "<li class=\"az-entry az-entry-");
    assert!(!entries.is_empty());
    // Every entry under B starts with B, and links back into the site.
    for text in b.split("az-entry-").skip(1) {
        let link_text = text.split('>').nth(2).unwrap();
        assert!(link_text.starts_with('B'), "{link_text}");
    }
    // Every page, topic and letter page is there once: entries across the
    // letter pages add up to the whole.
    let total: usize = built
        .files
        .iter()
        .filter(|(p, _)| p.starts_with("a-z/") && p.as_str() != "a-z/index.html")
        .map(|(_, b)| {
            std::str::from_utf8(b)
                .unwrap()
                .matches("class=\"az-entry ")
                .count()
        })
        .sum();
    assert_eq!(total, 1 + 120 * 10 + 2);
    assert!(html(&built, "a-z/0-9/index.html").contains("111 and 999"));
}

#[test]
fn preview_edits_keep_a_split_a_to_z_like_a_clean_build() {
    use careguide::session::Session;
    let dir = big_site(120, 9);
    let as_of: jiff::civil::Date = "2026-06-01".parse().unwrap();
    let mut session = Session::new(dir.path(), false, as_of).unwrap();
    assert!(session.files().contains_key("a-z/0-9/index.html"));
    // The only 0–9 topic goes: its letter page goes too.
    let numbers = dir.path().join("content/numbers.md");
    std::fs::write(
        &numbers,
        page(
            "Numbers",
            "",
            "# Numbers\n\n## Emergency numbers\n\nCall.\n",
        ),
    )
    .unwrap();
    let update = session
        .update(std::slice::from_ref(&numbers), false)
        .unwrap();
    assert!(update.changed.contains("a-z/0-9/index.html"));
    assert!(!session.files().contains_key("a-z/0-9/index.html"));
    let clean = Session::new(dir.path(), false, as_of).unwrap();
    assert!(careguide::session::diff(session.files(), clean.files()).is_empty());
}
