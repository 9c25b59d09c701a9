#!/usr/bin/env bash
# tests/run.sh: runs every suite against the normal and the sanitizer builds, in lanes side by side; last line "N passed, N failed".
#   tests/run.sh [BUILD]    LANES=N tasks at once (default: the cores); UPDATE=1 rewrites the goldens, in one lane
set -u
BUILD=${1:-build}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# Which build a task runs and the normal one beside it, as the cli scripts tell them apart.
source tests/cli/lib/builds.sh
export LC_ALL=C.UTF-8 CHARTE_LANG=fr
# The Debian programs make deps-test installs, found before whatever a profile puts first: a
# pyenv shim runs python3 through a dozen bash processes (about 0.5 s of processor a call,
# 0.03 s for /usr/bin/python3), and each name looked up in folders that do not hold it is a
# failed exec; both made up a quarter of a script's processor time (journal, sixteenth run).
export PATH="/usr/bin:$PATH"
# malloc_context_size=0: AddressSanitizer records no stack for each allocation, which was a
# sixth of the sanitizer pass's processor time (the build without the collector allocates
# every node on its own). What it detects is the same, and its report still shows where the
# bad access was; for where the block was allocated or freed, run the failing command again
# without this option (journal, seventeenth run).
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=0:detect_stack_use_after_return=0:malloc_context_size=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
passed=0 failed=0
failures=()

ok()   { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); failures+=("$1"); printf 'ÉCHEC %s\n' "$1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | head -40; }

run_unit() {
  for t in "$BUILD"/unit/test_*; do
    [ -x "$t" ] || continue
    out=$("$t" 2>&1); rc=$?
    n_pass=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p')
    n_fail=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | head -1)
    passed=$((passed + ${n_pass:-0}))
    if [ "$rc" -ne 0 ] || [ -n "$n_fail" ]; then
      fail "unit $(basename "$t") (${n_fail:-?} en échec)" "$out"
      [ -n "$n_fail" ] && failed=$((failed + n_fail - 1))
    fi
  done
}

# check_case BIN FILE: golden test of `charte check`.
check_case() {
  local bin=$1 f=$2 base=${2%.charte} args=() expected actual rc
  [ -f "$base.attendu" ] || { fail "check ${f#tests/check/}: $base.attendu manquant"; return; }
  [ -f "$base.args" ] && read -r -a args < "$base.args"
  actual=$(cd tests/check && "$bin" check "${args[@]}" "${f#tests/check/}" 2>&1; echo "exit $?")
  actual="exit ${actual##*exit }"$'\n'"${actual%exit *}"
  actual=${actual%$'\n'}
  if [ -n "${UPDATE:-}" ]; then printf '%s\n' "$actual" > "$base.attendu"; ok; return; fi
  expected=$(<"$base.attendu")   # (no fork in bash 5.2, where a cat a case was one: journal, `suite23`)
  if [ "$actual" == "$expected" ]; then ok; else
    fail "check ${f#tests/check/}" "$(diff <(printf '%s\n' "$expected") <(printf '%s\n' "$actual"))"
  fi
}

run_check() {
  local bin=$1
  if [ -z "${UPDATE:-}" ] && charte_in_san_pass "$bin"; then check_san "$bin"; return; fi
  while IFS= read -r f; do check_case "$bin" "$f"; done < <(check_files)
}
check_files() { find tests/check -name '*.charte' -not -path '*/lib/*' | sort; }

