/* runtime/data_impl.h: what the data table's files (runtime/data*.c) share: the table being typed and its plan; no other module includes it. */
#ifndef CHARTE_DATA_IMPL_H
#define CHARTE_DATA_IMPL_H

#include "data.h"

#include "gc.h"
#include "idmap.h"

#include <stdint.h>
#include <string.h>

/* A choice cell as last written, and the index it was found at: a
** column's cells repeat (the same modality line after line). */
typedef struct DataLastName {
    char text[16];
    size_t len;              /* 0: none */
    int index;
    const char *id;          /* the id at index, and its length: the cell's Value and info */
    size_t id_len;
} DataLastName;

/* A choice column's codes found by their length and first byte
** (data_code_slot): a slot holds the first code that falls in it, or none
** (len 0). The closed list of a column (modalities, families…) mostly gets
** a slot per code; a cell whose slot holds another code goes through the
** column's map. */
enum { DATA_CODE_SLOTS = 64 };
typedef struct DataCode {
    const char *id;          /* the code, as the model lists it */
    size_t len;              /* 0: no code */
    int index;
} DataCode;

/* How a column's cells are typed, decided once per table from the column's
** type and its place in the file rather than cell by cell (data_next). */
typedef enum {
    DATA_STEP_SLOW,          /* no fast form (rates): data_parse_trimmed */
    DATA_STEP_BOOL,
    DATA_STEP_INT,
    DATA_STEP_TEXT,          /* id, text or reference */
    DATA_STEP_NAMED,         /* choice, family or scope */
    DATA_STEP_MONTH,
    DATA_STEP_DATE,
    DATA_STEP_NUMBER,
    DATA_STEP_QUANTITY,      /* amount or hours: not negative */
    DATA_STEP_HOURS,         /* heures.heures: strictly positive */
    DATA_STEP_HOURS_SCALED,  /* the same, without a rational (data_hours_scaled_only) */
} DataStepKind;

typedef struct DataStep {
    DataStepKind kind;
    int column;              /* schema column: the target slot in values and cell_info; the step's own index */
    int file_col;            /* the file's column, -1 when absent */
    const MColumn *col;
    int64_t int_lo, int_hi;  /* DATA_STEP_INT: the whole numbers its fast step accepts (int_step_bounds) */
} DataStep;

/* A code a part read case- and accent-blind, and how many times. */
typedef struct DataSpelling {
    int column, choice;
    const char *text;
    size_t len;
    long count;
} DataSpelling;

struct DataTable {
    const Model *model;
    int table;                 /* M_TABLE_… */
    const MTable *schema;
    int ncolumns;              /* the schema's */
    int id_file_col;           /* the file's column of the schema's id, -1 when none */
    TableReader *reader;
    const TableInfo *info;
    int *file_col;             /* per schema column: index among the file's columns, -1 absent */
    DataStep *plan;            /* per schema column, in order: how its cells are typed */
    int nfast;                 /* the plan's first steps whose column the file has */
    bool hour_plan;            /* the plan is data_hour_plan's five steps, all in the file: hour_row's */
    bool hour_in_order;        /* and the file's first five columns, in the plan's order: hour_row_in_order's */
    Value *values;             /* the current row, one per schema column */
    mpq_ptr *scratch;          /* per schema column: the rational its numbers are read into */
    DataCellInfo *cell_info;   /* the current row, beside values */
    IdMap **named;             /* per choice, family or scope column: id -> index; NULL for others */
    DataLastName *last_named;  /* per column: the last cell found in named, and its index */
    DataCode **codes;          /* per choice, family or scope column: DATA_CODE_SLOTS codes; NULL for others */
    int hours_col;             /* heures.heures, which must be > 0; -1 in other tables */
    bool hours_scaled_only;    /* data_hours_scaled_only: no rational for a scaled hours cell */
    Say *notes;
    int nnotes;
    /* What reading changed in the values, said once in notes at the end. */
    bool *late_time;           /* per schema column: a date with a time other than midnight was seen */
    Say **normalised;          /* per schema column: the spellings read case- and accent-blind, as listed */
    int *nnormalised;
    long *normalised_more;     /* per schema column: further spellings, beyond the listed ones */
    bool values_noted;
    /* A part (one thread's reader of slices, data_part_new): the table it
    ** reads for, and the spellings it met, said to that table in order when
    ** merged (the table's own list and memory are not touched from a thread). */
    struct DataTable *main;
    DataSpelling *spellings;
    int nspellings;
    IdMap **met;               /* per schema column: spelling -> index in spellings */
};

