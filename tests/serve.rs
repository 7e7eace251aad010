//! The preview server end to end, with a fake build: every file in content/
//! becomes a page, static/ is copied, a file containing BROKEN fails the
//! build and one containing PANIC panics. Requests are written as raw bytes on
//! a TcpStream, so nothing normalises the paths on the way.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Barrier, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use careguide::diagnostic::Diagnostic;
use careguide::serve::http::url_of_key;
use careguide::serve::{self, ChangeSet, RebuildResult, ServeConfig, ServerHandle, Snapshot};

const TIMEOUT: Duration = Duration::from_secs(5);
const SECRET: &str = "TOP-SECRET-7c1f9";

// ---------------------------------------------------------------- fake site

fn write(path: &Path, text: impl AsRef<[u8]>) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A temp dir holding `site/` and, next to it, a secret that must never be served.
fn fake_site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("secret.txt"), SECRET);
    let root = dir.path().join("site");
    write(&root.join("site.yaml"), "title: Test\n");
    write(&root.join("content/index.md"), "Home");
    write(&root.join("content/a.md"), "Alpha");
    write(&root.join("content/b.md"), "Beta");
    for name in [
        "site.css",
        "app.js",
        "data.json",
        "feed.xml",
        "logo.svg",
        "img.png",
        "photo.jpg",
        "photo.jpeg",
        "pic.webp",
        "font.woff2",
        "doc.pdf",
        "robots.txt",
    ] {
        write(&root.join("static").join(name), name);
    }
    (dir, root)
}

fn build(root: &Path) -> RebuildResult {
    let mut files = HashMap::new();
    let mut errors = Vec::new();
    files.insert(
        "404.html".to_string(),
        Arc::new(b"<html><body><h1>Not here</h1></body></html>".to_vec()),
    );
    for entry in walkdir::WalkDir::new(root.join("content")).sort_by_file_name() {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(root.join("content")).unwrap();
        let rel = rel.to_str().unwrap().replace('\\', "/");
        let Some(stem) = rel.strip_suffix(".md") else {
            continue;
        };
        let text = std::fs::read_to_string(entry.path()).unwrap();
        if text.contains("PANIC") {
            panic!("fake build panicked on {rel}");
        }
        if let Some(at) = text.find("BROKEN") {
            errors.push(
                Diagnostic::error(format!("content/{rel}"), "this page is <broken>")
                    .at_offset(&text, at)
                    .width(6)
                    .hint("remove the word BROKEN"),
            );
        }
        let key = if stem == "index" {
            "index.html".to_string()
        } else {
            format!("{stem}/index.html")
        };
        let html = format!(
            "<!doctype html><html><body><h1>{}</h1></body></html>",
            text.trim()
        );
        files.insert(key, Arc::new(html.into_bytes()));
    }
    for entry in walkdir::WalkDir::new(root.join("static")) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(root)
                .unwrap()
                .to_str()
                .unwrap()
                .replace('\\', "/");
            files.insert(rel, Arc::new(std::fs::read(entry.path()).unwrap()));
        }
    }
    if !errors.is_empty() {
        return RebuildResult::Failed(errors);
    }
    RebuildResult::Ok {
        snapshot: Snapshot { files },
        changed_urls: Vec::new(),
    }
}

/// A rebuild closure over the fake build that works out `changed_urls` and
/// records every change set it is given.
fn rebuilder(
    root: PathBuf,
    seen: Arc<Mutex<Vec<ChangeSet>>>,
) -> (
    RebuildResult,
    impl FnMut(&ChangeSet) -> RebuildResult + Send + 'static,
) {
    let initial = build(&root);
    let mut last = match &initial {
        RebuildResult::Ok { snapshot, .. } => snapshot.files.clone(),
        RebuildResult::Failed(_) => HashMap::new(),
    };
    let rebuild = move |changes: &ChangeSet| {
        seen.lock().unwrap().push(changes.clone());
        match build(&root) {
            RebuildResult::Ok { snapshot, .. } => {
                let mut changed_urls: Vec<String> = snapshot
                    .files
                    .iter()
                    .filter(|(k, v)| last.get(*k) != Some(*v))
                    .map(|(k, _)| url_of_key(k))
                    .collect();
                changed_urls.extend(
                    last.keys()
                        .filter(|k| !snapshot.files.contains_key(*k))
                        .map(|k| url_of_key(k)),
                );
                last = snapshot.files.clone();
                RebuildResult::Ok {
                    snapshot,
                    changed_urls,
                }
            }
            failed => failed,
        }
    };
    (initial, rebuild)
}

