/*
 * bench_engine.c - load time of a knowledge base and evaluations per second.
 *
 * Usage: bench_engine [--rules PATH] [--seconds S] ANSWERS...
 * Loads the rules N times to time loading, then evaluates the given answers
 * files round-robin on one thread for about S seconds (one session, reused,
 * as batch evaluation does), and reports evaluations per second, with and
 * without rendering the JSON result. A benchmark, not a test: it asserts
 * nothing about speed.
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

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (buf)
        buf[n] = '\0';
    *len = (size_t)n;
    return buf;
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
            fprintf(stderr, "usage: bench_engine [--rules PATH] [--seconds S] ANSWERS...\n");
            return 2;
        }
    }
    if (first >= argc) {
        fprintf(stderr, "bench_engine: give at least one answers file\n");
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

    /* answers */
    int nfiles = argc - first;
    tri_session **sessions = calloc((size_t)nfiles, sizeof *sessions);
    for (int i = 0; i < nfiles; i++) {
        size_t len;
        char *data = slurp(argv[first + i], &len);
        sessions[i] = tri_session_new(kb, NULL, &err);
        if (!data || tri_session_load_answers(sessions[i], argv[first + i], data, len, &err)) {
            fprintf(stderr, "bench_engine: cannot read '%s'\n", argv[first + i]);
            return 4;
        }
        free(data);
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
    printf("evaluate: %.0f evaluations/s on one thread (%d answer sets)\n", eval_rate, nfiles);
    printf("evaluate + JSON: %.0f results/s (%.0f bytes each)\n", render_rate,
           renders ? (double)bytes / (double)renders : 0);
    printf("peak memory: %ld KiB\n", ru.ru_maxrss);
    for (int i = 0; i < nfiles; i++)
        tri_session_free(sessions[i]);
    free(sessions);
    tri_kb_free(kb);
    return 0;
}
