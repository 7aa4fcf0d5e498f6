/*
 * declare.c - pass 1 of the compiler: declares every named thing of the rule
 * files (questions with their options, facts, factors, advice, red flags,
 * conditions, look-alikes, rules) and checks their plain fields: known and
 * required keys, ids, texts, levels, numbers and patterns.
 *
 * Place in the pipeline: called by compile_kb (compile.c) once per file,
 * before anything is indexed, so that pass 2 (conditions.c, actions.c) can
 * resolve references in any order across files. Every record starts with its
 * id and its declaring node (see kb.h).
 */
#include "compile_internal.h"

#include "alarm.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- keys, ids and plain fields ------------------------------------------ */

typedef struct key_spec {
    const char *name;
    bool required;
} key_spec;

/* Checks the keys of mapping n: all known, none twice, required ones present. */
static bool check_map(cx *c, const node *n, const char *what, const key_spec *keys, size_t nkeys)
{
    if (!compile_expect_kind(c, n, NODE_MAP, what))
        return false;
    bool ok = true;
    const char *suggested[8];
    size_t nsuggested = 0;
    for (size_t i = 0; i + 1 < n->count; i += 2) {
        const node *k = n->kids[i];
        if (!compile_is_scalar(k)) {
            ERR(k, "type", "keys in %s must be plain names", what);
            ok = false;
            continue;
        }
        bool known = false;
        for (size_t j = 0; j < nkeys; j++)
            if (strcmp(k->text, keys[j].name) == 0)
                known = true;
        if (!known) {
            names_best nb;
            names_best_init(&nb, k->text);
            for (size_t j = 0; j < nkeys; j++)
                names_best_offer(&nb, keys[j].name);
            const char *s = names_best_get(&nb);
            if (s && nsuggested < 8)
                suggested[nsuggested++] = s;
            if (s)
                ERR(k, "unknown-key", "unknown key '%s' in %s (did you mean '%s'?)", k->text, what,
                    s);
            else
                ERR(k, "unknown-key", "unknown key '%s' in %s", k->text, what);
            ok = false;
        }
        if (k->dup_of) {
            ERR(k, "duplicate-key", "key '%s' appears twice in %s", k->text, what);
            node_report(c->d, TRI_SEV_NOTE, k->dup_of, "duplicate-key",
                        "'%s' first appears here", k->text);
            ok = false;
        }
    }
    for (size_t j = 0; j < nkeys; j++) {
        /* a misspelt key was already reported with the right spelling */
        bool misspelt = false;
        for (size_t s = 0; s < nsuggested; s++)
            misspelt |= suggested[s] == keys[j].name;
        if (misspelt) {
            ok = false;
            continue;
        }
        if (keys[j].required && !node_get(n, keys[j].name)) {
            ERR(n, "missing-key", "%s is missing the required key '%s'", what, keys[j].name);
            ok = false;
        }
    }
    return ok;
}

static const char *get_id(cx *c, const node *map, const char *what)
{
    const node *n = node_get(map, "id");
    if (!n)
        return NULL;
    if (!compile_is_scalar(n)) {
        ERR(n, "type", "the id of %s must be a single value, found %s", what, node_kind_name(n));
        return NULL;
    }
    if (!names_valid_id(n->text)) {
        ERR(n, "bad-id",
            "'%s' is not a valid id (use lower-case letters, digits, '_' and '-', starting with a "
            "letter, at most 63 characters)",
            n->text);
        return NULL;
    }
    return n->text;
}

/* Reports a duplicate id, pointing at the new one and noting the first.
 * Every record starts with its id and its declaring node (see kb.h). */
static bool unique_id(cx *c, vec *v, const char *id, const node *where, const char *what)
{
    for (uint32_t i = 0; i < v->n; i++) {
        const char *rec = vec_at(v, i);
        const char *other = *(const char *const *)rec;
        if (other && strcmp(other, id) == 0) {
            const node *first = *(const node *const *)(rec + sizeof(const char *));
            const node *w = node_get(where, "id");
            ERR(w ? w : where, "duplicate-id", "duplicate %s id '%s'", what, id);
            const node *fw = first ? node_get(first, "id") : NULL;
            if (fw)
                node_report(c->d, TRI_SEV_NOTE, fw, "duplicate-id", "'%s' is first defined here",
                            id);
            return false;
        }
    }
    return true;
}

