//! `careguide check --external` against a local server (no real hosts: the
//! tests must pass without internet access).

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::Duration;

use careguide::check::external::{self, ExternalLink};
use common::{Site, basic_site, page};

/// A server on 127.0.0.1 answering by path, one thread per request, that
/// records the most requests it was ever handling at once.
struct Server {
    port: u16,
    max_in_flight: Arc<AtomicUsize>,
    requests: Arc<std::sync::Mutex<Vec<String>>>,
}

fn serve() -> Server {
    let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
    let port = server.server_addr().to_ip().unwrap().port();
    let in_flight = Arc::new(AtomicUsize::new(0));
    let max_in_flight = Arc::new(AtomicUsize::new(0));
    let requests = Arc::new(std::sync::Mutex::new(Vec::new()));
    let (in_flight2, max2, requests2) =
        (in_flight.clone(), max_in_flight.clone(), requests.clone());
    thread::spawn(move || {
        for req in server.incoming_requests() {
            let (in_flight, max, requests) = (in_flight2.clone(), max2.clone(), requests2.clone());
            thread::spawn(move || {
                let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                max.fetch_max(now, Ordering::SeqCst);
                let method = req.method().to_string();
                let path = req.url().to_string();
                requests.lock().unwrap().push(format!("{method} {path}"));
                let (status, location) = match path.as_str() {
                    "/ok" => (200, None),
                    "/missing" => (404, None),
                    "/error" => (500, None),
                    "/moved" => (301, Some("/ok")),
                    "/moved-to-nowhere" => (302, Some("/missing")),
                    // Some servers refuse HEAD but serve GET.
                    "/no-head" if method == "HEAD" => (405, None),
                    "/no-head" => (200, None),
                    "/slow" => {
                        thread::sleep(Duration::from_secs(3));
                        (200, None)
                    }
                    _ => {
                        thread::sleep(Duration::from_millis(50));
                        (200, None)
                    }
                };
                let mut resp = tiny_http::Response::from_string("body").with_status_code(status);
                if let Some(to) = location {
                    resp.add_header(
                        tiny_http::Header::from_bytes("Location", to.as_bytes()).unwrap(),
                    );
                }
                in_flight.fetch_sub(1, Ordering::SeqCst);
                let _ = req.respond(resp);
            });
        }
    });
    Server {
        port,
        max_in_flight,
        requests,
    }
}

fn link(url: String, line: usize) -> ExternalLink {
    ExternalLink {
        url,
        file: "content/a.md".into(),
        line,
        column: 1,
        width: 3,
        source_line: Some("[a](…)".into()),
    }
}

#[test]
fn statuses_redirects_head_fallback_and_timeouts() {
    let s = serve();
    let base = format!("http://127.0.0.1:{}", s.port);
    let paths = [
        "/ok",
        "/missing",
        "/error",
        "/moved",
        "/moved-to-nowhere",
        "/no-head",
        "/slow",
    ];
    let links: Vec<ExternalLink> = paths
        .iter()
        .enumerate()
        .map(|(i, p)| link(format!("{base}{p}"), i + 1))
        .collect();
    let mut found = external::check(&links, Duration::from_secs(1), true);
    found.sort_by_key(|d| d.line);
    let got: Vec<(usize, String)> = found
        .iter()
        .map(|d| (d.line, d.message.replace(&base, "")))
        .collect();
    assert_eq!(
        got,
        [
            (
                2,
                "external link /missing answered 404 Not Found".to_string()
            ),
            (
                3,
                "external link /error answered 500 Internal Server Error".to_string()
            ),
            (
                5,
                "external link /moved-to-nowhere answered 404 Not Found".to_string()
            ),
            (
                7,
                "external link /slow could not be reached: no answer in time".to_string()
            ),
        ]
    );
    assert!(
        found
            .iter()
            .all(|d| !d.is_error() && d.rule == Some(careguide::rule::Rule::Links))
    );
    let requests = s.requests.lock().unwrap().clone();
    // HEAD first; GET only after HEAD failed, and never after a timeout.
    assert!(requests.contains(&"HEAD /no-head".to_string()));
    assert!(requests.contains(&"GET /no-head".to_string()));
    assert!(!requests.contains(&"GET /ok".to_string()));
    assert!(!requests.contains(&"GET /slow".to_string()));
}

