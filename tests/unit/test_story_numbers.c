/*
 * test_story_numbers.c - numbers, lengths of time and frequencies in a
 * story (story_numbers.c), and the mapping of frequencies to options.
 */
#include "story_check.h"
#include "story_internal.h"
#include "support.h"

/* ---- numbers as words ------------------------------------------------- */

static const struct {
    const char *name, *text;
    double lo, hi;
} number_rows[] = {
    {"digits", "25", 25, 25},
    {"decimal", "0.5", 0.5, 0.5},
    {"half", "half", 0.5, 0.5},
    {"half a", "half a", 0.5, 0.5},
    {"a couple of", "a couple of", 2, 2},
    {"a few", "a few", 2, 4},
    {"several", "several", 3, 7},
    {"a dozen", "a dozen", 12, 12},
    {"dozens of", "dozens of", 24, 100},
    {"a handful of", "a handful of", 3, 6},
    {"twenty-five", "twenty-five", 25, 25},
    {"twenty five", "twenty five", 25, 25},
    {"a hundred and twenty", "one hundred and twenty", 120, 120},
    {"one and a half", "one and a half", 1.5, 1.5},
    {"one to four", "one to four", 1, 4},
    {"3-4", "3-4", 3, 4},
    {"20~29", "20~29", 20, 29},
    {"between 1 and 2", "between 1 and 2", 1, 2},
    {"2 or 3", "2 or 3", 2, 3},
    {"a split", "a split", 0.1, 0.5},
    {"many", "many", 6, 50},
    {"1 and a half", "1 and a half", 1.5, 1.5},
};

START_TEST(number_words_read_as_values)
{
    const story_doc *d = parse_story(number_rows[_i].name, number_rows[_i].text, NULL);
    story_num n;
    ck_assert_msg(story_number_range(d, 0, d->ntokens, &n), "%s: not read as a number",
                  number_rows[_i].name);
    ck_assert_msg(n.end == d->ntokens, "%s: read %u of %u tokens", number_rows[_i].name, n.end,
                  d->ntokens);
    ck_assert_msg(close_to(n.lo, number_rows[_i].lo) && close_to(n.hi, number_rows[_i].hi),
                  "%s: %g..%g, expected %g..%g", number_rows[_i].name, n.lo, n.hi,
                  number_rows[_i].lo, number_rows[_i].hi);
}
END_TEST

START_TEST(words_that_are_not_numbers)
{
    static const char *const texts[] = {"a", "the", "some pain", "and", "-", "half-hearted"};
    for (size_t k = 0; k < sizeof texts / sizeof texts[0]; k++) {
        const story_doc *d = parse_story(texts[k], texts[k], NULL);
        story_num n;
        bool ok = story_number_range(d, 0, d->ntokens, &n);
        ck_assert_msg(!ok || n.end < d->ntokens, "'%s': read as the number %g", texts[k], n.lo);
    }
}
END_TEST

/* ---- lengths of time, frequencies, bare numbers ---------------------- */

#define F(name, text, kind, words, lo, hi, option, extra, set, clear)                              \
    {                                                                                              \
        name, text, NULL, kind, words, lo, hi, option, extra, set, clear                           \
    }

