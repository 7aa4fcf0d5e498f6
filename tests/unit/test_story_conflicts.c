/*
 * test_story_conflicts.c - contradictions in a story (story_conflicts.c),
 * and the edges of story_parse(): no text, reuse of an arena, the byte cap,
 * and running out of memory.
 */
#include <stdlib.h>

#include "story_check.h"
#include "support.h"

static const struct {
    const char *name, *text, *date;
    int kind;          /* the kind in conflict; -1: no conflict */
    const char *a, *b; /* the words of the two findings */
} doc_rows[] = {
    {"two ages", "I'm 45. Later: I am 52 years old.", NULL, STORY_AGE, "45", "52 years old"},
    {"an age and its decade agree", "I'm 45, in my forties.", NULL, -1, NULL, NULL},
    {"two frequencies", "It comes once a night. No, several times a day.", NULL, STORY_FREQUENCY,
     "once a night", "several times a day"},
    {"two words for one frequency", "every night, one to four times a night", NULL, -1, NULL, NULL},
    {"two starts", "It started in June. It began in December.", "2024-03-01", STORY_ELAPSED,
     "started in June", "began in December"},
    {"a start and a span of something else", "It started in June. 3 weeks ago it spread.",
     "2024-03-01", -1, NULL, NULL},
    {"a start and a length", "since September, for 5 months", "2023-02-16", -1, NULL, NULL},
    {"two sexes", "45F here. I'm a man.", NULL, STORY_SEX, "45F", "man"},
    {"a negated frequency takes no part", "not several times a day, just once a night", NULL, -1,
     NULL, NULL},
    {"rounding agrees", "since September. It started 5 months ago.", "2023-02-16", -1, NULL, NULL},
};

START_TEST(contradictions_in_a_story)
{
    const story_doc *d = parse_story(doc_rows[_i].name, doc_rows[_i].text, doc_rows[_i].date);
    if (doc_rows[_i].kind < 0) {
        ck_assert_msg(d->nconflicts == 0, "%s: %u conflicts in %s", doc_rows[_i].name,
                      d->nconflicts, describe(d));
        return;
    }
    ck_assert_msg(d->nconflicts == 1, "%s: %u conflicts in %s", doc_rows[_i].name, d->nconflicts,
                  describe(d));
    const story_finding *a = &d->findings[d->conflicts[0].a], *b = &d->findings[d->conflicts[0].b];
    ck_assert_msg(a->kind == doc_rows[_i].kind && span_is(d, a->start, a->end, doc_rows[_i].a) &&
                      span_is(d, b->start, b->end, doc_rows[_i].b),
                  "%s: conflict between [%.*s] and [%.*s]", doc_rows[_i].name,
                  (int)(a->end - a->start), d->text + a->start, (int)(b->end - b->start),
                  d->text + b->start);
    ck_assert(a->flags & STORY_CONFLICTING);
    ck_assert(b->flags & STORY_CONFLICTING);
}
END_TEST

/* ---- claims the caller draws from rule patterns ---------------------- */

#define CHOICE(q, opts)                                                                            \
    {                                                                                              \
        q, false, false, opts, 0, 0, 0, 0, 0                                                       \
    }
#define MULTI(q, opts, ex)                                                                         \
    {                                                                                              \
        q, false, true, opts, ex, 0, 0, 0, 0                                                       \
    }
#define RANGE(q, lo, hi)                                                                           \
    {                                                                                              \
        q, true, false, 0, 0, lo, hi, 0, 0                                                         \
    }

static const struct {
    const char *name;
    story_claim a, b;
    bool conflict;
} claim_rows[] = {
    {"choice, two options", CHOICE(1, 1), CHOICE(1, 2), true},
    {"choice, the same option", CHOICE(1, 4), CHOICE(1, 4), false},
    {"different questions", CHOICE(1, 1), CHOICE(2, 2), false},
    {"multi, none and a place", MULTI(3, 1, 1), MULTI(3, 2, 1), true},
    {"multi, two places", MULTI(3, 2, 1), MULTI(3, 4, 1), false},
    {"multi, none twice", MULTI(3, 1, 1), MULTI(3, 1, 1), false},
    {"five months and since September", RANGE(4, 5 * MONTHS, 5 * MONTHS),
     RANGE(4, 139 * DAYS, 168 * DAYS), false},
    {"two seconds and ten minutes", RANGE(5, 2, 2), RANGE(5, 600, 600), true},
    {"a range open above", RANGE(5, 300, INFINITY), RANGE(5, 3600, 3600), false},
    {"an unknown value", RANGE(5, NAN, NAN), RANGE(5, 2, 2), false},
};

