/* runtime/report_json.c: the evaluation as JSON (examples/amp/REFERENCE.md's shape), numbers written as exact decimals. */
#include "report.h"

#include "explain.h"

#include "gc.h"
#include "num.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Figures that have no finite decimal expansion are rounded half-up to this
** many digits (examples/amp/REFERENCE.md: heures_base to 2). */
#define JSON_FRAC 2

/* The report is some 70 000 small pieces for 2 000 contracts, and a call into
** stdio costs about 130 instructions: they gather in this writer's buffer and
** go to the stream a block at a time. */
typedef struct JsonOut {
    FILE *f;
    size_t n;
    char buf[16384];
} JsonOut;

static void jflush(JsonOut *o)
{
    if (o->n)
        fwrite(o->buf, 1, o->n, o->f);
    o->n = 0;
}

/* The stdio functions' arguments, in their order. */
static inline void jwrite(const void *p, size_t size, size_t count, JsonOut *o)
{
    size_t len = size * count;
    if (len > sizeof o->buf - o->n) {
        jflush(o);
        if (len > sizeof o->buf) {
            fwrite(p, 1, len, o->f);
            return;
        }
    }
    memcpy(o->buf + o->n, p, len);
    o->n += len;
}

static inline void jputs(const char *s, JsonOut *o) { jwrite(s, 1, strlen(s), o); }

static inline void jputc(int c, JsonOut *o)
{
    if (o->n == sizeof o->buf)
        jflush(o);
    o->buf[o->n++] = (char)c;
}

static void jprintf(JsonOut *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void jprintf(JsonOut *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(o->buf + o->n, sizeof o->buf - o->n, fmt, ap);
    va_end(ap);
    if (n >= 0 && (size_t)n < sizeof o->buf - o->n) {
        o->n += (size_t)n;
        return;
    }
    jflush(o);
    va_start(ap, fmt);
    vfprintf(o->f, fmt, ap);
    va_end(ap);
}

/* The bytes a JSON string writes as they are (all but the controls, DEL,
** '"' and '\\'): the report's texts are made of them, so a run of them goes
** out in one fwrite rather than a fputc a byte. A table, a row per 16 bytes:
** one load a byte instead of four tests. */
static const bool json_plain_byte[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,   /* 0x00 */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,   /* 0x10 */
    1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,   /* 0x20 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,   /* 0x30 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,   /* 0x40 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,   /* 0x50 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,   /* 0x60 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0,   /* 0x70 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,   /* 0x80 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,   /* 0x90 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,   /* 0xA0 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,   /* 0xB0 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,   /* 0xC0 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,   /* 0xD0 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,   /* 0xE0 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,   /* 0xF0 */
};

static bool json_plain(unsigned char c)
{
    return json_plain_byte[c];
}

static void json_string(JsonOut *out, const char *s)
{
    if (!s) {
        jputs("null", out);
        return;
    }
    jputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        const unsigned char *run = p;
        while (json_plain(*p))
            p++;
        if (p > run)
            jwrite(run, 1, (size_t)(p - run), out);
        if (!*p)
            break;
        switch (*p) {
        case '"':  jputs("\\\"", out); break;
        case '\\': jputs("\\\\", out); break;
        case '\n': jputs("\\n", out); break;
        case '\r': jputs("\\r", out); break;
        case '\t': jputs("\\t", out); break;
        default:   jprintf(out, "\\u%04x", *p); break;
        }
    }
    jputc('"', out);
}

/* A whole number as num_to_decimal writes it ("-12", "0"), without building its
** text in the heap: most figures of a contract are whole (amounts, thresholds,
** rounded targets). false when q is not a whole number of 64 bits. */
static bool json_whole(JsonOut *out, mpq_srcptr q)
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
    jwrite(p, 1, (size_t)(buf + sizeof buf - p), out);
    return true;
}

static void json_num(JsonOut *out, mpq_srcptr q)
{
    if (!q)
        jputs("null", out);
    else if (!json_whole(out, q))
        jputs(num_to_decimal(q, JSON_FRAC), out);
}

