/*
 * test_answers.c - answers files that try to slip something past: a second
 * `answers:` (or `date:`, `format:`) block, days that do not exist, years
 * that overflow the day arithmetic (found by fuzzing the duration parser;
 * UBSan stops the sanitizer build on it), from files, JSON Lines records,
 * the library call and the `ask` JSON protocol.
 */
#include <stdio.h>
#include <string.h>

#include "quantity.h"
#include "support.h"

static const char rules[] =
    "questions:\n"
    "  - id: weak\n"
    "    type: yes_no\n"
    "    text: Is one side weak?\n"
    "  - {id: since, type: duration, text: How long?}\n"
    "  - {id: age, type: number, text: Age?, min: 0, max: 120}\n"
    "conditions: [{id: c, name: C, summary: c, level: routine}]\n"
    "red_flags: [{id: rf, text: Weakness, level: emergency, safety_net: call}]\n"
    "rules:\n"
    "  - {id: r1, when: {weak: yes}, then: [{red_flag: rf}], because: weak, safety_net: call}\n"
    "  - {id: r2, when: {since: {gt: 2 weeks}}, then: [{support: {c: 0.5}}], because: long}\n";

static tri_status load(const char *yaml, collected *c)
{
    tri_kb *kb = kb_from_string(rules, NULL);
    ck_assert_ptr_nonnull(kb);
    memset(c, 0, sizeof *c);
    tri_options opt = {0};
    opt.on_diag = collect_diag;
    opt.diag_ctx = c;
    tri_session *s = tri_session_new(kb, &opt, NULL);
    tri_status st = tri_session_load_answers(s, "a.yaml", yaml, strlen(yaml), NULL);
    tri_session_free(s);
    tri_kb_free(kb);
    return st;
}

START_TEST(second_answers_block_is_an_error_not_an_override)
{
    /* the red-flag answer is in the first block: it must not disappear */
    collected c;
    ck_assert_int_eq(load("answers:\n  weak: yes\nanswers:\n  age: 30\n", &c), TRI_ERR_INVALID);
    ck_assert_str_eq(c.text,
                     "3:1: error: key 'answers' appears twice (first on line 1); an answers "
                     "file has one\n");
}
END_TEST

START_TEST(second_date_or_format_is_an_error)
{
    collected c;
    ck_assert_int_eq(load("date: 2023-02-16\nanswers: {age: 30}\ndate: 2020-01-01\n", &c),
                     TRI_ERR_INVALID);
    ck_assert_ptr_nonnull(strstr(c.text, "3:1: error: key 'date' appears twice (first on line 1)"));
    ck_assert_int_eq(load("format: 1\nformat: 1\nanswers: {age: 30}\n", &c), TRI_ERR_INVALID);
    ck_assert_ptr_nonnull(strstr(c.text, "2:1: error: key 'format' appears twice"));
}
END_TEST

START_TEST(dates_must_exist_and_be_written_yyyy_mm_dd)
{
    static const struct {
        const char *date;
        const char *why; /* NULL: valid */
    } rows[] = {
        {"2023-02-16", NULL},
        {"2024-02-29", NULL},
        {"2000-02-29", NULL},
        {"1900-01-01", NULL},
        {"9999-12-31", NULL},
        {"2023-02-29", "there is no day 29 in February 2023 (it has 28 days)"},
        {"1900-02-29", "there is no day 29 in February 1900 (it has 28 days)"},
        {"2023-02-30", "there is no day 30 in February 2023 (it has 28 days)"},
        {"2023-04-31", "there is no day 31 in April 2023 (it has 30 days)"},
        {"2023-01-00", "there is no day 00 in January 2023 (it has 31 days)"},
        {"2023-13-01", "there is no month 13 (months run from 01 to 12)"},
        {"2023-00-10", "there is no month 00 (months run from 01 to 12)"},
        {"1899-12-31", "the year must be 1900 or later"},
        {"2023/02/16", "expected a day written YYYY-MM-DD, such as 2023-02-16"},
        {"2023-2-16", "expected a day written YYYY-MM-DD, such as 2023-02-16"},
        {"23-02-16", "expected a day written YYYY-MM-DD, such as 2023-02-16"},
        {"2023-02-16x", "expected a day written YYYY-MM-DD, such as 2023-02-16"},
        {"+023-02-16", "expected a day written YYYY-MM-DD, such as 2023-02-16"},
        {"2023-02-1", "expected a day written YYYY-MM-DD, such as 2023-02-16"},
    };
    tri_kb *kb = kb_from_string(rules, NULL);
    tri_session *s = tri_session_new(kb, NULL, NULL);
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        long days;
        char why[128];
        const char *r = qty_parse_day(rows[i].date, strlen(rows[i].date), &days, why, sizeof why);
        if (rows[i].why) {
            ck_assert_msg(r && !strcmp(r, rows[i].why), "%s: %s", rows[i].date, r ? r : "(ok)");
            ck_assert_msg(tri_session_set_date(s, rows[i].date) == TRI_ERR_INVALID, "%s",
                          rows[i].date);
            char y[128];
            snprintf(y, sizeof y, "date: %s\nanswers: {age: 30}\n", rows[i].date);
            collected c;
            ck_assert_msg(load(y, &c) == TRI_ERR_INVALID, "%s", rows[i].date);
            char want[256];
            snprintf(want, sizeof want, "1:7: error: invalid date '%s': %s\n", rows[i].date,
                     rows[i].why);
            ck_assert_msg(!strcmp(c.text, want), "%s: %s", rows[i].date, c.text);
        } else {
            ck_assert_msg(!r, "%s: %s", rows[i].date, r);
            ck_assert_msg(tri_session_set_date(s, rows[i].date) == TRI_OK, "%s", rows[i].date);
        }
    }
    /* days count right across the calendar */
    long a, b;
    char why[128];
    ck_assert_ptr_null(qty_parse_day("1970-01-01", 10, &a, why, sizeof why));
    ck_assert_int_eq(a, 0);
    ck_assert_ptr_null(qty_parse_day("2000-03-01", 10, &b, why, sizeof why));
    ck_assert_int_eq(b, 11017);
    tri_session_free(s);
    tri_kb_free(kb);
}
END_TEST

