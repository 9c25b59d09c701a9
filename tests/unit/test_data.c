/* tests/unit/test_data.c: typing raw rows against a charter's schema (runtime/data.c, data_header.c): values, headers, rejections. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "data.h"
#include "gc.h"
#include "headers.h"
#include "num.h"
#include "table.h"
#include "utf8.h"

#include "hour_table.h"

#define NBSP  "\xC2\xA0"
#define NNBSP "\xE2\x80\xAF"

static const char *const choices[] = { "embauche_directe", "etti", "formation" };

static MColumn column(const char *name, MColType type, bool required)
{
    return (MColumn){ .name = name, .key = headers_key(name, strlen(name)), .type = type, .required = required,
                      .ref_table = -1 };
}

/* A model with only what typing needs: two families, two scopes, and a marches table. */
static Model *small_model(void)
{
    Model *m = RT_NEW(Model);
    m->nfamilies = 2;
    m->families = RT_NEW_ARRAY(MFamily, 2);
    m->families[0].id = "nettoyage";
    m->families[1].id = "travaux";
    m->nscopes = 2;
    m->scopes = RT_NEW_ARRAY(MScope, 2);
    m->scopes[0] = (MScope){ .id = "national", .parent = -1 };
    m->scopes[1] = (MScope){ .id = "air_bel", .parent = 0, .depth = 1 };
    MTable *t = &m->tables[M_TABLE_MARCHES];
    t->name = "marches";
    t->columns = RT_NEW_ARRAY(MColumn, 6);
    t->columns[0] = column("marche", M_COL_ID, true);
    t->columns[1] = column("famille", M_COL_FAMILY, true);
    t->columns[2] = column("montant_ht", M_COL_AMOUNT, true);
    t->columns[3] = column("date_notification", M_COL_DATE, true);
    t->columns[4] = column("heures_travaillees", M_COL_HOURS, false);
    t->columns[5] = column("sous_traite", M_COL_BOOL, false);
    t->columns[5].has_default = true;
    t->columns[5].default_value = val_bool(false);
    t->ncolumns = 6;
    t->id_column = 0;
    t = &m->tables[M_TABLE_PARTICIPANTS];
    t->name = "participants";
    t->columns = RT_NEW_ARRAY(MColumn, 2);
    t->columns[0] = column("participant", M_COL_ID, true);
    t->columns[1] = column("date_naissance", M_COL_DATE, true);
    t->columns[1].personal = true;
    t->ncolumns = 2;
    t->id_column = 0;
    return m;
}

static Value parse_ok(const Model *m, const MColumn *col, const char *text)
{
    Value v;
    Say why = SAY_NONE;
    if (!data_parse_value(m, col, text, strlen(text), val_new_num(), &v, &why))
        fail_msg("'%s' rejected: %s", text, why.fr);
    return v;
}

static void parse_fails(const Model *m, const MColumn *col, const char *text)
{
    Value v;
    Say why = SAY_NONE;
    if (data_parse_value(m, col, text, strlen(text), val_new_num(), &v, &why))
        fail_msg("'%s' accepted", text);
    assert_non_null(why.fr);
    assert_non_null(why.en);
}

static void assert_value_num(Value v, const char *want)
{
    mpq_t q;
    mpq_init(q);
    assert_int_equal(mpq_set_str(q, want, 10), 0);
    mpq_canonicalize(q);
    assert_int_equal(v.kind, VAL_NUM);
    if (!mpq_equal(v.as.num, q))
        fail_msg("got %s, want %s", num_to_decimal(v.as.num, 6), want);
}

static void test_numbers_as_exports_write_them(void **state)
{
    Model *m = small_model();
    MColumn amount = column("montant_ht", M_COL_AMOUNT, true);
    MColumn hours = column("heures", M_COL_HOURS, true);
    assert_value_num(parse_ok(m, &amount, "1234.5"), "2469/2");
    assert_value_num(parse_ok(m, &amount, "1234,5"), "2469/2");
    assert_value_num(parse_ok(m, &amount, "1 234,50 €"), "2469/2");
    assert_value_num(parse_ok(m, &amount, "1" NBSP "234,50€"), "2469/2");
    assert_value_num(parse_ok(m, &amount, "100" NNBSP "000 €"), "100000");
    assert_value_num(parse_ok(m, &hours, "12h"), "12");
    assert_value_num(parse_ok(m, &hours, "731,5 h"), "1463/2");
    parse_fails(m, &amount, "1.234,5");
    parse_fails(m, &amount, "12,3,4");
    parse_fails(m, &amount, "-5 000");
    parse_fails(m, &amount, "12 h");
    parse_fails(m, &amount, "€");
    parse_fails(m, &hours, "1e3h");
    parse_fails(m, &hours, "1 000e3");
    MColumn level = column("niveau", M_COL_INT, false);
    level.has_min = level.has_max = true;
    mpq_init(level.min);
    mpq_init(level.max);
    mpq_set_si(level.min, 1, 1);
    mpq_set_si(level.max, 8, 1);
    assert_value_num(parse_ok(m, &level, "3"), "3");
    parse_fails(m, &level, "9");
    parse_fails(m, &level, "3,5");
    MColumn months = column("mois_inscription", M_COL_INT, false);
    parse_fails(m, &months, "-1");
    MColumn rate = column("taux", M_COL_RATE, false);
    assert_value_num(parse_ok(m, &rate, "12,5 %"), "1/8");
    parse_fails(m, &rate, "12,5");     /* a percentage without its sign: ambiguous */
}

