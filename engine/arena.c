/*
 * arena.c - bump allocator over a chain of blocks, with a cleanup list.
 */
#include "arena.h"

#include <stdint.h>
#include <string.h>

#include "alloc.h"

#define BLOCK_SIZE (4u * 1024u) /* small: a loaded knowledge base wastes little */
#define ALIGN 16u

typedef struct block {
    struct block *next;
    size_t size, used;
    _Alignas(16) unsigned char data[];
} block;

typedef struct cleanup {
    struct cleanup *next;
    void (*fn)(void *);
    void *p;
} cleanup;

struct arena {
    const tri_allocator *alloc;
    block *blocks;
    cleanup *cleanups;
};

arena *arena_new(const tri_allocator *a)
{
    a = mem_or_default(a);
    arena *ar = mem_alloc(a, sizeof *ar);
    if (!ar)
        return NULL;
    ar->alloc = a;
    ar->blocks = NULL;
    ar->cleanups = NULL;
    return ar;
}

void arena_free(arena *ar)
{
    if (!ar)
        return;
    for (cleanup *c = ar->cleanups; c;) {
        cleanup *next = c->next;
        c->fn(c->p);
        c = next; /* cleanup records live in the blocks freed below */
    }
    for (block *b = ar->blocks; b;) {
        block *next = b->next;
        mem_free(ar->alloc, b);
        b = next;
    }
    mem_free(ar->alloc, ar);
}

void arena_reset(arena *ar)
{
    for (cleanup *c = ar->cleanups; c;) {
        cleanup *next = c->next;
        c->fn(c->p);
        c = next;
    }
    ar->cleanups = NULL;
    block *keep = NULL;
    for (block *b = ar->blocks; b;) {
        block *next = b->next;
        if (!keep && b->size == BLOCK_SIZE) {
            keep = b;
        } else {
            mem_free(ar->alloc, b);
        }
        b = next;
    }
    if (keep) {
        keep->next = NULL;
        keep->used = 0;
    }
    ar->blocks = keep;
}

/* size bytes at an offset that is a multiple of align (a power of two). */
static void *take(arena *ar, size_t size, size_t align)
{
    block *b = ar->blocks;
    size_t at = b ? (b->used + align - 1) & ~(align - 1) : 0;
    if (!b || at > b->size || b->size - at < size) {
        /* a large one-off gets a block of its own (the current one stays open for
         * small ones), so a block's unused tail is never over a quarter of it */
        bool alone = b && size > BLOCK_SIZE / 4;
        size_t cap = alone || size > BLOCK_SIZE ? size : BLOCK_SIZE;
        if (cap > SIZE_MAX - sizeof(block))
            return NULL;
        block *nb = mem_alloc(ar->alloc, sizeof(block) + cap);
        if (!nb)
            return NULL;
        nb->size = cap;
        nb->used = 0;
        if (alone) {
            nb->next = b->next;
            b->next = nb;
            nb->used = size;
            return nb->data;
        }
        nb->next = b;
        ar->blocks = b = nb;
        at = 0;
    }
    b->used = at + size;
    return b->data + at;
}

void *arena_alloc(arena *ar, size_t size)
{
    return take(ar, size ? size : 1, ALIGN);
}

void *arena_calloc(arena *ar, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        return NULL;
    void *p = arena_alloc(ar, n * size);
    if (p)
        memset(p, 0, n * size);
    return p;
}

char *arena_strndup(arena *ar, const char *s, size_t n)
{
    if (n >= SIZE_MAX)
        return NULL;
    char *p = take(ar, n + 1, 1); /* text needs no alignment: strings are packed */
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *arena_strdup(arena *ar, const char *s)
{
    return arena_strndup(ar, s, strlen(s));
}

bool arena_on_free(arena *ar, void (*fn)(void *), void *p)
{
    cleanup *c = arena_alloc(ar, sizeof *c);
    if (!c) {
        fn(p);
        return false;
    }
    c->fn = fn;
    c->p = p;
    c->next = ar->cleanups;
    ar->cleanups = c;
    return true;
}

const tri_allocator *arena_allocator(const arena *ar)
{
    return ar->alloc;
}
