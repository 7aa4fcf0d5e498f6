/*
 * cases.c - case files: the clinical vignettes that `triage eval` runs.
 *
 * Place in the pipeline: beside answers.c, after the knowledge base. A case
 * file goes through the loader into the list's arena, is checked against the
 * knowledge base (every id resolved; every answer set once on a scratch
 * session through the same strict path as answers files, answers_apply), and
 * is kept as compact records that point into that arena. Checking a case
 * against an evaluated session reads only the results, never a report.
 *
 * Invariant: every case held passed every check when it was loaded, so
 * applying its answers again can fail only for lack of memory.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "compile.h"
#include "files.h"
#include "session.h"
#include "vec.h"


typedef struct case_answer {
    uint32_t q;          /* question index */
    uint32_t n;          /* items: 1 for a single value, else the list's length */
    const char **items;  /* as written in the file (NUL-terminated) */
    size_t *lens;
    const char *text;    /* answers-file form, as the session renders it */
} case_answer;

typedef struct case_rec {
    const char *id, *source, *note;
    const node *where;   /* the case's mapping: file, line, column */
    const node *id_node; /* for "defined twice" notes */
    case_answer *answers;
    uint32_t nanswers;
    uint32_t has; /* bit (1 << key) per tri_expect present */
    uint32_t *items[TRI_EXPECT_COUNT];
    uint32_t nitems[TRI_EXPECT_COUNT];
} case_rec;

/* A case, or a file as a whole, left out because of errors (tri_case_problem). */
typedef struct problem {
    const char *file, *id, *message; /* id: NULL for the file as a whole or a bad id */
    unsigned line, column, error_line, error_column, errors;
    bool whole_file;
} problem;

/* Where the errors being reported belong: the case being read, or its file. */
typedef struct blame {
    bool in_case;
    problem pending;     /* the case's errors so far (message in the arena) */
    uint32_t file_entry; /* the current file's whole-file problem, or NO_INDEX */
} blame;

struct tri_cases {
    const tri_kb *kb;
    const tri_allocator *alloc;
    tri_options opt;     /* allocator and diagnostic callback, for every call */
    arena *ar;           /* parse trees and records; reset by tri_cases_clear */
    vec cases;           /* case_rec */
    vec problems;        /* problem: what was left out, in file order */
    blame blame;
    uint32_t *slots;     /* id hash: case index + 1, 0 = empty */
    uint32_t mask;       /* slots - 1; 0 before the first case */
    tri_session *check;  /* scratch session that validates answers */
};

static const char *const expect_names[] = {
#define EXPECT_NAME(name, text) text,
    TRI_EXPECT_LIST(EXPECT_NAME)
#undef EXPECT_NAME
};

const char *tri_expect_name(tri_expect key)
{
    return (unsigned)key < TRI_EXPECT_COUNT ? expect_names[key] : "?";
}

/* ---- the list --------------------------------------------------------------- */

tri_cases *tri_cases_new(const tri_kb *kb, const tri_options *opt, tri_error *err)
{
    diag_sink d;
    diag_init(&d, opt, err);
    const tri_allocator *a = mem_or_default(opt ? opt->allocator : NULL);
    tri_cases *cs = mem_calloc(a, 1, sizeof *cs);
    if (!cs)
        goto nomem;
    cs->kb = kb;
    cs->alloc = a;
    if (opt)
        cs->opt = *opt;
    cs->opt.allocator = a;
    cs->opt.lint = false;
    vec_init(&cs->cases, a, sizeof(case_rec));
    vec_init(&cs->problems, a, sizeof(problem));
    tri_options quiet = {0};
    quiet.allocator = a; /* the scratch session reports through the sink of each call */
    cs->ar = arena_new(a);
    cs->check = tri_session_new(kb, &quiet, NULL);
    if (!cs->ar || !cs->check) {
        tri_cases_free(cs);
        goto nomem;
    }
    return cs;
nomem:
    diag_fail(&d, TRI_ERR_NOMEM, NULL, "out of memory while creating a case list");
    return NULL;
}

void tri_cases_free(tri_cases *cs)
{
    if (!cs)
        return;
    tri_session_free(cs->check);
    arena_free(cs->ar);
    vec_fini(&cs->cases);
    vec_fini(&cs->problems);
    mem_free(cs->alloc, cs->slots);
    mem_free(cs->alloc, cs);
}

void tri_cases_clear(tri_cases *cs)
{
    arena_reset(cs->ar);
    cs->cases.n = 0;
    cs->problems.n = 0;
    if (cs->slots)
        memset(cs->slots, 0, ((size_t)cs->mask + 1) * sizeof *cs->slots);
}

size_t tri_cases_count(const tri_cases *cs)
{
    return cs->cases.n;
}

static const case_rec *rec(const tri_cases *cs, size_t i)
{
    return vec_at(&cs->cases, (uint32_t)i);
}

/* ---- the id index: duplicate case ids are found in constant time --------- */

static uint32_t hash_id(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 16777619u;
    }
    return h;
}