static void test_dates_months_booleans(void **state)
{
    Model *m = small_model();
    MColumn date = column("d", M_COL_DATE, true), month = column("m", M_COL_MONTH, true);
    MColumn flag = column("b", M_COL_BOOL, false);
    Date d;
    assert_true(date_from_ymd(2024, 3, 31, &d));
    assert_int_equal(parse_ok(m, &date, "31/03/2024").as.date, d);
    assert_int_equal(parse_ok(m, &date, "2024-03-31").as.date, d);
    /* a hand-typed cell without leading zeros is the same date */
    assert_int_equal(parse_ok(m, &date, "1/3/2024").as.date, parse_ok(m, &date, "01/03/2024").as.date);
    parse_fails(m, &date, "1/3/24");
    parse_fails(m, &date, "2024-3-1");
    parse_fails(m, &date, "30/02/2024");
    parse_fails(m, &date, "2024-03");
    assert_int_equal(parse_ok(m, &month, "2024-03").as.month, month_make(2024, 3));
    assert_int_equal(parse_ok(m, &month, "03/2024").as.month, month_make(2024, 3));
    assert_int_equal(parse_ok(m, &month, "3/2024").as.month, month_make(2024, 3));
    parse_fails(m, &month, "3/24");
    parse_fails(m, &month, "13/2024");
    static const char *const yes[] = { "oui", "OUI", "Vrai", "o", "1", "true", "Yes" };
    static const char *const no[] = { "non", "Faux", "N", "0", "FALSE", "no" };
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
        assert_true(parse_ok(m, &flag, yes[i]).as.b);
    for (size_t i = 0; i < sizeof no / sizeof *no; i++)
        assert_false(parse_ok(m, &flag, no[i]).as.b);
    parse_fails(m, &flag, "y");
    parse_fails(m, &flag, "peut-être");
}

/* A date cell of 10 bytes (data_date_fast's two forms, read in place) as
** date_parse, the general reader, reads it: every byte of 2024-03-31,
** 31/03/2024 and of a leap day replaced by bytes near a digit, a dash and a
** slash (':' and '/' are the bytes after and before the digits). */
static void test_ten_byte_dates_as_date_parse(void **state)
{
    Model *m = small_model();
    MColumn date = column("d", M_COL_DATE, true);
    static const char *const bases[] = { "2024-03-31", "31/03/2024", "2024-02-29", "29/02/2024", "2023-02-29",
                                         "0001-01-01", "9999-12-31", "2024-12-01", "2024-00-10", "2024-01-00" };
    static const char subs[] = { '0', '1', '2', '3', '9', ':', '/', '-', '.', ' ', 'a', '\x10', '\xB0', ';', '?' };
    int accepted = 0;
    for (size_t b = 0; b < sizeof bases / sizeof *bases; b++) {
        for (int i = -1; i < 10; i++) {
            for (size_t k = 0; k < (i < 0 ? 1 : sizeof subs); k++) {
                char text[11];
                memcpy(text, bases[b], 11);
                if (i >= 0)
                    text[i] = subs[k];
                Date want;
                bool ok = date_parse(text, 10, &want);
                Value v;
                Say why = SAY_NONE;
                bool fast = data_parse_value(m, &date, text, 10, val_new_num(), &v, &why);
                if (text[0] == ' ' || text[9] == ' ')
                    continue;   /* trimmed first: another length */
                if (ok != fast || (ok && v.as.date != want))
                    fail_msg("'%s': date_parse %d, the cell's reading %d", text, ok, fast);
                accepted += ok;
            }
        }
    }
    assert_true(accepted > 50);
}

/* data_parse_bool's words as its first version read them, a word at a time. */
static bool reference_bool(const char *s, size_t n, bool *out)
{
    static const char *const words[] = { "oui", "vrai", "o", "1", "true", "yes",
                                         "non", "faux", "n", "0", "false", "no" };
    while (n > 0 && strchr(" \t\r\n", s[0]) && s[0])
        s++, n--;
    while (n > 0 && strchr(" \t\r\n", s[n - 1]) && s[n - 1])
        n--;
    if (n == 0 || n > 5)
        return false;
    char low[6];
    for (size_t i = 0; i < n; i++)
        low[i] = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] - 'A' + 'a') : s[i];
    for (size_t k = 0; k < sizeof words / sizeof *words; k++)
        if (strlen(words[k]) == n && memcmp(words[k], low, n) == 0) {
            *out = k < 6;
            return true;
        }
    return false;
}

/* Every text of up to 4 bytes over the words' letters in both cases, digits,
** blanks and NUL, the bytes next to the capitals ('@', '[') and to the
** lower case letters ('`', '{'), those that differ from a digit or a letter
** by 0x20 only (DLE, DC1, 0xCF, 0xEE), and every word in every case with
** blanks around: the same verdict and value as the word-at-a-time reading. */
static void test_booleans_as_the_word_list_reads_them(void **state)
{
    static const char alphabet[] = "ouivrayesnfxlt01OUIVRAYESNFXLT \t@[`{\x10\x11\xCF\xEE";
    size_t na = sizeof alphabet;    /* with the final NUL, a byte inside a cell too */
    char buf[8];
    long checked = 0;
    for (size_t len = 0; len <= 4; len++) {
        size_t total = 1;
        for (size_t i = 0; i < len; i++)
            total *= na;
        for (size_t code = 0; code < total; code++) {
            size_t c = code;
            for (size_t i = 0; i < len; i++, c /= na)
                buf[i] = alphabet[c % na];
            bool want = false, got = false;
            bool want_ok = reference_bool(buf, len, &want), got_ok = data_parse_bool(buf, len, &got);
            assert_int_equal(got_ok, want_ok);
            if (want_ok)
                assert_int_equal(got, want);
            checked++;
        }
    }
    static const char *const words[] = { "oui", "vrai", "o", "1", "true", "yes",
                                         "non", "faux", "n", "0", "false", "no", "falsee", "fals", "nonn" };
    for (size_t k = 0; k < sizeof words / sizeof *words; k++) {
        size_t n = strlen(words[k]);
        for (unsigned mask = 0; mask < 1u << n; mask++) {
            char cell[16];
            cell[0] = ' ';
            for (size_t i = 0; i < n; i++)
                cell[1 + i] = mask >> i & 1 && words[k][i] >= 'a' ? (char)(words[k][i] - 'a' + 'A') : words[k][i];
            cell[1 + n] = '\t';
            for (size_t from = 0; from <= 1; from++)
                for (size_t to = 1 + n; to <= 2 + n; to++) {
                    bool want = false, got = false;
                    bool want_ok = reference_bool(cell + from, to - from, &want);
                    assert_int_equal(data_parse_bool(cell + from, to - from, &got), want_ok);
                    assert_int_equal(want_ok, n <= 5 && k < 12);
                    if (want_ok)
                        assert_int_equal(got, want);
                }
        }
    }
    assert_true(checked > 1000000);
}

