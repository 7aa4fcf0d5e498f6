/*
 * report.c - the result of an evaluation as JSON, as text for a person, as
 * the HOW trace of one explanation, and the answers as an answers file.
 *
 * Both formats are built from the same helpers, so they always agree: the
 * triage level and the reasons that set it, what was not checked, red flags,
 * explanations ranked with the rules behind them, look-alike verdicts,
 * contributing factors, advice (most urgent first), the safety net and the
 * disclaimer. Output depends only on the knowledge base and the answers.
 */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "quantity.h"
#include "session.h"

static const char disclaimer[] =
    "This is information, not a diagnosis. It cannot examine you and it can be wrong. If you are "
    "worried, or anything changes, contact a doctor; in an emergency call your local emergency "
    "number.";

/* ---- shared analysis -------------------------------------------------------- */

static bool is_likely(const tri_session *s, uint32_t c)
{
    return s->cf[c] >= TRI_LIKELY_THRESHOLD;
}

/* CF this rule gives condition c: > 0 support, < 0 oppose. */
static double rule_effect(const tri_kb *kb, uint32_t r, uint32_t c)
{
    const kb_rule *rule = &kb->rules[r];
    double e = 0;
    for (uint32_t i = 0; i < rule->nactions; i++) {
        const kb_action *a = &kb->actions[rule->first_action + i];
        if (a->target != c)
            continue;
        if (a->kind == ACT_SUPPORT)
            e += a->cf;
        else if (a->kind == ACT_OPPOSE)
            e -= a->cf;
    }
    return e;
}

static const char *text_or(const kb_text *t, const char *lang, const char *fallback)
{
    const char *x = kb_text_get(t, lang);
    return x ? x : fallback;
}

/* Most urgent level of any rule that tests question q and raises triage. */
static uint8_t question_stakes(const tri_kb *kb, uint32_t q)
{
    uint8_t l = TRI_LEVEL_COUNT;
    for (uint32_t r = 0; r < kb->nrules; r++) {
        const kb_rule *rule = &kb->rules[r];
        if (!rule->raises_triage)
            continue;
        for (uint32_t i = 0; i < rule->nqrefs; i++)
            if (kb->qrefs[rule->first_qref + i] == q && rule->raise_level < l)
                l = rule->raise_level;
    }
    return l;
}

/* Does rule r test any of the questions qs[0..n)? */
static bool rule_tests_any(const tri_kb *kb, uint32_t r, const uint32_t *qs, uint32_t n)
{
    const kb_rule *rule = &kb->rules[r];
    for (uint32_t i = 0; i < rule->nqrefs; i++)
        for (uint32_t j = 0; j < n; j++)
            if (kb->qrefs[rule->first_qref + i] == qs[j])
                return true;
    return false;
}

/* ---- text helpers ------------------------------------------------------------ */

/* Appends text wrapped at width, the first line starting at column `col`
 * already, continuation lines indented by indent spaces. */
static void wrap(strbuf *b, const char *text, unsigned col, unsigned indent, unsigned width)
{
    const char *p = text;
    unsigned at = col;
    bool first_word = true;
    while (*p) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        const char *w = p;
        unsigned chars = 0;
        while (*p && *p != ' ' && *p != '\n') {
            if (((unsigned char)*p & 0xC0) != 0x80)
                chars++;
            p++;
        }
        if (!first_word && at + 1 + chars > width) {
            sb_putc(b, '\n');
            for (unsigned i = 0; i < indent; i++)
                sb_putc(b, ' ');
            at = indent;
        } else if (!first_word) {
            sb_putc(b, ' ');
            at++;
        }
        sb_putn(b, w, (size_t)(p - w));
        at += chars;
        first_word = false;
        if (*p == '\n') {
            p++;
            sb_putc(b, '\n');
            for (unsigned i = 0; i < indent; i++)
                sb_putc(b, ' ');
            at = indent;
            first_word = true;
        }
    }
}

static void bullet(strbuf *b, unsigned indent, const char *mark, const char *text, unsigned width)
{
    for (unsigned i = 0; i < indent; i++)
        sb_putc(b, ' ');
    sb_puts(b, mark);
    unsigned col = indent + (unsigned)strlen(mark);
    wrap(b, text, col, col, width);
    sb_putc(b, '\n');
}

typedef struct style {
    bool color;
    unsigned width;
    const char *lang;
} style;

static const char *level_color(uint8_t level)
{
    switch (level) {
    case TRI_LEVEL_EMERGENCY:
        return "\033[1;41;97m";
    case TRI_LEVEL_URGENT:
        return "\033[1;31m";
    case TRI_LEVEL_SOON:
        return "\033[1;33m";
    case TRI_LEVEL_ROUTINE:
        return "\033[1;36m";
    default:
        return "\033[1;32m";
    }
}

static void heading(strbuf *b, const style *st, const char *text)
{
    sb_putc(b, '\n');
    if (st->color)
        sb_puts(b, "\033[1m");
    sb_puts(b, text);
    if (st->color)
        sb_puts(b, "\033[0m");
    sb_putc(b, '\n');
}

