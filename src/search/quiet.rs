//! pagefind `expect`s on a few internal steps; a failure there becomes a
//! build error rather than a crash, with pagefind's message and without
//! the panic hook's report and backtrace. (site.yaml's language, which
//! pagefind panicked on, is validated before indexing.)
//!
//! The process's panic hook is wrapped once, never swapped back and forth:
//! builds run side by side (tests, the preview server), and pages are read
//! on the rendering threads while other pages render. The wrapper is
//! silent for a panic on a thread inside [`run`], or on any thread while
//! [`run_all`] runs (pagefind builds the index on rayon's threads, when
//! nothing else of the build is running); any other panic is reported by
//! the hook that was there before.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;
use std::sync::atomic::{AtomicUsize, Ordering};

thread_local! {
    static INSIDE: Cell<bool> = const { Cell::new(false) };
}
static ALL: AtomicUsize = AtomicUsize::new(0);
static WRAP: Once = Once::new();

fn install() {
    WRAP.call_once(|| {
        let before = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !INSIDE.with(Cell::get) && ALL.load(Ordering::SeqCst) == 0 {
                before(info);
            }
        }));
    });
}

/// Run `f` (a call into pagefind) on this thread; a panic in it becomes
/// `Err` with its message, unreported.
pub fn run<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    install();
    let was = INSIDE.with(|i| i.replace(true));
    let out = panic::catch_unwind(AssertUnwindSafe(f));
    INSIDE.with(|i| i.set(was));
    out.map_err(message)
}

/// [`run`] for a call whose work may panic on other threads too.
pub fn run_all<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    install();
    ALL.fetch_add(1, Ordering::SeqCst);
    let out = panic::catch_unwind(AssertUnwindSafe(f));
    ALL.fetch_sub(1, Ordering::SeqCst);
    out.map_err(message)
}

fn message(payload: Box<dyn std::any::Any + Send>) -> String {
    let why = payload
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| payload.downcast_ref::<&str>().copied())
        .unwrap_or("no reason given");
    format!("the search indexer failed unexpectedly: {why}")
}
