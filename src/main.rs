//! The `careguide` command line: parse arguments, call the library, print
//! diagnostics. Exit status: 0 success, 1 the site has errors, 2 usage error.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use jiff::civil::Date;

use careguide::diagnostic::Diagnostic;

// A build allocates and frees many small strings per page on both cores: a
// sampling profile of a 10,000-page build spent about a quarter of its CPU
// time inside glibc's malloc and free. With mimalloc the same build ran
// 1.35 times faster (bench/README.md, "Allocator").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "careguide",
    version,
    about = "Build, preview and check advance care planning guidance sites",
    long_about = "careguide turns a folder of Markdown pages, YAML data and YAML form definitions \
into a static website: a patient guide, pages for clinicians, printable A4 forms and FHIR R4 \
Questionnaires.\n\nRun it inside a site folder (one with site.yaml), or pass --root."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Print errors only: no warnings, no summary
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Print every finding (not only the first 50 of each file) and what was used
    #[arg(long, short, global = true)]
    verbose: bool,
}

/// How much to print, from --quiet and --verbose.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Loudness {
    Quiet,
    Normal,
    Verbose,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum CiChoice {
    /// GitHub Pages: .github/workflows/publish.yml
    Github,
    /// GitLab Pages: .gitlab-ci.yml
    Gitlab,
}

/// `--base-url`: a full web address, given a final `/`.
fn base_url(s: &str) -> Result<String, String> {
    let s = s.trim();
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))
        .ok_or("write a full web address, such as https://example.org/acp/")?;
    if rest.is_empty() || rest.starts_with('/') || s.contains(char::is_whitespace) {
        return Err("write a full web address, such as https://example.org/acp/".into());
    }
    Ok(if s.ends_with('/') {
        s.to_string()
    } else {
        format!("{s}/")
    })
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (public/ by default)
    #[command(
        long_about = "Build the site into the output folder. The new site is written beside the \
output folder and swapped in only when every page built, so a failed build leaves the previous \
output exactly as it was."
    )]
    Build {
        /// The site folder (holding site.yaml)
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The output folder [default: ROOT/public]
        #[arg(long)]
        out: Option<PathBuf>,
        /// Include pages marked `draft: true`
        #[arg(long)]
        drafts: bool,
        /// Treat this date (YYYY-MM-DD) as today when checking review dates
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<Date>,
        /// Make a copy that works opened from disk, with no web server (a USB
        /// stick or shared drive): links name index.html files, search uses a
        /// small index shipped with the pages
        #[arg(long)]
        offline: bool,
        /// Publish for this address instead of site.yaml's base_url (e.g. a
        /// test server, or https://OWNER.github.io/REPO/)
        #[arg(long, value_name = "URL", value_parser = base_url)]
        base_url: Option<String>,
        /// Leave out the search index and search box for this build
        /// (`search: false` in site.yaml leaves it out of every build)
        #[arg(long)]
        no_search: bool,
    },
    /// Preview the site with live reload while you edit
    #[command(
        long_about = "Build the site in memory, serve it on this computer and rebuild when a \
file changes. Open pages reload by themselves; errors show in the page and in the terminal, \
and the last good pages keep being served. Nothing is written to the output folder."
    )]
    Serve {
        /// The site folder (holding site.yaml)
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Address to listen on; anything but loopback exposes drafts to your network
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Port to listen on (0 picks a free one)
        #[arg(long, default_value_t = 8000)]
        port: u16,
        /// Include pages marked `draft: true`
        #[arg(long)]
        drafts: bool,
        /// Poll for changes instead of using file-system events (network drives, containers)
        #[arg(long)]
        poll: bool,
        /// Open the site in your web browser once it is ready
        #[arg(long)]
        open: bool,
        /// Treat this date (YYYY-MM-DD) as today when checking review dates
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<Date>,
    },
    /// Check links, review dates, reading age, text messages, codes and accessibility
    #[command(
        long_about = "Run the content governance rules and report, file by file, what needs doing. \
Nothing is written. The same rules run inside `build`: their errors fail the build and their \
warnings are printed. Exit status 0 when there are no errors, 1 when there are."
    )]
    Check {
        /// The site folder (holding site.yaml)
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output format: `text` for people, `json` for CI and editors
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Include pages marked `draft: true`
        #[arg(long)]
        drafts: bool,
        /// Treat this date (YYYY-MM-DD) as today when checking review dates
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<Date>,
        /// Also request every external link (5 s timeout, one request at a
        /// time per host); problems are warnings. Without it no network is used.
        #[arg(long)]
        external: bool,
        /// With --external, also request links to this computer and to
        /// private networks (intranet sites); they are refused by default
        #[arg(long, requires = "external")]
        external_allow_private: bool,
    },
    /// Create a small working starter site in a new folder
    New {
        /// The folder to create (it must not exist, or be empty)
        dir: PathBuf,
        /// Also write a workflow that checks and publishes the site on
        /// GitHub Pages or GitLab Pages (see `careguide docs publishing`)
        #[arg(long, value_enum, value_name = "SERVICE")]
        ci: Option<CiChoice>,
    },
    /// Copy built-in templates and static files into the site to change them
    #[command(
        long_about = "Copy built-in templates and static files into the site's templates/ and \
static/ folders, where they override the built-in ones file by file and can be changed. With no \
names, copies all of them. Names are template names (base.html), paths (static/css/site.css) or \
folders (static/js). Files already in the site are never replaced without --force."
    )]
    Eject {
        /// What to copy: base.html, static/css/site.css, static … (default: everything)
        names: Vec<String>,
        /// The site folder (holding site.yaml)
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Replace files the site already has with the built-in versions
        #[arg(long)]
        force: bool,
    },
    /// Print a guide: authoring (the default), publishing, checks, languages, forms or theme
    Docs {
        /// Which guide
        #[arg(default_value = "authoring", value_parser = clap::builder::PossibleValuesParser::new(
            careguide::scaffold::docs::TOPICS.iter().map(|(t, _, _)| *t)
        ))]
        topic: String,
    },
    /// Work with translations: `translate mark FILE…` (docs/languages.md)
    Translate {
        #[command(subcommand)]
        action: TranslateAction,
    },
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell)
    #[command(
        long_about = "Print a completion script for your shell. For bash, add to ~/.bashrc:\n\n    \
source <(careguide completions bash)\n\nFor zsh, write it to a folder on $fpath as _careguide; \
for fish, to ~/.config/fish/completions/careguide.fish."
    )]
    Completions { shell: clap_complete::Shell },
}

