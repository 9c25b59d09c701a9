/* runtime/report_json.c: the evaluation as JSON (examples/amp/REFERENCE.md's shape), numbers written as exact decimals. */
#include "report.h"

#include "explain.h"

#include "gc.h"
#include "num.h"

#include <string.h>

/* Figures that have no finite decimal expansion are rounded half-up to this
** many digits (examples/amp/REFERENCE.md: heures_base to 2). */
#define JSON_FRAC 2

/* The bytes a JSON string writes as they are: the report's texts are made of
** them, so a run of them goes out in one fwrite rather than a fputc a byte. */
static bool json_plain(unsigned char c)
{
    return c >= 0x20 && c != 0x7F && c != '"' && c != '\\';
}

static void json_string(FILE *out, const char *s)
{
    if (!s) {
        fputs("null", out);
        return;
    }
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        const unsigned char *run = p;
        while (json_plain(*p))
            p++;
        if (p > run)
            fwrite(run, 1, (size_t)(p - run), out);
        if (!*p)
            break;
        switch (*p) {
        case '"':  fputs("\\\"", out); break;
        case '\\': fputs("\\\\", out); break;
        case '\n': fputs("\\n", out); break;
        case '\r': fputs("\\r", out); break;
        case '\t': fputs("\\t", out); break;
        default:   fprintf(out, "\\u%04x", *p); break;
        }
    }
    fputc('"', out);
}

/* A whole number as num_to_decimal writes it ("-12", "0"), without building its
** text in the heap: most figures of a contract are whole (amounts, thresholds,
** rounded targets). false when q is not a whole number of 64 bits. */
static bool json_whole(FILE *out, mpq_srcptr q)
{
    if (mpz_cmp_ui(mpq_denref(q), 1) != 0 || !mpz_fits_slong_p(mpq_numref(q)))
        return false;
    long v = mpz_get_si(mpq_numref(q));
    unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
    char buf[24], *p = buf + sizeof buf;
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        *--p = '-';
    fwrite(p, 1, (size_t)(buf + sizeof buf - p), out);
    return true;
}

static void json_num(FILE *out, mpq_srcptr q)
{
    if (!q)
        fputs("null", out);
    else if (!json_whole(out, q))
        fputs(num_to_decimal(q, JSON_FRAC), out);
}

static void json_percent(FILE *out, mpq_srcptr q)
{
    if (!q)
        fputs("null", out);
    else
        fputs(report_percent(q, JSON_FRAC, false, false), out);
}

/* Keys only a pool member, a floored or a non-subject contract has: other reports keep their bytes. */
static void json_contract_pool(FILE *out, const EvalContract *c)
{
    if (c->pool) {
        fputs(", \"mutualisation\": ", out);
        json_string(out, c->pool->id);
        fputs(", \"contribution\": ", out);
        json_num(out, c->contribution);
    }
    if (c->floor_applied)
        fputs(", \"plancher_national_applique\": true", out);
    if (c->forgone) {
        fputs(", \"heures_objectif_exemptees\": ", out);
        json_num(out, c->forgone);
    }
}

static void json_contract(FILE *out, const EvalContract *c, const Model *m, bool english, bool last)
{
    fputs("    {", out);
    fputs("\"marche\": ", out);
    json_string(out, c->id);
    fputs(", \"famille\": ", out);
    json_string(out, c->family >= 0 ? m->families[c->family].id : NULL);
    fputs(", \"perimetre\": ", out);
    json_string(out, c->scope >= 0 ? m->scopes[c->scope].id : NULL);
    fputs(", \"maitre_ouvrage\": ", out);
    json_string(out, c->owner);
    fputs(",\n      \"statut\": ", out);
    json_string(out, eval_status_id(c->status));
    fputs(", \"taux\": ", out);
    json_percent(out, c->rate);
    fputs(", \"seuil\": ", out);
    json_num(out, c->threshold);
    fputs(", \"heures_base\": ", out);
    json_num(out, c->base);
    fputs(", \"heures_objectif\": ", out);
    json_num(out, c->target_hours);
    fputs(",\n      \"heures_realisees\": ", out);
    json_num(out, c->counted);
    fputs(", \"ecart\": ", out);
    json_num(out, c->gap);
    fputs(",\n      \"articles\": [", out);
    for (int i = 0; i < c->narticles; i++) {
        if (i)
            fputs(", ", out);
        json_string(out, c->articles[i]);
    }
    fputs("],\n      \"intitule\": ", out);
    json_string(out, c->label);
    fputs(", \"montant_ht\": ", out);
    json_num(out, c->amount);
    fputs(", \"date_notification\": ", out);
    json_string(out, c->notified != DATE_NONE ? date_to_iso(c->notified) : NULL);
    fputs(", \"heures_base_estimees\": ", out);
    fputs(c->base_estimated ? "true" : "false", out);
    fputs(", \"objectif_fixe\": ", out);
    json_num(out, c->fixed);
    if (say_is_set(c->note)) {
        fputs(", \"note\": ", out);
        json_string(out, say_english(c->note, english));
    }
    json_contract_pool(out, c);
    fputs(last ? "}\n" : "},\n", out);
}

