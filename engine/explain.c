/*
 * explain.c - builds the one account of a result that every report renders
 * (see explain.h for the structure and the consistency rules it keeps).
 *
 * Design note. Each part is decided here once, so that the text, JSON and
 * HOW renderings cannot disagree:
 *  - Advice: the level's action first (the `kind: action` advice of the
 *    level, else the level's meaning); then advice about when or whom to see
 *    (`kind: care`), keeping only what is at least as urgent as the level;
 *    then measures the person takes, ordered by their `level`, none at
 *    `emergency`. An item is left out when its `unless:` is true for the
 *    answers, or when it is for adults and the person is a child (its
 *    `for_child` version is given instead).
 *  - Safety net: the red flags and triage floors that did not fire but would
 *    make the result more urgent, the screening questions left unanswered,
 *    and the `seek_help` entries of the explanations given (likely, or must
 *    not be missed), by level, most urgent first, only levels more urgent
 *    than the result. Within a level, entries that bear on the explanations
 *    or look-alikes shown come first, then those the answers leave open,
 *    then the broadest (most signs). An entry is left out when one of its
 *    signs is already shown at a more urgent level, when all its signs are
 *    already shown, or when its text is already shown; an explanation's
 *    entry also when a red flag or triage floor names one of its signs at a
 *    more urgent level (lint reports that as hidden-safety-net).
 *  - Look-alikes: the side with the higher confidence is favoured only when
 *    its confidence is above 0; every separating reason is labelled with the
 *    side its effects favour, and only those favouring the verdict's side
 *    are cited for it.
 *  - The short report: one line of why, the most likely explanation with two
 *    or three reasons, one look-alike (the first that involves it) with its
 *    strongest reason not shown already, the action and what else fits, the
 *    broadest emergency safety net and those that bear on what is shown.
 *    Each part has a budget in lines at 80 columns (estimated from the
 *    lengths of the English texts), and fit_short then trims the optional
 *    parts until the whole is about one screen (EXPLAIN_SHORT_LINES).
 */
#include "explain.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "session.h"

const char *explain_verdict_name(unsigned v)
{
#define VERDICT_NAME(name, text) text,
    static const char *const names[] = {VERDICT_LIST(VERDICT_NAME)};
#undef VERDICT_NAME
    return v < VERDICT_COUNT ? names[v] : "?";
}

/* ---- allocation ----------------------------------------------------------------- */

/* One block holds every array: sizes computed from the knowledge base. */
typedef struct layout {
    size_t size;
} layout;

static size_t take(layout *l, size_t n, size_t elem)
{
    size_t align = sizeof(double);
    l->size = (l->size + align - 1) / align * align;
    size_t at = l->size;
    l->size += (n ? n : 1) * elem;
    return at;
}

/* The rules that test any of the questions qs[0..n). */
static uint32_t rules_testing(const tri_kb *kb, const uint32_t *qs, uint32_t n)
{
    uint32_t count = 0;
    for (uint32_t r = 0; r < kb->nrules; r++) {
        const kb_rule *rule = &kb->rules[r];
        bool hit = false;
        for (uint32_t i = 0; i < rule->nqrefs && !hit; i++)
            for (uint32_t j = 0; j < n && !hit; j++)
                hit = kb->qrefs[rule->first_qref + i] == qs[j];
        count += hit;
    }
    return count;
}

/* Marks in tested[] the facts condition node ci tests. */
static void facts_tested(const tri_kb *kb, uint32_t ci, uint8_t *tested)
{
    const kb_cond *k = &kb->conds[ci];
    switch (k->op) {
    case COND_FACT:
        tested[k->target] = 1;
        return;
    case COND_ALL:
    case COND_ANY:
    case COND_AT_LEAST:
    case COND_NOT:
        for (uint32_t i = 0; i < (k->op == COND_NOT ? 1 : k->n); i++)
            facts_tested(kb, kb->cond_kids[k->first + i], tested);
        return;
    default:
        return;
    }
}

/* The conditions each rule bears on: those it supports or opposes, and those
 * of the rules that test a fact it sets or a fact it tests too. Scratch
 * (used only here): facts, nrules x nfacts bytes (1 tested, 2 set), and
 * testers, nrules indices. */
static void link_rules(explain *ex, uint8_t *facts, uint32_t *testers)
{
    const tri_kb *kb = ex->kb;
    uint32_t nf = kb->nfacts, nc = kb->nconditions;
    for (uint32_t r = 0; r < kb->nrules; r++) {
        const kb_rule *rule = &kb->rules[r];
        uint8_t *fr = facts + (size_t)r * nf;
        if (rule->when != NO_INDEX)
            facts_tested(kb, rule->when, fr);
        for (uint32_t i = 0; i < rule->nactions; i++) {
            const kb_action *a = &kb->actions[rule->first_action + i];
            if (a->kind == ACT_SET)
                fr[a->target] |= 2;
            else if (a->kind == ACT_SUPPORT || a->kind == ACT_OPPOSE)
                ex->rule_links[(size_t)r * nc + a->target] = 1;
        }
    }
    for (uint32_t f = 0; f < nf; f++) {
        uint32_t nt = 0;
        for (uint32_t o = 0; o < kb->nrules; o++)
            if (facts[(size_t)o * nf + f] & 1)
                testers[nt++] = o;
        for (uint32_t r = 0; r < kb->nrules; r++) {
            if (!facts[(size_t)r * nf + f])
                continue;
            for (uint32_t t = 0; t < nt; t++) {
                const kb_rule *other = &kb->rules[testers[t]];
                for (uint32_t i = 0; i < other->nactions; i++) {
                    const kb_action *a = &kb->actions[other->first_action + i];
                    if (a->kind == ACT_SUPPORT || a->kind == ACT_OPPOSE)
                        ex->rule_links[(size_t)r * nc + a->target] = 1;
                }
            }
        }
    }
}

static bool rule_bears_on_shown(const explain *ex, uint32_t r)
{
    const uint8_t *links = ex->rule_links + (size_t)r * ex->kb->nconditions;
    for (uint32_t c = 0; c < ex->kb->nconditions; c++)
        if (links[c] && ex->shown[c])
            return true;
    return false;
}

