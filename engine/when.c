/*
 * when.c - pass 2 of the compiler, tests: flattens a rule's
 * `when` (and a question's ask_if) into the knowledge base's test nodes:
 * all/any/not/at_least over tests on answers (options, number and duration
 * ranges, patterns), facts, answered and unknown.
 *
 * Place in the pipeline: called from rules.c once every declaration is
 * indexed. Tests are appended to c->tests, children to c->kids; the
 * questions a rule tests are collected in c->qrefs for the interview.
 */
#include "compile_util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- pass 2: conditions -------------------------------------------------- */

static uint32_t find_option(cx *c, const kb_question *q, const node *n)
{
    if (!compile_is_scalar(n)) {
        ERR(n, "type", "expected an option of '%s', found %s", q->id, node_kind_name(n));
        return NO_INDEX;
    }
    const char *t = n->text;
    if (q->type == TRI_Q_YES_NO) {
        if (!strcmp(t, "true"))
            t = "yes";
        if (!strcmp(t, "false"))
            t = "no";
    }
    names_best nb;
    names_best_init(&nb, t);
    for (uint32_t i = 0; i < q->noptions; i++) {
        if (strcmp(q->options[i].id, t) == 0)
            return i;
        names_best_offer(&nb, q->options[i].id);
    }
    const char *s = names_best_get(&nb);
    if (s)
        ERR(n, "unknown-option", "question '%s' has no option '%s' (did you mean '%s'?)", q->id, t,
            s);
    else
        ERR(n, "unknown-option", "question '%s' has no option '%s'", q->id, t);
    return NO_INDEX;
}

static uint32_t new_test(cx *c, test_op op, const node *where)
{
    kb_test *k = compile_push(c, &c->tests);
    const node **at = compile_push(c, &c->tests_at);
    if (!k || !at)
        return NO_INDEX;
    k->op = (uint8_t)op;
    *at = where;
    if (c->keep_source) {
        kb_test_source *src = compile_push(c, &c->test_source);
        size_t len = node_flow_text(where, NULL, 0);
        char *text = compile_scratch(c, len + 1);
        if (!src || !text)
            return NO_INDEX;
        node_flow_text(where, text, len + 1);
        src->pos = compile_pos(c, where);
        src->text = compile_text(c, text, len);
    }
    return c->tests.n - 1;
}

static kb_test *test_at(cx *c, uint32_t i)
{
    return vec_at(&c->tests, i);
}

static void note_qref(cx *c, uint32_t q)
{
    for (uint32_t i = c->qref_start; i < c->qrefs.n; i++)
        if (*(uint32_t *)vec_at(&c->qrefs, i) == q)
            return;
    uint32_t *slot = compile_push(c, &c->qrefs);
    if (slot)
        *slot = q;
}

static uint32_t compile_list(cx *c, test_op op, const node *list, const node *where, uint32_t need)
{
    if (!compile_expect_kind(c, list, NODE_SEQ,
                             op == TEST_ALL ? "all" : op == TEST_ANY ? "any" : "of"))
        return NO_INDEX;
    if (list->count == 0) {
        ERR(list, "empty", "an empty list of conditions (give at least one)");
        return NO_INDEX;
    }
    uint32_t *kids = compile_scratch(c, list->count * sizeof *kids);
    if (!kids)
        return NO_INDEX;
    bool ok = true;
    for (size_t i = 0; i < list->count; i++) {
        kids[i] = when_compile(c, list->kids[i]);
        if (kids[i] == NO_INDEX)
            ok = false;
    }
    if (!ok)
        return NO_INDEX;
    uint32_t idx = new_test(c, op, where);
    if (idx == NO_INDEX)
        return NO_INDEX;
    kb_test *k = test_at(c, idx);
    k->n = (uint32_t)list->count;
    k->need = need;
    k->first = c->kids.n;
    for (size_t i = 0; i < list->count; i++) {
        uint32_t *slot = compile_push(c, &c->kids);
        if (!slot)
            return NO_INDEX;
        *slot = kids[i];
    }
    return idx;
}

