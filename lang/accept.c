/* lang/accept.c: accepted warnings: checks each `avertissement accepté` line and marks the warnings it accepts, then says the acceptances that accepted nothing. */
#include "accept.h"

#include "diag_rules.h"
#include "gc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* One acceptance line, checked. */
typedef struct Acceptance {
    const CheckerDecl *cd;
    Source *src;
    DiagAcceptance said;
    bool used;
} Acceptance;

/* The codes of acceptances themselves: accepting one would hide the state of the others. */
static bool accept_is_own_code(const char *code)
{
    return !strcmp(code, "C0470") || !strcmp(code, "C0471") || !strcmp(code, "C0472");
}

static bool blank(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\t')
            return false;
    return true;
}

/* C0470 when the line cannot stand: its code is no warning, or it gives no reason. */
static bool acceptance_valid(Checker *ck, const CheckerDecl *cd)
{
    const AstDecl *d = cd->decl;
    const char *code = d->name;
    const DiagRule *rule = diag_rules_find(code);
    Span at = d->name_span;
    Say why;
    if (!rule)
        why = SAYF(("%s n'est pas un code de diagnostic : seul un avertissement s'accepte, sous son code "
                    "(C0432…)", say_q_fr(code)),
                   ("%s is not a diagnostic code: only a warning can be accepted, by its code (C0432…)",
                    say_q_en(code)));
    else if (rule->severity == DIAG_ERROR)
        why = SAYF(("%s est une erreur, pas un avertissement : une erreur ne s'accepte pas, elle se corrige", code),
                   ("%s is an error, not a warning: an error is not accepted, it is fixed", code));
    else if (rule->severity == DIAG_NOTE)
        why = SAYF(("%s est une note, pas un avertissement : elle ne fait échouer aucune vérification", code),
                   ("%s is a note, not a warning: it fails no check", code));
    else if (accept_is_own_code(code))
        why = SAYF(("%s dit l'état des acceptations elles-mêmes et ne s'accepte pas : corrigez la ligne qu'il "
                    "désigne", code),
                   ("%s tells the state of the acceptances themselves and cannot be accepted: fix the line "
                    "it points to", code));
    else if (blank(d->extra->title)) {
        at = d->extra->title_span;
        why = say("la raison est vide : une acceptation dit pourquoi l'avertissement est voulu",
                  "the reason is empty: an acceptance says why the warning is intended");
    } else
        return true;
    checker_report(ck, DIAG_ERROR, "C0470", cd->site.module, at, why);
    return false;
}

/* C0472: the same code accepted earlier in the same article or amendment. The declare pass
** keeps each item's lines together, so only the last ones kept can be of the same item. */
static bool acceptance_repeated(Checker *ck, const Acceptance *kept, int n, const CheckerDecl *cd)
{
    for (int i = n - 1; i >= 0 && kept[i].cd->site.item == cd->site.item; i--) {
        const CheckerDecl *o = kept[i].cd;
        if (strcmp(o->decl->name, cd->decl->name) != 0)
            continue;
        Diag *d = checker_report(ck, DIAG_WARNING, "C0472", cd->site.module, cd->decl->name_span,
            SAYF(("%s est déjà accepté dans l'%s : une acceptation par code suffit", cd->decl->name,
                  checker_site_label(ck, cd->site, false)),
                 ("%s is already accepted in %s: one acceptance per code is enough", cd->decl->name,
                  checker_site_label(ck, cd->site, true))));
        checker_note(d, kept[i].src, o->decl->span, say("la première acceptation", "the first acceptance"));
        return true;
    }
    return false;
}

static Acceptance acceptance_of(Checker *ck, const CheckerDecl *cd)
{
    const AstDecl *d = cd->decl;
    Acceptance a = { .cd = cd, .src = checker_src(ck, cd->site.module) };
    a.said.src = a.src;
    a.said.span = d->span;
    a.said.reason = d->extra->title;
    a.said.said = SAYF(("avertissement accepté (%s) : %s", checker_site_label(ck, cd->site, false),
                        say_q_fr(d->extra->title)),
                       ("warning accepted (%s): %s", checker_site_label(ck, cd->site, true),
                        say_q_en(d->extra->title)));
    return a;
}