fn config(root: &Path, poll: bool) -> ServeConfig {
    ServeConfig {
        root: root.to_path_buf(),
        bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
        port: 0,
        poll,
        output_dir_name: "public".into(),
        quiet: false,
    }
}

// ---------------------------------------------------------------- raw HTTP

struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Send raw bytes, read until the server closes, split head and body.
fn raw(addr: SocketAddr, request: &[u8]) -> Reply {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(TIMEOUT)).unwrap();
    stream.write_all(request).unwrap();
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).unwrap();
    if bytes.is_empty() {
        // Closed without an answer.
        return Reply {
            status: 0,
            headers: Vec::new(),
            body: Vec::new(),
        };
    }
    let split = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no head in {:?}", String::from_utf8_lossy(&bytes)));
    let head = String::from_utf8(bytes[..split].to_vec()).unwrap();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    Reply {
        status,
        headers,
        body: bytes[split + 4..].to_vec(),
    }
}

fn send(addr: SocketAddr, method: &str, path: &str) -> Reply {
    raw(
        addr,
        format!("{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            .as_bytes(),
    )
}

fn get(addr: SocketAddr, path: &str) -> Reply {
    send(addr, "GET", path)
}

/// An open event stream.
struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    fn open(addr: SocketAddr) -> Events {
        let mut stream = TcpStream::connect(addr).unwrap();
        stream.set_read_timeout(Some(TIMEOUT)).unwrap();
        stream
            .write_all(b"GET /__careguide/events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n")
            .unwrap();
        let mut reader = BufReader::new(stream);
        let mut head = String::new();
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            if line == "\r\n" || line.is_empty() {
                break;
            }
            head.push_str(&line);
        }
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        assert!(
            head.contains("Content-Type: text/event-stream; charset=utf-8"),
            "{head}"
        );
        assert!(head.contains("Cache-Control: no-store"), "{head}");
        Events { reader }
    }

    /// The next event as (name, data); comments and `retry` are skipped.
    fn next(&mut self) -> (String, String) {
        let (mut name, mut data) = (String::new(), String::new());
        loop {
            let mut line = String::new();
            let n = self
                .reader
                .read_line(&mut line)
                .expect("event stream timed out");
            assert!(n > 0, "event stream closed");
            let line = line.trim_end_matches('\n');
            if line.is_empty() {
                if !name.is_empty() {
                    return (name, data);
                }
            } else if let Some(v) = line.strip_prefix("event: ") {
                name = v.to_string();
            } else if let Some(v) = line.strip_prefix("data: ") {
                data = v.to_string();
            }
        }
    }

    /// Skip events until one called `name`; return its data.
    fn wait_for(&mut self, name: &str) -> String {
        let deadline = Instant::now() + TIMEOUT;
        while Instant::now() < deadline {
            let (n, data) = self.next();
            if n == name {
                return data;
            }
        }
        panic!("no `{name}` event within {TIMEOUT:?}");
    }
}

fn start(root: &Path, poll: bool) -> (ServerHandle, Arc<Mutex<Vec<ChangeSet>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let (initial, rebuild) = rebuilder(root.to_path_buf(), seen.clone());
    let handle = serve::start(config(root, poll), initial, rebuild).unwrap();
    (handle, seen)
}

// ---------------------------------------------------------------- tests