/* Huge or malformed years after "since": each refused with a message
 * before any arithmetic (the sanitizer build stops on an overflow). */
static const char *const hostile_since[] = {
    "since March 9223372036854775807",
    "since March 18446744073709551616",
    "since March 99999",
    "since March 22",
    "since March -2022",
    "since 9223372036854775807-01",
    "since 2022-9223372036854775807",
    "since 2022-01-9223372036854775807",
    "since 2022-01-999",
    "since -2022-01",
    "since 2022-00",
    "since 2022-13",
    "since 2022-02-30",
    "since 2022-02-00",
    "since 1899-12",
    "since March 1899",
    "since March 2022 and more",
    "since 2022-01-01 2",
};

START_TEST(hostile_years_after_since_are_refused)
{
    double lo, hi;
    for (size_t i = 0; i < sizeof hostile_since / sizeof hostile_since[0]; i++) {
        const char *t = hostile_since[i];
        ck_assert_msg(qty_parse_since(t, strlen(t), "2023-02-16", &lo, &hi) != NULL, "%s", t);
    }
    /* the ordinary forms still work */
    ck_assert_ptr_null(qty_parse_since("since March 2022", 16, "2023-02-16", &lo, &hi));
    ck_assert_double_eq(hi, 352.0 * 86400);
    ck_assert_double_eq(lo, 322.0 * 86400);
    ck_assert_ptr_null(qty_parse_since("since 2022-9", 12, "2023-02-16", &lo, &hi));
    ck_assert_ptr_null(qty_parse_since("since  2022-09-01 ", 18, "2023-02-16", &lo, &hi));
    ck_assert_ptr_null(qty_parse_since("since sept", 10, "2023-02-16", &lo, &hi));
    /* a malformed `today` is refused too */
    ck_assert_ptr_nonnull(qty_parse_since("since March", 11, "9223372036854775807", &lo, &hi));
    ck_assert_ptr_nonnull(qty_parse_since("since March", 11, "2023-02-30", &lo, &hi));
}
END_TEST

START_TEST(hostile_years_through_every_entry_point)
{
    tri_kb *kb = kb_from_string(rules, NULL);
    ck_assert_ptr_nonnull(kb);
    int q = tri_kb_question_find(kb, "since");
    for (size_t i = 0; i < sizeof hostile_since / sizeof hostile_since[0]; i++) {
        const char *t = hostile_since[i];
        /* an answers file */
        char y[256];
        snprintf(y, sizeof y, "date: 2023-02-16\nanswers:\n  since: \"%s\"\n", t);
        collected c;
        ck_assert_msg(load(y, &c) == TRI_ERR_INVALID, "%s", t);
        ck_assert_msg(strstr(c.text, "3:11: error: ") != NULL, "%s: %s", t, c.text);
        /* a JSON Lines record, after the date was set */
        tri_session *s = tri_session_new(kb, NULL, NULL);
        ck_assert_int_eq(tri_session_set_date(s, "2023-02-16"), TRI_OK);
        snprintf(y, sizeof y, "{\"since\": \"%s\"}", t);
        ck_assert_msg(tri_session_load_answers_json(s, "r.jsonl", 1, y, strlen(y), NULL) ==
                          TRI_ERR_INVALID,
                      "%s", t);
        /* the library call */
        tri_error err;
        ck_assert_msg(tri_session_answer(s, (size_t)q, t, &err) == TRI_ERR_INVALID, "%s", t);
        ck_assert_int_eq(tri_session_answer_state(s, (size_t)q), TRI_UNANSWERED);
        /* the `ask` JSON protocol */
        tri_interview *iv = tri_interview_new(s, NULL, NULL);
        ck_assert_ptr_nonnull(iv);
        snprintf(y, sizeof y, "{\"question\": \"since\", \"answer\": \"%s\"}", t);
        tri_ask_input in;
        ck_assert_int_eq(tri_interview_parse_json(iv, y, strlen(y), &in, &err), TRI_OK);
        ck_assert_int_eq(in.question, q);
        ck_assert_msg(tri_interview_answer(iv, (size_t)q, in.answer, &err) == TRI_ERR_INVALID,
                      "%s", t);
        tri_interview_free(iv);
        tri_session_free(s);
    }
    tri_kb_free(kb);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("answers");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, second_answers_block_is_an_error_not_an_override);
    tcase_add_test(tc, second_date_or_format_is_an_error);
    tcase_add_test(tc, dates_must_exist_and_be_written_yyyy_mm_dd);
    tcase_add_test(tc, hostile_years_after_since_are_refused);
    tcase_add_test(tc, hostile_years_through_every_entry_point);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
