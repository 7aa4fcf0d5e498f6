/*
 * names.c - hashing and comparing ids.
 */
#include "names.h"

#include <string.h>

static uint32_t hash(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    return h;
}

static const char *record_id(const id_index *ix, uint32_t i)
{
    return *(const char *const *)(ix->base + (size_t)i * ix->stride);
}

bool id_index_build(id_index *ix, arena *ar, const void *base, size_t stride, uint32_t n)
{
    uint32_t cap = 16; /* at most three quarters full */
    while (cap / 4 * 3 < n + 1)
        cap *= 2;
    ix->base = base;
    ix->stride = stride;
    ix->mask = cap - 1;
    ix->slots = arena_calloc(ar, cap, sizeof *ix->slots);
    if (!ix->slots)
        return false;
    for (uint32_t i = 0; i < n; i++) {
        const char *id = record_id(ix, i);
        if (!id)
            continue;
        uint32_t h = hash(id, strlen(id)) & ix->mask;
        while (ix->slots[h])
            h = (h + 1) & ix->mask;
        ix->slots[h] = i + 1;
    }
    return true;
}

uint32_t id_index_find(const id_index *ix, const char *id, size_t len)
{
    if (!ix->slots)
        return UINT32_MAX;
    uint32_t h = hash(id, len) & ix->mask;
    while (ix->slots[h]) {
        const char *cand = record_id(ix, ix->slots[h] - 1);
        if (strncmp(cand, id, len) == 0 && cand[len] == '\0')
            return ix->slots[h] - 1;
        h = (h + 1) & ix->mask;
    }
    return UINT32_MAX;
}

bool names_valid_id(const char *s)
{
    if (!(*s >= 'a' && *s <= 'z'))
        return false;
    size_t n = 1;
    for (const char *p = s + 1; *p; p++, n++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_' || *p == '-'))
            return false;
    return n <= 63;
}

unsigned names_distance(const char *a, const char *b, unsigned cap)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 63 || lb > 63)
        return cap + 1;
    if ((la > lb ? la - lb : lb - la) > cap)
        return cap + 1;
    unsigned row[64];
    for (size_t j = 0; j <= lb; j++)
        row[j] = (unsigned)j;
    for (size_t i = 1; i <= la; i++) {
        unsigned diag = row[0], best = cap + 1;
        row[0] = (unsigned)i;
        for (size_t j = 1; j <= lb; j++) {
            unsigned up = row[j];
            unsigned cost = a[i - 1] == b[j - 1] ? 0 : 1;
            unsigned v = diag + cost;
            if (up + 1 < v)
                v = up + 1;
            if (row[j - 1] + 1 < v)
                v = row[j - 1] + 1;
            row[j] = v;
            diag = up;
            if (v < best)
                best = v;
        }
        if (best > cap)
            return cap + 1;
    }
    return row[lb];
}

void names_best_init(names_best *nb, const char *word)
{
    nb->word = word;
    nb->best = NULL;
    nb->dist = 1000;
}

void names_best_offer(names_best *nb, const char *candidate)
{
    if (!candidate)
        return;
    unsigned d = names_distance(nb->word, candidate, 3);
    if (d < nb->dist) {
        nb->dist = d;
        nb->best = candidate;
    }
}

const char *names_best_get(const names_best *nb)
{
    size_t n = strlen(nb->word);
    unsigned allowed = n <= 3 ? 1 : n <= 6 ? 2 : 3;
    return nb->best && nb->dist <= allowed && nb->dist > 0 ? nb->best : NULL;
}
