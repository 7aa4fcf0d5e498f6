/*
 * test_story_split.c - a story's text into tokens, sentences and clauses,
 * and the phrases matched over them (story_split.c, story_phrase.c).
 */
#include "story_check.h"
#include "story_internal.h"
#include "support.h"

/* ---- tokens ----------------------------------------------------------- */

static const struct {
    const char *name, *text, *norms;
} token_rows[] = {
    {"curly apostrophe", "Don\xe2\x80\x99t", "don't"},
    {"capitals lowered", "My LEFT Eye", "my left eye"},
    {"age and sex glued", "45F", "45 f"},
    {"range glued to unit", "0.5-4s", "0.5 - 4 s"},
    {"comma decimal", "1,5 s", "1.5 s"},
    {"comma thousands", "1,000 times", "1000 times"},
    {"leading point", ".5 s", "0.5 s"},
    {"half sign", "\xc2\xbd second", "0.5 second"},
    {"em dash", "twitch\xe2\x80\x94no pain", "twitch - no pain"},
    {"accented word", "my fianc\xc3\xa9 says", "my fianc\xc3\xa9 says"},
    {"hyphenated number", "twenty-five", "twenty - five"},
    {"possessive", "my son's eye", "my son's eye"},
    {"quote marks are not apostrophes", "'stop'", "' stop '"},
    {"bullet sign", "\xe2\x80\xa2 eye", "* eye"},
    {"fullwidth tilde",
     "20\xef\xbd\x9e"
     "29",
     "20 ~ 29"},
};

START_TEST(tokens_are_words_numbers_and_marks)
{
    const story_doc *d = parse_story(token_rows[_i].name, token_rows[_i].text, NULL);
    char got[256] = "";
    size_t at = 0;
    for (uint32_t i = 0; i < d->ntokens; i++)
        at += (size_t)snprintf(got + at, sizeof got - at, "%s%s", i ? " " : "",
                               story_token_norm(d, i));
    ck_assert_msg(!strcmp(got, token_rows[_i].norms), "%s: tokens '%s', expected '%s'",
                  token_rows[_i].name, got, token_rows[_i].norms);
    for (uint32_t i = 0; i < d->ntokens; i++)
        ck_assert_msg(d->tokens[i].start < d->tokens[i].end && d->tokens[i].end <= d->len,
                      "%s: token %u has bad offsets", token_rows[_i].name, i);
}
END_TEST

START_TEST(numbers_carry_their_value_and_glue)
{
    const story_doc *d = parse_story("45F", "45F and 0.5-4 s", NULL);
    ck_assert_int_eq(d->tokens[0].kind, STORY_TOK_NUMBER);
    ck_assert_double_eq(d->tokens[0].value, 45);
    ck_assert(d->tokens[1].flags & STORY_TF_GLUED);
    ck_assert(!(d->tokens[2].flags & STORY_TF_GLUED));
    ck_assert_double_eq(d->tokens[3].value, 0.5);
    ck_assert(d->tokens[1].flags & STORY_TF_CAPITAL);
}
END_TEST

START_TEST(bad_bytes_and_nul_read_as_spaces)
{
    static const char text[] = "eye\xff\xfetwitch\0no pain \xc3";
    arena_reset(story_ar);
    ck_assert_int_eq(story_parse(NULL, text, sizeof text - 1, NULL, story_ar, &story_d), TRI_OK);
    const story_doc *d = &story_d;
    ck_assert_uint_eq(d->ntokens, 4);
    ck_assert_str_eq(story_token_norm(d, 0), "eye");
    ck_assert_str_eq(story_token_norm(d, 1), "twitch");
    ck_assert_str_eq(story_token_norm(d, 2), "no");
    ck_assert_uint_eq(d->invalid_bytes, 4);
    ck_assert_uint_eq(d->tokens[1].start, 5);
    /* the words after the NUL are still read: "no pain" negates "pain" */
    ck_assert(story_is_negated(d, 17, 21));
}
END_TEST

START_TEST(a_very_long_word_is_one_token)
{
    static char text[600];
    memset(text, 'x', sizeof text - 1);
    const story_doc *d = parse_story("long word", text, NULL);
    ck_assert_uint_eq(d->ntokens, 1);
    ck_assert_uint_eq(d->tokens[0].end, sizeof text - 1);
    ck_assert_uint_le(strlen(story_token_norm(d, 0)), 63);
}
END_TEST