/* "timing = sleep_onset, side = left" for the answered questions rule r tests. */
static void rule_answers_text(const tri_session *s, uint32_t r, strbuf *b)
{
    const kb_rule *rule = &s->kb->rules[r];
    bool first = true;
    for (uint32_t i = 0; i < rule->nqrefs; i++) {
        uint32_t q = s->kb->qrefs[rule->first_qref + i];
        if (s->answers[q].state == TRI_UNANSWERED)
            continue;
        sb_printf(b, "%s%s = %s", first ? "" : ", ", s->kb->questions[q].id,
                  s->pool + s->answers[q].text_off);
        first = false;
    }
}

static void rule_answers_json(const tri_session *s, uint32_t r, strbuf *b)
{
    const kb_rule *rule = &s->kb->rules[r];
    bool first = true;
    sb_putc(b, '{');
    for (uint32_t i = 0; i < rule->nqrefs; i++) {
        uint32_t q = s->kb->qrefs[rule->first_qref + i];
        if (s->answers[q].state == TRI_UNANSWERED)
            continue;
        if (!first)
            sb_putc(b, ',');
        sb_json_str(b, s->kb->questions[q].id);
        sb_putc(b, ':');
        sb_json_str(b, s->pool + s->answers[q].text_off);
        first = false;
    }
    sb_putc(b, '}');
}

/* ---- JSON -------------------------------------------------------------------- */

static void json_text_field(strbuf *b, const char *key, const char *value, bool comma)
{
    if (comma)
        sb_putc(b, ',');
    sb_json_str(b, key);
    sb_putc(b, ':');
    if (value)
        sb_json_str(b, value);
    else
        sb_puts(b, "null");
}

static void json_triage_reasons(const tri_session *s, strbuf *b, const char *lang)
{
    const tri_kb *kb = s->kb;
    bool first = true;
    sb_puts(b, "\"reasons\":[");
    for (uint32_t f = 0; f < kb->nred_flags; f++)
        if (s->red_fired[f] && kb->red_flags[f].level == s->level) {
            sb_puts(b, first ? "{" : ",{");
            json_text_field(b, "source", "red_flag", false);
            json_text_field(b, "id", kb->red_flags[f].id, true);
            json_text_field(b, "text", kb_text_get(&kb->red_flags[f].text, lang), true);
            sb_putc(b, '}');
            first = false;
        }
    for (uint32_t r = 0; r < kb->nrules; r++)
        if (s->rule_fired[r] && kb->rules[r].floor_level == s->level) {
            sb_puts(b, first ? "{" : ",{");
            json_text_field(b, "source", "rule", false);
            json_text_field(b, "id", kb->rules[r].id, true);
            json_text_field(b, "text", kb_text_get(&kb->rules[r].because, lang), true);
            sb_putc(b, '}');
            first = false;
        }
    for (uint32_t i = 0; i < s->nranked; i++) {
        uint32_t c = s->ranked[i];
        if (is_likely(s, c) && kb->conditions[c].level == s->level) {
            sb_puts(b, first ? "{" : ",{");
            json_text_field(b, "source", "condition", false);
            json_text_field(b, "id", kb->conditions[c].id, true);
            char buf[512];
            snprintf(buf, sizeof buf, "%s is likely, and is usually managed at this level",
                     text_or(&kb->conditions[c].name, lang, kb->conditions[c].id));
            json_text_field(b, "text", buf, true);
            sb_putc(b, '}');
            first = false;
        }
    }
    if (first && s->nothing_fits) {
        sb_puts(b, "{");
        json_text_field(b, "source", "nothing_fits", false);
        json_text_field(b, "id", NULL, true);
        json_text_field(b, "text",
                        "no explanation fits the answers well enough, so a routine check is the "
                        "safe default",
                        true);
        sb_putc(b, '}');
    }
    sb_putc(b, ']');
}

static void json_explanation(const tri_session *s, strbuf *b, uint32_t c, const char *lang)
{
    const tri_kb *kb = s->kb;
    const kb_condition *k = &kb->conditions[c];
    sb_putc(b, '{');
    json_text_field(b, "id", k->id, false);
    json_text_field(b, "name", kb_text_get(&k->name, lang), true);
    sb_puts(b, ",\"confidence\":");
    sb_json_num(b, s->cf[c]);
    sb_printf(b, ",\"likely\":%s", is_likely(s, c) ? "true" : "false");
    json_text_field(b, "level", tri_level_name((tri_level)k->level), true);
    json_text_field(b, "icd10", k->icd10, true);
    json_text_field(b, "summary", kb_text_get(&k->summary, lang), true);
    if (is_likely(s, c)) {
        /* what the person can do about a likely explanation */
        json_text_field(b, "distinguishing", kb_text_get(&k->distinguishing, lang), true);
        json_text_field(b, "self_care", kb_text_get(&k->self_care, lang), true);
        json_text_field(b, "doctor", kb_text_get(&k->doctor, lang), true);
        json_text_field(b, "seek_help", kb_text_get(&k->seek_help, lang), true);
    }
    sb_puts(b, ",\"reasons\":[");
    bool first = true;
    for (uint32_t i = 0; i < k->nrules; i++) {
        uint32_t r = kb->cond_rules[k->first_rule + i];
        if (s->rule_fired[r] != FIRED_YES)
            continue;
        double e = rule_effect(kb, r, c);
        sb_puts(b, first ? "{" : ",{");
        json_text_field(b, "rule", kb->rules[r].id, false);
        json_text_field(b, "effect", e >= 0 ? "support" : "oppose", true);
        sb_puts(b, ",\"cf\":");
        sb_json_num(b, fabs(e));
        json_text_field(b, "because", kb_text_get(&kb->rules[r].because, lang), true);
        sb_puts(b, ",\"answers\":");
        rule_answers_json(s, r, b);
        sb_putc(b, '}');
        first = false;
    }
    sb_puts(b, "]}");
}