static void json_counts(FILE *out, const EvalRun *e)
{
    int n = report_ntables(e);
    fputs("  \"lignes\": {\n", out);
    for (int t = 0; t < n; t++) {
        const EvalCounts *k = &e->counts[t];
        fprintf(out, "    \"%s\": { \"lues\": %ld, \"comptees\": %ld, \"non_comptees\": %ld, \"rejetees\": %ld }%s\n",
                e->files[t].table, k->read, k->counted, k->not_counted, k->rejected, t < n - 1 ? "," : "");
    }
    fputs("  },\n  \"non_comptees\": {\n", out);
    for (int t = 0; t < n; t++) {
        fprintf(out, "    \"%s\": {", e->files[t].table);
        for (int i = 0; i < e->nreasons[t]; i++)
            fprintf(out, "%s\"%s\": %ld", i ? ", " : " ", e->reasons[t][i].code, e->reasons[t][i].count);
        fprintf(out, "%s}%s\n", e->nreasons[t] ? " " : "", t < n - 1 ? "," : "");
    }
    fputs("  },\n", out);
}

static void json_rejects(FILE *out, const EvalRun *e, bool english)
{
    fputs("  \"rejets\": [", out);
    for (long i = 0; i < e->nrejects; i++) {
        const EvalReject *r = &e->rejects[i];
        fputs(i ? ",\n    " : "\n    ", out);
        fputs("{ \"fichier\": ", out);
        json_string(out, r->file);
        fprintf(out, ", \"ligne\": %ld, \"motif\": ", r->line);
        json_string(out, say_english(r->why, english));
        fputs(" }", out);
    }
    fputs(e->nrejects ? "\n  ],\n" : "],\n", out);
}

/* The start of the i-th object of a summary: its key, and its name when it has one. */
static void json_aggregate_open(FILE *out, int i, const char *key, const char *name)
{
    fputs(i ? ",\n      " : "\n      ", out);
    fputs("{ \"cle\": ", out);
    json_string(out, key);
    if (name) {
        fputs(", \"nom\": ", out);
        json_string(out, name);
    }
}

static void json_aggregates(FILE *out, const char *key, const EvalAggregate *a, int n, bool last)
{
    fprintf(out, "    \"%s\": [", key);
    for (int i = 0; i < n; i++) {
        json_aggregate_open(out, i, a[i].key, a[i].name);
        fprintf(out, ", \"marches\": %d, \"soumis\": %d, \"atteints\": %d, \"heures_objectif\": ",
                a[i].contracts, a[i].subject, a[i].met);
        json_num(out, a[i].target_hours);
        fputs(", \"heures_realisees\": ", out);
        json_num(out, a[i].counted_hours);
        fputs(", \"taux_realisation\": ", out);
        json_percent(out, a[i].rate);
        fputs(" }", out);
    }
    fprintf(out, "%s]%s\n", n ? "\n    " : "", last ? "" : ",");
}

static void json_pools(FILE *out, const EvalRun *e, bool english)
{
    const Model *m = e->model;
    fputs("  \"mutualisations\": [", out);
    for (int k = 0; k < e->npools; k++) {
        const EvalPool *p = e->pools[k];
        fputs(k ? ",\n    " : "\n    ", out);
        fputs("{ \"mutualisation\": ", out);
        json_string(out, p->id);
        fputs(", \"famille\": ", out);
        json_string(out, m->families[p->family].id);
        fputs(", \"perimetre\": ", out);
        json_string(out, m->scopes[p->scope].id);
        fputs(", \"maitre_ouvrage\": ", out);
        json_string(out, p->owner);
        fprintf(out, ", \"par_maitre_ouvrage\": %s,\n      \"statut\": ", p->level == AST_POOL_OWNER ? "true" : "false");
        json_string(out, eval_status_id(p->status));
        fputs(", \"heures_base\": ", out);
        json_num(out, p->base);
        fprintf(out, ", \"heures_base_inconnues\": %d, \"heures_objectif\": ", p->base_unknown);
        json_num(out, p->target_hours);
        fputs(", \"heures_realisees\": ", out);
        json_num(out, p->counted);
        fputs(", \"ecart\": ", out);
        json_num(out, p->gap);
        fprintf(out, ",\n      \"plancher_national_applique\": %s, \"articles\": [", p->floor_applied ? "true" : "false");
        for (int i = 0; i < p->narticles; i++) {
            if (i)
                fputs(", ", out);
            json_string(out, p->articles[i]);
        }
        fputs("], \"membres\": [", out);
        for (int i = 0; i < p->nmembers; i++) {
            if (i)
                fputs(", ", out);
            json_string(out, p->members[i]->id);
        }
        fputs("]", out);
        if (say_is_set(p->note)) {
            fputs(", \"note\": ", out);
            json_string(out, say_english(p->note, english));
        }
        fputs(" }", out);
    }
    fputs(e->npools ? "\n  ],\n" : "],\n", out);
}

