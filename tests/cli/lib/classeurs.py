# tests/cli/lib/classeurs.py: builds the test workbooks by hand (raw XLSX and ODS XML in a zip), so that each reader case is exactly the XML it names.
#
# Used by tests/cli/classeurs-*.sh through Debian's python3 (/usr/bin/python3):
#   python3 classeurs.py CASE OUT   writes the workbook of CASE (see CASES) to OUT.
#   python3 classeurs.py --dossier CASE... DIR   writes each CASE's workbook to DIR/CASE.xlsx
#                                   (DIR/CASE.ods for the ODS cases), in one process: the form
#                                   tests/cli/lib/fixtures.sh calls, DIR last.
# A cell is a tuple (kind, value[, style]): kind "s" shared string, "i" inline string,
# "n" number (value as written in the XML), "f" formula with its cached value,
# "e" error value, "b" boolean, "x" inline string given as raw XML; style 1 is a date format. None is an empty cell.
import sys
import zipfile

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def esc(s):
    return str(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def col_name(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def sheet_xml(rows, merges=(), doctype="", start_row=1):
    sst = []
    out = [doctype, '<worksheet xmlns="%s"><sheetData>' % MAIN]
    for r, row in enumerate(rows, start=start_row):
        if row is None:
            continue
        out.append('<row r="%d">' % r)
        for c, cell in enumerate(row):
            if cell is None:
                continue
            kind, value = cell[0], cell[1]
            style = ' s="%d"' % cell[2] if len(cell) > 2 else ""
            ref = "%s%d" % (col_name(c), r)
            if kind == "s":
                sst.append(value)
                out.append('<c r="%s" t="s"%s><v>%d</v></c>' % (ref, style, len(sst) - 1))
            elif kind == "i":
                out.append('<c r="%s" t="inlineStr"%s><is><t>%s</t></is></c>' % (ref, style, esc(value)))
            elif kind == "x":
                out.append('<c r="%s" t="inlineStr"%s><is><t>%s</t></is></c>' % (ref, style, value))
            elif kind == "n":
                out.append('<c r="%s"%s><v>%s</v></c>' % (ref, style, value))
            elif kind == "f":
                out.append('<c r="%s"%s><f>%s</f><v>%s</v></c>' % (ref, style, esc(cell[3]) if len(cell) > 3 else "A1", value))
            elif kind == "fn":   # a formula never computed: no <v> (value: "") or an empty one (value: "v")
                out.append('<c r="%s"%s><f>%s</f>%s</c>' % (ref, style, "B1*2", "<v></v>" if value == "v" else ""))
            elif kind == "fs":
                out.append('<c r="%s" t="str"%s><f>CONCAT(A1)</f><v>%s</v></c>' % (ref, style, esc(value)))
            elif kind == "e":
                out.append('<c r="%s" t="e"%s><f>1/0</f><v>%s</v></c>' % (ref, style, esc(value)))
            elif kind == "b":
                out.append('<c r="%s" t="b"%s><v>%s</v></c>' % (ref, style, value))
        out.append("</row>")
    out.append("</sheetData>")
    if merges:
        out.append('<mergeCells count="%d">%s</mergeCells>' % (len(merges), "".join('<mergeCell ref="%s"/>' % m for m in merges)))
    out.append("</worksheet>")
    return "".join(out), sst


def xlsx(path, sheets, date1904=False, hidden=(), merges=None, doctype=""):
    """sheets: list of (name, rows); hidden: names of hidden sheets."""
    merges = merges or {}
    z = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED)
    z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
    z.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
               '<Relationship Id="rId1" Type="%s/officeDocument" Target="xl/workbook.xml"/></Relationships>' % REL)
    book = ['<?xml version="1.0"?><workbook xmlns="%s" xmlns:r="%s">' % (MAIN, REL)]
    if date1904:
        book.append('<workbookPr date1904="1"/>')
    book.append("<sheets>")
    rels = ['<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">']
    all_sst = []
    for i, (name, rows) in enumerate(sheets, start=1):
        state = ' state="hidden"' if name in hidden else ""
        book.append('<sheet name="%s" sheetId="%d"%s r:id="rId%d"/>' % (esc(name), i, state, i))
        rels.append('<Relationship Id="rId%d" Type="%s/worksheet" Target="worksheets/sheet%d.xml"/>' % (i, REL, i))
        xml, sst = sheet_xml(rows, merges.get(name, ()), doctype if i == 1 else "")
        # shared string indexes are per sheet here: shift them into one table
        base = len(all_sst)
        if base and sst:
            import re
            xml = re.sub(r'(t="s"(?: s="\d+")?><v>)(\d+)(</v>)', lambda m: "%s%d%s" % (m.group(1), int(m.group(2)) + base, m.group(3)), xml)
        all_sst.extend(sst)
        z.writestr("xl/worksheets/sheet%d.xml" % i, xml)
    book.append("</sheets></workbook>")
    n = len(sheets)
    rels.append('<Relationship Id="rId%d" Type="%s/styles" Target="styles.xml"/>' % (n + 1, REL))
    rels.append('<Relationship Id="rId%d" Type="%s/sharedStrings" Target="sharedStrings.xml"/>' % (n + 2, REL))
    rels.append("</Relationships>")
    z.writestr("xl/workbook.xml", "".join(book))
    z.writestr("xl/_rels/workbook.xml.rels", "".join(rels))
    z.writestr("xl/styles.xml", '<?xml version="1.0"?><styleSheet xmlns="%s"><numFmts count="1">'
               '<numFmt numFmtId="164" formatCode="dd/mm/yyyy;@"/></numFmts><cellXfs count="3"><xf numFmtId="0"/>'
               '<xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>' % MAIN)
    z.writestr("xl/sharedStrings.xml", '<?xml version="1.0"?><sst xmlns="%s">%s</sst>' % (
        MAIN, "".join("<si><t>%s</t></si>" % esc(s) for s in all_sst)))
    z.close()


# The smallest data of the AMP charter: two contracts, two participants, hour lines.
def marches(date_cell=("n", "44635", 1)):
    return [
        [("s", "Marché"), ("s", "Intitulé"), ("s", "Famille"), ("s", "Maître ouvrage"), ("s", "Périmètre"),
         ("s", "Montant HT"), ("s", "Date notification"), ("s", "Heures travaillées")],
        [("s", "M1"), ("s", "Nettoyage"), ("s", "nettoyage"), ("s", "Métropole AMP"), ("s", "amp"), ("n", "100000"),
         date_cell, ("n", "2000")],
        [("s", "M2"), ("s", "Travaux"), ("s", "travaux"), ("s", "Métropole AMP"), ("s", "amp"), ("f", "250000.5", 0, "B1*2"),
         ("i", "15/03/2022"), None],
    ]


def participants(born="32874", entry="44562"):
    return [
        [("s", "Participant"), ("s", "Sexe"), ("s", "Date naissance"), ("s", "QPV"), ("s", "Date entrée"),
         ("s", "Mois inscription"), ("s", "RSA"), ("s", "ASS"), ("s", "AAH"), ("s", "RQTH"), ("s", "Niveau"), ("s", "Pass IAE")],
        [("s", "P1"), ("s", "F"), ("n", born, 2), ("s", "QN01309C"), ("n", entry, 1), ("n", "30"), ("b", "1"),
         ("s", "non"), ("s", "non"), ("s", "non"), ("n", "4"), ("s", "non")],
        [("s", "P2"), ("s", "H"), ("i", "1990-01-01"), ("s", "QN01309C"), ("i", "01/01/2022"), ("n", "30"), ("s", "non"),
         ("s", "non"), ("s", "non"), ("s", "non"), ("n", "4"), ("s", "non")],
    ]


def heures(extra=()):
    rows = [[("s", "Marché"), ("s", "Participant"), ("s", "Mois"), ("s", "Heures"), ("s", "Modalité")],
            [("s", "M1"), ("s", "P1"), ("s", "04/2022"), ("n", "1.2E+2"), ("s", "etti")],
            [("s", "M1"), ("s", "P2"), ("s", "05/2022"), ("n", "35.5"), ("s", "etti")],
            [("s", "M2"), ("s", "P1"), ("s", "05/2022"), ("f", "7", 0, "3+4"), ("s", "etti")]]
    rows.extend(extra)
    return rows


def base(path, **kw):
    sheets = kw.pop("sheets", None) or [("Marchés", marches()), ("Participants", participants()), ("Heures", heures())]
    xlsx(path, sheets, **kw)


def case_ok(path):
    base(path)


def case_1904(path):
    # 1904 system: every serial is 1462 days less (43173 is 15/03/2022, the 1900 system's 44635).
    base(path, date1904=True, sheets=[("Marchés", marches(("n", "43173", 1))), ("Participants", participants("31412", "43100")),
                                      ("Heures", heures())])


def case_errors(path):
    base(path, sheets=[("Marchés", marches()), ("Participants", participants()),
                       ("Heures", heures([[("s", "M1"), ("s", "P1"), ("s", "06/2022"), ("e", "#N/A"), ("s", "etti")],
                                          [("s", "M1"), ("s", "P1"), ("s", "07/2022"), ("e", "#DIV/0!"), ("s", "etti")]]))])


def case_month_dates(path):
    # Months typed as 06/2022 that the spreadsheet made dates (the first of the month, a date
    # format on a serial: 44713 is 01/06/2022, 44743 01/07/2022), a first of the month as text,
    # and a date that is not a first of the month (44757, 15/07/2022): rejected.
    base(path, sheets=[("Marchés", marches()), ("Participants", participants()),
                       ("Heures", heures([[("s", "M1"), ("s", "P1"), ("n", "44713", 1), ("n", "2"), ("s", "etti")],
                                          [("s", "M1"), ("s", "P1"), ("n", "44743", 2), ("n", "3"), ("s", "etti")],
                                          [("s", "M1"), ("s", "P1"), ("i", "01/08/2022"), ("n", "4"), ("s", "etti")],
                                          [("s", "M1"), ("s", "P1"), ("n", "44757", 1), ("n", "5"), ("s", "etti")]]))])


