#!/usr/bin/env bash
# tests/cli/builds-voisins.sh: lib/builds.sh, the builds beside the one under test: which pass runs (charte_in_san_pass), the normal build and the ThreadSanitizer build it names, each refused on stderr with status 1 when missing, never another binary in its place.
# runs no charte: tests/run.sh runs it in the normal pass only (it makes builds of its own, empty scripts, in the Makefile's layout).
set -u
: "${ROOT:?}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "$*"; fail=1; }
CHARTE=$tmp/b/charte
. "$ROOT/tests/cli/lib/builds.sh"

b=$tmp/b
mkdir -p "$b/san" "$b/tsan" "$tmp/mutants/tree/build"
for f in "$b/charte" "$b/san/charte" "$b/tsan/charte" "$tmp/mutants/tree/build/charte"; do printf '#!/bin/sh\n' > "$f"; chmod +x "$f"; done

# expect LABEL STATUS OUT COMMAND…: COMMAND's status and standard output, and a message on stderr
# (the build "absent") exactly when it fails.
expect() {
  local label=$1 status=$2 want=$3 out rc
  shift 3
  out=$("$@" 2>"$tmp/err"); rc=$?
  [ $rc = "$status" ] && [ "$out" = "$want" ] || bad "$label : exit $rc au lieu de $status, « $out » au lieu de « $want »"
  if [ "$status" = 0 ]; then [ ! -s "$tmp/err" ] || bad "$label : « $(cat "$tmp/err") » sur stderr"
  else grep -q 'absent' "$tmp/err" || bad "$label : rien sur stderr"; fi
}

# The normal pass: its build is its own oracle, no ThreadSanitizer run.
CHARTE=$b/charte
! charte_in_san_pass || bad "passe normale prise pour la passe sanitizer"
expect "passe normale, build normal" 0 "$b/charte" charte_normal
expect "passe normale, ThreadSanitizer" 0 "" charte_tsan
# A mutant's build (tests/mutants/run.sh) or the GC stress build is taken for a normal one.
CHARTE=$tmp/mutants/tree/build/charte
expect "build d'un mutant" 0 "$CHARTE" charte_normal

# The sanitizer pass: the builds beside it, BUILD/charte and BUILD/tsan/charte.
CHARTE=$b/san/charte
charte_in_san_pass || bad "passe sanitizer non reconnue"
expect "passe sanitizer, build normal" 0 "$b/charte" charte_normal
expect "passe sanitizer, ThreadSanitizer" 0 "$b/tsan/charte" charte_tsan
expect "ThreadSanitizer, build normal" 0 "$b/charte" charte_normal "$b/tsan/charte"
! charte_in_san_pass "$b/tsan/charte" || bad "ThreadSanitizer pris pour le build sanitizer"

# A build missing: said, status 1, nothing printed (never the sanitizer build in its place).
rm "$b/tsan/charte"
expect "ThreadSanitizer absent" 1 "" charte_tsan
rm "$b/charte"
expect "build normal absent" 1 "" charte_normal
expect "build normal absent (depuis ThreadSanitizer)" 1 "" charte_normal "$b/tsan/charte"
grep -qF "$b/charte" "$tmp/err" || bad "build normal absent : le chemin cherché n'est pas dit : $(cat "$tmp/err")"
exit $fail
