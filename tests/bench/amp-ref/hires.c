/* tests/bench/amp-ref/hires.c: targets as a share of hires (issue 10 §2, examples/belvance/REFERENCE.md): one embauches row checked and counted, each target assessed, the aggregates by scope and owner. */
#include "amp-ref.h"

static const char *const CONTRACT_TYPE[] = {"cdi", "cdd", "alternance", "interim", "autre"};

void amp_hires_init(Ctx *x)
{
    x->hire_targets = amp_xmalloc((x->ch->nhires + 1) * sizeof *x->hire_targets);
    for (size_t i = 0; i < x->ch->nhires; i++) {
        x->hire_targets[i].hires = x->hire_targets[i].eligible = 0;
        mpq_init(x->hire_targets[i].target);
    }
    for (int s = 0; s < MAX_SCOPE; s++)
        x->hire_scope[s] = (HireCount){s < x->ch->nscope ? x->ch->scope_name[s] : NULL, 0, 0, NULL};
    x->hire_all = (HireCount){NULL, 0, 0, NULL};
}

void amp_hires_free(Ctx *x)
{
    for (size_t i = 0; i < x->ch->nhires; i++)
        mpq_clear(x->hire_targets[i].target);
    free(x->hire_targets);
    for (size_t i = 0; i < x->nhire_owner; i++) {
        free((char *)x->hire_owner[i].key);
        free((char *)x->hire_owner[i].fold);
    }
    free(x->hire_owner);
    amp_map_free(&x->hire_ids);
}

static bool scope_within(const Charter *ch, int s, int ancestor)
{
    for (; s >= 0; s = ch->scope_parent[s])
        if (s == ancestor)
            return true;
    return false;
}

static int nature_index(const Cell *c)
{
    return amp_enum_index(NATURE_NAME, N_NATURE, c);
}

/* A reference to a row of another table: present, known and not rejected. */
static const char *bad_reference(Map *m, const Cell *c, int32_t *v, const char *unknown, const char *rejected)
{
    if (!amp_map_get(m, c->s, c->n, v))
        return unknown;
    return *v == REJECTED ? rejected : NULL;
}

static const char *hire_invalid(Ctx *x, const Cell *c, int *scope, int *nature, Date *d, int32_t *pt)
{
    static const int REQ[] = {EC_ID, EC_MAITRE, EC_PERIMETRE, EC_DATE, EC_NATURE, EC_TYPE};
    const char *why = amp_missing_required(c, REQ, sizeof REQ / sizeof REQ[0]);
    if (why || (why = amp_composite_cell(c, N_EC)))
        return why;
    if ((*scope = amp_enum_index(x->ch->scope_name, x->ch->nscope, &c[EC_PERIMETRE])) < 0)
        return "périmètre inconnu";
    if ((*nature = nature_index(&c[EC_NATURE])) < 0)
        return "nature inconnue";
    if (!amp_cell_date(&c[EC_DATE], d))
        return "date d'embauche invalide";
    if (amp_enum_index(CONTRACT_TYPE, 5, &c[EC_TYPE]) < 0)
        return "type de contrat inconnu";
    long months;
    if (c[EC_DUREE].present && !amp_cell_whole(x, &c[EC_DUREE], 1, 600, &months))
        return "durée invalide (1 à 600 mois)";
    int32_t v;
    if (c[EC_MARCHE].present &&
        (why = bad_reference(&x->contracts, &c[EC_MARCHE], &v, "marché inconnu", "marché rejeté")))
        return why;
    *pt = -1;
    if (c[EC_PARTICIPANT].present &&
        (why = bad_reference(&x->participants, &c[EC_PARTICIPANT], pt, "participant inconnu", "participant rejeté")))
        return why;
    return NULL;
}

static void count_owner(Ctx *x, const Cell *owner, bool eligible)
{
    /* Grouped case- and accent-blind (owners.c), under the spelling of the first hire read. */
    char *fold = amp_owner_key(owner->s, owner->n);
    size_t i = 0;
    while (i < x->nhire_owner && strcmp(x->hire_owner[i].fold, fold) != 0)
        i++;
    if (i < x->nhire_owner)
        free(fold);
    else {
        if (x->nhire_owner == x->caphire_owner) {
            x->caphire_owner = x->caphire_owner ? x->caphire_owner * 2 : 16;
            x->hire_owner = amp_xrealloc(x->hire_owner, x->caphire_owner * sizeof *x->hire_owner);
        }
        char *key = amp_xmalloc(owner->n + 1);
        memcpy(key, owner->s, owner->n);
        key[owner->n] = '\0';
        x->hire_owner[x->nhire_owner++] = (HireCount){key, 0, 0, fold};
    }
    x->hire_owner[i].hires++;
    x->hire_owner[i].eligible += eligible;
}

/* Eligible at the hire date: eligible (judged at entry) and hired in one of the 24 months of
 * eligibility that start with the month of entry. */
static bool eligible_at(const Ctx *x, int32_t pt, Date d)
{
    if (pt < 0)
        return false;
    const Participant *p = &x->pt[pt];
    long month = amp_month_index(d.y, d.m);
    return p->eligible && month >= p->entry_month && month < p->entry_month + ELIGIBILITY_MONTHS;
}

