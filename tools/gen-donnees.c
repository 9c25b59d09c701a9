/* tools/gen-donnees.c: deterministic, seeded generator of realistic contract data (marches, participants, heures) for the AMP reference charter. */
/*
 * Same seed, same profile, same format: same bytes, on every machine.  The generator uses
 * its own PRNG (splitmix64 to seed xoshiro256**), integer arithmetic only (no floating
 * point, no libm), and streams the hour lines so that the large profile runs in bounded
 * memory.  Each table draws from its own PRNG stream, so changing how one table is built
 * does not reshuffle the others.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ====================================================================== */
/* PRNG                                                                   */
/* ====================================================================== */

typedef struct {
    uint64_t s[4];
} Rng;

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static void rng_seed(Rng *r, uint64_t seed, uint64_t stream)
{
    uint64_t x = seed ^ (stream * 0xD1B54A32D192ED03ULL);
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&x);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static uint64_t rng_next(Rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

/* Uniform in [0, n), without modulo bias. */
static uint64_t rng_below(Rng *r, uint64_t n)
{
    uint64_t threshold = (0 - n) % n;
    for (;;) {
        uint64_t x = rng_next(r);
        if (x >= threshold)
            return x % n;
    }
}

/* Uniform in [lo, hi]. */
static int64_t rng_range(Rng *r, int64_t lo, int64_t hi)
{
    return lo + (int64_t)rng_below(r, (uint64_t)(hi - lo) + 1);
}

static bool rng_pct(Rng *r, int pct)
{
    return rng_below(r, 100) < (uint64_t)pct;
}

/* Index drawn with the given integer weights. */
static int rng_weighted(Rng *r, const int *w, int n)
{
    int total = 0;
    for (int i = 0; i < n; i++)
        total += w[i];
    int x = (int)rng_below(r, (uint64_t)total);
    for (int i = 0; i < n; i++) {
        if (x < w[i])
            return i;
        x -= w[i];
    }
    return n - 1;
}

/* ====================================================================== */
/* Dates (proleptic Gregorian, day numbers from 1970-01-01)               */
/* ====================================================================== */

typedef struct {
    int y, m, d;
} Date;

static long days_from_civil(Date t)
{
    long y = t.y - (t.m <= 2);
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (t.m + (t.m > 2 ? -3 : 9)) + 2) / 5 + t.d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static Date civil_from_days(long z)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    Date t;
    t.d = (int)(doy - (153 * mp + 2) / 5 + 1);
    t.m = (int)(mp < 10 ? mp + 3 : mp - 9);
    t.y = (int)(yoe + era * 400 + (t.m <= 2));
    return t;
}

static bool is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static Date random_date(Rng *r, Date lo, Date hi)
{
    return civil_from_days(rng_range(r, days_from_civil(lo), days_from_civil(hi)));
}

/* Full years; a 29 February birthday falls on 1 March in non-leap years. */
static int age_at(Date birth, Date at)
{
    int bm = birth.m, bd = birth.d;
    if (bm == 2 && bd == 29 && !is_leap(at.y)) {
        bm = 3;
        bd = 1;
    }
    int age = at.y - birth.y;
    if (at.m < bm || (at.m == bm && at.d < bd))
        age--;
    return age;
}

/* The date on which someone born on `birth` turns `years` (1 March for 29 February in a
 * non-leap year). */
static Date birthday(Date birth, int years)
{
    Date t = {birth.y + years, birth.m, birth.d};
    if (t.m == 2 && t.d == 29 && !is_leap(t.y)) {
        t.m = 3;
        t.d = 1;
    }
    return t;
}

/* ====================================================================== */
/* The AMP world                                                          */
/* ====================================================================== */

enum { F_NETTOYAGE, F_ESPACES_VERTS, F_GARDIENNAGE, F_ENCOMBRANTS, F_TRAVAUX, F_INGENIERIE, N_FAM };
static const char *const FAM_ID[N_FAM] = {"nettoyage",   "espaces_verts", "gardiennage",
                                          "encombrants", "travaux",       "ingenierie"};
static const int FAM_SHARE_PCT[N_FAM] = {80, 60, 85, 50, 35, 60};
static const int FAM_COST[N_FAM] = {25, 30, 28, 30, 40, 60};
static const int FAM_THRESHOLD[N_FAM] = {40000, 40000, 40000, 40000, 100000, 100000};

enum { S_AMP, S_MARSEILLE, S_AIX, S_AIR_BEL, S_SAINT_BARTHELEMY, S_ENCAGNANE, N_SCOPE };
static const char *const SCOPE_ID[N_SCOPE] = {"amp",     "marseille",        "aix",
                                              "air_bel", "saint_barthelemy", "encagnane"};
static const char *const SCOPE_LABEL[N_SCOPE] = {"Métropole AMP", "Marseille",
                                                 "Aix-en-Provence", "Air Bel",
                                                 "Grand Saint-Barthélemy", "Encagnane"};
/* Where the contracts are: mostly the neighbourhoods. */
static const int SCOPE_WEIGHT[N_SCOPE] = {8, 14, 8, 26, 26, 18};

/* Maîtres d'ouvrage plausible at each scope (NULL-terminated). */
static const char *const OWNERS[N_SCOPE][6] = {
    {"Métropole AMP", NULL},
    {"Ville de Marseille", "Métropole AMP", "13 Habitat", "Logirem", "Unicil", NULL},
    {"Ville d’Aix-en-Provence", "Pays d'Aix Habitat", "Métropole AMP", NULL},
    {"Logirem", "13 Habitat", "Unicil", "Ville de Marseille", "Erilia", NULL},
    {"13 Habitat", "Logirem", "Ville de Marseille", "Erilia", NULL},
    {"Pays d'Aix Habitat", "Famille & Provence", "Ville d’Aix-en-Provence", "Métropole AMP", NULL},
};

