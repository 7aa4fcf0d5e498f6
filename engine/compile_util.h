/*
 * compile_util.h - what the files of the compiler share: the context of
 * one compilation and the small helpers every pass uses. Private to the
 * compiler; users of the compiler include compile.h.
 *
 *   compile_util.c  the shared helpers (the bottom of the compiler)
 *   declare.c       pass 1: declares every named thing and checks plain fields
 *   when.c          pass 2: test trees (when, ask_if, unless) and the tests on answers
 *   rules.c         pass 2: rules and their actions, and the other references
 *   compile.c       the driver (the top): the passes in order, the derived tables
 *
 * Memory: records accumulate in the vecs of the context until compile_kb
 * hands them to the knowledge base's arena; scratch and the nodes beside the
 * records go to the trees' arena. A helper that runs out of memory sets c->nomem
 * and reports it once; the passes then stop adding records.
 */
#ifndef TRIAGE_COMPILE_UTIL_H
#define TRIAGE_COMPILE_UTIL_H

#include "diag.h"
#include "kb.h"
#include "loader.h"
#include "schema.h"
#include "vec.h"

/* A text or a list of texts the knowledge base keeps (compile_str,
 * compile_strings). */
typedef struct compile_kept {
    const void *p;
    size_t len; /* bytes (a text's without its NUL) */
    bool list;
} compile_kept;

/* The state of one compilation: the knowledge base being filled, and the
 * records of both passes before they move to the arena. Beside each vec of
 * records is a vec of the nodes that wrote them (const node *, same index):
 * pass 2 reads the rest of each record there, and lint gets them as the
 * kb_syntax. Nothing the knowledge base keeps points into the trees:
 * compile_str copies every text it keeps into the knowledge base's arena. */
typedef struct cx {
    tri_kb *kb;
    arena *ar;        /* the knowledge base's: what it keeps */
    arena *tmp;       /* the trees' (freed by load.c after lint): scratch, the syntax */
    diag_sink *d;
    const tri_allocator *a;
    bool nomem;
    const node *const *roots; /* the files, in order: a position's file index */
    uint32_t nroots;
    vec questions, conditions, rules, red_flags, facts, factors, advice, lookalikes;
    vec alarms;         /* kb_alarm: emergency phrases (declare.c, rules.c) */
    vec questions_at, conditions_at, rules_at, red_flags_at, facts_at, factors_at, advice_at,
        lookalikes_at, alarms_at;
    vec tests, kids, ranges, matches, actions, qrefs, advice_refs, option_rx, nets;
    vec test_source;    /* kb_test_source per test, when keep_source */
    bool keep_source;   /* tri_options.keep_source: keep where tests are written, and how */
    vec tests_at, actions_at;
    uint32_t qref_start; /* first qref of the rule being compiled */
    struct {
        compile_kept *slots; /* open addressing, in scratch memory */
        uint32_t n, cap;
    } kept; /* each text and list of texts kept, once */
} cx;

/* The head of every declared record (kb_question, kb_rule, ...): its id,
 * then where it is declared (see names.h). */
typedef struct kb_decl {
    const char *id;
    kb_pos pos;
} kb_decl;

/* Reports an error with lint check name `check` at node n (a cx *c must be in scope). */
#define ERR(n, check, ...) node_report(c->d, TRI_SEV_ERROR, (n), (check), __VA_ARGS__)

/* True when n is a single value (not a list or a mapping); false for NULL. */
static inline bool compile_is_scalar(const node *n)
{
    return n && n->kind == NODE_SCALAR;
}

/* ---- small helpers (compile_util.c) ---- */

/* Appends a zeroed record to v and returns it; NULL when out of memory. */
void *compile_push(cx *c, vec *v);

/* Appends a zeroed declared record (a kb_decl head) to v, its node n to at
 * (the vec beside v), and sets the record's position; NULL when out of
 * memory. */
void *compile_record(cx *c, vec *v, vec *at, const node *n);

/* The node that declared record i of a vec beside which at is kept. */
static inline const node *compile_node(const vec *at, uint32_t i)
{
    return *(const node *const *)vec_at(at, i);
}

/* Where node n is written. */
kb_pos compile_pos(const cx *c, const node *n);

/* A copy of scalar n's text in the knowledge base's arena (texts and ids
 * it keeps), one copy for equal texts; NULL when out of memory. */
const char *compile_str(cx *c, const node *n);
/* The same for len bytes of text. */
const char *compile_text(cx *c, const char *text, size_t len);

/* The knowledge base's copy of the list items[0..n) of texts kept by
 * compile_str, one copy for equal lists; NULL when n is 0 or out of memory. */
const char *const *compile_strings(cx *c, const char *const *items, uint32_t n);

/* n bytes (at least one) from the knowledge base's arena; NULL when out of memory. */
void *compile_alloc(cx *c, size_t n);

/* n bytes (at least one) of scratch, gone with the trees; NULL when out of memory. */
void *compile_scratch(cx *c, size_t n);

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

/* ---- pass 2 (rules.c): emergency phrases ---- */

/* Resolves the red flag and the questions (`at`, `not_at`) of every
 * emergency phrase, appending the questions to c->qrefs. */
void alarm_resolve(cx *c);

/* ---- pass 2 (when.c) ---- */

/* Compiles the condition at n into c->tests and returns its index, or
 * NO_INDEX after reporting why. The questions it tests are noted in c->qrefs
 * from c->qref_start on. */
uint32_t when_compile(cx *c, const node *n);

/* ---- pass 2 (rules.c) ---- */

/* Resolves every reference between declarations once they are indexed: each
 * question's ask_if, the advice of conditions, look-alike pairs, and each
 * rule's `when` and `then`. */
void rules_resolve(cx *c);

#endif