static bool names_sign(const char *const *signs, uint32_t n, const char *sign)
{
    for (uint32_t i = 0; i < n; i++)
        if (!strcmp(signs[i], sign))
            return true;
    return false;
}

/* For every seek_help entry, and every `age:` a safety net can be for, the
 * most urgent level at which a red flag (any age) or a triage floor whose net
 * is for that age names one of the entry's signs (TRI_LEVEL_COUNT: none), so
 * that building a result only compares levels. */
static void rank_seek_help(explain *ex)
{
    const tri_kb *kb = ex->kb;
    uint32_t g = 0;
    for (uint32_t c = 0; c < kb->nconditions; c++) {
        const kb_condition *k = &kb->conditions[c];
        ex->seek_first[c] = g;
        for (uint32_t e = 0; e < k->nseek; e++, g++) {
            uint8_t *rank = ex->seek_rank + (size_t)g * ADVICE_AGE_COUNT;
            memset(rank, TRI_LEVEL_COUNT, ADVICE_AGE_COUNT);
            for (uint32_t i = 0; i < k->seek[e].nsigns; i++) {
                const char *sign = k->seek[e].signs[i];
                for (uint32_t f = 0; f < kb->nred_flags; f++) {
                    const kb_red_flag *rf = &kb->red_flags[f];
                    if (rf->level < rank[AGE_ANY] && names_sign(rf->signs, rf->nsigns, sign))
                        rank[AGE_ANY] = rf->level;
                }
                for (uint32_t r = 0; r < kb->nrules; r++) {
                    const kb_rule *rule = &kb->rules[r];
                    if (rule->floor_level < rank[rule->net_age] && !rule->raises_red_flag &&
                        rule->safety_net.en && names_sign(rule->signs, rule->nsigns, sign))
                        rank[rule->net_age] = rule->floor_level;
                }
            }
        }
    }
}

explain *explain_new(const tri_kb *kb, const tri_allocator *alloc)
{
    uint32_t nreasons = 0, nseps = 0, nhelpq = 0, nsigns = 0;
    for (uint32_t c = 0; c < kb->nconditions; c++)
        nreasons += kb->conditions[c].nrules;
    for (uint32_t i = 0; i < kb->nlookalikes; i++) {
        const kb_lookalike *l = &kb->lookalikes[i];
        nseps += rules_testing(kb, &kb->qrefs[l->first_q], l->nq);
        nhelpq += l->nq;
    }
    for (uint32_t f = 0; f < kb->nred_flags; f++)
        nsigns += kb->red_flags[f].nsigns;
    for (uint32_t r = 0; r < kb->nrules; r++)
        nsigns += kb->rules[r].nsigns;
    uint32_t nseek = 0;
    for (uint32_t c = 0; c < kb->nconditions; c++) {
        nseek += kb->conditions[c].nseek;
        for (uint32_t i = 0; i < kb->conditions[c].nseek; i++)
            nsigns += kb->conditions[c].seek[i].nsigns;
    }

    layout l = {0};
    size_t o_self = take(&l, 1, sizeof(explain));
    size_t o_why = take(&l, kb->nred_flags + kb->nrules + kb->nconditions + 1, sizeof(explain_why));
    size_t o_nc = take(&l, kb->nquestions, sizeof(uint32_t));
    size_t o_ex = take(&l, kb->nconditions, sizeof(explain_explanation));
    size_t o_reasons = take(&l, nreasons, sizeof(explain_reason));
    size_t o_help = take(&l, kb->nquestions, sizeof(uint32_t));
    size_t o_la = take(&l, kb->nlookalikes, sizeof(explain_lookalike));
    size_t o_seps = take(&l, nseps, sizeof(explain_separating));
    size_t o_questions = take(&l, nhelpq, sizeof(uint32_t));
    size_t o_factors = take(&l, kb->nfactors, sizeof(uint32_t));
    size_t o_advice = take(&l, kb->nadvice + 1, sizeof(explain_advice));
    size_t o_net =
        take(&l, kb->nred_flags + kb->nrules + kb->nquestions + nseek, sizeof(explain_net));
    size_t o_seen = take(&l, kb->nadvice, 1);
    size_t o_links = take(&l, (size_t)kb->nrules * kb->nconditions, 1);
    size_t o_shown = take(&l, kb->nconditions, 1);
    size_t o_facts = take(&l, (size_t)kb->nrules * kb->nfacts, 1); /* scratch for link_rules */
    size_t o_testers = take(&l, kb->nrules, sizeof(uint32_t));
    size_t o_fopen = take(&l, kb->nred_flags, 1);
    size_t o_frel = take(&l, kb->nred_flags, 1);
    size_t o_signs = take(&l, nsigns, sizeof(const char *));
    size_t o_slevel = take(&l, nsigns, 1);
    size_t o_stakes = take(&l, kb->nquestions, 1);
    size_t o_seek_first = take(&l, kb->nconditions, sizeof(uint32_t));
    size_t o_seek_rank = take(&l, (size_t)nseek * ADVICE_AGE_COUNT, 1);

    char *block = mem_calloc(alloc, 1, l.size);
    if (!block)
        return NULL;
    explain *ex = (explain *)(block + o_self);
    ex->kb = kb;
    ex->why = (explain_why *)(block + o_why);
    ex->not_checked = (uint32_t *)(block + o_nc);
    ex->ex = (explain_explanation *)(block + o_ex);
    ex->reasons = (explain_reason *)(block + o_reasons);
    ex->help = (uint32_t *)(block + o_help);
    ex->la = (explain_lookalike *)(block + o_la);
    ex->seps = (explain_separating *)(block + o_seps);
    ex->questions = (uint32_t *)(block + o_questions);
    ex->factors = (uint32_t *)(block + o_factors);
    ex->advice = (explain_advice *)(block + o_advice);
    ex->net = (explain_net *)(block + o_net);
    ex->advice_seen = (uint8_t *)(block + o_seen);
    ex->rule_links = (uint8_t *)(block + o_links);
    ex->shown = (uint8_t *)(block + o_shown);
    ex->flag_open = (uint8_t *)(block + o_fopen);
    ex->flag_related = (uint8_t *)(block + o_frel);
    ex->signs_shown = (const char **)(block + o_signs);
    ex->signs_level = (uint8_t *)(block + o_slevel);
    ex->signs_cap = nsigns;
    ex->stakes = (uint8_t *)(block + o_stakes);
    ex->seek_first = (uint32_t *)(block + o_seek_first);
    ex->seek_rank = (uint8_t *)(block + o_seek_rank);
    rank_seek_help(ex);

    /* per question, the most urgent level of a rule that tests it and raises triage */
    for (uint32_t q = 0; q < kb->nquestions; q++)
        ex->stakes[q] = TRI_LEVEL_COUNT;
    for (uint32_t r = 0; r < kb->nrules; r++) {
        const kb_rule *rule = &kb->rules[r];
        if (!rule->raises_triage)
            continue;
        for (uint32_t i = 0; i < rule->nqrefs; i++) {
            uint32_t q = kb->qrefs[rule->first_qref + i];
            if (rule->raise_level < ex->stakes[q])
                ex->stakes[q] = rule->raise_level;
        }
    }
    link_rules(ex, (uint8_t *)(block + o_facts), (uint32_t *)(block + o_testers));
    /* the action of each level */
    for (int lv = 0; lv < TRI_LEVEL_COUNT; lv++)
        ex->action[lv] = NO_INDEX;
    for (uint32_t a = 0; a < kb->nadvice; a++)
        if (kb->advice[a].kind == ADVICE_ACTION && ex->action[kb->advice[a].level] == NO_INDEX)
            ex->action[kb->advice[a].level] = a;
    return ex;
}

