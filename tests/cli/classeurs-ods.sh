#!/usr/bin/env bash
# tests/cli/classeurs-ods.sh: the ODS reader's tokenizer against expat (CHARTE_ODS_EXPAT=1), on the example workbook (1, 2, 3 and 7 threads; each width of the row template's compares on one thread) and on variants of it, its hour sheet cut to 200 rows, that each hold one construct (taken by the tokenizer, given back to expat, or bad XML): the same report, errors and exit status, each variant read with 1, 2 and 7 threads, each at another width (the sanitizer build: each variant once, the nine pairs of a thread count and a width in turn; the variants and the normal build's expat answers made once for both passes).
set -u
: "${CHARTE:?}" "${ROOT:?}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
PY=/usr/bin/python3
AMP=$ROOT/examples/amp/amp.charte
SELF=$ROOT/tests/cli/classeurs-ods.sh
fail=0
. "$ROOT/tests/cli/lib/fixtures.sh"
. "$ROOT/tests/cli/lib/builds.sh"

# The variants are made from the example with its hour sheet cut to 200 rows (lib/ods_variantes.py --heures):
# their constructs are in its first 75 rows (the row templates' from row 20, the same rows' from 50), and the sheet
# still spans some seven slices of the threads' reading (runtime/eval_threads.c: a quarter of a thread's share
# of what is left, 16 KiB at least), 27 KiB each with 2 threads; a rejected row of the example follows them,
# so that a row number gone wrong after a construct shows (mutant ods-safe-noted-row-ignored); the example
# itself is read whole (exemple.ods). Made once for both builds' passes (lib/fixtures.sh), with the odfpy
# workbook below (odfpy/odfpy.ods, out of the variants' glob).
make_variants() {   # DIR
  "$PY" "$ROOT/tests/cli/lib/ods_variantes.py" --heures 200 "$ROOT/examples/amp/donnees.ods" "$1" || return 1
  cp "$ROOT/examples/amp/donnees.ods" "$1/exemple.ods" && mkdir "$1/odfpy" || return 1
  # The formula of the last case written by odfpy (which writes the whole content.xml in its own shape): row 10's
  # value taken away (from the variants' base: odfpy's tree of the whole example cost 2 s more).
  "$PY" - "$1/base.ods" "$1/odfpy/odfpy.ods" <<'EOF'
import sys
from odf.opendocument import load
from odf.table import Table, TableRow, TableCell
from odf.namespaces import OFFICENS
doc = load(sys.argv[1])
hours = [t for t in doc.spreadsheet.getElementsByType(Table) if t.getAttribute("name") == "Heures"][0]
cell = hours.getElementsByType(TableRow)[9].getElementsByType(TableCell)[3]
for a in [a for a in cell.attributes if a[0] == OFFICENS]:
    del cell.attributes[a]
for child in list(cell.childNodes):
    cell.removeChild(child)
cell.setAttribute("formula", "of:=[.D2]*2")
doc.save(sys.argv[2])
EOF
}
V=$(fixture ods-variantes "$SELF" "$ROOT/tests/cli/lib/ods_variantes.py" "$ROOT/examples/amp/donnees.ods" -- make_variants) \
  || { echo "variantes non construites"; exit 1; }

