/* lang/checker.c: helpers every pass of the checker shares: reports, suggestions, namespaces, provenance, literals. */
#include "checker.h"

#include "date.h"
#include "gc.h"
#include "num.h"
#include "parse.h"
#include "utf8.h"

#include <string.h>
#include <strings.h>

CheckerDecl *checker_decls_push(CheckerDecls *l, AstDecl *d, CheckerSite site)
{
    RT_GROW(l->items, l->len);
    CheckerDecl *cd = &l->items[l->len++];
    cd->decl = d;
    cd->site = site;
    cd->roles = NULL;
    /* Counted here, where the declaration is at hand: counted later, it was
    ** one more pass over 25 000 declarations scattered in memory. */
    l->lines += d->kind == AST_D_TABLE ? d->extra->rows.len : 1;
    return cd;
}

int checker_decls_lines(const CheckerDecls *l)
{
    return l->lines;
}

/* ---- reports -------------------------------------------------------------------------- */

Source *checker_src(const Checker *ck, int module)
{
    return ck->modules[module].ast->src;
}

/* After a syntax error, the lines that did not parse declared nothing: what
** says that something is missing (a name, a rule, the governance, a column) or
** unused may only echo that error, and is left for the run after the fix. */
static bool checker_may_echo_syntax_error(const char *code)
{
    static const char *const absences[] = {
        "C0201", "C0203", "C0405", "C0406", "C0409", "C0410", "C0450", "C0501", "C0503", "C0505",
        "C0608", "C0612", "C0614",
    };
    for (size_t i = 0; i < sizeof absences / sizeof absences[0]; i++)
        if (strcmp(code, absences[i]) == 0)
            return true;
    return false;
}

Diag *checker_report_at(Checker *ck, DiagSeverity sev, const char *code, Source *src, Span span, Say msg)
{
    if (ck->syntax_errors && checker_may_echo_syntax_error(code))
        return NULL;
    return diag_add(ck->dl, sev, code, src, span, msg);
}

Diag *checker_report(Checker *ck, DiagSeverity sev, const char *code, int module, Span span, Say msg)
{
    return checker_report_at(ck, sev, code, module >= 0 ? checker_src(ck, module) : NULL, span, msg);
}

void checker_note(Diag *d, Source *src, Span span, Say msg)
{
    if (d)
        diag_note(d, src, span, msg);
}

const char *checker_word(const Checker *ck, VocabId id)
{
    return vocab_in(id, ck->english);
}

const char *checker_words(const Checker *ck, VocabId first, VocabId second)
{
    return rt_sprintf("%s %s", checker_word(ck, first), checker_word(ck, second));
}


/* ---- suggestions ---------------------------------------------------------------------- */

typedef struct Best {
    const char *name;
    int dist;
    const char *wanted_key;  /* the key of the name looked for (utf8_key), made once for every candidate */
    const char *wanted_full; /* that key with its abbreviations written in full, or NULL */
} Best;

/* French place names abbreviate a few words (« St-Aubin », « Gde Rue », « Bd Michelet »),
** and a scope or a quartier is often named after one: `st_aubin` for `saint_aubin` is five
** edits, too far for the edit distance, but one name once the word is written in full. */
static const char *const CHECKER_ABBREVIATIONS[][2] = {
    { "st", "saint" }, { "ste", "sainte" }, { "sts", "saints" }, { "stes", "saintes" },
    { "gd", "grand" }, { "gde", "grande" }, { "gds", "grands" }, { "gdes", "grandes" },
    { "bd", "boulevard" }, { "av", "avenue" }, { "fg", "faubourg" },
};

static bool is_word_separator(char c)
{
    return c == '_' || c == '-' || c == '\'' || c == ' ';
}

