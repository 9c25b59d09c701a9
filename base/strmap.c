/* base/strmap.c: open-addressing string hash map used by the checker (linear probing, FNV-1a). */
#include "strmap.h"

#include "gc.h"

#include <stdint.h>
#include <string.h>

static uint32_t hash_string(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 16777619u;
    }
    return h;
}

/* Slot of key, or of the empty slot where it would go. cap is a power of two. */
static unsigned find_slot(const char **keys, unsigned cap, const char *key)
{
    unsigned i = hash_string(key) & (cap - 1);
    while (keys[i] && strcmp(keys[i], key) != 0)
        i = (i + 1) & (cap - 1);
    return i;
}

int strmap_get(const StrMap *m, const char *key)
{
    if (m->cap == 0)
        return -1;
    unsigned i = find_slot(m->keys, m->cap, key);
    return m->keys[i] ? m->vals[i] : -1;
}

static void grow(StrMap *m)
{
    unsigned cap = m->cap ? m->cap * 2 : 16;
    const char **keys = rt_alloc(sizeof *keys * cap);
    int *vals = rt_alloc_atomic(sizeof *vals * cap);
    for (unsigned i = 0; i < m->cap; i++)
        if (m->keys[i]) {
            unsigned j = find_slot(keys, cap, m->keys[i]);
            keys[j] = m->keys[i];
            vals[j] = m->vals[i];
        }
    m->keys = keys;
    m->vals = vals;
    m->cap = cap;
}

int strmap_put(StrMap *m, const char *key, int val)
{
    /* Keep the load under 1/2 so that probes stay short. */
    if ((m->len + 1) * 2 > m->cap)
        grow(m);
    unsigned i = find_slot(m->keys, m->cap, key);
    if (m->keys[i])
        return m->vals[i];
    m->keys[i] = key;
    m->vals[i] = val;
    m->len++;
    return -1;
}

void strmap_set(StrMap *m, const char *key, int val)
{
    if (strmap_put(m, key, val) < 0)
        return;
    unsigned i = find_slot(m->keys, m->cap, key);
    m->vals[i] = val;
}
