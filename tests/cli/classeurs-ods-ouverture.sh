#!/usr/bin/env bash
# tests/cli/classeurs-ods-ouverture.sh: a workbook's contracts' sheet opened beside the charter's check, and its hour sheet and hires opened on the contracts' thread while the participants load (two threads or more; ODS: the hour sheet after both their sheets; cli/cmd_eval.c's eval_open_rest), or before anything is read (one thread, or another order): the same report, errors and exit status with 1, 2, 3 and 7 threads, on the example's sheets in four orders, the hour sheet missing, hidden or short of a column, the hires short of a column, bad XML in the contracts' or the participants' sheet (with the hour sheet sound, missing or short of a column: its opener's error, said once) or in the hires' (read once the hour lines are, beside the finish's first steps: its reading's error only) or the hour sheet's (the hires then opened with nothing beside), and the XLSX example with the hour sheet missing or short of a column, bad XML in the contracts' or participants' sheet (alone: their reading's error; with the hour sheet missing or short of a column: the opening's, not the reading's); a charter that fails its check, a workbook missing and a file that is no zip (the sanitizer build: 1 and 2 threads each, 7 on every other workbook); under ThreadSanitizer for six of them. The workbooks are made once for both passes.
set -u
: "${CHARTE:?}" "${ROOT:?}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
AMP=$ROOT/examples/amp/amp.charte
PY=/usr/bin/python3
fail=0
. "$ROOT/tests/cli/lib/threads-same.sh"
tsan=$(charte_tsan) || exit 1   # lib/builds.sh: its cases at the end, in the sanitizer pass

SELF=$ROOT/tests/cli/classeurs-ods-ouverture.sh
. "$ROOT/tests/cli/lib/fixtures.sh"

# The variants of lib/ods_variantes.py are read with 1, 2 and 7 threads by classeurs-ods.sh (the example with 3 too).
# These workbooks are made once for both builds' passes (lib/fixtures.sh).
make_books() {   # DIR
"$PY" - "$ROOT/examples/amp/donnees.ods" "$1" <<'EOF'
import re, sys, zipfile
src, out = sys.argv[1], sys.argv[2]
z = zipfile.ZipFile(src)
parts = [(i, z.read(i.filename)) for i in z.infolist()]
content = z.read("content.xml").decode("utf-8")
SHEET = re.compile(r'<table:table table:name="([^"]*)".*?</table:table>', re.S)
sheets = {m.group(1): m.group(0) for m in SHEET.finditer(content)}
assert list(sheets) == ["Marchés", "Participants", "Heures", "Embauches"], list(sheets)
first = content.index('<table:table table:name="Marchés"')
last = content.index("</table:table>", content.index('<table:table table:name="Embauches"')) + len("</table:table>")
head, tail = content[:first], content[last:]

def write(name, order, change=lambda s: s):
    xml = change(head + "".join(sheets[n] for n in order) + tail)
    o = zipfile.ZipFile("%s/%s.ods" % (out, name), "w", zipfile.ZIP_DEFLATED)
    for info, data in parts:
        o.writestr(info, xml.encode("utf-8") if info.filename == "content.xml" else data,
                   zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_DEFLATED)
    o.close()

def in_sheet(name, old, new, nth=-1):
    """The nth (last: -1) `old` of sheet name, replaced."""
    def change(xml):
        start = xml.index('<table:table table:name="%s"' % name)
        end = xml.index("</table:table>", start)
        at = [m.start() for m in re.finditer(re.escape(old), xml[start:end])][nth] + start
        return xml[:at] + new + xml[at + len(old):]
    return change

def both(f, g):
    return lambda xml: g(f(xml))

usual = ["Marchés", "Participants", "Heures", "Embauches"]
write("usuel", usual)
write("heures-entre", ["Marchés", "Heures", "Participants", "Embauches"])
write("heures-premieres", ["Heures", "Embauches", "Marchés", "Participants"])
write("embauches-premieres", ["Embauches", "Marchés", "Participants", "Heures"])
no_hours = in_sheet("Heures", 'table:name="Heures"', 'table:name="Brouillon"', 0)
short_hours = in_sheet("Heures", "<text:p>Nombre d'heures</text:p>", "<text:p>Nombre</text:p>", 0)
write("heures-absente", usual, no_hours)
write("heures-colonne", usual, short_hours)
write("heures-masquee", usual, lambda xml: xml.replace(
    '<table:table table:name="Heures"', '<table:table table:name="Heures" table:style-name="cache"', 1).replace(
    "<office:automatic-styles>", '<office:automatic-styles><style:style style:name="cache" style:family="table">'
    '<style:table-properties table:display="false"/></style:style>', 1))
write("embauches-colonne", usual, in_sheet("Embauches", "<text:p>Date embauche</text:p>", "<text:p>Date</text:p>", 0))
bad_contracts = in_sheet("Marchés", "</table:table-row>", "</table:table-rows>")
bad_participants = in_sheet("Participants", "</table:table-row>", "</table:table-rows>")
write("marches-xml", usual, bad_contracts)
write("participants-xml", usual, bad_participants)
write("participants-xml-heures-absente", usual, both(bad_participants, no_hours))
write("participants-xml-heures-colonne", usual, both(bad_participants, short_hours))
write("marches-xml-heures-absente", usual, both(bad_contracts, no_hours))
# The hires, read once the hour lines are, beside the finish's first steps (two threads): their
# reading's error, and nothing else.
write("embauches-xml", usual, in_sheet("Embauches", "</table:table-row>", "</table:table-rows>"))
# The hour lines' reading failing: the hires opened only to say their errors, nothing beside.
write("heures-xml", usual, in_sheet("Heures", "</table:table-row>", "</table:table-rows>"))

# The same faults in the XLSX workbook: there the hour sheet's opener reads no other sheet, so a
# fault of the contracts' or participants' sheet is their reading's, said only when every sheet opened.
x = zipfile.ZipFile(src.replace(".ods", ".xlsx"))
xparts = [(i, x.read(i.filename)) for i in x.infolist()]

def xwrite(name, **change):
    o = zipfile.ZipFile("%s/%s.xlsx" % (out, name), "w", zipfile.ZIP_DEFLATED)
    for info, data in xparts:
        for old, new in change.get(info.filename.replace("/", "_").replace(".", "_"), []):
            assert data.count(old.encode()) >= 1, (info.filename, old)
            at = data.rindex(old.encode())
            data = data[:at] + new.encode() + data[at + len(old):]
        o.writestr(info, data)
    o.close()

xno_hours = [('name="Heures"', 'name="Brouillon"')]
xshort = [(">Nombre d'heures<", ">Nombre<")]
xbad = [("</row>", "</rows>")]
xwrite("x-usuel")
xwrite("x-heures-absente", xl_workbook_xml=xno_hours)
xwrite("x-heures-colonne", xl_sharedStrings_xml=xshort)
xwrite("x-marches-xml", xl_worksheets_sheet1_xml=xbad)
xwrite("x-participants-xml", xl_worksheets_sheet2_xml=xbad)
xwrite("x-marches-xml-heures-absente", xl_worksheets_sheet1_xml=xbad, xl_workbook_xml=xno_hours)
xwrite("x-participants-xml-heures-colonne", xl_worksheets_sheet2_xml=xbad, xl_sharedStrings_xml=xshort)
xwrite("x-embauches-colonne", xl_sharedStrings_xml=[(">Date embauche<", ">Date<")])
EOF
}
O=$(fixture ods-ouverture "$SELF" "$ROOT/examples/amp/donnees.ods" "$ROOT/examples/amp/donnees.xlsx" -- make_books) \
  || { echo "classeurs non construits"; exit 1; }
