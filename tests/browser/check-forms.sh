#!/bin/sh
# Browser checks of the built form pages: print each to PDF with headless
# Chromium and check A4 and at most 4 pages, and run the save/load round trip
# of form.js. Needs chromium and pdfinfo (poppler-utils).
# Usage: tests/browser/check-forms.sh [SITE_DIR]   (default: the repository's public/)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
site=$(cd "${1:-$here/../../public}" && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# Work on a copy: the round trip adds a test page beside the form.
cp -r "$site" "$out/site"
out="$out/site"
chrome="chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer"
status=0
for page in "$out"/forms/*/index.html; do
  id=$(basename "$(dirname "$page")")
  $chrome --print-to-pdf="$out/$id.pdf" "file://$page" 2>/dev/null
  pages=$(pdfinfo "$out/$id.pdf" | awk '/^Pages:/ {print $2}')
  size=$(pdfinfo "$out/$id.pdf" | grep -c 'Page size:.*(A4)' || true)
  if [ "$pages" -le 4 ] && [ "$size" -eq 1 ]; then
    echo "ok   $id: $pages A4 pages"
  else
    echo "FAIL $id: $pages pages, A4: $size"; status=1
  fi
done
page="$out/forms/urgent-care-plan-summary"
cp "$here/roundtrip.js" "$page/roundtrip.js"
sed 's|</body>|<script src="roundtrip.js" defer></script></body>|' "$page/index.html" > "$page/roundtrip.html"
title=$($chrome --virtual-time-budget=5000 --dump-dom "file://$page/roundtrip.html" 2>/dev/null | grep -o '<title>[^<]*</title>')
case "$title" in
  *PASS*) echo "ok   form.js save/load round trip" ;;
  *) echo "FAIL form.js round trip: $title"; status=1 ;;
esac
exit $status