/* Threshold for a number or duration question. */
static bool threshold(cx *c, const kb_question *q, const node *n, double *lo, double *hi)
{
    if (!compile_is_scalar(n)) {
        ERR(n, "type", "expected a %s, found %s", q->type == TRI_Q_DURATION ? "duration" : "number",
            node_kind_name(n));
        return false;
    }
    const char *why;
    rx_scratch *sc = rx_scratch_new(c->kb->rx, c->a);
    if (!sc) {
        if (!c->nomem) {
            c->nomem = true;
            diag_fail(c->d, TRI_ERR_NOMEM, NULL, "out of memory while compiling a threshold");
        }
        return false;
    }
    if (q->type == TRI_Q_DURATION)
        why = qty_parse_duration(&c->kb->grammar, c->kb->rx, sc, n->text, n->size, lo, hi);
    else
        why = qty_parse_number(&c->kb->grammar, c->kb->rx, sc, n->text, n->size, q->unit, lo, hi);
    rx_scratch_free(sc);
    if (why == qty_out_of_memory) {
        if (!c->nomem) {
            c->nomem = true;
            diag_fail(c->d, TRI_ERR_NOMEM, NULL, "out of memory while compiling a threshold");
        }
        return false;
    }
    if (why) {
        ERR(n, "bad-value", "'%s' for question '%s': %s", n->text, q->id, why);
        return false;
    }
    return true;
}

static uint32_t option_test(cx *c, const kb_question *q, test_op op, const node *v,
                            const node *where)
{
    if (q->type != TRI_Q_CHOICE && q->type != TRI_Q_MULTI && q->type != TRI_Q_YES_NO) {
        ERR(v, "type-mismatch", "question '%s' is a %s question: it has no options to test",
            q->id, tri_qtype_name(q->type));
        return NO_INDEX;
    }
    if (op == TEST_OPTION_ALL && q->type != TRI_Q_MULTI) {
        ERR(where, "type-mismatch", "all_of is for multi questions; '%s' is a %s question", q->id,
            tri_qtype_name(q->type));
        return NO_INDEX;
    }
    uint64_t mask = 0;
    bool ok = true;
    size_t nv = v->kind == NODE_SEQ ? v->count : 1;
    if (v->kind == NODE_MAP) {
        ERR(v, "type", "expected an option or a list of options, found a mapping");
        return NO_INDEX;
    }
    if (nv == 0) {
        ERR(v, "empty", "an empty list of options");
        return NO_INDEX;
    }
    for (size_t i = 0; i < nv; i++) {
        uint32_t o = find_option(c, q, v->kind == NODE_SEQ ? v->kids[i] : v);
        if (o == NO_INDEX)
            ok = false;
        else
            mask |= (uint64_t)1 << o;
    }
    if (!ok)
        return NO_INDEX;
    uint32_t idx = new_test(c, op, where);
    if (idx != NO_INDEX) {
        test_at(c, idx)->mask = mask;
        test_at(c, idx)->target = (uint32_t)(q - (kb_question *)c->questions.data);
    }
    return idx;
}

static uint32_t range_test(cx *c, const kb_question *q, const char *op, const node *v,
                           const node *where)
{
    if (q->type != TRI_Q_NUMBER && q->type != TRI_Q_DURATION) {
        ERR(where, "type-mismatch", "'%s' compares numbers, but '%s' is a %s question", op, q->id,
            tri_qtype_name(q->type));
        return NO_INDEX;
    }
    double lo = -INFINITY, hi = INFINITY, a, b;
    bool lo_open = false, hi_open = false;
    if (strcmp(op, "between") == 0) {
        if (v->kind != NODE_SEQ || v->count != 2) {
            ERR(v, "type", "between takes a list of two values, such as [1 s, 10 s]");
            return NO_INDEX;
        }
        double x, y;
        if (!threshold(c, q, v->kids[0], &lo, &x) || !threshold(c, q, v->kids[1], &y, &hi))
            return NO_INDEX;
    } else {
        if (!threshold(c, q, v, &a, &b))
            return NO_INDEX;
        if (!strcmp(op, "lt")) {
            hi = a;
            hi_open = true;
        } else if (!strcmp(op, "le")) {
            hi = b;
        } else if (!strcmp(op, "gt")) {
            lo = b;
            lo_open = true;
        } else if (!strcmp(op, "ge")) {
            lo = a;
        } else { /* equals: a value or a range written as one */
            lo = a;
            hi = b;
        }
    }
    uint32_t idx = new_test(c, TEST_RANGE, where);
    kb_range *r = compile_push(c, &c->ranges);
    if (idx == NO_INDEX || !r)
        return NO_INDEX;
    r->lo = lo;
    r->hi = hi;
    kb_test *k = test_at(c, idx);
    k->range = c->ranges.n - 1;
    k->lo_open = lo_open;
    k->hi_open = hi_open;
    k->target = (uint32_t)(q - (kb_question *)c->questions.data);
    return idx;
}

