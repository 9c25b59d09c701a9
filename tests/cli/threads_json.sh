#!/usr/bin/env bash
# tests/cli/threads_json.sh: eval --threads on a JSON hour table (slices cut at the element starts of the survey): reports and errors byte-identical with 1, 2, 3 and 7 threads, with invalid rows, strings holding braces, brackets and escaped quotes, nested values, elements that are not objects, template rows whose ids hold blanks, non-ASCII bytes or escapes (the same report as with CRLF line ends, which leave the template), pretty-printed, one-line and CRLF files, a file cut short; a 4 MB table surveyed in parts, valid or with a fault near its start, where a part starts and near its end, also while long participants still load; a table shorter than a slice and one with no row; also under ThreadSanitizer.
# The sanitizer pass (fils_sample, lib/threads-same.sh) reads each case once with ASan+UBSan, its
# thread count in turn 2, 7, 3, 1 over the cases (the demo on 2 threads, the generated set on 7,
# every format), and once with ThreadSanitizer on 2, 7 or 3 threads for the cases whose threads
# meet differently (slices, nesting, one line, a file cut short, the survey in parts, valid or
# failing, while the participants load, a table shorter than a slice), each compared with the
# normal build's one thread: another count of the same kind on the same input takes no path
# that another case does not take under the sanitizer already. Its data are the normal pass's.
set -u
. "$ROOT/tests/cli/lib/generees.sh"
. "$ROOT/tests/cli/lib/threads-same.sh"
TSAN=$(charte_tsan) || exit 1   # lib/builds.sh: its cases at the end, in the sanitizer pass
. "$ROOT/tests/cli/lib/fixtures.sh"
fils_sample=1

# The generated tables (invalides), and variants of the hour table, each in its own folder
# with the other tables (lib/threads_json-donnees.py): made once for both passes, in $D, read
# only. The generated table is repeated four times (2 MB, many slices), and every third row
# gets a comment whose text looks like JSON structure: a slice cut by a scanner that missed a
# string would start in one of them.
gen=$ROOT/tests/cli/lib/threads_json-donnees.py
D=$(fixture threads_json "$gen" "$B/gen-donnees" -- bash -c \
  '"$1" --profil demo --graine 21 --format json --invalides 300 --sortie "$3/invalides" >/dev/null && python3 "$2" "$3"' \
  _ "$B/gen-donnees" "$gen") || { echo "données JSON non générées"; exit 1; }
grep -q '"detail"' "$D/imbriques/heures.json" || { echo "valeurs imbriquées non écrites"; fail=1; }

same_outputs "$CHARTE" "$ROOT/examples/amp/donnees-json" text json
same_outputs "$CHARTE" "$D/invalides" text json csv html
cp "$tmp/out.1.json" "$tmp/garde.invalides.json"   # (the reports' contents are checked by one python3, below)
same_outputs "$CHARTE" "$D/chaines" json text
grep -q 'colonnes ignorées' "$tmp/out.1.text" || { echo "la colonne commentaire n'a pas été lue"; fail=1; }
same_outputs "$CHARTE" "$D/imbriques" json text
cp "$tmp/out.1.json" "$tmp/garde.lignes.json"
for v in indente crlf une_ligne; do
  same_outputs "$CHARTE" "$D/$v" json text
  cp "$tmp/out.1.json" "$tmp/garde.$v.json"
done
same_outputs "$CHARTE" "$D/typage" json
cp "$tmp/out.1.json" "$tmp/typage.json"
same_outputs "$CHARTE" "$D/typage_crlf" json
cmp -s "$tmp/typage.json" "$tmp/out.1.json" || { echo "typage : rapport différent selon les fins de ligne"; fail=1; }
grep -q '\\u0065i' "$D/typage/heures.json" || { echo "typage : aucun échappement écrit"; fail=1; }
same_outputs "$CHARTE" "$D/cle_longue" json
same_outputs "$CHARTE" "$D/geante" json
grep -q 'champ de plus de 65 536 octets' "$tmp/out.1.json" || { echo "geante : la ligne de 5 Mio n'est pas rejetée"; fail=1; }
same_failure "$CHARTE" "$D/coupe"
grep -q 'C0807' "$tmp/fail.1" || { echo "coupe : « $(cat "$tmp/fail.1") »"; fail=1; }
same_failure "$CHARTE" "$D/apres"
grep -q 'C0807' "$tmp/fail.1" || { echo "apres : « $(cat "$tmp/fail.1") »"; fail=1; }
same_outputs "$CHARTE" "$D/grande" json
for v in grande_debut grande_milieu grande_fin; do
  same_failure "$CHARTE" "$D/$v"
  grep -q 'C0807' "$tmp/fail.1" || { echo "$v : « $(cat "$tmp/fail.1") »"; fail=1; }
