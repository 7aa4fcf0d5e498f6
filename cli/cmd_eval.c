/*
 * cmd_eval.c - `triage eval`: the test runner for knowledge bases.
 *
 * Runs case files (or JSON Lines records) through the engine and reports
 * per-case pass/fail, the summary figures of the symptom-checker literature,
 * coverage and the changes against a second knowledge base.
 *
 * Design note. Input is cut into jobs: one case file, or one batch of JSON
 * Lines records. The main thread produces jobs in input order, N worker
 * threads (each with its own sessions and case list, sharing the read-only
 * knowledge bases) evaluate them into per-job output buffers, and the main
 * thread consumes finished jobs strictly in input order. So the output does
 * not depend on --jobs, and at most a fixed number of jobs is in flight:
 * memory stays bounded however long the input is. With --jobs 1 the same
 * three functions run inline, without threads.
 *
 * Everything after the first line of the machine formats needs totals that
 * are known only at the end (the JSON summary comes first, JUnit's
 * <testsuites> carries counts, TAP's plan leads), so per-case records are
 * spooled to a temporary file and copied out after the header.
 */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common.h"

#define MAX_JOBS 64
#define BATCH_LINES 256               /* JSON Lines records per job */
#define BATCH_BYTES (1u << 20)        /* input bytes per job (one record may exceed it) */
#define WILSON_Z 1.959963984540054    /* the 97.5th percentile of the standard normal */

static int cmd_eval(int argc, char **argv);

const command command_eval = {
    "eval",
    "triage eval [--rules PATH] [--format text|json|junit|tap] [--coverage]\n"
    "                   [--compare OTHER_RULES] [--jobs N] [--jsonl [FILE]] PATH...",
    "run case files (the knowledge base's tests) and report what passed, what failed and how well "
    "the rules do",
    "\nEach PATH is a case file or a directory of them (.yaml/.yml, searched recursively, in name\n"
    "order). A case gives answers and what the result must show:\n"
    "\n"
    "  cases:\n"
    "    - id: seed-cheek-twitch-before-sleep\n"
    "      source: where the case comes from (optional)\n"
    "      note: free text (optional)\n"
    "      answers: {timing: sleep_onset, location: [cheek, mouth_corner], duration: \"0.5-4 s\"}\n"
    "      expect:                          # every key is optional\n"
    "        top: [hypnic_jerks]            # the first explanation is one of these\n"
    "        in_top3: [hemifacial_spasm]    # each is among the first three\n"
    "        not_in_top3: [stroke_tia]      # none is among the first three\n"
    "        triage: [routine, self_care]   # the level is one of these (the first is expected)\n"
    "        triage_at_least: routine       # the level is this urgent or more\n"
    "        red_flags: [rf1_stroke_signs]  # each is raised\n"
    "\n"
    "A failure is reported as FILE:LINE:COL: case 'ID' failed: WHAT, then the summary: top-1,\n"
    "top-3, triage appropriate, under- and over-triage (count, rate, 95% Wilson interval) and\n"
    "red-flag sensitivity. The text output ends with the line 'N passed, M failed'.\n"
    "\nOptions:\n"
    "  --rules PATH            a rule file or directory (default: the built-in knowledge base)\n"
    "  --format FORMAT         text (default), json ({\"summary\": ..., \"cases\": [...]}),\n"
    "                          junit (JUnit XML) or tap (TAP version 14)\n"
    "  --coverage              also list rules that never fired, conditions never ranked first,\n"
    "                          red flags never raised and questions no case answered\n"
    "  --compare OTHER_RULES   also evaluate every case with OTHER_RULES (the old rules) and list\n"
    "                          each case whose first explanation, top three or triage changed\n"
    "  --jobs N                evaluate on N threads (1-64); the output is the same for any N\n"
    "  --jsonl [FILE]          read one JSON object of answers per line from FILE or standard\n"
    "                          input and write one `triage run --format json` result per line,\n"
    "                          in constant memory. A bad line is reported on standard error\n"
    "                          with its line number, answered on standard output by\n"
    "                          {\"error\": {...}} so output line N always answers input line N,\n"
    "                          and the run goes on (exit 4 at the end)\n"
    "\nA progress bar is drawn on standard error when it is a terminal and the run takes over a\n"
    "second. See docs/eval.md.\n",
    cmd_eval,
};

/* ---- small growable buffers ------------------------------------------------------ */

typedef struct buf {
    char *data;
    size_t len, cap;
} buf;

static void out_of_memory(void)
{
    cli_error("out of memory");
    exit(EXIT_INPUT);
}

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        out_of_memory();
    return q;
}

static void buf_reserve(buf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra + 1)
        cap *= 2;
    b->data = xrealloc(b->data, cap);
    b->cap = cap;
}

static void buf_putn(buf *b, const char *s, size_t n)
{
    buf_reserve(b, n);
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

static void buf_puts(buf *b, const char *s)
{
    buf_putn(b, s, strlen(s));
}

static void buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void buf_printf(buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    buf_reserve(b, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

static void buf_free(buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

/* A JSON string literal; also a valid YAML double-quoted scalar (for TAP). */
static void buf_json(buf *b, const char *s)
{
    buf_putn(b, "\"", 1);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\') {
            char e[2] = {'\\', (char)*p};
            buf_putn(b, e, 2);
        } else if (*p == '\n') {
            buf_puts(b, "\\n");
        } else if (*p == '\t') {
            buf_puts(b, "\\t");
        } else if (*p < 0x20 || *p == 0x7f) {
            buf_printf(b, "\\u%04x", *p);
        } else {
            buf_putn(b, (const char *)p, 1);
        }
    }
    buf_putn(b, "\"", 1);
}

static void buf_json_or_null(buf *b, const char *s)
{
    if (s)
        buf_json(b, s);
    else
        buf_puts(b, "null");
}

/* Text for XML (element content or a double-quoted attribute). Control
 * characters XML 1.0 cannot carry become '?'. */
static void buf_xml(buf *b, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '&':
            buf_puts(b, "&amp;");
            break;
        case '<':
            buf_puts(b, "&lt;");
            break;
        case '>':
            buf_puts(b, "&gt;");
            break;
        case '"':
            buf_puts(b, "&quot;");
            break;
        case '\n':
        case '\t':
            buf_putn(b, (const char *)p, 1);
            break;
        default:
            buf_putn(b, *p < 0x20 ? "?" : (const char *)p, 1);
        }
    }
}

/* A number in [0, 1] or a count ratio, the same bytes on every run. */
static void buf_num(buf *b, double v)
{
    buf_printf(b, "%.4f", v);
}

/* ---- figures ------------------------------------------------------------------------ */

typedef struct tally {
    size_t count, of;
} tally;

/* The summary figures, in the order they are printed. */
#define METRIC_LIST(X) \
    X(TOP1, "top1", "top-1") \
    X(TOP3, "top3", "top-3") \
    X(TRIAGE_OK, "triage_appropriate", "triage appropriate") \
    X(UNDER, "under_triage", "under-triage") \
    X(OVER, "over_triage", "over-triage") \
    X(RED_FLAGS, "red_flag_sensitivity", "red-flag sensitivity")

enum {
#define METRIC_ENUM(name, key, label) M_##name,
    METRIC_LIST(METRIC_ENUM)
#undef METRIC_ENUM
    M_COUNT
};