static const char *abbreviation_in_full(const char *word, size_t n)
{
    for (size_t i = 0; i < sizeof CHECKER_ABBREVIATIONS / sizeof CHECKER_ABBREVIATIONS[0]; i++)
        if (strlen(CHECKER_ABBREVIATIONS[i][0]) == n && strncasecmp(word, CHECKER_ABBREVIATIONS[i][0], n) == 0)
            return CHECKER_ABBREVIATIONS[i][1];
    return NULL;
}

/* The key of name with each abbreviated word written in full; NULL when it has none. */
static const char *key_in_full(const char *name)
{
    char *out = rt_strndup("", 0);
    bool any = false;
    for (const char *p = name; *p;) {
        size_t n = 0;
        while (p[n] && !is_word_separator(p[n]))
            n++;
        const char *full = abbreviation_in_full(p, n);
        any |= full != NULL;
        out = rt_sprintf("%s%s%.*s", out, full ? full : "", full ? 0 : (int)n, p);
        p += n;
        if (*p)
            out = rt_sprintf("%s%c", out, *p++);
    }
    return any ? utf8_key(out, strlen(out)) : NULL;
}

static Best best_for(const char *name)
{
    Best best = { NULL, 0, utf8_key(name, strlen(name)), key_in_full(name) };
    return best;
}

/* Within two edits, and the edits do not replace the whole name ("a" is not a
** suggestion for "b"); -1 otherwise. Equal keys (case, accents, '_') are 0 edits. */
static int distance_within_two(const char *name, const char *name_key, const char *cand, const char *cand_key)
{
    int d = strcmp(name_key, cand_key) == 0 ? 0 : utf8_edit_distance(name, cand, 2);
    return d > 2 || (size_t)d >= utf8_count(name, strlen(name)) ? -1 : d;
}

/* A candidate counts when it is within two edits of the name. One that differs only in
** case, accents or '_' (« GBM » for gbm: three edits) comes first, whatever its length.
** Failing that, it counts when it is within two edits once the abbreviations of either
** are written in full (st_aubin, saint_aubin), after every candidate of the first kind. */
static void consider(Best *best, const char *name, const char *cand)
{
    if (!cand || strcmp(cand, name) == 0)
        return;
    const char *cand_key = utf8_key(cand, strlen(cand));
    int d = distance_within_two(name, best->wanted_key, cand, cand_key);
    if (d < 0) {
        const char *cand_full = key_in_full(cand);
        if (!best->wanted_full && !cand_full)
            return;
        const char *a = best->wanted_full ? best->wanted_full : best->wanted_key;
        const char *b = cand_full ? cand_full : cand_key;
        d = distance_within_two(a, a, b, b);
        if (d < 0)
            return;
        d += 3;
    }
    if (!best->name || d < best->dist || (d == best->dist && strcmp(cand, best->name) < 0)) {
        best->name = cand;
        best->dist = d;
    }
}

static const char *hint(const Best *best, bool english)
{
    if (!best->name)
        return "";
    return english ? rt_sprintf("; did you mean “%s”?", best->name)
                   : rt_sprintf(" ; vouliez-vous dire « %s » ?", best->name);
}

const char *checker_suggest_in_map(const IdMap *map, const char *name, bool english)
{
    Best best = best_for(name);
    for (size_t i = 0; i < idmap_slots(map); i++)
        consider(&best, name, idmap_key_at(map, i));
    return hint(&best, english);
}

const char *checker_nearest_in(const char *const *names, int n, const char *name)
{
    Best best = best_for(name);
    for (int i = 0; i < n; i++)
        consider(&best, name, names[i]);
    return best.name;
}

const char *checker_did_you_mean(const char *meant, bool english)
{
    Best best = { meant, 0, NULL, NULL };
    return hint(&best, english);
}

const char *checker_suggest_in(const char *const *names, int n, const char *name, bool english)
{
    return checker_did_you_mean(checker_nearest_in(names, n, name), english);
}

/* ---- names ------------------------------------------------------------------------------- */

int checker_lookup(const Checker *ck, CheckerKind kind, const char *name)
{
    return name ? idmap_index(&ck->names[kind], name) : -1;
}

