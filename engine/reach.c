/*
 * reach.c - which rules can fire, and how likely each condition can become,
 * while one question is unknown (see reach.h).
 *
 * Two questions are asked of every condition node: can it be TRUE, can it be
 * FALSE? A test on the question held unknown is neither (it is UNKNOWN); a
 * test on any other question may be either. The combinators follow the
 * three-valued logic of infer.c. A fact can be TRUE when one of its setters
 * can, FALSE when all of them can; each fact is worked out once, when first
 * needed, so one question costs time in proportion to the size of the rules.
 * A fact met again while it is being worked out (a cycle, which lint reports
 * as an error) counts as unsettled, as the engine leaves such facts UNKNOWN.
 */
#include "reach.h"

#include <math.h>
#include <string.h>

#include "alloc.h"
#include "arena.h"

tri_status reach_init(reach *r, const tri_kb *kb, const tri_allocator *a)
{
    r->kb = kb;
    r->a = mem_or_default(a);
    r->q = NO_INDEX;
    r->only = false;
    r->fact = mem_calloc(r->a, 2 * (size_t)kb->nfacts + 2, 1);
    if (!r->fact)
        return TRI_ERR_NOMEM;
    r->done = r->fact + kb->nfacts + 1;
    reach_without(r, NO_INDEX);
    return TRI_OK;
}

void reach_fini(reach *r)
{
    mem_free(r->a, r->fact);
    r->fact = NULL;
}

/* Whether question q can have a real answer under r. */
static bool known(const reach *r, uint32_t q)
{
    return r->only ? q == r->q : q != r->q;
}

static uint8_t fact_can(reach *r, uint32_t f);

/* Whether condition node ci can take the value want (REACH_TRUE or REACH_FALSE). */
static bool can(reach *r, uint32_t ci, int want)
{
    const tri_kb *kb = r->kb;
    const kb_test *k = &kb->tests[ci];
    int other = want == REACH_TRUE ? REACH_FALSE : REACH_TRUE;
    switch (k->op) {
    case TEST_ALL:
    case TEST_ANY: {
        /* ALL is TRUE when every kid is, FALSE when one is; ANY the other way round */
        bool every = (k->op == TEST_ALL) == (want == REACH_TRUE);
        for (uint32_t i = 0; i < k->n; i++) {
            bool v = can(r, kb->test_kids[k->first + i], want);
            if (every && !v)
                return false;
            if (!every && v)
                return true;
        }
        return every;
    }
    case TEST_NOT:
        return can(r, kb->test_kids[k->first], other);
    case TEST_AT_LEAST: {
        uint32_t n = 0;
        for (uint32_t i = 0; i < k->n; i++)
            n += can(r, kb->test_kids[k->first + i], want);
        return want == REACH_TRUE ? n >= k->need : n + k->need > k->n;
    }
    case TEST_FACT:
        return (fact_can(r, k->target) & want) != 0;
    case TEST_ANSWERED:
        return want == REACH_FALSE || known(r, k->target);
    case TEST_UNKNOWN:
        return want == REACH_TRUE || known(r, k->target);
    default:
        return known(r, k->target);
    }
}

/* What fact f can settle to (REACH_TRUE and/or REACH_FALSE), worked out once. */
static uint8_t fact_can(reach *r, uint32_t f)
{
    if (r->done[f])
        return r->fact[f]; /* finished, or in progress (a cycle): 0 so far */
    r->done[f] = 1;
    const tri_kb *kb = r->kb;
    const kb_fact *fact = &kb->facts[f];
    bool any_true = false, all_false = true; /* no setter: FALSE, as in infer.c */
    for (uint32_t i = 0; i < fact->nsetters; i++) {
        const kb_rule *rule = &kb->rules[kb->fact_setters[fact->first_setter + i]];
        if (rule->when == NO_INDEX)
            continue;
        if (!any_true)
            any_true = can(r, rule->when, REACH_TRUE);
        if (all_false)
            all_false = can(r, rule->when, REACH_FALSE);
    }
    r->fact[f] = (uint8_t)((any_true ? REACH_TRUE : 0) | (all_false ? REACH_FALSE : 0));
    return r->fact[f];
}

static void settle(reach *r)
{
    memset(r->fact, 0, 2 * (size_t)r->kb->nfacts + 2);
}

void reach_without(reach *r, uint32_t q)
{
    r->q = q;
    r->only = false;
    settle(r);
}

void reach_only(reach *r, uint32_t q)
{
    r->q = q;
    r->only = true;
    settle(r);
}

bool reach_can_fire(reach *r, uint32_t rule)
{
    uint32_t w = r->kb->rules[rule].when;
    return w != NO_INDEX && can(r, w, REACH_TRUE);
}

double reach_best_cf(reach *r, uint32_t c)
{
    const tri_kb *kb = r->kb;
    const kb_condition *k = &kb->conditions[c];
    double mb = 0, md = 0;
    bool touched = false;
    for (uint32_t j = 0; j < k->nrules; j++) {
        uint32_t ri = kb->cond_rules[k->first_rule + j];
        const kb_rule *rule = &kb->rules[ri];
        bool fires = reach_can_fire(r, ri);
        for (uint32_t i = 0; fires && i < rule->nactions; i++) {
            const kb_action *act = &kb->actions[rule->first_action + i];
            if (act->kind == ACT_SUPPORT && act->target == c) {
                mb = mb + act->cf * (1 - mb);
                touched = true;
            }
        }
    }
    if (!touched)
        return 0;
    if (k->prior > 0)
        mb = mb + k->prior * (1 - mb);
    else
        md = -k->prior;
    double m = fmin(mb, md);
    return m >= 1 ? 0 : (mb - md) / (1 - m);
}

tri_status tri_kb_unreachable_without(const tri_kb *kb, size_t q, bool *unreachable)
{
    reach r;
    if (reach_init(&r, kb, arena_allocator(kb->ar)) != TRI_OK)
        return TRI_ERR_NOMEM;
    double *best = mem_calloc(r.a, kb->nconditions + 1, sizeof *best);
    if (!best) {
        reach_fini(&r);
        return TRI_ERR_NOMEM;
    }
    for (uint32_t c = 0; c < kb->nconditions; c++)
        best[c] = reach_best_cf(&r, c);
    reach_without(&r, (uint32_t)q);
    for (uint32_t c = 0; c < kb->nconditions; c++)
        unreachable[c] = best[c] >= TRI_LIKELY_THRESHOLD &&
                         reach_best_cf(&r, c) < TRI_LIKELY_THRESHOLD;
    mem_free(r.a, best);
    reach_fini(&r);
    return TRI_OK;
}
