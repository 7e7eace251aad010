//! pagefind reads a plainly well-formed page with a strict reader of its
//! own instead of lol_html (careguide's patch, vendor/pagefind
//! src/fossick/fast_html.rs). Whatever it reads must be exactly what
//! lol_html reads, or the search index would change: these tests read
//! tricky pages and every indexed page of the default site both ways.
#![cfg(feature = "search")]

use pagefind::api::{PageReader, PagefindIndex};

fn reader() -> PageReader {
    PagefindIndex::new(None).unwrap().page_reader()
}

/// Both readers agree on `html`; returns whether the strict one read it
/// (rather than leaving it to lol_html).
fn agree(reader: &PageReader, name: &str, html: &str) -> bool {
    let (full, fast) = reader.read_both_ways(html);
    if let Some(fast) = &fast {
        assert_eq!(
            &full, fast,
            "{name}: the strict reader differs from lol_html"
        );
    }
    fast.is_some()
}

fn page(head: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n{head}\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )
}

const ARTICLE: &str = "<article data-pagefind-body data-pagefind-filter=\"audience:patient\">\
<h1 id=\"t\">Planning <em>ahead</em></h1><p>Talk to your nurse &amp; doctor.</p>\
<ul><li>One</li><li>Two <a href=\"#x\">link</a></li></ul></article>";

/// (name, page, whether the strict reader must take it)
fn tricky() -> Vec<(&'static str, String, bool)> {
    vec![
        ("plain", page("<title>Plan</title>", ARTICLE), true),
        (
            "nested same-name elements",
            page(
                "",
                "<div><div data-pagefind-body><div>a<div>b</div>c</div></div><div>outside</div></div>",
            ),
            true,
        ),
        (
            "ignored parts",
            page(
                "",
                "<article data-pagefind-body><p>kept</p><div data-pagefind-ignore>gone <b>x</b></div>\
                 <div data-pagefind-ignore=\"all\"><span data-pagefind-meta=\"m\">hidden</span></div>\
                 <div data-pagefind-ignore=\"bogus\">odd</div><p data-pagefind-ignore=\"index\" data-pagefind-filter=\"f\">f</p></article>",
            ),
            true,
        ),
        (
            "attributes outside the body",
            page(
                "<title>Head title</title><meta data-pagefind-meta=\"image[content]\" content=\"/a.png\">\
                 <meta data-pagefind-default-meta=\"author[content]\" content=\"NHS\">",
                "<header><h1>Site name</h1><img src=\"/logo.png\" alt=\"Logo\"></header>\
                 <nav id=\"n\" data-pagefind-filter=\"section:Care\"><a href=\"/\">Home</a></nav>\
                 <main id=\"main\"><article data-pagefind-body data-pagefind-sort=\"date:2026\">\
                 <h2 id=\"s\" data-pagefind-title=\"Section &amp; more\">Sec</h2><p>Body</p></article></main>\
                 <footer data-pagefind-meta=\"footer\" data-pagefind-weight=\"3\">Foot <img src=\"/f.png\"></footer>",
            ),
            true,
        ),
        (
            "marker inside a comment and a script",
            page(
                "<script>var s = '<div data-pagefind-body>not a body</div>';</script>",
                "<!-- <div data-pagefind-body>commented</div> --><p>All of the page</p>\
                 <script src=\"/pagefind/pagefind-ui.js\"></script><link href=\"_pagefind/x.css\">",
            ),
            true,
        ),
        (
            "no body element",
            page("<title>T</title>", "<h2>Heading</h2><p>Text<br>more</p>"),
            true,
        ),
        (
            "several body elements",
            page(
                "",
                "<p>before</p><section data-pagefind-body>one</section><p>between</p>\
                 <div><span data-pagefind-body>two</span></div><p>after</p>",
            ),
            true,
        ),
        (
            "body inside an ignored and a weighted element",
            page(
                "",
                "<div data-pagefind-ignore><h3><span data-pagefind-body>word</span></h3></div>\
                 <div data-pagefind-weight=\"2\"><b data-pagefind-body>bold</b></div>",
            ),
            true,
        ),
        (
            "entities",
            page(
                "<title>A &amp; B &lt;C&gt;</title>",
                "<article data-pagefind-body><p>caf&eacute; &#233; &#x41; &nbsp;x&nbsp; a&lt;b</p>\
                 <img src=\"/i.png?a=1&amp;b=2\" alt=\"&quot;q&quot;\"></article>",
            ),
            true,
        ),
        (
            "right-to-left language",
            "<!DOCTYPE html><html lang=\"AR\" dir=\"rtl\"><body><article data-pagefind-body>\
             <h1>مرحبا</h1><p>التخطيط المسبق للرعاية</p></article></body></html>"
                .to_string(),
            true,
        ),
        (
            "index attributes, ids and inline anchors",
            page(
                "",
                "<div data-pagefind-body><p id=\"p one\">Text <span>inline <a id=\"a\">deep</a></span></p>\
                 <img data-pagefind-index-attrs=\"alt, title\" alt=\"Alt text\" title=\"Title\">\
                 <input type=text value='x' disabled></div>",
            ),
            true,
        ),
        (
            "raw text elements",
            page(
                "<style>p > a { color: red }</style><noscript><p>no</p></noscript>",
                "<textarea>a <b> &amp;</textarea><pre>x</pre><iframe src=\"/x\"></iframe>\
                 <script>if (a </scrip b) {}</script><p>after</p>",
            ),
            true,
        ),
        (
            "raw text ended with a space",
            page("", "<script>x</script ><p>after</p>"),
            false,
        ),
        (
            "white space and comments around <html>",
            "<!-- c -->\n<!doctype html>\n<html>\n<body><p>x</p></body>\n</html>\n<!-- after -->\n"
                .to_string(),
            true,
        ),
        // Pages the strict reader leaves to lol_html (each must still agree
        // if it ever takes them).
        ("unclosed element", page("", "<p>one<p>two"), false),
        ("stray end tag", page("", "<p>one</p></div>"), false),
        ("misnested", page("", "<b><i>x</b></i>"), false),
        ("uppercase tag", page("", "<P>one</P>"), false),
        (
            "svg",
            page("", "<svg><title>t</title><path d=\"M0\"/></svg>"),
            false,
        ),
        ("carriage return", page("", "<p>one\r\ntwo</p>"), false),
        ("NUL", page("", "<p>one\0two</p>"), false),
        (
            "no html element",
            "<p data-pagefind-body>bare</p>".to_string(),
            false,
        ),
        (
            "text before html",
            format!("x{}", page("", "<p>y</p>")),
            false,
        ),
        (
            "comment in script",
            page("<script><!-- </script> --></script>", ""),
            false,
        ),
        ("odd comment", page("", "<!--> <p>x</p>"), false),
        ("duplicate attribute", page("", "<p id=a id=b>x</p>"), false),
        (
            "unquoted value with quote",
            page("", "<p title=a\"b>x</p>"),
            false,
        ),
        (
            "attributes without space",
            page("", "<p a=\"1\"b=\"2\">x</p>"),
            false,
        ),
        ("self-closing div", page("", "<div/><p>x</p>"), false),
        (
            "two html elements",
            format!("{}{}", page("", ""), page("", "")),
            false,
        ),
        ("lone less-than", page("", "<p>a < b</p>"), false),
        (
            "processing instruction",
            page("", "<?xml x?><p>x</p>"),
            false,
        ),
    ]
}

