/*
 * support.c - helpers shared by the unit tests.
 */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void collect_diag(const tri_diag *d, void *ctx)
{
    collected *c = ctx;
    size_t at = strlen(c->text);
    const char *sev = d->severity == TRI_SEV_ERROR ? "error"
                      : d->severity == TRI_SEV_WARNING ? "warning" : "note";
    if (d->severity == TRI_SEV_ERROR)
        c->errors++;
    else if (d->severity == TRI_SEV_WARNING)
        c->warnings++;
    snprintf(c->text + at, sizeof c->text - at, "%u:%u: %s: %s\n", d->line, d->column, sev,
             d->message);
}

tri_kb *kb_from_string(const char *yaml, collected *out)
{
    collected local;
    collected *c = out ? out : &local;
    memset(c, 0, sizeof *c);
    tri_options opt = {0};
    opt.on_diag = collect_diag;
    opt.diag_ctx = c;
    opt.keep_source = true; /* tests may trace rules (tri_node_file, tri_node_text) */
    tri_source src = {"test.yaml", yaml, strlen(yaml)};
    tri_error err;
    return tri_kb_load_sources(&src, 1, &opt, &err);
}

tri_session *session_with(const tri_kb *kb, const char *const *answers)
{
    tri_session *s = tri_session_new(kb, NULL, NULL);
    ck_assert_ptr_nonnull(s);
    for (size_t i = 0; answers && answers[i]; i++) {
        char q[128];
        const char *eq = strchr(answers[i], '=');
        ck_assert_msg(eq != NULL, "bad test answer '%s'", answers[i]);
        snprintf(q, sizeof q, "%.*s", (int)(eq - answers[i]), answers[i]);
        int qi = tri_kb_question_find(kb, q);
        ck_assert_msg(qi >= 0, "no question '%s'", q);
        tri_error err;
        tri_status st = tri_session_answer(s, (size_t)qi, eq + 1, &err);
        ck_assert_msg(st == TRI_OK, "answer '%s': %s", answers[i], err.message);
    }
    tri_session_evaluate(s);
    return s;
}

int rank_of(const tri_session *s, const char *id)
{
    for (size_t r = 0; r < tri_result_explanation_count(s); r++) {
        size_t c = tri_result_explanation(s, r, NULL, NULL);
        if (!strcmp(tri_condition_id(tri_session_kb(s), c), id))
            return (int)r;
    }
    return -1;
}

double confidence_of(const tri_session *s, const char *id)
{
    for (size_t r = 0; r < tri_result_explanation_count(s); r++) {
        double cf;
        size_t c = tri_result_explanation(s, r, &cf, NULL);
        if (!strcmp(tri_condition_id(tri_session_kb(s), c), id))
            return cf;
    }
    return 0;
}

static void *f_malloc(size_t n, void *ctx)
{
    failing_alloc *f = ctx;
    f->calls++;
    if (f->budget >= 0 && f->budget-- == 0) {
        f->budget = 0; /* keep failing */
        return NULL;
    }
    void *p = malloc(n);
    if (p)
        f->live++;
    return p;
}

static void *f_realloc(void *p, size_t n, void *ctx)
{
    failing_alloc *f = ctx;
    f->calls++;
    if (f->budget >= 0 && f->budget-- == 0) {
        f->budget = 0;
        return NULL;
    }
    void *q = realloc(p, n);
    if (q && !p)
        f->live++;
    return q;
}

static void f_free(void *p, void *ctx)
{
    failing_alloc *f = ctx;
    if (p)
        f->live--;
    free(p);
}

void failing_alloc_init(failing_alloc *f, long budget)
{
    f->a.malloc = f_malloc;
    f->a.realloc = f_realloc;
    f->a.free = f_free;
    f->a.ctx = f;
    f->budget = budget;
    f->live = 0;
    f->calls = 0;
}

int run_suite(Suite *s)
{
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
