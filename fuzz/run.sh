#!/bin/sh
# Fuzz careguide's input handling with cargo-fuzz (libFuzzer).
#
#   fuzz/run.sh              every target for 60 s, two at a time
#   fuzz/run.sh 600 markdown one target for 10 minutes
#   fuzz/run.sh 0            replay the committed corpora only (a quick regression run)
#
# New inputs go to fuzz/work/<target>/ (not committed); fuzz/corpus/<target>/
# holds the small, minimised corpus that is committed. After a long run,
# `fuzz/run.sh merge` folds the work corpora back in, keeping only inputs
# that add coverage. Crashes land in fuzz/artifacts/<target>/; add each one
# as a regression test before fixing it.
#
# cargo-fuzz needs nightly-only compiler flags (sanitizers); RUSTC_BOOTSTRAP=1
# lets the stable toolchain accept them.
set -eu
cd "$(dirname "$0")"
export RUSTC_BOOTSTRAP=1
# Fuzz builds use --target, so they land in <dir>/<triple>/ and never mix
# with normal builds even in a shared CARGO_TARGET_DIR.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$(pwd)/../target/fuzz}"
TARGETS="frontmatter markdown forms sms snomed path_guard"
FLAGS="-max_len=65536 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1"

if [ "${1:-}" = merge ]; then
    for t in $TARGETS; do
        mkdir -p "work/$t"
        cargo fuzz run -O "$t" "corpus/$t" "work/$t" -- -merge=1 $FLAGS
    done
    exit 0
fi

SECONDS_EACH="${1:-60}"
shift || true
[ $# -gt 0 ] && TARGETS="$*"
mkdir -p work
cargo fuzz build -O

run() {
    mkdir -p "work/$1"
    if [ "$SECONDS_EACH" = 0 ]; then
        # Replay: every committed input once, no mutation.
        cargo fuzz run -O "$1" "corpus/$1" -- -runs=0 $FLAGS
    else
        nice cargo fuzz run -O "$1" "work/$1" "corpus/$1" -- -max_total_time="$SECONDS_EACH" $FLAGS
    fi
}

# Two at a time (a 2-core machine is the smallest we run on).
set -- $TARGETS
while [ $# -gt 0 ]; do
    run "$1" > "work/$1.log" 2>&1 &
    a=$!
    shift
    if [ $# -gt 0 ]; then
        run "$1" > "work/$1.log" 2>&1 &
        b=$!
        shift
        wait $b
    fi
    wait $a
done
for t in $TARGETS; do
    echo "== $t"
    grep -E "stat::number_of_executed_units|stat::peak_rss_mb|ERROR|SUMMARY" "work/$t.log" || true
done

# The 50 MB page case of tests/hostile.rs at full size (debug builds use 4 MB).
if [ "$SECONDS_EACH" != 0 ] && [ -z "${SKIP_HUGE:-}" ]; then
    (cd .. && CAREGUIDE_HUGE_MB=50 cargo test --release --test hostile huge_valid_page_builds -- --nocapture)
fi
