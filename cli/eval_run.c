/*
 * eval_run.c - the run of `triage eval`: jobs, worker threads, the pipeline
 * and evaluating one case.
 *
 * Design note. Input is cut into jobs: one case file, or one batch of JSON
 * Lines records. The main thread produces jobs in input order, N worker
 * threads (each with its own sessions and case list, sharing the read-only
 * knowledge bases) evaluate them into per-job output buffers, and the main
 * thread consumes finished jobs strictly in input order. So the output does
 * not depend on --jobs, and at most a fixed number of jobs is in flight:
 * memory stays bounded however long the input is. With --jobs 1 the same
 * three functions run inline, without threads.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "eval.h"

#define BATCH_LINES 256               /* JSON Lines records per job */
#define BATCH_BYTES (1u << 20)        /* input bytes per job (one record may exceed it) */

/* ---- evaluating one case ------------------------------------------------------------------ */

static void on_failure(tri_expect key, const char *message, void *ctx)
{
    worker *w = ctx;
    if (w->nfv == w->capfv) {
        w->capfv = w->capfv ? w->capfv * 2 : 16;
        w->fv = eval_realloc(w->fv, w->capfv * sizeof *w->fv);
    }
    w->fv[w->nfv++] = (failure){key, w->fails.len};
    buf_putn(&w->fails, message, strlen(message) + 1);
}

/* Marks what case i exercised, for --coverage. */
static void cover(const eval *ev, worker *w, const tri_cases *cs, size_t i)
{
    const tri_session *s = w->s;
    const tri_kb *kb = ev->kb;
    for (size_t r = 0; r < tri_kb_rule_count(kb); r++)
        if (tri_result_rule_fired(s, r))
            w->cov_rule[r] = 1;
    if (tri_result_explanation_count(s))
        w->cov_first[tri_result_explanation(s, 0, NULL, NULL)] = 1;
    for (size_t k = 0; k < tri_result_red_flag_count(s); k++)
        w->cov_flag[tri_result_red_flag(s, k)] = 1;
    for (size_t k = 0; k < tri_case_answer_count(cs, i); k++) {
        size_t q = tri_case_answer(cs, i, k, NULL);
        if (tri_session_answer_state(s, q) == TRI_ANSWERED)
            w->cov_question[q] = 1;
    }
}

static void outcome_of(const tri_session *s, outcome *o)
{
    const tri_kb *kb = tri_session_kb(s);
    size_t n = tri_result_explanation_count(s);
    o->n = n < 3 ? n : 3;
    for (size_t k = 0; k < o->n; k++)
        o->top3[k] = tri_condition_id(kb, tri_result_explanation(s, k, NULL, NULL));
    o->level = tri_result_level(s);
}

static bool same_id(const char *a, const char *b)
{
    return (!a && !b) || (a && b && !strcmp(a, b));
}

/* Evaluates case i (new list) with the other rules, as old case k (-1: not
 * valid for them), and writes a compare record when something changed. */
static void compare_case(eval *ev, worker *w, job *j, size_t i, long k)
{
    if (k < 0) {
        j->not_compared++;
        report_change(ev, j, w->cases, i, NULL, NULL, NULL);
        return;
    }
    tri_error err;
    if (tri_case_apply(w->old_cases, (size_t)k, w->old_s, &err) != TRI_OK)
        eval_out_of_memory();
    tri_session_evaluate(w->old_s);
    tri_case_score sc;
    tri_case_check(w->old_cases, (size_t)k, w->old_s, &sc, NULL, NULL);
    stats_add_case(&j->st_old, &sc);

    outcome o, n;
    outcome_of(w->old_s, &o);
    outcome_of(w->s, &n);
    bool ch[3];
    ch[CHG_TOP] = !same_id(o.n ? o.top3[0] : NULL, n.n ? n.top3[0] : NULL);
    ch[CHG_TOP3] = o.n != n.n;
    for (size_t x = 0; x < o.n && !ch[CHG_TOP3]; x++)
        ch[CHG_TOP3] = strcmp(o.top3[x], n.top3[x]) != 0;
    ch[CHG_TRIAGE] = o.level != n.level;
    if (!ch[0] && !ch[1] && !ch[2])
        return;
    j->nchanged++;
    for (int x = 0; x < 3; x++)
        j->changed[x] += ch[x];
    report_change(ev, j, w->cases, i, ch, &o, &n);
}

