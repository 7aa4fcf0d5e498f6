/*
 * interview.c - the adaptive interview: which question to ask next and why,
 * answers with undo, what-if and replay. The words it shows a person (question
 * texts, WHY) are in interview_text.c, its JSON protocol in interview_json.c.
 *
 * Design note (docs/interview.md has the full account):
 *  - Order. (1) the emergency screen: screening questions that a rule forcing
 *    `emergency` tests on its own; (2) `about`, so later questions can be
 *    phrased for a parent; (3) every red-flag question (one that a rule
 *    raising a red flag tests itself) whose ask_if holds, best score first;
 *    (4) a question that decides the ask_if of a red-flag question still
 *    waiting; (5) the question with the best score, while some question
 *    could still change the outcome.
 *  - Outcome: what the result tells a person: the triage level, the first
 *    explanation in favour, the likely ones among the first three, and which
 *    side each look-alike verdict it shows takes.
 *  - Score. For each askable unanswered question, each representative answer
 *    (every option; for numbers and durations a value in each interval the
 *    rules' thresholds cut, and the thresholds) is set on a scratch copy of
 *    the answers and evaluated; interview_change() measures how much the
 *    outcome moved. If the answer opens a follow-up (makes another
 *    question's ask_if hold), that follow-up's answers are tried too (half
 *    weight in the score). The score is the mean change over the answers,
 *    `reach` the largest. When no question has reach > 0 and no mandatory
 *    question is left, the interview stops.
 *  - ask_if. FALSE: never asked. UNKNOWN while a question it depends on can
 *    still be asked: the question waits. UNKNOWN once everything it depends
 *    on is answered (some of it `unknown`): its premise is unknown, so it is
 *    no longer mandatory; a red-flag question is then still asked when its
 *    answer could change the outcome, any other question is left out.
 *  - Cost. Evaluation allocates nothing, and the scratch session, the
 *    dependency sets and the representative answers are allocated once in
 *    tri_interview_new, so choosing a question allocates nothing.
 */
#include "interview.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alarm.h"
#include "alloc.h"

/* ---- names ------------------------------------------------------------------ */

const char *tri_ask_reason_name(tri_ask_reason reason)
{
    static const char *const names[] = {
#define TRI_ASK_REASON_NAME(name, text) text,
        TRI_ASK_REASON_LIST(TRI_ASK_REASON_NAME)
#undef TRI_ASK_REASON_NAME
    };
    return (unsigned)reason < TRI_ASK_REASON_COUNT ? names[reason] : "unknown";
}

const char *tri_ask_reason_meaning(tri_ask_reason reason)
{
    switch (reason) {
    case TRI_ASK_SCREEN:
        return "it is part of the emergency check, which always comes first";
    case TRI_ASK_CONTEXT:
        return "it says whose movements these are, so the questions can be put the right way";
    case TRI_ASK_RED_FLAG:
        return "some answers to it are warning signs that change how soon to get help, so it is "
               "always asked";
    case TRI_ASK_PREREQUISITE:
        return "its answer decides whether a question about warning signs applies";
    case TRI_ASK_INFORMATIVE:
        return "its answer can change the most likely explanations or how soon to get help";
    default:
        return "";
    }
}

/* ---- outcomes ---------------------------------------------------------------- */

/* Rank of condition c in s's result, or 3 when it is not among the first three. */
static uint32_t rank3(const tri_session *s, uint32_t c)
{
    for (uint32_t i = 0; i < s->nranked && i < 3; i++)
        if (s->ranked[i] == c)
            return i;
    return 3;
}

void interview_outcome(const tri_session *s, iv_outcome *o)
{
    const tri_kb *kb = s->kb;
    o->level = s->level;
    o->pairs_shown = o->pairs_first = 0;
    /* a pair is shown when both are among the first three, or one is and the
     * other is likely (as the report does) */
    for (uint32_t i = 0; i < kb->nlookalikes && i < 64; i++) {
        const kb_lookalike *l = &kb->lookalikes[i];
        if (l->a == NO_INDEX || l->b == NO_INDEX || !s->touched[l->a] || !s->touched[l->b])
            continue;
        uint32_t ra = rank3(s, l->a), rb = rank3(s, l->b);
        bool la = s->cf[l->a] >= TRI_LIKELY_THRESHOLD, lb = s->cf[l->b] >= TRI_LIKELY_THRESHOLD;
        if (!((ra < 3 && rb < 3) || (ra < 3 && lb) || (rb < 3 && la)))
            continue;
        uint64_t bit = (uint64_t)1 << i;
        o->pairs_shown |= bit;
        if (s->cf[l->a] > s->cf[l->b] ||
            (s->cf[l->a] == s->cf[l->b] && strcmp(kb->conditions[l->a].id, kb->conditions[l->b].id) < 0))
            o->pairs_first |= bit;
    }
    o->ntop = 0;
    for (uint32_t i = 0; i < s->nranked && o->ntop < 3; i++) {
        uint32_t c = s->ranked[i];
        /* ranked by confidence: after the first, the rest are likely or none is */
        if (s->cf[c] > 0 && (o->ntop == 0 || s->cf[c] >= TRI_LIKELY_THRESHOLD))
            o->top[o->ntop++] = c;
    }
}

