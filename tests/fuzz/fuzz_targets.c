/*
 * fuzz_targets.c - a libFuzzer target for every way bytes enter the engine:
 *
 *   rules     a rule file (loaded with lint on, then evaluated and rendered)
 *   answers   an answers file (YAML)
 *   jsonl     a JSON Lines stream: each line a record, as `eval --jsonl` reads it
 *   cases     a case file, each case applied, evaluated and checked
 *   ask       lines of the `ask --format json` protocol driving an interview
 *   text      what a person types at a prompt (first byte: the question)
 *   quantity  durations, number words and "since" dates, parsed directly
 *
 * Whatever the bytes, the engine must give a clean error or a result: no
 * crash, leak, hang or undefined behaviour (ASan and UBSan, both fatal,
 * watch; libFuzzer times). Every diagnostic is formatted as a printer
 * would, caret line included, and its bounds are checked (at most
 * TRI_MAX_EXCERPT characters of excerpt, the caret inside it), so message
 * formatting runs under the fuzzer too.
 *
 * Built two ways: with clang -fsanitize=fuzzer for fuzzing (tests/fuzz/fuzz.sh),
 * and as a plain program that replays the stored corpus (a CTest test), so
 * every input that once crashed stays fixed. FUZZ_TARGET selects the target
 * by number, in the order above (1 rules ... 7 quantity).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "quantity.h"
#include "session.h"
#include "triage/triage.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Helpers that some targets do not use. */
#define MAYBE_UNUSED __attribute__((unused))

static tri_kb *bundled;

static MAYBE_UNUSED tri_kb *bundled_kb(void)
{
    if (!bundled && !(bundled = tri_kb_load_default(NULL, NULL)))
        abort();
    return bundled;
}

/* ---- diagnostics, formatted and checked --------------------------------- */

typedef struct diag_count {
    unsigned n;
} diag_count;

static void check(bool ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "fuzz: broken invariant: %s\n", what);
        abort();
    }
}

static void format_diag(const tri_diag *d, void *ctx)
{
    diag_count *c = ctx;
    c->n++;
    /* the engine caps what a file can make it say: 100 diagnostics, one
     * "too many", and the notes attached to the first 100 */
    check(c->n <= 4 * (TRI_MAX_DIAGNOSTICS + 1), "diagnostics bounded");
    check(d->file && d->message && d->check, "diagnostic fields set");
    check(d->length >= 1, "underline at least one character");
    static const char *const sev[] = {"error", "warning", "note"};
    check(d->severity <= TRI_SEV_NOTE, "severity");
    char out[4096];
    int n = snprintf(out, sizeof out, "%s:%u:%u: %s: %s [%s]\n", d->file, d->line, d->column,
                     sev[d->severity], d->message, d->check);
    if (!d->source_line)
        return;
    check(d->source_line_len <= 4 * TRI_MAX_EXCERPT, "excerpt bounded");
    check(d->source_first_column >= 1, "excerpt start column");
    check(d->column == 0 || d->source_first_column <= d->column, "caret after excerpt start");
    for (size_t i = 0; i < d->source_line_len; i++)
        check(d->source_line[i] != '\n', "excerpt holds one line");
    /* the excerpt, then the caret line: pad over the characters before the
     * column, then underline */
    size_t at = n > 0 && (size_t)n < sizeof out ? (size_t)n : 0;
    at += (size_t)snprintf(out + at, sizeof out - at, "%5u | %.*s%s\n      | ", d->line,
                           (int)d->source_line_len, d->source_line, d->source_cut ? " ..." : "");
    unsigned col = d->source_first_column;
    for (size_t i = 0; i < d->source_line_len && col < d->column && at < sizeof out - 2; i++) {
        if (((unsigned char)d->source_line[i] & 0xC0) == 0x80)
            continue;
        out[at++] = d->source_line[i] == '\t' ? '\t' : ' ';
        col++;
    }
    for (unsigned i = 0; i < d->length && i < 200 && at < sizeof out - 2; i++)
        out[at++] = i ? '~' : '^';
    out[at] = '\0';
}