done
[ "$(wc -c < "$D/longs/participants.json")" -gt 4000000 ] || { echo "longs : participants trop courts"; fail=1; }
same_outputs "$CHARTE" "$D/longs" json
for v in longs_debut longs_tiers longs_coupe; do
  same_failure "$CHARTE" "$D/$v"
  grep -q 'heures.json' "$tmp/fail.1" || { echo "$v : « $(cat "$tmp/fail.1") »"; fail=1; }
done
same_outputs "$CHARTE" "$D/courte" json text
cp "$tmp/out.1.json" "$tmp/garde.courte.json"
# No row, so no column (a JSON table's columns are its rows' keys): said alike.
same_failure "$CHARTE" "$D/vide"
grep -q 'C0806' "$tmp/fail.1" || { echo "vide : « $(cat "$tmp/fail.1") »"; fail=1; }

# The reports' contents, kept above: one python3 checks them and writes the reasons of the hour
# lines rejected (raisons.CASE, in the report's order), which the lines after it read.
python3 - "$tmp" <<'PY' || fail=1
import json, sys
tmp = sys.argv[1]
def report(case):
    return json.load(open("%s/garde.%s.json" % (tmp, case)))
bad = False
h = report("invalides")["lignes"]["heures"]
if not (h["rejetees"] >= 100 and h["non_comptees"] > 0):
    print("données de test sans lignes d'heures rejetées"); bad = True
for case in ("lignes", "indente", "crlf", "une_ligne"):
    rows = [x for x in report(case)["rejets"] if x["fichier"] == "heures.json"]
    with open("%s/raisons.%s" % (tmp, case), "w") as f:
        f.writelines(x["motif"] + "\n" for x in rows)
    # Rejected rows keep their physical lines: line 1 for every row of the one-line file.
    if case == "une_ligne" and not (rows and set(x["ligne"] for x in rows) == {1}):
        print("une_ligne : lignes des rejets"); bad = True
if report("courte")["lignes"]["heures"]["lues"] != 3:
    print("courte : pas trois lignes d'heures lues"); bad = True
sys.exit(1 if bad else 0)
PY
grep -q 'valeur imbriquée (objet ou tableau) dans « modalite »' "$tmp/raisons.lignes" || { echo "imbriques : aucune valeur imbriquée rejetée"; fail=1; }
grep -q 'detail' "$tmp/raisons.lignes" && { echo "imbriques : la colonne ignorée detail a rejeté une ligne"; fail=1; }
grep -q "l'élément n° [0-9]* du tableau n'est pas un objet" "$tmp/raisons.lignes" || { echo "imbriques : aucun élément non objet rejeté"; fail=1; }
[ "$(grep -c "valeur imbriquée\|n'est pas un objet" "$tmp/raisons.lignes")" -gt 100 ] || { echo "imbriques : trop peu de rejets"; fail=1; }
# The same rows, rejected for the same reasons with the same element numbers,
# however the file is laid out (only their lines differ).
for v in indente crlf une_ligne; do
  cmp -s "$tmp/raisons.lignes" "$tmp/raisons.$v" || { echo "$v : rejets différents de ceux du fichier ligne à ligne"; fail=1; }
done

# ThreadSanitizer: the threaded cases again.
if [ -n "$TSAN" ]; then
  same_outputs "$TSAN" "$D/invalides" json
  same_outputs "$TSAN" "$D/imbriques" json
  same_outputs "$TSAN" "$D/une_ligne" json
  same_failure "$TSAN" "$D/coupe"
  same_outputs "$TSAN" "$D/grande" json
  same_failure "$TSAN" "$D/grande_milieu"
  same_failure "$TSAN" "$D/longs_tiers"
  same_outputs "$TSAN" "$D/courte" json
fi
exit $fail
