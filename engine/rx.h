/*
 * rx.h - regular expressions: the only user of PCRE2.
 *
 * A knowledge base owns one rx_set: every pattern it uses (option wording,
 * `matches` tests, the duration grammar) compiled once, with UTF-8 and
 * caseless matching, through the engine's allocator. Matching runs under a
 * match limit, a depth limit and a heap limit, so a pattern that backtracks
 * catastrophically fails in bounded time instead of hanging; callers treat
 * that failure as "cannot tell". Per-match scratch space (rx_scratch) is
 * owned by a session, so matching allocates nothing.
 *
 * The limits bound one match; a budget bounds one evaluation: once
 * RX_EVAL_LIMIT_HITS of its `matches` tests (rx_test) have run into a limit,
 * its remaining `matches` tests are not run and are "cannot tell" too. So
 * 2,000 catastrophic tests cost a handful of match limits, not 2,000.
 */
#ifndef TRIAGE_RX_H
#define TRIAGE_RX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"

#define RX_MATCH_LIMIT 200000u
#define RX_DEPTH_LIMIT 2000u
#define RX_HEAP_LIMIT_KIB 2048u
#define RX_EVAL_LIMIT_HITS 8u /* matches per evaluation that may run into a limit */

typedef struct rx_set rx_set;
typedef struct rx_scratch rx_scratch;

/* A new empty set whose memory is released with the arena; NULL on failure. */
rx_set *rx_set_new(arena *ar);

/* Compiles pattern (len bytes). Returns its index, or -1: then *status says
 * why (TRI_ERR_NOMEM, or TRI_ERR_INVALID with msg filled and *err_chars the
 * character offset of the problem in the pattern). */
int rx_compile(rx_set *set, const char *pattern, size_t len, tri_status *status, char *msg,
               size_t msg_size, unsigned *err_chars);

/* Scratch space big enough for any pattern of set (compile them all first). */
rx_scratch *rx_scratch_new(const rx_set *set, const tri_allocator *a);
void rx_scratch_free(rx_scratch *sc);

/* Matches pattern idx against subject[0..len) from byte start.
 * Returns 1 on a match, 0 on no match, -1 when a limit was hit or the
 * subject is not valid UTF-8, -2 when PCRE2 could not allocate its frames. */
int rx_match(const rx_set *set, int idx, rx_scratch *sc, const char *subject, size_t len,
             size_t start);

/* The same for a subject already known to be valid UTF-8 (rx_valid_utf8):
 * PCRE2 does not check it again, so searching a long text occurrence after
 * occurrence stays linear. */
int rx_match_valid(const rx_set *set, int idx, rx_scratch *sc, const char *subject, size_t len,
                   size_t start);

/* Whether s[0..n) is valid UTF-8, as PCRE2 requires of a subject. */
bool rx_valid_utf8(const char *s, size_t n);

/* A `matches` test of an evaluation: rx_match under the budget of sc (the
 * same results, and -1 without matching once the budget is spent). */
int rx_test(const rx_set *set, int idx, rx_scratch *sc, const char *subject, size_t len);

/* Starts a new evaluation: the full budget again. */
void rx_budget_reset(rx_scratch *sc);

/* Byte offsets of capture group n of the last match; false if it did not take part. */
bool rx_group(const rx_scratch *sc, unsigned n, size_t *begin, size_t *end);

#endif