static MAYBE_UNUSED tri_options options(diag_count *c)
{
    tri_options opt = {0};
    opt.on_diag = format_diag;
    opt.diag_ctx = c;
    return opt;
}

/* Evaluates and renders every way a person or a program can ask for. */
static MAYBE_UNUSED void exercise(tri_session *s)
{
    tri_session_evaluate(s);
    tri_report_options ro = {0};
    tri_session_report_json(s, &ro, NULL);
    ro.width = 60;
    ro.pretty = true;
    tri_session_report_text(s, &ro, NULL);
    tri_session_report_json(s, &ro, NULL);
    if (tri_result_explanation_count(s))
        tri_session_report_how(s, tri_result_explanation(s, 0, NULL, NULL), &ro, NULL);
    tri_session_answers_yaml(s, NULL);
}

/* The bytes as a NUL-terminated string (the API takes C strings). */
static MAYBE_UNUSED char *cstring(const uint8_t *data, size_t size)
{
    char *t = malloc(size + 1);
    if (!t)
        abort();
    memcpy(t, data, size);
    t[size] = '\0';
    return t;
}

#if FUZZ_TARGET == 1 /* rules */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    diag_count c = {0};
    tri_options opt = options(&c);
    opt.lint = true;
    tri_source src = {"fuzz.yaml", (const char *)data, size};
    tri_kb *kb = tri_kb_load_sources(&src, 1, &opt, NULL);
    if (kb) {
        tri_session *s = tri_session_new(kb, &opt, NULL);
        if (s) {
            /* every question unknown, then the first option of each */
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
#elif FUZZ_TARGET == 2 /* answers */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    diag_count c = {0};
    tri_options opt = options(&c);
    tri_session *s = tri_session_new(bundled_kb(), &opt, NULL);
    if (!s)
        return 0;
    tri_session_load_answers(s, "fuzz.yaml", (const char *)data, size, NULL);
    exercise(s);
    tri_session_free(s);
    return 0;
}
#elif FUZZ_TARGET == 3 /* text */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    tri_session *s = tri_session_new(bundled_kb(), NULL, NULL);
    if (!s)
        return 0;
    /* first byte: the question; the rest: what a person typed */
    size_t q = data[0] % tri_kb_question_count(bundled);
    char *text = cstring(data + 1, size - 1);
    if (data[0] & 0x80)
        tri_session_set_date(s, "2023-02-16");
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
#elif FUZZ_TARGET == 4 /* jsonl */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    diag_count c = {0};
    tri_options opt = options(&c);
    tri_session *s = tri_session_new(bundled_kb(), &opt, NULL);
    if (!s)
        return 0;
    const char *p = (const char *)data, *end = p + size;
    for (unsigned line = 1; p < end; line++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
        tri_session_clear(s);
        c.n = 0;
        if (tri_session_load_answers_json(s, "fuzz.jsonl", line, p, len, NULL) == TRI_OK)
            exercise(s);
        p += len + (nl != NULL);
    }
    tri_session_free(s);
    return 0;
}
#elif FUZZ_TARGET == 5 /* cases */
static void on_failure(tri_expect key, const char *message, void *ctx)
{
    (void)ctx;
    check(key < TRI_EXPECT_COUNT && message && *message, "a failure names what failed");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    diag_count c = {0};
    tri_options opt = options(&c);
    tri_cases *cs = tri_cases_new(bundled_kb(), &opt, NULL);
    tri_session *s = tri_session_new(bundled, &opt, NULL);
    if (cs && s) {
        tri_cases_add_data(cs, "fuzz.yaml", (const char *)data, size, NULL);
        for (size_t i = 0; i < tri_cases_count(cs); i++) {
            if (tri_case_apply(cs, i, s, NULL) != TRI_OK)
                continue;
            tri_case_score score;
            tri_case_check(cs, i, s, &score, on_failure, NULL);
            exercise(s);
        }
    }
    tri_session_free(s);
    tri_cases_free(cs);
    return 0;
}
#elif FUZZ_TARGET == 6 /* ask */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    diag_count c = {0};
    tri_options opt = options(&c);
    tri_session *s = tri_session_new(bundled_kb(), &opt, NULL);
    tri_interview *iv = s ? tri_interview_new(s, &opt, NULL) : NULL;
    if (!iv) {
        tri_session_free(s);
        return 0;
    }
    tri_report_options ro = {0};
    tri_next nx;
    bool have = tri_interview_next(iv, &nx);
    const char *p = (const char *)data, *end = p + size;
    /* one command per line, as `ask --format json` reads them (at most 50:
     * each answer runs a full choice of the next question) */
    for (int lines = 0; p < end && lines < 50; lines++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
        char *line = cstring((const uint8_t *)p, len);
        p += len + (nl != NULL);
        tri_ask_input in;
        tri_error err;
        if (tri_interview_parse_json(iv, line, len, &in, &err) != TRI_OK) {
            free(line);
            continue;
        }
        int q = in.question >= 0 ? in.question : have ? (int)nx.question : -1;
        switch (in.command) {
        case TRI_CMD_ANSWER:
        case TRI_CMD_SKIP:
            if (q >= 0) {
                if (in.command == TRI_CMD_SKIP)
                    tri_interview_skip(iv, (size_t)q);
                else if (in.answer)
                    tri_interview_answer(iv, (size_t)q, in.answer, &err);
                have = tri_interview_next(iv, &nx);
                if (have)
                    tri_interview_question_json(iv, &nx, &ro, NULL);
            }
            break;
        case TRI_CMD_BACK:
            tri_interview_back(iv);
            have = tri_interview_next(iv, &nx);
            break;
        case TRI_CMD_WHY:
            if (q >= 0)
                tri_interview_why_text(iv, (size_t)q, &ro, NULL);
            break;
        case TRI_CMD_HELP:
            if (q >= 0)
                tri_question_help(bundled, (size_t)q, NULL);
            break;
        case TRI_CMD_RESULT:
            exercise(s);
            break;
        case TRI_CMD_HOW:
            if (in.condition >= 0)
                tri_session_report_how(s, (size_t)in.condition, &ro, NULL);
            break;
        case TRI_CMD_WHAT_IF:
            if (in.question >= 0 && in.answer) {
                tri_session *alt = tri_interview_what_if(iv, (size_t)in.question, in.answer, &err);
                if (alt)
                    tri_session_report_json(alt, &ro, NULL);
            }
            break;
        default: /* save and quit touch no file here */
            break;
        }
        free(line);
    }
    tri_interview_free(iv);
    tri_session_free(s);
    return 0;
}
#elif FUZZ_TARGET == 7 /* quantity */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const tri_kb *kb = bundled_kb();
    tri_session *s = tri_session_new(kb, NULL, NULL); /* for its match scratch space */
    if (!s)
        return 0;
    double lo = 0, hi = 0;
    char buf[64];
    int kind = data[0] % 4;
    if (kind == 3) {
        /* "since ...": the next ten bytes are the day the answers describe */
        if (size < 11) {
            tri_session_free(s);
            return 0;
        }
        char today[11];
        memcpy(today, data + 1, 10);
        today[10] = '\0';
        char *text = cstring(data + 11, size - 11);
        long days;
        qty_parse_day(today, strlen(today), &days, buf, sizeof buf);
        if (!qty_parse_since(text, strlen(text), today, &lo, &hi))
            check(lo <= hi && lo >= 0, "a 'since' range is ordered and not negative");
        free(text);
    } else {
        char *text = cstring(data + 1, size - 1);
        const char *why;
        if (kind == 0)
            why = qty_parse_duration(&kb->grammar, kb->rx, s->sc, text, size - 1, &lo, &hi);
        else
            why = qty_parse_number(&kb->grammar, kb->rx, s->sc, text, size - 1,
                                   kind == 1 ? NULL : "years", &lo, &hi);
        if (!why) {
            check(lo <= hi, "a parsed range is ordered");
            qty_format_duration(lo, buf, sizeof buf);
            qty_format_duration(hi, buf, sizeof buf);
        }
        free(text);
    }
    tri_session_free(s);
    return 0;
}
#else
#error "define FUZZ_TARGET as 1 (rules) ... 7 (quantity)"
#endif

#ifndef FUZZING
/* Replays the files given on the command line (the stored corpus). */
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
