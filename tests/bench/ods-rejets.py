#!/usr/bin/env python3
# tests/bench/ods-rejets.py: an ODS workbook rewritten with one row in N given a cell past its table's columns (rows rejected at a cell's reference, spread over every slice of a sliced sheet).
#
#   tests/bench/ods-rejets.py IN.ods OUT.ods [EVERY]
#
# Why: a rejected row's reason names the cell (« cellule H1001 remplie hors des
# colonnes de l'en-tête »), whose row number a slice's reader does not know
# until the merge (runtime/table_ods_split.c). The tenth run's lead measured
# the cost of such rows on medium.ods rewritten by hand this way (2 055 rows
# rejected); this script writes the same content.xml, reproducibly: the row
# end tags of content.xml numbered 2 × EVERY + 1, 3 × EVERY + 1… (EVERY 500 by
# default: the 1 001st, 1 501st…, past the first sheet's header) get three
# empty cells and a number cell before them. The other parts are copied as
# they are, the mimetype first and stored.
import sys
import zipfile

CELLS = (b'<table:table-cell table:number-columns-repeated="3"/>'
         b'<table:table-cell office:value-type="float" office:value="7"><text:p>7</text:p></table:table-cell>')
END = b"</table:table-row>"


def rewrite(xml, every):
    parts = xml.split(END)
    for i in range(2 * every, len(parts) - 1, every):
        parts[i] += CELLS
    return END.join(parts)


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit("usage: ods-rejets.py IN.ods OUT.ods [EVERY]")
    every = int(sys.argv[3]) if len(sys.argv) == 4 else 500
    src = zipfile.ZipFile(sys.argv[1])
    with zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "content.xml":
                data = rewrite(data, every)
            method = zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_DEFLATED
            out.writestr(info, data, method)


if __name__ == "__main__":
    main()
