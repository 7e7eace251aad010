//! The rebuild worker: one rebuild at a time, change sets that arrive
//! meanwhile coalesced into the next one, results published to the pages.

use std::any::Any;
use std::io::IsTerminal;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::sync::mpsc::Receiver;
use std::thread::{self, JoinHandle};
use std::time::Instant;

use super::watch::Pending;
use super::{ChangeSet, RebuildResult, Shared, sse};
use crate::diagnostic::Diagnostic;

pub fn spawn<F>(
    shared: Arc<Shared>,
    rx: Receiver<Pending>,
    mut rebuild: F,
    quiet: bool,
) -> std::io::Result<JoinHandle<()>>
where
    F: FnMut(&ChangeSet) -> RebuildResult + Send + 'static,
{
    thread::Builder::new()
        .name("careguide-rebuild".into())
        .spawn(move || {
            // After a panic the closure's own state may be inconsistent: ask for everything.
            let mut force_full = false;
            while let Ok(first) = rx.recv() {
                let mut changes = first.changes;
                let mut since = first.at;
                while let Ok(more) = rx.try_recv() {
                    changes.merge(more.changes);
                    since = since.min(more.at);
                }
                if shared.stopping.load(Ordering::Acquire) {
                    break;
                }
                if std::mem::take(&mut force_full) {
                    changes.mark_all();
                }
                let started = Instant::now();
                let result = panic::catch_unwind(AssertUnwindSafe(|| rebuild(&changes)))
                    .unwrap_or_else(|payload| {
                        force_full = true;
                        RebuildResult::Failed(vec![panicked(payload.as_ref())])
                    });
                publish(&shared, result, started, since, quiet);
            }
        })
}

/// Swap in a good snapshot and tell pages what changed, or show the errors.
/// `quiet` leaves out the "rebuilt in …" line; errors are always printed.
pub fn publish(
    shared: &Shared,
    result: RebuildResult,
    started: Instant,
    since: Instant,
    quiet: bool,
) {
    let build_ms = started.elapsed().as_secs_f64() * 1000.0;
    match result {
        RebuildResult::Ok {
            snapshot,
            mut changed_urls,
        } => {
            // Snapshot first, then the event: a page fetched in between is new
            // content with an old token, which at worst reloads once more.
            shared.set_snapshot(snapshot);
            shared.hub.publish_ok();
            if changed_urls.is_empty() {
                if !quiet {
                    eprintln!("rebuilt in {build_ms:.1} ms; no page changed");
                }
                return;
            }
            changed_urls.sort();
            changed_urls.dedup();
            let all = changed_urls.iter().any(|u| affects_every_page(u));
            let latency_ms = since.elapsed().as_secs_f64() * 1000.0;
            let message = sse::reload_event(&changed_urls, all, build_ms, latency_ms);
            shared.hub.publish_reload(&changed_urls, all, message);
            if quiet {
                return;
            }
            eprintln!(
                "rebuilt in {build_ms:.1} ms; {} changed{}; reload sent {latency_ms:.1} ms after the change was seen",
                changed_urls.len(),
                if all { " (reloading every page)" } else { "" },
            );
        }
        RebuildResult::Failed(diagnostics) => {
            report(&diagnostics);
            shared.hub.publish_error(sse::error_event(&diagnostics));
        }
    }
}

/// Print diagnostics to the terminal the way `careguide build` does.
pub fn report(diagnostics: &[Diagnostic]) {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    for d in diagnostics {
        eprintln!("{}", d.render(color));
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    eprintln!("build failed with {errors} error(s); still serving the last good pages");
}

/// Stylesheets, scripts, images and fonts may be used by any page.
fn affects_every_page(url: &str) -> bool {
    let ext = url.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    matches!(
        ext.as_deref(),
        Some(
            "css"
                | "js"
                | "mjs"
                | "png"
                | "jpg"
                | "jpeg"
                | "gif"
                | "webp"
                | "avif"
                | "svg"
                | "ico"
                | "woff"
                | "woff2"
                | "ttf"
                | "otf"
        )
    )
}

fn panicked(payload: &(dyn Any + Send)) -> Diagnostic {
    let what = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into());
    Diagnostic::error("careguide", format!("internal error: the rebuild panicked: {what}")).hint(
        "this is a bug in careguide; the last good pages are still served and the next change rebuilds everything",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assets_reload_every_page() {
        assert!(affects_every_page("/static/css/site.css"));
        assert!(affects_every_page("/static/js/app.JS"));
        assert!(affects_every_page("/static/img/a.png"));
        assert!(!affects_every_page("/guide/lpa/"));
        assert!(!affects_every_page("/forms/acp/questionnaire.json"));
        assert!(!affects_every_page("/downloads/leaflet.pdf"));
    }

    #[test]
    fn panic_payloads_become_diagnostics() {
        let d = panicked(&"boom");
        assert!(d.message.contains("boom"));
        let d = panicked(&String::from("bang"));
        assert!(d.message.contains("bang"));
        assert!(panicked(&42_u8).message.contains("unknown panic"));
    }
}
