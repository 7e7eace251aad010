//! Watching the site for changes and turning debounced events into [`ChangeSet`]s.
//!
//! The site root itself is watched non-recursively (it holds site.yaml and is
//! where source folders appear), and each source folder that exists
//! (content/, data/, forms/, templates/, static/) recursively. The output
//! folder, `target/`, `.git/` and anything else at the top level are never
//! watched at all, so a big build directory costs no inotify watches (or poll
//! time). A source folder created later is added when it appears.
//!
//! notify can miss the events for files created inside a brand-new folder
//! (they may exist before the watch on the folder does), so an event naming a
//! created directory sets `rescan` and lists the files found under it.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, CreateKind, ModifyKind, RenameMode};
use notify::{EventKind, PollWatcher, RecommendedWatcher, RecursiveMode, Watcher};
use notify_debouncer_full::{
    DebounceEventResult, DebouncedEvent, Debouncer, RecommendedCache, new_debouncer_opt,
};

use super::ChangeSet;

/// How long events are gathered before a rebuild.
pub const DEBOUNCE: Duration = Duration::from_millis(100);
/// How often `--poll` scans.
pub const POLL_INTERVAL: Duration = Duration::from_millis(500);
/// The folders under the root that hold sources.
pub const SOURCE_DIRS: [&str; 5] = ["content", "data", "forms", "templates", "static"];
/// The site settings file.
pub const CONFIG_FILE: &str = "site.yaml";

/// A change set, stamped with when its debounced events arrived.
pub struct Pending {
    pub changes: ChangeSet,
    pub at: Instant,
}

/// Which paths matter, and what kind of change each is.
#[derive(Debug, Clone)]
pub struct Filter {
    root: PathBuf,
    output: PathBuf,
}

impl Filter {
    pub fn new(root: &Path, output_dir_name: &str) -> Self {
        Filter {
            root: root.to_path_buf(),
            output: root.join(output_dir_name),
        }
    }

    /// Record `path` in `changes` if it is a source. Returns whether it was.
    pub fn record(&self, path: &Path, changes: &mut ChangeSet) -> bool {
        if path.starts_with(&self.output) || is_ignored_name(path) {
            return false;
        }
        let Ok(relative) = path.strip_prefix(&self.root) else {
            return false;
        };
        let mut components = relative.components();
        let Some(Component::Normal(first)) = components.next() else {
            return false;
        };
        if relative
            .components()
            .any(|c| matches!(c.as_os_str().to_str(), Some(".git" | "node_modules")))
        {
            return false;
        }
        let flag = match first.to_str() {
            Some(CONFIG_FILE) if components.next().is_none() => &mut changes.config,
            Some("content") => &mut changes.content,
            Some("data") => &mut changes.data,
            Some("forms") => &mut changes.forms,
            Some("templates") => &mut changes.templates,
            Some("static") => &mut changes.statics,
            _ => return false,
        };
        *flag = true;
        changes.paths.push(path.to_path_buf());
        true
    }

    /// The change set for one batch of debounced events (empty if nothing relevant).
    pub fn collect(&self, events: &[DebouncedEvent]) -> ChangeSet {
        let mut changes = ChangeSet::default();
        for event in events {
            // Opening a file for reading (the build does) is not a change.
            if matches!(event.kind, EventKind::Access(kind) if kind != AccessKind::Close(AccessMode::Write))
            {
                continue;
            }
            if event.need_rescan() {
                changes.mark_all();
            }
            let created = matches!(
                event.kind,
                EventKind::Create(CreateKind::Folder | CreateKind::Any)
                    | EventKind::Modify(ModifyKind::Name(
                        RenameMode::To | RenameMode::Both | RenameMode::Any
                    ))
            );
            for path in &event.paths {
                if self.record(path, &mut changes) && created && path.is_dir() {
                    changes.rescan = true;
                    for entry in walkdir::WalkDir::new(path)
                        .min_depth(1)
                        .into_iter()
                        .filter_map(Result::ok)
                        .filter(|e| e.file_type().is_file())
                    {
                        self.record(entry.path(), &mut changes);
                    }
                }
            }
        }
        changes.paths.sort();
        changes.paths.dedup();
        changes
    }

    /// A source folder directly under the root (to be watched recursively).
    fn is_source_dir(&self, path: &Path) -> bool {
        path.parent() == Some(self.root.as_path())
            && path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| SOURCE_DIRS.contains(&n))
            && path.is_dir()
    }
}

/// Editor temp, swap and backup files, and OS litter.
pub fn is_ignored_name(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return true;
    };
    name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name.ends_with('~')
        || name.starts_with(".#")
        || (name.len() > 1 && name.starts_with('#') && name.ends_with('#'))
        || name == "4913"
        || name.ends_with(".tmp")
        || name == ".DS_Store"
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
        || name.starts_with(".goutputstream-")
}

