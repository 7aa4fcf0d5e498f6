/*
 * fhir.c - FHIR R4 Questionnaire and QuestionnaireResponse (see fhir.h for
 * the mapping).
 *
 * Design note, ask_if -> enableWhen. The interview skips a question only
 * when its ask_if is FALSE; an UNKNOWN ask_if (its question unanswered or
 * "unknown") still asks it. enableWhen has no third value, so the item is
 * enabled by the FHIR disjunction that says "the ask_if is not FALSE": a
 * test T on question q becomes "q passes T" or "q exists = false" (an
 * unanswered or unknown q has no answer in a QuestionnaireResponse).
 * not_false() and not_true() build that disjunction as a flat list of
 * enableWhen entries joined by enableBehavior "any", and give up (false)
 * where FHIR would need nesting (all of several, at_least N > 1, a fact, a
 * pattern, a two-sided range, a duration). Then the item has no enableWhen,
 * so a form shows it always (the safe side: asked rather than skipped), and
 * the ask-if extension carries the condition in the rule language's words.
 */
#include "fhir.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "json_doc.h"

#define EXT_UNIT "http://hl7.org/fhir/StructureDefinition/questionnaire-unit"
#define EXT_MIN "http://hl7.org/fhir/StructureDefinition/minValue"
#define EXT_MAX "http://hl7.org/fhir/StructureDefinition/maxValue"
#define EXT_ENTRY_FORMAT "http://hl7.org/fhir/StructureDefinition/entryFormat"
#define EXT_ITEM_CONTROL "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl"
#define EXT_EXCLUSIVE "http://hl7.org/fhir/StructureDefinition/questionnaire-optionExclusive"
#define EXT_ABSENT "http://hl7.org/fhir/StructureDefinition/data-absent-reason"
#define ITEM_CONTROL_SYSTEM "http://hl7.org/fhir/questionnaire-item-control"
#define EXT_ASK_IF FHIR_BASE "/StructureDefinition/ask-if"
#define EXT_RANGE_HIGH FHIR_BASE "/StructureDefinition/range-high"
#define QUESTIONNAIRE_URL FHIR_BASE "/Questionnaire/triage"
#define HELP_SUFFIX ".help"

/* ---- building JSON: out of memory ends the command ---------------------- */

static _Noreturn void out_of_memory(void)
{
    cli_error("out of memory");
    exit(EXIT_INPUT);
}

static json_t *checked(json_t *v)
{
    if (!v)
        out_of_memory();
    return v;
}

static void set(json_t *obj, const char *key, json_t *v)
{
    if (json_object_set_new(obj, key, checked(v)) != 0)
        out_of_memory();
}

static void push(json_t *arr, json_t *v)
{
    if (json_array_append_new(arr, checked(v)) != 0)
        out_of_memory();
}

static json_t *str(const char *s)
{
    return checked(json_string(s));
}

/* A number as FHIR's decimal: whole numbers without a fraction. */
static json_t *decimal(double x)
{
    if (x == floor(x) && fabs(x) < 9007199254740992.0)
        return checked(json_integer((json_int_t)x));
    return checked(json_real(x));
}

static json_t *extension(const char *url, const char *value_key, json_t *value)
{
    json_t *e = checked(json_object());
    set(e, "url", str(url));
    set(e, value_key, value);
    return e;
}

static void add_extension(json_t *obj, json_t *ext)
{
    json_t *list = json_object_get(obj, "extension");
    if (!list) {
        list = checked(json_array());
        set(obj, "extension", list);
    }
    push(list, ext);
}

static char *option_system(const tri_kb *kb, size_t q, char *buf, size_t size)
{
    snprintf(buf, size, "%s/CodeSystem/%s", FHIR_BASE, tri_question_id(kb, q));
    return buf;
}

static json_t *coding(const tri_kb *kb, size_t q, size_t option, const char *lang)
{
    char sys[256];
    json_t *c = checked(json_object());
    set(c, "system", str(option_system(kb, q, sys, sizeof sys)));
    set(c, "code", str(tri_question_option_id(kb, q, option)));
    const char *text = tri_question_option_text(kb, q, option, lang);
    if (text)
        set(c, "display", str(text));
    return c;
}

static bool dump(FILE *out, json_t *root)
{
    int rc = json_dumpf(root, out, JSON_INDENT(2) | JSON_REAL_PRECISION(15));
    json_decref(root);
    return rc == 0 && fputc('\n', out) != EOF && fflush(out) == 0 && !ferror(out);
}

/* ---- ask_if -> enableWhen ----------------------------------------------- */

enum ew_op { EW_EXISTS, EW_EQ, EW_NE, EW_LT, EW_LE, EW_GT, EW_GE };
static const char *const ew_names[] = {"exists", "=", "!=", "<", "<=", ">", ">="};

typedef struct ew_atom {
    size_t question;
    enum ew_op op;
    enum { EW_BOOL, EW_OPTION, EW_NUMBER } kind;
    bool flag;     /* EW_BOOL */
    size_t option; /* EW_OPTION */
    double number; /* EW_NUMBER */
} ew_atom;