/* The index of the case with id, or NO_INDEX. */
static uint32_t find_case(const tri_cases *cs, const char *id)
{
    if (!cs->slots)
        return NO_INDEX;
    for (uint32_t h = hash_id(id) & cs->mask; cs->slots[h]; h = (h + 1) & cs->mask)
        if (!strcmp(rec(cs, cs->slots[h] - 1)->id, id))
            return cs->slots[h] - 1;
    return NO_INDEX;
}

/* Indexes case i (the last pushed), growing the table at half full. */
static bool index_case(tri_cases *cs, uint32_t i)
{
    size_t cap = cs->slots ? (size_t)cs->mask + 1 : 0;
    if ((size_t)cs->cases.n * 2 > cap) {
        size_t ncap = cap ? cap * 2 : 64;
        uint32_t *ns = mem_calloc(cs->alloc, ncap, sizeof *ns);
        if (!ns)
            return false;
        mem_free(cs->alloc, cs->slots);
        cs->slots = ns;
        cs->mask = (uint32_t)(ncap - 1);
        for (uint32_t j = 0; j < i; j++) {
            uint32_t h = hash_id(rec(cs, j)->id) & cs->mask;
            while (cs->slots[h])
                h = (h + 1) & cs->mask;
            cs->slots[h] = j + 1;
        }
    }
    uint32_t h = hash_id(rec(cs, i)->id) & cs->mask;
    while (cs->slots[h])
        h = (h + 1) & cs->mask;
    cs->slots[h] = i + 1;
    return true;
}

/* ---- what was left out: every error is blamed on its case, or on its file ---- */

/* The diagnostic callback of every reading call: notes each error against
 * the case being read (or the file), then passes it on to the caller's. */
static void blame_diag(const tri_diag *dg, void *ctx)
{
    tri_cases *cs = ctx;
    if (dg->severity == TRI_SEV_ERROR) {
        blame *b = &cs->blame;
        problem *p = NULL;
        if (b->in_case) {
            p = &b->pending;
        } else if (b->file_entry != NO_INDEX) {
            p = vec_at(&cs->problems, b->file_entry);
        } else if ((p = vec_push(&cs->problems)) != NULL) {
            memset(p, 0, sizeof *p);
            p->whole_file = true;
            p->line = dg->line;
            p->column = dg->column;
            b->file_entry = cs->problems.n - 1;
        }
        if (p && p->errors++ == 0) {
            p->file = arena_strdup(cs->ar, dg->file);
            p->message = arena_strdup(cs->ar, dg->message);
            p->error_line = dg->line;
            p->error_column = dg->column;
        }
    }
    if (cs->opt.on_diag)
        cs->opt.on_diag(dg, cs->opt.diag_ctx);
}

/* Starts a sink for one reading call, with blame_diag in front of the caller's callback. */
static void reading_sink(tri_cases *cs, diag_sink *d, tri_error *err)
{
    tri_options o = cs->opt;
    o.on_diag = blame_diag;
    o.diag_ctx = cs;
    diag_init(d, &o, err);
    cs->blame.in_case = false;
    cs->blame.file_entry = NO_INDEX;
}

/* Records case n (id, or NULL when it has none that is valid) as left out. */
static void leave_out(tri_cases *cs, const node *n, const char *id, diag_sink *d)
{
    problem *p = vec_push(&cs->problems);
    if (!p) {
        diag_fail(d, TRI_ERR_NOMEM, NULL, "out of memory while reading cases");
        return;
    }
    *p = cs->blame.pending;
    p->id = id;
    p->line = n->line;
    p->column = n->col;
    if (!p->file)
        p->file = n->src->name;
}

size_t tri_cases_problem_count(const tri_cases *cs)
{
    return cs->problems.n;
}

void tri_cases_problem(const tri_cases *cs, size_t k, tri_case_problem *out)
{
    memset(out, 0, sizeof *out);
    if (k >= cs->problems.n)
        return;
    const problem *p = vec_at(&cs->problems, (uint32_t)k);
    out->file = p->file ? p->file : "<input>";
    out->line = p->line;
    out->column = p->column;
    out->id = p->id;
    out->whole_file = p->whole_file;
    out->message = p->message ? p->message : "out of memory";
    out->error_line = p->error_line;
    out->error_column = p->error_column;
    out->errors = p->errors;
}

/* ---- reading a case file ---------------------------------------------------- */

static bool is_null(const node *v)
{
    return v->kind == NODE_SCALAR && v->plain &&
           (v->size == 0 || !strcmp(v->text, "null") || !strcmp(v->text, "~"));
}

/* Reports key k unknown among keys[0..n), suggesting the closest. */
static void unknown_key(diag_sink *d, const node *k, const char *where, const char *const *keys,
                        size_t n, const char *expected)
{
    names_best nb;
    names_best_init(&nb, k->text);
    for (size_t i = 0; i < n; i++)
        names_best_offer(&nb, keys[i]);
    const char *sug = names_best_get(&nb);
    if (sug)
        node_report(d, TRI_SEV_ERROR, k, "unknown-key", "unknown key '%s' in %s (did you mean '%s'?)",
                    k->text, where, sug);
    else
        node_report(d, TRI_SEV_ERROR, k, "unknown-key", "unknown key '%s' in %s (expected %s)",
                    k->text, where, expected);
}

