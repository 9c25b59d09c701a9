# tests/cli/lib/ods_variantes.py: ODS workbooks that each put one XML construct in the example's content.xml (entities, spans, repeats, comments, CDATA, CR, bad XML...), for tests/cli/classeurs-ods.sh.
import re
import sys
import zipfile

ARGS = sys.argv[1:]
# --heures N: the hour sheet cut to its header and its first N data rows before the variants are made, so that
# reading one costs less (classeurs-ods.sh reads each four times a build). Their constructs are in its first 75
# rows: fewer would put some of them in the next sheet's rows.
HOURS_ROWS = None
if ARGS[:1] == ["--heures"]:
    HOURS_ROWS, ARGS = int(ARGS[1]), ARGS[2:]
    assert HOURS_ROWS >= 75, "--heures: 75 rows at least"
SRC, OUT = ARGS[0], ARGS[1]
src = zipfile.ZipFile(SRC)
CONTENT = src.read("content.xml").decode("utf-8")
MANIFEST = src.read("META-INF/manifest.xml")
ROOT_NS = 'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
CALC = 'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"'
DC = 'xmlns:dc="http://purl.org/dc/elements/1.1/"'
HOURS = CONTENT.index('<table:table table:name="Heures">')
ROW = "<table:table-row>"
if HOURS_ROWS is not None:
    at = HOURS
    for _ in range(HOURS_ROWS + 1):   # the header, then the data rows kept
        at = CONTENT.index("</table:table-row>", at) + len("</table:table-row>")
    # then a row of market M0049 (rejected: line 1253 of the example), so that a row number gone wrong after a
    # variant's construct still shows in the report
    m = CONTENT.index("<text:p>M0049</text:p>", at)
    rejected = CONTENT[CONTENT.rindex(ROW, at, m):CONTENT.index("</table:table-row>", m) + len("</table:table-row>")]
    CONTENT = CONTENT[:at] + rejected + CONTENT[CONTENT.index("</table:table>", at):]


def nth_after(text, what, n, start=HOURS):
    """Offset of the n-th occurrence (0-based) of what after start."""
    at = start
    for _ in range(n + 1):
        at = text.index(what, at) + 1
    return at - 1


def insert(text, at, what):
    return text[:at] + what + text[at:]


def replace_at(text, at, old, new):
    assert text.startswith(old, at)
    return text[:at] + new + text[at + len(old):]


def in_hours_row(n, old, new, text=CONTENT):
    """Replaces the first `old` of the n-th data row of Heures."""
    row = nth_after(text, ROW, n + 1)
    return replace_at(text, text.index(old, row), old, new)


def ns(text, *decls):
    return text.replace(ROOT_NS, ROOT_NS + " " + " ".join(decls), 1)


def float_cell(text):
    return text.index('<table:table-cell office:value-type="float"', HOURS)


V = {}
# The example as the variants start from (its hour sheet cut with --heures): classeurs-ods.sh's odfpy case starts from it too
V["base"] = CONTENT
# Well-formed: the tokenizer's own cases
V["repetitions"] = in_hours_row(3, ROW, '<table:table-row table:number-rows-repeated="3">')
c = V["repetitions"]
at = float_cell(c)
V["repetitions"] = replace_at(c, at, "<table:table-cell ", '<table:table-cell table:number-columns-repeated="2" ')
V["references"] = in_hours_row(2, "<text:p>M", "<text:p>&#77;").replace(
    "<text:p>Métropole", "<text:p>M&#xE9;tropole &amp; &lt;co&gt; &quot;", 3)
V["paragraphes"] = in_hours_row(1, "<text:p>M", '<text:p>M<text:span text:style-name="T1">0</text:span>').replace(
    "<text:p>Métropole AMP</text:p>",
    '<text:p>Métropole<text:s/>AMP<text:s text:c="3"/><text:tab/>x<text:line-break/>y</text:p><text:p>z</text:p>', 2)
V["note"] = ns(in_hours_row(4, "</text:p></table:table-cell>",
                            '</text:p><office:annotation><dc:creator>moi</dc:creator><text:p>une note</text:p>'
                            '</office:annotation></table:table-cell>'), DC)
V["calcext"] = ns(CONTENT.replace('office:value-type="float"', 'office:value-type="float" calcext:value-type="float"'), CALC)
c = V["calcext"]
at = float_cell(c)
V["calcext"] = replace_at(c, at, '<table:table-cell office:value-type="float" calcext:value-type="float"',
                          '<table:table-cell office:value-type="float" calcext:value-type="error"')
V["cellules-couvertes"] = in_hours_row(5, "<table:table-cell", "<table:covered-table-cell/><table:covered-table-cell"
                                       ).replace("</table:table-cell></table:table-row>",
                                                 "</table:covered-table-cell></table:table-row>", 0)
c = V["cellules-couvertes"]
row = nth_after(c, ROW, 6)
first_end = c.index("</table:table-cell>", row)
V["cellules-couvertes"] = replace_at(c, first_end, "</table:table-cell>", "</table:covered-table-cell>")
V["feuille-masquee"] = CONTENT.replace(
    "</office:automatic-styles>",
    '<style:style style:name="ta2" style:family="table"><style:table-properties table:display="false"/></style:style>'
    "</office:automatic-styles>").replace(
    '<table:table table:name="Marchés">',
    '<table:table table:name="Heures" table:style-name="ta2"><table:table-row><table:table-cell><text:p>x</text:p>'
    '</table:table-cell></table:table-row></table:table><table:table table:name="Marchés">')
V["table-imbriquee"] = in_hours_row(2, "</text:p></table:table-cell>",
                                    '</text:p><table:table table:name="dedans"><table:table-row><table:table-cell>'
                                    "<text:p>non</text:p></table:table-cell></table:table-row></table:table>"
                                    "</table:table-cell>")
V["prefixe-autre"] = ns(in_hours_row(3, "</table:table-row>", "</t:table-row>").replace(
    "<table:table-row><table:table-cell", "<t:table-row><table:table-cell", 0),
    'xmlns:t="urn:oasis:names:tc:opendocument:xmlns:table:1.0"')