#define EW_MAX 128

typedef struct ew_list {
    ew_atom atom[EW_MAX];
    size_t n;
} ew_list;

static bool add_atom(ew_list *l, ew_atom a)
{
    for (size_t i = 0; i < l->n; i++)
        if (!memcmp(&l->atom[i], &a, sizeof a))
            return true;
    if (l->n == EW_MAX)
        return false;
    l->atom[l->n++] = a;
    return true;
}

static bool add_exists(ew_list *l, size_t q, bool exists)
{
    ew_atom a;
    memset(&a, 0, sizeof a);
    a.question = q;
    a.op = EW_EXISTS;
    a.kind = EW_BOOL;
    a.flag = exists;
    return add_atom(l, a);
}

/* "q is one of the options in mask" or, when negate, "q is none of them",
 * each OR "q has no answer". */
static bool options_test(const tri_kb *kb, size_t q, uint64_t mask, bool negate, ew_list *l)
{
    tri_qtype type = tri_question_type(kb, q);
    size_t nopt = tri_question_option_count(kb, q);
    uint64_t all = nopt >= 64 ? ~(uint64_t)0 : (((uint64_t)1 << nopt) - 1);
    mask &= all;
    if (type == TRI_Q_MULTI && negate) {
        /* "includes none of S": FHIR's != says "no answer equals" for one value */
        if (mask == 0 || (mask & (mask - 1)))
            return false;
    } else if (negate) {
        mask = all & ~mask; /* one answer only: none of S is one of the others */
    }
    for (size_t o = 0; o < nopt; o++) {
        if (!(mask & ((uint64_t)1 << o)))
            continue;
        ew_atom a;
        memset(&a, 0, sizeof a);
        a.question = q;
        a.op = type == TRI_Q_MULTI && negate ? EW_NE : EW_EQ;
        if (type == TRI_Q_YES_NO) {
            a.kind = EW_BOOL;
            a.flag = !strcmp(tri_question_option_id(kb, q, o), "yes");
        } else {
            a.kind = EW_OPTION;
            a.option = o;
        }
        if (!add_atom(l, a))
            return false;
    }
    return add_exists(l, q, false);
}

/* "q is in [lo, hi]" (negate: "q is outside it"), OR "q has no answer":
 * only one-sided ranges and single values can be said, on numbers. */
static bool range_test(const tri_kb *kb, const tri_node *t, bool negate, ew_list *l)
{
    if (tri_question_type(kb, t->question) != TRI_Q_NUMBER)
        return false;
    ew_atom a;
    memset(&a, 0, sizeof a);
    a.question = t->question;
    a.kind = EW_NUMBER;
    bool lo_inf = isinf(t->lo), hi_inf = isinf(t->hi);
    if (lo_inf == hi_inf) {
        if (lo_inf || t->lo != t->hi || t->lo_open || t->hi_open)
            return false;
        a.op = negate ? EW_NE : EW_EQ;
        a.number = t->lo;
    } else if (lo_inf) { /* q < hi or q <= hi */
        a.op = negate ? (t->hi_open ? EW_GE : EW_GT) : (t->hi_open ? EW_LT : EW_LE);
        a.number = t->hi;
    } else { /* q > lo or q >= lo */
        a.op = negate ? (t->lo_open ? EW_LE : EW_LT) : (t->lo_open ? EW_GT : EW_GE);
        a.number = t->lo;
    }
    return add_atom(l, a) && add_exists(l, t->question, false);
}

static bool not_true(const tri_kb *kb, size_t n, ew_list *l);

/* Appends entries whose disjunction holds exactly when node n is not FALSE. */
static bool not_false(const tri_kb *kb, size_t n, ew_list *l)
{
    tri_node t;
    tri_kb_node(kb, n, &t);
    switch (t.kind) {
    case TRI_NODE_ALL:
        return t.count == 1 && not_false(kb, tri_node_child(kb, n, 0), l);
    case TRI_NODE_AT_LEAST: /* at least one of them is any of them */
    case TRI_NODE_ANY:
        if (t.kind == TRI_NODE_AT_LEAST && t.need != 1)
            return false;
        for (size_t k = 0; k < t.count; k++)
            if (!not_false(kb, tri_node_child(kb, n, k), l))
                return false;
        return t.count > 0;
    case TRI_NODE_NOT:
        return not_true(kb, tri_node_child(kb, n, 0), l);
    case TRI_NODE_ANSWERED:
        return add_exists(l, t.question, true);
    case TRI_NODE_UNKNOWN:
        return add_exists(l, t.question, false);
    case TRI_NODE_ALL_OF: /* all of one option is that option */
    case TRI_NODE_ANY_OF:
        if (t.kind == TRI_NODE_ALL_OF && (t.options & (t.options - 1)))
            return false;
        return options_test(kb, t.question, t.options, false, l);
    case TRI_NODE_NONE_OF:
        return options_test(kb, t.question, t.options, true, l);
    case TRI_NODE_RANGE:
        return range_test(kb, &t, false, l);
    default: /* FACT, MATCHES */
        return false;
    }
}

