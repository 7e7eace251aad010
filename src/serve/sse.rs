//! Live reload over Server-Sent Events.
//!
//! The [`Hub`] keeps one bounded channel per open page and the state a newly
//! opened page needs: the current error overlay, and which URLs changed in
//! which build (so a page served from an older build is told to reload when it
//! connects). Each listener runs on its own thread ([`stream`]): it writes the
//! HTTP head itself on the connection (`conn.rs` hands over the raw stream),
//! then writes and flushes one event at a time, with a keep-alive
//! comment when idle. A write error ends the thread and removes the listener.

use std::collections::HashMap;
use std::io::{self, Write};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, SyncSender, TrySendError};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use serde::Serialize;

use crate::diagnostic::Diagnostic;

/// Path of the event stream.
pub const EVENTS_PATH: &str = "/__careguide/events";
/// Idle time after which a keep-alive comment is written (a dead client fails the write).
pub const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// Most simultaneous listeners; more are answered 503.
pub const MAX_LISTENERS: usize = 512;
/// Events queued for one listener before it counts as stuck and is dropped.
const QUEUE: usize = 32;

/// One formatted SSE message, shared by all listeners.
pub type Message = Arc<str>;

/// The HTTP/1.1 response head of the stream. The body runs until the connection closes.
pub const HEAD: &str = "HTTP/1.1 200 OK\r\n\
Content-Type: text/event-stream; charset=utf-8\r\n\
Cache-Control: no-store\r\n\
X-Content-Type-Options: nosniff\r\n\
X-Accel-Buffering: no\r\n\
Connection: close\r\n\r\n";

/// Format one event. `data` must be a single line (compact JSON is).
pub fn event(name: &str, data: &str) -> Message {
    format!("event: {name}\ndata: {data}\n\n").into()
}

/// The reload event: `{"urls": [...], "all": bool, ...timings}`.
pub fn reload_event(urls: &[String], all: bool, build_ms: f64, latency_ms: f64) -> Message {
    #[derive(Serialize)]
    struct Reload<'a> {
        urls: &'a [String],
        all: bool,
        build_ms: f64,
        latency_ms: f64,
    }
    let round = |ms: f64| (ms * 100.0).round() / 100.0;
    let data = serde_json::to_string(&Reload {
        urls,
        all,
        build_ms: round(build_ms),
        latency_ms: round(latency_ms),
    })
    .unwrap_or_else(|_| r#"{"urls":[],"all":true}"#.to_string());
    event("reload", &data)
}

/// The error event: the diagnostics as `[{file,line,column,message,hint,rendered,...}]`.
pub fn error_event(diagnostics: &[Diagnostic]) -> Message {
    #[derive(Serialize)]
    struct Item<'a> {
        severity: String,
        file: &'a str,
        line: usize,
        column: usize,
        message: &'a str,
        hint: Option<&'a str>,
        rendered: String,
    }
    let items: Vec<Item<'_>> = diagnostics
        .iter()
        .map(|d| Item {
            severity: d.severity.to_string(),
            file: &d.file,
            line: d.line,
            column: d.column,
            message: &d.message,
            hint: d.hint.as_deref(),
            rendered: d.render(false),
        })
        .collect();
    let data = serde_json::to_string(&items).unwrap_or_else(|_| "[]".to_string());
    event("error", &data)
}

/// What a connecting page tells us about itself (from the query of the events URL).
#[derive(Debug, Default, Clone)]
pub struct Hello {
    /// The `data-build` token the page was served with.
    pub build: Option<String>,
    /// The page's canonical URL (`/guide/lpa/`).
    pub page: Option<String>,
}

#[derive(Default)]
struct State {
    listeners: Vec<(u64, SyncSender<Message>)>,
    next_id: u64,
    /// The error event of the last failed rebuild, until a good one clears it.
    error: Option<Message>,
    /// Build generation of the snapshot being served (bumped by every changing rebuild).
    generation: u64,
    /// Generation in which each URL last changed.
    changed_at: HashMap<String, u64>,
    /// Last generation that asked every page to reload.
    all_at: u64,
    closed: bool,
}

/// The listeners and the state new listeners need. Shared through `Arc`.
pub struct Hub {
    /// Distinguishes this server run from an earlier one, so pages opened
    /// against a previous run reload when they reconnect.
    instance: String,
    state: Mutex<State>,
}

