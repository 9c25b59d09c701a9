/* base/idmap.h: the one map from text keys to integers (ids, names, column keys), open addressing, GC memory. */
#ifndef CHARTE_IDMAP_H
#define CHARTE_IDMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "gc.h"

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
    RtArena copies;          /* where the keys' copies are cut from */
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

/* a[0..n) == b[0..n), without a call for keys of at most 16 bytes (the
** last-hit caches of the hot loops compare one id a line): overlapping
** loads that never read past a[n - 1] or b[n - 1]. */
static inline bool idmap_same_bytes(const char *a, const char *b, size_t n)
{
    if (n >= 8 && n <= 16) {
        uint64_t x, y, u, v;
        memcpy(&x, a, 8);
        memcpy(&y, b, 8);
        memcpy(&u, a + n - 8, 8);
        memcpy(&v, b + n - 8, 8);
        return ((x ^ y) | (u ^ v)) == 0;
    }
    if (n >= 4 && n < 8) {
        uint32_t x, y, u, v;
        memcpy(&x, a, 4);
        memcpy(&y, b, 4);
        memcpy(&u, a + n - 4, 4);
        memcpy(&v, b + n - 4, 4);
        return ((x ^ y) | (u ^ v)) == 0;
    }
    if (n < 4)   /* bytes 0, n / 2 and n - 1 are all of them */
        return n == 0 || (a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1]);
    return memcmp(a, b, n) == 0;
}

/* dst[0..n) = src[0..n), without a call for keys of at most 16 bytes (the
** same caches remember the id they missed): overlapping loads and stores
** that stay within src[0..n) and dst[0..n). */
static inline void idmap_copy_bytes(char *dst, const char *src, size_t n)
{
    if (n >= 8 && n <= 16) {
        uint64_t x, u;
        memcpy(&x, src, 8);
        memcpy(&u, src + n - 8, 8);
        memcpy(dst, &x, 8);
        memcpy(dst + n - 8, &u, 8);
    } else if (n >= 4 && n < 8) {
        uint32_t x, u;
        memcpy(&x, src, 4);
        memcpy(&u, src + n - 4, 4);
        memcpy(dst, &x, 4);
        memcpy(dst + n - 4, &u, 4);
    } else if (n < 4) {
        for (size_t i = 0; i < n; i++)
            dst[i] = src[i];
    } else {
        memcpy(dst, src, n);
    }
}

/* ---- inline: the hash, the prefetch and the short keys' lookup (hot loops) ---- */

/* A slot is 16 bytes without pointers, so that a big map (100 000
** participants) stays small in cache and is not scanned by the collector.
** Keys of at most 8 bytes (most ids) are compared through `word` alone; the
** copies of the keys, for idmap_key and longer keys, sit in a parallel
** array. Read only through the functions of this file. */
struct IdSlot {
    uint64_t word;           /* idmap_short_word(key) when len <= 8, else the key's hash */
    uint32_t len1;           /* key length + 1; 0: empty slot */
    int value;
};

static inline uint64_t idmap_load64(const char *p)
{
    uint64_t w;
    memcpy(&w, p, 8);
    return w;
}

static inline uint64_t idmap_load32(const char *p)
{
    uint32_t w;
    memcpy(&w, p, 4);
    return w;
}

/* The n <= 8 bytes of s as one word, by overlapping loads that never read
** past s[n - 1]; two texts of the same length give the same word only when
** they are equal. */
static inline uint64_t idmap_short_word(const char *s, size_t n)
{
    if (n >= 4)
        return idmap_load32(s) | idmap_load32(s + n - 4) << 32;
    if (n > 0)
        return (uint64_t)(unsigned char)s[0] << 16 | (uint64_t)(unsigned char)s[n / 2] << 8
             | (unsigned char)s[n - 1];
    return 0;
}

/* The last word (the whole key when it has at most 8 bytes) into h, then
** murmur3's final mix so that ids differing in their last digit spread over
** the table. */
static inline uint64_t idmap_hash_last(uint64_t h, uint64_t word)
{
    h = (h ^ word) * 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 33;
    return h;
}

static inline uint64_t idmap_hash_seed(size_t n) { return 0x9e3779b97f4a7c15ull ^ n; }

/* key's hash, the same for every map, a word at a time (ids are short:
** "P17638" is one), each multiplied in; *word is the last word. */
static inline uint64_t idmap_hash(const char *s, size_t n, uint64_t *word)
{
    uint64_t h = idmap_hash_seed(n);
    size_t i = 0;
    for (; i + 8 < n; i += 8) {
        h = (h ^ idmap_load64(s + i)) * 0xff51afd7ed558ccdull;
        h ^= h >> 29;
    }
    *word = idmap_short_word(s + i, n - i);
    return idmap_hash_last(h, *word);
}

/* Asks the processor for the slot where key's probe starts, ahead of an
** idmap_get some hundreds of instructions later (a big map's slots are
** rarely in cache). Changes nothing; returns key's hash, for
** idmap_get_hashed. Keys of at most 8 bytes are compared by their slot's
** word alone: only a longer key's probe reads the parallel array of copies. */
static inline uint64_t idmap_prefetch(const IdMap *m, const char *key, size_t len)
{
    uint64_t word, h = idmap_hash(key, len, &word);
    if (!m->cap)
        return h;
    size_t i = (size_t)h & (m->cap - 1);
    __builtin_prefetch(&m->slots[i]);
    if (len > 8)
        __builtin_prefetch(&m->keys[i]);
    return h;
}

/* idmap_get_hashed's keys of more than 8 bytes. */
bool idmap_get_long(const IdMap *m, const char *key, size_t len, uint64_t hash, int *value);

/* The probe of a key of at most 8 bytes, by its hash and its word
** (idmap_short_word): one word compared per slot. A zeroed map has no
** slots (cap 0): found nowhere. */
static inline bool idmap_probe_short(const IdMap *m, size_t len, uint64_t hash, uint64_t word, int *value)
{
    if (!m->cap)
        return false;
    uint32_t len1 = (uint32_t)len + 1;
    size_t mask = m->cap - 1;
    for (size_t i = (size_t)hash & mask; m->slots[i].len1; i = (i + 1) & mask)
        if (m->slots[i].word == word && m->slots[i].len1 == len1) {
            *value = m->slots[i].value;
            return true;
        }
    return false;
}

/* idmap_get with key's hash (idmap_prefetch's, idmap_hash's): not computed twice. */
static inline bool idmap_get_hashed(const IdMap *m, const char *key, size_t len, uint64_t hash, int *value)
{
    if (len > 8)
        return idmap_get_long(m, key, len, hash, value);
    return idmap_probe_short(m, len, hash, idmap_short_word(key, len), value);
}

#endif