static inline void data_add_note(DataTable *t, Say note)
{
    RT_GROW(t->notes, t->nnotes);
    t->notes[t->nnotes++] = note;
}

static inline const char *data_file_name(const TableInfo *info)
{
    return info->file ? info->file : info->path;
}

/* ---- cells' fast forms: inlined in the rows' fast path (data.c) and the general typing (data_value.c) ---- */

static inline bool data_is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

static inline void data_trim(const char **s, size_t *n)
{
    if (*n > 0 && !data_is_blank((*s)[0]) && !data_is_blank((*s)[*n - 1]))
        return;
    while (*n > 0 && data_is_blank(**s)) {
        (*s)++;
        (*n)--;
    }
    while (*n > 0 && data_is_blank((*s)[*n - 1]))
        (*n)--;
}

static inline bool data_is_ascii(const char *s, size_t n)
{
    const uint64_t high = UINT64_C(0x8080808080808080);
    uint64_t w;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        memcpy(&w, s + i, 8);
        if (w & high)
            return false;
    }
    if (n - i >= 4) {
        /* The last 4 to 7 bytes, in two loads that may overlap. */
        uint32_t a, b;
        memcpy(&a, s + i, 4);
        memcpy(&b, s + n - 4, 4);
        return ((a | b) & 0x80808080u) == 0;
    }
    for (; i < n; i++)
        if ((unsigned char)s[i] >= 0x80)
            return false;
    return true;
}

static inline const char *data_id_at(const char *const *ids, size_t stride, int i)
{
    return *(const char *const *)((const char *)ids + (size_t)i * stride);
}

/* The ids a choice, family or scope column takes, as parse_named reads them. */
static inline bool data_named_ids(const Model *m, const MColumn *col, const char *const **ids, int *count, size_t *stride)
{
    switch (col->type) {
    case M_COL_CHOICE:
        *ids = col->choices;
        *count = col->nchoices;
        *stride = sizeof(const char *);
        return true;
    case M_COL_FAMILY:
        *ids = m->nfamilies ? &m->families[0].id : NULL;
        *count = m->nfamilies;
        *stride = sizeof(MFamily);
        return true;
    case M_COL_SCOPE:
        *ids = m->nscopes ? &m->scopes[0].id : NULL;
        *count = m->nscopes;
        *stride = sizeof(MScope);
        return true;
    default:
        return false;
    }
}

/* s[0..7) (the rest zero) and s[0..2) as little-endian words, without reading further
** (s[0..8): idmap_load64). */
static inline uint64_t data_load7(const char *s)
{
    uint32_t a, b;
    memcpy(&a, s, 4);
    memcpy(&b, s + 3, 4);
    return a | (uint64_t)b << 24;   /* byte 3 twice, the same */
}

static inline uint64_t data_load2(const char *s)
{
    uint16_t a;
    memcpy(&a, s, 2);
    return a;
}

/* Every byte of w where mask has 0xFF is an ASCII digit: a digit is
** 0x30-0x39, whose high nibble stays 3 when 6 is added (no carry crosses a
** byte once the first test holds). Every hour line has a month. */
static inline bool data_digits_at(uint64_t w, uint64_t mask)
{
    uint64_t hi = UINT64_C(0xF0F0F0F0F0F0F0F0) & mask, three = UINT64_C(0x3030303030303030) & mask,
             six = UINT64_C(0x0606060606060606) & mask;
    return (w & hi) == three && ((w + six) & hi) == three;
}

/* The digit at byte i of w (data_digits_at said it is one). */
static inline int data_digit(uint64_t w, int i)
{
    return (int)((w >> (8 * i)) & 0xF);
}

/* The number written by the 2 digits at byte i of w. */
static inline int data_two_digits(uint64_t w, int i)
{
    return data_digit(w, i) * 10 + data_digit(w, i + 1);
}