void amp_embauche_row(Ctx *x, Cell *c, long line, const char *row_err)
{
    x->count[T_EMBAUCHES].lues++;
    int scope = -1, nature = -1;
    Date d = {0, 0, 0};
    int32_t pt = -1, v;
    const char *why = row_err ? row_err : hire_invalid(x, c, &scope, &nature, &d, &pt);
    if (!why && amp_map_get(&x->hire_ids, c[EC_ID].s, c[EC_ID].n, &v))
        why = "identifiant d'embauche en double";
    if (why) {
        amp_reject(x, T_EMBAUCHES, line, why);
        return;
    }
    amp_map_set(&x->hire_ids, c[EC_ID].s, c[EC_ID].n, 0);
    long key = amp_date_key(d);
    if (key > amp_date_key(x->au) || key < x->ch->from || key > x->ch->to) {
        x->count[T_EMBAUCHES].non_comptees++;
        x->nc_embauches[key > amp_date_key(x->au) ? 0 : 1]++;
        return;
    }
    x->count[T_EMBAUCHES].comptees++;
    bool eligible = eligible_at(x, pt, d);
    for (size_t i = 0; i < x->ch->nhires; i++) {
        const HireRule *r = &x->ch->hires[i];
        if (r->nature != nature || !scope_within(x->ch, scope, r->scope))
            continue;
        HireTarget *t = &x->hire_targets[i];
        t->hires++;
        t->eligible += eligible;
        mpq_set_ui(x->q, (unsigned long)r->pct, 100);
        mpq_canonicalize(x->q);
        mpq_add(t->target, t->target, x->q);
    }
    x->hire_scope[scope].hires++;
    x->hire_scope[scope].eligible += eligible;
    x->hire_all.hires++;
    x->hire_all.eligible += eligible;
    count_owner(x, &c[EC_MAITRE], eligible);
}

static void put_share(FILE *out, long num, long den)
{
    if (!den)
        return;
    mpq_t q;
    mpq_init(q);
    mpq_set_ui(q, (unsigned long)num * 100, (unsigned long)den);
    mpq_canonicalize(q);
    amp_put_decimal(out, q);
    mpq_clear(q);
}

static void put_count_line(FILE *out, const char *axis, const HireCount *h)
{
    fprintf(out, "embauches_agregat;%s;", axis);
    amp_put_text(out, h->key);
    fprintf(out, ";%ld;%ld;", h->hires, h->eligible);
    put_share(out, h->eligible, h->hires);
    fputc('\n', out);
}

static int by_key(const void *a, const void *b)
{
    return strcmp(((const HireCount *)a)->key, ((const HireCount *)b)->key);
}

/* Each target, the hires counted in all, by scope (a scope with its sub-scopes, in tree order,
 * scopes with hires only) and by owner (sorted bytewise), as charte's report gives them. */
void amp_print_hires(FILE *out, const Ctx *x)
{
    const Charter *ch = x->ch;
    if (!ch->nhires && !x->has_hires)
        return;
    fputs("embauches;perimetre;maitre_ouvrage;nature;statut;taux;embauches;eligibles;part;objectif;ecart\n", out);
    mpq_t gap;
    mpq_init(gap);
    for (size_t i = 0; i < ch->nhires; i++) {
        const HireTarget *t = &x->hire_targets[i];
        mpq_set_si(gap, t->eligible, 1);
        mpq_sub(gap, gap, t->target);
        const char *status = !x->has_hires      ? "sans_donnees"
                             : !t->hires         ? "sans_embauches"
                             : mpq_sgn(gap) >= 0 ? "atteint"
                                                 : "non_atteint";
        fprintf(out, "embauches;%s;;%s;%s;%d;%ld;%ld;", ch->scope_name[ch->hires[i].scope],
                NATURE_NAME[ch->hires[i].nature], status, ch->hires[i].pct, t->hires, t->eligible);
        put_share(out, t->eligible, t->hires);
        fputc(';', out);
        amp_put_decimal(out, t->target);
        fputc(';', out);
        if (x->has_hires) /* no embauches file: no gap to speak of */
            amp_put_decimal(out, gap);
        fputc('\n', out);
    }
    mpq_clear(gap);
    fprintf(out, "embauches_comptees;%ld;%ld\n", x->hire_all.hires, x->hire_all.eligible);
    fputs("embauches_agregat;axe;cle;embauches;eligibles;part\n", out);
    if (x->hire_all.hires) {
        HireCount national = {"national", x->hire_all.hires, x->hire_all.eligible, NULL};
        put_count_line(out, "perimetres", &national);
    }
    for (int t = 0; t < ch->nscope; t++) {
        int s = ch->scope_tree[t];
        HireCount h = {ch->scope_name[s], 0, 0, NULL};
        for (int k = 0; k < ch->nscope; k++)
            if (scope_within(ch, k, s)) {
                h.hires += x->hire_scope[k].hires;
                h.eligible += x->hire_scope[k].eligible;
            }
        if (h.hires)
            put_count_line(out, "perimetres", &h);
    }
    HireCount *owners = amp_xmalloc((x->nhire_owner + 1) * sizeof *owners);
    memcpy(owners, x->hire_owner, x->nhire_owner * sizeof *owners);
    qsort(owners, x->nhire_owner, sizeof *owners, by_key);
    for (size_t i = 0; i < x->nhire_owner; i++)
        put_count_line(out, "maitres_ouvrage", &owners[i]);
    free(owners);
}
