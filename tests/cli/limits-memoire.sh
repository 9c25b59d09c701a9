#!/usr/bin/env bash
# tests/cli/limits-memoire.sh: after 25 errors reading stops (C0702), so what follows costs neither time nor memory, however long the file.
set -u
: "${CHARTE:?}" "${ROOT:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

# hostile NAME FILE PATTERN: `charte check FILE` ends within 20 s, exit 1 or
# 2, never a signal; it says something matching PATTERN, in at most 1 MB.
hostile() {
  local name=$1 file=$2 pattern=$3 rc size
  timeout 20 "$CHARTE" check "$file" >"$tmp/out" 2>&1
  rc=$?
  size=$(wc -c <"$tmp/out")
  if [ $rc -eq 124 ]; then
    echo "$name : plus de 20 s"
  elif [ $rc -ge 128 ]; then
    echo "$name : tué par le signal $((rc - 128))"
  elif [ $rc -ne 1 ] && [ $rc -ne 2 ]; then
    echo "$name : code de sortie $rc (1 ou 2 attendu)"
  elif [ "$size" -gt 1000000 ]; then
    echo "$name : sortie de $size octets (1 Mo au plus)"
  elif ! grep -Eq "$pattern" "$tmp/out"; then
    echo "$name : message attendu ($pattern) absent"
  else
    return 0
  fi
  head -c 2000 "$tmp/out" | head -20
  failures=$((failures + 1))
}

# The normal build gets 1 GiB of address space: ample for a 16 MB charter
# (ASan's shadow memory needs terabytes of address space, so the sanitizer
# build gets the time limit only).
case "$CHARTE" in
  */san/*) ;;
  *) ulimit -v 1048576 ;;
esac

# 30 syntax errors, then 8 million short lines (16 MB, under the source
# limit): one token each, which nothing should keep once reading stopped.
{ printf 'charte « Mémoire »\n\narticle 1 « Bruit »\n'; perl -e 'print "  0 0 0\n" x 30; print "x\n" x 8000000'; } >"$tmp/apres-c0702.charte"
hostile "8 millions de lignes après C0702" "$tmp/apres-c0702.charte" 'C0702'

# The same with lexical errors.
{ printf 'charte « Mémoire »\n\narticle 1 « Bruit »\n'; perl -e 'print "  @\n" x 30; print "x\n" x 8000000'; } >"$tmp/apres-c0702-lexique.charte"
hostile "8 millions de lignes après C0702 (erreurs lexicales)" "$tmp/apres-c0702-lexique.charte" 'C0702'

[ $failures -eq 0 ]
