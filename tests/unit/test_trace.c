/*
 * test_trace.c - why a rule fired or not (tri_session_trace_rule and the node
 * accessors beside it), table-driven: a small rule file made for the test,
 * answers, and for each rule its outcome, the test that decided it (as the
 * rule language writes it), that test's value, whether it lies under a
 * `not`, and the question it points at.
 */
#include <stdio.h>
#include <string.h>

#include "support.h"

static const char rules[] =
    "questions:\n"
    "  - {id: timing, type: choice, text: T?, options: [{id: asleep, text: A}, {id: awake, text: W}]}\n"
    "  - {id: place, type: multi, text: P?, options: [{id: eyelid, text: E}, {id: leg, text: L}]}\n"
    "  - {id: weak, type: yes_no, text: W?}\n"
    "  - {id: seen_awake, type: yes_no, text: S?}\n"
    "  - {id: duration, type: duration, text: D?}\n"
    "  - {id: age, type: number, text: A?, min: 0, max: 120}\n"
    "facts:\n"
    "  - {id: sleepy, text: sleepy}\n"
    "  - {id: loop_a, text: a}\n"
    "  - {id: loop_b, text: b}\n"
    "red_flags: [{id: rf, text: RF, level: urgent, safety_net: it gets worse}]\n"
    "conditions: [{id: c, name: C, summary: c, level: routine}]\n"
    "rules:\n"
    "  - {id: fired, when: {timing: asleep}, then: [{support: {c: 0.5}}], because: x}\n"
    "  - id: second-fails\n"
    "    when: {all: [{timing: asleep}, {place: leg}]}\n"
    "    then: [{support: {c: 0.2}}]\n"
    "    because: x\n"
    "  - {id: under-not, when: {not: {seen_awake: 'yes'}}, then: [{support: {c: 0.1}}], because: x}\n"
    "  - {id: missing, when: {all: [{timing: asleep}, {weak: 'yes'}]}, then: [{red_flag: rf}], because: x, safety_net: it gets worse}\n"
    "  - {id: any-false, when: {any: [{place: leg}, {timing: awake}]}, then: [{support: {c: 0.1}}], because: x}\n"
    "  - {id: set-sleepy, when: {age: {ge: 60}}, then: [{set: sleepy}], because: x}\n"
    "  - {id: via-fact, when: {fact: sleepy}, then: [{support: {c: 0.1}}], because: x}\n"
    "  - {id: long, when: {duration: {gt: 1 min}}, then: [{triage: soon}], because: x, safety_net: it gets worse}\n"
    "  - {id: long-evidence, when: {duration: {gt: 1 min}}, then: [{support: {c: 0.1}}], because: x}\n"
    "  - {id: set-a, when: {fact: loop_b}, then: [{set: loop_a}], because: x}\n"
    "  - {id: set-b, when: {fact: loop_a}, then: [{set: loop_b}], because: x}\n"
    "  - {id: in-loop, when: {fact: loop_a}, then: [{support: {c: 0.1}}], because: x}\n";

static const struct {
    const char *rule, *outcome, *test, *value;
    bool negated;
    const char *question; /* NULL: -1 */
} rows[] = {
    {"fired", "fired", NULL, NULL, false, NULL},
    {"second-fails", "not_fired", "place: leg", "false", false, "place"},
    {"under-not", "not_fired", "seen_awake: 'yes'", "true", true, "seen_awake"},
    {"missing", "unknown", "weak: 'yes'", "unknown", false, "weak"},
    {"any-false", "not_fired", "place: leg", "false", false, "place"},
    {"set-sleepy", "unknown", "age: {ge: 60}", "unknown", false, "age"},
    {"via-fact", "unknown", "fact: sleepy", "unknown", false, "age"},
    {"long", "worst_case", "duration: {gt: 1 min}", "unknown", false, "duration"},
    {"long-evidence", "unknown", "duration: {gt: 1 min}", "unknown", false, "duration"},
    {"in-loop", "unknown", "fact: loop_a", "unknown", false, NULL},
};

