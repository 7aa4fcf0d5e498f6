/*
 * test_infer.c - inference: certainty factors, three-valued logic, derived
 * facts to a fixpoint (including a cycle), range answers, triage.
 * Each test uses a small rule file written for it.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "support.h"

static const char base_rules[] =
    "questions:\n"
    "  - {id: timing, type: choice, text: When?, options: [{id: onset, text: Onset}, {id: awake, text: Awake}]}\n"
    "  - {id: awake_seen, type: yes_no, text: Seen awake?}\n"
    "  - {id: place, type: multi, text: Where?, options: [{id: cheek, text: Cheek}, {id: eye, text: Eye}, {id: leg, text: Leg}, {id: none, text: None}]}\n"
    "  - {id: age, type: number, text: Age?, min: 0, max: 120}\n"
    "  - {id: length, type: duration, text: How long?}\n"
    "  - {id: note, type: text, text: Anything else?}\n"
    "conditions:\n"
    "  - {id: jerk, name: Jerk, summary: A jerk., level: self_care, references: [x]}\n"
    "  - {id: spasm, name: Spasm, summary: A spasm., level: routine, references: [x]}\n"
    "  - {id: fit, name: Fit, summary: A fit., level: soon, references: [x]}\n"
    "red_flags:\n"
    "  - {id: long_fit, text: A long fit, level: emergency}\n"
    "rules:\n"
    "  - id: r1\n"
    "    when: {timing: onset}\n"
    "    then: [{support: {jerk: 0.6}}]\n"
    "    because: at onset\n"
    "  - id: r2\n"
    "    when: {awake_seen: 'no'}\n"
    "    then: [{support: {jerk: 0.5}}, {oppose: {spasm: 0.7}}]\n"
    "    because: never awake\n"
    "  - id: r3\n"
    "    when: {place: cheek}\n"
    "    then: [{support: {spasm: 0.4}}]\n"
    "    because: cheek\n"
    "  - id: r4\n"
    "    when: {all: [{timing: awake}, {place: eye}]}\n"
    "    then: [{support: {spasm: 0.8}}]\n"
    "    because: awake eye\n"
    "  - id: r5\n"
    "    when: {length: {gt: 5 min}}\n"
    "    then: [{red_flag: long_fit}]\n"
    "    because: over five minutes\n"
    "  - id: r6\n"
    "    when: {length: {gt: 5 min}}\n"
    "    then: [{support: {fit: 0.9}}]\n"
    "    because: long episode\n"
    "  - id: r7\n"
    "    when: {at_least: 2, of: [{place: cheek}, {place: eye}, {age: {lt: 18}}]}\n"
    "    then: [{support: {fit: 0.35}}]\n"
    "    because: two of three\n"
    "  - id: r8\n"
    "    when: {note: {matches: 'tongue|bit'}}\n"
    "    then: [{support: {fit: 0.5}}]\n"
    "    because: bitten\n";

static tri_kb *kb;

static void setup(void)
{
    collected c;
    kb = kb_from_string(base_rules, &c);
    ck_assert_msg(kb != NULL, "rules did not load:\n%s", c.text);
}

static void teardown(void)
{
    tri_kb_free(kb);
}

START_TEST(positive_evidence_combines)
{
    const char *a[] = {"timing=onset", "awake_seen=no", NULL};
    tri_session *s = session_with(kb, a);
    /* 0.6 + 0.5 * (1 - 0.6) = 0.8 */
    ck_assert_double_eq_tol(confidence_of(s, "jerk"), 0.8, 1e-9);
    ck_assert_int_eq(rank_of(s, "jerk"), 0);
    tri_session_free(s);
}
END_TEST

START_TEST(mixed_evidence_combines)
{
    const char *a[] = {"awake_seen=no", "place=cheek", NULL};
    tri_session *s = session_with(kb, a);
    /* MB 0.4, MD 0.7: (0.4 - 0.7) / (1 - 0.4) = -0.5 */
    ck_assert_double_eq_tol(confidence_of(s, "spasm"), -0.5, 1e-9);
    tri_session_free(s);
}
END_TEST

START_TEST(unknown_answer_does_not_fire)
{
    const char *a[] = {"timing=unknown", NULL};
    tri_session *s = session_with(kb, a);
    ck_assert_int_eq(rank_of(s, "jerk"), -1);
    ck_assert(!tri_result_rule_fired(s, 0));
    tri_session_free(s);
}
END_TEST

