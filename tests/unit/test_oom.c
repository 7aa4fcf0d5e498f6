/*
 * test_oom.c - out of memory, everywhere: every allocation of each entry
 * point (load, answers, evaluate, render, cases, interview) is failed in
 * turn, both "from the Nth on" and "only the Nth", and each run must end
 * with a clean error (TRI_ERR_NOMEM, or NULL from a render), no leak, and
 * the objects still usable afterwards.
 *
 * Covers the engine's own allocations and PCRE2's (through the allocator
 * hook and the PCRE2 general context) and libyaml's too: libyaml allocates
 * through its exported yaml_malloc, yaml_realloc, yaml_strdup and
 * yaml_free, which this program defines, so the dynamic linker routes
 * libyaml's calls to them (the same technique as a malloc interposer, on
 * libyaml's own allocation layer). The counts per entry point are printed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "support.h"

/* ---- one allocation sequence for the engine, PCRE2 and libyaml ------------ */

typedef enum fail_mode { FAIL_NEVER, FAIL_FROM, FAIL_ONLY } fail_mode;

typedef struct counting {
    tri_allocator a;
    bool armed;      /* failures (and counts) only while the entry point runs */
    fail_mode mode;
    long n;          /* the allocation to fail (0-based, counted while armed) */
    long calls;      /* allocations while armed */
    long yaml_calls; /* of which libyaml's */
    long failed;     /* failures injected */
    long live;       /* blocks not yet freed (armed or not) */
} counting;

static counting *current; /* libyaml's allocations go to it when set */

static bool should_fail(counting *c, bool from_yaml)
{
    if (!c->armed)
        return false;
    long i = c->calls++;
    if (from_yaml)
        c->yaml_calls++;
    bool fail = (c->mode == FAIL_FROM && i >= c->n) || (c->mode == FAIL_ONLY && i == c->n);
    if (fail)
        c->failed++;
    return fail;
}

static void *c_malloc(size_t n, void *ctx)
{
    counting *c = ctx;
    if (should_fail(c, false))
        return NULL;
    void *p = malloc(n);
    if (p)
        c->live++;
    return p;
}

static void *c_realloc(void *p, size_t n, void *ctx)
{
    counting *c = ctx;
    if (should_fail(c, false))
        return NULL;
    void *q = realloc(p, n);
    if (q && !p)
        c->live++;
    return q;
}

static void c_free(void *p, void *ctx)
{
    counting *c = ctx;
    if (p)
        c->live--;
    free(p);
}

static void counting_init(counting *c, fail_mode mode, long n)
{
    memset(c, 0, sizeof *c);
    c->a.malloc = c_malloc;
    c->a.realloc = c_realloc;
    c->a.free = c_free;
    c->a.ctx = c;
    c->mode = mode;
    c->n = n;
    current = c;
}

/* libyaml's allocation layer, replaced (see the top of the file). Blocks
 * libyaml allocated before `current` was set are freed the same way. */
void *yaml_malloc(size_t size);
void *yaml_realloc(void *ptr, size_t size);
void yaml_free(void *ptr);
yaml_char_t *yaml_strdup(const yaml_char_t *str);

void *yaml_malloc(size_t size)
{
    if (current && should_fail(current, true))
        return NULL;
    void *p = malloc(size ? size : 1);
    if (p && current)
        current->live++;
    return p;
}

void *yaml_realloc(void *ptr, size_t size)
{
    if (current && should_fail(current, true))
        return NULL;
    void *p = ptr ? realloc(ptr, size ? size : 1) : malloc(size ? size : 1);
    if (p && !ptr && current)
        current->live++;
    return p;
}

void yaml_free(void *ptr)
{
    if (ptr && current)
        current->live--;
    free(ptr);
}

yaml_char_t *yaml_strdup(const yaml_char_t *str)
{
    if (!str)
        return NULL;
    size_t n = strlen((const char *)str) + 1;
    yaml_char_t *p = yaml_malloc(n);
    if (p)
        memcpy(p, str, n);
    return p;
}

/* ---- inputs ---------------------------------------------------------------- */

