/*
 * cmd_eval.c - `triage eval` (placeholder until its issue lands).
 */
#include "common.h"

static int run(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    cli_error("eval: not available in this build yet");
    return EXIT_USAGE;
}

const command command_eval = {"eval", "triage eval", "(not available yet)", "", run};
