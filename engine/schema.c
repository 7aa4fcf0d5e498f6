/*
 * schema.c - shapes of YAML values that the rule files, answers files and
 * case files share, checked at a node with a positioned diagnostic.
 */
#include "schema.h"

#include "names.h"

bool schema_level(diag_sink *d, const node *n, uint8_t *level)
{
    if (n->kind != NODE_SCALAR) {
        node_report(d, TRI_SEV_ERROR, n, "type", "a triage level must be a single value, found %s",
                    node_kind_name(n));
        return false;
    }
    tri_level l;
    if (tri_level_parse(n->text, &l)) {
        *level = (uint8_t)l;
        return true;
    }
    names_best nb;
    names_best_init(&nb, n->text);
    for (int i = 0; i < TRI_LEVEL_COUNT; i++)
        names_best_offer(&nb, tri_level_name((tri_level)i));
    const char *s = names_best_get(&nb);
    if (s)
        node_report(d, TRI_SEV_ERROR, n, "unknown-level",
                    "unknown triage level '%s' (did you mean '%s'?)", n->text, s);
    else
        node_report(d, TRI_SEV_ERROR, n, "unknown-level",
                    "unknown triage level '%s' (expected emergency, urgent, soon, routine or "
                    "self_care)",
                    n->text);
    return false;
}
