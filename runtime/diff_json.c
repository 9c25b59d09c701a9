/* runtime/diff_json.c: the comparison as JSON (docs/schemas/diff.schema.json): figures as exact decimal strings, identifiers in French whatever the language, texts in the report's language. */
#include "diff_impl.h"

#include "gc.h"
#include "num.h"
#include "report.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define FRAC 2

static json_t *str_or_null(const char *s) { return s ? json_string(s) : json_null(); }

static json_t *decimal(mpq_srcptr q) { return q ? json_string(num_to_decimal(q, FRAC)) : json_null(); }

static json_t *percent(mpq_srcptr q) { return q ? json_string(report_percent(q, FRAC, false, false)) : json_null(); }

static json_t *date_or_null(Date d) { return d == DATE_NONE ? json_null() : json_string(date_to_iso(d)); }

static const char *value_type(DiffValueKind k)
{
    static const char *const ids[] = { "aucun", "taux", "heures", "euros", "euros_par_heure", "mois", "nombre", "date", "mot", "conflit" };
    return ids[k];
}

static json_t *value(const DiffValue *v, bool english)
{
    json_t *o = json_object();
    json_object_set_new(o, "type", json_string(value_type(v->kind)));
    json_t *val;
    switch (v->kind) {
    case DIFF_V_NONE:
    case DIFF_V_CONFLICT: val = json_null(); break;
    case DIFF_V_RATE:     val = percent(v->num); break;
    case DIFF_V_DATE:     val = date_or_null(v->date); break;
    case DIFF_V_WORD:     val = json_string(v->id); break;
    default:              val = decimal(v->num); break;
    }
    json_object_set_new(o, "valeur", val);
    json_object_set_new(o, "texte", json_string(diff_words_value(v, english)));
    return o;
}

static json_t *change(const DiffChange *c, bool english)
{
    json_t *o = json_object();
    json_object_set_new(o, "effet", json_string(diff_effect_id(c->effect)));
    json_object_set_new(o, "sujet", json_string(c->subject));
    json_object_set_new(o, "nom", str_or_null(c->name));
    json_object_set_new(o, "famille", str_or_null(c->family));
    json_object_set_new(o, "nature", str_or_null(c->nature));
    json_object_set_new(o, "perimetre", str_or_null(c->scope));
    json_object_set_new(o, "maitre_ouvrage", str_or_null(c->owner));
    json_object_set_new(o, "champ", json_string(c->field));
    json_object_set_new(o, "chemin", json_string(diff_words_what(c, english)));
    json_object_set_new(o, "notifies_du", c->has_period ? date_or_null(c->from) : json_null());
    json_object_set_new(o, "notifies_au", c->has_period ? date_or_null(c->to) : json_null());
    json_object_set_new(o, "avant", value(&c->old, english));
    json_object_set_new(o, "apres", value(&c->new_, english));
    json_t *articles = json_array();
    for (int i = 0; i < c->narticles; i++)
        json_array_append_new(articles, json_string(c->articles[i]));
    json_object_set_new(o, "articles", articles);
    json_object_set_new(o, "pourquoi", say_is_set(c->why) ? json_string(say_english(c->why, english)) : json_null());
    /* false for an amendment added, removed or moved: par_effet counts the rule changes it carries, not it. */
    json_object_set_new(o, "compte", json_boolean(!c->uncounted));
    return o;
}

static json_t *figures(const DiffFigures *f, bool hires)
{
    if (!f->present)
        return json_null();
    json_t *o = json_object();
    json_object_set_new(o, "statut", json_string(f->status));
    json_object_set_new(o, "taux", percent(f->rate));
    if (hires) {
        json_object_set_new(o, "embauches_objectif", decimal(f->target));
        json_object_set_new(o, "embauches_eligibles", decimal(f->counted));
    } else {
        json_object_set_new(o, "seuil", decimal(f->threshold));
        json_object_set_new(o, "heures_objectif", decimal(f->target));
        json_object_set_new(o, "heures_retenues", decimal(f->counted));
    }
    return o;
}

static json_t *rule_at(const Prov *p, bool english)
{
    json_t *o = json_object();
    uint32_t line = 0, col;
    if (p->src)
        source_position(p->src, p->span.start, &line, &col);
    json_object_set_new(o, "article", json_string(p->item));
    json_object_set_new(o, "fichier", str_or_null(p->src ? p->src->name : NULL));
    json_object_set_new(o, "ligne", json_integer(line));
    json_object_set_new(o, "texte", json_string(diff_words_rule_at(p, english)));
    return o;
}

/* A version's rules for the field: [] none, one, or the two of a conflict. */
static json_t *rules_at(const Prov *const p[2], bool english)
{
    json_t *a = json_array();
    for (int i = 0; i < 2 && p[i] && p[i]->item; i++)
        json_array_append_new(a, rule_at(p[i], english));
    return a;
}

static json_t *causes(const DiffReport *d, const DiffItem *it)
{
    json_t *a = json_array();
    for (int i = 0; i < it->ncauses; i++) {
        const DiffCause *c = &it->causes[i];
        bool rule = !strcmp(c->kind, "regle");
        json_t *o = json_object();
        json_object_set_new(o, "type", json_string(c->kind));
        json_object_set_new(o, "changement", c->change >= 0 ? json_integer(c->change) : json_null());
        json_object_set_new(o, "champ", str_or_null(c->field));
        json_object_set_new(o, "avant", rule ? rules_at(c->old_rule, d->english) : json_null());
        json_object_set_new(o, "apres", rule ? rules_at(c->new_rule, d->english) : json_null());
        json_object_set_new(o, "nom", str_or_null(c->name));
        json_object_set_new(o, "texte", json_string(diff_words_cause(d, c)));
        json_array_append_new(a, o);
    }
    return a;
}