c = V["prefixe-autre"]
row = nth_after(c, ROW, 4)
V["prefixe-autre"] = replace_at(c, row, ROW, "<t:table-row>")
V["apostrophes"] = CONTENT.replace('office:value-type="float" office:value=', "office:value-type='float' office:value=", 50)
V["espaces-balises"] = CONTENT.replace('<table:table-row>', '<table:table-row >', 40).replace(
    '</table:table-row>', '</table:table-row\n>', 40)
V["feuille-vide-avant"] = CONTENT.replace('<table:table table:name="Marchés">',
                                          '<table:table table:name="Vide"/><table:table table:name="Marchés">')
V["groupes-de-lignes"] = in_hours_row(2, ROW, "<table:table-row-group>" + ROW)
c = V["groupes-de-lignes"]
V["groupes-de-lignes"] = insert(c, nth_after(c, ROW, 6), "</table:table-row-group>")
# The cells' two usual attribute lists, read as written (ods_literal_attrs), and what looks like them
FLOAT = '<table:table-cell office:value-type="float" office:value="'
c = CONTENT.replace(ROOT_NS, 'xmlns:office="urn:x:calcext:office"', 1)   # value-type: LibreOffice's error flag
at = c.index("<text:p>", float_cell(c))
V["office-calcext"] = replace_at(c, at, "<text:p>", "<text:p>x")
V["valeur-reference"] = in_hours_row(4, FLOAT, FLOAT + "&#49;")
c = CONTENT
for n, (old, new) in enumerate([("", "1.5E1"), ("", "0.0035e+3"), ("", "-0")]):
    at = c.index(FLOAT, nth_after(c, ROW, 2 + n)) + len(FLOAT)
    end = c.index('"', at)
    c = c[:at] + new + c[end:]   # numbers written otherwise than plain decimals (table_sheet_decimal)
V["valeur-exposant"] = c
# The usual cells read whole (ods_usual_cell): a float whose paragraph repeats its value (the paragraph then
# not read again), a plain decimal or not; a paragraph that only starts with the value, or holds a control
# character after it; a value with "]" (not text the paragraph may skip); texts of 15, 16 and 17 bytes (the
# copy made sixteen bytes at once below 16)
c = re.sub(r'office:value="([^"]*)"><text:p>[^<]*</text:p>', r'office:value="\1"><text:p>\1</text:p>', CONTENT)
V["valeur-repetee"] = c
for n, (value, text) in enumerate([("1.50", "1.50"), ("7.5", "7.55"), ("7]", "7]"), ("2e1", "2e1")]):
    at = c.index(FLOAT, nth_after(c, ROW, 2 + n))
    end = c.index("</text:p>", at)
    c = c[:at] + FLOAT + value + '"><text:p>' + text + c[end:]
V["valeur-repetee-autres"] = c
c = V["valeur-repetee"]
at = c.index("</text:p>", c.index(FLOAT, nth_after(c, ROW, 4)))
V["valeur-repetee-controle"] = replace_at(c, at, "</text:p>", "\x01</text:p>")
V["valeur-repetee-controle-dedans"] = c[:at - 1] + "\x01" + c[at:]   # as long as the value: compared, not skipped
c = V["valeur-repetee"]
for n, month in enumerate(["01/2023-abcdefg", "01/2023-abcdefgh", "01/2023-abcdefghi"]):
    at = nth_after(c, "<text:p>", 2, nth_after(c, ROW, 3 + n)) + len("<text:p>")
    c = c[:at] + month + c[c.index("</text:p>", at):]   # the month cell: its text said in the rejection
V["textes-15-16-17"] = c
# A row read in the step that begins it (ods_fast_row_body), and each way out of it: a first cell of
# another shape (read by ods_fast_cell's general steps), or none of its own (an empty cell, a covered one,
# a space first); an empty row; a space, a covered cell or another element before the row's end tag; a row
# opened inside a cell (its cells not the usual ones of a row's)
STRING = '<table:table-cell office:value-type="string">'
V["ligne-premiere-autre"] = in_hours_row(3, STRING, '<table:table-cell table:style-name="ce1" office:value-type="string">')
V["ligne-premiere-vide"] = in_hours_row(4, STRING, "<table:table-cell/>" + STRING)
V["ligne-premiere-couverte"] = in_hours_row(5, STRING, "<table:covered-table-cell/>" + STRING)
V["ligne-premiere-espace"] = in_hours_row(6, ROW, ROW + " \n")
V["ligne-vide"] = in_hours_row(7, ROW, ROW + "</table:table-row>" + ROW)
V["ligne-fin-espace"] = in_hours_row(3, "</table:table-row>", "\n</table:table-row>")
V["ligne-fin-couverte"] = in_hours_row(4, "</table:table-row>", "<table:covered-table-cell/></table:table-row>")
V["ligne-fin-groupe"] = in_hours_row(5, "</table:table-row>", "<table:table-row-group/></table:table-row>")
V["ligne-dans-cellule"] = in_hours_row(6, "</text:p></table:table-cell>",
                                       "</text:p>" + ROW + STRING + "<text:p>X</text:p></table:table-cell>"
                                       "</table:table-row></table:table-cell>")
c = ns(CONTENT, CALC)
at = c.index('">', float_cell(c))
V["erreur-apres-valeur"] = replace_at(c, at, '">', '" calcext:value-type="error">')
V["valeur-chaine"] = in_hours_row(3, '<table:table-cell office:value-type="string">',
                                  '<table:table-cell office:value-type="string" office:string-value="autre">')
at = CONTENT.index('"><text:p>', float_cell(CONTENT))
V["valeur-mal-fermee"] = replace_at(CONTENT, at, '"><text:p>', '"x<text:p>')
V["ligne-fermee-autre"] = in_hours_row(4, "</table:table-row>", "<table:table-rox></table:table-row>")
V["type-apostrophe"] = in_hours_row(3, 'office:value-type="string">', "office:value-type=\"string'>")
# A data row's usual cells put with the row's state held in locals (ods_usual_run), and each way out of it
# to the handlers' put: an empty paragraph, and a row of them (no value, so no row); a float with an empty
# value (and paragraph); a cell past the header's columns; the row's text without sixteen bytes of room (a
# first cell of 4 085 bytes in a row text of 4 096), and at the row's limit, 1 048 571 bytes before a short
# cell (the header widened to hold them; the row then too long)


