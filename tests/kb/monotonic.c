/*
 * monotonic.c - properties of the bundled knowledge base over every vignette:
 *
 *  1. Red flags always win, however they are told. Every red flag, and every
 *     rule that raises one, has an entry point in TRIGGERS (a case file). For
 *     each trigger and each vignette: set the trigger's answers on the
 *     vignette; its red flag must be raised and the level be at least the
 *     flag's. Then, for each question that the flag's rules test and the
 *     trigger does not set, make that answer unknown as well: the flag must
 *     still be raised (an unknown answer in a red-flag rule counts as its
 *     worst case).
 *  2. Worrying answers never lower the level. For each vignette and each
 *     answer of WORRYING (a case file of single answers the fact sheet counts
 *     as worrying), add the answer when it is an addition (the question is
 *     unanswered or unknown, or the option is not yet in a multi answer): the
 *     level must be at least as urgent as the vignette's own.
 *
 * Answers are set as in tests: multi answers are merged (a `none` or
 * `unknown` there is replaced); other answers are replaced.
 *
 * Usage: monotonic TRIGGERS WORRYING VIGNETTES...   (the built-in knowledge base)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kb.h"
#include "triage/triage.h"

static void print_diag(const tri_diag *d, void *ctx)
{
    (void)ctx;
    fprintf(stderr, "%s:%u:%u: %s\n", d->file, d->line, d->column, d->message);
}

static unsigned failures, checks;

/* "[a, b]" + "[c]" -> "[a, b, c]" (ids are plain words) */
static void merge_lists(const char *a, const char *b, char *out, size_t size)
{
    size_t la = strlen(a);
    snprintf(out, size, "%.*s, %s", (int)(la - 1), a, b + 1);
}

/* Whether the multi answer `have` ("[a, b]") already holds every option of `add`. */
static bool holds_all(const char *have, const char *add)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", add);
    for (char *tok = strtok(buf, "[], "); tok; tok = strtok(NULL, "[], ")) {
        bool found = false;
        size_t n = strlen(tok);
        for (const char *p = strstr(have, tok); p && !found; p = strstr(p + 1, tok))
            found = (p[-1] == '[' || p[-1] == ' ') && (p[n] == ']' || p[n] == ',');
        if (!found)
            return false;
    }
    return true;
}

/* Sets answer `text` for question q on s, merging multi answers. */
static void set_answer(tri_session *s, size_t q, const char *text, const char *what)
{
    const tri_kb *kb = tri_session_kb(s);
    if (strcmp(text, "unknown") == 0) {
        tri_session_answer_unknown(s, q);
        return;
    }
    const char *old = tri_session_answer_text(s, q);
    char merged[1024];
    if (tri_question_type(kb, q) == TRI_Q_MULTI && old && old[0] == '[' &&
        strcmp(old, "[none]") != 0) {
        merge_lists(old, text, merged, sizeof merged);
        text = merged;
    }
    tri_error err;
    if (tri_session_answer(s, q, text, &err) != TRI_OK) {
        printf("%s: %s\n", what, err.message);
        failures++;
    }
}

static void apply_with(const tri_cases *cases, size_t c, const tri_cases *extra, size_t t,
                       tri_session *s, const char *what)
{
    tri_error err;
    tri_case_apply(cases, c, s, &err);
    for (size_t k = 0; k < tri_case_answer_count(extra, t); k++) {
        const char *text;
        size_t q = tri_case_answer(extra, t, k, &text);
        set_answer(s, q, text, what);
    }
}

static bool flag_raised(const tri_session *s, size_t flag)
{
    for (size_t i = 0; i < tri_result_red_flag_count(s); i++)
        if (tri_result_red_flag(s, i) == flag)
            return true;
    return false;
}

static void report(const tri_cases *cases, size_t c, const char *fmt, const char *a,
                   const char *b, const char *x)
{
    unsigned line;
    const char *file = tri_case_file(cases, c, &line, NULL);
    printf("%s:%u: case '%s': ", file, line, tri_case_id(cases, c));
    printf(fmt, a, b, x);
    putchar('\n');
    failures++;
}

/* The flag a rule raises, or NO_INDEX. */
static uint32_t rule_flag(const tri_kb *kb, uint32_t r)
{
    const kb_rule *rule = &kb->rules[r];
    for (uint32_t i = 0; i < rule->nactions; i++)
        if (kb->actions[rule->first_action + i].kind == ACT_RED_FLAG)
            return kb->actions[rule->first_action + i].target;
    return NO_INDEX;
}