#[test]
fn serves_pages_and_reloads_edits_errors_and_fixes() {
    let (_dir, root) = fake_site();
    let (server, seen) = start(&root, false);
    let server_seen = seen.clone();
    let addr = server.addr();
    assert!(addr.ip().is_loopback() && addr.port() != 0);
    assert_eq!(server.url(), format!("http://127.0.0.1:{}/", addr.port()));

    // Pages, with the live-reload script injected once, before </body>.
    let home = get(addr, "/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("Content-Type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(home.header("Cache-Control"), Some("no-store"));
    let text = home.text();
    assert!(text.contains("<h1>Home</h1>"), "{text}");
    assert_eq!(text.matches("/__careguide/live.js").count(), 1, "{text}");
    let script = text
        .find("<script src=\"/__careguide/live.js\" defer")
        .unwrap();
    assert!(script < text.find("</body>").unwrap(), "{text}");
    assert!(text.contains("data-url=\"/\""), "{text}");

    // HEAD: same head, no body.
    let page = get(addr, "/a/");
    let head = send(addr, "HEAD", "/a/");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(
        head.header("Content-Length"),
        Some(page.body.len().to_string().as_str())
    );
    assert_eq!(
        head.header("Content-Type"),
        Some("text/html; charset=utf-8")
    );

    // Directory URL without its slash.
    let moved = get(addr, "/a?x=1");
    assert_eq!(moved.status, 301);
    assert_eq!(moved.header("Location"), Some("/a/?x=1"));

    // Missing: the site's 404 page, status 404, script injected.
    let missing = get(addr, "/nowhere/");
    assert_eq!(missing.status, 404);
    assert!(missing.text().contains("<h1>Not here</h1>"));
    assert!(missing.text().contains("data-url=\"/404.html\""));
    assert_eq!(missing.header("Cache-Control"), Some("no-store"));

    // Other methods.
    for method in ["POST", "PUT", "DELETE", "OPTIONS"] {
        let reply = send(addr, method, "/");
        assert_eq!(reply.status, 405, "{method}");
        assert_eq!(reply.header("Allow"), Some("GET, HEAD"), "{method}");
    }

    // Content types; static files are served as they are.
    for (name, want) in [
        ("site.css", "text/css; charset=utf-8"),
        ("app.js", "text/javascript; charset=utf-8"),
        ("data.json", "application/json; charset=utf-8"),
        ("feed.xml", "application/xml; charset=utf-8"),
        ("logo.svg", "image/svg+xml; charset=utf-8"),
        ("img.png", "image/png"),
        ("photo.jpg", "image/jpeg"),
        ("photo.jpeg", "image/jpeg"),
        ("pic.webp", "image/webp"),
        ("font.woff2", "font/woff2"),
        ("doc.pdf", "application/pdf"),
        ("robots.txt", "text/plain; charset=utf-8"),
    ] {
        let reply = get(addr, &format!("/static/{name}"));
        assert_eq!(reply.status, 200, "{name}");
        assert_eq!(reply.header("Content-Type"), Some(want), "{name}");
        assert_eq!(reply.body, name.as_bytes(), "{name}");
    }

    // The script itself.
    let js = get(addr, "/__careguide/live.js");
    assert_eq!(js.status, 200);
    assert_eq!(
        js.header("Content-Type"),
        Some("text/javascript; charset=utf-8")
    );
    assert!(js.text().contains("new EventSource("));
    assert!(!js.text().contains("innerHTML"));

    // Edit a page: a reload naming it, and only it.
    let mut events = Events::open(addr);
    write(&root.join("content/a.md"), "Alpha two");
    let data = events.wait_for("reload");
    assert!(
        data.starts_with(r#"{"urls":["/a/"],"all":false,"#),
        "{data}"
    );
    assert!(data.contains("\"latency_ms\":"), "{data}");
    assert!(get(addr, "/a/").text().contains("<h1>Alpha two</h1>"));

    // A stylesheet change reloads every page.
    write(&root.join("static/site.css"), "body { color: red }");
    let data = events.wait_for("reload");
    assert!(
        data.starts_with(r#"{"urls":["/static/site.css"],"all":true,"#),
        "{data}"
    );

    // Break a page: the error event with located diagnostics; the last good page is still served.
    write(&root.join("content/b.md"), "Beta\nis BROKEN now");
    let data = events.wait_for("error");
    let diagnostics: serde_json::Value = serde_json::from_str(&data).unwrap();
    let first = &diagnostics[0];
    assert_eq!(first["file"], "content/b.md");
    assert_eq!(first["line"], 2);
    assert_eq!(first["column"], 4);
    assert_eq!(first["message"], "this page is <broken>");
    assert_eq!(first["hint"], "remove the word BROKEN");
    let rendered = first["rendered"].as_str().unwrap();
    assert!(
        rendered.contains("--> content/b.md:2:4") && rendered.contains("is BROKEN now"),
        "{rendered}"
    );
    assert!(get(addr, "/b/").text().contains("<h1>Beta</h1>"));

    // A page opened now gets the overlay at once.
    let mut late = Events::open(addr);
    assert!(late.wait_for("error").contains("content/b.md"));

    // Fix it: ok, then the reload with the new page.
    write(&root.join("content/b.md"), "Beta fixed");
    events.wait_for("ok");
    let data = events.wait_for("reload");
    assert!(data.contains("\"/b/\""), "{data}");
    assert!(get(addr, "/b/").text().contains("<h1>Beta fixed</h1>"));
    late.wait_for("ok");

    // A panicking rebuild is an error, not a dead server; the next change asks for everything.
    write(&root.join("content/a.md"), "PANIC");
    let data = events.wait_for("error");
    assert!(data.contains("the rebuild panicked"), "{data}");
    assert_eq!(get(addr, "/").status, 200);
    write(&root.join("content/a.md"), "Alpha three");
    events.wait_for("ok");
    assert!(events.wait_for("reload").contains("\"/a/\""));
    let last = seen.lock().unwrap().last().cloned().unwrap();
    assert!(
        last.rescan && last.config && last.content && last.statics,
        "{last:?}"
    );

    // Editor litter is ignored; a new folder with files in it is picked up.
    write(&root.join("content/.a.md.swp"), "swap");
    write(&root.join("content/a.md~"), "backup");
    let new_dir = root.join("content/new");
    std::fs::create_dir(&new_dir).unwrap();
    write(&new_dir.join("c.md"), "Gamma");
    let data = events.wait_for("reload");
    assert!(data.contains("\"/new/c/\""), "{data}");
    assert!(get(addr, "/new/c/").text().contains("<h1>Gamma</h1>"));
    let seen = seen.lock().unwrap();
    assert!(
        seen.iter().any(|c| c.content
            && c.paths
                .contains(&new_dir.canonicalize().unwrap().join("c.md"))),
        "{seen:?}"
    );
    assert!(
        seen.iter()
            .flat_map(|c| &c.paths)
            .all(|p| !p.to_string_lossy().ends_with(".swp") && !p.to_string_lossy().ends_with('~')),
        "{seen:?}"
    );
    // Rebuilds read the sources; reading is not a change, so nothing follows.
    let count = seen.len();
    drop(seen);
    thread::sleep(Duration::from_millis(400));
    assert_eq!(
        seen_count(&server_seen),
        count,
        "a rebuild triggered another"
    );

    server.shutdown();
    assert!(TcpStream::connect(addr).is_err() || get_fails(addr));
}

fn seen_count(seen: &Mutex<Vec<ChangeSet>>) -> usize {
    seen.lock().unwrap().len()
}

/// After shutdown a connection may still be accepted by the OS backlog, but is never answered.
fn get_fails(addr: SocketAddr) -> bool {
    let Ok(mut stream) = TcpStream::connect(addr) else {
        return true;
    };
    stream
        .set_read_timeout(Some(Duration::from_millis(500)))
        .unwrap();
    let _ = stream.write_all(b"GET / HTTP/1.1\r\nConnection: close\r\n\r\n");
    let mut buf = Vec::new();
    stream
        .read_to_end(&mut buf)
        .map_or(true, |_| buf.is_empty())
}

#[test]
fn hostile_paths_are_refused_raw() {
    let (dir, root) = fake_site();
    // A file inside the site too, reachable only by its real URL.
    write(&root.join("content/inner.md"), "inner");
    let (server, _) = start(&root, false);
    let addr = server.addr();
    let secret_path = dir.path().join("secret.txt");
    let absolute = format!("/{}", secret_path.display()).replace("//", "/");

    let mut cases: Vec<Vec<u8>> = [
        "/..",
        "/../secret.txt",
        "/../../../../../../etc/passwd",
        "/content/../../secret.txt",
        "/a/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/secret.txt",
        "/%2e%2E/%2e%2e/secret.txt",
        "/.%2e/secret.txt",
        "/%2e./secret.txt",
        "/a/%2e%2e/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/..%2Fsecret.txt",
        "/%2f%2e%2e%2fsecret.txt",
        "/..%5csecret.txt",
        "/..%5Csecret.txt",
        "/..\\secret.txt",
        "/a\\..\\..\\secret.txt",
        "/index.html%00",
        "/%00/../secret.txt",
        "/a%0d%0aX-Injected:%201",
        "//etc/passwd",
        "///secret.txt",
        "/C:/Windows/win.ini",
        "/c:%5cwindows%5cwin.ini",
        "C:\\secret.txt",
        "/%252e%252e/secret.txt",
        "/%c0%ae%c0%ae/secret.txt",
        "/%e0%80%ae%e0%80%ae/secret.txt",
        "/%ff%fe",
        "/%",
        "/%zz",
        "/./index.html",
        "http://localhost/../secret.txt",
        "*",
    ]
    .iter()
    .map(|p| p.as_bytes().to_vec())
    .collect();
    cases.push(format!("/{}", "a/".repeat(1200)).into_bytes());
    cases.push(format!("/{}", "x".repeat(300)).into_bytes());
    cases.push(format!("/..{absolute}").into_bytes());
    // Raw bytes no HTTP client would send.
    cases.push(b"/\x00/secret.txt".to_vec());
    cases.push(b"/a\x01b".to_vec());
    cases.push(b"/\xff\xfe/secret.txt".to_vec());
    cases.push(b"/\xc0\xae\xc0\xae/secret.txt".to_vec());
    cases.push(b"/..\x7f/secret.txt".to_vec());

    for path in &cases {
        for method in ["GET", "HEAD"] {
            let mut request = format!("{method} ").into_bytes();
            request.extend_from_slice(path);
            request.extend_from_slice(b" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            let shown = String::from_utf8_lossy(path);
            let reply = raw(addr, &request);
            if std::str::from_utf8(path).is_err() {
                // tiny_http reads the request line as UTF-8 and drops the
                // connection without an answer when it is not: refused before us.
                assert!(
                    reply.status == 400 || reply.status == 0,
                    "{method} {shown}: {}",
                    reply.text()
                );
            } else {
                assert_eq!(reply.status, 400, "{method} {shown}: {}", reply.text());
            }
            assert!(
                !reply.text().contains(SECRET),
                "{method} {shown} leaked the secret"
            );
            assert!(
                !reply.text().contains("<h1>"),
                "{method} {shown} served a page"
            );
        }
    }

    // An absolute file-system path is just a URL inside the site: not found, nothing leaks.
    let reply = get(addr, &absolute);
    assert_eq!(reply.status, 404);
    assert!(!reply.text().contains(SECRET));

    // The guard still lets ordinary encoded paths through.
    assert!(get(addr, "/%69nner/").text().contains("<h1>inner</h1>"));
    assert_eq!(get(addr, "/inner/?q=..%2f..").status, 200);
    server.shutdown();
}

#[test]
fn fifty_listeners_and_fifty_fetches_at_once() {
    let (_dir, root) = fake_site();
    let (server, _) = start(&root, false);
    let addr = server.addr();

    let mut listeners: Vec<Events> = (0..50).map(|_| Events::open(addr)).collect();
    let deadline = Instant::now() + TIMEOUT;
    while server.listeners() < 50 {
        assert!(
            Instant::now() < deadline,
            "only {} listeners registered",
            server.listeners()
        );
        thread::sleep(Duration::from_millis(10));
    }

    let barrier = Arc::new(Barrier::new(51));
    let fetches: Vec<_> = (0..50)
        .map(|i| {
            let barrier = barrier.clone();
            thread::spawn(move || {
                barrier.wait();
                let path = ["/", "/a/", "/b/", "/static/site.css", "/missing"][i % 5];
                let reply = get(addr, path);
                let want = if path == "/missing" { 404 } else { 200 };
                assert_eq!(reply.status, want, "{path}");
                assert!(!reply.body.is_empty());
            })
        })
        .collect();
    barrier.wait();
    // A rebuild lands while the fetches run.
    write(&root.join("content/a.md"), "Alpha again");
    server.submit(ChangeSet {
        content: true,
        ..ChangeSet::default()
    });
    for fetch in fetches {
        fetch.join().unwrap();
    }
    for events in &mut listeners {
        assert!(events.wait_for("reload").contains("\"/a/\""));
    }
    server.shutdown();
}

#[test]
fn polling_watcher_sees_edits() {
    let (_dir, root) = fake_site();
    let (server, seen) = start(&root, true);
    let mut events = Events::open(server.addr());
    write(&root.join("content/b.md"), "Beta polled");
    let data = events.wait_for("reload");
    assert!(data.contains("\"/b/\""), "{data}");
    assert!(seen.lock().unwrap().iter().any(|c| c.content));

    // A source folder that did not exist at start is picked up with its files.
    let videos = root.canonicalize().unwrap().join("data/videos.yaml");
    write(&videos, "- title: x\n");
    let deadline = Instant::now() + TIMEOUT;
    while !seen
        .lock()
        .unwrap()
        .iter()
        .any(|c| c.data && c.rescan && c.paths.contains(&videos))
    {
        assert!(Instant::now() < deadline, "{:?}", seen.lock().unwrap());
        thread::sleep(Duration::from_millis(20));
    }
    server.shutdown();
}

#[test]
fn a_failed_first_build_serves_the_overlay_and_recovers() {
    let (_dir, root) = fake_site();
    write(&root.join("content/a.md"), "BROKEN from the start");
    let (server, _) = start(&root, false);
    let addr = server.addr();
    // Nothing built yet: a 404 with the script, so the overlay can show.
    let reply = get(addr, "/");
    assert_eq!(reply.status, 404);
    assert!(reply.text().contains("/__careguide/live.js"));
    let mut events = Events::open(addr);
    assert!(events.wait_for("error").contains("content/a.md"));
    write(&root.join("content/a.md"), "Alpha");
    events.wait_for("ok");
    events.wait_for("reload");
    assert!(get(addr, "/a/").text().contains("<h1>Alpha</h1>"));
    server.shutdown();
}
