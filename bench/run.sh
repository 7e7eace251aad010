#!/usr/bin/env bash
# careguide's build benchmark. See bench/README.md.
#
#   bench/run.sh                      # N = 1,000, 10,000 and 100,000, serve at 10,000
#   bench/run.sh --sizes "1000 10000" --runs 7
#   bench/run.sh --smoke              # CI: N = 200 once, debug build, fails if any build fails
#
# Options:
#   --sizes "N ..."   corpus sizes (default "1000 10000 100000")
#   --runs R          timed runs per command after one warm-up (default 5, at least 5)
#   --rss-runs R      /usr/bin/time -v runs per command for peak RSS (default 5)
#   --serve-at N      corpus size for the serve benchmark (default 10000; 0 = skip)
#   --work DIR        corpora and outputs (default /dev/shm/careguide-bench, a
#                     tmpfs, else /tmp/careguide-bench)
#   --no-hugo         do not time Hugo (nor Hugo + Pagefind) even when installed
#   --hugo-max N      time Hugo only up to N pages (default 10000: Hugo at
#                     100,000 pages takes many minutes a run on 2 cores)
#   --no-pagefind     do not time Hugo followed by the Pagefind CLI
#                     (bench/package.json; installed with npm ci when missing)
#   --search-max N    time careguide with search on only up to N pages
#                     (default 10000: indexing 100,000 pages takes minutes a run)
#   --smoke           N = 200, one run of each build, a short serve run; no hyperfine
#
# Results: a Markdown table on stdout and in bench/results/latest.md.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

sizes="1000 10000 100000"
runs=5
rss_runs=5
serve_at=10000
# tmpfs when there is one: the shared disk is not what is being measured.
if [ -d /dev/shm ] && [ -w /dev/shm ]; then work=/dev/shm/careguide-bench; else work=/tmp/careguide-bench; fi
hugo_ok=1
pagefind_ok=1
hugo_max=10000
search_max=10000
smoke=0
as_of=2026-11-25
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) sizes=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --rss-runs) rss_runs=$2; shift 2 ;;
    --serve-at) serve_at=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --no-hugo) hugo_ok=0; shift ;;
    --no-pagefind) pagefind_ok=0; shift ;;
    --hugo-max) hugo_max=$2; shift 2 ;;
    --search-max) search_max=$2; shift 2 ;;
    --smoke) smoke=1; shift ;;
    -h|--help) sed -n '2,/^[^#]/p' "$0" | sed '$d'; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
if [ "$smoke" = 1 ]; then
  sizes=200
  serve_at=200
  work=${work%/}-smoke
fi
if [ "$smoke" = 0 ] && [ "$runs" -lt 5 ]; then
  echo "--runs must be at least 5" >&2
  exit 2
fi
mkdir -p "$work"

# --- tools -----------------------------------------------------------------
need=()
if [ "$smoke" = 0 ]; then
  command -v hyperfine >/dev/null || need+=(hyperfine)
  [ -x /usr/bin/time ] || need+=(time)
fi
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]} (Debian packages)" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
have_hugo=0
if [ "$hugo_ok" = 1 ] && command -v hugo >/dev/null; then have_hugo=1; fi
# The Pagefind CLI as users install it (npm `pagefind`, whose package ships
# its binary), pinned by bench/package-lock.json, run on Hugo's output.
pagefind_bin=$repo/bench/node_modules/.bin/pagefind
have_pagefind=0
if [ "$have_hugo" = 1 ] && [ "$pagefind_ok" = 1 ] && [ "$smoke" = 0 ]; then
  if [ ! -x "$pagefind_bin" ] && command -v npm >/dev/null; then
    echo "installing the Pagefind CLI (npm ci in bench/)" >&2
    (cd bench && npm ci --no-audit --no-fund >&2) || true
  fi
  if [ -x "$pagefind_bin" ]; then have_pagefind=1; fi
fi
have_zola=0
if command -v zola >/dev/null; then have_zola=1; fi

# --- binaries --------------------------------------------------------------
# Search (issue 8) is a default cargo feature once it lands: then careguide is
# timed twice, with the feature (search on) and without (search off).
target=${CARGO_TARGET_DIR:-$repo/target}
if [ "$smoke" = 1 ]; then profile=debug; cargo_profile=(); else profile=release; cargo_profile=(--release); fi
bin=$work/bin
mkdir -p "$bin"
has_search=0
if awk '/^\[features\]/{f=1; next} /^\[/{f=0} f && /^search *=/{found=1} END{exit !found}' Cargo.toml; then
  has_search=1
fi
echo "building ($profile)..." >&2
if [ "$has_search" = 1 ]; then
  cargo build -q "${cargo_profile[@]}" --no-default-features --bin careguide --example floor --example serve_latency
  cp "$target/$profile/careguide" "$bin/careguide-search-off"
  cp "$target/$profile/examples/serve_latency" "$bin/serve_latency"
  cargo build -q "${cargo_profile[@]}" --bin careguide
  cp "$target/$profile/careguide" "$bin/careguide-search-on"
  variants="search-off search-on"
