#!/usr/bin/env bash
# tests/cli/classeurs-lecture.sh: reading workbooks (issue 11 §3): each case of the reader on a hand-written XLSX, an ODS written by odfpy, the example workbooks against the CSV.
#
# The workbooks are made once for both passes (tests/cli/lib/fixtures.sh: one python3 run of
# tests/cli/lib/classeurs.py for every case), and the reports are checked at the end by one
# python3 run (`check`, `same_report` and `verify` gather what to check; `checks_run` checks it,
# each report loaded once). The sanitizer pass reads every workbook, takes every reader (the
# general path's controls among them) and every thread count, but reads each workbook that the
# normal pass reads with 1, 2 and 3 threads with one count only, rotated across them
# (`threads_of`): ASan finds a fault on the path a run takes, and the same bytes read again on
# the same path by another count find nothing new; the normal pass compares the counts.
set -u
: "${CHARTE:?}" "${ROOT:?}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
PY=/usr/bin/python3   # Debian's, with python3-openpyxl and python3-odf
AMP=$ROOT/examples/amp/amp.charte
LIB=$ROOT/tests/cli/lib/classeurs.py
fail=0
. "$ROOT/tests/cli/lib/fixtures.sh"
. "$ROOT/tests/cli/lib/builds.sh"
TSAN=$(charte_tsan) || exit 1   # its cases below, in the sanitizer pass
# Every workbook the script reads (tests/cli/lib/classeurs.py: CASES).
BOOKS="ok 1904 erreurs mois-dates formules-sans-valeur titre-au-dessus titre-loin titre-limite titre-et-renommee
  erreurs-non-lues formes-xml textes-partages textes-partages-octet textes-partages-controle index-prefixes"
for c in textes-simples formes-cellules numeros-lignes cellules-brutes cellules-brutes-longues chaines-cache ids-cles \
         numeros-longs gabarit-ligne ligne-avant balises-longues mois-suivants dates-lignes dates-lignes-1904 ligne-phonetique; do
  BOOKS="$BOOKS $c $c-controle"
done
BOOKS="$BOOKS gabarit-ligne-xml gabarit-ligne-xml-controle gabarit-ligne-xml-v gabarit-ligne-xml-v-controle nombres-textes
  ligne-imbriquee dates-series dates-series-textes masquee masquee-seule fusion cellule-longue odf odf-mois en-place
  en-place-crc en-place-bombe"
# shellcheck disable=SC2086
W=$(fixture classeurs-lecture "$LIB" -- "$PY" "$LIB" --dossier $BOOKS) || { echo "classeurs de test non construits"; exit 1; }
SAN=; charte_in_san_pass && SAN=1
# threads_of S N...: the thread counts a workbook is read with: N... by the normal build, S (one
# of them) by the sanitizer build; the callers give S in turn so that each count is taken.
threads_of() {
  if [ -n "$SAN" ]; then echo "$1"; else shift; echo "$@"; fi
}