typedef struct lookalike_view {
    uint32_t favoured, other;
    bool decided;
} lookalike_view;

static uint32_t rank_of(const tri_session *s, uint32_t c)
{
    for (uint32_t i = 0; i < s->nranked; i++)
        if (s->ranked[i] == c)
            return i;
    return UINT32_MAX;
}

/* A look-alike pair is discussed when both are among the first three
 * explanations, or one is likely and the other among the first three. */
static bool lookalike_applies(const tri_session *s, const kb_lookalike *l, lookalike_view *v)
{
    if (l->a == NO_INDEX || l->b == NO_INDEX || !s->touched[l->a] || !s->touched[l->b])
        return false;
    bool a_top = rank_of(s, l->a) < 3, b_top = rank_of(s, l->b) < 3;
    if (!((a_top && b_top) || (a_top && is_likely(s, l->b)) || (b_top && is_likely(s, l->a))))
        return false;
    bool a_first = rank_of(s, l->a) < rank_of(s, l->b);
    v->favoured = a_first ? l->a : l->b;
    v->other = a_first ? l->b : l->a;
    v->decided = fabs(s->cf[l->a] - s->cf[l->b]) >= 0.2;
    return true;
}

#define MAX_SEPARATING 4

/* The fired rules on the pair's separating questions that moved the two
 * apart the most (largest difference of effect), strongest first. */
static uint32_t separating_rules(const tri_session *s, const kb_lookalike *l, uint32_t *out)
{
    const tri_kb *kb = s->kb;
    const uint32_t *qs = &kb->qrefs[l->first_q];
    double weight[MAX_SEPARATING];
    uint32_t n = 0;
    for (uint32_t r = 0; r < kb->nrules; r++) {
        if (s->rule_fired[r] != FIRED_YES || !rule_tests_any(kb, r, qs, l->nq))
            continue;
        double w = fabs(rule_effect(kb, r, l->a) - rule_effect(kb, r, l->b));
        if (w == 0)
            continue;
        uint32_t i = n < MAX_SEPARATING ? n++ : MAX_SEPARATING;
        if (i == MAX_SEPARATING && w <= weight[MAX_SEPARATING - 1])
            continue;
        if (i == MAX_SEPARATING)
            i = MAX_SEPARATING - 1;
        while (i > 0 && weight[i - 1] < w) {
            weight[i] = weight[i - 1];
            out[i] = out[i - 1];
            i--;
        }
        weight[i] = w;
        out[i] = r;
    }
    return n;
}

static void json_lookalikes(const tri_session *s, strbuf *b, const char *lang)
{
    const tri_kb *kb = s->kb;
    sb_puts(b, ",\"lookalikes\":[");
    bool first = true;
    for (uint32_t i = 0; i < kb->nlookalikes; i++) {
        const kb_lookalike *l = &kb->lookalikes[i];
        lookalike_view v;
        if (!lookalike_applies(s, l, &v))
            continue;
        sb_puts(b, first ? "{" : ",{");
        first = false;
        json_text_field(b, "id", l->id, false);
        json_text_field(b, "question", kb_text_get(&l->question, lang), true);
        json_text_field(b, "favours", kb->conditions[v.favoured].id, true);
        json_text_field(b, "over", kb->conditions[v.other].id, true);
        sb_printf(b, ",\"decided\":%s", v.decided ? "true" : "false");
        sb_puts(b, ",\"separating\":[");
        uint32_t sep[MAX_SEPARATING], nsep = separating_rules(s, l, sep);
        for (uint32_t j = 0; j < nsep; j++) {
            sb_puts(b, j ? ",{" : "{");
            json_text_field(b, "rule", kb->rules[sep[j]].id, false);
            json_text_field(b, "because", kb_text_get(&kb->rules[sep[j]].because, lang), true);
            sb_putc(b, '}');
        }
        const uint32_t *qs = &kb->qrefs[l->first_q];
        bool f2;
        sb_puts(b, "],\"would_help\":[");
        f2 = true;
        for (uint32_t j = 0; j < l->nq; j++)
            if (s->answers[qs[j]].state != TRI_ANSWERED) {
                if (!f2)
                    sb_putc(b, ',');
                sb_json_str(b, kb->questions[qs[j]].id);
                f2 = false;
            }
        sb_puts(b, "]}");
    }
    sb_putc(b, ']');
}

/* Safety-net entries: red flags and floors that did not fire but would raise
 * the level, and screening questions left unanswered. Calls fn per entry,
 * most urgent first, without repeating a text. */
typedef void (*net_fn)(void *ctx, uint8_t level, const char *text, const char *source);