void explain_free(explain *ex, const tri_allocator *alloc)
{
    mem_free(alloc, ex); /* the block starts with the structure */
}

/* ---- shared helpers ----------------------------------------------------------- */

/* About how many lines a text of n bytes takes as a bullet of the short
 * report at 80 columns: 76 columns after the indent, a few lost to wrapping. */
static uint32_t lines_at_80(size_t n)
{
    return (uint32_t)((n + 69) / 70);
}

static bool is_likely(const tri_session *s, uint32_t c)
{
    return s->cf[c] >= TRI_LIKELY_THRESHOLD;
}

double explain_rule_effect(const tri_kb *kb, uint32_t r, uint32_t c)
{
    const kb_rule *rule = &kb->rules[r];
    double e = 0;
    for (uint32_t i = 0; i < rule->nactions; i++) {
        const kb_action *a = &kb->actions[rule->first_action + i];
        if (a->target != c)
            continue;
        if (a->kind == ACT_SUPPORT)
            e += a->cf;
        else if (a->kind == ACT_OPPOSE)
            e -= a->cf;
    }
    return e;
}

static uint32_t rank_of(const tri_session *s, uint32_t c)
{
    for (uint32_t i = 0; i < s->nranked; i++)
        if (s->ranked[i] == c)
            return i;
    return UINT32_MAX;
}

/* The index of option `id` of the question with id `qid`, or -1; *q gets the question. */
static int find_option(const tri_kb *kb, const char *qid, const char *id, int *q)
{
    *q = tri_kb_question_find(kb, qid);
    if (*q < 0)
        return -1;
    const kb_question *qq = &kb->questions[*q];
    for (uint32_t o = 0; o < qq->noptions; o++)
        if (!strcmp(qq->options[o].id, id))
            return (int)o;
    return -1;
}

/* Whether the answers describe a person under `limit` years: from `age`, or,
 * without an age, unknown (for_parent: a child, for the adult limit). */
static uint8_t person_is_under(const tri_session *s, double limit, bool for_parent)
{
    int q = tri_kb_question_find(s->kb, "age");
    if (q >= 0 && s->kb->questions[q].type == TRI_Q_NUMBER &&
        s->answers[q].state == TRI_ANSWERED) {
        const answer *a = &s->answers[q];
        if (a->hi < limit)
            return TV_TRUE;
        if (a->lo >= limit)
            return TV_FALSE;
        return TV_UNKNOWN;
    }
    return for_parent && limit == EXPLAIN_ADULT_AGE ? TV_TRUE : TV_UNKNOWN;
}

/* Whether an item for `age` (advice_age) is for this person: adult items
 * are not for a child; child items only for a child; infant items only for
 * a child not known to be 2 or older. */
static bool age_fits(const explain *ex, uint8_t age)
{
    switch (age) {
    case AGE_ADULT:
        return ex->child != TV_TRUE;
    case AGE_CHILD:
        return ex->child == TV_TRUE;
    case AGE_INFANT:
        return ex->child == TV_TRUE && ex->infant != TV_FALSE;
    default:
        return true;
    }
}

/* ---- the level and its reasons -------------------------------------------------- */

static void build_why(explain *ex, const tri_session *s)
{
    const tri_kb *kb = s->kb;
    ex->nwhy = 0;
    for (uint32_t f = 0; f < kb->nred_flags; f++)
        if (s->red_fired[f] && kb->red_flags[f].level == s->level)
            ex->why[ex->nwhy++] = (explain_why){WHY_RED_FLAG, f};
    for (uint32_t r = 0; r < kb->nrules; r++)
        if (s->rule_fired[r] && kb->rules[r].floor_level == s->level)
            ex->why[ex->nwhy++] = (explain_why){WHY_FLOOR, r};
    for (uint32_t i = 0; i < s->nranked; i++) {
        uint32_t c = s->ranked[i];
        if (kb->conditions[c].level != s->level)
            continue;
        if (is_likely(s, c))
            ex->why[ex->nwhy++] = (explain_why){WHY_CONDITION, c};
        else if (infer_must_not_miss(kb, c, s->cf[c]))
            ex->why[ex->nwhy++] = (explain_why){WHY_MUST_NOT_MISS, c};
    }
    if (!ex->nwhy && s->nothing_fits)
        ex->why[ex->nwhy++] = (explain_why){WHY_NOTHING_FITS, NO_INDEX};

    ex->nnot_checked = 0;
    for (uint32_t q = 0; q < kb->nquestions; q++)
        if (kb->questions[q].screening && s->answers[q].state != TRI_ANSWERED)
            ex->not_checked[ex->nnot_checked++] = q;
}