static const char *const LABELS[N_FAM][5] = {
    {"Nettoyage des parties communes", "Nettoyage des halls et cages d’escalier",
     "Propreté des espaces extérieurs, lot 1", "Mission « propreté » des pieds d’immeubles", NULL},
    {"Entretien des espaces verts", "Taille, élagage et tonte des espaces verts", "Création d’un jardin partagé",
     "Entretien des aires de jeux et des massifs", NULL},
    {"Gardiennage et médiation de nuit", "Surveillance des chantiers", "Médiation sociale et tranquillité",
     NULL},
    {"Enlèvement des encombrants", "Collecte des dépôts sauvages et encombrants", "Débarras des caves", NULL},
    {"Réhabilitation de 120 logements", "Démolition de la barre B", "Travaux de voirie, réseaux et aménagements",
     "Lot 2 \"clos-couvert\" – réhabilitation", "Résidentialisation des îlots"},
    {"Maîtrise d’œuvre urbaine", "Assistance à maîtrise d'ouvrage", "Étude de programmation, phase 2",
     "OPC – ordonnancement, pilotage, coordination", NULL},
};

static const char *const QPV_CODES[] = {"QN01305M", "QN01306I", "QN01307A", "QN01309C", "QN01311K", "QN01315R",
                                        "QN01318E", "QN01320Z", "QN01301A", "QN01302X", "QN01303H", "QN01304T"};

enum { M_EMBAUCHE_DIRECTE, M_ETTI, M_AI, M_GEIQ, M_EI, M_ACI, M_FORMATION, N_MOD };
static const char *const MOD_ID[N_MOD] = {"embauche_directe", "etti", "ai", "geiq", "ei", "aci", "formation"};
static const int MOD_WEIGHT[N_MOD] = {18, 26, 10, 10, 13, 13, 10};

/* ====================================================================== */
/* Formats and output                                                     */
/* ====================================================================== */

enum { FMT_CSV_FR, FMT_CSV, FMT_CSV_1252, FMT_JSON };

enum { T_MARCHES, T_PARTICIPANTS, T_HEURES, N_TABLE };
static const char *const TABLE_FILE[N_TABLE] = {"marches", "participants", "heures"};
#define MAX_COLS 12
static const int NCOLS[N_TABLE] = {8, 12, 5};
static const char *const KEYS[N_TABLE][MAX_COLS] = {
    {"marche", "intitule", "famille", "maitre_ouvrage", "perimetre", "montant_ht", "date_notification",
     "heures_travaillees"},
    {"participant", "sexe", "date_naissance", "qpv", "date_entree", "mois_inscription", "rsa", "ass", "aah",
     "rqth", "niveau", "pass_iae"},
    {"marche", "participant", "mois", "heures", "modalite"},
};
/* French spreadsheet headers: each one's key (case, accents, spaces, '_', '-', apostrophes
 * removed) is the column name without underscores. */
static const char *const HEADERS_FR[N_TABLE][MAX_COLS] = {
    {"Marché", "Intitulé", "Famille", "Maître ouvrage", "Périmètre", "Montant HT", "Date notification",
     "Heures travaillées"},
    {"Participant", "Sexe", "Date naissance", "QPV", "Date entrée", "Mois inscription", "RSA", "ASS", "AAH",
     "RQTH", "Niveau", "Pass IAE"},
    {"Marché", "Participant", "Mois", "Heures", "Modalité"},
};

enum { V_STR, V_NUM, V_BOOL, V_NULL, V_OMIT };

typedef struct {
    int kind;
    char s[400];
} Val;

typedef struct {
    FILE *f;
    int fmt, table;
    long rows;
    char *line, *enc;
    size_t len, cap;
} Out;

static void die(const char *msg, const char *arg)
{
    fprintf(stderr, "gen-donnees: %s%s%s\n", msg, arg ? ": " : "", arg ? arg : "");
    exit(2);
}

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        die("out of memory", NULL);
    return p;
}

static void line_put(Out *o, const char *s, size_t n)
{
    if (o->len + n + 4 > o->cap) {
        while (o->len + n + 4 > o->cap)
            o->cap = o->cap ? o->cap * 2 : 4096;
        o->line = realloc(o->line, o->cap);
        o->enc = realloc(o->enc, o->cap);
        if (!o->line || !o->enc)
            die("out of memory", NULL);
    }
    memcpy(o->line + o->len, s, n);
    o->len += n;
}

static void line_puts(Out *o, const char *s)
{
    line_put(o, s, strlen(s));
}

static const uint16_t CP1252_HIGH[32] = {
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,
    0x017E, 0x0178};

/* UTF-8 → Windows-1252; every character the generator writes has a code there. */
static size_t to_cp1252(const char *in, size_t n, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)in[i];
        unsigned cp;
        if (c < 0x80) {
            cp = c;
            i += 1;
        } else if ((c & 0xE0) == 0xC0) {
            cp = ((c & 0x1Fu) << 6) | ((unsigned char)in[i + 1] & 0x3Fu);
            i += 2;
        } else {
            cp = ((c & 0x0Fu) << 12) | (((unsigned char)in[i + 1] & 0x3Fu) << 6) | ((unsigned char)in[i + 2] & 0x3Fu);
            i += 3;
        }
        int b = -1;
        if (cp < 0x80 || (cp >= 0xA0 && cp <= 0xFF))
            b = (int)cp;
        else
            for (int k = 0; k < 32; k++)
                if (CP1252_HIGH[k] == cp)
                    b = 0x80 + k;
        if (b < 0)
            die("internal error: character not in Windows-1252", NULL);
        out[o++] = (char)b;
    }
    return o;
}

