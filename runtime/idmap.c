/* runtime/idmap.c: open-addressing hash map from text keys to integers, in GC memory. */
#include "idmap.h"

#include "gc.h"

#include <stdint.h>
#include <string.h>

typedef struct IdSlot {
    const char *key;         /* NULL: empty slot */
    size_t len;
    uint64_t hash;
    int value;
} IdSlot;

struct IdMap {
    IdSlot *slots;
    size_t cap;              /* a power of two */
    size_t count;
};

/* FNV-1a, then a final mix so that ids differing in their last digit spread. */
static uint64_t hash_bytes(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ull;
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    return h;
}

IdMap *idmap_new(size_t expected)
{
    IdMap *m = RT_NEW(IdMap);
    size_t cap = 16;
    while (cap < expected * 2)
        cap *= 2;
    m->slots = RT_NEW_ARRAY(IdSlot, cap);
    m->cap = cap;
    return m;
}

static IdSlot *find_slot(IdSlot *slots, size_t cap, const char *key, size_t len, uint64_t h)
{
    size_t i = (size_t)h & (cap - 1);
    while (slots[i].key) {
        if (slots[i].hash == h && slots[i].len == len && memcmp(slots[i].key, key, len) == 0)
            return &slots[i];
        i = (i + 1) & (cap - 1);
    }
    return &slots[i];
}

static void grow(IdMap *m)
{
    size_t cap = m->cap * 2;
    IdSlot *slots = RT_NEW_ARRAY(IdSlot, cap);
    for (size_t i = 0; i < m->cap; i++) {
        IdSlot *s = &m->slots[i];
        if (s->key)
            *find_slot(slots, cap, s->key, s->len, s->hash) = *s;
    }
    m->slots = slots;
    m->cap = cap;
}

bool idmap_get(const IdMap *m, const char *key, size_t len, int *value)
{
    IdSlot *s = find_slot(m->slots, m->cap, key, len, hash_bytes(key, len));
    if (!s->key)
        return false;
    *value = s->value;
    return true;
}

const char *idmap_key(const IdMap *m, const char *key, size_t len)
{
    IdSlot *s = find_slot(m->slots, m->cap, key, len, hash_bytes(key, len));
    return s->key;
}

void idmap_put(IdMap *m, const char *key, size_t len, int value)
{
    uint64_t h = hash_bytes(key, len);
    IdSlot *s = find_slot(m->slots, m->cap, key, len, h);
    if (s->key) {
        s->value = value;
        return;
    }
    s->key = rt_strndup(key, len);
    s->len = len;
    s->hash = h;
    s->value = value;
    if (++m->count * 2 > m->cap)
        grow(m);
}

size_t idmap_count(const IdMap *m) { return m->count; }