#[test]
fn one_request_at_a_time_per_host() {
    let s = serve();
    let links: Vec<ExternalLink> = (0..12)
        .map(|i| link(format!("http://127.0.0.1:{}/page-{i}", s.port), i + 1))
        .collect();
    assert!(external::check(&links, Duration::from_secs(5), true).is_empty());
    assert_eq!(s.max_in_flight.load(Ordering::SeqCst), 1);
    assert_eq!(s.requests.lock().unwrap().len(), 12);
}

#[test]
fn unreachable_host_is_a_warning() {
    // Bind then drop a listener: nothing answers on that port now.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let found = external::check(
        &[link(format!("http://127.0.0.1:{port}/"), 1)],
        Duration::from_secs(2),
        true,
    );
    assert_eq!(found.len(), 1);
    assert!(
        found[0].message.contains("could not be reached"),
        "{}",
        found[0]
    );
}

#[test]
fn check_external_locates_each_url_at_its_first_use() {
    let s = serve();
    let base = format!("http://127.0.0.1:{}", s.port);
    // The basic site cites https://www.nhs.uk/; point it at the local
    // server so the test never looks up a real host.
    let mut files: Vec<(String, String)> = basic_site()
        .into_iter()
        .map(|(p, t)| (p, t.replace("https://www.nhs.uk/", &format!("{base}/ok"))))
        .collect();
    let body = format!(
        "# Links\n\nAn [ok page]({base}/ok).\n\nA [gone page]({base}/missing) and [again]({base}/missing).\n"
    );
    let links_page =
        page("Links", "patient", &body).replace("https://www.nhs.uk/", &format!("{base}/ok"));
    files.push(("content/guide/links.md".into(), links_page));
    let site = Site::new(&files);
    let args = ["check", "--as-of", "2026-11-25"];
    let offline = common::run(site.root(), &args);
    assert!(offline.stdout.contains("not checked"), "{}", offline.stdout);
    let n = s.requests.lock().unwrap().len();
    assert_eq!(n, 0, "no network without --external");

    // Issue 19, finding 9: 127.0.0.1 is not requested by default...
    let refused = common::run(site.root(), &[&args[..], &["--external"]].concat());
    assert_eq!(refused.code, 0, "warnings only: {}", refused.stdout);
    assert_eq!(
        s.requests.lock().unwrap().len(),
        0,
        "no request to this computer without --external-allow-private"
    );
    assert!(
        refused
            .stdout
            .contains("not requested: a private or local address, 127.0.0.1 (127.0.0.1)"),
        "{}",
        refused.stdout
    );
    assert!(
        refused.stdout.contains("--external-allow-private"),
        "{}",
        refused.stdout
    );
    // ...only with the flag for intranet sites.
    let run = common::run(
        site.root(),
        &[&args[..], &["--external", "--external-allow-private"]].concat(),
    );
    assert_eq!(run.code, 0, "warnings only: {}", run.stdout);
    let stdout = run.stdout.replace(&base, "http://LOCAL");
    assert!(
        stdout.contains(
            "warning: [links] external link http://LOCAL/missing answered 404 Not Found\n  --> content/guide/links.md:14:3"
        ),
        "{stdout}"
    );
    assert_eq!(stdout.matches("/missing answered").count(), 1, "{stdout}");
    assert!(
        stdout.contains("2 external links were requested"),
        "{stdout}"
    );
    assert!(stdout.contains("0 errors, 1 warning\n"), "{stdout}");
}

/// Issue 19, finding 9: names and redirects that lead to this computer,
/// the cloud metadata address or a private network are not requested: the
/// resolved address decides, not the name.
#[test]
fn private_addresses_are_not_requested_by_default() {
    let s = serve();
    let links = [
        link(format!("http://127.0.0.1:{}/ok", s.port), 1),
        link(format!("http://localhost:{}/ok", s.port), 2),
        link(format!("http://[::ffff:127.0.0.1]:{}/ok", s.port), 3),
        link("http://169.254.169.254/latest/meta-data/".into(), 4),
        link("http://10.0.0.1/".into(), 5),
    ];
    let found = external::check(&links, Duration::from_secs(2), false);
    assert_eq!(found.len(), links.len(), "{found:?}");
    for d in &found {
        assert!(
            d.message
                .contains("not requested: a private or local address"),
            "{d}"
        );
        assert!(!d.is_error());
    }
    assert!(s.requests.lock().unwrap().is_empty(), "a request was sent");
}