#[derive(Subcommand)]
enum TranslateAction {
    /// Record that each translation now matches its source page or form
    #[command(
        long_about = "Record in each translation (content/guide/lpa.ur.md, forms/my-wishes.ur.yaml) \
which revision of its source it now matches: `translation_of`, `translation_marked` and \
`translation_blocks` in its front matter (or at the top of a form's file). `careguide check` then \
reports the translation as out of date when the source changes. If any file cannot be marked, \
none is changed."
    )]
    Mark {
        /// Translation files to mark
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Record this date (YYYY-MM-DD) as the day of marking instead of today
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<Date>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let loud = match (cli.quiet, cli.verbose) {
        (true, _) => Loudness::Quiet,
        (_, true) => Loudness::Verbose,
        _ => Loudness::Normal,
    };
    let out = Printer { color, loud };
    match cli.command {
        Command::Build {
            root,
            out: out_dir,
            drafts,
            as_of,
            offline,
            base_url,
            no_search,
        } => {
            let out_dir = out_dir.unwrap_or_else(|| root.join("public"));
            let options = careguide::pipeline::BuildOptions {
                root,
                out: out_dir.clone(),
                drafts,
                as_of: as_of.unwrap_or_else(today),
                offline,
                base_url,
                search: !no_search,
            };
            if loud == Loudness::Verbose {
                eprintln!(
                    "building {} into {}{}{}",
                    options.root.display(),
                    out_dir.display(),
                    options
                        .base_url
                        .as_ref()
                        .map_or_else(String::new, |u| format!(" for {u}")),
                    if options.search {
                        ""
                    } else {
                        " without search"
                    }
                );
            }
            let progress =
                (loud != Loudness::Quiet && std::io::stderr().is_terminal()).then(Progress::start);
            let result = careguide::pipeline::build(&options);
            drop(progress);
            match result {
                Ok(report) => {
                    out.all(&report.warnings);
                    let warn = match report.warnings.len() {
                        0 => String::new(),
                        1 => ", 1 warning".into(),
                        n => format!(", {n} warnings"),
                    };
                    let search = report.search.as_ref().map_or_else(String::new, |s| {
                        format!(
                            "; search index of {} pages, {} KB, {:.2} s",
                            s.pages,
                            s.index_bytes.div_ceil(1024),
                            s.elapsed.as_secs_f64()
                        )
                    });
                    if loud != Loudness::Quiet {
                        println!(
                            "Built {} pages and {} forms ({} files) in {:.2} s into {}{warn}{search}",
                            report.pages,
                            report.forms,
                            report.files,
                            report.elapsed.as_secs_f64(),
                            out_dir.display()
                        );
                        if offline {
                            println!(
                                "Offline copy: open {} in a web browser, or copy the folder to a USB stick or shared drive",
                                out_dir.join("index.html").display()
                            );
                        }
                    }
                    ExitCode::SUCCESS
                }
                Err(errors) => out.fail(&errors),
            }
        }
        Command::Serve {
            root,
            bind,
            port,
            drafts,
            poll,
            open,
            as_of,
        } => {
            let config = careguide::serve::ServeConfig {
                root,
                bind,
                port,
                poll,
                output_dir_name: "public".into(),
                quiet: loud == Loudness::Quiet,
            };
            let on_ready = |url: &str| {
                if open {
                    open_browser(url);
                }
            };
            match careguide::preview::run(
                config,
                drafts,
                as_of.unwrap_or_else(today),
                loud == Loudness::Quiet,
                on_ready,
            ) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
                    eprintln!(
                        "error: port {port} is already in use by another program (perhaps another careguide serve)\nhelp: try --port 0 to pick a free port, or stop the other server"
                    );
                    ExitCode::from(1)
                }
                Err(e) => {
                    eprintln!("error: the preview server stopped: {e}");
                    ExitCode::from(1)
                }
            }
        }
        Command::Check {
            root,
            format,
            drafts,
            as_of,
            external,
            external_allow_private,
        } => {
            let options = careguide::pipeline::CheckOptions {
                drafts,
                as_of: as_of.unwrap_or_else(today),
                external: external.then_some(careguide::check::external::DEFAULT_TIMEOUT),
                external_allow_private,
            };
            let mut report = careguide::pipeline::check(&root, &options);
            let failed = report.findings.iter().any(Diagnostic::is_error);
            if loud == Loudness::Quiet {
                report.findings.retain(Diagnostic::is_error);
            }
            match format {
                Format::Text if loud == Loudness::Quiet => {
                    for d in &report.findings {
                        eprintln!("{}\n", d.render(color));
                    }
                }
                Format::Text => print!("{}", careguide::check::report::text(&report, color)),
                Format::Json => print!("{}", careguide::check::report::json(&report)),
            }
            if failed {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Command::New { dir, ci } => {
            let ci = ci.map(|c| match c {
                CiChoice::Github => careguide::scaffold::Ci::GitHub,
                CiChoice::Gitlab => careguide::scaffold::Ci::GitLab,
            });
            match careguide::scaffold::create(&dir, ci) {
                Ok(()) => {
                    if loud != Loudness::Quiet {
                        println!(
                            "Created a starter site in {}.\nNext: cd {} && careguide serve --open\nThe guide to writing pages: careguide docs",
                            dir.display(),
                            dir.display()
                        );
                    }
                    ExitCode::SUCCESS
                }
                Err(d) => out.fail(&[d]),
            }
        }
        Command::Eject { names, root, force } => {
            match careguide::scaffold::eject::eject(&root, &names, force) {
                Ok(written) => {
                    if loud == Loudness::Verbose {
                        for path in &written {
                            println!("{path}");
                        }
                    }
                    if loud != Loudness::Quiet {
                        println!(
                            "Copied {} built-in file{} into {}; the site's copies are used from now on",
                            written.len(),
                            if written.len() == 1 { "" } else { "s" },
                            root.display()
                        );
                    }
                    ExitCode::SUCCESS
                }
                Err(d) => {
                    eprintln!("{}\n", d.render(color));
                    ExitCode::from(1)
                }
            }
        }
        Command::Docs { topic } => {
            // A reader that stops early (`| head`) is not an error.
            let text = careguide::scaffold::docs::text(&topic).unwrap_or_default();
            let _ = std::io::Write::write_all(&mut std::io::stdout(), text.as_bytes());
            ExitCode::SUCCESS
        }
        Command::Translate {
            action: TranslateAction::Mark { files, as_of },
        } => match careguide::translation::mark::mark_all(&files, as_of.unwrap_or_else(today)) {
            Ok(marked) => {
                for m in marked.iter().filter(|_| loud != Loudness::Quiet) {
                    println!(
                        "{}",
                        format_args!(
                            "{} {} as a translation of {} ({})",
                            if m.changed {
                                "marked"
                            } else {
                                "already current:"
                            },
                            m.file,
                            m.source,
                            m.hash
                        )
                    );
                }
                ExitCode::SUCCESS
            }
            Err(errors) => out.fail(&errors),
        },
        Command::Completions { shell } => {
            use clap::CommandFactory;
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "careguide", &mut script);
            let _ = std::io::Write::write_all(&mut std::io::stdout(), &script);
            ExitCode::SUCCESS
        }
    }
}

