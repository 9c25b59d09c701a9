/* runtime/report_ods.c: the report's sheets as an OpenDocument spreadsheet, written with libzip; numbers as their exact decimal text. */
#include "report_sheets.h"

#include "gc.h"
#include "zip_lib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* Built in memory, one part at a time, then stored: the report is small. */
typedef struct OdsText {
    char *s;
    size_t len;
} OdsText;

static void ods_put(OdsText *t, const char *s)
{
    size_t n = strlen(s);
    RT_GROW_ATOMIC(t->s, t->len + n);
    memcpy(t->s + t->len, s, n);
    t->len += n;
    t->s[t->len] = '\0';
}

static void ods_esc(OdsText *t, const char *s)
{
    for (const char *p = s; *p; p++) {
        char one[2] = { *p, 0 };
        unsigned char c = (unsigned char)*p;
        ods_put(t, *p == '<' ? "&lt;" : *p == '>' ? "&gt;" : *p == '&' ? "&amp;" : *p == '"' ? "&quot;"
                 : (c < 0x20 && c != '\t' && c != '\n' && c != '\r') ? "\xEF\xBF\xBD" : one);
    }
}

static const char ODS_NS[] =
    "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
    "xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\" "
    "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" "
    "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" "
    "xmlns:fo=\"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0\" "
    "xmlns:number=\"urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0\" "
    "xmlns:config=\"urn:oasis:names:tc:opendocument:xmlns:config:1.0\" "
    "xmlns:ooo=\"http://openoffice.org/2004/office\" office:version=\"1.2\"";

/* Number, percentage and date formats, a bold header, and one width per column of each sheet. */
static void ods_styles(OdsText *t, const SheetBook *b)
{
    ods_put(t, "<office:automatic-styles>"
               "<number:number-style style:name=\"N1\"><number:number number:min-decimal-places=\"0\" "
               "number:decimal-places=\"2\" number:min-integer-digits=\"1\" number:grouping=\"true\"/></number:number-style>"
               "<number:number-style style:name=\"N5\"><number:number number:decimal-places=\"0\" "
               "number:min-integer-digits=\"1\" number:grouping=\"true\"/></number:number-style>"
               "<number:number-style style:name=\"N2\"><number:number number:decimal-places=\"0\" "
               "number:min-integer-digits=\"1\"/></number:number-style>"
               "<number:percentage-style style:name=\"N3\"><number:number number:decimal-places=\"2\" "
               "number:min-integer-digits=\"1\"/><number:text>%</number:text></number:percentage-style>"
               "<number:date-style style:name=\"N4\"><number:day number:style=\"long\"/><number:text>/</number:text>"
               "<number:month number:style=\"long\"/><number:text>/</number:text><number:year number:style=\"long\"/>"
               "</number:date-style>"
               "<style:style style:name=\"ceH\" style:family=\"table-cell\"><style:table-cell-properties "
               "fo:background-color=\"#dde7f0\"/><style:text-properties fo:font-weight=\"bold\"/></style:style>"
               "<style:style style:name=\"ceN\" style:family=\"table-cell\" style:data-style-name=\"N1\"/>"
               "<style:style style:name=\"ceW\" style:family=\"table-cell\" style:data-style-name=\"N5\"/>"
               "<style:style style:name=\"ceI\" style:family=\"table-cell\" style:data-style-name=\"N2\"/>"
               "<style:style style:name=\"ceP\" style:family=\"table-cell\" style:data-style-name=\"N3\"/>"
               "<style:style style:name=\"ceD\" style:family=\"table-cell\" style:data-style-name=\"N4\"/>");
    for (int i = 0; i < b->nsheets; i++)
        for (int c = 0; c < b->sheets[i].ncols; c++)
            ods_put(t, rt_sprintf("<style:style style:name=\"co%d_%d\" style:family=\"table-column\">"
                                  "<style:table-column-properties style:column-width=\"%.2fcm\"/></style:style>",
                                  i, c, b->sheets[i].widths[c] * 0.22));
    ods_put(t, "</office:automatic-styles>");
}

