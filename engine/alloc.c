/*
 * alloc.c - the default allocator and overflow-checked zeroed allocation.
 */
#include "alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void *libc_malloc(size_t size, void *ctx)
{
    (void)ctx;
    return malloc(size);
}

static void *libc_realloc(void *p, size_t size, void *ctx)
{
    (void)ctx;
    return realloc(p, size);
}

static void libc_free(void *p, void *ctx)
{
    (void)ctx;
    free(p);
}

static const tri_allocator libc_allocator = {libc_malloc, libc_realloc, libc_free, NULL};

const tri_allocator *mem_default(void)
{
    return &libc_allocator;
}

void *mem_calloc(const tri_allocator *a, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        return NULL;
    void *p = mem_alloc(a, n * size);
    if (p)
        memset(p, 0, n * size > 0 ? n * size : 1);
    return p;
}
