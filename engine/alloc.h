/*
 * alloc.h - the engine's one door to memory.
 *
 * Every allocation of the engine goes through a tri_allocator so that tests
 * can fail the Nth allocation and see a clean error. mem_default() is the C
 * library's allocator.
 */
#ifndef TRIAGE_ALLOC_H
#define TRIAGE_ALLOC_H

#include <stddef.h>

#include "triage/triage.h"

/* The C library's malloc/realloc/free, wrapped. */
const tri_allocator *mem_default(void);

/* The allocator to use: a itself, or the default one when a is NULL. */
static inline const tri_allocator *mem_or_default(const tri_allocator *a)
{
    return a ? a : mem_default();
}

static inline void *mem_alloc(const tri_allocator *a, size_t size)
{
    return a->malloc(size ? size : 1, a->ctx);
}

static inline void *mem_realloc(const tri_allocator *a, void *p, size_t size)
{
    return a->realloc(p, size ? size : 1, a->ctx);
}

static inline void mem_free(const tri_allocator *a, void *p)
{
    if (p)
        a->free(p, a->ctx);
}

/* Allocates n * size zeroed bytes; NULL on overflow or failure. */
void *mem_calloc(const tri_allocator *a, size_t n, size_t size);

#endif