/* Codes of closed lists are matched as headers are: regardless of case and
** accents, and the cell says it was (for the report's note). */
static void test_codes_match_case_and_accent_blind(void **state)
{
    Model *m = small_model();
    MColumn mod = column("modalite", M_COL_CHOICE, true);
    mod.choices = (const char **)choices;
    mod.nchoices = 3;
    assert_string_equal(parse_ok(m, &mod, "etti").as.text, "etti");
    assert_string_equal(parse_ok(m, &mod, "ETTI").as.text, "etti");
    assert_string_equal(parse_ok(m, &mod, "Formation").as.text, "formation");
    assert_string_equal(parse_ok(m, &mod, "Embauche directe").as.text, "embauche_directe");
    Value v;
    Say why;
    assert_false(data_parse_value(m, &mod, "interim", 7, val_new_num(), &v, &why));
    assert_non_null(strstr(why.fr, "embauche_directe, etti, formation"));
    MColumn fam = column("famille", M_COL_FAMILY, true), scope = column("perimetre", M_COL_SCOPE, true);
    assert_string_equal(parse_ok(m, &fam, "travaux").as.text, "travaux");
    assert_string_equal(parse_ok(m, &fam, "TRAVAUX").as.text, "travaux");
    parse_fails(m, &fam, "plomberie");
    assert_string_equal(parse_ok(m, &scope, "air_bel").as.text, "air_bel");
    assert_string_equal(parse_ok(m, &scope, "Air Bel").as.text, "air_bel");
    /* Two codes that differ only by case: only the exact spelling tells them apart. */
    static const char *const sexes[] = { "F", "f" };
    MColumn odd = column("odd", M_COL_CHOICE, true);
    odd.choices = (const char **)sexes;
    odd.nchoices = 2;
    assert_string_equal(parse_ok(m, &odd, "f").as.text, "f");
    parse_fails(m, &odd, "F\xCC\x81");
}

/* Dates as spreadsheets write date-times: the time is read, checked and dropped. */
static void test_dates_with_a_time(void **state)
{
    Model *m = small_model();
    MColumn date = column("d", M_COL_DATE, true);
    Date d;
    assert_true(date_from_ymd(2022, 3, 15, &d));
    static const char *const ok[] = { "15/03/2022 00:00", "15/03/2022 00:00:00", "2022-03-15T00:00:00",
                                      "2022-03-15 00:00:00", "2022-03-15T00:00:00.000", "15/03/2022 14:30",
                                      "15/03/2022  9:05:59" };
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++)
        assert_int_equal(parse_ok(m, &date, ok[i]).as.date, d);
    static const char *const bad[] = { "15/03/2022 24:00", "15/03/2022 00:60", "15/03/2022 0", "15/03/2022T",
                                       "15/03/2022 00:00 PM", "2022-03-15T", "2022-03-15T00:00:00.",
                                       "31/02/2022 00:00", "15/03/2022 00:00:61" };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        parse_fails(m, &date, bad[i]);
    bool has_time, midnight;
    assert_true(date_parse_with_time("15/03/2022 00:00", 16, &d, &has_time, &midnight));
    assert_true(has_time && midnight);
    assert_true(date_parse_with_time("15/03/2022 00:00:01", 19, &d, &has_time, &midnight));
    assert_true(has_time && !midnight);
    assert_true(date_parse_with_time("15/03/2022", 10, &d, &has_time, &midnight));
    assert_false(has_time);
}

/* Excel's forms: "1 234,50 €", "1234.5", "1,2345E+03"; and rates with % or as a fraction. */
static void test_spreadsheet_numbers_and_rates(void **state)
{
    Model *m = small_model();
    MColumn amount = column("a", M_COL_AMOUNT, true), hours = column("h", M_COL_HOURS, true);
    MColumn rate = column("r", M_COL_RATE, true), count = column("n", M_COL_INT, true);
    assert_value_num(parse_ok(m, &amount, "1 234,50 €"), "2469/2");
    assert_value_num(parse_ok(m, &amount, "1234.5"), "2469/2");
    assert_value_num(parse_ok(m, &amount, "1,2345E+03"), "2469/2");
    assert_value_num(parse_ok(m, &amount, "1.2345e3"), "2469/2");
    assert_value_num(parse_ok(m, &hours, "1,5E-01"), "3/20");
    assert_value_num(parse_ok(m, &hours, "2E+00"), "2");
    assert_value_num(parse_ok(m, &count, "1E+01"), "10");
    /* ambiguous or malformed: more than one digit before the mark, no exponent digits, too big an exponent */
    parse_fails(m, &amount, "12,345E+03");
    parse_fails(m, &amount, "1,2345E");
    parse_fails(m, &amount, "1,2E+999");
    parse_fails(m, &amount, "-1,2E+02");
    parse_fails(m, &count, "1,5E+00");
    /* A scientific number whose decimal writing passes 60 digits says so, as that writing would. */
    Value v;
    Say why = SAY_NONE;
    assert_false(data_parse_value(m, &hours, "5E-60", 5, val_new_num(), &v, &why));
    assert_non_null(strstr(why.fr, "trop long"));
    assert_non_null(strstr(why.en, "too long"));
    assert_value_num(parse_ok(m, &hours, "5E-59"), "1/20000000000000000000000000000000000000000000000000000000000");
    assert_value_num(parse_ok(m, &rate, "12 %"), "3/25");
    assert_value_num(parse_ok(m, &rate, "12,5 %"), "1/8");
    assert_value_num(parse_ok(m, &rate, "0,12"), "3/25");
    assert_value_num(parse_ok(m, &rate, "1"), "1");
    assert_value_num(parse_ok(m, &rate, "0"), "0");
    parse_fails(m, &rate, "12");
    parse_fails(m, &rate, "1,5");
    parse_fails(m, &rate, "-0,1");
}

/* ---- tables --------------------------------------------------------------------------------- */

