/*
 * test_oom.c - out of memory: fail the Nth allocation for N = 0, 1, 2, ...
 * while loading a knowledge base, creating a session, reading answers,
 * evaluating and rendering, and check each run ends with a clean error and
 * no leak. Covers the engine's own allocations and PCRE2's (through the
 * PCRE2 general context); libyaml allocates with malloc and is not covered
 * here (its failures surface as YAML_MEMORY_ERROR, which the loader turns
 * into an out-of-memory error).
 */
#include <string.h>

#include "support.h"

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

static const char answers[] =
    "answers:\n  timing: onset\n  place: [cheek]\n  length: 3-8 min\n  note: I bit my tongue\n";

/* One full run under allocator f; returns true if it got to the end. */
static bool run_once(failing_alloc *f)
{
    tri_options opt = {0};
    opt.allocator = &f->a;
    tri_error err;
    tri_source src = {"oom.yaml", rules, sizeof rules - 1};
    tri_kb *kb = tri_kb_load_sources(&src, 1, &opt, &err);
    if (!kb) {
        ck_assert_msg(err.status == TRI_ERR_NOMEM, "load failed with status %d: %s", err.status,
                      err.message);
        return false;
    }
    bool ok = false;
    tri_session *s = tri_session_new(kb, &opt, &err);
    if (!s) {
        ck_assert_int_eq(err.status, TRI_ERR_NOMEM);
        goto out;
    }
    tri_status st = tri_session_load_answers(s, "a.yaml", answers, sizeof answers - 1, &err);
    if (st != TRI_OK) {
        ck_assert_int_eq(st, TRI_ERR_NOMEM);
        goto out;
    }
    st = tri_session_answer(s, 0, "as I am falling asleep", &err);
    if (st != TRI_OK) {
        ck_assert_int_eq(st, TRI_ERR_NOMEM);
        goto out;
    }
    tri_session_evaluate(s);
    ck_assert_int_eq(tri_result_level(s), TRI_LEVEL_EMERGENCY);
    if (!tri_session_report_json(s, NULL, NULL))
        goto out;
    if (!tri_session_report_text(s, NULL, NULL))
        goto out;
    if (!tri_session_report_how(s, 0, NULL, NULL))
        goto out;
    if (!tri_session_answers_yaml(s, NULL))
        goto out;
    ok = true;
out:
    tri_session_free(s);
    tri_kb_free(kb);
    return ok;
}

START_TEST(every_allocation_failure_is_clean)
{
    long n;
    for (n = 0; n < 100000; n++) {
        failing_alloc f;
        failing_alloc_init(&f, n);
        bool done = run_once(&f);
        ck_assert_msg(f.live == 0, "failing allocation %ld leaked %ld blocks", n, f.live);
        if (done)
            break;
    }
    ck_assert_msg(n > 10, "expected many allocations, got %ld", n);
    ck_assert_msg(n < 100000, "never completed");
}
END_TEST

START_TEST(unlimited_run_completes)
{
    failing_alloc f;
    failing_alloc_init(&f, -1);
    ck_assert(run_once(&f));
    ck_assert_int_eq(f.live, 0);
}
END_TEST

START_TEST(evaluation_allocates_nothing)
{
    failing_alloc f;
    failing_alloc_init(&f, -1);
    tri_options opt = {0};
    opt.allocator = &f.a;
    tri_source src = {"oom.yaml", rules, sizeof rules - 1};
    tri_kb *kb = tri_kb_load_sources(&src, 1, &opt, NULL);
    ck_assert_ptr_nonnull(kb);
    tri_session *s = tri_session_new(kb, &opt, NULL);
    ck_assert_int_eq(tri_session_load_answers(s, "a.yaml", answers, sizeof answers - 1, NULL),
                     TRI_OK);
    tri_session_evaluate(s); /* PCRE2 may size its match frames on the first match */
    long before = f.calls;
    for (int i = 0; i < 100; i++)
        tri_session_evaluate(s);
    ck_assert_msg(f.calls == before, "100 evaluations made %ld allocations", f.calls - before);
    tri_session_free(s);
    tri_kb_free(kb);
    ck_assert_int_eq(f.live, 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("oom");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, unlimited_run_completes);
    tcase_add_test(tc, every_allocation_failure_is_clean);
    tcase_add_test(tc, evaluation_allocates_nothing);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
