//! Sites in several languages (issue 21), end to end with the real binary:
//! translations published under /<code>/, `translate mark` and the
//! `translation` rule, i18n keys, language codes and file suffixes, and the
//! links between languages.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::{Site, basic_site, page, run};

const LANGUAGES: &str = "languages:\n  - { code: en-GB, name: English }\n  - { code: ur, name: اردو, dir: rtl }\n  - { code: pl, name: Polski }\n";

/// `basic_site()` in three languages, with the repository's Urdu and Polish
/// UI text and an Urdu translation of guide/lpa.md.
fn multilingual() -> Site {
    let mut files = basic_site();
    for (path, text) in &mut files {
        if path == "site.yaml" {
            text.push_str(LANGUAGES);
        }
    }
    files.push((
        "i18n/ur.yaml".into(),
        include_str!("../i18n/ur.yaml").into(),
    ));
    files.push((
        "i18n/pl.yaml".into(),
        include_str!("../i18n/pl.yaml").into(),
    ));
    files.push((
        "content/guide/lpa.ur.md".into(),
        "---\ntitle: لاسٹنگ پاور آف اٹارنی\nsummary: کسی بھروسے کے شخص کو کیسے چنیں۔\ntranslation_status: unreviewed\n---\n# لاسٹنگ پاور آف اٹارنی\n\n## اٹارنی کون بن سکتا ہے؟\n\nکوئی ایسا شخص جس پر آپ کو بھروسا ہو۔\n".into(),
    ));
    Site::new(&files)
}

fn check(site: &Site, as_of: &str) -> common::Run {
    run(site.root(), &["check", "--root", ".", "--as-of", as_of])
}