/* Appends entries whose disjunction holds exactly when node n is not TRUE. */
static bool not_true(const tri_kb *kb, size_t n, ew_list *l)
{
    tri_node t;
    tri_kb_node(kb, n, &t);
    switch (t.kind) {
    case TRI_NODE_ALL:
        for (size_t k = 0; k < t.count; k++)
            if (!not_true(kb, tri_node_child(kb, n, k), l))
                return false;
        return t.count > 0;
    case TRI_NODE_AT_LEAST:
    case TRI_NODE_ANY:
        if (t.kind == TRI_NODE_AT_LEAST && t.need != 1)
            return false;
        return t.count == 1 && not_true(kb, tri_node_child(kb, n, 0), l);
    case TRI_NODE_NOT:
        return not_false(kb, tri_node_child(kb, n, 0), l);
    case TRI_NODE_ANSWERED:
        return add_exists(l, t.question, false);
    case TRI_NODE_UNKNOWN:
        return add_exists(l, t.question, true);
    case TRI_NODE_ALL_OF:
    case TRI_NODE_ANY_OF:
        if (t.kind == TRI_NODE_ALL_OF && (t.options & (t.options - 1)))
            return false;
        return options_test(kb, t.question, t.options, true, l);
    case TRI_NODE_NONE_OF:
        return options_test(kb, t.question, t.options, false, l);
    case TRI_NODE_RANGE:
        return range_test(kb, &t, true, l);
    default:
        return false;
    }
}

static json_t *enable_when(const tri_kb *kb, const ew_atom *a, const char *lang)
{
    json_t *e = checked(json_object());
    set(e, "question", str(tri_question_id(kb, a->question)));
    set(e, "operator", str(ew_names[a->op]));
    switch (a->kind) {
    case EW_BOOL:
        set(e, "answerBoolean", json_boolean(a->flag));
        break;
    case EW_OPTION:
        set(e, "answerCoding", coding(kb, a->question, a->option, lang));
        break;
    case EW_NUMBER:
        set(e, "answerDecimal", decimal(a->number));
        break;
    }
    return e;
}

/* ---- ask_if in the rule language's words (when enableWhen cannot say it) - */

typedef struct sbuf {
    char *p;
    size_t n, cap;
} sbuf;

static void put(sbuf *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(sbuf *t, const char *fmt, ...)
{
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int w = vsnprintf(t->p ? t->p + t->n : NULL, t->p ? t->cap - t->n : 0, fmt, ap);
        va_end(ap);
        if (w < 0)
            out_of_memory();
        if (t->p && t->n + (size_t)w < t->cap) {
            t->n += (size_t)w;
            return;
        }
        size_t cap = t->cap ? t->cap : 256;
        while (cap <= t->n + (size_t)w)
            cap *= 2;
        char *np = realloc(t->p, cap);
        if (!np)
            out_of_memory();
        t->p = np;
        t->cap = cap;
    }
}

static void put_bound(sbuf *t, const tri_kb *kb, size_t q, double x)
{
    put(t, tri_question_type(kb, q) == TRI_Q_DURATION ? "%g s" : "%g", x);
}

static void render(sbuf *t, const tri_kb *kb, size_t n)
{
    tri_node c;
    tri_kb_node(kb, n, &c);
    const char *qid = c.kind >= TRI_NODE_ANSWERED ? tri_question_id(kb, c.question) : "";
    switch (c.kind) {
    case TRI_NODE_ALL:
    case TRI_NODE_ANY:
    case TRI_NODE_AT_LEAST:
        if (c.kind == TRI_NODE_AT_LEAST)
            put(t, "{at_least: %zu, of: [", c.need);
        else
            put(t, "{%s: [", tri_node_kind_name(c.kind));
        for (size_t k = 0; k < c.count; k++) {
            if (k)
                put(t, ", ");
            render(t, kb, tri_node_child(kb, n, k));
        }
        put(t, "]}");
        break;
    case TRI_NODE_NOT:
        put(t, "{not: ");
        render(t, kb, tri_node_child(kb, n, 0));
        put(t, "}");
        break;
    case TRI_NODE_FACT:
        put(t, "{fact: %s}", c.fact);
        break;
    case TRI_NODE_ANSWERED:
    case TRI_NODE_UNKNOWN:
        put(t, "{%s: %s}", tri_node_kind_name(c.kind), qid);
        break;
    case TRI_NODE_ANY_OF:
    case TRI_NODE_ALL_OF:
    case TRI_NODE_NONE_OF: {
        bool one = c.kind == TRI_NODE_ANY_OF && c.options && !(c.options & (c.options - 1));
        put(t, one ? "{%s: " : "{%s: {%s: [", qid, tri_node_kind_name(c.kind));
        bool first = true;
        for (size_t o = 0; o < tri_question_option_count(kb, c.question) && o < 64; o++)
            if (c.options & ((uint64_t)1 << o)) {
                put(t, "%s%s", first ? "" : ", ", tri_question_option_id(kb, c.question, o));
                first = false;
            }
        put(t, one ? "}" : "]}}");
        break;
    }
    case TRI_NODE_RANGE:
        put(t, "{%s: ", qid);
        if (!isinf(c.lo) && !isinf(c.hi) && !c.lo_open && !c.hi_open) {
            put(t, "{between: [");
            put_bound(t, kb, c.question, c.lo);
            put(t, ", ");
            put_bound(t, kb, c.question, c.hi);
            put(t, "]}}");
        } else if (!isinf(c.lo) && !isinf(c.hi)) {
            put(t, "{all: [{%s: ", c.lo_open ? "gt" : "ge");
            put_bound(t, kb, c.question, c.lo);
            put(t, "}, {%s: ", c.hi_open ? "lt" : "le");
            put_bound(t, kb, c.question, c.hi);
            put(t, "}]}}");
        } else {
            bool lower = isinf(c.hi);
            put(t, "{%s: ", lower ? (c.lo_open ? "gt" : "ge") : (c.hi_open ? "lt" : "le"));
            put_bound(t, kb, c.question, lower ? c.lo : c.hi);
            put(t, "}}");
        }
        break;
    case TRI_NODE_MATCHES:
        put(t, "{%s: {matches: '", qid);
        for (const char *p = c.pattern ? c.pattern : ""; *p; p++)
            put(t, *p == '\'' ? "''" : "%c", *p);
        put(t, "'}}");
        break;
    default:
        break;
    }
}

