//! Answering one request from the current snapshot.
//!
//! Nothing here reads the file system: every byte served comes from the
//! in-memory [`Snapshot`], the live-reload script, or the event stream.
//! Nothing here panics on a request either; a failed write means the client
//! has gone, and is ignored.

use std::net::{IpAddr, TcpStream};
use std::sync::Arc;

use super::conn::{self, HeadError, Response};
use super::path_guard::{self, SafePath};
use super::sse::{self, EVENTS_PATH, Hello, KEEP_ALIVE};
use super::{Shared, Snapshot, inject};

/// The live-reload script, served at [`inject::SCRIPT_PATH`].
pub const LIVE_JS: &str = include_str!("live.js");

/// Served when the snapshot has no `404.html` (for example before the first good build).
const FALLBACK_404: &str = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
<title>Page not found</title></head><body><h1>Page not found</h1>\
<p>There is no page at this address.</p></body></html>\n";

/// The policy sent with anything but a page: nothing may run or be framed.
const OTHER_CSP: &str =
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'";

/// The `Content-Type` for an output path, by extension.
pub fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json; charset=utf-8",
        "webmanifest" => "application/manifest+json; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "svg" => "image/svg+xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        "mp4" => "video/mp4",
        "vtt" => "text/vtt; charset=utf-8",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

/// The outcome of looking a safe path up in a snapshot.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    /// Serve this key.
    Found(String),
    /// A directory URL without its slash: redirect here.
    Redirect(String),
    NotFound,
}

pub fn resolve(snapshot: &Snapshot, path: &SafePath) -> Resolved {
    let key = path.key();
    if snapshot.files.contains_key(&key) {
        return Resolved::Found(key);
    }
    if !path.dir && snapshot.files.contains_key(&format!("{key}/index.html")) {
        let mut location = path.url();
        location.push('/');
        if let Some(query) = path.query.as_deref().filter(|q| is_safe_query(q)) {
            location.push('?');
            location.push_str(query);
        }
        return Resolved::Redirect(location);
    }
    Resolved::NotFound
}

/// Only plain printable ASCII is copied into a `Location` header.
fn is_safe_query(query: &str) -> bool {
    query.bytes().all(|b| b.is_ascii_graphic())
}

/// The URL a snapshot key is served at: `guide/index.html` → `/guide/`.
pub fn url_of_key(key: &str) -> String {
    match key.strip_suffix("index.html") {
        Some(dir) if dir.is_empty() || dir.ends_with('/') => format!("/{dir}"),
        _ => format!("/{key}"),
    }
}

/// Answer requests on one connection until it closes.
pub(crate) fn serve_connection(mut stream: TcpStream, shared: &Arc<Shared>) {
    let _ = stream.set_write_timeout(Some(conn::HEAD_TIME));
    let mut buf = Vec::new();
    let mut first = true;
    loop {
        let head = match conn::read_head(&mut stream, &mut buf, first) {
            Ok(head) => head,
            Err(HeadError::Gone) => return,
            Err(HeadError::Refuse(status, message)) => {
                let _ = text(status, message).write(&mut stream, false, true);
                return;
            }
        };
        first = false;
        let head_only = head.method == "HEAD";
        let response = match answer(&head, shared) {
            Answer::Events(hello) => {
                events(stream, shared, &hello);
                return;
            }
            Answer::Response(r) => r,
        };
        // A request with a body is refused; its body is not read, so the
        // connection cannot carry another request.
        let close = head.close || head.has_body || response.status >= 400 && response.status != 404;
        if response.write(&mut stream, head_only, close).is_err() || close {
            return;
        }
    }
}

enum Answer {
    Response(Response),
    /// Hand the connection to the live-reload stream.
    Events(Hello),
}

/// Whether `host` (a Host header) names this server: `localhost`, a
/// loopback address, or the address it is bound to, with our port or none.
/// A web page that rebinds its own name to 127.0.0.1 sends its own name,
/// and is refused (it could otherwise read drafts and the error overlay).
pub fn host_allowed(host: &str, bind: IpAddr, port: u16) -> bool {
    let (name, given_port) = if let Some(rest) = host.strip_prefix('[') {
        match rest.split_once(']') {
            Some((ip, tail)) => (ip, tail.strip_prefix(':')),
            None => return false,
        }
    } else {
        match host.rsplit_once(':') {
            Some((name, p)) => (name, Some(p)),
            None => (host, None),
        }
    };
    if given_port.is_some_and(|p| p.parse::<u16>() != Ok(port)) {
        return false;
    }
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    if name == "localhost" {
        return true;
    }
    let Ok(ip) = name.parse::<IpAddr>() else {
        return false;
    };
    let ip = ip.to_canonical();
    let bind = bind.to_canonical();
    // Bound to every address, the server is meant to be reached by any of
    // the machine's addresses; an address (unlike a name) cannot be rebound.
    ip.is_loopback() || ip == bind || bind.is_unspecified()
}