/* True when case a of list x comes before case b of list y in the file. */
static bool before(const tri_cases *x, size_t a, const tri_cases *y, size_t b)
{
    unsigned la, ca, lb, cb;
    tri_case_file(x, a, &la, &ca);
    tri_case_file(y, b, &lb, &cb);
    return la < lb || (la == lb && ca < cb);
}

static void run_case_file(eval *ev, worker *w, job *j)
{
    tri_cases_clear(w->cases);
    tri_error err;
    if (tri_cases_add_path(w->cases, j->path, &err) != TRI_OK)
        j->invalid = true;
    if (err.status == TRI_ERR_NOMEM)
        eval_out_of_memory();
    size_t nold = 0, k = 0;
    if (ev->old_kb) {
        /* the same file read with the other rules: its valid cases are a
         * subsequence of ours, matched by position */
        tri_cases_clear(w->old_cases);
        tri_cases_add_path(w->old_cases, j->path, NULL);
        nold = tri_cases_count(w->old_cases);
    }
    size_t n = tri_cases_count(w->cases), np = tri_cases_problem_count(w->cases), p = 0;
    for (size_t i = 0; i <= n; i++) {
        /* the cases left out, in file order among those that run */
        tri_case_problem pr;
        unsigned line, col;
        if (i < n)
            tri_case_file(w->cases, i, &line, &col);
        for (; p < np; p++) {
            tri_cases_problem(w->cases, p, &pr);
            if (i < n && (pr.line > line || (pr.line == line && pr.column > col)))
                break;
            j->st.invalid++;
            report_problem(ev, j, &pr);
        }
        if (i == n)
            break;
        if (tri_case_apply(w->cases, i, w->s, &err) != TRI_OK)
            eval_out_of_memory();
        tri_session_evaluate(w->s);
        w->nfv = 0;
        w->fails.len = 0;
        tri_case_score sc;
        tri_case_check(w->cases, i, w->s, &sc, on_failure, w);
        stats_add_case(&j->st, &sc);
        if (ev->o.coverage)
            cover(ev, w, w->cases, i);
        report_case(ev, w, j, i, sc.failures == 0);
        if (ev->old_kb) {
            while (k < nold && before(w->old_cases, k, w->cases, i))
                k++;
            bool match = k < nold && !before(w->cases, i, w->old_cases, k);
            compare_case(ev, w, j, i, match ? (long)k : -1);
        }
        j->units++;
    }
}

/* ---- the pipeline: produce, process, consume ------------------------------------------- */

static void job_reset(job *j)
{
    j->path = NULL;
    j->in.len = 0;
    j->nlines = 0;
    j->out.len = 0;
    j->chg.len = 0;
    j->props.len = 0;
    j->bad.len = 0;
    j->recs.n = j->chgs.n = j->bads.n = 0;
    free(j->diag);
    j->diag = NULL;
    j->diag_len = 0;
    memset(&j->st, 0, sizeof j->st);
    memset(&j->st_old, 0, sizeof j->st_old);
    memset(j->changed, 0, sizeof j->changed);
    j->nchanged = j->not_compared = j->bad_lines = j->units = 0;
    j->invalid = false;
}

/* Fills j with the next piece of input. false when there is none. */
static bool produce(eval *ev, job *j)
{
    job_reset(j);
    if (!ev->o.jsonl) {
        if (ev->next_file == ev->nfiles)
            return false;
        j->path = ev->files[ev->next_file++];
        return true;
    }
    while (j->nlines < BATCH_LINES && j->in.len < BATCH_BYTES && jsonl_read(&ev->rd, j))
        ;
    return j->nlines > 0;
}