static void safety_net(const tri_session *s, const char *lang, net_fn fn, void *ctx)
{
    const tri_kb *kb = s->kb;
    for (uint8_t level = 0; level < TRI_LEVEL_COUNT && level < s->level; level++) {
        const char *seen[256];
        size_t nseen = 0;
        for (uint32_t f = 0; f < kb->nred_flags; f++) {
            const kb_red_flag *rf = &kb->red_flags[f];
            if (s->red_fired[f] || rf->level != level)
                continue;
            const char *t = text_or(&rf->safety_net, lang, kb_text_get(&rf->text, lang));
            bool dup = false;
            for (size_t i = 0; i < nseen; i++)
                dup |= !strcmp(seen[i], t);
            if (dup || !t)
                continue;
            if (nseen < 256)
                seen[nseen++] = t;
            fn(ctx, level, t, rf->id);
        }
        for (uint32_t r = 0; r < kb->nrules; r++) {
            if (s->rule_fired[r] || kb->rules[r].raises_red_flag || kb->rules[r].floor_level != level)
                continue;
            const char *t = kb_text_get(&kb->rules[r].safety_net, lang);
            if (!t)
                continue;
            bool dup = false;
            for (size_t i = 0; i < nseen; i++)
                dup |= !strcmp(seen[i], t);
            if (dup)
                continue;
            if (nseen < 256)
                seen[nseen++] = t;
            fn(ctx, level, t, kb->rules[r].id);
        }
        /* screening questions nobody answered: name them where they matter */
        for (uint32_t q = 0; q < kb->nquestions; q++) {
            if (!kb->questions[q].screening || s->answers[q].state == TRI_ANSWERED ||
                question_stakes(kb, q) != level)
                continue;
            char t[600];
            snprintf(t, sizeof t, "any of these applies (not checked yet): %s",
                     text_or(&kb->questions[q].text, lang, kb->questions[q].id));
            fn(ctx, level, t, kb->questions[q].id);
        }
    }
}

typedef struct json_net_ctx {
    strbuf *b;
    bool first;
} json_net_ctx;

static void json_net_entry(void *ctx, uint8_t level, const char *text, const char *source)
{
    json_net_ctx *c = ctx;
    sb_puts(c->b, c->first ? "{" : ",{");
    c->first = false;
    json_text_field(c->b, "level", tri_level_name((tri_level)level), false);
    json_text_field(c->b, "if", text, true);
    json_text_field(c->b, "source", source, true);
    sb_putc(c->b, '}');
}

static void render_json(tri_session *s, const tri_report_options *ro)
{
    const tri_kb *kb = s->kb;
    const char *lang = ro ? ro->lang : NULL;
    strbuf *b = &s->out;
    sb_reset(b);
    sb_putc(b, '{');
    json_text_field(b, "rules_version", kb->version, false);
    json_text_field(b, "disclaimer", disclaimer, true);
    sb_puts(b, ",\"triage\":{");
    json_text_field(b, "level", tri_level_name((tri_level)s->level), false);
    json_text_field(b, "meaning", tri_level_meaning((tri_level)s->level), true);
    sb_putc(b, ',');
    json_triage_reasons(s, b, lang);
    sb_putc(b, '}');

    sb_puts(b, ",\"not_checked\":[");
    bool first = true;
    for (uint32_t q = 0; q < kb->nquestions; q++)
        if (kb->questions[q].screening && s->answers[q].state != TRI_ANSWERED) {
            sb_puts(b, first ? "{" : ",{");
            first = false;
            json_text_field(b, "question", kb->questions[q].id, false);
            json_text_field(b, "text", kb_text_get(&kb->questions[q].text, lang), true);
            sb_putc(b, '}');
        }
    sb_putc(b, ']');

    sb_puts(b, ",\"red_flags\":[");
    first = true;
    for (uint32_t f = 0; f < kb->nred_flags; f++)
        if (s->red_fired[f]) {
            sb_puts(b, first ? "{" : ",{");
            first = false;
            json_text_field(b, "id", kb->red_flags[f].id, false);
            json_text_field(b, "text", kb_text_get(&kb->red_flags[f].text, lang), true);
            json_text_field(b, "level", tri_level_name((tri_level)kb->red_flags[f].level), true);
            json_text_field(b, "rule", kb->rules[s->red_rule[f]].id, true);
            sb_putc(b, '}');
        }
    sb_putc(b, ']');

    sb_printf(b, ",\"nothing_fits\":%s", s->nothing_fits ? "true" : "false");
    sb_puts(b, ",\"explanations\":[");
    for (uint32_t i = 0; i < s->nranked; i++) {
        if (i)
            sb_putc(b, ',');
        json_explanation(s, b, s->ranked[i], lang);
    }
    sb_putc(b, ']');
    json_lookalikes(s, b, lang);

    sb_puts(b, ",\"factors\":[");
    first = true;
    for (uint32_t f = 0; f < kb->nfactors; f++)
        if (s->factor_on[f]) {
            sb_puts(b, first ? "{" : ",{");
            first = false;
            json_text_field(b, "id", kb->factors[f].id, false);
            json_text_field(b, "name", kb_text_get(&kb->factors[f].name, lang), true);
            json_text_field(b, "advice", kb_text_get(&kb->factors[f].advice, lang), true);
            sb_putc(b, '}');
        }
    sb_puts(b, "],\"advice\":[");
    first = true;
    for (uint8_t level = 0; level < TRI_LEVEL_COUNT; level++)
        for (uint32_t a = 0; a < kb->nadvice; a++)
            if (s->advice_on[a] && kb->advice[a].level == level) {
                sb_puts(b, first ? "{" : ",{");
                first = false;
                json_text_field(b, "id", kb->advice[a].id, false);
                json_text_field(b, "text", kb_text_get(&kb->advice[a].text, lang), true);
                json_text_field(b, "level", tri_level_name((tri_level)level), true);
                sb_putc(b, '}');
            }
    sb_puts(b, "],\"safety_net\":[");
    json_net_ctx nc = {b, true};
    safety_net(s, lang, json_net_entry, &nc);
    sb_puts(b, "]}");
}

