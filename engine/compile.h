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

/* Fills kb (whose arena, rx set and grammar are ready) from the trees
 * roots[0..n). Returns TRI_OK, TRI_ERR_INVALID after reporting errors, or
 * TRI_ERR_NOMEM. On failure kb is half built and must only be freed. */
tri_status compile_kb(tri_kb *kb, const node *const *roots, uint32_t n, diag_sink *d);

#endif
