/*
 * lint.c - knowledge-base checks that go beyond loading.
 *
 * Runs on a knowledge base that compiled without errors (compile.c has
 * already checked structure, references, value types and patterns), so
 * every index here is valid. The checks:
 *
 *   logic       never-true            a `when` or `ask_if` (or a part of one) that no answers
 *                                     can make true                                    error
 *               duplicate-when        two rules with the same `when`                 warning
 *               fact-never-set        a fact that rules test but no rule sets          error
 *               fact-never-tested     a fact that no rule tests                      warning
 *               fact-cycle            facts that depend on each other in a cycle       error
 *               ask-if-cycle          questions whose ask_if depend on each other      error
 *   coverage    unused-question       a question no rule or ask_if tests             warning
 *               unsupported-condition a condition no live rule can make likely       warning
 *               gated-condition       a condition whose every supporting rule needs
 *                                     the same (non-screening) question answered     warning
 *               cf-at-threshold       a rule that alone makes a condition exactly as
 *                                     likely as the threshold                         warning
 *               unused-red-flag, unused-advice, unused-factor                         warning
 *   safety      red-flag-level        a red flag that forces less than `soon`
 *                                     without a `reason:`                              error
 *               missing-safety-net    a rule that raises triage without a safety_net   error
 *               missing-advice        a condition with neither advice nor self_care    error
 *               missing-references    a condition or emergency phrase without
 *                                     references                                       error
 *               emergency-level       an emergency phrase that stands for less than
 *                                     `urgent`, or for another level than its red flag error
 *               emergency-too-broad   an emergency phrase that matches an ordinary
 *                                     answer ("no", "none", "1", ...) at any question  error
 *   advice      advice-action         two `kind: action` items for one level, or an
 *                                     action with `unless` or `age`                    error
 *               advice-age            `for_child` naming an item that is not
 *                                     `age: child`, or given by a child item           error
 *   safety net  missing-signs         a safety-net text (red flag, triage floor,
 *                                     condition seek_help entry) without `signs`, or
 *                                     a seek_help given as a plain text, when
 *                                     others have signs                              warning
 *               hidden-safety-net     a safety-net text (seek_help entries too) that
 *                                     shares a sign with a more urgent one, so it is
 *                                     never shown, and names signs that no more
 *                                     urgent text does                               warning
 *
 * Severity: what makes a rule, fact or question dead or undecidable, and
 * every clinical-safety gap, is an error; what is merely unused or
 * redundant is a warning (`triage lint --werror` fails on those too).
 *
 * "Never true" is decided per conjunction: the tests that one `all` (with
 * nested `all`s flattened) makes on one question must be satisfiable
 * together, given the question's type (a choice has one answer; in a multi
 * answer `none` stands alone; a number lies within the question's bounds, a
 * duration is never negative). `any`, `at_least` and `not` are not searched
 * across branches: lint reports definite mistakes, not every implication.
 *
 * Findings are collected, then reported in file order (files as loaded,
 * then line and column), so the output reads top to bottom.
 */
#include "lint.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alarm.h"
#include "alloc.h"
#include "reach.h"
#include "vec.h"

/* ---- findings, sorted before they are reported --------------------------- */

typedef struct finding {
    tri_severity sev;
    const node *at;
    const char *check;
    char *msg;
    const node *note_at; /* optional note that follows the finding */
    char *note;
    unsigned file, seq;
} finding;

typedef struct lint {
    const tri_kb *kb;
    diag_sink *d;
    const tri_allocator *a;
    bool nomem;
    vec findings;
    bool *rule_dead; /* per rule: its `when` can never be true */
} lint;

static void out_of_memory(lint *l)
{
    if (!l->nomem) {
        l->nomem = true;
        diag_fail(l->d, TRI_ERR_NOMEM, NULL, "out of memory while checking the knowledge base");
    }
}

static char *dup_text(lint *l, const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = mem_alloc(l->a, n);
    if (!p) {
        out_of_memory(l);
        return NULL;
    }
    memcpy(p, s, n);
    return p;
}

static unsigned file_order(const lint *l, const node *n)
{
    for (uint32_t i = 0; i < l->kb->nfiles; i++)
        if (l->kb->roots[i]->src == n->src)
            return i;
    return l->kb->nfiles;
}

