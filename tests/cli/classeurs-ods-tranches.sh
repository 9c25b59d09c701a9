#!/usr/bin/env bash
# tests/cli/classeurs-ods-tranches.sh: an ODS hour sheet read on several threads (runtime/table_ods_split.c): the same report, rejected rows, locations and errors with 1, 2, 3 and 7 threads, and as expat alone reads it, whatever the cuts meet (repeated rows, covered cells, empty rows, a row longer than a slice, comments, a nested table, a sheet a line per element, XML errors in the second slice and late, the hires' sheet absent, rows rejected at their cell's reference in most slices (a cell past the header's, a formula never computed, an error cell: the reference's row written at the merge, every format and both languages compared), "e>" in cells and the sheet's end tag in a comment, the sheet's end after a row group's). The workbooks, and the normal build's one-thread and expat readings of them, are made once for both passes; the sanitizer build reads each with expat and with 2 or 7 threads in turn.
set -u
tmp=${KEEP:-$(mktemp -d)}; [ -n "${KEEP:-}" ] || trap 'rm -rf "$tmp"' EXIT
AMP=$ROOT/examples/amp/amp.charte
B=$ROOT/build
PY=/usr/bin/python3
. "$ROOT/tests/cli/lib/threads-same.sh"   # fils_compares, and lib/builds.sh
TSAN=$(charte_tsan) || exit 1   # lib/builds.sh: its cases at the end, in the sanitizer pass
SELF=$ROOT/tests/cli/classeurs-ods-tranches.sh
. "$ROOT/tests/cli/lib/fixtures.sh"
. "$ROOT/tests/cli/lib/same-later.sh"   # same_later, same_now: the reports compared by one md5sum, not a cmp each
[ -x "$B/gen-donnees" ] && [ -x "$B/classeur" ] || { echo "build/gen-donnees ou build/classeur manquant (make tools)"; exit 1; }
fail=0

