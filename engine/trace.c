/*
 * trace.c - why a rule fired or not: for debugging rules (`triage run
 * --trace`, `triage eval --case`).
 *
 * Place in the pipeline: after infer.c, a read-only view of an evaluated
 * session (session.h) over the compiled knowledge base (kb.h). Nothing here
 * changes the session or allocates.
 *
 * Design note. A rule's outcome is what evaluation decided (rule_fired);
 * the trace then walks its `when` from the root towards the test that
 * decided it, always into the first child whose three-valued truth explains
 * the parent's: the first false test of a false `all`, the first unknown
 * test of an unknown one, the child of a `not` (with its truth flipped). A
 * fact that is unknown is followed into the first of its setters that is
 * unknown, to the answer that is missing there (at most one step per fact,
 * so a cycle of facts ends). The test found is a leaf: a test on one
 * answer, `answered`/`unknown`, or a fact.
 */
#include <string.h>

#include "session.h"

static const char *const outcome_names[] = {
#define OUTCOME_NAME(name, text) text,
    TRI_RULE_OUTCOME_LIST(OUTCOME_NAME)
#undef OUTCOME_NAME
};

const char *tri_rule_outcome_name(tri_rule_outcome outcome)
{
    return (unsigned)outcome < TRI_RULE_OUTCOME_COUNT ? outcome_names[outcome] : "?";
}

static tri_truth truth(uint8_t tv)
{
    return tv == TV_TRUE ? TRI_TRUTH_TRUE : tv == TV_FALSE ? TRI_TRUTH_FALSE : TRI_TRUTH_UNKNOWN;
}

static const char *const truth_names[] = {"false", "true", "unknown"};

const char *tri_truth_name(tri_truth value)
{
    return (unsigned)value <= TRI_TRUTH_UNKNOWN ? truth_names[value] : "?";
}

int tri_rule_when(const tri_kb *kb, size_t r)
{
    if (r >= kb->nrules || kb->rules[r].when == NO_INDEX)
        return -1;
    return (int)kb->rules[r].when;
}

const char *tri_node_file(const tri_kb *kb, size_t n, unsigned *line, unsigned *column)
{
    const node *w = n < kb->nconds ? kb->conds[n].where : NULL;
    if (line)
        *line = w ? w->line : 0;
    if (column)
        *column = w ? w->col : 0;
    return w && w->src && w->src->name ? w->src->name : "";
}

tri_truth tri_session_node_value(const tri_session *s, size_t n)
{
    if (!s->evaluated || n >= s->kb->nconds)
        return TRI_TRUTH_UNKNOWN;
    return truth(infer_cond(s, (uint32_t)n, 0));
}

/* The first child of combinator k whose value is want (mode 0). */
static uint32_t child_with(const tri_session *s, const kb_cond *k, uint8_t want)
{
    const tri_kb *kb = s->kb;
    for (uint32_t i = 0; i < k->n; i++) {
        uint32_t c = kb->cond_kids[k->first + i];
        if (infer_cond(s, c, 0) == want)
            return c;
    }
    return NO_INDEX; /* cannot happen for a value the parent took */
}

/* Walks from node n, whose value is v, to the leaf that decided it. */
static uint32_t deciding_leaf(const tri_session *s, uint32_t n, uint8_t v, bool *negated)
{
    const tri_kb *kb = s->kb;
    for (unsigned depth = 0; depth <= TRI_MAX_DEPTH * 2; depth++) {
        const kb_cond *k = &kb->conds[n];
        uint32_t next;
        switch (k->op) {
        case COND_NOT:
            next = kb->cond_kids[k->first];
            v = v == TV_TRUE ? TV_FALSE : v == TV_FALSE ? TV_TRUE : TV_UNKNOWN;
            *negated = !*negated;
            break;
        case COND_ALL:
        case COND_ANY:
        case COND_AT_LEAST:
            next = child_with(s, k, v);
            break;
        default:
            return n;
        }
        if (next == NO_INDEX)
            return n;
        n = next;
    }
    return n;
}

/* The question whose missing answer leaves node n unknown, following
 * unknown facts into their setters; -1 when there is none (a cycle of
 * facts, or a pattern that could not be matched). steps bounds the walk. */
