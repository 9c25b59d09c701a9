/* tests/bench/amp-ref/amp-ref.h: private header of the AMP oracle: the hard-coded charter, its types, and the functions its files share. */
#ifndef AMP_REF_H
#define AMP_REF_H

/*
 * This program shares no code with the interpreter on purpose: it encodes
 * examples/amp/REFERENCE.md directly in C so that a disagreement between
 * the two points at a bug in one of them.  It streams the hour lines (one pass,
 * bounded memory) and keeps exact arithmetic: hours are summed as int64 scaled
 * by 10^6 with overflow checks, falling back to GMP rationals per contract.
 */
#include <errno.h>
#include <fcntl.h>
#include <gmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { F_NETTOYAGE, F_ESPACES_VERTS, F_GARDIENNAGE, F_ENCOMBRANTS, F_TRAVAUX, F_INGENIERIE, N_FAM };
static const char *const FAM_NAME[N_FAM] = {"nettoyage",   "espaces_verts", "gardiennage",
                                            "encombrants", "travaux",       "ingenierie"};
static const int FAM_SHARE_PCT[N_FAM] = {80, 60, 85, 50, 35, 60};
static const int FAM_COST[N_FAM] = {25, 30, 28, 30, 40, 60};

enum { S_AMP, S_MARSEILLE, S_AIX, S_AIR_BEL, S_SAINT_BARTHELEMY, S_ENCAGNANE, N_SCOPE };
static const char *const SCOPE_NAME[N_SCOPE] = {"amp",     "marseille",        "aix",
                                                "air_bel", "saint_barthelemy", "encagnane"};
static const int SCOPE_PARENT[N_SCOPE] = {-1, S_AMP, S_AMP, S_MARSEILLE, S_MARSEILLE, S_AIX};

enum { M_EMBAUCHE_DIRECTE, M_ETTI, M_AI, M_GEIQ, M_EI, M_ACI, M_FORMATION, N_MOD };
static const char *const MOD_NAME[N_MOD] = {"embauche_directe", "etti", "ai", "geiq", "ei", "aci", "formation"};

/* A rule sets the target (percent) and/or the threshold (euros) of one family at one scope,
 * in force for contracts notified on or after `from` (yyyymmdd, 0 = since always). */
typedef struct {
    int scope, fam;
    long from;
    int taux_pct; /* -1: not set by this rule */
    long seuil;   /* -1: not set by this rule */
} Rule;

static const Rule RULES[] = {
    {S_AMP, F_NETTOYAGE, 0, 10, 40000},
    {S_AMP, F_ESPACES_VERTS, 0, 10, 40000},
    {S_AMP, F_GARDIENNAGE, 0, 10, 40000},
    {S_AMP, F_ENCOMBRANTS, 0, 10, 40000},
    {S_AMP, F_TRAVAUX, 0, 5, 100000},
    {S_AMP, F_INGENIERIE, 0, 5, 100000},
    {S_MARSEILLE, F_GARDIENNAGE, 0, 12, -1},
    {S_AIR_BEL, F_NETTOYAGE, 0, 15, -1},
    {S_ENCAGNANE, F_TRAVAUX, 0, 8, 50000},
    {S_AMP, F_ESPACES_VERTS, 20230101, 12, -1},       /* avenant 1 */
    {S_SAINT_BARTHELEMY, F_ENCOMBRANTS, 20240701, 15, -1}, /* avenant 2 */
};

#define ELIGIBILITY_MONTHS 24
#define TRAINING_CAP_DIVISOR 5 /* 20 % of the target hours */

typedef struct {
    int y, m, d;
} Date;

/* value = ±digits × 10^exp, digits without leading zeros (empty = 0). */
typedef struct {
    bool neg;
    char *dig;
    size_t nd, cap;
    long exp;
} Dec;

enum { UNIT_NONE, UNIT_EUR, UNIT_H };

#define HOUR_SCALE_DIGITS 6
#define HOUR_SCALE 1000000LL

#define CHUNK (1u << 20)

typedef struct {
    int fd; /* -1: in-memory reader */
    bool cp1252;
    bool bad_utf8; /* UTF-8 mode met an invalid sequence: the caller restarts in cp1252 */
    bool first, eof;
    unsigned char *raw, *dec;
    size_t carry, carry_off; /* incomplete UTF-8 sequence left at the end of the last chunk */
    const unsigned char *p, *end;
    long line;
} Reader;