/* ---- Questionnaire ------------------------------------------------------ */

static const char *item_type(tri_qtype type)
{
    switch (type) {
    case TRI_Q_CHOICE:
    case TRI_Q_MULTI: return "choice";
    case TRI_Q_YES_NO: return "boolean";
    case TRI_Q_NUMBER: return "decimal";
    default: return "string"; /* duration, text */
    }
}

static json_t *question_item(const tri_kb *kb, size_t q, const char *lang)
{
    tri_qtype type = tri_question_type(kb, q);
    json_t *item = checked(json_object());
    set(item, "linkId", str(tri_question_id(kb, q)));
    set(item, "text", str(tri_question_text(kb, q, lang, false)));
    set(item, "type", str(item_type(type)));
    if (type == TRI_Q_MULTI)
        set(item, "repeats", json_true());

    int ask_if = tri_question_ask_if(kb, q);
    if (ask_if >= 0) {
        ew_list *l = calloc(1, sizeof *l);
        if (!l)
            out_of_memory();
        if (not_false(kb, (size_t)ask_if, l)) {
            json_t *list = checked(json_array());
            for (size_t i = 0; i < l->n; i++)
                push(list, enable_when(kb, &l->atom[i], lang));
            set(item, "enableWhen", list);
            if (l->n > 1)
                set(item, "enableBehavior", str("any"));
        } else {
            sbuf t = {0};
            render(&t, kb, (size_t)ask_if);
            add_extension(item, extension(EXT_ASK_IF, "valueString", str(t.p ? t.p : "")));
            free(t.p);
        }
        free(l);
    }

    if (type == TRI_Q_NUMBER) {
        const char *unit = tri_question_unit(kb, q);
        double lo, hi;
        tri_question_bounds(kb, q, &lo, &hi);
        if (unit) {
            json_t *c = checked(json_object());
            set(c, "display", str(unit));
            add_extension(item, extension(EXT_UNIT, "valueCoding", c));
        }
        if (!isinf(lo))
            add_extension(item, extension(EXT_MIN, "valueDecimal", decimal(lo)));
        if (!isinf(hi))
            add_extension(item, extension(EXT_MAX, "valueDecimal", decimal(hi)));
    } else if (type == TRI_Q_DURATION) {
        add_extension(item, extension(EXT_ENTRY_FORMAT, "valueString",
                                      str("a length of time with its unit: 2 s, 0.5-4 s, "
                                          "10 min, 3 days, 5 months")));
    }

    if (type == TRI_Q_CHOICE || type == TRI_Q_MULTI) {
        json_t *options = checked(json_array());
        for (size_t o = 0; o < tri_question_option_count(kb, q); o++) {
            json_t *opt = checked(json_object());
            set(opt, "valueCoding", coding(kb, q, o, lang));
            if (type == TRI_Q_MULTI && !strcmp(tri_question_option_id(kb, q, o), "none"))
                add_extension(opt, extension(EXT_EXCLUSIVE, "valueBoolean", json_true()));
            push(options, opt);
        }
        set(item, "answerOption", options);
    }

    const char *help = tri_question_help(kb, q, lang);
    if (help) {
        char id[128];
        snprintf(id, sizeof id, "%s%s", tri_question_id(kb, q), HELP_SUFFIX);
        json_t *h = checked(json_object());
        set(h, "linkId", str(id));
        set(h, "text", str(help));
        set(h, "type", str("display"));
        json_t *cc = checked(json_object()), *codings = checked(json_array()),
               *c = checked(json_object());
        set(c, "system", str(ITEM_CONTROL_SYSTEM));
        set(c, "code", str("help"));
        set(c, "display", str("Help-Button"));
        push(codings, c);
        set(cc, "coding", codings);
        set(cc, "text", str("Help-Button"));
        add_extension(h, extension(EXT_ITEM_CONTROL, "valueCodeableConcept", cc));
        json_t *kids = checked(json_array());
        push(kids, h);
        set(item, "item", kids);
    }
    return item;
}

