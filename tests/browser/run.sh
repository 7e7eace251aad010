#!/bin/sh
# Browser tests of the built site: installs the npm packages if missing and
# runs them against SITE (default: ../../public, i.e. the repository's build).
#   tests/browser/run.sh [SITE_DIR]
# Needs Debian's chromium at /usr/bin/chromium (or CHROMIUM=/path).
# offline.test.mjs builds its own --offline copy with cargo (or set
# CAREGUIDE_OFFLINE_SITE to one).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if [ $# -gt 0 ]; then
  CAREGUIDE_SITE=$(cd "$1" && pwd)
  export CAREGUIDE_SITE
fi
cd "$here"
if [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/axe-core ]; then
  npm ci --no-audit --no-fund
fi
exec node --test --test-concurrency=1 --test-reporter=spec site.test.mjs reader.test.mjs languages.test.mjs offline.test.mjs