static const char rules[] =
    "questions:\n"
    "  - id: timing\n"
    "    type: choice\n"
    "    text: When?\n"
    "    options:\n"
    "      - {id: onset, text: Onset, match: 'fall(ing)? asleep'}\n"
    "      - {id: awake, text: Awake}\n"
    "  - {id: place, type: multi, text: Where?, options: [{id: cheek, text: Cheek}, {id: none, text: None}]}\n"
    "  - {id: length, type: duration, text: How long?}\n"
    "  - {id: note, type: text, text: Notes?}\n"
    "  - {id: age, type: number, text: Age?, min: 0, max: 120, unit: years}\n"
    "facts: [{id: f}]\n"
    "advice: [{id: sleep, text: Sleep well.}]\n"
    "factors: [{id: late, name: Late, advice: Go to bed earlier.}]\n"
    "conditions:\n"
    "  - {id: jerk, name: Jerk, summary: A jerk., level: self_care, advice: [sleep]}\n"
    "  - {id: fit, name: Fit, summary: A fit., level: soon}\n"
    "red_flags: [{id: long, text: Long, level: emergency, safety_net: it lasts over 5 minutes}]\n"
    "lookalikes: [{id: jf, between: [jerk, fit], question: Jerk or fit?, separated_by: [timing]}]\n"
    "rules:\n"
    "  - {id: r1, when: {timing: onset}, then: [{support: {jerk: 0.7}}, {set: f}, {factor: late}], because: onset}\n"
    "  - {id: r2, when: {fact: f}, then: [{support: {fit: 0.2}}], because: f}\n"
    "  - {id: r3, when: {length: {gt: 5 min}}, then: [{red_flag: long}], because: long, safety_net: long}\n"
    "  - {id: r4, when: {note: {matches: 'bit(ten)?'}}, then: [{support: {fit: 0.5}}, {advise: Ask about it.}], because: note}\n";

static const char answers[] = "date: 2023-02-16\nanswers:\n  timing: onset\n  place: [cheek]\n"
                              "  length: 3-8 min\n  note: I bit my tongue\n  age: 30\n";
static const char record[] = "{\"timing\": \"onset\", \"length\": \"since January\", \"age\": 30}";
static const char cases[] =
    "cases:\n"
    "  - id: onset\n"
    "    answers: {timing: onset, place: [cheek], length: 1 s}\n"
    "    expect: {top: [jerk], triage: [self_care]}\n"
    "  - id: long\n"
    "    answers: {timing: awake, length: 3-8 min, note: bitten}\n"
    "    expect: {triage_at_least: emergency, red_flags: [long]}\n";

/* ---- the entry points ------------------------------------------------------ */

/* One entry point: set up (unarmed), run (armed), check, tear down. Returns
 * true when the armed part completed (no failure stopped it). */
typedef struct fixture {
    tri_kb *kb;
    tri_session *s;
    tri_cases *cs;
    tri_interview *iv;
    tri_options opt;
} fixture;

static tri_kb *plain_kb(void)
{
    tri_source src = {"oom.yaml", rules, sizeof rules - 1};
    tri_kb *kb = tri_kb_load_sources(&src, 1, NULL, NULL);
    ck_assert_ptr_nonnull(kb);
    return kb;
}

static bool entry_load(counting *c)
{
    tri_options opt = {0};
    opt.allocator = &c->a;
    tri_error err;
    tri_source src = {"oom.yaml", rules, sizeof rules - 1};
    c->armed = true;
    tri_kb *kb = tri_kb_load_sources(&src, 1, &opt, &err);
    c->armed = false;
    if (!kb) {
        ck_assert_msg(err.status == TRI_ERR_NOMEM, "load: status %d (%s)", err.status,
                      err.message);
        return false;
    }
    ck_assert_uint_eq(tri_kb_rule_count(kb), 4);
    tri_kb_free(kb);
    return true;
}

/* Loading with the lint checks on: these rules draw lint errors (no
 * references, no safety net, ...), so a run that is not stopped must give
 * exactly the diagnostics of a run without failures, and one that is
 * stopped must say it ran out of memory. */