report() {  # report CASE: the JSON report of the case's workbook, in $tmp/CASE.json; exit code in rc
  "$CHARTE" eval "$AMP" --donnees "$W/$1.xlsx" --au 2022-12-31 --format json >"$tmp/$1.json" 2>"$tmp/$1.err"
  rc=$?
}
# What to check, gathered in $tmp/checks (four fields a record: kind, two arguments, a file to
# show on failure), checked by checks_run at the end. Each file named must not change after.
checks=$tmp/checks
: >"$checks"
# same_report A B: two JSON reports equal apart from file names and row locations.
same_report() { printf '%s\0' same "$1" "$2" "" >>"$checks"; }
# against_control CASE: CASE's report and that of CASE-controle (the same workbook read by the
# general path) built and found equal.
against_control() {
  report "$1"
  report "$1-controle"
  same_report "$tmp/$1.json" "$tmp/$1-controle.json"
}
# check_both CASE PYTHON-EXPR: check of CASE and of CASE-controle.
check_both() { check "$1" "$2"; check "$1-controle" "$2"; }
# check CASE PYTHON-EXPR: the expression is true of the case's report (d; m: its contracts by id).
check() { printf '%s\0' check "$1" "$2" "$tmp/$1.json" >>"$checks"; }
# verify MESSAGE PYTHON-EXPR [FILE]: the expression is true (load(PATH): a JSON file, loaded
# once; xml_place(BOOK, PART, PATTERN): "ligne L, colonne C" of PATTERN's first match in a part
# of a workbook); else MESSAGE, and FILE's first bytes.
verify() { printf '%s\0' expr "$1" "$2" "${3:-}" >>"$checks"; }
# same_rejects MESSAGE A B: two JSON reports reject the same rows for the same reasons.
same_rejects() {
  verify "$1" "[(r['ligne'], r['motif']) for r in load('$2')['rejets']] == [(r['ligne'], r['motif']) for r in load('$3')['rejets']]"
}
# report_threads CASE S T...: the JSON report of CASE read with each thread count T (threads_of),
# stderr included, in $tmp/CASE.T.json, each the same as the first, which threads_first names.
report_threads() {
  local c=$1 t first=
  shift
  threads_first=
  for t in $(threads_of "$@"); do
    "$CHARTE" eval "$AMP" --donnees "$W/$c.xlsx" --au 2022-12-31 --format json --threads $t >"$tmp/$c.$t.json" 2>&1
    if [ -z "$first" ]; then
      first=$t threads_first=$tmp/$c.$t.json
    else
      cmp -s "$threads_first" "$tmp/$c.$t.json" || { echo "$c : --threads $t diffère de --threads $first"; fail=1; }
    fi
  done
}
checks_run() {
  "$PY" - "$checks" <<'EOF'
import json, re, sys, zipfile
fields = open(sys.argv[1], "rb").read().decode().split("\0")[:-1]
loaded = {}
def load(p):
    if p not in loaded:
        loaded[p] = json.load(open(p))
    return loaded[p]
def canon(p):
    d = {k: v for k, v in load(p).items() if k not in ("fichiers", "notes")}
    if "rejets" in d:
        d["rejets"] = [{k: v for k, v in r.items() if k not in ("fichier", "ligne", "motif")} for r in d["rejets"]]
    return d
def xml_place(book, part, pattern):
    s = zipfile.ZipFile(book).read(part)
    at = re.search(pattern, s).start()
    return "ligne %d, colonne %d" % (s.count(b"\n", 0, at) + 1, at - s.rfind(b"\n", 0, at))
def true(expr, d=None):
    g = {"json": json, "sys": sys, "re": re, "zipfile": zipfile, "load": load, "xml_place": xml_place}
    if d is not None:
        g.update(d=d, m={c["marche"]: c for c in d["marches"]})
    try:
        return bool(eval("(%s\n)" % expr, g))
    except Exception as e:
        print("  (%s: %s)" % (type(e).__name__, e))
        return False
def show(p):
    try:
        print(open(p, "rb").read(1500).decode(errors="replace"))
    except OSError as e:
        print(e)
failed = 0
for i in range(0, len(fields), 4):
    kind, a, b, shown = fields[i:i + 4]
    if kind == "same":
        x, y = canon(a), canon(b)
        if x != y:
            for k in x:
                if x[k] != y.get(k):
                    print(k, json.dumps(x[k], ensure_ascii=False)[:400], "\n  !=", json.dumps(y.get(k), ensure_ascii=False)[:400])
            print("rapports différents : %s %s" % (a, b)); failed = 1
    elif kind == "check":
        try:
            d = load(shown)
        except (OSError, ValueError) as e:
            d = None; print("  (%s)" % e)
        if d is None or not true(b, d):
            print("%s : attendu : %s" % (a, b)); show(shown); failed = 1
    elif not true(b):
        print(a)
        if shown:
            show(shown)
        failed = 1
sys.exit(failed)
EOF
}

# Shared strings, inline strings, numbers in exponent form (1.2E+2), formulas read as their
# cached value (M2's amount, an hour line), dates as numbers with a date format (built-in 14
# and custom) and as text in both forms, a boolean cell.
report ok
[ $rc -eq 0 ] || { echo "ok : exit $rc"; cat "$tmp/ok.err"; fail=1; }
check ok "d['lignes']['heures'] == {'lues': 3, 'comptees': 3, 'non_comptees': 0, 'rejetees': 0}"
check ok "d['lignes']['participants']['comptees'] == 2"
check ok "m['M1']['heures_realisees'] == 155.5 and m['M2']['heures_realisees'] == 7"
check ok "m['M2']['montant_ht'] == 250000.5 and m['M1']['date_notification'] == '2022-03-15'"
check ok "m['M2']['date_notification'] == '2022-03-15'"
check ok "[f['format'] for f in d['fichiers']] == ['xlsx'] * 3 and d['fichiers'][2]['fichier'] == 'ok.xlsx:Heures'"

# The 1904 date system: the same dates, every serial 1462 less.
report 1904
same_report "$tmp/ok.json" "$tmp/1904.json"

# Error values: each rejects its row, with the cell and the value; located sheet!cell.
report erreurs
check erreurs "d['lignes']['heures']['rejetees'] == 2 and d['lignes']['heures']['comptees'] == 3"
check erreurs "'#N/A' in d['rejets'][0]['motif'] and 'D5' in d['rejets'][0]['motif'] and '#DIV/0!' in d['rejets'][1]['motif']"
check erreurs "d['rejets'][0]['fichier'] == 'erreurs.xlsx:Heures' and d['rejets'][0]['ligne'] == 5"
"$CHARTE" eval "$AMP" --donnees "$W/erreurs.xlsx" --au 2022-12-31 >"$tmp/erreurs.txt" 2>&1
grep -q "erreurs.xlsx:Heures!A5 : cellule D5" "$tmp/erreurs.txt" || { echo "erreurs : emplacement Heures!A5 absent du rapport texte"; cat "$tmp/erreurs.txt"; fail=1; }

# A month column whose cells the spreadsheet made dates (06/2022 typed is the date 01/06/2022):
# the first of a month is that month, as a date cell or as text; any other day is rejected.
report_threads mois-dates 1 1 2
cp "$threads_first" "$tmp/mois-dates.json"
check mois-dates "d['lignes']['heures'] == {'lues': 7, 'comptees': 6, 'non_comptees': 0, 'rejetees': 1}"
check mois-dates "m['M1']['heures_realisees'] == 155.5 + 2 + 3 + 4"
check mois-dates "len(d['rejets']) == 1 and d['rejets'][0]['ligne'] == 8 and '2022-07-15' in d['rejets'][0]['motif'] and 'mois attendu' in d['rejets'][0]['motif']"

