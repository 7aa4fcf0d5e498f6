/*
 * test_explain.c - the explain stage on small rule files made for the test:
 * advice below the level left out and the level's action first (call the
 * emergency number first at emergency, no measures there), advice whose
 * premise the answers deny, advice for a child and a parent's phrasing,
 * the safety net with each sign at one level and no repeats, look-alike
 * verdicts and the side of each reason, the short report's choices, and
 * that building it allocates nothing.
 */
#include <string.h>

#include "explain.h"
#include "session.h"
#include "support.h"

static const char rules[] =
    "questions:\n"
    "  - {id: about, type: choice, text: Whose?, options: [{id: self, text: Mine}, {id: child, "
    "text: My child's}]}\n"
    "  - {id: age, type: number, text: How old?, min: 0, max: 120}\n"
    "  - {id: caffeine, type: choice, text: Caffeine?, options: [{id: none, text: None}, {id: "
    "some, text: Some}]}\n"
    "  - {id: twitch, type: yes_no, text: Twitching?}\n"
    "  - {id: weak, type: yes_no, text: Weak?}\n"
    "  - {id: droop, type: yes_no, text: Droop?}\n"
    "  - {id: numb, type: yes_no, text: Numb?}\n"
    "advice:\n"
    "  - {id: call, text: Call the emergency number now., level: emergency, kind: action}\n"
    "  - {id: today, text: See a doctor today., parent_text: Take your child to a doctor today., "
    "level: urgent, kind: action}\n"
    "  - {id: routine, text: Book a routine appointment., level: routine, kind: action}\n"
    "  - {id: dentist, text: See a dentist., level: routine, kind: care}\n"
    "  - {id: coffee, text: Cut down on coffee., level: self_care, unless: {caffeine: none}}\n"
    "  - {id: sleep, text: Sleep 7 to 8 hours., level: self_care, age: adult, for_child: "
    "sleep_child}\n"
    "  - {id: sleep_child, text: Sleep 9 to 12 hours., parent_text: Let your child sleep 9 to 12 "
    "hours., level: self_care, age: child}\n"
    "  - {id: drive, text: Do not drive., level: self_care, age: adult}\n"
    "conditions:\n"
    "  - {id: twitchy, name: Twitching, summary: s, level: self_care, advice: [dentist, coffee, "
    "sleep, drive]}\n"
    "  - {id: other, name: Other, summary: s, level: self_care, advice: [dentist]}\n"
    "red_flags:\n"
    "  - {id: stroke, text: Droop, level: emergency, safety_net: your face droops or you feel "
    "numb, signs: [droop, numb]}\n"
    "  - {id: palsy, text: Weak face, level: urgent, safety_net: your face droops or weakens, "
    "signs: [droop, weak]}\n"
    "  - {id: numbness, text: Numb, level: urgent, safety_net: you feel numb, signs: [numb]}\n"
    "  - {id: weakness, text: Weak, level: soon, safety_net: you get weak over weeks, signs: "
    "[weak_slow]}\n"
    "  - {id: weakness2, text: Weak again, level: soon, safety_net: you get weak over weeks, "
    "signs: [weak_slow, weak_slow2]}\n"
    "lookalikes:\n"
    "  - {id: pair, between: [twitchy, other], question: Twitching or other?, separated_by: "
    "[twitch, numb]}\n"
    "rules:\n"
    "  - {id: r-twitch, when: {twitch: 'yes'}, then: [{support: {twitchy: 0.6, other: 0.2}}], "
    "because: It twitches.}\n"
    "  - {id: r-numb, when: {numb: 'yes'}, then: [{support: {other: 0.3}}, {red_flag: "
    "numbness}], because: It is numb., safety_net: you feel numb}\n"
    "  - {id: r-not-twitch, when: {twitch: 'no'}, then: [{oppose: {twitchy: 0.5, other: 0.6}}], "
    "because: It does not twitch.}\n"
    "  - {id: r-droop, when: {droop: 'yes'}, then: [{red_flag: stroke}], because: It droops., "
    "safety_net: your face droops}\n"
    "  - {id: r-weak, when: {weak: 'yes'}, then: [{red_flag: palsy}, {red_flag: weakness}, "
    "{red_flag: weakness2}], because: It is weak., safety_net: it gets weaker}\n";

static tri_kb *kb;

static void setup(void)
{
    collected c;
    kb = kb_from_string(rules, &c);
    ck_assert_msg(kb != NULL, "%s", c.text);
}

static void teardown(void)
{
    tri_kb_free(kb);
}

