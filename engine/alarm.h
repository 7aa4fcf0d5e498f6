/*
 * alarm.h - emergencies described in a person's own words: the `emergency:`
 * section of the rule files (docs/rule-language.md#emergency-phrases).
 *
 * Place in the pipeline: declared by declare.c (pass 1) and resolved by
 * alarm_resolve (pass 2, compile_internal.h) like the other sections; at run
 * time a front end or the interview asks, before an answer is interpreted,
 * whether its words describe an emergency (tri_session_alarm). Matching uses
 * the session's PCRE2 scratch space and allocates nothing.
 *
 * How a text is matched (the design note):
 *  - The text is cut into clauses at '.', '!', '?', ';' and line ends, and
 *    before the words "but", "however", "although", "though" and "except":
 *    "no headache, but I think I'm having a stroke" has two clauses, and a
 *    negation in the first does not reach the second.
 *  - Each phrase that applies at the question (`at`, `not_at`) is tried
 *    on each clause. An occurrence of one of its `match`
 *    patterns counts unless an occurrence of one of its `unless` patterns in
 *    the same clause overlaps it: "no stroke in the family" is covered by
 *    the exception "no ... stroke", while in "I had a fit of laughter, now
 *    he's fitting" only the first "fit" is covered. Patterns are matched
 *    against the clause alone, so `^` and `$` mean its start and end.
 *  - The first phrase (in file order) with an occurrence that counts is the
 *    alarm.
 */
#ifndef TRIAGE_ALARM_H
#define TRIAGE_ALARM_H

#include "kb.h"
#include "rx.h"

/* At most this many `unless` patterns per phrase (checked when compiling). */
#define ALARM_MAX_UNLESS 32

/* Whether phrase matches text[0..len) wherever it is typed (its `at` and
 * `not_at` are not consulted): 1 and *out filled (may be NULL), 0, or -2
 * when PCRE2 could not allocate. */
int alarm_match(const tri_kb *kb, rx_scratch *sc, uint32_t phrase, const char *text, size_t len,
                tri_alarm *out);

/* Looks for an emergency phrase in text[0..len), typed as the answer to
 * question q (-1: none). Returns 1 and fills *out when one counts, 0 when
 * none does, -2 when PCRE2 could not allocate. */
int alarm_find(const tri_kb *kb, rx_scratch *sc, int q, const char *text, size_t len,
               tri_alarm *out);

#endif
