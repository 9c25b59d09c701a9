# tests/cli/eval-periode/lignes.py: copies an hour file keeping its header and the lines of a month from SINCE (aaaa-mm) on; a line whose month does not read is kept (rejected either way).
import re, sys

src, dst, since = sys.argv[1:4]
lines = open(src, encoding="utf-8-sig").read().splitlines()
sep = ";" if lines[0].count(";") > lines[0].count(",") else ","
col = [h.strip().lower() for h in lines[0].split(sep)].index("mois")
with open(dst, "w", encoding="utf-8") as out:
    out.write(lines[0] + "\n")
    for line in lines[1:]:
        cells = line.split(sep)
        month = cells[col] if col < len(cells) else ""
        m = re.fullmatch(r"(\d{2})/(\d{4})", month) or re.fullmatch(r"(\d{4})-(\d{2})", month)
        if m:
            y, mo = (m.group(2), m.group(1)) if "/" in month else (m.group(1), m.group(2))
            if "%s-%s" % (y, mo) < since:
                continue
        out.write(line + "\n")
