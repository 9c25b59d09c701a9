/* base/gc_text.c: strings in collected memory (copies, formatting), for every allocator behind base/gc.h. */
#include "gc.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

char *rt_strndup(const char *s, size_t n)
{
    char *d = rt_alloc_atomic(n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *rt_strdup(const char *s) { return rt_strndup(s, strlen(s)); }

char *rt_sprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        rt_out_of_memory();
    char *s = rt_alloc_atomic((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}
