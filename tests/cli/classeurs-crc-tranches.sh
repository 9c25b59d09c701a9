#!/usr/bin/env bash
# tests/cli/classeurs-crc-tranches.sh: a sheet cut into slices whose CRC-32 its readers compute (runtime/table_sheet_crc.c): a byte changed early, midway or late in the hour sheet, the stored CRC left as it was, fails with the CRC error of one reader, with 1, 2 and 3 threads; the same bytes with their own CRC read as sound.
set -u
tmp=${KEEP:-$(mktemp -d)}; [ -n "${KEEP:-}" ] || trap 'rm -rf "$tmp"' EXIT
AMP=$ROOT/examples/amp/amp.charte
B=$ROOT/build
PY=/usr/bin/python3
LIB=$ROOT/tests/cli/lib/classeurs.py
[ -x "$B/gen-donnees" ] && [ -x "$B/classeur" ] || { echo "build/gen-donnees ou build/classeur manquant (make tools)"; exit 1; }
fail=0
"$B/gen-donnees" --profil demo --graine 21 --format csv --invalides 300 --sortie "$tmp/csv" >/dev/null || exit 1
"$B/classeur" "$tmp/csv" "$tmp/base.ods" >/dev/null || exit 1

# Each workbook rewritten with its hour sheet's bytes changed (or not), every part deflated
# again, then the hour sheet's CRC in its local header and the central directory set back
# to the one of the bytes before the change: the stream inflates, the XML is sound, only
# the CRC says the bytes are not the ones written.
"$PY" - "$LIB" "$tmp" <<'EOF'
import sys, re, zipfile, zlib, struct, importlib.util
spec = importlib.util.spec_from_file_location("c", sys.argv[1]); c = importlib.util.module_from_spec(spec); spec.loader.exec_module(c)
tmp = sys.argv[2]
c.case_rows(tmp + "/base.xlsx", 40000)

def rewrite(src, dst, entry, change, grow=None):
    z = zipfile.ZipFile(src)
    parts = [(i, z.read(i.filename)) for i in z.infolist()]
    z.close()
    data = dict((i.filename, v) for i, v in parts)[entry]
    if grow:
        data = grow(data)
    crc = zlib.crc32(data)
    out = zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED)
    for info, v in parts:
        if info.filename == entry:
            v = change(data)
        out.writestr(info, v, zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_DEFLATED)
    out.close()
    raw = bytearray(open(dst, "rb").read())
    info = zipfile.ZipFile(dst).getinfo(entry)
    struct.pack_into("<I", raw, info.header_offset + 14, crc)
    at = raw.rfind(b"PK\x05\x06")
    count, size, start = struct.unpack_from("<HII", raw, at + 10)
    p = start
    for _ in range(count):
        n, e, k = struct.unpack_from("<HHH", raw, p + 28)
        if raw[p + 46:p + 46 + n].decode() == entry:
            struct.pack_into("<I", raw, p + 16, crc)
        p += 46 + n + e + k
    open(dst, "wb").write(bytes(raw))

def change_at(data, frac, old, new):
    at = data.index(old, int(len(data) * frac))
    return data[:at] + new + data[at + len(old):]

def xlsx(name, frac):
    change = (lambda d: d) if frac is None else (lambda d: change_at(d, frac, b"<c><v>1</v></c>", b"<c><v>7</v></c>"))
    rewrite(tmp + "/base.xlsx", "%s/%s.xlsx" % (tmp, name), "xl/worksheets/sheet3.xml", change)

def four_times(xml):
    xml = xml.decode()
    head, body, tail = re.match(r'(.*?<table:table table:name="Heures"[^>]*>)(.*?)(</table:table>.*)', xml, re.S).groups()
    rows = re.findall(r"<table:table-row[^>]*/>|<table:table-row[^>]*>.*?</table:table-row>", body, re.S)
    assert "".join(rows) == body and len(rows) > 5000, len(rows)
    return (head + rows[0] + "".join(rows[1:]) * 4 + tail).encode()

def ods(name, frac):
    def change(d):
        if frac is None:
            return d
        start = d.index(b'table:name="Heures"')
        at = d.index(b"<text:p>", start + int((len(d) - start) * frac))
        digit = d[at + 8:at + 9]
        while not digit.isdigit():
            at = d.index(b"<text:p>", at + 1)
            digit = d[at + 8:at + 9]
        return d[:at + 8] + (b"2" if digit != b"2" else b"3") + d[at + 9:]
    rewrite(tmp + "/base.ods", "%s/%s.ods" % (tmp, name), "content.xml", change, four_times)

for name, frac in (("sain", None), ("debut", 0.0), ("milieu", 0.5), ("fin", 0.98)):
    xlsx(name, frac)
    ods(name, frac)
EOF
[ $? -eq 0 ] || { echo "classeurs non construits"; exit 1; }

for ext in xlsx ods; do
  part=sheet3.xml; [ $ext = ods ] && part=content.xml
  for t in 1 2 3; do
    "$B/charte" eval "$AMP" --donnees "$tmp/sain.$ext" --au 2025-12-31 --format json --threads $t >"$tmp/sain.$t" 2>&1; rc=$?
    [ $rc -ne 2 ] && ! grep -q "CRC" "$tmp/sain.$t" \
      || { echo "sain.$ext, --threads $t : exit $rc"; head -c 500 "$tmp/sain.$t"; fail=1; }
    [ $t -eq 1 ] || cmp -s "$tmp/sain.1" "$tmp/sain.$t" || { echo "sain.$ext : --threads $t diffère de --threads 1"; fail=1; }
  done
  for name in debut milieu fin; do
    for t in 1 2 3; do
      "$B/charte" eval "$AMP" --donnees "$tmp/$name.$ext" --au 2025-12-31 --format json --threads $t >"$tmp/out.$t" 2>"$tmp/err.$t"; echo $? >>"$tmp/err.$t"
      # XLSX: the hour sheet is read to its end, where its CRC is checked. ODS: the reader
      # stops after the last table it needs, before content.xml's end, so that no CRC is
      # checked, with one reader as with slices (as before them): the same report.
      [ $ext = ods ] || { grep -q "error\[C0832\]: .*$part).*CRC error" "$tmp/err.$t" && [ "$(tail -1 "$tmp/err.$t")" = 2 ]; } \
        || { echo "$name.$ext, --threads $t : error[C0832] « $part) : CRC error » attendu"; head -c 500 "$tmp/err.$t"; fail=1; }
      [ $t -eq 1 ] || { cmp -s "$tmp/err.1" "$tmp/err.$t" && cmp -s "$tmp/out.1" "$tmp/out.$t"; } \
        || { echo "$name.$ext : --threads $t ne dit pas ce que dit --threads 1"; diff "$tmp/err.1" "$tmp/err.$t" | head -4; fail=1; }
    done
  done
done
exit $fail