static const char *const test_ops[] = {"is",  "one_of", "any_of", "all_of",  "none_of", "lt",
                                       "le",  "gt",     "ge",     "between", "matches"};

static uint32_t question_test(cx *c, uint32_t qi, const node *v, const node *where)
{
    kb_question *q = vec_at(&c->questions, qi);
    note_qref(c, qi);
    if (q->bad_type)
        return NO_INDEX; /* already reported; do not guess at its tests */
    if (v->kind == NODE_SEQ)
        return option_test(c, q, TEST_OPTION_ANY, v, where);
    if (v->kind == NODE_SCALAR) {
        if (q->type == TRI_Q_NUMBER || q->type == TRI_Q_DURATION)
            return range_test(c, q, "equals", v, where);
        if (q->type == TRI_Q_TEXT) {
            ERR(v, "type-mismatch", "'%s' is a text question: test it with matches: 'pattern'",
                q->id);
            return NO_INDEX;
        }
        return option_test(c, q, TEST_OPTION_ANY, v, where);
    }
    if (v->count != 2 || !compile_is_scalar(v->kids[0])) {
        ERR(v, "bad-test", "a test on '%s' has exactly one operator, such as {gt: 2 weeks}", q->id);
        return NO_INDEX;
    }
    const char *op = v->kids[0]->text;
    const node *arg = v->kids[1];
    if (!strcmp(op, "is") || !strcmp(op, "one_of") || !strcmp(op, "any_of"))
        return option_test(c, q, TEST_OPTION_ANY, arg, where);
    if (!strcmp(op, "all_of"))
        return option_test(c, q, TEST_OPTION_ALL, arg, where);
    if (!strcmp(op, "none_of"))
        return option_test(c, q, TEST_OPTION_NONE, arg, where);
    if (!strcmp(op, "lt") || !strcmp(op, "le") || !strcmp(op, "gt") || !strcmp(op, "ge") ||
        !strcmp(op, "between"))
        return range_test(c, q, op, arg, where);
    if (!strcmp(op, "matches")) {
        if (q->type != TRI_Q_TEXT) {
            ERR(v->kids[0], "type-mismatch", "matches is for text questions; '%s' is a %s question",
                q->id, tri_qtype_name(q->type));
            return NO_INDEX;
        }
        int rx;
        if (!compile_pattern(c, arg, &rx))
            return NO_INDEX;
        uint32_t idx = new_test(c, TEST_MATCH, where);
        kb_match *m = compile_push(c, &c->matches);
        if (idx != NO_INDEX && m) {
            m->rx = rx;
            m->pattern = compile_str(c, arg);
            test_at(c, idx)->match = c->matches.n - 1;
            test_at(c, idx)->target = qi;
        }
        return idx;
    }
    names_best nb;
    names_best_init(&nb, op);
    for (size_t i = 0; i < sizeof test_ops / sizeof test_ops[0]; i++)
        names_best_offer(&nb, test_ops[i]);
    const char *s = names_best_get(&nb);
    if (s)
        ERR(v->kids[0], "unknown-test", "unknown test '%s' (did you mean '%s'?)", op, s);
    else
        ERR(v->kids[0], "unknown-test",
            "unknown test '%s' (expected is, one_of, any_of, all_of, none_of, lt, le, gt, ge, "
            "between or matches)",
            op);
    return NO_INDEX;
}

static const char *const when_words[] = {"all", "any", "not", "at_least", "of", "fact",
                                         "answered", "unknown"};

