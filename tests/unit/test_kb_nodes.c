/*
 * test_kb_nodes.c - the public view of condition trees (tri_question_ask_if,
 * tri_kb_node, tri_node_child) and the strict answer setter
 * (tri_session_answer_values), both table-driven: an ask_if written in the
 * rule language and the tree the API must give back, printed compactly; an
 * answer as values and what it must set or refuse.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "support.h"

static const char base[] =
    "questions:\n"
    "  - {id: c, type: choice, text: C?, options: [{id: a, text: A, match: 'first'}, {id: b, text: B}, {id: d, text: D}]}\n"
    "  - {id: m, type: multi, text: M?, options: [{id: x, text: X}, {id: y, text: Y}, {id: none, text: None}]}\n"
    "  - {id: yn, type: yes_no, text: YN?}\n"
    "  - {id: n, type: number, text: N?, min: 0, max: 120}\n"
    "  - {id: t, type: duration, text: T?}\n"
    "  - {id: txt, type: text, text: Txt?}\n"
    "  - {id: asked, type: yes_no, text: Asked?, ask_if: %s}\n"
    "facts: [{id: f, text: F}]\n"
    "conditions: [{id: k, name: K, summary: k, level: routine}]\n"
    "rules:\n"
    "  - {id: setf, when: {yn: 'yes'}, then: [{set: f}], because: f}\n"
    "  - {id: r, when: {fact: f}, then: [{support: {k: 0.5}}], because: r}\n";

static void print_node(const tri_kb *kb, size_t n, char *out, size_t size)
{
    tri_node t;
    tri_kb_node(kb, n, &t);
    size_t at = strlen(out);
    const char *name = tri_node_kind_name(t.kind);
    switch (t.kind) {
    case TRI_NODE_ALL:
    case TRI_NODE_ANY:
    case TRI_NODE_NOT:
    case TRI_NODE_AT_LEAST:
        if (t.kind == TRI_NODE_AT_LEAST)
            snprintf(out + at, size - at, "%s%zu(", name, t.need);
        else
            snprintf(out + at, size - at, "%s(", name);
        for (size_t k = 0; k < t.count; k++) {
            if (k)
                strncat(out, ",", size - strlen(out) - 1);
            print_node(kb, tri_node_child(kb, n, k), out, size);
        }
        strncat(out, ")", size - strlen(out) - 1);
        break;
    case TRI_NODE_FACT:
        snprintf(out + at, size - at, "fact(%s)", t.fact);
        break;
    case TRI_NODE_ANY_OF:
    case TRI_NODE_ALL_OF:
    case TRI_NODE_NONE_OF:
        snprintf(out + at, size - at, "%s(%s:%llx)", name, tri_question_id(kb, t.question),
                 (unsigned long long)t.options);
        break;
    case TRI_NODE_RANGE:
        snprintf(out + at, size - at, "range(%s:%s%g,%g%s)", tri_question_id(kb, t.question),
                 t.lo_open ? "(" : "[", t.lo, t.hi, t.hi_open ? ")" : "]");
        break;
    case TRI_NODE_MATCHES:
        snprintf(out + at, size - at, "matches(%s:%s)", tri_question_id(kb, t.question),
                 t.pattern ? t.pattern : "NULL");
        break;
    default: /* answered, unknown */
        snprintf(out + at, size - at, "%s(%s)", name, tri_question_id(kb, t.question));
        break;
    }
}

static const struct tree_row {
    const char *ask_if, *tree;
} tree_rows[] = {
    {"{c: a}", "any_of(c:1)"},
    {"{c: [a, d]}", "any_of(c:5)"},
    {"{c: {none_of: [b]}}", "none_of(c:2)"},
    {"{m: {all_of: [x, y]}}", "all_of(m:3)"},
    {"{yn: 'no'}", "any_of(yn:2)"},
    {"{answered: c}", "answered(c)"},
    {"{unknown: n}", "unknown(n)"},
    {"{fact: f}", "fact(f)"},
    {"{n: {ge: 18}}", "range(n:[18,inf])"},
    {"{n: {lt: 18}}", "range(n:[-inf,18))"},
    {"{n: {gt: 18}}", "range(n:(18,inf])"},
    {"{n: {between: [2, 5]}}", "range(n:[2,5])"},
    {"{t: {le: 2 min}}", "range(t:[-inf,120])"},
    {"{txt: {matches: 'it''s bad'}}", "matches(txt:it's bad)"},
    {"{not: {c: a}}", "not(any_of(c:1))"},
    {"{all: [{c: a}, {any: [{yn: 'yes'}, {unknown: c}]}]}",
     "all(any_of(c:1),any(any_of(yn:1),unknown(c)))"},
    {"{at_least: 2, of: [{c: a}, {yn: 'yes'}, {m: x}]}", "at_least2(any_of(c:1),any_of(yn:1),any_of(m:1))"},
};

