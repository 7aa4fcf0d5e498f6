/*
 * compile.h - syntax trees of rule files to a compiled knowledge base.
 *
 * Checks structure (known keys, required keys, types), resolves every id to
 * an index, compiles patterns and thresholds, flattens condition trees and
 * builds the derived tables inference needs. Reports every problem it finds
 * (not only the first) through the diagnostic sink.
 */
#ifndef TRIAGE_COMPILE_H
#define TRIAGE_COMPILE_H

#include "diag.h"
#include "kb.h"
#include "loader.h"

/* The syntax behind a compiled knowledge base, for lint: the trees, and the
 * node that wrote each record, by the record's index. Lives in the trees'
 * arena and goes with it. */
typedef struct kb_syntax {
    const node *const *roots; /* one per file, in kb->files order */
    uint32_t nroots;
    const node **questions, **conditions, **rules, **red_flags, **facts, **factors, **advice,
        **lookalikes, **alarms;
    const node **tests, **actions;
} kb_syntax;

/* Fills kb (whose arena, rx set, grammar and file names are ready) from the
 * trees roots[0..n), which live in the arena trees; keep_source: also keep
 * where each test is written, and its text (kb->test_source); scratch memory and
 * *syntax come from there too. Everything kb keeps is copied into its own
 * arena, so the trees may be freed afterwards. Returns TRI_OK,
 * TRI_ERR_INVALID after reporting errors, or TRI_ERR_NOMEM. On failure kb
 * is half built and must only be freed. */
tri_status compile_kb(tri_kb *kb, const node *const *roots, uint32_t n, arena *trees,
                      bool keep_source, kb_syntax *syntax, diag_sink *d);

#endif
