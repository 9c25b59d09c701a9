/* runtime/eval_participants.c: reading the rows of the participants table and judging eligibility and publics. */
#include "eval_impl.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "gc.h"
#include "idmap.h"
#include "num.h"
#include "utf8.h"

/* ---- participants ---------------------------------------------------------------------------- */

static const char *category_label(Value v)
{
    switch (v.kind) {
    case VAL_NULL:  return NULL;
    case VAL_BOOL:  return v.as.b ? "oui" : "non";
    case VAL_NUM:   return num_to_decimal(v.as.num, 2);
    case VAL_DATE:  return date_to_iso(v.as.date);
    case VAL_MONTH: return month_to_iso(v.as.month);
    case VAL_TEXT:  return v.as.text;
    }
    return NULL;
}

/* A participant's record and the run's two arrays of participants took a
** tenth of its cost: the records are cut from the run's arena, and the arrays
** are given room for PARTICIPANTS_PER_GROWTH more at a time. */
enum { PARTICIPANTS_PER_GROWTH = 64 };

/* The record of participant e->nparticipants, with its per-indicator labels
** and per-public and per-indicator bytes behind it, and room for it in
** e->participants and the hot array. Only this file appends participants. */
static EvalParticipant *new_participant(EvalRun *e)
{
    const Model *m = e->model;
    size_t labels = sizeof(const char *) * (size_t)(m->nindicators + 1);
    size_t bytes = (size_t)(m->npublics + 1) + (size_t)(m->nindicators + 1);
    int n = e->nparticipants;
    if (n % PARTICIPANTS_PER_GROWTH == 0) {
        RT_GROW(e->participants, n + PARTICIPANTS_PER_GROWTH - 1);
        RT_GROW_ATOMIC(e->state->hot, n + PARTICIPANTS_PER_GROWTH - 1);
    }
    EvalParticipant *p = rt_arena_alloc(&e->state->participants, sizeof(EvalParticipant) + labels + bytes,
                                        _Alignof(EvalParticipant));
    p->by_label = (const char **)(p + 1);
    p->publics = (unsigned char *)(p->by_label + m->nindicators + 1);
    p->where = p->publics + m->npublics + 1;
    return p;
}

/* What a participant's conditions are judged over: its row, at its entry
** date. In place, inlined in judge_participant: returning the subject by value
** cost as much as a third of the judging. The tree's memo of publics is
** cleared when the tree may read it (clear_memo). */
static inline void fill_subject(const EvalRun *e, const Value *values, EvalSubject *s, bool clear_memo)
{
    const Model *m = e->model;
    EvalState *st = e->state;
    const MStdColumns *sc = &m->std;
    *s = (EvalSubject){ .st = st, .m = m, .values = values, .birth = DATE_NONE, .entry = DATE_NONE, .age_months = -1 };
    if (sc->p_birth >= 0 && values[sc->p_birth].kind == VAL_DATE)
        s->birth = values[sc->p_birth].as.date;
    if (sc->p_entry >= 0 && values[sc->p_entry].kind == VAL_DATE)
        s->entry = values[sc->p_entry].as.date;
    /* One participant is judged at a time: the memo is the run's, cleared. */
    s->public_memo = st->public_memo;
    if (clear_memo)
        memset(s->public_memo, -1, (size_t)m->npublics + 1);
    s->public_values = st->public_values;
}

EvalSubject eval_participants_subject(const EvalRun *e, const Value *values)
{
    EvalSubject s;
    fill_subject(e, values, &s, true);
    return s;
}

/* Every condition through the run's program (eval_judge.c), which gives what
** the tree gives at a small part of its cost. */
static void judge_participant(EvalRun *e, EvalParticipant *p, const DataRow *row)
{
    const Model *m = e->model;
    EvalState *st = e->state;
    const Value *values = row->values;
    EvalSubject s;
    fill_subject(e, values, &s, eval_judge_reads_tree(st->judge));
    s.info = row->info;
    p->entry = s.entry != DATE_NONE ? date_month(s.entry) : 0;
    EvalVerdict verdict = { .publics = p->publics, .where = p->where };
    eval_judge_participant(st->judge, &s, &verdict);
    p->eligible = verdict.eligible;
    for (int i = 0; i < m->nindicators; i++) {
        const MIndicator *ind = &m->indicators[i];
        if (ind->by_column >= 0 && ind->by_column < m->tables[M_TABLE_PARTICIPANTS].ncolumns) {
            const char *label = category_label(values[ind->by_column]);
            if (label) {
                IdMap *in = st->label_interns[i];
                if (!idmap_key(in, label, strlen(label)))
                    idmap_put(in, label, strlen(label), 0);
                p->by_label[i] = idmap_key(in, label, strlen(label));
            }
        }
    }
}

