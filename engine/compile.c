/*
 * compile.c - rule-file syntax trees to the compiled knowledge base: the
 * driver (compile_kb), which runs the passes in order, and the derived
 * tables. The passes themselves are in declare.c (pass 1), when.c and
 * rules.c (pass 2); the helpers they share are in compile_util.c, below
 * them.
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
#include "compile.h"

#include "compile_util.h"

#include <string.h>

/* ---- derived tables ------------------------------------------------------ */

static bool build_tables(cx *c)
{
    tri_kb *kb = c->kb;
    /* rules per condition and setters per fact: count, then fill */
    uint32_t *ncr = arena_calloc(c->tmp, kb->nconditions + 1, sizeof *ncr);
    uint32_t *nfs = arena_calloc(c->tmp, kb->nfacts + 1, sizeof *nfs);
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
    bool *fact_feeds = arena_calloc(c->tmp, kb->nfacts + 1, sizeof *fact_feeds);
    bool *rule_feeds = arena_calloc(c->tmp, kb->nrules + 1, sizeof *rule_feeds);
    uint32_t *todo = arena_alloc(c->tmp, (kb->nrules + 1) * sizeof *todo);
    uint32_t *stack = arena_alloc(c->tmp, (kb->ntests + 1) * sizeof *stack);
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
            const kb_test *k = &kb->tests[stack[--sp]];
            if (k->op == TEST_FACT && !fact_feeds[k->target]) {
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
            if (k->op == TEST_ALL || k->op == TEST_ANY || k->op == TEST_AT_LEAST ||
                k->op == TEST_NOT)
                for (uint32_t j = 0; j < k->n && sp <= kb->ntests; j++)
                    stack[sp++] = kb->test_kids[k->first + j];
        }
    }
    for (uint32_t r = 0; r < kb->nrules; r++)
        if (rule_feeds[r])
            for (uint32_t i = 0; i < kb->rules[r].nqrefs; i++)
                kb->questions[kb->qrefs[kb->rules[r].first_qref + i]].red_flag = true;
    return true;
}

/* ---- entry point --------------------------------------------------------- */

static void *adopt(cx *c, vec *v, arena *ar)
{
    void *p = vec_freeze(v, ar);
    if (!p && !c->nomem) {
        c->nomem = true;
        diag_fail(c->d, TRI_ERR_NOMEM, NULL, "out of memory while compiling the knowledge base");
    }
    return p;
}

/* Indexes the ids of the declarations (of the vecs while compiling, of the
 * knowledge base's arrays at the end) into ar. */
static bool build_indexes(tri_kb *kb, arena *ar, bool all, const kb_question *q, uint32_t nq,
                          const kb_condition *k, uint32_t nk, const kb_fact *f, uint32_t nf,
                          const kb_factor *fa, uint32_t nfa, const kb_advice *a, uint32_t na,
                          const kb_red_flag *r, uint32_t nr)
{
    return id_index_build(&kb->idx_questions, ar, q, sizeof *q, nq) &&
           id_index_build(&kb->idx_conditions, ar, k, sizeof *k, nk) &&
           id_index_build(&kb->idx_facts, ar, f, sizeof *f, nf) &&
           id_index_build(&kb->idx_factors, ar, fa, sizeof *fa, nfa) &&
           id_index_build(&kb->idx_advice, ar, a, sizeof *a, na) &&
           id_index_build(&kb->idx_red_flags, ar, r, sizeof *r, nr) &&
           (!all || (id_index_build(&kb->idx_rules, ar, kb->rules, sizeof(kb_rule), kb->nrules) &&
                     id_index_build(&kb->idx_lookalikes, ar, kb->lookalikes, sizeof(kb_lookalike),
                                    kb->nlookalikes)));
}

/* Hands the records to the knowledge base's arena and the nodes beside them
 * to the syntax (the trees' arena). */
static void adopt_all(cx *c, kb_syntax *syn)
{
    tri_kb *kb = c->kb;
    kb->questions = adopt(c, &c->questions, c->ar);
    kb->conditions = adopt(c, &c->conditions, c->ar);
    kb->rules = adopt(c, &c->rules, c->ar);
    kb->red_flags = adopt(c, &c->red_flags, c->ar);
    kb->facts = adopt(c, &c->facts, c->ar);
    kb->factors = adopt(c, &c->factors, c->ar);
    kb->advice = adopt(c, &c->advice, c->ar);
    kb->lookalikes = adopt(c, &c->lookalikes, c->ar);
    kb->alarms = adopt(c, &c->alarms, c->ar);
    kb->tests = adopt(c, &c->tests, c->ar);
    kb->test_kids = adopt(c, &c->kids, c->ar);
    kb->ranges = adopt(c, &c->ranges, c->ar);
    kb->matches = adopt(c, &c->matches, c->ar);
    kb->nets = adopt(c, &c->nets, c->ar);
    if (c->keep_source)
        kb->test_source = adopt(c, &c->test_source, c->ar);
    kb->actions = adopt(c, &c->actions, c->ar);
    kb->qrefs = adopt(c, &c->qrefs, c->ar);
    kb->advice_refs = adopt(c, &c->advice_refs, c->ar);
    kb->option_rx = adopt(c, &c->option_rx, c->ar);
    kb->nquestions = c->questions.n;
    kb->nconditions = c->conditions.n;
    kb->nrules = c->rules.n;
    kb->nred_flags = c->red_flags.n;
    kb->nfacts = c->facts.n;
    kb->nfactors = c->factors.n;
    kb->nadvice = c->advice.n;
    kb->nlookalikes = c->lookalikes.n;
    kb->nalarms = c->alarms.n;
    kb->ntests = c->tests.n;
    syn->questions = adopt(c, &c->questions_at, c->tmp);
    syn->conditions = adopt(c, &c->conditions_at, c->tmp);
    syn->rules = adopt(c, &c->rules_at, c->tmp);
    syn->red_flags = adopt(c, &c->red_flags_at, c->tmp);
    syn->facts = adopt(c, &c->facts_at, c->tmp);
    syn->factors = adopt(c, &c->factors_at, c->tmp);
    syn->advice = adopt(c, &c->advice_at, c->tmp);
    syn->lookalikes = adopt(c, &c->lookalikes_at, c->tmp);
    syn->alarms = adopt(c, &c->alarms_at, c->tmp);
    syn->tests = adopt(c, &c->tests_at, c->tmp);
    syn->actions = adopt(c, &c->actions_at, c->tmp);
}

