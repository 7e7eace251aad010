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
    },
    /// Create a small working starter site in a new folder
    New {
        /// The folder to create (it must not exist, or be empty)
        dir: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    match cli.command {
        Command::Build {
            root,
            out,
            drafts,
            as_of,
        } => {
            let out = out.unwrap_or_else(|| root.join("public"));
            let options = careguide::pipeline::BuildOptions {
                root,
                out: out.clone(),
                drafts,
                as_of: as_of.unwrap_or_else(today),
            };
            match careguide::pipeline::build(&options) {
                Ok(report) => {
                    print_all(&report.warnings, color);
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
                    println!(
                        "Built {} pages and {} forms ({} files) in {:.2} s into {}{warn}{search}",
                        report.pages,
                        report.forms,
                        report.files,
                        report.elapsed.as_secs_f64(),
                        out.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(errors) => fail(&errors, color),
            }
        }
        Command::Serve {
            root,
            bind,
            port,
            drafts,
            poll,
            as_of,
        } => {
            let config = careguide::serve::ServeConfig {
                root,
                bind,
                port,
                poll,
                output_dir_name: "public".into(),
            };
            match careguide::preview::run(config, drafts, as_of.unwrap_or_else(today)) {
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
        } => {
            let options = careguide::pipeline::CheckOptions {
                drafts,
                as_of: as_of.unwrap_or_else(today),
                external: external.then_some(careguide::check::external::DEFAULT_TIMEOUT),
            };
            let report = careguide::pipeline::check(&root, &options);
            match format {
                Format::Text => print!("{}", careguide::check::report::text(&report, color)),
                Format::Json => print!("{}", careguide::check::report::json(&report)),
            }
            if report.findings.iter().any(Diagnostic::is_error) {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Command::New { dir } => match careguide::scaffold::create(&dir) {
            Ok(()) => {
                println!(
                    "Created a starter site in {}. Next: careguide build --root {}",
                    dir.display(),
                    dir.display()
                );
                ExitCode::SUCCESS
            }
            Err(d) => fail(&[d], color),
        },
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

fn print_all(diagnostics: &[Diagnostic], color: bool) {
    let mut shown: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let mut hidden: std::collections::BTreeMap<&str, (usize, usize)> = Default::default();
    for d in diagnostics {
        let n = shown.entry(d.file.as_str()).or_default();
        if *n < MAX_SHOWN_PER_FILE {
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

fn fail(errors: &[Diagnostic], color: bool) -> ExitCode {
    print_all(errors, color);
    let n = errors.iter().filter(|d| d.is_error()).count();
    eprintln!(
        "error: the site has {n} error{}; nothing was written",
        if n == 1 { "" } else { "s" }
    );
    ExitCode::from(1)
}
