/* base/dynlib.h: a shared library opened on first use (dlopen), its functions looked up by name. */
#ifndef CHARTE_DYNLIB_H
#define CHARTE_DYNLIB_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>

/*
** A library linked into the program is mapped and relocated at every start,
** whatever the command does: libzip brings libcrypto, libbz2 and libz with it,
** libxlsxwriter libminizip, some 2 ms of each start (`charte eval` of medium
** takes 0.12 s, `charte check` 0.08 s). Those two serve workbooks only: they
** are opened by the first workbook read or written instead
** (runtime/zip_lib.h, runtime/xlsx_lib.h).
**
** The library is the process's, as a linked one would be: opened once, by
** whichever thread asks first (a workbook's sheets are read on several).
*/
typedef struct DynLib {
    const char *soname;
    const char *const *names;  /* its functions… */
    void **fns;                /* …and where they go, once it is open */
    int n;
    pthread_mutex_t mutex;
    atomic_int state;          /* 0: not tried yet, 1: open, -1: cannot be */
    char why[256];             /* when it cannot be: the loader's reason, or the missing function */
} DynLib;

#define DYNLIB_INIT(soname, names, fns, n) { (soname), (names), (fns), (n), PTHREAD_MUTEX_INITIALIZER, 0, "" }

/* Opens the library the first time; false when it or one of its functions
** is missing. Nothing is printed: the caller says it in its own error, in
** the user's language, with dynlib_why. */
bool dynlib_ready(DynLib *lib);
/* Why the library cannot be used ("" while it can), in the loader's words
** and naming the library: set once, before dynlib_ready first says false. */
const char *dynlib_why(const DynLib *lib);

#define DYNLIB_NAME(f) #f,
#define DYNLIB_ONE(f) +1
/* A library's functions in a table of type TYPE (one pointer per function of
** the X-macro FUNCTIONS) and its three accessors: bool PREFIX_ready(void), which
** opens it, const char *PREFIX_why(void), why it cannot be, and const TYPE
** *PREFIX(void), which opens it on first use. dlsym
** gives each function as a void *, which POSIX guarantees to call as the
** function it names. */
#define DYNLIB_DEFINE(PREFIX, TYPE, FUNCTIONS, SONAME) \
    enum { PREFIX##_n = 0 FUNCTIONS(DYNLIB_ONE) }; \
    static const char *const PREFIX##_names[PREFIX##_n] = { FUNCTIONS(DYNLIB_NAME) }; \
    static union { TYPE typed; void *fns[PREFIX##_n]; } PREFIX##_table; \
    _Static_assert(sizeof(TYPE) == sizeof PREFIX##_table.fns, "one pointer per function"); \
    static DynLib PREFIX##_dynlib = DYNLIB_INIT(SONAME, PREFIX##_names, PREFIX##_table.fns, PREFIX##_n); \
    bool PREFIX##_ready(void) { return dynlib_ready(&PREFIX##_dynlib); } \
    const char *PREFIX##_why(void) { return dynlib_why(&PREFIX##_dynlib); } \
    const TYPE *PREFIX(void) \
    { \
        dynlib_ready(&PREFIX##_dynlib); \
        return &PREFIX##_table.typed; \
    }

#endif