/* Acceptances in the order of their file, then of their article or amendment, so that the
** ones that may accept a warning are found by halving rather than by trying every one: a
** charter of 10 000 articles, each accepting its own warning, took 0.5 s of processor time
** trying them all, 0.11 s without acceptances. */
static uintptr_t acceptance_file(const Acceptance *a) { return (uintptr_t)a->src; }
static uint32_t acceptance_item(const Acceptance *a) { return a->cd->site.item->span.start; }

static int acceptance_order(const void *pa, const void *pb)
{
    const Acceptance *a = pa, *b = pb;
    if (acceptance_file(a) != acceptance_file(b))
        return acceptance_file(a) < acceptance_file(b) ? -1 : 1;
    return acceptance_item(a) < acceptance_item(b) ? -1 : acceptance_item(a) > acceptance_item(b);
}

/* The last acceptance at or before d's place in its file, or -1: the items of a file do not
** overlap, so only the acceptances of that one item can accept d. */
static int acceptance_before(const Acceptance *kept, int n, const Diag *d)
{
    int lo = 0, hi = n;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        const Acceptance *a = &kept[mid];
        bool before = acceptance_file(a) < (uintptr_t)d->src
                      || (acceptance_file(a) == (uintptr_t)d->src && acceptance_item(a) <= d->span.start);
        if (before)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo - 1;
}

/* The acceptance of d's code in the item that holds d's place, in d's file; NULL when none. */
static Acceptance *acceptance_of_warning(Acceptance *kept, int n, const Diag *d)
{
    for (int k = acceptance_before(kept, n, d); k >= 0; k--) {
        Acceptance *a = &kept[k];
        const AstItem *it = a->cd->site.item;
        if (a->src != d->src || d->span.start > it->span.end)
            return NULL;
        if (strcmp(d->code, a->cd->decl->name) == 0)
            return a;
    }
    return NULL;
}

static void accept_warnings(DiagList *dl, unsigned first, Acceptance *kept, int n)
{
    qsort(kept, (size_t)n, sizeof *kept, acceptance_order);
    for (unsigned i = first; i < dl->len; i++) {
        Diag *d = dl->items[i];
        if (d->severity != DIAG_WARNING || d->accepted || !d->src || !d->code)
            continue;
        Acceptance *a = acceptance_of_warning(kept, n, d);
        if (a) {
            a->used = true;
            diag_accept(dl, d, &a->said);
        }
    }
}

void accept_apply(Checker *ck, unsigned first)
{
    const CheckerDecls *l = &ck->decls[AST_D_AVERTISSEMENT_ACCEPTE];
    if (!l->len)
        return;
    Acceptance *kept = RT_NEW_ARRAY(Acceptance, (size_t)l->len);
    int n = 0;
    for (int i = 0; i < l->len; i++) {
        const CheckerDecl *cd = &l->items[i];
        if (acceptance_valid(ck, cd) && !acceptance_repeated(ck, kept, n, cd))
            kept[n++] = acceptance_of(ck, cd);
    }
    accept_warnings(ck->dl, first, kept, n);
    /* A pass stopped on an error may not have made the warning an acceptance waits for. */
    if (ck->dl->errors != ck->errors_at_start)
        return;
    for (int k = 0; k < n; k++) {
        const AstDecl *d = kept[k].cd->decl;
        if (!kept[k].used)
            checker_report(ck, DIAG_WARNING, "C0471", kept[k].cd->site.module, d->name_span,
                SAYF(("aucun avertissement %s dans l'%s : l'acceptation ne sert plus (la règle a-t-elle été "
                      "corrigée ?) ; retirez-la", d->name, checker_site_label(ck, kept[k].cd->site, false)),
                     ("no warning %s in %s: the acceptance is no longer needed (was the rule fixed?); "
                      "remove it", d->name, checker_site_label(ck, kept[k].cd->site, true))));
    }
}
