/* tests/bench/amp-ref/tables.c: the columns of each table, the string-to-index map, and one row of marches, participants or heures checked, rejected or counted. */
#include "amp-ref.h"

int amp_column_of(int table, const char *s, size_t n)
{
    char key[256], want[64];
    amp_header_key(s, n, key, sizeof key);
    for (int c = 0; c < NCOLS[table]; c++) {
        amp_header_key(COLS[table][c], strlen(COLS[table][c]), want, sizeof want);
        if (strcmp(key, want) == 0)
            return c;
    }
    return -1;
}

/* ---------- string → int32 hash map over an arena ---------- */

static char *arena_dup(ArenaBlock **a, const char *s, size_t n)
{
    if (!*a || (*a)->used + n + 1 > (*a)->cap) {
        size_t cap = n + 1 > 65536 ? n + 1 : 65536;
        ArenaBlock *b = amp_xmalloc(sizeof *b + cap);
        b->next = *a;
        b->used = 0;
        b->cap = cap;
        *a = b;
    }
    char *p = (*a)->data + (*a)->used;
    memcpy(p, s, n);
    p[n] = '\0';
    (*a)->used += n + 1;
    return p;
}

void amp_arena_free(ArenaBlock **a)
{
    while (*a) {
        ArenaBlock *n = (*a)->next;
        free(*a);
        *a = n;
    }
}

static inline uint64_t hash_bytes(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h ^ (h >> 29);
}

static inline bool same_bytes(const char *a, const char *b, size_t n)
{
    while (n >= 8) {
        uint64_t x, y;
        memcpy(&x, a, 8);
        memcpy(&y, b, 8);
        if (x != y)
            return false;
        a += 8;
        b += 8;
        n -= 8;
    }
    while (n--)
        if (*a++ != *b++)
            return false;
    return true;
}

static Slot *map_find(Map *m, const char *k, size_t n, uint64_t h)
{
    if (!m->cap)
        return NULL;
    size_t mask = m->cap - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        Slot *s = &m->s[i];
        if (!s->k)
            return s;
        if (s->h == h && s->n == n && same_bytes(s->k, k, n))
            return s;
    }
}

static void map_grow(Map *m)
{
    size_t ncap = m->cap ? m->cap * 2 : 1024;
    Slot *ns = calloc(ncap, sizeof *ns);
    if (!ns)
        amp_die("out of memory", NULL);
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->s[i].k)
            continue;
        size_t j = (size_t)m->s[i].h & (ncap - 1);
        while (ns[j].k)
            j = (j + 1) & (ncap - 1);
        ns[j] = m->s[i];
    }
    free(m->s);
    m->s = ns;
    m->cap = ncap;
}

/* Lookup; returns false when absent. */
bool amp_map_get(Map *m, const char *k, size_t n, int32_t *v)
{
    if (n == m->last_n && same_bytes(m->last, k, n)) {
        *v = m->last_v;
        return true;
    }
    Slot *s = map_find(m, k, n, hash_bytes(k, n));
    if (!s || !s->k)
        return false;
    *v = s->v;
    if (n > 0 && n <= MAP_LAST_MAX) {
        memcpy(m->last, k, n);
        m->last_n = n;
        m->last_v = s->v;
    }
    return true;
}

void amp_map_set(Map *m, const char *k, size_t n, int32_t v)
{
    m->last_n = 0;
    if ((m->len + 1) * 2 > m->cap)
        map_grow(m);
    uint64_t h = hash_bytes(k, n);
    Slot *s = map_find(m, k, n, h);
    if (!s->k) {
        s->k = arena_dup(&m->arena, k, n);
        s->n = (uint32_t)n;
        s->h = h;
        m->len++;
    }
    s->v = v;
}

void amp_map_free(Map *m)
{
    free(m->s);
    amp_arena_free(&m->arena);
    memset(m, 0, sizeof *m);
}

/* ---------- evaluation state ---------- */

void amp_reject(Ctx *x, int table, long line, const char *reason)
{
    if (x->nrej == x->caprej) {
        x->caprej = x->caprej ? x->caprej * 2 : 256;
        x->rej = amp_xrealloc(x->rej, x->caprej * sizeof *x->rej);
    }
    x->rej[x->nrej++] = (Rejection){table, line, reason};
    x->count[table].rejetees++;
}

int amp_enum_index(const char *const *names, int n, const Cell *c)
{
    for (int i = 0; i < n; i++)
        if (strlen(names[i]) == c->n && memcmp(names[i], c->s, c->n) == 0)
            return i;
    return -1;
}