bool fhir_write_questionnaire(FILE *out, const tri_kb *kb, const char *lang)
{
    json_t *root = checked(json_object());
    set(root, "resourceType", str("Questionnaire"));
    set(root, "language", str(lang ? lang : "en"));
    set(root, "url", str(QUESTIONNAIRE_URL));
    set(root, "version", str(tri_kb_version(kb)));
    set(root, "name", str("TriageQuestionnaire"));
    set(root, "title", str("Twitches, jerks and spasms: triage questions"));
    set(root, "status", str("active"));
    set(root, "description",
        str("The questions of the triage knowledge base. Its result is information, not a "
            "diagnosis."));
    json_t *items = checked(json_array());
    for (size_t q = 0; q < tri_kb_question_count(kb); q++)
        push(items, question_item(kb, q, lang));
    set(root, "item", items);
    return dump(out, root);
}

/* ---- QuestionnaireResponse: writing ------------------------------------- */

static json_t *answer_values(const tri_kb *kb, size_t q, const char *text, const char *lang)
{
    json_t *list = checked(json_array());
    tri_qtype type = tri_question_type(kb, q);
    if (type == TRI_Q_CHOICE || type == TRI_Q_MULTI || type == TRI_Q_YES_NO) {
        /* the answers-file text: "id" or "[id, id]" */
        for (size_t o = 0; o < tri_question_option_count(kb, q); o++) {
            const char *id = tri_question_option_id(kb, q, o);
            size_t n = strlen(id);
            bool chosen = false;
            for (const char *p = text; (p = strstr(p, id)); p += n) {
                char before = p == text ? '[' : p[-1], after = p[n];
                if ((before == '[' || before == ' ') &&
                    (after == ']' || after == ',' || after == '\0')) {
                    chosen = true;
                    break;
                }
            }
            if (!chosen)
                continue;
            json_t *a = checked(json_object());
            if (type == TRI_Q_YES_NO)
                set(a, "valueBoolean", json_boolean(!strcmp(id, "yes")));
            else
                set(a, "valueCoding", coding(kb, q, o, lang));
            push(list, a);
        }
        return list;
    }
    json_t *a = checked(json_object());
    if (type == TRI_Q_NUMBER) {
        char *end;
        double lo = strtod(text, &end), hi = lo;
        if (*end == '-')
            hi = strtod(end + 1, NULL);
        set(a, "valueDecimal", decimal(lo));
        if (hi != lo)
            add_extension(a, extension(EXT_RANGE_HIGH, "valueDecimal", decimal(hi)));
    } else {
        set(a, "valueString", str(text));
    }
    push(list, a);
    return list;
}

bool fhir_write_response(FILE *out, const tri_session *s, const char *lang)
{
    const tri_kb *kb = tri_session_kb(s);
    json_t *root = checked(json_object());
    char canonical[300];
    snprintf(canonical, sizeof canonical, "%s|%s", QUESTIONNAIRE_URL, tri_kb_version(kb));
    set(root, "resourceType", str("QuestionnaireResponse"));
    set(root, "questionnaire", str(canonical));
    set(root, "status", str("completed"));
    if (tri_session_date(s))
        set(root, "authored", str(tri_session_date(s)));
    json_t *items = checked(json_array());
    for (size_t q = 0; q < tri_kb_question_count(kb); q++) {
        tri_answer_state st = tri_session_answer_state(s, q);
        if (st == TRI_UNANSWERED)
            continue;
        json_t *item = checked(json_object());
        set(item, "linkId", str(tri_question_id(kb, q)));
        set(item, "text", str(tri_question_text(kb, q, lang, false)));
        if (st == TRI_ANSWER_UNKNOWN)
            add_extension(item, extension(EXT_ABSENT, "valueCode", str("asked-unknown")));
        else
            set(item, "answer", answer_values(kb, q, tri_session_answer_text(s, q), lang));
        push(items, item);
    }
    if (json_array_size(items))
        set(root, "item", items);
    else
        json_decref(items);
    return dump(out, root);
}

/* ---- QuestionnaireResponse: reading ------------------------------------- */

typedef struct reader {
    tri_session *s;
    const tri_kb *kb;
    const char *name, *data;
    size_t size;
    json_doc doc;
    diag_printer *dp;
    unsigned errors;
    unsigned char *seen; /* per question: an item answered it already */
} reader;