bool interview_in_top(const iv_outcome *o, uint32_t c)
{
    for (uint8_t i = 0; i < o->ntop; i++)
        if (o->top[i] == c)
            return true;
    return false;
}

double interview_change(const iv_outcome *a, const iv_outcome *b)
{
    double d = 0;
    if (a->level != b->level)
        d += 8;
    uint32_t a1 = a->ntop ? a->top[0] : NO_INDEX, b1 = b->ntop ? b->top[0] : NO_INDEX;
    if (a1 != b1)
        d += 4;
    unsigned moved = 0;
    for (uint8_t i = 0; i < a->ntop; i++)
        moved += !interview_in_top(b, a->top[i]);
    for (uint8_t i = 0; i < b->ntop; i++)
        moved += !interview_in_top(a, b->top[i]);
    d += moved;
    if (d == 0 && memcmp(a->top, b->top, a->ntop * sizeof a->top[0]) != 0)
        d = 1; /* same three, another order */
    /* a look-alike verdict the result shows either way that changes sides */
    uint64_t verdicts = a->pairs_shown & b->pairs_shown & (a->pairs_first ^ b->pairs_first);
    for (; verdicts; verdicts &= verdicts - 1)
        d += 0.5;
    return d;
}

/* ---- dependencies ------------------------------------------------------------- */

static inline bool bit_has(const uint64_t *set, uint32_t i)
{
    return (set[i / 64] >> (i % 64)) & 1;
}

static inline void bit_set(uint64_t *set, uint32_t i)
{
    set[i / 64] |= (uint64_t)1 << (i % 64);
}

/* Adds to out the questions condition ci depends on; facts through fact_deps. */
static void cond_deps(const tri_kb *kb, uint32_t ci, const uint64_t *fact_deps, uint32_t words,
                      uint64_t *out)
{
    const kb_cond *k = &kb->conds[ci];
    switch (k->op) {
    case COND_ALL:
    case COND_ANY:
    case COND_NOT:
    case COND_AT_LEAST:
        for (uint32_t i = 0; i < k->n; i++)
            cond_deps(kb, kb->cond_kids[k->first + i], fact_deps, words, out);
        return;
    case COND_FACT:
        for (uint32_t w = 0; w < words; w++)
            out[w] |= fact_deps[(size_t)k->target * words + w];
        return;
    default:
        bit_set(out, k->target);
    }
}

/* Fills rule_deps, ask_deps, stakes and screen. fact_deps is scratch. */
static void analyse(tri_interview *iv, uint64_t *fact_deps)
{
    const tri_kb *kb = iv->kb;
    uint32_t words = iv->words;
    /* facts to a fixpoint: a fact depends on what its setters depend on */
    for (bool changed = true; changed;) {
        changed = false;
        for (uint32_t f = 0; f < kb->nfacts; f++) {
            uint64_t *set = &fact_deps[(size_t)f * words];
            const kb_fact *fact = &kb->facts[f];
            for (uint32_t i = 0; i < fact->nsetters; i++) {
                const kb_rule *r = &kb->rules[kb->fact_setters[fact->first_setter + i]];
                if (r->when == NO_INDEX)
                    continue;
                memcpy(iv->tmp_set, set, words * sizeof *set);
                cond_deps(kb, r->when, fact_deps, words, set);
                changed |= memcmp(iv->tmp_set, set, words * sizeof *set) != 0;
            }
        }
    }
    for (uint32_t r = 0; r < kb->nrules; r++)
        if (kb->rules[r].when != NO_INDEX)
            cond_deps(kb, kb->rules[r].when, fact_deps, words, &iv->rule_deps[(size_t)r * words]);
    for (uint32_t q = 0; q < iv->nq; q++)
        if (kb->questions[q].ask_if != NO_INDEX)
            cond_deps(kb, kb->questions[q].ask_if, fact_deps, words,
                      &iv->ask_deps[(size_t)q * words]);
    for (uint32_t q = 0; q < iv->nq; q++) {
        iv->stakes[q] = TRI_LEVEL_COUNT;
        iv->screen[q] = false;
    }
    for (uint32_t r = 0; r < kb->nrules; r++) {
        const kb_rule *rule = &kb->rules[r];
        if (!rule->raises_triage)
            continue;
        const uint64_t *deps = &iv->rule_deps[(size_t)r * words];
        uint32_t count = 0, only = 0;
        for (uint32_t q = 0; q < iv->nq; q++)
            if (bit_has(deps, q)) {
                count++;
                only = q;
            }
        for (uint32_t q = 0; q < iv->nq; q++)
            if (bit_has(deps, q) && rule->raise_level < iv->stakes[q])
                iv->stakes[q] = rule->raise_level;
        if (count == 1 && rule->raise_level == TRI_LEVEL_EMERGENCY &&
            kb->questions[only].screening)
            iv->screen[only] = true;
    }
}

