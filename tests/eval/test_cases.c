/*
 * test_cases.c - the library's case-file API (tri_cases_*, tri_case_*), with Check.
 *
 * Loads the fixtures of this directory against rules/basic.yaml and checks the accessors,
 * applying answers, the failure messages and scores of tri_case_check, the diagnostics for
 * invalid case files (position and message, row by row), and out of memory: failing the Nth
 * allocation for N = 0, 1, 2, ... gives a clean TRI_ERR_NOMEM and no leak (the engine's
 * allocations; libyaml's own use malloc and are not covered here, as in unit/test_oom.c).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "triage/triage.h"

static tri_kb *kb, *other_kb;

/* ---- helpers ---------------------------------------------------------------------- */

typedef struct collected {
    char text[8192];
    unsigned errors;
} collected;

static void collect(const tri_diag *d, void *ctx)
{
    collected *c = ctx;
    size_t n = strlen(c->text);
    snprintf(c->text + n, sizeof c->text - n, "%u:%u: %s: %s\n", d->line, d->column,
             d->severity == TRI_SEV_ERROR ? "error" : d->severity == TRI_SEV_NOTE ? "note" : "warning",
             d->message);
    c->errors += d->severity == TRI_SEV_ERROR;
}

static tri_cases *load(const char *file, collected *c, tri_status *st)
{
    tri_options opt = {0};
    opt.on_diag = collect;
    opt.diag_ctx = c;
    tri_cases *cs = tri_cases_new(kb, &opt, NULL);
    ck_assert_ptr_nonnull(cs);
    char path[512];
    snprintf(path, sizeof path, "%s/%s", EVAL_DIR, file);
    *st = tri_cases_add_path(cs, path, NULL);
    return cs;
}

static size_t find(const tri_cases *cs, const char *id)
{
    for (size_t i = 0; i < tri_cases_count(cs); i++)
        if (!strcmp(tri_case_id(cs, i), id))
            return i;
    ck_abort_msg("no case '%s'", id);
    return 0;
}

typedef struct failures {
    char text[2048];
    int keys[16];
    int n;
} failures;

static void on_failure(tri_expect key, const char *message, void *ctx)
{
    failures *f = ctx;
    size_t n = strlen(f->text);
    snprintf(f->text + n, sizeof f->text - n, "%s%s: %s", n ? "\n" : "", tri_expect_name(key),
             message);
    if (f->n < 16)
        f->keys[f->n++] = key;
}

static void setup(void)
{
    tri_error err;
    kb = tri_kb_load(EVAL_DIR "/rules/basic.yaml", NULL, &err);
    ck_assert_msg(kb != NULL, "basic.yaml: %s", err.message);
    other_kb = tri_kb_load(EVAL_DIR "/rules/basic-v2.yaml", NULL, &err);
    ck_assert_msg(other_kb != NULL, "basic-v2.yaml: %s", err.message);
}

static void teardown(void)
{
    tri_kb_free(kb);
    tri_kb_free(other_kb);
}

/* ---- accessors ---------------------------------------------------------------------- */

