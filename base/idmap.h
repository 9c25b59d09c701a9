/* base/idmap.h: the one map from text keys to integers (ids, names, column keys), open addressing, GC memory. */
#ifndef CHARTE_IDMAP_H
#define CHARTE_IDMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
** Keys are byte strings compared exactly; the map keeps its own copy of
** each key, so a caller may pass a buffer it reuses (a streamed row's cell).
** Lookups cost one hash and a short probe; the table doubles at 3/4 load.
** A zeroed IdMap is an empty map, ready to use (a field or a local
** `IdMap m = { 0 }`); idmap_new sizes one for an expected count.
*/
typedef struct IdSlot IdSlot;

typedef struct IdMap {
    IdSlot *slots;           /* the fields are the map's own: use the functions */
    const char **keys;       /* per slot: the map's copy of the key, NULL when empty */
    size_t cap;              /* 0 or a power of two */
    size_t count;
} IdMap;

IdMap *idmap_new(size_t expected);
/* Room for `expected` keys in all, at once: a map filled with 25 000 names
** doubled 12 times, and the tables it left behind were as large as the last. */
void idmap_reserve(IdMap *m, size_t expected);
/* Value for key, or false when absent. */
bool idmap_get(const IdMap *m, const char *key, size_t len, int *value);
/* Sets key to value (replacing any previous value). */
void idmap_put(IdMap *m, const char *key, size_t len, int value);
/* Sets key to value unless key is present: returns the value already stored
** (and changes nothing), or -1 when the key was new. Values >= 0 only. */
int idmap_add(IdMap *m, const char *key, size_t len, int value);
/* The value of a NUL-terminated key, or -1 when absent (values >= 0 only). */
int idmap_index(const IdMap *m, const char *key);
/* The stored copy of key (NUL-terminated), or NULL when absent: lets callers
** keep one string per distinct key. */
const char *idmap_key(const IdMap *m, const char *key, size_t len);
size_t idmap_count(const IdMap *m);
/* Every key, in no meaningful order: slot i < idmap_slots(m) holds
** idmap_key_at(m, i), NULL when the slot is empty. */
size_t idmap_slots(const IdMap *m);
const char *idmap_key_at(const IdMap *m, size_t i);

#endif
