/* tools/classeur/classeur.c: turns a folder of French Excel CSV tables into one XLSX or ODS workbook, a sheet per table, cells typed as a spreadsheet types them. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <zip.h>

/*
** classeur DIR OUT.xlsx|OUT.ods [TABLE=Sheet...]
**
** Reads DIR/marches.csv, DIR/participants.csv, DIR/heures.csv and, when present,
** DIR/embauches.csv (UTF-8, with or without BOM, ';' or ',', quotes as RFC 4180)
** and writes one workbook whose sheets are named Marchés, Participants, Heures
** (and Embauches) and hold the same rows
** under the headers an export writes ("Maître d'ouvrage", "Montant HT (€)"),
** each cell typed as a spreadsheet would type it when a user opens the CSV:
** a number ("1 234,50", "95 000,00 €", "1234.5") becomes a number, a date
** (dd/mm/yyyy or yyyy-mm-dd) a real date (with a date format), anything
** else text (shared strings in XLSX, as Excel writes them). Numbers are
** written as their exact decimal text, never through a double.
**
** Deterministic: the same CSV give the same bytes (fixed dates inside the
** zip, no creation time). Rows stream through: a sheet is written to a
** temporary file, then stored in the zip, so a large table needs little
** memory. Used for examples/amp/donnees.xlsx and .ods (tools/README.md) and
** by `make bench` for the medium profile as XLSX.
*/

enum { CELL_TEXT, CELL_NUMBER, CELL_DATE };

static const struct { const char *file, *sheet; } TABLES[] = {
    { "marches", "Marchés" }, { "participants", "Participants" }, { "heures", "Heures" },
    { "embauches", "Embauches" },
};
#define NTABLES 4
/* The tables before this one are required; the later ones (hires) are written when present. */
#define NREQUIRED 3
/* 2026-01-01 12:00 UTC: the date every part of the zip carries. */
#define FIXED_MTIME ((time_t)1767268800)

static void die(const char *what)
{
    fprintf(stderr, "classeur: %s\n", what);
    exit(2);
}

/* ---- reading one CSV record ------------------------------------------------------------ */

typedef struct Record {
    char **fields;
    size_t *lens;
    int n, cap;
    char *buf;
    size_t blen, bcap;
} Record;

static void rec_push_byte(Record *r, char c)
{
    if (r->blen + 1 >= r->bcap) {
        r->bcap = r->bcap ? r->bcap * 2 : 1024;
        r->buf = realloc(r->buf, r->bcap);
        if (!r->buf)
            die("mémoire épuisée");
    }
    r->buf[r->blen++] = c;
}

static void rec_end_field(Record *r, size_t start)
{
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 16;
        r->fields = realloc(r->fields, sizeof *r->fields * (size_t)r->cap);
        r->lens = realloc(r->lens, sizeof *r->lens * (size_t)r->cap);
        if (!r->fields || !r->lens)
            die("mémoire épuisée");
    }
    r->lens[r->n] = r->blen - start;
    r->fields[r->n++] = (char *)(uintptr_t)start;   /* an offset until the record is complete */
    rec_push_byte(r, '\0');
}

/* false at the end of the file; a blank line is a record of one empty field. */
static bool read_record(FILE *fp, Record *r, char sep)
{
    r->n = 0;
    r->blen = 0;
    int c = getc(fp);
    if (c == EOF)
        return false;
    bool quoted = false;
    size_t start = 0;
    for (;; c = getc(fp)) {
        if (c == EOF) {
            rec_end_field(r, start);
            break;
        }
        if (quoted) {
            if (c == '"') {
                int d = getc(fp);
                if (d == '"') {
                    rec_push_byte(r, '"');
                    continue;
                }
                quoted = false;
                c = d;
                if (c == EOF) {
                    rec_end_field(r, start);
                    break;
                }
            } else {
                rec_push_byte(r, (char)c);
                continue;
            }
        }
        if (c == '"') {
            quoted = true;
        } else if (c == sep) {
            rec_end_field(r, start);
            start = r->blen;
        } else if (c == '\n' || c == '\r') {
            if (c == '\r') {
                int d = getc(fp);
                if (d != '\n' && d != EOF)
                    ungetc(d, fp);
            }
            rec_end_field(r, start);
            break;
        } else {
            rec_push_byte(r, (char)c);
        }
    }
    for (int i = 0; i < r->n; i++)
        r->fields[i] = r->buf + (uintptr_t)r->fields[i];
    return true;
}

/* ---- typing a cell ------------------------------------------------------------------------ */