static bool cell_number(Ctx *x, const Cell *c, int unit)
{
    return c->kind == K_JSON_NUM ? amp_parse_num_json(c->s, c->n, &x->dec) : amp_parse_num_text(c->s, c->n, unit, &x->dec);
}

bool amp_cell_date(const Cell *c, Date *d)
{
    return c->kind == K_TEXT && amp_parse_date(c->s, c->n, d);
}

/* oui/non, vrai/faux, o/n, 1/0, true/false, yes/no, any case; absent = default (non). */
static bool cell_bool(const Cell *c, bool *out)
{
    static const char *const YES[] = {"oui", "vrai", "o", "1", "true", "yes"};
    static const char *const NO[] = {"non", "faux", "n", "0", "false", "no"};
    *out = false;
    if (!c->present)
        return true;
    if (c->kind == K_COMPOSITE || c->n > 5)
        return false;
    char low[8];
    for (size_t i = 0; i < c->n; i++)
        low[i] = (char)(c->s[i] >= 'A' && c->s[i] <= 'Z' ? c->s[i] + 32 : c->s[i]);
    low[c->n] = '\0';
    for (int i = 0; i < 6; i++) {
        if (strcmp(low, YES[i]) == 0) {
            *out = true;
            return true;
        }
        if (strcmp(low, NO[i]) == 0)
            return true;
    }
    return false;
}

/* A whole number (any accepted number form whose value is an integer) in [lo, hi]. */
bool amp_cell_whole(Ctx *x, const Cell *c, long lo, long hi, long *out)
{
    if (!cell_number(x, c, UNIT_NONE))
        return false;
    int64_t v;
    if (!amp_dec_to_scaled(&x->dec, &v) || v % HOUR_SCALE != 0)
        return false;
    v /= HOUR_SCALE;
    if (v < lo || v > hi)
        return false;
    *out = (long)v;
    return true;
}

const char *amp_missing_required(const Cell *cells, const int *req, size_t nreq)
{
    for (size_t i = 0; i < nreq; i++)
        if (!cells[req[i]].present)
            return "cellule obligatoire vide";
    return NULL;
}

const char *amp_composite_cell(const Cell *cells, int n)
{
    for (int i = 0; i < n; i++)
        if (cells[i].present && cells[i].kind == K_COMPOSITE)
            return "valeur composée (objet ou tableau)";
    return NULL;
}

/* ---------- marches ---------- */

static const char *marche_invalid(Ctx *x, const Cell *c, Contract *k)
{
    static const int REQ[] = {MC_MARCHE, MC_FAMILLE, MC_MAITRE, MC_PERIMETRE, MC_MONTANT, MC_NOTIF};
    const char *why = amp_missing_required(c, REQ, sizeof REQ / sizeof REQ[0]);
    if (why || (why = amp_composite_cell(c, N_MC)))
        return why;
    if ((k->fam = amp_enum_index(FAM_NAME, N_FAM, &c[MC_FAMILLE])) < 0)
        return "famille inconnue";
    if ((k->scope = amp_enum_index(x->ch->scope_name, x->ch->nscope, &c[MC_PERIMETRE])) < 0)
        return "périmètre inconnu";
    if (!cell_number(x, &c[MC_MONTANT], UNIT_EUR))
        return "montant invalide";
    if (x->dec.neg && !amp_dec_is_zero(&x->dec))
        return "montant négatif";
    amp_dec_to_mpq(&x->dec, k->montant);
    Date d;
    if (!amp_cell_date(&c[MC_NOTIF], &d))
        return "date de notification invalide";
    k->notif = amp_date_key(d);
    k->has_ht = c[MC_HEURES].present;
    if (k->has_ht) {
        if (!cell_number(x, &c[MC_HEURES], UNIT_H))
            return "heures travaillées invalides";
        if (x->dec.neg && !amp_dec_is_zero(&x->dec))
            return "heures travaillées négatives";
        amp_dec_to_mpq(&x->dec, k->ht);
    }
    return NULL;
}

