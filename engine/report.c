/*
 * report.c - renders what a result says (explain.c) as JSON, as text for a
 * person (short by default, or detailed), as the HOW trace of one
 * explanation, and the answers as an answers file.
 *
 * A pure renderer: every choice of content (which reasons, verdicts, advice
 * and safety-net entries, in which order, and which of them the short
 * report shows) is made once in explain.c; this file only lays them out.
 * JSON carries everything. Text for a person shows no internal ids, and
 * every text that comes from a file or from the person passes through
 * put_text, which shows control characters and escape sequences escaped
 * (`\x1b`) so that nothing reaches the terminal raw.
 */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "explain.h"
#include "quantity.h"
#include "session.h"

static const char disclaimer[] =
    "This is information, not a diagnosis. It cannot examine you and it can be wrong. If you are "
    "worried, or anything changes, contact a doctor; in an emergency call your local emergency "
    "number.";

static const char *text_or(const kb_text *t, const char *lang, const char *fallback)
{
    const char *x = kb_text_get(t, lang);
    return x ? x : fallback;
}

/* ---- text for a terminal ------------------------------------------------------- */

/* Width of one character of text as shown, and its escaped form in esc
 * (empty when it is shown as is). n is set to its length in bytes. */
static unsigned char_shown(const char *p, size_t *n, char esc[8])
{
    unsigned char c = (unsigned char)*p;
    esc[0] = '\0';
    *n = 1;
    if (c == '\t' || c == '\r') {
        snprintf(esc, 8, "\\%c", c == '\t' ? 't' : 'r');
        return 2;
    }
    if (c < 0x20 || c == 0x7f) {
        snprintf(esc, 8, "\\x%02x", c);
        return 4;
    }
    if (c == 0xC2 && (unsigned char)p[1] >= 0x80 && (unsigned char)p[1] <= 0x9F) {
        /* a C1 control character, U+0080..U+009F (CSI is U+009B) */
        snprintf(esc, 8, "\\u%04x", (unsigned char)p[1]);
        *n = 2;
        return 6;
    }
    if (c >= 0x80) /* continuation bytes take no column of their own */
        while ((((unsigned char)p[*n]) & 0xC0) == 0x80)
            (*n)++;
    return 1;
}

/* Appends p[0..n) with control characters escaped; returns the columns it takes. */
static unsigned put_text(strbuf *b, const char *p, size_t n)
{
    unsigned cols = 0;
    size_t i = 0;
    while (i < n) {
        size_t k;
        char esc[8];
        unsigned w = char_shown(p + i, &k, esc);
        if (i + k > n)
            k = n - i;
        if (esc[0])
            sb_puts(b, esc);
        else
            sb_putn(b, p + i, k);
        cols += w;
        i += k;
    }
    return cols;
}

static unsigned shown_width(const char *p, size_t n)
{
    unsigned cols = 0;
    size_t i = 0;
    while (i < n) {
        size_t k;
        char esc[8];
        cols += char_shown(p + i, &k, esc);
        i += k;
    }
    return cols;
}

static void indent_to(strbuf *b, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        sb_putc(b, ' ');
}

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
        while (*p && *p != ' ' && *p != '\n')
            p++;
        unsigned chars = shown_width(w, (size_t)(p - w));
        if (!first_word && at + 1 + chars > width) {
            sb_putc(b, '\n');
            indent_to(b, indent);
            at = indent;
        } else if (!first_word) {
            sb_putc(b, ' ');
            at++;
        }
        at += put_text(b, w, (size_t)(p - w));
        first_word = false;
        if (*p == '\n') {
            p++;
            sb_putc(b, '\n');
            indent_to(b, indent);
            at = indent;
            first_word = true;
        }
    }
}

static void bullet(strbuf *b, unsigned indent, const char *mark, const char *text, unsigned width)
{
    indent_to(b, indent);
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

static style style_of(const tri_report_options *ro)
{
    style st = {ro && ro->color, ro && ro->width ? ro->width : 80, ro ? ro->lang : NULL};
    if (st.width < 40)
        st.width = 40;
    return st;
}

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
    put_text(b, text, strlen(text));
    if (st->color)
        sb_puts(b, "\033[0m");
    sb_putc(b, '\n');
}

/* ---- words for a person ---------------------------------------------------------- */

/* The level as a word ("self care", not the id "self_care"). */
static const char *level_word(uint8_t level)
{
    static const char *const words[] = {"emergency", "urgent", "soon", "routine", "self care"};
    return level < TRI_LEVEL_COUNT ? words[level] : "?";
}

