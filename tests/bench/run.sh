#!/usr/bin/env bash
# tests/bench/run.sh: `make bench` — checks that charte eval, amp-ref, sqlite3 and DuckDB give identical AMP results, then times them end to end and writes the table into docs/performance.md.
#
#   tests/bench/run.sh [BUILD]          (BUILD: the build folder, default build)
#
# Environment:
#   BENCH=medium|large|demo   data profile of tools/gen-donnees (default medium)
#   BENCH_RUNS=N              timed runs per program, median reported (default 5; 3 for large)
#   BENCH_AU=YYYY-MM-DD       evaluation date (default 2025-12-31, as the demo)
#   BENCH_DOC=0               print the table without writing docs/performance.md
#   CHARTE=skip               leave `charte eval` out (the Makefile sets it when charte does
#                             not build)
#
# Installs what it needs when missing: the Debian packages sqlite3 and time (apt-get; root
# needed), and DuckDB from npm (@duckdb/node-api, pinned) into bench-deps/, which git ignores.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
BUILD=${1:-build}
PROFILE=${BENCH:-medium}
AU=${BENCH_AU:-2025-12-31}
SEED=2026
DUCKDB_VERSION=1.5.6-r.1
case "$PROFILE" in
  demo|medium) RUNS=${BENCH_RUNS:-5} ;;
  large) RUNS=${BENCH_RUNS:-3} ;;
  *) echo "bench: BENCH must be demo, medium or large (not '$PROFILE')" >&2; exit 2 ;;
esac
[ "$RUNS" -ge 1 ] 2>/dev/null || { echo "bench: BENCH_RUNS must be a positive number" >&2; exit 2; }

DATA=$BUILD/bench/$PROFILE
OUT=$BUILD/bench/out-$PROFILE
BENCH_DIR=$ROOT/tests/bench
CHARTER=$ROOT/examples/amp/amp.charte

say() { printf 'bench: %s\n' "$*" >&2; }
die() { say "$*"; exit 2; }

# ---------------------------------------------------------------------------------------
# Tools
# ---------------------------------------------------------------------------------------

apt_updated=0
apt_install() {
  [ "$(id -u)" = 0 ] || die "missing Debian package(s) $*: install them (or run as root)"
  say "apt-get install $*"
  if [ $apt_updated = 0 ]; then apt-get update -qq >/dev/null; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

command -v sqlite3 >/dev/null || apt_install sqlite3
[ -x /usr/bin/time ] || apt_install time
command -v node >/dev/null || apt_install nodejs npm
command -v npm >/dev/null || apt_install npm

if [ ! -f bench-deps/node_modules/@duckdb/node-api/package.json ] ||
   ! grep -q "\"version\": \"$DUCKDB_VERSION\"" bench-deps/node_modules/@duckdb/node-api/package.json; then
  say "npm install @duckdb/node-api@$DUCKDB_VERSION into bench-deps/"
  mkdir -p bench-deps
  [ -f bench-deps/package.json ] || printf '{ "private": true }\n' > bench-deps/package.json
  npm install --prefix bench-deps --no-audit --no-fund --silent "@duckdb/node-api@$DUCKDB_VERSION" >/dev/null
fi

for t in gen-donnees amp-ref; do
  [ -x "$BUILD/$t" ] || die "$BUILD/$t is missing: run 'make tools' (make bench does)"
done

use_charte=1
if [ "${CHARTE:-}" = skip ]; then
  use_charte=0; charte_why="charte eval left out (CHARTE=skip: it does not build yet)"
elif [ ! -x "$BUILD/charte" ]; then
  use_charte=0; charte_why="charte eval left out ($BUILD/charte is missing)"
elif [ ! -x "$BUILD/eval-canon" ] || [ tests/tools/eval-canon.c -nt "$BUILD/eval-canon" ]; then
  if [ -f tests/tools/eval-canon.c ] &&
     gcc -std=c11 -O2 tests/tools/eval-canon.c -o "$BUILD/eval-canon" -ljansson 2>"$BUILD/eval-canon.log"; then
    :
  else
    use_charte=0; charte_why="charte eval left out (cannot build $BUILD/eval-canon: see $BUILD/eval-canon.log)"
  fi
fi

# ---------------------------------------------------------------------------------------
# Data: plain CSV, fixed seed, no invalid rows (the SQL baselines do not reject rows)
# ---------------------------------------------------------------------------------------

stamp="gen-donnees --profil $PROFILE --graine $SEED --format csv --invalides 0 ($(cat tools/gen-donnees/*.h tools/gen-donnees/*.c | cksum))"
if [ ! -f "$DATA/.stamp" ] || [ "$(cat "$DATA/.stamp")" != "$stamp" ]; then
  say "generating the $PROFILE data set into $DATA"
  rm -rf "$DATA" "$DATA.tmp"
  mkdir -p "$DATA.tmp"
  "$BUILD/gen-donnees" --profil "$PROFILE" --graine $SEED --format csv --invalides 0 --sortie "$DATA.tmp" >/dev/null
  printf '%s\n' "$stamp" > "$DATA.tmp/.stamp"
  mv "$DATA.tmp" "$DATA"
fi
# The same data as one XLSX workbook (tools/classeur), for charte's workbook reader.
if [ $use_charte = 1 ] && { [ ! -f "$DATA.xlsx" ] || [ "$DATA/.stamp" -nt "$DATA.xlsx" ]; }; then
  [ -x "$BUILD/classeur" ] || die "$BUILD/classeur is missing: run 'make tools' (make bench does)"
  say "converting the $PROFILE data set to $DATA.xlsx"
  "$BUILD/classeur" "$DATA" "$DATA.xlsx.tmp.xlsx" && mv "$DATA.xlsx.tmp.xlsx" "$DATA.xlsx"
fi
ABS_DATA=$(cd "$DATA" && pwd)
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

# ---------------------------------------------------------------------------------------
# The four programs.  Each writes its result to $2 and is timed as one process (or, for
# sqlite3, one process reading the script on stdin) from start to result written.
# ---------------------------------------------------------------------------------------

PROGRAMS=()
[ $use_charte = 1 ] && PROGRAMS+=(charte charte-xlsx)
PROGRAMS+=(amp-ref sqlite3 duckdb)

label() {
  case $1 in
    charte) echo "charte eval (JSON)" ;;
    charte-xlsx) echo "charte eval, the data as one XLSX workbook (JSON)" ;;
    amp-ref) echo "amp-ref (hand-written C)" ;;
    sqlite3) echo "sqlite3 $(sqlite3 --version | cut -d' ' -f1) (import + SQL, in memory)" ;;
    duckdb) echo "DuckDB $DUCKDB_VERSION via node (import + SQL, in memory)" ;;
  esac
}

