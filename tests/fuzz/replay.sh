#!/usr/bin/env bash
# tests/fuzz/replay.sh: replays the stored fuzz corpora and every regression input through the sanitizer replay binaries; builds nothing.
#
# Called by tests/run.sh with CHARTE = the binary under test; the replay
# binaries sit in the sanitizer build next to it (build/san/fuzz-replay-<h>,
# made by `make fuzz-replay`). Exit 0 when every replay exits 0; 1 when one
# fails or a replay binary is missing. FUZZ_REPLAY_VERBOSE=1 names each input.
#
# Both passes of make test (CHARTE the normal build, then the sanitizer one)
# call this script, and both would replay through the same sanitizer
# binaries: a harness's replay that passed is a fixture (tests/cli/lib/
# fixtures.sh), keyed by its binary and every input, so the second pass reads
# the first's summary instead of replaying again; make test-fast, with one
# pass, still replays everything. A replay that failed is not kept: each pass
# that meets it replays and reports it.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
. tests/cli/lib/fixtures.sh

# replay_into BIN INPUT… DIR: replays the inputs, the output into $log and the
# exit code into $log.rc (outside the command line, which is part of the
# fixture's key); when it passed, its last line into DIR (the fixture's folder).
replay_into() {
  local bin=$1 rc; shift
  local dest=${!#}
  set -- "${@:1:$#-1}"
  timeout 600 "$bin" "$@" >"$log" 2>&1; rc=$?
  echo "$rc" >"$log.rc"
  [ $rc -eq 0 ] && tail -1 "$log" >"$dest/summary"
}
log=$(mktemp) || exit 1
trap 'rm -f "$log" "$log.rc"' EXIT
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

# The replay binaries sit in the sanitizer folder of CHARTE's build: beside the normal build
# that tests/cli/lib/builds.sh names for it (itself in the normal pass, BUILD/charte in the
# sanitizer pass), which says on stderr when it is missing.
if [ -n "${CHARTE:-}" ]; then
  . tests/cli/lib/builds.sh
  normal=$(charte_normal) || exit 1
  bin_dir=$(dirname "$normal")/san
else
  bin_dir=${BUILD:-build}/san
fi

status=0
for h in charte csv json literals xlsx; do
  bin=$bin_dir/fuzz-replay-$h
  if [ ! -x "$bin" ]; then
    printf 'fuzz %s : %s manquant, rejeu impossible (make fuzz-replay)\n' "$h" "$bin"
    status=1
    continue
  fi
  inputs=()
  for d in tests/fuzz/corpus/$h tests/fuzz/regressions/$h; do
    [ -d "$d" ] && inputs+=("$d")
  done
  [ ${#inputs[@]} -eq 0 ] && continue
  if [ -z "${FUZZ_REPLAY_VERBOSE:-}" ]; then
    mapfile -t files < <(find "${inputs[@]}" -type f | sort)
    rm -f "$log.rc"; : >"$log"
    if dir=$(fixture "fuzz-replay-$h" "$bin" "${files[@]}" -- replay_into "$bin" "${inputs[@]}"); then
      printf 'fuzz %s : %s\n' "$h" "$(sed 's/^fuzz-replay: //' "$dir/summary")"
      continue
    fi
    rc=$(cat "$log.rc" 2>/dev/null || echo 1)
    out=$(cat "$log")
  else
    out=$(timeout 600 "$bin" -v "${inputs[@]}" 2>&1); rc=$?
    [ $rc -eq 0 ] && { printf 'fuzz %s : %s\n' "$h" "$(printf '%s\n' "$out" | tail -1 | sed 's/^fuzz-replay: //')"; continue; }
  fi
  status=1
  if [ $rc -eq 124 ]; then
    printf 'fuzz %s : délai dépassé (600 s) ; FUZZ_REPLAY_VERBOSE=1 nomme la dernière entrée\n' "$h"
  else
    printf 'fuzz %s : échec (code %d)\n' "$h" "$rc"
  fi
  # The culprit first, then the start of the sanitizer report.
  printf '%s\n' "$out" | grep -m1 'fuzz-replay: échec sur'
  printf '%s\n' "$out" | grep -v 'fuzz-replay: échec sur' | head -30
done
exit $status