/* ---- sentences and clauses -------------------------------------------- */

static const struct {
    const char *name, *text, *parts;
} sentence_rows[] = {
    {"full stops", "It twitches. It stops.", "It twitches.|It stops."},
    {"e.g. is not an end", "Things e.g. coffee make it worse. Yes.",
     "Things e.g. coffee make it worse.|Yes."},
    {"y.o. is not an end", "I am 25 y.o. and female.", "I am 25 y.o. and female."},
    {"title is not an end", "Dr. Smith said it is fine.", "Dr. Smith said it is fine."},
    {"a decimal point is not an end", "It lasts 0.5 s. Then stops.", "It lasts 0.5 s.|Then stops."},
    {"marks run together", "It hurts!!! Really?", "It hurts!!!|Really?"},
    {"blank line", "first line\n\nsecond line", "first line|second line"},
    {"short lines are sentences", "twitching left eye\nno pain\nsince march",
     "twitching left eye|no pain|since march"},
    {"a wrapped long line is not",
     "I have been having this twitch in my left eye for a couple of weeks\nnow and it is getting "
     "worse.",
     "I have been having this twitch in my left eye for a couple of weeks\nnow and it is getting "
     "worse."},
    {"bullets", "Symptoms:\n- twitch\n- no pain", "Symptoms:|- twitch|- no pain"},
    {"numbered items", "1. twitch in eye\n2. no pain", "1. twitch in eye|2. no pain"},
    {"no final mark", "twitch at night", "twitch at night"},
    {"closing quote stays", "He said \"stop.\" Then slept.", "He said \"stop.\"|Then slept."},
    {"unit abbreviation before lower case", "It lasts 2 min. at most", "It lasts 2 min. at most"},
    {"unit abbreviation before a capital", "It lasts 2 min. It stops.",
     "It lasts 2 min.|It stops."},
    {"lower case after a stop", "twitching. it happens at night", "twitching.|it happens at night"},
};

static const struct {
    const char *name, *text, *parts;
} clause_rows[] = {
    {"but", "It twitches but it does not hurt", "It twitches|but it does not hurt"},
    {"however after a comma", "It is mild, however it is daily", "It is mild,|however it is daily"},
    {"although", "It is daily although it is mild", "It is daily|although it is mild"},
    {"semicolon", "eye twitch; no pain", "eye twitch;|no pain"},
    {"comma and a new subject", "no pain, and the twitch is on the left",
     "no pain,|and the twitch is on the left"},
    {"a list stays whole", "no pain, numbness, and weakness", "no pain, numbness, and weakness"},
    {"and then", "it starts in the eye and then spreads", "it starts in the eye|and then spreads"},
    {"except", "every night except weekends", "every night|except weekends"},
    {"not yet stays whole", "it has not yet spread", "it has not yet spread"},
    {"a dash between words", "it twitches - never when awake", "it twitches|- never when awake"},
    {"a dash between numbers stays", "it lasts 2 - 4 s", "it lasts 2 - 4 s"},
    {"because", "I avoid coffee because it keeps me up", "I avoid coffee|because it keeps me up"},
    {"and before a pronoun", "I don't drink coffee and it still twitches",
     "I don't drink coffee|and it still twitches"},
    {"and before a noun stays", "no pain and numbness", "no pain and numbness"},
    {"since stays whole", "it has been happening since May", "it has been happening since May"},
};

static void check_parts(const char *name, const char *text, const char *parts, bool clauses)
{
    const story_doc *d = parse_story(name, text, NULL);
    char got[512] = "";
    size_t at = 0;
    uint32_t n = clauses ? d->nclauses : d->nsentences;
    for (uint32_t k = 0; k < n; k++) {
        uint32_t s = clauses ? d->clauses[k].start : d->sentences[k].start;
        uint32_t e = clauses ? d->clauses[k].end : d->sentences[k].end;
        at += (size_t)snprintf(got + at, sizeof got - at, "%s%.*s", k ? "|" : "", (int)(e - s),
                               text + s);
    }
    ck_assert_msg(!strcmp(got, parts), "%s: %s '%s', expected '%s'", name,
                  clauses ? "clauses" : "sentences", got, parts);
}