static json_t *items(const DiffReport *d, const DiffItem *it, int n, const char *key, bool hires)
{
    json_t *a = json_array();
    for (int i = 0; i < n; i++) {
        json_t *o = json_object();
        json_object_set_new(o, key, json_string(it[i].id));
        if (it[i].family || it[i].scope) {
            json_object_set_new(o, "famille", str_or_null(it[i].family));
            json_object_set_new(o, "perimetre", str_or_null(it[i].scope));
        }
        json_object_set_new(o, "avant", figures(&it[i].old, hires));
        json_object_set_new(o, "apres", figures(&it[i].new_, hires));
        json_object_set_new(o, "causes", causes(d, &it[i]));   /* why it moved (diff_causes.c) */
        json_array_append_new(a, o);
    }
    return a;
}

static json_t *side(int contracts, int met, mpq_srcptr target, mpq_srcptr counted)
{
    json_t *o = json_object();
    json_object_set_new(o, "marches", json_integer(contracts));
    json_object_set_new(o, "atteints", json_integer(met));
    json_object_set_new(o, "heures_objectif", decimal(target));
    json_object_set_new(o, "heures_retenues", decimal(counted));
    return o;
}

static json_t *total(const DiffTotal *t)
{
    json_t *o = json_object();
    json_object_set_new(o, "cle", json_string(t->key));
    json_object_set_new(o, "avant", t->present_old ? side(t->contracts_old, t->met_old, t->target_old, t->counted_old) : json_null());
    json_object_set_new(o, "apres", t->present_new ? side(t->contracts_new, t->met_new, t->target_new, t->counted_new) : json_null());
    mpq_t dt, dc;
    mpq_inits(dt, dc, NULL);
    mpq_sub(dt, t->target_new, t->target_old);
    mpq_sub(dc, t->counted_new, t->counted_old);
    json_object_set_new(o, "ecart_heures_objectif", decimal(dt));
    json_object_set_new(o, "ecart_heures_retenues", decimal(dc));
    mpq_clears(dt, dc, NULL);
    return o;
}

static json_t *totals(const DiffTotal *t, int n)
{
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, total(&t[i]));
    return a;
}

static json_t *counts(const EvalCounts *c)
{
    json_t *o = json_object();
    json_object_set_new(o, "lues", json_integer(c->read));
    json_object_set_new(o, "comptees", json_integer(c->counted));
    json_object_set_new(o, "non_comptees", json_integer(c->not_counted));
    json_object_set_new(o, "rejetees", json_integer(c->rejected));
    return o;
}

static json_t *data(const DiffReport *d)
{
    static const char *const tables[M_NTABLES] = { "marches", "participants", "heures", "embauches" };
    json_t *o = json_object();
    json_object_set_new(o, "dossier", json_string(d->data_dir));
    json_object_set_new(o, "au", date_or_null(d->au));
    json_object_set_new(o, "marches_compares", json_integer(d->contracts_compared));
    json_object_set_new(o, "marches", items(d, d->contracts, d->ncontracts, "marche", false));
    json_object_set_new(o, "mutualisations", items(d, d->pools, d->npools, "mutualisation", false));
    json_object_set_new(o, "embauches", items(d, d->hires, d->nhires, "objectif", true));
    json_object_set_new(o, "par_famille", totals(d->families, d->nfamilies));
    json_object_set_new(o, "par_perimetre", totals(d->scopes, d->nscopes));
    json_object_set_new(o, "ensemble", total(&d->all));
    json_t *rows = json_object();
    for (int t = 0; t < M_NTABLES; t++) {
        if (!d->counts_old[t].read && !d->counts_new[t].read)
            continue;
        json_t *r = json_object();
        json_object_set_new(r, "avant", counts(&d->counts_old[t]));
        json_object_set_new(r, "apres", counts(&d->counts_new[t]));
        json_object_set_new(rows, tables[t], r);
    }
    json_object_set_new(o, "lignes", rows);
    return o;
}

static json_t *version(const char *path, const char *title, const char *digest)
{
    json_t *o = json_object();
    json_object_set_new(o, "fichier", json_string(path));
    json_object_set_new(o, "titre", str_or_null(title));
    /* The same 64 digits as eval's empreinte_charte: a tool matches the comparison to the reports. */
    json_object_set_new(o, "empreinte_charte", str_or_null(digest));
    return o;
}

void diff_json(const DiffReport *d, FILE *out)
{
    json_t *root = json_object();
    json_object_set_new(root, "format_version", json_integer(1));
    json_object_set_new(root, "command", json_string("diff"));
    json_object_set_new(root, "langue", json_string(d->english ? "en" : "fr"));
    json_object_set_new(root, "ancienne", version(d->old_path, d->old_title, d->old_digest));
    json_object_set_new(root, "nouvelle", version(d->new_path, d->new_title, d->new_digest));
    json_object_set_new(root, "territoire", str_or_null(d->territory));
    json_t *by = json_object();
    for (int e = 0; e < DIFF_NEFFECTS; e++)
        json_object_set_new(by, diff_effect_id((DiffEffect)e), json_integer(d->by_effect[e]));
    json_object_set_new(root, "par_effet", by);
    json_t *changes = json_array();
    for (int i = 0; i < d->nchanges; i++)
        json_array_append_new(changes, change(&d->changes[i], d->english));
    json_object_set_new(root, "changements", changes);
    json_object_set_new(root, "donnees", d->has_data ? data(d) : json_null());
    char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    if (text) {
        fputs(text, out);
        fputc('\n', out);
        free(text);
    }
    json_decref(root);
}
