/* base/idmap.c: the one open-addressing hash map from text keys to integers, in GC memory. */
#include "idmap.h"

#include "gc.h"

#include <stdint.h>
#include <string.h>

_Static_assert(sizeof(IdSlot) == 16, "a slot is 16 bytes: four share a cache line");

/* A stored key's hash, from its slot alone: a short key's word is the key,
** a long key's is its hash. */
static inline uint64_t slot_hash(const IdSlot *s)
{
    size_t len = s->len1 - 1;
    return len <= 8 ? idmap_hash_last(idmap_hash_seed(len), s->word) : s->word;
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
        if (slots[i].word == h && slots[i].len1 == len1 && idmap_same_bytes(m->keys[i], key, len))
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
** most 8 bytes are probed in idmap.h (idmap_get_hashed), longer ones here. */
static inline bool get_long(const IdMap *m, const char *key, size_t len, uint64_t h, int *value)
{
    if (!m->cap)
        return false;
    size_t i = find_slot(m, key, len, h, 0);
    if (!m->slots[i].len1)
        return false;
    *value = m->slots[i].value;
    return true;
}

bool idmap_get_long(const IdMap *m, const char *key, size_t len, uint64_t h, int *value)
{
    return get_long(m, key, len, h, value);
}

bool idmap_get(const IdMap *m, const char *key, size_t len, int *value)
{
    uint64_t word, h = idmap_hash(key, len, &word);
    return len <= 8 ? idmap_probe_short(m, len, h, word, value) : get_long(m, key, len, h, value);
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
    uint64_t word, h = idmap_hash(key, len, &word);
    return m->keys[find_slot(m, key, len, h, word)];
}

/* The slot already holding key, or NULL when key was new and is now stored with `value`. */
static IdSlot *existing_or_insert(IdMap *m, const char *key, size_t len, int value)
{
    if (!m->cap)
        allocate(m, 0);
    uint64_t word, h = idmap_hash(key, len, &word);
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

size_t idmap_count(const IdMap *m) { return m->count; }

size_t idmap_slots(const IdMap *m) { return m->cap; }

const char *idmap_key_at(const IdMap *m, size_t i) { return i < m->cap ? m->keys[i] : NULL; }