mkdir "$tmp/r"

# Each workbook read with 1 thread and with those of lib/threads-same.sh (the normal build: 2, 3 and 7): the same
# report, errors and exit status. The sanitizer build (a run there starts in some 50 ms) reads each with 1 and 2
# threads, and every other one with 7 besides (more threads than the work: the path of some ending with nothing
# to do, which the order or the fault of the workbook does not change), 3 with neither.
n=0 turn=0
for book in "$O"/*.ods "$O"/*.xlsx; do
  name=$(basename "$book")
  if charte_in_san_pass; then these="1 2" && [ $((turn % 2)) = 1 ] && these="1 2 7"; turn=$((turn + 1))
  else these="1 $(fils_compares "$CHARTE")"; fi
  for t in $these; do
    "$CHARTE" eval "$AMP" --donnees "$book" --au 2025-12-31 --format json --threads $t >"$tmp/r/$name.out.$t" 2>"$tmp/r/$name.err.$t"
    echo "exit $?" >>"$tmp/r/$name.err.$t"
    [ $t = 1 ] || { cmp -s "$tmp/r/$name.out.1" "$tmp/r/$name.out.$t" && cmp -s "$tmp/r/$name.err.1" "$tmp/r/$name.err.$t"; } \
      || { echo "$name : --threads $t ne dit pas ce que dit --threads 1"; diff "$tmp/r/$name.err.1" "$tmp/r/$name.err.$t" | head -4; fail=1; }
  done
  n=$((n + 1))
done

# The contracts' sheet opened beside the charter's check (two threads or more, a workbook): a
# charter that fails its check, a workbook missing, a file that is no zip: the same with 1, 2 and 3
# (the sanitizer build: 1 and 2).
printf 'règle sans fin\n' >"$tmp/mauvaise.charte"
printf 'pas un zip\n' >"$tmp/pas-zip.xlsx"
if charte_in_san_pass; then these="1 2"; else these="1 2 3"; fi
for case in "$tmp/mauvaise.charte:$O/x-usuel.xlsx" "$tmp/mauvaise.charte:$O/usuel.ods" \
  "$AMP:$tmp/absent.xlsx" "$AMP:$tmp/pas-zip.xlsx" "$AMP:$O/x-heures-absente.xlsx"; do
  charter=${case%%:*} book=${case#*:}
  for t in $these; do
    "$CHARTE" eval "$charter" --donnees "$book" --au 2025-12-31 --format json --threads $t >"$tmp/out.$t" 2>"$tmp/err.$t"
    echo "exit $?" >>"$tmp/err.$t"
    [ $t = 1 ] || { cmp -s "$tmp/out.1" "$tmp/out.$t" && cmp -s "$tmp/err.1" "$tmp/err.$t"; } \
      || { echo "$(basename "$charter") $(basename "$book") : --threads $t ne dit pas ce que dit --threads 1"; diff "$tmp/err.1" "$tmp/err.$t" | head -4; fail=1; }
  done
  grep -Eq '^exit [12]$' "$tmp/err.1" || { echo "$(basename "$charter") $(basename "$book") : échec attendu"; cat "$tmp/err.1"; fail=1; }
done

# What each order and fault must say (with 2 threads, read above; the other counts say the same).
says() {
  local name=$1 want=$2 rc
  local read=$tmp/r/$name.ods
  [ -e "$read.err.2" ] || read=$tmp/r/$name.xlsx
  rc=$(sed -n '$s/^exit //p' "$read.err.2")
  sed '$d' "$read.err.2" >"$tmp/err"
  if [ -z "$want" ]; then
    [ $rc -le 1 ] && [ ! -s "$tmp/err" ] || { echo "$name : lu sans erreur attendu (exit $rc)"; head -3 "$tmp/err"; fail=1; }
  else
    [ $rc -eq 2 ] && grep -Eq "$want" "$tmp/err" || { echo "$name : « $want » attendu (exit $rc)"; head -3 "$tmp/err"; fail=1; }
    # Only what the opening says: nothing of the contracts' or participants' reading.
    [ "$(grep -c 'error\[' "$tmp/err")" = 1 ] || { echo "$name : une seule erreur attendue"; cat "$tmp/err"; fail=1; }
  fi
}
for name in usuel heures-entre heures-premieres embauches-premieres; do says $name ""; done
says heures-absente 'C0835.*heures'
says heures-masquee 'C0835.*masquée'
says heures-colonne "C0806.*heures"
says embauches-colonne "C0806.*date_embauche"
says marches-xml "C0832.*XML invalide"
says participants-xml "C0832.*XML invalide"
says embauches-xml "C0832.*XML invalide"
says heures-xml "C0832.*XML invalide"
# The hour sheet's opener reads the bad XML first: its error, once, before the hour sheet's own.
for name in participants-xml-heures-absente marches-xml-heures-absente participants-xml-heures-colonne; do
  says $name "C0832.*XML invalide"
done
# XLSX: what the opening says, before (and instead of) what the reading would.
says x-usuel ""
says x-heures-absente 'C0835.*heures'
says x-heures-colonne "C0806.*heures"
says x-embauches-colonne "C0806.*date_embauche"
says x-marches-xml "C0832.*XML invalide dans xl/worksheets/sheet1.xml"
says x-participants-xml "C0832.*XML invalide dans xl/worksheets/sheet2.xml"
says x-marches-xml-heures-absente 'C0835.*heures'
says x-participants-xml-heures-colonne "C0806.*heures"

# Under ThreadSanitizer: the hour sheet opened on one thread while the participants are read on the other
# (two threads; compared with the sanitizer build's one thread, above: one thread races with nothing).
if [ -n "$tsan" ]; then
  for name in usuel.ods heures-absente.ods participants-xml-heures-colonne.ods embauches-xml.ods x-usuel.xlsx x-marches-xml-heures-absente.xlsx; do
    "$tsan" eval "$AMP" --donnees "$O/$name" --au 2025-12-31 --format json --threads 2 >"$tmp/tsan.out" 2>"$tmp/tsan.err"
    echo "exit $?" >>"$tmp/tsan.err"
    grep -q 'ThreadSanitizer' "$tmp/tsan.err" && { echo "$name : ThreadSanitizer"; head -30 "$tmp/tsan.err"; fail=1; }
    cmp -s "$tmp/r/$name.out.1" "$tmp/tsan.out" && cmp -s "$tmp/r/$name.err.1" "$tmp/tsan.err" \
      || { echo "$name : sous ThreadSanitizer, --threads 2 diffère de --threads 1"; fail=1; }
  done
fi
[ $fail = 0 ] && echo "classeurs-ods-ouverture : $n classeurs, mêmes rapports et erreurs sur un fil et sur plusieurs"
exit $fail