/* Re-indents compact JSON (whose strings are already escaped). */
static void pretty_json(const char *in, strbuf *out)
{
    int depth = 0;
    bool in_str = false;
    for (const char *p = in; *p; p++) {
        char ch = *p;
        if (in_str) {
            sb_putc(out, ch);
            if (ch == '\\' && p[1]) {
                sb_putc(out, *++p);
            } else if (ch == '"') {
                in_str = false;
            }
            continue;
        }
        switch (ch) {
        case '"':
            in_str = true;
            sb_putc(out, ch);
            break;
        case '{':
        case '[':
            sb_putc(out, ch);
            if (p[1] == '}' || p[1] == ']') {
                sb_putc(out, *++p);
                break;
            }
            depth++;
            sb_putc(out, '\n');
            for (int i = 0; i < depth; i++)
                sb_puts(out, "  ");
            break;
        case '}':
        case ']':
            depth--;
            sb_putc(out, '\n');
            for (int i = 0; i < depth; i++)
                sb_puts(out, "  ");
            sb_putc(out, ch);
            break;
        case ',':
            sb_putc(out, ch);
            sb_putc(out, '\n');
            for (int i = 0; i < depth; i++)
                sb_puts(out, "  ");
            break;
        case ':':
            sb_puts(out, ": ");
            break;
        default:
            sb_putc(out, ch);
        }
    }
}

const char *tri_session_report_json(tri_session *s, const tri_report_options *ro, size_t *len)
{
    if (!s->evaluated)
        tri_session_evaluate(s);
    render_json(s, ro);
    if (ro && ro->pretty && !s->out.failed) {
        strbuf tmp;
        sb_init(&tmp, s->alloc);
        pretty_json(s->out.data, &tmp);
        sb_putc(&tmp, '\n');
        sb_fini(&s->out);
        s->out = tmp;
    }
    if (s->out.failed)
        return NULL;
    if (len)
        *len = s->out.len;
    return s->out.data;
}

/* ---- text ---------------------------------------------------------------------- */

typedef struct text_net_ctx {
    strbuf *b;
    const style *st;
    int last_level;
} text_net_ctx;

static const char *net_heading(uint8_t level)
{
    switch (level) {
    case TRI_LEVEL_EMERGENCY:
        return "Call the emergency number now if";
    case TRI_LEVEL_URGENT:
        return "Get medical help today if";
    case TRI_LEVEL_SOON:
        return "See a doctor within days if";
    default:
        return "Book a routine appointment if";
    }
}

static void text_net_entry(void *ctx, uint8_t level, const char *text, const char *source)
{
    (void)source;
    text_net_ctx *c = ctx;
    if (c->last_level != level) {
        sb_printf(c->b, "  %s:\n", net_heading(level));
        c->last_level = level;
    }
    bullet(c->b, 4, "- ", text, c->st->width);
}

static void text_explanation(const tri_session *s, strbuf *b, const style *st, uint32_t rank,
                             uint32_t c, bool against_only)
{
    const tri_kb *kb = s->kb;
    const kb_condition *k = &kb->conditions[c];
    char head[512], num[16];
    snprintf(num, sizeof num, "%u. ", rank + 1);
    snprintf(head, sizeof head, "%s (confidence %.2f)", text_or(&k->name, st->lang, k->id),
             s->cf[c]);
    bullet(b, 2, num, head, st->width);
    const char *summary = kb_text_get(&k->summary, st->lang);
    if (!against_only && summary)
        bullet(b, 5, "", summary, st->width);
    int shown = 0;
    for (int pass = 0; pass < 2; pass++)
        for (uint32_t i = 0; i < k->nrules; i++) {
            uint32_t r = kb->cond_rules[k->first_rule + i];
            if (s->rule_fired[r] != FIRED_YES)
                continue;
            double e = rule_effect(kb, r, c);
            /* reasons for first, then against; "also considered" shows the main ones against */
            if ((pass == 0) != (e > 0) || (against_only && e > 0))
                continue;
            if (against_only && shown >= 2)
                break;
            const char *because = kb_text_get(&kb->rules[r].because, st->lang);
            bullet(b, 5, e > 0 ? "+ " : "- ", because ? because : kb->rules[r].id, st->width);
            shown++;
        }
    if (against_only && shown == 0) {
        for (uint32_t i = 0; i < k->nrules && shown < 1; i++) {
            uint32_t r = kb->cond_rules[k->first_rule + i];
            if (s->rule_fired[r] != FIRED_YES)
                continue;
            const char *because = kb_text_get(&kb->rules[r].because, st->lang);
            bullet(b, 5, "+ ", because ? because : kb->rules[r].id, st->width);
            shown++;
        }
        bullet(b, 7, "", "(not enough in your answers to make it likely)", st->width);
    }
    const char *doctor = kb_text_get(&k->doctor, st->lang);
    if (!against_only && doctor) {
        char line[1024];
        snprintf(line, sizeof line, "What a doctor may do: %s", doctor);
        bullet(b, 5, "", line, st->width);
    }
}

