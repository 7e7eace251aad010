//! Crash safety: `careguide build` is killed with SIGKILL at many moments
//! (before, while and after it writes) and the output folder must always be
//! byte-identical to either the complete previous site or the complete new
//! one. A staging folder a kill leaves behind is removed by the next build.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{SITE_YAML, page, snapshot_dir};

/// Sections × pages: big enough that a debug build takes a few hundred ms.
const SECTIONS: usize = 10;
const PAGES_PER_SECTION: usize = 25;
/// Kill points spread over the build.
const KILLS: usize = 20;

type Snapshot = Vec<(String, Vec<u8>)>;

/// Write the site's sources; `variant` changes the site title, which is on
/// every page, so the two variants differ in almost every output file.
fn write_site(root: &Path, variant: &str) {
    let w = |path: &str, text: &str| common::write(root, path, text.as_bytes());
    w(
        "site.yaml",
        &SITE_YAML.replace("Test site", &format!("Test site {variant}")),
    );
    if root.join("content/_index.md").exists() {
        return;
    }
    w("content/_index.md", &page("Home", "everyone", "# Home\n"));
    for s in 0..SECTIONS {
        w(
            &format!("content/s{s}/_index.md"),
            &page(
                &format!("Section {s}"),
                "everyone",
                &format!("# Section {s}\n"),
            ),
        );
        for p in 0..PAGES_PER_SECTION {
            w(
                &format!("content/s{s}/p{p}.md"),
                &page(
                    &format!("Page {p} of section {s}"),
                    "professional",
                    &format!(
                        "# Page {p}\n\n## Part one\n\nSome words about planning ahead, with a [look at part one of another page](../s{}/p{}.md#part-one).\n\n## Part two\n\nMore words.\n",
                        (s + 1) % SECTIONS,
                        (p + 7) % PAGES_PER_SECTION
                    ),
                ),
            );
        }
    }
}

fn build_command(root: &Path, out: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_careguide"));
    c.args(["build", "--root"])
        .arg(root)
        .arg("--out")
        .arg(out)
        .args(["--as-of", "2026-11-25"])
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    c
}

fn build_ok(root: &Path, out: &Path) -> Duration {
    let start = Instant::now();
    let status = build_command(root, out).status().unwrap();
    assert!(status.success());
    start.elapsed()
}

fn staging_folders(parent: &Path) -> Vec<String> {
    std::fs::read_dir(parent)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("careguide-staging"))
        .collect()
}

