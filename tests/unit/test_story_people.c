/*
 * test_story_people.c - who the story is about, and their age and sex
 * (story_people.c).
 */
#include "story_check.h"
#include "support.h"

#define AGE(name, text, words, lo, hi, who)                                                        \
    {                                                                                              \
        name, text, NULL, STORY_AGE, words, lo, hi, NULL, who, 0, 0                                \
    }
#define SEX(name, text, words, sex)                                                                \
    {                                                                                              \
        name, text, NULL, STORY_SEX, words, NOCHECK, NOCHECK, NULL, sex, 0, 0                      \
    }

static const finding_row rows[] = {
    AGE("y/o", "25 y/o, eye twitch", "25 y/o", 25, 25, STORY_WHO_SELF),
    AGE("yo glued", "25yo female", "25yo", 25, 25, STORY_WHO_SELF),
    AGE("years old", "I am 25 years old", "25 years old", 25, 25, STORY_WHO_SELF),
    AGE("age and sex glued", "45F, twitching cheek", "45F", 45, 45, STORY_WHO_SELF),
    AGE("sex then age", "F45 twitching cheek", "F45", 45, 45, STORY_WHO_SELF),
    AGE("capital M then age", "M34 here", "M34", 34, 34, STORY_WHO_SELF),
    AGE("a 30-year-old", "I'm a 30-year-old woman", "30-year-old", 30, 30, STORY_WHO_SELF),
    AGE("my 7-year-old", "my 7-year-old has twitches", "7-year-old", 7, 7, STORY_WHO_CHILD),
    AGE("my 7 yo", "my 7 yo keeps blinking", "7 yo", 7, 7, STORY_WHO_CHILD),
    AGE("I'm 62", "I'm 62 and my eyelid twitches", "62", 62, 62, STORY_WHO_SELF),
    AGE("he is 7", "My son has tics, he is 7.", "7", 7, 7, STORY_WHO_CHILD),
    AGE("aged 3", "my daughter, aged 3, jerks", "aged 3", 3, 3, STORY_WHO_CHILD),
    AGE("18 months old", "My son is 18 months old", "18 months old", 1.5, 1.5, STORY_WHO_CHILD),
    AGE("weeks old", "our baby is 6 weeks old", "6 weeks old", 6 * 7 / 365.25, 6 * 7 / 365.25,
        STORY_WHO_CHILD),
    AGE("in my twenties", "I'm in my twenties", "in my twenties", 20, 29, STORY_WHO_SELF),
    AGE("in her early 40s", "My mum is in her early 40s", "in her early 40s", 40, 43,
        STORY_WHO_OTHER),
    AGE("mid-thirties", "I'm mid-thirties", "mid-thirties", 33, 36, STORY_WHO_SELF),
    AGE("the seed's range", "J, 20~29 year old female.", "20~29 year old", 20, 29, STORY_WHO_SELF),
    AGE("in brackets after a person", "my husband (58) kicks at night", "58", 58, 58,
        STORY_WHO_PARTNER),
    AGE("between commas after a person", "My son, 7, has tics", "7", 7, 7, STORY_WHO_CHILD),
    AGE("age colon", "Age: 45", "Age: 45", 45, 45, STORY_WHO_SELF),
    AGE("turned", "I just turned 40", "40", 40, 40, STORY_WHO_SELF),
    AGE("number word", "she is seven years old", "seven years old", 7, 7, STORY_WHO_CHILD),
    AGE("age and sex in brackets", "Hi (45, F) here", "45, F", 45, 45, STORY_WHO_SELF),
    AGE("a number and a letter alone", "I woke up and couldn't move. 24 m", "24", 24, 24,
        STORY_WHO_SELF),
    AGE("a letter and a number alone", "i drink 2 coffees a day. f 31", "31", 31, 31,
        STORY_WHO_SELF),
    AGE("a number and a word", "It lasts a minute. 54, male.", "54", 54, 54, STORY_WHO_SELF),
    AGE("a word and a number first", "Female, 34, twitching eye", "34", 34, 34, STORY_WHO_SELF),
    AGE("metres are not an age", "I ran 5 m", NULL, NOCHECK, NOCHECK, -1),
    AGE("an age with no possessive", "3yo jerks all over just as she falls asleep", "3yo", 3, 3,
        STORY_WHO_CHILD),
    AGE("since age 3 is not an age", "tics since age 3", NULL, NOCHECK, NOCHECK, -1),
    AGE("for 3 years is not an age", "for 3 years", NULL, NOCHECK, NOCHECK, -1),
    AGE("the time is not an age", "it is 5 am", NULL, NOCHECK, NOCHECK, -1),
    AGE("months pregnant is not an age", "I'm 5 months pregnant", NULL, NOCHECK, NOCHECK, -1),
    AGE("a teenager has no age", "my son is a teenager", NULL, NOCHECK, NOCHECK, -1),
    AGE("an age over 120 is not one", "I am 200 years old", NULL, NOCHECK, NOCHECK, -1),
    SEX("from the age", "45F, twitching cheek", "45F", STORY_SEX_FEMALE),
    SEX("said of oneself", "I'm a woman and my eye twitches", "woman", STORY_SEX_FEMALE),
    SEX("before an age", "female, 25", "female", STORY_SEX_FEMALE),
    SEX("from the noun", "My son has tics", "son", STORY_SEX_MALE),
    SEX("from a pronoun", "my kid jerks when she falls asleep", "she", STORY_SEX_FEMALE),
    SEX("capital M", "M34 here", "M34", STORY_SEX_MALE),
    SEX("a man seen is not the narrator", "I saw a man in the street", NULL, -1),
    SEX("a letter in brackets", "I (F) have twitches", "F", STORY_SEX_FEMALE),
    SEX("after an age", "I'm a 30-year-old man", "man", STORY_SEX_MALE),
    SEX("a letter alone after a number", "I woke up. 24 m", "m", STORY_SEX_MALE),
    SEX("a word alone after a number", "It lasts a minute. 54, male.", "male", STORY_SEX_MALE),
};