START_TEST(ask_if_tree)
{
    const struct tree_row *row = &tree_rows[_i];
    char yaml[4096];
    snprintf(yaml, sizeof yaml, base, row->ask_if);
    collected diags;
    tri_kb *kb = kb_from_string(yaml, &diags);
    ck_assert_msg(kb, "%s: did not load: %s", row->ask_if, diags.text);
    int asked = tri_kb_question_find(kb, "asked");
    ck_assert_msg(tri_question_ask_if(kb, (size_t)tri_kb_question_find(kb, "c")) == -1,
                  "%s: a question without ask_if has one", row->ask_if);
    int root = tri_question_ask_if(kb, (size_t)asked);
    ck_assert_msg(root >= 0, "%s: no ask_if", row->ask_if);
    char got[512] = "";
    print_node(kb, (size_t)root, got, sizeof got);
    ck_assert_msg(!strcmp(got, row->tree), "%s: expected %s, got %s", row->ask_if, row->tree, got);
    tri_kb_free(kb);
}
END_TEST

/* ---- tri_session_answer_values: the strict path ------------------------- */

static const struct value_row {
    const char *question;
    const char *values[3];
    size_t n;
    tri_status status;
    const char *text; /* the answer afterwards (NULL: unanswered), or a part of the error */
} value_rows[] = {
    {"c", {"a"}, 1, TRI_OK, "a"},
    {"c", {"first"}, 1, TRI_ERR_INVALID, "no option 'first'"}, /* words are for prompts */
    {"c", {"a", "b"}, 2, TRI_ERR_INVALID, "takes one answer"},
    {"m", {"x", "y"}, 2, TRI_OK, "[x, y]"},
    {"m", {"none", "x"}, 2, TRI_ERR_INVALID, "'none' must stand alone"},
    {"yn", {"true"}, 1, TRI_OK, "yes"},
    {"yn", {"yeah"}, 1, TRI_ERR_INVALID, "yeah"},
    {"n", {"25"}, 1, TRI_OK, "25"},
    {"n", {"150"}, 1, TRI_ERR_INVALID, "between 0 and 120"},
    {"t", {"0.5-4 s"}, 1, TRI_OK, "0.5-4 s"},
    {"txt", {"not sure"}, 1, TRI_OK, "not sure"}, /* a text, not "unknown" */
    {"txt", {"unknown"}, 1, TRI_OK, "unknown"}, /* as in an answers file */
    {"c", {"unknown"}, 1, TRI_OK, "unknown"},
};

START_TEST(answer_values)
{
    const struct value_row *row = &value_rows[_i];
    char yaml[4096];
    snprintf(yaml, sizeof yaml, base, "{c: a}");
    tri_kb *kb = kb_from_string(yaml, NULL);
    ck_assert(kb);
    tri_session *s = tri_session_new(kb, NULL, NULL);
    size_t q = (size_t)tri_kb_question_find(kb, row->question);
    tri_error err;
    tri_status st = tri_session_answer_values(s, q, row->values, row->n, &err);
    ck_assert_msg(st == row->status, "%s=%s: status %d, expected %d (%s)", row->question,
                  row->values[0], st, row->status, err.message);
    if (st == TRI_OK) {
        const char *got = tri_session_answer_text(s, q);
        ck_assert_msg(got && !strcmp(got, row->text), "%s=%s: answer '%s', expected '%s'",
                      row->question, row->values[0], got ? got : "(none)", row->text);
        ck_assert_msg((tri_session_answer_state(s, q) == TRI_ANSWER_UNKNOWN) ==
                          !strcmp(row->text, "unknown"),
                      "%s=%s: wrong unknown state", row->question, row->values[0]);
    } else {
        ck_assert_msg(strstr(err.message, row->text), "%s=%s: message '%s' lacks '%s'",
                      row->question, row->values[0], err.message, row->text);
        ck_assert_msg(tri_session_answer_state(s, q) == TRI_UNANSWERED,
                      "%s=%s: a refused answer changed the session", row->question,
                      row->values[0]);
    }
    tri_session_free(s);
    tri_kb_free(kb);
}
END_TEST

START_TEST(answer_values_bad_arguments)
{
    char yaml[4096];
    snprintf(yaml, sizeof yaml, base, "{c: a}");
    tri_kb *kb = kb_from_string(yaml, NULL);
    tri_session *s = tri_session_new(kb, NULL, NULL);
    const char *v = "a";
    ck_assert_int_eq(tri_session_answer_values(s, 999, &v, 1, NULL), TRI_ERR_ARG);
    ck_assert_int_eq(tri_session_answer_values(s, 0, &v, 0, NULL), TRI_ERR_ARG);
    tri_session_free(s);
    tri_kb_free(kb);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("kb_nodes");
    TCase *tc = tcase_create("ask_if");
    tcase_add_loop_test(tc, ask_if_tree, 0, sizeof tree_rows / sizeof tree_rows[0]);
    suite_add_tcase(s, tc);
    tc = tcase_create("answer_values");
    tcase_add_loop_test(tc, answer_values, 0, sizeof value_rows / sizeof value_rows[0]);
    tcase_add_test(tc, answer_values_bad_arguments);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
