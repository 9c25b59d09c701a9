/* lang/governance.c: steering committee, pilot structure and reporting rhythm, checked against the ANRU obligations. */
#include "governance.h"

#include "gc.h"
#include "scopes.h"

#include <string.h>

static const char *const periodicities[][2] = {
    { "mensuel", "monthly" }, { "trimestriel", "quarterly" },
    { "semestriel", "semiannual" }, { "annuel", "annual" },
};
#define NPERIODS GOVERNANCE_NRHYTHMS

const char *governance_rhythm(int i, bool english)
{
    return periodicities[i][english];
}

int governance_rhythm_of(const char *word)
{
    const char *k = checker_key(word);
    for (int i = 0; i < NPERIODS; i++)
        if (!strcmp(k, periodicities[i][0]) || !strcmp(k, periodicities[i][1]))
            return i;
    return -1;
}

static const char *canonical_period(const char *word)
{
    int i = governance_rhythm_of(word);
    return i < 0 ? NULL : periodicities[i][0];
}

static void committees(Checker *ck)
{
    MGovernance *g = &ck->m->gov;
    g->committee_scope = -1;
    CheckerDecls *l = &ck->decls[AST_D_COMMITTEE];
    for (int i = 0; i < l->len; i++) {
        CheckerDecl *cd = &l->items[i];
        AstDecl *d = cd->decl;
        int mi = cd->site.module;
        int scope = d->extra->parent ? scopes_resolve(ck, mi, d->extra->parent, d->extra->parent_span) : -1;
        if (i == 0) {
            g->committee = d->extra->title;
            g->committee_scope = scope;
            g->committee_prov = checker_prov(ck, cd->site, d->span);
        }
        if (d->extra->parent && scope < 0)
            continue;
        const MScope *s = scope >= 0 ? &ck->m->scopes[scope] : NULL;
        if (s && s->level == AST_LEVEL_INTERCOMMUNAL)
            continue;
        const char *level = s ? ast_level_name(s->level, ck->english) : NULL;
        Say where = s ? SAYF(("est à l'échelle %s (%s)", s->id, level), ("sits at %s (%s)", s->id, level))
                      : say("ne dit pas à quelle échelle il siège", "does not say at which scope it sits");
        checker_report(ck, DIAG_WARNING, "C0502", mi, d->extra->parent ? d->extra->parent_span : d->span,
            say(rt_sprintf("le comité de pilotage %s : l'ANRU attend des instances de pilotage à "
                           "l'échelle intercommunale (« %s ID », ID de niveau intercommunal)",
                           where.fr, checker_word(ck, VOCAB_A_L_ECHELLE)),
                rt_sprintf("the steering committee %s: ANRU expects steering bodies at the "
                           "intermunicipal level (“%s ID”, ID of intermunicipal level)",
                           where.en, checker_word(ck, VOCAB_A_L_ECHELLE))));
    }
}

static void pilots(Checker *ck)
{
    MGovernance *g = &ck->m->gov;
    CheckerDecls *l = &ck->decls[AST_D_PILOT];
    for (int i = 0; i < l->len; i++) {
        CheckerDecl *cd = &l->items[i];
        if (i == 0) {
            g->pilot = cd->decl->extra->title;
            g->pilot_prov = checker_prov(ck, cd->site, cd->decl->span);
            continue;
        }
        Diag *d = checker_report(ck, DIAG_ERROR, "C0504", cd->site.module, cd->decl->span,
            say(rt_sprintf("deuxième structure pilote « %s » : l'ANRU demande une seule structure "
                           "pilote désignée, ici déjà « %s »", cd->decl->extra->title, g->pilot),
                rt_sprintf("second pilot structure “%s”: ANRU requires one designated pilot structure, "
                           "here already “%s”", cd->decl->extra->title, g->pilot)));
        checker_note(d, g->pilot_prov.src, g->pilot_prov.span, say("la structure pilote désignée",
                         "the designated pilot structure"));
    }
}