/* What to do at a level, written to go before "if". */
static const char *net_lead(uint8_t level)
{
    switch (level) {
    case TRI_LEVEL_EMERGENCY:
        return "Call the emergency number now";
    case TRI_LEVEL_URGENT:
        return "Get medical help today";
    case TRI_LEVEL_SOON:
        return "See a doctor within days";
    default:
        return "Book a routine appointment";
    }
}

/* A sentence from a text that may lack its capital or its final stop. */
static void sentence(char *out, size_t size, const char *lead, const char *text)
{
    size_t n = strlen(text);
    bool stop = n && (text[n - 1] == '.' || text[n - 1] == '?' || text[n - 1] == '!');
    snprintf(out, size, "%s%s%s", lead, text, stop ? "" : ".");
    if (!*lead && out[0] >= 'a' && out[0] <= 'z')
        out[0] = (char)(out[0] - 'a' + 'A');
}

static const char *condition_name(const tri_kb *kb, uint32_t c, const char *lang)
{
    return text_or(&kb->conditions[c].name, lang, "");
}

/* Why the level is what it is, as one sentence. */
static void why_text(const explain *ex, const explain_why *w, const char *lang, char *out,
                     size_t size)
{
    const tri_kb *kb = ex->kb;
    switch (w->kind) {
    case WHY_RED_FLAG:
        sentence(out, size, "Red flag: ", text_or(&kb->red_flags[w->index].text, lang, ""));
        return;
    case WHY_FLOOR:
        sentence(out, size, "", text_or(&kb->rules[w->index].because, lang, ""));
        return;
    case WHY_CONDITION:
        snprintf(out, size, "%s is likely and is usually managed at this level.",
                 condition_name(kb, w->index, lang));
        return;
    case WHY_MUST_NOT_MISS:
        snprintf(out, size, "%s cannot be ruled out, and must not be missed.",
                 condition_name(kb, w->index, lang));
        return;
    default:
        snprintf(out, size, "No explanation fits your answers well enough, so a routine check is "
                            "the safe default.");
        return;
    }
}

/* The text of an advice entry; the built-in level action is the level's meaning. */
static void advice_sentence(const explain *ex, const explain_advice *a, const char *lang,
                            char *out, size_t size)
{
    const char *t = explain_advice_text(ex, a, lang);
    sentence(out, size, "", t ? t : tri_level_meaning((tri_level)a->level));
}

/* The look-alike verdict as a sentence. */
static void verdict_text(const explain *ex, const explain_lookalike *v, const char *lang,
                         char *out, size_t size)
{
    const char *f = condition_name(ex->kb, v->favoured, lang);
    const char *o = condition_name(ex->kb, v->other, lang);
    switch (v->verdict) {
    case VERDICT_POINTS_TO:
        snprintf(out, size, "Your answers point to %s rather than %s.", f, o);
        return;
    case VERDICT_LEANS_TO:
        snprintf(out, size,
                 "Your answers lean slightly towards %s rather than %s, but do not clearly "
                 "separate the two.",
                 f, o);
        return;
    case VERDICT_UNDECIDED:
        snprintf(out, size, "Your answers do not separate %s from %s.", f, o);
        return;
    case VERDICT_AGAINST_BOTH:
        snprintf(out, size, "Your answers argue against both %s and %s.", f, o);
        return;
    default:
        snprintf(out, size, "Neither %s nor %s fits your answers well.", f, o);
        return;
    }
}

/* ---- JSON ---------------------------------------------------------------------------- */

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

static void json_bool_field(strbuf *b, const char *key, bool value)
{
    sb_printf(b, ",\"%s\":%s", key, value ? "true" : "false");
}

/* {"question": "answer", ...} for the answered questions rule r tests. */
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

static void json_questions(strbuf *b, const tri_kb *kb, const uint32_t *qs, uint32_t n,
                           const char *lang)
{
    sb_putc(b, '[');
    for (uint32_t i = 0; i < n; i++) {
        sb_puts(b, i ? ",{" : "{");
        json_text_field(b, "question", kb->questions[qs[i]].id, false);
        json_text_field(b, "text", kb_text_get(&kb->questions[qs[i]].text, lang), true);
        sb_putc(b, '}');
    }
    sb_putc(b, ']');
}

