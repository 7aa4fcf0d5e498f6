/*
 * eval.h - what the parts of `triage eval` share: the run's state (options,
 * jobs, workers, the pipeline's ring of job slots, the totals) and the
 * functions each part offers the others. Private to the command.
 *
 *   cmd_eval.c       the command: options, setting up, the exit code
 *   eval_run.c       jobs, workers, the pipeline, evaluating one case
 *   eval_jsonl.c     --jsonl: reading records, answering each one
 *   eval_report.c    figures, the per-case records (text, json, junit, tap), the report's end
 *   eval_progress.c  the progress bar on standard error
 *   eval_buf.c       growable buffers, JSON and XML escaping
 *
 * Workers write only into their own worker and the job they hold; everything
 * else in struct eval belongs to the main thread (see eval_run.c).
 */
#ifndef TRIAGE_CLI_EVAL_H
#define TRIAGE_CLI_EVAL_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "common.h"

/* ---- running out of memory (cmd_eval.c) ---- */

/* Prints "triage: out of memory" and exits with EXIT_INPUT. */
_Noreturn void eval_out_of_memory(void);
/* realloc that never returns NULL (n == 0 allocates one byte): on failure,
 * eval_out_of_memory. The caller owns the result, as with realloc. */
void *eval_realloc(void *p, size_t n);

/* ---- small growable buffers (eval_buf.c) ---- */

typedef struct buf {
    char *data;
    size_t len, cap;
} buf;

/* Appends n bytes of s (a zero buf is an empty one). Every buf_ function
 * keeps data NUL-terminated and ends the command when memory runs out. */
void buf_putn(buf *b, const char *s, size_t n);
/* Appends the string s. */
void buf_puts(buf *b, const char *s);
/* Appends printf-formatted text. */
void buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Releases the data; b is an empty buffer again. */
void buf_free(buf *b);
/* Appends s as a JSON string literal; also a valid YAML double-quoted scalar (for TAP). */
void buf_json(buf *b, const char *s);
/* buf_json, or null when s is NULL. */
void buf_json_or_null(buf *b, const char *s);
/* Appends s as text for XML (element content or a double-quoted attribute).
 * Control characters XML 1.0 cannot carry become '?'. */
void buf_xml(buf *b, const char *s);

/* ---- figures (eval_report.c) ---- */

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

typedef struct stats {
    size_t cases, passed, failed;
    size_t invalid; /* cases (or whole files) left out because of errors */
    tally m[M_COUNT];
} stats;

/* Counts one checked case into st. */
void stats_add_case(stats *st, const tri_case_score *sc);
/* Adds the counts of from to into. */
void stats_merge(stats *into, const stats *from);

/* ---- options (cmd_eval.c) ---- */

typedef enum format { FMT_TEXT, FMT_JSON, FMT_JUNIT, FMT_TAP } format;

typedef struct eval_opts {
    const char *rules, *compare;
    format fmt;
    bool coverage;
    bool jsonl;
    const char *jsonl_file; /* NULL: standard input */
    const char *case_id;    /* --case: run this case alone, with its full trace */
    unsigned jobs;
    const char **paths;
    int npaths;
} eval_opts;

/* ---- jobs, workers and the run ---- */

/* One per-case record in a job's output buffer: a case that ran, or one
 * left out because of errors (problem). */
typedef struct record {
    bool passed, problem;
    size_t off, len;
} record;

typedef struct reclist {
    record *v;
    size_t n, cap;
} reclist;

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
    buf props;           /* JUnit: the case file's <property> lines (file, each case's line) */
    buf bad;             /* JSON: the records of the cases left out */
    reclist recs, chgs, bads;
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
    FILE *spool, *spool_chg, *spool_bad;
    stats st, st_old;
    size_t changed[3], nchanged, not_compared;
    size_t invalid_files, bad_lines, tests; /* tests: TAP test points so far */
    size_t units;                           /* cases or records done */
    progress pg;
};

/* What --compare looks at: the first explanation, the top three, the level. */
typedef struct outcome {
    const char *top3[3];
    size_t n;
    tri_level level;
} outcome;

/* What may change between the two knowledge bases, in the order reported. */
enum { CHG_TOP, CHG_TOP3, CHG_TRIAGE };

/* ---- the pipeline (eval_run.c) ---- */

/* Runs every job: produced in input order, evaluated on ev->nworkers
 * threads (inline with one), written in input order by report_job. Setting
 * up (cmd_eval.c) has filled ev's options, knowledge bases, input, workers
 * and job slots. A thread that cannot start ends the command (EXIT_INPUT). */
void run_pipeline(eval *ev);

/* ---- JSON Lines (eval_jsonl.c) ---- */

/* Reads the next record of rd into j's input buffer. false at the end of the
 * input (rd->error tells a read error from the end). */
bool jsonl_read(reader *rd, job *j);
/* Evaluates the records of j with w's session into j's output, one
 * `triage run --format json` result or one {"error": ...} per record (with
 * the record's "id" when it has one); problems go to w's diagnostics. */
void jsonl_run(eval *ev, worker *w, job *j);

/* ---- writing the results (eval_report.c) ---- */

/* Writes case i of w's case list, just evaluated by w's session with the
 * failures in w->fv, as one record of j in the format of --format. */
void report_case(eval *ev, worker *w, job *j, size_t i, bool passed);
/* Writes the record of problem p (tri_cases_problem: a case, or a file as a
 * whole, left out because of errors) into j, in the format of --format. */
void report_problem(eval *ev, job *j, const tri_case_problem *p);
/* Writes the --compare record of case i of cs into j: what changed (ch, from
 * o to n), or, when ch is NULL, that the other rules could not read it. */
void report_change(const eval *ev, job *j, const tri_cases *cs, size_t i, const bool *ch,
                   const outcome *o, const outcome *n);
/* Writes a finished job's records (standard output or the spools), in input
 * order; TAP test points are numbered from ev->tests. */
void report_job(eval *ev, const job *j);
/* Writes what needs the totals: the header of the machine formats with the
 * spooled records after it, coverage, changes and the summary. */
void report_finish(eval *ev);

/* ---- one case, traced (eval_case.c) ---- */

/* Runs case o.case_id of the case files in ev->files with ev->kb and prints
 * it with its answers, each expectation and why it passed or failed, the
 * detailed result, the HOW of the explanations that matter to it and the
 * rule trace. Returns the exit code: EXIT_OK, EXIT_FAILURES, or EXIT_INPUT
 * when the case is not found or has errors. */
int eval_case(eval *ev);

/* ---- progress bar (eval_progress.c) ---- */

/* Starts the clock; the bar is drawn only when standard error is a terminal.
 * total is how many jobs the run has (pg->done counts them; 0: unknown);
 * unit names what the count on the bar counts ("cases"). */
void progress_start(progress *pg, const char *unit, size_t total);
/* Redraws the bar with the count of units done so far: at most ten times a
 * second, and only after the first second. */
void progress_draw(progress *pg, size_t cases);
/* Erases the bar, so that other text can go to standard error. */
void progress_clear(progress *pg);

#endif