enum { K_TEXT, K_JSON_NUM, K_COMPOSITE };

/* One parsed row: fields (CSV) or key/value pairs (JSON) stored in one buffer. */
typedef struct {
    char *buf;
    size_t len, cap;
    size_t *off, *n, *koff, *kn;
    unsigned char *kind, *quoted;
    size_t nf, fcap;
} Row;

enum { T_MARCHES, T_PARTICIPANTS, T_HEURES, N_TABLE };
static const char *const TABLE_NAME[N_TABLE] = {"marches", "participants", "heures"};

enum { MC_MARCHE, MC_INTITULE, MC_FAMILLE, MC_MAITRE, MC_PERIMETRE, MC_MONTANT, MC_NOTIF, MC_HEURES, N_MC };
enum { PC_ID, PC_SEXE, PC_NAISSANCE, PC_QPV, PC_ENTREE, PC_MOIS_INSCR, PC_RSA, PC_ASS, PC_AAH, PC_RQTH,
       PC_NIVEAU, PC_PASS_IAE, N_PC };
enum { HC_MARCHE, HC_PARTICIPANT, HC_MOIS, HC_HEURES, HC_MODALITE, N_HC };
#define MAX_COLS 12

static const char *const COLS[N_TABLE][MAX_COLS] = {
    {"marche", "intitule", "famille", "maitre_ouvrage", "perimetre", "montant_ht", "date_notification",
     "heures_travaillees"},
    {"participant", "sexe", "date_naissance", "qpv", "date_entree", "mois_inscription", "rsa", "ass", "aah",
     "rqth", "niveau", "pass_iae"},
    {"marche", "participant", "mois", "heures", "modalite"},
};
static const int NCOLS[N_TABLE] = {N_MC, N_PC, N_HC};

typedef struct {
    const char *s;
    size_t n;
    int kind;
    bool present; /* present and not empty */
} Cell;

typedef struct ArenaBlock {
    struct ArenaBlock *next;
    size_t used, cap;
    char data[];
} ArenaBlock;

typedef struct {
    uint64_t h;
    const char *k;
    uint32_t n;
    int32_t v;
} Slot;

/* Hour lines come in runs for one contract and one participant, so each map remembers its
 * last hit. */
#define MAP_LAST_MAX 32

typedef struct {
    Slot *s;
    size_t cap, len;
    ArenaBlock *arena;
    char last[MAP_LAST_MAX];
    size_t last_n; /* 0: no last hit */
    int32_t last_v;
} Map;

#define REJECTED (-1)
#define LATE (-2) /* a contract notified after the evaluation date: not evaluated */

typedef struct {
    const char *id, *maitre;
    int fam, scope;
    long notif; /* yyyymmdd */
    mpq_t montant, ht;
    bool has_ht;
    int64_t hours[2]; /* [0] other modalities, [1] formation: counted hours × 10^6 */
    bool big;         /* some hours went to the exact fallback below */
    mpq_t hours_q[2];
} Contract;

typedef struct {
    long lues, comptees, non_comptees, rejetees;
} Counts;

/* What the indicators need of one valid participant; never printed one by one. */
enum { P_DELD, P_MINIMA, P_RQTH, P_JEUNE, P_SENIOR, P_IAE, N_PUBLIC };
static const char *const PUBLIC_NAME[N_PUBLIC] = {"deld", "minima_sociaux", "rqth", "jeune", "senior", "iae"};

typedef struct {
    long entry_month;
    bool eligible, female, under26, active;
    bool pub[N_PUBLIC];
} Participant;

/* Why a valid hour line is not counted, in the order the rules are tried. */
enum { NC_MARCHE_NON_EVALUE, NC_APRES_AU, NC_AVANT_NOTIFICATION, NC_NON_ELIGIBLE, NC_AVANT_ENTREE, NC_HORS_PERIODE, N_NC };
static const char *const NC_CODE[N_NC] = {"marche_non_evalue", "apres_date_evaluation", "avant_notification",
                                          "participant_non_eligible", "avant_entree", "hors_periode_eligibilite"};