static void json_triage(const explain *ex, strbuf *b, const char *lang)
{
    const tri_kb *kb = ex->kb;
    sb_puts(b, ",\"triage\":{");
    json_text_field(b, "level", tri_level_name((tri_level)ex->level), false);
    json_text_field(b, "meaning", tri_level_meaning((tri_level)ex->level), true);
    sb_puts(b, ",\"reasons\":[");
    static const char *const sources[] = {"red_flag", "rule", "condition", "must_not_miss",
                                          "nothing_fits"};
    for (uint32_t i = 0; i < ex->nwhy; i++) {
        const explain_why *w = &ex->why[i];
        const char *id = w->kind == WHY_RED_FLAG    ? kb->red_flags[w->index].id
                         : w->kind == WHY_FLOOR     ? kb->rules[w->index].id
                         : w->kind == WHY_CONDITION || w->kind == WHY_MUST_NOT_MISS
                             ? kb->conditions[w->index].id
                             : NULL;
        char text[1024];
        if (w->kind == WHY_RED_FLAG)
            snprintf(text, sizeof text, "%s", text_or(&kb->red_flags[w->index].text, lang, ""));
        else if (w->kind == WHY_FLOOR)
            snprintf(text, sizeof text, "%s", text_or(&kb->rules[w->index].because, lang, ""));
        else
            why_text(ex, w, lang, text, sizeof text);
        sb_puts(b, i ? ",{" : "{");
        json_text_field(b, "source", sources[w->kind], false);
        json_text_field(b, "id", id, true);
        json_text_field(b, "text", text, true);
        sb_putc(b, '}');
    }
    sb_puts(b, "]}");
}

/* "seek_help": null, or every entry as {level, if, signs}; a plain-text
 * seek_help is one entry without a level. */
static void json_seek_help(strbuf *b, const explain *ex, const kb_condition *k, const char *lang)
{
    sb_puts(b, ",\"seek_help\":");
    if (!k->nseek && !k->seek_help.en) {
        sb_puts(b, "null");
        return;
    }
    sb_putc(b, '[');
    if (!k->nseek) {
        sb_puts(b, "{\"level\":null");
        json_text_field(b, "if", kb_text_get(&k->seek_help, lang), true);
        sb_puts(b, ",\"signs\":[]}");
    }
    for (uint32_t i = 0; i < k->nseek; i++) {
        const kb_seek_help *e = &k->seek[i];
        sb_puts(b, i ? ",{" : "{");
        json_text_field(b, "level", tri_level_name((tri_level)e->level), false);
        json_text_field(b, "if", explain_seek_help_text(ex, e, lang), true);
        sb_puts(b, ",\"signs\":[");
        for (uint32_t j = 0; j < e->nsigns; j++) {
            if (j)
                sb_putc(b, ',');
            sb_json_str(b, e->signs[j]);
        }
        sb_puts(b, "]}");
    }
    sb_putc(b, ']');
}

static void json_explanation(const tri_session *s, const explain *ex, strbuf *b,
                             const explain_explanation *e, const char *lang)
{
    const tri_kb *kb = s->kb;
    const kb_condition *k = &kb->conditions[e->condition];
    sb_putc(b, '{');
    json_text_field(b, "id", k->id, false);
    json_text_field(b, "name", kb_text_get(&k->name, lang), true);
    sb_puts(b, ",\"confidence\":");
    sb_json_num(b, s->cf[e->condition]);
    json_bool_field(b, "likely", e->likely);
    json_text_field(b, "level", tri_level_name((tri_level)k->level), true);
    json_text_field(b, "icd10", k->icd10, true);
    json_text_field(b, "summary", kb_text_get(&k->summary, lang), true);
    if (e->likely) {
        /* what the person can do about a likely explanation */
        json_text_field(b, "distinguishing", kb_text_get(&k->distinguishing, lang), true);
        json_text_field(b, "self_care", explain_self_care(ex, e->condition, lang), true);
        json_text_field(b, "doctor", kb_text_get(&k->doctor, lang), true);
        json_seek_help(b, ex, k, lang);
    }
    if (k->prior != 0) {
        sb_puts(b, ",\"prior\":");
        sb_json_num(b, k->prior);
    }
    sb_puts(b, ",\"reasons\":[");
    for (uint32_t i = 0; i < e->nfor + e->nagainst; i++) {
        const explain_reason *r = &ex->reasons[e->first + i];
        sb_puts(b, i ? ",{" : "{");
        json_text_field(b, "rule", kb->rules[r->rule].id, false);
        json_text_field(b, "effect", r->effect > 0 ? "support" : "oppose", true);
        sb_puts(b, ",\"cf\":");
        sb_json_num(b, fabs(r->effect));
        json_text_field(b, "because", kb_text_get(&kb->rules[r->rule].because, lang), true);
        sb_puts(b, ",\"answers\":");
        rule_answers_json(s, r->rule, b);
        sb_putc(b, '}');
    }
    sb_puts(b, "]}");
}