bool interview_is_red_flag_question(const tri_interview *iv, uint32_t q)
{
    return iv->kb->questions[q].red_flag;
}

size_t interview_tested_conditions(const tri_interview *iv, uint32_t q, uint8_t *mark)
{
    const tri_kb *kb = iv->kb;
    memset(mark, 0, kb->nconditions);
    size_t n = 0;
    for (uint32_t r = 0; r < kb->nrules; r++) {
        if (!bit_has(&iv->rule_deps[(size_t)r * iv->words], q))
            continue;
        const kb_rule *rule = &kb->rules[r];
        for (uint32_t i = 0; i < rule->nactions; i++) {
            const kb_action *a = &kb->actions[rule->first_action + i];
            if ((a->kind == ACT_SUPPORT || a->kind == ACT_OPPOSE) && !mark[a->target]) {
                mark[a->target] = 1;
                n++;
            }
        }
    }
    return n;
}

/* ---- representative answers ---------------------------------------------------- */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Writes question q's representative answers to out (if not NULL) and
 * returns how many there are. thr is scratch for kb->nconds * 2 values. */
static uint32_t make_samples(const tri_kb *kb, uint32_t q, double *thr, iv_sample *out)
{
    const kb_question *qq = &kb->questions[q];
    uint32_t n = 0;
    if (qq->type == TRI_Q_CHOICE || qq->type == TRI_Q_MULTI || qq->type == TRI_Q_YES_NO) {
        for (uint32_t o = 0; o < qq->noptions; o++, n++)
            if (out)
                out[n] = (iv_sample){.mask = (uint64_t)1 << o};
        return n;
    }
    if (qq->type != TRI_Q_NUMBER && qq->type != TRI_Q_DURATION)
        return 0; /* free text: no answers to enumerate */
    double lo_bound = qq->type == TRI_Q_DURATION ? 0 : qq->min, hi_bound = qq->max;
    if (qq->type == TRI_Q_DURATION && qq->min > lo_bound)
        lo_bound = qq->min;
    uint32_t k = 0;
    for (uint32_t i = 0; i < kb->nconds; i++) {
        const kb_cond *c = &kb->conds[i];
        if (c->op != COND_RANGE || c->target != q)
            continue;
        if (isfinite(c->lo))
            thr[k++] = c->lo;
        if (isfinite(c->hi))
            thr[k++] = c->hi;
    }
    qsort(thr, k, sizeof *thr, cmp_double);
    uint32_t u = 0;
    for (uint32_t i = 0; i < k; i++)
        if (u == 0 || thr[i] != thr[u - 1])
            thr[u++] = thr[i];
    /* regions (-inf, t0), t0, (t0, t1), t1, ..., (tk-1, +inf) */
    for (uint32_t i = 0; i <= u; i++) {
        double lo = i ? thr[i - 1] : -INFINITY, hi = i < u ? thr[i] : INFINITY, v;
        double clo = fmax(lo, lo_bound), chi = fmin(hi, hi_bound);
        if (isfinite(clo) && isfinite(chi))
            v = qq->type == TRI_Q_DURATION && clo > 0 ? sqrt(clo * chi) : (clo + chi) / 2;
        else if (isfinite(chi))
            v = chi > 0 ? chi / 2 : chi - 1;
        else if (isfinite(clo))
            v = clo > 0 ? clo * 2 : clo + 1;
        else
            v = 1;
        bool inside = v > lo && v < hi && v >= lo_bound && v <= hi_bound;
        if (inside) {
            if (out)
                out[n] = (iv_sample){.value = v, .lo = lo, .hi = hi};
            n++;
        }
        if (i < u && thr[i] >= lo_bound && thr[i] <= hi_bound) {
            if (out)
                out[n] = (iv_sample){.value = thr[i], .lo = thr[i], .hi = thr[i], .lo_in = true,
                                     .hi_in = true};
            n++;
        }
    }
    return n;
}

