/*
 * fuzz_targets.c - fuzz targets for the three ways bytes enter the engine:
 * rule files, answers files (YAML and JSON Lines records) and text typed at
 * a prompt. Whatever the bytes, the engine must report a clean error or a
 * result: no crash, no leak, no hang (ASan/UBSan watch, libFuzzer times).
 *
 * Built two ways: with clang -fsanitize=fuzzer for fuzzing (tests/fuzz/fuzz.sh),
 * and as a plain program that replays the stored corpus (a CTest test), so
 * every input that once crashed stays fixed. FUZZ_TARGET selects the target:
 * 1 rules, 2 answers, 3 text.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "triage/triage.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static tri_kb *bundled;

static void exercise(tri_session *s)
{
    tri_session_evaluate(s);
    tri_report_options ro = {0};
    tri_session_report_json(s, &ro, NULL);
    ro.width = 60;
    tri_session_report_text(s, &ro, NULL);
    if (tri_result_explanation_count(s))
        tri_session_report_how(s, tri_result_explanation(s, 0, NULL, NULL), &ro, NULL);
    tri_session_answers_yaml(s, NULL);
}

#if FUZZ_TARGET == 1
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tri_options opt = {0};
    opt.lint = true;
    tri_source src = {"fuzz.yaml", (const char *)data, size};
    tri_kb *kb = tri_kb_load_sources(&src, 1, &opt, NULL);
    if (kb) {
        tri_session *s = tri_session_new(kb, NULL, NULL);
        if (s) {
            /* answer every question "unknown", then the first option of each */
            for (size_t q = 0; q < tri_kb_question_count(kb); q++)
                tri_session_answer_unknown(s, q);
            exercise(s);
            for (size_t q = 0; q < tri_kb_question_count(kb); q++)
                if (tri_question_option_count(kb, q))
                    tri_session_answer(s, q, tri_question_option_id(kb, q, 0), NULL);
            exercise(s);
        }
        tri_session_free(s);
    }
    tri_kb_free(kb);
    return 0;
}
#elif FUZZ_TARGET == 2
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!bundled && !(bundled = tri_kb_load_default(NULL, NULL)))
        abort();
    tri_session *s = tri_session_new(bundled, NULL, NULL);
    if (!s)
        return 0;
    /* the first byte chooses YAML answers file or JSON Lines record */
    if (size && data[0] & 1)
        tri_session_load_answers_json(s, "fuzz.jsonl", 7, (const char *)data + 1, size - 1, NULL);
    else
        tri_session_load_answers(s, "fuzz.yaml", (const char *)data + (size ? 1 : 0),
                                 size ? size - 1 : 0, NULL);
    exercise(s);
    tri_session_free(s);
    return 0;
}
#elif FUZZ_TARGET == 3
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!bundled && !(bundled = tri_kb_load_default(NULL, NULL)))
        abort();
    if (size < 1)
        return 0;
    tri_session *s = tri_session_new(bundled, NULL, NULL);
    if (!s)
        return 0;
    /* first byte: the question; the rest: what a person typed (NUL-terminated copy) */
    size_t q = data[0] % tri_kb_question_count(bundled);
    char *text = malloc(size);
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';
    /* first the check for an emergency in words, as every front end does */
    tri_alarm alarm;
    if (tri_session_alarm(s, (int)q, text, &alarm) &&
        !(alarm.begin <= alarm.end && alarm.end <= strlen(text)))
        abort();
    tri_session_answer(s, q, text, NULL);
    exercise(s);
    free(text);
    tri_session_free(s);
    return 0;
}
#else
#error "define FUZZ_TARGET as 1 (rules), 2 (answers) or 3 (text)"
#endif

#ifndef FUZZING
/* Replays files given on the command line (the stored corpus) through the target. */
#include <stdio.h>

int main(int argc, char **argv)
{
    int replayed = 0;
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) {
            fprintf(stderr, "cannot open %s\n", argv[i]);
            return 2;
        }
        static uint8_t buf[1 << 21];
        size_t n = fread(buf, 1, sizeof buf, f);
        fclose(f);
        LLVMFuzzerTestOneInput(buf, n);
        replayed++;
    }
    tri_kb_free(bundled);
    printf("replayed %d inputs\n", replayed);
    return 0;
}
#endif