void checker_prefetch_name(const Checker *ck, CheckerKind kind, const char *name)
{
    if (name)
        idmap_prefetch(&ck->names[kind], name, strlen(name));
}

const char *checker_kind_name(CheckerKind kind, bool english)
{
    static const char *const fr[] = { "périmètre", "catégorie", "famille", "public", "constante",
                                      "indicateur" };
    static const char *const en[] = { "scope", "category", "family", "public", "constant",
                                      "indicator" };
    return english ? en[kind] : fr[kind];
}

bool checker_declare(Checker *ck, CheckerKind kind, const char *name, int index, int module,
                     Span span)
{
    int first = idmap_add(&ck->names[kind], name, strlen(name), index);
    if (first >= 0) {
        Diag *d = checker_report(ck, DIAG_ERROR, "C0202", module, span,
            say(rt_sprintf("%s « %s » déjà déclaré%s", checker_kind_name(kind, false), name,
                           kind == CHECKER_CATEGORY || kind == CHECKER_FAMILY
                           || kind == CHECKER_CONSTANT ? "e" : ""),
                rt_sprintf("%s “%s” is already declared", checker_kind_name(kind, true), name)));
        CheckerPlace *p = &ck->places[kind][first];
        checker_note(d, p->src, p->span, say("première déclaration ici", "first declared here"));
        return false;
    }
    RT_GROW(ck->places[kind], index);
    ck->places[kind][index] = (CheckerPlace){ checker_src(ck, module), span };
    return true;
}

const char *checker_key(const char *s)
{
    return s ? utf8_key(s, strlen(s)) : "";
}

/* ---- provenance ------------------------------------------------------------------------------ */

Prov checker_prov(const Checker *ck, CheckerSite site, Span span)
{
    Prov p = { .src = checker_src(ck, site.module), .span = span };
    if (site.item) {
        bool amendment = site.item->kind == AST_ITEM_AMENDMENT;
        /* Built once per item: an article of 25 000 rows gives 25 000 Provs. */
        if (!site.item->label)
            site.item->label = rt_sprintf("%s %s", amendment ? "avenant" : "article",
                                          site.item->number ? site.item->number : "?");
        p.item = site.item->label;
        p.item_title = site.item->title;
        p.amendment = amendment;
    }
    return p;
}

const char *checker_site_label(const Checker *ck, CheckerSite site, bool english)
{
    Prov p = checker_prov(ck, site, (Span){ 0, 0 });
    return model_prov_label(&p, english);
}

bool checker_site_is_std(const Checker *ck, CheckerSite site)
{
    return ck->modules[site.module].std;
}

/* ---- values ------------------------------------------------------------------------------------ */

static const char *format_number(mpq_srcptr q, bool english)
{
    return num_to_reader(q, 2, english);
}

const char *checker_format_value(Value v, const Type *t, bool english)
{
    switch (v.kind) {
    case VAL_NULL:  return "?";
    case VAL_BOOL:  return v.as.b ? (english ? "yes" : "oui") : (english ? "no" : "non");
    case VAL_DATE:  return english ? date_to_iso(v.as.date) : date_to_french(v.as.date);
    case VAL_MONTH: return english ? month_to_iso(v.as.month) : month_to_french(v.as.month);
    case VAL_TEXT:  return v.as.text;
    case VAL_NUM:   break;
    }
    if (!t || t->kind != TYPES_QUANTITY)
        return format_number(v.as.num, english);
    mpq_t x;
    mpq_init(x);
    mpq_set(x, v.as.num);
    if (t->percent && types_is_quantity(t, 0, 0, 0, 0, true)) {
        mpq_t hundred;
        mpq_init(hundred);
        mpq_set_ui(hundred, 100, 1);
        mpq_mul(x, x, hundred);
    }
    const char *unit = types_unit(t, english);
    const char *s = format_number(x, english);
    return *unit ? rt_sprintf("%s %s", s, unit) : s;
}