static TableReader *reader(const char *file, int ncols, const char **head, int nrows, const char *const *cells)
{
    TableRow *rows = RT_NEW_ARRAY(TableRow, nrows + 1);
    for (int r = 0; r < nrows; r++) {
        rows[r].line = r + 2;
        rows[r].cells = RT_NEW_ARRAY(TableCell, ncols);
        for (int c = 0; c < ncols; c++) {
            const char *s = cells[r * ncols + c];
            rows[r].cells[c] = (TableCell){ s, s ? strlen(s) : 0 };
        }
    }
    return table_open_rows(file, ncols, head, nrows, rows);
}

static void test_headers_match_loosely(void **state)
{
    Model *m = small_model();
    const char *head[] = { "Marché", "Famille", "Montant HT", "Date_Notification", "Commentaire" };
    const char *cells[] = { " M1 ", "travaux", "100 000 €", "01/03/2022", "secret" };
    DataError err;
    DataTable *t = data_open_reader(m, M_TABLE_MARCHES, reader("marches.csv", 5, head, 1, cells), &err);
    assert_non_null(t);
    int n;
    const Say *notes = data_notes(t, &n);
    assert_int_equal(n, 1);
    assert_non_null(strstr(notes[0].fr, "« Commentaire »"));
    DataRow row;
    assert_int_equal(data_next(t, &row, &err), DATA_ROW_OK);
    assert_string_equal(row.values[0].as.text, "M1");
    assert_int_equal(row.values[4].kind, VAL_NULL);      /* optional, absent */
    assert_int_equal(row.values[5].kind, VAL_BOOL);      /* default */
    assert_int_equal(data_next(t, &row, &err), DATA_END);
}

static void test_missing_required_column_is_a_table_error(void **state)
{
    Model *m = small_model();
    const char *head[] = { "marche", "famille", "date_notification" };
    DataError err;
    assert_null(data_open_reader(m, M_TABLE_MARCHES, reader("marches.csv", 3, head, 0, NULL), &err));
    assert_non_null(strstr(err.msg.fr, "colonne obligatoire « montant_ht » absente"));
    assert_non_null(strstr(err.msg.en, "required column “montant_ht” is missing"));
    const char *twice[] = { "marche", "famille", "montant_ht", "Montant HT", "date_notification" };
    assert_null(data_open_reader(m, M_TABLE_MARCHES, reader("marches.csv", 5, twice, 0, NULL), &err));
    assert_non_null(strstr(err.msg.fr, "désignent toutes deux"));
}

/* The forms exports use: joining words, units in brackets, upper case, no accents. */
static void test_headers_as_exports_write_them(void **state)
{
    Model *m = small_model();
    const char *head[] = { "N° MARCHE", "Famille", "Montant HT (€)", "Date de notification", "Heures travaillées [h]" };
    const char *cells[] = { "M1", "travaux", "1 234,50 €", "15/03/2022 00:00", "1,2E+02" };
    DataError err;
    MTable *t0 = &m->tables[M_TABLE_MARCHES];
    /* the charter gives marche the export's name */
    t0->columns[0].headers = RT_NEW_ARRAY(const char *, 1);
    t0->columns[0].header_keys = RT_NEW_ARRAY(const char *, 1);
    t0->columns[0].headers[0] = "N° marché";
    t0->columns[0].header_keys[0] = headers_key("N° marché", strlen("N° marché"));
    t0->columns[0].nheaders = 1;
    DataTable *t = data_open_reader(m, M_TABLE_MARCHES, reader("marches.csv", 5, head, 1, cells), &err);
    if (!t)
        fail_msg("%s", err.msg.fr);
    DataRow row;
    assert_int_equal(data_next(t, &row, &err), DATA_ROW_OK);
    assert_string_equal(row.values[0].as.text, "M1");
    assert_value_num(row.values[2], "2469/2");
    assert_value_num(row.values[4], "120");
    assert_int_equal(data_next(t, &row, &err), DATA_END);
    int n;
    data_notes(t, &n);
    assert_int_equal(n, 0);     /* a midnight time and exact codes: nothing to say */
}

/* Every missing column in one error chain, each with the closest header left. */
static void test_every_missing_column_at_once(void **state)
{
    Model *m = small_model();
    const char *head[] = { "marche", "Famille de marché", "Montant", "Date notif" };
    DataError err;
    assert_null(data_open_reader(m, M_TABLE_MARCHES, reader("marches.csv", 4, head, 0, NULL), &err));
    const char *want[] = { "colonne obligatoire « famille » absente ; vouliez-vous dire « Famille de marché » ?",
                           "colonne obligatoire « montant_ht » absente ; vouliez-vous dire « Montant » ?",
                           "colonne obligatoire « date_notification » absente ; vouliez-vous dire « Date notif » ?" };
    const DataError *e = &err;
    for (size_t i = 0; i < sizeof want / sizeof *want; i++, e = e->next) {
        assert_non_null(e);
        assert_string_equal(e->code, "C0806");
        assert_string_equal(e->msg.fr, want[i]);
    }
    assert_null(e);
    /* nothing close: the columns read are listed instead */
    const char *far[] = { "marche", "famille", "xyz", "date_notification" };
    assert_null(data_open_reader(m, M_TABLE_MARCHES, reader("marches.csv", 4, far, 0, NULL), &err));
    assert_string_equal(err.msg.fr, "colonne obligatoire « montant_ht » absente (colonnes lues : « marche », "
                                    "« famille », « xyz », « date_notification »)");
    assert_null(err.next);
}

/* Notes of what reading changed: a non-midnight time per column; codes read
** case-blind once each, never quoting a participant's spelling. */
static void test_value_notes(void **state)
{
    Model *m = small_model();
    MTable *t0 = &m->tables[M_TABLE_MARCHES];
    (void)t0;
    const char *head[] = { "marche", "famille", "montant_ht", "date_notification" };
    const char *cells[] = { "M1", "Travaux", "1", "15/03/2022 10:30",
                            "M2", "TRAVAUX", "1", "16/03/2022",
                            "M3", "Travaux", "1", "17/03/2022 00:00" };
    DataError err;
    DataTable *t = data_open_reader(m, M_TABLE_MARCHES, reader("marches.csv", 4, head, 3, cells), &err);
    DataRow row;
    for (int i = 0; i < 3; i++)
        assert_int_equal(data_next(t, &row, &err), DATA_ROW_OK);
    assert_int_equal(data_next(t, &row, &err), DATA_END);
    int n;
    const Say *notes = data_notes(t, &n);
    assert_int_equal(n, 2);
    assert_string_equal(notes[0].fr, "marches.csv : colonne « famille » : codes lus sans tenir compte de la casse "
                                     "ni des accents : « Travaux » → travaux, « TRAVAUX » → travaux");
    assert_string_equal(notes[1].fr, "marches.csv : colonne « date_notification » : des dates portent une heure "
                                     "autre que minuit ; l'heure est ignorée, seule la date compte");
}