# Formulas never computed (a workbook written by a program, never opened in a spreadsheet):
# in a column the charter reads, the row is rejected, located at the cell, never read as an
# empty cell (M1's declared hours would be estimated); in a column it does not read, nothing.
report_threads formules-sans-valeur 2 1 2
cp "$threads_first" "$tmp/formules-sans-valeur.json"
check formules-sans-valeur "d['lignes']['marches'] == {'lues': 2, 'comptees': 1, 'non_comptees': 0, 'rejetees': 1} and list(m) == ['M2'] and m['M2']['intitule'] is None"
check formules-sans-valeur "[(r['fichier'], r['ligne']) for r in d['rejets']] == [('formules-sans-valeur.xlsx:Heures', 2), ('formules-sans-valeur.xlsx:Heures', 3), ('formules-sans-valeur.xlsx:Heures', 5), ('formules-sans-valeur.xlsx:Marchés', 2)]"
check formules-sans-valeur "'cellule D5 (colonne « Heures ») : formule sans valeur calculée' in d['rejets'][2]['motif'] and 'cellule H2 (colonne « Heures travaillées ») : formule sans valeur calculée' in d['rejets'][3]['motif']"
check formules-sans-valeur "d['lignes']['heures']['comptees'] == 2 and m['M2']['heures_realisees'] == 9"

# An export's title above the header (A1, then an empty row): the error says where the header seems to be,
# alone (not the required columns the title row lacks), in both languages; six rows with a value above it (past the five
# looked at): nothing said of it. Never guessed: the run stops.
for name in titre-au-dessus titre-loin titre-limite titre-et-renommee; do
  for lang in fr en; do
    CHARTE_LANG=$lang "$CHARTE" eval "$AMP" --donnees "$W/$name.xlsx" --au 2022-12-31 >"$tmp/$name.$lang" 2>&1
    echo "exit $?" >>"$tmp/$name.$lang"
  done
done
grep -q "Heures: error\[C0806\]: la ligne 3 semble être l'en-tête, et non la ligne 1 (« Export du 01/12/2025 ») : supprimez les lignes au-dessus$" "$tmp/titre-au-dessus.fr" \
  && grep -q "Heures: error\[C0806\]: line 3 looks like the header, not line 1 (“Export du 01/12/2025”): delete the rows above it$" "$tmp/titre-au-dessus.en" \
  && ! grep -q 'colonne obligatoire' "$tmp/titre-au-dessus.fr" && grep -q '^exit 2$' "$tmp/titre-au-dessus.fr" \
  || { echo "titre-au-dessus : en-tête en ligne 3 attendu :"; cat "$tmp/titre-au-dessus.fr" "$tmp/titre-au-dessus.en"; fail=1; }
grep -q 'colonne obligatoire « marche » absente' "$tmp/titre-loin.fr" && ! grep -q "semble être l'en-tête" "$tmp/titre-loin.fr" \
  || { echo "titre-loin : rien sur l'en-tête attendu :"; cat "$tmp/titre-loin.fr"; fail=1; }
# Five rows with a value above it: the header is the last row looked at, still said.
grep -q "Heures: error\[C0806\]: la ligne 7 semble être l'en-tête, et non la ligne 1 (« Export du 01/12/2025 ») : supprimez les lignes au-dessus$" "$tmp/titre-limite.fr" \
  || { echo "titre-limite : en-tête en ligne 7 attendu :"; cat "$tmp/titre-limite.fr"; fail=1; }
# The header below the title has a column renamed besides: the row that names most required columns (four
# of five) is still said, with the one it lacks and the cell it probably is.
grep -q "Heures: error\[C0806\]: la ligne 3 semble être l'en-tête, et non la ligne 1 (« Export du 01/12/2025 ») : supprimez les lignes au-dessus ; il y manque encore « heures » (vouliez-vous dire « Heures effectuées » ?)$" "$tmp/titre-et-renommee.fr" \
  && grep -q "Heures: error\[C0806\]: line 3 looks like the header, not line 1 (“Export du 01/12/2025”): delete the rows above it; it still lacks “heures” (did you mean “Heures effectuées”?)$" "$tmp/titre-et-renommee.en" \
  || { echo "titre-et-renommee : en-tête en ligne 3, sans « heures », attendu :"; cat "$tmp/titre-et-renommee.fr" "$tmp/titre-et-renommee.en"; fail=1; }

# An error value in a column no declaration names rejects nothing (the charter does not read
# it); the same value in a column it reads still rejects its row, located at that cell.
report erreurs-non-lues
check erreurs-non-lues "d['lignes']['heures'] == {'lues': 4, 'comptees': 3, 'non_comptees': 0, 'rejetees': 1}"
check erreurs-non-lues "d['lignes']['marches']['rejetees'] == 0 and d['lignes']['participants']['rejetees'] == 0"
check erreurs-non-lues "len(d['rejets']) == 1 and 'D5' in d['rejets'][0]['motif'] and '#N/A' in d['rejets'][0]['motif']"
check erreurs-non-lues "m['M1']['heures_realisees'] == 155.5 and m['M2']['heures_realisees'] == 7"