def in_hours_text(n, k, new, text=CONTENT):
    """Replaces the text of the k-th paragraph (0-based) of the n-th data row of Heures."""
    at = nth_after(text, "<text:p>", k, nth_after(text, ROW, n + 1)) + len("<text:p>")
    return text[:at] + new + text[text.index("</text:p>", at):]


c = in_hours_text(3, 1, "")
at = nth_after(c, ROW, 6) + len(ROW)
V["cellules-texte-vide"] = c[:at] + (STRING + "<text:p></text:p></table:table-cell>") * 5 + \
    c[c.index("</table:table-row>", at):]
at = CONTENT.index(FLOAT, nth_after(CONTENT, ROW, 4)) + len(FLOAT)
V["cellules-valeur-vide"] = CONTENT[:at] + '"><text:p>' + CONTENT[CONTENT.index("</text:p>", at):]
V["cellules-hors-entete"] = in_hours_row(5, "</table:table-row>",
                                         STRING + "<text:p>x</text:p></table:table-cell></table:table-row>")
# a repeated row, then expat taking over inside the next row: from the safe place after the repeated row,
# with the row number its copies moved (the pump's entry notes it again, ods_safe_noted)
c = in_hours_row(3, ROW, '<table:table-row table:number-rows-repeated="3">')
V["repetitions-commentaire"] = insert(c, c.index("</table:table-cell>", nth_after(c, ROW, 4)), "<!-- r -->")
V["cellules-texte-plein"] = in_hours_text(6, 0, "M" + "x" * 4084)
c = CONTENT.replace("<text:p>Modalité de mise en œuvre</text:p></table:table-cell>",
                    "<text:p>Modalité de mise en œuvre</text:p></table:table-cell>"
                    + "".join(f"{STRING}<text:p>colonne {i}</text:p></table:table-cell>" for i in range(17)), 1)
at = c.index("</table:table-cell>", nth_after(c, ROW, 4)) + len("</table:table-cell>")
V["cellules-ligne-pleine"] = c[:at] + "".join(
    f"{STRING}<text:p>{'x' * n}</text:p></table:table-cell>" for n in [65536] * 15 + [65509]) + c[at:]
# Rows read against a row template (ods_template_row: the last row read whole, as literal runs and holes),
# rows 20 on, after a run of rows of the usual shape: each way a row differs from the template, read as before
# and then its own template (a value type, an attribute, repeated rows, a cell absent or added, a text or a
# value the template's holes do not take, three shapes in turn for two templates), and the rows after it.


def in_row(text, n, old, new):
    """Replaces `old`, which must occur in the n-th data row of Heures, by new (the count-th occurrence)."""
    row = nth_after(text, ROW, n + 1)
    end = text.index("</table:table-row>", row)
    at = text.index(old, row)
    assert at < end, (n, old)
    return replace_at(text, at, old, new)


def cells_of_row(text, n, change):
    """The n-th data row of Heures with its cells (a list of strings) passed through change."""
    row = nth_after(text, ROW, n + 1)
    end = text.index("</table:table-row>", row)
    cells = re.findall(r"<table:table-cell.*?</table:table-cell>", text[row + len(ROW):end])
    return text[:row + len(ROW)] + "".join(change(cells)) + text[end:]


FLOAT_TYPE = 'office:value-type="float"'
c = in_row(CONTENT, 20, FLOAT_TYPE + ' office:value="', 'office:value-type="string" office:x="')
c = in_row(c, 22, STRING + "<text:p>", '<table:table-cell office:value-type="date" office:date-value="2023-01-01">'
           "<text:p>")
c = in_row(c, 24, FLOAT_TYPE, 'office:value-type="percentage"')
c = in_row(c, 26, FLOAT_TYPE, 'office:value-type="currency" office:currency="EUR"')
V["gabarit-types"] = c
c = in_row(CONTENT, 20, STRING, '<table:table-cell table:style-name="ce1" office:value-type="string">')
c = cells_of_row(c, 23, lambda k: k[:4] + [k[4].replace("<table:table-cell ", '<table:table-cell '
                                                       'table:number-columns-repeated="1" ', 1)])
c = in_row(c, 25, STRING, '<table:table-cell table:number-columns-repeated="2" office:value-type="string">')
c = in_row(c, 27, ROW, '<table:table-row table:style-name="ro1">')
c = in_row(c, 28, STRING, '<table:table-cell  office:value-type="string">')
V["gabarit-attributs"] = c
c = in_row(CONTENT, 20, ROW, '<table:table-row table:number-rows-repeated="2">')
c = in_row(c, 21, ROW, '<table:table-row table:number-rows-repeated="3">')
V["gabarit-lignes-repetees"] = c
c = CONTENT
for n in (20, 22, 23):
    c = cells_of_row(c, n, lambda k: k[:4])   # the modality absent: a template of four cells
c = cells_of_row(c, 25, lambda k: k + [STRING + "<text:p>x</text:p></table:table-cell>"])   # a sixth: rejected
c = cells_of_row(c, 27, lambda k: k + ["<table:table-cell/>"])
c = cells_of_row(c, 28, lambda k: k + ["<table:covered-table-cell/>"])
c = cells_of_row(c, 29, lambda k: k[:4])
for n in (30, 31, 33):
    c = cells_of_row(c, n, lambda k: k[:4])
c = in_row(c, 32, ROW, '<table:table-row table:style-name="ro1">')   # five cells after four, read as before
V["gabarit-cellules"] = c
c = CONTENT
for n, (k, text) in enumerate([(4, "a &amp; b"), (0, "M00<text:s/>19"), (4, "embauche_directe"),
                               (4, "x" * 40), (4, "y" * 3000), (4, "é"), (4, "a]b"), (4, ""), (2, "01/2023")]):
    c = in_hours_text(20 + n, k, text, c)
