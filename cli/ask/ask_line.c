/*
 * ask_line.c - reading the answers of `triage ask` one line at a time, in
 * bounded memory whatever arrives.
 *
 * On a terminal, libedit (BSD licence, through its readline-compatible
 * interface) gives line editing, history and tab completion of the words the
 * front end offers (option ids, commands). Without a terminal, or in a build
 * without libedit, lines come from stdio, so a whole session can be piped in;
 * the prompt and the line read are then echoed, so the output reads as a
 * transcript.
 *
 * Bounds (ask.h): a line holds at most ASK_MAX_LINE bytes; the rest of a
 * longer one is read and dropped as it comes, never stored, and the line is
 * refused, as is a line holding a NUL byte: the front end is told (its
 * problem callback) and the same prompt comes again. Reading stops for good,
 * as at the end of input but said, after ASK_MAX_INPUT bytes in all, after
 * ASK_MAX_TRIES lines at one question, on a read error, or when the line
 * editor cannot allocate. The stdio path allocates nothing: its buffer is
 * static.
 *
 * Ctrl-C: the SIGINT handler only sets ask_interrupted, and is installed
 * without SA_RESTART, so a read in progress fails with EINTR: line_read then
 * returns NULL, as at the end of input. libedit reads through our own getc
 * for that (it would retry the read), and restores the terminal itself
 * when readline returns.
 */
#include "ask.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#ifdef TRIAGE_HAVE_LIBEDIT
#include <editline/readline.h>
#endif

static bool use_editor;
static char buf[ASK_MAX_LINE + 1];
static const char *const *words;
static size_t nwords;

static line_problem_fn *problem_fn;
static void *problem_ctx;
static unsigned long long total;   /* bytes read in all */
static unsigned long line_number;  /* of the last line read */
static unsigned tries;             /* lines since line_new_question */
static bool stopped;               /* reading stopped on a problem, which was reported */

void line_set_words(const char *const *w, size_t n)
{
    words = w;
    nwords = n;
}

void line_on_problem(line_problem_fn *fn, void *ctx)
{
    problem_fn = fn;
    problem_ctx = ctx;
}

void line_new_question(void)
{
    tries = 0;
}

bool line_stopped(void)
{
    return stopped;
}

