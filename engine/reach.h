/*
 * reach.h - what the rules can still conclude while one question is left
 * unknown (every other answer free to be anything), or when one question is
 * the only one answered: which rules can fire and how confident each
 * condition can become.
 *
 * Place in the pipeline: an analysis of a compiled knowledge base, used by
 * lint (a condition that every supporting rule gates on one question) and by
 * tri_kb_unreachable_without (`triage eval --coverage`). It never evaluates
 * answers and never changes the knowledge base.
 *
 * The analysis over-approximates: a test on an answered question is assumed
 * to be possibly TRUE and possibly FALSE (lint's never-true check finds the
 * tests that cannot be), and parts of a condition are judged independently.
 * So "cannot fire" is certain; "can fire" may be optimistic.
 */
#ifndef TRIAGE_REACH_H
#define TRIAGE_REACH_H

#include "kb.h"

enum { REACH_TRUE = 1, REACH_FALSE = 2 };

typedef struct reach {
    const tri_kb *kb;
    const tri_allocator *a;
    uint32_t q;       /* the question held unknown (or the only one known), or NO_INDEX */
    bool only;        /* q is the only question answered */
    uint8_t *fact;    /* per fact: REACH_TRUE and/or REACH_FALSE when it can settle so */
    uint8_t *done;    /* per fact: worked out (or being worked out) for the current question */
} reach;

/* Prepares r for kb, with no question held unknown. Returns TRI_OK, or
 * TRI_ERR_NOMEM (r then needs no reach_fini). a may be NULL (the default). */
tri_status reach_init(reach *r, const tri_kb *kb, const tri_allocator *a);
void reach_fini(reach *r);

/* Holds question q unknown (NO_INDEX: none); what each fact can become is
 * then worked out when first needed. */
void reach_without(reach *r, uint32_t q);

/* Answers only question q, every other question unknown. */
void reach_only(reach *r, uint32_t q);

/* Whether rule's `when` can be TRUE under the current reach_without/only. */
bool reach_can_fire(reach *r, uint32_t rule);

/* The highest confidence condition c can reach: every supporting rule that
 * can fire fires, no opposing rule does, and its prior counts. */
double reach_best_cf(reach *r, uint32_t c);

#endif