/* Whether advice id is given; its position in *at. */
static bool gives(const explain *ex, const char *id, uint32_t *at)
{
    for (uint32_t i = 0; i < ex->nadvice; i++)
        if (ex->advice[i].advice != NO_INDEX && !strcmp(kb->advice[ex->advice[i].advice].id, id)) {
            if (at)
                *at = i;
            return true;
        }
    return false;
}

static const char *first_advice_id(const explain *ex)
{
    return ex->advice[0].advice == NO_INDEX ? "(level meaning)"
                                            : kb->advice[ex->advice[0].advice].id;
}

START_TEST(level_action_first_and_nothing_less_urgent)
{
    /* self care: the routine care item (a dentist) is as urgent or more, so it is given */
    const char *a1[] = {"twitch=yes", "caffeine=some", NULL};
    tri_session *s = session_with(kb, a1);
    const explain *ex = explain_build(s);
    ck_assert_int_eq(ex->level, TRI_LEVEL_SELF_CARE);
    /* no action item for self care: the level's meaning stands for it */
    ck_assert_uint_eq(ex->advice[0].advice, NO_INDEX);
    ck_assert_int_eq(ex->advice[0].kind, ADVICE_ACTION);
    ck_assert(gives(ex, "dentist", NULL));
    ck_assert(gives(ex, "coffee", NULL));
    tri_session_free(s);

    /* urgent (a red flag): the routine dentist is left out, the action comes first, the
     * measures follow it */
    const char *a2[] = {"twitch=yes", "caffeine=some", "numb=yes", NULL};
    s = session_with(kb, a2);
    ex = explain_build(s);
    ck_assert_int_eq(ex->level, TRI_LEVEL_URGENT);
    ck_assert_str_eq(first_advice_id(ex), "today");
    ck_assert(!gives(ex, "dentist", NULL));
    uint32_t at;
    ck_assert(gives(ex, "coffee", &at));
    ck_assert_uint_gt(at, 0);
    tri_session_free(s);
}
END_TEST

START_TEST(emergency_calls_first_and_gives_no_measures)
{
    const char *a[] = {"twitch=yes", "caffeine=some", "droop=yes", NULL};
    tri_session *s = session_with(kb, a);
    const explain *ex = explain_build(s);
    ck_assert_int_eq(ex->level, TRI_LEVEL_EMERGENCY);
    ck_assert_str_eq(first_advice_id(ex), "call");
    ck_assert_uint_eq(ex->nadvice, 1);
    ck_assert_uint_eq(ex->nnet, 0); /* nothing is more urgent */
    const char *text = tri_session_report_text(s, NULL, NULL);
    const char *todo = strstr(text, "What to do:\n");
    ck_assert_ptr_nonnull(todo);
    ck_assert_msg(!strncmp(todo, "What to do:\n  - Call the emergency number now.\n\n", 48), "%s",
                  todo);
    tri_session_free(s);
}
END_TEST

START_TEST(advice_whose_premise_is_denied_is_left_out)
{
    const char *none[] = {"twitch=yes", "caffeine=none", NULL};
    tri_session *s = session_with(kb, none);
    ck_assert(!gives(explain_build(s), "coffee", NULL));
    tri_session_free(s);
    const char *some[] = {"twitch=yes", "caffeine=some", NULL};
    s = session_with(kb, some);
    ck_assert(gives(explain_build(s), "coffee", NULL));
    tri_session_free(s);
    /* not known: the premise is not denied */
    const char *unknown[] = {"twitch=yes", "caffeine=unknown", NULL};
    s = session_with(kb, unknown);
    ck_assert(gives(explain_build(s), "coffee", NULL));
    tri_session_free(s);
}
END_TEST

START_TEST(advice_for_a_child_and_a_parent)
{
    /* an adult: the adult items */
    const char *adult[] = {"twitch=yes", "age=30", NULL};
    tri_session *s = session_with(kb, adult);
    const explain *ex = explain_build(s);
    ck_assert(gives(ex, "sleep", NULL) && gives(ex, "drive", NULL) && !gives(ex, "sleep_child", NULL));
    tri_session_free(s);

    /* a 7-year-old answering: the child's version, no driving, and "you" */
    const char *child[] = {"twitch=yes", "age=7", "about=self", NULL};
    s = session_with(kb, child);
    ex = explain_build(s);
    uint32_t at;
    ck_assert(!gives(ex, "sleep", NULL) && !gives(ex, "drive", NULL));
    ck_assert(gives(ex, "sleep_child", &at));
    ck_assert_str_eq(explain_advice_text(ex, &ex->advice[at], NULL), "Sleep 9 to 12 hours.");
    tri_session_free(s);

    /* a parent, no age given: a child, and the parent's phrasing */
    const char *parent[] = {"twitch=yes", "about=child", "numb=yes", NULL};
    s = session_with(kb, parent);
    ex = explain_build(s);
    ck_assert(ex->for_parent);
    ck_assert(gives(ex, "sleep_child", &at));
    ck_assert_str_eq(explain_advice_text(ex, &ex->advice[at], NULL),
                     "Let your child sleep 9 to 12 hours.");
    ck_assert_str_eq(explain_advice_text(ex, &ex->advice[0], NULL),
                     "Take your child to a doctor today.");
    const char *text = tri_session_report_text(s, NULL, NULL);
    ck_assert_ptr_null(strstr(text, "7 to 8 hours"));
    ck_assert_ptr_nonnull(strstr(text, "Take your child to a doctor today."));
    tri_session_free(s);

    /* a parent of an adult: the adult items, in the parent's phrasing where there is one */
    const char *grown[] = {"twitch=yes", "about=child", "age=20", NULL};
    s = session_with(kb, grown);
    ex = explain_build(s);
    ck_assert(gives(ex, "sleep", NULL) && !gives(ex, "sleep_child", NULL));
    tri_session_free(s);
}
END_TEST