static void render_text(tri_session *s, const tri_report_options *ro)
{
    const tri_kb *kb = s->kb;
    style st = {ro && ro->color, ro && ro->width ? ro->width : 80, ro ? ro->lang : NULL};
    if (st.width < 40)
        st.width = 40;
    strbuf *b = &s->out;
    sb_reset(b);
    char line[1024];

    /* the most important line first */
    if (st.color)
        sb_puts(b, level_color(s->level));
    char upper[32];
    const char *ln = tri_level_name((tri_level)s->level);
    size_t i = 0;
    for (; i < sizeof upper - 1 && ln[i]; i++)
        upper[i] = ln[i] == '_' ? ' ' : (char)(ln[i] >= 'a' && ln[i] <= 'z' ? ln[i] - 32 : ln[i]);
    upper[i] = '\0';
    sb_printf(b, "TRIAGE: %s", upper);
    if (st.color)
        sb_puts(b, "\033[0m");
    sb_puts(b, " - ");
    wrap(b, tri_level_meaning((tri_level)s->level), 11 + (unsigned)strlen(upper), 2, st.width);
    sb_putc(b, '\n');

    /* why this level */
    for (uint32_t f = 0; f < kb->nred_flags; f++)
        if (s->red_fired[f] && kb->red_flags[f].level == s->level) {
            snprintf(line, sizeof line, "Red flag: %s.",
                     text_or(&kb->red_flags[f].text, st.lang, kb->red_flags[f].id));
            bullet(b, 2, "Why: ", line, st.width);
        }
    for (uint32_t r = 0; r < kb->nrules; r++)
        if (s->rule_fired[r] && kb->rules[r].floor_level == s->level)
            bullet(b, 2, "Why: ", text_or(&kb->rules[r].because, st.lang, kb->rules[r].id),
                   st.width);
    for (uint32_t k = 0; k < s->nranked; k++) {
        uint32_t c = s->ranked[k];
        if (is_likely(s, c) && kb->conditions[c].level == s->level) {
            snprintf(line, sizeof line, "%s is likely and is usually managed at this level.",
                     text_or(&kb->conditions[c].name, st.lang, kb->conditions[c].id));
            bullet(b, 2, "Why: ", line, st.width);
        }
    }

    /* what was not checked */
    bool any = false;
    for (uint32_t q = 0; q < kb->nquestions; q++)
        if (kb->questions[q].screening && s->answers[q].state != TRI_ANSWERED) {
            if (!any)
                heading(b, &st, "Not checked (no answer given):");
            any = true;
            bullet(b, 2, "- ", text_or(&kb->questions[q].text, st.lang, kb->questions[q].id),
                   st.width);
        }

    /* red flags */
    size_t nflags = tri_result_red_flag_count(s);
    if (nflags) {
        heading(b, &st, "Red flags found:");
        for (uint32_t f = 0; f < kb->nred_flags; f++)
            if (s->red_fired[f]) {
                snprintf(line, sizeof line, "%s (%s)",
                         text_or(&kb->red_flags[f].text, st.lang, kb->red_flags[f].id),
                         tri_level_name((tri_level)kb->red_flags[f].level));
                bullet(b, 2, "! ", line, st.width);
            }
    }

    /* explanations */
    uint32_t nlikely = 0;
    for (uint32_t k = 0; k < s->nranked; k++)
        nlikely += is_likely(s, s->ranked[k]);
    if (nlikely) {
        heading(b, &st, nlikely == 1 ? "Most likely explanation:" : "Likely explanations:");
        for (uint32_t k = 0; k < nlikely; k++)
            text_explanation(s, b, &st, k, s->ranked[k], false);
    } else {
        heading(b, &st, "No explanation fits well:");
        wrap(b,
             "None of the explanations in this knowledge base fits your answers well enough. That "
             "can mean too few questions were answered, or that the problem lies outside what this "
             "tool covers. A routine appointment is the safe default.",
             2, 2, st.width);
        sb_putc(b, '\n');
        /* what could not be assessed: questions rules use that are unanswered */
        int shown = 0;
        for (uint32_t q = 0; q < kb->nquestions && shown < 8; q++) {
            if (s->answers[q].state == TRI_ANSWERED)
                continue;
            bool used = false;
            for (uint32_t j = 0; j < kb->nrules && !used; j++)
                for (uint32_t x = 0; x < kb->rules[j].nqrefs && !used; x++)
                    used = kb->qrefs[kb->rules[j].first_qref + x] == q;
            if (!used)
                continue;
            if (!shown)
                sb_puts(b, "  Could not assess without an answer to:\n");
            bullet(b, 4, "- ", text_or(&kb->questions[q].text, st.lang, kb->questions[q].id),
                   st.width);
            shown++;
        }
    }
    uint32_t nother = s->nranked - nlikely;
    if (nother) {
        heading(b, &st, "Also considered:");
        for (uint32_t k = nlikely; k < s->nranked && k < nlikely + 4; k++)
            text_explanation(s, b, &st, k, s->ranked[k], true);
    }

    /* look-alikes */
    for (uint32_t l = 0; l < kb->nlookalikes; l++) {
        const kb_lookalike *la = &kb->lookalikes[l];
        lookalike_view v;
        if (!lookalike_applies(s, la, &v))
            continue;
        heading(b, &st, text_or(&la->question, st.lang, la->id));
        const char *fav = text_or(&kb->conditions[v.favoured].name, st.lang,
                                  kb->conditions[v.favoured].id);
        const char *oth =
            text_or(&kb->conditions[v.other].name, st.lang, kb->conditions[v.other].id);
        if (v.decided)
            snprintf(line, sizeof line, "Your answers point to %s rather than %s.", fav, oth);
        else
            snprintf(line, sizeof line,
                     "Your answers do not clearly separate %s from %s; %s is slightly ahead.", fav,
                     oth, fav);
        bullet(b, 2, "", line, st.width);
        const uint32_t *qs = &kb->qrefs[la->first_q];
        uint32_t sep[MAX_SEPARATING], nsep = separating_rules(s, la, sep);
        for (uint32_t j = 0; j < nsep; j++)
            bullet(b, 4, "- ", text_or(&kb->rules[sep[j]].because, st.lang, kb->rules[sep[j]].id),
                   st.width);
        bool help = false;
        for (uint32_t j = 0; j < la->nq; j++)
            if (s->answers[qs[j]].state != TRI_ANSWERED) {
                if (!help)
                    sb_puts(b, "  It would help to know:\n");
                help = true;
                bullet(b, 4, "? ", text_or(&kb->questions[qs[j]].text, st.lang, kb->questions[qs[j]].id),
                       st.width);
            }
    }

    /* contributing factors */
    any = false;
    for (uint32_t f = 0; f < kb->nfactors; f++)
        if (s->factor_on[f]) {
            if (!any)
                heading(b, &st, "Contributing factors:");
            any = true;
            snprintf(line, sizeof line, "%s: %s",
                     text_or(&kb->factors[f].name, st.lang, kb->factors[f].id),
                     text_or(&kb->factors[f].advice, st.lang, ""));
            bullet(b, 2, "- ", line, st.width);
        }

    /* advice, most urgent first */
    any = false;
    for (uint8_t level = 0; level < TRI_LEVEL_COUNT; level++)
        for (uint32_t a = 0; a < kb->nadvice; a++)
            if (s->advice_on[a] && kb->advice[a].level == level) {
                if (!any)
                    heading(b, &st, "What you can do:");
                any = true;
                bullet(b, 2, "- ", text_or(&kb->advice[a].text, st.lang, ""), st.width);
            }

    /* safety net */
    if (s->level > 0) {
        heading(b, &st, "Seek help sooner:");
        /* what would change the picture for the likely explanations themselves */
        for (uint32_t k = 0; k < s->nranked && k < nlikely; k++) {
            const kb_condition *cond = &kb->conditions[s->ranked[k]];
            const char *when = kb_text_get(&cond->seek_help, st.lang);
            if (!when)
                continue;
            snprintf(line, sizeof line, "About %s: %s", text_or(&cond->name, st.lang, cond->id),
                     when);
            bullet(b, 2, "- ", line, st.width);
        }
        text_net_ctx nc = {b, &st, -1};
        safety_net(s, st.lang, text_net_entry, &nc);
        if (nc.last_level < 0)
            bullet(b, 2, "- ", "if anything new appears or it changes, contact a doctor", st.width);
    }

    sb_putc(b, '\n');
    wrap(b, disclaimer, 0, 0, st.width);
    sb_putc(b, '\n');
}