# Text in every form XML allows (references, CDATA, a comment, CR LF), on 20 000 rows, so that
# the reader's buffer ends inside each kind of sequence somewhere: every title reads the same.
report formes-xml
check formes-xml "len(d['marches']) == 20000 and all(c['intitule'] == ('a&bé€\\n' * 5).strip() for c in d['marches'])"

# Shared strings in every shape (the tokenizer's fast <si><t> and xml:space="preserve", and
# rich text, references, _xHHHH_, phonetic readings, spaces, comments through the general path),
# 20 000 titles, so that the reader's buffer cuts each shape somewhere: every title reads the same.
report textes-partages
check textes-partages "len(d['marches']) == 20000 and all(c['intitule'] == 'Titre é€ ' + c['marche'][1:] for c in d['marches'])"
# ASCII shared strings (case_plain_titles: 20 000 titles, the buffer cutting them anywhere), most
# of them read in one run of strings (plain text, nothing to do: scan_fast_si_run), and every way
# out of it: the other opening, an escape _xHHHH_, a reference, rich text, `</t >`, a space, a
# text of over 4 096 bytes, plain's first and last bytes: every title as written, and the report
# of the general path's reading (every string written `<si> <t>`); 300 hour lines whose contract
# `M5 ` is not plain (a space), trimmed: 2 h each.
against_control textes-simples
check_both textes-simples "(lambda a: len(a) == 20000 and all(m[k]['intitule'] == v for k, v in a.items()))(json.load(open('$W/textes-simples.xlsx.attendu')))"
check_both textes-simples "all(m['M%d' % k]['heures_realisees'] == 2 for k in range(3, 303)) and m['M303']['heures_realisees'] == 0"
# A byte that is no UTF-8, and a control character, in a string of the fast shape: the general
# path's error, at that byte (line and column counted here from the part's bytes).
for c in textes-partages-octet textes-partages-controle; do
  report $c
  verify "$c : exit $rc, attendu l'erreur XML à l'octet fautif de xl/sharedStrings.xml" \
    "$rc == 2 and 'XML invalide dans xl/sharedStrings.xml (%s) : not well-formed (invalid token)' % xml_place('$W/$c.xlsx', 'xl/sharedStrings.xml', rb'[\x00-\x08\xff]') in open('$tmp/$c.err').read()" "$tmp/$c.err"
done

# A shared-string index that begins with the one of the line before, in the same column, is
# another string (the reader remembers each column's last index by its digits).
report index-prefixes
check index-prefixes "m['M1']['heures_realisees'] == 117 and m['M2']['heures_realisees'] == 10 and d['lignes']['heures']['comptees'] == 7"

# Hour cells changing shape from row to row (the tokenizer compares a cell's attributes with
# its column's last shape, tests/cli/lib/classeurs.py: case_shapes): the report of the same
# workbook read by the general path (two spaces before each r), the same rows rejected at the
# same lines; the figures computed by hand (the date styles, the error, the cell out of order,
# the numbers rewritten or handed over where they lie).
against_control formes-cellules
check formes-cellules "m['M1']['heures_realisees'] == 145.5 and m['M2']['heures_realisees'] == 210"
check formes-cellules "[r['ligne'] for r in d['rejets']] == [7, 12, 15, 19] and d['lignes']['heures']['comptees'] == 19"
check formes-cellules-controle "[r['ligne'] for r in d['rejets']] == [7, 12, 15, 19] and d['lignes']['heures']['comptees'] == 19"

# Row numbers as hour rows write them (the tokenizer guesses a row's number as the one after
# the row before's: tests/cli/lib/classeurs.py, case_row_numbers): 9 -> 10, 99 -> 100, gaps,
# a number met twice; against the same workbook read by the general path (two spaces before
# each row's r): the same rows rejected at the same numbers, the hours computed by hand.
against_control numeros-lignes
check_both numeros-lignes "[r['ligne'] for r in d['rejets']] == [10, 14, 16, 100, 105, 1001] and m['M1']['heures_realisees'] == 1385"

# Hour rows read whole by the row template whose shared strings have a blank at an end or a
# byte above 0x7F (a contract renamed "Mé", written decomposed and composed): trimmed and
# normalised as the general path does (a row of plain ASCII cells is typed without looking:
# TableRow.plain and .ascii), the same report as the general path's, the hours by hand.
against_control cellules-brutes
check cellules-brutes "m['M1']['heures_realisees'] == 870 and m['Mé']['heures_realisees'] == 400 and d['lignes']['heures']['comptees'] == 7"
# The same with strings of 16 bytes and more (tested sixteen bytes at a time): blanks only in the
# first sixteen bytes or only after them, a byte above 0x7F only in the first sixteen.
against_control cellules-brutes-longues
check_both cellules-brutes-longues "m['M1-0123456789abcdef']['heures_realisees'] == 70 and m['Mé-0123456789abcdef']['heures_realisees'] == 240 and d['lignes']['heures']['comptees'] == 5"

