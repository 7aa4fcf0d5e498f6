/*
 * vec.h - a growable array used while compiling (before sizes are known).
 *
 * Elements are zeroed when pushed. Pointers into a vec are invalidated by
 * the next push: hold indices instead. vec_freeze() copies the elements into
 * an arena, where they stay for the knowledge base's life.
 */
#ifndef TRIAGE_VEC_H
#define TRIAGE_VEC_H

#include <stdint.h>
#include <string.h>

#include "alloc.h"
#include "arena.h"

typedef struct vec {
    char *data;
    uint32_t n, cap, elem;
    const tri_allocator *alloc;
} vec;

static inline void vec_init(vec *v, const tri_allocator *a, uint32_t elem)
{
    v->data = NULL;
    v->n = v->cap = 0;
    v->elem = elem;
    v->alloc = a;
}

static inline void vec_fini(vec *v)
{
    mem_free(v->alloc, v->data);
    v->data = NULL;
    v->n = v->cap = 0;
}

/* A new zeroed element at the end; NULL on allocation failure. */
static inline void *vec_push(vec *v)
{
    if (v->n == v->cap) {
        uint32_t ncap = v->cap ? v->cap * 2 : 16;
        char *nd = mem_realloc(v->alloc, v->data, (size_t)ncap * v->elem);
        if (!nd)
            return NULL;
        v->data = nd;
        v->cap = ncap;
    }
    void *p = v->data + (size_t)v->n * v->elem;
    memset(p, 0, v->elem);
    v->n++;
    return p;
}

static inline void *vec_at(const vec *v, uint32_t i)
{
    return v->data + (size_t)i * v->elem;
}

/* Copies the elements into ar; returns the copy (a valid pointer even when
 * empty) or NULL on allocation failure. */
static inline void *vec_freeze(const vec *v, arena *ar)
{
    void *p = arena_alloc(ar, (size_t)v->n * v->elem);
    if (p && v->n)
        memcpy(p, v->data, (size_t)v->n * v->elem);
    return p;
}

#endif