static int missing_question(const tri_session *s, uint32_t n, uint32_t steps)
{
    const tri_kb *kb = s->kb;
    bool negated = false;
    uint32_t leaf = deciding_leaf(s, n, TV_UNKNOWN, &negated);
    const kb_cond *k = &kb->conds[leaf];
    if (k->op != COND_FACT)
        return (int)k->target;
    if (steps == 0)
        return -1;
    const kb_fact *f = &kb->facts[k->target];
    for (uint32_t i = 0; i < f->nsetters; i++) {
        const kb_rule *r = &kb->rules[kb->fact_setters[f->first_setter + i]];
        if (r->when != NO_INDEX && infer_cond(s, r->when, 0) == TV_UNKNOWN)
            return missing_question(s, r->when, steps - 1);
    }
    return -1;
}

tri_status tri_session_trace_rule(const tri_session *s, size_t r, tri_rule_trace *out)
{
    memset(out, 0, sizeof *out);
    out->node = out->question = -1;
    const tri_kb *kb = s->kb;
    if (!s->evaluated || r >= kb->nrules)
        return TRI_ERR_ARG;
    const kb_rule *rule = &kb->rules[r];
    if (s->rule_fired[r] == FIRED_YES) {
        out->outcome = TRI_RULE_FIRED;
        return TRI_OK;
    }
    if (rule->when == NO_INDEX) {
        out->outcome = TRI_RULE_NOT_FIRED;
        return TRI_OK;
    }
    uint8_t v = infer_cond(s, rule->when, 0);
    out->outcome = s->rule_fired[r] == FIRED_TRIAGE_ONLY ? TRI_RULE_WORST_CASE
                   : v == TV_FALSE                       ? TRI_RULE_NOT_FIRED
                                                         : TRI_RULE_UNKNOWN;
    bool negated = false;
    uint32_t leaf = deciding_leaf(s, rule->when, v, &negated);
    const kb_cond *k = &kb->conds[leaf];
    out->node = (int)leaf;
    out->negated = negated;
    out->value = truth(infer_cond(s, leaf, 0));
    if (k->op != COND_FACT)
        out->question = (int)k->target;
    else if (out->value == TRI_TRUTH_UNKNOWN)
        out->question = missing_question(s, leaf, kb->nfacts);
    return TRI_OK;
}

/* ---- a test as the rule language writes it -------------------------------------- */

typedef struct out {
    char *buf;
    size_t size, len;
} out;

static void emit(out *o, const char *s, size_t n)
{
    if (o->len < o->size) {
        size_t room = o->size - o->len - 1;
        memcpy(o->buf + o->len, s, n < room ? n : room);
        o->buf[o->len + (n < room ? n : room)] = '\0';
    }
    o->len += n;
}

static void emit_s(out *o, const char *s)
{
    emit(o, s, strlen(s));
}

/* A syntax node in YAML flow style: {key: value, ...}, [a, b], scalars as written. */
static void emit_node(out *o, const node *n, unsigned depth)
{
    if (depth > TRI_MAX_DEPTH) {
        emit_s(o, "...");
        return;
    }
    if (n->kind == NODE_SCALAR) {
        if (n->plain) {
            emit(o, n->text, n->size);
        } else {
            emit_s(o, "'");
            for (size_t i = 0; i < n->size; i++)
                emit(o, n->text[i] == '\'' ? "''" : n->text + i, n->text[i] == '\'' ? 2 : 1);
            emit_s(o, "'");
        }
        return;
    }
    bool map = n->kind == NODE_MAP;
    emit_s(o, map ? "{" : "[");
    for (size_t i = 0; i < n->count; i++) {
        if (i)
            emit_s(o, map && i % 2 ? ": " : ", ");
        emit_node(o, n->kids[i], depth + 1);
    }
    emit_s(o, map ? "}" : "]");
}

size_t tri_node_text(const tri_kb *kb, size_t n, char *buf, size_t size)
{
    out o = {buf, size, 0};
    if (size)
        buf[0] = '\0';
    const node *w = n < kb->nconds ? kb->conds[n].where : NULL;
    if (!w)
        return 0;
    if (w->kind == NODE_MAP && w->count == 2) { /* {timing: sleep_onset} reads as timing: sleep_onset */
        emit_node(&o, w->kids[0], 1);
        emit_s(&o, ": ");
        emit_node(&o, w->kids[1], 1);
    } else {
        emit_node(&o, w, 0);
    }
    return o.len;
}
