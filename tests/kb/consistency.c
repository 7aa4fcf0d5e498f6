/*
 * consistency.c - what a result says never contradicts itself: the
 * consistency rules of explain.c, checked on the explain structure of every
 * vignette and of every one-answer variant of it (each question set to each
 * of its options, or to representative numbers and durations, and to
 * unknown), over the shipped knowledge base.
 *
 *   advice     the level's action comes first (at emergency, the emergency
 *              number); nothing about when or whom to see is less urgent than
 *              the level; no measures at emergency; no item twice; no item
 *              whose `unless` holds (no caffeine advice with caffeine: none);
 *              no adult item for a child (no "7 to 8 hours" for a 7-year-old),
 *              no child item for an adult; a parent reads each parent_text
 *   safety net most urgent first, every entry more urgent than the level,
 *              nothing at emergency; a sign at one level only, and never
 *              less urgent than a red flag or triage floor (for this person)
 *              names it; no entry or text twice; an explanation's seek_help
 *              entries only while it is likely or must not be missed, at
 *              their own level; a parent reads each parent text
 *   look-alikes a verdict points only to the side with the higher confidence,
 *              above 0, and cites only reasons that favour it; each reason's
 *              side agrees with the rule's effects on the pair
 *
 * It also renders the short text report of every vignette at 80 columns and
 * prints the largest (the issue asks for one screen, at most 40 lines, and
 * at most 8 lines of "seek help sooner").
 *
 * Usage: consistency VIGNETTES...   (uses the built-in knowledge base)
 * Prints the counts; exits 1 on any violation.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "session.h"

static unsigned long checked, violations;
static const char *current; /* "case 'x' + age=7" */

