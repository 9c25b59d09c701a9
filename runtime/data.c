/* runtime/data.c: typing the raw rows of a data table against the charter's schema (rejections, rows, parts); a cell's general typing is data_value.c's, the header's matching data_header.c's. */
#include "data_impl.h"

#include "gc.h"
#include "headers.h"
#include "idmap.h"
#include "num.h"
#include "utf8.h"
#include "checker.h"

#include <stdint.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* The plan of anru's hour table, which hour_row types step by step:
** contract, participant, month, hours (scaled only), modality. */
enum { DATA_HOUR_STEPS = 5 };
static const DataStepKind data_hour_plan[DATA_HOUR_STEPS] = {
    DATA_STEP_TEXT, DATA_STEP_TEXT, DATA_STEP_MONTH, DATA_STEP_HOURS_SCALED, DATA_STEP_NAMED,
};

/* Spellings listed per column in a note, and remembered for the fast path. */
enum { DATA_MAX_LISTED = 12, DATA_MAX_REMEMBERED = 1000 };

/* ---- cells (the general way: data_value.c; the other fast forms: data_impl.h) ---------- */

/* true and false as exports write them (lower case, nothing around): one
** load of four bytes each; anything else is data_parse_bool's. */
static inline bool bool_fast(const char *s, size_t n, bool *out)
{
    if (n != 4 && n != 5)
        return false;
    uint32_t w, yes, no;
    memcpy(&w, s, 4);
    memcpy(&yes, "true", 4);
    memcpy(&no, "fals", 4);
    if (n == 4 && w == yes) {
        *out = true;
        return true;
    }
    if (n == 5 && w == no && s[4] == 'e') {
        *out = false;
        return true;
    }
    return false;
}

/* ---- rejection reasons -------------------------------------------------------------- */

/* A participant's values are personal: a reason names the column, never the value. */
static bool may_quote(const DataTable *t, const MColumn *col)
{
    if (col->personal || t->table == M_TABLE_PARTICIPANTS)
        return false;
    return !(col->type == M_COL_REF && col->ref_table == M_TABLE_PARTICIPANTS);
}

/* The value as a reason may quote it: at most 40 code points, control
** characters (C0, DEL and C1: U+009B is CSI to some terminals) shown as '?',
** so that a hostile cell cannot flood or garble the report in any format. */
static const char *quoted_value(const char *s, size_t n)
{
    enum { MAX_POINTS = 40 };
    char *out = rt_alloc_atomic(n + 8);
    size_t o = 0, points = 0;
    for (size_t i = 0; i < n;) {
        int32_t cp;
        size_t len = utf8_decode(s + i, n - i, &cp);
        if (points == MAX_POINTS) {
            memcpy(out + o, "…", 3);
            o += 3;
            break;
        }
        if (len == 0 || cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) {
            out[o++] = '?';
            i += len ? len : 1;
        } else {
            memcpy(out + o, s + i, len);
            o += len;
            i += len;
        }
        points++;
    }
    out[o] = '\0';
    return out;
}

static void reject_missing(const MColumn *col, DataRow *row)
{
    row->reason = SAYF(("colonne « %s » : valeur manquante", col->name), ("column %s: missing value", say_q_en(col->name)));
}

static void reject_invalid(const DataTable *t, const MColumn *col, const char *s, size_t n,
                           Say why, DataRow *row)
{
    if (may_quote(t, col)) {
        const char *v = quoted_value(s, n);
        row->reason = SAYF(("colonne « %s » : « %s » invalide ; %s", col->name, v, why.fr),
                           ("column %s: invalid value %s; %s", say_q_en(col->name), say_q_en(v), why.en));
    } else {
        row->reason = SAYF(("colonne « %s » : valeur invalide ; %s", col->name, why.fr),
                           ("column %s: invalid value; %s", say_q_en(col->name), why.en));
    }
}

/* heures.heures is "strictly positive" (docs/donnees.md): a line of 0 h is an input mistake. */
static bool hours_line_positive(const DataTable *t, int c)
{
    if (c != t->hours_col)
        return true;
    Value v = t->values[c];
    return v.kind != VAL_NUM || mpq_sgn(v.as.num) > 0;
}

/* ---- opening ------------------------------------------------------------------------ */

/* Choice, family and scope ids found by one hash lookup rather than a walk
** through the list (the first of equal ids wins, as in data_value.c's match_name). */
static IdMap *index_names(const Model *m, const MColumn *col)
{
    const char *const *ids;
    int count;
    size_t stride;
    if (!data_named_ids(m, col, &ids, &count, &stride))
        return NULL;
    IdMap *map = idmap_new((size_t)count);
    for (int i = 0; i < count; i++) {
        const char *id = data_id_at(ids, stride, i);
        int first;
        if (!idmap_get(map, id, strlen(id), &first))
            idmap_put(map, id, strlen(id), i);
    }
    return map;
}

static unsigned data_code_slot(const char *s, size_t n)
{
    return ((unsigned char)s[0] + (unsigned)n * 7) & (DATA_CODE_SLOTS - 1);
}

/* The slots of a column's codes (the first of equal ids wins, as in
** match_name: a slot keeps its first code). */
static DataCode *slot_codes(const Model *m, const MColumn *col)
{
    const char *const *ids;
    int count;
    size_t stride;
    if (!data_named_ids(m, col, &ids, &count, &stride))
        return NULL;
    DataCode *slots = RT_NEW_ARRAY(DataCode, DATA_CODE_SLOTS);
    for (int i = 0; i < count; i++) {
        const char *id = data_id_at(ids, stride, i);
        size_t n = strlen(id);
        if (n == 0)
            continue;
        DataCode *slot = &slots[data_code_slot(id, n)];
        if (slot->len == 0)
            *slot = (DataCode){ id, n, i };
    }
    return slots;
}