def case_formulas_uncomputed(path):
    # Formulas a program wrote without computing them (openpyxl writes <f>…</f><v></v>): in
    # M1's declared hours (an optional column, which must not read as absent), in an hour line's
    # hours, in a column no declaration names (rejects nothing); a text formula whose value is
    # the empty text (t="str", <v></v>) is an empty cell.
    m, h = marches(), heures([[("s", "M2"), ("s", "P1"), ("s", "06/2022"), ("fn", "v"), ("s", "etti"), ("n", "1")],
                              [("s", "M2"), ("s", "P1"), ("s", "07/2022"), ("n", "2"), ("s", "etti"), ("fn", "")]])
    m[1][7] = ("fn", "")
    m[2][1] = ("fs", "")
    h[0].append(("s", "Contrôle"))
    base(path, sheets=[("Marchés", m), ("Participants", participants()), ("Heures", h)])


def case_title_above(path, titles=1, renamed=None):
    # An export's title in A1 above the hour sheet's header (after an empty row): the header is the first
    # row with a value, so every required column is missing; the error says where the header seems to be.
    # "titre-loin": six rows with a value above it, past the five looked at: nothing said of it;
    # "titre-limite": five, the header the last row looked at. "titre-et-renommee": the header below
    # the title has a column renamed besides (renamed: {old: new}); still said, with what it lacks.
    rows = heures()
    rows[0] = [(k, (renamed or {}).get(v, v)) for k, v in rows[0]]
    h = [[("s", "Export du 01/12/2025")]] + [[("s", "Filtre %d" % i)] for i in range(1, titles)] + [[]] + rows
    base(path, sheets=[("Marchés", marches()), ("Participants", participants()), ("Heures", h)])


def case_title_quarter(path, renamed=None):
    # The title of tests/cli/donnees-titre.sh, "Heures du 1er trimestre", alone in A1 right above the
    # hour sheet's header: only the hint is said, naming row 1. With the header's columns renamed so that
    # it names fewer than half the required ones ("titre-trimestre-renomme"), each missing column is said,
    # and the title, which contains "heures", is never offered as a "did you mean".
    rows = heures()
    rows[0] = [(k, (renamed or {}).get(v, v)) for k, v in rows[0]]
    h = [[("s", "Heures du 1er trimestre")]] + rows
    base(path, sheets=[("Marchés", marches()), ("Participants", participants()), ("Heures", h)])


def case_errors_unread(path):
    # A column no declaration names ("Contrôle", a formula gone wrong) with an error value,
    # on a row of every sheet: the rows count as in "ok"; the same error in a column the
    # charter reads (Heures) still rejects its row.
    def with_column(rows, values):
        return [row + [value] for row, value in zip(rows, values)]
    m, p, h = marches(), participants(), heures()
    base(path, sheets=[
        ("Marchés", with_column(m, [("s", "Contrôle"), ("e", "#N/A"), ("e", "#REF!")])),
        ("Participants", with_column(p, [("s", "Contrôle"), ("e", "#VALUE!"), ("n", "1")])),
        ("Heures", with_column(h, [("s", "Contrôle"), ("e", "#N/A"), ("n", "1"), ("e", "#DIV/0!")])
         + [[("s", "M1"), ("s", "P1"), ("s", "06/2022"), ("e", "#N/A"), ("s", "etti"), ("n", "1")]])])


# Birth dates in every form a date cell takes, each with what it must read as (a text
# cell, or the same cell when it is no date): whole serials (the reader's allocation-free
# day: the 1900 system's days 59 and 61, leading zeros, the last day 9999-12-31) and what it
# leaves to the general conversion (day 60 that never was, day 0, more than 7 digits, a day
# after 9999, a fraction, an exponent, a sign), a date as text, an error value, a boolean.
SERIAL_BIRTHS = [
    (("n", "32874", 2), ("i", "1990-01-01")), (("n", "59", 1), ("i", "1900-02-28")), (("n", "61", 1), ("i", "1900-03-01")),
    (("n", "0032874", 1), ("i", "1990-01-01")), (("n", "2958465", 1), ("i", "9999-12-31")), (("n", "60", 1), ("n", "60")),
    (("n", "0", 1), ("n", "0")), (("n", "32874000", 1), ("n", "32874000")), (("n", "2958466", 1), ("n", "2958466")),
    (("n", "32874.5", 1), ("i", "1990-01-01T12:00:00")), (("n", "3.2874E+4", 1), ("i", "1990-01-01")),
    (("n", "-32874", 1), ("n", "-32874")), (("i", "01/01/1990"), ("i", "01/01/1990")), (("e", "#VALUE!"), ("e", "#VALUE!")),
    (("b", "1", 1), ("b", "1", 1)), (("s", "32874", 1), ("s", "32874", 1)),
]


def case_serial_births(path, as_text=False):
    rows = participants()[:1]
    for i, (cell, text) in enumerate(SERIAL_BIRTHS):
        rows.append([("s", "P%d" % (i + 1)), ("s", "F"), text if as_text else cell, ("s", "QN01309C"), ("n", "44562", 1),
                     ("n", "30"), ("s", "non"), ("s", "non"), ("s", "non"), ("s", "non"), ("n", "4"), ("s", "non")])
    base(path, sheets=[("Marchés", marches()), ("Participants", rows), ("Heures", heures())])


# Text in every form XML allows, on enough rows that the reader's buffer ends inside
# references, UTF-8 sequences and CR LF pairs: each title must read "a&bé€\n" five times.
XML_FORMS = "a&amp;b&#233;&#x20AC;\r\n" * 4 + "a<!-- - -->&amp;<![CDATA[b]]>\u00e9\u20ac\r\n"


def case_xml_forms(path):
    m = marches()
    rows = [m[0]] + [[("s", "M%d" % k), ("x", XML_FORMS)] + m[1][2:] for k in range(1, 20001)]
    base(path, sheets=[("Marchés", rows), ("Participants", participants()), ("Heures", heures())])


# A shared string in each shape the reader meets: the plain <si><t> and Excel's
# xml:space="preserve" (read by the tokenizer's fast path), and every other (rich text runs, a
# character reference, an _xHHHH_ escape, a phonetic reading, spaces, a comment), each meaning
# the same title; 20 000 of them, so that the reader's buffer cuts strings of every shape.
def read_parts(path):
    """Every part of the workbook at path, by name: to rewrite some and write them back."""
    with zipfile.ZipFile(path) as src:
        return {i.filename: src.read(i.filename) for i in src.infolist()}


def write_parts(path, parts):
    """The workbook at path made anew of these parts, in their order."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for k, v in parts.items():
            z.writestr(k, v)


def shared_forms(k):
    t = "Titre é€ %d" % k
    return [
        "<si><t>%s</t></si>" % t,
        '<si><t xml:space="preserve">%s</t></si>' % t,
        "<si><r><t>Titre é€ </t></r><r><rPr><b/></rPr><t>%d</t></r></si>" % k,
        "<si><t>Titre &#233;&#x20AC; %d</t></si>" % k,
        "<si><t>Titre _x00E9_€ %d</t></si>" % k,
        '<si><t>%s</t><rPh sb="0" eb="1"><t>ふり</t></rPh></si>' % t,
        "<si>\r\n <t>%s</t></si>" % t,
        "<si><t>%s</t><!-- x --></si>" % t,
    ][k % 8]


def shared_titles(path, bad=None):
    m = marches()
    rows = [m[0]] + [[("s", "M%d" % k), ("s", "Titre é€ %d" % k)] + m[1][2:] for k in range(1, 20001)]
    base(path, sheets=[("Marchés", rows), ("Participants", participants()), ("Heures", heures())])
    parts = read_parts(path)
    import re
    sst = parts["xl/sharedStrings.xml"].decode()
    sst = re.sub(r"<si><t>Titre é€ (\d+)</t></si>", lambda g: shared_forms(int(g.group(1))), sst)
    if bad:
        sst = sst.replace("<si><t>Titre é€ 15000</t></si>", "<si><t>Titre é%s 15000</t></si>" % bad, 1)
    parts["xl/sharedStrings.xml"] = sst.encode("utf-8", "surrogateescape")
    write_parts(path, parts)



def shared_plain_forms(k):
    """Title k of case_plain_titles, as it is written and as it reads: ASCII text, of the
    strings the tokenizer reads in one run (plain, nothing to do) and of every way out of it."""
    long_text = "x" * 4100 if k % 900 == 7 else "x"
    return [
        ("<si><t>T%d</t></si>" % k, "T%d" % k),
        ('<si><t xml:space="preserve">T%d</t></si>' % k, "T%d" % k),
        ("<si><t>T_x0041_%d</t></si>" % k, "TA%d" % k),                  # an escape to undo
        ("<si><t>T&amp;%d</t></si>" % k, "T&%d" % k),                     # a reference
        ("<si><r><t>T</t></r><r><t>%d</t></r></si>" % k, "T%d" % k),      # rich text
        ("<si><t>T-%d</t ></si>" % k, "T-%d" % k),                        # another end tag
        ('<si><t xml:space="preserve">T %d </t></si>' % k, "T %d" % k),   # not plain: spaces (the last trimmed)
        ("<si><t>%s%d</t></si>" % (long_text, k), "%s%d" % (long_text, k)),  # over 4 096 bytes
        ("<si><t>~T%d!</t></si>" % k, "~T%d!" % k),                       # plain's first and last bytes
    ][k % 9]


def case_plain_titles(path, control=False):
    """20 000 contracts whose titles are shared strings of shared_plain_forms (the buffer
    cutting the run anywhere), and 300 hour lines of 2 h whose contract is written with a
    space after it (`M5 `: not plain, so trimmed); control: every string written `<si> <t>`,
    which only the general path reads. PATH.attendu: each contract's title."""
    import json
    import re
    m = marches()
    rows = [m[0]] + [[("s", "M%d" % k), ("s", "@%d" % k)] + m[1][2:] for k in range(1, 20001)]
    hours = heures([[("s", "M%d " % k), ("s", "P1"), ("s", "05/2022"), ("n", "2"), ("s", "etti")] for k in range(3, 303)])
    base(path, sheets=[("Marchés", rows), ("Participants", participants()), ("Heures", hours)])
    parts = read_parts(path)
    sst = parts["xl/sharedStrings.xml"].decode()
    sst = re.sub(r"<si><t>@(\d+)</t></si>", lambda g: shared_plain_forms(int(g.group(1)))[0], sst)
    if control:
        sst = sst.replace("<si><", "<si> <")
    parts["xl/sharedStrings.xml"] = sst.encode()
    write_parts(path, parts)
    with open(path + ".attendu", "w") as f:
        json.dump({"M%d" % k: shared_plain_forms(k)[1] for k in range(1, 20001)}, f)

