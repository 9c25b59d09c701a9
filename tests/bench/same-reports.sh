#!/usr/bin/env bash
# tests/bench/same-reports.sh: a change that must not change any result: the reports of `charte eval` on the six bench data sets, in JSON, text and CSV, with 1, 2 and 3 threads, saved once from a reference binary and compared byte for byte with another's.
#
#   tests/bench/same-reports.sh BIN --save DIR    write BIN's reports (and exit statuses) into DIR
#   tests/bench/same-reports.sh BIN DIR           compare BIN's with those saved in DIR
#
# The data sets are those of `make bench` (build/bench/: plain CSV, French CSV, Windows-1252,
# JSON, XLSX, ODS; `make bench` or `BENCH_AGREE_ONLY=1 tests/bench/run.sh` writes them). Exit 0
# when every report is identical, 1 when one differs (each named), 2 on bad usage or missing data.
# Not part of `make test`: it needs the medium data set (about a minute to generate).
# SAME_REPORTS_DATA=DIR: the six sets under the same names in DIR instead (smaller ones, for
# a slow build such as make gcstress; docs/fiabilite.md).
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${1:-}; MODE=${2:-}; DIR=${3:-$MODE}
[ -x "$BIN" ] && [ -n "$MODE" ] || { echo "usage: $0 BIN [--save] DIR" >&2; exit 2; }
DATA=${SAME_REPORTS_DATA:-$ROOT/build/bench}
SETS="medium medium-csv-fr medium-csv-1252 medium-json medium.xlsx medium.ods"
for s in $SETS; do [ -e "$DATA/$s" ] || { echo "same-reports: $DATA/$s missing (make bench writes it)" >&2; exit 2; }; done
[ "$MODE" = --save ] && mkdir -p "$DIR"
[ -d "$DIR" ] || { echo "same-reports: $DIR: no such folder" >&2; exit 2; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
differ=0
for s in $SETS; do
  for t in 1 2 3; do
    for f in json text csv; do
      out=$tmp/$s.$t.$f
      "$BIN" eval "$ROOT/examples/amp/amp.charte" --donnees "$DATA/$s" --au 2025-12-31 --threads "$t" --format "$f" > "$out" 2> "$tmp/err"
      printf 'exit %d\n' $? >> "$out"
      cat "$tmp/err" >> "$out"
      if [ "$MODE" = --save ]; then cp "$out" "$DIR/"
      elif ! cmp -s "$out" "$DIR/$s.$t.$f"; then echo "differs: $s, $t thread(s), $f"; differ=1; fi
    done
  done
done
if [ "$MODE" = --save ]; then echo "same-reports: saved into $DIR"; exit 0; fi
[ $differ = 0 ] && echo "same-reports: all identical" || echo "same-reports: DIFFERENCES"
exit $differ