/* The step that types a column's cells. */
static DataStepKind step_kind(const DataTable *t, int c, const MColumn *col)
{
    switch (col->type) {
    case M_COL_BOOL:   return DATA_STEP_BOOL;
    case M_COL_INT:    return DATA_STEP_INT;
    case M_COL_ID:
    case M_COL_TEXT:
    case M_COL_REF:    return DATA_STEP_TEXT;
    case M_COL_CHOICE:
    case M_COL_FAMILY:
    case M_COL_SCOPE:  return t->named[c] ? DATA_STEP_NAMED : DATA_STEP_SLOW;
    case M_COL_MONTH:  return DATA_STEP_MONTH;
    case M_COL_DATE:   return DATA_STEP_DATE;
    case M_COL_NUMBER: return DATA_STEP_NUMBER;
    case M_COL_HOURS:
    case M_COL_AMOUNT:
        if (c != t->hours_col)
            return DATA_STEP_QUANTITY;
        return t->hours_scaled_only ? DATA_STEP_HOURS_SCALED : DATA_STEP_HOURS;
    default:           return DATA_STEP_SLOW;
    }
}

/* The info of a row's cells before any is read: fast_step leaves a cell's
** choice as it was for the kinds that have none, so it starts unknown. */
static DataCellInfo *new_cell_info(int n)
{
    DataCellInfo *info = rt_alloc_apart(sizeof(DataCellInfo) * (size_t)(n + 1), 0);   /* see data_part_new */
    for (int c = 0; c <= n; c++)
        info[c].choice = -1;
    return info;
}

/* A bound as a whole number of 64 bits; false when it is not one. */
static bool whole_bound(mpq_srcptr bound, int64_t *out)
{
    if (mpz_cmp_ui(mpq_denref(bound), 1) != 0 || !mpz_fits_slong_p(mpq_numref(bound)))
        return false;
    *out = mpz_get_si(mpq_numref(bound));
    return true;
}

/* The whole numbers an integer column's fast step accepts, worked out once:
** inside its declared bounds, or not negative without a lower one, as
** data_value.c's parse_int_cell accepts them; none (lo > hi) when a bound is not a whole
** number of 64 bits, which parse_int_cell then judges. */
static void int_step_bounds(DataStep *step)
{
    const MColumn *col = step->col;
    step->int_lo = 0;
    step->int_hi = INT64_MAX;
    if ((col->has_min && !whole_bound(col->min, &step->int_lo)) || (col->has_max && !whole_bound(col->max, &step->int_hi))) {
        step->int_lo = 1;
        step->int_hi = 0;
    }
}

static void make_plan(DataTable *t)
{
    int n = t->schema->ncolumns;
    t->ncolumns = n;
    t->id_file_col = t->schema->id_column >= 0 ? t->file_col[t->schema->id_column] : -1;
    t->plan = RT_NEW_ARRAY(DataStep, n + 1);
    for (int c = 0; c < n; c++) {
        const MColumn *col = &t->schema->columns[c];
        t->plan[c] = (DataStep){ step_kind(t, c, col), c, t->file_col[c], col, 0, 0 };
        if (t->plan[c].kind == DATA_STEP_INT)
            int_step_bounds(&t->plan[c]);
    }
    t->nfast = 0;
    while (t->nfast < n && t->plan[t->nfast].file_col >= 0)
        t->nfast++;
    t->hour_plan = n == DATA_HOUR_STEPS && t->nfast == n;
    for (int c = 0; c < n && t->hour_plan; c++)
        t->hour_plan = t->plan[c].kind == data_hour_plan[c];
    t->hour_in_order = t->hour_plan;
    for (int c = 0; c < n && t->hour_in_order; c++)
        t->hour_in_order = t->plan[c].file_col == c;
}

DataTable *data_open_reader(const Model *m, int table, TableReader *r, DataError *err)
{
    DataTable *t = RT_NEW(DataTable);
    t->model = m;
    t->table = table;
    t->schema = &m->tables[table];
    t->reader = r;
    t->info = table_info(r);
    int n = t->schema->ncolumns;
    t->file_col = rt_alloc_atomic(sizeof(int) * (size_t)(n + 1));
    t->values = RT_NEW_ARRAY(Value, n + 1);
    t->scratch = RT_NEW_ARRAY(mpq_ptr, n + 1);
    for (int c = 0; c < n; c++)
        t->scratch[c] = val_new_num();
    t->cell_info = new_cell_info(n);
    t->named = RT_NEW_ARRAY(IdMap *, n + 1);
    t->last_named = rt_alloc_atomic(sizeof *t->last_named * (size_t)(n + 1));
    t->codes = RT_NEW_ARRAY(DataCode *, n + 1);
    for (int c = 0; c < n; c++) {
        t->named[c] = index_names(m, &t->schema->columns[c]);
        t->codes[c] = t->named[c] ? slot_codes(m, &t->schema->columns[c]) : NULL;
    }
    t->hours_col = table == M_TABLE_HEURES ? m->std.h_hours : -1;
    t->late_time = rt_alloc_atomic((size_t)n + 1);
    memset(t->late_time, 0, (size_t)n + 1);
    t->normalised = RT_NEW_ARRAY(Say *, n + 1);
    t->nnormalised = RT_NEW_ARRAY(int, n + 1);
    t->normalised_more = RT_NEW_ARRAY(long, n + 1);
    memset(err, 0, sizeof *err);
    err->file = t->info->path ? t->info->path : data_file_name(t->info);
    if (!data_header_match(t, err)) {
        table_close(r);
        return NULL;
    }
    make_plan(t);
    return t;
}

