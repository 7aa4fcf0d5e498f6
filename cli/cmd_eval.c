/*
 * cmd_eval.c - `triage eval`: the test runner for knowledge bases.
 *
 * Runs case files (or JSON Lines records) through the engine and reports
 * per-case pass/fail, the summary figures of the symptom-checker literature,
 * coverage and the changes against a second knowledge base.
 *
 * This file is the command itself: its options, setting up the run (the
 * knowledge bases, the input, the workers and the job slots) and the exit
 * code. The run is in eval_run.c and what it writes in eval_report.c; eval.h
 * lists every part.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "eval.h"

#define MAX_JOBS 64

static int cmd_eval(int argc, char **argv);

const command command_eval = {
    "eval",
    "triage eval [--rules PATH] [--format text|json|junit|tap] [--coverage]\n"
    "                   [--compare OTHER_RULES] [--jobs N] [--jsonl [FILE]]\n"
    "                   [--case ID] PATH...",
    "run case files, the knowledge base's tests, and report how the rules do",
    "\nEach PATH is a case file or a directory of them (.yaml/.yml, searched\n"
    "recursively, in name order). A case gives answers and what the result must\n"
    "show:\n"
    "\n"
    "  cases:\n"
    "    - id: seed-cheek-twitch-before-sleep\n"
    "      source: where the case comes from (optional)\n"
    "      note: free text (optional)\n"
    "      answers: {timing: sleep_onset, location: [cheek, mouth_corner]}\n"
    "      expect:                         # every key is optional\n"
    "        top: [hypnic_jerks]           # the first explanation is one of these\n"
    "        in_top3: [hemifacial_spasm]   # each is among the first three\n"
    "        not_in_top3: [stroke_tia]     # none is among them argued for\n"
    "        not_likely: [focal_seizures]  # none is likely\n"
    "        triage: [routine, self_care]  # the level is one of these\n"
    "        triage_at_least: routine      # the level is this urgent or more\n"
    "        red_flags: [rf1_stroke_signs] # each is raised; none: no red flag\n"
    "\n"
    "A failure is reported as FILE:LINE:COL: case 'ID' failed: WHAT, then the\n"
    "summary: top-1, top-3, triage appropriate, under- and over-triage (count,\n"
    "rate, 95% Wilson interval) and red-flag sensitivity. The text output ends\n"
    "with 'N passed, M failed' (and how many cases had errors and did not run).\n"
    "\nOptions:\n"
    "  --rules PATH           a rule file or directory (default: the built-in\n"
    "                         knowledge base)\n"
    "  --format FORMAT        text (default), json ({\"format\": 1, \"summary\": ...,\n"
    "                         \"cases\": [...]}), junit (JUnit XML) or tap (TAP 13)\n"
    "  --coverage             also list rules that never fired, conditions never\n"
    "                         ranked first, red flags never raised and questions\n"
    "                         no case answered\n"
    "  --compare OTHER_RULES  also evaluate every case with OTHER_RULES (the old\n"
    "                         rules; builtin: the ones built into this program)\n"
    "                         and list each case whose first explanation, top\n"
    "                         three or triage level changed\n"
    "  --jobs N               evaluate on N threads (1-64); the output is the same\n"
    "                         for any N\n"
    "  --jsonl [FILE]         read one JSON object of answers per line from FILE or\n"
    "                         standard input and write one `triage run --format\n"
    "                         json` result per line, in constant memory. A record\n"
    "                         may carry an \"id\" (or \"_id\"), repeated in its result\n"
    "                         and its errors. A bad line is reported on standard\n"
    "                         error and answered by {\"error\": {...}}, so output\n"
    "                         line N answers input line N; the run goes on (exit 4)\n"
    "  --case ID              run the case ID alone and show why it passes or\n"
    "                         fails: each expectation, the detailed result, the\n"
    "                         reasoning (HOW) of the explanations that matter and\n"
    "                         every rule's outcome\n"
    "\nA progress bar is drawn on standard error when it is a terminal and the run\n"
    "takes over a second. See docs/eval.md.\n",
    cmd_eval,
};

/* ---- running out of memory ---------------------------------------------------------- */

_Noreturn void eval_out_of_memory(void)
{
    cli_error("out of memory");
    exit(EXIT_INPUT);
}

void *eval_realloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        eval_out_of_memory();
    return q;
}

/* ---- setting up ------------------------------------------------------------------------ */

static bool collect_file(const char *path, void *ctx)
{
    eval *ev = ctx;
    if (ev->nfiles == ev->capfiles) {
        ev->capfiles = ev->capfiles ? ev->capfiles * 2 : 64;
        ev->files = eval_realloc(ev->files, ev->capfiles * sizeof *ev->files);
    }
    ev->files[ev->nfiles] = strdup(path);
    if (!ev->files[ev->nfiles])
        eval_out_of_memory();
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
        buf_free(&j->props);
        buf_free(&j->bad);
        free(j->lines);
        free(j->recs.v);
        free(j->chgs.v);
        free(j->bads.v);
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
    if (ev->spool_bad)
        fclose(ev->spool_bad);
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
                              {"--jsonl", &o->jsonl_file, &o->jsonl},
                              {"--case", &o->case_id, NULL}, {NULL, NULL, NULL}};
    o->paths = calloc((size_t)argc, sizeof *o->paths);
    if (!o->paths)
        eval_out_of_memory();
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
    if (o->case_id && (o->jsonl || o->coverage || o->compare || (fmt && o->fmt != FMT_TEXT)))
        return usage_error("eval", "--case shows one case as text: it takes no %s",
                           o->jsonl      ? "--jsonl"
                           : o->coverage ? "--coverage"
                           : o->compare  ? "--compare"
                                         : "--format");
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
    const char *old_rules = ev.o.compare && strcmp(ev.o.compare, "builtin") ? ev.o.compare : NULL;
    if (ev.o.compare && !(ev.old_kb = load_rules(old_rules, &dp))) {
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

    if (ev.o.case_id) {
        rc = eval_case(&ev);
        goto done;
    }
    ev.nworkers = ev.o.jobs;
    ev.workers = calloc(ev.nworkers, sizeof *ev.workers);
    ev.nslots = ev.nworkers == 1 ? 1 : 2 * (size_t)ev.nworkers + 2;
    ev.jobs = calloc(ev.nslots, sizeof *ev.jobs);
    if (!ev.workers || !ev.jobs)
        eval_out_of_memory();
    for (unsigned i = 0; i < ev.nworkers; i++)
        if (!worker_init(&ev, &ev.workers[i]))
            eval_out_of_memory();
    if (!ev.o.jsonl && ev.o.fmt != FMT_TEXT &&
        (!(ev.spool = tmpfile()) || (ev.o.fmt == FMT_JSON && !(ev.spool_bad = tmpfile())))) {
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
        report_finish(&ev);
    fflush(stdout); /* the results first, then the closing remarks on standard error */

    if (ev.o.jsonl) {
        if (ev.rd.error) {
            cli_error("cannot read '%s'", ev.rd.name);
            rc = EXIT_INPUT;
        } else if (ev.bad_lines) {
            fprintf(stderr, "triage: %zu of %lu record%s had errors\n", ev.bad_lines,
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
    if ((ev.spool && ferror(ev.spool)) || (ev.spool_chg && ferror(ev.spool_chg)) ||
        (ev.spool_bad && ferror(ev.spool_bad))) {
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
