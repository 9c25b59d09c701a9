#!/usr/bin/env bash
# tests/cli/classeurs-crc-tranches.sh: every byte of a part the run reads checked against its stored CRC-32 and size: a sheet cut into slices whose CRC its readers compute (runtime/table_sheet_crc.c), a byte changed early, midway or late in the hour sheet; and the bytes no reader needs (ODS: after the last sheet read, in sheets not read, the last sheet's end; XLSX: after </sheetData>), which the reader of the last sheet inflates to the part's end (table_ods.c); each, the stored CRC left as it was, fails with the CRC error of one reader, with 1, 2 and 3 threads; a stored size one too many fails too; the same bytes with their own CRC and size read as sound.
#
# The workbooks are made once for both passes (tests/cli/lib/fixtures.sh); the sanitizer pass reads
# each with one thread count, see take_counts.
set -u
tmp=${KEEP:-$(mktemp -d)}; [ -n "${KEEP:-}" ] || trap 'rm -rf "$tmp"' EXIT
AMP=$ROOT/examples/amp/amp.charte
B=$ROOT/build
PY=/usr/bin/python3
LIB=$ROOT/tests/cli/lib/classeurs.py
[ -x "$B/gen-donnees" ] && [ -x "$B/classeur" ] || { echo "build/gen-donnees ou build/classeur manquant (make tools)"; exit 1; }
fail=0

