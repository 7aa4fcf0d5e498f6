/*
 * test_story_hostile.c - stories made to hurt: 10 MB of "no no no", bytes
 * that are not UTF-8, NUL bytes, 100,000 sentences, a flood of quantities or
 * of people, random bytes. Each must parse in bounded time and memory,
 * within the documented caps, with every offset inside the text read.
 */
#include <stdlib.h>
#include <time.h>

#include "story_check.h"
#include "support.h"

#define TEN_MB (10u << 20)
#define ONE_MB (1u << 20)       /* 16 times the byte cap: enough to pass every other cap */
#define TIME_LIMIT 2.0          /* seconds, generous for sanitizer builds */
#define MEMORY_LIMIT (8u << 20) /* bytes the arena may take */

/* An allocator that counts the bytes it has given out, to bound memory. */
typedef struct counting {
    tri_allocator a;
    size_t live, peak;
} counting;

static void *c_malloc(size_t n, void *ctx)
{
    counting *c = ctx;
    size_t *p = malloc(n + sizeof(size_t) * 2);
    if (!p)
        return NULL;
    p[0] = n;
    c->live += n;
    if (c->live > c->peak)
        c->peak = c->live;
    return p + 2;
}

static void *c_realloc(void *old, size_t n, void *ctx)
{
    counting *c = ctx;
    if (!old)
        return c_malloc(n, ctx);
    size_t *p = (size_t *)old - 2;
    size_t was = p[0];
    size_t *q = realloc(p, n + sizeof(size_t) * 2);
    if (!q)
        return NULL;
    q[0] = n;
    c->live = c->live - was + n;
    if (c->live > c->peak)
        c->peak = c->live;
    return q + 2;
}

static void c_free(void *old, void *ctx)
{
    counting *c = ctx;
    if (!old)
        return;
    size_t *p = (size_t *)old - 2;
    c->live -= p[0];
    free(p);
}

static char *repeat(const char *unit, size_t total)
{
    char *b = malloc(total);
    size_t n = strlen(unit), have = n < total ? n : total;
    memcpy(b, unit, have);
    while (have < total) { /* doubling: fast even under the sanitizers */
        size_t more = have < total - have ? have : total - have;
        memcpy(b + have, b, more);
        have += more;
    }
    return b;
}

/* The invariants every doc keeps, whatever the text. (Check records every
 * passing assertion, so the loops collect the first failure and assert once.) */
static void check_doc(const char *name, const story_doc *d)
{
    ck_assert_msg(d->len <= STORY_MAX_BYTES, "%s: read %u bytes", name, d->len);
    ck_assert_msg(d->ntokens <= STORY_MAX_TOKENS && d->nsentences <= STORY_MAX_SENTENCES &&
                      d->nclauses <= STORY_MAX_CLAUSES && d->nfindings <= STORY_MAX_FINDINGS &&
                      d->nscopes <= STORY_MAX_SCOPES && d->nmentions <= STORY_MAX_MENTIONS &&
                      d->npersons <= STORY_MAX_PERSONS && d->nconflicts <= STORY_MAX_CONFLICTS,
                  "%s: a cap was passed", name);
    long bad = -1;
    for (uint32_t i = 0; i < d->ntokens && bad < 0; i++) {
        const story_token *t = &d->tokens[i];
        if (!(t->start < t->end && t->end <= d->len) ||
            (i > 0 && d->tokens[i - 1].end > t->start) || t->clause >= d->nclauses)
            bad = i;
    }
    ck_assert_msg(bad < 0, "%s: token %ld is outside the text, overlaps or has no clause", name,
                  bad);
    for (uint32_t k = 0; k < d->nfindings && bad < 0; k++) {
        const story_finding *f = &d->findings[k];
        if (!(f->start < f->end && f->end <= d->len && f->tok_first < f->tok_end &&
              f->tok_end <= d->ntokens && f->person < d->npersons))
            bad = k;
    }
    ck_assert_msg(bad < 0, "%s: finding %ld is out of bounds", name, bad);
    for (uint32_t k = 0; k < d->nscopes && bad < 0; k++)
        if (d->scopes[k].end > d->ntokens || d->scopes[k].trig_end > d->ntokens)
            bad = k;
    ck_assert_msg(bad < 0, "%s: scope %ld is out of bounds", name, bad);
    for (uint32_t k = 0; k < d->nclauses && bad < 0; k++)
        if (d->clauses[k].person >= d->npersons || d->clauses[k].sentence >= d->nsentences)
            bad = k;
    ck_assert_msg(bad < 0, "%s: clause %ld is out of bounds", name, bad);
    ck_assert_msg(d->subject < d->npersons, "%s: no such subject", name);
}

