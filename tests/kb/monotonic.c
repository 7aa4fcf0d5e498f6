/*
 * monotonic.c - red flags always win: for every red-flag trigger (a case in
 * red-flag-triggers.yaml) and every vignette, set the trigger's answers on
 * the vignette and check the red flag is raised and the triage level is at
 * least the flag's level. Multi answers are merged (a `none` or `unknown`
 * there is replaced); other answers are replaced. Also checks every red flag
 * of the knowledge base has a trigger.
 *
 * Usage: monotonic TRIGGERS VIGNETTES...   (uses the built-in knowledge base)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "triage/triage.h"

static void print_diag(const tri_diag *d, void *ctx)
{
    (void)ctx;
    fprintf(stderr, "%s:%u:%u: %s\n", d->file, d->line, d->column, d->message);
}

/* "[a, b]" + "[c]" -> "[a, b, c]" (ids are plain words) */
static void merge_lists(const char *a, const char *b, char *out, size_t size)
{
    size_t la = strlen(a);
    snprintf(out, size, "%.*s, %s", (int)(la - 1), a, b + 1);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: monotonic TRIGGERS VIGNETTES...\n");
        return 2;
    }
    tri_options opt = {0};
    opt.on_diag = print_diag;
    tri_error err;
    tri_kb *kb = tri_kb_load_default(&opt, &err);
    if (!kb)
        return 3;
    tri_cases *triggers = tri_cases_new(kb, &opt, &err);
    tri_cases *cases = tri_cases_new(kb, &opt, &err);
    if (tri_cases_add_path(triggers, argv[1], &err) != TRI_OK)
        return 4;
    for (int i = 2; i < argc; i++)
        if (tri_cases_add_path(cases, argv[i], &err) != TRI_OK)
            return 4;
    tri_session *s = tri_session_new(kb, &opt, &err);
    unsigned failures = 0, checks = 0;

    /* every red flag has a trigger */
    for (size_t f = 0; f < tri_kb_red_flag_count(kb); f++) {
        bool found = false;
        for (size_t t = 0; t < tri_cases_count(triggers) && !found; t++)
            for (size_t n = 0; n < tri_case_expect_count(triggers, t, TRI_EXPECT_RED_FLAGS); n++)
                found |= tri_case_expect_item(triggers, t, TRI_EXPECT_RED_FLAGS, n) == f;
        if (!found) {
            printf("red flag '%s' has no trigger in %s\n", tri_red_flag_id(kb, f), argv[1]);
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
        for (size_t c = 0; c < tri_cases_count(cases); c++) {
            tri_case_apply(cases, c, s, &err);
            for (size_t k = 0; k < tri_case_answer_count(triggers, t); k++) {
                const char *text;
                size_t q = tri_case_answer(triggers, t, k, &text);
                const char *old = tri_session_answer_text(s, q);
                char merged[1024];
                if (tri_question_type(kb, q) == TRI_Q_MULTI && old && old[0] == '[' &&
                    strcmp(old, "[none]") != 0) {
                    merge_lists(old, text, merged, sizeof merged);
                    text = merged;
                }
                if (tri_session_answer(s, q, text, &err) != TRI_OK) {
                    printf("case '%s' + trigger '%s': %s\n", tri_case_id(cases, c),
                           tri_case_id(triggers, t), err.message);
                    failures++;
                }
            }
            tri_session_evaluate(s);
            checks++;
            bool raised = false;
            for (size_t i = 0; i < tri_result_red_flag_count(s); i++)
                raised |= tri_result_red_flag(s, i) == flag;
            tri_level got = tri_result_level(s);
            if (!raised || got > want) {
                unsigned line;
                const char *file = tri_case_file(cases, c, &line, NULL);
                printf("%s:%u: case '%s' + trigger '%s': expected %s at least %s, got %s%s\n",
                       file, line, tri_case_id(cases, c), tri_case_id(triggers, t),
                       tri_red_flag_id(kb, flag), tri_level_name(want), tri_level_name(got),
                       raised ? "" : " (red flag not raised)");
                failures++;
            }
        }
    }
    printf("%u checks (%zu triggers x %zu vignettes), %u failures\n", checks,
           tri_cases_count(triggers), tri_cases_count(cases), failures);
    tri_session_free(s);
    tri_cases_free(cases);
    tri_cases_free(triggers);
    tri_kb_free(kb);
    return failures ? 1 : 0;
}