# Hour rows naming their strings by copies drawn at random among 600 of each (the reader's
# cache of shared strings by their digits finds most, misses others, finds places taken by
# other digits; tests/cli/lib/classeurs.py: case_cached), indexes with leading zeros, hours
# from a few plain decimals, rows with another attribute, gaps in the row numbers: the report
# of the general path's reading (two spaces before each r), and the hours and rejected rows
# the generator counted (CASE.xlsx.attendu).
against_control chaines-cache
for c in chaines-cache chaines-cache-controle; do
  check $c "(lambda a: [r['ligne'] for r in d['rejets']] == a['rejets'] and all(m[k]['heures_realisees'] == v for k, v in a['heures'].items()))(json.load(open('$W/$c.xlsx.attendu')))"
done

# Hour rows whose contracts and participants are shared strings met again and again under five
# indexes each, each string resolved once by its key and read from the evaluator's memo at its
# later runs (case_keyed_ids): unknown ids (said at every run, never kept), a participant
# written inline (no key), one with blanks around it (trimmed: no key), indexes beyond the
# table (rejected): the same report as the same rows with every id written inline, every
# rejected row at the same line for the same reason; the same JSON with 1, 2 and 3 threads
# (the memo filled by whichever thread meets a string first), and under ThreadSanitizer.
against_control ids-cles
same_rejects "ids-cles : rejets différents de ceux des ids écrits en ligne" "$tmp/ids-cles.json" "$tmp/ids-cles-controle.json"
check_both ids-cles "d['lignes']['heures'] == {'lues': 30000, 'comptees': 29505, 'non_comptees': 0, 'rejetees': 495}
  and [r['motif'] for r in d['rejets']].count('participant inconnu') == 321 and [r['motif'] for r in d['rejets']].count('marché « M9 » inconnu') == 141
  and sum('texte partagé n° 99999 absent du classeur' in r['motif'] for r in d['rejets']) == 29
  and m['M1']['heures_realisees'] == 106639.75 and m['M2']['heures_realisees'] == 50772.5"
report_threads ids-cles 3 1 2 3
if [ -n "$TSAN" ]; then
  TSAN_OPTIONS=halt_on_error=1:exitcode=66 "$TSAN" eval "$AMP" --donnees "$W/ids-cles.xlsx" --au 2022-12-31 --format json --threads 2 >"$tmp/ids-cles.t.json" 2>&1
  cmp -s "$threads_first" "$tmp/ids-cles.t.json" || { echo "ids-cles sous ThreadSanitizer :"; head -c 1500 "$tmp/ids-cles.t.json"; fail=1; }
fi

# Contracts named by number cells among hours of 1 200 distinct values (case_number_texts):
# 12.0, 7.50 and 012 read as 12 and 7.5 whatever the tokenizer's table of plain decimals
# holds, the hours by contract as the generator counted them.
report nombres-textes
check nombres-textes "(lambda a: all(m[k]['heures_realisees'] == v for k, v in a['heures'].items()))(json.load(open('$W/nombres-textes.xlsx.attendu')))"

# Rows numbered with 6 and 7 digits up to the last a sheet may have (the row after the one
# before is guessed up to 6 digits: case_long_row_numbers): the same rows rejected at the
# same numbers as the general path's reading, the hours by hand.
against_control numeros-longs
check_both numeros-longs "[r['ligne'] for r in d['rejets']] == [100005, 1000002, 1000006, 1048576] and m['M1']['heures_realisees'] == 2596"

# CASE against the general path's reading and with 3 threads: the same report, every rejected
# row at the same number for the same reason.
against_control_rows() {
  local k=$1
  against_control "$k"
  "$CHARTE" eval "$AMP" --donnees "$W/$k.xlsx" --au 2022-12-31 --format json --threads 3 >"$tmp/$k-3.json" 2>&1
  same_report "$tmp/$k.json" "$tmp/$k-3.json"
  for c in "$k-controle" "$k-3"; do
    same_rejects "$k : rejets différents de $c" "$tmp/$k.json" "$tmp/$c.json"
  done
}

# Hour rows read as one thing against the row before's template (case_row_template: 12 000
# rows, numbers from 2 to 12 001, a row unlike the one before every 7 rows: another type or
# style, spans, a cell absent or added, the first cell in another column, gaps, a number met twice, a
# character reference, a long number; the contract changed in a row otherwise the one before,
# its index written with 8 and 9 digits, closed by `</v >`; a cell's reference with another
# row's digits; rows cut by the reader's fills): the report of the general path's reading (two
# spaces before every r), every rejected row at the same number for the same reason, the same
# with 3 threads, M1's hours and rejected rows as the generator counted them.
against_control_rows gabarit-ligne
check_both gabarit-ligne "(lambda a: [r['ligne'] for r in d['rejets'] if '« abc »' in r['motif']] == a['rejets'] and m['M1']['heures_realisees'] == a['heures'])(json.load(open('$W/gabarit-ligne.xlsx.attendu')))"
# The same rows with the last cell of row 5 000 closed by </w>: the XML error told by the
# template's reading as by the general path's, at the byte where </w> starts.
for c in gabarit-ligne-xml gabarit-ligne-xml-controle; do
  report $c
  verify "$c : exit $rc, attendu C0832 à la colonne de </w>" "$rc != 0 and re.search(r'C0832.*\(ligne 1, colonne %d\) : mismatched tag'
    % (zipfile.ZipFile('$W/$c.xlsx').read('xl/worksheets/sheet3.xml').index(b'</w>') + 1), open('$tmp/$c.err').read())" "$tmp/$c.err"