/* "1 234,50 €" (or "1234.50") -> "1234.50" in out; false when not a number as exports write
** them (or a code with a leading zero). */
static bool french_number(const char *s, size_t n, char *out, size_t cap)
{
    size_t o = 0, i = 0, digits = 0;
    bool comma = false;
    if (n >= 4 && memcmp(s + n - 4, " \xE2\x82\xAC", 4) == 0)
        n -= 4;
    else if (n >= 3 && memcmp(s + n - 3, "\xE2\x82\xAC", 3) == 0)
        n -= 3;
    if (i < n && s[i] == '-')
        out[o++] = s[i++];
    if (i < n && s[i] == '0' && i + 1 < n && s[i + 1] != ',')
        return false;
    for (; i < n; i++) {
        char c = s[i];
        if (o + 2 >= cap)
            return false;
        if (c >= '0' && c <= '9') {
            out[o++] = c;
            digits++;
        } else if ((c == ',' || c == '.') && !comma && digits) {
            comma = true;
            out[o++] = '.';
        } else if (c == ' ' && !comma && digits && i + 3 < n && s[i + 1] >= '0' && s[i + 1] <= '9') {
            continue;
        } else {
            return false;
        }
    }
    out[o] = '\0';
    return digits > 0 && out[o - 1] != '.';
}

static int days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* "17/04/2023" or "2023-04-17": its ISO form and Excel serial day; false when not such a date. */
static bool french_date(const char *s, size_t n, char *iso, long *serial)
{
    int d, m, y;
    char tail;
    bool iso_form = n == 10 && s[4] == '-' && s[7] == '-';
    if (iso_form ? sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3
                 : (n != 10 || sscanf(s, "%2d/%2d/%4d%c", &d, &m, &y, &tail) != 3 || s[2] != '/' || s[5] != '/'))
        return false;
    static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1] || y < 1901)
        return false;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (m == 2 && d == 29 && !leap)
        return false;
    snprintf(iso, 11, "%04d-%02d-%02d", y % 10000, m % 100, d % 100);
    *serial = days_from_civil(y, m, d) - days_from_civil(1899, 12, 30);
    return true;
}

/* The headers a clause-tracking application's export writes (issue 11): the
** example workbooks use them instead of the CSV's short ones. A header not
** listed stays as it is. */
static const struct { const char *csv, *export; } EXPORT_HEADERS[] = {
    { "Marché", "N° de marché" }, { "Intitulé", "Objet du marché" }, { "Famille", "Famille de marchés" },
    { "Maître ouvrage", "Maître d'ouvrage" }, { "Montant HT", "Montant HT (€)" },
    { "Date notification", "Date de notification" }, { "Participant", "Identifiant du participant" },
    { "Sexe", "Genre" }, { "Date naissance", "Date de naissance" }, { "QPV", "Code QPV" },
    { "Date entrée", "Date d'entrée" }, { "Mois inscription", "Mois d'inscription" },
    { "Niveau", "Niveau de qualification" }, { "Mois", "Mois travaillé" }, { "Heures", "Nombre d'heures" },
    { "Modalité", "Modalité de mise en œuvre" },
};

static void export_header(const char **s, size_t *n)
{
    for (size_t i = 0; i < sizeof EXPORT_HEADERS / sizeof EXPORT_HEADERS[0]; i++)
        if (strlen(EXPORT_HEADERS[i].csv) == *n && memcmp(EXPORT_HEADERS[i].csv, *s, *n) == 0) {
            *s = EXPORT_HEADERS[i].export;
            *n = strlen(*s);
            return;
        }
}

/* ---- XML --------------------------------------------------------------------------------- */

static void xml_text(FILE *out, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '<')
            fputs("&lt;", out);
        else if (c == '>')
            fputs("&gt;", out);
        else if (c == '&')
            fputs("&amp;", out);
        else if (c == '"')
            fputs("&quot;", out);
        else if (c < 0x20 && c != '\t' && c != '\n')
            fputs(" ", out);
        else
            fputc(c, out);
    }
}

static void col_name(int col, char *out)
{
    char tmp[8];
    int n = 0;
    for (int c = col + 1; c > 0; c = (c - 1) / 26)
        tmp[n++] = (char)('A' + (c - 1) % 26);
    for (int i = 0; i < n; i++)
        out[i] = tmp[n - 1 - i];
    out[n] = '\0';
}

/* XLSX text goes to the shared strings, as Excel writes it: each distinct text once. */
typedef struct Strings {
    char **text;
    size_t *len;
    size_t n, cap;
    long *slots;            /* open addressing: index + 1, 0 when free */
    size_t nslots;
} Strings;

static size_t hash(const char *s, size_t n)
{
    size_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h;
}