/* ---- explanations ---------------------------------------------------------------- */

/* Sorts reasons[0..n) by |effect|, strongest first (insertion sort: few, stable). */
static void sort_reasons(explain_reason *r, uint32_t n)
{
    for (uint32_t i = 1; i < n; i++) {
        explain_reason x = r[i];
        uint32_t j = i;
        while (j > 0 && fabs(r[j - 1].effect) < fabs(x.effect)) {
            r[j] = r[j - 1];
            j--;
        }
        r[j] = x;
    }
}

static void build_explanations(explain *ex, const tri_session *s)
{
    const tri_kb *kb = s->kb;
    uint32_t at = 0;
    ex->nex = ex->nlikely = 0;
    for (uint32_t i = 0; i < s->nranked; i++) {
        uint32_t c = s->ranked[i];
        const kb_condition *k = &kb->conditions[c];
        explain_explanation *e = &ex->ex[ex->nex++];
        e->condition = c;
        e->likely = is_likely(s, c);
        ex->nlikely += e->likely;
        e->first = at;
        e->nfor = e->nagainst = 0;
        for (int pass = 0; pass < 2; pass++) {
            uint32_t start = at;
            for (uint32_t j = 0; j < k->nrules; j++) {
                uint32_t r = kb->cond_rules[k->first_rule + j];
                if (s->rule_fired[r] != FIRED_YES)
                    continue;
                double eff = explain_rule_effect(kb, r, c);
                if (pass == 0 ? eff <= 0 : eff >= 0)
                    continue;
                ex->reasons[at++] = (explain_reason){r, eff};
            }
            sort_reasons(&ex->reasons[start], at - start);
            if (pass == 0)
                e->nfor = at - start;
            else
                e->nagainst = at - start;
        }
        if (e->likely) {
            e->show_for = e->nfor;
            e->show_against = e->nagainst;
        } else {
            /* "also considered": the main reasons against, else the best one for */
            e->show_against = e->nagainst < 2 ? e->nagainst : 2;
            e->show_for = e->nagainst ? 0 : (e->nfor ? 1 : 0);
        }
    }
    uint32_t others = ex->nex - ex->nlikely;
    ex->detail_others = others < EXPLAIN_DETAIL_OTHERS ? others : EXPLAIN_DETAIL_OTHERS;
    /* the short report: two or three reasons, the third only if it still fits */
    ex->short_for = 0;
    if (ex->nex && ex->ex[0].likely) {
        const explain_explanation *e = &ex->ex[0];
        uint32_t lines = 0;
        while (ex->short_for < e->nfor && ex->short_for < EXPLAIN_SHORT_REASONS) {
            const char *t = kb->rules[ex->reasons[e->first + ex->short_for].rule].because.en;
            uint32_t n = lines_at_80(t ? strlen(t) : 0);
            if (ex->short_for >= 2 && lines + n > EXPLAIN_SHORT_REASON_LINES)
                break;
            lines += n;
            ex->short_for++;
        }
    }

    /* nothing fits: the unanswered questions that rules test */
    ex->nhelp = 0;
    if (!ex->nlikely)
        for (uint32_t q = 0; q < kb->nquestions && ex->nhelp < EXPLAIN_DETAIL_HELP; q++) {
            if (s->answers[q].state == TRI_ANSWERED)
                continue;
            bool used = false;
            for (uint32_t r = 0; r < kb->nrules && !used; r++)
                for (uint32_t x = 0; x < kb->rules[r].nqrefs && !used; x++)
                    used = kb->qrefs[kb->rules[r].first_qref + x] == q;
            if (used)
                ex->help[ex->nhelp++] = q;
        }
    ex->short_help = ex->nhelp < EXPLAIN_SHORT_HELP ? ex->nhelp : EXPLAIN_SHORT_HELP;
}

/* ---- look-alikes ------------------------------------------------------------------ */

/* A pair is discussed when both are among the first three explanations, or
 * one is likely and the other among the first three. */
static bool lookalike_applies(const tri_session *s, const kb_lookalike *l)
{
    if (l->a == NO_INDEX || l->b == NO_INDEX || !s->touched[l->a] || !s->touched[l->b])
        return false;
    bool a_top = rank_of(s, l->a) < 3, b_top = rank_of(s, l->b) < 3;
    return (a_top && b_top) || (a_top && is_likely(s, l->b)) || (b_top && is_likely(s, l->a));
}

