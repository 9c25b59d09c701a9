#!/usr/bin/env bash
# tests/cli/test-attendus.sh: charte test compares a negative expected gap exactly, whichever minus sign the charter writes (-, − or a detached one), and fails on the wrong sign with a located message.
set -u
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0
# 10 % of 1 000 h worked = 100 h; 60 h counted: non_atteint, gap 60 − 100 = −40 h.
charter() {  # charter GAP: the charter with its example expecting that gap
  cat <<CHARTE
charte « Essai : écarts attendus »
  en vigueur du 01/01/2022 au 31/12/2030

utilise anru

article 1 « Périmètres et gouvernance »
  périmètre metro : intercommunal « Métropole » dans national
  comité de pilotage « Comité de pilotage » à l'échelle metro
  structure pilote « Maison de l'emploi »
  bilan annuel

article 2 « Objectifs »
  famille nettoyage : gestion
  objectif à l'échelle metro : nettoyage 10 %

exemple « Un écart négatif »
  au 31/12/2024
  marché N1 : famille nettoyage, périmètre metro, maitre_ouvrage « Office »,
    montant_ht 100 000 €, date_notification 01/02/2022, heures_travaillees 1 000 h
  participant P1 : sexe F, date_naissance 01/05/1985, qpv QN01341M, date_entree 10/01/2022, rsa
  heures : marché N1, participant P1, mois 03/2022, heures 60 h, modalite embauche_directe
  attendu N1 : non_atteint, objectif 100 h, retenu 60 h, écart $1
CHARTE
}
for gap in '-40 h' '− 40 h' '−40 h' '- 40 h'; do
  charter "$gap" > "$tmp/ecart.charte"
  out=$(cd "$tmp" && "$CHARTE" test ecart.charte 2>&1); rc=$?
  [ $rc -eq 0 ] && [ "$out" = "1 passed, 0 failed" ] || { echo "écart « $gap » : exit $rc"; printf '%s\n' "$out"; fail=1; }
done
# The other side: the same figure without its sign, and one hundredth off.
for gap in '40 h' '-39,99 h' '-40,01 h'; do
  charter "$gap" > "$tmp/ecart.charte"
  out=$(cd "$tmp" && "$CHARTE" test ecart.charte 2>&1); rc=$?
  [ $rc -eq 1 ] || { echo "écart « $gap » : exit $rc, attendu 1"; fail=1; }
  printf '%s\n' "$out" | grep -q "^ecart\.charte:22:[0-9]*: échec: exemple « Un écart négatif » : N1 : écart attendu .*, obtenu -40 h$" \
    || { echo "écart « $gap » : message inattendu"; printf '%s\n' "$out"; fail=1; }
done
exit $fail
