/*
 * test_report.c - the JSON and text results: required fields, reasons with
 * the answers they matched, escaping, determinism, look-alikes and the side
 * of each reason, safety net, the short and detailed text, no ids and no raw
 * control characters in text for a person, and the answers file round trip. JSON is checked by reading it back with
 * the engine's own YAML loader (JSON is YAML).
 */
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "loader.h"
#include "support.h"

static const char rules[] =
    "questions:\n"
    "  - {id: timing, type: choice, text: When?, screening: false, options: [{id: onset, text: Onset}, {id: awake, text: Awake}]}\n"
    "  - {id: screen, type: yes_no, text: Any \"alarming\" signs?, screening: true}\n"
    "  - {id: awake_seen, type: yes_no, text: Seen awake?}\n"
    "  - {id: length, type: duration, text: How long?}\n"
    "advice:\n"
    "  - {id: sleep, text: Keep regular hours., level: self_care}\n"
    "factors:\n"
    "  - {id: stress, name: Stress, advice: Wind down before bed.}\n"
    "conditions:\n"
    "  - {id: jerk, name: Sleep starts, summary: Jerks as you fall asleep., level: self_care, icd10: G47.69, advice: [sleep]}\n"
    "  - {id: spasm, name: Hemifacial spasm, summary: A one-sided spasm., level: routine}\n"
    "red_flags:\n"
    "  - {id: alarm, text: Alarming signs, level: emergency, safety_net: you notice alarming signs}\n"
    "lookalikes:\n"
    "  - {id: jerk-vs-spasm, between: [jerk, spasm], question: Sleep start or spasm?, separated_by: [awake_seen, timing]}\n"
    "rules:\n"
    "  - {id: onset, when: {timing: onset}, then: [{support: {jerk: 0.6, spasm: 0.2}}, {factor: stress}], because: \"It comes as you \\\"drop off\\\".\"}\n"
    "  - {id: never-awake, when: {awake_seen: 'no'}, then: [{oppose: {spasm: 0.6}}], because: Never seen awake.}\n"
    "  - {id: screen, when: {screen: 'yes'}, then: [{red_flag: alarm}], because: Alarming signs., safety_net: you notice alarming signs}\n"
    "  - {id: long, when: {length: {gt: 2 weeks}}, then: [{triage: routine}], because: Over two weeks., safety_net: it lasts over two weeks}\n";

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

/* Parses JSON text with the YAML loader; the tree lives in *ar. */
static const node *parse_json(const char *json, arena **ar)
{
    diag_sink d;
    diag_init(&d, NULL, NULL);
    *ar = arena_new(NULL);
    const node *root = loader_parse(*ar, "result.json", json, strlen(json), &d);
    ck_assert_msg(root != NULL, "result is not valid JSON: %s", json);
    return root;
}