/* ---- life cycle ------------------------------------------------------------------- */

tri_interview *tri_interview_new(tri_session *s, const tri_options *opt, tri_error *err)
{
    diag_sink d;
    diag_init(&d, opt, err);
    if (!s) {
        diag_fail(&d, TRI_ERR_ARG, NULL, "an interview needs a session");
        return NULL;
    }
    const tri_allocator *a = mem_or_default(opt && opt->allocator ? opt->allocator : s->alloc);
    const tri_kb *kb = s->kb;
    tri_interview *iv = mem_calloc(a, 1, sizeof *iv);
    uint64_t *fact_deps = NULL;
    double *thr = NULL;
    if (!iv)
        goto nomem;
    iv->s = s;
    iv->kb = kb;
    iv->alloc = a;
    iv->nq = kb->nquestions;
    iv->words = (iv->nq + 63) / 64 + 1;
    iv->forced = iv->last_q = -1;
    sb_init(&iv->out, a);
    tri_options sim_opt = {0};
    sim_opt.allocator = a;
    iv->sim = tri_session_new(kb, &sim_opt, NULL);
    size_t nq1 = iv->nq + 1;
    iv->rule_deps = mem_calloc(a, (size_t)kb->nrules * iv->words + 1, sizeof(uint64_t));
    iv->ask_deps = mem_calloc(a, nq1 * iv->words, sizeof(uint64_t));
    fact_deps = mem_calloc(a, ((size_t)kb->nfacts + 1) * iv->words, sizeof(uint64_t));
    iv->stakes = mem_calloc(a, nq1, 1);
    iv->screen = mem_calloc(a, nq1, sizeof(bool));
    iv->opens = mem_calloc(a, nq1, sizeof(bool));
    iv->sample_first = mem_calloc(a, nq1, sizeof(uint32_t));
    iv->sample_n = mem_calloc(a, nq1, sizeof(uint32_t));
    iv->score = mem_calloc(a, nq1, sizeof(double));
    iv->reach = mem_calloc(a, nq1, sizeof(double));
    iv->ask_tv = mem_calloc(a, nq1, 1);
    iv->asked = mem_calloc(a, nq1, 1);
    iv->mark = mem_calloc(a, (size_t)kb->nconditions + 1, 1);
    iv->tmp_set = mem_calloc(a, iv->words, sizeof(uint64_t));
    thr = mem_calloc(a, (size_t)kb->nconds * 2 + 1, sizeof(double));
    if (!iv->sim || !iv->rule_deps || !iv->ask_deps || !fact_deps || !iv->stakes || !iv->screen || !iv->opens ||
        !iv->sample_first || !iv->sample_n || !iv->score || !iv->reach || !iv->ask_tv ||
        !iv->asked || !iv->mark || !iv->tmp_set || !thr)
        goto nomem;
    analyse(iv, fact_deps);
    uint32_t total = 0;
    for (uint32_t q = 0; q < iv->nq; q++) {
        iv->sample_first[q] = total;
        iv->sample_n[q] = make_samples(kb, q, thr, NULL);
        total += iv->sample_n[q];
    }
    iv->samples = mem_calloc(a, (size_t)total + 1, sizeof *iv->samples);
    if (!iv->samples)
        goto nomem;
    for (uint32_t q = 0; q < iv->nq; q++)
        make_samples(kb, q, thr, &iv->samples[iv->sample_first[q]]);
    for (uint32_t w = 0; w < iv->nq; w++)
        for (uint32_t q = 0; q < iv->nq; q++)
            if (q != w && bit_has(&iv->ask_deps[(size_t)w * iv->words], q))
                iv->opens[q] = true;
    iv->about_q = tri_kb_question_find(kb, "about");
    iv->child_opt = -1;
    if (iv->about_q >= 0) {
        const kb_question *qq = &kb->questions[iv->about_q];
        for (uint32_t o = 0; o < qq->noptions; o++)
            if (!strcmp(qq->options[o].id, "child"))
                iv->child_opt = (int)o;
    }
    mem_free(a, fact_deps);
    mem_free(a, thr);
    return iv;
nomem:
    mem_free(a, fact_deps);
    mem_free(a, thr);
    tri_interview_free(iv);
    diag_fail(&d, TRI_ERR_NOMEM, NULL, "out of memory while starting an interview");
    return NULL;
}