static const Type *unit_type(LexUnit u)
{
    switch (u) {
    case LEX_UNIT_NONE:         return types_number();
    case LEX_UNIT_PERCENT:      return types_percent();
    case LEX_UNIT_EUR:          return types_amount();
    case LEX_UNIT_HOUR:         return types_hours();
    case LEX_UNIT_EUR_PER_HOUR: return types_hourly_cost();
    case LEX_UNIT_DAY:
    case LEX_UNIT_WEEK:         return types_days();
    case LEX_UNIT_MONTH:
    case LEX_UNIT_YEAR:         return types_months();
    }
    return types_number();
}

/* Durations keep one unit per dimension: years are counted in months and
** weeks in days, so that 2 ans = 24 mois and 2 semaines = 14 jours. */
static long unit_scale_num(LexUnit u)
{
    switch (u) {
    case LEX_UNIT_WEEK: return 7;
    case LEX_UNIT_YEAR: return 12;
    default:            return 1;
    }
}

/* The literals of a charter are short ("80", "40 000", "12,5"): read as a
** 64-bit scaled integer, with the unit applied to it, they need no GMP
** parsing nor division. Anything else (a long number, a bad grouping, a
** result that would not fit) is left to num_parse, which decides and words
** the error: this reads exactly the texts it accepts, to the same value. */
static bool literal_scaled(const char *text, LexUnit u, NumScaled *out)
{
    char plain[NUM_SCALED_MAX_DIGITS + 2];
    size_t n = 0, group = 0, groups = 0;
    const char *p = text;
    for (;; p++) {
        if (*p >= '0' && *p <= '9') {
            if (n == sizeof plain)
                return false;
            plain[n++] = *p;
            group++;
            continue;
        }
        const unsigned char *b = (const unsigned char *)p;
        size_t sep = b[0] == ' ' ? 1 : b[0] == 0xC2 && b[1] == 0xA0 ? 2
                   : b[0] == 0xE2 && b[1] == 0x80 && b[2] == 0xAF ? 3 : 0;
        if (sep == 0)
            break;
        if (groups == 0 ? group == 0 || group > 3 : group != 3)
            return false;
        groups++, group = 0;
        p += sep - 1;
    }
    if (groups > 0 && group != 3)
        return false;
    if (*p == ',' || *p == '.') {
        if (n == sizeof plain)
            return false;
        plain[n++] = *p++;
        while (*p >= '0' && *p <= '9' && n < sizeof plain)
            plain[n++] = *p++;
    }
    if (*p != '\0' || !num_scaled_parse(plain, n, out))
        return false;
    if (u == LEX_UNIT_PERCENT)
        out->scale += 2;
    else if (unit_scale_num(u) != 1) {
        if (out->mant > INT64_MAX / unit_scale_num(u))
            return false;
        out->mant *= unit_scale_num(u);
    }
    return out->scale <= NUM_SCALED_MAX_DIGITS;
}

/* One rational per distinct value: a charter writes the same few figures
** over and over (80 %, 25 €/h on each of 25 000 families), and a value once
** shared is never mutated (base/value.h). Each literal had its own rational
** and limbs: three allocations. */
static mpq_ptr literal_value(Checker *ck, NumScaled x)
{
    char key[sizeof x.mant + sizeof x.scale];
    memcpy(key, &x.mant, sizeof x.mant);
    memcpy(key + sizeof x.mant, &x.scale, sizeof x.scale);
    int i;
    if (idmap_get(&ck->literals, key, sizeof key, &i))
        return ck->literal_values[i];
    mpq_ptr q = val_new_num();
    num_scaled_to_mpq(q, x);
    RT_GROW(ck->literal_values, ck->nliterals);
    ck->literal_values[ck->nliterals] = q;
    idmap_put(&ck->literals, key, sizeof key, ck->nliterals++);
    return q;
}

