//! What each command accepts. The help text printed by `--help` comes from
//! the `///` comments and `long_about`s here, so they are user-facing text.
//! Commands with several options take a struct each, so the code that runs
//! a command receives one value; the structs carry `//` comments only,
//! because clap would print a `///` on them as help.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use jiff::civil::Date;

#[derive(Parser)]
#[command(
    name = "careguide",
    version,
    about = "Build, preview and check advance care planning guidance sites",
    long_about = "careguide turns a folder of Markdown pages, YAML data and YAML form definitions \
into a static website: a patient guide, pages for clinicians, printable A4 forms and FHIR R4 \
Questionnaires.\n\nRun it inside a site folder (one with site.yaml), or pass --root."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Print errors only: no warnings, no summary
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print every finding (not only the first 50 of each file) and what was used
    #[arg(long, short, global = true)]
    pub verbose: bool,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum CiChoice {
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
pub enum Format {
    Text,
    Json,
}

#[derive(Subcommand)]
pub enum Command {
    /// Build the site into the output folder (public/ by default)
    #[command(
        long_about = "Build the site into the output folder. The new site is written beside the \
output folder and swapped in only when every page built, so a failed build leaves the previous \
output exactly as it was."
    )]
    Build(BuildArgs),
    /// Preview the site with live reload while you edit
    #[command(
        long_about = "Build the site in memory, serve it on this computer and rebuild when a \
file changes. Open pages reload by themselves; errors show in the page and in the terminal, \
and the last good pages keep being served. Nothing is written to the output folder."
    )]
    Serve(ServeArgs),
    /// Check links, review dates, reading age, text messages, codes and accessibility
    #[command(
        long_about = "Run the content governance rules and report, file by file, what needs doing. \
Nothing is written. The same rules run inside `build`: their errors fail the build and their \
warnings are printed. Exit status 0 when there are no errors, 1 when there are."
    )]
    Check(CheckArgs),
    /// Create a small working starter site in a new folder
    New(NewArgs),
    /// Copy built-in templates and static files into the site to change them
    #[command(
        long_about = "Copy built-in templates and static files into the site's templates/ and \
static/ folders, where they override the built-in ones file by file and can be changed. With no \
names, copies all of them. Names are template names (base.html), paths (static/css/site.css) or \
folders (static/js). Files already in the site are never replaced without --force."
    )]
    Eject(EjectArgs),
    /// Print a guide: authoring (the default), publishing, checks, forms or theme
    Docs {
        /// Which guide
        #[arg(default_value = "authoring", value_parser = clap::builder::PossibleValuesParser::new(
            careguide::scaffold::docs::TOPICS.iter().map(|(t, _, _)| *t)
        ))]
        topic: String,
    },
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell)
    #[command(
        long_about = "Print a completion script for your shell. For bash, add to ~/.bashrc:\n\n    \
source <(careguide completions bash)\n\nFor zsh, write it to a folder on $fpath as _careguide; \
for fish, to ~/.config/fish/completions/careguide.fish."
    )]
    Completions { shell: clap_complete::Shell },
}

// `careguide build`.
#[derive(Args)]
pub struct BuildArgs {
    /// The site folder (holding site.yaml)
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The output folder [default: ROOT/public]
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Include pages marked `draft: true`
    #[arg(long)]
    pub drafts: bool,
    /// Treat this date (YYYY-MM-DD) as today when checking review dates
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub as_of: Option<Date>,
    /// Make a copy that works opened from disk, with no web server (a USB
    /// stick or shared drive): links name index.html files, search uses a
    /// small index shipped with the pages
    #[arg(long)]
    pub offline: bool,
    /// Publish for this address instead of site.yaml's base_url (e.g. a
    /// test server, or https://OWNER.github.io/REPO/)
    #[arg(long, value_name = "URL", value_parser = base_url)]
    pub base_url: Option<String>,
    /// Leave out the search index and search box for this build
    /// (`search: false` in site.yaml leaves it out of every build)
    #[arg(long)]
    pub no_search: bool,
}

// `careguide serve`.
#[derive(Args)]
pub struct ServeArgs {
    /// The site folder (holding site.yaml)
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Address to listen on; anything but loopback exposes drafts to your network
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Port to listen on (0 picks a free one)
    #[arg(long, default_value_t = 8000)]
    pub port: u16,
    /// Include pages marked `draft: true`
    #[arg(long)]
    pub drafts: bool,
    /// Poll for changes instead of using file-system events (network drives, containers)
    #[arg(long)]
    pub poll: bool,
    /// Open the site in your web browser once it is ready
    #[arg(long)]
    pub open: bool,
    /// Treat this date (YYYY-MM-DD) as today when checking review dates
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub as_of: Option<Date>,
}

// `careguide check`.
#[derive(Args)]
pub struct CheckArgs {
    /// The site folder (holding site.yaml)
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Output format: `text` for people, `json` for CI and editors
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Include pages marked `draft: true`
    #[arg(long)]
    pub drafts: bool,
    /// Treat this date (YYYY-MM-DD) as today when checking review dates
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub as_of: Option<Date>,
    /// Also request every external link (5 s timeout, one request at a
    /// time per host); problems are warnings. Without it no network is used.
    #[arg(long)]
    pub external: bool,
    /// With --external, also request links to this computer and to
    /// private networks (intranet sites); they are refused by default
    #[arg(long, requires = "external")]
    pub external_allow_private: bool,
}

// `careguide new`.
#[derive(Args)]
pub struct NewArgs {
    /// The folder to create (it must not exist, or be empty)
    pub dir: PathBuf,
    /// Also write a workflow that checks and publishes the site on
    /// GitHub Pages or GitLab Pages (see `careguide docs publishing`)
    #[arg(long, value_enum, value_name = "SERVICE")]
    pub ci: Option<CiChoice>,
}

// `careguide eject`.
#[derive(Args)]
pub struct EjectArgs {
    /// What to copy: base.html, static/css/site.css, static … (default: everything)
    pub names: Vec<String>,
    /// The site folder (holding site.yaml)
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Replace files the site already has with the built-in versions
    #[arg(long)]
    pub force: bool,
}