START_TEST(sentences_split)
{
    check_parts(sentence_rows[_i].name, sentence_rows[_i].text, sentence_rows[_i].parts, false);
}
END_TEST

START_TEST(clauses_split)
{
    check_parts(clause_rows[_i].name, clause_rows[_i].text, clause_rows[_i].parts, true);
}
END_TEST

START_TEST(every_token_lies_in_its_clause_and_sentence)
{
    const story_doc *d = parse_story(
        "nesting", "My eye twitches, but not at night; it started in May. No pain!\nNone.", NULL);
    for (uint32_t i = 0; i < d->ntokens; i++) {
        const story_clause *c = &d->clauses[d->tokens[i].clause];
        const story_sentence *s = &d->sentences[c->sentence];
        ck_assert(c->tok_first <= i && i < c->tok_end);
        ck_assert(s->tok_first <= c->tok_first && c->tok_end <= s->tok_end);
    }
}
END_TEST

/* ---- phrases ------------------------------------------------------------- */

static const struct {
    const char *name, *phrase;
} bad_phrases[] = {
    {"empty", ""},
    {"spaces only", "   "},
    {"unclosed optional", "[my eye"},
    {"empty alternative", "a||b"},
    {"only optional words", "[a] [b]"},
    {"seventeen words", "a b c d e f g h i j k l m n o p q"},
    {"nine alternatives", "a|b|c|d|e|f|g|h|i"},
    {"five optional words", "[a] [b] [c] [d] [e] x"},
    {"bracket inside", "a[b]c"},
};

START_TEST(bad_phrases_are_refused_with_a_reason)
{
    char why[128] = "";
    ck_assert_msg(!story_phrase_check(bad_phrases[_i].phrase, why, sizeof why), "%s: accepted",
                  bad_phrases[_i].name);
    ck_assert_msg(why[0], "%s: no reason given", bad_phrases[_i].name);
}
END_TEST

static const struct {
    const char *name, *text, *phrase;
    uint32_t at;
    const char *match; /* NULL: no match */
} phrase_rows[] = {
    {"optional present", "the corner of my mouth", "corner of [my|the] mouth", 1,
     "corner of my mouth"},
    {"optional absent", "corner of mouth", "corner of [my|the] mouth", 0, "corner of mouth"},
    {"prefix", "twitching", "twitch*", 0, "twitching"},
    {"any word", "under my eye", "under _ eye", 0, "under my eye"},
    {"any word is not a mark", "under , eye", "under _ eye", 0, NULL},
    {"number", "3 times", "# times", 0, "3 times"},
    {"a number word is not a number", "three times", "# times", 0, NULL},
    {"compound hyphen skipped", "my 7-year-old", "year old", 3, "year-old"},
    {"case folded", "Cheek", "CHEEK", 0, "Cheek"},
    {"stops at the sentence end", "my eye. Twitch", "eye twitch", 1, NULL},
    {"punctuation written as itself", "25 y/o", "y / o", 1, "y/o"},
    {"alternatives", "the left one", "left|right one", 1, "left one"},
    {"no match", "my cheek", "eyelid", 1, NULL},
    {"a prefix longer than the word", "tw", "twitch*", 0, NULL},
};

START_TEST(phrases_match_whole_words)
{
    const story_doc *d = parse_story(phrase_rows[_i].name, phrase_rows[_i].text, NULL);
    char why[128];
    ck_assert_msg(story_phrase_check(phrase_rows[_i].phrase, why, sizeof why), "%s: %s",
                  phrase_rows[_i].name, why);
    uint32_t end = 0;
    bool m = story_phrase_at(d, phrase_rows[_i].phrase, phrase_rows[_i].at, &end);
    if (!phrase_rows[_i].match) {
        ck_assert_msg(!m, "%s: matched", phrase_rows[_i].name);
        return;
    }
    ck_assert_msg(m, "%s: no match", phrase_rows[_i].name);
    uint32_t s = d->tokens[phrase_rows[_i].at].start, e = d->tokens[end - 1].end;
    ck_assert_msg(span_is(d, s, e, phrase_rows[_i].match), "%s: matched '%.*s'",
                  phrase_rows[_i].name, (int)(e - s), d->text + s);
}
END_TEST