START_TEST(json_has_required_fields)
{
    const char *a[] = {"timing=onset", "awake_seen=no", "length=5 months", NULL};
    tri_session *s = session_with(kb, a);
    const char *json = tri_session_report_json(s, NULL, NULL);
    arena *ar;
    const node *root = parse_json(json, &ar);
    static const char *const keys[] = {"rules_version", "disclaimer", "triage", "not_checked",
                                       "red_flags", "explanations", "lookalikes", "factors",
                                       "advice", "safety_net", "nothing_fits"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        ck_assert_msg(node_get(root, keys[i]) != NULL, "missing '%s'", keys[i]);
    const node *triage = node_get(root, "triage");
    ck_assert_str_eq(node_get(triage, "level")->text, "routine");
    const node *reasons = node_get(triage, "reasons");
    ck_assert_uint_eq(reasons->count, 1);
    ck_assert_str_eq(node_get(reasons->kids[0], "id")->text, "long");

    const node *ex = node_get(root, "explanations");
    ck_assert_uint_eq(ex->count, 2);
    const node *first = ex->kids[0];
    ck_assert_str_eq(node_get(first, "id")->text, "jerk");
    ck_assert_str_eq(node_get(first, "name")->text, "Sleep starts");
    ck_assert_str_eq(node_get(first, "confidence")->text, "0.600");
    ck_assert_str_eq(node_get(first, "likely")->text, "true");
    const node *why = node_get(first, "reasons")->kids[0];
    ck_assert_str_eq(node_get(why, "rule")->text, "onset");
    ck_assert_str_eq(node_get(why, "because")->text, "It comes as you \"drop off\".");
    ck_assert_str_eq(node_get(node_get(why, "answers"), "timing")->text, "onset");
    /* spasm: MB 0.2, MD 0.6 -> (0.2 - 0.6) / 0.8 = -0.5, not likely, reason against */
    const node *second = ex->kids[1];
    ck_assert_str_eq(node_get(second, "confidence")->text, "-0.500");
    ck_assert_str_eq(node_get(second, "likely")->text, "false");

    ck_assert_str_eq(node_get(node_get(root, "not_checked")->kids[0], "question")->text, "screen");
    ck_assert_str_eq(node_get(node_get(root, "factors")->kids[0], "id")->text, "stress");
    /* the level's action first (the level's meaning: the rules have no action item), then
     * the measure of the likely explanation */
    const node *advice = node_get(root, "advice");
    ck_assert_str_eq(node_get(advice->kids[0], "kind")->text, "action");
    ck_assert_str_eq(node_get(advice->kids[0], "level")->text, "routine");
    ck_assert_str_eq(node_get(advice->kids[1], "id")->text, "sleep");
    const node *la = node_get(root, "lookalikes")->kids[0];
    ck_assert_str_eq(node_get(la, "favours")->text, "jerk");
    ck_assert_str_eq(node_get(la, "verdict")->text, "points_to");
    /* each separating reason says which side it supports: both favour the sleep start */
    const node *sep = node_get(la, "separating");
    ck_assert_uint_eq(sep->count, 2);
    for (size_t i = 0; i < sep->count; i++) {
        ck_assert_str_eq(node_get(sep->kids[i], "side")->text, "jerk");
        ck_assert_str_eq(node_get(sep->kids[i], "cited")->text, "true");
    }
    ck_assert_uint_eq(node_get(la, "would_help")->count, 0);
    /* the unfired emergency red flag is in the safety net, as is the unanswered screen */
    const node *net = node_get(root, "safety_net");
    ck_assert_uint_ge(net->count, 1);
    ck_assert_str_eq(node_get(net->kids[0], "level")->text, "emergency");
    ck_assert_str_eq(node_get(net->kids[0], "if")->text, "you notice alarming signs");
    arena_free(ar);
    tri_session_free(s);
}
END_TEST

START_TEST(json_is_one_line_and_stable)
{
    const char *a[] = {"timing=onset", NULL};
    tri_session *s = session_with(kb, a);
    size_t len;
    const char *json = tri_session_report_json(s, NULL, &len);
    ck_assert_ptr_null(memchr(json, '\n', len));
    ck_assert_ptr_null(strstr(json, "test.yaml")); /* no input path in the result */
    char copy[16384];
    ck_assert(len < sizeof copy);
    memcpy(copy, json, len + 1);
    tri_session_clear(s);
    tri_session_answer(s, 0, "onset", NULL);
    tri_session_evaluate(s);
    ck_assert_str_eq(tri_session_report_json(s, NULL, NULL), copy);
    tri_report_options ro = {0};
    ro.pretty = true;
    const char *pretty = tri_session_report_json(s, &ro, NULL);
    ck_assert_ptr_nonnull(strstr(pretty, "\n  \"triage\": {"));
    tri_session_free(s);
}
END_TEST

START_TEST(red_flag_forces_level_and_is_reported)
{
    const char *a[] = {"timing=onset", "screen=yes", NULL};
    tri_session *s = session_with(kb, a);
    ck_assert_int_eq(tri_result_level(s), TRI_LEVEL_EMERGENCY);
    const char *json = tri_session_report_json(s, NULL, NULL);
    arena *ar;
    const node *root = parse_json(json, &ar);
    const node *rf = node_get(root, "red_flags")->kids[0];
    ck_assert_str_eq(node_get(rf, "id")->text, "alarm");
    ck_assert_str_eq(node_get(rf, "level")->text, "emergency");
    ck_assert_str_eq(node_get(rf, "rule")->text, "screen");
    ck_assert_str_eq(node_get(node_get(node_get(root, "triage"), "reasons")->kids[0], "source")->text,
                     "red_flag");
    arena_free(ar);
    const char *text = tri_session_report_text(s, NULL, NULL);
    ck_assert_msg(strncmp(text, "TRIAGE: EMERGENCY", 17) == 0, "first line: %.40s", text);
    ck_assert_ptr_nonnull(strstr(text, "Why: Red flag: Alarming signs."));
    tri_report_options ro = {0};
    ro.detail = true;
    text = tri_session_report_text(s, &ro, NULL);
    ck_assert_ptr_nonnull(strstr(text, "Red flags found:"));
    ck_assert_ptr_nonnull(strstr(text, "! Alarming signs (emergency)"));
    tri_session_free(s);
}
END_TEST

START_TEST(text_report_explains)
{
    const char *a[] = {"timing=onset", "awake_seen=no", NULL};
    tri_session *s = session_with(kb, a);
    tri_report_options ro = {0};
    ro.width = 60;
    ro.detail = true;
    const char *text = tri_session_report_text(s, &ro, NULL);
    ck_assert_ptr_nonnull(strstr(text, "Most likely explanation:"));
    ck_assert_ptr_nonnull(strstr(text, "+ It comes as you \"drop off\"."));
    ck_assert_ptr_nonnull(strstr(text, "Also considered:"));
    ck_assert_ptr_nonnull(strstr(text, "- Never seen awake."));
    ck_assert_ptr_nonnull(strstr(text, "Sleep start or spasm?"));
    ck_assert_ptr_nonnull(strstr(text, "Not checked"));
    ck_assert_ptr_nonnull(strstr(text, "This is information, not a diagnosis."));
    /* wrapped to the width */
    for (const char *line = text; *line;) {
        const char *nl = strchr(line, '\n');
        size_t n = nl ? (size_t)(nl - line) : strlen(line);
        ck_assert_msg(n <= 60, "line longer than 60: %.*s", (int)n, line);
        line = nl ? nl + 1 : line + n;
    }
    /* HOW: the texts of the rules and of the answers they matched, no ids */
    const char *how = tri_session_report_how(s, 1, NULL, NULL);
    ck_assert_ptr_nonnull(strstr(how, "- 0.60 Never seen awake."));
    ck_assert_ptr_nonnull(strstr(how, "matched: Seen awake? No"));
    ck_assert_ptr_null(strstr(how, "never-awake"));
    ck_assert_ptr_null(strstr(how, "awake_seen"));
    ck_assert_ptr_null(strstr(how, "(spasm)"));
    tri_session_free(s);
}
END_TEST

START_TEST(answers_round_trip)
{
    const char *a[] = {"timing=onset", "awake_seen=no", "length=half a second to 4 s", NULL};
    tri_session *s = session_with(kb, a);
    tri_session_answer_unknown(s, 1);
    size_t len;
    const char *yaml = tri_session_answers_yaml(s, &len);
    char copy[4096];
    memcpy(copy, yaml, len + 1);
    ck_assert_ptr_nonnull(strstr(copy, "  timing: onset\n"));
    ck_assert_ptr_nonnull(strstr(copy, "  screen: unknown\n"));
    ck_assert_ptr_nonnull(strstr(copy, "  length: \"half a second to 4 s\"\n"));
    tri_session *t = tri_session_new(kb, NULL, NULL);
    tri_error err;
    ck_assert_int_eq(tri_session_load_answers(t, "saved.yaml", copy, len, &err), TRI_OK);
    tri_session_evaluate(t);
    tri_session_evaluate(s);
    char j1[16384];
    snprintf(j1, sizeof j1, "%s", tri_session_report_json(s, NULL, NULL));
    ck_assert_str_eq(tri_session_report_json(t, NULL, NULL), j1);
    tri_session_free(t);
    tri_session_free(s);
}
END_TEST

START_TEST(json_escapes_control_and_bad_bytes)
{
    static const char r2[] =
        "questions: [{id: note, type: text, text: Notes?}, {id: q, type: yes_no, text: Q?}]\n"
        "conditions: [{id: c, name: \"Tab\\there\", summary: s, level: routine}]\n"
        "rules: [{id: r, when: {q: 'yes'}, then: [{support: {c: 0.5}}], because: b}]\n";
    tri_kb *k = kb_from_string(r2, NULL);
    ck_assert_ptr_nonnull(k);
    const char *a[] = {"q=yes", NULL};
    tri_session *s = session_with(k, a);
    const char *json = tri_session_report_json(s, NULL, NULL);
    ck_assert_ptr_nonnull(strstr(json, "\"Tab\\there\""));
    tri_error err;
    ck_assert_int_eq(tri_session_answer(s, 0, "bad \xff byte", &err), TRI_ERR_INVALID);
    ck_assert_ptr_nonnull(strstr(err.message, "UTF-8"));
    tri_session_free(s);
    tri_kb_free(k);
}
END_TEST

START_TEST(language_is_chosen_per_text_with_english_fallback)
{
    static const char r2[] =
        "questions:\n"
        "  - {id: q, type: yes_no, text: {en: Does it twitch?, fr: Est-ce que ça tressaute ?}}\n"
        "conditions:\n"
        "  - {id: c, name: {en: Twitch, fr: Tressautement}, summary: Only in English., "
        "level: self_care}\n"
        "rules:\n"
        "  - {id: r, when: {q: 'yes'}, then: [{support: {c: 0.9}}], because: {en: It twitches., "
        "zh-TW: 它會抽動。}}\n";
    tri_kb *k = kb_from_string(r2, NULL);
    ck_assert_ptr_nonnull(k);
    ck_assert_str_eq(tri_question_text(k, 0, "fr", false), "Est-ce que ça tressaute ?");
    ck_assert_str_eq(tri_question_text(k, 0, "de", false), "Does it twitch?");
    ck_assert_str_eq(tri_question_text(k, 0, NULL, false), "Does it twitch?");
    const char *a[] = {"q=yes", NULL};
    tri_session *s = session_with(k, a);
    tri_report_options ro = {0};
    ro.lang = "fr";
    const char *json = tri_session_report_json(s, &ro, NULL);
    ck_assert_ptr_nonnull(strstr(json, "\"name\":\"Tressautement\""));
    ck_assert_ptr_nonnull(strstr(json, "\"summary\":\"Only in English.\""));
    ck_assert_ptr_nonnull(strstr(json, "\"because\":\"It twitches.\""));
    ro.lang = "zh-TW";
    const char *text = tri_session_report_text(s, &ro, NULL);
    ck_assert_ptr_nonnull(strstr(text, "+ 它會抽動。"));
    ck_assert_ptr_nonnull(strstr(text, "1. Twitch (confidence 0.90)"));
    tri_session_free(s);
    tri_kb_free(k);
}
END_TEST

START_TEST(short_by_default_everything_in_detail)
{
    const char *a[] = {"timing=onset", "awake_seen=no", NULL};
    tri_session *s = session_with(kb, a);
    tri_report_options ro = {0};
    const char *text = tri_session_report_text(s, &ro, NULL);
    ck_assert_ptr_nonnull(strstr(text, "Most likely explanation:\n  1. Sleep starts"));
    ck_assert_ptr_nonnull(strstr(text, "Sleep start or spasm?\n  Your answers point to"));
    ck_assert_ptr_nonnull(strstr(text, "What to do:\n  - Manage at home"));
    ck_assert_ptr_nonnull(strstr(text, "This is information, not a diagnosis."));
    ck_assert_ptr_null(strstr(text, "Also considered:"));
    ck_assert_ptr_null(strstr(text, "Contributing factors:"));
    ck_assert_ptr_null(strstr(text, "It would help to know"));
    ro.detail = true;
    text = tri_session_report_text(s, &ro, NULL);
    ck_assert_ptr_nonnull(strstr(text, "Also considered:"));
    ck_assert_ptr_nonnull(strstr(text, "Contributing factors:\n  - Stress: Wind down before bed."));
    ck_assert_ptr_nonnull(strstr(text, "In favour of Sleep starts:"));
    ck_assert_ptr_nonnull(strstr(text, "This is information, not a diagnosis."));
    tri_session_free(s);
}
END_TEST

START_TEST(text_for_a_person_has_no_ids)
{
    const char *a[] = {"timing=onset", "awake_seen=no", NULL};
    tri_session *s = session_with(kb, a);
    tri_report_options ro = {0};
    ro.detail = true;
    static const char *const ids[] = {"never-awake", "awake_seen", "jerk-vs-spasm", "self_care",
                                      "(jerk)", "(spasm)", "rules_version"};
    char text[16384];
    snprintf(text, sizeof text, "%s", tri_session_report_text(s, &ro, NULL));
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++)
        ck_assert_msg(!strstr(text, ids[i]), "'%s' in the report:\n%s", ids[i], text);
    for (size_t c = 0; c < 2; c++) {
        snprintf(text, sizeof text, "%s", tri_session_report_how(s, c, NULL, NULL));
        for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++)
            ck_assert_msg(!strstr(text, ids[i]), "'%s' in HOW:\n%s", ids[i], text);
    }
    tri_session_free(s);
}
END_TEST

