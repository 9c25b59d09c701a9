#!/usr/bin/env bash
# tests/fuzz/replay.sh: replays the stored fuzz corpora and every regression input through the sanitizer replay binaries; builds nothing.
#
# Called by tests/run.sh with CHARTE = the binary under test; the replay
# binaries sit in the sanitizer build next to it (build/san/fuzz-replay-<h>,
# made by `make fuzz-replay`). Exit 0 when every replay exits 0; 1 when one
# fails or a replay binary is missing. FUZZ_REPLAY_VERBOSE=1 names each input.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

if [ -n "${CHARTE:-}" ]; then
  bin_dir=$(dirname "$CHARTE")
  case "$bin_dir" in */san) ;; *) bin_dir=$bin_dir/san ;; esac
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
  verbose=()
  [ -n "${FUZZ_REPLAY_VERBOSE:-}" ] && verbose=(-v)
  out=$(timeout 600 "$bin" "${verbose[@]}" "${inputs[@]}" 2>&1); rc=$?
  if [ $rc -eq 0 ]; then
    printf 'fuzz %s : %s\n' "$h" "$(printf '%s\n' "$out" | tail -1 | sed 's/^fuzz-replay: //')"
    continue
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
