#!/usr/bin/env bash
# tests/cli/donnees-titre.sh: a title row above a table's header (CSV, XLSX, ODS), in both languages, whole error output compared: the hint that a row below seems to be the header comes alone, naming what row 1 holds, instead of one error per missing column; where no row below qualifies, each missing column is said, and a title is never offered as a column's "did you mean", while a real header cell of several words still is.
set -u
. "$ROOT/tests/cli/lib/hostile.sh"
. "$ROOT/tests/cli/lib/fixtures.sh"
PY=/usr/bin/python3   # Debian's, with python3-openpyxl and python3-odf
AMP=$ROOT/examples/amp/amp.charte
DATA=$ROOT/examples/amp/donnees
cd "$tmp"

# golden NAME DATA WANT_FR WANT_EN: charte eval on DATA exits 2 with exactly WANT_* on stderr, per language.
golden() {
  local name=$1 data=$2 lang want rc
  for lang in fr en; do
    [ $lang = fr ] && want=$3 || want=$4
    "$CHARTE" eval "$AMP" --donnees "$data" --au 2022-12-31 --lang $lang >out 2>err
    rc=$?
    if [ $rc -ne 2 ] || [ "$(cat err)" != "$want" ]; then
      echo "$name ($lang) : code $rc (2 attendu), stderr :"; cat err; echo "attendu :"; echo "$want"
      failures=$((failures + 1))
    fi
  done
}

# The audit's case: the title right above the header of heures.csv, the other files as they are.
mkdir X; cp "$DATA"/*.csv X/
{ echo "Heures du 1er trimestre"; cat "$DATA/heures.csv"; } >X/heures.csv
golden csv X \
  "X/heures.csv: error[C0806]: la ligne 2 semble être l'en-tête, et non la ligne 1 (« Heures du 1er trimestre ») : supprimez les lignes au-dessus" \
  "X/heures.csv: error[C0806]: line 2 looks like the header, not line 1 (“Heures du 1er trimestre”): delete the rows above it"

# A row of separators alone (an empty row exported, the first non-blank line, so the header read) above
# the title: that row is said to hold empty cells, never "()".
mkdir V; cp "$DATA"/*.csv V/
{ printf '\r\n;;\r\nHeures du 1er trimestre\r\n'; sed '1s/^\xEF\xBB\xBF//' "$DATA/heures.csv"; } >V/heures.csv
golden csv-separateurs V \
  "V/heures.csv: error[C0806]: la ligne 4 semble être l'en-tête, et non la ligne 2 (cellules vides) : supprimez les lignes au-dessus" \
  "V/heures.csv: error[C0806]: line 4 looks like the header, not line 2 (empty cells): delete the rows above it"

# The header below it with three columns renamed: it names two required columns of five, not more than
# half, so nothing seems to be the header; each missing column is said, and the title, which contains
# "heures", is not offered for it. The title's trailing separators are counted, never quoted empty.
mkdir Y; cp "$DATA"/*.csv Y/
{ echo "Heures du 1er trimestre;;;"; sed "1s/^\xEF\xBB\xBF//; 1s/;Heures;/;Heures effectuées;/; 1s/;Modalité/;Modalité de l'action/; 1s/;Mois;/;Période;/" "$DATA/heures.csv"; } >Y/heures.csv
want_fr="" want_en=""
for c in marche participant mois heures modalite; do
  want_fr+="Y/heures.csv: error[C0806]: colonne obligatoire « $c » absente (colonnes lues : « Heures du 1er trimestre », 3 colonnes sans nom)"$'\n'
  want_en+="Y/heures.csv: error[C0806]: required column “$c” is missing (columns read: “Heures du 1er trimestre”, 3 unnamed columns)"$'\n'
done
golden csv-sans-entete Y "${want_fr%$'\n'}" "${want_en%$'\n'}"

# A real header whose hour column is "Heures du 1er trimestre", beside the others: still offered.
mkdir Z; cp "$DATA"/*.csv Z/
sed '1s/;Heures;/;Heures du 1er trimestre;/' "$DATA/heures.csv" >Z/heures.csv
golden csv-colonne-longue Z \
  "Z/heures.csv: error[C0806]: colonne obligatoire « heures » absente ; vouliez-vous dire « Heures du 1er trimestre » ?" \
  "Z/heures.csv: error[C0806]: required column “heures” is missing; did you mean “Heures du 1er trimestre”?"

# The same title in A1 of a workbook's hour sheet, right above its header. The three workbooks
# are made once for both passes (python3 spends some 4 s of processor on them): a fixture, copied
# here under the names the messages quote.
LIB=$ROOT/tests/cli/lib
W=$(fixture donnees-titre "$LIB/classeurs.py" "$LIB/ods_variantes.py" "$ROOT/examples/amp/donnees.ods" -- \
      bash -c '"$1" "$2" --dossier titre-trimestre titre-trimestre-renomme "$5" && "$1" "$3" "$4" "$5" titre-trimestre' \
      _ "$PY" "$LIB/classeurs.py" "$LIB/ods_variantes.py" "$ROOT/examples/amp/donnees.ods") \
  || { echo "classeurs non construits"; exit 1; }
cp "$W/titre-trimestre.xlsx" t.xlsx || { echo "t.xlsx non construit"; exit 1; }
golden xlsx t.xlsx \
  "t.xlsx:Heures: error[C0806]: la ligne 2 semble être l'en-tête, et non la ligne 1 (« Heures du 1er trimestre ») : supprimez les lignes au-dessus" \
  "t.xlsx:Heures: error[C0806]: line 2 looks like the header, not line 1 (“Heures du 1er trimestre”): delete the rows above it"
cp "$W/titre-trimestre-renomme.xlsx" r.xlsx || { echo "r.xlsx non construit"; exit 1; }
want_fr="" want_en=""
for c in marche participant mois heures modalite; do
  want_fr+="r.xlsx:Heures: error[C0806]: colonne obligatoire « $c » absente (colonnes lues : « Heures du 1er trimestre »)"$'\n'
  want_en+="r.xlsx:Heures: error[C0806]: required column “$c” is missing (columns read: “Heures du 1er trimestre”)"$'\n'
done
golden xlsx-sans-entete r.xlsx "${want_fr%$'\n'}" "${want_en%$'\n'}"
cp "$W/titre-trimestre.ods" . || { echo "ods non construit"; exit 1; }
golden ods titre-trimestre.ods \
  "titre-trimestre.ods:Heures: error[C0806]: la ligne 2 semble être l'en-tête, et non la ligne 1 (« Heures du 1er trimestre ») : supprimez les lignes au-dessus" \
  "titre-trimestre.ods:Heures: error[C0806]: line 2 looks like the header, not line 1 (“Heures du 1er trimestre”): delete the rows above it"

[ $failures -eq 0 ]