# Each variant read by expat alone (the oracle, one thread), then by the reader with 1, 2 and 7 threads, each
# with another width of the row template's compares (CHARTE_ODS_BLOCKS=1, a byte at a time; 16; unset, the
# widest the processor has, which a request for 32 could only repeat): the same report, errors and exit status
# each time. The normal build reads each variant three times: 1 thread at the widest, 2 sixteen bytes at a
# time, 7 a byte at a time. 3 threads take no path of their own (lib/threads-same.sh): the normal build reads
# the example with them, and with each thread count at the widest and each width on one thread;
# classeurs-ods-tranches.sh reads its own workbooks with 2, 3 and 7 threads.
# The oracle is the normal build's (build/charte, beside build/san/charte, which make test builds first), its
# answers made once for both passes (a mutant's build, another binary, gets answers of its own). expat's
# reading under ASan and UBSan is classeurs-ods-tranches.sh's (CHARTE_ODS_EXPAT=1 on each of its workbooks) and
# the fuzz replay's (tests/fuzz/fuzz_xlsx.c), and the reader gives its variants' constructs back to expat in
# its own runs here.
# The sanitizer build (where a run starts in some 50 ms and reads four times slower) reads each variant once,
# the nine pairs of a thread count (1, 2, 7) and a width (1, 16, the widest) taken in turn along the sorted
# variants, so that each pair is taken on fourteen variants or so and each construct is read under ASan and
# UBSan: a second read of the same construct at another width or thread count takes the same code with other
# values, which the normal build compares. The variants whose construct sits in a block of the template's
# compares (gabarit-bloc-*, pareil-bloc-*: a block's bounds are the width's) and the example read whole are
# read three times, each width once with another thread count (1 a byte at a time, 2 at the widest, 7 sixteen
# bytes at a time). classeurs-ods-ouverture.sh reads its own workbooks with 1 thread and those of
# lib/threads-same.sh.
oracle=$(charte_normal) || exit 1
pairs=
if charte_in_san_pass; then
  reads="1:1 2: 7:16" whole=$reads pairs=(1:1 2:16 7: 1:16 2: 7:1 1: 2:1 7:16)