static void line_flush(Out *o)
{
    if (o->fmt == FMT_CSV_1252) {
        size_t n = to_cp1252(o->line, o->len, o->enc);
        fwrite(o->enc, 1, n, o->f);
    } else {
        fwrite(o->line, 1, o->len, o->f);
    }
    o->len = 0;
}

static bool is_french(int fmt)
{
    return fmt == FMT_CSV_FR || fmt == FMT_CSV_1252;
}

static char separator(int fmt)
{
    return is_french(fmt) ? ';' : ',';
}

static const char *eol(int fmt)
{
    return is_french(fmt) ? "\r\n" : "\n";
}

static void csv_field(Out *o, const char *s)
{
    char sep = separator(o->fmt);
    if (!strchr(s, sep) && !strchr(s, '"') && !strchr(s, '\n') && !strchr(s, '\r')) {
        line_puts(o, s);
        return;
    }
    line_put(o, "\"", 1);
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            line_put(o, "\"", 1);
        line_put(o, p, 1);
    }
    line_put(o, "\"", 1);
}

static void json_string(Out *o, const char *s)
{
    line_put(o, "\"", 1);
    for (const char *p = s; *p; p++) {
        if (*p == '"' || *p == '\\') {
            line_put(o, "\\", 1);
            line_put(o, p, 1);
        } else if (*p == '\n') {
            line_put(o, "\\n", 2);
        } else {
            line_put(o, p, 1);
        }
    }
    line_put(o, "\"", 1);
}

static void out_open(Out *o, const char *dir, int table, int fmt)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.%s", dir, TABLE_FILE[table], fmt == FMT_JSON ? "json" : "csv");
    memset(o, 0, sizeof *o);
    o->f = fopen(path, "wb");
    if (!o->f)
        die(strerror(errno), path);
    setvbuf(o->f, NULL, _IOFBF, 1 << 20);
    o->fmt = fmt;
    o->table = table;
    if (fmt == FMT_JSON) {
        line_puts(o, "[");
    } else {
        if (fmt == FMT_CSV_FR)
            line_puts(o, "\xEF\xBB\xBF");
        for (int c = 0; c < NCOLS[table]; c++) {
            if (c)
                line_put(o, &(char){separator(fmt)}, 1);
            csv_field(o, is_french(fmt) ? HEADERS_FR[table][c] : KEYS[table][c]);
        }
        line_puts(o, eol(fmt));
    }
    line_flush(o);
}

static void out_row(Out *o, const Val *v)
{
    if (o->fmt == FMT_JSON) {
        line_puts(o, o->rows ? ",\n{" : "\n{");
        bool first = true;
        for (int c = 0; c < NCOLS[o->table]; c++) {
            if (v[c].kind == V_OMIT)
                continue;
            if (!first)
                line_puts(o, ", ");
            first = false;
            json_string(o, KEYS[o->table][c]);
            line_puts(o, ": ");
            if (v[c].kind == V_STR)
                json_string(o, v[c].s);
            else if (v[c].kind == V_NULL)
                line_puts(o, "null");
            else
                line_puts(o, v[c].s);
        }
        line_puts(o, "}");
    } else {
        for (int c = 0; c < NCOLS[o->table]; c++) {
            if (c)
                line_put(o, &(char){separator(o->fmt)}, 1);
            if (v[c].kind != V_NULL && v[c].kind != V_OMIT)
                csv_field(o, v[c].s);
        }
        line_puts(o, eol(o->fmt));
    }
    o->rows++;
    line_flush(o);
}

/* Blank lines are not rows; JSON has no such thing. */
static void out_blank(Out *o)
{
    if (o->fmt == FMT_JSON)
        return;
    line_puts(o, eol(o->fmt));
    line_flush(o);
}

static void out_close(Out *o)
{
    if (o->fmt == FMT_JSON) {
        line_puts(o, o->rows ? "\n]\n" : "]\n");
        line_flush(o);
    }
    if (fclose(o->f) != 0)
        die("cannot write", TABLE_FILE[o->table]);
    free(o->line);
    free(o->enc);
}

/* ---------- value formatting ---------- */

static void val_text(Val *v, const char *s)
{
    v->kind = V_STR;
    snprintf(v->s, sizeof v->s, "%s", s);
}

static void val_null(Val *v)
{
    v->kind = V_NULL;
    v->s[0] = '\0';
}

static void val_date(Val *v, int fmt, Date t)
{
    v->kind = V_STR;
    if (is_french(fmt))
        snprintf(v->s, sizeof v->s, "%02d/%02d/%04d", t.d, t.m, t.y);
    else
        snprintf(v->s, sizeof v->s, "%04d-%02d-%02d", t.y, t.m, t.d);
}

static void val_month(Val *v, int fmt, long month)
{
    int y = (int)(month / 12), m = (int)(month % 12) + 1;
    v->kind = V_STR;
    if (is_french(fmt))
        snprintf(v->s, sizeof v->s, "%02d/%04d", m, y);
    else
        snprintf(v->s, sizeof v->s, "%04d-%02d", y, m);
}