# Hour lines whose contract's shared-string index begins with the one of the line before
# (100, then 1001, then 10012, and back): the reader remembers each column's last index by
# its digits, and a longer or shorter index is another string. M1 is 100 and 10012, M2 1001.
MEMO_LINES = [(100, 1), (1001, 2), (10012, 4), (1001, 8), (100, 16), (100, 64), (10012, 32)]


def case_memo(path):
    base(path)
    parts = read_parts(path)
    sst = parts["xl/sharedStrings.xml"].decode()
    n_old = sst.count("<si>")
    strings = ["x%d" % i for i in range(n_old, 10016)]
    at = {100: "M1", 1001: "M2", 10012: "M1", 10013: "P1", 10014: "04/2022", 10015: "etti"}
    for i, s in at.items():
        strings[i - n_old] = s
    sst = sst.replace("</sst>", "".join("<si><t>%s</t></si>" % s for s in strings) + "</sst>")
    parts["xl/sharedStrings.xml"] = sst.encode()
    h = ['<worksheet xmlns="%s"><sheetData><row r="1">' % MAIN]
    h += ['<c t="inlineStr"><is><t>%s</t></is></c>' % c for c in ("Marché", "Participant", "Mois", "Heures", "Modalité")]
    h.append("</row>")
    for r, (contract, hours) in enumerate(MEMO_LINES, start=2):
        h.append('<row r="%d"><c r="A%d" t="s"><v>%d</v></c><c r="B%d" t="s"><v>10013</v></c><c r="C%d" t="s"><v>10014</v></c>'
                 '<c r="D%d"><v>%d</v></c><c r="E%d" t="s"><v>10015</v></c></row>' % (r, r, contract, r, r, r, hours, r))
    h.append("</sheetData></worksheet>")
    parts["xl/worksheets/sheet3.xml"] = "".join(h).encode()
    write_parts(path, parts)


# Hour cells whose shape changes from row to row (the bytes between a cell's reference and
# its value, which the tokenizer compares with the column's last shape): the same shape again,
# another type or style (a date style after a plain one; a 16-byte shape differing in its
# second word only), an error value, a formula's string, a shared string holding a number, a
# cell without r, a reference of another row, cells out of order, rows out of order, a row
# number one digit longer, numbers that need rewriting (1.50, 05, 2.5E+1). control=True writes each <c r= as <c  r= (two spaces): the general
# path reads every cell; both workbooks must give the same report.
SHAPE_D = ['"><v>10</v>', '"><v>10</v>', '" t="n"><v>20</v>', '" t="n"><v>20</v>', '" t="s"><v>{seven}</v>',
           '" t="e"><v>#N/A</v>', '"><v>10</v>', '" t="str"><v>3</v>', None, '" s="0"><v>16</v>', '" s="1"><v>16</v>',
           '" s="0"><v>16</v>', '" t="n" s="0"><v>64</v>', '" t="n" s="1"><v>64</v>', '" t="n" s="0"><v>64</v>',
           '" t="n" s="0"><v>64</v>', "other-row", "out-of-order", '"><v>1</v>', '"><v>1.50</v>', '"><v>05</v>',
           '"><v>2.5E+1</v>', '" t="s"><v>{seven}</v>']


def hours_by_hand(path, strings, **kw):
    """The base workbook's parts (kw: base's), the strings added to its shared strings (their
    indexes), and the start of an hour sheet written by hand (its header row)."""
    base(path, **kw)
    parts = read_parts(path)
    sst = parts["xl/sharedStrings.xml"].decode()
    n = sst.count("<si>")
    sst = sst.replace("</sst>", "".join("<si><t>%s</t></si>" % s for s in strings) + "</sst>")
    parts["xl/sharedStrings.xml"] = sst.encode()
    idx = {s: n + i for i, s in enumerate(strings)}
    h = ['<worksheet xmlns="%s"><sheetData><row r="1">' % MAIN]
    h += ['<c t="inlineStr"><is><t>%s</t></is></c>' % c for c in ("Marché", "Participant", "Mois", "Heures", "Modalité")]
    h.append("</row>")
    return parts, idx, h


def hours_written(path, parts, h, control):
    """The hour sheet written by hand ends, and goes into the workbook; control: (old, new), the
    same sheet with old written new everywhere (for the general path)."""
    h.append("</sheetData></worksheet>")
    sheet = "".join(h)
    if control:
        sheet = sheet.replace(*control)
    parts["xl/worksheets/sheet3.xml"] = sheet.encode()
    write_parts(path, parts)


def case_shapes(path, control=False):
    parts, idx, h = hours_by_hand(path, ["M1", "M2", "P1", "04/2022", "etti", "7"])
    for i, d in enumerate(SHAPE_D):
        r = i + 2 if i != len(SHAPE_D) - 1 else 5   # the last row out of order
        row = ['<row r="%d">' % r]
        row += ['<c r="%s%d" t="s"><v>%d</v></c>' % (col, r, idx[s]) for col, s in
                (("A", "M1" if i % 3 else "M2"), ("B", "P1"), ("C", "04/2022"))]
        e = '<c r="E%d" t="s"><v>%d</v></c>' % (r, idx["etti"])
        if d is None:
            row += ['<c><v>4</v></c>', e]
        elif d == "other-row":
            row += ['<c r="D%d"><v>8</v></c>' % (r + 1), e]
        elif d == "out-of-order":
            row += [e, '<c r="D%d"><v>8</v></c>' % r]
        else:
            row += ['<c r="D%d%s</c>' % (r, d.format(seven=idx["7"])), e]
        row.append("</row>")
        h += row
    hours_written(path, parts, h, ("<c r=", "<c  r=") if control else None)


# Row numbers as the hour rows write them (the tokenizer guesses each row's number as the one
# after the row before's, and compares its digits): 9 -> 10 and 99 -> 100 (one digit more: not
# guessed), gaps of as many digits (11 -> 14, 101 -> 105), a number met twice (counted on), a
# gap to more digits. Rows whose hours are a text are rejected, at their numbers.
ROW_NUMBERS = [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 14, 15, 15, 17, 98, 99, 100, 101, 105, 1000, 1001]
ROW_REJECTED = {10, 14, 16, 100, 105, 1001}


def case_row_numbers(path, control=False):
    parts, idx, h = hours_by_hand(path, ["M1", "P1", "04/2022", "etti", "abc"])
    for k, r in enumerate(ROW_NUMBERS):
        row = ['<row r="%d">' % r]
        row += ['<c r="%s%d" t="s"><v>%d</v></c>' % (col, r, idx[s]) for col, s in (("A", "M1"), ("B", "P1"), ("C", "04/2022"))]
        counted = r + 1 if k > 0 and ROW_NUMBERS[k - 1] == r else r   # a number met twice is counted on
        row.append('<c r="D%d" t="s"><v>%d</v></c>' % (r, idx["abc"]) if counted in ROW_REJECTED else '<c r="D%d"><v>%d</v></c>' % (r, r))
        row.append('<c r="E%d" t="s"><v>%d</v></c></row>' % (r, idx["etti"]))
        h += row
    hours_written(path, parts, h, ("<row r=", "<row  r=") if control else None)


# Hour rows the row template reads whole, whose shared strings are not all plain ASCII: a
# contract with a blank before it, a participant with one after, a contract of the base
# workbook renamed "Mé" and written decomposed (e + U+0301) or composed. A row of plain ASCII
# cells is typed without looking for blanks or other bytes (TableRow.plain, .ascii); these
# must be trimmed and normalised as the general path does. control=True: every <c r= as
# <c  r= (the general path for every cell).
PLAIN_ROWS = [("M1", "P1", 10), (" M1", "P1", 20), ("M1", "P1 ", 40), ("Me\u0301", "P1", 80), ("M1", "P1", 160),
              ("M\u00e9", "P1", 320), ("M1", "P1", 640)]


# The same with strings of 16 bytes and more, whose test takes sixteen bytes at a time
# (runtime/table_xlsx.c, xlsx_text_plain): both contracts renamed, M1's plain ASCII named after
# sixteen blanks (blanks only in the first sixteen bytes) and before one (a blank only after
# them), M2's written decomposed (a byte above 0x7F only in the first sixteen).
LONG_M1, LONG_M2 = "M1-0123456789abcdef", "M\u00e9-0123456789abcdef"
PLAIN_LONG_ROWS = [(LONG_M1, "P1", 10), (" " * 16 + LONG_M1, "P1", 20), (LONG_M1 + " ", "P1", 40),
                   ("Me\u0301-0123456789abcdef", "P1", 80), (LONG_M2, "P1", 160)]


def case_plain_rows(path, control=False, rows=PLAIN_ROWS, names=(("M2", "M\u00e9"),)):
    strings = sorted({c for c, _, _ in rows} | {p for _, p, _ in rows} - {"M1", "P1"}) + ["M1", "P1", "04/2022", "etti"]
    parts, idx, h = hours_by_hand(path, strings)
    sst = parts["xl/sharedStrings.xml"].decode()
    for old, new in names:
        sst = sst.replace("<si><t>%s</t></si>" % old, "<si><t>%s</t></si>" % new, 1)
    parts["xl/sharedStrings.xml"] = sst.encode()
    for r, (contract, who, hours) in enumerate(rows, start=2):
        h.append('<row r="%d"><c r="A%d" t="s"><v>%d</v></c><c r="B%d" t="s"><v>%d</v></c><c r="C%d" t="s"><v>%d</v></c>'
                 '<c r="D%d"><v>%d</v></c><c r="E%d" t="s"><v>%d</v></c></row>'
                 % (r, r, idx[contract], r, idx[who], r, idx["04/2022"], r, hours, r, idx["etti"]))
    hours_written(path, parts, h, ("<c r=", "<c  r=") if control else None)


# Hour rows whose shared strings are met again and again under many indexes: the strings
# copied 600 times into the shared strings (each copy its own index), each row naming its
# contract, participant, month and kind by a copy drawn at random, so that the reader's cache
# of strings by their digits (TableScan.cache: 1 024 places) finds most, misses others, and
# finds places taken by other digits; some indexes with leading zeros (7 digits: kept, 8: not
# kept, 9: read); hours from a few plain decimals (its table of numbers), two not plain (1.50, 1.5E+1);
# one row in 7 with another attribute after r, a gap in the row numbers every 13 rows (the row
# expected is not there), one row in 101 rejected (its hours a text). The hours by contract and
# the rejected rows' numbers, computed here, go to PATH.attendu (JSON). control=True: every
# <c r= and <row r= with two spaces (the general path for every cell and row).
CACHE_STRINGS = ["M1", "M2", "P1", "04/2022", "etti", "abc"]
CACHE_HOURS = ["1", "2.5", "0.25", "3", "1.50", "10", "7.75", "0.5", "12", "1.5E+1"]