static void json_lookalikes(const explain *ex, strbuf *b, const char *lang)
{
    const tri_kb *kb = ex->kb;
    sb_puts(b, ",\"lookalikes\":[");
    for (uint32_t i = 0; i < ex->nla; i++) {
        const explain_lookalike *v = &ex->la[i];
        const kb_lookalike *l = &kb->lookalikes[v->lookalike];
        bool points = v->verdict == VERDICT_POINTS_TO || v->verdict == VERDICT_LEANS_TO;
        sb_puts(b, i ? ",{" : "{");
        json_text_field(b, "id", l->id, false);
        json_text_field(b, "question", kb_text_get(&l->question, lang), true);
        json_text_field(b, "verdict", explain_verdict_name(v->verdict), true);
        json_text_field(b, "favours", points ? kb->conditions[v->favoured].id : NULL, true);
        json_text_field(b, "over", points ? kb->conditions[v->other].id : NULL, true);
        json_bool_field(b, "decided", v->verdict == VERDICT_POINTS_TO);
        json_bool_field(b, "short", i == ex->short_la);
        sb_puts(b, ",\"separating\":[");
        for (uint32_t j = 0; j < v->nsep; j++) {
            const explain_separating *sp = &ex->seps[v->first_sep + j];
            sb_puts(b, j ? ",{" : "{");
            json_text_field(b, "rule", kb->rules[sp->rule].id, false);
            json_text_field(b, "because", kb_text_get(&kb->rules[sp->rule].because, lang), true);
            json_text_field(b, "side", kb->conditions[sp->side].id, true);
            sb_puts(b, ",\"weight\":");
            sb_json_num(b, sp->weight);
            json_bool_field(b, "cited", sp->cited);
            sb_putc(b, '}');
        }
        sb_puts(b, "],\"would_help\":[");
        for (uint32_t j = 0; j < v->nhelp; j++) {
            if (j)
                sb_putc(b, ',');
            sb_json_str(b, kb->questions[ex->questions[v->first_help + j]].id);
        }
        sb_puts(b, "]}");
    }
    sb_putc(b, ']');
}

