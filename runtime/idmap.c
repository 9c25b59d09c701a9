/* runtime/idmap.c: open-addressing hash map from text keys to integers, in GC memory. */
#include "idmap.h"

#include "gc.h"

#include <stdint.h>
#include <string.h>

/* Keys of at most 8 bytes (most ids) are compared through `word`, held in
** the slot itself: a lookup then touches one slot, not the key's copy. */
typedef struct IdSlot {
    const char *key;         /* NULL: empty slot */
    uint64_t hash;
    uint64_t word;           /* short_word(key) when len <= 8 */
    uint32_t len;
    int value;
} IdSlot;

struct IdMap {
    IdSlot *slots;
    size_t cap;              /* a power of two */
    size_t count;
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

/* A word at a time (ids are short: "P17638" is one), each multiplied in,
** then murmur3's final mix so that ids differing in their last digit spread
** over the table. */
static inline uint64_t hash_bytes(const char *s, size_t n, uint64_t *word)
{
    uint64_t h = 0x9e3779b97f4a7c15ull ^ n;
    size_t i = 0;
    for (; i + 8 < n; i += 8) {
        h = (h ^ load64(s + i)) * 0xff51afd7ed558ccdull;
        h ^= h >> 29;
    }
    *word = short_word(s + i, n - i);
    h = (h ^ *word) * 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ull;
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

/* The slot holding key, or the empty slot where it would go. word: the
** hash's last word, which is the whole key when len <= 8. */
static IdSlot *find_slot(IdSlot *slots, size_t cap, const char *key, size_t len, uint64_t h, uint64_t word)
{
    size_t i = (size_t)h & (cap - 1);
    if (len <= 8) {
        for (; slots[i].key; i = (i + 1) & (cap - 1))
            if (slots[i].word == word && slots[i].len == len)
                return &slots[i];
        return &slots[i];
    }
    for (; slots[i].key; i = (i + 1) & (cap - 1))
        if (slots[i].hash == h && slots[i].len == len && memcmp(slots[i].key, key, len) == 0)
            return &slots[i];
    return &slots[i];
}

static void grow(IdMap *m)
{
    size_t cap = m->cap * 2;
    IdSlot *slots = RT_NEW_ARRAY(IdSlot, cap);
    for (size_t i = 0; i < m->cap; i++) {
        IdSlot *s = &m->slots[i];
        if (s->key)
            *find_slot(slots, cap, s->key, s->len, s->hash, s->word) = *s;
    }
    m->slots = slots;
    m->cap = cap;
}

bool idmap_get(const IdMap *m, const char *key, size_t len, int *value)
{
    uint64_t word, h = hash_bytes(key, len, &word);
    IdSlot *s = find_slot(m->slots, m->cap, key, len, h, word);
    if (!s->key)
        return false;
    *value = s->value;
    return true;
}

const char *idmap_key(const IdMap *m, const char *key, size_t len)
{
    uint64_t word, h = hash_bytes(key, len, &word);
    return find_slot(m->slots, m->cap, key, len, h, word)->key;
}

void idmap_put(IdMap *m, const char *key, size_t len, int value)
{
    uint64_t word, h = hash_bytes(key, len, &word);
    IdSlot *s = find_slot(m->slots, m->cap, key, len, h, word);
    if (s->key) {
        s->value = value;
        return;
    }
    s->key = rt_strndup(key, len);
    s->len = (uint32_t)len;
    s->hash = h;
    s->word = word;
    s->value = value;
    if (++m->count * 2 > m->cap)
        grow(m);
}

size_t idmap_count(const IdMap *m) { return m->count; }