static void strings_rehash(Strings *t)
{
    free(t->slots);
    t->nslots = t->nslots ? t->nslots * 2 : 1024;
    t->slots = calloc(t->nslots, sizeof *t->slots);
    if (!t->slots)
        die("mémoire épuisée");
    for (size_t i = 0; i < t->n; i++) {
        size_t h = hash(t->text[i], t->len[i]) & (t->nslots - 1);
        while (t->slots[h])
            h = (h + 1) & (t->nslots - 1);
        t->slots[h] = (long)i + 1;
    }
}

static long strings_index(Strings *t, const char *s, size_t n)
{
    if ((t->n + 1) * 2 > t->nslots)
        strings_rehash(t);
    size_t h = hash(s, n) & (t->nslots - 1);
    for (; t->slots[h]; h = (h + 1) & (t->nslots - 1)) {
        long i = t->slots[h] - 1;
        if (t->len[i] == n && memcmp(t->text[i], s, n) == 0)
            return i;
    }
    if (t->n == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 1024;
        t->text = realloc(t->text, t->cap * sizeof *t->text);
        t->len = realloc(t->len, t->cap * sizeof *t->len);
        if (!t->text || !t->len)
            die("mémoire épuisée");
    }
    t->text[t->n] = malloc(n + 1);
    if (!t->text[t->n])
        die("mémoire épuisée");
    memcpy(t->text[t->n], s, n);
    t->text[t->n][n] = '\0';
    t->len[t->n] = n;
    t->slots[h] = (long)t->n + 1;
    return (long)t->n++;
}

static void xlsx_cell(FILE *out, Strings *sst, int col, long row, const char *s, size_t n, bool header)
{
    char ref[16], num[128], iso[11];
    long serial;
    col_name(col, ref);
    if (n == 0)
        return;
    if (!header && french_number(s, n, num, sizeof num)) {
        fprintf(out, "<c r=\"%s%ld\"><v>%s</v></c>", ref, row, num);
    } else if (!header && french_date(s, n, iso, &serial)) {
        fprintf(out, "<c r=\"%s%ld\" s=\"1\"><v>%ld</v></c>", ref, row, serial);
    } else {
        fprintf(out, "<c r=\"%s%ld\" t=\"s\"><v>%ld</v></c>", ref, row, strings_index(sst, s, n));
    }
}

static void ods_cell(FILE *out, const char *s, size_t n, bool header)
{
    char num[128], iso[11];
    long serial;
    if (n == 0) {
        fputs("<table:table-cell/>", out);
    } else if (!header && french_number(s, n, num, sizeof num)) {
        fprintf(out, "<table:table-cell office:value-type=\"float\" office:value=\"%s\"><text:p>", num);
        xml_text(out, s, n);
        fputs("</text:p></table:table-cell>", out);
    } else if (!header && french_date(s, n, iso, &serial)) {
        fprintf(out, "<table:table-cell table:style-name=\"ceD\" office:value-type=\"date\" office:date-value=\"%s\">"
                     "<text:p>", iso);
        xml_text(out, s, n);
        fputs("</text:p></table:table-cell>", out);
    } else {
        fputs("<table:table-cell office:value-type=\"string\"><text:p>", out);
        xml_text(out, s, n);
        fputs("</text:p></table:table-cell>", out);
    }
}

/* ---- one sheet ------------------------------------------------------------------------------ */

static bool csv_present(const char *dir, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.csv", dir, name);
    return access(path, F_OK) == 0;
}

static FILE *open_csv(const char *dir, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.csv", dir, name);
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        fprintf(stderr, "classeur: %s illisible\n", path);
        exit(2);
    }
    unsigned char bom[3];
    if (fread(bom, 1, 3, fp) != 3 || memcmp(bom, "\xEF\xBB\xBF", 3) != 0)
        rewind(fp);
    return fp;
}

static bool blank(const Record *r)
{
    return r->n == 1 && r->lens[0] == 0;
}

/* ';' when the header line has more of them than commas (a French export), else ','. */
static char separator(FILE *fp)
{
    long at = ftell(fp);
    int c, semi = 0, comma = 0;
    while ((c = getc(fp)) != EOF && c != '\n')
        semi += c == ';', comma += c == ',';
    fseek(fp, at, SEEK_SET);
    return semi >= comma ? ';' : ',';
}