/* Checks that key i of map m is a plain name not used before in m. */
static bool good_key(diag_sink *d, const node *m, size_t i)
{
    const node *k = m->kids[i];
    if (k->kind != NODE_SCALAR) {
        node_report(d, TRI_SEV_ERROR, k, "type", "a key must be a plain name, found %s",
                    node_kind_name(k));
        return false;
    }
    if (k->dup_of) {
        node_report(d, TRI_SEV_ERROR, k, "duplicate-key", "key '%s' appears twice", k->text);
        return false;
    }
    return true;
}

/* Sets the case's answers on the scratch session (reporting every problem)
 * and, when all were good, records them. */
static bool read_answers(tri_cases *cs, case_rec *r, const node *map, diag_sink *d)
{
    tri_session *s = cs->check;
    unsigned before = d->errors;
    tri_session_clear(s);
    answers_apply(s, map, false, d);
    if (d->errors != before || map->kind != NODE_MAP)
        return false;
    size_t n = node_pairs(map);
    r->nanswers = (uint32_t)n;
    r->answers = arena_calloc(cs->ar, n ? n : 1, sizeof *r->answers);
    if (!r->answers)
        goto nomem;
    for (size_t i = 0; i < n; i++) {
        const node *k = map->kids[2 * i], *v = map->kids[2 * i + 1];
        case_answer *a = &r->answers[i];
        a->q = id_index_find(&cs->kb->idx_questions, k->text, k->size);
        const node *const *src = v->kind == NODE_SEQ ? (const node *const *)v->kids : &v;
        a->n = v->kind == NODE_SEQ ? (uint32_t)v->count : 1;
        a->items = arena_alloc(cs->ar, a->n * sizeof *a->items);
        a->lens = arena_alloc(cs->ar, a->n * sizeof *a->lens);
        const char *text = tri_session_answer_text(s, a->q);
        a->text = arena_strdup(cs->ar, text ? text : "");
        if (!a->items || !a->lens || !a->text)
            goto nomem;
        for (uint32_t j = 0; j < a->n; j++) {
            a->items[j] = src[j]->text;
            a->lens[j] = src[j]->size;
        }
    }
    return true;
nomem:
    diag_fail(d, TRI_ERR_NOMEM, NULL, "out of memory while reading cases");
    return false;
}

/* What the entries of an expectation name. */
typedef enum item_kind { ITEM_CONDITION, ITEM_LEVEL, ITEM_RED_FLAG } item_kind;

static item_kind kind_of(tri_expect key)
{
    switch (key) {
    case TRI_EXPECT_TRIAGE:
    case TRI_EXPECT_TRIAGE_AT_LEAST:
        return ITEM_LEVEL;
    case TRI_EXPECT_RED_FLAGS:
        return ITEM_RED_FLAG;
    default:
        return ITEM_CONDITION;
    }
}

/* Resolves one entry of an expectation; false after reporting it. */
static bool resolve_item(const tri_kb *kb, item_kind kind, const node *n, uint32_t *out,
                         diag_sink *d)
{
    if (kind == ITEM_LEVEL) {
        uint8_t level;
        if (!compile_level(d, n, &level))
            return false;
        *out = level;
        return true;
    }
    const id_index *ix = kind == ITEM_CONDITION ? &kb->idx_conditions : &kb->idx_red_flags;
    uint32_t i = id_index_find(ix, n->text, n->size);
    if (i != NO_INDEX) {
        *out = i;
        return true;
    }
    const char *what = kind == ITEM_CONDITION ? "condition" : "red flag";
    names_best nb;
    names_best_init(&nb, n->text);
    if (kind == ITEM_CONDITION)
        for (uint32_t c = 0; c < kb->nconditions; c++)
            names_best_offer(&nb, kb->conditions[c].id);
    else
        for (uint32_t f = 0; f < kb->nred_flags; f++)
            names_best_offer(&nb, kb->red_flags[f].id);
    const char *sug = names_best_get(&nb);
    const char *check = kind == ITEM_CONDITION ? "unknown-condition" : "unknown-red-flag";
    if (sug)
        node_report(d, TRI_SEV_ERROR, n, check, "unknown %s '%s' (did you mean '%s'?)", what,
                    n->text, sug);
    else
        node_report(d, TRI_SEV_ERROR, n, check, "unknown %s '%s'", what, n->text);
    return false;
}