DataTable *data_open(const Model *m, int table, const char *dir, DataError *err)
{
    return data_open_in(NULL, m, table, dir, err);
}

DataTable *data_open_in(TableBooks *books, const Model *m, int table, const char *dir, DataError *err)
{
    TableError te = { 0 };
    TableReader *r = table_open_in(books, dir, m->tables[table].name, &te);
    return data_open_opened(m, table, r, &te, err);
}

DataTable *data_open_opened(const Model *m, int table, TableReader *r, const TableError *te, DataError *err)
{
    if (!r) {
        memset(err, 0, sizeof *err);
        err->file = te->path;
        err->line = te->line;
        err->code = te->code;
        err->msg = te->msg;
        return NULL;
    }
    return data_open_reader(m, table, r, err);
}

bool data_table_present(const char *dir, const char *name)
{
    return table_present(dir, name);
}

bool data_table_present_in(TableBooks *books, const char *dir, const char *name)
{
    return table_present_in(books, dir, name);
}

bool data_table_carry_on(DataTable *t, const char *dir, const char *name)
{
    return t && table_carry_on_to(t->reader, dir, name);
}

bool data_tables_sheet_after(DataTable *const *tables, int n, const char *dir, const char *name)
{
    TableReader **readers = rt_alloc(sizeof *readers * (size_t)(n + 1));
    for (int i = 0; i < n; i++) {
        if (!tables[i])
            return false;
        readers[i] = tables[i]->reader;
    }
    return table_sheet_after(readers, n, dir, name);
}

const TableInfo *data_info(const DataTable *t) { return t->info; }
const MTable *data_schema(const DataTable *t) { return t->schema; }
TableTexts data_texts(const DataTable *t) { return table_texts(t->reader); }

const Say *data_notes(const DataTable *t, int *count)
{
    *count = t->nnotes;
    return t->notes;
}

/* ---- JSON numbers ------------------------------------------------------------------- */

static bool is_numeric(MColType t)
{
    return t == M_COL_INT || t == M_COL_AMOUNT || t == M_COL_HOURS || t == M_COL_NUMBER;
}

/* A JSON number with an exponent ("1.5e3") as the plain decimal it denotes
** ("1500"), exactly; NULL when s is not such a number. The exponent is
** bounded, so a hostile "1e999999999" cannot ask for a gigabyte of zeros. */
static const char *expand_exponent(const char *s, size_t n)
{
    enum { MAX_EXP = 200 };
    size_t i = 0;
    bool neg = i < n && s[i] == '-';
    i += neg;
    size_t int_start = i;
    while (i < n && s[i] >= '0' && s[i] <= '9')
        i++;
    size_t int_len = i - int_start;
    if (int_len == 0)
        return NULL;
    size_t frac_start = i, frac_len = 0;
    if (i < n && s[i] == '.') {
        frac_start = ++i;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++;
        frac_len = i - frac_start;
        if (frac_len == 0)
            return NULL;
    }
    if (i >= n || (s[i] != 'e' && s[i] != 'E'))
        return NULL;
    i++;
    bool eneg = false;
    if (i < n && (s[i] == '+' || s[i] == '-'))
        eneg = s[i++] == '-';
    long e = 0;
    size_t exp_start = i;
    while (i < n && s[i] >= '0' && s[i] <= '9') {
        e = e * 10 + (s[i++] - '0');
        if (e > MAX_EXP)
            return NULL;
    }
    if (i != n || i == exp_start)
        return NULL;
    /* digits = int part + fraction; the point sits after int_len + e digits. */
    size_t nd = int_len + frac_len;
    char *digits = rt_alloc_atomic(nd + 1);
    memcpy(digits, s + int_start, int_len);
    memcpy(digits + int_len, s + frac_start, frac_len);
    long point = (long)int_len + (eneg ? -e : e);
    size_t room = nd + MAX_EXP + 4;
    char *out = rt_alloc_atomic(room);
    size_t o = 0;
    if (neg)
        out[o++] = '-';
    if (point <= 0) {
        out[o++] = '0';
        out[o++] = '.';
        for (long k = 0; k < -point; k++)
            out[o++] = '0';
        memcpy(out + o, digits, nd);
        o += nd;
    } else if ((size_t)point >= nd) {
        memcpy(out + o, digits, nd);
        o += nd;
        for (size_t k = nd; k < (size_t)point; k++)
            out[o++] = '0';
    } else {
        memcpy(out + o, digits, (size_t)point);
        o += (size_t)point;
        out[o++] = '.';
        memcpy(out + o, digits + point, nd - (size_t)point);
        o += nd - (size_t)point;
    }
    out[o] = '\0';
    return out;
}

/* ---- rows --------------------------------------------------------------------------- */

static void take_default(DataTable *t, const MColumn *col, int c)
{
    t->values[c] = col->has_default ? col->default_value : val_null();
    if (t->values[c].kind == VAL_TEXT)
        t->cell_info[c].len = strlen(t->values[c].as.text);
}

