/*
 * commands.h - the command table of main.c, for the commands that read it
 * (completion scripts are generated from each command's usage line), and
 * the commands of the ecosystem files (export, rules, init, completion).
 */
#ifndef TRIAGE_CLI_COMMANDS_H
#define TRIAGE_CLI_COMMANDS_H

#include <stddef.h>

#include "common.h"

extern const command *const commands[]; /* every subcommand, in --help order */
extern const size_t ncommands;

extern const command command_export;
extern const command command_rules;
extern const command command_init;
extern const command command_completion;

#endif