/// The answer to one request head.
fn answer(head: &conn::Head, shared: &Arc<Shared>) -> Answer {
    let respond = Answer::Response;
    match head.host.as_deref() {
        None => return respond(text(400, "Bad request: the Host header is missing.\n")),
        Some(host) if !host_allowed(host, shared.bind, shared.port) => {
            return respond(text(
                421,
                "This preview answers only requests for localhost or its own address.\n",
            ));
        }
        Some(_) => {}
    }
    let method = head.method.as_str();
    if !matches!(method, "GET" | "HEAD") || head.has_body {
        return respond(
            text(405, "Method not allowed: use GET or HEAD.\n").header("Allow", "GET, HEAD"),
        );
    }
    let path = match path_guard::guard(&head.target) {
        Ok(path) => path,
        Err(refusal) => return respond(text(400, &format!("Bad request: {refusal}.\n"))),
    };
    let url = path.url();
    if url == EVENTS_PATH && method == "GET" {
        return Answer::Events(Hello {
            build: path.query_param("build"),
            page: path.query_param("page"),
        });
    }
    if url == EVENTS_PATH {
        return respond(bytes(200, "text/event-stream; charset=utf-8", Vec::new()));
    }
    if url == inject::SCRIPT_PATH {
        return respond(bytes(
            200,
            content_type("live.js"),
            LIVE_JS.as_bytes().to_vec(),
        ));
    }

    // Read the build token before the snapshot: if a rebuild lands in between,
    // the page is newer than its token says and at worst reloads once more.
    let build = shared.hub.build_token();
    let snapshot = shared.snapshot();
    respond(match resolve(&snapshot, &path) {
        Resolved::Found(key) => {
            let body = snapshot.files.get(&key).cloned().unwrap_or_default();
            page(200, &key, &body, &build)
        }
        Resolved::Redirect(location) => {
            text(301, &format!("Moved to {location}\n")).header("Location", location)
        }
        Resolved::NotFound => match snapshot.files.get("404.html") {
            Some(body) => page(404, "404.html", body, &build),
            None => page(404, "404.html", FALLBACK_404.as_bytes(), &build),
        },
    })
}

/// An output file as a response; HTML gets the live-reload script, and its
/// own Content-Security-Policy (from its `<meta>`) as a header too, where
/// `frame-ancestors` takes effect.
fn page(status: u16, key: &str, body: &[u8], build: &str) -> Response {
    let kind = content_type(key);
    if kind.starts_with("text/html") {
        let policy = meta_csp(body).map_or_else(
            || {
                "default-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'"
                    .to_string()
            },
            |p| format!("{p}; frame-ancestors 'none'"),
        );
        let body = inject::inject(body, &inject::script_tag(build, &url_of_key(key)));
        let mut response = bytes(status, kind, body);
        // Replace the policy `bytes` set for other files.
        response
            .headers
            .retain(|(name, _)| *name != "Content-Security-Policy");
        response.header("Content-Security-Policy", policy)
    } else {
        bytes(status, kind, body.to_vec())
    }
}

/// The policy of a page's `<meta http-equiv="Content-Security-Policy">`, if any.
pub fn meta_csp(html: &[u8]) -> Option<String> {
    let head = &html[..html.len().min(16 * 1024)];
    let text = String::from_utf8_lossy(head);
    let lower = text.to_ascii_lowercase();
    let at = lower.find("http-equiv=\"content-security-policy\"")?;
    let tag_start = lower[..at].rfind('<')?;
    let tag_end = at + lower[at..].find('>')?;
    let tag = &text[tag_start..tag_end];
    let content = tag.find("content=\"")? + "content=\"".len();
    let value = &tag[content..];
    let value = &value[..value.find('"')?];
    let value = value
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&amp;", "&");
    (!value.is_empty() && !value.contains(['\r', '\n'])).then_some(value)
}

/// Hand the connection to a listener thread (this one) until the client goes.
fn events(mut stream: TcpStream, shared: &Arc<Shared>, hello: &Hello) {
    let Some((id, rx)) = shared.hub.register(hello) else {
        let busy = text(503, "Too many live-reload connections.\n").header("Retry-After", "5");
        let _ = busy.write(&mut stream, false, true);
        return;
    };
    // An error only means the client has gone.
    let _ = sse::stream(&mut stream, &rx, KEEP_ALIVE);
    shared.hub.remove(id);
}

fn bytes(status: u16, content_type: &str, body: Vec<u8>) -> Response {
    Response::new(status, content_type, body)
        .header("Cache-Control", "no-store")
        .header("X-Content-Type-Options", "nosniff")
        .header("X-Frame-Options", "DENY")
        .header("Content-Security-Policy", OTHER_CSP)
}

