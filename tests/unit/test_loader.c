/*
 * test_loader.c - YAML to syntax tree: positions, and hostile input refused
 * with a clear error in bounded time and memory.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "diag.h"
#include "loader.h"
#include "support.h"

static node *parse(const char *text, size_t len, collected *c, arena **ar)
{
    memset(c, 0, sizeof *c);
    tri_options opt = {0};
    opt.on_diag = collect_diag;
    opt.diag_ctx = c;
    diag_sink d;
    diag_init(&d, &opt, NULL);
    *ar = arena_new(NULL);
    return loader_parse(*ar, "t.yaml", text, len, &d);
}

START_TEST(keeps_positions)
{
    collected c;
    arena *ar;
    const char *y = "rules:\n  - id: r1\n    because: \"quoted text\"\n";
    node *root = parse(y, strlen(y), &c, &ar);
    ck_assert_ptr_nonnull(root);
    const node *rules = node_get(root, "rules");
    ck_assert_int_eq(rules->kind, NODE_SEQ);
    const node *r = rules->kids[0];
    const node *id = node_get(r, "id");
    ck_assert_uint_eq(id->line, 2);
    ck_assert_uint_eq(id->col, 9);
    ck_assert_uint_eq(id->len, 2);
    const node *b = node_get(r, "because");
    ck_assert_uint_eq(b->line, 3);
    ck_assert_uint_eq(b->col, 15); /* inside the quotes */
    ck_assert_str_eq(b->text, "quoted text");
    ck_assert(!b->plain);
    arena_free(ar);
}
END_TEST

START_TEST(empty_file_is_empty_map)
{
    collected c;
    arena *ar;
    node *root = parse("", 0, &c, &ar);
    ck_assert_ptr_nonnull(root);
    ck_assert_int_eq(root->kind, NODE_MAP);
    ck_assert_uint_eq(root->count, 0);
    arena_free(ar);
}
END_TEST

START_TEST(syntax_error_has_position)
{
    collected c;
    arena *ar;
    const char *y = "a: b\n  c: d\n";
    ck_assert_ptr_null(parse(y, strlen(y), &c, &ar));
    ck_assert_uint_eq(c.errors, 1);
    ck_assert_msg(strstr(c.text, "2:") == c.text, "got: %s", c.text);
    ck_assert_ptr_nonnull(strstr(c.text, "invalid YAML"));
    arena_free(ar);
}
END_TEST

START_TEST(refuses_aliases_quickly)
{
    /* the "billion laughs": nine levels of ten aliases each */
    char y[4096];
    size_t at = (size_t)snprintf(y, sizeof y, "a0: &a0 [lol]\n");
    for (int i = 1; i < 10; i++) {
        at += (size_t)snprintf(y + at, sizeof y - at, "a%d: &a%d [", i, i);
        for (int j = 0; j < 10; j++)
            at += (size_t)snprintf(y + at, sizeof y - at, "%s*a%d", j ? "," : "", i - 1);
        at += (size_t)snprintf(y + at, sizeof y - at, "]\n");
    }
    collected c;
    arena *ar;
    clock_t t0 = clock();
    ck_assert_ptr_null(parse(y, at, &c, &ar));
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    ck_assert_msg(secs < 1.0, "took %.2f s", secs); /* bound, not a benchmark */
    ck_assert_ptr_nonnull(strstr(c.text, "aliases are not supported"));
    arena_free(ar);
}
END_TEST

START_TEST(refuses_deep_nesting)
{
    size_t n = 10000;
    char *y = malloc(2 * n + 1);
    memset(y, '[', n);
    memset(y + n, ']', n);
    y[2 * n] = '\0';
    collected c;
    arena *ar;
    ck_assert_ptr_null(parse(y, 2 * n, &c, &ar));
    ck_assert_ptr_nonnull(strstr(c.text, "nesting is deeper than the limit"));
    free(y);
    arena_free(ar);
}
END_TEST

START_TEST(refuses_huge_input)
{
    size_t n = TRI_MAX_FILE_BYTES + 1;
    char *y = malloc(n);
    memset(y, '#', n);
    collected c;
    arena *ar;
    ck_assert_ptr_null(parse(y, n, &c, &ar));
    ck_assert_ptr_nonnull(strstr(c.text, "over the limit"));
    free(y);
    arena_free(ar);
}
END_TEST

START_TEST(refuses_invalid_utf8)
{
    const char y[] = "a: b\nc: \"d\xff\xfe\"\n";
    collected c;
    arena *ar;
    ck_assert_ptr_null(parse(y, sizeof y - 1, &c, &ar));
    ck_assert_msg(strstr(c.text, "2:") == c.text, "got: %s", c.text);
    ck_assert_ptr_nonnull(strstr(c.text, "UTF-8"));
    arena_free(ar);
}
END_TEST

START_TEST(refuses_two_documents)
{
    const char *y = "a: 1\n---\nb: 2\n";
    collected c;
    arena *ar;
    ck_assert_ptr_null(parse(y, strlen(y), &c, &ar));
    ck_assert_ptr_nonnull(strstr(c.text, "only one YAML document"));
    arena_free(ar);
}
END_TEST

START_TEST(refuses_nul_bytes)
{
    const char y[] = "a: b\0c\n";
    collected c;
    arena *ar;
    ck_assert_ptr_null(parse(y, sizeof y - 1, &c, &ar));
    ck_assert_uint_ge(c.errors, 1);
    arena_free(ar);
}
END_TEST

START_TEST(reads_json_lines_at_their_line)
{
    collected c;
    memset(&c, 0, sizeof c);
    tri_options opt = {0};
    opt.on_diag = collect_diag;
    opt.diag_ctx = &c;
    diag_sink d;
    diag_init(&d, &opt, NULL);
    arena *ar = arena_new(NULL);
    const char *j = "{\"timing\":\"onset\", \"place\": [\"cheek\"]}";
    node *root = loader_parse_at(ar, "x.jsonl", 7, j, strlen(j), &d);
    ck_assert_ptr_nonnull(root);
    ck_assert_uint_eq(root->line, 7);
    ck_assert_str_eq(node_get(root, "timing")->text, "onset");
    ck_assert_ptr_null(loader_parse_at(ar, "x.jsonl", 9, "{\"a\": [}", 8, &d));
    ck_assert_msg(strncmp(c.text, "9:", 2) == 0, "got: %s", c.text);
    arena_free(ar);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("loader");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, keeps_positions);
    tcase_add_test(tc, empty_file_is_empty_map);
    tcase_add_test(tc, syntax_error_has_position);
    tcase_add_test(tc, refuses_aliases_quickly);
    tcase_add_test(tc, refuses_deep_nesting);
    tcase_add_test(tc, refuses_huge_input);
    tcase_add_test(tc, refuses_invalid_utf8);
    tcase_add_test(tc, refuses_two_documents);
    tcase_add_test(tc, refuses_nul_bytes);
    tcase_add_test(tc, reads_json_lines_at_their_line);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