static void render_json(tri_session *s, const explain *ex, const char *lang)
{
    const tri_kb *kb = s->kb;
    strbuf *b = &s->out;
    sb_reset(b);
    sb_printf(b, "{\"format\":%d", TRI_OUTPUT_FORMAT);
    json_text_field(b, "rules_version", kb->version, true);
    json_text_field(b, "disclaimer", disclaimer, true);
    json_triage(ex, b, lang);

    sb_puts(b, ",\"not_checked\":");
    json_questions(b, kb, ex->not_checked, ex->nnot_checked, lang);

    sb_puts(b, ",\"red_flags\":[");
    bool first = true;
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

    json_bool_field(b, "nothing_fits", s->nothing_fits);
    sb_puts(b, ",\"explanations\":[");
    for (uint32_t i = 0; i < ex->nex; i++) {
        if (i)
            sb_putc(b, ',');
        json_explanation(s, ex, b, &ex->ex[i], lang);
    }
    sb_puts(b, "],\"could_not_assess\":");
    json_questions(b, kb, ex->help, ex->nhelp, lang);
    json_lookalikes(ex, b, lang);

    sb_puts(b, ",\"factors\":[");
    for (uint32_t i = 0; i < ex->nfactors; i++) {
        const kb_factor *f = &kb->factors[ex->factors[i]];
        sb_puts(b, i ? ",{" : "{");
        json_text_field(b, "id", f->id, false);
        json_text_field(b, "name", kb_text_get(&f->name, lang), true);
        json_text_field(b, "advice", kb_text_get(&f->advice, lang), true);
        sb_putc(b, '}');
    }
    sb_puts(b, "],\"advice\":[");
    for (uint32_t i = 0; i < ex->nadvice; i++) {
        const explain_advice *a = &ex->advice[i];
        char text[1024];
        advice_sentence(ex, a, lang, text, sizeof text);
        sb_puts(b, i ? ",{" : "{");
        json_text_field(b, "id", a->advice == NO_INDEX ? NULL : kb->advice[a->advice].id, false);
        json_text_field(b, "text", text, true);
        json_text_field(b, "level", tri_level_name((tri_level)a->level), true);
        json_text_field(b, "kind", advice_kind_name(a->kind), true);
        json_bool_field(b, "short", i < ex->short_advice);
        sb_putc(b, '}');
    }
    sb_puts(b, "],\"safety_net\":[");
    for (uint32_t i = 0; i < ex->nnet; i++) {
        const explain_net *n = &ex->net[i];
        char buf[1024];
        sb_puts(b, i ? ",{" : "{");
        json_text_field(b, "level", tri_level_name((tri_level)n->level), false);
        json_text_field(b, "if", explain_net_text(ex, n, lang, buf, sizeof buf), true);
        json_text_field(b, "source", explain_net_source(kb, n), true);
        json_text_field(b, "kind", explain_net_kind_name(n->kind), true);
        uint32_t nsigns;
        const char *const *signs = explain_net_signs(kb, n, &nsigns);
        sb_puts(b, ",\"signs\":[");
        for (uint32_t j = 0; j < nsigns; j++) {
            if (j)
                sb_putc(b, ',');
            sb_json_str(b, signs[j]);
        }
        sb_putc(b, ']');
        json_bool_field(b, "short", n->in_short);
        sb_putc(b, '}');
    }
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
    const explain *ex = explain_build(s);
    render_json(s, ex, ro ? ro->lang : NULL);
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

/* ---- text ------------------------------------------------------------------------------ */

/* "TRIAGE: ROUTINE - book a routine appointment within the next weeks" */
static void level_line(strbuf *b, const style *st, uint8_t level)
{
    if (st->color)
        sb_puts(b, level_color(level));
    char upper[32];
    const char *w = level_word(level);
    size_t i = 0;
    for (; i < sizeof upper - 1 && w[i]; i++)
        upper[i] = (char)(w[i] >= 'a' && w[i] <= 'z' ? w[i] - 32 : w[i]);
    upper[i] = '\0';
    sb_printf(b, "TRIAGE: %s", upper);
    if (st->color)
        sb_puts(b, "\033[0m");
    sb_puts(b, " - ");
    wrap(b, tri_level_meaning((tri_level)level), 11 + (unsigned)strlen(upper), 2, st->width);
    sb_putc(b, '\n');
}

static void why_line(strbuf *b, const style *st, const explain *ex, const explain_why *w)
{
    char line[1024];
    why_text(ex, w, st->lang, line, sizeof line);
    bullet(b, 2, "Why: ", line, st->width);
}

/* "1. Name (confidence 0.64)" */
static void explanation_head(strbuf *b, const style *st, const tri_session *s, uint32_t rank,
                             uint32_t c)
{
    char head[512], num[16];
    snprintf(num, sizeof num, "%u. ", rank + 1);
    snprintf(head, sizeof head, "%s (confidence %.2f)", condition_name(s->kb, c, st->lang),
             s->cf[c]);
    bullet(b, 2, num, head, st->width);
}

static void reason_lines(strbuf *b, const style *st, const explain *ex,
                         const explain_explanation *e, uint32_t nfor, uint32_t nagainst)
{
    const tri_kb *kb = ex->kb;
    for (uint32_t i = 0; i < nfor; i++) {
        const explain_reason *r = &ex->reasons[e->first + i];
        bullet(b, 5, "+ ", text_or(&kb->rules[r->rule].because, st->lang, ""), st->width);
    }
    for (uint32_t i = 0; i < nagainst; i++) {
        const explain_reason *r = &ex->reasons[e->first + e->nfor + i];
        bullet(b, 5, "- ", text_or(&kb->rules[r->rule].because, st->lang, ""), st->width);
    }
    if (e->likely && nagainst == e->nagainst && kb->conditions[e->condition].prior < 0)
        bullet(b, 5, "- ", "It is uncommon: its base rate counts against it.", st->width);
}

static void question_list(strbuf *b, const style *st, const tri_kb *kb, const uint32_t *qs,
                          uint32_t n, unsigned indent, const char *mark)
{
    for (uint32_t i = 0; i < n; i++)
        bullet(b, indent, mark, text_or(&kb->questions[qs[i]].text, st->lang, ""), st->width);
}

static void nothing_fits_text(strbuf *b, const style *st, const explain *ex, uint32_t nhelp)
{
    heading(b, st, "No explanation fits well:");
    bool default_level = ex->nwhy && ex->why[0].kind == WHY_NOTHING_FITS;
    char text[512];
    snprintf(text, sizeof text,
             "None of the explanations in this knowledge base fits your answers well enough. That "
             "can mean too few questions were answered, or that the problem lies outside what "
             "this tool covers.%s",
             default_level ? " A routine appointment is the safe default." : "");
    indent_to(b, 2);
    wrap(b, text, 2, 2, st->width);
    sb_putc(b, '\n');
    if (nhelp) {
        sb_puts(b, "  Could not assess without an answer to:\n");
        question_list(b, st, ex->kb, ex->help, nhelp, 4, "- ");
    }
}

/* The verdict and, in the short report, its strongest reason as one paragraph. */
static void lookalike_text(strbuf *b, const style *st, const explain *ex,
                           const explain_lookalike *v, bool detail)
{
    const tri_kb *kb = ex->kb;
    heading(b, st, text_or(&kb->lookalikes[v->lookalike].question, st->lang, ""));
    char line[2048];
    verdict_text(ex, v, st->lang, line, sizeof line);
    if (!detail) {
        if (ex->short_cite != NO_INDEX) {
            size_t n = strlen(line);
            snprintf(line + n, sizeof line - n, " %s",
                     text_or(&kb->rules[ex->seps[ex->short_cite].rule].because, st->lang, ""));
        }
        bullet(b, 2, "", line, st->width);
        return;
    }
    bullet(b, 2, "", line, st->width);
    /* every separating reason, under the side it favours: the side pointed to first */
    uint32_t sides[2] = {v->favoured, v->other};
    for (int k = 0; k < 2; k++) {
        bool any = false;
        for (uint32_t j = 0; j < v->nsep; j++) {
            const explain_separating *sp = &ex->seps[v->first_sep + j];
            if (sp->side != sides[k])
                continue;
            if (!any) {
                char label[600];
                snprintf(label, sizeof label, "In favour of %s:",
                         condition_name(kb, sides[k], st->lang));
                bullet(b, 2, "", label, st->width);
            }
            any = true;
            bullet(b, 4, "- ", text_or(&kb->rules[sp->rule].because, st->lang, ""), st->width);
        }
    }
    if (v->nhelp) {
        sb_puts(b, "  It would help to know:\n");
        question_list(b, st, kb, &ex->questions[v->first_help], v->nhelp, 4, "? ");
    }
}

static void advice_list(strbuf *b, const style *st, const explain *ex, uint32_t n)
{
    heading(b, st, "What to do:");
    char line[1024];
    for (uint32_t i = 0; i < n; i++) {
        advice_sentence(ex, &ex->advice[i], st->lang, line, sizeof line);
        bullet(b, 2, "- ", line, st->width);
    }
}

static void render_short(tri_session *s, const explain *ex, const style *st)
{
    const tri_kb *kb = s->kb;
    strbuf *b = &s->out;
    char line[2048];
    level_line(b, st, ex->level);
    if (ex->nwhy)
        why_line(b, st, ex, &ex->why[0]);
    if (ex->nnot_checked) {
        snprintf(line, sizeof line,
                 "Not checked: %u safety question%s had no answer (see the detailed report).",
                 ex->nnot_checked, ex->nnot_checked == 1 ? "" : "s");
        bullet(b, 2, "", line, st->width);
    }

    if (ex->nlikely) {
        const explain_explanation *e = &ex->ex[0];
        heading(b, st, "Most likely explanation:");
        explanation_head(b, st, s, 0, e->condition);
        const char *summary = kb_text_get(&kb->conditions[e->condition].summary, st->lang);
        if (ex->short_summary && summary)
            bullet(b, 5, "", summary, st->width);
        reason_lines(b, st, ex, e, ex->short_for, 0);
        if (ex->nlikely > 1) {
            size_t at = (size_t)snprintf(line, sizeof line, "Also likely: ");
            for (uint32_t i = 1; i < ex->nlikely && at < sizeof line; i++)
                at += (size_t)snprintf(line + at, sizeof line - at, "%s%u. %s (%.2f)",
                                       i > 1 ? "; " : "", i + 1,
                                       condition_name(kb, ex->ex[i].condition, st->lang),
                                       s->cf[ex->ex[i].condition]);
            if (at < sizeof line)
                snprintf(line + at, sizeof line - at, ".");
            bullet(b, 5, "", line, st->width);
        }
    } else {
        nothing_fits_text(b, st, ex, ex->short_help);
    }

    if (ex->short_la != NO_INDEX)
        lookalike_text(b, st, ex, &ex->la[ex->short_la], false);

    advice_list(b, st, ex, ex->short_advice);

    bool any = false;
    for (uint32_t i = 0; i < ex->nnet; i++) {
        const explain_net *n = &ex->net[i];
        if (!n->in_short)
            continue;
        if (!any)
            heading(b, st, "Seek help sooner:");
        any = true;
        char buf[1024], lead[64];
        snprintf(lead, sizeof lead, "%s if ", net_lead(n->level));
        sentence(line, sizeof line, lead, explain_net_text(ex, n, st->lang, buf, sizeof buf));
        bullet(b, 2, "- ", line, st->width);
    }
}

static void render_detail(tri_session *s, const explain *ex, const style *st)
{
    const tri_kb *kb = s->kb;
    strbuf *b = &s->out;
    char line[2048];
    level_line(b, st, ex->level);
    for (uint32_t i = 0; i < ex->nwhy; i++)
        why_line(b, st, ex, &ex->why[i]);

    if (ex->nnot_checked) {
        heading(b, st, "Not checked (no answer given):");
        question_list(b, st, kb, ex->not_checked, ex->nnot_checked, 2, "- ");
    }

    bool any = false;
    for (uint32_t f = 0; f < kb->nred_flags; f++)
        if (s->red_fired[f]) {
            if (!any)
                heading(b, st, "Red flags found:");
            any = true;
            snprintf(line, sizeof line, "%s (%s)", text_or(&kb->red_flags[f].text, st->lang, ""),
                     level_word(kb->red_flags[f].level));
            bullet(b, 2, "! ", line, st->width);
        }

    if (ex->nlikely) {
        heading(b, st, ex->nlikely == 1 ? "Most likely explanation:" : "Likely explanations:");
        for (uint32_t i = 0; i < ex->nlikely; i++) {
            const explain_explanation *e = &ex->ex[i];
            const kb_condition *k = &kb->conditions[e->condition];
            explanation_head(b, st, s, i, e->condition);
            if (kb_text_get(&k->summary, st->lang))
                bullet(b, 5, "", kb_text_get(&k->summary, st->lang), st->width);
            reason_lines(b, st, ex, e, e->show_for, e->show_against);
            if (kb_text_get(&k->doctor, st->lang)) {
                snprintf(line, sizeof line, "What a doctor may do: %s",
                         kb_text_get(&k->doctor, st->lang));
                bullet(b, 5, "", line, st->width);
            }
            if (kb_text_get(&k->seek_help, st->lang)) {
                snprintf(line, sizeof line, "Seek help sooner: %s",
                         kb_text_get(&k->seek_help, st->lang));
                bullet(b, 5, "", line, st->width);
            }
        }
    } else {
        nothing_fits_text(b, st, ex, ex->nhelp);
    }
    if (ex->detail_others) {
        heading(b, st, "Also considered:");
        for (uint32_t i = ex->nlikely; i < ex->nlikely + ex->detail_others; i++) {
            const explain_explanation *e = &ex->ex[i];
            explanation_head(b, st, s, i, e->condition);
            reason_lines(b, st, ex, e, e->show_for, e->show_against);
            if (e->show_for)
                bullet(b, 7, "", "(not enough in your answers to make it likely)", st->width);
        }
    }

    for (uint32_t i = 0; i < ex->nla; i++)
        lookalike_text(b, st, ex, &ex->la[i], true);

    if (ex->nfactors) {
        heading(b, st, "Contributing factors:");
        for (uint32_t i = 0; i < ex->nfactors; i++) {
            const kb_factor *f = &kb->factors[ex->factors[i]];
            snprintf(line, sizeof line, "%s: %s", text_or(&f->name, st->lang, ""),
                     text_or(&f->advice, st->lang, ""));
            bullet(b, 2, "- ", line, st->width);
        }
    }

    advice_list(b, st, ex, ex->nadvice);

    if (ex->nnet) {
        heading(b, st, "Seek help sooner:");
        int last = -1;
        for (uint32_t i = 0; i < ex->nnet; i++) {
            const explain_net *n = &ex->net[i];
            if (n->level != last) {
                sb_printf(b, "  %s if:\n", net_lead(n->level));
                last = n->level;
            }
            char buf[1024];
            bullet(b, 4, "- ", explain_net_text(ex, n, st->lang, buf, sizeof buf), st->width);
        }
    }
}

const char *tri_session_report_text(tri_session *s, const tri_report_options *ro, size_t *len)
{
    const explain *ex = explain_build(s);
    style st = style_of(ro);
    sb_reset(&s->out);
    if (ro && ro->detail)
        render_detail(s, ex, &st);
    else
        render_short(s, ex, &st);
    sb_putc(&s->out, '\n');
    wrap(&s->out, disclaimer, 0, 0, st.width);
    sb_putc(&s->out, '\n');
    if (s->out.failed)
        return NULL;
    if (len)
        *len = s->out.len;
    return s->out.data;
}

/* ---- HOW --------------------------------------------------------------------------------- */

/* The answer to q in words: option texts, a number with its unit, a duration,
 * or the person's own text in quotes. */
static void answer_words(const tri_session *s, const explain *ex, uint32_t q, const char *lang,
                         strbuf *b)
{
    const kb_question *qq = &s->kb->questions[q];
    const answer *a = &s->answers[q];
    if (a->state != TRI_ANSWERED) {
        sb_puts(b, "not known");
        return;
    }
    if (qq->type == TRI_Q_CHOICE || qq->type == TRI_Q_MULTI || qq->type == TRI_Q_YES_NO) {
        bool first = true;
        for (uint32_t o = 0; o < qq->noptions; o++)
            if ((a->mask >> o) & 1) {
                const kb_option *op = &qq->options[o];
                const char *t = ex->for_parent && op->parent_text.en
                                    ? kb_text_get(&op->parent_text, lang)
                                    : kb_text_get(&op->text, lang);
                sb_printf(b, "%s%s", first ? "" : ", ", t ? t : "");
                first = false;
            }
        return;
    }
    if (qq->type == TRI_Q_TEXT) {
        sb_putc(b, '"');
        sb_putn(b, s->pool + a->text_off, a->text_len);
        sb_putc(b, '"');
        return;
    }
    sb_putn(b, s->pool + a->text_off, a->text_len);
    if (qq->type == TRI_Q_NUMBER && qq->unit)
        sb_printf(b, " %s", qq->unit);
}

/* "Question? Answer; Question? Answer" for the answered questions rule r tests. */
static void rule_answers_text(const tri_session *s, const explain *ex, uint32_t r,
                              const char *lang, strbuf *b)
{
    const kb_rule *rule = &s->kb->rules[r];
    bool first = true;
    for (uint32_t i = 0; i < rule->nqrefs; i++) {
        uint32_t q = s->kb->qrefs[rule->first_qref + i];
        if (s->answers[q].state == TRI_UNANSWERED)
            continue;
        const char *qt = ex->for_parent && s->kb->questions[q].parent_text.en
                             ? kb_text_get(&s->kb->questions[q].parent_text, lang)
                             : kb_text_get(&s->kb->questions[q].text, lang);
        sb_printf(b, "%s%s ", first ? "" : "; ", qt ? qt : "");
        answer_words(s, ex, q, lang, b);
        first = false;
    }
}

const char *tri_session_report_how(tri_session *s, size_t condition, const tri_report_options *ro,
                                   size_t *len)
{
    const tri_kb *kb = s->kb;
    if (condition >= kb->nconditions)
        return NULL;
    const explain *ex = explain_build(s);
    style st = style_of(ro);
    strbuf *b = &s->out;
    sb_reset(b);
    const kb_condition *k = &kb->conditions[condition];
    char line[2048];
    snprintf(line, sizeof line, "%s: confidence %.2f, %s", text_or(&k->name, st.lang, ""),
             s->cf[condition],
             !s->touched[condition]                      ? "not considered"
             : s->cf[condition] >= TRI_LIKELY_THRESHOLD ? "likely"
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
        const char *t = fields[f].offset == offsetof(kb_condition, self_care)
                            ? explain_self_care(ex, (uint32_t)condition, st.lang)
                            : kb_text_get((const kb_text *)((const char *)k + fields[f].offset),
                                          st.lang);
        if (!t)
            continue;
        snprintf(line, sizeof line, "%s%s", fields[f].label, t);
        bullet(b, 0, "", line, st.width);
    }
    if (k->nseek)
        bullet(b, 0, "", "Seek help sooner:", st.width);
    for (uint32_t i = 0; i < k->nseek; i++) {
        char lead[80];
        snprintf(lead, sizeof lead, "%s if ", net_lead(k->seek[i].level));
        sentence(line, sizeof line, lead, explain_seek_help_text(ex, &k->seek[i], st.lang));
        bullet(b, 2, "- ", line, st.width);
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
        double e = explain_rule_effect(kb, r, (uint32_t)condition);
        snprintf(line, sizeof line, "%s %.2f %s", e >= 0 ? "+" : "-", fabs(e),
                 text_or(&kb->rules[r].because, st.lang, ""));
        bullet(b, 2, "", line, st.width);
        strbuf ans;
        sb_init(&ans, s->alloc);
        rule_answers_text(s, ex, r, st.lang, &ans);
        sb_putc(&ans, '\0');
        if (ans.failed)
            b->failed = true; /* a report with a line left out is no report */
        if (ans.len > 1 && !ans.failed) {
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
        double e = explain_rule_effect(kb, r, (uint32_t)condition);
        uint8_t tv = infer_cond(s, kb->rules[r].when, 0);
        snprintf(line, sizeof line, "%s %.2f %s (%s)", e >= 0 ? "+" : "-", fabs(e),
                 text_or(&kb->rules[r].because, st.lang, ""),
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
