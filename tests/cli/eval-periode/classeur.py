# tests/cli/eval-periode/classeur.py: a report workbook (.xlsx or .ods) as text, one line per row, cells separated by tabs, each sheet under its name: what the golden compares, read by openpyxl and odfpy (not by charte).
import sys

def xlsx_rows(path):
    import openpyxl
    book = openpyxl.load_workbook(path, read_only=True)
    for sheet in book.worksheets:
        yield "# " + sheet.title
        for row in sheet.iter_rows(values_only=True):
            yield "\t".join("" if v is None else str(v) for v in row)

def ods_rows(path):
    from odf.opendocument import load
    from odf.table import Table, TableRow, TableCell
    from odf.namespaces import OFFICENS
    book = load(path)
    for sheet in book.spreadsheet.getElementsByType(Table):
        yield "# " + sheet.getAttribute("name")
        for row in sheet.getElementsByType(TableRow):
            cells = []
            for cell in row.getElementsByType(TableCell):
                value = cell.attributes.get((OFFICENS, "value")) or cell.attributes.get((OFFICENS, "date-value"))
                if value is None:
                    value = str(cell)
                repeat = int(cell.getAttribute("numbercolumnsrepeated") or 1)
                cells.extend([value] * min(repeat, 64))
            while cells and cells[-1] == "":
                cells.pop()
            yield "\t".join(cells)

path = sys.argv[1]
for line in (xlsx_rows(path) if path.endswith(".xlsx") else ods_rows(path)):
    print(line)