for k in range(5):   # a row whose texts outgrow the row's text (4 096 bytes), then fields past 64 KiB
    c = in_hours_text(30, k, chr(ord("a") + k) * 1000, c)
c = in_hours_text(31, 4, "y" * 40000, in_hours_text(31, 2, "x" * 40000, c))   # the row's text grown past 64 KiB
for n in (32, 33):
    c = in_hours_text(n, 4, "z" * 65537, c)
V["gabarit-textes"] = c
c = CONTENT
for n, (value, para) in enumerate([("7.50", "7,5"), ("12", "12"), ("-0.5", "-0,5"), ("1" * 45, "1"),
                                   ("1e1", "10"), ("7.5", "7.55"), ("7.5", "7.5"), ("", ""), ("0", "0")]):
    at = c.index(FLOAT, nth_after(c, ROW, 21 + n)) + len(FLOAT)
    end = c.index("</text:p>", at)
    c = c[:at] + value + '"><text:p>' + para + c[end:]
V["gabarit-valeurs"] = c
at = CONTENT.index(FLOAT, nth_after(CONTENT, ROW, 31)) + len(FLOAT)
V["gabarit-paragraphe-controle"] = replace_at(CONTENT, CONTENT.index("</text:p>", at), "</text:p>", "\x01</text:p>")
V["gabarit-valeur-chevron"] = CONTENT[:at] + "7<5" + CONTENT[CONTENT.index('"', at):]
V["gabarit-texte-controle"] = in_hours_text(31, 2, "01/\x012023")
# three shapes in turn (the hours a number, a text; four cells): the second template tried first after two
# rows in a row of its shape, the third replacing it
c = CONTENT
for n, shape in zip(range(20, 40), "BBBACCABBACACCCBABCA"):
    if shape == "B":
        c = in_row(c, n, FLOAT_TYPE + ' office:value="', 'office:value-type="string" office:x="')
    elif shape == "C":
        c = cells_of_row(c, n, lambda k: k[:4])
V["gabarit-trois-formes"] = c


def in_run(n, run, k, old, new):
    """Row n's literal run number `run` (0 from the row's start tag, then one from the end of each value, the
    last closing the row) with its byte k, `old`, made `new`: bad XML, which a block of the template's
    comparison left unread would take as the template's row."""
    row = nth_after(CONTENT, ROW, n + 1)
    end = CONTENT.index("</table:table-row>", row)
    starts = [0] + [m.end() for m in re.finditer(r'(?<=<text:p>)[^<]*(?=<)|(?<=office:value=")[^"]*(?=")',
                                                 CONTENT[row:end])]
    return replace_at(CONTENT, row + starts[run] + k, old, new)


# Each block of the run comparison (ods_run_is_32: three 32-byte blocks, the last of a short run reaching back
# before it; ods_run_is_16: sixteen bytes at a time): a byte that only it reads, in a row after the template
# stands. The runs of an example row: 70, 81, 81, 86, 10 (a float's paragraph), 81 and 46 bytes.
V["gabarit-bloc-debut"] = in_run(40, 1, 4, "x", "y")          # </teyt:p>: bytes 0-31 of 81
V["gabarit-bloc-milieu"] = in_run(41, 1, 40, "-", "_")        # <table:table_cell: bytes 32-48 of 81
V["gabarit-bloc-court"] = in_run(42, 4, 8, "p", "q")          # "><text:q>: a run of 10 bytes
V["gabarit-bloc-fin"] = in_run(43, 6, 44, "w", "x")           # </table:table-rox>: bytes 32-45 of 46

# TableRow.plain and .ascii said of a row read by the template (ods_row_text_unplain: the row's values, each with
# its NUL, sixteen bytes at a time): a blank or a byte from 0x80 in a text, in the row's text's first block and
# past it (a market id of 17 bytes and more puts the bytes from its 17th in the second, of 33 in the third), which
# the general path trims or normalises (NFC); the rows between them plain.
c = CONTENT
for n, (k, text) in enumerate([(1, " P00073"), (1, "P00073 "), (0, "M0019-abcdefghijk "), (0, "M0019-abcdefghijk\t"),
                               (0, "M0019-abcdefghijke\u0301"), (0, "M0019-abcdefghijklmnopqrstuvwxyz0 "),
                               (1, "P0007\u00e9"), (1, "P0007\u00a0")]):
    c = in_hours_text(20 + 2 * n, k, text, c)
V["gabarit-blancs"] = c


# The next row read as the row before with other values of the same lengths (ods_same_row), or with its last text of
# another length (ods_same_row_last), each way out: rows 50 to 72, each after the one before (row 50:
# M0022, P00022, 08/2025, 6.56, "6,56", etti).
HOLES = r'(?<=<text:p>)[^<]*(?=<)|(?<=office:value=")[^"]*(?=")'


def row_bounds(text, n):
    row = nth_after(text, ROW, n + 1)
    return row, text.index("</table:table-row>", row) + len("</table:table-row>")


def same_rows(text, first, changes):
    """Rows first + 1… as row first's copies, each with its holes (marche, participant, month, value, paragraph,
    modality) changed by a dict of changes (index: text), then passed through an optional 'row' function."""
    row, end = row_bounds(text, first)
    base = text[row:end]
    at = end
    for change in changes:
        values = dict(change)
        fn = values.pop("row", None)
        holes = list(re.finditer(HOLES, base))
        new, last = "", 0
        for k, m in enumerate(holes):
            new += base[last:m.start()] + values.get(k, m.group(0))
            last = m.end()
        new += base[last:]
        if fn:
            new = fn(new)
        r_end = text.index("</table:table-row>", at) + len("</table:table-row>")
        text = text[:at] + new + text[r_end:]
        at += len(new)
    return text


