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

enum { M_EMBAUCHE_DIRECTE, M_ETTI, M_AI, M_GEIQ, M_EI, M_ACI, M_FORMATION, N_MOD };
static const char *const MOD_NAME[N_MOD] = {"embauche_directe", "etti", "ai", "geiq", "ei", "aci", "formation"};

/* The level at which a target is assessed: each contract alone, one pool of the contracts its
 * rule reaches, or one pool per owner among them. */
enum { LV_CONTRACT, LV_POOL, LV_POOL_OWNER };

/* A rule sets the target (percent) and/or the threshold (euros) of one family at one scope,
 * in force for contracts notified on or after `from` (yyyymmdd, 0 = since always). */
typedef struct {
    int scope, fam;
    long from;
    int taux_pct; /* -1: not set by this rule */
    long seuil;   /* -1: not set by this rule */
    int level;
} Rule;

/* The natures of hires: the families, then three that are not. */
enum { NAT_INGENIERIE_PROJET = N_FAM, NAT_ACCOMPAGNEMENT, NAT_FONCTIONNEMENT, N_NATURE };
static const char *const NATURE_NAME[N_NATURE] = {"nettoyage",   "espaces_verts", "gardiennage",
                                                  "encombrants", "travaux",       "ingenierie",
                                                  "ingenierie_projet", "accompagnement",
                                                  "fonctionnement_equipement"};

/* A hires target: pct percent of the hires of one nature at a scope and its sub-scopes. */
typedef struct {
    int scope, nature, pct;
} HireRule;

/* A hires target assessed: the hires of its nature in its scope and below (the denominator),
 * those that went to a participant eligible at the hire date, and the target in hires. */
typedef struct {
    long hires, eligible;
    mpq_t target;
} HireTarget;

/* Hires counted at one scope (itself only), of one owner, or in all. */
typedef struct {
    const char *key;
    long hires, eligible;
    const char *fold; /* owners: amp_owner_key of key */
} HireCount;

#define MAX_SCOPE 6

/* One example charter, hard-coded from its REFERENCE.md (charters.c). */
typedef struct {
    const char *name;
    long from, to; /* period of validity, yyyymmdd */
    int nscope;
    const char *scope_name[MAX_SCOPE];
    int scope_parent[MAX_SCOPE];
    int scope_tree[MAX_SCOPE]; /* depth-first order of the aggregates */
    int fam_share_pct[N_FAM], fam_cost[N_FAM];
    const Rule *rules;
    size_t nrules;
    const HireRule *hires;
    size_t nhires;
    bool young_unqualified; /* éligible aussi : jeune_sans_qualification */
    bool has_hires_table;   /* reads embauches */
} Charter;

extern const Charter amp_charter_amp, amp_charter_belvance;

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

/* embauches is optional: without its file, there are no hires. */
enum { T_MARCHES, T_PARTICIPANTS, T_HEURES, T_EMBAUCHES, N_TABLE };
static const char *const TABLE_NAME[N_TABLE] = {"marches", "participants", "heures", "embauches"};

enum { MC_MARCHE, MC_INTITULE, MC_FAMILLE, MC_MAITRE, MC_PERIMETRE, MC_MONTANT, MC_NOTIF, MC_HEURES, N_MC };
enum { PC_ID, PC_SEXE, PC_NAISSANCE, PC_QPV, PC_ENTREE, PC_MOIS_INSCR, PC_RSA, PC_ASS, PC_AAH, PC_RQTH,
       PC_NIVEAU, PC_PASS_IAE, N_PC };
enum { HC_MARCHE, HC_PARTICIPANT, HC_MOIS, HC_HEURES, HC_MODALITE, N_HC };
enum { EC_ID, EC_MAITRE, EC_PERIMETRE, EC_DATE, EC_NATURE, EC_MARCHE, EC_PARTICIPANT, EC_TYPE, EC_DUREE, N_EC };
#define MAX_COLS 12

static const char *const COLS[N_TABLE][MAX_COLS] = {
    {"marche", "intitule", "famille", "maitre_ouvrage", "perimetre", "montant_ht", "date_notification",
     "heures_travaillees"},
    {"participant", "sexe", "date_naissance", "qpv", "date_entree", "mois_inscription", "rsa", "ass", "aah",
     "rqth", "niveau", "pass_iae"},
    {"marche", "participant", "mois", "heures", "modalite"},
    {"embauche", "maitre_ouvrage", "perimetre", "date_embauche", "nature", "marche", "participant", "type_contrat",
     "duree_mois"},
};
static const int NCOLS[N_TABLE] = {N_MC, N_PC, N_HC, N_EC};

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
    const char *maitre_key; /* amp_owner_key(maitre): how owners are matched */
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
    bool young_unqualified; /* the local public of Belvance */
    bool pub[N_PUBLIC];
} Participant;