static void reporting(Checker *ck)
{
    MGovernance *g = &ck->m->gov;
    CheckerDecls *l = &ck->decls[AST_D_REPORTING];
    for (int i = 0; i < l->len; i++) {
        CheckerDecl *cd = &l->items[i];
        AstDecl *d = cd->decl;
        int mi = cd->site.module;
        if (g->reporting) {
            Diag *diag = checker_report(ck, DIAG_ERROR, "C0507", mi, d->span,
                say(rt_sprintf("le rythme des bilans est déjà fixé (%s) : un seul « %s » par charte",
                               g->reporting, checker_word(ck, VOCAB_BILAN)),
                    rt_sprintf("the reporting rhythm is already set (%s): one “%s” per charter",
                               g->reporting, checker_word(ck, VOCAB_BILAN))));
            checker_note(diag, g->reporting_prov.src, g->reporting_prov.span,
                         say("première déclaration ici", "first declared here"));
            continue;
        }
        const char *period = d->name ? canonical_period(d->name) : NULL;
        if (!period) {
            const char *names[NPERIODS * 2];
            for (int k = 0; k < NPERIODS; k++) {
                names[2 * k] = periodicities[k][0];
                names[2 * k + 1] = periodicities[k][1];
            }
            const char *word = d->name ? d->name : "?";
            checker_report(ck, DIAG_ERROR, "C0506", mi, d->name_span,
                say(rt_sprintf("rythme de bilan inconnu « %s » (rythmes : mensuel, trimestriel, "
                               "semestriel, annuel)%s", word,
                               checker_suggest_in(names, NPERIODS * 2, word, false)),
                    rt_sprintf("unknown reporting rhythm “%s” (rhythms: monthly, quarterly, "
                               "semiannual, annual)%s", word,
                               checker_suggest_in(names, NPERIODS * 2, word, true))));
            continue;
        }
        g->reporting = period;
        g->reporting_prov = checker_prov(ck, cd->site, d->span);
    }
}

/* The national charter declares the national scope itself; it carries no
** local governance. */
static bool main_is_national(const Checker *ck)
{
    for (int i = 0; i < ck->m->nscopes; i++) {
        const MScope *s = &ck->m->scopes[i];
        if (s->level == AST_LEVEL_NATIONAL && s->prov.src == checker_src(ck, ck->main_module))
            return true;
    }
    return false;
}

static void obligations(Checker *ck)
{
    const MGovernance *g = &ck->m->gov;
    int mi = ck->main_module;
    Span title = ck->modules[mi].ast->title_span;
    if (!g->committee)
        checker_report(ck, DIAG_ERROR, "C0501", mi, title,
            say(rt_sprintf("la charte ne déclare pas de comité de pilotage : l'ANRU en exige un, à "
                           "l'échelle intercommunale (« %s « nom » %s ID »)",
                           checker_word(ck, VOCAB_COMITE),
                           checker_word(ck, VOCAB_A_L_ECHELLE)),
                rt_sprintf("the charter declares no steering committee: ANRU requires one, at the "
                           "intermunicipal level (“%s “name” %s ID”)",
                           checker_word(ck, VOCAB_COMITE),
                           checker_word(ck, VOCAB_A_L_ECHELLE))));
    if (!g->pilot)
        checker_report(ck, DIAG_ERROR, "C0503", mi, title,
            say(rt_sprintf("la charte ne désigne pas de structure pilote : l'ANRU en exige une "
                           "(« %s « nom » »)", checker_word(ck, VOCAB_STRUCTURE_PILOTE)),
                rt_sprintf("the charter designates no pilot structure: ANRU requires one (“%s "
                           "“name””)", checker_word(ck, VOCAB_STRUCTURE_PILOTE))));
    if (!g->reporting && ck->decls[AST_D_REPORTING].len == 0)
        checker_report(ck, DIAG_WARNING, "C0505", mi, title,
            say(rt_sprintf("la charte ne dit pas à quel rythme sont faits les bilans (« %s "
                           "semestriel », par exemple)", checker_word(ck, VOCAB_BILAN)),
                rt_sprintf("the charter does not say how often it reports (“%s semiannual”, for "
                           "instance)", checker_word(ck, VOCAB_BILAN))));
}

void governance_check(Checker *ck)
{
    committees(ck);
    pilots(ck);
    reporting(ck);
    if (!main_is_national(ck))
        obligations(ck);
}