START_TEST(ages_and_sex)
{
    check_finding_row(&rows[_i]);
}
END_TEST

/* The person an age or sex belongs to is the one said with it. */
START_TEST(ages_belong_to_their_person)
{
    const story_doc *d =
        parse_story("two ages", "I'm 38 and my daughter is 9. Her eyelid twitches.", NULL);
    const story_finding *mine = find_words(d, STORY_AGE, "38");
    const story_finding *hers = find_words(d, STORY_AGE, "9");
    ck_assert_msg(mine && hers, "found: %s", describe(d));
    ck_assert_uint_eq(mine->person, 0);
    ck_assert_int_eq(d->persons[hers->person].who, STORY_WHO_CHILD);
    ck_assert_uint_eq(hers->person, d->subject);
    /* two ages, but of two people: no contradiction */
    ck_assert_uint_eq(d->nconflicts, 0);
}
END_TEST

static const struct {
    const char *name, *text;
    int about;         /* the subject's story_who */
    const char *words; /* NULL: nothing more */
    int who;           /* story_who of the person of words */
    bool of_subject;   /* whether words are about the subject */
} subject_rows[] = {
    {"self by default", "My eye twitches at night", STORY_WHO_SELF, "eye", STORY_WHO_SELF, true},
    {"parent writing of a son", "My son has a twitch in his eye", STORY_WHO_CHILD, "his eye",
     STORY_WHO_CHILD, true},
    {"a child by age", "my 7 yo keeps blinking", STORY_WHO_CHILD, NULL, 0, true},
    {"a partner", "My husband jerks in his sleep, he kicks me", STORY_WHO_PARTNER, "kicks",
     STORY_WHO_PARTNER, true},
    {"a partner as witness", "My husband says I jerk in my sleep", STORY_WHO_SELF, "jerk",
     STORY_WHO_SELF, true},
    {"a parent as witness", "I noticed my daughter blinking hard", STORY_WHO_CHILD, "blinking",
     STORY_WHO_CHILD, true},
    {"a worried parent", "I'm worried about my son. He blinks a lot.", STORY_WHO_CHILD, "blinks",
     STORY_WHO_CHILD, true},
    {"a child in passing", "I've had a twitch in my left eyelid since my son was born",
     STORY_WHO_SELF, "twitch", STORY_WHO_SELF, true},
    {"a relative as the subject", "My mother (78) has twitching around her eye", STORY_WHO_OTHER,
     "her eye", STORY_WHO_OTHER, true},
    {"someone not named", "She is 7 and her eye twitches", STORY_WHO_CHILD, NULL, 0, true},
    {"family history", "My eye twitches. No stroke in the family.", STORY_WHO_SELF, "stroke",
     STORY_WHO_FAMILY, false},
    {"family history with I", "I have no stroke in my family", STORY_WHO_SELF, "stroke",
     STORY_WHO_FAMILY, false},
    {"a relative's illness", "My eye twitches. My dad had a stroke.", STORY_WHO_SELF, "stroke",
     STORY_WHO_OTHER, false},
    {"the parent's own twitch", "My son jerks at night. I get eyelid twitches too.",
     STORY_WHO_CHILD, "eyelid", STORY_WHO_SELF, false},
    {"her read as the subject", "My daughter is 9. Her left eyelid keeps twitching when she reads.",
     STORY_WHO_CHILD, "left eyelid", STORY_WHO_CHILD, true},
    {"we noticed", "We noticed our baby jerks when falling asleep", STORY_WHO_CHILD, "jerks",
     STORY_WHO_CHILD, true},
    {"a pronoun skips a witness", "My kid has jerks at night. Mom says I had the same. She is 4.",
     STORY_WHO_CHILD, "4", STORY_WHO_CHILD, true},
    {"the next sentence is the subject's",
     "My eye twitches. My mom had Bell's palsy. It started in March.", STORY_WHO_SELF, "started",
     STORY_WHO_SELF, true},
};