static void report(reader *r, json_where w, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void report(reader *r, json_where w, const char *fmt, ...)
{
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    tri_diag d;
    memset(&d, 0, sizeof d);
    d.severity = TRI_SEV_ERROR;
    d.file = r->name;
    d.line = w.line;
    d.column = w.column;
    d.length = w.length ? w.length : 1;
    d.message = msg;
    d.check = "fhir";
    if (w.line)
        d.source_line_len = json_line_text(r->data, r->size, w.line, &d.source_line);
    else
        d.line = 1, d.column = 1; /* the file as a whole */
    print_diag(&d, r->dp);
    r->errors++;
}

static json_where at_member(reader *r, const json_t *obj, const char *key)
{
    return json_doc_member(&r->doc, obj, key, false);
}

static const char *json_kind(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "a list";
    case JSON_STRING: return "a string";
    case JSON_INTEGER:
    case JSON_REAL: return "a number";
    case JSON_TRUE:
    case JSON_FALSE: return "true or false";
    default: return "null";
    }
}

/* Edit distance of two short ids (for "did you mean"). */
static size_t distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 63 || lb > 63)
        return 64;
    size_t row[64];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

static const char *closest_question(const tri_kb *kb, const char *id)
{
    const char *best = NULL;
    size_t best_d = strlen(id) / 3 + 1;
    for (size_t q = 0; q < tri_kb_question_count(kb); q++) {
        size_t d = distance(id, tri_question_id(kb, q));
        if (d < best_d || (d == best_d && !best && d <= 2)) {
            best_d = d;
            best = tri_question_id(kb, q);
        }
    }
    return best;
}

/* The code of a data-absent-reason extension of obj, or NULL. */
static const char *absent_reason(const json_t *obj)
{
    const json_t *ext = json_object_get(obj, "extension");
    for (size_t i = 0; json_is_array(ext) && i < json_array_size(ext); i++) {
        const json_t *e = json_array_get(ext, i);
        const char *url = json_string_value(json_object_get(e, "url"));
        if (url && !strcmp(url, EXT_ABSENT)) {
            const char *code = json_string_value(json_object_get(e, "valueCode"));
            return code ? code : "unknown";
        }
    }
    return NULL;
}

static bool refuse_modifiers(reader *r, const json_t *obj)
{
    if (!json_object_get(obj, "modifierExtension"))
        return true;
    report(r, json_doc_member(&r->doc, obj, "modifierExtension", true),
           "modifierExtension is not understood here, so the answers cannot be read safely");
    return false;
}

/* The one value[x] of an answer, checked against the question's type; its
 * text in answers-file form goes to buf. */
static void put_number(char *buf, size_t size, double x)
{
    snprintf(buf, size, "%.15g", x);
    if (strtod(buf, NULL) != x)
        snprintf(buf, size, "%.17g", x);
}

static bool answer_text(reader *r, size_t q, const json_t *answer, json_where aw, char *buf,
                        size_t size)
{
    const char *qid = tri_question_id(r->kb, q);
    tri_qtype type = tri_question_type(r->kb, q);
    const char *want = type == TRI_Q_CHOICE || type == TRI_Q_MULTI ? "valueCoding"
                       : type == TRI_Q_YES_NO                      ? "valueBoolean"
                       : type == TRI_Q_NUMBER                      ? "valueDecimal"
                                                                   : "valueString";
    const char *key = NULL;
    const json_t *v = NULL;
    for (void *it = json_object_iter((json_t *)answer); it;
         it = json_object_iter_next((json_t *)answer, it)) {
        const char *k = json_object_iter_key(it);
        if (strncmp(k, "value", 5) != 0)
            continue;
        if (key) {
            report(r, json_doc_member(&r->doc, answer, k, true),
                   "an answer has one value, found '%s' and '%s'", key, k);
            return false;
        }
        key = k;
        v = json_object_iter_value(it);
    }
    if (!key) {
        report(r, aw, "an answer to '%s' has no %s", qid, want);
        return false;
    }
    json_where w = at_member(r, answer, key);
    bool number_ok = type == TRI_Q_NUMBER && !strcmp(key, "valueInteger");
    if (strcmp(key, want) != 0 && !number_ok) {
        report(r, json_doc_member(&r->doc, answer, key, true),
               "'%s' is a %s question: its answers are %s, found %s", qid,
               tri_qtype_name(type), want, key);
        return false;
    }
    switch (type) {
    case TRI_Q_CHOICE:
    case TRI_Q_MULTI: {
        const char *code = json_string_value(json_object_get(v, "code"));
        const json_t *sys = json_object_get(v, "system");
        char expected[256];
        option_system(r->kb, q, expected, sizeof expected);
        if (!json_is_object(v) || !code) {
            report(r, w, "a valueCoding needs a 'code' string (an option id of '%s')", qid);
            return false;
        }
        if (sys && (!json_is_string(sys) || strcmp(json_string_value(sys), expected) != 0)) {
            report(r, at_member(r, v, "system"),
                   "the coding system of an answer to '%s' must be '%s'", qid, expected);
            return false;
        }
        snprintf(buf, size, "%s", code);
        return true;
    }
    case TRI_Q_YES_NO:
        if (!json_is_boolean(v)) {
            report(r, w, "valueBoolean must be true or false, found %s", json_kind(v));
            return false;
        }
        snprintf(buf, size, "%s", json_is_true(v) ? "yes" : "no");
        return true;
    case TRI_Q_NUMBER: {
        if (!json_is_number(v)) {
            report(r, w, "%s must be a number, found %s", key, json_kind(v));
            return false;
        }
        double lo = json_number_value(v);
        put_number(buf, size, lo);
        const json_t *ext = json_object_get(answer, "extension");
        for (size_t i = 0; json_is_array(ext) && i < json_array_size(ext); i++) {
            const json_t *e = json_array_get(ext, i);
            const char *url = json_string_value(json_object_get(e, "url"));
            if (url && !strcmp(url, EXT_RANGE_HIGH)) {
                const json_t *hv = json_object_get(e, "valueDecimal");
                if (!json_is_number(hv)) {
                    report(r, json_doc_item(&r->doc, ext, i),
                           "the range-high extension needs a valueDecimal number");
                    return false;
                }
                size_t n = strlen(buf);
                buf[n] = '-';
                put_number(buf + n + 1, size - n - 1, json_number_value(hv));
            }
        }
        return true;
    }
    default:
        if (!json_is_string(v)) {
            report(r, w, "valueString must be a string, found %s", json_kind(v));
            return false;
        }
        if (json_string_length(v) >= size) {
            report(r, w, "the answer to '%s' is longer than %d bytes", qid, TRI_MAX_TEXT_ANSWER);
            return false;
        }
        snprintf(buf, size, "%s", json_string_value(v));
        return true;
    }
}

