/*
 * test_answer.c - answer_set, the one door of every answer: what it refuses
 * is a status and, for a list, the index of the item at fault, never a
 * message to be searched. Table-driven; the row's name is in every message.
 */
#include <string.h>

#include "answer.h"
#include "support.h"

static const char rules[] =
    "questions:\n"
    "  - id: location\n"
    "    type: multi\n"
    "    text: Where?\n"
    "    options: [{id: eye, text: Eye}, {id: eyelid, text: Eyelid}, {id: cheek, text: Cheek},\n"
    "              {id: none, text: None of these}]\n"
    "  - {id: timing, type: choice, text: When?, options: [{id: asleep, text: Asleep},\n"
    "                                                      {id: awake, text: Awake}]}\n"
    "  - {id: age, type: number, text: Age?, min: 0, max: 120}\n"
    "  - {id: story, type: text, text: Tell me}\n"
    "  - {id: more, type: text, text: And then?}\n";

typedef struct row {
    const char *name;
    const char *question;
    const char *items[4];
    tri_status status;
    size_t bad; /* the item at fault when refused */
} row;

static const row rows[] = {
    {"a list", "location", {"eye", "cheek"}, TRI_OK, 0},
    {"unknown alone", "location", {"unknown"}, TRI_OK, 0},
    /* the item named is the one at fault, even when another item's text is part of the message */
    {"unknown option after a prefix of it", "location", {"eyelid", "eye", "eyeld"},
     TRI_ERR_INVALID, 2},
    {"unknown option first", "location", {"chek", "eye"}, TRI_ERR_INVALID, 0},
    {"none with others", "location", {"cheek", "none"}, TRI_ERR_INVALID, 1},
    {"unknown with others", "location", {"eye", "unknown"}, TRI_ERR_INVALID, 1},
    {"a list for a choice", "timing", {"asleep", "awake"}, TRI_ERR_INVALID, ANSWER_WHOLE},
    {"invalid UTF-8 in a list", "location", {"eye", "\xff"}, TRI_ERR_INVALID, 1},
    {"out of range", "age", {"150"}, TRI_ERR_INVALID, 0},
};

START_TEST(refusals_are_a_status_and_an_item)
{
    tri_kb *kb = kb_from_string(rules, NULL);
    ck_assert_ptr_nonnull(kb);
    tri_session *s = tri_session_new(kb, NULL, NULL);
    ck_assert_ptr_nonnull(s);
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const row *r = &rows[i];
        size_t n = 0, lens[4];
        while (n < 4 && r->items[n]) {
            lens[n] = strlen(r->items[n]);
            n++;
        }
        int q = tri_kb_question_find(kb, r->question);
        ck_assert_msg(q >= 0, "%s", r->name);
        char why[512];
        size_t bad = 12345;
        tri_status st = answer_set(s, (uint32_t)q, r->items, lens, n, ANSWER_STRICT, &bad, why,
                                   sizeof why);
        ck_assert_msg(st == r->status, "%s: status %d, expected %d (%s)", r->name, st, r->status,
                      why);
        if (st != TRI_OK)
            ck_assert_msg(bad == r->bad, "%s: item %zu at fault, expected %zu (%s)", r->name, bad,
                          r->bad, why);
    }
    tri_session_free(s);
    tri_kb_free(kb);
}
END_TEST

/* Running out of memory is a status of its own, whatever the message: a
 * text that needs a bigger pool when no allocation succeeds any more. */
START_TEST(out_of_memory_is_a_status)
{
    tri_kb *kb = kb_from_string(rules, NULL);
    ck_assert_ptr_nonnull(kb);
    failing_alloc f;
    failing_alloc_init(&f, -1);
    tri_options opt = {0};
    opt.allocator = &f.a;
    tri_session *s = tri_session_new(kb, &opt, NULL);
    ck_assert_ptr_nonnull(s);
    f.budget = 0;
    static char text[3000];
    memset(text, 'x', sizeof text - 1);
    const char *item = text;
    size_t len = sizeof text - 1;
    char why[512];
    int q = tri_kb_question_find(kb, "story");
    tri_status st = answer_set(s, (uint32_t)q, &item, &len, 1, ANSWER_STRICT, NULL, why,
                               sizeof why);
    ck_assert_int_eq(st, TRI_OK); /* the first fits the pool: the second needs a bigger one */
    int more = tri_kb_question_find(kb, "more");
    st = answer_set(s, (uint32_t)more, &item, &len, 1, ANSWER_STRICT, NULL, why, sizeof why);
    ck_assert_int_eq(st, TRI_ERR_NOMEM);
    ck_assert_int_eq(tri_session_answer_state(s, (size_t)more), TRI_UNANSWERED);
    tri_session_free(s);
    ck_assert_int_eq(f.live, 0);
    tri_kb_free(kb);
}
END_TEST

START_TEST(unknown_of_no_question_is_an_argument_error)
{
    tri_kb *kb = kb_from_string(rules, NULL);
    ck_assert_ptr_nonnull(kb);
    tri_session *s = tri_session_new(kb, NULL, NULL);
    ck_assert_int_eq(tri_session_answer_unknown(s, 99), TRI_ERR_ARG);
    ck_assert_int_eq(tri_session_answer_unknown(s, 1), TRI_OK);
    ck_assert_int_eq(tri_session_answer_state(s, 1), TRI_ANSWER_UNKNOWN);
    tri_session_free(s);
    tri_kb_free(kb);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("answer");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, refusals_are_a_status_and_an_item);
    tcase_add_test(tc, out_of_memory_is_a_status);
    tcase_add_test(tc, unknown_of_no_question_is_an_argument_error);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