/* fast_named's cell when it is not its column's last hit: the column's map
** of ids and of the spellings remembered. Out of line: a modality repeats
** over a run of lines, and the hit costs no call. */
static __attribute__((noinline)) bool fast_named_lookup(DataTable *t, int c, const char *s, size_t n,
                                                        DataCellInfo *info)
{
    const MColumn *col = t->plan[c].col;   /* (the step of schema column c: read here, off the hit's path) */
    Value *out = &t->values[c];
    DataLastName *last = &t->last_named[c];
    int i;
    bool exact = idmap_get(t->named[c], s, n, &i);
    if (!exact) {
        int k;
        if (!t->met || !t->met[c] || !idmap_get(t->met[c], s, n, &k))
            return false;
        t->spellings[k].count++;
        i = t->spellings[k].choice;
    }
    const char *const *ids = NULL;
    int count = 0;
    size_t stride = 0;
    data_named_ids(t->model, col, &ids, &count, &stride);
    *out = (Value){ .kind = VAL_TEXT, .as.text = data_id_at(ids, stride, i) };
    info->choice = i;
    /* n when found as written (the id is the cell's text), else the length of
    ** the id a spelling note_normalised remembered stands for */
    info->len = exact ? n : strlen(out->as.text);
    if (exact && n <= sizeof last->text) {
        idmap_copy_bytes(last->text, s, n);
        last->len = n;
        last->index = i;
        last->id = out->as.text;
        last->id_len = info->len;
    }
    return true;
}

/* A choice, family or scope cell (not empty) through its code's slot, then
** the column's last hit, then its map (fast_named_lookup). */
static inline __attribute__((always_inline)) bool fast_named(DataTable *t, int c, const char *s, size_t n,
                                                             DataCellInfo *info)
{
    const DataCode *code = &t->codes[c][data_code_slot(s, n)];
    if (n == code->len && idmap_same_bytes(s, code->id, n)) {
        t->values[c] = (Value){ .kind = VAL_TEXT, .as.text = code->id };
        info->choice = code->index;
        info->len = n;
        return true;
    }
    const DataLastName *last = &t->last_named[c];
    if (n == last->len && idmap_same_bytes(s, last->text, n)) {
        /* The previous cell of the column, written the same way. */
        t->values[c] = (Value){ .kind = VAL_TEXT, .as.text = last->id };
        info->choice = last->index;
        info->len = last->id_len;
        return true;
    }
    return fast_named_lookup(t, c, s, n, info);
}

/* The cells of exports in their commonest forms (ASCII ids, plain
** decimals, 2024-03, 2024-03-31…), with nothing to trim, typed without the
** general machinery into the same values; false: data_parse_trimmed decides,
** and says what is wrong. */
/* A quantity step's cell with its unit ("9,48 h"), the plain decimal having failed. */
static __attribute__((noinline)) bool step_scaled_before_unit(const DataStep *step, const char *s, size_t n,
                                                              NumScaled *out)
{
    if (step->kind == DATA_STEP_NUMBER)
        return false;
    const char *const *units = step->col->type == M_COL_HOURS    ? data_units_hour
                               : step->col->type == M_COL_AMOUNT ? data_units_euro
                                                                 : NULL;
    return data_scaled_before_unit(s, n, units, out);
}

/* Inlined in its callers: mixed_row's loop, and hour_row, where each
** call's kind is a constant and the switch goes. */
static inline __attribute__((always_inline)) bool fast_cell(DataTable *t, const DataStep *step, int c,
                                                            DataStepKind kind, const char *s, size_t n,
                                                            bool ascii_row)
{
    Value *out = &t->values[c];
    DataCellInfo *info = &t->cell_info[c];
    switch (kind) {
    case DATA_STEP_BOOL:
        /* six per participant row, mostly true or false as exports write them */
        if (!bool_fast(s, n, &out->as.b) && !data_parse_bool(s, n, &out->as.b))
            return false;
        out->kind = VAL_BOOL;
        return true;
    case DATA_STEP_INT:
        /* counts (mois_inscription): a whole number inside the column's bounds */
        if (!num_scaled_parse(s, n, &info->num) || info->num.scale != 0 || info->num.mant < step->int_lo
            || info->num.mant > step->int_hi)
            return false;
        num_scaled_to_mpq(t->scratch[c], info->num);
        info->scaled = true;
        *out = (Value){ .kind = VAL_NUM, .as.num = t->scratch[c] };
        return true;
    case DATA_STEP_TEXT:
        /* (ascii_row: TableRow.ascii, which the reader found at no cost) */
        if (!ascii_row && !data_is_ascii(s, n))
            return false;
        *out = (Value){ .kind = VAL_TEXT, .as.text = s };
        info->len = n;
        return true;
    case DATA_STEP_NAMED:
        return fast_named(t, c, s, n, info);
    case DATA_STEP_MONTH:
        if (n != 7 || !data_month_fast(s, &out->as.month))
            return false;
        out->kind = VAL_MONTH;
        return true;
    case DATA_STEP_DATE:
        if (n != 10 || !data_date_fast(s, &out->as.date))
            return false;
        out->kind = VAL_DATE;
        return true;
    case DATA_STEP_NUMBER:
    case DATA_STEP_QUANTITY:
    case DATA_STEP_HOURS:
    case DATA_STEP_HOURS_SCALED:
        /* Negative amounts and hours, and 0 h, are left to the checks that word the reason. */
        if (!(num_scaled_parse_two_decimals(s, n, &info->num) || num_scaled_parse_one_decimal(s, n, &info->num)
              || num_scaled_parse_cell(s, n, &info->num)
              || step_scaled_before_unit(step, s, n, &info->num))
            || (kind != DATA_STEP_NUMBER && info->num.mant < 0)
            || (kind >= DATA_STEP_HOURS && info->num.mant == 0))
            return false;
        info->scaled = true;
        if (kind == DATA_STEP_HOURS_SCALED) {
            *out = (Value){ .kind = VAL_NUM, .as.num = NULL };
            return true;
        }
        num_scaled_to_mpq(t->scratch[c], info->num);
        *out = (Value){ .kind = VAL_NUM, .as.num = t->scratch[c] };
        return true;
    default:
        return false;
    }
}

