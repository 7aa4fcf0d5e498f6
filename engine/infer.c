/*
 * infer.c - evaluation: three-valued conditions, derived facts to a
 * fixpoint, rule firing, certainty factors, ranking and triage.
 *
 * Design note (see docs/rule-language.md, "Inference"):
 *  1. Facts start UNKNOWN. Each pass gives every still-UNKNOWN fact the OR of
 *     its setters' `when` values; a fact is kept once TRUE or FALSE. Kleene
 *     logic is monotone in information, so a settled fact never changes and
 *     each useful pass settles one more fact: at most nfacts + 1 passes, and
 *     cycles that nothing settles stay UNKNOWN instead of looping.
 *  2. With facts fixed, each rule is evaluated once. A rule that raises
 *     triage is also evaluated in worst-case mode, where a range answer that
 *     meets a test in part counts as meeting it; its triage actions fire when
 *     that is TRUE (so "3-8 min" meets "over 5 min" for a red flag).
 *  3. Certainty: MB and MD accumulate the CFs of supporting and opposing
 *     rules with x + y(1 - x); CF = (MB - MD) / (1 - min(MB, MD)). A
 *     condition's prior is one more piece of evidence, combined into MB
 *     (prior > 0) or MD (prior < 0) once some fired rule touches the
 *     condition, so a rare condition needs more than one feature.
 *  4. Ranking by CF descending, ties by id; likely when CF >= 0.3.
 *  5. Triage: most urgent of red flags, floors, likely conditions' levels
 *     and the levels of must-not-miss conditions whose CF reached their
 *     must_not_miss; routine when nothing is likely (and nothing more urgent
 *     fired).
 * Nothing here allocates.
 */
#include <math.h>
#include <string.h>

#include "session.h"

static uint8_t range_tv(const kb_cond *k, const answer *a, int mode)
{
    bool lo_ok_all = k->lo_open ? a->lo > k->lo : a->lo >= k->lo;
    bool hi_ok_all = k->hi_open ? a->hi < k->hi : a->hi <= k->hi;
    if (lo_ok_all && hi_ok_all)
        return TV_TRUE;
    bool below = k->lo_open ? a->hi <= k->lo : a->hi < k->lo;
    bool above = k->hi_open ? a->lo >= k->hi : a->lo > k->hi;
    if (below || above)
        return TV_FALSE;
    return mode == 1 ? TV_TRUE : mode == 2 ? TV_FALSE : TV_UNKNOWN;
}

uint8_t infer_cond(const tri_session *s, uint32_t ci, int mode)
{
    const tri_kb *kb = s->kb;
    const kb_cond *k = &kb->conds[ci];
    switch (k->op) {
    case COND_ALL: {
        uint8_t r = TV_TRUE;
        for (uint32_t i = 0; i < k->n; i++) {
            uint8_t v = infer_cond(s, kb->cond_kids[k->first + i], mode);
            if (v == TV_FALSE)
                return TV_FALSE;
            if (v == TV_UNKNOWN)
                r = TV_UNKNOWN;
        }
        return r;
    }
    case COND_ANY: {
        uint8_t r = TV_FALSE;
        for (uint32_t i = 0; i < k->n; i++) {
            uint8_t v = infer_cond(s, kb->cond_kids[k->first + i], mode);
            if (v == TV_TRUE)
                return TV_TRUE;
            if (v == TV_UNKNOWN)
                r = TV_UNKNOWN;
        }
        return r;
    }
    case COND_NOT: {
        uint8_t v = infer_cond(s, kb->cond_kids[k->first], mode == 1 ? 2 : mode == 2 ? 1 : 0);
        return v == TV_UNKNOWN ? TV_UNKNOWN : v == TV_TRUE ? TV_FALSE : TV_TRUE;
    }
    case COND_AT_LEAST: {
        uint32_t t = 0, u = 0;
        for (uint32_t i = 0; i < k->n; i++) {
            uint8_t v = infer_cond(s, kb->cond_kids[k->first + i], mode);
            t += v == TV_TRUE;
            u += v == TV_UNKNOWN;
        }
        if (t >= k->need)
            return TV_TRUE;
        return t + u < k->need ? TV_FALSE : TV_UNKNOWN;
    }
    case COND_FACT:
        return s->fact_tv[k->target];
    case COND_ANSWERED:
        return s->answers[k->target].state == TRI_ANSWERED ? TV_TRUE : TV_FALSE;
    case COND_UNKNOWN:
        return s->answers[k->target].state == TRI_ANSWERED ? TV_FALSE : TV_TRUE;
    default:
        break;
    }
    const answer *a = &s->answers[k->target];
    if (a->state != TRI_ANSWERED)
        return TV_UNKNOWN;
    switch (k->op) {
    case COND_OPTION_ANY:
        return (a->mask & k->mask) ? TV_TRUE : TV_FALSE;
    case COND_OPTION_ALL:
        return (a->mask & k->mask) == k->mask ? TV_TRUE : TV_FALSE;
    case COND_OPTION_NONE:
        return (a->mask & k->mask) ? TV_FALSE : TV_TRUE;
    case COND_RANGE:
        return range_tv(k, a, mode);
    case COND_MATCH: {
        int m = rx_test(kb->rx, k->rx, s->sc, s->pool + a->text_off, a->text_len);
        return m == 1 ? TV_TRUE : m == 0 ? TV_FALSE : TV_UNKNOWN;
    }
    default:
        return TV_UNKNOWN;
    }
}