/* 1. red flags: every flag and flag rule covered; every trigger wins on every vignette */
static void red_flags(const tri_kb *kb, const tri_cases *triggers, const tri_cases *cases,
                      tri_session *s, const char *path)
{
    tri_error err;
    bool *covered = calloc(kb->nrules + 1, 1);
    bool *tested = calloc(kb->nquestions + 1, 1);
    if (!covered || !tested) {
        printf("out of memory\n");
        exit(3);
    }
    for (size_t f = 0; f < kb->nred_flags; f++) {
        bool found = false;
        for (size_t t = 0; t < tri_cases_count(triggers) && !found; t++)
            for (size_t n = 0; n < tri_case_expect_count(triggers, t, TRI_EXPECT_RED_FLAGS); n++)
                found |= tri_case_expect_item(triggers, t, TRI_EXPECT_RED_FLAGS, n) == f;
        if (!found) {
            printf("red flag '%s' has no trigger in %s\n", kb->red_flags[f].id, path);
            failures++;
        }
    }
    for (size_t t = 0; t < tri_cases_count(triggers); t++) {
        /* the trigger alone */
        tri_case_apply(triggers, t, s, &err);
        if (tri_case_check(triggers, t, s, NULL, NULL, NULL)) {
            printf("trigger '%s' does not raise its red flag on its own\n",
                   tri_case_id(triggers, t));
            failures++;
            continue;
        }
        size_t flag = tri_case_expect_item(triggers, t, TRI_EXPECT_RED_FLAGS, 0);
        tri_level want = tri_red_flag_level(kb, flag);
        /* the questions tested by the rules that raised this flag, less the trigger's own */
        memset(tested, 0, kb->nquestions);
        for (uint32_t r = 0; r < kb->nrules; r++)
            if (tri_result_rule_fired(s, r) && rule_flag(kb, r) == flag) {
                covered[r] = true;
                for (uint32_t i = 0; i < kb->rules[r].nqrefs; i++)
                    tested[kb->qrefs[kb->rules[r].first_qref + i]] = true;
            }
        for (size_t k = 0; k < tri_case_answer_count(triggers, t); k++)
            tested[tri_case_answer(triggers, t, k, NULL)] = false;

        for (size_t c = 0; c < tri_cases_count(cases); c++) {
            /* unknown = -1: as the trigger says; else also make that question unknown */
            for (long unknown = -1; unknown < (long)kb->nquestions; unknown++) {
                if (unknown >= 0 && !tested[unknown])
                    continue;
                apply_with(cases, c, triggers, t, s, tri_case_id(triggers, t));
                if (unknown >= 0)
                    tri_session_answer_unknown(s, (size_t)unknown);
                tri_session_evaluate(s);
                checks++;
                bool raised = flag_raised(s, flag);
                tri_level got = tri_result_level(s);
                if (!raised || got > want) {
                    char what[160];
                    snprintf(what, sizeof what, "%s%s%s", tri_case_id(triggers, t),
                             unknown >= 0 ? " with unknown " : "",
                             unknown >= 0 ? kb->questions[unknown].id : "");
                    report(cases, c, "+ trigger '%s': expected %s at least %s", what,
                           kb->red_flags[flag].id, tri_level_name(want));
                    printf("  got %s%s\n", tri_level_name(got),
                           raised ? "" : " (red flag not raised)");
                }
            }
        }
    }
    for (uint32_t r = 0; r < kb->nrules; r++)
        if (rule_flag(kb, r) != NO_INDEX && !covered[r]) {
            printf("rule '%s' raises red flag '%s' but no trigger in %s makes it fire\n",
                   kb->rules[r].id, kb->red_flags[rule_flag(kb, r)].id, path);
            failures++;
        }
    free(covered);
    free(tested);
}

/* 2. a worrying answer, added to a vignette, never lowers its level */
static void worrying(const tri_kb *kb, const tri_cases *answers, const tri_cases *cases,
                     tri_session *s)
{
    tri_error err;
    for (size_t c = 0; c < tri_cases_count(cases); c++) {
        tri_case_apply(cases, c, s, &err);
        tri_session_evaluate(s);
        tri_level before = tri_result_level(s);
        for (size_t w = 0; w < tri_cases_count(answers); w++) {
            const char *text;
            size_t q = tri_case_answer(answers, w, 0, &text);
            tri_case_apply(cases, c, s, &err);
            const char *old = tri_session_answer_text(s, q);
            bool multi = tri_question_type(kb, q) == TRI_Q_MULTI;
            bool addition = tri_session_answer_state(s, q) != TRI_ANSWERED ||
                            (multi && old && strcmp(old, "[none]") != 0 && !holds_all(old, text));
            if (!addition)
                continue;
            set_answer(s, q, text, tri_case_id(answers, w));
            tri_session_evaluate(s);
            checks++;
            tri_level after = tri_result_level(s);
            if (after > before) {
                char added[300];
                snprintf(added, sizeof added, "%s: %s", kb->questions[q].id, text);
                report(cases, c, "adding '%s' lowered the level from %s to %s", added,
                       tri_level_name(before), tri_level_name(after));
            }
        }
    }
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: monotonic TRIGGERS WORRYING VIGNETTES...\n");
        return 2;
    }
    tri_options opt = {0};
    opt.on_diag = print_diag;
    tri_error err;
    tri_kb *kb = tri_kb_load_default(&opt, &err);
    if (!kb)
        return 3;
    tri_cases *triggers = tri_cases_new(kb, &opt, &err);
    tri_cases *worry = tri_cases_new(kb, &opt, &err);
    tri_cases *cases = tri_cases_new(kb, &opt, &err);
    if (tri_cases_add_path(triggers, argv[1], &err) != TRI_OK ||
        tri_cases_add_path(worry, argv[2], &err) != TRI_OK)
        return 4;
    for (int i = 3; i < argc; i++)
        if (tri_cases_add_path(cases, argv[i], &err) != TRI_OK)
            return 4;
    for (size_t w = 0; w < tri_cases_count(worry); w++)
        if (tri_case_answer_count(worry, w) != 1) {
            printf("%s: case '%s' must give exactly one answer\n", argv[2],
                   tri_case_id(worry, w));
            return 4;
        }
    tri_session *s = tri_session_new(kb, &opt, &err);
    red_flags(kb, triggers, cases, s, argv[1]);
    unsigned after_flags = checks;
    worrying(kb, worry, cases, s);
    printf("%u checks (%zu red-flag triggers and %zu worrying answers x %zu vignettes: %u and "
           "%u), %u failures\n",
           checks, tri_cases_count(triggers), tri_cases_count(worry), tri_cases_count(cases),
           after_flags, checks - after_flags, failures);
    tri_session_free(s);
    tri_cases_free(cases);
    tri_cases_free(worry);
    tri_cases_free(triggers);
    tri_kb_free(kb);
    return failures ? 1 : 0;
}
