#!/usr/bin/env bash
# tests/cli/classeurs-hostiles.sh: bad workbooks (issue 11 §5): each a clear error C083x (or a correct result) within guarded()'s limits, never a crash or a hang; each code with its two pages.
#
# The workbooks are made once for both passes (make_books, tests/cli/lib/fixtures.sh); both passes
# run every case.
set -u
. "$ROOT/tests/cli/lib/hostile.sh"
PY=/usr/bin/python3
AMP=$ROOT/examples/amp/amp.charte
LIB=$ROOT/tests/cli/lib/classeurs.py
EX=$ROOT/examples/amp/donnees.xlsx
. "$ROOT/tests/cli/lib/builds.sh"
TSAN=$(charte_tsan) || exit 1   # its cases at the end, in the sanitizer pass

# workbook NAME FILE CODE PATTERN: eval on FILE exits 2 within guarded's limits, with
# "error[CODE]: " and PATTERN on stderr; the code has its French and English pages.
workbook() {
  local name=$1 file=$2 code=$3 pattern=$4 rc
  CHARTE_LANG=${LANG_OF_RUN:-fr} guarded "$CHARTE" eval "$AMP" --donnees "$file" --au 2022-12-31 >"$tmp/out" 2>"$tmp/err"
  rc=$?
  if [ $rc -ne 2 ] || ! err_says "error\[$code\]: " || ! err_says "$pattern"; then
    echo "$name : exit $rc, error[$code] et « $pattern » attendus :"; head -c 1500 "$tmp/err"; failures=$((failures + 1))
  fi
  for page in "$ROOT/docs/erreurs/$code.md" "$ROOT/docs/en/erreurs/$code.md"; do
    [ -f "$page" ] || { echo "$code : page $page absente"; failures=$((failures + 1)); }
  done
}
# err_says PATTERN: a line of $tmp/err matches the extended regular expression PATTERN, as `grep -Eq
# PATTERN` finds it, read by bash: the variable set for the run and these two greps were three execs of
# some 7 ms of processor each, for each of the script's forty runs a pass (journal, `suite23`).
err_says() {
  local line
  while IFS= read -r line || [ -n "$line" ]; do [[ $line =~ $1 ]] && return 0; done <"$tmp/err"
  return 1
}
# workbook_en NAME FILE CODE PATTERN: the same, the message in English (CHARTE_LANG=en).
workbook_en() { LANG_OF_RUN=en workbook "$1 (en)" "$2" "$3" "$4"; }
# make_books DIR: every workbook below that a program writes (classeurs.py's cases, and the
# example workbook rewritten), made once for both passes (tests/cli/lib/fixtures.sh) by two
# python3 runs; DIR/CASE.xlsx for classeurs.py's cases.
make_books() {
  "$PY" "$LIB" --dossier ods-chiffre bombe dtd masquee-seule lignes-max lignes-trop "$1" || return 1
  "$PY" - "$LIB" "$EX" "$1" <<'EOF'
import importlib.util, re, struct, sys, zipfile, zlib
spec = importlib.util.spec_from_file_location("c", sys.argv[1]); c = importlib.util.module_from_spec(spec); spec.loader.exec_module(c)
ex, out = sys.argv[2:]
src = zipfile.ZipFile(ex)

def rewritten(name, part, change):
    """The example workbook with one part changed (change returns None: the part dropped)."""
    z = zipfile.ZipFile("%s/%s.xlsx" % (out, name), "w", zipfile.ZIP_DEFLATED)
    for i in src.infolist():
        data = src.read(i.filename)
        if i.filename == part:
            data = change(data)
            if data is None:
                continue
        z.writestr(i.filename, data)
    z.close()

# C0832: the hour sheet missing; malformed XML.
rewritten("sans-feuille", "xl/worksheets/sheet3.xml", lambda data: None)
rewritten("xml", "xl/worksheets/sheet3.xml", lambda data: data[: len(data) // 2] + b"<c><v>1</c></row>" + data[len(data) // 2 :])
# C0805: the sheet of hour lines emptied.
rewritten("feuille-vide", "xl/worksheets/sheet3.xml", lambda data: re.sub(rb"<sheetData>.*</sheetData>", b"<sheetData/>", data, flags=re.S))
# C0835: no sheet named Heures.
rewritten("feuil", "xl/workbook.xml", lambda data: data.replace('name="Heures"'.encode(), 'name="Feuil3"'.encode()))

# A cell past the field limit (70 000 bytes).
m = c.marches(); m[1][1] = ("i", "é" * 35000)
c.base(out + "/long.xlsx", sheets=[("Marchés", m), ("Participants", c.participants()), ("Heures", c.heures())])

# The hour lines' sheet damaged, its CRC wrong, a bomb past its first rows.
abime, late, crc_path = out + "/abime.xlsx", out + "/bombe-tard.xlsx", out + "/crc.xlsx"
c.case_rows(abime, 40000)
data = bytearray(open(abime, "rb").read())
info = zipfile.ZipFile(abime).getinfo("xl/worksheets/sheet3.xml")
start = info.header_offset + 30 + len(info.filename) + int.from_bytes(data[info.header_offset + 28:info.header_offset + 30], "little")
at = start + info.compress_size * 2 // 3
data[at] ^= 0x55; data[at + 1] ^= 0xAA
open(abime, "wb").write(bytes(data))
c.case_rows(crc_path, 40000)
data = bytearray(open(crc_path, "rb").read())
crc = zipfile.ZipFile(crc_path).getinfo("xl/worksheets/sheet3.xml").CRC.to_bytes(4, "little")
bad = (zipfile.ZipFile(crc_path).getinfo("xl/worksheets/sheet3.xml").CRC ^ 1).to_bytes(4, "little")
open(crc_path, "wb").write(bytes(data).replace(crc, bad))
c.case_rows(late, 3000)
z = zipfile.ZipFile(late); parts = {i.filename: z.read(i.filename) for i in z.infolist()}; z.close()
parts["xl/worksheets/sheet3.xml"] = parts["xl/worksheets/sheet3.xml"].replace(b"</sheetData>", b" " * (80 * 1024 * 1024) + b"</sheetData>")
z = zipfile.ZipFile(late, "w", zipfile.ZIP_DEFLATED)
for k, v in parts.items():
    z.writestr(k, v)
z.close()
# The same, sound.
c.case_rows(out + "/grand.xlsx", 40000)

# The example workbook's deflate streams rewritten.
parts = [(i.filename, src.read(i.filename)) for i in src.infolist()]
def deflate(data, final=True):
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    return c.compress(data) + (c.flush() if final else c.flush(zlib.Z_SYNC_FLUSH))
def write(name, change=None, method=8):
    out_, cd = bytearray(), bytearray()
    for part, data in parts:
        raw, crc, size = (deflate(data) if method == 8 else data), zlib.crc32(data), len(data)
        if change and part == "xl/worksheets/sheet3.xml":
            raw, crc, size = change(data, raw, crc, size)
        off, nb = len(out_), part.encode()
        out_ += struct.pack("<IHHHHHIIIHH", 0x04034b50, 20, 0, method, 0, 0x21, crc, len(raw), size, len(nb), 0) + nb + raw
        cd += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014b50, 20, 20, 0, method, 0, 0x21, crc, len(raw), size, len(nb), 0, 0, 0, 0, 0, off) + nb
    out_ += cd + struct.pack("<IHHHHIIH", 0x06054b50, 0, 0, len(parts), len(parts), len(cd), off + len(raw) + 30 + len(nb), 0)
    open("%s/%s.xlsx" % (out, name), "wb").write(bytes(out_))
write("deflate")
write("range", method=0)
write("bloc", lambda d, raw, crc, size: (b"\x07" + raw[1:], crc, size))
write("sans-fin", lambda d, raw, crc, size: (deflate(d, False), crc, size))
write("moitie", lambda d, raw, crc, size: (deflate(d, False)[:len(raw) // 2], crc, size))
write("apres", lambda d, raw, crc, size: (raw + b"garbage!", crc, size))
write("taille", lambda d, raw, crc, size: (raw, crc, size + 7))
write("taille-range", lambda d, raw, crc, size: (raw, crc, size + 7), method=0)
EOF
}
. "$ROOT/tests/cli/lib/fixtures.sh"
# The script itself is an input: make_books is in it.
W=$(fixture classeurs-hostiles "$LIB" "$EX" "$ROOT/tests/cli/classeurs-hostiles.sh" -- make_books) \
  || { echo "classeurs non construits"; exit 1; }

# C0830: a CSV named .xlsx; an ODS named .xlsx; random bytes.
cp "$ROOT/examples/amp/donnees/marches.csv" "$tmp/csv.xlsx"
workbook "CSV renommé" "$tmp/csv.xlsx" C0830 "un CSV renommé"
cp "$ROOT/examples/amp/donnees.ods" "$tmp/ods.xlsx"
workbook "ODS renommé" "$tmp/ods.xlsx" C0830 "OpenDocument"
head -c 4096 /dev/urandom >"$tmp/hasard.ods"
workbook "octets au hasard" "$tmp/hasard.ods" C0830 "pas une archive zip"
: >"$tmp/vide.xlsx"; : >"$tmp/vide.ods"
workbook "fichier vide" "$tmp/vide.xlsx" C0830 "fichier vide \\(0 octet\\) : ce n'est pas un classeur .xlsx ou .ods$"
workbook_en "fichier vide" "$tmp/vide.ods" C0830 "empty file \\(0 bytes\\): not an .xlsx or .ods workbook$"

# C0831: an encrypted OOXML workbook is a Compound File (so is an old .xls); an encrypted ODS.
printf '\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1' >"$tmp/chiffre.xlsx"; head -c 4000 /dev/zero >>"$tmp/chiffre.xlsx"
workbook "protégé (xlsx)" "$tmp/chiffre.xlsx" C0831 "mot de passe"
workbook "protégé (ods)" "$W/ods-chiffre.ods" C0831 "mot de passe"

# C0832: truncated at several places; a part missing; malformed XML.
size=$(wc -c <"$EX")
for cut in 100 $((size / 2)) $((size - 30)); do
  head -c $cut "$EX" >"$tmp/tronque.xlsx"
  workbook "tronqué à $cut octets" "$tmp/tronque.xlsx" C0832 "endommagé|tronqué"
done
# libzip's errors in the user's language, never its English under French (issue 11): the archive cut
# before its central directory.
head -c $((size / 2)) "$EX" >"$tmp/tronque.xlsx"
workbook "tronqué, en français" "$tmp/tronque.xlsx" C0832 "classeur endommagé ou tronqué : ce n'est pas une archive zip$"
workbook_en "tronqué" "$tmp/tronque.xlsx" C0832 "damaged or truncated workbook: not a zip archive$"
grep -q "Not a zip" "$tmp/err" && { echo "tronqué : texte de libzip tel quel"; failures=$((failures + 1)); }
workbook "partie absente" "$W/sans-feuille.xlsx" C0832 "sheet3.xml manque"
workbook "XML mal formé" "$W/xml.xlsx" C0832 "XML invalide dans xl/worksheets/sheet3.xml \(ligne 2"

# C0833: a zip bomb (80 MiB of spaces in 80 KiB): refused after a bounded amount of work.
workbook "bombe zip" "$W/bombe.xlsx" C0833 "bombe zip"

# C0834: entity expansion ("billion laughs"): no DTD at all.
workbook "expansion d'entités" "$W/dtd.xlsx" C0834 "DOCTYPE"

# C0805: a sheet with no row at all has no header row (the sheet of hour lines emptied).
workbook "feuille vide" "$W/feuille-vide.xlsx" C0805 "la feuille « Heures » est vide : pas de ligne d'en-tête"

# C0835: no such sheet (the sheets present are named); the sheet hidden.
workbook "feuille absente" "$W/feuil.xlsx" C0835 "pas de feuille « heures » dans ce classeur \(feuilles : « Marchés », « Participants », « Feuil3 », « Embauches »\)"
workbook "feuille masquée" "$W/masquee-seule.xlsx" C0835 "masquée"

# A sheet of 1 048 576 rows (Excel's most): a correct result, in bounded memory; one more: C0808.
# (the reports' figures checked at the end, with the others: one python3)
guarded "$CHARTE" eval "$AMP" --donnees "$W/lignes-max.xlsx" --au 2022-12-31 --format json >"$tmp/max.json" 2>"$tmp/max.err"; max_rc=$?
workbook "1 048 577 lignes" "$W/lignes-trop.xlsx" C0808 "feuille de plus de 1 048 576 lignes"

# A cell past the field limit (70 000 characters): its row rejected, the run goes on.
guarded "$CHARTE" eval "$AMP" --donnees "$W/long.xlsx" --au 2022-12-31 --format json >"$tmp/long.json" 2>"$tmp/long.err"; long_rc=$?

# The hour lines' sheet inflated on a second thread (--threads 2) fails as with one thread,
# at the same byte, when it is damaged or a bomb past its header: two bytes of its deflate
# stream changed, its CRC wrong (found at its end), 80 MiB of spaces after its first rows.
for case in "abime:C0832:XML invalide" "crc:C0832:endommagé ou tronqué" "bombe-tard:C0833:bombe zip"; do
  name=${case%%:*}; rest=${case#*:}
  workbook "$name" "$W/$name.xlsx" "${rest%%:*}" "${rest#*:}"
  guarded "$CHARTE" eval "$AMP" --donnees "$W/$name.xlsx" --au 2022-12-31 --threads 1 >/dev/null 2>"$tmp/err.1"
  guarded "$CHARTE" eval "$AMP" --donnees "$W/$name.xlsx" --au 2022-12-31 --threads 2 >/dev/null 2>"$tmp/err.2"; rc=$?
  [ $rc -eq 2 ] && [ -s "$tmp/err.1" ] && cmp -s "$tmp/err.1" "$tmp/err.2" \
    || { echo "$name : --threads 2 (exit $rc) ne dit pas ce que dit --threads 1"; diff "$tmp/err.1" "$tmp/err.2" | head -5; failures=$((failures + 1)); }
done

# A sound workbook whose hour lines' sheet is inflated on the second thread: the same
# report with --threads 1 and 2; under ThreadSanitizer too (built next to the sanitizer
# build), with the damaged workbooks above.
"$CHARTE" eval "$AMP" --donnees "$W/grand.xlsx" --au 2022-12-31 --format json --threads 1 >"$tmp/grand.1" 2>&1
"$CHARTE" eval "$AMP" --donnees "$W/grand.xlsx" --au 2022-12-31 --format json --threads 2 >"$tmp/grand.2" 2>&1
cmp -s "$tmp/grand.1" "$tmp/grand.2" \
  || { echo "classeur de 40 000 lignes : --threads 2 diffère de --threads 1"; failures=$((failures + 1)); }
if [ -n "$TSAN" ]; then
  export TSAN_OPTIONS=halt_on_error=1:exitcode=66
  "$TSAN" eval "$AMP" --donnees "$W/grand.xlsx" --au 2022-12-31 --format json --threads 2 >"$tmp/grand.t" 2>&1
  cmp -s "$tmp/grand.1" "$tmp/grand.t" || { echo "classeur de 40 000 lignes sous ThreadSanitizer :"; head -c 1500 "$tmp/grand.t"; failures=$((failures + 1)); }
  for name in abime crc bombe-tard; do
    "$CHARTE" eval "$AMP" --donnees "$W/$name.xlsx" --au 2022-12-31 --threads 1 >/dev/null 2>"$tmp/err.1"
    "$TSAN" eval "$AMP" --donnees "$W/$name.xlsx" --au 2022-12-31 --threads 2 >/dev/null 2>"$tmp/err.t"; rc=$?
    [ $rc -eq 2 ] && cmp -s "$tmp/err.1" "$tmp/err.t" \
      || { echo "$name sous ThreadSanitizer : exit $rc"; head -c 1500 "$tmp/err.t"; failures=$((failures + 1)); }
  done
fi

# The deflate streams inflated by ISA-L (runtime/table_inflate.c) end and fail as libzip's
# did: the hour sheet's raw stream rewritten (its CRC right unless said): a block of the
# reserved type (zlib's "data error"), a stream whose final block is missing (all its bytes
# there: read as sound; half of them: a CRC error at the end), bytes after its final block
# (ignored); and every part stored, not deflated, which libzip reads itself: the same report
# as the deflated workbook. A wrong uncompressed size fails at the part's end, as libzip says
# it of a stored part (ZIP_ER_INCONS), deflated or stored. Each said in the user's language, French or English
# (runtime/zip_errors.c), never libzip's English under French.
"$CHARTE" eval "$AMP" --donnees "$EX" --au 2022-12-31 --format json 2>&1 | sed 's/donnees\.xlsx/X.xlsx/g' >"$tmp/ref.json"
for name in deflate range sans-fin apres; do
  for threads in 1 2; do
    "$CHARTE" eval "$AMP" --donnees "$W/$name.xlsx" --au 2022-12-31 --format json --threads $threads 2>&1 \
      | sed "s/$name\.xlsx/X.xlsx/g" | cmp -s - "$tmp/ref.json" \
      || { echo "$name (--threads $threads) : le rapport diffère de celui de donnees.xlsx"; failures=$((failures + 1)); }
  done
done
workbook "bloc de type réservé" "$W/bloc.xlsx" C0832 "sheet3.xml\) : données compressées invalides$"
workbook "flux coupé" "$W/moitie.xlsx" C0832 "sheet3.xml\) : somme de contrôle \(CRC\) fausse : le contenu est altéré$"
workbook "taille fausse" "$W/taille.xlsx" C0832 "sheet3.xml\) : archive zip incohérente$"
workbook "taille fausse, partie non compressée" "$W/taille-range.xlsx" C0832 "sheet3.xml\) : archive zip incohérente$"
workbook_en "bloc de type réservé" "$W/bloc.xlsx" C0832 "sheet3.xml\): invalid compressed data$"
workbook_en "flux coupé" "$W/moitie.xlsx" C0832 "sheet3.xml\): checksum \(CRC\) mismatch: the content is altered$"
workbook_en "taille fausse" "$W/taille.xlsx" C0832 "sheet3.xml\): inconsistent zip archive$"
workbook_en "taille fausse, partie non compressée" "$W/taille-range.xlsx" C0832 "sheet3.xml\): inconsistent zip archive$"

# The figures of three reports above, read by one python3 (a start is some 50 ms of processor): the names of
# those that are not what they should be, an unreadable report among them.
wrong=$("$PY" - "$tmp" <<'EOF'
import json, sys
expected = {
    "max.json": lambda d: d["lignes"]["heures"]["comptees"] == 1048575,
    "long.json": lambda d: d["lignes"]["marches"]["rejetees"] == 1 and "champ de plus de" in d["rejets"][-1]["motif"],
    "grand.1": lambda d: d["lignes"]["heures"]["comptees"] == 39999,
}
for name, holds in expected.items():
    try:
        ok = holds(json.load(open("%s/%s" % (sys.argv[1], name))))
    except Exception:
        ok = False
    if not ok:
        print(name)
EOF
) || wrong="max.json long.json grand.1"
wrong=" ${wrong//$'\n'/ } "
[[ $wrong == *" max.json "* ]] && { echo "1 048 576 lignes : exit $max_rc, 1 048 575 lignes d'heures comptées attendues"
  head -c 500 "$tmp/max.err"; failures=$((failures + 1)); }
[[ $wrong == *" long.json "* ]] && { echo "cellule de 70 000 octets : exit $long_rc, ligne rejetée attendue"
  head -c 500 "$tmp/long.err"; failures=$((failures + 1)); }
[[ $wrong == *" grand.1 "* ]] && { echo "classeur de 40 000 lignes : 39 999 lignes d'heures comptées attendues (--threads 1)"
  failures=$((failures + 1)); }

exit $((failures > 0))