void tri_interview_free(tri_interview *iv)
{
    if (!iv)
        return;
    const tri_allocator *a = iv->alloc;
    tri_session_free(iv->sim);
    mem_free(a, iv->rule_deps);
    mem_free(a, iv->ask_deps);
    mem_free(a, iv->stakes);
    mem_free(a, iv->screen);
    mem_free(a, iv->opens);
    mem_free(a, iv->sample_first);
    mem_free(a, iv->sample_n);
    mem_free(a, iv->samples);
    mem_free(a, iv->score);
    mem_free(a, iv->reach);
    mem_free(a, iv->ask_tv);
    mem_free(a, iv->asked);
    mem_free(a, iv->mark);
    mem_free(a, iv->tmp_set);
    mem_free(a, iv->steps);
    mem_free(a, iv->keep);
    sb_fini(&iv->out);
    arena_free(iv->input);
    mem_free(a, iv);
}

tri_session *tri_interview_session(const tri_interview *iv)
{
    return iv->s;
}

static bool is_unanswered_in(const tri_session *s, uint32_t q)
{
    return s->answers[q].state == TRI_UNANSWERED;
}

/* ---- simulation ---------------------------------------------------------------------- */

bool interview_sync_sim(tri_interview *iv)
{
    tri_session *s = iv->s, *m = iv->sim;
    if (m->pool_cap < s->pool_len + 1) {
        char *np = mem_realloc(m->alloc, m->pool, s->pool_cap);
        if (!np)
            return false;
        m->pool = np;
        m->pool_cap = s->pool_cap;
    }
    memcpy(m->pool, s->pool, s->pool_len);
    m->pool_len = s->pool_len;
    memcpy(m->answers, s->answers, iv->nq * sizeof *s->answers);
    memcpy(m->date, s->date, sizeof m->date);
    m->evaluated = false;
    return true;
}

/* Sets sample i of question q on the scratch session (not evaluated). */
static void set_sample(tri_interview *iv, uint32_t q, uint32_t i)
{
    const iv_sample *sm = &iv->samples[iv->sample_first[q] + i];
    answer *a = &iv->sim->answers[q];
    a->state = TRI_ANSWERED;
    a->mask = sm->mask;
    a->lo = a->hi = sm->value;
}

void interview_sim_sample(tri_interview *iv, uint32_t q, uint32_t i, iv_outcome *o)
{
    answer saved = iv->sim->answers[q];
    set_sample(iv, q, i);
    tri_session_evaluate(iv->sim);
    interview_outcome(iv->sim, o);
    iv->sim->answers[q] = saved;
}

/* With an answer to p set (and evaluated) on the scratch session: the
 * largest change that a follow-up question could make whose ask_if did not
 * hold before and holds now (two steps of look-ahead, along ask_if only). */
static double opened_reach(tri_interview *iv, uint32_t p, const iv_outcome *base)
{
    double most = 0;
    for (uint32_t w = 0; w < iv->nq; w++) {
        if (w == p || !is_unanswered_in(iv->s, w) || iv->ask_tv[w] == TV_TRUE ||
            !bit_has(&iv->ask_deps[(size_t)w * iv->words], p) ||
            infer_cond(iv->sim, iv->kb->questions[w].ask_if, 0) != TV_TRUE)
            continue;
        answer saved = iv->sim->answers[w];
        for (uint32_t j = 0; j < iv->sample_n[w]; j++) {
            iv_outcome o;
            set_sample(iv, w, j);
            tri_session_evaluate(iv->sim);
            interview_outcome(iv->sim, &o);
            double d = interview_change(base, &o);
            if (d > most)
                most = d;
        }
        iv->sim->answers[w] = saved;
        tri_session_evaluate(iv->sim); /* back to p's answer alone, for the next ask_if */
    }
    return most;
}

/* The score (mean change over q's representative answers, a follow-up it
 * opens counting half) and the reach (largest change, follow-ups included). */
static void score_question(tri_interview *iv, uint32_t q, const iv_outcome *base)
{
    double sum = 0, most = 0;
    uint32_t n = iv->sample_n[q];
    answer saved = iv->sim->answers[q];
    for (uint32_t i = 0; i < n; i++) {
        iv_outcome o;
        set_sample(iv, q, i);
        tri_session_evaluate(iv->sim);
        interview_outcome(iv->sim, &o);
        double d = interview_change(base, &o);
        double later = iv->opens[q] ? opened_reach(iv, q, base) : 0;
        sum += fmax(d, later / 2);
        most = fmax(most, fmax(d, later));
    }
    iv->sim->answers[q] = saved;
    iv->score[q] = n ? sum / n : 0;
    iv->reach[q] = most;
}

