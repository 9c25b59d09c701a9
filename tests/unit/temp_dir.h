/* tests/unit/temp_dir.h: the cmocka fixture of a temporary folder, removed after each test, and files written into it (shared by the table readers' unit tests). */
#ifndef CHARTE_TEST_TEMP_DIR_H
#define CHARTE_TEST_TEMP_DIR_H

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "gc.h"

typedef struct Fixture {
    char dir[64];
} Fixture;

static inline int setup(void **state)
{
    Fixture *f = calloc(1, sizeof *f);
    strcpy(f->dir, "/tmp/charte-unit-XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    *state = f;
    return 0;
}

static inline int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    return remove(path);
}

static inline int teardown(void **state)
{
    Fixture *f = *state;
    nftw(f->dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    free(f);
    return 0;
}

/* Inline, so that a test file that does not use one of them gets no warning. */
static inline const char *path_in(void **state, const char *name)
{
    Fixture *f = *state;
    return rt_sprintf("%s/%s", f->dir, name);
}

static inline const char *write_bytes(void **state, const char *name, const char *data, size_t n)
{
    const char *path = path_in(state, name);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(data, 1, n, fp), n);
    fclose(fp);
    return path;
}

static inline const char *write_text(void **state, const char *name, const char *text)
{
    return write_bytes(state, name, text, strlen(text));
}

#endif
