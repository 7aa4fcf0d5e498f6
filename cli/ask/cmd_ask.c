/*
 * cmd_ask.c - `triage ask`: the questionnaire. Parses the options, loads the
 * rules and any earlier answers (--answers, or the kept ones with --resume),
 * starts the library's interview and hands it to a front end (ask_text.c
 * for a person, ask_json.c for a program). Also `--replay CASES`, which
 * measures the interview on the vignettes (docs/interview.md), and the
 * promise of --save: the answers given so far are written whatever the way
 * out, even on SIGTERM, SIGHUP or SIGPIPE.
 *
 * Signals: SIGINT (Ctrl-C) only sets a flag; reading stops and the front
 * end leaves as after `quit`, saying what is known, with exit status 130.
 * SIGTERM and SIGHUP (and SIGPIPE with --save) write the last copy of the
 * answers to --save, whole (a temporary file renamed over it), give the
 * terminal back its settings and colours, and end the process by that
 * signal. Files are written with these signals held (write_files.c), so
 * none can leave a temporary file behind. The handlers are in ask_keep.c.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ask.h"

static int cmd_ask(int argc, char **argv);

const command command_ask = {
    "ask",
    "triage ask [--rules PATH] [--answers FILE | --resume] [--save FILE] [--format text|json]\n"
    "                  [--save-dir DIR] [--lang TAG]\n"
    "       triage ask [--rules PATH] --replay CASES [--verbose]",
    "ask the questions one at a time, adaptively, and give the result",
    "\nOptions:\n"
    "  --rules PATH     a rule file or directory (default: the built-in knowledge base)\n"
    "  --answers FILE   start from these answers (as for `triage run`); ask only what is still useful\n"
    "  --resume         go on from the answers of the last interview, which are kept in\n"
    "                   $XDG_STATE_HOME/triage/last-answers.yaml (~/.local/state/triage/)\n"
    "  --save FILE      write the answers to FILE at the end, whatever the way out (checked\n"
    "                   before the first question)\n"
    "  --save-dir DIR   with --format json: the folder where the save command may write\n"
    "                   (a plain file name; without this option, save is refused)\n"
    "  --format FORMAT  text (for a person, the default) or json (JSON Lines both ways, for programs)\n"
    "  --lang TAG       language of the texts (default en; falls back to English)\n"
    "  --replay CASES   measure the interview: replay each vignette of a case file or directory\n"
    "                   through it and compare with `triage run` on the full answers\n"
    "  --verbose        with --replay, one line per vignette\n"
    "\nAt any question: a number or words to answer (several for 'choose every'),\n"
    "  ? or help, why, back, skip (or unknown), result, quit.\n"
    "After the result: how ID, what if QUESTION ANSWER, save FILE, quit.\n"
    "See docs/ask.md for the JSON protocol.\n",
    cmd_ask,
};

/* The folder of --save-dir: an existing folder where a file can be created. */
static bool check_save_dir(const char *dir)
{
    struct stat st;
    if (stat(dir, &st) != 0) {
        cli_error("--save-dir '%s': %s", dir, strerror(errno));
        return false;
    }
    if (!S_ISDIR(st.st_mode)) {
        cli_error("--save-dir '%s': not a folder", dir);
        return false;
    }
    char probe[4200], why[4400];
    snprintf(probe, sizeof probe, "%s/.triage-save-dir", dir);
    if (!check_writable(probe, why, sizeof why)) {
        cli_error("--save-dir '%s': %s", dir, why);
        return false;
    }
    return true;
}

/* ---- --replay: the measurement ---------------------------------------------- */

static size_t first_of(const tri_session *s)
{
    return tri_result_explanation_count(s) ? tri_result_explanation(s, 0, NULL, NULL) : (size_t)-1;
}

static const char *cond_id(const tri_kb *kb, size_t c)
{
    return c == (size_t)-1 ? "(none)" : tri_condition_id(kb, c);
}

static int replay(tri_kb *kb, const char *path, bool verbose, diag_printer *dp)
{
    tri_options opt = {0};
    opt.on_diag = print_diag;
    opt.diag_ctx = dp;
    tri_error err;
    tri_cases *cs = tri_cases_new(kb, &opt, &err);
    tri_session *full = tri_session_new(kb, &opt, &err);
    tri_session *s = tri_session_new(kb, &opt, &err);
    int rc = EXIT_INPUT;
    if (!cs || !full || !s) {
        cli_error("out of memory");
        goto done;
    }
    if (tri_cases_add_path(cs, path, &err) != TRI_OK)
        goto done;
    size_t n = tri_cases_count(cs), nq = tri_kb_question_count(kb), agree = 0, asked = 0;
    if (n == 0) {
        cli_error("no cases in '%s'", path);
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        if (tri_case_apply(cs, i, full, &err) != TRI_OK)
            goto done;
        tri_session_evaluate(full);
        tri_session_clear(s);
        tri_interview *iv = tri_interview_new(s, &opt, &err);
        if (!iv) {
            cli_error("out of memory");
            goto done;
        }
        size_t a = tri_interview_replay(iv, full);
        tri_interview_free(iv);
        tri_session_evaluate(s);
        size_t t1 = first_of(full), t2 = first_of(s);
        tri_level l1 = tri_result_level(full), l2 = tri_result_level(s);
        bool same = t1 == t2 && l1 == l2;
        agree += same;
        asked += a;
        if (verbose || !same) {
            printf("%-4s %-44s asked %2zu  run: %s, %s", same ? "same" : "DIFF", tri_case_id(cs, i),
                   a, cond_id(kb, t1), tri_level_name(l1));
            if (!same)
                printf("  ask: %s, %s", cond_id(kb, t2), tri_level_name(l2));
            putchar('\n');
        }
    }
    double pa = 100.0 * agree / n, pq = 100.0 * asked / n / nq;
    printf("%zu vignettes: the interview reached the same top explanation and triage level as "
           "`triage run` in %zu (%.1f%%), asking on average %.1f of %zu questions (%.1f%%)\n",
           n, agree, pa, (double)asked / n, nq, pq);
    bool ok = pa >= 95 && pq <= 60;
    printf("target (issue 5): agreement >= 95%%, questions asked <= 60%%: %s\n",
           ok ? "met" : "NOT met");
    rc = ok ? EXIT_OK : EXIT_FAILURES;
done:
    tri_session_free(s);
    tri_session_free(full);
    tri_cases_free(cs);
    return rc;
}