START_TEST(all_with_unknown_part_is_unknown)
{
    /* r4 needs timing=awake and place=eye: place unanswered -> UNKNOWN, not fired */
    const char *a[] = {"timing=awake", NULL};
    tri_session *s = session_with(kb, a);
    ck_assert_int_eq(rank_of(s, "spasm"), -1);
    tri_session_free(s);
    /* but one FALSE part makes it FALSE whatever the rest */
    const char *b[] = {"timing=onset", "place=eye", NULL};
    s = session_with(kb, b);
    ck_assert(!tri_result_rule_fired(s, 3));
    tri_session_free(s);
}
END_TEST

START_TEST(at_least_counts_true_items)
{
    const char *a[] = {"place=cheek, eye", NULL};
    tri_session *s = session_with(kb, a);
    ck_assert(tri_result_rule_fired(s, 6));
    tri_session_free(s);
    const char *b[] = {"place=cheek", "age=40", NULL};
    s = session_with(kb, b);
    ck_assert(!tri_result_rule_fired(s, 6));
    tri_session_free(s);
}
END_TEST

START_TEST(range_answer_partly_over_threshold)
{
    /* 3-8 min against "over 5 min": UNKNOWN for support, worst case for the red flag */
    const char *a[] = {"length=3-8 min", NULL};
    tri_session *s = session_with(kb, a);
    ck_assert_int_eq(rank_of(s, "fit"), -1);
    ck_assert_uint_eq(tri_result_red_flag_count(s), 1);
    ck_assert_int_eq(tri_result_level(s), TRI_LEVEL_EMERGENCY);
    tri_session_free(s);
    const char *b[] = {"length=6-8 min", NULL};
    s = session_with(kb, b);
    ck_assert_int_eq(rank_of(s, "fit"), 0);
    tri_session_free(s);
    const char *c[] = {"length=1-4 min", NULL};
    s = session_with(kb, c);
    ck_assert_uint_eq(tri_result_red_flag_count(s), 0);
    tri_session_free(s);
}
END_TEST

START_TEST(red_flag_wins_over_benign)
{
    const char *a[] = {"timing=onset", "awake_seen=no", "length=10 min", NULL};
    tri_session *s = session_with(kb, a);
    ck_assert_int_eq(tri_result_level(s), TRI_LEVEL_EMERGENCY);
    tri_session_free(s);
}
END_TEST

START_TEST(likely_condition_sets_level)
{
    const char *a[] = {"timing=awake", "place=eye", NULL};
    tri_session *s = session_with(kb, a);
    ck_assert_int_eq(tri_result_level(s), TRI_LEVEL_ROUTINE); /* spasm likely */
    ck_assert(!tri_result_nothing_fits(s));
    tri_session_free(s);
    const char *b[] = {"timing=onset", NULL};
    s = session_with(kb, b);
    ck_assert_int_eq(tri_result_level(s), TRI_LEVEL_SELF_CARE); /* jerk 0.6 */
    tri_session_free(s);
}
END_TEST

START_TEST(nothing_fits_is_routine)
{
    const char *a[] = {"age=40", NULL};
    tri_session *s = session_with(kb, a);
    ck_assert(tri_result_nothing_fits(s));
    ck_assert_int_eq(tri_result_level(s), TRI_LEVEL_ROUTINE);
    size_t len;
    const char *text = tri_session_report_text(s, NULL, &len);
    ck_assert_ptr_nonnull(strstr(text, "No explanation fits well"));
    ck_assert_ptr_nonnull(strstr(text, "not a diagnosis"));
    tri_session_free(s);
}
END_TEST

START_TEST(below_threshold_is_not_likely)
{
    const char *a[] = {"place=cheek", NULL}; /* spasm 0.4 -> likely; fit none */
    tri_session *s = session_with(kb, a);
    bool likely;
    double cf;
    tri_result_explanation(s, 0, &cf, &likely);
    ck_assert(likely);
    tri_session_free(s);
    const char *b[] = {"place=cheek", "awake_seen=no", NULL}; /* spasm -0.5 */
    s = session_with(kb, b);
    for (size_t r = 0; r < tri_result_explanation_count(s); r++) {
        size_t c = tri_result_explanation(s, r, &cf, &likely);
        if (!strcmp(tri_condition_id(kb, c), "spasm"))
            ck_assert(!likely);
    }
    tri_session_free(s);
}
END_TEST

