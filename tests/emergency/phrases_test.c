/*
 * phrases_test.c - the emergency phrases of the built-in knowledge base
 * (rules/emergency.yaml) against two lists of what people type:
 *
 *   trigger.txt   emergencies in plain words, each of which must be understood
 *   ordinary.txt  ordinary answers, each of which must not stop an interview
 *
 * One phrase per line; '#' starts a comment line. "@QUESTION text" types the
 * text as the answer to that question; otherwise a trigger is checked with no
 * question, and an ordinary answer with no question and at every question of
 * the knowledge base except the emergency screen (where "yes" is an
 * emergency). Then the knowledge base's own words: every option that on its
 * own makes the result an emergency (the options of the emergency screen,
 * "suddenly, with arm or leg weakness"), typed at no particular question,
 * must trigger; every other option, typed at its own question, must not.
 *
 * Everything goes through the public API (tri_session_alarm), as a front end
 * would use it. Usage: phrases_test TRIGGER_FILE ORDINARY_FILE
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "triage/triage.h"

static int failures;
static unsigned checked_trigger, checked_ordinary, checked_options;

static void show(const tri_kb *kb, const char *text, int q, const tri_alarm *a)
{
    printf("  [%s] '%s'", q >= 0 ? tri_question_id(kb, (size_t)q) : "any question", text);
    if (a)
        printf(" matched '%s' on '%.*s'", tri_alarm_id(kb, a->phrase), (int)(a->end - a->begin),
               text + a->begin);
    putchar('\n');
}

static void expect(tri_session *s, const char *text, int q, bool want, const char *where,
                   unsigned line)
{
    const tri_kb *kb = tri_session_kb(s);
    tri_alarm a;
    bool got = tri_session_alarm(s, q, text, &a);
    if (got == want)
        return;
    failures++;
    printf("%s:%u: %s\n", where, line,
           want ? "an emergency that is not understood" : "an ordinary answer taken as an emergency");
    show(kb, text, q, got ? &a : NULL);
}

/* Calls fn for every phrase of path. */
static bool each_line(const char *path, tri_session *s, bool trigger)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        perror(path);
        return false;
    }
    const tri_kb *kb = tri_session_kb(s);
    char buf[1024];
    unsigned line = 0;
    while (fgets(buf, sizeof buf, f)) {
        line++;
        buf[strcspn(buf, "\r\n")] = '\0';
        char *t = buf + strspn(buf, " \t");
        if (!*t || *t == '#')
            continue;
        int q = -1;
        if (*t == '@') {
            char *sp = strchr(t, ' ');
            if (!sp) {
                printf("%s:%u: '@QUESTION' needs a text after it\n", path, line);
                failures++;
                continue;
            }
            *sp = '\0';
            q = tri_kb_question_find(kb, t + 1);
            if (q < 0) {
                printf("%s:%u: no question '%s'\n", path, line, t + 1);
                failures++;
                continue;
            }
            t = sp + 1;
        }
        if (trigger) {
            checked_trigger++;
            expect(s, t, q, true, path, line);
            continue;
        }
        checked_ordinary++;
        expect(s, t, q, false, path, line);
        if (q >= 0)
            continue;
        for (size_t k = 0; k < tri_kb_question_count(kb); k++)
            if (strcmp(tri_question_id(kb, k), "emergency_signs") != 0)
                expect(s, t, (int)k, false, path, line);
    }
    fclose(f);
    return true;
}

/* Whether option o of question q, the only answer, makes the result an emergency. */
static bool is_emergency_option(tri_session *s, size_t q, size_t o)
{
    const tri_kb *kb = tri_session_kb(s);
    tri_session_clear(s);
    if (tri_session_answer(s, q, tri_question_option_id(kb, q, o), NULL) != TRI_OK)
        return false;
    tri_session_evaluate(s);
    bool emergency = tri_result_level(s) == TRI_LEVEL_EMERGENCY;
    tri_session_clear(s);
    return emergency;
}

/* The knowledge base's own option texts (see the header). */
static void options(tri_session *s)
{
    const tri_kb *kb = tri_session_kb(s);
    for (size_t q = 0; q < tri_kb_question_count(kb); q++) {
        for (size_t o = 0; o < tri_question_option_count(kb, q); o++) {
            const char *id = tri_question_option_id(kb, q, o);
            const char *text = tri_question_option_text(kb, q, o, NULL);
            if (!text || tri_question_type(kb, q) == TRI_Q_YES_NO)
                continue;
            checked_options++;
            char where[160];
            snprintf(where, sizeof where, "option %s of %s", id, tri_question_id(kb, q));
            if (is_emergency_option(s, q, o))
                expect(s, text, -1, true, where, 0);
            else
                expect(s, text, (int)q, false, where, 0);
        }
    }
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: phrases_test TRIGGER_FILE ORDINARY_FILE\n");
        return 2;
    }
    tri_error err;
    tri_kb *kb = tri_kb_load_default(NULL, &err);
    if (!kb) {
        printf("the built-in rules did not load: %s\n", err.message);
        return 1;
    }
    tri_session *s = tri_session_new(kb, NULL, &err);
    if (!s || tri_kb_alarm_count(kb) == 0) {
        printf("no session, or no emergency phrases in the built-in rules\n");
        return 1;
    }
    bool ok = each_line(argv[1], s, true) && each_line(argv[2], s, false);
    options(s);
    printf("%u emergency phrasings, %u ordinary answers (each also at every question), %u option "
           "texts: %d failure%s\n",
           checked_trigger, checked_ordinary, checked_options, failures, failures == 1 ? "" : "s");
    if (checked_trigger < 80 || checked_ordinary < 80) {
        printf("each list must hold at least 80 phrases\n");
        ok = false;
    }
    tri_session_free(s);
    tri_kb_free(kb);
    return ok && failures == 0 ? 0 : 1;
}
