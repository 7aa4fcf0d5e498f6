/*
 * trace.c - the rule trace of one evaluated session, as text or JSON (see
 * trace.h). The library says what decided each rule
 * (tri_session_trace_rule); this file only words it.
 */
#include <stdio.h>
#include <string.h>

#include "trace.h"

/* ---- words ---------------------------------------------------------------------- */

static const char *const outcome_words[] = {"fired", "worst case", "did not fire", "unknown"};

/* "timing is awake", "'weak' is not answered", "'age' was answered unknown" */
static void answer_phrase(FILE *f, const tri_session *s, int q)
{
    const tri_kb *kb = tri_session_kb(s);
    const char *id = tri_question_id(kb, (size_t)q);
    switch (tri_session_answer_state(s, (size_t)q)) {
    case TRI_UNANSWERED:
        fprintf(f, "'%s' is not answered", id);
        break;
    case TRI_ANSWER_UNKNOWN:
        fprintf(f, "'%s' was answered unknown", id);
        break;
    default:
        fprintf(f, "%s is %s", id, tri_session_answer_text(s, (size_t)q));
        break;
    }
}

/* Why a rule that did not fire did not: the deciding test and the answer it saw. */
static void reason_text(FILE *f, const tri_session *s, const tri_rule_trace *t)
{
    const tri_kb *kb = tri_session_kb(s);
    char test[256];
    size_t n = tri_node_text(kb, (size_t)t->node, test, sizeof test);
    if (n >= sizeof test)
        memcpy(test + sizeof test - 4, "...", 4);
    tri_node node;
    tri_kb_node(kb, (size_t)t->node, &node);
    bool answered = t->question >= 0 &&
                    tri_session_answer_state(s, (size_t)t->question) == TRI_ANSWERED;
    fprintf(f, "{%s} is %s", test, tri_truth_name(t->value));
    if (t->negated)
        fprintf(f, " under a 'not'");
    if (t->outcome == TRI_RULE_WORST_CASE || (t->value == TRI_TRUTH_UNKNOWN &&
                                              node.kind == TRI_NODE_RANGE && answered)) {
        fputs(": ", f);
        answer_phrase(f, s, t->question);
        fputs(", which meets it only in part", f);
        if (t->outcome == TRI_RULE_WORST_CASE)
            fputs(" (its red flags and triage count, its evidence does not)", f);
        return;
    }
    if (t->question >= 0 && node.kind == TRI_NODE_FACT) {
        /* an unknown fact: the answer its setters miss */
        const char *id = tri_question_id(tri_session_kb(s), (size_t)t->question);
        tri_answer_state st = tri_session_answer_state(s, (size_t)t->question);
        if (st == TRI_ANSWERED)
            fprintf(f, ": it depends on %s, answered %s (which meets a range only in part)", id,
                    tri_session_answer_text(s, (size_t)t->question));
        else
            fprintf(f, ": it depends on '%s', which %s", id,
                    st == TRI_UNANSWERED ? "is not answered" : "was answered unknown");
    } else if (t->question >= 0) {
        fputs(": ", f);
        answer_phrase(f, s, t->question);
    }
}

void trace_text(FILE *f, const tri_session *s)
{
    const tri_kb *kb = tri_session_kb(s);
    size_t nr = tri_kb_rule_count(kb), count[TRI_RULE_OUTCOME_COUNT] = {0};
    size_t width = 0;
    for (size_t r = 0; r < nr; r++) {
        tri_rule_trace t;
        if (tri_session_trace_rule(s, r, &t) == TRI_OK)
            count[t.outcome]++;
        size_t w = strlen(tri_rule_id(kb, r));
        if (w > width && w <= 40)
            width = w;
    }
    fprintf(f, "Rules: %zu fired, %zu did not fire, %zu unknown", count[TRI_RULE_FIRED],
            count[TRI_RULE_NOT_FIRED], count[TRI_RULE_UNKNOWN]);
    if (count[TRI_RULE_WORST_CASE])
        fprintf(f, ", %zu fired only at the worst case", count[TRI_RULE_WORST_CASE]);
    fprintf(f, " (of %zu)\n", nr);
    for (size_t r = 0; r < nr; r++) {
        tri_rule_trace t;
        if (tri_session_trace_rule(s, r, &t) != TRI_OK)
            continue;
        unsigned line, col;
        const char *file = tri_rule_file(kb, r, &line, &col);
        fprintf(f, "  %-13s %-*s  %s:%u:%u\n", outcome_words[t.outcome], (int)width,
                tri_rule_id(kb, r), file, line, col);
        if (t.node >= 0) {
            fputs("      ", f);
            reason_text(f, s, &t);
            fputc('\n', f);
        }
    }
}

/* ---- JSON ------------------------------------------------------------------------ */

static void json_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(f, "\\%c", *p);
        else if (*p == '\n')
            fputs("\\n", f);
        else if (*p < 0x20 || *p == 0x7f)
            fprintf(f, "\\u%04x", *p);
        else
            fputc(*p, f);
    }
    fputc('"', f);
}

void trace_json(FILE *f, const tri_session *s, bool pretty)
{
    const tri_kb *kb = tri_session_kb(s);
    fputs(pretty ? "\"trace\": [" : "\"trace\":[", f);
    size_t nr = tri_kb_rule_count(kb);
    for (size_t r = 0; r < nr; r++) {
        tri_rule_trace t;
        if (tri_session_trace_rule(s, r, &t) != TRI_OK)
            continue;
        if (r)
            fputc(',', f);
        if (pretty)
            fputs("\n    ", f);
        unsigned line, col;
        const char *file = tri_rule_file(kb, r, &line, &col);
        fputs("{\"rule\":", f);
        json_str(f, tri_rule_id(kb, r));
        fputs(",\"file\":", f);
        json_str(f, file);
        fprintf(f, ",\"line\":%u,\"column\":%u,\"outcome\":\"%s\",\"test\":", line, col,
                tri_rule_outcome_name(t.outcome));
        if (t.node < 0) {
            fputs("null,\"question\":null,\"answer\":null}", f);
            continue;
        }
        char text[512];
        size_t n = tri_node_text(kb, (size_t)t.node, text, sizeof text);
        if (n >= sizeof text)
            memcpy(text + sizeof text - 4, "...", 4);
        file = tri_node_file(kb, (size_t)t.node, &line, &col);
        fputs("{\"text\":", f);
        json_str(f, text);
        fputs(",\"file\":", f);
        json_str(f, file);
        fprintf(f, ",\"line\":%u,\"column\":%u,\"value\":\"%s\",\"negated\":%s},\"question\":", line,
                col, tri_truth_name(t.value), t.negated ? "true" : "false");
        if (t.question < 0) {
            fputs("null,\"answer\":null}", f);
            continue;
        }
        json_str(f, tri_question_id(kb, (size_t)t.question));
        fputs(",\"answer\":", f);
        const char *answer = tri_session_answer_text(s, (size_t)t.question);
        if (answer)
            json_str(f, answer);
        else
            fputs("null", f);
        fputc('}', f);
    }
    fputs(pretty && nr ? "\n  ]" : "]", f);
}
