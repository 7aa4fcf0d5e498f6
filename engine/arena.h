/*
 * arena.h - bump allocation for everything a loaded knowledge base owns.
 *
 * A knowledge base lives in one arena and goes away in one arena_free().
 * Foreign objects (compiled PCRE2 patterns) register a cleanup function that
 * arena_free() calls, newest first. Allocations are 16-byte aligned;
 * strings (arena_strndup) are packed one after the other.
 */
#ifndef TRIAGE_ARENA_H
#define TRIAGE_ARENA_H

#include <stdbool.h>
#include <stddef.h>

#include "triage/triage.h"

typedef struct arena arena;

/* A new empty arena using allocator a (NULL = default); NULL on failure. */
arena *arena_new(const tri_allocator *a);

/* Frees every block and runs every cleanup. arena_free(NULL) is a no-op. */
void arena_free(arena *ar);

/* Runs the cleanups and frees all blocks but one, keeping the arena for
 * reuse (a session parses each answers record into the same arena). */
void arena_reset(arena *ar);

/* size bytes, uninitialised; NULL on failure. */
void *arena_alloc(arena *ar, size_t size);

/* n * size zeroed bytes; NULL on overflow or failure. */
void *arena_calloc(arena *ar, size_t n, size_t size);

/* A NUL-terminated copy of the n bytes at s; NULL on failure. */
char *arena_strndup(arena *ar, const char *s, size_t n);
char *arena_strdup(arena *ar, const char *s);

/* Registers fn(p) to run when the arena is freed; false on failure (then
 * fn(p) has been called already, so the caller never leaks p). */
bool arena_on_free(arena *ar, void (*fn)(void *), void *p);

const tri_allocator *arena_allocator(const arena *ar);

#endif
