#!/usr/bin/env bash
# tests/cli/classeurs-tranches.sh: an XLSX hour sheet read on several threads (runtime/table_xlsx_split.c): the same report, rejected rows, locations and errors with 1, 2 and 3 threads, whatever the cuts meet (rows without r or out of order, "</row>" in comments and CDATA, a row longer than a slice, rows after </sheetData>, a sheet a line per element, XML errors and a damaged stream late in the sheet, with the line said where the slice that holds them was read on into), also under ThreadSanitizer.
#
# The workbooks are made once for both passes (tests/cli/lib/fixtures.sh). The sanitizer pass reads
# each with one thread count (2 or 3 in turn) and simple with 1 besides: see the loop below.
set -u
tmp=${KEEP:-$(mktemp -d)}; [ -n "${KEEP:-}" ] || trap 'rm -rf "$tmp"' EXIT
AMP=$ROOT/examples/amp/amp.charte
B=$ROOT/build
PY=/usr/bin/python3
[ -x "$B/gen-donnees" ] && [ -x "$B/classeur" ] || { echo "build/gen-donnees ou build/classeur manquant (make tools)"; exit 1; }
fail=0

# make_books DIR: the workbooks, made once for both passes (tests/cli/lib/fixtures.sh). Each case
# rewrites the hour sheet's XML (the largest sheet) of base.xlsx, the demo data's workbook.
make_books() {
  "$B/gen-donnees" --profil demo --graine 21 --format csv --invalides 300 --sortie "$1/csv" >/dev/null || return 1
  "$B/classeur" "$1/csv" "$1/base.xlsx" >/dev/null || return 1
  rm -rf "$1/csv"
  "$PY" - "$1" <<'EOF'
import sys, re, zipfile
tmp = sys.argv[1]
src = zipfile.ZipFile(tmp + "/base.xlsx")
parts = {i.filename: src.read(i.filename) for i in src.infolist()}
sheet = max((k for k in parts if k.startswith("xl/worksheets/")), key=lambda k: len(parts[k]))
xml = parts[sheet].decode()
head, rows, tail = re.match(r"(.*?<sheetData>)(.*)(</sheetData>.*)", xml, re.S).groups()
rows = re.findall(r"<row [^>]*/>|<row [^>]*[^/]>.*?</row>", rows, re.S)
# eight copies of the rows, renumbered: enough for slices of every size
def renumber(r, n):
    return re.sub(r'(r="[A-Z]*)\d+"', lambda m: '%s%d"' % (m.group(1), n), r)
data = rows[1:]
rows = rows[:1] + [renumber(r, k * len(data) + i + 2) for k in range(8) for i, r in enumerate(data)]
assert len(rows) > 40000, len(rows)
def write(name, body, after=tail):
    z = zipfile.ZipFile("%s/%s.xlsx" % (tmp, name), "w", zipfile.ZIP_DEFLATED)
    for k, v in parts.items():
        z.writestr(k, (head + body + after).encode() if k == sheet else v)
    z.close()
every = lambda k, f: "".join(f(i, r) if i % k == 0 else r for i, r in enumerate(rows))
write("simple", "".join(rows))
# rows without r="…": numbered from the one before
write("sans-r", every(7, lambda i, r: re.sub(r'^<row r="\d+"', "<row", r)))
# rows out of order: a row numbered below the one before is counted on from it
write("desordre", every(997, lambda i, r: re.sub(r'^<row r="\d+"', '<row r="3"', r)))
# "</row>" inside comments and CDATA sections, between rows and in cells
write("commentaires", every(50, lambda i, r: r + ('<!-- </row><row r="999999"><c><v>1</v></c></row> -->' if i % 100 else "<!-- </row></sheetData> -->")))
write("cdata", every(61, lambda i, r: r.replace("</row>", '<c r="Z%d" t="inlineStr"><is><t><![CDATA[</row><row r="5">]]></t></is></c></row>' % 1, 1)))
# a row of 300 000 bytes (its long cell rejects it): longer than the last slices
write("longue", every(20000, lambda i, r: r.replace("</row>", '<c r="Y%d" t="inlineStr"><is><t>%s</t></is></c></row>' % (1, "x" * 300000), 1)))
# rows after </sheetData>, in a comment: never read
write("apres", "".join(rows), "</sheetData><!-- " + "".join(rows[-3000:]) + " -->" + tail[len("</sheetData>"):])
# one element a line (CRLF), then an XML error late in the sheet: the same line and column
pretty = "".join(rows).replace("><", ">\r\n  <")
write("lignes", pretty)
at = pretty.rfind("</v>", 0, len(pretty) * 9 // 10)
write("lignes-erreur", pretty[:at] + "</w>" + pretty[at + 4:])
# the same with every row numbered 3 (counted on): no slice ends with the row guessed, so
# each part reads on into the next slice, whose first line the main thread counted
pretty3 = "".join(re.sub(r'^<row r="\d+"', '<row r="3"', r) for r in rows).replace("><", ">\r\n  <")
at = pretty3.rfind("</v>", 0, len(pretty3) * 9 // 10)
write("lignes-desordre-erreur", pretty3[:at] + "</w>" + pretty3[at + 4:])
# the same with a "</row>" in a comment after every row of the second half: a slice there
# mostly ends inside a comment, so its part, which counted its lines from a guessed start
# (its reader counts its own slice's lines only), reads on with bytes pending; set right by
# the merge, the error late in the sheet is said at the same line
com = '<!-- </row><row r="999999"><c><v>1</v></c></row> -->'
half = len(rows) // 2
prettyc = ("".join(rows[:half]) + "".join(r + com for r in rows[half:])).replace("><", ">\r\n  <")
at = prettyc.rfind("</v>", 0, len(prettyc) * 9 // 10)
write("lignes-commentaires-erreur", prettyc[:at] + "</w>" + prettyc[at + 4:])
# one line feed only, between two rows in the middle, and an XML error late: its column
# counts from that line feed, which lies slices before the error's
half = len(rows) // 2
at = len(rows) * 9 // 10
write("une-ligne-erreur", "".join(rows[:half]) + "\n" + "".join(rows[half:at]) + rows[at].replace("</c>", "</d>", 1) + "".join(rows[at + 1:]))
at = len(rows) * 4 // 5
write("erreur", "".join(rows[:at]) + rows[at].replace("</c>", "</d>", 1) + "".join(rows[at + 1:]))
# an XML error early in the sheet, among the first slices, cut while the participants load
# (eval_threads_cut_ahead); then with the participants' sheet failing too: its error only
at = len(rows) // 60
early = "".join(rows[:at]) + rows[at].replace("</c>", "</d>", 1) + "".join(rows[at + 1:])
write("erreur-tot", early)
book = parts["xl/workbook.xml"].decode()
rid = re.search(r'<sheet [^>]*name="Participants"[^>]*r:id="([^"]+)"', book).group(1)
target = re.search(r'Id="%s"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="%s"' % (rid, rid), parts["xl/_rels/workbook.xml.rels"].decode())
psheet = "xl/" + (target.group(1) or target.group(2))
parts[psheet] = parts[psheet].replace(b"</row>", b"</rang>", 5)
write("erreur-tot-participants", early)
EOF
}
. "$ROOT/tests/cli/lib/fixtures.sh"
. "$ROOT/tests/cli/lib/builds.sh"
TSAN=$(charte_tsan) || exit 1   # its cases at the end, in the sanitizer pass
# The script itself is an input: make_books is in it.
W=$(fixture classeurs-tranches "$B/gen-donnees" "$B/classeur" "$ROOT/tests/cli/classeurs-tranches.sh" -- make_books) \
  && [ -f "$W/erreur.xlsx" ] || { echo "classeurs non écrits"; exit 1; }

run() {   # run BIN FILE THREADS OUT: the JSON report and what was said, and the exit code
  "$1" eval "$AMP" --donnees "$2" --au 2025-12-31 --format json --threads "$3" >"$4" 2>&1
  echo "exit $?" >>"$4"
}
# Each case with 1, 2 and 3 threads, the same report; NAME.r, the first. The sanitizer build reads
# each once, with 2 or 3 threads in turn (the slices' code, which a run with 1 thread does not
# take), and simple with 1 thread besides: ASan finds a fault on the path a run takes, and the
# same bytes read again by another count find nothing new; the normal pass compares the counts.
turn=0
for name in simple sans-r desordre commentaires cdata longue apres lignes lignes-erreur lignes-desordre-erreur \
            lignes-commentaires-erreur une-ligne-erreur erreur erreur-tot erreur-tot-participants; do
  counts="1 2 3"
  if charte_in_san_pass; then counts=$((turn % 2 + 2)); turn=$((turn + 1)); [ $name = simple ] && counts="1 $counts"; fi
  first=
  for threads in $counts; do
    run "$CHARTE" "$W/$name.xlsx" $threads "$tmp/$name.$threads"
    if [ -z "$first" ]; then
      first=$threads; cp "$tmp/$name.$threads" "$tmp/$name.r"
    else
      cmp -s "$tmp/$name.r" "$tmp/$name.$threads" \
        || { echo "$name : --threads $threads diffère de --threads $first"; diff "$tmp/$name.r" "$tmp/$name.$threads" | head -6; fail=1; }
    fi
  done
done
# What the cases are about is in their reports.
grep -q '"comptees": [1-9]' "$tmp/simple.r" && [ "$(grep -c '"fichier": "simple.xlsx:Heures", "ligne"' "$tmp/simple.r")" -gt 2000 ] \
  || { echo "simple : heures comptées et plus de 2 000 lignes rejetées attendues"; fail=1; }
sed 's/apres\.xlsx/simple.xlsx/g' "$tmp/apres.r" | cmp -s - "$tmp/simple.r" || { echo "apres : les lignes après </sheetData> ont été lues"; fail=1; }
grep -q 'sheet3.xml (ligne [0-9]*, colonne [0-9]*) : mismatched tag' "$tmp/lignes-erreur.r" && grep -q '^exit 2' "$tmp/lignes-erreur.r" \
  || { echo "lignes-erreur : erreur XML attendue"; fail=1; }
grep -q 'sheet3.xml (ligne [1-9][0-9]*, colonne [0-9]*) : mismatched tag' "$tmp/lignes-desordre-erreur.r" \
  && grep -q '^exit 2' "$tmp/lignes-desordre-erreur.r" || { echo "lignes-desordre-erreur : erreur XML attendue"; fail=1; }
grep -q 'sheet3.xml (ligne [0-9], colonne [0-9]\{6,\}) : mismatched tag' "$tmp/une-ligne-erreur.r" \
  && grep -q '^exit 2' "$tmp/une-ligne-erreur.r" || { echo "une-ligne-erreur : erreur XML attendue"; fail=1; }
grep -q 'sheet3.xml (ligne [1-9][0-9]*, colonne [0-9]*) : mismatched tag' "$tmp/lignes-commentaires-erreur.r" \
  && grep -q '^exit 2' "$tmp/lignes-commentaires-erreur.r" || { echo "lignes-commentaires-erreur : erreur XML attendue"; fail=1; }
grep -q 'mismatched tag' "$tmp/erreur.r" || { echo "erreur : balise mal fermée attendue"; fail=1; }
grep -q 'sheet3.xml (ligne 2, colonne [0-9]*) : mismatched tag' "$tmp/erreur-tot.r" && grep -q '^exit 2' "$tmp/erreur-tot.r" \
  || { echo "erreur-tot : erreur XML de la feuille des heures attendue"; fail=1; }
grep -q 'mismatched tag' "$tmp/erreur-tot-participants.r" && ! grep -q 'sheet3.xml' "$tmp/erreur-tot-participants.r" \
  && grep -q '^exit 2' "$tmp/erreur-tot-participants.r" \
  || { echo "erreur-tot-participants : l'erreur des participants seule attendue"; cat "$tmp/erreur-tot-participants.r"; fail=1; }
grep -q 'champ de plus de' "$tmp/longue.r" || { echo "longue : ligne rejetée attendue"; fail=1; }

# Under ThreadSanitizer once, when the script runs for the sanitizer build (as threads.sh
# does): the ThreadSanitizer runs are the same whatever the binary under test, so the
# normal build's pass would only repeat them.
if [ -n "$TSAN" ]; then
  export TSAN_OPTIONS=halt_on_error=1:exitcode=66
  for name in simple commentaires lignes-erreur; do
    run "$TSAN" "$W/$name.xlsx" 2 "$tmp/$name.t"
    cmp -s "$tmp/$name.r" "$tmp/$name.t" || { echo "$name sous ThreadSanitizer :"; head -c 1500 "$tmp/$name.t"; fail=1; }
  done
fi
exit $fail