static void settle_facts(tri_session *s)
{
    const tri_kb *kb = s->kb;
    for (uint32_t f = 0; f < kb->nfacts; f++)
        s->fact_tv[f] = TV_UNKNOWN;
    for (uint32_t pass = 0; pass <= kb->nfacts; pass++) {
        bool changed = false;
        for (uint32_t f = 0; f < kb->nfacts; f++) {
            if (s->fact_tv[f] != TV_UNKNOWN)
                continue;
            const kb_fact *fact = &kb->facts[f];
            uint8_t v = TV_FALSE;
            for (uint32_t i = 0; i < fact->nsetters && v != TV_TRUE; i++) {
                const kb_rule *r = &kb->rules[kb->fact_setters[fact->first_setter + i]];
                uint8_t w = r->when == NO_INDEX ? TV_FALSE : infer_cond(s, r->when, 0);
                if (w == TV_TRUE)
                    v = TV_TRUE;
                else if (w == TV_UNKNOWN)
                    v = TV_UNKNOWN;
            }
            if (v != TV_UNKNOWN) {
                s->fact_tv[f] = v;
                changed = true;
            }
        }
        if (!changed)
            break;
    }
}

static inline double combine(double x, double y)
{
    return x + y * (1 - x);
}

bool infer_must_not_miss(const tri_kb *kb, uint32_t c, double cf)
{
    double from = kb->conditions[c].must_not_miss;
    return from > 0 && cf >= from && cf < TRI_LIKELY_THRESHOLD;
}

static bool ranks_before(const tri_session *s, uint32_t a, uint32_t b)
{
    if (s->cf[a] != s->cf[b])
        return s->cf[a] > s->cf[b];
    return strcmp(s->kb->conditions[a].id, s->kb->conditions[b].id) < 0;
}

