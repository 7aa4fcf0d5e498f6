/*
 * test_story_sites.c - body sites and their side (story_sites.c), with the
 * default vocabulary and with one a knowledge base supplies.
 */
#include "story_check.h"
#include "support.h"

#define SITE(name, text, words, option, side, set, clear)                                          \
    {                                                                                              \
        name, text, NULL, STORY_SITE, words, NOCHECK, NOCHECK, option, side, set, clear            \
    }
#define SIDE(name, text, words, side)                                                              \
    {                                                                                              \
        name, text, NULL, STORY_SIDE, words, NOCHECK, NOCHECK, NULL, side, 0, 0                    \
    }

static const finding_row rows[] = {
    SITE("left cheekbone", "twitching from my left cheekbone", "my left cheekbone", "cheek",
         STORY_SIDE_LEFT, 0, STORY_SIDE_INHERITED),
    SITE("right eyelid", "my right eyelid flickers", "my right eyelid", "eyelid", STORY_SIDE_RIGHT,
         0, 0),
    SITE("corner of my mouth", "the corner of my mouth pulls", "corner of my mouth", "mouth_corner",
         STORY_SIDE_NONE, 0, 0),
    SITE("the seed: the side is the clause's",
         "twitching from my left cheekbone to the corner of my mouth before going to sleep",
         "corner of my mouth", "mouth_corner", STORY_SIDE_LEFT, STORY_SIDE_INHERITED, 0),
    SITE("both eyes", "both eyes squeeze shut", "both eyes", "both_eyes", STORY_SIDE_BOTH, 0, 0),
    SITE("calf", "my calf twitches", "calf", "leg", STORY_SIDE_NONE, 0, 0),
    SITE("the whole body", "my whole body jerks", "my whole body", "whole_body", STORY_SIDE_NONE, 0,
         0),
    SITE("one side of my face", "one side of my face pulls", "one side of my face", "half_face",
         STORY_SIDE_ONE, 0, 0),
    SITE("a side inside the words", "the corner of my left eye", "corner of my left eye",
         "around_eye", STORY_SIDE_LEFT, 0, 0),
    SITE("upper lid", "my upper lid", "upper lid", "eyelid", STORY_SIDE_NONE, 0, 0),
    SITE("under my eye", "a twitch under my eye", "under my eye", "eyelid", STORY_SIDE_NONE, 0, 0),
    SITE("a side after the site", "a twitch in my cheek, on the left side", "cheek", "cheek",
         STORY_SIDE_LEFT, 0, 0),
    SITE("two sides in a clause: no inheritance", "left eye and right cheek and lips", "lips",
         "lips", STORY_SIDE_NONE, 0, 0),
    SITE("two sides in a clause: each its own", "my left eye and my right cheek", "my right cheek",
         "cheek", STORY_SIDE_RIGHT, 0, 0),
    SITE("no inheritance across clauses", "my left eye twitches but my cheek does not", "cheek",
         "cheek", STORY_SIDE_NONE, 0, 0),
    SITE("on the right cheek", "it is on the right cheek", "the right cheek", "cheek",
         STORY_SIDE_RIGHT, 0, 0),
    SITE("back in March is not a body part", "it came back in March", NULL, NULL, -1, 0, 0),
    SITE("thighs", "my thighs and calves", "thighs", "leg", STORY_SIDE_NONE, 0, 0),
    SITE("the longest phrase wins", "inside my mouth", "inside my mouth", "tongue_or_mouth",
         STORY_SIDE_NONE, 0, 0),
    SITE("an eye is an eyelid here", "my left eye keeps twitching", "my left eye", "eyelid",
         STORY_SIDE_LEFT, 0, 0),
    SITE("the whole left side of my face", "the whole left side of my face ripples",
         "whole left side of my face", "half_face", STORY_SIDE_LEFT, 0, 0),
    SITE("all over", "3yo jerks all over", "all over", "whole_body", STORY_SIDE_NONE, 0, 0),
    SIDE("a side alone", "it's on the right", "on the right", STORY_SIDE_RIGHT),
    SIDE("alternating", "it alternates between sides", "alternates", STORY_SIDE_ALTERNATING),
    SIDE("a list form", "Side: L", "Side: L", STORY_SIDE_LEFT),
    SIDE("both sides", "on both sides", "on both sides", STORY_SIDE_BOTH),
    SIDE("left-sided", "it's left-sided", "left-sided", STORY_SIDE_LEFT),
    SIDE("one side", "only on one side", "on one side", STORY_SIDE_ONE),
    SIDE("no side in 'right before'", "right before sleep", NULL, -1),
};

START_TEST(sites_and_sides)
{
    check_finding_row(&rows[_i]);
}
END_TEST

START_TEST(a_knowledge_base_supplies_its_own_sites)
{
    static const story_site_word mine[] = {
        {"temple_area", "temple|temples", 0},
        {"eye_area", "[around|near] [my|the] eye|eyes", 0},
        {"both_cheeks", "both cheeks", STORY_SIDE_BOTH},
    };
    story_vocab v = {mine, 3, NULL, 0, 0, 0};
    static const char text[] = "my left temple, near my eye and both cheeks; my calf too";
    arena_reset(story_ar);
    ck_assert_int_eq(story_parse(&v, text, strlen(text), NULL, story_ar, &story_d), TRI_OK);
    const story_doc *d = &story_d;
    const story_finding *a = find_words(d, STORY_SITE, "my left temple");
    const story_finding *b = find_words(d, STORY_SITE, "near my eye");
    const story_finding *c = find_words(d, STORY_SITE, "both cheeks");
    ck_assert_msg(a && b && c, "found: %s", describe(d));
    ck_assert_str_eq(a->option, "temple_area");
    ck_assert_uint_eq(a->entry, 0);
    ck_assert_int_eq(a->side, STORY_SIDE_LEFT);
    ck_assert_str_eq(b->option, "eye_area");
    ck_assert_str_eq(c->option, "both_cheeks");
    ck_assert_int_eq(c->side, STORY_SIDE_BOTH);
    /* the calf is not in this vocabulary */
    ck_assert_ptr_null(find_words(d, STORY_SITE, "calf"));
    /* the frequencies are not either */
    d = &story_d;
    arena_reset(story_ar);
    ck_assert_int_eq(story_parse(&v, "every night", 11, NULL, story_ar, &story_d), TRI_OK);
    ck_assert_ptr_null(find_kind(d, STORY_FREQUENCY)->option);
}
END_TEST

START_TEST(a_malformed_site_phrase_never_matches)
{
    static const story_site_word mine[] = {{"bad", "[eye", 0}, {"good", "cheek", 0}};
    story_vocab v = {mine, 2, NULL, 0, 0, 0};
    arena_reset(story_ar);
    ck_assert_int_eq(story_parse(&v, "eye cheek", 9, NULL, story_ar, &story_d), TRI_OK);
    ck_assert_uint_eq(story_d.nfindings, 1);
    ck_assert_str_eq(story_d.findings[0].option, "good");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("story_sites");
    TCase *tc = tcase_create("sites");
    tcase_add_checked_fixture(tc, story_setup, story_teardown);
    tcase_add_loop_test(tc, sites_and_sides, 0, sizeof rows / sizeof rows[0]);
    tcase_add_test(tc, a_knowledge_base_supplies_its_own_sites);
    tcase_add_test(tc, a_malformed_site_phrase_never_matches);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
