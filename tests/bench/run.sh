#!/usr/bin/env bash
# tests/bench/run.sh: `make bench` — checks that charte eval, the hand-written baseline, amp-ref, sqlite3 and DuckDB give identical AMP results, then times them end to end (and charte on every data format, and charte check of a 50 000-line charter) and writes the tables into docs/performance.md.
#
#   tests/bench/run.sh [BUILD]          (BUILD: the build folder, default build)
#
# Environment:
#   BENCH=medium|large|demo   data profile of tools/gen-donnees (default medium)
#   BENCH_RUNS=N              timed runs per program, median reported (default 5; 3 for large)
#   BENCH_AU=YYYY-MM-DD       evaluation date (default 2025-12-31, as the demo)
#   BENCH_DOC=0               print the tables without writing docs/performance.md
#   BENCH_SQL=0               leave sqlite3 and DuckDB out (nothing is installed)
#   BENCH_FORMATS=0|1         time charte on French CSV, Windows-1252, JSON, XLSX and ODS too
#                             (default 1, except for large: its XLSX alone is gigabytes of XML)
#   BENCH_THREADS=N           the thread count of charte's "N threads" row (default: nproc)
#   BENCH_AGREE_ONLY=1        check that the results agree and time nothing
#                             (tests/cli/bench-accord.sh, in make test)
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
SQL=${BENCH_SQL:-1}
AGREE_ONLY=${BENCH_AGREE_ONLY:-0}
THREADS=${BENCH_THREADS:-$(nproc)}
case "$PROFILE" in
  demo|medium) RUNS=${BENCH_RUNS:-5}; FORMATS=${BENCH_FORMATS:-1} ;;
  large) RUNS=${BENCH_RUNS:-3}; FORMATS=${BENCH_FORMATS:-0} ;;
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

[ -x /usr/bin/time ] || apt_install time
if [ "$SQL" != 0 ]; then
  command -v sqlite3 >/dev/null || apt_install sqlite3
  command -v node >/dev/null || apt_install nodejs npm
  command -v npm >/dev/null || apt_install npm
  if [ ! -f bench-deps/node_modules/@duckdb/node-api/package.json ] ||
     ! grep -q "\"version\": \"$DUCKDB_VERSION\"" bench-deps/node_modules/@duckdb/node-api/package.json; then
    say "npm install @duckdb/node-api@$DUCKDB_VERSION into bench-deps/"
    mkdir -p bench-deps
    [ -f bench-deps/package.json ] || printf '{ "private": true }\n' > bench-deps/package.json
    npm install --prefix bench-deps --no-audit --no-fund --silent "@duckdb/node-api@$DUCKDB_VERSION" >/dev/null
  fi
fi

for t in gen-donnees amp-ref; do
  [ -x "$BUILD/$t" ] || die "$BUILD/$t is missing: run 'make tools' (make bench does)"
done
# The bar: the project's own hand-written peer (tests/bench/baseline.c, see tests/bench/README.md).
if [ ! -x "$BUILD/baseline" ] || [ tests/bench/baseline.c -nt "$BUILD/baseline" ]; then
  gcc -O2 -o "$BUILD/baseline" tests/bench/baseline.c || die "cannot build $BUILD/baseline"
fi

# The workbooks' floor: their parts inflated and checked, nothing read (tests/bench/inflate-floor.c).
if [ ! -x "$BUILD/inflate-floor" ] || [ tests/bench/inflate-floor.c -nt "$BUILD/inflate-floor" ]; then
  gcc -std=c11 -D_GNU_SOURCE -O2 -o "$BUILD/inflate-floor" tests/bench/inflate-floor.c -lisal ||
    die "cannot build $BUILD/inflate-floor"
fi

if [ ! -x "$BUILD/eval-canon" ] || [ tests/tools/eval-canon.c -nt "$BUILD/eval-canon" ]; then
  gcc -std=c11 -O2 tests/tools/eval-canon.c -o "$BUILD/eval-canon" -ljansson 2>"$BUILD/eval-canon.log" ||
    die "cannot build $BUILD/eval-canon (it reads charte's and the baseline's JSON): see $BUILD/eval-canon.log"
fi
use_charte=1
if [ "${CHARTE:-}" = skip ]; then
  use_charte=0; charte_why="charte eval left out (CHARTE=skip: it does not build yet)"