static void test_rejections_say_why(void **state)
{
    Model *m = small_model();
    const char *head[] = { "marche", "famille", "montant_ht", "date_notification", "heures_travaillees" };
    const char *cells[] = {
        "M1", "travaux", "abc", "01/03/2022", "",
        "M2", "travaux", "", "01/03/2022", "",
        "M3", "travaux", "1", "01/03/2022", "-3",
        "M4", "travaux", "1\x01\x02" "2345678901234567890123456789012345678901234567890", "01/03/2022", "",
    };
    DataError err;
    DataTable *t = data_open_reader(m, M_TABLE_MARCHES, reader("marches.csv", 5, head, 4, cells), &err);
    DataRow row;
    assert_int_equal(data_next(t, &row, &err), DATA_ROW_REJECTED);
    assert_string_equal(row.reason.fr, "colonne « montant_ht » : « abc » invalide ; nombre attendu");
    assert_string_equal(row.reason.en, "column “montant_ht”: invalid value “abc”; number expected");
    assert_int_equal(row.line, 2);
    assert_string_equal(row.id, "M1");
    assert_int_equal(data_next(t, &row, &err), DATA_ROW_REJECTED);
    assert_string_equal(row.reason.fr, "colonne « montant_ht » : valeur manquante");
    assert_int_equal(data_next(t, &row, &err), DATA_ROW_REJECTED);
    assert_non_null(strstr(row.reason.fr, "valeur négative"));
    assert_int_equal(data_next(t, &row, &err), DATA_ROW_REJECTED);
    assert_null(strchr(row.reason.fr, '\x01'));            /* control characters are not echoed */
    assert_non_null(strstr(row.reason.fr, "…"));           /* long values are cut */
}

/* Whole numbers and booleans read by a table (data_next, whose common cells
** take a fast path) are what data_parse_value gives, and a cell it refuses is
** refused with its reason: bounds, signs, forms and sizes. */
static void test_table_cells_as_parse_value(void **state)
{
    Model *m = small_model();
    MTable *t = &m->tables[M_TABLE_MARCHES];
    t->columns = RT_NEW_ARRAY(MColumn, 5);
    t->columns[0] = column("marche", M_COL_ID, true);
    t->columns[1] = column("lots", M_COL_INT, false);
    t->columns[1].has_min = t->columns[1].has_max = true;
    mpq_init(t->columns[1].min);
    mpq_init(t->columns[1].max);
    mpq_set_si(t->columns[1].min, -2, 1);
    mpq_set_si(t->columns[1].max, 12, 1);
    t->columns[2] = column("mois", M_COL_INT, false);
    t->columns[3] = column("part", M_COL_INT, false);
    t->columns[3].has_min = true;
    mpq_init(t->columns[3].min);
    mpq_set_si(t->columns[3].min, 1, 2);    /* not a whole bound: the general path judges */
    t->columns[4] = column("drapeau", M_COL_BOOL, false);
    t->ncolumns = 5;
    static const char *const ints[] = { "0", "1", "12", "13", "-1", "-2", "-3", "007", "12.0", "1,0", " 5 ", "+3",
                                        "1e2", "abc", "9223372036854775807", "99999999999999999999", "-0", "3.5",
                                        "-9223372036854775808", "1 000", "", "8", "-12" };
    /* (an empty cell before others: each cell after it typed the fast way again, mixed_row) */
    static const char *const flags[] = { "oui", "NON", "true", "False", "o", "n", "1", "0", " vrai ", "2", "peut",
                                         "yes", "No", "faux", "", "false", "TRUE", "fals", "truee", "tRUE", "true ",
                                         "fAlse", "trux", "falsx", "xalse", "frue" };
    enum { NI = sizeof ints / sizeof *ints, NF = sizeof flags / sizeof *flags, NROWS = NI * NF };
    const char *head[] = { "marche", "lots", "mois", "part", "drapeau" };
    const char **cells = RT_NEW_ARRAY(const char *, NROWS * 5);
    for (int r = 0; r < NROWS; r++) {
        cells[r * 5] = rt_sprintf("M%d", r);
        cells[r * 5 + 1] = cells[r * 5 + 2] = cells[r * 5 + 3] = ints[r % NI];
        cells[r * 5 + 4] = flags[r / NI];
    }
    DataError err;
    DataTable *dt = data_open_reader(m, M_TABLE_MARCHES, reader("marches.csv", 5, head, NROWS, cells), &err);
    assert_non_null(dt);
    int accepted = 0, refused = 0;
    for (int r = 0; r < NROWS; r++) {
        DataRow row;
        DataStatus st = data_next(dt, &row, &err);
        bool want_ok = true;
        const char *first_why = NULL;
        for (int c = 1; c < 5; c++) {
            Value v;
            Say why = SAY_NONE;
            const char *text = cells[r * 5 + c];
            /* an empty cell: none of these columns is required, none has a default */
            bool ok = !*text ? (v = val_null(), true)
                             : data_parse_value(m, &t->columns[c], text, strlen(text), val_new_num(), &v, &why);
            if (!ok && want_ok)
                first_why = why.fr;
            want_ok = want_ok && ok;
            if (ok && st == DATA_ROW_OK) {
                assert_int_equal(row.values[c].kind, v.kind);
                if (v.kind == VAL_NUM)
                    assert_true(mpq_equal(row.values[c].as.num, v.as.num));
                else if (v.kind == VAL_BOOL)
                    assert_int_equal(row.values[c].as.b, v.as.b);
            }
        }
        assert_int_equal(st, want_ok ? DATA_ROW_OK : DATA_ROW_REJECTED);
        if (!want_ok) {
            if (!strstr(row.reason.fr, first_why))
                fail_msg("row %d: reason '%s' lacks '%s'", r, row.reason.fr, first_why);
            refused++;
        } else {
            accepted++;
        }
    }
    assert_int_equal(data_next(dt, &(DataRow){ 0 }, &err), DATA_END);
    assert_true(accepted > 20 && refused > 20);
}

