#!/usr/bin/env bash
# tests/cli/test-mutualisation.sh: charte test checks a pool's figures (and its members'): the examples of tests/eval/mutualisation pass, and each broken pooling rule makes one fail with the pool's name.
set -u
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0
src=$ROOT/tests/eval/mutualisation/charte.charte
out=$("$CHARTE" test "$src" 2>/dev/null); rc=$?
[ $rc -eq 0 ] || { echo "charte test mutualisation : exit $rc"; printf '%s\n' "$out" | tail -20; fail=1; }
printf '%s\n' "$out" | tail -n 1 | grep -Eq '^2 passed, 0 failed$' || { echo "dernière ligne inattendue : $(printf '%s\n' "$out" | tail -n 1)"; fail=1; }

# break NAME SED-EXPRESSION PATTERN: the changed charter fails, and a failure line matches PATTERN.
break_rule() {
  local name=$1 expr=$2 pattern=$3 copy=$tmp/m-$1.charte
  sed "$expr" "$src" > "$copy"
  if cmp -s "$copy" "$src"; then echo "$name : la modification ne change rien"; fail=1; return; fi
  out=$(cd "$tmp" && "$CHARTE" test "m-$name.charte" 2>/dev/null); rc=$?
  if [ $rc -ne 1 ]; then echo "$name : exit $rc, attendu 1"; printf '%s\n' "$out" | tail -5; fail=1; return; fi
  printf '%s\n' "$out" | grep -Eq "$pattern" || { echo "$name : aucun échec ne correspond à « $pattern »"; printf '%s\n' "$out" | head -8; fail=1; }
}
# Rounded per member (60 + 80 + 61 = 201 too) would not tell; per contract, the status would.
break_rule par-marche  's/^  objectif mutualisé à l.échelle mel : travaux 6 %, seuil 100 000 €/  objectif à l'"'"'échelle mel : travaux 6 %, seuil 100 000 €/' 'T1 : statut attendu mutualise, obtenu atteint'
# The amendment's rate is T2's only: 8 % for all would give 240,16 → 241 h.
break_rule avenant     's/^  objectif mutualisé à l.échelle mel : travaux 8 %/  objectif mutualisé à l'"'"'échelle mel : travaux 7 %/' 'mel/travaux : objectif attendu 201 h, obtenu 191 h'
# The floor is taken against the pool's base hours: without it, the fixed 100 h.
break_rule plancher    's/gardiennage 100 h$/gardiennage 160 h/' 'lille/gardiennage : objectif attendu 150 h, obtenu 160 h'
# An id that names no pool of the results.
sed 's/attendu « mel\/travaux »/attendu « mel\/nettoyage »/' "$src" > "$tmp/m-absent.charte"
out=$(cd "$tmp" && "$CHARTE" check m-absent.charte 2>&1); rc=$?
[ $rc -eq 1 ] || { echo "pool inconnu : check exit $rc, attendu 1"; fail=1; }
printf '%s\n' "$out" | grep -q 'error\[C0613\]: « mel/nettoyage » n.est ni un marché de cet exemple ni une mutualisation' || { echo "pool inconnu : C0613 attendu"; printf '%s\n' "$out" | head -5; fail=1; }

# The HTML report shows the pools (a section, each pool with its figures from the JSON paths).
html=$(cd "$ROOT/tests/eval/mutualisation" && "$CHARTE" eval charte.charte --donnees . --au 2025-12-31 --format html 2>/dev/null)
printf '%s\n' "$html" | grep -q '<section id="mutualisations"' || { echo "html : pas de section des mutualisations"; fail=1; }
printf '%s\n' "$html" | grep -q 'data-j="mutualisations.3.heures_objectif">279' || { echo "html : objectif de mel/travaux (279 h) absent"; fail=1; }
printf '%s\n' "$html" | grep -q 'plancher national appliqué' || { echo "html : plancher de lille/gardiennage non dit"; fail=1; }
exit $fail
