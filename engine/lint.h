/*
 * lint.h - checks of a compiled knowledge base beyond what loading requires:
 * logic (conditions that can never be true, duplicate rules, unused or
 * unset facts, cycles), coverage (unused questions, unsupported conditions)
 * and clinical safety (red-flag levels, advice, references, because texts).
 * Runs only when tri_options.lint is set; reports through the sink.
 */
#ifndef TRIAGE_LINT_H
#define TRIAGE_LINT_H

#include "diag.h"
#include "kb.h"

void lint_kb(const tri_kb *kb, diag_sink *d);

#endif
