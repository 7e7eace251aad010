//! `careguide serve` end to end with the real build: the binary serves a
//! site, an edit reloads the page, a broken edit shows the overlay event and
//! keeps the last good page, a fix recovers.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use common::{Site, basic_site, page};

/// Open the event stream and read until `want` appears (or time runs out).
struct Events(BufReader<TcpStream>);

impl Events {
    fn open(port: u16) -> Events {
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        s.set_read_timeout(Some(Duration::from_millis(200)))
            .unwrap();
        write!(
            s,
            "GET /__careguide/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
        )
        .unwrap();
        Events(BufReader::new(s))
    }

    fn wait_for(&mut self, want: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut seen = String::new();
        while Instant::now() < deadline {
            let mut line = String::new();
            match self.0.read_line(&mut line) {
                Ok(0) => break,
                Ok(_) => {
                    seen.push_str(&line);
                    if seen.contains(want) {
                        // Read the rest of the event (its data line).
                        let mut data = String::new();
                        let _ = self.0.read_line(&mut data);
                        seen.push_str(&data);
                        return seen;
                    }
                }
                Err(_) => continue,
            }
        }
        panic!("timed out waiting for {want:?}; saw:\n{seen}");
    }
}

#[test]
fn edit_reload_break_overlay_fix_recover() {
    let site = Site::new(&basic_site());
    let server = common::serve(site.root());
    let (status, body) = common::http_get(server.port, "/guide/lpa/");
    assert_eq!(status, 200);
    assert!(body.contains("Someone you trust."));
    assert!(
        body.contains("/__careguide/live.js"),
        "live reload script injected"
    );
    assert_eq!(common::http_get(server.port, "/nowhere/").0, 404);
    assert_eq!(common::http_get(server.port, "/%2e%2e/site.yaml").0, 400);

    let mut events = Events::open(server.port);
    std::thread::sleep(Duration::from_millis(300));
    site.write(
        "content/guide/lpa.md",
        &page(
            "Lasting power of attorney",
            "patient",
            "# Lasting power of attorney\n\n## Who can be an attorney?\n\nAn edited sentence.\n",
        ),
    );
    let seen = events.wait_for("event: reload");
    assert!(seen.contains("/guide/lpa/"), "{seen}");
    assert!(
        !seen.contains("/guide/talking/"),
        "unchanged pages are not reloaded: {seen}"
    );
    assert!(
        common::http_get(server.port, "/guide/lpa/")
            .1
            .contains("An edited sentence.")
    );

    site.write(
        "content/guide/lpa.md",
        &page(
            "Lasting power of attorney",
            "patient",
            "# LPA\n\n[broken](nowhere.md)\n",
        ),
    );
    let seen = events.wait_for("event: error");
    assert!(seen.contains("content/guide/lpa.md"), "{seen}");
    assert!(seen.contains("nowhere.md"), "{seen}");
    // The last good page is still served.
    assert!(
        common::http_get(server.port, "/guide/lpa/")
            .1
            .contains("An edited sentence.")
    );

    site.write(
        "content/guide/lpa.md",
        &page(
            "Lasting power of attorney",
            "patient",
            "# Lasting power of attorney\n\n## Who can be an attorney?\n\nFixed.\n",
        ),
    );
    events.wait_for("event: ok");
    assert!(
        common::http_get(server.port, "/guide/lpa/")
            .1
            .contains("Fixed.")
    );
    // Nothing was written to disk by the preview.
    assert!(!site.out().exists());
}

/// Serve the basic site (with `--quiet` or not), edit a page, wait until the
/// edit is served, stop the server and return what it printed to stderr.
fn stderr_of_one_edit(quiet: bool) -> String {
    let site = Site::new(&basic_site());
    let log = site.root().join("serve-stderr.txt");
    let extra: &[&str] = if quiet { &["--quiet"] } else { &[] };
    let server = common::serve_with(
        site.root(),
        extra,
        std::fs::File::create(&log).unwrap().into(),
    );
    let port = server.port;
    // The watcher starts just after the URL is printed.
    std::thread::sleep(Duration::from_millis(500));
    site.write(
        "content/guide/lpa.md",
        &page(
            "Lasting power of attorney",
            "patient",
            "# Lasting power of attorney\n\n## Who can be an attorney?\n\nAn edited sentence.\n",
        ),
    );
    let deadline = Instant::now() + Duration::from_secs(20);
    while !common::http_get(port, "/guide/lpa/")
        .1
        .contains("An edited sentence.")
    {
        assert!(Instant::now() < deadline, "the edit was never served");
        std::thread::sleep(Duration::from_millis(100));
    }
    // The line is printed right after the new pages are swapped in.
    std::thread::sleep(Duration::from_millis(300));
    drop(server); // kills the server and waits for it
    std::fs::read_to_string(&log).unwrap()
}

#[test]
fn serve_quiet_leaves_out_the_rebuilt_lines() {
    let loud = stderr_of_one_edit(false);
    assert!(loud.contains("rebuilt in"), "without --quiet: {loud}");
    let quiet = stderr_of_one_edit(true);
    assert!(!quiet.contains("rebuilt in"), "with --quiet: {quiet}");
}