static void read_items(reader *r, const json_t *owner, const json_t *items);

static void read_item(reader *r, const json_t *list, size_t index)
{
    const json_t *item = json_array_get(list, index);
    json_where iw = json_doc_item(&r->doc, list, index);
    if (!json_is_object(item)) {
        report(r, iw, "an item is an object with a 'linkId', found %s", json_kind(item));
        return;
    }
    if (!refuse_modifiers(r, item))
        return;
    const json_t *link = json_object_get(item, "linkId");
    if (!json_is_string(link)) {
        report(r, link ? at_member(r, item, "linkId") : iw,
               link ? "linkId must be a string, found %s" : "an item needs a 'linkId'%s",
               link ? json_kind(link) : "");
        return;
    }
    const char *id = json_string_value(link);
    const json_t *answers = json_object_get(item, "answer");
    if (answers && !json_is_array(answers)) {
        report(r, at_member(r, item, "answer"), "answer must be a list, found %s",
               json_kind(answers));
        return;
    }
    size_t nanswers = json_array_size(answers);
    read_items(r, item, json_object_get(item, "item")); /* groups and nested questions */
    for (size_t i = 0; i < nanswers; i++)
        read_items(r, json_array_get(answers, i), json_object_get(json_array_get(answers, i), "item"));

    int qi = tri_kb_question_find(r->kb, id);
    size_t idlen = strlen(id), sl = strlen(HELP_SUFFIX);
    if (qi < 0 && nanswers == 0 && idlen > sl && !strcmp(id + idlen - sl, HELP_SUFFIX))
        return; /* a help text (display item) */
    if (qi < 0 && nanswers == 0 && json_object_get(item, "item"))
        return; /* a group: its items were read above */
    if (qi < 0) {
        const char *sug = closest_question(r->kb, id);
        if (sug)
            report(r, at_member(r, item, "linkId"), "unknown question '%s' (did you mean '%s'?)",
                   id, sug);
        else
            report(r, at_member(r, item, "linkId"), "unknown question '%s'", id);
        return;
    }
    size_t q = (size_t)qi;
    if (r->seen[q]) {
        report(r, at_member(r, item, "linkId"),
               "question '%s' is answered twice (all its answers go in one item)", id);
        return;
    }
    r->seen[q] = 1;
    const char *absent = absent_reason(item);
    if (absent && nanswers) {
        report(r, at_member(r, item, "answer"),
               "'%s' has both answers and a data-absent-reason", id);
        return;
    }
    if (absent) {
        if (strcmp(absent, "not-asked") != 0) {
            const char *unknown = "unknown";
            tri_session_answer_values(r->s, q, &unknown, 1, NULL);
        }
        return;
    }
    if (nanswers == 0)
        return; /* not answered */
    if (nanswers > 1 && tri_question_type(r->kb, q) != TRI_Q_MULTI) {
        report(r, json_doc_item(&r->doc, answers, 1), "'%s' takes one answer, found %zu", id,
               nanswers);
        return;
    }
    if (nanswers > TRI_MAX_OPTIONS) {
        report(r, at_member(r, item, "answer"), "more than %d answers for '%s'", TRI_MAX_OPTIONS,
               id);
        return;
    }
    static char texts[TRI_MAX_OPTIONS][TRI_MAX_TEXT_ANSWER + 1];
    const char *values[TRI_MAX_OPTIONS];
    for (size_t i = 0; i < nanswers; i++) {
        const json_t *a = json_array_get(answers, i);
        if (!json_is_object(a)) {
            report(r, json_doc_item(&r->doc, answers, i), "an answer is an object, found %s",
                   json_kind(a));
            return;
        }
        if (!refuse_modifiers(r, a) || !answer_text(r, q, a, json_doc_item(&r->doc, answers, i), texts[i],
                                                    sizeof texts[i]))
            return;
        values[i] = texts[i];
    }
    tri_error err;
    tri_status st = tri_session_answer_values(r->s, q, values, nanswers, &err);
    if (st == TRI_ERR_NOMEM)
        out_of_memory();
    if (st != TRI_OK) {
        /* point at the answer the message names, else the first */
        size_t which = 0;
        for (size_t i = 0; i < nanswers; i++)
            if (strstr(err.message, values[i]) && *values[i])
                which = i;
        const json_t *a = json_array_get(answers, which);
        json_where w = json_doc_item(&r->doc, answers, which);
        for (void *it = json_object_iter((json_t *)a); it; it = json_object_iter_next((json_t *)a, it))
            if (!strncmp(json_object_iter_key(it), "value", 5))
                w = at_member(r, a, json_object_iter_key(it));
        const json_t *code = json_object_get(json_object_get(a, "valueCoding"), "code");
        if (code)
            w = at_member(r, json_object_get(a, "valueCoding"), "code");
        report(r, w, "%s", err.message);
    }
}