static bool entry_lint(counting *c)
{
    static tri_error reference;
    static bool have_reference;
    tri_options opt = {0};
    opt.allocator = &c->a;
    opt.lint = true;
    tri_error err;
    tri_source src = {"oom.yaml", rules, sizeof rules - 1};
    c->armed = true;
    tri_kb *kb = tri_kb_load_sources(&src, 1, &opt, &err);
    c->armed = false;
    ck_assert_ptr_null(kb);
    if (c->failed == 0 && !have_reference) {
        reference = err;
        have_reference = true;
        ck_assert_int_eq(err.status, TRI_ERR_INVALID);
    }
    if (err.status == TRI_ERR_NOMEM)
        return false;
    ck_assert_msg(err.status == reference.status && err.errors == reference.errors &&
                      err.warnings == reference.warnings,
                  "lint with %ld failures: status %d, %u errors, %u warnings (expected %u, %u)",
                  c->failed, err.status, err.errors, err.warnings, reference.errors,
                  reference.warnings);
    return c->failed == 0;
}

/* The answers of a session after loading, as text: to compare with a run
 * that had no failure. */
static void answers_text(tri_session *s, char *out, size_t size)
{
    size_t at = 0;
    out[0] = '\0';
    const tri_kb *kb = tri_session_kb(s);
    for (size_t q = 0; q < tri_kb_question_count(kb) && at < size; q++) {
        const char *t = tri_session_answer_text(s, q);
        at += (size_t)snprintf(out + at, size - at, "%s=%s;", tri_question_id(kb, q),
                               t ? t : "-");
    }
}

static bool entry_answers(counting *c)
{
    static char reference[1024];
    tri_kb *kb = plain_kb();
    tri_options opt = {0};
    opt.allocator = &c->a;
    bool done = true;
    for (int form = 0; form < 2; form++) {
        tri_error err;
        c->armed = true;
        tri_session *s = tri_session_new(kb, &opt, &err);
        tri_status st = TRI_ERR_NOMEM;
        if (s && form == 1)
            tri_session_set_date(s, "2023-02-16"); /* for "since January" */
        if (s)
            st = form == 0 ? tri_session_load_answers(s, "a.yaml", answers, sizeof answers - 1, &err)
                           : tri_session_load_answers_json(s, "a.jsonl", 3, record,
                                                           sizeof record - 1, &err);
        c->armed = false;
        if (!s) {
            ck_assert_int_eq(err.status, TRI_ERR_NOMEM);
            done = false;
            continue;
        }
        if (st != TRI_OK) {
            ck_assert_msg(st == TRI_ERR_NOMEM, "answers: status %d (%s)", st, err.message);
            done = false;
            /* the session is still usable: the same answers load in full */
            tri_session_clear(s);
            if (form == 1)
                tri_session_set_date(s, "2023-02-16");
            st = form == 0 ? tri_session_load_answers(s, "a.yaml", answers, sizeof answers - 1, &err)
                           : tri_session_load_answers_json(s, "a.jsonl", 3, record,
                                                           sizeof record - 1, &err);
            ck_assert_msg(st == TRI_OK, "after a failure: %s", err.message);
        }
        if (form == 0) {
            char got[1024];
            answers_text(s, got, sizeof got);
            if (!reference[0])
                snprintf(reference, sizeof reference, "%s", got);
            ck_assert_str_eq(got, reference);
            tri_session_evaluate(s);
            ck_assert_int_eq(tri_result_level(s), TRI_LEVEL_EMERGENCY);
        }
        tri_session_free(s);
    }
    tri_kb_free(kb);
    return done;
}

static void setup_session(fixture *f, counting *c)
{
    memset(f, 0, sizeof *f);
    f->kb = plain_kb();
    f->opt.allocator = &c->a;
    f->s = tri_session_new(f->kb, &f->opt, NULL);
    ck_assert_ptr_nonnull(f->s);
    ck_assert_int_eq(tri_session_load_answers(f->s, "a.yaml", answers, sizeof answers - 1, NULL),
                     TRI_OK);
}