static void json_percent(JsonOut *out, mpq_srcptr q)
{
    if (!q)
        jputs("null", out);
    else
        jputs(report_percent(q, JSON_FRAC, false, false), out);
}

/* A period's figure (--depuis), under its key; nothing without a period: other reports keep their bytes. */
static void json_period(JsonOut *out, const char *key, mpq_srcptr q)
{
    if (!q)
        return;
    jprintf(out, ", \"%s\": ", key);
    json_num(out, q);
}

/* The same for a count of hires: with a period only. */
static void json_period_count(JsonOut *out, const EvalRun *e, const char *key, long n)
{
    if (e->since != DATE_NONE)
        jprintf(out, ", \"%s\": %ld", key, n);
}

/* Keys only a pool member, a floored or a non-subject contract has: other reports keep their bytes. */
static void json_contract_pool(JsonOut *out, const EvalContract *c)
{
    if (c->pool) {
        jputs(", \"mutualisation\": ", out);
        json_string(out, c->pool->id);
        jputs(", \"contribution\": ", out);
        json_num(out, c->contribution);
    }
    if (c->floor_applied)
        jputs(", \"plancher_national_applique\": true", out);
    if (c->forgone) {
        jputs(", \"heures_objectif_exemptees\": ", out);
        json_num(out, c->forgone);
    }
}

static void json_contract(JsonOut *out, const EvalContract *c, const Model *m, bool english, bool last)
{
    jputs("    {", out);
    jputs("\"marche\": ", out);
    json_string(out, c->id);
    jputs(", \"famille\": ", out);
    json_string(out, c->family >= 0 ? m->families[c->family].id : NULL);
    jputs(", \"perimetre\": ", out);
    json_string(out, c->scope >= 0 ? m->scopes[c->scope].id : NULL);
    jputs(", \"maitre_ouvrage\": ", out);
    json_string(out, c->owner);
    jputs(",\n      \"statut\": ", out);
    json_string(out, eval_status_id(c->status));
    jputs(", \"taux\": ", out);
    json_percent(out, c->rate);
    jputs(", \"seuil\": ", out);
    json_num(out, c->threshold);
    jputs(", \"heures_base\": ", out);
    json_num(out, c->base);
    jputs(", \"heures_objectif\": ", out);
    json_num(out, c->target_hours);
    jputs(",\n      \"heures_realisees\": ", out);
    json_num(out, c->counted);
    jputs(", \"ecart\": ", out);
    json_num(out, c->gap);
    json_period(out, "heures_realisees_periode", c->period);
    jputs(",\n      \"articles\": [", out);
    for (int i = 0; i < c->narticles; i++) {
        if (i)
            jputs(", ", out);
        json_string(out, c->articles[i]);
    }
    jputs("],\n      \"intitule\": ", out);
    json_string(out, c->label);
    jputs(", \"montant_ht\": ", out);
    json_num(out, c->amount);
    jputs(", \"date_notification\": ", out);
    json_string(out, c->notified != DATE_NONE ? date_to_iso(c->notified) : NULL);
    jputs(", \"heures_base_estimees\": ", out);
    jputs(c->base_estimated ? "true" : "false", out);
    jputs(", \"objectif_fixe\": ", out);
    json_num(out, c->fixed);
    if (say_is_set(c->note)) {
        jputs(", \"note\": ", out);
        json_string(out, say_english(c->note, english));
    }
    json_contract_pool(out, c);
    jputs(last ? "}\n" : "},\n", out);
}

static void json_counts(JsonOut *out, const EvalRun *e)
{
    int n = report_ntables(e);
    jputs("  \"lignes\": {\n", out);
    for (int t = 0; t < n; t++) {
        const EvalCounts *k = &e->counts[t];
        jprintf(out, "    \"%s\": { \"lues\": %ld, \"comptees\": %ld, \"non_comptees\": %ld, \"rejetees\": %ld }%s\n",
                e->files[t].table, k->read, k->counted, k->not_counted, k->rejected, t < n - 1 ? "," : "");
    }
    jputs("  },\n  \"non_comptees\": {\n", out);
    for (int t = 0; t < n; t++) {
        jprintf(out, "    \"%s\": {", e->files[t].table);
        for (int i = 0; i < e->nreasons[t]; i++)
            jprintf(out, "%s\"%s\": %ld", i ? ", " : " ", e->reasons[t][i].code, e->reasons[t][i].count);
        jprintf(out, "%s}%s\n", e->nreasons[t] ? " " : "", t < n - 1 ? "," : "");
    }
    jputs("  },\n", out);
}

