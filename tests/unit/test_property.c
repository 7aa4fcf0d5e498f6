/*
 * test_property.c - properties over thousands of random answer sets on the
 * bundled knowledge base (seeded: the same sets every run; set
 * TRIAGE_PROPERTY_SEED to try others, TRIAGE_PROPERTY_COUNT for more):
 *
 *   1. the result does not depend on the order of the keys in an answers file;
 *   2. an answers file, the same answers as a JSON Lines record, and the same
 *      answers given one by one through tri_session_answer give the same
 *      result (the whole JSON report, byte for byte);
 *   3. adding an answer that raises a red flag never makes the level less
 *      urgent, and the level is at least as urgent as that red flag.
 *
 * A failure prints the seed and the answers file that broke the property.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

/* ---- a small reproducible generator ------------------------------------------ */

static uint64_t rng_state;

static uint64_t next_random(void)
{
    /* xorshift64*: good enough to pick answers, identical on every machine */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 2685821657736338717ull;
}

static size_t pick(size_t n)
{
    return n ? (size_t)(next_random() % n) : 0;
}

/* ---- one random answer set -------------------------------------------------- */

#define MAX_ITEMS 8

typedef struct answer_value {
    size_t q;
    bool unknown;
    size_t nitems; /* a list (multi) when > 1, or when list is set */
    bool list;
    char items[MAX_ITEMS][64];
} answer_value;

typedef struct answer_set {
    bool dated;
    size_t n;
    answer_value a[512];
} answer_set;

static const char *const durations[] = {
    "1 s",        "0.5-4 s",      "half a second", "about two seconds", "10 min",
    "3-8 min",    "3 days",       "2 weeks",       "5 months",          "2 years",
    "less than a second", "more than 5 minutes", "a few days", "since 2022-09",
    "since September",
};
static const char *const texts[] = {
    "I bit my tongue", "it started after a lot of coffee", "my face droops on one side",
    "nothing else",    "it wakes me at night",             "tingling in my arm",
};

static bool is_since(const char *t)
{
    return !strncmp(t, "since ", 6);
}

static void random_value(const tri_kb *kb, size_t q, bool dated, answer_value *v)
{
    memset(v, 0, sizeof *v);
    v->q = q;
    if (pick(8) == 0) {
        v->unknown = true;
        return;
    }
    size_t nopt = tri_question_option_count(kb, q);
    switch (tri_question_type(kb, q)) {
    case TRI_Q_CHOICE:
    case TRI_Q_YES_NO:
        snprintf(v->items[0], sizeof v->items[0], "%s", tri_question_option_id(kb, q, pick(nopt)));
        v->nitems = 1;
        break;
    case TRI_Q_MULTI: {
        v->list = true;
        size_t want = 1 + pick(nopt < 3 ? nopt : 3);
        for (size_t k = 0; k < want && v->nitems < MAX_ITEMS; k++) {
            const char *id = tri_question_option_id(kb, q, pick(nopt));
            bool dup = false;
            for (size_t j = 0; j < v->nitems; j++)
                dup |= !strcmp(v->items[j], id);
            if (!dup)
                snprintf(v->items[v->nitems++], sizeof v->items[0], "%s", id);
        }
        /* `none` stands alone */
        for (size_t j = 0; j < v->nitems; j++)
            if (!strcmp(v->items[j], "none")) {
                snprintf(v->items[0], sizeof v->items[0], "none");
                v->nitems = 1;
            }
        break;
    }
    case TRI_Q_NUMBER: {
        double lo = 0, hi = 100;
        tri_question_bounds(kb, q, &lo, &hi);
        if (hi > 1000)
            hi = 1000;
        snprintf(v->items[0], sizeof v->items[0], "%ld", (long)lo + (long)pick((size_t)(hi - lo) + 1));
        v->nitems = 1;
        break;
    }
    case TRI_Q_DURATION: {
        const char *d;
        do
            d = durations[pick(sizeof durations / sizeof durations[0])];
        while (!dated && is_since(d));
        snprintf(v->items[0], sizeof v->items[0], "%s", d);
        v->nitems = 1;
        break;
    }
    default:
        snprintf(v->items[0], sizeof v->items[0], "%s", texts[pick(sizeof texts / sizeof texts[0])]);
        v->nitems = 1;
        break;
    }
}

static void random_set(const tri_kb *kb, answer_set *as)
{
    as->dated = pick(2);
    as->n = 0;
    size_t nq = tri_kb_question_count(kb);
    size_t want = pick(nq + 1);
    for (size_t q = 0; q < nq && as->n < sizeof as->a / sizeof as->a[0]; q++)
        if (pick(nq) < want)
            random_value(kb, q, as->dated, &as->a[as->n++]);
}

/* Fisher-Yates. */
static void shuffle(answer_set *as)
{
    for (size_t i = as->n; i > 1; i--) {
        size_t j = pick(i);
        answer_value t = as->a[i - 1];
        as->a[i - 1] = as->a[j];
        as->a[j] = t;
    }
}