START_TEST(text_shows_control_characters_escaped)
{
    static const char r2[] =
        "questions: [{id: note, type: text, text: Notes?}]\n"
        "conditions: [{id: c, name: \"Odd\\e[2J\", summary: \"s\\x9b1m\", level: routine}]\n"
        "rules: [{id: r, when: {note: {matches: 'x'}}, then: [{support: {c: 0.5}}], because: "
        "\"b\\a\"}]\n";
    tri_kb *k = kb_from_string(r2, NULL);
    ck_assert_ptr_nonnull(k);
    tri_session *s = tri_session_new(k, NULL, NULL);
    ck_assert_int_eq(tri_session_answer(s, 0, "x \033]0;title\007 \033[2J", NULL), TRI_OK);
    tri_session_evaluate(s);
    tri_report_options ro = {0};
    ro.detail = true;
    const char *outs[2];
    char text[8192], how[8192];
    snprintf(text, sizeof text, "%s", tri_session_report_text(s, &ro, NULL));
    snprintf(how, sizeof how, "%s", tri_session_report_how(s, 0, NULL, NULL));
    outs[0] = text;
    outs[1] = how;
    for (int i = 0; i < 2; i++) {
        ck_assert_msg(!strchr(outs[i], '\033') && !strchr(outs[i], '\007') &&
                          !strstr(outs[i], "\xc2\x9b"),
                      "a raw control character in:\n%s", outs[i]);
        ck_assert_ptr_nonnull(strstr(outs[i], "Odd\\x1b[2J"));
    }
    ck_assert_ptr_nonnull(strstr(text, "s\\u009b1m"));
    ck_assert_ptr_nonnull(strstr(how, "b\\x07"));
    /* the person's own text, echoed in HOW */
    ck_assert_ptr_nonnull(strstr(how, "\"x \\x1b]0;title\\x07 \\x1b[2J\""));
    tri_session_free(s);
    tri_kb_free(k);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("report");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, json_has_required_fields);
    tcase_add_test(tc, json_is_one_line_and_stable);
    tcase_add_test(tc, red_flag_forces_level_and_is_reported);
    tcase_add_test(tc, text_report_explains);
    tcase_add_test(tc, answers_round_trip);
    tcase_add_test(tc, json_escapes_control_and_bad_bytes);
    tcase_add_test(tc, language_is_chosen_per_text_with_english_fallback);
    tcase_add_test(tc, short_by_default_everything_in_detail);
    tcase_add_test(tc, text_for_a_person_has_no_ids);
    tcase_add_test(tc, text_shows_control_characters_escaped);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
