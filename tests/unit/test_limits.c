/*
 * test_limits.c - each documented input limit (README, "Limits on input"),
 * exceeded by one: a clear message (with its position when it has one) and
 * the status the limit promises. Directory limits build their trees in a
 * temporary directory.
 */
#define _XOPEN_SOURCE 700 /* nftw */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "support.h"

static char tmp[256];

static void make_tmp(void)
{
    snprintf(tmp, sizeof tmp, "/tmp/triage-limits-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmp));
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static void remove_tmp(void)
{
    nftw(tmp, remove_one, 64, FTW_DEPTH | FTW_PHYS);
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    ck_assert_msg(f != NULL, "%s: %s", path, strerror(errno));
    fputs(text, f);
    fclose(f);
}

static const char one_question[] = "questions:\n  - {id: q, type: yes_no, text: Q?}\n";

/* Loads path as rules; returns the status, the collected messages in *c. */
static tri_status load_path(const char *path, collected *c)
{
    memset(c, 0, sizeof *c);
    tri_options opt = {0};
    opt.on_diag = collect_diag;
    opt.diag_ctx = c;
    tri_error err;
    tri_kb *kb = tri_kb_load(path, &opt, &err);
    tri_kb_free(kb);
    return kb ? TRI_OK : err.status;
}

START_TEST(rule_sources_over_512)
{
    tri_source src[TRI_MAX_FILES + 1];
    for (size_t i = 0; i < TRI_MAX_FILES + 1; i++)
        src[i] = (tri_source){"r.yaml", one_question, sizeof one_question - 1};
    collected c = {0};
    tri_options opt = {0};
    opt.on_diag = collect_diag;
    opt.diag_ctx = &c;
    tri_error err;
    ck_assert_ptr_null(tri_kb_load_sources(src, TRI_MAX_FILES + 1, &opt, &err));
    ck_assert_int_eq(err.status, TRI_ERR_LIMIT);
    ck_assert_str_eq(c.text, "0:0: error: 513 rule files, over the limit of 512\n");
}
END_TEST

START_TEST(rule_files_over_512_in_a_directory)
{
    make_tmp();
    char path[512];
    for (int i = 0; i < TRI_MAX_FILES + 1; i++) {
        snprintf(path, sizeof path, "%s/r%03d.yaml", tmp, i);
        write_file(path, "{}\n");
    }
    collected c;
    ck_assert_int_eq(load_path(tmp, &c), TRI_ERR_LIMIT);
    ck_assert_ptr_nonnull(strstr(c.text, "more than 512 rule files"));
    remove_tmp();
}
END_TEST

START_TEST(directories_nested_over_16)
{
    make_tmp();
    char path[4096];
    size_t at = (size_t)snprintf(path, sizeof path, "%s", tmp);
    for (int i = 0; i < 17; i++) {
        at += (size_t)snprintf(path + at, sizeof path - at, "/d");
        ck_assert_int_eq(mkdir(path, 0700), 0);
    }
    snprintf(path + at, sizeof path - at, "/r.yaml");
    write_file(path, one_question);
    collected c;
    ck_assert_int_eq(load_path(tmp, &c), TRI_ERR_LIMIT);
    char want[512];
    snprintf(want, sizeof want, "directories nested more than 16 deep under '%s'", tmp);
    ck_assert_msg(strstr(c.text, want) != NULL, "%s", c.text);
    remove_tmp();
}
END_TEST

START_TEST(directories_over_1024)
{
    make_tmp();
    char path[512];
    for (int i = 0; i < 1025; i++) {
        snprintf(path, sizeof path, "%s/d%04d", tmp, i);
        ck_assert_int_eq(mkdir(path, 0700), 0);
    }
    snprintf(path, sizeof path, "%s/d0000/r.yaml", tmp);
    write_file(path, one_question);
    collected c;
    ck_assert_int_eq(load_path(tmp, &c), TRI_ERR_LIMIT);
    ck_assert_msg(strstr(c.text, "more than 1024 directories under") != NULL, "%s", c.text);
    remove_tmp();
}
END_TEST

START_TEST(names_over_65536_in_a_walk)
{
    make_tmp();
    char path[512];
    for (int i = 0; i < 65537; i++) {
        snprintf(path, sizeof path, "%s/n%05d", tmp, i);
        int fd = open(path, O_WRONLY | O_CREAT, 0600);
        ck_assert_int_ge(fd, 0);
        close(fd);
    }
    collected c;
    ck_assert_int_eq(load_path(tmp, &c), TRI_ERR_LIMIT);
    ck_assert_msg(strstr(c.text, "more than 65536 entries under") != NULL, "%s", c.text);
    remove_tmp();
}
END_TEST

START_TEST(options_over_64)
{
    char y[8192];
    size_t at = (size_t)snprintf(y, sizeof y,
                                 "questions:\n  - id: q\n    type: choice\n    text: Q?\n"
                                 "    options:\n");
    for (int i = 0; i < TRI_MAX_OPTIONS + 1; i++)
        at += (size_t)snprintf(y + at, sizeof y - at, "      - {id: o%d, text: O}\n", i);
    collected c;
    ck_assert_ptr_null(kb_from_string(y, &c));
    ck_assert_msg(strstr(c.text, "6:7: error: a question may have at most 64 options, found 65") !=
                      NULL,
                  "%s", c.text);
}
END_TEST

START_TEST(answers_over_64_for_one_question)
{
    char y[8192];
    size_t at = (size_t)snprintf(y, sizeof y,
                                 "questions:\n  - id: m\n    type: multi\n    text: Q?\n"
                                 "    options: [{id: a, text: A}, {id: b, text: B}]\n");
    y[at] = '\0';
    tri_kb *kb = kb_from_string(y, NULL);
    ck_assert_ptr_nonnull(kb);
    at = (size_t)snprintf(y, sizeof y, "answers:\n  m: [");
    for (int i = 0; i < TRI_MAX_OPTIONS + 1; i++)
        at += (size_t)snprintf(y + at, sizeof y - at, "%sa", i ? ", " : "");
    at += (size_t)snprintf(y + at, sizeof y - at, "]\n");
    collected c = {0};
    tri_options opt = {0};
    opt.on_diag = collect_diag;
    opt.diag_ctx = &c;
    tri_session *s = tri_session_new(kb, &opt, NULL);
    ck_assert_int_eq(tri_session_load_answers(s, "a.yaml", y, at, NULL), TRI_ERR_INVALID);
    ck_assert_str_eq(c.text, "2:6: error: more than 64 answers for 'm'\n");
    tri_session_free(s);
    tri_kb_free(kb);
}
END_TEST

START_TEST(the_longest_list_answer_is_kept_whole)
{
    /* 64 options with ids of 63 characters, all chosen: the canonical text
     * "[id0, id1, ...]" is 4,162 bytes and must not be cut short */
    static char y[16384], a[8192], want[8192];
    size_t at = (size_t)snprintf(y, sizeof y,
                                 "questions:\n  - id: m\n    type: multi\n    text: Q?\n"
                                 "    options:\n");
    size_t aw = (size_t)snprintf(a, sizeof a, "answers:\n  m: [");
    size_t ww = (size_t)snprintf(want, sizeof want, "[");
    for (int i = 0; i < TRI_MAX_OPTIONS; i++) {
        char id[64];
        snprintf(id, sizeof id, "o%02d%.60s", i,
                 "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
        ck_assert_uint_eq(strlen(id), 63);
        at += (size_t)snprintf(y + at, sizeof y - at, "      - {id: %s, text: O}\n", id);
        aw += (size_t)snprintf(a + aw, sizeof a - aw, "%s%s", i ? ", " : "", id);
        ww += (size_t)snprintf(want + ww, sizeof want - ww, "%s%s", i ? ", " : "", id);
    }
    aw += (size_t)snprintf(a + aw, sizeof a - aw, "]\n");
    snprintf(want + ww, sizeof want - ww, "]");
    collected c;
    tri_kb *kb = kb_from_string(y, &c);
    ck_assert_msg(kb != NULL, "%s", c.text);
    tri_session *s = tri_session_new(kb, NULL, NULL);
    ck_assert_int_eq(tri_session_load_answers(s, "a.yaml", a, aw, NULL), TRI_OK);
    ck_assert_str_eq(tri_session_answer_text(s, 0), want);
    tri_session_free(s);
    tri_kb_free(kb);
}
END_TEST

START_TEST(json_lines_record_over_2_mib)
{
    tri_kb *kb = kb_from_string(one_question, NULL);
    ck_assert_ptr_nonnull(kb);
    size_t n = TRI_MAX_FILE_BYTES + 1;
    char *rec = malloc(n);
    memset(rec, ' ', n);
    rec[0] = '{';
    rec[n - 1] = '}';
    collected c = {0};
    tri_options opt = {0};
    opt.on_diag = collect_diag;
    opt.diag_ctx = &c;
    tri_session *s = tri_session_new(kb, &opt, NULL);
    ck_assert_int_eq(tri_session_load_answers_json(s, "r.jsonl", 7, rec, n, NULL), TRI_ERR_LIMIT);
    ck_assert_ptr_nonnull(strstr(c.text, "over the limit of 2097152 bytes"));
    tri_session_free(s);
    tri_kb_free(kb);
    free(rec);
}
END_TEST

START_TEST(answers_file_over_2_mib_is_refused_before_reading)
{
    make_tmp();
    char path[512];
    snprintf(path, sizeof path, "%s/big.yaml", tmp);
    int fd = open(path, O_WRONLY | O_CREAT, 0600);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(ftruncate(fd, (off_t)TRI_MAX_FILE_BYTES + 1), 0);
    close(fd);
    tri_kb *kb = kb_from_string(one_question, NULL);
    collected c = {0};
    tri_options opt = {0};
    opt.on_diag = collect_diag;
    opt.diag_ctx = &c;
    tri_session *s = tri_session_new(kb, &opt, NULL);
    ck_assert_int_eq(tri_session_load_answers_file(s, path, NULL), TRI_ERR_LIMIT);
    ck_assert_ptr_nonnull(strstr(c.text, "is over the limit of 2097152 bytes"));
    tri_session_free(s);
    tri_kb_free(kb);
    remove_tmp();
}
END_TEST

START_TEST(special_files_are_refused_at_once)
{
    make_tmp();
    char path[512];
    snprintf(path, sizeof path, "%s/fifo.yaml", tmp);
    ck_assert_int_eq(mkfifo(path, 0600), 0);
    collected c;
    /* no writer: opening it to read would block forever */
    ck_assert_int_eq(load_path(path, &c), TRI_ERR_IO);
    ck_assert_msg(strstr(c.text, "it is a FIFO (named pipe), not a file") != NULL, "%s", c.text);
    tri_kb *kb = kb_from_string(one_question, NULL);
    tri_session *s = tri_session_new(kb, NULL, NULL);
    ck_assert_int_eq(tri_session_load_answers_file(s, path, NULL), TRI_ERR_IO);
    ck_assert_int_eq(tri_session_load_answers_file(s, "/dev/zero", NULL), TRI_ERR_IO);
    ck_assert_int_eq(tri_session_load_answers_file(s, tmp, NULL), TRI_ERR_IO);
    tri_session_free(s);
    tri_cases *cs = tri_cases_new(kb, NULL, NULL);
    ck_assert_int_eq(tri_cases_add_path(cs, path, NULL), TRI_ERR_IO);
    tri_cases_free(cs);
    tri_kb_free(kb);
    remove_tmp();
}
END_TEST

START_TEST(symlink_loops_are_walked_once)
{
    make_tmp();
    char path[512], target[512];
    snprintf(path, sizeof path, "%s/r.yaml", tmp);
    write_file(path, one_question);
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/self%d", tmp, i);
        ck_assert_int_eq(symlink(".", path), 0);
    }
    snprintf(path, sizeof path, "%s/sub", tmp);
    ck_assert_int_eq(mkdir(path, 0700), 0);
    snprintf(path, sizeof path, "%s/sub/up", tmp);
    snprintf(target, sizeof target, "..");
    ck_assert_int_eq(symlink(target, path), 0);
    collected c;
    memset(&c, 0, sizeof c);
    tri_options opt = {0};
    opt.on_diag = collect_diag;
    opt.diag_ctx = &c;
    tri_kb *kb = tri_kb_load(tmp, &opt, NULL);
    ck_assert_msg(kb != NULL, "%s", c.text);
    ck_assert_uint_eq(tri_kb_file_count(kb), 1);
    tri_kb_free(kb);
    remove_tmp();
}
END_TEST

int main(void)
{
    Suite *s = suite_create("limits");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, rule_sources_over_512);
    tcase_add_test(tc, rule_files_over_512_in_a_directory);
    tcase_add_test(tc, directories_nested_over_16);
    tcase_add_test(tc, directories_over_1024);
    tcase_add_test(tc, names_over_65536_in_a_walk);
    tcase_add_test(tc, options_over_64);
    tcase_add_test(tc, answers_over_64_for_one_question);
    tcase_add_test(tc, the_longest_list_answer_is_kept_whole);
    tcase_add_test(tc, json_lines_record_over_2_mib);
    tcase_add_test(tc, answers_file_over_2_mib_is_refused_before_reading);
    tcase_add_test(tc, special_files_are_refused_at_once);
    tcase_add_test(tc, symlink_loops_are_walked_once);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