def case_cached(path, control=False):
    import json
    from decimal import Decimal
    copies = 600
    strings = CACHE_STRINGS * copies
    parts, idx, h = hours_by_hand(path, strings)
    first = idx[strings[-1]] - (len(strings) - 1)
    seed = [12345]

    def draw(k):
        seed[0] = (seed[0] * 1103515245 + 12345) % 2 ** 31
        return (seed[0] >> 8) % k

    ncells = [0]

    def shared(col, r, text):
        ncells[0] += 1
        k = first + len(CACHE_STRINGS) * draw(copies) + CACHE_STRINGS.index(text)
        width = 9 if ncells[0] % 23 == 0 else 8 if ncells[0] % 19 == 0 else 7 if ncells[0] % 17 == 0 else 0
        return '<c r="%s%d" t="s"><v>%0*d</v></c>' % (col, r, width, k)

    total, rejected, r = {"M1": Decimal(0), "M2": Decimal(0)}, [], 2
    for i in range(3000):
        contract = "M1" if draw(3) else "M2"
        cells = [shared("A", r, contract), shared("B", r, "P1"), shared("C", r, "04/2022")]
        if i % 101 == 100:
            cells.append(shared("D", r, "abc"))
            rejected.append(r)
        else:
            hours = CACHE_HOURS[draw(len(CACHE_HOURS))]
            cells.append('<c r="D%d"><v>%s</v></c>' % (r, hours))
            total[contract] += Decimal(hours)
        cells.append(shared("E", r, "etti"))
        h.append('<row r="%d"%s>%s</row>' % (r, ' spans="1:5"' if i % 7 == 6 else "", "".join(cells)))
        r += 3 if i % 13 == 12 else 1
    if control:
        h = [x.replace("<c r=", "<c  r=").replace("<row r=", "<row  r=") for x in h]
    hours_written(path, parts, h, None)
    with open(path + ".attendu", "w") as out:
        json.dump({"heures": {k: float(v) for k, v in total.items()}, "rejets": rejected}, out)


# Hour rows whose contracts and participants are shared strings met again and again, each
# under KEYED_COPIES indexes (copies in the shared strings), in runs of 1 to 4 lines of the
# same ids: the evaluator resolves a string the first time a run names it and keeps it by its
# key (EvalState.contract_by_key), which later runs read. Among them, in runs far apart: an
# unknown contract (M9) and participant (P9), met again and again (never kept: said unknown at
# each run); a participant written inline (t="inlineStr": no key, resolved by its text); a
# participant whose shared string has blanks around it (" P2 ": not plain, trimmed, resolved by
# its text); one row in 1 009 whose participant's index lies beyond the table (rejected, the
# run cut). 30 000 rows (some 4 MB of XML: slices for two and three threads). control=True:
# every id written inline (no key anywhere), the damaged indexes kept.
KEYED_IDS = ["M1", "M2", "M9", "P1", "P2", "P9", " P2 "]
KEYED_COPIES = 5


def case_keyed_ids(path, control=False):
    strings = KEYED_IDS * KEYED_COPIES + ["04/2022", "05/2022", "etti"]
    parts, idx, h = hours_by_hand(path, strings)
    first = idx["04/2022"] - len(KEYED_IDS) * KEYED_COPIES
    seed = [4242]

    def draw(k):
        seed[0] = (seed[0] * 1103515245 + 12345) % 2 ** 31
        return (seed[0] >> 8) % k

    def inline(col, r, text):
        return '<c r="%s%d" t="inlineStr"><is><t>%s</t></is></c>' % (col, r, esc(text))

    def ident(col, r, text):
        k = first + len(KEYED_IDS) * draw(KEYED_COPIES) + KEYED_IDS.index(text)   # drawn in both
        if control:
            return inline(col, r, text)
        return '<c r="%s%d" t="s"><v>%d</v></c>' % (col, r, k)

    r, run = 2, 0
    while r < 30002:
        contract = "M9" if run % 211 == 7 else "M1" if draw(3) else "M2"
        who = "P9" if run % 97 == 5 else " P2 " if run % 89 == 3 else "P1" if draw(2) else "P2"
        written = inline if run % 53 == 11 else ident
        for _ in range(1 + draw(4)):
            month = "04/2022" if draw(2) else "05/2022"
            cells = [ident("A", r, contract), written("B", r, who),
                     '<c r="C%d" t="s"><v>%d</v></c>' % (r, idx[month]),
                     '<c r="D%d"><v>%s</v></c>' % (r, CACHE_HOURS[draw(len(CACHE_HOURS))]),
                     '<c r="E%d" t="s"><v>%d</v></c>' % (r, idx["etti"])]
            if r % 1009 == 0:
                cells[1] = '<c r="B%d" t="s"><v>99999</v></c>' % r
            h.append('<row r="%d">%s</row>' % (r, "".join(cells)))
            r += 1
        run += 1
    hours_written(path, parts, h, None)