/* A row that contradicts itself cannot be judged: rejected, and its hour lines with it. */
static bool born_after_entry(const Model *m, const DataRow *row)
{
    const MStdColumns *sc = &m->std;
    const Value *v = row->values;
    return sc->p_birth >= 0 && sc->p_entry >= 0 && v[sc->p_birth].kind == VAL_DATE && v[sc->p_entry].kind == VAL_DATE
        && v[sc->p_birth].as.date > v[sc->p_entry].as.date;
}

/* The reason names the columns, never their values (a participant's attributes). */
static void reject_born_after_entry(EvalRun *e, const DataRow *row, const char *id, size_t len)
{
    eval_add_reject(e, M_TABLE_PARTICIPANTS, row->line,
                    say("date_naissance postérieure à date_entree", "date_naissance is after date_entree"));
    int seen;
    if (!idmap_get(e->state->participant_rejected, id, len, &seen))
        idmap_put(e->state->participant_rejected, id, len, (int)(row->line > 0x7fffffffL ? 0x7fffffffL : row->line));
}

static void reject_duplicate(EvalRun *e, const DataRow *row, int first)
{
    eval_add_reject(e, M_TABLE_PARTICIPANTS, row->line,
               say(rt_sprintf("participant en double (déjà lu ligne %ld)", e->participants[first]->line),
                   rt_sprintf("duplicate participant (already read on line %ld)", e->participants[first]->line)));
}

/* The ids' map doubled five times from 1 024 slots on medium's 20 000
** participants, each time hashing every id again: it is sized once from the
** CSV file's size, at one row per PARTICIPANT_ROW_BYTES (medium's rows have 70
** bytes; a shorter one lets the map grow as before). At most
** PARTICIPANTS_EXPECTED_MAX, so that a file of a few long rows costs no big map. */
enum { PARTICIPANT_ROW_BYTES = 64, PARTICIPANTS_EXPECTED_MAX = 1 << 18 };

void eval_participants_expect(EvalRun *e, const TableInfo *info)
{
    struct stat sb;
    if (info->format != TABLE_CSV || !info->path || stat(info->path, &sb) != 0 || sb.st_size <= 0)
        return;
    size_t rows = (size_t)sb.st_size / PARTICIPANT_ROW_BYTES;
    if (rows > PARTICIPANTS_EXPECTED_MAX)
        rows = PARTICIPANTS_EXPECTED_MAX;
    idmap_reserve(e->state->participant_ids, rows);
    /* and the two arrays of participants, which else double as the map did */
    RT_RESERVE(e->participants, rows);
    e->state->hot = rt_reserve(e->state->hot, rows, sizeof *e->state->hot, 1);
}

void eval_participants_add(EvalRun *e, const DataRow *row)
{
    const Model *m = e->model;
    EvalState *st = e->state;
    const char *id = row->values[m->std.p_id].as.text;
    size_t len = strlen(id);
    int first;
    if (born_after_entry(m, row)) {
        /* a duplicate is said as such first */
        if (idmap_get(st->participant_ids, id, len, &first))
            reject_duplicate(e, row, first);
        else
            reject_born_after_entry(e, row, id, len);
        return;
    }
    /* the id is taken here, before judging: one lookup for the duplicate and the entry */
    first = idmap_add(st->participant_ids, id, len, e->nparticipants);
    if (first >= 0) {
        reject_duplicate(e, row, first);
        return;
    }
    EvalParticipant *p = new_participant(e);
    p->line = row->line;
    judge_participant(e, p, row);
    st->hot[e->nparticipants] = (EvalHotParticipant){ .entry = p->entry, .eligible = p->eligible };
    e->participants[e->nparticipants++] = p;
    if (p->eligible)
        e->counts[M_TABLE_PARTICIPANTS].counted++;
    else
        eval_not_counted(e, M_TABLE_PARTICIPANTS, EVAL_R_PARTICIPANT_NOT_ELIGIBLE);
}