# make_books DIR: the workbooks, made once for both passes (tests/cli/lib/fixtures.sh), from the
# demo data's ODS and classeurs.py's hour sheet of 40 000 rows. Each workbook rewritten with its
# hour sheet's bytes changed (or not), every part deflated again, then the hour sheet's CRC in its
# local header and the central directory set back to the one of the bytes before the change: the
# stream inflates, the XML is sound, only the CRC says the bytes are not the ones written.
make_books() {
  "$B/gen-donnees" --profil demo --graine 21 --format csv --invalides 300 --sortie "$1/csv" >/dev/null || return 1
  "$B/classeur" "$1/csv" "$1/base.ods" >/dev/null || return 1
  rm -rf "$1/csv"
  "$PY" - "$LIB" "$1" <<'EOF'
import sys, re, zipfile, zlib, struct, importlib.util
spec = importlib.util.spec_from_file_location("c", sys.argv[1]); c = importlib.util.module_from_spec(spec); spec.loader.exec_module(c)
tmp = sys.argv[2]
c.case_rows(tmp + "/base.xlsx", 40000)

def rewrite(src, dst, entry, change, grow=None, size_delta=0):
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
    struct.pack_into("<I", raw, info.header_offset + 22, info.file_size + size_delta)
    at = raw.rfind(b"PK\x05\x06")
    count, size, start = struct.unpack_from("<HII", raw, at + 10)
    p = start
    for _ in range(count):
        n, e, k = struct.unpack_from("<HHH", raw, p + 28)
        if raw[p + 46:p + 46 + n].decode() == entry:
            struct.pack_into("<I", raw, p + 16, crc)
            struct.pack_into("<I", raw, p + 24, info.file_size + size_delta)
        p += 46 + n + e + k
    open(dst, "wb").write(bytes(raw))

def change_at(data, frac, old, new):
    at = data.index(old, int(len(data) * frac))
    return data[:at] + new + data[at + len(old):]

def digit_changed(d, at):
    """The first text digit from at on, another digit: the XML stays sound."""
    at = d.index(b"<text:p>", at)
    while not d[at + 8:at + 9].isdigit():
        at = d.index(b"<text:p>", at + 1)
    digit = d[at + 8:at + 9]
    return d[:at + 8] + (b"2" if digit != b"2" else b"3") + d[at + 9:]

# Past </sheetData>: what an export writes there, which the reader does not read.
MARGINS = b'<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'

def with_margins(xml):
    return xml.replace(b"</sheetData>", b"</sheetData>" + MARGINS)

def xlsx(name, how):
    if how is None:
        change = lambda d: d
    elif how == "apres":
        change = lambda d: d.replace(b'left="0.7"', b'left="0.8"')
    else:
        change = lambda d: change_at(d, how, b"<c><v>1</v></c>", b"<c><v>7</v></c>")
    rewrite(tmp + "/base.xlsx", "%s/%s.xlsx" % (tmp, name), "xl/worksheets/sheet3.xml", change, with_margins)

def notes(name, rows):
    cells = "".join('<table:table-row><table:table-cell office:value-type="float" office:value="%d"><text:p>%d</text:p>'
                    '</table:table-cell></table:table-row>' % (i, i) for i in range(1, rows + 1))
    return ('<table:table table:name="%s">%s</table:table>' % (name, cells)).encode()

def four_times(xml):
    xml = xml.decode()
    head, body, tail = re.match(r'(.*?<table:table table:name="Heures"[^>]*>)(.*?)(</table:table>.*)', xml, re.S).groups()
    rows = re.findall(r"<table:table-row[^>]*/>|<table:table-row[^>]*>.*?</table:table-row>", body, re.S)
    assert "".join(rows) == body and len(rows) > 5000, len(rows)
    out = (head + rows[0] + "".join(rows[1:]) * 4 + tail).encode()
    # Sheets no table reads: one between the participants and the hour lines, one after the hires.
    out = out.replace(b'<table:table table:name="Heures"', notes("Brouillon", 50) + b'<table:table table:name="Heures"', 1)
    last = out.rindex(b"</table:table>") + len(b"</table:table>")
    assert out[:last].endswith(b"</table:table-row></table:table>") and out.endswith(b"\n")
    return out[:last] + notes("Notes", 2000) + out[last:]

def hires_first(xml):
    """The hires' sheet moved before the contracts': the hour lines' sheet is the last read."""
    xml = four_times(xml)
    at, end = xml.index(b'<table:table table:name="Embauches"'), xml.index(b'<table:table table:name="Notes"')
    hires, xml = xml[at:end], xml[:at] + xml[end:]
    first = xml.index(b'<table:table table:name="March')
    return xml[:first] + hires + xml[first:]

def hours_between(xml):
    """The hour lines' sheet moved between the contracts' and the participants': read before the
    participants', so that the hires' reader (carried on after the hour lines) is the last read."""
    xml = four_times(xml)
    at, end = xml.index(b'<table:table table:name="Heures"'), xml.index(b'<table:table table:name="Embauches"')
    hours, xml = xml[at:end], xml[:at] + xml[end:]
    first = xml.index(b'<table:table table:name="Participants"')
    return xml[:first] + hours + xml[first:]

def ods(name, how):
    def change(d):
        if how is None or how == "taille":
            return d
        if how == "apres":   # the part's last byte, a line feed after the root element: a space
            return d[:-1] + b" "
        if how in ("inutile", "ordre", "entre"):   # in the sheet after the last one read, near its end
            return digit_changed(d, d.index(b'table:name="Notes"') + 40000)
        if how == "brouillon":   # in the sheet between two that are read
            return digit_changed(d, d.index(b'table:name="Brouillon"'))
        if how == "finale":   # the last cell's text of the last sheet read (its value is the attribute's)
            end = d.index(b'<table:table table:name="Notes"')
            return digit_changed(d, d.rindex(b"<text:p>", 0, end))
        start = d.index(b'table:name="Heures"')
        return digit_changed(d, start + int((len(d) - start) * how))
    grow = hires_first if how == "ordre" else hours_between if how == "entre" else four_times
    rewrite(tmp + "/base.ods", "%s/%s.ods" % (tmp, name), "content.xml", change, grow, 1 if how == "taille" else 0)

for name, frac in (("sain", None), ("debut", 0.0), ("milieu", 0.5), ("fin", 0.98)):
    xlsx(name, frac)
    ods(name, frac)
xlsx("apres", "apres")
rewrite(tmp + "/base.xlsx", tmp + "/taille.xlsx", "xl/worksheets/sheet3.xml", lambda d: d, with_margins, 1)
for name in ("apres", "inutile", "brouillon", "finale", "taille", "ordre", "entre"):
    ods(name, name)
# The rest inflated past the last sheet read is counted as any byte read: 150 MB of spaces
# after the root element of the demo's content.xml (some 200 KB deflated) is refused as a bomb.
rewrite(tmp + "/base.ods", tmp + "/bombe.ods", "content.xml", lambda d: d, lambda d: d + b" " * (150 << 20))
EOF
}
. "$ROOT/tests/cli/lib/fixtures.sh"
. "$ROOT/tests/cli/lib/builds.sh"
# The script itself is an input: make_books is in it.
W=$(fixture classeurs-crc-tranches "$B/gen-donnees" "$B/classeur" "$LIB" "$ROOT/tests/cli/classeurs-crc-tranches.sh" -- make_books) \
  || { echo "classeurs non construits"; exit 1; }

