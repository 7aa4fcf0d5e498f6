/*
 * ask.h - what the parts of `triage ask` share: the run's state, line input
 * (libedit on a terminal, plain stdio otherwise), keeping and saving the
 * answers on every way out, the text output helpers, understanding a
 * person's words (what if), and the two front ends (text for a person, JSON
 * Lines for a program). The interview logic itself is in the library
 * (tri_interview_*).
 */
#ifndef TRIAGE_CLI_ASK_H
#define TRIAGE_CLI_ASK_H

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>

#include "common.h"
#include "write_files.h"

typedef struct ask_run {
    tri_kb *kb;
    tri_session *s;
    tri_interview *iv;
    tri_session *probe;     /* scratch: trying a person's words as answers (what if) */
    const char *lang;
    const char *save_path;  /* --save, or NULL */
    const char *save_dir;   /* --save-dir: where the JSON protocol's save writes, or NULL */
    char *keep_path;        /* where the answers are kept between runs, or NULL */
    bool kept;              /* the last keep_path write succeeded */
    bool keep_warned;       /* a failed write was reported */
    bool color;             /* ANSI colours on stdout */
    unsigned width;         /* wrap width of stdout */
    bool interactive;       /* stdin is a terminal */
    bool complete;          /* the result has been reached */
    char what_if_answer[1024]; /* the answer question_for_words found */
} ask_run;

/* The two front ends; each returns the exit code. */
int ask_text(ask_run *r);
int ask_json(ask_run *r);

/* Set by the SIGINT handler (ask_keep.c), which does nothing else: reading
 * stops, and the front end leaves as after `quit`, with exit status 130. */
extern volatile sig_atomic_t ask_interrupted;
#define EXIT_INTERRUPTED EXIT_SIGINT

/* ---- line input (ask_line.c) ---- */

/* Bounds on what `triage ask` reads (the README's "Limits on input"). */
#define ASK_MAX_LINE (64u << 10)  /* bytes of one line: a longer one is dropped, asked again */
#define ASK_MAX_INPUT (16u << 20) /* bytes read in one run: then reading stops */
#define ASK_MAX_TRIES 100u        /* lines at one question without an answer: then it stops */

/* Starts line input: libedit with history and completion when interactive
 * and the build has it, stdio otherwise. */
void line_init(bool interactive);
void line_fini(void);
/* Reads one line without its newline (prompt is shown first when
 * interactive; when not, the prompt and the line are echoed to stdout so a
 * piped session reads as a transcript). Returns a buffer owned by the
 * module, valid until the next call, or NULL at end of input, once
 * ask_interrupted is set, or when reading stopped on a problem
 * (line_stopped). A line that is too long or holds a NUL byte is reported
 * through the problem callback and the prompt comes again. */
const char *line_read(const char *prompt, bool echo);
/* Who is told of a problem with the input (a message in words, with the
 * line's number): a line refused, or why reading stops. Without one,
 * problems go to stderr. */
typedef void line_problem_fn(void *ctx, const char *message);
void line_on_problem(line_problem_fn *fn, void *ctx);
/* A new question is asked: its count of lines (ASK_MAX_TRIES) starts again. */
void line_new_question(void);
/* True when line_read returned NULL because reading stopped on a problem
 * (reported), not at the end of input or on Ctrl-C. */
bool line_stopped(void);
/* The words offered by tab completion until the next call (not copied:
 * they must stay valid). */
void line_set_words(const char *const *words, size_t n);

/* ---- keeping and saving (ask_keep.c) ---- */

/* $XDG_STATE_HOME/triage/last-answers.yaml, or ~/.local/state/triage/... when
 * XDG_STATE_HOME is unset; NULL when neither can be known. Caller frees. */
char *keep_path_new(void);
/* Rewrites r->keep_path with the answers so far (a failure is reported once). */
void ask_keep(ask_run *r);
/* Writes the answers to path (atomically); prints why not on failure. */
bool ask_save(ask_run *r, const char *path);
/* The same, printing nothing: on failure why says why. flags: write_flags. */
bool ask_save_quietly(ask_run *r, const char *path, unsigned flags, char *why, size_t why_size);
/* After every change: keeps the answers (ask_keep) and the copy that a
 * signal handler writes to --save if the process is killed. */
