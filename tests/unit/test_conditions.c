/*
 * test_conditions.c - every condition form, table-driven: a `when` written
 * in the rule language, the answers, and the expected three-valued result
 * (TRUE, FALSE or UNKNOWN) in normal and in worst-case (triage) mode.
 */
#include <stdio.h>
#include <string.h>

#include "kb.h"
#include "session.h"
#include "support.h"

static const char questions[] =
    "questions:\n"
    "  - {id: c, type: choice, text: C?, options: [{id: a, text: A}, {id: b, text: B}, {id: d, text: D}]}\n"
    "  - {id: m, type: multi, text: M?, options: [{id: x, text: X}, {id: y, text: Y}, {id: z, text: Z}, {id: none, text: None}]}\n"
    "  - {id: yn, type: yes_no, text: YN?}\n"
    "  - {id: n, type: number, text: N?, min: 0, max: 120}\n"
    "  - {id: t, type: duration, text: T?}\n"
    "  - {id: txt, type: text, text: Txt?}\n"
    "facts: [{id: f}]\n"
    "conditions: [{id: k, name: K, summary: k, level: routine}]\n"
    "rules:\n"
    "  - {id: setf, when: {yn: 'yes'}, then: [{set: f}], because: f}\n"
    "  - id: test\n"
    "    when: %s\n"
    "    then: [{support: {k: 0.5}}]\n"
    "    because: test\n";

enum { F = TV_FALSE, T = TV_TRUE, U = TV_UNKNOWN };

static const struct row {
    const char *when;
    const char *answers; /* "q=value;q=value" */
    int normal, worst;
} rows[] = {
    {"{c: a}", "c=a", T, T},
    {"{c: a}", "c=b", F, F},
    {"{c: a}", "", U, U},
    {"{c: a}", "c=unknown", U, U},
    {"{c: [a, b]}", "c=b", T, T},
    {"{c: {one_of: [a, d]}}", "c=b", F, F},
    {"{c: {is: d}}", "c=d", T, T},
    {"{c: {none_of: [a, b]}}", "c=d", T, T},
    {"{c: {none_of: [a, b]}}", "c=a", F, F},
    {"{m: x}", "m=x, y", T, T},
    {"{m: x}", "m=none", F, F},
    {"{m: none}", "m=none", T, T},
    {"{m: {any_of: [x, z]}}", "m=y", F, F},
    {"{m: {all_of: [x, y]}}", "m=x, y, z", T, T},
    {"{m: {all_of: [x, y]}}", "m=x", F, F},
    {"{m: {none_of: [x]}}", "m=y", T, T},
    {"{yn: 'yes'}", "yn=yes", T, T},
    {"{yn: 'no'}", "yn=yes", F, F},
    {"{yn: true}", "yn=true", T, T},
    {"{n: 25}", "n=25", T, T},
    {"{n: {lt: 18}}", "n=17.5", T, T},
    {"{n: {lt: 18}}", "n=18", F, F},
    {"{n: {le: 18}}", "n=18", T, T},
    {"{n: {ge: 40}}", "n=39", F, F},
    {"{n: {gt: 40}}", "n=40", F, F},
    {"{n: {between: [40, 60]}}", "n=60", T, T},
    {"{n: {between: [40, 60]}}", "n=35-45", U, T},
    {"{n: {lt: 18}}", "n=10-15", T, T},
    {"{n: {lt: 18}}", "n=20-30", F, F},
    {"{t: {gt: 5 min}}", "t=3-8 min", U, T},
    {"{t: {gt: 5 min}}", "t=10 min", T, T},
    {"{t: {gt: 5 min}}", "t=5 min", F, F},
    {"{t: {ge: 5 min}}", "t=5 min", T, T},
    {"{t: {between: [0.5 s, 4 s]}}", "t=half a second to four seconds", T, T},
    {"{t: {le: 1 s}}", "t=less than a second", T, T},
    {"{t: {lt: 1 s}}", "t=less than a second", U, T},
    {"{t: {gt: 2 weeks}}", "t=5 months", T, T},
    {"{not: {t: {gt: 5 min}}}", "t=3-8 min", U, T}, /* "at most 5 min" is met in part */
    {"{not: {t: {lt: 5 min}}}", "t=3-8 min", U, T},
    {"{txt: {matches: 'bit(ten)? (my )?tongue'}}", "txt=I bit my tongue", T, T},
    {"{txt: {matches: '^no'}}", "txt=yes indeed", F, F},
    {"{answered: c}", "c=a", T, T},
    {"{answered: c}", "c=unknown", F, F},
    {"{answered: c}", "", F, F},
    {"{unknown: c}", "c=unknown", T, T},
    {"{unknown: c}", "", T, T},
    {"{unknown: c}", "c=b", F, F},
    {"{fact: f}", "yn=yes", T, T},
    {"{fact: f}", "yn=no", F, F},
    {"{fact: f}", "", U, U},
    {"{not: {c: a}}", "c=b", T, T},
    {"{not: {c: a}}", "", U, U},
    {"{all: [{c: a}, {yn: 'yes'}]}", "c=a;yn=yes", T, T},
    {"{all: [{c: a}, {yn: 'yes'}]}", "c=b", F, F},
    {"{all: [{c: a}, {yn: 'yes'}]}", "c=a", U, U},
    {"{any: [{c: a}, {yn: 'yes'}]}", "yn=yes", T, T},
    {"{any: [{c: a}, {yn: 'yes'}]}", "c=b;yn=no", F, F},
    {"{any: [{c: a}, {yn: 'yes'}]}", "c=b", U, U},
    {"{at_least: 2, of: [{c: a}, {yn: 'yes'}, {n: {gt: 50}}]}", "c=a;n=60", T, T},
    {"{at_least: 2, of: [{c: a}, {yn: 'yes'}, {n: {gt: 50}}]}", "c=b;yn=no", F, F},
    {"{at_least: 2, of: [{c: a}, {yn: 'yes'}, {n: {gt: 50}}]}", "c=a;yn=no", U, U},
};