impl Hub {
    pub fn new(instance: String) -> Self {
        Hub {
            instance,
            state: Mutex::new(State::default()),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The token injected into pages: this run and the current generation.
    pub fn build_token(&self) -> String {
        format!("{}-{}", self.instance, self.lock().generation)
    }

    pub fn listeners(&self) -> usize {
        self.lock().listeners.len()
    }

    pub fn has_error(&self) -> bool {
        self.lock().error.is_some()
    }

    /// Add a listener. Its queue starts with the retry hint, the current error
    /// overlay if any, and a reload if the page is older than what changed.
    /// `None` when the hub is closed or full.
    pub fn register(&self, hello: &Hello) -> Option<(u64, Receiver<Message>)> {
        let mut state = self.lock();
        if state.closed || state.listeners.len() >= MAX_LISTENERS {
            return None;
        }
        let (tx, rx) = mpsc::sync_channel(QUEUE);
        let _ = tx.try_send(Arc::from("retry: 1000\n\n"));
        if let Some(error) = &state.error {
            let _ = tx.try_send(error.clone());
        }
        if self.is_stale(&state, hello)
            && let Some(page) = &hello.page
        {
            let _ = tx.try_send(reload_event(std::slice::from_ref(page), false, 0.0, 0.0));
        }
        let id = state.next_id;
        state.next_id += 1;
        state.listeners.push((id, tx));
        Some((id, rx))
    }

    fn is_stale(&self, state: &State, hello: &Hello) -> bool {
        let Some(token) = &hello.build else {
            return false;
        };
        let Some((instance, generation)) = token.rsplit_once('-') else {
            return true;
        };
        if instance != self.instance {
            return true;
        }
        let Ok(generation) = generation.parse::<u64>() else {
            return true;
        };
        if generation >= state.generation {
            return false;
        }
        state.all_at > generation
            || hello
                .page
                .as_ref()
                .and_then(|p| state.changed_at.get(p))
                .is_some_and(|at| *at > generation)
    }

    pub fn remove(&self, id: u64) {
        self.lock().listeners.retain(|(i, _)| *i != id);
    }

    /// A rebuild changed `urls` (or everything): bump the generation and tell every page.
    pub fn publish_reload(&self, urls: &[String], all: bool, message: Message) {
        let mut state = self.lock();
        state.generation += 1;
        let generation = state.generation;
        for url in urls {
            state.changed_at.insert(url.clone(), generation);
        }
        if all {
            state.all_at = generation;
        }
        broadcast(&mut state, &message);
    }

    /// A rebuild failed: remember the overlay for new pages and show it in open ones.
    pub fn publish_error(&self, message: Message) {
        let mut state = self.lock();
        state.error = Some(message.clone());
        broadcast(&mut state, &message);
    }

    /// A good rebuild: clear the overlay (only sent if one was showing).
    pub fn publish_ok(&self) {
        let mut state = self.lock();
        if state.error.take().is_some() {
            broadcast(&mut state, &event("ok", "{}"));
        }
    }

    /// Close every stream (server shutdown).
    pub fn close(&self) {
        let mut state = self.lock();
        state.closed = true;
        state.listeners.clear();
    }
}

/// Queue `message` for every listener; drop those that are gone or stuck.
fn broadcast(state: &mut State, message: &Message) {
    state
        .listeners
        .retain(|(_, tx)| match tx.try_send(message.clone()) {
            Ok(()) => true,
            Err(TrySendError::Full(_) | TrySendError::Disconnected(_)) => false,
        });
}

/// Write the head, then every queued message, flushing each; a comment every
/// `keep_alive` when idle. Returns when the hub drops the channel (shutdown,
/// or the listener was too slow) or when a write fails (the client is gone).
pub fn stream(
    writer: &mut dyn Write,
    rx: &Receiver<Message>,
    keep_alive: Duration,
) -> io::Result<()> {
    writer.write_all(HEAD.as_bytes())?;
    writer.flush()?;
    loop {
        match rx.recv_timeout(keep_alive) {
            Ok(message) => writer.write_all(message.as_bytes())?,
            Err(RecvTimeoutError::Timeout) => writer.write_all(b": keep-alive\n\n")?,
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        }
        writer.flush()?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drain(rx: &Receiver<Message>) -> String {
        rx.try_iter().map(|m| m.to_string()).collect()
    }

    fn hello(build: &str, page: &str) -> Hello {
        Hello {
            build: Some(build.into()),
            page: Some(page.into()),
        }
    }

    #[test]
    fn new_listener_gets_current_error_then_ok_clears_it() {
        let hub = Hub::new("run".into());
        let d = Diagnostic::error("content/a.md", "bad <thing>").at("x: y\n", 1, 1);
        hub.publish_error(error_event(&[d]));
        let (_, rx) = hub.register(&Hello::default()).unwrap();
        let text = drain(&rx);
        assert!(text.starts_with("retry: 1000\n\n"), "{text}");
        assert!(text.contains("event: error\ndata: [{"), "{text}");
        assert!(
            text.contains(r#""file":"content/a.md","line":1,"column":1"#),
            "{text}"
        );
        assert!(text.contains(r#""rendered":"error: bad <thing>"#), "{text}");
        hub.publish_ok();
        assert_eq!(drain(&rx), "event: ok\ndata: {}\n\n");
        hub.publish_ok();
        assert_eq!(drain(&rx), "", "ok is sent only when an error was showing");
        let (_, rx2) = hub.register(&Hello::default()).unwrap();
        assert_eq!(drain(&rx2), "retry: 1000\n\n");
    }

    #[test]
    fn page_from_an_older_build_reloads_on_connect() {
        let hub = Hub::new("run".into());
        let before = hub.build_token();
        assert_eq!(before, "run-0");
        let urls = vec!["/a/".to_string()];
        hub.publish_reload(&urls, false, reload_event(&urls, false, 1.0, 2.0));
        let (_, rx) = hub.register(&hello(&before, "/a/")).unwrap();
        assert!(drain(&rx).contains(
            r#"event: reload
data: {"urls":["/a/"],"all":false"#
        ));
        // A page that did not change, a page from the current build: no reload.
        let (_, rx) = hub.register(&hello(&before, "/b/")).unwrap();
        assert!(!drain(&rx).contains("reload"));
        let (_, rx) = hub.register(&hello(&hub.build_token(), "/a/")).unwrap();
        assert!(!drain(&rx).contains("reload"));
        // A page from another server run always reloads.
        let (_, rx) = hub.register(&hello("old-7", "/b/")).unwrap();
        assert!(drain(&rx).contains("reload"));
        // `all` reaches every page.
        hub.publish_reload(&[], true, reload_event(&[], true, 0.0, 0.0));
        let (_, rx) = hub.register(&hello("run-1", "/b/")).unwrap();
        assert!(drain(&rx).contains("reload"));
    }

    #[test]
    fn reload_event_is_one_line_of_json() {
        let msg = reload_event(&["/a/".into(), "/b \"c\"/".into()], false, 1.234, 5.678);
        assert_eq!(
            &*msg,
            "event: reload\ndata: {\"urls\":[\"/a/\",\"/b \\\"c\\\"/\"],\"all\":false,\"build_ms\":1.23,\"latency_ms\":5.68}\n\n"
        );
    }

    struct Broken;
    impl Write for Broken {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::ErrorKind::BrokenPipe.into())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    /// Accepts the head and one write, then fails like a closed socket.
    struct DiesAfter(usize, Vec<u8>);
    impl Write for DiesAfter {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if self.0 == 0 {
                return Err(io::ErrorKind::ConnectionReset.into());
            }
            self.0 -= 1;
            self.1.extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn dead_clients_are_dropped() {
        let hub = Hub::new("run".into());
        let (_, rx) = hub.register(&Hello::default()).unwrap();
        assert!(stream(&mut Broken, &rx, KEEP_ALIVE).is_err());
        drop(rx);
        hub.publish_ok();
        hub.publish_error(event("error", "[]"));
        assert_eq!(hub.listeners(), 0);

        // A keep-alive write to a dead client ends the stream too.
        let (_, rx) = hub.register(&Hello::default()).unwrap();
        let mut w = DiesAfter(2, Vec::new());
        assert!(stream(&mut w, &rx, Duration::from_millis(5)).is_err());
        let text = String::from_utf8(w.1).unwrap();
        assert!(text.starts_with("HTTP/1.1 200 OK\r\n"), "{text}");
        assert!(text.ends_with("retry: 1000\n\n"), "{text}");
    }

    #[test]
    fn closing_ends_streams_and_refuses_new_listeners() {
        let hub = Hub::new("run".into());
        let (_, rx) = hub.register(&Hello::default()).unwrap();
        hub.close();
        let mut out = Vec::new();
        assert!(stream(&mut out, &rx, KEEP_ALIVE).is_ok());
        assert!(hub.register(&Hello::default()).is_none());
    }
}
