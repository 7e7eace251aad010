//! Preview-server benchmark: how long from a file edit to the reload event,
//! and whether 200 concurrent clients are served during rebuilds.
//!
//!     cargo run --release --example serve_latency -- SITE [--edits 20] [--clients 100]
//!
//! SITE is a corpus from bench/corpus.py (it is edited in place and put back
//! at the end: use a copy). The server is the one `careguide serve` runs
//! (`careguide::preview::start`), on a free loopback port. Each edit waits for
//! its reload event on a raw Server-Sent Events stream and records the event's
//! own `latency_ms` (debounced file event → reload sent) and `build_ms` (the
//! in-memory rebuild), plus the wall time from the write to the event
//! arriving (which adds the watcher's debounce). Then 100 event-stream
//! listeners and 100 page fetchers run in loops while pages and templates
//! change; any failed request, refused stream or missing reload is reported.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver};
use std::thread;
use std::time::{Duration, Instant};

use careguide::serve::ServeConfig;

// The allocator `careguide serve` runs with (src/main.rs), so that this
// measures the same server.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

struct Reload {
    urls: Vec<String>,
    build_ms: f64,
    latency_ms: f64,
    at: Instant,
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(site) = args.next().map(PathBuf::from) else {
        eprintln!("usage: serve_latency SITE [--edits N] [--clients N]");
        std::process::exit(2);
    };
    let mut edits = 20;
    let mut clients = 100;
    while let Some(a) = args.next() {
        let v: usize = args.next().and_then(|v| v.parse().ok()).unwrap_or_else(|| {
            eprintln!("{a} needs a number");
            std::process::exit(2)
        });
        match a.as_str() {
            "--edits" => edits = v,
            "--clients" => clients = v,
            _ => {
                eprintln!("unknown option {a}");
                std::process::exit(2)
            }
        }
    }
    let site = site.canonicalize().expect("site folder");
    let pages = page_files(&site);
    let as_of: jiff::civil::Date = "2026-11-25".parse().expect("date");
    let config = ServeConfig {
        root: site.clone(),
        port: 0,
        ..ServeConfig::default()
    };
    let started = Instant::now();
    let handle = careguide::preview::start(config, false, as_of).expect("start the server");
    let first_build = started.elapsed();
    let addr = handle.addr();
    eprintln!(
        "serving {} pages at {} (first build {:.2} s)",
        pages.len(),
        handle.url(),
        first_build.as_secs_f64()
    );

    // One listener for the timings.
    let (tx, events) = mpsc::channel();
    let stop = Arc::new(AtomicBool::new(false));
    {
        let stop = stop.clone();
        thread::spawn(move || {
            listen(addr, &stop, |r| {
                let _ = tx.send(r);
            })
        });
    }
    wait_for(|| handle.listeners() >= 1, "the event stream");

    let footer = site.join("templates/footer-extra.html");
    let footer_original = std::fs::read(&footer).expect("templates/footer-extra.html");
    let mut originals: Vec<(PathBuf, Vec<u8>)> = Vec::new();

    // One-page body edits, each on a different page.
    let mut page_runs = Vec::new();
    for k in 0..edits {
        let (file, url) = &pages[(k * 7919 + 13) % pages.len()];
        let before = std::fs::read(file).expect("read page");
        originals.push((file.clone(), before.clone()));
        let mut text = before.clone();
        text.extend_from_slice(format!("\nA short line added by edit {k}.\n").as_bytes());
        let r = edit_and_wait(&events, file, &text, |r| r.urls.contains(url));
        page_runs.push(r);
        thread::sleep(Duration::from_millis(250));
    }
    // Template edits: every page changes.
    let mut template_runs = Vec::new();
    for k in 0..edits {
        let text = format!("<p class=\"footer-extra\">Template edit {k}.</p>\n");
        let r = edit_and_wait(&events, &footer, text.as_bytes(), |r| r.urls.len() > 1);
        template_runs.push(r);
        thread::sleep(Duration::from_millis(250));
    }

    // 200 concurrent clients while pages and templates change.
    let load = concurrent(addr, &pages, clients, &events, &footer, &site);

    // Put the corpus back as it was.
    for (file, bytes) in originals.iter().rev() {
        std::fs::write(file, bytes).expect("restore page");
    }
    std::fs::write(&footer, &footer_original).expect("restore template");
    stop.store(true, Ordering::Release);
    handle.shutdown();

