/*
 * lint.h - checks of a compiled knowledge base beyond what loading requires:
 * logic (conditions that can never be true, duplicate rules, unused or
 * unset facts, cycles), coverage (unused questions, unsupported conditions)
 * and clinical safety (red-flag levels, advice, references, safety nets).
 * Runs only when tri_options.lint is set, after a compile without errors,
 * while load.c still holds the syntax trees.
 */
#ifndef TRIAGE_LINT_H
#define TRIAGE_LINT_H

#include "compile.h"
#include "diag.h"
#include "kb.h"

/* Reports every finding through d, in file order (errors for what makes the
 * knowledge base give a worse answer, warnings for what is unused or
 * redundant; the list is in lint.c and docs/lint.md), pointing at the nodes
 * of syntax (the trees kb was compiled from, still alive). Never changes kb.
 * Scratch memory comes from kb's allocator; on allocation failure it
 * records TRI_ERR_NOMEM in d and stops. */
void lint_kb(const tri_kb *kb, const kb_syntax *syntax, diag_sink *d);

#endif
