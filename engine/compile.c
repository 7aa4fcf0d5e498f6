/*
 * compile.c - rule-file syntax trees to the compiled knowledge base: the
 * entry point (compile_kb), the helpers the passes share, and the derived
 * tables. The passes themselves are in declare.c (pass 1), conditions.c and
 * actions.c (pass 2); compile_internal.h lists what they share.
 *
 * Design: two passes over all files. Pass 1 declares every named thing
 * (questions with their options, facts, factors, advice, red flags,
 * conditions, look-alikes, rules) and checks their plain fields, so that
 * pass 2 can resolve references in any order across files: ask_if, rule
 * conditions and actions, condition advice, look-alikes. A last step builds
 * derived tables (rules per condition, setters per fact, which questions feed
 * triage). Records accumulate in vecs whose memory is handed to the arena at
 * the end, so indexes built after pass 1 stay valid.
 */
#include "compile_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- small helpers -------------------------------------------------------- */

void *compile_push(cx *c, vec *v)
{
    void *p = vec_push(v);
    if (!p && !c->nomem) {
        c->nomem = true;
        diag_fail(c->d, TRI_ERR_NOMEM, NULL, "out of memory while compiling the knowledge base");
    }
    return p;
}

void *compile_alloc(cx *c, size_t n)
{
    void *p = arena_alloc(c->ar, n ? n : 1);
    if (!p && !c->nomem) {
        c->nomem = true;
        diag_fail(c->d, TRI_ERR_NOMEM, NULL, "out of memory while compiling the knowledge base");
    }
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

bool compile_level(diag_sink *d, const node *n, uint8_t *level)
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

/* ---- derived tables ------------------------------------------------------ */

static bool build_tables(cx *c)
{
    tri_kb *kb = c->kb;
    /* rules per condition and setters per fact: count, then fill */
    uint32_t *ncr = arena_calloc(c->ar, kb->nconditions + 1, sizeof *ncr);
    uint32_t *nfs = arena_calloc(c->ar, kb->nfacts + 1, sizeof *nfs);
    if (!ncr || !nfs)
        return false;
    uint32_t total_cr = 0, total_fs = 0;
    for (uint32_t r = 0; r < kb->nrules; r++) {
        const kb_rule *rule = &kb->rules[r];
        for (uint32_t i = 0; i < rule->nactions; i++) {
            const kb_action *a = &kb->actions[rule->first_action + i];
            if (a->kind == ACT_SUPPORT || a->kind == ACT_OPPOSE) {
                ncr[a->target]++;
                total_cr++;
            } else if (a->kind == ACT_SET) {
                nfs[a->target]++;
                total_fs++;
            }
        }
    }
    kb->cond_rules = arena_alloc(c->ar, (total_cr + 1) * sizeof(uint32_t));
    kb->fact_setters = arena_alloc(c->ar, (total_fs + 1) * sizeof(uint32_t));
    if (!kb->cond_rules || !kb->fact_setters)
        return false;
    uint32_t at = 0;
    for (uint32_t i = 0; i < kb->nconditions; i++) {
        kb->conditions[i].first_rule = at;
        kb->conditions[i].nrules = 0;
        at += ncr[i];
    }
    at = 0;
    for (uint32_t i = 0; i < kb->nfacts; i++) {
        kb->facts[i].first_setter = at;
        kb->facts[i].nsetters = 0;
        at += nfs[i];
    }
    for (uint32_t r = 0; r < kb->nrules; r++) {
        const kb_rule *rule = &kb->rules[r];
        for (uint32_t i = 0; i < rule->nactions; i++) {
            const kb_action *a = &kb->actions[rule->first_action + i];
            if (a->kind == ACT_SUPPORT || a->kind == ACT_OPPOSE) {
                kb_condition *k = &kb->conditions[a->target];
                /* a rule that both supports and opposes one condition is listed once */
                if (k->nrules && kb->cond_rules[k->first_rule + k->nrules - 1] == r)
                    continue;
                kb->cond_rules[k->first_rule + k->nrules++] = r;
            } else if (a->kind == ACT_SET) {
                kb_fact *f = &kb->facts[a->target];
                if (f->nsetters && kb->fact_setters[f->first_setter + f->nsetters - 1] == r)
                    continue;
                kb->fact_setters[f->first_setter + f->nsetters++] = r;
            }
        }
    }
    /* red-flag questions: those tested by rules that raise a red flag, and
     * (transitively) by rules setting facts such rules test. The interview
     * always asks them (issue 7); triage floors do not make a question one.
     * A walk over the graph rule -> facts its condition tests -> rules
     * setting them: each rule's condition tree is walked once, so a chain
     * of 4,000 facts costs 4,000 steps, not 4,000 passes over every rule. */
    bool *fact_feeds = arena_calloc(c->ar, kb->nfacts + 1, sizeof *fact_feeds);
    bool *rule_feeds = arena_calloc(c->ar, kb->nrules + 1, sizeof *rule_feeds);
    uint32_t *todo = arena_alloc(c->ar, (kb->nrules + 1) * sizeof *todo);
    uint32_t *stack = arena_alloc(c->ar, (kb->nconds + 1) * sizeof *stack);
    if (!fact_feeds || !rule_feeds || !todo || !stack)
        return false;
    uint32_t ntodo = 0;
    for (uint32_t r = 0; r < kb->nrules; r++)
        if (kb->rules[r].raises_red_flag) {
            rule_feeds[r] = true;
            todo[ntodo++] = r;
        }
    while (ntodo) {
        const kb_rule *rule = &kb->rules[todo[--ntodo]];
        if (rule->when == NO_INDEX)
            continue;
        uint32_t sp = 0;
        stack[sp++] = rule->when;
        while (sp) {
            const kb_cond *k = &kb->conds[stack[--sp]];
            if (k->op == COND_FACT && !fact_feeds[k->target]) {
                fact_feeds[k->target] = true;
                const kb_fact *f = &kb->facts[k->target];
                for (uint32_t i = 0; i < f->nsetters; i++) {
                    uint32_t setter = kb->fact_setters[f->first_setter + i];
                    if (!rule_feeds[setter]) {
                        rule_feeds[setter] = true;
                        todo[ntodo++] = setter;
                    }
                }
            }
            if (k->op == COND_ALL || k->op == COND_ANY || k->op == COND_AT_LEAST ||
                k->op == COND_NOT)
                for (uint32_t j = 0; j < k->n && sp <= kb->nconds; j++)
                    stack[sp++] = kb->cond_kids[k->first + j];
        }
    }
    for (uint32_t r = 0; r < kb->nrules; r++)
        if (rule_feeds[r])
            for (uint32_t i = 0; i < kb->rules[r].nqrefs; i++)
                kb->questions[kb->qrefs[kb->rules[r].first_qref + i]].red_flag = true;
    return true;
}

/* ---- entry point --------------------------------------------------------- */

static void *adopt(cx *c, vec *v)
{
    void *p = vec_freeze(v, c->ar);
    if (!p && !c->nomem) {
        c->nomem = true;
        diag_fail(c->d, TRI_ERR_NOMEM, NULL, "out of memory while compiling the knowledge base");
    }
    return p;
}

tri_status compile_kb(tri_kb *kb, const node *const *roots, uint32_t n, diag_sink *d)
{
    cx c;
    memset(&c, 0, sizeof c);
    c.kb = kb;
    c.ar = kb->ar;
    c.d = d;
    c.a = arena_allocator(kb->ar);
    vec *all[] = {&c.questions, &c.conditions, &c.rules,  &c.red_flags,  &c.facts,
                  &c.factors,   &c.advice,     &c.lookalikes, &c.conds,  &c.kids,
                  &c.actions,   &c.qrefs,      &c.advice_refs, &c.option_rx, &c.ask_if_nodes,
                  &c.cond_advice, &c.rule_nodes, &c.alarms};
    uint32_t sizes[] = {sizeof(kb_question), sizeof(kb_condition), sizeof(kb_rule),
                        sizeof(kb_red_flag), sizeof(kb_fact),      sizeof(kb_factor),
                        sizeof(kb_advice),   sizeof(kb_lookalike), sizeof(kb_cond),
                        sizeof(uint32_t),    sizeof(kb_action),    sizeof(uint32_t),
                        sizeof(uint32_t),    sizeof(int),          sizeof(const node *),
                        sizeof(const node *), sizeof(const node *), sizeof(kb_alarm)};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        vec_init(all[i], c.a, sizes[i]);

    for (uint32_t i = 0; i < n && !c.nomem; i++)
        declare_file(&c, roots[i]);

    /* index the declarations (their vecs do not grow after this point) */
    if (!c.nomem &&
        !(id_index_build(&kb->idx_questions, c.ar, c.questions.data, sizeof(kb_question),
                         c.questions.n) &&
          id_index_build(&kb->idx_conditions, c.ar, c.conditions.data, sizeof(kb_condition),
                         c.conditions.n) &&
          id_index_build(&kb->idx_facts, c.ar, c.facts.data, sizeof(kb_fact), c.facts.n) &&
          id_index_build(&kb->idx_factors, c.ar, c.factors.data, sizeof(kb_factor), c.factors.n) &&
          id_index_build(&kb->idx_advice, c.ar, c.advice.data, sizeof(kb_advice), c.advice.n) &&
          id_index_build(&kb->idx_red_flags, c.ar, c.red_flags.data, sizeof(kb_red_flag),
                         c.red_flags.n))) {
        c.nomem = true;
        diag_fail(d, TRI_ERR_NOMEM, NULL, "out of memory while compiling the knowledge base");
    }
    if (!c.nomem) {
        actions_resolve(&c);
        alarm_resolve(&c);
    }

    if (!c.nomem) {
        kb->questions = adopt(&c, &c.questions);
        kb->conditions = adopt(&c, &c.conditions);
        kb->rules = adopt(&c, &c.rules);
        kb->red_flags = adopt(&c, &c.red_flags);
        kb->facts = adopt(&c, &c.facts);
        kb->factors = adopt(&c, &c.factors);
        kb->advice = adopt(&c, &c.advice);
        kb->lookalikes = adopt(&c, &c.lookalikes);
        kb->alarms = adopt(&c, &c.alarms);
        kb->conds = adopt(&c, &c.conds);
        kb->cond_kids = adopt(&c, &c.kids);
        kb->actions = adopt(&c, &c.actions);
        kb->qrefs = adopt(&c, &c.qrefs);
        kb->advice_refs = adopt(&c, &c.advice_refs);
        kb->option_rx = adopt(&c, &c.option_rx);
        kb->nquestions = c.questions.n;
        kb->nconditions = c.conditions.n;
        kb->nrules = c.rules.n;
        kb->nred_flags = c.red_flags.n;
        kb->nfacts = c.facts.n;
        kb->nfactors = c.factors.n;
        kb->nadvice = c.advice.n;
        kb->nlookalikes = c.lookalikes.n;
        kb->nalarms = c.alarms.n;
        kb->nconds = c.conds.n;
    }
    if (!c.nomem && d->errors == 0) {
        /* rebuild the indexes over the arena copies */
        if (!(id_index_build(&kb->idx_questions, c.ar, kb->questions, sizeof(kb_question),
                             kb->nquestions) &&
              id_index_build(&kb->idx_conditions, c.ar, kb->conditions, sizeof(kb_condition),
                             kb->nconditions) &&
              id_index_build(&kb->idx_facts, c.ar, kb->facts, sizeof(kb_fact), kb->nfacts) &&
              id_index_build(&kb->idx_factors, c.ar, kb->factors, sizeof(kb_factor),
                             kb->nfactors) &&
              id_index_build(&kb->idx_advice, c.ar, kb->advice, sizeof(kb_advice), kb->nadvice) &&
              id_index_build(&kb->idx_red_flags, c.ar, kb->red_flags, sizeof(kb_red_flag),
                             kb->nred_flags) &&
              id_index_build(&kb->idx_rules, c.ar, kb->rules, sizeof(kb_rule), kb->nrules) &&
              id_index_build(&kb->idx_lookalikes, c.ar, kb->lookalikes, sizeof(kb_lookalike),
                             kb->nlookalikes) &&
              build_tables(&c))) {
            c.nomem = true;
            diag_fail(d, TRI_ERR_NOMEM, NULL, "out of memory while compiling the knowledge base");
        }
    }
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        vec_fini(all[i]);
    return diag_status(d);
}
