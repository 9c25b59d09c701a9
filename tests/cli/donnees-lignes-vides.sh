#!/usr/bin/env bash
# tests/cli/donnees-lignes-vides.sh: a CSV row of separators only (";;;;;;", what a spreadsheet exports for a row it once formatted, between the rows or at the end) is a blank line, as docs/donnees.md says and as a workbook's empty row is: not read, not rejected, the same report as without it, with 1 and 2 threads; a row with a value, or one separator too many, is still a row.
set -u
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
AMP=$ROOT/examples/amp/amp.charte
DATA=$ROOT/examples/amp/donnees
fail=0

# The AMP tables with separator-only rows inside and after them (CRLF, as Excel writes).
mkdir "$tmp/vides"; cp "$DATA"/*.csv "$tmp/vides"/
for t in marches participants heures; do
  /usr/bin/python3 - "$DATA/$t.csv" "$tmp/vides/$t.csv" <<'EOP'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline=''), delimiter=';'))
blank = [''] * len(rows[0])
out = [rows[0]] + [x for i, r in enumerate(rows[1:]) for x in ([r, blank] if i % 7 == 3 else [r])] + [blank, blank]
csv.writer(open(sys.argv[2], 'w', encoding='utf-8-sig', newline=''), delimiter=';', lineterminator='\r\n').writerows(out)
EOP
done
grep -q $'^;;;;\r$' "$tmp/vides/heures.csv" || { echo "aucune ligne de séparateurs écrite"; fail=1; }

# Rows and reasons without the lines (their numbers shift): the same as the data without the blank rows.
summary() { /usr/bin/python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
print(json.dumps(d["lignes"], sort_keys=True))
for m in d["marches"]: print(m["marche"], m["statut"], m["heures_realisees"])
for x in d["rejets"]: print(x["fichier"], x["motif"].split(" (déjà lu")[0].split(", ligne")[0])' "$1"; }
"$CHARTE" eval "$AMP" --donnees "$DATA" --au 2025-12-31 --format json >"$tmp/ref.json" || { echo "AMP : échec"; exit 1; }
summary "$tmp/ref.json" >"$tmp/ref.txt"
for threads in 1 2; do
  "$CHARTE" eval "$AMP" --donnees "$tmp/vides" --au 2025-12-31 --format json --threads $threads >"$tmp/vides.json" 2>"$tmp/err" \
    || { echo "vides ($threads fils) : échec :"; cat "$tmp/err"; fail=1; continue; }
  summary "$tmp/vides.json" >"$tmp/vides.txt"
  diff "$tmp/ref.txt" "$tmp/vides.txt" >/dev/null || { echo "vides ($threads fils) : lignes ou rejets différents :"; diff "$tmp/ref.txt" "$tmp/vides.txt" | head; fail=1; }
done
grep -q 'valeur manquante' "$tmp/vides.json" && { echo "vides : une ligne de séparateurs rejetée"; fail=1; }

# Still rows: a row with one value among the separators, and a row with one separator too many.
mkdir "$tmp/pleines"; cp "$DATA"/*.csv "$tmp/pleines"/
printf ';;;12;\r\n;;;;;\r\n' >>"$tmp/pleines/heures.csv"
"$CHARTE" eval "$AMP" --donnees "$tmp/pleines" --au 2025-12-31 >"$tmp/out.fr" 2>&1
"$CHARTE" eval "$AMP" --donnees "$tmp/pleines" --au 2025-12-31 --lang en >"$tmp/out.en" 2>&1
n=$(wc -l <"$tmp/pleines/heures.csv")
for want in "fr:heures.csv:$((n - 1)) : colonne « marche » : valeur manquante" \
            "fr:heures.csv:$n : 6 champs au lieu de 5 (en-tête)" \
            "en:heures.csv:$((n - 1)): column “marche”: missing value"; do
  grep -qF -- "${want#*:}" "$tmp/out.${want%%:*}" || { echo "pleines (${want%%:*}) : attendu « ${want#*:} » :"; grep 'heures.csv:' "$tmp/out.${want%%:*}"; fail=1; }
done
exit $fail