void amp_marche_row(Ctx *x, Cell *c, long line, const char *row_err)
{
    x->count[T_MARCHES].lues++;
    if (x->nct == x->capct) {
        x->capct = x->capct ? x->capct * 2 : 256;
        x->ct = amp_xrealloc(x->ct, x->capct * sizeof *x->ct);
    }
    Contract *k = &x->ct[x->nct];
    memset(k, 0, sizeof *k);
    mpq_inits(k->montant, k->ht, NULL);
    const char *why = row_err ? row_err : marche_invalid(x, c, k);
    int32_t v;
    bool known = c[MC_MARCHE].present && amp_map_get(&x->contracts, c[MC_MARCHE].s, c[MC_MARCHE].n, &v);
    if (!why && known && v != REJECTED)
        why = "identifiant de marché en double";
    if (why) {
        mpq_clears(k->montant, k->ht, NULL);
        amp_reject(x, T_MARCHES, line, why);
        if (c[MC_MARCHE].present && !known)
            amp_map_set(&x->contracts, c[MC_MARCHE].s, c[MC_MARCHE].n, REJECTED);
        return;
    }
    k->id = arena_dup(&x->texts, c[MC_MARCHE].s, c[MC_MARCHE].n);
    if (k->notif > amp_date_key(x->au)) { /* not evaluated: not counted, listed apart */
        mpq_clears(k->montant, k->ht, NULL);
        if (x->nlate == x->caplate) {
            x->caplate = x->caplate ? x->caplate * 2 : 16;
            x->late = amp_xrealloc(x->late, x->caplate * sizeof *x->late);
        }
        x->late[x->nlate++] = (Late){k->id, k->notif, line};
        amp_map_set(&x->contracts, c[MC_MARCHE].s, c[MC_MARCHE].n, LATE);
        x->count[T_MARCHES].non_comptees++;
        return;
    }
    k->maitre = arena_dup(&x->texts, c[MC_MAITRE].s, c[MC_MAITRE].n);
    char *key = amp_owner_key(c[MC_MAITRE].s, c[MC_MAITRE].n);
    k->maitre_key = arena_dup(&x->texts, key, strlen(key));
    free(key);
    amp_map_set(&x->contracts, c[MC_MARCHE].s, c[MC_MARCHE].n, (int32_t)x->nct);
    x->nct++;
    x->count[T_MARCHES].comptees++;
}

/* ---------- participants ---------- */

static const char *participant_invalid(Ctx *x, const Cell *c, Participant *p)
{
    static const int REQ[] = {PC_ID, PC_SEXE, PC_NAISSANCE, PC_ENTREE};
    const char *why = amp_missing_required(c, REQ, sizeof REQ / sizeof REQ[0]);
    if (why || (why = amp_composite_cell(c, N_PC)))
        return why;
    if (c[PC_SEXE].n != 1 || (c[PC_SEXE].s[0] != 'F' && c[PC_SEXE].s[0] != 'H'))
        return "sexe invalide (F ou H)";
    Date birth, entry;
    if (!amp_cell_date(&c[PC_NAISSANCE], &birth))
        return "date de naissance invalide";
    if (!amp_cell_date(&c[PC_ENTREE], &entry))
        return "date d'entrée invalide";
    if (amp_date_key(birth) > amp_date_key(entry))
        return "date de naissance postérieure à la date d'entrée";
    long mois = 0, niveau = 0;
    if (c[PC_MOIS_INSCR].present && !amp_cell_whole(x, &c[PC_MOIS_INSCR], 0, 1000000, &mois))
        return "mois d'inscription invalide";
    bool niveau_known = c[PC_NIVEAU].present;
    if (niveau_known && !amp_cell_whole(x, &c[PC_NIVEAU], 1, 8, &niveau))
        return "niveau invalide (1 à 8)";
    bool rsa, ass, aah, rqth, iae;
    if (!cell_bool(&c[PC_RSA], &rsa) || !cell_bool(&c[PC_ASS], &ass) || !cell_bool(&c[PC_AAH], &aah) ||
        !cell_bool(&c[PC_RQTH], &rqth) || !cell_bool(&c[PC_PASS_IAE], &iae))
        return "booléen invalide";
    int age = amp_age_at(birth, entry);
    bool deld = mois >= 12;
    bool minima = rsa || ass || aah;
    bool jeune = age < 26 && niveau_known && niveau <= 3;
    bool senior = age >= 50 && mois >= 1;
    p->young_unqualified = age < 26 && niveau_known && niveau <= 2;
    /* éligible aussi: the local public is eligible on its own, QPV or not */
    p->eligible = (c[PC_QPV].present && (deld || minima || rqth || jeune || senior || iae)) ||
                  (x->ch->young_unqualified && p->young_unqualified);
    p->entry_month = amp_month_index(entry.y, entry.m);
    p->female = c[PC_SEXE].s[0] == 'F';
    p->under26 = age < 26;
    const bool pub[N_PUBLIC] = {deld, minima, rqth, jeune, senior, iae};
    memcpy(p->pub, pub, sizeof pub);
    return NULL;
}