/* Integer part with thousands groups separated by `group` (NULL: none). */
static size_t put_grouped(char *out, uint64_t v, const char *group)
{
    char digits[24];
    int n = snprintf(digits, sizeof digits, "%llu", (unsigned long long)v);
    size_t o = 0, gl = group ? strlen(group) : 0;
    for (int i = 0; i < n; i++) {
        if (group && i > 0 && (n - i) % 3 == 0) {
            memcpy(out + o, group, gl);
            o += gl;
        }
        out[o++] = digits[i];
    }
    out[o] = '\0';
    return o;
}

#define NBSP "\xC2\xA0"
#define NNBSP "\xE2\x80\xAF"

/* A value in hundredths (cents or hundredths of an hour), as this format writes it.
 * French styles: `group` between thousands, `keep_zero_cents` writes ",00", `suffix` appended. */
static void val_hundredths(Val *v, int fmt, int64_t x, const char *group, bool keep_zero_cents, const char *suffix)
{
    bool neg = x < 0;
    uint64_t a = (uint64_t)(neg ? -x : x), ip = a / 100, fp = a % 100;
    char *o = v->s;
    if (neg)
        *o++ = '-';
    bool fr = is_french(fmt);
    o += put_grouped(o, ip, fr ? group : NULL);
    char mark = fr ? ',' : '.';
    if (fp != 0 && (fr && keep_zero_cents))
        o += sprintf(o, "%c%02u", mark, (unsigned)fp);
    else if (fp != 0 && fp % 10 == 0)
        o += sprintf(o, "%c%u", mark, (unsigned)(fp / 10));
    else if (fp != 0)
        o += sprintf(o, "%c%02u", mark, (unsigned)fp);
    else if (fr && keep_zero_cents)
        o += sprintf(o, "%c00", mark);
    if (fr && suffix)
        o += sprintf(o, "%s", suffix);
    *o = '\0';
    v->kind = fmt == FMT_JSON ? V_NUM : V_STR;
}

/* Each boolean column has its own French spelling, as different exports write them. */
static void val_bool(Val *v, int fmt, int col, bool b)
{
    static const char *const FR[5][2] = {{"non", "oui"}, {"N", "O"}, {"faux", "vrai"}, {"0", "1"}, {"Non", "Oui"}};
    if (fmt == FMT_JSON) {
        v->kind = V_BOOL;
        snprintf(v->s, sizeof v->s, "%s", b ? "true" : "false");
    } else {
        v->kind = V_STR;
        snprintf(v->s, sizeof v->s, "%s", is_french(fmt) ? FR[col][b] : (b ? "true" : "false"));
    }
}

static void val_int(Val *v, int fmt, long x)
{
    v->kind = fmt == FMT_JSON ? V_NUM : V_STR;
    snprintf(v->s, sizeof v->s, "%ld", x);
}

/* ====================================================================== */
/* The data                                                               */
/* ====================================================================== */

typedef struct {
    int fam, scope;
    const char *owner;
    char label[200];
    int64_t cents;
    Date notif;
    bool has_ht;
    int64_t ht; /* hundredths of an hour */
} Contract;

typedef struct {
    bool female;
    Date birth, entry;
    int qpv; /* -1: none */
    int mois;
    signed char flag[5]; /* rsa, ass, aah, rqth, pass_iae: 0, 1, or -1 (left empty) */
    int niveau;          /* 0: unknown */
} Participant;

typedef struct {
    long contracts, participants, lines;
} Profile;

typedef struct {
    uint64_t seed;
    int fmt;
    long invalid;
    const char *dir;
    Profile size;
    Contract *ct;
    Participant *pt;
    int64_t *weight_cum; /* cumulative weights choosing the contract of an hour line */
} Gen;

static const Date AMENDMENT_1 = {2023, 1, 1};
static const Date AMENDMENT_2 = {2024, 7, 1};

/* Amount in cents: spread over bands (integers only, so identical everywhere). */
static int64_t contract_amount(Rng *r, int fam, int scope, bool under)
{
    int64_t lo, hi;
    if (under) {
        lo = 15000;
        hi = FAM_THRESHOLD[fam] - 1;
        if (fam == F_TRAVAUX && scope == S_ENCAGNANE && rng_pct(r, 60))
            lo = 50000; /* subject at Encagnane (50 000 €) but not elsewhere */
    } else {
        static const int64_t BAND[6] = {40000, 100000, 300000, 1000000, 2000000, 3000000};
        static const int W_GESTION[5] = {40, 35, 20, 5, 0};
        static const int W_TRAVAUX[5] = {0, 20, 35, 30, 15};
        static const int W_INGE[5] = {0, 45, 40, 15, 0};
        const int *w = fam == F_TRAVAUX ? W_TRAVAUX : fam == F_INGENIERIE ? W_INGE : W_GESTION;
        int b = rng_weighted(r, w, 5);
        lo = BAND[b];
        hi = BAND[b + 1];
    }
    int64_t euros = rng_range(r, lo, hi);
    int style = (int)rng_below(r, 10);
    if (style < 4)
        return euros * 100 + rng_range(r, 1, 99); /* with cents */
    if (style < 7)
        euros = euros / 10 * 10;
    else
        euros = euros < 1000 ? euros : euros / 100 * 100;
    if (euros < lo)
        euros = lo;
    return euros * 100;
}

/* Espaces verts (avenant 1, every scope) and encombrants at Saint-Barthélemy (avenant 2)
 * alternate both sides of their amendment date, sometimes on its eve or its very day. */
static Date contract_notification(Rng *r, int fam, int scope, long *alt)
{
    Date lo = {2021, 1, 1}, hi = {2025, 12, 31};
    Date pivot;
    if (fam == F_ESPACES_VERTS)
        pivot = AMENDMENT_1;
    else if (fam == F_ENCOMBRANTS && scope == S_SAINT_BARTHELEMY)
        pivot = AMENDMENT_2;
    else
        return random_date(r, lo, hi);
    bool after = (*alt)++ % 2 == 1;
    long p = days_from_civil(pivot);
    if (rng_below(r, 6) == 0)
        return civil_from_days(after ? p : p - 1);
    return after ? random_date(r, pivot, hi) : random_date(r, lo, civil_from_days(p - 1));
}

