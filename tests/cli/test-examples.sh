#!/usr/bin/env bash
# tests/cli/test-examples.sh: charte test passes on the AMP charter, fails with located messages when a rule is broken, and says how to use it.
set -u
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0
out=$("$CHARTE" test "$ROOT/examples/amp/amp.charte" 2>&1); rc=$?
[ $rc -eq 0 ] || { echo "charte test amp.charte : exit $rc"; printf '%s\n' "$out" | tail -20; fail=1; }
printf '%s\n' "$out" | tail -n 1 | grep -Eq '^[1-9][0-9]* passed, 0 failed$' || { echo "dernière ligne inattendue"; fail=1; }

# Break one rule at a time in a copy: at least one example must fail, with its location.
break_rule() {  # break_rule NAME SED-EXPRESSION
  local name=$1 expr=$2 copy=$tmp/amp-$1.charte
  sed "$expr" "$ROOT/examples/amp/amp.charte" > "$copy"
  if cmp -s "$copy" "$ROOT/examples/amp/amp.charte"; then echo "$name : la modification ne change rien"; fail=1; return; fi
  out=$(cd "$tmp" && "$CHARTE" test "amp-$name.charte" 2>&1); rc=$?
  if [ $rc -ne 1 ]; then echo "$name : exit $rc, attendu 1"; printf '%s\n' "$out" | tail -5; fail=1; return; fi
  printf '%s\n' "$out" | grep -Eq "^amp-$name\.charte:[0-9]+:[0-9]+: échec: exemple « " || { echo "$name : échec sans emplacement"; printf '%s\n' "$out" | head -5; fail=1; }
  printf '%s\n' "$out" | tail -n 1 | grep -Eq '^[0-9]+ passed, [1-9][0-9]* failed$' || { echo "$name : dernière ligne inattendue"; fail=1; }
}
break_rule air-bel    's/^\(  | air_bel   | nettoyage   | \)15 %/\114 %/'
break_rule periode    's/éligibilité valable 24 mois/éligibilité valable 23 mois/'
break_rule formation  's/dans la limite de 20 %/dans la limite de 25 %/'
break_rule arrondi    "s/arrondies à l'heure supérieure/arrondies à l'heure inférieure/"
break_rule avenant1   's/à partir du 01\/01\/2023/à partir du 01\/02\/2023/'

out=$("$CHARTE" test 2>&1); rc=$?
[ $rc -eq 2 ] || { echo "charte test sans fichier : exit $rc, attendu 2"; fail=1; }
out=$("$CHARTE" test "$tmp/absent.charte" 2>&1); rc=$?
[ $rc -eq 2 ] || { echo "charte test fichier absent : exit $rc, attendu 2"; fail=1; }
out=$(cd "$tmp" && "$CHARTE" test --lang en amp-air-bel.charte 2>&1)
# The failure line (docs/evaluation.md §9): the GNU head "file:line:column: échec:" / "failure:",
# then the language's own typography and quotes; no French word or quote in English.
printf '%s\n' "$out" | grep -Eq '^amp-air-bel\.charte:[0-9]+:[0-9]+: failure: example “Nettoyage : 15 % à Air Bel[^”]*”: NB1: expected rate 15 %, got 14 %$' \
  || { echo "--lang en : ligne d'échec inattendue"; printf '%s\n' "$out" | head -3; fail=1; }
printf '%s\n' "$out" | grep -q 'échec\|exemple\|attendu\|obtenu\|"' && { echo "--lang en : mot ou guillemet français"; fail=1; }
out=$(cd "$tmp" && "$CHARTE" test amp-air-bel.charte 2>&1)
printf '%s\n' "$out" | grep -Eq '^amp-air-bel\.charte:[0-9]+:[0-9]+: échec: exemple « Nettoyage : 15 % à Air Bel[^»]*» : NB1 : taux attendu 15 %, obtenu 14 %$' \
  || { echo "fr : ligne d'échec inattendue"; printf '%s\n' "$out" | head -3; fail=1; }
exit $fail
