/*
 * test_load.c - load.c, the one place that builds a knowledge base: what a
 * loaded knowledge base keeps (its own records and texts, positions, never
 * the syntax trees or the files' bytes), measured with a counting allocator.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kb.h"
#include "support.h"

/* The bound on the live memory of the shipped rules once loaded. */
#define SHIPPED_RULES_MAX_BYTES 300000u

/* An allocator that counts live bytes (each block carries its size). */
typedef struct counting {
    tri_allocator a;
    size_t live, peak;
} counting;

typedef union header {
    size_t size;
    max_align_t align;
} header;

static void *count_malloc(size_t size, void *ctx)
{
    counting *c = ctx;
    header *h = malloc(sizeof *h + size);
    if (!h)
        return NULL;
    h->size = size;
    c->live += size;
    if (c->live > c->peak)
        c->peak = c->live;
    return h + 1;
}

static void count_free(void *p, void *ctx)
{
    counting *c = ctx;
    if (!p)
        return;
    header *h = (header *)p - 1;
    c->live -= h->size;
    free(h);
}

static void *count_realloc(void *p, size_t size, void *ctx)
{
    counting *c = ctx;
    if (!p)
        return count_malloc(size, ctx);
    header *h = (header *)p - 1;
    size_t old = h->size;
    header *n = realloc(h, sizeof *n + size);
    if (!n)
        return NULL;
    n->size = size;
    c->live = c->live - old + size;
    if (c->live > c->peak)
        c->peak = c->live;
    return n + 1;
}

static void counting_init(counting *c)
{
    memset(c, 0, sizeof *c);
    c->a = (tri_allocator){count_malloc, count_realloc, count_free, c};
}

START_TEST(shipped_rules_keep_only_what_they_use)
{
    counting c;
    counting_init(&c);
    tri_options opt = {0};
    opt.allocator = &c.a;
    tri_error err;
    tri_kb *kb = tri_kb_load_default(&opt, &err);
    ck_assert_msg(kb != NULL, "%s", err.message);
    size_t sources = 0, count;
    const tri_source *src = tri_default_sources(&count);
    for (size_t i = 0; i < count; i++)
        sources += src[i].size;
    printf("shipped rules: %zu files, %zu bytes; loaded: %zu bytes live (peak %zu)\n", count,
           sources, c.live, c.peak);
    ck_assert_msg(c.live <= SHIPPED_RULES_MAX_BYTES,
                  "the loaded shipped rules take %zu bytes, over the bound of %u", c.live,
                  SHIPPED_RULES_MAX_BYTES);
    /* the files' bytes and their trees (several times their size) went with the load */
    ck_assert_msg(c.peak > 4 * c.live, "peak %zu, live %zu: the trees were kept", c.peak, c.live);
    tri_kb_free(kb);
    ck_assert_uint_eq(c.live, 0);
}
END_TEST

/* Every text and id the knowledge base gives is its own copy: the bytes it
 * was loaded from may go at once. */
START_TEST(texts_outlive_the_source)
{
    static const char yaml[] =
        "questions:\n"
        "  - {id: timing, type: choice, text: When does it happen?,\n"
        "     options: [{id: sleep_onset, text: Falling asleep}, {id: awake, text: Awake}]}\n"
        "conditions:\n"
        "  - {id: hypnic_jerks, name: Hypnic jerks, summary: Jerks at sleep onset, level: self_care,\n"
        "     self_care: Sleep regularly, references: [https://example.org/hj]}\n"
        "rules:\n"
        "  - id: hj\n"
        "    when: {timing: sleep_onset}\n"
        "    then: [support: {hypnic_jerks: 0.6}]\n"
        "    because: Jerks as sleep begins\n";
    char *copy = malloc(sizeof yaml);
    ck_assert_ptr_nonnull(copy);
    memcpy(copy, yaml, sizeof yaml);
    tri_source src = {"mine.yaml", copy, sizeof yaml - 1};
    tri_error err;
    tri_kb *kb = tri_kb_load_sources(&src, 1, NULL, &err);
    ck_assert_msg(kb != NULL, "%s", err.message);
    memset(copy, 'x', sizeof yaml - 1);
    free(copy);
    ck_assert_str_eq(tri_question_id(kb, 0), "timing");
    ck_assert_str_eq(tri_question_text(kb, 0, NULL, false), "When does it happen?");
    ck_assert_str_eq(tri_question_option_id(kb, 0, 0), "sleep_onset");
    ck_assert_str_eq(tri_condition_name(kb, 0, NULL), "Hypnic jerks");
    unsigned line, col;
    ck_assert_str_eq(tri_rule_file(kb, 0, &line, &col), "mine.yaml");
    ck_assert_uint_eq(line, 8);
    ck_assert_uint_eq(col, 5);
    tri_kb_free(kb);
}
END_TEST

/* Equal texts are kept once. */
START_TEST(equal_texts_are_kept_once)
{
    tri_kb *kb = kb_from_string("questions:\n"
                                "  - {id: a, type: yes_no, text: Does it hurt?}\n"
                                "  - {id: b, type: yes_no, text: Does it hurt?, help: Does it hurt?}\n",
                                NULL);
    ck_assert_ptr_nonnull(kb);
    ck_assert_ptr_eq(tri_question_text(kb, 0, NULL, false), tri_question_text(kb, 1, NULL, false));
    ck_assert_ptr_eq(tri_question_text(kb, 1, NULL, false), tri_question_help(kb, 1, NULL));
    tri_kb_free(kb);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("load");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, shipped_rules_keep_only_what_they_use);
    tcase_add_test(tc, texts_outlive_the_source);
    tcase_add_test(tc, equal_texts_are_kept_once);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