START_TEST(who_the_story_is_about)
{
    const story_doc *d = parse_story(subject_rows[_i].name, subject_rows[_i].text, NULL);
    int about = d->persons[d->subject].who;
    ck_assert_msg(about == subject_rows[_i].about, "%s: about '%s', expected '%s'",
                  subject_rows[_i].name, story_who_names[about],
                  story_who_names[subject_rows[_i].about]);
    if (!subject_rows[_i].words)
        return;
    uint32_t s, e;
    ck_assert_msg(locate(d, subject_rows[_i].words, &s, &e), "%s: no '%s'", subject_rows[_i].name,
                  subject_rows[_i].words);
    unsigned p = story_subject(d, s, e);
    ck_assert_msg((int)d->persons[p].who == subject_rows[_i].who,
                  "%s: '%s' is about '%s', expected '%s'", subject_rows[_i].name,
                  subject_rows[_i].words, story_who_names[d->persons[p].who],
                  story_who_names[subject_rows[_i].who]);
    ck_assert_msg(story_is_about_subject(d, s, e) == subject_rows[_i].of_subject,
                  "%s: '%s' about the subject is not %d", subject_rows[_i].name,
                  subject_rows[_i].words, subject_rows[_i].of_subject);
}
END_TEST

START_TEST(persons_keep_their_words)
{
    const story_doc *d =
        parse_story("persons", "Hi. My daughter (9) and my son both twitch.", NULL);
    ck_assert_uint_eq(d->npersons, 3);
    ck_assert(span_is(d, d->persons[1].start, d->persons[1].end, "My daughter"));
    ck_assert_str_eq(d->persons[1].term, "daughter");
    ck_assert_int_eq(d->persons[1].sex, STORY_SEX_FEMALE);
    ck_assert_str_eq(d->persons[2].term, "son");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("story_people");
    TCase *tc = tcase_create("people");
    tcase_add_checked_fixture(tc, story_setup, story_teardown);
    tcase_add_loop_test(tc, ages_and_sex, 0, sizeof rows / sizeof rows[0]);
    tcase_add_test(tc, ages_belong_to_their_person);
    tcase_add_loop_test(tc, who_the_story_is_about, 0,
                        sizeof subject_rows / sizeof subject_rows[0]);
    tcase_add_test(tc, persons_keep_their_words);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