elif [ ! -x "$BUILD/charte" ]; then
  use_charte=0; charte_why="charte eval left out ($BUILD/charte is missing)"
fi
# --threads is recent: time 1 and N threads when this charte has it, else its one way.
threads_option=0
if [ $use_charte = 1 ] && "$BUILD/charte" eval "$CHARTER" --donnees examples/amp/donnees --au "$AU" --threads 1 \
     --format json -o /dev/null >/dev/null 2>&1; then
  threads_option=1
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
# The same data (same seed) in the other formats of docs/donnees.md, for charte's readers.
if [ $use_charte = 1 ] && [ "$FORMATS" = 1 ]; then
  for fmt in csv-fr csv-1252 json; do
    if [ ! -f "$DATA-$fmt/.stamp" ] || [ "$(cat "$DATA-$fmt/.stamp")" != "$stamp $fmt" ]; then
      say "generating the $PROFILE data set as $fmt into $DATA-$fmt"
      rm -rf "$DATA-$fmt" "$DATA-$fmt.tmp"
      mkdir -p "$DATA-$fmt.tmp"
      "$BUILD/gen-donnees" --profil "$PROFILE" --graine $SEED --format "$fmt" --invalides 0 --sortie "$DATA-$fmt.tmp" >/dev/null
      printf '%s\n' "$stamp $fmt" > "$DATA-$fmt.tmp/.stamp"
      mv "$DATA-$fmt.tmp" "$DATA-$fmt"
    fi
  done
fi
# The baseline predates the rule that hours before their contract's notification month do
# not count (issue 10, section 5) and is kept as it was written: its results are checked
# on a copy of the data without those lines, where the rule changes nothing. It is timed
# on the full data, with the others (it then does a little less work than they do).
NOTIFIED=$DATA-notified
if [ ! -f "$NOTIFIED/.stamp" ] || [ "$(cat "$NOTIFIED/.stamp")" != "$stamp" ]; then
  rm -rf "$NOTIFIED"; mkdir -p "$NOTIFIED"
  cp "$DATA/marches.csv" "$DATA/participants.csv" "$NOTIFIED/"
  perl "$BENCH_DIR/notified.pl" "$DATA/marches.csv" "$DATA/heures.csv" > "$NOTIFIED/heures.csv"
  printf '%s\n' "$stamp" > "$NOTIFIED/.stamp"
fi
# The same data as one XLSX and one ODS workbook (tools/classeur), for charte's workbook readers.
for book in xlsx ods; do
  if [ $use_charte = 1 ] && [ "$FORMATS" = 1 ] && { [ ! -f "$DATA.$book" ] || [ "$DATA/.stamp" -nt "$DATA.$book" ]; }; then
    [ -x "$BUILD/classeur" ] || die "$BUILD/classeur is missing: run 'make tools' (make bench does)"
    say "converting the $PROFILE data set to $DATA.$book"
    "$BUILD/classeur" "$DATA" "$DATA.$book.tmp.$book" && mv "$DATA.$book.tmp.$book" "$DATA.$book"
  fi
done
ABS_DATA=$(cd "$DATA" && pwd)
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

# ---------------------------------------------------------------------------------------
# The programs.  Each writes its result to $2 and is timed as one process (or, for
# sqlite3, one process reading the script on stdin) from start to result written.
# ---------------------------------------------------------------------------------------

# A charter of about 50 000 lines for `charte check` (2 families a line each, and their
# targets: tests/bench/scale-gen.sh).
CHECK_DIR=$BUILD/bench/check-50000
if [ $use_charte = 1 ] && [ "$AGREE_ONLY" != 1 ] && [ ! -f "$CHECK_DIR/main.charte" ]; then
  tests/bench/scale-gen.sh families 24990 "$CHECK_DIR"
fi

PROGRAMS=()          # the main table, ratios to the baseline
FORMAT_PROGRAMS=()   # charte on each data format, ratios to plain CSV
FLOOR_PROGRAMS=()    # the workbooks inflated alone, in the same table (no results to compare)
if [ $use_charte = 1 ]; then
  PROGRAMS+=(charte)
  [ $threads_option = 1 ] && PROGRAMS+=(charte-1)
  [ $threads_option = 1 ] && [ "$THREADS" -gt 1 ] && PROGRAMS+=(charte-n)
  [ "$FORMATS" = 1 ] && FORMAT_PROGRAMS+=(charte-csv-fr charte-csv-1252 charte-json charte-xlsx charte-ods)
  [ "$FORMATS" = 1 ] && FLOOR_PROGRAMS+=(floor-xlsx floor-ods)
