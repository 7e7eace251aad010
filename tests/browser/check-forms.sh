#!/bin/sh
# Browser checks of the built form pages: print.test.mjs prints each form
# with headless Chromium to PDF, blank and filled in on screen, and checks
# every page with pdftotext (A4, identifiers, page X of Y, nothing split,
# the urgent care plan summary on two sides); then the save/load round trip
# of form.js. Needs chromium, pdfinfo and pdftotext (poppler-utils), node.
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
if [ ! -d "$here/node_modules/playwright-core" ]; then
  (cd "$here" && npm ci --no-audit --no-fund)
fi
(cd "$here" && CAREGUIDE_SITE="$site" node --test --test-concurrency=1 --test-reporter=spec print.test.mjs) || status=1
page="$out/forms/urgent-care-plan-summary"
cp "$here/roundtrip.js" "$page/roundtrip.js"
sed 's|</body>|<script src="roundtrip.js" defer></script></body>|' "$page/index.html" > "$page/roundtrip.html"
title=$($chrome --virtual-time-budget=5000 --dump-dom "file://$page/roundtrip.html" 2>/dev/null | grep -o '<title>[^<]*</title>')
case "$title" in
  *PASS*) echo "ok   form.js save/load round trip" ;;
  *) echo "FAIL form.js round trip: $title"; status=1 ;;
esac
exit $status
