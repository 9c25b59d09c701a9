/* tools/gen-donnees/gen-donnees.h: private header of the data generator: the territory it draws from, its types, and the functions its files share. */
#ifndef GEN_DONNEES_H
#define GEN_DONNEES_H

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


typedef struct {
    uint64_t s[4];
} Rng;

typedef struct {
    int y, m, d;
} Date;

enum { F_NETTOYAGE, F_ESPACES_VERTS, F_GARDIENNAGE, F_ENCOMBRANTS, F_TRAVAUX, F_INGENIERIE, N_FAM };
static const char *const FAM_ID[N_FAM] = {"nettoyage",   "espaces_verts", "gardiennage",
                                          "encombrants", "travaux",       "ingenierie"};

enum { MAX_SCOPE = 6, MAX_OWNERS = 6, MAX_QPV = 12 };

/* Contracts of this family (at this scope, or at every scope when scope is -1) are notified on
 * both sides of the date their rule changes. */
typedef struct {
    int fam, scope;
    Date date;
} Pivot;

/* What differs between the example territories (territories.c): their scopes and owners, the
 * estimation parameters and thresholds of the families, the QPV codes, the dates rules change. */
typedef struct {
    const char *name;
    int nscope;
    const char *scope_id[MAX_SCOPE], *scope_label[MAX_SCOPE];
    int scope_weight[MAX_SCOPE]; /* where the contracts are: mostly the neighbourhoods */
    const char *owners[MAX_SCOPE][MAX_OWNERS]; /* plausible at each scope, NULL-terminated */
    int fam_share_pct[N_FAM], fam_cost[N_FAM], fam_threshold[N_FAM];
    /* a scope whose own threshold for a family is lower (-1: none) */
    int low_fam, low_scope, low_threshold;
    int nqpv;
    const char *qpv[MAX_QPV];
    Pivot pivot[2]; /* pivot[1] also names the two contracts placed right after the grid */
    Date notif_lo, notif_hi;
    /* percent of the under-26 participants drawn unqualified (niveau 1 or 2), half of them
     * outside the QPV: the local public of a charter that adds one (0: none drawn apart) */
    int unqualified_young_pct;
    /* the day the data were exported: no hour month nor hire after it (the demo data are
     * evaluated at this date) */
    Date exported;
} Territory;

extern const Territory gen_territory_amp, gen_territory_belvance;

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

enum { M_EMBAUCHE_DIRECTE, M_ETTI, M_AI, M_GEIQ, M_EI, M_ACI, M_FORMATION, N_MOD };
static const char *const MOD_ID[N_MOD] = {"embauche_directe", "etti", "ai", "geiq", "ei", "aci", "formation"};
static const int MOD_WEIGHT[N_MOD] = {18, 26, 10, 10, 13, 13, 10};

enum { FMT_CSV_FR, FMT_CSV, FMT_CSV_1252, FMT_JSON };

enum { T_MARCHES, T_PARTICIPANTS, T_HEURES, T_EMBAUCHES, N_TABLE };
static const char *const TABLE_FILE[N_TABLE] = {"marches", "participants", "heures", "embauches"};
#define MAX_COLS 12
static const int NCOLS[N_TABLE] = {8, 12, 5, 9};
static const char *const KEYS[N_TABLE][MAX_COLS] = {
    {"marche", "intitule", "famille", "maitre_ouvrage", "perimetre", "montant_ht", "date_notification",
     "heures_travaillees"},
    {"participant", "sexe", "date_naissance", "qpv", "date_entree", "mois_inscription", "rsa", "ass", "aah",
     "rqth", "niveau", "pass_iae"},
    {"marche", "participant", "mois", "heures", "modalite"},
    {"embauche", "maitre_ouvrage", "perimetre", "date_embauche", "nature", "marche", "participant", "type_contrat",
     "duree_mois"},
};
/* French spreadsheet headers: each one's key (case, accents, spaces, '_', '-', apostrophes
 * removed) is the column name without underscores. */