START_TEST(condition_table)
{
    const struct row *r = &rows[_i];
    char yaml[4096];
    snprintf(yaml, sizeof yaml, questions, r->when);
    collected col;
    tri_kb *kb = kb_from_string(yaml, &col);
    ck_assert_msg(kb != NULL, "row %d '%s' did not load:\n%s", _i, r->when, col.text);
    tri_session *s = tri_session_new(kb, NULL, NULL);
    char answers[256];
    snprintf(answers, sizeof answers, "%s", r->answers);
    for (char *tok = strtok(answers, ";"); tok; tok = strtok(NULL, ";")) {
        char *eq = strchr(tok, '=');
        *eq = '\0';
        tri_error err;
        ck_assert_msg(tri_session_answer(s, (size_t)tri_kb_question_find(kb, tok), eq + 1, &err) ==
                          TRI_OK,
                      "row %d: answer %s=%s: %s", _i, tok, eq + 1, err.message);
    }
    tri_session_evaluate(s);
    uint32_t when = kb->rules[1].when;
    int normal = infer_test(s, when, 0), worst = infer_test(s, when, 1);
    ck_assert_msg(normal == r->normal, "row %d: %s with %s: got %d, expected %d", _i, r->when,
                  r->answers, normal, r->normal);
    ck_assert_msg(worst == r->worst, "row %d: %s with %s (worst case): got %d, expected %d", _i,
                  r->when, r->answers, worst, r->worst);
    ck_assert_msg(tri_result_rule_fired(s, 1) == (normal == T), "row %d: fired mismatch", _i);
    tri_session_free(s);
    tri_kb_free(kb);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("conditions");
    TCase *tc = tcase_create("core");
    tcase_add_loop_test(tc, condition_table, 0, sizeof rows / sizeof rows[0]);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
