#!/usr/bin/env bash
# tests/cli/classeurs-sortie.sh: --format xlsx and ods (issue 11 §4): read back by independent readers (openpyxl, odfpy), cell for cell against the JSON report, its notes too; safe -o; never to a terminal; same run, same bytes.
#
# Both passes run every case; the workbooks written are read back by one python3 run (later).
set -u
: "${CHARTE:?}" "${ROOT:?}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
PY=/usr/bin/python3
AMP=$ROOT/examples/amp/amp.charte
DATA=$ROOT/examples/amp/donnees
fail=0
# Every workbook is read back by one python3 run at the end (openpyxl and odfpy loaded once):
# later MESSAGE ARG... <<'EOF' PROGRAM EOF keeps PROGRAM (read from stdin) to run with ARG... as
# its sys.argv[1:]; checks_run runs each in turn, and says MESSAGE (when not empty) of each that
# exits other than 0 or raises. Each file named must not change after.
mkdir "$tmp/later"
later_n=0
later() {
  later_n=$((later_n + 1))
  printf '%s' "$1" >"$tmp/later/$later_n.msg"
  shift
  printf '%s\0' "$@" >"$tmp/later/$later_n.args"
  cat >"$tmp/later/$later_n.py"
}
checks_run() {
  "$PY" - "$tmp/later" "$later_n" <<'EOF'
import sys, traceback
where, n = sys.argv[1], int(sys.argv[2])
failed = 0
for i in range(1, n + 1):
    program = open("%s/%d.py" % (where, i)).read()
    sys.argv = ["-"] + open("%s/%d.args" % (where, i)).read().split("\0")[:-1]
    try:
        exec(compile(program, "later %d" % i, "exec"), {"__name__": "__main__"})
        code = 0
    except SystemExit as e:
        code = e.code
        if isinstance(code, str):
            print(code)
    except Exception:
        traceback.print_exc()
        code = 1
    if code:
        message = open("%s/%d.msg" % (where, i)).read()
        if message:
            print(message)
        failed = 1
sys.stdout.flush()
sys.exit(failed)
EOF
}

