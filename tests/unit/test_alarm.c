/*
 * test_alarm.c - emergency phrases (the `emergency:` section): an occurrence
 * counts unless an exception overlaps it in the same clause; clauses end at
 * sentence marks and turning words; `at` and `not_at`; the first phrase in
 * file order wins and the matched words are reported; the level comes from
 * the red flag; and the interview stops on an emergency in words, keeps the
 * words as an answer when they are one, and undoes it with back. Each test
 * uses the small rule file below.
 */
#include <stdlib.h>
#include <string.h>

#include "support.h"

static const char rules[] =
    "questions:\n"
    "  - id: screen\n"
    "    type: multi\n"
    "    screening: true\n"
    "    text: Any of these?\n"
    "    options: [{id: droop, text: Droop, match: droop}, {id: none, text: None}]\n"
    "  - id: timing\n"
    "    type: choice\n"
    "    text: When?\n"
    "    options: [{id: onset, text: As I fall asleep}, {id: awake, text: Awake}]\n"
    "  - {id: after, type: multi, text: Afterwards?, options: [{id: muddled, text: Muddled}, {id: none, text: None}]}\n"
    "red_flags:\n"
    "  - {id: rf_stroke, text: Stroke signs, level: emergency}\n"
    "  - {id: rf_fit, text: A fit, level: urgent}\n"
    "conditions:\n"
    "  - {id: jerk, name: Jerk, summary: A jerk., level: self_care, references: [x]}\n"
    "rules:\n"
    "  - {id: r-onset, when: {timing: onset}, then: [{support: {jerk: 0.6}}], because: onset}\n"
    "  - {id: r-droop, when: {screen: droop}, then: [{red_flag: rf_stroke}], because: droop, safety_net: droop}\n"
    "emergency:\n"
    "  - id: stroke\n"
    "    red_flag: rf_stroke\n"
    "    text: Signs of a stroke\n"
    "    advice: Note the time.\n"
    "    match: ['\\bstroke\\b', 'droop']\n"
    "    unless: ['\\bno\\b[^,]*\\bstroke', 'stroke in the family']\n"
    "    references: [x]\n"
    "  - id: fit\n"
    "    red_flag: rf_fit\n"
    "    text: A fit\n"
    "    advice: Keep them safe.\n"
    "    match: '\\bfit(ting)?\\b'\n"
    "    unless: 'fit of laughter'\n"
    "    not_at: [after]\n"
    "    references: [x]\n"
    "  - id: muddled\n"
    "    level: emergency\n"
    "    text: Sudden confusion\n"
    "    advice: Call.\n"
    "    match: muddled\n"
    "    not_at: after\n"
    "    references: [x]\n"
    "  - id: yes\n"
    "    at: [screen]\n"
    "    text: An emergency sign\n"
    "    advice: Say which.\n"
    "    match: '^\\W*yes\\b'\n"
    "    references: [x]\n";

static tri_kb *kb;
static tri_session *s;

static void setup(void)
{
    collected c;
    kb = kb_from_string(rules, &c);
    ck_assert_msg(kb != NULL, "rules did not load:\n%s", c.text);
    s = tri_session_new(kb, NULL, NULL);
    ck_assert(s != NULL);
}

static void teardown(void)
{
    tri_session_free(s);
    tri_kb_free(kb);
}

static int qi(const char *id)
{
    int q = tri_kb_question_find(kb, id);
    ck_assert_msg(q >= 0, "no question '%s'", id);
    return q;
}

