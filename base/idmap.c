/* base/idmap.c: the one open-addressing hash map from text keys to integers, in GC memory. */
#include "idmap.h"

#include "gc.h"

#include <stdint.h>
#include <string.h>

/* A slot is 16 bytes without pointers, so that a big map (100 000
** participants) stays small in cache and is not scanned by the collector.
** Keys of at most 8 bytes (most ids) are compared through `word` alone; the
** copies of the keys, for idmap_key and longer keys, sit in a parallel array. */
struct IdSlot {
    uint64_t word;           /* short_word(key) when len <= 8, else the key's hash */
    uint32_t len1;           /* key length + 1; 0: empty slot */
    int value;
};

static inline uint64_t load64(const char *p)
{
    uint64_t w;
    memcpy(&w, p, 8);
    return w;
}

static inline uint64_t load32(const char *p)
{
    uint32_t w;
    memcpy(&w, p, 4);
    return w;
}

/* The n <= 8 bytes of s as one word, by overlapping loads that never read
** past s[n - 1]; two texts of the same length give the same word only when
** they are equal. */
static inline uint64_t short_word(const char *s, size_t n)
{
    if (n >= 4)
        return load32(s) | load32(s + n - 4) << 32;
    if (n > 0)
        return (uint64_t)(unsigned char)s[0] << 16 | (uint64_t)(unsigned char)s[n / 2] << 8
             | (unsigned char)s[n - 1];
    return 0;
}

/* The last word (the whole key when it has at most 8 bytes) into h, then
** murmur3's final mix so that ids differing in their last digit spread over
** the table. */
static inline uint64_t hash_last(uint64_t h, uint64_t word)
{
    h = (h ^ word) * 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 33;
    return h;
}

static inline uint64_t hash_seed(size_t n) { return 0x9e3779b97f4a7c15ull ^ n; }

/* A word at a time (ids are short: "P17638" is one), each multiplied in. */
static inline uint64_t hash_bytes(const char *s, size_t n, uint64_t *word)
{
    uint64_t h = hash_seed(n);
    size_t i = 0;
    for (; i + 8 < n; i += 8) {
        h = (h ^ load64(s + i)) * 0xff51afd7ed558ccdull;
        h ^= h >> 29;
    }
    *word = short_word(s + i, n - i);
    return hash_last(h, *word);
}

/* A stored key's hash, from its slot alone: a short key's word is the key,
** a long key's is its hash. */
static inline uint64_t slot_hash(const IdSlot *s)
{
    size_t len = s->len1 - 1;
    return len <= 8 ? hash_last(hash_seed(len), s->word) : s->word;
}

/* Grown at 3/4 load: linear probing stays short, and four slots share a cache line. */
static bool too_full(size_t count, size_t cap)
{
    return count * 4 > cap * 3;
}

static void allocate(IdMap *m, size_t expected)
{
    size_t cap = 16;
    while (too_full(expected, cap))
        cap *= 2;
    m->slots = rt_alloc_atomic(sizeof(IdSlot) * cap);
    m->keys = RT_NEW_ARRAY(const char *, cap);
    m->cap = cap;
}

IdMap *idmap_new(size_t expected)
{
    IdMap *m = RT_NEW(IdMap);
    allocate(m, expected);
    return m;
}

/* Index of the slot holding key, or of the empty slot where it would go. */
static size_t find_slot(const IdMap *m, const char *key, size_t len, uint64_t h, uint64_t word)
{
    const IdSlot *slots = m->slots;
    size_t mask = m->cap - 1, i = (size_t)h & mask;
    uint32_t len1 = (uint32_t)len + 1;
    if (len <= 8) {
        for (; slots[i].len1; i = (i + 1) & mask)
            if (slots[i].word == word && slots[i].len1 == len1)
                return i;
        return i;
    }
    for (; slots[i].len1; i = (i + 1) & mask)
        if (slots[i].word == h && slots[i].len1 == len1 && memcmp(m->keys[i], key, len) == 0)
            return i;
    return i;
}

/* The keys are distinct: each goes to the first empty slot from its hash,
** which the slot gives without reading the key's copy. */
static void rehash(IdMap *m, size_t cap)
{
    IdMap old = *m;
    m->cap = cap;
    m->slots = rt_alloc_atomic(sizeof(IdSlot) * m->cap);
    m->keys = RT_NEW_ARRAY(const char *, m->cap);
    size_t mask = cap - 1;
    for (size_t i = 0; i < old.cap; i++) {
        if (!old.slots[i].len1)
            continue;
        size_t j = (size_t)slot_hash(&old.slots[i]) & mask;
        while (m->slots[j].len1)
            j = (j + 1) & mask;
        m->slots[j] = old.slots[i];
        m->keys[j] = old.keys[i];
    }
}