START_TEST(accessors)
{
    collected c = {"", 0};
    tri_status st;
    tri_cases *cs = load("cases/pass.yaml", &c, &st);
    ck_assert_msg(st == TRI_OK, "%s", c.text);
    ck_assert_uint_eq(tri_cases_count(cs), 9);
    size_t i = find(cs, "top-list-and-top3");
    unsigned line, col;
    const char *file = tri_case_file(cs, i, &line, &col);
    ck_assert_ptr_nonnull(strstr(file, "cases/pass.yaml"));
    ck_assert_uint_eq(line, 9);
    ck_assert_uint_eq(col, 5);
    ck_assert_str_eq(tri_case_source(cs, i), "made for the tests");
    ck_assert_str_eq(tri_case_note(cs, i), "the second explanation is argued for and against");
    ck_assert_ptr_null(tri_case_source(cs, 0));
    ck_assert_uint_eq(tri_case_answer_count(cs, i), 2);
    const char *text;
    size_t q = tri_case_answer(cs, i, 1, &text);
    ck_assert_str_eq(tri_question_id(kb, q), "place");
    ck_assert_str_eq(text, "[eyelid]");
    ck_assert_int_eq(tri_case_answer_find(cs, i, q), 1);
    ck_assert_int_eq(tri_case_answer_find(cs, i, (size_t)tri_kb_question_find(kb, "weak")), -1);
    ck_assert(tri_case_has_expect(cs, i, TRI_EXPECT_TOP));
    ck_assert(!tri_case_has_expect(cs, i, TRI_EXPECT_TRIAGE));
    ck_assert_uint_eq(tri_case_expect_count(cs, i, TRI_EXPECT_TOP), 2);
    ck_assert_uint_eq(tri_case_expect_count(cs, i, TRI_EXPECT_TRIAGE), 0);
    ck_assert_str_eq(tri_condition_id(kb, tri_case_expect_item(cs, i, TRI_EXPECT_TOP, 1)),
                     "eyelid_twitch");
    size_t r = find(cs, "red-flag-raised");
    ck_assert_str_eq(tri_red_flag_id(kb, tri_case_expect_item(cs, r, TRI_EXPECT_RED_FLAGS, 0)),
                     "rf_weakness");
    ck_assert_uint_eq(tri_case_expect_item(cs, r, TRI_EXPECT_TRIAGE, 1), TRI_LEVEL_EMERGENCY);
    ck_assert_uint_eq(tri_case_expect_item(cs, r, TRI_EXPECT_TRIAGE_AT_LEAST, 0), TRI_LEVEL_URGENT);
    tri_case_answer(cs, r, 1, &text);
    ck_assert_str_eq(text, "unknown");
    ck_assert_str_eq(tri_expect_name(TRI_EXPECT_TRIAGE_AT_LEAST), "triage_at_least");

    /* clearing forgets the cases; the same ids load again */
    tri_cases_clear(cs);
    ck_assert_uint_eq(tri_cases_count(cs), 0);
    ck_assert_int_eq(tri_cases_add_path(cs, EVAL_DIR "/cases/pass.yaml", NULL), TRI_OK);
    ck_assert_uint_eq(tri_cases_count(cs), 9);
    tri_cases_free(cs);
}
END_TEST

/* ---- applying and checking ---------------------------------------------------------------- */

START_TEST(passing_cases)
{
    collected c = {"", 0};
    tri_status st;
    tri_cases *cs = load("cases/pass.yaml", &c, &st);
    tri_session *s = tri_session_new(kb, NULL, NULL);
    for (size_t i = 0; i < tri_cases_count(cs); i++) {
        ck_assert_int_eq(tri_case_apply(cs, i, s, NULL), TRI_OK);
        failures f = {"", {0}, 0};
        tri_case_score sc;
        size_t n = tri_case_check(cs, i, s, &sc, on_failure, &f);
        ck_assert_msg(n == 0 && sc.failures == 0, "%s: %s", tri_case_id(cs, i), f.text);
        ck_assert_msg(!sc.has_top || (sc.top1 && sc.top3), "%s: top", tri_case_id(cs, i));
        ck_assert_msg(!sc.has_triage || (sc.triage_ok && !sc.under_triage && !sc.over_triage),
                      "%s: triage", tri_case_id(cs, i));
    }
    /* applying clears what was there before */
    size_t i = find(cs, "nothing-expected");
    tri_case_apply(cs, i, s, NULL);
    for (size_t q = 0; q < tri_kb_question_count(kb); q++)
        ck_assert_int_eq(tri_session_answer_state(s, q), TRI_UNANSWERED);
    tri_session_free(s);
    tri_cases_free(cs);
}
END_TEST

