/*
 * support.h - helpers shared by the unit tests: knowledge bases from inline
 * YAML, collected diagnostics, and an allocator that fails on request.
 */
#ifndef TRIAGE_TEST_SUPPORT_H
#define TRIAGE_TEST_SUPPORT_H

#include <check.h>
#include <stdbool.h>
#include <stddef.h>

#include "triage/triage.h"

/* Diagnostics collected as "line:col: severity: message" lines. */
typedef struct collected {
    char text[8192];
    unsigned errors, warnings;
} collected;

void collect_diag(const tri_diag *d, void *ctx);

/* Loads a knowledge base from one in-memory file named "test.yaml", keeping
 * where its tests are written (tri_options.keep_source). On failure returns
 * NULL with the diagnostics in *out (if out is not NULL). */
tri_kb *kb_from_string(const char *yaml, collected *out);

/* A session on kb with answers given as "question=value" strings; fails the
 * test on any error. */
tri_session *session_with(const tri_kb *kb, const char *const *answers);

/* Rank (0-based) of condition id in the session's result, or -1. */
int rank_of(const tri_session *s, const char *id);
double confidence_of(const tri_session *s, const char *id);

/* An allocator that fails every allocation after `budget` successful ones
 * (budget < 0: never fails) and counts live blocks, to find leaks. */
typedef struct failing_alloc {
    tri_allocator a;
    long budget;
    long live;
    long calls;
} failing_alloc;

void failing_alloc_init(failing_alloc *f, long budget);

/* Runs the suite, returns the process exit code. */
int run_suite(Suite *s);

#endif
