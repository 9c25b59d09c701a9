#!/usr/bin/env bash
# tests/cli/eval-personal.sh: no participant attribute or id comes out of charte eval, in any format or language, even from rejected rows; charte explain and eval --derivations give a participant's pseudonymous id and the charter's words, never a value of its row.
set -u
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
AMP=$ROOT/examples/amp/amp.charte
d=$tmp/donnees; mkdir "$d"
printf 'marche;famille;maitre_ouvrage;perimetre;montant_ht;date_notification;heures_travaillees\nM1;nettoyage;13 Habitat;air_bel;100 000;01/03/2022;4800\n' > "$d/marches.csv"
{
  echo 'participant;nom;sexe;date_naissance;qpv;date_entree;mois_inscription;rsa;ass;aah;rqth;niveau;pass_iae'
  for i in $(seq 1 30); do echo "PXQ$((9100 + i));Zébulonnet;F;14/07/1913;QZ987654;10/01/2022;37;oui;non;oui;oui;2;oui"; done
  echo 'PXQ9999;Zébulonnet;F;31/02/1917;QZ987654;10/01/2022;37;oui;non;non;non;2;non'
  echo 'PXQ9998;Zébulonnet;W;14/07/1913;QZ987654;10/01/2022;37;oui;non;non;non;2;non'
  echo 'PXQ9997;Zébulonnet;F;14/07/1913;QZ987654;10/01/2022;0;non;non;non;non;5;non'
} > "$d/participants.csv"
{
  echo 'marche;participant;mois;heures;modalite'
  for i in $(seq 1 30); do echo "M1;PXQ$((9100 + i));04/2022;10;etti"; done
  echo 'M1;PXQ9999;04/2022;10;etti'
  echo 'M1;PXQ7777;04/2022;10;etti'
  echo 'M1;PXQ9997;04/2022;10;etti'
} > "$d/heures.csv"
fail=0
for fmt in text json csv html; do
  for lang in fr en; do
    out=$("$CHARTE" eval "$AMP" --donnees "$d" --au 2022-12-31 --format $fmt --lang $lang 2>&1); rc=$?
    [ $rc -eq 0 ] || { echo "$fmt $lang : exit $rc"; fail=1; }
    printf '%s' "$out" | grep -q 'M1' || { echo "$fmt $lang : rapport sans M1"; fail=1; }
    # The HTML report's charter digest is hex of the charter's path and text: any
    # four digits may occur in it (« 1917 » does, for some checkouts' paths).
    out=$(printf '%s' "$out" | sed -E 's/SHA-256 [0-9a-f]{64}">[0-9a-f]{12}/SHA-256/g')
    for secret in PXQ 1913 1917 QZ987654 Zébulonnet '31/02' ';W;' '"W"' "« W »" "'W'"; do
      if printf '%s' "$out" | grep -qF -- "$secret"; then
        echo "$fmt $lang : « $secret » apparaît dans la sortie"; fail=1
      fi
    done
  done
done
# explain names a participant by its id (the export's pseudonym) and quotes the charter's
# conditions that failed: none of the row's values, in any format or language.
for fmt in text json; do
  for lang in fr en; do
    out=$("$CHARTE" explain "$AMP" --donnees "$d" --au 2022-12-31 --format $fmt --lang $lang M1 2>&1); rc=$?
    [ $rc -eq 0 ] || { echo "explain $fmt $lang : exit $rc"; fail=1; }
    printf '%s' "$out" | grep -q 'PXQ9997' || { echo "explain $fmt $lang : le participant non éligible n'est pas nommé"; fail=1; }
    printf '%s' "$out" | grep -q 'minima_sociaux' || { echo "explain $fmt $lang : la condition non remplie n'est pas citée"; fail=1; }
    out="$out$("$CHARTE" eval "$AMP" --donnees "$d" --au 2022-12-31 --format json --derivations --lang $lang 2>&1)"
    for secret in 1913 1917 QZ987654 Zébulonnet '31/02' ';W;' '"W"' "« W »" "'W'" '“W”'; do
      if printf '%s' "$out" | grep -qF -- "$secret"; then
        echo "explain $fmt $lang : « $secret » apparaît dans la sortie"; fail=1
      fi
    done
  done
done
exit $fail