#[test]
fn a_translation_goes_out_of_date_when_its_source_changes_and_back_when_re_marked() {
    let site = multilingual();
    let mark = run(
        site.root(),
        &[
            "translate",
            "mark",
            "content/guide/lpa.ur.md",
            "--as-of",
            "2026-11-01",
        ],
    );
    assert_eq!(mark.code, 0, "{}{}", mark.stdout, mark.stderr);
    assert!(
        mark.stdout
            .contains("marked content/guide/lpa.ur.md as a translation of content/guide/lpa.md"),
        "{}",
        mark.stdout
    );
    let marked = std::fs::read_to_string(site.root().join("content/guide/lpa.ur.md")).unwrap();
    assert!(
        marked.contains("translation_marked: 2026-11-01\n"),
        "{marked}"
    );
    let of_line = marked
        .lines()
        .position(|l| l.starts_with("translation_of:"))
        .unwrap()
        + 1;

    let fresh = check(&site, "2026-11-25");
    assert_eq!(fresh.code, 0, "{}{}", fresh.stdout, fresh.stderr);
    assert!(!fresh.stdout.contains("[translation]"), "{}", fresh.stdout);
    let built = site.build(&[]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    let html = site.read("ur/guide/lpa/index.html");
    assert!(html.contains("<html lang=\"ur\" dir=\"rtl\">"), "{html}");
    assert!(
        html.contains("translation-unreviewed"),
        "an unreviewed translation says so"
    );
    assert!(
        !html.contains("translation-outdated"),
        "a current translation has no out-of-date banner"
    );

    // The English page changes: a paragraph is reworded and a heading added.
    let source = site.root().join("content/guide/lpa.md");
    let english = std::fs::read_to_string(&source).unwrap().replace(
        "Someone you trust.\n",
        "Someone you trust, aged 18 or over.\n\n## How to register it\n\nSend it to the Office of the Public Guardian.\n",
    );
    std::fs::write(&source, english).unwrap();
    let stale = check(&site, "2026-11-25");
    assert_eq!(stale.code, 0, "a warning at first: {}", stale.stdout);
    let at = format!("content/guide/lpa.ur.md:{of_line}:17");
    assert!(
        stale.stdout.contains(&at),
        "located at translation_of: {}",
        stale.stdout
    );
    for what in [
        "[translation] this translation is out of date: content/guide/lpa.md changed",
        "paragraph changed, now “Someone you trust, aged 18 or over.”",
        "heading added: “How to register it”",
        "paragraph added: “Send it to the Office of the Public Guardian.”",
    ] {
        assert!(
            stale.stdout.contains(what),
            "missing {what:?} in {}",
            stale.stdout
        );
    }
    // Past the grace period (30 days from the day it was marked): an error.
    let late = check(&site, "2027-01-15");
    assert_eq!(late.code, 1, "{}", late.stdout);
    assert!(
        late.stdout.contains("error[translation]") || late.stdout.contains("error: [translation]"),
        "{}",
        late.stdout
    );
    // Readers see the banner, linking to the English page.
    let built = site.build(&[]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    let html = site.read("ur/guide/lpa/index.html");
    assert!(html.contains("translation-outdated"), "{html}");
    assert!(
        html.contains("href=\"../../../guide/lpa/\" hreflang=\"en-GB\""),
        "{html}"
    );

    let again = run(
        site.root(),
        &["translate", "mark", "content/guide/lpa.ur.md"],
    );
    assert_eq!(again.code, 0, "{}", again.stderr);
    let current = check(&site, "2027-01-15");
    assert_eq!(current.code, 0, "{}", current.stdout);
    assert!(
        !current.stdout.contains("[translation]"),
        "{}",
        current.stdout
    );
    site.build(&[]);
    assert!(
        !site
            .read("ur/guide/lpa/index.html")
            .contains("translation-outdated")
    );
}

#[test]
fn translate_mark_changes_nothing_when_one_file_cannot_be_marked() {
    let site = multilingual();
    let before = std::fs::read_to_string(site.root().join("content/guide/lpa.ur.md")).unwrap();
    let r = run(
        site.root(),
        &[
            "translate",
            "mark",
            "content/guide/lpa.ur.md",
            "content/guide/gone.ur.md",
        ],
    );
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("content/guide/gone.md does not exist"),
        "{}",
        r.stderr
    );
    let after = std::fs::read_to_string(site.root().join("content/guide/lpa.ur.md")).unwrap();
    assert_eq!(before, after, "no file is marked when one cannot be");
}

fn build_errors(site: &Site) -> String {
    let r = site.build(&[]);
    assert_eq!(r.code, 1, "expected failure: {}{}", r.stdout, r.stderr);
    assert!(!site.out().exists(), "nothing may be written");
    r.stderr
}

#[test]
fn a_missing_i18n_key_is_located_at_the_template_naming_key_and_language() {
    let site = multilingual();
    let ur = include_str!("../i18n/ur.yaml").replace("skip_link: مرکزی مواد پر جائیں\n", "");
    site.write("i18n/ur.yaml", &ur);
    site.write(
        "templates/footer-extra.html",
        "<p>{{ t(key=\"footer.extra_note\") }}</p>\n",
    );
    insta::assert_snapshot!(build_errors(&site));
}

#[test]
fn bad_language_codes_directions_and_duplicates_are_located() {
    let site = multilingual();
    site.write(
        "site.yaml",
        &format!(
            "{}languages:\n  - {{ code: en-GB, name: English }}\n  - {{ code: ur_PK, name: اردو, dir: rtl }}\n  - {{ code: pl, name: Polski, dir: sideways }}\n  - {{ code: pl, name: Polski }}\n",
            common::SITE_YAML
        ),
    );
    insta::assert_snapshot!(build_errors(&site));
}

#[test]
fn a_suffix_shaped_like_an_undeclared_language_is_an_error_with_did_you_mean() {
    let site = multilingual();
    site.write(
        "content/guide/lpa.uk.md",
        "---\ntitle: T\nsummary: S\n---\n# T\n",
    );
    site.write(
        "content/guide/lpa.en-GB.md",
        "---\ntitle: T\nsummary: S\n---\n# T\n",
    );
    site.write(
        "content/guide/talking.pl.md",
        "---\ntitle: T\nsummary: S\n---\n# T\n",
    );
    site.write(
        "content/guide/gone.pl.md",
        "---\ntitle: T\nsummary: S\n---\n# T\n",
    );
    insta::assert_snapshot!(build_errors(&site));
}

#[test]
fn names_that_only_look_dotted_stay_ordinary_pages() {
    let site = multilingual();
    site.write(
        "content/guide/v1.2.md",
        &page("Version 1.2", "everyone", "# Version 1.2\n\nNotes.\n"),
    );
    let r = site.build(&[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(site.out().join("guide/v1.2/index.html").exists());
}

#[test]
fn a_one_language_site_is_unchanged_by_languages() {
    let site = Site::new(&basic_site());
    let r = site.build(&[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let html = site.read("guide/lpa/index.html");
    assert!(html.contains("<html lang=\"en-GB\" dir=\"ltr\">"), "{html}");
    assert!(
        !html.contains("hreflang"),
        "no alternates without translations"
    );
    assert!(!html.contains("language-switcher"));
    assert!(!site.read("sitemap.xml").contains("xhtml"));
}

/// Every `href` of `html` (a file at `file` inside `out`), resolved.
fn hrefs(html: &str, marker: &str) -> Vec<String> {
    let mut out = Vec::new();
    for chunk in html.split(marker).skip(1) {
        let end = chunk.find("</nav>").unwrap_or(chunk.len());
        for part in chunk[..end].split("href=\"").skip(1) {
            out.push(part[..part.find('"').unwrap()].to_string());
        }
    }
    out
}

fn resolves(out: &Path, page_dir: &Path, href: &str) -> bool {
    let target = page_dir.join(href);
    let target = if href.ends_with('/') || href.is_empty() {
        target.join("index.html")
    } else {
        target
    };
    // Normalise `..` without touching the file system's symlinks.
    let mut parts: Vec<std::ffi::OsString> = Vec::new();
    for c in target.components() {
        match c {
            std::path::Component::ParentDir => {
                parts.pop();
            }
            std::path::Component::CurDir => {}
            other => parts.push(other.as_os_str().to_owned()),
        }
    }
    let path: std::path::PathBuf = parts.iter().collect();
    path.starts_with(out) && path.exists()
}

#[test]
fn hreflang_switcher_and_sitemap_links_resolve_in_the_default_site() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let r = run(
        repo,
        &[
            "build",
            "--as-of",
            "2026-11-25",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let base = "https://careguide.example.org/";
    let mut checked = BTreeSet::new();
    let mut pages_with_switcher = 0;
    for entry in walkdir::WalkDir::new(&out) {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "html") || path.starts_with(out.join("pagefind")) {
            continue;
        }
        let html = std::fs::read_to_string(path).unwrap();
        let dir = path.parent().unwrap();
        for line in html
            .lines()
            .filter(|l| l.starts_with("<link rel=\"alternate\" hreflang="))
        {
            let href = line
                .split("href=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap();
            let rel = href
                .strip_prefix(base)
                .unwrap_or_else(|| panic!("{href} is not on the site"));
            assert!(
                resolves(&out, &out, rel),
                "{}: hreflang {href} goes nowhere",
                path.display()
            );
            checked.insert(href.to_string());
        }
        let switcher = hrefs(&html, "<nav class=\"language-switcher\"");
        if html.contains("<nav class=\"language-switcher\"") {
            pages_with_switcher += 1;
            assert!(!switcher.is_empty(), "{}", path.display());
        }
        for href in switcher {
            assert!(
                resolves(&out, dir, &href),
                "{}: switcher link {href} goes nowhere",
                path.display()
            );
        }
    }
    // The three pages and two sections in Urdu and Polish, each with its
    // English page, the forms and the search pages.
    assert!(
        checked.contains(&format!("{base}ur/guide/lpa/")),
        "{checked:?}"
    );
    assert!(
        checked.contains(&format!("{base}pl/forms/my-wishes/")),
        "{checked:?}"
    );
    // 5 pages and sections, the search page and the form, in 3 languages.
    assert_eq!(pages_with_switcher, 21, "pages with a switcher");
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    for href in sitemap
        .split("<xhtml:link rel=\"alternate\" hreflang=\"")
        .skip(1)
    {
        let url = href
            .split("href=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        assert!(
            resolves(&out, &out, url.strip_prefix(base).unwrap()),
            "sitemap: {url}"
        );
    }
    assert!(sitemap.contains(&format!(
        "hreflang=\"ur\" href=\"{base}ur/guide/what-is-acp/\""
    )));
    // A feed per language, with only that language's pages.
    let ur_feed = std::fs::read_to_string(out.join("ur/feed.xml")).unwrap();
    assert!(
        ur_feed.contains("xml:lang=\"ur\"") && ur_feed.contains(&format!("{base}ur/guide/lpa/"))
    );
    assert!(
        !std::fs::read_to_string(out.join("feed.xml"))
            .unwrap()
            .contains("/ur/")
    );
    // The Questionnaire carries the Urdu and Polish labels the FHIR way.
    let q: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("forms/my-wishes/questionnaire.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(q["language"], "en-GB");
    let exts = q["_title"]["extension"].as_array().unwrap();
    let langs: Vec<&str> = exts
        .iter()
        .map(|e| e["extension"][0]["valueCode"].as_str().unwrap())
        .collect();
    assert_eq!(langs, ["pl", "ur"]);
    assert_eq!(
        exts[1]["url"],
        "http://hl7.org/fhir/StructureDefinition/translation"
    );
    assert_eq!(
        exts[1]["extension"][1]["valueString"],
        "میری خواہشات اور پسند"
    );
}

#[test]
fn the_preview_shows_a_translation_out_of_date_as_soon_as_its_source_is_saved() {
    use careguide::session::Session;
    let site = multilingual();
    let r = run(
        site.root(),
        &["translate", "mark", "content/guide/lpa.ur.md"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let as_of: jiff::civil::Date = "2026-11-25".parse().unwrap();
    let mut s = Session::new(site.root(), false, as_of).unwrap();
    let page =
        |s: &Session| String::from_utf8_lossy(&s.files()["ur/guide/lpa/index.html"]).into_owned();
    assert!(!page(&s).contains("translation-outdated"));
    let source = site.root().join("content/guide/lpa.md");
    let text = std::fs::read_to_string(&source)
        .unwrap()
        .replace("Someone you trust.", "Someone you know well.");
    std::fs::write(&source, text).unwrap();
    let u = s.update(&[source], false).unwrap();
    assert!(
        u.changed.contains("ur/guide/lpa/index.html"),
        "{:?}",
        u.changed
    );
    assert!(page(&s).contains("translation-outdated"));
    let clean = Session::new(site.root(), false, as_of).unwrap();
    assert!(careguide::session::diff(s.files(), clean.files()).is_empty());
}

#[test]
fn a_form_translation_with_ids_the_form_lacks_is_located_with_the_nearest_id() {
    let site = multilingual();
    site.write(
        "forms/my-wishes.yaml",
        include_str!("../forms/my-wishes.yaml"),
    );
    site.write(
        "forms/my-wishes.ur.yaml",
        "# Urdu labels\ntranslation_status: unreviewed\ntitle: میری خواہشات\nsections:\n  about-you:\n    title: میرے بارے میں\nfields:\n  my-nmae:\n    label: میرا نام\n  contacts:\n    columns: [نام]\noptions:\n  \"place-of-care.hom\": گھر پر\n",
    );
    insta::assert_snapshot!(build_errors(&site));
}

#[test]
fn a_language_without_ui_text_is_one_error_at_its_entry() {
    let site = multilingual();
    std::fs::remove_file(site.root().join("i18n/pl.yaml")).unwrap();
    let errors = build_errors(&site);
    // SITE_YAML has 5 lines; `languages:` is line 6, pl's entry line 9.
    assert!(
        errors.contains("there is no UI text for Polski (`pl`): i18n/pl.yaml is missing")
            && errors.contains("--> site.yaml:9:13"),
        "{errors}"
    );
    assert_eq!(
        errors.matches("error:").count(),
        2,
        "one error and the summary: {errors}"
    );
}

#[test]
fn callouts_are_labelled_in_the_page_language_and_in_the_default_one_without_a_label() {
    let site = multilingual();
    site.write(
        "content/guide/lpa.ur.md",
        "---\ntitle: لاسٹنگ پاور آف اٹارنی\nsummary: کسی بھروسے کے شخص کو کیسے چنیں۔\ntranslation_status: unreviewed\n---\n# لاسٹنگ پاور آف اٹارنی\n\n> [!WARNING]\n> اسے سوچ سمجھ کر کریں۔\n\n> [!CAUTION]\n> ایمرجنسی میں 999 پر کال کریں۔\n",
    );
    // Polish UI text without the callout labels: its pages keep the
    // default language's.
    let full = include_str!("../i18n/pl.yaml");
    let (before, rest) = full
        .split_once("\ncallout:\n")
        .expect("pl.yaml has callouts");
    let (_, after) = rest.split_once("\nform:\n").expect("and forms after them");
    let polish = format!("{before}\nform:\n{after}");
    assert!(!polish.contains("callout:") && polish.contains("\nform:\n"));
    site.write("i18n/pl.yaml", &polish);
    site.write(
        "content/guide/lpa.pl.md",
        "---\ntitle: Pełnomocnictwo\nsummary: Jak wybrać zaufaną osobę.\ntranslation_status: unreviewed\n---\n# Pełnomocnictwo\n\n> [!TIP]\n> Porozmawiaj z rodziną.\n",
    );
    let r = site.build(&[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let urdu = site.read("ur/guide/lpa/index.html");
    assert!(
        urdu.contains(
            "<div class=\"callout callout-warning\">\n<p class=\"callout-label\">انتباہ</p>"
        ),
        "{urdu}"
    );
    assert!(
        urdu.contains(
            "<div class=\"callout callout-urgent\">\n<p class=\"callout-label\">فوری</p>"
        ),
        "{urdu}"
    );
    assert!(!urdu.contains(">Warning<") && !urdu.contains(">Urgent<"));
    let polish_page = site.read("pl/guide/lpa/index.html");
    assert!(
        polish_page.contains("<p class=\"callout-label\">Tip</p>"),
        "{polish_page}"
    );
}

#[test]
fn a_callout_label_is_escaped() {
    let site = Site::new(&basic_site());
    site.write("i18n/en.yaml", "callout:\n  note: \"<b>Note</b> & more\"\n");
    site.write(
        "content/guide/note.md",
        &page(
            "Note",
            "patient",
            "# Note\n\n> [!NOTE]\n> Read this first.\n",
        ),
    );
    let r = site.build(&[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let html = site.read("guide/note/index.html");
    assert!(
        html.contains("<p class=\"callout-label\">&lt;b&gt;Note&lt;/b&gt; &amp; more</p>"),
        "{html}"
    );
}
