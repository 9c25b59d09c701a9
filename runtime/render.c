/* runtime/render.c: the content of charte render: a checked charter as headings, sentences, lists and tables, in French or English. */
#include "render_impl.h"

#include "diag_rules.h"
#include "eval.h"
#include "gc.h"
#include "governance.h"
#include "idmap.h"
#include "num.h"
#include "report.h"
#include "schema.h"
#include "types.h"
#include "utf8.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define TR(b, fr, en) ((b)->english ? (en) : (fr))
#define NBSP "\xC2\xA0"

/* The items of one kind written in the main text (rules, scopes, families), by where they
** start, then in their order: a declaration finds its own by two binary searches. A pass
** over all of them for each declaration cost the square of a charter that declares one
** rule or scope a line (32 000 communes with a target each: 70 s of render). */
typedef struct SpanIndex {
    int *items;
    uint32_t *starts;
    int n;
} SpanIndex;

typedef struct Builder {
    const Model *m;
    const RenderOptions *o;
    bool english;
    const AstCharter *main;
    RenderDoc *doc;
    RenderBlock *list;       /* the list sentences go to, NULL: start one */
    RenderBlock *families;   /* the table of families the next family row joins, NULL: start one */
    Span part;               /* what is being rendered: the whole text, or one ```charte block */
    SpanIndex rules_at, scopes_at, families_at, publics_at, indicators_at, amendments_at;
    /* The amendments written in the main text, by the article they amend (its number): the
    ** first, then each one's next (next_amending, -1 for none), in the charter's order. */
    IdMap amending;
    int *next_amending;
    /* The scopes of the declaration being rendered, as a tree: scratch of nscopes each, reset
    ** after each declaration (here: in it; first_child, next_sibling: -1 for none). */
    bool *scope_here;
    int *first_child, *next_sibling;
} Builder;

static bool in_part(const Builder *b, uint32_t offset) { return offset >= b->part.start && offset < b->part.end; }

/* ---- blocks ------------------------------------------------------------------------------- */

static RenderBlock *add_block(Builder *b, RenderBlockKind kind)
{
    RenderDoc *d = b->doc;
    RT_GROW(d->blocks, d->nblocks);
    RenderBlock *blk = &d->blocks[d->nblocks++];
    memset(blk, 0, sizeof *blk);
    blk->kind = kind;
    b->list = NULL;
    b->families = NULL;
    return blk;
}

static void heading(Builder *b, int level, const char *anchor, const char *text)
{
    RenderBlock *blk = add_block(b, RENDER_B_HEADING);
    blk->level = level;
    blk->anchor = anchor;
    blk->text = text;
}

static void para(Builder *b, const char *text) { add_block(b, RENDER_B_PARA)->text = text; }

static void list_item(Builder *b, int depth, const char *text)
{
    if (!b->list) {
        RenderBlock *blk = add_block(b, RENDER_B_LIST);
        b->list = blk;
    }
    RenderBlock *l = b->list;
    RT_GROW(l->items, l->nitems);
    RT_GROW_ATOMIC(l->depth, l->nitems);
    l->items[l->nitems] = text;
    l->depth[l->nitems++] = depth;
}

static RenderBlock *table(Builder *b, int ncols, const char *align, const char *const *head)
{
    RenderBlock *blk = add_block(b, RENDER_B_TABLE);
    blk->ncols = ncols;
    blk->align = align;
    blk->head = RT_NEW_ARRAY(const char *, ncols);
    for (int i = 0; i < ncols; i++)
        blk->head[i] = head[i];
    return blk;
}

static const char **table_row(RenderBlock *t)
{
    RT_GROW(t->rows, t->nrows);
    t->rows[t->nrows] = RT_NEW_ARRAY(const char *, t->ncols);
    return t->rows[t->nrows++];
}

/* ---- words -------------------------------------------------------------------------------- */

/* Text of the charter, with any control byte (none in a checked charter) a space: the marks stay ours. */
static const char *clean(const char *s)
{
    if (!s)
        return "";
    char *t = rt_strdup(s);
    for (char *p = t; *p; p++)
        if ((unsigned char)*p < 0x20)
            *p = ' ';
    return t;
}

static const char *em(const char *s) { return rt_sprintf(RENDER_EM_ON "%s" RENDER_EM_OFF, clean(s)); }
static const char *code(const char *s) { return rt_sprintf(RENDER_CODE_ON "%s" RENDER_CODE_OFF, clean(s)); }
static const char *strong(const char *s) { return rt_sprintf(RENDER_STRONG_ON "%s" RENDER_STRONG_OFF, clean(s)); }
static const char *link(const char *anchor, const char *text)
{
    return rt_sprintf(RENDER_LINK_ON "%s" RENDER_LINK_TEXT "%s" RENDER_LINK_OFF, anchor, text);
}
static const char *quoted(Builder *b, const char *s)
{
    return b->english ? rt_sprintf("“%s”", clean(s)) : rt_sprintf("«" NBSP "%s" NBSP "»", clean(s));
}

static const char *number(Builder *b, mpq_srcptr q)
{
    return num_to_reader(q, 2, b->english);
}

static const char *percent(Builder *b, mpq_srcptr fraction)
{
    return rt_sprintf("%s" NBSP "%%", report_percent(fraction, 2, !b->english, true));
}

static const char *euros(Builder *b, mpq_srcptr q) { return rt_sprintf("%s" NBSP "€", number(b, q)); }

static const char *date_text(Builder *b, Date d) { return b->english ? date_to_iso(d) : date_to_french(d); }

/* "article 4" → "article-4", "avenant 8.2" → "avenant-8.2": the anchor of an item. */
static const char *anchor_of(const char *kind, const char *number)
{
    char *a = rt_sprintf("%s-%s", kind, clean(number));
    for (char *p = a; *p; p++)
        if (*p == ' ')
            *p = '-';
    return a;
}

/* The label of a provenance, linked to its article when it is one of the main charter's. */
static const char *prov_link(Builder *b, const Prov *p)
{
    /* The item alone ("article 4"): its title is in the heading the link leads to. */
    const char *label = clean(p->item ? model_prov_label(&(Prov){ .item = p->item, .amendment = p->amendment }, b->english)
                                      : model_prov_label(p, b->english));
    if (!p->src || p->src != b->main->src || !p->item)
        return label;
    const char *number = strchr(p->item, ' ');
    return link(anchor_of(p->amendment ? "avenant" : "article", number ? number + 1 : p->item), label);
}

/* The two rules of a conflict by their articles ("article 4 et article 6"); when one article
** holds both, it is named and linked once, and its two rules told apart by their lines. */
static const char *conflict_rules(Builder *b, const EvalResolution *res)
{
    const Prov *x = &res->conflict[0]->prov, *y = &res->conflict[1]->prov;
    if (!x->item || !y->item || x->src != y->src || strcmp(x->item, y->item) != 0)
        return rt_sprintf(TR(b, "%s et %s", "%s and %s"), prov_link(b, x), prov_link(b, y));
    uint32_t line_x, line_y, col;
    source_position(x->src, x->span.start, &line_x, &col);
    source_position(y->src, y->span.start, &line_y, &col);
    return rt_sprintf(TR(b, "deux règles de l'%s, lignes %u et %u", "two rules of %s, lines %u and %u"),
                      prov_link(b, x), line_x < line_y ? line_x : line_y, line_x < line_y ? line_y : line_x);
}

typedef struct Placed {
    uint32_t start;
    int item;
} Placed;

static int compare_placed(const void *a, const void *b)
{
    const Placed *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return (x->item > y->item) - (x->item < y->item);
}

/* The n items of `items` (size bytes each, their Prov at prov_at) written in src. */
static SpanIndex span_index(const Source *src, const void *items, int n, size_t size, size_t prov_at)
{
    Placed *placed = rt_alloc_atomic(sizeof(Placed) * (size_t)(n + 1));
    int k = 0;
    for (int i = 0; i < n; i++) {
        const Prov *p = (const Prov *)((const char *)items + size * (size_t)i + prov_at);
        if (p->src == src)
            placed[k++] = (Placed){ p->span.start, i };
    }
    qsort(placed, (size_t)k, sizeof(Placed), compare_placed);
    SpanIndex ix = { rt_alloc_atomic(sizeof(int) * (size_t)(k + 1)), rt_alloc_atomic(sizeof(uint32_t) * (size_t)(k + 1)), k };
    for (int i = 0; i < k; i++) {
        ix.items[i] = placed[i].item;
        ix.starts[i] = placed[i].start;
    }
    return ix;
}

