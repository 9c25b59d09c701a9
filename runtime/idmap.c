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

static uint64_t load64(const char *p)
{
    uint64_t w;
    memcpy(&w, p, 8);
    return w;
}

static uint64_t load32(const char *p)
{
    uint32_t w;
    memcpy(&w, p, 4);
    return w;
}

/* The n <= 8 bytes of s as one word, by overlapping loads that never read
** past s[n - 1]; two texts of the same length give the same word only when
** they are equal. */
static uint64_t short_word(const char *s, size_t n)
{
    if (n >= 4)
        return load32(s) | load32(s + n - 4) << 32;
    if (n > 0)
        return (uint64_t)(unsigned char)s[0] << 16 | (uint64_t)(unsigned char)s[n / 2] << 8
             | (unsigned char)s[n - 1];
    return 0;
}

/* A word at a time (ids are short: "P17638" is one), each multiplied in,
** then murmur3's final mix so that ids differing in their last digit spread
** over the table. */
static uint64_t hash_bytes(const char *s, size_t n)
{
    uint64_t h = 0x9e3779b97f4a7c15ull ^ n;
    size_t i = 0;
    for (; i + 8 < n; i += 8) {
        h = (h ^ load64(s + i)) * 0xff51afd7ed558ccdull;
        h ^= h >> 29;
    }
    h = (h ^ short_word(s + i, n - i)) * 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 33;
    return h;
}

static bool same_key(const char *a, const char *b, size_t n)
{
    if (n <= 8)
        return short_word(a, n) == short_word(b, n);
    if (n <= 16)
        return load64(a) == load64(b) && load64(a + n - 8) == load64(b + n - 8);
    return memcmp(a, b, n) == 0;
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
        if (slots[i].hash == h && slots[i].len == len && same_key(slots[i].key, key, len))
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
