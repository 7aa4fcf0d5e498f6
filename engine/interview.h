/*
 * interview.h - choosing the next question of an interview, explaining why
 * it is asked, undo and what-if (docs/interview.md). Shared by the files of
 * the interview: interview.c (choosing, answers, undo, what-if),
 * interview_text.c (question texts, WHY) and interview_json.c (the JSON
 * protocol).
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

    bool alarmed;                 /* the last answer described an emergency in words */
    bool alarm_kept;              /* ... and was also kept as an answer */
    uint32_t alarm_q;             /* the question it was typed at */
    tri_alarm alarm;

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

/* True when condition c is among the first three of o. */
bool interview_in_top(const iv_outcome *o, uint32_t c);

/* ---- what the interview knows about a question (interview.c) ---- */

/* Red-flag questions (tested by a rule raising a red flag) are always asked
 * unless their ask_if excludes them; the knowledge base marks them. */
bool interview_is_red_flag_question(const tri_interview *iv, uint32_t q);

/* Sets mark[c] (one byte per condition, caller-owned: iv->mark) for the
 * explanations q's rules support or argue against, clears the rest, and
 * returns how many are marked. */
size_t interview_tested_conditions(const tri_interview *iv, uint32_t q, uint8_t *mark);

/* Why q would be asked now, judged from the question alone (screen,
 * context, red flag or informative). */
tri_ask_reason interview_classify(const tri_interview *iv, uint32_t q);

/* Evaluates the real answers and the ask_if of every question. */
void interview_refresh(tri_interview *iv);

/* ---- simulation on the scratch session (interview.c) ---- */

/* Copies the real answers into the scratch session. False on allocation
 * failure (the pool had to grow); the scratch session is then unchanged. */
bool interview_sync_sim(tri_interview *iv);

/* Sets representative answer i of question q on the scratch session,
 * evaluates, writes the outcome to o and puts the old answer back. */
void interview_sim_sample(tri_interview *iv, uint32_t q, uint32_t i, iv_outcome *o);

/* ---- what each answer would do (interview_text.c) ---- */

/* Appends to b one clause per way o differs from base ("triage becomes
 * urgent (now routine)"), or "no change to the result"; names in lang. An
 * allocation failure sets b->failed. */
void interview_describe_change(strbuf *b, const tri_kb *kb, const iv_outcome *base,
                               const iv_outcome *o, const char *lang);

/* Called once per distinct answer of q: id is the option's id (NULL for a
 * range of numbers or durations), label its text in the person's words,
 * base the outcome now and o the outcome with that answer. */
typedef void (*iv_answer_fn)(tri_interview *iv, uint32_t q, const char *id, const char *label,
                             const iv_outcome *base, const iv_outcome *o, void *ctx);

/* What the WHY renderers (text and JSON) pass through interview_each_answer. */
typedef struct iv_why {
    strbuf *b;            /* where they write */
    const char *lang;
    unsigned number;      /* text: answers listed so far */
    bool json_first;      /* JSON: no answer written yet */
} iv_why;

/* Calls fn once per distinct answer of q (options one by one; number and
 * duration samples merged while they give the same outcome), simulated on
 * the scratch session. Calls nothing when the answers cannot be copied
 * there (out of memory). */
void interview_each_answer(tri_interview *iv, uint32_t q, const char *lang, iv_answer_fn fn,
                           void *ctx);

#endif
