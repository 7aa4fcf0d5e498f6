/*
 * cmd_ask.c - `triage ask` (placeholder until its issue lands).
 */
#include "common.h"

static int run(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    cli_error("ask: not available in this build yet");
    return EXIT_USAGE;
}

const command command_ask = {"ask", "triage ask", "(not available yet)", "", run};