/* The rows of one table; in a workbook a blank CSV line is an empty row, which readers skip. */
static void write_sheet(FILE *csv, FILE *out, bool ods, Strings *sst)
{
    Record rec = { 0 };
    long row = 0;
    char sep = separator(csv);
    while (read_record(csv, &rec, sep)) {
        row++;
        bool header = row == 1;
        if (blank(&rec)) {
            fputs(ods ? "<table:table-row><table:table-cell/></table:table-row>" : "", out);
            if (!ods)
                fprintf(out, "<row r=\"%ld\"/>", row);
            continue;
        }
        if (ods)
            fputs("<table:table-row>", out);
        else
            fprintf(out, "<row r=\"%ld\">", row);
        for (int i = 0; i < rec.n; i++) {
            const char *text = rec.fields[i];
            size_t len = rec.lens[i];
            if (header)
                export_header(&text, &len);
            if (ods)
                ods_cell(out, text, len, header);
            else
                xlsx_cell(out, sst, i, row, text, len, header);
        }
        fputs(ods ? "</table:table-row>" : "</row>", out);
    }
    free(rec.buf);
    free(rec.fields);
    free(rec.lens);
}

/* ---- the zip ------------------------------------------------------------------------------------ */

static void add_part(zip_t *za, const char *name, zip_source_t *src, bool store)
{
    if (!src)
        die(zip_strerror(za));
    zip_int64_t i = zip_file_add(za, name, src, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
    if (i < 0)
        die(zip_strerror(za));
    if (store)
        zip_set_file_compression(za, (zip_uint64_t)i, ZIP_CM_STORE, 0);
    zip_file_set_mtime(za, (zip_uint64_t)i, FIXED_MTIME, 0);
}

static void add_text(zip_t *za, const char *name, const char *text, bool store)
{
    add_part(za, name, zip_source_buffer(za, text, strlen(text), 0), store);
}

static FILE *temp_file(char *path, size_t cap, const char *tag)
{
    const char *dir = getenv("TMPDIR");
    snprintf(path, cap, "%s/classeur-%s-XXXXXX", dir && *dir ? dir : "/tmp", tag);
    int fd = mkstemp(path);
    FILE *fp = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!fp)
        die("fichier temporaire impossible");
    return fp;
}