static const story_doc *parse_bounded(const char *name, const char *text, size_t len, counting *c,
                                      arena **ar)
{
    memset(c, 0, sizeof *c);
    c->a.malloc = c_malloc;
    c->a.realloc = c_realloc;
    c->a.free = c_free;
    c->a.ctx = c;
    *ar = arena_new(&c->a);
    ck_assert_ptr_nonnull(*ar);
    clock_t t0 = clock();
    tri_status st = story_parse(NULL, text, len, "2024-03-01", *ar, &story_d);
    double seconds = (double)(clock() - t0) / CLOCKS_PER_SEC;
    ck_assert_msg(st == TRI_OK, "%s: status %d", name, (int)st);
    ck_assert_msg(seconds < TIME_LIMIT, "%s: took %.2f s", name, seconds);
    ck_assert_msg(c->peak < MEMORY_LIMIT, "%s: took %zu bytes", name, c->peak);
    check_doc(name, &story_d);
    return &story_d;
}

static const struct {
    const char *name, *unit;
    size_t total;
} floods[] = {
    {"10 MB of no no no", "no ", TEN_MB},
    {"1 MB of one word", "a", ONE_MB},
    {"1 MB of lines", "a\n", ONE_MB},
    {"1 MB of dashes", "-", ONE_MB},
    {"1 MB of curly apostrophes", "\xe2\x80\x99", ONE_MB},
    {"1 MB of digits", "1", ONE_MB},
    {"quantities", "1 to 2 times a night for 3 s since May about 5 months ago ", ONE_MB},
    {"people", "my left eye and his right cheek, her son said my mum (45) ", ONE_MB},
    {"ages and sexes", "45F 25 y/o I'm 30 female ", ONE_MB},
    {"hedges and negations", "maybe not no never I think or so ", ONE_MB},
    {"brackets", "((((([[[[", ONE_MB},
    {"sides", "on the left on the right both sides ", ONE_MB},
};

START_TEST(floods_are_bounded)
{
    char *text = repeat(floods[_i].unit, floods[_i].total);
    counting c;
    arena *ar;
    const story_doc *d = parse_bounded(floods[_i].name, text, floods[_i].total, &c, &ar);
    ck_assert_msg(d->truncated, "%s: not marked truncated", floods[_i].name);
    arena_free(ar);
    ck_assert_msg(c.live == 0, "%s: %zu bytes leaked", floods[_i].name, c.live);
    free(text);
}
END_TEST

START_TEST(invalid_utf8_is_bounded)
{
    char *text = repeat("\x80\x87\x8e\x95\x9c\xa3\xaa\xb1\xb8\xbf\xc0\xc1\xf5\xf8\xfe\xff", TEN_MB);
    counting c;
    arena *ar;
    const story_doc *d = parse_bounded("invalid UTF-8", text, TEN_MB, &c, &ar);
    ck_assert_uint_eq(d->ntokens, 0);
    ck_assert_uint_gt(d->invalid_bytes, 0);
    arena_free(ar);
    free(text);
}
END_TEST

START_TEST(nul_bytes_are_bounded)
{
    char *text = calloc(TEN_MB, 1);
    counting c;
    arena *ar;
    const story_doc *d = parse_bounded("NUL bytes", text, TEN_MB, &c, &ar);
    ck_assert_uint_eq(d->ntokens, 0);
    ck_assert_uint_eq(d->invalid_bytes, d->len);
    arena_free(ar);
    free(text);
}
END_TEST