/// Open `url` in the desktop's web browser; a failure is only a note, as
/// the address is printed anyway.
fn open_browser(url: &str) {
    let program: &[&str] = if cfg!(target_os = "macos") {
        &["open"]
    } else if cfg!(windows) {
        &["cmd", "/C", "start", ""]
    } else {
        &["xdg-open"]
    };
    let spawned = std::process::Command::new(program[0])
        .args(&program[1..])
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if let Err(e) = spawned {
        eprintln!("note: could not open a web browser ({e}); open {url} yourself");
    }
}

/// A "Building… 3 s" line on the terminal while a build takes more than a
/// second; cleared when dropped.
struct Progress {
    done: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Progress {
    fn start() -> Self {
        use std::sync::atomic::Ordering;
        let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = done.clone();
        let thread = std::thread::spawn(move || {
            let start = std::time::Instant::now();
            let mut shown = false;
            while !flag.load(Ordering::Acquire) {
                std::thread::park_timeout(std::time::Duration::from_millis(250));
                let secs = start.elapsed().as_secs();
                if secs >= 1 && !flag.load(Ordering::Acquire) {
                    eprint!("\rBuilding… {secs} s ");
                    shown = true;
                }
            }
            if shown {
                eprint!("\r\x1b[2K");
            }
        });
        Progress {
            done,
            thread: Some(thread),
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.done.store(true, std::sync::atomic::Ordering::Release);
        if let Some(t) = self.thread.take() {
            t.thread().unpark();
            let _ = t.join();
        }
    }
}

/// Prints diagnostics as --quiet and --verbose ask.
struct Printer {
    color: bool,
    loud: Loudness,
}

impl Printer {
    fn all(&self, diagnostics: &[Diagnostic]) {
        match self.loud {
            Loudness::Quiet => {
                let errors: Vec<Diagnostic> = diagnostics
                    .iter()
                    .filter(|d| d.is_error())
                    .cloned()
                    .collect();
                print_all(&errors, self.color, MAX_SHOWN_PER_FILE);
            }
            Loudness::Normal => print_all(diagnostics, self.color, MAX_SHOWN_PER_FILE),
            Loudness::Verbose => print_all(diagnostics, self.color, usize::MAX),
        }
    }

    fn fail(&self, errors: &[Diagnostic]) -> ExitCode {
        self.all(errors);
        let n = errors.iter().filter(|d| d.is_error()).count();
        eprintln!(
            "error: the site has {n} error{}; nothing was written",
            if n == 1 { "" } else { "s" }
        );
        ExitCode::from(1)
    }
}

fn today() -> Date {
    // Today in UTC, counted in whole days since 1970 (no time-zone data needed).
    let days = jiff::Timestamp::now().as_second().div_euclid(86_400);
    Date::new(1970, 1, 1)
        .ok()
        .and_then(|epoch| epoch.checked_add(jiff::Span::new().days(days)).ok())
        .unwrap_or(Date::MAX)
}

/// Most diagnostics printed for one file. A generated or pasted page can
/// have hundreds of thousands of findings; printing them all took minutes
/// and buried everything else, and the first ones show what to fix.
const MAX_SHOWN_PER_FILE: usize = 50;

fn print_all(diagnostics: &[Diagnostic], color: bool, max_per_file: usize) {
    let mut shown: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let mut hidden: std::collections::BTreeMap<&str, (usize, usize)> = Default::default();
    for d in diagnostics {
        let n = shown.entry(d.file.as_str()).or_default();
        if *n < max_per_file {
            *n += 1;
            eprintln!("{}\n", d.render(color));
        } else {
            let (errors, warnings) = hidden.entry(d.file.as_str()).or_default();
            if d.is_error() {
                *errors += 1;
            } else {
                *warnings += 1;
            }
        }
    }
    for (file, (errors, warnings)) in hidden {
        eprintln!(
            "note: {file}: {errors} more error{} and {warnings} more warning{} not shown (the first {MAX_SHOWN_PER_FILE} are above)\n",
            if errors == 1 { "" } else { "s" },
            if warnings == 1 { "" } else { "s" },
        );
    }
}