/* A code read case- and accent-blind ("Formation" for formation): listed
** once for the note, and remembered so that the next cell written the same
** way takes the fast path. A participant's spelling is never quoted: only
** the code it was read as. */
static void note_normalised(DataTable *t, int c, const MColumn *col, const char *s, size_t n, int choice)
{
    if (t->main) {
        /* A part: the spelling is said to the table when the part is merged. */
        int k;
        if (!t->met[c])
            t->met[c] = idmap_new(8);
        if (idmap_get(t->met[c], s, n, &k)) {
            t->spellings[k].count++;
            return;
        }
        RT_GROW(t->spellings, t->nspellings);
        t->spellings[t->nspellings] = (DataSpelling){ c, choice, rt_strndup(s, n), n, 1 };
        idmap_put(t->met[c], s, n, t->nspellings++);
        return;
    }
    const char *const *ids = NULL;
    int count = 0;
    size_t stride = 0;
    data_named_ids(t->model, col, &ids, &count, &stride);
    const char *id = data_id_at(ids, stride, choice);
    const char *v = may_quote(t, col) ? quoted_value(s, n) : NULL;
    Say entry = v ? SAYF(("%s → %s", say_q_fr(v), id), ("%s → %s", say_q_en(v), id)) : say(id, id);
    if (t->named[c] && idmap_count(t->named[c]) < DATA_MAX_REMEMBERED)
        idmap_put(t->named[c], s, n, choice);
    for (int i = 0; i < t->nnormalised[c]; i++)
        if (!strcmp(t->normalised[c][i].fr, entry.fr))
            return;
    if (t->nnormalised[c] == DATA_MAX_LISTED) {
        t->normalised_more[c]++;
        return;
    }
    RT_GROW(t->normalised[c], t->nnormalised[c]);
    t->normalised[c][t->nnormalised[c]++] = entry;
}

/* A spelling a part met `count` times, said to the table as reading the
** rows one by one would have: once remembered, the next ones take the fast
** path and say nothing; not remembered (the memory is full), each says it again. */
static void replay_spelling(DataTable *t, const DataSpelling *sp)
{
    const MColumn *col = &t->schema->columns[sp->column];
    int i;
    for (long k = 0; k < sp->count; k++) {
        if (idmap_get(t->named[sp->column], sp->text, sp->len, &i))
            return;
        note_normalised(t, sp->column, col, sp->text, sp->len, sp->choice);
    }
}

/* The notes of what reading changed in the values, once the whole file is read. */
static void note_values(DataTable *t)
{
    if (t->values_noted)
        return;
    t->values_noted = true;
    const char *file = data_file_name(t->info);
    /* The reader's own note (Windows-1252) comes first: the one read may
    ** decide the encoding only when it meets the first byte above 0x7F. */
    if (say_is_set(t->info->note)) {
        data_add_note(t, SAY_NONE);
        memmove(t->notes + 1, t->notes, sizeof *t->notes * (size_t)(t->nnotes - 1));
        t->notes[0] = SAYF(("%s : %s", file, t->info->note.fr), ("%s: %s", file, say_in(t->info->note, SAY_EN)));
    }
    for (int c = 0; c < t->schema->ncolumns; c++) {
        const char *name = t->schema->columns[c].name;
        if (t->late_time[c])
            data_add_note(t, SAYF(("%s : colonne « %s » : des dates portent une heure autre que minuit ; l'heure est "
                              "ignorée, seule la date compte", file, name),
                             ("%s: column %s: some dates carry a time other than midnight; the time is ignored, "
                              "only the date counts", file, say_q_en(name))));
        if (t->nnormalised[c] == 0)
            continue;
        const char *list = "", *list_en = "";
        for (int i = 0; i < t->nnormalised[c]; i++) {
            list = rt_sprintf("%s%s%s", list, i ? ", " : "", t->normalised[c][i].fr);
            list_en = rt_sprintf("%s%s%s", list_en, i ? ", " : "", t->normalised[c][i].en);
        }
        long more = t->normalised_more[c];
        const char *more_fr = more ? rt_sprintf(" et %ld autres", more) : "";
        const char *more_en = more ? rt_sprintf(" and %ld more", more) : "";
        data_add_note(t, SAYF(("%s : colonne « %s » : codes lus sans tenir compte de la casse ni des accents : %s%s",
                          file, name, list, more_fr),
                         ("%s: column %s: codes read regardless of case and accents: %s%s", file, say_q_en(name),
                          list_en, more_en)));
    }
}