static const struct {
    const char *id;
    const char *failures;
    int top1, top3, triage_ok, under, over; /* -1: no such figure for the case */
    unsigned flags_expected, flags_raised;
} failing[] = {
    {"top-wrong", "top: expected top explanation eyelid_twitch, got sleep_start", 0, 1, -1, -1, -1, 0, 0},
    {"top-none", "top: expected top explanation sleep_start or leg_cramp, got none", 0, 0, -1, -1, -1, 0, 0},
    {"in-top3-missing",
     "in_top3: expected leg_cramp in the top 3, it was not considered (top 3: sleep_start, eyelid_twitch)",
     -1, -1, -1, -1, -1, 0, 0},
    {"not-in-top3-present",
     "not_in_top3: expected eyelid_twitch not in the top 3, it ranked 2 (confidence 0.50)", -1, -1,
     -1, -1, -1, 0, 0},
    {"under-triage", "triage: expected triage soon, got routine", -1, -1, 0, 1, 0, 0, 0},
    {"over-triage", "triage: expected triage self_care (or routine), got soon", -1, -1, 0, 0, 1, 0, 0},
    {"at-least-too-low", "triage_at_least: expected triage at least soon, got self_care", -1, -1, -1,
     -1, -1, 0, 0},
    {"red-flag-missed", "red_flags: expected red flag rf_weakness, it was not raised", -1, -1, -1,
     -1, -1, 1, 0},
    {"red-flag-not-expected", "red_flags: expected no red flag, got rf_weakness", -1, -1, -1, -1, -1,
     0, 0},
    {"likely-not-expected",
     "not_likely: expected sleep_start not likely, it is likely (ranked 1, confidence 0.70)", -1, -1,
     -1, -1, -1, 0, 0},
    {"several-failures",
     "top: expected top explanation leg_cramp, got sleep_start\n"
     "in_top3: expected leg_cramp in the top 3, it was not considered (top 3: sleep_start, eyelid_twitch)\n"
     "triage: expected triage self_care, got urgent",
     0, 0, 0, 0, 1, 0, 0},
};

START_TEST(failing_cases)
{
    collected c = {"", 0};
    tri_status st;
    tri_cases *cs = load("cases/fail.yaml", &c, &st);
    ck_assert_msg(st == TRI_OK, "%s", c.text);
    ck_assert_uint_eq(tri_cases_count(cs), sizeof failing / sizeof failing[0]);
    tri_session *s = tri_session_new(kb, NULL, NULL);
    for (size_t r = 0; r < sizeof failing / sizeof failing[0]; r++) {
        size_t i = find(cs, failing[r].id);
        ck_assert_int_eq(tri_case_apply(cs, i, s, NULL), TRI_OK);
        tri_session_evaluate(s);
        failures f = {"", {0}, 0};
        tri_case_score sc;
        size_t n = tri_case_check(cs, i, s, &sc, on_failure, &f);
        ck_assert_msg(!strcmp(f.text, failing[r].failures), "%s: got\n%s\nexpected\n%s",
                      failing[r].id, f.text, failing[r].failures);
        ck_assert_msg(n == (size_t)f.n && n == sc.failures, "%s: count", failing[r].id);
        if (failing[r].top1 >= 0)
            ck_assert_msg(sc.has_top && sc.top1 == failing[r].top1 && sc.top3 == failing[r].top3,
                          "%s: top1 %d top3 %d", failing[r].id, sc.top1, sc.top3);
        else
            ck_assert_msg(!sc.has_top, "%s: has_top", failing[r].id);
        if (failing[r].triage_ok >= 0)
            ck_assert_msg(sc.has_triage && sc.triage_ok == failing[r].triage_ok &&
                              sc.under_triage == failing[r].under &&
                              sc.over_triage == failing[r].over,
                          "%s: triage ok %d under %d over %d", failing[r].id, sc.triage_ok,
                          sc.under_triage, sc.over_triage);
        ck_assert_msg(sc.red_flags_expected == failing[r].flags_expected &&
                          sc.red_flags_raised == failing[r].flags_raised,
                      "%s: red flags", failing[r].id);
        /* no callback, no score: the count alone */
        ck_assert_uint_eq(tri_case_check(cs, i, s, NULL, NULL, NULL), n);
    }
    tri_session_free(s);
    tri_cases_free(cs);
}
END_TEST

START_TEST(other_knowledge_base)
{
    collected c = {"", 0};
    tri_status st;
    tri_cases *cs = load("cases/pass.yaml", &c, &st);
    tri_session *s = tri_session_new(other_kb, NULL, NULL);
    tri_error err;
    ck_assert_int_eq(tri_case_apply(cs, 0, s, &err), TRI_ERR_ARG);
    ck_assert_int_eq(tri_case_answer_apply(cs, 0, 0, s, &err), TRI_ERR_ARG);
    ck_assert_uint_eq(tri_case_check(cs, 0, s, NULL, NULL, NULL), 1);
    tri_session_free(s);
    tri_cases_free(cs);
}
END_TEST