static bool parse_bool(cx *c, const node *n, bool *out, const char *what)
{
    if (!compile_expect_kind(c, n, NODE_SCALAR, what))
        return false;
    const char *t = n->text;
    if (!strcmp(t, "true") || !strcmp(t, "yes")) {
        *out = true;
        return true;
    }
    if (!strcmp(t, "false") || !strcmp(t, "no")) {
        *out = false;
        return true;
    }
    ERR(n, "type", "%s must be true or false, found '%s'", what, t);
    return false;
}

static bool valid_lang(const char *s)
{
    size_t n = 0;
    while (s[n] && ((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z')))
        n++;
    if (n < 2 || n > 3)
        return false;
    for (const char *p = s + n; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '-'))
            return false;
    return true;
}

/* A text: a string, or a map of language tags to strings with `en` required. */
static bool parse_text(cx *c, const node *n, kb_text *out, const char *what)
{
    memset(out, 0, sizeof *out);
    if (!n)
        return true;
    if (n->kind == NODE_SCALAR) {
        if (n->size == 0) {
            ERR(n, "empty-text", "%s is empty", what);
            return false;
        }
        out->en = n->text;
        return true;
    }
    if (n->kind != NODE_MAP) {
        ERR(n, "type", "%s must be text or a map of languages to texts, found %s", what,
            node_kind_name(n));
        return false;
    }
    size_t pairs = node_pairs(n);
    kb_text_alt *alts = compile_alloc(c, pairs * sizeof *alts);
    if (!alts)
        return false;
    bool ok = true;
    uint32_t na = 0;
    for (size_t i = 0; i + 1 < n->count; i += 2) {
        const node *k = n->kids[i], *v = n->kids[i + 1];
        if (!compile_is_scalar(k) || !valid_lang(k->text)) {
            ERR(k, "bad-language", "'%s' is not a language tag (such as en or zh-TW)",
                compile_is_scalar(k) ? k->text : "?");
            ok = false;
            continue;
        }
        if (!compile_is_scalar(v)) {
            ERR(v, "type", "the %s text of %s must be a single value", k->text, what);
            ok = false;
            continue;
        }
        if (strcmp(k->text, "en") == 0)
            out->en = v->text;
        else
            alts[na++] = (kb_text_alt){k->text, v->text};
    }
    if (ok && !out->en) {
        ERR(n, "missing-english", "%s has no English text (add an 'en:' entry)", what);
        ok = false;
    }
    out->alts = alts;
    out->nalts = na;
    return ok;
}

/* A list of reference strings (URLs or DOIs). */
static bool parse_refs(cx *c, const node *n, const char *const **out, uint32_t *count)
{
    *out = NULL;
    *count = 0;
    if (!n)
        return true;
    if (n->kind == NODE_SCALAR) {
        const char **r = compile_alloc(c, sizeof *r);
        if (!r)
            return false;
        r[0] = n->text;
        *out = r;
        *count = 1;
        return true;
    }
    if (!compile_expect_kind(c, n, NODE_SEQ, "references"))
        return false;
    const char **r = compile_alloc(c, n->count * sizeof *r);
    if (!r)
        return false;
    bool ok = true;
    for (size_t i = 0; i < n->count; i++) {
        if (!compile_is_scalar(n->kids[i])) {
            ERR(n->kids[i], "type", "a reference must be a URL or DOI, found %s",
                node_kind_name(n->kids[i]));
            ok = false;
            continue;
        }
        r[(*count)++] = n->kids[i]->text;
    }
    *out = r;
    return ok;
}

/* `signs:` of a safety net: a list of ids naming the symptoms it mentions, so
 * that the result can show each symptom at one level only (see explain.c). */
static void parse_signs(cx *c, const node *n, const char *const **out, uint32_t *count)
{
    *out = NULL;
    *count = 0;
    if (!n)
        return;
    size_t nv = n->kind == NODE_SEQ ? n->count : 1;
    if (n->kind != NODE_SEQ && !compile_expect_kind(c, n, NODE_SCALAR, "signs"))
        return;
    const char **r = compile_alloc(c, nv * sizeof *r);
    if (!r)
        return;
    for (size_t i = 0; i < nv; i++) {
        const node *k = n->kind == NODE_SEQ ? n->kids[i] : n;
        if (!compile_is_scalar(k)) {
            ERR(k, "type", "a sign is an id such as face_droop, found %s", node_kind_name(k));
            continue;
        }
        if (!names_valid_id(k->text)) {
            ERR(k, "bad-id",
                "'%s' is not a valid sign id (use lower-case letters, digits, '_' and '-', "
                "starting with a letter, at most 63 characters)",
                k->text);
            continue;
        }
        bool twice = false;
        for (uint32_t j = 0; j < *count; j++)
            twice |= strcmp(r[j], k->text) == 0;
        if (twice) {
            ERR(k, "duplicate-sign", "sign '%s' is listed twice", k->text);
            continue;
        }
        r[(*count)++] = k->text;
    }
    *out = r;
}

/* A scalar that must be one of names[0..n): its index in *out. */
static bool parse_word(cx *c, const node *n, const char *const *names, size_t nnames,
                       uint8_t *out, const char *what)
{
    if (!compile_expect_kind(c, n, NODE_SCALAR, what))
        return false;
    for (size_t i = 0; i < nnames; i++)
        if (strcmp(n->text, names[i]) == 0) {
            *out = (uint8_t)i;
            return true;
        }
    char expected[128];
    size_t at = 0;
    for (size_t i = 0; i < nnames && at < sizeof expected; i++)
        at += (size_t)snprintf(expected + at, sizeof expected - at, "%s%s",
                               i == 0 ? "" : i + 1 == nnames ? " or " : ", ", names[i]);
    ERR(n, "bad-value", "%s must be %s, found '%s'", what, expected, n->text);
    return false;
}

static const char *scalar_text(const node *n)
{
    return compile_is_scalar(n) ? n->text : NULL;
}

/* ---- pass 1: declarations ------------------------------------------------ */

static const key_spec question_keys[] = {
    {"id", true},      {"type", true},  {"text", true},   {"parent_text", false},
    {"help", false},   {"unit", false}, {"min", false},   {"max", false},
    {"options", false}, {"ask_if", false}, {"screening", false}, {"note", false},
};
static const key_spec option_keys[] = {
    {"id", true}, {"text", true}, {"parent_text", false}, {"match", false}, {"note", false}};
static void declare_question(cx *c, const node *qn)
{
    if (!check_map(c, qn, "a question", question_keys,
                   sizeof question_keys / sizeof question_keys[0]) &&
        qn->kind != NODE_MAP)
        return;
    const char *id = get_id(c, qn, "a question");
    if (id && !strcmp(id, "id")) { /* a JSON Lines record's own id (docs/eval.md) */
        ERR(node_get(qn, "id"), "reserved-id",
            "'id' is reserved for the id of a JSON Lines record (triage eval --jsonl): name the "
            "question otherwise");
        id = NULL;
    }
    if (id && !unique_id(c, &c->questions, id, qn, "question"))
        id = NULL;
    kb_question *q = compile_push(c, &c->questions);
    const node **ask = compile_push(c, &c->ask_if_nodes);
    if (!q || !ask)
        return;
    q->id = id ? id : "";
    q->where = qn;
    q->min = -INFINITY;
    q->max = INFINITY;
    q->none_option = NO_INDEX;
    q->ask_if = NO_INDEX;
    *ask = node_get(qn, "ask_if");

    const node *tn = node_get(qn, "type");
    bool typed = false;
    if (tn && compile_expect_kind(c, tn, NODE_SCALAR, "a question's type")) {
        for (int t = 0; t < TRI_Q_COUNT; t++)
            if (strcmp(tn->text, tri_qtype_name((tri_qtype)t)) == 0) {
                q->type = (tri_qtype)t;
                typed = true;
            }
        if (!typed) {
            q->bad_type = true;
            names_best nb;
            names_best_init(&nb, tn->text);
            for (int t = 0; t < TRI_Q_COUNT; t++)
                names_best_offer(&nb, tri_qtype_name((tri_qtype)t));
            const char *s = names_best_get(&nb);
            if (s)
                ERR(tn, "unknown-type", "unknown question type '%s' (did you mean '%s'?)",
                    tn->text, s);
            else
                ERR(tn, "unknown-type",
                    "unknown question type '%s' (expected number, choice, multi, yes_no, "
                    "duration or text)",
                    tn->text);
        }
    }
    parse_text(c, node_get(qn, "text"), &q->text, "a question's text");
    parse_text(c, node_get(qn, "parent_text"), &q->parent_text, "a question's parent_text");
    parse_text(c, node_get(qn, "help"), &q->help, "a question's help");
    const node *sn = node_get(qn, "screening");
    if (sn)
        parse_bool(c, sn, &q->screening, "screening");

    const node *un = node_get(qn, "unit"), *mn = node_get(qn, "min"), *xn = node_get(qn, "max");
    if (typed && q->type != TRI_Q_NUMBER) {
        const node *bad = un ? un : mn ? mn : xn;
        if (bad)
            ERR(bad, "wrong-key", "unit, min and max are only for number questions (this one is %s)",
                tri_qtype_name(q->type));
    } else {
        if (un && compile_expect_kind(c, un, NODE_SCALAR, "unit"))
            q->unit = un->text;
        if (mn)
            compile_parse_double(c, mn, &q->min, "min");
        if (xn)
            compile_parse_double(c, xn, &q->max, "max");
        if (mn && xn && q->min > q->max)
            ERR(xn, "bad-bounds", "max (%g) is below min (%g)", q->max, q->min);
    }

    const node *on = node_get(qn, "options");
    bool wants_options = typed && (q->type == TRI_Q_CHOICE || q->type == TRI_Q_MULTI);
    if (typed && q->type == TRI_Q_YES_NO) {
        if (on)
            ERR(on, "wrong-key", "yes_no questions have the options yes and no already; remove "
                                 "'options'");
        static const char *yn[] = {"yes", "no"};
        static const char *yt[] = {"Yes", "No"};
        q->options = compile_alloc(c, 2 * sizeof *q->options);
        if (!q->options)
            return;
        memset(q->options, 0, 2 * sizeof *q->options);
        for (int i = 0; i < 2; i++) {
            q->options[i].id = yn[i];
            q->options[i].text.en = yt[i];
        }
        q->noptions = 2;
        return;
    }
    if (!wants_options) {
        if (on && typed)
            ERR(on, "wrong-key", "options are only for choice and multi questions (this one is %s)",
                tri_qtype_name(q->type));
        return;
    }
    if (!on) {
        ERR(qn, "missing-key", "a %s question is missing the required key 'options'",
            tri_qtype_name(q->type));
        return;
    }
    if (!compile_expect_kind(c, on, NODE_SEQ, "options"))
        return;
    if (on->count == 0) {
        ERR(on, "empty", "a %s question needs at least one option", tri_qtype_name(q->type));
        return;
    }
    if (on->count > TRI_MAX_OPTIONS) {
        ERR(on, "limit", "a question may have at most %d options, found %zu", TRI_MAX_OPTIONS,
            on->count);
        return;
    }
    q->options = compile_alloc(c, on->count * sizeof *q->options);
    if (!q->options)
        return;
    memset(q->options, 0, on->count * sizeof *q->options);
    for (size_t i = 0; i < on->count; i++) {
        const node *o = on->kids[i];
        kb_option *opt = &q->options[q->noptions];
        if (!check_map(c, o, "an option", option_keys, sizeof option_keys / sizeof option_keys[0]) &&
            o->kind != NODE_MAP)
            continue;
        const char *oid = get_id(c, o, "an option");
        if (!oid)
            continue;
        bool dup = false;
        for (uint32_t j = 0; j < q->noptions; j++)
            if (strcmp(q->options[j].id, oid) == 0) {
                ERR(node_get(o, "id"), "duplicate-id", "duplicate option id '%s' in question '%s'",
                    oid, q->id);
                dup = true;
            }
        if (dup)
            continue;
        opt->id = oid;
        parse_text(c, node_get(o, "text"), &opt->text, "an option's text");
        parse_text(c, node_get(o, "parent_text"), &opt->parent_text, "an option's parent_text");
        const node *m = node_get(o, "match");
        if (m) {
            size_t np = m->kind == NODE_SEQ ? m->count : 1;
            opt->rx_first = c->option_rx.n;
            for (size_t k = 0; k < np; k++) {
                int idx;
                if (compile_pattern(c, m->kind == NODE_SEQ ? m->kids[k] : m, &idx)) {
                    int *slot = compile_push(c, &c->option_rx);
                    if (slot) {
                        *slot = idx;
                        opt->rx_count++;
                    }
                }
            }
        }
        if (strcmp(oid, "none") == 0)
            q->none_option = q->noptions;
        q->noptions++;
    }
}

static const key_spec fact_keys[] = {{"id", true}, {"text", false}, {"note", false}};
static const key_spec factor_keys[] = {
    {"id", true}, {"name", true}, {"advice", true}, {"references", false}, {"note", false}};
static const key_spec advice_keys[] = {
    {"id", true},      {"text", true},    {"parent_text", false}, {"level", false},
    {"kind", false},   {"age", false},    {"unless", false},      {"for_child", false},
    {"references", false}, {"note", false}};
static const key_spec red_flag_keys[] = {
    {"id", true},         {"text", true},        {"level", true}, {"safety_net", false},
    {"parent_safety_net", false}, {"signs", false}, {"references", false}, {"reason", false},
    {"note", false}};
static const key_spec condition_keys[] = {
    {"id", true},          {"name", true},         {"summary", true},   {"icd10", false},
    {"level", true},       {"distinguishing", false}, {"self_care", false}, {"doctor", false},
    {"seek_help", false},  {"advice", false},      {"references", false}, {"note", false},
    {"prior", false},      {"must_not_miss", false}, {"parent_self_care", false}};
static const key_spec seek_help_keys[] = {
    {"level", true}, {"text", true}, {"parent_text", false}, {"signs", false}, {"note", false}};
static const key_spec lookalike_keys[] = {
    {"id", true}, {"between", true}, {"question", true}, {"separated_by", false}, {"note", false}};
static const key_spec rule_keys[] = {
    {"id", true},        {"when", true},        {"then", true}, {"because", true},
    {"safety_net", false}, {"parent_safety_net", false}, {"signs", false}, {"age", false},
    {"references", false}, {"note", false}};

static void declare_fact(cx *c, const node *n)
{
    if (!check_map(c, n, "a fact", fact_keys, 3) && n->kind != NODE_MAP)
        return;
    const char *id = get_id(c, n, "a fact");
    if (!id || !unique_id(c, &c->facts, id, n, "fact"))
        return;
    kb_fact *f = compile_push(c, &c->facts);
    if (!f)
        return;
    f->id = id;
    f->where = n;
    parse_text(c, node_get(n, "text"), &f->text, "a fact's text");
}

static void declare_factor(cx *c, const node *n)
{
    if (!check_map(c, n, "a factor", factor_keys, 5) && n->kind != NODE_MAP)
        return;
    const char *id = get_id(c, n, "a factor");
    if (!id || !unique_id(c, &c->factors, id, n, "factor"))
        return;
    kb_factor *f = compile_push(c, &c->factors);
    if (!f)
        return;
    f->id = id;
    f->where = n;
    parse_text(c, node_get(n, "name"), &f->name, "a factor's name");
    parse_text(c, node_get(n, "advice"), &f->advice, "a factor's advice");
}

static void declare_advice(cx *c, const node *n)
{
    if (!check_map(c, n, "an advice item", advice_keys, sizeof advice_keys / sizeof advice_keys[0]) &&
        n->kind != NODE_MAP)
        return;
    const char *id = get_id(c, n, "an advice item");
    if (!id || !unique_id(c, &c->advice, id, n, "advice"))
        return;
    kb_advice *a = compile_push(c, &c->advice);
    if (!a)
        return;
    a->id = id;
    a->where = n;
    a->level = TRI_LEVEL_SELF_CARE;
    a->unless = a->for_child = NO_INDEX; /* resolved in pass 2 (actions.c) */
    parse_text(c, node_get(n, "text"), &a->text, "an advice text");
    parse_text(c, node_get(n, "parent_text"), &a->parent_text, "an advice's parent_text");
    const node *l = node_get(n, "level");
    if (l)
        compile_level(c->d, l, &a->level);
#define WORD(name, text) text,
    static const char *const kinds[] = {ADVICE_KIND_LIST(WORD)};
    static const char *const ages[] = {ADVICE_AGE_LIST(WORD)};
#undef WORD
    const node *k = node_get(n, "kind");
    if (k)
        parse_word(c, k, kinds, ADVICE_KIND_COUNT, &a->kind, "an advice's kind");
    const node *g = node_get(n, "age");
    if (g)
        parse_word(c, g, ages, ADVICE_AGE_COUNT, &a->age, "an advice's age");
    parse_refs(c, node_get(n, "references"), &a->refs, &a->nrefs);
}

static void declare_red_flag(cx *c, const node *n)
{
    if (!check_map(c, n, "a red flag", red_flag_keys, sizeof red_flag_keys / sizeof red_flag_keys[0]) &&
        n->kind != NODE_MAP)
        return;
    const char *id = get_id(c, n, "a red flag");
    if (!id || !unique_id(c, &c->red_flags, id, n, "red flag"))
        return;
    kb_red_flag *f = compile_push(c, &c->red_flags);
    if (!f)
        return;
    f->id = id;
    f->where = n;
    f->level = TRI_LEVEL_SOON;
    parse_text(c, node_get(n, "text"), &f->text, "a red flag's text");
    parse_text(c, node_get(n, "safety_net"), &f->safety_net, "a red flag's safety_net");
    parse_text(c, node_get(n, "parent_safety_net"), &f->parent_safety_net,
               "a red flag's parent_safety_net");
    parse_signs(c, node_get(n, "signs"), &f->signs, &f->nsigns);
    const node *l = node_get(n, "level");
    if (l)
        compile_level(c->d, l, &f->level);
    parse_refs(c, node_get(n, "references"), &f->refs, &f->nrefs);
}

/* A condition's `prior` (its base rate, as evidence for or against it before
 * any rule fires) and `must_not_miss` (the confidence from which its level
 * becomes a triage floor). Both stay below the likely threshold: a prior
 * alone never makes a condition likely, and from the threshold on the
 * condition's level applies anyway. */
static void declare_base_rate(cx *c, const node *n, kb_condition *k)
{
    const node *p = node_get(n, "prior");
    if (p && compile_parse_double(c, p, &k->prior, "a prior") &&
        !(k->prior > -1 && k->prior < TRI_LIKELY_THRESHOLD)) {
        ERR(p, "bad-value",
            "a prior must be above -1 and below %.1f (the likely threshold), found '%s'",
            TRI_LIKELY_THRESHOLD, p->text);
        k->prior = 0;
    }
    const node *m = node_get(n, "must_not_miss");
    if (m && compile_parse_double(c, m, &k->must_not_miss, "must_not_miss")) {
        if (!(k->must_not_miss > 0 && k->must_not_miss < TRI_LIKELY_THRESHOLD)) {
            ERR(m, "bad-value",
                "must_not_miss must be a confidence above 0 and below %.1f (the likely "
                "threshold), found '%s'",
                TRI_LIKELY_THRESHOLD, m->text);
            k->must_not_miss = 0;
        } else if (k->level > TRI_LEVEL_SOON) {
            ERR(m, "bad-value",
                "must_not_miss is for conditions whose level is 'soon' or more urgent, and '%s' "
                "is '%s'",
                k->id, tri_level_name((tri_level)k->level));
            k->must_not_miss = 0;
        }
    }
}

/* A condition's `seek_help`: a plain text (or translations), or a list of
 * entries, each with a level, a text to follow "if", and the signs it names. */
static void declare_seek_help(cx *c, const node *n, kb_condition *k)
{
    if (!n || n->kind != NODE_SEQ) {
        parse_text(c, n, &k->seek_help, "seek_help");
        return;
    }
    if (n->count == 0) {
        ERR(n, "empty", "seek_help is an empty list (leave it out, or give at least one entry)");
        return;
    }
    kb_seek_help *e = compile_alloc(c, n->count * sizeof *e);
    if (!e)
        return;
    for (size_t i = 0; i < n->count; i++) {
        const node *m = n->kids[i];
        if (!check_map(c, m, "a seek_help entry", seek_help_keys,
                       sizeof seek_help_keys / sizeof seek_help_keys[0]) &&
            m->kind != NODE_MAP)
            continue;
        kb_seek_help *h = &e[k->nseek++];
        h->where = m;
        h->level = TRI_LEVEL_SOON;
        const node *l = node_get(m, "level");
        if (l)
            compile_level(c->d, l, &h->level);
        parse_text(c, node_get(m, "text"), &h->text, "a seek_help text");
        parse_text(c, node_get(m, "parent_text"), &h->parent_text, "a seek_help parent_text");
        parse_signs(c, node_get(m, "signs"), &h->signs, &h->nsigns);
    }
    k->seek = e;
}

static void declare_condition(cx *c, const node *n)
{
    if (!check_map(c, n, "a condition", condition_keys,
                   sizeof condition_keys / sizeof condition_keys[0]) &&
        n->kind != NODE_MAP)
        return;
    const char *id = get_id(c, n, "a condition");
    if (!id || !unique_id(c, &c->conditions, id, n, "condition"))
        return;
    kb_condition *k = compile_push(c, &c->conditions);
    const node **adv = compile_push(c, &c->cond_advice);
    if (!k || !adv)
        return;
    k->id = id;
    k->where = n;
    k->level = TRI_LEVEL_ROUTINE;
    *adv = node_get(n, "advice");
    parse_text(c, node_get(n, "name"), &k->name, "a condition's name");
    parse_text(c, node_get(n, "summary"), &k->summary, "a condition's summary");
    parse_text(c, node_get(n, "distinguishing"), &k->distinguishing, "distinguishing");
    parse_text(c, node_get(n, "self_care"), &k->self_care, "self_care");
    parse_text(c, node_get(n, "parent_self_care"), &k->parent_self_care, "parent_self_care");
    parse_text(c, node_get(n, "doctor"), &k->doctor, "doctor");
    declare_seek_help(c, node_get(n, "seek_help"), k);
    const node *icd = node_get(n, "icd10");
    if (icd && compile_expect_kind(c, icd, NODE_SCALAR, "icd10"))
        k->icd10 = icd->text;
    const node *l = node_get(n, "level");
    if (l)
        compile_level(c->d, l, &k->level);
    parse_refs(c, node_get(n, "references"), &k->refs, &k->nrefs);
    declare_base_rate(c, n, k);
}

static void declare_lookalike(cx *c, const node *n)
{
    if (!check_map(c, n, "a look-alike pair", lookalike_keys, 5) && n->kind != NODE_MAP)
        return;
    const char *id = get_id(c, n, "a look-alike pair");
    if (!id || !unique_id(c, &c->lookalikes, id, n, "look-alike"))
        return;
    kb_lookalike *l = compile_push(c, &c->lookalikes);
    if (!l)
        return;
    l->id = id;
    l->where = n;
    l->a = l->b = NO_INDEX;
    parse_text(c, node_get(n, "question"), &l->question, "a look-alike's question");
}

/* Inline red flags (`red_flag: {id: ..., text: ..., level: ...}`) and inline
 * advice texts are declarations too: find them before ids are indexed. */
static void declare_inline(cx *c, const node *rule)
{
    const node *then = node_get(rule, "then");
    if (!then || then->kind != NODE_SEQ)
        return;
    for (size_t i = 0; i < then->count; i++) {
        const node *item = then->kids[i];
        if (item->kind != NODE_MAP || item->count != 2)
            continue;
        const char *k = scalar_text(item->kids[0]);
        const node *v = item->kids[1];
        if (k && strcmp(k, "red_flag") == 0 && v->kind == NODE_MAP)
            declare_red_flag(c, v);
        if (k && strcmp(k, "advise") == 0) {
            size_t nv = v->kind == NODE_SEQ ? v->count : 1;
            for (size_t j = 0; j < nv; j++) {
                const node *a = v->kind == NODE_SEQ ? v->kids[j] : v;
                if (compile_is_scalar(a) && strchr(a->text, ' ')) {
                    kb_advice *ad = compile_push(c, &c->advice);
                    if (!ad)
                        return;
                    ad->id = NULL; /* anonymous: not indexed */
                    ad->text.en = a->text;
                    ad->level = TRI_LEVEL_SELF_CARE;
                    ad->unless = ad->for_child = NO_INDEX;
                    ad->where = a;
                }
            }
        }
    }
}

static void declare_rule(cx *c, const node *n)
{
    if (!check_map(c, n, "a rule", rule_keys, sizeof rule_keys / sizeof rule_keys[0]) &&
        n->kind != NODE_MAP)
        return;
    const char *id = get_id(c, n, "a rule");
    if (id && !unique_id(c, &c->rules, id, n, "rule"))
        id = NULL;
    kb_rule *r = compile_push(c, &c->rules);
    const node **rn = compile_push(c, &c->rule_nodes);
    if (!r || !rn)
        return;
    r->id = id ? id : "";
    r->where = n;
    r->when = NO_INDEX;
    r->floor_level = TRI_LEVEL_COUNT;
    *rn = n;
    parse_text(c, node_get(n, "because"), &r->because, "a rule's because");
    parse_text(c, node_get(n, "safety_net"), &r->safety_net, "a rule's safety_net");
    parse_text(c, node_get(n, "parent_safety_net"), &r->parent_safety_net,
               "a rule's parent_safety_net");
    parse_signs(c, node_get(n, "signs"), &r->signs, &r->nsigns);
    const node *g = node_get(n, "age");
    if (g) {
#define WORD(name, text) text,
        static const char *const ages[] = {ADVICE_AGE_LIST(WORD)};
#undef WORD
        parse_word(c, g, ages, ADVICE_AGE_COUNT, &r->net_age, "a rule's age");
    }
    parse_refs(c, node_get(n, "references"), &r->refs, &r->nrefs);
    declare_inline(c, n);
}

/* An emergency phrase (`emergency:`): its texts, level and patterns; the
 * red flag and the questions it names are resolved in pass 2 (alarm.c). */
static const key_spec alarm_keys[] = {
    {"id", true},       {"text", true},   {"advice", true},     {"match", true},
    {"unless", false},  {"red_flag", false}, {"level", false},  {"at", false},
    {"not_at", false},  {"references", false}, {"note", false}};

/* Compiles a pattern or a list of them into c->option_rx; returns how many. */
static uint32_t alarm_patterns(cx *c, const node *n, const char *what)
{
    if (!n)
        return 0;
    if (n->kind == NODE_SEQ && n->count == 0) {
        ERR(n, "empty", "%s needs at least one pattern", what);
        return 0;
    }
    if (n->kind == NODE_MAP) {
        ERR(n, "type", "%s must be a pattern or a list of patterns, found %s", what,
            node_kind_name(n));
        return 0;
    }
    uint32_t count = 0;
    size_t np = n->kind == NODE_SEQ ? n->count : 1;
    for (size_t k = 0; k < np; k++) {
        int idx;
        if (compile_pattern(c, n->kind == NODE_SEQ ? n->kids[k] : n, &idx)) {
            int *slot = compile_push(c, &c->option_rx);
            if (!slot)
                return count;
            *slot = idx;
            count++;
        }
    }
    return count;
}

static void declare_alarm(cx *c, const node *n)
{
    if (!check_map(c, n, "an emergency phrase", alarm_keys,
                   sizeof alarm_keys / sizeof alarm_keys[0]) &&
        n->kind != NODE_MAP)
        return;
    const char *id = get_id(c, n, "an emergency phrase");
    if (!id || !unique_id(c, &c->alarms, id, n, "emergency phrase"))
        return;
    kb_alarm *a = compile_push(c, &c->alarms);
    if (!a)
        return;
    a->id = id;
    a->where = n;
    a->level = TRI_LEVEL_EMERGENCY; /* or the red flag's (alarm.c) */
    a->red_flag = NO_INDEX;
    parse_text(c, node_get(n, "text"), &a->text, "an emergency phrase's text");
    parse_text(c, node_get(n, "advice"), &a->advice, "an emergency phrase's advice");
    const node *l = node_get(n, "level");
    if (l)
        compile_level(c->d, l, &a->level);
    parse_refs(c, node_get(n, "references"), &a->refs, &a->nrefs);
    a->rx_first = c->option_rx.n;
    a->nmatch = alarm_patterns(c, node_get(n, "match"), "match");
    a->nunless = alarm_patterns(c, node_get(n, "unless"), "unless");
    if (a->nunless > ALARM_MAX_UNLESS)
        ERR(node_get(n, "unless"), "limit", "an emergency phrase may have at most %d 'unless' "
            "patterns, found %u", ALARM_MAX_UNLESS, a->nunless);
    if (node_get(n, "at") && node_get(n, "not_at"))
        ERR(node_get(n, "not_at"), "wrong-key", "give 'at' or 'not_at', not both");
}

typedef void (*declare_fn)(cx *, const node *);

static void declare_section(cx *c, const node *root, const char *key, declare_fn fn)
{
    const node *s = node_get(root, key);
    if (!s)
        return;
    if (s->kind == NODE_SCALAR && s->size == 0)
        return; /* `questions:` with nothing after it */
    if (!compile_expect_kind(c, s, NODE_SEQ, key))
        return;
    for (size_t i = 0; i < s->count && !c->nomem; i++)
        fn(c, s->kids[i]);
}

static const key_spec file_keys[] = {
    {"format", false},  {"questions", false}, {"facts", false},
    {"factors", false}, {"advice", false},    {"red_flags", false},
    {"conditions", false}, {"lookalikes", false}, {"rules", false},
    {"emergency", false}};

void declare_file(cx *c, const node *root)
{
    if (!check_map(c, root, "a rule file", file_keys, sizeof file_keys / sizeof file_keys[0]) &&
        root->kind != NODE_MAP)
        return;
    const node *f = node_get(root, "format");
    if (f) {
        char *end;
        long v = compile_is_scalar(f) ? strtol(f->text, &end, 10) : 0;
        if (!compile_is_scalar(f) || *end || v < 1)
            ERR(f, "format", "format must be a whole number such as 1");
        else if (v > TRI_FORMAT)
            ERR(f, "format", "format %ld is newer than this program understands (it reads up to %d)",
                v, TRI_FORMAT);
    }
    declare_section(c, root, "questions", declare_question);
    declare_section(c, root, "facts", declare_fact);
    declare_section(c, root, "factors", declare_factor);
    declare_section(c, root, "advice", declare_advice);
    declare_section(c, root, "red_flags", declare_red_flag);
    declare_section(c, root, "conditions", declare_condition);
    declare_section(c, root, "lookalikes", declare_lookalike);
    declare_section(c, root, "rules", declare_rule);
    declare_section(c, root, "emergency", declare_alarm);
}
