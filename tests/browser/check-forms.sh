#!/bin/sh
# Browser checks of the form pages: render them (cargo test with
# FORMS_HTML_OUT), print each to PDF with headless Chromium and check A4 and
# at most 4 pages, and run the save/load round trip of form.js.
# Needs chromium and pdfinfo (poppler-utils). Usage: tests/browser/check-forms.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cd "$repo"
FORMS_HTML_OUT="$out" cargo test -q --test forms_html write_pages_when_asked >/dev/null
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
