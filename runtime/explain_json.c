/* runtime/explain_json.c: an explanation as JSON (docs/schemas/explain.schema.json): the same tree, figures as exact decimals. */
#include "explain_impl.h"

#include <jansson.h>
#include <stdlib.h>

#include "gc.h"
#include "num.h"
#include "report.h"

/* Strings go through jansson's escaping; numbers are written by hand, exact. */
static void json_str(FILE *out, const char *s)
{
    if (!s) {
        fputs("null", out);
        return;
    }
    json_t *j = json_string(s);
    char *d = j ? json_dumps(j, JSON_ENCODE_ANY) : NULL;
    fputs(d ? d : "\"\\ufffd\"", out);
    free(d);
    json_decref(j);
}

static void json_value(FILE *out, const ExplainNode *n)
{
    if (!n->value)
        fputs("null", out);
    else if (n->percent)
        fputs(report_percent(n->value, 2, false, false), out);
    else
        fputs(num_to_decimal(n->value, 2), out);
}

static void json_node(FILE *out, const ExplainNode *n, bool english, int depth)
{
    const char *pad = rt_sprintf("%*s", 2 * depth, "");
    fprintf(out, "{\"etape\": ");
    json_str(out, n->step);
    fputs(", \"texte\": ", out);
    json_str(out, say_english(n->text, english));
    if (n->value) {
        fputs(", \"valeur\": ", out);
        json_value(out, n);
    }
    if (n->verdict) {
        fputs(", \"verdict\": ", out);
        json_str(out, n->verdict);
    }
    if (n->reason) {
        fputs(", \"motif\": ", out);
        json_str(out, n->reason);
    }
    if (n->period) {
        fputs(", \"periode\": ", out);
        json_str(out, n->period);
    }
    if (n->source) {
        fputs(", \"source\": ", out);
        json_str(out, n->source);
    }
    if (n->nchildren) {
        fputs(", \"etapes\": [\n", out);
        for (int i = 0; i < n->nchildren; i++) {
            fprintf(out, "%s  ", pad);
            json_node(out, n->children[i], english, depth + 1);
            fputs(i < n->nchildren - 1 ? ",\n" : "\n", out);
        }
        fprintf(out, "%s]", pad);
    }
    fputc('}', out);
}

static const char *object_id(ExplainObject o)
{
    switch (o) {
    case EXPLAIN_POOL:  return "mutualisation";
    case EXPLAIN_HIRES: return "embauches";
    default:            return "marche";
    }
}

/* The keys every explanation has, at `depth`: object, id, status, why-not, the tree. */
static void json_explanation(FILE *out, const Explanation *x, const Model *m, bool english, int depth)
{
    const char *pad = rt_sprintf("%*s", 2 * depth, "");
    fprintf(out, "%s\"objet\": \"%s\",\n%s\"id\": ", pad, object_id(x->object), pad);
    json_str(out, x->id);
    fprintf(out, ",\n%s\"statut\": ", pad);
    json_str(out, x->status);
    fprintf(out, ",\n%s\"pourquoi_pas\": ", pad);
    if (!x->why_not) {
        fputs("null", out);
    } else {
        fprintf(out, "{\"heures_manquantes\": %s, \"dont_plafonnees\": {", num_to_decimal(x->why_not->missing, 2));
        for (int k = 0; k < x->why_not->ncaps; k++) {
            fputs(k ? ", " : "", out);
            json_str(out, m->caps[k].modality);
            fprintf(out, ": %s", num_to_decimal(x->why_not->training[k], 2));
        }
        fputs("}}", out);
    }
    fprintf(out, ",\n%s\"derivation\": ", pad);
    json_node(out, x->root, english, depth);
    fputc('\n', out);
}

void explain_write_json(const Explanation *x, const EvalRun *e, bool english, FILE *out)
{
    fputs("{\n  \"format_version\": 1,\n  \"charte\": ", out);
    json_str(out, e->model->title);
    /* eval's empreinte_charte: an explanation is tied to the report and the text it explains. */
    fputs(",\n  \"empreinte_charte\": ", out);
    json_str(out, model_digest(e->model));
    fputs(",\n  \"au\": ", out);
    json_str(out, e->au != DATE_NONE ? date_to_iso(e->au) : NULL);
    /* With a period only: without one the document is as it was. */
    if (e->since != DATE_NONE)
        fprintf(out, ",\n  \"depuis\": \"%s\"", date_to_iso(e->since));
    fputs(",\n", out);
    json_explanation(out, x, e->model, english, 1);
    fputs("}\n", out);
}

void explain_write_json_all(const EvalRun *e, const ExplainLines *l, bool english, FILE *out)
{
    fputs("  \"derivations\": [", out);
    int n = 0;
    for (int i = 0; i < e->ncontracts + e->npools; i++) {
        Explanation *x = i < e->ncontracts ? explain_contract(e, e->contracts[i]->id, l)
                                           : explain_pool(e, e->pools[i - e->ncontracts]->id, l);
        fputs(n++ ? ",\n    {\n" : "\n    {\n", out);
        json_explanation(out, x, e->model, english, 3);
        fputs("    }", out);
    }
    fputs(n ? "\n  ],\n" : "],\n", out);
}