static void build_lookalikes(explain *ex, const tri_session *s)
{
    const tri_kb *kb = s->kb;
    uint32_t nsep = 0, nq = 0;
    ex->nla = 0;
    ex->short_la = NO_INDEX;
    for (uint32_t i = 0; i < kb->nlookalikes; i++) {
        const kb_lookalike *l = &kb->lookalikes[i];
        if (!lookalike_applies(s, l))
            continue;
        explain_lookalike *v = &ex->la[ex->nla++];
        v->lookalike = i;
        double ca = s->cf[l->a], cb = s->cf[l->b];
        bool a_ahead = ca > cb;
        double best = a_ahead ? ca : cb;
        v->favoured = a_ahead ? l->a : l->b;
        v->other = a_ahead ? l->b : l->a;
        if (best <= 0) {
            v->verdict = ca < 0 && cb < 0 ? VERDICT_AGAINST_BOTH : VERDICT_NEITHER_FITS;
        } else if (ca == cb) {
            v->verdict = VERDICT_UNDECIDED;
        } else {
            v->verdict = fabs(ca - cb) >= 0.2 ? VERDICT_POINTS_TO : VERDICT_LEANS_TO;
        }
        if (v->verdict != VERDICT_POINTS_TO && v->verdict != VERDICT_LEANS_TO) {
            v->favoured = l->a;
            v->other = l->b;
        }
        bool points = v->verdict == VERDICT_POINTS_TO || v->verdict == VERDICT_LEANS_TO;

        /* every fired rule on the separating questions that moves the two apart */
        const uint32_t *qs = &kb->qrefs[l->first_q];
        v->first_sep = nsep;
        for (uint32_t r = 0; r < kb->nrules; r++) {
            if (s->rule_fired[r] != FIRED_YES)
                continue;
            const kb_rule *rule = &kb->rules[r];
            bool tests = false;
            for (uint32_t x = 0; x < rule->nqrefs && !tests; x++)
                for (uint32_t j = 0; j < l->nq && !tests; j++)
                    tests = kb->qrefs[rule->first_qref + x] == qs[j];
            if (!tests)
                continue;
            double d = explain_rule_effect(kb, r, l->a) - explain_rule_effect(kb, r, l->b);
            if (d == 0)
                continue;
            uint32_t side = d > 0 ? l->a : l->b;
            explain_separating sp = {r, side, fabs(d), points && side == v->favoured};
            uint32_t j = nsep++;
            while (j > v->first_sep && ex->seps[j - 1].weight < sp.weight) {
                ex->seps[j] = ex->seps[j - 1];
                j--;
            }
            ex->seps[j] = sp;
        }
        v->nsep = nsep - v->first_sep;

        v->first_help = nq;
        for (uint32_t j = 0; j < l->nq; j++)
            if (s->answers[qs[j]].state != TRI_ANSWERED)
                ex->questions[nq++] = qs[j];
        v->nhelp = nq - v->first_help;

        /* the short report answers the first pair that involves the most likely
         * explanation, else the first pair */
        uint32_t top = s->nranked ? s->ranked[0] : NO_INDEX;
        if (ex->short_la == NO_INDEX ||
            ((l->a == top || l->b == top) &&
             kb->lookalikes[ex->la[ex->short_la].lookalike].a != top &&
             kb->lookalikes[ex->la[ex->short_la].lookalike].b != top))
            ex->short_la = ex->nla - 1;
    }
    ex->short_cite = NO_INDEX;
    if (ex->short_la == NO_INDEX)
        return;
    const explain_lookalike *v = &ex->la[ex->short_la];
    for (uint32_t j = v->first_sep; j < v->first_sep + v->nsep && ex->short_cite == NO_INDEX; j++) {
        if (!ex->seps[j].cited)
            continue;
        bool shown = false;
        for (uint32_t k = 0; k < ex->short_for && !shown; k++)
            shown = ex->reasons[ex->ex[0].first + k].rule == ex->seps[j].rule;
        if (!shown)
            ex->short_cite = j;
    }
}

/* ---- advice -------------------------------------------------------------------------- */

static void add_advice(explain *ex, uint32_t a)
{
    const kb_advice *ad = &ex->kb->advice[a];
    if (ex->advice_seen[a])
        return;
    ex->advice_seen[a] = 1;
    ex->advice[ex->nadvice++] = (explain_advice){a, ad->level, ad->kind};
}

/* The advice item to give for a (its child version, or a itself), or
 * NO_INDEX when it is not given for these answers. */
static uint32_t advice_for(const explain *ex, const tri_session *s, uint32_t a)
{
    const kb_advice *ad = &ex->kb->advice[a];
    if (ad->age == AGE_ADULT && ex->child == TV_TRUE) {
        if (ad->for_child == NO_INDEX)
            return NO_INDEX;
        a = ad->for_child;
        ad = &ex->kb->advice[a];
    }
    if (!age_fits(ex, ad->age))
        return NO_INDEX;
    if (ad->unless != NO_INDEX && infer_cond(s, ad->unless, 0) == TV_TRUE)
        return NO_INDEX;
    return a;
}

static void build_advice(explain *ex, const tri_session *s)
{
    const tri_kb *kb = s->kb;
    memset(ex->advice_seen, 0, kb->nadvice);
    ex->nadvice = 0;
    /* the level's own action, always first */
    uint32_t act = ex->action[s->level];
    if (act != NO_INDEX)
        add_advice(ex, act);
    else
        ex->advice[ex->nadvice++] = (explain_advice){NO_INDEX, s->level, ADVICE_ACTION};
    /* when or whom to see: as urgent as the level or more, most urgent first; then
     * measures, by their level, none at emergency */
    for (int pass = 0; pass < 2; pass++)
        for (uint8_t lv = 0; lv < TRI_LEVEL_COUNT; lv++) {
            if (pass == 0 && lv > s->level)
                break;
            if (pass == 1 && s->level == TRI_LEVEL_EMERGENCY)
                break;
            for (uint32_t a = 0; a < kb->nadvice; a++) {
                if (!s->advice_on[a])
                    continue;
                uint32_t g = advice_for(ex, s, a);
                if (g == NO_INDEX || kb->advice[g].level != lv)
                    continue;
                bool care = kb->advice[g].kind != ADVICE_MEASURE;
                if (care == (pass == 0))
                    add_advice(ex, g);
            }
        }
    /* the short report: the action, then the next items while they fit */
    uint32_t lines = 0;
    ex->short_advice = 0;
    while (ex->short_advice < ex->nadvice && ex->short_advice < EXPLAIN_SHORT_ADVICE) {
        const explain_advice *a = &ex->advice[ex->short_advice];
        const char *t = a->advice == NO_INDEX ? tri_level_meaning((tri_level)a->level)
                                              : kb->advice[a->advice].text.en;
        uint32_t n = lines_at_80(t ? strlen(t) : 0);
        if (ex->short_advice && lines + n > EXPLAIN_SHORT_ADVICE_LINES)
            break;
        lines += n;
        ex->short_advice++;
    }

    ex->nfactors = 0;
    for (uint32_t f = 0; f < kb->nfactors; f++)
        if (s->factor_on[f])
            ex->factors[ex->nfactors++] = f;
}

const char *explain_advice_text(const explain *ex, const explain_advice *a, const char *lang)
{
    if (a->advice == NO_INDEX)
        return NULL;
    const kb_advice *ad = &ex->kb->advice[a->advice];
    if (ex->for_parent && ad->parent_text.en)
        return kb_text_get(&ad->parent_text, lang);
    return kb_text_get(&ad->text, lang);
}

