/*
 * compile_internal.h - what the files of the compiler share: the context of
 * one compilation and the small helpers every pass uses. Private to the
 * compiler; users of the compiler include compile.h.
 *
 *   compile.c     the entry point, the shared helpers, the derived tables
 *   declare.c     pass 1: declares every named thing and checks plain fields
 *   conditions.c  pass 2: condition trees and the tests on answers
 *   actions.c     pass 2: rules and their actions, and the other references
 *
 * Memory: records accumulate in the vecs of the context until compile_kb
 * hands them to the arena. A helper that runs out of memory sets c->nomem
 * and reports it once; the passes then stop adding records.
 */
#ifndef TRIAGE_COMPILE_INTERNAL_H
#define TRIAGE_COMPILE_INTERNAL_H

#include "compile.h"
#include "vec.h"

/* The state of one compilation: the knowledge base being filled, and the
 * records of both passes before they move to the arena. */
typedef struct cx {
    tri_kb *kb;
    arena *ar;
    diag_sink *d;
    const tri_allocator *a;
    bool nomem;
    vec questions, conditions, rules, red_flags, facts, factors, advice, lookalikes;
    vec alarms;         /* kb_alarm: emergency phrases (declare.c, alarm.c) */
    vec conds, kids, actions, qrefs, advice_refs, option_rx;
    vec ask_if_nodes;   /* per question: const node * */
    vec cond_advice;    /* per condition: const node * (advice list) */
    vec rule_nodes;     /* per rule: const node * (the rule mapping) */
    uint32_t qref_start; /* first qref of the rule being compiled */
} cx;

/* Reports an error with lint check name `check` at node n (a cx *c must be in scope). */
#define ERR(n, check, ...) node_report(c->d, TRI_SEV_ERROR, (n), (check), __VA_ARGS__)

/* True when n is a single value (not a list or a mapping); false for NULL. */
static inline bool compile_is_scalar(const node *n)
{
    return n && n->kind == NODE_SCALAR;
}

/* ---- small helpers (compile.c) ---- */

/* Appends a zeroed record to v and returns it; NULL when out of memory. */
void *compile_push(cx *c, vec *v);

/* n bytes (at least one) from the knowledge base's arena; NULL when out of memory. */
void *compile_alloc(cx *c, size_t n);

/* True when n is of the kind expected; else reports "WHAT must be ...". */
bool compile_expect_kind(cx *c, const node *n, node_kind kind, const char *what);

/* Parses a finite number at n into *out; else reports an error naming what
 * and leaves *out alone. */
bool compile_parse_double(cx *c, const node *n, double *out, const char *what);

/* Compiles the regular expression at pn into the knowledge base's rx set and
 * sets *out to its index; else reports the error at its column in the pattern. */
bool compile_pattern(cx *c, const node *pn, int *out);

/* The index of the id at n in ix (over the declarations in v), or NO_INDEX
 * after reporting "unknown WHAT 'ID'" under lint check `check`, with the
 * nearest id of v as a suggestion. */
uint32_t compile_find(cx *c, const id_index *ix, const vec *v, const node *n, const char *what,
                      const char *check);

/* ---- pass 1 (declare.c) ---- */

/* Declares everything in the rule file root into c's vecs, reporting every
 * problem; references between declarations are left for pass 2. */
void declare_file(cx *c, const node *root);

/* ---- pass 2 (alarm.c) ---- */

/* Resolves the red flag and the questions (`at`, `not_at`) of every
 * emergency phrase, appending the questions to c->qrefs. */
void alarm_resolve(cx *c);

/* ---- pass 2 (conditions.c) ---- */

/* Compiles the condition at n into c->conds and returns its index, or
 * NO_INDEX after reporting why. The questions it tests are noted in c->qrefs
 * from c->qref_start on. */
uint32_t conditions_compile(cx *c, const node *n);

/* ---- pass 2 (actions.c) ---- */

/* Resolves every reference between declarations once they are indexed: each
 * question's ask_if, the advice of conditions, look-alike pairs, and each
 * rule's `when` and `then`. */
void actions_resolve(cx *c);

#endif
