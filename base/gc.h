/* base/gc.h: the one place that knows how interpreter memory is allocated (libgc or plain). */
#ifndef CHARTE_GC_H
#define CHARTE_GC_H

#include <stddef.h>

/*
** All interpreter memory comes from here. The normal build uses the Boehm
** collector; the build with -DCHARTE_NO_GC uses calloc and never frees, so
** that AddressSanitizer and the fuzzers see every object with its redzones.
**
** Rules that keep the collector honest:
**  - rt_alloc memory is scanned for pointers; rt_alloc_atomic memory is not
**    (strings, GMP limbs);
**  - a GC pointer must never live only in malloc'd memory (bison's grown
**    stack, flex buffers, libcsv, jansson): such memory comes from
**    rt_alloc_root, which the collector scans and never reclaims by itself.
*/

void  rt_init(void);                       /* once, before any allocation */
_Noreturn void rt_out_of_memory(void);     /* says so and exits 2 */
void *rt_alloc(size_t size);               /* zeroed, scanned */
void *rt_alloc_atomic(size_t size);        /* zeroed, not scanned */
void *rt_realloc(void *p, size_t size);    /* keeps the kind of p */
void *rt_alloc_root(size_t size);          /* uncollectable, scanned */
void *rt_realloc_root(void *p, size_t size);
void  rt_free_root(void *p);
char *rt_strndup(const char *s, size_t n); /* atomic, NUL-terminated */
char *rt_strdup(const char *s);
char *rt_sprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#define RT_NEW(T)        ((T *)rt_alloc(sizeof(T)))
#define RT_NEW_ARRAY(T, n) ((T *)rt_alloc(sizeof(T) * (size_t)(n)))

#endif
