/*
 * interview.h - choosing the next question of an interview, explaining why
 * it is asked, undo and what-if (docs/interview.md).
 *
 * Place in the pipeline: a client of session and infer, like report. The
 * interview never writes into the knowledge base and never into the real
 * session except through the answer functions; everything it simulates
 * happens on a scratch session allocated once, in tri_interview_new.
 */
#ifndef TRIAGE_INTERVIEW_H
#define TRIAGE_INTERVIEW_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "session.h"
#include "strbuf.h"

/* What a result tells a person: the triage level, the first explanation in
 * favour and the likely ones among the first three (in order), and the
 * verdict on each look-alike pair it shows. */
typedef struct iv_outcome {
    uint8_t level;
    uint8_t ntop;
    uint32_t top[3];
    uint64_t pairs_shown;   /* look-alike verdicts the result shows (first 64 pairs) */
    uint64_t pairs_first;   /* ... which favour the pair's first condition */
} iv_outcome;

/* One answer given through the interview, with what it replaced (for back). */
typedef struct iv_step {
    uint32_t q;
    uint8_t prev_state;           /* tri_answer_state before the answer */
    uint32_t prev_off, prev_len;  /* the previous answer's text, in iv->keep */
} iv_step;

/* A representative answer to simulate: an option mask, or a value. */
typedef struct iv_sample {
    uint64_t mask;
    double value;
    double lo, hi;                /* number/duration: the region it stands for */
    bool lo_in, hi_in;            /* whether lo/hi themselves belong to it */
} iv_sample;

struct tri_interview {
    tri_session *s;               /* the real answers (the caller's) */
    tri_session *sim;             /* scratch: simulations and what-if */
    const tri_kb *kb;
    const tri_allocator *alloc;
    uint32_t nq, words;           /* questions; 64-bit words in one question set */

    uint64_t *rule_deps;          /* per rule: questions its `when` depends on (via facts too) */
    uint64_t *ask_deps;           /* per question: questions its ask_if depends on */
    uint8_t *stakes;              /* per question: most urgent level a rule using it forces */
    bool *screen;                 /* per question: part of the emergency screen */
    bool *opens;                  /* per question: another question's ask_if depends on it */
    uint32_t *sample_first, *sample_n;
    iv_sample *samples;           /* representative answers, per question */
    double *score, *reach;        /* per question: mean and largest change (last next()) */
    uint8_t *ask_tv;              /* per question: ask_if value (last next()) */
    uint8_t *asked;               /* per question: answered through the interview */
    int about_q, child_opt;       /* the `about` question and its `child` option, or -1 */
    uint8_t *mark;                /* scratch: one flag per condition */
    uint64_t *tmp_set;            /* scratch: one question set */

    iv_step *steps;
    size_t nsteps, steps_cap;
    char *keep;                   /* texts of replaced answers, for back */
    size_t keep_len, keep_cap;
    int forced;                   /* question to propose next (after back), or -1 */
    const char *stop;             /* why the interview is complete */

    tri_ask_reason last_reason;   /* of the question last proposed */
    int last_q;                   /* that question, or -1 */

    strbuf out;                   /* rendered WHY and JSON */
    arena *input;                 /* the last parsed JSON line (reset per line) */
};

/* The outcome of s's last evaluation. */
void interview_outcome(const tri_session *s, iv_outcome *o);

/* How much outcome b differs from a: 0 when the level, the top three (in
 * order) and the look-alike verdicts shown by both are the same. The level
 * weighs 8, the first place 4, each explanation entering or leaving the
 * three 1 (an order change alone 1), each verdict changing sides 0.5. */
double interview_change(const iv_outcome *a, const iv_outcome *b);

#endif
