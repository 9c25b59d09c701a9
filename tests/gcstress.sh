#!/usr/bin/env bash
# tests/gcstress.sh: the GC stress lane: the build that collects every few allocations and starts every thread late (make gcstress) runs the unit tests, the demo, the evaluation goldens and the suites that evaluate on threads; last line "N passed, N failed".
# BUILD (default build) holds gcstress/charte; GCSTRESS_CLI: the suites of tests/cli/ to run
# (names without .sh; default: those that evaluate, read workbooks or explain, on threads).
set -u
BUILD=${1:-build}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# The functions of tests/run.sh (ok, fail, run_eval, ...), not its suites.
# shellcheck source=tests/run.sh
. tests/run.sh
BIN="$ROOT/$BUILD/gcstress/charte"
[ -x "$BIN" ] || { printf 'gcstress: %s manquant (make gcstress)\n' "$BIN" >&2; exit 2; }
CLI=${GCSTRESS_CLI:-threads threads_json threads-memoire explain classeurs-lecture classeurs-tranches classeurs-ods-tranches classeurs-crc-tranches classeurs-ods classeurs-sortie json-flux eval-formats eval-amp-ref eval-belvance-ref}

printf '== GC stress (%s)\n' "$BIN"
# The mode is on: the demo's evaluation collects a hundred times and more (2 in the normal build).
n=$(GC_PRINT_STATS=1 "$BIN" eval examples/amp/amp.charte --donnees examples/amp/donnees --au 2025-12-31 2>&1 >/dev/null |
    grep -c 'Initiating full world-stop collection')
if [ "$n" -ge 100 ]; then ok; else fail "gcstress: $n collections on the demo (100 at least expected)"; fi
# The unit tests built with the stress library (make gcstress-test builds them).
BUILD="$BUILD/gcstress" run_unit
out=$(tests/demo.sh "$BUILD/gcstress" 2>&1); rc=$?
if [ $rc -eq 0 ]; then ok; else fail "demo (gcstress)" "$out"; fi
run_eval "$BIN"
for name in $CLI; do
  start=$SECONDS
  out=$(CHARTE="$BIN" ROOT="$ROOT" bash "tests/cli/$name.sh" 2>&1); rc=$?
  if [ $rc -eq 0 ]; then ok; else fail "cli $name.sh (gcstress)" "$out"; fi
  printf '  %s: %d s\n' "$name" $((SECONDS - start))
done
if [ ${#failures[@]} -gt 0 ]; then
  printf '\nEn échec :\n'; printf '  %s\n' "${failures[@]}"
fi
printf '%d passed, %d failed\n' "$passed" "$failed"
[ "$failed" -eq 0 ]