pub(crate) fn text(status: u16, message: &str) -> Response {
    bytes(
        status,
        "text/plain; charset=utf-8",
        message.as_bytes().to_vec(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::serve::path_guard::guard;

    fn snapshot(keys: &[&str]) -> Snapshot {
        let mut s = Snapshot::default();
        for k in keys {
            s.files
                .insert(k.to_string(), Arc::new(k.as_bytes().to_vec()));
        }
        s
    }

    #[test]
    fn resolves_directories_redirects_and_misses() {
        let s = snapshot(&["index.html", "guide/lpa/index.html", "static/site.css"]);
        let r = |raw: &str| resolve(&s, &guard(raw).unwrap());
        assert_eq!(r("/"), Resolved::Found("index.html".into()));
        assert_eq!(r("/index.html"), Resolved::Found("index.html".into()));
        assert_eq!(
            r("/guide/lpa/"),
            Resolved::Found("guide/lpa/index.html".into())
        );
        assert_eq!(r("/guide/lpa"), Resolved::Redirect("/guide/lpa/".into()));
        assert_eq!(
            r("/guide/lpa?a=1"),
            Resolved::Redirect("/guide/lpa/?a=1".into())
        );
        assert_eq!(
            r("/static/site.css"),
            Resolved::Found("static/site.css".into())
        );
        assert_eq!(r("/static/site.css/"), Resolved::NotFound);
        assert_eq!(r("/guide/"), Resolved::NotFound);
        assert_eq!(r("/nope"), Resolved::NotFound);
    }

    #[test]
    fn content_types_carry_charsets_for_text() {
        for (path, want) in [
            ("a/index.html", "text/html; charset=utf-8"),
            ("s.CSS", "text/css; charset=utf-8"),
            ("s.js", "text/javascript; charset=utf-8"),
            ("q.json", "application/json; charset=utf-8"),
            ("sitemap.xml", "application/xml; charset=utf-8"),
            ("i.svg", "image/svg+xml; charset=utf-8"),
            ("robots.txt", "text/plain; charset=utf-8"),
            ("i.png", "image/png"),
            ("i.jpg", "image/jpeg"),
            ("i.jpeg", "image/jpeg"),
            ("i.webp", "image/webp"),
            ("f.woff2", "font/woff2"),
            ("d.pdf", "application/pdf"),
            ("noext", "application/octet-stream"),
        ] {
            assert_eq!(content_type(path), want, "{path}");
        }
    }

    /// Issue 19, finding 7: DNS rebinding sends the attacker's own name.
    #[test]
    fn only_hosts_that_name_this_server() {
        let lo: IpAddr = "127.0.0.1".parse().unwrap();
        for ok in [
            "localhost:8000",
            "localhost",
            "127.0.0.1:8000",
            "[::1]:8000",
            "LOCALHOST:8000",
            "localhost.:8000",
        ] {
            assert!(host_allowed(ok, lo, 8000), "{ok}");
        }
        for bad in [
            "evil.example:8000",
            "evil.example",
            "localhost:8001",
            "127.0.0.1:80",
            "localhost.evil.example:8000",
            "10.0.0.5:8000",
            "[::1",
            "",
        ] {
            assert!(!host_allowed(bad, lo, 8000), "{bad}");
        }
        let lan: IpAddr = "192.168.1.20".parse().unwrap();
        assert!(host_allowed("192.168.1.20:8000", lan, 8000));
        assert!(!host_allowed("evil.example:8000", lan, 8000));
        let any: IpAddr = "0.0.0.0".parse().unwrap();
        assert!(host_allowed("192.168.1.20:8000", any, 8000));
        assert!(!host_allowed("evil.example:8000", any, 8000));
    }

    #[test]
    fn a_pages_policy_becomes_a_header() {
        let html = br#"<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'"></head><body></body></html>"#;
        assert_eq!(
            meta_csp(html).as_deref(),
            Some("default-src 'self'; script-src 'self'")
        );
        let r = page(200, "index.html", html, "b");
        let csp = r
            .headers
            .iter()
            .filter(|(n, _)| *n == "Content-Security-Policy")
            .map(|(_, v)| v.as_str())
            .collect::<Vec<_>>();
        assert_eq!(
            csp,
            ["default-src 'self'; script-src 'self'; frame-ancestors 'none'"]
        );
        assert!(
            r.headers
                .iter()
                .any(|(n, v)| *n == "X-Frame-Options" && v == "DENY")
        );
    }

    #[test]
    fn urls_of_keys() {
        assert_eq!(url_of_key("index.html"), "/");
        assert_eq!(url_of_key("guide/lpa/index.html"), "/guide/lpa/");
        assert_eq!(url_of_key("404.html"), "/404.html");
        assert_eq!(url_of_key("xindex.html"), "/xindex.html");
    }
}