/* Reads the value of one `expect` key. */
static void read_expect_key(tri_cases *cs, case_rec *r, tri_expect key, const node *v,
                            diag_sink *d)
{
    const char *name = expect_names[key];
    item_kind kind = kind_of(key);
    const char *what = kind == ITEM_CONDITION ? "condition ids"
                       : kind == ITEM_LEVEL   ? "triage levels"
                                              : "red-flag ids";
    bool single_ok = key == TRI_EXPECT_TOP || key == TRI_EXPECT_TRIAGE ||
                     key == TRI_EXPECT_TRIAGE_AT_LEAST;
    const node *const *items;
    size_t n;
    if (is_null(v)) {
        node_report(d, TRI_SEV_ERROR, v, "missing-value", "no value for '%s'", name);
        return;
    }
    if (key == TRI_EXPECT_RED_FLAGS && v->kind == NODE_SCALAR && v->plain &&
        !strcmp(v->text, "none")) {
        r->has |= 1u << key; /* no entries: no red flag may be raised */
        r->nitems[key] = 0;
        return;
    }
    if (v->kind == NODE_SCALAR) {
        if (!single_ok) {
            node_report(d, TRI_SEV_ERROR, v, "type", "'%s' takes a list of %s (write [%s]%s)",
                        name, what, v->text,
                        key == TRI_EXPECT_RED_FLAGS ? ", or none for no red flag" : "");
            return;
        }
        items = &v;
        n = 1;
    } else if (v->kind == NODE_SEQ && key != TRI_EXPECT_TRIAGE_AT_LEAST) {
        if (v->count == 0) {
            node_report(d, TRI_SEV_ERROR, v, "empty", "an empty list for '%s' checks nothing%s",
                        name,
                        key == TRI_EXPECT_RED_FLAGS ? " (write none to expect no red flag)" : "");
            return;
        }
        items = (const node *const *)v->kids;
        n = v->count;
    } else if (key == TRI_EXPECT_TRIAGE_AT_LEAST) {
        node_report(d, TRI_SEV_ERROR, v, "type", "'%s' takes one triage level, found %s", name,
                    node_kind_name(v));
        return;
    } else {
        node_report(d, TRI_SEV_ERROR, v, "type", "'%s' takes %s%s, found %s", name,
                    single_ok ? "one of the " : "a list of ", what, node_kind_name(v));
        return;
    }
    if (key == TRI_EXPECT_IN_TOP3 && n > 3) {
        node_report(d, TRI_SEV_ERROR, v, "impossible",
                    "'in_top3' lists %zu conditions, but only 3 fit in the top three", n);
        return;
    }
    uint32_t *out = arena_alloc(cs->ar, n * sizeof *out);
    if (!out) {
        diag_fail(d, TRI_ERR_NOMEM, NULL, "out of memory while reading cases");
        return;
    }
    bool ok = true;
    for (size_t i = 0; i < n; i++) {
        const node *it = items[i];
        if (it->kind != NODE_SCALAR) {
            node_report(d, TRI_SEV_ERROR, it, "type", "each entry of '%s' must be a single value",
                        name);
            ok = false;
            continue;
        }
        if (!resolve_item(cs->kb, kind, it, &out[i], d)) {
            ok = false;
            continue;
        }
        for (size_t j = 0; j < i; j++)
            if (out[j] == out[i] && items[j]->kind == NODE_SCALAR) {
                node_report(d, TRI_SEV_ERROR, it, "duplicate", "'%s' is listed twice in '%s'",
                            it->text, name);
                ok = false;
                break;
            }
    }
    if (!ok)
        return;
    r->has |= 1u << key;
    r->items[key] = out;
    r->nitems[key] = (uint32_t)n;
}

static void read_expect(tri_cases *cs, case_rec *r, const node *map, diag_sink *d)
{
    if (is_null(map))
        return; /* `expect:` with nothing: no expectations */
    if (map->kind != NODE_MAP) {
        node_report(d, TRI_SEV_ERROR, map, "type",
                    "'expect' must be a mapping of expectations, found %s", node_kind_name(map));
        return;
    }
    for (size_t i = 0; i + 1 < map->count; i += 2) {
        if (!good_key(d, map, i))
            continue;
        const node *k = map->kids[i];
        int key = -1;
        for (int j = 0; j < TRI_EXPECT_COUNT; j++)
            if (!strcmp(k->text, expect_names[j]))
                key = j;
        if (key < 0) {
            unknown_key(d, k, "'expect'", expect_names, TRI_EXPECT_COUNT,
                        "top, in_top3, not_in_top3, triage, triage_at_least, red_flags or "
                        "not_likely");
            continue;
        }
        read_expect_key(cs, r, (tri_expect)key, map->kids[i + 1], d);
    }
}

static const char *const case_keys[] = {"id", "source", "note", "answers", "expect"};

/* Reads one text field (source, note). */
static const char *text_field(const node *v, const char *name, diag_sink *d)
{
    if (v->kind != NODE_SCALAR) {
        node_report(d, TRI_SEV_ERROR, v, "type", "'%s' must be text, found %s", name,
                    node_kind_name(v));
        return NULL;
    }
    return v->text;
}

static void read_case_fields(tri_cases *cs, const node *n, diag_sink *d, const char **id);

/* Reads one case; a case with errors is left out and recorded as a problem. */
static void read_case(tri_cases *cs, const node *n, diag_sink *d)
{
    unsigned before = d->errors;
    memset(&cs->blame.pending, 0, sizeof cs->blame.pending);
    cs->blame.in_case = true;
    const char *id = NULL;
    read_case_fields(cs, n, d, &id);
    cs->blame.in_case = false;
    if (d->errors != before && d->hard == TRI_OK)
        leave_out(cs, n, id, d);
}

