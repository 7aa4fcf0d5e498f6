/*
 * compile.c - rule-file syntax trees to the compiled knowledge base.
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

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "vec.h"

typedef struct key_spec {
    const char *name;
    bool required;
} key_spec;

typedef struct cx {
    tri_kb *kb;
    arena *ar;
    diag_sink *d;
    const tri_allocator *a;
    bool nomem;
    vec questions, conditions, rules, red_flags, facts, factors, advice, lookalikes;
    vec conds, kids, actions, qrefs, advice_refs, option_rx;
    vec ask_if_nodes;   /* per question: const node * */
    vec cond_advice;    /* per condition: const node * (advice list) */
    vec rule_nodes;     /* per rule: const node * (the rule mapping) */
    uint32_t qref_start; /* first qref of the rule being compiled */
} cx;

/* ---- small helpers -------------------------------------------------------- */

static void *push(cx *c, vec *v)
{
    void *p = vec_push(v);
    if (!p && !c->nomem) {
        c->nomem = true;
        diag_fail(c->d, TRI_ERR_NOMEM, NULL, "out of memory while compiling the knowledge base");
    }
    return p;
}

static void *alloc(cx *c, size_t n)
{
    void *p = arena_alloc(c->ar, n ? n : 1);
    if (!p && !c->nomem) {
        c->nomem = true;
        diag_fail(c->d, TRI_ERR_NOMEM, NULL, "out of memory while compiling the knowledge base");
    }
    return p;
}

#define ERR(n, check, ...) node_report(c->d, TRI_SEV_ERROR, (n), (check), __VA_ARGS__)

static bool is_scalar(const node *n)
{
    return n && n->kind == NODE_SCALAR;
}

static bool expect_kind(cx *c, const node *n, node_kind kind, const char *what)
{
    if (n->kind == kind)
        return true;
    static const char *names[] = {"a single value", "a list", "a mapping"};
    ERR(n, "type", "%s must be %s, found %s", what, names[kind], node_kind_name(n));
    return false;
}

