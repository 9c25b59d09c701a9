#!/usr/bin/env bash
# tests/mutants/run.sh: `make mutants` — plants each mutant of mutants.txt in a copy of the tree, runs the relevant tests, reports killed or survived.
#
#   tests/mutants/run.sh [BUILD]            every mutant
#   MUTANTS_ONLY="id1 id2" tests/mutants/run.sh
#   MUTANTS_WORK=build/mutants2 MUTANTS_ONLY="…" tests/mutants/run.sh   a second list beside the first
#
# The copy lives in BUILD/mutants/tree with BUILD's objects, so each mutant rebuilds
# only the file it changes (make -j1, -O0), and links the unit tests only when it
# reaches them. Per mutant the steps below run in order and
# stop at the first failure (the mutant is then killed by that step), cheapest first:
# the eval goldens, the charters' own examples (`charte test`, `check --strict`), the
# check goldens, the unit tests, then the eval scripts of tests/cli (chiffres-lecteurs among them: the counts a reader reads, grouped), donnees-entetes and donnees-titre (the CSV and sheet headers: a title above one), donnees-codes (each data error code on a real bad folder), donnees-lignes-vides (a CSV row of separators only is a blank line), donnees-saisies (hours and minutes, serial dates), erreurs-commande (the command line's own errors and their codes), eval-periode (--depuis: a period's figures against two cumulative reports), sortie-fichier and sortie-signaux (-o: formats by extension, several reports of one evaluation, all or none, nothing left by a signal), classeurs-sortie (the report workbooks, C0836), eval-html (the HTML report), render (the charter as a document: the consolidated text at a date), fmt (the canonical layout, -w and --check), lsp (the language server's sessions: hover, diagnostics), echappements (control characters in every text output, GitHub's annotations among them), diff-effet (diff's sentence of the data's effect), diff (diff's goldens, its counts and each contract's causes), ci-annotations and ci-signature (a CI job's annotations of failed examples, the comparison before signature) and the workbook reader's (classeurs-lecture, -tranches, -crc-tranches, and
# -ods, which compares the ODS tokenizer with expat: its fast paths are mutated too, -ods-tranches, its slices on several threads, and -ods-ouverture, the
# sheets opened while the participants load; ouverture-dossier, a folder's files opened beside the check; classeurs-hostiles, the workbooks that are no workbook; explain last, the derivations against eval's figures, run only by a mutant every other step let through). The sanitizer build, the fuzz replay, the docs blocks and the
# limits/faults scripts are not run: they test crash resistance and wording, not the
# rules mutated here. Report: BUILD/mutants/report.txt; exit 0 whatever the score.
set -u
BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
LIST=$ROOT/tests/mutants/mutants.txt
# MUTANTS_WORK: another working folder, to run two lists side by side.
WORK=${MUTANTS_WORK:-$BUILD/mutants}
case $WORK in /*) ;; *) WORK=$ROOT/$WORK ;; esac
TREE=$WORK/tree
REPORT=$WORK/report.txt
export LC_ALL=C.UTF-8 CHARTE_LANG=fr
# A mutated file is recompiled without optimisation: the tests, not the speed, are measured.
MUTANT_CFLAGS="-O0 -g"

[ -x "$BUILD/charte" ] || { echo "mutants: $BUILD/charte missing (make first)" >&2; exit 2; }
rm -rf "$TREE"; mkdir -p "$TREE/build"
tar --exclude="./$BUILD" --exclude=./.git -cf - . | tar -xf - -C "$TREE"
# The built objects come along (mtimes kept), so make starts up to date.
# A working folder inside BUILD under another name than mutants* is left out too: copied, it
# would hold the copy being made, and grow without end.
work_in_build=$(realpath -m --relative-to="$(realpath "$BUILD")" "$WORK")
case $work_in_build in ..*) work_in_build=mutants ;; *) work_in_build=${work_in_build%%/*} ;; esac
(cd "$BUILD" && tar --exclude='./mutants*' --exclude="./$work_in_build" --exclude=./fixtures --exclude=./bench --exclude=./san --exclude=./fuzz \
   --exclude=./coverage --exclude=./browser -cf - .) | tar -xf - -C "$TREE/build"
UNIT_BIN=$(cd "$TREE" && ls tests/unit/test_*.c | sed 's|tests/unit/\(.*\)\.c|build/unit/\1|')

# Runs the steps in the copy; prints the first failing step, nothing when all pass. Each
# step stops at its first failing case (fail exits the step's subshell): a killed mutant
# costs one failing case, not the whole step.
steps() {
  (
    cd "$TREE" || exit 1
    source tests/run.sh build
    fail() { exit 1; }
    bin=$TREE/build/charte
    (run_eval "$bin") >/dev/null 2>&1     || { echo eval-goldens; exit; }
    (run_examples "$bin") >/dev/null 2>&1 || { echo examples; exit; }
    (run_check "$bin") >/dev/null 2>&1    || { echo check-goldens; exit; }
    make -j1 CFLAGS="$MUTANT_CFLAGS" $UNIT_BIN >/dev/null 2>&1 || { echo unit-build; exit; }
    (run_unit) >/dev/null 2>&1            || { echo unit; exit; }
    for s in eval-amp-ref eval-belvance-ref eval-formats chiffres-lecteurs eval-personal donnees-entetes donnees-titre donnees-codes donnees-lignes-vides donnees-saisies erreurs-commande eval-periode sortie-fichier sortie-signaux classeurs-sortie eval-html empreinte render fmt lsp echappements diff-effet diff ci-annotations ci-signature test-examples classeurs-lecture classeurs-tranches classeurs-crc-tranches classeurs-ods classeurs-ods-tranches classeurs-ods-ouverture ouverture-dossier classeurs-hostiles explain; do
      CHARTE=$bin ROOT=$TREE bash "tests/cli/$s.sh" >/dev/null 2>&1 || { echo "cli/$s"; exit; }
    done
  )
}

ids=${MUTANTS_ONLY:-$(sed -n 's/^@ \([^ ]*\) .*/\1/p' "$LIST")}
killed=0 survived=0 invalid=0 total=0
: > "$REPORT"
printf '%-36s %-22s %s\n' mutant file result | tee -a "$REPORT"
for id in $ids; do
  total=$((total + 1))
  file=$(perl "$ROOT/tests/mutants/apply.pl" "$LIST" "$id" "$TREE" 2>"$WORK/apply.err")
  if [ $? -ne 0 ]; then
    invalid=$((invalid + 1)); result="INVALID ($(cat "$WORK/apply.err"))"
  elif ! (cd "$TREE" && make -j1 CFLAGS="$MUTANT_CFLAGS" build/charte >"$WORK/build.log" 2>&1); then
    # A mutant that does not compile tests nothing: fix its NEW text.
    invalid=$((invalid + 1)); result="INVALID (does not compile, see ${WORK#$ROOT/}/build.log)"
  else
    step=$(steps)
    if [ -n "$step" ]; then killed=$((killed + 1)); result="killed by $step"
    else survived=$((survived + 1)); result="SURVIVED"; fi
  fi
  # A fresh mtime makes the next make rebuild the restored file.
  [ -n "$file" ] && cp "$ROOT/$file" "$TREE/$file"
  printf '%-36s %-22s %s\n' "$id" "${file:--}" "$result" | tee -a "$REPORT"
done
valid=$((total - invalid))
score=$([ "$valid" -gt 0 ] && echo "$((killed * 1000 / valid))" | sed 's/\(.\)$/.\1/' || echo 0)
printf '%d mutants: %d killed, %d survived, %d invalid; score %s %%\n' "$total" "$killed" "$survived" "$invalid" "$score" | tee -a "$REPORT"
(cd "$TREE" && make -j1 CFLAGS="$MUTANT_CFLAGS" build/charte >/dev/null 2>&1)