static void read_case_fields(tri_cases *cs, const node *n, diag_sink *d, const char **id)
{
    unsigned before = d->errors;
    if (n->kind != NODE_MAP) {
        node_report(d, TRI_SEV_ERROR, n, "type",
                    "a case is a mapping with id, answers and expect, found %s",
                    node_kind_name(n));
        return;
    }
    case_rec r;
    memset(&r, 0, sizeof r);
    r.where = n;
    const node *answers = NULL, *expect = NULL;
    for (size_t i = 0; i + 1 < n->count; i += 2) {
        if (!good_key(d, n, i))
            continue;
        const node *k = n->kids[i], *v = n->kids[i + 1];
        if (!strcmp(k->text, "id")) {
            r.id_node = v;
            if (v->kind != NODE_SCALAR || !names_valid_id(v->text))
                node_report(d, TRI_SEV_ERROR, v, "bad-id",
                            "a case id is a name such as seed-cheek-twitch ([a-z][a-z0-9_-]*, "
                            "at most 63 characters)%s%s%s",
                            v->kind == NODE_SCALAR ? ", found '" : "",
                            v->kind == NODE_SCALAR ? v->text : "",
                            v->kind == NODE_SCALAR ? "'" : "");
            else
                *id = r.id = v->text;
        } else if (!strcmp(k->text, "source")) {
            r.source = text_field(v, "source", d);
        } else if (!strcmp(k->text, "note")) {
            r.note = text_field(v, "note", d);
        } else if (!strcmp(k->text, "answers")) {
            answers = v;
        } else if (!strcmp(k->text, "expect")) {
            expect = v;
        } else {
            unknown_key(d, k, "a case", case_keys, 5, "id, source, note, answers or expect");
        }
    }
    if (!r.id_node)
        node_report(d, TRI_SEV_ERROR, n, "missing-key", "a case needs an 'id:'");
    if (r.id) {
        uint32_t first = find_case(cs, r.id);
        if (first != NO_INDEX) {
            node_report(d, TRI_SEV_ERROR, r.id_node, "duplicate-id", "case '%s' is defined twice",
                        r.id);
            node_report(d, TRI_SEV_NOTE, rec(cs, first)->id_node, "duplicate-id",
                        "case '%s' is first defined here", r.id);
        }
    }
    if (!answers)
        node_report(d, TRI_SEV_ERROR, r.id_node ? r.id_node : n, "missing-key",
                    "case '%s' needs 'answers:' (write answers: {} when nothing is answered)",
                    r.id ? r.id : "?");
    else
        read_answers(cs, &r, answers, d);
    if (expect)
        read_expect(cs, &r, expect, d);
    if (d->errors != before || d->hard != TRI_OK)
        return;
    case_rec *slot = vec_push(&cs->cases);
    if (!slot || (*slot = r, !index_case(cs, cs->cases.n - 1))) {
        if (slot)
            cs->cases.n--;
        diag_fail(d, TRI_ERR_NOMEM, NULL, "out of memory while reading cases");
    }
}

static void read_file(tri_cases *cs, const node *root, diag_sink *d)
{
    if (root->kind != NODE_MAP) {
        node_report(d, TRI_SEV_ERROR, root, "type",
                    "a case file is a mapping with a 'cases:' list, found %s",
                    node_kind_name(root));
        return;
    }
    static const char *const keys[] = {"cases", "format"};
    const node *list = NULL;
    for (size_t i = 0; i + 1 < root->count; i += 2) {
        if (!good_key(d, root, i))
            continue;
        const node *k = root->kids[i], *v = root->kids[i + 1];
        if (!strcmp(k->text, "cases")) {
            list = v;
            if (v->kind == NODE_SEQ) /* cases in file order, among the other keys' errors */
                for (size_t j = 0; j < v->count && d->hard == TRI_OK; j++)
                    read_case(cs, v->kids[j], d);
        } else if (!strcmp(k->text, "format")) {
            char *end;
            long f = v->kind == NODE_SCALAR ? strtol(v->text, &end, 10) : 0;
            if (v->kind != NODE_SCALAR || *end || f < 1)
                node_report(d, TRI_SEV_ERROR, v, "format", "format must be a whole number such as 1");
            else if (f > TRI_FORMAT)
                node_report(d, TRI_SEV_ERROR, v, "format",
                            "format %ld is newer than this program understands (it reads up to %d)",
                            f, TRI_FORMAT);
        } else {
            unknown_key(d, k, "a case file", keys, 2, "cases or format");
        }
    }
    if (!list) {
        if (d->errors == 0)
            node_report(d, TRI_SEV_ERROR, root, "missing-key", "a case file needs a 'cases:' list");
        return;
    }
    if (list->kind != NODE_SEQ)
        node_report(d, TRI_SEV_ERROR, list, "type", "'cases' must be a list of cases, found %s",
                    is_null(list) ? "nothing" : node_kind_name(list));
}

tri_status tri_cases_add_data(tri_cases *cs, const char *name, const char *data, size_t size,
                              tri_error *err)
{
    diag_sink d;
    reading_sink(cs, &d, err);
    const node *root = loader_parse(cs->ar, name ? name : "<input>", data, size, &d);
    if (root)
        read_file(cs, root, &d);
    return diag_status(&d);
}

/* ---- finding case files ------------------------------------------------------ */

tri_status tri_case_files(const char *path, tri_path_fn fn, void *ctx, tri_error *err)
{
    diag_sink d;
    diag_init(&d, NULL, err);
    return files_each_yaml(path, fn, ctx, mem_default(), &d);
}

