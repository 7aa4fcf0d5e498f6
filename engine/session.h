/*
 * session.h - one person's answers and the scratch space to evaluate them.
 *
 * A session never writes into the knowledge base. Everything evaluation
 * needs is allocated when the session is created (sized from the knowledge
 * base), so tri_session_evaluate allocates nothing; batch evaluation clears
 * and reuses one session per worker.
 */
#ifndef TRIAGE_SESSION_H
#define TRIAGE_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#include "diag.h"
#include "kb.h"
#include "loader.h"
#include "strbuf.h"

/* Three-valued truth. */
enum { TV_FALSE = 0, TV_TRUE = 1, TV_UNKNOWN = 2 };

/* Rule firing state. */
enum { FIRED_NO = 0, FIRED_YES = 1, FIRED_TRIAGE_ONLY = 2 };

typedef struct answer {
    uint8_t state;        /* tri_answer_state */
    uint64_t mask;        /* choice, multi, yes_no: options chosen */
    double lo, hi;        /* number, duration */
    uint32_t text_off;    /* canonical text in the pool */
    uint32_t text_len;
} answer;

struct tri_session {
    const tri_kb *kb;
    const tri_allocator *alloc;
    tri_diag_fn on_diag;
    void *diag_ctx;
    answer *answers;
    char *pool;
    size_t pool_len, pool_cap;
    rx_scratch *sc;
    arena *scratch; /* parse trees of answers files; reset per file */
    char date[32]; /* answers file `date:`, or "" */

    /* evaluation results */
    bool evaluated;
    uint8_t *fact_tv;
    uint8_t *rule_fired;
    double *mb, *md, *cf;
    uint8_t *touched;
    uint32_t *ranked;
    uint32_t nranked;
    uint8_t *red_fired;
    uint32_t *red_rule; /* first rule that raised each red flag */
    uint8_t *advice_on;
    uint8_t *factor_on;
    uint8_t level;
    bool nothing_fits;

    struct explain *explained; /* what the result says: one block from alloc, made by
                                  explain.c on the first render, freed here */
    strbuf out;
};

/* Stores text (n bytes) as the canonical text of q's answer, compacting or
 * growing the pool if needed; false when out of memory (nothing changed). */
bool session_store_text(tri_session *s, uint32_t q, const char *text, size_t n);

/* Applies a mapping of question ids to answers (an answers file's
 * `answers:`, a case's `answers:`, a JSON Lines record) strictly through
 * answer_set (answer.h), reporting every problem at its node to d. json: a null value
 * leaves the question unanswered (else it is an error). Answers before and
 * after a bad one are still set. Defined in answers.c. */
void answers_apply(tri_session *s, const node *map, bool json, diag_sink *d);

/* Text of an answer's canonical form (not NUL-terminated). */
static inline const char *session_answer_text(const tri_session *s, uint32_t q, uint32_t *len)
{
    *len = s->answers[q].text_len;
    return s->pool + s->answers[q].text_off;
}

/* Evaluates test node ci. mode: 0 normal; 1 worst case counts a partly
 * met range as met; 2 as not met (1 and 2 swap under `not`). */
uint8_t infer_test(const tri_session *s, uint32_t ci, int mode);

/* True when condition c, at confidence cf, is below the likely threshold but
 * at or above its `must_not_miss`, so that its level is a triage floor. */
bool infer_must_not_miss(const tri_kb *kb, uint32_t c, double cf);

#endif