MONTHS = ["%02d/2025" % m for m in range(1, 13)]
V["pareil-valeurs"] = same_rows(CONTENT, 50, [
    {2: "09/2025"},                                     # the month alone
    {2: "10/2025", 3: "9.48", 4: "9,48"},               # two values and the paragraph
    {2: "10/2025", 3: "9.48", 4: "9,48"},               # nothing changed
    {0: "M0019", 1: "P00073", 2: "11/2025"},            # the ids
    {0: "M0019", 1: "P00073", 2: "\u00e9/2025"},        # a month of two-byte UTF-8, same length: said invalid
    {0: "M0019", 1: "P00073", 2: "12/2025", 3: "7e50"},  # a value not a plain decimal: the general path's
    {0: "M0019", 1: "P00073", 2: "12/2025", 3: "1.25", 4: "1.25"},   # a paragraph repeating its value
    {0: "M0019", 1: "P00073", 2: "12/2025", 3: "1.25", 4: "1 25"},   # a paragraph with a blank
    {2: "01/2025", 5: "ai"},                            # the modality shorter (ods_same_row_last)
    {2: "02/2025", 5: "ai"},
    {2: "03/2025", 5: "etti"},                          # longer again, the month changed too
    {2: "04/2025", 5: "x" * 33},                        # a text past 32 bytes: the templates'
    {2: "05/2025", 5: "y" * 33},
    {2: "06/2025", 5: "ei"},
    {2: "07/2025", 5: "ei", "row": lambda r: r.replace('<table:table-cell office:value-type="string"><text:p>ei',
                                                       '<table:table-cell table:number-columns-repeated="1" '
                                                       'office:value-type="string"><text:p>ei')},
    {2: "08/2025", "row": lambda r: r.replace('<table:table-cell office:value-type="string"><text:p>P',
                                              '<table:table-cell table:style-name="ce1" office:value-type="string">'
                                              '<text:p>P')},
    {2: "09/2025", 3: "2.19", 4: "2,19"},
    {2: "10/2025", "row": lambda r: r.replace("10/2025</text:p>", "10/2025</text:p><office:annotation><text:p>n"
                                              "</text:p></office:annotation>")},
    {2: "11/2025", 5: "aci", "row": lambda r: r.replace("</table:table-row>", STRING + "<text:p>x</text:p>"
                                                         "</table:table-cell></table:table-row>")},   # rejected
    {2: "12/2025"},                                     # after a rejected row
    {1: "P00012", 2: "01/2025", 5: "ei"},               # the modality and an earlier value
    {1: "P00012", 2: "02/2025", 5: "ei"},
])
V["pareil-valeurs"] = ns(V["pareil-valeurs"], DC)
# Bad XML in a row that is the row before but in its values' bytes (expat's C0832): a control character in a
# month of the same length, '<' in a paragraph, a tag changed outside the values, the same after a modality of
# another length, and a control character in that modality.
V["pareil-texte-controle"] = same_rows(CONTENT, 50, [{2: "09/2025"}, {2: "10\x012025"}])
V["pareil-paragraphe-chevron"] = same_rows(CONTENT, 50, [{2: "09/2025"}, {2: "10/2025", 4: "6<56"}])
V["pareil-balise"] = same_rows(CONTENT, 50, [{2: "09/2025"}, {2: "10/2025", "row": lambda r: r.replace(
    "<text:p>10/2025", "<text:q>10/2025")}])
V["pareil-fin-balise"] = same_rows(CONTENT, 50, [{2: "09/2025"}, {2: "10/2025", 5: "ai", "row": lambda r: r.replace(
    "<text:p>10/2025", "<text:q>10/2025")}])
V["pareil-fin-controle"] = same_rows(CONTENT, 50, [{2: "09/2025"}, {2: "10/2025", 5: "a\x01i"}])
# The same outside the values at the row's start, near its end and in its last bytes (row 50 is 485 bytes): the
# first cell's '=' (byte 52), the last cell's '=' (byte 417) and the last cell's end tag (byte 465, before the row's
# last sixteen bytes), each in a block of its own whether the row is compared 16, 32 or 64 bytes at a time (`ods10`
# tried 64; the reader compares 32 at most).
V["pareil-bloc-premier"] = same_rows(CONTENT, 50, [{2: "09/2025"}, {2: "10/2025", "row": lambda r: r.replace(
    'office:value-type="string"><text:p>M', 'office:value-type "string"><text:p>M')}])
V["pareil-bloc-septieme"] = same_rows(CONTENT, 50, [{2: "09/2025"}, {2: "10/2025", "row": lambda r: r.replace(
    'office:value-type="string"><text:p>etti', 'office:value-type "string"><text:p>etti')}])
V["pareil-bloc-dernier"] = same_rows(CONTENT, 50, [{2: "09/2025"}, {2: "10/2025", "row": lambda r: r.replace(
    "</table:table-cell></table:table-row>", "</table:table-cel!></table:table-row>")}])

# A changed value read as plain text in one block (ods_plain_short: above the space, below DEL, not < & ]), and the
# row's plainness carried from the row before (OdsSame.plain), each way out: a market id with a blank of the same
# length (read by ods_plain_text_end, the row's text checked: trimmed), the next row with only its month changed
# after that row not plain (checked again: trimmed again), a market id with a no-break space, a plain row after
# them, a month ending with a blank, a paragraph with one; and bad XML only the general path refuses: ']]>' and '&'
# in a month of the same length (expat's C0832).
V["pareil-plat"] = same_rows(CONTENT, 50, [
    {2: "09/2025"},
    {0: "M002 ", 2: "10/2025"},
    {0: "M002 ", 2: "11/2025"},
    {0: "M00\u00a0", 2: "12/2025"},
    {2: "01/2025"},
    {2: "02/2025"},
    {2: "04/202 "},
    {2: "05/2025", 3: "6.57", 4: "6 57"},
    {2: "06/2025", 3: "6.58", 4: "6,58"},
])
# The hours a text in some rows (a second template, medium's one row in ten), each such row and the float row
# after it tried first by the template of its shape (table_ods_templates_read: the run where the two templates
# first differ looked at where it lay in the row before): alternating shapes, two text rows in a row, a row of
# either shape whose first cells changed length (that run not where it lay: the other template tried first, and
# failing), a text not a number (rejected at its cell), a row of neither shape (a sixth cell: rejected).
def hours_text(value):
    return lambda r: re.sub(r'<table:table-cell office:value-type="float" office:value="[^"]*"><text:p>[^<]*</text:p>',
                            '<table:table-cell office:value-type="string"><text:p>' + value + '</text:p>', r)