/* Checks the keys of mapping n: all known, none twice, required ones present. */
static bool check_map(cx *c, const node *n, const char *what, const key_spec *keys, size_t nkeys)
{
    if (!expect_kind(c, n, NODE_MAP, what))
        return false;
    bool ok = true;
    const char *suggested[8];
    size_t nsuggested = 0;
    for (size_t i = 0; i + 1 < n->count; i += 2) {
        const node *k = n->kids[i];
        if (!is_scalar(k)) {
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
        for (size_t j = 0; j < i; j += 2)
            if (is_scalar(n->kids[j]) && strcmp(n->kids[j]->text, k->text) == 0) {
                ERR(k, "duplicate-key", "key '%s' appears twice in %s", k->text, what);
                node_report(c->d, TRI_SEV_NOTE, n->kids[j], "duplicate-key",
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
    if (!is_scalar(n)) {
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
    if (!expect_kind(c, n, NODE_SCALAR, what))
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

static bool parse_double(cx *c, const node *n, double *out, const char *what)
{
    if (!expect_kind(c, n, NODE_SCALAR, what))
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
    kb_text_alt *alts = alloc(c, pairs * sizeof *alts);
    if (!alts)
        return false;
    bool ok = true;
    uint32_t na = 0;
    for (size_t i = 0; i + 1 < n->count; i += 2) {
        const node *k = n->kids[i], *v = n->kids[i + 1];
        if (!is_scalar(k) || !valid_lang(k->text)) {
            ERR(k, "bad-language", "'%s' is not a language tag (such as en or zh-TW)",
                is_scalar(k) ? k->text : "?");
            ok = false;
            continue;
        }
        if (!is_scalar(v)) {
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
        const char **r = alloc(c, sizeof *r);
        if (!r)
            return false;
        r[0] = n->text;
        *out = r;
        *count = 1;
        return true;
    }
    if (!expect_kind(c, n, NODE_SEQ, "references"))
        return false;
    const char **r = alloc(c, n->count * sizeof *r);
    if (!r)
        return false;
    bool ok = true;
    for (size_t i = 0; i < n->count; i++) {
        if (!is_scalar(n->kids[i])) {
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

static const char *scalar_text(const node *n)
{
    return is_scalar(n) ? n->text : NULL;
}

/* ---- pass 1: declarations ------------------------------------------------ */

static const key_spec question_keys[] = {
    {"id", true},      {"type", true},  {"text", true},   {"parent_text", false},
    {"help", false},   {"unit", false}, {"min", false},   {"max", false},
    {"options", false}, {"ask_if", false}, {"screening", false}, {"note", false},
};
static const key_spec option_keys[] = {
    {"id", true}, {"text", true}, {"parent_text", false}, {"match", false}, {"note", false}};

static bool compile_pattern(cx *c, const node *pn, int *out)
{
    tri_status st;
    char msg[256];
    unsigned off = 0;
    if (!is_scalar(pn)) {
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

static void declare_question(cx *c, const node *qn)
{
    if (!check_map(c, qn, "a question", question_keys,
                   sizeof question_keys / sizeof question_keys[0]) &&
        qn->kind != NODE_MAP)
        return;
    const char *id = get_id(c, qn, "a question");
    if (id && !unique_id(c, &c->questions, id, qn, "question"))
        id = NULL;
    kb_question *q = push(c, &c->questions);
    const node **ask = push(c, &c->ask_if_nodes);
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
    if (tn && expect_kind(c, tn, NODE_SCALAR, "a question's type")) {
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
        if (un && expect_kind(c, un, NODE_SCALAR, "unit"))
            q->unit = un->text;
        if (mn)
            parse_double(c, mn, &q->min, "min");
        if (xn)
            parse_double(c, xn, &q->max, "max");
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
        q->options = alloc(c, 2 * sizeof *q->options);
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
    if (!expect_kind(c, on, NODE_SEQ, "options"))
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
    q->options = alloc(c, on->count * sizeof *q->options);
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
                    int *slot = push(c, &c->option_rx);
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
    {"id", true}, {"text", true}, {"level", false}, {"note", false}};
static const key_spec red_flag_keys[] = {
    {"id", true},         {"text", true},        {"level", true}, {"safety_net", false},
    {"references", false}, {"reason", false},     {"note", false}};
static const key_spec condition_keys[] = {
    {"id", true},          {"name", true},         {"summary", true},   {"icd10", false},
    {"level", true},       {"distinguishing", false}, {"self_care", false}, {"doctor", false},
    {"seek_help", false},  {"advice", false},      {"references", false}, {"note", false}};
static const key_spec lookalike_keys[] = {
    {"id", true}, {"between", true}, {"question", true}, {"separated_by", false}, {"note", false}};
static const key_spec rule_keys[] = {
    {"id", true},        {"when", true},        {"then", true}, {"because", true},
    {"safety_net", false}, {"references", false}, {"note", false}};

static void declare_fact(cx *c, const node *n)
{
    if (!check_map(c, n, "a fact", fact_keys, 3) && n->kind != NODE_MAP)
        return;
    const char *id = get_id(c, n, "a fact");
    if (!id || !unique_id(c, &c->facts, id, n, "fact"))
        return;
    kb_fact *f = push(c, &c->facts);
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
    kb_factor *f = push(c, &c->factors);
    if (!f)
        return;
    f->id = id;
    f->where = n;
    parse_text(c, node_get(n, "name"), &f->name, "a factor's name");
    parse_text(c, node_get(n, "advice"), &f->advice, "a factor's advice");
}

static void declare_advice(cx *c, const node *n)
{
    if (!check_map(c, n, "an advice item", advice_keys, 4) && n->kind != NODE_MAP)
        return;
    const char *id = get_id(c, n, "an advice item");
    if (!id || !unique_id(c, &c->advice, id, n, "advice"))
        return;
    kb_advice *a = push(c, &c->advice);
    if (!a)
        return;
    a->id = id;
    a->where = n;
    a->level = TRI_LEVEL_SELF_CARE;
    parse_text(c, node_get(n, "text"), &a->text, "an advice text");
    const node *l = node_get(n, "level");
    if (l)
        compile_level(c->d, l, &a->level);
}

static void declare_red_flag(cx *c, const node *n)
{
    if (!check_map(c, n, "a red flag", red_flag_keys, 7) && n->kind != NODE_MAP)
        return;
    const char *id = get_id(c, n, "a red flag");
    if (!id || !unique_id(c, &c->red_flags, id, n, "red flag"))
        return;
    kb_red_flag *f = push(c, &c->red_flags);
    if (!f)
        return;
    f->id = id;
    f->where = n;
    f->level = TRI_LEVEL_SOON;
    parse_text(c, node_get(n, "text"), &f->text, "a red flag's text");
    parse_text(c, node_get(n, "safety_net"), &f->safety_net, "a red flag's safety_net");
    const node *l = node_get(n, "level");
    if (l)
        compile_level(c->d, l, &f->level);
    parse_refs(c, node_get(n, "references"), &f->refs, &f->nrefs);
}

static void declare_condition(cx *c, const node *n)
{
    if (!check_map(c, n, "a condition", condition_keys, 12) && n->kind != NODE_MAP)
        return;
    const char *id = get_id(c, n, "a condition");
    if (!id || !unique_id(c, &c->conditions, id, n, "condition"))
        return;
    kb_condition *k = push(c, &c->conditions);
    const node **adv = push(c, &c->cond_advice);
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
    parse_text(c, node_get(n, "doctor"), &k->doctor, "doctor");
    parse_text(c, node_get(n, "seek_help"), &k->seek_help, "seek_help");
    const node *icd = node_get(n, "icd10");
    if (icd && expect_kind(c, icd, NODE_SCALAR, "icd10"))
        k->icd10 = icd->text;
    const node *l = node_get(n, "level");
    if (l)
        compile_level(c->d, l, &k->level);
    parse_refs(c, node_get(n, "references"), &k->refs, &k->nrefs);
}

static void declare_lookalike(cx *c, const node *n)
{
    if (!check_map(c, n, "a look-alike pair", lookalike_keys, 5) && n->kind != NODE_MAP)
        return;
    const char *id = get_id(c, n, "a look-alike pair");
    if (!id || !unique_id(c, &c->lookalikes, id, n, "look-alike"))
        return;
    kb_lookalike *l = push(c, &c->lookalikes);
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
                if (is_scalar(a) && strchr(a->text, ' ')) {
                    kb_advice *ad = push(c, &c->advice);
                    if (!ad)
                        return;
                    ad->id = NULL; /* anonymous: not indexed */
                    ad->text.en = a->text;
                    ad->level = TRI_LEVEL_SELF_CARE;
                    ad->where = a;
                }
            }
        }
    }
}

static void declare_rule(cx *c, const node *n)
{
    if (!check_map(c, n, "a rule", rule_keys, 7) && n->kind != NODE_MAP)
        return;
    const char *id = get_id(c, n, "a rule");
    if (id && !unique_id(c, &c->rules, id, n, "rule"))
        id = NULL;
    kb_rule *r = push(c, &c->rules);
    const node **rn = push(c, &c->rule_nodes);
    if (!r || !rn)
        return;
    r->id = id ? id : "";
    r->where = n;
    r->when = NO_INDEX;
    *rn = n;
    parse_text(c, node_get(n, "because"), &r->because, "a rule's because");
    parse_text(c, node_get(n, "safety_net"), &r->safety_net, "a rule's safety_net");
    parse_refs(c, node_get(n, "references"), &r->refs, &r->nrefs);
    declare_inline(c, n);
}

typedef void (*declare_fn)(cx *, const node *);

static void declare_section(cx *c, const node *root, const char *key, declare_fn fn)
{
    const node *s = node_get(root, key);
    if (!s)
        return;
    if (s->kind == NODE_SCALAR && s->size == 0)
        return; /* `questions:` with nothing after it */
    if (!expect_kind(c, s, NODE_SEQ, key))
        return;
    for (size_t i = 0; i < s->count && !c->nomem; i++)
        fn(c, s->kids[i]);
}

static const key_spec file_keys[] = {
    {"format", false},  {"questions", false}, {"facts", false},
    {"factors", false}, {"advice", false},    {"red_flags", false},
    {"conditions", false}, {"lookalikes", false}, {"rules", false}};

static void declare_file(cx *c, const node *root)
{
    if (!check_map(c, root, "a rule file", file_keys, sizeof file_keys / sizeof file_keys[0]) &&
        root->kind != NODE_MAP)
        return;
    const node *f = node_get(root, "format");
    if (f) {
        char *end;
        long v = is_scalar(f) ? strtol(f->text, &end, 10) : 0;
        if (!is_scalar(f) || *end || v < 1)
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
}

/* ---- lookups with "did you mean" ----------------------------------------- */

static uint32_t find_in(cx *c, const id_index *ix, const vec *v, const node *n, const char *what,
                        const char *check)
{
    if (!is_scalar(n)) {
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

static uint32_t find_option(cx *c, const kb_question *q, const node *n)
{
    if (!is_scalar(n)) {
        ERR(n, "type", "expected an option of '%s', found %s", q->id, node_kind_name(n));
        return NO_INDEX;
    }
    const char *t = n->text;
    if (q->type == TRI_Q_YES_NO) {
        if (!strcmp(t, "true"))
            t = "yes";
        if (!strcmp(t, "false"))
            t = "no";
    }
    names_best nb;
    names_best_init(&nb, t);
    for (uint32_t i = 0; i < q->noptions; i++) {
        if (strcmp(q->options[i].id, t) == 0)
            return i;
        names_best_offer(&nb, q->options[i].id);
    }
    const char *s = names_best_get(&nb);
    if (s)
        ERR(n, "unknown-option", "question '%s' has no option '%s' (did you mean '%s'?)", q->id, t,
            s);
    else
        ERR(n, "unknown-option", "question '%s' has no option '%s'", q->id, t);
    return NO_INDEX;
}

/* ---- pass 2: conditions -------------------------------------------------- */

static uint32_t compile_cond(cx *c, const node *n);

static uint32_t new_cond(cx *c, cond_op op, const node *where)
{
    kb_cond *k = push(c, &c->conds);
    if (!k)
        return NO_INDEX;
    k->op = (uint8_t)op;
    k->where = where;
    k->rx = -1;
    return c->conds.n - 1;
}

static kb_cond *cond_at(cx *c, uint32_t i)
{
    return vec_at(&c->conds, i);
}

static void note_qref(cx *c, uint32_t q)
{
    for (uint32_t i = c->qref_start; i < c->qrefs.n; i++)
        if (*(uint32_t *)vec_at(&c->qrefs, i) == q)
            return;
    uint32_t *slot = push(c, &c->qrefs);
    if (slot)
        *slot = q;
}

static uint32_t compile_list(cx *c, cond_op op, const node *list, const node *where, uint32_t need)
{
    if (!expect_kind(c, list, NODE_SEQ, op == COND_ALL ? "all" : op == COND_ANY ? "any" : "of"))
        return NO_INDEX;
    if (list->count == 0) {
        ERR(list, "empty", "an empty list of conditions (give at least one)");
        return NO_INDEX;
    }
    uint32_t *kids = alloc(c, list->count * sizeof *kids);
    if (!kids)
        return NO_INDEX;
    bool ok = true;
    for (size_t i = 0; i < list->count; i++) {
        kids[i] = compile_cond(c, list->kids[i]);
        if (kids[i] == NO_INDEX)
            ok = false;
    }
    if (!ok)
        return NO_INDEX;
    uint32_t idx = new_cond(c, op, where);
    if (idx == NO_INDEX)
        return NO_INDEX;
    kb_cond *k = cond_at(c, idx);
    k->n = (uint32_t)list->count;
    k->need = need;
    k->first = c->kids.n;
    for (size_t i = 0; i < list->count; i++) {
        uint32_t *slot = push(c, &c->kids);
        if (!slot)
            return NO_INDEX;
        *slot = kids[i];
    }
    return idx;
}

/* Threshold for a number or duration question. */
static bool threshold(cx *c, const kb_question *q, const node *n, double *lo, double *hi)
{
    if (!is_scalar(n)) {
        ERR(n, "type", "expected a %s, found %s", q->type == TRI_Q_DURATION ? "duration" : "number",
            node_kind_name(n));
        return false;
    }
    const char *why;
    rx_scratch *sc = rx_scratch_new(c->kb->rx, c->a);
    if (!sc) {
        if (!c->nomem) {
            c->nomem = true;
            diag_fail(c->d, TRI_ERR_NOMEM, NULL, "out of memory while compiling a threshold");
        }
        return false;
    }
    if (q->type == TRI_Q_DURATION)
        why = qty_parse_duration(&c->kb->grammar, c->kb->rx, sc, n->text, n->size, lo, hi);
    else
        why = qty_parse_number(&c->kb->grammar, c->kb->rx, sc, n->text, n->size, q->unit, lo, hi);
    rx_scratch_free(sc);
    if (why) {
        ERR(n, "bad-value", "'%s' for question '%s': %s", n->text, q->id, why);
        return false;
    }
    return true;
}

static uint32_t option_test(cx *c, const kb_question *q, cond_op op, const node *v,
                            const node *where)
{
    if (q->type != TRI_Q_CHOICE && q->type != TRI_Q_MULTI && q->type != TRI_Q_YES_NO) {
        ERR(v, "type-mismatch", "question '%s' is a %s question: it has no options to test",
            q->id, tri_qtype_name(q->type));
        return NO_INDEX;
    }
    if (op == COND_OPTION_ALL && q->type != TRI_Q_MULTI) {
        ERR(where, "type-mismatch", "all_of is for multi questions; '%s' is a %s question", q->id,
            tri_qtype_name(q->type));
        return NO_INDEX;
    }
    uint64_t mask = 0;
    bool ok = true;
    size_t nv = v->kind == NODE_SEQ ? v->count : 1;
    if (v->kind == NODE_MAP) {
        ERR(v, "type", "expected an option or a list of options, found a mapping");
        return NO_INDEX;
    }
    if (nv == 0) {
        ERR(v, "empty", "an empty list of options");
        return NO_INDEX;
    }
    for (size_t i = 0; i < nv; i++) {
        uint32_t o = find_option(c, q, v->kind == NODE_SEQ ? v->kids[i] : v);
        if (o == NO_INDEX)
            ok = false;
        else
            mask |= (uint64_t)1 << o;
    }
    if (!ok)
        return NO_INDEX;
    uint32_t idx = new_cond(c, op, where);
    if (idx != NO_INDEX) {
        cond_at(c, idx)->mask = mask;
        cond_at(c, idx)->target = (uint32_t)(q - (kb_question *)c->questions.data);
    }
    return idx;
}

static uint32_t range_test(cx *c, const kb_question *q, const char *op, const node *v,
                           const node *where)
{
    if (q->type != TRI_Q_NUMBER && q->type != TRI_Q_DURATION) {
        ERR(where, "type-mismatch", "'%s' compares numbers, but '%s' is a %s question", op, q->id,
            tri_qtype_name(q->type));
        return NO_INDEX;
    }
    double lo = -INFINITY, hi = INFINITY, a, b;
    bool lo_open = false, hi_open = false;
    if (strcmp(op, "between") == 0) {
        if (v->kind != NODE_SEQ || v->count != 2) {
            ERR(v, "type", "between takes a list of two values, such as [1 s, 10 s]");
            return NO_INDEX;
        }
        double x, y;
        if (!threshold(c, q, v->kids[0], &lo, &x) || !threshold(c, q, v->kids[1], &y, &hi))
            return NO_INDEX;
    } else {
        if (!threshold(c, q, v, &a, &b))
            return NO_INDEX;
        if (!strcmp(op, "lt")) {
            hi = a;
            hi_open = true;
        } else if (!strcmp(op, "le")) {
            hi = b;
        } else if (!strcmp(op, "gt")) {
            lo = b;
            lo_open = true;
        } else if (!strcmp(op, "ge")) {
            lo = a;
        } else { /* equals: a value or a range written as one */
            lo = a;
            hi = b;
        }
    }
    uint32_t idx = new_cond(c, COND_RANGE, where);
    if (idx == NO_INDEX)
        return NO_INDEX;
    kb_cond *k = cond_at(c, idx);
    k->lo = lo;
    k->hi = hi;
    k->lo_open = lo_open;
    k->hi_open = hi_open;
    k->target = (uint32_t)(q - (kb_question *)c->questions.data);
    return idx;
}

static const char *const test_ops[] = {"is",  "one_of", "any_of", "all_of",  "none_of", "lt",
                                       "le",  "gt",     "ge",     "between", "matches"};

static uint32_t question_test(cx *c, uint32_t qi, const node *v, const node *where)
{
    kb_question *q = vec_at(&c->questions, qi);
    note_qref(c, qi);
    if (q->bad_type)
        return NO_INDEX; /* already reported; do not guess at its tests */
    if (v->kind == NODE_SEQ)
        return option_test(c, q, COND_OPTION_ANY, v, where);
    if (v->kind == NODE_SCALAR) {
        if (q->type == TRI_Q_NUMBER || q->type == TRI_Q_DURATION)
            return range_test(c, q, "equals", v, where);
        if (q->type == TRI_Q_TEXT) {
            ERR(v, "type-mismatch", "'%s' is a text question: test it with matches: 'pattern'",
                q->id);
            return NO_INDEX;
        }
        return option_test(c, q, COND_OPTION_ANY, v, where);
    }
    if (v->count != 2 || !is_scalar(v->kids[0])) {
        ERR(v, "bad-test", "a test on '%s' has exactly one operator, such as {gt: 2 weeks}", q->id);
        return NO_INDEX;
    }
    const char *op = v->kids[0]->text;
    const node *arg = v->kids[1];
    if (!strcmp(op, "is") || !strcmp(op, "one_of") || !strcmp(op, "any_of"))
        return option_test(c, q, COND_OPTION_ANY, arg, where);
    if (!strcmp(op, "all_of"))
        return option_test(c, q, COND_OPTION_ALL, arg, where);
    if (!strcmp(op, "none_of"))
        return option_test(c, q, COND_OPTION_NONE, arg, where);
    if (!strcmp(op, "lt") || !strcmp(op, "le") || !strcmp(op, "gt") || !strcmp(op, "ge") ||
        !strcmp(op, "between"))
        return range_test(c, q, op, arg, where);
    if (!strcmp(op, "matches")) {
        if (q->type != TRI_Q_TEXT) {
            ERR(v->kids[0], "type-mismatch", "matches is for text questions; '%s' is a %s question",
                q->id, tri_qtype_name(q->type));
            return NO_INDEX;
        }
        int rx;
        if (!compile_pattern(c, arg, &rx))
            return NO_INDEX;
        uint32_t idx = new_cond(c, COND_MATCH, where);
        if (idx != NO_INDEX) {
            cond_at(c, idx)->rx = rx;
            cond_at(c, idx)->target = qi;
        }
        return idx;
    }
    names_best nb;
    names_best_init(&nb, op);
    for (size_t i = 0; i < sizeof test_ops / sizeof test_ops[0]; i++)
        names_best_offer(&nb, test_ops[i]);
    const char *s = names_best_get(&nb);
    if (s)
        ERR(v->kids[0], "unknown-test", "unknown test '%s' (did you mean '%s'?)", op, s);
    else
        ERR(v->kids[0], "unknown-test",
            "unknown test '%s' (expected is, one_of, any_of, all_of, none_of, lt, le, gt, ge, "
            "between or matches)",
            op);
    return NO_INDEX;
}

static const char *const cond_words[] = {"all", "any", "not", "at_least", "of", "fact",
                                         "answered", "unknown"};

static uint32_t compile_cond(cx *c, const node *n)
{
    if (n->kind != NODE_MAP) {
        ERR(n, "bad-condition",
            "expected a condition (a mapping such as {timing: sleep_onset} or {all: [...]}), "
            "found %s",
            node_kind_name(n));
        return NO_INDEX;
    }
    const node *atl = node_get(n, "at_least");
    if (atl) {
        const node *of = node_get(n, "of");
        if (!of || n->count != 4) {
            ERR(n, "bad-condition", "at_least takes exactly one other key, 'of', with a list");
            return NO_INDEX;
        }
        char *end;
        long need = is_scalar(atl) ? strtol(atl->text, &end, 10) : -1;
        if (!is_scalar(atl) || *end || need < 1) {
            ERR(atl, "type", "at_least must be a whole number of at least 1");
            return NO_INDEX;
        }
        if (of->kind == NODE_SEQ && (size_t)need > of->count) {
            ERR(atl, "never-true", "at_least %ld of a list of %zu can never be true", need,
                of->count);
            return NO_INDEX;
        }
        return compile_list(c, COND_AT_LEAST, of, n, (uint32_t)need);
    }
    if (n->count != 2) {
        ERR(n, "bad-condition",
            "a condition has exactly one key; combine several with all: [...] or any: [...]");
        return NO_INDEX;
    }
    const node *k = n->kids[0], *v = n->kids[1];
    if (!is_scalar(k)) {
        ERR(k, "bad-condition", "a condition's key must be a name");
        return NO_INDEX;
    }
    const char *key = k->text;
    if (!strcmp(key, "all"))
        return compile_list(c, COND_ALL, v, n, 0);
    if (!strcmp(key, "any"))
        return compile_list(c, COND_ANY, v, n, 0);
    if (!strcmp(key, "not")) {
        uint32_t child = compile_cond(c, v);
        if (child == NO_INDEX)
            return NO_INDEX;
        uint32_t idx = new_cond(c, COND_NOT, n);
        if (idx == NO_INDEX)
            return NO_INDEX;
        cond_at(c, idx)->n = 1;
        cond_at(c, idx)->first = c->kids.n;
        uint32_t *slot = push(c, &c->kids);
        if (!slot)
            return NO_INDEX;
        *slot = child;
        return idx;
    }
    if (!strcmp(key, "of")) {
        ERR(k, "bad-condition", "'of' goes with at_least: N");
        return NO_INDEX;
    }
    if (!strcmp(key, "fact")) {
        uint32_t f = find_in(c, &c->kb->idx_facts, &c->facts, v, "fact", "unknown-fact");
        if (f == NO_INDEX)
            return NO_INDEX;
        uint32_t idx = new_cond(c, COND_FACT, n);
        if (idx != NO_INDEX)
            cond_at(c, idx)->target = f;
        return idx;
    }
    if (!strcmp(key, "answered") || !strcmp(key, "unknown")) {
        uint32_t q =
            find_in(c, &c->kb->idx_questions, &c->questions, v, "question", "unknown-question");
        if (q == NO_INDEX)
            return NO_INDEX;
        note_qref(c, q);
        uint32_t idx = new_cond(c, key[0] == 'a' ? COND_ANSWERED : COND_UNKNOWN, n);
        if (idx != NO_INDEX)
            cond_at(c, idx)->target = q;
        return idx;
    }
    uint32_t q = id_index_find(&c->kb->idx_questions, key, k->size);
    if (q == NO_INDEX) {
        names_best nb;
        names_best_init(&nb, key);
        for (size_t i = 0; i < sizeof cond_words / sizeof cond_words[0]; i++)
            names_best_offer(&nb, cond_words[i]);
        for (uint32_t j = 0; j < c->questions.n; j++)
            names_best_offer(&nb, ((kb_question *)vec_at(&c->questions, j))->id);
        const char *s = names_best_get(&nb);
        if (s)
            ERR(k, "unknown-question", "unknown question '%s' (did you mean '%s'?)", key, s);
        else
            ERR(k, "unknown-question", "unknown question '%s'", key);
        return NO_INDEX;
    }
    return question_test(c, q, v, n);
}

/* ---- pass 2: rules ------------------------------------------------------- */

static const char *const action_words[] = {"support", "oppose",  "set",   "triage",
                                           "red_flag", "advise", "factor"};

static kb_action *new_action(cx *c, action_kind kind, uint32_t target, double cf,
                             const node *where)
{
    kb_action *a = push(c, &c->actions);
    if (!a)
        return NULL;
    a->kind = (uint8_t)kind;
    a->target = target;
    a->cf = cf;
    a->where = where;
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
            uint32_t ci = find_in(c, &c->kb->idx_conditions, &c->conditions, v->kids[i],
                                  "condition", "unknown-condition");
            double cf;
            if (!parse_double(c, v->kids[i + 1], &cf, "a certainty factor"))
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
            uint32_t fi = find_in(c, &c->kb->idx_facts, &c->facts, f, "fact", "unknown-fact");
            if (fi != NO_INDEX) {
                new_action(c, ACT_SET, fi, 1, f);
                r->sets_fact = true;
            }
        }
        return;
    }
    if (!strcmp(name, "triage")) {
        uint8_t level;
        if (compile_level(c->d, v, &level)) {
            new_action(c, ACT_TRIAGE, level, 1, v);
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
        uint32_t fi =
            find_in(c, &c->kb->idx_red_flags, &c->red_flags, idn, "red flag", "unknown-red-flag");
        if (fi != NO_INDEX) {
            new_action(c, ACT_RED_FLAG, fi, 1, idn);
            uint8_t level = ((kb_red_flag *)vec_at(&c->red_flags, fi))->level;
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
            if (is_scalar(a) && strchr(a->text, ' ')) {
                for (uint32_t j = 0; j < c->advice.n; j++)
                    if (((kb_advice *)vec_at(&c->advice, j))->where == a)
                        new_action(c, ACT_ADVISE, j, 1, a);
                continue;
            }
            uint32_t ai = find_in(c, &c->kb->idx_advice, &c->advice, a, "advice", "unknown-advice");
            if (ai != NO_INDEX)
                new_action(c, ACT_ADVISE, ai, 1, a);
        }
        return;
    }
    if (!strcmp(name, "factor")) {
        size_t nv = v->kind == NODE_SEQ ? v->count : 1;
        for (size_t i = 0; i < nv; i++) {
            const node *f = v->kind == NODE_SEQ ? v->kids[i] : v;
            uint32_t fi = find_in(c, &c->kb->idx_factors, &c->factors, f, "factor",
                                  "unknown-factor");
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
    const node *n = *(const node **)vec_at(&c->rule_nodes, ri);
    const node *when = node_get(n, "when"), *then = node_get(n, "then");
    c->qref_start = c->qrefs.n;
    uint32_t w = when ? compile_cond(c, when) : NO_INDEX;
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
                if (item->kind != NODE_MAP || item->count != 2 || !is_scalar(item->kids[0])) {
                    ERR(item, "bad-action",
                        "each action is a mapping with one key, such as support: {hypnic_jerks: "
                        "0.5}");
                    continue;
                }
                compile_action(c, vec_at(&c->rules, ri), item->kids[0], item->kids[1]);
            }
        } else if (then->kind == NODE_MAP) {
            for (size_t i = 0; i + 1 < then->count; i += 2)
                if (is_scalar(then->kids[i]))
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

static void compile_references(cx *c)
{
    /* ask_if */
    for (uint32_t i = 0; i < c->questions.n; i++) {
        const node *ask = *(const node **)vec_at(&c->ask_if_nodes, i);
        if (!ask)
            continue;
        c->qref_start = c->qrefs.n;
        uint32_t w = compile_cond(c, ask);
        c->qrefs.n = c->qref_start; /* ask_if does not keep question refs */
        ((kb_question *)vec_at(&c->questions, i))->ask_if = w;
    }
    /* condition advice */
    for (uint32_t i = 0; i < c->conditions.n; i++) {
        const node *adv = *(const node **)vec_at(&c->cond_advice, i);
        kb_condition *k = vec_at(&c->conditions, i);
        k->first_advice = c->advice_refs.n;
        if (!adv)
            continue;
        size_t nv = adv->kind == NODE_SEQ ? adv->count : 1;
        for (size_t j = 0; j < nv; j++) {
            const node *a = adv->kind == NODE_SEQ ? adv->kids[j] : adv;
            uint32_t ai = find_in(c, &c->kb->idx_advice, &c->advice, a, "advice", "unknown-advice");
            if (ai == NO_INDEX)
                continue;
            uint32_t *slot = push(c, &c->advice_refs);
            if (!slot)
                return;
            *slot = ai;
            ((kb_condition *)vec_at(&c->conditions, i))->nadvice++;
        }
    }
    /* look-alikes */
    for (uint32_t i = 0; i < c->lookalikes.n; i++) {
        kb_lookalike *l = vec_at(&c->lookalikes, i);
        const node *bn = node_get(l->where, "between");
        if (bn) {
            if (bn->kind != NODE_SEQ || bn->count != 2) {
                ERR(bn, "type", "between takes a list of two condition ids");
            } else {
                l->a = find_in(c, &c->kb->idx_conditions, &c->conditions, bn->kids[0], "condition",
                               "unknown-condition");
                l->b = find_in(c, &c->kb->idx_conditions, &c->conditions, bn->kids[1], "condition",
                               "unknown-condition");
            }
        }
        const node *sn = node_get(l->where, "separated_by");
        l->first_q = c->qrefs.n;
        if (sn) {
            size_t nv = sn->kind == NODE_SEQ ? sn->count : 1;
            for (size_t j = 0; j < nv; j++) {
                uint32_t q = find_in(c, &c->kb->idx_questions, &c->questions,
                                     sn->kind == NODE_SEQ ? sn->kids[j] : sn, "question",
                                     "unknown-question");
                if (q == NO_INDEX)
                    continue;
                uint32_t *slot = push(c, &c->qrefs);
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
     * always asks them (issue 7); triage floors do not make a question one. */
    bool *fact_feeds = arena_calloc(c->ar, kb->nfacts + 1, sizeof *fact_feeds);
    bool *rule_feeds = arena_calloc(c->ar, kb->nrules + 1, sizeof *rule_feeds);
    if (!fact_feeds || !rule_feeds)
        return false;
    for (uint32_t r = 0; r < kb->nrules; r++)
        for (uint32_t i = 0; i < kb->rules[r].nactions; i++)
            if (kb->actions[kb->rules[r].first_action + i].kind == ACT_RED_FLAG)
                rule_feeds[r] = true;
    for (bool changed = true; changed;) {
        changed = false;
        for (uint32_t f = 0; f < kb->nfacts; f++) {
            if (fact_feeds[f])
                continue;
            /* does any feeding rule test fact f? */
            for (uint32_t r = 0; r < kb->nrules && !fact_feeds[f]; r++) {
                if (!rule_feeds[r] || kb->rules[r].when == NO_INDEX)
                    continue;
                /* walk r's condition tree */
                uint32_t stack[TRI_MAX_DEPTH * 4], sp = 0;
                stack[sp++] = kb->rules[r].when;
                while (sp) {
                    const kb_cond *k = &kb->conds[stack[--sp]];
                    if (k->op == COND_FACT && k->target == f) {
                        fact_feeds[f] = true;
                        break;
                    }
                    if (k->op == COND_ALL || k->op == COND_ANY || k->op == COND_AT_LEAST ||
                        k->op == COND_NOT)
                        for (uint32_t j = 0; j < k->n && sp < sizeof stack / sizeof stack[0]; j++)
                            stack[sp++] = kb->cond_kids[k->first + j];
                }
            }
            if (fact_feeds[f]) {
                changed = true;
                for (uint32_t s = 0; s < kb->facts[f].nsetters; s++)
                    rule_feeds[kb->fact_setters[kb->facts[f].first_setter + s]] = true;
            }
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
                  &c.cond_advice, &c.rule_nodes};
    uint32_t sizes[] = {sizeof(kb_question), sizeof(kb_condition), sizeof(kb_rule),
                        sizeof(kb_red_flag), sizeof(kb_fact),      sizeof(kb_factor),
                        sizeof(kb_advice),   sizeof(kb_lookalike), sizeof(kb_cond),
                        sizeof(uint32_t),    sizeof(kb_action),    sizeof(uint32_t),
                        sizeof(uint32_t),    sizeof(int),          sizeof(const node *),
                        sizeof(const node *), sizeof(const node *)};
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
    if (!c.nomem)
        compile_references(&c);

    if (!c.nomem) {
        kb->questions = adopt(&c, &c.questions);
        kb->conditions = adopt(&c, &c.conditions);
        kb->rules = adopt(&c, &c.rules);
        kb->red_flags = adopt(&c, &c.red_flags);
        kb->facts = adopt(&c, &c.facts);
        kb->factors = adopt(&c, &c.factors);
        kb->advice = adopt(&c, &c.advice);
        kb->lookalikes = adopt(&c, &c.lookalikes);
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
