//! Connections: accepting them, reading each request head within fixed
//! bounds, and writing responses.
//!
//! The preview used tiny_http 0.12, which could not be made safe from the
//! outside: it reads a request line and headers into memory without a
//! limit (three 512 MB request lines left the server at 3 GB RSS; two
//! million headers were answered 200), and its accept thread ends for good
//! on the first `accept` error (`break` in its `from_listener`), so one
//! burst of "Too many open files" left a server that printed "Serving" and
//! refused every connection. Neither can be reached through its API. The
//! preview answers only GET and HEAD from memory, so this module does the
//! reading itself, bounded, and hands the head to httparse (the parser
//! hyper uses) to split:
//!
//! - a request head is at most [`MAX_HEAD`] bytes with at most
//!   [`MAX_HEADERS`] headers (431 otherwise), read within [`HEAD_TIME`]
//!   (408) and at most [`IDLE`] after the previous response;
//! - at most [`Limits::connections`] connections at once, below the
//!   process's file limit (more are answered 503 and closed at once);
//! - accept errors from a shortage (file descriptors, memory) wait and
//!   retry; any other accept error is reported to [`super::run`], which
//!   stops the server with a clear message instead of serving nothing.

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::thread;
use std::time::{Duration, Instant};

use super::Shared;

/// Longest request head (request line and headers).
pub const MAX_HEAD: usize = 16 * 1024;
/// Most headers in one request.
pub const MAX_HEADERS: usize = 64;
/// Longest time to receive one request head.
pub const HEAD_TIME: Duration = Duration::from_secs(20);
/// Longest wait for the next request on a kept-alive connection.
pub const IDLE: Duration = Duration::from_secs(15);
/// File descriptors kept free for everything but connections (the watcher,
/// reading the site during a rebuild, the allocator).
const RESERVED_FDS: u64 = 96;
/// Most connections at once, however high the file limit.
pub const MAX_CONNECTIONS: usize = 1024;

/// A request head, as read.
#[derive(Debug)]
pub struct Head {
    pub method: String,
    pub target: String,
    pub host: Option<String>,
    /// HTTP/1.0, or `Connection: close`: answer, then close.
    pub close: bool,
    /// The request has a body (Content-Length > 0 or Transfer-Encoding).
    pub has_body: bool,
}

/// A response held in memory.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn new(status: u16, content_type: &str, body: Vec<u8>) -> Response {
        Response {
            status,
            headers: vec![("Content-Type", content_type.to_string())],
            body,
        }
    }

    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Response {
        let value: String = value.into();
        // Never a header that could split the response.
        if !value.bytes().any(|b| b == b'\r' || b == b'\n') {
            self.headers.push((name, value));
        }
        self
    }

    /// Write the response; `head_only` for HEAD (the length is still sent).
    pub fn write(&self, out: &mut impl Write, head_only: bool, close: bool) -> io::Result<()> {
        let mut head = format!("HTTP/1.1 {} {}\r\n", self.status, reason(self.status));
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str(&format!("Content-Length: {}\r\n", self.body.len()));
        if close {
            head.push_str("Connection: close\r\n");
        }
        head.push_str("\r\n");
        let mut bytes = head.into_bytes();
        if !head_only {
            bytes.extend_from_slice(&self.body);
        }
        out.write_all(&bytes)?;
        out.flush()
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        421 => "Misdirected Request",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "Error",
    }
}

/// Why no request head could be read.
#[derive(Debug)]
pub enum HeadError {
    /// The client closed or the connection failed: nothing to answer.
    Gone,
    /// Answer with this status and message, then close.
    Refuse(u16, &'static str),
}

/// Read one request head from `stream`. `buf` holds bytes already read
/// (a pipelined request) and keeps whatever follows this head.
pub fn read_head(
    stream: &mut TcpStream,
    buf: &mut Vec<u8>,
    first: bool,
) -> Result<Head, HeadError> {
    let start = Instant::now();
    let mut chunk = [0u8; 4096];
    loop {
        if let Some(end) = head_end(buf) {
            let head = parse(&buf[..end]);
            buf.drain(..end);
            return head;
        }
        if buf.len() > MAX_HEAD {
            return Err(HeadError::Refuse(431, "The request head is too large.\n"));
        }
        // A kept-alive connection may idle; a started head must arrive in time.
        let limit = if buf.is_empty() && !first {
            IDLE
        } else {
            HEAD_TIME
        };
        let left = limit.saturating_sub(start.elapsed());
        if left.is_zero() {
            return if buf.is_empty() {
                Err(HeadError::Gone)
            } else {
                Err(HeadError::Refuse(
                    408,
                    "The request took too long to arrive.\n",
                ))
            };
        }
        let _ = stream.set_read_timeout(Some(left.max(Duration::from_millis(10))));
        match stream.read(&mut chunk) {
            Ok(0) => return Err(HeadError::Gone),
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) => {}
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return Err(HeadError::Gone),
        }
    }
}