void tri_session_evaluate(tri_session *s)
{
    const tri_kb *kb = s->kb;
    memset(s->rule_fired, 0, kb->nrules);
    memset(s->touched, 0, kb->nconditions);
    memset(s->red_fired, 0, kb->nred_flags);
    memset(s->advice_on, 0, kb->nadvice);
    memset(s->factor_on, 0, kb->nfactors);
    for (uint32_t c = 0; c < kb->nconditions; c++)
        s->mb[c] = s->md[c] = s->cf[c] = 0;

    rx_budget_reset(s->sc);
    settle_facts(s);

    uint8_t floor = TRI_LEVEL_COUNT; /* most urgent level forced by red flags and floors */
    for (uint32_t r = 0; r < kb->nrules; r++) {
        const kb_rule *rule = &kb->rules[r];
        if (rule->when == NO_INDEX)
            continue;
        bool fires = infer_cond(s, rule->when, 0) == TV_TRUE;
        bool fires_triage = fires || (rule->raises_triage && infer_cond(s, rule->when, 1) == TV_TRUE);
        if (!fires && !fires_triage)
            continue;
        s->rule_fired[r] = fires ? FIRED_YES : FIRED_TRIAGE_ONLY;
        for (uint32_t i = 0; i < rule->nactions; i++) {
            const kb_action *a = &kb->actions[rule->first_action + i];
            switch (a->kind) {
            case ACT_TRIAGE:
                if (a->target < floor)
                    floor = (uint8_t)a->target;
                continue;
            case ACT_RED_FLAG:
                if (!s->red_fired[a->target]) {
                    s->red_fired[a->target] = 1;
                    s->red_rule[a->target] = r;
                }
                if (kb->red_flags[a->target].level < floor)
                    floor = kb->red_flags[a->target].level;
                continue;
            default:
                break;
            }
            if (!fires)
                continue;
            switch (a->kind) {
            case ACT_SUPPORT:
                s->mb[a->target] = combine(s->mb[a->target], a->cf);
                s->touched[a->target] = 1;
                break;
            case ACT_OPPOSE:
                s->md[a->target] = combine(s->md[a->target], a->cf);
                s->touched[a->target] = 1;
                break;
            case ACT_ADVISE:
                s->advice_on[a->target] = 1;
                break;
            case ACT_FACTOR:
                s->factor_on[a->target] = 1;
                break;
            default:
                break;
            }
        }
    }

    /* certainty and ranking (insertion sort: few conditions, stable, no allocation) */
    s->nranked = 0;
    uint8_t likely_level = TRI_LEVEL_COUNT;
    for (uint32_t c = 0; c < kb->nconditions; c++) {
        if (!s->touched[c])
            continue;
        double prior = kb->conditions[c].prior;
        if (prior > 0)
            s->mb[c] = combine(s->mb[c], prior);
        else if (prior < 0)
            s->md[c] = combine(s->md[c], -prior);
        double mb = s->mb[c], md = s->md[c], m = fmin(mb, md);
        s->cf[c] = m >= 1 ? 0 : (mb - md) / (1 - m);
        uint32_t i = s->nranked++;
        while (i > 0 && ranks_before(s, c, s->ranked[i - 1])) {
            s->ranked[i] = s->ranked[i - 1];
            i--;
        }
        s->ranked[i] = c;
        if (s->cf[c] >= TRI_LIKELY_THRESHOLD) {
            if (kb->conditions[c].level < likely_level)
                likely_level = kb->conditions[c].level;
            for (uint32_t k = 0; k < kb->conditions[c].nadvice; k++)
                s->advice_on[kb->advice_refs[kb->conditions[c].first_advice + k]] = 1;
        } else if (infer_must_not_miss(kb, c, s->cf[c])) {
            /* possible, not likely: its level is a floor and its advice is given */
            if (kb->conditions[c].level < floor)
                floor = kb->conditions[c].level;
            for (uint32_t k = 0; k < kb->conditions[c].nadvice; k++)
                s->advice_on[kb->advice_refs[kb->conditions[c].first_advice + k]] = 1;
        }
    }
    s->nothing_fits = likely_level == TRI_LEVEL_COUNT;
    uint8_t level = s->nothing_fits ? TRI_LEVEL_ROUTINE : likely_level;
    if (floor < level)
        level = floor;
    s->level = level;
    s->evaluated = true;
}

tri_level tri_result_level(const tri_session *s)
{
    return (tri_level)s->level;
}

size_t tri_result_explanation_count(const tri_session *s)
{
    return s->nranked;
}

size_t tri_result_explanation(const tri_session *s, size_t rank, double *confidence, bool *likely)
{
    uint32_t c = s->ranked[rank];
    if (confidence)
        *confidence = s->cf[c];
    if (likely)
        *likely = s->cf[c] >= TRI_LIKELY_THRESHOLD;
    return c;
}

size_t tri_result_red_flag_count(const tri_session *s)
{
    size_t n = 0;
    for (uint32_t f = 0; f < s->kb->nred_flags; f++)
        n += s->red_fired[f];
    return n;
}

size_t tri_result_red_flag(const tri_session *s, size_t i)
{
    for (uint32_t f = 0; f < s->kb->nred_flags; f++)
        if (s->red_fired[f] && i-- == 0)
            return f;
    return 0;
}

bool tri_result_rule_fired(const tri_session *s, size_t rule)
{
    return s->rule_fired[rule] != FIRED_NO;
}

bool tri_result_nothing_fits(const tri_session *s)
{
    return s->nothing_fits;
}