/* ---- choosing ---------------------------------------------------------------------- */

static bool is_unanswered(const tri_interview *iv, uint32_t q)
{
    return is_unanswered_in(iv->s, q);
}

/* A question whose ask_if is UNKNOWN waits while a question it depends on
 * can still be asked; returns that question, or -1. */
static int waiting_on(const tri_interview *iv, uint32_t q)
{
    if (iv->ask_tv[q] != TV_UNKNOWN)
        return -1;
    const uint64_t *deps = &iv->ask_deps[(size_t)q * iv->words];
    for (uint32_t p = 0; p < iv->nq; p++)
        if (p != q && bit_has(deps, p) && is_unanswered(iv, p) && iv->ask_tv[p] != TV_FALSE)
            return (int)p;
    return -1;
}

static bool is_candidate(const tri_interview *iv, uint32_t q)
{
    return is_unanswered(iv, q) && iv->ask_tv[q] != TV_FALSE && waiting_on(iv, q) < 0;
}

/* A candidate whose ask_if stays UNKNOWN although everything it depends on
 * has been answered (some of it `unknown`): its premise is unknown. */
static bool is_doubtful(const tri_interview *iv, uint32_t q)
{
    return iv->ask_tv[q] == TV_UNKNOWN && waiting_on(iv, q) < 0;
}

/* Must be asked whatever the other answers: the emergency screen, `about`,
 * and red-flag questions whose ask_if holds. */
static bool is_mandatory(const tri_interview *iv, uint32_t q)
{
    return iv->screen[q] || (int)q == iv->about_q ||
           (interview_is_red_flag_question(iv, q) && !is_doubtful(iv, q));
}

tri_ask_reason interview_classify(const tri_interview *iv, uint32_t q)
{
    if (iv->screen[q])
        return TRI_ASK_SCREEN;
    if ((int)q == iv->about_q)
        return TRI_ASK_CONTEXT;
    if (interview_is_red_flag_question(iv, q))
        return TRI_ASK_RED_FLAG;
    return TRI_ASK_INFORMATIVE;
}

/* The best-scoring candidate among the mandatory questions (mandatory) or
 * among those whose answer could change the outcome, or -1. Ties go to the
 * question defined first. A doubtful question (see is_doubtful) is never
 * mandatory, and is considered at all only when it is a red-flag question. */
static int best_candidate(const tri_interview *iv, bool mandatory)
{
    int best = -1;
    for (uint32_t q = 0; q < iv->nq; q++) {
        if (!is_candidate(iv, q) || is_mandatory(iv, q) != mandatory)
            continue;
        if (!mandatory && (iv->reach[q] <= 0 ||
                           (is_doubtful(iv, q) && !interview_is_red_flag_question(iv, q))))
            continue;
        if (best < 0 || iv->score[q] > iv->score[best])
            best = (int)q;
    }
    return best;
}

void interview_refresh(tri_interview *iv)
{
    tri_session_evaluate(iv->s);
    for (uint32_t q = 0; q < iv->nq; q++) {
        uint32_t c = iv->kb->questions[q].ask_if;
        iv->ask_tv[q] = c == NO_INDEX ? TV_TRUE : infer_cond(iv->s, c, 0);
    }
}

static const char stop_nothing_left[] = "every question that applies has been answered";
static const char stop_no_change[] =
    "no remaining question could change the three most likely explanations or the triage level";
static const char stop_nomem[] = "out of memory while choosing the next question";
static const char stop_alarm[] = "an answer describes an emergency";