/* ---- files ------------------------------------------------------------------------------ */

typedef struct names {
    char text[1024];
} names;

static bool add_name(const char *path, void *ctx)
{
    names *n = ctx;
    const char *base = strstr(path, "tests/eval/");
    size_t len = strlen(n->text);
    snprintf(n->text + len, sizeof n->text - len, "%s\n", base ? base + 11 : path);
    return true;
}

START_TEST(case_files)
{
    names n = {""};
    ck_assert_int_eq(tri_case_files(EVAL_DIR "/cases", add_name, &n, NULL), TRI_OK);
    ck_assert_str_eq(n.text, "cases/fail.yaml\ncases/pass.yaml\n");
    n.text[0] = '\0';
    ck_assert_int_eq(tri_case_files(EVAL_DIR "/cases/pass.yaml", add_name, &n, NULL), TRI_OK);
    ck_assert_str_eq(n.text, "cases/pass.yaml\n");
    n.text[0] = '\0';
    ck_assert_int_eq(tri_case_files(EVAL_DIR "/no-cases", add_name, &n, NULL), TRI_OK);
    ck_assert_str_eq(n.text, "");
    tri_error err;
    ck_assert_int_eq(tri_case_files(EVAL_DIR "/no-such-dir", add_name, &n, &err), TRI_ERR_IO);
    ck_assert_ptr_nonnull(strstr(err.message, "No such file"));
}
END_TEST

/* ---- invalid case files: one row per problem ------------------------------------------------ */

/* problem: what tri_cases_problem lists (each row has one): the case's id, "(file)" for the
 * file as a whole, "(no id)" for a case without a valid id */