START_TEST(a_hundred_thousand_sentences)
{
    size_t n = 100000 * 13;
    char *text = repeat("It twitches. ", n);
    counting c;
    arena *ar;
    const story_doc *d = parse_bounded("100,000 sentences", text, n, &c, &ar);
    ck_assert_uint_eq(d->nsentences, STORY_MAX_SENTENCES);
    ck_assert(d->truncated);
    /* the doc ends with its last whole sentence */
    ck_assert_uint_eq(d->tokens[d->ntokens - 1].end, d->len);
    arena_free(ar);
    free(text);
}
END_TEST

START_TEST(many_people_are_capped)
{
    static const char *const kin[] = {"son",     "daughter", "husband", "mother",    "father",
                                      "brother", "sister",   "aunt",    "uncle",     "cousin",
                                      "niece",   "nephew",   "friend",  "colleague", "neighbour",
                                      "grandma", "grandpa",  "nurse",   "dentist",   "roommate"};
    char text[2048] = "";
    size_t at = 0;
    for (size_t k = 0; k < sizeof kin / sizeof kin[0]; k++)
        at += (size_t)snprintf(text + at, sizeof text - at, "My %s twitches. She and he do too. ",
                               kin[k]);
    counting c;
    arena *ar;
    const story_doc *d = parse_bounded("many people", text, at, &c, &ar);
    ck_assert_uint_eq(d->npersons, STORY_MAX_PERSONS);
    arena_free(ar);
}
END_TEST

/* Random bytes, and random words of the story vocabulary, from a fixed seed. */
START_TEST(random_input_keeps_the_invariants)
{
    static const char *const words[] = {
        "no",     "not", "my",    "left",  "eye",      "cheek", "since", "May",  "3",     "-",
        "4",      "s",   "times", "a",     "night",    "I'm",   "45F",   "he",   "she",   "son",
        ",",      ".",   "\n",    "about", "ago",      "but",   "maybe", "y/o",  "every", "half",
        "second", "to",  "(",     ")",     "\xc3\xa9", "\xff",  ":",     "none", "both",  "sides"};
    unsigned seed = 12345;
    char text[4096];
    for (int round = 0; round < 300; round++) {
        size_t n = 0;
        if (round % 2) {
            for (; n < sizeof text - 1; n++) {
                seed = seed * 1103515245u + 12345u;
                text[n] = (char)(seed >> 16);
            }
        } else {
            while (n < sizeof text - 16) {
                seed = seed * 1103515245u + 12345u;
                const char *w = words[(seed >> 16) % (sizeof words / sizeof words[0])];
                n += (size_t)snprintf(text + n, sizeof text - n, "%s ", w);
            }
        }
        arena_reset(story_ar);
        ck_assert_int_eq(story_parse(NULL, text, n, "2024-03-01", story_ar, &story_d), TRI_OK);
        char name[32];
        snprintf(name, sizeof name, "random round %d", round);
        check_doc(name, &story_d);
        /* the queries are safe on any range, even past the text */
        (void)story_is_hedged(&story_d, 0, (uint32_t)n + 10);
        bool ok = true;
        for (uint32_t k = 0; k < story_d.nfindings; k++) {
            const story_finding *f = &story_d.findings[k];
            (void)story_is_negated(&story_d, f->start, f->end);
            ok = ok && story_subject(&story_d, f->start, f->end) < story_d.npersons;
        }
        ck_assert_msg(ok, "%s: a subject out of bounds", name);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("story_hostile");
    TCase *tc = tcase_create("hostile");
    tcase_set_timeout(tc, 120);
    tcase_add_checked_fixture(tc, story_setup, story_teardown);
    tcase_add_loop_test(tc, floods_are_bounded, 0, sizeof floods / sizeof floods[0]);
    tcase_add_test(tc, invalid_utf8_is_bounded);
    tcase_add_test(tc, nul_bytes_are_bounded);
    tcase_add_test(tc, a_hundred_thousand_sentences);
    tcase_add_test(tc, many_people_are_capped);
    tcase_add_test(tc, random_input_keeps_the_invariants);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