static void json_rejects(JsonOut *out, const EvalRun *e, bool english)
{
    jputs("  \"rejets\": [", out);
    for (long i = 0; i < e->nrejects; i++) {
        const EvalReject *r = &e->rejects[i];
        jputs(i ? ",\n    " : "\n    ", out);
        jputs("{ \"fichier\": ", out);
        json_string(out, r->file);
        jprintf(out, ", \"ligne\": %ld, \"motif\": ", r->line);
        json_string(out, say_english(r->why, english));
        jputs(" }", out);
    }
    jputs(e->nrejects ? "\n  ],\n" : "],\n", out);
}

/* The start of the i-th object of a summary: its key, and its name when it has one. */
static void json_aggregate_open(JsonOut *out, int i, const char *key, const char *name)
{
    jputs(i ? ",\n      " : "\n      ", out);
    jputs("{ \"cle\": ", out);
    json_string(out, key);
    if (name) {
        jputs(", \"nom\": ", out);
        json_string(out, name);
    }
}

static void json_aggregates(JsonOut *out, const char *key, const EvalAggregate *a, int n, bool last)
{
    jprintf(out, "    \"%s\": [", key);
    for (int i = 0; i < n; i++) {
        json_aggregate_open(out, i, a[i].key, a[i].name);
        jprintf(out, ", \"marches\": %d, \"soumis\": %d, \"atteints\": %d, \"heures_objectif\": ",
                a[i].contracts, a[i].subject, a[i].met);
        json_num(out, a[i].target_hours);
        jputs(", \"heures_realisees\": ", out);
        json_num(out, a[i].counted_hours);
        jputs(", \"taux_realisation\": ", out);
        json_percent(out, a[i].rate);
        json_period(out, "heures_realisees_periode", a[i].period_hours);
        jputs(" }", out);
    }
    jprintf(out, "%s]%s\n", n ? "\n    " : "", last ? "" : ",");
}

static void json_pools(JsonOut *out, const EvalRun *e, bool english)
{
    const Model *m = e->model;
    jputs("  \"mutualisations\": [", out);
    for (int k = 0; k < e->npools; k++) {
        const EvalPool *p = e->pools[k];
        jputs(k ? ",\n    " : "\n    ", out);
        jputs("{ \"mutualisation\": ", out);
        json_string(out, p->id);
        jputs(", \"famille\": ", out);
        json_string(out, m->families[p->family].id);
        jputs(", \"perimetre\": ", out);
        json_string(out, m->scopes[p->scope].id);
        jputs(", \"maitre_ouvrage\": ", out);
        json_string(out, p->owner);
        jprintf(out, ", \"par_maitre_ouvrage\": %s,\n      \"statut\": ", p->level == AST_POOL_OWNER ? "true" : "false");
        json_string(out, eval_status_id(p->status));
        jputs(", \"heures_base\": ", out);
        json_num(out, p->base);
        jprintf(out, ", \"heures_base_inconnues\": %d, \"heures_objectif\": ", p->base_unknown);
        json_num(out, p->target_hours);
        jputs(", \"heures_realisees\": ", out);
        json_num(out, p->counted);
        jputs(", \"ecart\": ", out);
        json_num(out, p->gap);
        json_period(out, "heures_realisees_periode", p->period);
        jprintf(out, ",\n      \"plancher_national_applique\": %s, \"articles\": [", p->floor_applied ? "true" : "false");
        for (int i = 0; i < p->narticles; i++) {
            if (i)
                jputs(", ", out);
            json_string(out, p->articles[i]);
        }
        jputs("], \"membres\": [", out);
        for (int i = 0; i < p->nmembers; i++) {
            if (i)
                jputs(", ", out);
            json_string(out, p->members[i]->id);
        }
        jputs("]", out);
        if (say_is_set(p->note)) {
            jputs(", \"note\": ", out);
            json_string(out, say_english(p->note, english));
        }
        jputs(" }", out);
    }
    jputs(e->npools ? "\n  ],\n" : "],\n", out);
}