START_TEST(outcomes)
{
    tri_kb *kb = kb_from_string(rules, NULL);
    ck_assert_ptr_nonnull(kb);
    const char *answers[] = {"timing=asleep", "place=eyelid", "seen_awake=yes",
                             "duration=30 s - 3 min", NULL};
    tri_session *s = session_with(kb, answers);
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        size_t r = 0;
        while (r < tri_kb_rule_count(kb) && strcmp(tri_rule_id(kb, r), rows[i].rule))
            r++;
        ck_assert_msg(r < tri_kb_rule_count(kb), "no rule %s", rows[i].rule);
        tri_rule_trace t;
        ck_assert_int_eq(tri_session_trace_rule(s, r, &t), TRI_OK);
        ck_assert_msg(!strcmp(tri_rule_outcome_name(t.outcome), rows[i].outcome),
                      "%s: outcome %s, expected %s", rows[i].rule,
                      tri_rule_outcome_name(t.outcome), rows[i].outcome);
        /* the outcome agrees with evaluation */
        ck_assert_msg(tri_result_rule_fired(s, r) ==
                          (t.outcome == TRI_RULE_FIRED || t.outcome == TRI_RULE_WORST_CASE),
                      "%s: fired", rows[i].rule);
        if (!rows[i].test) {
            ck_assert_msg(t.node == -1 && t.question == -1, "%s: a test for a rule that fired",
                          rows[i].rule);
            continue;
        }
        ck_assert_msg(t.node >= 0, "%s: no test", rows[i].rule);
        char text[128];
        tri_node_text(kb, (size_t)t.node, text, sizeof text);
        ck_assert_msg(!strcmp(text, rows[i].test), "%s: test '%s', expected '%s'", rows[i].rule,
                      text, rows[i].test);
        ck_assert_msg(!strcmp(tri_truth_name(t.value), rows[i].value), "%s: value %s, expected %s",
                      rows[i].rule, tri_truth_name(t.value), rows[i].value);
        ck_assert_msg(tri_session_node_value(s, (size_t)t.node) == t.value, "%s: node value",
                      rows[i].rule);
        ck_assert_msg(t.negated == rows[i].negated, "%s: negated", rows[i].rule);
        const char *q = t.question >= 0 ? tri_question_id(kb, (size_t)t.question) : NULL;
        ck_assert_msg(q == rows[i].question || (q && rows[i].question && !strcmp(q, rows[i].question)),
                      "%s: question %s, expected %s", rows[i].rule, q ? q : "(none)",
                      rows[i].question ? rows[i].question : "(none)");
    }
    tri_session_free(s);
    tri_kb_free(kb);
}
END_TEST

START_TEST(positions_and_text)
{
    tri_kb *kb = kb_from_string(rules, NULL);
    ck_assert_ptr_nonnull(kb);
    /* rule 'second-fails' (index 1): its when on line 17, the all's second test at column 36 */
    int when = tri_rule_when(kb, 1);
    ck_assert_int_ge(when, 0);
    unsigned line, col;
    ck_assert_str_eq(tri_node_file(kb, (size_t)when, &line, &col), "test.yaml");
    ck_assert_uint_eq(line, 17);
    ck_assert_uint_eq(col, 11);
    size_t leg = tri_node_child(kb, (size_t)when, 1);
    tri_node_file(kb, leg, &line, &col);
    ck_assert_uint_eq(line, 17);
    ck_assert_uint_eq(col, 36);
    char text[128];
    ck_assert_uint_eq(tri_node_text(kb, (size_t)when, text, sizeof text),
                      strlen("all: [{timing: asleep}, {place: leg}]"));
    ck_assert_str_eq(text, "all: [{timing: asleep}, {place: leg}]");
    /* cut short to the buffer, NUL-terminated, the whole length returned */
    char small[8];
    ck_assert_uint_eq(tri_node_text(kb, leg, small, sizeof small), strlen("place: leg"));
    ck_assert_str_eq(small, "place: ");
    ck_assert_int_eq(tri_rule_when(kb, tri_kb_rule_count(kb)), -1);
    ck_assert_str_eq(tri_rule_outcome_name(TRI_RULE_WORST_CASE), "worst_case");
    ck_assert_str_eq(tri_truth_name(TRI_TRUTH_UNKNOWN), "unknown");
    tri_kb_free(kb);
}
END_TEST

START_TEST(bad_calls)
{
    tri_kb *kb = kb_from_string(rules, NULL);
    tri_session *s = tri_session_new(kb, NULL, NULL);
    tri_rule_trace t;
    /* not evaluated yet, then a rule out of range */
    ck_assert_int_eq(tri_session_trace_rule(s, 0, &t), TRI_ERR_ARG);
    ck_assert_int_eq(tri_session_node_value(s, 0), TRI_TRUTH_UNKNOWN);
    tri_session_evaluate(s);
    ck_assert_int_eq(tri_session_trace_rule(s, tri_kb_rule_count(kb), &t), TRI_ERR_ARG);
    ck_assert_int_eq(t.node, -1);
    /* with no answers every test is unknown, and the first of each rule is reported */
    ck_assert_int_eq(tri_session_trace_rule(s, 0, &t), TRI_OK);
    ck_assert_int_eq(t.outcome, TRI_RULE_UNKNOWN);
    ck_assert_str_eq(tri_question_id(kb, (size_t)t.question), "timing");
    tri_session_free(s);
    tri_kb_free(kb);
}
END_TEST

int main(void)
{
    Suite *su = suite_create("trace");
    TCase *tc = tcase_create("trace");
    tcase_add_test(tc, outcomes);
    tcase_add_test(tc, positions_and_text);
    tcase_add_test(tc, bad_calls);
    suite_add_tcase(su, tc);
    return run_suite(su);
}