static void ods_text_cell(OdsText *t, const char *style, const char *text)
{
    ods_put(t, rt_sprintf("<table:table-cell%s%s%s office:value-type=\"string\"><text:p>", style ? " table:style-name=\"" : "",
                          style ? style : "", style ? "\"" : ""));
    ods_esc(t, text);
    ods_put(t, "</text:p></table:table-cell>");
}

static void ods_cell(OdsText *t, const SheetCell *c)
{
    switch (c->kind) {
    case SHEET_EMPTY:
        ods_put(t, "<table:table-cell/>");
        break;
    case SHEET_TEXT:
        ods_text_cell(t, NULL, c->text);
        break;
    case SHEET_NUMBER:
        ods_put(t, rt_sprintf("<table:table-cell table:style-name=\"%s\" office:value-type=\"float\" "
                              "office:value=\"%s\"><text:p>%s</text:p></table:table-cell>",
                              report_sheets_is_whole(c->text) ? "ceW" : "ceN", c->text, c->text));
        break;
    case SHEET_PERCENT:
        ods_put(t, rt_sprintf("<table:table-cell table:style-name=\"ceP\" office:value-type=\"percentage\" "
                              "office:value=\"%s\"><text:p>%s</text:p></table:table-cell>", c->text, c->text));
        break;
    case SHEET_INTEGER:
        ods_put(t, rt_sprintf("<table:table-cell table:style-name=\"ceI\" office:value-type=\"float\" "
                              "office:value=\"%ld\"><text:p>%ld</text:p></table:table-cell>", c->integer, c->integer));
        break;
    case SHEET_DATE:
        ods_put(t, rt_sprintf("<table:table-cell table:style-name=\"ceD\" office:value-type=\"date\" "
                              "office:date-value=\"%s\"><text:p>%s</text:p></table:table-cell>", date_to_iso(c->date),
                              date_to_french(c->date)));
        break;
    case SHEET_BOOL:
        ods_put(t, rt_sprintf("<table:table-cell office:value-type=\"boolean\" office:boolean-value=\"%s\">"
                              "<text:p>%s</text:p></table:table-cell>", c->integer ? "true" : "false",
                              c->integer ? "VRAI" : "FAUX"));
        break;
    }
}

static void ods_sheet(OdsText *t, const Sheet *s, int index)
{
    ods_put(t, "<table:table table:name=\"");
    ods_esc(t, s->name);
    ods_put(t, "\">");
    for (int c = 0; c < s->ncols; c++)
        ods_put(t, rt_sprintf("<table:table-column table:style-name=\"co%d_%d\"/>", index, c));
    ods_put(t, "<table:table-header-rows><table:table-row>");
    for (int c = 0; c < s->ncols; c++)
        ods_text_cell(t, "ceH", s->header[c]);
    ods_put(t, "</table:table-row></table:table-header-rows>");
    for (int r = 0; r < s->nrows; r++) {
        ods_put(t, "<table:table-row>");
        for (int c = 0; c < s->ncols; c++)
            ods_cell(t, &s->cells[(size_t)r * (size_t)s->ncols + (size_t)c]);
        ods_put(t, "</table:table-row>");
    }
    ods_put(t, "</table:table>");
}