/* A cell the fast path left (or trimmed): typed by the general machinery,
** which says what is wrong. */
static bool slow_cell(DataTable *t, const DataStep *step, const char *ts, size_t tn, bool whole, DataRow *row)
{
    int c = step->column;
    const MColumn *col = step->col;
    DataCellInfo *info = &t->cell_info[c];
    Say why = SAY_NONE;
    const char *ps = ts;
    size_t pn = tn;
    if (t->info->format == TABLE_JSON && is_numeric(col->type)) {
        const char *plain = expand_exponent(ts, tn);
        if (plain) {
            ps = plain;
            pn = strlen(plain);
            whole = true;
        }
    }
    info->normalised = info->late_time = false;
    if (!data_parse_trimmed(t->model, col, ps, pn, whole, t->scratch[c], &t->values[c], info, &why)) {
        reject_invalid(t, col, ts, tn, why, row);
        return false;
    }
    if (info->normalised)
        note_normalised(t, c, col, ts, tn, info->choice);
    if (info->late_time)
        t->late_time[c] = true;
    if (!hours_line_positive(t, c)) {
        reject_invalid(t, col, ts, tn, say("nombre d'heures strictement positif attendu",
                                           "a strictly positive number of hours expected"), row);
        return false;
    }
    return true;
}

/* Types cell step->file_col of raw, whatever it holds (blank around, empty,
** absent): the general path, which the fast rows leave for it. */
static bool type_cell(DataTable *t, const DataStep *step, const TableRow *raw, DataRow *row)
{
    int c = step->column;
    DataCellInfo *info = &t->cell_info[c];
    info->choice = -1;
    info->scaled = false;
    const char *s = NULL;
    size_t n = 0;
    if (step->file_col >= 0) {
        s = raw->cells[step->file_col].text;
        n = raw->cells[step->file_col].len;
    }
    const char *ts = s;
    size_t tn = n;
    if (ts)
        data_trim(&ts, &tn);
    if (!ts || tn == 0) {
        const MColumn *col = step->col;
        take_default(t, col, c);
        if (!col->has_default && col->required) {
            reject_missing(col, row);
            return false;
        }
        return true;
    }
    /* The fast forms are a part of what data_parse_trimmed reads, into the same values. */
    return slow_cell(t, step, ts, tn, ts == s && tn == n, row);
}

/* Step k of mixed_row or hour_row (for schema column k: make_plan's
** order), its cell typed when in its fast form with nothing to trim.
** Choice and scaled are left as the last typing of the column left them:
** only the kinds that set them (fast_cell) change them, and type_cell
** resets them. */
static inline __attribute__((always_inline)) bool fast_step(DataTable *t, int k, DataStepKind kind,
                                                            const TableRow *raw, bool plain)
{
    const DataStep *step = &t->plan[k];
    const TableCell *cell = &raw->cells[step->file_col];
    const char *s = cell->text;
    size_t len = cell->len;
    /* A cell that starts or ends with a blank (or another byte up to the
    ** space) takes the general path, which trims it; a plain row
    ** (TableRow.plain) has none, only empty cells. */
    return len != 0 && (plain || (s && (unsigned char)s[0] > ' ' && (unsigned char)s[len - 1] > ' '))
           && fast_cell(t, step, k, kind, s, len, raw->ascii);
}

/* Step k of hour_row_in_order: cell k of a plain row (nothing to trim),
** typed when in its fast form. */
static inline __attribute__((always_inline)) bool plain_step(DataTable *t, int k, DataStepKind kind,
                                                             const TableCell *cells, bool ascii)
{
    const char *s = cells[k].text;
    size_t len = cells[k].len;
    return len != 0 && fast_cell(t, &t->plan[k], k, kind, s, len, ascii);
}

/* hour_row of a plain row whose file has the hour plan's columns first, in
** its order (t->hour_in_order, as exports write them): each cell at a place
** known here, with no blank to look for. */
static int hour_row_in_order(DataTable *t, const TableCell *cells, bool ascii)
{
    if (!plain_step(t, 0, DATA_STEP_TEXT, cells, ascii))
        return 0;
    if (!plain_step(t, 1, DATA_STEP_TEXT, cells, ascii))
        return 1;
    if (!plain_step(t, 2, DATA_STEP_MONTH, cells, ascii))
        return 2;
    if (!plain_step(t, 3, DATA_STEP_HOURS_SCALED, cells, ascii))
        return 3;
    if (!plain_step(t, 4, DATA_STEP_NAMED, cells, ascii))
        return 4;
    return 5;
}

/* mixed_row's fast steps for the hour table's plan (t->hour_plan), step by step: each
** step's kind known here, a million cells of each are typed without the
** loop and its switch. The rows hour_row_in_order does not take: not
** plain, or a file with the plan's columns in another order. */
static int hour_row(DataTable *t, const TableRow *raw)
{
    bool plain = raw->plain;
    _Static_assert(DATA_HOUR_STEPS == 5, "hour_row types the five steps of data_hour_plan");
    if (!fast_step(t, 0, DATA_STEP_TEXT, raw, plain))
        return 0;
    if (!fast_step(t, 1, DATA_STEP_TEXT, raw, plain))
        return 1;
    if (!fast_step(t, 2, DATA_STEP_MONTH, raw, plain))
        return 2;
    if (!fast_step(t, 3, DATA_STEP_HOURS_SCALED, raw, plain))
        return 3;
    if (!fast_step(t, 4, DATA_STEP_NAMED, raw, plain))
        return 4;
    return 5;
}

