/* lang/check.c: check_program: runs the checker's passes in order over the loaded modules and returns the Model when nothing is wrong. */
#include "check.h"

#include "accept.h"
#include "checker.h"
#include "counting.h"
#include "declare.h"
#include "examples.h"
#include "expr.h"
#include "families.h"
#include "gc.h"
#include "governance.h"
#include "module.h"
#include "parse.h"
#include "rules.h"
#include "schema.h"
#include "scopes.h"

#include <string.h>

/* The main charter's header says what the Model says of the whole program. */
static void model_header(Checker *ck)
{
    Model *m = ck->m;
    AstCharter *c = m->main;
    m->title = c->title;
    m->valid_from = c->valid_from && c->valid_from->value.kind == VAL_DATE
                    ? c->valid_from->value.as.date : DATE_NONE;
    m->valid_to = c->valid_to && c->valid_to->value.kind == VAL_DATE
                  ? c->valid_to->value.as.date : DATE_NONE;
}

/* The passes that build the tree and the model: they keep what they allocate. */
static Checker *check_build(Source *src, DiagList *dl, const CheckOptions *opts)
{
    Checker *ck = RT_NEW(Checker);
    ck->dl = dl;
    ck->english = opts && opts->english;
    ck->errors_at_start = dl->errors;
    ck->diags_at_start = dl->len;
    ck->m = RT_NEW(Model);
    if (opts && opts->partial)
        *opts->partial = ck->m;
    /* A Markdown document without a ```charte block holds no rule at all: say that,
    ** rather than the parser's "unexpected end of file" on a page of blanks;
    ** unless its lines end with a lone CR, where no block could be found. */
    if (src->markdown && src->nblocks == 0) {
        if (parse_lone_cr(src, src->markdown, src->len, dl))
            return NULL;
        diag_add(dl, DIAG_ERROR, "C0900", src, (Span){ 0, 0 },
                 say("aucun bloc ```charte dans ce document : une charte littéraire écrit ses règles dans des "
                     "blocs de code marqués charte (```charte … ```)",
                     "no ```charte block in this document: a literate charter writes its rules in code blocks "
                     "marked charte (```charte … ```)"));
        return NULL;
    }
    if (!module_load_all(ck, src))
        return NULL;
    /* Order matters: each pass resolves names that the passes before it declared. */
    declare_all(ck);
    model_header(ck);
    schema_check(ck);
    expr_declare(ck);
    scopes_check(ck);
    families_check(ck);
    expr_check_all(ck);
    rules_check(ck);
    counting_check(ck);
    governance_check(ck);
    return ck;
}

Model *check_program(Source *src, DiagList *dl, const CheckOptions *opts)
{
    /* A checked charter keeps up to about 16 bytes of tree and model per
    ** byte of text (the charter of 50 000 lines, made of families and
    ** targets, 11: 40 MB of the 58 MB asked; the AMP charter 0.7 MB). */
    rt_keeping_begin(src->len * 16);
    Checker *ck = check_build(src, dl, opts);
    rt_keeping_end();
    if (!ck)
        return NULL;
    /* Outside the keeping phase: the examples run the evaluator, whose
    ** temporaries (one example may have many hour lines) are the collector's. */
    examples_check(ck);
    expr_report_unused(ck);
    /* Last: it judges every warning the passes above made. */
    accept_apply(ck, ck->diags_at_start);
    return dl->errors == ck->errors_at_start ? ck->m : NULL;
}
