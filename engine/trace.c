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
    const kb_test_source *t = n < kb->ntests && kb->test_source ? &kb->test_source[n] : NULL;
    if (line)
        *line = t ? t->pos.line : 0;
    if (column)
        *column = t ? t->pos.col : 0;
    return t ? kb->files[t->pos.file] : "";
}

tri_truth tri_session_node_value(const tri_session *s, size_t n)
{
    if (!s->evaluated || n >= s->kb->ntests)
        return TRI_TRUTH_UNKNOWN;
    return truth(infer_test(s, (uint32_t)n, 0));
}

/* The first child of combinator k whose value is want (mode 0). */
static uint32_t child_with(const tri_session *s, const kb_test *k, uint8_t want)
{
    const tri_kb *kb = s->kb;
    for (uint32_t i = 0; i < k->n; i++) {
        uint32_t c = kb->test_kids[k->first + i];
        if (infer_test(s, c, 0) == want)
            return c;
    }
    return NO_INDEX; /* cannot happen for a value the parent took */
}

/* Walks from node n, whose value is v, to the leaf that decided it. */
static uint32_t deciding_leaf(const tri_session *s, uint32_t n, uint8_t v, bool *negated)
{
    const tri_kb *kb = s->kb;
    for (unsigned depth = 0; depth <= TRI_MAX_DEPTH * 2; depth++) {
        const kb_test *k = &kb->tests[n];
        uint32_t next;
        switch (k->op) {
        case TEST_NOT:
            next = kb->test_kids[k->first];
            v = v == TV_TRUE ? TV_FALSE : v == TV_FALSE ? TV_TRUE : TV_UNKNOWN;
            *negated = !*negated;
            break;
        case TEST_ALL:
        case TEST_ANY:
        case TEST_AT_LEAST:
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
    const kb_test *k = &kb->tests[leaf];
    if (k->op != TEST_FACT)
        return (int)k->target;
    if (steps == 0)
        return -1;
    const kb_fact *f = &kb->facts[k->target];
    for (uint32_t i = 0; i < f->nsetters; i++) {
        const kb_rule *r = &kb->rules[kb->fact_setters[f->first_setter + i]];
        if (r->when != NO_INDEX && infer_test(s, r->when, 0) == TV_UNKNOWN)
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
    uint8_t v = infer_test(s, rule->when, 0);
    out->outcome = s->rule_fired[r] == FIRED_TRIAGE_ONLY ? TRI_RULE_WORST_CASE
                   : v == TV_FALSE                       ? TRI_RULE_NOT_FIRED
                                                         : TRI_RULE_UNKNOWN;
    bool negated = false;
    uint32_t leaf = deciding_leaf(s, rule->when, v, &negated);
    const kb_test *k = &kb->tests[leaf];
    out->node = (int)leaf;
    out->negated = negated;
    out->value = truth(infer_test(s, leaf, 0));
    if (k->op != TEST_FACT)
        out->question = (int)k->target;
    else if (out->value == TRI_TRUTH_UNKNOWN)
        out->question = missing_question(s, leaf, kb->nfacts);
    return TRI_OK;
}

/* ---- a test as the rule language writes it -------------------------------------- */

size_t tri_node_text(const tri_kb *kb, size_t n, char *buf, size_t size)
{
    const char *text = n < kb->ntests && kb->test_source ? kb->test_source[n].text : "";
    size_t len = strlen(text);
    if (size) {
        size_t k = len < size - 1 ? len : size - 1;
        memcpy(buf, text, k);
        buf[k] = '\0';
    }
    return len;
}