V["formes-alternees"] = same_rows(CONTENT, 50, [
    {2: "09/2025"},
    {2: "10/2025", "row": hours_text("0.88")},
    {2: "11/2025"},
    {2: "12/2025", "row": hours_text("1.5")},
    {2: "01/2025", "row": hours_text("2.25")},
    {2: "02/2025", 3: "7.5", 4: "7,5"},
    {0: "M00190", 2: "03/2025", "row": hours_text("3")},
    {0: "M00190", 2: "04/2025"},
    {1: "P000730", 2: "05/2025", 3: "35", 4: "35"},
    {1: "P000730", 2: "06/2025", "row": hours_text("abc")},
    {2: "07/2025", 5: "ai", "row": hours_text("4.5")},
    {2: "08/2025", "row": lambda r: hours_text("5")(r).replace("</table:table-row>", STRING + "<text:p>x</text:p>"
                                                               "</table:table-cell></table:table-row>")},
    {2: "09/2025", "row": hours_text("6")},
    {2: "10/2025"},
])
V["pareil-texte-crochets"] = same_rows(CONTENT, 50, [{2: "09/2025"}, {2: "1]]>025"}])
V["pareil-texte-esperluette"] = same_rows(CONTENT, 50, [{2: "09/2025"}, {2: "10&2025"}])

# The participants' cells the tokenizer reads whole beside the usual ones (ods_literal_attrs, ods_fast_cell): a date
# after its style, ` table:style-name="…" office:value-type="date" office:date-value="…"`, and `<table:table-cell/>`;
# each way out to the general path or to expat, in the participants' sheet (read) and the contracts' (read through).
PART = CONTENT.index('<table:table table:name="Participants">')
DATE_CELL = '<table:table-cell table:style-name="ceD" office:value-type="date" office:date-value="'
EMPTY_CELL = "<table:table-cell/>"


def in_part_cell(n, old, new, start=PART, text=CONTENT):
    """Replaces the n-th `old` (0-based) after start (the participants' sheet)."""
    return replace_at(text, nth_after(text, old, n, start), old, new)


def date_value(n, value, text=CONTENT):
    at = nth_after(text, DATE_CELL, n, PART) + len(DATE_CELL)
    return text[:at] + value + text[text.index('"', at):]


c = in_part_cell(3, DATE_CELL, DATE_CELL.replace('"ceD"', '"ce12"'))
c = in_part_cell(5, DATE_CELL, DATE_CELL.replace(' table:style-name="ceD"', ""), text=c)
c = date_value(7, "1976-11-22T00:00:00", c)      # the time of day dropped (ods_cell_done), as expat's reading does
c = date_value(9, "1990-02-03T12:30:00", c)      # kept, then refused as a date
c = date_value(11, "", c)                        # an empty value: no date
c = in_part_cell(13, DATE_CELL, DATE_CELL.replace('"ceD"', '"c&amp;D"'), text=c)   # the general path's
c = in_part_cell(15, DATE_CELL, DATE_CELL.replace('"ceD"', '"cé"'), text=c)
c = in_part_cell(17, DATE_CELL, DATE_CELL.replace('"ceD"', '"c>D"'), text=c)
c = date_value(19, "1976-11-2&#50;", c)
c = in_part_cell(21, EMPTY_CELL, '<table:table-cell />', text=c)
c = in_part_cell(23, DATE_CELL, DATE_CELL.replace('office:value-type="date"', 'office:value-type="float"'), text=c)
c = in_part_cell(2, EMPTY_CELL, '<table:table-cell table:style-name="ceD" office:value-type="date" '
                 'office:date-value="2020-01-01"><text:p>x</text:p></table:table-cell>',
                 CONTENT.index('<table:table table:name="Marchés">'), c)   # read through, not read
V["participants-dates"] = c
# a date the hour sheet holds where its month is, its value a float's spelling: put as it is written, not as a
# number, whole up to ten bytes (ods_usual_other), its time of day dropped past them (ods_fast_cell, ods_cell_done);
# a float after a style, which no date path puts: its value as a number
c = cells_of_row(CONTENT, 30, lambda k: k[:2] + [DATE_CELL + '1e1"><text:p>x</text:p></table:table-cell>'] + k[3:])
c = cells_of_row(c, 31, lambda k: k[:2] + [DATE_CELL + '1e1T00:00:00"><text:p>x</text:p></table:table-cell>'] + k[3:])
V["heures-date-exposant"] = cells_of_row(c, 32, lambda k: k[:2] + [
    '<table:table-cell table:style-name="ce1" office:value-type="float" office:value="2e1"><text:p>x</text:p>'
    "</table:table-cell>"] + k[3:])


def participants_last(c):
    """The participants' sheet moved last, where no other sheet's opener reads it through first: its own reader
    (ods_usual_run) meets what is in it."""
    part_end = c.index("</table:table>", PART) + len("</table:table>")
    last_end = c.rindex("</table:table>") + len("</table:table>")
    return c[:PART] + c[part_end:last_end] + c[PART:part_end] + c[last_end:]


V["participants-date-paragraphe-controle"] = participants_last(replace_at(
    CONTENT, CONTENT.index("</text:p>", nth_after(CONTENT, DATE_CELL, 6, PART)), "</text:p>", "\x01</text:p>"))
# an empty cell in the header (read by ods_fast_cell, the usual run reads data rows): the columns after it move
V["participants-entete-cellule-vide"] = in_part_cell(1, "</table:table-cell>", "</table:table-cell>" + EMPTY_CELL)
V["participants-date-style-tab"] = in_part_cell(4, DATE_CELL, DATE_CELL.replace('"ceD"', '"c\tD"'))
V["participants-date-style-chevron"] = in_part_cell(4, DATE_CELL, DATE_CELL.replace('"ceD"', '"c<D"'))
V["participants-date-style-double"] = in_part_cell(4, DATE_CELL, DATE_CELL.replace(
    ' office:', ' table:style-name="ce2" office:', 1))