static int first_start_from(const SpanIndex *ix, uint32_t at)
{
    int lo = 0, hi = ix->n;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (ix->starts[mid] < at)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The items that start inside s (at or after its start, before its end), by where they start: their count, their indices in *items. */
static int items_in(const SpanIndex *ix, Span s, const int **items)
{
    int first = first_start_from(ix, s.start);
    *items = ix->items + first;
    return s.end > s.start ? first_start_from(ix, s.end) - first : 0;
}

/* Of the items that start inside s, the first (or the last) in the model's order, -1 for none: a
** declaration holds one public or one indicator, an amendment's item one amendment, and a pass
** over them all at each cost the square of a charter of many (32 000 indicators: 1.4 s of render). */
static int item_in(const SpanIndex *ix, Span s, bool last)
{
    const int *in;
    int n = items_in(ix, s, &in), found = -1;
    for (int k = 0; k < n; k++)
        if (found < 0 || (last ? in[k] > found : in[k] < found))
            found = in[k];
    return found;
}

/* A family the charter names is said by its name, as a scope or a public is ("de la famille
** « Ingénierie »"); one without a name by its id as words: "nettoyage" → "de nettoyage",
** "espaces_verts" → "d'espaces verts". */
static const char *of_family(Builder *b, int family)
{
    const MFamily *f = &b->m->families[family];
    const char *id = f->id;
    if (f->name)
        return rt_sprintf(TR(b, "de la famille %s", "of the family %s"), quoted(b, f->name));
    if (b->english)
        return rt_sprintf("of the family %s", code(id));
    char *words = rt_strdup(id);
    for (char *p = words; *p; p++)
        if (*p == '_')
            *p = ' ';
    bool vowel = strchr("aeiouyhAEIOUYH", words[0]) || strncmp(words, "é", 2) == 0 || strncmp(words, "É", 2) == 0;
    return rt_sprintf("%s%s", vowel ? "d'" : "de ", clean(words));
}

/* A family's or a scope's table cell: "Ingénierie (`ingenierie`)", or its id alone when the
** charter gives it no name. */
static const char *named_cell(const char *name, const char *id)
{
    return name ? rt_sprintf("%s (%s)", clean(name), code(id)) : code(id);
}

/* The nature of a hires target that is not a family (lang/model.h), as the national charter says it. */
static const char *hire_nature_words(Builder *b, const char *nature)
{
    switch (model_hire_nature_index(nature)) {
    case 0: return TR(b, "à l'ingénierie du projet", "for the project's engineering");
    case 1: return TR(b, "aux actions d'accompagnement", "for support actions");
    case 2: return TR(b, "au fonctionnement des équipements", "for running the facilities");
    default: return code(nature);
    }
}

/* What a hires target counts: "aux marchés de travaux", "au fonctionnement des équipements". */
static const char *hires_subject(Builder *b, const MRule *r)
{
    if (r->family < 0)
        return hire_nature_words(b, r->nature);
    return b->english ? rt_sprintf("for contracts %s", of_family(b, r->family))
                      : rt_sprintf("aux marchés %s", of_family(b, r->family));
}

static const char *scope_name(Builder *b, int s) { return quoted(b, b->m->scopes[s].name); }

/* "à l'échelle de « Ville »", "à l'échelle d'« Agglomération »": French elides before a name
** that starts with a vowel (not before an h, which may be aspirated: « Haute-Lise »). */
static const char *at_scale_of(Builder *b, int s)
{
    const char *name = b->m->scopes[s].name;
    if (b->english)
        return rt_sprintf("at the scale of %s", scope_name(b, s));
    static const char *const vowels[] = { "A", "E", "I", "O", "U", "a", "e", "i", "o", "u", "À", "Â", "É", "È", "Ê",
                                          "Î", "Ô", "Œ", "à", "â", "é", "è", "ê", "î", "ô", "œ" };
    bool vowel = false;
    for (size_t i = 0; name && i < sizeof vowels / sizeof vowels[0]; i++)
        vowel |= strncmp(name, vowels[i], strlen(vowels[i])) == 0;
    return rt_sprintf("à l'échelle %s%s", vowel ? "d'" : "de ", scope_name(b, s));
}

/* ---- conditions in words ------------------------------------------------------------------- */

/* A duration agrees with its number: "1 an", "1,5 an", "2 ans"; "1 year", "1.5 years"
** (num_takes_plural, the rule charte fmt writes the charter's own durations by). */
static const char *unit_text(Builder *b, LexUnit u, bool plural)
{
    switch (u) {
    case LEX_UNIT_PERCENT: return NBSP "%";
    case LEX_UNIT_EUR: return NBSP "€";
    case LEX_UNIT_HOUR: return NBSP "h";
    case LEX_UNIT_EUR_PER_HOUR: return NBSP "€/h";
    case LEX_UNIT_DAY: return plural ? TR(b, " jours", " days") : TR(b, " jour", " day");
    case LEX_UNIT_WEEK: return plural ? TR(b, " semaines", " weeks") : TR(b, " semaine", " week");
    case LEX_UNIT_MONTH: return plural ? TR(b, " mois", " months") : TR(b, " mois", " month");
    case LEX_UNIT_YEAR: return plural ? TR(b, " ans", " years") : TR(b, " an", " year");
    default: return "";
    }
}

static const char *number_literal(Builder *b, const AstExpr *e)
{
    mpq_t q;
    mpq_init(q);
    const char *digits = e->u.num.text;
    bool parsed = num_parse(q, digits, strlen(digits)) == NUM_OK;
    const char *text = parsed ? number(b, q) : clean(digits);
    bool plural = !parsed || num_takes_plural(q, b->english);
    mpq_clear(q);
    return rt_sprintf("%s%s", text, unit_text(b, e->u.num.unit, plural));
}

static const char *value_words(Builder *b, const AstExpr *e);
static bool is_op(const AstExpr *e, AstOp op);

static const char *op_words(Builder *b, AstOp op)
{
    switch (op) {
    case AST_OP_ADD: return TR(b, "plus", "plus");
    case AST_OP_SUB: return TR(b, "moins", "minus");
    case AST_OP_MUL: return TR(b, "multiplié par", "times");
    case AST_OP_DIV: return TR(b, "divisé par", "divided by");
    default: return ast_op_text(op);
    }
}

/* A whole number of persons is said as the reports say it (report_fewer_than_persons); any other
** expression in words. */
static const char *secrecy_threshold_words(Builder *b, const AstExpr *e)
{
    if (e->kind == AST_E_NUMBER && e->u.num.unit == LEX_UNIT_NONE) {
        mpq_t q;
        mpq_init(q);
        const char *digits = e->u.num.text;
        bool whole = num_parse(q, digits, strlen(digits)) == NUM_OK && mpz_cmp_ui(mpq_denref(q), 1) == 0
                     && mpz_fits_slong_p(mpq_numref(q)) && mpz_sgn(mpq_numref(q)) > 0;
        long k = whole ? mpz_get_si(mpq_numref(q)) : 0;
        mpq_clear(q);
        if (whole)
            return report_fewer_than_persons(k, b->english);
    }
    return rt_sprintf(TR(b, "moins de %s personnes", "fewer than %s persons"), value_words(b, e));
}

static const char *value_words(Builder *b, const AstExpr *e)
{
    switch (e->kind) {
    case AST_E_NUMBER: return number_literal(b, e);
    case AST_E_STRING: return quoted(b, e->u.text);
    case AST_E_BOOL: return e->u.boolean ? TR(b, "oui", "yes") : TR(b, "non", "no");
    case AST_E_DATE: {
        Date d;
        return date_parse(e->u.text, strlen(e->u.text), &d) ? date_text(b, d) : clean(e->u.text);
    }
    case AST_E_MONTH: return clean(e->u.text);
    case AST_E_NAME:
        if (e->ref == AST_REF_AGE)
            return TR(b, "l'âge à l'entrée", "the age at entry");
        return code(e->u.text);
    case AST_E_UNARY:
        return rt_sprintf("%s %s", TR(b, "moins", "minus"), value_words(b, e->u.op.lhs));
    case AST_E_BINARY: {
        /* Brackets only where the words would read otherwise: a sum inside a product, or
        ** the right operand of a difference or a quotient. */
        bool product = e->u.op.op == AST_OP_MUL || e->u.op.op == AST_OP_DIV;
        const AstExpr *l = e->u.op.lhs, *r = e->u.op.rhs;
        const char *ls = value_words(b, l), *rs = value_words(b, r);
        if (product && (is_op(l, AST_OP_ADD) || is_op(l, AST_OP_SUB)))
            ls = rt_sprintf("(%s)", ls);
        if (r->kind == AST_E_BINARY && (product || e->u.op.op == AST_OP_SUB
                                        || is_op(r, AST_OP_ADD) || is_op(r, AST_OP_SUB)))
            rs = rt_sprintf("(%s)", rs);
        return rt_sprintf("%s %s %s", ls, op_words(b, e->u.op.op), rs);
    }
    default:
        return "?";
    }
}

/* A date is before or after another, never "more" or "less": "`date_entree` est au plus tôt le 01/01/2022". */
static const char *date_compare_words(Builder *b, AstOp op)
{
    switch (op) {
    case AST_OP_EQ: return TR(b, "est", "is");
    case AST_OP_NE: return TR(b, "n'est pas", "is not");
    case AST_OP_LT: return TR(b, "est avant", "is before");
    case AST_OP_LE: return TR(b, "est au plus tard", "is on or before");
    case AST_OP_GT: return TR(b, "est après", "is after");
    default: return TR(b, "est au plus tôt", "is on or after");
    }
}

static bool is_date(const AstExpr *e)
{
    return e->kind == AST_E_DATE || (e->type && ((const Type *)e->type)->kind == TYPES_DATE);
}

static const char *compare_words(Builder *b, AstOp op, bool age)
{
    if (age) {
        switch (op) {
        case AST_OP_EQ: return TR(b, "est de", "is");
        case AST_OP_NE: return TR(b, "n'est pas de", "is not");
        case AST_OP_LT: return TR(b, "est de moins de", "is under");
        case AST_OP_LE: return TR(b, "est d'au plus", "is at most");
        case AST_OP_GT: return TR(b, "est de plus de", "is over");
        default: return TR(b, "est d'au moins", "is at least");
        }
    }
    switch (op) {
    case AST_OP_EQ: return TR(b, "vaut", "is");
    case AST_OP_NE: return TR(b, "ne vaut pas", "is not");
    case AST_OP_LT: return TR(b, "vaut moins de", "is less than");
    case AST_OP_LE: return TR(b, "vaut au plus", "is at most");
    case AST_OP_GT: return TR(b, "vaut plus de", "is more than");
    default: return TR(b, "vaut au moins", "is at least");
    }
}

static bool is_op(const AstExpr *e, AstOp op) { return e->kind == AST_E_BINARY && e->u.op.op == op; }

static const char *condition(Builder *b, const AstExpr *e);

static const char *public_name(Builder *b, const AstExpr *name)
{
    if (name->ref_index >= 0 && name->ref_index < b->m->npublics) {
        const MPublic *p = &b->m->publics[name->ref_index];
        return quoted(b, p->name ? p->name : p->id);
    }
    return code(name->u.text);
}

/* The operands of a chain of one operator (a et b et c), joined: "a, b et c". */
static void flatten(const AstExpr *e, AstOp op, const AstExpr ***out, int *n)
{
    if (is_op(e, op)) {
        flatten(e->u.op.lhs, op, out, n);
        flatten(e->u.op.rhs, op, out, n);
        return;
    }
    RT_GROW(*out, *n);
    (*out)[(*n)++] = e;
}

/* How a condition is said of the participant: of one or of several (the verb's number), and
** whether its publics read as relative clauses. A condition that also opens a "pour qui" clause
** says its publics as clauses too ("pour qui `qpv` est renseigné et qui relève du public « A »"):
** a participle beside a clause ("et relevant du public") is not a sentence a lawyer signs. */
typedef struct Said {
    bool plural;
    bool relative;
} Said;

static const char *participant_words(Builder *b, const AstExpr *e, Said said);

static bool is_public_name(const AstExpr *e)
{
    return e->kind == AST_E_NAME && e->ref == AST_REF_PUBLIC;
}

/* A public named alone, or its negation: said of a participant as a participle. */
static bool is_public_test(const AstExpr *e)
{
    return is_public_name(e->kind == AST_E_UNARY && e->u.op.op == AST_OP_NOT ? e->u.op.lhs : e);
}

static const char *belonging(Builder *b, const AstExpr *e, Said s)
{
    bool negated = e->kind == AST_E_UNARY;
    const char *name = public_name(b, negated ? e->u.op.lhs : e);
    if (!s.relative)
        return rt_sprintf(negated ? TR(b, "ne relevant pas du public %s", "not belonging to the public %s")
                                  : TR(b, "relevant du public %s", "belonging to the public %s"), name);
    if (s.plural)
        return rt_sprintf(negated ? TR(b, "qui ne relèvent pas du public %s", "who do not belong to the public %s")
                                  : TR(b, "qui relèvent du public %s", "who belong to the public %s"), name);
    return rt_sprintf(negated ? TR(b, "qui ne relève pas du public %s", "who does not belong to the public %s")
                              : TR(b, "qui relève du public %s", "who belongs to the public %s"), name);
}

/* The parts of an "and" or an "or", joined. Said of a participant (said not NULL), a public
   reads as a participle or a relative clause (Said) and the other tests as a clause that "pour
   qui" opens once for each run of them: "pour qui `qpv` est renseigné et (qui relève du public
   « A » ou qui relève du public « B »)". */
static const char *chain(Builder *b, const AstExpr *e, AstOp op, const Said *said)
{
    bool participant = said != NULL;
    const AstExpr **parts = NULL;
    int n = 0;
    flatten(e, op, &parts, &n);
    const char *word = op == AST_OP_AND ? TR(b, "et", "and") : TR(b, "ou", "or");
    const char *s = "";
    bool in_clause = false;
    for (int i = 0; i < n; i++) {
        /* An "or" inside an "and", or an "and" inside an "or", is bracketed: the sentence reads one way only. */
        bool bracketed = is_op(parts[i], op == AST_OP_AND ? AST_OP_OR : AST_OP_AND);
        const char *part;
        if (!participant) {
            part = condition(b, parts[i]);
        } else if (bracketed || is_public_test(parts[i])) {
            part = participant_words(b, parts[i], *said);
            in_clause = false;
        } else {
            part = condition(b, parts[i]);
            if (!in_clause)
                part = rt_sprintf("%s %s", TR(b, "pour qui", "for whom"), part);
            in_clause = true;
        }
        if (bracketed)
            part = rt_sprintf("(%s)", part);
        const char *sep = i == 0 ? "" : i == n - 1 ? rt_sprintf(" %s ", word) : op == AST_OP_AND ? rt_sprintf(" %s ", word) : ", ";
        s = rt_sprintf("%s%s%s", s, sep, part);
    }
    return s;
}

/* E with every "non" of a group pushed onto the group's parts ("non (A ou B)" is "non A et non B",
** De Morgan, which holds in the evaluation's three-valued logic too) and every "non non X" read as X:
** each part then reads as a participle or a clause of its own ("ne relevant pas du public « A » et
** ne relevant pas du public « B »"), where "il n'est pas vrai que" before a group left the publics
** inside it without a subject and its reach unsaid. */
static const AstExpr *negation_inward(const AstExpr *e, bool negate)
{
    if (e->kind == AST_E_UNARY && e->u.op.op == AST_OP_NOT)
        return negation_inward(e->u.op.lhs, !negate);
    if (is_op(e, AST_OP_AND) || is_op(e, AST_OP_OR)) {
        AstExpr *g = RT_NEW(AstExpr);
        *g = *e;
        g->u.op.op = !negate ? e->u.op.op : e->u.op.op == AST_OP_AND ? AST_OP_OR : AST_OP_AND;
        g->u.op.lhs = (AstExpr *)negation_inward(e->u.op.lhs, negate);
        g->u.op.rhs = (AstExpr *)negation_inward(e->u.op.rhs, negate);
        return g;
    }
    if (!negate)
        return e;
    AstExpr *n = RT_NEW(AstExpr);
    *n = (AstExpr){ .kind = AST_E_UNARY, .span = e->span, .u.op = { .op = AST_OP_NOT, .lhs = (AstExpr *)e } };
    return n;
}

/* Whether a public is named in an "and", an "or" or a "non" of E. */
static bool names_public(const AstExpr *e)
{
    if (is_public_test(e))
        return true;
    if (is_op(e, AST_OP_AND) || is_op(e, AST_OP_OR))
        return names_public(e->u.op.lhs) || names_public(e->u.op.rhs);
    return false;
}

/* Whether E has a test that is not a public's, which "pour qui" opens. */
static bool names_clause(const AstExpr *e)
{
    if (is_op(e, AST_OP_AND) || is_op(e, AST_OP_OR))
        return names_clause(e->u.op.lhs) || names_clause(e->u.op.rhs);
    return !is_public_test(e);
}

/* A condition said of a participant, after "un participant" or "participants": one "pour
   qui" before a condition that names no public. E has its negations inward (negation_inward). */
static const char *participant_words(Builder *b, const AstExpr *e, Said said)
{
    if (e->kind == AST_E_BOOL)   /* "un participant pour qui toujours" read as nothing */
        return e->u.boolean ? TR(b, "sans autre condition", "with no other condition")
                            : TR(b, "sous une condition jamais remplie", "under a condition never met");
    if ((is_op(e, AST_OP_AND) || is_op(e, AST_OP_OR)) && names_public(e))
        return chain(b, e, e->u.op.op, &said);
    if (is_public_test(e))
        return belonging(b, e, said);
    return rt_sprintf("%s %s", TR(b, "pour qui", "for whom"), condition(b, e));
}

/* A column or a constant named alone, as a condition: a yes-or-no value ("`rsa` vaut oui"). */
static bool is_yes_no(const AstExpr *e)
{
    return e->kind == AST_E_NAME && (e->ref == AST_REF_COLUMN || e->ref == AST_REF_CONSTANT);
}

static bool is_column(const AstExpr *e) { return e->kind == AST_E_NAME && e->ref == AST_REF_COLUMN; }

static const char *of_participant(Builder *b, const AstExpr *e, bool plural)
{
    const AstExpr *inward = negation_inward(e, false);
    return participant_words(b, inward, (Said){ .plural = plural, .relative = names_clause(inward) });
}

static const char *condition(Builder *b, const AstExpr *e)
{
    switch (e->kind) {
    case AST_E_BINARY:
        switch (e->u.op.op) {
        case AST_OP_AND: return chain(b, e, AST_OP_AND, NULL);
        case AST_OP_OR: return chain(b, e, AST_OP_OR, NULL);
        case AST_OP_EQ: case AST_OP_NE: case AST_OP_LT: case AST_OP_LE: case AST_OP_GT: case AST_OP_GE: {
            bool age = e->u.op.lhs->kind == AST_E_NAME && e->u.op.lhs->ref == AST_REF_AGE;
            if (is_date(e->u.op.lhs) || is_date(e->u.op.rhs))
                return rt_sprintf("%s %s %s%s", value_words(b, e->u.op.lhs), date_compare_words(b, e->u.op.op),
                                  e->u.op.rhs->kind == AST_E_DATE ? TR(b, "le ", "") : "", value_words(b, e->u.op.rhs));
            return rt_sprintf("%s %s %s", value_words(b, e->u.op.lhs), compare_words(b, e->u.op.op, age),
                              value_words(b, e->u.op.rhs));
        }
        default:
            return value_words(b, e);
        }
    case AST_E_UNARY:
        if (e->u.op.op != AST_OP_NOT)
            return value_words(b, e);
        if (e->u.op.lhs->kind == AST_E_KNOWN)
            return rt_sprintf(TR(b, "%s n'est pas renseigné", "%s is not known"), value_words(b, e->u.op.lhs->u.op.lhs));
        if (is_yes_no(e->u.op.lhs))
            return rt_sprintf(TR(b, "%s vaut non", "%s is no"), value_words(b, e->u.op.lhs));
        if (is_op(e->u.op.lhs, AST_OP_NE) && is_column(e->u.op.lhs->u.op.lhs) && e->u.op.lhs->u.op.rhs->is_constant)
            /* "non (x != 6)": a comparison with an unknown value is false, so x is 6 or unknown;
            ** said without the double negation "il n'est pas vrai que x ne vaut pas 6". */
            return rt_sprintf(TR(b, "%s vaut %s s'il est renseigné", "%s is %s when known"),
                              value_words(b, e->u.op.lhs->u.op.lhs), value_words(b, e->u.op.lhs->u.op.rhs));
        if (is_public_name(e->u.op.lhs))
            return rt_sprintf(TR(b, "ne relève pas du public %s", "does not belong to the public %s"),
                              public_name(b, e->u.op.lhs));
        return rt_sprintf(TR(b, "il n'est pas vrai que %s", "it is not true that %s"), condition(b, e->u.op.lhs));
    case AST_E_KNOWN:
        return rt_sprintf(TR(b, "%s est renseigné", "%s is known"), value_words(b, e->u.op.lhs));
    case AST_E_NAME:
        if (is_public_name(e))
            return rt_sprintf(TR(b, "relève du public %s", "belongs to the public %s"), public_name(b, e));
        if (is_yes_no(e))
            return rt_sprintf(TR(b, "%s vaut oui", "%s is yes"), code(e->u.text));
        return code(e->u.text);
    case AST_E_BOOL:
        return e->u.boolean ? TR(b, "toujours", "always") : TR(b, "jamais", "never");
    default:
        return value_words(b, e);
    }
}

/* ---- the header ---------------------------------------------------------------------------- */

static void header_meta(Builder *b)
{
    const AstCharter *c = b->main;
    if (c->territory)
        list_item(b, 0, rt_sprintf("%s%s", strong(TR(b, "Territoire :", "Territory:")), rt_sprintf(" %s", clean(c->territory))));
    if (c->reference)
        list_item(b, 0, rt_sprintf("%s %s", strong(TR(b, "Référence :", "Reference:")), clean(c->reference)));
    if (b->m->valid_from != DATE_NONE && b->m->valid_to != DATE_NONE)
        list_item(b, 0, rt_sprintf(TR(b, "%s du %s au %s", "%s from %s to %s"), strong(TR(b, "En vigueur :", "In force:")),
                                   date_text(b, b->m->valid_from), date_text(b, b->m->valid_to)));
    if (c->signed_on && c->signed_on->kind == AST_E_DATE)
        list_item(b, 0, rt_sprintf("%s %s", strong(TR(b, "Signée le :", "Signed on:")), value_words(b, c->signed_on)));
    for (int i = 0; i < b->m->nmodules; i++) {
        const AstCharter *mod = b->m->modules[i];
        if (mod != c && mod->title)
            list_item(b, 0, rt_sprintf("%s %s", strong(TR(b, "Applique :", "Applies:")), quoted(b, mod->title)));
    }
    /* The name the evaluation reports give the same text (model_digest):
    ** the document signed and the figures computed can be matched. */
    const char *version = model_version(model_digest(b->m));
    if (version)
        list_item(b, 0, rt_sprintf("%s %s", strong(TR(b, "Version de la charte :", "Charter version:")), version));
    if (b->o->au != DATE_NONE)
        list_item(b, 0, rt_sprintf(TR(b, "%s au %s", "%s as of %s"), strong(TR(b, "Texte consolidé", "Consolidated text")),
                                   date_text(b, b->o->au)));
}

/* ---- the consolidated targets at a date ---------------------------------------------------- */

typedef struct ConsolidatedKey {
    int family, scope;
    const char *owner;
} ConsolidatedKey;

/* Owners as evaluation matches them: « 13 Habitat » and « 13 HABITAT » are one row. */
static const char *owner_key(const char *owner) { return utf8_key(owner, strlen(owner)); }

static int compare_keys(const ConsolidatedKey *x, const ConsolidatedKey *y)
{
    if (x->family != y->family)
        return x->family - y->family;
    if (x->scope != y->scope)
        return x->scope - y->scope;
    if (!x->owner || !y->owner)
        return (x->owner != NULL) - (y->owner != NULL);
    return strcmp(owner_key(x->owner), owner_key(y->owner));
}

static int compare_key_entries(const void *x, const void *y) { return compare_keys(x, y); }

static const char *target_words(Builder *b, const MRule *r)
{
    switch (r->kind) {
    case M_TARGET_FIXED_HOURS: return rt_sprintf("%s" NBSP "h", number(b, r->target));
    case M_TARGET_SHARE_HIRES: return rt_sprintf(TR(b, "%s des embauches", "%s of hires"), percent(b, r->target));
    default: return rt_sprintf(TR(b, "%s des heures", "%s of hours"), percent(b, r->target));
    }
}

/* Cells 0-1 name the class, 2 its owner (when the table has that column), then target, its
** article, threshold, its article, the level at which the target is assessed, its article (the
** rule that pools it, or the target's own rule: a target is per contract unless it says otherwise). */
static void consolidated_row(Builder *b, RenderBlock *t, const ConsolidatedKey *k, bool owners)
{
    EvalResolution res = eval_resolve(b->m, k->family, k->scope, k->owner, b->o->au);
    const char *row[9];
    row[0] = named_cell(b->m->families[k->family].name, b->m->families[k->family].id);
    row[1] = named_cell(b->m->scopes[k->scope].name, b->m->scopes[k->scope].id);
    row[2] = k->owner ? clean(k->owner) : "—";
    const char *pair = res.conflict[0]
        ? rt_sprintf(TR(b, "conflit : %s", "conflict: %s"), conflict_rules(b, &res))
        : NULL;
    if (pair && !res.conflict_on_threshold) {
        /* eval_resolve stops at a conflict on the target: the threshold is not resolved either. */
        row[3] = "—";
        row[4] = pair;
        row[5] = "—";
        row[6] = "—";
    } else {
        row[3] = res.target ? target_words(b, res.target) : TR(b, "aucun", "none");
        row[4] = res.target ? prov_link(b, &res.target->target_prov) : "—";
        row[5] = pair ? "—" : res.threshold ? euros(b, res.threshold->threshold) : TR(b, "aucun", "none");
        row[6] = pair ? pair : res.threshold ? prov_link(b, &res.threshold->threshold_prov) : "—";
    }
    row[7] = res.target ? say_english(ast_pool_words(res.target->pool), b->english) : "—";
    row[8] = !res.target ? "—" : res.target->pool != AST_POOL_NONE ? prov_link(b, &res.target->pool_prov)
                                                                    : prov_link(b, &res.target->target_prov);
    const char **cells = table_row(t);
    for (int i = 0, c = 0; i < 9; i++)
        if (i != 2 || owners)
            cells[c++] = row[i];
}

/* The classes (family × scope × owner) of the rules that set hours targets or thresholds, in
** the order of the families, then of the scopes. */
static int consolidated_keys(Builder *b, ConsolidatedKey *keys)
{
    const Model *m = b->m;
    int n = 0;
    /* One map lookup a rule, one sort: comparing each rule with every key found before it cost
    ** the square of the keys (32 000 communes with a target each: 5 G instructions). */
    IdMap seen = { 0 };
    for (int i = 0; i < m->nrules; i++) {
        const MRule *r = &m->rules[i];
        if (r->family < 0 || (r->has_target && model_rule_is_hires(r)))
            continue;   /* hires targets: their own table */
        const char *key = rt_sprintf("%d\x1f%d\x1f%s%s", r->family, r->scope, r->owner ? "o" : "",
                                     r->owner ? owner_key(r->owner) : "");
        if (idmap_add(&seen, key, strlen(key), n) < 0)
            keys[n++] = (ConsolidatedKey){ r->family, r->scope, r->owner };
    }
    /* Distinct keys never compare equal: any sort gives the one order. */
    qsort(keys, (size_t)n, sizeof *keys, compare_key_entries);
    return n;
}

/* One row per hires target (nature × scope × owner), in the order of their first rule. */
static void consolidated_hires(Builder *b)
{
    const Model *m = b->m;
    MHiresTarget *targets;
    int n = model_hires_targets(m, &targets);
    bool owners = false;
    for (int k = 0; k < n; k++)
        owners |= targets[k].rules[0]->owner != NULL;
    if (n == 0)
        return;
    para(b, rt_sprintf(TR(b, "Objectifs d'embauches, pour les embauches datées du %s : chacun s'apprécie sur l'ensemble "
                             "des embauches de sa nature dans son périmètre (et ceux qu'il contient), chaque embauche "
                             "avec le taux en vigueur à sa date.",
                             "Hires targets, for the hires dated %s: each is assessed over all the hires of its nature in "
                             "its scope (and the scopes it contains), each hire with the rate in force at its date."),
                       date_text(b, b->o->au)));
    static const char *const fr[] = { "Nature", "Périmètre", "Maître d'ouvrage", "Objectif", "fixé par" };
    static const char *const en[] = { "Nature", "Scope", "Contracting authority", "Target", "set by" };
    static const char *const fr_no_owner[] = { "Nature", "Périmètre", "Objectif", "fixé par" };
    static const char *const en_no_owner[] = { "Nature", "Scope", "Target", "set by" };
    RenderBlock *t = owners ? table(b, 5, "lllrl", b->english ? en : fr)
                            : table(b, 4, "llrl", b->english ? en_no_owner : fr_no_owner);
    for (int k = 0; k < n; k++) {
        const MRule *first = targets[k].rules[0];
        const MRule *r = model_hires_target_at(&targets[k], b->o->au);
        const char **cells = table_row(t);
        int c = 0;
        cells[c++] = first->family >= 0 ? named_cell(m->families[first->family].name, m->families[first->family].id)
                                        : code(first->nature);
        cells[c++] = named_cell(m->scopes[first->scope].name, m->scopes[first->scope].id);
        if (owners)
            cells[c++] = first->owner ? clean(first->owner) : "—";
        cells[c++] = r ? target_words(b, r) : TR(b, "aucun", "none");
        cells[c++] = r ? prov_link(b, &r->target_prov) : "—";
    }
}

/* A contract notified outside the charter's period is not subject to it (as `charte eval` says it, "hors période"):
** the targets of its articles are not in force then, and a table under "in force" would read as if they were. */
static bool outside_period_said(Builder *b)
{
    const Model *m = b->m;
    Date au = b->o->au;
    ModelPeriodSide side = model_period_side(m, au);
    if (side == MODEL_BEFORE_PERIOD)
        para(b, rt_sprintf(TR(b, "Aucun : la charte s'applique aux marchés notifiés à partir du %s ; un marché notifié le %s "
                                 "n'y est pas soumis.",
                              "None: the charter applies to contracts notified from %s on; a contract notified on %s is "
                              "not subject to it."),
                           date_text(b, m->valid_from), date_text(b, au)));
    else if (side == MODEL_AFTER_PERIOD)
        para(b, rt_sprintf(TR(b, "Aucun : la charte s'applique aux marchés notifiés jusqu'au %s ; un marché notifié le %s "
                                 "n'y est pas soumis.",
                              "None: the charter applies to contracts notified up to %s; a contract notified on %s is "
                              "not subject to it."),
                           date_text(b, m->valid_to), date_text(b, au)));
    else
        return false;
    return true;
}

static void consolidated(Builder *b)
{
    ConsolidatedKey *keys = RT_NEW_ARRAY(ConsolidatedKey, b->m->nrules + 1);
    int n = consolidated_keys(b, keys);
    heading(b, 2, "consolide", rt_sprintf(TR(b, "Objectifs en vigueur au %s", "Targets in force on %s"), date_text(b, b->o->au)));
    if (outside_period_said(b))
        return;
    para(b, rt_sprintf(TR(b, "Pour un marché notifié le %s, selon sa famille, son périmètre et son maître d'ouvrage : "
                             "l'objectif et le seuil qui s'appliquent, où l'objectif s'apprécie (marché par marché ou "
                             "mutualisé), et l'article ou l'avenant qui fixe chacun. "
                             "Un marché d'un périmètre plus petit suit la ligne du périmètre qui l'englobe.",
                             "For a contract notified on %s, by family, scope and contracting authority: the target "
                             "and the threshold that apply, where the target is assessed (contract by contract or "
                             "pooled), and the article or amendment that sets each. A contract "
                             "of a smaller scope follows the row of the scope that contains it."),
                       date_text(b, b->o->au)));
    bool owners = false;
    for (int i = 0; i < n; i++)
        owners |= keys[i].owner != NULL;
    static const char *const fr[] = { "Famille", "Périmètre", "Maître d'ouvrage", "Objectif", "fixé par", "Seuil", "fixé par",
                                      "Appréciation", "fixée par" };
    static const char *const en[] = { "Family", "Scope", "Contracting authority", "Target", "set by", "Threshold", "set by",
                                      "Assessed", "set by" };
    static const char *const fr_no_owner[] = { "Famille", "Périmètre", "Objectif", "fixé par", "Seuil", "fixé par",
                                               "Appréciation", "fixée par" };
    static const char *const en_no_owner[] = { "Family", "Scope", "Target", "set by", "Threshold", "set by", "Assessed", "set by" };
    if (n > 0) {
        RenderBlock *t = owners ? table(b, 9, "lllrlrlll", b->english ? en : fr)
                                : table(b, 8, "llrlrlll", b->english ? en_no_owner : fr_no_owner);
        for (int i = 0; i < n; i++)
            consolidated_row(b, t, &keys[i], owners);
    }
    consolidated_hires(b);
}

/* ---- declarations --------------------------------------------------------------------------- */

static const char *level_words(Builder *b, AstLevel level) { return ast_level_name(level, b->english); }

static void scope_tree(Builder *b, int parent, int depth)
{
    for (int i = b->first_child[parent]; i >= 0; i = b->next_sibling[i]) {
        const MScope *s = &b->m->scopes[i];
        list_item(b, depth, rt_sprintf("%s (%s), %s", strong(s->name ? s->name : s->id), code(s->id), level_words(b, s->level)));
        scope_tree(b, i, depth + 1);
    }
}

static void scopes(Builder *b, const AstDecl *d)
{
    const Model *m = b->m;
    const int *in;
    int n = items_in(&b->scopes_at, d->span, &in);
    for (int k = 0; k < n; k++)
        b->scope_here[in[k]] = true;
    /* Walking backwards and pushing in front keeps each scope's children in their order. */
    for (int k = n - 1; k >= 0; k--) {
        int p = m->scopes[in[k]].parent;
        if (p >= 0 && b->scope_here[p]) {
            b->next_sibling[in[k]] = b->first_child[p];
            b->first_child[p] = in[k];
        }
    }
    for (int k = 0; k < n; k++) {
        const MScope *s = &m->scopes[in[k]];
        if (s->parent >= 0 && b->scope_here[s->parent])
            continue;
        const char *where = s->parent >= 0
            ? rt_sprintf(TR(b, ", dans %s", ", within %s"), scope_name(b, s->parent)) : "";
        list_item(b, 0, rt_sprintf("%s (%s), %s%s", strong(s->name ? s->name : s->id), code(s->id), level_words(b, s->level), where));
        scope_tree(b, in[k], 1);
    }
    for (int k = 0; k < n; k++) {
        b->scope_here[in[k]] = false;
        b->first_child[in[k]] = b->next_sibling[in[k]] = -1;
    }
}

static bool any_scope_in(Builder *b, Span s)
{
    const int *in;
    return items_in(&b->scopes_at, s, &in) > 0;
}

static void families(Builder *b, const AstDecl *d)
{
    static const char *const fr[] = { "Famille", "Catégorie", "Part de main-d'œuvre", "Coût horaire" };
    static const char *const en[] = { "Family", "Category", "Labour share", "Hourly cost" };
    /* Families declared one by one, or in several tables, read as one table. */
    RenderBlock *t = b->families ? b->families : table(b, 4, "llrr", b->english ? en : fr);
    b->families = t;
    const int *in;
    int n = items_in(&b->families_at, d->span, &in);
    for (int k = 0; k < n; k++) {
        const MFamily *f = &b->m->families[in[k]];
        const char **row = table_row(t);
        row[0] = named_cell(f->name, f->id);
        row[1] = f->category >= 0 ? clean(b->m->categories[f->category].name) : "—";
        row[2] = f->has_estimate ? percent(b, f->part_mo) : "—";
        row[3] = f->has_estimate ? rt_sprintf("%s" NBSP "€/h", number(b, f->cout_horaire)) : "—";
    }
}

static bool any_family_in(Builder *b, Span s)
{
    const int *in;
    return items_in(&b->families_at, s, &in) > 0;
}

/* "Objectif d'embauches à l'échelle de « Métropole » : au moins 10 % des embauches liées aux marchés
** de travaux vont à des personnes éligibles." An amendment's rate is for the hires dated from its date. */
static const char *hires_sentence(Builder *b, const MRule *r)
{
    const char *whose = r->owner ? rt_sprintf(TR(b, " du maître d'ouvrage %s", " of the contracting authority %s"), quoted(b, r->owner)) : "";
    const char *when = r->from != DATE_NONE
        ? rt_sprintf(TR(b, ", datées à partir du %s,", ", dated from %s on,"), date_text(b, r->from)) : "";
    return b->english
        ? rt_sprintf("Hires target %s: at least %s of the hires%s %s%s go to eligible people.",
                     at_scale_of(b, r->scope), percent(b, r->target), whose, hires_subject(b, r), when)
        : rt_sprintf("Objectif d'embauches %s : au moins %s des embauches%s liées %s%s vont à des personnes éligibles.",
                     at_scale_of(b, r->scope), percent(b, r->target), whose, hires_subject(b, r), when);
}

/* Where a target is assessed, when it is not contract by contract. */
static const char *pool_sentence(Builder *b, AstPool pool)
{
    switch (pool) {
    case AST_POOL_SCOPE:
        return TR(b, " Objectif mutualisé : il s'apprécie une fois, sur l'ensemble de ces marchés.",
                  " Pooled target: assessed once, over all these contracts together.");
    case AST_POOL_OWNER:
        return TR(b, " Objectif mutualisé par maître d'ouvrage : il s'apprécie sur l'ensemble des marchés de chaque maître d'ouvrage.",
                  " Target pooled per contracting authority: assessed over all the contracts of each contracting authority together.");
    default:
        return "";
    }
}

/* A rule that sets no threshold keeps the one of a broader rule (an enclosing scope, the general
** rule of its scope, the rule it amends): the one eval applies to the contracts it names on its
** own date, said with the article that sets it. */
static const char *inherited_threshold(Builder *b, const MRule *r, const char *what)
{
    EvalResolution res = eval_resolve(b->m, r->family, r->scope, r->owner, r->from);
    if (res.conflict[0])
        return rt_sprintf(TR(b, "%s (seuil en conflit : %s)", "%s (threshold in conflict: %s)"), what,
                          conflict_rules(b, &res));
    if (!res.threshold)
        return rt_sprintf(TR(b, "%s, sans seuil", "%s, with no threshold"), what);
    return rt_sprintf(TR(b, "%s, dès %s HT (seuil fixé à l'%s)", "%s, from %s excl. VAT (threshold as set in %s)"), what,
                      euros(b, res.threshold->threshold), prov_link(b, &res.threshold->threshold_prov));
}

/* "Pour les marchés de nettoyage notifiés à partir du 01/01/2023 à l'échelle de « Métropole », au moins
** 12 % des heures travaillées, dès 40 000 € HT." */
static const char *rule_sentence(Builder *b, const MRule *r)
{
    if (r->has_target && model_rule_is_hires(r))
        return hires_sentence(b, r);
    const char *who = b->english
        ? rt_sprintf("For contracts %s", of_family(b, r->family))
        : rt_sprintf("Pour les marchés %s", of_family(b, r->family));
    if (r->owner)
        who = rt_sprintf(TR(b, "%s du maître d'ouvrage %s", "%s of the contracting authority %s"), who, quoted(b, r->owner));
    if (r->from != DATE_NONE)
        who = rt_sprintf(TR(b, "%s notifiés à partir du %s", "%s notified from %s on"), who, date_text(b, r->from));
    who = rt_sprintf("%s %s", who, at_scale_of(b, r->scope));
    const char *what;
    if (!r->has_target)
        what = rt_sprintf(TR(b, "le seuil est de %s HT", "the threshold is %s excl. VAT"), euros(b, r->threshold));
    else {
        what = r->kind == M_TARGET_FIXED_HOURS
            ? rt_sprintf(TR(b, "au moins %s" NBSP "h d'insertion", "at least %s" NBSP "h of insertion"), number(b, r->target))
            : rt_sprintf(TR(b, "au moins %s des heures travaillées", "at least %s of the hours worked"), percent(b, r->target));
        if (r->has_threshold)
            what = rt_sprintf(TR(b, "%s, dès %s HT", "%s, from %s excl. VAT"), what, euros(b, r->threshold));
        else
            what = inherited_threshold(b, r, what);
    }
    return rt_sprintf("%s, %s.%s", who, what, pool_sentence(b, r->pool));
}

static bool rules_in(Builder *b, Span s)
{
    const int *in;
    int n = items_in(&b->rules_at, s, &in);
    for (int k = 0; k < n; k++)
        list_item(b, 0, rule_sentence(b, &b->m->rules[in[k]]));
    return n > 0;
}

static const MPublic *public_of(Builder *b, const AstDecl *d)
{
    int i = item_in(&b->publics_at, d->span, false);
    return i >= 0 ? &b->m->publics[i] : NULL;
}

static void indicator(Builder *b, const AstDecl *d)
{
    int i = item_in(&b->indicators_at, d->span, true);
    if (i < 0)
        return;
    const MIndicator *ind = &b->m->indicators[i];
    const char *what = ind->kind == AST_IND_SHARE ? TR(b, "part des participants", "share of participants")
                                                  : TR(b, "nombre de participants", "number of participants");
    if (ind->where)
        what = rt_sprintf("%s %s", what, of_participant(b, ind->where, true));
    if (ind->by)
        what = strcmp(ind->by, "public") == 0 ? rt_sprintf(TR(b, "%s, par public", "%s, by public"), what)
                                              : rt_sprintf(TR(b, "%s, par %s", "%s, by %s"), what, code(ind->by));
    if (ind->has_target)
        what = rt_sprintf(TR(b, "%s ; objectif : %s", "%s; target: %s"), what,
                          ind->kind == AST_IND_SHARE ? percent(b, ind->target) : number(b, ind->target));
    list_item(b, 0, rt_sprintf(TR(b, "%s (%s) : %s.", "%s (%s): %s."), strong(ind->name ? ind->name : ind->id), code(ind->id), what));
}

/* The type a column is given, in the document's language ("entier", "integer"), however the
** charter spells it; t->name when the model does not know the column. */
static const char *column_type_words(Builder *b, const AstType *t, const MColumn *col)
{
    if (!t)
        return "—";
    const char *s = col ? schema_coltype_name(col->type, b->english) : clean(t->name);
    if (t->choices.len > 0) {
        s = rt_sprintf(TR(b, "choix parmi ", "one of "));
        for (int i = 0; i < t->choices.len; i++)
            s = rt_sprintf("%s%s%s", s, i ? ", " : "", value_words(b, AST_AT(t->choices, AstExpr, i)));
    } else if (t->ref_table)
        s = rt_sprintf(TR(b, "référence à la table %s", "reference to the table %s"), code(t->ref_table));
    else if (t->min && t->max)
        s = rt_sprintf(TR(b, "%s entre %s et %s", "%s between %s and %s"), s, value_words(b, t->min), value_words(b, t->max));
    return s;
}

/* « MOA / Bailleur », « Bailleur »: the export's own names of a column (colonne « … »). */
static const char *export_names(Builder *b, const AstColumn *c)
{
    const char *s = "";
    for (int i = 0; i < c->headers.len; i++)
        s = rt_sprintf("%s%s%s", s, i ? ", " : "", quoted(b, AST_AT(c->headers, AstExpr, i)->u.text));
    return *s ? s : "—";
}

/* The model's column of that name in the table of that name, NULL for none. */
static const MColumn *model_column(Builder *b, const char *table_name, const char *column)
{
    for (int t = 0; t < M_NTABLES; t++) {
        const MTable *tb = &b->m->tables[t];
        if (!tb->name || strcmp(tb->name, table_name) != 0)
            continue;
        int k = model_column_index(tb, column);
        return k >= 0 ? &tb->columns[k] : NULL;
    }
    return NULL;
}

/* A column of the standard tables that a local charter only renames (`maitre_ouvrage : texte,
** colonne « MOA »`) keeps how it is filled: the checker took it from where it was declared first. */
static const MColumn *declared_elsewhere(Builder *b, const char *table_name, const AstColumn *c)
{
    const MColumn *col = model_column(b, table_name, c->name);
    return col && col->prov.src != b->main->src ? col : NULL;
}

static const char *column_filling(Builder *b, const AstDecl *d, const AstColumn *c)
{
    if (c->default_value)
        return rt_sprintf(TR(b, "par défaut %s", "default %s"), value_words(b, c->default_value));
    if (c->optional)
        return TR(b, "facultatif", "optional");
    /* Said as the reader needs it, "obligatoire", not only where to look it up; "déclaré" agrees
    ** with "remplissage", as "facultatif" does. */
    const MColumn *kept = !c->required && c->headers.len > 0 ? declared_elsewhere(b, d->name, c) : NULL;
    if (kept)
        return kept->has_default ? TR(b, "comme déjà déclaré", "as already declared")
             : kept->required    ? TR(b, "obligatoire, comme déjà déclaré", "required, as already declared")
                                 : TR(b, "facultatif, comme déjà déclaré", "optional, as already declared");
    return TR(b, "obligatoire", "required");
}

static void schema(Builder *b, const AstDecl *d)
{
    para(b, rt_sprintf(TR(b, "Données %s :", "Data %s:"), code(d->name)));
    bool renamed = false;
    for (int i = 0; i < d->extra->columns.len; i++)
        renamed |= AST_AT(d->extra->columns, AstColumn, i)->headers.len > 0;
    static const char *const fr[] = { "Colonne", "Type", "Remplissage", "Noms dans l'export" };
    static const char *const en[] = { "Column", "Type", "Filling", "Names in the export" };
    RenderBlock *t = table(b, renamed ? 4 : 3, "llll", b->english ? en : fr);
    for (int i = 0; i < d->extra->columns.len; i++) {
        const AstColumn *c = AST_AT(d->extra->columns, AstColumn, i);
        const char **row = table_row(t);
        row[0] = code(c->name);
        row[1] = column_type_words(b, c->type, model_column(b, d->name, c->name));
        row[2] = column_filling(b, d, c);
        if (renamed)
            row[3] = export_names(b, c);
    }
}

static const char *names_list(Builder *b, const AstList *names)
{
    const char *s = "";
    for (int i = 0; i < names->len; i++)
        s = rt_sprintf("%s%s%s", s, i == 0 ? "" : i == names->len - 1 ? TR(b, " et ", " and ") : ", ",
                       code(AST_AT(*names, AstExpr, i)->u.text));
    return s;
}

/* "semestriel" in French, "semiannual" in English, however the charter spells it. */
static const char *rhythm_words(Builder *b, const char *word)
{
    int i = governance_rhythm_of(word);
    return i < 0 ? clean(word) : governance_rhythm(i, b->english);
}

static const char *rounding_words(Builder *b, AstRounding r)
{
    switch (r) {
    case AST_ROUND_UP: return TR(b, "à l'heure supérieure", "up to the whole hour");
    case AST_ROUND_DOWN: return TR(b, "à l'heure inférieure", "down to the whole hour");
    default: return TR(b, "à l'heure la plus proche", "to the nearest whole hour");
    }
}

/* What `charte check` warns of here is intended: said with the warning's title, so that the
** reader knows what was agreed, and the reason as written. */
static void accepted_warning(Builder *b, const AstDecl *d)
{
    const DiagRule *r = diag_rules_find(d->name);
    const char *title = r ? TR(b, r->title_fr, r->title_en) : NULL;
    const char *what = title ? rt_sprintf("%s (%s)", title, code(d->name)) : code(d->name);
    list_item(b, 0, rt_sprintf(TR(b, "%s %s, voulu par les signataires : %s.", "%s %s, intended by the signatories: %s."),
                               strong(TR(b, "Avertissement accepté :", "Accepted warning:")), what,
                               quoted(b, d->extra->title)));
}

static void declaration(Builder *b, const AstDecl *d)
{
    const Source *src = b->main->src;
    switch (d->kind) {
    case AST_D_SCOPE:
        scopes(b, d);
        return;
    case AST_D_FAMILY:
        families(b, d);
        return;
    case AST_D_TARGET:
        rules_in(b, d->span);
        return;
    case AST_D_TABLE:
        if (any_scope_in(b, d->span))
            scopes(b, d);
        else if (any_family_in(b, d->span))
            families(b, d);
        else if (!rules_in(b, d->span))
            para(b, code(source_text(src, d->span)));
        return;
    case AST_D_CATEGORY:
        list_item(b, 0, rt_sprintf(TR(b, "Catégorie %s (%s).", "Category %s (%s)."), quoted(b, d->extra->title), code(d->name)));
        return;
    case AST_D_FLOOR:
        list_item(b, 0, rt_sprintf(TR(b, "Plancher de la catégorie %s : au moins %s des heures travaillées.",
                                      "Floor of the category %s: at least %s of the hours worked."),
                                   code(d->name), value_words(b, d->expr)));
        return;
    case AST_D_PUBLIC: {
        const MPublic *p = public_of(b, d);
        list_item(b, 0, rt_sprintf(TR(b, "%s (%s) : un participant %s.", "%s (%s): a participant %s."),
                                   strong(d->extra->title ? d->extra->title : d->name), code(d->name),
                                   of_participant(b, p ? p->pred : d->expr, false)));
        return;
    }
    case AST_D_ELIGIBLE:
        list_item(b, 0, rt_sprintf(TR(b, "%s un participant %s.", "%s a participant %s."),
                                   strong(TR(b, "Est éligible", "Eligible:")), of_participant(b, d->expr, false)));
        return;
    case AST_D_ELIGIBLE_AUSSI:
        list_item(b, 0, rt_sprintf(TR(b, "%s un participant %s, même s'il ne remplit pas la règle générale.",
                                      "%s a participant %s, even one who does not meet the general rule."),
                                   strong(TR(b, "Est aussi éligible", "Also eligible:")), of_participant(b, d->expr, false)));
        return;
    case AST_D_ELIGIBLE_SEULEMENT_SI:
        list_item(b, 0, rt_sprintf(TR(b, "%s, parmi ceux que retient la règle générale, qu'un participant %s.",
                                      "%s among those the general rule admits, a participant %s."),
                                   strong(TR(b, "N'est éligible", "Eligible only:")), of_participant(b, d->expr, false)));
        return;
    case AST_D_CONSTANT:
        list_item(b, 0, rt_sprintf(TR(b, "%s vaut %s.", "%s is %s."), code(d->name), value_words(b, d->expr)));
        return;
    case AST_D_ROUNDING:
        list_item(b, 0, rt_sprintf(TR(b, "Les heures objectif sont arrondies %s.", "Target hours are rounded %s."),
                                   rounding_words(b, d->rounding)));
        return;
    case AST_D_ELIG_PERIOD:
        list_item(b, 0, rt_sprintf(TR(b, "Un participant compte pendant %s à compter de son entrée.",
                                      "A participant counts for %s from their entry."), value_words(b, d->expr)));
        return;
    case AST_D_MODALITIES:
        list_item(b, 0, rt_sprintf(d->extra->names.len == 1 ? TR(b, "Sont retenues les heures de la modalité %s.", "Hours of the modality %s are counted.")
                                                            : TR(b, "Sont retenues les heures des modalités %s.", "Hours of the modalities %s are counted."),
                                   names_list(b, &d->extra->names)));
        return;
    case AST_D_CAP:
        /* "de la modalité `etti`", not "de `etti`": says what the name is, and needs no elision. */
        list_item(b, 0, rt_sprintf(TR(b, "Les heures de la modalité %s sont retenues dans la limite de %s des heures objectif du marché.",
                                      "Hours of the modality %s are counted up to %s of the contract's target hours."),
                                   code(d->name), value_words(b, d->expr)));
        return;
    case AST_D_COMMITTEE: {
        /* The checker refuses a committee of an unknown scope before render runs;
        ** a scale is said only of a scope the model has. */
        int s = d->extra->parent ? model_scope_index(b->m, d->extra->parent) : -1;
        const char *committee = strong(TR(b, "Comité de pilotage :", "Steering committee:"));
        list_item(b, 0, s >= 0 ? rt_sprintf("%s %s, %s.", committee, quoted(b, d->extra->title), at_scale_of(b, s))
                               : rt_sprintf("%s %s.", committee, quoted(b, d->extra->title)));
        return;
    }
    case AST_D_PILOT:
        list_item(b, 0, rt_sprintf("%s %s.", strong(TR(b, "Structure pilote :", "Lead organisation:")), quoted(b, d->extra->title)));
        return;
    case AST_D_REPORTING:
        list_item(b, 0, rt_sprintf("%s %s.", strong(TR(b, "Bilan :", "Report:")), rhythm_words(b, d->name)));
        return;
    case AST_D_INDICATOR:
        indicator(b, d);
        return;
    case AST_D_SECRECY:
        list_item(b, 0, rt_sprintf(TR(b, "Secret statistique : une case de %s n'est pas publiée.",
                                      "Statistical secrecy: a cell of %s is not published."),
                                   secrecy_threshold_words(b, d->expr)));
        return;
    case AST_D_SCHEMA:
        schema(b, d);
        return;
    case AST_D_AVERTISSEMENT_ACCEPTE:
        accepted_warning(b, d);
        return;
    case AST_D_APPLICABLE:
    case AST_D_AMENDS:
        return;   /* said in the amendment's opening sentence */
    default:
        /* A construct this renderer does not know yet: shown as written rather than dropped. */
        para(b, code(source_text(src, d->span)));
        return;
    }
}

/* Scopes declared line by line form one tree: a run of them is rendered as one list. */
static void declarations(Builder *b, const AstList *decls)
{
    for (int i = 0; i < decls->len; i++) {
        const AstDecl *d = AST_AT(*decls, AstDecl, i);
        if (!in_part(b, d->span.start))
            continue;   /* in another ```charte block of a literate charter */
        if (d->kind != AST_D_SCOPE) {
            declaration(b, d);
            continue;
        }
        AstDecl run = *d;
        while (i + 1 < decls->len && AST_AT(*decls, AstDecl, i + 1)->kind == AST_D_SCOPE
               && in_part(b, AST_AT(*decls, AstDecl, i + 1)->span.start))
            run.span.end = AST_AT(*decls, AstDecl, ++i)->span.end;
        scopes(b, &run);
    }
}

/* ---- articles, amendments, examples --------------------------------------------------------- */

static const MAmendment *amendment_of(Builder *b, const AstItem *it)
{
    int i = item_in(&b->amendments_at, it->span, false);
    return i >= 0 ? &b->m->amendments[i] : NULL;
}

/* Indexes the main text's amendments by the article they amend (Builder.amending). */
static void index_amending(Builder *b)
{
    const Model *m = b->m;
    b->next_amending = rt_alloc_atomic(sizeof(int) * (size_t)(m->namendments + 1));
    /* Walking backwards and putting each in front keeps every article's list in the charter's order. */
    for (int i = m->namendments - 1; i >= 0; i--) {
        const MAmendment *a = &m->amendments[i];
        b->next_amending[i] = -1;
        if (!a->amends || a->prov.src != b->main->src)
            continue;
        b->next_amending[i] = idmap_index(&b->amending, a->amends);
        idmap_put(&b->amending, a->amends, strlen(a->amends), i);
    }
}

static void amended_by(Builder *b, const AstItem *article)
{
    const char *s = NULL;
    for (int i = idmap_index(&b->amending, article->number); i >= 0; i = b->next_amending[i]) {
        const MAmendment *a = &b->m->amendments[i];
        const char *one = rt_sprintf(TR(b, "%s (marchés notifiés à partir du %s)", "%s (contracts notified from %s on)"),
                                     link(anchor_of("avenant", a->number), rt_sprintf(TR(b, "avenant %s", "amendment %s"), clean(a->number))),
                                     date_text(b, a->from));
        s = s ? rt_sprintf("%s, %s", s, one) : one;
    }
    if (s)
        para(b, rt_sprintf("%s %s.", em(TR(b, "Modifié par", "Amended by")), s));
}

/* An item of a literate charter may run over several blocks: its heading goes with its first line. */
static void article(Builder *b, const AstItem *it)
{
    if (!in_part(b, it->span.start)) {
        declarations(b, &it->decls);
        return;
    }
    heading(b, 2, anchor_of("article", it->number),
            rt_sprintf(TR(b, "Article %s — %s", "Article %s — %s"), clean(it->number), clean(it->title)));
    amended_by(b, it);
    declarations(b, &it->decls);
}

static void amendment(Builder *b, const AstItem *it)
{
    if (!in_part(b, it->span.start)) {
        declarations(b, &it->decls);
        return;
    }
    heading(b, 2, anchor_of("avenant", it->number),
            rt_sprintf(TR(b, "Avenant %s — %s", "Amendment %s — %s"), clean(it->number), clean(it->title)));
    const MAmendment *a = amendment_of(b, it);
    if (a) {
        const char *s = rt_sprintf(TR(b, "Applicable aux marchés notifiés à partir du %s.", "Applies to contracts notified from %s on."),
                                   date_text(b, a->from));
        if (a->amends)
            s = rt_sprintf(TR(b, "%s Modifie l'%s.", "%s Amends %s."), s,
                           link(anchor_of("article", a->amends), rt_sprintf(TR(b, "article %s", "article %s"), clean(a->amends))));
        if (b->o->au != DATE_NONE)
            s = rt_sprintf("%s %s", s, em(a->from <= b->o->au ? rt_sprintf(TR(b, "En vigueur au %s.", "In force on %s."), date_text(b, b->o->au))
                                                             : rt_sprintf(TR(b, "Pas encore applicable au %s.", "Not yet applicable on %s."), date_text(b, b->o->au))));
        para(b, s);
    }
    declarations(b, &it->decls);
}

static void item(Builder *b, const AstItem *it)
{
    if (it->kind == AST_ITEM_ARTICLE)
        article(b, it);
    else if (it->kind == AST_ITEM_AMENDMENT)
        amendment(b, it);
}

/* The examples are the charter's tests: an annex names them. */
static void examples_annex(Builder *b, int from, int to)
{
    bool any = false;
    for (int i = from; i < to; i++) {
        const AstItem *it = AST_AT(b->main->items, AstItem, i);
        if (it->kind != AST_ITEM_EXAMPLE)
            continue;
        if (!any) {
            heading(b, 2, "exemples", TR(b, "Exemples chiffrés", "Worked examples"));
            para(b, TR(b, "Chaque exemple est un cas chiffré à la main que « charte test » rejoue.",
                          "Each example is a case worked out by hand that “charte test” replays."));
            any = true;
        }
        list_item(b, 0, it->as_of ? rt_sprintf(TR(b, "%s (au %s)", "%s (as of %s)"), clean(it->title), value_words(b, it->as_of))
                                  : clean(it->title));
    }
}

/* ---- the document --------------------------------------------------------------------------- */

static void header(Builder *b, bool title)
{
    if (title)
        heading(b, 1, NULL, clean(b->main->title ? b->main->title : TR(b, "Charte sans titre", "Untitled charter")));
    header_meta(b);
}

static void plain_document(Builder *b)
{
    header(b, true);
    add_block(b, RENDER_B_END_HEADER);
    add_block(b, RENDER_B_TOC);
    if (b->o->au != DATE_NONE)
        consolidated(b);
    for (int i = 0; i < b->main->items.len; i++)
        item(b, AST_AT(b->main->items, AstItem, i));
    examples_annex(b, 0, b->main->items.len);
}

/* The prose between two blocks, as written, without the blank lines at its ends (the writers separate blocks). */
static void prose(Builder *b, const Source *src, uint32_t from, uint32_t to)
{
    while (from < to && (src->markdown[from] == '\n' || src->markdown[from] == '\r'))
        from++;
    while (to > from && (src->markdown[to - 1] == '\n' || src->markdown[to - 1] == '\r'))
        to--;
    if (to > from)
        add_block(b, RENDER_B_PROSE)->text = rt_sprintf("%s\n", rt_strndup(src->markdown + from, to - from));
}

/* Where the fence line before a block's contents starts. */
static uint32_t fence_before(const Source *src, SourceBlock blk)
{
    uint32_t at = blk.start;
    if (at > 0)
        at--;                    /* the fence's own line break */
    while (at > 0 && src->markdown[at - 1] != '\n')
        at--;
    return at;
}

/* Where the text after a block's closing fence starts (the end, for a block left open). */
static uint32_t fence_after(const Source *src, SourceBlock blk)
{
    const char *nl = blk.end < src->len ? memchr(src->markdown + blk.end, '\n', src->len - blk.end) : NULL;
    return nl ? (uint32_t)(nl - src->markdown) + 1 : (uint32_t)src->len;
}

/* A literate charter: its prose as written, each ```charte block, fences included, replaced by what it declares. */
static void literate_document(Builder *b)
{
    const Source *src = b->main->src;
    uint32_t at = 0;
    bool header_done = false;
    /* Items and blocks both run in the text's order: each block's items start at the first that
    ** does not end before it (a pass over every item at each block cost the square of a charter
    ** written as one block an article: 32 000 of them, 2.2 s of render). */
    int from = 0;
    for (int k = 0; k < src->nblocks; k++) {
        SourceBlock blk = src->blocks[k];
        prose(b, src, at, fence_before(src, blk));
        if (!header_done && b->main->title_span.start >= blk.start && b->main->title_span.start < blk.end) {
            header(b, false);
            add_block(b, RENDER_B_TOC);
            if (b->o->au != DATE_NONE)
                consolidated(b);
            header_done = true;
        }
        b->part = (Span){ blk.start, blk.end };
        int first = -1, last = -1;
        while (from < b->main->items.len && AST_AT(b->main->items, AstItem, from)->span.end <= blk.start)
            from++;
        for (int i = from; i < b->main->items.len; i++) {
            const AstItem *it = AST_AT(b->main->items, AstItem, i);
            if (it->span.start >= blk.end)
                break;
            item(b, it);
            if (in_part(b, it->span.start)) {
                first = first < 0 ? i : first;
                last = i;
            }
        }
        if (first >= 0)
            examples_annex(b, first, last + 1);
        at = fence_after(src, blk);
    }
    prose(b, src, at, (uint32_t)src->len);
}

RenderDoc *render_build(const Model *m, const RenderOptions *o)
{
    RenderDoc *d = RT_NEW(RenderDoc);
    d->english = o->english;
    Builder b = { .m = m, .o = o, .english = o->english, .main = m->main, .doc = d,
                  .part = { 0, (uint32_t)m->main->src->len } };
    const Source *src = m->main->src;
    b.rules_at = span_index(src, m->rules, m->nrules, sizeof *m->rules, offsetof(MRule, prov));
    b.scopes_at = span_index(src, m->scopes, m->nscopes, sizeof *m->scopes, offsetof(MScope, prov));
    b.families_at = span_index(src, m->families, m->nfamilies, sizeof *m->families, offsetof(MFamily, prov));
    b.publics_at = span_index(src, m->publics, m->npublics, sizeof *m->publics, offsetof(MPublic, prov));
    b.indicators_at = span_index(src, m->indicators, m->nindicators, sizeof *m->indicators, offsetof(MIndicator, prov));
    b.amendments_at = span_index(src, m->amendments, m->namendments, sizeof *m->amendments, offsetof(MAmendment, prov));
    index_amending(&b);
    b.scope_here = rt_alloc_atomic((size_t)m->nscopes + 1);
    memset(b.scope_here, 0, (size_t)m->nscopes + 1);
    b.first_child = rt_alloc_atomic(sizeof(int) * (size_t)(m->nscopes + 1));
    b.next_sibling = rt_alloc_atomic(sizeof(int) * (size_t)(m->nscopes + 1));
    memset(b.first_child, 0xff, sizeof(int) * (size_t)(m->nscopes + 1));
    memset(b.next_sibling, 0xff, sizeof(int) * (size_t)(m->nscopes + 1));
    d->title = clean(m->title ? m->title : TR(&b, "Charte sans titre", "Untitled charter"));
    if (o->au != DATE_NONE)
        d->title = rt_sprintf(TR(&b, "%s — texte consolidé au %s", "%s — consolidated text as of %s"), d->title, date_text(&b, o->au));
    d->toc_title = TR(&b, "Sommaire", "Contents");
    d->footer = TR(&b, "Texte produit par charte render à partir de la charte vérifiée ; en cas de doute, la charte fait foi.",
                   "Text produced by charte render from the checked charter; in case of doubt, the charter prevails.");
    if (m->main->src->markdown)
        literate_document(&b);
    else
        plain_document(&b);
    return d;
}

bool render_parse_format(const char *s, RenderFormat *out)
{
    if (strcmp(s, "md") == 0 || strcmp(s, "markdown") == 0)
        *out = RENDER_MD;
    else if (strcmp(s, "html") == 0)
        *out = RENDER_HTML;
    else
        return false;
    return true;
}

void render_write(const Model *m, const RenderOptions *o, FILE *out)
{
    RenderDoc *d = render_build(m, o);
    if (o->format == RENDER_HTML)
        render_html(d, out);
    else
        render_md(d, out);
}