    let report = |name: &str, runs: &[(f64, f64, f64)]| {
        let mut lat: Vec<f64> = runs.iter().map(|r| r.0).collect();
        let mut build: Vec<f64> = runs.iter().map(|r| r.1).collect();
        let mut wall: Vec<f64> = runs.iter().map(|r| r.2).collect();
        println!(
            "| {name} | {} | {:.1} | {:.1} | {:.1} | {:.1} |",
            runs.len(),
            median(&mut lat),
            median(&mut build),
            median(&mut wall),
            lat.iter().copied().fold(0.0, f64::max),
        );
    };
    println!(
        "Serve, {} pages (first build {:.2} s):\n",
        pages.len(),
        first_build.as_secs_f64()
    );
    println!(
        "| edit | n | latency_ms (median) | build_ms (median) | write → event ms (median) | latency_ms (max) |"
    );
    println!("| --- | --- | --- | --- | --- | --- |");
    report("one page body", &page_runs);
    report("templates/footer-extra.html", &template_runs);
    println!();
    println!(
        "Concurrent clients: {} event streams ({} connected, {} refused, {} saw every reload), {} page fetchers: {} requests, {} failed; {} rebuilds during the run",
        clients,
        load.listeners_connected,
        load.listeners_failed,
        load.listeners_complete,
        clients,
        load.requests,
        load.failed,
        load.rebuilds
    );
    if load.failed > 0 || load.listeners_failed > 0 || load.listeners_complete < clients {
        std::process::exit(1);
    }
}

/// Markdown pages of the corpus (not section pages) with their URLs.
fn page_files(site: &Path) -> Vec<(PathBuf, String)> {
    let content = site.join("content");
    let mut pages: Vec<(PathBuf, String)> = walkdir::WalkDir::new(&content)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.file_name() != "_index.md")
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| {
            let rel = e.path().strip_prefix(&content).unwrap().with_extension("");
            let url = format!("/{}/", rel.to_string_lossy().replace('\\', "/"));
            (e.into_path(), url)
        })
        .collect();
    pages.sort();
    pages
}

/// Write `bytes` to `file` and wait for the reload event that `matches`.
/// Returns (latency_ms, build_ms, wall ms from the write to the event).
fn edit_and_wait(
    events: &Receiver<Reload>,
    file: &Path,
    bytes: &[u8],
    matches: impl Fn(&Reload) -> bool,
) -> (f64, f64, f64) {
    while events.try_recv().is_ok() {}
    let written = Instant::now();
    std::fs::write(file, bytes).expect("write");
    let deadline = written + Duration::from_secs(120);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match events.recv_timeout(left) {
            Ok(r) if matches(&r) => {
                return (
                    r.latency_ms,
                    r.build_ms,
                    r.at.duration_since(written).as_secs_f64() * 1000.0,
                );
            }
            Ok(_) => continue,
            Err(_) => panic!(
                "no reload event within 120 s after writing {}",
                file.display()
            ),
        }
    }
}

/// Read one event stream until `stop`, calling `on_reload` for each reload.
/// Returns false if the stream could not be opened.
fn listen(addr: SocketAddr, stop: &AtomicBool, mut on_reload: impl FnMut(Reload)) -> bool {
    let Ok(mut stream) = TcpStream::connect(addr) else {
        return false;
    };
    let request =
        "GET /__careguide/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n";
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let _ = stream.set_read_timeout(Some(Duration::from_millis(200)));
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    let mut status_seen = false;
    let mut event = String::new();
    while !stop.load(Ordering::Acquire) {
        if line.ends_with('\n') {
            line.clear();
        }
        match reader.read_line(&mut line) {
            Ok(0) => return status_seen,
            Ok(_) => {}
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                // A partial line stays in `line`; the next read completes it.
                continue;
            }
            Err(_) => return status_seen,
        }
        if !line.ends_with('\n') {
            continue;
        }
        if !status_seen {
            if !line.starts_with("HTTP/1.1 200") {
                return false;
            }
            status_seen = true;
            continue;
        }
        if let Some(name) = line.strip_prefix("event: ") {
            event = name.trim().to_string();
        } else if let Some(data) = line.strip_prefix("data: ")
            && event == "reload"
        {
            let v: serde_json::Value = serde_json::from_str(data.trim()).expect("reload JSON");
            on_reload(Reload {
                urls: v["urls"]
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(|u| u.as_str().map(String::from))
                            .collect()
                    })
                    .unwrap_or_default(),
                build_ms: v["build_ms"].as_f64().unwrap_or(f64::NAN),
                latency_ms: v["latency_ms"].as_f64().unwrap_or(f64::NAN),
                at: Instant::now(),
            });
        }
    }
    status_seen
}

