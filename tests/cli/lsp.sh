#!/usr/bin/env bash
# tests/cli/lsp.sh: `charte lsp` in scripted sessions driven by the protocol's client library (tests/lsp/session.js), with a short soak on the collected build.
set -u
cd "$ROOT" || exit 1
[ -d tests/lsp/node_modules/vscode-languageserver-protocol ] || { echo "tests/lsp/node_modules missing (make editor-deps)"; exit 1; }
# The sanitizer build has no collector (CHARTE_NO_GC: memory is never given back), so its
# memory grows by design: the soak runs on the normal build only, the sessions on both.
soak=300
# A build without the collector is one that does not link libgc (the sanitizer builds link their
# runtimes statically: no libasan for ldd to show).
if ! ldd "$CHARTE" 2>/dev/null | grep -q 'libgc\.so'; then soak=0; export SANITIZED_BUILD=1; fi
# No wait of the session has a time limit (make mutants runs this at nice 19 beside every other
# job: a second when quiet may be minutes then): each process gets 600 s of processor time
# (ulimit -t: the load does not inflate it), and against a hang that uses none, the session
# gets 30 minutes of wall time, after which it says what it was waiting for (exit 124).
out=$( (ulimit -t 600; exec timeout 1800 node tests/lsp/session.js "$CHARTE" "$ROOT" "$soak") 2>&1); rc=$?
grep -v '^ok ' <<<"$out"
[ "$rc" -ne 124 ] || echo "lsp: more than 1800 s (hung?)"
n=$(grep -c '^ok ' <<<"$out")
# Every check ran: a session that stopped early would pass fewer.
[ "$rc" -eq 0 ] && [ "$n" -ge 40 ] || { echo "lsp: exit $rc, $n checks passed"; exit 1; }
