/*
 * test_story_dates.c - time since a point in the past (story_dates.c),
 * measured against the story's date, never the clock.
 */
#include "story_check.h"
#include "support.h"

/* 2023-02-16 is the seed's date. September 2022 runs from 138 to 168
 * days before it. */
#define SEED "2023-02-16"

#define E(name, text, date, words, lo, hi, set, clear)                                             \
    {                                                                                              \
        name, text, date, STORY_ELAPSED, words, lo, hi, NULL, -1, set, clear                       \
    }

static const finding_row rows[] = {
    E("since a month", "since September", SEED, "since September", 139 * DAYS, 168 * DAYS, 0,
      STORY_NEEDS_DATE),
    E("the seed's words", "This has been happening since September of last year and continues",
      SEED, "since September of last year", 139 * DAYS, 168 * DAYS, 0, 0),
    E("since last September", "since last September", SEED, "since last September", 139 * DAYS,
      168 * DAYS, 0, 0),
    E("last month of the same name is a year back", "since last February", SEED,
      "since last February", 353 * DAYS, 380 * DAYS, 0, 0),
    E("this month", "since February", SEED, "since February", 0, 15 * DAYS, 0, 0),
    E("month and year", "it started in March 2022", SEED, "started in March 2022", 322 * DAYS,
      352 * DAYS, 0, 0),
    E("a day of a month", "since 3 January", SEED, "since 3 January", 44 * DAYS, 44 * DAYS, 0, 0),
    E("ordinal day", "since the 3rd of January", SEED, "since the 3rd of January", 44 * DAYS,
      44 * DAYS, 0, 0),
    E("month then day", "began on January 3rd", SEED, "began on January 3rd", 44 * DAYS, 44 * DAYS,
      0, 0),
    E("ISO date", "since 2023-01-03", SEED, "since 2023-01-03", 44 * DAYS, 44 * DAYS, 0, 0),
    E("ISO month", "since 2022-09", SEED, "since 2022-09", 139 * DAYS, 168 * DAYS, 0, 0),
    E("a year", "since 2021", SEED, "since 2021", 412 * DAYS, 776 * DAYS, 0, 0),
    E("weeks ago", "it started 3 weeks ago", SEED, "3 weeks ago", 3 * WEEKS, 3 * WEEKS, 0, 0),
    E("about months ago is hedged", "about 5 months ago", NULL, "5 months ago", 5 * MONTHS,
      5 * MONTHS, STORY_HEDGED, 0),
    E("a few months ago", "a few months ago", NULL, "a few months ago", 2 * MONTHS, 4 * MONTHS,
      STORY_VAGUE, 0),
    E("bare months ago", "months ago", NULL, "months ago", 2 * MONTHS, 11 * MONTHS, STORY_VAGUE, 0),
    E("a year and a half ago", "a year and a half ago", NULL, "a year and a half ago", 1.5 * YEARS,
      1.5 * YEARS, 0, 0),
    E("the past weeks", "for the past 3 weeks it got worse", NULL, "for the past 3 weeks",
      3 * WEEKS, 3 * WEEKS, 0, 0),
    E("the last year", "over the last year", NULL, "over the last year", YEARS, YEARS, 0, 0),
    E("since yesterday", "since yesterday", SEED, "since yesterday", DAYS, DAYS, 0, 0),
    E("since last week", "since last week", SEED, "since last week", 7 * DAYS, 13 * DAYS, 0, 0),
    E("started last year", "it started last year", SEED, "started last year", 47 * DAYS, 411 * DAYS,
      0, 0),
    /* 2023-02-16 was a Thursday */
    E("since a weekday", "since Monday", SEED, "since Monday", 3 * DAYS, 3 * DAYS, 0, 0),
    E("since the same weekday is a week", "since Thursday", SEED, "since Thursday", 7 * DAYS,
      7 * DAYS, 0, 0),
    E("without a date", "since September", NULL, "since September", NOCHECK, NOCHECK,
      STORY_NEEDS_DATE, 0),
    E("the present month from the text", "since September, now it is February", NULL,
      "since September", 138 * DAYS, 167 * DAYS, 0, STORY_NEEDS_DATE),
    E("the seed without a date", "since September of last year and continues until now in February",
      NULL, "since September of last year", 138 * DAYS, 167 * DAYS, 0, STORY_NEEDS_DATE),
    E("a start in the future is nothing", "since 2024", SEED, NULL, NOCHECK, NOCHECK, 0, 0),
    E("since I was young is nothing", "no coffee since I was young", SEED, NULL, NOCHECK, NOCHECK,
      0, 0),
    E("since childhood is nothing", "since childhood", SEED, NULL, NOCHECK, NOCHECK, 0, 0),
    E("in March it started", "In March 2022 it started", SEED, "In March 2022", 322 * DAYS,
      352 * DAYS, 0, 0),
    E("since two years, as other languages say", "since 2 year. i am 40", NULL, "since 2 year",
      2 * YEARS, 2 * YEARS, 0, STORY_NEEDS_DATE),
    E("may is a month after since", "since may", SEED, "since may", 261 * DAYS, 291 * DAYS, 0, 0),
};

START_TEST(spans_from_dates)
{
    check_finding_row(&rows[_i]);
}
END_TEST

START_TEST(a_malformed_date_is_refused)
{
    static const char *const bad[] = {"2023-2-16",  "2023-02-30", "16/02/2023",
                                      "2023-13-01", "",           "1800-01-01"};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        arena_reset(story_ar);
        ck_assert_msg(story_parse(NULL, "since May", 9, bad[k], story_ar, &story_d) == TRI_ERR_ARG,
                      "date '%s' accepted", bad[k]);
    }
}
END_TEST

START_TEST(a_leap_day_counts)
{
    const story_doc *d = parse_story("leap", "since 2024-02-28", "2024-03-01");
    const story_finding *f = find_kind(d, STORY_ELAPSED);
    ck_assert_ptr_nonnull(f);
    ck_assert_double_eq(f->lo, 2 * DAYS);
}
END_TEST

START_TEST(may_needs_a_capital_to_name_the_present)
{
    const story_doc *d = parse_story("may", "since March, now it may be worse", NULL);
    ck_assert(!d->today_from_text);
    ck_assert(find_kind(d, STORY_ELAPSED)->flags & STORY_NEEDS_DATE);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("story_dates");
    TCase *tc = tcase_create("dates");
    tcase_add_checked_fixture(tc, story_setup, story_teardown);
    tcase_add_loop_test(tc, spans_from_dates, 0, sizeof rows / sizeof rows[0]);
    tcase_add_test(tc, a_malformed_date_is_refused);
    tcase_add_test(tc, a_leap_day_counts);
    tcase_add_test(tc, may_needs_a_capital_to_name_the_present);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