bool tri_interview_next(tri_interview *iv, tri_next *next)
{
    interview_refresh(iv);
    iv->stop = NULL;
    iv->last_q = -1;
    if (iv->alarmed) {
        iv->stop = stop_alarm;
        return false;
    }
    int pick = -1;
    tri_ask_reason why = TRI_ASK_INFORMATIVE;
    if (iv->forced >= 0 && !(is_unanswered(iv, (uint32_t)iv->forced) &&
                             iv->ask_tv[iv->forced] != TV_FALSE))
        iv->forced = -1;
    if (!interview_sync_sim(iv)) {
        iv->stop = stop_nomem;
        return false;
    }
    iv_outcome base;
    interview_outcome(iv->s, &base);
    size_t pending = 0, useful = 0; /* questions still to come, for the estimate */
    for (uint32_t q = 0; q < iv->nq; q++) {
        iv->score[q] = iv->reach[q] = 0;
        if (!is_unanswered(iv, q) || iv->ask_tv[q] == TV_FALSE)
            continue;
        if (is_candidate(iv, q))
            score_question(iv, q, &base);
        if (is_mandatory(iv, q))
            pending++;
        else if (is_candidate(iv, q) && iv->reach[q] > 0)
            useful++;
    }
    if (iv->forced >= 0) {
        pick = iv->forced;
        why = interview_classify(iv, (uint32_t)pick);
    }
    for (uint32_t q = 0; q < iv->nq && pick < 0; q++)
        if (iv->screen[q] && is_candidate(iv, q)) {
            pick = (int)q;
            why = TRI_ASK_SCREEN;
        }
    if (pick < 0 && iv->about_q >= 0 && is_candidate(iv, (uint32_t)iv->about_q)) {
        pick = iv->about_q;
        why = TRI_ASK_CONTEXT;
    }
    if (pick < 0 && (pick = best_candidate(iv, true)) >= 0)
        why = TRI_ASK_RED_FLAG;
    /* a red-flag question waiting on its ask_if: ask what decides it */
    for (uint32_t q = 0; q < iv->nq && pick < 0; q++) {
        if (!interview_is_red_flag_question(iv, q) || !is_unanswered(iv, q) ||
            iv->ask_tv[q] == TV_FALSE)
            continue;
        int p = waiting_on(iv, q);
        for (int depth = 0; p >= 0 && depth < 8 && !is_candidate(iv, (uint32_t)p); depth++)
            p = waiting_on(iv, (uint32_t)p);
        if (p >= 0 && is_candidate(iv, (uint32_t)p)) {
            pick = p;
            why = TRI_ASK_PREREQUISITE;
        }
    }
    if (pick < 0 && (pick = best_candidate(iv, false)) >= 0)
        why = interview_is_red_flag_question(iv, (uint32_t)pick) ? TRI_ASK_RED_FLAG
                                                                 : TRI_ASK_INFORMATIVE;
    if (pick < 0) {
        bool any = false;
        for (uint32_t q = 0; q < iv->nq && !any; q++)
            any = is_candidate(iv, q);
        iv->stop = any ? stop_no_change : stop_nothing_left;
        return false;
    }
    iv->last_q = pick;
    iv->last_reason = why;
    if (next) {
        next->question = (size_t)pick;
        next->reason = why;
        next->score = iv->score[pick];
        size_t asked = tri_interview_asked(iv);
        next->number = asked + 1;
        /* every mandatory question, and about half of those that could still
         * matter: answers usually settle the rest */
        size_t est = asked + pending + (useful + 1) / 2;
        if (why == TRI_ASK_INFORMATIVE && pending == 0 && useful == 0)
            est++;
        next->estimate = est > next->number ? est : next->number;
    }
    return true;
}

const char *tri_interview_stop_reason(const tri_interview *iv)
{
    return iv->stop;
}

/* ---- answers and undo ------------------------------------------------------------------ */

size_t tri_interview_asked(const tri_interview *iv)
{
    size_t n = 0;
    for (uint32_t q = 0; q < iv->nq; q++)
        n += iv->asked[q] != 0;
    return n;
}

bool tri_interview_was_asked(const tri_interview *iv, size_t q)
{
    return q < iv->nq && iv->asked[q];
}

static bool keep_text(tri_interview *iv, const char *t, size_t n)
{
    if (iv->keep_len + n + 1 > iv->keep_cap) {
        size_t cap = iv->keep_cap ? iv->keep_cap : 256;
        while (cap < iv->keep_len + n + 1)
            cap *= 2;
        char *nk = mem_realloc(iv->alloc, iv->keep, cap);
        if (!nk)
            return false;
        iv->keep = nk;
        iv->keep_cap = cap;
    }
    memcpy(iv->keep + iv->keep_len, t, n);
    iv->keep[iv->keep_len + n] = '\0';
    iv->keep_len += n + 1;
    return true;
}