# Each workbook with 1, 2 and 3 threads, each saying the same: by the normal build. The sanitizer
# build reads each once, with 1, 2 and 3 threads in turn (take_counts): ASan finds a fault on the
# path a run takes, and the same bytes read again by another count find nothing new.
turn=0
take_counts() {  # sets counts
  if charte_in_san_pass; then counts=$((turn % 3 + 1)); turn=$((turn + 1)); else counts="1 2 3"; fi
}

# The changed workbooks, and what each must say.
changed_xlsx="debut milieu fin apres taille"
changed_ods="debut milieu fin apres inutile brouillon finale taille ordre entre bombe"
# (Each run's output read by bash and the counts' outputs compared by one md5sum a workbook, where a grep, a
# tail and two cmp a run were some 170 forks and execs a pass, 7 ms of processor each: journal, `suite23`.)
. "$ROOT/tests/cli/lib/same-later.sh"   # same_later, same_now
# line_has TEXT A B: a line of TEXT holds A, then B further on (as grep "A.*B" finds it, A and B taken literally).
line_has() {
  local line
  while IFS= read -r line; do [[ $line == *"$2"*"$3"* ]] && return 0; done <<<"$1"
  return 1
}
for ext in xlsx ods; do
  part=sheet3.xml; [ $ext = ods ] && part=content.xml
  take_counts; first=${counts%% *}
  for t in $counts; do
    "$CHARTE" eval "$AMP" --donnees "$W/sain.$ext" --au 2025-12-31 --format json --threads $t >"$tmp/sain.$t" 2>&1; rc=$?
    said=$(<"$tmp/sain.$t")
    [ $rc -eq 0 ] && [[ $said != *CRC* && $said != *incohérente* ]] \
      || { echo "sain.$ext, --threads $t : exit $rc"; head -c 500 "$tmp/sain.$t"; fail=1; }
    [ $t -eq $first ] || same_later "$tmp/sain.$first" "$tmp/sain.$t" "sain.$ext : --threads $t diffère de --threads $first"
  done
  same_now
  names=$changed_xlsx; [ $ext = ods ] && names=$changed_ods
  for name in $names; do
    code=C0832 why="$part) : somme de contrôle (CRC) fausse : le contenu est altéré"
    [ $name = taille ] && why="$part) : archive zip incohérente"
    [ $name = bombe ] && code=C0833 why="partie $part du classeur se décompresse plus de 500 fois sa taille"
    take_counts; first=${counts%% *}
    for t in $counts; do
      "$CHARTE" eval "$AMP" --donnees "$W/$name.$ext" --au 2025-12-31 --format json --threads $t >"$tmp/out.$t" 2>"$tmp/err.$t"; echo $? >>"$tmp/err.$t"
      # XLSX: the hour sheet is inflated to its end, past </sheetData>. ODS: the reader of the
      # last sheet read inflates content.xml on to its end, past the sheets no table reads.
      said=$(<"$tmp/err.$t")
      line_has "$said" "error[$code]: " "$why" && [ "${said##*$'\n'}" = 2 ] \
        || { echo "$name.$ext, --threads $t : error[$code] « $why » attendu"; head -c 500 "$tmp/err.$t"; fail=1; }
      [ $t -eq $first ] && continue
      same_later "$tmp/err.$first" "$tmp/err.$t" "$name.$ext : --threads $t ne dit pas ce que dit --threads $first"
      same_later "$tmp/out.$first" "$tmp/out.$t" "$name.$ext : --threads $t n'écrit pas ce qu'écrit --threads $first"
    done
    same_now
  done
done
exit $fail
