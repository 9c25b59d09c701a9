/* runtime/diff.c: the comparison of two charters as one model: its changes, their effects, the verdict of --fail-on, formats. */
#include "diff_impl.h"

#include "gc.h"
#include "utf8.h"

#include <string.h>

static const char *const effect_ids[DIFF_NEFFECTS] = { "neutre", "plus_strict", "moins_strict", "indetermine" };

const char *diff_effect_id(DiffEffect e) { return effect_ids[e]; }

const char *diff_effect_label(DiffEffect e, bool english)
{
    static const char *const fr[DIFF_NEFFECTS] = { "neutre", "plus strict", "moins strict", "indéterminé" };
    static const char *const en[DIFF_NEFFECTS] = { "neutral", "stricter", "less strict", "undetermined" };
    return english ? en[e] : fr[e];
}

DiffChange *diff_add(DiffBuilder *b, const char *subject, const char *field, Say field_words)
{
    DiffReport *d = b->d;
    RT_GROW(d->changes, d->nchanges);
    DiffChange *c = &d->changes[d->nchanges++];
    memset(c, 0, sizeof *c);
    c->subject = subject;
    c->field = field;
    c->field_words = field_words;
    c->from = c->to = DATE_NONE;
    return c;
}

bool diff_cites(const DiffChange *c, const char *amendment)
{
    for (int i = 0; i < c->namendments; i++)
        if (strcmp(c->amendments[i], amendment) == 0)
            return true;
    return false;
}

/* The title of the imported charter (the national one) that holds SRC, or NULL for either
** version's own text. */
static const char *imported_title(const DiffBuilder *b, const Source *src)
{
    const Model *versions[2] = { b->old, b->new_ };
    for (int v = 0; v < 2; v++) {
        const Model *m = versions[v];
        if (m->main && m->main->src == src)
            return NULL;
        for (int i = 0; i < m->nmodules; i++)
            if (m->modules[i] != m->main && m->modules[i]->src == src)
                return m->modules[i]->title;
    }
    return NULL;
}

/* "article 3 « Publics éligibles »" of the national charter names its charter: the local
** charter has an article 3 of its own, which a reader would otherwise take it for. */
static const char *article_label(const DiffBuilder *b, const Prov *p)
{
    bool en = b->d->english;
    const char *label = model_prov_label(p, en);
    const char *title = imported_title(b, p->src);
    if (!title)
        return label;
    return rt_sprintf(en ? "%s of the charter %s" : "%s de la charte %s", label, en ? say_q_en(title) : say_q_fr(title));
}

void diff_add_article(DiffBuilder *b, DiffChange *c, const Prov *p)
{
    if (!p || !p->item)
        return;
    if (p->amendment && !diff_cites(c, p->item)) {
        RT_GROW(c->amendments, c->namendments);
        c->amendments[c->namendments++] = p->item;
    }
    const char *label = article_label(b, p);
    for (int i = 0; i < c->narticles; i++)
        if (strcmp(c->articles[i], label) == 0)
            return;
    RT_GROW(c->articles, c->narticles);
    c->articles[c->narticles++] = label;
}

DiffValue diff_value_num(DiffValueKind kind, mpq_srcptr q)
{
    DiffValue v = { .kind = kind, .date = DATE_NONE };
    v.num = RT_NEW(__mpq_struct);
    mpq_init(v.num);
    mpq_set(v.num, q);
    return v;
}

DiffValue diff_value_word(const char *id, Say words) { return (DiffValue){ .kind = DIFF_V_WORD, .date = DATE_NONE, .id = id, .words = words }; }
DiffValue diff_value_date(Date d) { return (DiffValue){ .kind = d == DATE_NONE ? DIFF_V_NONE : DIFF_V_DATE, .date = d }; }
DiffValue diff_value_none(void) { return (DiffValue){ .kind = DIFF_V_NONE, .date = DATE_NONE }; }

bool diff_value_same(const DiffValue *a, const DiffValue *b)
{
    if (a->kind != b->kind)
        return false;
    switch (a->kind) {
    case DIFF_V_NONE:
    case DIFF_V_CONFLICT: return true;
    case DIFF_V_DATE:     return a->date == b->date;
    case DIFF_V_WORD:     return strcmp(a->id, b->id) == 0;
    default:              return mpq_equal(a->num, b->num) != 0;
    }
}

DiffEffect diff_effect_of_move(mpq_srcptr old, mpq_srcptr new_, bool higher_stricter)
{
    int c = mpq_cmp(new_, old);
    if (c == 0)
        return DIFF_NEUTRAL;
    return (c > 0) == higher_stricter ? DIFF_STRICTER : DIFF_LESS_STRICT;
}

