/* runtime/data_impl.h: what the data table's files (runtime/data*.c) share: the table being typed and its plan; no other module includes it. */
#ifndef CHARTE_DATA_IMPL_H
#define CHARTE_DATA_IMPL_H

#include "data.h"

#include "gc.h"
#include "idmap.h"

#include <stdint.h>

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
    DATA_STEP_SLOW,          /* no fast form (rates): parse_trimmed */
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
    const char ***normalised;  /* per schema column: the spellings read case- and accent-blind, as listed */
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

/* data_header.c: the file's header matched to the schema's columns (t->file_col); false, with every
** problem in err, when it cannot be. */
bool data_header_match(DataTable *t, DataError *err);

#endif
