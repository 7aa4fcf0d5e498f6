/*
 * bench_engine.c - load time of a knowledge base and evaluations per second.
 *
 * Usage: bench_engine [--rules PATH] [--seconds S] CASES...
 * Loads the rules repeatedly to time loading, then evaluates the answers of
 * every case in the case files (e.g. tests/cases) round-robin on one thread
 * for about S seconds, one prepared session per case, and reports
 * evaluations per second, with and without rendering the JSON result. A
 * benchmark, not a test: it asserts nothing about speed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "triage/triage.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    const char *rules = NULL;
    double seconds = 3;
    int first = 1;
    while (first < argc && argv[first][0] == '-') {
        if (!strcmp(argv[first], "--rules") && first + 1 < argc)
            rules = argv[first + 1], first += 2;
        else if (!strcmp(argv[first], "--seconds") && first + 1 < argc)
            seconds = atof(argv[first + 1]), first += 2;
        else {
            fprintf(stderr, "usage: bench_engine [--rules PATH] [--seconds S] CASES...\n");
            return 2;
        }
    }
    if (first >= argc) {
        fprintf(stderr, "bench_engine: give at least one case file or directory\n");
        return 2;
    }

    /* load time */
    int loads = 0;
    double t0 = now(), t;
    tri_error err;
    tri_kb *kb = NULL;
    do {
        tri_kb_free(kb);
        kb = rules ? tri_kb_load(rules, NULL, &err) : tri_kb_load_default(NULL, &err);
        if (!kb) {
            fprintf(stderr, "bench_engine: rules did not load: %s:%u:%u: %s\n", err.file, err.line,
                    err.column, err.message);
            return 3;
        }
        loads++;
        t = now();
    } while (t - t0 < 1.0 || loads < 5);
    double load_ms = (t - t0) / loads * 1000;

    /* one prepared session per case */
    tri_cases *cs = tri_cases_new(kb, NULL, &err);
    for (int i = first; i < argc; i++)
        if (tri_cases_add_path(cs, argv[i], &err) != TRI_OK) {
            fprintf(stderr, "bench_engine: cannot read '%s': %s\n", argv[i], err.message);
            return 4;
        }
    int nfiles = (int)tri_cases_count(cs);
    if (nfiles == 0) {
        fprintf(stderr, "bench_engine: no cases\n");
        return 4;
    }
    tri_session **sessions = calloc((size_t)nfiles, sizeof *sessions);
    for (int i = 0; i < nfiles; i++) {
        sessions[i] = tri_session_new(kb, NULL, &err);
        if (!sessions[i] || tri_case_apply(cs, (size_t)i, sessions[i], &err) != TRI_OK) {
            fprintf(stderr, "bench_engine: case '%s': %s\n", tri_case_id(cs, (size_t)i),
                    err.message);
            return 4;
        }
    }

    /* evaluation only */
    long evals = 0;
    t0 = now();
    do {
        for (int k = 0; k < 1000; k++)
            tri_session_evaluate(sessions[evals++ % nfiles]);
        t = now();
    } while (t - t0 < seconds);
    double eval_rate = (double)evals / (t - t0);

    /* evaluation + JSON rendering */
    long renders = 0;
    size_t bytes = 0;
    t0 = now();
    do {
        for (int k = 0; k < 100; k++) {
            tri_session *s = sessions[renders++ % nfiles];
            tri_session_evaluate(s);
            size_t len;
            tri_session_report_json(s, NULL, &len);
            bytes += len;
        }
        t = now();
    } while (t - t0 < seconds);
    double render_rate = (double)renders / (t - t0);

    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("rules: %s (%s), %zu questions, %zu conditions, %zu rules\n",
           rules ? rules : "built in", tri_kb_version(kb), tri_kb_question_count(kb),
           tri_kb_condition_count(kb), tri_kb_rule_count(kb));
    printf("load: %.3f ms per load (%d loads)\n", load_ms, loads);
    printf("evaluate: %.0f evaluations/s on one thread (%d cases, round-robin)\n", eval_rate, nfiles);
    printf("evaluate + JSON: %.0f results/s (%.0f bytes each)\n", render_rate,
           renders ? (double)bytes / (double)renders : 0);
    printf("peak memory: %ld KiB\n", ru.ru_maxrss);
    for (int i = 0; i < nfiles; i++)
        tri_session_free(sessions[i]);
    free(sessions);
    tri_cases_free(cs);
    tri_kb_free(kb);
    return 0;
}