void amp_participant_row(Ctx *x, Cell *c, long line, const char *row_err)
{
    x->count[T_PARTICIPANTS].lues++;
    Participant p;
    memset(&p, 0, sizeof p);
    const char *why = row_err ? row_err : participant_invalid(x, c, &p);
    int32_t v;
    bool known = c[PC_ID].present && amp_map_get(&x->participants, c[PC_ID].s, c[PC_ID].n, &v);
    if (!why && known && v != REJECTED)
        why = "identifiant de participant en double";
    if (why) {
        amp_reject(x, T_PARTICIPANTS, line, why);
        if (c[PC_ID].present && !known)
            amp_map_set(&x->participants, c[PC_ID].s, c[PC_ID].n, REJECTED);
        return;
    }
    if (x->npt == x->cappt) {
        x->cappt = x->cappt ? x->cappt * 2 : 256;
        x->pt = amp_xrealloc(x->pt, x->cappt * sizeof *x->pt);
    }
    x->pt[x->npt] = p;
    amp_map_set(&x->participants, c[PC_ID].s, c[PC_ID].n, (int32_t)x->npt++);
    if (p.eligible)
        x->count[T_PARTICIPANTS].comptees++;
    else
        x->count[T_PARTICIPANTS].non_comptees++;
}

/* ---------- heures (the hot path) ---------- */

static void add_hours(Ctx *x, Contract *k, int formation)
{
    int64_t v, sum;
    if (amp_dec_to_scaled(&x->dec, &v) && !__builtin_add_overflow(k->hours[formation], v, &sum)) {
        k->hours[formation] = sum;
        return;
    }
    if (!k->big) {
        k->big = true;
        mpq_inits(k->hours_q[0], k->hours_q[1], NULL);
    }
    amp_dec_to_mpq(&x->dec, x->q);
    mpq_add(k->hours_q[formation], k->hours_q[formation], x->q);
}

void amp_heures_row(Ctx *x, Cell *c, long line, const char *row_err)
{
    static const int REQ[] = {HC_MARCHE, HC_PARTICIPANT, HC_MOIS, HC_HEURES, HC_MODALITE};
    x->count[T_HEURES].lues++;
    const char *why = row_err;
    if (!why)
        why = amp_missing_required(c, REQ, N_HC);
    if (!why)
        why = amp_composite_cell(c, N_HC);
    long month = 0;
    if (!why && (c[HC_MOIS].kind != K_TEXT || !amp_parse_month(c[HC_MOIS].s, c[HC_MOIS].n, &month)))
        why = "mois invalide";
    if (!why && !cell_number(x, &c[HC_HEURES], UNIT_H))
        why = "heures invalides";
    if (!why && (x->dec.neg || amp_dec_is_zero(&x->dec)))
        why = "heures non positives";
    int mod = -1;
    if (!why && (mod = amp_enum_index(MOD_NAME, N_MOD, &c[HC_MODALITE])) < 0)
        why = "modalité inconnue";
    int32_t ci = REJECTED, pv = REJECTED;
    if (!why && !amp_map_get(&x->contracts, c[HC_MARCHE].s, c[HC_MARCHE].n, &ci))
        why = "marché inconnu";
    if (!why && ci == REJECTED)
        why = "marché rejeté";
    if (!why && ci == LATE) { /* whatever its participant */
        x->count[T_HEURES].non_comptees++;
        x->nc_heures[NC_MARCHE_NON_EVALUE]++;
        return;
    }
    if (!why && !amp_map_get(&x->participants, c[HC_PARTICIPANT].s, c[HC_PARTICIPANT].n, &pv))
        why = "participant inconnu";
    if (!why && pv == REJECTED)
        why = "participant rejeté";
    if (why) {
        amp_reject(x, T_HEURES, line, why);
        return;
    }
    Participant *p = &x->pt[pv];
    long notif = x->ct[ci].notif;
    int nc = month > x->au_month                                            ? NC_APRES_AU
             : month < amp_month_index((int)(notif / 10000), (int)(notif / 100 % 100)) ? NC_AVANT_NOTIFICATION
             : !p->eligible                                                  ? NC_NON_ELIGIBLE
             : month < p->entry_month                                        ? NC_AVANT_ENTREE
             : month >= p->entry_month + ELIGIBILITY_MONTHS                  ? NC_HORS_PERIODE
                                                                             : -1;
    if (nc >= 0) {
        x->count[T_HEURES].non_comptees++;
        x->nc_heures[nc]++;
        return;
    }
    x->count[T_HEURES].comptees++;
    p->active = true;
    add_hours(x, &x->ct[ci], mod == M_FORMATION);
}