void ask_snapshot(ask_run *r);
/* Before the first question, for --save (already checked writable): names
 * the file a signal handler writes (symbolic links followed) and the
 * temporary file beside it. False when out of memory. */
bool ask_save_prepare(const char *save);
/* Installs the signal handlers for one interview: SIGINT sets ask_interrupted;
 * SIGTERM and SIGHUP (and SIGPIPE with_save) write the last snapshot to
 * --save (with_save, after ask_save_prepare), give the terminal back its
 * settings (terminal: stdin is one) and reset the colours (colors), and end
 * the process by that signal. ask_signals_stop restores the handlers;
 * ask_snapshots_free releases the snapshots and the names of
 * ask_save_prepare. */
void ask_signals_start(bool with_save, bool terminal, bool colors);
void ask_signals_stop(void);
void ask_snapshots_free(void);

/* ---- text output (ask_print.c) ---- */

#define BOLD "\033[1m"
#define DIM "\033[2m"
#define CYAN "\033[36m"
#define YELLOW "\033[33m"
#define ALARM "\033[1;41;97m"
#define RESET "\033[0m"

/* code when colours are on, else "". */
const char *paint(const ask_run *r, const char *code);
/* Prints text wrapped at r->width: the first line after `first` columns
 * already used, the next ones indented by indent spaces. Control characters
 * (from what a person typed or a file holds) are shown as text. */
void wrapped(const ask_run *r, const char *text, unsigned first, unsigned indent);
/* Preformatted lines, each long one wrapped under its own start ("  1. "). */
void wrapped_lines(const ask_run *r, const char *text);
/* A paragraph; a hint (indented, yellow); both formatted like printf. */
void say(const ask_run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void hint(const ask_run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A level as the report heads it: "EMERGENCY", "SELF CARE". */
const char *level_label(tri_level level);
/* A level in running text: "emergency", "self-care". */
const char *level_words(tri_level level);

/* ---- a person's words (ask_words.c) ---- */

/* Turns "1 3" or "2" into option ids ("cheek, jaw") for choice and multi
 * questions (their options are listed with numbers); other text is returned
 * as it is. buf holds the result. */
const char *ask_map_numbers(const tri_kb *kb, size_t q, const char *text, char *buf,
                            size_t size);
/* The answer to q in s in words: option texts ("Cheek; Corner of the
 * mouth"), a number with its unit, a duration as given, "don't know" or
 * "not answered". buf holds the result. */
const char *answer_words(const ask_run *r, const tri_session *s, size_t q, char *buf,
                         size_t size);
/* Which question text answers, and with which answer, for `what if`: a
 * question id and an answer ("timing awake_only"), or the answer in words
 * ("it happens during the day", "I am 60"). Returns the question and sets
 * *answer (into text or r; valid until the next call); -1 when no question takes
 * those words, or when several take them equally (msg, in words, says so). */
int question_for_words(ask_run *r, const char *text, const char **answer, char *msg,
                       size_t msg_size);

/* ---- emergencies (ask_print.c) ---- */

/* Prints one reason for the level ("  Why: ..."); a tri_reason_fn (ctx: the run). */
void say_level_reason(const char *source, const char *id, const char *text, void *ctx);
/* The emergency advice, first of all: call the emergency number now (or,
 * for an urgent phrase, get help today), then what the words (alarm) or
 * the answers (alarm NULL) show and what to do meanwhile. */
void ask_show_emergency(ask_run *r, const tri_alarm *alarm);

/* ---- after the result (ask_result.c) ---- */

/* The prompt after the result: how, what if, save, result, quit. Returns
 * the exit code. */
int ask_after_result(ask_run *r);
/* The report of the answers so far. */
void ask_show_report(ask_run *r);

#endif