static const char *const HEADERS_FR[N_TABLE][MAX_COLS] = {
    {"Marché", "Intitulé", "Famille", "Maître ouvrage", "Périmètre", "Montant HT", "Date notification",
     "Heures travaillées"},
    {"Participant", "Sexe", "Date naissance", "QPV", "Date entrée", "Mois inscription", "RSA", "ASS", "AAH",
     "RQTH", "Niveau", "Pass IAE"},
    {"Marché", "Participant", "Mois", "Heures", "Modalité"},
    {"Embauche", "Maître ouvrage", "Périmètre", "Date embauche", "Nature", "Marché", "Participant", "Type contrat",
     "Durée mois"},
};

/* Hires: the natures that are not families, and the kinds of employment contract. */
enum { N_OTHER_NATURE = 3 };
static const char *const OTHER_NATURE[N_OTHER_NATURE] = {"ingenierie_projet", "accompagnement",
                                                         "fonctionnement_equipement"};
enum { K_CDI, K_CDD, K_ALTERNANCE, K_INTERIM, K_AUTRE, N_KIND };
static const char *const KIND_ID[N_KIND] = {"cdi", "cdd", "alternance", "interim", "autre"};
static const int KIND_WEIGHT[N_KIND] = {22, 38, 14, 20, 6};

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

#define NBSP "\xC2\xA0"
#define NNBSP "\xE2\x80\xAF"

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
    int scope;
    const char *owner, *nature;
    long contract;     /* index, -1: none */
    long participant;  /* index, -1: the person hired is not followed as a participant */
    Date date;
    int kind;
    int months;        /* 0: not given */
} Hire;

typedef struct {
    long contracts, participants, lines;
} Profile;

typedef struct {
    const Territory *t;
    uint64_t seed;
    int fmt;
    long invalid;
    const char *dir;
    Profile size;
    Contract *ct;
    Participant *pt;
    int64_t *weight_cum; /* cumulative weights choosing the contract of an hour line */
    Hire *hi;
    long nhires;
} Gen;

enum { SPECIAL_NONE, SPECIAL_TURNS_26, SPECIAL_EVE_26, SPECIAL_TURNS_50, SPECIAL_EVE_50, SPECIAL_LEAP };

/* The valid row i of a table, and the invalid row k placed before row i. */
typedef void (*RowVals)(const Gen *g, long i, const char *id, Val *v);
typedef void (*InvalidRow)(const Gen *g, Out *o, long k, long i);


/* random.c: PRNG and dates */
void gen_rng_seed(Rng *r, uint64_t seed, uint64_t stream);
uint64_t gen_rng_below(Rng *r, uint64_t n);
int64_t gen_rng_range(Rng *r, int64_t lo, int64_t hi);
bool gen_rng_pct(Rng *r, int pct);
int gen_rng_weighted(Rng *r, const int *w, int n);
long gen_days_from_civil(Date t);
Date gen_civil_from_days(long z);
Date gen_random_date(Rng *r, Date lo, Date hi);
int gen_age_at(Date birth, Date at);
Date gen_birthday(Date birth, int years);

/* output.c: table writers and value formatting */
void gen_die(const char *msg, const char *arg);
void *gen_xmalloc(size_t n);
bool gen_is_french(int fmt);
void gen_out_open(Out *o, const char *dir, int table, int fmt);
void gen_out_row(Out *o, const Val *v);
void gen_out_blank(Out *o);
void gen_out_close(Out *o);
void gen_val_text(Val *v, const char *s);
void gen_val_null(Val *v);
void gen_val_date(Val *v, int fmt, Date t);
void gen_val_month(Val *v, int fmt, long month);
void gen_val_hundredths(Val *v, int fmt, int64_t x, const char *group, bool keep_zero_cents, const char *suffix);
void gen_val_bool(Val *v, int fmt, int col, bool b);
void gen_val_int(Val *v, int fmt, long x);

/* population.c: contracts, participants and hires */
void gen_make_contracts(Gen *g);
void gen_make_participants(Gen *g);

/* rows.c: the three tables written */
void gen_write_contracts(const Gen *g);
void gen_write_participants(const Gen *g);
void gen_write_hours(const Gen *g);

/* hires (population.c draws them from their own PRNG stream, rows.c writes them) */
void gen_make_hires(Gen *g);
void gen_write_hires(const Gen *g);

#endif