static void json_forgone(FILE *out, const EvalRun *e)
{
    const Model *m = e->model;
    fputs("  \"exemptions_seuils\": [", out);
    for (int i = 0; i < e->nforgone; i++) {
        const EvalForgone *f = &e->forgone[i];
        fputs(i ? ",\n    " : "\n    ", out);
        fputs("{ \"famille\": ", out);
        json_string(out, m->families[f->family].id);
        fputs(", \"perimetre\": ", out);
        json_string(out, m->scopes[f->scope].id);
        fprintf(out, ", \"marches\": %d, \"montant_ht\": ", f->contracts);
        json_num(out, f->amount);
        fputs(", \"heures_base\": ", out);
        json_num(out, f->base);
        fprintf(out, ", \"heures_base_inconnues\": %d, \"heures_objectif\": ", f->base_unknown);
        json_num(out, f->target_hours);
        fputs(" }", out);
    }
    fputs(e->nforgone ? "\n  ],\n" : "],\n", out);
}

static void json_cell(FILE *out, const EvalCell *c, bool share)
{
    if (c->secret) {
        fputs("\"secret\"", out);
        return;
    }
    if (share)
        json_percent(out, c->share);
    else
        fprintf(out, "%ld", c->count);
}

static void json_indicators(FILE *out, const EvalRun *e)
{
    fprintf(out, "  \"indicateurs\": {\n    \"secret_statistique\": %d, \"participants\": ",
            e->model->secrecy_k);
    if (e->active_participants < e->model->secrecy_k)
        fputs("\"secret\"", out);
    else
        fprintf(out, "%ld", e->active_participants);
    fputs(",\n    \"liste\": [", out);
    for (int i = 0; i < e->nindicators; i++) {
        const EvalIndicator *ind = &e->indicators[i];
        bool share = ind->decl->kind == AST_IND_SHARE;
        fputs(i ? ",\n      " : "\n      ", out);
        fputs("{ \"indicateur\": ", out);
        json_string(out, ind->decl->id);
        fputs(", \"nom\": ", out);
        json_string(out, ind->decl->name);
        fprintf(out, ", \"type\": \"%s\", \"valeur\": ", share ? "part" : "nombre");
        json_cell(out, &ind->total, share);
        if (ind->decl->has_target) {
            fputs(", \"objectif\": ", out);
            if (share)
                json_percent(out, ind->decl->target);
            else
                json_num(out, ind->decl->target);
            fputs(", \"objectif_atteint\": ", out);
            fputs(ind->total.secret ? "null" : ind->target_met ? "true" : "false", out);
        }
        if (ind->decl->by) {
            fputs(", \"par\": ", out);
            json_string(out, ind->decl->by);
            fputs(", \"cases\": [", out);
            for (int c = 0; c < ind->ncells; c++) {
                fputs(c ? ", " : "", out);
                fputs("{ \"categorie\": ", out);
                json_string(out, ind->cells[c].label ? ind->cells[c].label
                                 : ind->cells[c].secret ? "autres" : "non_renseigne");
                fputs(", \"valeur\": ", out);
                json_cell(out, &ind->cells[c], share);
                fputs(" }", out);
            }
            fputs("]", out);
        }
        fputs(" }", out);
    }
    fputs(e->nindicators ? "\n    ]\n  },\n" : "]\n  },\n", out);
}

static void json_files(FILE *out, const EvalRun *e, bool english)
{
    fputs("  \"fichiers\": [", out);
    bool first = true;
    for (int t = 0; t < M_NTABLES; t++) {
        const TableInfo *info = e->files[t].info;
        if (!info)
            continue;
        fputs(first ? "\n    " : ",\n    ", out);
        first = false;
        fprintf(out, "{ \"table\": \"%s\", \"fichier\": ", e->files[t].table);
        json_string(out, info->file ? info->file : info->path);
        fprintf(out, ", \"format\": \"%s\", \"encodage\": ", table_format_name(info->format));
        json_string(out, info->encoding);
        if (info->format == TABLE_CSV && info->separator) {
            char sep[2] = { info->separator, 0 };
            fputs(", \"separateur\": ", out);
            json_string(out, sep);
        }
        fputs(" }", out);
    }
    fputs(first ? "],\n" : "\n  ],\n", out);
    fputs("  \"notes\": [", out);
    for (int i = 0; i < e->nnotes; i++) {
        fputs(i ? ",\n    " : "\n    ", out);
        json_string(out, report_note(e, i, english));
    }
    fputs(e->nnotes ? "\n  ]\n" : "]\n", out);
}