/// Where the head ends (after its blank line), if it has.
fn head_end(buf: &[u8]) -> Option<usize> {
    let limit = buf.len().min(MAX_HEAD + 4);
    memchr::memmem::find(&buf[..limit], b"\r\n\r\n")
        .map(|i| i + 4)
        .or_else(|| memchr::memmem::find(&buf[..limit], b"\n\n").map(|i| i + 2))
}

fn parse(bytes: &[u8]) -> Result<Head, HeadError> {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut request = httparse::Request::new(&mut headers);
    match request.parse(bytes) {
        Ok(httparse::Status::Complete(_)) => {}
        Ok(httparse::Status::Partial) => {
            return Err(HeadError::Refuse(400, "Bad request.\n"));
        }
        Err(httparse::Error::TooManyHeaders) => {
            return Err(HeadError::Refuse(431, "Too many request headers.\n"));
        }
        Err(httparse::Error::Version) => {
            return Err(HeadError::Refuse(505, "Use HTTP/1.1.\n"));
        }
        Err(_) => return Err(HeadError::Refuse(400, "Bad request.\n")),
    }
    let (Some(method), Some(target), Some(version)) =
        (request.method, request.path, request.version)
    else {
        return Err(HeadError::Refuse(400, "Bad request.\n"));
    };
    let mut host = None;
    let mut close = version == 0;
    let mut has_body = false;
    for h in request.headers.iter() {
        let value = String::from_utf8_lossy(h.value);
        if h.name.eq_ignore_ascii_case("host") {
            if host.is_some() {
                return Err(HeadError::Refuse(400, "More than one Host header.\n"));
            }
            host = Some(value.trim().to_string());
        } else if h.name.eq_ignore_ascii_case("connection") {
            let v = value.to_ascii_lowercase();
            if v.contains("close") {
                close = true;
            } else if v.contains("keep-alive") && version == 0 {
                close = false;
            }
        } else if h.name.eq_ignore_ascii_case("content-length") {
            has_body |= value.trim() != "0";
        } else if h.name.eq_ignore_ascii_case("transfer-encoding") {
            has_body = true;
        }
    }
    Ok(Head {
        method: method.to_string(),
        target: target.to_string(),
        host,
        close,
        has_body,
    })
}

/// How many connections this process can hold: the file limit (raised to
/// its hard limit where allowed) less what the rest of the server needs.
pub fn connection_limit() -> usize {
    let soft = raise_file_limit();
    let room = soft.saturating_sub(RESERVED_FDS).max(8);
    usize::try_from(room)
        .unwrap_or(MAX_CONNECTIONS)
        .min(MAX_CONNECTIONS)
}

/// Raise the soft limit on open files to the hard limit (the common soft
/// limit, 1024, is reached by 512 idle connections and their threads'
/// other files); returns the soft limit now in force.
#[cfg(unix)]
pub fn raise_file_limit() -> u64 {
    use rustix::process::{Resource, getrlimit, setrlimit};
    let mut limit = getrlimit(Resource::Nofile);
    if let Some(hard) = limit.maximum
        && limit.current.is_some_and(|soft| soft < hard)
    {
        limit.current = Some(hard);
        let _ = setrlimit(Resource::Nofile, limit);
    } else if limit.maximum.is_none() && limit.current.is_some() {
        // No hard limit: ask for plenty rather than infinity (some systems refuse it).
        let mut more = getrlimit(Resource::Nofile);
        more.current = Some(65_536);
        let _ = setrlimit(Resource::Nofile, more);
    }
    getrlimit(Resource::Nofile).current.unwrap_or(u64::MAX)
}

#[cfg(not(unix))]
pub fn raise_file_limit() -> u64 {
    u64::MAX
}

/// Whether an accept error is a passing shortage worth waiting out.
fn is_shortage(e: &io::Error) -> bool {
    #[cfg(unix)]
    {
        use rustix::io::Errno;
        let errno = e.raw_os_error().map(Errno::from_raw_os_error);
        if matches!(
            errno,
            Some(Errno::MFILE | Errno::NFILE | Errno::NOBUFS | Errno::NOMEM)
        ) {
            return true;
        }
    }
    matches!(
        e.kind(),
        io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
            | io::ErrorKind::Interrupted
            | io::ErrorKind::WouldBlock
            | io::ErrorKind::TimedOut
            | io::ErrorKind::OutOfMemory
    )
}