# check_san BIN: the check goldens under the sanitizer build. One `charte check` checks many cases
# (of the same extra arguments, NAME.args) and says what the normal build beside it says of the same
# files, byte for byte, with its exit status: each case's diagnostics under ASan and UBSan as the normal
# pass's golden holds them, at a few starts of the sanitizer build rather than 229 (some 45 ms each, a
# page fault for every page of its shadow memory and globals). A run shows at most 50 diagnostics
# (DIAG_MAX_PRINTED, lang/diag.h): the cases are taken in batches whose goldens hold at most 40, so
# that every diagnostic is printed, its excerpt and notes with it. The normal and clang passes compare
# each case with its golden; a fault here is named in ASan's report, and `charte check FILE` with this
# build finds its case (journal, twentieth run).
check_san() {
  local bin=$1 oracle f args n
  oracle=$(charte_normal "$bin") || { fail "check (ASan) : pas de build normal à côté de $bin"; return; }
  declare -A batch=() count=() diags=()
  # Each golden's diagnostics, counted by one grep.
  while IFS= read -r f; do diags[${f%:*}]=${f##*:}; done < <(
    check_files | sed 's/\.charte$/.attendu/' | xargs grep -cE '^[^ ].*(error|warning)(\[C[0-9]+\])?: ')
  while IFS= read -r f; do
    args=-; [ -f "${f%.charte}.args" ] && args=$(<"${f%.charte}.args")
    n=${diags[${f%.charte}.attendu]:-0}
    [ $(( ${count[$args]:-0} + n )) -le 40 ] || { check_batch "$bin" "$oracle" "$args" "${batch[$args]}"; batch[$args]= count[$args]=0; }
    batch[$args]+="${f#tests/check/}"$'\n' count[$args]=$(( ${count[$args]:-0} + n ))
  done < <(check_files)
  for args in "${!batch[@]}"; do [ -z "${batch[$args]}" ] || check_batch "$bin" "$oracle" "$args" "${batch[$args]}"; done
}

# check_batch BIN ORACLE ARGS FILES: one run of each build on FILES (one a line, from tests/check/).
check_batch() {
  local args=() files got want
  [ "$3" = - ] || read -r -a args <<<"$3"
  mapfile -t files <<<"${4%$'\n'}"
  got=$(cd tests/check && "$1" check "${args[@]}" "${files[@]}" 2>&1; echo "exit $?")
  want=$(cd tests/check && "$2" check "${args[@]}" "${files[@]}" 2>&1; echo "exit $?")
  if [ "$got" == "$want" ]; then ok; else
    fail "check ${args[*]} ${files[0]} … ${files[-1]} (${#files[@]} cas) : autre sortie que $2" \
      "$(diff <(printf '%s\n' "$want") <(printf '%s\n' "$got"))"
  fi
}