static const char *const metric_keys[] = {
#define METRIC_KEY(name, key, label) key,
    METRIC_LIST(METRIC_KEY)
#undef METRIC_KEY
};
static const char *const metric_labels[] = {
#define METRIC_LABEL(name, key, label) label,
    METRIC_LIST(METRIC_LABEL)
#undef METRIC_LABEL
};

typedef struct stats {
    size_t cases, passed, failed;
    tally m[M_COUNT];
} stats;

static void stats_add_case(stats *st, const tri_case_score *sc)
{
    st->cases++;
    if (sc->failures)
        st->failed++;
    else
        st->passed++;
    if (sc->has_top) {
        st->m[M_TOP1].of++;
        st->m[M_TOP3].of++;
        st->m[M_TOP1].count += sc->top1;
        st->m[M_TOP3].count += sc->top3;
    }
    if (sc->has_triage) {
        st->m[M_TRIAGE_OK].of++;
        st->m[M_UNDER].of++;
        st->m[M_OVER].of++;
        st->m[M_TRIAGE_OK].count += sc->triage_ok;
        st->m[M_UNDER].count += sc->under_triage;
        st->m[M_OVER].count += sc->over_triage;
    }
    st->m[M_RED_FLAGS].of += sc->red_flags_expected;
    st->m[M_RED_FLAGS].count += sc->red_flags_raised;
}

static void stats_merge(stats *into, const stats *from)
{
    into->cases += from->cases;
    into->passed += from->passed;
    into->failed += from->failed;
    for (int i = 0; i < M_COUNT; i++) {
        into->m[i].count += from->m[i].count;
        into->m[i].of += from->m[i].of;
    }
}

/* The 95% Wilson score interval of count successes in of trials:
 * (p + z^2/2n -+ z sqrt(p(1-p)/n + z^2/4n^2)) / (1 + z^2/n). */
static void wilson(const tally *t, double *lo, double *hi)
{
    double n = (double)t->of, p = (double)t->count / n, z2 = WILSON_Z * WILSON_Z;
    double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
    double half = WILSON_Z * sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n);
    *lo = centre - half < 0 ? 0 : centre - half;
    *hi = centre + half > 1 ? 1 : centre + half;
}

/* ---- options ------------------------------------------------------------------------ */

typedef enum format { FMT_TEXT, FMT_JSON, FMT_JUNIT, FMT_TAP } format;

typedef struct eval_opts {
    const char *rules, *compare;
    format fmt;
    bool coverage;
    bool jsonl;
    const char *jsonl_file; /* NULL: standard input */
    unsigned jobs;
    const char **paths;
    int npaths;
} eval_opts;

/* ---- jobs, workers and the run ------------------------------------------------------------ */

/* One per-case record in a job's output buffer. */
typedef struct record {
    bool passed;
    size_t off, len;
} record;

typedef struct reclist {
    record *v;
    size_t n, cap;
} reclist;

static void reclist_push(reclist *l, bool passed, size_t off, size_t len)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 64;
        l->v = xrealloc(l->v, l->cap * sizeof *l->v);
    }
    l->v[l->n++] = (record){passed, off, len};
}

/* One JSON Lines record inside a job's input buffer. */
typedef struct line_ref {
    size_t off, len;
    unsigned long number; /* 1-based line number in the input */
    bool too_long;
} line_ref;

enum { JOB_FREE, JOB_QUEUED, JOB_DONE };

typedef struct job {
    int state;
    /* input */
    const char *path; /* a case file */
    buf in;           /* JSON Lines records */
    line_ref *lines;
    size_t nlines, caplines;
    /* output */
    buf out, chg;        /* per-case records; compare records */
    reclist recs, chgs;
    char *diag;          /* diagnostics for standard error, in input order */
    size_t diag_len;
    stats st, st_old;    /* this job's cases, with the rules and with OTHER_RULES */
    size_t changed[3], nchanged, not_compared;
    bool invalid;        /* the case file had errors */
    size_t bad_lines;
    size_t units;        /* cases or records done (progress) */
} job;

typedef struct eval eval;

/* A failure of the case being checked: key and message (in fails). */
typedef struct failure {
    tri_expect key;
    size_t off;
} failure;

typedef struct worker {
    eval *ev;
    pthread_t thread;
    tri_session *s, *old_s;
    tri_cases *cases, *old_cases;
    diag_printer dp; /* prints into the current job's diagnostics */
    buf fails;
    failure *fv;
    size_t nfv, capfv;
    uint8_t *cov_rule, *cov_first, *cov_flag, *cov_question;
    const line_ref *record; /* --jsonl: the record being read, and its text */
    const char *record_text;
} worker;

typedef struct progress {
    bool enabled, shown;
    struct timespec start, last;
    size_t done, total;          /* units; total 0 when unknown */
    const char *unit;
    unsigned long long bytes, bytes_total; /* JSON Lines from a regular file */
} progress;

/* Reads JSON Lines records in constant memory. */
typedef struct reader {
    FILE *f;
    const char *name;
    char chunk[65536];
    size_t pos, end;
    unsigned long line;
    bool eof, error;
} reader;

struct eval {
    eval_opts o;
    tri_kb *kb, *old_kb;
    bool color_err;
    worker *workers;
    unsigned nworkers;

    /* the pipeline: slots in a ring, seq % nslots */
    pthread_mutex_t mu;
    pthread_cond_t cv_work, cv_done;
    job *jobs;
    size_t nslots;
    size_t produced, taken, consumed;
    bool stop;

    /* input */
    char **files;
    size_t nfiles, capfiles, next_file;
    reader rd;

    /* output */
    FILE *spool, *spool_chg;
    stats st, st_old;
    size_t changed[3], nchanged, not_compared;
    size_t invalid_files, bad_lines, tests; /* tests: TAP test points so far */
    size_t units;                           /* cases or records done */
    progress pg;
};

/* ---- progress bar ---------------------------------------------------------------------- */

static double seconds_since(const struct timespec *t)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t->tv_sec) + (double)(now.tv_nsec - t->tv_nsec) / 1e9;
}

static void progress_start(progress *pg, const char *unit, size_t total)
{
    memset(pg, 0, sizeof *pg);
    pg->enabled = isatty(STDERR_FILENO);
    pg->unit = unit;
    pg->total = total;
    clock_gettime(CLOCK_MONOTONIC, &pg->start);
    pg->last = pg->start;
}

/* Redraws at most ten times a second, and only after the first second. */
static void progress_draw(progress *pg, size_t cases)
{
    if (!pg->enabled)
        return;
    double t = seconds_since(&pg->start);
    if (t < 1.0 || seconds_since(&pg->last) < 0.1)
        return;
    clock_gettime(CLOCK_MONOTONIC, &pg->last);
    double frac = pg->bytes_total ? (double)pg->bytes / (double)pg->bytes_total
                  : pg->total     ? (double)pg->done / (double)pg->total
                                  : -1;
    char bar[32];
    if (frac >= 0) {
        int w = (int)(frac * 24 + 0.5);
        for (int i = 0; i < 24; i++)
            bar[i] = i < w ? '#' : '.';
        bar[24] = '\0';
        fprintf(stderr, "\r[%s] %3d%%  %zu %s  %.0f/s \033[K", bar, (int)(frac * 100 + 0.5), cases,
                pg->unit, (double)cases / t);
    } else {
        fprintf(stderr, "\r%zu %s  %.0f/s \033[K", cases, pg->unit, (double)cases / t);
    }
    pg->shown = true;
}