START_TEST(phrases_and_exceptions)
{
    static const struct {
        const char *question; /* NULL: no particular question */
        const char *text;
        const char *phrase;   /* NULL: no alarm */
        const char *words;    /* the words that matched */
    } rows[] = {
        {NULL, "I think I'm having a stroke", "stroke", "stroke"},
        {NULL, "STROKE", "stroke", "STROKE"},
        {NULL, "no stroke", NULL, NULL},
        {NULL, "no stroke in the family", NULL, NULL},
        {NULL, "a stroke in the family", NULL, NULL},
        /* the exception's scope ends at a comma (as the pattern says) and at a clause */
        {NULL, "no, I think it is a stroke", "stroke", "stroke"},
        {NULL, "no headache but I think I'm having a stroke", "stroke", "stroke"},
        {NULL, "no headache. A stroke?", "stroke", "stroke"},
        {NULL, "no pain; stroke", "stroke", "stroke"},
        /* an exception covers only the occurrence it overlaps */
        {NULL, "a fit of laughter", NULL, NULL},
        {NULL, "I had a fit of laughter and now he is fitting", "fit", "fitting"},
        {NULL, "a fit of laughter, then a fit", "fit", "fit"},
        /* file order: the first phrase that counts */
        {NULL, "a fit and a stroke", "stroke", "stroke"},
        {NULL, "my face drooped", "stroke", "droop"},
        /* at and not_at */
        {"screen", "yes", "yes", "yes"},
        {"screen", "Yes, 1", "yes", "Yes"},
        {"timing", "yes", NULL, NULL},
        {NULL, "yes", NULL, NULL},
        {"after", "he is fitting", NULL, NULL},
        {"after", "muddled", NULL, NULL},
        {"timing", "muddled", "muddled", "muddled"},
        {"after", "a stroke", "stroke", "stroke"},
        {NULL, "yesterday", NULL, NULL},
        {NULL, "", NULL, NULL},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        tri_alarm a;
        int q = rows[i].question ? qi(rows[i].question) : -1;
        bool got = tri_session_alarm(s, q, rows[i].text, &a);
        ck_assert_msg(got == (rows[i].phrase != NULL), "row %zu '%s': alarm %s, expected %s", i,
                      rows[i].text, got ? tri_alarm_id(kb, a.phrase) : "none",
                      rows[i].phrase ? rows[i].phrase : "none");
        if (!got)
            continue;
        ck_assert_msg(!strcmp(tri_alarm_id(kb, a.phrase), rows[i].phrase),
                      "row %zu '%s': phrase '%s', expected '%s'", i, rows[i].text,
                      tri_alarm_id(kb, a.phrase), rows[i].phrase);
        size_t n = strlen(rows[i].words);
        ck_assert_msg(a.end - a.begin == n && !strncmp(rows[i].text + a.begin, rows[i].words, n),
                      "row %zu '%s': matched '%.*s', expected '%s'", i, rows[i].text,
                      (int)(a.end - a.begin), rows[i].text + a.begin, rows[i].words);
    }
}
END_TEST

START_TEST(accessors)
{
    ck_assert_uint_eq(tri_kb_alarm_count(kb), 4);
    ck_assert_str_eq(tri_alarm_id(kb, 0), "stroke");
    ck_assert_int_eq(tri_alarm_level(kb, 0), TRI_LEVEL_EMERGENCY);
    ck_assert_int_eq(tri_alarm_red_flag(kb, 0), tri_kb_red_flag_find(kb, "rf_stroke"));
    ck_assert_int_eq(tri_alarm_level(kb, 1), TRI_LEVEL_URGENT); /* the red flag's level */
    ck_assert_int_eq(tri_alarm_red_flag(kb, 2), -1);
    ck_assert_str_eq(tri_alarm_text(kb, 1, NULL), "A fit");
    ck_assert_str_eq(tri_alarm_advice(kb, 1, "fr"), "Keep them safe.");
    ck_assert(tri_alarm_id(kb, 4) == NULL);
    /* out-of-range question, invalid UTF-8: no alarm, no crash */
    ck_assert(!tri_session_alarm(s, 99, "stroke", NULL));
    ck_assert(!tri_session_alarm(s, -1, "stroke \xff", NULL));
}
END_TEST

/* A long pasted answer is read to its end, each exception searched once per
 * clause (this took minutes when every occurrence searched afresh). */
