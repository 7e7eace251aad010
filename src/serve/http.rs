//! Answering one request from the current snapshot.
//!
//! Nothing here reads the file system: every byte served comes from the
//! in-memory [`Snapshot`], the live-reload script, or the event stream.
//! Nothing here panics on a request either; a failed write means the client
//! has gone, and is ignored.

use std::io::{Cursor, Read};
use std::sync::Arc;

use tiny_http::{Header, Method, Request, Response, StatusCode};

use super::path_guard::{self, SafePath};
use super::sse::{self, EVENTS_PATH, Hello, KEEP_ALIVE};
use super::{Shared, Snapshot, inject};

/// The live-reload script, served at [`inject::SCRIPT_PATH`].
pub const LIVE_JS: &str = include_str!("live.js");

/// Served when the snapshot has no `404.html` (for example before the first good build).
const FALLBACK_404: &str = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
<title>Page not found</title></head><body><h1>Page not found</h1>\
<p>There is no page at this address.</p></body></html>\n";

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

/// Answer one request. `permit` is the page-handler slot; the event stream gives it back.
pub(crate) fn handle<P>(request: Request, shared: &Arc<Shared>, permit: P) {
    let method = request.method().clone();
    if !matches!(method, Method::Get | Method::Head) {
        let response =
            text(405, "Method not allowed: use GET or HEAD.\n").header("Allow", "GET, HEAD");
        respond(request, response);
        return;
    }
    let path = match path_guard::guard(request.url()) {
        Ok(path) => path,
        Err(refusal) => {
            respond(request, text(400, &format!("Bad request: {refusal}.\n")));
            return;
        }
    };
    let url = path.url();
    if url == EVENTS_PATH && method == Method::Get {
        drop(permit);
        events(request, shared, &path);
        return;
    }
    if url == EVENTS_PATH {
        let response = bytes(200, "text/event-stream; charset=utf-8", Vec::new());
        respond(request, response);
        return;
    }
    if url == inject::SCRIPT_PATH {
        let response = bytes(200, content_type("live.js"), LIVE_JS.as_bytes().to_vec());
        respond(request, response);
        return;
    }

    // Read the build token before the snapshot: if a rebuild lands in between,
    // the page is newer than its token says and at worst reloads once more.
    let build = shared.hub.build_token();
    let snapshot = shared.snapshot();
    match resolve(&snapshot, &path) {
        Resolved::Found(key) => {
            let body = snapshot.files.get(&key).cloned().unwrap_or_default();
            respond(request, page(200, &key, &body, &build));
        }
        Resolved::Redirect(location) => {
            let response =
                text(301, &format!("Moved to {location}\n")).header("Location", &location);
            respond(request, response);
        }
        Resolved::NotFound => {
            let response = match snapshot.files.get("404.html") {
                Some(body) => page(404, "404.html", body, &build),
                None => page(404, "404.html", FALLBACK_404.as_bytes(), &build),
            };
            respond(request, response);
        }
    }
}

/// An output file as a response; HTML gets the live-reload script.
fn page(status: u16, key: &str, body: &[u8], build: &str) -> Response<Cursor<Vec<u8>>> {
    let kind = content_type(key);
    let body = if kind.starts_with("text/html") {
        inject::inject(body, &inject::script_tag(build, &url_of_key(key)))
    } else {
        body.to_vec()
    };
    bytes(status, kind, body)
}

/// Hand the connection to a listener thread (this one) until the client goes.
fn events(request: Request, shared: &Arc<Shared>, path: &SafePath) {
    let hello = Hello {
        build: path.query_param("build"),
        page: path.query_param("page"),
    };
    let Some((id, rx)) = shared.hub.register(&hello) else {
        let response = text(503, "Too many live-reload connections.\n").header("Retry-After", "5");
        respond(request, response);
        return;
    };
    let mut writer = request.into_writer();
    // An error only means the client has gone.
    let _ = sse::stream(&mut *writer, &rx, KEEP_ALIVE);
    shared.hub.remove(id);
}

fn bytes(status: u16, content_type: &str, body: Vec<u8>) -> Response<Cursor<Vec<u8>>> {
    let len = body.len();
    Response::new(
        StatusCode(status),
        Vec::new(),
        Cursor::new(body),
        Some(len),
        None,
    )
    // Always send Content-Length (tiny_http switches to chunked above 32 KiB otherwise).
    .with_chunked_threshold(usize::MAX)
    .header("Content-Type", content_type)
    .header("Cache-Control", "no-store")
    .header("X-Content-Type-Options", "nosniff")
}

pub(crate) fn text(status: u16, message: &str) -> Response<Cursor<Vec<u8>>> {
    bytes(
        status,
        "text/plain; charset=utf-8",
        message.as_bytes().to_vec(),
    )
}

/// Adding a header without a way to panic: an invalid one (never built here) is left out.
trait WithHeader {
    fn header(self, name: &str, value: &str) -> Self;
}

impl<R: Read> WithHeader for Response<R> {
    fn header(self, name: &str, value: &str) -> Self {
        match Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            Ok(header) => self.with_header(header),
            Err(()) => self,
        }
    }
}

pub(crate) fn respond<R: Read>(request: Request, response: Response<R>) {
    // A failure here means the client hung up; nothing to do.
    let _ = request.respond(response);
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

    #[test]
    fn urls_of_keys() {
        assert_eq!(url_of_key("index.html"), "/");
        assert_eq!(url_of_key("guide/lpa/index.html"), "/guide/lpa/");
        assert_eq!(url_of_key("404.html"), "/404.html");
        assert_eq!(url_of_key("xindex.html"), "/xindex.html");
    }
}
