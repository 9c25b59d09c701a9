/* base/idmap.h: a map from text keys to integers (ids of contracts and participants), open addressing, GC memory. */
#ifndef CHARTE_IDMAP_H
#define CHARTE_IDMAP_H

#include <stdbool.h>
#include <stddef.h>

/*
** Keys are byte strings compared exactly; the map keeps its own copy of
** each key, so a caller may pass a buffer it reuses (a streamed row's cell).
** Lookups cost one hash and a short probe; the table doubles at 3/4 load.
*/
typedef struct IdMap IdMap;

IdMap *idmap_new(size_t expected);
/* Value for key, or false when absent. */
bool idmap_get(const IdMap *m, const char *key, size_t len, int *value);
/* Sets key to value (replacing any previous value). */
void idmap_put(IdMap *m, const char *key, size_t len, int value);
/* The stored copy of key (NUL-terminated), or NULL when absent: lets callers
** keep one string per distinct key. */
const char *idmap_key(const IdMap *m, const char *key, size_t len);
size_t idmap_count(const IdMap *m);

#endif