#[test]
fn sigkill_leaves_the_old_site_or_the_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let out = dir.path().join("public");

    // Reference snapshots of both variants, from clean builds.
    write_site(&root, "A");
    let reference = dir.path().join("reference");
    build_ok(&root, &reference);
    let a: Snapshot = snapshot_dir(&reference);
    std::fs::remove_dir_all(&reference).unwrap();
    write_site(&root, "B");
    let duration = build_ok(&root, &reference);
    let b: Snapshot = snapshot_dir(&reference);
    std::fs::remove_dir_all(&reference).unwrap();
    assert_ne!(a, b);
    assert!(a.len() > SECTIONS * PAGES_PER_SECTION);

    // The previous, complete output.
    write_site(&root, "A");
    build_ok(&root, &out);
    let mut current = 'A';

    // Kill points: some at fixed fractions of a clean build's time (mostly
    // while it renders in memory), most timed from the moment its staging
    // folder appears (while it writes, swaps and removes the old site:
    // wall-clock fractions alone miss that window on a busy machine), and
    // the last after it has finished.
    enum When {
        After(Duration),
        Writing(Duration),
        /// Once the new site is in place, while the old one is removed.
        Swapped(Duration),
        Finished,
    }
    let t = duration.as_secs_f64();
    let mut plan: Vec<When> = (0..6)
        .map(|i| When::After(Duration::from_secs_f64(t * i as f64 / 10.0)))
        .collect();
    plan.extend(
        [0, 1, 2, 5, 10, 20, 40, 80, 160].map(|ms| When::Writing(Duration::from_millis(ms))),
    );
    plan.extend([0, 1, 3].map(|ms| When::Swapped(Duration::from_millis(ms))));
    plan.extend([When::Finished, When::Finished]);
    assert_eq!(plan.len(), KILLS);

    let (mut saw_old, mut saw_new, mut stale_cleaned) = (0, 0, 0);
    for when in &plan {
        let target = if current == 'A' { 'B' } else { 'A' };
        write_site(&root, &target.to_string());
        let mut child = build_command(&root, &out).spawn().unwrap();
        match when {
            When::After(d) => std::thread::sleep(*d),
            When::Writing(d) => {
                let staging = dir
                    .path()
                    .join(format!(".public.careguide-staging-{}", child.id()));
                let deadline = Instant::now() + Duration::from_secs(120);
                while !staging.exists()
                    && child.try_wait().unwrap().is_none()
                    && Instant::now() < deadline
                {
                    std::thread::sleep(Duration::from_micros(200));
                }
                std::thread::sleep(*d);
            }
            When::Swapped(d) => {
                let title = format!("Test site {target}");
                let deadline = Instant::now() + Duration::from_secs(120);
                while !std::fs::read_to_string(out.join("index.html"))
                    .is_ok_and(|h| h.contains(&title))
                    && child.try_wait().unwrap().is_none()
                    && Instant::now() < deadline
                {
                    std::thread::sleep(Duration::from_micros(200));
                }
                std::thread::sleep(*d);
            }
            When::Finished => {
                child.wait().unwrap();
            }
        }
        // std's kill is SIGKILL on Unix: no handler, no cleanup.
        let _ = child.kill();
        child.wait().unwrap();

        let now = snapshot_dir(&out);
        let now_variant = if now == a {
            'A'
        } else if now == b {
            'B'
        } else {
            panic!(
                "after a kill the output is neither complete site ({} files, A has {}, B has {})",
                now.len(),
                a.len(),
                b.len()
            );
        };
        if now_variant == current {
            saw_old += 1;
        } else {
            saw_new += 1;
        }
        current = now_variant;

        // A kill mid-write leaves a staging folder; the next build removes it.
        if !staging_folders(dir.path()).is_empty() {
            write_site(&root, &current.to_string());
            build_ok(&root, &out);
            assert_eq!(
                staging_folders(dir.path()),
                Vec::<String>::new(),
                "the next build must remove a stale staging folder"
            );
            assert_eq!(
                snapshot_dir(&out),
                if current == 'A' { a.clone() } else { b.clone() }
            );
            stale_cleaned += 1;
        }
    }
    eprintln!(
        "{KILLS} kills over {:.0} ms builds: {saw_old} left the old site, {saw_new} the new one, {stale_cleaned} stale staging folders removed",
        duration.as_secs_f64() * 1000.0
    );
    assert!(saw_old > 0, "no kill landed before the swap");
    assert!(saw_new > 0, "no kill landed after the swap");
}

/// A staging folder of a build that was killed before it wrote its marker
/// is empty; one killed later holds the marker. Both are removed; a folder
/// with the staging name that careguide did not make is left alone.
#[test]
fn stale_staging_folders_are_removed_but_not_strangers() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    common::write(&root, "site.yaml", SITE_YAML.as_bytes());
    common::write(
        &root,
        "content/_index.md",
        page("Home", "everyone", "# Home\n").as_bytes(),
    );
    let out = dir.path().join("public");
    let empty = dir.path().join(".public.careguide-staging-1");
    let marked = dir.path().join(".public.careguide-staging-2");
    let stranger = dir.path().join(".public.careguide-staging-3");
    std::fs::create_dir(&empty).unwrap();
    common::write(&marked, ".careguide-output", b"careguide build output\n");
    common::write(&marked, "index.html", b"half a site");
    common::write(&stranger, "notes.txt", b"mine");
    build_ok(&root, &out);
    assert!(!empty.exists() && !marked.exists());
    assert_eq!(std::fs::read(stranger.join("notes.txt")).unwrap(), b"mine");
}

