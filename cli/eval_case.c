/*
 * eval_case.c - `triage eval --case ID PATH...`: one case, with everything a
 * rule author needs to see why it passes or fails: its answers, every
 * expectation with why it passed or failed, the detailed result, the full
 * reasoning (HOW) of each explanation that matters to it, and the rule trace.
 *
 * The case files are read one at a time until the case is found; only the
 * diagnostics of the file that holds it are shown.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"
#include "trace.h"

static void on_expect(tri_expect key, bool passed, const char *message, void *ctx)
{
    FILE *f = ctx;
    fprintf(f, "  %s  %-16s %s\n", passed ? "pass" : "FAIL", tri_expect_name(key), message);
}

/* Whether the HOW of condition c is shown: it ranks in the first three, or
 * an expectation of case i names it. */
static bool wanted(const tri_cases *cs, size_t i, const tri_session *s, size_t c)
{
    size_t n = tri_result_explanation_count(s);
    for (size_t k = 0; k < n && k < 3; k++)
        if (tri_result_explanation(s, k, NULL, NULL) == c)
            return true;
    static const tri_expect named[] = {TRI_EXPECT_TOP, TRI_EXPECT_IN_TOP3, TRI_EXPECT_NOT_IN_TOP3,
                                       TRI_EXPECT_NOT_LIKELY};
    for (size_t e = 0; e < sizeof named / sizeof named[0]; e++)
        for (size_t k = 0; k < tri_case_expect_count(cs, i, named[e]); k++)
            if (tri_case_expect_item(cs, i, named[e], k) == c)
                return true;
    return false;
}

/* Writes the report of case i of cs, evaluated in s; returns the number of failures. */
static size_t report(FILE *f, const tri_cases *cs, size_t i, tri_session *s)
{
    const tri_kb *kb = tri_session_kb(s);
    unsigned line, col;
    const char *file = tri_case_file(cs, i, &line, &col);
    size_t failures = tri_case_check(cs, i, s, NULL, NULL, NULL);
    fprintf(f, "%s:%u:%u: case '%s' %s\n", file, line, col, tri_case_id(cs, i),
            failures ? "failed" : "passed");
    if (tri_case_source(cs, i))
        fprintf(f, "  source: %s\n", tri_case_source(cs, i));
    if (tri_case_note(cs, i))
        fprintf(f, "  note: %s\n", tri_case_note(cs, i));

    fputs("\nAnswers\n", f);
    size_t na = tri_case_answer_count(cs, i);
    if (!na)
        fputs("  (none)\n", f);
    for (size_t k = 0; k < na; k++) {
        const char *text;
        size_t q = tri_case_answer(cs, i, k, &text);
        fprintf(f, "  %s: %s\n", tri_question_id(kb, q), text);
    }

    fputs("\nExpectations\n", f);
    bool any = false;
    for (int e = 0; e < TRI_EXPECT_COUNT; e++)
        any |= tri_case_has_expect(cs, i, (tri_expect)e);
    if (!any)
        fputs("  (none: the case only has to run)\n", f);
    tri_case_explain(cs, i, s, on_expect, f);

    tri_report_options ro = {0};
    ro.detail = true;
    size_t len;
    const char *text = tri_session_report_text(s, &ro, &len);
    if (!text)
        eval_out_of_memory();
    fputs("\nResult (the detailed report)\n\n", f);
    fwrite(text, 1, len, f);

    /* in rank order, then the conditions the expectations name that were not considered */
    size_t nc = tri_kb_condition_count(kb), nr = tri_result_explanation_count(s);
    for (size_t k = 0; k < nr + nc; k++) {
        size_t c = k < nr ? tri_result_explanation(s, k, NULL, NULL) : k - nr;
        bool ranked = false;
        for (size_t x = 0; k >= nr && x < nr && !ranked; x++)
            ranked = tri_result_explanation(s, x, NULL, NULL) == c;
        if (ranked || !wanted(cs, i, s, c))
            continue;
        const char *how = tri_session_report_how(s, c, &ro, &len);
        if (!how)
            eval_out_of_memory();
        fprintf(f, "\nHow: %s\n\n", tri_condition_id(kb, c));
        fwrite(how, 1, len, f);
    }
    fputc('\n', f);
    trace_text(f, s);
    return failures;
}

int eval_case(eval *ev)
{
    const char *id = ev->o.case_id;
    diag_printer dp;
    diag_printer_init(&dp, stderr);
    dp.color = ev->color_err;
    char *diags = NULL;
    size_t diags_len = 0;
    FILE *mem = NULL;
    tri_options opt = {0};
    opt.on_diag = print_diag;
    opt.diag_ctx = &dp;
    tri_cases *cs = tri_cases_new(ev->kb, &opt, NULL);
    tri_session *s = tri_session_new(ev->kb, NULL, NULL);
    if (!cs || !s)
        eval_out_of_memory();
    int rc = EXIT_INPUT;
    for (size_t f = 0; f < ev->nfiles; f++) {
        tri_cases_clear(cs);
        free(diags);
        diags = NULL;
        if (!(mem = open_memstream(&diags, &diags_len)))
            eval_out_of_memory();
        dp.out = mem;
        tri_error err;
        tri_cases_add_path(cs, ev->files[f], &err);
        fclose(mem);
        dp.out = stderr;
        if (err.status == TRI_ERR_NOMEM)
            eval_out_of_memory();
        int i = tri_cases_find(cs, id);
        if (i >= 0) {
            fwrite(diags, 1, diags_len, stderr); /* the file's other problems */
            if (tri_case_apply(cs, (size_t)i, s, &err) != TRI_OK)
                eval_out_of_memory();
            tri_session_evaluate(s);
            rc = report(stdout, cs, (size_t)i, s) ? EXIT_FAILURES : EXIT_OK;
            goto done;
        }
        for (size_t p = 0; p < tri_cases_problem_count(cs); p++) {
            tri_case_problem pr;
            tri_cases_problem(cs, p, &pr);
            if (pr.id && !strcmp(pr.id, id)) {
                fwrite(diags, 1, diags_len, stderr);
                cli_error("case '%s' has errors, so it cannot run", id);
                goto done;
            }
        }
    }
    cli_error("no case '%s' in the case files given", id);
done:
    free(diags);
    tri_session_free(s);
    tri_cases_free(cs);
    return rc;
}
