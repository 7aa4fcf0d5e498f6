/*
 * ask_line.c - reading the answers of `triage ask` one line at a time.
 *
 * On a terminal, libedit (BSD licence, through its readline-compatible
 * interface) gives line editing, history and tab completion of the words the
 * front end offers (option ids, commands). Without a terminal, or in a build
 * without libedit, lines come from stdio, so a whole session can be piped in;
 * the prompt and the line read are then echoed, so the output reads as a
 * transcript.
 *
 * Ctrl-C: the SIGINT handler only sets ask_interrupted, and is installed
 * without SA_RESTART, so a read in progress fails with EINTR: line_read then
 * returns NULL, as at the end of input. libedit reads through our own getc
 * for that (it would retry the read), and restores the terminal itself
 * when readline returns.
 */
#include "ask.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#ifdef TRIAGE_HAVE_LIBEDIT
#include <editline/readline.h>
#endif

static bool use_editor;
static char *buf;
static size_t cap;
static const char *const *words;
static size_t nwords;

void line_set_words(const char *const *w, size_t n)
{
    words = w;
    nwords = n;
}

#ifdef TRIAGE_HAVE_LIBEDIT
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

/* One byte from the terminal; EOF at the end or once Ctrl-C was pressed. */
static int read_byte(FILE *f)
{
    unsigned char c;
    for (;;) {
        if (ask_interrupted)
            return EOF;
        ssize_t n = read(fileno(f), &c, 1);
        if (n == 1)
            return c;
        if (n < 0 && errno == EINTR)
            continue; /* the flag decides */
        return EOF;
    }
}

static char **complete(const char *text, int start, int end)
{
    (void)start;
    (void)end;
    rl_attempted_completion_over = 1; /* never fall back to file names */
    return rl_completion_matches(text, next_word);
}
#endif

void line_init(bool interactive)
{
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
    free(buf);
    buf = NULL;
    cap = 0;
#ifdef TRIAGE_HAVE_LIBEDIT
    if (use_editor)
        clear_history();
#endif
}

static void chomp(char *s)
{
    size_t n = strlen(s);
    while (n && (s[n - 1] == '\n' || s[n - 1] == '\r'))
        s[--n] = '\0';
}

const char *line_read(const char *prompt, bool echo)
{
    if (ask_interrupted)
        return NULL;
#ifdef TRIAGE_HAVE_LIBEDIT
    if (use_editor) {
        fflush(stdout);
        char *line = readline(prompt);
        if (!line || ask_interrupted)
            return NULL;
        free(buf);
        buf = line;
        cap = strlen(line) + 1;
        chomp(buf);
        if (buf[strspn(buf, " \t")])
            add_history(buf);
        return buf;
    }
#endif
    fputs(prompt, stdout);
    fflush(stdout);
    ssize_t got = getline(&buf, &cap, stdin);
    if (got < 0 || ask_interrupted) {
        if (echo && !ask_interrupted)
            fputc('\n', stdout);
        clearerr(stdin);
        return NULL;
    }
    chomp(buf);
    if (echo) {
        put_safe(stdout, buf, strlen(buf)); /* the transcript shows what was typed, escaped */
        putchar('\n');
    }
    return buf;
}