static const struct {
    const char *name, *phrase;
    bool yes;
} intro_rows[] = {
    {"for", "for", true},
    {"lasts for", "lasts for", true},
    {"last* must end the intro", "last*", false},
    {"since", "since", false},
    {"prefix then word", "last* for", true},
};

START_TEST(quantities_know_what_introduced_them)
{
    const story_doc *d = parse_story(intro_rows[_i].name, "It lasts for about 5 s", NULL);
    const story_finding *f = find_kind(d, STORY_DURATION);
    ck_assert_ptr_nonnull(f);
    ck_assert_msg(story_introduced_by(d, f, intro_rows[_i].phrase) == intro_rows[_i].yes,
                  "%s: introduced_by '%s' is not %d", intro_rows[_i].name, intro_rows[_i].phrase,
                  intro_rows[_i].yes);
}
END_TEST

/* A malformed built-in phrase would be skipped silently: check them all. */
START_TEST(every_built_in_phrase_parses)
{
    static const struct {
        const char *name;
        const char *const *list;
    } lists[] = {
        {"continuous", story_continuous_phrases},
        {"family", story_family_phrases},
        {"sides", story_side_phrases},
        {"pre-negations", story_pre_negations},
        {"pseudo-negations", story_pseudo_negations},
        {"post-negations", story_post_negations},
        {"hedges", story_hedges},
    };
    char why[128];
    for (size_t k = 0; k < sizeof lists / sizeof lists[0]; k++)
        for (const char *const *p = lists[k].list; *p; p++)
            ck_assert_msg(story_phrase_check(*p, why, sizeof why), "%s: '%s': %s", lists[k].name,
                          *p, why);
    for (size_t k = 0; k < story_default_vocab.nsites; k++)
        ck_assert_msg(story_phrase_check(story_default_vocab.sites[k].phrase, why, sizeof why),
                      "default site '%s': %s", story_default_vocab.sites[k].phrase, why);
}
END_TEST

START_TEST(token_at_finds_the_token_of_a_byte)
{
    const story_doc *d = parse_story("token_at", "my  left eye", NULL);
    ck_assert_uint_eq(story_token_at(d, 0), 0);
    ck_assert_uint_eq(story_token_at(d, 2), 1); /* a space: the next token */
    ck_assert_uint_eq(story_token_at(d, 5), 1);
    ck_assert_uint_eq(story_token_at(d, 11), 2);
    ck_assert_uint_eq(story_token_at(d, 12), 3); /* past the end */
}
END_TEST

int main(void)
{
    Suite *s = suite_create("story_split");
    TCase *tc = tcase_create("split");
    tcase_add_checked_fixture(tc, story_setup, story_teardown);
    tcase_add_loop_test(tc, tokens_are_words_numbers_and_marks, 0,
                        sizeof token_rows / sizeof token_rows[0]);
    tcase_add_test(tc, numbers_carry_their_value_and_glue);
    tcase_add_test(tc, bad_bytes_and_nul_read_as_spaces);
    tcase_add_test(tc, a_very_long_word_is_one_token);
    tcase_add_loop_test(tc, sentences_split, 0, sizeof sentence_rows / sizeof sentence_rows[0]);
    tcase_add_loop_test(tc, clauses_split, 0, sizeof clause_rows / sizeof clause_rows[0]);
    tcase_add_test(tc, every_token_lies_in_its_clause_and_sentence);
    tcase_add_loop_test(tc, bad_phrases_are_refused_with_a_reason, 0,
                        sizeof bad_phrases / sizeof bad_phrases[0]);
    tcase_add_loop_test(tc, phrases_match_whole_words, 0,
                        sizeof phrase_rows / sizeof phrase_rows[0]);
    tcase_add_loop_test(tc, quantities_know_what_introduced_them, 0,
                        sizeof intro_rows / sizeof intro_rows[0]);
    tcase_add_test(tc, every_built_in_phrase_parses);
    tcase_add_test(tc, token_at_finds_the_token_of_a_byte);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
