/*
 * test_quantity.c - durations and numbers as people write them.
 */
#include <math.h>
#include <string.h>

#include "arena.h"
#include "quantity.h"
#include "rx.h"
#include "support.h"

static arena *ar;
static rx_set *set;
static rx_scratch *sc;
static qty_grammar g;

static void setup(void)
{
    ar = arena_new(NULL);
    set = rx_set_new(ar);
    ck_assert_ptr_nonnull(set);
    ck_assert_int_eq(qty_grammar_init(&g, set), TRI_OK);
    sc = rx_scratch_new(set, NULL);
}

static void teardown(void)
{
    rx_scratch_free(sc);
    arena_free(ar);
}

static const struct {
    const char *text;
    double lo, hi;
} durations[] = {
    {"2 s", 2, 2},
    {"2s", 2, 2},
    {"0.5-4 s", 0.5, 4},
    {"0.5 - 4 seconds", 0.5, 4},
    {"half a second", 0.5, 0.5},
    {"half a second to four seconds", 0.5, 4},
    {"about two seconds", 2, 2},
    {"10 min", 600, 600},
    {"10 minutes", 600, 600},
    {"3 days", 3 * 86400, 3 * 86400},
    {"5 months", 5 * 2629800, 5 * 2629800},
    {"2 weeks", 2 * 604800, 2 * 604800},
    {"1.5 hours", 5400, 5400},
    {"an hour", 3600, 3600},
    {"a few seconds", 2, 4},
    {"less than a second", 0, 1},
    {"between 1 and 2 minutes", 60, 120},
    {"3-8 min", 180, 480},
    {"twenty-five minutes", 1500, 1500},
    {"a year", 31557600, 31557600},
    {"2 yrs", 2 * 31557600, 2 * 31557600},
    {"1,5 s", 1.5, 1.5},
    {"a split second", 0.1, 0.5},
    {"Half A Second", 0.5, 0.5},
    {"250 ms", 0.25, 0.25},
    {"from 2 to 3 days", 2 * 86400, 3 * 86400},
};

START_TEST(parses_duration_phrasings)
{
    double lo, hi;
    const char *why = qty_parse_duration(&g, set, sc, durations[_i].text,
                                         strlen(durations[_i].text), &lo, &hi);
    ck_assert_msg(why == NULL, "'%s': %s", durations[_i].text, why);
    ck_assert_msg(fabs(lo - durations[_i].lo) < 1e-6 && fabs(hi - durations[_i].hi) < 1e-6,
                  "'%s': got [%g, %g], expected [%g, %g]", durations[_i].text, lo, hi,
                  durations[_i].lo, durations[_i].hi);
}
END_TEST

START_TEST(more_than_is_open_ended)
{
    double lo, hi;
    ck_assert_ptr_null(qty_parse_duration(&g, set, sc, "more than 5 minutes", 19, &lo, &hi));
    ck_assert_double_eq(lo, 300);
    ck_assert(isinf(hi));
}
END_TEST

static const char *const bad_durations[] = {
    "", "soon", "5", "five", "2 parsecs", "since September", "s", "-3 s", "1e309 s",
};

START_TEST(rejects_bad_durations)
{
    double lo, hi;
    const char *t = bad_durations[_i];
    ck_assert_msg(qty_parse_duration(&g, set, sc, t, strlen(t), &lo, &hi) != NULL,
                  "'%s' should be rejected", t);
}
END_TEST

START_TEST(missing_unit_says_so)
{
    double lo, hi;
    const char *why = qty_parse_duration(&g, set, sc, "5", 1, &lo, &hi);
    ck_assert_ptr_nonnull(why);
    ck_assert_msg(strstr(why, "unit") != NULL, "message should mention the unit: %s", why);
}
END_TEST

static const struct {
    const char *text;
    const char *unit;
    double lo, hi;
    bool ok;
} numbers[] = {
    {"25", "years", 25, 25, true},
    {"1.5", "years", 1.5, 1.5, true},
    {"twenty five", "years", 25, 25, true},
    {"25 years old", "years", 25, 25, true},
    {"25 yrs", "years", 25, 25, true},
    {"about 40", "years", 40, 40, true},
    {"20-29", "years", 20, 29, true},
    {"a hundred", NULL, 100, 100, true},
    {"old", "years", 0, 0, false},
    {"25 kg", "years", 0, 0, false},
    {"", NULL, 0, 0, false},
};

START_TEST(parses_numbers)
{
    double lo = -1, hi = -1;
    const char *t = numbers[_i].text;
    const char *why = qty_parse_number(&g, set, sc, t, strlen(t), numbers[_i].unit, &lo, &hi);
    if (!numbers[_i].ok) {
        ck_assert_msg(why != NULL, "'%s' should be rejected", t);
        return;
    }
    ck_assert_msg(why == NULL, "'%s': %s", t, why);
    ck_assert_msg(lo == numbers[_i].lo && hi == numbers[_i].hi, "'%s': got [%g, %g]", t, lo, hi);
}
END_TEST

START_TEST(formats_durations)
{
    char buf[64];
    qty_format_duration(4, buf, sizeof buf);
    ck_assert_str_eq(buf, "4 s");
    qty_format_duration(5 * 2629800, buf, sizeof buf);
    ck_assert_str_eq(buf, "5 months");
    qty_format_duration(600, buf, sizeof buf);
    ck_assert_str_eq(buf, "10 min");
}
END_TEST

START_TEST(since_a_date_is_relative_to_the_answers_day)
{
    double lo, hi;
    ck_assert_ptr_null(qty_parse_since("since 2023-02-06", 16, "2023-02-16", &lo, &hi));
    ck_assert_double_eq(lo, 10 * 86400);
    ck_assert_double_eq(hi, 10 * 86400);
    /* a month: from its last day to its first; September before February is last year's */
    ck_assert_ptr_null(qty_parse_since("since September", 15, "2023-02-16", &lo, &hi));
    ck_assert_double_eq(lo, (31 + 31 + 30 + 31 + 16) * 86400.0 - 0); /* from 2022-09-30 */
    ck_assert_double_eq(hi, (30 + 31 + 30 + 31 + 31 + 15) * 86400.0); /* from 2022-09-01 */
    ck_assert_ptr_null(qty_parse_since("since sept 2021", 15, "2023-02-16", &lo, &hi));
    ck_assert_ptr_nonnull(qty_parse_since("since 2023-03-01", 16, "2023-02-16", &lo, &hi));
    ck_assert_ptr_nonnull(qty_parse_since("since 2023-02-30", 16, "2023-03-16", &lo, &hi));
    ck_assert_ptr_nonnull(qty_parse_since("since Smarch", 12, "2023-02-16", &lo, &hi));
    ck_assert_ptr_nonnull(qty_parse_since("since 2022-09", 13, NULL, &lo, &hi));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("quantity");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, parses_duration_phrasings, 0,
                        sizeof durations / sizeof durations[0]);
    tcase_add_test(tc, more_than_is_open_ended);
    tcase_add_loop_test(tc, rejects_bad_durations, 0,
                        sizeof bad_durations / sizeof bad_durations[0]);
    tcase_add_test(tc, missing_unit_says_so);
    tcase_add_loop_test(tc, parses_numbers, 0, sizeof numbers / sizeof numbers[0]);
    tcase_add_test(tc, formats_durations);
    tcase_add_test(tc, since_a_date_is_relative_to_the_answers_day);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