/* ---- the three ways in ------------------------------------------------------- */

typedef struct text {
    char s[65536];
    size_t n;
} text;

static void put(text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(text *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(t->s + t->n, sizeof t->s - t->n, fmt, ap);
    va_end(ap);
    ck_assert_msg(k >= 0 && (size_t)k < sizeof t->s - t->n, "generated file too long");
    t->n += (size_t)k;
}

static const char *const the_day = "2023-02-16";

static void answers_yaml(const tri_kb *kb, const answer_set *as, text *t)
{
    t->n = 0;
    if (as->dated)
        put(t, "date: %s\n", the_day);
    put(t, "answers:\n");
    for (size_t i = 0; i < as->n; i++) {
        const answer_value *v = &as->a[i];
        put(t, "  %s: ", tri_question_id(kb, v->q));
        if (v->unknown) {
            put(t, "unknown\n");
            continue;
        }
        if (v->list)
            put(t, "[");
        for (size_t j = 0; j < v->nitems; j++)
            put(t, "%s\"%s\"", j ? ", " : "", v->items[j]);
        put(t, v->list ? "]\n" : "\n");
    }
}

static void answers_json(const tri_kb *kb, const answer_set *as, text *t)
{
    t->n = 0;
    put(t, "{");
    for (size_t i = 0; i < as->n; i++) {
        const answer_value *v = &as->a[i];
        put(t, "%s\"%s\": ", i ? ", " : "", tri_question_id(kb, v->q));
        if (v->unknown) {
            put(t, "\"unknown\"");
            continue;
        }
        if (v->list)
            put(t, "[");
        for (size_t j = 0; j < v->nitems; j++)
            put(t, "%s\"%s\"", j ? ", " : "", v->items[j]);
        if (v->list)
            put(t, "]");
    }
    put(t, "}");
}

static const char *report(tri_session *s, char *copy, size_t size)
{
    tri_session_evaluate(s);
    const char *r = tri_session_report_json(s, NULL, NULL);
    ck_assert_ptr_nonnull(r);
    snprintf(copy, size, "%s", r);
    return copy;
}

static char seed_note[128];

static void fail_with(const char *what, const text *file)
{
    ck_abort_msg("%s (%s); the answers file:\n%.*s", what, seed_note, (int)file->n, file->s);
}

static tri_session *from_yaml(const tri_kb *kb, const text *t)
{
    tri_session *s = tri_session_new(kb, NULL, NULL);
    tri_error err;
    if (tri_session_load_answers(s, "random.yaml", t->s, t->n, &err) != TRI_OK) {
        char msg[512];
        snprintf(msg, sizeof msg, "the answers file was refused: %u:%u: %s", err.line, err.column,
                 err.message);
        fail_with(msg, t);
    }
    return s;
}

static tri_session *from_json(const tri_kb *kb, const answer_set *as, const text *file)
{
    text t;
    answers_json(kb, as, &t);
    tri_session *s = tri_session_new(kb, NULL, NULL);
    if (as->dated)
        tri_session_set_date(s, the_day);
    tri_error err;
    if (tri_session_load_answers_json(s, "random.jsonl", 1, t.s, t.n, &err) != TRI_OK) {
        char msg[512];
        snprintf(msg, sizeof msg, "the JSON record was refused: %s", err.message);
        fail_with(msg, file);
    }
    return s;
}

static tri_session *from_calls(const tri_kb *kb, const answer_set *as, const text *file)
{
    tri_session *s = tri_session_new(kb, NULL, NULL);
    if (as->dated)
        tri_session_set_date(s, the_day);
    for (size_t i = 0; i < as->n; i++) {
        const answer_value *v = &as->a[i];
        char joined[MAX_ITEMS * 66] = "unknown";
        size_t at = 0;
        for (size_t j = 0; !v->unknown && j < v->nitems; j++)
            at += (size_t)snprintf(joined + at, sizeof joined - at, "%s%s", j ? ", " : "",
                                   v->items[j]);
        tri_error err;
        if (tri_session_answer(s, v->q, joined, &err) != TRI_OK) {
            char msg[512];
            snprintf(msg, sizeof msg, "tri_session_answer(%s, '%s'): %s",
                     tri_question_id(kb, v->q), joined, err.message);
            fail_with(msg, file);
        }
    }
    return s;
}

/* ---- the properties -------------------------------------------------------- */

static unsigned long property_count(void)
{
    const char *e = getenv("TRIAGE_PROPERTY_COUNT");
    return e ? strtoul(e, NULL, 10) : 2000;
}

static void start(void)
{
    const char *e = getenv("TRIAGE_PROPERTY_SEED");
    uint64_t seed = e ? strtoull(e, NULL, 10) : 20230216u;
    rng_state = seed ? seed : 1;
    snprintf(seed_note, sizeof seed_note, "TRIAGE_PROPERTY_SEED=%llu", (unsigned long long)seed);
}

static char r1[1 << 16], r2[1 << 16], r3[1 << 16], r4[1 << 16];

START_TEST(order_of_keys_and_way_in_do_not_change_the_result)
{
    start();
    tri_kb *kb = tri_kb_load_default(NULL, NULL);
    ck_assert_ptr_nonnull(kb);
    static answer_set as;
    static text file, shuffled;
    unsigned long n = property_count(), answered = 0;
    for (unsigned long i = 0; i < n; i++) {
        random_set(kb, &as);
        answered += as.n;
        answers_yaml(kb, &as, &file);
        tri_session *a = from_yaml(kb, &file);
        tri_session *b = from_json(kb, &as, &file);
        tri_session *c = from_calls(kb, &as, &file);
        shuffle(&as);
        answers_yaml(kb, &as, &shuffled);
        tri_session *d = from_yaml(kb, &shuffled);
        report(a, r1, sizeof r1);
        if (strcmp(r1, report(d, r4, sizeof r4)))
            fail_with("the order of the keys changed the result", &file);
        if (strcmp(r1, report(b, r2, sizeof r2)))
            fail_with("the JSON Lines record gave another result", &file);
        if (strcmp(r1, report(c, r3, sizeof r3)))
            fail_with("tri_session_answer gave another result", &file);
        tri_session_free(a);
        tri_session_free(b);
        tri_session_free(c);
        tri_session_free(d);
    }
    printf("property: %lu random answer sets (%lu answers), %s: order, file, record and calls "
           "agree\n",
           n, answered, seed_note);
    tri_kb_free(kb);
}
END_TEST

START_TEST(a_red_flag_answer_never_lowers_the_level)
{
    start();
    tri_kb *kb = tri_kb_load_default(NULL, NULL);
    ck_assert_ptr_nonnull(kb);
    size_t nq = tri_kb_question_count(kb);
    static answer_set as;
    static text file, added;
    unsigned long n = property_count(), checked = 0;
    for (unsigned long i = 0; i < n; i++) {
        random_set(kb, &as);
        /* a red-flag question this set leaves unanswered */
        size_t q = pick(nq), tries = 0;
        bool free_q = false;
        for (; tries < nq && !free_q; tries++, q = (q + 1) % nq) {
            free_q = tri_question_is_red_flag(kb, q) && tri_question_option_count(kb, q);
            for (size_t k = 0; free_q && k < as.n; k++)
                free_q = as.a[k].q != q;
            if (free_q)
                break;
        }
        if (!free_q || as.n == sizeof as.a / sizeof as.a[0])
            continue;
        answers_yaml(kb, &as, &file);
        tri_session *base = from_yaml(kb, &file);
        tri_session_evaluate(base);
        tri_level before = tri_result_level(base);
        size_t flags_before = tri_result_red_flag_count(base);
        /* each of its options in turn */
        for (size_t o = 0; o < tri_question_option_count(kb, q); o++) {
            answer_value *v = &as.a[as.n++];
            memset(v, 0, sizeof *v);
            v->q = q;
            v->nitems = 1;
            v->list = tri_question_type(kb, q) == TRI_Q_MULTI;
            snprintf(v->items[0], sizeof v->items[0], "%s", tri_question_option_id(kb, q, o));
            answers_yaml(kb, &as, &added);
            as.n--;
            tri_session *s = from_yaml(kb, &added);
            tri_session_evaluate(s);
            size_t flags = tri_result_red_flag_count(s);
            if (flags <= flags_before) {
                tri_session_free(s);
                continue;
            }
            checked++;
            tri_level after = tri_result_level(s);
            char msg[256];
            if (after > before) {
                snprintf(msg, sizeof msg, "answering %s: %s raised a red flag but lowered the "
                         "level from %s to %s", tri_question_id(kb, q), v->items[0],
                         tri_level_name(before), tri_level_name(after));
                fail_with(msg, &added);
            }
            for (size_t f = 0; f < flags; f++) {
                tri_level rf = tri_red_flag_level(kb, tri_result_red_flag(s, f));
                if (after > rf) {
                    snprintf(msg, sizeof msg, "red flag %s (%s) raised but the level is %s",
                             tri_red_flag_id(kb, tri_result_red_flag(s, f)), tri_level_name(rf),
                             tri_level_name(after));
                    fail_with(msg, &added);
                }
            }
            tri_session_free(s);
        }
        tri_session_free(base);
    }
    printf("property: %lu random answer sets, %lu answers that raise a red flag, %s: none "
           "lowered the level\n",
           n, checked, seed_note);
    ck_assert_msg(checked > n / 20, "only %lu red-flag answers were tried", checked);
    tri_kb_free(kb);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("property");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, order_of_keys_and_way_in_do_not_change_the_result);
    tcase_add_test(tc, a_red_flag_answer_never_lowers_the_level);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
