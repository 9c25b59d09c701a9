#!/usr/bin/env bash
# tests/cli/eval-faults.sh: charte eval on missing, malformed or unwritable things: a clear message, exit 1 or 2, never a half-written report.
set -u
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
AMP=$ROOT/examples/amp/amp.charte
fail=0
expect() {  # expect CODE PATTERN -- command...
  local code=$1 pattern=$2; shift 3
  "$@" > "$tmp/out" 2> "$tmp/err"; local rc=$?
  if [ "$rc" -ne "$code" ]; then echo "« $* » : exit $rc, attendu $code"; cat "$tmp/err"; fail=1; return; fi
  if [ -n "$pattern" ] && ! grep -q -- "$pattern" "$tmp/err"; then
    echo "« $* » : message sans « $pattern »"; cat "$tmp/err"; fail=1
  fi
}
d=$tmp/donnees; mkdir "$d"
printf 'marche;famille;maitre_ouvrage;perimetre;montant_ht;date_notification;heures_travaillees\nM1;nettoyage;13 Habitat;air_bel;100 000;01/03/2022;4800\n' > "$d/marches.csv"
printf 'participant;sexe;date_naissance;qpv;date_entree;rsa\nP1;F;01/05/1990;QN01305M;10/01/2022;oui\n' > "$d/participants.csv"
printf 'marche;participant;mois;heures;modalite\nM1;P1;04/2022;720;embauche_directe\n' > "$d/heures.csv"

expect 0 ""            -- "$CHARTE" eval "$AMP" --donnees "$d" --au 2022-12-31
grep -q 'M1' "$tmp/out" || { echo "rapport texte sans M1"; fail=1; }
expect 2 "--donnees"   -- "$CHARTE" eval "$AMP"
expect 2 ""            -- "$CHARTE" eval --donnees "$d"
expect 2 "introuvable" -- "$CHARTE" eval "$AMP" --donnees "$tmp/nulle-part" --au 2022-12-31
expect 2 "--au"        -- "$CHARTE" eval "$AMP" --donnees "$d" --au 31/13/2022
expect 2 "--format"    -- "$CHARTE" eval "$AMP" --donnees "$d" --format xml
expect 2 ""            -- "$CHARTE" eval "$tmp" --donnees "$d"
expect 2 ""            -- "$CHARTE" eval "$tmp/absente.charte" --donnees "$d"

# A charter with errors is not evaluated.
printf 'charte « Cassée »\n\nutilise anru\n\narticle 1 « X »\n  objectif à l'"'"'échelle nulle_part : nettoyage 10 %%\n' > "$tmp/cassee.charte"
expect 1 ""            -- "$CHARTE" eval "$tmp/cassee.charte" --donnees "$d" --au 2022-12-31

# A missing table, an ambiguous one, a missing required column.
mv "$d/heures.csv" "$tmp/h.csv"
expect 2 "heures"      -- "$CHARTE" eval "$AMP" --donnees "$d" --au 2022-12-31
cp "$tmp/h.csv" "$d/heures.csv"; printf '[]\n' > "$d/heures.json"
expect 2 "heures"      -- "$CHARTE" eval "$AMP" --donnees "$d" --au 2022-12-31
rm "$d/heures.json"
printf 'marche;participant;mois;heures\nM1;P1;04/2022;720\n' > "$d/heures.csv"
echo "rapport précédent" > "$tmp/rapport.json"
expect 2 "modalite"    -- "$CHARTE" eval "$AMP" --donnees "$d" --au 2022-12-31 --format json -o "$tmp/rapport.json"
[ "$(cat "$tmp/rapport.json")" = "rapport précédent" ] || { echo "-o écrasé par une évaluation en échec"; fail=1; }
cp "$tmp/h.csv" "$d/heures.csv"

# Output: to a full disk, to a folder, and a good one (no temporary left behind).
expect 2 ""            -- "$CHARTE" eval "$AMP" --donnees "$d" --au 2022-12-31 -o /dev/full
expect 2 "dossier"     -- "$CHARTE" eval "$AMP" --donnees "$d" --au 2022-12-31 -o "$tmp"
expect 0 ""            -- "$CHARTE" eval "$AMP" --donnees "$d" --au 2022-12-31 --format json -o "$tmp/rapport.json"
grep -q '"marche": "M1"' "$tmp/rapport.json" || { echo "-o : rapport JSON incomplet"; fail=1; }
[ -z "$(find "$tmp" -maxdepth 1 -name '.rapport.json.*')" ] || { echo "fichier temporaire laissé"; fail=1; }

# Hostile data: a NUL byte and invalid UTF-8 end with a message, never a signal.
printf 'marche;participant;mois;heures;modalite\nM1;P1;04/2022;7\0000;etti\n' > "$d/heures.csv"
"$CHARTE" eval "$AMP" --donnees "$d" --au 2022-12-31 >/dev/null 2>&1; rc=$?
[ $rc -le 2 ] || { echo "octet NUL : exit $rc"; fail=1; }
exit $fail
