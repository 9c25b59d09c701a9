#!/usr/bin/env bash
# tests/cli/limits-memoire.sh: after 25 errors reading stops (C0702), so what follows costs neither time nor memory, however long the file.
set -u
. "$ROOT/tests/cli/lib/builds.sh"
. "$ROOT/tests/cli/lib/hostile.sh"

# The normal build gets 1 GiB of address space: ample for a 16 MB charter
# (ASan's shadow memory needs terabytes of address space, so the sanitizer
# build gets the time limit only).
charte_in_san_pass || ulimit -v 1048576

# 30 syntax errors, then 8 million short lines (16 MB, under the source
# limit): one token each, which nothing should keep once reading stopped.
{ printf 'charte « Mémoire »\n\narticle 1 « Bruit »\n'; perl -e 'print "  0 0 0\n" x 30; print "x\n" x 8000000'; } >"$tmp/apres-c0702.charte"
hostile "8 millions de lignes après C0702" "$tmp/apres-c0702.charte" 'C0702'

# The same with lexical errors.
{ printf 'charte « Mémoire »\n\narticle 1 « Bruit »\n'; perl -e 'print "  @\n" x 30; print "x\n" x 8000000'; } >"$tmp/apres-c0702-lexique.charte"
hostile "8 millions de lignes après C0702 (erreurs lexicales)" "$tmp/apres-c0702-lexique.charte" 'C0702'

[ $failures -eq 0 ]