static void progress_clear(progress *pg)
{
    if (pg->shown) {
        fputs("\r\033[K", stderr);
        pg->shown = false;
    }
}

/* ---- evaluating one case ------------------------------------------------------------------ */

static void on_failure(tri_expect key, const char *message, void *ctx)
{
    worker *w = ctx;
    if (w->nfv == w->capfv) {
        w->capfv = w->capfv ? w->capfv * 2 : 16;
        w->fv = xrealloc(w->fv, w->capfv * sizeof *w->fv);
    }
    w->fv[w->nfv++] = (failure){key, w->fails.len};
    buf_putn(&w->fails, message, strlen(message) + 1);
}

static const char *failure_text(const worker *w, size_t k)
{
    return w->fails.data + w->fv[k].off;
}

/* "tests.cases.face" for "tests/cases/face.yaml": JUnit readers split
 * classnames at dots into package and class. */
static void junit_classname(buf *b, const char *file)
{
    size_t n = strlen(file);
    if (n > 5 && !strcmp(file + n - 5, ".yaml"))
        n -= 5;
    else if (n > 4 && !strcmp(file + n - 4, ".yml"))
        n -= 4;
    const char *p = file;
    while (n && (*p == '.' || *p == '/')) {
        p++;
        n--;
    }
    char tmp[2] = {0, 0};
    for (size_t i = 0; i < n; i++) {
        tmp[0] = p[i] == '/' ? '.' : p[i];
        buf_xml(b, tmp);
    }
}

/* The first three explanations of an evaluated session, as ids. */
static void top3_json(buf *b, const tri_session *s)
{
    const tri_kb *kb = tri_session_kb(s);
    size_t n = tri_result_explanation_count(s);
    buf_putn(b, "[", 1);
    for (size_t k = 0; k < n && k < 3; k++) {
        if (k)
            buf_putn(b, ", ", 2);
        buf_json(b, tri_condition_id(kb, tri_result_explanation(s, k, NULL, NULL)));
    }
    buf_putn(b, "]", 1);
}