#[test]
fn tricky_pages_read_alike() {
    let reader = reader();
    for (name, html, fast) in tricky() {
        let took = agree(&reader, name, &html);
        assert_eq!(took, fast, "{name}: strict reader took it: {took}");
    }
}

#[test]
fn raw_text_end_tags_follow_lol_html() {
    // Raw text ends at `</name` followed by space, `/` or `>`, in any case;
    // the strict reader takes only an exact `</name>` and must agree.
    let reader = reader();
    let cases = [
        (
            "script end in capitals",
            "<script>a</SCRIPT></script><p>x</p>",
        ),
        (
            "style with a near miss",
            "<style>a</styles b</style><p>x</p>",
        ),
        ("title with a tag inside", "<title>a <b>bold</b></title>"),
    ];
    for (name, head) in cases {
        agree(&reader, name, &page(head, ARTICLE));
    }
}

#[test]
fn every_page_of_the_default_site_reads_alike() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let as_of = "2026-11-25".parse().unwrap();
    let built = careguide::pipeline::render(root, false, as_of).expect("the default site builds");
    let reader = reader();
    let (mut pages, mut fast) = (0, 0);
    for (path, bytes) in &built.files {
        if !careguide::search::wants(path, bytes) {
            continue;
        }
        pages += 1;
        if agree(&reader, path, std::str::from_utf8(bytes).unwrap()) {
            fast += 1;
        }
    }
    assert!(pages > 20, "{pages} pages indexed");
    // careguide's own pages are well-formed: all of them take the fast way.
    assert_eq!(
        fast,
        pages,
        "{} of {pages} pages left to lol_html",
        pages - fast
    );
}
