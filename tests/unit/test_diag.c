/*
 * test_diag.c - diagnostics stay bounded whatever the input: at most
 * TRI_MAX_DIAGNOSTICS per file then one "too many errors", excerpts cut
 * around the column of a huge line, positions found through the file's
 * index for every kind of line break, wide encodings refused, a UTF-8
 * byte-order mark accepted, duplicate keys found in linear time.
 *
 * The big inputs here took minutes before (quadratic work); CTest runs this
 * file under a generous time limit (tests/hostile/tests.cmake) rather than
 * timing single calls.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "loader.h"
#include "support.h"

/* Every diagnostic kept with its excerpt (the pointers die with the call). */
typedef struct seen_diag {
    tri_severity severity;
    unsigned line, column, length, first_column;
    bool cut;
    char check[32];
    char message[256];
    char excerpt[4 * TRI_MAX_EXCERPT + 1];
    size_t excerpt_len;
    bool has_excerpt;
} seen_diag;

typedef struct seen {
    seen_diag d[TRI_MAX_DIAGNOSTICS + 8];
    size_t n, calls, longest;
} seen;

static void keep(const tri_diag *d, void *ctx)
{
    seen *s = ctx;
    s->calls++;
    if (d->source_line_len > s->longest)
        s->longest = d->source_line_len;
    if (s->n == sizeof s->d / sizeof s->d[0])
        return;
    seen_diag *k = &s->d[s->n++];
    k->severity = d->severity;
    k->line = d->line;
    k->column = d->column;
    k->length = d->length;
    k->first_column = d->source_first_column;
    k->cut = d->source_cut;
    snprintf(k->check, sizeof k->check, "%s", d->check);
    snprintf(k->message, sizeof k->message, "%s", d->message);
    k->has_excerpt = d->source_line != NULL;
    k->excerpt_len = d->source_line_len < sizeof k->excerpt - 1 ? d->source_line_len
                                                                 : sizeof k->excerpt - 1;
    if (d->source_line)
        memcpy(k->excerpt, d->source_line, k->excerpt_len);
    k->excerpt[k->excerpt_len] = '\0';
}

static const char rules[] =
    "questions:\n"
    "  - {id: note, type: text, text: Notes?}\n"
    "  - id: timing\n"
    "    type: choice\n"
    "    text: When?\n"
    "    options: [{id: sleep_onset, text: Onset}, {id: awake_only, text: Awake}]\n"
    "conditions: [{id: c, name: C, summary: c, level: routine}]\n"
    "rules:\n"
    "  - {id: r, when: {timing: sleep_onset}, then: [{support: {c: 0.5}}], because: b}\n";

/* Loads answers data into a fresh session on the rules above. */
static tri_status answers(const char *data, size_t len, bool json, seen *s, tri_error *err)
{
    memset(s, 0, sizeof *s);
    tri_kb *kb = kb_from_string(rules, NULL);
    ck_assert_ptr_nonnull(kb);
    tri_options opt = {0};
    opt.on_diag = keep;
    opt.diag_ctx = s;
    tri_session *ss = tri_session_new(kb, &opt, NULL);
    tri_status st = json ? tri_session_load_answers_json(ss, "a.jsonl", 1, data, len, err)
                         : tri_session_load_answers(ss, "a.yaml", data, len, err);
    tri_session_free(ss);
    tri_kb_free(kb);
    return st;
}

static tri_kb *rules_from(const char *data, size_t len, seen *s, tri_error *err)
{
    memset(s, 0, sizeof *s);
    tri_options opt = {0};
    opt.on_diag = keep;
    opt.diag_ctx = s;
    opt.lint = true;
    tri_source src = {"r.yaml", data, len};
    return tri_kb_load_sources(&src, 1, &opt, err);
}

/* A growing buffer for generated files. */
typedef struct buf {
    char *p;
    size_t n, cap;
} buf;