static void json_forgone(JsonOut *out, const EvalRun *e)
{
    const Model *m = e->model;
    jputs("  \"exemptions_seuils\": [", out);
    for (int i = 0; i < e->nforgone; i++) {
        const EvalForgone *f = &e->forgone[i];
        jputs(i ? ",\n    " : "\n    ", out);
        jputs("{ \"famille\": ", out);
        json_string(out, m->families[f->family].id);
        jputs(", \"perimetre\": ", out);
        json_string(out, m->scopes[f->scope].id);
        jprintf(out, ", \"marches\": %d, \"montant_ht\": ", f->contracts);
        json_num(out, f->amount);
        jputs(", \"heures_base\": ", out);
        json_num(out, f->base);
        jprintf(out, ", \"heures_base_inconnues\": %d, \"heures_objectif\": ", f->base_unknown);
        json_num(out, f->target_hours);
        jputs(" }", out);
    }
    jputs(e->nforgone ? "\n  ],\n" : "],\n", out);
}

static void json_cell(JsonOut *out, const EvalCell *c, bool share)
{
    if (c->secret) {
        jputs("\"secret\"", out);
        return;
    }
    if (share)
        json_percent(out, c->share);
    else
        jprintf(out, "%ld", c->count);
}

static void json_indicators(JsonOut *out, const EvalRun *e)
{
    jprintf(out, "  \"indicateurs\": {\n    \"secret_statistique\": %d, \"participants\": ",
            e->model->secrecy_k);
    if (e->active_participants < e->model->secrecy_k)
        jputs("\"secret\"", out);
    else
        jprintf(out, "%ld", e->active_participants);
    bool period = e->since != DATE_NONE;
    if (period) {
        jputs(", \"participants_periode\": ", out);
        if (eval_period_participants_secret(e))
            jputs("\"secret\"", out);
        else
            jprintf(out, "%ld", e->period_participants);
    }
    jputs(",\n    \"liste\": [", out);
    for (int i = 0; i < e->nindicators; i++) {
        const EvalIndicator *ind = &e->indicators[i];
        bool share = ind->decl->kind == AST_IND_SHARE;
        jputs(i ? ",\n      " : "\n      ", out);
        jputs("{ \"indicateur\": ", out);
        json_string(out, ind->decl->id);
        jputs(", \"nom\": ", out);
        json_string(out, ind->decl->name);
        jprintf(out, ", \"type\": \"%s\", \"valeur\": ", share ? "part" : "nombre");
        json_cell(out, &ind->total, share);
        if (period) {
            jputs(", \"valeur_periode\": ", out);
            json_cell(out, &ind->period_total, share);
        }
        if (ind->decl->has_target) {
            jputs(", \"objectif\": ", out);
            if (share)
                json_percent(out, ind->decl->target);
            else
                json_num(out, ind->decl->target);
            jputs(", \"objectif_atteint\": ", out);
            jputs(ind->total.secret ? "null" : ind->target_met ? "true" : "false", out);
            if (period) {
                jputs(", \"objectif_atteint_periode\": ", out);
                jputs(ind->period_total.secret ? "null" : ind->period_target_met ? "true" : "false", out);
            }
        }
        if (ind->decl->by) {
            jputs(", \"par\": ", out);
            json_string(out, ind->decl->by);
            jputs(", \"cases\": [", out);
            for (int c = 0; c < ind->ncells; c++) {
                jputs(c ? ", " : "", out);
                jputs("{ \"categorie\": ", out);
                json_string(out, ind->cells[c].label ? ind->cells[c].label
                                 : ind->cells[c].secret ? "autres" : "non_renseigne");
                jputs(", \"valeur\": ", out);
                json_cell(out, &ind->cells[c], share);
                if (ind->period_cells) {
                    jputs(", \"valeur_periode\": ", out);
                    json_cell(out, &ind->period_cells[c], share);
                }
                jputs(" }", out);
            }
            jputs("]", out);
        }
        jputs(" }", out);
    }
    jputs(e->nindicators ? "\n    ]\n  },\n" : "]\n  },\n", out);
}

