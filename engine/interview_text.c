/*
 * interview_text.c - the words of the interview: question and option texts
 * in the person's language (phrased for a parent when the answers say so),
 * and WHY: why a question is asked and what each of its answers would do
 * now.
 *
 * Place in the pipeline: part of the interview (interview.h), after choosing;
 * it simulates answers on the interview's scratch session only and renders
 * into the interview's output buffer, valid until the next call.
 */
#include "interview.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "explain.h"
#include "quantity.h"

/* ---- texts ------------------------------------------------------------------------------ */

bool tri_interview_for_parent(const tri_interview *iv)
{
    if (iv->about_q < 0 || iv->child_opt < 0)
        return false;
    const answer *a = &iv->s->answers[iv->about_q];
    return a->state == TRI_ANSWERED && (a->mask >> iv->child_opt) & 1;
}

const char *tri_interview_question_text(const tri_interview *iv, size_t q, const char *lang)
{
    if (q >= iv->nq)
        return NULL;
    const char *t = tri_question_text(iv->kb, q, lang, tri_interview_for_parent(iv));
    return t ? t : iv->kb->questions[q].id;
}

const char *tri_interview_option_text(const tri_interview *iv, size_t q, size_t option,
                                      const char *lang)
{
    if (q >= iv->nq || option >= iv->kb->questions[q].noptions)
        return NULL;
    const kb_option *o = &iv->kb->questions[q].options[option];
    const char *t = NULL;
    if (tri_interview_for_parent(iv))
        t = kb_text_get(&o->parent_text, lang);
    if (!t)
        t = kb_text_get(&o->text, lang);
    if (!t && iv->kb->questions[q].type == TRI_Q_YES_NO)
        t = option == 0 ? "Yes" : "No";
    return t ? t : o->id;
}

/* A triage level in words for a person: "self-care", not the id "self_care". */
static const char *level_words(uint8_t level)
{
    static const char *const words[] = {"emergency", "urgent", "soon", "routine", "self-care"};
    return level < TRI_LEVEL_COUNT ? words[level] : "?";
}

static const char *cond_name(const tri_kb *kb, uint32_t c, const char *lang)
{
    const char *t = kb_text_get(&kb->conditions[c].name, lang);
    return t ? t : kb->conditions[c].id;
}

/* A threshold as a person reads it: "5 min", "18 years". */
static void format_value(const kb_question *qq, double v, char *buf, size_t size)
{
    if (qq->type == TRI_Q_DURATION)
        qty_format_duration(v, buf, size);
    else if (qq->unit)
        snprintf(buf, size, "%g %s", v, qq->unit);
    else
        snprintf(buf, size, "%g", v);
}

/* The answers samples first..last (of one question) stand for, together. */
static void range_label(const kb_question *qq, const iv_sample *first, const iv_sample *last,
                        char *buf, size_t size)
{
    char lo[64], hi[64];
    format_value(qq, first->lo, lo, sizeof lo);
    format_value(qq, last->hi, hi, sizeof hi);
    bool has_lo = isfinite(first->lo), has_hi = isfinite(last->hi);
    if (first == last && first->lo_in && first->hi_in)
        snprintf(buf, size, "exactly %s", lo);
    else if (!has_lo && !has_hi)
        snprintf(buf, size, "any answer");
    else if (!has_lo)
        snprintf(buf, size, "%s %s", last->hi_in ? "up to" : "under", hi);
    else if (!has_hi)
        snprintf(buf, size, first->lo_in ? "%s or more" : "over %s", lo);
    else
        snprintf(buf, size, "%s%s to %s%s", first->lo_in ? "" : "over ", lo, hi,
                 last->hi_in ? "" : " (not included)");
}

void interview_describe_change(strbuf *b, const tri_kb *kb, const iv_outcome *base,
                               const iv_outcome *o, const char *lang)
{
    bool any = false;
    if (o->level != base->level) {
        sb_printf(b, "triage becomes %s (now %s)", level_words(o->level),
                  level_words(base->level));
        any = true;
    }
    uint32_t b1 = base->ntop ? base->top[0] : NO_INDEX, o1 = o->ntop ? o->top[0] : NO_INDEX;
    if (b1 != o1) {
        if (any)
            sb_puts(b, "; ");
        if (o1 == NO_INDEX)
            sb_puts(b, "no explanation is left in favour");
        else
            sb_printf(b, "the first explanation becomes %s", cond_name(kb, o1, lang));
        any = true;
    }
    for (uint8_t i = 0; i < o->ntop; i++)
        if (!interview_in_top(base, o->top[i]) && o->top[i] != o1) {
            sb_printf(b, "%s%s moves into the top three", any ? "; " : "",
                      cond_name(kb, o->top[i], lang));
            any = true;
        }
    for (uint8_t i = 0; i < base->ntop; i++)
        if (!interview_in_top(o, base->top[i]) && base->top[i] != b1) {
            sb_printf(b, "%s%s drops out of the top three", any ? "; " : "",
                      cond_name(kb, base->top[i], lang));
            any = true;
        }
    if (!any && interview_change(base, o) > 0) {
        sb_puts(b, "the order of the top three changes");
        any = true;
    }
    if (!any)
        sb_puts(b, "no change to the result");
}