/* The two month forms of exports, 2024-03 and 03/2024 (7 bytes), read in
** place from w, their bytes as a word (the eighth byte not read); false for
** anything else, which month_parse then decides on. */
static inline __attribute__((always_inline)) bool data_month_fast_word(uint64_t w, Month *out)
{
    int y, mo;
    /* 2024-03: the dash as a whole byte, the digits as in data_digits_at */
    if ((w & UINT64_C(0x00F0F0FFF0F0F0F0)) == UINT64_C(0x0030302D30303030)
        && ((w + UINT64_C(0x0006060006060606)) & UINT64_C(0x00F0F000F0F0F0F0)) == UINT64_C(0x0030300030303030)) {
        /* Every pair of digits at once: byte k becomes digit k * 10 +
        ** digit k + 1 (at most 99: no carry), so bytes 0 and 2 are the
        ** year's pairs and byte 5 the month. */
        uint64_t d = w & UINT64_C(0x000F0F000F0F0F0F), pairs = d * 10 + (d >> 8);
        y = (int)((pairs & 0xFF) * 100 + ((pairs >> 16) & 0xFF));
        mo = (int)((pairs >> 40) & 0xFF);
    } else if ((w & UINT64_C(0x00F0F0F0F0FFF0F0)) == UINT64_C(0x00303030302F3030)
               && ((w + UINT64_C(0x0006060606000606)) & UINT64_C(0x00F0F0F0F000F0F0)) == UINT64_C(0x0030303030003030)) {
        /* 03/2024 (French exports): the same pairs, bytes 0, 3 and 5 */
        uint64_t d = w & UINT64_C(0x000F0F0F0F000F0F), pairs = d * 10 + (d >> 8);
        mo = (int)(pairs & 0xFF);
        y = (int)(((pairs >> 24) & 0xFF) * 100 + ((pairs >> 40) & 0xFF));
    } else {
        return false;
    }
    if (y < 1 || mo < 1 || mo > 12)
        return false;
    *out = month_make(y, mo);
    return true;
}

/* data_month_fast_word of s[0..7), read without going further; inline: every
** hour line has a month. Not one load of eight bytes though a table's
** cell has a NUL to read there: the reader has just written that NUL (a
** byte store), and a load that spans a pending smaller store waits for it
** to reach the cache (store forwarding fails): a third of data_next's time
** on medium (perf), for one load fewer (callgrind). */
static inline __attribute__((always_inline)) bool data_month_fast(const char *s, Month *out)
{
    return data_month_fast_word(data_load7(s), out);
}

/* 2024-03-31 and 31/03/2024 (10 bytes), read in place; false for anything
** else, which date_parse then decides on. The first 8 bytes and the last 2. */
static inline bool data_date_fast(const char *s, Date *out)
{
    uint64_t w = idmap_load64(s), tail = data_load2(s + 8);
    int y, mo, d;
    if (!data_digits_at(tail, 0xFFFF))
        return false;
    /* 2024-03-31: the dashes as whole bytes, the digits' pairs at once (data_month_fast_word) */
    if ((w & UINT64_C(0xFFF0F0FFF0F0F0F0)) == UINT64_C(0x2D30302D30303030)
        && ((w + UINT64_C(0x0006060006060606)) & UINT64_C(0x00F0F000F0F0F0F0)) == UINT64_C(0x0030300030303030)) {
        uint64_t dg = w & UINT64_C(0x000F0F000F0F0F0F), pairs = dg * 10 + (dg >> 8);
        y = (int)((pairs & 0xFF) * 100 + ((pairs >> 16) & 0xFF));
        mo = (int)((pairs >> 40) & 0xFF);
        d = data_two_digits(tail, 0);
    } else if (s[2] == '/' && s[5] == '/' && data_digits_at(w, UINT64_C(0xFFFF00FFFF00FFFF))) {
        d = data_two_digits(w, 0);
        mo = data_two_digits(w, 3);
        y = data_two_digits(w, 6) * 100 + data_two_digits(tail, 0);
    } else {
        return false;
    }
    return date_from_ymd(y, mo, d, out);
}

/* data_value.c: a cell's text as its column's value, the general way (out of line: the rows
** take it only for a cell the fast forms leave) */
extern const char *const data_units_euro[];
extern const char *const data_units_hour[];
bool data_scaled_before_unit(const char *s, size_t n, const char *const *units, NumScaled *out);
bool data_parse_trimmed(const Model *m, const MColumn *col, const char *s, size_t n, bool whole,
                        mpq_ptr scratch, Value *out, DataCellInfo *info, Say *why);

/* data_header.c: the file's header matched to the schema's columns (t->file_col); false, with every
** problem in err, when it cannot be. */
bool data_header_match(DataTable *t, DataError *err);

#endif