START_TEST(long_text_read_to_the_end)
{
    static const char piece[] = "no stroke, no stroke, ";
    size_t n = 3200, len = n * (sizeof piece - 1);
    char *text = malloc(len + 64);
    ck_assert(text != NULL);
    for (size_t i = 0; i < n; i++)
        memcpy(text + i * (sizeof piece - 1), piece, sizeof piece - 1);
    strcpy(text + len, "and now a stroke");
    tri_alarm a;
    ck_assert(tri_session_alarm(s, -1, text, &a));
    ck_assert_uint_eq(a.begin, len + 10);
    text[len] = '\0';
    ck_assert(!tri_session_alarm(s, -1, text, NULL));
    free(text);
}
END_TEST

START_TEST(interview_stops_and_back_resumes)
{
    tri_interview *iv = tri_interview_new(s, NULL, NULL);
    ck_assert(iv != NULL);
    tri_next nx;
    ck_assert(tri_interview_next(iv, &nx));
    ck_assert_uint_eq(nx.question, (size_t)qi("screen"));
    /* words that are also an answer: the alarm, and the answer kept */
    tri_error err;
    ck_assert_int_eq(tri_interview_answer(iv, nx.question, "my face drooped", &err), TRI_OK);
    const tri_alarm *a = tri_interview_alarm(iv);
    ck_assert(a != NULL);
    ck_assert_str_eq(tri_alarm_id(kb, a->phrase), "stroke");
    ck_assert_str_eq(tri_session_answer_text(s, nx.question), "[droop]");
    ck_assert(!tri_interview_next(iv, NULL));
    ck_assert_str_eq(tri_interview_stop_reason(iv), "an answer describes an emergency");
    /* back undoes both */
    ck_assert_int_eq(tri_interview_back(iv), qi("screen"));
    ck_assert(tri_interview_alarm(iv) == NULL);
    ck_assert_int_eq(tri_session_answer_state(s, nx.question), TRI_UNANSWERED);
    ck_assert(tri_interview_next(iv, &nx));
    /* "yes, droop": the words after the match are the answer */
    ck_assert_int_eq(tri_interview_answer(iv, nx.question, "yes, droop", &err), TRI_OK);
    ck_assert(tri_interview_alarm(iv) != NULL);
    ck_assert_str_eq(tri_session_answer_text(s, nx.question), "[droop]");
    ck_assert_int_eq(tri_interview_back(iv), qi("screen"));
    /* words that are not an answer: nothing kept; back only clears the alarm */
    ck_assert_int_eq(tri_interview_answer(iv, nx.question, "none", &err), TRI_OK);
    ck_assert(tri_interview_next(iv, &nx));
    ck_assert_uint_eq(nx.question, (size_t)qi("timing"));
    ck_assert_int_eq(tri_interview_answer(iv, nx.question, "he is fitting!", &err), TRI_OK);
    ck_assert(tri_interview_alarm(iv) != NULL);
    ck_assert_int_eq(tri_session_answer_state(s, nx.question), TRI_UNANSWERED);
    ck_assert_uint_eq(tri_interview_asked(iv), 1);
    ck_assert_int_eq(tri_interview_back(iv), qi("timing"));
    ck_assert(tri_interview_alarm(iv) == NULL);
    ck_assert_str_eq(tri_session_answer_text(s, qi("screen")), "[none]");
    ck_assert(tri_interview_next(iv, &nx));
    ck_assert_uint_eq(nx.question, (size_t)qi("timing"));
    /* ordinary words go on as before */
    ck_assert_int_eq(tri_interview_answer(iv, nx.question, "awake", &err), TRI_OK);
    ck_assert(tri_interview_alarm(iv) == NULL);
    tri_interview_free(iv);
}
END_TEST

static Suite *suite(void)
{
    Suite *su = suite_create("alarm");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, phrases_and_exceptions);
    tcase_add_test(tc, accessors);
    tcase_add_test(tc, long_text_read_to_the_end);
    tcase_add_test(tc, interview_stops_and_back_resumes);
    suite_add_tcase(su, tc);
    return su;
}

int main(void)
{
    return run_suite(suite());
}
