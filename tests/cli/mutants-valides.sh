#!/usr/bin/env bash
# tests/cli/mutants-valides.sh: every planted bug of tests/mutants/mutants.txt still applies to the tree (its text found exactly once, its ID unique), so that `make mutants` judges what it claims to.
# runs no charte: tests/run.sh runs it in the normal pass only (the sanitizer pass would repeat it as is).
set -u
cd "$ROOT" || exit 1
fail=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# A mutant whose text the code no longer holds is "not applied" by make mutants, which runs
# hours and is not part of make test: without this check, a rewrite silently retires it.
perl tests/mutants/apply.pl tests/mutants/mutants.txt --check . || { echo "mutants.txt : des mutants ne s'appliquent plus (ci-dessus)"; fail=1; }

# The check itself finds each fault it names.
printf '@ un tests/mutants/apply.pl\n- introuvable\n+ x\n@ deux tests/mutants/apply.pl\n- use strict;\n+ use strict;\n@ un tests/mutants/apply.pl\n- use strict;\n+ use lax;\n@ trois absent.c\n- a\n+ b\n' > "$tmp/m.txt"
out=$(perl tests/mutants/apply.pl "$tmp/m.txt" --check . 2>&1); rc=$?
[ $rc -eq 3 ] || { echo "--check sur des mutants faux : code $rc au lieu de 3"; fail=1; }
for want in "m.txt:1: un: OLD found 0 times" "m.txt:4: deux: NEW is OLD" "m.txt:7: un: ID already used at line 1" "m.txt:10: trois: absent.c: no such file"; do
  case $out in *"$want"*) ;; *) echo "--check : « $want » absent de « $out »"; fail=1 ;; esac
done
exit $fail