/// Start watching `root` (canonical). Batches go to `tx` until `stop` is set.
pub fn spawn(
    root: &Path,
    output_dir_name: &str,
    poll: bool,
    stop: Arc<AtomicBool>,
    tx: Sender<Pending>,
) -> notify::Result<JoinHandle<()>> {
    let filter = Filter::new(root, output_dir_name);
    let (events_tx, events_rx) = mpsc::channel();
    if poll {
        // notify's poller compares modification times in whole seconds, so a
        // second save within the same second would be missed; comparing
        // contents too costs a read of every watched file per poll, which is
        // fine for the small sites and odd file systems polling is for.
        let config = notify::Config::default()
            .with_poll_interval(POLL_INTERVAL)
            .with_compare_contents(true);
        let debouncer = new_debouncer_opt::<_, PollWatcher, RecommendedCache>(
            DEBOUNCE,
            None,
            events_tx,
            RecommendedCache::new(),
            config,
        )?;
        start_loop(debouncer, filter, events_rx, stop, tx)
    } else {
        let debouncer = new_debouncer_opt::<_, RecommendedWatcher, RecommendedCache>(
            DEBOUNCE,
            None,
            events_tx,
            RecommendedCache::new(),
            notify::Config::default(),
        )?;
        start_loop(debouncer, filter, events_rx, stop, tx)
    }
}

fn start_loop<W: Watcher + Send + 'static>(
    mut debouncer: Debouncer<W, RecommendedCache>,
    filter: Filter,
    events: Receiver<DebounceEventResult>,
    stop: Arc<AtomicBool>,
    tx: Sender<Pending>,
) -> notify::Result<JoinHandle<()>> {
    debouncer.watch(&filter.root, RecursiveMode::NonRecursive)?;
    for dir in SOURCE_DIRS {
        let path = filter.root.join(dir);
        if path.is_dir() {
            debouncer.watch(&path, RecursiveMode::Recursive)?;
        }
    }
    let handle = thread::Builder::new()
        .name("careguide-watch".into())
        .spawn(move || {
            while !stop.load(Ordering::Acquire) {
                let batch = match events.recv_timeout(Duration::from_millis(100)) {
                    Ok(Ok(batch)) => batch,
                    Ok(Err(errors)) => {
                        for error in errors {
                            eprintln!("warning: file watching: {error}");
                        }
                        continue;
                    }
                    Err(RecvTimeoutError::Timeout) => continue,
                    Err(RecvTimeoutError::Disconnected) => break,
                };
                let at = Instant::now();
                watch_new_source_dirs(&mut debouncer, &filter, &batch);
                let changes = filter.collect(&batch);
                if !changes.is_empty() && tx.send(Pending { changes, at }).is_err() {
                    break;
                }
            }
        })
        .map_err(notify::Error::io)?;
    Ok(handle)
}

/// A source folder appeared at the top level (say content/ was created, or
/// restored by git): watch it. Its files are listed by [`Filter::collect`].
fn watch_new_source_dirs<W: Watcher>(
    debouncer: &mut Debouncer<W, RecommendedCache>,
    filter: &Filter,
    batch: &[DebouncedEvent],
) {
    for event in batch {
        if !matches!(
            event.kind,
            EventKind::Create(_) | EventKind::Modify(ModifyKind::Name(_))
        ) {
            continue;
        }
        for path in event.paths.iter().filter(|p| filter.is_source_dir(p)) {
            if let Err(error) = debouncer.watch(path, RecursiveMode::Recursive) {
                eprintln!("warning: cannot watch {}: {error}", path.display());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignores_editor_litter() {
        for name in [
            "a.md.swp",
            ".a.md.swx",
            "a.md~",
            ".#a.md",
            "#a.md#",
            "4913",
            "x.tmp",
            ".DS_Store",
            "a.md___jb_tmp___",
        ] {
            assert!(is_ignored_name(Path::new(name)), "{name}");
        }
        for name in ["a.md", "site.yaml", "#", "4914", "tmp.md"] {
            assert!(!is_ignored_name(Path::new(name)), "{name}");
        }
    }

    #[test]
    fn classifies_by_top_level_folder() {
        let root = Path::new("/site");
        let filter = Filter::new(root, "public");
        let mut c = ChangeSet::default();
        for p in [
            "/site/site.yaml",
            "/site/content/guide/lpa.md",
            "/site/data/videos.yaml",
            "/site/forms/acp.yaml",
            "/site/templates/page.html",
            "/site/static/css/site.css",
        ] {
            assert!(filter.record(Path::new(p), &mut c), "{p}");
        }
        assert!(c.config && c.content && c.data && c.forms && c.templates && c.statics);
        assert!(!c.rescan);
        assert_eq!(c.paths.len(), 6);

        let mut c = ChangeSet::default();
        for p in [
            "/site/public/index.html",
            "/site/target/debug/x",
            "/site/.git/index",
            "/site/content/.git/x",
            "/site/static/node_modules/x.js",
            "/site/README.md",
            "/site/content/.a.md.swp",
            "/site/content/a.md~",
            "/site/site.yaml/x",
            "/elsewhere/content/a.md",
            "/site",
        ] {
            assert!(!filter.record(Path::new(p), &mut c), "{p}");
        }
        assert!(c.is_empty(), "{c:?}");
    }

    #[test]
    fn created_folder_lists_its_files_and_asks_for_a_rescan() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content/new/deeper")).unwrap();
        std::fs::write(root.join("content/new/a.md"), "a").unwrap();
        std::fs::write(root.join("content/new/deeper/b.md"), "b").unwrap();
        std::fs::write(root.join("content/new/.b.md.swp"), "x").unwrap();
        let filter = Filter::new(root, "public");
        let event = DebouncedEvent::new(
            notify::Event::new(EventKind::Create(CreateKind::Folder))
                .add_path(root.join("content/new")),
            Instant::now(),
        );
        let c = filter.collect(&[event]);
        assert!(c.rescan && c.content);
        assert_eq!(
            c.paths,
            vec![
                root.join("content/new"),
                root.join("content/new/a.md"),
                root.join("content/new/deeper/b.md"),
            ]
        );
    }
}