/* ---- contracts not evaluated, hires (keys present only when there is something to say) ---- */

static void json_late(FILE *out, const EvalRun *e)
{
    if (e->nlate == 0)
        return;
    fputs("  \"marches_non_evalues\": [", out);
    for (int i = 0; i < e->nlate; i++) {
        fputs(i ? ",\n    " : "\n    ", out);
        fputs("{ \"marche\": ", out);
        json_string(out, e->late[i].id);
        fprintf(out, ", \"date_notification\": \"%s\", \"ligne\": %ld }", date_to_iso(e->late[i].notified), e->late[i].line);
    }
    fputs("\n  ],\n", out);
}

static void json_hires_aggregates(FILE *out, const char *key, const EvalHiresAggregate *a, int n, bool last)
{
    fprintf(out, "    \"%s\": [", key);
    for (int i = 0; i < n; i++) {
        json_aggregate_open(out, i, a[i].key, a[i].name);
        fprintf(out, ", \"embauches\": %ld, \"eligibles\": %ld, \"part\": ", a[i].hires, a[i].eligible);
        json_percent(out, a[i].share);
        fputs(" }", out);
    }
    fprintf(out, "%s]%s\n", n ? "\n    " : "", last ? "" : ",");
}

static void json_hires(FILE *out, const EvalRun *e)
{
    if (!report_has_hires(e))
        return;
    fputs("  \"embauches\": {\n    \"objectifs\": [", out);
    for (int i = 0; i < e->nhires; i++) {
        const EvalHiresTarget *h = &e->hires[i];
        fputs(i ? ",\n      " : "\n      ", out);
        fputs("{ \"perimetre\": ", out);
        json_string(out, e->model->scopes[h->scope].id);
        fputs(", \"maitre_ouvrage\": ", out);
        json_string(out, h->owner);
        fputs(", \"nature\": ", out);
        json_string(out, h->nature);
        fprintf(out, ", \"statut\": \"%s\", \"taux\": ", eval_hires_status_id(h->status));
        json_percent(out, h->rate);
        fprintf(out, ", \"embauches\": %ld, \"eligibles\": %ld, \"part\": ", h->hires, h->eligible);
        json_percent(out, h->share);
        fputs(", \"objectif\": ", out);
        json_num(out, h->target);
        fputs(", \"ecart\": ", out);
        json_num(out, h->gap);
        fputs(", \"articles\": [", out);
        for (int k = 0; k < h->narticles; k++) {
            fputs(k ? ", " : "", out);
            json_string(out, h->articles[k]);
        }
        fputs("] }", out);
    }
    fputs(e->nhires ? "\n    ],\n" : "],\n", out);
    fprintf(out, "    \"comptees\": %ld, \"eligibles\": %ld,\n", e->hires_all.hires, e->hires_all.eligible);
    json_hires_aggregates(out, "perimetres", e->hires_by_scope, e->nhires_by_scope, false);
    json_hires_aggregates(out, "maitres_ouvrage", e->hires_by_owner, e->nhires_by_owner, true);
    fputs("  },\n", out);
}

void report_json(const EvalRun *e, const ReportOptions *o, FILE *out)
{
    const Model *m = e->model;
    /* The document is described by docs/schemas/eval.schema.json; its
    ** format_version changes when a field changes meaning or disappears. */
    fputs("{\n  \"format_version\": 1,\n  \"charte\": ", out);
    json_string(out, m->title);
    fputs(",\n  \"au\": ", out);
    json_string(out, e->au != DATE_NONE ? date_to_iso(e->au) : NULL);
    fputs(",\n  \"marches\": [\n", out);
    for (int i = 0; i < e->ncontracts; i++)
        json_contract(out, e->contracts[i], m, o->english, i == e->ncontracts - 1);
    fputs("  ],\n", out);
    json_counts(out, e);
    json_rejects(out, e, o->english);
    fputs("  \"agregats\": {\n", out);
    json_aggregates(out, "familles", e->by_family, e->nby_family, false);
    json_aggregates(out, "perimetres", e->by_scope, e->nby_scope, false);
    json_aggregates(out, "maitres_ouvrage", e->by_owner, e->nby_owner, true);
    fputs("  },\n", out);
    json_pools(out, e, o->english);
    json_forgone(out, e);
    json_late(out, e);
    json_hires(out, e);
    if (o->derivations)
        explain_write_json_all(e, o->derivations, o->english, out);
    json_indicators(out, e);
    json_files(out, e, o->english);
    fputs("}\n", out);
}