DiffEffect diff_effect_join(DiffEffect a, DiffEffect b)
{
    if (a == DIFF_NEUTRAL)
        return b;
    if (b == DIFF_NEUTRAL || a == b)
        return a;
    return DIFF_UNDETERMINED;
}

bool diff_territories_differ(const Model *old, const Model *new_)
{
    const char *a = old->main->territory, *b = new_->main->territory;
    if (!a || !b)
        return false;
    return strcmp(utf8_key(a, strlen(a)), utf8_key(b, strlen(b))) != 0;
}

/* The report's order: by subject as the report lists them, then by the path, then by date;
** stable, so that a part's own order (declaration order) stays within equal keys. */
static int subject_rank(const char *s)
{
    static const char *const order[] = { "charte", "regle", "embauches", "categorie", "famille", "perimetre",
                                         "eligibilite", "public", "comptage", "indicateur", "gouvernance",
                                         "colonne", "avenant", "article" };
    for (int i = 0; i < (int)(sizeof order / sizeof order[0]); i++)
        if (strcmp(order[i], s) == 0)
            return i;
    return 99;
}

static void sort_changes(DiffReport *d)
{
    for (int i = 1; i < d->nchanges; i++)   /* insertion sort: stable, and lists are short */
        for (int j = i; j > 0 && subject_rank(d->changes[j - 1].subject) > subject_rank(d->changes[j].subject); j--) {
            DiffChange t = d->changes[j];
            d->changes[j] = d->changes[j - 1];
            d->changes[j - 1] = t;
        }
}

DiffReport *diff_build(const Model *old, const Model *new_, const char *old_path, const char *new_path, bool english)
{
    DiffReport *d = RT_NEW(DiffReport);
    d->english = english;
    d->old_path = old_path;
    d->new_path = new_path;
    d->old_title = old->title;
    d->new_title = new_->title;
    d->old_digest = model_digest(old);
    d->new_digest = model_digest(new_);
    d->territory = new_->main->territory ? new_->main->territory : old->main->territory;
    d->au = DATE_NONE;
    DiffBuilder b = { .d = d, .old = old, .new_ = new_ };
    diff_rules(&b);
    diff_declarations(&b);
    diff_counting(&b);
    diff_amendments(&b);
    sort_changes(d);
    for (int i = 0; i < d->nchanges; i++)
        if (!d->changes[i].uncounted) {
            d->ncounted++;
            d->by_effect[d->changes[i].effect]++;
        }
    return d;
}

bool diff_parse_fail_on(const char *s, DiffFailOn *out)
{
    static const struct { const char *word; DiffFailOn level; } words[] = {
        { "tout", DIFF_FAIL_ANY }, { "any", DIFF_FAIL_ANY },
        { "effet", DIFF_FAIL_EFFECT }, { "effect", DIFF_FAIL_EFFECT },
        { "moins-strict", DIFF_FAIL_LESS_STRICT }, { "less-strict", DIFF_FAIL_LESS_STRICT },
        { "jamais", DIFF_FAIL_NEVER }, { "never", DIFF_FAIL_NEVER },
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strcmp(s, words[i].word) == 0) {
            *out = words[i].level;
            return true;
        }
    return false;
}

/* An undetermined change may be less strict: --fail-on moins-strict counts it. */
bool diff_fails(const DiffReport *d, DiffFailOn level)
{
    switch (level) {
    case DIFF_FAIL_NEVER:       return false;
    case DIFF_FAIL_LESS_STRICT: return d->by_effect[DIFF_LESS_STRICT] + d->by_effect[DIFF_UNDETERMINED] > 0;
    case DIFF_FAIL_EFFECT:      return d->ncounted - d->by_effect[DIFF_NEUTRAL] > 0;
    default:                    return d->nchanges > 0 || diff_data_changed(d);
    }
}

bool diff_parse_format(const char *s, DiffFormat *out)
{
    if (strcmp(s, "text") == 0 || strcmp(s, "texte") == 0)
        *out = DIFF_TEXT;
    else if (strcmp(s, "json") == 0)
        *out = DIFF_JSON;
    else if (strcmp(s, "md") == 0 || strcmp(s, "markdown") == 0)
        *out = DIFF_MD;
    else
        return false;
    return true;
}

void diff_write(const DiffReport *d, DiffFormat f, FILE *out)
{
    switch (f) {
    case DIFF_JSON: diff_json(d, out); break;
    case DIFF_MD:   diff_md(d, out); break;
    default:        diff_text(d, out); break;
    }
}