# The workbooks, made once for both builds' passes (lib/fixtures.sh): each case rewrites the hour sheet of
# base.ods's content.xml.
make_books() {   # DIR
  local tmp=$1
  "$B/gen-donnees" --profil demo --graine 21 --format csv --invalides 300 --sortie "$tmp/csv" >/dev/null || return 1
  "$B/classeur" "$tmp/csv" "$tmp/base.ods" >/dev/null && rm -r "$tmp/csv" || return 1
"$PY" - "$tmp" <<'EOF'
import sys, re, zipfile
tmp = sys.argv[1]
src = zipfile.ZipFile(tmp + "/base.ods")
parts = [(i, src.read(i.filename)) for i in src.infolist()]
xml = dict((i.filename, v) for i, v in parts)["content.xml"].decode()
head, body, tail = re.match(r'(.*?<table:table table:name="Heures"[^>]*>)(.*?)(</table:table>.*)', xml, re.S).groups()
rows = re.findall(r"<table:table-row[^>]*/>|<table:table-row[^>]*>.*?</table:table-row>", body, re.S)
assert "".join(rows) == body, "rows"
data = rows[1:]
# four copies of the rows: slices of every size, some two hundred of them
rows = rows[:1] + data * 4
assert len(rows) > 20000, len(rows)
def write(name, body, after=tail, before=head):
    z = zipfile.ZipFile("%s/%s.ods" % (tmp, name), "w", zipfile.ZIP_DEFLATED)
    for info, v in parts:
        if info.filename == "content.xml":
            v = (before + body + after).encode()
        z.writestr(info, v, zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_DEFLATED)
    z.close()
every = lambda k, f: "".join(f(i, r) if i > 0 and i % k == 0 else r for i, r in enumerate(rows))
write("simple", "".join(rows))
# repeated rows (their copies numbered on), empty rows repeated, covered cells
write("repetees", every(5, lambda i, r: r.replace("<table:table-row>", '<table:table-row table:number-rows-repeated="%d">' % (2 + i % 4), 1)))
write("vides", every(9, lambda i, r: r + '<table:table-row table:style-name="ro1" table:number-rows-repeated="%d"><table:table-cell table:number-columns-repeated="1024"/></table:table-row><table:table-row/>' % (1 + i % 7)))
write("couvertes", every(3, lambda i, r: r.replace("</table:table-row>", '<table:covered-table-cell table:number-columns-repeated="2"/><table:covered-table-cell/></table:table-row>', 1)))
# a row of 600 000 bytes (its long cell rejects it): longer than a slice
write("longue", every(9000, lambda i, r: r.replace("</table:table-row>", "<table:table-cell><text:p>%s</text:p></table:table-cell></table:table-row>" % ("x" * 600000), 1)))
# a row tag written otherwise: counted by no cutter, read the same
write("attributs", every(7, lambda i, r: r.replace("<table:table-row>", "<table:table-row  table:style-name='ro1'\n table:number-rows-repeated = '2' >", 1)))
# comments, one of them holding a row: expat reads from the last safe place
write("commentaires", every(4000, lambda i, r: r + "<!-- </table:table-row><table:table-row> -->"))
# a nested table in a cell, rows and end tag included: the cutter stops there, expat goes on
write("imbriquee", every(6000, lambda i, r: r.replace("</table:table-row>", "<table:table-cell><table:table><table:table-row><table:table-cell><text:p>1</text:p></table:table-cell></table:table-row></table:table></table:table-cell></table:table-row>", 1)))
# one element a line: text between rows
pretty = "".join(rows).replace("><", ">\n <")
write("lignes", pretty)
# XML errors in the second slice and late in the sheet: the same line and column
at = pretty.find("</text:p>", 384 * 1024)   # in the second slice (slices of at most 256 KiB)
write("erreur-tot", pretty[:at] + "</text:q>" + pretty[at + 9:])
at = pretty.rfind("</text:p>", 0, len(pretty) * 4 // 5)
write("erreur", pretty[:at] + "</text:q>" + pretty[at + 9:])
# the part cut short in the hour sheet
write("tronquee", "".join(rows[: len(rows) // 2]), "")
# without the hires' sheet after the hours
write("sans-embauches", "".join(rows), re.sub(r'<table:table table:name="Embauches".*?</table:table>', "", tail, flags=re.S))
# rows rejected with a cell's reference in their reason, in most slices, some of
# them repeated: a part counts its rows from 0 and writes the reference's row
# at the merge, once its slice's first row number is known (never read again);
# the other rejected rows are moved on
write("references", every(97, lambda i, r: r.replace("</table:table-row>", '<table:table-cell table:number-columns-repeated="3"/><table:table-cell office:value-type="float" office:value="%d"><text:p>%d</text:p></table:table-cell></table:table-row>' % (i, i), 1).replace("<table:table-row>", '<table:table-row table:number-rows-repeated="%d">' % (1 + i % 3), 1)))
# the same with formulas: never computed (their first cell), or an error's text
calc = head.replace(' office:version=', ' xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0" office:version=', 1)
first = re.compile(r"<table:table-cell[^>]*/>|<table:table-cell[^>]*>.*?</table:table-cell>", re.S)
formula = lambda i, r: first.sub('<table:table-cell table:formula="of:=[.B1]"/>' if i % 2 else '<table:table-cell table:formula="of:=1/0" office:value-type="string" calcext:value-type="error"><text:p>#DIV/0!</text:p></table:table-cell>', r, 1)
write("formules", every(89, formula), tail, calc)
# "e>" in cells' text and the sheet's end tag spelled out in a comment after a
# row's end: the cutter's sheet end is checked whole, and where it is taken
write("chevrons", every(13, lambda i, r: r.replace("<text:p>", "<text:p>une table>e>", 1)))
write("fin-commentee", every(7000, lambda i, r: r + "<!-- </table:table-row></table:table> -->"))
# the data rows in a row group: the sheet's end follows the group's, not a
# row's: the cutter goes on past it, into the hires' sheet, and the part that
# meets it ends the reading
write("groupe", rows[0] + "<table:table-row-group>" + "".join(rows[1:]) + "</table:table-row-group>")
# more than 1 048 576 rows counted: the same row refused
write("trop", every(3000, lambda i, r: r.replace("<table:table-row>", '<table:table-row table:number-rows-repeated="300000">', 1)))
# ThreadSanitizer's two costliest cases again on one copy of the rows (a sheet of some 3 MB, a dozen slices with
# 3 threads, against 12 MB): the parts read on after the comment's or the error's answer is decided, all of
# it under ThreadSanitizer (4 s a run on the four copies, some 1 s here); the same constructs, as often
# (a comment every 1 000 rows), the error at the same place in the second slice.
one = rows[: len(data) + 1]
write("tsan-commentaires", "".join(r + "<!-- </table:table-row><table:table-row> -->" if i > 0 and i % 1000 == 0 else r for i, r in enumerate(one)))
pretty = "".join(one).replace("><", ">\n <")
at = pretty.find("</text:p>", 384 * 1024)
write("tsan-erreur-tot", pretty[:at] + "</text:q>" + pretty[at + 9:])
EOF
  [ -f "$tmp/trop.ods" ]
}
W=$(fixture ods-tranches "$SELF" "$B/gen-donnees" "$B/classeur" -- make_books) || { echo "classeurs non écrits"; exit 1; }

run() {   # run BIN FILE THREADS OUT [VAR=VALUE]: the JSON report and what was said, and the exit code
  [ -z "${5:-}" ] || local -x "$5"   # for this run only, without an env's exec (some 4 ms of processor here)
  "$1" eval "$AMP" --donnees "$2" --au 2025-12-31 --format json --threads "$3" >"$4" 2>&1
  echo "exit $?" >>"$4"
}
names="simple repetees vides couvertes longue attributs commentaires imbriquee lignes erreur-tot erreur tronquee sans-embauches trop references formules chevrons fin-commentee groupe"
exts="txt json csv html xlsx ods"
# reports BIN FILE LANG THREADS PREFIX: the six reports of one evaluation (-o once per format), in PREFIX.EXT,
# and what was said, in PREFIX.said.
reports() {
  local outs=() ext
  for ext in $exts; do outs+=(-o "$5.$ext"); done
  "$1" eval "$AMP" --donnees "$2" --au 2025-12-31 --lang $3 --threads $4 "${outs[@]}" >"$5.said" 2>&1
  echo "exit $?" >>"$5.said"
}
# The normal build's reading on one thread, and expat's alone, of each workbook; the reports of the two with
# rejected rows' references in every format and both languages: made once for both builds' passes, by the
# normal build (build/charte beside build/san/charte: the reference the sanitizer build is compared with).
ref=$(charte_normal) || exit 1
one_thread() {   # BOOKS DIR
  local name lang
  for name in $names; do
    run "$ref" "$1/$name.ods" 1 "$2/$name.1"
    run "$ref" "$1/$name.ods" 1 "$2/$name.x" CHARTE_ODS_EXPAT=1
  done
  for name in references formules; do
    for lang in fr en; do reports "$ref" "$1/$name.ods" $lang 1 "$2/$name.$lang.1"; done
  done
  for name in tsan-commentaires tsan-erreur-tot; do run "$ref" "$1/$name.ods" 1 "$2/$name.1"; done
}
A=$(fixture ods-tranches-un "$SELF" "$ref" "$AMP" -- one_thread "$W") || { echo "lectures sur un fil non faites"; exit 1; }
# The normal build compares 2, 3 and 7 threads (lib/threads-same.sh) with its own reading on one thread, and
# that with expat's. The sanitizer build (a run there reads four times slower) reads each workbook with 2 or 7
# threads in turn (the cutter and the parts' reading of each case under ASan and UBSan; 2 threads merge N
# shares, 7 end some with an empty one, each taken on nine or ten of the cases), compared with the normal
# build's one thread; the one-thread reader's paths are classeurs-ods.sh's variants' (repeated rows, covered
# cells, comments, a nested table, row groups, long texts, bad XML, too many rows). expat alone (0.5 s a
# workbook there, the slowest run) reads the twelve whose events its handlers take otherwise: repeated rows
# and cells, covered cells, a 600 kB text, a nested table, an error early and a part cut short, too many rows,
# rejected rows at a cell's reference and at a formula, the hires' sheet absent, a row group; not the seven
# whose difference is expat's own parsing, which the handlers never see (a row tag's spelling, text between
# elements, comments, "e>" in a text, the same mismatched tag later).
# The same for the reports of references and formules: one run a language, 2 or 7 threads.
expat_san="repetees vides couvertes longue imbriquee erreur-tot tronquee trop references formules sans-embauches groupe"
san=
charte_in_san_pass && san=1
turn=0
for name in $names; do
  same_later "$A/$name.x" "$A/$name.1" "$name : le lecteur diffère d'expat seul"
  if [ $san ]; then
    case " $expat_san " in
    *" $name "*)
      run "$CHARTE" "$W/$name.ods" 1 "$tmp/$name.x" CHARTE_ODS_EXPAT=1
      same_later "$A/$name.1" "$tmp/$name.x" "$name : expat seul diffère (build/charte --threads 1)" ;;
    esac
    these=$((turn % 2 ? 7 : 2)) turn=$((turn + 1))
  else
    these=$(fils_compares "$CHARTE")
  fi
  for threads in $these; do
    run "$CHARTE" "$W/$name.ods" $threads "$tmp/$name.$threads"
    same_later "$A/$name.1" "$tmp/$name.$threads" "$name : --threads $threads diffère de --threads 1"
  done
done
# What the cases are about is in their reports.
grep -q '"comptees": [1-9]' "$A/simple.1" && [ "$(grep -c '"fichier": "simple.ods:Heures", "ligne"' "$A/simple.1")" -gt 1000 ] \
  || { echo "simple : heures comptées et plus de 1 000 lignes rejetées attendues"; fail=1; }
cmp -s <(sed 's/repetees\.ods/simple.ods/g' "$A/repetees.1") "$A/simple.1" && { echo "repetees : les lignes répétées n'ont rien changé"; fail=1; }
grep -q 'cellule F[0-9]* remplie hors des colonnes' "$A/longue.1" || { echo "longue : ligne rejetée attendue"; fail=1; }
for name in erreur-tot erreur tsan-erreur-tot; do
  grep -q 'content.xml (ligne [0-9]*, colonne [0-9]*) : mismatched tag' "$A/$name.1" && grep -q '^exit 2' "$A/$name.1" \
    || { echo "$name : erreur XML attendue"; head -c 600 "$A/$name.1"; fail=1; }
done
grep -q '"comptees": [1-9]' "$A/tsan-commentaires.1" && grep -q '^exit [01]$' "$A/tsan-commentaires.1" \
  || { echo "tsan-commentaires : heures comptées attendues"; fail=1; }
grep -q '^exit 2' "$A/tronquee.1" || { echo "tronquee : erreur attendue"; fail=1; }
[ "$(grep -c 'cellule [A-Z]*[0-9]* remplie hors des colonnes' "$A/references.1")" -gt 200 ] \
  || { echo "references : plus de 200 lignes rejetées à leur cellule attendues"; fail=1; }
[ "$(grep -c 'cellule A[0-9]* (colonne « [a-z_]* ») : formule sans valeur calculée' "$A/formules.1")" -gt 100 ] \
  && [ "$(grep -c 'cellule A[0-9]* (colonne « [a-z_]* ») en erreur : #DIV/0!' "$A/formules.1")" -gt 100 ] \
  || { echo "formules : plus de 100 lignes rejetées à chaque sorte de formule attendues"; fail=1; }
# A reference's row is written at the merge into the reason's text: every format
# that shows the rejected rows, in both languages, is the single reader's.
# (Each run writes the six reports of one evaluation: -o once per format.)
for name in references formules; do
  for lang in fr en; do
    if [ $san ]; then these=$((turn % 2 ? 7 : 2)) turn=$((turn + 1)); else these=$(fils_compares "$CHARTE"); fi
    for threads in $these; do
      reports "$CHARTE" "$W/$name.ods" $lang $threads "$tmp/$name.$lang.$threads"
      same_later "$A/$name.$lang.1.said" "$tmp/$name.$lang.$threads.said" \
        "$name : --lang $lang --threads $threads : autre message que --threads 1"
      for ext in $exts; do
        same_later "$A/$name.$lang.1.$ext" "$tmp/$name.$lang.$threads.$ext" \
          "$name : --lang $lang, rapport .$ext, --threads $threads diffère de --threads 1"
      done
    done
  done
  grep -q '"motif": "cell [A-Z]*[0-9]* \(filled outside\|(column\)' "$A/$name.en.1.json" \
    || { echo "$name : motifs en anglais attendus"; fail=1; }
done
same_now
grep -q 'table:name="Embauches"' <(unzip -p "$W/groupe.ods" content.xml) && grep -q '"comptees": [1-9]' "$A/groupe.1" \
  || { echo "groupe : heures comptées attendues"; fail=1; }
grep -q 'plus de 1 048 576 lignes' "$A/trop.1" || { echo "trop : C0808 attendue"; head -c 600 "$A/trop.1"; fail=1; }

# Under ThreadSanitizer once, when the script runs for the sanitizer build (as threads.sh
# does): the ThreadSanitizer runs are the same whatever the binary under test, so the
# normal build's pass would only repeat them. The comments and the early error on one copy of the rows
# (tsan-*): the same constructs, the same cuts, a quarter of the bytes read after the answer is decided.
if [ -n "$TSAN" ]; then
  export TSAN_OPTIONS=halt_on_error=1:exitcode=66
  for name in repetees tsan-commentaires tsan-erreur-tot references; do
    run "$TSAN" "$W/$name.ods" 3 "$tmp/$name.t"
    cmp -s "$A/$name.1" "$tmp/$name.t" || { echo "$name sous ThreadSanitizer :"; head -c 1500 "$tmp/$name.t"; fail=1; }
  done
fi
exit $fail