START_TEST(text_answers_match_patterns)
{
    const char *a[] = {"note=I bit my tongue", NULL};
    tri_session *s = session_with(kb, a);
    ck_assert_int_eq(rank_of(s, "fit"), 0);
    tri_session_free(s);
    const char *b[] = {"note=nothing else", NULL};
    s = session_with(kb, b);
    ck_assert_int_eq(rank_of(s, "fit"), -1);
    tri_session_free(s);
}
END_TEST

START_TEST(ties_rank_by_id)
{
    static const char rules[] =
        "questions: [{id: q, type: yes_no, text: Q?}]\n"
        "conditions:\n"
        "  - {id: zeta, name: Z, summary: z, level: routine}\n"
        "  - {id: alpha, name: A, summary: a, level: routine}\n"
        "rules:\n"
        "  - {id: r, when: {q: 'yes'}, then: [{support: {zeta: 0.5, alpha: 0.5}}], because: b}\n";
    tri_kb *k = kb_from_string(rules, NULL);
    ck_assert_ptr_nonnull(k);
    const char *a[] = {"q=yes", NULL};
    tri_session *s = session_with(k, a);
    ck_assert_str_eq(tri_condition_id(k, tri_result_explanation(s, 0, NULL, NULL)), "alpha");
    tri_session_free(s);
    tri_kb_free(k);
}
END_TEST

/* ---- derived facts ---------------------------------------------------------- */

static const char fact_rules[] =
    "questions:\n"
    "  - {id: a, type: yes_no, text: A?}\n"
    "  - {id: b, type: yes_no, text: B?}\n"
    "facts: [{id: f1}, {id: f2}, {id: f3}, {id: loop1}, {id: loop2}]\n"
    "conditions:\n"
    "  - {id: c, name: C, summary: c, level: routine}\n"
    "  - {id: d, name: D, summary: d, level: routine}\n"
    "  - {id: e, name: E, summary: e, level: routine}\n"
    "rules:\n"
    "  - {id: s3, when: {fact: f2}, then: [{set: f3}], because: chain}\n"
    "  - {id: s2, when: {fact: f1}, then: [{set: f2}], because: chain}\n"
    "  - {id: s1, when: {a: 'yes'}, then: [{set: f1}], because: start}\n"
    "  - {id: use, when: {fact: f3}, then: [{support: {c: 0.9}}], because: end of chain}\n"
    "  - {id: neg, when: {not: {fact: f1}}, then: [{support: {d: 0.9}}], because: no f1}\n"
    "  - {id: l1, when: {any: [{fact: loop2}, {b: 'yes'}]}, then: [{set: loop1}], because: loop}\n"
    "  - {id: l2, when: {fact: loop1}, then: [{set: loop2}], because: loop}\n"
    "  - {id: uselp, when: {fact: loop2}, then: [{support: {e: 0.9}}], because: loop end}\n";

START_TEST(facts_chain_to_fixpoint)
{
    tri_kb *k = kb_from_string(fact_rules, NULL);
    ck_assert_ptr_nonnull(k);
    const char *a[] = {"a=yes", NULL};
    tri_session *s = session_with(k, a);
    /* s3 is declared before s2 before s1: order must not matter */
    ck_assert_int_eq(rank_of(s, "c"), 0);
    ck_assert_int_eq(rank_of(s, "d"), -1);
    tri_session_free(s);
    const char *b[] = {"a=no", NULL};
    s = session_with(k, b);
    ck_assert_int_eq(rank_of(s, "c"), -1);
    ck_assert_int_ge(rank_of(s, "d"), 0); /* f1 settled FALSE, so not f1 is TRUE */
    tri_session_free(s);
    tri_kb_free(k);
}
END_TEST

START_TEST(fact_cycle_terminates)
{
    tri_kb *k = kb_from_string(fact_rules, NULL);
    ck_assert_ptr_nonnull(k);
    /* b=yes breaks into the loop: loop1, then loop2 */
    const char *a[] = {"b=yes", NULL};
    tri_session *s = session_with(k, a);
    ck_assert_int_ge(rank_of(s, "e"), 0);
    tri_session_free(s);
    /* b=no: the cycle loop1 <-> loop2 cannot settle; it stays unknown, no hang */
    const char *b[] = {"b=no", NULL};
    s = session_with(k, b);
    ck_assert_int_eq(rank_of(s, "e"), -1);
    tri_session_free(s);
    tri_kb_free(k);
}
END_TEST

