# tests/cli/lib/threads-same.sh: sourced by the --threads tests: a report, or a failure, the same with 2, 3 and 7 threads as with 1. Uses $AMP, $tmp and sets fail=1.
# Sourced, not run: tests/run.sh runs only tests/cli/*.sh.
# fils_compares BIN: the thread counts whose run BIN compares with one thread's. 2: every
# thread reads slices and N shares are merged; 7: more threads than slices, some of them ending
# with an empty share; 3 takes no path of its own beside those two, and under the sanitizer
# build (ASan and UBSan: a run there starts in some 50 ms before it reads a byte) it only
# repeats them: the normal build and ThreadSanitizer compare it.
fils_compares() {
  case $1 in */san/charte) echo "2 7" ;; *) echo "2 3 7" ;; esac
}

# same_outputs BIN DIR FORMATS…: the reports in FORMATS with 2, 3 and 7 threads (fils_compares)
# are the ones with 1, each in $tmp/out.N.FORMAT. One run per thread count writes them all
# (-o once per format, each file's extension its format: one evaluation's reports), as a user
# asks for several; a lone JSON report, whose head is written beside the run's end with two
# threads or more, is what the calls with json alone compare.
same_outputs() {
  local bin=$1 dir=$2 fmt n rc outs
  shift 2
  for n in 1 $(fils_compares "$bin"); do
    outs=()
    for fmt in "$@"; do outs+=(-o "$tmp/run.$n.$(format_ext "$fmt")"); done
    "$bin" eval "$AMP" --donnees "$dir" --au 2025-12-31 --threads $n "${outs[@]}" 2>"$tmp/err.$n"
    rc=$?
    [ $rc -eq 0 ] || { echo "$dir $* --threads $n : exit $rc"; cat "$tmp/err.$n"; fail=1; continue; }
    for fmt in "$@"; do mv "$tmp/run.$n.$(format_ext "$fmt")" "$tmp/out.$n.$fmt"; done
    for fmt in "$@"; do
      if [ $n = 1 ]; then
        [ -s "$tmp/out.1.$fmt" ] || { echo "$dir $fmt : rapport vide"; fail=1; }
      else
        cmp -s "$tmp/out.1.$fmt" "$tmp/out.$n.$fmt" || { echo "$dir $fmt : --threads $n diffère de --threads 1"; diff "$tmp/out.1.$fmt" "$tmp/out.$n.$fmt" | head -5; fail=1; }
      fi
    done
    [ $n = 1 ] || cmp -s "$tmp/err.1" "$tmp/err.$n" || { echo "$dir $* : stderr de --threads $n diffère"; fail=1; }
  done
}

# format_ext FORMAT: the extension that asks eval for FORMAT.
format_ext() { case $1 in text) echo txt ;; *) echo "$1" ;; esac; }

# same_failure BIN DIR: with 2, 3 and 7 threads (fils_compares), the exit code and the error of --threads 1.
same_failure() {
  local bin=$1 dir=$2 n rc1 rc
  "$bin" eval "$AMP" --donnees "$dir" --au 2025-12-31 --format json --threads 1 -o "$tmp/fail.json" 2>"$tmp/fail.1"
  rc1=$?
  [ $rc1 -ne 0 ] && [ -s "$tmp/fail.1" ] || { echo "$dir : pas d'erreur avec --threads 1 (exit $rc1)"; fail=1; return; }
  for n in $(fils_compares "$bin"); do
    "$bin" eval "$AMP" --donnees "$dir" --au 2025-12-31 --format json --threads $n -o "$tmp/fail.json" 2>"$tmp/fail.$n"
    rc=$?
    [ $rc -eq $rc1 ] || { echo "$dir --threads $n : exit $rc au lieu de $rc1"; fail=1; }
    cmp -s "$tmp/fail.1" "$tmp/fail.$n" || { echo "$dir : l'erreur de --threads $n diffère"; diff "$tmp/fail.1" "$tmp/fail.$n" | head -5; fail=1; }
  done
}

# tsan_charte: the ThreadSanitizer build (make test builds it next to the
# sanitizer build), printed, when $CHARTE is the sanitizer build; fails otherwise.
tsan_charte() {
  local tsan
  tsan=$(dirname "$(dirname "$CHARTE")")/tsan/charte
  case $CHARTE in */san/charte) [ -x "$tsan" ] && echo "$tsan" ;; *) return 1 ;; esac
}
export TSAN_OPTIONS=halt_on_error=1:exitcode=66