const char *tri_session_report_text(tri_session *s, const tri_report_options *ro, size_t *len)
{
    if (!s->evaluated)
        tri_session_evaluate(s);
    render_text(s, ro);
    if (s->out.failed)
        return NULL;
    if (len)
        *len = s->out.len;
    return s->out.data;
}

/* ---- HOW ---------------------------------------------------------------------- */

const char *tri_session_report_how(tri_session *s, size_t condition, const tri_report_options *ro,
                                   size_t *len)
{
    const tri_kb *kb = s->kb;
    if (condition >= kb->nconditions)
        return NULL;
    if (!s->evaluated)
        tri_session_evaluate(s);
    style st = {ro && ro->color, ro && ro->width ? ro->width : 80, ro ? ro->lang : NULL};
    strbuf *b = &s->out;
    sb_reset(b);
    const kb_condition *k = &kb->conditions[condition];
    char line[1024];
    snprintf(line, sizeof line, "%s (%s): confidence %.2f, %s", text_or(&k->name, st.lang, k->id),
             k->id, s->cf[condition],
             !s->touched[condition]       ? "not considered"
             : is_likely(s, condition)    ? "likely"
                                          : "not likely");
    wrap(b, line, 0, 2, st.width);
    sb_putc(b, '\n');
    if (kb_text_get(&k->summary, st.lang)) {
        wrap(b, kb_text_get(&k->summary, st.lang), 0, 0, st.width);
        sb_putc(b, '\n');
    }
    static const struct {
        const char *label;
        size_t offset;
    } fields[] = {
        {"What sets it apart: ", offsetof(kb_condition, distinguishing)},
        {"Self-care: ", offsetof(kb_condition, self_care)},
        {"What a doctor may do: ", offsetof(kb_condition, doctor)},
        {"Seek help sooner: ", offsetof(kb_condition, seek_help)},
    };
    for (size_t f = 0; f < sizeof fields / sizeof fields[0]; f++) {
        const char *t = kb_text_get((const kb_text *)((const char *)k + fields[f].offset), st.lang);
        if (!t)
            continue;
        snprintf(line, sizeof line, "%s%s", fields[f].label, t);
        bullet(b, 0, "", line, st.width);
    }
    if (k->icd10) {
        snprintf(line, sizeof line, "ICD-10: %s", k->icd10);
        bullet(b, 0, "", line, st.width);
    }
    for (uint32_t r = 0; r < k->nrefs; r++)
        bullet(b, 0, r ? "            " : "References: ", k->refs[r], st.width);
    sb_printf(b, "\nCertainty: evidence for %.2f, against %.2f; CF = (MB - MD) / (1 - min(MB, MD)) = %.2f\n",
              s->mb[condition], s->md[condition], s->cf[condition]);
    heading(b, &st, "Rules that fired:");
    bool any = false;
    for (uint32_t i = 0; i < k->nrules; i++) {
        uint32_t r = kb->cond_rules[k->first_rule + i];
        if (s->rule_fired[r] != FIRED_YES)
            continue;
        double e = rule_effect(kb, r, condition);
        snprintf(line, sizeof line, "%s %.2f  rule %s: %s", e >= 0 ? "+" : "-", fabs(e),
                 kb->rules[r].id, text_or(&kb->rules[r].because, st.lang, ""));
        bullet(b, 2, "", line, st.width);
        strbuf ans;
        sb_init(&ans, s->alloc);
        rule_answers_text(s, r, &ans);
        if (ans.failed)
            b->failed = true; /* a report with a line left out is no report */
        if (ans.len && !ans.failed) {
            snprintf(line, sizeof line, "matched: %s", ans.data);
            bullet(b, 6, "", line, st.width);
        }
        sb_fini(&ans);
        any = true;
    }
    if (!any)
        sb_puts(b, "  none\n");
    heading(b, &st, "Rules that did not fire:");
    any = false;
    for (uint32_t i = 0; i < k->nrules; i++) {
        uint32_t r = kb->cond_rules[k->first_rule + i];
        if (s->rule_fired[r] == FIRED_YES)
            continue;
        double e = rule_effect(kb, r, condition);
        uint8_t tv = infer_cond(s, kb->rules[r].when, 0);
        snprintf(line, sizeof line, "%s %.2f  rule %s: %s (%s)", e >= 0 ? "+" : "-", fabs(e),
                 kb->rules[r].id, text_or(&kb->rules[r].because, st.lang, ""),
                 tv == TV_FALSE ? "does not match your answers" : "needs answers not yet given");
        bullet(b, 2, "", line, st.width);
        any = true;
    }
    if (!any)
        sb_puts(b, "  none\n");
    if (s->out.failed)
        return NULL;
    if (len)
        *len = s->out.len;
    return s->out.data;
}

