/*
 * rules.c - pass 2 of the compiler, rules and references: compiles each
 * rule's `when` (through when.c) and its `then` actions (support,
 * oppose, set, triage, red_flag, advise, factor), and resolves the other
 * references between declarations: ask_if, advice premises and child
 * versions, condition advice, look-alikes.
 *
 * Place in the pipeline: called by compile_kb (compile.c) after pass 1 has
 * declared and indexed everything, before the derived tables are built.
 */
#include "compile_util.h"

#include <string.h>

/* ---- pass 2: rules ------------------------------------------------------- */

static const char *const action_words[] = {"support", "oppose",  "set",   "triage",
                                           "red_flag", "advise", "factor"};

static kb_action *new_action(cx *c, action_kind kind, uint32_t target, double cf,
                             const node *where)
{
    kb_action *a = compile_push(c, &c->actions);
    const node **at = compile_push(c, &c->actions_at);
    if (!a || !at)
        return NULL;
    a->kind = (uint8_t)kind;
    a->target = target;
    a->cf = cf;
    *at = where;
    return a;
}

static void compile_action(cx *c, kb_rule *r, const node *k, const node *v)
{
    const char *name = k->text;
    if (!strcmp(name, "support") || !strcmp(name, "oppose")) {
        action_kind kind = name[0] == 's' ? ACT_SUPPORT : ACT_OPPOSE;
        if (v->kind != NODE_MAP || v->count == 0) {
            ERR(v, "type", "%s takes a mapping of conditions to certainty factors, such as "
                           "{hypnic_jerks: 0.6}",
                name);
            return;
        }
        for (size_t i = 0; i + 1 < v->count; i += 2) {
            uint32_t ci = compile_find(c, &c->kb->idx_conditions, &c->conditions, v->kids[i],
                                       "condition", "unknown-condition");
            double cf;
            if (!compile_parse_double(c, v->kids[i + 1], &cf, "a certainty factor"))
                continue;
            if (!(cf > 0 && cf <= 1)) {
                ERR(v->kids[i + 1], "bad-cf",
                    "a certainty factor must be above 0 and at most 1, found %g", cf);
                continue;
            }
            if (ci != NO_INDEX)
                new_action(c, kind, ci, cf, v->kids[i]);
        }
        return;
    }
    if (!strcmp(name, "set")) {
        size_t nv = v->kind == NODE_SEQ ? v->count : 1;
        for (size_t i = 0; i < nv; i++) {
            const node *f = v->kind == NODE_SEQ ? v->kids[i] : v;
            uint32_t fi = compile_find(c, &c->kb->idx_facts, &c->facts, f, "fact", "unknown-fact");
            if (fi != NO_INDEX) {
                new_action(c, ACT_SET, fi, 1, f);
                r->sets_fact = true;
            }
        }
        return;
    }
    if (!strcmp(name, "triage")) {
        uint8_t level;
        if (schema_level(c->d, v, &level)) {
            new_action(c, ACT_TRIAGE, level, 1, v);
            if (level < r->floor_level)
                r->floor_level = level;
            if (!r->raises_triage || level < r->raise_level)
                r->raise_level = level;
            r->raises_triage = true;
        }
        return;
    }
    if (!strcmp(name, "red_flag")) {
        const node *idn = v->kind == NODE_MAP ? node_get(v, "id") : v;
        if (!idn)
            return; /* reported when declared */
        uint32_t fi = compile_find(c, &c->kb->idx_red_flags, &c->red_flags, idn, "red flag",
                                   "unknown-red-flag");
        if (fi != NO_INDEX) {
            new_action(c, ACT_RED_FLAG, fi, 1, idn);
            uint8_t level = ((kb_red_flag *)vec_at(&c->red_flags, fi))->level;
            r->raises_red_flag = true;
            if (!r->raises_triage || level < r->raise_level)
                r->raise_level = level;
            r->raises_triage = true;
        }
        return;
    }
    if (!strcmp(name, "advise")) {
        size_t nv = v->kind == NODE_SEQ ? v->count : 1;
        for (size_t i = 0; i < nv; i++) {
            const node *a = v->kind == NODE_SEQ ? v->kids[i] : v;
            if (compile_is_scalar(a) && strchr(a->text, ' ')) {
                for (uint32_t j = 0; j < c->advice.n; j++)
                    if (compile_node(&c->advice_at, j) == a)
                        new_action(c, ACT_ADVISE, j, 1, a);
                continue;
            }
            uint32_t ai =
                compile_find(c, &c->kb->idx_advice, &c->advice, a, "advice", "unknown-advice");
            if (ai != NO_INDEX)
                new_action(c, ACT_ADVISE, ai, 1, a);
        }
        return;
    }
    if (!strcmp(name, "factor")) {
        size_t nv = v->kind == NODE_SEQ ? v->count : 1;
        for (size_t i = 0; i < nv; i++) {
            const node *f = v->kind == NODE_SEQ ? v->kids[i] : v;
            uint32_t fi =
                compile_find(c, &c->kb->idx_factors, &c->factors, f, "factor", "unknown-factor");
            if (fi != NO_INDEX)
                new_action(c, ACT_FACTOR, fi, 1, f);
        }
        return;
    }
    names_best nb;
    names_best_init(&nb, name);
    for (size_t i = 0; i < sizeof action_words / sizeof action_words[0]; i++)
        names_best_offer(&nb, action_words[i]);
    const char *s = names_best_get(&nb);
    if (s)
        ERR(k, "unknown-action", "unknown action '%s' (did you mean '%s'?)", name, s);
    else
        ERR(k, "unknown-action",
            "unknown action '%s' (expected support, oppose, set, triage, red_flag, advise or "
            "factor)",
            name);
}