static bool entry_evaluate(counting *c)
{
    fixture f;
    setup_session(&f, c);
    tri_session_evaluate(f.s); /* PCRE2 sizes its match frames on the first match */
    c->armed = true;
    for (int i = 0; i < 10; i++)
        tri_session_evaluate(f.s);
    c->armed = false;
    ck_assert_int_eq(tri_result_level(f.s), TRI_LEVEL_EMERGENCY);
    ck_assert_uint_eq(tri_result_red_flag_count(f.s), 1);
    tri_session_free(f.s);
    tri_kb_free(f.kb);
    return true;
}

static bool entry_render(counting *c)
{
    static char *reference[4];
    fixture f;
    setup_session(&f, c);
    tri_session_evaluate(f.s);
    tri_report_options ro = {0};
    bool done = true;
    for (int k = 0; k < 4; k++) {
        c->armed = true;
        const char *out = k == 0   ? tri_session_report_json(f.s, &ro, NULL)
                          : k == 1 ? tri_session_report_text(f.s, &ro, NULL)
                          : k == 2 ? tri_session_report_how(f.s, 0, &ro, NULL)
                                   : tri_session_answers_yaml(f.s, NULL);
        c->armed = false;
        if (!out) {
            done = false;
            /* nothing is broken: the same render works when memory is back */
            out = k == 0   ? tri_session_report_json(f.s, &ro, NULL)
                  : k == 1 ? tri_session_report_text(f.s, &ro, NULL)
                  : k == 2 ? tri_session_report_how(f.s, 0, &ro, NULL)
                           : tri_session_answers_yaml(f.s, NULL);
            ck_assert_ptr_nonnull(out);
        }
        if (!reference[k])
            reference[k] = strdup(out);
        ck_assert_str_eq(out, reference[k]);
    }
    tri_session_free(f.s);
    tri_kb_free(f.kb);
    return done;
}

static bool entry_cases(counting *c)
{
    tri_kb *kb = plain_kb();
    tri_options opt = {0};
    opt.allocator = &c->a;
    tri_error err;
    bool done = false;
    c->armed = true;
    tri_cases *cs = tri_cases_new(kb, &opt, &err);
    tri_session *s = cs ? tri_session_new(kb, &opt, &err) : NULL;
    tri_status st = s ? tri_cases_add_data(cs, "c.yaml", cases, sizeof cases - 1, &err)
                      : TRI_ERR_NOMEM;
    size_t failures = 0;
    if (st == TRI_OK) {
        for (size_t i = 0; i < tri_cases_count(cs) && st == TRI_OK; i++) {
            st = tri_case_apply(cs, i, s, &err);
            if (st == TRI_OK)
                failures += tri_case_check(cs, i, s, NULL, NULL, NULL);
        }
    }
    c->armed = false;
    if (st == TRI_OK) {
        ck_assert_uint_eq(tri_cases_count(cs), 2);
        ck_assert_uint_eq(failures, 0);
        done = true;
    } else {
        ck_assert_msg(err.status == TRI_ERR_NOMEM || st == TRI_ERR_NOMEM, "cases: %d %s", st,
                      err.message);
    }
    tri_session_free(s);
    tri_cases_free(cs);
    tri_kb_free(kb);
    return done;
}

