/* base/gc_text.c: strings in collected memory (copies, formatting), for every allocator behind base/gc.h. */
#include "gc.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

char *rt_strndup(const char *s, size_t n)
{
    char *d = rt_alloc_bytes(n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *rt_strdup(const char *s) { return rt_strndup(s, strlen(s)); }

char *rt_sprintf(const char *fmt, ...)
{
    /* Most texts are short (keys, labels, messages): formatted once into the
    ** stack, they are not formatted a second time to learn their length. */
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        rt_out_of_memory();
    char *s = rt_alloc_atomic((size_t)n + 1);
    if ((size_t)n < sizeof small) {
        memcpy(s, small, (size_t)n + 1);
        return s;
    }
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

char *rt_join(const char *const *items, int n, const char *sep)
{
    size_t len = 1, seplen = strlen(sep);
    for (int i = 0; i < n; i++)
        len += strlen(items[i]) + seplen;
    char *out = rt_alloc_atomic(len);
    char *p = out;
    for (int i = 0; i < n; i++) {
        if (i) {
            memcpy(p, sep, seplen);
            p += seplen;
        }
        size_t l = strlen(items[i]);
        memcpy(p, items[i], l);
        p += l;
    }
    *p = '\0';
    return out;
}