static const finding_row rows[] = {
    /* durations */
    F("range with unit", "it lasts 0.5-4 s", STORY_DURATION, "0.5-4 s", 0.5, 4, NULL, -1, 0, 0),
    F("glued range", "twitch 0.5-4s long", STORY_DURATION, "0.5-4s", 0.5, 4, NULL, -1, 0, 0),
    F("the seed's words", "lasts from half a second to four seconds", STORY_DURATION,
      "from half a second to four seconds", 0.5, 4, NULL, -1, 0, 0),
    F("a second or two", "it lasts a second or two", STORY_DURATION, "a second or two", 1, 2, NULL,
      -1, 0, 0),
    F("a split second", "just a split second", STORY_DURATION, "a split second", 0.1, 0.5, NULL, -1,
      STORY_VAGUE, 0),
    F("a few seconds", "for a few seconds", STORY_DURATION, "a few seconds", 2, 4, NULL, -1,
      STORY_VAGUE, 0),
    F("less than a minute", "less than a minute each time", STORY_DURATION, "less than a minute", 0,
      60, NULL, -1, 0, 0),
    F("more than five minutes", "more than five minutes", STORY_DURATION, "more than five minutes",
      300, INFINITY, NULL, -1, 0, 0),
    F("five plus minutes", "it went on 5+ minutes", STORY_DURATION, "5+ minutes", 300, INFINITY,
      NULL, -1, 0, 0),
    F("an hour and a half", "an hour and a half", STORY_DURATION, "an hour and a half", 5400, 5400,
      NULL, -1, 0, 0),
    F("glued unit", "about 30secs", STORY_DURATION, "30secs", 30, 30, NULL, -1, STORY_HEDGED, 0),
    F("unit abbreviation", "2-3 sec. each", STORY_DURATION, "2-3 sec.", 2, 3, NULL, -1, 0, 0),
    F("months", "for 5 months now", STORY_DURATION, "5 months", 5 * MONTHS, 5 * MONTHS, NULL, -1, 0,
      0),
    F("three to four years", "habit for three to four years", STORY_DURATION, "three to four years",
      3 * YEARS, 4 * YEARS, NULL, -1, 0, 0),
    F("between two units", "between 1 and 2 minutes", STORY_DURATION, "between 1 and 2 minutes", 60,
      120, NULL, -1, 0, 0),
    F("bare plural unit", "it lasts seconds", STORY_DURATION, "seconds", 2, 59, NULL, -1,
      STORY_VAGUE, 0),
    F("a minute or so is hedged", "a minute or so", STORY_DURATION, "a minute", 60, 60, NULL, -1,
      STORY_HEDGED, 0),
    F("milliseconds", "250 ms", STORY_DURATION, "250 ms", 0.25, 0.25, NULL, -1, 0, 0),
    F("a second time is not a duration", "it happened a second time", STORY_DURATION, NULL, NOCHECK,
      NOCHECK, NULL, -1, 0, 0),
    F("5m glued is minutes", "5m", STORY_DURATION, "5m", 300, 300, NULL, -1, 0, 0),
    F("m apart is not minutes", "5 m", STORY_DURATION, NULL, NOCHECK, NOCHECK, NULL, -1, 0, 0),
    F("every five minutes is not a duration", "every 5 minutes", STORY_DURATION, NULL, NOCHECK,
      NOCHECK, NULL, -1, 0, 0),
    F("a day after a count is a rate", "i drink 2 coffees a day", STORY_DURATION, NULL, NOCHECK,
      NOCHECK, NULL, -1, 0, 0),
    F("for a day is a length", "it went on for a day", STORY_DURATION, "a day", DAYS, DAYS, NULL,
      -1, 0, 0),
    F("the full stop is not the unit's", "for about a year. 55 now", STORY_DURATION, "a year",
      YEARS, YEARS, NULL, -1, 0, 0),
    /* frequencies */
    F("once or twice a night", "once or twice a night", STORY_FREQUENCY, "once or twice a night", 1,
      2, "few_per_night", STORY_PER_NIGHT, 0, 0),
    F("one to four times a night", "happens one to four times a night", STORY_FREQUENCY,
      "one to four times a night", 1, 4, "few_per_night", STORY_PER_NIGHT, 0, 0),
    F("several times a day", "several times a day", STORY_FREQUENCY, "several times a day", 3, 7,
      "few_per_day", STORY_PER_DAY, STORY_VAGUE, 0),
    F("3-4x/week", "3-4x/week", STORY_FREQUENCY, "3-4x/week", 3, 4, "few_per_week", STORY_PER_WEEK,
      0, 0),
    F("every night", "it comes every night", STORY_FREQUENCY, "every night", 1, 1, "few_per_night",
      STORY_PER_NIGHT, 0, 0),
    F("all day long", "twitching all day long", STORY_FREQUENCY, "all day long", INFINITY, INFINITY,
      "many_per_day", STORY_PER_DAY, 0, 0),
    F("all night", "jerking all night", STORY_FREQUENCY, "all night", INFINITY, INFINITY,
      "many_per_night", STORY_PER_NIGHT, 0, 0),
    F("many times a night", "many times a night", STORY_FREQUENCY, "many times a night", 6, 50,
      "many_per_night", STORY_PER_NIGHT, 0, 0),
    F("dozens of times a day", "dozens of times a day", STORY_FREQUENCY, "dozens of times a day",
      24, 100, "many_per_day", STORY_PER_DAY, 0, 0),
    F("twice a month", "maybe twice a month", STORY_FREQUENCY, "twice a month", 2, 2,
      "few_per_month", STORY_PER_MONTH, STORY_HEDGED, 0),
    F("every other day", "every other day", STORY_FREQUENCY, "every other day", 3.5, 3.5,
      "few_per_week", STORY_PER_WEEK, 0, 0),
    F("every few days", "every few days", STORY_FREQUENCY, "every few days", 1.75, 3.5,
      "few_per_week", STORY_PER_WEEK, 0, 0),
    F("every few minutes", "every few minutes", STORY_FREQUENCY, "every few minutes", 240, 480,
      "many_per_day", STORY_PER_DAY, 0, 0),
    F("constantly", "it twitches constantly", STORY_FREQUENCY, "constantly", INFINITY, INFINITY,
      "continuous", STORY_PER_CONTINUOUS, 0, 0),
    F("never stops holds its own never", "it never stops", STORY_FREQUENCY, "never stops", INFINITY,
      INFINITY, "continuous", STORY_PER_CONTINUOUS, 0, STORY_NEGATED),
    F("only once", "it has only happened once", STORY_FREQUENCY, "once", 1, 1, "once_or_twice",
      STORY_PER_EVER, 0, 0),
    F("once or twice ever", "once or twice ever", STORY_FREQUENCY, "once or twice ever", 1, 2,
      "once_or_twice", STORY_PER_EVER, 0, 0),
    F("once as a conjunction", "once I fall asleep it starts", STORY_FREQUENCY, NULL, NOCHECK,
      NOCHECK, NULL, -1, 0, 0),
    F("nightly", "it happens nightly", STORY_FREQUENCY, "nightly", 1, 1, "few_per_night",
      STORY_PER_NIGHT, 0, 0),
    F("daily routine is not a frequency", "my daily routine is normal", STORY_FREQUENCY, NULL,
      NOCHECK, NOCHECK, NULL, -1, 0, 0),
    F("per day without times", "Twitches: 10-15 per day", STORY_FREQUENCY, "10-15 per day", 10, 15,
      "many_per_day", STORY_PER_DAY, 0, 0),
    F("nights a week", "3 nights a week", STORY_FREQUENCY, "3 nights a week", 3, 3, "few_per_week",
      STORY_PER_WEEK, 0, 0),
    F("most nights", "most nights", STORY_FREQUENCY, "most nights", 1, 1, "few_per_night",
      STORY_PER_NIGHT, 0, 0),
    F("at night", "twice at night", STORY_FREQUENCY, "twice at night", 2, 2, "few_per_night",
      STORY_PER_NIGHT, 0, 0),
    F("once a year is not mapped", "once a year", STORY_FREQUENCY, "once a year", 1, 1, "",
      STORY_PER_YEAR, 0, 0),
    F("a rate in seconds at night", "she kicks every 20-40 seconds during the night",
      STORY_FREQUENCY, "every 20-40 seconds", 720, 1440, "many_per_night", STORY_PER_NIGHT, 0, 0),
    F("a rate in minutes by day", "every 10 minutes at work", STORY_FREQUENCY, "every 10 minutes",
      96, 96, "many_per_day", STORY_PER_DAY, 0, 0),
    F("ten times a week is daily", "10 times a week", STORY_FREQUENCY, "10 times a week", 10 / 7.0,
      10 / 7.0, "few_per_day", STORY_PER_DAY, 0, 0),
    /* bare numbers */
    F("a bare number", "at 8 AM", STORY_NUMBER, "8", 8, 8, NULL, -1, 0, 0),
    F("a range of digits", "score 20-29", STORY_NUMBER, "20-29", 20, 29, NULL, -1, 0, 0),
    F("used numbers are not bare", "3 times a night", STORY_NUMBER, NULL, NOCHECK, NOCHECK, NULL,
      -1, 0, 0),
};