fi
PROGRAMS+=(baseline amp-ref)
[ "$SQL" != 0 ] && PROGRAMS+=(sqlite3 duckdb)
TIMED=("${PROGRAMS[@]}" "${FORMAT_PROGRAMS[@]}" "${FLOOR_PROGRAMS[@]}")
[ $use_charte = 1 ] && [ "$AGREE_ONLY" != 1 ] && TIMED+=(check)

label() {
  case $1 in
    charte) if [ $threads_option = 1 ]; then echo "charte eval, default threads (JSON)"; else echo "charte eval (JSON)"; fi ;;
    charte-1) echo "charte eval --threads 1 (JSON)" ;;
    charte-n) echo "charte eval --threads $THREADS (JSON)" ;;
    charte-csv-fr) echo "French CSV (\`;\`, decimal comma, BOM)" ;;
    charte-csv-1252) echo "French CSV in Windows-1252" ;;
    charte-json) echo "JSON tables" ;;
    charte-xlsx) echo "one XLSX workbook" ;;
    charte-ods) echo "one ODS workbook" ;;
    floor-xlsx) echo "the XLSX workbook's parts inflated, nothing read (the floor)" ;;
    floor-ods) echo "the ODS workbook's parts inflated, nothing read (the floor)" ;;
    baseline) echo "baseline (hand-written C, tests/bench/baseline.c)" ;;
    amp-ref) echo "amp-ref (hand-written C, the test oracle)" ;;
    sqlite3) echo "sqlite3 $(sqlite3 --version | cut -d' ' -f1) (import + SQL, in memory)" ;;
    duckdb) echo "DuckDB $DUCKDB_VERSION via node (import + SQL, in memory)" ;;
  esac
}

# run PROGRAM OUTFILE TIMEFILE: one run under /usr/bin/time (peak RSS, CPU).
run() {
  local tf=(/usr/bin/time -f '%M' -o "$3")
  local ev=("$BUILD/charte" eval "$CHARTER" --au "$AU" --format json)
  case $1 in
    charte) "${tf[@]}" "${ev[@]}" --donnees "$DATA" > "$2" ;;
    charte-1) "${tf[@]}" "${ev[@]}" --donnees "$DATA" --threads 1 > "$2" ;;
    charte-n) "${tf[@]}" "${ev[@]}" --donnees "$DATA" --threads "$THREADS" > "$2" ;;
    charte-csv-fr|charte-csv-1252|charte-json) "${tf[@]}" "${ev[@]}" --donnees "$DATA-${1#charte-}" > "$2" ;;
    charte-xlsx) "${tf[@]}" "${ev[@]}" --donnees "$DATA.xlsx" > "$2" ;;
    charte-ods) "${tf[@]}" "${ev[@]}" --donnees "$DATA.ods" > "$2" ;;
    floor-xlsx|floor-ods) "${tf[@]}" "$BUILD/inflate-floor" "$DATA.${1#floor-}" > "$2" ;;
    baseline) "${tf[@]}" "$BUILD/baseline" "$DATA" "$AU" > "$2" ;;
    amp-ref) "${tf[@]}" "$BUILD/amp-ref" --donnees "$DATA" --au "$AU" > "$2" ;;
    sqlite3) (cd "$DATA" && "${tf[@]}" sqlite3 -batch -cmd ".parameter set @au \"'$AU'\"" :memory: \
                < "$BENCH_DIR/amp-sqlite.sql") > "$2" ;;
    duckdb) "${tf[@]}" node "$BENCH_DIR/duckdb.mjs" "$BENCH_DIR/amp-duckdb.sql" "$ABS_DATA" "$AU" > "$2" ;;
    check) "${tf[@]}" "$BUILD/charte" check "$CHECK_DIR/main.charte" > "$2" ;;
  esac
}

# The result in amp-ref's format (charte's and the baseline's JSON go through eval-canon).
canonical() {
  case $1 in charte*|baseline) "$BUILD/eval-canon" < "$2" ;; *) cat "$2" ;; esac
}

