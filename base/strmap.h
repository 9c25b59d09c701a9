/* base/strmap.h: a small string-to-index hash map (open addressing, GC memory) for the checker's namespaces. */
#ifndef CHARTE_STRMAP_H
#define CHARTE_STRMAP_H

#include <stdbool.h>

/*
** Keys are NUL-terminated strings owned by the caller (GC memory that lives as
** long as the map); values are non-negative indices. A zeroed StrMap is an
** empty map, ready to use.
*/
typedef struct StrMap {
    const char **keys;
    int *vals;
    unsigned cap, len;
} StrMap;

/* The value stored for key, or -1. */
int strmap_get(const StrMap *m, const char *key);
/* Stores key -> val unless key is present; returns the value already stored
** (and changes nothing) or -1 when the key was new. */
int strmap_put(StrMap *m, const char *key, int val);

/* Stores key -> val, replacing any value already stored. */
void strmap_set(StrMap *m, const char *key, int val);

#endif