static void compile_rule(cx *c, uint32_t ri)
{
    const node *n = compile_node(&c->rules_at, ri);
    const node *when = node_get(n, "when"), *then = node_get(n, "then");
    c->qref_start = c->qrefs.n;
    uint32_t w = when ? when_compile(c, when) : NO_INDEX;
    kb_rule *r = vec_at(&c->rules, ri);
    r->when = w;
    r->first_qref = c->qref_start;
    r->nqrefs = c->qrefs.n - c->qref_start;
    r->first_action = c->actions.n;
    if (then) {
        if (then->kind == NODE_SEQ) {
            if (then->count == 0)
                ERR(then, "empty", "a rule needs at least one action in 'then'");
            for (size_t i = 0; i < then->count; i++) {
                const node *item = then->kids[i];
                if (item->kind != NODE_MAP || item->count != 2 ||
                    !compile_is_scalar(item->kids[0])) {
                    ERR(item, "bad-action",
                        "each action is a mapping with one key, such as support: {hypnic_jerks: "
                        "0.5}");
                    continue;
                }
                compile_action(c, vec_at(&c->rules, ri), item->kids[0], item->kids[1]);
            }
        } else if (then->kind == NODE_MAP) {
            for (size_t i = 0; i + 1 < then->count; i += 2)
                if (compile_is_scalar(then->kids[i]))
                    compile_action(c, vec_at(&c->rules, ri), then->kids[i], then->kids[i + 1]);
        } else {
            ERR(then, "type", "'then' must be a list of actions, found %s", node_kind_name(then));
        }
    }
    r = vec_at(&c->rules, ri);
    r->nactions = c->actions.n - r->first_action;
    /* inline advice given by a rule that raises triage is as urgent as the rule */
    for (uint32_t i = r->first_action; i < c->actions.n; i++) {
        kb_action *a = vec_at(&c->actions, i);
        if (a->kind == ACT_ADVISE && r->raises_triage) {
            kb_advice *ad = vec_at(&c->advice, a->target);
            if (!ad->id)
                ad->level = r->raise_level;
        }
    }
}

