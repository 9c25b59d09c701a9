# tests/cli/lib/threads-same.sh: sourced by the --threads tests: a report, or a failure, the same with 2, 3 and 7 threads as with 1 (under the sanitizer builds, one count per call when the script asks: fils_sample). Uses $AMP, $tmp and sets fail=1.
# Sourced, not run: tests/run.sh runs only tests/cli/*.sh. Needs $ROOT and $CHARTE (lib/builds.sh).
. "$ROOT/tests/cli/lib/builds.sh"
. "$ROOT/tests/cli/lib/same-later.sh"   # same_later, same_now: a call's reports compared by one md5sum
# fils_compares BIN: the thread counts whose run BIN compares with one thread's. 2: every
# thread reads slices and N shares are merged; 7: more threads than slices, some of them ending
# with an empty share; 3 takes no path of its own beside those two, and under the sanitizer
# build (ASan and UBSan: a run there starts in some 50 ms before it reads a byte) it only
# repeats them: the normal build and ThreadSanitizer compare it.
fils_compares() {
  if charte_in_san_pass "$1"; then echo "2 7"; else echo "2 3 7"; fi
}

# fils_sample: a script that sets fils_sample=1 asks its calls of same_outputs and same_failure,
# under the sanitizer builds, for one run of the sanitized binary per call, its thread count
# taken in turn from a cycle (fils_plan), compared with one thread of the normal build (the
# build next to it: charte_normal, lib/builds.sh), whose answers the normal pass has
# already checked. A sanitizer finds a fault on the code path a run takes: the same input read
# again with another count of the same kind, or by one thread of the sanitized binary where the
# normal one answers the same, takes no path the cycle does not take elsewhere in the script.
# The cycles start with 2 and 7 threads, so that the first two calls (each script's demo data
# and generated set with invalid rows, every format) take the threaded path under each
# sanitizer: ASan and UBSan 2 7 3 1, ThreadSanitizer 2 7 3 (one thread shares nothing).
# Without fils_sample, or with the normal build, every call compares 1 with fils_compares.
fils_turn_san=0 fils_turn_tsan=0
# fils_plan BIN: sets fils_ref (the binary of the one-thread run the others are compared with)
# and fils_runs (the thread counts BIN runs).
fils_plan() {
  local cycle
  fils_ref=$1
  charte_kind "$1"
  case ${fils_sample:-0}:$charte_kind in
    1:san)
      cycle=(2 7 3 1); fils_runs=${cycle[fils_turn_san % 4]}; fils_turn_san=$((fils_turn_san + 1)) ;;
    1:tsan)
      cycle=(2 7 3); fils_runs=${cycle[fils_turn_tsan % 3]}; fils_turn_tsan=$((fils_turn_tsan + 1)) ;;
    *:san) fils_runs="2 7"; return ;;   # fils_compares, without a fork per call
    *) fils_runs="2 3 7"; return ;;
  esac
  fils_ref=$(charte_normal "$1") || fail=1
}

# fils_tag BIN N: sets fils_t, the name of BIN's run with N threads beside the reference's (N,
# or 1s for the sanitized binary's one thread, the reference being the normal build's).
fils_tag() { if [ "$2" = 1 ] && [ "$fils_ref" != "$1" ]; then fils_t=1s; else fils_t=$2; fi; }

# same_outputs BIN DIR FORMATS…: the reports in FORMATS with 2, 3 and 7 threads (fils_compares;
# one count under fils_sample) are the ones with 1, each in $tmp/out.N.FORMAT. One run per
# thread count writes them all (-o once per format, each file's extension its format: one
# evaluation's reports), as a user asks for several; a lone JSON report, whose head is written
# beside the run's end with two threads or more, is what the calls with json alone compare.
same_outputs() {
  local bin=$1 dir=$2 fmt n t rc outs run
  shift 2
  fils_plan "$bin"
  for n in ref $fils_runs; do
    if [ $n = ref ]; then run=$fils_ref t=1 n=1; else run=$bin; fils_tag "$bin" $n; t=$fils_t; fi
    # Written where they are compared (a fork per file is some 6 ms), but the text report,
    # whose extension is not its format's name: written aside, then moved.
    outs=()
    for fmt in "$@"; do
      : > "$tmp/out.$t.$fmt"   # emptied (no fork): nothing of an earlier call's is compared if this run writes none
      if [ "$fmt" = text ]; then outs+=(-o "$tmp/run.$t.txt"); else outs+=(-o "$tmp/out.$t.$fmt"); fi
    done
    "$run" eval "$AMP" --donnees "$dir" --au 2025-12-31 --threads $n "${outs[@]}" 2>"$tmp/err.$t"
    rc=$?
    [ $rc -eq 0 ] || { echo "$dir $* --threads $n : exit $rc ($run)"; cat "$tmp/err.$t"; fail=1; continue; }
    case " $* " in *" text "*) mv "$tmp/run.$t.txt" "$tmp/out.$t.text" ;; esac
    for fmt in "$@"; do
      if [ $t = 1 ]; then
        [ -s "$tmp/out.1.$fmt" ] || { echo "$dir $fmt : rapport vide"; fail=1; }
      else
        same_later "$tmp/out.1.$fmt" "$tmp/out.$t.$fmt" "$dir $fmt : --threads $n diffère de --threads 1 ($run)"
      fi
    done
    [ $t = 1 ] || same_later "$tmp/err.1" "$tmp/err.$t" "$dir $* : stderr de --threads $n diffère ($run)"
  done
  same_now   # (a cmp a file and count was some 7 ms of processor each: 15 a call of four formats)
}

# format_ext FORMAT: the extension that asks eval for FORMAT.
format_ext() { case $1 in text) echo txt ;; *) echo "$1" ;; esac; }

# same_failure BIN DIR: with 2, 3 and 7 threads (fils_compares; one count under fils_sample),
# the exit code and the error of --threads 1.
same_failure() {
  local bin=$1 dir=$2 n t rc1 rc
  fils_plan "$bin"
  "$fils_ref" eval "$AMP" --donnees "$dir" --au 2025-12-31 --format json --threads 1 -o "$tmp/fail.json" 2>"$tmp/fail.1"
  rc1=$?
  [ $rc1 -ne 0 ] && [ -s "$tmp/fail.1" ] || { echo "$dir : pas d'erreur avec --threads 1 (exit $rc1)"; fail=1; return; }
  for n in $fils_runs; do
    fils_tag "$bin" $n; t=$fils_t
    "$bin" eval "$AMP" --donnees "$dir" --au 2025-12-31 --format json --threads $n -o "$tmp/fail.json" 2>"$tmp/fail.$t"
    rc=$?
    [ $rc -eq $rc1 ] || { echo "$dir --threads $n : exit $rc au lieu de $rc1 ($bin)"; fail=1; }
    cmp -s "$tmp/fail.1" "$tmp/fail.$t" || { echo "$dir : l'erreur de --threads $n diffère ($bin)"; diff "$tmp/fail.1" "$tmp/fail.$t" | head -5; fail=1; }
  done
}

export TSAN_OPTIONS=halt_on_error=1:exitcode=66