START_TEST(evaluation_is_deterministic)
{
    const char *a[] = {"timing=onset", "awake_seen=no", "place=cheek", "length=2 s", NULL};
    tri_session *s1 = session_with(kb, a);
    tri_session *s2 = session_with(kb, a);
    size_t l1, l2;
    char first[65536];
    const char *j1 = tri_session_report_json(s1, NULL, &l1);
    ck_assert(l1 < sizeof first);
    memcpy(first, j1, l1);
    tri_session_evaluate(s2);
    tri_session_evaluate(s2); /* evaluating twice changes nothing */
    const char *j2 = tri_session_report_json(s2, NULL, &l2);
    ck_assert_uint_eq(l1, l2);
    ck_assert(memcmp(first, j2, l1) == 0);
    tri_session_free(s1);
    tri_session_free(s2);
}
END_TEST


/* ---- base rates (prior) and must-not-miss floors ------------------------- */

static const char prior_rules[] =
    "questions:\n"
    "  - {id: a, type: yes_no, text: A?}\n"
    "  - {id: b, type: yes_no, text: B?}\n"
    "  - {id: c, type: yes_no, text: C?}\n"
    "conditions:\n"
    "  - {id: rare, name: Rare, summary: Rare., level: routine, prior: -0.3, references: [x]}\n"
    "  - {id: common, name: Common, summary: Common., level: self_care, prior: 0.2,\n"
    "     references: [x]}\n"
    "  - {id: plain, name: Plain, summary: Plain., level: self_care, references: [x]}\n"
    "  - {id: serious, name: Serious, summary: Serious., level: soon, must_not_miss: 0.15,\n"
    "     references: [x]}\n"
    "rules:\n"
    "  - {id: ra, when: {a: 'yes'}, then: [{support: {rare: 0.5}}], because: a}\n"
    "  - {id: rb, when: {b: 'yes'}, then: [{support: {rare: 0.3, plain: 0.6}}], because: b}\n"
    "  - {id: rc, when: {c: 'yes'}, then: [{oppose: {common: 0.5}}, {support: {serious: 0.2}}],\n"
    "     because: c}\n"
    "  - {id: rd, when: {c: 'no'}, then: [{support: {serious: 0.1, plain: 0.5}}], because: d}\n";

START_TEST(negative_prior_needs_more_than_one_feature)
{
    tri_kb *k = kb_from_string(prior_rules, NULL);
    ck_assert_ptr_nonnull(k);
    /* one feature: MB 0.5, MD 0.3 (the prior): (0.5 - 0.3) / (1 - 0.3) = 0.2857, not likely */
    const char *one[] = {"a=yes", NULL};
    tri_session *s = session_with(k, one);
    ck_assert_double_eq_tol(confidence_of(s, "rare"), 0.2 / 0.7, 1e-9);
    bool likely = true;
    tri_result_explanation(s, (size_t)rank_of(s, "rare"), NULL, &likely);
    ck_assert(!likely);
    tri_session_free(s);
    /* two: MB 0.5 + 0.3 * 0.5 = 0.65: (0.65 - 0.3) / 0.7 = 0.5, likely */
    const char *two[] = {"a=yes", "b=yes", NULL};
    s = session_with(k, two);
    ck_assert_double_eq_tol(confidence_of(s, "rare"), 0.5, 1e-9);
    /* the detailed report says why the confidence is lower than the rules alone would make it */
    size_t len;
    tri_report_options detail = {.detail = true};
    const char *text = tri_session_report_text(s, &detail, &len);
    ck_assert_msg(strstr(text, "- It is uncommon: its base rate counts against it.") != NULL,
                  "%s", text);
    const char *json = tri_session_report_json(s, NULL, &len);
    ck_assert_msg(strstr(json, "\"prior\":-0.3") != NULL, "%s", json);
    tri_session_free(s);
    tri_kb_free(k);
}
END_TEST

START_TEST(prior_applies_only_once_a_rule_touches_the_condition)
{
    tri_kb *k = kb_from_string(prior_rules, NULL);
    ck_assert_ptr_nonnull(k);
    const char *none[] = {"b=no", NULL};
    tri_session *s = session_with(k, none);
    ck_assert_int_eq(rank_of(s, "rare"), -1);
    ck_assert_int_eq(rank_of(s, "common"), -1);
    tri_session_free(s);
    /* a positive prior is evidence for: MB 0.2, MD 0.5: (0.2 - 0.5) / 0.8 = -0.375 */
    const char *c[] = {"c=yes", NULL};
    s = session_with(k, c);
    ck_assert_double_eq_tol(confidence_of(s, "common"), -0.375, 1e-9);
    tri_session_free(s);
    tri_kb_free(k);
}
END_TEST