fn get(addr: SocketAddr, path: &str) -> Result<(), String> {
    let mut stream = TcpStream::connect(addr).map_err(|e| e.to_string())?;
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .map_err(|e| e.to_string())?;
    let request = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    stream
        .write_all(request.as_bytes())
        .map_err(|e| e.to_string())?;
    let mut body = Vec::new();
    stream.read_to_end(&mut body).map_err(|e| e.to_string())?;
    if body.starts_with(b"HTTP/1.1 200") && body.ends_with(b"</html>\n") {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&body[..body.len().min(80)]).into_owned())
    }
}

struct Load {
    listeners_connected: usize,
    listeners_failed: usize,
    listeners_complete: usize,
    requests: usize,
    failed: usize,
    rebuilds: usize,
}

fn concurrent(
    addr: SocketAddr,
    pages: &[(PathBuf, String)],
    clients: usize,
    events: &Receiver<Reload>,
    footer: &Path,
    _site: &Path,
) -> Load {
    let stop = Arc::new(AtomicBool::new(false));
    let connected = Arc::new(AtomicUsize::new(0));
    let mut listeners = Vec::new();
    for _ in 0..clients {
        let stop = stop.clone();
        let connected = connected.clone();
        listeners.push(thread::spawn(move || {
            let mut seen = 0usize;
            let ok = listen(addr, &stop, |_| seen += 1);
            if ok {
                connected.fetch_add(1, Ordering::AcqRel);
            }
            (ok, seen)
        }));
    }
    thread::sleep(Duration::from_millis(500));
    let requests = Arc::new(AtomicUsize::new(0));
    let failed = Arc::new(AtomicUsize::new(0));
    let urls: Arc<Vec<String>> = Arc::new(pages.iter().take(500).map(|p| p.1.clone()).collect());
    let mut fetchers = Vec::new();
    for c in 0..clients {
        let (stop, requests, failed, urls) =
            (stop.clone(), requests.clone(), failed.clone(), urls.clone());
        fetchers.push(thread::spawn(move || {
            // Bounded: at most 200 requests each, and only while rebuilds run.
            for k in 0..200 {
                if stop.load(Ordering::Acquire) {
                    break;
                }
                let url = &urls[(c * 31 + k) % urls.len()];
                requests.fetch_add(1, Ordering::AcqRel);
                if let Err(e) = get(addr, url)
                    && failed.fetch_add(1, Ordering::AcqRel) < 5
                {
                    eprintln!("request {url} failed: {e}");
                }
            }
        }));
    }
    // Rebuilds while the clients run: page edits and template edits in turn.
    let mut rebuilds = 0;
    let original = std::fs::read(footer).expect("footer");
    for k in 0..10 {
        if k % 2 == 0 {
            let (file, url) = &pages[(k * 104_729 + 7) % pages.len()];
            let before = std::fs::read(file).expect("page");
            let mut text = before.clone();
            text.extend_from_slice(format!("\nA line added under load, edit {k}.\n").as_bytes());
            edit_and_wait(events, file, &text, |r| r.urls.contains(url));
            std::fs::write(file, &before).expect("restore");
            edit_and_wait(events, file, &before, |r| r.urls.contains(url));
            rebuilds += 2;
        } else {
            let text = format!("<p class=\"footer-extra\">Under load {k}.</p>\n");
            edit_and_wait(events, footer, text.as_bytes(), |r| r.urls.len() > 1);
            rebuilds += 1;
        }
    }
    std::fs::write(footer, &original).expect("restore footer");
    edit_and_wait(events, footer, &original, |r| r.urls.len() > 1);
    rebuilds += 1;
    thread::sleep(Duration::from_millis(500));
    stop.store(true, Ordering::Release);
    for f in fetchers {
        let _ = f.join();
    }
    let mut listeners_failed = 0;
    let mut complete = 0;
    for l in listeners {
        let (ok, seen) = l.join().unwrap_or((false, 0));
        if !ok {
            listeners_failed += 1;
        } else if seen >= rebuilds {
            complete += 1;
        }
    }
    Load {
        listeners_connected: connected.load(Ordering::Acquire),
        listeners_failed,
        listeners_complete: complete,
        requests: requests.load(Ordering::Acquire),
        failed: failed.load(Ordering::Acquire),
        rebuilds,
    }
}

fn wait_for(cond: impl Fn() -> bool, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !cond() {
        if Instant::now() > deadline {
            panic!("timed out waiting for {what}");
        }
        thread::sleep(Duration::from_millis(10));
    }
}

fn median(v: &mut [f64]) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}
