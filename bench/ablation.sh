#!/usr/bin/env bash
# What careguide's search-off build costs over the floor, part by part (issue 22).
#
#   bench/ablation.sh SITE [--runs R] [--bin CAREGUIDE] [--floor FLOOR]
#
# SITE is a corpus from bench/corpus.py. The script makes two copies of it in a
# folder on tmpfs and times, with bench/paired.py (interleaved rounds, median
# of the per-round ratios to the floor), three search-off builds:
#
#   full           the corpus as it is
#   min-templates  the same corpus with page.html, section.html, home.html and
#                  a-z.html overridden by one-line templates (the page's title
#                  and Markdown body, and the blocks the built-in templates
#                  that extend page.html need): what is left when the theme
#                  costs next to nothing
#   min-nograde    min-templates with every patient page marked professional,
#                  so that no page is given a reading grade
#
# Everything else (front matter, Markdown with link resolution and heading
# ids, the site's checks, the A to Z, the sitemap and feed, writing) is the
# same in all three. The figures answer "would another template engine, or
# templates compiled to Rust, bring search off to 2.5 x the floor?" (see
# bench/README.md, "Why 2.5 x the floor is out of reach").
set -euo pipefail
cd "$(dirname "$0")/.."

site=""
runs=11
bin=target/release/careguide
floor=target/release/examples/floor
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --bin) bin=$2; shift 2 ;;
    --floor) floor=$2; shift 2 ;;
    -h|--help) sed -n '2,/^[^#]/p' "$0" | sed '$d'; exit 0 ;;
    -*) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
    *) site=$1; shift ;;
  esac
done
if [ -z "$site" ] || [ ! -f "$site/site.yaml" ]; then
  echo "usage: bench/ablation.sh SITE [--runs R] [--bin CAREGUIDE] [--floor FLOOR]" >&2
  echo "SITE must be a corpus from bench/corpus.py (a folder with site.yaml)" >&2
  exit 2
fi
if [ "$bin" = target/release/careguide ] || [ "$floor" = target/release/examples/floor ]; then
  cargo build -q --release --bin careguide --example floor
fi
bin=$(realpath "$bin")
floor=$(realpath "$floor")
site=$(realpath "$site")

if [ -d /dev/shm ] && [ -w /dev/shm ]; then tmp=/dev/shm; else tmp=/tmp; fi
work=$(mktemp -d "$tmp/careguide-ablation.XXXXXX")
trap 'rm -rf "$work"' EXIT

# The variants: copies of the corpus with templates of their own.
mkdir "$work/sites"
cp -r "$site" "$work/sites/min-templates"
t="$work/sites/min-templates/templates"
mkdir -p "$t"
# page.html keeps the blocks that the built-in codes, joining, sms and videos
# templates fill in; their own pages still render through it.
cat > "$t/page.html" <<'EOF'
<!DOCTYPE html><html lang="en"><title>{{ page.title }}</title><main>{% block before_body %}{% endblock before_body %}{% block body %}{{ page.content | safe }}{% endblock body %}{% block after_body %}{% endblock after_body %}</main>{% block scripts %}{% endblock scripts %}</html>
EOF
cp "$t/page.html" "$t/section.html"
cp "$t/page.html" "$t/home.html"
cat > "$t/a-z.html" <<'EOF'
<!DOCTYPE html><html lang="en"><title>A to Z</title><main></main></html>
EOF
cp -r "$work/sites/min-templates" "$work/sites/min-nograde"
find "$work/sites/min-nograde/content" -name '*.md' -exec sed -i 's/^audience: patient$/audience: professional/' {} +

# paired.py runs `BINARY build --root SITE --out OUT --as-of DATE`; each
# wrapper builds its own copy, with search off, into the OUT it is given.
wrapper() { # name root
  cat > "$work/$1" <<EOF
#!/bin/sh
exec "$bin" build --root "$2" --out "\$5" --as-of "\$7" --no-search
EOF
  chmod +x "$work/$1"
}
wrapper full "$site"
wrapper min-templates "$work/sites/min-templates"
wrapper min-nograde "$work/sites/min-nograde"

# Each variant must build cleanly, or its time would mean nothing.
for v in full min-templates min-nograde; do
  if ! "$work/$v" build --root "$site" --out "$work/check-$v" --as-of 2026-11-25 >"$work/$v.log" 2>&1; then
    echo "the $v variant does not build:" >&2
    cat "$work/$v.log" >&2
    exit 1
  fi
  rm -rf "$work/check-$v"
done

python3 bench/paired.py "$site" "$floor" "$work/full" "$work/min-templates" "$work/min-nograde" --runs "$runs"