uint32_t when_compile(cx *c, const node *n)
{
    if (n->kind != NODE_MAP) {
        ERR(n, "bad-condition",
            "expected a condition (a mapping such as {timing: sleep_onset} or {all: [...]}), "
            "found %s",
            node_kind_name(n));
        return NO_INDEX;
    }
    const node *atl = node_get(n, "at_least");
    if (atl) {
        const node *of = node_get(n, "of");
        if (!of || n->count != 4) {
            ERR(n, "bad-condition", "at_least takes exactly one other key, 'of', with a list");
            return NO_INDEX;
        }
        char *end;
        long need = compile_is_scalar(atl) ? strtol(atl->text, &end, 10) : -1;
        if (!compile_is_scalar(atl) || *end || need < 1) {
            ERR(atl, "type", "at_least must be a whole number of at least 1");
            return NO_INDEX;
        }
        if (of->kind == NODE_SEQ && (size_t)need > of->count) {
            ERR(atl, "never-true", "at_least %ld of a list of %zu can never be true", need,
                of->count);
            return NO_INDEX;
        }
        return compile_list(c, TEST_AT_LEAST, of, n, (uint32_t)need);
    }
    if (n->count != 2) {
        ERR(n, "bad-condition",
            "a condition has exactly one key; combine several with all: [...] or any: [...]");
        return NO_INDEX;
    }
    const node *k = n->kids[0], *v = n->kids[1];
    if (!compile_is_scalar(k)) {
        ERR(k, "bad-condition", "a condition's key must be a name");
        return NO_INDEX;
    }
    const char *key = k->text;
    if (!strcmp(key, "all"))
        return compile_list(c, TEST_ALL, v, n, 0);
    if (!strcmp(key, "any"))
        return compile_list(c, TEST_ANY, v, n, 0);
    if (!strcmp(key, "not")) {
        uint32_t child = when_compile(c, v);
        if (child == NO_INDEX)
            return NO_INDEX;
        uint32_t idx = new_test(c, TEST_NOT, n);
        if (idx == NO_INDEX)
            return NO_INDEX;
        test_at(c, idx)->n = 1;
        test_at(c, idx)->first = c->kids.n;
        uint32_t *slot = compile_push(c, &c->kids);
        if (!slot)
            return NO_INDEX;
        *slot = child;
        return idx;
    }
    if (!strcmp(key, "of")) {
        ERR(k, "bad-condition", "'of' goes with at_least: N");
        return NO_INDEX;
    }
    if (!strcmp(key, "fact")) {
        uint32_t f = compile_find(c, &c->kb->idx_facts, &c->facts, v, "fact", "unknown-fact");
        if (f == NO_INDEX)
            return NO_INDEX;
        uint32_t idx = new_test(c, TEST_FACT, n);
        if (idx != NO_INDEX)
            test_at(c, idx)->target = f;
        return idx;
    }
    if (!strcmp(key, "answered") || !strcmp(key, "unknown")) {
        uint32_t q = compile_find(c, &c->kb->idx_questions, &c->questions, v, "question",
                                  "unknown-question");
        if (q == NO_INDEX)
            return NO_INDEX;
        note_qref(c, q);
        uint32_t idx = new_test(c, key[0] == 'a' ? TEST_ANSWERED : TEST_UNKNOWN, n);
        if (idx != NO_INDEX)
            test_at(c, idx)->target = q;
        return idx;
    }
    uint32_t q = id_index_find(&c->kb->idx_questions, key, k->size);
    if (q == NO_INDEX) {
        names_best nb;
        names_best_init(&nb, key);
        for (size_t i = 0; i < sizeof when_words / sizeof when_words[0]; i++)
            names_best_offer(&nb, when_words[i]);
        for (uint32_t j = 0; j < c->questions.n; j++)
            names_best_offer(&nb, ((kb_question *)vec_at(&c->questions, j))->id);
        const char *s = names_best_get(&nb);
        if (s)
            ERR(k, "unknown-question", "unknown question '%s' (did you mean '%s'?)", key, s);
        else
            ERR(k, "unknown-question", "unknown question '%s'", key);
        return NO_INDEX;
    }
    return question_test(c, q, v, n);
}