# Each data set read back: the demo, the hires case (targets of hires, which the demo has none of),
# and rows with several invalid cells (each reason named in the workbook as in the JSON).
HIRES=$ROOT/tests/eval/embauches
CELLS=$ROOT/tests/eval/cas/rejets-cellules
# and the demo's data with notes (a code read without its case, an export left in a file of its
# own): the Synthèse sheet ends with them, as every other format says them.
NOTES=$tmp/notes; mkdir "$NOTES"; cp "$DATA"/*.csv "$NOTES"/; cp "$DATA/heures.csv" "$NOTES/heures-2024.csv"
sed -i '2s/;ai/;AI/' "$NOTES/heures.csv"
for set in demo embauches cellules notes; do
case $set in
  demo) run() { "$CHARTE" eval "$AMP" --donnees "$DATA" --au 2025-12-31 "$@"; } ;;
  embauches) run() { (cd "$HIRES" && "$CHARTE" eval charte.charte --donnees . --au "$(cat au)" "$@"); } ;;
  cellules) run() { (cd "$CELLS" && "$CHARTE" eval ../charte.charte --donnees . --au "$(cat au)" "$@"); } ;;
  notes) run() { "$CHARTE" eval "$AMP" --donnees "$NOTES" --au 2025-12-31 "$@"; } ;;
esac
run --format json -o "$tmp/$set.json" || { echo "$set, json : exit $?"; exit 1; }
for f in xlsx ods; do
  run --format $f -o "$tmp/$set.$f" 2>"$tmp/err" \
    || { echo "$set, $f : exit $?"; cat "$tmp/err"; fail=1; continue; }
  [ $set = demo ] && cp "$tmp/$set.$f" "$tmp/r.$f" && cp "$tmp/$set.json" "$tmp/r.json"
  later "($set)" "$tmp/$set.json" "$tmp/$set.$f" "$f" <<'EOF'
import datetime, json, sys
from decimal import Decimal
report, path, fmt = json.load(open(sys.argv[1])), sys.argv[2], sys.argv[3]

def sheets_xlsx(p):
    import openpyxl
    wb = openpyxl.load_workbook(p)
    out = {}
    for ws in wb.worksheets:
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        out[ws.title] = rows
        assert ws.freeze_panes == "A2", (ws.title, ws.freeze_panes)
        assert ws.column_dimensions["A"].width and ws.column_dimensions["A"].width > 5, ws.title
    return out, wb

def sheets_ods(p):
    from odf.opendocument import load
    from odf.table import Table, TableRow, TableCell
    from odf.namespaces import OFFICENS, TABLENS
    doc = load(p)
    out = {}
    for t in doc.spreadsheet.getElementsByType(Table):
        rows = []
        for tr in t.getElementsByType(TableRow):
            row = []
            for c in tr.childNodes:
                if c.qname[1] not in ("table-cell", "covered-table-cell"):
                    continue
                n = int(c.attributes.get((TABLENS, "number-columns-repeated"), 1))
                vt = c.attributes.get((OFFICENS, "value-type"))
                if vt in ("float", "percentage", "currency"):
                    v = Decimal(c.attributes[(OFFICENS, "value")])
                elif vt == "date":
                    v = datetime.datetime.fromisoformat(c.attributes[(OFFICENS, "date-value")])
                elif vt == "boolean":
                    v = c.attributes[(OFFICENS, "boolean-value")] == "true"
                elif vt == "string":
                    v = "\n".join(str(p) for p in c.childNodes)
                else:
                    v = None
                row.extend([v] * n)
            rows.append(row)
        out[t.getAttribute("name")] = rows
    return out, None

sheets, _ = sheets_xlsx(path) if fmt == "xlsx" else sheets_ods(path)
errors = []

def num(v):
    """A cell read back as the exact decimal it holds: a float's shortest text, or a text cell's."""
    if v is None:
        return None
    if isinstance(v, bool):
        raise ValueError(v)
    if isinstance(v, float):
        return Decimal(repr(v))
    return Decimal(str(v))

def same(where, cell, expected, kind="num"):
    if expected is None:
        ok = cell in (None, "")
    elif kind == "num":
        ok = cell is not None and num(cell) == Decimal(str(expected))
    elif kind == "pct":
        ok = cell is not None and num(cell) * 100 == Decimal(str(expected))
    elif kind == "date":
        ok = isinstance(cell, datetime.datetime) and cell.date().isoformat() == expected
    else:
        ok = cell == expected
    if not ok:
        errors.append("%s: lu %r, attendu %r" % (where, cell, expected))

want = ["Synthèse", "Marchés"] + (["Objectifs mutualisés"] if report.get("mutualisations") else []) \
     + (["Embauches"] if "embauches" in report else []) \
     + ["Agrégats par famille", "Agrégats par périmètre", "Agrégats par maître d'ouvrage"] \
     + (["Heures exemptées par les seuils"] if report.get("exemptions_seuils") else []) \
     + ["Indicateurs", "Lignes non comptées et rejetées"]
if list(sheets) != want:
    errors.append("feuilles %r" % list(sheets))

summary = {r[0]: r[1] for r in sheets["Synthèse"][1:]}
same("Synthèse/Charte", summary["Charte"], report["charte"], "text")
same("Synthèse/au", summary["Évaluée au"], report["au"], "date")
if not (isinstance(summary["Version de la charte (empreinte)"], str) and len(summary["Version de la charte (empreinte)"]) >= 12):
    errors.append("Synthèse : empreinte de la charte absente")
same("Synthèse/marchés", summary["Marchés"], len(report["marches"]))
notes = [r[1] for r in sheets["Synthèse"][1:] if r[0] == "Note"]
if notes != report["notes"]:
    errors.append("Synthèse : notes %r, attendues %r" % (notes, report["notes"]))

rows = sheets["Marchés"][1:]
if len(rows) != len(report["marches"]):
    errors.append("Marchés : %d lignes pour %d marchés" % (len(rows), len(report["marches"])))
cols = [("marche", "text"), ("intitule", "text"), ("famille", "text"), ("perimetre", "text"), ("maitre_ouvrage", "text"),
        ("montant_ht", "num"), ("date_notification", "date"), ("statut", "text"), ("taux", "pct"), ("seuil", "num"),
        ("heures_base", "num"), ("heures_base_estimees", "text"), ("objectif_fixe", "num"), ("heures_objectif", "num"),
        ("heures_realisees", "num"), ("ecart", "num")]
for row, c in zip(rows, report["marches"]):
    for i, (key, kind) in enumerate(cols):
        same("Marchés/%s/%s" % (c["marche"], key), row[i], c[key], kind)
    same("Marchés/%s/articles" % c["marche"], row[16], " ; ".join(c["articles"]) or None, "text")

for name, key in [("Agrégats par famille", "familles"), ("Agrégats par périmètre", "perimetres"),
                  ("Agrégats par maître d'ouvrage", "maitres_ouvrage")]:
    rows = sheets[name][1:]
    if len(rows) != len(report["agregats"][key]):
        errors.append("%s : %d lignes" % (name, len(rows)))
    for row, a in zip(rows, report["agregats"][key]):
        w = "%s/%s" % (name, a["cle"])
        same(w + "/cle", row[0], a["cle"], "text")
        same(w + "/nom", row[1], a.get("nom"), "text")
        for i, k in [(2, "marches"), (3, "soumis"), (4, "atteints"), (5, "heures_objectif"), (6, "heures_realisees")]:
            same(w + "/" + k, row[i], a[k])
        same(w + "/taux", row[7], a["taux_realisation"], "pct")

ind_rows = sheets["Indicateurs"][1:]
i = 0
for ind in report["indicateurs"]["liste"]:
    kind = "pct" if ind["type"] == "part" else "num"
    row = ind_rows[i]; i += 1
    w = "Indicateurs/" + ind["indicateur"]
    same(w + "/id", row[0], ind["indicateur"], "text")
    same(w + "/valeur", row[4], ind["valeur"], "text" if ind["valeur"] == "secret" else kind)
    if "objectif" in ind:
        same(w + "/objectif", row[5], ind["objectif"], kind)
        same(w + "/atteint", row[6], ind["objectif_atteint"], "text")
    for case in ind.get("cases", []):
        row = ind_rows[i]; i += 1
        same(w + "/" + case["categorie"], row[3], case["categorie"], "text")
        same(w + "/" + case["categorie"] + "/valeur", row[4], case["valeur"], "text" if case["valeur"] == "secret" else kind)
if i != len(ind_rows):
    errors.append("Indicateurs : %d lignes lues, %d attendues" % (len(ind_rows), i))

# Hires: each target, the total, by scope, by owner, in the JSON's order, kind in column A.
if "embauches" in report:
    h = report["embauches"]
    rows = sheets["Embauches"][1:]
    expected = [("objectif", t) for t in h["objectifs"]] + [("total", {"embauches": h["comptees"], "eligibles": h["eligibles"]})] \
        + [("perimetre", a) for a in h["perimetres"]] + [("maitre_ouvrage", a) for a in h["maitres_ouvrage"]]
    if len(rows) != len(expected):
        errors.append("Embauches : %d lignes pour %d attendues" % (len(rows), len(expected)))
    for n, (row, (kind, x)) in enumerate(zip(rows, expected)):
        w = "Embauches/%d/%s" % (n + 2, kind)
        same(w, row[0], kind, "text")
        same(w + "/embauches", row[7], x["embauches"])
        same(w + "/eligibles", row[8], x["eligibles"])
        if kind == "objectif":
            for i, k, t in [(1, "perimetre", "text"), (2, "maitre_ouvrage", "text"), (3, "nature", "text"), (5, "statut", "text"),
                            (6, "taux", "pct"), (9, "part", "pct"), (10, "objectif", "num"), (11, "ecart", "num")]:
                same(w + "/" + k, row[i], x[k], t)
            same(w + "/articles", row[12], " ; ".join(x["articles"]), "text")
        elif kind != "total":
            same(w + "/cle", row[1 if kind == "perimetre" else 2], x["cle"], "text")
            same(w + "/nom", row[4], x.get("nom"), "text")
            same(w + "/part", row[9], x["part"], "pct")

lines = sheets["Lignes non comptées et rejetées"][1:]
counts = {(r[0], r[1]): r[2] for r in lines if r[0]}
for t, k in report["lignes"].items():
    for cat in ("lues", "comptees", "non_comptees", "rejetees"):
        same("Lignes/%s/%s" % (t, cat), counts.get((t, cat)), k[cat])
    for code, n in report["non_comptees"][t].items():
        same("Lignes/%s/%s" % (t, code), counts.get((t, "non_comptee:" + code)), n)
rejects = [r for r in lines if r[1] == "rejetee"]
if len(rejects) != len(report["rejets"]):
    errors.append("rejets : %d lus, %d attendus" % (len(rejects), len(report["rejets"])))
for row, r in zip(rejects, report["rejets"]):
    same("rejet/fichier", row[3], r["fichier"], "text")
    same("rejet/ligne", row[4], r["ligne"])
    same("rejet/motif", row[6], r["motif"], "text")

if errors:
    print(fmt, ":", len(errors), "différences")
    print("\n".join(errors[:20]))
    sys.exit(1)
EOF
done
done

# The same run gives the same bytes (no clock inside the workbook).
for f in xlsx ods; do
  "$CHARTE" eval "$AMP" --donnees "$DATA" --au 2025-12-31 --format $f -o "$tmp/s.$f" 2>/dev/null
  cmp -s "$tmp/r.$f" "$tmp/s.$f" || { echo "$f : deux exécutions, deux classeurs différents"; fail=1; }
done

# A whole number has a format without decimals: the spreadsheets show "#,##0.##"'s decimal
# separator even when no decimal follows it (200 as "200,"); a number with decimals keeps it.
later "classeurs : format des nombres entiers" "$tmp/r.xlsx" "$tmp/r.ods" <<'EOF'
import re, sys, zipfile, openpyxl
bad, whole, frac = [], 0, 0
for ws in openpyxl.load_workbook(sys.argv[1]).worksheets:
    for row in ws.iter_rows():
        for c in row:
            if isinstance(c.value, (int, float)) and not isinstance(c.value, bool) and c.number_format.startswith("#,##0"):
                want = "#,##0" if float(c.value).is_integer() else "#,##0.##"
                whole += want == "#,##0"; frac += want != "#,##0"
                if c.number_format != want:
                    bad.append("xlsx %s!%s %r %s" % (ws.title, c.coordinate, c.value, c.number_format))
xml = zipfile.ZipFile(sys.argv[2]).read("content.xml").decode()
if not re.search(r'<number:number-style style:name="N5"><number:number number:decimal-places="0"[^>]*number:grouping="true"', xml):
    bad.append("ods : pas de style N5 entier groupé")
for style, value in re.findall(r'table:style-name="(ce[NW])" office:value-type="float" office:value="([^"]*)"', xml):
    if (style == "ceW") != ("." not in value):
        bad.append("ods %s %s" % (style, value))
print("\n".join(bad[:5]))
sys.exit(1 if bad or not whole or not frac else 0)
EOF

# A figure of at most 15 significant digits is a number cell, which a spreadsheet sums and sorts:
# libxlsxwriter writes 0.07 as 0.07000000000000001, which every reader parses back to 0.07; as text,
# a rate of 7 % or an amount of 912 965,57 € would be left out of every sum (the demo had six).
later "xlsx : des chiffres d'au plus 15 chiffres écrits en texte" "$tmp/r.xlsx" <<'EOF'
import re, sys, openpyxl
bad = ["%s!%s %r" % (ws.title, c.coordinate, c.value) for ws in openpyxl.load_workbook(sys.argv[1]).worksheets
       for row in ws.iter_rows() for c in row
       if isinstance(c.value, str) and re.fullmatch(r"-?\d+(\.\d+)?", c.value)
       and len(c.value.replace("-", "").replace(".", "").strip("0")) <= 15]
print("\n".join(bad[:5]))
sys.exit(1 if bad else 0)
EOF

# In English, English punctuation: "Contracts: met", articles joined by "; " (no space
# before a colon or a semicolon, the French rule).
"$CHARTE" eval "$AMP" --donnees "$DATA" --au 2025-12-31 --lang en --format xlsx -o "$tmp/en.xlsx" 2>/dev/null
later "xlsx en anglais : ponctuation française, ou « hours done » pour les heures comptées" "$tmp/en.xlsx" <<'EOF'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
labels = [r[0] for r in wb["Summary"].iter_rows(values_only=True)]
bad = [c for ws in wb.worksheets if ws.title in ("Summary", "Contracts") for r in ws.iter_rows(values_only=True)
       for c in r if isinstance(c, str) and (" : " in c or " ; " in c) and "«" not in c]
print(bad[:3])
# The hours a report counts are "counted hours", as in the text and HTML reports: never "hours done"
# (hours worked but not counted are hours done too).
done = sorted({c for ws in wb.worksheets for r in ws.iter_rows(values_only=True) for c in r
               if isinstance(c, str) and "done" in c.lower()})
print(done[:3])
sys.exit(0 if "Contracts: met" in labels and "Counted hours (subject contracts)" in labels and not bad and not done else 1)
EOF

# Statistical secrecy as in every other format: a secret value is the text "secret" where the JSON says so.
if grep -q '"secret"' "$tmp/r.json"; then
  later "xlsx : aucune valeur « secret » alors que le JSON en a" "$tmp/r.xlsx" <<'EOF'
import openpyxl, sys
wb = openpyxl.load_workbook(sys.argv[1])
sys.exit(0 if any(c == 'secret' for ws in wb.worksheets for r in ws.iter_rows(values_only=True) for c in r) else 1)
EOF
fi

# Never to a terminal; never over an input workbook.
if command -v script >/dev/null; then
  script -qec "$CHARTE eval $AMP --donnees $DATA --au 2025-12-31 --format xlsx" /dev/null >"$tmp/tty" 2>&1
  grep -q "un classeur ne s'affiche pas dans un terminal" "$tmp/tty" || { echo "terminal : refus attendu"; head -c 300 "$tmp/tty"; fail=1; }
fi
"$CHARTE" eval "$AMP" --donnees "$DATA" --au 2025-12-31 --format xlsx >"$tmp/pipe.xlsx" 2>/dev/null \
  && cmp -s "$tmp/pipe.xlsx" "$tmp/r.xlsx" || { echo "xlsx vers un tube : différent de -o"; fail=1; }
cp "$ROOT/examples/amp/donnees.xlsx" "$tmp/entree.xlsx"
"$CHARTE" eval "$AMP" --donnees "$tmp/entree.xlsx" --au 2025-12-31 --format xlsx -o "$tmp/entree.xlsx" 2>"$tmp/err"; rc=$?
[ $rc -eq 2 ] && cmp -s "$tmp/entree.xlsx" "$ROOT/examples/amp/donnees.xlsx" \
  || { echo "-o sur le classeur d'entrée : exit $rc, entrée modifiée ?"; cat "$tmp/err"; fail=1; }

# C0836: no temporary file possible; nothing left in place of the output.
TMPDIR=$tmp/absent "$CHARTE" eval "$AMP" --donnees "$DATA" --au 2025-12-31 --format ods -o "$tmp/t.ods" 2>"$tmp/err"; rc=$?
[ $rc -eq 2 ] && grep -q 'error\[C0836\]' "$tmp/err" && [ ! -e "$tmp/t.ods" ] \
  || { echo "C0836 : exit $rc"; cat "$tmp/err"; fail=1; }
# Its whole line in both languages, printed as every other run error (diag_print_run_error): a control
# character of TMPDIR made visible, not sent to the terminal.
for lang in fr en; do
  TMPDIR=$tmp/$'ab\e[31m' "$CHARTE" eval "$AMP" --donnees "$DATA" --au 2025-12-31 --format xlsx --lang $lang >/dev/null 2>"$tmp/err"
  [ $lang = fr ] && want="charte: error[C0836]: impossible de créer un fichier temporaire dans $tmp/ab␛[31m : fichier ou dossier introuvable (ENOENT)" \
                 || want="charte: error[C0836]: cannot create a temporary file in $tmp/ab␛[31m: no such file or folder (ENOENT)"
  [ "$(cat "$tmp/err")" = "$want" ] || { echo "C0836 ($lang) : attendu « $want » :"; cat -v "$tmp/err"; fail=1; }
done

# The example workbooks are current: tools/classeur makes them again, byte for byte.
B=$ROOT/build
if [ -x "$B/classeur" ]; then
  for f in xlsx ods; do
    "$B/classeur" "$DATA" "$tmp/ex.$f" && cmp -s "$tmp/ex.$f" "$ROOT/examples/amp/donnees.$f" \
      || { echo "examples/amp/donnees.$f n'est plus à jour : build/classeur examples/amp/donnees examples/amp/donnees.$f"; fail=1; }
  done
else
  echo "build/classeur manquant (make tools)"; fail=1
fi

# The pools' sheet (only when a charter pools targets): each pool's row read back by openpyxl
# equals its figures in the JSON report.
POOLS=$ROOT/tests/eval/mutualisation
(cd "$POOLS" && "$CHARTE" eval charte.charte --donnees . --au "$(cat au)" --format xlsx -o "$tmp/pools.xlsx" 2>/dev/null \
  && "$CHARTE" eval charte.charte --donnees . --au "$(cat au)" --format json > "$tmp/pools.json" 2>/dev/null) \
  || { echo "mutualisation : évaluation en échec"; fail=1; }
later "" "$tmp/pools.xlsx" "$tmp/pools.json" <<'PY'
import json, sys, warnings
from decimal import Decimal
warnings.simplefilter("ignore")
import openpyxl
ws = openpyxl.load_workbook(sys.argv[1], read_only=True)["Objectifs mutualisés"]
rows = [r for r in ws.iter_rows(values_only=True)][1:]
pools = json.load(open(sys.argv[2]))["mutualisations"]
read = {r[0]: r for r in rows if r[1] is None}
bad = 0
if len(read) != len(pools) or not pools:
    print("mutualisations : %d lignes lues, %d attendues" % (len(read), len(pools))); bad = 1
for p in pools:
    r = read.get(p["mutualisation"])
    want = (p["statut"], p["heures_objectif"], p["heures_realisees"], p["ecart"])
    got = r and (r[5], r[7], r[9], r[10])
    if not r or got[0] != want[0] or any(Decimal(str(a)) != Decimal(str(b)) for a, b in zip(got[1:], want[1:])):
        print("mutualisation %s : lu %r, attendu %r" % (p["mutualisation"], got, want)); bad = 1
    members = [x[1] for x in rows if x[0] == p["mutualisation"] and x[1] is not None]
    if len(members) != len(p["membres"]):
        print("mutualisation %s : %d membres lus, %d attendus" % (p["mutualisation"], len(members), len(p["membres"]))); bad = 1
sys.exit(bad)
PY

# One name for the rate of counted over target hours in every writer of a language: the
# workbook's summary line and aggregate column, the HTML report's key figure and column, the text
# report's column (report_rate_label).
for lang in fr en; do
  rate="Taux de réalisation"; [ $lang = en ] && rate="Achievement rate"
  "$CHARTE" eval "$AMP" --donnees "$DATA" --au 2025-12-31 --lang $lang --format xlsx -o "$tmp/taux-$lang.xlsx" 2>/dev/null
  later "xlsx $lang : « $rate » attendu au résumé et en tête des agrégats" "$tmp/taux-$lang.xlsx" "$rate" <<'EOF'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
summary = [r[0] for r in wb.worksheets[0].iter_rows(values_only=True)]
heads = [c for ws in wb.worksheets for c in next(ws.iter_rows(values_only=True), ())]
sys.exit(0 if sys.argv[2] in summary and sys.argv[2] in heads else 1)
EOF
  n=$("$CHARTE" eval "$AMP" --donnees "$DATA" --au 2025-12-31 --lang $lang --format html 2>/dev/null | grep -o "$rate<" | wc -l)
  [ "$n" -ge 5 ] || { echo "html $lang : « $rate » $n fois (chiffre clé et 4 tableaux attendus)"; fail=1; }
  n=$("$CHARTE" eval "$AMP" --donnees "$DATA" --au 2025-12-31 --lang $lang 2>/dev/null | grep -c " $rate\$")
  [ "$n" -ge 3 ] || { echo "texte $lang : « $rate » $n fois (3 tableaux attendus)"; fail=1; }
done

checks_run || fail=1
exit $fail