typedef struct add_ctx {
    tri_cases *cs;
    diag_sink *d;
} add_ctx;

static bool add_one(const char *path, void *ctx)
{
    add_ctx *ac = ctx;
    ac->cs->blame.file_entry = NO_INDEX; /* a new file */
    const node *root = loader_parse_file(ac->cs->ar, path, ac->d);
    if (root)
        read_file(ac->cs, root, ac->d);
    return ac->d->hard != TRI_ERR_NOMEM;
}

tri_status tri_cases_add_path(tri_cases *cs, const char *path, tri_error *err)
{
    diag_sink d;
    reading_sink(cs, &d, err);
    add_ctx ac = {cs, &d};
    return files_each_yaml(path, add_one, &ac, cs->alloc, &d);
}

/* ---- accessors -------------------------------------------------------------- */

const char *tri_case_id(const tri_cases *cs, size_t i)
{
    return rec(cs, i)->id;
}

const char *tri_case_source(const tri_cases *cs, size_t i)
{
    return rec(cs, i)->source;
}

const char *tri_case_note(const tri_cases *cs, size_t i)
{
    return rec(cs, i)->note;
}

const char *tri_case_file(const tri_cases *cs, size_t i, unsigned *line, unsigned *column)
{
    const node *w = rec(cs, i)->where;
    if (line)
        *line = w->line;
    if (column)
        *column = w->col;
    return w->src->name;
}

size_t tri_case_answer_count(const tri_cases *cs, size_t i)
{
    return rec(cs, i)->nanswers;
}

size_t tri_case_answer(const tri_cases *cs, size_t i, size_t k, const char **text)
{
    const case_answer *a = &rec(cs, i)->answers[k];
    if (text)
        *text = a->text;
    return a->q;
}

int tri_case_answer_find(const tri_cases *cs, size_t i, size_t q)
{
    const case_rec *r = rec(cs, i);
    for (uint32_t k = 0; k < r->nanswers; k++)
        if (r->answers[k].q == q)
            return (int)k;
    return -1;
}

bool tri_case_has_expect(const tri_cases *cs, size_t i, tri_expect key)
{
    return (unsigned)key < TRI_EXPECT_COUNT && (rec(cs, i)->has >> key & 1u);
}

size_t tri_case_expect_count(const tri_cases *cs, size_t i, tri_expect key)
{
    return tri_case_has_expect(cs, i, key) ? rec(cs, i)->nitems[key] : 0;
}

size_t tri_case_expect_item(const tri_cases *cs, size_t i, tri_expect key, size_t n)
{
    return rec(cs, i)->items[key][n];
}

/* ---- applying a case ----------------------------------------------------------- */

tri_status tri_case_answer_apply(const tri_cases *cs, size_t i, size_t k, tri_session *s,
                                 tri_error *err)
{
    diag_sink d;
    diag_init(&d, NULL, err);
    if (!s || s->kb != cs->kb || i >= cs->cases.n || k >= rec(cs, i)->nanswers) {
        diag_fail(&d, TRI_ERR_ARG, NULL, "no such case answer for this session's knowledge base");
        return TRI_ERR_ARG;
    }
    const case_answer *a = &rec(cs, i)->answers[k];
    char why[512];
    if (session_set(s, a->q, a->items, a->lens, a->n, true, why, sizeof why))
        return TRI_OK;
    /* only memory can fail here: the answer was checked when it was loaded */
    tri_status st = strcmp(why, "out of memory") ? TRI_ERR_INVALID : TRI_ERR_NOMEM;
    diag_fail(&d, st, tri_case_file(cs, i, NULL, NULL), "%s", why);
    return st;
}

tri_status tri_case_apply(const tri_cases *cs, size_t i, tri_session *s, tri_error *err)
{
    if (!s || s->kb != cs->kb || i >= cs->cases.n) {
        diag_sink d;
        diag_init(&d, NULL, err);
        diag_fail(&d, TRI_ERR_ARG, NULL, "no such case for this session's knowledge base");
        return TRI_ERR_ARG;
    }
    tri_session_clear(s);
    size_t n = rec(cs, i)->nanswers;
    for (size_t k = 0; k < n; k++) {
        tri_status st = tri_case_answer_apply(cs, i, k, s, err);
        if (st != TRI_OK)
            return st;
    }
    if (err)
        memset(err, 0, sizeof *err);
    return TRI_OK;
}

/* ---- checking a result ------------------------------------------------------------ */

/* Builds the message of one expectation entry and hands it on: to fn when it
 * failed, to all (tri_case_explain) either way. Messages of passed entries
 * are built only when someone reads them. */
typedef struct checker {
    const tri_kb *kb;
    tri_failure_fn fn;
    tri_expect_fn all;
    void *ctx;
    size_t failures;
    char msg[640];
    size_t len;
} checker;