static void json_files(JsonOut *out, const EvalRun *e, bool english)
{
    jputs("  \"fichiers\": [", out);
    bool first = true;
    for (int t = 0; t < M_NTABLES; t++) {
        const TableInfo *info = e->files[t].info;
        if (!info)
            continue;
        jputs(first ? "\n    " : ",\n    ", out);
        first = false;
        jprintf(out, "{ \"table\": \"%s\", \"fichier\": ", e->files[t].table);
        json_string(out, info->file ? info->file : info->path);
        jprintf(out, ", \"format\": \"%s\", \"encodage\": ", table_format_name(info->format));
        json_string(out, info->encoding);
        if (info->format == TABLE_CSV && info->separator) {
            char sep[2] = { info->separator, 0 };
            jputs(", \"separateur\": ", out);
            json_string(out, sep);
        }
        jputs(" }", out);
    }
    jputs(first ? "],\n" : "\n  ],\n", out);
    jputs("  \"notes\": [", out);
    for (int i = 0; i < e->nnotes; i++) {
        jputs(i ? ",\n    " : "\n    ", out);
        json_string(out, report_note(e, i, english));
    }
    jputs(e->nnotes ? "\n  ]\n" : "]\n", out);
}

/* ---- contracts not evaluated, hires (keys present only when there is something to say) ---- */

static void json_late(JsonOut *out, const EvalRun *e)
{
    if (e->nlate == 0)
        return;
    jputs("  \"marches_non_evalues\": [", out);
    for (int i = 0; i < e->nlate; i++) {
        jputs(i ? ",\n    " : "\n    ", out);
        jputs("{ \"marche\": ", out);
        json_string(out, e->late[i].id);
        jprintf(out, ", \"date_notification\": \"%s\", \"ligne\": %ld }", date_to_iso(e->late[i].notified), e->late[i].line);
    }
    jputs("\n  ],\n", out);
}

static void json_hires_aggregates(JsonOut *out, const EvalRun *e, const char *key, const EvalHiresAggregate *a, int n,
                                  bool last)
{
    jprintf(out, "    \"%s\": [", key);
    for (int i = 0; i < n; i++) {
        json_aggregate_open(out, i, a[i].key, a[i].name);
        jprintf(out, ", \"embauches\": %ld, \"eligibles\": %ld, \"part\": ", a[i].hires, a[i].eligible);
        json_percent(out, a[i].share);
        json_period_count(out, e, "embauches_periode", a[i].period_hires);
        json_period_count(out, e, "eligibles_periode", a[i].period_eligible);
        jputs(" }", out);
    }
    jprintf(out, "%s]%s\n", n ? "\n    " : "", last ? "" : ",");
}

