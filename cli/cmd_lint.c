/*
 * cmd_lint.c - `triage lint` (placeholder until its issue lands).
 */
#include "common.h"

static int run(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    cli_error("lint: not available in this build yet");
    return EXIT_USAGE;
}

const command command_lint = {"lint", "triage lint", "(not available yet)", "", run};
