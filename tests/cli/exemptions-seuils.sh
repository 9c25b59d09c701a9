#!/usr/bin/env bash
# tests/cli/exemptions-seuils.sh: the hours waived by thresholds (JSON exemptions_seuils) are in the HTML report (a section, a row per family and scope, each figure naming its JSON path) and in the workbook (a sheet, the same rows and figures), on the AMP demo data.
set -u
cd "$ROOT" || exit 1
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
bad=0
complain() { printf 'exemptions-seuils: %s\n' "$*"; bad=1; }
run() { "$CHARTE" eval examples/amp/amp.charte --donnees examples/amp/donnees --au 2025-12-31 "$@"; }
run --format json > "$tmp/r.json" 2>/dev/null || complain "eval json"
n=$(jq '.exemptions_seuils | length' "$tmp/r.json")
[ "$n" -gt 0 ] || complain "les données d'exemple devraient avoir des heures exemptées"
run --format html -o "$tmp/r.html" 2>/dev/null || complain "eval html"
section=$(sed -n '/<section id="exemptions-seuils"/,/<\/section>/p' "$tmp/r.html")
[ -n "$section" ] || complain "HTML : section exemptions-seuils absente"
grep -q 'href="#exemptions-seuils"' "$tmp/r.html" || complain "HTML : section absente du sommaire"
rows=$(grep -o '<tr><th scope="row">' <<<"$section" | wc -l)
[ "$rows" = "$n" ] || complain "HTML : $rows lignes pour $n exemptions"
for k in marches montant_ht heures_base heures_base_inconnues heures_objectif; do
  cells=$(grep -o "data-j=\"exemptions_seuils\.[0-9]*\.$k\"" <<<"$section" | wc -l)
  [ "$cells" = "$n" ] || complain "HTML : $cells cases $k pour $n exemptions"
done
# The first row's waived target, as the page writes it (French, narrow no-break spaces).
first=$(jq -r '.exemptions_seuils[0].heures_objectif' "$tmp/r.json")
shown=$(grep -o 'data-j="exemptions_seuils.0.heures_objectif">[^<]*' <<<"$section" | sed 's/.*">//; s/\xe2\x80\xaf//g; s/h$//; s/,/./')
[ "$shown" = "$first" ] || complain "HTML : objectif exempté « $shown » ≠ $first (JSON)"
# The workbook: one sheet, a row per exemption, the JSON's figures.
run --format xlsx -o "$tmp/r.xlsx" 2>/dev/null || complain "eval xlsx"
/usr/bin/python3 - "$tmp/r.xlsx" "$tmp/r.json" <<'PY' || bad=1
import json, sys
from decimal import Decimal
import openpyxl
ws = openpyxl.load_workbook(sys.argv[1], read_only=True)["Heures exemptées par les seuils"]
rows = list(ws.iter_rows(values_only=True))[1:]
want = json.load(open(sys.argv[2]), parse_float=Decimal)["exemptions_seuils"]
if len(rows) != len(want):
    sys.exit(f"exemptions-seuils: classeur : {len(rows)} lignes pour {len(want)} exemptions")
for r, w in zip(rows, want):
    got = [r[0], r[1], r[2], Decimal(str(r[3])), Decimal(str(r[4])), r[5], Decimal(str(r[6]))]
    exp = [w["famille"], w["perimetre"], w["marches"], w["montant_ht"], w["heures_base"],
           w["heures_base_inconnues"], w["heures_objectif"]]
    if got != exp:
        sys.exit(f"exemptions-seuils: classeur : {got} ≠ {exp}")
PY
exit $bad
