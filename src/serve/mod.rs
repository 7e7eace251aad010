//! `careguide serve`: a preview server with live reload.
//!
//! The generator core hands us builds as in-memory [`Snapshot`]s; we serve the
//! current one over HTTP ([`conn`]: one thread per connection, bounded in
//! number, request size and time), watch
//! the site ([`watch`]), call the core's `rebuild` closure on a worker thread
//! with each debounced [`ChangeSet`] ([`rebuild`]), and tell open pages what
//! to do over Server-Sent Events ([`sse`]): reload if they changed, show an
//! error overlay if the build failed, hide it when it is fixed.
//!
//! Nothing is ever read from or written to disk by the server: pages come from
//! the snapshot, so the built output never contains the live-reload script.
//!
//! Threads: one accepting connections, one per open connection (at most
//! [`conn::connection_limit`], event streams included, of which at most
//! [`sse::MAX_LISTENERS`]), one watching files, one rebuilding. State is
//! shared through an `Arc<Shared>` passed to each; there are no globals.
//!
//! ```no_run
//! use careguide::serve::{self, ChangeSet, RebuildResult, ServeConfig, Snapshot};
//!
//! fn build(_changes: Option<&ChangeSet>) -> RebuildResult {
//!     RebuildResult::Ok { snapshot: Snapshot::default(), changed_urls: Vec::new() }
//! }
//! let config = ServeConfig { port: 0, ..ServeConfig::default() };
//! serve::run(config, build(None), |changes| build(Some(changes)), |_url| {})?;
//! # Ok::<(), std::io::Error>(())
//! ```
//!
//! `run` prints failed rebuilds' diagnostics to stderr itself (and one line
//! per good rebuild), so the `rebuild` closure should not print them again.

mod changes;
pub mod conn;
pub mod http;
pub mod inject;
pub mod path_guard;
mod rebuild;
pub mod socket;
pub mod sse;
pub mod watch;

use std::collections::HashMap;
use std::fmt;
use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Sender};
use std::sync::{Arc, PoisonError, RwLock};
use std::thread::{self, JoinHandle};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use crate::diagnostic::Diagnostic;
pub use changes::ChangeSet;
use sse::Hub;
use watch::Pending;

/// Everything a build produced, in memory. Keys are output paths relative to
/// the site root with '/' separators, e.g. "index.html",
/// "guide/lpa/index.html", "static/css/site.css", "404.html".
#[derive(Clone, Default)]
pub struct Snapshot {
    pub files: HashMap<String, Arc<Vec<u8>>>,
}

impl fmt::Debug for Snapshot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Snapshot")
            .field("files", &self.files.len())
            .finish()
    }
}

#[derive(Debug)]
pub enum RebuildResult {
    Ok {
        snapshot: Snapshot,
        /// URL paths like "/guide/lpa/" whose bytes changed; empty = nothing changed.
        changed_urls: Vec<String>,
    },
    Failed(Vec<Diagnostic>),
}

#[derive(Debug, Clone)]
pub struct ServeConfig {
    pub root: PathBuf,
    pub bind: IpAddr,
    pub port: u16,
    pub poll: bool,
    /// Ignored by the watcher, e.g. "public".
    pub output_dir_name: String,
    /// `--quiet`: no "rebuilt in …" line per edit (errors still show).
    pub quiet: bool,
}

impl Default for ServeConfig {
    fn default() -> Self {
        ServeConfig {
            root: PathBuf::from("."),
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 8000,
            poll: false,
            output_dir_name: "public".into(),
            quiet: false,
        }
    }
}

/// State shared by every server thread.
pub(crate) struct Shared {
    snapshot: RwLock<Arc<Snapshot>>,
    pub(crate) hub: Hub,
    pub(crate) stopping: Arc<AtomicBool>,
    /// Open connections (see [`conn::Permit`]).
    pub(crate) connections: AtomicUsize,
    /// The address and port bound, for the Host check.
    pub(crate) bind: IpAddr,
    pub(crate) port: u16,
    /// Why the listener failed for good, if it did.
    listener_error: std::sync::Mutex<Option<String>>,
}