# run PROGRAM OUTFILE TIMEFILE: one run under /usr/bin/time (peak RSS, CPU).
run() {
  local tf=(/usr/bin/time -f '%M' -o "$3")
  case $1 in
    charte) "${tf[@]}" "$BUILD/charte" eval "$CHARTER" --donnees "$DATA" --au "$AU" --format json > "$2" ;;
    charte-xlsx) "${tf[@]}" "$BUILD/charte" eval "$CHARTER" --donnees "$DATA.xlsx" --au "$AU" --format json > "$2" ;;
    amp-ref) "${tf[@]}" "$BUILD/amp-ref" --donnees "$DATA" --au "$AU" > "$2" ;;
    sqlite3) (cd "$DATA" && "${tf[@]}" sqlite3 -batch -cmd ".parameter set @au \"'$AU'\"" :memory: \
                < "$BENCH_DIR/amp-sqlite.sql") > "$2" ;;
    duckdb) "${tf[@]}" node "$BENCH_DIR/duckdb.mjs" "$BENCH_DIR/amp-duckdb.sql" "$ABS_DATA" "$AU" > "$2" ;;
  esac
}

# The result in amp-ref's format (charte's JSON goes through eval-canon).
canonical() {
  case $1 in charte*) "$BUILD/eval-canon" < "$2" ;; *) cat "$2" ;; esac
}

# ---------------------------------------------------------------------------------------
# 1. Same results
# ---------------------------------------------------------------------------------------

say "$PROFILE data, evaluation date $AU: checking that the results agree"
[ $use_charte = 1 ] || say "$charte_why"
failed=0
for p in "${PROGRAMS[@]}"; do
  if ! run "$p" "$OUT/$p.raw" "$OUT/$p.time" 2>"$OUT/$p.err"; then
    say "$p failed:"; sed 's/^/  /' "$OUT/$p.err" | head -20 >&2
    case $p in charte*) ;; *) exit 1 ;; esac
    use_charte=0; charte_why="charte eval left out (it failed on the $PROFILE data: see $OUT/charte.err)"
    failed=1; continue
  fi
  canonical "$p" "$OUT/$p.raw" > "$OUT/$p.out"
done
if [ $failed = 1 ]; then PROGRAMS=(amp-ref sqlite3 duckdb); fi
count() { awk -F';' -v t="$1" '$1 == "lignes" && $2 == t { print $3 }' "$OUT/amp-ref.out"; }
contracts=$(count marches) participants=$(count participants) hour_lines=$(count heures)
for p in "${PROGRAMS[@]}"; do
  [ "$p" = amp-ref ] && continue
  if ! diff -q "$OUT/amp-ref.out" "$OUT/$p.out" >/dev/null; then
    say "$p and amp-ref DISAGREE (first differences below; files in $OUT/):"
    diff "$OUT/amp-ref.out" "$OUT/$p.out" | head -20 >&2
    exit 1
  fi
done
say "identical results for ${PROGRAMS[*]} ($contracts contracts, $hour_lines hour lines)"

# ---------------------------------------------------------------------------------------
# 2. Timings: the programs take turns, run after run, so that a slow spell of the machine
#    does not fall on one program only
# ---------------------------------------------------------------------------------------