static void test_participant_values_are_never_quoted(void **state)
{
    Model *m = small_model();
    const char *head[] = { "participant", "date_naissance" };
    const char *cells[] = { "P1", "31/02/1961" };
    DataError err;
    DataTable *t = data_open_reader(m, M_TABLE_PARTICIPANTS, reader("participants.csv", 2, head, 1, cells), &err);
    DataRow row;
    assert_int_equal(data_next(t, &row, &err), DATA_ROW_REJECTED);
    assert_null(strstr(row.reason.fr, "1961"));
    assert_null(strstr(row.reason.en, "1961"));
    assert_non_null(strstr(row.reason.fr, "date_naissance"));
}

static void test_json_numbers_are_exact(void **state)
{
    Model *m = small_model();
    char dir[] = "/tmp/charte-data-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char *path = rt_sprintf("%s/marches.json", dir);
    FILE *f = fopen(path, "w");
    fputs("[{\"marche\": \"M1\", \"famille\": \"travaux\", \"montant_ht\": 150000.00, \"date_notification\": \"2022-03-01\","
          " \"heures_travaillees\": 0.1},\n"
          " {\"marche\": \"M2\", \"famille\": \"travaux\", \"montant_ht\": 123.45, \"date_notification\": \"2022-03-01\"}]\n", f);
    fclose(f);
    DataError err;
    DataTable *t = data_open(m, M_TABLE_MARCHES, dir, &err);
    if (!t)
        fail_msg("%s", err.msg.fr);
    DataRow row;
    DataStatus st = data_next(t, &row, &err);
    if (st != DATA_ROW_OK)
        fail_msg("%d: %s", (int)st, row.reason.fr);
    assert_value_num(row.values[2], "150000");
    assert_value_num(row.values[4], "1/10");
    assert_int_equal(data_next(t, &row, &err), DATA_ROW_OK);
    assert_value_num(row.values[2], "12345/100");
    data_close(t);
    unlink(path);
    rmdir(dir);
}

/* The hour table as anru declares it (contract, participant, month, hours,
** modality), with `extra` more optional columns that the file lacks: with
** none, the plan is the hour plan that data.c types step by step
** (hour_row); with one, the general loop (fast_row) types the same cells. */
static Model *hour_model(int extra)
{
    static const char *const modalities[] = { "ei", "etti", "formation" };
    Model *m = small_model();
    hour_table_columns(&m->tables[M_TABLE_HEURES], column, (const char **)modalities, 3, extra);
    m->std.h_contract = 0;
    m->std.h_participant = 1;
    m->std.h_month = 2;
    m->std.h_hours = 3;
    m->std.h_modality = 4;
    return m;
}

static DataTable *open_hours(const Model *m, const char *dir)
{
    DataError err;
    DataTable *t = data_open(m, M_TABLE_HEURES, dir, &err);
    if (!t)
        fail_msg("%s", err.msg.fr);
    data_hours_scaled_only(t);
    return t;
}

/* Cell c of two rows typed alike: the same value and the same info. */
static void assert_same_cell(const DataRow *a, const DataRow *b, int c, long line)
{
    Value va = a->values[c], vb = b->values[c];
    const DataCellInfo *ia = &a->info[c], *ib = &b->info[c];
    if (va.kind != vb.kind)
        fail_msg("line %ld, column %d: kinds %d and %d", line, c, (int)va.kind, (int)vb.kind);
    switch (va.kind) {
    case VAL_TEXT:
        assert_string_equal(va.as.text, vb.as.text);
        assert_int_equal(ia->len, ib->len);
        if (c == 4)
            assert_int_equal(ia->choice, ib->choice);
        break;
    case VAL_MONTH:
        assert_int_equal(va.as.month, vb.as.month);
        break;
    case VAL_NUM:
        assert_int_equal(ia->scaled, ib->scaled);
        if (ia->scaled) {
            assert_int_equal(ia->num.mant, ib->num.mant);
            assert_int_equal(ia->num.scale, ib->num.scale);
        } else {
            assert_true(mpq_equal(va.as.num, vb.as.num));
        }
        break;
    default:
        break;
    }
}

/* A rejected row's reasons, one per invalid cell joined by " — " in the
** file's column order: the same reasons, in whatever order the file's
** columns put them, as the same number of bytes. */
static void assert_same_reasons(const char *x, const char *y)
{
    assert_int_equal(strlen(x), strlen(y));
    for (const char *p = x, *end; *p; p = *end ? end + strlen(" — ") : end) {
        end = strstr(p, " — ");
        if (!end)
            end = p + strlen(p);
        char *piece = rt_strndup(p, (size_t)(end - p));
        if (!strstr(y, piece))
            fail_msg("reason « %s » missing from « %s »", piece, y);
    }
}