tri_status compile_kb(tri_kb *kb, const node *const *roots, uint32_t n, arena *trees,
                      bool keep_source, kb_syntax *syntax, diag_sink *d)
{
    cx c;
    memset(&c, 0, sizeof c);
    memset(syntax, 0, sizeof *syntax);
    syntax->roots = roots;
    syntax->nroots = n;
    c.kb = kb;
    c.ar = kb->ar;
    c.tmp = trees;
    c.d = d;
    c.a = arena_allocator(kb->ar);
    c.roots = roots;
    c.nroots = n;
    c.keep_source = keep_source;
    struct {
        vec *v;
        size_t size;
    } vecs[] = {
        {&c.questions, sizeof(kb_question)}, {&c.conditions, sizeof(kb_condition)},
        {&c.rules, sizeof(kb_rule)},         {&c.red_flags, sizeof(kb_red_flag)},
        {&c.facts, sizeof(kb_fact)},         {&c.factors, sizeof(kb_factor)},
        {&c.advice, sizeof(kb_advice)},      {&c.lookalikes, sizeof(kb_lookalike)},
        {&c.alarms, sizeof(kb_alarm)},       {&c.tests, sizeof(kb_test)},
        {&c.kids, sizeof(uint32_t)},         {&c.actions, sizeof(kb_action)},
        {&c.ranges, sizeof(kb_range)},       {&c.matches, sizeof(kb_match)},
        {&c.nets, sizeof(kb_net)},           {&c.test_source, sizeof(kb_test_source)},
        {&c.qrefs, sizeof(uint32_t)},        {&c.advice_refs, sizeof(uint32_t)},
        {&c.option_rx, sizeof(int)},         {&c.questions_at, sizeof(const node *)},
        {&c.conditions_at, sizeof(const node *)}, {&c.rules_at, sizeof(const node *)},
        {&c.red_flags_at, sizeof(const node *)},  {&c.facts_at, sizeof(const node *)},
        {&c.factors_at, sizeof(const node *)},    {&c.advice_at, sizeof(const node *)},
        {&c.lookalikes_at, sizeof(const node *)}, {&c.alarms_at, sizeof(const node *)},
        {&c.tests_at, sizeof(const node *)},      {&c.actions_at, sizeof(const node *)},
    };
    for (size_t i = 0; i < sizeof vecs / sizeof vecs[0]; i++)
        vec_init(vecs[i].v, c.a, (uint32_t)vecs[i].size);

    for (uint32_t i = 0; i < n && !c.nomem; i++)
        declare_file(&c, roots[i]);

    /* index the declarations for pass 2 (scratch: the vecs do not grow after this point) */
    if (!c.nomem &&
        !build_indexes(kb, c.tmp, false, (const kb_question *)c.questions.data, c.questions.n,
                       (const kb_condition *)c.conditions.data, c.conditions.n,
                       (const kb_fact *)c.facts.data, c.facts.n, (const kb_factor *)c.factors.data,
                       c.factors.n, (const kb_advice *)c.advice.data, c.advice.n,
                       (const kb_red_flag *)c.red_flags.data, c.red_flags.n)) {
        c.nomem = true;
        diag_fail(d, TRI_ERR_NOMEM, NULL, "out of memory while compiling the knowledge base");
    }
    if (!c.nomem) {
        rules_resolve(&c);
        alarm_resolve(&c);
    }
    if (!c.nomem)
        adopt_all(&c, syntax);
    /* index the knowledge base's own arrays, and derive the tables */
    if (!c.nomem && d->errors == 0 &&
        !(build_indexes(kb, c.ar, true, kb->questions, kb->nquestions, kb->conditions,
                        kb->nconditions, kb->facts, kb->nfacts, kb->factors, kb->nfactors,
                        kb->advice, kb->nadvice, kb->red_flags, kb->nred_flags) &&
          build_tables(&c))) {
        c.nomem = true;
        diag_fail(d, TRI_ERR_NOMEM, NULL, "out of memory while compiling the knowledge base");
    }
    for (size_t i = 0; i < sizeof vecs / sizeof vecs[0]; i++)
        vec_fini(vecs[i].v);
    return diag_status(d);
}