V["participants-date-chevron"] = date_value(4, "1976<11-22")
V["participants-date-guillemet"] = date_value(4, "1976-11-22\" x=\"")
V["participants-cellule-vide-espace"] = in_part_cell(4, EMPTY_CELL, "<table:table-cell/ >")
V["participants-cellule-vide-espace-fin"] = participants_last(V["participants-cellule-vide-espace"])
V["participants-cellule-vide-autre"] = in_part_cell(4, EMPTY_CELL, "<table:table-cellx/>")
# The rows of a sheet not read, passed whole by the opener of a later one (ods_rows_passed, ods_cells_passed: the
# hour sheet's opener passes the contracts' and the participants'): each way out to the general path or to expat,
# in the participants' sheet (before the hour sheet: its opener meets these first, as expat's does).
PART_ROW = nth_after(CONTENT, ROW, 5, PART)
V["passe-ligne-style"] = replace_at(CONTENT, PART_ROW, ROW, '<table:table-row table:style-name="ro1">')
V["passe-ligne-attribut-double"] = replace_at(CONTENT, PART_ROW, ROW,
                                              '<table:table-row table:style-name="ro1" table:style-name="ro2">')
V["passe-blancs"] = replace_at(CONTENT, PART_ROW, ROW, "\n  " + ROW + "\n    ").replace(
    "</table:table-cell><table:table-cell", "</table:table-cell>\n    <table:table-cell", 1)
V["passe-cellule-reference"] = in_part_cell(0, "<text:p>", "<text:p>&amp;", PART_ROW)
V["passe-texte-controle"] = in_part_cell(0, "<text:p>", "<text:p>\x01", PART_ROW)
V["passe-date-texte-controle"] = replace_at(
    CONTENT, CONTENT.index("</text:p>", nth_after(CONTENT, DATE_CELL, 6, PART)), "</text:p>", "\x01</text:p>")
V["passe-cellule-vide-fin"] = in_part_cell(4, EMPTY_CELL, "<table:table-cell/x")
V["passe-ligne-fin-autre"] = in_part_cell(0, "</table:table-row>", "</table:table-rows>", PART_ROW)
# a sheet of 1 200 rows between the participants' and the hour sheet (some 1.3 MB: the tokenizer's buffer filled
# again five times inside it), read by no one; and the same with bad XML in its last row
NOTES = CONTENT[PART:CONTENT.index("</table:table>", PART)].replace('table:name="Participants"', 'table:name="Notes"')
NOTES_ROWS = NOTES[NOTES.index(ROW, NOTES.index(ROW) + 1):]
NOTES = NOTES + NOTES_ROWS * 3 + "</table:table>"
V["passe-feuille-longue"] = insert(CONTENT, HOURS, NOTES)
V["passe-feuille-longue-fin"] = insert(CONTENT, HOURS, NOTES[:NOTES.rindex("</table:table-row>")] +
                                       "</table:table-cell></table:table-row></table:table>")
V["marches-date-style-chevron"] = in_part_cell(1, 'office:value-type="date"', 'office:value-type="date" x="<"',
                                               CONTENT.index('<table:table table:name="Marchés">'))

# Well-formed, given back to expat
V["commentaire"] = insert(CONTENT, nth_after(CONTENT, ROW, 7), "<!-- une remarque -->")
V["cdata"] = in_hours_row(3, "<text:p>M", "<text:p><![CDATA[M]]>")
V["retour-chariot"] = in_hours_row(2, "<text:p>M", "<text:p>\r\nM")
V["tabulation-attribut"] = in_hours_row(4, "<table:table-cell ", '<table:table-cell table:style-name="a\tb" ')
V["xmlns-ligne"] = in_hours_row(6, ROW, '<table:table-row xmlns:x="urn:x" x:y="1">')
V["instruction"] = insert(CONTENT, nth_after(CONTENT, ROW, 9), "<?pi données?>")
V["commentaire-fin"] = CONTENT + "<!-- fin -->\n"
V["valeur-longue"] = in_hours_row(8, "<table:table-cell ", '<table:table-cell table:style-name="' + "x" * (5 << 20) + '" ')
V["texte-long"] = in_hours_row(8, "<text:p>M", "<text:p>" + "é" * 3000 + "M")
# Bad XML: expat's error, at the same place
V["balise-croisee"] = in_hours_row(4, "</table:table-cell>", "</table:table-cel>")
V["prefixe-inconnu"] = in_hours_row(4, "</text:p>", "<foo:bar/></text:p>")
V["utf8-invalide"] = in_hours_row(5, "<text:p>M", "<text:p>\udcffM")
V["caractere-controle"] = in_hours_row(5, "<text:p>M", "<text:p>\x01M")
V["crochets"] = in_hours_row(5, "<text:p>M", "<text:p>]]>M")
V["attribut-double"] = in_hours_row(5, '<table:table-cell office:value-type="string"',
                                    '<table:table-cell office:value-type="string" office:value-type="string"')
V["entite-inconnue"] = in_hours_row(5, "<text:p>M", "<text:p>&eacute;M")
V["doctype"] = in_hours_row(5, ROW, '<!DOCTYPE x [<!ENTITY e "e">]>' + ROW)
V["tronque"] = CONTENT[: nth_after(CONTENT, ROW, 40) + 30]
V["apres-racine"] = CONTENT + "<x/>"
V["chevron-attribut"] = in_hours_row(5, '<table:table-cell office:value-type="string"',
                                     '<table:table-cell office:value-type="str<ing"')

# The hires' sheet after the hour lines': its reader carries on from theirs (table_carry_on_to) or, when that
# would not say the same, reads content.xml from its start; either way what the run says is expat's.
EMB = CONTENT.index('<table:table table:name="Embauches">')
EMB_END = CONTENT.index("</table:table>", EMB) + len("</table:table>")
EMB_SHEET = CONTENT[EMB:EMB_END]
HIDING = ('<style:style style:name="ta2" style:family="table"><style:table-properties table:display="false"/>'
          "</style:style></office:automatic-styles>")