done
# The same rows with the hours of row 5 000 written `<v 12</v>`: the last byte of the cell's run
# compared (a cell's run is compared as 32 bytes of which it holds 16 to 32, `xlsx14`), the
# invalid token told at the value's first byte by both readings.
for c in gabarit-ligne-xml-v gabarit-ligne-xml-v-controle; do
  report $c
  verify "$c : exit $rc, attendu C0832 au premier octet de la valeur" "$rc != 0 and re.search(r'C0832.*\(ligne 1, colonne %d\) : not well-formed'
    % (zipfile.ZipFile('$W/$c.xlsx').read('xl/worksheets/sheet3.xml').index(b'<v ') + 4), open('$tmp/$c.err').read())" "$tmp/$c.err"
done

# Hour rows that differ from the row before in every way a reading of a row as the row before
# plus what changed must tell apart (case_row_before: the month changed at every row; a cell
# that is not the usual one changed, one, two and all values changed with their lengths or not,
# a style or a type changed with the same length, a value that is no plain decimal or no index of
# the same length, rejected rows and the rows after them, texts not plain, numbers 9 -> 10 to
# 9999 -> 10000, rows cut by fills and slices): the general path's report (two spaces before every
# r), every rejected row at the same number for the same reason, the same with 3 threads.
against_control_rows ligne-avant
check ligne-avant "d['lignes']['heures']['lues'] == 15000 and len(d['rejets']) > 2000 and m['M1']['heures_realisees'] > 0"

# Hour rows whose month is the month after the row before's in runs, and leaves that order (a
# column's memo missed at every row, `xlsx17`: runs from a month drawn anew, the same month
# again, a month that is no month): the general path's report, every rejected row at the same
# number for the same reason, the same with 3 threads.
# Hour rows whose tag and first cell take 100 to 120 bytes, the most a row template's run holds
# (case_long_row_tags: column A's run compared as three blocks only when they end within it,
# `xlsx17`; under the sanitizer build, no read past it): the general path's report, every
# rejected row at the same number for the same reason, the same with 3 threads.
against_control_rows balises-longues
check balises-longues "d['lignes']['heures']['lues'] == 3000 and d['lignes']['heures']['rejetees'] > 200"

against_control_rows mois-suivants
check mois-suivants "d['lignes']['heures']['lues'] == 12000 and d['lignes']['heures']['rejetees'] > 200 and d['lignes']['heures']['non_comptees'] > 1000 and m['M1']['heures_realisees'] > 0"

# Contracts and participants read by the cell template with their dates and empty cells (dates
# as serials in two styles and every other form, the 1900 system's first days, many months,
# absent cells anywhere, booleans, inline strings, `&`, cells out of order, a cell outside the
# header; rows cut by the reader's fills), in the 1900 and the 1904 systems: the report of the
# general path's reading (two spaces before every r), every rejected row at the same number for
# the same reason, and each contract's notification date as the generator counted its serial.
for c in dates-lignes dates-lignes-1904; do
  against_control $c
  verify "$c : rejets différents du contrôle" "[(r['ligne'], r['motif'].replace('-controle', '')) for r in load('$tmp/$c.json')['rejets']]
    == [(r['ligne'], r['motif'].replace('-controle', '')) for r in load('$tmp/$c-controle.json')['rejets']]"
  check_both $c "(lambda a: len(a) > 3000 and all(m[k]['date_notification'] == v for k, v in a.items()))(json.load(open('$W/$c.xlsx.attendu')))"
  check $c "d['lignes']['participants']['rejetees'] == 922 and d['lignes']['marches']['lues'] == 4000"
done

# Rows inside a phonetic reading of a cell of an unclosed row, among rows the row template reads:
# two error rows read by the pump, then rows of the template's shape whose text is dropped (no
# row), as the general path reads them (the template checks the reader's state again after the
# pump); M1 10 hours a row outside.
against_control ligne-phonetique
check_both ligne-phonetique "m['M1']['heures_realisees'] == 3910 and [r['ligne'] for r in d['rejets']] == [302, 303]"

# A row nested in a cell of an unclosed row (well-formed XML, found by the xlsx harness): its
# hours counted once, not again at the outer row's </row>.
report ligne-imbriquee
check ligne-imbriquee "m['M1']['heures_realisees'] == 1110 and d['lignes']['heures']['lues'] == 3"

# Birth dates as serial numbers of every shape (whole days read without an allocation, the
# others by the general conversion: day 60, 0, 8 digits, past 9999, a fraction, an exponent,
# a sign), as text, as an error value, as a boolean: the report of the same workbook with each
# date written as the text it must read as, the same rows rejected at the same lines.
report dates-series
report dates-series-textes
same_report "$tmp/dates-series.json" "$tmp/dates-series-textes.json"
check dates-series "d['lignes']['participants'] == {'lues': 16, 'comptees': 7, 'non_comptees': 0, 'rejetees': 9}"
check dates-series "[r['ligne'] for r in d['rejets']] == [6, 7, 8, 9, 10, 13, 15, 16, 17]"