/* Why a valid hour line is not counted, in the order the rules are tried. */
enum { NC_APRES_AU, NC_NON_ELIGIBLE, NC_AVANT_ENTREE, NC_HORS_PERIODE, NC_AVANT_NOTIFICATION, NC_MARCHE_NON_EVALUE,
       N_NC };
static const char *const NC_CODE[N_NC] = {"apres_date_evaluation", "participant_non_eligible", "avant_entree",
                                          "hors_periode_eligibilite", "avant_notification", "marche_non_evalue"};

typedef struct {
    int table;
    long line;
    const char *reason;
} Rejection;

enum { ST_ATTEINT, ST_NON_ATTEINT, ST_NON_SOUMIS, ST_MUTUALISE, ST_HORS_PERIODE };
static const char *const STATUS_NAME[] = {"atteint", "non_atteint", "non_soumis", "mutualise", "hors_periode"};

typedef struct Late {
    const char *id;
    long notif, line;
} Late;

/* The rule fields in force for one contract. */
typedef struct {
    int taux_pct;
    long seuil;
    int level, rule_scope; /* of the rule that sets the rate */
} Resolved;

/* One evaluated contract.  A pool member's obj is its exact contribution to the pool's target
 * and its real the hours counted on it before the pool's caps. */
typedef struct {
    int status;
    Resolved rule;
    long pool; /* index in Ctx.pools, -1: assessed alone */
    mpq_t base, obj, real, other, training;
} Result;

/* A pool: the subject contracts whose applicable rule is one pooled rule (for a per-owner
 * pool: of one owner). */
typedef struct {
    int scope, fam, level;
    const char *owner; /* per-owner pools only: the spelling of its member of least id */
    const char *owner_key, *owner_id;
    long members;
    mpq_t base, contrib, other, training; /* sums over the members */
    mpq_t obj, real;                      /* the pool's target, rounded once, and counted hours */
    int status;
} Pool;

typedef struct {
    const Charter *ch;
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
    struct Late *late; /* contracts notified after the evaluation date */
    size_t nlate, caplate;
    Counts count[N_TABLE];
    Rejection *rej;
    size_t nrej, caprej;
    Dec dec;
    mpq_t q;
    Pool *pools;
    size_t npools, cappools;
    bool has_hires; /* an embauches file was read */
    Map hire_ids;   /* id of each valid hire */
    long nc_embauches[2]; /* after the evaluation date, outside the charter's period */
    HireTarget *hire_targets; /* one per rule of ch->hires */
    HireCount hire_scope[MAX_SCOPE], hire_all;
    HireCount *hire_owner;
    size_t nhire_owner, caphire_owner;
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
void amp_embauche_row(Ctx *x, Cell *c, long line, const char *row_err);
void amp_reject(Ctx *x, int table, long line, const char *reason);
bool amp_map_get(Map *m, const char *k, size_t n, int32_t *v);
void amp_map_set(Map *m, const char *k, size_t n, int32_t v);
int amp_enum_index(const char *const *names, int n, const Cell *c);
bool amp_cell_date(const Cell *c, Date *d);
bool amp_cell_whole(Ctx *x, const Cell *c, long lo, long hi, long *out);
const char *amp_missing_required(const Cell *cells, const int *req, size_t nreq);
const char *amp_composite_cell(const Cell *cells, int n);

/* formats.c: CSV and JSON files read into rows, a table restarted in Windows-1252 */
void amp_read_table(Ctx *x, int table);

/* report.c: the rules resolved, each contract evaluated and printed, the --complet summaries */
void amp_put_decimal(FILE *out, const mpq_t v);
void amp_put_text(FILE *out, const char *s);
void amp_round_up(mpq_t q);
void amp_counted_hours(mpq_t real, const mpq_t other, const mpq_t training, const mpq_t target);
void amp_evaluate(Ctx *x, const Contract *k, Result *res);
void amp_print_contract(FILE *out, const Ctx *x, const Contract *k, const Result *res);
void amp_print_aggregates(const Ctx *x, const size_t *by_owner, const Result *res);
void amp_print_reasons(const Ctx *x);
void amp_print_late(FILE *out, Ctx *x);
void amp_print_details(FILE *out, const Ctx *x, const size_t *by_id, const Result *res);
void amp_print_indicators(const Ctx *x);

/* pools.c: pools joined by their members, settled, printed */
long amp_pool_join(Ctx *x, const Contract *k, const Result *res);
void amp_pools_settle(Ctx *x);
void amp_print_pools(FILE *out, const Ctx *x, const Result *res);
void amp_pools_free(Ctx *x);
void amp_print_pool_details(FILE *out, const Ctx *x);
void amp_print_forgone(FILE *out, const Ctx *x, const Result *res);

/* owners.c: owner names folded for matching (malloc'd) */
char *amp_owner_key(const char *text, size_t n);

/* hires.c: targets of hires: the hires counted, each target, the aggregates */
void amp_hires_init(Ctx *x);
void amp_print_hires(FILE *out, const Ctx *x);
void amp_hires_free(Ctx *x);


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