# What the baseline and the SQL scripts print: the contract lines and the rows of the
# three tables (not the hires). With ROUND=1, heures_base rounded half up to 2 decimals
# where it is not a finite decimal (the baseline rounds it for display; the others print
# it exactly when they can).
contract_part() {
  awk -F';' -v OFS=';' -v round="$2" '
    function round2(v,   p, f, n) {
      if (split(v, p, ",") < 2 || length(p[2]) <= 2) return v
      f = substr(p[2] "00", 1, 2) + 0
      n = p[1] * 100 + f + (substr(p[2], 3, 1) >= 5)
      f = n % 100
      if (f == 0) return sprintf("%d", (n - f) / 100)
      if (f % 10 == 0) return sprintf("%d,%d", (n - f) / 100, f / 10)
      return sprintf("%d,%02d", (n - f) / 100, f)
    }
    $1 == "lignes" { contracts = 0; if ($2 == "table" || $2 == "marches" || $2 == "participants" || $2 == "heures") print; next }
    $1 == "marche" && NR == 1 { contracts = 1; print; next }
    contracts { if (round) $8 = round2($8); print }' "$1"
}

# ---------------------------------------------------------------------------------------
# 1. Same results
# ---------------------------------------------------------------------------------------

say "$PROFILE data, evaluation date $AU: checking that the results agree"
[ $use_charte = 1 ] || say "$charte_why"
failed=0
for p in "${PROGRAMS[@]}" "${FORMAT_PROGRAMS[@]}"; do
  if ! run "$p" "$OUT/$p.raw" "$OUT/$p.time" 2>"$OUT/$p.err"; then
    say "$p failed:"; sed 's/^/  /' "$OUT/$p.err" | head -20 >&2
    case $p in charte*) ;; *) exit 1 ;; esac
    use_charte=0; charte_why="charte eval left out (it failed on the $PROFILE data: see $OUT/$p.err)"
    failed=1; continue
  fi
  canonical "$p" "$OUT/$p.raw" > "$OUT/$p.out"
done
if [ $failed = 1 ]; then
  PROGRAMS=(baseline amp-ref); [ "$SQL" != 0 ] && PROGRAMS+=(sqlite3 duckdb)
  FORMAT_PROGRAMS=(); FLOOR_PROGRAMS=(); TIMED=("${PROGRAMS[@]}")
fi
count() { awk -F';' -v t="$1" '$1 == "lignes" && $2 == t { print $3 }' "$OUT/amp-ref.out"; }
contracts=$(count marches) participants=$(count participants) hour_lines=$(count heures)
disagree() {
  say "$1 and $2 DISAGREE (first differences below; files in $OUT/):"
  diff "$3" "$4" | head -20 >&2
  exit 1
}
contract_part "$OUT/amp-ref.out" 0 > "$OUT/amp-ref.part"
for p in "${PROGRAMS[@]}" "${FORMAT_PROGRAMS[@]}"; do
  case $p in
    amp-ref|baseline) ;;
    charte*) cmp -s "$OUT/amp-ref.out" "$OUT/$p.out" || disagree "$p" amp-ref "$OUT/amp-ref.out" "$OUT/$p.out" ;;
    *) contract_part "$OUT/$p.out" 0 > "$OUT/$p.part"    # the SQL scripts do not count hires
       cmp -s "$OUT/amp-ref.part" "$OUT/$p.part" || disagree "$p" amp-ref "$OUT/amp-ref.part" "$OUT/$p.part" ;;
  esac
done
# The baseline, on the data where it computes what the others compute (above).
"$BUILD/amp-ref" --donnees "$NOTIFIED" --au "$AU" > "$OUT/amp-ref-notified.out"
"$BUILD/baseline" "$NOTIFIED" "$AU" | "$BUILD/eval-canon" > "$OUT/baseline-notified.out"
contract_part "$OUT/amp-ref-notified.out" 1 > "$OUT/amp-ref-notified.part"
contract_part "$OUT/baseline-notified.out" 1 > "$OUT/baseline-notified.part"
[ "$(grep -c '^M' "$OUT/amp-ref-notified.part")" = "$contracts" ] || die "the baseline's check lost contracts"
cmp -s "$OUT/amp-ref-notified.part" "$OUT/baseline-notified.part" ||
  disagree baseline amp-ref "$OUT/amp-ref-notified.part" "$OUT/baseline-notified.part"
notified_lines=$(awk -F';' '$1 == "lignes" && $2 == "heures" { print $3 }' "$OUT/amp-ref-notified.part")
say "identical results for ${PROGRAMS[*]} ${FORMAT_PROGRAMS[*]} ($contracts contracts, $hour_lines hour lines;" \
    "the baseline on the $notified_lines lines not before their contract's notification)"