START_TEST(must_not_miss_raises_triage_below_the_threshold)
{
    tri_kb *k = kb_from_string(prior_rules, NULL);
    ck_assert_ptr_nonnull(k);
    /* serious at 0.2 (>= 0.15, < 0.3): its level `soon` is a floor beside a likely self-care one */
    const char *c[] = {"c=yes", "b=yes", NULL};
    tri_session *s = session_with(k, c);
    ck_assert_double_eq_tol(confidence_of(s, "serious"), 0.2, 1e-9);
    ck_assert_int_eq(tri_result_level(s), TRI_LEVEL_SOON);
    size_t len;
    const char *text = tri_session_report_text(s, NULL, &len);
    ck_assert_msg(strstr(text, "Why: Serious cannot be ruled out, and must not be missed.") !=
                      NULL,
                  "%s", text);
    const char *json = tri_session_report_json(s, NULL, &len);
    ck_assert(strstr(json, "\"source\":\"must_not_miss\",\"id\":\"serious\"") != NULL);
    tri_session_free(s);
    /* at 0.1, under its must_not_miss, it changes nothing: plain is likely, self care */
    const char *d[] = {"c=no", NULL};
    s = session_with(k, d);
    ck_assert_double_eq_tol(confidence_of(s, "serious"), 0.1, 1e-9);
    ck_assert_int_eq(tri_result_level(s), TRI_LEVEL_SELF_CARE);
    tri_session_free(s);
    tri_kb_free(k);
}
END_TEST

START_TEST(prior_and_must_not_miss_are_checked)
{
    static const struct {
        const char *name, *keys, *message;
    } rows[] = {
        {"prior too high", "prior: 0.3", "a prior must be above -1 and below 0.3"},
        {"prior -1", "prior: -1", "a prior must be above -1 and below 0.3"},
        {"prior not a number", "prior: rare", "a prior must be a number, found 'rare'"},
        {"must_not_miss 0", "must_not_miss: 0", "must_not_miss must be a confidence above 0"},
        {"must_not_miss at threshold", "must_not_miss: 0.3",
         "must_not_miss must be a confidence above 0"},
        {"must_not_miss on a routine condition", "must_not_miss: 0.1, level: routine",
         "must_not_miss is for conditions whose level is 'soon' or more urgent, and 'x' is "
         "'routine'"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char yaml[512];
        snprintf(yaml, sizeof yaml,
                 "conditions:\n"
                 "  - {id: x, name: X, summary: X., %s%s, references: [r]}\n",
                 rows[i].keys, strstr(rows[i].keys, "level") ? "" : ", level: soon");
        collected c;
        tri_kb *k = kb_from_string(yaml, &c);
        ck_assert_msg(k == NULL, "%s: loaded", rows[i].name);
        ck_assert_msg(strstr(c.text, rows[i].message) != NULL, "%s: got\n%s", rows[i].name,
                      c.text);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("infer");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, positive_evidence_combines);
    tcase_add_test(tc, mixed_evidence_combines);
    tcase_add_test(tc, unknown_answer_does_not_fire);
    tcase_add_test(tc, all_with_unknown_part_is_unknown);
    tcase_add_test(tc, at_least_counts_true_items);
    tcase_add_test(tc, range_answer_partly_over_threshold);
    tcase_add_test(tc, red_flag_wins_over_benign);
    tcase_add_test(tc, likely_condition_sets_level);
    tcase_add_test(tc, nothing_fits_is_routine);
    tcase_add_test(tc, below_threshold_is_not_likely);
    tcase_add_test(tc, text_answers_match_patterns);
    tcase_add_test(tc, ties_rank_by_id);
    tcase_add_test(tc, facts_chain_to_fixpoint);
    tcase_add_test(tc, fact_cycle_terminates);
    tcase_add_test(tc, evaluation_is_deterministic);
    suite_add_tcase(s, tc);
    TCase *base = tcase_create("base-rates");
    tcase_add_test(base, negative_prior_needs_more_than_one_feature);
    tcase_add_test(base, prior_applies_only_once_a_rule_touches_the_condition);
    tcase_add_test(base, must_not_miss_raises_triage_below_the_threshold);
    tcase_add_test(base, prior_and_must_not_miss_are_checked);
    suite_add_tcase(s, base);
    return run_suite(s);
}
