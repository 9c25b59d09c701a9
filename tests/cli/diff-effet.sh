#!/usr/bin/env bash
# tests/cli/diff-effet.sh: charte diff's sentence of the data's effect, count and verb agreed in both languages (no contract changes, one compared and changed), without diff.sh's validators, so that the mutant runner can run it.
set -u
cd "${ROOT:?}" || exit 1
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0 BASE=tests/diff/base.charte

effect() {   # new charter, data folder, language, format, the sentence's end
  "${CHARTE:?}" diff "$BASE" "$1" --donnees "$2" --au 2025-12-31 --lang "$3" --format "$4" 2>/dev/null > "$tmp/effet"
  grep -qF -- "$5" "$tmp/effet" || { echo "diff $1 $2 --lang $3 --format $4 : « $5 » attendu"; grep -i 'compar' "$tmp/effet"; fail=1; }
}
# The base against itself: 48 contracts, none changes.
effect "$BASE" examples/amp/donnees fr text ": 48 marchés comparés, aucun ne change"
effect "$BASE" examples/amp/donnees en md ": 48 contracts compared, none changes."
effect "$BASE" examples/amp/donnees fr md ": 48 marchés comparés, aucun ne change."
effect "$BASE" examples/amp/donnees en text ": 48 contracts compared, none changes"
# The amendment on M0001 alone: one contract compared, and it changes.
mkdir -p "$tmp/un"; cp examples/amp/donnees/*.csv "$tmp/un/"; head -2 examples/amp/donnees/marches.csv > "$tmp/un/marches.csv"
effect tests/diff/avenant.charte "$tmp/un" fr md ": 1 marché comparé, 1 change."
effect tests/diff/avenant.charte "$tmp/un" en text ": 1 contract compared, 1 changes"
# Many of both (tests/diff/avenant.attendu has the whole report).
effect tests/diff/avenant.charte examples/amp/donnees fr text ": 48 marchés comparés, 6 changent"
effect tests/diff/avenant.charte examples/amp/donnees en md ": 48 contracts compared, 6 change."

exit $fail