static const struct {
    const char *name, *yaml, *diags;
    size_t kept; /* valid cases kept */
    const char *problem;
} invalid[] = {
    {"not a mapping", "- a\n", "1:1: error: a case file is a mapping with a 'cases:' list, found a list\n", 0, "(file)"},
    {"no cases", "format: 1\n", "1:1: error: a case file needs a 'cases:' list\n", 0, "(file)"},
    {"format too new", "format: 2\ncases: []\n",
     "1:9: error: format 2 is newer than this program understands (it reads up to 1)\n", 0, "(file)"},
    {"cases not a list", "cases: {a: 1}\n", "1:8: error: 'cases' must be a list of cases, found a mapping\n", 0, "(file)"},
    {"unknown file key", "cases: []\ncase: []\n",
     "2:1: error: unknown key 'case' in a case file (did you mean 'cases'?)\n", 0, "(file)"},
    {"unknown case key", "cases:\n  - {id: a, answers: {}, expected: {}}\n",
     "2:26: error: unknown key 'expected' in a case (did you mean 'expect'?)\n", 0, "a"},
    {"duplicate key", "cases:\n  - {id: a, answers: {}, id: b}\n",
     "2:26: error: key 'id' appears twice\n", 0, "a"},
    {"unknown question", "cases:\n  - {id: a, answers: {timming: asleep}}\n",
     "2:23: error: unknown question 'timming' (did you mean 'timing'?)\n", 0, "a"},
    {"unknown option", "cases:\n  - {id: a, answers: {timing: awak}}\n",
     "2:31: error: question 'timing' has no option 'awak' (did you mean 'awake'?)\n", 0, "a"},
    {"none with others", "cases:\n  - {id: a, answers: {place: [none, leg]}}\n",
     "2:31: error: 'none' must stand alone in the answer to 'place'\n", 0, "a"},
    {"unknown condition", "cases:\n  - {id: a, answers: {}, expect: {top: leg_crmp}}\n",
     "2:40: error: unknown condition 'leg_crmp' (did you mean 'leg_cramp'?)\n", 0, "a"},
    {"unknown red flag", "cases:\n  - {id: a, answers: {}, expect: {red_flags: [weakness]}}\n",
     "2:47: error: unknown red flag 'weakness' (did you mean 'rf_weakness'?)\n", 0, "a"},
    {"unknown level", "cases:\n  - {id: a, answers: {}, expect: {triage: urgnt}}\n",
     "2:43: error: unknown triage level 'urgnt' (did you mean 'urgent'?)\n", 0, "a"},
    {"list for at least", "cases:\n  - {id: a, answers: {}, expect: {triage_at_least: [soon]}}\n",
     "2:52: error: 'triage_at_least' takes one triage level, found a list\n", 0, "a"},
    {"single for red flags", "cases:\n  - {id: a, answers: {}, expect: {red_flags: rf_weakness}}\n",
     "2:46: error: 'red_flags' takes a list of red-flag ids (write [rf_weakness], or none for no "
     "red flag)\n",
     0, "a"},
    {"empty list", "cases:\n  - {id: a, answers: {}, expect: {top: []}}\n",
     "2:40: error: an empty list for 'top' checks nothing\n", 0, "a"},
    {"no value", "cases:\n  - id: a\n    answers: {}\n    expect:\n      triage:\n",
     "5:14: error: no value for 'triage'\n", 0, "a"},
    {"expect not a map", "cases:\n  - {id: a, answers: {}, expect: [top]}\n",
     "2:34: error: 'expect' must be a mapping of expectations, found a list\n", 0, "a"},
    {"bad id", "cases:\n  - {id: 'two words', answers: {}}\n",
     "2:11: error: a case id is a name such as seed-cheek-twitch ([a-z][a-z0-9_-]*, at most 63 "
     "characters), found 'two words'\n",
     0, "(no id)"},
    {"duplicate id", "cases:\n  - {id: a, answers: {}}\n  - {id: a, answers: {}}\n",
     "3:10: error: case 'a' is defined twice\n2:10: note: case 'a' is first defined here\n", 1, "a"},
    {"mixed", "cases:\n  - {id: good, answers: {}}\n  - {id: bad, answers: {age: -1}}\n",
     "3:30: error: '-1' for 'age': expected a number such as '25' or '1.5'\n", 1, "bad"},
    {"syntax", "cases:\n  - {id: a\n", "2:11: error: invalid YAML: did not find expected ',' or '}' "
                                       "while parsing a flow mapping\n2:5: note: a flow mapping started here\n", 0, "(file)"},
};

START_TEST(invalid_files)
{
    int r = _i;
    collected c = {"", 0};
    tri_options opt = {0};
    opt.on_diag = collect;
    opt.diag_ctx = &c;
    tri_cases *cs = tri_cases_new(kb, &opt, NULL);
    tri_error err;
    tri_status st = tri_cases_add_data(cs, "t.yaml", invalid[r].yaml, strlen(invalid[r].yaml), &err);
    ck_assert_msg(st == TRI_ERR_INVALID, "%s: status %d", invalid[r].name, st);
    ck_assert_msg(!strcmp(c.text, invalid[r].diags), "%s: got\n%sexpected\n%s", invalid[r].name,
                  c.text, invalid[r].diags);
    ck_assert_msg(tri_cases_count(cs) == invalid[r].kept, "%s: %zu cases kept", invalid[r].name,
                  tri_cases_count(cs));
    ck_assert_msg(err.status == TRI_ERR_INVALID && err.line > 0 && !strcmp(err.file, "t.yaml"),
                  "%s: first error %s:%u", invalid[r].name, err.file, err.line);
    /* what was left out: one problem, named and placed at its first error */
    ck_assert_msg(tri_cases_problem_count(cs) == 1, "%s: %zu problems", invalid[r].name,
                  tri_cases_problem_count(cs));
    tri_case_problem p;
    tri_cases_problem(cs, 0, &p);
    const char *name = p.whole_file ? "(file)" : p.id ? p.id : "(no id)";
    ck_assert_msg(!strcmp(name, invalid[r].problem), "%s: problem '%s', expected '%s'",
                  invalid[r].name, name, invalid[r].problem);
    char first[512];
    snprintf(first, sizeof first, "%u:%u: error: %s\n", p.error_line, p.error_column, p.message);
    ck_assert_msg(!strncmp(c.text, first, strlen(first)), "%s: problem '%s', diagnostics\n%s",
                  invalid[r].name, first, c.text);
    ck_assert_msg(p.errors == c.errors && !strcmp(p.file, "t.yaml") && p.line > 0,
                  "%s: %u errors at %s:%u", invalid[r].name, p.errors, p.file, p.line);
    if (!p.whole_file)
        ck_assert_msg(p.line <= p.error_line, "%s: the case starts after its error", invalid[r].name);
    tri_cases_free(cs);
}
END_TEST