/* ---- the safety net -------------------------------------------------------------------- */

const char *const *explain_net_signs(const tri_kb *kb, const explain_net *n, uint32_t *count)
{
    *count = 0;
    if (n->kind == NET_RED_FLAG) {
        *count = kb->red_flags[n->index].nsigns;
        return kb->red_flags[n->index].signs;
    }
    if (n->kind == NET_FLOOR) {
        *count = kb->rules[n->index].nsigns;
        return kb->rules[n->index].signs;
    }
    if (n->kind == NET_CONDITION) {
        const kb_seek_help *e = &kb->conditions[n->index].seek[n->entry];
        *count = e->nsigns;
        return e->signs;
    }
    return NULL;
}

static const char *const *entry_signs(const tri_kb *kb, const explain_net *n, uint32_t *count)
{
    return explain_net_signs(kb, n, count);
}

const char *explain_net_source(const tri_kb *kb, const explain_net *n)
{
    switch (n->kind) {
    case NET_RED_FLAG:
        return kb->red_flags[n->index].id;
    case NET_FLOOR:
        return kb->rules[n->index].id;
    case NET_CONDITION:
        return kb->conditions[n->index].id;
    default:
        return kb->questions[n->index].id;
    }
}

const char *explain_net_kind_name(unsigned kind)
{
    static const char *const names[] = {"red_flag", "rule", "not_checked", "condition"};
    return kind < sizeof names / sizeof names[0] ? names[kind] : "?";
}

/* The English text of an entry, to find repeats (NULL for screening entries). */
static const char *entry_key(const tri_kb *kb, const explain_net *n)
{
    if (n->kind == NET_RED_FLAG) {
        const kb_red_flag *f = &kb->red_flags[n->index];
        return f->safety_net.en ? f->safety_net.en : f->text.en;
    }
    if (n->kind == NET_FLOOR)
        return kb->rules[n->index].safety_net.en;
    if (n->kind == NET_CONDITION)
        return kb->conditions[n->index].seek[n->entry].text.en;
    return NULL;
}

/* t, or for a parent its parent version p when there is one. */
static const char *for_reader(const explain *ex, const kb_text *t, const kb_text *p,
                              const char *lang)
{
    if (ex->for_parent && p->en)
        return kb_text_get(p, lang);
    return kb_text_get(t, lang);
}

const char *explain_self_care(const explain *ex, uint32_t condition, const char *lang)
{
    const kb_condition *k = &ex->kb->conditions[condition];
    return for_reader(ex, &k->self_care, &k->parent_self_care, lang);
}

const char *explain_seek_help_text(const explain *ex, const kb_seek_help *e, const char *lang)
{
    return for_reader(ex, &e->text, &e->parent_text, lang);
}

const char *explain_net_text(const explain *ex, const explain_net *n, const char *lang, char *buf,
                             size_t size)
{
    const tri_kb *kb = ex->kb;
    if (n->kind == NET_RED_FLAG) {
        const kb_red_flag *f = &kb->red_flags[n->index];
        const char *t = for_reader(ex, &f->safety_net, &f->parent_safety_net, lang);
        return t ? t : kb_text_get(&f->text, lang);
    }
    if (n->kind == NET_FLOOR)
        return for_reader(ex, &kb->rules[n->index].safety_net,
                          &kb->rules[n->index].parent_safety_net, lang);
    if (n->kind == NET_CONDITION)
        return explain_seek_help_text(ex, &kb->conditions[n->index].seek[n->entry], lang);
    const kb_question *q = &kb->questions[n->index];
    const char *t = for_reader(ex, &q->text, &q->parent_text, lang);
    snprintf(buf, size, "any of these applies (not checked yet): %s", t ? t : "");
    return buf;
}

static int sign_level(const explain *ex, const char *sign)
{
    for (uint32_t i = 0; i < ex->nsigns_shown; i++)
        if (!strcmp(ex->signs_shown[i], sign))
            return ex->signs_level[i];
    return -1;
}

/* Ranks entries of one level: related first, then open, then the most signs. */
static bool net_before(const tri_kb *kb, const explain_net *x, const explain_net *y)
{
    if (x->kind == NET_SCREENING || y->kind == NET_SCREENING)
        return x->kind != NET_SCREENING && y->kind == NET_SCREENING;
    if (x->related != y->related)
        return x->related;
    if (x->open != y->open)
        return x->open;
    uint32_t nx, ny;
    entry_signs(kb, x, &nx);
    entry_signs(kb, y, &ny);
    return nx > ny;
}

/* Keeps entry n unless its signs or text are already shown; returns whether kept. */
static bool keep_entry(explain *ex, const explain_net *n)
{
    const tri_kb *kb = ex->kb;
    uint32_t ns;
    const char *const *signs = entry_signs(kb, n, &ns);
    uint32_t new_signs = 0;
    for (uint32_t i = 0; i < ns; i++) {
        int at = sign_level(ex, signs[i]);
        if (at >= 0 && at < n->level)
            return false; /* shown at a more urgent level: that one stands */
        new_signs += at < 0;
    }
    if (ns && !new_signs)
        return false;
    const char *key = entry_key(kb, n);
    for (uint32_t i = 0; i < ex->nnet; i++) {
        const explain_net *o = &ex->net[i];
        if (o->kind == n->kind && o->index == n->index && o->entry == n->entry)
            return false;
        const char *ok = entry_key(kb, o);
        if (key && ok && !strcmp(key, ok))
            return false;
    }
    for (uint32_t i = 0; i < ns; i++)
        if (sign_level(ex, signs[i]) < 0 && ex->nsigns_shown < ex->signs_cap) {
            ex->signs_shown[ex->nsigns_shown] = signs[i];
            ex->signs_level[ex->nsigns_shown++] = n->level;
        }
    ex->net[ex->nnet++] = *n;
    return true;
}

