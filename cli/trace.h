/*
 * trace.h - every rule of the knowledge base with its outcome in one
 * evaluated session, and why (tri_session_trace_rule), as text for a person
 * or JSON: `triage run --trace` and `triage eval --case`.
 */
#ifndef TRIAGE_CLI_TRACE_H
#define TRIAGE_CLI_TRACE_H

#include <stdbool.h>
#include <stdio.h>

#include "triage/triage.h"

/* Writes the rule trace of s (evaluated) to f: a count line, then one line
 * per rule (its outcome, id and FILE:LINE:COL) and, for a rule that did
 * not fire, the test that decided it and the answer it saw. */
void trace_text(FILE *f, const tri_session *s);

/* Writes the trace of s as the JSON member "trace": [{...}, ...] (no
 * leading comma); pretty: one rule per line, indented to sit in an
 * indented result. */
void trace_json(FILE *f, const tri_session *s, bool pretty);

#endif