static void make_contracts(Gen *g)
{
    Rng r;
    rng_seed(&r, g->seed, 1);
    long n = g->size.contracts;
    long alt_ev = 0, alt_enc = 0;
    g->ct = xmalloc((size_t)n * sizeof *g->ct);
    g->weight_cum = xmalloc((size_t)n * sizeof *g->weight_cum);
    int64_t cum = 0;
    for (long i = 0; i < n; i++) {
        Contract *k = &g->ct[i];
        memset(k, 0, sizeof *k);
        if (i < N_FAM * N_SCOPE) { /* every family at every scope first */
            k->fam = (int)(i % N_FAM);
            k->scope = (int)(i / N_FAM);
        } else {
            k->fam = (int)rng_below(&r, N_FAM);
            k->scope = rng_weighted(&r, SCOPE_WEIGHT, N_SCOPE);
        }
        /* encombrants at Saint-Barthélemy on both sides of avenant 2 */
        if (i == N_FAM * N_SCOPE || i == N_FAM * N_SCOPE + 1) {
            k->fam = F_ENCOMBRANTS;
            k->scope = S_SAINT_BARTHELEMY;
        }
        int nown = 0;
        while (OWNERS[k->scope][nown])
            nown++;
        k->owner = OWNERS[k->scope][rng_below(&r, (uint64_t)nown)];
        int nlab = 0;
        while (nlab < 5 && LABELS[k->fam][nlab])
            nlab++;
        const char *base = LABELS[k->fam][rng_below(&r, (uint64_t)nlab)];
        snprintf(k->label, sizeof k->label, "%s – %s%s", base, SCOPE_LABEL[k->scope],
                 i == 4 ? "\n(lot n° 2, reconduction)" : "");
        bool under = rng_pct(&r, 15);
        k->cents = contract_amount(&r, k->fam, k->scope, under);
        k->notif = contract_notification(&r, k->fam, k->scope, k->fam == F_ENCOMBRANTS ? &alt_enc : &alt_ev);
        k->has_ht = rng_pct(&r, 40);
        if (k->has_ht) {
            /* reported hours near the estimate: cents × share ÷ (100 × cost) hundredths of an hour */
            int64_t h = k->cents * FAM_SHARE_PCT[k->fam] / (100 * FAM_COST[k->fam]) * rng_range(&r, 75, 125) / 100;
            int style = (int)rng_below(&r, 4);
            if (style < 2)
                h = h / 100 * 100;
            else if (style == 2)
                h = h / 50 * 50;
            k->ht = h > 0 ? h : 100;
        }
        /* Lines in proportion to the contract's size times a factor spread over 1..4096, so that
         * some contracts reach their target and others are far from it. */
        int64_t est = k->cents * FAM_SHARE_PCT[k->fam] / (100 * FAM_COST[k->fam]);
        int64_t w = (est / 100 + 1) << rng_below(&r, 13);
        cum += w;
        g->weight_cum[i] = cum;
    }
}

enum { SPECIAL_NONE, SPECIAL_TURNS_26, SPECIAL_EVE_26, SPECIAL_TURNS_50, SPECIAL_EVE_50, SPECIAL_LEAP };

