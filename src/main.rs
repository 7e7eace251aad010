//! The `careguide` command line: parse arguments, call the library, print
//! diagnostics. Exit status: 0 success, 1 the site has errors, 2 usage error.
//!
//! The command line lives in the binary's own module tree (`src/cli/`), not
//! in the library: it is the only user of clap and of the terminal, and the
//! library stays callable from tests and the preview without either.

use std::process::ExitCode;

mod cli;

// A build allocates and frees many small strings per page on both cores: a
// sampling profile of a 10,000-page build spent about a quarter of its CPU
// time inside glibc's malloc and free. With mimalloc the same build ran
// 1.35 times faster (bench/README.md, "Allocator").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    cli::run()
}