# eval_case BIN DIR: golden test of `charte eval` on one case folder of tests/eval/ (see
# tests/README.md): the report in each format must equal DIR/attendu.{txt,json,csv} byte for
# byte, stderr must equal DIR/attendu.err (empty when absent), and the exit status must be 0.
# The normal build writes each format on standard output, a run each; the sanitizer build
# (where a run starts in some 30 ms) writes the three with one evaluation (-o, one file per
# format, as a user asks for several reports), so the same writers run under ASan at a third of
# the runs.
eval_case() {
  local bin=$1 dir=$2 name=${2#tests/eval/} charter fmt ext args=() rc out err
  charter=charte.charte; [ -e "$dir/$charter" ] || charter=../charte.charte
  [ -e "$dir/$charter" ] || { fail "eval $name: ni charte.charte ni ../charte.charte"; return; }
  [ -f "$dir/args" ] && read -r -a args < "$dir/args"
  out=$(mktemp -d) err=$(mktemp)
  if [ -z "${UPDATE:-}" ] && charte_in_san_pass "$bin"; then
    (cd "$dir" && "$bin" eval "$charter" --donnees . --au "$(<au)" "${args[@]}" \
       -o "$out/r.txt" -o "$out/r.json" -o "$out/r.csv") 2>"$err"
    rc=$?
    for fmt in text json csv; do eval_compare "$name" "$dir" $fmt $rc "$out" "$err"; done
  else
    for fmt in text json csv; do
      ext=$fmt; [ "$fmt" = text ] && ext=txt
      (cd "$dir" && "$bin" eval "$charter" --donnees . --au "$(<au)" --format "$fmt" "${args[@]}") >"$out/r.$ext" 2>"$err"
      rc=$?
      if [ -n "${UPDATE:-}" ]; then
        cp "$out/r.$ext" "$dir/attendu.$ext"
        if [ -s "$err" ]; then cp "$err" "$dir/attendu.err"; else rm -f "$dir/attendu.err"; fi
        ok; continue
      fi
      eval_compare "$name" "$dir" $fmt $rc "$out" "$err"
    done
  fi
  rm -rf "$out" "$err"
}

# eval_compare NAME DIR FORMAT RC OUT ERR: one format of eval_case: OUT/r.EXT against DIR/attendu.EXT.
eval_compare() {
  local name=$1 dir=$2 fmt=$3 rc=$4 got ext=$3
  [ "$fmt" = text ] && ext=txt
  got=$5/r.$ext
  if [ "$rc" -ne 0 ]; then fail "eval $name ($fmt): exit $rc" "$(cat "$6")"; return; fi
  if ! cmp -s "$got" "$dir/attendu.$ext"; then
    fail "eval $name ($fmt)" "$(diff "$dir/attendu.$ext" "$got")"
  elif [ -f "$dir/attendu.err" ] && ! cmp -s "$6" "$dir/attendu.err"; then
    fail "eval $name ($fmt): stderr" "$(diff "$dir/attendu.err" "$6")"
  elif [ ! -f "$dir/attendu.err" ] && [ -s "$6" ]; then
    fail "eval $name ($fmt): stderr inattendu" "$(cat "$6")"
  else ok; fi
}

run_eval() {
  local bin=$1 d
  while IFS= read -r d; do eval_case "$bin" "${d%/au}"; done < <(find tests/eval -name au -type f | sort)
}

# cli_case BIN SCRIPT: one script of tests/cli; exit 0 passes.
cli_case() {
  local out rc
  out=$(CHARTE="$1" ROOT="$ROOT" bash "$2" 2>&1); rc=$?
  if [ $rc -eq 0 ]; then ok; else fail "cli $(basename "$2")" "$out"; fi
}

run_cli() {
  local bin=$1 s
  for s in tests/cli/*.sh; do
    [ -f "$s" ] && cli_case "$bin" "$s"
  done
}

run_examples() {
  local bin=$1 f out rc
  for f in stdlib/*.charte $(find examples -name '*.charte' | sort); do
    out=$("$bin" check --strict "$f" 2>&1); rc=$?
    if [ $rc -eq 0 ]; then ok; else fail "check --strict $f" "$out"; fi
    if grep -q '^exemple\|^example' "$f"; then
      out=$("$bin" test "$f" 2>&1); rc=$?
      if [ $rc -eq 0 ]; then ok; else fail "test $f" "$out"; fi
    fi
  done
}

# Blocks marked charte are whole files; blocks marked charte-article are the
# body of an article, checked inside tests/docs-prelude.charte. Both languages;
# the failing examples of the error pages are unmarked blocks, never checked here.
run_docs() {
  local bin=$1 doc tmp out rc stem targets=()
  tmp=$(mktemp -d)
  for doc in README*.md docs/*.md docs/en/*.md docs/erreurs/*.md docs/en/erreurs/*.md examples/*/*.md; do
    [ -f "$doc" ] || continue
    # A literate charter's blocks are one charter together, not a file each: checked whole.
    case $doc in *.charte.md)
      out=$("$bin" check "$doc" 2>&1); rc=$?
      if [ $rc -eq 0 ]; then ok; else fail "docs $doc" "$out"; fi
      continue ;;
    esac
    stem=${doc%.md}; stem=${stem//\//_}
    awk -v dir="$tmp" -v stem="$stem" '
      /^```charte(-article)?[[:space:]]*$/ {
        n++; kind = ($0 ~ /article/) ? "article" : "file"
        f = sprintf("%s/%s-%02d.%s", dir, stem, n, kind); inb = 1; next }
      /^```/ && inb { inb = 0; close(f); next }
      inb { print > f }' "$doc"
  done
  for f in "$tmp"/*.file "$tmp"/*.article; do
    [ -f "$f" ] || continue
    local target="${f%.*}.charte"
    if [ "${f##*.}" = article ]; then
      { cat tests/docs-prelude.charte; printf '\narticle 99 « Exemple de la documentation »\n'; cat "$f"; } > "$target"
    else
      cp "$f" "$target"
    fi
    if charte_in_san_pass "$bin"; then targets+=("$target"); continue; fi
    out=$("$bin" check "$target" 2>&1); rc=$?
    if [ $rc -eq 0 ]; then ok; else fail "docs $(basename "$target")" "$out"; fi
  done
  # The sanitizer build checks them ten at a time (as check_san does the goldens), and says what the
  # normal build says of them, with its exit status 0; the normal pass checks each on its own. Ten
  # blocks hold fewer warnings than a run prints (50, DIAG_MAX_PRINTED): each is printed whole.
  local i batch oracle
  [ ${#targets[@]} -eq 0 ] || oracle=$(charte_normal "$bin") || { fail "docs (ASan) : pas de build normal à côté de $bin"; targets=(); }
  for ((i = 0; i < ${#targets[@]}; i += 10)); do
    batch=("${targets[@]:i:10}")
    out=$("$bin" check "${batch[@]}" 2>&1; echo "exit $?")
    if [ "$out" == "$("$oracle" check "${batch[@]}" 2>&1; echo "exit $?")" ] \
       && [ "${out##*$'\n'}" = "exit 0" ] && [[ $out != *"diagnostics non affichés"* ]]; then ok
    else fail "docs $(basename "${batch[0]}") … $(basename "${batch[-1]}") (${#batch[@]} blocs)" "$out"; fi
  done
  rm -rf "$tmp"
}

run_fuzz_replay() {
  local bin=$1
  [ -x tests/fuzz/replay.sh ] || return 0
  out=$(CHARTE="$bin" bash tests/fuzz/replay.sh 2>&1); rc=$?
  if [ $rc -eq 0 ]; then ok; else fail "fuzz replay" "$out"; fi
}

# The HTML report in a real browser (tests/browser/): once, with the normal build; never skipped
# (a missing browser or npm package is a failure: make browser-deps installs them).
run_browser() {
  local out rc
  printf '== navigateur (tests/browser)\n'
  out=$(CHARTE="$1" tests/browser/run.sh "$BUILD" 2>&1); rc=$?
  if [ $rc -eq 0 ]; then ok; else fail "navigateur (tests/browser/run.sh)" "$out"; fi
}

# --- lanes -----------------------------------------------------------------------------
# The suites are cut into tasks (one per cli script and build, one per golden family and
# build, the unit tests, the browser, clang's goldens); LANES tasks run at once, each in
# a subshell of its own whose output, counts and failures go to files. The output is then
# printed whole, task by task, in the order below (the order of a run in one lane),
# whatever the order they ended in; the counts are added up from every task.

tasks=() keys=()
# task KEY FUNCTION ARGS...: KEY names the task in FIRST and in BUILD/tests-times.txt.
task() { keys+=("$1"); shift; tasks+=("$(printf '%q ' "$@")"); }

# headed LABEL BIN FUNCTION ARGS...: the heading of a suite, then its first task.
headed() { printf '== %s (%s)\n' "$1" "$2"; "${@:3}"; }

# suite_tasks TAG LABEL BIN: every suite with one binary.
suite_tasks() {
  local tag=$1 label=$2 bin=$3 s
  task "$tag check" headed "$label" "$bin" run_check "$bin"
  task "$tag eval" run_eval "$bin"
  for s in tests/cli/*.sh; do
    [ -f "$s" ] || continue
    # A script whose header says it runs no charte gives the same answer with any
    # binary: the normal pass runs it, the sanitizer pass does not repeat it.
    [ "$tag" != normal ] && sed -n 3p "$s" | grep -q '^# runs no charte' && continue
    task "$tag cli/$(basename "$s" .sh)" cli_case "$bin" "$s"
  done
  task "$tag examples" run_examples "$bin"
  task "$tag docs" run_docs "$bin"
  task "$tag fuzz" run_fuzz_replay "$bin"
}

# run_task I: task I in a subshell; I.out its output, I.done (written last, by a rename)
# its counts, seconds and failures.
run_task() {
  local i=$1 start=$EPOCHREALTIME
  (
    passed=0 failed=0 failures=()
    eval "${tasks[i]}" >"$lanes/$i.out" 2>&1
    times >"$lanes/$i.times"
    {
      printf '%d %d %s %s\n' "$passed" "$failed" "$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')" "$(cpu_seconds "$lanes/$i.times")"
      [ ${#failures[@]} -eq 0 ] || printf '%s\n' "${failures[@]}"
    } >"$lanes/$i.count"
    mv "$lanes/$i.count" "$lanes/$i.done"
  )
}

# cpu_seconds FILE: the processor time (user + system) of what a task ran, from the output
# of `times`: the load of the machine does not inflate it as it does the wall time.
cpu_seconds() {
  awk 'NR == 2 { t = 0; for (i = 1; i <= 2; i++) { split($i, a, /[ms]/); t += a[1] * 60 + a[2] }; printf "%.1f", t }' "$1"
}

# print_ready: the output of the finished tasks that come next in the printed order.
printed=0
print_ready() {
  local p f secs cpu line
  while [ "$printed" -lt "${#tasks[@]}" ] && [ -e "$lanes/$printed.done" ]; do
    cat "$lanes/$printed.out"
    { read -r p f secs cpu
      while IFS= read -r line; do failures+=("$line"); done
    } <"$lanes/$printed.done"
    passed=$((passed + p)) failed=$((failed + f))
    durations+=("$secs $cpu ${keys[printed]}")
    printed=$((printed + 1))
  done
}

# A task ended by Ctrl-C or a stopped CI would leave its processes running: the
# background subshells ignore SIGINT. They are ended with everything they started.
kill_tree() {
  local c
  for c in $(ps -o pid= --ppid "$1" 2>/dev/null); do kill_tree "$c"; done
  kill -TERM "$1" 2>/dev/null
}
stop_lanes() { local p; for p in $(jobs -p); do kill_tree "$p"; done; }

# Sourced (tests/mutants/run.sh): the functions only.
[ "${BASH_SOURCE[0]}" = "$0" ] || return 0

task unit run_unit
suite_tasks normal normal "$ROOT/$BUILD/charte"
task browser run_browser "$ROOT/$BUILD/charte"
# The clang build (make clang) answers the check goldens like the gcc build.
if [ -x "$BUILD/clang/charte" ]; then
  task clang headed clang "$BUILD/clang/charte" run_check "$ROOT/$BUILD/clang/charte"
fi
if [ "${SANITIZED:-1}" = 1 ] && [ -x "$BUILD/san/charte" ]; then
  suite_tasks san "ASan+UBSan, sans GC" "$ROOT/$BUILD/san/charte"
fi

# The longest tasks start first (processor seconds of build/tests-times.txt, journal, `suite21`), so that
# the last minutes are not one long task beside an idle lane; the others follow in
# printed order. A name no longer here only changes the order. The sanitizer pass's tasks come
# first, their normal twins later in printed order: a script's two passes share their made
# inputs (tests/cli/lib/fixtures.sh), and one started beside the other would wait on its lock
# (the fuzz replay, the same binaries in both passes, is made by `normal fuzz` and read by `san fuzz`).
FIRST=(
  "san cli/classeurs-ods-tranches" browser "san cli/classeurs-ods" "san cli/classeurs-lecture"
  "san cli/classeurs-hostiles" "san cli/threads_json" "san cli/threads" "normal fuzz" unit
  "normal cli/ci-outputs" "normal cli/install"
)
order=()
for k in "${FIRST[@]}"; do
  for i in "${!keys[@]}"; do [ "${keys[i]}" = "$k" ] && order+=("$i"); done
done
for i in "${!keys[@]}"; do
  [[ " ${FIRST[*]} " == *" ${keys[i]} "* ]] || order+=("$i")
done

# One lane more than the cores: a task waits at times (a report synced to disk, a lock on inputs
# the other pass is making, the browser, a process starting), and the third lane on two cores
# took the tests from 7 min 14 s to 6 min 26 s; a fourth, 6 min 53 s (journal, eighteenth run).
LANES=${LANES:-$(( $(nproc 2>/dev/null || echo 1) + 1 ))}
# UPDATE=1: both builds write the same golden files; one task at a time.
[ -n "${UPDATE:-}" ] && LANES=1
lanes=$(mktemp -d "${TMPDIR:-/tmp}/charte-lanes.XXXXXX")
trap 'rm -rf "$lanes"' EXIT
trap 'stop_lanes; exit 130' INT TERM
durations=()
for i in "${order[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$LANES" ]; do wait -n; print_ready; done
  run_task "$i" &
done
while [ "$printed" -lt "${#tasks[@]}" ]; do
  [ -n "$(jobs -rp)" ] || { wait; print_ready; break; }
  wait -n; print_ready
done
[ "$printed" -eq "${#tasks[@]}" ] || fail "tests/run.sh: $(( ${#tasks[@]} - printed )) tâche(s) sans résultat"
printf '%s\n' "${durations[@]}" | sort -rn >"$BUILD/tests-times.txt"

if [ ${#failures[@]} -gt 0 ]; then
  printf '\nEn échec :\n'; printf '  %s\n' "${failures[@]}"
fi
printf '%d passed, %d failed\n' "$passed" "$failed"
[ "$failed" -eq 0 ]