fn build_output(root: &Path, out: &Path) -> std::process::Output {
    build_command(root, out)
        .stderr(Stdio::piped())
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// Issue 19, finding 1: while one build writes to an output folder (its
/// lock held), another build to the same folder says so, exits 1 and
/// touches nothing: neither the output nor the first build's staging folder.
#[test]
fn a_second_build_to_a_locked_output_is_refused_and_touches_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    write_site(&root, "a");
    let out = dir.path().join("public");
    build_ok(&root, &out);
    let before = snapshot_dir(&out);
    // What a build in progress holds: the lock, and its staging folder.
    let lock = std::fs::OpenOptions::new()
        .write(true)
        .open(dir.path().join(".public.careguide-lock"))
        .expect("a build leaves its lock file beside the output");
    lock.try_lock().unwrap();
    let live = dir
        .path()
        .join(format!(".public.careguide-staging-{}", std::process::id()));
    common::write(&live, ".careguide-output", b"careguide build output\n");
    common::write(&live, "index.html", b"being written");
    write_site(&root, "b");
    let run = build_output(&root, &out);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!("another build is writing {}", out.display())),
        "{stderr}"
    );
    assert!(stderr.contains("(pid "), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(snapshot_dir(&out), before, "the output is untouched");
    assert_eq!(
        std::fs::read(live.join("index.html")).unwrap(),
        b"being written",
        "the live build's staging folder is untouched"
    );
    drop(lock);
    build_ok(&root, &out);
    assert!(!live.exists(), "once the lock is free, the leftover goes");
}

/// Issue 19, finding 1: builds started together to one folder never
/// publish a site with files missing and never fail to write: each one
/// either builds the whole site or is told another build is writing.
#[test]
fn builds_started_together_never_lose_files() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    write_site(&root, "a");
    let out = dir.path().join("public");
    build_ok(&root, &out);
    let whole = snapshot_dir(&out).len();
    for round in 0..4 {
        let children: Vec<_> = (0..3)
            .map(|_| {
                build_command(&root, &out)
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        let mut built = 0;
        for child in children {
            let run = child.wait_with_output().unwrap();
            let stderr = String::from_utf8_lossy(&run.stderr);
            if run.status.success() {
                built += 1;
            } else {
                assert!(
                    stderr.contains("another build is writing"),
                    "round {round}: {stderr}"
                );
            }
        }
        assert!(built >= 1, "round {round}: no build finished");
        assert_eq!(snapshot_dir(&out).len(), whole, "round {round}: files lost");
        assert!(staging_folders(dir.path()).is_empty());
    }
}

/// Make `path` impossible to delete for this user: immutable for root
/// (which ignores permissions), a read-only folder for anyone else.
/// Returns false where neither works. [`deletable`] undoes it.
fn undeletable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    let file = path.join("stuck.txt");
    std::fs::write(&file, "old").unwrap();
    let chattr = Command::new("chattr").arg("+i").arg(&file).status();
    if chattr.is_ok_and(|s| s.success()) {
        return true;
    }
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o555)).unwrap();
    std::fs::remove_file(&file).is_err()
}

/// Undo [`undeletable`] anywhere under `dir` (the folder moves in a swap).
fn deletable(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let _ = Command::new("chattr")
        .args(["-R", "-i"])
        .arg(dir)
        .stderr(Stdio::null())
        .status();
    for e in walkdir::WalkDir::new(dir).into_iter().flatten() {
        if e.file_type().is_dir() {
            let _ = std::fs::set_permissions(e.path(), std::fs::Permissions::from_mode(0o755));
        }
    }
}

/// Issue 19, finding 2: the previous site cannot be removed entirely after
/// the swap. The output holds the complete new site, the build says so
/// (not "nothing was written"), and the next build removes the rest.
#[test]
fn a_failed_removal_after_the_swap_is_reported_truthfully() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    write_site(&root, "a");
    let out = dir.path().join("public");
    build_ok(&root, &out);
    std::fs::create_dir(out.join("locked")).unwrap();
    if !undeletable(&out.join("locked")) {
        eprintln!("skipped: cannot make a file undeletable here");
        return;
    }
    write_site(&root, "b");
    let run = build_output(&root, &out);
    let stderr = String::from_utf8_lossy(&run.stderr);
    deletable(dir.path());
    assert!(!stderr.contains("nothing was written"), "{stderr}");
    assert!(!stderr.contains("untouched"), "{stderr}");
    assert!(stderr.contains("the new site is in place"), "{stderr}");
    assert_eq!(run.status.code(), Some(0), "{stderr}");
    let fresh = dir.path().join("fresh");
    build_ok(&root, &fresh);
    assert_eq!(
        snapshot_dir(&out),
        snapshot_dir(&fresh),
        "one complete new site"
    );
    build_ok(&root, &out);
    assert!(staging_folders(dir.path()).is_empty());
}