else
  cargo build -q "${cargo_profile[@]}" --bin careguide --example floor --example serve_latency
  cp "$target/$profile/careguide" "$bin/careguide-search-off"
  cp "$target/$profile/examples/serve_latency" "$bin/serve_latency"
  variants="search-off"
fi
cp "$target/$profile/examples/floor" "$bin/floor"

# --- corpora ---------------------------------------------------------------
# Made once per N and kept while bench/corpus.py is unchanged.
stamp=$(sha256sum bench/corpus.py | cut -c1-16)
corpus() {
  local n=$1 dir=$work/$1
  if [ ! -f "$dir/stamp" ] || [ "$(cat "$dir/stamp")" != "$stamp" ]; then
    echo "generating $n pages..." >&2
    rm -rf "$dir"
    mkdir -p "$dir"
    python3 bench/corpus.py "$n" "$dir/site" >&2
    echo "$stamp" >"$dir/stamp"
  fi
  if [ "$have_hugo" = 1 ] && [ "$n" -le "$hugo_max" ] && [ ! -d "$dir/hugo" ]; then
    python3 bench/to_hugo.py "$dir/site" "$dir/hugo" >&2
  fi
}

# The command that builds corpus N with tool $2 into $3.
command_for() {
  local n=$1 tool=$2 out=$3 site=$work/$1/site
  case "$tool" in
    careguide-*) echo "$bin/$tool build --root $site --out $out --as-of $as_of" ;;
    floor) echo "$bin/floor $site $out" ;;
    hugo) echo "hugo --quiet -s $work/$n/hugo -d $out" ;;
    # One command for hyperfine and /usr/bin/time: peak RSS is the larger of
    # the two steps (they run one after the other).
    hugo+pagefind) echo "bash -c 'hugo --quiet -s $work/$n/hugo -d $out && $pagefind_bin --site $out --silent'" ;;
  esac
}

# One checked build: exit status 0 and, for careguide, no warning.
checked_build() {
  local n=$1 tool=$2 out=$work/$1/out-$2 log
  rm -rf "$out"
  if ! log=$(eval "$(command_for "$n" "$tool" "$out")" 2>&1); then
    echo "$log" >&2
    echo "FAILED: $tool at N=$n" >&2
    return 1
  fi
  if [[ "$tool" == careguide-* ]] && grep -qi warning <<<"$log"; then
    echo "$log" >&2
    echo "FAILED: $tool at N=$n printed warnings" >&2
    return 1
  fi
  echo "ok: $tool at N=$n: $(tail -n1 <<<"$log")" >&2
}