/* ---- every expectation explained (eval --case) ------------------------------------------------- */

static void on_expect(tri_expect key, bool passed, const char *message, void *ctx)
{
    char *text = ctx;
    size_t n = strlen(text);
    snprintf(text + n, 2048 - n, "%s %s: %s\n", passed ? "pass" : "FAIL", tri_expect_name(key),
             message);
}

START_TEST(explain_expectations)
{
    collected c = {"", 0};
    tri_status st;
    tri_cases *cs = load("cases/pass.yaml", &c, &st);
    tri_session *s = tri_session_new(kb, NULL, NULL);
    ck_assert_int_eq(tri_cases_find(cs, "no-such-case"), -1);
    int i = tri_cases_find(cs, "argued-against-only");
    ck_assert_int_ge(i, 0);
    ck_assert_str_eq(tri_case_id(cs, (size_t)i), "argued-against-only");
    ck_assert_uint_eq(tri_case_expect_count(cs, (size_t)i, TRI_EXPECT_RED_FLAGS), 0);
    ck_assert(tri_case_has_expect(cs, (size_t)i, TRI_EXPECT_RED_FLAGS));
    tri_case_apply(cs, (size_t)i, s, NULL);
    char text[2048] = "";
    ck_assert_uint_eq(tri_case_explain(cs, (size_t)i, s, on_expect, text), 0);
    ck_assert_str_eq(text,
                     "pass not_in_top3: eyelid_twitch is not in the top 3 (ranked 2, confidence "
                     "-0.20: only argued against)\n"
                     "pass not_in_top3: leg_cramp is not in the top 3 (not considered)\n"
                     "pass red_flags: no red flag was raised\n"
                     "pass not_likely: eyelid_twitch is not likely (ranked 2, confidence -0.20)\n"
                     "pass not_likely: leg_cramp is not likely (not considered)\n");
    /* a failing case: passed and failed entries in the order they are checked */
    tri_cases_clear(cs);
    ck_assert_int_eq(tri_cases_add_path(cs, EVAL_DIR "/cases/fail.yaml", NULL), TRI_OK);
    i = tri_cases_find(cs, "several-failures");
    tri_case_apply(cs, (size_t)i, s, NULL);
    text[0] = '\0';
    ck_assert_uint_eq(tri_case_explain(cs, (size_t)i, s, on_expect, text), 3);
    ck_assert_str_eq(text,
                     "FAIL top: expected top explanation leg_cramp, got sleep_start\n"
                     "FAIL in_top3: expected leg_cramp in the top 3, it was not considered (top 3: "
                     "sleep_start, eyelid_twitch)\n"
                     "FAIL triage: expected triage self_care, got urgent\n");
    i = tri_cases_find(cs, "red-flag-missed");
    tri_case_apply(cs, (size_t)i, s, NULL);
    text[0] = '\0';
    ck_assert_uint_eq(tri_case_explain(cs, (size_t)i, s, on_expect, text), 1);
    ck_assert_str_eq(text, "FAIL red_flags: expected red flag rf_weakness, it was not raised\n");
    tri_session_free(s);
    tri_cases_free(cs);
}
END_TEST

/* ---- out of memory ---------------------------------------------------------------------------- */

typedef struct failing_alloc {
    tri_allocator a;
    long budget, live;
} failing_alloc;

static void *fa_malloc(size_t size, void *ctx)
{
    failing_alloc *f = ctx;
    if (f->budget == 0)
        return NULL;
    if (f->budget > 0)
        f->budget--;
    void *p = malloc(size);
    if (p)
        f->live++;
    return p;
}