static char *ods_content(const SheetBook *b)
{
    OdsText t = { 0 };
    ods_put(&t, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-content ");
    ods_put(&t, ODS_NS);
    ods_put(&t, ">");
    ods_styles(&t, b);
    ods_put(&t, "<office:body><office:spreadsheet>");
    for (int i = 0; i < b->nsheets; i++)
        ods_sheet(&t, &b->sheets[i], i);
    ods_put(&t, "</office:spreadsheet></office:body></office:document-content>\n");
    return t.s;
}

/* The header row of every sheet stays in view: LibreOffice reads it from the view settings. */
static char *ods_settings(const SheetBook *b)
{
    OdsText t = { 0 };
    ods_put(&t, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-settings ");
    ods_put(&t, ODS_NS);
    ods_put(&t, "><office:settings><config:config-item-set config:name=\"ooo:view-settings\">"
                "<config:config-item-map-indexed config:name=\"Views\"><config:config-item-map-entry>"
                "<config:config-item config:name=\"ViewId\" config:type=\"string\">view1</config:config-item>"
                "<config:config-item-map-named config:name=\"Tables\">");
    for (int i = 0; i < b->nsheets; i++) {
        ods_put(&t, "<config:config-item-map-entry config:name=\"");
        ods_esc(&t, b->sheets[i].name);
        ods_put(&t, "\">"
                    "<config:config-item config:name=\"VerticalSplitMode\" config:type=\"short\">2</config:config-item>"
                    "<config:config-item config:name=\"VerticalSplitPosition\" config:type=\"int\">1</config:config-item>"
                    "<config:config-item config:name=\"ActiveSplitRange\" config:type=\"short\">2</config:config-item>"
                    "<config:config-item config:name=\"PositionTop\" config:type=\"int\">0</config:config-item>"
                    "<config:config-item config:name=\"PositionBottom\" config:type=\"int\">1</config:config-item>"
                    "</config:config-item-map-entry>");
    }
    ods_put(&t, "</config:config-item-map-named></config:config-item-map-entry></config:config-item-map-indexed>"
                "</config:config-item-set></office:settings></office:document-settings>\n");
    return t.s;
}

static const char ODS_MIME[] = "application/vnd.oasis.opendocument.spreadsheet";

static const char ODS_MANIFEST[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\">"
    "<manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/>"
    "<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>"
    "<manifest:file-entry manifest:full-path=\"settings.xml\" manifest:media-type=\"text/xml\"/>"
    "</manifest:manifest>\n";

/* One part; the first (mimetype) stored uncompressed, as ODF requires. Dated
** with the evaluation date so that the same run gives the same bytes. */
static bool ods_add(zip_t *za, const char *name, const char *data, bool store, time_t mtime)
{
    /* libzip reads the data at zip_close, from memory the collector does not
    ** scan: it gets a malloc'ed copy, which it frees. */
    char *copy = strdup(data);
    zip_source_t *src = copy ? zip_source_buffer(za, copy, strlen(copy), 1) : NULL;
    if (!src) {
        free(copy);
        return false;
    }
    zip_int64_t i = zip_file_add(za, name, src, ZIP_FL_ENC_UTF_8);
    if (i < 0) {
        zip_source_free(src);
        return false;
    }
    if (store && zip_set_file_compression(za, (zip_uint64_t)i, ZIP_CM_STORE, 0) != 0)
        return false;
    return zip_file_set_mtime(za, (zip_uint64_t)i, mtime, 0) == 0;
}

bool report_ods(const EvalRun *e, const ReportOptions *o, FILE *out)
{
    SheetBook *book = report_sheets(e, o);
    char *path = report_sheets_temp(o);
    if (!path)
        return false;
    int zerr = 0;
    zip_t *za = zip_lib_ready() ? zip_open(path, ZIP_TRUNCATE, &zerr) : NULL;
    bool ok = za != NULL;
    char *content = ods_content(book), *settings = ods_settings(book);
    time_t mtime = e->au != DATE_NONE ? (time_t)e->au * 86400 + 43200 : 315576000;
    if (ok) {
        ok = ods_add(za, "mimetype", ODS_MIME, true, mtime) &&
             ods_add(za, "META-INF/manifest.xml", ODS_MANIFEST, false, mtime) &&
             ods_add(za, "content.xml", content, false, mtime) && ods_add(za, "settings.xml", settings, false, mtime);
        if (ok)
            ok = zip_close(za) == 0;
        else
            zip_discard(za);
    }
    return report_sheets_deliver(path, ok, out, o, "ODS", zip_lib_ready() ? NULL : zip_lib_why());
}