/* Whether entry e names a sign that no entry chosen for the short report does. */
static bool adds_signs(const explain *ex, const explain_net *e)
{
    uint32_t ns;
    const char *const *signs = entry_signs(ex->kb, e, &ns);
    if (!ns)
        return true;
    for (uint32_t i = 0; i < ns; i++) {
        bool covered = false;
        for (uint32_t j = 0; j < ex->nnet && !covered; j++) {
            if (!ex->net[j].in_short)
                continue;
            uint32_t no;
            const char *const *os = entry_signs(ex->kb, &ex->net[j], &no);
            for (uint32_t k = 0; k < no && !covered; k++)
                covered = !strcmp(os[k], signs[i]);
        }
        if (!covered)
            return true;
    }
    return false;
}

/* About how many lines an entry takes in the short report at 80 columns:
 * "  - Call the emergency number now if TEXT." wrapped at 76 columns. */
static uint32_t net_lines(const explain *ex, const explain_net *n)
{
    static const unsigned lead[] = {34, 27, 29, 31, 31}; /* "- " + lead + " if " */
    const char *t = entry_key(ex->kb, n);
    size_t chars = lead[n->level] + (t ? strlen(t) : 0) + 1;
    return lines_at_80(chars);
}

/* Whether the safety net of floor rule r is for this person (`age:`). */
static bool floor_net_applies(const explain *ex, const kb_rule *rule)
{
    return age_fits(ex, rule->net_age);
}

/* Whether a red flag or a triage floor (for this person) names one of the
 * signs of seek_help entry e of condition c at a more urgent level than e's:
 * then e would show that symptom less urgently than the rules do, and it is
 * left out (see rank_seek_help). */
static bool outranked(const explain *ex, uint32_t c, uint32_t e)
{
    const uint8_t *rank = ex->seek_rank + (size_t)(ex->seek_first[c] + e) * ADVICE_AGE_COUNT;
    uint8_t level = ex->kb->conditions[c].seek[e].level;
    for (uint8_t age = 0; age < ADVICE_AGE_COUNT; age++)
        if (rank[age] < level && age_fits(ex, age))
            return true;
    return false;
}

static void build_net(explain *ex, const tri_session *s)
{
    const tri_kb *kb = s->kb;
    ex->nnet = 0;
    ex->nsigns_shown = 0;
    if (s->level == TRI_LEVEL_EMERGENCY)
        return;

    /* what the result shows: the first three explanations and the pairs of the
     * look-alikes */
    memset(ex->shown, 0, kb->nconditions);
    for (uint32_t i = 0; i < ex->nex && i < 3; i++)
        ex->shown[ex->ex[i].condition] = 1;
    for (uint32_t i = 0; i < ex->nla; i++) {
        const kb_lookalike *l = &kb->lookalikes[ex->la[i].lookalike];
        ex->shown[l->a] = ex->shown[l->b] = 1;
    }
    /* per red flag: whether a rule raising it bears on them, and
     * whether the answers leave one of its rules open */
    memset(ex->flag_open, 0, kb->nred_flags);
    memset(ex->flag_related, 0, kb->nred_flags);
    for (uint32_t r = 0; r < kb->nrules; r++) {
        const kb_rule *rule = &kb->rules[r];
        if (!rule->raises_red_flag || rule->when == NO_INDEX)
            continue;
        bool open = infer_cond(s, rule->when, 1) == TV_UNKNOWN;
        bool related = rule_bears_on_shown(ex, r);
        for (uint32_t i = 0; i < rule->nactions; i++) {
            const kb_action *a = &kb->actions[rule->first_action + i];
            if (a->kind != ACT_RED_FLAG)
                continue;
            ex->flag_open[a->target] |= open;
            ex->flag_related[a->target] |= related;
        }
    }

    for (uint8_t level = 0; level < s->level; level++) {
        /* candidates of this level, at the end of the net, then sorted */
        uint32_t start = ex->nnet, n = start;
        for (uint32_t f = 0; f < kb->nred_flags; f++)
            if (!s->red_fired[f] && kb->red_flags[f].level == level)
                ex->net[n++] = (explain_net){level, NET_RED_FLAG, f, ex->flag_related[f],
                                             ex->flag_open[f], false, 0};
        for (uint32_t r = 0; r < kb->nrules; r++) {
            const kb_rule *rule = &kb->rules[r];
            if (s->rule_fired[r] || rule->raises_red_flag || rule->floor_level != level ||
                !rule->safety_net.en)
                continue;
            /* a safety net for children only is for a child; one for adults, not for one */
            if (!floor_net_applies(ex, rule))
                continue;
            ex->net[n++] = (explain_net){level, NET_FLOOR, r, rule_bears_on_shown(ex, r),
                                         infer_cond(s, rule->when, 1) == TV_UNKNOWN, false, 0};
        }
        for (uint32_t q = 0; q < kb->nquestions; q++)
            if (kb->questions[q].screening && s->answers[q].state != TRI_ANSWERED &&
                ex->stakes[q] == level)
                ex->net[n++] = (explain_net){level, NET_SCREENING, q, false, true, false, 0};
        /* the explanations' own: those the result gives (likely, or must not be missed) */
        for (uint32_t i = 0; i < ex->nex; i++) {
            uint32_t c = ex->ex[i].condition;
            const kb_condition *k = &kb->conditions[c];
            if (!ex->ex[i].likely && !infer_must_not_miss(kb, c, s->cf[c]))
                continue;
            for (uint32_t e = 0; e < k->nseek; e++)
                if (k->seek[e].level == level && !outranked(ex, c, e))
                    ex->net[n++] = (explain_net){level, NET_CONDITION, c, true, false, false, e};
        }
        for (uint32_t i = start + 1; i < n; i++) {
            explain_net x = ex->net[i];
            uint32_t j = i;
            while (j > start && net_before(kb, &x, &ex->net[j - 1])) {
                ex->net[j] = ex->net[j - 1];
                j--;
            }
            ex->net[j] = x;
        }
        /* keep them in that order, leaving out repeats; keep_entry appends at
         * ex->nnet, which never passes the candidate being read */
        for (uint32_t i = start; i < n; i++) {
            explain_net x = ex->net[i];
            keep_entry(ex, &x);
        }
    }

    /* the short report: the broadest emergency entry, then those that bear on
     * what the result shows, from levels not shown yet first, then those the
     * answers leave open, within about EXPLAIN_SHORT_NET_LINES lines */
    uint32_t chosen = 0;
    int broadest = -1;
    uint32_t most = 0;
    for (uint32_t i = 0; i < ex->nnet && ex->net[i].level == TRI_LEVEL_EMERGENCY; i++) {
        uint32_t n;
        entry_signs(kb, &ex->net[i], &n);
        if (ex->net[i].kind != NET_SCREENING && (broadest < 0 || n > most)) {
            broadest = (int)i;
            most = n;
        }
    }
    uint32_t lines = 0;
    if (broadest >= 0) {
        ex->net[broadest].in_short = true;
        lines += net_lines(ex, &ex->net[broadest]);
        chosen++;
    }
    while (chosen < EXPLAIN_SHORT_NET) {
        int best = -1, best_score = -1;
        for (uint32_t i = 0; i < ex->nnet; i++) {
            const explain_net *e = &ex->net[i];
            if (e->in_short || e->kind == NET_SCREENING || !e->related ||
                lines + net_lines(ex, e) > EXPLAIN_SHORT_NET_LINES || !adds_signs(ex, e))
                continue;
            bool new_level = true;
            for (uint32_t j = 0; j < ex->nnet; j++)
                new_level &= !(ex->net[j].in_short && ex->net[j].level == e->level);
            int score = 2 * new_level + e->open;
            if (best < 0 || score > best_score) {
                best = (int)i;
                best_score = score;
            }
        }
        if (best < 0)
            break;
        ex->net[best].in_short = true;
        lines += net_lines(ex, &ex->net[best]);
        chosen++;
    }
}