median() { sort -n | awk '{a[NR]=$1} END{if (NR==0) print "nan"; else if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

# Peak RSS in MiB, median of $rss_runs cold builds.
peak_rss() {
  local n=$1 tool=$2 out=$work/$1/out-$2
  for _ in $(seq "$rss_runs"); do
    rm -rf "$out"
    eval "/usr/bin/time -f '%M' -o $work/rss.txt $(command_for "$n" "$tool" "$out")" >/dev/null 2>&1
    awk '{print $1/1024}' "$work/rss.txt"
  done | median
}

tools_for() {
  local n=$1
  tools=()
  for v in $variants; do
    if [ "$v" = search-on ] && [ "$n" -gt "$search_max" ]; then continue; fi
    tools+=("careguide-$v")
  done
  tools+=(floor)
  if [ "$have_hugo" = 1 ] && [ "$n" -le "$hugo_max" ]; then tools+=(hugo); fi
  if [ "$have_pagefind" = 1 ] && [ "$n" -le "$hugo_max" ]; then tools+=(hugo+pagefind); fi
}

machine="$(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -n1), $(free -g | awk '/^Mem:/{print $2}') GiB RAM"
results=$work/results.md
{
  echo "## careguide build benchmark"
  echo
  echo "$(date -u +%Y-%m-%d), commit $(git rev-parse --short HEAD), $machine; load average $(cut -d' ' -f1-3 /proc/loadavg)."
  if [ "$smoke" = 1 ]; then
    echo "Smoke run (debug build, one run each): times are not figures."
  else
    echo "Cold builds (output folder removed before each run), median of $runs runs after 1 warm-up (hyperfine); peak RSS median of $rss_runs runs (/usr/bin/time)."
  fi
  [ "$has_search" = 0 ] && echo "The search feature has not landed: search off only."
  [ "$has_search" = 1 ] && echo "careguide-search-on is the default build (pagefind index); careguide-search-off is built with --no-default-features. Search on is timed up to $search_max pages."
  if [ "$have_hugo" = 0 ]; then
    echo "Hugo is not installed (or --no-hugo): not timed."
  else
    echo "Hugo $(hugo version | awk '{print $2}') (Debian) is timed up to $hugo_max pages, on the same pages with minimal templates (bench/to_hugo.py)."
  fi
  [ "$have_pagefind" = 1 ] && echo "hugo+pagefind is Hugo followed by the Pagefind CLI $("$pagefind_bin" --version | awk '{print $2}') (npm \`pagefind\`, bench/package-lock.json) on Hugo's output, whose page and section templates mark the same text and audience filter as careguide's (\`data-pagefind-body\`); its peak RSS is the larger of the two steps."
  [ "$have_zola" = 0 ] && echo "Zola is not installed (it is not packaged in Debian, and no zola binary is on this machine): not timed."
  echo
  echo "| pages | tool | median (s) | ± σ (s) | × floor | × Hugo | × Hugo+Pagefind | CPU user+sys (s, mean) | CPU × floor | peak RSS (MiB) |"
  echo "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
} >"$results"

for n in $sizes; do
  corpus "$n"
  tools_for "$n"
  for t in "${tools[@]}"; do checked_build "$n" "$t"; done
  if [ "$smoke" = 1 ]; then
    for t in "${tools[@]}"; do
      s=$(/usr/bin/env bash -c "rm -rf $work/$n/out-$t; TIMEFORMAT=%R; time ($(command_for "$n" "$t" "$work/$n/out-$t") >/dev/null 2>&1)" 2>&1)
      echo "| $n | $t | $s | | | | | | | |" >>"$results"
    done
    continue
  fi
  args=()
  for t in "${tools[@]}"; do
    out=$work/$n/out-$t
    args+=(-n "$t" --prepare "rm -rf $out" "$(command_for "$n" "$t" "$out")")
  done
  hyperfine -N --style basic --warmup 1 --runs "$runs" --export-json "$work/$n.json" "${args[@]}" >&2
  declare -A rss=()
  for t in "${tools[@]}"; do rss[$t]=$(peak_rss "$n" "$t"); done
  python3 - "$work/$n.json" "$n" "$(for t in "${tools[@]}"; do echo "$t=${rss[$t]}"; done)" >>"$results" <<'EOF'
import json, sys
data = json.load(open(sys.argv[1]))["results"]
n = sys.argv[2]
rss = dict(line.split("=") for line in sys.argv[3].split())
med = {r["command"]: r["median"] for r in data}
cpu = {r["command"]: r["user"] + r["system"] for r in data}
floor, hugo, peer = med.get("floor"), med.get("hugo"), med.get("hugo+pagefind")
for r in data:
    name = r["command"]
    x_floor = f"{r['median'] / floor:.2f}" if floor else ""
    x_hugo = f"{r['median'] / hugo:.2f}" if hugo else ""
    x_peer = f"{r['median'] / peer:.2f}" if peer else ""
    cpu_floor = f"{cpu[name] / cpu['floor']:.2f}" if floor else ""
    print(f"| {int(n):,} | {name} | {r['median']:.3f} | {r['stddev'] or 0:.3f} | {x_floor} | {x_hugo} | {x_peer} | {cpu[name]:.2f} | {cpu_floor} | {float(rss[name]):.0f} |")
on, off = med.get("careguide-search-on"), med.get("careguide-search-off")
ratios = []
if on and off:
    ratios.append(f"search on / search off {on / off:.2f} ×")
if on and peer:
    ratios.append(f"Hugo + Pagefind / careguide search on {peer / on:.2f} × (careguide {peer / on:.2f} × faster)")
if ratios:
    print(f"| {int(n):,} | ratios (medians of this run) | {'; '.join(ratios)} | | | | | | | |")
EOF
  unset rss
done

# The floor ratio again, interleaved: hyperfine runs every run of one command
# before the next, so a shared machine that slows down between them moves the
# ratio (see bench/paired.py). Every round here runs each command once.
{
  echo
  echo "Paired ratios to the floor (bench/paired.py: each round runs every command once, in rotating order; median of the per-round ratios):"
} >>"$results"
for n in $sizes; do
  if [ "$smoke" = 1 ]; then paired_runs=5; elif [ "$n" -ge 100000 ]; then paired_runs=5; else paired_runs=15; fi
  echo >>"$results"
  echo "$n pages:" >>"$results"
  python3 bench/paired.py "$work/$n/site" "$bin/floor" "$bin/careguide-search-off" \
    --runs "$paired_runs" --as-of "$as_of" | tail -n +2 >>"$results"
done

if [ "$serve_at" != 0 ]; then
  corpus "$serve_at"
  rm -rf "$work/serve-site"
  cp -r "$work/$serve_at/site" "$work/serve-site"
  if [ "$smoke" = 1 ]; then serve_args=(--edits 2 --clients 10); else serve_args=(); fi
  echo >>"$results"
  "$bin/serve_latency" "$work/serve-site" "${serve_args[@]}" >>"$results"
  rm -rf "$work/serve-site"
fi

cat "$results"
if [ "$smoke" = 0 ]; then
  mkdir -p bench/results
  cp "$results" bench/results/latest.md
fi