/* The id of a row (t->id_file_col >= 0), even a malformed one: the
** evaluator remembers rejected ids so that the lines pointing to them say
** "rejected" rather than "unknown". */
static void note_row_id(const DataTable *t, const TableRow *raw, DataRow *row)
{
    int j = t->id_file_col;
    if (!raw->cells[j].text)
        return;
    const char *s = raw->cells[j].text;
    size_t n = raw->cells[j].len;
    data_trim(&s, &n);
    if (n == 0)
        return;
    row->id = s;
    row->id_len = n;
}

/* data_next when table_next gave no row: the end of the table (or of a
** part's slice), or a fatal error. Out of line: once a table. */
static __attribute__((noinline)) DataStatus no_more_rows(DataTable *t, const TableError *te, DataError *err)
{
    if (t->main && !say_is_set(te->msg))
        return DATA_END;    /* a part: its slice is read */
    if (say_is_set(te->msg)) {
        memset(err, 0, sizeof *err);
        err->file = te->path ? te->path : t->info->path;
        err->line = te->line;
        err->code = te->code;
        err->msg = te->msg;
        return DATA_FAILED;
    }
    note_values(t);
    return DATA_END;
}

/* The reasons of a row's invalid cells, gathered only once a cell rejects
** it (a valid row never touches them), said together in the file's column
** order: a user who fixes one cell learns of the others in the same run. */
typedef struct CellReasons {
    int n;
    int *file_col;
    Say *why;
} CellReasons;

static __attribute__((noinline, cold)) void cell_reason_add(CellReasons *r, const DataStep *step, Say why)
{
    RT_GROW_ATOMIC(r->file_col, r->n);
    RT_GROW(r->why, r->n);
    int i = r->n++;
    for (; i > 0 && r->file_col[i - 1] > step->file_col; i--) {   /* plan order is the schema's */
        r->file_col[i] = r->file_col[i - 1];
        r->why[i] = r->why[i - 1];
    }
    r->file_col[i] = step->file_col;
    r->why[i] = why;
}

/* false, with the row's reason, when a cell rejected the row. */
static bool cell_reasons_said(const CellReasons *r, DataRow *row)
{
    if (r->n == 0)
        return true;
    Say all = r->why[0];
    for (int i = 1; i < r->n; i++)
        all = SAYF(("%s — %s", all.fr, r->why[i].fr), ("%s — %s", all.en, r->why[i].en));
    row->reason = all;
    return false;
}

/* The cells from k on, the general way (type_cell); false when one rejects
** the row. Every cell is typed even after a bad one, and each bad one named. */
static bool type_rest(DataTable *t, int k, const TableRow *raw, DataRow *row)
{
    CellReasons bad = { 0 };
    DataRow cell;   /* where type_cell writes a cell's reason */
    for (; k < t->ncolumns; k++)
        if (!type_cell(t, &t->plan[k], raw, &cell))
            cell_reason_add(&bad, &t->plan[k], cell.reason);
    return cell_reasons_said(&bad, row);
}

/* The hour row's status once its first k cells are typed the fast way. */
static inline __attribute__((always_inline)) DataStatus row_status(DataTable *t, int k, const TableRow *raw,
                                                                   DataRow *row)
{
    return k == t->ncolumns || type_rest(t, k, raw, row) ? DATA_ROW_OK : DATA_ROW_REJECTED;
}

/* The other tables' rows (participants, contracts, hires): each cell the
** fast way when it can be, else the general way (type_cell) alone, the
** cells after it the fast way again: an empty optional cell (a participant
** without QPV or level) costs its default, not the rest of the row's
** general typing. The fast forms are a part of what type_cell reads, into
** the same values, and reject nothing: the reasons are the general way's,
** the cells after a bad one still typed. false when one rejects the row. */
static bool mixed_row(DataTable *t, const TableRow *raw, DataRow *row)
{
    bool plain = raw->plain;
    CellReasons bad = { 0 };
    DataRow cell;   /* where type_cell writes a cell's reason */
    for (int k = 0; k < t->ncolumns; k++) {
        const DataStep *step = &t->plan[k];
        if (step->file_col >= 0 && fast_step(t, k, step->kind, raw, plain))
            continue;
        if (!type_cell(t, step, raw, &cell))
            cell_reason_add(&bad, step, cell.reason);
    }
    return cell_reasons_said(&bad, row);
}

/* The first cell of a row that holds something, -1 when none does. */
static int first_written_cell(const DataTable *t, const TableRow *raw)
{
    int ncols = table_info(t->reader)->ncols;
    for (int j = 0; j < ncols; j++)
        if (raw->cells[j].text && raw->cells[j].len)
            return j;
    return -1;
}

/* A CSV row whose cells are all empty (";;;;;;", what a spreadsheet exports
** for a row it once formatted) is a blank line, as a workbook's empty row is
** no row: asked only of a rejected row, never on the way of a valid one. */
static bool blank_csv_row(const DataTable *t, const TableRow *raw)
{
    return table_info(t->reader)->format == TABLE_CSV && !say_is_set(raw->error) && first_written_cell(t, raw) < 0;
}

static bool ascii_letter(char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }

/* A cell that opens a sheet's total row: « Total », « TOTAL général », « Sous-total »
** (ASCII letters in any case: what a spreadsheet user types). */
static bool total_word(const char *s, size_t n)
{
    static const char *const words[] = { "total", "sous-total", "sous total" };
    data_trim(&s, &n);
    for (size_t w = 0; w < sizeof words / sizeof *words; w++) {
        size_t k = strlen(words[w]);
        if (n >= k && strncasecmp(s, words[w], k) == 0 && (n == k || !ascii_letter(s[k])))
            return true;
    }
    return false;
}

