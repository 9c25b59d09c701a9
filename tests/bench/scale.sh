#!/usr/bin/env bash
# tests/bench/scale.sh: `make bench-scale` — time and peak memory of `charte check` (`test` for examples) on charters of N and 8N in every dimension, and the slope of each (1 = linear, 2 = quadratic).
#
#   tests/bench/scale.sh [BUILD]       (BUILD: the build folder, default build)
#
# Environment:
#   SCALE_N=2000      the smaller size (the larger is 8 × SCALE_N)
#   SCALE_RUNS=3      runs per size, the median time and the largest peak RSS kept
#   SCALE_DIMS="…"    the dimensions to measure (default: all ten)
#
# The charters come from tests/bench/scale-gen.sh. Measures with /usr/bin/time (Debian package
# time, installed when missing). Prints a Markdown table; docs/performance.md ("Scaling with the
# size of a charter") holds one run of it.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
BUILD=${1:-build}
N=${SCALE_N:-2000}
RUNS=${SCALE_RUNS:-3}
CHARTE=$ROOT/$BUILD/charte
[ -x "$CHARTE" ] || { echo "bench-scale: $CHARTE missing (make all)" >&2; exit 2; }
if [ ! -x /usr/bin/time ]; then
  [ "$(id -u)" = 0 ] || { echo "bench-scale: install the Debian package time" >&2; exit 2; }
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null
fi
work=$BUILD/bench/scale
mkdir -p "$work"

# measure DIM N: prints "seconds kilobytes" (median time, largest peak RSS over RUNS runs).
measure() {
  local dim=$1 n=$2 cmd=check dir=$work/$1-$2 i
  [ "$dim" = examples ] && cmd=test
  rm -rf "$dir"
  tests/bench/scale-gen.sh "$dim" "$n" "$dir"
  for i in $(seq "$RUNS"); do
    /usr/bin/time -f '%e %M' -o "$dir/time" "$CHARTE" "$cmd" "$dir/main.charte" >/dev/null 2>&1 || true
    tail -1 "$dir/time"
  done | sort -n | awk '{ t[NR] = $1; if ($2 > m) m = $2 } END { print t[int((NR + 1) / 2)], m }'
}

printf '| dimension | N | time (s) | peak RSS (MB) | 8N | time (s) | peak RSS (MB) | time slope | memory slope |\n'
printf '|---|---:|---:|---:|---:|---:|---:|---:|---:|\n'
for dim in ${SCALE_DIMS:-articles amendments scopes scope-depth families targets publics examples imports table-rows}; do
  read -r t1 m1 < <(measure "$dim" "$N")
  read -r t8 m8 < <(measure "$dim" $((8 * N)))
  awk -v d="$dim" -v n="$N" -v t1="$t1" -v m1="$m1" -v t8="$t8" -v m8="$m8" 'BEGIN {
    # slope = log(x(8N) / x(N)) / log(8); times under 10 ms are too coarse to divide.
    ts = (t1 >= 0.01) ? sprintf("%.2f", log(t8 / t1) / log(8)) : "—";
    ms = sprintf("%.2f", log(m8 / m1) / log(8));
    printf "| %s | %d | %.2f | %.1f | %d | %.2f | %.1f | %s | %s |\n", d, n, t1, m1 / 1024, 8 * n, t8, m8 / 1024, ts, ms }'
  rm -rf "$work/$dim-$N" "$work/$dim-$((8 * N))"
done