/* Writes case i's record in the job's format. */
static void write_case(eval *ev, worker *w, job *j, size_t i, bool passed)
{
    const tri_cases *cs = w->cases;
    const tri_session *s = w->s;
    const tri_kb *kb = ev->kb;
    unsigned line, col;
    const char *file = tri_case_file(cs, i, &line, &col);
    const char *id = tri_case_id(cs, i);
    buf *b = &j->out;
    size_t off = b->len;
    switch (ev->o.fmt) {
    case FMT_TEXT:
        for (size_t k = 0; k < w->nfv; k++)
            buf_printf(b, "%s:%u:%u: case '%s' failed: %s\n", file, line, col, id,
                       failure_text(w, k));
        break;
    case FMT_JSON: {
        buf_puts(b, "{\"id\":");
        buf_json(b, id);
        buf_puts(b, ",\"file\":");
        buf_json(b, file);
        buf_printf(b, ",\"line\":%u,\"column\":%u,\"source\":", line, col);
        buf_json_or_null(b, tri_case_source(cs, i));
        buf_puts(b, ",\"note\":");
        buf_json_or_null(b, tri_case_note(cs, i));
        buf_printf(b, ",\"passed\":%s,\"failures\":[", passed ? "true" : "false");
        for (size_t k = 0; k < w->nfv; k++) {
            buf_puts(b, k ? ",{\"expect\":" : "{\"expect\":");
            buf_json(b, tri_expect_name(w->fv[k].key));
            buf_puts(b, ",\"message\":");
            buf_json(b, failure_text(w, k));
            buf_putn(b, "}", 1);
        }
        buf_puts(b, "],\"explanations\":[");
        size_t n = tri_result_explanation_count(s);
        for (size_t k = 0; k < n; k++) {
            if (k)
                buf_putn(b, ",", 1);
            buf_json(b, tri_condition_id(kb, tri_result_explanation(s, k, NULL, NULL)));
        }
        buf_puts(b, "],\"confidence\":[");
        for (size_t k = 0; k < n; k++) {
            double cf;
            tri_result_explanation(s, k, &cf, NULL);
            if (k)
                buf_putn(b, ",", 1);
            buf_printf(b, "%.3f", cf);
        }
        buf_puts(b, "],\"triage\":");
        buf_json(b, tri_level_name(tri_result_level(s)));
        buf_puts(b, ",\"red_flags\":[");
        for (size_t k = 0; k < tri_result_red_flag_count(s); k++) {
            if (k)
                buf_putn(b, ",", 1);
            buf_json(b, tri_red_flag_id(kb, tri_result_red_flag(s, k)));
        }
        buf_puts(b, "]}");
        break;
    }
    case FMT_JUNIT:
        buf_puts(b, "    <testcase name=\"");
        buf_xml(b, id);
        buf_puts(b, "\" classname=\"");
        junit_classname(b, file);
        buf_puts(b, "\" file=\"");
        buf_xml(b, file);
        buf_printf(b, "\" line=\"%u\"", line);
        if (passed) {
            buf_puts(b, "/>\n");
            break;
        }
        buf_puts(b, ">\n      <failure message=\"");
        for (size_t k = 0; k < w->nfv; k++) {
            if (k)
                buf_puts(b, "; ");
            buf_xml(b, failure_text(w, k));
        }
        buf_puts(b, "\" type=\"");
        buf_xml(b, tri_expect_name(w->fv[0].key));
        buf_puts(b, "\">");
        for (size_t k = 0; k < w->nfv; k++) {
            char head[64];
            snprintf(head, sizeof head, ":%u:%u: case '", line, col);
            buf_xml(b, file);
            buf_xml(b, head);
            buf_xml(b, id);
            buf_xml(b, "' failed: ");
            buf_xml(b, failure_text(w, k));
            buf_putn(b, "\n", 1);
        }
        buf_puts(b, "</failure>\n    </testcase>\n");
        break;
    case FMT_TAP:
        /* the consumer writes "ok N" or "not ok N" before this */
        buf_puts(b, " - ");
        buf_puts(b, id); /* ids are [a-z0-9_-]: nothing to escape */
        buf_putn(b, "\n", 1);
        if (passed)
            break;
        buf_puts(b, "  ---\n  message: ");
        buf_json(b, failure_text(w, 0));
        buf_puts(b, "\n  severity: fail\n  at:\n    file: ");
        buf_json(b, file);
        buf_printf(b, "\n    line: %u\n    column: %u\n  failures:\n", line, col);
        for (size_t k = 0; k < w->nfv; k++) {
            buf_puts(b, "    - expect: ");
            buf_puts(b, tri_expect_name(w->fv[k].key));
            buf_puts(b, "\n      message: ");
            buf_json(b, failure_text(w, k));
            buf_putn(b, "\n", 1);
        }
        buf_puts(b, "  got:\n    top3: ");
        top3_json(b, s);
        buf_printf(b, "\n    triage: %s\n  ...\n", tri_level_name(tri_result_level(s)));
        break;
    }
    reclist_push(&j->recs, passed, off, b->len - off);
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

/* What --compare looks at: the first explanation, the top three, the level. */
typedef struct outcome {
    const char *top3[3];
    size_t n;
    tri_level level;
} outcome;

static void outcome_of(const tri_session *s, outcome *o)
{
    const tri_kb *kb = tri_session_kb(s);
    size_t n = tri_result_explanation_count(s);
    o->n = n < 3 ? n : 3;
    for (size_t k = 0; k < o->n; k++)
        o->top3[k] = tri_condition_id(kb, tri_result_explanation(s, k, NULL, NULL));
    o->level = tri_result_level(s);
}

static void outcome_top3_text(buf *b, const outcome *o)
{
    if (!o->n)
        buf_puts(b, "(none)");
    for (size_t k = 0; k < o->n; k++)
        buf_printf(b, "%s%s", k ? ", " : "", o->top3[k]);
}

static void outcome_json(buf *b, const outcome *o)
{
    buf_puts(b, "{\"top\":");
    buf_json_or_null(b, o->n ? o->top3[0] : NULL);
    buf_puts(b, ",\"top3\":[");
    for (size_t k = 0; k < o->n; k++) {
        if (k)
            buf_putn(b, ",", 1);
        buf_json(b, o->top3[k]);
    }
    buf_puts(b, "],\"triage\":");
    buf_json(b, tri_level_name(o->level));
    buf_putn(b, "}", 1);
}

static bool same_id(const char *a, const char *b)
{
    return (!a && !b) || (a && b && !strcmp(a, b));
}

enum { CHG_TOP, CHG_TOP3, CHG_TRIAGE };
static const char *const change_names[] = {"top", "top3", "triage"};

/* Evaluates case i (new list) with the other rules, as old case k, and
 * writes a compare record when something changed. */
static void compare_case(eval *ev, worker *w, job *j, size_t i, long k)
{
    const tri_cases *cs = w->cases;
    unsigned line, col;
    const char *file = tri_case_file(cs, i, &line, &col);
    const char *id = tri_case_id(cs, i);
    buf *b = &j->chg;
    size_t off = b->len;
    if (k < 0) {
        j->not_compared++;
        if (ev->o.fmt == FMT_TEXT) {
            buf_printf(b, "%s:%u:%u: case '%s' not compared: it is not valid for '%s'\n", file,
                       line, col, id, ev->o.compare);
        } else {
            buf_puts(b, "{\"id\":");
            buf_json(b, id);
            buf_puts(b, ",\"file\":");
            buf_json(b, file);
            buf_printf(b, ",\"line\":%u,\"column\":%u,\"status\":\"not_compared\"}", line, col);
        }
        reclist_push(&j->chgs, false, off, b->len - off);
        return;
    }
    tri_error err;
    if (tri_case_apply(w->old_cases, (size_t)k, w->old_s, &err) != TRI_OK)
        out_of_memory();
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
    if (ev->o.fmt == FMT_TEXT) {
        buf ot = {0}, nt = {0};
        outcome_top3_text(&ot, &o);
        outcome_top3_text(&nt, &n);
        const char *olds[3] = {o.n ? o.top3[0] : "(none)", ot.data, tri_level_name(o.level)};
        const char *news[3] = {n.n ? n.top3[0] : "(none)", nt.data, tri_level_name(n.level)};
        static const char *const labels[3] = {"top", "top 3", "triage"};
        int width = 3;
        for (int x = 0; x < 3; x++)
            if ((int)strlen(olds[x]) > width)
                width = (int)strlen(olds[x]);
        buf_printf(b, "%s:%u:%u: case '%s' changed\n", file, line, col, id);
        buf_printf(b, "    %-8s  %-*s   %s\n", "", width, "old", "new");
        for (int x = 0; x < 3; x++)
            buf_printf(b, "  %s %-8s  %-*s | %s\n", ch[x] ? "*" : " ", labels[x], width, olds[x],
                       news[x]);
        buf_free(&ot);
        buf_free(&nt);
    } else {
        buf_puts(b, "{\"id\":");
        buf_json(b, id);
        buf_puts(b, ",\"file\":");
        buf_json(b, file);
        buf_printf(b, ",\"line\":%u,\"column\":%u,\"status\":\"changed\",\"changed\":[", line,
                   col);
        bool first = true;
        for (int x = 0; x < 3; x++)
            if (ch[x]) {
                buf_printf(b, "%s\"%s\"", first ? "" : ",", change_names[x]);
                first = false;
            }
        buf_puts(b, "],\"old\":");
        outcome_json(b, &o);
        buf_puts(b, ",\"new\":");
        outcome_json(b, &n);
        buf_putn(b, "}", 1);
    }
    reclist_push(&j->chgs, true, off, b->len - off);
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
        out_of_memory();
    size_t nold = 0, k = 0;
    if (ev->old_kb) {
        /* the same file read with the other rules: its valid cases are a
         * subsequence of ours, matched by position */
        tri_cases_clear(w->old_cases);
        tri_cases_add_path(w->old_cases, j->path, NULL);
        nold = tri_cases_count(w->old_cases);
    }
    size_t n = tri_cases_count(w->cases);
    for (size_t i = 0; i < n; i++) {
        if (tri_case_apply(w->cases, i, w->s, &err) != TRI_OK)
            out_of_memory();
        tri_session_evaluate(w->s);
        w->nfv = 0;
        w->fails.len = 0;
        tri_case_score sc;
        tri_case_check(w->cases, i, w->s, &sc, on_failure, w);
        stats_add_case(&j->st, &sc);
        if (ev->o.coverage)
            cover(ev, w, w->cases, i);
        write_case(ev, w, j, i, sc.failures == 0);
        if (ev->old_kb) {
            while (k < nold && before(w->old_cases, k, w->cases, i))
                k++;
            bool match = k < nold && !before(w->cases, i, w->old_cases, k);
            compare_case(ev, w, j, i, match ? (long)k : -1);
        }
        j->units++;
    }
}

/* ---- JSON Lines ------------------------------------------------------------------------- */

/* Prints a diagnostic about the record being read. libyaml reports the end of an unfinished
 * record (a missing '}') on the line after it; a JSON Lines diagnostic must name the record's
 * own line, so such a position moves to the end of that line. */
static void jsonl_diag(const tri_diag *d, void *ctx)
{
    worker *w = ctx;
    tri_diag fixed = *d;
    if (w->record && d->line > w->record->number) {
        size_t len = w->record->len;
        while (len && (w->record_text[len - 1] == '\r' || w->record_text[len - 1] == ' '))
            len--;
        fixed.line = (unsigned)w->record->number;
        fixed.column = (unsigned)len + 1;
        fixed.source_line = w->record_text;
        fixed.source_line_len = len;
    }
    print_diag(&fixed, &w->dp);
}

static void run_jsonl(eval *ev, worker *w, job *j)
{
    const char *name = ev->rd.name;
    tri_report_options ro = {0};
    for (size_t i = 0; i < j->nlines; i++) {
        const line_ref *l = &j->lines[i];
        const char *data = j->in.data + l->off;
        size_t len = l->len, at = 0;
        while (at < len && (data[at] == ' ' || data[at] == '\t' || data[at] == '\r'))
            at++;
        const char *problem = NULL;
        char msg[200];
        unsigned col = at + 1;
        if (l->too_long) {
            snprintf(msg, sizeof msg, "the record is longer than the limit of %u bytes",
                     (unsigned)TRI_MAX_FILE_BYTES);
            problem = msg;
            col = 0;
        } else if (at == len) {
            problem = "an empty line (expected a JSON object of answers)";
        } else if (data[at] != '{') {
            problem = "a record must be a JSON object of answers, such as {\"timing\": "
                      "\"sleep_onset\"}";
        }
        tri_error err;
        memset(&err, 0, sizeof err);
        if (problem) {
            if (col)
                fprintf(w->dp.out, "%s:%lu:%u: error: %s\n", name, l->number, col, problem);
            else
                fprintf(w->dp.out, "%s:%lu: error: %s\n", name, l->number, problem);
            snprintf(err.message, sizeof err.message, "%s", problem);
            err.line = (unsigned)l->number;
            err.column = col;
        } else {
            tri_session_clear(w->s);
            w->record = l;
            w->record_text = data;
            tri_status st = tri_session_load_answers_json(w->s, name, (unsigned)l->number, data,
                                                          len, &err);
            w->record = NULL;
            if (st == TRI_ERR_NOMEM)
                out_of_memory();
            if (st == TRI_OK) {
                tri_session_evaluate(w->s);
                size_t n;
                const char *js = tri_session_report_json(w->s, &ro, &n);
                if (!js)
                    out_of_memory();
                buf_putn(&j->out, js, n);
                buf_putn(&j->out, "\n", 1);
                j->units++;
                continue;
            }
            if (!err.line || err.line > l->number) {
                err.line = (unsigned)l->number; /* see jsonl_diag */
                err.column = (unsigned)len + 1;
            }
        }
        j->bad_lines++;
        buf_puts(&j->out, "{\"error\":{\"file\":");
        buf_json(&j->out, name);
        buf_printf(&j->out, ",\"line\":%u,\"column\":%u,\"message\":", err.line, err.column);
        buf_json(&j->out, err.message);
        buf_puts(&j->out, "}}\n");
        j->units++;
    }
}

/* Reads the next record into j->in. false at the end of the input. */
static bool read_line(reader *rd, job *j)
{
    if (rd->eof && rd->pos == rd->end)
        return false;
    size_t start = j->in.len, len = 0;
    bool too_long = false, got = false;
    for (;;) {
        if (rd->pos == rd->end) {
            if (rd->eof)
                break;
            size_t n = fread(rd->chunk, 1, sizeof rd->chunk, rd->f);
            if (n == 0) {
                rd->eof = true;
                if (ferror(rd->f))
                    rd->error = true;
                break;
            }
            rd->pos = 0;
            rd->end = n;
        }
        got = true;
        const char *p = rd->chunk + rd->pos;
        const char *nl = memchr(p, '\n', rd->end - rd->pos);
        size_t n = nl ? (size_t)(nl - p) : rd->end - rd->pos;
        if (!too_long && len + n > TRI_MAX_FILE_BYTES) {
            too_long = true;
            j->in.len = start;
        }
        if (!too_long)
            buf_putn(&j->in, p, n);
        len += n;
        rd->pos += n + (nl ? 1 : 0);
        if (nl)
            break;
    }
    if (!got)
        return false;
    if (j->nlines == j->caplines) {
        j->caplines = j->caplines ? j->caplines * 2 : 64;
        j->lines = xrealloc(j->lines, j->caplines * sizeof *j->lines);
    }
    rd->line++;
    j->lines[j->nlines++] = (line_ref){start, too_long ? 0 : len, rd->line, too_long};
    return true;
}

/* ---- the pipeline: produce, process, consume ------------------------------------------- */

static void job_reset(job *j)
{
    j->path = NULL;
    j->in.len = 0;
    j->nlines = 0;
    j->out.len = 0;
    j->chg.len = 0;
    j->recs.n = j->chgs.n = 0;
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
    while (j->nlines < BATCH_LINES && j->in.len < BATCH_BYTES && read_line(&ev->rd, j))
        ;
    return j->nlines > 0;
}

static void process(eval *ev, worker *w, job *j)
{
    FILE *mem = open_memstream(&j->diag, &j->diag_len);
    if (!mem)
        out_of_memory();
    w->dp.out = mem;
    if (ev->o.jsonl)
        run_jsonl(ev, w, j);
    else
        run_case_file(ev, w, j);
    fclose(mem);
    w->dp.out = stderr;
}

/* Write errors are not checked here: the stream's error flag is, once, at the end. */
static void write_out(FILE *f, const char *data, size_t len)
{
    if (len)
        fwrite(data, 1, len, f);
}

/* A TAP description: '#' would start a directive and '\\' escapes, so both are escaped. */
static void tap_description(FILE *f, const char *s)
{
    for (; *s; s++) {
        if (*s == '#' || *s == '\\')
            fputc('\\', f);
        fputc(*s == '\n' ? ' ' : *s, f);
    }
}

/* Writes a finished job's output, in input order. */
static void consume(eval *ev, job *j)
{
    if (j->diag_len) {
        progress_clear(&ev->pg);
        fflush(stdout);
        write_out(stderr, j->diag, j->diag_len);
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

    if (ev->o.jsonl) {
        write_out(stdout, j->out.data, j->out.len);
        progress_draw(&ev->pg, ev->units);
        return;
    }
    FILE *f = ev->o.fmt == FMT_TEXT ? stdout : ev->spool;
    const char *data = j->out.data;
    switch (ev->o.fmt) {
    case FMT_TEXT:
        write_out(f, data, j->out.len);
        break;
    case FMT_JSON:
        for (size_t k = 0; k < j->recs.n; k++) {
            fputs(ev->st.cases - j->st.cases + k ? ",\n" : "\n", f);
            write_out(f, data + j->recs.v[k].off, j->recs.v[k].len);
        }
        break;
    case FMT_JUNIT: {
        fputs("  <testsuite name=\"", f);
        buf name = {0};
        buf_xml(&name, j->path);
        write_out(f, name.data, name.len);
        fprintf(f, "\" tests=\"%zu\" failures=\"%zu\" errors=\"%d\" skipped=\"0\">\n",
                j->recs.n + j->invalid, j->st.failed, j->invalid ? 1 : 0);
        if (j->invalid) {
            /* the file's errors as a test case of their own, so CI shows them */
            fputs("    <testcase name=\"(case file)\" classname=\"", f);
            buf cn = {0}, msg = {0};
            junit_classname(&cn, j->path);
            write_out(f, cn.data, cn.len);
            buf_xml(&msg, j->diag ? j->diag : "");
            fprintf(f, "\" file=\"%s\">\n      <error message=\"the case file has errors\" "
                       "type=\"invalid\">",
                    name.data);
            write_out(f, msg.data, msg.len);
            fputs("</error>\n    </testcase>\n", f);
            buf_free(&cn);
            buf_free(&msg);
        }
        for (size_t k = 0; k < j->recs.n; k++)
            write_out(f, data + j->recs.v[k].off, j->recs.v[k].len);
        fputs("  </testsuite>\n", f);
        buf_free(&name);
        break;
    }
    case FMT_TAP:
        if (j->invalid) {
            fprintf(f, "not ok %zu - case file ", ++ev->tests);
            tap_description(f, j->path);
            fputs("\n  ---\n  message: \"the case file has errors\"\n  severity: fail\n  at:\n"
                  "    file: ",
                  f);
            buf p = {0};
            buf_json(&p, j->path);
            write_out(f, p.data, p.len);
            fputs("\n  ...\n", f);
            buf_free(&p);
        }
        for (size_t k = 0; k < j->recs.n; k++) {
            fprintf(f, "%s %zu", j->recs.v[k].passed ? "ok" : "not ok", ++ev->tests);
            write_out(f, data + j->recs.v[k].off, j->recs.v[k].len);
        }
        break;
    }
    if (ev->spool_chg)
        for (size_t k = 0; k < j->chgs.n; k++) {
            if (ev->o.fmt == FMT_JSON)
                fputs(ftello(ev->spool_chg) ? ",\n" : "\n", ev->spool_chg);
            write_out(ev->spool_chg, j->chg.data + j->chgs.v[k].off, j->chgs.v[k].len);
        }
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

static void run_pipeline(eval *ev)
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

/* ---- the report's end: summary, coverage, changes ------------------------------------------ */

static void copy_spool(FILE *spool, FILE *out)
{
    if (!spool)
        return;
    rewind(spool);
    char tmp[65536];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, spool)) > 0)
        write_out(out, tmp, n);
}