static void read_items(reader *r, const json_t *owner, const json_t *items)
{
    if (!items)
        return;
    if (!json_is_array(items)) {
        report(r, at_member(r, owner, "item"), "item must be a list, found %s", json_kind(items));
        return;
    }
    for (size_t i = 0; i < json_array_size(items); i++)
        read_item(r, items, i);
}

static void read_authored(reader *r, const json_t *root)
{
    const json_t *v = json_object_get(root, "authored");
    if (!v)
        return;
    const char *s = json_string_value(v);
    char day[11] = "";
    if (s && strlen(s) >= 10) {
        memcpy(day, s, 10);
        day[10] = '\0';
    }
    if (!s || (strlen(s) > 10 && s[10] != 'T') || tri_session_set_date(r->s, day) != TRI_OK)
        report(r, at_member(r, root, "authored"),
               "authored must be a day (2023-02-16) or a FHIR dateTime that starts with one");
}

tri_status fhir_read_response(tri_session *s, const char *name, const char *data, size_t size,
                              diag_printer *dp)
{
    reader r;
    memset(&r, 0, sizeof r);
    r.s = s;
    r.kb = tri_session_kb(s);
    r.name = name;
    r.data = data;
    r.size = size;
    r.dp = dp;
    json_where w;
    char msg[300];
    if (!json_doc_parse(&r.doc, data, size, &w, msg, sizeof msg)) {
        report(&r, w, "%s", msg);
        return TRI_ERR_INVALID;
    }
    r.seen = calloc(tri_kb_question_count(r.kb) + 1, 1);
    if (!r.seen)
        out_of_memory();
    const json_t *root = r.doc.root;
    const json_t *rt = json_object_get(root, "resourceType");
    if (!json_is_object(root)) {
        report(&r, r.doc.root_at, "a QuestionnaireResponse is a JSON object, found %s",
               json_kind(root));
    } else if (!rt) {
        report(&r, r.doc.root_at,
               "no 'resourceType': expected a FHIR resource of type QuestionnaireResponse");
    } else if (!json_is_string(rt) || strcmp(json_string_value(rt), "QuestionnaireResponse")) {
        report(&r, at_member(&r, root, "resourceType"),
               "expected resourceType 'QuestionnaireResponse', found %s%s%s",
               json_is_string(rt) ? "'" : "", json_is_string(rt) ? json_string_value(rt) : json_kind(rt),
               json_is_string(rt) ? "'" : "");
    } else if (refuse_modifiers(&r, root)) {
        read_authored(&r, root);
        read_items(&r, root, json_object_get(root, "item"));
    }
    free(r.seen);
    json_doc_fini(&r.doc);
    return r.errors ? TRI_ERR_INVALID : TRI_OK;
}

tri_status fhir_read_response_file(tri_session *s, const char *path, diag_printer *dp)
{
    bool is_stdin = !strcmp(path, "-");
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f) {
        cli_error("cannot open '%s': %s", path, strerror(errno));
        return TRI_ERR_IO;
    }
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap);
    if (!buf)
        out_of_memory();
    size_t got;
    while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n > TRI_MAX_FILE_BYTES)
            break;
        if (n == cap) {
            cap *= 2;
            char *nb = realloc(buf, cap);
            if (!nb)
                out_of_memory();
            buf = nb;
        }
    }
    bool failed = ferror(f);
    if (!is_stdin)
        fclose(f);
    tri_status st;
    if (failed) {
        cli_error("cannot read '%s': %s", path, strerror(errno));
        st = TRI_ERR_IO;
    } else if (n > TRI_MAX_FILE_BYTES) {
        cli_error("'%s' is over the limit of %u bytes", path, (unsigned)TRI_MAX_FILE_BYTES);
        st = TRI_ERR_LIMIT;
    } else {
        st = fhir_read_response(s, is_stdin ? "<stdin>" : path, buf, n, dp);
    }
    free(buf);
    return st;
}