/* Hour lines typed by the hour plan's steps (hour_row) and by the general
** loop (fast_row) alike: every combination of a common cell, cells the fast
** forms leave to the general path (blanks, quotes, units, other forms,
** accents, long numbers) and bad ones, in plain CSV rows and others. */
static void test_hour_plan_types_as_the_general_loop(void **state)
{
    static const char *const contracts[] = { "M1", "M22", " M1", "", "M\xC3\xA9", "\"M1\"" };
    static const char *const participants[] = { "P1", "P 1", "", "P1 " };
    static const char *const months[] = { "2024-03", "03/2024", "2024-13", "3/2024", "abc", "" };
    static const char *const hours[] = { "6.56", "6.5", "0", "-1", "\"9,48 h\"", "1e3", "12345678901234567890",
                                         "\"6,56\"", "7" };
    static const char *const modalities[] = { "ei", "formation", "Formation", "xx", "", "etti" };
    enum { NC = 6, NP = 4, NM = 6, NH = 9, NMOD = 6 };
    /* The same lines with the columns in the plan's order (a plain row's
    ** cells at their places: hour_row_in_order) and in another (hour_row). */
    char dir[] = "/tmp/charte-data-XXXXXX", other[] = "/tmp/charte-data-XXXXXX";
    assert_non_null(mkdtemp(dir));
    assert_non_null(mkdtemp(other));
    char *path = rt_sprintf("%s/heures.csv", dir), *other_path = rt_sprintf("%s/heures.csv", other);
    FILE *f = fopen(path, "w"), *g = fopen(other_path, "w");
    fputs("marche,participant,mois,heures,modalite\n", f);
    fputs("modalite,marche,participant,mois,heures\n", g);
    long nrows = 0;
    for (int a = 0; a < NC; a++)
        for (int b = 0; b < NP; b++)
            for (int c = 0; c < NM; c++)
                for (int d = 0; d < NH; d++)
                    for (int e = 0; e < NMOD; e++, nrows++) {
                        fprintf(f, "%s,%s,%s,%s,%s\n", contracts[a], participants[b], months[c], hours[d], modalities[e]);
                        fprintf(g, "%s,%s,%s,%s,%s\n", modalities[e], contracts[a], participants[b], months[c], hours[d]);
                        /* a run of common lines now and then, as exports have */
                        if (nrows % 97 == 0)
                            for (int k = 0; k < 3; k++, nrows++) {
                                fputs("M1,P1,2024-03,6.56,ei\n", f);
                                fputs("ei,M1,P1,2024-03,6.56\n", g);
                            }
                    }
    fclose(f);
    fclose(g);
    DataTable *fast = open_hours(hour_model(0), dir), *loop = open_hours(hour_model(1), dir),
              *moved = open_hours(hour_model(0), other);
    DataError err;
    long ok = 0, rejected = 0;
    for (;;) {
        DataRow a, b, o;
        DataStatus sa = data_next(fast, &a, &err), sb = data_next(loop, &b, &err), so = data_next(moved, &o, &err);
        assert_int_equal(sa, sb);
        assert_int_equal(sa, so);
        if (sa == DATA_END)
            break;
        assert_int_equal(a.line, b.line);
        assert_int_equal(a.line, o.line);
        if (sa == DATA_ROW_REJECTED) {
            assert_string_equal(a.reason.fr, b.reason.fr);
            assert_string_equal(a.reason.en, b.reason.en);
            assert_same_reasons(a.reason.fr, o.reason.fr);
            assert_same_reasons(a.reason.en, o.reason.en);
            /* modalite is the moved file's first column: its reason comes first there */
            if (strstr(o.reason.fr, "colonne « modalite »"))
                assert_true(strncmp(o.reason.fr, "colonne « modalite »", strlen("colonne « modalite »")) == 0);
            rejected++;
            continue;
        }
        for (int c = 0; c < 5; c++) {
            assert_same_cell(&a, &b, c, a.line);
            assert_same_cell(&a, &o, c, a.line);
        }
        ok++;
    }
    assert_int_equal(ok + rejected, nrows);
    assert_true(ok > 500 && rejected > 5000);
    int na, nb;
    const Say *notes_a = data_notes(fast, &na), *notes_b = data_notes(loop, &nb);
    assert_int_equal(na, nb);
    for (int k = 0; k < na; k++)
        assert_string_equal(notes_a[k].fr, notes_b[k].fr);
    data_close(fast);
    data_close(loop);
    data_close(moved);
    unlink(path);
    rmdir(dir);
    unlink(other_path);
    rmdir(other);
}

/* A month of 7 bytes as docs/donnees.md writes its two forms, read byte by
** byte: the value data_next must give it (Month: y * 12 + m - 1). */
static bool reference_month(const char *s, Month *out)
{
    int y = 0, mo = 0;
    /* the first day of a month is that month (a spreadsheet's date made of 03/2024) */
    if (strlen(s) == 10 && s[4] == '-' && s[7] == '-' && s[8] == '0' && s[9] == '1') {
        char ym[8];
        memcpy(ym, s, 7);
        ym[7] = '\0';
        return reference_month(ym, out);
    }
    const char *year = s[4] == '-' ? s : s + 3, *month = s[4] == '-' ? s + 5 : s;
    if (strlen(s) != 7 || (s[4] != '-' && s[2] != '/'))
        return false;
    for (int i = 0; i < 4; i++) {
        if (year[i] < '0' || year[i] > '9')
            return false;
        y = y * 10 + year[i] - '0';
    }
    for (int i = 0; i < 2; i++) {
        if (month[i] < '0' || month[i] > '9')
            return false;
        mo = mo * 10 + month[i] - '0';
    }
    *out = y * 12 + mo - 1;
    return y >= 1 && mo >= 1 && mo <= 12;
}

