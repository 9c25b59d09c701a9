#!/usr/bin/env bash
# tests/cli/donnees-saisies.sh: cells typed as a person types them, refused with what to do, in both languages (and a total row pasted under the data, or a second export's header, said to be one): hours as hours and minutes (7 h 30, 7h30, 7:30: "write 7,5", never read as 7,30), and a date or a month as the bare serial number a spreadsheet keeps behind a date (44986), in a CSV and in a workbook; a number of hours, a year or a date still reads as before.
set -u
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
AMP=$ROOT/examples/amp/amp.charte
DATA=$ROOT/examples/amp/donnees
fail=0
# said OUT LABEL WANT…: each WANT, "fr:LINE" or "en:LINE", is a whole line of OUT.fr or OUT.en
# (a rejected row's line, indented by two spaces).
said() {
  local out=$1 label=$2 want; shift 2
  for want; do
    grep -qxF -- "  ${want#*:}" "$out.${want%%:*}" \
      || { echo "$label (${want%%:*}) : attendu « ${want#*:} » :"; grep 'heures.csv:' "$out.${want%%:*}" | tail -8; fail=1; }
  done
}

d=$tmp/saisies; mkdir "$d"; cp "$DATA"/*.csv "$d"/
n=$(wc -l <"$d/heures.csv")
printf 'M0019;P00073;02/2023;7 h 30;ai\r\nM0019;P00073;03/2023;7h30;ai\r\nM0019;P00073;04/2023;7:30;ai\r\nM0019;P00073;44986;7,5;ai\r\nM0019;P00073;2023;7,5;ai\r\nM0019;P00073;05/2023;7,5 h;ai\r\n' >>"$d/heures.csv"
"$CHARTE" eval "$AMP" --donnees "$d" --au 2025-12-31 >"$tmp/out.fr" 2>&1
"$CHARTE" eval "$AMP" --donnees "$d" --au 2025-12-31 --lang en >"$tmp/out.en" 2>&1
hm_fr="heures en décimales attendues : 7 h 30 s'écrit 7,5 (les minutes divisées par 60)"
hm_en="hours expected in decimals: 7 h 30 is written 7.5 (the minutes divided by 60)"
serial_fr="un nombre seul est le numéro de série qu'un tableur garde derrière une date : donnez à la colonne le format date avant d'exporter"
serial_en="a bare number is the serial number a spreadsheet keeps behind a date: give the column the date format before exporting"
said "$tmp/out" saisie "fr:heures.csv:$((n + 1)) : colonne « heures » : « 7 h 30 » invalide ; $hm_fr" \
            "fr:heures.csv:$((n + 2)) : colonne « heures » : « 7h30 » invalide ; $hm_fr" \
            "fr:heures.csv:$((n + 3)) : colonne « heures » : « 7:30 » invalide ; $hm_fr" \
            "en:heures.csv:$((n + 1)): column “heures”: invalid value “7 h 30”; $hm_en" \
            "fr:heures.csv:$((n + 4)) : colonne « mois » : « 44986 » invalide ; mois attendu (mm/aaaa ou aaaa-mm) ; $serial_fr" \
            "en:heures.csv:$((n + 4)): column “mois”: invalid value “44986”; month expected (mm/yyyy or yyyy-mm); $serial_en" \
            "fr:heures.csv:$((n + 5)) : colonne « mois » : « 2023 » invalide ; mois attendu (mm/aaaa ou aaaa-mm)"
grep -q "heures.csv:$((n + 6))" "$tmp/out.fr" && { echo "7,5 h rejeté"; fail=1; }
grep "heures.csv:$((n + 5))" "$tmp/out.fr" | grep -q 'numéro de série' && { echo "une année dite numéro de série"; fail=1; }

# A total row pasted under the data (first cell written « Total », « TOTAL GÉNÉRAL », « Sous-total »):
# its reason says what it looks like and what to do, in both languages and whatever the threads;
# a rejected row whose later cell, or first cell, merely starts with "Total" (Totalement,
# TOTALENERGIES-01) gets no such hint.
t=$tmp/totaux; mkdir "$t"; cp "$DATA"/*.csv "$t"/
n=$(wc -l <"$t/heures.csv")
printf 'Total;;;4 800;\r\n;TOTAL GÉNÉRAL;;4 800;\r\nSous-total;;;12;\r\nM0001;;Totalement;3;\r\nTOTALENERGIES-01;;;3;\r\n' >>"$t/heures.csv"
tot_fr="(une ligne de total ? Les totaux ne sont pas des données : retirez-la de l'export)"
tot_en="(a total row? Totals are not data: remove it from the export)"
# every empty cell of the row is named, not only the first (whatever the threads too)
rest_fr="colonne « mois » : valeur manquante — colonne « modalite » : valeur manquante"
for threads in 1 2; do
  "$CHARTE" eval "$AMP" --donnees "$t" --au 2025-12-31 --threads $threads >"$tmp/tot.fr" 2>&1
  "$CHARTE" eval "$AMP" --donnees "$t" --au 2025-12-31 --threads $threads --lang en >"$tmp/tot.en" 2>&1
  said "$tmp/tot" "total ($threads fils)" "fr:heures.csv:$((n + 1)) : colonne « participant » : valeur manquante — $rest_fr $tot_fr" \
              "fr:heures.csv:$((n + 2)) : colonne « marche » : valeur manquante — $rest_fr $tot_fr" \
              "fr:heures.csv:$((n + 3)) : colonne « participant » : valeur manquante — $rest_fr $tot_fr" \
              "fr:heures.csv:$((n + 4)) : colonne « participant » : valeur manquante — colonne « mois » : « Totalement » invalide ; mois attendu (mm/aaaa ou aaaa-mm) — colonne « modalite » : valeur manquante" \
              "fr:heures.csv:$((n + 5)) : colonne « participant » : valeur manquante — $rest_fr" \
              "en:heures.csv:$((n + 1)): column “participant”: missing value — column “mois”: missing value — column “modalite”: missing value $tot_en"
done

# Quarterly exports put end to end (cat T1.csv T2.csv > heures.csv): the second export's header,
# with its BOM, or in capitals, is rejected as a repeated header with what to do, in both languages
# and whatever the threads; a row that names only some columns (Marché;Participant;…) gets no such
# hint (its month invalid), nor does a row of the header's names in other columns.
t=$tmp/exports; mkdir "$t"; cp "$DATA"/*.csv "$t"/
n=$(wc -l <"$t/heures.csv")
printf '\xef\xbb\xbfMarch\xc3\xa9;Participant;Mois;Heures;Modalit\xc3\xa9\r\nM0019;P00073;02/2024;7,5;ai\r\nMARCHE;participant;MOIS;heures;modalite\r\nMarch\xc3\xa9;Participant;Mois;7;ai\r\nParticipant;March\xc3\xa9;Mois;Heures;Modalit\xc3\xa9\r\n' >>"$t/heures.csv"
rep_fr="en-tête répété (deux exports mis bout à bout ?) : un en-tête n'est pas une donnée ; retirez cette ligne, et vérifiez qu'aucune ligne n'y figure deux fois"
rep_en="header repeated (two exports put end to end?): a header is no data; remove this row, and check that no row is there twice"
for threads in 1 2; do
  "$CHARTE" eval "$AMP" --donnees "$t" --au 2025-12-31 --threads $threads >"$tmp/rep.fr" 2>&1
  "$CHARTE" eval "$AMP" --donnees "$t" --au 2025-12-31 --threads $threads --lang en >"$tmp/rep.en" 2>&1
  said "$tmp/rep" "en-tête répété ($threads fils)" "fr:heures.csv:$((n + 1)) : $rep_fr" "fr:heures.csv:$((n + 3)) : $rep_fr" \
              "en:heures.csv:$((n + 1)): $rep_en"
  grep -q "heures.csv:$((n + 2)) " "$tmp/rep.fr" && { echo "en-tête répété : la ligne de données suivante rejetée"; fail=1; }
  for k in 4 5; do
    grep "heures.csv:$((n + k)) " "$tmp/rep.fr" | grep -q 'en-tête' && { echo "en-tête répété : ligne $((n + k)) dite en-tête"; fail=1; }
  done
done

# In a workbook: a contract's notification date as a serial in a cell without a date format, and
# a total row under the contracts.
/usr/bin/python3 - "$tmp/classeur.xlsx" <<'EOP'
import openpyxl, sys
wb = openpyxl.Workbook(); ws = wb.active; ws.title = 'Marchés'
ws.append(['Marché', 'Famille', "Maître d'ouvrage", 'Périmètre', 'Montant HT', 'Date de notification'])
ws.append(['K1', 'nettoyage', 'Ville de Marseille', 'marseille', 100000, 44927])
ws.append(['Total', None, None, None, 100000, None])
p = wb.create_sheet('Participants'); p.append(['Participant', 'Sexe', 'Date de naissance', "Date d'entrée"])
h = wb.create_sheet('Heures'); h.append(['Marché', 'Participant', 'Mois', 'Heures', 'Modalité'])
h.append(['Marché', 'Participant', 'Mois', 'Heures', 'Modalité'])
wb.save(sys.argv[1])
EOP
"$CHARTE" eval "$AMP" --donnees "$tmp/classeur.xlsx" --au 2025-12-31 >"$tmp/out.fr" 2>&1
grep -qxF "  classeur.xlsx:Marchés!A2 : colonne « date_notification » : « 44927 » invalide ; date attendue (jj/mm/aaaa ou aaaa-mm-jj) ; $serial_fr" "$tmp/out.fr" \
  || { echo "classeur : attendu le numéro de série :"; grep 'xlsx:' "$tmp/out.fr"; fail=1; }
grep -q "^  classeur.xlsx:Marchés!A3 : .* $tot_fr\$" "$tmp/out.fr" \
  || { echo "classeur : ligne de total attendue :"; grep 'xlsx:' "$tmp/out.fr"; fail=1; }
grep -qxF "  classeur.xlsx:Heures!A2 : $rep_fr" "$tmp/out.fr" \
  || { echo "classeur : en-tête répété attendu :"; grep 'xlsx:' "$tmp/out.fr"; fail=1; }
exit $fail
