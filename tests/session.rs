//! Incremental rebuilds give byte-identical output to a clean build, and
//! report only the outputs that changed.

mod common;

use careguide::session::Session;
use common::{Site, basic_site, page};

fn as_of() -> jiff::civil::Date {
    "2026-11-25".parse().unwrap()
}

/// Compare outputs by listing the paths that differ (never dump the bytes).
fn same(a: &careguide::session::Store, b: &careguide::session::Store) {
    let d = careguide::session::diff(a, b);
    assert!(d.is_empty(), "outputs differ from a clean build: {d:?}");
}

fn clean(site: &Site) -> careguide::session::Store {
    Session::new(site.root(), false, as_of())
        .unwrap()
        .files()
        .clone()
}

#[test]
fn body_edit_rerenders_the_page_and_matches_a_clean_build() {
    let site = Site::new(&basic_site());
    let mut s = Session::new(site.root(), false, as_of()).unwrap();
    site.write(
        "content/guide/lpa.md",
        &page(
            "Lasting power of attorney",
            "patient",
            "# Lasting power of attorney\n\n## Who can be an attorney?\n\nNew text.\n",
        ),
    );
    let u = s
        .update(&[site.root().join("content/guide/lpa.md")], false)
        .unwrap();
    assert!(
        u.changed.contains("guide/lpa/index.html"),
        "{:?}",
        u.changed
    );
    assert!(
        !u.changed.contains("guide/talking/index.html"),
        "{:?}",
        u.changed
    );
    assert!(String::from_utf8_lossy(&s.files()["guide/lpa/index.html"]).contains("New text."));
    same(s.files(), &clean(&site));
}

#[test]
fn title_edit_updates_lists_and_breadcrumbs_everywhere() {
    let site = Site::new(&basic_site());
    let mut s = Session::new(site.root(), false, as_of()).unwrap();
    let text = std::fs::read_to_string(site.root().join("content/guide/_index.md")).unwrap();
    site.write(
        "content/guide/_index.md",
        &text.replace("title: The guide", "title: Your guide"),
    );
    let u = s
        .update(&[site.root().join("content/guide/_index.md")], false)
        .unwrap();
    // The section title appears in the breadcrumbs of its pages.
    assert!(
        u.changed.contains("guide/lpa/index.html"),
        "{:?}",
        u.changed
    );
    same(s.files(), &clean(&site));
}

#[test]
fn a_broken_edit_keeps_the_last_good_output_and_a_fix_recovers() {
    let site = Site::new(&basic_site());
    let mut s = Session::new(site.root(), false, as_of()).unwrap();
    let before = s.files().clone();
    site.write(
        "content/guide/lpa.md",
        &page("LPA", "patient", "# LPA\n\n[x](nowhere.md)\n"),
    );
    let errs = s
        .update(&[site.root().join("content/guide/lpa.md")], false)
        .unwrap_err();
    assert!(
        errs.iter().any(|e| e.message.contains("nowhere.md")),
        "{errs:?}"
    );
    same(s.files(), &before);
    site.write(
        "content/guide/lpa.md",
        &page("LPA", "patient", "# LPA\n\n## Who can be an attorney?\n"),
    );
    s.update(&[site.root().join("content/guide/lpa.md")], false)
        .unwrap();
    same(s.files(), &clean(&site));
}

#[test]
fn new_pages_and_template_changes_rebuild_fully() {
    let site = Site::new(&basic_site());
    let mut s = Session::new(site.root(), false, as_of()).unwrap();
    site.write(
        "content/guide/new.md",
        &page("A new page", "patient", "# A new page\n"),
    );
    let u = s
        .update(&[site.root().join("content/guide/new.md")], false)
        .unwrap();
    assert!(u.changed.contains("guide/new/index.html"));
    assert!(
        u.changed.contains("guide/index.html"),
        "the section lists it"
    );
    site.write("templates/footer-extra.html", "<p>Extra</p>");
    let u = s
        .update(&[site.root().join("templates/footer-extra.html")], false)
        .unwrap();
    assert!(u.changed.contains("index.html"));
    same(s.files(), &clean(&site));
}

/// Issue 19, finding 6: during an edit a page is swapped for a symlink to a
/// file outside the site. The preview's update used to read through it and
/// send that file's first line (in the error snippet) to every open page;
/// it must refuse it unread, as a build does, and keep the last good pages.
#[test]
fn a_page_swapped_for_a_symlink_to_outside_is_refused_unread() {
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.md");
    std::fs::write(&secret, "PASSWORD=hunter2 first line\n").unwrap();
    let site = Site::new(&basic_site());
    let mut s = Session::new(site.root(), false, as_of()).unwrap();
    let before = s.files().clone();
    let page_path = site.root().join("content/guide/lpa.md");
    std::fs::remove_file(&page_path).unwrap();
    std::os::unix::fs::symlink(&secret, &page_path).unwrap();
    let errors = s
        .update(std::slice::from_ref(&page_path), false)
        .unwrap_err();
    let shown: String = errors.iter().map(|d| d.render(false)).collect();
    assert!(!shown.contains("hunter2"), "{shown}");
    assert!(
        shown.contains("this symlink points outside the site folder"),
        "{shown}"
    );
    same(s.files(), &before);
    // The same through the other paths an update can take.
    for full in [true, false] {
        let errors = s
            .update(std::slice::from_ref(&page_path), full)
            .unwrap_err();
        let shown: String = errors.iter().map(|d| d.render(false)).collect();
        assert!(!shown.contains("hunter2"), "{shown}");
    }
}
