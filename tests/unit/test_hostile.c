/*
 * test_hostile.c - hostile input through the public API: patterns that
 * backtrack catastrophically, answers files that are huge, aliased, deeply
 * nested or not UTF-8, thousands of catastrophic patterns in one rule file,
 * a fact chain thousands of rules long. Each must end with a clear error (or
 * UNKNOWN, for a pattern that hits its match limit) in bounded time. The
 * time bounds are generous: each test's input took many times as long
 * before its fix (CTest also runs this file under a time limit).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rx.h"
#include "support.h"

static const char rules[] =
    "questions:\n"
    "  - {id: note, type: text, text: Notes?}\n"
    "  - id: kind\n"
    "    type: choice\n"
    "    text: Kind?\n"
    "    options:\n"
    "      - {id: evil, text: Evil, match: '^(a+)+$'}\n"
    "      - {id: plain, text: Plain}\n"
    "conditions: [{id: c, name: C, summary: c, level: routine}]\n"
    "rules:\n"
    "  - {id: r, when: {note: {matches: '^(a|aa)+$'}}, then: [{support: {c: 0.9}}], because: b}\n";

static double seconds_since(clock_t t0)
{
    return (double)(clock() - t0) / CLOCKS_PER_SEC;
}

START_TEST(catastrophic_pattern_is_bounded_and_unknown)
{
    tri_kb *kb = kb_from_string(rules, NULL);
    ck_assert_ptr_nonnull(kb);
    tri_session *s = tri_session_new(kb, NULL, NULL);
    char text[200];
    memset(text, 'a', 60);
    strcpy(text + 60, "b");
    ck_assert_int_eq(tri_session_answer(s, 0, text, NULL), TRI_OK);
    clock_t t0 = clock();
    tri_session_evaluate(s);
    ck_assert_msg(seconds_since(t0) < 2.0, "evaluation took %.2f s", seconds_since(t0));
    /* the test could not be decided: UNKNOWN, so the rule does not fire */
    ck_assert_uint_eq(tri_result_explanation_count(s), 0);
    ck_assert(!tri_result_rule_fired(s, 0));
    tri_session_free(s);
    tri_kb_free(kb);
}
END_TEST

START_TEST(catastrophic_option_pattern_is_bounded)
{
    tri_kb *kb = kb_from_string(rules, NULL);
    ck_assert_ptr_nonnull(kb);
    tri_session *s = tri_session_new(kb, NULL, NULL);
    char text[200];
    memset(text, 'a', 80);
    strcpy(text + 80, "!");
    tri_error err;
    clock_t t0 = clock();
    ck_assert_int_eq(tri_session_answer(s, 1, text, &err), TRI_ERR_INVALID);
    ck_assert_msg(seconds_since(t0) < 2.0, "took %.2f s", seconds_since(t0));
    ck_assert_ptr_nonnull(strstr(err.message, "does not match any of the answers"));
    tri_session_free(s);
    tri_kb_free(kb);
}
END_TEST

static tri_status load_answers(const char *data, size_t len, collected *c)
{
    tri_kb *kb = kb_from_string(rules, NULL);
    ck_assert_ptr_nonnull(kb);
    memset(c, 0, sizeof *c);
    tri_options opt = {0};
    opt.on_diag = collect_diag;
    opt.diag_ctx = c;
    tri_session *s = tri_session_new(kb, &opt, NULL);
    tri_error err;
    tri_status st = tri_session_load_answers(s, "a.yaml", data, len, &err);
    tri_session_free(s);
    tri_kb_free(kb);
    return st;
}

START_TEST(huge_answers_file_is_refused)
{
    size_t n = TRI_MAX_FILE_BYTES + 10;
    char *data = malloc(n);
    memcpy(data, "answers:\n  note: \"", 18);
    memset(data + 18, 'x', n - 18);
    collected c;
    ck_assert_int_eq(load_answers(data, n, &c), TRI_ERR_LIMIT);
    ck_assert_ptr_nonnull(strstr(c.text, "over the limit"));
    free(data);
}
END_TEST

START_TEST(aliased_answers_are_refused)
{
    const char *y = "x: &x [a, a, a]\nanswers: {note: *x}\n";
    collected c;
    ck_assert_int_eq(load_answers(y, strlen(y), &c), TRI_ERR_INVALID);
    ck_assert_ptr_nonnull(strstr(c.text, "2:17: error: YAML aliases are not supported"));
}
END_TEST