/* The level of sign `sign` in the net, or -1; fails on a second level. */
static int sign_level_in(const explain *ex, const char *sign)
{
    int level = -1;
    for (uint32_t i = 0; i < ex->nnet; i++) {
        const explain_net *n = &ex->net[i];
        if (n->kind != NET_RED_FLAG)
            continue;
        const kb_red_flag *f = &kb->red_flags[n->index];
        for (uint32_t j = 0; j < f->nsigns; j++)
            if (!strcmp(f->signs[j], sign)) {
                ck_assert_msg(level < 0 || level == n->level, "sign '%s' at two levels", sign);
                level = n->level;
            }
    }
    return level;
}

static bool net_has(const explain *ex, const char *flag)
{
    for (uint32_t i = 0; i < ex->nnet; i++)
        if (ex->net[i].kind == NET_RED_FLAG && !strcmp(kb->red_flags[ex->net[i].index].id, flag))
            return true;
    return false;
}

START_TEST(safety_net_shows_each_sign_at_one_level)
{
    const char *a[] = {"twitch=yes", NULL};
    tri_session *s = session_with(kb, a);
    const explain *ex = explain_build(s);
    /* stroke (emergency) names droop and numb: palsy (urgent, droop) and numbness (urgent,
     * numb) would repeat them at a lower level, so they are left out */
    ck_assert(net_has(ex, "stroke"));
    ck_assert(!net_has(ex, "palsy"));
    ck_assert(!net_has(ex, "numbness"));
    ck_assert_int_eq(sign_level_in(ex, "droop"), TRI_LEVEL_EMERGENCY);
    ck_assert_int_eq(sign_level_in(ex, "numb"), TRI_LEVEL_EMERGENCY);
    /* weakness and weakness2 have the same text: shown once */
    ck_assert(net_has(ex, "weakness") != net_has(ex, "weakness2"));
    for (uint32_t i = 1; i < ex->nnet; i++)
        ck_assert_int_le(ex->net[i - 1].level, ex->net[i].level);
    /* the short report shows the emergency entry */
    ck_assert(ex->net[0].in_short && ex->net[0].level == TRI_LEVEL_EMERGENCY);
    tri_session_free(s);
}
END_TEST

/* A floor whose safety net is for children (`age: child`) and one for adults. */
static const char age_rules[] =
    "questions:\n"
    "  - {id: about, type: choice, text: Whose?, options: [{id: self, text: Mine}, {id: child, "
    "text: My child's}]}\n"
    "  - {id: age, type: number, text: How old?, min: 0, max: 120}\n"
    "  - {id: clusters, type: yes_no, text: Clusters?}\n"
    "  - {id: driving, type: yes_no, text: Dozing at the wheel?}\n"
    "conditions:\n"
    "  - {id: jerks, name: Jerks, summary: s, level: self_care}\n"
    "rules:\n"
    "  - {id: r-jerks, when: {clusters: 'no'}, then: [{support: {jerks: 0.6}}], because: b}\n"
    "  - {id: baby, when: {clusters: 'yes'}, then: [{triage: urgent}], because: b, safety_net: "
    "a baby's jerks come in clusters, signs: [baby_clusters], age: child}\n"
    "  - {id: wheel, when: {driving: 'yes'}, then: [{triage: soon}], because: b, safety_net: "
    "you nod off while driving, signs: [dozing_driving], age: adult}\n";

static bool floor_net_has(const tri_kb *k, const explain *ex, const char *rule)
{
    for (uint32_t i = 0; i < ex->nnet; i++)
        if (ex->net[i].kind == NET_FLOOR && !strcmp(k->rules[ex->net[i].index].id, rule))
            return true;
    return false;
}