static void *fa_realloc(void *p, size_t size, void *ctx)
{
    failing_alloc *f = ctx;
    if (!p)
        return fa_malloc(size, ctx);
    if (f->budget == 0)
        return NULL;
    if (f->budget > 0)
        f->budget--;
    return realloc(p, size);
}

static void fa_free(void *p, void *ctx)
{
    failing_alloc *f = ctx;
    if (p)
        f->live--;
    free(p);
}

static const char oom_cases[] =
    "cases:\n"
    "  - {id: a, answers: {timing: asleep, place: [eyelid, leg]}, expect: {top: [sleep_start], triage: routine}}\n"
    "  - {id: b, answers: {duration: 2-3 min, weak: 'yes'}, expect: {red_flags: [rf_weakness]}}\n"
    "  - {id: c, answers: {age: 61, place: leg}, expect: {in_top3: [leg_cramp]}}\n";

/* One run with the allocator failing after budget allocations; true if it got to the end. */
static bool oom_run(failing_alloc *f)
{
    tri_options opt = {0};
    opt.allocator = &f->a;
    tri_error err;
    bool done = false;
    tri_session *s = NULL;
    tri_cases *cs = tri_cases_new(kb, &opt, &err);
    if (!cs) {
        ck_assert_int_eq(err.status, TRI_ERR_NOMEM);
        goto out;
    }
    tri_status st = tri_cases_add_data(cs, "oom.yaml", oom_cases, sizeof oom_cases - 1, &err);
    if (st != TRI_OK) {
        ck_assert_msg(st == TRI_ERR_NOMEM, "status %d: %s", st, err.message);
        goto out;
    }
    st = tri_cases_add_path(cs, EVAL_DIR "/cases", &err); /* a directory: 11 + 9 cases */
    if (st != TRI_OK) {
        ck_assert_msg(st == TRI_ERR_NOMEM, "status %d: %s", st, err.message);
        goto out;
    }
    ck_assert_uint_eq(tri_cases_count(cs), 23);
    /* a case left out: its problem is recorded (in the arena) or the call runs out of memory */
    static const char bad[] = "cases:\n  - {id: z, answers: {timng: asleep}}\n";
    st = tri_cases_add_data(cs, "bad.yaml", bad, sizeof bad - 1, &err);
    if (st != TRI_ERR_INVALID) {
        ck_assert_msg(st == TRI_ERR_NOMEM, "status %d: %s", st, err.message);
        goto out;
    }
    ck_assert_uint_eq(tri_cases_problem_count(cs), 1);
    ck_assert_uint_eq(tri_cases_count(cs), 23);
    s = tri_session_new(kb, &opt, &err);
    if (!s)
        goto out;
    for (size_t i = 0; i < 23; i++) {
        st = tri_case_apply(cs, i, s, &err);
        if (st != TRI_OK) {
            ck_assert_int_eq(st, TRI_ERR_NOMEM);
            goto out;
        }
        tri_case_check(cs, i, s, NULL, NULL, NULL);
    }
    done = true;
out:
    tri_session_free(s);
    tri_cases_free(cs);
    return done;
}

START_TEST(out_of_memory)
{
    long n;
    for (n = 0; n < 10000; n++) {
        failing_alloc f = {{fa_malloc, fa_realloc, fa_free, NULL}, n, 0};
        f.a.ctx = &f;
        bool done = oom_run(&f);
        ck_assert_msg(f.live == 0, "budget %ld: %ld blocks leaked", n, f.live);
        if (done)
            break;
    }
    ck_assert_msg(n > 5 && n < 10000, "finished after %ld allocations", n);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cases");
    TCase *tc = tcase_create("cases");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, accessors);
    tcase_add_test(tc, passing_cases);
    tcase_add_test(tc, failing_cases);
    tcase_add_test(tc, other_knowledge_base);
    tcase_add_test(tc, case_files);
    tcase_add_loop_test(tc, invalid_files, 0, (int)(sizeof invalid / sizeof invalid[0]));
    tcase_add_test(tc, explain_expectations);
    tcase_add_test(tc, out_of_memory);
    tcase_set_timeout(tc, 120);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
