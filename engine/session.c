/*
 * session.c - one evaluation's lifecycle: creating, clearing and freeing a
 * session, the pool that holds the answers' canonical texts, and reading
 * the answer state back. Turning text into answer values is answer.c's job.
 */
#include "session.h"

#include <stdio.h>
#include <string.h>

#include "alarm.h"
#include "alloc.h"

tri_session *tri_session_new(const tri_kb *kb, const tri_options *opt, tri_error *err)
{
    diag_sink d;
    diag_init(&d, opt, err);
    const tri_allocator *a = mem_or_default(opt ? opt->allocator : NULL);
    tri_session *s = mem_calloc(a, 1, sizeof *s);
    if (!s)
        goto nomem;
    s->kb = kb;
    s->alloc = a;
    s->on_diag = opt ? opt->on_diag : NULL;
    s->diag_ctx = opt ? opt->diag_ctx : NULL;
    sb_init(&s->out, a);
    size_t nq = kb->nquestions + 1, nc = kb->nconditions + 1, nr = kb->nrules + 1;
    s->answers = mem_calloc(a, nq, sizeof *s->answers);
    s->fact_tv = mem_calloc(a, kb->nfacts + 1, 1);
    s->rule_fired = mem_calloc(a, nr, 1);
    s->mb = mem_calloc(a, nc, sizeof(double));
    s->md = mem_calloc(a, nc, sizeof(double));
    s->cf = mem_calloc(a, nc, sizeof(double));
    s->touched = mem_calloc(a, nc, 1);
    s->ranked = mem_calloc(a, nc, sizeof(uint32_t));
    s->red_fired = mem_calloc(a, kb->nred_flags + 1, 1);
    s->red_rule = mem_calloc(a, kb->nred_flags + 1, sizeof(uint32_t));
    s->advice_on = mem_calloc(a, kb->nadvice + 1, 1);
    s->factor_on = mem_calloc(a, kb->nfactors + 1, 1);
    s->pool_cap = 4096;
    s->pool = mem_alloc(a, s->pool_cap);
    s->sc = rx_scratch_new(kb->rx, a);
    if (!s->answers || !s->fact_tv || !s->rule_fired || !s->mb || !s->md || !s->cf ||
        !s->touched || !s->ranked || !s->red_fired || !s->red_rule || !s->advice_on ||
        !s->factor_on || !s->pool || !s->sc) {
        tri_session_free(s);
        goto nomem;
    }
    return s;
nomem:
    diag_fail(&d, TRI_ERR_NOMEM, NULL, "out of memory while creating a session");
    return NULL;
}

void tri_session_free(tri_session *s)
{
    if (!s)
        return;
    const tri_allocator *a = s->alloc;
    mem_free(a, s->answers);
    mem_free(a, s->fact_tv);
    mem_free(a, s->rule_fired);
    mem_free(a, s->mb);
    mem_free(a, s->md);
    mem_free(a, s->cf);
    mem_free(a, s->touched);
    mem_free(a, s->ranked);
    mem_free(a, s->red_fired);
    mem_free(a, s->red_rule);
    mem_free(a, s->advice_on);
    mem_free(a, s->factor_on);
    mem_free(a, s->pool);
    rx_scratch_free(s->sc);
    mem_free(a, s->explained); /* one block (explain.c) */
    arena_free(s->scratch);
    sb_fini(&s->out);
    mem_free(a, s);
}

const tri_kb *tri_session_kb(const tri_session *s)
{
    return s->kb;
}

tri_status tri_session_set_date(tri_session *s, const char *date)
{
    if (!date) {
        s->date[0] = '\0';
        return TRI_OK;
    }
    long days;
    char why[128];
    if (qty_parse_day(date, strlen(date), &days, why, sizeof why))
        return TRI_ERR_INVALID;
    snprintf(s->date, sizeof s->date, "%s", date);
    return TRI_OK;
}

const char *tri_session_date(const tri_session *s)
{
    return s->date[0] ? s->date : NULL;
}

void tri_session_clear(tri_session *s)
{
    memset(s->answers, 0, s->kb->nquestions * sizeof *s->answers);
    s->pool_len = 0;
    s->date[0] = '\0';
    s->evaluated = false;
}

/* ---- the text pool ---------------------------------------------------------- */

bool session_store_text(tri_session *s, uint32_t q, const char *text, size_t n)
{
    if (s->pool_len + n + 1 > s->pool_cap) {
        /* compact: keep only live texts */
        size_t live = 0;
        for (uint32_t i = 0; i < s->kb->nquestions; i++)
            if (i != q && s->answers[i].state != TRI_UNANSWERED)
                live += s->answers[i].text_len + 1;
        size_t cap = s->pool_cap;
        while (cap < live + n + 1)
            cap *= 2;
        char *np = mem_alloc(s->alloc, cap);
        if (!np)
            return false;
        size_t at = 0;
        for (uint32_t i = 0; i < s->kb->nquestions; i++) {
            answer *a = &s->answers[i];
            if (i == q || a->state == TRI_UNANSWERED)
                continue;
            memcpy(np + at, s->pool + a->text_off, a->text_len + 1);
            a->text_off = (uint32_t)at;
            at += a->text_len + 1;
        }
        mem_free(s->alloc, s->pool);
        s->pool = np;
        s->pool_cap = cap;
        s->pool_len = at;
    }
    memcpy(s->pool + s->pool_len, text, n);
    s->answers[q].text_off = (uint32_t)s->pool_len;
    s->answers[q].text_len = (uint32_t)n;
    s->pool[s->pool_len + n] = '\0';
    s->pool_len += n + 1;
    return true;
}

void tri_session_unanswer(tri_session *s, size_t q)
{
    if (q >= s->kb->nquestions)
        return;
    memset(&s->answers[q], 0, sizeof s->answers[q]);
    s->evaluated = false;
}

tri_answer_state tri_session_answer_state(const tri_session *s, size_t q)
{
    return (tri_answer_state)s->answers[q].state;
}

const char *tri_session_answer_text(const tri_session *s, size_t q)
{
    if (q >= s->kb->nquestions || s->answers[q].state == TRI_UNANSWERED)
        return NULL;
    return s->pool + s->answers[q].text_off;
}

/* ---- emergencies in a person's words ----------------------------------------------------- */

bool tri_session_alarm(tri_session *s, int question, const char *text, tri_alarm *out)
{
    if (!s || !text || (question >= 0 && (uint32_t)question >= s->kb->nquestions))
        return false;
    return alarm_find(s->kb, s->sc, question, text, strlen(text), out) == 1;
}