static void add(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(buf *b, const char *fmt, ...)
{
    va_list ap;
    for (;;) {
        va_start(ap, fmt);
        int k = vsnprintf(b->p + b->n, b->cap - b->n, fmt, ap);
        va_end(ap);
        if ((size_t)k < b->cap - b->n) {
            b->n += (size_t)k;
            return;
        }
        b->cap = b->cap ? b->cap * 2 + (size_t)k : 4096 + (size_t)k;
        b->p = realloc(b->p, b->cap);
        ck_assert_ptr_nonnull(b->p);
    }
}

/* ---- the cap ------------------------------------------------------------- */

/* Checks the shape every capped run has: TRI_MAX_DIAGNOSTICS ordinary
 * diagnostics, then one positionless "too many errors", then nothing. */
static void assert_capped(const seen *s, const char *file)
{
    ck_assert_uint_eq(s->calls, TRI_MAX_DIAGNOSTICS + 1);
    const seen_diag *last = &s->d[TRI_MAX_DIAGNOSTICS];
    ck_assert_str_eq(last->check, "too-many-errors");
    ck_assert_uint_eq(last->line, 0);
    ck_assert_int_eq(last->severity, TRI_SEV_ERROR);
    char want[128];
    snprintf(want, sizeof want, "too many errors in '%s' (the limit is %d per file), stopping",
             file, TRI_MAX_DIAGNOSTICS);
    ck_assert_str_eq(last->message, want);
    ck_assert_msg(s->longest <= 4 * TRI_MAX_EXCERPT, "an excerpt of %zu bytes", s->longest);
}

START_TEST(answers_file_of_54_kb_with_thousands_of_errors_is_capped)
{
    /* the shape that took 254 s of CPU in `triage run`: one line, each
     * diagnostic repeating it whole */
    buf b = {0};
    add(&b, "answers: {");
    for (int i = 0; b.n < 54000; i++)
        add(&b, "%sq%d: x", i ? ", " : "", i);
    add(&b, "}\n");
    seen s;
    tri_error err;
    ck_assert_int_eq(answers(b.p, b.n, false, &s, &err), TRI_ERR_INVALID);
    assert_capped(&s, "a.yaml");
    ck_assert_str_eq(s.d[0].message, "unknown question 'q0'");
    ck_assert_uint_eq(s.d[0].column, 11);
    ck_assert(s.d[0].cut); /* the line goes on for 54 KB */
    ck_assert_uint_eq(s.d[0].first_column, 1);
    ck_assert_uint_eq(diag_chars(s.d[0].excerpt, s.d[0].excerpt_len), TRI_MAX_EXCERPT);
    /* the first error is kept for callers without a callback */
    ck_assert_str_eq(err.message, "unknown question 'q0'");
    ck_assert_uint_eq(err.line, 1);
    free(b.p);
}
END_TEST

START_TEST(rule_file_with_40000_errors_is_capped)
{
    buf b = {0};
    add(&b, "questions:\n  - {id: q, type: yes_no, text: Q?}\nrules:\n");
    for (int i = 0; i < 40000; i++)
        add(&b, "  - {when: {zz: yes}}\n");
    seen s;
    tri_error err;
    ck_assert_ptr_null(rules_from(b.p, b.n, &s, &err));
    assert_capped(&s, "r.yaml");
    ck_assert_uint_eq(s.d[0].line, 4);
    ck_assert_str_eq(s.d[0].excerpt, "  - {when: {zz: yes}}");
    ck_assert_uint_ge(err.errors, 40000); /* all counted, 100 shown */
    free(b.p);
}
END_TEST

START_TEST(json_record_with_many_errors_is_capped)
{
    buf b = {0};
    add(&b, "{");
    for (int i = 0; i < 9000; i++)
        add(&b, "%s\"zz%d\": \"x\"", i ? ", " : "", i);
    add(&b, "}");
    seen s;
    tri_error err;
    ck_assert_int_eq(answers(b.p, b.n, true, &s, &err), TRI_ERR_INVALID);
    assert_capped(&s, "a.jsonl");
    free(b.p);
}
END_TEST

START_TEST(warnings_alone_are_capped_as_warnings)
{
    /* 150 questions no rule tests: lint warns about each, and the cap must
     * not turn those warnings into an error */
    buf b = {0};
    add(&b, "questions:\n");
    for (int i = 0; i < 150; i++)
        add(&b, "  - {id: q%d, type: yes_no, text: Q?}\n", i);
    seen s;
    tri_error err;
    tri_kb *kb = rules_from(b.p, b.n, &s, &err);
    ck_assert_ptr_nonnull(kb);
    ck_assert_uint_eq(err.errors, 0);
    ck_assert_uint_eq(s.calls, TRI_MAX_DIAGNOSTICS + 1);
    const seen_diag *last = &s.d[TRI_MAX_DIAGNOSTICS];
    ck_assert_str_eq(last->check, "too-many-errors");
    ck_assert_int_eq(last->severity, TRI_SEV_WARNING);
    ck_assert_ptr_nonnull(strstr(last->message, "too many warnings in 'r.yaml'"));
    tri_kb_free(kb);
    free(b.p);
}
END_TEST

/* ---- excerpts -------------------------------------------------------------- */

START_TEST(excerpt_is_a_window_around_the_column)
{
    /* a valid 3000-character text answer, then a mistake on the same line */
    buf b = {0};
    add(&b, "answers: {note: \"");
    for (int i = 0; i < 3000; i++)
        add(&b, "%c", 'a' + i % 26);
    add(&b, "\", timing: sleep_onst, note2: x}\n");
    seen s;
    tri_error err;
    ck_assert_int_eq(answers(b.p, b.n, false, &s, &err), TRI_ERR_INVALID);
    ck_assert_uint_eq(s.calls, 2);
    const seen_diag *d = &s.d[0];
    ck_assert_uint_eq(d->line, 1);
    ck_assert_uint_eq(d->column, 17 + 3000 + 11 + 1);
    ck_assert_uint_eq(d->first_column, d->column - 60);
    ck_assert(!d->cut); /* the line ends inside the window */
    /* the caret lands on the mistake */
    ck_assert_int_eq(strncmp(d->excerpt + (d->column - d->first_column), "sleep_onst", 10), 0);
    ck_assert_ptr_nonnull(strstr(d->excerpt, "note2: x}"));
    ck_assert_uint_eq(d->length, 10);
    free(b.p);
}
END_TEST

START_TEST(excerpt_of_a_short_line_is_the_line)
{
    const char *y = "answers:\n  timing: sleep_onst\n";
    seen s;
    tri_error err;
    ck_assert_int_eq(answers(y, strlen(y), false, &s, &err), TRI_ERR_INVALID);
    ck_assert_str_eq(s.d[0].excerpt, "  timing: sleep_onst");
    ck_assert_uint_eq(s.d[0].first_column, 1);
    ck_assert(!s.d[0].cut);
}
END_TEST

START_TEST(excerpts_count_characters_not_bytes)
{
    /* 100 two-byte characters before the mistake, on a line longer than the
     * window: the window starts 60 characters before the column */
    buf b = {0};
    add(&b, "answers: {note: \"");
    for (int i = 0; i < 100; i++)
        add(&b, "\xc3\xa9");
    add(&b, "\", timing: sleep_onst, ");
    for (int i = 0; i < 200; i++)
        add(&b, "\xc3\xa9");
    add(&b, ": x}\n");
    seen s;
    tri_error err;
    ck_assert_int_eq(answers(b.p, b.n, false, &s, &err), TRI_ERR_INVALID);
    const seen_diag *d = &s.d[0];
    ck_assert_uint_eq(d->column, 17 + 100 + 11 + 1);
    ck_assert_uint_eq(d->first_column, d->column - 60);
    ck_assert(d->cut);
    ck_assert_uint_eq(diag_chars(d->excerpt, d->excerpt_len), TRI_MAX_EXCERPT);
    /* 60 characters before the caret: 49 of them two bytes long */
    ck_assert_int_eq(strncmp(d->excerpt + 49 * 2 + 11, "sleep_onst", 10), 0);
    free(b.p);
}
END_TEST

/* One answers file with the given line break, a mistake on line n. */
static void check_line_break(const char *brk, const char *name)
{
    /* 1500 comment lines push the mistake far beyond the first checkpoints */
    buf b = {0};
    add(&b, "answers:%s", brk);
    for (int i = 0; i < 1500; i++)
        add(&b, "  # comment %d%s", i, brk);
    add(&b, "  timing: sleep_onst%s  note: fine%s", brk, brk);
    seen s;
    tri_error err;
    ck_assert_int_eq(answers(b.p, b.n, false, &s, &err), TRI_ERR_INVALID);
    ck_assert_msg(s.calls == 1, "%s: %zu diagnostics", name, s.calls);
    ck_assert_msg(s.d[0].line == 1502, "%s: line %u", name, s.d[0].line);
    ck_assert_msg(s.d[0].column == 11, "%s: column %u", name, s.d[0].column);
    ck_assert_msg(!strcmp(s.d[0].excerpt, "  timing: sleep_onst"), "%s: excerpt '%s'", name,
                  s.d[0].excerpt);
    free(b.p);
}

START_TEST(every_line_break_of_yaml_gives_the_same_position)
{
    check_line_break("\n", "LF");
    check_line_break("\r\n", "CR LF");
    check_line_break("\r", "CR");
    check_line_break("\xc2\x85", "NEL");
    check_line_break("\xe2\x80\xa8", "LS");
    check_line_break("\xe2\x80\xa9", "PS");
}
END_TEST

START_TEST(positions_from_offsets_use_the_same_line_breaks)
{
    /* an invalid byte: libyaml gives only its offset */
    const char y[] = "answers:\r  note: ok\r  timing: \xff\r";
    seen s;
    tri_error err;
    ck_assert_int_eq(answers(y, sizeof y - 1, false, &s, &err), TRI_ERR_INVALID);
    ck_assert_uint_eq(s.d[0].line, 3);
    ck_assert_uint_eq(s.d[0].column, 11);
    ck_assert_str_eq(s.d[0].check, "encoding");
}
END_TEST

/* ---- encodings ----------------------------------------------------------- */

START_TEST(wide_encodings_are_refused_with_their_name)
{
    static const struct {
        const char *data;
        size_t len;
        const char *name;
    } rows[] = {
        {"\xff\xfe" "a\0:\0 \0" "1\0", 10, "UTF-16"},     /* little-endian, BOM */
        {"\xfe\xff\0a\0:\0 \0" "1", 10, "UTF-16"},        /* big-endian, BOM */
        {"a\0:\0 \0" "1\0", 8, "UTF-16"},                 /* little-endian */
        {"\0a\0:\0 \0" "1", 8, "UTF-16"},                 /* big-endian */
        {"\xff\xfe\0\0" "a\0\0\0", 8, "UTF-32"},
        {"\0\0\xfe\xff\0\0\0a", 8, "UTF-32"},
        {"a\0\0\0:\0\0\0", 8, "UTF-32"},
        {"\0\0\0a\0\0\0:", 8, "UTF-32"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        seen s;
        tri_error err;
        ck_assert_int_eq(answers(rows[i].data, rows[i].len, false, &s, &err), TRI_ERR_INVALID);
        char want[128];
        snprintf(want, sizeof want, "the file is %s text; only UTF-8 is read (save it as UTF-8)",
                 rows[i].name);
        ck_assert_msg(!strcmp(s.d[0].message, want), "row %zu: %s", i, s.d[0].message);
        ck_assert_uint_eq(s.d[0].line, 1);
        ck_assert_uint_eq(s.d[0].column, 1);
        ck_assert(!s.d[0].has_excerpt); /* no garbled text */
    }
}
END_TEST

START_TEST(utf8_byte_order_mark_is_accepted_and_is_not_a_column)
{
    const char y[] = "\xef\xbb\xbf" "answers: {timing: sleep_onst}\n";
    seen s;
    tri_error err;
    ck_assert_int_eq(answers(y, sizeof y - 1, false, &s, &err), TRI_ERR_INVALID);
    ck_assert_uint_eq(s.d[0].column, 19);
    ck_assert_str_eq(s.d[0].excerpt, "answers: {timing: sleep_onst}");
    const char j[] = "\xef\xbb\xbf{\"timing\": \"sleep_onset\"}";
    ck_assert_int_eq(answers(j, sizeof j - 1, true, &s, &err), TRI_OK);
    const char ok[] = "\xef\xbb\xbf" "answers: {timing: sleep_onset}\n";
    ck_assert_int_eq(answers(ok, sizeof ok - 1, false, &s, &err), TRI_OK);
}
END_TEST

START_TEST(nesting_limit_is_a_positioned_input_error)
{
    char y[256];
    size_t at = (size_t)sprintf(y, "questions: ");
    for (int i = 0; i < 60; i++)
        y[at++] = '[';
    for (int i = 0; i < 60; i++)
        y[at++] = ']';
    y[at++] = '\n';
    seen s;
    tri_error err;
    ck_assert_ptr_null(rules_from(y, at, &s, &err));
    ck_assert_int_eq(err.status, TRI_ERR_INVALID); /* not a failure to read the file */
    ck_assert_str_eq(s.d[0].check, "nesting");
    ck_assert_uint_eq(s.d[0].line, 1);
    ck_assert_uint_eq(s.d[0].column, 12 + TRI_MAX_DEPTH - 1);
}
END_TEST

/* ---- duplicate keys ------------------------------------------------------ */

START_TEST(duplicate_key_among_150000_is_found)
{
    buf b = {0};
    for (int i = 0; i < 150000; i++)
        add(&b, "k%d: x\n", i);
    add(&b, "k77777: again\n");
    tri_options opt = {0};
    diag_sink d;
    diag_init(&d, &opt, NULL);
    arena *ar = arena_new(NULL);
    node *root = loader_parse(ar, "k.yaml", b.p, b.n, &d);
    ck_assert_ptr_nonnull(root);
    ck_assert_uint_eq(node_pairs(root), 150001);
    size_t dups = 0;
    for (size_t i = 0; i < root->count; i += 2)
        if (root->kids[i]->dup_of) {
            dups++;
            ck_assert_str_eq(root->kids[i]->text, "k77777");
            ck_assert_uint_eq(root->kids[i]->dup_of->line, 77778);
        }
    ck_assert_uint_eq(dups, 1);
    arena_free(ar);
    free(b.p);
}
END_TEST

START_TEST(answers_file_with_150000_keys_stops_at_the_cap)
{
    buf b = {0};
    add(&b, "answers:\n");
    for (int i = 0; i < 150000; i++)
        add(&b, "  k%d: x\n", i);
    seen s;
    tri_error err;
    ck_assert_int_eq(answers(b.p, b.n, false, &s, &err), TRI_ERR_INVALID);
    assert_capped(&s, "a.yaml");
    free(b.p);
}
END_TEST

START_TEST(rule_file_with_150000_keys_is_bounded)
{
    buf b = {0};
    add(&b, "questions:\n  - id: q\n    type: yes_no\n    text: Q?\n");
    for (int i = 0; i < 120000; i++)
        add(&b, "    k%d: x\n", i);
    seen s;
    tri_error err;
    ck_assert_ptr_null(rules_from(b.p, b.n, &s, &err));
    assert_capped(&s, "r.yaml");
    b.n = 0;
    for (int i = 0; i < 150000; i++)
        add(&b, "k%d: x\n", i);
    ck_assert_ptr_null(rules_from(b.p, b.n, &s, &err));
    assert_capped(&s, "r.yaml");
    free(b.p);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("diag");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, answers_file_of_54_kb_with_thousands_of_errors_is_capped);
    tcase_add_test(tc, rule_file_with_40000_errors_is_capped);
    tcase_add_test(tc, json_record_with_many_errors_is_capped);
    tcase_add_test(tc, warnings_alone_are_capped_as_warnings);
    tcase_add_test(tc, excerpt_is_a_window_around_the_column);
    tcase_add_test(tc, excerpt_of_a_short_line_is_the_line);
    tcase_add_test(tc, excerpts_count_characters_not_bytes);
    tcase_add_test(tc, every_line_break_of_yaml_gives_the_same_position);
    tcase_add_test(tc, positions_from_offsets_use_the_same_line_breaks);
    tcase_add_test(tc, wide_encodings_are_refused_with_their_name);
    tcase_add_test(tc, utf8_byte_order_mark_is_accepted_and_is_not_a_column);
    tcase_add_test(tc, nesting_limit_is_a_positioned_input_error);
    tcase_add_test(tc, duplicate_key_among_150000_is_found);
    tcase_add_test(tc, answers_file_with_150000_keys_stops_at_the_cap);
    tcase_add_test(tc, rule_file_with_150000_keys_is_bounded);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