static void violation(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void violation(const char *fmt, ...)
{
    violations++;
    if (violations > 40)
        return; /* the count says the rest */
    va_list ap;
    va_start(ap, fmt);
    printf("%s: ", current);
    vprintf(fmt, ap);
    printf("\n");
    va_end(ap);
}

static void print_diag(const tri_diag *d, void *ctx)
{
    (void)ctx;
    fprintf(stderr, "%s:%u:%u: %s\n", d->file, d->line, d->column, d->message);
}

/* ---- independent facts about the answers -------------------------------------------- */

static int option_of(const tri_kb *kb, int q, const char *id)
{
    if (q < 0)
        return -1;
    for (size_t o = 0; o < tri_question_option_count(kb, (size_t)q); o++)
        if (!strcmp(tri_question_option_id(kb, (size_t)q, o), id))
            return (int)o;
    return -1;
}

static bool answered_option(const tri_session *s, int q, int o)
{
    return q >= 0 && o >= 0 && s->answers[q].state == TRI_ANSWERED &&
           ((s->answers[q].mask >> o) & 1);
}

typedef struct person {
    bool parent, child, adult;
    bool two_or_older; /* the age says 2 or older (no `age: infant` items) */
} person;

static person who(const tri_session *s)
{
    const tri_kb *kb = s->kb;
    int about = tri_kb_question_find(kb, "about"), age = tri_kb_question_find(kb, "age");
    person p = {answered_option(s, about, option_of(kb, about, "child")), false, false, false};
    if (age >= 0 && s->answers[age].state == TRI_ANSWERED) {
        p.child = s->answers[age].hi < 18;
        p.adult = s->answers[age].lo >= 18;
        p.two_or_older = s->answers[age].lo >= 2;
    } else {
        p.child = p.parent;
    }
    return p;
}

static double effect(const tri_kb *kb, uint32_t r, uint32_t c)
{
    double e = 0;
    for (uint32_t i = 0; i < kb->rules[r].nactions; i++) {
        const kb_action *a = &kb->actions[kb->rules[r].first_action + i];
        if (a->target == c && a->kind == ACT_SUPPORT)
            e += a->cf;
        if (a->target == c && a->kind == ACT_OPPOSE)
            e -= a->cf;
    }
    return e;
}

static bool mentions(const char *text, const char *word)
{
    return text && strstr(text, word) != NULL;
}

/* ---- the rules ----------------------------------------------------------------------- */

static void check_advice(const tri_session *s, const explain *ex)
{
    const tri_kb *kb = s->kb;
    person p = who(s);
    int caffeine = tri_kb_question_find(kb, "caffeine");
    bool no_caffeine = answered_option(s, caffeine, option_of(kb, caffeine, "none"));
    if (!ex->nadvice || ex->advice[0].kind != ADVICE_ACTION || ex->advice[0].level != s->level) {
        violation("the first thing to do is not the action of level %s", tri_level_name(s->level));
        return;
    }
    if (s->level == TRI_LEVEL_EMERGENCY) {
        const char *t = explain_advice_text(ex, &ex->advice[0], NULL);
        if (!mentions(t, "emergency number"))
            violation("an emergency result does not start with calling the emergency number");
    }
    for (uint32_t i = 0; i < ex->nadvice; i++) {
        const explain_advice *a = &ex->advice[i];
        if (i && a->kind == ADVICE_ACTION && a->level == s->level)
            violation("the level's action is given twice");
        if (a->advice == NO_INDEX)
            continue;
        const kb_advice *ad = &kb->advice[a->advice];
        for (uint32_t j = 0; j < i; j++)
            if (ex->advice[j].advice == a->advice)
                violation("advice '%s' is given twice", ad->id);
        if (ad->kind != ADVICE_MEASURE && ad->level > s->level)
            violation("advice '%s' (%s) is less urgent than the level %s", ad->id,
                      tri_level_name(ad->level), tri_level_name(s->level));
        if (ad->kind == ADVICE_MEASURE && s->level == TRI_LEVEL_EMERGENCY)
            violation("a self-care measure ('%s') at emergency", ad->id);
        if (ad->unless != NO_INDEX && infer_cond(s, ad->unless, 0) == TV_TRUE)
            violation("advice '%s' is given although the answers deny its premise", ad->id);
        if (no_caffeine && (mentions(ad->text.en, "coffee") || mentions(ad->text.en, "caffeine")))
            violation("caffeine advice ('%s') with caffeine: none", ad->id);
        if (p.child && ad->age == AGE_ADULT)
            violation("adult advice '%s' for a child", ad->id);
        if (p.child && mentions(ad->text.en, "7 to 8 hours"))
            violation("'7 to 8 hours' of sleep for a child ('%s')", ad->id);
        if (!p.child && ad->age == AGE_CHILD)
            violation("child advice '%s' for someone not known to be a child", ad->id);
        if ((!p.child || p.two_or_older) && ad->age == AGE_INFANT)
            violation("advice '%s' for a child under 2 given for someone else", ad->id);
        const char *shown = explain_advice_text(ex, a, NULL);
        if (p.parent && ad->parent_text.en && shown != ad->parent_text.en)
            violation("a parent is not given the parent's text of '%s'", ad->id);
        if (!p.parent && shown != ad->text.en)
            violation("the parent's text of '%s' is given to someone else", ad->id);
    }
}

static bool names_sign(const char *const *signs, uint32_t n, const char *sign)
{
    for (uint32_t i = 0; i < n; i++)
        if (!strcmp(signs[i], sign))
            return true;
    return false;
}

/* The most urgent level at which a red flag, or a triage floor whose safety
 * net is for this person, names sign; TRI_LEVEL_COUNT when none does. */
static int rules_level_of(const tri_kb *kb, const person *p, const char *sign)
{
    int best = TRI_LEVEL_COUNT;
    for (uint32_t f = 0; f < kb->nred_flags; f++)
        if (kb->red_flags[f].level < best &&
            names_sign(kb->red_flags[f].signs, kb->red_flags[f].nsigns, sign))
            best = kb->red_flags[f].level;
    for (uint32_t r = 0; r < kb->nrules; r++) {
        const kb_rule *rule = &kb->rules[r];
        if (rule->floor_level >= TRI_LEVEL_COUNT || rule->raises_red_flag || !rule->safety_net.en)
            continue;
        if ((rule->net_age == AGE_CHILD && !p->child) || (rule->net_age == AGE_ADULT && p->child) ||
            (rule->net_age == AGE_INFANT && (!p->child || p->two_or_older)))
            continue;
        if (rule->floor_level < best && names_sign(rule->signs, rule->nsigns, sign))
            best = rule->floor_level;
    }
    return best;
}

/* The text a parent should read for entry n, or NULL when it has none. */
static const char *parent_text_of(const tri_kb *kb, const explain_net *n)
{
    switch (n->kind) {
    case NET_RED_FLAG:
        return kb->red_flags[n->index].parent_safety_net.en;
    case NET_FLOOR:
        return kb->rules[n->index].parent_safety_net.en;
    case NET_CONDITION:
        return kb->conditions[n->index].seek[n->entry].parent_text.en;
    default:
        return kb->questions[n->index].parent_text.en;
    }
}

static void check_net(const tri_session *s, const explain *ex)
{
    const tri_kb *kb = s->kb;
    person p = who(s);
    if (s->level == TRI_LEVEL_EMERGENCY && ex->nnet)
        violation("a safety net at emergency");
    uint32_t nshort = 0;
    for (uint32_t i = 0; i < ex->nnet; i++) {
        const explain_net *n = &ex->net[i];
        nshort += n->in_short;
        if (n->level >= s->level)
            violation("a safety-net entry (%s) not more urgent than the level %s",
                      tri_level_name(n->level), tri_level_name(s->level));
        if (i && n->level < ex->net[i - 1].level)
            violation("the safety net is not most urgent first");
        char b1[1024], b2[1024];
        const char *t = explain_net_text(ex, n, NULL, b1, sizeof b1);
        uint32_t ns;
        const char *const *signs = explain_net_signs(kb, n, &ns);
        if (n->kind == NET_CONDITION) {
            uint32_t c = n->index;
            if (s->cf[c] < TRI_LIKELY_THRESHOLD && !infer_must_not_miss(kb, c, s->cf[c]))
                violation("the seek_help of '%s' is shown although it is neither likely nor "
                          "must-not-miss",
                          kb->conditions[c].id);
            if (n->entry >= kb->conditions[c].nseek ||
                kb->conditions[c].seek[n->entry].level != n->level)
                violation("a seek_help entry of '%s' at another level than its own",
                          kb->conditions[c].id);
        }
        for (uint32_t x = 0; x < ns; x++) {
            int at = rules_level_of(kb, &p, signs[x]);
            if (at < n->level)
                violation("sign '%s' in the safety net at %s, but a red flag or floor names it at "
                          "%s",
                          signs[x], tri_level_name(n->level), tri_level_name((tri_level)at));
        }
        if (n->kind == NET_FLOOR) {
            uint8_t age = kb->rules[n->index].net_age;
            if ((age == AGE_CHILD && !p.child) || (age == AGE_ADULT && p.child) ||
                (age == AGE_INFANT && (!p.child || p.two_or_older)))
                violation("the safety net of rule '%s' (for %s) shown to someone else",
                          kb->rules[n->index].id, advice_age_name(age));
        }
        const char *parent = parent_text_of(kb, n);
        if (n->kind != NET_SCREENING && p.parent && parent && strcmp(t, parent))
            violation("a parent is not given the parent's text of safety-net entry '%s'",
                      explain_net_source(kb, n));
        if (n->kind != NET_SCREENING && !p.parent && parent && !strcmp(t, parent))
            violation("the parent's text of safety-net entry '%s' is given to someone else",
                      explain_net_source(kb, n));
        for (uint32_t j = 0; j < i; j++) {
            const explain_net *o = &ex->net[j];
            if (o->kind == n->kind && o->index == n->index && o->entry == n->entry)
                violation("a safety-net entry twice");
            if (!strcmp(t, explain_net_text(ex, o, NULL, b2, sizeof b2)))
                violation("the safety-net text '%s' twice", t);
            uint32_t nos;
            const char *const *os = explain_net_signs(kb, o, &nos);
            for (uint32_t x = 0; x < ns; x++)
                for (uint32_t y = 0; y < nos; y++)
                    if (!strcmp(signs[x], os[y]) && o->level != n->level)
                        violation("sign '%s' in the safety net at %s and at %s", signs[x],
                                  tri_level_name(o->level), tri_level_name(n->level));
        }
    }
    if (nshort > EXPLAIN_SHORT_NET)
        violation("%u safety-net entries in the short report", nshort);
}

static void check_lookalikes(const tri_session *s, const explain *ex)
{
    const tri_kb *kb = s->kb;
    for (uint32_t i = 0; i < ex->nla; i++) {
        const explain_lookalike *v = &ex->la[i];
        const kb_lookalike *l = &kb->lookalikes[v->lookalike];
        double ca = s->cf[l->a], cb = s->cf[l->b];
        bool points = v->verdict == VERDICT_POINTS_TO || v->verdict == VERDICT_LEANS_TO;
        if (points) {
            double cf = s->cf[v->favoured], co = s->cf[v->other];
            if (!(cf > co))
                violation("look-alike '%s' points to the side with the lower confidence", l->id);
            if (!(cf > 0))
                violation("look-alike '%s' points to a side with confidence %.2f", l->id, cf);
        } else if (v->verdict == VERDICT_AGAINST_BOTH && !(ca < 0 && cb < 0)) {
            violation("look-alike '%s' says the answers argue against both", l->id);
        } else if (v->verdict == VERDICT_NEITHER_FITS && !(ca <= 0 && cb <= 0)) {
            violation("look-alike '%s' says neither fits", l->id);
        } else if (v->verdict == VERDICT_UNDECIDED && ca != cb) {
            violation("look-alike '%s' undecided between different confidences", l->id);
        }
        for (uint32_t j = 0; j < v->nsep; j++) {
            const explain_separating *sp = &ex->seps[v->first_sep + j];
            double d = effect(kb, sp->rule, l->a) - effect(kb, sp->rule, l->b);
            uint32_t side = d > 0 ? l->a : l->b;
            if (d == 0 || sp->side != side)
                violation("look-alike '%s': reason '%s' labelled with the wrong side", l->id,
                          kb->rules[sp->rule].id);
            if (sp->cited && (!points || sp->side != v->favoured))
                violation("look-alike '%s' cites reason '%s' against the side it points to",
                          l->id, kb->rules[sp->rule].id);
        }
    }
}

static void check(tri_session *s)
{
    tri_session_evaluate(s);
    const explain *ex = explain_build(s);
    checked++;
    check_advice(s, ex);
    check_net(s, ex);
    check_lookalikes(s, ex);
}

/* ---- the size of the short report ---------------------------------------------------- */

static unsigned max_lines, max_net_lines;
static char max_case[128], max_net_case[128];

static void measure(tri_session *s, const char *id)
{
    tri_report_options ro = {0};
    ro.width = 80;
    size_t len;
    const char *t = tri_session_report_text(s, &ro, &len);
    unsigned lines = 0, net = 0;
    bool in_net = false;
    for (const char *p = t; p < t + len; p++) {
        if (*p != '\n')
            continue;
        lines++;
        const char *next = p + 1;
        if (!strncmp(next, "Seek help sooner:", 17))
            in_net = true;
        else if (in_net && (*next == '\n' || !*next))
            in_net = false;
        else if (in_net)
            net++;
    }
    if (lines > max_lines) {
        max_lines = lines;
        snprintf(max_case, sizeof max_case, "%s", id);
    }
    if (net + 1 > max_net_lines) {
        max_net_lines = net + 1;
        snprintf(max_net_case, sizeof max_net_case, "%s", id);
    }
}

/* ---- variants ----------------------------------------------------------------------- */

static void apply_case(const tri_cases *cs, size_t c, tri_session *s)
{
    tri_error err;
    if (tri_case_apply(cs, c, s, &err) != TRI_OK)
        violation("cannot apply the case: %s", err.message);
}

/* Representative answers for question q (NULL-terminated, in buf). */
static size_t values_of(const tri_kb *kb, size_t q, char vals[][32], size_t max)
{
    size_t n = 0;
    switch (tri_question_type(kb, q)) {
    case TRI_Q_CHOICE:
    case TRI_Q_MULTI:
    case TRI_Q_YES_NO:
        for (size_t o = 0; o < tri_question_option_count(kb, q) && n < max; o++)
            snprintf(vals[n++], 32, "%s", tri_question_option_id(kb, q, o));
        break;
    case TRI_Q_NUMBER: {
        double lo, hi;
        tri_question_bounds(kb, q, &lo, &hi);
        static const double ages[] = {0.5, 4, 7, 10, 15, 17, 25, 45, 70, 90};
        for (size_t i = 0; i < sizeof ages / sizeof ages[0] && n < max; i++)
            if (ages[i] >= lo && ages[i] <= hi)
                snprintf(vals[n++], 32, "%g", ages[i]);
        break;
    }
    case TRI_Q_DURATION: {
        static const char *const d[] = {"0.5 s", "3 s", "1 min", "10 min", "1 day", "3 weeks",
                                        "5 months", "3 years"};
        for (size_t i = 0; i < sizeof d / sizeof d[0] && n < max; i++)
            snprintf(vals[n++], 32, "%s", d[i]);
        break;
    }
    default:
        break;
    }
    return n;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: consistency VIGNETTES...\n");
        return 2;
    }
    tri_options opt = {0};
    opt.on_diag = print_diag;
    tri_error err;
    tri_kb *kb = tri_kb_load_default(&opt, &err);
    if (!kb)
        return 3;
    tri_cases *cs = tri_cases_new(kb, &opt, &err);
    for (int i = 1; i < argc; i++)
        if (tri_cases_add_path(cs, argv[i], &err) != TRI_OK)
            return 4;
    tri_session *s = tri_session_new(kb, &opt, &err);
    char label[256];
    unsigned long variants = 0;
    for (size_t c = 0; c < tri_cases_count(cs); c++) {
        snprintf(label, sizeof label, "case '%s'", tri_case_id(cs, c));
        current = label;
        apply_case(cs, c, s);
        check(s);
        measure(s, tri_case_id(cs, c));
        for (size_t q = 0; q < tri_kb_question_count(kb); q++) {
            char vals[72][32];
            size_t n = values_of(kb, q, vals, 72);
            for (size_t v = 0; v <= n; v++) {
                apply_case(cs, c, s);
                if (v == n) {
                    tri_session_answer_unknown(s, q);
                    snprintf(label, sizeof label, "case '%s' + %s=unknown", tri_case_id(cs, c),
                             tri_question_id(kb, q));
                } else {
                    snprintf(label, sizeof label, "case '%s' + %s=%s", tri_case_id(cs, c),
                             tri_question_id(kb, q), vals[v]);
                    if (tri_session_answer(s, q, vals[v], &err) != TRI_OK) {
                        violation("cannot answer: %s", err.message);
                        continue;
                    }
                }
                check(s);
                variants++;
            }
        }
    }
    printf("%zu vignettes, %lu one-answer variants: %lu results checked, %lu violations\n",
           tri_cases_count(cs), variants, checked, violations);
    printf("largest short report at 80 columns: %u lines (%s); largest 'seek help sooner': %u "
           "lines (%s)\n",
           max_lines, max_case, max_net_lines, max_net_case);
    tri_session_free(s);
    tri_cases_free(cs);
    tri_kb_free(kb);
    return violations ? 1 : 0;
}
