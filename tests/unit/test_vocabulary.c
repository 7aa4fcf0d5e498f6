/*
 * test_vocabulary.c - the vocabulary contract: the bundled knowledge base
 * defines every core question of tests/contract/vocabulary.yaml (a copy of
 * ../shared/vocabulary.yaml, refreshed when that file changes) with its type,
 * unit, bounds and option ids, uses every core condition id, and knows the
 * five triage levels in order. The knowledge base may add questions,
 * options and conditions; it must not rename or drop these.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "loader.h"
#include "support.h"

#define VOCABULARY TESTS_DIR "/contract/vocabulary.yaml"

static arena *ar;
static const node *vocab;
static tri_kb *kb;

static void print_problem(const tri_diag *d, void *ctx)
{
    (void)ctx;
    fprintf(stderr, "%s:%u:%u: %s\n", d->file, d->line, d->column, d->message);
}

static void setup(void)
{
    ar = arena_new(NULL);
    ck_assert_ptr_nonnull(ar);
    diag_sink d;
    tri_options opt = {0};
    opt.on_diag = print_problem;
    diag_init(&d, &opt, NULL);
    vocab = loader_parse_file(ar, VOCABULARY, &d);
    ck_assert_msg(vocab != NULL, "cannot read %s", VOCABULARY);
    kb = tri_kb_load_default(&opt, NULL);
    ck_assert_msg(kb != NULL, "the bundled knowledge base does not load");
}

static void teardown(void)
{
    tri_kb_free(kb);
    arena_free(ar);
}

/* The mapping under key, failing the test when it is missing. */
static const node *section(const char *key)
{
    const node *n = node_get(vocab, key);
    ck_assert_msg(n && n->kind == NODE_MAP, "vocabulary: '%s' is not a mapping", key);
    return n;
}

START_TEST(levels)
{
    const node *lv = section("triage_levels");
    ck_assert_int_eq(TRI_LEVEL_COUNT, 5);
    ck_assert_uint_eq(node_pairs(lv), TRI_LEVEL_COUNT);
    for (size_t i = 0; i < node_pairs(lv); i++) {
        const char *name = lv->kids[2 * i]->text;
        ck_assert_msg(!strcmp(tri_level_name((tri_level)i), name),
                      "level %zu: vocabulary says '%s', the engine '%s'", i, name,
                      tri_level_name((tri_level)i));
        tri_level parsed;
        ck_assert_msg(tri_level_parse(name, &parsed) && parsed == (tri_level)i,
                      "level '%s' does not parse to position %zu", name, i);
    }
}
END_TEST

START_TEST(conditions)
{
    const node *conds = section("conditions");
    ck_assert_uint_gt(node_pairs(conds), 0);
    for (size_t i = 0; i + 1 < conds->count; i += 2) {
        const char *id = conds->kids[i]->text;
        ck_assert_msg(tri_kb_condition_find(kb, id) >= 0, "condition '%s' is missing", id);
    }
}
END_TEST

static bool has_option(size_t q, const char *id)
{
    for (size_t o = 0; o < tri_question_option_count(kb, q); o++)
        if (!strcmp(tri_question_option_id(kb, q, o), id))
            return true;
    return false;
}

static void check_number(size_t q, const char *id, const node *spec)
{
    const node *unit = node_get(spec, "unit");
    if (unit) {
        const char *have = tri_question_unit(kb, q);
        ck_assert_msg(have && !strcmp(have, unit->text), "question '%s': unit '%s', expected '%s'",
                      id, have ? have : "(none)", unit->text);
    }
    double min, max;
    tri_question_bounds(kb, q, &min, &max);
    const node *lo = node_get(spec, "min"), *hi = node_get(spec, "max");
    if (lo)
        ck_assert_msg(min == strtod(lo->text, NULL), "question '%s': min %g, expected %s", id, min,
                      lo->text);
    if (hi)
        ck_assert_msg(max == strtod(hi->text, NULL), "question '%s': max %g, expected %s", id, max,
                      hi->text);
}

START_TEST(questions)
{
    const node *qs = section("questions");
    ck_assert_uint_gt(node_pairs(qs), 0);
    for (size_t i = 0; i + 1 < qs->count; i += 2) {
        const char *id = qs->kids[i]->text;
        const node *spec = qs->kids[i + 1];
        int q = tri_kb_question_find(kb, id);
        ck_assert_msg(q >= 0, "question '%s' is missing", id);
        const node *type = node_get(spec, "type");
        ck_assert_msg(type != NULL, "vocabulary: question '%s' has no type", id);
        const char *have = tri_qtype_name(tri_question_type(kb, (size_t)q));
        ck_assert_msg(!strcmp(have, type->text), "question '%s' is %s, expected %s", id, have,
                      type->text);
        if (!strcmp(type->text, "number"))
            check_number((size_t)q, id, spec);
        if (!strcmp(type->text, "yes_no")) {
            ck_assert_msg(has_option((size_t)q, "yes") && has_option((size_t)q, "no"),
                          "question '%s' lacks yes or no", id);
        }
        const node *opts = node_get(spec, "options");
        if (!opts)
            continue;
        ck_assert_msg(opts->kind == NODE_SEQ, "vocabulary: options of '%s' are not a list", id);
        for (size_t o = 0; o < opts->count; o++)
            ck_assert_msg(has_option((size_t)q, opts->kids[o]->text),
                          "question '%s' has no option '%s'", id, opts->kids[o]->text);
    }
}
END_TEST

static Suite *vocabulary_suite(void)
{
    Suite *s = suite_create("vocabulary");
    TCase *tc = tcase_create("contract");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, levels);
    tcase_add_test(tc, conditions);
    tcase_add_test(tc, questions);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return run_suite(vocabulary_suite());
}
