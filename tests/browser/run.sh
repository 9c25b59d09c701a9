#!/usr/bin/env bash
# tests/browser/run.sh: the HTML report of the example data (tests/browser/report.mjs) and the rendered charter (render.mjs) checked in Debian's Chromium; never skipped.
#   tests/browser/run.sh [BUILD]     CHARTE=… to test another binary; SHOT=FILE also writes the top of the page as a PNG
set -u
BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
OUT=$BUILD/browser
CHARTE=${CHARTE:-$BUILD/charte}
AMP=examples/amp/amp.charte
DATA=examples/amp/donnees
# Missing pieces are failures, not skips: `make browser-deps` installs them.
command -v node >/dev/null || { echo "node manquant : make browser-deps"; exit 1; }
command -v chromium >/dev/null || { echo "chromium manquant : make browser-deps"; exit 1; }
command -v pdftotext >/dev/null || { echo "pdftotext manquant (poppler-utils) : make browser-deps"; exit 1; }
[ -d "$OUT/node_modules/puppeteer-core" ] && [ -d "$OUT/node_modules/axe-core" ] \
  || { echo "$OUT/node_modules incomplet : make browser-deps"; exit 1; }
run() { "$CHARTE" eval "$1" --donnees "$DATA" --au 2025-12-31 "${@:2}" || { echo "charte eval $* : exit $?"; exit 1; }; }
run $AMP --format html -o "$OUT/rapport.html"
run $AMP --format html --lang en -o "$OUT/rapport-en.html"
run $AMP --format json -o "$OUT/rapport.json"
# The same run with statistical secrecy at 1: the values the report must not show.
sed '/^article 6 /a\  secret statistique : 1' $AMP > "$OUT/amp-revele.charte"
run "$OUT/amp-revele.charte" --format json -o "$OUT/revele.json"
cmp -s "$OUT/rapport.json" "$OUT/revele.json" && { echo "le run révélé ne diffère pas : la substitution n'a pas pris"; exit 1; }
cp tests/browser/report.mjs "$OUT/report.mjs"
SHOT=${SHOT:+$ROOT/$SHOT} node "$OUT/report.mjs" "$OUT"
status=$?
# The rendered charter (charte render --format html): the consolidated text, in English, literate.
render() { "$CHARTE" render "$@" || { echo "charte render $* : exit $?"; exit 1; }; }
render $AMP --au 2024-07-01 --format html -o "$OUT/charte.html"
render $AMP --au 2024-07-01 --format md -o "$OUT/charte.md"
render $AMP --au 2024-07-01 --format html --lang en -o "$OUT/charte-en.html"
render examples/amp/amp.charte.md --format html -o "$OUT/litteraire.html"
BEL=examples/belvance/belvance.charte
render $BEL --au 2024-07-01 --format html -o "$OUT/belvance.html" 2>/dev/null
render $BEL --au 2024-07-01 --format md -o "$OUT/belvance.md" 2>/dev/null
render $BEL --au 2024-07-01 --format html --lang en -o "$OUT/belvance-en.html" 2>/dev/null
cp tests/browser/render.mjs "$OUT/render.mjs"
node "$OUT/render.mjs" "$OUT" || status=1
exit $status