void interview_each_answer(tri_interview *iv, uint32_t q, const char *lang, iv_answer_fn fn,
                           void *ctx)
{
    const kb_question *qq = &iv->kb->questions[q];
    if (!interview_sync_sim(iv))
        return;
    iv_outcome base;
    interview_outcome(iv->s, &base);
    uint32_t n = iv->sample_n[q];
    const iv_sample *sm = &iv->samples[iv->sample_first[q]];
    if (qq->type == TRI_Q_NUMBER || qq->type == TRI_Q_DURATION) {
        uint32_t start = 0;
        iv_outcome first;
        for (uint32_t i = 0; i < n; i++) {
            iv_outcome o;
            interview_sim_sample(iv, q, i, &o);
            if (i == start)
                first = o;
            bool last = i + 1 == n;
            iv_outcome nexto;
            if (!last) {
                interview_sim_sample(iv, q, i + 1, &nexto);
                last = interview_change(&first, &nexto) > 0;
            }
            if (last) {
                char label[160];
                range_label(qq, &sm[start], &sm[i], label, sizeof label);
                fn(iv, q, NULL, label, &base, &first, ctx);
                start = i + 1;
            }
        }
        return;
    }
    for (uint32_t i = 0; i < n; i++) {
        iv_outcome o;
        interview_sim_sample(iv, q, i, &o);
        fn(iv, q, qq->options[i].id, tri_interview_option_text(iv, q, i, lang), &base, &o, ctx);
    }
}

/* ---- WHY ---------------------------------------------------------------------------------- */

static void why_text_answer(tri_interview *iv, uint32_t q, const char *id, const char *label,
                            const iv_outcome *base, const iv_outcome *o, void *ctx)
{
    (void)q;
    (void)id;
    iv_why *c = ctx;
    c->number++;
    if (id)
        sb_printf(c->b, "  %u. %s: ", c->number, label);
    else
        sb_printf(c->b, "  - %s: ", label);
    interview_describe_change(c->b, iv->kb, base, o, c->lang);
    sb_puts(c->b, "\n");
}


static tri_ask_reason reason_for(const tri_interview *iv, uint32_t q)
{
    return (int)q == iv->last_q ? iv->last_reason : interview_classify(iv, q);
}

/* The sentence that says where the result stands now. */
static void now_text(strbuf *b, const tri_kb *kb, const iv_outcome *base, const char *lang)
{
    sb_printf(b, "Now: triage %s", level_words(base->level));
    for (uint8_t i = 0; i < base->ntop; i++)
        sb_printf(b, "%s%s", i == 0 ? "; in favour: " : ", ", cond_name(kb, base->top[i], lang));
    if (!base->ntop)
        sb_puts(b, "; no explanation is in favour yet");
    sb_puts(b, ".\n");
}

const char *tri_interview_why_text(tri_interview *iv, size_t q, const tri_report_options *ro,
                                   size_t *len)
{
    if (q >= iv->nq)
        return NULL;
    const tri_kb *kb = iv->kb;
    const char *lang = ro ? ro->lang : NULL;
    interview_refresh(iv);
    strbuf *b = &iv->out;
    sb_reset(b);
    sb_printf(b, "Why this question: %s.\n", tri_ask_reason_meaning(reason_for(iv, (uint32_t)q)));
    uint8_t *mark = iv->mark;
    size_t n = interview_tested_conditions(iv, (uint32_t)q, mark);
    if (n) {
        sb_puts(b, "It helps to tell apart: ");
        size_t k = 0;
        for (uint32_t c = 0; c < kb->nconditions; c++)
            if (mark[c])
                sb_printf(b, "%s%s", k++ ? ", " : "", cond_name(kb, c, lang));
        sb_puts(b, ".\n");
    }
    if (iv->stakes[q] < TRI_LEVEL_COUNT)
        sb_printf(b, "Some answers, alone or with others, can raise the triage level (up to %s).\n",
                  level_words(iv->stakes[q]));
    iv_outcome base;
    interview_outcome(iv->s, &base);
    now_text(b, kb, &base, lang);
    if (iv->sample_n[q]) {
        sb_puts(b, "What each answer would do now:\n");
        iv_why c = {b, lang, 0, true};
        interview_each_answer(iv, (uint32_t)q, lang, why_text_answer, &c);
    }
    if (b->failed)
        return NULL;
    if (len)
        *len = b->len;
    return b->data;
}

/* ---- why the level, for a person leaving early ---------------------------------------------- */

size_t tri_interview_level_reasons(tri_interview *iv, const char *lang, tri_reason_fn fn, void *ctx)
{
    const tri_kb *kb = iv->kb;
    /* the reasons the explain stage decided, in its order, worded as the report words them */
    const explain *ex = explain_build(iv->s);
    if (!ex)
        return 0;
    char line[1024];
    size_t n = 0;
    for (uint32_t i = 0; i < ex->nwhy; i++) {
        const explain_why *w = &ex->why[i];
        const char *t;
        switch (w->kind) {
        case WHY_RED_FLAG:
            t = kb_text_get(&kb->red_flags[w->index].text, lang);
            snprintf(line, sizeof line, "Red flag: %s.", t ? t : kb->red_flags[w->index].id);
            fn("red_flag", kb->red_flags[w->index].id, line, ctx);
            break;
        case WHY_FLOOR:
            t = kb_text_get(&kb->rules[w->index].because, lang);
            fn("rule", kb->rules[w->index].id, t ? t : kb->rules[w->index].id, ctx);
            break;
        case WHY_CONDITION:
            snprintf(line, sizeof line, "%s is likely and is usually managed at this level.",
                     cond_name(kb, w->index, lang));
            fn("condition", kb->conditions[w->index].id, line, ctx);
            break;
        default:
            continue; /* nothing fits: a routine default, never a reason to hurry */
        }
        n++;
    }
    return n;
}
