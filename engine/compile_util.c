/*
 * compile_util.c - what the passes of the compiler share: the context of
 * one compilation (cx, compile_util.h) and small helpers that add records,
 * check a node's kind, read numbers, compile patterns and resolve ids with
 * "did you mean". Below the passes (declare.c, when.c, rules.c), which are
 * below the driver (compile.c).
 */
#include "compile_util.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* ---- small helpers -------------------------------------------------------- */

static void out_of_memory(cx *c);

void *compile_push(cx *c, vec *v)
{
    void *p = vec_push(v);
    if (!p)
        out_of_memory(c);
    return p;
}

static void out_of_memory(cx *c)
{
    if (!c->nomem) {
        c->nomem = true;
        diag_fail(c->d, TRI_ERR_NOMEM, NULL, "out of memory while compiling the knowledge base");
    }
}

/* Every declared record starts like kb_decl. */
_Static_assert(offsetof(kb_question, pos) == offsetof(kb_decl, pos), "record head");
_Static_assert(offsetof(kb_condition, pos) == offsetof(kb_decl, pos), "record head");
_Static_assert(offsetof(kb_rule, pos) == offsetof(kb_decl, pos), "record head");
_Static_assert(offsetof(kb_red_flag, pos) == offsetof(kb_decl, pos), "record head");
_Static_assert(offsetof(kb_fact, pos) == offsetof(kb_decl, pos), "record head");
_Static_assert(offsetof(kb_factor, pos) == offsetof(kb_decl, pos), "record head");
_Static_assert(offsetof(kb_advice, pos) == offsetof(kb_decl, pos), "record head");
_Static_assert(offsetof(kb_lookalike, pos) == offsetof(kb_decl, pos), "record head");
_Static_assert(offsetof(kb_alarm, pos) == offsetof(kb_decl, pos), "record head");

void *compile_record(cx *c, vec *v, vec *at, const node *n)
{
    kb_decl *r = compile_push(c, v);
    const node **slot = compile_push(c, at);
    if (!r || !slot)
        return NULL;
    *slot = n;
    r->pos = compile_pos(c, n);
    return r;
}

kb_pos compile_pos(const cx *c, const node *n)
{
    kb_pos p = {0, n->line, n->col, n->len};
    for (uint32_t i = 0; i < c->nroots; i++)
        if (c->roots[i]->src == n->src) {
            p.file = i;
            break;
        }
    return p;
}

const char *compile_str(cx *c, const node *n)
{
    char *s = arena_strndup(c->ar, n->text, n->size);
    if (!s)
        out_of_memory(c);
    return s;
}

void *compile_alloc(cx *c, size_t n)
{
    void *p = arena_alloc(c->ar, n ? n : 1);
    if (!p)
        out_of_memory(c);
    return p;
}

void *compile_scratch(cx *c, size_t n)
{
    void *p = arena_alloc(c->tmp, n ? n : 1);
    if (!p)
        out_of_memory(c);
    return p;
}

bool compile_expect_kind(cx *c, const node *n, node_kind kind, const char *what)
{
    if (n->kind == kind)
        return true;
    static const char *names[] = {"a single value", "a list", "a mapping"};
    ERR(n, "type", "%s must be %s, found %s", what, names[kind], node_kind_name(n));
    return false;
}

bool compile_parse_double(cx *c, const node *n, double *out, const char *what)
{
    if (!compile_expect_kind(c, n, NODE_SCALAR, what))
        return false;
    char *end;
    double v = strtod(n->text, &end);
    if (end == n->text || *end || !isfinite(v)) {
        ERR(n, "type", "%s must be a number, found '%s'", what, n->text);
        return false;
    }
    *out = v;
    return true;
}

bool compile_pattern(cx *c, const node *pn, int *out)
{
    tri_status st;
    char msg[256];
    unsigned off = 0;
    if (!compile_is_scalar(pn)) {
        ERR(pn, "type", "a pattern must be a single value, found %s", node_kind_name(pn));
        return false;
    }
    int idx = rx_compile(c->kb->rx, pn->text, pn->size, &st, msg, sizeof msg, &off);
    if (idx >= 0) {
        *out = idx;
        return true;
    }
    if (st == TRI_ERR_NOMEM) {
        if (!c->nomem) {
            c->nomem = true;
            diag_fail(c->d, TRI_ERR_NOMEM, NULL, "out of memory while compiling a pattern");
        }
        return false;
    }
    unsigned col = pn->col + off;
    node_report(c->d, TRI_SEV_ERROR, &(node){.kind = NODE_SCALAR, .line = pn->line, .col = col,
                                              .len = 1, .src = pn->src},
                "bad-regex", "invalid regular expression: %s", msg);
    return false;
}

/* ---- lookups with "did you mean" ----------------------------------------- */

uint32_t compile_find(cx *c, const id_index *ix, const vec *v, const node *n, const char *what,
                      const char *check)
{
    if (!compile_is_scalar(n)) {
        ERR(n, "type", "expected %s id, found %s", what, node_kind_name(n));
        return NO_INDEX;
    }
    uint32_t i = id_index_find(ix, n->text, n->size);
    if (i != NO_INDEX)
        return i;
    names_best nb;
    names_best_init(&nb, n->text);
    for (uint32_t j = 0; j < v->n; j++)
        names_best_offer(&nb, *(const char **)vec_at(v, j));
    const char *s = names_best_get(&nb);
    if (s)
        ERR(n, check, "unknown %s '%s' (did you mean '%s'?)", what, n->text, s);
    else
        ERR(n, check, "unknown %s '%s'", what, n->text);
    return NO_INDEX;
}