# CPU time comes from the shell's `times` (user + system of the finished children, to the
# millisecond; /usr/bin/time only gives hundredths), written to a file by the shell itself.
children_cpu() {
  awk 'function s(x,  m) { m = x; sub(/m.*/, "", m); sub(/^[0-9]+m/, "", x); sub(/s$/, "", x); return m * 60 + x }
       NR == 2 { printf "%.3f", s($1) + s($2) }' "$1"
}

declare -A WALL CPU RSS
load=$(cut -d' ' -f1 /proc/loadavg)
for ((r = 1; r <= RUNS; r++)); do
  for p in "${PROGRAMS[@]}"; do
    times > "$OUT/times0"
    t0=$EPOCHREALTIME
    run "$p" "$OUT/$p.raw" "$OUT/$p.time" 2>"$OUT/$p.err" || die "$p failed during the timed runs"
    t1=$EPOCHREALTIME
    times > "$OUT/times1"
    read -r kb < "$OUT/$p.time"
    WALL[$p]+="$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", b - a }') "
    CPU[$p]+="$(awk -v a="$(children_cpu "$OUT/times0")" -v b="$(children_cpu "$OUT/times1")" \
                  'BEGIN { printf "%.3f", b - a }') "
    RSS[$p]+="$kb "
  done
  say "run $r/$RUNS done"
done

median() { tr ' ' '\n' | grep . | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
minimum() { tr ' ' '\n' | grep . | sort -g | head -1; }
maximum() { tr ' ' '\n' | grep . | sort -g | tail -1; }

# The issue's figure is the median wall time and its ratio.  On a shared machine the
# fastest run and the CPU time say how much of it was waiting for a core.
ref=$(median <<< "${WALL[amp-ref]}")
ref_cpu=$(median <<< "${CPU[amp-ref]}")
table="| program | median s | ratio to amp-ref | fastest s | CPU s (user+sys) | CPU ratio | peak RSS MB |
|---|---:|---:|---:|---:|---:|---:|"
for p in "${PROGRAMS[@]}"; do
  w=$(median <<< "${WALL[$p]}")
  f=$(minimum <<< "${WALL[$p]}")
  c=$(median <<< "${CPU[$p]}")
  m=$(maximum <<< "${RSS[$p]}")
  table+=$'\n'"$(awk -v l="$(label "$p")" -v w="$w" -v r="$ref" -v f="$f" -v c="$c" -v rc="$ref_cpu" -v m="$m" \
    'BEGIN { printf "| %s | %.3f | %.2f× | %.3f | %.3f | %.2f× | %.1f |", l, w, w / r, f, c, c / rc, m / 1024 }')"
done
[ $use_charte = 1 ] || table+=$'\n'"| charte eval | — | — | — | — | — | — |"

cpu=$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: *//')
ram=$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
when=$(date -u '+%Y-%m-%d %H:%M UTC')
rev=$(git rev-parse --short HEAD 2>/dev/null || echo '?')
changed=$(git status --porcelain --untracked-files=no 2>/dev/null | awk '$2 != "docs/performance.md" { print $2 }' |
  paste -sd, - | sed 's/,/, /g')
dirty=${changed:+, with uncommitted changes to $changed}
block="Data profile \`$PROFILE\`: $contracts contracts, $participants participants, $hour_lines hour lines \
($(du -sh "$DATA" | cut -f1) of CSV), evaluated at $AU. Median of $RUNS runs, end to end (process start to \
result written); fastest: the quickest run; CPU: median user + system time; peak RSS: the largest of \
the runs. Identical per-contract results checked first.
Machine: $(nproc) cores ($cpu), $ram RAM, load average $load when the timed runs began (other work \
on the machine shows as wall time above CPU time); measured $when at commit $rev$dirty.

$table"
[ $use_charte = 1 ] || block+=$'\n\n'"$charte_why."

printf '\n%s\n\n' "$block"

# ---------------------------------------------------------------------------------------
# 3. docs/performance.md, between <!-- bench:PROFILE --> and <!-- /bench:PROFILE -->
# ---------------------------------------------------------------------------------------

if [ "${BENCH_DOC:-1}" != 0 ] && [ "$PROFILE" != demo ]; then
  doc=docs/performance.md
  [ -f $doc ] || printf '# Performance\n' > $doc
  if ! grep -q "<!-- bench:$PROFILE -->" $doc; then
    printf '\n<!-- bench:%s -->\n<!-- /bench:%s -->\n' "$PROFILE" "$PROFILE" >> $doc
  fi
  printf '%s\n' "$block" > "$OUT/block.md"
  awk -v first="<!-- bench:$PROFILE -->" -v last="<!-- /bench:$PROFILE -->" -v file="$OUT/block.md" '
    $0 == first { print; while ((getline l < file) > 0) print l; skip = 1; next }
    $0 == last { skip = 0 }
    !skip { print }' $doc > "$OUT/performance.md"
  cp "$OUT/performance.md" $doc
  say "table written to $doc"
fi