static void make_participants(Gen *g)
{
    Rng r;
    rng_seed(&r, g->seed, 2);
    long n = g->size.participants;
    g->pt = xmalloc((size_t)n * sizeof *g->pt);
    static const int AGE_W[3] = {30, 50, 20};
    static const int NIV_W[8] = {6, 8, 30, 26, 12, 9, 6, 3};
    for (long i = 0; i < n; i++) {
        Participant *p = &g->pt[i];
        memset(p, 0, sizeof *p);
        p->female = rng_pct(&r, 45);
        p->entry = random_date(&r, (Date){2020, 1, 1}, (Date){2025, 12, 31});
        int special = SPECIAL_NONE;
        switch (i % 50) {
        case 7: special = SPECIAL_TURNS_26; break;
        case 17: special = SPECIAL_EVE_26; break;
        case 27: special = SPECIAL_TURNS_50; break;
        case 37: special = SPECIAL_EVE_50; break;
        case 47: special = SPECIAL_LEAP; break;
        default: break;
        }
        if (special == SPECIAL_LEAP) {
            /* born on 29 February 1996 or 1972: 26 or 50 on 1 March 2022; enters that day or the eve */
            bool senior = rng_pct(&r, 50);
            p->birth = (Date){senior ? 1972 : 1996, 2, 29};
            long day = days_from_civil(birthday(p->birth, senior ? 50 : 26));
            p->entry = civil_from_days(day - (rng_pct(&r, 50) ? 1 : 0));
        } else if (special != SPECIAL_NONE) {
            int age = special == SPECIAL_TURNS_26 || special == SPECIAL_EVE_26 ? 26 : 50;
            Date lo = {2020 - age, 1, 2}, hi = {2025 - age, 12, 30};
            p->birth = random_date(&r, lo, hi);
            Date bd = birthday(p->birth, age);
            long day = days_from_civil(bd);
            if (special == SPECIAL_EVE_26 || special == SPECIAL_EVE_50)
                day--;
            p->entry = civil_from_days(day);
        } else {
            int band = rng_weighted(&r, AGE_W, 3);
            int age = band == 0 ? (int)rng_range(&r, 17, 25) : band == 1 ? (int)rng_range(&r, 26, 49)
                                                                          : (int)rng_range(&r, 50, 64);
            if (rng_pct(&r, 1)) {
                static const int LEAPS[] = {1960, 1964, 1968, 1972, 1976, 1980, 1984, 1988, 1992, 1996, 2000, 2004, 2008};
                do
                    p->birth = (Date){LEAPS[rng_below(&r, 13)], 2, 29};
                while (age_at(p->birth, p->entry) < 17 || age_at(p->birth, p->entry) > 64);
            } else {
                /* a birth date giving exactly `age` full years at entry */
                long e = days_from_civil(p->entry);
                long hi = days_from_civil(birthday((Date){p->entry.y - age, p->entry.m, p->entry.d}, 0));
                if (hi > e)
                    hi = e;
                do
                    p->birth = civil_from_days(rng_range(&r, hi - 365, hi));
                while (age_at(p->birth, p->entry) != age);
            }
        }
        p->qpv = rng_pct(&r, 80) ? (int)rng_below(&r, sizeof QPV_CODES / sizeof QPV_CODES[0]) : -1;
        p->mois = rng_pct(&r, 30) ? 0 : (int)rng_range(&r, 1, 48);
        static const int PCT[5] = {20, 5, 6, 8, 25};
        for (int f = 0; f < 5; f++) {
            bool b = rng_pct(&r, PCT[f]);
            p->flag[f] = (signed char)b;
            if (!b && f >= 1 && f <= 3 && rng_pct(&r, 20))
                p->flag[f] = -1; /* left empty: the column's default, non */
        }
        p->niveau = rng_pct(&r, 15) ? 0 : 1 + rng_weighted(&r, NIV_W, 8);
        if (special != SPECIAL_NONE) {
            /* boundary cases decide on age alone: QPV resident, no other public */
            p->qpv = (int)(i % 12);
            p->mois = special == SPECIAL_EVE_50 || special == SPECIAL_TURNS_50 || (i / 50) % 2 ? 3 : 0;
            for (int f = 0; f < 5; f++)
                p->flag[f] = 0;
            p->niveau = (i / 50) % 4 == 3 ? 4 : 2; /* jeune needs ≤ 3 */
        }
    }
}

/* ---------- rows ---------- */

static void fmt_id(char *out, size_t cap, char prefix, int width, long n)
{
    snprintf(out, cap, "%c%0*ld", prefix, width, n);
}

static const char *amount_group(const Gen *g, long i)
{
    if (i % 3 == 2)
        return " ";
    return i % 3 == 0 && g->fmt != FMT_CSV_1252 ? NNBSP : NBSP;
}

static void contract_vals(const Gen *g, long i, const Contract *k, const char *id, Val *v)
{
    val_text(&v[0], id);
    val_text(&v[1], k->label);
    val_text(&v[2], FAM_ID[k->fam]);
    val_text(&v[3], k->owner);
    val_text(&v[4], SCOPE_ID[k->scope]);
    val_hundredths(&v[5], g->fmt, k->cents, amount_group(g, i), i % 2 == 1, i % 4 == 1 ? NBSP "€" : NULL);
    val_date(&v[6], g->fmt, k->notif);
    if (k->has_ht)
        val_hundredths(&v[7], g->fmt, k->ht, NBSP, false, i % 5 == 2 ? " h" : NULL);
    else if (g->fmt == FMT_JSON && i % 2)
        v[7].kind = V_OMIT;
    else
        val_null(&v[7]);
}

static void participant_vals(const Gen *g, const Participant *p, const char *id, Val *v)
{
    val_text(&v[0], id);
    val_text(&v[1], p->female ? "F" : "H");
    val_date(&v[2], g->fmt, p->birth);
    if (p->qpv >= 0)
        val_text(&v[3], QPV_CODES[p->qpv]);
    else
        val_null(&v[3]);
    val_date(&v[4], g->fmt, p->entry);
    val_int(&v[5], g->fmt, p->mois);
    static const int COL[5] = {6, 7, 8, 9, 11};
    for (int f = 0; f < 5; f++) {
        if (p->flag[f] < 0)
            val_null(&v[COL[f]]);
        else
            val_bool(&v[COL[f]], g->fmt, f, p->flag[f] == 1);
    }
    if (p->niveau)
        val_int(&v[10], g->fmt, p->niveau);
    else
        val_null(&v[10]);
}

static void hour_vals(const Gen *g, const char *mid, const char *pid, long month, int64_t h, int mod, bool suffix,
                      Val *v)
{
    val_text(&v[0], mid);
    val_text(&v[1], pid);
    val_month(&v[2], g->fmt, month);
    val_hundredths(&v[3], g->fmt, h, NULL, false, suffix ? " h" : NULL);
    val_text(&v[4], MOD_ID[mod]);
}

/* Invalid rows go after valid row pos(k) = (k + 1) × V ÷ (N + 1), so a duplicate always
 * follows the row it copies. */
static long invalid_pos(long k, long n_invalid, long n_valid)
{
    return (k + 1) * n_valid / (n_invalid + 1);
}

static void bad_date_text(Val *v, int fmt)
{
    v->kind = V_STR;
    snprintf(v->s, sizeof v->s, "%s", is_french(fmt) ? "31/02/2024" : "2024-02-31");
}