static bool entry_interview(counting *c)
{
    fixture f;
    memset(&f, 0, sizeof f);
    f.kb = plain_kb();
    f.opt.allocator = &c->a;
    bool done = false;
    tri_error err;
    c->armed = true;
    f.s = tri_session_new(f.kb, &f.opt, &err);
    f.iv = f.s ? tri_interview_new(f.s, &f.opt, &err) : NULL;
    if (f.iv) {
        tri_next nx;
        tri_ask_input in;
        const char line[] = "{\"question\": \"timing\", \"answer\": \"as I fall asleep\"}";
        bool ok = tri_interview_next(f.iv, &nx) &&
                  tri_interview_question_json(f.iv, &nx, NULL, NULL) != NULL &&
                  tri_interview_parse_json(f.iv, line, sizeof line - 1, &in, &err) == TRI_OK &&
                  tri_interview_answer(f.iv, (size_t)in.question, in.answer, &err) == TRI_OK &&
                  tri_interview_why_text(f.iv, 2, NULL, NULL) != NULL &&
                  tri_interview_what_if(f.iv, 2, "10 min", &err) != NULL;
        if (ok) {
            done = true;
        } else if (err.status != TRI_OK) {
            ck_assert_msg(err.status == TRI_ERR_NOMEM, "interview: %d %s", err.status,
                          err.message);
        }
    } else {
        ck_assert_int_eq(err.status, TRI_ERR_NOMEM);
    }
    c->armed = false;
    tri_interview_free(f.iv);
    tri_session_free(f.s);
    tri_kb_free(f.kb);
    return done;
}

/* ---- the sweeps -------------------------------------------------------------- */

typedef struct entry {
    const char *name;
    bool (*run)(counting *c);
} entry;

static const entry entries[] = {
    {"load", entry_load},         {"lint", entry_lint},         {"answers", entry_answers},   {"evaluate", entry_evaluate},
    {"render", entry_render},     {"cases", entry_cases},       {"interview", entry_interview},
};

/* Fails allocation N (only, or from N on) for N = 0, 1, ... until a run
 * completes; checks no run leaks. Returns the allocations of a full run. */
static long sweep(const entry *e, fail_mode mode, long *yaml, long *runs)
{
    counting full;
    counting_init(&full, FAIL_NEVER, 0);
    ck_assert_msg(e->run(&full), "%s: did not complete without failures", e->name);
    ck_assert_msg(full.live == 0, "%s: %ld blocks leaked", e->name, full.live);
    *yaml = full.yaml_calls;
    *runs = 0;
    for (long n = 0; n < full.calls + 1; n++) {
        counting c;
        counting_init(&c, mode, n);
        bool done = e->run(&c);
        (*runs)++;
        ck_assert_msg(c.live == 0, "%s, failing allocation %ld%s: %ld blocks leaked", e->name, n,
                      mode == FAIL_FROM ? " on" : " only", c.live);
        if (n >= full.calls)
            ck_assert_msg(done, "%s: did not complete with %ld allocations", e->name, n);
    }
    current = NULL;
    return full.calls;
}

static void sweep_all(fail_mode mode)
{
    for (size_t i = 0; i < sizeof entries / sizeof entries[0]; i++) {
        long yaml, runs;
        long calls = sweep(&entries[i], mode, &yaml, &runs);
        printf("oom: %-9s %5ld allocations (libyaml %4ld): %ld runs failing %s, all clean\n",
               entries[i].name, calls, yaml, runs,
               mode == FAIL_FROM ? "from the Nth on" : "only the Nth");
        if (entries[i].run != entry_evaluate)
            ck_assert_msg(calls > 0, "%s made no allocation", entries[i].name);
        if (entries[i].run == entry_load || entries[i].run == entry_lint ||
            entries[i].run == entry_answers ||
            entries[i].run == entry_cases)
            ck_assert_msg(yaml > 0, "%s: libyaml's allocations are not seen", entries[i].name);
    }
}

START_TEST(every_allocation_failing_from_n_on_is_clean)
{
    sweep_all(FAIL_FROM);
}
END_TEST

START_TEST(every_single_allocation_failure_is_clean)
{
    sweep_all(FAIL_ONLY);
}
END_TEST

START_TEST(evaluation_allocates_nothing)
{
    counting c;
    counting_init(&c, FAIL_NEVER, 0);
    ck_assert(entry_evaluate(&c));
    ck_assert_msg(c.calls == 0, "10 evaluations made %ld allocations", c.calls);
    current = NULL;
}
END_TEST

int main(void)
{
    Suite *s = suite_create("oom");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, evaluation_allocates_nothing);
    tcase_add_test(tc, every_allocation_failing_from_n_on_is_clean);
    tcase_add_test(tc, every_single_allocation_failure_is_clean);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