/* ---- the command -------------------------------------------------------------- */

static int cmd_ask(int argc, char **argv)
{
    const char *rules = NULL, *format = "text", *lang = NULL, *answers = NULL, *save = NULL,
               *replay_path = NULL, *save_dir = NULL;
    bool verbose = false, resume = false;
    const arg_spec specs[] = {{"--rules", &rules, NULL},     {"--format", &format, NULL},
                              {"--lang", &lang, NULL},       {"--answers", &answers, NULL},
                              {"--save", &save, NULL},       {"--replay", &replay_path, NULL},
                              {"--verbose", NULL, &verbose}, {"--resume", NULL, &resume},
                              {"--save-dir", &save_dir, NULL}, {NULL, NULL, NULL}};
    static const char *const formats[] = {"text", "json", NULL};
    const char *args[1];
    int nargs = 0;
    if (!parse_args("ask", argc, argv, specs, args, 0, &nargs) ||
        !check_choice("ask", "format", format, formats))
        return EXIT_USAGE;
    if (replay_path && (answers || save || resume || save_dir))
        return usage_error("ask", "--replay cannot be combined with --answers, --resume, --save "
                                  "or --save-dir");
    if (answers && resume)
        return usage_error("ask", "--resume goes on from the kept answers: give it or --answers, "
                                  "not both");
    bool text_mode = !strcmp(format, "text");
    if (save_dir && text_mode)
        return usage_error("ask", "--save-dir is for --format json (at the text prompt, "
                                  "save FILE takes any file)");
    /* before any question: a file that cannot be written is said now, not after twenty */
    if (save) {
        char why[4200];
        if (!check_writable(save, why, sizeof why)) {
            cli_error("%s (--save)", why);
            return EXIT_INPUT;
        }
        if (!ask_save_prepare(save)) {
            cli_error("out of memory");
            return EXIT_INPUT;
        }
    }
    if (save_dir && !check_save_dir(save_dir)) {
        ask_snapshots_free();
        return EXIT_INPUT;
    }
    char *keep = replay_path ? NULL : keep_path_new();
    int rc = EXIT_RULES;
    tri_kb *kb = NULL;
    ask_run r = {0};
    if (resume) {
        rc = EXIT_INPUT;
        if (!keep) {
            cli_error("cannot resume: neither XDG_STATE_HOME nor HOME says where answers are kept");
            goto done;
        }
        if (access(keep, R_OK) != 0) {
            cli_error("no interview to resume: nothing is kept in '%s'", keep);
            goto done;
        }
        answers = keep;
        rc = EXIT_RULES;
    }
    diag_printer dp;
    diag_printer_init(&dp, stderr);
    kb = load_rules(rules, &dp);
    if (!kb)
        goto done;
    if (replay_path) {
        rc = replay(kb, replay_path, verbose, &dp);
        goto done;
    }
    tri_options opt = {0};
    opt.on_diag = print_diag;
    opt.diag_ctx = &dp;
    tri_error err;
    r.kb = kb;
    r.lang = lang;
    r.save_path = save;
    r.save_dir = save_dir;
    r.s = tri_session_new(kb, &opt, &err);
    r.probe = tri_session_new(kb, NULL, NULL);
    if (!r.s || !r.probe)
        goto done;
    if (answers && tri_session_load_answers_file(r.s, answers, &err) != TRI_OK) {
        if (dp.errors > 1)
            cli_error("%u errors in '%s'", dp.errors, answers);
        rc = EXIT_INPUT;
        goto done;
    }
    r.iv = tri_interview_new(r.s, &opt, &err);
    if (!r.iv)
        goto done;
    r.interactive = isatty(STDIN_FILENO);
    r.color = want_color(stdout);
    r.width = terminal_width(stdout);
    /* the text front end keeps the answers between runs; a program driving
     * the JSON protocol holds them itself (and several may run at once) */
    if (text_mode)
        r.keep_path = keep;
    else
        free(keep);
    keep = NULL;
    ask_signals_start(save != NULL, r.interactive, r.color && text_mode);
    ask_snapshot(&r);
    line_init(r.interactive && text_mode);
    rc = text_mode ? ask_text(&r) : ask_json(&r);
    line_fini();
    fflush(stdout);
    ask_signals_stop();
    /* a failure to write is said, and the exit status says it unless it says more */
    if (save && !ask_save(&r, save) && (rc == EXIT_OK || rc == EXIT_INCOMPLETE))
        rc = EXIT_INPUT;
done:
    ask_snapshots_free();
    tri_interview_free(r.iv);
    tri_session_free(r.probe);
    tri_session_free(r.s);
    tri_kb_free(kb);
    free(r.keep_path);
    free(keep);
    return rc;
}