/* ---- the short report's size ------------------------------------------------------------ */

static size_t len_of(const char *t)
{
    return t ? strlen(t) : 0;
}

/* About how many lines the short report takes at 80 columns (see report.c). */
static uint32_t short_lines(const explain *ex, const tri_session *s)
{
    const tri_kb *kb = s->kb;
    uint32_t n = lines_at_80(13 + strlen(tri_level_meaning((tri_level)ex->level)));
    if (ex->nwhy) {
        const explain_why *w = &ex->why[0];
        n += lines_at_80(6 + (w->kind == WHY_RED_FLAG ? 10 + len_of(kb->red_flags[w->index].text.en)
                              : w->kind == WHY_FLOOR  ? len_of(kb->rules[w->index].because.en)
                                                      : 90));
    }
    n += ex->nnot_checked > 0;
    if (ex->nlikely) {
        const kb_condition *k = &kb->conditions[ex->ex[0].condition];
        n += 2 + lines_at_80(20 + len_of(k->name.en));
        if (ex->short_summary)
            n += lines_at_80(len_of(k->summary.en));
        for (uint32_t i = 0; i < ex->short_for; i++)
            n += lines_at_80(len_of(kb->rules[ex->reasons[ex->ex[0].first + i].rule].because.en));
        n += ex->nlikely > 1 ? 2 : 0;
    } else {
        n += 5 + (ex->short_help ? 1 + 2 * ex->short_help : 0);
    }
    if (ex->short_la != NO_INDEX) {
        const explain_lookalike *v = &ex->la[ex->short_la];
        size_t t = 70 + len_of(kb->conditions[v->favoured].name.en) +
                   len_of(kb->conditions[v->other].name.en);
        if (ex->short_cite != NO_INDEX)
            t += len_of(kb->rules[ex->seps[ex->short_cite].rule].because.en);
        n += 2 + lines_at_80(t);
    }
    n += 2;
    for (uint32_t i = 0; i < ex->short_advice; i++) {
        const explain_advice *a = &ex->advice[i];
        n += lines_at_80(a->advice == NO_INDEX ? 60 : len_of(kb->advice[a->advice].text.en));
    }
    bool any = false;
    for (uint32_t i = 0; i < ex->nnet; i++)
        if (ex->net[i].in_short) {
            n += net_lines(ex, &ex->net[i]);
            any = true;
        }
    return n + (any ? 2 : 0) + 4; /* the disclaimer */
}

/* Keeps the short report on one screen: leaves out, in this order, the summary
 * of the explanation, the look-alike's reason, the last advice item, the third
 * reason and the last safety-net entries. */
static void fit_short(explain *ex, const tri_session *s)
{
    ex->short_summary = ex->nlikely > 0;
    while (short_lines(ex, s) > EXPLAIN_SHORT_LINES) {
        if (ex->short_summary) {
            ex->short_summary = false;
        } else if (ex->short_cite != NO_INDEX) {
            ex->short_cite = NO_INDEX;
        } else if (ex->short_advice > 2) {
            ex->short_advice--;
        } else if (ex->short_for > 2) {
            ex->short_for--;
        } else {
            int last = -1, shown = 0;
            for (uint32_t i = 0; i < ex->nnet; i++)
                if (ex->net[i].in_short) {
                    last = (int)i;
                    shown++;
                }
            if (shown <= 1)
                return;
            ex->net[last].in_short = false;
        }
    }
}

/* ---- the whole ------------------------------------------------------------------------- */

const explain *explain_build(tri_session *s)
{
    if (!s->evaluated)
        tri_session_evaluate(s);
    explain *ex = s->explained;
    ex->level = s->level;
    int about, child = find_option(s->kb, "about", "child", &about);
    ex->for_parent = about >= 0 && child >= 0 && s->answers[about].state == TRI_ANSWERED &&
                     ((s->answers[about].mask >> child) & 1);
    ex->child = person_is_under(s, EXPLAIN_ADULT_AGE, ex->for_parent);
    ex->infant = person_is_under(s, EXPLAIN_INFANT_AGE, ex->for_parent);
    build_why(ex, s);
    build_explanations(ex, s);
    build_lookalikes(ex, s);
    build_advice(ex, s);
    build_net(ex, s);
    fit_short(ex, s);
    return ex;
}