/* Records a finding at n; note_at/note (printf-free text) may be NULL. */
static void report(lint *l, tri_severity sev, const node *n, const char *check,
                   const node *note_at, const char *note, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

static void report(lint *l, tri_severity sev, const node *n, const char *check,
                   const node *note_at, const char *note, const char *fmt, ...)
{
    if (l->nomem)
        return;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    finding *f = vec_push(&l->findings);
    if (!f) {
        out_of_memory(l);
        return;
    }
    f->sev = sev;
    f->at = n;
    f->check = check;
    f->msg = dup_text(l, msg);
    f->note_at = note ? note_at : NULL;
    f->note = note ? dup_text(l, note) : NULL;
    f->file = file_order(l, n);
    f->seq = l->findings.n;
}

static int compare_findings(const void *pa, const void *pb)
{
    const finding *a = pa, *b = pb;
    if (a->file != b->file)
        return a->file < b->file ? -1 : 1;
    if (a->at->line != b->at->line)
        return a->at->line < b->at->line ? -1 : 1;
    if (a->at->col != b->at->col)
        return a->at->col < b->at->col ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static void flush_findings(lint *l)
{
    finding *all = (finding *)l->findings.data;
    if (!l->nomem && l->findings.n)
        qsort(all, l->findings.n, sizeof *all, compare_findings);
    for (uint32_t i = 0; i < l->findings.n; i++) {
        finding *f = &all[i];
        if (!l->nomem && f->msg) {
            node_report(l->d, f->sev, f->at, f->check, "%s", f->msg);
            if (f->note_at && f->note)
                node_report(l->d, TRI_SEV_NOTE, f->note_at, f->check, "%s", f->note);
        }
        mem_free(l->a, f->msg);
        mem_free(l->a, f->note);
    }
    vec_fini(&l->findings);
}

/* ---- where to point ------------------------------------------------------- */

/* The key node of key in map n, or n itself. */
static const node *key_node(const node *n, const char *key)
{
    if (n && n->kind == NODE_MAP)
        for (size_t i = 0; i + 1 < n->count; i += 2)
            if (n->kids[i]->kind == NODE_SCALAR && strcmp(n->kids[i]->text, key) == 0)
                return n->kids[i];
    return n;
}

/* The id value of a declaration (a record's `where`). */
static const node *id_node(const node *decl)
{
    const node *n = node_get(decl, "id");
    return n ? n : decl;
}

/* A condition mapping is shown by its first key ({timing: x} -> timing). */
static const node *cond_node(const tri_kb *kb, uint32_t ci)
{
    const node *n = kb->conds[ci].where;
    if (n->kind == NODE_MAP && n->count >= 2)
        return n->kids[0];
    return n;
}

/* ---- condition trees ------------------------------------------------------ */

static bool is_question_test(const kb_cond *k)
{
    switch (k->op) {
    case COND_OPTION_ANY:
    case COND_OPTION_ALL:
    case COND_OPTION_NONE:
    case COND_RANGE:
    case COND_MATCH:
    case COND_ANSWERED:
    case COND_UNKNOWN:
        return true;
    default:
        return false;
    }
}

static bool has_kids(const kb_cond *k)
{
    return k->op == COND_ALL || k->op == COND_ANY || k->op == COND_AT_LEAST || k->op == COND_NOT;
}

static uint32_t kid(const tri_kb *kb, const kb_cond *k, uint32_t i)
{
    return kb->cond_kids[k->first + i];
}

typedef void (*visit_fn)(lint *l, const kb_cond *k, void *ctx);

/* Calls fn on every node of the tree at root (depth-first). */
static void walk(lint *l, uint32_t root, visit_fn fn, void *ctx)
{
    if (root == NO_INDEX)
        return;
    const kb_cond *k = &l->kb->conds[root];
    fn(l, k, ctx);
    if (has_kids(k))
        for (uint32_t i = 0; i < k->n; i++)
            walk(l, kid(l->kb, k, i), fn, ctx);
}

/* The pattern text of a `matches` test. */
static const char *match_pattern(const kb_cond *k)
{
    const node *w = k->where;
    if (w->kind != NODE_MAP || w->count < 2)
        return "";
    const node *v = node_get(w->kids[1], "matches");
    return v && v->kind == NODE_SCALAR ? v->text : "";
}

/* Structural equality; the items of all/any/at_least may come in any order. */
static bool cond_equal(const tri_kb *kb, uint32_t ia, uint32_t ib)
{
    const kb_cond *a = &kb->conds[ia], *b = &kb->conds[ib];
    if (a->op != b->op)
        return false;
    switch (a->op) {
    case COND_ALL:
    case COND_ANY:
    case COND_AT_LEAST: {
        if (a->n != b->n || a->need != b->need)
            return false;
        if (a->n > 64) {
            for (uint32_t i = 0; i < a->n; i++)
                if (!cond_equal(kb, kid(kb, a, i), kid(kb, b, i)))
                    return false;
            return true;
        }
        uint64_t used = 0;
        for (uint32_t i = 0; i < a->n; i++) {
            bool found = false;
            for (uint32_t j = 0; j < b->n && !found; j++)
                if (!(used >> j & 1) && cond_equal(kb, kid(kb, a, i), kid(kb, b, j))) {
                    used |= (uint64_t)1 << j;
                    found = true;
                }
            if (!found)
                return false;
        }
        return true;
    }
    case COND_NOT:
        return cond_equal(kb, kid(kb, a, 0), kid(kb, b, 0));
    case COND_FACT:
    case COND_ANSWERED:
    case COND_UNKNOWN:
        return a->target == b->target;
    case COND_OPTION_ANY:
    case COND_OPTION_ALL:
    case COND_OPTION_NONE:
        return a->target == b->target && a->mask == b->mask;
    case COND_RANGE:
        return a->target == b->target && a->lo == b->lo && a->hi == b->hi &&
               a->lo_open == b->lo_open && a->hi_open == b->hi_open;
    case COND_MATCH:
        return a->target == b->target && strcmp(match_pattern(a), match_pattern(b)) == 0;
    default:
        return false;
    }
}

/* The test as written, for messages: "sleep_onset", "gt: 5 min", "[a, b]". */
static void describe_value(const node *v, char *buf, size_t size)
{
    size_t at = 0;
    buf[0] = '\0';
    if (v->kind == NODE_SCALAR) {
        snprintf(buf, size, "%s", v->text);
        return;
    }
    if (v->kind == NODE_MAP && v->count == 2 && v->kids[0]->kind == NODE_SCALAR) {
        int w = snprintf(buf, size, "%s: ", v->kids[0]->text);
        if (w < 0 || (size_t)w >= size)
            return;
        describe_value(v->kids[1], buf + w, size - (size_t)w);
        return;
    }
    if (v->kind == NODE_SEQ) {
        at += (size_t)snprintf(buf + at, size - at, "[");
        for (size_t i = 0; i < v->count && at < size; i++) {
            const node *it = v->kids[i];
            at += (size_t)snprintf(buf + at, size - at, "%s%s", i ? ", " : "",
                                   it->kind == NODE_SCALAR ? it->text : "...");
        }
        if (at < size)
            snprintf(buf + at, size - at, "]");
        return;
    }
    snprintf(buf, size, "...");
}

static void describe_test(const kb_cond *k, char *buf, size_t size)
{
    const node *w = k->where;
    if (w->kind == NODE_MAP && w->count == 2)
        describe_value(w->kids[1], buf, size);
    else
        snprintf(buf, size, "...");
}

/* ---- can a set of tests on one question all be true? ---------------------- */

static uint64_t all_options(const kb_question *q)
{
    return q->noptions >= 64 ? ~(uint64_t)0 : ((uint64_t)1 << q->noptions) - 1;
}

/* The values a number or duration answer can take. */
static void value_bounds(const kb_question *q, double *lo, double *hi)
{
    if (q->type == TRI_Q_DURATION) {
        *lo = 0;
        *hi = INFINITY;
    } else {
        *lo = q->min;
        *hi = q->max;
    }
}

/* Interval intersection of range tests (with the question's bounds when
 * with_bounds): is any value left? */
static bool ranges_meet(const tri_kb *kb, const uint32_t *ix, size_t n, bool with_bounds)
{
    const kb_question *q = &kb->questions[kb->conds[ix[0]].target];
    double lo = -INFINITY, hi = INFINITY;
    bool lo_open = false, hi_open = false;
    if (with_bounds)
        value_bounds(q, &lo, &hi);
    for (size_t i = 0; i < n; i++) {
        const kb_cond *k = &kb->conds[ix[i]];
        if (k->op != COND_RANGE)
            continue;
        if (k->lo > lo || (k->lo == lo && k->lo_open)) {
            lo = k->lo;
            lo_open = k->lo_open;
        }
        if (k->hi < hi || (k->hi == hi && k->hi_open)) {
            hi = k->hi;
            hi_open = k->hi_open;
        }
    }
    return lo < hi || (lo == hi && !lo_open && !hi_open && isfinite(lo));
}

/* A multi answer is a set S of options, where `none` stands alone. The tests
 * ask: S meets each any-of mask, contains each all-of mask, avoids each
 * none-of mask. */
static bool multi_possible(const tri_kb *kb, const kb_question *q, const uint32_t *ix, size_t n)
{
    uint64_t all = all_options(q), none = 0, need = 0, avoid = 0;
    if (q->none_option != NO_INDEX)
        none = (uint64_t)1 << q->none_option;
    for (size_t i = 0; i < n; i++) {
        const kb_cond *k = &kb->conds[ix[i]];
        if (k->op == COND_OPTION_ALL)
            need |= k->mask;
        else if (k->op == COND_OPTION_NONE)
            avoid |= k->mask;
    }
    /* S without `none`: the needed options plus one free option per any-of */
    bool without = !(need & avoid) && !(need & none);
    bool any_seen = false;
    for (size_t i = 0; i < n && without; i++) {
        const kb_cond *k = &kb->conds[ix[i]];
        if (k->op != COND_OPTION_ANY)
            continue;
        any_seen = true;
        if (!(k->mask & need) && !(k->mask & all & ~avoid & ~none))
            without = false;
    }
    if (without && !need && !any_seen && !(all & ~avoid & ~none))
        without = false; /* S must hold something */
    /* S = {none} */
    bool only_none = none && !(none & avoid) && !(need & ~none);
    for (size_t i = 0; i < n && only_none; i++) {
        const kb_cond *k = &kb->conds[ix[i]];
        if (k->op == COND_OPTION_ANY && !(k->mask & none))
            only_none = false;
    }
    return without || only_none;
}

/* Can the tests ix[0..n) (all on one question) be true together? */
static bool tests_possible(const tri_kb *kb, const uint32_t *ix, size_t n)
{
    const kb_question *q = &kb->questions[kb->conds[ix[0]].target];
    bool unknown = false, answered = false;
    for (size_t i = 0; i < n; i++) {
        if (kb->conds[ix[i]].op == COND_UNKNOWN)
            unknown = true;
        else
            answered = true; /* every other test is UNKNOWN on an unknown answer */
    }
    if (unknown && answered)
        return false;
    switch (q->type) {
    case TRI_Q_CHOICE:
    case TRI_Q_YES_NO: {
        uint64_t allowed = all_options(q);
        for (size_t i = 0; i < n; i++) {
            const kb_cond *k = &kb->conds[ix[i]];
            if (k->op == COND_OPTION_ANY)
                allowed &= k->mask;
            else if (k->op == COND_OPTION_NONE)
                allowed &= ~k->mask;
        }
        return allowed != 0;
    }
    case TRI_Q_MULTI:
        return multi_possible(kb, q, ix, n);
    case TRI_Q_NUMBER:
    case TRI_Q_DURATION:
        return ranges_meet(kb, ix, n, true);
    default:
        return true;
    }
}

/* ---- never-true ------------------------------------------------------------ */

static int popcount64(uint64_t m)
{
    int n = 0;
    for (; m; m &= m - 1)
        n++;
    return n;
}

static const char *option_name(const kb_question *q, uint64_t mask)
{
    for (uint32_t i = 0; i < q->noptions && i < 64; i++)
        if (mask >> i & 1)
            return q->options[i].id;
    return "?";
}

/* Reports why the single test ci can never be true. */
static void report_leaf(lint *l, uint32_t ci)
{
    const tri_kb *kb = l->kb;
    const kb_cond *k = &kb->conds[ci];
    const kb_question *q = &kb->questions[k->target];
    char test[160];
    describe_test(k, test, sizeof test);
    const node *at = cond_node(kb, ci);
    if (k->op == COND_RANGE) {
        if (!ranges_meet(kb, &ci, 1, false)) {
            report(l, TRI_SEV_ERROR, at, "never-true", NULL, NULL,
                   "'%s' is an empty range: no answer to '%s' passes it", test, q->id);
        } else if (q->type == TRI_Q_DURATION) {
            report(l, TRI_SEV_ERROR, at, "never-true", NULL, NULL,
                   "'%s' can never be true: a duration is never negative", test);
        } else {
            char range[96];
            if (isinf(q->min))
                snprintf(range, sizeof range, "at most %g", q->max);
            else if (isinf(q->max))
                snprintf(range, sizeof range, "at least %g", q->min);
            else
                snprintf(range, sizeof range, "from %g to %g", q->min, q->max);
            report(l, TRI_SEV_ERROR, at, "never-true", NULL, NULL,
                   "'%s' can never be true: answers to '%s' are %s", test, q->id, range);
        }
        return;
    }
    if (k->op == COND_OPTION_ALL && q->none_option != NO_INDEX &&
        (k->mask >> q->none_option & 1)) {
        report(l, TRI_SEV_ERROR, at, "never-true", NULL, NULL,
               "'%s' can never be true: in an answer to '%s', 'none' stands alone", test, q->id);
        return;
    }
    if (k->op == COND_OPTION_NONE) {
        report(l, TRI_SEV_ERROR, at, "never-true", NULL, NULL,
               "'%s' can never be true: it excludes every option of '%s'", test, q->id);
        return;
    }
    report(l, TRI_SEV_ERROR, at, "never-true", NULL, NULL,
           "'%s' can never be true: no answer to '%s' passes it", test, q->id);
}

/* Reports why tests a (earlier) and b on one question conflict. */
static void report_pair(lint *l, uint32_t a, uint32_t b)
{
    const tri_kb *kb = l->kb;
    const kb_cond *ka = &kb->conds[a], *kb_ = &kb->conds[b];
    const kb_question *q = &kb->questions[kb_->target];
    char ta[160], tb[160], note[256];
    describe_test(ka, ta, sizeof ta);
    describe_test(kb_, tb, sizeof tb);
    snprintf(note, sizeof note, "'%s' is also tested here", q->id);
    const node *at = cond_node(kb, b), *other = cond_node(kb, a);
    if (ka->op == COND_UNKNOWN || kb_->op == COND_UNKNOWN) {
        report(l, TRI_SEV_ERROR, at, "never-true", other, note,
               "'%s' cannot be unknown and answered at once, so this 'all' can never be true",
               q->id);
    } else if ((q->type == TRI_Q_CHOICE || q->type == TRI_Q_YES_NO) &&
               ka->op == COND_OPTION_ANY && kb_->op == COND_OPTION_ANY &&
               popcount64(ka->mask) == 1 && popcount64(kb_->mask) == 1) {
        report(l, TRI_SEV_ERROR, at, "never-true", other, note,
               "'%s' has one answer, so it cannot be both '%s' and '%s': this 'all' can never be "
               "true",
               q->id, option_name(q, ka->mask), option_name(q, kb_->mask));
    } else {
        report(l, TRI_SEV_ERROR, at, "never-true", other, note,
               "no answer to '%s' passes both '%s' and '%s', so this 'all' can never be true",
               q->id, ta, tb);
    }
}

#define MAX_LEAVES 256

/* Collects the items of an `all`, flattening nested `all`s. */
static void flatten_all(const tri_kb *kb, uint32_t ci, uint32_t *out, size_t *n)
{
    const kb_cond *k = &kb->conds[ci];
    for (uint32_t i = 0; i < k->n; i++) {
        uint32_t c = kid(kb, k, i);
        if (kb->conds[c].op == COND_ALL)
            flatten_all(kb, c, out, n);
        else if (*n < MAX_LEAVES)
            out[(*n)++] = c;
    }
}

/* Is a the negation of b (`not: X` next to X)? */
static bool negates(const tri_kb *kb, uint32_t a, uint32_t b)
{
    const kb_cond *ka = &kb->conds[a];
    return ka->op == COND_NOT && cond_equal(kb, kid(kb, ka, 0), b);
}

/* Checks that the items of an `all` can be true together. */
static bool all_consistent(lint *l, uint32_t ci)
{
    const tri_kb *kb = l->kb;
    uint32_t items[MAX_LEAVES];
    size_t n = 0;
    flatten_all(kb, ci, items, &n);
    for (size_t j = 1; j < n; j++) {
        const kb_cond *kj = &kb->conds[items[j]];
        for (size_t i = 0; i < j; i++) {
            const kb_cond *ki = &kb->conds[items[i]];
            if (negates(kb, items[i], items[j]) || negates(kb, items[j], items[i])) {
                report(l, TRI_SEV_ERROR, cond_node(kb, items[j]), "never-true",
                       cond_node(kb, items[i]), "the opposite condition is here",
                       "this 'all' needs a condition and its opposite, so it can never be true");
                return false;
            }
            if (!is_question_test(ki) || !is_question_test(kj) || ki->target != kj->target)
                continue;
            uint32_t pair[2] = {items[i], items[j]};
            if (!tests_possible(kb, pair, 2)) {
                report_pair(l, items[i], items[j]);
                return false;
            }
        }
    }
    /* three or more tests on one question that conflict only together */
    for (size_t i = 0; i < n; i++) {
        const kb_cond *ki = &kb->conds[items[i]];
        if (!is_question_test(ki))
            continue;
        uint32_t group[MAX_LEAVES];
        size_t g = 0;
        bool first = true;
        for (size_t j = 0; j < n; j++) {
            const kb_cond *kj = &kb->conds[items[j]];
            if (is_question_test(kj) && kj->target == ki->target) {
                if (j < i)
                    first = false;
                group[g++] = items[j];
            }
        }
        if (first && g > 2 && !tests_possible(kb, group, g)) {
            report(l, TRI_SEV_ERROR, cond_node(kb, ci), "never-true", NULL, NULL,
                   "no answer to '%s' passes every test on it in this 'all', so it can never be "
                   "true",
                   kb->questions[ki->target].id);
            return false;
        }
    }
    return true;
}

/* Can the condition ci ever be true? Reports each mistake once, at the
 * deepest node that shows it (a parent that is dead only because of a dead
 * child is not reported again). */
static bool possible(lint *l, uint32_t ci)
{
    const tri_kb *kb = l->kb;
    const kb_cond *k = &kb->conds[ci];
    switch (k->op) {
    case COND_ALL: {
        bool ok = true;
        for (uint32_t i = 0; i < k->n; i++)
            if (!possible(l, kid(kb, k, i)))
                ok = false;
        return ok && all_consistent(l, ci);
    }
    case COND_ANY: {
        bool ok = false;
        for (uint32_t i = 0; i < k->n; i++)
            if (possible(l, kid(kb, k, i)))
                ok = true;
        return ok;
    }
    case COND_AT_LEAST: {
        uint32_t live = 0;
        for (uint32_t i = 0; i < k->n; i++)
            if (possible(l, kid(kb, k, i)))
                live++;
        return live >= k->need;
    }
    case COND_NOT:
        possible(l, kid(kb, k, 0));
        return true;
    case COND_OPTION_ANY:
    case COND_OPTION_ALL:
    case COND_OPTION_NONE:
    case COND_RANGE:
        if (!tests_possible(kb, &ci, 1)) {
            report_leaf(l, ci);
            return false;
        }
        return true;
    default:
        return true;
    }
}

static void check_never_true(lint *l)
{
    const tri_kb *kb = l->kb;
    for (uint32_t r = 0; r < kb->nrules; r++)
        if (kb->rules[r].when != NO_INDEX)
            l->rule_dead[r] = !possible(l, kb->rules[r].when);
    for (uint32_t q = 0; q < kb->nquestions; q++)
        if (kb->questions[q].ask_if != NO_INDEX)
            possible(l, kb->questions[q].ask_if);
}

/* ---- duplicate rules ------------------------------------------------------- */

static void check_duplicate_when(lint *l)
{
    const tri_kb *kb = l->kb;
    for (uint32_t j = 1; j < kb->nrules; j++) {
        const kb_rule *b = &kb->rules[j];
        if (b->when == NO_INDEX)
            continue;
        for (uint32_t i = 0; i < j; i++) {
            const kb_rule *a = &kb->rules[i];
            if (a->when == NO_INDEX || !cond_equal(kb, a->when, b->when))
                continue;
            char note[160];
            snprintf(note, sizeof note, "rule '%s' has the same 'when' here", a->id);
            report(l, TRI_SEV_WARNING, key_node(b->where, "when"), "duplicate-when",
                   key_node(a->where, "when"), note,
                   "rule '%s' has the same 'when' as rule '%s' (merge their actions into one rule)",
                   b->id, a->id);
            break;
        }
    }
}

/* ---- graphs: facts on facts, questions on questions ------------------------ */

typedef struct bitmat {
    uint8_t *bits;
    uint32_t n;
} bitmat;

static bool bitmat_init(lint *l, bitmat *m, uint32_t n)
{
    m->n = n;
    m->bits = mem_calloc(l->a, (size_t)n * n / 8 + 1, 1);
    if (!m->bits)
        out_of_memory(l);
    return m->bits != NULL;
}

static void bit_set(bitmat *m, uint32_t i, uint32_t j)
{
    size_t b = (size_t)i * m->n + j;
    m->bits[b / 8] |= (uint8_t)(1u << (b % 8));
}

static bool bit_get(const bitmat *m, uint32_t i, uint32_t j)
{
    size_t b = (size_t)i * m->n + j;
    return m->bits[b / 8] >> (b % 8) & 1;
}

/* Strongly connected components (Tarjan, with an explicit stack): comp[v]
 * is the component of v. Returns false on allocation failure. */
static bool components(lint *l, const bitmat *g, uint32_t *comp)
{
    uint32_t n = g->n;
    uint32_t *index = mem_calloc(l->a, n + 1, sizeof *index);
    uint32_t *low = mem_calloc(l->a, n + 1, sizeof *low);
    uint32_t *stack = mem_calloc(l->a, n + 1, sizeof *stack);
    uint32_t *call = mem_calloc(l->a, n + 1, sizeof *call); /* DFS: node */
    uint32_t *next = mem_calloc(l->a, n + 1, sizeof *next); /* DFS: next neighbour */
    bool *on = mem_calloc(l->a, n + 1, sizeof *on);
    bool ok = index && low && stack && call && next && on;
    if (!ok) {
        out_of_memory(l);
        goto done;
    }
    uint32_t counter = 1, sp = 0, ncomp = 0;
    for (uint32_t s = 0; s < n; s++) {
        if (index[s])
            continue;
        uint32_t depth = 0;
        call[depth] = s;
        next[depth] = 0;
        index[s] = low[s] = counter++;
        stack[sp++] = s;
        on[s] = true;
        while (true) {
            uint32_t v = call[depth];
            bool descended = false;
            while (next[depth] < n) {
                uint32_t w = next[depth]++;
                if (!bit_get(g, v, w))
                    continue;
                if (!index[w]) {
                    index[w] = low[w] = counter++;
                    stack[sp++] = w;
                    on[w] = true;
                    depth++;
                    call[depth] = w;
                    next[depth] = 0;
                    descended = true;
                    break;
                }
                if (on[w] && index[w] < low[v])
                    low[v] = index[w];
            }
            if (descended)
                continue;
            if (low[v] == index[v]) {
                uint32_t w;
                do {
                    w = stack[--sp];
                    on[w] = false;
                    comp[w] = ncomp;
                } while (w != v);
                ncomp++;
            }
            if (depth == 0)
                break;
            depth--;
            uint32_t u = call[depth];
            if (low[v] < low[u])
                low[u] = low[v];
        }
    }
done:
    mem_free(l->a, index);
    mem_free(l->a, low);
    mem_free(l->a, stack);
    mem_free(l->a, call);
    mem_free(l->a, next);
    mem_free(l->a, on);
    return ok;
}

/* For each cycle (a component of more than one node, or a node with an edge
 * to itself), writes a shortest path from its first node back to it as
 * "'a' -> 'b' -> 'a'" and calls fn(first node, path). */
typedef void (*cycle_fn)(lint *l, uint32_t first, uint32_t length, const char *path);

static void each_cycle(lint *l, const bitmat *g, const char *(*name)(const tri_kb *, uint32_t),
                       cycle_fn fn)
{
    uint32_t n = g->n;
    if (n == 0)
        return;
    uint32_t *comp = mem_calloc(l->a, n, sizeof *comp);
    uint32_t *prev = mem_calloc(l->a, n, sizeof *prev);
    uint32_t *queue = mem_calloc(l->a, n, sizeof *queue);
    bool *done = mem_calloc(l->a, n, sizeof *done);
    if (!comp || !prev || !queue || !done) {
        out_of_memory(l);
        goto out;
    }
    if (!components(l, g, comp))
        goto out;
    for (uint32_t s = 0; s < n; s++) {
        if (done[s])
            continue;
        /* the first node of each component in declaration order */
        uint32_t size = 0;
        for (uint32_t v = 0; v < n; v++)
            if (comp[v] == comp[s]) {
                done[v] = true;
                size++;
            }
        if (size == 1 && !bit_get(g, s, s))
            continue;
        /* breadth-first search inside the component, from s back to s */
        uint32_t head = 0, tail = 0, last = NO_INDEX;
        for (uint32_t v = 0; v < n; v++)
            prev[v] = NO_INDEX;
        queue[tail++] = s;
        while (head < tail && last == NO_INDEX) {
            uint32_t v = queue[head++];
            for (uint32_t w = 0; w < n; w++) {
                if (!bit_get(g, v, w) || comp[w] != comp[s])
                    continue;
                if (w == s) {
                    last = v;
                    break;
                }
                if (prev[w] == NO_INDEX) {
                    prev[w] = v;
                    queue[tail++] = w;
                }
            }
        }
        /* walk back from last to s, then print forwards */
        uint32_t len = 0;
        for (uint32_t v = last; v != s; v = prev[v])
            queue[len++] = v;
        char path[400];
        size_t at = (size_t)snprintf(path, sizeof path, "'%s'", name(l->kb, s));
        for (uint32_t i = len; i-- > 0 && at < sizeof path;)
            at += (size_t)snprintf(path + at, sizeof path - at, " -> '%s'",
                                   name(l->kb, queue[i]));
        if (at < sizeof path)
            snprintf(path + at, sizeof path - at, " -> '%s'", name(l->kb, s));
        fn(l, s, len + 1, path);
    }
out:
    mem_free(l->a, comp);
    mem_free(l->a, prev);
    mem_free(l->a, queue);
    mem_free(l->a, done);
}

/* ---- facts ----------------------------------------------------------------- */

typedef struct fact_use {
    bool *tested;
    uint32_t *first_tester; /* rule index + 1, or 0 for an ask_if */
    uint32_t rule;          /* the rule being walked + 1; 0 = ask_if */
} fact_use;

static void note_fact_test(lint *l, const kb_cond *k, void *ctx)
{
    (void)l;
    fact_use *u = ctx;
    if (k->op == COND_FACT && !u->tested[k->target]) {
        u->tested[k->target] = true;
        u->first_tester[k->target] = u->rule;
    }
}

typedef struct edge_ctx {
    bitmat *g;
    uint32_t from;
} edge_ctx;

static void add_fact_edge(lint *l, const kb_cond *k, void *ctx)
{
    (void)l;
    edge_ctx *e = ctx;
    if (k->op == COND_FACT)
        bit_set(e->g, e->from, k->target);
}

static const char *fact_name(const tri_kb *kb, uint32_t f)
{
    return kb->facts[f].id;
}

static void report_fact_cycle(lint *l, uint32_t first, uint32_t length, const char *path)
{
    const kb_fact *f = &l->kb->facts[first];
    if (length == 1)
        report(l, TRI_SEV_ERROR, id_node(f->where), "fact-cycle", NULL, NULL,
               "fact '%s' is set by a rule that tests '%s' itself: unless another rule sets it, "
               "it stays unknown",
               f->id, f->id);
    else
        report(l, TRI_SEV_ERROR, id_node(f->where), "fact-cycle", NULL, NULL,
               "facts depend on each other in a cycle (%s): facts in a cycle that nothing else "
               "settles stay unknown",
               path);
}

static void check_facts(lint *l)
{
    const tri_kb *kb = l->kb;
    uint32_t n = kb->nfacts;
    if (n == 0)
        return;
    fact_use u = {0};
    u.tested = mem_calloc(l->a, n, sizeof *u.tested);
    u.first_tester = mem_calloc(l->a, n, sizeof *u.first_tester);
    if (!u.tested || !u.first_tester) {
        out_of_memory(l);
        goto out;
    }
    for (uint32_t r = 0; r < kb->nrules; r++) {
        u.rule = r + 1;
        walk(l, kb->rules[r].when, note_fact_test, &u);
    }
    u.rule = 0;
    for (uint32_t q = 0; q < kb->nquestions; q++)
        walk(l, kb->questions[q].ask_if, note_fact_test, &u);

    for (uint32_t i = 0; i < n; i++) {
        const kb_fact *f = &kb->facts[i];
        if (u.tested[i] && f->nsetters == 0) {
            uint32_t t = u.first_tester[i];
            if (t)
                report(l, TRI_SEV_ERROR, id_node(f->where), "fact-never-set", NULL, NULL,
                       "fact '%s' is tested (by rule '%s') but no rule sets it, so that test is "
                       "never true",
                       f->id, kb->rules[t - 1].id);
            else
                report(l, TRI_SEV_ERROR, id_node(f->where), "fact-never-set", NULL, NULL,
                       "fact '%s' is tested (by an ask_if) but no rule sets it, so that test is "
                       "never true",
                       f->id);
        } else if (!u.tested[i] && f->nsetters > 0) {
            report(l, TRI_SEV_WARNING, id_node(f->where), "fact-never-tested", NULL, NULL,
                   "fact '%s' is set (by rule '%s') but no rule or ask_if tests it", f->id,
                   kb->rules[kb->fact_setters[f->first_setter]].id);
        } else if (!u.tested[i]) {
            report(l, TRI_SEV_WARNING, id_node(f->where), "fact-never-tested", NULL, NULL,
                   "fact '%s' is never set or tested", f->id);
        }
    }

    /* fact f depends on fact g when a rule that sets f tests g */
    bitmat g;
    if (!bitmat_init(l, &g, n))
        goto out;
    for (uint32_t i = 0; i < n; i++) {
        const kb_fact *f = &kb->facts[i];
        for (uint32_t s = 0; s < f->nsetters; s++) {
            edge_ctx e = {&g, i};
            walk(l, kb->rules[kb->fact_setters[f->first_setter + s]].when, add_fact_edge, &e);
        }
    }
    each_cycle(l, &g, fact_name, report_fact_cycle);
    mem_free(l->a, g.bits);
out:
    mem_free(l->a, u.tested);
    mem_free(l->a, u.first_tester);
}

/* ---- questions: ask_if cycles and unused questions ------------------------- */

typedef struct qdeps_ctx {
    const tri_kb *kb;
    bool *qs;         /* questions reached */
    bool *facts_seen; /* facts already followed */
} qdeps_ctx;

static void collect_qdeps(lint *l, const kb_cond *k, void *ctx);

/* Questions that condition root depends on, through facts and their setters. */
static void question_deps(lint *l, uint32_t root, qdeps_ctx *c)
{
    walk(l, root, collect_qdeps, c);
}

static void collect_qdeps(lint *l, const kb_cond *k, void *ctx)
{
    qdeps_ctx *c = ctx;
    if (is_question_test(k)) {
        c->qs[k->target] = true;
    } else if (k->op == COND_FACT && !c->facts_seen[k->target]) {
        c->facts_seen[k->target] = true;
        const kb_fact *f = &c->kb->facts[k->target];
        for (uint32_t s = 0; s < f->nsetters; s++)
            question_deps(l, c->kb->rules[c->kb->fact_setters[f->first_setter + s]].when, c);
    }
}

static const char *question_name(const tri_kb *kb, uint32_t q)
{
    return kb->questions[q].id;
}

static void report_ask_if_cycle(lint *l, uint32_t first, uint32_t length, const char *path)
{
    const kb_question *q = &l->kb->questions[first];
    const node *at = key_node(q->where, "ask_if");
    if (length == 1)
        report(l, TRI_SEV_ERROR, at, "ask-if-cycle", NULL, NULL,
               "the ask_if of question '%s' depends on '%s' itself, so it cannot be decided "
               "before '%s' is asked",
               q->id, q->id, q->id);
    else
        report(l, TRI_SEV_ERROR, at, "ask-if-cycle", NULL, NULL,
               "questions depend on each other through ask_if (%s): none of them can be asked "
               "first",
               path);
}

static void mark_used(lint *l, const kb_cond *k, void *ctx)
{
    (void)l;
    bool *used = ctx;
    if (is_question_test(k))
        used[k->target] = true;
}

static bool has_parent_text(const kb_question *q)
{
    if (q->parent_text.en)
        return true;
    for (uint32_t i = 0; i < q->noptions; i++)
        if (q->options[i].parent_text.en)
            return true;
    return false;
}

static void check_questions(lint *l)
{
    const tri_kb *kb = l->kb;
    uint32_t n = kb->nquestions;
    if (n == 0)
        return;
    bitmat g = {0};
    qdeps_ctx c = {kb, NULL, NULL};
    bool *used = mem_calloc(l->a, n, sizeof *used);
    c.qs = mem_calloc(l->a, n, sizeof *c.qs);
    c.facts_seen = mem_calloc(l->a, kb->nfacts + 1, sizeof *c.facts_seen);
    if (!used || !c.qs || !c.facts_seen) {
        out_of_memory(l);
        goto out;
    }
    for (uint32_t r = 0; r < kb->nrules; r++)
        for (uint32_t i = 0; i < kb->rules[r].nqrefs; i++)
            used[kb->qrefs[kb->rules[r].first_qref + i]] = true;
    for (uint32_t q = 0; q < n; q++)
        walk(l, kb->questions[q].ask_if, mark_used, used);
    /* the answer to `about` chooses between text and parent_text */
    int about = tri_kb_question_find(kb, "about");
    if (about >= 0)
        for (uint32_t q = 0; q < n; q++)
            if (has_parent_text(&kb->questions[q]))
                used[about] = true;
    for (uint32_t q = 0; q < n; q++)
        if (!used[q])
            report(l, TRI_SEV_WARNING, id_node(kb->questions[q].where), "unused-question", NULL,
                   NULL, "question '%s' is not tested by any rule or ask_if, so its answer "
                         "changes nothing",
                   kb->questions[q].id);

    if (!bitmat_init(l, &g, n))
        goto out;
    for (uint32_t q = 0; q < n; q++) {
        if (kb->questions[q].ask_if == NO_INDEX)
            continue;
        memset(c.qs, 0, n * sizeof *c.qs);
        memset(c.facts_seen, 0, (kb->nfacts + 1) * sizeof *c.facts_seen);
        question_deps(l, kb->questions[q].ask_if, &c);
        for (uint32_t t = 0; t < n; t++)
            if (c.qs[t])
                bit_set(&g, q, t);
    }
    each_cycle(l, &g, question_name, report_ask_if_cycle);
out:
    mem_free(l->a, g.bits);
    mem_free(l->a, used);
    mem_free(l->a, c.qs);
    mem_free(l->a, c.facts_seen);
}

/* ---- conditions, red flags, advice, factors, rules ------------------------- */

/* The confidence that evidence for a condition of mb gives, with its prior. */
static double with_prior(const kb_condition *k, double mb)
{
    double md = 0;
    if (k->prior > 0)
        mb = mb + k->prior * (1 - mb);
    else
        md = -k->prior;
    double m = fmin(mb, md);
    return m >= 1 ? 0 : (mb - md) / (1 - m);
}

/* > 0 when rule r supports condition c, < 0 when it only opposes it. */
static int rule_effect_sign(const tri_kb *kb, uint32_t r, uint32_t c)
{
    const kb_rule *rule = &kb->rules[r];
    int sign = 0;
    for (uint32_t a = 0; a < rule->nactions; a++) {
        const kb_action *act = &kb->actions[rule->first_action + a];
        if (act->target != c)
            continue;
        if (act->kind == ACT_SUPPORT)
            return 1;
        if (act->kind == ACT_OPPOSE)
            sign = -1;
    }
    return sign;
}

static void check_conditions(lint *l)
{
    const tri_kb *kb = l->kb;
    for (uint32_t i = 0; i < kb->nconditions; i++) {
        const kb_condition *k = &kb->conditions[i];
        const node *at = id_node(k->where);
        if (!k->nadvice && !k->self_care.en)
            report(l, TRI_SEV_ERROR, at, "missing-advice", NULL, NULL,
                   "condition '%s' gives no advice: add 'advice' or 'self_care'", k->id);
        if (!k->nrefs)
            report(l, TRI_SEV_ERROR, at, "missing-references", NULL, NULL,
                   "condition '%s' has no references: add at least one (a URL or DOI)", k->id);

        /* the most confidence its live supporting rules can give together */
        double mb = 0;
        uint32_t supporters = 0, live = 0;
        for (uint32_t j = 0; j < k->nrules; j++) {
            uint32_t r = kb->cond_rules[k->first_rule + j];
            const kb_rule *rule = &kb->rules[r];
            for (uint32_t a = 0; a < rule->nactions; a++) {
                const kb_action *act = &kb->actions[rule->first_action + a];
                if (act->kind != ACT_SUPPORT || act->target != i)
                    continue;
                supporters++;
                if (!l->rule_dead[r]) {
                    live++;
                    mb = mb + act->cf * (1 - mb);
                }
            }
        }
        if (!supporters)
            report(l, TRI_SEV_WARNING, at, "unsupported-condition", NULL, NULL,
                   "no rule supports condition '%s', so it can never be likely", k->id);
        else if (!live)
            report(l, TRI_SEV_WARNING, at, "unsupported-condition", NULL, NULL,
                   "condition '%s' is supported only by rules that can never fire", k->id);
        else if (with_prior(k, mb) < TRI_LIKELY_THRESHOLD - 1e-9)
            report(l, TRI_SEV_WARNING, at, "unsupported-condition", NULL, NULL,
                   "condition '%s' can never be likely: all its supporting rules together give "
                   "at most %.2f, below %.1f",
                   k->id, with_prior(k, mb), TRI_LIKELY_THRESHOLD);
    }
}

/* A rule whose support alone puts a condition exactly on the likely
 * threshold: one feature then decides between "likely" and "not" by a
 * rounding of the author's, and a rare condition becomes likely from a
 * single finding. */
static void check_threshold_cfs(lint *l)
{
    const tri_kb *kb = l->kb;
    for (uint32_t r = 0; r < kb->nrules; r++) {
        const kb_rule *rule = &kb->rules[r];
        for (uint32_t a = 0; a < rule->nactions; a++) {
            const kb_action *act = &kb->actions[rule->first_action + a];
            if (act->kind != ACT_SUPPORT)
                continue;
            const kb_condition *k = &kb->conditions[act->target];
            if (fabs(with_prior(k, act->cf) - TRI_LIKELY_THRESHOLD) < 1e-9)
                report(l, TRI_SEV_WARNING, act->where, "cf-at-threshold", NULL, NULL,
                       "rule '%s' alone makes '%s' exactly %.1f, the likely threshold: one "
                       "feature should not decide it (use a CF clearly below or above, a "
                       "'prior', or 'at_least: 2')",
                       rule->id, k->id, TRI_LIKELY_THRESHOLD);
        }
    }
}

/* A condition whose every supporting rule (two or more) needs an answer to
 * the same question, although no supporting rule rests on that answer alone: the
 * question qualifies the condition rather than defining it, yet when its
 * answer is missing the condition gets no evidence at all, however much the
 * other answers fit. (A question some rule uses on its own, such as the
 * urge to move the legs for restless legs, defines the condition: needing
 * it is expected.) */
/* How many live rules supporting condition c can fire with question q
 * unknown (only: with q the only question answered); -1 when fewer than two
 * support c (a single rule is the condition's definition, qualifiers and all). */
static int supporting_rules_fire(reach *r, const bool *live, uint32_t c, uint32_t q, bool only)
{
    const tri_kb *kb = r->kb;
    const kb_condition *k = &kb->conditions[c];
    if (r->q != q || r->only != only) {
        if (only)
            reach_only(r, q);
        else
            reach_without(r, q);
    }
    int supporters = 0, fire = 0;
    for (uint32_t j = 0; j < k->nrules; j++) {
        uint32_t ri = kb->cond_rules[k->first_rule + j];
        if (!live[ri] || rule_effect_sign(kb, ri, c) <= 0)
            continue;
        supporters++;
        fire += reach_can_fire(r, ri);
    }
    return supporters >= 2 ? fire : -1;
}

static void check_gated_conditions(lint *l)
{
    const tri_kb *kb = l->kb;
    enum { SHOWN = 3 };
    uint32_t *gates = mem_calloc(l->a, (size_t)kb->nconditions * (SHOWN + 1) + 1, sizeof *gates);
    bool *live = mem_calloc(l->a, kb->nrules + 1, sizeof *live);
    bool *gated = mem_calloc(l->a, kb->nconditions + 1, sizeof *gated);
    reach r;
    bool have_reach = gates && live && gated && reach_init(&r, kb, l->a) == TRI_OK;
    if (!have_reach) {
        out_of_memory(l);
        goto out;
    }
    for (uint32_t i = 0; i < kb->nrules; i++)
        live[i] = !l->rule_dead[i] && reach_can_fire(&r, i);
    for (uint32_t q = 0; q < kb->nquestions; q++) {
        for (uint32_t c = 0; c < kb->nconditions; c++)
            gated[c] = supporting_rules_fire(&r, live, c, q, false) == 0;
        for (uint32_t c = 0; c < kb->nconditions; c++) {
            uint32_t *g = gates + (size_t)c * (SHOWN + 1);
            if (gated[c] && !supporting_rules_fire(&r, live, c, q, true) && g[0]++ < SHOWN)
                g[g[0]] = q;
        }
    }
    for (uint32_t c = 0; c < kb->nconditions; c++) {
        const uint32_t *g = gates + (size_t)c * (SHOWN + 1);
        if (!g[0])
            continue;
        char names[256] = "";
        size_t used = 0;
        for (uint32_t i = 1; i <= g[0] && i <= SHOWN; i++)
            used += (size_t)snprintf(names + used, used < sizeof names ? sizeof names - used : 0,
                                     "%s'%s'", i == 1 ? "" : i == g[0] ? " and " : ", ",
                                     kb->questions[g[i]].id);
        if (g[0] > SHOWN && used < sizeof names)
            snprintf(names + used, sizeof names - used, " (and %u more)", g[0] - SHOWN);
        bool one = g[0] == 1;
        report(l, TRI_SEV_WARNING, id_node(kb->conditions[c].where), "gated-condition", NULL, NULL,
               "every rule that supports condition '%s' needs %s %s, and none rests on %s alone, "
               "so it gets no evidence when %s not answered (write the rules as 'not ruled "
               "out', so that an unknown answer does not silence it)",
               kb->conditions[c].id, one ? "an answer to" : "answers to", names,
               one ? "that answer" : "one of them", one ? "that is" : "any of them is");
    }
out:
    if (have_reach)
        reach_fini(&r);
    mem_free(l->a, gates);
    mem_free(l->a, live);
    mem_free(l->a, gated);
}

static void check_red_flags_and_rules(lint *l)
{
    const tri_kb *kb = l->kb;
    bool *raised = mem_calloc(l->a, kb->nred_flags + 1, sizeof *raised);
    bool *advised = mem_calloc(l->a, kb->nadvice + 1, sizeof *advised);
    bool *factored = mem_calloc(l->a, kb->nfactors + 1, sizeof *factored);
    if (!raised || !advised || !factored) {
        out_of_memory(l);
        goto out;
    }
    for (uint32_t r = 0; r < kb->nrules; r++) {
        const kb_rule *rule = &kb->rules[r];
        for (uint32_t a = 0; a < rule->nactions; a++) {
            const kb_action *act = &kb->actions[rule->first_action + a];
            if (act->kind == ACT_RED_FLAG)
                raised[act->target] = true;
            else if (act->kind == ACT_ADVISE)
                advised[act->target] = true;
            else if (act->kind == ACT_FACTOR)
                factored[act->target] = true;
        }
        /* `advise: []` compiles to nothing: the author meant some advice (the schema refuses it) */
        const node *then = node_get(rule->where, "then");
        for (size_t a = 0; then && then->kind == NODE_SEQ && a < then->count; a++) {
            const node *adv = node_get(then->kids[a], "advise");
            if (adv && adv->kind == NODE_SEQ && adv->count == 0)
                report(l, TRI_SEV_ERROR, adv, "empty", NULL, NULL,
                       "an empty list gives no advice (name the advice ids, or drop the action)");
        }
        if (rule->raises_triage && !rule->safety_net.en)
            report(l, TRI_SEV_ERROR, id_node(rule->where), "missing-safety-net", NULL, NULL,
                   "rule '%s' raises the triage level to '%s' but has no safety_net (what to "
                   "watch for, and when to seek help)",
                   rule->id, tri_level_name((tri_level)rule->raise_level));
    }
    for (uint32_t i = 0; i < kb->nconditions; i++) {
        const node *adv = node_get(kb->conditions[i].where, "advice");
        if (adv && adv->kind == NODE_SEQ && adv->count == 0)
            report(l, TRI_SEV_ERROR, adv, "empty", NULL, NULL,
                   "an empty list gives no advice (name the advice ids, or drop the key)");
        for (uint32_t j = 0; j < kb->conditions[i].nadvice; j++)
            advised[kb->advice_refs[kb->conditions[i].first_advice + j]] = true;
    }
    /* a level's action is given by the level itself, a child version through its adult item */
    for (uint32_t i = 0; i < kb->nadvice; i++) {
        if (kb->advice[i].kind == ADVICE_ACTION)
            advised[i] = true;
        if (kb->advice[i].for_child != NO_INDEX && advised[i])
            advised[kb->advice[i].for_child] = true;
    }

    for (uint32_t i = 0; i < kb->nred_flags; i++) {
        const kb_red_flag *f = &kb->red_flags[i];
        if (f->level > TRI_LEVEL_SOON && !node_get(f->where, "reason")) {
            const node *lv = node_get(f->where, "level");
            report(l, TRI_SEV_ERROR, lv ? lv : id_node(f->where), "red-flag-level", NULL, NULL,
                   "red flag '%s' forces only '%s': a red flag forces at least 'soon' (or add a "
                   "'reason:' saying why not)",
                   f->id, tri_level_name((tri_level)f->level));
        }
        if (!raised[i])
            report(l, TRI_SEV_WARNING, id_node(f->where), "unused-red-flag", NULL, NULL,
                   "red flag '%s' is not raised by any rule", f->id);
    }
    for (uint32_t i = 0; i < kb->nadvice; i++)
        if (kb->advice[i].id && !advised[i])
            report(l, TRI_SEV_WARNING, id_node(kb->advice[i].where), "unused-advice", NULL, NULL,
                   "advice '%s' is not given by any condition or rule", kb->advice[i].id);
    for (uint32_t i = 0; i < kb->nfactors; i++)
        if (!factored[i])
            report(l, TRI_SEV_WARNING, id_node(kb->factors[i].where), "unused-factor", NULL, NULL,
                   "factor '%s' is not reported by any rule", kb->factors[i].id);
out:
    mem_free(l->a, raised);
    mem_free(l->a, advised);
    mem_free(l->a, factored);
}

/* ---- emergency phrases ------------------------------------------------------ */

/* Answers a person gives to ordinary questions: a phrase that applies at
 * every question must not stop the interview on any of them. */
static const char *const ordinary_answers[] = {
    "",       "yes",     "no",        "none",      "none of these", "nothing", "unknown",
    "don't know", "not sure", "skip", "1",         "2",             "1 3",     "2 s",
    "0.5-4 s", "5 months", "25",      "me",        "mine",          "my child", "my son",
    "sometimes", "often", "never",    "left",      "right",         "both",    "every night",
    "awake",  "asleep",  "as I fall asleep", "when I am awake", "my eyelid", "my cheek",
};

static void check_alarms(lint *l)
{
    const tri_kb *kb = l->kb;
    if (!kb->nalarms)
        return;
    rx_scratch *sc = rx_scratch_new(kb->rx, l->a);
    if (!sc) {
        out_of_memory(l);
        return;
    }
    for (uint32_t i = 0; i < kb->nalarms; i++) {
        const kb_alarm *a = &kb->alarms[i];
        const node *at = id_node(a->where);
        const node *lv = node_get(a->where, "level");
        if (a->level > TRI_LEVEL_URGENT)
            report(l, TRI_SEV_ERROR, lv ? lv : at, "emergency-level", NULL, NULL,
                   "emergency phrase '%s' stands for '%s': a phrase that stops the interview "
                   "stands for 'emergency' or 'urgent'",
                   a->id, tri_level_name((tri_level)a->level));
        else if (lv && a->red_flag != NO_INDEX && kb->red_flags[a->red_flag].level != a->level)
            report(l, TRI_SEV_ERROR, lv, "emergency-level", NULL, NULL,
                   "emergency phrase '%s' stands for '%s' but its red flag '%s' forces '%s'",
                   a->id, tri_level_name((tri_level)a->level), kb->red_flags[a->red_flag].id,
                   tri_level_name((tri_level)kb->red_flags[a->red_flag].level));
        if (!a->nrefs)
            report(l, TRI_SEV_ERROR, at, "missing-references", NULL, NULL,
                   "emergency phrase '%s' has no references: add at least one (a URL or DOI)",
                   a->id);
        if (a->only_at)
            continue;
        for (size_t k = 0; k < sizeof ordinary_answers / sizeof ordinary_answers[0]; k++) {
            const char *t = ordinary_answers[k];
            tri_alarm hit;
            int m = alarm_match(kb, sc, i, t, strlen(t), &hit);
            if (m == -2) {
                out_of_memory(l);
                break;
            }
            if (m == 1) {
                const node *mn = node_get(a->where, "match");
                report(l, TRI_SEV_ERROR, mn ? mn : at, "emergency-too-broad", NULL, NULL,
                       "emergency phrase '%s' matches the ordinary answer '%s', so it would stop "
                       "interviews that are not emergencies (narrow the pattern, or limit it "
                       "with 'at')",
                       a->id, t);
                break;
            }
        }
    }
    rx_scratch_free(sc);
}

/* ---- advice ------------------------------------------------------------------ */

static void check_advice(lint *l)
{
    const tri_kb *kb = l->kb;
    uint32_t action[TRI_LEVEL_COUNT];
    for (int i = 0; i < TRI_LEVEL_COUNT; i++)
        action[i] = NO_INDEX;
    for (uint32_t i = 0; i < kb->nadvice; i++) {
        const kb_advice *a = &kb->advice[i];
        if (!a->id)
            continue;
        const node *kind = node_get(a->where, "kind");
        if (a->kind == ADVICE_ACTION) {
            if (action[a->level] != NO_INDEX)
                report(l, TRI_SEV_ERROR, kind ? kind : id_node(a->where), "advice-action",
                       id_node(kb->advice[action[a->level]].where), "the first action is here",
                       "advice '%s' is a second action for level '%s' (each level has one "
                       "action)",
                       a->id, tri_level_name((tri_level)a->level));
            else
                action[a->level] = i;
            const node *extra = node_get(a->where, "unless");
            if (!extra)
                extra = node_get(a->where, "age");
            if (extra)
                report(l, TRI_SEV_ERROR, extra, "advice-action", NULL, NULL,
                       "advice '%s' is its level's action, which is always given: remove "
                       "'unless' and 'age'",
                       a->id);
        }
        if (a->for_child != NO_INDEX) {
            const node *fc = node_get(a->where, "for_child");
            const kb_advice *c = &kb->advice[a->for_child];
            if (a->age == AGE_CHILD)
                report(l, TRI_SEV_ERROR, fc, "advice-age", NULL, NULL,
                       "advice '%s' is for a child already: 'for_child' belongs on an 'age: "
                       "adult' item",
                       a->id);
            else if (c->age != AGE_CHILD)
                report(l, TRI_SEV_ERROR, fc, "advice-age", id_node(c->where), "declared here",
                       "'for_child' names advice '%s', which is not 'age: child'", c->id);
            else if (a->age != AGE_ADULT)
                report(l, TRI_SEV_ERROR, fc, "advice-age", NULL, NULL,
                       "advice '%s' has a version for a child, so it is for adults: add 'age: "
                       "adult'",
                       a->id);
        }
    }
}

/* ---- safety-net signs ------------------------------------------------------- */

/* A safety-net text the result can show: a red flag's, a triage floor's, or
 * an entry of a condition's seek_help. */
typedef struct net_text {
    const char *what, *id;
    char entry[32]; /* " (seek_help entry N)" for a condition's entry, else "" */
    const node *where;
    uint8_t level;
    const char *const *signs;
    uint32_t nsigns;
} net_text;

static bool has_sign(const net_text *t, const char *sign)
{
    for (uint32_t i = 0; i < t->nsigns; i++)
        if (!strcmp(t->signs[i], sign))
            return true;
    return false;
}

static void check_signs(lint *l)
{
    const tri_kb *kb = l->kb;
    uint32_t nseek = 0;
    for (uint32_t c = 0; c < kb->nconditions; c++)
        nseek += kb->conditions[c].nseek;
    net_text *texts = mem_calloc(l->a, kb->nred_flags + kb->nrules + nseek + 1, sizeof *texts);
    if (!texts) {
        out_of_memory(l);
        return;
    }
    uint32_t n = 0;
    for (uint32_t f = 0; f < kb->nred_flags; f++) {
        const kb_red_flag *rf = &kb->red_flags[f];
        texts[n++] = (net_text){"red flag", rf->id, "", rf->where, rf->level, rf->signs,
                                rf->nsigns};
    }
    for (uint32_t r = 0; r < kb->nrules; r++) {
        const kb_rule *rule = &kb->rules[r];
        if (rule->floor_level < TRI_LEVEL_COUNT && !rule->raises_red_flag && rule->safety_net.en)
            texts[n++] = (net_text){"rule", rule->id, "", rule->where, rule->floor_level,
                                    rule->signs, rule->nsigns};
    }
    for (uint32_t c = 0; c < kb->nconditions; c++) {
        const kb_condition *k = &kb->conditions[c];
        for (uint32_t i = 0; i < k->nseek; i++) {
            texts[n] = (net_text){"condition", k->id, "", k->seek[i].where, k->seek[i].level,
                                  k->seek[i].signs, k->seek[i].nsigns};
            snprintf(texts[n++].entry, sizeof texts[0].entry, " (seek_help entry %u)", i + 1);
        }
    }
    /* signs are opt-in: once one safety net has them, every one needs them */
    bool any_signs = false;
    for (uint32_t i = 0; i < n; i++)
        any_signs |= texts[i].nsigns > 0;
    for (uint32_t c = 0; c < kb->nconditions && any_signs; c++) {
        const kb_condition *k = &kb->conditions[c];
        const node *sh = node_get(k->where, "seek_help");
        if (k->seek_help.en)
            report(l, TRI_SEV_WARNING, sh ? sh : id_node(k->where), "missing-signs", NULL, NULL,
                   "the seek_help of condition '%s' is a text without a level or 'signs': give "
                   "it as a list of entries, each with a level, a text and its signs, so that "
                   "the result can show it in the safety net with each symptom at one level",
                   k->id);
    }
    for (uint32_t i = 0; i < n && any_signs; i++) {
        const net_text *t = &texts[i];
        const node *sn = node_get(t->where, "safety_net");
        if (!sn)
            sn = node_get(t->where, "text");
        if (!t->nsigns) {
            report(l, TRI_SEV_WARNING, sn ? sn : id_node(t->where), "missing-signs", NULL, NULL,
                   "the safety net of %s '%s'%s has no 'signs' (the symptoms it names, so "
                   "that each is shown at one level only)",
                   t->what, t->id, t->entry);
            continue;
        }
        /* hidden: a more urgent text shares a sign, so this one is never shown */
        const net_text *by = NULL;
        const char *shared = NULL;
        for (uint32_t j = 0; j < n && !by; j++)
            if (texts[j].level < t->level)
                for (uint32_t k = 0; k < t->nsigns && !by; k++)
                    if (has_sign(&texts[j], t->signs[k])) {
                        by = &texts[j];
                        shared = t->signs[k];
                    }
        if (!by)
            continue;
        char lost[256];
        size_t at = 0;
        lost[0] = '\0';
        for (uint32_t k = 0; k < t->nsigns; k++) {
            bool elsewhere = false;
            for (uint32_t j = 0; j < n && !elsewhere; j++)
                elsewhere = texts[j].level < t->level && has_sign(&texts[j], t->signs[k]);
            if (!elsewhere && at < sizeof lost)
                at += (size_t)snprintf(lost + at, sizeof lost - at, "%s'%s'", at ? ", " : "",
                                       t->signs[k]);
        }
        if (at)
            report(l, TRI_SEV_WARNING, node_get(t->where, "signs"), "hidden-safety-net",
                   id_node(by->where), "the more urgent safety net is here",
                   "the safety net of %s '%s'%s is never shown: it shares sign '%s' with %s "
                   "'%s'%s, which is more urgent, so %s %s never shown (split the text)",
                   t->what, t->id, t->entry, shared, by->what, by->id, by->entry, lost,
                   strchr(lost, ',') ? "are" : "is");
    }
    mem_free(l->a, texts);
}

/* ---- entry point ----------------------------------------------------------- */

void lint_kb(const tri_kb *kb, diag_sink *d)
{
    lint l;
    memset(&l, 0, sizeof l);
    l.kb = kb;
    l.d = d;
    l.a = arena_allocator(kb->ar);
    vec_init(&l.findings, l.a, sizeof(finding));
    l.rule_dead = mem_calloc(l.a, kb->nrules + 1, sizeof *l.rule_dead);
    if (!l.rule_dead) {
        out_of_memory(&l);
        return;
    }
    check_never_true(&l);
    check_duplicate_when(&l);
    check_facts(&l);
    check_questions(&l);
    check_conditions(&l);
    check_threshold_cfs(&l);
    check_gated_conditions(&l);
    check_red_flags_and_rules(&l);
    check_alarms(&l);
    check_advice(&l);
    check_signs(&l);
    flush_findings(&l);
    mem_free(l.a, l.rule_dead);
}
