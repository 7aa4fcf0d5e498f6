/*
 * kb_nodes.c - the public view of condition trees: a question's ask_if (and
 * any `when`) as tri_node records, for exporters that must translate the
 * logic rather than evaluate it (FHIR enableWhen).
 *
 * Place in the pipeline: a read-only accessor over the compiled knowledge
 * base (kb.h); it allocates nothing and never changes the knowledge base.
 * tri_node mirrors kb_test one to one, so the public enum is mapped here
 * and nowhere else.
 */
#include <string.h>

#include "kb.h"

static const char *const node_kind_names[] = {
#define NODE_KIND_NAME(name, text) text,
    TRI_NODE_LIST(NODE_KIND_NAME)
#undef NODE_KIND_NAME
};

const char *tri_node_kind_name(tri_node_kind kind)
{
    return (unsigned)kind < TRI_NODE_COUNT ? node_kind_names[kind] : "?";
}

int tri_question_ask_if(const tri_kb *kb, size_t q)
{
    if (q >= kb->nquestions || kb->questions[q].ask_if == NO_INDEX)
        return -1;
    return (int)kb->questions[q].ask_if;
}

static tri_node_kind public_kind(test_op op)
{
    switch (op) {
    case TEST_ALL: return TRI_NODE_ALL;
    case TEST_ANY: return TRI_NODE_ANY;
    case TEST_NOT: return TRI_NODE_NOT;
    case TEST_AT_LEAST: return TRI_NODE_AT_LEAST;
    case TEST_FACT: return TRI_NODE_FACT;
    case TEST_ANSWERED: return TRI_NODE_ANSWERED;
    case TEST_UNKNOWN: return TRI_NODE_UNKNOWN;
    case TEST_OPTION_ANY: return TRI_NODE_ANY_OF;
    case TEST_OPTION_ALL: return TRI_NODE_ALL_OF;
    case TEST_OPTION_NONE: return TRI_NODE_NONE_OF;
    case TEST_RANGE: return TRI_NODE_RANGE;
    case TEST_MATCH:
    default: return TRI_NODE_MATCHES;
    }
}

void tri_kb_node(const tri_kb *kb, size_t n, tri_node *out)
{
    memset(out, 0, sizeof *out);
    if (n >= kb->ntests)
        return;
    const kb_test *k = &kb->tests[n];
    out->kind = public_kind((test_op)k->op);
    switch (out->kind) {
    case TRI_NODE_ALL:
    case TRI_NODE_ANY:
    case TRI_NODE_NOT:
        out->count = k->n;
        break;
    case TRI_NODE_AT_LEAST:
        out->count = k->n;
        out->need = k->need;
        break;
    case TRI_NODE_FACT:
        out->fact = kb->facts[k->target].id;
        break;
    case TRI_NODE_ANY_OF:
    case TRI_NODE_ALL_OF:
    case TRI_NODE_NONE_OF:
        out->question = k->target;
        out->options = k->mask;
        break;
    case TRI_NODE_RANGE:
        out->question = k->target;
        out->lo = kb->ranges[k->range].lo;
        out->hi = kb->ranges[k->range].hi;
        out->lo_open = k->lo_open;
        out->hi_open = k->hi_open;
        break;
    case TRI_NODE_MATCHES:
        out->question = k->target;
        out->pattern = kb->matches[k->match].pattern;
        break;
    default: /* ANSWERED, UNKNOWN */
        out->question = k->target;
        break;
    }
}

size_t tri_node_child(const tri_kb *kb, size_t n, size_t k)
{
    return kb->test_kids[kb->tests[n].first + k];
}