START_TEST(safety_net_for_children_or_adults_only)
{
    collected c;
    tri_kb *k = kb_from_string(age_rules, &c);
    ck_assert_msg(k != NULL, "%s", c.text);
    static const struct {
        const char *name, *answers[3];
        bool baby, wheel;
    } rows[] = {
        {"adult", {"age=30", "clusters=no", NULL}, false, true},
        {"child by age", {"age=5", "clusters=no", NULL}, true, false},
        {"child by about", {"about=child", "clusters=no", NULL}, true, false},
        {"age unknown", {"clusters=no", NULL}, false, true},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        tri_session *s = session_with(k, rows[i].answers);
        const explain *ex = explain_build(s);
        ck_assert_msg(floor_net_has(k, ex, "baby") == rows[i].baby, "%s: baby", rows[i].name);
        ck_assert_msg(floor_net_has(k, ex, "wheel") == rows[i].wheel, "%s: wheel", rows[i].name);
        tri_session_free(s);
    }
    tri_kb_free(k);
}
END_TEST

START_TEST(lookalike_points_to_the_higher_side_and_labels_each_reason)
{
    /* twitchy 0.6, other 0.2 + 0.3: r-twitch favours twitchy, r-numb favours other */
    const char *a[] = {"twitch=yes", "numb=yes", NULL};
    tri_session *s = session_with(kb, a);
    const explain *ex = explain_build(s);
    ck_assert_uint_eq(ex->nla, 1);
    const explain_lookalike *v = &ex->la[0];
    uint32_t twitchy = (uint32_t)tri_kb_condition_find(kb, "twitchy");
    uint32_t other = (uint32_t)tri_kb_condition_find(kb, "other");
    ck_assert_int_eq(v->verdict, VERDICT_LEANS_TO); /* 0.60 against 0.44 */
    ck_assert_uint_eq(v->favoured, twitchy);
    ck_assert_uint_eq(v->nsep, 2);
    for (uint32_t j = 0; j < v->nsep; j++) {
        const explain_separating *sp = &ex->seps[v->first_sep + j];
        const char *rule = kb->rules[sp->rule].id;
        ck_assert_uint_eq(sp->side, !strcmp(rule, "r-twitch") ? twitchy : other);
        ck_assert(sp->cited == (sp->side == twitchy)); /* never a reason against the verdict */
    }
    tri_session_free(s);

    /* both below 0: the answers argue against both, pointing to neither */
    const char *b[] = {"twitch=no", NULL};
    s = session_with(kb, b);
    ex = explain_build(s);
    ck_assert_uint_eq(ex->nla, 1);
    ck_assert_int_eq(ex->la[0].verdict, VERDICT_AGAINST_BOTH);
    for (uint32_t j = 0; j < ex->la[0].nsep; j++)
        ck_assert(!ex->seps[ex->la[0].first_sep + j].cited);
    const char *json = tri_session_report_json(s, NULL, NULL);
    ck_assert_ptr_nonnull(strstr(json, "\"verdict\":\"against_both\",\"favours\":null"));
    const char *text = tri_session_report_text(s, NULL, NULL);
    ck_assert_ptr_nonnull(strstr(text, "argue against both"));
    ck_assert_ptr_null(strstr(text, "point to"));
    tri_session_free(s);
}
END_TEST

START_TEST(building_allocates_nothing)
{
    failing_alloc f;
    failing_alloc_init(&f, -1);
    tri_options opt = {0};
    opt.allocator = &f.a;
    tri_session *s = tri_session_new(kb, &opt, NULL);
    ck_assert_ptr_nonnull(s);
    tri_session_answer(s, 3, "yes", NULL);
    tri_session_answer(s, 6, "yes", NULL);
    tri_session_evaluate(s);
    long before = f.calls;
    ck_assert_ptr_nonnull(explain_build(s)); /* the structure is allocated once, here */
    ck_assert_int_eq(f.calls, before + 1);
    before = f.calls;
    explain_build(s);
    explain_build(s);
    ck_assert_int_eq(f.calls, before);
    tri_session_free(s);
    ck_assert_int_eq(f.live, 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("explain");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, level_action_first_and_nothing_less_urgent);
    tcase_add_test(tc, emergency_calls_first_and_gives_no_measures);
    tcase_add_test(tc, advice_whose_premise_is_denied_is_left_out);
    tcase_add_test(tc, advice_for_a_child_and_a_parent);
    tcase_add_test(tc, safety_net_shows_each_sign_at_one_level);
    tcase_add_test(tc, safety_net_for_children_or_adults_only);
    tcase_add_test(tc, lookalike_points_to_the_higher_side_and_labels_each_reason);
    tcase_add_test(tc, building_allocates_nothing);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