static void write_invalid_contract(const Gen *g, Out *o, long k, long written)
{
    Val v[MAX_COLS];
    char id[32];
    long kind = k % 8;
    const Contract *model = &g->ct[written > 0 ? written - 1 : 0];
    fmt_id(id, sizeof id, 'M', 4, g->size.contracts + 1 + k);
    if (kind == 2)
        fmt_id(id, sizeof id, 'M', 4, written > 0 ? written : 1);
    contract_vals(g, k, model, id, v);
    switch (kind) {
    case 0: val_text(&v[5], "12,3,4"); break;
    case 1: val_text(&v[2], "plomberie"); break;
    case 2: val_text(&v[1], "Doublon de saisie"); break;
    case 3: bad_date_text(&v[6], g->fmt); break;
    case 4: val_text(&v[4], "la_savine"); break;
    case 5: val_text(&v[5], "abc"); break;
    case 6: val_null(&v[3]); break;
    default: val_hundredths(&v[5], g->fmt, -500000, " ", false, NULL); break;
    }
    out_row(o, v);
}

static void write_invalid_participant(const Gen *g, Out *o, long k, long written)
{
    Val v[MAX_COLS];
    char id[32];
    long kind = k % 8;
    const Participant *model = &g->pt[written > 0 ? written - 1 : 0];
    fmt_id(id, sizeof id, 'P', 5, g->size.participants + 1 + k);
    if (kind == 1)
        fmt_id(id, sizeof id, 'P', 5, written > 0 ? written : 1);
    participant_vals(g, model, id, v);
    switch (kind) {
    case 0: bad_date_text(&v[2], g->fmt); break;
    case 1: break;
    case 2: val_text(&v[1], "X"); break;
    case 3: val_text(&v[6], "peut-être"); break;
    case 4: val_int(&v[10], g->fmt, 9); break;
    case 5: val_int(&v[5], g->fmt, -2); break;
    case 6: val_null(&v[4]); break;
    default: val_text(&v[5], is_french(g->fmt) ? "3,5" : "3.5"); break;
    }
    out_row(o, v);
}

static void write_invalid_hour(const Gen *g, Out *o, long k, const char *mid, const char *pid, long month)
{
    Val v[MAX_COLS];
    char bad[32];
    long kind = k % 10;
    hour_vals(g, mid, pid, month, 15167, M_ETTI, false, v);
    switch (kind) {
    case 0: /* the first invalid contract row is rejected, so is this line */
        fmt_id(bad, sizeof bad, 'M', 4, g->size.contracts + 1);
        val_text(&v[0], bad);
        break;
    case 1:
        fmt_id(bad, sizeof bad, 'P', 5, g->size.participants + g->invalid + 1000 + k);
        val_text(&v[1], bad);
        break;
    case 2: val_hundredths(&v[3], g->fmt, 0, NULL, false, NULL); break;
    case 3: val_text(&v[4], "interim"); break;
    case 4: val_text(&v[2], is_french(g->fmt) ? "13/2024" : "2024-13"); break;
    case 5: val_hundredths(&v[3], g->fmt, -750, NULL, false, NULL); break;
    case 6: val_null(&v[1]); break;
    case 7:
        fmt_id(bad, sizeof bad, 'M', 4, g->size.contracts + g->invalid + 100 + k);
        val_text(&v[0], bad);
        break;
    case 8: /* the first invalid participant row is rejected */
        fmt_id(bad, sizeof bad, 'P', 5, g->size.participants + 1);
        val_text(&v[1], bad);
        break;
    default: val_text(&v[3], "abc"); break;
    }
    out_row(o, v);
}

/* The valid row i of a table, and the invalid row k placed before row i. */
typedef void (*RowVals)(const Gen *g, long i, const char *id, Val *v);
typedef void (*InvalidRow)(const Gen *g, Out *o, long k, long i);

static void contract_row(const Gen *g, long i, const char *id, Val *v) { contract_vals(g, i, &g->ct[i], id, v); }
static void participant_row(const Gen *g, long i, const char *id, Val *v) { participant_vals(g, &g->pt[i], id, v); }

/* Writes n rows with ids PREFIX0001…, and the invalid rows (each other one after
** a blank line) at their deterministic places. */
static void write_table(const Gen *g, int table, long n, char prefix, int width, RowVals row, InvalidRow invalid)
{
    Out o;
    Val v[MAX_COLS];
    char id[32];
    out_open(&o, g->dir, table, g->fmt);
    long k = 0;
    for (long i = 0; i <= n; i++) {
        while (k < g->invalid && invalid_pos(k, g->invalid, n) == i) {
            if (k % 2 == 0)
                out_blank(&o);
            invalid(g, &o, k, i);
            k++;
        }
        if (i == n)
            break;
        fmt_id(id, sizeof id, prefix, width, i + 1);
        row(g, i, id, v);
        out_row(&o, v);
    }
    out_close(&o);
}

static void write_contracts(const Gen *g)
{
    write_table(g, T_MARCHES, g->size.contracts, 'M', 4, contract_row, write_invalid_contract);
}

static void write_participants(const Gen *g)
{
    write_table(g, T_PARTICIPANTS, g->size.participants, 'P', 5, participant_row, write_invalid_participant);
}

