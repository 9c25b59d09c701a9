#!/usr/bin/env bash
# tests/cli/note-c0451.sh: the C0451 note (eligibility widened or narrowed) is for the charter's writer: `check` says it (text and JSON), `eval`, `test` and `render` of the same charter do not repeat it on every run.
set -u
cd "$ROOT" || exit 1
bad=0
complain() { printf 'note-c0451: %s\n' "$*"; bad=1; }
B=examples/belvance/belvance.charte
"$CHARTE" check "$B" 2>&1 | grep -q 'note\[C0451\]' || complain "check ne dit pas la note C0451"
"$CHARTE" check --format json "$B" 2>/dev/null | jq -e '[.diagnostics[] | select(.code == "C0451")] | length == 1' >/dev/null \
  || complain "check --format json : une note C0451 attendue"
"$CHARTE" eval "$B" --donnees examples/belvance/donnees --au 2025-12-31 --format json 2>"${TMPDIR:-/tmp}/c0451.$$" \
  | jq -e '[.diagnostics[]? | select(.code == "C0451")] | length == 0' >/dev/null || complain "eval --format json : la note C0451 est dans le rapport"
grep -q C0451 "${TMPDIR:-/tmp}/c0451.$$" && complain "eval : la note C0451 sur stderr"
"$CHARTE" test "$B" 2>&1 | grep -q C0451 && complain "test : la note C0451 répétée"
"$CHARTE" test --format json "$B" 2>/dev/null | grep -q C0451 && complain "test --format json : la note C0451 répétée"
"$CHARTE" render "$B" 2>&1 >/dev/null | grep -q C0451 && complain "render : la note C0451 répétée"
rm -f "${TMPDIR:-/tmp}/c0451.$$"
exit $bad
