#!/usr/bin/env bash
# tests/cli/limits-lineaire.sh: a charter large in one dimension is checked within a memory ceiling that a cost growing with the square of that dimension would break (the figures per dimension: make bench-scale, docs/performance.md).
set -u
. "$ROOT/tests/cli/lib/hostile.sh"

# 16 000 amendments of one rule took 2.1 GB when each amendment allocated an
# array as long as all the `modifie` lines together; linear, they take about
# 60 MB. The normal build runs under a 1 GiB address-space ceiling (ASan's
# shadow memory needs terabytes of address space, so the sanitizer build only
# runs the largest case, under the time limit of hostile).
sanitized=0
case "$CHARTE" in */san/*) sanitized=1 ;; esac

# scaled DIMENSION N RC [PATTERN]: generates the charter, checks it (`test`
# for examples) under the ceiling, and expects exit code RC and PATTERN.
scaled() {
  local dim=$1 n=$2 want=$3 pattern=${4:-} cmd=check rc
  [ "$dim" = examples ] && cmd=test
  rm -rf "$tmp/$dim"
  "$ROOT/tests/bench/scale-gen.sh" "$dim" "$n" "$tmp/$dim"
  ( [ $sanitized -eq 1 ] || ulimit -v 1048576
    exec timeout 300 "$CHARTE" "$cmd" "$tmp/$dim/main.charte" ) >"$tmp/out" 2>&1
  rc=$?
  if [ $rc -ne "$want" ]; then
    echo "$dim × $n : code $rc ($want attendu ; mémoire épuisée ?)"; tail -3 "$tmp/out"; failures=$((failures + 1))
  elif [ -n "$pattern" ] && ! grep -Eq "$pattern" "$tmp/out"; then
    echo "$dim × $n : « $pattern » absent"; tail -3 "$tmp/out"; failures=$((failures + 1))
  fi
}

scaled amendments 16000 1 'C0403'
if [ $sanitized -eq 0 ]; then
  scaled articles 4000 0 'C0203'
  scaled scopes 4000 0
  scaled scope-depth 4000 1 'C0416'
  scaled families 4000 0
  scaled targets 4000 0
  scaled publics 4000 0 'C0203'
  scaled examples 4000 0 '4000 passed, 0 failed'
  scaled imports 2000 0
  scaled table-rows 4000 0
fi

[ $failures -eq 0 ]