static void summary_text(FILE *f, const stats *st, const char *title)
{
    char cnt[M_COUNT][48];
    int w = 9; /* the count column grows with the suite: "38424/38424" */
    for (int i = 0; i < M_COUNT; i++) {
        int n = snprintf(cnt[i], sizeof cnt[i], "%zu/%zu", st->m[i].count, st->m[i].of);
        if (n > w)
            w = n;
    }
    fprintf(f, "\n%s\n", title);
    fprintf(f, "  %-22s %*zu\n  %-22s %*zu\n  %-22s %*zu\n", "cases", w, st->cases, "passed", w,
            st->passed, "failed", w, st->failed);
    fprintf(f, "  %-22s %*s %7s   %s\n", "", w, "count", "rate", "95% CI (Wilson)");
    for (int i = 0; i < M_COUNT; i++) {
        const tally *t = &st->m[i];
        if (!t->of) {
            fprintf(f, "  %-22s %*s %7s   %s\n", metric_labels[i], w, cnt[i], "-", "-");
            continue;
        }
        double lo, hi;
        wilson(t, &lo, &hi);
        fprintf(f, "  %-22s %*s %7.3f   %.3f-%.3f\n", metric_labels[i], w, cnt[i],
                (double)t->count / (double)t->of, lo, hi);
    }
}