void checker_view_num(mpq_ptr dst, mpq_srcptr v)
{
    /* Two allocations and a copy fewer for each of the 100 000 figures of
    ** a charter of 50 000 lines (mpq_init, then mpq_set's limbs). */
    static const mp_limb_t one = 1;
    if (!v) {
        mpz_roinit_n(mpq_numref(dst), NULL, 0);
        mpz_roinit_n(mpq_denref(dst), &one, 1);
        return;
    }
    mpz_srcptr num = mpq_numref(v), den = mpq_denref(v);
    mp_size_t n = (mp_size_t)mpz_size(num);
    mpz_roinit_n(mpq_numref(dst), mpz_limbs_read(num), mpz_sgn(num) < 0 ? -n : n);
    mpz_roinit_n(mpq_denref(dst), mpz_limbs_read(den), (mp_size_t)mpz_size(den));
}

static bool literal_is(AstExpr *e, mpq_ptr q, LexUnit u)
{
    e->value = (Value){ .kind = VAL_NUM, .as.num = q };
    e->is_constant = true;
    e->type = unit_type(u);
    return true;
}

/* The slot of ck->literals_seen for a short literal's text and unit. */
static size_t literal_seen_slot(const Checker *ck, const char *text, size_t len, LexUnit u)
{
    size_t h = len * 31u + (unsigned char)text[0] * 7u + (unsigned char)text[len / 2] * 3u
             + (unsigned char)text[len - 1] + (size_t)u * 13u;
    return h % (sizeof ck->literals_seen / sizeof ck->literals_seen[0]);
}

bool checker_number_literal(Checker *ck, int module, AstExpr *e)
{
    const char *text = e->u.num.text ? e->u.num.text : "";
    LexUnit u = e->u.num.unit;
    size_t len = strlen(text);
    CheckerLiteralSeen *seen = len > 0 && len < sizeof seen->text
                             ? &ck->literals_seen[literal_seen_slot(ck, text, len, u)] : NULL;
    if (seen && seen->value && seen->unit == u && memcmp(seen->text, text, len + 1) == 0)
        return literal_is(e, seen->value, u);
    NumScaled fast;
    if (literal_scaled(text, u, &fast)) {
        mpq_ptr q = literal_value(ck, fast);
        if (seen) {
            memcpy(seen->text, text, len + 1);
            seen->unit = u;
            seen->value = q;
        }
        return literal_is(e, q, u);
    }
    mpq_ptr q = val_new_num();
    NumStatus st = num_parse(q, text, strlen(text));
    if (st != NUM_OK) {
        /* Past the scanner's limit the literal has its error already (C0705): one a literal. */
        if (strlen(text) <= PARSE_MAX_NUMBER_CHARS)
            checker_report(ck, DIAG_ERROR, "C0309", module, e->span,
                           say(rt_sprintf("nombre invalide « %s » : %s", text, num_status_message(st, false)),
                               rt_sprintf("invalid number “%s”: %s", text, num_status_message(st, true))));
        e->type = types_error();
        return false;
    }
    if (u == LEX_UNIT_PERCENT) {
        mpq_t hundred;
        mpq_init(hundred);
        mpq_set_ui(hundred, 100, 1);
        mpq_div(q, q, hundred);
    } else if (unit_scale_num(u) != 1) {
        mpq_t k;
        mpq_init(k);
        mpq_set_si(k, unit_scale_num(u), 1);
        mpq_mul(q, q, k);
    }
    return literal_is(e, q, u);
}

AstExpr *checker_cell(const AstRow *row, const int *roles, int n, CheckerRole role)
{
    if (n > row->cells.len)
        n = row->cells.len;
    for (int i = 0; i < n; i++)
        if (roles[i] == (int)role)
            return AST_AT(row->cells, AstExpr, i);
    return NULL;
}

const char *checker_cell_name(const AstExpr *e)
{
    return e && (e->kind == AST_E_NAME || e->kind == AST_E_STRING) ? e->u.text : NULL;
}