static void grow(IdMap *m)
{
    rehash(m, m->cap * 2);
}

void idmap_reserve(IdMap *m, size_t expected)
{
    if (!m->cap) {
        allocate(m, expected);
        return;
    }
    size_t cap = m->cap;
    while (too_full(expected, cap))
        cap *= 2;
    if (cap != m->cap)
        rehash(m, cap);
}

/* A zeroed map has no slots: found nowhere, without probing. Keys of at
** most 8 bytes (the ids of the hot loops' lookups) are probed here, without
** find_slot's call: one word compared per slot. */
static inline bool get_hashed(const IdMap *m, const char *key, size_t len, uint64_t h, uint64_t word, int *value)
{
    if (!m->cap)
        return false;
    if (len <= 8) {
        const IdSlot *slots = m->slots;
        size_t mask = m->cap - 1;
        uint32_t len1 = (uint32_t)len + 1;
        for (size_t i = (size_t)h & mask; slots[i].len1; i = (i + 1) & mask)
            if (slots[i].word == word && slots[i].len1 == len1) {
                *value = slots[i].value;
                return true;
            }
        return false;
    }
    size_t i = find_slot(m, key, len, h, word);
    if (!m->slots[i].len1)
        return false;
    *value = m->slots[i].value;
    return true;
}

bool idmap_get(const IdMap *m, const char *key, size_t len, int *value)
{
    if (!m->cap)
        return false;
    uint64_t word, h = hash_bytes(key, len, &word);
    return get_hashed(m, key, len, h, word, value);
}

/* A short key's word is the key itself (short_word): cheaper than keeping it. */
bool idmap_get_hashed(const IdMap *m, const char *key, size_t len, uint64_t hash, int *value)
{
    return get_hashed(m, key, len, hash, len <= 8 ? short_word(key, len) : 0, value);
}

int idmap_index(const IdMap *m, const char *key)
{
    int value;
    return idmap_get(m, key, strlen(key), &value) ? value : -1;
}

const char *idmap_key(const IdMap *m, const char *key, size_t len)
{
    if (!m->cap)
        return NULL;
    uint64_t word, h = hash_bytes(key, len, &word);
    return m->keys[find_slot(m, key, len, h, word)];
}

/* The slot already holding key, or NULL when key was new and is now stored with `value`. */
static IdSlot *existing_or_insert(IdMap *m, const char *key, size_t len, int value)
{
    if (!m->cap)
        allocate(m, 0);
    uint64_t word, h = hash_bytes(key, len, &word);
    size_t i = find_slot(m, key, len, h, word);
    if (m->slots[i].len1)
        return &m->slots[i];
    /* from the map's arena: one allocation per some thousands of ids, not one per id */
    m->keys[i] = rt_arena_strndup(&m->copies, key, len);
    m->slots[i] = (IdSlot){ .word = len <= 8 ? word : h, .len1 = (uint32_t)len + 1, .value = value };
    if (too_full(++m->count, m->cap))
        grow(m);
    return NULL;
}

void idmap_put(IdMap *m, const char *key, size_t len, int value)
{
    IdSlot *slot = existing_or_insert(m, key, len, value);
    if (slot)
        slot->value = value;
}

int idmap_add(IdMap *m, const char *key, size_t len, int value)
{
    const IdSlot *slot = existing_or_insert(m, key, len, value);
    return slot ? slot->value : -1;
}

/* Keys of at most 8 bytes are compared by their slot's word alone: only a
** longer key's probe reads the parallel array of copies. The hash is the
** one idmap_get_hashed takes, whatever the map (it depends on the key alone). */
uint64_t idmap_prefetch(const IdMap *m, const char *key, size_t len)
{
    uint64_t word, h = hash_bytes(key, len, &word);
    if (!m->cap)
        return h;
    size_t i = (size_t)h & (m->cap - 1);
    __builtin_prefetch(&m->slots[i]);
    if (len > 8)
        __builtin_prefetch(&m->keys[i]);
    return h;
}

size_t idmap_count(const IdMap *m) { return m->count; }

size_t idmap_slots(const IdMap *m) { return m->cap; }

const char *idmap_key_at(const IdMap *m, size_t i) { return i < m->cap ? m->keys[i] : NULL; }
