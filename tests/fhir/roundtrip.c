/*
 * roundtrip.c - answers -> QuestionnaireResponse -> answers, for every case
 * of the case files given (the clinical vignettes), through the same code as
 * `triage export fhir-response` and `triage run --answers-fhir`.
 *
 *   fhir_roundtrip CASES [OUT_DIR]
 *
 * For each case: its answers are applied to a session (A) and written as a
 * QuestionnaireResponse, which is read back into a new session (B). The
 * answers of A and B, written as answers files, must be byte-identical, and
 * so must their results (JSON). With OUT_DIR, each QuestionnaireResponse is
 * also saved there as CASE_ID.json for the FHIR validators. Ends with
 * "N passed, M failed"; exit status 1 when any case failed.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fhir.h"

static char *copy(const char *s, size_t n)
{
    char *c = malloc(n + 1);
    if (!c)
        abort();
    memcpy(c, s, n);
    c[n] = '\0';
    return c;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: fhir_roundtrip CASES [OUT_DIR]\n");
        return 2;
    }
    diag_printer dp;
    diag_printer_init(&dp, stderr);
    tri_options opt = {0};
    opt.on_diag = print_diag;
    opt.diag_ctx = &dp;
    tri_error err;
    tri_kb *kb = tri_kb_load_default(&opt, &err);
    tri_cases *cs = kb ? tri_cases_new(kb, &opt, &err) : NULL;
    if (!cs || tri_cases_add_path(cs, argv[1], &err) != TRI_OK) {
        fprintf(stderr, "fhir_roundtrip: cannot load the cases: %s\n", err.message);
        return 2;
    }
    tri_session *a = tri_session_new(kb, &opt, &err), *b = tri_session_new(kb, &opt, &err);
    tri_report_options ro = {0};
    size_t passed = 0, failed = 0, n = tri_cases_count(cs);
    for (size_t i = 0; i < n; i++) {
        const char *id = tri_case_id(cs, i);
        if (tri_case_apply(cs, i, a, &err) != TRI_OK) {
            printf("not ok: %s: the case's answers did not apply: %s\n", id, err.message);
            failed++;
            continue;
        }
        char *qr = NULL;
        size_t qr_len = 0;
        FILE *mem = open_memstream(&qr, &qr_len);
        bool wrote = mem && fhir_write_response(mem, a, NULL);
        if (mem)
            fclose(mem);
        tri_session_clear(b);
        unsigned errors_before = dp.errors;
        tri_status st = wrote ? fhir_read_response(b, id, qr, qr_len, &dp) : TRI_ERR_IO;
        size_t len;
        const char *ya = tri_session_answers_yaml(a, &len);
        char *answers_a = copy(ya, len);
        const char *yb = tri_session_answers_yaml(b, &len);
        char *answers_b = copy(yb, len);
        tri_session_evaluate(a);
        tri_session_evaluate(b);
        const char *ja = tri_session_report_json(a, &ro, &len);
        char *result_a = copy(ja, len);
        const char *jb = tri_session_report_json(b, &ro, &len);
        bool same_result = !strcmp(result_a, jb);
        if (st != TRI_OK || dp.errors != errors_before) {
            printf("not ok: %s: the QuestionnaireResponse did not read back\n", id);
            failed++;
        } else if (strcmp(answers_a, answers_b) != 0) {
            printf("not ok: %s: the answers differ after the round trip\n--- before\n%s--- after\n%s",
                   id, answers_a, answers_b);
            failed++;
        } else if (!same_result) {
            printf("not ok: %s: the result differs after the round trip\n", id);
            failed++;
        } else {
            passed++;
        }
        if (argc > 2 && qr) {
            char path[4096];
            snprintf(path, sizeof path, "%s/%s.json", argv[2], id);
            FILE *f = fopen(path, "wb");
            if (!f || fwrite(qr, 1, qr_len, f) != qr_len || fclose(f) != 0) {
                fprintf(stderr, "fhir_roundtrip: cannot write '%s'\n", path);
                return 2;
            }
        }
        free(qr);
        free(answers_a);
        free(answers_b);
        free(result_a);
    }
    printf("fhir round trip: %zu passed, %zu failed\n", passed, failed);
    tri_session_free(a);
    tri_session_free(b);
    tri_cases_free(cs);
    tri_kb_free(kb);
    return failed || n == 0 ? 1 : 0;
}
