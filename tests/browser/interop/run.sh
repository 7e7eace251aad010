#!/bin/sh
# careguide's form page checked for answers changed or dropped (form-safety.mjs),
# and its FHIR Questionnaires in two third-party renderers, LHC-Forms and
# the CSIRO Smart Forms renderer, in Debian's chromium (interop.mjs), then
# every Questionnaire, CodeSystem and QuestionnaireResponse seen validated
# with PyPI fhir.resources and the R4 answer rules (validate.py).
#   tests/browser/interop/run.sh [SITE_DIR]     (default: the repository's public/)
# Installs what it needs on first run: npm packages from package-lock.json,
# the Smart Forms bundle (esbuild), a Python venv from requirements.txt.
# FORM=<part of an id> runs one form; OUT=<dir> keeps the resources;
# SHOTS=<dir> saves screenshots of form.js's messages at 1280 and 390 px.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
site=$(cd "${1:-$here/../../../public}" && pwd)
out=${OUT:-$(mktemp -d)}
mkdir -p "$out"
cd "$here"
if [ ! -d ../node_modules/playwright-core ]; then
  (cd .. && npm ci --no-audit --no-fund)
fi
if [ ! -d node_modules/lforms ] || [ ! -d node_modules/@aehrc/smart-forms-renderer ]; then
  npm ci --no-audit --no-fund
fi
# The renderer is a React library: bundle it with React into one script.
node_modules/.bin/esbuild smart-forms-entry.jsx --bundle --minify --format=iife \
  --jsx=automatic --define:process.env.NODE_ENV='"production"' --log-level=warning \
  --loader:.woff2=empty --loader:.woff=empty --loader:.ttf=empty --loader:.css=empty \
  --outfile=build/smart-forms.js
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
  .venv/bin/pip install -q --disable-pip-version-check -r requirements.txt
fi
status=0
# careguide's own page first: no answer changed or silently dropped.
node form-safety.mjs "$site" ${SHOTS:+"$SHOTS"} || status=1
echo
node interop.mjs "$site" "$out" || status=1
echo
.venv/bin/python validate.py "$out" || status=1
exit $status