START_TEST(long_text_answer_is_refused)
{
    size_t n = TRI_MAX_TEXT_ANSWER + 100;
    char *data = malloc(n + 32);
    size_t at = (size_t)sprintf(data, "answers:\n  note: ");
    memset(data + at, 'x', n);
    data[at + n] = '\n';
    collected c;
    ck_assert_int_eq(load_answers(data, at + n + 1, &c), TRI_ERR_INVALID);
    ck_assert_ptr_nonnull(strstr(c.text, "longer than"));
    free(data);
}
END_TEST

START_TEST(invalid_utf8_answers_are_refused)
{
    const char y[] = "answers:\n  note: \"caf\xc3\x28\"\n";
    collected c;
    ck_assert_int_eq(load_answers(y, sizeof y - 1, &c), TRI_ERR_INVALID);
    ck_assert_ptr_nonnull(strstr(c.text, "UTF-8"));
}
END_TEST

START_TEST(deeply_nested_answers_are_refused)
{
    char y[512];
    size_t at = (size_t)sprintf(y, "answers: {note: ");
    for (int i = 0; i < 100; i++)
        y[at++] = '[';
    for (int i = 0; i < 100; i++)
        y[at++] = ']';
    y[at++] = '}';
    collected c;
    ck_assert_int_eq(load_answers(y, at, &c), TRI_ERR_INVALID);
    ck_assert_ptr_nonnull(strstr(c.text, "nesting is deeper"));
}
END_TEST

START_TEST(rule_file_with_catastrophic_pattern_still_loads)
{
    /* a slow pattern is legal; its cost is bounded at match time */
    tri_kb *kb = kb_from_string(rules, NULL);
    ck_assert_ptr_nonnull(kb);
    tri_kb_free(kb);
}
END_TEST

/* A growing string for generated rule files. */
static char *append(char *buf, size_t *len, const char *text)
{
    size_t n = strlen(text);
    buf = realloc(buf, *len + n + 1);
    ck_assert_ptr_nonnull(buf);
    memcpy(buf + *len, text, n + 1);
    *len += n;
    return buf;
}

START_TEST(fact_chain_of_8000_is_compiled_in_linear_time)
{
    /* q -> f0 -> f1 -> ... -> f7999 -> red flag: finding that q feeds a red
     * flag took one pass over every fact and rule per link (cubic: 4,000
     * links took 62 s); now each rule is visited once */
    enum { N = 8000 };
    size_t len = 0;
    char line[160];
    char *y = append(NULL, &len,
                     "questions:\n  - {id: q, type: yes_no, text: Q?}\n"
                     "  - {id: other, type: yes_no, text: Other?}\nfacts:\n");
    for (int i = 0; i < N; i++) {
        snprintf(line, sizeof line, "  - {id: f%d}\n", i);
        y = append(y, &len, line);
    }
    y = append(y, &len,
               "  - {id: side}\n"
               "red_flags: [{id: rf, text: Red, level: emergency, safety_net: call}]\n"
               "conditions: [{id: c, name: C, summary: c, level: routine}]\n"
               "rules:\n"
               "  - {id: r0, when: {q: yes}, then: [{set: f0}], because: b}\n");
    for (int i = 1; i < N; i++) {
        snprintf(line, sizeof line,
                 "  - {id: r%d, when: {fact: f%d}, then: [{set: f%d}], because: b}\n", i, i - 1,
                 i);
        y = append(y, &len, line);
    }
    snprintf(line, sizeof line,
             "  - {id: rr, when: {fact: f%d}, then: [{red_flag: rf}], because: b, "
             "safety_net: call}\n",
             N - 1);
    y = append(y, &len, line);
    y = append(y, &len,
               "  - {id: rs, when: {other: yes}, then: [{set: side}], because: b}\n"
               "  - {id: rc, when: {fact: side}, then: [{support: {c: 0.5}}], because: b}\n");
    clock_t t0 = clock();
    collected c;
    tri_kb *kb = kb_from_string(y, &c);
    ck_assert_msg(kb != NULL, "%s", c.text);
    ck_assert_msg(seconds_since(t0) < 10.0, "loading took %.2f s", seconds_since(t0));
    /* the closure is right: q feeds the red flag through the whole chain,
     * `other` feeds only a condition */
    ck_assert(tri_question_is_red_flag(kb, (size_t)tri_kb_question_find(kb, "q")));
    ck_assert(!tri_question_is_red_flag(kb, (size_t)tri_kb_question_find(kb, "other")));
    const char *const yes[] = {"q=yes", NULL};
    tri_session *s = session_with(kb, yes);
    ck_assert_int_eq(tri_result_level(s), TRI_LEVEL_EMERGENCY);
    tri_session_free(s);
    tri_kb_free(kb);
    free(y);
}
END_TEST

