/*
 * main.c - the `triage` command: a table of subcommands, --help, --version.
 *
 * Standard output is checked here, once, for every command: output that
 * could not be written (a full disk, `> /dev/full`, a pipe closed with
 * SIGPIPE ignored) is said on standard error and the exit status is not 0.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"

static const command *const commands[] = {
    &command_ask,
    &command_run,
    &command_eval,
    &command_lint,
    &command_export,
    &command_rules,
    &command_init,
    &command_completion,
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *out)
{
    fprintf(out,
            "triage %s - a rule-based triage of twitches, jerks and spasms (information, not a "
            "diagnosis)\n\n"
            "Usage: triage COMMAND [OPTIONS]\n\nCommands:\n",
            TRI_VERSION);
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(out, "  %-10s %s\n", commands[i]->name, commands[i]->summary);
    fprintf(out, "  help       show help for a command: triage help COMMAND\n\n"
                 "Options: --help, --version\n"
                 "Without --rules, commands use the knowledge base built into this program.\n\n"
                 "Exit codes:\n");
    print_exit_codes(out);
}

static const command *find_command(const char *name)
{
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (!strcmp(commands[i]->name, name))
            return commands[i];
    return NULL;
}

static void command_help(FILE *out, const command *c)
{
    fprintf(out, "Usage: %s\n\n%s\n%s\nExit codes:\n", c->usage, c->summary, c->help);
    print_exit_codes(out);
}

/* Flushes and closes standard output; when anything written to it was
 * lost, says so and turns a status that claims success (0, or 1: the
 * failures were found but not all shown) into EXIT_INPUT. */
static int check_output(int rc)
{
    errno = 0;
    bool lost = fflush(stdout) != 0 || ferror(stdout);
    int err = errno;
    if (!lost && fclose(stdout) != 0) {
        lost = true;
        err = errno;
    }
    if (!lost)
        return rc;
    fprintf(stderr, "triage: cannot write the output%s%s\n", err ? ": " : "",
            err ? strerror(err) : "");
    return rc == EXIT_OK || rc == EXIT_FAILURES ? EXIT_INPUT : rc;
}

static int run(int argc, char **argv)
{
    completion_set_commands(commands, NCOMMANDS);
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    const char *name = argv[1];
    if (!strcmp(name, "--help") || !strcmp(name, "-h")) {
        usage(stdout);
        return EXIT_OK;
    }
    if (!strcmp(name, "--version") || !strcmp(name, "-V")) {
        printf("triage %s (rule format %d)\n", TRI_VERSION, TRI_FORMAT);
        return EXIT_OK;
    }
    if (!strcmp(name, "help")) {
        if (argc < 3) {
            usage(stdout);
            return EXIT_OK;
        }
        const command *c = find_command(argv[2]);
        if (!c) {
            cli_error("no command '%s' (try 'triage --help')", argv[2]);
            return EXIT_USAGE;
        }
        command_help(stdout, c);
        return EXIT_OK;
    }
    const command *c = find_command(name);
    if (!c) {
        cli_error("no command '%s' (try 'triage --help')", name);
        return EXIT_USAGE;
    }
    for (int i = 2; i < argc; i++)
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            command_help(stdout, c);
            return EXIT_OK;
        }
    return c->run(argc - 1, argv + 1);
}

int main(int argc, char **argv)
{
    return check_output(run(argc, argv));
}