/* Records text as the answer to q, keeping what it replaces for back. */
static tri_status record(tri_interview *iv, size_t q, const char *text, tri_error *err)
{
    diag_sink d;
    diag_init(&d, NULL, err);
    if (q >= iv->nq || !text) {
        diag_fail(&d, TRI_ERR_ARG, NULL, "no such question");
        return TRI_ERR_ARG;
    }
    if (iv->nsteps == iv->steps_cap) {
        size_t cap = iv->steps_cap ? iv->steps_cap * 2 : 32;
        iv_step *ns = mem_realloc(iv->alloc, iv->steps, cap * sizeof *ns);
        if (!ns)
            goto nomem;
        iv->steps = ns;
        iv->steps_cap = cap;
    }
    const answer *old = &iv->s->answers[q];
    iv_step st = {(uint32_t)q, old->state, (uint32_t)iv->keep_len, 0};
    if (old->state == TRI_ANSWERED) {
        if (!keep_text(iv, iv->s->pool + old->text_off, old->text_len))
            goto nomem;
        st.prev_len = old->text_len;
    }
    tri_status rc = tri_session_answer(iv->s, q, text, err);
    if (rc != TRI_OK) {
        iv->keep_len = st.prev_off;
        return rc;
    }
    iv->steps[iv->nsteps++] = st;
    iv->asked[q]++;
    if (iv->forced == (int)q)
        iv->forced = -1;
    return TRI_OK;
nomem:
    diag_fail(&d, TRI_ERR_NOMEM, NULL, "out of memory");
    return TRI_ERR_NOMEM;
}

/* After an emergency described in words: keeps the words as the answer
 * too when they are one ("my face drooped" at the emergency screen), else
 * the words after the match ("yes, 1"). Nothing else changes if neither is. */
static bool keep_alarm_answer(tri_interview *iv, size_t q, const char *text)
{
    if (record(iv, q, text, NULL) == TRI_OK)
        return true;
    const char *rest = text + iv->alarm.end;
    rest += strspn(rest, " ,;:.-");
    return *rest && record(iv, q, rest, NULL) == TRI_OK;
}

tri_status tri_interview_answer(tri_interview *iv, size_t q, const char *text, tri_error *err)
{
    if (q < iv->nq && text && tri_session_alarm(iv->s, (int)q, text, &iv->alarm)) {
        if (err)
            memset(err, 0, sizeof *err);
        iv->alarmed = true;
        iv->alarm_q = (uint32_t)q;
        iv->alarm_kept = keep_alarm_answer(iv, q, text);
        return TRI_OK;
    }
    return record(iv, q, text, err);
}

const tri_alarm *tri_interview_alarm(const tri_interview *iv)
{
    return iv->alarmed ? &iv->alarm : NULL;
}

tri_status tri_interview_skip(tri_interview *iv, size_t q)
{
    return record(iv, q, "unknown", NULL);
}

int tri_interview_back(tri_interview *iv)
{
    if (iv->alarmed) {
        /* undo the words that described an emergency (and the answer, if kept) */
        iv->alarmed = false;
        if (!iv->alarm_kept) {
            iv->forced = (int)iv->alarm_q;
            return (int)iv->alarm_q;
        }
    }
    if (!iv->nsteps)
        return -1;
    iv_step st = iv->steps[--iv->nsteps];
    switch (st.prev_state) {
    case TRI_ANSWERED:
        if (tri_session_answer(iv->s, st.q, iv->keep + st.prev_off, NULL) != TRI_OK)
            tri_session_unanswer(iv->s, st.q);
        break;
    case TRI_ANSWER_UNKNOWN:
        tri_session_answer_unknown(iv->s, st.q);
        break;
    default:
        tri_session_unanswer(iv->s, st.q);
    }
    iv->keep_len = st.prev_off;
    if (iv->asked[st.q])
        iv->asked[st.q]--;
    iv->forced = (int)st.q;
    return (int)st.q;
}

/* ---- what-if and replay ---------------------------------------------------------------------- */

tri_session *tri_interview_what_if(tri_interview *iv, size_t q, const char *text, tri_error *err)
{
    diag_sink d;
    diag_init(&d, NULL, err);
    if (q >= iv->nq || !text) {
        diag_fail(&d, TRI_ERR_ARG, NULL, "no such question");
        return NULL;
    }
    if (!interview_sync_sim(iv)) {
        diag_fail(&d, TRI_ERR_NOMEM, NULL, "out of memory");
        return NULL;
    }
    if (tri_session_answer(iv->sim, q, text, err) != TRI_OK)
        return NULL;
    tri_session_evaluate(iv->sim);
    return iv->sim;
}

size_t tri_interview_replay(tri_interview *iv, const tri_session *from)
{
    tri_next nx;
    while (tri_interview_next(iv, &nx)) {
        const char *t = tri_session_answer_text(from, nx.question);
        tri_status rc = TRI_ERR_INVALID;
        if (t && from->answers[nx.question].state == TRI_ANSWERED)
            rc = tri_interview_answer(iv, nx.question, t, NULL);
        if (rc != TRI_OK && tri_interview_skip(iv, nx.question) != TRI_OK)
            break;
    }
    return tri_interview_asked(iv);
}