static void put(checker *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(checker *c, const char *fmt, ...)
{
    if (c->len >= sizeof c->msg)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(c->msg + c->len, sizeof c->msg - c->len, fmt, ap);
    va_end(ap);
    if (n > 0)
        c->len += (size_t)n;
}

static void done(checker *c, tri_expect key, bool passed)
{
    if (!passed) {
        c->failures++;
        if (c->fn)
            c->fn(key, c->msg, c->ctx);
    }
    if (c->all)
        c->all(key, passed, c->msg, c->ctx);
    c->len = 0;
    c->msg[0] = '\0';
}

static void fail(checker *c, tri_expect key)
{
    done(c, key, false);
}

/* Whether the message of a passed entry is wanted (then build it and call pass). */
static bool explaining(const checker *c)
{
    return c->all != NULL;
}

static void pass(checker *c, tri_expect key)
{
    done(c, key, true);
}

/* "a", "a or b", "a, b or c" */
static void put_alternatives(checker *c, const case_rec *r, tri_expect key)
{
    for (uint32_t n = 0; n < r->nitems[key]; n++) {
        uint32_t it = r->items[key][n];
        const char *name = kind_of(key) == ITEM_LEVEL ? tri_level_name((tri_level)it)
                                                      : c->kb->conditions[it].id;
        put(c, "%s%s", n == 0 ? "" : n + 1 == r->nitems[key] ? " or " : ", ", name);
    }
}

static void put_top3(checker *c, const tri_session *s)
{
    if (s->nranked == 0) {
        put(c, "none");
        return;
    }
    for (uint32_t k = 0; k < s->nranked && k < 3; k++)
        put(c, "%s%s", k ? ", " : "", c->kb->conditions[s->ranked[k]].id);
}

/* The 1-based rank of condition cond, or 0 when it is not an explanation. */
static uint32_t rank_of(const tri_session *s, uint32_t cond)
{
    for (uint32_t k = 0; k < s->nranked; k++)
        if (s->ranked[k] == cond)
            return k + 1;
    return 0;
}

/* "ranked 2, confidence 0.50", or "not considered" */
static void put_standing(checker *c, const tri_session *s, uint32_t cond)
{
    uint32_t rk = rank_of(s, cond);
    if (rk)
        put(c, "ranked %u, confidence %.2f", (unsigned)rk, s->cf[cond]);
    else
        put(c, "not considered");
}

static size_t check_case(const tri_cases *cs, size_t i, tri_session *s, tri_case_score *score,
                         checker *cp)
{
    checker c = *cp;
    tri_case_score sc;
    memset(&sc, 0, sizeof sc);
    if (!s || s->kb != cs->kb || i >= cs->cases.n) {
        put(&c, "the session is not for the knowledge base the cases were loaded for");
        fail(&c, TRI_EXPECT_TOP);
        sc.failures = 1;
        if (score)
            *score = sc;
        return 1;
    }
    if (!s->evaluated)
        tri_session_evaluate(s);
    const case_rec *r = rec(cs, i);
    const tri_kb *kb = cs->kb;

    if (r->has >> TRI_EXPECT_TOP & 1u) {
        const tri_expect key = TRI_EXPECT_TOP;
        sc.has_top = true;
        for (uint32_t n = 0; n < r->nitems[key]; n++) {
            uint32_t rk = rank_of(s, r->items[key][n]);
            if (rk == 1)
                sc.top1 = true;
            if (rk >= 1 && rk <= 3)
                sc.top3 = true;
        }
        if (!sc.top1) {
            put(&c, "expected top explanation ");
            put_alternatives(&c, r, key);
            put(&c, ", got %s", s->nranked ? kb->conditions[s->ranked[0]].id : "none");
            fail(&c, key);
        } else if (explaining(&c)) {
            put(&c, "the top explanation is %s (confidence %.2f)",
                kb->conditions[s->ranked[0]].id, s->cf[s->ranked[0]]);
            pass(&c, key);
        }
    }
    if (r->has >> TRI_EXPECT_IN_TOP3 & 1u) {
        const tri_expect key = TRI_EXPECT_IN_TOP3;
        for (uint32_t n = 0; n < r->nitems[key]; n++) {
            uint32_t cond = r->items[key][n], rk = rank_of(s, cond);
            if (rk >= 1 && rk <= 3) {
                if (explaining(&c)) {
                    put(&c, "%s is in the top 3 (", kb->conditions[cond].id);
                    put_standing(&c, s, cond);
                    put(&c, ")");
                    pass(&c, key);
                }
                continue;
            }
            put(&c, "expected %s in the top 3, ", kb->conditions[cond].id);
            if (rk)
                put(&c, "it ranked %u (top 3: ", (unsigned)rk);
            else
                put(&c, "it was not considered (top 3: ");
            put_top3(&c, s);
            put(&c, ")");
            fail(&c, key);
        }
    }
    if (r->has >> TRI_EXPECT_NOT_IN_TOP3 & 1u) {
        /* only what is argued for counts: a condition ranked in the first three with a
         * confidence of 0 or less (only argued against) is not "in the top 3" */
        const tri_expect key = TRI_EXPECT_NOT_IN_TOP3;
        for (uint32_t n = 0; n < r->nitems[key]; n++) {
            uint32_t cond = r->items[key][n], rk = rank_of(s, cond);
            if (rk < 1 || rk > 3 || s->cf[cond] <= 0) {
                if (explaining(&c)) {
                    put(&c, "%s is not in the top 3 (", kb->conditions[cond].id);
                    put_standing(&c, s, cond);
                    put(&c, "%s)", rk >= 1 && rk <= 3 ? ": only argued against" : "");
                    pass(&c, key);
                }
                continue;
            }
            put(&c, "expected %s not in the top 3, it ranked %u (confidence %.2f)",
                kb->conditions[cond].id, (unsigned)rk, s->cf[cond]);
            fail(&c, key);
        }
    }
    if (r->has >> TRI_EXPECT_TRIAGE & 1u) {
        const tri_expect key = TRI_EXPECT_TRIAGE;
        sc.has_triage = true;
        uint32_t most = TRI_LEVEL_COUNT, least = 0; /* most and least urgent acceptable */
        for (uint32_t n = 0; n < r->nitems[key]; n++) {
            uint32_t l = r->items[key][n];
            if (l == s->level)
                sc.triage_ok = true;
            if (l < most)
                most = l;
            if (l > least)
                least = l;
        }
        sc.under_triage = s->level > least;
        sc.over_triage = s->level < most;
        if (!sc.triage_ok) {
            put(&c, "expected triage %s", tri_level_name((tri_level)r->items[key][0]));
            for (uint32_t n = 1; n < r->nitems[key]; n++)
                put(&c, "%s%s", n == 1 ? " (or " : ", ",
                    tri_level_name((tri_level)r->items[key][n]));
            put(&c, "%s, got %s", r->nitems[key] > 1 ? ")" : "",
                tri_level_name((tri_level)s->level));
            fail(&c, key);
        } else if (explaining(&c)) {
            put(&c, "triage is %s", tri_level_name((tri_level)s->level));
            pass(&c, key);
        }
    }
    if (r->has >> TRI_EXPECT_TRIAGE_AT_LEAST & 1u) {
        const tri_expect key = TRI_EXPECT_TRIAGE_AT_LEAST;
        uint32_t l = r->items[key][0];
        if (s->level > l) {
            put(&c, "expected triage at least %s, got %s", tri_level_name((tri_level)l),
                tri_level_name((tri_level)s->level));
            fail(&c, key);
        } else if (explaining(&c)) {
            put(&c, "triage %s is at least %s", tri_level_name((tri_level)s->level),
                tri_level_name((tri_level)l));
            pass(&c, key);
        }
    }
    if (r->has >> TRI_EXPECT_RED_FLAGS & 1u) {
        const tri_expect key = TRI_EXPECT_RED_FLAGS;
        if (r->nitems[key] == 0) { /* red_flags: none */
            bool any = false;
            for (uint32_t f = 0; f < kb->nred_flags; f++)
                if (s->red_fired[f]) {
                    put(&c, "%s%s", any ? ", " : "expected no red flag, got ", kb->red_flags[f].id);
                    any = true;
                }
            if (any)
                fail(&c, key);
            else if (explaining(&c)) {
                put(&c, "no red flag was raised");
                pass(&c, key);
            }
        }
        for (uint32_t n = 0; n < r->nitems[key]; n++) {
            uint32_t f = r->items[key][n];
            sc.red_flags_expected++;
            if (s->red_fired[f]) {
                sc.red_flags_raised++;
                if (explaining(&c)) {
                    put(&c, "red flag %s was raised (by rule %s)", kb->red_flags[f].id,
                        kb->rules[s->red_rule[f]].id);
                    pass(&c, key);
                }
                continue;
            }
            put(&c, "expected red flag %s, it was not raised", kb->red_flags[f].id);
            fail(&c, key);
        }
    }
    if (r->has >> TRI_EXPECT_NOT_LIKELY & 1u) {
        const tri_expect key = TRI_EXPECT_NOT_LIKELY;
        for (uint32_t n = 0; n < r->nitems[key]; n++) {
            uint32_t cond = r->items[key][n];
            bool likely = rank_of(s, cond) && s->cf[cond] >= TRI_LIKELY_THRESHOLD;
            if (!likely) {
                if (explaining(&c)) {
                    put(&c, "%s is not likely (", kb->conditions[cond].id);
                    put_standing(&c, s, cond);
                    put(&c, ")");
                    pass(&c, key);
                }
                continue;
            }
            put(&c, "expected %s not likely, it is likely (", kb->conditions[cond].id);
            put_standing(&c, s, cond);
            put(&c, ")");
            fail(&c, key);
        }
    }
    sc.failures = (unsigned)c.failures;
    if (score)
        *score = sc;
    return c.failures;
}

size_t tri_case_check(const tri_cases *cs, size_t i, tri_session *s, tri_case_score *score,
                      tri_failure_fn fn, void *ctx)
{
    checker c = {cs->kb, fn, NULL, ctx, 0, "", 0};
    return check_case(cs, i, s, score, &c);
}

size_t tri_case_explain(const tri_cases *cs, size_t i, tri_session *s, tri_expect_fn fn,
                        void *ctx)
{
    checker c = {cs->kb, NULL, fn, ctx, 0, "", 0};
    return check_case(cs, i, s, NULL, &c);
}

int tri_cases_find(const tri_cases *cs, const char *id)
{
    uint32_t i = id ? find_case(cs, id) : NO_INDEX;
    return i == NO_INDEX ? -1 : (int)i;
}
