/*
 * names.h - ids: validity, interning into hash indexes, and "did you mean".
 *
 * Every kb record type starts with its `const char *id`, so one index type
 * serves them all: it hashes the ids of an array of records of a given size.
 */
#ifndef TRIAGE_NAMES_H
#define TRIAGE_NAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"

typedef struct id_index {
    const char *base; /* the records */
    size_t stride;
    uint32_t *slots;  /* record index + 1; 0 = empty */
    uint32_t mask;
} id_index;

/* Builds an index over n records of stride bytes at base (ids first). Records
 * whose id is NULL are skipped. false on allocation failure. */
bool id_index_build(id_index *ix, arena *ar, const void *base, size_t stride, uint32_t n);

/* The index of the record with id (len bytes), or UINT32_MAX. */
uint32_t id_index_find(const id_index *ix, const char *id, size_t len);

/* True when s is a valid id: [a-z][a-z0-9_-]*, at most 63 characters. */
bool names_valid_id(const char *s);

/* Edit distance, capped at cap + 1. */
unsigned names_distance(const char *a, const char *b, unsigned cap);

/* Keeps the closest candidate seen so far. */
typedef struct names_best {
    const char *word;
    const char *best;
    unsigned dist;
} names_best;

void names_best_init(names_best *nb, const char *word);
void names_best_offer(names_best *nb, const char *candidate);
/* The suggestion, if close enough to be useful; else NULL. */
const char *names_best_get(const names_best *nb);

#endif
