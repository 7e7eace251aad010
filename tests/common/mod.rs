//! Helpers for integration tests: tiny sites in temporary folders, and the
//! real `careguide` binary run on them.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

pub const SITE_YAML: &str = "title: Test site\nbase_url: https://example.org/acp/\norganisation: Test organisation\ncontact:\n  phone: \"111\"\n";

pub fn page(title: &str, audience: &str, body: &str) -> String {
    format!(
        "---\ntitle: {title}\nsummary: A page used by the careguide tests, long enough.\naudience: {audience}\nlast_reviewed: 2026-05-28\nsources:\n  - title: NHS\n    url: https://www.nhs.uk/\n---\n{body}"
    )
}

/// A small valid site: a home page, a section with two pages, and the
/// About and Accessibility pages the built-in footer links to.
pub fn basic_site() -> Vec<(String, String)> {
    vec![
        ("site.yaml".into(), SITE_YAML.into()),
        (
            "content/about.md".into(),
            page(
                "About",
                "everyone",
                "# About

Who we are.
",
            ),
        ),
        (
            "content/accessibility.md".into(),
            page(
                "Accessibility",
                "everyone",
                "# Accessibility

How to tell us about a problem.
",
            ),
        ),
        (
            "content/_index.md".into(),
            page(
                "Home",
                "everyone",
                "# Home\n\nRead the [guide](guide/_index.md).\n",
            ),
        ),
        (
            "content/guide/_index.md".into(),
            page(
                "The guide",
                "patient",
                "# The guide\n\nStart with [LPA](lpa.md#who-can-be-an-attorney).\n",
            ),
        ),
        (
            "content/guide/lpa.md".into(),
            page(
                "Lasting power of attorney",
                "patient",
                "# Lasting power of attorney\n\n## Who can be an attorney?\n\nSomeone you trust.\n\n> [!WARNING]\n> A plan is not a will.\n\n| A | B |\n|---|---|\n| 1 | 2 |\n",
            ),
        ),
        (
            "content/guide/talking.md".into(),
            page(
                "Talking about it",
                "patient",
                "# Talking about it\n\nSee [LPA](lpa.md).\n",
            )
            .replace("title: Talking", "order: 5\ntitle: Talking"),
        ),
    ]
}

/// Build `basic_site()` with `changes` applied (each replaces the file of
/// its path, or adds it); the build must fail with exit status 1 and write
/// nothing. Returns its stderr, for the error-message snapshots.
pub fn errors_of(changes: &[(&str, &str)]) -> String {
    let mut files = basic_site();
    for (path, text) in changes {
        files.retain(|(p, _)| p != path);
        files.push((path.to_string(), text.to_string()));
    }
    let site = Site::new(&files);
    let run = site.build(&[]);
    assert_eq!(
        run.code, 1,
        "expected failure, got: {}{}",
        run.stdout, run.stderr
    );
    assert!(!site.out().exists(), "nothing may be written");
    run.stderr
}

pub struct Site {
    pub dir: tempfile::TempDir,
}

impl Site {
    pub fn new(files: &[(String, String)]) -> Site {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            write(dir.path(), path, text.as_bytes());
        }
        Site { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, path: &str, text: &str) {
        write(self.dir.path(), path, text.as_bytes());
    }

    pub fn write_bytes(&self, path: &str, bytes: &[u8]) {
        write(self.dir.path(), path, bytes);
    }

    pub fn out(&self) -> PathBuf {
        self.dir.path().join("public")
    }

    /// `careguide build --root .` run inside the site, so messages show
    /// site-relative paths.
    pub fn build(&self, extra: &[&str]) -> Run {
        run(
            self.root(),
            &[&["build", "--root", ".", "--as-of", "2026-11-25"], extra].concat(),
        )
    }

    pub fn read(&self, path: &str) -> String {
        std::fs::read_to_string(self.out().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
    }
}

pub fn write(root: &Path, path: &str, bytes: &[u8]) {
    let target = root.join(path);
    std::fs::create_dir_all(target.parent().unwrap()).unwrap();
    std::fs::write(target, bytes).unwrap();
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn run(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_careguide"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run careguide");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Every file under `dir` with its bytes, for byte-for-byte comparisons.
pub fn snapshot_dir(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().display().to_string(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

/// Run the real binary like [`run`], but kill it after `limit`: a hang is a
/// bug to report, not a CI job that never ends. The pipes are drained on
/// their own threads so a chatty child cannot block on a full pipe.
pub fn run_with_timeout(dir: &Path, args: &[&str], limit: std::time::Duration) -> Run {
    use std::io::Read;
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_careguide"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run careguide");
    let drain = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = r.read_to_end(&mut buf);
            String::from_utf8_lossy(&buf).into_owned()
        })
    };
    let out = drain(Box::new(child.stdout.take().unwrap()));
    let err = drain(Box::new(child.stderr.take().unwrap()));
    let start = std::time::Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "careguide {args:?} did not finish within {limit:?} (a hang); stderr so far:\n{}",
                err.join().unwrap_or_default()
            );
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    };
    Run {
        code: status.code().unwrap_or(-1),
        stdout: out.join().unwrap_or_default(),
        stderr: err.join().unwrap_or_default(),
    }
}

/// `careguide serve` on a free loopback port, killed when dropped.
pub struct Server {
    pub child: Child,
    pub port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Start the real binary's preview server on the site at `root`
/// (`--port 0`), and read the port from the URL it prints first.
pub fn serve(root: &Path) -> Server {
    serve_with(root, &[], Stdio::null())
}

/// [`serve`] with more arguments, and its stderr sent to `stderr`.
pub fn serve_with(root: &Path, extra: &[&str], stderr: Stdio) -> Server {
    let child = Command::new(env!("CARGO_BIN_EXE_careguide"))
        .args([
            "serve",
            "--root",
            ".",
            "--port",
            "0",
            "--as-of",
            "2026-11-25",
        ])
        .args(extra)
        .current_dir(root)
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .unwrap();
    server_from(child)
}

/// A preview server started by the caller, with stdout piped: read the
/// port from the URL it prints first.
pub fn server_from(mut child: Child) -> Server {
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port = line
        .split("127.0.0.1:")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no URL in {line:?}"));
    Server { child, port }
}

/// A raw HTTP/1.1 GET to the preview server on `port`: (status, body).
pub fn http_get(port: u16, path: &str) -> (u16, String) {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(std::time::Duration::from_secs(5)))
        .unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut out = Vec::new();
    s.read_to_end(&mut out).unwrap();
    let text = String::from_utf8_lossy(&out).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}