# Contracts named by number cells in the hour rows ("12" and "7.5" in the contracts' sheet):
# written 12, 7.5 (plain decimals, handed over as they lie) and 12.0, 7.50, 012 (which the
# reader rewrites as 12 and 7.5), among hours of 1 200 distinct plain values, so that every
# place of the tokenizer's table of plain decimals (TableScan.numbers: 256) is taken when the
# rewritten ones come, again and again. Hours by contract to PATH.attendu.
def case_number_texts(path):
    import json
    m = marches()
    m += [[("s", c)] + m[1][1:] for c in ("12", "7.5")]
    sheets = [("Marchés", m), ("Participants", participants()), ("Heures", heures())]
    parts, idx, h = hours_by_hand(path, ["M1", "P1", "04/2022", "etti"], sheets=sheets)
    names = ["12", "7.5", "12.0", "7.50", "012"]
    total = {"M1": 0, "12": 0, "7.5": 0}
    for i in range(1200):
        r = i + 2
        contract = '<c r="A%d" t="s"><v>%d</v></c>' % (r, idx["M1"])
        name = "M1"
        if i % 5 == 4:
            written = names[(i // 5) % len(names)]
            contract = '<c r="A%d"><v>%s</v></c>' % (r, written)
            name = "7.5" if written.startswith("7") else "12"
        total[name] += i + 1
        h.append('<row r="%d">%s<c r="B%d" t="s"><v>%d</v></c><c r="C%d" t="s"><v>%d</v></c><c r="D%d"><v>%d</v></c>'
                 '<c r="E%d" t="s"><v>%d</v></c></row>' % (r, contract, r, idx["P1"], r, idx["04/2022"], r, i + 1, r, idx["etti"]))
    hours_written(path, parts, h, None)
    with open(path + ".attendu", "w") as out:
        json.dump({"heures": total}, out)


# Rows numbered with 6 and 7 digits, up to the last a sheet may have (1 048 576): the
# tokenizer compares the number after the row before's up to 6 digits (the digits and `">`
# as one word), and reads the others. Rows whose hours are a text are rejected, at their
# numbers; gaps that change a late digit only (100001 -> 100005, 1000002 -> 1000006).
# control=True: two spaces before each row's r.
LONG_ROWS = [100000, 100001, 100005, 100006, 999998, 999999, 1000000, 1000001, 1000002, 1000006, 1000007, 1048575, 1048576]
LONG_REJECTED = {100005, 1000002, 1000006, 1048576}


def case_long_row_numbers(path, control=False):
    parts, idx, h = hours_by_hand(path, ["M1", "P1", "04/2022", "etti", "abc"])
    for r in LONG_ROWS:
        row = ['<row r="%d">' % r]
        row += ['<c r="%s%d" t="s"><v>%d</v></c>' % (col, r, idx[s]) for col, s in (("A", "M1"), ("B", "P1"), ("C", "04/2022"))]
        row.append('<c r="D%d" t="s"><v>%d</v></c>' % (r, idx["abc"]) if r in LONG_REJECTED else '<c r="D%d"><v>%d</v></c>' % (r, r % 1000 + 1))
        row.append('<c r="E%d" t="s"><v>%d</v></c></row>' % (r, idx["etti"]))
        h += row
    hours_written(path, parts, h, ("<row r=", "<row  r=") if control else None)


# Hour rows read whole by the row template (the row before's bytes, its digits and values as
# holes: runtime/table_xlsx_template.c, table_xml_scan_row), 12 000 of them so that the numbers go
# from 2 to 12 001 (9 -> 10, 99 -> 100, 999 -> 1000, 9999 -> 10000) and the sheet spans several
# of the reader's 256 KiB fills (rows cut by a fill's end), with a row unlike the one before
# every 7 rows: the hours a shared string (a text: rejected), a number with t="n", a date style
# s="1", the style s="0" and s="3", spans on the row, the hours absent, a cell added after the
# last, a gap in the row numbers (in a rejected row), a number met twice and the next row
# (rejected) numbered as that one is counted, the hours written with a character reference
# (1&#46;5), the kind of hours a number, a number of 45 digits, the hours a shared string
# holding a number (read as that number), the first cell in column Z, not A (from row 10 000,
# its column's letter lies in neither the first nor the last 16 bytes of the row's first run).
# Rows whose reading only the general path can tell are M2's (or name no contract); M1's hours
# are summed here (PATH.attendu, with the rejected rows' numbers of M1). control=True: every
# <c r= and <row r= with two spaces (the general path for every cell and row). Variant 19: the
# participant's reference written with another row's digits of the same count (the row template
# compares a cell's run with the row's digits made once a row, `xlsx14`); variant 20: the
# participant a shared string longer than a field (the row rejected; its index of the
# participant's length, so that its row is compared with the template); rows 40 and 60 too
# with their first cell in column Z (the row's first run then 32 bytes: its first and last 16
# bytes compared, no block between them). xml_error: the last
# cell of row 5 000 closed by </w>: an XML error (C0832), told by the template as by the general
# path; xml_error="v": that row's hours written `<v 12</v>` (the last byte of the cell's run, `>`
# of `<v>`, not there: well-formed XML holds nothing else at that byte). Variant 21: the contract's
# cell a number (t="n": no contract by that name, the row rejected), its type's byte in the third
# of the three blocks that compare column A's run (`xlsx17`); variant 22: the row's tag numbered
# two past the row's own number, its cells' references at it (the tag's digits in the first of
# those blocks; the row rejected, at the tag's number); variant 23: a gap of 3 in the row numbers
# (the tag's and the cells' digits alike) in a row of the template's shape, rejected for its
# hours, 0 (its number told: the digits of both holes compared with the row's expected).
TEMPLATE_VARIANTS = 24


def case_row_template(path, control=False, xml_error=False):
    import json
    from decimal import Decimal
    long_text = "P" * 65537   # a field's bytes at most are 65 536 (TABLE_MAX_FIELD_BYTES)
    parts, idx, h = hours_by_hand(path, ["M1", "M2", "P1", "04/2022", "etti", "abc", "12", long_text])
    assert len(str(idx[long_text])) == len(str(idx["P1"]))
    total, rejected, r, prev, reject_next = Decimal(0), [], 2, 1, False

    def cell(col, r, text, attrs=' t="s"'):
        return '<c r="%s%d"%s><v>%s</v></c>' % (col, r, attrs, text)

    for i in range(12000):
        hours = "%d" % (i % 40 + 1) if i % 3 else "%d.5" % (i % 9)
        v = (i // 7) % TEMPLATE_VARIANTS if i % 7 == 3 else -1
        contract = "M2" if v in (2, 5, 6, 7, 10, 11, 15, 16, 17, 18) else "M1"
        contract_index = "%d" % idx[contract]
        tag = '<row r="%d">'
        d = cell("D", r, hours, "")
        e = cell("E", r, idx["etti"])
        extra = ""
        counted = r if r > prev else prev + 1   # a number met twice is counted on
        bad = v == 0 or reject_next
        reject_next = False
        if bad:
            d = cell("D", r, idx["abc"])
        elif v == 1:
            d = cell("D", r, hours, ' t="n"')
        elif v == 2:
            d = cell("D", r, hours, ' s="1"')
        elif v == 3:
            d = cell("D", r, hours, ' s="0"')
        elif v == 4:
            tag = '<row r="%d" spans="1:5">'
        elif v == 5:
            d = ""
        elif v == 6:
            extra = cell("F", r, idx["etti"])
        elif v == 7:
            d = cell("D", r, hours, ' s="3"')
        elif v == 8:
            r += 3   # a gap, in a rejected row: its number is told
            counted = r
            bad = True
            d, e = cell("D", r, idx["abc"]), cell("E", r, idx["etti"])
        elif v == 9:
            r = prev   # the number of the row before again, counted as the one after it
            counted = prev + 1
            reject_next = True   # the next row, numbered as this one is counted, is counted one more
            d, e = cell("D", r, hours, ""), cell("E", r, idx["etti"])
        elif v == 10:
            e = cell("E", r, "3", "")
        elif v == 11:
            d = cell("D", r, "1." + "0" * 43 + "1", "")
        elif v == 12:
            hours = "1.5"
            d = cell("D", r, "1&#46;5", "")
        elif v == 13:
            hours = "12"
            d = cell("D", r, idx["12"])
        elif v == 15:
            contract_index = "%08d" % idx[contract]   # 8 digits: kept as the column's value
        elif v == 16:
            contract_index = "%09d" % idx[contract]   # 9 digits: read, not kept
        elif v == 17:
            pass   # M2 in a row otherwise the one before: its index differs in its last digit
        elif v == 23:
            r += 3   # every digit of the row jumps: its cells in the template's shape
            counted = r
            hours = "0"   # rejected by its typing, not by « abc »
            d, e = cell("D", r, hours, ""), cell("E", r, idx["etti"])
            contract = None
        elif v == 22:
            tag = '<row r="%d">' % (r + 2) + "%.0s"   # the tag's number, not the cells'
            counted = r + 2
            bad = True
            d = cell("D", r, idx["abc"])
        b = cell("B", r, idx["P1"])
        too_long = v == 20   # rejected for its long cell: neither counted nor among "abc"'s
        if too_long:
            b = cell("B", r, idx[long_text])
        elif v == 19:
            other = str(r)[:-1] + str((r + 5) % 10)   # another row's number, as many digits
            b = b.replace('r="B%d"' % r, 'r="B%s"' % other)
        z = v == 14 or (v < 0 and r in (40, 60))   # rows 10 to 99: its first run of 32 bytes, no middle block
        a = cell("Z" if z else "A", r, contract_index)
        if v == 18:
            a = a.replace("</v></c>", "</v ></c>")   # the value not kept, the row the pump's
        if v == 21:
            a = cell("A", r, contract_index, ' t="n"')   # a contract named by the index's digits
        if z or v == 21:
            contract = None
        if xml_error == "v" and i == 4998:
            d = d.replace("<v>", "<v ")
        elif xml_error and i == 4998:
            e = e.replace("</v></c>", "</w></c>")
        row = tag % r + a + b + cell("C", r, idx["04/2022"]) + d + e + extra + "</row>"
        h.append(row)
        if contract == "M1" and not too_long:
            if bad:
                rejected.append(counted)
            else:
                total += Decimal(hours)
        prev = counted
        r = counted + 1
        if v == 9:
            r = counted   # the next row numbered as it is counted: not the one after the row before's digits
    if control:
        h = [x.replace("<c r=", "<c  r=").replace("<row r=", "<row  r=") for x in h]
    hours_written(path, parts, h, None)
    with open(path + ".attendu", "w") as out:
        json.dump({"heures": float(total), "rejets": rejected}, out)


# Hour rows that differ from the row before in the ways a reading of a row as the row before
# plus what changed must tell apart (issue 15, `xlsx13`): 15 000 rows numbered from 2 on (9 -> 10,
# 19 -> 20, 99 -> 100, 109 -> 110, 199 -> 200, 999 -> 1000, 9999 -> 10000; 3 MB of sheet, so rows
# are cut by the reader's fills and, with threads, by slices), the month changed at every row (a
# shared string's index of the same length), and, from a sequence that mixes them: the
# participant changed (a cell that is not the usual one, its index of the same length), the hours
# changed with the same length and with another, two and all values changed, a style added, a
# style changed to another of the same length (a date style), the hours a text (a rejected row,
# and the row after it), the hours not a plain decimal but of the same length (`x.5`, `1E1`), the
# kind's type changed with the same length (`t="s"` -> `t="n"`), a participant whose text is not
# plain ASCII or ends with a space, a shared string's index past the table's end and of the same
# length, an index with a letter in place of its last digit, an empty shared string, spans on the
# row. control=True: every <c r= as <c  r= (the general path for
# every cell); both workbooks must give the same report and the same rejected rows.
def case_row_before(path, control=False):
    months = ["%02d/2022" % m for m in range(1, 13)]
    parts, idx, h = hours_by_hand(path, ["M1", "M2", "P1", "P2", "Pé", "P2 ", "etti", "abc", ""] + months)
    nsst = max(idx.values()) + 1
    past_end = "9" * len(str(idx["P1"]))   # an index of the participant's length past the table's end
    assert int(past_end) >= nsst or len(str(idx["P1"])) < len(str(nsst))

    def cell(col, r, text, attrs=' t="s"'):
        return '<c r="%s%d"%s><v>%s</v></c>' % (col, r, attrs, text)

    contract, participant, hours, style, seed = "M1", "P1", "1.5", "", 1
    same_length = ["1.5", "2.5", "7.5"]
    other_length = ["12", "1.5", "10.25"]
    for i in range(15000):
        r = i + 2
        seed = (seed * 1103515245 + 12345) % 2 ** 31   # every kind after every other
        kind = (seed >> 16) % 32   # 16 to 31: only the month changes
        tag, p_index, d_attrs, d_text = '<row r="%d">', None, style, hours
        e = cell("E", r, idx["etti"])
        if kind == 3:
            participant = "P2" if participant == "P1" else "P1"
        elif kind == 4:
            hours = same_length[(same_length.index(hours) + 1) % 3] if hours in same_length else "1.5"
        elif kind == 5:
            hours = other_length[(other_length.index(hours) + 1) % 3] if hours in other_length else "12"
        elif kind == 6:
            participant = "P2" if participant == "P1" else "P1"
            hours = same_length[(same_length.index(hours) + 1) % 3] if hours in same_length else "1.5"
        elif kind == 7:
            style = ' s="0"' if style == "" else ""
        elif kind == 8:
            d_attrs = ' s="1"' if style == ' s="0"' else ' s="0"'
        elif kind == 9:
            d_attrs, d_text = ' t="s"', idx["abc"]
        elif kind == 10:
            d_text = ("x.5" if i % 2 else "1E1") if len(hours) == 3 else "x" * len(hours)
        elif kind == 11:
            e = cell("E", r, idx["etti"], ' t="n"')
        elif kind == 12:
            p_index = idx["Pé" if i % 2 else "P2 "]   # not plain: typed the long way (P2 trimmed)
        elif kind == 13:
            p_index = past_end if i % 2 else str(idx["P1"])[:-1] + "x"   # no index there is, or a digit short
        elif kind == 14:
            e = cell("E", r, idx[""])
        elif kind == 15:
            contract = "M2" if contract == "M1" else "M1"
            participant = "P2" if participant == "P1" else "P1"
            hours = same_length[(same_length.index(hours) + 1) % 3] if hours in same_length else "2.5"
            tag = '<row r="%d" spans="1:5">'
        if kind in (4, 5, 6, 15):
            d_text = hours
        if kind == 7:
            d_attrs = style
        if p_index is None:
            p_index = idx[participant]
        row = (tag % r + cell("A", r, idx[contract]) + cell("B", r, p_index) + cell("C", r, idx[months[i % 12]]) +
               cell("D", r, d_text, d_attrs) + e + "</row>")
        h.append(row)
    if control:
        h = [x.replace("<c r=", "<c  r=") for x in h]
    hours_written(path, parts, h, None)


# Hour rows whose month is nearly always the month after the row before's (a column's memo missed
# at every row, its string found in the cache or by its index; `xlsx17` tried looking first for
# the string met after the memo's last time), and leaves that order: 12 000 rows in runs of 1 to 14 months, each run from a
# month drawn among 36 (2021 to 2023, so that a month after the evaluation's is not counted), with
# the contract and participant drawn again; one row in 40 a month that is no month (13/2022, the
# row rejected), one in 50 the month of the row before again. control=True: every <c r= as
# <c  r= (the general path for every cell).
def case_month_runs(path, control=False):
    import random
    rnd = random.Random(17)
    months = ["%02d/%d" % (m, y) for y in (2021, 2022, 2023) for m in range(1, 13)]
    parts, idx, h = hours_by_hand(path, ["M1", "M2", "P1", "P2", "etti", "13/2022"] + months)

    def cell(col, r, text, attrs=' t="s"'):
        return '<c r="%s%d"%s><v>%s</v></c>' % (col, r, attrs, text)

    r = 2
    while r < 12002:
        start, n = rnd.randrange(36), rnd.randint(1, 14)
        contract, participant = rnd.choice(["M1", "M2"]), rnd.choice(["P1", "P2"])
        k = 0
        while k < n and r < 12002:
            month = months[(start + k) % 36]
            draw = rnd.randrange(200)
            if draw < 5:
                month = "13/2022"
            elif draw < 9:
                k -= 1   # the row before's month again (its run goes on from it)
                month = months[(start + k) % 36] if k >= 0 else month
            h.append('<row r="%d">' % r + cell("A", r, idx[contract]) + cell("B", r, idx[participant]) +
                     cell("C", r, idx[month]) + cell("D", r, "%d.5" % (r % 9), "") + cell("E", r, idx["etti"]) +
                     "</row>")
            r += 1
            k += 1
    if control:
        h = [x.replace("<c r=", "<c  r=") for x in h]
    hours_written(path, parts, h, None)


# Hour rows whose tag is long (attributes that nothing reads, padded so that the row's tag and its
# first cell up to `<v>` take 100 to 120 bytes, the most a row template's run holds): column A's
# run compared as three blocks only when the third ends within the run's bytes (`xlsx17`), in
# runs of 40 rows of each length, numbers of 4 and 5 digits. control=True: every <c r= as <c  r=.
def case_long_row_tags(path, control=False):
    parts, idx, h = hours_by_hand(path, ["M1", "M2", "P1", "04/2022", "etti", "abc"])

    def cell(col, r, text, attrs=' t="s"'):
        return '<c r="%s%d"%s><v>%s</v></c>' % (col, r, attrs, text)

    r = 9000
    for i in range(3000):
        target = 100 + (i // 40) % 21   # the run's bytes: the tag and `<c r="A…" t="s"><v>`
        head = target - (7 + len(str(r)) + 11)
        tag = '<row r="%d" spans="1:5" customHeight="1" ht="15' % r
        tag += "." + "0" * max(1, head - len(tag) - 3) + '">'
        bad = i % 13 == 5
        h.append(tag + cell("A", r, idx["M1" if i % 17 else "M2"]) + cell("B", r, idx["P1"]) +
                 cell("C", r, idx["04/2022"]) + (cell("D", r, idx["abc"]) if bad else cell("D", r, "%d.5" % (i % 7), "")) +
                 cell("E", r, idx["etti"]) + "</row>")
        r += 1 if i % 101 else 3
    if control:
        h = [x.replace("<c r=", "<c  r=") for x in h]
    hours_written(path, parts, h, None)


# Contracts and participants whose rows the cell template reads with their dates and empty
# cells (runtime/table_xlsx_template.c, table_xlsx_template_cells, scan_date_day): 4 000 contracts and
# 3 000 participants (rows cut by the reader's fills), each row in one of many shapes:
# notification and birth dates as serials in two date styles (the 1900 system's first days,
# day 59 and 61 around the day 60 that never was, days all over 1900-2022 so that the months
# kept by their block of 16 days are met, missed and replaced, and many in a few months so
# that they are found), with leading zeros (7 digits: read; 8: left to the general path), as
# text, with a fraction, day 60, 0, as a number without a date style, as a boolean; empty cells
# (absent) in the first, middle and last columns, one or several in a row; a shared string
# with `&`, inline strings, booleans; a number as text; a cell outside the header's columns.
# control=True: every <c r= as <c  r= (the general path for every cell). The contracts'
# notification dates that are whole serials up to --au 2022-12-31 go to PATH.attendu (JSON),
# as the serial's day counted here.
def case_dated_rows(path, control=False, date1904=False):
    import datetime
    import json
    import random
    rnd = random.Random(12)
    shift = 1462 if date1904 else 0
    origin = datetime.date(1904, 1, 1) if date1904 else None

    def day_of(serial):
        if date1904:
            return (origin + datetime.timedelta(days=serial)).isoformat()
        base_day = datetime.date(1899, 12, 31) if serial < 60 else datetime.date(1899, 12, 30)
        return (base_day + datetime.timedelta(days=serial)).isoformat()

    m = marches()
    contracts, expected = [m[0]], {}
    edges = [1, 2, 31, 32, 59, 61, 62, 91] if not date1904 else [0, 1, 30, 31, 59, 60, 61]
    for k in range(1, 4001):
        v = k % 13
        serial = None
        if v in (0, 1, 2):
            serial = rnd.randint(1 + shift, 44926) - shift   # 1900 (1904) to 2022-12-31
            date = ("n", str(serial), 1 if v else 2)
        elif v in (3, 4):
            serial = rnd.randint(44560, 44650) - shift   # a few months of 2022: found again
            date = ("n", str(serial), 2 if v == 3 else 1)
        elif v == 5:
            serial = edges[(k // 13) % len(edges)]
            date = ("n", str(serial), 1)
        elif v == 6:
            serial = 44635 - shift
            date = ("n", "%07d" % serial, 1)   # leading zeros, 7 digits
        elif v == 7:
            date = ("n", "%08d" % (44635 - shift), 1)   # 8 digits: the general path
        elif v == 8:
            date = [("i", "15/03/2022"), ("n", "%d.5" % (44635 - shift), 1), ("n", "60", 1), ("n", "0", 1),
                    ("n", str(44635 - shift), 0), ("b", "1"), ("s", "2022-03-15")][(k // 13) % 7]
        elif v == 9:
            date = None
        else:
            serial = 44600 + k % 40 - shift
            date = ("n", str(serial), 1)
        if serial is not None and date1904 is False and serial == 60:
            serial = None
        title = None if k % 5 == 1 else ("i", "Titre %d" % k) if k % 17 == 3 else ("s", "Titre A&B")
        owner = ("s", "Ville A&B") if k % 3 else ("s", "Métropole AMP")
        amount = ("s", "1000") if k % 29 == 0 else ("n", str(1000 + k))
        hours = None if k % 3 == 0 else ("n", str(k * 7 % 5000))
        row = [("s", "M%d" % k), title, ("s", ("nettoyage", "travaux")[k % 2]), owner, ("s", "amp"), amount, date, hours]
        if k % 211 == 7:
            row[0] = None   # no id: rejected
        if k % 223 == 9:
            row.append(("n", "5"))   # outside the header's columns: rejected
        contracts.append(row)
        if serial is not None and row[0] and k % 223 != 9 and (k + 1) % 251 != 12:
            expected["M%d" % k] = day_of(serial)
    people = [participants()[0]]
    for k in range(1, 3001):
        v = k % 9
        born = [("n", str(rnd.randint(35400, 35500) - shift), 2), ("n", str(rnd.randint(20000, 40000) - shift), 1),
                ("i", "01/01/1990"), ("n", "%d.5" % (32874 - shift), 1), ("n", str(rnd.randint(35000, 36000) - shift), 1),
                ("n", str(rnd.randint(35400, 35500) - shift), 1), ("b", "1"), ("n", str(35431 - shift), 2),
                ("n", str(rnd.randint(30000, 36000) - shift), 0)][v]
        entry = None if k % 10 == 3 else ("n", str(rnd.randint(44000, 44900) - shift), 1)
        rsa = ("b", str(k % 2)) if k % 11 == 4 else ("i", "non") if k % 13 == 6 else ("s", ("oui", "non")[k % 2])
        row = [("s", "P%d" % k), ("s", "FH"[k % 2]), born, None if k % 4 == 1 else ("s", "QN01309C"), entry,
               None if k % 7 == 2 else ("n", str(k % 60)), rsa, None if k % 5 == 0 else ("s", "non"),
               None if k % 6 == 0 else ("s", "non"), None if k % 8 == 0 else ("s", "non"),
               None if k % 3 == 0 else ("n", str(k % 6 + 1)), ("s", ("non", "oui")[k % 3 == 0])]
        if k % 97 == 5:
            row[0] = None
        people.append(row)
    hours = heures([[("s", "M%d" % (k % 4000 + 1)), ("s", "P%d" % k), ("s", "05/2022"), ("n", "7"), ("s", "etti")]
                    for k in range(1, 3001)])
    base(path, date1904=date1904, sheets=[("Marchés", contracts), ("Participants", people), ("Heures", hours)])
    import re
    parts = read_parts(path)
    # a contract's row in 251 with its owner's and perimeter's cells in the wrong order (the
    # general path puts a cell whose column is not after the one before's at the next column)
    parts["xl/worksheets/sheet1.xml"] = re.sub(
        rb'(<c r="D(\d+)"[^>]*><v>\d+</v></c>)(<c r="E\2"[^>]*><v>\d+</v></c>)',
        lambda g: g.group(3) + g.group(1) if int(g.group(2)) % 251 == 12 else g.group(0), parts["xl/worksheets/sheet1.xml"])
    if control:
        for name in ("xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"):
            parts[name] = parts[name].replace(b"<c r=", b"<c  r=")
    write_parts(path, parts)
    with open(path + ".attendu", "w") as out:
        json.dump(expected, out)


def case_nested_row(path):
    # a row nested in the first cell of an unclosed row (well-formed XML): the inner row read once,
    # not again at the outer row's </row>
    parts, idx, h = hours_by_hand(path, ["M1", "P1", "04/2022", "etti"])
    def cells(r, hours):
        return ['<c r="%s%d" t="s"><v>%d</v></c>' % (c, r, idx[s]) for c, s in (("A", "M1"), ("B", "P1"), ("C", "04/2022"))] + \
               ['<c r="D%d"><v>%d</v></c>' % (r, hours), '<c r="E%d" t="s"><v>%d</v></c>' % (r, idx["etti"])]
    h += ['<row r="2">'] + cells(2, 10) + ['</row>']
    h += ['<row r="3"><c r="A3" t="s"><v>%d</v>' % idx["M1"], '<row r="4">'] + cells(4, 100) + ['</row></c></row>']
    h += ['<row r="5">'] + cells(5, 1000) + ['</row>']
    hours_written(path, parts, h, None)


# Rows inside a phonetic reading (<rPh>, whose text is no value) of a cell of an unclosed row,
# among rows the row template reads (well-formed XML): an error cell's row there is read and
# rejected (an error needs no text), and a row of the template's shape after it has no value
# (its text dropped), so it is no row at all, as the general path reads it. The template,
# which reads rows without the state checks once it has read one (TableScanRow.armed), must
# check them again after the pump read a row. M1's hours: 10 a row outside, 1 000 inside.
def case_phonetic_rows(path, control=False):
    parts, idx, h = hours_by_hand(path, ["M1", "P1", "04/2022", "etti"])

    def cells(r, hours):
        return ['<c r="%s%d" t="s"><v>%d</v></c>' % (c, r, idx[s]) for c, s in (("A", "M1"), ("B", "P1"), ("C", "04/2022"))] + \
               ['<c r="D%d"><v>%d</v></c>' % (r, hours), '<c r="E%d" t="s"><v>%d</v></c>' % (r, idx["etti"])]
    for r in range(2, 301):   # (past the reader's first fill, 16 KiB)
        h += ['<row r="%d">' % r] + cells(r, 10) + ['</row>']
    h += ['<row r="301"><c r="A301" t="inlineStr"><is><t>M1</t><rPh sb="0" eb="1">']
    h += ['<row r="302"><c r="A302" t="e"><v>#N/A</v></c></row>', '<row r="303"><c r="A303" t="e"><v>#N/A</v></c></row>']
    for r in range(304, 308):
        h += ['<row r="%d">' % r] + cells(r, 1000) + ['</row>']
    h += ['<t>x</t></rPh></is></c></row>']
    for r in range(308, 400):
        h += ['<row r="%d">' % r] + cells(r, 10) + ['</row>']
    if control:
        h = [x.replace("<c r=", "<c  r=").replace("<row r=", "<row  r=") for x in h]
    hours_written(path, parts, h, None)


def case_hidden(path):
    # a hidden "Heures" with other rows, and the visible one named "HEURES"
    base(path, hidden=("Heures",), sheets=[("Marchés", marches()), ("Participants", participants()),
                                          ("Heures", heures([[("s", "M1"), ("s", "P1"), ("s", "06/2022"), ("n", "999"), ("s", "etti")]])),
                                          ("HEURES", heures())])


def case_hidden_only(path):
    base(path, hidden=("Heures",))


def case_merged(path):
    # a header cell merged over an unused column, blank rows and columns around the data, trailing empty rows
    h = heures()
    h[0] = h[0] + [("s", "Commentaire")]
    h = [None, [None]] + [[None] + row for row in h] + [None, [None, None, None], None]
    base(path, sheets=[("Marchés", marches()), ("Participants", participants()), ("Heures", h)],
         merges={"Heures": ["G3:H3"]})


def case_dtd(path):
    lol = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">' \
          '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    m = marches()
    m[1][1] = ("i", "&lol3;")
    xlsx(path, [("Marchés", m), ("Participants", participants()), ("Heures", heures())], doctype=lol)


def case_long_cell(path):
    m = marches()
    m[1][1] = ("i", "x" * 32767)
    base(path, sheets=[("Marchés", m), ("Participants", participants()), ("Heures", heures())])


def case_bomb(path):
    z = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED)
    z.writestr("xl/workbook.xml", '<workbook xmlns="%s" xmlns:r="%s"><sheets><sheet name="Marchés" sheetId="1" r:id="rId1"/>'
               '</sheets></workbook>' % (MAIN, REL))
    z.writestr("xl/_rels/workbook.xml.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
               '<Relationship Id="rId1" Type="%s/worksheet" Target="worksheets/sheet1.xml"/></Relationships>' % REL)
    z.writestr("xl/worksheets/sheet1.xml", '<worksheet xmlns="%s"><sheetData>' % MAIN + " " * (80 * 1024 * 1024) + "</sheetData></worksheet>")
    z.close()


ROWS_MADE = {}


def rows_text(n):
    """case_rows' rows 2 to n, the text of the largest n made so far kept and extended: lignes-max and
    lignes-trop (1 048 576 and 1 048 577 rows, 139 MB each) share it, in one process (--dossier)."""
    row = '<row r="%d"><c r="A%d" t="s"><v>0</v></c><c t="s"><v>1</v></c><c t="s"><v>2</v></c><c><v>1</v></c><c t="s"><v>3</v></c></row>'
    done, text = ROWS_MADE.get("rows", (1, ""))
    if done > n:
        text, done = "", 1
    text += "".join(row % (i, i) for i in range(done + 1, n + 1))
    ROWS_MADE["rows"] = (n, text)
    return text


def case_rows(path, n):
    """Heures with n rows in all (header included), each an hour of M1 by P1 in 04/2022."""
    h = ['<worksheet xmlns="%s"><sheetData>' % MAIN,
         '<row r="1"><c t="inlineStr"><is><t>Marché</t></is></c><c t="inlineStr"><is><t>Participant</t></is></c>'
         '<c t="inlineStr"><is><t>Mois</t></is></c><c t="inlineStr"><is><t>Heures</t></is></c>'
         '<c t="inlineStr"><is><t>Modalité</t></is></c></row>']
    h.append(rows_text(n))
    h.append("</sheetData></worksheet>")
    base(path)
    # replace the Heures sheet (sheet3) and the shared strings with the big one
    parts = read_parts(path)
    sst = parts["xl/sharedStrings.xml"].decode()
    # the big sheet refers to strings 0..3: put M1, P1, 04/2022, etti first
    items = "<si><t>M1</t></si><si><t>P1</t></si><si><t>04/2022</t></si><si><t>etti</t></si>"
    n_old = sst.count("<si>")
    sst = sst.replace('">', '">' + items, 1)
    parts["xl/sharedStrings.xml"] = sst.encode()
    import re
    for k in ("xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"):
        parts[k] = re.sub(rb'(t="s"(?: s="\d+")?><v>)(\d+)(</v>)', lambda m: b"%s%d%s" % (m.group(1), int(m.group(2)) + 4, m.group(3)), parts[k])
    parts["xl/worksheets/sheet3.xml"] = "".join(h).encode()
    write_parts(path, parts)
    return n_old


def case_ods_encrypted(path):
    z = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED)
    z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
    z.writestr("META-INF/manifest.xml", '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
               '<manifest:file-entry manifest:full-path="content.xml"><manifest:encryption-data manifest:checksum-type="SHA1/1K"/>'
               '</manifest:file-entry></manifest:manifest>')
    z.writestr("content.xml", b"\x8f\x01\x99garbage")
    z.close()


AHEAD_FIRST = 16 * 1024       # the bytes of a sheet the opening reads (TABLE_SCAN_FIRST)
AHEAD_SLOT = 256 * 1024       # the read-ahead thread's buffers (TABLE_AHEAD_BYTES)


def case_in_place(path, damage=None):
    """Participants read where the read-ahead thread inflated them (a sheet of 2.6 MB, ten
    buffers): rows of every kind the cell template leaves (a cell absent, a cell outside the
    header, an inline string, a date as text, a number in a style that is no date's, an error
    value, a row number that jumps), and at each buffer's first byte, one of the places a
    buffer may end: in a comment holding `</row>` twice, in a row's `</row>`, just after it, in
    a shared string's index, an inline string's text, a date's serial, an error value, a row's
    tag after a jump, a comment of 300 000 bytes without `</row>`. damage: "crc" (the part's
    CRC wrong, told at its end) or "bombe" (the rows of two buffers, then 80 MiB of spaces:
    a zip bomb). PATH.attendu: the rows read, and the numbers of those rejected for an error
    value, a cell outside the header, a date's style."""
    import json
    import re
    head = participants()[0]
    rows, k = [], 0

    def person(k):
        born = ("n", str(30000 + k % 9000), 2)
        if k % 17 == 4:
            born = ("i", "01/01/1990")                 # a date as text
        elif k % 19 == 5:
            born = ("n", str(30000 + k % 9000), 0)     # no date's style: rejected
        elif k % 23 == 6:
            born = ("e", "#N/A")                       # an error value: rejected at its cell
        row = [("s", "P%d" % k), ("i", "FH"[k % 2]) if k % 13 == 3 else ("s", "FH"[k % 2]), born,
               None if k % 7 == 1 else ("s", "QN01309C"), ("n", str(44000 + k % 800), 1), ("n", str(k % 60)),
               ("s", ("oui", "non")[k % 2]), ("s", "non"), None if k % 5 == 0 else ("s", "non"), ("s", "non"),
               ("n", str(k % 6 + 1)), ("s", "non")]
        if k % 11 == 2:
            row.append(("n", "5"))                     # outside the header's columns: rejected
        return row

    # the base workbook's participants' sheet replaced by this one, written as sheet_xml writes
    # it one row at a time, its shared strings after the base's (their indexes final: the
    # bytes counted are the part's)
    base(path)
    parts = read_parts(path)
    old = parts["xl/sharedStrings.xml"].decode()
    number, sst = 2, []
    expected = {"lues": 0, "na": [], "hors": [], "style": []}

    def person_xml(k, number):
        """Person k's row at number, counted in expected (an error value rejects its row
        first, then a cell outside the header, then a date's style)."""
        expected["lues"] += 1
        born = "texte" if k % 17 == 4 else "style" if k % 19 == 5 else "na" if k % 23 == 6 else None
        if born == "na":
            expected["na"].append(number)
        elif k % 11 == 2:
            expected["hors"].append(number)
        elif born == "style":
            expected["style"].append(number)
        return row_xml(person(k), number)

    def row_xml(row, number, tag="<row "):
        xml, strings = sheet_xml([row], start_row=number)
        body = xml[xml.index(tag):xml.index("</sheetData>")]
        shift = old.count("<si>") + len(sst)
        sst.extend(strings)
        return re.sub(r'(t="s"(?: s="\d+")?><v>)(\d+)(</v>)', lambda m: "%s%d%s" % (m.group(1), int(m.group(2)) + shift, m.group(3)), body)

    start = '<worksheet xmlns="%s"><sheetData>' % MAIN + row_xml(head, 1)
    out, size, k = [start], len(start.encode()), 1
    # at each buffer's first byte (the opening's bytes, then one buffer after another), one of these
    people = {"end": 10001, "after": 10002, "index": 10003, "inline": 10013, "serial": 10004, "error": 10011}
    where = {"end": lambda x: len(x) - 3, "after": len, "index": lambda x: x.index("<v>", x.index('t="s"')) + 4,
             "inline": lambda x: x.index("<t>") + 4, "serial": lambda x: x.index("<v>", x.index(' s="2"')) + 5,
             "error": lambda x: x.index("#N/A") + 2, "jump": lambda x: 3}
    kinds = ["comment", "end", "after", "index", "inline", "serial", "error", "jump", "long"]
    for i, kind in enumerate(kinds, start=1):
        target = AHEAD_FIRST + AHEAD_SLOT * i
        while size < target - 2500:
            if k % 97 == 50:
                number += 3                            # a row number that jumps
            x = person_xml(k, number)
            out.append(x)
            size += len(x.encode())
            number += 1
            k += 1
        if kind == "comment":
            x, at = "<!-- a </row> b </row> c -->", 6
        elif kind == "long":
            x, at = "<!--" + "x" * 300000 + "-->", 2000   # the next buffer holds no `</row>`
        else:
            if kind == "jump":
                number += 1000
            x = person_xml(people.get(kind, k), number)
            number += 1
            at = where[kind](x)
        pad = target - size - at
        assert pad >= 7, (kind, pad)
        out.append("<!--" + "p" * (pad - 7) + "-->")
        out.append(x)
        size += pad + len(x.encode())
    while k < 9000:
        x = person_xml(k, number)
        out.append(x)
        number += 1
        k += 1
    if damage == "bombe":
        out = out[:out.index(start) + 1 + 2 * AHEAD_SLOT // 400]   # a buffer and some rows
        out.append(" " * (80 * 1024 * 1024))
    # blanks after the root, in the last buffer, where the bytes of the buffer's last use lie
    # after them: read up to the NUL after the buffer's bytes
    out.append("</sheetData></worksheet>\n\n")
    parts["xl/sharedStrings.xml"] = old.replace("</sst>", "".join("<si><t>%s</t></si>" % esc(s) for s in sst) + "</sst>").encode()
    parts["xl/worksheets/sheet2.xml"] = "".join(out).encode()
    write_parts(path, parts)
    if damage == "crc":
        data = bytearray(open(path, "rb").read())
        info = zipfile.ZipFile(path).getinfo("xl/worksheets/sheet2.xml")
        crc, bad = info.CRC.to_bytes(4, "little"), (info.CRC ^ 1).to_bytes(4, "little")
        open(path, "wb").write(bytes(data).replace(crc, bad))
    with open(path + ".attendu", "w") as f:
        json.dump(expected, f)


def case_odf(path, months=False):
    """An ODS written by an independent writer (odfpy): floats, a percentage-free table with
    dates, repeated empty cells, a repeated row, text in spans. months: four hour lines more,
    their months as the dates a spreadsheet makes of 06/2022 (mois-dates.xlsx's rows)."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableRow, TableCell
    from odf.text import P, Span
    doc = OpenDocumentSpreadsheet()

    def cell(v):
        if v is None:
            return TableCell(numbercolumnsrepeated=2)
        if isinstance(v, tuple):
            c = TableCell(valuetype="date", datevalue=v[0]); c.addElement(P(text=v[1])); return c
        if isinstance(v, (int, float)):
            c = TableCell(valuetype="float", value=v); c.addElement(P(text=str(v))); return c
        c = TableCell(valuetype="string"); p = P(); p.addElement(Span(text=v)); c.addElement(p); return c

    def table(name, rows, repeat_last=1):
        t = Table(name=name)
        for i, r in enumerate(rows):
            tr = TableRow(numberrowsrepeated=repeat_last) if i == len(rows) - 1 and repeat_last > 1 else TableRow()
            for v in r:
                tr.addElement(cell(v))
            t.addElement(tr)
        doc.spreadsheet.addElement(t)
    table("Marchés", [["Marché", "Intitulé", "Famille", "Maître ouvrage", "Périmètre", "Montant HT", "Date notification", "Heures travaillées"],
                      ["M1", "Nettoyage", "nettoyage", "Métropole AMP", "amp", 100000, ("2022-03-15", "15/03/2022"), 2000],
                      ["M2", "Travaux", "travaux", "Métropole AMP", "amp", 250000.5, ("2022-03-15T00:00:00", "15/03/2022"), None]])
    table("Participants", [["Participant", "Sexe", "Date naissance", "QPV", "Date entrée", "Mois inscription", "RSA", "ASS", "AAH", "RQTH", "Niveau", "Pass IAE"],
                           ["P1", "F", ("1990-01-01", "01/01/1990"), "QN01309C", ("2022-01-01", "01/01/2022"), 30, "oui", "non", "non", "non", 4, "non"],
                           ["P2", "H", "1990-01-01", "QN01309C", "01/01/2022", 30, "non", "non", "non", "non", 4, "non"]])
    table("Heures", [["Marché", "Participant", "Mois", "Heures", "Modalité"],
                     ["M1", "P1", "04/2022", 120, "etti"], ["M1", "P2", "05/2022", 35.5, "etti"],
                     ["M2", "P1", "05/2022", 3.5, "etti"]], repeat_last=2)
    if months:
        for mois, h in ((("2022-06-01", "06/2022"), 2), (("2022-07-01T00:00:00", "07/2022"), 3), ("01/08/2022", 4), (("2022-07-15", "07/2022"), 5)):
            tr = TableRow()
            for v in ("M1", "P1", mois, h, "etti"):
                tr.addElement(cell(v))
            doc.spreadsheet.childNodes[-1].addElement(tr)
    doc.save(path)


CASES = {
    "textes-simples": case_plain_titles, "textes-simples-controle": lambda p: case_plain_titles(p, True),
    "en-place": case_in_place, "en-place-crc": lambda p: case_in_place(p, "crc"), "en-place-bombe": lambda p: case_in_place(p, "bombe"),
    "ok": case_ok, "1904": case_1904, "erreurs": case_errors, "erreurs-non-lues": case_errors_unread, "mois-dates": case_month_dates, "formules-sans-valeur": case_formulas_uncomputed,
    "titre-au-dessus": case_title_above, "titre-loin": lambda p: case_title_above(p, 6),
    "titre-limite": lambda p: case_title_above(p, 5),
    "titre-et-renommee": lambda p: case_title_above(p, 1, {"Heures": "Heures effectuées"}),
    "titre-trimestre": case_title_quarter,
    "titre-trimestre-renomme": lambda p: case_title_quarter(
        p, {"Heures": "Heures effectuées", "Modalité": "Modalité de l'action", "Mois": "Période"}), "formes-xml": case_xml_forms,
    "textes-partages": shared_titles, "textes-partages-octet": lambda p: shared_titles(p, "\udcff"),
    "textes-partages-controle": lambda p: shared_titles(p, "\x01"), "index-prefixes": case_memo,
    "numeros-lignes": case_row_numbers, "numeros-lignes-controle": lambda p: case_row_numbers(p, True),
    "formes-cellules": case_shapes, "formes-cellules-controle": lambda p: case_shapes(p, True), "masquee": case_hidden, "masquee-seule": case_hidden_only,
    "fusion": case_merged, "dtd": case_dtd, "cellule-longue": case_long_cell, "bombe": case_bomb,
    "lignes-max": lambda p: case_rows(p, 1048576), "lignes-trop": lambda p: case_rows(p, 1048577),
    "ods-chiffre": case_ods_encrypted, "dates-series": case_serial_births,
    "dates-series-textes": lambda p: case_serial_births(p, True), "ligne-imbriquee": case_nested_row,
    "cellules-brutes": case_plain_rows, "cellules-brutes-controle": lambda p: case_plain_rows(p, True),
    "cellules-brutes-longues": lambda p: case_plain_rows(p, False, PLAIN_LONG_ROWS, (("M1", LONG_M1), ("M2", LONG_M2))),
    "cellules-brutes-longues-controle": lambda p: case_plain_rows(p, True, PLAIN_LONG_ROWS, (("M1", LONG_M1), ("M2", LONG_M2))),
    "chaines-cache": case_cached, "chaines-cache-controle": lambda p: case_cached(p, True),
    "ids-cles": case_keyed_ids, "ids-cles-controle": lambda p: case_keyed_ids(p, True),
    "nombres-textes": case_number_texts, "gabarit-ligne": case_row_template,
    "gabarit-ligne-controle": lambda p: case_row_template(p, True),
    "gabarit-ligne-xml": lambda p: case_row_template(p, xml_error=True),
    "gabarit-ligne-xml-controle": lambda p: case_row_template(p, True, True),
    "gabarit-ligne-xml-v": lambda p: case_row_template(p, xml_error="v"),
    "gabarit-ligne-xml-v-controle": lambda p: case_row_template(p, True, "v"), "numeros-longs": case_long_row_numbers, "numeros-longs-controle": lambda p: case_long_row_numbers(p, True),
    "ligne-phonetique": case_phonetic_rows, "ligne-phonetique-controle": lambda p: case_phonetic_rows(p, True),
    "ligne-avant": case_row_before, "ligne-avant-controle": lambda p: case_row_before(p, True),
    "balises-longues": case_long_row_tags, "balises-longues-controle": lambda p: case_long_row_tags(p, True),
    "mois-suivants": case_month_runs, "mois-suivants-controle": lambda p: case_month_runs(p, True),
    "dates-lignes": case_dated_rows, "dates-lignes-controle": lambda p: case_dated_rows(p, True),
    "dates-lignes-1904": lambda p: case_dated_rows(p, date1904=True),
    "dates-lignes-1904-controle": lambda p: case_dated_rows(p, True, True),
    "odf": case_odf, "odf-mois": lambda p: case_odf(p, True),
}
ODS_CASES = {"odf", "odf-mois", "ods-chiffre"}

if __name__ == "__main__":
    if sys.argv[1] == "--dossier":
        for case in sys.argv[2:-1]:
            CASES[case]("%s/%s.%s" % (sys.argv[-1], case, "ods" if case in ODS_CASES else "xlsx"))
    else:
        CASES[sys.argv[1]](sys.argv[2])