START_TEST(quantities_are_found)
{
    check_finding_row(&rows[_i]);
}
END_TEST

/* A knowledge base may map frequencies its own way. */
START_TEST(the_vocabulary_maps_frequencies)
{
    static const story_frequency_rule mine[] = {
        {"rare", STORY_PER_NIGHT, 0, 2},
        {"often", STORY_PER_NIGHT, 2, INFINITY},
    };
    story_vocab v = {NULL, 0, mine, 2, 0, 0};
    static const char text[] = "once a night, then 3 times a night, then twice a week";
    arena_reset(story_ar);
    ck_assert_int_eq(story_parse(&v, text, strlen(text), NULL, story_ar, &story_d), TRI_OK);
    const story_doc *d = &story_d;
    const story_finding *a = find_words(d, STORY_FREQUENCY, "once a night");
    const story_finding *b = find_words(d, STORY_FREQUENCY, "3 times a night");
    const story_finding *c = find_words(d, STORY_FREQUENCY, "twice a week");
    ck_assert_msg(a && b && c, "found: %s", describe(d));
    ck_assert_str_eq(a->option, "rare");
    ck_assert_uint_eq(a->entry, 0);
    ck_assert_str_eq(b->option, "often");
    ck_assert_ptr_null(c->option); /* no rule for weeks */
    ck_assert_uint_eq(c->entry, STORY_NO_ENTRY);
    /* and with no sites in the vocabulary, no sites are found */
    ck_assert_ptr_null(find_kind(d, STORY_SITE));
}
END_TEST

START_TEST(durations_keep_their_intro)
{
    const story_doc *d = parse_story(
        "intro", "The twitching usually lasts from half a second to four seconds", NULL);
    const story_finding *f = find_kind(d, STORY_DURATION);
    ck_assert_ptr_nonnull(f);
    ck_assert(story_introduced_by(d, f, "last*"));
    ck_assert(story_introduced_by(d, f, "usually lasts"));
    ck_assert(!story_introduced_by(d, f, "for"));
    d = parse_story("intro for", "I have had it for about 5 months", NULL);
    f = find_kind(d, STORY_DURATION);
    ck_assert_ptr_nonnull(f);
    ck_assert(story_introduced_by(d, f, "for"));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("story_numbers");
    TCase *tc = tcase_create("numbers");
    tcase_add_checked_fixture(tc, story_setup, story_teardown);
    tcase_add_loop_test(tc, number_words_read_as_values, 0,
                        sizeof number_rows / sizeof number_rows[0]);
    tcase_add_test(tc, words_that_are_not_numbers);
    tcase_add_loop_test(tc, quantities_are_found, 0, sizeof rows / sizeof rows[0]);
    tcase_add_test(tc, the_vocabulary_maps_frequencies);
    tcase_add_test(tc, durations_keep_their_intro);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