if [ "$AGREE_ONLY" = 1 ]; then exit 0; fi

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
  for p in "${TIMED[@]}"; do
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
# table REFERENCE "header of the ratio" PROGRAM…
table() {
  local ref ref_cpu p w f c m
  ref=$(median <<< "${WALL[$1]}")
  ref_cpu=$(median <<< "${CPU[$1]}")
  printf '| program | median s | %s | fastest s | CPU s (user+sys) | CPU ratio | peak RSS MB |\n|---|---:|---:|---:|---:|---:|---:|' "$2"
  shift 2
  for p in "$@"; do
    w=$(median <<< "${WALL[$p]}")
    f=$(minimum <<< "${WALL[$p]}")
    c=$(median <<< "${CPU[$p]}")
    m=$(maximum <<< "${RSS[$p]}")
    printf '\n%s' "$(awk -v l="$(label "$p")" -v w="$w" -v r="$ref" -v f="$f" -v c="$c" -v rc="$ref_cpu" -v m="$m" \
      'BEGIN { printf "| %s | %.3f | %.2f× | %.3f | %.3f | %.2f× | %.1f |", l, w, w / r, f, c, (rc > 0 ? c / rc : 0), m / 1024 }')"
  done
}
main_table=$(table baseline "ratio to the baseline" "${PROGRAMS[@]}")
[ $use_charte = 1 ] || main_table+=$'\n'"| charte eval | — | — | — | — | — | — |"
if [ ${#FORMAT_PROGRAMS[@]} -gt 0 ]; then
  format_table=$(table charte "ratio to plain CSV" charte "${FORMAT_PROGRAMS[@]}" "${FLOOR_PROGRAMS[@]}")
  format_table=${format_table/"| $(label charte) |"/"| plain CSV (\`,\`, the row above) |"}
fi
if [ $use_charte = 1 ]; then
  check_table="| command | lines | median s | fastest s | CPU s (user+sys) | peak RSS MB |
|---|---:|---:|---:|---:|---:|
$(awk -v n="$(wc -l < "$CHECK_DIR/main.charte")" -v w="$(median <<< "${WALL[check]}")" -v f="$(minimum <<< "${WALL[check]}")" \
      -v c="$(median <<< "${CPU[check]}")" -v m="$(maximum <<< "${RSS[check]}")" \
      'BEGIN { printf "| charte check | %d | %.3f | %.3f | %.3f | %.1f |", n, w, f, c, m / 1024 }')"
fi

cpu=$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: *//')
ram=$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
when=$(date -u '+%Y-%m-%d %H:%M UTC')
rev=$(git rev-parse --short HEAD 2>/dev/null || echo '?')
changed=$(git status --porcelain --untracked-files=no 2>/dev/null | awk '$2 != "docs/performance.md" { print $2 }' |
  paste -sd, - | sed 's/,/, /g')
dirty=${changed:+, with uncommitted changes to $changed}
block="Data profile \`$PROFILE\`: $contracts contracts, $participants participants, $hour_lines hour lines \
($(du -sh "$DATA" | cut -f1) of CSV), evaluated at $AU. Median of $RUNS runs, end to end (process start to \
result written), the programs taking turns; fastest: the quickest run; CPU: median user + system time; \
peak RSS: the largest of the runs. Identical per-contract results checked first (the baseline's on the \
$notified_lines hour lines not before their contract's notification, see \"Method\").
Machine: $(nproc) cores ($cpu), $ram RAM, load average $load when the timed runs began (other work \
on the machine shows as wall time above CPU time); measured $when at commit $rev$dirty.

$main_table"
[ $use_charte = 1 ] || block+=$'\n\n'"$charte_why."
[ $use_charte = 1 ] && [ $threads_option = 0 ] && block+=$'\n\n'"This charte has no \`--threads\` option yet: its one row is single-threaded."
if [ -n "${format_table:-}" ]; then
  block+=$'\n\n'"The same data in the other formats of docs/donnees.md (same seed; identical per-contract results checked first), charte eval with its default threads:"$'\n\n'"$format_table"
fi
if [ -n "${check_table:-}" ]; then
  block+=$'\n\n'"\`charte check\` of a generated charter (\`tests/bench/scale-gen.sh families 24990\`):"$'\n\n'"$check_table"
fi

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
