/*
 * ask.h - what the parts of `triage ask` share: the run's state, line input
 * (libedit on a terminal, plain stdio otherwise), saving the answers on every
 * way out, and the two front ends (text for a person, JSON Lines for a
 * program). The interview logic itself is in the library (tri_interview_*).
 */
#ifndef TRIAGE_CLI_ASK_H
#define TRIAGE_CLI_ASK_H

#include <stdbool.h>
#include <stdio.h>

#include "common.h"

typedef struct ask_run {
    tri_kb *kb;
    tri_session *s;
    tri_interview *iv;
    const char *lang;
    const char *save_path;  /* --save, or NULL */
    bool color;             /* ANSI colours on stdout */
    unsigned width;         /* wrap width of stdout */
    bool interactive;       /* stdin is a terminal */
    bool complete;          /* the result has been reached */
} ask_run;

/* The two front ends; each returns the exit code. */
int ask_text(ask_run *r);
int ask_json(ask_run *r);

/* ---- line input (ask_line.c) ---- */

/* Starts line input: libedit with history and completion when interactive
 * and the build has it, stdio otherwise. */
void line_init(bool interactive);
void line_fini(void);
/* Reads one line without its newline (prompt is shown first when
 * interactive; when not, the prompt and the line are echoed to stdout so a
 * piped session reads as a transcript). Returns a buffer owned by the
 * module, valid until the next call, or NULL at end of input. */
const char *line_read(const char *prompt, bool echo);
/* The words offered by tab completion until the next call (not copied:
 * they must stay valid). */
void line_set_words(const char *const *words, size_t n);

/* ---- saving (cmd_ask.c) ---- */

/* Writes the answers to path; prints why not on failure. */
bool ask_save(ask_run *r, const char *path);
/* Keeps a copy of the answers file that a signal handler can write to
 * --save if the process is interrupted; call after every change. */
void ask_snapshot(ask_run *r);

/* ---- helpers shared by the front ends (ask_text.c) ---- */

/* Turns "1 3" or "2" into option ids ("cheek, jaw") for choice and multi
 * questions (their options are listed with numbers); other text is returned
 * as it is. buf holds the result. */
const char *ask_map_numbers(const tri_kb *kb, size_t q, const char *text, char *buf,
                            size_t size);

#endif