/* A total row pasted under the data is rejected for a cell it leaves empty
** or a sum where an id should be, which does not say why the row is there:
** asked only of a rejected row whose first cell written opens with « Total »,
** its reason gains what to do (a title « Totalité des travaux » further on
** is no total row). */
static void hint_total_row(const DataTable *t, const TableRow *raw, DataRow *row)
{
    int j = first_written_cell(t, raw);
    if (j >= 0 && total_word(raw->cells[j].text, raw->cells[j].len))
        row->reason = SAYF(("%s (une ligne de total ? Les totaux ne sont pas des données : retirez-la de l'export)",
                            row->reason.fr),
                           ("%s (a total row? Totals are not data: remove it from the export)", row->reason.en));
}

/* A row that says again the file's header, cell for cell as header matching
** reads names (a BOM or another case allowed): two exports put end to end
** (quarterly exports pasted under one another). Asked only of a rejected
** row, so of a file whose header names the required columns. */
static bool repeats_header(const DataTable *t, const TableRow *raw)
{
    const TableInfo *info = table_info(t->reader);
    for (int j = 0; j < info->ncols; j++) {
        const char *text = raw->cells[j].text ? raw->cells[j].text : "";
        size_t len = raw->cells[j].text ? raw->cells[j].len : 0;
        if (strcmp(headers_key(text, len), info->keys[j]) != 0)
            return false;
    }
    return true;
}

/* Such a row is rejected for each name that is no value of its column,
** which hides why it is there: its reason says it instead, and what to do. */
static void hint_header_row(const DataTable *t, const TableRow *raw, DataRow *row)
{
    if (repeats_header(t, raw))
        row->reason = say("en-tête répété (deux exports mis bout à bout ?) : un en-tête n'est pas une donnée ; "
                          "retirez cette ligne, et vérifiez qu'aucune ligne n'y figure deux fois",
                          "header repeated (two exports put end to end?): a header is no data; remove this row, "
                          "and check that no row is there twice");
}

DataStatus data_next(DataTable *t, DataRow *row, DataError *err)
{
    for (;;) {
        TableRow raw;
        TableError te;   /* table_next sets it */
        if (!table_next(t->reader, &raw, &te)) {
            memset(row, 0, sizeof *row);
            return no_more_rows(t, &te, err);
        }
        *row = (DataRow){ .line = raw.line, .values = t->values, .info = t->cell_info };
        if (t->id_file_col >= 0)
            note_row_id(t, &raw, row);
        if (say_is_set(raw.error)) {
            row->reason = raw.error;
            return DATA_ROW_REJECTED;
        }
        DataStatus st;
        if (t->hour_in_order && raw.plain)
            st = row_status(t, hour_row_in_order(t, raw.cells, raw.ascii), &raw, row);
        else if (t->hour_plan)
            st = row_status(t, hour_row(t, &raw), &raw, row);
        else
            st = mixed_row(t, &raw, row) ? DATA_ROW_OK : DATA_ROW_REJECTED;
        if (st != DATA_ROW_REJECTED)
            return st;
        if (!blank_csv_row(t, &raw)) {
            hint_total_row(t, &raw, row);
            hint_header_row(t, &raw, row);
            return st;
        }
    }
}

void data_close(DataTable *t)
{
    if (t && t->reader) {
        table_close(t->reader);
        t->reader = NULL;
    }
}

/* ---- parts: one thread's rows ----------------------------------------------------------- */

void data_hours_scaled_only(DataTable *t)
{
    t->hours_scaled_only = true;
    make_plan(t);
}

DataTable *data_part_new(DataTable *t, TableReader *part)
{
    /* A part types rows on one thread while the part allocated just before
    ** or after it types rows on another: what each row writes is apart. */
    DataTable *p = rt_alloc_apart(sizeof(DataTable), 0);
    *p = *t;
    int n = t->schema->ncolumns;
    p->main = t;
    p->reader = part;
    p->values = rt_alloc_apart(sizeof(Value) * (size_t)(n + 1), 0);
    p->scratch = RT_NEW_ARRAY(mpq_ptr, n + 1);
    for (int c = 0; c < n; c++)
        p->scratch[c] = val_new_num();
    p->cell_info = new_cell_info(n);
    p->late_time = rt_alloc_atomic((size_t)n + 1);
    p->notes = NULL;
    p->nnotes = 0;
    p->spellings = NULL;
    p->nspellings = 0;
    p->met = RT_NEW_ARRAY(IdMap *, n + 1);
    p->last_named = rt_alloc_apart(sizeof *p->last_named * (size_t)(n + 1), 1);
    return p;
}

void data_part_forget(DataTable *p)
{
    int n = p->schema->ncolumns;
    memset(p->late_time, 0, (size_t)n + 1);
    p->spellings = NULL;
    p->nspellings = 0;
    for (int c = 0; c < n; c++)
        p->met[c] = NULL;
}

void data_part_merge(DataTable *p)
{
    DataTable *t = p->main;
    for (int c = 0; c < t->schema->ncolumns; c++)
        t->late_time[c] = t->late_time[c] || p->late_time[c];
    for (int k = 0; k < p->nspellings; k++)
        replay_spelling(t, &p->spellings[k]);
    data_part_forget(p);
}

TableReader *data_reader(const DataTable *t)
{
    return t->reader;
}