impl Shared {
    pub(crate) fn snapshot(&self) -> Arc<Snapshot> {
        self.snapshot
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn set_snapshot(&self, snapshot: Snapshot) {
        *self
            .snapshot
            .write()
            .unwrap_or_else(PoisonError::into_inner) = Arc::new(snapshot);
    }
}

/// A running server. Dropping it shuts it down too.
pub struct ServerHandle {
    addr: SocketAddr,
    shared: Arc<Shared>,
    rebuilds: Option<Sender<Pending>>,
    threads: Vec<JoinHandle<()>>,
}

impl ServerHandle {
    /// The address actually bound (the port is real even if 0 was asked for).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// A URL a browser on this machine can open (`0.0.0.0` becomes `127.0.0.1`).
    pub fn url(&self) -> String {
        let ip = match self.addr.ip() {
            IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
            IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
            ip => ip,
        };
        format!("http://{}/", SocketAddr::new(ip, self.addr.port()))
    }

    /// Number of open live-reload streams.
    pub fn listeners(&self) -> usize {
        self.shared.hub.listeners()
    }

    /// Why the listener stopped accepting for good, if it has.
    pub fn listener_error(&self) -> Option<String> {
        self.shared
            .listener_error
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Queue a rebuild as if the watcher had seen `changes` (for tests and benchmarks).
    pub fn submit(&self, changes: ChangeSet) {
        if let Some(tx) = &self.rebuilds {
            let _ = tx.send(Pending {
                changes,
                at: Instant::now(),
            });
        }
    }

    /// Stop accepting, close event streams, stop watching, let the current rebuild finish.
    pub fn shutdown(mut self) {
        self.stop();
    }

    fn stop(&mut self) {
        self.shared.stopping.store(true, Ordering::Release);
        conn::wake(self.addr);
        self.shared.hub.close();
        self.rebuilds = None;
        for thread in self.threads.drain(..) {
            let _ = thread.join();
        }
    }
}

impl Drop for ServerHandle {
    fn drop(&mut self) {
        if !self.threads.is_empty() {
            self.stop();
        }
    }
}

/// Start serving without blocking. `initial` is the first build; `rebuild` is
/// called on a worker thread with each debounced change set.
pub fn start(
    config: ServeConfig,
    initial: RebuildResult,
    rebuild: impl FnMut(&ChangeSet) -> RebuildResult + Send + 'static,
) -> io::Result<ServerHandle> {
    let root = config.root.canonicalize().map_err(|e| {
        io::Error::new(
            e.kind(),
            format!("cannot serve {}: {e}", config.root.display()),
        )
    })?;
    let (listener, addr) = listen(&config)?;
    let limit = conn::connection_limit();
    let shared = shared_state(&config, addr);
    match initial {
        RebuildResult::Ok { snapshot, .. } => shared.set_snapshot(snapshot),
        RebuildResult::Failed(diagnostics) => {
            rebuild::report(&diagnostics);
            shared.hub.publish_error(sse::error_event(&diagnostics));
        }
    }

    let mut handle = ServerHandle {
        addr,
        shared: shared.clone(),
        rebuilds: None,
        threads: Vec::new(),
    };
    let (tx, rx) = mpsc::channel();
    handle
        .threads
        .push(rebuild::spawn(shared.clone(), rx, rebuild, config.quiet)?);
    handle
        .threads
        .push(spawn_watcher(&config, &root, &shared, tx.clone())?);
    handle.rebuilds = Some(tx);
    handle.threads.push(spawn_accept(listener, shared, limit)?);
    Ok(handle)
}

/// Bind the listening socket, warning when it is reachable from other
/// machines.
fn listen(config: &ServeConfig) -> io::Result<(TcpListener, SocketAddr)> {
    let cannot_listen = |e: &dyn std::fmt::Display| {
        io::Error::other(format!(
            "cannot listen on {}: {e}",
            SocketAddr::new(config.bind, config.port)
        ))
    };
    // The kind is kept so that the command line can tell "port in use" apart.
    let listener = socket::listen(SocketAddr::new(config.bind, config.port))
        .map_err(|e| io::Error::new(e.kind(), cannot_listen(&e).to_string()))?;
    let addr = listener.local_addr().map_err(|e| cannot_listen(&e))?;
    // `::ffff:127.0.0.1` is loopback too.
    if !config.bind.to_canonical().is_loopback() {
        eprintln!(
            "warning: serving on {} makes the preview reachable from other machines on the network; \
             use --bind 127.0.0.1 unless you mean to share it",
            config.bind
        );
    }
    Ok((listener, addr))
}

/// The state every thread shares, with no build yet. The event stream's
/// instance id differs per server, so a page left open across a restart
/// reloads.
fn shared_state(config: &ServeConfig, addr: SocketAddr) -> Arc<Shared> {
    let instance = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64 ^ u64::from(std::process::id()));
    Arc::new(Shared {
        snapshot: RwLock::new(Arc::new(Snapshot::default())),
        hub: Hub::new(format!("{instance:x}")),
        stopping: Arc::new(AtomicBool::new(false)),
        connections: AtomicUsize::new(0),
        bind: config.bind,
        port: addr.port(),
        listener_error: std::sync::Mutex::new(None),
    })
}

/// The thread watching the site root, sending change sets to `tx`.
fn spawn_watcher(
    config: &ServeConfig,
    root: &std::path::Path,
    shared: &Shared,
    tx: Sender<Pending>,
) -> io::Result<JoinHandle<()>> {
    watch::spawn(
        root,
        &config.output_dir_name,
        config.poll,
        shared.stopping.clone(),
        tx,
    )
    .map_err(|e| {
        io::Error::other(format!(
            "cannot watch {}: {e}{}",
            root.display(),
            if config.poll { "" } else { " (try --poll)" }
        ))
    })
}

/// The thread accepting connections; a listener that fails for good leaves
/// its reason in `shared.listener_error` for [`run`] to report.
fn spawn_accept(
    listener: TcpListener,
    shared: Arc<Shared>,
    limit: usize,
) -> io::Result<JoinHandle<()>> {
    thread::Builder::new()
        .name("careguide-accept".into())
        .spawn(move || {
            if let Err(e) = conn::accept_loop(&listener, &shared, limit, http::serve_connection) {
                *shared
                    .listener_error
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner) = Some(e.to_string());
            }
        })
}

