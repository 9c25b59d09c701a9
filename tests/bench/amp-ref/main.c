/* tests/bench/amp-ref/main.c: command line of the independent oracle of the example charters: reads the tables, evaluates the contracts and pools, prints them in a stable order. */
#include "amp-ref.h"

static int by_owner(const void *a, const void *b, void *ct)
{
    const Contract *c = ct;
    int d = strcmp(c[*(const size_t *)a].maitre_key, c[*(const size_t *)b].maitre_key);
    return d ? d : strcmp(c[*(const size_t *)a].id, c[*(const size_t *)b].id);
}

static int by_id(const void *a, const void *b, void *ct)
{
    const Contract *c = ct;
    return strcmp(c[*(const size_t *)a].id, c[*(const size_t *)b].id);
}

static int by_file_line(const void *a, const void *b, void *ctx)
{
    const Ctx *x0 = ctx;
    const Rejection *x = a, *y = b;
    int c = strcmp(x0->file[x->table], x0->file[y->table]);
    if (c)
        return c;
    return (x->line > y->line) - (x->line < y->line);
}

static void usage(void)
{
    fputs("usage: amp-ref [--charte amp|belvance] --donnees DIR --au YYYY-MM-DD [--complet]\n", stderr);
    exit(2);
}

int main(int argc, char **argv)
{
    Ctx x;
    memset(&x, 0, sizeof x);
    x.ch = &amp_charter_amp;
    const char *au = NULL;
    bool complete = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--charte") == 0 && i + 1 < argc) {
            const char *name = argv[++i];
            if (strcmp(name, "amp") == 0)
                x.ch = &amp_charter_amp;
            else if (strcmp(name, "belvance") == 0)
                x.ch = &amp_charter_belvance;
            else
                usage();
        } else if (strcmp(argv[i], "--donnees") == 0 && i + 1 < argc)
            x.dir = argv[++i];
        else if (strcmp(argv[i], "--au") == 0 && i + 1 < argc)
            au = argv[++i];
        else if (strcmp(argv[i], "--complet") == 0)
            complete = true;
        else
            usage();
    }
    if (!x.dir || !au)
        usage();
    if (!amp_parse_date(au, strlen(au), &x.au))
        amp_die("invalid --au date", au);
    x.au_month = amp_month_index(x.au.y, x.au.m);
    mpq_init(x.q);
    amp_hires_init(&x);

    for (int t = 0; t < N_TABLE; t++)
        amp_read_table(&x, t);

    setvbuf(stdout, NULL, _IOFBF, 1 << 16);
    fputs("marche;famille;perimetre;maitre_ouvrage;statut;taux;seuil;heures_base;heures_objectif;"
          "heures_realisees;ecart\n",
          stdout);
    size_t *order = amp_xmalloc(x.nct * sizeof *order);
    for (size_t i = 0; i < x.nct; i++)
        order[i] = i;
    if (x.nct)
        qsort_r(order, x.nct, sizeof *order, by_id, x.ct);
    Result *res = amp_xmalloc((x.nct + 1) * sizeof *res);
    for (size_t i = 0; i < x.nct; i++) {
        Result *r = &res[order[i]];
        mpq_inits(r->base, r->obj, r->real, r->other, r->training, NULL);
        amp_evaluate(&x, &x.ct[order[i]], r);
    }
    amp_pools_settle(&x);
    for (size_t i = 0; i < x.nct; i++)
        amp_print_contract(stdout, &x, &x.ct[order[i]], &res[order[i]]);
    fputs("lignes;table;lues;comptees;non_comptees;rejetees\n", stdout);
    for (int t = 0; t < N_TABLE - !x.has_hires; t++)
        printf("lignes;%s;%ld;%ld;%ld;%ld\n", TABLE_NAME[t], x.count[t].lues, x.count[t].comptees,
               x.count[t].non_comptees, x.count[t].rejetees);
    if (x.nrej)
        qsort_r(x.rej, x.nrej, sizeof *x.rej, by_file_line, &x);
    for (size_t i = 0; i < x.nrej; i++)
        printf("rejet;%s;%ld;%s\n", x.file[x.rej[i].table], x.rej[i].line, x.rej[i].reason);
    amp_print_late(stdout, &x);
    amp_print_pools(stdout, &x, res);
    amp_print_hires(stdout, &x);
    if (complete) {
        for (size_t i = 0; i < x.nct; i++)
            order[i] = i;
        if (x.nct)
            qsort_r(order, x.nct, sizeof *order, by_owner, x.ct);
        amp_print_aggregates(&x, order, res);
        amp_print_forgone(stdout, &x, res);
        amp_print_reasons(&x);
        amp_print_indicators(&x);
        if (x.nct)
            qsort_r(order, x.nct, sizeof *order, by_id, x.ct);
        amp_print_details(stdout, &x, order, res);
        amp_print_pool_details(stdout, &x);
    }
    if (fflush(stdout) != 0)
        amp_die("cannot write the output", NULL);

    for (size_t i = 0; i < x.nct; i++) {
        mpq_clears(x.ct[i].montant, x.ct[i].ht, NULL);
        if (x.ct[i].big)
            mpq_clears(x.ct[i].hours_q[0], x.ct[i].hours_q[1], NULL);
    }
    for (size_t i = 0; i < x.nct; i++)
        mpq_clears(res[i].base, res[i].obj, res[i].real, res[i].other, res[i].training, NULL);
    free(res);
    amp_pools_free(&x);
    amp_hires_free(&x);
    free(x.pt);
    free(order);
    free(x.ct);
    free(x.rej);
    free(x.late);
    free(x.dec.dig);
    amp_map_free(&x.contracts);
    amp_map_free(&x.participants);
    amp_arena_free(&x.texts);
    mpq_clear(x.q);
    return 0;
}