EMB_HEADER = "<text:p>Date embauche</text:p>"
EMB_ROW = CONTENT.index(ROW, CONTENT.index(ROW, EMB) + 1)
V["embauches-absente"] = CONTENT[:EMB] + CONTENT[EMB_END:]
V["embauches-colonne"] = CONTENT.replace(EMB_HEADER, "<text:p>Date embauchX</text:p>")
V["embauches-colonne-balise"] = in_hours_row(4, "</table:table-cell>", "</table:table-cel>", V["embauches-colonne"])
V["embauches-colonne-commentaire"] = insert(V["embauches-colonne"], nth_after(CONTENT, ROW, 7), "<!-- r -->")
V["heures-lignes"] = in_hours_row(3, ROW, '<table:table-row table:number-rows-repeated="1100000">')
V["embauches-colonne-lignes"] = in_hours_row(3, ROW, '<table:table-row table:number-rows-repeated="1100000">',
                                             V["embauches-colonne"])
V["embauches-masquee"] = CONTENT.replace("</office:automatic-styles>", HIDING).replace(
    '<table:table table:name="Embauches">', '<table:table table:name="Embauches" table:style-name="ta2">')
V["embauches-masquee-avant"] = CONTENT.replace("</office:automatic-styles>", HIDING).replace(
    '<table:table table:name="Marchés">',
    '<table:table table:name="Embauches" table:style-name="ta2"><table:table-row><table:table-cell><text:p>x'
    '</text:p></table:table-cell></table:table-row></table:table><table:table table:name="Marchés">')
V["embauches-avant"] = (CONTENT[:EMB] + CONTENT[EMB_END:]).replace('<table:table table:name="Heures">',
                                                                EMB_SHEET + '<table:table table:name="Heures">')
V["embauches-deux"] = CONTENT[:EMB_END] + EMB_SHEET.replace("<text:p>E0001</text:p>", "<text:p>E9999</text:p>") \
    + CONTENT[EMB_END:]
V["embauches-entre"] = insert(CONTENT, EMB, "<!-- entre -->")
V["embauches-commentaire"] = insert(CONTENT, EMB_ROW, "<!-- dans -->")
V["embauches-balise"] = replace_at(CONTENT, CONTENT.index("</table:table-cell>", EMB_ROW), "</table:table-cell>",
                                   "</table:table-cel>")
V["embauches-entete-balise"] = CONTENT.replace(EMB_HEADER, "<text:p>Date embauche</text:pp>")
V["embauches-tronque"] = CONTENT[:EMB_ROW + 200]

# Formulas in the middle of rows the row template takes: one never computed (no value type, as odfpy or a
# generator writes it: rejects its row, located at its cell), one computed (reads as its value), a text
# formula whose value is the empty text (an empty cell: its row's marché missing, nothing said of a formula).
c = CONTENT
at = nth_after(c, '<table:table-cell office:value-type="float"', 0, nth_after(c, ROW, 31))
c = c[:at] + re.sub(r'^<table:table-cell office:value-type="float" office:value="[^"]*"><text:p>[^<]*</text:p></table:table-cell>',
                    '<table:table-cell table:formula="of:=[.D2]*2"/>', c[at:], count=1)
at = nth_after(c, '<table:table-cell office:value-type="float"', 0, nth_after(c, ROW, 33))
c = c[:at] + re.sub(r'^<table:table-cell office:value-type="float" office:value="[^"]*"><text:p>[^<]*</text:p></table:table-cell>',
                    '<table:table-cell table:formula="of:=1+1" office:value-type="float" office:value="2"><text:p>2</text:p></table:table-cell>', c[at:], count=1)
c = ns(c, CALC)
at = nth_after(c, '<table:table-cell office:value-type="string"><text:p>', 4, nth_after(c, ROW, 35))
c = c[:at] + re.sub(r'^<table:table-cell office:value-type="string"><text:p>[^<]*</text:p></table:table-cell>',
                    '<table:table-cell table:formula="of:=&quot;&quot;" office:value-type="string" office:string-value="" '
                    'calcext:value-type="string"><text:p/></table:table-cell>', c[at:], count=1)
V["formules-sans-valeur"] = c
# An export's title above the hour sheet's header: every required column missing, and where the header seems to be.
V["titre-au-dessus"] = CONTENT.replace('<table:table table:name="Heures">', '<table:table table:name="Heures"><table:table-row>'
                                       '<table:table-cell office:value-type="string"><text:p>Export du 01/12/2025</text:p>'
                                       '</table:table-cell></table:table-row>', 1)

# The same with the header below the title naming the hours otherwise: still said, with what that row lacks.
at = nth_after(V["titre-au-dessus"], "<text:p>Nombre d'heures</text:p>", 0)
V["titre-et-renommee"] = replace_at(V["titre-au-dessus"], at, "<text:p>Nombre d'heures</text:p>",
                                    "<text:p>Heures effectuées</text:p>")

# tests/cli/donnees-titre.sh: a title that contains a column's name, right above the header: only the hint.
V["titre-trimestre"] = CONTENT.replace('<table:table table:name="Heures">', '<table:table table:name="Heures"><table:table-row>'
                                       '<table:table-cell office:value-type="string"><text:p>Heures du 1er trimestre</text:p>'
                                       '</table:table-cell></table:table-row>', 1)

names = ARGS[2:] or sorted(V)
if OUT == "--list":
    print("\n".join(sorted(V)))
    sys.exit(0)
for name in names:
    z = zipfile.ZipFile(f"{OUT}/{name}.ods", "w")
    z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
    z.writestr("META-INF/manifest.xml", MANIFEST, zipfile.ZIP_DEFLATED)
    z.writestr("content.xml", V[name].encode("utf-8", "surrogateescape"), zipfile.ZIP_DEFLATED)
    z.close()