static void process(eval *ev, worker *w, job *j)
{
    FILE *mem = open_memstream(&j->diag, &j->diag_len);
    if (!mem)
        eval_out_of_memory();
    w->dp.out = mem;
    if (ev->o.jsonl)
        jsonl_run(ev, w, j);
    else
        run_case_file(ev, w, j);
    fclose(mem);
    w->dp.out = stderr;
}

/* Writes a finished job's output, in input order. */
static void consume(eval *ev, job *j)
{
    if (j->diag_len) {
        progress_clear(&ev->pg);
        fflush(stdout);
        fwrite(j->diag, 1, j->diag_len, stderr);
    }
    stats_merge(&ev->st, &j->st);
    stats_merge(&ev->st_old, &j->st_old);
    for (int x = 0; x < 3; x++)
        ev->changed[x] += j->changed[x];
    ev->nchanged += j->nchanged;
    ev->not_compared += j->not_compared;
    ev->invalid_files += j->invalid;
    ev->bad_lines += j->bad_lines;
    ev->pg.done++;
    ev->units += j->units;
    if (ev->pg.bytes_total) {
        off_t at = ftello(ev->rd.f);
        ev->pg.bytes = at > 0 ? (unsigned long long)at : 0;
    }

    report_job(ev, j);
    progress_draw(&ev->pg, ev->units);
}

static void *worker_main(void *arg)
{
    worker *w = arg;
    eval *ev = w->ev;
    pthread_mutex_lock(&ev->mu);
    for (;;) {
        while (!ev->stop && ev->taken == ev->produced)
            pthread_cond_wait(&ev->cv_work, &ev->mu);
        if (ev->taken == ev->produced)
            break; /* stopping, and nothing is left */
        job *j = &ev->jobs[ev->taken++ % ev->nslots];
        pthread_mutex_unlock(&ev->mu);
        process(ev, w, j);
        pthread_mutex_lock(&ev->mu);
        j->state = JOB_DONE;
        pthread_cond_broadcast(&ev->cv_done);
    }
    pthread_mutex_unlock(&ev->mu);
    return NULL;
}

void run_pipeline(eval *ev)
{
    if (ev->nworkers == 1) {
        job *j = &ev->jobs[0];
        while (produce(ev, j)) {
            process(ev, &ev->workers[0], j);
            consume(ev, j);
        }
        return;
    }
    for (unsigned i = 0; i < ev->nworkers; i++)
        if (pthread_create(&ev->workers[i].thread, NULL, worker_main, &ev->workers[i]) != 0) {
            cli_error("cannot start a thread: %s", strerror(errno));
            exit(EXIT_INPUT);
        }
    bool more = true;
    for (;;) {
        while (more && ev->produced - ev->consumed < ev->nslots) {
            job *j = &ev->jobs[ev->produced % ev->nslots];
            if (!produce(ev, j)) {
                more = false;
                break;
            }
            pthread_mutex_lock(&ev->mu);
            j->state = JOB_QUEUED;
            ev->produced++;
            pthread_cond_signal(&ev->cv_work);
            pthread_mutex_unlock(&ev->mu);
        }
        if (ev->consumed == ev->produced)
            break;
        job *j = &ev->jobs[ev->consumed % ev->nslots];
        pthread_mutex_lock(&ev->mu);
        while (j->state != JOB_DONE)
            pthread_cond_wait(&ev->cv_done, &ev->mu);
        pthread_mutex_unlock(&ev->mu);
        consume(ev, j);
        j->state = JOB_FREE;
        ev->consumed++;
    }
    pthread_mutex_lock(&ev->mu);
    ev->stop = true;
    pthread_cond_broadcast(&ev->cv_work);
    pthread_mutex_unlock(&ev->mu);
    for (unsigned i = 0; i < ev->nworkers; i++)
        pthread_join(ev->workers[i].thread, NULL);
}