else reads="1: 2:16 7:1" whole="1: 2: 3: 7: 1:1 1:16"; fi
expat_answers() {   # VARIANTS DIR: each variant's report and what was said, read by expat alone on one thread
  local book name
  for book in "$1"/*.ods; do
    name=$(basename "$book" .ods)
    CHARTE_ODS_EXPAT=1 "$oracle" eval "$AMP" --donnees "$book" --au 2025-12-31 --format json --threads 1 \
      >"$2/$name.out" 2>"$2/$name.err"
    echo "exit $?" >>"$2/$name.err"
  done
}
E=$(fixture ods-expat "$SELF" "$oracle" "$AMP" -- expat_answers "$V") || { echo "lectures d'expat non faites"; exit 1; }
n=0
. "$ROOT/tests/cli/lib/same-later.sh"   # same_later, same_now
# same_as_expat LABEL BLOCKS COMMAND...: COMMAND run (with CHARTE_ODS_BLOCKS=BLOCKS when BLOCKS is not empty), its
# report and what it said kept, for expat's to be compared with at the end (same_now, one md5sum: a cmp, like any
# fork and exec, costs some 7 ms of processor here, and the normal pass reads 402 times): $tmp/$name.json and
# $tmp/$name.status for a variant's first read, which the checks below read, $tmp/$name.N.* for its others.
same_as_expat() {
  local label=$1 blocks=$2 out=$tmp/$name.json said=$tmp/$name.status
  shift 2
  [ -e "$out" ] && out=$tmp/$name.$n.json said=$tmp/$name.$n.status
  if [ "$blocks" ]; then CHARTE_ODS_BLOCKS=$blocks "$@" >"$out" 2>"$said"; else "$@" >"$out" 2>"$said"; fi
  echo "exit $?" >>"$said"
  same_later "$E/$name.out" "$out" "$name ($label) : la lecture sans expat diffère (rapport) :"
  same_later "$E/$name.err" "$said" "$name ($label) : la lecture sans expat diffère (message, code de sortie) :"
  n=$((n + 1))
}
turn=0
for book in "$V"/*.ods; do
  name=${book##*/} name=${name%.ods}
  args=(eval "$AMP" --donnees "$book" --au 2025-12-31 --format json)
  case $name in
  exemple) these=$whole ;;
  gabarit-bloc-* | pareil-bloc-*) these=$reads ;;
  *) if [ "$pairs" ]; then these=${pairs[turn % ${#pairs[@]}]} turn=$((turn + 1)); else these=$reads; fi ;;
  esac
  for read in $these; do   # THREADS:BLOCKS
    threads=${read%:*} blocks=${read#*:}
    same_as_expat "--threads $threads${blocks:+ CHARTE_ODS_BLOCKS=$blocks}" "$blocks" "$CHARTE" "${args[@]}" --threads "$threads"
  done
done
same_now

# statuses_lacking -G|-E PATTERN NAME...: prints each NAME whose $tmp/NAME.status has no line matching PATTERN, or
# that grep could not read: one grep for all of them (a grep a name was a fork and exec each, some 7 ms).
statuses_lacking() {
  local syntax=$1 pattern=$2 line name
  local -A count=()
  shift 2
  while IFS= read -r line; do count[${line%.status:*}]=${line##*:}; done \
    < <(cd "$tmp" && grep -H -c "$syntax" -e "$pattern" -- "${@/%/.status}")
  for name in "$@"; do [ "${count[$name]:-0}" -gt 0 ] || echo "$name"; done
}
refused=() read_well=()
# The variants are what they say: the well-formed ones read (exit 0 or 1), the bad ones refused with expat's C0832
# (junk after the root element is never read: the reader stops at the end of its sheet, as expat's did).
for name in balise-croisee prefixe-inconnu utf8-invalide caractere-controle crochets attribut-double entite-inconnue \
  tronque chevron-attribut embauches-colonne-balise embauches-balise embauches-entete-balise embauches-tronque \
  valeur-mal-fermee type-apostrophe ligne-fermee-autre valeur-repetee-controle \
  valeur-repetee-controle-dedans gabarit-paragraphe-controle gabarit-valeur-chevron gabarit-texte-controle \
  gabarit-bloc-debut gabarit-bloc-milieu gabarit-bloc-court gabarit-bloc-fin participants-date-style-chevron \
  participants-date-style-double participants-date-chevron participants-cellule-vide-espace marches-date-style-chevron \
  participants-date-paragraphe-controle participants-cellule-vide-espace-fin pareil-texte-controle \
  pareil-paragraphe-chevron pareil-balise pareil-fin-balise pareil-fin-controle pareil-bloc-premier \
  pareil-bloc-septieme pareil-bloc-dernier passe-ligne-attribut-double passe-texte-controle \
  passe-date-texte-controle passe-cellule-vide-fin passe-ligne-fin-autre passe-feuille-longue-fin \
  pareil-texte-crochets pareil-texte-esperluette; do
  refused+=("$name")
done
for name in $(statuses_lacking -G 'error\[C0832\]: .*XML invalide dans content.xml (ligne' "${refused[@]}"); do
  echo "$name : C0832 attendu :"; cat "$tmp/$name.status"; fail=1
done
grep -q 'error\[C0834\]' "$tmp/doctype.status" || grep -q 'error\[C0832\]' "$tmp/doctype.status" \
  || { echo "doctype : refus attendu"; cat "$tmp/doctype.status"; fail=1; }
for name in exemple base repetitions references paragraphes note calcext cellules-couvertes feuille-masquee table-imbriquee \
  prefixe-autre apostrophes espaces-balises feuille-vide-avant groupes-de-lignes commentaire cdata retour-chariot \
  tabulation-attribut xmlns-ligne instruction commentaire-fin texte-long apres-racine embauches-absente \
  embauches-masquee embauches-masquee-avant embauches-avant embauches-deux embauches-entre embauches-commentaire \
  office-calcext valeur-reference valeur-exposant erreur-apres-valeur valeur-chaine valeur-repetee \
  valeur-repetee-autres textes-15-16-17 cellules-texte-vide cellules-valeur-vide cellules-hors-entete \
  cellules-texte-plein cellules-ligne-pleine repetitions-commentaire gabarit-types gabarit-attributs \
  gabarit-lignes-repetees gabarit-cellules gabarit-textes gabarit-valeurs gabarit-trois-formes participants-dates \
  participants-date-style-tab participants-date-guillemet participants-cellule-vide-autre heures-date-exposant \
  participants-entete-cellule-vide gabarit-blancs pareil-valeurs passe-ligne-style passe-blancs \
  passe-cellule-reference passe-feuille-longue pareil-plat formules-sans-valeur; do
  read_well+=("$name")
done
for name in $(statuses_lacking -E '^exit [01]$' "${read_well[@]}"); do
  echo "$name : lu sans erreur attendu :"; head -5 "$tmp/$name.status"; fail=1
done
# The hires' open says what is wrong with them, before (and instead of) what reading the hour lines would say.
for name in embauches-colonne embauches-colonne-commentaire embauches-colonne-lignes; do
  grep -q 'C0806.*date_embauche' "$tmp/$name.status" && ! grep -q 'C0808\|C0832' "$tmp/$name.status" \
    || { echo "$name : colonne manquante des embauches attendue :"; cat "$tmp/$name.status"; fail=1; }
done
# A title row above the hour sheet's header: the header it seems to be said, alone (not the missing columns).
! grep -q "colonne obligatoire" "$tmp/titre-au-dessus.status" \
  && grep -q "C0806.*la ligne 2 semble être l'en-tête, et non la ligne 1 (« Export du 01/12/2025 ») : supprimez les lignes au-dessus" "$tmp/titre-au-dessus.status" \
  || { echo "titre-au-dessus : en-tête en ligne 2 attendu :"; cat "$tmp/titre-au-dessus.status"; fail=1; }
# The same with a column of that row renamed besides: still said, with what the row lacks.
grep -q "C0806.*la ligne 2 semble être l'en-tête, et non la ligne 1 (« Export du 01/12/2025 ») : supprimez les lignes au-dessus ; il y manque encore « heures » (vouliez-vous dire « Heures effectuées » ?)$" "$tmp/titre-et-renommee.status" \
  || { echo "titre-et-renommee : en-tête en ligne 2, sans « heures », attendu :"; cat "$tmp/titre-et-renommee.status"; fail=1; }
grep -q 'C0808' "$tmp/heures-lignes.status" || { echo "heures-lignes : C0808 attendu"; cat "$tmp/heures-lignes.status"; fail=1; }
grep -q 'C0832' "$tmp/embauches-colonne-balise.status" \
  || { echo "embauches-colonne-balise : C0832 attendu"; cat "$tmp/embauches-colonne-balise.status"; fail=1; }
for name in exemple embauches-masquee-avant embauches-entre embauches-commentaire; do
  grep -q '"embauches": { "lues"' "$tmp/$name.json" || { echo "$name : embauches attendues"; fail=1; }
done
for name in embauches-absente embauches-masquee; do
  grep -q '"embauches": { "lues"' "$tmp/$name.json" && { echo "$name : pas d'embauches attendu"; fail=1; }
done
# The texts of 15 to 17 bytes read whole (ods_usual_cell, copied sixteen bytes at once below 16), each said
# as it is in its row's rejection.
for month in 01/2023-abcdefg 01/2023-abcdefgh 01/2023-abcdefghi; do
  grep -q "« $month » invalide" "$tmp/textes-15-16-17.json" || { echo "textes-15-16-17 : $month attendu"; fail=1; }
done
# The usual cells' ways out to the handlers' put that reject a row, each said.
grep -q "hors des colonnes de l'en-tête" "$tmp/cellules-hors-entete.json" \
  || { echo "cellules-hors-entete : cellule hors des colonnes attendue"; fail=1; }
grep -q "ligne de plus de 1 048 576 octets" "$tmp/cellules-ligne-pleine.json" \
  || { echo "cellules-ligne-pleine : ligne trop longue attendue"; fail=1; }
# A date cell read whole (ods_usual_other, ods_literal_attrs) puts its value as written, as ods_cell_done does for
# a date; a float after a style, its value as a number.
for month in "1e1" "1e1T00:00:" "20"; do
  grep -q "« $month » invalide" "$tmp/heures-date-exposant.json" \
    || { echo "heures-date-exposant : « $month » attendu"; fail=1; }
done
# Rows that differ from the row template, read as before, each said: a sixth cell, fields past 64 KiB after a
# row's text grown past them (the template's own limit), texts its holes do not take as they are.
grep -q "hors des colonnes de l'en-tête" "$tmp/gabarit-cellules.json" \
  || { echo "gabarit-cellules : cellule hors des colonnes attendue"; fail=1; }
[ "$(grep -c 'champ de plus de 65 536 octets' "$tmp/gabarit-textes.json")" = 2 ] \
  || { echo "gabarit-textes : deux champs trop longs attendus"; fail=1; }
for text in "a & b" "a]b"; do
  grep -q "« $text » invalide" "$tmp/gabarit-textes.json" || { echo "gabarit-textes : « $text » attendu"; fail=1; }
done
# A template row's texts with a blank or a byte from 0x80, past its text's first sixteen bytes too: trimmed and
# normalised as the general path does (the row not said plain to data.c).
[ "$(grep -c '« M0019-abcdefghijk » inconnu' "$tmp/gabarit-blancs.json")" = 2 ] \
  && grep -q '« M0019-abcdefghijklmnopqrstuvwxyz0 » inconnu' "$tmp/gabarit-blancs.json" \
  && grep -q "« M0019-abcdefghijk$(printf '\xc3\xa9') » inconnu" "$tmp/gabarit-blancs.json" \
  || { echo "gabarit-blancs : identifiants rognés attendus"; fail=1; }
# Rows read as the row before with other values: each way out said as the general path says it (a month of
# two-byte UTF-8, a value not a plain decimal, a sixth cell after a modality of another length).
grep -q "« é/2025 » invalide" "$tmp/pareil-valeurs.json" && grep -q "hors des colonnes de l'en-tête" "$tmp/pareil-valeurs.json" \
  || { echo "pareil-valeurs : mois et sixième cellule rejetés attendus"; fail=1; }
# A changed value with a blank, after a plain row and before a row with only its month changed: trimmed in both
# rows (the row's plainness not carried from a row not plain), as the month ending with a blank.
[ "$(grep -c '« M002 » inconnu' "$tmp/pareil-plat.json")" = 2 ] && grep -q '« 04/202 » invalide' "$tmp/pareil-plat.json" \
  || { echo "pareil-plat : marché et mois rognés attendus"; fail=1; }
# Formulas among the template's rows: the one never computed rejects its row at its cell (never an empty cell,
# never "valeur manquante"); the computed one reads as its value; the empty text one as an empty cell.
"$PY" - "$tmp/formules-sans-valeur.json" <<'EOF' || { echo "formules-sans-valeur : rejets attendus"; fail=1; }
import json, sys
d = json.load(open(sys.argv[1]))
r = [(x['ligne'], x['motif']) for x in d['rejets'] if x['fichier'].endswith(':Heures')]
assert r[0] == (32, "cellule D32 (colonne « Nombre d'heures ») : formule sans valeur calculée (le classeur n'a jamais "
                    "été recalculé : ouvrez-le et enregistrez-le dans le tableur) : ligne rejetée"), r[0]
assert r[1] == (37, "colonne « marche » : valeur manquante"), r[1]
assert all(l not in (33, 34, 35, 36) for l, _ in r), r
EOF
# The same formula written by odfpy (odfpy/odfpy.ods, made with the variants): row 10 rejected at its cell.
for threads in 1 2; do
  "$CHARTE" eval "$AMP" --donnees "$V/odfpy/odfpy.ods" --au 2025-12-31 --format json --threads $threads 2>&1 \
    | grep -q "cellule D10 (colonne « Nombre d'heures ») : formule sans valeur calculée" \
    || { echo "odfpy (--threads $threads) : formule sans valeur en D10 attendue"; fail=1; }
done
[ $fail = 0 ] && echo "classeurs-ods : $n lectures identiques à celles d'expat"
exit $fail
