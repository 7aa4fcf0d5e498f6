/*
 * commands.h - the commands of the ecosystem files (export, rules, init,
 * completion), and how main.c hands its command table to the completion
 * command (whose scripts are generated from each command's usage line).
 */
#ifndef TRIAGE_CLI_COMMANDS_H
#define TRIAGE_CLI_COMMANDS_H

#include <stddef.h>

#include "common.h"

/* Every subcommand, in --help order (all: main.c's table, which lives as long
 * as the program). */
void completion_set_commands(const command *const *all, size_t n);

extern const command command_export;
extern const command command_rules;
extern const command command_init;
extern const command command_completion;

#endif