static void summary_json(buf *b, const stats *st, size_t invalid_files)
{
    buf_printf(b, "{\"cases\":%zu,\"passed\":%zu,\"failed\":%zu,\"invalid_files\":%zu", st->cases,
               st->passed, st->failed, invalid_files);
    for (int i = 0; i < M_COUNT; i++) {
        const tally *t = &st->m[i];
        const char *k = metric_keys[i];
        if (!t->of) {
            buf_printf(b, ",\"%s\":null,\"%s_count\":0,\"%s_of\":0,\"%s_wilson\":null", k, k, k, k);
            continue;
        }
        double lo, hi;
        wilson(t, &lo, &hi);
        buf_printf(b, ",\"%s\":", k);
        buf_num(b, (double)t->count / (double)t->of);
        buf_printf(b, ",\"%s_count\":%zu,\"%s_of\":%zu,\"%s_wilson\":[", k, t->count, k, t->of, k);
        buf_num(b, lo);
        buf_putn(b, ",", 1);
        buf_num(b, hi);
        buf_putn(b, "]", 1);
    }
    buf_putn(b, "}", 1);
}

/* Merges the workers' coverage marks into worker 0's. */
static void merge_coverage(eval *ev)
{
    worker *w0 = &ev->workers[0];
    const tri_kb *kb = ev->kb;
    for (unsigned i = 1; i < ev->nworkers; i++) {
        worker *w = &ev->workers[i];
        for (size_t r = 0; r < tri_kb_rule_count(kb); r++)
            w0->cov_rule[r] |= w->cov_rule[r];
        for (size_t c = 0; c < tri_kb_condition_count(kb); c++)
            w0->cov_first[c] |= w->cov_first[c];
        for (size_t f = 0; f < tri_kb_red_flag_count(kb); f++)
            w0->cov_flag[f] |= w->cov_flag[f];
        for (size_t q = 0; q < tri_kb_question_count(kb); q++)
            w0->cov_question[q] |= w->cov_question[q];
    }
}

static size_t count_zero(const uint8_t *v, size_t n)
{
    size_t z = 0;
    for (size_t i = 0; i < n; i++)
        z += !v[i];
    return z;
}

static void coverage_text(FILE *f, const eval *ev)
{
    const worker *w = &ev->workers[0];
    const tri_kb *kb = ev->kb;
    size_t nr = tri_kb_rule_count(kb), nc = tri_kb_condition_count(kb);
    size_t nf = tri_kb_red_flag_count(kb), nq = tri_kb_question_count(kb);
    fprintf(f, "\nCoverage: what no case exercised\n");
    fprintf(f, "  rules that never fired: %zu of %zu\n", count_zero(w->cov_rule, nr), nr);
    for (size_t r = 0; r < nr; r++)
        if (!w->cov_rule[r]) {
            unsigned line, col;
            const char *file = tri_rule_file(kb, r, &line, &col);
            fprintf(f, "    %s:%u:%u: rule '%s'\n", file, line, col, tri_rule_id(kb, r));
        }
    fprintf(f, "  conditions never ranked first: %zu of %zu\n", count_zero(w->cov_first, nc), nc);
    for (size_t c = 0; c < nc; c++)
        if (!w->cov_first[c])
            fprintf(f, "    %s\n", tri_condition_id(kb, c));
    fprintf(f, "  red flags never raised: %zu of %zu\n", count_zero(w->cov_flag, nf), nf);
    for (size_t x = 0; x < nf; x++)
        if (!w->cov_flag[x])
            fprintf(f, "    %s\n", tri_red_flag_id(kb, x));
    fprintf(f, "  questions no case answered: %zu of %zu\n", count_zero(w->cov_question, nq), nq);
    for (size_t q = 0; q < nq; q++)
        if (!w->cov_question[q])
            fprintf(f, "    %s\n", tri_question_id(kb, q));
}

static void coverage_json(buf *b, const eval *ev)
{
    const worker *w = &ev->workers[0];
    const tri_kb *kb = ev->kb;
    size_t nr = tri_kb_rule_count(kb), nc = tri_kb_condition_count(kb);
    size_t nf = tri_kb_red_flag_count(kb), nq = tri_kb_question_count(kb);
    buf_printf(b, "{\"rules\":%zu,\"rules_never_fired\":[", nr);
    bool first = true;
    for (size_t r = 0; r < nr; r++)
        if (!w->cov_rule[r]) {
            unsigned line, col;
            const char *file = tri_rule_file(kb, r, &line, &col);
            buf_puts(b, first ? "{\"id\":" : ",{\"id\":");
            buf_json(b, tri_rule_id(kb, r));
            buf_puts(b, ",\"file\":");
            buf_json(b, file);
            buf_printf(b, ",\"line\":%u,\"column\":%u}", line, col);
            first = false;
        }
    const struct {
        const char *key;
        const uint8_t *marks;
        size_t n;
        const char *(*id)(const tri_kb *, size_t);
    } lists[] = {
        {"conditions", w->cov_first, nc, tri_condition_id},
        {"red_flags", w->cov_flag, nf, tri_red_flag_id},
        {"questions", w->cov_question, nq, tri_question_id},
    };
    static const char *const names[] = {"conditions_never_first", "red_flags_never_raised",
                                        "questions_never_answered"};
    for (int l = 0; l < 3; l++) {
        buf_printf(b, "],\"%s\":%zu,\"%s\":[", lists[l].key, lists[l].n, names[l]);
        first = true;
        for (size_t i = 0; i < lists[l].n; i++)
            if (!lists[l].marks[i]) {
                if (!first)
                    buf_putn(b, ",", 1);
                buf_json(b, lists[l].id(kb, i));
                first = false;
            }
    }
    buf_puts(b, "]}");
}