/* The hour plan's month, hours and modality cells (data_next, on plain
** short rows: the CSV reader's and the hour plan's fast forms) against
** data_parse_value: months of both forms and of near shapes, hours with two
** decimals and near them, and modalities whose codes share a slot
** (ab, ax and Zzz) or have one alone, as written or case-blind. A typed
** value is data_parse_value's; a refused cell is refused with its reason. */
static void test_hour_cells_as_parse_value(void **state)
{
    static const char *const codes[] = { "ab", "ax", "Zzz", "ei", "etti", "formation", "embauche_directe" };
    static const char *const months[] = { "2024-03", "1999-12", "2024-00", "2024-13", "0000-03", "0001-01",
                                          "2024/03", "2024-3a", "2O24-03", "2024:03", "03/2024", "12/2024",
                                          "13/2024", "00/2024", "03-2024", "2024-3", "2024-03-01", "2024-03-15", "03/0000",
                                          "202:-03", "2024-0:", "0:/2024",
                                          /* each digit of both forms next to the digits' range (the words' tests) */
                                          ":024-03", "2:24-03", "20:4-03", "2024-:3", "/024-03", "2024-/3",
                                          ":3/2024", "03/:024", "03/2:24", "03/20:4", "03/202:", "03/202/",
                                          "/3/2024", "03/2/24", "03.2024", "09/1999", "10/0001" };
    static const char *const hours[] = { "6.56", "0.01", "12,50", "1234567890123456.78", "12345678901234567.89",
                                         "0.00", "-1.50", "6.5", "6.567", ".56", "6..5", "6.5a", "a6.56",
                                         "6/56", "06.56", "6-56", "9999999999999999.99", "1.5e3", "7",
                                         /* the four and three bytes read as one word: each byte next to its range */
                                         ":.56", "6.:6", "6.5:", "/.56", "6./6", "6.5/", "6:56", "0.00", "9,99",
                                         "7.5", "0,5", ":.5", "7.:", "/.5", "7./", "7:5", "0.0" };
    static const char *const modalities[] = { "ab", "ax", "Zzz", "ei", "etti", "formation", "embauche_directe",
                                              "AB", "zzz", "a", "abc", "ETTI", "xx", "Formation", "etta", "Zzy",
                                              "formatioN" };
    enum { NM = sizeof months / sizeof *months, NH = sizeof hours / sizeof *hours,
           NMOD = sizeof modalities / sizeof *modalities };
    Model *m = small_model();
    hour_table_columns(&m->tables[M_TABLE_HEURES], column, (const char **)codes, 7, 0);
    m->std.h_contract = 0;
    m->std.h_participant = 1;
    m->std.h_month = 2;
    m->std.h_hours = 3;
    m->std.h_modality = 4;
    const MColumn *cols = m->tables[M_TABLE_HEURES].columns;
    char dir[] = "/tmp/charte-data-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char *path = rt_sprintf("%s/heures.csv", dir);
    FILE *f = fopen(path, "w");
    fputs("marche;participant;mois;heures;modalite\n", f);   /* ';': the decimal comma is a cell's */
    /* participants in ASCII, in NFC and decomposed (the fast form is ASCII's; the others are made NFC) */
    static const char *const participants[] = { "P1", "P\xC3\xA9", "Pe\xCC\x81" };
    enum { NP = sizeof participants / sizeof *participants };
    for (int a = 0; a < NM; a++)
        for (int b = 0; b < NH; b++)
            for (int c = 0; c < NMOD; c++)
                fprintf(f, "M1;%s;%s;%s;%s\n", participants[(a + b + c) % NP], months[a], hours[b], modalities[c]);
    fclose(f);
    DataTable *t = open_hours(m, dir);
    DataError err;
    long accepted = 0, refused = 0;
    for (int a = 0; a < NM; a++)
        for (int b = 0; b < NH; b++)
            for (int c = 0; c < NMOD; c++) {
                DataRow row;
                DataStatus st = data_next(t, &row, &err);
                const char *text[5] = { "M1", participants[(a + b + c) % NP], months[a], hours[b], modalities[c] };
                Value want[5];
                const char *first_why = NULL;
                for (int k = 1; k < 5; k++) {
                    Say why = SAY_NONE;
                    bool ok = data_parse_value(m, &cols[k], text[k], strlen(text[k]), val_new_num(), &want[k], &why);
                    if (ok && k == 3 && mpq_sgn(want[k].as.num) == 0) {
                        ok = false;
                        why.fr = "strictement positif";
                    }
                    if (!ok && !first_why)
                        first_why = why.fr;
                }
                long line = 2 + (long)((a * NH + b) * NMOD + c);
                assert_int_equal(row.line, line);
                if (first_why) {
                    if (st != DATA_ROW_REJECTED || !strstr(row.reason.fr, first_why))
                        fail_msg("line %ld (%s,%s,%s): %d, reason '%s' lacks '%s'", line, text[2], text[3], text[4],
                                 (int)st, st == DATA_ROW_REJECTED ? row.reason.fr : "-", first_why);
                    refused++;
                    continue;
                }
                if (st != DATA_ROW_OK)
                    fail_msg("line %ld (%s,%s,%s): refused: %s", line, text[2], text[3], text[4], row.reason.fr);
                assert_string_equal(row.values[1].as.text, want[1].as.text);
                assert_int_equal(row.info[1].len, strlen(want[1].as.text));
                assert_int_equal(row.values[2].as.month, want[2].as.month);
                Month mo;
                if (!reference_month(text[2], &mo) || mo != row.values[2].as.month)
                    fail_msg("line %ld: month '%s' read as %d", line, text[2], (int)row.values[2].as.month);
                mpq_ptr h = row.values[3].as.num;
                if (row.info[3].scaled) {
                    h = val_new_num();
                    num_scaled_to_mpq(h, row.info[3].num);
                }
                assert_true(mpq_equal(h, want[3].as.num));
                assert_string_equal(row.values[4].as.text, want[4].as.text);
                assert_int_equal(row.info[4].len, strlen(want[4].as.text));
                assert_string_equal(codes[row.info[4].choice], want[4].as.text);
                accepted++;
            }
    assert_int_equal(data_next(t, &(DataRow){ 0 }, &err), DATA_END);
    assert_true(accepted > 200 && refused > 2000);
    data_close(t);
    unlink(path);
    rmdir(dir);
}

int main(void)
{
    rt_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numbers_as_exports_write_them),
        cmocka_unit_test(test_dates_months_booleans),
        cmocka_unit_test(test_ten_byte_dates_as_date_parse),
        cmocka_unit_test(test_booleans_as_the_word_list_reads_them),
        cmocka_unit_test(test_codes_match_case_and_accent_blind),
        cmocka_unit_test(test_dates_with_a_time),
        cmocka_unit_test(test_spreadsheet_numbers_and_rates),
        cmocka_unit_test(test_headers_match_loosely),
        cmocka_unit_test(test_missing_required_column_is_a_table_error),
        cmocka_unit_test(test_headers_as_exports_write_them),
        cmocka_unit_test(test_every_missing_column_at_once),
        cmocka_unit_test(test_value_notes),
        cmocka_unit_test(test_rejections_say_why),
        cmocka_unit_test(test_table_cells_as_parse_value),
        cmocka_unit_test(test_participant_values_are_never_quoted),
        cmocka_unit_test(test_json_numbers_are_exact),
        cmocka_unit_test(test_hour_plan_types_as_the_general_loop),
        cmocka_unit_test(test_hour_cells_as_parse_value),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