typedef struct {
    int table;
    long line;
    const char *reason;
} Rejection;

typedef struct {
    const char *dir;
    Date au;
    long au_month;
    char file[N_TABLE][32];
    Contract *ct;
    size_t nct, capct;
    ArenaBlock *texts;
    Map contracts;    /* id → contract index, or REJECTED */
    Map participants; /* id → index in pt, or REJECTED */
    Participant *pt;
    size_t npt, cappt;
    long nc_heures[N_NC];
    long nc_marches_late;
    Counts count[N_TABLE];
    Rejection *rej;
    size_t nrej, caprej;
    Dec dec;
    mpq_t q;
} Ctx;

typedef struct {
    Reader *r;
    Row *w;
} Json;

typedef struct {
    char *key;
    size_t n;
    int col;
} KeyCache;

enum { ST_ATTEINT, ST_NON_ATTEINT, ST_NON_SOUMIS };

/* What the aggregates need of one evaluated contract. */
typedef struct {
    int status;
    mpq_t obj, real;
} Result;

#define SECRET_K 11

typedef struct {
    long marches, soumis, atteints;
    mpq_t obj, real;
} Agg;


/* input.c: errors and memory, dates, decimals, the byte reader, CSV rows and header keys */
void amp_die(const char *msg, const char *arg);
void *amp_xmalloc(size_t n);
void *amp_xrealloc(void *p, size_t n);
long amp_date_key(Date d);
long amp_month_index(int y, int m);
bool amp_parse_date(const char *s, size_t n, Date *out);
bool amp_parse_month(const char *s, size_t n, long *out);
int amp_age_at(Date birth, Date at);
bool amp_dec_is_zero(const Dec *d);
bool amp_parse_num_text(const char *s, size_t n, int unit, Dec *d);
bool amp_parse_num_json(const char *s, size_t n, Dec *d);
void amp_dec_to_mpq(const Dec *d, mpq_t q);
bool amp_dec_to_scaled(const Dec *d, int64_t *out);
void amp_rd_open(Reader *r, const char *path, bool cp1252);
void amp_rd_memory(Reader *r, const char *s, size_t n);
void amp_rd_close(Reader *r);
bool amp_rd_refill(Reader *r);
void amp_row_clear(Row *w);
void amp_row_reserve(Row *w, size_t extra);
void amp_row_append(Row *w, const void *s, size_t n);
void amp_row_new_field(Row *w);
void amp_row_free(Row *w);
bool amp_csv_read_row(Reader *r, int sep, Row *w, long *line, bool *unterminated);
bool amp_row_is_blank(const Row *w);
size_t amp_header_key(const char *s, size_t n, char *out, size_t cap);

/* tables.c: columns, the string map, and one row of each table checked and counted */
int amp_column_of(int table, const char *s, size_t n);
void amp_arena_free(ArenaBlock **a);
void amp_map_free(Map *m);
void amp_marche_row(Ctx *x, Cell *c, long line, const char *row_err);
void amp_participant_row(Ctx *x, Cell *c, long line, const char *row_err);
void amp_heures_row(Ctx *x, Cell *c, long line, const char *row_err);

/* formats.c: CSV and JSON files read into rows, a table restarted in Windows-1252 */
void amp_read_table(Ctx *x, int table);

/* report.c: the rules resolved, each contract evaluated and printed, the --complet summaries */
void amp_put_decimal(FILE *out, const mpq_t v);
void amp_evaluate_and_print(FILE *out, const Contract *k, Result *res);
void amp_print_aggregates(const Ctx *x, const size_t *by_owner, const Result *res);
void amp_print_reasons(const Ctx *x);
void amp_print_indicators(const Ctx *x);


static inline int amp_rd_get(Reader *r)
{
    if (r->p == r->end && !amp_rd_refill(r))
        return -1;
    return *r->p++;
}

static inline int amp_rd_peek(Reader *r)
{
    if (r->p == r->end && !amp_rd_refill(r))
        return -1;
    return *r->p;
}

static inline void amp_row_put(Row *w, int c)
{
    if (w->len + 2 > w->cap)
        amp_row_reserve(w, 1);
    w->buf[w->len++] = (char)c;
}

#endif
