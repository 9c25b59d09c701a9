/* runtime/table_books.c: the workbooks one run reads: an XLSX workbook's shared strings parsed once and shared by the readers of its sheets; which ODS sheets its readers read; and the threads the tables' opening may use. */
#include "table_impl.h"

#include <string.h>

#include "gc.h"

/*
** Why: a run opens each table of a workbook, and asks whether the optional
** ones are there, and each open parsed the whole shared-strings table again:
** five parses of the bench workbook's 1.2 MB table. Once parsed the strings
** are only read, so the readers of one workbook can point at the same ones.
** They are handed over only while the file is the one they were read from:
** the same device, inode, size and modification time, as fstat saw the
** workbook at each open, and the same part. A parse that failed is not kept:
** the next open parses again and fails with the same error.
**
** The other thing shared: asking whether an optional sheet is there opens it
** (to its header: an ODS sheet is found only by reading content.xml up to it,
** past every sheet before), and the run then opens the same sheet to read it.
** The reader of the first open is lent to the second, in the state a new one
** would be in; only a reader that opened without error is lent.
**
** And the ODS sheets the run reads, by their place among content.xml's
** sheets: each reader of a sheet stops at its end tag, and only the one
** whose sheet comes last inflates the rest of the part, to check its CRC
** (table_ods.c): the bytes before are a prefix of what it read. Noted as
** each reader reaches its header, all before any is read (the hires of an
** ODS, opened after the hour lines, are carried on from their reader).
*/

typedef struct TableBookStrings {
    dev_t dev;
    ino_t ino;
    off_t size;
    struct timespec mtime;
    const char *part;
    const char *sst;
    size_t sst_len;
    const uint32_t *sst_off;
    size_t nsst;
} TableBookStrings;

typedef struct TableBookSheet {
    const char *book;
    int at;                     /* the sheet's place in content.xml, from 0 */
} TableBookSheet;

struct TableBooks {
    TableBookStrings *list;
    int n;
    /* The reader that table_present opened to see that a sheet is there, at its
    ** header: the table_open of the same sheet that follows takes it. */
    TableReader *lent;
    const char *lent_book, *lent_name;
    TableBookSheet *sheets;
    int nsheets;
    int threads;            /* for the tables' opening (table_books_set_threads) */
};

TableBooks *table_books_new(void)
{
    return RT_NEW(TableBooks);
}

void table_books_set_threads(TableBooks *books, int threads)
{
    books->threads = threads;
}

int table_books_threads(const TableBooks *books)
{
    return books && books->threads > 1 ? books->threads : 1;
}

static bool books_same_file(const TableBookStrings *b, const struct stat *st, const char *part)
{
    return b->dev == st->st_dev && b->ino == st->st_ino && b->size == st->st_size &&
           b->mtime.tv_sec == st->st_mtim.tv_sec && b->mtime.tv_nsec == st->st_mtim.tv_nsec &&
           strcmp(b->part, part) == 0;
}

bool table_books_strings(TableBooks *shelf, TableSheet *s, const char *part)
{
    for (int i = 0; shelf && i < shelf->n; i++) {
        const TableBookStrings *b = &shelf->list[i];
        if (books_same_file(b, &s->book_stat, part)) {
            s->sst = (char *)b->sst;
            s->sst_len = b->sst_len;
            s->sst_off = (uint32_t *)b->sst_off;
            s->nsst = b->nsst;
            return true;
        }
    }
    return false;
}

void table_books_keep(TableBooks *shelf, const TableSheet *s, const char *part)
{
    if (!shelf)
        return;
    RT_GROW(shelf->list, shelf->n);
    const struct stat *st = &s->book_stat;
    shelf->list[shelf->n++] = (TableBookStrings){
        .dev = st->st_dev, .ino = st->st_ino, .size = st->st_size, .mtime = st->st_mtim,
        .part = rt_strdup(part), .sst = s->sst, .sst_len = s->sst_len, .sst_off = s->sst_off, .nsst = s->nsst,
    };
}

void table_books_lend(TableBooks *shelf, TableReader *r, const char *book, const char *name)
{
    table_books_close(shelf);
    shelf->lent = r;
    shelf->lent_book = rt_strdup(book);
    shelf->lent_name = rt_strdup(name);
}

TableReader *table_books_take(TableBooks *shelf, const char *book, const char *name)
{
    if (!shelf || !shelf->lent || strcmp(shelf->lent_book, book) != 0 || strcmp(shelf->lent_name, name) != 0)
        return NULL;
    TableReader *r = shelf->lent;
    shelf->lent = NULL;
    return r;
}

void table_books_close(TableBooks *shelf)
{
    if (shelf && shelf->lent) {
        table_close(shelf->lent);
        shelf->lent = NULL;
    }
}

void table_books_note_sheet(TableBooks *shelf, const char *book, int at)
{
    if (!shelf)
        return;
    RT_GROW(shelf->sheets, shelf->nsheets);
    shelf->sheets[shelf->nsheets++] = (TableBookSheet){ rt_strdup(book), at };
}

bool table_books_read_past(const TableBooks *shelf, const char *book, int at)
{
    for (int i = 0; shelf && i < shelf->nsheets; i++)
        if (shelf->sheets[i].at > at && strcmp(shelf->sheets[i].book, book) == 0)
            return true;
    return false;
}