static void compare_header_text(FILE *f, const eval *ev)
{
    fprintf(f, "\nCompared with '%s' (old): %zu of %zu cases changed (first explanation %zu, top "
               "three %zu, triage level %zu)",
            ev->o.compare, ev->nchanged, ev->st.cases, ev->changed[CHG_TOP],
            ev->changed[CHG_TOP3], ev->changed[CHG_TRIAGE]);
    if (ev->not_compared)
        fprintf(f, "; %zu not compared", ev->not_compared);
    fputs("\n", f);
}

static void finish_report(eval *ev)
{
    FILE *out = stdout;
    if (ev->o.coverage)
        merge_coverage(ev);
    switch (ev->o.fmt) {
    case FMT_TEXT: {
        if (ev->old_kb) {
            compare_header_text(out, ev);
            copy_spool(ev->spool_chg, out);
        }
        if (ev->o.coverage)
            coverage_text(out, ev);
        const char *title = ev->old_kb ? "Summary (new: the rules under test)" : "Summary";
        summary_text(out, &ev->st, title);
        if (ev->old_kb) {
            char t[600];
            snprintf(t, sizeof t, "Summary (old: '%s', the cases valid for it)", ev->o.compare);
            summary_text(out, &ev->st_old, t);
        }
        fprintf(out, "\n%zu passed, %zu failed\n", ev->st.passed, ev->st.failed);
        break;
    }
    case FMT_JSON: {
        buf b = {0};
        buf_puts(&b, "{\"summary\":");
        summary_json(&b, &ev->st, ev->invalid_files);
        if (ev->o.coverage) {
            buf_puts(&b, ",\n\"coverage\":");
            coverage_json(&b, ev);
        }
        if (ev->old_kb) {
            buf_puts(&b, ",\n\"compare\":{\"rules\":");
            buf_json(&b, ev->o.compare);
            buf_printf(&b, ",\"changed_count\":%zu,\"changed_top\":%zu,\"changed_top3\":%zu,"
                           "\"changed_triage\":%zu,\"not_compared\":%zu,\"summary\":",
                       ev->nchanged, ev->changed[CHG_TOP], ev->changed[CHG_TOP3],
                       ev->changed[CHG_TRIAGE], ev->not_compared);
            summary_json(&b, &ev->st_old, 0);
            buf_puts(&b, ",\"changed\":[");
            write_out(out, b.data, b.len);
            copy_spool(ev->spool_chg, out);
            b.len = 0;
            buf_puts(&b, "\n]}");
        }
        buf_puts(&b, ",\n\"cases\":[");
        write_out(out, b.data, b.len);
        copy_spool(ev->spool, out);
        fputs("\n]}\n", out);
        buf_free(&b);
        break;
    }
    case FMT_JUNIT:
        fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                     "<testsuites name=\"triage eval\" tests=\"%zu\" failures=\"%zu\" "
                     "errors=\"%zu\">\n",
                ev->st.cases + ev->invalid_files, ev->st.failed, ev->invalid_files);
        copy_spool(ev->spool, out);
        fputs("</testsuites>\n", out);
        break;
    case FMT_TAP:
        fprintf(out, "TAP version 14\n1..%zu\n", ev->tests);
        copy_spool(ev->spool, out);
        fprintf(out, "# %zu passed, %zu failed\n", ev->st.passed, ev->st.failed);
        break;
    }
}

/* ---- setting up ------------------------------------------------------------------------ */

static bool collect_file(const char *path, void *ctx)
{
    eval *ev = ctx;
    if (ev->nfiles == ev->capfiles) {
        ev->capfiles = ev->capfiles ? ev->capfiles * 2 : 64;
        ev->files = xrealloc(ev->files, ev->capfiles * sizeof *ev->files);
    }
    ev->files[ev->nfiles] = strdup(path);
    if (!ev->files[ev->nfiles])
        out_of_memory();
    ev->nfiles++;
    return true;
}

static bool worker_init(eval *ev, worker *w)
{
    w->ev = ev;
    diag_printer_init(&w->dp, stderr);
    w->dp.color = ev->color_err;
    tri_options opt = {0};
    opt.on_diag = print_diag;
    opt.diag_ctx = &w->dp;
    tri_error err;
    w->cases = tri_cases_new(ev->kb, &opt, &err);
    if (ev->o.jsonl) {
        opt.on_diag = jsonl_diag;
        opt.diag_ctx = w;
    }
    w->s = tri_session_new(ev->kb, &opt, &err);
    if (!w->s || !w->cases)
        return false;
    if (ev->old_kb) {
        tri_options quiet = {0}; /* the cases' problems are reported once, for the rules under test */
        w->old_s = tri_session_new(ev->old_kb, &quiet, &err);
        w->old_cases = tri_cases_new(ev->old_kb, &quiet, &err);
        if (!w->old_s || !w->old_cases)
            return false;
    }
    const tri_kb *kb = ev->kb;
    w->cov_rule = calloc(tri_kb_rule_count(kb) + 1, 1);
    w->cov_first = calloc(tri_kb_condition_count(kb) + 1, 1);
    w->cov_flag = calloc(tri_kb_red_flag_count(kb) + 1, 1);
    w->cov_question = calloc(tri_kb_question_count(kb) + 1, 1);
    return w->cov_rule && w->cov_first && w->cov_flag && w->cov_question;
}

static void worker_fini(worker *w)
{
    tri_session_free(w->s);
    tri_session_free(w->old_s);
    tri_cases_free(w->cases);
    tri_cases_free(w->old_cases);
    buf_free(&w->fails);
    free(w->fv);
    free(w->cov_rule);
    free(w->cov_first);
    free(w->cov_flag);
    free(w->cov_question);
}

static void eval_free(eval *ev)
{
    for (unsigned i = 0; ev->workers && i < ev->nworkers; i++)
        worker_fini(&ev->workers[i]);
    free(ev->workers);
    for (size_t i = 0; ev->jobs && i < ev->nslots; i++) {
        job *j = &ev->jobs[i];
        buf_free(&j->in);
        buf_free(&j->out);
        buf_free(&j->chg);
        free(j->lines);
        free(j->recs.v);
        free(j->chgs.v);
        free(j->diag);
    }
    free(ev->jobs);
    for (size_t i = 0; i < ev->nfiles; i++)
        free(ev->files[i]);
    free(ev->files);
    if (ev->spool)
        fclose(ev->spool);
    if (ev->spool_chg)
        fclose(ev->spool_chg);
    if (ev->rd.f && ev->rd.f != stdin)
        fclose(ev->rd.f);
    tri_kb_free(ev->kb);
    tri_kb_free(ev->old_kb);
    pthread_mutex_destroy(&ev->mu);
    pthread_cond_destroy(&ev->cv_work);
    pthread_cond_destroy(&ev->cv_done);
}