# A hidden sheet is not read: the visible HEURES is, though the hidden Heures comes first.
report masquee
same_report "$tmp/ok.json" "$tmp/masquee.json"
check masquee "d['fichiers'][2]['fichier'] == 'masquee.xlsx:HEURES'"
# Hidden and alone: a clear error (C0835 is tested in classeurs-hostiles.sh too).
report masquee-seule
[ $rc -eq 2 ] && grep -q 'error\[C0835\]: la feuille « Heures » est masquée' "$tmp/masquee-seule.err" \
  || { echo "masquee-seule : exit $rc"; cat "$tmp/masquee-seule.err"; fail=1; }

# Blank rows and a blank column before the table, a header cell merged over an unused
# column, empty rows and cells after it: the same figures, located at their own rows.
report fusion
same_report "$tmp/ok.json" "$tmp/fusion.json"

# A cell of 32 767 characters (Excel's most): read whole.
report cellule-longue
check cellule-longue "len(m['M1']['intitule']) == 32767"

# An ODS written by an independent writer (odfpy, tests/cli/lib/classeurs.py: case_odf): floats,
# a percentage-free table with dates, repeated empty cells, a repeated row, text in spans.
"$CHARTE" eval "$AMP" --donnees "$W/odf.ods" --au 2022-12-31 --format json >"$tmp/odf.json" 2>"$tmp/odf.err" \
  || { echo "ods : exit $?"; cat "$tmp/odf.err"; fail=1; }
# The repeated last row counts twice (two hour lines of 3.5 h): the figures of ok.xlsx, with one line more.
check odf "d['fichiers'][0]['format'] == 'ods' and d['fichiers'][2]['fichier'] == 'odf.ods:Heures'"
check odf "d['lignes']['heures'] == {'lues': 4, 'comptees': 4, 'non_comptees': 0, 'rejetees': 0}"
check odf "d['lignes']['participants']['comptees'] == 2 and m['M1']['heures_realisees'] == 155.5"
check odf "m['M2']['heures_realisees'] == 7 and m['M2']['montant_ht'] == 250000.5 and m['M2']['date_notification'] == '2022-03-15'"
# Months as date cells, in ODS (office:date-value, with and without a time of day).
"$CHARTE" eval "$AMP" --donnees "$W/odf-mois.ods" --au 2022-12-31 --format json >"$tmp/odf-mois.json" 2>"$tmp/odf-mois.err"
check odf-mois "d['lignes']['heures'] == {'lues': 8, 'comptees': 7, 'non_comptees': 0, 'rejetees': 1} and m['M1']['heures_realisees'] == 155.5 + 2 + 3 + 4"
check odf-mois "len(d['rejets']) == 1 and d['rejets'][0]['ligne'] == 9 and '2022-07-15' in d['rejets'][0]['motif']"

# A folder of workbooks: each table from the workbook that has its sheet.
mkdir -p "$tmp/dossier"
cp "$W/ok.xlsx" "$tmp/dossier/export.xlsx"
"$CHARTE" eval "$AMP" --donnees "$tmp/dossier" --au 2022-12-31 --format json >"$tmp/dossier.json" 2>"$tmp/dossier.err" \
  || { echo "dossier de classeurs : exit $?"; cat "$tmp/dossier.err"; fail=1; }
same_report "$tmp/ok.json" "$tmp/dossier.json"
# The same table in a CSV and in a workbook of one folder: which one? (C0803)
printf 'marche;participant;mois;heures;modalite\n' >"$tmp/dossier/heures.csv"
"$CHARTE" eval "$AMP" --donnees "$tmp/dossier" --au 2022-12-31 >/dev/null 2>"$tmp/dossier.err"; rc=$?
[ $rc -eq 2 ] && grep -q 'error\[C0803\]: la table heures est à la fois dans heures.csv et dans export.xlsx:Heures' "$tmp/dossier.err" \
  || { echo "CSV et classeur : exit $rc"; cat "$tmp/dossier.err"; fail=1; }

# Participants read where the read-ahead thread inflated them (--threads 2 and 3: no copy of its
# buffers; --threads 1: no such thread), a sheet of ten buffers (case_in_place) whose every
# buffer starts in another place: in a comment holding `</row>`, in and after a row's `</row>`,
# in a shared string's index, an inline string, a date's serial, an error value, after a row
# number's jump, in a comment longer than a buffer; rows with a cell absent, a cell outside the
# header, an inline string, a date as text, a number in no date's style, an error value, numbers
# that jump: the same JSON and text reports with 1, 2 and 3 threads, the rows read and rejected
# as the generator wrote them. Then the same sheet with its CRC wrong and as a zip bomb: the
# same error with 1 and 2 threads.
# (The sanitizer build: the JSON report with 2 threads, the text one with 3.)
report_threads en-place 2 1 2 3
cp "$threads_first" "$tmp/en-place.json"
first=
for t in $(threads_of 3 1 2 3); do
  "$CHARTE" eval "$AMP" --donnees "$W/en-place.xlsx" --au 2022-12-31 --threads $t >"$tmp/en-place.$t.txt" 2>&1
  [ -n "$first" ] || first=$tmp/en-place.$t.txt
  cmp -s "$first" "$tmp/en-place.$t.txt" || { echo "en-place : rapport texte, --threads $t diffère de --threads 1"; fail=1; }
