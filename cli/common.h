/*
 * common.h - what every subcommand of the `triage` command shares: exit
 * codes, printing diagnostics GNU style with the source line and a caret,
 * loading the rules (embedded or --rules PATH) and terminal facts.
 * The CLI sees only the public header.
 */
#ifndef TRIAGE_CLI_COMMON_H
#define TRIAGE_CLI_COMMON_H

#include <stdbool.h>
#include <stdio.h>

#include "triage/triage.h"

/* Exit codes: one list, documented in --help and the README. */
#define EXIT_CODE_LIST(X) \
    X(EXIT_OK, 0, "success") \
    X(EXIT_FAILURES, 1, "finished, but found failures (eval: a case failed; lint: an error)") \
    X(EXIT_USAGE, 2, "usage error (unknown command or option, missing argument)") \
    X(EXIT_RULES, 3, "the rule files did not load, or lint finds errors in them") \
    X(EXIT_INPUT, 4, "an input file (answers, cases) is invalid or unreadable, or an output cannot be written") \
    X(EXIT_INCOMPLETE, 5, "the interview was not completed (end of input or quit before the result)") \
    X(EXIT_EMERGENCY, 6, "ask: stopped because an answer describes an emergency (the advice was shown)") \
    X(EXIT_SIGINT, 130, "ask: interrupted (Ctrl-C) before the result; what was known was shown")

enum exit_code {
#define EXIT_ENUM(name, value, text) name = value,
    EXIT_CODE_LIST(EXIT_ENUM)
#undef EXIT_ENUM
};

/* Prints the exit-code table (for --help). */
void print_exit_codes(FILE *out);

/* A tri_diag_fn that prints to stderr (ctx: NULL) and counts. */
typedef struct diag_printer {
    FILE *out;
    bool color;
    unsigned errors, warnings;
} diag_printer;

void diag_printer_init(diag_printer *p, FILE *out);
void print_diag(const tri_diag *d, void *ctx);

/* Loads the rules at path, or the embedded knowledge base when path is NULL.
 * Rules given by path are linted too: a lint error refuses them as a load
 * error does. Prints every error (with its notes) as `triage lint` does;
 * warnings are left to `triage lint`. NULL on failure. */
tri_kb *load_rules(const char *path, diag_printer *p);
/* The same; keep_source: keep where each test is written, for the rule trace. */
tri_kb *load_rules_with(const char *path, diag_printer *p, bool keep_source);

/* True when stdout/stderr should get colours (a terminal, NO_COLOR unset). */
bool want_color(FILE *f);
/* The terminal's width for f, or 80. */
unsigned terminal_width(FILE *f);

/* Command-line options of a subcommand, one table per command. */
typedef struct arg_spec {
    const char *name;   /* "--rules" */
    const char **value; /* takes a value: "--name V" or "--name=V" */
    bool *flag;         /* a flag "--name"; with value too, the value is optional ("--name=V") */
} arg_spec;

/* Parses argv[1..argc) against specs (ended by a {NULL} entry). Every other
 * argument, and all after "--", is positional and appended to args (room for
 * max_args; *nargs counts them). On an unknown option, a missing value or more
 * than max_args positionals, prints a usage error for cmd and returns false. */
bool parse_args(const char *cmd, int argc, char **argv, const arg_spec *specs, const char **args,
                int max_args, int *nargs);

/* True when value is one of allowed (NULL-terminated); else prints
 * "unknown WHAT 'VALUE' (expected a, b or c)" as a usage error. */
bool check_choice(const char *cmd, const char *what, const char *value,
                  const char *const *allowed);

/* Prints "triage: CMD: MESSAGE (try 'triage help CMD')" and returns EXIT_USAGE. */
int usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Before an answer such as "since September" is given at a prompt: if the
 * session has no date yet, it gets today's (the library never reads the
 * clock; answers files carry their own `date:`). */
void date_relative_answer(tri_session *s, const char *text);

/* ---- text from outside (typed, or read from a file) shown safely ---- */

/* Shows one character of s[0..n): a printable UTF-8 character as itself;
 * a control character (C0, DEL, C1, bidirectional overrides; a tab unless
 * keep_tab) as "\x1b" or "\u009b"; a byte that is not UTF-8 as "\xff".
 * Writes the shown form to out (*shown bytes, not terminated) and returns
 * how many bytes of s it used (at least 1; n must be at least 1). */
size_t safe_char(const char *s, size_t n, bool keep_tab, char out[12], size_t *shown);
/* Writes s[0..n) to f as safe_char shows it. */
void put_safe(FILE *f, const char *s, size_t n);
/* Copies s into buf (size bytes, always terminated, cut at a character) as
 * safe_char shows it; returns buf. */
const char *safe_copy(char *buf, size_t size, const char *s);

/* Prints "triage: MESSAGE" to stderr, the message shown safely. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The text of a usage line and help for each subcommand. */
typedef struct command {
    const char *name;
    const char *usage;
    const char *summary;
    const char *help;
    int (*run)(int argc, char **argv);
} command;

/* One per subcommand, each in its own cmd_NAME.c. */
extern const command command_run;
extern const command command_eval;
extern const command command_ask;
extern const command command_lint;

#endif
