/* runtime/report.c: the report formats' one table (names, extensions, what each is), and the pieces the writers share. */
#include "report.h"

#include "gc.h"
#include "num.h"
#include "path.h"

#include <string.h>
#include <strings.h>

/* Every format of eval's report, in the order the help and the messages list them. */
static const ReportFormatInfo report_formats[REPORT_NFORMATS] = {
    [REPORT_TEXT] = { "text", "texte", { ".txt", NULL },
                      { "un texte pour une personne (défaut)", "text for a person (default)" } },
    [REPORT_JSON] = { "json", NULL, { ".json", NULL }, { "pour un outil", "for a tool" } },
    [REPORT_CSV] = { "csv", NULL, { ".csv", NULL },
                     { "une ligne par marché, pour un tableur", "a row per contract, for a spreadsheet" } },
    [REPORT_HTML] = { "html", NULL, { ".html", ".htm" },
                      { "une page avec graphiques, à imprimer ou envoyer", "a page with charts, to print or mail" } },
    [REPORT_XLSX] = { "xlsx", NULL, { ".xlsx", NULL },
                      { "un classeur Excel, une feuille par partie", "an Excel workbook, a sheet per part" } },
    [REPORT_ODS] = { "ods", NULL, { ".ods", NULL },
                     { "un classeur OpenDocument (LibreOffice), une feuille par partie",
                       "an OpenDocument (LibreOffice) workbook, a sheet per part" } },
};

const ReportFormatInfo *report_format_info(ReportFormat f)
{
    return &report_formats[f];
}

bool report_parse_format(const char *s, ReportFormat *out)
{
    for (int f = 0; s && f < REPORT_NFORMATS; f++)
        if (strcasecmp(s, report_formats[f].name) == 0
            || (report_formats[f].alias && strcasecmp(s, report_formats[f].alias) == 0)) {
            *out = (ReportFormat)f;
            return true;
        }
    return false;
}

const char *report_extension(const char *path)
{
    const char *base = path ? path_base(path) : NULL;
    const char *dot = base ? strrchr(base, '.') : NULL;
    return dot && dot != base ? dot : NULL;
}

bool report_format_of_path(const char *path, ReportFormat *out)
{
    const char *ext = report_extension(path);
    for (int f = 0; ext && f < REPORT_NFORMATS; f++)
        for (int e = 0; e < 2 && report_formats[f].ext[e]; e++)
            if (strcasecmp(ext, report_formats[f].ext[e]) == 0) {
                *out = (ReportFormat)f;
                return true;
            }
    return false;
}

/* The words of the table, each format's name (ext false) or extensions: joined by sep, or
** as alternatives (say_either) when sep is NULL. */
static Say report_format_list(bool ext, const char *sep)
{
    const char *words[REPORT_NFORMATS * 2];
    int n = 0;
    for (int f = 0; f < REPORT_NFORMATS; f++)
        for (int e = 0; e < (ext ? 2 : 1); e++)
            if (!ext || report_formats[f].ext[e])
                words[n++] = ext ? report_formats[f].ext[e] : report_formats[f].name;
    return sep ? say(rt_join(words, n, sep), NULL) : say_either(words, n);
}

Say report_format_names(const char *sep)
{
    return report_format_list(false, sep);
}

Say report_format_extensions(const char *sep)
{
    return report_format_list(true, sep);
}

bool report_write(const EvalRun *e, const ReportOptions *o, FILE *out)
{
    switch (o->format) {
    case REPORT_TEXT: report_text(e, o, out); break;
    case REPORT_JSON: report_json(e, o, out); break;
    case REPORT_CSV:  report_csv(e, o, out); break;
    case REPORT_HTML: report_html(e, o, out); break;
    case REPORT_XLSX: return report_xlsx(e, o, out);
    case REPORT_ODS:  return report_ods(e, o, out);
    }
    return true;
}

bool report_is_binary(ReportFormat f)
{
    return f == REPORT_XLSX || f == REPORT_ODS;
}

/* fraction × 100, canonical, into pct (initialised): in native integers when its
** terms fit (100 / g and d / g are coprime, and so is the product with n), since
** canonicalising through GMP costs a thousand instructions a rate. */
static void times_hundred(mpq_ptr pct, mpq_srcptr fraction)
{
    if (mpz_fits_slong_p(mpq_numref(fraction)) && mpz_fits_slong_p(mpq_denref(fraction))) {
        long n = mpz_get_si(mpq_numref(fraction)), d = mpz_get_si(mpq_denref(fraction)), g = 100, r = d, num;
        while (r) {
            long t = g % r;
            g = r;
            r = t;
        }
        if (!__builtin_mul_overflow(n, 100 / g, &num)) {
            mpq_set_si(pct, num, (unsigned long)(d / g));
            return;
        }
    }
    mpq_set(pct, fraction);
    mpz_mul_ui(mpq_numref(pct), mpq_numref(pct), 100);
    mpq_canonicalize(pct);
}

char *report_percent(mpq_srcptr fraction, int max_frac, bool french, bool grouped)
{
    mpq_t pct;
    mpq_init(pct);
    times_hundred(pct, fraction);
    if (grouped)
        return num_to_reader(pct, max_frac, !french);
    return french ? num_to_plain_french(pct, max_frac) : num_to_decimal(pct, max_frac);
}

const char *report_version_line(const Model *m, bool english)
{
    const char *version = model_version(model_digest(m));
    if (!version)
        return NULL;
    return rt_sprintf("%s %s", english ? "Charter version" : "Version de la charte", version);
}

const char *report_note(const EvalRun *e, int i, bool english)
{
    return say_english(e->notes[i], english);
}

bool report_has_hires(const EvalRun *e)
{
    return e->files[M_TABLE_EMBAUCHES].info || e->nhires > 0;
}

int report_ntables(const EvalRun *e)
{
    return e->files[M_TABLE_EMBAUCHES].info ? M_NTABLES : M_TABLE_EMBAUCHES;
}

const char *report_semicolon(bool english)
{
    return english ? "; " : " ; ";
}

char *report_articles(const char *const *articles, int n, const ReportOptions *o)
{
    return rt_join(articles, n, report_semicolon(o->english));
}

const char *report_rate_label(bool english)
{
    return english ? "Achievement rate" : "Taux de réalisation";
}

const char *report_agree(long n, bool english, const char *one, const char *many)
{
    /* French reads 0 and 1 in the singular ("0 marché", "1 marché"), English only 1. */
    return (english ? n == 1 : n < 2) ? one : many;
}

const char *report_fewer_than_persons(long k, bool english)
{
    /* French and English both read a count under 2 as singular: "moins d'une personne", "fewer than one person". */
    if (k == 1)
        return english ? "fewer than one person" : "moins d'une personne";
    return english ? rt_sprintf("fewer than %ld persons", k) : rt_sprintf("moins de %ld personnes", k);
}