static int parse_eval_args(int argc, char **argv, eval_opts *o)
{
    const char *fmt = NULL, *jobs = NULL;
    const arg_spec specs[] = {{"--rules", &o->rules, NULL},    {"--format", &fmt, NULL},
                              {"--compare", &o->compare, NULL}, {"--jobs", &jobs, NULL},
                              {"--coverage", NULL, &o->coverage},
                              {"--jsonl", &o->jsonl_file, &o->jsonl}, {NULL, NULL, NULL}};
    o->paths = calloc((size_t)argc, sizeof *o->paths);
    if (!o->paths)
        out_of_memory();
    if (!parse_args("eval", argc, argv, specs, o->paths, argc, &o->npaths))
        return EXIT_USAGE;
    bool jsonl_eq = o->jsonl_file != NULL;
    if (!fmt || !strcmp(fmt, "text"))
        o->fmt = FMT_TEXT;
    else if (!strcmp(fmt, "json"))
        o->fmt = FMT_JSON;
    else if (!strcmp(fmt, "junit"))
        o->fmt = FMT_JUNIT;
    else if (!strcmp(fmt, "tap"))
        o->fmt = FMT_TAP;
    else
        return usage_error("eval", "unknown format '%s' (expected text, json, junit or tap)", fmt);
    o->jobs = 1;
    if (jobs) {
        char *end;
        long n = strtol(jobs, &end, 10);
        if (*end || end == jobs || n < 1 || n > MAX_JOBS)
            return usage_error("eval", "--jobs takes a whole number from 1 to 64, found '%s'", jobs);
        o->jobs = (unsigned)n;
    }
    if (o->jsonl) {
        if (fmt && o->fmt != FMT_JSON)
            return usage_error("eval", "--jsonl writes JSON (one result per line), not %s", fmt);
        if (o->coverage || o->compare)
            return usage_error("eval", "%s does not apply to --jsonl", o->coverage ? "--coverage" : "--compare");
        if (o->npaths > 1 || (jsonl_eq && o->npaths))
            return usage_error("eval", "--jsonl reads one input (a file, or standard input), found '%s' too",
                               o->paths[o->npaths - 1]);
        if (o->npaths)
            o->jsonl_file = o->paths[0];
        if (o->jsonl_file && !strcmp(o->jsonl_file, "-"))
            o->jsonl_file = NULL;
        return -1;
    }
    if (!o->npaths)
        return usage_error("eval", "%s", "no case files given");
    if ((o->coverage || o->compare) && (o->fmt == FMT_JUNIT || o->fmt == FMT_TAP))
        return usage_error("eval", "%s works with --format text or json", o->coverage ? "--coverage" : "--compare");
    return -1;
}

static int cmd_eval(int argc, char **argv)
{
    eval ev;
    memset(&ev, 0, sizeof ev);
    int rc = parse_eval_args(argc, argv, &ev.o);
    if (rc >= 0) {
        free(ev.o.paths);
        return rc;
    }
    pthread_mutex_init(&ev.mu, NULL);
    pthread_cond_init(&ev.cv_work, NULL);
    pthread_cond_init(&ev.cv_done, NULL);
    ev.color_err = want_color(stderr);

    rc = EXIT_OK;
    diag_printer dp;
    diag_printer_init(&dp, stderr);
    ev.kb = load_rules(ev.o.rules, &dp);
    if (!ev.kb) {
        rc = EXIT_RULES;
        goto done;
    }
    if (ev.o.compare && !(ev.old_kb = load_rules(ev.o.compare, &dp))) {
        rc = EXIT_RULES;
        goto done;
    }

    /* the input */
    if (ev.o.jsonl) {
        ev.rd.name = ev.o.jsonl_file ? ev.o.jsonl_file : "<stdin>";
        ev.rd.f = ev.o.jsonl_file ? fopen(ev.o.jsonl_file, "rb") : stdin;
        if (!ev.rd.f) {
            cli_error("cannot open '%s': %s", ev.o.jsonl_file, strerror(errno));
            rc = EXIT_INPUT;
            goto done;
        }
    } else {
        for (int i = 0; i < ev.o.npaths; i++) {
            size_t before_n = ev.nfiles;
            tri_error err;
            if (tri_case_files(ev.o.paths[i], collect_file, &ev, &err) != TRI_OK) {
                cli_error("%s", err.message);
                rc = EXIT_INPUT;
                goto done;
            }
            if (ev.nfiles == before_n) {
                cli_error("no case files (.yaml) under '%s'", ev.o.paths[i]);
                rc = EXIT_INPUT;
                goto done;
            }
        }
    }

    ev.nworkers = ev.o.jobs;
    ev.workers = calloc(ev.nworkers, sizeof *ev.workers);
    ev.nslots = ev.nworkers == 1 ? 1 : 2 * (size_t)ev.nworkers + 2;
    ev.jobs = calloc(ev.nslots, sizeof *ev.jobs);
    if (!ev.workers || !ev.jobs)
        out_of_memory();
    for (unsigned i = 0; i < ev.nworkers; i++)
        if (!worker_init(&ev, &ev.workers[i]))
            out_of_memory();
    if (!ev.o.jsonl && ev.o.fmt != FMT_TEXT && !(ev.spool = tmpfile())) {
        cli_error("cannot create a temporary file: %s", strerror(errno));
        rc = EXIT_INPUT;
        goto done;
    }
    if (ev.old_kb && !(ev.spool_chg = tmpfile())) {
        cli_error("cannot create a temporary file: %s", strerror(errno));
        rc = EXIT_INPUT;
        goto done;
    }

    if (ev.o.jsonl) {
        progress_start(&ev.pg, "records", 0);
        struct stat st;
        if (ev.rd.f != stdin && fstat(fileno(ev.rd.f), &st) == 0 && S_ISREG(st.st_mode))
            ev.pg.bytes_total = (unsigned long long)st.st_size;
    } else {
        progress_start(&ev.pg, "cases", ev.nfiles);
    }
    run_pipeline(&ev);
    progress_clear(&ev.pg);
    if (!ev.o.jsonl)
        finish_report(&ev);
    fflush(stdout); /* the results first, then the closing remarks on standard error */

    if (ev.o.jsonl) {
        if (ev.rd.error) {
            cli_error("cannot read '%s'", ev.rd.name);
            rc = EXIT_INPUT;
        } else if (ev.bad_lines) {
            fprintf(stderr, "triage: %zu of %zu record%s had errors\n", ev.bad_lines,
                    ev.rd.line, ev.rd.line == 1 ? "" : "s");
            rc = EXIT_INPUT;
        }
    } else {
        if (ev.invalid_files) {
            fprintf(stderr, "triage: %zu case file%s had errors; the cases with errors were not run\n",
                    ev.invalid_files, ev.invalid_files == 1 ? "" : "s");
            rc = EXIT_INPUT;
        } else if (ev.st.failed) {
            rc = EXIT_FAILURES;
        }
    }
    if ((ev.spool && ferror(ev.spool)) || (ev.spool_chg && ferror(ev.spool_chg))) {
        cli_error("cannot write a temporary file: %s", strerror(errno));
        rc = EXIT_INPUT;
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        cli_error("cannot write the output: %s", strerror(errno));
        rc = EXIT_INPUT;
    }
done:
    eval_free(&ev);
    free(ev.o.paths);
    return rc;
}