/* ---- answers file ---------------------------------------------------------------- */

/* A YAML scalar that reads back as the same text. */
static void yaml_scalar(strbuf *b, const char *t)
{
    bool plain = *t != '\0';
    for (const char *p = t; *p && plain; p++) {
        unsigned char ch = (unsigned char)*p;
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
              ch == '_' || ch == '.' || ch == ' ' || ch == '-'))
            plain = false;
    }
    if (plain && (t[0] == ' ' || t[0] == '-' || t[strlen(t) - 1] == ' '))
        plain = false;
    if (plain)
        sb_puts(b, t);
    else
        sb_json_str(b, t); /* JSON strings are valid YAML double-quoted scalars */
}

const char *tri_session_answers_yaml(tri_session *s, size_t *len)
{
    const tri_kb *kb = s->kb;
    strbuf *b = &s->out;
    sb_reset(b);
    sb_puts(b, "format: 1\n");
    if (s->date[0])
        sb_printf(b, "date: %s\n", s->date);
    bool any = false;
    for (uint32_t q = 0; q < kb->nquestions; q++)
        any |= s->answers[q].state != TRI_UNANSWERED;
    sb_puts(b, any ? "answers:\n" : "answers: {}\n");
    for (uint32_t q = 0; q < kb->nquestions; q++) {
        const answer *a = &s->answers[q];
        if (a->state == TRI_UNANSWERED)
            continue;
        const char *t = s->pool + a->text_off;
        sb_printf(b, "  %s: ", kb->questions[q].id);
        if (kb->questions[q].type == TRI_Q_MULTI && a->state == TRI_ANSWERED)
            sb_puts(b, t); /* already "[a, b]" of option ids */
        else if (kb->questions[q].type == TRI_Q_DURATION || kb->questions[q].type == TRI_Q_TEXT)
            sb_json_str(b, t);
        else
            yaml_scalar(b, t);
        sb_putc(b, '\n');
    }
    if (s->out.failed)
        return NULL;
    if (len)
        *len = s->out.len;
    return s->out.data;
}