/* Rules: `count` rules testing the note with a catastrophic pattern, then
 * one with a harmless pattern. */
static char *catastrophic_rules(int count)
{
    size_t len = 0;
    char line[200];
    char *y = append(NULL, &len,
                     "questions:\n  - {id: note, type: text, text: Notes?}\n"
                     "conditions: [{id: c, name: C, summary: c, level: routine},"
                     " {id: d, name: D, summary: d, level: routine}]\nrules:\n"
                     "  - {id: first, when: {note: {matches: 'a+b'}}, then: [{support: {d: 0.5}}],"
                     " because: b}\n");
    for (int i = 0; i < count; i++) {
        snprintf(line, sizeof line,
                 "  - {id: r%d, when: {note: {matches: '^(a|aa)+$'}}, then: [{support: {c: "
                 "0.5}}], because: b}\n",
                 i);
        y = append(y, &len, line);
    }
    y = append(y, &len,
               "  - {id: last, when: {note: {matches: 'a+b'}}, then: [{support: {d: 0.5}}],"
               " because: b}\n");
    return y;
}

START_TEST(thousands_of_catastrophic_tests_cost_a_few_match_limits)
{
    /* 4,000 tests that each run into the match limit: that took seconds per
     * 2,000 for every evaluation; the budget stops them after a few */
    char *y = catastrophic_rules(4000);
    tri_kb *kb = kb_from_string(y, NULL);
    ck_assert_ptr_nonnull(kb);
    tri_session *s = tri_session_new(kb, NULL, NULL);
    char text[80];
    memset(text, 'a', 60);
    strcpy(text + 60, "b");
    ck_assert_int_eq(tri_session_answer(s, 0, text, NULL), TRI_OK);
    clock_t t0 = clock();
    for (int i = 0; i < 3; i++) {
        tri_session_evaluate(s);
        /* before the budget is spent, a test runs as usual */
        ck_assert(tri_result_rule_fired(s, 0));
        /* the catastrophic tests are UNKNOWN, and after the budget so is every
         * later test, harmless or not (documented in the README) */
        for (size_t r = 1; r < tri_kb_rule_count(kb); r++)
            ck_assert_msg(!tri_result_rule_fired(s, r), "rule %zu fired", r);
    }
    ck_assert_msg(seconds_since(t0) < 3.0, "3 evaluations took %.2f s", seconds_since(t0));
    /* a new evaluation gets the whole budget again: with a harmless answer
     * every test runs */
    ck_assert_int_eq(tri_session_answer(s, 0, "aab", NULL), TRI_OK);
    tri_session_evaluate(s);
    ck_assert(tri_result_rule_fired(s, 0));
    ck_assert(tri_result_rule_fired(s, tri_kb_rule_count(kb) - 1));
    tri_session_free(s);
    tri_kb_free(kb);
    free(y);
}
END_TEST

START_TEST(a_few_catastrophic_tests_leave_the_others_alone)
{
    /* fewer limit hits than the budget: every other test still runs */
    char *y = catastrophic_rules(RX_EVAL_LIMIT_HITS - 1);
    tri_kb *kb = kb_from_string(y, NULL);
    ck_assert_ptr_nonnull(kb);
    tri_session *s = tri_session_new(kb, NULL, NULL);
    char text[80];
    memset(text, 'a', 60);
    strcpy(text + 60, "b");
    ck_assert_int_eq(tri_session_answer(s, 0, text, NULL), TRI_OK);
    tri_session_evaluate(s);
    ck_assert(tri_result_rule_fired(s, 0));
    ck_assert(tri_result_rule_fired(s, tri_kb_rule_count(kb) - 1));
    tri_session_free(s);
    tri_kb_free(kb);
    free(y);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("hostile");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, catastrophic_pattern_is_bounded_and_unknown);
    tcase_add_test(tc, catastrophic_option_pattern_is_bounded);
    tcase_add_test(tc, huge_answers_file_is_refused);
    tcase_add_test(tc, aliased_answers_are_refused);
    tcase_add_test(tc, long_text_answer_is_refused);
    tcase_add_test(tc, invalid_utf8_answers_are_refused);
    tcase_add_test(tc, deeply_nested_answers_are_refused);
    tcase_add_test(tc, rule_file_with_catastrophic_pattern_still_loads);
    tcase_add_test(tc, fact_chain_of_8000_is_compiled_in_linear_time);
    tcase_add_test(tc, thousands_of_catastrophic_tests_cost_a_few_match_limits);
    tcase_add_test(tc, a_few_catastrophic_tests_leave_the_others_alone);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