/// Serve until Ctrl-C. `initial` is the first build; `rebuild` is called (on
/// a worker thread, one rebuild at a time, coalescing events that arrive
/// meanwhile) with each debounced change set.
pub fn run(
    config: ServeConfig,
    initial: RebuildResult,
    rebuild: impl FnMut(&ChangeSet) -> RebuildResult + Send + 'static,
    on_ready: impl FnOnce(&str),
) -> io::Result<()> {
    let (tx, rx) = mpsc::channel();
    let presses = AtomicUsize::new(0);
    ctrlc::set_handler(move || {
        // A second Ctrl-C while shutting down quits at once.
        if presses.fetch_add(1, Ordering::AcqRel) > 0 {
            std::process::exit(130);
        }
        let _ = tx.send(());
    })
    .map_err(|e| io::Error::other(format!("cannot handle Ctrl-C: {e}")))?;
    let handle = start(config, initial, rebuild)?;
    println!("Serving {} (press Ctrl-C to stop)", handle.url());
    on_ready(&handle.url());
    while let Err(mpsc::RecvTimeoutError::Timeout) =
        rx.recv_timeout(std::time::Duration::from_millis(500))
    {
        // A listener that failed for good serves nothing: say so and stop,
        // rather than go on printing "Serving".
        if let Some(e) = handle.listener_error() {
            handle.shutdown();
            return Err(io::Error::other(format!(
                "it can no longer accept connections: {e}"
            )));
        }
    }
    eprintln!("stopping");
    handle.shutdown();
    Ok(())
}