static void json_hires(JsonOut *out, const EvalRun *e)
{
    if (!report_has_hires(e))
        return;
    jputs("  \"embauches\": {\n    \"objectifs\": [", out);
    for (int i = 0; i < e->nhires; i++) {
        const EvalHiresTarget *h = &e->hires[i];
        jputs(i ? ",\n      " : "\n      ", out);
        jputs("{ \"perimetre\": ", out);
        json_string(out, e->model->scopes[h->scope].id);
        jputs(", \"maitre_ouvrage\": ", out);
        json_string(out, h->owner);
        jputs(", \"nature\": ", out);
        json_string(out, h->nature);
        jprintf(out, ", \"statut\": \"%s\", \"taux\": ", eval_hires_status_id(h->status));
        json_percent(out, h->rate);
        jprintf(out, ", \"embauches\": %ld, \"eligibles\": %ld, \"part\": ", h->hires, h->eligible);
        json_percent(out, h->share);
        jputs(", \"objectif\": ", out);
        json_num(out, h->target);
        jputs(", \"ecart\": ", out);
        json_num(out, h->gap);
        json_period_count(out, e, "embauches_periode", h->period_hires);
        json_period_count(out, e, "eligibles_periode", h->period_eligible);
        json_period(out, "objectif_periode", h->period_target);
        jputs(", \"articles\": [", out);
        for (int k = 0; k < h->narticles; k++) {
            jputs(k ? ", " : "", out);
            json_string(out, h->articles[k]);
        }
        jputs("] }", out);
    }
    jputs(e->nhires ? "\n    ],\n" : "],\n", out);
    jprintf(out, "    \"comptees\": %ld, \"eligibles\": %ld", e->hires_all.hires, e->hires_all.eligible);
    json_period_count(out, e, "comptees_periode", e->hires_all.period_hires);
    json_period_count(out, e, "eligibles_periode", e->hires_all.period_eligible);
    jputs(",\n", out);
    json_hires_aggregates(out, e, "perimetres", e->hires_by_scope, e->nhires_by_scope, false);
    json_hires_aggregates(out, e, "maitres_ouvrage", e->hires_by_owner, e->nhires_by_owner, true);
    jputs("  },\n", out);
}

/* The document's head and its contracts: nine tenths of medium's report
** (12.6 M instructions of 12.9 M), which read the finished contracts only. */
static void write_json_head(const EvalRun *e, const ReportOptions *o, JsonOut *out)
{
    /* The document is described by docs/schemas/eval.schema.json; its
    ** format_version changes when a field changes meaning or disappears. */
    jputs("{\n  \"format_version\": 1,\n  \"charte\": ", out);
    json_string(out, e->model->title);
    jputs(",\n  \"empreinte_charte\": ", out);
    json_string(out, model_digest(e->model));
    jputs(",\n  \"au\": ", out);
    json_string(out, e->au != DATE_NONE ? date_to_iso(e->au) : NULL);
    if (e->since != DATE_NONE)   /* the period's figures are the *_periode keys */
        jprintf(out, ",\n  \"depuis\": \"%s\"", date_to_iso(e->since));
    jputs(",\n  \"marches\": [\n", out);
    for (int i = 0; i < e->ncontracts; i++)
        json_contract(out, e->contracts[i], e->model, o->english, i == e->ncontracts - 1);
    jputs("  ],\n", out);
}

static void write_json(const EvalRun *e, const ReportOptions *o, JsonOut *out)
{
    if (!o->json_head_written)
        write_json_head(e, o, out);
    json_counts(out, e);
    json_rejects(out, e, o->english);
    jputs("  \"agregats\": {\n", out);
    json_aggregates(out, "familles", e->by_family, e->nby_family, false);
    json_aggregates(out, "perimetres", e->by_scope, e->nby_scope, false);
    json_aggregates(out, "maitres_ouvrage", e->by_owner, e->nby_owner, true);
    jputs("  },\n", out);
    json_pools(out, e, o->english);
    json_forgone(out, e);
    json_late(out, e);
    json_hires(out, e);
    if (o->derivations) {
        jflush(out);
        explain_write_json_all(e, o->derivations, o->english, out->f);
    }
    json_indicators(out, e);
    json_files(out, e, o->english);
    jputs("}\n", out);
}

/* What write writes, through a writer's buffer, to out. */
static void json_through(const EvalRun *e, const ReportOptions *o, FILE *out,
                         void (*write)(const EvalRun *e, const ReportOptions *o, JsonOut *w))
{
    JsonOut w;
    w.f = out;
    w.n = 0;
    write(e, o, &w);
    jflush(&w);
}

void report_json_head(const EvalRun *e, const ReportOptions *o, FILE *out)
{
    json_through(e, o, out, write_json_head);
}

void report_json(const EvalRun *e, const ReportOptions *o, FILE *out)
{
    json_through(e, o, out, write_json);
}