static void report(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void report(const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (problem_fn)
        problem_fn(problem_ctx, msg);
    else
        cli_error("%s", msg);
}

/* Reports why reading stops for good; line_read then returns NULL. */
static void stop(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void stop(const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    report("%s", msg);
    stopped = true;
}

static void stop_at_total(void)
{
    stop("The input is over %u MiB (%u bytes) in all, at line %lu: the rest is not read.",
         ASK_MAX_INPUT >> 20, ASK_MAX_INPUT, line_number);
}

/* ---- the line editor --------------------------------------------------------- */

#ifdef TRIAGE_HAVE_LIBEDIT
#define CTRL_D 4 /* the end of input typed on a terminal: readline returns NULL for it too */

static size_t editor_len;      /* bytes of the line being typed */
static bool editor_cut;        /* it went over ASK_MAX_LINE: readline was given its end */
static bool editor_end;        /* read_byte returned EOF: end of input or a read error */
static int editor_errno;       /* the read error, or 0 */
static int editor_last;        /* the last byte given to libedit */

static char *next_word(const char *text, int state)
{
    static size_t i;
    if (state == 0)
        i = 0;
    size_t len = strlen(text);
    while (i < nwords) {
        const char *w = words[i++];
        if (strncasecmp(w, text, len) == 0)
            return strdup(w);
    }
    return NULL;
}

/* One byte from the terminal; EOF at the end, on a read error, past the
 * limit of the whole input, or once Ctrl-C was pressed. A line over
 * ASK_MAX_LINE is given an end ('\n') where it reaches the limit; line_read
 * drops the rest. */
static int read_byte(FILE *f)
{
    unsigned char c;
    for (;;) {
        if (ask_interrupted || total >= ASK_MAX_INPUT) {
            editor_end = true;
            return EOF;
        }
        ssize_t n = read(fileno(f), &c, 1);
        if (n == 1) {
            total++;
            if (c == '\n' || c == '\r') {
                editor_len = 0;
                return c;
            }
            if (++editor_len > ASK_MAX_LINE) {
                editor_cut = true;
                return '\n';
            }
            editor_last = c;
            return c;
        }
        if (n < 0 && errno == EINTR)
            continue; /* the flag decides */
        editor_errno = n < 0 ? errno : 0;
        editor_end = true;
        return EOF;
    }
}

/* Drops the rest of a line over ASK_MAX_LINE, up to its end. */
static void drop_rest_of_line(void)
{
    for (;;) {
        int c = read_byte(stdin);
        if (c == EOF || (editor_len == 0 && (c == '\n' || c == '\r')))
            break;
    }
    editor_len = 0;
}

static char **complete(const char *text, int start, int end)
{
    (void)start;
    (void)end;
    rl_attempted_completion_over = 1; /* never fall back to file names */
    return rl_completion_matches(text, next_word);
}

/* One line from libedit into buf: 1 a line, 0 go round again (reported),
 * -1 no more. */
static int editor_line(const char *prompt)
{
    fflush(stdout);
    editor_len = 0;
    editor_cut = editor_end = false;
    editor_errno = 0;
    editor_last = 0;
    char *line = readline(prompt);
    line_number++;
    if (ask_interrupted) {
        free(line);
        return -1;
    }
    if (editor_cut) {
        free(line);
        drop_rest_of_line();
        report("Line %lu is too long (over %u bytes): it was ignored. Please answer again.",
               line_number, ASK_MAX_LINE);
        if (total >= ASK_MAX_INPUT)
            stop_at_total();
        return stopped || ask_interrupted ? -1 : 0;
    }
    if (!line) {
        if (total >= ASK_MAX_INPUT)
            stop_at_total();
        else if (editor_errno)
            stop("Cannot read from the terminal: %s.", strerror(editor_errno));
        else if (!editor_end && editor_last != CTRL_D)
            stop("Out of memory in the line editor: the rest is not read.");
        return -1;
    }
    size_t n = strlen(line);
    memcpy(buf, line, n + 1); /* n <= ASK_MAX_LINE: read_byte cut it there */
    free(line);
    if (buf[strspn(buf, " \t")])
        add_history(buf);
    return 1;
}
#endif

void line_init(bool interactive)
{
    total = 0;
    line_number = 0;
    tries = 0;
    stopped = false;
#ifdef TRIAGE_HAVE_LIBEDIT
    use_editor = interactive;
    if (use_editor) {
        rl_readline_name = "triage";
        rl_getc_function = read_byte;
        rl_attempted_completion_function = complete;
        rl_basic_word_break_characters = " \t\n,;";
    }
#else
    (void)interactive;
    use_editor = false;
#endif
}

void line_fini(void)
{
    problem_fn = NULL;
    problem_ctx = NULL;
#ifdef TRIAGE_HAVE_LIBEDIT
    if (use_editor)
        clear_history();
#endif
}

/* ---- plain lines from stdio --------------------------------------------------- */

typedef enum plain_result {
    PLAIN_LINE,     /* a line in buf */
    PLAIN_END,      /* the end of input */
    PLAIN_LIMIT,    /* ASK_MAX_INPUT reached before the line's end */
    PLAIN_ERROR,    /* a read error (*err) */
} plain_result;

/* One line from stdin into buf (*len bytes, without its end). *cut: it was
 * over ASK_MAX_LINE, and the rest was dropped; *nul_at: the offset of its
 * first NUL byte, or -1. */
static plain_result plain_line(size_t *len, bool *cut, size_t *nul_at, int *err)
{
    size_t n = 0;
    bool any = false;
    *cut = false;
    *nul_at = (size_t)-1;
    for (;;) {
        if (total >= ASK_MAX_INPUT)
            return PLAIN_LIMIT;
        int c = getc_unlocked(stdin);
        if (c == EOF) {
            if (ferror(stdin) && errno == EINTR && !ask_interrupted) {
                clearerr(stdin); /* another signal: read on */
                continue;
            }
            if (ferror(stdin) && !ask_interrupted) {
                *err = errno;
                return PLAIN_ERROR;
            }
            if (!any)
                return PLAIN_END;
            break; /* a last line without its end */
        }
        any = true;
        total++;
        if (c == '\n')
            break;
        if (n == ASK_MAX_LINE) {
            *cut = true;
            continue;
        }
        if (c == '\0' && *nul_at == (size_t)-1)
            *nul_at = n;
        buf[n++] = (char)c;
    }
    while (n && buf[n - 1] == '\r')
        n--;
    buf[n] = '\0';
    *len = n;
    return PLAIN_LINE;
}

/* One line from stdin into buf, echoed when asked: 1 a line, 0 go round
 * again (reported), -1 no more. */
static int stdio_line(const char *prompt, bool echo)
{
    fputs(prompt, stdout);
    fflush(stdout);
    size_t len = 0, nul_at;
    bool cut;
    int err = 0;
    plain_result got = plain_line(&len, &cut, &nul_at, &err);
    if (got != PLAIN_END)
        line_number++;
    if (ask_interrupted) {
        clearerr(stdin);
        return -1;
    }
    bool usable = got == PLAIN_LINE && !cut && nul_at == (size_t)-1;
    if (echo && usable)
        put_safe(stdout, buf, len); /* the transcript shows what was typed, escaped */
    if (echo)
        putchar('\n');
    if (cut)
        report("Line %lu is too long (over %u bytes): it was ignored. Please answer again.",
               line_number, ASK_MAX_LINE);
    else if (got == PLAIN_LINE && nul_at != (size_t)-1)
        report("Line %lu holds a NUL byte (at byte %zu): it was ignored. Please answer again.",
               line_number, nul_at + 1);
    if (got == PLAIN_ERROR)
        stop("Cannot read standard input: %s.", strerror(err));
    else if (got == PLAIN_LIMIT)
        stop_at_total();
    if (got != PLAIN_LINE) {
        clearerr(stdin);
        return -1;
    }
    return usable ? 1 : 0;
}

const char *line_read(const char *prompt, bool echo)
{
    for (;;) {
        if (ask_interrupted || stopped)
            return NULL;
        if (tries >= ASK_MAX_TRIES) {
            stop("%u lines at this question without an answer, up to line %lu: the rest is not "
                 "read.",
                 ASK_MAX_TRIES, line_number);
            return NULL;
        }
        tries++;
#ifdef TRIAGE_HAVE_LIBEDIT
        int got = use_editor ? editor_line(prompt) : stdio_line(prompt, echo);
#else
        int got = stdio_line(prompt, echo);
#endif
        if (got > 0)
            return buf;
        if (got < 0)
            return NULL;
    }
}