static long pick_contract(const Gen *g, Rng *r)
{
    int64_t x = (int64_t)rng_below(r, (uint64_t)g->weight_cum[g->size.contracts - 1]);
    long lo = 0, hi = g->size.contracts - 1;
    while (lo < hi) {
        long mid = lo + (hi - lo) / 2;
        if (g->weight_cum[mid] > x)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

/* Hour lines come in episodes: one participant on one contract through one modality for a run
 * of consecutive months, mostly inside the 24 months after entry, sometimes before or after. */
static void write_hours(const Gen *g)
{
    /* Hundredths of an hour on one contract in one month. Insertion hours are a
    ** part-time share of a contract's hours (a participant works across several
    ** contracts and weeks), so that the totals land near the targets, as in real
    ** monitoring data, rather than at several times them. */
    static const int64_t WORK[] = {3792, 3792, 3500, 3250, 3000, 2625, 2167, 1896, 1517, 875, 700, 350};
    static const int64_t TRAINING[] = {875, 1750, 350, 700, 1050, 2625};
    Rng r;
    rng_seed(&r, g->seed, 3);
    Out o;
    Val v[MAX_COLS];
    char mid[32], pid[32];
    out_open(&o, g->dir, T_HEURES, g->fmt);
    long n = g->size.lines, written = 0, k = 0;
    while (written < n) {
        long c = pick_contract(g, &r);
        long p = (long)rng_below(&r, (uint64_t)g->size.participants);
        int mod = rng_weighted(&r, MOD_WEIGHT, N_MOD);
        int where = (int)rng_below(&r, 100);
        long start = where < 6 ? -rng_range(&r, 1, 3) : where < 88 ? rng_range(&r, 0, 20) : rng_range(&r, 18, 30);
        long len = rng_range(&r, 1, 12);
        const Participant *pp = &g->pt[p];
        long entry = (long)pp->entry.y * 12 + pp->entry.m - 1;
        int64_t base = mod == M_FORMATION ? TRAINING[rng_below(&r, 6)] : WORK[rng_below(&r, 12)];
        fmt_id(mid, sizeof mid, 'M', 4, c + 1);
        fmt_id(pid, sizeof pid, 'P', 5, p + 1);
        for (long j = 0; j < len && written < n; j++) {
            while (k < g->invalid && invalid_pos(k, g->invalid, n) == written) {
                if (k % 2 == 0)
                    out_blank(&o);
                write_invalid_hour(g, &o, k, mid, pid, entry + start + j);
                k++;
            }
            int64_t h = rng_pct(&r, 75) ? base : WORK[rng_below(&r, 12)] / (mod == M_FORMATION ? 4 : 1);
            bool suffix = rng_pct(&r, 3) && is_french(g->fmt); /* draw in every format: same data */
            hour_vals(g, mid, pid, entry + start + j, h, mod, suffix, v);
            out_row(&o, v);
            written++;
        }
    }
    for (; k < g->invalid; k++)
        write_invalid_hour(g, &o, k, "M0001", "P00001", 24300);
    out_close(&o);
}

/* ====================================================================== */
/* Command line                                                           */
/* ====================================================================== */

static void usage(void)
{
    fputs("usage: gen-donnees [--profil demo|medium|large] [--graine N] [--format csv-fr|csv|csv-1252|json]\n"
          "                   [--invalides N] --sortie DIR\n",
          stderr);
    exit(2);
}

static void make_dirs(const char *dir)
{
    char path[4096];
    snprintf(path, sizeof path, "%s", dir);
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(path, 0777) != 0 && errno != EEXIST)
            die(strerror(errno), path);
        *p = '/';
    }
    if (mkdir(path, 0777) != 0 && errno != EEXIST)
        die(strerror(errno), path);
}

static long parse_count(const char *s)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || *end || v < 0 || v > 1000000000LL)
        usage();
    return (long)v;
}

static void warn_other_format(const Gen *g)
{
    for (int t = 0; t < N_TABLE; t++) {
        char path[4096];
        struct stat st;
        snprintf(path, sizeof path, "%s/%s.%s", g->dir, TABLE_FILE[t], g->fmt == FMT_JSON ? "csv" : "json");
        if (stat(path, &st) == 0)
            fprintf(stderr, "gen-donnees: warning: %s also exists; readers will find two %s tables\n", path,
                    TABLE_FILE[t]);
    }
}

int main(int argc, char **argv)
{
    Gen g;
    memset(&g, 0, sizeof g);
    g.seed = 2026;
    g.fmt = FMT_CSV_FR;
    g.size = (Profile){48, 300, 5000};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (i + 1 >= argc)
            usage();
        const char *val = argv[++i];
        if (strcmp(a, "--profil") == 0) {
            if (strcmp(val, "demo") == 0)
                g.size = (Profile){48, 300, 5000};
            else if (strcmp(val, "medium") == 0)
                g.size = (Profile){2000, 20000, 1000000};
            else if (strcmp(val, "large") == 0)
                g.size = (Profile){10000, 100000, 10000000};
            else
                usage();
        } else if (strcmp(a, "--graine") == 0) {
            char *end;
            errno = 0;
            g.seed = strtoull(val, &end, 10);
            if (errno || *end || !*val)
                usage();
        } else if (strcmp(a, "--format") == 0) {
            if (strcmp(val, "csv-fr") == 0)
                g.fmt = FMT_CSV_FR;
            else if (strcmp(val, "csv") == 0)
                g.fmt = FMT_CSV;
            else if (strcmp(val, "csv-1252") == 0)
                g.fmt = FMT_CSV_1252;
            else if (strcmp(val, "json") == 0)
                g.fmt = FMT_JSON;
            else
                usage();
        } else if (strcmp(a, "--invalides") == 0) {
            g.invalid = parse_count(val);
        } else if (strcmp(a, "--sortie") == 0) {
            g.dir = val;
        } else {
            usage();
        }
    }
    if (!g.dir)
        usage();
    make_dirs(g.dir);
    warn_other_format(&g);
    make_contracts(&g);
    make_participants(&g);
    write_contracts(&g);
    write_participants(&g);
    write_hours(&g);
    free(g.ct);
    free(g.pt);
    free(g.weight_cum);
    return 0;
}