done
# Under ThreadSanitizer too (built next to the sanitizer build): the buffers handed between the
# read-ahead thread and the tokenizer.
if [ -n "$TSAN" ]; then
  TSAN_OPTIONS=halt_on_error=1:exitcode=66 "$TSAN" eval "$AMP" --donnees "$W/en-place.xlsx" --au 2022-12-31 --format json --threads 2 >"$tmp/en-place.t.json" 2>&1
  cmp -s "$tmp/en-place.json" "$tmp/en-place.t.json" || { echo "en-place sous ThreadSanitizer :"; head -c 1500 "$tmp/en-place.t.json"; fail=1; }
fi
check en-place "(lambda a, r: d['lignes']['participants']['lues'] == a['lues'] == 9006 and len(a['na']) > 300 and len(a['hors']) > 700 and len(a['style']) > 300
  and sorted(x['ligne'] for x in r if '#N/A' in x['motif'] and 'C%d' % x['ligne'] in x['motif']) == a['na']
  and sorted(x['ligne'] for x in r if 'M%d remplie hors des colonnes' % x['ligne'] in x['motif']) == a['hors']
  and sorted(x['ligne'] for x in r if 'date_naissance' in x['motif'] and x['ligne'] not in a['hors']) == a['style'])(
  json.load(open('$W/en-place.xlsx.attendu')), [x for x in d['rejets'] if x['fichier'] == 'en-place.xlsx:Participants'])"
grep -q "en-place.xlsx:Participants!A7 : cellule C7 (colonne « Date naissance ») en erreur : #N/A" "$first" \
  || { echo "en-place : Participants!A7 (cellule C7, #N/A) absent du rapport texte"; fail=1; }
for c in en-place-crc en-place-bombe; do
  "$CHARTE" eval "$AMP" --donnees "$W/$c.xlsx" --au 2022-12-31 --threads 1 >/dev/null 2>"$tmp/$c.1.err"; rc1=$?
  "$CHARTE" eval "$AMP" --donnees "$W/$c.xlsx" --au 2022-12-31 --threads 2 >/dev/null 2>"$tmp/$c.2.err"; rc=$?
  code=$([ $c = en-place-crc ] && echo C0832 || echo C0833)
  [ $rc -eq 2 ] && [ $rc1 -eq 2 ] && grep -q "error\[$code\]" "$tmp/$c.1.err" && cmp -s "$tmp/$c.1.err" "$tmp/$c.2.err" \
    || { echo "$c : --threads 2 (exit $rc) ne dit pas ce que dit --threads 1 (exit $rc1, $code attendu)"; head -c 600 "$tmp/$c.1.err" "$tmp/$c.2.err"; fail=1; }
done

# The example data in every form: the same report as the CSV, apart from file names and
# row locations (issue 11, "Done when").
"$CHARTE" eval "$AMP" --donnees "$ROOT/examples/amp/donnees" --au 2025-12-31 --format json >"$tmp/csv.json"
for f in xlsx ods; do
  "$CHARTE" eval "$AMP" --donnees "$ROOT/examples/amp/donnees.$f" --au 2025-12-31 --format json >"$tmp/ex-$f.json" 2>"$tmp/ex.err" \
    || { echo "donnees.$f : exit $?"; cat "$tmp/ex.err"; fail=1; }
  same_report "$tmp/csv.json" "$tmp/ex-$f.json"
  verify "donnees.$f : rejets différents de ceux du CSV" "(lambda a, b: len(a) == len(b) and [x['motif'].split(' (')[0] for x in a] == [x['motif'].split(' (')[0] for x in b])(
    load('$tmp/csv.json')['rejets'], load('$tmp/ex-$f.json')['rejets'])"
  # The text report names each sheet as a sheet of its workbook, never as a CSV with a separator.
  F=$(echo $f | tr a-z A-Z)
  "$CHARTE" eval "$AMP" --donnees "$ROOT/examples/amp/donnees.$f" --au 2025-12-31 >"$tmp/ex-$f.txt" 2>&1
  "$CHARTE" eval "$AMP" --donnees "$ROOT/examples/amp/donnees.$f" --au 2025-12-31 --lang en >"$tmp/ex-$f.en.txt" 2>&1
  grep -qx "  donnees.$f:Heures : classeur $F" "$tmp/ex-$f.txt" && grep -qx "  donnees.$f:Heures: $F workbook" "$tmp/ex-$f.en.txt" \
    && ! grep -q 'CSV\|séparateur\|separator' "$tmp/ex-$f.txt" "$tmp/ex-$f.en.txt" \
    || { echo "donnees.$f : feuilles mal décrites dans le rapport texte"; sed -n 3,8p "$tmp/ex-$f.txt"; fail=1; }
done

# A workbook that cannot be read (/proc/self/mem fails with EIO at offset 0) is said unreadable, with
# the errno in the user's words (C0802), not taken for a file of another kind (C0830).
ln -s /proc/self/mem "$tmp/illisible.xlsx"
"$CHARTE" eval "$AMP" --donnees "$tmp/illisible.xlsx" --au 2022-12-31 >/dev/null 2>"$tmp/illisible.err"
grep -q "illisible.xlsx: error\[C0802\]: illisible : erreur d'entrée-sortie (EIO)$" "$tmp/illisible.err" \
  || { echo "illisible.xlsx : C0802 (EIO) attendu :"; cat "$tmp/illisible.err"; fail=1; }

checks_run || fail=1
exit $fail