static const char XLSX_TYPES_HEAD[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Override PartName=\"/xl/workbook.xml\" "
    "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
    "<Override PartName=\"/xl/styles.xml\" "
    "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
    "<Override PartName=\"/xl/sharedStrings.xml\" "
    "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>";

static const char XLSX_RELS[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    "officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>\n";

/* The parts that list the sheets, for nsheets sheets (texts kept until the zip is closed). */
static char *xlsx_types(int nsheets)
{
    static char text[4096];
    int n = snprintf(text, sizeof text, "%s", XLSX_TYPES_HEAD);
    for (int t = 0; t < nsheets; t++)
        n += snprintf(text + n, sizeof text - (size_t)n, "<Override PartName=\"/xl/worksheets/sheet%d.xml\" "
                      "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>",
                      t + 1);
    snprintf(text + n, sizeof text - (size_t)n, "</Types>\n");
    return text;
}

static char *xlsx_book(int nsheets)
{
    static char text[4096];
    int n = snprintf(text, sizeof text, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                     "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
                     "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>");
    for (int t = 0; t < nsheets; t++)
        n += snprintf(text + n, sizeof text - (size_t)n, "<sheet name=\"%s\" sheetId=\"%d\" r:id=\"rId%d\"/>",
                      TABLES[t].sheet, t + 1, t + 1);
    snprintf(text + n, sizeof text - (size_t)n, "</sheets></workbook>\n");
    return text;
}

static char *xlsx_book_rels(int nsheets)
{
    static char text[4096];
    int n = snprintf(text, sizeof text, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                     "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">");
    for (int t = 0; t < nsheets; t++)
        n += snprintf(text + n, sizeof text - (size_t)n, "<Relationship Id=\"rId%d\" Type=\"http://schemas."
                      "openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
                      "Target=\"worksheets/sheet%d.xml\"/>", t + 1, t + 1);
    snprintf(text + n, sizeof text - (size_t)n,
             "<Relationship Id=\"rId%d\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
             "styles\" Target=\"styles.xml\"/><Relationship Id=\"rId%d\" Type=\"http://schemas.openxmlformats.org/"
             "officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>\n",
             nsheets + 1, nsheets + 2);
    return text;
}

/* Style 1: the date format dd/mm/yyyy (a custom format, id 164). */
static const char XLSX_STYLES[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
    "<numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy\"/></numFmts>"
    "<fonts count=\"1\"><font><sz val=\"11\"/><name val=\"Calibri\"/></font></fonts>"
    "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>"
    "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
    "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
    "<cellXfs count=\"2\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
    "<xf numFmtId=\"164\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/></cellXfs>"
    "</styleSheet>\n";

static const char ODS_NS[] =
    "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
    "xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\" "
    "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" "
    "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" "
    "xmlns:number=\"urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0\" office:version=\"1.2\"";

static const char ODS_MANIFEST[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\">"
    "<manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/>"
    "<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>"
    "</manifest:manifest>\n";

int main(int argc, char **argv)
{
    if (argc != 3) {
        fputs("usage: classeur DOSSIER_CSV SORTIE.xlsx|SORTIE.ods\n", stderr);
        return 2;
    }
    const char *dir = argv[1], *outpath = argv[2];
    size_t n = strlen(outpath);
    bool ods = n > 4 && strcmp(outpath + n - 4, ".ods") == 0;
    if (!ods && !(n > 5 && strcmp(outpath + n - 5, ".xlsx") == 0))
        die("la sortie doit finir par .xlsx ou .ods");
    unlink(outpath);
    int zerr;
    zip_t *za = zip_open(outpath, ZIP_CREATE | ZIP_EXCL, &zerr);
    if (!za)
        die("sortie impossible à créer");
    char temps[NTABLES + 1][4096];
    int nsheets = NREQUIRED;
    while (nsheets < NTABLES && csv_present(dir, TABLES[nsheets].file))
        nsheets++;
    if (ods) {
        add_text(za, "mimetype", "application/vnd.oasis.opendocument.spreadsheet", true);
        add_text(za, "META-INF/manifest.xml", ODS_MANIFEST, false);
        FILE *out = temp_file(temps[0], sizeof temps[0], "content");
        fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-content %s>"
                     "<office:automatic-styles><number:date-style style:name=\"N1\"><number:day number:style=\"long\"/>"
                     "<number:text>/</number:text><number:month number:style=\"long\"/><number:text>/</number:text>"
                     "<number:year/></number:date-style><style:style style:name=\"ceD\" style:family=\"table-cell\" "
                     "style:data-style-name=\"N1\"/></office:automatic-styles><office:body><office:spreadsheet>",
                ODS_NS);
        for (int t = 0; t < nsheets; t++) {
            FILE *csv = open_csv(dir, TABLES[t].file);
            fprintf(out, "<table:table table:name=\"%s\">", TABLES[t].sheet);
            write_sheet(csv, out, true, NULL);
            fputs("</table:table>", out);
            fclose(csv);
        }
        fputs("</office:spreadsheet></office:body></office:document-content>\n", out);
        if (fclose(out) != 0)
            die("écriture impossible");
        add_part(za, "content.xml", zip_source_file(za, temps[0], 0, -1), false);
    } else {
        add_text(za, "[Content_Types].xml", xlsx_types(nsheets), false);
        add_text(za, "_rels/.rels", XLSX_RELS, false);
        add_text(za, "xl/workbook.xml", xlsx_book(nsheets), false);
        add_text(za, "xl/_rels/workbook.xml.rels", xlsx_book_rels(nsheets), false);
        add_text(za, "xl/styles.xml", XLSX_STYLES, false);
        Strings sst = { 0 };
        for (int t = 0; t < nsheets; t++) {
            FILE *csv = open_csv(dir, TABLES[t].file);
            FILE *out = temp_file(temps[t], sizeof temps[t], TABLES[t].file);
            fputs("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet "
                  "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>", out);
            write_sheet(csv, out, false, &sst);
            fputs("</sheetData></worksheet>\n", out);
            fclose(csv);
            if (fclose(out) != 0)
                die("écriture impossible");
            char name[64];
            snprintf(name, sizeof name, "xl/worksheets/sheet%d.xml", t + 1);
            add_part(za, name, zip_source_file(za, temps[t], 0, -1), false);
        }
        FILE *out = temp_file(temps[NTABLES], sizeof temps[NTABLES], "sst");
        fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<sst "
                     "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" uniqueCount=\"%zu\">", sst.n);
        for (size_t i = 0; i < sst.n; i++) {
            fputs("<si><t xml:space=\"preserve\">", out);
            xml_text(out, sst.text[i], sst.len[i]);
            fputs("</t></si>", out);
        }
        fputs("</sst>\n", out);
        if (fclose(out) != 0)
            die("écriture impossible");
        add_part(za, "xl/sharedStrings.xml", zip_source_file(za, temps[NTABLES], 0, -1), false);
    }
    if (zip_close(za) != 0)
        die(zip_strerror(za));
    if (ods)
        unlink(temps[0]);
    else
        for (int t = 0; t <= nsheets; t++)
            unlink(t < nsheets ? temps[t] : temps[NTABLES]);
    return 0;
}
