/*
 * test_story_negation.c - negation in the manner of NegEx, and hedges
 * (story_negation.c): which words a trigger reaches.
 */
#include "story_check.h"
#include "support.h"

static const struct {
    const char *name, *text, *words;
    bool yes;
} negation_rows[] = {
    {"never before the finding", "it never happens when I'm awake", "happens when I'm awake", true},
    {"no before the finding", "no stroke in the family", "stroke", true},
    {"don't", "I don't have any numbness", "numbness", true},
    {"curly don't", "I don\xe2\x80\x99t have any numbness", "numbness", true},
    {"but ends the scope", "no pain, but my eye twitches", "eye twitches", false},
    {"although ends the scope", "no pain although it twitches", "twitches", false},
    {"not only is no negation", "not only my eye but my cheek", "my eye", false},
    {"not sure is no negation", "I'm not sure if it happens at night", "happens at night", false},
    {"can't say I've", "Can't say I've noticed any weakness", "weakness", true},
    {"can't alone is a finding", "I can't move during it", "move", false},
    {"without", "it comes without any pain", "pain", true},
    {"denies", "He denies headache", "headache", true},
    {"absent after", "numbness is absent", "numbness", true},
    {"a list answer", "Pain: none", "Pain", true},
    {"not present after", "weakness not present", "weakness", true},
    {"the words hold the trigger", "it never happens when I'm awake", "never happens", false},
    {"no change is no negation", "no change in the twitching", "twitching", false},
    {"no more than is a bound", "no more than 2 seconds", "2 seconds", false},
    {"and with a new subject ends the scope",
     "I have not had coffee for years and it still twitches", "still twitches", false},
    {"within the window", "no pain or numbness or tingling or weakness in the face", "tingling",
     true},
    {"past the window", "no pain or numbness or tingling or weakness in the face", "face", false},
    {"doesn't", "it doesn't hurt", "hurt", true},
    {"nothing", "Nothing else happens", "else happens", true},
    {"the seed's words", "but it does not occur while I am awake", "occur while I am awake", true},
    {"none of", "None of those", "those", true},
    {"a sentence ends the scope", "No pain. My eye twitches.", "My eye twitches", false},
    {"not before an adjective", "the twitch is not painful", "painful", true},
    {"no longer", "it no longer happens at night", "happens at night", true},
    {"not always is no negation", "not always at night", "at night", false},
    {"without fail is no negation", "without fail every night", "every night", false},
    {"before the trigger", "my eye twitches, no pain", "eye twitches", false},
    {"the first item of a list", "no twitching, jerking or pulling", "jerking", true},
    {"no as an answer word", "No, it happens every night", "happens every night", false},
};

START_TEST(negation_scopes)
{
    const story_doc *d = parse_story(negation_rows[_i].name, negation_rows[_i].text, NULL);
    uint32_t s, e;
    ck_assert_msg(locate(d, negation_rows[_i].words, &s, &e), "%s: no '%s'", negation_rows[_i].name,
                  negation_rows[_i].words);
    ck_assert_msg(story_is_negated(d, s, e) == negation_rows[_i].yes, "%s: '%s' negated is not %d",
                  negation_rows[_i].name, negation_rows[_i].words, negation_rows[_i].yes);
}
END_TEST

static const struct {
    const char *name, *text, *words;
    bool yes;
} hedge_rows[] = {
    {"maybe", "maybe twice a night", "twice a night", true},
    {"I think", "I think it lasts 2 seconds", "2 seconds", true},
    {"not sure if", "not sure if it happens awake", "happens awake", true},
    {"probably", "probably since March", "since March", true},
    {"I think at the end", "it lasts 2 seconds, I think", "2 seconds", true},
    {"or so", "an hour or so", "an hour", true},
    {"around a quantity", "around 3 seconds", "3 seconds", true},
    {"about a quantity", "about 5 months ago", "5 months ago", true},
    {"about without a quantity", "I worry about my eye", "my eye", false},
    {"another sentence", "It lasts 2 seconds. I think it is stress.", "2 seconds", false},
    {"I guess", "I guess it started in May", "started in May", true},
    {"might", "It might be worse at night", "worse at night", true},
    {"no hedge", "It is worse at night", "worse at night", false},
    {"kind of", "kind of a pull", "a pull", true},
    {"like a count", "like 5 times a night", "5 times a night", true},
    {"a hedge ends at the clause", "maybe at night, but it is daily now", "daily now", false},
};

START_TEST(hedge_scopes)
{
    const story_doc *d = parse_story(hedge_rows[_i].name, hedge_rows[_i].text, NULL);
    uint32_t s, e;
    ck_assert_msg(locate(d, hedge_rows[_i].words, &s, &e), "%s: no '%s'", hedge_rows[_i].name,
                  hedge_rows[_i].words);
    ck_assert_msg(story_is_hedged(d, s, e) == hedge_rows[_i].yes, "%s: '%s' hedged is not %d",
                  hedge_rows[_i].name, hedge_rows[_i].words, hedge_rows[_i].yes);
}
END_TEST

/* Findings carry the marks of the scopes they are in. */
START_TEST(findings_are_marked)
{
    const story_doc *d = parse_story(
        "marks", "No twitching in my legs. Maybe twice a night. My left eye, every day.", NULL);
    const story_finding *legs = find_words(d, STORY_SITE, "legs");
    const story_finding *twice = find_words(d, STORY_FREQUENCY, "twice a night");
    const story_finding *eye = find_words(d, STORY_SITE, "My left eye");
    ck_assert_msg(legs && twice && eye, "found: %s", describe(d));
    ck_assert(legs->flags & STORY_NEGATED);
    ck_assert(!(legs->flags & STORY_HEDGED));
    ck_assert(twice->flags & STORY_HEDGED);
    ck_assert(!(twice->flags & STORY_NEGATED));
    ck_assert(!(eye->flags & (STORY_NEGATED | STORY_HEDGED)));
}
END_TEST

START_TEST(the_window_is_the_vocabulary_s)
{
    story_vocab v = story_default_vocab;
    v.negation_window = 2;
    static const char text[] = "no pain or numbness";
    arena_reset(story_ar);
    ck_assert_int_eq(story_parse(&v, text, strlen(text), NULL, story_ar, &story_d), TRI_OK);
    ck_assert(story_is_negated(&story_d, 3, 7));    /* pain */
    ck_assert(!story_is_negated(&story_d, 11, 19)); /* numbness: three words on */
}
END_TEST

START_TEST(scopes_record_their_trigger)
{
    const story_doc *d = parse_story("scope", "it never happens when I'm awake", NULL);
    ck_assert_uint_eq(d->nscopes, 1);
    const story_scope *s = &d->scopes[0];
    ck_assert_int_eq(s->kind, STORY_SCOPE_NEGATION);
    ck_assert_str_eq(story_token_norm(d, s->trig_first), "never");
    ck_assert_uint_eq(s->trig_end, s->trig_first + 1);
    ck_assert_uint_eq(s->first, 2);
    ck_assert_uint_eq(s->end, d->ntokens);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("story_negation");
    TCase *tc = tcase_create("negation");
    tcase_add_checked_fixture(tc, story_setup, story_teardown);
    tcase_add_loop_test(tc, negation_scopes, 0, sizeof negation_rows / sizeof negation_rows[0]);
    tcase_add_loop_test(tc, hedge_scopes, 0, sizeof hedge_rows / sizeof hedge_rows[0]);
    tcase_add_test(tc, findings_are_marked);
    tcase_add_test(tc, the_window_is_the_vocabulary_s);
    tcase_add_test(tc, scopes_record_their_trigger);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
