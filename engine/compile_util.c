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

_Static_assert(TRI_MAX_FILE_BYTES <= (1u << 21) && TRI_MAX_FILES < (1u << 11),
               "kb_pos holds every line, column and file");

kb_pos compile_pos(const cx *c, const node *n)
{
    kb_pos p = {0};
    p.line = n->line;
    p.col = n->col;
    p.len = n->len < KB_POS_MAX_LEN ? n->len : KB_POS_MAX_LEN;
    for (uint32_t i = 0; i < c->nroots; i++)
        if (c->roots[i]->src == n->src) {
            p.file = i;
            break;
        }
    return p;
}

/* Texts repeat (references, parent texts, option words), and so do lists of
 * them (the references of rules): the knowledge base keeps one copy of each,
 * found through a hash table of scratch memory. */
static uint32_t hash_bytes(const void *data, size_t n)
{
    const unsigned char *p = data;
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 16777619u;
    return h;
}

static bool grow_kept(cx *c)
{
    uint32_t cap = c->kept.cap ? c->kept.cap * 2 : 1024;
    compile_kept *slots = arena_calloc(c->tmp, cap, sizeof *slots);
    if (!slots)
        return false;
    for (uint32_t i = 0; i < c->kept.cap; i++) {
        const compile_kept *t = &c->kept.slots[i];
        if (!t->p)
            continue;
        uint32_t j = hash_bytes(t->p, t->len) & (cap - 1);
        while (slots[j].p)
            j = (j + 1) & (cap - 1);
        slots[j] = *t;
    }
    c->kept.slots = slots;
    c->kept.cap = cap;
    return true;
}

/* The entry of the knowledge base's copy of len bytes at data: a text (NUL
 * added, packed) or a list of pointers (aligned); NULL when out of memory. */
static compile_kept *keep(cx *c, const void *data, size_t len, bool list)
{
    if (2 * (c->kept.n + 1) > c->kept.cap && !grow_kept(c)) {
        out_of_memory(c);
        return NULL;
    }
    uint32_t mask = c->kept.cap - 1, i = hash_bytes(data, len) & mask;
    for (; c->kept.slots[i].p; i = (i + 1) & mask) {
        compile_kept *t = &c->kept.slots[i];
        if (t->len == len && t->list == list && memcmp(t->p, data, len) == 0)
            return t;
    }
    void *copy = list ? arena_alloc(c->ar, len) : arena_strndup(c->ar, data, len);
    if (!copy) {
        out_of_memory(c);
        return NULL;
    }
    if (list)
        memcpy(copy, data, len);
    c->kept.slots[i] = (compile_kept){copy, len, list};
    c->kept.n++;
    return &c->kept.slots[i];
}

const char *compile_str(cx *c, const node *n)
{
    return compile_text(c, n->text, n->size);
}

const char *compile_text(cx *c, const char *text, size_t len)
{
    const compile_kept *t = keep(c, text, len, false);
    return t ? t->p : NULL;
}

const char *const *compile_strings(cx *c, const char *const *items, uint32_t n)
{
    const compile_kept *t = n ? keep(c, items, n * sizeof *items, true) : NULL;
    return t ? t->p : NULL;
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
