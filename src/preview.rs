//! `careguide serve`: the incremental [`Session`] plugged into the preview
//! server. The server owns HTTP, watching and live reload; this module only
//! turns change sets into in-memory rebuilds and snapshots.

use std::path::PathBuf;

use jiff::civil::Date;

use crate::serve::{self, ChangeSet, RebuildResult, ServeConfig, Snapshot};
use crate::session::Session;

/// Keeps the last good session, whose rendered files are the snapshot
/// being served: the server holds them by `Arc`, never a copy.
struct Preview {
    root: PathBuf,
    drafts: bool,
    as_of: Date,
    session: Option<Session>,
    /// `--quiet`: print no warnings (errors still show).
    quiet: bool,
}

impl Preview {
    /// What the server serves now: the session's files, shared.
    fn snapshot(session: &Session) -> Snapshot {
        Snapshot {
            files: session.files().clone(),
        }
    }

    /// The first build, or a retry after a failed first build: every
    /// output is new to the server.
    fn fresh(&mut self) -> RebuildResult {
        match Session::new(&self.root, self.drafts, self.as_of) {
            Ok(session) => {
                let mut changed: Vec<&String> = session.files().keys().collect();
                changed.sort_unstable();
                let result = RebuildResult::Ok {
                    snapshot: Self::snapshot(&session),
                    changed_urls: changed.iter().map(|k| serve::http::url_of_key(k)).collect(),
                };
                self.session = Some(session);
                result
            }
            Err(errors) => RebuildResult::Failed(errors),
        }
    }

    fn rebuild(&mut self, changes: &ChangeSet) -> RebuildResult {
        let Some(session) = self.session.as_mut() else {
            return self.fresh();
        };
        // Only Markdown edits in content/ can take the fast path; the session
        // decides whether they really can.
        let full = changes.config
            || changes.data
            || changes.forms
            || changes.templates
            || changes.statics
            || changes.rescan;
        // Templates alone: keep the model and the Markdown, render again.
        let templates_only = changes.templates
            && !(changes.config
                || changes.content
                || changes.data
                || changes.forms
                || changes.statics
                || changes.rescan);
        let update = if templates_only {
            session.update_templates()
        } else {
            session.update(&changes.paths, full)
        };
        match update {
            Ok(update) => {
                for w in update.warnings.iter().filter(|_| !self.quiet) {
                    eprintln!("{}\n", w.render(false));
                }
                RebuildResult::Ok {
                    snapshot: Self::snapshot(session),
                    changed_urls: update
                        .changed
                        .iter()
                        .map(|k| serve::http::url_of_key(k))
                        .collect(),
                }
            }
            Err(errors) => RebuildResult::Failed(errors),
        }
    }
}

/// Build, serve and watch until Ctrl-C.
/// `on_ready` is called with the server's URL once it listens (`--open`);
/// `quiet` leaves warnings out of the terminal.
pub fn run(
    config: ServeConfig,
    drafts: bool,
    as_of: Date,
    quiet: bool,
    on_ready: impl FnOnce(&str),
) -> std::io::Result<()> {
    let (initial, rebuild) = prepare(&config, drafts, as_of, quiet);
    serve::run(config, initial, rebuild, on_ready)
}

/// Build and start serving without blocking (for tests and benchmarks):
/// the same server `careguide serve` runs, stopped by dropping the handle.
pub fn start(
    config: ServeConfig,
    drafts: bool,
    as_of: Date,
) -> std::io::Result<serve::ServerHandle> {
    let (initial, rebuild) = prepare(&config, drafts, as_of, false);
    serve::start(config, initial, rebuild)
}

fn prepare(
    config: &ServeConfig,
    drafts: bool,
    as_of: Date,
    quiet: bool,
) -> (
    RebuildResult,
    impl FnMut(&ChangeSet) -> RebuildResult + Send + 'static,
) {
    let mut preview = Preview {
        root: config.root.clone(),
        drafts,
        as_of,
        session: None,
        quiet,
    };
    let initial = preview.fresh();
    (initial, move |changes: &ChangeSet| preview.rebuild(changes))
}