void rules_resolve(cx *c)
{
    /* ask_if */
    for (uint32_t i = 0; i < c->questions.n; i++) {
        const node *ask = node_get(compile_node(&c->questions_at, i), "ask_if");
        if (!ask)
            continue;
        c->qref_start = c->qrefs.n;
        uint32_t w = when_compile(c, ask);
        c->qrefs.n = c->qref_start; /* ask_if does not keep question refs */
        ((kb_question *)vec_at(&c->questions, i))->ask_if = w;
    }
    /* advice: the premise (`unless`) and the version for a child (`for_child`) */
    for (uint32_t i = 0; i < c->advice.n && !c->nomem; i++) {
        const node *an = compile_node(&c->advice_at, i);
        if (!an || an->kind != NODE_MAP)
            continue; /* an inline advice text */
        const node *un = node_get(an, "unless"), *fc = node_get(an, "for_child");
        if (un) {
            c->qref_start = c->qrefs.n;
            uint32_t w = when_compile(c, un);
            c->qrefs.n = c->qref_start; /* like ask_if, keeps no question refs */
            ((kb_advice *)vec_at(&c->advice, i))->unless = w;
        }
        if (fc) {
            uint32_t ai =
                compile_find(c, &c->kb->idx_advice, &c->advice, fc, "advice", "unknown-advice");
            ((kb_advice *)vec_at(&c->advice, i))->for_child = ai;
        }
    }
    /* condition advice */
    for (uint32_t i = 0; i < c->conditions.n; i++) {
        const node *adv = node_get(compile_node(&c->conditions_at, i), "advice");
        kb_condition *k = vec_at(&c->conditions, i);
        k->first_advice = c->advice_refs.n;
        if (!adv)
            continue;
        size_t nv = adv->kind == NODE_SEQ ? adv->count : 1;
        for (size_t j = 0; j < nv; j++) {
            const node *a = adv->kind == NODE_SEQ ? adv->kids[j] : adv;
            uint32_t ai =
                compile_find(c, &c->kb->idx_advice, &c->advice, a, "advice", "unknown-advice");
            if (ai == NO_INDEX)
                continue;
            uint32_t *slot = compile_push(c, &c->advice_refs);
            if (!slot)
                return;
            *slot = ai;
            ((kb_condition *)vec_at(&c->conditions, i))->nadvice++;
        }
    }
    /* look-alikes */
    for (uint32_t i = 0; i < c->lookalikes.n; i++) {
        kb_lookalike *l = vec_at(&c->lookalikes, i);
        const node *ln = compile_node(&c->lookalikes_at, i);
        const node *bn = node_get(ln, "between");
        if (bn) {
            if (bn->kind != NODE_SEQ || bn->count != 2) {
                ERR(bn, "type", "between takes a list of two condition ids");
            } else {
                l->a = compile_find(c, &c->kb->idx_conditions, &c->conditions, bn->kids[0],
                                    "condition", "unknown-condition");
                l->b = compile_find(c, &c->kb->idx_conditions, &c->conditions, bn->kids[1],
                                    "condition", "unknown-condition");
            }
        }
        const node *sn = node_get(ln, "separated_by");
        l->first_q = c->qrefs.n;
        if (sn) {
            size_t nv = sn->kind == NODE_SEQ ? sn->count : 1;
            for (size_t j = 0; j < nv; j++) {
                uint32_t q = compile_find(c, &c->kb->idx_questions, &c->questions,
                                          sn->kind == NODE_SEQ ? sn->kids[j] : sn, "question",
                                          "unknown-question");
                if (q == NO_INDEX)
                    continue;
                uint32_t *slot = compile_push(c, &c->qrefs);
                if (!slot)
                    return;
                *slot = q;
                ((kb_lookalike *)vec_at(&c->lookalikes, i))->nq++;
            }
        }
    }
    for (uint32_t i = 0; i < c->rules.n && !c->nomem; i++)
        compile_rule(c, i);
}

/* ---- emergency phrases: red flags and questions ------------------------------------ */

/* Appends the questions listed at n (an id or a list of ids) to c->qrefs. */
static uint32_t resolve_questions(cx *c, const node *n)
{
    if (n->kind == NODE_MAP) {
        ERR(n, "type", "a list of question ids was expected, found %s", node_kind_name(n));
        return 0;
    }
    if (n->kind == NODE_SEQ && n->count == 0) {
        ERR(n, "empty", "the list of questions is empty");
        return 0;
    }
    uint32_t count = 0;
    size_t nq = n->kind == NODE_SEQ ? n->count : 1;
    for (size_t i = 0; i < nq; i++) {
        const node *qn = n->kind == NODE_SEQ ? n->kids[i] : n;
        uint32_t q = compile_find(c, &c->kb->idx_questions, &c->questions, qn, "question",
                                  "unknown-question");
        if (q == NO_INDEX)
            continue;
        uint32_t *slot = compile_push(c, &c->qrefs);
        if (!slot)
            return count;
        *slot = q;
        count++;
    }
    return count;
}

void alarm_resolve(cx *c)
{
    for (uint32_t i = 0; i < c->alarms.n && !c->nomem; i++) {
        kb_alarm *a = vec_at(&c->alarms, i);
        const node *an = compile_node(&c->alarms_at, i);
        const node *rf = node_get(an, "red_flag");
        if (rf) {
            a->red_flag = compile_find(c, &c->kb->idx_red_flags, &c->red_flags, rf, "red flag",
                                       "unknown-red-flag");
            if (a->red_flag != NO_INDEX && !node_get(an, "level"))
                a->level = ((const kb_red_flag *)vec_at(&c->red_flags, a->red_flag))->level;
        }
        const node *at = node_get(an, "at"), *not_at = node_get(an, "not_at");
        a->only_at = at != NULL;
        a->first_q = c->qrefs.n;
        if (at || not_at)
            a->nq = resolve_questions(c, at ? at : not_at);
    }
}