START_TEST(contradictions_between_claims)
{
    story_claim c[2] = {claim_rows[_i].a, claim_rows[_i].b};
    story_conflict out[1];
    size_t n = story_find_conflicts(c, 2, out, 1);
    ck_assert_msg((n == 1) == claim_rows[_i].conflict, "%s: %zu conflicts", claim_rows[_i].name, n);
    if (n) {
        ck_assert_uint_eq(out[0].a, 0);
        ck_assert_uint_eq(out[0].b, 1);
    }
}
END_TEST

START_TEST(conflicts_are_counted_past_the_room_for_them)
{
    story_claim c[4] = {CHOICE(1, 1), CHOICE(1, 2), CHOICE(1, 4), CHOICE(1, 8)};
    story_conflict out[2];
    ck_assert_uint_eq(story_find_conflicts(c, 4, out, 2), 6);
    ck_assert_uint_eq(out[1].a, 0);
    ck_assert_uint_eq(out[1].b, 2);
}
END_TEST

/* ---- edges of story_parse ---------------------------------------------- */

START_TEST(no_text_is_an_empty_story)
{
    arena_reset(story_ar);
    ck_assert_int_eq(story_parse(NULL, NULL, 5, NULL, story_ar, &story_d), TRI_OK);
    ck_assert_uint_eq(story_d.ntokens, 0);
    ck_assert_uint_eq(story_d.nfindings, 0);
    ck_assert_uint_eq(story_d.subject, 0);
    ck_assert(!story_is_negated(&story_d, 0, 5));
    ck_assert_uint_eq(story_subject(&story_d, 0, 5), 0);
    arena_reset(story_ar);
    ck_assert_int_eq(story_parse(NULL, "", 0, "2024-01-01", story_ar, &story_d), TRI_OK);
    ck_assert_uint_eq(story_d.nsentences, 0);
}
END_TEST

START_TEST(one_arena_reads_many_stories)
{
    for (int k = 0; k < 200; k++) {
        const story_doc *d =
            parse_story("reuse", k % 2 ? "my son is 7, every night" : "no pain, 45F", NULL);
        ck_assert_uint_eq(d->nfindings, k % 2 ? 3 : 2);
    }
}
END_TEST

START_TEST(text_past_the_cap_is_not_read)
{
    size_t n = STORY_MAX_BYTES + 1001;
    char *text = malloc(n);
    for (size_t i = 0; i + 1 < n; i += 2) {
        text[i] = (char)0xC3; /* "é": a cut must not split it */
        text[i + 1] = (char)0xA9;
    }
    text[n - 1] = 'x';
    arena_reset(story_ar);
    ck_assert_int_eq(story_parse(NULL, text, n, NULL, story_ar, &story_d), TRI_OK);
    ck_assert(story_d.truncated);
    ck_assert_uint_le(story_d.len, STORY_MAX_BYTES);
    ck_assert_uint_eq(story_d.len % 2, 0);
    free(text);
}
END_TEST

/* Every allocation may fail: the parse reports it and leaks nothing. */
START_TEST(out_of_memory_is_clean)
{
    static const char text[] =
        "My son (7) twitches since May, no pain, 2-3 times a night, left eye.";
    bool done = false;
    for (long budget = 0; budget < 200 && !done; budget++) {
        failing_alloc f;
        failing_alloc_init(&f, budget);
        arena *ar = arena_new(&f.a);
        if (ar) {
            story_doc d;
            tri_status st = story_parse(NULL, text, strlen(text), "2024-03-01", ar, &d);
            ck_assert_msg(st == TRI_OK || st == TRI_ERR_NOMEM, "budget %ld: status %d", budget,
                          (int)st);
            if (st == TRI_ERR_NOMEM)
                ck_assert_msg(d.ntokens == 0 && d.nfindings == 0, "budget %ld: a half-filled doc",
                              budget);
            else
                done = d.nfindings > 0;
            arena_free(ar);
        }
        ck_assert_msg(f.live == 0, "budget %ld: %ld blocks leaked", budget, f.live);
    }
    ck_assert_msg(done, "never succeeded");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("story_conflicts");
    TCase *tc = tcase_create("conflicts");
    tcase_add_checked_fixture(tc, story_setup, story_teardown);
    tcase_add_loop_test(tc, contradictions_in_a_story, 0, sizeof doc_rows / sizeof doc_rows[0]);
    tcase_add_loop_test(tc, contradictions_between_claims, 0,
                        sizeof claim_rows / sizeof claim_rows[0]);
    tcase_add_test(tc, conflicts_are_counted_past_the_room_for_them);
    tcase_add_test(tc, no_text_is_an_empty_story);
    tcase_add_test(tc, one_arena_reads_many_stories);
    tcase_add_test(tc, text_past_the_cap_is_not_read);
    tcase_add_test(tc, out_of_memory_is_clean);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