/// Accept connections until the server stops, each answered on a thread of
/// its own by `serve`. Returns an error only if the listener failed for
/// good.
pub(crate) fn accept_loop(
    listener: &TcpListener,
    shared: &Arc<Shared>,
    limit: usize,
    serve: fn(TcpStream, &Arc<Shared>),
) -> io::Result<()> {
    let mut last_report: Option<Instant> = None;
    loop {
        let accepted = listener.accept();
        if shared.stopping.load(Ordering::Acquire) {
            return Ok(());
        }
        let (mut stream, _) = match accepted {
            Ok(pair) => pair,
            Err(e) if is_shortage(&e) => {
                if last_report.is_none_or(|t| t.elapsed() > Duration::from_secs(10)) {
                    eprintln!(
                        "warning: the preview server cannot accept a connection ({e}); waiting for connections to close"
                    );
                    last_report = Some(Instant::now());
                }
                // The connection stays queued in the backlog and is taken later.
                thread::sleep(Duration::from_millis(50));
                continue;
            }
            Err(e) => return Err(e),
        };
        let Some(permit) = Permit::acquire(shared, limit) else {
            let _ = stream.set_write_timeout(Some(Duration::from_secs(1)));
            let busy = Response::new(
                503,
                "text/plain; charset=utf-8",
                b"The preview server is busy; try again in a moment.\n".to_vec(),
            )
            .header("Retry-After", "2");
            let _ = busy.write(&mut stream, false, true);
            continue;
        };
        let shared = shared.clone();
        // If the thread cannot start, the connection is dropped (closed).
        let _ = thread::Builder::new()
            .name("careguide-http".into())
            .stack_size(256 * 1024)
            .spawn(move || {
                let _permit = permit;
                serve(stream, &shared);
            });
    }
}

/// A slot among the connections, given back on drop.
pub(crate) struct Permit(Arc<Shared>);

impl Permit {
    fn acquire(shared: &Arc<Shared>, limit: usize) -> Option<Permit> {
        let previous = shared.connections.fetch_add(1, Ordering::AcqRel);
        if previous >= limit {
            shared.connections.fetch_sub(1, Ordering::AcqRel);
            return None;
        }
        Some(Permit(shared.clone()))
    }
}

impl Drop for Permit {
    fn drop(&mut self) {
        self.0.connections.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Wake a blocked `accept` on `addr` (at shutdown) by connecting to it.
pub fn wake(addr: SocketAddr) {
    let ip = match addr.ip() {
        std::net::IpAddr::V4(ip) if ip.is_unspecified() => {
            std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST)
        }
        std::net::IpAddr::V6(ip) if ip.is_unspecified() => {
            std::net::IpAddr::V6(std::net::Ipv6Addr::LOCALHOST)
        }
        ip => ip,
    };
    let _ = TcpStream::connect_timeout(&SocketAddr::new(ip, addr.port()), Duration::from_secs(1));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_head_and_refuses_too_many_headers() {
        let head = parse(b"GET /a?b HTTP/1.1\r\nHost: localhost:8000\r\n\r\n").unwrap();
        assert_eq!(head.method, "GET");
        assert_eq!(head.target, "/a?b");
        assert_eq!(head.host.as_deref(), Some("localhost:8000"));
        assert!(!head.close);
        let head = parse(b"GET / HTTP/1.0\r\n\r\n").unwrap();
        assert!(head.close && head.host.is_none());
        let mut many = b"GET / HTTP/1.1\r\n".to_vec();
        for i in 0..MAX_HEADERS + 1 {
            many.extend_from_slice(format!("X-{i}: y\r\n").as_bytes());
        }
        many.extend_from_slice(b"\r\n");
        assert!(matches!(parse(&many), Err(HeadError::Refuse(431, _))));
        assert!(matches!(
            parse(b"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"),
            Err(HeadError::Refuse(400, _))
        ));
    }

    /// Issue 19, finding 8: a listener that fails for good ends the accept
    /// loop with its error (which `serve::run` reports before it exits),
    /// instead of a server that goes on saying "Serving" and answers nothing.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_dead_listener_ends_the_accept_loop_with_its_error() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let same = listener.try_clone().unwrap();
        let shared = Arc::new(Shared {
            snapshot: std::sync::RwLock::new(Arc::new(super::super::Snapshot::default())),
            hub: super::super::sse::Hub::new("t".into()),
            stopping: Arc::new(std::sync::atomic::AtomicBool::new(false)),
            connections: std::sync::atomic::AtomicUsize::new(0),
            bind: "127.0.0.1".parse().unwrap(),
            port: 0,
            listener_error: std::sync::Mutex::new(None),
        });
        let (tx, rx) = std::sync::mpsc::channel();
        let thread = thread::spawn(move || {
            let result = accept_loop(&listener, &shared, 8, |_, _| {});
            let _ = tx.send(result.is_err());
        });
        thread::sleep(Duration::from_millis(100));
        // What a dead listener looks like to accept(): EINVAL.
        rustix::net::shutdown(&same, rustix::net::Shutdown::Both).unwrap();
        assert_eq!(rx.recv_timeout(Duration::from_secs(5)), Ok(true));
        thread.join().unwrap();
    }

    #[test]
    fn responses_never_carry_a_split_header() {
        let r = Response::new(200, "text/plain", b"hi".to_vec()).header("Location", "/a\r\nX: 1");
        let mut out = Vec::new();
        r.write(&mut out, false, true).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(!text.contains("X: 1"), "{text}");
        assert!(
            text.ends_with("Content-Length: 2\r\nConnection: close\r\n\r\nhi"),
            "{text}"
        );
    }
}
